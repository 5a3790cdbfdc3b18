//! `_thread` for a single-threaded VM.
//!
//! Pyrite runs one thread of Python code. Locks are real state machines
//! (acquire/release/locked, `RLock` ownership and counts) but never wait
//! for another thread: acquiring a held lock fails at once when
//! non-blocking, after sleeping for a timeout, and raises RuntimeError
//! when it would block forever. `start_new_thread(f, args)` runs `f`
//! **synchronously** to completion, under a fresh thread identity
//! (`get_ident()`), then releases the sentinel locks it created
//! (`_set_sentinel`), which is what `threading.Thread.join` waits on —
//! enough for `threading` to import and for simple start/join programs
//! (no true concurrency, and code that waits for another thread to make
//! progress cannot work).

use std::cell::{Cell, RefCell};
use std::sync::OnceLock;

use crate::builtins::add_methods;
use crate::object::{alloc_object, TypeObject};
use crate::objects::*;
use crate::types::*;
use crate::value::Value;
use crate::vm::attr::{as_type, type_value};
use crate::vm::new::new_int_i64;
use crate::vm::{Args, PyResult, Vm};

use super::typeutil::{new_type, type_addr, type_at};

/// A lock (`_thread.lock`) or re-entrant lock (`_thread.RLock`).
pub struct LockData {
    locked: Cell<bool>,
    owner: Cell<i64>,
    count: Cell<u64>,
}

static LOCK: OnceLock<usize> = OnceLock::new();
static RLOCK: OnceLock<usize> = OnceLock::new();

fn lock_type() -> &'static TypeObject {
    type_at(*LOCK.get_or_init(|| {
        type_addr(new_type::<LockData>(
            "lock",
            "_thread",
            &OBJECT_TYPE,
            None,
            false,
            false,
        ))
    }))
}

fn rlock_type() -> &'static TypeObject {
    type_at(*RLOCK.get_or_init(|| {
        type_addr(new_type::<LockData>(
            "RLock",
            "_thread",
            &OBJECT_TYPE,
            Some(lock_type()),
            false,
            true,
        ))
    }))
}

// SAFETY: both lock types have solid layout LockData.
unsafe impl Payload for LockData {
    fn layout() -> &'static TypeObject {
        lock_type()
    }
}

thread_local! {
    /// The identities of the (synchronously run) threads, innermost last.
    static IDENTS: RefCell<Vec<i64>> = RefCell::new(vec![main_ident()]);
    static NEXT_IDENT: Cell<i64> = Cell::new(main_ident() + 1);
    /// Sentinel locks created by the innermost started thread.
    static SENTINELS: RefCell<Vec<Vec<Value>>> = RefCell::new(vec![Vec::new()]);
    static COUNT: Cell<i64> = Cell::new(0);
}

fn main_ident() -> i64 {
    // Something that looks like CPython's (a pthread_t address).
    0x7f00_0000_1000 + std::process::id() as i64 * 16
}

fn current_ident() -> i64 {
    IDENTS.with(|v| *v.borrow().last().unwrap())
}

fn new_lock(t: &'static TypeObject) -> Value {
    alloc_object(
        t,
        LockData {
            locked: Cell::new(false),
            owner: Cell::new(0),
            count: Cell::new(0),
        },
    )
}

fn me<'a>(vm: &mut Vm, a: &Args<'a>) -> PyResult<&'a LockData> {
    let args: &'a [Value] = a.args;
    match args.first().and_then(|s| downcast::<LockData>(s)) {
        Some(d) => Ok(d),
        None => Err(vm.type_error("descriptor requires a '_thread.lock' object")),
    }
}

