//! `dict` (with `__missing__` and `defaultdict` support), its views, and
//! `set`/`frozenset`.

use super::{add_classmethods, add_methods, not_impl};
use crate::dict::DictTable;
use crate::object::alloc_object;
use crate::objects::*;
use crate::types::*;
use crate::value::Value;
use crate::vm::attr::as_type;
use crate::vm::new::*;
use crate::vm::{Args, PyResult, Vm};
use std::cell::RefCell;

pub fn init() {
    add_methods(
        &DICT_TYPE,
        &[
            ("__new__", dict_new),
            ("__init__", dict_init),
            ("__repr__", dict_repr),
            ("__len__", dict_len),
            ("__getitem__", dict_getitem),
            ("__setitem__", dict_setitem),
            ("__delitem__", dict_delitem),
            ("__contains__", dict_contains),
            ("__iter__", dict_iter),
            ("__reversed__", dict_reversed),
            ("__eq__", dict_eq),
            ("__ne__", dict_ne),
            ("__or__", dict_or),
            ("__ior__", dict_ior),
            ("get", dict_get),
            ("setdefault", dict_setdefault),
            ("pop", dict_pop),
            ("popitem", dict_popitem),
            ("keys", dict_keys),
            ("values", dict_values),
            ("items", dict_items),
            ("update", dict_update),
            ("clear", dict_clear),
            ("copy", dict_copy),
        ],
    );
    crate::builtins::set_type_attr(&DICT_TYPE, "__hash__", Value::none());
    add_classmethods(
        &DICT_TYPE,
        &[
            ("fromkeys", dict_fromkeys),
            ("__class_getitem__", super::generic_alias::class_getitem),
        ],
    );
    for t in [&DICT_KEYS_TYPE, &DICT_VALUES_TYPE, &DICT_ITEMS_TYPE] {
        super::add_getsets(t, &[("mapping", view_mapping, None)]);
        add_methods(
            t,
            &[
                ("__len__", view_len),
                ("__iter__", view_iter),
                ("__repr__", view_repr),
                ("__contains__", view_contains),
                ("__reversed__", view_reversed),
            ],
        );
    }
    for t in [&DICT_KEYS_TYPE, &DICT_ITEMS_TYPE] {
        add_methods(
            t,
            &[
                ("__eq__", view_eq),
                ("__ne__", view_ne),
                ("__and__", view_and),
                ("__or__", view_or),
                ("__sub__", view_sub),
                ("__xor__", view_xor),
                ("__rand__", view_and),
                ("__ror__", view_or),
                ("isdisjoint", view_isdisjoint),
                ("__le__", view_le),
                ("__ge__", view_ge),
                ("__lt__", view_lt),
                ("__gt__", view_gt),
            ],
        );
        crate::builtins::set_type_attr(t, "__hash__", Value::none());
    }
    let set_common: &[super::Method] = &[
        ("__repr__", set_repr),
        ("__len__", set_len),
        ("__contains__", set_contains),
        ("__iter__", set_iter),
        ("__eq__", set_eq),
        ("__ne__", set_ne),
        ("__le__", set_le),
        ("__ge__", set_ge),
        ("__lt__", set_lt),
        ("__gt__", set_gt),
        ("__or__", set_or),
        ("__and__", set_and),
        ("__sub__", set_sub),
        ("__xor__", set_xor),
        ("__ror__", set_or),
        ("__rand__", set_and),
        ("__rsub__", set_rsub),
        ("__rxor__", set_xor),
        ("union", set_union),
        ("intersection", set_intersection),
        ("difference", set_difference),
        ("symmetric_difference", set_symmetric_difference),
        ("issubset", set_issubset),
        ("issuperset", set_issuperset),
        ("isdisjoint", set_isdisjoint),
        ("copy", set_copy),
        ("__reduce__", set_reduce),
    ];
    add_methods(&SET_TYPE, set_common);
    add_methods(&FROZENSET_TYPE, set_common);
    add_methods(
        &SET_TYPE,
        &[
            ("__new__", set_new),
            ("__init__", set_init),
            ("add", set_add),
            ("remove", set_remove),
            ("discard", set_discard),
            ("pop", set_pop),
            ("clear", set_clear),
            ("update", set_update),
            ("intersection_update", set_intersection_update),
            ("difference_update", set_difference_update),
            (
                "symmetric_difference_update",
                set_symmetric_difference_update,
            ),
            ("__ior__", set_ior),
            ("__iand__", set_iand),
            ("__isub__", set_isub),
            ("__ixor__", set_ixor),
        ],
    );
    crate::builtins::set_type_attr(&SET_TYPE, "__hash__", Value::none());
    add_methods(
        &FROZENSET_TYPE,
        &[("__new__", frozenset_new), ("__hash__", frozenset_hash)],
    );
    add_classmethods(
        &SET_TYPE,
        &[("__class_getitem__", super::generic_alias::class_getitem)],
    );
    add_classmethods(
        &FROZENSET_TYPE,
        &[("__class_getitem__", super::generic_alias::class_getitem)],
    );
}

fn d(v: &Value) -> &DictData {
    downcast::<DictData>(v).unwrap()
}

