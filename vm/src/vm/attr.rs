//! Attribute access: `object.__getattribute__`/`__setattr__` with the
//! descriptor protocol, lookups along the MRO, instance dicts, and the
//! dict operations (which may run `__eq__`/`__hash__`) used everywhere.

use super::new::*;
use super::{str_of, PyResult, Vm};
use crate::dict::Probe;
use crate::object::{type_flags, ObjHeader, TypeObject};
use crate::objects::*;
use crate::types::*;
use crate::value::Value;
use std::cell::RefCell;

/// The instance `__dict__` slot of `obj`, if its type has one.
fn inst_dict_slot(obj: &Value) -> Option<&crate::object::InstDict> {
    let p = obj.as_object()?;
    // SAFETY: `obj` keeps the object alive.
    let ty = unsafe { p.as_ref() }.ty();
    let off = ty.dict_offset.get();
    if off == 0 {
        return None;
    }
    // SAFETY: a non-zero dict_offset is the offset of an InstDict inside
    // this object's allocation (PyBoxDict<T>), set from offset_of!.
    Some(unsafe { &*((p.as_ptr() as *const u8).add(off) as *const crate::object::InstDict) })
}

/// The instance `__dict__` of `obj` (None if it has none or not yet).
pub fn inst_dict(obj: &Value) -> Option<Value> {
    let raw = raw_inst_dict(obj)?;
    if obj.type_of().has_flag(type_flags::SLOTTED) {
        // The slot holds the `__slots__` storage; a real `__dict__` (if the
        // class allows one) lives in it under the NULL marker key.
        if obj.type_of().slot_names.borrow().is_some() {
            return None;
        }
        let d = downcast::<DictData>(&raw)?;
        let t = d.table.borrow();
        let k = null();
        return t
            .find_simple(crate::vm::ops::id_hash(&k), |x| Some(x.is(k.borrow())))
            .and_then(|i| t.entry_at(i).map(|e| e.value.clone()));
    }
    Some(raw)
}

/// The instance `__dict__`'s table, borrowed without touching counts: the
/// hot-path form of [`inst_dict`] for inline caches. `None` for objects
/// without a dict and for `__slots__` classes (their callers take the
/// slow path).
#[inline]
pub fn inst_table(obj: &Value) -> Option<std::cell::Ref<'_, crate::dict::DictTable>> {
    let slot = inst_dict_slot(obj)?;
    if obj.type_of().has_flag(type_flags::SLOTTED) {
        return None;
    }
    // SAFETY: under the GIL; the slot's dict is kept alive by `obj`, which
    // outlives the borrow, and is replaced only by Python code
    // (`obj.__dict__ = ...`), which cannot run while the `Ref` is held (a
    // `RefCell` borrow is never held across Python code).
    let d = unsafe { (*slot.0.get()).as_ref() }?;
    // SAFETY: the slot holds only dicts (`set_inst_dict`, `slot_storage`).
    Some(unsafe { payload_unchecked::<DictData>(d) }.table.borrow())
}

/// The `__slots__` storage's table of an instance of a class with
/// `__slots__`, borrowed without touching counts (the inline caches'
/// form of [`slot_storage`]); `None` before any slot has been set.
#[inline]
pub fn slot_table(obj: &Value) -> Option<std::cell::Ref<'_, crate::dict::DictTable>> {
    let slot = inst_dict_slot(obj)?;
    // SAFETY: as in `inst_table`: the storage is kept alive by `obj` and
    // only replaced by Python code, which cannot run during the borrow.
    let d = unsafe { (*slot.0.get()).as_ref() }?;
    // SAFETY: the slot holds only dicts (`set_inst_dict`, `slot_storage`).
    Some(unsafe { payload_unchecked::<DictData>(d) }.table.borrow())
}

/// The table a cached attribute store of `kind` writes to (1: the
/// instance dict of a class without `__slots__`, 2: the `__slots__`
/// storage), made empty in the slot if the instance has none yet.
/// `None`: the store takes the slow path.
#[inline]
pub fn store_table(obj: &Value, kind: u64) -> Option<std::cell::RefMut<'_, crate::dict::DictTable>> {
    let slot = inst_dict_slot(obj)?;
    if kind == 1 && obj.type_of().has_flag(type_flags::SLOTTED) {
        return None;
    }
    // SAFETY: under the GIL; the slot is filled here only if empty, and
    // its dict is kept alive by `obj` for the borrow (replaced only by
    // Python code, which cannot run while the `RefMut` is held).
    let cell = unsafe { &mut *slot.0.get() };
    let d = cell.get_or_insert_with(crate::vm::new::new_dict_value);
    // SAFETY: the slot holds only dicts (`set_inst_dict`, `slot_storage`).
    Some(unsafe { payload_unchecked::<DictData>(d) }.table.borrow_mut())
}

