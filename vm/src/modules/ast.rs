//! `_ast`: the AST node classes Lib's `ast` module builds on. Their
//! definitions are generated from CPython's own `_ast`
//! (`tools/gen_ast_module.py` → `ast_nodes.py`) and run in the module's
//! namespace at first import. (`ast.parse` producing these nodes from
//! Pyrite's parser is issue 4's.)

use crate::value::Value;
use crate::vm::{PyResult, Vm};

const SOURCE: &str = include_str!("ast_nodes.py");

/// `import _ast`.
pub fn init(vm: &mut Vm) -> PyResult<Value> {
    crate::modules::python_module(vm, "_ast", SOURCE)
}
