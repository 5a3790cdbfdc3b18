//! Generators, coroutines and async generators: `send`/`throw`/`close`,
//! their attributes, and the awaitables of async generators.

use super::{add_getsets, add_methods};
use crate::eval::{gen_close, GenResult};
use crate::object::alloc_object;
use crate::objects::*;
use crate::types::*;
use crate::value::Value;
use crate::vm::attr::as_type;
use crate::vm::{Args, PyErr, PyResult, Vm};
use std::cell::{Cell, RefCell};

pub fn init() {
    for t in [&GENERATOR_TYPE, &COROUTINE_TYPE] {
        add_methods(
            t,
            &[
                ("send", gen_send),
                ("throw", gen_throw_m),
                ("close", gen_close_m),
                ("__repr__", gen_repr),
            ],
        );
    }
    add_methods(
        &GENERATOR_TYPE,
        &[("__iter__", gen_iter), ("__next__", gen_next_m)],
    );
    add_methods(&COROUTINE_TYPE, &[("__await__", coro_await)]);
    add_methods(
        &CORO_WRAPPER_TYPE,
        &[
            ("__iter__", gen_iter),
            ("__next__", cw_next),
            ("send", cw_send),
            ("throw", cw_throw),
            ("close", cw_close),
        ],
    );
    add_getsets(
        &GENERATOR_TYPE,
        &[
            ("gi_frame", gen_frame, None),
            ("gi_running", gen_running, None),
            ("gi_code", gen_code, None),
            ("gi_yieldfrom", gen_yieldfrom, None),
            ("gi_suspended", gen_suspended, None),
        ],
    );
    add_getsets(
        &COROUTINE_TYPE,
        &[
            ("cr_frame", gen_frame, None),
            ("cr_running", gen_running, None),
            ("cr_code", gen_code, None),
            ("cr_await", gen_yieldfrom, None),
            ("cr_suspended", gen_suspended, None),
            ("cr_origin", coro_origin, None),
        ],
    );
    add_getsets(
        &ASYNC_GENERATOR_TYPE,
        &[
            ("ag_frame", gen_frame, None),
            ("ag_running", gen_running, None),
            ("ag_code", gen_code, None),
            ("ag_await", gen_yieldfrom, None),
        ],
    );
    for t in [&GENERATOR_TYPE, &COROUTINE_TYPE, &ASYNC_GENERATOR_TYPE] {
        add_getsets(
            t,
            &[
                ("__name__", gen_name, Some(gen_name_set)),
                ("__qualname__", gen_qualname, Some(gen_qualname_set)),
            ],
        );
    }
    add_methods(
        &ASYNC_GENERATOR_TYPE,
        &[
            ("__aiter__", gen_iter),
            ("__anext__", agen_anext),
            ("asend", agen_asend),
            ("athrow", agen_athrow),
            ("aclose", agen_aclose),
            ("__repr__", gen_repr),
        ],
    );
    for t in [
        &ASYNC_GEN_ASEND_TYPE,
        &ASYNC_GEN_ATHROW_TYPE,
        &ANEXT_AWAITABLE_TYPE,
    ] {
        add_methods(
            t,
            &[
                ("__await__", gen_iter),
                ("__iter__", gen_iter),
                ("__next__", op_next),
                ("send", op_send),
                ("throw", op_throw),
                ("close", op_close),
            ],
        );
    }
}

/// `cr_origin`: where it was created, if origin tracking was on.
fn coro_origin(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(gd(v).finalizer.borrow().clone().unwrap_or_else(Value::none))
}

fn gd(v: &Value) -> &GenData {
    downcast::<GenData>(v).unwrap()
}

fn result_to_value(vm: &mut Vm, r: GenResult) -> PyResult<Value> {
    match r {
        GenResult::Yielded(v) => Ok(v),
        GenResult::Returned(v) => {
            if v.is_none() {
                Err(vm.new_exc_noargs(&STOP_ITERATION_TYPE))
            } else {
                Err(vm.stop_iteration(v))
            }
        }
    }
}

fn gen_iter(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    Ok(a.args[0].clone())
}