/// Whether instances of `obj`'s type have a `__dict__`/`__slots__` slot.
#[inline]
pub fn has_dict_slot(obj: &Value) -> bool {
    inst_dict_slot(obj).is_some()
}

/// The raw instance slot: the `__dict__`, or for classes with
/// `__slots__` the storage of the slot values.
pub fn raw_inst_dict(obj: &Value) -> Option<Value> {
    let slot = inst_dict_slot(obj)?;
    // SAFETY: under the GIL; the slot is read, cloned, not held.
    unsafe { (*slot.0.get()).clone() }
}

/// The slot storage of an instance of a class with `__slots__` (created
/// on demand).
pub fn slot_storage(obj: &Value) -> Option<Value> {
    if let Some(d) = raw_inst_dict(obj) {
        return Some(d);
    }
    let slot = inst_dict_slot(obj)?;
    let d = crate::vm::new::new_dict_value();
    // SAFETY: under the GIL; no reference into the slot is live.
    unsafe { *slot.0.get() = Some(d.clone()) };
    Some(d)
}

/// Sets the instance `__dict__` of `obj` (no-op without a slot).
pub fn set_inst_dict(obj: &Value, d: Value) -> bool {
    // The slot only ever holds a dict (or an instance of a dict
    // subclass): `inst_table`/`slot_table` rely on it.
    if downcast::<DictData>(&d).is_none() {
        return false;
    }
    if obj.type_of().has_flag(type_flags::SLOTTED) {
        if obj.type_of().slot_names.borrow().is_some() {
            return false;
        }
        let Some(st) = slot_storage(obj) else {
            return false;
        };
        let dd = downcast::<DictData>(&st).unwrap();
        let k = null();
        let h = crate::vm::ops::id_hash(&k);
        let found = dd.table.borrow().find_simple(h, |x| Some(x.is(k.borrow())));
        match found {
            Some(i) => drop(dd.table.borrow_mut().replace_value(i, d)),
            None => dd.table.borrow_mut().insert_new(h, k, d),
        }
        return true;
    }
    match inst_dict_slot(obj) {
        Some(slot) => {
            // SAFETY: under the GIL; no reference into the slot is live.
            let old = unsafe { std::mem::replace(&mut *slot.0.get(), Some(d)) };
            drop(old);
            true
        }
        None => false,
    }
}

/// `obj` viewed as a type, if it is one.
#[inline]
pub fn as_type(v: &Value) -> Option<&TypeObject> {
    let p = v.as_object()?;
    // SAFETY: `v` keeps the object alive.
    let ty = unsafe { p.as_ref() }.ty();
    if std::ptr::eq(ty.solid.get(), &TYPE_TYPE) {
        // SAFETY: instances of type (and metaclasses) are TypeObjects.
        Some(unsafe { &*(p.as_ptr() as *const TypeObject) })
    } else {
        None
    }
}

/// A value for a type object.
pub fn type_value(t: &TypeObject) -> Value {
    // SAFETY: types are immortal objects with a header first.
    unsafe { Value::from_borrowed_object(std::ptr::NonNull::from(t).cast::<ObjHeader>()) }
}

/// Fast equality that never runs Python code (see dict.rs).
#[inline]
pub fn fast_eq(a: &Value, b: &Value) -> Option<bool> {
    if a.to_bits() == b.to_bits() {
        // Identity implies equality (NaNs are boxed, see Value::from_f64).
        return Some(true);
    }
    if a.is_int() && b.is_int() {
        return Some(false);
    }
    if let (Some(x), Some(y)) = (a.as_f64(), b.as_f64()) {
        return Some(x == y);
    }
    let ta = a.type_of();
    let tb = b.type_of();
    if std::ptr::eq(ta, &STR_TYPE) && std::ptr::eq(tb, &STR_TYPE) {
        return Some(str_of(a) == str_of(b));
    }
    let simple = |t: &TypeObject| {
        std::ptr::eq(t, &STR_TYPE)
            || std::ptr::eq(t, &INT_TYPE)
            || std::ptr::eq(t, &FLOAT_TYPE)
            || std::ptr::eq(t, &NONE_TYPE)
            || std::ptr::eq(t, &BYTES_TYPE)
            || std::ptr::eq(t, &TYPE_TYPE)
            || std::ptr::eq(t, &BOOL_TYPE)
    };
    if simple(ta) && simple(tb) {
        let numeric = |t: &TypeObject| {
            std::ptr::eq(t, &INT_TYPE)
                || std::ptr::eq(t, &FLOAT_TYPE)
                || std::ptr::eq(t, &BOOL_TYPE)
        };
        if numeric(ta) && numeric(tb) {
            return None;
        }
        if std::ptr::eq(ta, tb) && std::ptr::eq(ta, &BYTES_TYPE) {
            return Some(
                downcast::<BytesData>(a).unwrap().b == downcast::<BytesData>(b).unwrap().b,
            );
        }
        if !std::ptr::eq(ta, tb) || std::ptr::eq(ta, &NONE_TYPE) || std::ptr::eq(ta, &TYPE_TYPE) {
            return Some(false);
        }
    }
    None
}

