//! `array` (a Python body, array.py, over `struct`): typed arrays with
//! CPython's API, range checks and messages. Not yet a native buffer:
//! `memoryview(array)` is unsupported; `bytes(array)` works.

const SOURCE: &str = include_str!("array.py");

pub fn init(vm: &mut crate::vm::Vm) -> crate::vm::PyResult<crate::value::Value> {
    crate::modules::python_module(vm, "array", SOURCE)
}
