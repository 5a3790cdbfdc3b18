//! Source to runnable code: parsing and compiling with the compiler crate,
//! turning its `CodeObject` (constants included) into a VM code value, and
//! SyntaxErrors into Python exceptions.

use crate::int::Int;
use crate::object::alloc_object;
use crate::objects::*;
use crate::types::*;
use crate::value::Value;
use crate::vm::new::*;
use crate::vm::{PyErr, PyResult, Vm};
use pyrite_compiler::code::{CodeObject, Constant};
use pyrite_compiler::SyntaxError;
use std::sync::Arc;

/// Compiles `source` in `mode` ("exec", "eval", "single").
pub fn compile(
    vm: &mut Vm,
    source: &[u8],
    filename: &str,
    mode: &str,
    is_text: bool,
) -> PyResult<Value> {
    let code = compile_code(vm, source, filename, mode, is_text)?;
    Ok(code_value(vm, Arc::new(code)))
}

/// [`compile`] without making the VM value: the compiler's code object.
pub fn compile_code(
    vm: &mut Vm,
    source: &[u8],
    filename: &str,
    mode: &str,
    is_text: bool,
) -> PyResult<CodeObject> {
    let text = if is_text {
        String::from_utf8_lossy(source).into_owned()
    } else {
        match pyrite_compiler::source::decode_source(source) {
            Ok(t) => t,
            Err(e) => return Err(syntax_error(vm, &e, filename, None)),
        }
    };
    let parsed = match mode {
        "eval" => {
            pyrite_compiler::parser::parse_expression_source(text.trim_start_matches([' ', '\t']))
        }
        _ => pyrite_compiler::parser::parse_module_source(&text).and_then(|m| {
            pyrite_compiler::checks::check_module(&m)?;
            Ok(m)
        }),
    };
    let m = match parsed {
        Ok(m) => m,
        Err(e) => return Err(syntax_error(vm, &e, filename, Some(&text))),
    };
    let options = pyrite_compiler::codegen::CompileOptions {
        optimize: vm.optimize,
        interactive: mode == "single",
    };
    match pyrite_compiler::codegen::compile_module(m, filename, options) {
        Ok(c) => Ok(c),
        Err(e) => Err(syntax_error(vm, &e, filename, Some(&text))),
    }
}

/// Compiles a program's source in "exec" mode, keeping a SyntaxError in the
/// compiler's own form (with the decoded source, when there is one) so the
/// caller can report it exactly as CPython does for a script.
pub fn compile_program(
    vm: &mut Vm,
    source: &[u8],
    filename: &str,
) -> Result<Value, (SyntaxError, Option<String>)> {
    let text = pyrite_compiler::source::decode_source(source).map_err(|e| (e, None))?;
    let m = pyrite_compiler::parser::parse_module_source(&text)
        .and_then(|m| {
            pyrite_compiler::checks::check_module(&m)?;
            Ok(m)
        })
        .map_err(|e| (e, Some(text.clone())))?;
    let options = pyrite_compiler::codegen::CompileOptions {
        optimize: vm.optimize,
        interactive: false,
    };
    let code = pyrite_compiler::codegen::compile_module(m, filename, options)
        .map_err(|e| (e, Some(text.clone())))?;
    Ok(code_value(vm, Arc::new(code)))
}

