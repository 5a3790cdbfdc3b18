//! `_pyrite_importer`: the finders on `sys.meta_path` (a Python body,
//! importer.py), installed when `importlib` is first imported.

const SOURCE: &str = include_str!("importer.py");

pub fn init(vm: &mut crate::vm::Vm) -> crate::vm::PyResult<crate::value::Value> {
    crate::modules::python_module(vm, "_pyrite_importer", SOURCE)
}
