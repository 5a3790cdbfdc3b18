//! `_functools`: `reduce`, `partial` and `cmp_to_key`. `functools.py`
//! keeps its pure-Python `lru_cache` wrapper.

use std::cell::RefCell;
use std::sync::OnceLock;

use crate::builtins::{add_classmethods, add_getsets, add_methods, not_impl};
use crate::object::{alloc_object, TypeObject};
use crate::objects::*;
use crate::types::*;
use crate::value::Value;
use crate::vm::attr::{as_type, inst_dict, lookup, set_inst_dict, type_value};
use crate::vm::{str_of, Args, PyResult, Vm};

use super::typeutil::{new_type, set_unhashable, type_addr, type_at};

/// Is `v` callable (`callable(v)`)?
pub fn is_callable(v: &Value) -> bool {
    as_type(v).is_some()
        || downcast::<FunctionData>(v).is_some()
        || downcast::<BuiltinFnData>(v).is_some()
        || downcast::<MethodData>(v).is_some()
        || lookup(v.type_of(), "__call__").is_some_and(|c| !c.is_none())
}

// ---- reduce ----

fn reduce(vm: &mut Vm, a: Args) -> PyResult<Value> {
    if a.has_kwargs() {
        return Err(vm.type_error("reduce() takes no keyword arguments"));
    }
    let n = a.args.len();
    if !(2..=3).contains(&n) {
        let msg = if n < 2 {
            format!("reduce expected at least 2 arguments, got {}", n)
        } else {
            format!("reduce expected at most 3 arguments, got {}", n)
        };
        return Err(vm.type_error(msg));
    }
    let f = a.args[0].clone();
    let it = match vm.iter(&a.args[1]) {
        Ok(it) => it,
        Err(e) if vm.err_matches(&e, &TYPE_ERROR_TYPE) => {
            return Err(vm.type_error("reduce() arg 2 must support iteration"))
        }
        Err(e) => return Err(e),
    };
    let mut acc = a.args.get(2).cloned();
    while let Some(x) = vm.next(&it)? {
        acc = Some(match acc {
            None => x,
            Some(v) => vm.call(&f, &[v, x], &[])?,
        });
    }
    match acc {
        Some(v) => Ok(v),
        None => Err(vm.type_error("reduce() of empty iterable with no initial value")),
    }
}

// ---- partial ----

/// A `partial`'s payload: the function, the frozen positional arguments
/// (a tuple) and keywords (a dict).
pub struct PartialData {
    func: RefCell<Value>,
    args: RefCell<Value>,
    kw: RefCell<Value>,
}

static PARTIAL: OnceLock<usize> = OnceLock::new();
static KEYWRAPPER: OnceLock<usize> = OnceLock::new();

fn partial_type() -> &'static TypeObject {
    type_at(*PARTIAL.get_or_init(|| {
        type_addr(new_type::<PartialData>(
            "partial",
            "functools",
            &OBJECT_TYPE,
            None,
            true,
            true,
        ))
    }))
}

// SAFETY: partial_type()'s solid layout is PartialData.
unsafe impl Payload for PartialData {
    fn layout() -> &'static TypeObject {
        partial_type()
    }
}

fn me<'a>(vm: &mut Vm, a: &Args<'a>) -> PyResult<&'a PartialData> {
    let args: &'a [Value] = a.args;
    match args.first().and_then(|s| downcast::<PartialData>(s)) {
        Some(d) => Ok(d),
        None => Err(vm.type_error("descriptor requires a 'functools.partial' object")),
    }
}

fn dict_items(v: &Value) -> Vec<(Value, Value)> {
    match downcast::<DictData>(v) {
        Some(d) => d
            .table
            .borrow()
            .iter()
            .map(|e| (e.key.clone(), e.value.clone()))
            .collect(),
        None => Vec::new(),
    }
}

fn tuple_items(v: &Value) -> Vec<Value> {
    downcast::<TupleData>(v)
        .map(|t| t.items.to_vec())
        .unwrap_or_default()
}

