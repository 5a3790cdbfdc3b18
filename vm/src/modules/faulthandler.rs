//! `faulthandler`: dump the Python stack on a fatal signal, on request,
//! after a timeout, or on a user signal, in CPython's format:
//!
//! ```text
//! Fatal Python error: Segmentation fault
//!
//! Current thread 0x00007f0000001000 (most recent call first):
//!   File "/tmp/x.py", line 3 in g
//!   File "/tmp/x.py", line 5 in <module>
//! ```
//!
//! What is printed, and how:
//! - Each thread's frames, most recent first, as `  File "NAME", line N
//!   in FUNC` (the code object's `co_name`), names written in ASCII with
//!   `\xNN`/`\uNNNN`/`\UNNNNNNNN` escapes and cut at 500 characters
//!   (`...`), at most 100 frames (`  ...`), at most 100 threads (`...`),
//!   newest thread first; `  <no Python frame>` for a thread with none.
//!   The thread number is the one `threading.get_ident()` gives.
//! - A fatal signal (SIGSEGV, SIGFPE, SIGABRT, SIGBUS, SIGILL) once
//!   `enable()`d (or `-X faulthandler`, `PYTHONFAULTHANDLER`): "Fatal
//!   Python error: <signal's name>", a blank line, the stack(s); then the
//!   previous handler is put back and the signal raised again, so the
//!   process ends as it would have (status 128 + signal in a shell). The
//!   handler runs on the alternate signal stack, allocates nothing and
//!   writes with `write(2)`; it reads the threads' frame stacks without
//!   locking (as CPython does), so a crash in the middle of pushing or
//!   popping a frame may show that frame's neighbour or miss one. No
//!   "Extension modules:" line (Pyrite has no C extensions).
//! - `dump_traceback_later(timeout, repeat, file, exit)`: a watchdog
//!   thread prints "Timeout (H:MM:SS[.ffffff])!" and every thread's stack
//!   (none marked current), then `_exit(1)` if `exit`. It first asks for
//!   the GIL (as a thread switch would, for up to half a second) so that
//!   the stacks are read while no Python code runs; a thread that keeps
//!   the GIL longer (blocked in native code, whose frames do not move) is
//!   read without it.
//! - `register(signum, file, all_threads, chain)`: the stack on that
//!   signal, then the previous handler if `chain`.
//!
//! Threads are known through a registry of each thread's VM
//! ([`register_thread`]): the main program's VM, each `_thread` thread's,
//! and any VM that calls into this module.

use crate::objects::*;
use crate::types::*;
use crate::value::Value;
use crate::vm::new::new_int_i64;
use crate::vm::{Args, PyResult, Vm};
use std::cell::UnsafeCell;
use std::sync::atomic::{AtomicBool, AtomicI32, AtomicI64, AtomicPtr, AtomicU64, AtomicUsize, Ordering};

// ---------------------------------------------------------------------------
// Which threads run Python, and on which VM
// ---------------------------------------------------------------------------

const MAX_SLOTS: usize = 256;
const MAX_THREADS: usize = 100;
const MAX_FRAME_DEPTH: usize = 100;
const MAX_STRING_LENGTH: usize = 500;

struct Slot {
    /// `pthread_self()` of the thread (0: free).
    pthread: AtomicUsize,
    /// Its `threading.get_ident()`.
    ident: AtomicI64,
    vm: AtomicPtr<Vm>,
    /// When it was registered (newest threads are shown first).
    order: AtomicU64,
}

#[allow(clippy::declare_interior_mutable_const)]
const FREE: Slot = Slot {
    pthread: AtomicUsize::new(0),
    ident: AtomicI64::new(0),
    vm: AtomicPtr::new(std::ptr::null_mut()),
    order: AtomicU64::new(0),
};

static SLOTS: [Slot; MAX_SLOTS] = [FREE; MAX_SLOTS];
static ORDER: AtomicU64 = AtomicU64::new(1);

fn pthread_self() -> usize {
    // SAFETY: pthread_self has no preconditions and is async-signal-safe.
    unsafe { libc::pthread_self() as usize }
}

