//! `_testinternalcapi` (a Python body, testinternalcapi.py): `get_config()`,
//! which CPython's test suite reads (`test.support.has_no_debug_ranges`
//! and others) before deciding what to run.

const SOURCE: &str = include_str!("testinternalcapi.py");

pub fn init(vm: &mut crate::vm::Vm) -> crate::vm::PyResult<crate::value::Value> {
    crate::modules::python_module(vm, "_testinternalcapi", SOURCE)
}
