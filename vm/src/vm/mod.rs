//! The virtual machine's thread state and its object protocols.
//!
//! `Vm` is one thread's view of the interpreter: the frame stack, the
//! exception being handled, the builtins and `sys.modules`. Submodules hold
//! the protocols every built-in and the eval loop use:
//! - [`new`]: constructing values (str, tuple, list, dict, exceptions, ...);
//! - [`attr`]: attribute lookup with descriptors, the MRO, `__getattr__`;
//! - [`call`]: calling anything; argument binding for Python functions;
//! - [`ops`]: operators, comparison, hashing, truth, `repr`/`str`, iteration;
//! - [`class`]: `type(name, bases, ns)`, C3 linearisation, `__build_class__`;
//! - [`slots`]: the types' attribute and call entry points (`tp_getattro`, ...).

pub mod attr;
pub mod call;
pub mod class;
pub mod new;
pub mod ops;
pub mod panic_guard;
pub mod slots;

use crate::objects::*;
use crate::types::*;
use crate::value::Value;

/// A raised Python exception: the exception instance.
pub struct PyErr(pub Value);

impl std::fmt::Debug for PyErr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PyErr({})", self.0.type_of().name())
    }
}

/// Result of anything that can raise.
pub type PyResult<T> = Result<T, PyErr>;

/// Arguments of a native call: `args` holds the positional arguments then
/// the keyword values; `kwnames` the keyword names (str), matching the tail.
#[derive(Clone, Copy)]
pub struct Args<'a> {
    pub args: &'a [Value],
    pub kwnames: &'a [Value],
}

impl<'a> Args<'a> {
    pub fn new(args: &'a [Value]) -> Args<'a> {
        Args { args, kwnames: &[] }
    }

    /// The positional arguments.
    #[inline]
    pub fn pos(&self) -> &'a [Value] {
        &self.args[..self.args.len() - self.kwnames.len()]
    }

    /// `(name, value)` keyword pairs.
    pub fn kwargs(&self) -> impl Iterator<Item = (&'a str, &'a Value)> + 'a {
        let vals = &self.args[self.args.len() - self.kwnames.len()..];
        self.kwnames.iter().map(|k| str_of(k)).zip(vals.iter())
    }

    /// The keyword argument `name`, if given.
    pub fn kw(&self, name: &str) -> Option<&'a Value> {
        self.kwargs().find(|(k, _)| *k == name).map(|(_, v)| v)
    }

    pub fn has_kwargs(&self) -> bool {
        !self.kwnames.is_empty()
    }
}

/// The text of a `str` value (empty for anything else: callers check types).
#[inline]
pub fn str_of(v: &Value) -> &str {
    match downcast::<StrData>(v) {
        Some(s) => &s.s,
        None => "",
    }
}

/// Interned identifier strings, shared by all threads (as CPython's are
/// interpreter-wide): code objects built lazily, away from any `Vm`,
/// intern their names here too.
static INTERNED: crate::gil::GilCell<std::cell::RefCell<Option<rustc_hash::FxHashMap<Box<str>, Value>>>> =
    crate::gil::GilCell::new(std::cell::RefCell::new(None));

/// The interned `str` for an identifier.
pub fn intern_str(s: &str) -> Value {
    INTERNED.with(|t| {
        let mut t = t.borrow_mut();
        let t = t.get_or_insert_with(Default::default);
        if let Some(v) = t.get(s) {
            return v.clone();
        }
        let v = crate::vm::new::new_str_of(&crate::types::STR_TYPE, s.into());
        t.insert(s.into(), v.clone());
        v
    })
}

/// Whether `v` is the interned string for its text.
pub fn is_interned(v: &Value, s: &str) -> bool {
    INTERNED.with(|t| {
        t.borrow()
            .as_ref()
            .and_then(|t| t.get(s))
            .is_some_and(|i| i.to_bits() == v.to_bits())
    })
}

