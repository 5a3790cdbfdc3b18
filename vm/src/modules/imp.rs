//! `_imp`: the built-in half of `importlib`, enough for Lib's
//! `importlib._bootstrap._setup` to recognise Pyrite's native modules as
//! built-in ones. (Pyrite's own import system in `crate::import` does the
//! importing; frozen modules and extension modules do not exist here.)

use crate::value::Value;
use crate::vm::{str_of, Args, PyResult, Vm};

pub fn init(vm: &mut Vm) -> PyResult<Value> {
    let m = vm.new_module("_imp")?;
    let fns: &[(&'static str, crate::objects::NativeFn)] = &[
        ("is_builtin", is_builtin),
        ("create_builtin", create_builtin),
        ("exec_builtin", exec_builtin),
        ("is_frozen", false_fn),
        ("is_frozen_package", false_fn),
        ("find_frozen", none_fn),
        ("acquire_lock", none_fn),
        ("release_lock", none_fn),
        ("lock_held", false_fn),
        ("extension_suffixes", extension_suffixes),
        ("_fix_co_filename", none_fn),
        ("source_hash", source_hash),
        // test.support's import helpers switch frozen modules off around
        // fresh imports; Pyrite has none, so there is nothing to switch.
        ("_override_frozen_modules_for_tests", none_fn),
    ];
    crate::modules::add_functions(vm, &m, "_imp", fns)?;
    let never = vm.new_str("never");
    crate::modules::set_attr(vm, &m, "check_hash_based_pycs", never)?;
    Ok(m)
}

fn builtin_name(vm: &Vm, name: &str) -> bool {
    name == "builtins" || name == "sys" || vm.native_modules.contains_key(name)
}

fn is_builtin(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("is_builtin", &a, 1, 1)?;
    let r = builtin_name(vm, str_of(&a.args[0]));
    Ok(crate::vm::new::new_int_i64(r as i64))
}

fn create_builtin(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("create_builtin", &a, 1, 1)?;
    let name = vm.get_attr_str(&a.args[0], "name")?;
    let n = str_of(&name).to_string();
    if !builtin_name(vm, &n) {
        return Err(vm.new_exc(
            &crate::types::IMPORT_ERROR_TYPE,
            format!("no built-in module named {}", n),
        ));
    }
    crate::import::import_module(vm, &n)
}

fn exec_builtin(_vm: &mut Vm, _a: Args) -> PyResult<Value> {
    Ok(crate::vm::new::new_int_i64(0))
}

fn false_fn(_vm: &mut Vm, _a: Args) -> PyResult<Value> {
    Ok(Value::from_bool(false))
}

fn none_fn(_vm: &mut Vm, _a: Args) -> PyResult<Value> {
    Ok(Value::none())
}

fn extension_suffixes(vm: &mut Vm, _a: Args) -> PyResult<Value> {
    Ok(vm.new_list(vec![]))
}

fn source_hash(vm: &mut Vm, _a: Args) -> PyResult<Value> {
    Ok(vm.new_bytes(vec![0; 8]))
}
