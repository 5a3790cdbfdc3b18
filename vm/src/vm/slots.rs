//! The attribute and call slots of type objects — CPython's `tp_getattro`,
//! `tp_setattro` and `tp_call`.
//!
//! `Vm::get_attr`, `Vm::set_attr` and `Vm::call` jump through the type's
//! slot instead of testing the object's type against a list of cases: each
//! kind of object brings its own entry point, chosen once (when the type is
//! created, or when a class gains or loses `__getattribute__`,
//! `__getattr__`, `__setattr__` or `__delattr__`). The inline caches of the
//! eval loop still come first; the slots are what a cache miss and every
//! native caller reach.
//!
//! Defaults (`TypeObject::new_static`): `object.__getattribute__`,
//! `object.__setattr__` and "look up `__call__`" — correct for any type, so
//! a type created natively elsewhere needs nothing. Built-in types with a
//! faster or different entry point set theirs in [`init_builtin_slots`];
//! classes get theirs from [`compute_class_slots`].

use super::attr::lookup;
use super::{PyResult, Vm};
use crate::object::{type_flags, TypeObject};
use crate::objects::*;
use crate::types::*;
use crate::value::Value;

/// `tp_getattro`: `getattr(obj, name)`, `name` a str.
pub type GetAttrSlot = fn(&mut Vm, &Value, &Value) -> PyResult<Value>;
/// `tp_setattro`: `setattr(obj, name, value)`, or `delattr` with `None`.
pub type SetAttrSlot = fn(&mut Vm, &Value, &Value, Option<Value>) -> PyResult<()>;
/// `tp_call`: `f(*args)`, the last `kwnames.len()` of `args` by keyword.
pub type CallSlot = fn(&mut Vm, &Value, &[Value], &[Value]) -> PyResult<Value>;

/// `object.__getattribute__`: descriptors, the instance dict, the MRO
/// (types and modules included: `generic_getattr` knows them).
pub fn getattr_generic(vm: &mut Vm, obj: &Value, name: &Value) -> PyResult<Value> {
    vm.generic_getattr(obj, name)
}

/// A class with `__getattr__` but the default `__getattribute__`: the
/// generic lookup, then the hook on AttributeError.
fn getattr_with_hook(vm: &mut Vm, obj: &Value, name: &Value) -> PyResult<Value> {
    let r = vm.generic_getattr(obj, name);
    vm.getattr_hook(obj, name, r)
}

/// A type whose `__getattribute__` is not `object`'s (a class's Python
/// method, or a native one such as `super`'s): call it, then `__getattr__`
/// on AttributeError.
fn getattr_custom(vm: &mut Vm, obj: &Value, name: &Value) -> PyResult<Value> {
    let r = match lookup(obj.type_of(), "__getattribute__") {
        Some(ga) => vm.call(&ga, &[obj.clone(), name.clone()], &[]),
        None => vm.generic_getattr(obj, name),
    };
    vm.getattr_hook(obj, name, r)
}

/// `object.__setattr__` / `object.__delattr__`.
pub fn setattr_generic(vm: &mut Vm, obj: &Value, name: &Value, value: Option<Value>) -> PyResult<()> {
    vm.generic_setattr(obj, name, value)
}

/// Is `f` `object.__setattr__`/`__delattr__` (a native method owned by
/// `object`), which the generic path does without a call?
pub fn is_object_setattr(f: &Value) -> bool {
    std::ptr::eq(f.type_of(), &METHOD_DESCRIPTOR_TYPE)
        && downcast::<BuiltinFnData>(f)
            .is_some_and(|b| b.owner.is_some_and(|o| std::ptr::eq(o, &OBJECT_TYPE)))
}