/// A Python SyntaxError (or IndentationError/TabError) for `e`.
pub fn syntax_error(vm: &mut Vm, e: &SyntaxError, filename: &str, source: Option<&str>) -> PyErr {
    use pyrite_compiler::ErrorKind as K;
    let ty: &'static crate::object::TypeObject = match e.kind {
        K::SyntaxError => &SYNTAX_ERROR_TYPE,
        K::IndentationError => &INDENTATION_ERROR_TYPE,
        K::TabError => &TAB_ERROR_TYPE,
    };
    let line_text = e.text.clone().or_else(|| {
        source.and_then(|s| {
            s.lines()
                .nth(e.lineno.saturating_sub(1) as usize)
                .map(|l| format!("{}\n", l))
        })
    });
    let (off, end_off) = match &line_text {
        Some(l) => {
            let end_line =
                source.and_then(|s| s.lines().nth(e.end_lineno.saturating_sub(1) as usize));
            // Already 1-based character offsets.
            let (a, b) = e.offsets_in_chars(l.trim_end_matches('\n'), end_line);
            (a as i64, b as i64)
        }
        None => (e.col as i64 + 1, e.end_col as i64 + 1),
    };
    let msg = vm.new_str(&e.msg);
    let fname = vm.new_str(filename);
    let text = match &line_text {
        Some(t) => vm.new_str(t),
        None => Value::none(),
    };
    let details = vm.new_tuple(vec![
        fname,
        new_int_i64(e.lineno as i64),
        new_int_i64(off),
        text,
        new_int_i64(e.end_lineno as i64),
        new_int_i64(end_off),
    ]);
    let t = crate::vm::attr::type_value(ty);
    match vm.call(&t, &[msg, details], &[]) {
        Ok(exc) => PyErr(exc),
        Err(err) => err,
    }
}

/// The VM value of a compiled code object (constants converted).
pub fn code_value(vm: &mut Vm, code: Arc<CodeObject>) -> Value {
    let consts: Vec<Value> = code.consts.iter().map(|c| const_value(vm, c)).collect();
    let names: Vec<Value> = code.names.iter().map(|n| vm.intern(n)).collect();
    let varnames: Vec<Value> = code.varnames.iter().map(|n| vm.intern(n)).collect();
    let cell_names: Vec<Value> = code
        .cellvars
        .iter()
        .chain(code.freevars.iter())
        .map(|n| vm.intern(n))
        .collect();
    let nlocalsplus = varnames.len() + cell_names.len();
    let name = vm.intern(&code.name);
    let qualname = vm.new_str(&code.qualname);
    alloc_object(
        &CODE_TYPE,
        CodeData {
            code,
            consts,
            names,
            varnames,
            cell_names,
            nlocalsplus,
            name,
            qualname,
            caches: std::cell::OnceCell::new(),
            quick: std::cell::OnceCell::new(),
        },
    )
}

fn const_value(vm: &mut Vm, c: &Constant) -> Value {
    match c {
        Constant::None => Value::none(),
        Constant::Bool(b) => Value::from_bool(*b),
        Constant::Ellipsis => ellipsis(),
        Constant::Int(i) => match i64::try_from(i) {
            Ok(x) => new_int_i64(x),
            Err(_) => {
                let s = i.to_string();
                new_int(crate::int::parse_int(&s, 10, usize::MAX).unwrap_or(Int::Small(0)))
            }
        },
        Constant::Float(f) => Value::float(*f),
        Constant::Complex { real, imag } => vm.new_complex(*real, *imag),
        Constant::Str(s) => match s.as_str() {
            Some(t) => vm.intern_const(t),
            None => {
                let t: String = s
                    .code_points()
                    .map(|cp| char::from_u32(cp).unwrap_or('\u{FFFD}'))
                    .collect();
                vm.new_str_owned(t)
            }
        },
        Constant::Bytes(b) => vm.new_bytes(b.clone()),
        Constant::Tuple(items) => {
            let v: Vec<Value> = items.iter().map(|c| const_value(vm, c)).collect();
            vm.new_tuple(v)
        }
        Constant::FrozenSet(items) => {
            let s = vm.new_set(true);
            let sd = downcast::<SetData>(&s).unwrap();
            for it in items {
                let v = const_value(vm, it);
                let _ = vm.table_set(&sd.table, v, Value::none());
            }
            s
        }
        Constant::Code(code) => code_value(vm, code.clone()),
    }
}

impl Vm {
    /// String constants: identifiers are interned, other text is not.
    fn intern_const(&mut self, s: &str) -> Value {
        if s.len() <= 32 && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            self.intern(s)
        } else {
            self.new_str(s)
        }
    }
}
