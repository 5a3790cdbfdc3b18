//! Classes: subtype checks, C3 linearisation with CPython's error, and
//! creating a class (`type.__new__`), including `__set_name__`,
//! `__init_subclass__` and the flags that route attribute access to
//! Python-level hooks.

use super::attr::{as_type, lookup, type_value};
use super::{str_of, PyResult, Vm};
use crate::object::{type_flags, ObjHeader, TypeObject};
use crate::objects::*;
use crate::types::*;
use crate::value::Value;

/// Is `a` a subtype of `b` (`issubclass` without `__subclasscheck__`)?
#[inline]
pub fn is_subtype(a: &TypeObject, b: &TypeObject) -> bool {
    if std::ptr::eq(a, b) {
        return true;
    }
    let mro = a.mro.borrow();
    if mro.is_empty() {
        // Before init: walk static bases.
        let mut t = a.base.get();
        while !t.is_null() {
            if std::ptr::eq(t, b) {
                return true;
            }
            // SAFETY: base pointers point to live (immortal) types.
            t = unsafe { &*t }.base.get();
        }
        return false;
    }
    mro.iter()
        .any(|m| std::ptr::eq(as_type(m).map_or(std::ptr::null(), |t| t as *const _), b))
}

/// `isinstance(v, t)` without `__instancecheck__`.
#[inline]
pub fn is_instance(v: &Value, t: &TypeObject) -> bool {
    is_subtype(v.type_of(), t)
}

/// Marks a type (and its subclasses) changed: caches keyed on versions
/// miss from now on.
pub fn type_modified(t: &TypeObject) {
    t.version.set(t.version.get().wrapping_add(1));
    t.slots.set(None);
    let subs: Vec<*const TypeObject> = t.subclasses.borrow().clone();
    for s in subs {
        // SAFETY: subclasses are immortal types.
        type_modified(unsafe { &*s });
    }
}

/// Recomputes the attribute-hook flags after `name` changed on `t`.
pub fn update_flags_for(t: &TypeObject, name: &str) {
    if matches!(
        name,
        "__getattribute__" | "__getattr__" | "__setattr__" | "__delattr__" | "__del__"
    ) {
        compute_flags(t);
        let subs: Vec<*const TypeObject> = t.subclasses.borrow().clone();
        for s in subs {
            // SAFETY: subclasses are immortal types.
            update_flags_for(unsafe { &*s }, name);
        }
    }
}

fn compute_flags(t: &TypeObject) {
    let mut f = t.flags.get()
        & !(type_flags::CUSTOM_GETATTR
            | type_flags::HAS_GETATTR_HOOK
            | type_flags::CUSTOM_SETATTR
            | type_flags::HAS_FINALIZER);
    if t.has_flag(type_flags::HEAPTYPE) && lookup(t, "__del__").is_some_and(|d| !d.is_none()) {
        f |= type_flags::HAS_FINALIZER;
    }
    let ga = lookup(t, "__getattribute__");
    if let Some(g) = ga {
        let is_object_default = downcast::<BuiltinFnData>(&g).map_or(false, |b| {
            b.owner.map_or(false, |o| {
                std::ptr::eq(o, &OBJECT_TYPE) || std::ptr::eq(o, &TYPE_TYPE)
            })
        });
        if !is_object_default {
            f |= type_flags::CUSTOM_GETATTR;
        }
    }
    if lookup(t, "__getattr__").is_some() {
        f |= type_flags::HAS_GETATTR_HOOK;
    }
    for n in ["__setattr__", "__delattr__"] {
        if let Some(s) = lookup(t, n) {
            if !super::slots::is_object_setattr(&s) {
                f |= type_flags::CUSTOM_SETATTR;
            }
        }
    }
    t.flags.set(f);
    super::slots::compute_class_slots(t);
}

