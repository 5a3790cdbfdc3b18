//! Frames and the eval loop.
//!
//! A frame is a `Box<Frame>` taken from the thread's pool (`Vm::frame_pool`,
//! its vectors keep their capacity, so a call allocates nothing once warm)
//! and pushed on `Vm::frames`. Python-to-Python calls push the callee and
//! continue in the same Rust loop — no Rust recursion, so the depth is
//! bounded by `sys.getrecursionlimit()` alone; returns pop back. Native code
//! calling Python (`sorted(key=...)`, `__eq__` from a dict) re-enters
//! through `run_frame`, a new base on the same frame stack.
//!
//! Exceptions use the code object's zero-cost table: an error in
//! instruction `i` looks `i` up; a handler cuts the value stack, pushes
//! the exception and jumps; no handler pops the frame (adding a traceback
//! entry) and continues in the caller.
//!
//! Generators own their suspended `Box<Frame>`; resuming pushes it back
//! on the frame stack and runs it as a base; `YIELD_VALUE` leaves it there
//! for the resumer to take back. `FOR_ITER` over a plain generator, a
//! class call's `__init__` and a class's Python `__op__` under
//! `BINARY_OP` run as frames of the same loop instead (`inline_gen`,
//! `init_obj`, `binop` on the frame say how their return is delivered).
//!
//! Dispatch. Each code object is predecoded once into `CodeData::quick`,
//! an array of `Instr { op, arg }` (specialised by rewriting `op`: the
//! fused pairs of `Op::fuse`), with a parallel array of inline caches
//! (`CodeData::caches`, one per instruction, co_opcache style). The loop
//! dispatches with a `match` on `op` rather than calling a handler
//! through a function pointer per instruction: ARCHITECTURE.md asks for
//! the faster of the two, and `cargo bench -p pyrite-vm --bench dispatch`
//! (the same predecoded programs run both ways; results and reasoning in
//! docs/vm-design.md §4) measured the `match` loop 1.3-1.6x faster than
//! call threading: handlers behind pointers cannot keep the stack pointer
//! and program counter in registers, and Rust offers neither guaranteed
//! tail calls nor computed goto to thread them without a call/return per
//! instruction. `run_instructions` has one instantiation per mode
//! (plain, `--profile-opcodes`, tracing) — the "second handler table" of
//! the design, at no cost to the plain loop.

use std::cell::{Cell, RefCell};

use crate::object::alloc_object;
use crate::objects::*;
use crate::types::*;
use crate::value::{Value, ValueRef};
use crate::vm::attr::{as_type, inst_dict, lookup, type_value};
use crate::vm::new::*;
use crate::vm::{str_of, PyErr, PyResult, Vm};
use pyrite_compiler::code::{Instr, CO_ASYNC_GENERATOR, CO_COROUTINE, CO_VARARGS, CO_VARKEYWORDS};
use pyrite_compiler::opcode::Op;

/// One activation of a code object.
pub struct Frame {
    /// The code object (a `CodeData` value).
    pub code: Value,
    /// Index of the next instruction.
    pub ip: usize,
    /// Fast locals, then cells and free variables.
    pub localsplus: Vec<Option<Value>>,
    /// The value stack.
    pub stack: Vec<Value>,
    pub globals: Value,
    pub builtins: Value,
    /// The namespace of module and class bodies (`LOAD_NAME`).
    pub locals: Option<Value>,
    pub func: Option<Value>,
    /// The `frame` object handed out for this activation, if any.
    pub frame_obj: Option<Value>,
    /// The generator running this frame, if any.
    pub generator: Option<Value>,
    /// The previously traced instruction (`sys.settrace`'s line events,
    /// see `crate::trace`).
    pub trace_last_ip: usize,
    /// For an `__init__` frame pushed by a class call (`CALL`), the new
    /// instance: the call's result once `__init__` returns None.
    pub init_obj: Option<Value>,
    /// For a generator frame resumed in place by `FOR_ITER` (see
    /// `Vm::resume_inline`): the generator (its resumer's handled
    /// exception is on `Vm::outer_exc` until it yields, returns or
    /// raises).
    pub inline_gen: Option<Value>,
    /// For a `__op__` frame pushed by `BINARY_OP`: the operands and the
    /// operator, to finish the protocol if it returns NotImplemented.
    pub binop: Option<(Value, Value, u32)>,
}

impl Frame {
    #[inline(always)]
    pub fn code(&self) -> &CodeBody {
        // SAFETY: `code` is always a code object, set only by take_frame,
        // which reads the body (building it) before it makes or reuses a
        // frame for it.
        unsafe { payload_unchecked::<CodeData>(&self.code).built_body() }
    }

    /// Line number of the instruction at `lasti`.
    pub fn line_at(&self, lasti: usize) -> u32 {
        let c = self.code();
        c.code
            .locations
            .get(lasti)
            .map(|l| l.lineno)
            .unwrap_or(c.code.firstlineno)
    }

    pub fn lasti(&self) -> usize {
        self.ip.saturating_sub(1)
    }
}

/// How a run of the loop ended.
pub enum Exit {
    Return(Value),
    Yield(Value),
    /// Tracing was turned on or off: `eval` re-enters the loop in the
    /// other instantiation (internal to `eval`, never returned by it).
    Switch,
}

/// The instantiations of the eval loop.
const MODE_PLAIN: u8 = 0;
const MODE_PROFILE: u8 = 1;
const MODE_TRACE: u8 = 2;

/// What resuming a generator produced.
pub enum GenResult {
    Yielded(Value),
    Returned(Value),
}

impl Vm {
    /// A frame for `code` from the pool, locals unset.
    pub fn alloc_frame(
        &mut self,
        code: &Value,
        cd: &CodeBody,
        globals: &Value,
        builtins: &Value,
    ) -> Box<Frame> {
        let mut f = self.take_frame(code, cd, globals, builtins);
        let n = cd.nlocalsplus;
        // SAFETY: take_frame reserved n slots; `Option<Value>`'s None is
        // the all-zero word (Value is a repr(transparent) NonZeroU64, so
        // Option uses the null niche), so zeroing n slots makes n valid
        // Nones before the length covers them.
        unsafe {
            std::ptr::write_bytes(f.localsplus.as_mut_ptr(), 0, n);
            f.localsplus.set_len(n);
        }
        f
    }

    /// A frame for `code`, from the pool when it has one, with an empty
    /// `localsplus` of capacity `cd.nlocalsplus` for the caller to fill.
    #[inline]
    fn take_frame(
        &mut self,
        code: &Value,
        cd: &CodeBody,
        globals: &Value,
        builtins: &Value,
    ) -> Box<Frame> {
        // `cd` is `code`'s body, so it is built: Frame::code relies on it.
        debug_assert!(downcast::<CodeData>(code).is_some_and(|c| c.is_built()));
        // A leading RESUME (every plain function's first instruction) does
        // nothing here: start after it and save a dispatch per call.
        // (Under a trace function it runs: the `call` event is sent there.)
        let entry = (matches!(cd.quick().first(), Some(i) if i.op == Op::RESUME)
            && self.trace_func.is_none()) as usize;
        match self.frame_pool.pop() {
            Some(mut f) => {
                // A pooled frame still holds the code, globals and builtins
                // of its last activation: calling the same function again
                // (recursion, a loop's calls) keeps them without count
                // traffic.
                if !f.code.is(code.borrow()) {
                    f.code = code.clone();
                }
                if !f.globals.is(globals.borrow()) {
                    f.globals = globals.clone();
                }
                if !f.builtins.is(builtins.borrow()) {
                    f.builtins = builtins.clone();
                }
                f.ip = entry;
                // Pooled frames have empty `localsplus` (recycle_frame).
                f.localsplus.reserve(cd.nlocalsplus);
                f.stack.reserve(cd.code.stacksize as usize);
                f.trace_last_ip = 0;
                f
            }
            None => Box::new(Frame {
                code: code.clone(),
                ip: entry,
                localsplus: Vec::with_capacity(cd.nlocalsplus),
                stack: Vec::with_capacity(cd.code.stacksize as usize),
                globals: globals.clone(),
                builtins: builtins.clone(),
                locals: None,
                func: None,
                frame_obj: None,
                generator: None,
                trace_last_ip: 0,
                init_obj: None,
                inline_gen: None,
                binop: None,
            }),
        }
    }

    /// What the caller of an `__init__` frame (a class call) or an
    /// `__op__` frame (`BINARY_OP`) receives when it returns `v`: the new
    /// instance (`__init__` must return None), or `v` unless it is
    /// NotImplemented, when the operator protocol goes on. The error, if
    /// any, is the caller's.
    #[cold]
    #[inline(never)]
    fn special_return(&mut self, mut frame: Box<Frame>, v: Value) -> PyResult<Value> {
        let init_obj = frame.init_obj.take();
        let binop = frame.binop.take();
        self.recycle_frame(frame);
        if let Some(obj) = init_obj {
            if !v.is_none() {
                let msg = format!("__init__() should return None, not '{}'", v.type_of().name());
                return Err(self.type_error(msg));
            }
            return Ok(obj);
        }
        match binop {
            Some((a, b, op)) if crate::vm::new::is_not_implemented(&v) => {
                self.binary_op_after_left(&a, &b, op)
            }
            _ => Ok(v),
        }
    }

    /// `a op b` off the loop's in-place paths: a class's Python `__op__`
    /// is pushed as a frame of the loop (None: run it next), anything
    /// else computed here.
    #[inline(never)]
    fn binary_op_or_frame(&mut self, a: Value, b: Value, op: u32, tracing: bool) -> PyResult<Option<Value>> {
        // Concatenation of two exact strs, tuples or lists (`+`; `+=` for
        // the immutable two, where it is the same): no protocol lookup.
        let t = a.type_of();
        if std::ptr::eq(t, b.type_of())
            && (op == crate::vm::ops::NB_ADD
                || (op == crate::vm::ops::NB_INPLACE_ADD && !std::ptr::eq(t, &LIST_TYPE)))
        {
            let args = [a.clone(), b.clone()];
            let args = crate::vm::Args::new(&args);
            if std::ptr::eq(t, &STR_TYPE) {
                return crate::builtins::strings::str_add(self, args).map(Some);
            } else if std::ptr::eq(t, &TUPLE_TYPE) {
                return crate::builtins::containers::tuple_add(self, args).map(Some);
            } else if std::ptr::eq(t, &LIST_TYPE) {
                return crate::builtins::containers::list_add(self, args).map(Some);
            }
        }
        if !tracing {
            if let Some(func) = self.binary_dunder(&a, &b, op) {
                let mut frame = self.make_frame(&func, None, &[a.clone(), b.clone()], &[])?;
                frame.binop = Some((a, b, op));
                self.push_callee(frame)?;
                return Ok(None);
            }
        }
        self.binary_op(&a, &b, op).map(Some)
    }

    /// The exception being handled, as `sys.exc_info()` reports it: the
    /// running code's own, else the nearest generator resumer's.
    pub fn handled_exc(&self) -> Option<Value> {
        if let Some(e) = &self.exc_info {
            return Some(e.clone());
        }
        self.outer_exc.iter().rev().find_map(|e| e.clone())
    }

    /// Pushes a callee's frame for the loop to run next (a Python-to-Python
    /// call without Rust recursion), or as the base of a new run
    /// (`run_frame`); RecursionError at the limit.
    #[inline]
    fn push_callee(&mut self, frame: Box<Frame>) -> PyResult<()> {
        if self.depth >= self.recursion_limit {
            self.recycle_frame(frame);
            return Err(self.new_exc(&RECURSION_ERROR_TYPE, "maximum recursion depth exceeded"));
        }
        self.depth += 1;
        self.frames.push(frame);
        Ok(())
    }

    /// Returns a finished frame to the pool, dropping what it holds.
    pub fn recycle_frame(&mut self, mut f: Box<Frame>) {
        // Drop locals one by one (most are None or inline numbers: no
        // count to touch) rather than through the generic slice drop.
        while let Some(v) = f.localsplus.pop() {
            drop(v);
        }
        while let Some(v) = f.stack.pop() {
            drop(v);
        }
        f.locals = None;
        f.func = None;
        f.generator = None;
        f.init_obj = None;
        f.binop = None;
        if f.frame_obj.is_some() {
            self.detach_frame_object(&mut f);
        }
        if self.frame_pool.len() < 64 {
            self.frame_pool.push(f);
        }
    }

    #[cold]
    fn detach_frame_object(&mut self, f: &mut Frame) {
        if let Some(fo) = f.frame_obj.take() {
            // The frame object outlives the activation: it keeps the line.
            if let Some(fi) = downcast::<FrameInfoData>(&fo) {
                fi.lineno.set(f.line_at(f.lasti()));
                fi.lasti.set(2 * f.lasti() as i64);
            }
        }
    }

    /// Runs a frame to completion as a new base of the frame stack.
    pub fn run_frame(&mut self, frame: Box<Frame>) -> PyResult<Value> {
        stacker::maybe_grow(256 * 1024, 4 * 1024 * 1024, || {
            self.push_callee(frame)?;
            let base = self.frames.len() - 1;
            let r = self.eval(base, None);
            self.depth -= 1;
            match r {
                Ok(Exit::Return(v)) => Ok(v),
                Ok(Exit::Yield(v)) => {
                    // Only generator frames yield; they are run by resume.
                    let f = self.frames.pop().unwrap();
                    self.recycle_frame(f);
                    Ok(v)
                }
                Ok(Exit::Switch) => unreachable!("eval handles Switch"),
                Err(e) => Err(e),
            }
        })
    }

    /// The builtins of code run in `globals`: its `__builtins__` (a dict
    /// or a module), as in CPython (`exec(src, {"__builtins__": {}})`),
    /// else the interpreter's.
    fn globals_builtins(&mut self, globals: &Value) -> Value {
        match self.dict_get_str(globals, "__builtins__") {
            Some(b) if downcast::<DictData>(&b).is_some() => b,
            Some(m) if std::ptr::eq(m.type_of().solid.get(), &MODULE_TYPE) => {
                inst_dict(&m).unwrap_or_else(|| self.builtins.clone())
            }
            _ => self.builtins.clone(),
        }
    }

    /// Runs a module-level code object in `globals`.
    pub fn run_code(
        &mut self,
        code: &Value,
        globals: Value,
        locals: Option<Value>,
    ) -> PyResult<Value> {
        // SAFETY: callers pass code objects.
        let cd = unsafe { payload_unchecked::<CodeData>(code) }.body();
        let builtins = self.globals_builtins(&globals);
        let mut f = self.alloc_frame(code, cd, &globals, &builtins);
        f.locals = Some(locals.unwrap_or(globals));
        self.run_frame(f)
    }

    /// `exec(code, globals, locals, closure=cells)`: the code's free
    /// variables come from `closure` (a checked tuple of cells), through a
    /// function object that COPY_FREE_VARS reads them from.
    pub fn run_code_with_closure(
        &mut self,
        code: &Value,
        globals: Value,
        locals: Option<Value>,
        closure: Value,
    ) -> PyResult<Value> {
        // SAFETY: callers pass code objects.
        let cd = unsafe { payload_unchecked::<CodeData>(code) }.body();
        let builtins = self.globals_builtins(&globals);
        let func = self.new_function(
            code.clone(),
            globals.clone(),
            builtins.clone(),
            None,
            None,
            Some(closure),
            None,
        )?;
        let mut f = self.alloc_frame(code, cd, &globals, &builtins);
        f.locals = Some(locals.unwrap_or(globals));
        f.func = Some(func);
        self.run_frame(f)
    }

    /// The loop: runs `self.frames[base..]` until the base frame returns or
    /// yields. `pending` is an exception to raise first (generator throw).
    pub fn eval(&mut self, base: usize, pending: Option<PyErr>) -> PyResult<Exit> {
        let mut pending = pending;
        let mut reraise = false;
        loop {
            let err = match pending.take() {
                Some(e) => e,
                None => match if self.trace_func.is_some() {
                    self.run_instructions::<MODE_TRACE>(base)
                } else if self.op_profile.is_some() {
                    self.run_instructions::<MODE_PROFILE>(base)
                } else {
                    self.run_instructions::<MODE_PLAIN>(base)
                } {
                    Ok(Exit::Switch) => {
                        if self.trace_func.is_some() {
                            self.trace_adopt_running(base);
                        }
                        continue;
                    }
                    Ok(exit) => return Ok(exit),
                    Err(e) => {
                        reraise = std::mem::take(&mut self.reraising);
                        e
                    }
                },
            };
            // Handle `err` in the innermost frame, unwinding as needed.
            let mut err = err;
            let mut first = true;
            loop {
                let fi = self.frames.len() - 1;
                if first && !reraise {
                    self.attach_context(&err);
                }
                if !(first && reraise) {
                    self.add_traceback(&err, fi);
                    if self.trace_func.is_some() {
                        if let Err(e) = self.trace_exception(&err, fi) {
                            err = e;
                        }
                    }
                }
                first = false;
                let f = &mut self.frames[fi];
                let lasti = f.lasti();
                let handler = f
                    .code()
                    .code
                    .exception_table
                    .iter()
                    .find(|e| (e.start as usize) <= lasti && lasti < e.end as usize)
                    .copied();
                if let Some(h) = handler {
                    f.stack.truncate(h.depth as usize);
                    if h.lasti {
                        f.stack.push(new_int_i64(lasti as i64));
                    }
                    f.stack.push(err.0);
                    f.ip = h.target as usize;
                    break;
                }
                // No handler: the frame is done.
                if self.trace_func.is_some() {
                    if let Err(e) = self.trace_unwind(fi) {
                        err = e;
                    }
                }
                let frame = self.frames.pop().unwrap();
                if frame.inline_gen.is_some() {
                    // An inline generator raised: it is finished, and the
                    // error continues in its FOR_ITER.
                    let g = self.finish_inline(frame);
                    self.depth -= 1;
                    err = self.generator_error(&g, err);
                    continue;
                }
                if let Some(g) = &frame.generator {
                    if let Some(gd) = downcast::<GenData>(g) {
                        gd.running.set(false);
                    }
                }
                let is_gen = frame.generator.is_some();
                if !is_gen {
                    self.recycle_frame(frame);
                } else {
                    drop(frame);
                }
                if fi == base {
                    return Err(err);
                }
                self.depth -= 1;
                err = PyErr(err.0);
            }
            reraise = false;
        }
    }

