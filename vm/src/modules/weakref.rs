//! `_weakref`, a first, honest approximation.
//!
//! The object model has no weak references yet (no hook runs when an
//! object dies), so a `ref` here holds a **strong** reference: calling it
//! always returns the object, the object lives at least as long as the
//! reference, and callbacks never fire. `proxy(obj)` returns `obj`
//! itself. This is enough for `weakref.py`, `_weakrefset.py`,
//! `_py_abc.py` and `collections.OrderedDict` to import and work, at the
//! cost of keeping weakly referenced objects alive (`WeakValueDictionary`
//! entries are never dropped). `getweakrefcount` is 0 and `getweakrefs`
//! empty because references are not tracked per object.

use std::cell::Cell;
use std::sync::OnceLock;

use crate::builtins::{add_getsets, add_methods, not_impl};
use crate::object::{alloc_object, TypeObject};
use crate::objects::*;
use crate::types::*;
use crate::value::Value;
use crate::vm::attr::{as_type, type_value};
use crate::vm::new::new_int_i64;
use crate::vm::{Args, PyResult, Vm};

use super::typeutil::{new_type, type_addr, type_at};

/// A `weakref.ref`'s payload (a strong reference for now; see the module
/// docs).
pub struct WeakRefData {
    obj: Value,
    callback: Option<Value>,
    hash: Cell<Option<i64>>,
}

static REF: OnceLock<usize> = OnceLock::new();

fn ref_type() -> &'static TypeObject {
    type_at(*REF.get_or_init(|| {
        type_addr(new_type::<WeakRefData>(
            "ReferenceType",
            "weakref",
            &OBJECT_TYPE,
            None,
            false,
            true,
        ))
    }))
}

// SAFETY: ref_type()'s solid layout is WeakRefData.
unsafe impl Payload for WeakRefData {
    fn layout() -> &'static TypeObject {
        ref_type()
    }
}

fn ref_new(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let t = as_type(&a.args[0]).unwrap();
    let pos = &a.pos()[1..];
    if pos.is_empty() || pos.len() > 2 {
        let msg = if pos.is_empty() {
            format!("__new__ expected at least 1 argument, got {}", pos.len())
        } else {
            format!("__new__ expected at most 2 arguments, got {}", pos.len())
        };
        return Err(vm.type_error(msg));
    }
    let obj = pos[0].clone();
    let ot = obj.type_of();
    let plain = [
        &INT_TYPE,
        &BOOL_TYPE,
        &FLOAT_TYPE,
        &STR_TYPE,
        &BYTES_TYPE,
        &TUPLE_TYPE,
        &LIST_TYPE,
        &DICT_TYPE,
        &NONE_TYPE,
        &COMPLEX_TYPE,
    ];
    if obj.is_int() || obj.is_float() || plain.iter().any(|t| std::ptr::eq(ot, *t)) {
        return Err(vm.type_error(format!(
            "cannot create weak reference to '{}' object",
            ot.name()
        )));
    }
    let callback = pos.get(1).filter(|c| !c.is_none()).cloned();
    Ok(alloc_object(
        t,
        WeakRefData {
            obj,
            callback,
            hash: Cell::new(None),
        },
    ))
}

fn ref_init(_vm: &mut Vm, _a: Args) -> PyResult<Value> {
    Ok(Value::none())
}

fn me<'a>(vm: &mut Vm, a: &Args<'a>) -> PyResult<&'a WeakRefData> {
    let args: &'a [Value] = a.args;
    match args.first().and_then(|s| downcast::<WeakRefData>(s)) {
        Some(d) => Ok(d),
        None => Err(vm.type_error("descriptor requires a 'weakref.ReferenceType' object")),
    }
}

fn ref_call(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let r = me(vm, &a)?;
    if a.args.len() > 1 || a.has_kwargs() {
        return Err(vm.type_error(format!(
            "weakref() takes no arguments ({} given)",
            a.args.len() - 1
        )));
    }
    Ok(r.obj.clone())
}

fn ref_hash(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let r = me(vm, &a)?;
    if let Some(h) = r.hash.get() {
        return Ok(new_int_i64(h));
    }
    let h = vm.hash(&r.obj.clone())?;
    r.hash.set(Some(h));
    Ok(new_int_i64(h))
}

