//! The built-in types' methods and the `builtins` module.
//!
//! Each file declares its methods as a table of `(name, fn)` rows; the
//! `methods!` tables are installed once per process into the static
//! types' namespaces (`init_types_once`). Native functions take
//! `(vm, Args)`; for methods `args.args[0]` is `self`.

pub mod arity_table;
pub mod bytes;
pub mod containers;
pub mod dict;
pub mod exceptions;
pub mod format_str;
pub mod gen;
pub mod generic_alias;
pub mod iters;
pub mod matching;
pub mod module;
pub mod numbers;
pub mod object;
pub mod strings;

use crate::object::{alloc_object, TypeObject};
use crate::objects::*;
use crate::types::*;
use crate::value::Value;
use crate::vm::new::str_hash;
use crate::vm::{Args, PyResult, Vm};

/// A method table row.
pub type Method = (&'static str, NativeFn);
/// A native attribute row: name, getter, optional setter.
pub type GetSet = (
    &'static str,
    fn(&mut Vm, &Value) -> PyResult<Value>,
    Option<fn(&mut Vm, &Value, Option<Value>) -> PyResult<()>>,
);

/// Installs methods into a static type's namespace.
/// The type of a built-in type's function `name`: a method descriptor,
/// except `__new__`, which (as in CPython) is a builtin function of the
/// type: `int.__new__.__self__ is int`, and `(5).__new__` does not bind.
pub fn method_kind(name: &str) -> &'static TypeObject {
    if name == "__new__" {
        &BUILTIN_FUNCTION_TYPE
    } else {
        &METHOD_DESCRIPTOR_TYPE
    }
}

pub fn add_methods(t: &'static TypeObject, methods: &[Method]) {
    for (name, f) in methods {
        let d = alloc_object(
            method_kind(name),
            BuiltinFnData {
                name,
                f: *f,
                self_: None,
                owner: Some(t),
                module: None,
                doc: None,
                arity: crate::objects::native_arity(t.name, name),
            },
        );
        set_type_attr(t, name, d);
    }
}

/// Installs class methods (bound to the class when looked up).
pub fn add_classmethods(t: &'static TypeObject, methods: &[Method]) {
    for (name, f) in methods {
        // A plain builtin (no owner): its first argument is the class.
        let d = alloc_object(
            &BUILTIN_FUNCTION_TYPE,
            BuiltinFnData {
                name,
                f: *f,
                self_: None,
                owner: None,
                module: None,
                doc: None,
                arity: crate::objects::ANY_ARITY,
            },
        );
        let w = alloc_object(&CLASSMETHOD_TYPE, WrapperData(std::cell::RefCell::new(d)));
        set_type_attr(t, name, w);
    }
}

/// Installs native attributes.
pub fn add_getsets(t: &'static TypeObject, rows: &[GetSet]) {
    for (name, get, set) in rows {
        let d = alloc_object(
            &GETSET_DESCRIPTOR_TYPE,
            GetSetData {
                name,
                owner: t,
                get: *get,
                set: *set,
            },
        );
        set_type_attr(t, name, d);
    }
}

/// Sets `t.name = v` during initialisation.
pub fn set_type_attr(t: &'static TypeObject, name: &str, v: Value) {
    let key = crate::vm::new::new_str_of(&STR_TYPE, name.into());
    let h = str_hash(name);
    let found = t
        .dict
        .borrow()
        .find_simple(h, |k| Some(crate::vm::str_of(k) == name));
    match found {
        Some(i) => drop(t.dict.borrow_mut().replace_value(i, v)),
        None => t.dict.borrow_mut().insert_new(h, key, v),
    }
    // Caches keyed on the type's version must miss from now on.
    crate::vm::class::type_modified(t);
}

