//! `_opcode`, over Pyrite's instruction table (compiler/src/opcode.rs):
//! CPython's `stack_effect` and `get_specialization_stats`, plus what
//! Pyrite's `opcode` and `dis` (opcode.py, dis.py) read — the table itself
//! and a code object's instructions with their whole arguments (`co_code`
//! keeps only the low byte of each, as an 8-bit field must) and what each
//! argument means, described by the same code as `pyrite --dis`.
//!
//! Also `_typing`, and the `opcode` and `dis` modules themselves (Python
//! bodies frozen at build time, in place of Lib's, which describe
//! CPython's instructions).

use crate::objects::*;
use crate::value::Value;
use crate::vm::new::new_int_i64;
use crate::vm::{str_of, Args, PyResult, Vm};
use pyrite_compiler::opcode::{self as table, Op};

pub fn init(vm: &mut Vm) -> PyResult<Value> {
    let m = vm.new_module("_opcode")?;
    let fns: &[(&'static str, NativeFn)] = &[
        ("stack_effect", stack_effect),
        ("get_specialization_stats", get_specialization_stats),
        ("_pyrite_opcodes", pyrite_opcodes),
        ("_pyrite_tables", pyrite_tables),
        ("_pyrite_instructions", pyrite_instructions),
        ("_pyrite_describe", pyrite_describe),
        ("_pyrite_row", pyrite_row),
    ];
    crate::modules::add_functions(vm, &m, "_opcode", fns)?;
    let doc = vm.new_str("Opcode support module.");
    crate::modules::set_attr(vm, &m, "__doc__", doc)?;
    Ok(m)
}

/// The instruction numbered `n` if a code object can hold it (not the
/// compiler's pseudo-instructions nor the VM's fused pairs).
fn real_op(n: i64) -> Option<Op> {
    Op::from_number(usize::try_from(n).ok()?).filter(|op| op.is_real())
}

/// The opcode as CPython's C `int` parameter takes it.
fn opcode_arg(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    let n = vm.index(v)?;
    match n.to_i64() {
        Some(x) if i32::try_from(x).is_ok() => Ok(x),
        _ => Err(vm.overflow_error("Python int too large to convert to C int")),
    }
}

/// An instruction argument as CPython's C `long` parameter takes it; the
/// low 32 bits are what an instruction holds.
fn oparg_arg(vm: &mut Vm, v: &Value) -> PyResult<u32> {
    let n = vm.index(v)?;
    match n.to_i64() {
        Some(x) => Ok(x as u32),
        None => Err(vm.overflow_error("Python int too large to convert to C long")),
    }
}

/// `stack_effect(opcode, oparg=None, /, *, jump=None)`: the change in
/// stack depth; with `jump` None, the larger of the two paths.
fn stack_effect(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let pos = a.pos();
    if pos.is_empty() {
        return Err(vm.type_error("stack_effect() takes at least 1 positional argument (0 given)"));
    }
    if pos.len() > 2 {
        return Err(vm.type_error(format!(
            "stack_effect() takes at most 2 positional arguments ({} given)",
            pos.len()
        )));
    }
    let mut jump = None;
    for (k, v) in a.kwargs() {
        if k != "jump" {
            return Err(vm.type_error(format!("'{}' is an invalid keyword argument for stack_effect()", k)));
        }
        jump = Some(v);
    }
    let jump = match jump.filter(|j| !j.is_none()).map(|j| j.as_bool()) {
        None => None,
        Some(Some(b)) => Some(b),
        Some(None) => return Err(vm.value_error("stack_effect: jump must be False, True or None")),
    };
    let n = opcode_arg(vm, &pos[0])?;
    let oparg = pos.get(1).filter(|v| !v.is_none());
    let requires = "stack_effect: opcode requires oparg but oparg was not specified";
    let permits_not = "stack_effect: opcode does not permit oparg but oparg was specified";
    // As CPython: whether an instruction takes an argument goes by its
    // number (HAVE_ARGUMENT) before anything else, known or not.
    let takes_arg = n >= table::HAVE_ARGUMENT as i64;
    let arg = match (oparg, takes_arg) {
        (Some(v), true) => oparg_arg(vm, v)?,
        (None, false) => 0,
        (Some(_), false) => return Err(vm.value_error(permits_not)),
        (None, true) => return Err(vm.value_error(requires)),
    };
    let Some(op) = real_op(n) else {
        return Err(vm.value_error("invalid opcode or oparg"));
    };
    let effect = match jump {
        Some(j) => op.stack_effect(arg, j),
        None => op.stack_effect(arg, false).max(op.stack_effect(arg, true)),
    };
    Ok(new_int_i64(effect as i64))
}

/// None: this build keeps no specialisation statistics (as a CPython
/// built without `Py_STATS`).
fn get_specialization_stats(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("get_specialization_stats", &a, 0, 0)?;
    Ok(Value::none())
}

/// `[(name, argument kind, role, unfused name or None), ...]` indexed by
/// opcode number; the role is "real", "pseudo" or "fused".
fn pyrite_opcodes(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("_pyrite_opcodes", &a, 0, 0)?;
    let rows: Vec<Value> = Op::ALL
        .iter()
        .map(|op| {
            let role = if op.is_real() {
                "real"
            } else if op.is_fused() {
                "fused"
            } else {
                "pseudo"
            };
            let base = match op.unfused() {
                Some(b) => vm.new_str(b.name()),
                None => Value::none(),
            };
            let row = vec![
                vm.new_str(op.name()),
                vm.new_str(op.arg_kind().name()),
                vm.new_str(role),
                base,
            ];
            vm.new_tuple(row)
        })
        .collect();
    Ok(vm.new_list(rows))
}

/// `(HAVE_ARGUMENT, comparison operators, [(NB_ name, operator), ...])`.
fn pyrite_tables(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("_pyrite_tables", &a, 0, 0)?;
    let cmp: Vec<Value> = table::COMPARE_OPS.iter().map(|s| vm.new_str(s)).collect();
    let cmp = vm.new_tuple(cmp);
    let nb: Vec<Value> = table::BINARY_OP_NAMES
        .iter()
        .zip(table::BINARY_OPS)
        .map(|(n, s)| {
            let pair = vec![vm.new_str(n), vm.new_str(s)];
            vm.new_tuple(pair)
        })
        .collect();
    let nb = vm.new_list(nb);
    Ok(vm.new_tuple(vec![new_int_i64(table::HAVE_ARGUMENT as i64), cmp, nb]))
}

/// `_pyrite_instructions(code, adaptive=False)`: `[(opcode, arg,
/// argrepr), ...]`, arguments whole, `argrepr` what the argument means as
/// `dis` shows it (the `repr` of a constant). With `adaptive`, the
/// instructions the eval loop runs (fused pairs in place of their first
/// instruction) once the code has run.
fn pyrite_instructions(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("_pyrite_instructions", &a, 1, 2)?;
    let Some(cd) = downcast::<CodeData>(&a.args[0]) else {
        return Err(vm.type_error(format!(
            "_pyrite_instructions() argument must be code, not {}",
            a.args[0].type_of().name()
        )));
    };
    let adaptive = match a.args.get(1) {
        Some(v) => vm.truthy(v)?,
        None => false,
    };
    let code = cd.code.clone();
    let consts = cd.consts.clone();
    let quick: Option<Vec<_>> = if adaptive { cd.quick.get().map(|q| q.to_vec()) } else { None };
    // The constants' reprs first: repr() runs Python code, the
    // description does not.
    let mut reprs: Vec<Option<String>> = vec![None; consts.len()];
    for ins in &code.instructions {
        if ins.op.arg_kind() == table::ArgKind::Const {
            let i = ins.arg as usize;
            if let (Some(c), Some(slot)) = (consts.get(i), reprs.get(i)) {
                if slot.is_none() {
                    let r = vm.repr(c)?;
                    reprs[i] = Some(r);
                }
            }
        }
    }
    let const_repr = |i: usize| reprs.get(i).cloned().flatten();
    let mut rows = Vec::with_capacity(code.instructions.len());
    for (i, ins) in code.instructions.iter().enumerate() {
        let shown = quick.as_ref().map_or(ins.op, |q| q[i].op);
        let argrepr = vm.new_str_owned(code.arg_repr(i, &const_repr));
        rows.push(vm.new_tuple(vec![
            new_int_i64(shown as i64),
            new_int_i64(ins.arg as i64),
            argrepr,
        ]));
    }
    Ok(vm.new_list(rows))
}

/// `_pyrite_describe(opcode, arg)`: what a number argument means (the
/// operator of BINARY_OP...), for bytes with no code object around them.
fn pyrite_describe(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("_pyrite_describe", &a, 2, 2)?;
    let n = vm.index_i64(&a.args[0])?;
    let arg = oparg_arg(vm, &a.args[1])?;
    let text = match Op::from_number(usize::try_from(n).unwrap_or(usize::MAX)) {
        Some(op) if op.arg_kind() == table::ArgKind::Int => table::describe_int_arg(op, arg),
        _ => String::new(),
    };
    Ok(vm.new_str_owned(text))
}

/// `_pyrite_row(line, lineno_width, current, target, offset,
/// offset_width, opname, arg, argrepr)`: one row of a listing, laid out
/// by the code `pyrite --dis` uses (`ListingRow`); `line`, `offset` and
/// `arg` are text, `arg` None for an instruction without one.
fn pyrite_row(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("_pyrite_row", &a, 9, 9)?;
    let text = |vm: &mut Vm, v: &Value| -> PyResult<String> {
        match downcast::<StrData>(v) {
            Some(_) => Ok(str_of(v).to_string()),
            None => Err(vm.type_error(format!(
                "_pyrite_row() expects str, not {}",
                v.type_of().name()
            ))),
        }
    };
    let width = |vm: &mut Vm, v: &Value| -> PyResult<usize> {
        // Bounded: a width is a column count, not an allocation request.
        Ok(vm.index_i64(v)?.clamp(0, 255) as usize)
    };
    let line = text(vm, &a.args[0])?;
    let lineno_width = width(vm, &a.args[1])?;
    let current = vm.truthy(&a.args[2])?;
    let target = vm.truthy(&a.args[3])?;
    let offset = text(vm, &a.args[4])?;
    let offset_width = width(vm, &a.args[5])?;
    let name = text(vm, &a.args[6])?;
    let arg = if a.args[7].is_none() { None } else { Some(text(vm, &a.args[7])?) };
    let argrepr = text(vm, &a.args[8])?;
    let row = pyrite_compiler::code::ListingRow {
        line: &line,
        lineno_width,
        current,
        target,
        offset: &offset,
        offset_width,
        name: &name,
        arg: arg.as_deref().map(|a| (a, argrepr.as_str())),
    }
    .render();
    Ok(vm.new_str_owned(row))
}

/// `_typing`: the one helper CPython 3.11 implements in C for Lib's
/// `typing` (the identity function `NewType` instances call).
pub fn init_typing(vm: &mut Vm) -> PyResult<Value> {
    let m = vm.new_module("_typing")?;
    let fns: &[(&'static str, NativeFn)] = &[("_idfunc", idfunc)];
    crate::modules::add_functions(vm, &m, "_typing", fns)?;
    Ok(m)
}

/// `_idfunc(x)`: x. A built-in function, so as `NewType.__call__` it is
/// not bound to the instance.
fn idfunc(vm: &mut Vm, a: Args) -> PyResult<Value> {
    if !a.kwnames.is_empty() {
        return Err(vm.type_error("_typing._idfunc() takes no keyword arguments"));
    }
    if a.args.len() != 1 {
        return Err(vm.type_error(format!(
            "_typing._idfunc() takes exactly one argument ({} given)",
            a.args.len()
        )));
    }
    Ok(a.args[0].clone())
}

/// `opcode`: Pyrite's instruction set with the API of CPython's Lib
/// opcode.py (opname, opmap, has* lists, HAVE_ARGUMENT, stack_effect).
pub fn init_opcode(vm: &mut Vm) -> PyResult<Value> {
    crate::modules::python_module(vm, "opcode", OPCODE_SOURCE)
}

/// `dis`: Pyrite's disassembler (dis.py), in place of Lib's.
pub fn init_dis(vm: &mut Vm) -> PyResult<Value> {
    crate::modules::python_module(vm, "dis", DIS_SOURCE)
}

pub const OPCODE_SOURCE: &str = include_str!("opcode.py");
pub const DIS_SOURCE: &str = include_str!("dis.py");