fn partial_new(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let t = as_type(&a.args[0]).unwrap();
    let pos = &a.pos()[1..];
    let Some(first) = pos.first() else {
        return Err(vm.type_error("type 'partial' takes at least one argument"));
    };
    let mut func = first.clone();
    let mut pargs: Vec<Value> = Vec::new();
    let kw = vm.new_dict();
    if let Some(inner) = downcast::<PartialData>(&func) {
        let no_dict = inst_dict(&func).map_or(true, |d| {
            downcast::<DictData>(&d).map_or(false, |dd| dd.table.borrow().is_empty())
        });
        if no_dict {
            pargs = tuple_items(&inner.args.borrow());
            for (k, v) in dict_items(&inner.kw.borrow()) {
                vm.dict_set(&kw, k, v)?;
            }
            let f = inner.func.borrow().clone();
            func = f;
        }
    }
    if !is_callable(&func) {
        return Err(vm.type_error("the first argument must be callable"));
    }
    pargs.extend_from_slice(&pos[1..]);
    for (k, v) in a.kwargs() {
        let kv = vm.new_str(k);
        vm.dict_set(&kw, kv, v.clone())?;
    }
    let args = vm.new_tuple(pargs);
    Ok(alloc_object(
        t,
        PartialData {
            func: RefCell::new(func),
            args: RefCell::new(args),
            kw: RefCell::new(kw),
        },
    ))
}

fn partial_call(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let p = me(vm, &a)?;
    let func = p.func.borrow().clone();
    let mut args = tuple_items(&p.args.borrow());
    let kwd = p.kw.borrow().clone();
    let call_pos = &a.pos()[1..];
    args.extend_from_slice(call_pos);
    let mut names: Vec<Value> = Vec::new();
    let mut vals: Vec<Value> = Vec::new();
    for (k, v) in dict_items(&kwd) {
        if a.kwargs().any(|(ck, _)| ck == str_of(&k)) {
            continue;
        }
        names.push(k);
        vals.push(v);
    }
    for (k, v) in a.kwargs() {
        names.push(vm.new_str(k));
        vals.push(v.clone());
    }
    args.extend(vals);
    vm.call(&func, &args, &names)
}

fn partial_repr(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let p = me(vm, &a)?;
    let self_ = &a.args[0];
    let t = self_.type_of();
    let name = if std::ptr::eq(t, partial_type()) {
        "functools.partial".to_string()
    } else {
        t.name()
    };
    let id = self_.to_bits();
    if vm.repr_stack.contains(&id) {
        return Ok(vm.new_str("..."));
    }
    vm.repr_stack.push(id);
    let r = (|| -> PyResult<String> {
        let func = p.func.borrow().clone();
        let mut parts = vec![vm.repr(&func)?];
        for x in tuple_items(&p.args.borrow()) {
            parts.push(vm.repr(&x)?);
        }
        let kwd = p.kw.borrow().clone();
        for (k, v) in dict_items(&kwd) {
            let ks = vm.to_string(&k)?;
            parts.push(format!("{}={}", ks, vm.repr(&v)?));
        }
        Ok(format!("{}({})", name, parts.join(", ")))
    })();
    vm.repr_stack.pop();
    let s = r?;
    Ok(vm.new_str_owned(s))
}

fn partial_func(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(downcast::<PartialData>(v).unwrap().func.borrow().clone())
}

fn partial_args(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(downcast::<PartialData>(v).unwrap().args.borrow().clone())
}

fn partial_keywords(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(downcast::<PartialData>(v).unwrap().kw.borrow().clone())
}

fn partial_reduce(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let p = me(vm, &a)?;
    let self_ = &a.args[0];
    let t = type_value(self_.type_of());
    let func = p.func.borrow().clone();
    let ft = vm.new_tuple(vec![func.clone()]);
    let args = p.args.borrow().clone();
    let kw = p.kw.borrow().clone();
    let d = inst_dict(self_).unwrap_or_else(Value::none);
    let state = vm.new_tuple(vec![func, args, kw, d]);
    Ok(vm.new_tuple(vec![t, ft, state]))
}

fn partial_setstate(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let p = me(vm, &a)?;
    let st = a.args.get(1).cloned().unwrap_or_else(Value::none);
    let items = match downcast::<TupleData>(&st) {
        Some(t) if t.items.len() == 4 => t.items.to_vec(),
        _ => return Err(vm.type_error("invalid partial state")),
    };
    if !is_callable(&items[0])
        || downcast::<TupleData>(&items[1]).is_none()
        || (!items[2].is_none() && downcast::<DictData>(&items[2]).is_none())
    {
        return Err(vm.type_error("invalid partial state"));
    }
    let kw = if items[2].is_none() {
        vm.new_dict()
    } else {
        items[2].clone()
    };
    *p.func.borrow_mut() = items[0].clone();
    *p.args.borrow_mut() = items[1].clone();
    *p.kw.borrow_mut() = kw;
    if !items[3].is_none() {
        set_inst_dict(&a.args[0], items[3].clone());
    }
    Ok(Value::none())
}

// ---- cmp_to_key ----