/// `types.MappingProxyType` stand-in: the (copied) dict itself.
pub fn new_mappingproxy(_vm: &mut Vm, d: Value) -> Value {
    d
}

fn entries(v: &Value) -> Vec<(Value, Value)> {
    d(v).table
        .borrow()
        .iter()
        .map(|e| (e.key.clone(), e.value.clone()))
        .collect()
}

/// `dict.update(m)` semantics for a mapping or iterable of pairs.
pub fn dict_update_from(vm: &mut Vm, target: &Value, m: &Value) -> PyResult<()> {
    if let Some(src) = downcast::<DictData>(m) {
        let es: Vec<(i64, Value, Value)> = src
            .table
            .borrow()
            .iter()
            .map(|e| (e.hash, e.key.clone(), e.value.clone()))
            .collect();
        for (h, k, v) in es {
            vm.table_set_hashed(&d(target).table, k, h, v)?;
        }
        return Ok(());
    }
    if let Some(keys) = vm.get_attr_opt(m, "keys")? {
        let ks = vm.call0(&keys)?;
        for k in vm.iterate(&ks)? {
            let v = vm.getitem(m, &k)?;
            vm.dict_set(target, k, v)?;
        }
        return Ok(());
    }
    let it = vm.iter(m)?;
    let mut i = 0;
    while let Some(pair) = vm.next(&it)? {
        let items = match vm.iterate(&pair) {
            Ok(x) => x,
            Err(e) => {
                if vm.err_matches(&e, &TYPE_ERROR_TYPE) {
                    let msg = format!(
                        "cannot convert dictionary update sequence element #{} to a sequence",
                        i
                    );
                    return Err(vm.type_error(msg));
                }
                return Err(e);
            }
        };
        if items.len() != 2 {
            let msg = format!(
                "dictionary update sequence element #{} has length {}; 2 is required",
                i,
                items.len()
            );
            return Err(vm.value_error(msg));
        }
        let mut it2 = items.into_iter();
        let (k, v) = (it2.next().unwrap(), it2.next().unwrap());
        vm.dict_set(target, k, v)?;
        i += 1;
    }
    Ok(())
}

fn dict_new(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    let t = as_type(&a.args[0]).unwrap();
    Ok(alloc_object(
        t,
        DictData {
            table: RefCell::new(DictTable::new()),
            default_factory: RefCell::new(None),
        },
    ))
}

fn dict_init(vm: &mut Vm, a: Args) -> PyResult<Value> {
    update_with_args(vm, a, "dict")
}

/// `dict(m, **kw)` / `d.update(m, **kw)`: one mapping or iterable of
/// pairs, then keyword arguments.
fn update_with_args(vm: &mut Vm, a: Args, name: &str) -> PyResult<Value> {
    let pos = a.pos();
    if pos.len() > 2 {
        return Err(vm.type_error(format!(
            "{} expected at most 1 argument, got {}",
            name,
            pos.len() - 1
        )));
    }
    let target = a.args[0].clone();
    if let Some(m) = pos.get(1) {
        dict_update_from(vm, &target, m)?;
    }
    for (k, v) in a.kwargs() {
        let kv = vm.new_str(k);
        vm.dict_set(&target, kv, v.clone())?;
    }
    Ok(Value::none())
}

fn dict_repr(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let v = &a.args[0];
    let id = v.to_bits();
    if vm.repr_stack.contains(&id) {
        return Ok(vm.new_str("{...}"));
    }
    vm.repr_stack.push(id);
    let mut out = String::from("{");
    let mut r = Ok(());
    for (i, (k, val)) in entries(v).into_iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        match vm.repr(&k).and_then(|ks| vm.repr(&val).map(|vs| (ks, vs))) {
            Ok((ks, vs)) => {
                out.push_str(&ks);
                out.push_str(": ");
                out.push_str(&vs);
            }
            Err(e) => {
                r = Err(e);
                break;
            }
        }
    }
    vm.repr_stack.pop();
    r?;
    out.push('}');
    Ok(vm.new_str_owned(out))
}

fn dict_len(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    Ok(new_int_i64(d(&a.args[0]).table.borrow().len() as i64))
}

fn dict_getitem(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let (dv, k) = (&a.args[0], &a.args[1]);
    if let Some(v) = vm.table_get(&d(dv).table, k)? {
        return Ok(v);
    }
    if !std::ptr::eq(dv.type_of(), &DICT_TYPE) {
        if let Some(r) = vm.call_special(dv, "__missing__", &[k.clone()])? {
            return Ok(r);
        }
    }
    Err(vm.key_error(k.clone()))
}

fn dict_setitem(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.table_set(&d(&a.args[0]).table, a.args[1].clone(), a.args[2].clone())?;
    Ok(Value::none())
}

fn dict_delitem(vm: &mut Vm, a: Args) -> PyResult<Value> {
    match vm.table_del(&d(&a.args[0]).table, &a.args[1])? {
        Some(_) => Ok(Value::none()),
        None => Err(vm.key_error(a.args[1].clone())),
    }
}

fn dict_contains(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let h = vm.hash(&a.args[1])?;
    let r = vm
        .table_find(&d(&a.args[0]).table, &a.args[1], h)?
        .is_some();
    Ok(Value::from_bool(r))
}

