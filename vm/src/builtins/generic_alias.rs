//! `types.GenericAlias`: what `list[int]`, `dict[str, T]` and
//! `tuple[int, ...]` evaluate to (PEP 585), with CPython 3.11's
//! behaviour: type-variable parameters collected from the arguments,
//! substitution by subscripting (`list[T][int]`), star-unpacking
//! (`*tuple[int, str]`, PEP 646), attribute forwarding to the origin, and
//! `|` into a union.
//!
//! Type variables themselves live in Lib's `typing`; like CPython's C
//! code, this module only speaks the protocol they implement:
//! `__typing_subst__` (a parameter), `__typing_prepare_subst__`,
//! `__typing_is_unpacked_typevartuple__`, `__parameters__` (a nested
//! generic).

use super::{add_getsets, add_methods, not_impl};
use crate::object::alloc_object;
use crate::objects::*;
use crate::types::*;
use crate::value::Value;
use crate::vm::attr::as_type;
use crate::vm::new::*;
use crate::vm::{str_of, Args, PyResult, Vm};

pub fn init() {
    add_methods(
        &GENERIC_ALIAS_TYPE,
        &[
            ("__new__", generic_alias_new),
            ("__repr__", ga_repr),
            ("__call__", ga_call),
            ("__eq__", ga_eq),
            ("__hash__", ga_hash),
            ("__getattr__", ga_getattr),
            ("__getitem__", ga_getitem),
            ("__iter__", ga_iter),
            ("__or__", super::object::type_or),
            ("__ror__", super::object::type_or),
            ("__mro_entries__", ga_mro_entries),
            ("__instancecheck__", ga_instancecheck),
            ("__subclasscheck__", ga_subclasscheck),
            ("__reduce__", ga_reduce),
            ("__dir__", ga_dir),
        ],
    );
    add_getsets(
        &GENERIC_ALIAS_TYPE,
        &[
            ("__origin__", ga_origin, None),
            ("__args__", ga_args, None),
            ("__parameters__", ga_params, None),
            ("__unpacked__", ga_unpacked, None),
            ("__typing_unpacked_tuple_args__", ga_unpacked_tuple_args, None),
        ],
    );
}

fn gad(v: &Value) -> &GenericAliasData {
    downcast::<GenericAliasData>(v).unwrap()
}

/// A new alias; `args` is made a tuple if it is not one.
pub fn new_alias(vm: &mut Vm, origin: Value, args: Value, starred: bool) -> Value {
    new_alias_of(vm, &GENERIC_ALIAS_TYPE, origin, args, starred)
}

/// A new instance of `cls` (GenericAlias or a subclass, such as
/// `collections.abc.Callable`'s alias).
fn new_alias_of(vm: &mut Vm, cls: &crate::object::TypeObject, origin: Value, args: Value, starred: bool) -> Value {
    let args = if downcast::<TupleData>(&args).is_some() {
        args
    } else {
        vm.new_tuple(vec![args])
    };
    alloc_object(
        cls,
        GenericAliasData {
            origin,
            args,
            starred,
            parameters: std::cell::RefCell::new(None),
        },
    )
}

/// `list[int]` and friends (`__class_getitem__`).
pub fn class_getitem(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("__class_getitem__", &a, 2, 2)?;
    Ok(new_alias(vm, a.args[0].clone(), a.args[1].clone(), false))
}

/// `types.GenericAlias(origin, args)` (what `__class_getitem__ =
/// classmethod(GenericAlias)` calls).
fn generic_alias_new(vm: &mut Vm, a: Args) -> PyResult<Value> {
    if a.has_kwargs() {
        return Err(vm.type_error("GenericAlias() takes no keyword arguments"));
    }
    if a.args.len() != 3 {
        return Err(vm.type_error(format!(
            "GenericAlias expected 2 arguments, got {}",
            a.args.len().saturating_sub(1)
        )));
    }
    let cls = as_type(&a.args[0])
        .filter(|t| crate::vm::class::is_subtype(t, &GENERIC_ALIAS_TYPE))
        .unwrap_or(&GENERIC_ALIAS_TYPE);
    Ok(new_alias_of(vm, cls, a.args[1].clone(), a.args[2].clone(), false))
}

fn tuple_items(v: &Value) -> Vec<Value> {
    downcast::<TupleData>(v)
        .map(|t| t.items.to_vec())
        .unwrap_or_default()
}

