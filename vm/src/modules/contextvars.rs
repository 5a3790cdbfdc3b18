//! `_contextvars`: `ContextVar`, `Token`, `Context`, `copy_context`. The
//! body is Python (`contextvars.py`, run in the module's namespace at
//! first import): one thread's contexts as dicts until real threads exist.

use crate::value::Value;
use crate::vm::{PyResult, Vm};

const SOURCE: &str = include_str!("contextvars.py");

/// `import _contextvars`.
pub fn init(vm: &mut Vm) -> PyResult<Value> {
    crate::modules::python_module(vm, "_contextvars", SOURCE)
}
