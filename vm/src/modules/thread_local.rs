//! `_thread._local` (Lib's `threading.local`): an object whose attributes
//! are per thread.
//!
//! Each instance keeps one dict per thread that touched it, keyed by the
//! thread's ident. Every attribute access first installs the calling
//! thread's dict as the instance `__dict__` and then runs the generic
//! lookup, so descriptors, `__class__`, methods of subclasses and
//! `__dict__` itself behave as on any object. The swap cannot be observed
//! by another thread: it happens under the GIL, immediately before the
//! lookup reads the dict, with no Python code in between (CPython's
//! early `local` did the same).
//!
//! A thread's first access runs the class's `__init__` again with the
//! arguments the instance was created with, as CPython does, and a
//! thread's dicts are dropped when it ends (`forget_thread`).

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::OnceLock;

use crate::builtins::add_methods;
use crate::object::{alloc_object, type_flags, TypeObject};
use crate::objects::*;
use crate::types::*;
use crate::value::Value;
use crate::weaklist::WeakRefData;
use crate::vm::attr::{as_type, lookup, set_inst_dict};
use crate::vm::{str_of, Args, PyResult, Vm};

use super::typeutil::{new_type, type_addr, type_at};

/// The payload of a `_thread._local`.
pub struct LocalData {
    /// Each thread's namespace, by `get_ident()`.
    dicts: RefCell<HashMap<i64, Value>>,
    /// The creation arguments, replayed to `__init__` in new threads.
    args: Vec<Value>,
    kwnames: Vec<Value>,
}

static LOCAL: OnceLock<usize> = OnceLock::new();

pub fn local_type() -> &'static TypeObject {
    type_at(*LOCAL.get_or_init(|| {
        let t = new_type::<LocalData>("_local", "_thread", &OBJECT_TYPE, None, true, true);
        // The flags keep the eval loop's attribute caches (which read
        // instance dicts directly) away from these objects; subclasses
        // inherit them through the methods below.
        t.flags
            .set(t.flags.get() | type_flags::CUSTOM_GETATTR | type_flags::CUSTOM_SETATTR);
        t.getattro.set(local_getattro);
        t.setattro.set(local_setattro);
        add_methods(
            t,
            &[
                ("__new__", local_new),
                ("__getattribute__", local_getattribute),
                ("__setattr__", local_setattr_method),
                ("__delattr__", local_delattr_method),
            ],
        );
        type_addr(t)
    }))
}

// SAFETY: local_type()'s solid layout is LocalData; subclasses share it.
unsafe impl Payload for LocalData {
    fn layout() -> &'static TypeObject {
        local_type()
    }
}

thread_local! {
    /// The locals this thread has a dict in (weak references), so that
    /// its dicts can be dropped when it ends.
    static TOUCHED: RefCell<Vec<Value>> = const { RefCell::new(Vec::new()) };
}

/// Is `__init__` of `t` object's own (which takes no arguments)?
fn default_init(t: &TypeObject) -> bool {
    lookup(t, "__init__").map_or(true, |f| {
        downcast::<BuiltinFnData>(&f)
            .is_some_and(|b| b.owner.is_some_and(|o| std::ptr::eq(o, &OBJECT_TYPE)))
    })
}

fn local_new(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let Some(t) = a.args.first().and_then(as_type) else {
        return Err(vm.type_error("_local.__new__(X): X is not a type object"));
    };
    if !crate::vm::class::is_subtype(t, local_type()) {
        let msg = format!("_local.__new__({}): {} is not a subtype of _local", t.name(), t.name());
        return Err(vm.type_error(msg));
    }
    if a.args.len() > 1 && default_init(t) {
        return Err(vm.type_error("Initialization arguments are not supported"));
    }
    // Keyword values sit at the end of `args`, matching `kwnames`.
    let data = LocalData {
        dicts: RefCell::new(HashMap::new()),
        args: a.args[1..].to_vec(),
        kwnames: a.kwnames.to_vec(),
    };
    let obj = alloc_object(t, data);
    let d = vm.new_dict();
    register(&obj, super::thread::current_ident(), d.clone());
    set_inst_dict(&obj, d);
    Ok(obj)
}

