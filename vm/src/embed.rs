//! Embedding Pyrite in a Rust program: an [`Interpreter`] runs source
//! text in its `__main__` namespace, evaluates expressions to
//! [`Object`]s (or straight to `i64`, `f64`, `String`, a repr), takes
//! values from Rust ([`Interpreter::set`]), and turns a Python exception
//! into a [`PyError`] carrying the exception's type name, its message
//! and the traceback CPython would print.
//!
//! ```
//! use pyrite_vm::embed::{Interpreter, Object};
//!
//! let mut py = Interpreter::new();
//! py.run("def area(w, h):\n    return w * h\n").unwrap();
//! py.set("width", 6).unwrap();
//! assert_eq!(py.eval_i64("area(width, 7)").unwrap(), 42);
//! assert_eq!(py.eval_f64("area(1.5, 3)").unwrap(), 4.5);
//! assert_eq!(py.eval_string("'-'.join(['a', 'b'])").unwrap(), "a-b");
//! assert_eq!(py.eval_repr("{'k': [1, None]}").unwrap(), "{'k': [1, None]}");
//!
//! // Any value: inspect it from Rust, or ask Python for its repr.
//! let v: Object = py.eval("2 ** 100").unwrap();
//! assert_eq!(v.type_name(), "int");
//! assert_eq!(v.as_i64(), None); // does not fit
//! assert_eq!(py.repr(&v).unwrap(), "1267650600228229401496703205376");
//!
//! // A Python exception is an Err with its type and message.
//! let e = py.run("import json\njson.loads('[1,')").unwrap_err();
//! assert_eq!(e.type_name, "JSONDecodeError");
//! assert_eq!(e.message, "Expecting value: line 1 column 4 (char 3)");
//! assert!(e.traceback.starts_with("Traceback (most recent call last):\n"));
//! let e = py.eval_i64("'not a number'").unwrap_err();
//! assert_eq!(e.type_name, "TypeError");
//! ```
//!
//! An interpreter lives on the thread that made it (its values are not
//! `Send`), and interpreters run on one thread at a time in a process:
//! Pyrite keeps interpreter-wide state in statics, as CPython keeps
//! per-process state. A thread making an interpreter while another
//! thread has one waits until that thread's interpreters are dropped;
//! one thread may have several at once.
//! The standard library is found as for the `pyrite` command
//! (`PYRITE_STDLIB`, else CPython 3.11's usual places). What Python
//! prints goes to the process's stdout, flushed after each call.

use crate::config::Config;
use crate::objects::*;
use crate::value::Value;
use crate::vm::{str_of, PyErr, Vm};

/// A Python exception seen from Rust.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PyError {
    /// The exception's class name (`ZeroDivisionError`).
    pub type_name: String,
    /// `str()` of the exception (`division by zero`).
    pub message: String,
    /// The report CPython prints for it, traceback included.
    pub traceback: String,
}

impl std::fmt::Display for PyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.message.is_empty() {
            f.write_str(&self.type_name)
        } else {
            write!(f, "{}: {}", self.type_name, self.message)
        }
    }
}

impl std::error::Error for PyError {}

/// A Python value held by Rust.
#[derive(Clone)]
pub struct Object(Value);

impl std::fmt::Debug for Object {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "<{} object>", self.type_name())
    }
}

impl Object {
    /// The value, for the VM's own API ([`Interpreter::vm`]).
    pub fn value(&self) -> &Value {
        &self.0
    }

    /// Its type's name (`int`, `str`, a class's name).
    pub fn type_name(&self) -> String {
        self.0.type_of().name()
    }

    /// An `int` (or `bool`) that fits in an `i64`.
    pub fn as_i64(&self) -> Option<i64> {
        crate::vm::ops::to_int(&self.0).and_then(|i| i.to_i64())
    }

    /// A `float`, or an `int` converted as `float()` would.
    pub fn as_f64(&self) -> Option<f64> {
        if let Some(f) = crate::vm::ops::to_float(&self.0) {
            return Some(f);
        }
        crate::vm::ops::to_int(&self.0).and_then(|i| i.to_f64().ok())
    }

    /// A `str`'s text.
    pub fn as_str(&self) -> Option<&str> {
        downcast::<StrData>(&self.0).map(|_| str_of(&self.0))
    }

