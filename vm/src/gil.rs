//! The global interpreter lock, as the seed documents describe CPython's
//! (`ceval_gil.h`): one thread runs Python at a time; a thread that waits
//! longer than the switch interval (`sys.setswitchinterval`, 5 ms) sets a
//! drop request, which the running thread sees at its next eval-breaker
//! check (backward jumps and calls) and answers by handing the lock over
//! — and waiting until another thread has taken it, so it cannot grab it
//! straight back (CPython's FORCE_SWITCHING). Blocking calls (`sleep`,
//! lock waits) run with the lock released.
//!
//! Until a second thread starts, none of this runs: `THREADED` is false
//! and `allow_threads` calls straight through.
//!
//! The main thread holds the lock from the start (`held` starts true).

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Condvar, Mutex};
use std::time::Duration;

struct State {
    held: bool,
    /// Times the lock changed hands (a yielding thread waits for this).
    switches: u64,
    waiting: usize,
}

static STATE: Mutex<State> = Mutex::new(State {
    held: true,
    switches: 0,
    waiting: 0,
});
static COND: Condvar = Condvar::new();

/// A second thread exists: the lock is in use.
pub static THREADED: AtomicBool = AtomicBool::new(false);
/// A waiting thread asks the running one to let go.
pub static DROP_REQUEST: AtomicBool = AtomicBool::new(false);
/// `sys.getswitchinterval()`, in microseconds.
pub static SWITCH_INTERVAL_US: AtomicU64 = AtomicU64::new(5000);

fn interval() -> Duration {
    Duration::from_micros(SWITCH_INTERVAL_US.load(Ordering::Relaxed).max(1))
}

fn lock_state() -> std::sync::MutexGuard<'static, State> {
    STATE.lock().unwrap_or_else(|p| p.into_inner())
}

/// Takes the lock, waiting for it (asking the holder to drop it after
/// each interval).
pub fn acquire() {
    acquire_until(None);
}

/// [`acquire`] waiting at most `limit`; whether the lock was taken (the
/// holder is asked to let go after each switch interval, as by a
/// thread).
pub fn try_acquire_for(limit: Duration) -> bool {
    acquire_until(Some(std::time::Instant::now() + limit))
}

/// Takes the lock, giving up at `deadline` if there is one.
fn acquire_until(deadline: Option<std::time::Instant>) -> bool {
    let mut s = lock_state();
    s.waiting += 1;
    while s.held {
        let mut wait = interval();
        if let Some(d) = deadline {
            let now = std::time::Instant::now();
            if now >= d {
                s.waiting -= 1;
                return false;
            }
            wait = wait.min(d - now);
        }
        let (ns, timeout) = COND
            .wait_timeout(s, wait)
            .unwrap_or_else(|p| p.into_inner());
        s = ns;
        if timeout.timed_out() && s.held {
            DROP_REQUEST.store(true, Ordering::Relaxed);
        }
    }
    s.waiting -= 1;
    s.held = true;
    s.switches += 1;
    DROP_REQUEST.store(false, Ordering::Relaxed);
    drop(s);
    COND.notify_all();
    true
}

/// Gives the lock up.
pub fn release() {
    let mut s = lock_state();
    s.held = false;
    drop(s);
    COND.notify_all();
}

/// The eval breaker's part: if another thread asked, hand the lock over,
/// wait until it has been taken, then wait for it again.
pub fn yield_if_requested() {
    if !DROP_REQUEST.load(Ordering::Relaxed) {
        return;
    }
    let mut s = lock_state();
    if s.waiting == 0 {
        DROP_REQUEST.store(false, Ordering::Relaxed);
        return;
    }
    let before = s.switches;
    s.held = false;
    COND.notify_all();
    while s.switches == before {
        s = COND.wait(s).unwrap_or_else(|p| p.into_inner());
    }
    drop(s);
    acquire();
}

/// Runs `f` (which must not touch Python objects) with the lock released.
pub fn allow_threads<R>(f: impl FnOnce() -> R) -> R {
    if !THREADED.load(Ordering::Relaxed) {
        return f();
    }
    release();
    let r = f();
    acquire();
    r
}

/// Interpreter-wide state that native modules keep in statics (shared by
/// all threads, like CPython's module state), touched only by the thread
/// holding the GIL. Used like a `thread_local!` key: `X.with(|x| ...)`.
pub struct GilCell<T>(T);

// SAFETY: only the thread holding the GIL calls `with`, so accesses are
// serialised; the contents (Values, RefCells) are never used concurrently.
unsafe impl<T> Sync for GilCell<T> {}

impl<T> GilCell<T> {
    pub const fn new(v: T) -> GilCell<T> {
        GilCell(v)
    }

    pub fn with<R>(&self, f: impl FnOnce(&T) -> R) -> R {
        f(&self.0)
    }
}
