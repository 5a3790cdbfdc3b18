//! `_opcode`, over Pyrite's instruction table (compiler/src/opcode.rs):
//! CPython's `stack_effect` and `get_specialization_stats`, plus what
//! Pyrite's `dis` (dis.py) reads — the table itself and a code object's
//! instructions with their whole arguments (`co_code` keeps only the low
//! byte of each, as an 8-bit field must).

use crate::objects::*;
use crate::value::Value;
use crate::vm::new::new_int_i64;
use crate::vm::{Args, PyResult, Vm};
use pyrite_compiler::opcode::{ArgKind, Op};

pub fn init(vm: &mut Vm) -> PyResult<Value> {
    let m = vm.new_module("_opcode")?;
    let fns: &[(&'static str, NativeFn)] = &[
        ("stack_effect", stack_effect),
        ("get_specialization_stats", get_specialization_stats),
        ("_pyrite_opcodes", pyrite_opcodes),
        ("_pyrite_instructions", pyrite_instructions),
    ];
    crate::modules::add_functions(vm, &m, "_opcode", fns)?;
    Ok(m)
}

/// The instructions a code object can hold (not the compiler's pseudo
/// instructions nor the VM's fused pairs), by number.
fn real_op(n: i64) -> Option<Op> {
    let op = *Op::ALL.get(usize::try_from(n).ok()?)?;
    (!op.is_pseudo() && !op.is_fused()).then_some(op)
}

/// `stack_effect(opcode, oparg=None, /, *, jump=None)`: the change in
/// stack depth; with `jump` None, the larger of the two paths.
fn stack_effect(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let b = crate::builtins::bind(vm, &a, "stack_effect", &["opcode", "oparg", "jump"], false)?;
    if a.pos().len() > 2 {
        return Err(vm.type_error(format!(
            "stack_effect() takes at most 2 positional arguments ({} given)",
            a.pos().len()
        )));
    }
    let invalid = |vm: &mut Vm| vm.value_error("invalid opcode or oparg");
    let Some(opcode) = b[0] else {
        return Err(vm.type_error("stack_effect() missing required argument 'opcode' (pos 1)"));
    };
    let n = vm.index_i64(opcode)?;
    let given = b[1].is_some_and(|v| !v.is_none());
    let requires = "stack_effect: opcode requires oparg but oparg was not specified";
    let permits_not = "stack_effect: opcode does not permit oparg but oparg was specified";
    let Some(op) = real_op(n) else {
        // CPython decides whether an unknown opcode takes an argument by
        // its number (HAVE_ARGUMENT = 90) before finding it unknown.
        return Err(match (n >= 90, given) {
            (true, false) => vm.value_error(requires),
            (false, true) => vm.value_error(permits_not),
            _ => invalid(vm),
        });
    };
    let takes_arg = op.arg_kind() != ArgKind::None;
    let arg = match b[1] {
        Some(v) if !v.is_none() => {
            if !takes_arg {
                return Err(vm.value_error(permits_not));
            }
            let x = vm.index_i64(v)?;
            u32::try_from(x).map_err(|_| invalid(vm))?
        }
        _ => {
            if takes_arg {
                return Err(vm.value_error(requires));
            }
            0
        }
    };
    let effect = match b[2] {
        Some(j) if !j.is_none() => op.stack_effect(arg, vm.truthy(j)?),
        _ => op.stack_effect(arg, false).max(op.stack_effect(arg, true)),
    };
    Ok(new_int_i64(effect as i64))
}

/// None: this build keeps no specialisation statistics (as a CPython
/// built without `Py_STATS`).
fn get_specialization_stats(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("get_specialization_stats", &a, 0, 0)?;
    Ok(Value::none())
}

fn kind_name(k: ArgKind) -> &'static str {
    match k {
        ArgKind::None => "none",
        ArgKind::Const => "const",
        ArgKind::Name => "name",
        ArgKind::Global => "global",
        ArgKind::Local => "local",
        ArgKind::Cell => "cell",
        ArgKind::Jump => "jump",
        ArgKind::Int => "int",
    }
}

/// `[(name, argument kind), ...]` indexed by opcode number.
fn pyrite_opcodes(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("_pyrite_opcodes", &a, 0, 0)?;
    let rows: Vec<Value> = Op::ALL
        .iter()
        .map(|op| {
            let name = vm.new_str(op.name());
            let kind = vm.new_str(kind_name(op.arg_kind()));
            vm.new_tuple(vec![name, kind])
        })
        .collect();
    Ok(vm.new_list(rows))
}

/// `[(opcode, arg), ...]` of a code object, arguments whole.
fn pyrite_instructions(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("_pyrite_instructions", &a, 1, 1)?;
    let Some(cd) = downcast::<CodeData>(&a.args[0]) else {
        return Err(vm.type_error(format!(
            "_pyrite_instructions() argument must be code, not {}",
            a.args[0].type_of().name()
        )));
    };
    let rows: Vec<Value> = cd
        .code
        .instructions
        .iter()
        .map(|i| vm.new_tuple(vec![new_int_i64(i.op as i64), new_int_i64(i.arg as i64)]))
        .collect();
    Ok(vm.new_list(rows))
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

/// `dis`: Pyrite's disassembler (dis.py), in place of Lib's.
pub fn init_dis(vm: &mut Vm) -> PyResult<Value> {
    crate::modules::python_module(vm, "dis", DIS_SOURCE)
}

const DIS_SOURCE: &str = include_str!("dis.py");