    /// `True` or `False`.
    pub fn as_bool(&self) -> Option<bool> {
        self.0.as_bool()
    }

    /// `None`?
    pub fn is_none(&self) -> bool {
        self.0.is_none()
    }
}

/// Rust values that become Python values ([`Interpreter::set`]).
pub trait IntoPython {
    fn into_python(self, vm: &mut Vm) -> Value;
}

impl IntoPython for i64 {
    fn into_python(self, _vm: &mut Vm) -> Value {
        crate::vm::new::new_int_i64(self)
    }
}

impl IntoPython for i32 {
    fn into_python(self, _vm: &mut Vm) -> Value {
        crate::vm::new::new_int_i64(self as i64)
    }
}

impl IntoPython for f64 {
    fn into_python(self, vm: &mut Vm) -> Value {
        vm.new_float(self)
    }
}

impl IntoPython for bool {
    fn into_python(self, _vm: &mut Vm) -> Value {
        Value::from_bool(self)
    }
}

impl IntoPython for &str {
    fn into_python(self, vm: &mut Vm) -> Value {
        vm.new_str(self)
    }
}

impl IntoPython for String {
    fn into_python(self, vm: &mut Vm) -> Value {
        vm.new_str_owned(self)
    }
}

impl IntoPython for Object {
    fn into_python(self, _vm: &mut Vm) -> Value {
        self.0
    }
}

/// Which thread has interpreters, and how many: others wait.
static OWNER: std::sync::Mutex<(Option<std::thread::ThreadId>, usize)> =
    std::sync::Mutex::new((None, 0));
static OWNER_FREED: std::sync::Condvar = std::sync::Condvar::new();

fn claim_process() {
    let me = std::thread::current().id();
    let mut g = OWNER.lock().unwrap_or_else(|p| p.into_inner());
    while g.0.is_some_and(|t| t != me) {
        g = OWNER_FREED.wait(g).unwrap_or_else(|p| p.into_inner());
    }
    g.0 = Some(me);
    g.1 += 1;
}

fn release_process() {
    let mut g = OWNER.lock().unwrap_or_else(|p| p.into_inner());
    g.1 = g.1.saturating_sub(1);
    if g.1 == 0 {
        g.0 = None;
        OWNER_FREED.notify_all();
    }
}

/// An interpreter with its own `__main__` namespace.
pub struct Interpreter {
    /// Boxed: the VM must not move once code runs on it (the fault
    /// handler's registry points at it).
    vm: Box<Vm>,
    globals: Value,
}

impl Default for Interpreter {
    fn default() -> Self {
        Interpreter::new()
    }
}

impl Interpreter {
    /// An interpreter as `pyrite -c` would start (no `PYTHON*`
    /// environment variables read).
    pub fn new() -> Interpreter {
        Interpreter::with_config(&Config::default()).expect("the default configuration applies")
    }

    /// An interpreter configured as the command line would configure it
    /// (`-X` options, flags, `PYTHONPATH` entries...).
    pub fn with_config(config: &Config) -> Result<Interpreter, PyError> {
        claim_process();
        let r = Interpreter::make(config);
        if r.is_err() {
            release_process();
        }
        r
    }

    fn make(config: &Config) -> Result<Interpreter, PyError> {
        let mut vm = Box::new(Vm::new());
        if let Err(e) = vm.apply_config(config) {
            return Err(to_error(&mut vm, e));
        }
        if let Err(msg) = vm.init_std_streams(config) {
            return Err(PyError {
                type_name: "LookupError".into(),
                message: msg.clone(),
                traceback: msg,
            });
        }
        let set = vm.set_argv_and_path0(vec![String::new()], Some(""));
        if let Err(e) = set {
            return Err(to_error(&mut vm, e));
        }
        let made = vm.new_module("__main__").and_then(|main| {
            let d = crate::vm::attr::inst_dict(&main).expect("module dict");
            let bm = vm.builtins_module.clone();
            vm.dict_set_str(&d, "__builtins__", bm)?;
            let mods = vm.modules.clone();
            vm.dict_set_str(&mods, "__main__", main)?;
            Ok(d)
        });
        match made {
            Ok(globals) => {
                crate::modules::faulthandler::register_thread(&vm);
                Ok(Interpreter { vm, globals })
            }
            Err(e) => Err(to_error(&mut vm, e)),
        }
    }