fn dict_iter(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let len = d(&a.args[0]).table.borrow().len();
    Ok(vm.new_iter(
        &DICT_KEYITERATOR_TYPE,
        IterState::Dict {
            obj: a.args[0].clone(),
            pos: 0,
            len,
            kind: 0,
        },
    ))
}

fn dict_reversed(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let keys: Vec<Value> = entries(&a.args[0])
        .into_iter()
        .map(|(k, _)| k)
        .rev()
        .collect();
    let l = vm.new_list(keys);
    vm.iter(&l)
}

fn dict_eq_impl(vm: &mut Vm, a: &Args) -> PyResult<Option<bool>> {
    let Some(o) = downcast::<DictData>(&a.args[1]) else {
        return Ok(None);
    };
    let x = entries(&a.args[0]);
    if x.len() != o.table.borrow().len() {
        return Ok(Some(false));
    }
    for (k, v) in x {
        match vm.table_get(&o.table, &k)? {
            Some(ov) => {
                if !vm.eq(&v, &ov)? {
                    return Ok(Some(false));
                }
            }
            None => return Ok(Some(false)),
        }
    }
    Ok(Some(true))
}

fn dict_eq(vm: &mut Vm, a: Args) -> PyResult<Value> {
    match dict_eq_impl(vm, &a)? {
        Some(b) => Ok(Value::from_bool(b)),
        None => not_impl(),
    }
}

fn dict_ne(vm: &mut Vm, a: Args) -> PyResult<Value> {
    match dict_eq_impl(vm, &a)? {
        Some(b) => Ok(Value::from_bool(!b)),
        None => not_impl(),
    }
}

fn dict_or(vm: &mut Vm, a: Args) -> PyResult<Value> {
    if downcast::<DictData>(&a.args[1]).is_none() {
        return not_impl();
    }
    let n = dict_copy(vm, Args::new(&a.args[..1]))?;
    dict_update_from(vm, &n, &a.args[1])?;
    Ok(n)
}

fn dict_ior(vm: &mut Vm, a: Args) -> PyResult<Value> {
    dict_update_from(vm, &a.args[0], &a.args[1])?;
    Ok(a.args[0].clone())
}

fn dict_get(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("get", &Args::new(&a.args[1..]), 1, 2)?;
    match vm.table_get(&d(&a.args[0]).table, &a.args[1])? {
        Some(v) => Ok(v),
        None => Ok(a.args.get(2).cloned().unwrap_or_else(Value::none)),
    }
}

fn dict_setdefault(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("setdefault", &Args::new(&a.args[1..]), 1, 2)?;
    if let Some(v) = vm.table_get(&d(&a.args[0]).table, &a.args[1])? {
        return Ok(v);
    }
    let dv = a.args.get(2).cloned().unwrap_or_else(Value::none);
    vm.table_set(&d(&a.args[0]).table, a.args[1].clone(), dv.clone())?;
    Ok(dv)
}

fn dict_pop(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("pop", &Args::new(&a.args[1..]), 1, 2)?;
    match vm.table_del(&d(&a.args[0]).table, &a.args[1])? {
        Some(v) => Ok(v),
        None => match a.args.get(2) {
            Some(x) => Ok(x.clone()),
            None => Err(vm.key_error(a.args[1].clone())),
        },
    }
}

fn dict_popitem(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let e = d(&a.args[0]).table.borrow_mut().pop_last();
    match e {
        Some(e) => Ok(vm.new_tuple(vec![e.key, e.value])),
        None => Err(vm.new_exc(&KEY_ERROR_TYPE, "popitem(): dictionary is empty")),
    }
}

fn new_view(vm: &mut Vm, dv: &Value, kind: u8) -> Value {
    let _ = vm;
    let ty = match kind {
        0 => &DICT_KEYS_TYPE,
        1 => &DICT_VALUES_TYPE,
        _ => &DICT_ITEMS_TYPE,
    };
    alloc_object(
        ty,
        DictViewData {
            dict: dv.clone(),
            kind,
        },
    )
}

fn dict_keys(vm: &mut Vm, a: Args) -> PyResult<Value> {
    Ok(new_view(vm, &a.args[0], 0))
}
fn dict_values(vm: &mut Vm, a: Args) -> PyResult<Value> {
    Ok(new_view(vm, &a.args[0], 1))
}
fn dict_items(vm: &mut Vm, a: Args) -> PyResult<Value> {
    Ok(new_view(vm, &a.args[0], 2))
}

fn dict_update(vm: &mut Vm, a: Args) -> PyResult<Value> {
    update_with_args(vm, a, "update")
}

fn dict_clear(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    let old = d(&a.args[0]).table.borrow_mut().take_entries();
    drop(old);
    Ok(Value::none())
}

fn dict_copy(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let n = vm.new_dict();
    let t = d(&a.args[0]).table.borrow().clone();
    *d(&n).table.borrow_mut() = t;
    Ok(n)
}