fn gen_next_m(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let r = vm.gen_resume(&a.args[0], Value::none(), None)?;
    result_to_value(vm, r)
}

fn gen_send(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("send", &Args::new(&a.args[1..]), 1, 1)?;
    let r = vm.gen_resume(&a.args[0], a.args[1].clone(), None)?;
    result_to_value(vm, r)
}

/// The exception for `throw(typ[, val[, tb]])`.
pub fn throw_exception(vm: &mut Vm, a: &[Value]) -> PyResult<PyErr> {
    let typ = a[0].clone();
    let val = a.get(1).cloned().filter(|v| !v.is_none());
    let tb = a.get(2).cloned().filter(|v| !v.is_none());
    if let Some(t) = &tb {
        if downcast::<TracebackData>(t).is_none() {
            return Err(vm.type_error("throw() third argument must be a traceback object"));
        }
    }
    let exc = if let Some(t) = as_type(&typ) {
        if !crate::vm::class::is_subtype(t, &BASE_EXCEPTION_TYPE) {
            let msg = format!(
                "exceptions must be classes or instances deriving from BaseException, not {}",
                "type"
            );
            return Err(vm.type_error(msg));
        }
        // Instantiating the class can fail or return a non-exception: as
        // CPython's normalisation, that error is what gets thrown in.
        let made = match val {
            Some(v) if crate::vm::class::is_instance(&v, t) => Ok(v),
            Some(v) => {
                let args = if let Some(tu) = downcast::<TupleData>(&v) {
                    tu.items.to_vec()
                } else {
                    vec![v]
                };
                vm.call(&typ, &args, &[])
            }
            None => vm.call0(&typ),
        };
        match made {
            Ok(v) if crate::vm::class::is_instance(&v, &BASE_EXCEPTION_TYPE) => v,
            Ok(v) => {
                let msg = format!(
                    "calling {} should have returned an instance of BaseException, not {}",
                    crate::builtins::object::type_repr(t),
                    v.type_of().name()
                );
                return Ok(vm.type_error(msg));
            }
            Err(e) => return Ok(e),
        }
    } else if crate::vm::class::is_instance(&typ, &BASE_EXCEPTION_TYPE) {
        if val.is_some() {
            return Err(vm.type_error("instance exception may not have a separate value"));
        }
        typ
    } else {
        let msg = format!(
            "exceptions must be classes or instances deriving from BaseException, not {}",
            typ.type_of().name()
        );
        return Err(vm.type_error(msg));
    };
    if let Some(t) = tb {
        if let Some(d) = downcast::<ExcData>(&exc) {
            *d.traceback.borrow_mut() = Some(t);
        }
    }
    Ok(PyErr(exc))
}

fn gen_throw_m(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("throw", &Args::new(&a.args[1..]), 1, 3)?;
    let e = throw_exception(vm, &a.args[1..])?;
    let r = vm.gen_throw(&a.args[0], e)?;
    result_to_value(vm, r)
}

fn gen_close_m(vm: &mut Vm, a: Args) -> PyResult<Value> {
    gen_close(vm, &a.args[0])?;
    Ok(Value::none())
}

fn gen_repr(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let g = gd(&a.args[0]);
    let q = crate::vm::str_of(&g.qualname.borrow()).to_string();
    let kind = a.args[0].type_of().name();
    let kind = if kind == "async_generator" {
        "async_generator".to_string()
    } else {
        kind
    };
    Ok(vm.new_str_owned(format!(
        "<{} object {} at {:#x}>",
        kind,
        q,
        a.args[0].to_bits()
    )))
}

