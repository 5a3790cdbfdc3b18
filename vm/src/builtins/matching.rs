//! Structural pattern matching support (`MATCH_MAPPING`,
//! `MATCH_SEQUENCE`, `MATCH_KEYS`, `MATCH_CLASS`).

use crate::object::type_flags;
use crate::objects::*;
use crate::types::*;
use crate::value::Value;
use crate::vm::attr::{as_type, lookup};
use crate::vm::{str_of, PyResult, Vm};

/// `MATCH_MAPPING`: is `v`'s type a mapping kind? CPython tests the type's
/// `Py_TPFLAGS_MAPPING` bit, never `isinstance`: dict and its subclasses,
/// collections.abc.Mapping's subclasses and classes registered with it
/// (the bit is kept by `type_flags::MAPPING`, see `modules/abc.rs`).
pub fn is_mapping(_vm: &mut Vm, v: &Value) -> bool {
    v.type_of().has_flag(type_flags::MAPPING)
}

/// `MATCH_SEQUENCE`: is `v`'s type a sequence kind (`Py_TPFLAGS_SEQUENCE`:
/// list, tuple, range, memoryview, deque, collections.abc.Sequence's
/// subclasses and registered classes; never str, bytes or bytearray)?
pub fn is_sequence(_vm: &mut Vm, v: &Value) -> bool {
    v.type_of().has_flag(type_flags::SEQUENCE)
}

/// `MATCH_KEYS`: a tuple of the values for `keys`, or None.
pub fn match_keys(vm: &mut Vm, subject: &Value, keys: &Value) -> PyResult<Value> {
    let keys = downcast::<TupleData>(keys).unwrap().items.to_vec();
    let mut out = Vec::with_capacity(keys.len());
    for (i, k) in keys.iter().enumerate() {
        for prev in &keys[..i] {
            if vm.eq(prev, k)? {
                let r = vm.repr(k)?;
                return Err(vm.value_error(format!("mapping pattern checks duplicate key ({})", r)));
            }
        }
        let got = if let Some(d) =
            downcast::<DictData>(subject).filter(|_| std::ptr::eq(subject.type_of(), &DICT_TYPE))
        {
            vm.table_get(&d.table, k)?
        } else {
            // `subject.get(key, <marker>)`.
            let marker = crate::vm::new::null();
            let r = vm.call_method(subject, "get", &[k.clone(), marker.clone()])?;
            if crate::vm::new::is_null(&r) {
                None
            } else {
                Some(r)
            }
        };
        match got {
            Some(v) => out.push(v),
            None => return Ok(Value::none()),
        }
    }
    Ok(vm.new_tuple(out))
}

/// `MATCH_CLASS`: the attribute tuple for `case Cls(p..., k=...)` or None.
pub fn match_class(
    vm: &mut Vm,
    subject: &Value,
    cls: &Value,
    nargs: usize,
    names: &Value,
) -> PyResult<Value> {
    let Some(t) = as_type(cls) else {
        return Err(vm.type_error("called match pattern must be a type"));
    };
    if !crate::builtins::module::isinstance(vm, subject, cls)? {
        return Ok(Value::none());
    }
    let mut out = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    if nargs > 0 {
        let self_match = [
            &BOOL_TYPE,
            &BYTEARRAY_TYPE,
            &BYTES_TYPE,
            &DICT_TYPE,
            &FLOAT_TYPE,
            &FROZENSET_TYPE,
            &INT_TYPE,
            &LIST_TYPE,
            &SET_TYPE,
            &STR_TYPE,
            &TUPLE_TYPE,
        ]
        .iter()
        .any(|b| crate::vm::class::is_subtype(t, b));
        let ma = lookup(t, "__match_args__");
        match ma {
            None if self_match => {
                if nargs > 1 {
                    let msg = format!(
                        "{}() accepts 1 positional sub-pattern ({} given)",
                        t.name(),
                        nargs
                    );
                    return Err(vm.type_error(msg));
                }
                out.push(subject.clone());
            }
            _ => {
                let ma = ma.unwrap_or_else(|| vm.new_tuple(vec![]));
                let Some(mt) = downcast::<TupleData>(&ma) else {
                    let msg = format!(
                        "{}.__match_args__ must be a tuple (got {})",
                        t.name(),
                        ma.type_of().name()
                    );
                    return Err(vm.type_error(msg));
                };
                let items = mt.items.to_vec();
                if nargs > items.len() {
                    let msg = format!(
                        "{}() accepts {} positional sub-pattern{} ({} given)",
                        t.name(),
                        items.len(),
                        if items.len() == 1 { "" } else { "s" },
                        nargs
                    );
                    return Err(vm.type_error(msg));
                }
                for n in &items[..nargs] {
                    if downcast::<StrData>(n).is_none() {
                        let msg = format!(
                            "__match_args__ elements must be strings (got {})",
                            n.type_of().name()
                        );
                        return Err(vm.type_error(msg));
                    }
                    let ns = str_of(n).to_string();
                    if seen.contains(&ns) {
                        let msg = format!(
                            "{}() got multiple sub-patterns for attribute '{}'",
                            t.name(),
                            ns
                        );
                        return Err(vm.type_error(msg));
                    }
                    match vm.get_attr_opt(subject, &ns)? {
                        Some(v) => out.push(v),
                        None => return Ok(Value::none()),
                    }
                    seen.push(ns);
                }
            }
        }
    }
    for n in downcast::<TupleData>(names).unwrap().items.to_vec() {
        let ns = str_of(&n).to_string();
        if seen.contains(&ns) {
            let msg = format!(
                "{}() got multiple sub-patterns for attribute '{}'",
                t.name(),
                ns
            );
            return Err(vm.type_error(msg));
        }
        match vm.get_attr_opt(subject, &ns)? {
            Some(v) => out.push(v),
            None => return Ok(Value::none()),
        }
        seen.push(ns);
    }
    Ok(vm.new_tuple(out))
}
