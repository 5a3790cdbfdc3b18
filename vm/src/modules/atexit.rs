//! `atexit`: functions to run when the interpreter exits.
//!
//! The callbacks live in a per-thread list (the interpreter runs its
//! Python code on one thread). [`run_exitfuncs`] is what the runtime calls
//! at exit; `atexit._run_exitfuncs()` does the same from Python. As in
//! CPython, callbacks run last-registered first, each at most once, and an
//! exception in one is reported on `sys.stderr` ("Exception ignored in
//! atexit callback: ...") without stopping the others.

use std::cell::RefCell;

use crate::objects::*;
use crate::value::Value;
use crate::vm::{Args, PyResult, Vm};

struct Callback {
    func: Value,
    args: Vec<Value>,
    kwnames: Vec<Value>,
}

static CALLBACKS: crate::gil::GilCell<RefCell<Vec<Option<Callback>>>> =
    crate::gil::GilCell::new(RefCell::new(Vec::new()));

fn register(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let pos = a.pos();
    if pos.is_empty() {
        return Err(vm.type_error("register() takes at least 1 argument (0 given)"));
    }
    let func = pos[0].clone();
    if !crate::builtins::module::is_callable(&func) {
        return Err(vm.type_error("the first argument must be callable"));
    }
    let mut args: Vec<Value> = pos[1..].to_vec();
    let mut kwnames = Vec::new();
    for (k, v) in a.kwargs() {
        args.push(v.clone());
        kwnames.push(vm.new_str(k));
    }
    CALLBACKS.with(|c| {
        c.borrow_mut().push(Some(Callback {
            func: func.clone(),
            args,
            kwnames,
        }))
    });
    Ok(func)
}

fn unregister(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("unregister", &a, 1, 1)?;
    let target = a.args[0].clone();
    // As in CPython, an unregistered slot is emptied, not removed
    // (`_ncallbacks()` still counts it until the list is run or cleared).
    let funcs: Vec<Option<Value>> = CALLBACKS.with(|c| {
        c.borrow()
            .iter()
            .map(|cb| cb.as_ref().map(|cb| cb.func.clone()))
            .collect()
    });
    for (i, f) in funcs.iter().enumerate() {
        let Some(f) = f else { continue };
        if vm.eq(f, &target)? {
            CALLBACKS.with(|c| {
                if let Some(slot) = c.borrow_mut().get_mut(i) {
                    *slot = None;
                }
            });
        }
    }
    Ok(Value::none())
}

/// Runs (and forgets) every registered callback, newest first.
pub fn run_exitfuncs(vm: &mut Vm) {
    loop {
        let Some(slot) = CALLBACKS.with(|c| c.borrow_mut().pop()) else {
            break;
        };
        let Some(cb) = slot else { continue };
        if let Err(e) = vm.call(&cb.func, &cb.args, &cb.kwnames) {
            // Any exception, SystemExit included, is reported and the
            // remaining callbacks still run (as in CPython).
            let r = vm.repr(&cb.func).unwrap_or_else(|_| "<callback>".into());
            let text = format!(
                "Exception ignored in atexit callback: {}\n{}",
                r,
                crate::traceback::format_exception(vm, &e.0)
            );
            write_stderr(vm, &text);
        }
    }
}

fn write_stderr(vm: &mut Vm, text: &str) {
    crate::modules::io::flush_stdout(vm);
    let ok = (|| -> PyResult<()> {
        let err = crate::modules::sys::stderr(vm)?;
        let s = vm.new_str(text);
        vm.call_method(&err, "write", &[s])?;
        Ok(())
    })();
    if ok.is_err() {
        use std::io::Write;
        let _ = std::io::stderr().write_all(text.as_bytes());
    }
}

fn run_exitfuncs_fn(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("_run_exitfuncs", &a, 0, 0)?;
    run_exitfuncs(vm);
    Ok(Value::none())
}

fn clear(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("_clear", &a, 0, 0)?;
    let old = CALLBACKS.with(|c| std::mem::take(&mut *c.borrow_mut()));
    drop(old);
    Ok(Value::none())
}

fn ncallbacks(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("_ncallbacks", &a, 0, 0)?;
    Ok(crate::vm::new::new_int_i64(
        CALLBACKS.with(|c| c.borrow().len()) as i64,
    ))
}

pub fn init(vm: &mut Vm) -> PyResult<Value> {
    let m = vm.new_module("atexit")?;
    let fns: &[(&'static str, NativeFn)] = &[
        ("register", register),
        ("unregister", unregister),
        ("_run_exitfuncs", run_exitfuncs_fn),
        ("_clear", clear),
        ("_ncallbacks", ncallbacks),
    ];
    crate::modules::add_functions(vm, &m, "atexit", fns)?;
    Ok(m)
}
