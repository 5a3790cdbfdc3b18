//! Pyrite's tracing JIT tier.
//!
//! Will record hot loops, optimise the traces and compile them with
//! Cranelift, with guards and side exits back to the interpreter. It installs
//! itself through the VM's eval-frame hook, so the VM never names Cranelift.

pub use pyrite_vm as vm;

/// Default backward-jump count after which a loop starts recording.
/// (Accepted by the CLI now; meaningful once the tier lands.)
pub const DEFAULT_THRESHOLD: u32 = 1000;