/// A class defining `__setattr__` or `__delattr__` (in Python, or
/// inheriting a native one other than `object`'s): call the hook.
fn setattr_custom(vm: &mut Vm, obj: &Value, name: &Value, value: Option<Value>) -> PyResult<()> {
    let hook = if value.is_some() {
        "__setattr__"
    } else {
        "__delattr__"
    };
    if let Some(f) = lookup(obj.type_of(), hook) {
        // `object.__setattr__` itself (the other hook is the custom
        // one): no call needed.
        if !is_object_setattr(&f) {
            let mut args = vec![obj.clone(), name.clone()];
            args.extend(value);
            vm.call(&f, &args, &[])?;
            return Ok(());
        }
    }
    vm.generic_setattr(obj, name, value)
}

/// Calling a Python function: a fresh frame, run to completion.
fn call_function(vm: &mut Vm, f: &Value, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let frame = vm.make_frame(f, None, args, kwnames)?;
    vm.run_frame(frame)
}

/// Calling a native function or method descriptor.
fn call_builtin(vm: &mut Vm, f: &Value, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    // SAFETY: this slot is installed only on the types whose payload is
    // `BuiltinFnData` (solid BUILTIN_FUNCTION_TYPE), so every `f` that
    // reaches it has that payload.
    let b = unsafe { payload_unchecked::<BuiltinFnData>(f) };
    let func = b.f;
    if b.arity != ANY_ARITY {
        let given = args.len().saturating_sub(kwnames.len() + usize::from(b.self_.is_none()));
        vm.check_arity(b, given, kwnames)?;
    }
    match &b.self_ {
        Some(s) => {
            let mut v = Vec::with_capacity(args.len() + 1);
            v.push(s.clone());
            v.extend_from_slice(args);
            vm.call_native(func, super::Args { args: &v, kwnames })
        }
        None => {
            if let Some(owner) = b.owner {
                vm.check_descr_self(b, owner, args)?;
            }
            vm.call_native(func, super::Args { args, kwnames })
        }
    }
}

impl Vm {
    /// One more level of native recursion (CPython's
    /// `Py_EnterRecursiveCall`): RecursionError past the limit. The caller
    /// takes `depth` back down by one when the nested call returns.
    #[inline]
    pub fn enter_recursive(&mut self, context: &str) -> PyResult<()> {
        if self.depth >= self.recursion_limit {
            return Err(self.new_exc(
                &RECURSION_ERROR_TYPE,
                format!("maximum recursion depth exceeded{context}"),
            ));
        }
        self.depth += 1;
        Ok(())
    }

    /// A special method's argument count, as CPython's slot wrappers check
    /// it (see [`BuiltinFnData::arity`]).
    #[inline]
    pub(crate) fn check_arity(&mut self, b: &BuiltinFnData, given: usize, kwnames: &[Value]) -> PyResult<()> {
        if given == (b.arity & !METHOD_ARITY) as usize && kwnames.is_empty() {
            return Ok(());
        }
        Err(self.arity_error(b, given, kwnames))
    }

    #[cold]
    fn arity_error(&mut self, b: &BuiltinFnData, given: usize, kwnames: &[Value]) -> super::PyErr {
        let n = b.arity & !METHOD_ARITY;
        if b.arity & METHOD_ARITY != 0 {
            let qual = match b.owner {
                Some(t) => format!("{}.{}", t.name(), b.name),
                None => b.name.to_string(),
            };
            if !kwnames.is_empty() {
                return self.type_error(format!("{qual}() takes no keyword arguments"));
            }
            let want = if n == 0 { "no arguments" } else { "exactly one argument" };
            return self.type_error(format!("{qual}() takes {want} ({given} given)"));
        }
        if !kwnames.is_empty() {
            return self.type_error(format!("wrapper {}() takes no keyword arguments", b.name));
        }
        let s = if n == 1 { "" } else { "s" };
        // The two-argument wrappers (`__setitem__`, `__setattr__`,
        // `__set__`) unpack with an empty function name in CPython, which
        // leaves a leading space in the message.
        let lead = if n == 2 { " " } else { "" };
        self.type_error(format!("{lead}expected {n} argument{s}, got {given}"))
    }
}