fn gen_frame(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    let g = gd(v);
    if g.running.get() {
        // The frame is on the frame stack while the generator runs.
        for i in (0..vm.frames.len()).rev() {
            if vm.frames[i].generator.is_some() && vm.frames[i].code.is(g.code.borrow()) {
                return Ok(vm.frame_object(i));
            }
        }
    }
    let fr = g.frame.borrow();
    match fr.as_ref() {
        Some(f) => {
            let code = f.code.clone();
            let globals = f.globals.clone();
            let (line, lasti) = if g.started.get() {
                (f.line_at(f.lasti()), 2 * f.lasti() as i64)
            } else {
                (f.code().code.firstlineno, -1)
            };
            // A snapshot of the suspended frame's variables.
            let names: Vec<Value> = f
                .code()
                .varnames
                .iter()
                .chain(f.code().cell_names.iter())
                .cloned()
                .collect();
            let nloc = f.code().code.varnames.len();
            let vals: Vec<Option<Value>> = f.localsplus.clone();
            drop(fr);
            let d = vm.new_dict();
            for (i, n) in names.into_iter().enumerate() {
                let val = match vals.get(i).cloned().flatten() {
                    Some(x) if i >= nloc => {
                        downcast::<CellData>(&x).and_then(|c| c.0.borrow().clone())
                    }
                    o => o,
                };
                if let Some(x) = val {
                    vm.dict_set(&d, n, x)?;
                }
            }
            Ok(alloc_object(
                &FRAME_TYPE,
                FrameInfoData {
                    code,
                    globals,
                    lineno: Cell::new(line),
                    lasti: Cell::new(lasti),
                    back: RefCell::new(None),
                    locals: RefCell::new(Some(d)),
                    trace: RefCell::new(None),
                },
            ))
        }
        None => Ok(Value::none()),
    }
}

fn gen_running(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(Value::from_bool(gd(v).running.get()))
}

fn gen_suspended(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    let g = gd(v);
    Ok(Value::from_bool(
        g.started.get() && !g.running.get() && g.frame.borrow().is_some(),
    ))
}

fn gen_code(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(gd(v).code.clone())
}

fn gen_yieldfrom(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(vm.gen_delegate(v).unwrap_or_else(Value::none))
}

fn gen_name(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(gd(v).name.borrow().clone())
}
/// `__name__`/`__qualname__` take only a str, and cannot be deleted.
fn checked_name(vm: &mut Vm, n: Option<Value>, what: &str) -> PyResult<Value> {
    match n {
        Some(n) if downcast::<StrData>(&n).is_some() => Ok(n),
        _ => Err(vm.type_error(format!("{} must be set to a string object", what))),
    }
}
fn gen_name_set(vm: &mut Vm, v: &Value, n: Option<Value>) -> PyResult<()> {
    let n = checked_name(vm, n, "__name__")?;
    *gd(v).name.borrow_mut() = n;
    Ok(())
}
fn gen_qualname(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(gd(v).qualname.borrow().clone())
}
fn gen_qualname_set(vm: &mut Vm, v: &Value, n: Option<Value>) -> PyResult<()> {
    let n = checked_name(vm, n, "__qualname__")?;
    *gd(v).qualname.borrow_mut() = n;
    Ok(())
}

// ---- async generators ----

/// `ASYNC_GEN_WRAP`: marks a value yielded by an async generator's own
/// `yield` (as opposed to one passed through from an `await`).
pub fn wrap_async_value(_vm: &mut Vm, v: Value) -> Value {
    alloc_object(&ASYNC_GEN_WRAPPED_TYPE, WrapperData(RefCell::new(v)))
}

fn unwrap_async(v: &Value) -> Option<Value> {
    if std::ptr::eq(v.type_of(), &ASYNC_GEN_WRAPPED_TYPE) {
        return Some(downcast::<WrapperData>(v).unwrap().0.borrow().clone());
    }
    None
}

fn new_op(
    ty: &'static crate::object::TypeObject,
    gen: Value,
    arg: Option<Value>,
    close: bool,
) -> Value {
    alloc_object(
        ty,
        AsyncGenOpData {
            gen,
            arg: RefCell::new(arg),
            state: Cell::new(0),
            close,
        },
    )
}

fn agen_anext(vm: &mut Vm, a: Args) -> PyResult<Value> {
    agen_init_hooks(vm, &a.args[0])?;
    let _ = vm;
    Ok(new_op(
        &ASYNC_GEN_ASEND_TYPE,
        a.args[0].clone(),
        Some(Value::none()),
        false,
    ))
}