/// How `GenericAlias` shows a type argument (CPython's `ga_repr_item`).
fn arg_repr(vm: &mut Vm, v: &Value) -> PyResult<String> {
    if ellipsis().is(v.borrow()) {
        return Ok("...".into());
    }
    if downcast::<GenericAliasData>(v).is_some() {
        return vm.repr(v);
    }
    // Anything with __origin__ and __args__ (typing's aliases) shows its
    // own repr; a class shows module.qualname.
    if vm.get_attr_opt(v, "__origin__")?.is_some() && vm.get_attr_opt(v, "__args__")?.is_some() {
        return vm.repr(v);
    }
    if let (Some(q), Some(m)) = (vm.get_attr_opt(v, "__qualname__")?, vm.get_attr_opt(v, "__module__")?) {
        if downcast::<StrData>(&q).is_some() && downcast::<StrData>(&m).is_some() {
            let (q, m) = (str_of(&q).to_string(), str_of(&m));
            return Ok(if m == "builtins" { q } else { format!("{m}.{q}") });
        }
    }
    vm.repr(v)
}

fn ga_repr(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let g = gad(&a.args[0]);
    let (origin, args, starred) = (g.origin.clone(), g.args.clone(), g.starred);
    let mut s = String::from(if starred { "*" } else { "" });
    s.push_str(&arg_repr(vm, &origin)?);
    s.push('[');
    let items = tuple_items(&args);
    if items.is_empty() {
        s.push_str("()");
    }
    for (i, it) in items.iter().enumerate() {
        if i > 0 {
            s.push_str(", ");
        }
        // A list argument (a ParamSpec substitution) shows as [a, b].
        if let Some(l) = downcast::<ListData>(it) {
            let inner = l.items.borrow().clone();
            s.push('[');
            for (j, x) in inner.iter().enumerate() {
                if j > 0 {
                    s.push_str(", ");
                }
                s.push_str(&arg_repr(vm, x)?);
            }
            s.push(']');
        } else {
            s.push_str(&arg_repr(vm, it)?);
        }
    }
    s.push(']');
    Ok(vm.new_str_owned(s))
}

fn ga_call(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let origin = gad(&a.args[0]).origin.clone();
    let r = vm.call(&origin, &a.args[1..], a.kwnames)?;
    // Objects that refuse attributes (builtins, __slots__) are fine.
    if let Err(e) = vm.set_inst_attr(&r, "__orig_class__", a.args[0].clone()) {
        if !vm.err_matches(&e, &ATTRIBUTE_ERROR_TYPE) && !vm.err_matches(&e, &TYPE_ERROR_TYPE) {
            return Err(e);
        }
    }
    Ok(r)
}

fn ga_eq(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let Some(o) = downcast::<GenericAliasData>(&a.args[1]) else {
        return not_impl();
    };
    let g = gad(&a.args[0]);
    if g.starred != o.starred {
        return Ok(Value::from_bool(false));
    }
    let (x1, x2, y1, y2) = (g.origin.clone(), g.args.clone(), o.origin.clone(), o.args.clone());
    let r = vm.eq(&x1, &y1)? && vm.eq(&x2, &y2)?;
    Ok(Value::from_bool(r))
}

fn ga_hash(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let g = gad(&a.args[0]);
    let (o, args) = (g.origin.clone(), g.args.clone());
    let h = vm.hash(&o)? ^ vm.hash(&args)?;
    Ok(new_int_i64(if h == -1 { -2 } else { h }))
}

/// Names answered by the alias itself; every other attribute comes from
/// the origin (`list[int].append is list.append`).
const OWN_ATTRS: &[&str] = &[
    "__class__",
    "__origin__",
    "__args__",
    "__unpacked__",
    "__parameters__",
    "__typing_unpacked_tuple_args__",
    "__mro_entries__",
    "__reduce_ex__",
    "__reduce__",
    "__copy__",
    "__deepcopy__",
];

fn ga_getattr(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let n = str_of(&a.args[1]).to_string();
    if OWN_ATTRS.contains(&n.as_str()) {
        return Err(vm.no_attribute(&a.args[0], &n));
    }
    let origin = gad(&a.args[0]).origin.clone();
    vm.get_attr_str(&origin, &n)
}

fn ga_dir(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let origin = gad(&a.args[0]).origin.clone();
    let d = vm.call_method(&origin, "__dir__", &[])?;
    let mut names = vm.iterate(&d)?;
    for n in OWN_ATTRS {
        let s = vm.new_str(n);
        names.push(s);
    }
    Ok(vm.new_list(names))
}

fn ga_mro_entries(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let origin = gad(&a.args[0]).origin.clone();
    Ok(vm.new_tuple(vec![origin]))
}

fn ga_instancecheck(vm: &mut Vm, _a: Args) -> PyResult<Value> {
    Err(vm.type_error("isinstance() argument 2 cannot be a parameterized generic"))
}

fn ga_subclasscheck(vm: &mut Vm, _a: Args) -> PyResult<Value> {
    Err(vm.type_error("issubclass() argument 2 cannot be a parameterized generic"))
}

