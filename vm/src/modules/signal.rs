//! `_signal`: signal numbers and handlers, under `signal.py`.
//!
//! What works: the constants, `getsignal`/`signal` bookkeeping (with
//! CPython's validation and errors), `SIG_DFL`/`SIG_IGN` applied to the
//! process with `sigaction`, `alarm`, `pause`, `raise_signal`, `strsignal`,
//! `valid_signals`, `set_wakeup_fd`, `default_int_handler`.
//!
//! Delivery is not wired into the interpreter yet. Installing a Python
//! callable installs a C handler that only records the signal (in
//! [`PENDING`], async-signal-safely) and writes its number to the wakeup
//! fd if one is set; nothing calls the Python handler until the runtime
//! polls: the eval loop is meant to check [`has_pending`] and call
//! [`run_pending`], which runs the stored handlers (`handler(signum,
//! None)`; the frame argument is None). Until then such signals are
//! swallowed rather than killing the process.
//!
//! SIGINT: CPython installs `default_int_handler` at startup, so
//! `getsignal(SIGINT)` reports it here too, but the process's SIGINT
//! disposition is left at the OS default (terminate) until delivery
//! exists, so Ctrl-C still stops a program instead of being swallowed.
//! Other signals start as the OS reports them (SIGPIPE is ignored, as in
//! CPython, because the Rust runtime ignores it).

use std::cell::RefCell;
use std::sync::atomic::{AtomicI32, AtomicU64, Ordering};

use crate::objects::*;
use crate::types::*;
use crate::value::Value;
use crate::vm::new::new_int_i64;
use crate::vm::{Args, PyResult, Vm};

const NSIG: i32 = 65;

/// Signals received but not yet handled, one bit per number (1..64).
pub static PENDING: AtomicU64 = AtomicU64::new(0);
static WAKEUP_FD: AtomicI32 = AtomicI32::new(-1);

thread_local! {
    /// The Python-level handler of each signal; None = not yet queried.
    static HANDLERS: RefCell<Vec<Option<Value>>> = RefCell::new(vec![None; NSIG as usize]);
    static DEFAULT_INT_HANDLER: RefCell<Option<Value>> = const { RefCell::new(None) };
}

/// Of those, the ones that really arrived from the OS (not tripped by
/// `interrupt_main`): only these interrupt a blocking lock wait, as only
/// a real signal (EINTR) interrupts one in CPython.
static DELIVERED: AtomicU64 = AtomicU64::new(0);

extern "C" fn trampoline(sig: libc::c_int) {
    if (1..NSIG).contains(&sig) {
        DELIVERED.fetch_or(1u64 << sig, Ordering::SeqCst);
    }
    mark(sig);
}

/// Records `sig` as pending (async-signal-safe: atomics and write(2)).
fn mark(sig: libc::c_int) {
    if (1..NSIG).contains(&sig) {
        PENDING.fetch_or(1u64 << sig, Ordering::SeqCst);
        let fd = WAKEUP_FD.load(Ordering::SeqCst);
        if fd >= 0 {
            let b = sig as u8;
            // SAFETY: write(2) is async-signal-safe; b is a valid byte.
            unsafe { libc::write(fd, &b as *const u8 as *const libc::c_void, 1) };
        }
    }
}

/// Marks `sig` as received, as if it had arrived (`_thread.interrupt_main`).
pub fn trip(sig: i32) {
    mark(sig);
}

/// Has a signal arrived from the OS that has not been handled yet?
pub fn has_delivered() -> bool {
    DELIVERED.load(Ordering::Relaxed) & PENDING.load(Ordering::Relaxed) != 0
}

/// Is any signal waiting for its Python handler?
pub fn has_pending() -> bool {
    PENDING.load(Ordering::Relaxed) != 0
}

/// Runs the Python handlers of the signals received since the last call
/// (lowest number first). An exception from a handler propagates; the
/// remaining signals stay pending.
pub fn run_pending(vm: &mut Vm) -> PyResult<()> {
    loop {
        let bits = PENDING.load(Ordering::SeqCst);
        if bits == 0 {
            return Ok(());
        }
        let sig = bits.trailing_zeros() as i32;
        PENDING.fetch_and(!(1u64 << sig), Ordering::SeqCst);
        DELIVERED.fetch_and(!(1u64 << sig), Ordering::SeqCst);
        let h = HANDLERS.with(|h| h.borrow()[sig as usize].clone());
        if let Some(h) = h {
            if crate::builtins::module::is_callable(&h) {
                vm.call(&h, &[new_int_i64(sig as i64), Value::none()], &[])?;
            }
        }
    }
}