    /// Between instructions: signal handlers (main thread only, as in
    /// CPython), then the GIL to a thread that asked for it.
    #[cold]
    fn eval_breaker(&mut self) -> PyResult<()> {
        if crate::modules::signal::has_pending() && crate::modules::thread::is_main_thread() {
            crate::modules::signal::run_pending(self)?;
        }
        crate::gil::yield_if_requested();
        Ok(())
    }

    /// Sets `__context__` of a newly raised exception to the one being
    /// handled (without creating a cycle).
    fn attach_context(&mut self, err: &PyErr) {
        let Some(cur) = self.handled_exc() else {
            return;
        };
        if cur.is(err.0.borrow()) {
            return;
        }
        let Some(ed) = downcast::<ExcData>(&err.0) else {
            return;
        };
        if ed.context.borrow().is_some() {
            return;
        }
        // Break a cycle: if err is in cur's context chain, cut it there.
        // The chain may itself hold a cycle (user code sets `__context__`):
        // a second pointer moving at half speed stops the walk when it is
        // caught up with, as CPython does.
        let mut o = cur.clone();
        let mut slow = cur.clone();
        let mut step = false;
        loop {
            let next = match downcast::<ExcData>(&o) {
                Some(d) => d.context.borrow().clone(),
                None => None,
            };
            match next {
                Some(n) if n.is(err.0.borrow()) => {
                    *downcast::<ExcData>(&o).unwrap().context.borrow_mut() = None;
                    break;
                }
                Some(n) => o = n,
                None => break,
            }
            if step {
                let s = downcast::<ExcData>(&slow).and_then(|d| d.context.borrow().clone());
                match s {
                    Some(s) => slow = s,
                    None => break,
                }
            }
            step = !step;
            if o.is(slow.borrow()) {
                break;
            }
        }
        *ed.context.borrow_mut() = Some(cur);
    }

    /// Prepends a traceback entry for frame `fi` to `err`.
    fn add_traceback(&mut self, err: &PyErr, fi: usize) {
        let Some(ed) = downcast::<ExcData>(&err.0) else {
            return;
        };
        let fo = self.frame_object(fi);
        let f = &self.frames[fi];
        let lasti = f.lasti();
        let lineno = f.line_at(lasti);
        let next = ed.traceback.borrow_mut().take();
        let tb = alloc_object(
            &TRACEBACK_TYPE,
            TracebackData {
                next: RefCell::new(next),
                frame: fo,
                lasti,
                lineno,
                given_lasti: None,
            },
        );
        *ed.traceback.borrow_mut() = Some(tb);
    }

    /// The `frame` object of `self.frames[fi]`, created on demand.
    pub fn frame_object(&mut self, fi: usize) -> Value {
        if let Some(fo) = &self.frames[fi].frame_obj {
            let f = &self.frames[fi];
            if let Some(d) = downcast::<FrameInfoData>(fo) {
                d.lineno.set(f.line_at(f.lasti()));
                d.lasti.set(2 * f.lasti() as i64);
            }
            return fo.clone();
        }
        let back = if fi > 0 {
            Some(self.frame_object(fi - 1))
        } else {
            None
        };
        let f = &self.frames[fi];
        let fo = alloc_object(
            &FRAME_TYPE,
            FrameInfoData {
                code: f.code.clone(),
                globals: f.globals.clone(),
                lineno: Cell::new(f.line_at(f.lasti())),
                lasti: Cell::new(2 * f.lasti() as i64),
                back: RefCell::new(back),
                locals: RefCell::new(f.locals.clone()),
                trace: RefCell::new(None),
            },
        );
        self.frames[fi].frame_obj = Some(fo.clone());
        fo
    }

