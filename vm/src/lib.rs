//! Pyrite's virtual machine.
//!
//! Owns values and objects, frames and the eval loop, builtins, native
//! modules and import. It depends on `pyrite-compiler` for code objects;
//! nothing here may depend on the JIT — the JIT plugs in through an
//! eval-frame hook.
//!
//! Modules, in pipeline order:
//! - [`value`]: `Value`, every Python value in one NaN-boxed word (inline
//!   50-bit ints and all floats, pointers to heap objects), reference counted
//!   by `Clone`/`Drop`; the measurements behind the encoding are in its docs.
//! - [`object`]: the `#[repr(C)]` heap-object header (non-atomic refcount,
//!   type pointer), `TypeObject`, allocation.
//! - [`types`]: every built-in type as a `static`, from one table.
//! - [`objects`]: the payload of each built-in type and checked downcasts.
//! - [`dict`]: the ordered hash table behind dicts, sets and namespaces.
//! - [`vm`]: the thread state (`Vm`) and the object protocols.
//! - [`eval`]: frames and the eval loop; generators.
//! - [`compile`]: source to code values; SyntaxError exceptions.
//! - [`builtins`]: methods of the built-in types; the `builtins` module.
//! - [`import`]: the import system; [`modules`]: native modules.
//! - [`traceback`], [`run`]: reporting uncaught exceptions, running `__main__`.
//! - [`embed`]: the API for Rust programs that run Python: an
//!   [`embed::Interpreter`] runs source, evaluates expressions to Rust
//!   values, and reports exceptions as [`embed::PyError`]s:
//!
//! ```
//! let mut py = pyrite_vm::embed::Interpreter::new();
//! py.run("import math\nr = math.sqrt(2)").unwrap();
//! assert_eq!(py.eval_string("f'{r:.3f}'").unwrap(), "1.414");
//! assert_eq!(py.run("1/0").unwrap_err().to_string(), "ZeroDivisionError: division by zero");
//! ```
//!
//! - [`ziparchive`]: modules read from zip archives on `sys.path`.
//! - [`format`](mod@format), [`int`](mod@int), [`numops`], [`strops`]:
//!   CPython-exact number formatting, integers, float/complex/math and str
//!   algorithms, independent of the object model.

#![warn(unsafe_op_in_unsafe_fn)]

pub use pyrite_compiler as compiler;

pub mod builtins;
pub mod codecache;
pub mod compile;
pub mod config;
pub mod dict;
pub mod embed;
pub mod eval;
pub mod format;
pub mod gil;
pub mod import;
pub mod int;
pub mod modules;
pub mod numops;
pub mod object;
pub mod objects;
pub mod profile;
pub mod repl;
pub mod run;
pub mod settable;
pub mod strops;
pub mod trace;
pub mod traceback;
pub mod types;
pub mod value;
pub mod vm;
pub mod weaklist;
pub mod ziparchive;