fn agen_asend(vm: &mut Vm, a: Args) -> PyResult<Value> {
    agen_init_hooks(vm, &a.args[0])?;
    vm.check_args("asend", &Args::new(&a.args[1..]), 1, 1)?;
    Ok(new_op(
        &ASYNC_GEN_ASEND_TYPE,
        a.args[0].clone(),
        Some(a.args[1].clone()),
        false,
    ))
}

fn agen_athrow(vm: &mut Vm, a: Args) -> PyResult<Value> {
    agen_init_hooks(vm, &a.args[0])?;
    vm.check_args("athrow", &Args::new(&a.args[1..]), 1, 3)?;
    let e = throw_exception(vm, &a.args[1..])?;
    Ok(new_op(
        &ASYNC_GEN_ATHROW_TYPE,
        a.args[0].clone(),
        Some(e.0),
        false,
    ))
}

fn agen_aclose(vm: &mut Vm, a: Args) -> PyResult<Value> {
    agen_init_hooks(vm, &a.args[0])?;
    let _ = vm;
    Ok(new_op(
        &ASYNC_GEN_ATHROW_TYPE,
        a.args[0].clone(),
        None,
        true,
    ))
}

/// The first `__anext__`/`asend`/`athrow`/`aclose` of an async
/// generator: the thread's finalizer hook is kept for it, and the
/// firstiter hook called with it, as CPython's `async_gen_init_hooks`.
fn agen_init_hooks(vm: &mut Vm, g: &Value) -> PyResult<()> {
    let Some(gd) = downcast::<GenData>(g) else {
        return Ok(());
    };
    if gd.hooks_called.replace(true) {
        return Ok(());
    }
    let (first, fin) = vm.asyncgen_hooks.clone();
    *gd.finalizer.borrow_mut() = fin;
    if let Some(f) = first {
        vm.call(&f, &[g.clone()], &[])?;
    }
    Ok(())
}

/// `anext(it, default)`: an awaitable returning `default` on
/// StopAsyncIteration.
pub fn anext_with_default(_vm: &mut Vm, awaitable: Value, default: Value) -> PyResult<Value> {
    Ok(alloc_object(
        &ANEXT_AWAITABLE_TYPE,
        AsyncGenOpData {
            gen: awaitable,
            arg: RefCell::new(Some(default)),
            state: Cell::new(0),
            close: false,
        },
    ))
}

fn od(v: &Value) -> &AsyncGenOpData {
    downcast::<AsyncGenOpData>(v).unwrap()
}

/// Interprets what the async generator produced for an asend/athrow step.
fn agen_result(vm: &mut Vm, op: &AsyncGenOpData, r: PyResult<GenResult>) -> PyResult<Value> {
    match r {
        Ok(GenResult::Yielded(v)) => match unwrap_async(&v) {
            Some(inner) => {
                op.state.set(2);
                if op.close {
                    return Err(vm.runtime_error("async generator ignored GeneratorExit"));
                }
                Err(vm.stop_iteration(inner))
            }
            None => Ok(v),
        },
        Ok(GenResult::Returned(_)) => {
            op.state.set(2);
            if op.close {
                return Err(vm.new_exc_noargs(&STOP_ITERATION_TYPE));
            }
            Err(vm.new_exc_noargs(&STOP_ASYNC_ITERATION_TYPE))
        }
        Err(e) => {
            op.state.set(2);
            if op.close
                && (vm.err_matches(&e, &GENERATOR_EXIT_TYPE)
                    || vm.err_matches(&e, &STOP_ASYNC_ITERATION_TYPE))
            {
                return Err(vm.new_exc_noargs(&STOP_ITERATION_TYPE));
            }
            Err(e)
        }
    }
}