/// Looks `name` up in a type's own namespace.
pub fn type_dict_get(t: &TypeObject, name: &str) -> Option<Value> {
    let d = t.dict.borrow();
    let h = str_hash(name);
    d.find_simple(h, |k| Some(str_of(k) == name))
        .and_then(|i| d.entry_at(i).map(|e| e.value.clone()))
}

/// The method cache (CPython's `type_cache`): a direct-mapped table of
/// MRO lookups keyed by (type, type version, name hash and length). A hit
/// skips the walk over the MRO's namespaces. Entries hold the raw word of
/// the value found (0: not found): the value stays alive in the type's
/// namespace for as long as the type's version is unchanged, and every
/// namespace change bumps the version of the type and its subclasses.
struct CacheEntry {
    ty: usize,
    version: u32,
    len: u32,
    hash: i64,
    value: u64,
}

const METHOD_CACHE_SIZE: usize = 4096;

struct MethodCache(std::cell::UnsafeCell<[CacheEntry; METHOD_CACHE_SIZE]>);

// SAFETY: only touched by the thread holding the GIL (see object.rs,
// "Threads"), like every other piece of interpreter state.
unsafe impl Sync for MethodCache {}

static METHOD_CACHE: MethodCache = MethodCache(std::cell::UnsafeCell::new(
    [const {
        CacheEntry {
            ty: 0,
            version: 0,
            len: 0,
            hash: 0,
            value: 0,
        }
    }; METHOD_CACHE_SIZE],
));

#[inline]
fn cached_lookup(
    t: &TypeObject,
    hash: i64,
    len: usize,
    walk: impl FnOnce() -> Option<Value>,
) -> Option<Value> {
    let ty = t as *const TypeObject as usize;
    let version = t.version.get();
    let slot = ((ty >> 4) ^ (hash as usize)) & (METHOD_CACHE_SIZE - 1);
    // SAFETY: GIL-protected (see MethodCache); no reference into the table
    // outlives this function, and `walk` (which may not run Python code)
    // does not touch the cache.
    let e = unsafe { &mut (*METHOD_CACHE.0.get())[slot] };
    if e.ty == ty && e.version == version && e.hash == hash && e.len == len as u32 {
        if e.value == 0 {
            return None;
        }
        // SAFETY: the type's version is unchanged, so the value is still
        // in its namespace and alive; we take a new reference.
        return Some(unsafe { crate::value::ValueRef::from_raw(e.value) }.to_value());
    }
    let r = walk();
    *e = CacheEntry {
        ty,
        version,
        len: len as u32,
        hash,
        value: r.as_ref().map_or(0, |v| v.to_bits()),
    };
    r
}

/// `lookup` for a str value `name`, hashing it once (cached in the str).
pub fn lookup_name(t: &TypeObject, name: &Value) -> Option<Value> {
    let h = crate::eval::name_hash(name);
    cached_lookup(t, h, str_of(name).len(), || lookup_name_walk(t, name))
}

fn lookup_name_walk(t: &TypeObject, name: &Value) -> Option<Value> {
    let mro = t.mro.borrow();
    if mro.is_empty() {
        let d = t.dict.borrow();
        return crate::eval::name_index(&d, name)
            .and_then(|i| d.entry_at(i).map(|e| e.value.clone()));
    }
    for c in mro.iter() {
        if let Some(ct) = as_type(c) {
            let d = ct.dict.borrow();
            if let Some(i) = crate::eval::name_index(&d, name) {
                return d.entry_at(i).map(|e| e.value.clone());
            }
        }
    }
    None
}

/// Looks `name` up along the MRO of `t` (CPython's `_PyType_Lookup`).
pub fn lookup(t: &TypeObject, name: &str) -> Option<Value> {
    cached_lookup(t, quick_name_hash(name), name.len(), || {
        lookup_walk(t, name)
    })
}