fn dict_fromkeys(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("fromkeys", &Args::new(&a.args[1..]), 1, 2)?;
    let cls = a.args[0].clone();
    let n = vm.call0(&cls)?;
    let v = a.args.get(2).cloned().unwrap_or_else(Value::none);
    for k in vm.iterate(&a.args[1])? {
        vm.setitem(&n, k, v.clone())?;
    }
    Ok(n)
}

// ---- views ----

fn vd(v: &Value) -> &DictViewData {
    downcast::<DictViewData>(v).unwrap()
}

fn view_len(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    Ok(new_int_i64(
        d(&vd(&a.args[0]).dict).table.borrow().len() as i64
    ))
}

fn view_iter(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let v = vd(&a.args[0]);
    let len = d(&v.dict).table.borrow().len();
    let ty = match v.kind {
        0 => &DICT_KEYITERATOR_TYPE,
        1 => &DICT_VALUEITERATOR_TYPE,
        _ => &DICT_ITEMITERATOR_TYPE,
    };
    Ok(vm.new_iter(
        ty,
        IterState::Dict {
            obj: v.dict.clone(),
            pos: 0,
            len,
            kind: v.kind,
        },
    ))
}

fn view_items(vm: &mut Vm, v: &Value) -> Vec<Value> {
    let view = vd(v);
    entries(&view.dict)
        .into_iter()
        .map(|(k, val)| match view.kind {
            0 => k,
            1 => val,
            _ => vm.new_tuple(vec![k, val]),
        })
        .collect()
}

fn view_reversed(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let mut items = view_items(vm, &a.args[0]);
    items.reverse();
    let l = vm.new_list(items);
    vm.iter(&l)
}

fn view_repr(vm: &mut Vm, a: Args) -> PyResult<Value> {
    // A view inside its own dict (`d[k] = d.values()`) shows as "...".
    let id = a.args[0].to_bits();
    if vm.repr_stack.contains(&id) {
        return Ok(vm.new_str("..."));
    }
    let items = view_items(vm, &a.args[0]);
    let l = vm.new_list(items);
    vm.repr_stack.push(id);
    let r = vm.repr(&l);
    vm.repr_stack.pop();
    let name = a.args[0].type_of().name();
    Ok(vm.new_str_owned(format!("{}({})", name, r?)))
}

fn view_contains(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let view = vd(&a.args[0]);
    let dv = view.dict.clone();
    match view.kind {
        0 => {
            let h = vm.hash(&a.args[1])?;
            Ok(Value::from_bool(
                vm.table_find(&d(&dv).table, &a.args[1], h)?.is_some(),
            ))
        }
        1 => {
            for (_, v) in entries(&dv) {
                if vm.eq(&v, &a.args[1])? {
                    return Ok(Value::from_bool(true));
                }
            }
            Ok(Value::from_bool(false))
        }
        _ => {
            let Some(t) = downcast::<TupleData>(&a.args[1]).filter(|t| t.items.len() == 2) else {
                return Ok(Value::from_bool(false));
            };
            let (k, v) = (t.items[0].clone(), t.items[1].clone());
            match vm.table_get(&d(&dv).table, &k)? {
                Some(x) => Ok(Value::from_bool(vm.eq(&x, &v)?)),
                None => Ok(Value::from_bool(false)),
            }
        }
    }
}

/// A set built from any iterable (for view set operations).
/// A new set of `v`'s members; a keys view of a plain dict is read from
/// the dict itself (CPython's `dictviews_to_set`, which presizes).
fn set_of(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    let s = vm.new_set(false);
    let source = match downcast::<DictViewData>(v) {
        Some(dv) if dv.kind == 0 && std::ptr::eq(dv.dict.type_of(), &DICT_TYPE) => dv.dict.clone(),
        _ => v.clone(),
    };
    update_internal(vm, &s, &source)?;
    Ok(s)
}

macro_rules! view_setop {
    ($name:ident, $op:ident) => {
        fn $name(vm: &mut Vm, a: Args) -> PyResult<Value> {
            let x = set_of(vm, &a.args[0])?;
            let y = a.args[1].clone();
            $op(vm, Args::new(&[x, y]))
        }
    };
}
view_setop!(view_isdisjoint, set_isdisjoint);

// The view operators build their result as CPython's dictobject.c does
// (which decides the result's iteration order): a set of the view, then
// the in-place set operation with the other operand.
fn view_or(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let r = set_of(vm, &a.args[0])?;
    update_internal(vm, &r, &a.args[1])?;
    Ok(r)
}

fn view_sub(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let r = set_of(vm, &a.args[0])?;
    difference_update(vm, &r, &a.args[1])?;
    Ok(r)
}

fn view_xor(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let r = set_of(vm, &a.args[0])?;
    symmetric_update(vm, &r, &a.args[1])?;
    Ok(r)
}

/// CPython's `_PyDictView_Intersect`: a set's own intersection when the
/// other operand is a set at least as large, else the keys of the other
/// operand (the larger, between two views) that the view contains.
fn view_and(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let (mut this, mut other) = (a.args[0].clone(), a.args[1].clone());
    let len_self = vm.len(&this)?;
    if std::ptr::eq(other.type_of(), &SET_TYPE) && len_self <= sd(&other).table.borrow().len() {
        return intersection(vm, &other, &this);
    }
    if downcast::<DictViewData>(&other).is_some() && vm.len(&other)? > len_self {
        std::mem::swap(&mut this, &mut other);
    }
    let r = vm.new_set(false);
    for k in vm.iterate(&other)? {
        if vm.contains(&this, &k)? {
            vm.table_set(&sd(&r).table, k, Value::none())?;
        }
    }
    Ok(r)
}