    /// Executes instructions until the base frame returns/yields or an
    /// exception escapes an instruction (returned as `Err`, the raising
    /// frame still on top).
    // `reload!` before an exit leaves `insts` unread: harmless.
    #[allow(unused_assignments)]
    fn run_instructions<const MODE: u8>(&mut self, base: usize) -> PyResult<Exit> {
        let mut fp: *mut Frame = &mut **self.frames.last_mut().unwrap();
        // The running frame's next instruction, kept in a register: each
        // dispatch stores it to the frame (which everything else reads)
        // but never has to load it back.
        // SAFETY: as for `frame!` below.
        let mut ip: usize = unsafe { (*fp).ip };
        macro_rules! frame {
            () => {
                // SAFETY: `fp` points into the Box of the top frame of
                // `self.frames`, which stays put while it is on the stack;
                // it is re-derived after every push/pop of frames, and no
                // reference made from it outlives the statement.
                unsafe { &mut *fp }
            };
        }
        // The running frame's instructions, re-read when the frame changes:
        // saves four dependent loads per instruction.
        let mut insts: *const [Instr] = frame!().code().quick();
        macro_rules! reload {
            () => {
                fp = &mut **self.frames.last_mut().unwrap();
                insts = frame!().code().quick();
                ip = frame!().ip;
            };
        }
        // Moves the running frame to instruction `$t`.
        macro_rules! jump {
            ($t:expr) => {{
                ip = $t;
                frame!().ip = ip;
            }};
        }
        macro_rules! push {
            ($v:expr) => {{
                let v = $v;
                frame!().stack.push(v)
            }};
        }
        macro_rules! pop {
            () => {
                frame!().stack.pop().expect("stack underflow")
            };
        }
        macro_rules! top {
            () => {
                frame!().stack.last().expect("stack underflow")
            };
        }
        // `--profile-opcodes`: an inline cache's hit or miss (compiled out
        // of the other instantiations of this loop).
        macro_rules! cache_stat {
            ($kind:expr, $hit:expr) => {
                if MODE == MODE_PROFILE {
                    if let Some(p) = self.op_profile.as_mut() {
                        p.cache($kind, $hit);
                    }
                }
            };
        }
        macro_rules! op_load_fast {
            ($arg:expr) => {{
                let arg: u32 = $arg;
                #[allow(unused_variables)]
                let f = frame!();
                let v = match &f.localsplus[arg as usize] {
                    Some(v) => v.clone(),
                    None => return Err(self.unbound_local(arg as usize)),
                };
                f.stack.push(v);
            }};
        }
        macro_rules! op_load_const {
            ($arg:expr) => {{
                let arg: u32 = $arg;
                #[allow(unused_variables)]
                let f = frame!();
                let v = f.code().consts[arg as usize].clone();
                f.stack.push(v);
            }};
        }
        macro_rules! op_store_fast {
            ($arg:expr) => {{
                let arg: u32 = $arg;
                #[allow(unused_variables)]
                let f = frame!();
                let v = pop!();
                let old = frame!().localsplus[arg as usize].replace(v);
                drop(old);
            }};
        }
        macro_rules! op_binary_op {
            ($arg:expr) => {{
                let arg: u32 = $arg;
                #[allow(unused_variables)]
                let f = frame!();
                let b = pop!();
                let a = pop!();
                let r = match crate::vm::ops::inline_binary_op(&a, &b, arg) {
                    Some(r) => r,
                    // A class's Python `__op__` may run as a frame of
                    // this loop (the result comes back at RETURN).
                    None => match self.binary_op_or_frame(a, b, arg, MODE == MODE_TRACE)? {
                        Some(r) => r,
                        None => {
                            reload!();
                            continue;
                        }
                    },
                };
                push!(r);
            }};
        }
        macro_rules! op_compare_op {
            ($arg:expr) => {{
                let arg: u32 = $arg;
                #[allow(unused_variables)]
                let f = frame!();
                let b = pop!();
                let a = pop!();
                let r = match crate::vm::ops::inline_compare(&a, &b, arg) {
                    Some(t) => Value::from_bool(t),
                    None => self.rich_compare(&a, &b, arg)?,
                };
                push!(r);
            }};
        }
        macro_rules! op_load_attr {
            ($arg:expr) => {{
                let arg: u32 = $arg;
                #[allow(unused_variables)]
                let f = frame!();
                let cd = f.code();
                let cache = cd.cache_at(f.ip - 1);
                let o = pop!();
                let ty = o.type_of();
                if cache_holds_for(cache, ty) || takes_prev(cache, ty) {
                    if let Some(v) = cached_attr(&o, &cd.names[arg as usize], cache) {
                        cache_stat!(crate::profile::CACHE_LOAD_ATTR, true);
                        push!(v);
                        continue;
                    }
                } else if cache.a.get() & OWNER_TAGS != 0 {
                    if let Some(v) = cached_owner_attr(&o, cache) {
                        cache_stat!(crate::profile::CACHE_LOAD_ATTR, true);
                        push!(v);
                        continue;
                    }
                }
                cache_stat!(crate::profile::CACHE_LOAD_ATTR, false);
                let name = cd.names[arg as usize].clone();
                if !ty.has_flag(crate::object::type_flags::HEAPTYPE) {
                    if let Some(v) = owner_attr_miss(cache, &o, &name) {
                        push!(v);
                        continue;
                    }
                }
                fill_attr_cache(cache, &o, &name);
                if cache_holds_for(cache, ty) {
                    if let Some(v) = cached_attr(&o, &name, cache) {
                        push!(v);
                        continue;
                    }
                }
                let v = self.get_attr(&o, &name)?;
                push!(v);
            }};
        }
        macro_rules! op_load_method {
            ($arg:expr) => {{
                let arg: u32 = $arg;
                #[allow(unused_variables)]
                let f = frame!();
                let cd = f.code();
                let cache = cd.cache_at(f.ip - 1);
                let o = pop!();
                let ty = o.type_of();
                // Inline cache: a = type, b = its version, c = the method
                // found (a plain function or method descriptor, kept
                // alive by the type's namespace while the version holds).
                if cache_holds_for(cache, ty) || takes_prev(cache, ty) {
                    if !shadows_method(&o, &cd.names[arg as usize]) {
                        // SAFETY: the type's version is unchanged, so the
                        // descriptor is still in its namespace, alive.
                        let d = unsafe { ValueRef::from_raw(cache.c.get()) }.to_value();
                        cache_stat!(crate::profile::CACHE_LOAD_METHOD, true);
                        push!(d);
                        push!(o);
                        continue;
                    }
                } else if cache.a.get() & OWNER_TAGS != 0 {
                    // `module.function(...)`, `Class.function(...)`: an
                    // attribute, called without a self.
                    if let Some(v) = cached_owner_attr(&o, cache) {
                        cache_stat!(crate::profile::CACHE_LOAD_METHOD, true);
                        push!(null());
                        push!(v);
                        continue;
                    }
                }
                cache_stat!(crate::profile::CACHE_LOAD_METHOD, false);
                let name = cd.names[arg as usize].clone();
                if !ty.has_flag(crate::object::type_flags::HEAPTYPE) {
                    if let Some(v) = owner_attr_miss(cache, &o, &name) {
                        push!(null());
                        push!(v);
                        continue;
                    }
                }
                let mut done = false;
                if !ty.has_flag(crate::object::type_flags::CUSTOM_GETATTR) && as_type(&o).is_none()
                {
                    if let Some(d) = crate::vm::attr::lookup_name(ty, &name) {
                        let dt = d.type_of();
                        if std::ptr::eq(dt, &FUNCTION_TYPE)
                            || std::ptr::eq(dt, &METHOD_DESCRIPTOR_TYPE)
                        {
                            let shadowed = match inst_dict(&o) {
                                Some(dd) => self.dict_get_str(&dd, str_of(&name)).is_some(),
                                None => false,
                            };
                            if !shadowed {
                                if cache.a.get() != ty as *const _ as u64 {
                                    cache.keep_as_prev(OWNER_TAGS);
                                }
                                cache.a.set(ty as *const _ as u64);
                                cache.b.set(ty.version.get() as u64);
                                cache.c.set(d.to_bits());
                                push!(d);
                                push!(o.clone());
                                done = true;
                            }
                        }
                    }
                }
                if !done {
                    let v = self.get_attr(&o, &name)?;
                    push!(null());
                    push!(v);
                }
            }};
        }
        macro_rules! op_store_attr {
            ($arg:expr) => {{
                let arg: u32 = $arg;
                #[allow(unused_variables)]
                let f = frame!();
                let cd = f.code();
                let cache = cd.cache_at(f.ip - 1);
                let o = pop!();
                let v = pop!();
                let ty = o.type_of();
                let mut v = v;
                if cache_holds_for(cache, ty) || takes_prev(cache, ty) {
                    match cached_store(&o, &cd.names[arg as usize], v, cache) {
                        // The old value's finaliser may run Python code:
                        // dropped after the table's borrow ended.
                        Ok(old) => {
                            cache_stat!(crate::profile::CACHE_STORE_ATTR, true);
                            drop(old);
                            continue;
                        }
                        Err(back) => v = back,
                    }
                }
                cache_stat!(crate::profile::CACHE_STORE_ATTR, false);
                let name = cd.names[arg as usize].clone();
                fill_store_cache(cache, &o, &name);
                if cache_holds_for(cache, ty) {
                    match cached_store(&o, &name, v, cache) {
                        Ok(old) => {
                            drop(old);
                            continue;
                        }
                        Err(back) => v = back,
                    }
                }
                self.set_attr(&o, &name, Some(v))?;
            }};
        }
        // The argument of the next instruction, which a fused instruction
        // runs as its second half (the ip moves past it first, so an error
        // there is reported at that instruction).
        macro_rules! next_arg {
            () => {{
                let f = frame!();
                // SAFETY: a fused instruction is never last (the pair's
                // second instruction follows it); see `insts` below.
                let a = unsafe { (&*insts).get_unchecked(ip) }.arg;
                ip += 1;
                f.ip = ip;
                a
            }};
        }
        loop {
            if crate::object::finalizers::HAS_PENDING.load(std::sync::atomic::Ordering::Relaxed) {
                self.run_finalizers();
                reload!();
            }
            let f = frame!();
            // SAFETY: `insts` points into the code object of the running
            // frame (kept alive by the frame's `code` reference); `reload!`
            // refreshes it whenever the running frame changes.
            let Instr { op, arg } = unsafe { *(&*insts).get_unchecked(ip) };
            ip += 1;
            f.ip = ip;
            if MODE == MODE_PROFILE {
                if let Some(p) = self.op_profile.as_mut() {
                    p.record(op);
                }
            }
            if MODE == MODE_TRACE {
                self.trace_instruction(op)?;
                reload!();
            }
            #[allow(unused_variables)]
            let f = frame!();
            match op {
                Op::NOP | Op::RESUME => {}
                Op::LOAD_FAST => op_load_fast!(arg),
                Op::LOAD_CONST => op_load_const!(arg),
                Op::STORE_FAST => op_store_fast!(arg),
                Op::DELETE_FAST => {
                    if f.localsplus[arg as usize].take().is_none() {
                        return Err(self.unbound_local(arg as usize));
                    }
                }
                Op::POP_TOP => {
                    drop(pop!());
                }
                Op::PUSH_NULL => push!(null()),
                Op::COPY => {
                    let n = f.stack.len();
                    let v = f.stack[n - arg as usize].clone();
                    f.stack.push(v);
                }
                Op::SWAP => {
                    let n = f.stack.len();
                    f.stack.swap(n - 1, n - arg as usize);
                }
                Op::BINARY_OP => op_binary_op!(arg),
                Op::COMPARE_OP => op_compare_op!(arg),
                Op::IS_OP => {
                    let b = pop!();
                    let a = pop!();
                    push!(Value::from_bool(a.is(b.borrow()) != (arg == 1)));
                }
                Op::CONTAINS_OP => {
                    let b = pop!();
                    let a = pop!();
                    let r = self.contains(&b, &a)?;
                    push!(Value::from_bool(r != (arg == 1)));
                }
                Op::UNARY_NOT => {
                    let v = pop!();
                    let b = self.truthy(&v)?;
                    push!(Value::from_bool(!b));
                }
                Op::UNARY_NEGATIVE => {
                    let v = pop!();
                    let r = self.unary_op(&v, "__neg__", "-")?;
                    push!(r);
                }
                Op::UNARY_POSITIVE => {
                    let v = pop!();
                    let r = self.unary_op(&v, "__pos__", "+")?;
                    push!(r);
                }
                Op::UNARY_INVERT => {
                    let v = pop!();
                    let r = self.unary_op(&v, "__invert__", "~")?;
                    push!(r);
                }
                Op::JUMP_FORWARD | Op::JUMP_BACKWARD_NO_INTERRUPT => {
                    jump!(arg as usize);
                }
                Op::JUMP_BACKWARD => {
                    jump!(arg as usize);
                    // The eval breaker: pending signal handlers run here,
                    // and the GIL changes hands.
                    if crate::modules::signal::has_pending()
                        || crate::gil::DROP_REQUEST.load(std::sync::atomic::Ordering::Relaxed)
                    {
                        self.eval_breaker()?;
                        reload!();
                    }
                }
                Op::POP_JUMP_FORWARD_IF_FALSE | Op::POP_JUMP_BACKWARD_IF_FALSE => {
                    let v = pop!();
                    let b = match v.as_bool() {
                        Some(b) => b,
                        None => self.truthy(&v)?,
                    };
                    if !b {
                        jump!(arg as usize);
                    }
                }
                Op::POP_JUMP_FORWARD_IF_TRUE | Op::POP_JUMP_BACKWARD_IF_TRUE => {
                    let v = pop!();
                    let b = match v.as_bool() {
                        Some(b) => b,
                        None => self.truthy(&v)?,
                    };
                    if b {
                        jump!(arg as usize);
                    }
                }
                Op::POP_JUMP_FORWARD_IF_NONE | Op::POP_JUMP_BACKWARD_IF_NONE => {
                    let v = pop!();
                    if v.is_none() {
                        jump!(arg as usize);
                    }
                }
                Op::POP_JUMP_FORWARD_IF_NOT_NONE | Op::POP_JUMP_BACKWARD_IF_NOT_NONE => {
                    let v = pop!();
                    if !v.is_none() {
                        jump!(arg as usize);
                    }
                }
                Op::JUMP_IF_FALSE_OR_POP => {
                    let v = top!().clone();
                    if !self.truthy(&v)? {
                        jump!(arg as usize);
                    } else {
                        drop(pop!());
                    }
                }
                Op::JUMP_IF_TRUE_OR_POP => {
                    let v = top!().clone();
                    if self.truthy(&v)? {
                        jump!(arg as usize);
                    } else {
                        drop(pop!());
                    }
                }
                Op::GET_ITER => {
                    let v = pop!();
                    let it = self.iter(&v)?;
                    push!(it);
                }
                Op::FOR_ITER => {
                    // A plain generator runs as a frame of this loop: its
                    // yield comes back here as the next item.
                    if MODE != MODE_TRACE && std::ptr::eq(top!().type_of(), &GENERATOR_TYPE) {
                        let g = top!().clone();
                        if let Ok(frame) = self.resume_inline(&g, Value::none()) {
                            self.depth += 1;
                            self.frames.push(frame);
                            reload!();
                            continue;
                        }
                    }
                    let it = top!().clone();
                    match self.next(&it)? {
                        Some(v) => push!(v),
                        None => {
                            drop(pop!());
                            jump!(arg as usize);
                        }
                    }
                }
                Op::LOAD_GLOBAL => {
                    let cd = f.code();
                    let cache = cd.cache_at(f.ip - 1);
                    let v = match cached_global(cache, &f.globals, &f.builtins) {
                        Some(v) => {
                            cache_stat!(crate::profile::CACHE_LOAD_GLOBAL, true);
                            v
                        }
                        None => {
                            cache_stat!(crate::profile::CACHE_LOAD_GLOBAL, false);
                            let name = cd.names[(arg >> 1) as usize].clone();
                            match fill_global_cache(cache, &f.globals, &f.builtins, &name) {
                                Some(v) => v,
                                None => {
                                    let n = str_of(&name).to_string();
                                    return Err(self.name_error(&n));
                                }
                            }
                        }
                    };
                    if arg & 1 != 0 {
                        push!(null());
                    }
                    push!(v);
                }
                Op::STORE_GLOBAL => {
                    let name = f.code().names[arg as usize].clone();
                    let g = f.globals.clone();
                    let v = pop!();
                    self.dict_set(&g, name, v)?;
                }
                Op::DELETE_GLOBAL => {
                    let name = f.code().names[arg as usize].clone();
                    let g = f.globals.clone();
                    let d = downcast::<DictData>(&g).unwrap();
                    if self.table_del(&d.table, &name)?.is_none() {
                        let n = str_of(&name).to_string();
                        return Err(self.name_error(&n));
                    }
                }
                Op::LOAD_NAME => {
                    let name = f.code().names[arg as usize].clone();
                    let locals = f.locals.clone();
                    let globals = f.globals.clone();
                    let builtins = f.builtins.clone();
                    let v = self.load_name(locals.as_ref(), &globals, &builtins, &name)?;
                    push!(v);
                }
                Op::STORE_NAME => {
                    let name = f.code().names[arg as usize].clone();
                    let locals = f.locals.clone().unwrap_or_else(|| f.globals.clone());
                    let v = pop!();
                    if std::ptr::eq(locals.type_of(), &DICT_TYPE) {
                        // Module and class bodies: the name's cached hash
                        // and identity decide without running Python code
                        // in all but odd cases (a key with a custom __eq__).
                        let d = downcast::<DictData>(&locals).unwrap();
                        let mut t = d.table.borrow_mut();
                        match t.probe(name_hash(&name), |k| name_key_eq(k, &name)) {
                            crate::dict::Probe::Found(i) => {
                                let old = t.replace_value(i, v);
                                drop(t);
                                drop(old);
                            }
                            crate::dict::Probe::Missing => t.insert_new(name_hash(&name), name, v),
                            crate::dict::Probe::Undecided(_) => {
                                drop(t);
                                self.dict_set(&locals, name, v)?;
                            }
                        }
                    } else {
                        self.setitem(&locals, name, v)?;
                    }
                }
                Op::DELETE_NAME => {
                    let name = f.code().names[arg as usize].clone();
                    let locals = f.locals.clone().unwrap_or_else(|| f.globals.clone());
                    let r = if let Some(d) = downcast::<DictData>(&locals) {
                        self.table_del(&d.table, &name)?.is_some()
                    } else {
                        self.delitem(&locals, name.clone()).is_ok()
                    };
                    if !r {
                        let n = str_of(&name).to_string();
                        return Err(self.name_error(&n));
                    }
                }
                Op::LOAD_ATTR => op_load_attr!(arg),
                Op::LOAD_METHOD => op_load_method!(arg),
                Op::STORE_ATTR => op_store_attr!(arg),
                Op::DELETE_ATTR => {
                    let name = f.code().names[arg as usize].clone();
                    let o = pop!();
                    self.set_attr(&o, &name, None)?;
                }
                Op::BINARY_SUBSCR => {
                    let k = pop!();
                    let o = pop!();
                    let v = match inline_subscript(&o, &k) {
                        Some(v) => v,
                        None => self.getitem(&o, &k)?,
                    };
                    push!(v);
                }
                Op::STORE_SUBSCR => {
                    let k = pop!();
                    let o = pop!();
                    let v = pop!();
                    self.setitem(&o, k, v)?;
                }
                Op::DELETE_SUBSCR => {
                    let k = pop!();
                    let o = pop!();
                    self.delitem(&o, k)?;
                }
                Op::BUILD_TUPLE => {
                    let n = f.stack.len() - arg as usize;
                    let items: Vec<Value> = f.stack.drain(n..).collect();
                    push!(new_tuple(items));
                }
                Op::BUILD_LIST => {
                    let n = f.stack.len() - arg as usize;
                    let items: Vec<Value> = f.stack.drain(n..).collect();
                    let l = self.new_list(items);
                    push!(l);
                }
                Op::BUILD_SET => {
                    let n = f.stack.len() - arg as usize;
                    let items: Vec<Value> = f.stack.drain(n..).collect();
                    let s = self.new_set(false);
                    let sd = downcast::<SetData>(&s).unwrap();
                    for it in items {
                        self.table_set(&sd.table, it, Value::none())?;
                    }
                    push!(s);
                }
                Op::BUILD_MAP => {
                    let n = f.stack.len() - 2 * arg as usize;
                    let items: Vec<Value> = f.stack.drain(n..).collect();
                    let d = self.new_dict();
                    let mut it = items.into_iter();
                    while let (Some(k), Some(v)) = (it.next(), it.next()) {
                        self.dict_set(&d, k, v)?;
                    }
                    push!(d);
                }
                Op::BUILD_CONST_KEY_MAP => {
                    let keys = pop!();
                    let f = frame!();
                    let n = f.stack.len() - arg as usize;
                    let vals: Vec<Value> = f.stack.drain(n..).collect();
                    let d = self.new_dict();
                    let ks = downcast::<TupleData>(&keys).unwrap().items.to_vec();
                    for (k, v) in ks.into_iter().zip(vals) {
                        self.dict_set(&d, k, v)?;
                    }
                    push!(d);
                }
                Op::BUILD_STRING => {
                    let n = f.stack.len() - arg as usize;
                    let mut s = String::new();
                    for v in &f.stack[n..] {
                        s.push_str(str_of(v));
                    }
                    f.stack.truncate(n);
                    let v = self.new_str_owned(s);
                    push!(v);
                }
                Op::BUILD_SLICE => {
                    let step = if arg == 3 { pop!() } else { Value::none() };
                    let stop = pop!();
                    let start = pop!();
                    let s = self.new_slice(start, stop, step);
                    push!(s);
                }
                Op::LIST_APPEND => {
                    let v = pop!();
                    let f = frame!();
                    let l = &f.stack[f.stack.len() - arg as usize];
                    downcast::<ListData>(l).unwrap().items.borrow_mut().push(v);
                }
                Op::SET_ADD => {
                    let v = pop!();
                    let f = frame!();
                    let s = f.stack[f.stack.len() - arg as usize].clone();
                    let sd = downcast::<SetData>(&s).unwrap();
                    self.table_set(&sd.table, v, Value::none())?;
                }
                Op::MAP_ADD => {
                    let v = pop!();
                    let k = pop!();
                    let f = frame!();
                    let d = f.stack[f.stack.len() - arg as usize].clone();
                    self.dict_set(&d, k, v)?;
                }
                Op::LIST_EXTEND => {
                    let it = pop!();
                    let f = frame!();
                    let l = f.stack[f.stack.len() - arg as usize].clone();
                    let items = match self.iterate(&it) {
                        Ok(i) => i,
                        Err(e) => {
                            if self.err_matches(&e, &TYPE_ERROR_TYPE)
                                && lookup(it.type_of(), "__iter__").is_none()
                                && lookup(it.type_of(), "__getitem__").is_none()
                            {
                                let msg = format!(
                                    "Value after * must be an iterable, not {}",
                                    it.type_of().name()
                                );
                                return Err(self.type_error(msg));
                            }
                            return Err(e);
                        }
                    };
                    downcast::<ListData>(&l)
                        .unwrap()
                        .items
                        .borrow_mut()
                        .extend(items);
                }
                Op::SET_UPDATE => {
                    let it = pop!();
                    let f = frame!();
                    let s = f.stack[f.stack.len() - arg as usize].clone();
                    let items = self.iterate(&it)?;
                    let sd = downcast::<SetData>(&s).unwrap();
                    for x in items {
                        self.table_set(&sd.table, x, Value::none())?;
                    }
                }
                Op::DICT_UPDATE => {
                    let m = pop!();
                    let f = frame!();
                    let d = f.stack[f.stack.len() - arg as usize].clone();
                    if let Err(e) = crate::builtins::dict::dict_update_from(self, &d, &m) {
                        if self.err_matches(&e, &ATTRIBUTE_ERROR_TYPE) {
                            let msg = format!("'{}' object is not a mapping", m.type_of().name());
                            return Err(self.type_error(msg));
                        }
                        return Err(e);
                    }
                }
                Op::DICT_MERGE => {
                    let m = pop!();
                    let f = frame!();
                    let d = f.stack[f.stack.len() - arg as usize].clone();
                    let func = f.stack[f.stack.len() - arg as usize - 2].clone();
                    let (vals, names) = self.kwargs_from_mapping(&func, &m)?;
                    for (k, v) in names.into_iter().zip(vals) {
                        if self.dict_get(&d, &k)?.is_some() {
                            let fname = self.func_name_for_error(&func);
                            let msg = format!(
                                "{} got multiple values for keyword argument '{}'",
                                fname,
                                str_of(&k)
                            );
                            return Err(self.type_error(msg));
                        }
                        self.dict_set(&d, k, v)?;
                    }
                }
                Op::LIST_TO_TUPLE => {
                    let l = pop!();
                    let items = downcast::<ListData>(&l).unwrap().items.borrow().clone();
                    push!(new_tuple(items));
                }
                Op::UNPACK_SEQUENCE => {
                    let seq = pop!();
                    // Exact tuples and lists of the right length: items
                    // pushed straight from the sequence (no vector).
                    let n = arg as usize;
                    let st = seq.type_of();
                    if std::ptr::eq(st, &TUPLE_TYPE) {
                        // SAFETY: checked to be an exact tuple.
                        let t = unsafe { payload_unchecked::<TupleData>(&seq) };
                        if t.items.len() == n {
                            frame!().stack.extend(t.items.iter().rev().cloned());
                            continue;
                        }
                    } else if std::ptr::eq(st, &LIST_TYPE) {
                        // SAFETY: checked to be an exact list.
                        let l = unsafe { payload_unchecked::<ListData>(&seq) }.items.borrow();
                        if l.len() == n {
                            frame!().stack.extend(l.iter().rev().cloned());
                            continue;
                        }
                    }
                    let items: Vec<Value> = if let Some(t) = downcast::<TupleData>(&seq)
                        .filter(|_| std::ptr::eq(seq.type_of(), &TUPLE_TYPE))
                    {
                        t.items.to_vec()
                    } else if let Some(l) = downcast::<ListData>(&seq)
                        .filter(|_| std::ptr::eq(seq.type_of(), &LIST_TYPE))
                    {
                        l.items.borrow().clone()
                    } else {
                        self.unpack_iterable(&seq, arg as usize)?
                    };
                    if items.len() != arg as usize {
                        return Err(self.unpack_error(items.len(), arg as usize));
                    }
                    let f = frame!();
                    f.stack.extend(items.into_iter().rev());
                }
                Op::UNPACK_EX => {
                    let before = (arg & 0xFF) as usize;
                    let after = (arg >> 8) as usize;
                    let seq = pop!();
                    let items = match self.iterate(&seq) {
                        Ok(i) => i,
                        Err(e) => {
                            if self.err_matches(&e, &TYPE_ERROR_TYPE)
                                && lookup(seq.type_of(), "__iter__").is_none()
                            {
                                let msg = format!(
                                    "cannot unpack non-iterable {} object",
                                    seq.type_of().name()
                                );
                                return Err(self.type_error(msg));
                            }
                            return Err(e);
                        }
                    };
                    if items.len() < before + after {
                        let msg = format!(
                            "not enough values to unpack (expected at least {}, got {})",
                            before + after,
                            items.len()
                        );
                        return Err(self.value_error(msg));
                    }
                    let mid_end = items.len() - after;
                    let mut out: Vec<Value> = items[..before].to_vec();
                    let mid = self.new_list(items[before..mid_end].to_vec());
                    out.push(mid);
                    out.extend_from_slice(&items[mid_end..]);
                    let f = frame!();
                    f.stack.extend(out.into_iter().rev());
                }
                Op::KW_NAMES => {
                    self.kwnames = Some(f.code().consts[arg as usize].clone());
                }
                Op::CALL => {
                    if crate::modules::signal::has_pending()
                        || crate::gil::DROP_REQUEST.load(std::sync::atomic::Ordering::Relaxed)
                    {
                        self.eval_breaker()?;
                        reload!();
                    }
                    let f = frame!();
                    // Stack: [NULL | method, callable | self, args...]. With
                    // a method below, it is called with `self` first.
                    let kwnames = self.kwnames.take();
                    let n = arg as usize;
                    let len = f.stack.len();
                    let below = len - n - 2;
                    let has_method = !is_null(&f.stack[below]);
                    let args_start = if has_method { below + 1 } else { below + 2 };
                    if kwnames.is_none() {
                        // Fast path: a positional call of a Python function
                        // (or a bound method of one) whose parameters are
                        // all positional and match the count. The arguments
                        // move from this stack into the new frame; nothing
                        // is allocated once the frame pool is warm, and the
                        // only count traffic is the frame's own references.
                        let callable = &f.stack[args_start - 1];
                        let (fv, bound_self) = if std::ptr::eq(callable.type_of(), &FUNCTION_TYPE) {
                            (Some(callable), None)
                        } else {
                            match downcast::<MethodData>(callable) {
                                Some(m) if std::ptr::eq(m.func.type_of(), &FUNCTION_TYPE) => {
                                    (Some(&m.func), Some(&m.self_))
                                }
                                _ => (None, None),
                            }
                        };
                        if let Some(fv) = fv {
                            // SAFETY: checked to be a function just above.
                            let fd = unsafe { payload_unchecked::<FunctionData>(fv) };
                            // SAFETY: a function's code is a code object.
                            let cd = unsafe { payload_unchecked::<CodeData>(&fd.code) }.body();
                            let co = &cd.code;
                            let nargs = len - args_start + bound_self.is_some() as usize;
                            if co.flags & (CO_VARARGS | CO_VARKEYWORDS) == 0
                                && co.kwonlyargcount == 0
                                && co.argcount as usize == nargs
                            {
                                let mut frame =
                                    self.take_frame(&fd.code, cd, &fd.globals, &fd.builtins);
                                frame.func = Some(fv.clone());
                                // SAFETY: take_frame reserved nlocalsplus >=
                                // nargs slots. The values at args_start..len
                                // are moved out (read once each) and the
                                // stack's length cut to args_start before it
                                // is used again, so none is dropped twice;
                                // the slots past the arguments are zeroed
                                // (None, see alloc_frame) before the length
                                // covers them.
                                let n = cd.nlocalsplus;
                                unsafe {
                                    let dst = frame.localsplus.as_mut_ptr();
                                    let mut i = 0;
                                    if let Some(s) = bound_self {
                                        dst.write(Some(s.clone()));
                                        i = 1;
                                    }
                                    let src = f.stack.as_ptr();
                                    for k in args_start..len {
                                        dst.add(i).write(Some(std::ptr::read(src.add(k))));
                                        i += 1;
                                    }
                                    f.stack.set_len(args_start);
                                    std::ptr::write_bytes(dst.add(i), 0, n - i);
                                    frame.localsplus.set_len(n);
                                }
                                // The callable and NULL/self slot below the
                                // arguments.
                                while f.stack.len() > below {
                                    drop(f.stack.pop());
                                }
                                self.push_callee(frame)?;
                                reload!();
                                continue;
                            }
                        }
                    }
                    let callable = if has_method {
                        f.stack[below].clone()
                    } else {
                        f.stack[below + 1].clone()
                    };
                    // Everything else is called with the arguments left on
                    // this frame's stack (vectorcall): no argument vector.
                    // SAFETY: the frame is suspended while the callee runs
                    // (nested code runs in frames of its own), and its stack
                    // is neither pushed to nor cut until the call returns
                    // (`cut_call!` below), so the slice stays valid.
                    let args: &[Value] = unsafe {
                        std::slice::from_raw_parts(f.stack.as_ptr().add(args_start), len - args_start)
                    };
                    let kwn: &[Value] = match &kwnames {
                        Some(k) => &downcast::<TupleData>(k).unwrap().items,
                        None => &[],
                    };
                    // The callable, its NULL/self slot and the arguments
                    // leave the stack once the callee has them.
                    macro_rules! cut_call {
                        () => {
                            frame!().stack.truncate(below)
                        };
                    }
                    // A native function, or a method descriptor that
                    // LOAD_METHOD found on its receiver's type: called
                    // directly.
                    if let Some(b) = downcast::<BuiltinFnData>(&callable).filter(|b| b.self_.is_none()) {
                        if let (Some(owner), false) = (b.owner, has_method) {
                            self.check_descr_self(b, owner, args)?;
                        }
                        if b.arity != crate::objects::ANY_ARITY {
                            let given = args.len().saturating_sub(kwn.len() + 1);
                            self.check_arity(b, given, kwn)?;
                        }
                        let r = self.call_native(b.f, crate::vm::Args { args, kwnames: kwn })?;
                        reload!();
                        cut_call!();
                        push!(r);
                        if (MODE == MODE_TRACE) != self.trace_func.is_some() {
                            return Ok(Exit::Switch);
                        }
                        continue;
                    }
                    let (func, bound_self) = if std::ptr::eq(callable.type_of(), &FUNCTION_TYPE) {
                        (Some(callable.clone()), None)
                    } else if let Some(m) = downcast::<MethodData>(&callable)
                        .filter(|m| std::ptr::eq(m.func.type_of(), &FUNCTION_TYPE))
                    {
                        (Some(m.func.clone()), Some(m.self_.clone()))
                    } else {
                        (None, None)
                    };
                    // A class whose instances come from object.__new__ and
                    // whose __init__ is a Python function: the instance is
                    // made here and __init__ runs as a frame of this loop.
                    let init = if func.is_none() && std::ptr::eq(callable.type_of(), &TYPE_TYPE) {
                        class_init(f.code().cache_at(f.ip - 1), &callable)
                    } else {
                        None
                    };
                    if let Some(init) = init {
                        // SAFETY: class_init checked `callable` is a type.
                        let t = as_type(&callable).unwrap();
                        let obj = alloc_object(t, Empty);
                        let mut frame = self.make_frame(&init, Some(obj.clone()), args, kwn)?;
                        frame.init_obj = Some(obj);
                        cut_call!();
                        self.push_callee(frame)?;
                        reload!();
                        continue;
                    }
                    if let Some(func) = func {
                        let frame = self.make_frame(&func, bound_self, args, kwn)?;
                        cut_call!();
                        self.push_callee(frame)?;
                        reload!();
                        continue;
                    }
                    let r = self.call(&callable, args, kwn)?;
                    reload!();
                    cut_call!();
                    push!(r);
                    // `sys.settrace` (or any native call turning tracing
                    // on or off) takes effect at once.
                    if (MODE == MODE_TRACE) != self.trace_func.is_some() {
                        return Ok(Exit::Switch);
                    }
                }
                Op::CALL_FUNCTION_EX => {
                    let kwargs = if arg & 1 != 0 { Some(pop!()) } else { None };
                    let args = pop!();
                    let callable = pop!();
                    let nul = pop!();
                    let mut argv: Vec<Value> = Vec::new();
                    if !is_null(&nul) {
                        argv.push(nul);
                    }
                    if let Some(t) = downcast::<TupleData>(&args) {
                        argv.extend(t.items.iter().cloned());
                    } else {
                        match self.iterate(&args) {
                            Ok(items) => argv.extend(items),
                            Err(e) => {
                                if self.err_matches(&e, &TYPE_ERROR_TYPE)
                                    && lookup(args.type_of(), "__iter__").is_none()
                                {
                                    let fname = self.func_name_for_error(&callable);
                                    let msg = format!(
                                        "{} argument after * must be an iterable, not {}",
                                        fname,
                                        args.type_of().name()
                                    );
                                    return Err(self.type_error(msg));
                                }
                                return Err(e);
                            }
                        }
                    }
                    let mut names = Vec::new();
                    if let Some(kw) = kwargs {
                        let (vals, ns) = self.kwargs_from_mapping(&callable, &kw)?;
                        argv.extend(vals);
                        names = ns;
                    }
                    let r = self.call(&callable, &argv, &names)?;
                    reload!();
                    push!(r);
                    // `sys.settrace` (or any native call turning tracing
                    // on or off) takes effect at once.
                    if (MODE == MODE_TRACE) != self.trace_func.is_some() {
                        return Ok(Exit::Switch);
                    }
                }
                Op::RETURN_VALUE => {
                    let v = pop!();
                    if MODE == MODE_TRACE {
                        self.trace_return(&v)?;
                        reload!();
                    }
                    let fi = self.frames.len() - 1;
                    let frame = self.frames.pop().unwrap();
                    if frame.inline_gen.is_some() {
                        // The generator is exhausted. Its resumer's
                        // instruction ends: a FOR_ITER ends the loop (pops
                        // the generator, jumps past the body); a SEND (of
                        // `yield from`) replaces the generator with the
                        // returned value and jumps to its target.
                        self.finish_inline(frame);
                        self.depth -= 1;
                        reload!();
                        drop(pop!());
                        let f = frame!();
                        // SAFETY: the resumer's previous instruction is
                        // the FOR_ITER or SEND (in bounds of its code).
                        let resumer = unsafe { *(&*insts).get_unchecked(f.ip - 1) };
                        if resumer.op == Op::SEND {
                            push!(v);
                        } else {
                            drop(v);
                        }
                        jump!(resumer.arg as usize);
                        continue;
                    }
                    if let Some(g) = &frame.generator {
                        // A generator finished: its resumer sees the return.
                        let g = g.clone();
                        if let Some(gd) = downcast::<GenData>(&g) {
                            gd.running.set(false);
                        }
                        drop(frame);
                        if fi == base {
                            return Ok(Exit::Return(v));
                        }
                        unreachable!("generator frames run as a base");
                    }
                    if fi == base {
                        // (Base frames are never __init__ or __op__ frames.)
                        self.recycle_frame(frame);
                        return Ok(Exit::Return(v));
                    }
                    self.depth -= 1;
                    let v = if frame.init_obj.is_none() && frame.binop.is_none() {
                        self.recycle_frame(frame);
                        v
                    } else {
                        self.special_return(frame, v)?
                    };
                    reload!();
                    push!(v);
                }
                Op::MAKE_FUNCTION => {
                    let code = pop!();
                    let closure = if arg & 0x08 != 0 { Some(pop!()) } else { None };
                    let annotations = if arg & 0x04 != 0 { Some(pop!()) } else { None };
                    let kwdefaults = if arg & 0x02 != 0 { Some(pop!()) } else { None };
                    let defaults = if arg & 0x01 != 0 { Some(pop!()) } else { None };
                    let f = frame!();
                    let func = self.new_function(
                        code,
                        f.globals.clone(),
                        f.builtins.clone(),
                        defaults,
                        kwdefaults,
                        closure,
                        annotations,
                    )?;
                    push!(func);
                }
                Op::MAKE_CELL => {
                    let c = f.code();
                    let nloc = c.code.varnames.len();
                    let initial = match c.code.cell2arg.get(arg as usize).copied().flatten() {
                        Some(a) => f.localsplus[a as usize].clone(),
                        None => f.localsplus[nloc + arg as usize].take(),
                    };
                    let cell = self.new_cell(initial);
                    frame!().localsplus[nloc + arg as usize] = Some(cell);
                }
                Op::COPY_FREE_VARS => {
                    let c = f.code();
                    let off = c.code.varnames.len() + c.code.cellvars.len();
                    let Some(func) = f.func.clone() else {
                        let msg = "code with free variables run without a closure";
                        return Err(self.new_exc(&SYSTEM_ERROR_TYPE, msg));
                    };
                    let fd = downcast::<FunctionData>(&func).unwrap();
                    if let Some(cl) = &fd.closure {
                        let items = &downcast::<TupleData>(cl).unwrap().items;
                        for j in 0..arg as usize {
                            f.localsplus[off + j] = Some(items[j].clone());
                        }
                    }
                }
                Op::LOAD_CLOSURE => {
                    let nloc = f.code().code.varnames.len();
                    let v = f.localsplus[nloc + arg as usize].clone().unwrap();
                    push!(v);
                }
                Op::LOAD_DEREF => {
                    let nloc = f.code().code.varnames.len();
                    let cell = f.localsplus[nloc + arg as usize].clone().unwrap();
                    let v = downcast::<CellData>(&cell).unwrap().0.borrow().clone();
                    match v {
                        Some(v) => push!(v),
                        None => return Err(self.unbound_deref(arg as usize)),
                    }
                }
                Op::LOAD_CLASSDEREF => {
                    let c = f.code();
                    let nloc = c.code.varnames.len();
                    let name_idx = arg as usize;
                    let name = c.cell_names[name_idx].clone();
                    let locals = f.locals.clone().unwrap();
                    let found = if let Some(_) = downcast::<DictData>(&locals) {
                        self.dict_get(&locals, &name)?
                    } else {
                        None
                    };
                    match found {
                        Some(v) => push!(v),
                        None => {
                            let f = frame!();
                            let cell = f.localsplus[nloc + arg as usize].clone().unwrap();
                            let v = downcast::<CellData>(&cell).unwrap().0.borrow().clone();
                            match v {
                                Some(v) => push!(v),
                                None => return Err(self.unbound_deref(arg as usize)),
                            }
                        }
                    }
                }
                Op::STORE_DEREF => {
                    let v = pop!();
                    let f = frame!();
                    let nloc = f.code().code.varnames.len();
                    let cell = f.localsplus[nloc + arg as usize].clone().unwrap();
                    let old = downcast::<CellData>(&cell)
                        .unwrap()
                        .0
                        .borrow_mut()
                        .replace(v);
                    drop(old);
                }
                Op::DELETE_DEREF => {
                    let nloc = f.code().code.varnames.len();
                    let cell = f.localsplus[nloc + arg as usize].clone().unwrap();
                    let old = downcast::<CellData>(&cell).unwrap().0.borrow_mut().take();
                    if old.is_none() {
                        return Err(self.unbound_deref(arg as usize));
                    }
                }
                Op::RAISE_VARARGS => {
                    return Err(self.do_raise(arg)?);
                }
                Op::RERAISE => {
                    // The exception keeps its traceback; the handler search
                    // starts from this instruction (CPython only uses the
                    // saved lasti for the frame's line number).
                    let exc = pop!();
                    self.reraising = true;
                    return Err(PyErr(exc));
                }
                Op::PUSH_EXC_INFO => {
                    let exc = pop!();
                    let prev = self
                        .exc_info
                        .replace(exc.clone())
                        .unwrap_or_else(Value::none);
                    push!(prev);
                    push!(exc);
                }
                Op::POP_EXCEPT => {
                    let prev = pop!();
                    self.exc_info = if prev.is_none() { None } else { Some(prev) };
                }
                Op::CHECK_EXC_MATCH => {
                    let ty = pop!();
                    let exc = top!().clone();
                    self.check_except_type(&ty)?;
                    let r = self.exception_matches(&exc, &ty)?;
                    push!(Value::from_bool(r));
                }
                Op::CHECK_EG_MATCH => {
                    let ty = pop!();
                    let eg = pop!();
                    self.check_except_type(&ty)?;
                    let is_eg = |t: &Value| {
                        as_type(t).map_or(false, |t| {
                            crate::vm::class::is_subtype(t, &BASE_EXCEPTION_GROUP_TYPE)
                        })
                    };
                    if is_eg(&ty)
                        || downcast::<TupleData>(&ty).map_or(false, |t| t.items.iter().any(is_eg))
                    {
                        return Err(self.type_error("catching ExceptionGroup with except* is not allowed. Use except instead."));
                    }
                    let (matched, rest) =
                        crate::builtins::exceptions::eg_split_for_match(self, &eg, &ty)?;
                    match matched {
                        None => {
                            push!(eg);
                            push!(Value::none());
                        }
                        Some(m) => {
                            push!(rest.unwrap_or_else(Value::none));
                            self.exc_info = Some(m.clone());
                            push!(m);
                        }
                    }
                }
                Op::PREP_RERAISE_STAR => {
                    let excs = pop!();
                    let orig = pop!();
                    let r = crate::builtins::exceptions::prep_reraise_star(self, &orig, &excs)?;
                    push!(r);
                }
                Op::LOAD_ASSERTION_ERROR => push!(type_value(&ASSERTION_ERROR_TYPE)),
                Op::LOAD_BUILD_CLASS => {
                    let b = self.dict_get_str(&f.builtins, "__build_class__");
                    match b {
                        Some(b) => push!(b),
                        None => {
                            return Err(self.new_exc(&NAME_ERROR_TYPE, "__build_class__ not found"))
                        }
                    }
                }
                Op::SETUP_ANNOTATIONS => {
                    let locals = f.locals.clone().unwrap();
                    let has = if downcast::<DictData>(&locals).is_some() {
                        self.dict_get_str(&locals, "__annotations__").is_some()
                    } else {
                        let k = self.new_str("__annotations__");
                        self.getitem(&locals, &k).is_ok()
                    };
                    if !has {
                        let d = self.new_dict();
                        let k = self.intern("__annotations__");
                        self.setitem(&locals, k, d)?;
                    }
                }
                Op::BEFORE_WITH => {
                    let mgr = pop!();
                    let enter = lookup(mgr.type_of(), "__enter__");
                    let exit = lookup(mgr.type_of(), "__exit__");
                    let (Some(enter), Some(exit)) = (enter, exit) else {
                        let msg = if lookup(mgr.type_of(), "__enter__").is_none() {
                            format!(
                                "'{}' object does not support the context manager protocol",
                                mgr.type_of().name()
                            )
                        } else {
                            format!("'{}' object does not support the context manager protocol (missed __exit__ method)", mgr.type_of().name())
                        };
                        return Err(self.type_error(msg));
                    };
                    let r = self.enter_context(&mgr, enter, exit)?;
                    reload!();
                    frame!().stack.extend(r);
                }
                Op::WITH_EXCEPT_START => {
                    // Stack: exit_func, lasti, prev_exc, exc
                    let n = f.stack.len();
                    let exc = f.stack[n - 1].clone();
                    let exit = f.stack[n - 4].clone();
                    let ty = type_value(exc.type_of());
                    let tb = downcast::<ExcData>(&exc)
                        .and_then(|e| e.traceback.borrow().clone())
                        .unwrap_or_else(Value::none);
                    let r = self.call(&exit, &[ty, exc, tb], &[])?;
                    reload!();
                    push!(r);
                }
                Op::PRINT_EXPR => {
                    // `sys.displayhook(value)`, whatever it has been set to.
                    let v = pop!();
                    let hook = match self.sys_module.clone() {
                        Some(sys) => self.get_attr_opt(&sys, "displayhook")?,
                        None => None,
                    };
                    match hook {
                        Some(h) => {
                            self.call(&h, &[v], &[])?;
                            reload!();
                        }
                        None => {
                            return Err(self.new_exc(&RUNTIME_ERROR_TYPE, "lost sys.displayhook"))
                        }
                    }
                }
                Op::FORMAT_VALUE => {
                    let spec = if arg & 0x04 != 0 { Some(pop!()) } else { None };
                    let v = pop!();
                    let v = match arg & 3 {
                        1 => self.to_str(&v)?,
                        2 => self.repr_value(&v)?,
                        3 => {
                            let r = self.repr(&v)?;
                            let a = crate::builtins::strings::ascii_escape(&r);
                            self.new_str_owned(a)
                        }
                        _ => v,
                    };
                    let r = match spec {
                        None if std::ptr::eq(v.type_of(), &STR_TYPE) => v,
                        None => {
                            let e = self.new_str("");
                            self.format(&v, &e)?
                        }
                        Some(s) => self.format(&v, &s)?,
                    };
                    push!(r);
                }
                Op::GET_LEN => {
                    let v = top!().clone();
                    let n = self.len(&v)?;
                    push!(new_int_i64(n as i64));
                }
                Op::MATCH_MAPPING => {
                    let v = top!().clone();
                    let r = crate::builtins::matching::is_mapping(self, &v);
                    push!(Value::from_bool(r));
                }
                Op::MATCH_SEQUENCE => {
                    let v = top!().clone();
                    let r = crate::builtins::matching::is_sequence(self, &v);
                    push!(Value::from_bool(r));
                }
                Op::MATCH_KEYS => {
                    let n = f.stack.len();
                    let keys = f.stack[n - 1].clone();
                    let subject = f.stack[n - 2].clone();
                    let r = crate::builtins::matching::match_keys(self, &subject, &keys)?;
                    push!(r);
                }
                Op::MATCH_CLASS => {
                    let names = pop!();
                    let cls = pop!();
                    let subject = pop!();
                    let r = crate::builtins::matching::match_class(
                        self,
                        &subject,
                        &cls,
                        arg as usize,
                        &names,
                    )?;
                    push!(r);
                }
                Op::IMPORT_NAME => {
                    let name = f.code().names[arg as usize].clone();
                    let fromlist = pop!();
                    let level = pop!();
                    let globals = frame!().globals.clone();
                    let m = crate::import::import_name(self, &name, &globals, &fromlist, &level)?;
                    reload!();
                    push!(m);
                }
                Op::IMPORT_FROM => {
                    let name = f.code().names[arg as usize].clone();
                    let m = top!().clone();
                    let v = crate::import::import_from(self, &m, &name)?;
                    reload!();
                    push!(v);
                }
                Op::IMPORT_STAR => {
                    let m = pop!();
                    let locals = frame!().locals.clone().unwrap();
                    crate::import::import_star(self, &m, &locals)?;
                    reload!();
                }
                Op::RETURN_GENERATOR => {
                    let fi = self.frames.len() - 1;
                    let frame = self.frames.pop().unwrap();
                    let g = self.new_generator(frame);
                    if fi == base {
                        return Ok(Exit::Return(g));
                    }
                    self.depth -= 1;
                    reload!();
                    push!(g);
                }
                Op::YIELD_VALUE => {
                    let v = pop!();
                    if MODE == MODE_TRACE {
                        self.trace_return(&v)?;
                    }
                    if frame!().inline_gen.is_some() {
                        // Back to the FOR_ITER that resumed it.
                        let frame = self.frames.pop().unwrap();
                        self.suspend_inline(frame);
                        self.depth -= 1;
                        reload!();
                        push!(v);
                        continue;
                    }
                    let fi = self.frames.len() - 1;
                    if let Some((at, items)) = &mut self.collect {
                        if *at == fi {
                            // Run to its end by gen_collect: the value is
                            // kept and the generator goes on (None sent).
                            items.push(v);
                            push!(Value::none());
                            continue;
                        }
                    }
                    debug_assert_eq!(fi, base);
                    return Ok(Exit::Yield(v));
                }
                Op::GET_YIELD_FROM_ITER => {
                    let v = top!().clone();
                    let t = v.type_of();
                    if std::ptr::eq(t, &COROUTINE_TYPE) {
                        // Only allowed in a coroutine-flavoured generator.
                        let flags = frame!().code().code.flags;
                        if flags & (CO_COROUTINE | pyrite_compiler::code::CO_ITERABLE_COROUTINE)
                            == 0
                        {
                            return Err(self.type_error("cannot 'yield from' a coroutine object in a non-coroutine generator"));
                        }
                    } else if !std::ptr::eq(t, &GENERATOR_TYPE) {
                        let it = self.iter(&v)?;
                        drop(pop!());
                        push!(it);
                    }
                }
                Op::SEND => {
                    let v = pop!();
                    // `yield from` a plain generator, or `await` a coroutine:
                    // it runs as a frame of this loop, as under FOR_ITER;
                    // its yield comes back as SEND's result, its return at
                    // RETURN_VALUE.
                    let rt = top!().type_of();
                    let v = if MODE != MODE_TRACE
                        && (std::ptr::eq(rt, &GENERATOR_TYPE) || std::ptr::eq(rt, &COROUTINE_TYPE))
                    {
                        let g = top!().clone();
                        match self.resume_inline(&g, v) {
                            Ok(frame) => {
                                self.depth += 1;
                                self.frames.push(frame);
                                reload!();
                                continue;
                            }
                            // Not now: the general path below.
                            Err(back) => back,
                        }
                    } else {
                        v
                    };
                    let receiver = top!().clone();
                    match self.send_to(&receiver, v)? {
                        GenResult::Yielded(y) => {
                            reload!();
                            push!(y);
                        }
                        GenResult::Returned(r) => {
                            reload!();
                            drop(pop!());
                            push!(r);
                            jump!(arg as usize);
                        }
                    }
                }
                Op::GET_AWAITABLE => {
                    let v = pop!();
                    let a = match self.get_awaitable(&v) {
                        Ok(a) => a,
                        Err(e) => {
                            if arg == 1 || arg == 2 {
                                if self.err_matches(&e, &TYPE_ERROR_TYPE) {
                                    let what = if arg == 1 { "__aenter__" } else { "__aexit__" };
                                    let msg = format!("'async with' received an object from {} that does not implement __await__: {}", what, v.type_of().name());
                                    return Err(self.type_error(msg));
                                }
                            }
                            return Err(e);
                        }
                    };
                    push!(a);
                }
                Op::GET_AITER => {
                    let v = pop!();
                    let r = match self.call_special(&v, "__aiter__", &[])? {
                        Some(r) => r,
                        None => {
                            let msg = format!(
                                "'async for' requires an object with __aiter__ method, got {}",
                                v.type_of().name()
                            );
                            return Err(self.type_error(msg));
                        }
                    };
                    if lookup(r.type_of(), "__anext__").is_none() {
                        let msg = format!("'async for' received an object from __aiter__ that does not implement __anext__: {}", r.type_of().name());
                        return Err(self.type_error(msg));
                    }
                    reload!();
                    push!(r);
                }
                Op::GET_ANEXT => {
                    let v = top!().clone();
                    let r = match self.call_special(&v, "__anext__", &[])? {
                        Some(r) => r,
                        None => {
                            let msg = format!(
                                "'async for' requires an iterator with __anext__ method, got {}",
                                v.type_of().name()
                            );
                            return Err(self.type_error(msg));
                        }
                    };
                    let a = match self.get_awaitable(&r) {
                        Ok(a) => a,
                        Err(_) => {
                            let msg = format!(
                                "'async for' received an invalid object from __anext__: {}",
                                r.type_of().name()
                            );
                            return Err(self.type_error(msg));
                        }
                    };
                    reload!();
                    push!(a);
                }
                Op::END_ASYNC_FOR => {
                    let exc = pop!();
                    if crate::vm::class::is_instance(&exc, &STOP_ASYNC_ITERATION_TYPE) {
                        // The loop is over: drop the async iterator.
                        drop(pop!());
                    } else {
                        self.reraising = true;
                        return Err(PyErr(exc));
                    }
                }
                Op::BEFORE_ASYNC_WITH => {
                    let mgr = pop!();
                    let enter = lookup(mgr.type_of(), "__aenter__");
                    let exit = lookup(mgr.type_of(), "__aexit__");
                    let (Some(enter), Some(exit)) = (enter, exit) else {
                        let msg = if lookup(mgr.type_of(), "__aenter__").is_none() {
                            format!("'{}' object does not support the asynchronous context manager protocol", mgr.type_of().name())
                        } else {
                            format!(
                                "'{}' object does not support the asynchronous context manager protocol (missed __aexit__ method)",
                                mgr.type_of().name()
                            )
                        };
                        return Err(self.type_error(msg));
                    };
                    let r = self.enter_context(&mgr, enter, exit)?;
                    reload!();
                    frame!().stack.extend(r);
                }
                Op::ASYNC_GEN_WRAP => {
                    let v = pop!();
                    let w = crate::builtins::gen::wrap_async_value(self, v);
                    push!(w);
                }
                // Fused pairs (see `quicken`): the first half, then the
                // second with the next instruction's argument.
                Op::LOAD_FAST__LOAD_FAST => {
                    op_load_fast!(arg);
                    op_load_fast!(next_arg!());
                }
                Op::LOAD_FAST__LOAD_CONST => {
                    op_load_fast!(arg);
                    op_load_const!(next_arg!());
                }
                Op::LOAD_FAST__LOAD_ATTR => {
                    op_load_fast!(arg);
                    op_load_attr!(next_arg!());
                }
                Op::LOAD_FAST__LOAD_METHOD => {
                    op_load_fast!(arg);
                    op_load_method!(next_arg!());
                }
                Op::LOAD_FAST__STORE_ATTR => {
                    op_load_fast!(arg);
                    op_store_attr!(next_arg!());
                }
                Op::LOAD_FAST__BINARY_OP => {
                    op_load_fast!(arg);
                    op_binary_op!(next_arg!());
                }
                Op::LOAD_CONST__LOAD_FAST => {
                    op_load_const!(arg);
                    op_load_fast!(next_arg!());
                }
                Op::LOAD_CONST__BINARY_OP => {
                    op_load_const!(arg);
                    op_binary_op!(next_arg!());
                }
                Op::LOAD_CONST__COMPARE_OP => {
                    op_load_const!(arg);
                    op_compare_op!(next_arg!());
                }
                Op::STORE_FAST__LOAD_FAST => {
                    op_store_fast!(arg);
                    op_load_fast!(next_arg!());
                }
                Op::STORE_FAST__STORE_FAST => {
                    op_store_fast!(arg);
                    op_store_fast!(next_arg!());
                }
                Op::COMPARE_OP__POP_JUMP_IF_FALSE | Op::COMPARE_OP__POP_JUMP_IF_TRUE => {
                    // The comparison's bool is never materialised when
                    // both sides are small ints.
                    let b = pop!();
                    let a = pop!();
                    let truth = if let Some(t) = crate::vm::ops::inline_compare(&a, &b, arg) {
                        t
                    } else {
                        let r = self.rich_compare(&a, &b, arg)?;
                        drop((a, b));
                        match r.as_bool() {
                            Some(t) => t,
                            None => {
                                // `__bool__` errors belong to the jump.
                                frame!().ip += 1;
                                let t = self.truthy(&r);
                                frame!().ip -= 1;
                                t?
                            }
                        }
                    };
                    let target = next_arg!();
                    if truth == (op == Op::COMPARE_OP__POP_JUMP_IF_TRUE) {
                        jump!(target as usize);
                    }
                }
                _ => {
                    let msg = format!("pyrite: unsupported instruction {}", op.name());
                    return Err(self.new_exc(&SYSTEM_ERROR_TYPE, msg));
                }
            }
        }
    }

