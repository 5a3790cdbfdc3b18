//! `sys.settrace`: CPython's call, line, return and exception events.
//!
//! The eval loop has a tracing instantiation (`run_instructions` with
//! `MODE_TRACE`) that the VM switches to while a trace function is set,
//! so the ordinary loop pays nothing for tracing. The global trace
//! function receives `call` for each frame that starts or resumes; what
//! it returns becomes the frame's `f_trace`, which receives that frame's
//! `line`, `return` and `exception` events, exactly when CPython 3.11
//! sends them: a line event when execution reaches a different line or
//! jumps backward, `return` (also for a `yield`) with the value, and
//! `exception` in each frame the exception passes through.

use crate::objects::*;
use crate::value::Value;
use crate::vm::{PyErr, PyResult, Vm};
use pyrite_compiler::opcode::Op;

/// A tracer's result, unless None, becomes the frame's `f_trace` (as
/// CPython's `trace_trampoline`).
fn keep_tracer(frame_obj: &Value, result: Value) {
    if !result.is_none() {
        if let Some(d) = downcast::<FrameInfoData>(frame_obj) {
            *d.trace.borrow_mut() = Some(result);
        }
    }
}

impl Vm {
    /// `sys.settrace(func)` (None: off).
    pub fn set_trace(&mut self, func: Option<Value>) {
        self.trace_func = func;
    }

    /// Calls `func(frame, event, arg)` with tracing suspended; an error
    /// turns tracing off (as CPython does) and propagates.
    fn call_tracer(
        &mut self,
        func: &Value,
        frame: Value,
        event: &str,
        arg: Value,
    ) -> PyResult<Value> {
        let ev = self.intern(event);
        self.in_trace = true;
        let r = self.call(func, &[frame, ev, arg], &[]);
        self.in_trace = false;
        if r.is_err() {
            self.trace_func = None;
        }
        r
    }

    /// The local trace function of frame `fi`, if it has one.
    fn local_tracer(&mut self, fi: usize) -> Option<(Value, Value)> {
        let fo = self.frames[fi].frame_obj.clone()?;
        let t = downcast::<FrameInfoData>(&fo)?.trace.borrow().clone()?;
        Some((t, fo))
    }

    /// Sends `event` to frame `fi`'s local tracer; a non-None result
    /// replaces it.
    fn local_event(&mut self, fi: usize, event: &str, arg: Value) -> PyResult<()> {
        let Some((t, fo)) = self.local_tracer(fi) else {
            return Ok(());
        };
        self.frame_object(fi); // refresh f_lineno
        let r = self.call_tracer(&t, fo.clone(), event, arg)?;
        keep_tracer(&fo, r);
        Ok(())
    }

    /// Before the instruction just fetched (`ip - 1`) of the running frame
    /// runs, CPython 3.11's rules: instructions before the first `RESUME`
    /// are not traced; a `RESUME` (frame start or resumption) sends `call`
    /// to the global function; any other instruction sends `line` to the
    /// frame's own tracer when its line differs from the previous
    /// instruction's (always, right after the first `RESUME`) or when a
    /// jump went backward (not for `SEND`).
    pub fn trace_instruction(&mut self, op: Op) -> PyResult<()> {
        if self.in_trace {
            return Ok(());
        }
        let fi = self.frames.len() - 1;
        let (ip, line, last_line, first) = {
            let f = &self.frames[fi];
            let ip = f.ip - 1;
            let code = &f.code().code;
            let first = code
                .instructions
                .iter()
                .position(|i| i.op == Op::RESUME)
                .unwrap_or(0);
            let line_of = |i: usize| code.locations.get(i).map_or(0, |l| l.lineno);
            let prev = f.trace_last_ip;
            (
                ip,
                line_of(ip),
                if prev <= first {
                    None
                } else {
                    Some(line_of(prev))
                },
                first,
            )
        };
        if ip < first {
            return Ok(());
        }
        let prev = std::mem::replace(&mut self.frames[fi].trace_last_ip, ip);
        if op == Op::RESUME {
            let Some(g) = self.trace_func.clone() else {
                return Ok(());
            };
            let fo = self.frame_object(fi);
            let r = self.call_tracer(&g, fo.clone(), "call", Value::none())?;
            keep_tracer(&fo, r);
            return Ok(());
        }
        if line == 0 {
            return Ok(());
        }
        let backward = ip < prev && op != Op::SEND;
        if last_line != Some(line) || backward {
            self.local_event(fi, "line", Value::none())?;
        }
        Ok(())
    }

    /// The running frame returns or yields `v`.
    pub fn trace_return(&mut self, v: &Value) -> PyResult<()> {
        if self.in_trace {
            return Ok(());
        }
        let fi = self.frames.len() - 1;
        self.local_event(fi, "return", v.clone())
    }

    /// `err` was raised in, or arrived from a callee into, frame `fi`.
    pub fn trace_exception(&mut self, err: &PyErr, fi: usize) -> PyResult<()> {
        if self.in_trace || self.trace_func.is_none() {
            return Ok(());
        }
        let Some(ed) = downcast::<ExcData>(&err.0) else {
            return Ok(());
        };
        let tb = ed.traceback.borrow().clone().unwrap_or_else(Value::none);
        let ty = crate::vm::attr::type_value(err.0.type_of());
        let arg = self.new_tuple(vec![ty, err.0.clone(), tb]);
        self.local_event(fi, "exception", arg)
    }

    /// Frame `fi` is left by an exception: `return` with None.
    pub fn trace_unwind(&mut self, fi: usize) -> PyResult<()> {
        if self.in_trace || self.trace_func.is_none() {
            return Ok(());
        }
        self.local_event(fi, "return", Value::none())
    }

    /// Tracing was just turned on under running frames: their previous
    /// instruction is the one that turned it on.
    pub fn trace_adopt_running(&mut self, base: usize) {
        for f in &mut self.frames[base..] {
            f.trace_last_ip = f.ip.saturating_sub(1);
        }
    }
}
