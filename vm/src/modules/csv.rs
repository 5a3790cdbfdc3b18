//! `_csv` (a Python body, csv.py): CSV readers, writers and dialects for
//! Lib's `csv` (and `importlib.metadata`, which reads CSV records).

const SOURCE: &str = include_str!("csv.py");

pub fn init(vm: &mut crate::vm::Vm) -> crate::vm::PyResult<crate::value::Value> {
    crate::modules::python_module(vm, "_csv", SOURCE)
}
