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
    let m = vm.new_module("_ast")?;
    let d = crate::vm::attr::inst_dict(&m).expect("module dict");
    let bm = vm.builtins_module.clone();
    vm.dict_set_str(&d, "__builtins__", bm)?;
    let code = crate::compile::compile(vm, SOURCE.as_bytes(), "<frozen _ast>", "exec", true)?;
    vm.run_code(&code, d, None)?;
    Ok(m)
}