    /// `BEFORE_WITH`/`BEFORE_ASYNC_WITH`: the bound `__exit__` (kept on
    /// the stack) and the result of calling `__enter__`.
    fn enter_context(&mut self, mgr: &Value, enter: Value, exit: Value) -> PyResult<[Value; 2]> {
        let owner = type_value(mgr.type_of());
        let exit_b = self.descr_get(&exit, Some(mgr), &owner)?.unwrap_or(exit);
        let enter_b = self.descr_get(&enter, Some(mgr), &owner)?.unwrap_or(enter);
        let r = self.call0(&enter_b)?;
        Ok([exit_b, r])
    }

    /// Runs `__del__` of the objects that died since the last check (see
    /// `object::finalizers`); an exception is reported as CPython reports
    /// unraisable ones, and ignored.
    pub fn run_finalizers(&mut self) {
        loop {
            let pending = crate::object::finalizers::take_pending();
            let callbacks = crate::weaklist::take_callbacks();
            if pending.is_empty() && callbacks.is_empty() {
                return;
            }
            for r in callbacks {
                // `callback(ref)`: errors are reported, as CPython does.
                let cb = downcast::<crate::weaklist::WeakRefData>(&r)
                    .and_then(|d| d.callback.borrow().clone());
                if let Some(cb) = cb {
                    let saved = self.exc_info.clone();
                    if let Err(e) = self.call(&cb, &[r.clone()], &[]) {
                        self.report_unraisable(&cb, &e);
                    }
                    self.exc_info = saved;
                }
            }
            for p in pending {
                // SAFETY: the deferred object was resurrected with one
                // reference, which this value takes over.
                let obj = unsafe { Value::from_object(p) };
                if std::ptr::eq(obj.type_of(), &GENERATOR_TYPE)
                    || std::ptr::eq(obj.type_of(), &COROUTINE_TYPE)
                    || std::ptr::eq(obj.type_of(), &ASYNC_GENERATOR_TYPE)
                {
                    self.close_abandoned(&obj);
                    drop(obj);
                    continue;
                }
                crate::object::finalizers::mark_finalized(p);
                if let Some(del) = lookup(obj.type_of(), "__del__") {
                    let saved = self.exc_info.clone();
                    if let Err(e) = self.call(&del, &[obj.clone()], &[]) {
                        self.report_unraisable(&del, &e);
                    }
                    self.exc_info = saved;
                }
                drop(obj);
            }
        }
    }