fn view_cmp(vm: &mut Vm, a: &Args, op: u32) -> PyResult<Value> {
    let ok =
        downcast::<DictViewData>(&a.args[1]).is_some() || downcast::<SetData>(&a.args[1]).is_some();
    if !ok {
        return not_impl();
    }
    let x = set_of(vm, &a.args[0])?;
    let y = set_of(vm, &a.args[1])?;
    set_compare(vm, &x, &y, op)
}
fn view_eq(vm: &mut Vm, a: Args) -> PyResult<Value> {
    view_cmp(vm, &a, 2)
}
fn view_ne(vm: &mut Vm, a: Args) -> PyResult<Value> {
    view_cmp(vm, &a, 3)
}
fn view_le(vm: &mut Vm, a: Args) -> PyResult<Value> {
    view_cmp(vm, &a, 1)
}
fn view_ge(vm: &mut Vm, a: Args) -> PyResult<Value> {
    view_cmp(vm, &a, 5)
}
fn view_lt(vm: &mut Vm, a: Args) -> PyResult<Value> {
    view_cmp(vm, &a, 0)
}
fn view_gt(vm: &mut Vm, a: Args) -> PyResult<Value> {
    view_cmp(vm, &a, 4)
}

// ---- set / frozenset ----

fn sd(v: &Value) -> &SetData {
    downcast::<SetData>(v).unwrap()
}

fn members(v: &Value) -> Vec<(i64, Value)> {
    sd(v)
        .table
        .borrow()
        .iter()
        .map(|e| (e.hash, e.key.clone()))
        .collect()
}

fn is_set(v: &Value) -> bool {
    downcast::<SetData>(v).is_some()
}

/// A new set/frozenset of the same kind as `like` (exact types).
fn new_like(vm: &mut Vm, like: &Value) -> Value {
    let frozen = crate::vm::class::is_instance(like, &FROZENSET_TYPE);
    vm.new_set(frozen)
}

fn add_all(vm: &mut Vm, s: &Value, items: Vec<(i64, Value)>) -> PyResult<()> {
    for (h, k) in items {
        vm.table_set_hashed(&sd(s).table, k, h, Value::none())?;
    }
    Ok(())
}

/// CPython's `set_update_internal`: `s |= other` for any iterable, with
/// its table effects (a set merges wholesale, a dict presizes).
fn update_internal(vm: &mut Vm, s: &Value, other: &Value) -> PyResult<()> {
    if is_set(other) {
        return merge(vm, s, other);
    }
    if std::ptr::eq(other.type_of(), &DICT_TYPE) {
        let keys: Vec<(i64, Value)> = d(other).table.borrow().iter().map(|e| (e.hash, e.key.clone())).collect();
        sd(s).table.borrow_mut().presize(keys.len());
        return add_all(vm, s, keys);
    }
    for x in vm.iterate(other)? {
        vm.table_set(&sd(s).table, x, Value::none())?;
    }
    Ok(())
}

/// CPython's `set_merge`: the keys of set `other` into set `s`.
fn merge(vm: &mut Vm, s: &Value, other: &Value) -> PyResult<()> {
    if s.is(other.borrow()) {
        return Ok(());
    }
    {
        let o = sd(other).table.borrow();
        let mut t = sd(s).table.borrow_mut();
        if t.merge_into_empty(&o).is_some() {
            return Ok(());
        }
        t.presize(o.len());
    }
    add_all(vm, s, members(other))
}

/// A new set of `like`'s base kind (set or frozenset) holding `from`'s
/// keys (CPython's `make_new_set_basetype`).
fn new_from(vm: &mut Vm, like: &Value, from: Option<&Value>) -> PyResult<Value> {
    let r = new_like(vm, like);
    if let Some(f) = from {
        update_internal(vm, &r, f)?;
    }
    Ok(r)
}

fn set_new(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    let t = as_type(&a.args[0]).unwrap();
    Ok(alloc_object(
        t,
        SetData {
            table: RefCell::new(crate::settable::SetTable::new()),
        },
    ))
}

fn set_init(vm: &mut Vm, a: Args) -> PyResult<Value> {
    if a.has_kwargs() {
        return Err(vm.type_error("set() takes no keyword arguments"));
    }
    if a.args.len() > 2 {
        return Err(vm.type_error(format!(
            "set expected at most 1 argument, got {}",
            a.args.len() - 1
        )));
    }
    let old = sd(&a.args[0]).table.borrow_mut().take_entries();
    drop(old);
    if let Some(it) = a.args.get(1) {
        update_internal(vm, &a.args[0], it)?;
    }
    Ok(Value::none())
}