/// Pickles as `GenericAlias(origin, args)`; a starred alias as the next
/// item of iterating its unstarred form.
fn ga_reduce(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let g = gad(&a.args[0]);
    let (origin, args, starred) = (g.origin.clone(), g.args.clone(), g.starred);
    let plain = vm.new_tuple(vec![origin, args]);
    let cls = crate::vm::attr::type_value(&GENERIC_ALIAS_TYPE);
    if starred {
        let unstarred = vm.call(&cls, &tuple_items(&plain), &[])?;
        let it = vm.iter(&unstarred)?;
        let next = vm.builtin("next")?;
        let targs = vm.new_tuple(vec![it]);
        return Ok(vm.new_tuple(vec![next, targs]));
    }
    Ok(vm.new_tuple(vec![cls, plain]))
}

/// `*tuple[int]` (PEP 646): iterating an alias yields it once, starred,
/// from a `generic_alias_iterator` (which pickles as `iter(alias)`, so
/// that a starred alias pickles without recursing into itself).
fn ga_iter(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    Ok(alloc_object(ga_iter_type(), GaIterData(std::cell::RefCell::new(Some(a.args[0].clone())))))
}

/// The alias still to be yielded (starred) by a `generic_alias_iterator`.
struct GaIterData(std::cell::RefCell<Option<Value>>);

fn ga_iter_type() -> &'static crate::object::TypeObject {
    use crate::modules::typeutil::{new_type, type_addr, type_at};
    static T: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    type_at(*T.get_or_init(|| {
        let t = new_type::<GaIterData>("generic_alias_iterator", "builtins", &OBJECT_TYPE, None, false, false);
        add_methods(
            t,
            &[
                ("__iter__", ga_iter_self),
                ("__next__", ga_iter_next),
                ("__reduce__", ga_iter_reduce),
            ],
        );
        type_addr(t)
    }))
}

// SAFETY: ga_iter_type()'s solid layout is GaIterData.
unsafe impl Payload for GaIterData {
    fn layout() -> &'static crate::object::TypeObject {
        ga_iter_type()
    }
}

fn ga_iter_data(v: &Value) -> &GaIterData {
    downcast::<GaIterData>(v).unwrap()
}

fn ga_iter_self(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    Ok(a.args[0].clone())
}

fn ga_iter_next(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let Some(alias) = ga_iter_data(&a.args[0]).0.borrow_mut().take() else {
        return Err(vm.new_exc_noargs(&STOP_ITERATION_TYPE));
    };
    let g = gad(&alias);
    Ok(new_alias(vm, g.origin.clone(), g.args.clone(), true))
}

fn ga_iter_reduce(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let arg = ga_iter_data(&a.args[0])
        .0
        .borrow()
        .clone()
        .unwrap_or_else(|| vm.new_tuple(vec![]));
    let f = vm.builtin("iter")?;
    let args = vm.new_tuple(vec![arg]);
    Ok(vm.new_tuple(vec![f, args]))
}

fn ga_origin(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(gad(v).origin.clone())
}

fn ga_args(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(gad(v).args.clone())
}

fn ga_unpacked(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(Value::from_bool(gad(v).starred))
}

fn ga_unpacked_tuple_args(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    let g = gad(v);
    if g.starred && g.origin.is(crate::vm::attr::type_value(&TUPLE_TYPE).borrow()) {
        return Ok(g.args.clone());
    }
    Ok(Value::none())
}

/// `__parameters__`: the type variables among the arguments, in order,
/// each once (computed on first use, as CPython does).
fn ga_params(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    if let Some(p) = gad(v).parameters.borrow().clone() {
        return Ok(p);
    }
    let args = tuple_items(&gad(v).args);
    let params = make_parameters(vm, &args)?;
    let p = vm.new_tuple(params);
    *gad(v).parameters.borrow_mut() = Some(p.clone());
    Ok(p)
}

/// CPython's `_Py_make_parameters`.
fn make_parameters(vm: &mut Vm, args: &[Value]) -> PyResult<Vec<Value>> {
    let mut out: Vec<Value> = Vec::new();
    let add = |x: Value, out: &mut Vec<Value>| {
        if !out.iter().any(|o| o.is(x.borrow())) {
            out.push(x);
        }
    };
    for arg in args {
        if as_type(arg).is_some() {
            continue;
        }
        if vm.get_attr_opt(arg, "__typing_subst__")?.is_some() {
            add(arg.clone(), &mut out);
            continue;
        }
        if let Some(sub) = vm.get_attr_opt(arg, "__parameters__")? {
            if downcast::<TupleData>(&sub).is_some() {
                for x in tuple_items(&sub) {
                    add(x, &mut out);
                }
            }
        }
    }
    Ok(out)
}