    /// Closes a suspended generator whose last reference went (see
    /// `object::dealloc`); an error is reported as CPython reports errors
    /// in finalizers, and the frame goes whatever happened.
    ///
    /// A coroutine that never started warns "never awaited" instead; an
    /// async generator with a finalizer hook is handed to it (once: it
    /// may resurrect the generator, to close it later).
    fn close_abandoned(&mut self, g: &Value) {
        let saved = self.exc_info.clone();
        let Some(gd) = downcast::<GenData>(g) else {
            return;
        };
        if std::ptr::eq(g.type_of(), &ASYNC_GENERATOR_TYPE) {
            if let Some(fin) = gd.finalizer.borrow_mut().take() {
                if let Err(e) = self.call(&fin, &[g.clone()], &[]) {
                    self.report_unraisable(g, &e);
                }
                self.exc_info = saved;
                // Not kept by the hook: freed without being closed, as
                // CPython finalizes an object only once.
                // SAFETY: `g` keeps the object alive.
                let alone = g
                    .as_object()
                    .is_some_and(|p| unsafe { p.as_ref() }.refcnt() == 1);
                if alone {
                    let frame = gd.frame.borrow_mut().take();
                    drop(frame);
                }
                return;
            }
        }
        if std::ptr::eq(g.type_of(), &COROUTINE_TYPE) && !gd.started.get() {
            self.warn_unawaited(g);
            self.exc_info = saved;
            let frame = gd.frame.borrow_mut().take();
            drop(frame);
            return;
        }
        if let Err(e) = gen_close(self, g) {
            self.report_unraisable(g, &e);
        }
        self.exc_info = saved;
        let frame = downcast::<GenData>(g).and_then(|gd| gd.frame.borrow_mut().take());
        drop(frame);
    }