/// `sys.intern(v)`: the interned string equal to `v`, making `v` it if
/// there is none yet.
pub fn intern_value(v: &Value, s: &str) -> Value {
    INTERNED.with(|t| {
        let mut t = t.borrow_mut();
        let t = t.get_or_insert_with(Default::default);
        t.entry(s.into()).or_insert_with(|| v.clone()).clone()
    })
}

/// One thread of the interpreter.
pub struct Vm {
    /// Active frames, innermost last (the eval loop runs the last one).
    pub frames: Vec<Box<crate::eval::Frame>>,
    /// Frames kept for reuse (their vectors keep their capacity).
    pub frame_pool: Vec<Box<crate::eval::Frame>>,
    /// The exception the running frame's code is handling (its own: a
    /// generator's state while it runs). `sys.exc_info()` and implicit
    /// chaining see the topmost one (`Vm::handled_exc`).
    pub exc_info: Option<Value>,
    /// The handled exceptions of the code that resumed each running
    /// generator, innermost last (CPython's chain of `exc_info` items): a
    /// generator handling nothing sees its resumer's.
    pub outer_exc: Vec<Option<Value>>,
    /// A generator being run to its end by `gen_collect`: the index of its
    /// frame, and what it has yielded so far.
    pub collect: Option<(usize, Vec<Value>)>,
    /// The `builtins` module's dict.
    pub builtins: Value,
    pub builtins_module: Value,
    /// `sys.modules`.
    pub modules: Value,
    pub sys_module: Option<Value>,
    /// Python-level call depth, against `recursion_limit`.
    pub depth: usize,
    pub recursion_limit: usize,
    /// `-O` level: `__debug__` and asserts.
    pub optimize: u32,
    /// `sys.argv`.
    pub argv: Vec<String>,
    /// Objects being repr'd (cycle detection for `[...]`).
    pub repr_stack: Vec<u64>,
    pub int_max_str_digits: usize,
    /// Where the standard library lives, if found.
    pub stdlib_path: Option<String>,
    /// Native modules by name (created on first import).
    pub native_modules: std::collections::HashMap<&'static str, fn(&mut Vm) -> PyResult<Value>>,
    /// Keyword arguments of the class statement being built, for
    /// `__init_subclass__` (value, name).
    pub class_kwargs: Vec<(Value, Value)>,
    /// Names of the keyword arguments of the next `CALL` (`KW_NAMES`).
    pub kwnames: Option<Value>,
    /// The error leaving the current instruction is a re-raise (no new
    /// traceback entry, no context).
    pub reraising: bool,
    /// Modules whose code is running (for "partially initialized module").
    pub initializing: Vec<String>,
    /// Instruction counts for `--profile-opcodes` (None: not profiling).
    pub op_profile: Option<Box<crate::profile::OpProfile>>,
    /// `sys.settrace`'s function (see `crate::trace`).
    pub trace_func: Option<Value>,
    /// A trace function is running: no events from inside it.
    pub in_trace: bool,
    /// `sys.set_asyncgen_hooks` (firstiter, finalizer), per thread.
    pub asyncgen_hooks: (Option<Value>, Option<Value>),
    /// `sys.set_coroutine_origin_tracking_depth`: how many calling frames
    /// a new coroutine records in `cr_origin`.
    pub coro_origin_depth: usize,
}

impl Vm {
    /// A fresh interpreter with `builtins`, `sys` and the native modules
    /// registered.
    pub fn new() -> Vm {
        crate::builtins::init_types_once();
        let mut vm = Vm::bare();
        vm.modules = vm.new_dict();
        crate::builtins::module::init_builtins(&mut vm);
        crate::modules::register(&mut vm);
        vm
    }

    /// A thread state with nothing in it yet: no modules, no frames.
    fn bare() -> Vm {
        Vm {
            frames: Vec::new(),
            frame_pool: Vec::new(),
            exc_info: None,
            outer_exc: Vec::new(),
            collect: None,
            builtins: Value::none(),
            builtins_module: Value::none(),
            modules: Value::none(),
            sys_module: None,
            depth: 0,
            recursion_limit: 1000,
            optimize: 0,
            argv: Vec::new(),
            repr_stack: Vec::new(),
            int_max_str_digits: 4300,
            stdlib_path: None,
            native_modules: Default::default(),
            class_kwargs: Vec::new(),
            kwnames: None,
            reraising: false,
            initializing: Vec::new(),
            op_profile: None,
            trace_func: None,
            in_trace: false,
            asyncgen_hooks: (None, None),
            coro_origin_depth: 0,
        }
    }

