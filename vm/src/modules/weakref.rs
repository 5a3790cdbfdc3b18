//! `_weakref`: weak references (`ref`, `proxy`), with callbacks.
//!
//! A reference holds its referent's address (`weaklist::WeakRefData`),
//! not a count; when the referent is freed its references are cleared and
//! their callbacks run (see `crate::weaklist`). `ref(obj)` without a
//! callback is shared, as in CPython. Proxies forward attribute access,
//! calls and the common special methods to the live referent and raise
//! ReferenceError once it is gone.

use std::cell::{Cell, RefCell};
use std::sync::OnceLock;

use crate::builtins::{add_getsets, add_methods, not_impl};
use crate::object::{alloc_object, TypeObject};
use crate::objects::*;
use crate::types::*;
use crate::value::Value;
use crate::vm::attr::{as_type, type_value};
use crate::vm::new::new_int_i64;
use crate::vm::{Args, PyResult, Vm};
use crate::weaklist::{self, WeakRefData};

use super::typeutil::{new_type, type_addr, type_at};

static REF: OnceLock<usize> = OnceLock::new();
static PROXY: OnceLock<usize> = OnceLock::new();
static CALLABLE_PROXY: OnceLock<usize> = OnceLock::new();

fn ref_type() -> &'static TypeObject {
    type_at(*REF.get_or_init(|| {
        type_addr(new_type::<WeakRefData>("ReferenceType", "weakref", &OBJECT_TYPE, None, false, true))
    }))
}

/// `weakref.ProxyType` and `weakref.CallableProxyType`: the same layout
/// as references (`solid` is the reference type), not subclassable.
fn proxy_type(callable: bool) -> &'static TypeObject {
    let (cell, name) = if callable {
        (&CALLABLE_PROXY, "CallableProxyType")
    } else {
        (&PROXY, "ProxyType")
    };
    type_at(*cell.get_or_init(|| {
        let t = new_type::<WeakRefData>(name, "weakref", &OBJECT_TYPE, Some(ref_type()), false, false);
        t.getattro.set(proxy_getattro);
        t.setattro.set(proxy_setattro);
        if callable {
            t.call.set(proxy_call);
        }
        add_methods(t, PROXY_METHODS);
        crate::modules::typeutil::set_unhashable(t);
        type_addr(t)
    }))
}

// SAFETY: ref_type()'s solid layout is WeakRefData (the proxy types share
// it: their `solid` is ref_type()).
unsafe impl Payload for WeakRefData {
    fn layout() -> &'static TypeObject {
        ref_type()
    }
}

/// May `obj` be weakly referenced? (CPython: types with a weak-list
/// slot; the built-in value types have none.)
fn check_referent(vm: &mut Vm, obj: &Value) -> PyResult<()> {
    let ot = obj.type_of();
    let plain = [
        &OBJECT_TYPE,
        &INT_TYPE,
        &BOOL_TYPE,
        &FLOAT_TYPE,
        &STR_TYPE,
        &BYTES_TYPE,
        &BYTEARRAY_TYPE,
        &TUPLE_TYPE,
        &LIST_TYPE,
        &DICT_TYPE,
        &NONE_TYPE,
        &COMPLEX_TYPE,
        &RANGE_TYPE,
        &SLICE_TYPE,
        &NOT_IMPLEMENTED_TYPE,
        &ELLIPSIS_TYPE,
    ];
    if obj.as_object().is_none() || plain.iter().any(|t| std::ptr::eq(ot, *t)) {
        return Err(vm.type_error(format!("cannot create weak reference to '{}' object", ot.name())));
    }
    Ok(())
}

/// A new weak reference object of type `t` to `obj`.
fn new_ref(t: &TypeObject, obj: &Value, callback: Option<Value>) -> Value {
    let r = alloc_object(
        t,
        WeakRefData {
            target: Cell::new(0),
            callback: RefCell::new(callback),
            hash: Cell::new(None),
        },
    );
    weaklist::register(obj, downcast::<WeakRefData>(&r).unwrap());
    r
}