    /// CPython's `_PyErr_WarnUnawaitedCoroutine`: `warnings`'
    /// `_warn_unawaited_coroutine(coro)` (which shows `cr_origin`), else
    /// a plain `RuntimeWarning`; errors are reported as unraisable.
    fn warn_unawaited(&mut self, coro: &Value) {
        let mut warned = false;
        let r = crate::import::import_module(self, "warnings").and_then(|w| {
            match self.get_attr_opt(&w, "_warn_unawaited_coroutine")? {
                Some(f) => self.call(&f, &[coro.clone()], &[]).map(|_| true),
                None => Ok(false),
            }
        });
        match r {
            Ok(w) => warned = w,
            Err(e) => {
                if crate::vm::class::is_instance(&e.0, &RUNTIME_WARNING_TYPE) {
                    warned = true;
                }
                self.report_unraisable(coro, &e);
            }
        }
        if !warned {
            let qn = downcast::<GenData>(coro)
                .map(|g| g.qualname.borrow().clone())
                .unwrap_or_else(Value::none);
            let msg = format!("coroutine '{}' was never awaited", crate::vm::str_of(&qn));
            let r = crate::import::import_module(self, "warnings").and_then(|w| {
                let f = self.get_attr_str(&w, "warn")?;
                let m = self.new_str_owned(msg);
                let cat = crate::vm::attr::type_value(&RUNTIME_WARNING_TYPE);
                let src = self.new_str("source");
                self.call(&f, &[m, cat, coro.clone()], &[src])
            });
            if let Err(e) = r {
                self.report_unraisable(coro, &e);
            }
        }
    }

    /// Writes "Exception ignored in: WHAT" and the traceback of `e` to
    /// stderr (CPython's unraisable-exception report).
    pub fn report_unraisable(&mut self, obj: &Value, e: &PyErr) {
        self.write_unraisable(None, Some(obj.clone()), e);
    }

    /// CPython's `_PyErr_WriteUnraisableMsg`: `e` goes to
    /// `sys.unraisablehook` as an `UnraisableHookArgs` (type, value,
    /// traceback, `err_msg`, `object`); the default hook (or a missing
    /// one) writes "{err_msg}: {object!r}" and the traceback to stderr. A
    /// hook that fails is itself reported by the default one.
    pub fn write_unraisable(&mut self, err_msg: Option<&str>, obj: Option<Value>, e: &PyErr) {
        // An error raised outside any Python frame is shown at the running
        // frame, as CPython's report does.
        let no_tb = downcast::<ExcData>(&e.0).is_some_and(|d| d.traceback.borrow().is_none());
        if no_tb && !self.frames.is_empty() {
            self.add_traceback(e, self.frames.len() - 1);
        }
        let sys = self.sys_module.clone();
        let sysd = sys.as_ref().and_then(inst_dict);
        let hook = sysd.as_ref().and_then(|d| self.dict_get_str(d, "unraisablehook"));
        let default = sysd.as_ref().and_then(|d| self.dict_get_str(d, "__unraisablehook__"));
        let custom = match (&hook, &default) {
            (Some(h), Some(d)) => !h.is(d.borrow()) && !h.is_none(),
            (Some(h), None) => !h.is_none(),
            _ => false,
        };
        if custom {
            let hook = hook.unwrap();
            let args = crate::modules::sys::unraisable_args(self, err_msg, obj.clone(), &e.0);
            let saved = self.exc_info.clone();
            let r = self.call(&hook, &[args], &[]);
            self.exc_info = saved;
            match r {
                Ok(_) => return,
                Err(he) => {
                    self.default_unraisable(Some("Exception ignored in sys.unraisablehook"), Some(hook), &he.0);
                    return;
                }
            }
        }
        self.default_unraisable(err_msg, obj, &e.0);
    }

    /// The default `sys.unraisablehook`'s report, written to stderr.
    pub fn default_unraisable(&mut self, err_msg: Option<&str>, obj: Option<Value>, exc: &Value) {
        let msg = err_msg.unwrap_or("Exception ignored in");
        let mut report = match obj.filter(|o| !o.is_none()) {
            Some(o) => {
                let r = self.repr(&o).unwrap_or_else(|_| "<object repr() failed>".into());
                format!("{}: {}\n", msg, r)
            }
            None => format!("{}\n", msg),
        };
        if !exc.is_none() {
            report.push_str(&crate::traceback::format_unchained(self, exc));
        }
        crate::modules::io::flush_stdout(self);
        if let Ok(err) = crate::modules::sys::stderr(self) {
            if let Some(st) = crate::modules::io::native_stream(&err) {
                st.write_str(self, &report);
                st.flush();
            } else if !err.is_none() {
                let t = self.new_str_owned(report);
                let _ = self.call_method(&err, "write", &[t]);
            }
        }
    }

    fn unbound_local(&mut self, idx: usize) -> PyErr {
        let f = self.frames.last().unwrap();
        let name = str_of(&f.code().varnames[idx]).to_string();
        self.new_exc(
            &UNBOUND_LOCAL_ERROR_TYPE,
            format!(
                "cannot access local variable '{}' where it is not associated with a value",
                name
            ),
        )
    }

    fn unbound_deref(&mut self, idx: usize) -> PyErr {
        let f = self.frames.last().unwrap();
        let c = f.code();
        let name = str_of(&c.cell_names[idx]).to_string();
        if idx < c.code.cellvars.len() {
            self.new_exc(
                &UNBOUND_LOCAL_ERROR_TYPE,
                format!(
                    "cannot access local variable '{}' where it is not associated with a value",
                    name
                ),
            )
        } else {
            self.new_exc(&NAME_ERROR_TYPE, format!("cannot access free variable '{}' where it is not associated with a value in enclosing scope", name))
        }
    }

    fn unpack_error(&mut self, got: usize, expected: usize) -> PyErr {
        if got > expected {
            self.value_error(format!("too many values to unpack (expected {})", expected))
        } else {
            self.value_error(format!(
                "not enough values to unpack (expected {}, got {})",
                expected, got
            ))
        }
    }

    /// Unpacks an arbitrary iterable for `UNPACK_SEQUENCE n`, stopping
    /// after `n + 1` items as CPython does.
    fn unpack_iterable(&mut self, seq: &Value, n: usize) -> PyResult<Vec<Value>> {
        let it = match self.iter(seq) {
            Ok(it) => it,
            Err(e) => {
                if self.err_matches(&e, &TYPE_ERROR_TYPE) {
                    let msg = format!("cannot unpack non-iterable {} object", seq.type_of().name());
                    return Err(self.type_error(msg));
                }
                return Err(e);
            }
        };
        let mut out = Vec::new();
        while let Some(x) = self.next(&it)? {
            out.push(x);
            if out.len() > n {
                return Err(self.value_error(format!("too many values to unpack (expected {})", n)));
            }
        }
        Ok(out)
    }

    fn load_builtin(&mut self, builtins: &Value, name: &Value) -> PyResult<Option<Value>> {
        if downcast::<DictData>(builtins).is_some() {
            return self.dict_get_name(builtins, name);
        }
        Ok(None)
    }

    /// `d[name]` for a dict `d` and an identifier `name`, by the name's
    /// cached hash and identity; the general lookup only when a key needs
    /// Python's `__eq__`.
    fn dict_get_name(&mut self, d: &Value, name: &Value) -> PyResult<Option<Value>> {
        let dd = downcast::<DictData>(d).unwrap();
        {
            let t = dd.table.borrow();
            match t.probe(name_hash(name), |k| name_key_eq(k, name)) {
                crate::dict::Probe::Found(i) => return Ok(t.entry_at(i).map(|e| e.value.clone())),
                crate::dict::Probe::Missing => return Ok(None),
                crate::dict::Probe::Undecided(_) => {}
            }
        }
        self.dict_get(d, name)
    }

    fn load_name(
        &mut self,
        locals: Option<&Value>,
        globals: &Value,
        builtins: &Value,
        name: &Value,
    ) -> PyResult<Value> {
        if let Some(l) = locals {
            if downcast::<DictData>(l).is_some() && std::ptr::eq(l.type_of(), &DICT_TYPE) {
                if let Some(v) = self.dict_get_name(l, name)? {
                    return Ok(v);
                }
            } else {
                match self.getitem(l, name) {
                    Ok(v) => return Ok(v),
                    Err(e) if self.err_matches(&e, &KEY_ERROR_TYPE) => {}
                    Err(e) => return Err(e),
                }
            }
        }
        if let Some(v) = self.dict_get_name(globals, name)? {
            return Ok(v);
        }
        if let Some(v) = self.load_builtin(builtins, name)? {
            return Ok(v);
        }
        let n = str_of(name).to_string();
        Err(self.name_error(&n))
    }

    /// `raise` (0 args: re-raise), `raise exc`, `raise exc from cause`.
    fn do_raise(&mut self, arg: u32) -> PyResult<PyErr> {
        let f = self.frames.last_mut().unwrap();
        let cause = if arg == 2 {
            Some(f.stack.pop().unwrap())
        } else {
            None
        };
        let exc = if arg >= 1 {
            Some(f.stack.pop().unwrap())
        } else {
            None
        };
        let Some(exc) = exc else {
            return match self.handled_exc() {
                Some(e) => {
                    self.reraising = true;
                    Ok(PyErr(e))
                }
                None => Ok(self.runtime_error("No active exception to reraise")),
            };
        };
        let exc = self.make_exception(exc)?;
        if let Some(c) = cause {
            let cause = if c.is_none() {
                None
            } else {
                Some(self.make_exception_cause(c)?)
            };
            let ed = downcast::<ExcData>(&exc).unwrap();
            *ed.cause.borrow_mut() = cause;
            ed.suppress_context.set(true);
        }
        Ok(PyErr(exc))
    }

    fn make_exception_cause(&mut self, c: Value) -> PyResult<Value> {
        if let Some(t) = as_type(&c) {
            if t.has_flag(crate::object::type_flags::EXCEPTION)
                || crate::vm::class::is_subtype(t, &BASE_EXCEPTION_TYPE)
            {
                return self.call0(&c);
            }
        } else if crate::vm::class::is_instance(&c, &BASE_EXCEPTION_TYPE) {
            return Ok(c);
        }
        Err(self.type_error("exception causes must derive from BaseException"))
    }

    /// An exception instance from `raise X` (a class is instantiated).
    pub fn make_exception(&mut self, exc: Value) -> PyResult<Value> {
        if let Some(t) = as_type(&exc) {
            if crate::vm::class::is_subtype(t, &BASE_EXCEPTION_TYPE) {
                let inst = self.call0(&exc)?;
                if !crate::vm::class::is_instance(&inst, &BASE_EXCEPTION_TYPE) {
                    let msg = format!(
                        "calling {} should have returned an instance of BaseException, not {}",
                        crate::builtins::object::type_repr(t),
                        crate::builtins::object::type_repr(inst.type_of())
                    );
                    return Err(self.type_error(msg));
                }
                return Ok(inst);
            }
        } else if crate::vm::class::is_instance(&exc, &BASE_EXCEPTION_TYPE) {
            return Ok(exc);
        }
        Err(self.type_error("exceptions must derive from BaseException"))
    }

    fn check_except_type(&mut self, ty: &Value) -> PyResult<()> {
        let ok = |t: &Value| {
            as_type(t).map_or(false, |t| {
                crate::vm::class::is_subtype(t, &BASE_EXCEPTION_TYPE)
            })
        };
        let good = if let Some(tu) = downcast::<TupleData>(ty) {
            tu.items.iter().all(ok)
        } else {
            ok(ty)
        };
        if !good {
            return Err(self.type_error(
                "catching classes that do not inherit from BaseException is not allowed",
            ));
        }
        Ok(())
    }

    /// Does exception `exc` match the `except` clause type(s) `ty`?
    pub fn exception_matches(&mut self, exc: &Value, ty: &Value) -> PyResult<bool> {
        if let Some(tu) = downcast::<TupleData>(ty) {
            for t in tu.items.iter() {
                if self.exception_matches(exc, t)? {
                    return Ok(true);
                }
            }
            return Ok(false);
        }
        match as_type(ty) {
            Some(t) => Ok(crate::vm::class::is_instance(exc, t)),
            None => Ok(false),
        }
    }

    /// A new function object (MAKE_FUNCTION).
    #[allow(clippy::too_many_arguments)]
    pub fn new_function(
        &mut self,
        code: Value,
        globals: Value,
        builtins: Value,
        defaults: Option<Value>,
        kwdefaults: Option<Value>,
        closure: Option<Value>,
        annotations: Option<Value>,
    ) -> PyResult<Value> {
        // Only the names: the body of a lazily read code object is built
        // when the function first runs (or its docstring is asked for).
        let cd = downcast::<CodeData>(&code).unwrap();
        let name = cd.name.clone();
        let qualname = cd.qualname.clone();
        let module = self
            .dict_get_str(&globals, "__name__")
            .unwrap_or_else(Value::none);
        let ann = match annotations {
            Some(a) => {
                // A tuple of (name, value) pairs → dict.
                let d = self.new_dict();
                if let Some(t) = downcast::<TupleData>(&a) {
                    let items = t.items.to_vec();
                    for pair in items.chunks(2) {
                        if pair.len() == 2 {
                            self.dict_set(&d, pair[0].clone(), pair[1].clone())?;
                        }
                    }
                } else {
                    return Ok(a);
                }
                Some(d)
            }
            None => None,
        };
        Ok(alloc_object(
            &FUNCTION_TYPE,
            FunctionData {
                code,
                globals,
                builtins,
                name: RefCell::new(name),
                qualname: RefCell::new(qualname),
                defaults: RefCell::new(defaults),
                kwdefaults: RefCell::new(kwdefaults),
                closure,
                annotations: RefCell::new(ann),
                doc: RefCell::new(None),
                module: RefCell::new(module),
            },
        ))
    }

    // ---- generators ----

    fn new_generator(&mut self, mut frame: Box<Frame>) -> Value {
        let flags = frame.code().code.flags;
        let ty = if flags & CO_COROUTINE != 0 {
            &COROUTINE_TYPE
        } else if flags & CO_ASYNC_GENERATOR != 0 {
            &ASYNC_GENERATOR_TYPE
        } else {
            &GENERATOR_TYPE
        };
        let (name, qualname) = match frame
            .func
            .as_ref()
            .and_then(|f| downcast::<FunctionData>(f))
        {
            Some(fd) => (fd.name.borrow().clone(), fd.qualname.borrow().clone()),
            None => {
                // SAFETY: a frame's `code` is always a code object.
                let cd = unsafe { payload_unchecked::<CodeData>(&frame.code) };
                (cd.name.clone(), cd.qualname.clone())
            }
        };
        let code = frame.code.clone();
        let g = alloc_object(
            ty,
            GenData {
                frame: RefCell::new(None),
                running: Cell::new(false),
                name: RefCell::new(name),
                qualname: RefCell::new(qualname),
                code,
                awaiting: RefCell::new(None),
                hooks_called: Cell::new(false),
                finalizer: RefCell::new(None),
                exc_state: RefCell::new(None),
                started: Cell::new(false),
            },
        );
        if flags & CO_COROUTINE != 0 && self.coro_origin_depth > 0 {
            // `cr_origin`: (filename, line, function) of the frames that
            // created it, innermost first.
            let info: Vec<(String, u32, String)> = self
                .frames
                .iter()
                .rev()
                .take(self.coro_origin_depth)
                .map(|f| {
                    let c = &f.code().code;
                    (c.filename.clone(), f.line_at(f.lasti()), c.name.clone())
                })
                .collect();
            let mut items = Vec::new();
            for (file, line, name) in info {
                let file = self.new_str(&file);
                let line = crate::vm::new::new_int_i64(line as i64);
                let name = self.new_str(&name);
                items.push(self.new_tuple(vec![file, line, name]));
            }
            let t = self.new_tuple(items);
            *downcast::<GenData>(&g).unwrap().finalizer.borrow_mut() = Some(t);
        }
        // The frame refers to its generator only weakly (raw bits) to avoid
        // a reference cycle: store a borrowed marker instead.
        frame.generator = Some(Value::none());
        *downcast::<GenData>(&g).unwrap().frame.borrow_mut() = Some(frame);
        g
    }

