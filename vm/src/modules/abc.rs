//! `_abc`: the native half of Lib's `abc` (CPython's Modules/_abc.c).
//! Without it `abc` falls back to `_py_abc`, which runs every
//! `isinstance`/`issubclass` against an ABC (`collections.abc.Mapping`,
//! `numbers.Number`, ...) through Python code and `WeakSet`s.
//!
//! Each ABC keeps an `_abc_data` in `cls._abc_impl`: the classes
//! registered as virtual subclasses, a cache of classes known to be
//! subclasses and one of classes known not to be (valid while the global
//! invalidation counter, bumped by every `register`, is unchanged). The
//! sets hold weak references keyed by the class's address; a dead entry
//! (or one whose address was reused) is recognised by its reference no
//! longer pointing at the class, and dead entries are pruned as sets grow.
//! (CPython's sets of weak references compare entries with the classes'
//! own `==`/`hash`; keying by identity differs only for a metaclass that
//! overrides both, where CPython would conflate distinct classes.)
//!
//! `__abc_tpflags__` and registration also keep CPython's
//! `Py_TPFLAGS_SEQUENCE`/`Py_TPFLAGS_MAPPING` (`type_flags::SEQUENCE`,
//! `MAPPING`), which is what `match` tests for sequence and mapping
//! patterns.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::sync::OnceLock;

use crate::builtins::add_methods;
use crate::object::{alloc_object, type_flags, TypeObject};
use crate::objects::*;
use crate::types::*;
use crate::value::Value;
use crate::vm::attr::{as_type, type_value};
use crate::vm::new::new_int_i64;
use crate::vm::{str_of, Args, PyResult, Vm};
use crate::weaklist::WeakRefData;

use super::typeutil::{new_type, type_addr, type_at};

/// A set of classes held weakly, keyed by address.
#[derive(Default)]
struct WeakClassSet(RefCell<HashMap<usize, Value>>);

impl WeakClassSet {
    fn alive(wr: &Value) -> Option<Value> {
        downcast::<WeakRefData>(wr).and_then(|w| w.get())
    }

    fn contains(&self, cls: &Value) -> bool {
        let m = self.0.borrow();
        m.get(&(cls.to_bits() as usize))
            .and_then(Self::alive)
            .is_some_and(|c| c.to_bits() == cls.to_bits())
    }

    fn add(&self, cls: &Value) {
        let mut m = self.0.borrow_mut();
        if m.len() >= 32 && m.len().is_power_of_two() {
            m.retain(|_, wr| Self::alive(wr).is_some());
        }
        m.insert(cls.to_bits() as usize, crate::modules::weakref::weak_ref(cls));
    }

    fn clear(&self) {
        let old = std::mem::take(&mut *self.0.borrow_mut());
        drop(old);
    }

    /// The live classes.
    fn members(&self) -> Vec<Value> {
        self.0.borrow().values().filter_map(Self::alive).collect()
    }

    /// The weak references to live classes (`_get_dump`): CPython's
    /// weak-reference callbacks drop an entry as its class dies, so a
    /// dump never shows dead references.
    fn refs(&self) -> Vec<Value> {
        self.0
            .borrow()
            .values()
            .filter(|wr| Self::alive(wr).is_some())
            .cloned()
            .collect()
    }
}

/// The payload of `_abc._abc_data`.
pub struct AbcData {
    registry: WeakClassSet,
    cache: WeakClassSet,
    negative_cache: WeakClassSet,
    negative_cache_version: Cell<u64>,
}

/// Bumped by every `register`: negative caches older than it are stale.
/// Touched only under the GIL.
static INVALIDATION_COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

fn counter() -> u64 {
    INVALIDATION_COUNTER.load(std::sync::atomic::Ordering::Relaxed)
}

static DATA: OnceLock<usize> = OnceLock::new();