/// `(blocking, timeout)` of `acquire`.
fn acquire_args(vm: &mut Vm, a: &Args) -> PyResult<(bool, f64)> {
    let b = crate::builtins::bind(vm, a, "acquire", &["blocking", "timeout"], true)?;
    let blocking = match b[0] {
        Some(v) => vm.truthy(v)?,
        None => true,
    };
    let timeout = match b[1] {
        Some(v) => super::math::real(vm, v)?,
        None => -1.0,
    };
    if !blocking && timeout != -1.0 {
        return Err(vm.value_error("can't specify a timeout for a non-blocking call"));
    }
    if timeout < 0.0 && timeout != -1.0 {
        return Err(vm.value_error("timeout value must be a non-negative number"));
    }
    Ok((blocking, timeout))
}

/// Waiting for a held lock: nobody else can release it.
fn wait_fail(vm: &mut Vm, blocking: bool, timeout: f64) -> PyResult<Value> {
    if !blocking {
        return Ok(Value::from_bool(false));
    }
    if timeout >= 0.0 {
        std::thread::sleep(std::time::Duration::from_secs_f64(timeout.min(1e6)));
        return Ok(Value::from_bool(false));
    }
    Err(vm.runtime_error(
        "deadlock: acquiring a held lock would block forever (Pyrite runs one thread)",
    ))
}

fn lock_acquire(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let l = me(vm, &a)?;
    let (blocking, timeout) = acquire_args(vm, &a)?;
    if std::ptr::eq(a.args[0].type_of(), rlock_type())
        || crate::vm::class::is_subtype(a.args[0].type_of(), rlock_type())
    {
        let me_id = current_ident();
        if l.count.get() > 0 && l.owner.get() == me_id {
            l.count.set(l.count.get() + 1);
            return Ok(Value::from_bool(true));
        }
        if l.count.get() > 0 {
            return wait_fail(vm, blocking, timeout);
        }
        l.owner.set(me_id);
        l.count.set(1);
        l.locked.set(true);
        return Ok(Value::from_bool(true));
    }
    if l.locked.get() {
        return wait_fail(vm, blocking, timeout);
    }
    l.locked.set(true);
    Ok(Value::from_bool(true))
}

fn lock_release(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let l = me(vm, &a)?;
    if crate::vm::class::is_subtype(a.args[0].type_of(), rlock_type()) {
        if l.count.get() == 0 || l.owner.get() != current_ident() {
            return Err(vm.runtime_error("cannot release un-acquired lock"));
        }
        l.count.set(l.count.get() - 1);
        if l.count.get() == 0 {
            l.owner.set(0);
            l.locked.set(false);
        }
        return Ok(Value::none());
    }
    if !l.locked.get() {
        return Err(vm.runtime_error("release unlocked lock"));
    }
    l.locked.set(false);
    Ok(Value::none())
}

fn lock_exit(vm: &mut Vm, a: Args) -> PyResult<Value> {
    lock_release(vm, Args::new(&a.args[..1]))
}

fn lock_locked(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let l = me(vm, &a)?;
    Ok(Value::from_bool(l.locked.get()))
}

fn lock_reinit(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let l = me(vm, &a)?;
    l.locked.set(false);
    l.count.set(0);
    l.owner.set(0);
    Ok(Value::none())
}

fn lock_repr(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let l = me(vm, &a)?;
    let st = if l.locked.get() { "locked" } else { "unlocked" };
    let s = if crate::vm::class::is_subtype(a.args[0].type_of(), rlock_type()) {
        format!(
            "<{} {}.{} object owner={} count={} at {:#x}>",
            st,
            "_thread",
            a.args[0].type_of().name(),
            l.owner.get(),
            l.count.get(),
            a.args[0].to_bits()
        )
    } else {
        format!("<{} _thread.lock object at {:#x}>", st, a.args[0].to_bits())
    };
    Ok(vm.new_str_owned(s))
}

fn lock_new(vm: &mut Vm, _a: Args) -> PyResult<Value> {
    Err(vm.type_error("cannot create '_thread.lock' instances"))
}

