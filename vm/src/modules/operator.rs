//! `_operator`: what Lib needs from it natively — `_compare_digest`
//! (hmac, secrets). `operator.py` supplies the rest in Python (its
//! `from _operator import *` finds no other public names here).

use crate::objects::*;
use crate::value::Value;
use crate::vm::{Args, PyResult, Vm};

/// `_compare_digest(a, b)`: equality in time that depends only on the
/// length of `b`, for bytes-like values or ASCII strs.
fn compare_digest(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("_compare_digest", &a, 2, 2)?;
    let (x, y) = (&a.args[0], &a.args[1]);
    let bytes = crate::builtins::strings::bytes_like;
    let (l, r) = match (downcast::<StrData>(x), downcast::<StrData>(y)) {
        (Some(s), Some(t)) => {
            if !s.s.is_ascii() || !t.s.is_ascii() {
                return Err(
                    vm.type_error("comparing strings with non-ASCII characters is not supported")
                );
            }
            (s.s.as_bytes().to_vec(), t.s.as_bytes().to_vec())
        }
        (None, None) => match (bytes(vm, x), bytes(vm, y)) {
            (Ok(l), Ok(r)) => (l, r),
            _ => return Err(unsupported(vm, x, y)),
        },
        _ => return Err(unsupported(vm, x, y)),
    };
    // Every byte of `r` is visited whatever the outcome.
    let mut diff = (l.len() != r.len()) as u8;
    for (i, &c) in r.iter().enumerate() {
        let o = if l.len() == r.len() { l[i] } else { c ^ 0xff };
        diff |= o ^ c;
    }
    Ok(Value::from_bool(diff == 0))
}

fn unsupported(vm: &mut Vm, x: &Value, y: &Value) -> crate::vm::PyErr {
    vm.type_error(format!(
        "unsupported operand types(s) or combination of types: '{}' and '{}'",
        x.type_of().name(),
        y.type_of().name()
    ))
}

pub fn init(vm: &mut Vm) -> PyResult<Value> {
    let m = vm.new_module("_operator")?;
    crate::modules::add_functions(vm, &m, "_operator", &[("_compare_digest", compare_digest)])?;
    let doc = vm.new_str("Operator interface.\n\nThis module exports a set of functions implemented in C corresponding\nto the intrinsic operators of Python.  For example, operator.add(x, y)\nis equivalent to the expression x+y.  The function names are those\nused for special methods; variants without leading and trailing\n'__' are also provided for convenience.");
    crate::modules::set_attr(vm, &m, "__doc__", doc)?;
    Ok(m)
}
