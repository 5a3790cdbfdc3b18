//! `_pyrite_importer`: the finders on `sys.meta_path` (a Python body,
//! importer.py), installed when `importlib` is first imported.

const SOURCE: &str = include_str!("importer.py");

pub fn init(vm: &mut crate::vm::Vm) -> crate::vm::PyResult<crate::value::Value> {
    crate::modules::python_module(vm, "_pyrite_importer", SOURCE)
}

/// `_frozen_importlib` and `_frozen_importlib_external`, the names under
/// which CPython's frozen import machinery is imported (zipimport and
/// importlib.abc import them): Lib's `importlib._bootstrap` and
/// `_bootstrap_external`. While importlib itself is being imported they
/// are not found, so that it sets itself up from its own source, as it
/// does when the frozen modules are missing.
fn frozen_alias(vm: &mut crate::vm::Vm, name: &str, attr: &str) -> crate::vm::PyResult<crate::value::Value> {
    if vm.initializing.iter().any(|n| n == "importlib") {
        let e = vm.new_exc(
            &crate::types::MODULE_NOT_FOUND_ERROR_TYPE,
            format!("No module named '{}'", name),
        );
        let n = vm.new_str(name);
        let _ = vm.set_inst_attr(&e.0, "name", n);
        return Err(e);
    }
    let importlib = crate::import::import_module(vm, "importlib")?;
    vm.get_attr_str(&importlib, attr)
}

pub fn init_frozen_importlib(vm: &mut crate::vm::Vm) -> crate::vm::PyResult<crate::value::Value> {
    frozen_alias(vm, "_frozen_importlib", "_bootstrap")
}

pub fn init_frozen_importlib_external(
    vm: &mut crate::vm::Vm,
) -> crate::vm::PyResult<crate::value::Value> {
    frozen_alias(vm, "_frozen_importlib_external", "_bootstrap_external")
}
