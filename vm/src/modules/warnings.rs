//! `_warnings`: present (importlib's bootstrap loads it as a built-in
//! module) with only `warn`, which forwards to Lib's `warnings.warn`: the
//! names `warnings.py` takes from here are missing on purpose, so it uses
//! its own pure-Python filters, which behave the same.

use crate::value::Value;
use crate::vm::{Args, PyResult, Vm};

pub fn init(vm: &mut Vm) -> PyResult<Value> {
    let m = vm.new_module("_warnings")?;
    crate::modules::add_functions(vm, &m, "_warnings", &[("warn", warn)])?;
    Ok(m)
}

fn warn(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let w = crate::import::import_module(vm, "warnings")?;
    let f = vm.get_attr_str(&w, "warn")?;
    vm.call(&f, a.args, a.kwnames)
}