/// Records that this thread runs Python code on `vm`, which must stay
/// where it is until [`unregister_thread`] (or another registration).
pub fn register_thread(vm: &Vm) {
    let me = pthread_self();
    let ident = crate::modules::thread::current_ident();
    let vmp = vm as *const Vm as *mut Vm;
    if let Some(s) = SLOTS.iter().find(|s| s.pthread.load(Ordering::Acquire) == me) {
        s.vm.store(vmp, Ordering::Release);
        s.ident.store(ident, Ordering::Release);
        return;
    }
    for s in SLOTS.iter() {
        if s
            .pthread
            .compare_exchange(0, me, Ordering::AcqRel, Ordering::Acquire)
            .is_ok()
        {
            s.ident.store(ident, Ordering::Release);
            s.order.store(ORDER.fetch_add(1, Ordering::Relaxed), Ordering::Release);
            s.vm.store(vmp, Ordering::Release);
            return;
        }
    }
}

/// Every registered thread's `threading.get_ident()` and VM (for
/// `sys._current_frames()`): each VM other than the caller's is parked
/// outside the GIL while the caller holds it.
pub fn registered_vms() -> Vec<(i64, *mut Vm)> {
    SLOTS
        .iter()
        .filter(|s| s.pthread.load(Ordering::Acquire) != 0)
        .map(|s| (s.ident.load(Ordering::Acquire), s.vm.load(Ordering::Acquire)))
        .filter(|(_, v)| !v.is_null())
        .collect()
}

/// This thread's VM is going away.
pub fn unregister_thread() {
    let me = pthread_self();
    for s in SLOTS.iter() {
        if s.pthread.load(Ordering::Acquire) == me {
            s.vm.store(std::ptr::null_mut(), Ordering::Release);
            s.pthread.store(0, Ordering::Release);
        }
    }
}

/// The registered threads, newest first, into `out`; their count.
fn threads_newest_first(out: &mut [usize; MAX_SLOTS]) -> usize {
    let mut n = 0;
    let mut below = u64::MAX;
    loop {
        let mut best: Option<(usize, u64)> = None;
        for (i, s) in SLOTS.iter().enumerate() {
            if s.pthread.load(Ordering::Acquire) == 0 || s.vm.load(Ordering::Acquire).is_null() {
                continue;
            }
            let o = s.order.load(Ordering::Acquire);
            if o < below && best.is_none_or(|(_, b)| o > b) {
                best = Some((i, o));
            }
        }
        match best {
            Some((i, o)) if n < MAX_SLOTS => {
                out[n] = i;
                n += 1;
                below = o;
            }
            _ => return n,
        }
    }
}

// ---------------------------------------------------------------------------
// Writing without allocating (signal handlers)
// ---------------------------------------------------------------------------

struct FdWriter {
    fd: i32,
    buf: [u8; 256],
    len: usize,
}

impl FdWriter {
    fn new(fd: i32) -> FdWriter {
        FdWriter {
            fd,
            buf: [0; 256],
            len: 0,
        }
    }

    fn flush(&mut self) {
        let mut done = 0;
        while done < self.len {
            // SAFETY: writes initialised bytes of our own buffer.
            let n = unsafe {
                libc::write(self.fd, self.buf[done..].as_ptr().cast(), self.len - done)
            };
            if n <= 0 {
                // SAFETY: reads this thread's errno.
                if n < 0 && unsafe { *libc::__errno_location() } == libc::EINTR {
                    continue;
                }
                break;
            }
            done += n as usize;
        }
        self.len = 0;
    }

    fn byte(&mut self, b: u8) {
        if self.len == self.buf.len() {
            self.flush();
        }
        self.buf[self.len] = b;
        self.len += 1;
    }

    fn puts(&mut self, s: &str) {
        for &b in s.as_bytes() {
            self.byte(b);
        }
    }