/// Fills `t.slots` from the native methods its namespace (and bases) hold:
/// one pass over the namespaces along the MRO, the first definition of a
/// name deciding its slot (as a lookup would), native methods becoming
/// slots and anything else leaving the slot empty.
fn fill_native_slots(t: &'static TypeObject, names: &std::collections::HashMap<&str, (u8, usize)>) {
    use crate::object::{NativeSlots, Proto};
    let mut slots = NativeSlots {
        op: [None; 13],
        rop: [None; 13],
        iop: [None; 13],
        cmp: [None; 6],
        proto: [None; Proto::COUNT],
    };
    let mut decided = std::collections::HashSet::new();
    let mro: Vec<Value> = t.mro.borrow().clone();
    let classes: Vec<&TypeObject> = if mro.is_empty() {
        vec![t]
    } else {
        mro.iter().filter_map(crate::vm::attr::as_type).collect()
    };
    for c in classes {
        let d = c.dict.borrow();
        for e in d.iter() {
            let Some(&(table, k)) = names.get(crate::vm::str_of(&e.key)) else {
                continue;
            };
            if !decided.insert((table, k)) {
                continue;
            }
            let native = match downcast::<BuiltinFnData>(&e.value) {
                Some(b)
                    if std::ptr::eq(e.value.type_of(), &METHOD_DESCRIPTOR_TYPE)
                        && b.self_.is_none() =>
                {
                    Some(b.f)
                }
                _ => None,
            };
            match table {
                0 => slots.op[k] = native,
                1 => slots.rop[k] = native,
                2 => slots.iop[k] = native,
                3 => slots.cmp[k] = native,
                _ => slots.proto[k] = native,
            }
        }
    }
    let any = slots
        .op
        .iter()
        .chain(&slots.rop)
        .chain(&slots.iop)
        .chain(&slots.cmp)
        .chain(&slots.proto)
        .any(|s| s.is_some());
    if any {
        t.slots.set(Some(Box::leak(Box::new(slots))));
    }
}

static INIT: std::sync::Once = std::sync::Once::new();

/// Fills MROs and namespaces of the static types (once per process).
pub fn init_types_once() {
    INIT.call_once(|| {
        crate::vm::panic_guard::install_hook();
        for t in all_types() {
            crate::vm::class::init_static_mro(t);
        }
        // Flags: which types may be subclassed, which are exceptions.
        for t in [
            &BOOL_TYPE,
            &NONE_TYPE,
            &NOT_IMPLEMENTED_TYPE,
            &ELLIPSIS_TYPE,
            &RANGE_TYPE,
            &SLICE_TYPE,
            &FUNCTION_TYPE,
            &BUILTIN_FUNCTION_TYPE,
            &METHOD_DESCRIPTOR_TYPE,
            &METHOD_TYPE,
            &CELL_TYPE,
            &CODE_TYPE,
            &GENERATOR_TYPE,
            &COROUTINE_TYPE,
            &ASYNC_GENERATOR_TYPE,
            &GETSET_DESCRIPTOR_TYPE,
            &TRACEBACK_TYPE,
            &FRAME_TYPE,
            &DICT_KEYS_TYPE,
            &DICT_VALUES_TYPE,
            &DICT_ITEMS_TYPE,
        ] {
            t.flags
                .set(t.flags.get() & !crate::object::type_flags::BASETYPE);
        }
        // `match`'s sequence and mapping kinds (CPython's
        // Py_TPFLAGS_SEQUENCE / Py_TPFLAGS_MAPPING), on these types and
        // every static type derived from them.
        for t in all_types() {
            use crate::object::type_flags::{MAPPING, SEQUENCE};
            let sub = |b: &TypeObject| crate::vm::class::is_subtype(t, b);
            if sub(&LIST_TYPE) || sub(&TUPLE_TYPE) || sub(&RANGE_TYPE) {
                t.flags.set(t.flags.get() | SEQUENCE);
            } else if sub(&DICT_TYPE) {
                t.flags.set(t.flags.get() | MAPPING);
            }
        }
        for t in all_types() {
            if crate::vm::class::is_subtype(t, &BASE_EXCEPTION_TYPE) {
                t.flags
                    .set(t.flags.get() | crate::object::type_flags::EXCEPTION);
            }
        }
        // ExceptionGroup(BaseExceptionGroup, Exception).
        {
            let eg = &EXCEPTION_GROUP_TYPE;
            *eg.bases.borrow_mut() = vec![
                crate::vm::attr::type_value(&BASE_EXCEPTION_GROUP_TYPE),
                crate::vm::attr::type_value(&EXCEPTION_TYPE),
            ];
            *eg.mro.borrow_mut() = vec![
                crate::vm::attr::type_value(&EXCEPTION_GROUP_TYPE),
                crate::vm::attr::type_value(&BASE_EXCEPTION_GROUP_TYPE),
                crate::vm::attr::type_value(&EXCEPTION_TYPE),
                crate::vm::attr::type_value(&BASE_EXCEPTION_TYPE),
                crate::vm::attr::type_value(&OBJECT_TYPE),
            ];
            EXCEPTION_TYPE
                .subclasses
                .borrow_mut()
                .push(eg as *const TypeObject);
        }
        object::init();
        crate::vm::slots::init_builtin_slots();
        numbers::init();
        strings::init();
        containers::init();
        dict::init();
        iters::init();
        exceptions::init();
        gen::init();
        generic_alias::init();
        // Every type has a `__doc__` in its namespace (None when undocumented).
        for t in all_types() {
            if crate::vm::attr::type_dict_get(t, "__doc__").is_none() {
                set_type_attr(t, "__doc__", Value::none());
            }
        }
        // Last, once the namespaces are complete: the native slots.
        // Which slot each special name fills: (table, index).
        let mut names: std::collections::HashMap<&str, (u8, usize)> =
            std::collections::HashMap::new();
        for (k, (name, rname, iname, _)) in crate::vm::ops::BINOP_DUNDERS.iter().enumerate() {
            names.insert(name, (0, k));
            names.insert(rname, (1, k));
            names.insert(iname, (2, k));
        }
        for (k, (name, _, _)) in crate::vm::ops::CMP_DUNDERS.iter().enumerate() {
            names.insert(name, (3, k));
        }
        for (name, k) in crate::object::Proto::ALL.iter().map(|(p, n)| (n, *p as usize)) {
            names.insert(name, (4, k));
        }
        for t in all_types() {
            fill_native_slots(t, &names);
        }
    });
}