    /// The VM, for what this API does not cover.
    pub fn vm(&mut self) -> &mut Vm {
        &mut self.vm
    }

    /// Runs statements (a module body) in `__main__`.
    pub fn run(&mut self, source: &str) -> Result<(), PyError> {
        let r = crate::compile::compile(&mut self.vm, source.as_bytes(), "<embedded>", "exec", true)
            .and_then(|code| self.vm.run_code(&code, self.globals.clone(), None));
        self.finish(r).map(|_| ())
    }

    /// Evaluates an expression in `__main__`.
    pub fn eval(&mut self, expr: &str) -> Result<Object, PyError> {
        let r = crate::compile::compile(&mut self.vm, expr.as_bytes(), "<embedded>", "eval", true)
            .and_then(|code| self.vm.run_code(&code, self.globals.clone(), None));
        self.finish(r).map(Object)
    }

    /// An expression that must give an `int` fitting in an `i64`.
    pub fn eval_i64(&mut self, expr: &str) -> Result<i64, PyError> {
        let v = self.eval(expr)?;
        v.as_i64()
            .ok_or_else(|| self.mismatch(&v, "an int that fits in 64 bits"))
    }

    /// An expression that must give a `float` (or an `int`).
    pub fn eval_f64(&mut self, expr: &str) -> Result<f64, PyError> {
        let v = self.eval(expr)?;
        v.as_f64().ok_or_else(|| self.mismatch(&v, "a float"))
    }

    /// An expression that must give a `str`.
    pub fn eval_string(&mut self, expr: &str) -> Result<String, PyError> {
        let v = self.eval(expr)?;
        match v.as_str() {
            Some(s) => Ok(s.to_string()),
            None => Err(self.mismatch(&v, "a str")),
        }
    }

    /// `repr()` of an expression's value.
    pub fn eval_repr(&mut self, expr: &str) -> Result<String, PyError> {
        let v = self.eval(expr)?;
        self.repr(&v)
    }

    /// `repr(obj)`.
    pub fn repr(&mut self, obj: &Object) -> Result<String, PyError> {
        let r = self.vm.repr(&obj.0);
        r.map_err(|e| to_error(&mut self.vm, e))
    }

    /// `str(obj)`.
    pub fn str(&mut self, obj: &Object) -> Result<String, PyError> {
        let r = self.vm.to_str(&obj.0).map(|s| str_of(&s).to_string());
        r.map_err(|e| to_error(&mut self.vm, e))
    }

    /// Binds `name` in `__main__` to a value from Rust.
    pub fn set(&mut self, name: &str, value: impl IntoPython) -> Result<(), PyError> {
        let v = value.into_python(&mut self.vm);
        let r = self.vm.dict_set_str(&self.globals, name, v);
        r.map_err(|e| to_error(&mut self.vm, e))
    }

    /// The value `name` has in `__main__`, if bound.
    pub fn get(&mut self, name: &str) -> Option<Object> {
        self.vm.dict_get_str(&self.globals, name).map(Object)
    }

    /// What Python printed reaches stdout; an exception becomes a
    /// [`PyError`].
    fn finish(&mut self, r: crate::vm::PyResult<Value>) -> Result<Value, PyError> {
        self.vm.run_finalizers();
        crate::modules::io::flush_stdout(&mut self.vm);
        r.map_err(|e| to_error(&mut self.vm, e))
    }

    /// The TypeError for a value of the wrong type.
    fn mismatch(&mut self, v: &Object, wanted: &str) -> PyError {
        let message = format!("expected {}, got {}", wanted, v.type_name());
        PyError {
            type_name: "TypeError".into(),
            traceback: format!("TypeError: {}\n", message),
            message,
        }
    }
}

impl Drop for Interpreter {
    fn drop(&mut self) {
        crate::modules::atexit::run_exitfuncs(&mut self.vm);
        let _ = crate::modules::io::flush_std_files(&mut self.vm);
        crate::modules::faulthandler::finalize();
        release_process();
    }
}

fn to_error(vm: &mut Vm, e: PyErr) -> PyError {
    let type_name = e.0.type_of().name();
    let message = vm
        .to_str(&e.0)
        .map(|s| str_of(&s).to_string())
        .unwrap_or_default();
    let traceback = crate::traceback::format_exception(vm, &e.0);
    PyError {
        type_name,
        message,
        traceback,
    }
}
