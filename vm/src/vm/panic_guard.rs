//! The last line of defence between a bug in a native function and the
//! user's program: a Rust panic inside a native call becomes a Python
//! `SystemError` at the call, instead of aborting the interpreter.
//!
//! Native functions are meant to raise CPython's exceptions themselves,
//! and each panic caught here is a bug to fix; but one wrong index in one
//! of hundreds of native methods should cost the program one exception it
//! can catch and report (as CPython's `SystemError` for internal errors),
//! not the process — in particular not a whole test module of CPython's
//! suite. The frame stack and the other nesting state of the `Vm` are put
//! back as they were when the native call started, so the eval loop
//! continues in a consistent state.
//!
//! `catch_unwind` costs nothing on the path that does not panic beyond
//! the call it wraps. While a guarded call runs, the process's panic hook
//! keeps the panic's message for the exception instead of printing it;
//! panics anywhere else are printed as before.

use super::{Args, PyErr, PyResult, Vm};
use crate::objects::NativeFn;
use std::cell::{Cell, RefCell};
use std::panic::{catch_unwind, AssertUnwindSafe};

thread_local! {
    /// Guarded native calls active on this thread.
    static GUARDED: Cell<usize> = const { Cell::new(0) };
    /// The message and location of the last panic caught by a guard.
    static LAST_PANIC: RefCell<String> = const { RefCell::new(String::new()) };
}

static HOOK: std::sync::Once = std::sync::Once::new();

/// Installs the panic hook that keeps guarded panics quiet (once per
/// process; the previous hook still handles every other panic).
pub fn install_hook() {
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if GUARDED.with(Cell::get) == 0 {
                return previous(info);
            }
            let msg = info
                .payload()
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| info.payload().downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "panic".to_string());
            let at = info
                .location()
                .map(|l| format!(" at {}:{}", l.file(), l.line()))
                .unwrap_or_default();
            LAST_PANIC.with(|p| *p.borrow_mut() = format!("{msg}{at}"));
        }));
    });
}

impl Vm {
    /// Calls native function `f`, turning a panic into `SystemError`.
    #[inline]
    pub fn call_native(&mut self, f: NativeFn, args: Args) -> PyResult<Value> {
        let saved = (self.frames.len(), self.depth, self.outer_exc.len(), self.repr_stack.len());
        GUARDED.with(|g| g.set(g.get() + 1));
        let r = catch_unwind(AssertUnwindSafe(|| f(self, args)));
        GUARDED.with(|g| g.set(g.get() - 1));
        match r {
            Ok(r) => r,
            Err(_) => Err(self.after_native_panic(saved)),
        }
    }

    #[cold]
    #[inline(never)]
    fn after_native_panic(&mut self, saved: (usize, usize, usize, usize)) -> PyErr {
        let (frames, depth, outer, repr) = saved;
        self.frames.truncate(frames);
        self.depth = depth;
        self.outer_exc.truncate(outer);
        self.repr_stack.truncate(repr);
        self.in_trace = false;
        let msg = LAST_PANIC.with(|p| std::mem::take(&mut *p.borrow_mut()));
        self.new_exc(
            &crate::types::SYSTEM_ERROR_TYPE,
            format!("internal error in a native function (please report): {msg}"),
        )
    }
}

use crate::value::Value;