fn rlock_new(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    let t = as_type(&a.args[0]).unwrap();
    Ok(alloc_object(
        t,
        LockData {
            locked: Cell::new(false),
            owner: Cell::new(0),
            count: Cell::new(0),
        },
    ))
}

fn rlock_is_owned(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let l = me(vm, &a)?;
    Ok(Value::from_bool(
        l.count.get() > 0 && l.owner.get() == current_ident(),
    ))
}

fn rlock_recursion_count(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let l = me(vm, &a)?;
    let n = if l.owner.get() == current_ident() {
        l.count.get()
    } else {
        0
    };
    Ok(new_int_i64(n as i64))
}

fn rlock_release_save(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let l = me(vm, &a)?;
    if l.count.get() == 0 {
        return Err(vm.runtime_error("cannot release un-acquired lock"));
    }
    let (c, o) = (l.count.get(), l.owner.get());
    l.count.set(0);
    l.owner.set(0);
    l.locked.set(false);
    Ok(vm.new_tuple(vec![new_int_i64(c as i64), new_int_i64(o)]))
}

fn rlock_acquire_restore(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let l = me(vm, &a)?;
    let st = a.args.get(1).cloned().unwrap_or_else(Value::none);
    let items = vm.iterate(&st)?;
    if items.len() != 2 {
        return Err(vm.type_error("_acquire_restore() argument must be a 2-tuple"));
    }
    let c = vm.index_i64(&items[0])?;
    let o = vm.index_i64(&items[1])?;
    l.count.set(c as u64);
    l.owner.set(o);
    l.locked.set(c > 0);
    Ok(Value::none())
}

// ---- module functions ----

fn allocate_lock(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("allocate_lock", &a, 0, 0)?;
    Ok(new_lock(lock_type()))
}

fn get_ident(_vm: &mut Vm, _a: Args) -> PyResult<Value> {
    Ok(new_int_i64(current_ident()))
}

fn get_native_id(_vm: &mut Vm, _a: Args) -> PyResult<Value> {
    Ok(new_int_i64(
        std::process::id() as i64 + IDENTS.with(|v| v.borrow().len() as i64 - 1),
    ))
}

fn count(_vm: &mut Vm, _a: Args) -> PyResult<Value> {
    Ok(new_int_i64(COUNT.with(|c| c.get())))
}

fn set_sentinel(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("_set_sentinel", &a, 0, 0)?;
    let l = new_lock(lock_type());
    SENTINELS.with(|s| s.borrow_mut().last_mut().unwrap().push(l.clone()));
    Ok(l)
}

fn start_new_thread(vm: &mut Vm, a: Args) -> PyResult<Value> {
    if a.has_kwargs() {
        return Err(vm.type_error("start_new_thread() takes no keyword arguments"));
    }
    let n = a.args.len();
    if !(2..=3).contains(&n) {
        let msg = if n < 2 {
            format!("start_new_thread expected at least 2 arguments, got {}", n)
        } else {
            format!("start_new_thread expected at most 3 arguments, got {}", n)
        };
        return Err(vm.type_error(msg));
    }
    let f = a.args[0].clone();
    let Some(args) = downcast::<TupleData>(&a.args[1]).map(|t| t.items.to_vec()) else {
        return Err(vm.type_error("2nd arg must be a tuple"));
    };
    let (kwv, kwn) = match a.args.get(2) {
        Some(k) if !k.is_none() => {
            if downcast::<DictData>(k).is_none() {
                return Err(vm.type_error("optional 3rd arg must be a dictionary"));
            }
            vm.kwargs_from_mapping(&f, k)?
        }
        _ => (Vec::new(), Vec::new()),
    };
    let id = NEXT_IDENT.with(|n| {
        let id = n.get();
        n.set(id + 16);
        id
    });
    IDENTS.with(|v| v.borrow_mut().push(id));
    SENTINELS.with(|s| s.borrow_mut().push(Vec::new()));
    COUNT.with(|c| c.set(c.get() + 1));
    let mut all = args;
    all.extend(kwv);
    let r = vm.call(&f, &all, &kwn);
    COUNT.with(|c| c.set(c.get() - 1));
    IDENTS.with(|v| v.borrow_mut().pop());
    let sentinels = SENTINELS.with(|s| s.borrow_mut().pop().unwrap_or_default());
    for l in sentinels {
        if let Some(d) = downcast::<LockData>(&l) {
            d.locked.set(false);
        }
    }
    if let Err(e) = r {
        if !vm.err_matches(&e, &SYSTEM_EXIT_TYPE) {
            // CPython reports it through sys.unraisablehook / threading.excepthook.
            let text = crate::traceback::format_exception(vm, &e.0);
            crate::modules::io::flush_stdout(vm);
            eprint!(
                "Unhandled exception in thread started by {}\n{}",
                vm.repr(&f).unwrap_or_default(),
                text
            );
        }
    }
    Ok(new_int_i64(id))
}