/// Puts built-in type `t` under `base`, a class made after it (in
/// Python): its own attributes still come first, the rest is inherited,
/// and `isinstance`/`issubclass` see the new ancestry. Used for the
/// native standard streams once `_io`'s classes exist.
pub fn rebase_builtin(vm: &mut Vm, t: &'static TypeObject, base: &Value) -> PyResult<()> {
    let Some(bt) = as_type(base) else {
        return Err(vm.type_error("a base must be a type"));
    };
    if std::ptr::eq(t.base.get(), bt) {
        return Ok(());
    }
    let tv = crate::vm::attr::type_value(t);
    let mro = compute_mro(vm, &tv, std::slice::from_ref(base))?;
    // SAFETY: the old base is a live (immortal) type.
    if let Some(old) = unsafe { t.base.get().as_ref() } {
        old.subclasses.borrow_mut().retain(|s| !std::ptr::eq(*s, t));
    }
    t.base.set(bt);
    *t.bases.borrow_mut() = vec![base.clone()];
    *t.mro.borrow_mut() = mro;
    bt.subclasses.borrow_mut().push(t);
    type_modified(t);
    Ok(())
}

/// C3 linearisation of `t` with `bases`; CPython's TypeError on failure.
pub fn compute_mro(vm: &mut Vm, t: &Value, bases: &[Value]) -> PyResult<Vec<Value>> {
    let mut seqs: Vec<Vec<Value>> = Vec::new();
    for b in bases {
        seqs.push(as_type(b).unwrap().mro.borrow().clone());
    }
    seqs.push(bases.to_vec());
    let mut out = vec![t.clone()];
    loop {
        seqs.retain(|s| !s.is_empty());
        if seqs.is_empty() {
            return Ok(out);
        }
        let mut cand = None;
        for s in &seqs {
            let head = &s[0];
            let in_tail = seqs
                .iter()
                .any(|o| o[1..].iter().any(|x| x.is(head.borrow())));
            if !in_tail {
                cand = Some(head.clone());
                break;
            }
        }
        match cand {
            Some(c) => {
                for s in seqs.iter_mut() {
                    if s[0].is(c.borrow()) {
                        s.remove(0);
                    }
                }
                out.push(c);
            }
            None => {
                let mut names: Vec<String> = Vec::new();
                for s in &seqs {
                    let n = as_type(&s[0]).unwrap().name();
                    if !names.contains(&n) {
                        names.push(n);
                    }
                }
                let msg = format!(
                    "Cannot create a consistent method resolution\norder (MRO) for bases {}",
                    names.join(", ")
                );
                return Err(vm.type_error(msg));
            }
        }
    }
}

/// Fills the MRO of a static type from its static base chain.
pub fn init_static_mro(t: &'static TypeObject) {
    let mut mro = vec![type_value(t)];
    let mut b = t.static_base;
    while !b.is_null() {
        // SAFETY: static bases are statics.
        let bt = unsafe { &*b };
        mro.push(type_value(bt));
        b = bt.static_base;
    }
    if !t.static_base.is_null() {
        // SAFETY: as above.
        let bt = unsafe { &*t.static_base };
        *t.bases.borrow_mut() = vec![type_value(bt)];
        bt.subclasses.borrow_mut().push(t as *const TypeObject);
    }
    *t.mro.borrow_mut() = mro;
}

/// The "solid" base of a class: the base whose layout instances take.
fn best_base<'a>(vm: &mut Vm, bases: &'a [Value]) -> PyResult<&'a TypeObject> {
    let mut winner: Option<&TypeObject> = None;
    for b in bases {
        let bt = as_type(b).unwrap();
        if !bt.has_flag(type_flags::BASETYPE) {
            return Err(vm.type_error(format!(
                "type '{}' is not an acceptable base type",
                bt.name()
            )));
        }
        let cand_solid = bt.solid.get();
        match winner {
            None => winner = Some(bt),
            Some(w) => {
                let ws = w.solid.get();
                if std::ptr::eq(ws, cand_solid) || std::ptr::eq(cand_solid, &OBJECT_TYPE) {
                    continue;
                }
                if std::ptr::eq(ws, &OBJECT_TYPE) {
                    winner = Some(bt);
                    continue;
                }
                // SAFETY: solid pointers point to static types.
                if is_subtype(unsafe { &*cand_solid }, unsafe { &*ws }) {
                    winner = Some(bt);
                } else if !is_subtype(unsafe { &*ws }, unsafe { &*cand_solid }) {
                    return Err(vm.type_error("multiple bases have instance lay-out conflict"));
                }
            }
        }
    }
    Ok(winner.unwrap_or(&OBJECT_TYPE))
}