fn ref_cmp(vm: &mut Vm, a: Args, ne: bool) -> PyResult<Value> {
    let x = me(vm, &a)?;
    let Some(y) = downcast::<WeakRefData>(&a.args[1]) else {
        return not_impl();
    };
    let (p, q) = (x.obj.clone(), y.obj.clone());
    let e = vm.eq(&p, &q)?;
    Ok(Value::from_bool(e != ne))
}

fn ref_eq(vm: &mut Vm, a: Args) -> PyResult<Value> {
    ref_cmp(vm, a, false)
}

fn ref_ne(vm: &mut Vm, a: Args) -> PyResult<Value> {
    ref_cmp(vm, a, true)
}

fn ref_repr(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let r = me(vm, &a)?;
    let obj = r.obj.clone();
    let tn = obj.type_of().name();
    let name = match vm.get_attr_opt(&obj, "__name__") {
        Ok(Some(n)) if downcast::<StrData>(&n).is_some() => Some(vm.repr(&n)?),
        _ => None,
    };
    let s = match name {
        Some(n) => format!(
            "<weakref at {:#x}; to '{}' at {:#x} ({})>",
            a.args[0].to_bits(),
            tn,
            obj.to_bits(),
            n
        ),
        None => format!(
            "<weakref at {:#x}; to '{}' at {:#x}>",
            a.args[0].to_bits(),
            tn,
            obj.to_bits()
        ),
    };
    Ok(vm.new_str_owned(s))
}

fn ref_callback(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    let r = downcast::<WeakRefData>(v).unwrap();
    Ok(r.callback.clone().unwrap_or_else(Value::none))
}

fn w_getweakrefcount(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("getweakrefcount", &a, 1, 1)?;
    Ok(new_int_i64(0))
}

fn w_getweakrefs(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("getweakrefs", &a, 1, 1)?;
    Ok(vm.new_list(vec![]))
}

/// `proxy(obj[, callback])`: the object itself (see the module docs).
fn w_proxy(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("proxy", &a, 1, 2)?;
    Ok(a.args[0].clone())
}

/// `_remove_dead_weakref(dict, key)`: deletes `dict[key]` if it is a dead
/// reference (never, for now).
fn w_remove_dead(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("_remove_dead_weakref", &a, 2, 2)?;
    Ok(Value::none())
}

static INIT: std::sync::Once = std::sync::Once::new();

pub fn init(vm: &mut Vm) -> PyResult<Value> {
    INIT.call_once(|| {
        let t = ref_type();
        add_methods(
            t,
            &[
                ("__new__", ref_new),
                ("__init__", ref_init),
                ("__call__", ref_call),
                ("__hash__", ref_hash),
                ("__eq__", ref_eq),
                ("__ne__", ref_ne),
                ("__repr__", ref_repr),
            ],
        );
        add_getsets(t, &[("__callback__", ref_callback, None)]);
        crate::builtins::add_classmethods(
            t,
            &[(
                "__class_getitem__",
                crate::builtins::generic_alias::class_getitem,
            )],
        );
    });
    let m = vm.new_module("_weakref")?;
    let fns: &[(&'static str, NativeFn)] = &[
        ("getweakrefcount", w_getweakrefcount),
        ("getweakrefs", w_getweakrefs),
        ("proxy", w_proxy),
        ("_remove_dead_weakref", w_remove_dead),
    ];
    crate::modules::add_functions(vm, &m, "_weakref", fns)?;
    let rt = type_value(ref_type());
    crate::modules::set_attr(vm, &m, "ref", rt.clone())?;
    crate::modules::set_attr(vm, &m, "ReferenceType", rt)?;
    // No proxy objects exist (proxy() returns its argument); the proxy
    // types are placeholders for isinstance checks, which never match.
    for name in ["ProxyType", "CallableProxyType"] {
        let ns = vm.new_dict();
        let mv = vm.new_str("weakref");
        vm.dict_set_str(&ns, "__module__", mv)?;
        let meta = type_value(&TYPE_TYPE);
        let pt = vm.new_class(&meta, name, vec![type_value(&OBJECT_TYPE)], &ns)?;
        crate::modules::set_attr(vm, &m, name, pt)?;
    }
    Ok(m)
}