    fn decimal(&mut self, mut n: u64) {
        let mut digits = [0u8; 20];
        let mut i = digits.len();
        loop {
            i -= 1;
            digits[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        for &d in &digits[i..] {
            self.byte(d);
        }
    }

    /// Lower-case hexadecimal, at least `width` digits.
    fn hex(&mut self, n: u64, width: usize) {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        let mut digits = [0u8; 16];
        let mut i = digits.len();
        let mut v = n;
        while v != 0 || digits.len() - i < width {
            i -= 1;
            digits[i] = DIGITS[(v & 15) as usize];
            v >>= 4;
            if i == 0 {
                break;
            }
        }
        for &d in &digits[i..] {
            self.byte(d);
        }
    }

    /// CPython's `_Py_DumpASCII`: printable ASCII as is, the rest escaped,
    /// at most 500 characters then `...`.
    fn ascii(&mut self, s: &str) {
        for (i, c) in s.chars().enumerate() {
            if i == MAX_STRING_LENGTH {
                self.puts("...");
                return;
            }
            let ch = c as u32;
            if (0x20..=0x7e).contains(&ch) {
                self.byte(ch as u8);
            } else if ch <= 0xff {
                self.puts("\\x");
                self.hex(ch as u64, 2);
            } else if ch <= 0xffff {
                self.puts("\\u");
                self.hex(ch as u64, 4);
            } else {
                self.puts("\\U");
                self.hex(ch as u64, 8);
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Dumping stacks
// ---------------------------------------------------------------------------

fn dump_frame(w: &mut FdWriter, f: &crate::eval::Frame) {
    let code = &f.code().code;
    w.puts("  File \"");
    w.ascii(&code.filename);
    w.puts("\", line ");
    w.decimal(f.line_at(f.lasti()) as u64);
    w.puts(" in ");
    w.ascii(&code.name);
    w.puts("\n");
}

/// The frames of `vm`, most recent first.
///
/// # Safety
/// `vm` must point to a live VM (its frames may be changing under us
/// only in a signal handler or the watchdog, which accept the risk).
unsafe fn dump_vm(w: &mut FdWriter, vm: *const Vm) {
    // SAFETY: the caller vouches for `vm`.
    let frames = unsafe { &(*vm).frames };
    if frames.is_empty() {
        w.puts("  <no Python frame>\n");
        return;
    }
    for (depth, f) in frames.iter().rev().enumerate() {
        if depth >= MAX_FRAME_DEPTH {
            w.puts("  ...\n");
            break;
        }
        dump_frame(w, f);
    }
}

/// One thread's stack with CPython's header for `all_threads=False`.
///
/// # Safety
/// As [`dump_vm`].
unsafe fn dump_stack(w: &mut FdWriter, vm: *const Vm) {
    w.puts("Stack (most recent call first):\n");
    // SAFETY: passed on.
    unsafe { dump_vm(w, vm) };
}

/// Every registered thread's stack, newest thread first; the thread
/// `current` (a `pthread_self()`) is "Current thread", and `current_vm`,
/// if given, is its VM.
///
/// # Safety
/// The registered VMs must be alive (they unregister before they go).
unsafe fn dump_threads(w: &mut FdWriter, current: Option<usize>, current_vm: Option<*const Vm>) {
    let mut order = [0usize; MAX_SLOTS];
    let n = threads_newest_first(&mut order);
    if n == 0 {
        if let Some(vm) = current_vm {
            w.puts("Current thread 0x");
            w.hex(crate::modules::thread::current_ident() as u64, 16);
            w.puts(" (most recent call first):\n");
            // SAFETY: the caller's own VM.
            unsafe { dump_vm(w, vm) };
        }
        return;
    }
    for (k, &i) in order[..n].iter().enumerate() {
        if k != 0 {
            w.puts("\n");
        }
        if k >= MAX_THREADS {
            w.puts("...\n");
            break;
        }
        let s = &SLOTS[i];
        let is_current = current == Some(s.pthread.load(Ordering::Acquire));
        w.puts(if is_current { "Current thread 0x" } else { "Thread 0x" });
        w.hex(s.ident.load(Ordering::Acquire) as u64, 16);
        w.puts(" (most recent call first):\n");
        let vm = match (is_current, current_vm) {
            (true, Some(v)) => v,
            _ => s.vm.load(Ordering::Acquire) as *const Vm,
        };
        if !vm.is_null() {
            // SAFETY: registered VMs are alive.
            unsafe { dump_vm(w, vm) };
        }
    }
}

/// This thread's VM as registered, if any.
fn my_vm() -> Option<*const Vm> {
    let me = pthread_self();
    SLOTS
        .iter()
        .find(|s| s.pthread.load(Ordering::Acquire) == me)
        .map(|s| s.vm.load(Ordering::Acquire) as *const Vm)
        .filter(|p| !p.is_null())
}

// ---------------------------------------------------------------------------
// Fatal signals
// ---------------------------------------------------------------------------

const FATAL: [(i32, &str); 5] = [
    (libc::SIGBUS, "Bus error"),
    (libc::SIGILL, "Illegal instruction"),
    (libc::SIGFPE, "Floating point exception"),
    (libc::SIGABRT, "Aborted"),
    (libc::SIGSEGV, "Segmentation fault"),
];

/// Handlers replaced by ours, put back by `disable()` and before a fatal
/// signal is raised again.
struct Saved(UnsafeCell<[std::mem::MaybeUninit<libc::sigaction>; 65]>);
// SAFETY: written only while the handlers are being (un)installed (with
// the GIL held), read by the handlers once installed.
unsafe impl Sync for Saved {}

static FATAL_PREV: Saved = Saved(UnsafeCell::new([std::mem::MaybeUninit::uninit(); 65]));
static USER_PREV: Saved = Saved(UnsafeCell::new([std::mem::MaybeUninit::uninit(); 65]));

static ENABLED: AtomicBool = AtomicBool::new(false);
static FATAL_FD: AtomicI32 = AtomicI32::new(2);
static FATAL_ALL_THREADS: AtomicBool = AtomicBool::new(true);
static REENTRANT: AtomicBool = AtomicBool::new(false);

/// Installs `handler` for `sig`, keeping the one it replaces in
/// `prev[sig]`.
fn install(sig: i32, handler: usize, flags: i32, prev: &Saved) -> bool {
    // SAFETY: a zeroed sigaction with an empty mask is valid; the slot
    // written is this signal's, with no handler of ours running for it.
    unsafe {
        let mut act: libc::sigaction = std::mem::zeroed();
        act.sa_sigaction = handler;
        act.sa_flags = flags | libc::SA_SIGINFO | libc::SA_ONSTACK;
        libc::sigemptyset(&mut act.sa_mask);
        let slot = (*prev.0.get())[sig as usize].as_mut_ptr();
        libc::sigaction(sig, &act, slot) == 0
    }
}

/// Puts back the handler saved for `sig`.
fn restore(sig: i32, prev: &Saved) {
    // SAFETY: the slot was filled by `install` for this signal.
    unsafe {
        let slot = (*prev.0.get())[sig as usize].as_ptr();
        libc::sigaction(sig, slot, std::ptr::null_mut());
    }
}

extern "C" fn fatal_handler(sig: i32, _info: *mut libc::siginfo_t, _ctx: *mut libc::c_void) {
    // SAFETY: errno is this thread's.
    let saved_errno = unsafe { *libc::__errno_location() };
    let Some(&(_, name)) = FATAL.iter().find(|(s, _)| *s == sig) else {
        return;
    };
    // The previous handler comes back first: a fault in what follows, and
    // the signal raised at the end, go to it.
    restore(sig, &FATAL_PREV);
    if !REENTRANT.swap(true, Ordering::SeqCst) {
        let mut w = FdWriter::new(FATAL_FD.load(Ordering::Relaxed));
        w.puts("Fatal Python error: ");
        w.puts(name);
        w.puts("\n\n");
        // SAFETY: registered VMs are alive; the stacks are read as they
        // are at the fault.
        unsafe {
            if FATAL_ALL_THREADS.load(Ordering::Relaxed) {
                dump_threads(&mut w, Some(pthread_self()), None);
            } else if let Some(vm) = my_vm() {
                dump_stack(&mut w, vm);
            }
        }
        w.flush();
        REENTRANT.store(false, Ordering::SeqCst);
    }
    // SAFETY: errno is this thread's; raise is async-signal-safe (with
    // SA_NODEFER the previous handler runs now; a real fault, if it
    // returns, happens again under it).
    unsafe {
        *libc::__errno_location() = saved_errno;
        libc::raise(sig);
    }
}

/// Turns the fatal-signal handlers on, writing to `fd`.
pub fn enable_fatal(fd: i32, all_threads: bool) {
    FATAL_FD.store(fd, Ordering::SeqCst);
    FATAL_ALL_THREADS.store(all_threads, Ordering::SeqCst);
    if ENABLED.swap(true, Ordering::SeqCst) {
        return;
    }
    for (sig, _) in FATAL {
        install(sig, fatal_handler as *const () as usize, libc::SA_NODEFER, &FATAL_PREV);
    }
}

/// Turns them off (the previous handlers back); whether they were on.
pub fn disable_fatal() -> bool {
    if !ENABLED.swap(false, Ordering::SeqCst) {
        return false;
    }
    for (sig, _) in FATAL {
        restore(sig, &FATAL_PREV);
    }
    true
}

// ---------------------------------------------------------------------------
// User signals (register)
// ---------------------------------------------------------------------------

struct UserSignal {
    enabled: AtomicBool,
    fd: AtomicI32,
    all_threads: AtomicBool,
    chain: AtomicBool,
}

#[allow(clippy::declare_interior_mutable_const)]
const NO_USER: UserSignal = UserSignal {
    enabled: AtomicBool::new(false),
    fd: AtomicI32::new(2),
    all_threads: AtomicBool::new(true),
    chain: AtomicBool::new(false),
};

static USER: [UserSignal; 65] = [NO_USER; 65];

extern "C" fn user_handler(sig: i32, info: *mut libc::siginfo_t, ctx: *mut libc::c_void) {
    let Some(u) = USER.get(sig as usize) else {
        return;
    };
    if !u.enabled.load(Ordering::Acquire) {
        return;
    }
    // SAFETY: errno is this thread's.
    let saved_errno = unsafe { *libc::__errno_location() };
    let mut w = FdWriter::new(u.fd.load(Ordering::Relaxed));
    // SAFETY: registered VMs are alive.
    unsafe {
        if u.all_threads.load(Ordering::Relaxed) {
            dump_threads(&mut w, Some(pthread_self()), None);
        } else if let Some(vm) = my_vm() {
            dump_stack(&mut w, vm);
        }
    }
    w.flush();
    if u.chain.load(Ordering::Relaxed) {
        // The previous handler, called as the kernel would call it.
        // SAFETY: the slot holds what `install` replaced for this signal.
        unsafe {
            let prev = &*(*USER_PREV.0.get())[sig as usize].as_ptr();
            let h = prev.sa_sigaction;
            if h != libc::SIG_DFL && h != libc::SIG_IGN {
                if prev.sa_flags & libc::SA_SIGINFO != 0 {
                    let f: extern "C" fn(i32, *mut libc::siginfo_t, *mut libc::c_void) =
                        std::mem::transmute(h);
                    f(sig, info, ctx);
                } else {
                    let f: extern "C" fn(i32) = std::mem::transmute(h);
                    f(sig);
                }
            } else if h == libc::SIG_DFL {
                restore(sig, &USER_PREV);
                libc::raise(sig);
                install(sig, user_handler as *const () as usize, libc::SA_NODEFER, &USER_PREV);
            }
        }
    }
    // SAFETY: errno is this thread's.
    unsafe { *libc::__errno_location() = saved_errno };
}

// ---------------------------------------------------------------------------
// dump_traceback_later's watchdog
// ---------------------------------------------------------------------------

struct Later {
    /// Bumped by each arming and cancelling: a watchdog whose number is
    /// no longer current stops.
    generation: u64,
}

static LATER: std::sync::Mutex<Later> = std::sync::Mutex::new(Later { generation: 0 });
static LATER_COND: std::sync::Condvar = std::sync::Condvar::new();

fn later_lock() -> std::sync::MutexGuard<'static, Later> {
    LATER.lock().unwrap_or_else(|p| p.into_inner())
}

/// At exit, before the VM goes: no watchdog reads it any more (one
/// dumping now is waited for), and this thread is off the registry.
pub fn finalize() {
    cancel_later();
    unregister_thread();
}

fn cancel_later() {
    let mut l = later_lock();
    l.generation += 1;
    drop(l);
    LATER_COND.notify_all();
}

/// CPython's "Timeout (H:MM:SS[.ffffff])!" header.
fn timeout_header(us: u64) -> String {
    let (sec, frac) = (us / 1_000_000, us % 1_000_000);
    let (h, m, s) = (sec / 3600, sec / 60 % 60, sec % 60);
    if frac != 0 {
        format!("Timeout ({}:{:02}:{:02}.{:06})!\n", h, m, s, frac)
    } else {
        format!("Timeout ({}:{:02}:{:02})!\n", h, m, s)
    }
}

fn watchdog(generation: u64, us: u64, repeat: bool, fd: i32, exit: bool) {
    let timeout = std::time::Duration::from_micros(us);
    loop {
        let deadline = std::time::Instant::now() + timeout;
        let mut l = later_lock();
        loop {
            if l.generation != generation {
                return;
            }
            let now = std::time::Instant::now();
            if now >= deadline {
                break;
            }
            l = LATER_COND
                .wait_timeout(l, deadline - now)
                .unwrap_or_else(|p| p.into_inner())
                .0;
        }
        // The lock stays held while the stacks are read: cancelling (and
        // so finalisation) waits for a dump under way to end.
        let header = timeout_header(us);
        let mut w = FdWriter::new(fd);
        w.puts(&header);
        // Stop the Python threads at a switch point while we look.
        let got_gil = crate::gil::try_acquire_for(std::time::Duration::from_millis(500));
        // SAFETY: registered VMs are alive; with the GIL no Python code
        // runs, without it the holder is blocked outside Python code.
        unsafe { dump_threads(&mut w, None, None) };
        w.flush();
        if got_gil {
            crate::gil::release();
        }
        drop(l);
        if exit {
            // SAFETY: ends the process at once, as CPython's _exit(1).
            unsafe { libc::_exit(1) };
        }
        if !repeat {
            return;
        }
    }
}

// ---------------------------------------------------------------------------
// The module
// ---------------------------------------------------------------------------

/// The descriptor of `file` (an int, or an object with `fileno()`, which
/// is flushed first; None: `sys.stderr`), kept alive by the caller.
fn file_fd(vm: &mut Vm, file: Option<&Value>) -> PyResult<(i32, Value)> {
    let file = match file {
        Some(f) if !f.is_none() => f.clone(),
        _ => {
            let err = crate::modules::sys::stderr(vm)?;
            if err.is_none() {
                return Err(vm.runtime_error("sys.stderr is None"));
            }
            err
        }
    };
    if let Some(i) = crate::vm::ops::to_int(&file) {
        let fd = i.to_i64().filter(|&n| (0..=i32::MAX as i64).contains(&n));
        return match fd {
            Some(fd) => Ok((fd as i32, file)),
            None => Err(vm.value_error("file is not a valid file descripter")),
        };
    }
    let n = vm.call_method(&file, "fileno", &[])?;
    let fd = match crate::vm::ops::to_int(&n).and_then(|i| i.to_i64()) {
        Some(fd) if (0..=i32::MAX as i64).contains(&fd) => fd as i32,
        Some(_) => return Err(vm.value_error("file is not a valid file descripter")),
        None => return Err(vm.runtime_error("file.fileno() is not a valid file descriptor")),
    };
    // Whatever the file buffered goes first (an error there is ignored).
    let _ = vm.call_method(&file, "flush", &[]);
    Ok((fd, file))
}

fn truth(vm: &mut Vm, v: Option<&Value>, default: bool) -> PyResult<bool> {
    match v {
        Some(v) => vm.truthy(v),
        None => Ok(default),
    }
}

/// The files `enable()`/`register()` write to, kept alive (their
/// descriptors must stay open), by signal.
static FILES: crate::gil::GilCell<std::cell::RefCell<Vec<(i32, Value)>>> =
    crate::gil::GilCell::new(std::cell::RefCell::new(Vec::new()));

fn keep_file(key: i32, file: Value) {
    FILES.with(|f| {
        let mut f = f.borrow_mut();
        f.retain(|(k, _)| *k != key);
        f.push((key, file));
    });
}

fn drop_file(key: i32) {
    let old: Vec<(i32, Value)> = FILES.with(|f| {
        let mut f = f.borrow_mut();
        let (gone, kept): (Vec<_>, Vec<_>) = f.drain(..).partition(|(k, _)| *k == key);
        *f = kept;
        gone
    });
    drop(old);
}

/// `enable(file=sys.stderr, all_threads=True)`.
fn fh_enable(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let b = crate::builtins::bind(vm, &a, "enable", &["file", "all_threads"], false)?;
    let (fd, file) = file_fd(vm, b[0])?;
    let all = truth(vm, b[1], true)?;
    register_thread(vm);
    keep_file(0, file);
    enable_fatal(fd, all);
    Ok(Value::none())
}

/// `-X faulthandler` / `PYTHONFAULTHANDLER`: `enable()` at start-up, on
/// stderr.
pub fn enable_at_startup(vm: &mut Vm) {
    register_thread(vm);
    enable_fatal(2, true);
}

fn fh_disable(_vm: &mut Vm, _a: Args) -> PyResult<Value> {
    let was = disable_fatal();
    drop_file(0);
    Ok(Value::from_bool(was))
}

fn fh_is_enabled(_vm: &mut Vm, _a: Args) -> PyResult<Value> {
    Ok(Value::from_bool(ENABLED.load(Ordering::SeqCst)))
}

/// `dump_traceback(file=sys.stderr, all_threads=True)`.
fn fh_dump_traceback(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let b = crate::builtins::bind(vm, &a, "dump_traceback", &["file", "all_threads"], false)?;
    let (fd, _file) = file_fd(vm, b[0])?;
    let all = truth(vm, b[1], true)?;
    register_thread(vm);
    let mut w = FdWriter::new(fd);
    let me: *const Vm = vm;
    // SAFETY: our own VM, and registered ones (stopped: we hold the GIL).
    unsafe {
        if all {
            dump_threads(&mut w, Some(pthread_self()), Some(me));
        } else {
            dump_stack(&mut w, me);
        }
    }
    w.flush();
    Ok(Value::none())
}

/// `dump_traceback_later(timeout, repeat=False, file=sys.stderr,
/// exit=False)`.
fn fh_dump_traceback_later(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let b = crate::builtins::bind(
        vm,
        &a,
        "dump_traceback_later",
        &["timeout", "repeat", "file", "exit"],
        false,
    )?;
    let Some(t) = b[0] else {
        return Err(vm.type_error(
            "dump_traceback_later() missing required argument 'timeout' (pos 1)",
        ));
    };
    let secs = match (crate::vm::ops::to_float(t), crate::vm::ops::to_int(t)) {
        (Some(f), _) => f,
        (None, Some(i)) => i.to_f64().unwrap_or(f64::INFINITY),
        _ => {
            return Err(vm.type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                t.type_of().name()
            )))
        }
    };
    let us = (secs * 1e6).ceil();
    if !(us >= 1.0) {
        return Err(vm.value_error("timeout must be greater than 0"));
    }
    if us > u64::MAX as f64 / 2.0 {
        return Err(vm.new_exc(&OVERFLOW_ERROR_TYPE, "timeout value is too large"));
    }
    let repeat = truth(vm, b[1], false)?;
    let (fd, file) = file_fd(vm, b[2])?;
    let exit = truth(vm, b[3], false)?;
    register_thread(vm);
    keep_file(-1, file);
    cancel_later();
    let generation = later_lock().generation;
    let us = us as u64;
    crate::gil::THREADED.store(true, Ordering::SeqCst);
    std::thread::Builder::new()
        .name("faulthandler-watchdog".into())
        .spawn(move || watchdog(generation, us, repeat, fd, exit))
        .map_err(|_| vm.runtime_error("unable to start watchdog thread"))?;
    Ok(Value::none())
}

fn fh_cancel_dump_traceback_later(_vm: &mut Vm, _a: Args) -> PyResult<Value> {
    cancel_later();
    drop_file(-1);
    Ok(Value::none())
}

fn signum_arg(vm: &mut Vm, v: Option<&Value>, fname: &str) -> PyResult<i32> {
    let Some(v) = v else {
        return Err(vm.type_error(format!(
            "{}() missing required argument 'signum' (pos 1)",
            fname
        )));
    };
    let n = vm.index_i64(v)?;
    if !(1..65).contains(&n) {
        return Err(vm.value_error("signal number out of range"));
    }
    Ok(n as i32)
}

/// `register(signum, file=sys.stderr, all_threads=True, chain=False)`.
fn fh_register(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let b = crate::builtins::bind(
        vm,
        &a,
        "register",
        &["signum", "file", "all_threads", "chain"],
        false,
    )?;
    let sig = signum_arg(vm, b[0], "register")?;
    if FATAL.iter().any(|(s, _)| *s == sig) {
        return Err(vm.runtime_error(format!(
            "signal {} cannot be registered, use enable() instead",
            sig
        )));
    }
    let (fd, file) = file_fd(vm, b[1])?;
    let all = truth(vm, b[2], true)?;
    let chain = truth(vm, b[3], false)?;
    register_thread(vm);
    let u = &USER[sig as usize];
    u.fd.store(fd, Ordering::SeqCst);
    u.all_threads.store(all, Ordering::SeqCst);
    u.chain.store(chain, Ordering::SeqCst);
    if !u.enabled.load(Ordering::SeqCst) {
        let flags = if chain { libc::SA_NODEFER } else { 0 };
        if !install(sig, user_handler as *const () as usize, flags, &USER_PREV) {
            return Err(crate::modules::posix::errno_error(vm, None));
        }
        u.enabled.store(true, Ordering::SeqCst);
    }
    keep_file(sig, file);
    Ok(Value::none())
}

/// `unregister(signum)`: whether a handler was registered.
fn fh_unregister(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let b = crate::builtins::bind(vm, &a, "unregister", &["signum"], false)?;
    let sig = signum_arg(vm, b[0], "unregister")?;
    let u = &USER[sig as usize];
    if !u.enabled.swap(false, Ordering::SeqCst) {
        return Ok(Value::from_bool(false));
    }
    restore(sig, &USER_PREV);
    drop_file(sig);
    Ok(Value::from_bool(true))
}

/// `_sigsegv()`, `_sigabrt()`, `_sigfpe()`, `_read_null()`: CPython's
/// helpers for testing the handlers.
fn fh_sigsegv(vm: &mut Vm, _a: Args) -> PyResult<Value> {
    crate::modules::io::flush_stdout(vm);
    // SAFETY: raising a signal; the process ends by it. Rust's own
    // SIGSEGV handler (there for stack overflows) returns from a raised
    // signal after putting the default action back: the second raise
    // then ends the process, as CPython's does.
    unsafe {
        libc::raise(libc::SIGSEGV);
        libc::raise(libc::SIGSEGV);
    }
    Ok(Value::none())
}

fn fh_sigabrt(vm: &mut Vm, _a: Args) -> PyResult<Value> {
    crate::modules::io::flush_stdout(vm);
    // SAFETY: abort ends the process.
    unsafe { libc::abort() }
}

fn fh_sigfpe(vm: &mut Vm, _a: Args) -> PyResult<Value> {
    crate::modules::io::flush_stdout(vm);
    // SAFETY: raising a signal; the process ends by it.
    unsafe { libc::raise(libc::SIGFPE) };
    Ok(Value::none())
}

fn fh_read_null(vm: &mut Vm, _a: Args) -> PyResult<Value> {
    crate::modules::io::flush_stdout(vm);
    let p = std::hint::black_box(8usize) as *const i32;
    // SAFETY: deliberately not: reads an unmapped page to fault, which is
    // this function's purpose (a real SIGSEGV).
    let v = unsafe { std::ptr::read_volatile(p) };
    Ok(new_int_i64(v as i64))
}

pub fn init(vm: &mut Vm) -> PyResult<Value> {
    let m = vm.new_module("faulthandler")?;
    let fns: &[(&'static str, NativeFn)] = &[
        ("enable", fh_enable),
        ("disable", fh_disable),
        ("is_enabled", fh_is_enabled),
        ("dump_traceback", fh_dump_traceback),
        ("dump_traceback_later", fh_dump_traceback_later),
        ("cancel_dump_traceback_later", fh_cancel_dump_traceback_later),
        ("register", fh_register),
        ("unregister", fh_unregister),
        ("_sigsegv", fh_sigsegv),
        ("_sigabrt", fh_sigabrt),
        ("_sigfpe", fh_sigfpe),
        ("_read_null", fh_read_null),
    ];
    crate::modules::add_functions(vm, &m, "faulthandler", fns)?;
    Ok(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timeout_headers_are_cpythons() {
        assert_eq!(timeout_header(200_000), "Timeout (0:00:00.200000)!\n");
        assert_eq!(timeout_header(3_723_000_000), "Timeout (1:02:03)!\n");
    }
}
