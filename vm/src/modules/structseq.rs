//! Struct sequences (CPython's `PyStructSequence`): tuples whose items
//! are also named attributes, with CPython's repr —
//! `sys.flags(debug=0, inspect=0, ...)`. Used by `sys` for `flags`,
//! `version_info`, `float_info`, `int_info`, `hash_info`, `thread_info`.

use crate::builtins::set_type_attr;
use crate::object::{alloc_object, TypeObject};
use crate::objects::*;
use crate::types::*;
use crate::value::Value;
use crate::vm::new::new_int_i64;
use crate::vm::{str_of, Args, PyResult, Vm};

/// A new struct-sequence type `module.name` with these fields.
pub fn new_type(
    vm: &mut Vm,
    name: &'static str,
    module: &str,
    fields: &[&str],
) -> &'static TypeObject {
    let t = super::typeutil::new_type::<TupleData>(
        name,
        module,
        &TUPLE_TYPE,
        Some(&TUPLE_TYPE),
        false,
        false,
    );
    for (i, f) in fields.iter().enumerate() {
        let fget = field_getter(vm, i);
        let p = alloc_object(
            &PROPERTY_TYPE,
            PropertyData {
                fget: Some(fget),
                fset: None,
                fdel: None,
                doc: std::cell::RefCell::new(None),
                name: std::cell::RefCell::new(None),
            },
        );
        set_type_attr(t, f, p);
    }
    let names: Vec<Value> = fields.iter().map(|f| vm.new_str(f)).collect();
    let n = fields.len() as i64;
    set_type_attr(t, "n_sequence_fields", new_int_i64(n));
    set_type_attr(t, "n_fields", new_int_i64(n));
    set_type_attr(t, "n_unnamed_fields", new_int_i64(0));
    let ma = vm.new_tuple(names);
    set_type_attr(t, "__match_args__", ma);
    let r = vm.new_method_descr(t, "__repr__", repr);
    set_type_attr(t, "__repr__", r);
    t
}

/// A native `fget` for item `i` of a tuple (or tuple subclass):
/// `field` bound to the index.
pub fn field_getter(vm: &mut Vm, i: usize) -> Value {
    let getter = BuiltinFnData {
        name: "structseq_field",
        f: field,
        self_: None,
        owner: None,
        module: None,
        doc: None,
        arity: crate::objects::ANY_ARITY,
    };
    vm.new_bound_native(&getter, new_int_i64(i as i64))
}

/// `posix._structseq_field(i)`: [`field_getter`] for posix.py's
/// struct-sequence classes.
pub fn field_getter_fn(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("_structseq_field", &a, 1, 1)?;
    let i = vm.index_i64(&a.args[0])?;
    Ok(field_getter(vm, i.max(0) as usize))
}

/// Makes `t` one that Python code cannot instantiate (`sys.flags`,
/// `sys.version_info`): calling it or its `__new__` raises TypeError.
pub fn forbid_new(t: &'static TypeObject) {
    crate::builtins::add_methods(t, &[("__new__", no_new)]);
}

fn no_new(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let name = match a.args.first().and_then(crate::vm::attr::as_type) {
        Some(t) => {
            let r = crate::builtins::object::type_repr(t);
            r.trim_start_matches("<class '").trim_end_matches("'>").to_string()
        }
        None => "structseq".to_string(),
    };
    Err(vm.type_error(format!("cannot create '{}' instances", name)))
}

/// An instance of struct-sequence type `t`.
pub fn new(t: &'static TypeObject, items: Vec<Value>) -> Value {
    alloc_object(
        t,
        TupleData {
            items: items.into(),
        },
    )
}

/// The property getter: `(index, obj)` → `obj[index]`.
fn field(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    let i = a.args[0].as_i64().unwrap_or(0) as usize;
    match a.args.get(1).and_then(downcast::<TupleData>) {
        Some(t) if i < t.items.len() => Ok(t.items[i].clone()),
        _ => Ok(Value::none()),
    }
}

/// `sys.flags(debug=0, ...)`.
fn repr(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let o = &a.args[0];
    let t = o.type_of();
    let module = crate::vm::attr::type_dict_get(t, "__module__")
        .map(|m| str_of(&m).to_string())
        .unwrap_or_default();
    let names = crate::vm::attr::lookup(t, "__match_args__")
        .and_then(|m| downcast::<TupleData>(&m).map(|t| t.items.to_vec()))
        .unwrap_or_default();
    let items = downcast::<TupleData>(o)
        .map(|t| t.items.to_vec())
        .unwrap_or_default();
    let mut s = format!("{}.{}(", module, t.name());
    for (i, (k, v)) in names.iter().zip(items.iter()).enumerate() {
        if i > 0 {
            s.push_str(", ");
        }
        s.push_str(str_of(k));
        s.push('=');
        s.push_str(&vm.repr(v)?);
    }
    s.push(')');
    Ok(vm.new_str_owned(s))
}
