//! Pyrite's virtual machine.
//!
//! Will own values and objects, the runtime (interpreter and thread states,
//! the GIL), frames, the threaded-code eval loop, builtins, native modules and
//! import. It depends on `pyrite-compiler` for code objects; nothing here may
//! depend on the JIT — the JIT plugs in through an eval-frame hook.
//!
//! It re-exports the compiler so the dependency direction
//! (compiler ◄ vm ◄ jit ◄ pyrite) is fixed from the start.
//!
//! Modules:
//! - [`value`]: `Value`, every Python value in one NaN-boxed word (inline
//!   50-bit ints and all floats, pointers to heap objects), reference counted
//!   by `Clone`/`Drop`, and its borrowed view `ValueRef`; the measurements
//!   behind the encoding are in its docs (`benches/value_repr.rs`).
//! - [`object`]: the `#[repr(C)]` heap-object header (non-atomic refcount,
//!   type pointer), the stub `TypeObject`, and the static `None`, `True`,
//!   `False` and builtin type stubs.
//! - [`format`](mod@format): CPython 3.11's formatting of numbers (and strings by a
//!   format spec): the format-spec mini-language, `format()` of int, float,
//!   complex and str, float `repr` and `round`, `%`-formatting.
//! - [`int`](mod@int): Python's `int` (small `i64` or `dashu` big int) with
//!   CPython 3.11's exact arithmetic, bit operations, conversions and parsing.

#![warn(unsafe_op_in_unsafe_fn)]

pub use pyrite_compiler as compiler;

pub mod format;
pub mod int;
pub mod object;
pub mod value;
