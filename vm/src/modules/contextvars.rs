//! `_contextvars`: `ContextVar`, `Token`, `Context`, `copy_context`. The
//! body is Python (`contextvars.py`, run in the module's namespace at
//! first import): one thread's contexts as dicts until real threads exist.

use crate::value::Value;
use crate::vm::{PyResult, Vm};

const SOURCE: &str = include_str!("contextvars.py");

/// `import _contextvars`.
pub fn init(vm: &mut Vm) -> PyResult<Value> {
    let m = vm.new_module("_contextvars")?;
    let d = crate::vm::attr::inst_dict(&m).expect("module dict");
    let bm = vm.builtins_module.clone();
    vm.dict_set_str(&d, "__builtins__", bm)?;
    let code = crate::compile::compile(vm, SOURCE.as_bytes(), "<frozen _contextvars>", "exec", true)?;
    vm.run_code(&code, d, None)?;
    Ok(m)
}