    /// The state of a new thread of this interpreter: the same modules,
    /// builtins and `sys`; its own frames, exception state and depth.
    /// Made by the starting thread (holding the GIL), moved to the new one.
    pub fn new_thread(&self) -> Vm {
        Vm {
            builtins: self.builtins.clone(),
            builtins_module: self.builtins_module.clone(),
            modules: self.modules.clone(),
            sys_module: self.sys_module.clone(),
            recursion_limit: self.recursion_limit,
            optimize: self.optimize,
            argv: self.argv.clone(),
            int_max_str_digits: self.int_max_str_digits,
            stdlib_path: self.stdlib_path.clone(),
            native_modules: self.native_modules.clone(),
            ..Vm::bare()
        }
    }

    /// An interned `str` for an identifier.
    pub fn intern(&mut self, s: &str) -> Value {
        intern_str(s)
    }

    // ---- raising ----

    /// A new instance of the exception type `ty` with one str argument.
    pub fn new_exc(
        &mut self,
        ty: &'static crate::object::TypeObject,
        msg: impl Into<String>,
    ) -> PyErr {
        let m = self.new_str(&msg.into());
        let args = self.new_tuple(vec![m]);
        PyErr(self.new_exception_obj(ty, args))
    }

    pub fn new_exc_noargs(&mut self, ty: &'static crate::object::TypeObject) -> PyErr {
        let args = self.new_tuple(vec![]);
        PyErr(self.new_exception_obj(ty, args))
    }

    pub fn type_error(&mut self, msg: impl Into<String>) -> PyErr {
        self.new_exc(&TYPE_ERROR_TYPE, msg)
    }
    pub fn value_error(&mut self, msg: impl Into<String>) -> PyErr {
        self.new_exc(&VALUE_ERROR_TYPE, msg)
    }
    pub fn index_error(&mut self, msg: impl Into<String>) -> PyErr {
        self.new_exc(&INDEX_ERROR_TYPE, msg)
    }
    pub fn attribute_error(&mut self, msg: impl Into<String>) -> PyErr {
        self.new_exc(&ATTRIBUTE_ERROR_TYPE, msg)
    }
    pub fn overflow_error(&mut self, msg: impl Into<String>) -> PyErr {
        self.new_exc(&OVERFLOW_ERROR_TYPE, msg)
    }
    pub fn zero_division_error(&mut self, msg: impl Into<String>) -> PyErr {
        self.new_exc(&ZERO_DIVISION_ERROR_TYPE, msg)
    }
    /// The built-in `name` (`builtins.name`), for native code that hands
    /// Python a builtin (pickling reductions name `iter`, `getattr`, ...).
    pub fn builtin(&mut self, name: &str) -> PyResult<Value> {
        let b = self.builtins.clone();
        match self.dict_get_str(&b, name) {
            Some(v) => Ok(v),
            None => Err(self.name_error(name)),
        }
    }

    pub fn runtime_error(&mut self, msg: impl Into<String>) -> PyErr {
        self.new_exc(&RUNTIME_ERROR_TYPE, msg)
    }
    pub fn name_error(&mut self, name: &str) -> PyErr {
        let e = self.new_exc(&NAME_ERROR_TYPE, format!("name '{}' is not defined", name));
        let n = self.new_str(name);
        let _ = self.set_inst_attr(&e.0, "name", n);
        e
    }
    pub fn key_error(&mut self, key: Value) -> PyErr {
        let args = self.new_tuple(vec![key]);
        PyErr(self.new_exception_obj(&KEY_ERROR_TYPE, args))
    }
    pub fn stop_iteration(&mut self, value: Value) -> PyErr {
        let args = self.new_tuple(vec![value]);
        PyErr(self.new_exception_obj(&STOP_ITERATION_TYPE, args))
    }