fn frozenset_new(vm: &mut Vm, a: Args) -> PyResult<Value> {
    if a.has_kwargs() {
        return Err(vm.type_error("frozenset() takes no keyword arguments"));
    }
    let t = as_type(&a.args[0]).unwrap();
    if let Some(it) = a.args.get(1) {
        if std::ptr::eq(t, &FROZENSET_TYPE) && std::ptr::eq(it.type_of(), &FROZENSET_TYPE) {
            return Ok(it.clone());
        }
    }
    let s = alloc_object(
        t,
        SetData {
            table: RefCell::new(crate::settable::SetTable::new()),
        },
    );
    if let Some(it) = a.args.get(1) {
        update_internal(vm, &s, it)?;
    }
    Ok(s)
}

fn frozenset_hash(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    // CPython's frozenset hash (shuffle bits of each element hash).
    let mut hash: u64 = 0;
    for (h, _) in members(&a.args[0]) {
        let h = h as u64;
        hash ^= ((h ^ 89869747) ^ (h << 16)).wrapping_mul(3644798167);
    }
    let n = sd(&a.args[0]).table.borrow().len() as u64;
    hash ^= (n + 1).wrapping_mul(1927868237);
    hash ^= (hash >> 11) ^ (hash >> 25);
    hash = hash.wrapping_mul(69069).wrapping_add(907133923);
    let mut h = hash as i64;
    if h == -1 {
        h = 590923713;
    }
    Ok(new_int_i64(h))
}

fn set_repr(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let v = &a.args[0];
    let items: Vec<Value> = members(v).into_iter().map(|(_, k)| k).collect();
    let name = v.type_of().name();
    let is_plain_set = std::ptr::eq(v.type_of(), &SET_TYPE);
    if items.is_empty() {
        return Ok(vm.new_str_owned(format!("{}()", name)));
    }
    let id = v.to_bits();
    if vm.repr_stack.contains(&id) {
        return Ok(vm.new_str_owned(format!("{}(...)", name)));
    }
    vm.repr_stack.push(id);
    let mut parts = Vec::new();
    let mut r = Ok(());
    for it in &items {
        match vm.repr(it) {
            Ok(s) => parts.push(s),
            Err(e) => {
                r = Err(e);
                break;
            }
        }
    }
    vm.repr_stack.pop();
    r?;
    let inner = format!("{{{}}}", parts.join(", "));
    Ok(vm.new_str_owned(if is_plain_set {
        inner
    } else {
        format!("{}({})", name, inner)
    }))
}

fn set_len(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    Ok(new_int_i64(sd(&a.args[0]).table.borrow().len() as i64))
}

fn set_contains(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let x = &a.args[1];
    let h = match vm.hash(x) {
        Ok(h) => h,
        Err(e) => {
            // A set element is looked up as a frozenset.
            if is_set(x) && vm.err_matches(&e, &TYPE_ERROR_TYPE) {
                let f = vm.new_set(true);
                add_all(vm, &f, members(x))?;
                let hv = frozenset_hash(vm, Args::new(&[f.clone()]))?;
                let h = hv.as_i64().unwrap_or(0);
                return Ok(Value::from_bool(
                    vm.table_find(&sd(&a.args[0]).table, &f, h)?.is_some(),
                ));
            }
            return Err(e);
        }
    };
    Ok(Value::from_bool(
        vm.table_find(&sd(&a.args[0]).table, x, h)?.is_some(),
    ))
}

fn set_iter(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let len = sd(&a.args[0]).table.borrow().len();
    Ok(vm.new_iter(
        &SET_ITERATOR_TYPE,
        IterState::Dict {
            obj: a.args[0].clone(),
            pos: 0,
            len,
            kind: 0,
        },
    ))
}

fn contains_hashed(vm: &mut Vm, s: &Value, h: i64, k: &Value) -> PyResult<bool> {
    Ok(vm.table_find(&sd(s).table, k, h)?.is_some())
}

/// `x <= y` etc. on two sets.
fn set_compare(vm: &mut Vm, x: &Value, y: &Value, op: u32) -> PyResult<Value> {
    let (nx, ny) = (sd(x).table.borrow().len(), sd(y).table.borrow().len());
    let subset = |vm: &mut Vm, a: &Value, b: &Value| -> PyResult<bool> {
        for (h, k) in members(a) {
            if !contains_hashed(vm, b, h, &k)? {
                return Ok(false);
            }
        }
        Ok(true)
    };
    let r = match op {
        2 => nx == ny && subset(vm, x, y)?,
        3 => !(nx == ny && subset(vm, x, y)?),
        1 => nx <= ny && subset(vm, x, y)?,
        0 => nx < ny && subset(vm, x, y)?,
        5 => ny <= nx && subset(vm, y, x)?,
        _ => ny < nx && subset(vm, y, x)?,
    };
    Ok(Value::from_bool(r))
}

macro_rules! set_cmp {
    ($name:ident, $op:expr) => {
        fn $name(vm: &mut Vm, a: Args) -> PyResult<Value> {
            if !is_set(&a.args[1]) {
                return not_impl();
            }
            set_compare(vm, &a.args[0], &a.args[1], $op)
        }
    };
}
set_cmp!(set_eq, 2);
set_cmp!(set_ne, 3);
set_cmp!(set_le, 1);
set_cmp!(set_lt, 0);
set_cmp!(set_ge, 5);
set_cmp!(set_gt, 4);

