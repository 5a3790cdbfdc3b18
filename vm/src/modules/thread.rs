//! `_thread`: real OS threads under the GIL (see `crate::gil`).
//!
//! `start_new_thread` gives the new thread its own VM thread state
//! (`Vm::new_thread`: shared modules and builtins, its own frames) and an
//! OS thread that takes the GIL, runs the function, reports an escaping
//! exception as CPython does ("Exception ignored in thread started by"),
//! releases its `_set_sentinel` locks (what `threading.Thread.join` waits
//! on) and gives the GIL back. Locks block for real: a waiting thread
//! releases the GIL and sleeps on a condition variable, waking in short
//! slices so the main thread can run signal handlers (Ctrl-C interrupts
//! a wait, as in CPython).

use std::cell::{Cell, RefCell};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Condvar, Mutex, OnceLock};
use std::time::{Duration, Instant};

use crate::builtins::add_methods;
use crate::object::{alloc_object, TypeObject};
use crate::objects::*;
use crate::types::*;
use crate::value::Value;
use crate::vm::attr::{as_type, type_value};
use crate::vm::new::new_int_i64;
use crate::vm::{Args, PyResult, Vm};

use super::typeutil::{new_type, type_addr, type_at};

/// A lock (`_thread.lock`) or re-entrant lock (`_thread.RLock`): its
/// state behind a mutex, because waiting threads look at it without the
/// GIL.
pub struct LockData {
    state: Mutex<LockState>,
    cond: Condvar,
}

#[derive(Default)]
struct LockState {
    locked: bool,
    /// RLock: the owning thread's ident and the recursion count.
    owner: i64,
    count: u64,
}

impl LockData {
    fn new() -> LockData {
        LockData {
            state: Mutex::new(LockState::default()),
            cond: Condvar::new(),
        }
    }

    fn st(&self) -> std::sync::MutexGuard<'_, LockState> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Takes the lock if it is free (or, for an RLock, ours).
    fn try_take(&self, rlock: bool, me: i64) -> bool {
        let mut s = self.st();
        if rlock {
            if s.count > 0 && s.owner == me {
                s.count += 1;
                return true;
            }
            if s.count == 0 {
                s.owner = me;
                s.count = 1;
                s.locked = true;
                return true;
            }
            return false;
        }
        if s.locked {
            return false;
        }
        s.locked = true;
        true
    }

    fn unlock(&self) {
        let mut s = self.st();
        s.locked = false;
        s.owner = 0;
        s.count = 0;
        drop(s);
        self.cond.notify_one();
    }
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
    /// This thread's ident (0: the main thread's).
    static IDENT: Cell<i64> = const { Cell::new(0) };
    /// Sentinel locks made by this thread (`_set_sentinel`), released
    /// when it ends.
    static SENTINELS: RefCell<Vec<Value>> = const { RefCell::new(Vec::new()) };
}

static NEXT_IDENT: AtomicI64 = AtomicI64::new(1);
/// Threads started and still running (`_count()`).
static COUNT: AtomicI64 = AtomicI64::new(0);

fn main_ident() -> i64 {
    // Something that looks like CPython's (a pthread_t address).
    0x7f00_0000_1000 + std::process::id() as i64 * 16
}

/// This thread's `get_ident()`.
pub fn current_ident() -> i64 {
    match IDENT.with(|c| c.get()) {
        0 => main_ident(),
        id => id,
    }
}

/// Is this the main thread (the one signal handlers run in)?
pub fn is_main_thread() -> bool {
    IDENT.with(|c| c.get()) == 0
}

fn new_lock(t: &'static TypeObject) -> Value {
    alloc_object(t, LockData::new())
}