fn sig_arg(vm: &mut Vm, v: &Value) -> PyResult<i32> {
    if v.is_float() || downcast::<FloatData>(v).is_some() {
        return Err(vm.type_error("'float' object cannot be interpreted as an integer"));
    }
    let n = vm.index_i64(v)?;
    if n < 1 || n >= NSIG as i64 {
        return Err(vm.value_error("signal number out of range"));
    }
    Ok(n as i32)
}

fn default_int_handler_value() -> Value {
    DEFAULT_INT_HANDLER
        .with(|d| d.borrow().clone())
        .unwrap_or_else(Value::none)
}

/// The handler `getsignal` reports: what was set from Python, else the
/// process's current disposition.
fn current_handler(sig: i32) -> Value {
    if let Some(h) = HANDLERS.with(|h| h.borrow()[sig as usize].clone()) {
        return h;
    }
    if sig == libc::SIGINT {
        return default_int_handler_value();
    }
    // SAFETY: a zeroed sigaction is a valid out-buffer; a null new action
    // only queries.
    let mut old: libc::sigaction = unsafe { std::mem::zeroed() };
    // SAFETY: see above.
    let r = unsafe { libc::sigaction(sig, std::ptr::null(), &mut old) };
    if r != 0 {
        return Value::none();
    }
    if old.sa_sigaction == libc::SIG_IGN {
        new_int_i64(1)
    } else if old.sa_sigaction == libc::SIG_DFL {
        new_int_i64(0)
    } else {
        Value::none()
    }
}

fn set_disposition(vm: &mut Vm, sig: i32, handler: libc::sighandler_t) -> PyResult<()> {
    // SAFETY: a zeroed sigaction with an empty mask is valid to fill in.
    let mut act: libc::sigaction = unsafe { std::mem::zeroed() };
    act.sa_sigaction = handler;
    act.sa_flags = libc::SA_ONSTACK;
    // SAFETY: act is initialised; sa_mask is a valid sigset_t.
    unsafe { libc::sigemptyset(&mut act.sa_mask) };
    // SAFETY: act is a valid action; the old one is not wanted.
    if unsafe { libc::sigaction(sig, &act, std::ptr::null_mut()) } != 0 {
        return Err(crate::modules::posix::errno_error(vm, None));
    }
    Ok(())
}

fn signal(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("signal", &a, 2, 2)?;
    if !crate::modules::thread::is_main_thread() {
        return Err(vm.value_error("signal only works in main thread of the main interpreter"));
    }
    let sig = sig_arg(vm, &a.args[0])?;
    let h = a.args[1].clone();
    let old = current_handler(sig);
    let as_int = if h.is_int() { h.as_i64() } else { None };
    match as_int {
        Some(0) => set_disposition(vm, sig, libc::SIG_DFL)?,
        Some(1) => set_disposition(vm, sig, libc::SIG_IGN)?,
        _ => {
            if !crate::builtins::module::is_callable(&h) {
                return Err(vm.type_error(
                    "signal handler must be signal.SIG_IGN, signal.SIG_DFL, or a callable object",
                ));
            }
            set_disposition(
                vm,
                sig,
                trampoline as extern "C" fn(libc::c_int) as libc::sighandler_t,
            )?;
        }
    }
    HANDLERS.with(|hs| hs.borrow_mut()[sig as usize] = Some(h));
    Ok(old)
}

fn getsignal(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("getsignal", &a, 1, 1)?;
    let sig = sig_arg(vm, &a.args[0])?;
    Ok(current_handler(sig))
}

fn default_int_handler(vm: &mut Vm, _a: Args) -> PyResult<Value> {
    Err(vm.new_exc_noargs(&KEYBOARD_INTERRUPT_TYPE))
}

fn set_wakeup_fd(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let p = crate::builtins::bind(
        vm,
        &a,
        "set_wakeup_fd",
        &["fd", "warn_on_full_buffer"],
        false,
    )?;
    let Some(fd) = p[0] else {
        return Err(vm.type_error("set_wakeup_fd() missing required argument 'fd' (pos 1)"));
    };
    let fd = vm.index_i64(fd)?;
    if fd != -1 {
        // SAFETY: zeroed stat is a valid out-buffer.
        let mut st: libc::stat = unsafe { std::mem::zeroed() };
        // SAFETY: st is a valid out-pointer.
        if unsafe { libc::fstat(fd as i32, &mut st) } != 0 {
            return Err(crate::modules::posix::errno_error(vm, None));
        }
    }
    let old = WAKEUP_FD.swap(fd as i32, Ordering::SeqCst);
    Ok(new_int_i64(old as i64))
}

fn valid_signals(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("valid_signals", &a, 0, 0)?;
    let s = vm.new_set(false);
    let d = downcast::<SetData>(&s).expect("set");
    for i in 1..NSIG {
        // glibc reserves 32 and 33 for its threads implementation.
        if i == 32 || i == 33 {
            continue;
        }
        vm.table_set(&d.table, new_int_i64(i as i64), Value::none())?;
    }
    Ok(s)
}

