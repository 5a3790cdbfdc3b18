//! `str.format` and `str.format_map` (`Objects/stringlib/unicode_format.h`):
//! the parsing is `crate::strops::fmtparse`; this file resolves the fields
//! (positional index, keyword name, `.attr` and `[key]` accessors), applies
//! the `!r`/`!s`/`!a` conversion, expands nested format specs (recursion
//! depth 2, "Max string recursion exceeded") and calls `format()`.

use super::strings::{ascii_escape, strop_err};
use crate::strops::{
    check_conversion, split_field_name, AutoNumber, FieldAccessor, FieldFirst, FormatParser,
};
use crate::value::Value;
use crate::vm::new::new_int_i64;
use crate::vm::{str_of, PyResult, Vm};

/// The keyword arguments of a `format` call: the `**kwargs` of
/// `str.format`, or the mapping of `str.format_map`.
pub enum Kw {
    List(Vec<(String, Value)>),
    Mapping(Value),
}

/// `fmt.format(*pos, **kw)` / `fmt.format_map(mapping)`.
pub fn format(vm: &mut Vm, fmt: &str, pos: &[Value], kw: &Kw) -> PyResult<String> {
    let mut auto = AutoNumber::new();
    let mut out = String::with_capacity(fmt.len() + 16);
    build_string(vm, fmt, pos, kw, 2, &mut auto, &mut out)?;
    Ok(out)
}

/// `build_string` + `output_markup` for one (possibly nested) format string.
fn build_string(
    vm: &mut Vm,
    fmt: &str,
    pos: &[Value],
    kw: &Kw,
    depth: i32,
    auto: &mut AutoNumber,
    out: &mut String,
) -> PyResult<()> {
    if depth <= 0 {
        return Err(vm.value_error("Max string recursion exceeded"));
    }
    for item in FormatParser::new(fmt) {
        let item = item.map_err(|e| strop_err(vm, e))?;
        out.push_str(item.literal);
        let Some(field) = item.field else { continue };
        let obj = get_field_object(vm, field.name, pos, kw, auto)?;
        let obj = match field.conversion {
            None => obj,
            Some(c) => {
                let c = check_conversion(c).map_err(|e| strop_err(vm, e))?;
                match c {
                    'r' => vm.repr_value(&obj)?,
                    's' => vm.to_str(&obj)?,
                    _ => {
                        let r = vm.repr(&obj)?;
                        vm.new_str_owned(ascii_escape(&r))
                    }
                }
            }
        };
        let spec = if field.spec_needs_expanding {
            let mut s = String::new();
            build_string(vm, field.spec, pos, kw, depth - 1, auto, &mut s)?;
            vm.new_str_owned(s)
        } else {
            vm.new_str(field.spec)
        };
        let r = vm.format(&obj, &spec)?;
        out.push_str(str_of(&r));
    }
    Ok(())
}

/// `get_field_object`: the first part of the field name looked up in the
/// positional or keyword arguments, then each accessor applied.
fn get_field_object(
    vm: &mut Vm,
    name: &str,
    pos: &[Value],
    kw: &Kw,
    auto: &mut AutoNumber,
) -> PyResult<Value> {
    let (first, rest) = split_field_name(name).map_err(|e| strop_err(vm, e))?;
    let first = auto.resolve(first).map_err(|e| strop_err(vm, e))?;
    let mut obj = match first {
        FieldFirst::Index(_) if matches!(kw, Kw::Mapping(_)) => {
            // format_map has no positional arguments at all.
            return Err(vm.value_error("Format string contains positional fields"));
        }
        FieldFirst::Index(i) => match pos.get(i) {
            Some(v) => v.clone(),
            None => {
                return Err(vm.index_error(format!(
                    "Replacement index {} out of range for positional args tuple",
                    i
                )));
            }
        },
        FieldFirst::Name(n) => match kw {
            Kw::List(items) => match items.iter().find(|(k, _)| k == n) {
                Some((_, v)) => v.clone(),
                None => {
                    let k = vm.new_str(n);
                    return Err(vm.key_error(k));
                }
            },
            Kw::Mapping(m) => {
                let k = vm.new_str(n);
                vm.getitem(m, &k)?
            }
        },
    };
    for acc in rest {
        let acc = acc.map_err(|e| strop_err(vm, e))?;
        obj = match acc {
            FieldAccessor::Attr(a) => vm.get_attr_str(&obj, a)?,
            FieldAccessor::Index(i) => {
                let k = new_int_i64(i as i64);
                vm.getitem(&obj, &k)?
            }
            FieldAccessor::Key(k) => {
                let k = vm.new_str(k);
                vm.getitem(&obj, &k)?
            }
        };
    }
    Ok(obj)
}