/// `set(v)` for a non-set argument of a comparison or subset test.
fn as_set(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    if is_set(v) {
        return Ok(v.clone());
    }
    let s = vm.new_set(false);
    update_internal(vm, &s, v)?;
    Ok(s)
}

fn set_union(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let so = &a.args[0];
    let r = new_from(vm, so, Some(so))?;
    for o in &a.args[1..] {
        if !o.is(so.borrow()) {
            update_internal(vm, &r, o)?;
        }
    }
    Ok(r)
}

/// CPython's `set_intersection`: iterating the smaller set (or the
/// iterable), adding the common keys in that order.
fn intersection(vm: &mut Vm, so: &Value, other: &Value) -> PyResult<Value> {
    let r = new_like(vm, so);
    if is_set(other) {
        let (big, small) = if sd(other).table.borrow().len() > sd(so).table.borrow().len() {
            (other, so)
        } else {
            (so, other)
        };
        for (h, k) in members(small) {
            if contains_hashed(vm, big, h, &k)? {
                vm.table_set_hashed(&sd(&r).table, k, h, Value::none())?;
            }
        }
        return Ok(r);
    }
    for k in vm.iterate(other)? {
        let h = vm.hash(&k)?;
        if contains_hashed(vm, so, h, &k)? {
            vm.table_set_hashed(&sd(&r).table, k, h, Value::none())?;
        }
    }
    Ok(r)
}

fn set_intersection(vm: &mut Vm, a: Args) -> PyResult<Value> {
    if a.args.len() == 1 {
        return new_from(vm, &a.args[0], Some(&a.args[0]));
    }
    let mut r = a.args[0].clone();
    for o in &a.args[1..] {
        r = intersection(vm, &r, o)?;
    }
    Ok(r)
}

/// Removes `k` from set `s`; whether it was there.
fn discard_hashed(vm: &mut Vm, s: &Value, h: i64, k: &Value) -> PyResult<bool> {
    match vm.table_find(&sd(s).table, k, h)? {
        Some(i) => {
            let e = sd(s).table.borrow_mut().remove_at(i);
            drop(e);
            Ok(true)
        }
        None => Ok(false),
    }
}

/// CPython's `set_difference_update_internal`.
fn difference_update(vm: &mut Vm, s: &Value, other: &Value) -> PyResult<()> {
    if s.is(other.borrow()) {
        sd(s).table.borrow_mut().clear();
        return Ok(());
    }
    let keys = if is_set(other) {
        members(other)
    } else {
        let mut out = Vec::new();
        for k in vm.iterate(other)? {
            let h = vm.hash(&k)?;
            out.push((h, k));
        }
        out
    };
    for (h, k) in keys {
        discard_hashed(vm, s, h, &k)?;
    }
    sd(s).table.borrow_mut().compact();
    Ok(())
}

/// CPython's `set_difference`: a copy minus `other` when `so` is much
/// larger, else the keys of `so` not in `other`, in `so`'s order.
fn difference(vm: &mut Vm, so: &Value, other: &Value) -> PyResult<Value> {
    let other_size = if is_set(other) {
        Some(sd(other).table.borrow().len())
    } else if std::ptr::eq(other.type_of(), &DICT_TYPE) {
        Some(d(other).table.borrow().len())
    } else {
        None
    };
    let size = sd(so).table.borrow().len();
    match other_size {
        Some(n) if (size >> 2) <= n => {}
        _ => {
            let r = new_from(vm, so, Some(so))?;
            difference_update(vm, &r, other)?;
            return Ok(r);
        }
    }
    let r = new_like(vm, so);
    for (h, k) in members(so) {
        let present = if is_set(other) {
            contains_hashed(vm, other, h, &k)?
        } else {
            vm.table_find(&d(other).table, &k, h)?.is_some()
        };
        if !present {
            vm.table_set_hashed(&sd(&r).table, k, h, Value::none())?;
        }
    }
    Ok(r)
}

fn set_difference(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let so = &a.args[0];
    let Some(first) = a.args.get(1) else {
        return new_from(vm, so, Some(so));
    };
    let r = difference(vm, so, first)?;
    for o in &a.args[2..] {
        difference_update(vm, &r, o)?;
    }
    Ok(r)
}

/// CPython's `set_symmetric_difference_update`: each key of `other`
/// (a set, or made one) is discarded from `s` or added to it.
fn symmetric_update(vm: &mut Vm, s: &Value, other: &Value) -> PyResult<()> {
    if s.is(other.borrow()) {
        sd(s).table.borrow_mut().clear();
        return Ok(());
    }
    let keys = if std::ptr::eq(other.type_of(), &DICT_TYPE) {
        d(other).table.borrow().iter().map(|e| (e.hash, e.key.clone())).collect()
    } else {
        let o = if is_set(other) { other.clone() } else { new_from(vm, s, Some(other))? };
        members(&o)
    };
    for (h, k) in keys {
        if !discard_hashed(vm, s, h, &k)? {
            vm.table_set_hashed(&sd(s).table, k, h, Value::none())?;
        }
    }
    Ok(())
}