impl Vm {
    /// `type(name, bases, ns)` with metatype `meta`: a new class.
    pub fn new_class(
        &mut self,
        meta: &Value,
        name: &str,
        bases: Vec<Value>,
        ns: &Value,
    ) -> PyResult<Value> {
        let bases = if bases.is_empty() {
            vec![type_value(&OBJECT_TYPE)]
        } else {
            bases
        };
        for (i, b) in bases.iter().enumerate() {
            if as_type(b).is_none() {
                return Err(self.type_error("bases must be types"));
            }
            if bases[..i].iter().any(|x| x.is(b.borrow())) {
                let msg = format!("duplicate base class {}", as_type(b).unwrap().name());
                return Err(self.type_error(msg));
            }
        }
        let base = best_base(self, &bases)?;
        let solid = base.solid.get();
        let mt = as_type(meta).unwrap();
        let mut t = TypeObject::new_static(&TYPE_TYPE, "", base.dealloc);
        t.dealloc_with_dict = base.dealloc_with_dict;
        t.dict_offset_with_dict = base.dict_offset_with_dict;
        // Classes are immortal (see TypeObject's docs); the header names
        // the metatype.
        t.header = ObjHeader::new_immortal(mt);
        t.solid.set(solid);
        t.base.set(base as *const TypeObject);
        let inherited = bases.iter().fold(0, |f, b| {
            f | (as_type(b).unwrap().flags.get() & type_flags::SLOTTED)
        });
        let declares_slots = self.dict_get_str(ns, "__slots__").is_some();
        t.flags.set(
            type_flags::HEAPTYPE
                | type_flags::BASETYPE
                | (base.flags.get() & type_flags::EXCEPTION)
                | inherited
                | if declares_slots {
                    type_flags::SLOTTED
                } else {
                    0
                },
        );
        *t.heap_name.borrow_mut() = Some(name.to_string());
        // Instances get a __dict__ unless __slots__ says otherwise or the
        // layout is a type.
        let slots = self.dict_get_str(ns, "__slots__");
        let is_type_layout = std::ptr::eq(solid, &TYPE_TYPE);
        let base_has_dict = bases.iter().any(|b| {
            let bt = as_type(b).unwrap();
            bt.dict_offset.get() != 0 && bt.slot_names.borrow().is_none()
        });
        if is_type_layout {
            t.dict_offset.set(0);
        } else if base_has_dict {
            t.dict_offset.set(base.dict_offset_with_dict);
            t.dealloc = base.dealloc_with_dict;
        } else {
            // __slots__ without __dict__: instances still store their slots
            // in a hidden dict, but only the declared names are accepted.
            t.dict_offset.set(base.dict_offset_with_dict);
            t.dealloc = base.dealloc_with_dict;
            if let Some(s) = &slots {
                if !self.slots_include_dict(s)? {
                    let names = if downcast::<StrData>(s).is_some() {
                        vec![s.clone()]
                    } else {
                        self.iterate(s)?
                    };
                    let mut allowed: Vec<String> =
                        names.iter().map(|n| str_of(n).to_string()).collect();
                    for b in &bases {
                        if let Some(bs) = &*as_type(b).unwrap().slot_names.borrow() {
                            allowed.extend(bs.iter().cloned());
                        }
                    }
                    *t.slot_names.borrow_mut() = Some(allowed);
                }
            }
        }
        let tref: &'static TypeObject = Box::leak(Box::new(t));
        let tv = type_value(tref);
        *tref.bases.borrow_mut() = bases.clone();
        let mro = match self.mro_for(&tv, mt, &bases) {
            Ok(m) => m,
            Err(e) => return Err(e),
        };
        // `match`'s sequence/mapping kind comes from the first class on
        // the MRO that has one (CPython's inherit_patma_flags).
        // (skip(1), not [1..]: a metaclass's mro() may return an empty list.)
        let patma = mro
            .iter()
            .skip(1)
            .filter_map(|b| as_type(b))
            .map(|b| b.flags.get() & type_flags::COLLECTION)
            .find(|f| *f != 0)
            .unwrap_or(0);
        tref.flags.set(tref.flags.get() | patma);
        *tref.mro.borrow_mut() = mro;
        // Copy the namespace.
        if let Some(nd) = downcast::<DictData>(ns) {
            let entries: Vec<(Value, Value)> = nd
                .table
                .borrow()
                .iter()
                .map(|e| (e.key.clone(), e.value.clone()))
                .collect();
            for (k, v) in entries {
                let h = self.hash(&k)?;
                tref.dict.borrow_mut().insert_new(h, k, v);
            }
        } else {
            return Err(self.type_error("type() argument 3 must be dict"));
        }
        if self.dict_get_str(ns, "__module__").is_none() {
            if let Some(f) = self.frames.last() {
                if let Some(m) = self.dict_get_str(&f.globals, "__name__") {
                    let k = self.intern("__module__");
                    let h = str_hash("__module__");
                    tref.dict.borrow_mut().insert_new(h, k, m);
                }
            }
        }
        let qn = match self.dict_get_str(ns, "__qualname__") {
            Some(q) => {
                let n = self.intern("__qualname__");
                let idx = tref
                    .dict
                    .borrow()
                    .find_simple(str_hash("__qualname__"), |k| {
                        Some(str_of(k) == "__qualname__")
                    });
                if let Some(i) = idx {
                    tref.dict.borrow_mut().remove_at(i);
                }
                drop(n);
                str_of(&q).to_string()
            }
            None => name.to_string(),
        };
        *tref.qualname.borrow_mut() = Some(qn);
        // __slots__ entries become member descriptors.
        {
            let own: Vec<String> = match self.dict_get_str(ns, "__slots__") {
                Some(s) if downcast::<StrData>(&s).is_some() => vec![str_of(&s).to_string()],
                Some(s) => self
                    .iterate(&s)?
                    .iter()
                    .map(|x| str_of(x).to_string())
                    .collect(),
                None => Vec::new(),
            };
            // A name listed twice (datetime's `date.__slots__ +
            // time.__slots__`) gets one descriptor, as in CPython.
            let mut made: Vec<&String> = Vec::new();
            for n in own
                .iter()
                .filter(|n| *n != "__weakref__" && *n != "__dict__")
            {
                if made.contains(&n) {
                    continue;
                }
                made.push(n);
                if super::attr::type_dict_get(tref, n).is_some() {
                    let msg = format!("'{}' in __slots__ conflicts with class variable", n);
                    return Err(self.value_error(msg));
                }
                let nv = self.intern(n);
                let d = crate::object::alloc_object(
                    &MEMBER_DESCRIPTOR_TYPE,
                    MemberDescrData {
                        name: nv.clone(),
                        owner: tv.clone(),
                    },
                );
                self.type_dict_set(tref, nv, d)?;
            }
        }
        // __new__ is a static method, __init_subclass__/__class_getitem__ class methods.
        for (n, cm) in [
            ("__new__", false),
            ("__init_subclass__", true),
            ("__class_getitem__", true),
        ] {
            if let Some(f) = super::attr::type_dict_get(tref, n) {
                if std::ptr::eq(f.type_of(), &FUNCTION_TYPE) {
                    let w = crate::object::alloc_object(
                        if cm {
                            &CLASSMETHOD_TYPE
                        } else {
                            &STATICMETHOD_TYPE
                        },
                        WrapperData(std::cell::RefCell::new(f)),
                    );
                    let k = self.intern(n);
                    self.type_dict_set(tref, k, w)?;
                }
            }
        }
        if super::attr::type_dict_get(tref, "__doc__").is_none() {
            let k = self.intern("__doc__");
            self.type_dict_set(tref, k, Value::none())?;
        }
        // __eq__ without __hash__ makes instances unhashable.
        if super::attr::type_dict_get(tref, "__eq__").is_some()
            && super::attr::type_dict_get(tref, "__hash__").is_none()
        {
            let k = self.intern("__hash__");
            self.type_dict_set(tref, k, Value::none())?;
        }
        for b in &bases {
            as_type(b)
                .unwrap()
                .subclasses
                .borrow_mut()
                .push(tref as *const TypeObject);
        }
        compute_flags(tref);
        // __set_name__ on attributes.
        let entries: Vec<(Value, Value)> = tref
            .dict
            .borrow()
            .iter()
            .map(|e| (e.key.clone(), e.value.clone()))
            .collect();
        for (k, v) in entries {
            if let Some(sn) = lookup(v.type_of(), "__set_name__") {
                if let Err(e) = self.call(&sn, &[v.clone(), tv.clone(), k.clone()], &[]) {
                    return Err(e);
                }
            }
        }
        // __init_subclass__ of the parent.
        // super().__init_subclass__: the first class after the new one in
        // its MRO that defines it.
        let after: Vec<Value> = tref.mro.borrow().iter().skip(1).cloned().collect();
        let found = after
            .iter()
            .find_map(|c| super::attr::type_dict_get(as_type(c).unwrap(), "__init_subclass__"));
        if let Some(f) = found {
            let bound = self.descr_get(&f, None, &tv)?.unwrap_or(f);
            let kw = std::mem::take(&mut self.class_kwargs);
            let (vals, names): (Vec<Value>, Vec<Value>) = kw.into_iter().unzip();
            self.call(&bound, &vals, &names)?;
        }
        Ok(tv)
    }

