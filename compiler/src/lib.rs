//! Pyrite's compiler: Python 3.11 source text to (today) CPython's exact
//! abstract syntax tree; later stages (symbol table, CFG code generation,
//! assembler) will turn the tree into code objects for the VM.
//!
//! Pipeline and modules:
//! - [`source`]: bytes → text (BOM, PEP 263 declarations, newlines)
//! - [`tokenizer`]: text → tokens (INDENT/DEDENT, numbers, strings)
//! - [`parser`]: tokens → [`ast`] (CPython's node shapes and positions)
//! - [`literal`]: values of number and string literals
//! - [`repr`]: CPython's `repr` of constants, used by [`ast::dump`]
//! - [`symtable`]: scopes and the resolution of every name
//! - [`checks`]: the SyntaxErrors CPython's compiler adds after parsing
//! - [`ast_opt`]: constant folding on the tree (CPython's ast_opt.c)
//! - [`codegen`]: AST → control-flow graph of [`opcode`] instructions
//! - [`cfg_opt`]: peephole optimisation of the control-flow graph
//! - [`assemble`]: control-flow graph → [`code::CodeObject`]
//! - [`cpython_tables`]: a code object's `co_code`, `co_linetable`,
//!   `co_lnotab` and `co_exceptiontable` in CPython 3.11's formats
//! - [`unparse`]: expressions back to text (postponed annotations)
//! - [`error`]: SyntaxError with CPython's messages and locations
//!
//! ```
//! let tree = pyrite_compiler::parse_source(b"x = 1\n").unwrap();
//! assert!(pyrite_compiler::ast::dump(&tree).starts_with("Module(body=[Assign("));
//! ```

pub mod assemble;
pub mod ast;
pub mod ast_opt;
pub mod cfg_opt;
pub mod checks;
pub mod code;
pub mod cpython_tables;
pub mod codegen;
pub mod error;
pub mod linetable;
pub mod literal;
pub mod opcode;
pub mod parser;
pub mod repr;
pub mod serialize;
pub mod source;
pub mod symtable;
pub mod tokenizer;
mod unicode_tables;
pub mod unparse;
pub mod varint;
pub mod wtf8;

pub use error::{ErrorKind, SyntaxError};

/// Decode and parse a module's source bytes, as `ast.parse(source)` does.
pub fn parse_source(bytes: &[u8]) -> Result<ast::Mod, SyntaxError> {
    let text = source::decode_source(bytes)?;
    parser::parse_module_source(&text)
}

/// Parse a program and make the compile-time checks CPython makes before
/// running it ("'return' outside function", ...).
pub fn parse_program(bytes: &[u8]) -> Result<ast::Mod, SyntaxError> {
    let m = parse_source(bytes)?;
    checks::check_module(&m)?;
    Ok(m)
}
