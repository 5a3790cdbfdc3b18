//! `_warnings`: present (importlib's bootstrap loads it as a built-in
//! module) but empty, so Lib's `warnings.py` uses its own pure-Python
//! implementation of filters and `warn`, which behaves the same.

use crate::value::Value;
use crate::vm::{PyResult, Vm};

pub fn init(vm: &mut Vm) -> PyResult<Value> {
    vm.new_module("_warnings")
}