/// Records `d` as thread `me`'s dict of `obj`.
fn register(obj: &Value, me: i64, d: Value) {
    let ld = downcast::<LocalData>(obj).unwrap();
    ld.dicts.borrow_mut().insert(me, d);
    let wr = crate::modules::weakref::weak_ref(obj);
    TOUCHED.with(|t| {
        let mut t = t.borrow_mut();
        // A long-lived thread making many locals: drop the dead ones
        // whenever the list doubles.
        if t.len() >= 64 && t.len().is_power_of_two() {
            t.retain(|w| downcast::<WeakRefData>(w).is_some_and(|w| w.get().is_some()));
        }
        t.push(wr);
    });
}

/// Installs the calling thread's dict as `obj`'s `__dict__` (creating it
/// and running `__init__` on a thread's first access) and returns it.
fn thread_dict(vm: &mut Vm, obj: &Value) -> PyResult<Value> {
    let Some(ld) = downcast::<LocalData>(obj) else {
        return Err(vm.type_error("descriptor requires a '_thread._local' object"));
    };
    let me = super::thread::current_ident();
    let found = ld.dicts.borrow().get(&me).cloned();
    let d = match found {
        Some(d) => d,
        None => {
            let d = vm.new_dict();
            register(obj, me, d.clone());
            set_inst_dict(obj, d.clone());
            let t = obj.type_of();
            if !default_init(t) {
                let init = lookup(t, "__init__").unwrap();
                let mut args = vec![obj.clone()];
                args.extend(ld.args.iter().cloned());
                if let Err(e) = vm.call(&init, &args, &ld.kwnames) {
                    ld.dicts.borrow_mut().remove(&me);
                    return Err(e);
                }
            }
            d
        }
    };
    set_inst_dict(obj, d.clone());
    Ok(d)
}

fn local_getattro(vm: &mut Vm, obj: &Value, name: &Value) -> PyResult<Value> {
    let d = thread_dict(vm, obj)?;
    if str_of(name) == "__dict__" {
        return Ok(d);
    }
    let r = vm.generic_getattr(obj, name);
    vm.getattr_hook(obj, name, r)
}

fn local_setattro(vm: &mut Vm, obj: &Value, name: &Value, value: Option<Value>) -> PyResult<()> {
    thread_dict(vm, obj)?;
    if str_of(name) == "__dict__" {
        let msg = format!(
            "'{}' object attribute '__dict__' is read-only",
            obj.type_of().name()
        );
        return Err(vm.attribute_error(msg));
    }
    vm.generic_setattr(obj, name, value)
}

fn name_arg(vm: &mut Vm, a: &Args, fname: &str, n: usize) -> PyResult<Value> {
    vm.check_args(fname, a, n, n)?;
    let name = a.args[1].clone();
    if downcast::<StrData>(&name).is_none() {
        let msg = format!(
            "attribute name must be string, not '{}'",
            name.type_of().name()
        );
        return Err(vm.type_error(msg));
    }
    Ok(name)
}

fn local_getattribute(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let name = name_arg(vm, &a, "__getattribute__", 2)?;
    let d = thread_dict(vm, &a.args[0])?;
    if str_of(&name) == "__dict__" {
        return Ok(d);
    }
    vm.generic_getattr(&a.args[0], &name)
}

fn local_setattr_method(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let name = name_arg(vm, &a, "__setattr__", 3)?;
    local_setattro(vm, &a.args[0], &name, Some(a.args[2].clone()))?;
    Ok(Value::none())
}

fn local_delattr_method(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let name = name_arg(vm, &a, "__delattr__", 2)?;
    local_setattro(vm, &a.args[0], &name, None)?;
    Ok(Value::none())
}

/// Drops the ending thread's dicts from every local it touched.
pub fn forget_thread() {
    let me = super::thread::current_ident();
    for wr in TOUCHED.with(|t| std::mem::take(&mut *t.borrow_mut())) {
        let target = downcast::<WeakRefData>(&wr).and_then(|w| w.get());
        if let Some(obj) = target {
            if let Some(ld) = downcast::<LocalData>(&obj) {
                let gone = ld.dicts.borrow_mut().remove(&me);
                drop(gone);
            }
        }
    }
}