fn data_type() -> &'static TypeObject {
    type_at(*DATA.get_or_init(|| {
        let t = new_type::<AbcData>("_abc_data", "_abc", &OBJECT_TYPE, None, false, false);
        add_methods(t, &[("__new__", data_new)]);
        type_addr(t)
    }))
}

// SAFETY: data_type()'s solid layout is AbcData.
unsafe impl Payload for AbcData {
    fn layout() -> &'static TypeObject {
        data_type()
    }
}

fn new_data() -> Value {
    alloc_object(
        data_type(),
        AbcData {
            registry: WeakClassSet::default(),
            cache: WeakClassSet::default(),
            negative_cache: WeakClassSet::default(),
            negative_cache_version: Cell::new(counter()),
        },
    )
}

fn data_new(_vm: &mut Vm, _a: Args) -> PyResult<Value> {
    Ok(new_data())
}

pub fn init(vm: &mut Vm) -> PyResult<Value> {
    let m = vm.new_module("_abc")?;
    let fns: &[(&'static str, NativeFn)] = &[
        ("get_cache_token", get_cache_token),
        ("_abc_init", abc_init),
        ("_abc_register", abc_register),
        ("_abc_instancecheck", abc_instancecheck),
        ("_abc_subclasscheck", abc_subclasscheck),
        ("_get_dump", get_dump),
        ("_reset_registry", reset_registry),
        ("_reset_caches", reset_caches),
    ];
    crate::modules::add_functions(vm, &m, "_abc", fns)?;
    let doc = vm.new_str("Module contains faster C implementation of abc.ABCMeta");
    crate::modules::set_attr(vm, &m, "__doc__", doc)?;
    let key = vm.intern("__doc__");
    let doc = vm.new_str("Internal state held by ABC machinery.");
    vm.type_dict_set(data_type(), key, doc)?;
    Ok(m)
}

/// `cls._abc_impl`, which must be an `_abc_data`.
fn impl_of(vm: &mut Vm, cls: &Value) -> PyResult<Value> {
    let d = vm.get_attr_str(cls, "_abc_impl")?;
    if downcast::<AbcData>(&d).is_none() {
        return Err(vm.type_error("_abc_impl is set to a wrong type"));
    }
    Ok(d)
}

fn data(v: &Value) -> &AbcData {
    downcast::<AbcData>(v).expect("checked by impl_of")
}

fn get_cache_token(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("_abc.get_cache_token", &a, 0, 0)?;
    Ok(new_int_i64(counter() as i64))
}

/// Is `v` true for `__isabstractmethod__`?
fn is_abstract(vm: &mut Vm, v: &Value) -> PyResult<bool> {
    match vm.get_attr_opt(v, "__isabstractmethod__")? {
        Some(f) => vm.truthy(&f),
        None => Ok(false),
    }
}

/// `_abc_init(cls)`: `cls.__abstractmethods__` (the names whose values
/// in the class namespace are abstract, and the inherited abstract names
/// still abstract here), a fresh `_abc_impl`, and `__abc_tpflags__`
/// consumed as CPython consumes it.
fn abc_init(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("_abc._abc_init", &a, 1, 1)?;
    let cls = a.args[0].clone();
    let mut names: Vec<Value> = Vec::new();
    // The namespace's own items, in order (keys(), like CPython, which
    // goes through the mapping protocol for non-dict namespaces).
    let ns = vm.get_attr_str(&cls, "__dict__")?;
    let items_fn = vm.get_attr_str(&ns, "items")?;
    let items = vm.call(&items_fn, &[], &[])?;
    for item in vm.iterate(&items)? {
        let kv = vm.iterate(&item)?;
        if kv.len() != 2 {
            return Err(vm.type_error("items() returned item which size is not 2"));
        }
        if is_abstract(vm, &kv[1])? {
            names.push(kv[0].clone());
        }
    }
    let bases = vm.get_attr_str(&cls, "__bases__")?;
    if downcast::<TupleData>(&bases).is_none() {
        return Err(vm.type_error("__bases__ is not tuple"));
    }
    for base in vm.iterate(&bases)? {
        let Some(base_abstracts) = vm.get_attr_opt(&base, "__abstractmethods__")? else {
            continue;
        };
        for name in vm.iterate(&base_abstracts)? {
            // getattr(cls, name) (CPython's _PyObject_LookupAttr) takes
            // only str names.
            if downcast::<StrData>(&name).is_none() {
                let msg = format!("attribute name must be string, not '{}'", vm.type_name(&name));
                return Err(vm.type_error(msg));
            }
            let value = match vm.get_attr_opt(&cls, str_of(&name))? {
                Some(v) => v,
                None => continue,
            };
            if is_abstract(vm, &value)? {
                names.push(name);
            }
        }
    }
    let set = vm.new_set(true);
    if let Some(sd) = downcast::<SetData>(&set) {
        for n in names {
            vm.table_set(&sd.table, n, Value::none())?;
        }
    }
    vm.set_attr_str(&cls, "__abstractmethods__", set)?;
    vm.set_attr_str(&cls, "_abc_impl", new_data())?;
    // `__abc_tpflags__` (collections.abc's Sequence and Mapping) marks the
    // class a sequence or mapping for `match`. As in CPython: only an
    // exact int counts (its SEQUENCE/MAPPING bits, CPython's 1 << 5 and
    // 1 << 6, are or-ed in), it must fit a C long, it may not ask for
    // both, and the name is removed from the namespace whatever it holds.
    if let Some(t) = as_type(&cls) {
        if let Some(flags) = crate::vm::attr::type_dict_get(t, "__abc_tpflags__") {
            if std::ptr::eq(flags.type_of(), &INT_TYPE) {
                let Some(val) = vm.index(&flags)?.to_i64() else {
                    return Err(vm.overflow_error("Python int too large to convert to C long"));
                };
                let (seq, map) = (val & CPY_SEQUENCE != 0, val & CPY_MAPPING != 0);
                if seq && map {
                    let msg = "__abc_tpflags__ cannot be both Py_TPFLAGS_SEQUENCE and Py_TPFLAGS_MAPPING";
                    return Err(vm.type_error(msg));
                }
                let add = if seq {
                    type_flags::SEQUENCE
                } else if map {
                    type_flags::MAPPING
                } else {
                    0
                };
                t.flags.set(t.flags.get() | add);
            }
            let key = vm.intern("__abc_tpflags__");
            vm.set_attr(&cls, &key, None)?;
        }
    }
    Ok(Value::none())
}

/// CPython's `Py_TPFLAGS_SEQUENCE` and `Py_TPFLAGS_MAPPING` values, as
/// `__abc_tpflags__` spells them.
const CPY_SEQUENCE: i64 = 1 << 5;
const CPY_MAPPING: i64 = 1 << 6;

/// Gives `child` and, below it, its subclasses the collection kind `flag`
/// of an ABC it was registered with (CPython's
/// set_collection_flag_recursive): built-in and native types keep theirs,
/// and a class that already has exactly `flag` is left alone together
/// with its subclasses. A work list, not recursion: class trees may be
/// deep.
fn set_collection_flag_recursive(child: &TypeObject, flag: u32) {
    let mut work: Vec<*const TypeObject> = vec![child as *const TypeObject];
    while let Some(p) = work.pop() {
        // SAFETY: `child` is a live type and `subclasses` holds pointers to
        // classes, which are immortal (TypeObject's docs), so every pointer
        // on the list points at a live TypeObject.
        let t = unsafe { &*p };
        let immutable =
            !t.has_flag(type_flags::HEAPTYPE) || t.has_flag(type_flags::IMMUTABLETYPE);
        if immutable || t.flags.get() & type_flags::COLLECTION == flag {
            continue;
        }
        t.flags.set((t.flags.get() & !type_flags::COLLECTION) | flag);
        work.extend(t.subclasses.borrow().iter().copied());
    }
}

/// `obj.name(*args)` with `name` found as any attribute is (CPython's
/// PyObject_CallMethod): a class's own `__subclasses__ = f` counts.
fn call_attr(vm: &mut Vm, obj: &Value, name: &str, args: &[Value]) -> PyResult<Value> {
    let f = vm.get_attr_str(obj, name)?;
    vm.call(&f, args, &[])
}

fn issubclass(vm: &mut Vm, c: &Value, cls: &Value) -> PyResult<bool> {
    crate::builtins::module::issubclass(vm, c, cls)
}

/// The argument check of the two-argument helpers, worded as CPython's
/// argument clinic words it: keywords are refused under the qualified
/// name ("_abc._abc_register() takes no keyword arguments"), a wrong
/// count under the bare one ("_abc_register expected 2 arguments, got 1").
fn check_two(vm: &mut Vm, name: &str, a: &Args) -> PyResult<()> {
    if a.has_kwargs() {
        return Err(vm.type_error(format!("_abc.{}() takes no keyword arguments", name)));
    }
    vm.check_args(name, a, 2, 2)
}

/// `_abc_register(cls, subclass)`.
fn abc_register(vm: &mut Vm, a: Args) -> PyResult<Value> {
    check_two(vm, "_abc_register", &a)?;
    let (cls, sub) = (a.args[0].clone(), a.args[1].clone());
    if as_type(&sub).is_none() {
        return Err(vm.type_error("Can only register classes"));
    }
    if issubclass(vm, &sub, &cls)? {
        return Ok(sub); // Already a subclass.
    }
    // Subtle: test for cycles *after* testing for "already a subclass";
    // this means we allow X.register(X) and interpret it as a no-op.
    if issubclass(vm, &cls, &sub)? {
        return Err(vm.runtime_error("Refusing to create an inheritance cycle"));
    }
    let d = impl_of(vm, &cls)?;
    data(&d).registry.add(&sub);
    INVALIDATION_COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    // A class registered with a sequence or mapping ABC matches sequence or
    // mapping patterns from now on.
    if let (Some(abc_t), Some(sub_t)) = (as_type(&cls), as_type(&sub)) {
        let flag = abc_t.flags.get() & type_flags::COLLECTION;
        if flag != 0 {
            set_collection_flag_recursive(sub_t, flag);
        }
    }
    Ok(sub)
}

/// `_abc_instancecheck(cls, instance)`.
fn abc_instancecheck(vm: &mut Vm, a: Args) -> PyResult<Value> {
    check_two(vm, "_abc_instancecheck", &a)?;
    let (cls, inst) = (a.args[0].clone(), a.args[1].clone());
    let d = impl_of(vm, &cls)?;
    let subclass = vm.get_attr_str(&inst, "__class__")?;
    if data(&d).cache.contains(&subclass) {
        return Ok(Value::from_bool(true));
    }
    let subtype = type_value(inst.type_of());
    if subtype.to_bits() == subclass.to_bits() {
        let ad = data(&d);
        if ad.negative_cache_version.get() == counter() && ad.negative_cache.contains(&subclass) {
            return Ok(Value::from_bool(false));
        }
        // Fall back to the subclass check.
        return call_attr(vm, &cls, "__subclasscheck__", &[subclass]);
    }
    let r = call_attr(vm, &cls, "__subclasscheck__", &[subclass])?;
    if vm.truthy(&r)? {
        return Ok(r);
    }
    call_attr(vm, &cls, "__subclasscheck__", &[subtype])
}

/// `_abc_subclasscheck(cls, subclass)`.
fn abc_subclasscheck(vm: &mut Vm, a: Args) -> PyResult<Value> {
    check_two(vm, "_abc_subclasscheck", &a)?;
    let (cls, sub) = (a.args[0].clone(), a.args[1].clone());
    let Some(sub_t) = as_type(&sub) else {
        return Err(vm.type_error("issubclass() arg 1 must be a class"));
    };
    let d = impl_of(vm, &cls)?;
    let ad = data(&d);
    // 1. The positive cache.
    if ad.cache.contains(&sub) {
        return Ok(Value::from_bool(true));
    }
    // 2. The negative cache, unless a registration made it stale.
    if ad.negative_cache_version.get() < counter() {
        ad.negative_cache.clear();
        ad.negative_cache_version.set(counter());
    } else if ad.negative_cache.contains(&sub) {
        return Ok(Value::from_bool(false));
    }
    // 3. The subclass hook.
    let ok = call_attr(vm, &cls, "__subclasshook__", &[sub.clone()])?;
    if ok.to_bits() == Value::from_bool(true).to_bits() {
        ad.cache.add(&sub);
        return Ok(ok);
    }
    if ok.to_bits() == Value::from_bool(false).to_bits() {
        ad.negative_cache.add(&sub);
        return Ok(ok);
    }
    if ok.to_bits() != crate::vm::new::not_implemented().to_bits() {
        let msg = "__subclasshook__ must return either False, True, or NotImplemented";
        return Err(vm.new_exc(&ASSERTION_ERROR_TYPE, msg));
    }
    // 4. A real subclass: cls is on its MRO.
    let on_mro = sub_t.mro.borrow().iter().any(|c| c.to_bits() == cls.to_bits());
    if on_mro {
        ad.cache.add(&sub);
        return Ok(Value::from_bool(true));
    }
    // 5. A registered class itself: true without caching it (CPython's
    // fast path); then a subclass of a registered class, over a snapshot
    // of the registry since the checks run Python code.
    if ad.registry.contains(&sub) {
        return Ok(Value::from_bool(true));
    }
    for rcls in ad.registry.members() {
        if issubclass(vm, &sub, &rcls)? {
            ad.cache.add(&sub);
            return Ok(Value::from_bool(true));
        }
    }
    // 6. A subclass of a subclass (recursively, through their checks).
    let subclasses = call_attr(vm, &cls, "__subclasses__", &[])?;
    if downcast::<ListData>(&subclasses).is_none() {
        return Err(vm.type_error("__subclasses__() must return a list"));
    }
    for scls in vm.iterate(&subclasses)? {
        if issubclass(vm, &sub, &scls)? {
            ad.cache.add(&sub);
            return Ok(Value::from_bool(true));
        }
    }
    // No dice; update the negative cache.
    ad.negative_cache.add(&sub);
    Ok(Value::from_bool(false))
}

/// `_get_dump(cls)`: the registry, cache and negative cache as sets of
/// weak references, and the negative cache's version (for
/// `abc._dump_registry` and refleak hunting in CPython's tests).
fn get_dump(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("_abc._get_dump", &a, 1, 1)?;
    let d = impl_of(vm, &a.args[0])?;
    let ad = data(&d);
    let mut out = Vec::new();
    for s in [&ad.registry, &ad.cache, &ad.negative_cache] {
        let set = vm.new_set(false);
        if let Some(sd) = downcast::<SetData>(&set) {
            for r in s.refs() {
                vm.table_set(&sd.table, r, Value::none())?;
            }
        }
        out.push(set);
    }
    out.push(new_int_i64(ad.negative_cache_version.get() as i64));
    Ok(vm.new_tuple(out))
}

fn reset_registry(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("_abc._reset_registry", &a, 1, 1)?;
    let d = impl_of(vm, &a.args[0])?;
    data(&d).registry.clear();
    Ok(Value::none())
}

fn reset_caches(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("_abc._reset_caches", &a, 1, 1)?;
    let d = impl_of(vm, &a.args[0])?;
    data(&d).cache.clear();
    data(&d).negative_cache.clear();
    Ok(Value::none())
}
