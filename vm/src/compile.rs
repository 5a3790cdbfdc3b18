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
use pyrite_compiler::serialize::Deferred;
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
    built_code(Some(vm), code, &[], None)
}

/// A code value with its body built now (`build_body`).
fn built_code(
    vm: Option<&mut Vm>,
    code: Arc<CodeObject>,
    deferred: &[(usize, std::ops::Range<usize>)],
    lazy: Option<(&'static [u8], &Arc<str>)>,
) -> Value {
    let name = crate::vm::intern_str(&code.name);
    let qualname = new_str_of(&STR_TYPE, code.qualname.as_str().into());
    let body = build_body(vm, code, deferred, lazy);
    alloc_object(&CODE_TYPE, CodeData::built(name, qualname, body))
}

/// Where the body of a lazily read code object comes from: its bytes in
/// the frozen standard library, and the filename it and its enclosing
/// code object have.
pub struct LazyCode {
    bytes: &'static [u8],
    filename: Arc<str>,
}

/// The value of a module's code read from a frozen dump whose nested code
/// objects are left unread (`serialize::load_lazy`): each becomes a code
/// value that reads its own bytes when first used.
pub fn lazy_module_code(vm: &mut Vm, code: CodeObject, deferred: &Deferred, bytes: &'static [u8]) -> Value {
    let filename: Arc<str> = code.filename.as_str().into();
    built_code(Some(vm), Arc::new(code), deferred, Some((bytes, &filename)))
}

/// A code value for the nested code object at `bytes` (read later).
fn lazy_code_value(bytes: &'static [u8], filename: &Arc<str>) -> Value {
    let Some((name, qualname)) = pyrite_compiler::serialize::code_names(bytes) else {
        let name = crate::vm::intern_str("<frozen>");
        return alloc_object(&CODE_TYPE, CodeData::built(name.clone(), name, broken_body()));
    };
    let (name, qualname) = (crate::vm::intern_str(name), new_str_of(&STR_TYPE, qualname.into()));
    let src = LazyCode { bytes, filename: filename.clone() };
    alloc_object(&CODE_TYPE, CodeData::lazy(name, qualname, src))
}

/// Builds a lazily read code object's body (`CodeData::body`).
pub fn build_lazy(src: Option<LazyCode>) -> CodeBody {
    let Some(src) = src else {
        return broken_body();
    };
    // SAFETY: `src.bytes` is the range of a nested code object inside a
    // frozen standard-library dump (codecache::frozen_stdlib), as listed
    // by `load_lazy` when its parent was read.
    let parsed = unsafe { pyrite_compiler::serialize::load_lazy(src.bytes, Some(&src.filename)) };
    match parsed {
        Some((mut code, deferred)) => {
            if *code.filename != *src.filename {
                code.set_filename(&src.filename);
            }
            build_body(None, Arc::new(code), &deferred, Some((src.bytes, &src.filename)))
        }
        None => broken_body(),
    }
}

/// The body of a code object whose bytes could not be read (not possible
/// for the frozen dumps this build wrote, but never a panic): running it
/// raises SystemError.
fn broken_body() -> CodeBody {
    let src = "raise SystemError('a frozen code object could not be read')\n";
    let code = pyrite_compiler::parser::parse_module_source(src)
        .and_then(|m| {
            let options = pyrite_compiler::codegen::CompileOptions { optimize: 0, interactive: false };
            pyrite_compiler::codegen::compile_module(m, "<frozen>", options)
        })
        .expect("a constant source compiles");
    build_body(None, Arc::new(code), &[], None)
}

/// The values of a compiled code object: constants converted (with `vm`
/// when there is one: frozenset members are hashed through it; lazily
/// read code has no frozenset, see `serialize::has_frozenset`), names
/// interned, and the consts at `deferred` made lazy code values over
/// ranges of `lazy`'s bytes.
fn build_body(
    mut vm: Option<&mut Vm>,
    code: Arc<CodeObject>,
    deferred: &[(usize, std::ops::Range<usize>)],
    lazy: Option<(&'static [u8], &Arc<str>)>,
) -> CodeBody {
    let mut consts: Vec<Value> = Vec::with_capacity(code.consts.len());
    let mut next = deferred.iter().peekable();
    for (i, c) in code.consts.iter().enumerate() {
        match (next.peek(), lazy) {
            (Some((j, range)), Some((bytes, filename))) if *j == i => {
                next.next();
                let v = match bytes.get(range.clone()) {
                    Some(b) => lazy_code_value(b, filename),
                    None => Value::none(),
                };
                consts.push(v);
            }
            _ => consts.push(const_value(vm.as_deref_mut(), c)),
        }
    }
    let intern = crate::vm::intern_str;
    let names: Vec<Value> = code.names.iter().map(|n| intern(n)).collect();
    let varnames: Vec<Value> = code.varnames.iter().map(|n| intern(n)).collect();
    let cell_names: Vec<Value> = code
        .cellvars
        .iter()
        .chain(code.freevars.iter())
        .map(|n| intern(n))
        .collect();
    let nlocalsplus = varnames.len() + cell_names.len();
    let deferred = deferred.iter().map(|(i, _)| *i).collect();
    CodeBody {
        code,
        consts,
        names,
        varnames,
        cell_names,
        nlocalsplus,
        deferred,
        caches: std::cell::OnceCell::new(),
        quick: std::cell::OnceCell::new(),
    }
}

fn const_value(mut vm: Option<&mut Vm>, c: &Constant) -> Value {
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
        Constant::Complex { real, imag } => {
            alloc_object(&COMPLEX_TYPE, ComplexData { re: *real, im: *imag })
        }
        Constant::Str(s) => match s.as_str() {
            Some(t) => intern_const(t),
            None => {
                let t: String = s
                    .code_points()
                    .map(|cp| char::from_u32(cp).unwrap_or('\u{FFFD}'))
                    .collect();
                new_str_of(&STR_TYPE, t.into_boxed_str())
            }
        },
        Constant::Bytes(b) => alloc_object(
            &BYTES_TYPE,
            BytesData {
                b: b.clone().into_boxed_slice(),
                hash: std::cell::Cell::new(-1),
            },
        ),
        Constant::Tuple(items) => {
            let v: Vec<Value> = items.iter().map(|c| const_value(vm.as_deref_mut(), c)).collect();
            new_tuple(v)
        }
        Constant::FrozenSet(items) => {
            let s = alloc_object(
                &FROZENSET_TYPE,
                SetData {
                    table: std::cell::RefCell::new(crate::settable::SetTable::new()),
                },
            );
            // Without an interpreter (lazily read code, which the writer
            // keeps free of frozensets) the set stays empty.
            if let Some(vm) = vm {
                let sd = downcast::<SetData>(&s).unwrap();
                for it in items {
                    let v = const_value(Some(&mut *vm), it);
                    let _ = vm.table_set(&sd.table, v, Value::none());
                }
            }
            s
        }
        Constant::Code(code) => built_code(vm, code.clone(), &[], None),
    }
}

/// String constants: identifiers are interned, other text is not.
fn intern_const(s: &str) -> Value {
    if s.len() <= 32 && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        crate::vm::intern_str(s)
    } else {
        new_str_of(&STR_TYPE, s.into())
    }
}