/// A plain `weakref.ref(obj)` without callback, for native code that
/// must not keep `obj` alive.
pub fn weak_ref(obj: &Value) -> Value {
    new_ref(ref_type(), obj, None)
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
    check_referent(vm, &obj)?;
    let callback = pos.get(1).filter(|c| !c.is_none()).cloned();
    // `ref(obj)` without a callback is shared (CPython reuses it).
    if callback.is_none() && std::ptr::eq(t, ref_type()) {
        for d in weaklist::refs_to(&obj) {
            let owner = weaklist::owner_of(d);
            if std::ptr::eq(owner.type_of(), ref_type()) && d.callback.borrow().is_none() {
                return Ok(owner);
            }
        }
    }
    Ok(new_ref(t, &obj, callback))
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
        return Err(vm.type_error(format!("weakref() takes no arguments ({} given)", a.args.len() - 1)));
    }
    Ok(r.get().unwrap_or_else(Value::none))
}

fn ref_hash(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let r = me(vm, &a)?;
    if let Some(h) = r.hash.get() {
        return Ok(new_int_i64(h));
    }
    let Some(obj) = r.get() else {
        return Err(vm.type_error("weak object has gone away"));
    };
    let h = vm.hash(&obj)?;
    r.hash.set(Some(h));
    Ok(new_int_i64(h))
}

/// `==`/`!=`: the referents' comparison while both live, else identity.
fn ref_cmp(vm: &mut Vm, a: Args, ne: bool) -> PyResult<Value> {
    let x = me(vm, &a)?;
    let Some(y) = downcast::<WeakRefData>(&a.args[1]) else {
        return not_impl();
    };
    let e = match (x.get(), y.get()) {
        (Some(p), Some(q)) => vm.eq(&p, &q)?,
        _ => a.args[0].is(a.args[1].borrow()),
    };
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
    let Some(obj) = r.get() else {
        return Ok(vm.new_str_owned(format!("<weakref at {:#x}; dead>", a.args[0].to_bits())));
    };
    let tn = obj.type_of().name();
    let name = match vm.get_attr_opt(&obj, "__name__") {
        Ok(Some(n)) if downcast::<StrData>(&n).is_some() => Some(vm.repr(&n)?),
        _ => None,
    };
    let head = format!("<weakref at {:#x}; to '{}' at {:#x}", a.args[0].to_bits(), tn, obj.to_bits());
    let s = match name {
        Some(n) => format!("{head} ({n})>"),
        None => format!("{head}>"),
    };
    Ok(vm.new_str_owned(s))
}

fn ref_callback(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    let r = downcast::<WeakRefData>(v).unwrap();
    Ok(r.callback.borrow().clone().unwrap_or_else(Value::none))
}

fn w_getweakrefcount(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("getweakrefcount", &a, 1, 1)?;
    Ok(new_int_i64(weaklist::refs_to(&a.args[0]).len() as i64))
}

fn w_getweakrefs(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("getweakrefs", &a, 1, 1)?;
    let refs = weaklist::refs_to(&a.args[0]).into_iter().map(weaklist::owner_of).collect();
    Ok(vm.new_list(refs))
}

/// `proxy(obj[, callback])`.
fn w_proxy(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("proxy", &a, 1, 2)?;
    let obj = a.args[0].clone();
    check_referent(vm, &obj)?;
    let callback = a.args.get(1).filter(|c| !c.is_none()).cloned();
    let callable = crate::builtins::module::is_callable(&obj);
    Ok(new_ref(proxy_type(callable), &obj, callback))
}

/// `_remove_dead_weakref(dict, key)`: deletes `dict[key]` if it is a dead
/// reference.
fn w_remove_dead(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("_remove_dead_weakref", &a, 2, 2)?;
    let (d, k) = (&a.args[0], &a.args[1]);
    if downcast::<DictData>(d).is_none() {
        return Err(vm.type_error("_remove_dead_weakref() argument 1 must be dict"));
    }
    if let Some(v) = vm.dict_get(d, k)? {
        if downcast::<WeakRefData>(&v).is_some_and(|r| r.get().is_none()) {
            vm.delitem(d, k.clone())?;
        }
    }
    Ok(Value::none())
}