    /// Resumes generator `g` with `value` sent (or `exc` thrown).
    pub fn gen_resume(
        &mut self,
        g: &Value,
        value: Value,
        exc: Option<PyErr>,
    ) -> PyResult<GenResult> {
        let gd = downcast::<GenData>(g).unwrap();
        if gd.running.get() {
            let what = if std::ptr::eq(g.type_of(), &GENERATOR_TYPE) {
                "generator"
            } else {
                "coroutine"
            };
            return Err(self.value_error(format!("{} already executing", what)));
        }
        let frame = gd.frame.borrow_mut().take();
        let Some(mut frame) = frame else {
            let is_coro = std::ptr::eq(g.type_of(), &COROUTINE_TYPE);
            if let Some(e) = exc {
                // Throwing into a finished coroutine is a reuse too (closing
                // it, with GeneratorExit, is not).
                if !is_coro || self.err_matches(&e, &GENERATOR_EXIT_TYPE) {
                    return Err(e);
                }
            }
            if is_coro {
                return Err(self.runtime_error("cannot reuse already awaited coroutine"));
            }
            return Ok(GenResult::Returned(Value::none()));
        };
        if !gd.started.get() {
            if exc.is_none() && !value.is_none() {
                *gd.frame.borrow_mut() = Some(frame);
                let what = if std::ptr::eq(g.type_of(), &GENERATOR_TYPE) {
                    "generator"
                } else {
                    "coroutine"
                };
                return Err(self.type_error(format!(
                    "can't send non-None value to a just-started {}",
                    what
                )));
            }
            if exc.is_some() {
                // Thrown before starting: the generator finishes at once.
                gd.started.set(true);
                drop(frame);
                return Err(exc.unwrap());
            }
        }
        gd.started.set(true);
        if exc.is_none() {
            frame.stack.push(value);
        }
        if self.depth >= self.recursion_limit {
            *gd.frame.borrow_mut() = Some(frame);
            return Err(self.new_exc(&RECURSION_ERROR_TYPE, "maximum recursion depth exceeded"));
        }
        self.gen_enter(gd);
        frame.generator = Some(Value::none());
        self.frames.push(frame);
        let base = self.frames.len() - 1;
        self.depth += 1;
        let r = stacker::maybe_grow(256 * 1024, 4 * 1024 * 1024, || self.eval(base, exc));
        self.depth -= 1;
        let gen_exc = self.gen_leave(gd);
        match r {
            Ok(Exit::Yield(v)) => {
                let frame = self.frames.pop().unwrap();
                *gd.frame.borrow_mut() = Some(frame);
                *gd.exc_state.borrow_mut() = gen_exc;
                Ok(GenResult::Yielded(v))
            }
            Ok(Exit::Return(v)) => Ok(GenResult::Returned(v)),
            Ok(Exit::Switch) => unreachable!("eval handles Switch"),
            Err(e) => Err(self.generator_error(g, e)),
        }
    }

    /// Runs generator `g` to its end and returns what it yielded, for a
    /// native consumer that wants everything (`list(gen)`, `set(gen)`,
    /// `"".join(gen)`): one entry into the eval loop for the whole run,
    /// its YIELD_VALUE keeping the value and carrying on, instead of one
    /// entry (and exit) per item. None when it cannot run so (running,
    /// finished, traced, at the recursion limit): the caller then iterates.
    pub fn gen_collect(&mut self, g: &Value) -> Option<PyResult<Vec<Value>>> {
        if self.trace_func.is_some() || !std::ptr::eq(g.type_of(), &GENERATOR_TYPE) {
            return None;
        }
        let gd = downcast::<GenData>(g)?;
        if gd.running.get() || self.depth >= self.recursion_limit {
            return None;
        }
        let mut frame = gd.frame.borrow_mut().take()?;
        gd.started.set(true);
        frame.stack.push(Value::none());
        self.gen_enter(gd);
        frame.generator = Some(Value::none());
        self.frames.push(frame);
        let base = self.frames.len() - 1;
        let outer = std::mem::replace(&mut self.collect, Some((base, Vec::new())));
        self.depth += 1;
        let r = stacker::maybe_grow(256 * 1024, 4 * 1024 * 1024, || self.eval(base, None));
        self.depth -= 1;
        let items = std::mem::replace(&mut self.collect, outer).map(|(_, v)| v).unwrap_or_default();
        let gen_exc = self.gen_leave(gd);
        Some(match r {
            Ok(Exit::Return(_)) => Ok(items),
            Ok(Exit::Yield(v)) => {
                // Not reached (its yields are collected); kept well-formed:
                // the generator stays suspended with one more item.
                let frame = self.frames.pop().unwrap();
                *gd.frame.borrow_mut() = Some(frame);
                *gd.exc_state.borrow_mut() = gen_exc;
                let mut items = items;
                items.push(v);
                Ok(items)
            }
            Ok(Exit::Switch) => unreachable!("eval handles Switch"),
            Err(e) => Err(self.generator_error(g, e)),
        })
    }

    /// The error a generator (or coroutine) `g` raised, as its resumer
    /// sees it: StopIteration escaping it becomes RuntimeError.
    fn generator_error(&mut self, g: &Value, e: PyErr) -> PyErr {
        if self.err_matches(&e, &STOP_ITERATION_TYPE)
            || (self.err_matches(&e, &STOP_ASYNC_ITERATION_TYPE)
                && std::ptr::eq(g.type_of(), &ASYNC_GENERATOR_TYPE))
        {
            let what = if std::ptr::eq(g.type_of(), &GENERATOR_TYPE) {
                "generator raised StopIteration"
            } else if std::ptr::eq(g.type_of(), &COROUTINE_TYPE) {
                "coroutine raised StopIteration"
            } else if self.err_matches(&e, &STOP_ASYNC_ITERATION_TYPE) {
                "async generator raised StopAsyncIteration"
            } else {
                "async generator raised StopIteration"
            };
            let re = self.runtime_error(what);
            let red = downcast::<ExcData>(&re.0).unwrap();
            *red.cause.borrow_mut() = Some(e.0.clone());
            *red.context.borrow_mut() = Some(e.0);
            red.suppress_context.set(true);
            return re;
        }
        e
    }

    /// Takes generator `g`'s frame to run it as a frame of the running
    /// loop (`FOR_ITER`, `SEND`), `sent` pushed as `gen_resume` would.
    /// `Err(sent)` when it cannot run so now: the general path then
    /// resumes it, or reports why not.
    fn resume_inline(&mut self, g: &Value, sent: Value) -> Result<Box<Frame>, Value> {
        let Some(gd) = downcast::<GenData>(g) else {
            return Err(sent);
        };
        // Anything unusual (running, finished, a value sent into a fresh
        // generator, the recursion limit) takes the general path, which
        // reports it as CPython does.
        if gd.running.get()
            || self.depth >= self.recursion_limit
            || (!gd.started.get() && !sent.is_none())
        {
            return Err(sent);
        }
        let Some(mut frame) = gd.frame.borrow_mut().take() else {
            return Err(sent);
        };
        gd.started.set(true);
        frame.stack.push(sent);
        self.gen_enter(gd);
        frame.inline_gen = Some(g.clone());
        Ok(frame)
    }

    /// A generator starts running: its handled-exception state becomes the
    /// running one, its resumer's waits on `outer_exc`.
    fn gen_enter(&mut self, gd: &GenData) {
        gd.running.set(true);
        let resumer = std::mem::replace(&mut self.exc_info, gd.exc_state.borrow_mut().take());
        self.outer_exc.push(resumer);
    }

    /// A generator stops running (yield, return or raise): the resumer's
    /// handled exception comes back; returns the generator's.
    fn gen_leave(&mut self, gd: &GenData) -> Option<Value> {
        gd.running.set(false);
        let resumer = self.outer_exc.pop().flatten();
        std::mem::replace(&mut self.exc_info, resumer)
    }

    /// An inline generator frame yielded: it goes back to its generator.
    fn suspend_inline(&mut self, mut frame: Box<Frame>) {
        let g = frame.inline_gen.take().unwrap();
        let gd = downcast::<GenData>(&g).unwrap();
        *gd.exc_state.borrow_mut() = self.gen_leave(gd);
        *gd.frame.borrow_mut() = Some(frame);
    }

    /// An inline generator frame returned or raised: the generator is
    /// finished (its frame dropped); returns the generator.
    fn finish_inline(&mut self, mut frame: Box<Frame>) -> Value {
        let g = frame.inline_gen.take().unwrap();
        // The generator's exception state goes with it.
        drop(self.gen_leave(downcast::<GenData>(&g).unwrap()));
        drop(frame);
        g
    }

    /// `SEND`: resume `receiver` with `v` (next() when `v` is None and the
    /// receiver is a plain iterator).
    pub fn send_to(&mut self, receiver: &Value, v: Value) -> PyResult<GenResult> {
        if downcast::<GenData>(receiver).is_some()
            && !std::ptr::eq(receiver.type_of(), &ASYNC_GENERATOR_TYPE)
        {
            return self.gen_resume(receiver, v, None);
        }
        if v.is_none() {
            if let Some(d) = downcast::<IterData>(receiver) {
                return Ok(
                    match crate::builtins::iters::iter_next(self, receiver, d)? {
                        Some(y) => GenResult::Yielded(y),
                        None => GenResult::Returned(Value::none()),
                    },
                );
            }
            return match self.call_special(receiver, "__next__", &[]) {
                Ok(Some(y)) => Ok(GenResult::Yielded(y)),
                Ok(None) => {
                    let msg = format!("'{}' object is not an iterator", receiver.type_of().name());
                    Err(self.type_error(msg))
                }
                Err(e) if self.err_matches(&e, &STOP_ITERATION_TYPE) => {
                    Ok(GenResult::Returned(stop_iteration_value(&e)))
                }
                Err(e) => Err(e),
            };
        }
        match self.call_method(receiver, "send", &[v]) {
            Ok(y) => Ok(GenResult::Yielded(y)),
            Err(e) if self.err_matches(&e, &STOP_ITERATION_TYPE) => {
                Ok(GenResult::Returned(stop_iteration_value(&e)))
            }
            Err(e) => Err(e),
        }
    }

    /// The iterator `await v` delegates to.
    pub fn get_awaitable(&mut self, v: &Value) -> PyResult<Value> {
        if std::ptr::eq(v.type_of(), &COROUTINE_TYPE) {
            let gd = downcast::<GenData>(v).unwrap();
            if gd.running.get() || (gd.frame.borrow().is_some() && self.gen_delegate(v).is_some()) {
                return Err(self.runtime_error("coroutine is being awaited already"));
            }
            return Ok(v.clone());
        }
        if std::ptr::eq(v.type_of(), &GENERATOR_TYPE) {
            let gd = downcast::<GenData>(v).unwrap();
            if gd.code_flags() & pyrite_compiler::code::CO_ITERABLE_COROUTINE != 0 {
                return Ok(v.clone());
            }
        }
        match self.call_special(v, "__await__", &[])? {
            Some(it) => {
                if std::ptr::eq(it.type_of(), &COROUTINE_TYPE) {
                    return Err(self.type_error("__await__() returned a coroutine"));
                }
                if lookup(it.type_of(), "__next__").is_none() {
                    let msg = format!(
                        "__await__() returned non-iterator of type '{}'",
                        it.type_of().name()
                    );
                    return Err(self.type_error(msg));
                }
                Ok(it)
            }
            None => {
                let msg = format!(
                    "object {} can't be used in 'await' expression",
                    v.type_of().name()
                );
                Err(self.type_error(msg))
            }
        }
    }

    /// The iterator a suspended generator is delegating to (`yield from` /
    /// `await`), if any.
    pub fn gen_delegate(&self, g: &Value) -> Option<Value> {
        let gd = downcast::<GenData>(g)?;
        let fr = gd.frame.borrow();
        let f = fr.as_ref()?;
        let insts = &f.code().code.instructions;
        if f.ip >= 2 && insts[f.ip - 1].op == Op::YIELD_VALUE && insts[f.ip - 2].op == Op::SEND {
            return f.stack.last().cloned();
        }
        // Resumed after YIELD_VALUE: RESUME follows; SEND precedes it.
        if f.ip >= 1 && f.ip < insts.len() && insts[f.ip - 1].op == Op::YIELD_VALUE {
            if f.ip >= 2 && insts[f.ip - 2].op == Op::SEND {
                return f.stack.last().cloned();
            }
        }
        None
    }

    /// `gen.throw(exc)`, delegating to a `yield from` target first.
    pub fn gen_throw(&mut self, g: &Value, exc: PyErr) -> PyResult<GenResult> {
        if let Some(yf) = self.gen_delegate(g) {
            let gd = downcast::<GenData>(g).unwrap();
            if self.err_matches(&exc, &GENERATOR_EXIT_TYPE) {
                gd.running.set(true);
                let r = self.close_delegate(&yf);
                gd.running.set(false);
                if let Err(e) = r {
                    return self.gen_resume(g, Value::none(), Some(e));
                }
                return self.gen_resume(g, Value::none(), Some(exc));
            }
            gd.running.set(true);
            let r = if downcast::<GenData>(&yf).is_some()
                && !std::ptr::eq(yf.type_of(), &ASYNC_GENERATOR_TYPE)
            {
                self.gen_throw(&yf, exc)
            } else {
                match self.get_attr_opt(&yf, "throw")? {
                    Some(t) => {
                        let ev = exc.0.clone();
                        let ty = type_value(ev.type_of());
                        let tb = downcast::<ExcData>(&ev)
                            .and_then(|e| e.traceback.borrow().clone())
                            .unwrap_or_else(Value::none);
                        match self.call(&t, &[ty, ev, tb], &[]) {
                            Ok(y) => Ok(GenResult::Yielded(y)),
                            Err(e) if self.err_matches(&e, &STOP_ITERATION_TYPE) => {
                                Ok(GenResult::Returned(stop_iteration_value(&e)))
                            }
                            Err(e) => Err(e),
                        }
                    }
                    None => {
                        gd.running.set(false);
                        return self.gen_resume(g, Value::none(), Some(exc));
                    }
                }
            };
            gd.running.set(false);
            return match r {
                Ok(GenResult::Yielded(y)) => Ok(GenResult::Yielded(y)),
                Ok(GenResult::Returned(v)) => {
                    // The delegate finished: continue after the SEND loop
                    // with its value.
                    self.gen_jump_past_send(g);
                    self.gen_resume(g, v, None)
                }
                Err(e) => {
                    self.gen_jump_past_send(g);
                    self.gen_resume(g, Value::none(), Some(e))
                }
            };
        }
        self.gen_resume(g, Value::none(), Some(exc))
    }

    /// After a delegate finished on throw: pop it and jump to the SEND's
    /// target (CPython's "termination repetition of SEND loop").
    fn gen_jump_past_send(&mut self, g: &Value) {
        let gd = downcast::<GenData>(g).unwrap();
        let mut fr = gd.frame.borrow_mut();
        if let Some(f) = fr.as_mut() {
            f.stack.pop();
            let insts = &f.code().code.instructions;
            let mut i = f.ip;
            while i > 0 && insts[i - 1].op != Op::SEND {
                i -= 1;
            }
            if i > 0 {
                f.ip = insts[i - 1].arg as usize;
            }
        }
    }

    fn close_delegate(&mut self, yf: &Value) -> PyResult<()> {
        if downcast::<GenData>(yf).is_some() && !std::ptr::eq(yf.type_of(), &ASYNC_GENERATOR_TYPE) {
            return gen_close(self, yf);
        }
        if let Some(c) = self.get_attr_opt(yf, "close")? {
            self.call0(&c)?;
        }
        Ok(())
    }
}

impl GenData {
    pub fn code_flags(&self) -> u32 {
        // SAFETY: `code` is a code object.
        unsafe { payload_unchecked::<CodeData>(&self.code) }
            .code
            .flags
    }
}

/// The hash of an identifier (a str value; cached in the object).
#[inline]
pub fn name_hash(name: &Value) -> i64 {
    let s = downcast::<StrData>(name).unwrap();
    let h = s.hash.get();
    if h != -1 {
        return h;
    }
    let h = str_hash(&s.s);
    s.hash.set(h);
    h
}

/// Key equality for an identifier `name` decided without Python code:
/// identity, or text equality with an exact str; `None` (undecided) for
/// other keys.
#[inline]
fn name_key_eq(k: &Value, name: &Value) -> Option<bool> {
    if k.is(name.borrow()) {
        return Some(true);
    }
    match downcast::<StrData>(k) {
        Some(ks) if std::ptr::eq(k.type_of(), &STR_TYPE) => Some(*ks.s == *str_of(name)),
        Some(_) => None,
        None => None,
    }
}

/// The entry index of the str key `name` in `table`, if present.
#[inline]
pub fn name_index(table: &crate::dict::DictTable, name: &Value) -> Option<usize> {
    let h = name_hash(name);
    let text = str_of(name);
    table.find_simple(h, |k| {
        if k.is(name.borrow()) {
            return Some(true);
        }
        match downcast::<StrData>(k) {
            Some(ks) => Some(&*ks.s == text),
            None => None,
        }
    })
}

/// `LOAD_GLOBAL` through its inline cache: `a` = the globals' version,
/// `b` = u64::MAX (found in globals) or the builtins' version, `c` = the
/// entry index.
#[inline(always)]
fn cached_global(cache: &InlineCache, globals: &Value, builtins: &Value) -> Option<Value> {
    let g = downcast::<DictData>(globals)?;
    let gt = g.table.borrow();
    if cache.a.get() != gt.version {
        return None;
    }
    if cache.b.get() == u64::MAX {
        return gt.entry_at(cache.c.get() as usize).map(|e| e.value.clone());
    }
    let b = downcast::<DictData>(builtins)?;
    let bt = b.table.borrow();
    if bt.version != cache.b.get() {
        return None;
    }
    bt.entry_at(cache.c.get() as usize).map(|e| e.value.clone())
}

/// The slow path of `LOAD_GLOBAL`: look up and remember where.
fn fill_global_cache(
    cache: &InlineCache,
    globals: &Value,
    builtins: &Value,
    name: &Value,
) -> Option<Value> {
    let g = downcast::<DictData>(globals)?;
    let gt = g.table.borrow();
    if let Some(i) = name_index(&gt, name) {
        cache.a.set(gt.version);
        cache.b.set(u64::MAX);
        cache.c.set(i as u64);
        return gt.entry_at(i).map(|e| e.value.clone());
    }
    let b = downcast::<DictData>(builtins)?;
    let bt = b.table.borrow();
    let i = name_index(&bt, name)?;
    cache.a.set(gt.version);
    cache.b.set(bt.version);
    cache.c.set(i as u64);
    bt.entry_at(i).map(|e| e.value.clone())
}