fn set_symmetric_difference(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("symmetric_difference", &Args::new(&a.args[1..]), 1, 1)?;
    let r = new_from(vm, &a.args[0], Some(&a.args[1]))?;
    symmetric_update(vm, &r, &a.args[0])?;
    Ok(r)
}

macro_rules! set_binop {
    ($name:ident, $f:ident) => {
        fn $name(vm: &mut Vm, a: Args) -> PyResult<Value> {
            if !is_set(&a.args[1]) {
                return not_impl();
            }
            $f(vm, a)
        }
    };
}
set_binop!(set_or, set_union);
set_binop!(set_and, set_intersection);
set_binop!(set_sub, set_difference);
set_binop!(set_xor, set_symmetric_difference);

fn set_rsub(vm: &mut Vm, a: Args) -> PyResult<Value> {
    if !is_set(&a.args[1]) {
        return not_impl();
    }
    set_difference(vm, Args::new(&[a.args[1].clone(), a.args[0].clone()]))
}

fn set_issubset(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let o = as_set(vm, &a.args[1])?;
    set_compare(vm, &a.args[0], &o, 1)
}
fn set_issuperset(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let o = as_set(vm, &a.args[1])?;
    set_compare(vm, &a.args[0], &o, 5)
}
fn set_isdisjoint(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let i = intersection(vm, &a.args[0], &a.args[1])?;
    let empty = sd(&i).table.borrow().is_empty();
    Ok(Value::from_bool(empty))
}
fn set_copy(vm: &mut Vm, a: Args) -> PyResult<Value> {
    if std::ptr::eq(a.args[0].type_of(), &FROZENSET_TYPE) {
        return Ok(a.args[0].clone());
    }
    new_from(vm, &a.args[0], Some(&a.args[0]))
}

/// `(type(s), (list(s),), s.__dict__ or None)`: how pickle and copy
/// rebuild a set or frozenset (and subclass instances with attributes).
fn set_reduce(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let s = &a.args[0];
    let items = members(s).into_iter().map(|(_, k)| k).collect();
    let l = vm.new_list(items);
    let args = vm.new_tuple(vec![l]);
    let state = crate::vm::attr::inst_dict(s).unwrap_or_else(Value::none);
    let t = crate::vm::attr::type_value(s.type_of());
    Ok(vm.new_tuple(vec![t, args, state]))
}

fn set_add(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("add", &Args::new(&a.args[1..]), 1, 1)?;
    vm.table_set(&sd(&a.args[0]).table, a.args[1].clone(), Value::none())?;
    Ok(Value::none())
}

fn set_remove(vm: &mut Vm, a: Args) -> PyResult<Value> {
    match vm.table_del(&sd(&a.args[0]).table, &a.args[1])? {
        Some(_) => Ok(Value::none()),
        None => Err(vm.key_error(a.args[1].clone())),
    }
}

fn set_discard(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.table_del(&sd(&a.args[0]).table, &a.args[1])?;
    Ok(Value::none())
}

fn set_pop(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let e = sd(&a.args[0]).table.borrow_mut().pop();
    match e {
        Some(e) => Ok(e.key),
        None => Err(vm.new_exc(&KEY_ERROR_TYPE, "pop from an empty set")),
    }
}

fn set_clear(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    let old = sd(&a.args[0]).table.borrow_mut().take_entries();
    drop(old);
    Ok(Value::none())
}

fn set_update(vm: &mut Vm, a: Args) -> PyResult<Value> {
    for o in &a.args[1..] {
        update_internal(vm, &a.args[0], o)?;
    }
    Ok(Value::none())
}

/// `s` takes `from`'s table (CPython's `set_swap_bodies`).
fn take_body(s: &Value, from: &Value) {
    if s.is(from.borrow()) {
        return;
    }
    let t = std::mem::take(&mut *sd(from).table.borrow_mut());
    let old = std::mem::replace(&mut *sd(s).table.borrow_mut(), t);
    drop(old);
}

fn set_intersection_update(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let r = set_intersection(vm, a)?;
    take_body(&a.args[0], &r);
    Ok(Value::none())
}
fn set_difference_update(vm: &mut Vm, a: Args) -> PyResult<Value> {
    for o in &a.args[1..] {
        difference_update(vm, &a.args[0], o)?;
    }
    Ok(Value::none())
}
fn set_symmetric_difference_update(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("symmetric_difference_update", &Args::new(&a.args[1..]), 1, 1)?;
    symmetric_update(vm, &a.args[0], &a.args[1])?;
    Ok(Value::none())
}

macro_rules! set_inplace {
    ($name:ident, $f:ident) => {
        fn $name(vm: &mut Vm, a: Args) -> PyResult<Value> {
            if !is_set(&a.args[1]) {
                return not_impl();
            }
            $f(vm, a)?;
            Ok(a.args[0].clone())
        }
    };
}
set_inplace!(set_ior, set_update);
set_inplace!(set_iand, set_intersection_update);
set_inplace!(set_isub, set_difference_update);
set_inplace!(set_ixor, set_symmetric_difference_update);

fn view_mapping(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    // types.MappingProxyType stand-in: a copy of the dict.
    let d = vd(v).dict.clone();
    dict_copy(vm, Args::new(&[d]))
}
