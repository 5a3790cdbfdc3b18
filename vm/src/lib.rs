//! Pyrite's virtual machine.
//!
//! Will own values and objects, the runtime (interpreter and thread states,
//! the GIL), frames, the threaded-code eval loop, builtins, native modules and
//! import. It depends on `pyrite-compiler` for code objects; nothing here may
//! depend on the JIT — the JIT plugs in through an eval-frame hook.
//!
//! Today it only re-exports the compiler so the dependency direction
//! (compiler ◄ vm ◄ jit ◄ pyrite) is fixed from the start.

pub use pyrite_compiler as compiler;