/// The `self` argument of a method, downcast to its payload.
#[inline]
pub fn this<'a, T: Payload>(
    vm: &mut Vm,
    args: &'a Args,
    tname: &str,
    mname: &str,
) -> PyResult<&'a T> {
    match args.args.first().and_then(|s| downcast::<T>(s)) {
        Some(p) => Ok(p),
        None => {
            let got = args
                .args
                .first()
                .map(|s| s.type_of().name())
                .unwrap_or_else(|| "nothing".into());
            Err(vm.type_error(format!(
                "descriptor '{}' for '{}' objects doesn't apply to a '{}' object",
                mname, tname, got
            )))
        }
    }
}

/// Binds positional-or-keyword parameters by name: returns one slot per
/// name (None when absent). CPython's messages for unknown keywords and
/// too many positionals.
pub fn bind<'a>(
    vm: &mut Vm,
    args: &'a Args,
    fname: &str,
    names: &[&str],
    skip_self: bool,
) -> PyResult<Vec<Option<&'a Value>>> {
    let pos = &args.pos()[skip_self as usize..];
    let mut out: Vec<Option<&Value>> = vec![None; names.len()];
    if pos.len() > names.len() {
        let msg = format!(
            "{}() takes at most {} argument{} ({} given)",
            fname,
            names.len(),
            if names.len() == 1 { "" } else { "s" },
            pos.len()
        );
        return Err(vm.type_error(msg));
    }
    for (i, v) in pos.iter().enumerate() {
        out[i] = Some(v);
    }
    for (k, v) in args.kwargs() {
        match names.iter().position(|n| *n == k) {
            Some(i) => {
                if out[i].is_some() {
                    let msg = format!(
                        "argument for {}() given by name ('{}') and position ({})",
                        fname,
                        k,
                        i + 1
                    );
                    return Err(vm.type_error(msg));
                }
                out[i] = Some(v);
            }
            None => {
                let msg = format!("'{}' is an invalid keyword argument for {}()", k, fname);
                return Err(vm.type_error(msg));
            }
        }
    }
    Ok(out)
}

/// `NotImplemented` result helper.
pub fn not_impl() -> PyResult<Value> {
    Ok(crate::vm::new::not_implemented())
}