/// The method-cache key of a Rust-side name (`"__add__"`, `"__len__"`):
/// FNV-1a, far cheaper than str's SipHash for the special-method lookups
/// behind every operator. It only has to agree with itself: entries made
/// by `lookup_name` (keyed by the str's own hash) live in the same table
/// and at worst take each other's slots — a mismatch needs equal length
/// and an equal 64-bit key, as with any two names.
#[inline]
fn quick_name_hash(name: &str) -> i64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in name.as_bytes() {
        h = (h ^ b as u64).wrapping_mul(0x0000_0100_0000_01b3);
    }
    h as i64
}

fn lookup_walk(t: &TypeObject, name: &str) -> Option<Value> {
    let mro = t.mro.borrow();
    if mro.is_empty() {
        return type_dict_get(t, name);
    }
    for c in mro.iter() {
        if let Some(ct) = as_type(c) {
            if let Some(v) = type_dict_get(ct, name) {
                return Some(v);
            }
        }
    }
    None
}

/// The function of a bound method (`types.MethodType`, which cannot be
/// subclassed), for attribute forwarding.
fn method_func(obj: &Value) -> Option<Value> {
    if !std::ptr::eq(obj.type_of(), &METHOD_TYPE) {
        return None;
    }
    downcast::<MethodData>(obj).map(|m| m.func.clone())
}

impl Vm {
    // ---- dicts (may run Python __eq__) ----

    /// Finds `key` (with `hash`) in `table`; runs `__eq__` outside the
    /// borrow and retries if the table changed.
    pub fn table_find<T: crate::dict::Table>(
        &mut self,
        table: &RefCell<T>,
        key: &Value,
        hash: i64,
    ) -> PyResult<Option<usize>> {
        loop {
            let (probe, version) = {
                let t = table.borrow();
                (t.probe(hash, |k| fast_eq(k, key)), t.version())
            };
            match probe {
                Probe::Found(i) => return Ok(Some(i)),
                Probe::Missing => return Ok(None),
                Probe::Undecided(cands) => {
                    let mut found = None;
                    for (i, k) in cands {
                        if self.eq(&k, key)? {
                            found = Some(i);
                            break;
                        }
                    }
                    if table.borrow().version() == version {
                        if let Some(i) = found {
                            return Ok(Some(i));
                        }
                        // Undecided candidates all unequal: look for a
                        // decidable match among the rest.
                        let t = table.borrow();
                        return Ok(match t.probe(hash, |k| Some(fast_eq(k, key) == Some(true))) {
                            Probe::Found(i) => Some(i),
                            _ => None,
                        });
                    }
                }
            }
        }
    }

    pub fn table_get<T: crate::dict::Table>(
        &mut self,
        table: &RefCell<T>,
        key: &Value,
    ) -> PyResult<Option<Value>> {
        let h = self.hash(key)?;
        let i = self.table_find(table, key, h)?;
        Ok(i.and_then(|i| table.borrow().entry_at(i).map(|e| e.value.clone())))
    }

    pub fn table_set<T: crate::dict::Table>(
        &mut self,
        table: &RefCell<T>,
        key: Value,
        value: Value,
    ) -> PyResult<()> {
        let h = self.hash(&key)?;
        self.table_set_hashed(table, key, h, value)
    }

    pub fn table_set_hashed<T: crate::dict::Table>(
        &mut self,
        table: &RefCell<T>,
        key: Value,
        h: i64,
        value: Value,
    ) -> PyResult<()> {
        match self.table_find(table, &key, h)? {
            Some(i) => {
                let old = table.borrow_mut().replace_value(i, value);
                drop(old);
            }
            None => table.borrow_mut().insert_new(h, key, value),
        }
        Ok(())
    }

    /// Removes `key`; returns its value if it was there.
    pub fn table_del<T: crate::dict::Table>(
        &mut self,
        table: &RefCell<T>,
        key: &Value,
    ) -> PyResult<Option<Value>> {
        let h = self.hash(key)?;
        match self.table_find(table, key, h)? {
            Some(i) => {
                let e = table.borrow_mut().remove_at(i);
                Ok(Some(e.value))
            }
            None => Ok(None),
        }
    }

    /// `d[key]` for a dict value `d` (no `__missing__`).
    pub fn dict_get(&mut self, d: &Value, key: &Value) -> PyResult<Option<Value>> {
        let dd = downcast::<DictData>(d).expect("dict");
        self.table_get(&dd.table, key)
    }

    pub fn dict_set(&mut self, d: &Value, key: Value, value: Value) -> PyResult<()> {
        let dd = downcast::<DictData>(d).expect("dict");
        self.table_set(&dd.table, key, value)
    }