/// `o[k]` for an exact list or tuple and an in-range inline int: the
/// subscript the loop does in place. None: `Vm::getitem` decides
/// (including the IndexError).
#[inline(always)]
fn inline_subscript(o: &Value, k: &Value) -> Option<Value> {
    let i = k.as_i64()?;
    let t = o.type_of();
    let (ptr, n) = if std::ptr::eq(t, &LIST_TYPE) {
        // SAFETY: checked to be an exact list.
        let l = unsafe { payload_unchecked::<ListData>(o) }.items.try_borrow().ok()?;
        (l.as_ptr(), l.len())
    } else if std::ptr::eq(t, &TUPLE_TYPE) {
        // SAFETY: checked to be an exact tuple.
        let tu = unsafe { payload_unchecked::<TupleData>(o) };
        (tu.items.as_ptr(), tu.items.len())
    } else {
        return None;
    };
    let j = if i < 0 { i + n as i64 } else { i };
    if (j as u64) < n as u64 {
        // SAFETY: j is in 0..n, and the items stay put: nothing runs
        // between reading the length and the item (the list's borrow
        // ended, but no Python code can run in between).
        Some(unsafe { (*ptr.add(j as usize)).clone() })
    } else {
        None
    }
}

/// The Python `__init__` a call of class `tv` runs inline (see `CALL`),
/// when instances come from plain `object.__new__`: a class of metatype
/// `type`, of object's layout, without abstract methods, whose `__init__`
/// is a plain function. Cached per call site (`a`/`b`: the class and its
/// version, `c`: the function, kept alive by the namespace while the
/// version holds).
fn class_init(cache: &InlineCache, tv: &Value) -> Option<Value> {
    let t = as_type(tv)?;
    if cache_holds_for(cache, t) {
        // SAFETY: the version is unchanged: the function is alive.
        return Some(unsafe { ValueRef::from_raw(cache.c.get()) }.to_value());
    }
    use crate::object::type_flags;
    if !t.has_flag(type_flags::HEAPTYPE) || !std::ptr::eq(t.solid.get(), &OBJECT_TYPE) {
        return None;
    }
    let new = lookup(t, "__new__")?;
    let new = match downcast::<WrapperData>(&new) {
        Some(w) => w.0.borrow().clone(),
        None => new,
    };
    let is_object_new = downcast::<BuiltinFnData>(&new)
        .is_some_and(|b| b.name == "__new__" && b.owner.is_some_and(|o| std::ptr::eq(o, &OBJECT_TYPE)));
    if !is_object_new {
        return None;
    }
    if let Some(abs) = crate::vm::attr::type_dict_get(t, "__abstractmethods__") {
        let empty = downcast::<SetData>(&abs).is_some_and(|s| s.table.borrow().len() == 0);
        if !empty {
            return None;
        }
    }
    let init = lookup(t, "__init__")?;
    let fd = downcast::<FunctionData>(&init).filter(|_| std::ptr::eq(init.type_of(), &FUNCTION_TYPE))?;
    // SAFETY: a function's code is a code object.
    let flags = unsafe { payload_unchecked::<CodeData>(&fd.code) }.code.flags;
    if flags & (pyrite_compiler::code::CO_GENERATOR | CO_COROUTINE | CO_ASYNC_GENERATOR) != 0 {
        return None;
    }
    cache.a.set(t as *const _ as u64);
    cache.b.set(t.version.get() as u64);
    cache.c.set(init.to_bits());
    Some(init)
}

/// `LOAD_ATTR` fast paths, valid while the type's version holds (the
/// cache's `a`/`b`): `c` = 1: a plain instance attribute (nothing of that
/// name on the type); 2: a `__slots__` member; otherwise the raw word of a
/// function on the type, bound unless the instance dict shadows it.
#[inline]
fn cached_attr(o: &Value, name: &Value, cache: &InlineCache) -> Option<Value> {
    match cache.c.get() {
        // 1: the instance dict; 2: a `__slots__` member (same table form).
        kind @ (1 | 2) => {
            let t = if kind == 1 {
                crate::vm::attr::inst_table(o)?
            } else {
                crate::vm::attr::slot_table(o)?
            };
            let hint = cache.hint.get() as usize;
            if let Some(e) = t.entry_if_key_is(hint, name) {
                return Some(e.value.clone());
            }
            let i = name_index(&t, name)?;
            cache.hint.set(i as u32);
            t.entry_at(i).map(|e| e.value.clone())
        }
        0 => None,
        bits => {
            if shadows_method(o, name) {
                return None;
            }
            // SAFETY: the type's version is unchanged, so the function (or
            // plain value) is still in its namespace and alive.
            let f = unsafe { ValueRef::from_raw(bits) }.to_value();
            if cache.hint.get() == 1 {
                return Some(f);
            }
            Some(crate::object::alloc_object(
                &METHOD_TYPE,
                MethodData {
                    func: f,
                    self_: o.clone(),
                },
            ))
        }
    }
}

/// Whether `o`'s instance dict has the key `name`, hiding the method the
/// type provides. The dict's Bloom mask answers "no" without a probe in
/// the common case.
#[inline]
fn shadows_method(o: &Value, name: &Value) -> bool {
    if o.type_of().has_flag(crate::object::type_flags::SLOTTED) {
        return match inst_dict(o) {
            Some(dd) => downcast::<DictData>(&dd)
                .is_some_and(|d| name_index(&d.table.borrow(), name).is_some()),
            None => false,
        };
    }
    match crate::vm::attr::inst_table(o) {
        Some(t) => t.may_contain(name_hash(name)) && name_index(&t, name).is_some(),
        None => false,
    }
}

/// `LOAD_ATTR` caches keyed by the object itself rather than its type
/// (tag bits in `a`, free in object pointers): `CLASS_ATTR` — `a` is the
/// class, `b` its version, `c` the value (a plain function, method
/// descriptor or non-descriptor, alive in the namespace while the version
/// holds); `MODULE_ATTR` — `a` is the module, `b` its dict's layout
/// version, `c` the entry (its value re-read at each load).
const CLASS_ATTR: u64 = 1;
const MODULE_ATTR: u64 = 2;
const OWNER_TAGS: u64 = CLASS_ATTR | MODULE_ATTR;

#[inline]
fn cached_owner_attr(o: &Value, cache: &InlineCache) -> Option<Value> {
    let a = cache.a.get();
    let p = o.as_object()?.as_ptr() as u64;
    if a == p | CLASS_ATTR {
        // SAFETY: `o` is the class the cache was filled for (same pointer
        // and the tag says a class).
        let t = unsafe { &*(p as *const crate::object::TypeObject) };
        if cache.b.get() == t.version.get() as u64 {
            // SAFETY: the version holds: the value is in the namespace.
            return Some(unsafe { ValueRef::from_raw(cache.c.get()) }.to_value());
        }
    } else if a == p | MODULE_ATTR {
        let d = crate::vm::attr::inst_table(o)?;
        if d.version == cache.b.get() {
            return d.entry_at(cache.c.get() as usize).map(|e| e.value.clone());
        }
    }
    None
}

/// A `LOAD_ATTR` miss on a class or module: the value through a newly
/// filled owner-keyed cache, if one applies.
#[inline(never)]
fn owner_attr_miss(cache: &InlineCache, o: &Value, name: &Value) -> Option<Value> {
    if fill_owner_attr_cache(cache, o, name) {
        cached_owner_attr(o, cache)
    } else {
        None
    }
}

/// Fills an owner-keyed `LOAD_ATTR` cache for `o.name` (a class or a
/// module), if one applies; whether it did.
fn fill_owner_attr_cache(cache: &InlineCache, o: &Value, name: &Value) -> bool {
    let ty = o.type_of();
    let Some(p) = o.as_object().map(|p| p.as_ptr() as u64) else {
        return false;
    };
    if let Some(t) = as_type(o) {
        // Only classes of metatype `type` (whose own attributes are
        // fixed), and names for which `type` has no data descriptor
        // (those would come first; its methods, like `__init__`, do not).
        if !std::ptr::eq(ty, &TYPE_TYPE) {
            return false;
        }
        if let Some(m) = crate::vm::attr::lookup_name(&TYPE_TYPE, name) {
            if !std::ptr::eq(m.type_of(), &METHOD_DESCRIPTOR_TYPE) {
                return false;
            }
        }
        let Some(v) = crate::vm::attr::lookup_name(t, name) else {
            return false;
        };
        let vt = v.type_of();
        let plain = std::ptr::eq(vt, &FUNCTION_TYPE)
            || std::ptr::eq(vt, &METHOD_DESCRIPTOR_TYPE)
            || lookup(vt, "__get__").is_none();
        if !plain {
            return false;
        }
        cache.a.set(p | CLASS_ATTR);
        cache.b.set(t.version.get() as u64);
        cache.c.set(v.to_bits());
        return true;
    }
    if std::ptr::eq(ty, &MODULE_TYPE) && crate::vm::attr::lookup_name(ty, name).is_none() {
        let Some(d) = crate::vm::attr::inst_table(o) else {
            return false;
        };
        let Some(i) = name_index(&d, name) else {
            return false;
        };
        cache.a.set(p | MODULE_ATTR);
        cache.b.set(d.version);
        cache.c.set(i as u64);
        return true;
    }
    false
}

/// Decides which `LOAD_ATTR` fast path applies to `o.name`, if any.
fn fill_attr_cache(cache: &InlineCache, o: &Value, name: &Value) {
    let ty = o.type_of();
    if ty.has_flag(crate::object::type_flags::CUSTOM_GETATTR)
        || ty.has_flag(crate::object::type_flags::HAS_GETATTR_HOOK)
        || as_type(o).is_some()
        || !ty.has_flag(crate::object::type_flags::HEAPTYPE)
    {
        return;
    }
    let (kind, plain) = match crate::vm::attr::lookup_name(ty, name) {
        None => (1, 0),
        Some(d) if std::ptr::eq(d.type_of(), &MEMBER_DESCRIPTOR_TYPE) => (2, 0),
        Some(d) if std::ptr::eq(d.type_of(), &FUNCTION_TYPE) => (d.to_bits(), 0),
        // A class attribute that is no descriptor (`fee = 1`, a default, a
        // constant) of a built-in type, which cannot gain a `__get__`.
        Some(d) if is_plain_class_value(&d) && d.to_bits() > 2 => (d.to_bits(), 1),
        Some(_) => return,
    };
    if cache.a.get() != ty as *const _ as u64 {
        cache.keep_as_prev(OWNER_TAGS);
    }
    cache.a.set(ty as *const _ as u64);
    cache.b.set(ty.version.get() as u64);
    cache.c.set(kind);
    if kind > 2 {
        // Marks which of the two the bits are (the hint of kinds 1 and 2
        // is an entry index).
        cache.hint.set(plain);
    }
}

/// Whether class attribute `d` is read through an instance as it is: a
/// value of one of the built-in data types, none of which is a descriptor
/// (native descriptors — getsets, members, slots — are recognised by
/// their types elsewhere, not by a `__get__`, so only a list of known
/// plain types is safe here).
fn is_plain_class_value(d: &Value) -> bool {
    let t = d.type_of();
    [
        &INT_TYPE, &FLOAT_TYPE, &BOOL_TYPE, &NONE_TYPE, &STR_TYPE, &BYTES_TYPE, &TUPLE_TYPE,
        &FROZENSET_TYPE, &COMPLEX_TYPE, &LIST_TYPE, &DICT_TYPE, &SET_TYPE,
    ]
    .iter()
    .any(|p| std::ptr::eq(t, *p))
}

/// `o.name = v` through a `STORE_ATTR` cache that holds for `o`'s type:
/// the old value (to drop once the table is released), or `v` back when
/// the fast path does not apply.
#[inline]
fn cached_store(
    o: &Value,
    name: &Value,
    v: Value,
    cache: &InlineCache,
) -> Result<Option<Value>, Value> {
    let Some(mut t) = crate::vm::attr::store_table(o, cache.c.get()) else {
        return Err(v);
    };
    let hint = cache.hint.get() as usize;
    let idx = match t.entry_if_key_is(hint, name) {
        Some(_) => Some(hint),
        None => name_index(&t, name),
    };
    Ok(match idx {
        Some(i) => {
            cache.hint.set(i as u32);
            Some(t.replace_value(i, v))
        }
        None => {
            cache.hint.set(t.positions() as u32);
            t.insert_new(name_hash(name), name.clone(), v);
            None
        }
    })
}

/// Decides which `STORE_ATTR` fast path applies to `o.name = v`, if any.
fn fill_store_cache(cache: &InlineCache, o: &Value, name: &Value) {
    let ty = o.type_of();
    if ty.has_flag(crate::object::type_flags::CUSTOM_SETATTR)
        || as_type(o).is_some()
        || !ty.has_flag(crate::object::type_flags::HEAPTYPE)
    {
        return;
    }
    let kind = match crate::vm::attr::lookup_name(ty, name) {
        None if ty.slot_names.borrow().is_none() && crate::vm::attr::has_dict_slot(o) => 1,
        Some(d) if std::ptr::eq(d.type_of(), &MEMBER_DESCRIPTOR_TYPE) => 2,
        _ => return,
    };
    if cache.a.get() != ty as *const _ as u64 {
        cache.keep_as_prev(OWNER_TAGS);
    }
    cache.a.set(ty as *const _ as u64);
    cache.b.set(ty.version.get() as u64);
    cache.c.set(kind);
}

/// Whether an attribute cache filled for type `ty` (`a` = the type, `b` =
/// its version) still applies.
#[inline(always)]
fn cache_holds_for(cache: &InlineCache, ty: &crate::object::TypeObject) -> bool {
    cache.a.get() == ty as *const _ as u64 && cache.b.get() == ty.version.get() as u64
}

/// Whether the cache's previous entry holds for `ty` (then swapped in).
#[inline]
fn takes_prev(cache: &InlineCache, ty: &crate::object::TypeObject) -> bool {
    cache.take_prev_for(ty as *const _ as u64, ty.version.get() as u64)
}

/// The quickened copy of a code object's instructions: each instruction
/// that starts a pair listed in `Op::fuse` becomes the fused form (one
/// dispatch for two instructions). The second instruction stays in place
/// for jumps that land on it; when it starts a pair of its own, the fused
/// instruction before it reads only its argument.
pub fn quicken(insts: &[Instr]) -> Box<[Instr]> {
    let mut out: Vec<Instr> = insts.to_vec();
    for i in 0..insts.len().saturating_sub(1) {
        if let Some(f) = Op::fuse(insts[i].op, insts[i + 1].op) {
            out[i].op = f;
        }
    }
    out.into_boxed_slice()
}

/// The value carried by a StopIteration.
pub fn stop_iteration_value(e: &PyErr) -> Value {
    match downcast::<ExcData>(&e.0) {
        Some(d) => {
            let a = d.args.borrow();
            match downcast::<TupleData>(&a) {
                Some(t) if !t.items.is_empty() => t.items[0].clone(),
                _ => Value::none(),
            }
        }
        None => Value::none(),
    }
}

/// `next(gen)`: `Ok(None)` when it returns.
pub fn gen_next(vm: &mut Vm, g: &Value) -> PyResult<Option<Value>> {
    match vm.gen_resume(g, Value::none(), None)? {
        GenResult::Yielded(v) => Ok(Some(v)),
        GenResult::Returned(_) => Ok(None),
    }
}

/// `gen.close()`.
pub fn gen_close(vm: &mut Vm, g: &Value) -> PyResult<()> {
    let gd = downcast::<GenData>(g).unwrap();
    if gd.running.get() {
        let what = if std::ptr::eq(g.type_of(), &GENERATOR_TYPE) {
            "generator"
        } else {
            "coroutine"
        };
        return Err(vm.value_error(format!("{} already executing", what)));
    }
    if gd.frame.borrow().is_none() {
        return Ok(());
    }
    if !gd.started.get() {
        *gd.frame.borrow_mut() = None;
        return Ok(());
    }
    let exc = vm.new_exc_noargs(&GENERATOR_EXIT_TYPE);
    match vm.gen_throw(g, exc) {
        Ok(GenResult::Yielded(_)) => {
            let what = if std::ptr::eq(g.type_of(), &GENERATOR_TYPE) {
                "generator ignored GeneratorExit"
            } else {
                "coroutine ignored GeneratorExit"
            };
            Err(vm.runtime_error(what))
        }
        Ok(GenResult::Returned(_)) => Ok(()),
        Err(e)
            if vm.err_matches(&e, &GENERATOR_EXIT_TYPE)
                || vm.err_matches(&e, &STOP_ITERATION_TYPE) =>
        {
            Ok(())
        }
        Err(e) => Err(e),
    }
}