/// `alias[args]`: substitutes the alias's type variables.
fn ga_getitem(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let this = &a.args[0];
    let params = ga_params(vm, this)?;
    let params = tuple_items(&params);
    let g = gad(this);
    let (origin, args, starred) = (g.origin.clone(), g.args.clone(), g.starred);
    let newargs = subs_parameters(vm, this, &args, &params, &a.args[1])?;
    let newargs = vm.new_tuple(newargs);
    Ok(new_alias(vm, origin, newargs, starred))
}

/// An argument that is `*Ts` for a TypeVarTuple `Ts`.
fn is_unpacked_typevartuple(vm: &mut Vm, v: &Value) -> PyResult<bool> {
    if as_type(v).is_some() {
        return Ok(false);
    }
    match vm.get_attr_opt(v, "__typing_is_unpacked_typevartuple__")? {
        Some(x) => vm.truthy(&x),
        None => Ok(false),
    }
}

/// `item` (an argument list) with every `*tuple[...]` spliced in place.
fn unpack_args(vm: &mut Vm, item: &Value) -> PyResult<Vec<Value>> {
    let items = match downcast::<TupleData>(item) {
        Some(t) => t.items.to_vec(),
        None => vec![item.clone()],
    };
    let mut out = Vec::with_capacity(items.len());
    for it in items {
        if as_type(&it).is_none() {
            if let Some(sub) = vm.get_attr_opt(&it, "__typing_unpacked_tuple_args__")? {
                if let Some(t) = downcast::<TupleData>(&sub) {
                    let inner = t.items.to_vec();
                    let open = inner.last().is_some_and(|l| ellipsis().is(l.borrow()));
                    if !open {
                        out.extend(inner);
                        continue;
                    }
                }
            }
        }
        out.push(it);
    }
    Ok(out)
}

/// CPython's `_Py_subs_parameters`: the new argument tuple of `alias`
/// (arguments `args`, parameters `params`) subscripted with `item`.
fn subs_parameters(vm: &mut Vm, alias: &Value, args: &Value, params: &[Value], item: &Value) -> PyResult<Vec<Value>> {
    if params.is_empty() {
        let r = vm.repr(alias)?;
        return Err(vm.type_error(format!("{r} is not a generic class")));
    }
    let unpacked = unpack_args(vm, item)?;
    let mut item = vm.new_tuple(unpacked);
    for p in params {
        if let Some(prepare) = vm.get_attr_opt(p, "__typing_prepare_subst__")? {
            item = vm.call(&prepare, &[alias.clone(), item], &[])?;
        }
    }
    let argitems = tuple_items(&item);
    if argitems.len() != params.len() {
        let r = vm.repr(alias)?;
        let which = if argitems.len() > params.len() { "many" } else { "few" };
        return Err(vm.type_error(format!(
            "Too {which} arguments for {r}; actual {}, expected {}",
            argitems.len(),
            params.len()
        )));
    }
    let mut out = Vec::new();
    for arg in tuple_items(args) {
        if as_type(&arg).is_some() {
            out.push(arg);
            continue;
        }
        let unpack = is_unpacked_typevartuple(vm, &arg)?;
        let new = if let Some(subst) = vm.get_attr_opt(&arg, "__typing_subst__")? {
            let i = params.iter().position(|p| p.is(arg.borrow())).unwrap_or(0);
            vm.call(&subst, &[argitems[i].clone()], &[])?
        } else {
            subs_tvars(vm, &arg, params, &argitems)?
        };
        if unpack {
            out.extend(vm.iterate(&new)?);
        } else {
            out.push(new);
        }
    }
    Ok(out)
}

/// CPython's `subs_tvars`: substitutes inside a nested generic argument
/// (`list[T]` inside `dict[str, list[T]]`).
fn subs_tvars(vm: &mut Vm, obj: &Value, params: &[Value], argitems: &[Value]) -> PyResult<Value> {
    let Some(sub) = vm.get_attr_opt(obj, "__parameters__")? else {
        return Ok(obj.clone());
    };
    let subparams = tuple_items(&sub);
    if subparams.is_empty() {
        return Ok(obj.clone());
    }
    let mut subargs = Vec::new();
    for sp in &subparams {
        let Some(i) = params.iter().position(|p| p.is(sp.borrow())) else {
            subargs.push(sp.clone());
            continue;
        };
        let arg = argitems[i].clone();
        // A TypeVarTuple (iterable, unlike other parameters) substituted
        // by a tuple: its items are spliced in.
        if crate::vm::attr::lookup(params[i].type_of(), "__iter__").is_some() {
            if let Some(t) = downcast::<TupleData>(&arg) {
                subargs.extend(t.items.iter().cloned());
                continue;
            }
        }
        subargs.push(arg);
    }
    let key = vm.new_tuple(subargs);
    vm.getitem(obj, &key)
}