fn is_rlock(v: &Value) -> bool {
    crate::vm::class::is_subtype(v.type_of(), rlock_type())
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

/// Waits for a held lock with the GIL released, in slices so that the
/// main thread's signal handlers run (an exception from one ends the
/// wait). False on timeout.
fn wait_for(vm: &mut Vm, l: &LockData, rlock: bool, timeout: f64) -> PyResult<bool> {
    wait_for_lock(vm, l, rlock, timeout, true)
}

/// [`wait_for`]; `interruptible` false: signal handlers wait until the
/// lock is taken (`RLock._acquire_restore`, which Condition.wait relies
/// on to leave the lock held, is not interruptible in CPython either).
/// Only signals that really arrived interrupt a wait: one tripped by
/// `interrupt_main` is handled at the next instruction boundary after it,
/// as in CPython.
fn wait_for_lock(vm: &mut Vm, l: &LockData, rlock: bool, timeout: f64, interruptible: bool) -> PyResult<bool> {
    let me = current_ident();
    let deadline =
        (timeout >= 0.0).then(|| Instant::now() + Duration::from_secs_f64(timeout.min(1e9)));
    loop {
        let got = crate::gil::allow_threads(|| {
            let slice = Duration::from_millis(20);
            let wait = match deadline {
                Some(d) => d.saturating_duration_since(Instant::now()).min(slice),
                None => slice,
            };
            let s = l.st();
            if s.locked && !(rlock && s.owner == me) {
                let _ = l.cond.wait_timeout(s, wait);
            } else {
                drop(s);
            }
            l.try_take(rlock, me)
        });
        if got {
            return Ok(true);
        }
        if deadline.is_some_and(|d| Instant::now() >= d) {
            return Ok(false);
        }
        if interruptible && crate::modules::signal::has_delivered() && is_main_thread() {
            crate::modules::signal::run_pending(vm)?;
        }
    }
}

fn lock_acquire(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let l = me(vm, &a)?;
    let (blocking, timeout) = acquire_args(vm, &a)?;
    let rlock = is_rlock(&a.args[0]);
    if l.try_take(rlock, current_ident()) {
        return Ok(Value::from_bool(true));
    }
    if !blocking {
        return Ok(Value::from_bool(false));
    }
    Ok(Value::from_bool(wait_for(vm, l, rlock, timeout)?))
}

fn lock_release(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let l = me(vm, &a)?;
    if is_rlock(&a.args[0]) {
        let mut s = l.st();
        if s.count == 0 || s.owner != current_ident() {
            drop(s);
            return Err(vm.runtime_error("cannot release un-acquired lock"));
        }
        s.count -= 1;
        if s.count > 0 {
            return Ok(Value::none());
        }
        drop(s);
        l.unlock();
        return Ok(Value::none());
    }
    if !l.st().locked {
        return Err(vm.runtime_error("release unlocked lock"));
    }
    l.unlock();
    Ok(Value::none())
}

fn lock_exit(vm: &mut Vm, a: Args) -> PyResult<Value> {
    lock_release(vm, Args::new(&a.args[..1]))
}

fn lock_locked(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let l = me(vm, &a)?;
    Ok(Value::from_bool(l.st().locked))
}

fn lock_reinit(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let l = me(vm, &a)?;
    l.unlock();
    Ok(Value::none())
}

fn lock_repr(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let l = me(vm, &a)?;
    let (locked, owner, count) = {
        let s = l.st();
        (s.locked, s.owner, s.count)
    };
    let st = if locked { "locked" } else { "unlocked" };
    let s = if is_rlock(&a.args[0]) {
        format!(
            "<{} {}.{} object owner={} count={} at {:#x}>",
            st,
            "_thread",
            a.args[0].type_of().name(),
            owner,
            count,
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
    Ok(alloc_object(t, LockData::new()))
}

fn rlock_is_owned(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let l = me(vm, &a)?;
    let s = l.st();
    Ok(Value::from_bool(s.count > 0 && s.owner == current_ident()))
}

fn rlock_recursion_count(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let l = me(vm, &a)?;
    let s = l.st();
    let n = if s.owner == current_ident() {
        s.count
    } else {
        0
    };
    Ok(new_int_i64(n as i64))
}

fn rlock_release_save(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let l = me(vm, &a)?;
    let (c, o) = {
        let s = l.st();
        (s.count, s.owner)
    };
    if c == 0 {
        return Err(vm.runtime_error("cannot release un-acquired lock"));
    }
    l.unlock();
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
    // Wait for the lock as acquire() does, then restore the saved state.
    if !l.try_take(true, current_ident()) {
        wait_for_lock(vm, l, true, -1.0, false)?;
    }
    let mut s = l.st();
    s.count = c as u64;
    s.owner = o;
    s.locked = c > 0;
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
    // SAFETY: gettid has no preconditions.
    Ok(new_int_i64(unsafe { libc::gettid() } as i64))
}

fn count(_vm: &mut Vm, _a: Args) -> PyResult<Value> {
    Ok(new_int_i64(COUNT.load(Ordering::SeqCst)))
}

fn set_sentinel(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("_set_sentinel", &a, 0, 0)?;
    let l = new_lock(lock_type());
    SENTINELS.with(|s| s.borrow_mut().push(l.clone()));
    Ok(l)
}

/// What a new thread starts with. The values move to it while the
/// starting thread holds the GIL; the new thread touches them only once
/// it holds the GIL itself.
struct Start {
    vm: Vm,
    f: Value,
    args: Vec<Value>,
    kwnames: Vec<Value>,
    ident: i64,
}

// SAFETY: see `Start`: every reference count in it is touched under the GIL.
unsafe impl Send for Start {}

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
    if !crate::builtins::module::is_callable(&f) {
        return Err(vm.type_error("first arg must be callable"));
    }
    let Some(args) = downcast::<TupleData>(&a.args[1]).map(|t| t.items.to_vec()) else {
        return Err(vm.type_error("2nd arg must be a tuple"));
    };
    let (kwv, kwnames) = match a.args.get(2) {
        Some(k) if !k.is_none() => {
            if downcast::<DictData>(k).is_none() {
                return Err(vm.type_error("optional 3rd arg must be a dictionary"));
            }
            vm.kwargs_from_mapping(&f, k)?
        }
        _ => (Vec::new(), Vec::new()),
    };
    let mut all = args;
    all.extend(kwv);
    let ident = main_ident() + 16 * NEXT_IDENT.fetch_add(1, Ordering::SeqCst);
    let start = Start {
        vm: vm.new_thread(),
        f,
        args: all,
        kwnames,
        ident,
    };
    crate::gil::THREADED.store(true, Ordering::SeqCst);
    COUNT.fetch_add(1, Ordering::SeqCst);
    let spawned = std::thread::Builder::new()
        .name(format!("pyrite-{}", ident))
        .stack_size(match STACK_SIZE.load(Ordering::SeqCst) {
            0 => 16 << 20,
            n => n as usize,
        })
        .spawn(move || run_thread(start));
    if spawned.is_err() {
        COUNT.fetch_sub(1, Ordering::SeqCst);
        return Err(vm.runtime_error("can't start new thread"));
    }
    Ok(new_int_i64(ident))
}

/// The body of a started thread.
fn run_thread(start: Start) {
    crate::gil::acquire();
    let Start {
        mut vm,
        f,
        args,
        kwnames,
        ident,
    } = start;
    IDENT.with(|c| c.set(ident));
    crate::modules::faulthandler::register_thread(&vm);
    if let Err(e) = vm.call(&f, &args, &kwnames) {
        if !vm.err_matches(&e, &SYSTEM_EXIT_TYPE) {
            // CPython reports it through sys.unraisablehook.
            crate::modules::io::flush_stdout(&mut vm);
            let what = vm.repr(&f).unwrap_or_default();
            let text = crate::traceback::format_exception(&mut vm, &e.0);
            crate::run::write_stderr(
                &mut vm,
                &format!("Exception ignored in thread started by: {}\n{}", what, text),
            );
        }
    }
    vm.run_finalizers();
    super::thread_local::forget_thread();
    for l in SENTINELS.with(|s| std::mem::take(&mut *s.borrow_mut())) {
        if let Some(d) = downcast::<LockData>(&l) {
            d.unlock();
        }
    }
    // Everything the thread holds goes while it still has the GIL.
    drop((f, args, kwnames));
    crate::modules::faulthandler::unregister_thread();
    drop(vm);
    COUNT.fetch_sub(1, Ordering::SeqCst);
    crate::gil::release();
}

/// The stack size for new threads set by `stack_size(n)` (0: the
/// default, 16 MiB — deep recursion in Python needs more than the
/// platform's 8).
static STACK_SIZE: AtomicI64 = AtomicI64::new(0);

/// `stack_size([size])`: the previous setting; sizes below 32 KiB (other
/// than 0) are refused, as by CPython on Linux.
fn stack_size(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("stack_size", &a, 0, 1)?;
    let old = STACK_SIZE.load(Ordering::SeqCst);
    if let Some(v) = a.args.first() {
        let n = vm.index_i64(v)?;
        if n < 0 {
            return Err(vm.value_error("size must be 0 or a positive value"));
        }
        if n != 0 && n < 32768 {
            return Err(vm.value_error(format!("size not valid: {} bytes", n)));
        }
        STACK_SIZE.store(n, Ordering::SeqCst);
    }
    Ok(new_int_i64(old))
}

static HOOK_ARGS: OnceLock<usize> = OnceLock::new();

/// `_thread._ExceptHookArgs`: what `threading.excepthook` receives.
fn hook_args_type(vm: &mut Vm) -> &'static TypeObject {
    type_at(*HOOK_ARGS.get_or_init(|| {
        type_addr(super::structseq::new_type(
            vm,
            "_ExceptHookArgs",
            "_thread",
            &["exc_type", "exc_value", "exc_traceback", "thread"],
        ))
    }))
}

/// `_thread._excepthook(args)`, the default `threading.excepthook`:
/// "Exception in thread NAME:" and the traceback, on `sys.stderr` (or the
/// thread's `_stderr` when that is None); SystemExit is silent.
fn excepthook(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("_excepthook", &a, 1, 1)?;
    let t = hook_args_type(vm);
    let items = match downcast::<TupleData>(&a.args[0]) {
        Some(tu) if std::ptr::eq(a.args[0].type_of(), t) && tu.items.len() >= 4 => {
            tu.items.to_vec()
        }
        _ => {
            let msg = "_thread.excepthook argument type must be ExceptHookArgs";
            return Err(vm.type_error(msg));
        }
    };
    if items[0].to_bits() == type_value(&SYSTEM_EXIT_TYPE).to_bits() {
        return Ok(Value::none());
    }
    let (value, thread) = (&items[1], &items[3]);
    let mut file = super::sys::stderr(vm).ok().filter(|f| !f.is_none());
    if file.is_none() {
        if thread.is_none() {
            return Ok(Value::none());
        }
        let f = vm.get_attr_str(thread, "_stderr")?;
        if f.is_none() {
            return Ok(Value::none());
        }
        file = Some(f);
    }
    let file = file.unwrap();
    let name = if thread.is_none() {
        None
    } else {
        vm.get_attr_opt(thread, "name")?
    };
    let name = match name {
        Some(n) => vm.to_string(&n)?,
        None => current_ident().to_string(),
    };
    let report = if crate::vm::class::is_instance(value, &BASE_EXCEPTION_TYPE) {
        crate::traceback::format_exception(vm, value)
    } else {
        format!(
            "TypeError: print_exception(): Exception expected for value, {} found\n",
            value.type_of().name()
        )
    };
    crate::modules::io::flush_stdout(vm);
    let text = vm.new_str_owned(format!("Exception in thread {}:\n{}", name, report));
    vm.call_method(&file, "write", &[text])?;
    vm.call_method(&file, "flush", &[])?;
    Ok(Value::none())
}

/// Simulates the arrival of a signal (SIGINT by default) in the main
/// thread.
fn interrupt_main(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("interrupt_main", &a, 0, 1)?;
    let sig = match a.args.first() {
        Some(v) => vm.index_i64(v)?,
        None => 2,
    };
    if !(1..64).contains(&sig) {
        return Err(vm.value_error("signal number out of range"));
    }
    crate::modules::signal::trip(sig as i32);
    // Called from the main thread, the handler runs before the call
    // returns, as CPython's runs at the very next instruction boundary:
    // `with assertRaises(KeyboardInterrupt): interrupt_main()` sees it.
    if is_main_thread() && crate::modules::signal::has_pending() {
        crate::modules::signal::run_pending(vm)?;
    }
    Ok(Value::none())
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
        ("_excepthook", excepthook),
        ("interrupt_main", interrupt_main),
        ("exit", exit_thread),
        ("exit_thread", exit_thread),
    ];
    crate::modules::add_functions(vm, &m, "_thread", fns)?;
    crate::modules::set_attr(vm, &m, "LockType", type_value(lock_type()))?;
    crate::modules::set_attr(vm, &m, "lock", type_value(lock_type()))?;
    crate::modules::set_attr(vm, &m, "RLock", type_value(rlock_type()))?;
    crate::modules::set_attr(vm, &m, "error", type_value(&RUNTIME_ERROR_TYPE))?;
    let local = type_value(super::thread_local::local_type());
    crate::modules::set_attr(vm, &m, "_local", local)?;
    let hook_args = type_value(hook_args_type(vm));
    crate::modules::set_attr(vm, &m, "_ExceptHookArgs", hook_args)?;
    crate::modules::set_attr(vm, &m, "TIMEOUT_MAX", Value::from_f64(9223372036.0))?;
    Ok(m)
}