    fn mro_for(&mut self, tv: &Value, mt: &TypeObject, bases: &[Value]) -> PyResult<Vec<Value>> {
        // A metaclass may override mro().
        if mt.has_flag(type_flags::HEAPTYPE) {
            if let Some(m) = lookup(mt, "mro") {
                if std::ptr::eq(m.type_of(), &FUNCTION_TYPE) {
                    // Needs the type's MRO to exist for the call itself.
                    *as_type(tv).unwrap().mro.borrow_mut() = compute_mro(self, tv, bases)?;
                    let r = self.call(&m, &[tv.clone()], &[])?;
                    // Checked as CPython's mro_invoke/mro_check check it:
                    // the rest of class creation takes every entry for a
                    // class.
                    let mro = self.iterate(&r)?;
                    if mro.is_empty() {
                        return Err(self.type_error("type MRO must not be empty"));
                    }
                    if let Some(bad) = mro.iter().find(|c| as_type(c).is_none()) {
                        let msg = format!("mro() returned a non-class ('{}')", self.type_name(bad));
                        return Err(self.type_error(msg));
                    }
                    return Ok(mro);
                }
            }
        }
        compute_mro(self, tv, bases)
    }

    fn slots_include_dict(&mut self, slots: &Value) -> PyResult<bool> {
        if downcast::<StrData>(slots).is_some() {
            return Ok(str_of(slots) == "__dict__");
        }
        let items = self.iterate(slots)?;
        Ok(items.iter().any(|s| str_of(s) == "__dict__"))
    }

    /// Sets a key in a type's namespace and invalidates caches.
    pub fn type_dict_set(&mut self, t: &TypeObject, key: Value, v: Value) -> PyResult<()> {
        let n = str_of(&key).to_string();
        let h = str_hash(&n);
        let found = t.dict.borrow().find_simple(h, |k| Some(str_of(k) == n));
        match found {
            Some(i) => drop(t.dict.borrow_mut().replace_value(i, v)),
            None => t.dict.borrow_mut().insert_new(h, key, v),
        }
        type_modified(t);
        update_flags_for(t, &n);
        Ok(())
    }
}

use super::new::str_hash;