    /// Maps the numeric helpers' errors to Python exceptions.
    pub fn int_err(&mut self, e: crate::int::IntError) -> PyErr {
        use crate::int::IntErrorKind as K;
        let ty: &'static crate::object::TypeObject = match e.kind {
            K::ZeroDivisionError => &ZERO_DIVISION_ERROR_TYPE,
            K::OverflowError => &OVERFLOW_ERROR_TYPE,
            K::ValueError => &VALUE_ERROR_TYPE,
            K::TypeError => &TYPE_ERROR_TYPE,
            K::MemoryError => &MEMORY_ERROR_TYPE,
        };
        self.new_exc(ty, e.message)
    }

    pub fn format_err(&mut self, e: crate::format::FormatError) -> PyErr {
        use crate::format::ErrorKind as K;
        let ty: &'static crate::object::TypeObject = match e.kind {
            K::TypeError => &TYPE_ERROR_TYPE,
            K::OverflowError => &OVERFLOW_ERROR_TYPE,
            K::ValueError => &VALUE_ERROR_TYPE,
        };
        self.new_exc(ty, e.message)
    }

    /// Is `err` an instance of exception type `ty`?
    pub fn err_matches(&self, err: &PyErr, ty: &'static crate::object::TypeObject) -> bool {
        crate::vm::class::is_subtype(err.0.type_of(), ty)
    }

    /// Checks an argument count for a native function: CPython's messages.
    pub fn check_args(&mut self, name: &str, args: &Args, min: usize, max: usize) -> PyResult<()> {
        if args.has_kwargs() {
            return Err(self.type_error(format!("{}() takes no keyword arguments", name)));
        }
        let n = args.args.len();
        if n < min || n > max {
            let msg = if min == max {
                match min {
                    0 => format!("{}() takes no arguments ({} given)", name, n),
                    1 => format!("{}() takes exactly one argument ({} given)", name, n),
                    _ => format!("{} expected {} arguments, got {}", name, min, n),
                }
            } else if n < min {
                format!(
                    "{} expected at least {} argument{}, got {}",
                    name,
                    min,
                    if min == 1 { "" } else { "s" },
                    n
                )
            } else {
                format!(
                    "{} expected at most {} argument{}, got {}",
                    name,
                    max,
                    if max == 1 { "" } else { "s" },
                    n
                )
            };
            return Err(self.type_error(msg));
        }
        Ok(())
    }
}

impl Vm {
    /// `-O`/`-OO`: asserts and `__debug__` blocks compiled out.
    pub fn set_optimize(&mut self, level: u32) {
        self.optimize = level;
        let b = self.builtins.clone();
        let _ = self.dict_set_str(&b, "__debug__", Value::from_bool(level == 0));
        if let Some(sys) = self.sys_module.clone() {
            if let Ok(flags) = self.get_attr_str(&sys, "flags") {
                let _ = self.set_inst_attr(
                    &flags,
                    "optimize",
                    crate::vm::new::new_int_i64(level as i64),
                );
            }
        }
    }

    /// Sets `sys.argv` and puts `path0` first on `sys.path`.
    pub fn set_argv_and_path0(&mut self, argv: Vec<String>, path0: Option<&str>) -> PyResult<()> {
        self.argv = argv.clone();
        let sys = self.sys_module.clone().expect("sys");
        let items: Vec<Value> = argv.iter().map(|a| self.new_str(a)).collect();
        let l = self.new_list(items);
        self.set_attr_str(&sys, "argv", l)?;
        // None: -P / PYTHONSAFEPATH, nothing prepended.
        if let Some(path0) = path0 {
            let path = self.get_attr_str(&sys, "path")?;
            let p0 = self.new_str(path0);
            if let Some(l) = downcast::<ListData>(&path) {
                l.items.borrow_mut().insert(0, p0);
            }
        }
        Ok(())
    }
}

impl Default for Vm {
    fn default() -> Self {
        Vm::new()
    }
}
