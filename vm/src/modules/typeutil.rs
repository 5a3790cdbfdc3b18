//! Helpers shared by the native modules: building the leaked, immortal
//! type objects of module-level classes (`collections.deque`,
//! `functools.partial`, the `itertools` iterators, ...) at run time, and
//! exception classes such as `struct.error`.
//!
//! Such a type is flagged `HEAPTYPE` (as CPython's heap types from
//! `PyType_FromSpec` are) so that `__module__` comes from its namespace:
//! `<class 'collections.deque'>`.

use crate::builtins::set_type_attr;
use crate::object::{drop_box, drop_box_dict, type_flags, PyBoxDict, TypeObject};
use crate::types::*;
use crate::value::Value;
use crate::vm::attr::type_value;
use crate::vm::{PyResult, Vm};

/// A new type named `name` in module `module`, deriving from `base`,
/// whose instances have payload `T` (`solid`: the type naming that
/// layout; `None` for the new type itself). `with_dict`: instances carry
/// a `__dict__`; `basetype`: may be subclassed.
pub fn new_type<T>(
    name: &'static str,
    module: &str,
    base: &'static TypeObject,
    solid: Option<&'static TypeObject>,
    with_dict: bool,
    basetype: bool,
) -> &'static TypeObject {
    let mut t = TypeObject::new_static(&TYPE_TYPE, name, drop_box::<T>);
    t.dealloc_with_dict = drop_box_dict::<T>;
    t.dict_offset_with_dict = std::mem::offset_of!(PyBoxDict<T>, dict);
    if with_dict {
        t.dealloc = drop_box_dict::<T>;
        t.dict_offset.set(std::mem::offset_of!(PyBoxDict<T>, dict));
    }
    t.base.set(base);
    t.static_base = base;
    // Native types are immutable (CPython's stdlib C types are), and take
    // the base's collection flag as CPython's type_ready does (defaultdict
    // is a mapping for `match` because dict is).
    let mut flags = type_flags::HEAPTYPE
        | type_flags::IMMUTABLETYPE
        | (base.flags.get() & type_flags::COLLECTION);
    if basetype {
        flags |= type_flags::BASETYPE;
    }
    t.flags.set(flags);
    *t.heap_name.borrow_mut() = Some(name.to_string());
    *t.qualname.borrow_mut() = Some(name.to_string());
    let t: &'static TypeObject = Box::leak(Box::new(t));
    t.solid.set(solid.unwrap_or(t));
    let mut mro = vec![type_value(t)];
    mro.extend(base.mro.borrow().iter().cloned());
    *t.mro.borrow_mut() = mro;
    *t.bases.borrow_mut() = vec![type_value(base)];
    base.subclasses.borrow_mut().push(t as *const TypeObject);
    let m = crate::vm::new::new_str_of(&STR_TYPE, module.into());
    set_type_attr(t, "__module__", m);
    t
}

/// The address of a leaked type, for keeping in a `OnceLock<usize>`.
pub fn type_addr(t: &'static TypeObject) -> usize {
    t as *const TypeObject as usize
}

/// The type at an address from [`type_addr`].
pub fn type_at(p: usize) -> &'static TypeObject {
    // SAFETY: the address of a leaked, immortal type object.
    unsafe { &*(p as *const TypeObject) }
}

/// Marks instances unhashable (`__hash__ = None`).
pub fn set_unhashable(t: &'static TypeObject) {
    set_type_attr(t, "__hash__", Value::none());
}

/// A new exception class `module.name` deriving from `base`.
pub fn new_exception_class(
    vm: &mut Vm,
    module: &str,
    name: &str,
    base: &'static TypeObject,
) -> PyResult<Value> {
    let ns = vm.new_dict();
    let m = vm.new_str(module);
    vm.dict_set_str(&ns, "__module__", m)?;
    let meta = type_value(&TYPE_TYPE);
    vm.new_class(&meta, name, vec![type_value(base)], &ns)
}

/// A module's exception class, made once and remembered in `cell` (the
/// native functions raise it by address): `struct.error`,
/// `binascii.Error`, `zlib.error`, `socket.gaierror`, ...
pub fn module_exception(
    vm: &mut Vm,
    cell: &std::sync::OnceLock<usize>,
    module: &str,
    name: &str,
    base: &'static TypeObject,
) -> PyResult<&'static TypeObject> {
    if let Some(&t) = cell.get() {
        return Ok(type_at(t));
    }
    let e = new_exception_class(vm, module, name, base)?;
    let t = crate::vm::attr::as_type(&e).expect("a class");
    // SAFETY: classes are leaked, immortal type objects.
    let t: &'static TypeObject = unsafe { &*(t as *const TypeObject) };
    let _ = cell.set(type_addr(t));
    Ok(type_at(*cell.get().expect("set")))
}

/// `TypeError: f() takes no keyword arguments`, unless there are none.
pub fn no_kwargs(vm: &mut Vm, a: &crate::vm::Args, fname: &str) -> PyResult<()> {
    if a.has_kwargs() {
        return Err(vm.type_error(format!("{}() takes no keyword arguments", fname)));
    }
    Ok(())
}