fn op_step(vm: &mut Vm, me: &Value, sent: Value, thrown: Option<PyErr>) -> PyResult<Value> {
    let op = od(me);
    if op.state.get() == 2 {
        let msg = if std::ptr::eq(me.type_of(), &ASYNC_GEN_ATHROW_TYPE) {
            "cannot reuse already awaited aclose()/athrow()"
        } else {
            "cannot reuse already awaited __anext__()/asend()"
        };
        return Err(vm.runtime_error(msg));
    }
    let gen = op.gen.clone();
    if std::ptr::eq(me.type_of(), &ANEXT_AWAITABLE_TYPE) {
        // Delegate to the wrapped awaitable; map StopAsyncIteration.
        let default = op.arg.borrow().clone().unwrap_or_else(Value::none);
        let it = vm
            .get_awaitable(&gen)
            .or_else(|_| Ok::<Value, PyErr>(gen.clone()))?;
        let r = match thrown {
            Some(e) => {
                let ev = e.0.clone();
                vm.call_method(&it, "throw", &[ev])
            }
            None => {
                if sent.is_none() {
                    match vm.next(&it) {
                        Ok(Some(v)) => Ok(v),
                        Ok(None) => Err(vm.new_exc_noargs(&STOP_ITERATION_TYPE)),
                        Err(e) => Err(e),
                    }
                } else {
                    vm.call_method(&it, "send", &[sent])
                }
            }
        };
        return match r {
            Err(e) if vm.err_matches(&e, &STOP_ASYNC_ITERATION_TYPE) => {
                op.state.set(2);
                Err(vm.stop_iteration(default))
            }
            other => other,
        };
    }
    if std::ptr::eq(me.type_of(), &ASYNC_GEN_ASEND_TYPE) {
        let first = op.state.get() == 0;
        op.state.set(1);
        let value = if first {
            op.arg.borrow_mut().take().unwrap_or(sent)
        } else {
            sent
        };
        let r = match thrown {
            Some(e) => vm.gen_throw(&gen, e),
            None => vm.gen_resume(&gen, value, None),
        };
        return agen_result(vm, op, r);
    }
    // athrow / aclose
    let first = op.state.get() == 0;
    op.state.set(1);
    let r = if first {
        if gd(&gen).frame.borrow().is_none() {
            op.state.set(2);
            if op.close {
                return Err(vm.new_exc_noargs(&STOP_ITERATION_TYPE));
            }
            return Err(vm.new_exc_noargs(&STOP_ASYNC_ITERATION_TYPE));
        }
        let exc = match op.arg.borrow_mut().take() {
            Some(e) => PyErr(e),
            None => vm.new_exc_noargs(&GENERATOR_EXIT_TYPE),
        };
        vm.gen_throw(&gen, exc)
    } else {
        match thrown {
            Some(e) => vm.gen_throw(&gen, e),
            None => vm.gen_resume(&gen, sent, None),
        }
    };
    agen_result(vm, op, r)
}

fn op_next(vm: &mut Vm, a: Args) -> PyResult<Value> {
    op_step(vm, &a.args[0], Value::none(), None)
}

fn op_send(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let v = a.args.get(1).cloned().unwrap_or_else(Value::none);
    op_step(vm, &a.args[0], v, None)
}

fn op_throw(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("throw", &Args::new(&a.args[1..]), 1, 3)?;
    let e = throw_exception(vm, &a.args[1..])?;
    op_step(vm, &a.args[0], Value::none(), Some(e))
}

fn op_close(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    od(&a.args[0]).state.set(2);
    Ok(Value::none())
}

// ---- coroutine.__await__() ----

fn coro_await(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    Ok(alloc_object(
        &CORO_WRAPPER_TYPE,
        WrapperData(RefCell::new(a.args[0].clone())),
    ))
}

fn cw_coro(v: &Value) -> Value {
    downcast::<WrapperData>(v).unwrap().0.borrow().clone()
}

fn cw_next(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let c = cw_coro(&a.args[0]);
    let r = vm.gen_resume(&c, Value::none(), None)?;
    result_to_value(vm, r)
}

fn cw_send(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let c = cw_coro(&a.args[0]);
    let v = a.args.get(1).cloned().unwrap_or_else(Value::none);
    let r = vm.gen_resume(&c, v, None)?;
    result_to_value(vm, r)
}

fn cw_throw(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let c = cw_coro(&a.args[0]);
    vm.check_args("throw", &Args::new(&a.args[1..]), 1, 3)?;
    let e = throw_exception(vm, &a.args[1..])?;
    let r = vm.gen_throw(&c, e)?;
    result_to_value(vm, r)
}

fn cw_close(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let c = cw_coro(&a.args[0]);
    gen_close(vm, &c)?;
    Ok(Value::none())
}