// ---- proxies ----

/// The proxy's live referent, or CPython's ReferenceError.
fn referent(vm: &mut Vm, p: &Value) -> PyResult<Value> {
    match downcast::<WeakRefData>(p).and_then(|d| d.get()) {
        Some(o) => Ok(o),
        None => Err(vm.new_exc(&REFERENCE_ERROR_TYPE, "weakly-referenced object no longer exists")),
    }
}

fn proxy_getattro(vm: &mut Vm, p: &Value, name: &Value) -> PyResult<Value> {
    let o = referent(vm, p)?;
    vm.get_attr(&o, name)
}

fn proxy_setattro(vm: &mut Vm, p: &Value, name: &Value, value: Option<Value>) -> PyResult<()> {
    let o = referent(vm, p)?;
    vm.set_attr(&o, name, value)
}

fn proxy_call(vm: &mut Vm, p: &Value, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let o = referent(vm, p)?;
    vm.call(&o, args, kwnames)
}

/// A proxy's special method: the same special method of the referent
/// (proxies of proxies and other arguments are unwrapped, as CPython).
macro_rules! forward {
    ($($fname:ident => $dunder:literal,)*) => {
        $(
            fn $fname(vm: &mut Vm, a: Args) -> PyResult<Value> {
                let mut args = Vec::with_capacity(a.args.len());
                for x in a.args {
                    let is_proxy = std::ptr::eq(x.type_of(), proxy_type(false))
                        || std::ptr::eq(x.type_of(), proxy_type(true));
                    args.push(if is_proxy { referent(vm, x)? } else { x.clone() });
                }
                let f = vm.get_attr_str(&args[0], $dunder)?;
                vm.call(&f, &args[1..], a.kwnames)
            }
        )*
        const PROXY_METHODS: &[(&str, NativeFn)] = &[$(($dunder, $fname),)*
            ("__repr__", proxy_repr),
        ];
    };
}

forward! {
    proxy_str => "__str__",
    proxy_bool => "__bool__",
    proxy_len => "__len__",
    proxy_iter => "__iter__",
    proxy_next => "__next__",
    proxy_getitem => "__getitem__",
    proxy_setitem => "__setitem__",
    proxy_delitem => "__delitem__",
    proxy_contains => "__contains__",
    proxy_eq => "__eq__",
    proxy_ne => "__ne__",
    proxy_lt => "__lt__",
    proxy_le => "__le__",
    proxy_gt => "__gt__",
    proxy_ge => "__ge__",
    proxy_add => "__add__",
    proxy_sub => "__sub__",
    proxy_mul => "__mul__",
    proxy_truediv => "__truediv__",
    proxy_floordiv => "__floordiv__",
    proxy_mod => "__mod__",
    proxy_neg => "__neg__",
    proxy_index => "__index__",
    proxy_int => "__int__",
    proxy_float => "__float__",
    proxy_reversed => "__reversed__",
    proxy_bytes => "__bytes__",
}

fn proxy_repr(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let p = &a.args[0];
    let o = downcast::<WeakRefData>(p).and_then(|d| d.get());
    let s = match o {
        Some(o) => format!(
            "<weakproxy at {:#x}; to '{}' at {:#x}>",
            p.to_bits(),
            o.type_of().name(),
            o.to_bits()
        ),
        None => format!("<weakproxy at {:#x}; dead>", p.to_bits()),
    };
    Ok(vm.new_str_owned(s))
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
    for (name, callable) in [("ProxyType", false), ("CallableProxyType", true)] {
        let pt = type_value(proxy_type(callable));
        crate::modules::set_attr(vm, &m, name, pt)?;
    }
    Ok(m)
}