/// Calling a bound method: the function with `self` in front.
fn call_bound_method(vm: &mut Vm, f: &Value, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    // SAFETY: installed only on METHOD_TYPE, whose payload is MethodData.
    let m = unsafe { payload_unchecked::<MethodData>(f) };
    let (func, s) = (m.func.clone(), m.self_.clone());
    if std::ptr::eq(func.type_of(), &FUNCTION_TYPE) {
        let frame = vm.make_frame(&func, Some(s), args, kwnames)?;
        return vm.run_frame(frame);
    }
    let mut v = Vec::with_capacity(args.len() + 1);
    v.push(s);
    v.extend_from_slice(args);
    vm.call(&func, &v, kwnames)
}

/// Calling a type (or an instance of a metaclass): `type.__call__`, or
/// the metaclass's own `__call__`.
fn call_type(vm: &mut Vm, f: &Value, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    vm.call_type(f, args, kwnames)
}

/// Any other object: its type's `__call__`, or CPython's TypeError.
pub fn call_generic(vm: &mut Vm, f: &Value, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let t = f.type_of();
    if let Some(c) = lookup(t, "__call__") {
        // `__call__` may itself be an instance with a `__call__` ...:
        // bounded like Python calls (CPython's slot_tp_call).
        vm.enter_recursive(" while calling a Python object")?;
        let ct = c.type_of();
        let r = if std::ptr::eq(ct, &FUNCTION_TYPE) || std::ptr::eq(ct, &METHOD_DESCRIPTOR_TYPE) {
            let mut v = Vec::with_capacity(args.len() + 1);
            v.push(f.clone());
            v.extend_from_slice(args);
            vm.call(&c, &v, kwnames)
        } else {
            // Anything else is bound as its descriptor says: a built-in
            // function has no `__get__` and is called without the
            // instance (typing's `NewType.__call__ = _idfunc`).
            let owner = crate::vm::attr::type_value(t);
            match vm.descr_get(&c, Some(f), &owner) {
                Ok(bound) => vm.call(&bound.unwrap_or(c), args, kwnames),
                Err(e) => Err(e),
            }
        };
        vm.depth -= 1;
        return r;
    }
    Err(vm.type_error(format!("'{}' object is not callable", t.name())))
}

/// The built-in types whose entry points differ from the defaults. Run
/// once, after the namespaces are filled.
pub fn init_builtin_slots() {
    FUNCTION_TYPE.call.set(call_function);
    BUILTIN_FUNCTION_TYPE.call.set(call_builtin);
    METHOD_DESCRIPTOR_TYPE.call.set(call_builtin);
    METHOD_TYPE.call.set(call_bound_method);
    TYPE_TYPE.call.set(call_type);
    // `super.__getattribute__` skips the class being looked past; a
    // generic alias forwards unknown names to its origin (`__getattr__`).
    SUPER_TYPE.flags.set(SUPER_TYPE.flags.get() | type_flags::CUSTOM_GETATTR);
    GENERIC_ALIAS_TYPE
        .flags
        .set(GENERIC_ALIAS_TYPE.flags.get() | type_flags::HAS_GETATTR_HOOK);
    for t in [&SUPER_TYPE, &GENERIC_ALIAS_TYPE] {
        set_attr_slots_from_flags(t);
    }
}

/// The attribute slots that `t`'s hook flags call for.
fn set_attr_slots_from_flags(t: &TypeObject) {
    t.getattro.set(if t.has_flag(type_flags::CUSTOM_GETATTR) {
        getattr_custom
    } else if t.has_flag(type_flags::HAS_GETATTR_HOOK) {
        getattr_with_hook
    } else {
        getattr_generic
    });
    t.setattro.set(if t.has_flag(type_flags::CUSTOM_SETATTR) {
        setattr_custom
    } else {
        setattr_generic
    });
}

/// A class's slots, after its hook flags were (re)computed: attribute
/// access from the flags; a metaclass's instances are types, called as
/// types (its Python `__call__` is found there); any other class's
/// instances through `__call__`.
pub fn compute_class_slots(t: &TypeObject) {
    set_attr_slots_from_flags(t);
    t.call.set(if std::ptr::eq(t.solid.get(), &TYPE_TYPE) {
        call_type
    } else {
        call_generic
    });
}