fn alarm(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("alarm", &a, 1, 1)?;
    let n = vm.index_i64(&a.args[0])?;
    // SAFETY: plain libc call.
    let r = unsafe { libc::alarm(n.clamp(0, u32::MAX as i64) as u32) };
    Ok(new_int_i64(r as i64))
}

fn pause(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("pause", &a, 0, 0)?;
    crate::modules::io::flush_stdout(vm);
    // SAFETY: plain libc call; returns when a signal is caught.
    unsafe { libc::pause() };
    run_pending(vm)?;
    Ok(Value::none())
}

fn raise_signal(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("raise_signal", &a, 1, 1)?;
    let sig = sig_arg(vm, &a.args[0])?;
    crate::modules::io::flush_stdout(vm);
    // SAFETY: plain libc call.
    if unsafe { libc::raise(sig) } != 0 {
        return Err(crate::modules::posix::errno_error(vm, None));
    }
    run_pending(vm)?;
    Ok(Value::none())
}

fn strsignal(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("strsignal", &a, 1, 1)?;
    let sig = sig_arg(vm, &a.args[0])?;
    // SAFETY: strsignal returns a NUL-terminated string we copy at once.
    let p = unsafe { libc::strsignal(sig) };
    if p.is_null() {
        return Ok(Value::none());
    }
    // SAFETY: non-null NUL-terminated string.
    let s = unsafe { std::ffi::CStr::from_ptr(p) }
        .to_string_lossy()
        .into_owned();
    if s.starts_with("Unknown signal") || s.starts_with("Real-time signal") {
        return Ok(Value::none());
    }
    Ok(vm.new_str_owned(s))
}

fn siginterrupt(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("siginterrupt", &a, 2, 2)?;
    let _sig = sig_arg(vm, &a.args[0])?;
    let _flag = vm.truthy(&a.args[1])?;
    Ok(Value::none())
}

const CONSTANTS: &[(&str, i64)] = &[
    ("NSIG", 65),
    ("SIG_BLOCK", 0),
    ("SIG_UNBLOCK", 1),
    ("SIG_SETMASK", 2),
    ("SIGHUP", 1),
    ("SIGINT", 2),
    ("SIGQUIT", 3),
    ("SIGILL", 4),
    ("SIGTRAP", 5),
    ("SIGIOT", 6),
    ("SIGABRT", 6),
    ("SIGFPE", 8),
    ("SIGKILL", 9),
    ("SIGBUS", 7),
    ("SIGSEGV", 11),
    ("SIGSYS", 31),
    ("SIGPIPE", 13),
    ("SIGALRM", 14),
    ("SIGTERM", 15),
    ("SIGUSR1", 10),
    ("SIGUSR2", 12),
    ("SIGCLD", 17),
    ("SIGCHLD", 17),
    ("SIGPWR", 30),
    ("SIGIO", 29),
    ("SIGURG", 23),
    ("SIGWINCH", 28),
    ("SIGPOLL", 29),
    ("SIGSTOP", 19),
    ("SIGTSTP", 20),
    ("SIGCONT", 18),
    ("SIGTTIN", 21),
    ("SIGTTOU", 22),
    ("SIGVTALRM", 26),
    ("SIGPROF", 27),
    ("SIGXCPU", 24),
    ("SIGXFSZ", 25),
    ("SIGRTMIN", 34),
    ("SIGRTMAX", 64),
    ("SIGSTKFLT", 16),
    ("ITIMER_REAL", 0),
    ("ITIMER_VIRTUAL", 1),
    ("ITIMER_PROF", 2),
    ("SIG_DFL", 0),
    ("SIG_IGN", 1),
];

pub fn init(vm: &mut Vm) -> PyResult<Value> {
    let m = vm.new_module("_signal")?;
    let fns: &[(&'static str, NativeFn)] = &[
        ("default_int_handler", default_int_handler),
        ("alarm", alarm),
        ("signal", signal),
        ("raise_signal", raise_signal),
        ("strsignal", strsignal),
        ("getsignal", getsignal),
        ("set_wakeup_fd", set_wakeup_fd),
        ("siginterrupt", siginterrupt),
        ("pause", pause),
        ("valid_signals", valid_signals),
    ];
    crate::modules::add_functions(vm, &m, "_signal", fns)?;
    let d = crate::vm::attr::inst_dict(&m).unwrap();
    let dih = vm.dict_get_str(&d, "default_int_handler").unwrap();
    DEFAULT_INT_HANDLER.with(|x| *x.borrow_mut() = Some(dih));
    for (n, v) in CONSTANTS {
        crate::modules::set_attr(vm, &m, n, new_int_i64(*v))?;
    }
    Ok(m)
}