/// `functools.KeyWrapper`: the comparison function and, once called
/// with a value, that value.
pub struct KeyWrapperData {
    cmp: Value,
    obj: Option<Value>,
}

fn keywrapper_type() -> &'static TypeObject {
    type_at(*KEYWRAPPER.get_or_init(|| {
        type_addr(new_type::<KeyWrapperData>(
            "KeyWrapper",
            "functools",
            &OBJECT_TYPE,
            None,
            false,
            false,
        ))
    }))
}

// SAFETY: keywrapper_type()'s solid layout is KeyWrapperData.
unsafe impl Payload for KeyWrapperData {
    fn layout() -> &'static TypeObject {
        keywrapper_type()
    }
}

fn cmp_to_key(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let b = crate::builtins::bind(vm, &a, "cmp_to_key", &["mycmp"], false)?;
    let Some(cmp) = b[0] else {
        return Err(vm.type_error("cmp_to_key() missing required argument 'mycmp' (pos 1)"));
    };
    Ok(alloc_object(
        keywrapper_type(),
        KeyWrapperData {
            cmp: cmp.clone(),
            obj: None,
        },
    ))
}

fn kw_call(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let k = downcast::<KeyWrapperData>(&a.args[0]).unwrap();
    let b = crate::builtins::bind(vm, &a, "K", &["obj"], true)?;
    let Some(obj) = b[0] else {
        return Err(vm.type_error("K() missing required argument 'obj' (pos 1)"));
    };
    Ok(alloc_object(
        keywrapper_type(),
        KeyWrapperData {
            cmp: k.cmp.clone(),
            obj: Some(obj.clone()),
        },
    ))
}

fn kw_obj(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    match &downcast::<KeyWrapperData>(v).unwrap().obj {
        Some(o) => Ok(o.clone()),
        None => Err(vm.attribute_error("obj")),
    }
}

fn kw_cmp(vm: &mut Vm, a: Args, op: u32) -> PyResult<Value> {
    let x = downcast::<KeyWrapperData>(&a.args[0]).unwrap();
    let Some(y) = downcast::<KeyWrapperData>(&a.args[1]) else {
        return Err(vm.type_error("other argument must be K instance"));
    };
    let (Some(xo), Some(yo)) = (x.obj.clone(), y.obj.clone()) else {
        return Err(vm.attribute_error("object"));
    };
    let r = vm.call(&x.cmp, &[xo, yo], &[])?;
    let zero = crate::vm::new::new_int_i64(0);
    vm.rich_compare(&r, &zero, op)
}

macro_rules! kw_ops {
    ($($name:ident = $op:expr;)*) => {$(
        fn $name(vm: &mut Vm, a: Args) -> PyResult<Value> {
            kw_cmp(vm, a, $op)
        }
    )*};
}

kw_ops! {
    kw_lt = 0;
    kw_le = 1;
    kw_eq = 2;
    kw_ne = 3;
    kw_gt = 4;
    kw_ge = 5;
}

static INIT: std::sync::Once = std::sync::Once::new();

pub fn init(vm: &mut Vm) -> PyResult<Value> {
    INIT.call_once(|| {
        let t = partial_type();
        add_methods(
            t,
            &[
                ("__new__", partial_new),
                ("__call__", partial_call),
                ("__repr__", partial_repr),
                ("__reduce__", partial_reduce),
                ("__setstate__", partial_setstate),
            ],
        );
        add_getsets(
            t,
            &[
                ("func", partial_func, None),
                ("args", partial_args, None),
                ("keywords", partial_keywords, None),
            ],
        );
        add_classmethods(
            t,
            &[(
                "__class_getitem__",
                crate::builtins::generic_alias::class_getitem,
            )],
        );
        let k = keywrapper_type();
        add_methods(
            k,
            &[
                ("__call__", kw_call),
                ("__lt__", kw_lt),
                ("__le__", kw_le),
                ("__eq__", kw_eq),
                ("__ne__", kw_ne),
                ("__gt__", kw_gt),
                ("__ge__", kw_ge),
            ],
        );
        add_getsets(k, &[("obj", kw_obj, None)]);
        set_unhashable(k);
    });
    let _ = not_impl;
    let m = vm.new_module("_functools")?;
    let fns: &[(&'static str, NativeFn)] = &[("reduce", reduce), ("cmp_to_key", cmp_to_key)];
    crate::modules::add_functions(vm, &m, "_functools", fns)?;
    crate::modules::set_attr(vm, &m, "partial", type_value(partial_type()))?;
    crate::modules::set_attr(vm, &m, "KeyWrapper", type_value(keywrapper_type()))?;
    Ok(m)
}
