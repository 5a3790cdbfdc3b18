//! `_string`: the parsing behind Lib's `string.Formatter`, on the same
//! parser as `str.format` (`crate::strops`).

use crate::strops::{split_field_name, FieldAccessor, FieldFirst, FormatParser};
use crate::value::Value;
use crate::vm::new::new_int_i64;
use crate::vm::{str_of, Args, PyResult, Vm};

pub fn init(vm: &mut Vm) -> PyResult<Value> {
    let m = vm.new_module("_string")?;
    crate::modules::add_functions(
        vm,
        &m,
        "_string",
        &[
            ("formatter_parser", formatter_parser),
            ("formatter_field_name_split", formatter_field_name_split),
        ],
    )?;
    Ok(m)
}

/// `(literal, field_name, format_spec, conversion)` tuples, as an iterator.
fn formatter_parser(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("formatter_parser", &a, 1, 1)?;
    let s = str_of(&a.args[0]).to_string();
    let mut out = Vec::new();
    for item in FormatParser::new(&s) {
        let item = item.map_err(|e| crate::builtins::strings::strop_err(vm, e))?;
        let lit = vm.new_str(item.literal);
        let t = match item.field {
            None => vec![lit, Value::none(), Value::none(), Value::none()],
            Some(f) => {
                let conv = match f.conversion {
                    Some(c) => vm.new_str_owned(c.to_string()),
                    None => Value::none(),
                };
                let name = vm.new_str(f.name);
                let spec = vm.new_str(f.spec);
                vec![lit, name, spec, conv]
            }
        };
        out.push(vm.new_tuple(t));
    }
    let l = vm.new_list(out);
    vm.iter(&l)
}

/// `(first, iterator of (is_attribute, key))` for a field name.
fn formatter_field_name_split(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("formatter_field_name_split", &a, 1, 1)?;
    let s = str_of(&a.args[0]).to_string();
    let (first, rest) =
        split_field_name(&s).map_err(|e| crate::builtins::strings::strop_err(vm, e))?;
    let first = match first {
        FieldFirst::Index(i) => new_int_i64(i as i64),
        FieldFirst::Name(n) => vm.new_str(n),
    };
    let mut parts = Vec::new();
    for acc in rest {
        let acc = acc.map_err(|e| crate::builtins::strings::strop_err(vm, e))?;
        let t = match acc {
            FieldAccessor::Attr(n) => vec![Value::from_bool(true), vm.new_str(n)],
            FieldAccessor::Index(i) => vec![Value::from_bool(false), new_int_i64(i as i64)],
            FieldAccessor::Key(k) => vec![Value::from_bool(false), vm.new_str(k)],
        };
        parts.push(vm.new_tuple(t));
    }
    let l = vm.new_list(parts);
    let it = vm.iter(&l)?;
    Ok(vm.new_tuple(vec![first, it]))
}