    /// Lookup by a Rust string key, without allocating.
    pub fn dict_get_str(&self, d: &Value, key: &str) -> Option<Value> {
        let dd = downcast::<DictData>(d)?;
        let t = dd.table.borrow();
        t.find_simple(str_hash(key), |k| {
            if downcast::<StrData>(k).is_some() {
                Some(str_of(k) == key)
            } else {
                None
            }
        })
        .and_then(|i| t.entry_at(i).map(|e| e.value.clone()))
    }

    pub fn dict_set_str(&mut self, d: &Value, key: &str, value: Value) -> PyResult<()> {
        let k = self.intern(key);
        self.dict_set(d, k, value)
    }

    // ---- attributes ----

    /// `getattr(obj, name)`.
    pub fn get_attr(&mut self, obj: &Value, name: &Value) -> PyResult<Value> {
        (obj.type_of().getattro.get())(self, obj, name)
    }

    pub fn getattr_hook(&mut self, obj: &Value, name: &Value, r: PyResult<Value>) -> PyResult<Value> {
        match r {
            Err(e) if self.err_matches(&e, &ATTRIBUTE_ERROR_TYPE) => {
                if let Some(hook) = lookup(obj.type_of(), "__getattr__") {
                    let r = self.call(&hook, &[obj.clone(), name.clone()], &[]);
                    if let Err(e) = &r {
                        self.attribute_error_context(&e.0, obj, name);
                    }
                    return r;
                }
                Err(e)
            }
            r => r,
        }
    }

    /// An AttributeError from `__getattr__` that names nothing gets
    /// `name` and `obj` (CPython's `set_attribute_error_context`), for
    /// the "Did you mean" hint.
    fn attribute_error_context(&mut self, e: &Value, obj: &Value, name: &Value) {
        if !crate::vm::class::is_instance(e, &ATTRIBUTE_ERROR_TYPE) {
            return;
        }
        let Some(d) = inst_dict(e) else {
            return;
        };
        let set = |vm: &mut Self, k: &str| vm.dict_get_str(&d, k).is_some_and(|v| !v.is_none());
        if set(self, "name") || set(self, "obj") {
            return;
        }
        let _ = self.dict_set_str(&d, "name", name.clone());
        let _ = self.dict_set_str(&d, "obj", obj.clone());
    }

    pub fn get_attr_str(&mut self, obj: &Value, name: &str) -> PyResult<Value> {
        let n = self.intern(name);
        self.get_attr(obj, &n)
    }

    /// `getattr(obj, name, None)`-like: `Ok(None)` on AttributeError.
    pub fn get_attr_opt(&mut self, obj: &Value, name: &str) -> PyResult<Option<Value>> {
        let n = self.intern(name);
        self.lookup_attr(obj, &n)
    }

    /// Is `d` a data descriptor (defines `__set__` or `__delete__`)?
    pub fn is_data_descr(&self, d: &Value) -> bool {
        let t = d.type_of();
        if std::ptr::eq(t, &PROPERTY_TYPE)
            || std::ptr::eq(t, &GETSET_DESCRIPTOR_TYPE)
            || std::ptr::eq(t, &MEMBER_DESCRIPTOR_TYPE)
        {
            return true;
        }
        if std::ptr::eq(t, &FUNCTION_TYPE)
            || std::ptr::eq(t.solid.get(), &BUILTIN_FUNCTION_TYPE)
            || !t.has_flag(type_flags::HEAPTYPE)
        {
            return std::ptr::eq(t.solid.get(), &PROPERTY_TYPE);
        }
        lookup(t, "__set__").is_some() || lookup(t, "__delete__").is_some()
    }

