//! `marshal`: importable (importlib's `_bootstrap_external` imports it at
//! start-up) with `version`; serialising code objects arrives with the
//! compiled-code cache (issue 4), until then `dumps`/`loads` raise
//! NotImplementedError.

use crate::value::Value;
use crate::vm::{Args, PyResult, Vm};

pub fn init(vm: &mut Vm) -> PyResult<Value> {
    let m = vm.new_module("marshal")?;
    crate::modules::add_functions(
        vm,
        &m,
        "marshal",
        &[
            ("dumps", not_yet),
            ("loads", not_yet),
            ("dump", not_yet),
            ("load", not_yet),
        ],
    )?;
    crate::modules::set_attr(vm, &m, "version", crate::vm::new::new_int_i64(4))?;
    Ok(m)
}

fn not_yet(vm: &mut Vm, _a: Args) -> PyResult<Value> {
    Err(vm.new_exc(
        &crate::types::NOT_IMPLEMENTED_ERROR_TYPE,
        "marshal is not implemented yet in Pyrite",
    ))
}