fn stack_size(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("stack_size", &a, 0, 1)?;
    Ok(new_int_i64(0))
}

fn daemon_threads_allowed(_vm: &mut Vm, _a: Args) -> PyResult<Value> {
    Ok(Value::from_bool(true))
}

fn interrupt_main(vm: &mut Vm, _a: Args) -> PyResult<Value> {
    Err(vm.new_exc_noargs(&KEYBOARD_INTERRUPT_TYPE))
}

fn exit_thread(vm: &mut Vm, _a: Args) -> PyResult<Value> {
    Err(vm.new_exc_noargs(&SYSTEM_EXIT_TYPE))
}

static INIT: std::sync::Once = std::sync::Once::new();

pub fn init(vm: &mut Vm) -> PyResult<Value> {
    INIT.call_once(|| {
        let common: &[(&'static str, NativeFn)] = &[
            ("acquire", lock_acquire),
            ("release", lock_release),
            ("__enter__", lock_acquire),
            ("__exit__", lock_exit),
            ("locked", lock_locked),
            ("acquire_lock", lock_acquire),
            ("release_lock", lock_release),
            ("locked_lock", lock_locked),
            ("_at_fork_reinit", lock_reinit),
            ("__repr__", lock_repr),
        ];
        add_methods(lock_type(), common);
        add_methods(lock_type(), &[("__new__", lock_new)]);
        add_methods(rlock_type(), common);
        add_methods(
            rlock_type(),
            &[
                ("__new__", rlock_new),
                ("_is_owned", rlock_is_owned),
                ("_recursion_count", rlock_recursion_count),
                ("_release_save", rlock_release_save),
                ("_acquire_restore", rlock_acquire_restore),
            ],
        );
    });
    let m = vm.new_module("_thread")?;
    let fns: &[(&'static str, NativeFn)] = &[
        ("allocate_lock", allocate_lock),
        ("allocate", allocate_lock),
        ("get_ident", get_ident),
        ("get_native_id", get_native_id),
        ("_count", count),
        ("_set_sentinel", set_sentinel),
        ("start_new_thread", start_new_thread),
        ("start_new", start_new_thread),
        ("stack_size", stack_size),
        ("daemon_threads_allowed", daemon_threads_allowed),
        ("interrupt_main", interrupt_main),
        ("exit", exit_thread),
        ("exit_thread", exit_thread),
    ];
    crate::modules::add_functions(vm, &m, "_thread", fns)?;
    crate::modules::set_attr(vm, &m, "LockType", type_value(lock_type()))?;
    crate::modules::set_attr(vm, &m, "lock", type_value(lock_type()))?;
    crate::modules::set_attr(vm, &m, "RLock", type_value(rlock_type()))?;
    crate::modules::set_attr(vm, &m, "error", type_value(&RUNTIME_ERROR_TYPE))?;
    crate::modules::set_attr(vm, &m, "TIMEOUT_MAX", Value::from_f64(9223372036.0))?;
    Ok(m)
}