    /// `descr.__get__(obj, owner)` for the descriptor kinds, or `None` if
    /// `descr` is not a descriptor.
    pub fn descr_get(
        &mut self,
        descr: &Value,
        obj: Option<&Value>,
        owner: &Value,
    ) -> PyResult<Option<Value>> {
        let t = descr.type_of();
        if std::ptr::eq(t, &FUNCTION_TYPE) {
            return Ok(Some(match obj {
                Some(o) => self.new_bound_method(descr.clone(), o.clone()),
                None => descr.clone(),
            }));
        }
        if let Some(b) = downcast::<BuiltinFnData>(descr) {
            // Method descriptors bind; a type's `__new__` (a plain
            // builtin function) and class methods do not.
            if b.owner.is_some() && b.self_.is_none() && std::ptr::eq(t, &METHOD_DESCRIPTOR_TYPE) {
                return Ok(Some(match obj {
                    Some(o) => self.new_bound_native(b, o.clone()),
                    None => descr.clone(),
                }));
            }
            return Ok(None);
        }
        if let Some(w) = downcast::<WrapperData>(descr) {
            let inner = w.0.borrow().clone();
            if std::ptr::eq(t, &CLASSMETHOD_TYPE)
                || crate::vm::class::is_subtype(t, &CLASSMETHOD_TYPE)
            {
                let cls = match obj {
                    Some(o) => type_value(o.type_of()),
                    None => owner.clone(),
                };
                // A classmethod wrapping a descriptor chains to it (3.9+).
                return Ok(Some(self.new_bound_method(inner, cls)));
            }
            return Ok(Some(inner));
        }
        if let Some(p) = downcast::<PropertyData>(descr) {
            let Some(o) = obj else {
                return Ok(Some(descr.clone()));
            };
            return match &p.fget {
                Some(g) => {
                    let g = g.clone();
                    Ok(Some(self.call(&g, &[o.clone()], &[])?))
                }
                None => {
                    let msg = match p.name.borrow().as_ref() {
                        Some(n) => format!(
                            "property '{}' of '{}' object has no getter",
                            str_of(n),
                            o.type_of().name()
                        ),
                        None => format!("unreadable attribute"),
                    };
                    Err(self.attribute_error(msg))
                }
            };
        }
        if let Some(g) = downcast::<GetSetData>(descr) {
            return match obj {
                Some(o) => Ok(Some((g.get)(self, o)?)),
                None => Ok(Some(descr.clone())),
            };
        }
        if let Some(m) = downcast::<MemberDescrData>(descr) {
            let Some(o) = obj else {
                return Ok(Some(descr.clone()));
            };
            let n = str_of(&m.name).to_string();
            let v = slot_storage(o).and_then(|d| self.dict_get_str(&d, &n));
            return match v {
                Some(v) => Ok(Some(v)),
                None => Err(self.no_attribute(o, &n)),
            };
        }
        if t.has_flag(type_flags::HEAPTYPE) {
            if let Some(get) = lookup(t, "__get__") {
                let o = obj.cloned().unwrap_or_else(Value::none);
                return Ok(Some(self.call(
                    &get,
                    &[descr.clone(), o, owner.clone()],
                    &[],
                )?));
            }
        }
        Ok(None)
    }

    /// `object.__getattribute__` (and `type.__getattribute__` for types).
    pub fn generic_getattr(&mut self, obj: &Value, name: &Value) -> PyResult<Value> {
        if let Some(t) = as_type(obj) {
            return self.type_getattr(obj, t, name);
        }
        match self.generic_getattr_opt(obj, name)? {
            Some(v) => Ok(v),
            // A bound method's own lookup failed: the function's lookup
            // raises, with its own message (CPython's method_getattro).
            None => match method_func(obj) {
                Some(f) => self.get_attr(&f, name),
                None => Err(self.missing_attribute(obj, name)),
            },
        }
    }

    /// [`Self::generic_getattr`] of a non-type, with a missing attribute
    /// as `Ok(None)` rather than an AttributeError built and then
    /// discarded (`hasattr`, `getattr` with a default).
    fn generic_getattr_opt(&mut self, obj: &Value, name: &Value) -> PyResult<Option<Value>> {
        let ty = obj.type_of();
        let descr = lookup_name(ty, name);
        if let Some(d) = &descr {
            if self.is_data_descr(d) {
                let owner = type_value(ty);
                if let Some(v) = self.descr_get(d, Some(obj), &owner)? {
                    return Ok(Some(v));
                }
            }
        }
        if let Some(d) = inst_dict(obj) {
            if let Some(v) = self.dict_get_str_or_eq(&d, name)? {
                return Ok(Some(v));
            }
        }
        if let Some(d) = descr {
            let owner = type_value(ty);
            return Ok(Some(self.descr_get(&d, Some(obj), &owner)?.unwrap_or(d)));
        }
        if std::ptr::eq(ty.solid.get(), &MODULE_TYPE) {
            if let Some(d) = inst_dict(obj) {
                if let Some(ga) = self.dict_get_str(&d, "__getattr__") {
                    return self.call(&ga, &[name.clone()], &[]).map(Some);
                }
            }
        }
        // A bound method forwards the attributes it lacks to its function
        // (CPython's method_getattro): `m.__isabstractmethod__` of an
        // abstract classmethod, which `_abc_init` asks of inherited names.
        if let Some(f) = method_func(obj) {
            return self.lookup_attr(&f, name);
        }
        Ok(None)
    }

    /// The AttributeError for `obj.name` not found by the generic lookup
    /// (modules name themselves).
    fn missing_attribute(&mut self, obj: &Value, name: &Value) -> super::PyErr {
        let n = str_of(name);
        if std::ptr::eq(obj.type_of().solid.get(), &MODULE_TYPE) {
            if let Some(d) = inst_dict(obj) {
                let modname = self.dict_get_str(&d, "__name__");
                let msg = match modname
                    .as_ref()
                    .filter(|m| downcast::<StrData>(m).is_some())
                {
                    Some(m) => format!("module '{}' has no attribute '{}'", str_of(m), n),
                    None => format!("module has no attribute '{}'", n),
                };
                return self.attribute_error(msg);
            }
        }
        self.no_attribute(obj, n)
    }

    /// `obj.name`, or `Ok(None)` if it has no such attribute (CPython's
    /// `_PyObject_LookupAttr`): objects with the generic lookup answer
    /// without raising; others raise and the AttributeError is caught.
    pub fn lookup_attr(&mut self, obj: &Value, name: &Value) -> PyResult<Option<Value>> {
        let t = obj.type_of();
        let generic_slot: super::slots::GetAttrSlot = super::slots::getattr_generic;
        let generic = std::ptr::fn_addr_eq(t.getattro.get(), generic_slot);
        let r = if generic && as_type(obj).is_none() {
            // A descriptor may still raise AttributeError (a property).
            self.generic_getattr_opt(obj, name)
        } else {
            self.get_attr(obj, name).map(Some)
        };
        match r {
            Ok(v) => Ok(v),
            Err(e) if self.err_matches(&e, &ATTRIBUTE_ERROR_TYPE) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// AttributeError "'T' object has no attribute 'n'" with `name`/`obj`.
    pub fn no_attribute(&mut self, obj: &Value, n: &str) -> super::PyErr {
        let e = self.attribute_error(format!(
            "'{}' object has no attribute '{}'",
            obj.type_of().name(),
            n
        ));
        let nm = self.new_str(n);
        let _ = self.set_inst_attr(&e.0, "name", nm);
        let _ = self.set_inst_attr(&e.0, "obj", obj.clone());
        e
    }

    fn dict_get_str_or_eq(&mut self, d: &Value, name: &Value) -> PyResult<Option<Value>> {
        if let Some(dd) = downcast::<DictData>(d) {
            let t = dd.table.borrow();
            return Ok(crate::eval::name_index(&t, name)
                .and_then(|i| t.entry_at(i).map(|e| e.value.clone())));
        }
        Ok(None)
    }

    fn type_getattr(&mut self, obj: &Value, t: &TypeObject, name: &Value) -> PyResult<Value> {
        let n = str_of(name);
        let meta = obj.type_of();
        let meta_attr = lookup(meta, n);
        if let Some(d) = &meta_attr {
            if self.is_data_descr(d) {
                let mv = type_value(meta);
                if let Some(v) = self.descr_get(d, Some(obj), &mv)? {
                    return Ok(v);
                }
            }
        }
        if let Some(a) = lookup(t, n) {
            return Ok(self.descr_get(&a, None, obj)?.unwrap_or(a));
        }
        if let Some(d) = meta_attr {
            let mv = type_value(meta);
            return Ok(self.descr_get(&d, Some(obj), &mv)?.unwrap_or(d));
        }
        let e = self.attribute_error(format!(
            "type object '{}' has no attribute '{}'",
            t.name(),
            n
        ));
        let nm = self.new_str(n);
        let _ = self.set_inst_attr(&e.0, "name", nm);
        let _ = self.set_inst_attr(&e.0, "obj", obj.clone());
        Err(e)
    }

    /// Sets a key in the instance dict directly (creating the dict).
    pub fn set_inst_attr(&mut self, obj: &Value, name: &str, v: Value) -> PyResult<bool> {
        if inst_dict_slot(obj).is_none() {
            return Ok(false);
        }
        let d = match inst_dict(obj) {
            Some(d) => d,
            None => {
                let d = self.new_dict();
                if !set_inst_dict(obj, d.clone()) {
                    return Ok(false);
                }
                d
            }
        };
        self.dict_set_str(&d, name, v)?;
        Ok(true)
    }

    /// `setattr(obj, name, value)`; `value` None deletes.
    pub fn set_attr(&mut self, obj: &Value, name: &Value, value: Option<Value>) -> PyResult<()> {
        (obj.type_of().setattro.get())(self, obj, name, value)
    }

    pub fn set_attr_str(&mut self, obj: &Value, name: &str, value: Value) -> PyResult<()> {
        let n = self.intern(name);
        self.set_attr(obj, &n, Some(value))
    }

    /// `object.__setattr__` / `object.__delattr__`.
    pub fn generic_setattr(
        &mut self,
        obj: &Value,
        name: &Value,
        value: Option<Value>,
    ) -> PyResult<()> {
        let n = str_of(name).to_string();
        if let Some(t) = as_type(obj) {
            return self.type_setattr(t, name, value);
        }
        let ty = obj.type_of();
        if let Some(d) = lookup(ty, &n) {
            let dt = d.type_of();
            if let Some(p) = downcast::<PropertyData>(&d) {
                let f = if value.is_some() {
                    p.fset.clone()
                } else {
                    p.fdel.clone()
                };
                return match f {
                    Some(f) => {
                        let mut args = vec![obj.clone()];
                        if let Some(v) = value {
                            args.push(v);
                        }
                        self.call(&f, &args, &[])?;
                        Ok(())
                    }
                    None => {
                        let what = if value.is_some() { "setter" } else { "deleter" };
                        let msg =
                            format!("property '{}' of '{}' object has no {}", n, ty.name(), what);
                        Err(self.attribute_error(msg))
                    }
                };
            }
            if let Some(m) = downcast::<MemberDescrData>(&d) {
                let key = m.name.clone();
                let Some(dict) = slot_storage(obj) else {
                    return Err(self.no_attribute(obj, &n));
                };
                return match value {
                    Some(v) => self.dict_set(&dict, key, v),
                    None => {
                        let dd = downcast::<DictData>(&dict).unwrap();
                        match self.table_del(&dd.table, &key)? {
                            Some(_) => Ok(()),
                            None => Err(self.no_attribute(obj, &n)),
                        }
                    }
                };
            }
            if let Some(g) = downcast::<GetSetData>(&d) {
                return match g.set {
                    Some(s) => s(self, obj, value),
                    None => {
                        let msg = format!(
                            "attribute '{}' of '{}' objects is not writable",
                            n,
                            g.owner.name()
                        );
                        Err(self.attribute_error(msg))
                    }
                };
            }
            if dt.has_flag(type_flags::HEAPTYPE) {
                let hook = if value.is_some() {
                    "__set__"
                } else {
                    "__delete__"
                };
                if let Some(f) = lookup(dt, hook) {
                    let mut args = vec![d.clone(), obj.clone()];
                    if let Some(v) = value {
                        args.push(v);
                    }
                    self.call(&f, &args, &[])?;
                    return Ok(());
                }
            }
        }
        if ty.slot_names.borrow().is_some() {
            // Slots without __dict__: only the member descriptors (found
            // above) can store.
            return Err(self.no_attribute(obj, &n));
        }
        if inst_dict_slot(obj).is_some() {
            let d = match inst_dict(obj) {
                Some(d) => d,
                None => {
                    let d = self.new_dict();
                    set_inst_dict(obj, d.clone());
                    d
                }
            };
            return match value {
                Some(v) => self.dict_set(&d, name.clone(), v),
                None => {
                    let dd = downcast::<DictData>(&d).unwrap();
                    match self.table_del(&dd.table, name)? {
                        Some(_) => Ok(()),
                        None => Err(self.no_attribute(obj, &n)),
                    }
                }
            };
        }
        if lookup(ty, &n).is_some() {
            let msg = format!("'{}' object attribute '{}' is read-only", ty.name(), n);
            return Err(self.attribute_error(msg));
        }
        Err(self.no_attribute(obj, &n))
    }

    fn type_setattr(&mut self, t: &TypeObject, name: &Value, value: Option<Value>) -> PyResult<()> {
        let n = str_of(name).to_string();
        if !t.has_flag(type_flags::HEAPTYPE) {
            let msg = format!(
                "cannot set '{}' attribute of immutable type '{}'",
                n,
                t.name()
            );
            return Err(self.type_error(msg));
        }
        // Data descriptors on the metatype (e.g. __name__, __qualname__).
        let tv = type_value(t);
        let meta = tv.type_of();
        if let Some(d) = lookup(meta, &n) {
            if let Some(g) = downcast::<GetSetData>(&d) {
                if let Some(s) = g.set {
                    return s(self, &type_value(t), value);
                }
            }
        }
        let h = str_hash(&n);
        match value {
            Some(v) => {
                let key = self.intern(&n);
                let found = t.dict.borrow().find_simple(h, |k| Some(str_of(k) == n));
                match found {
                    Some(i) => {
                        let old = t.dict.borrow_mut().replace_value(i, v);
                        drop(old);
                    }
                    None => t.dict.borrow_mut().insert_new(h, key, v),
                }
            }
            None => {
                let found = t.dict.borrow().find_simple(h, |k| Some(str_of(k) == n));
                match found {
                    Some(i) => {
                        let e = t.dict.borrow_mut().remove_at(i);
                        drop(e);
                    }
                    None => {
                        let msg = format!("type object '{}' has no attribute '{}'", t.name(), n);
                        return Err(self.attribute_error(msg));
                    }
                }
            }
        }
        crate::vm::class::type_modified(t);
        crate::vm::class::update_flags_for(t, &n);
        Ok(())
    }
}
