//! `object`, `type`, `super`, `property`, `classmethod`, `staticmethod`,
//! functions and methods, modules, `None`/`NotImplemented`/`Ellipsis`, and
//! the introspection objects (code, frame, traceback, cell).

use super::{add_classmethods, add_getsets, add_methods, bind, not_impl};
use crate::object::{alloc_object, type_flags, TypeObject};
use crate::objects::*;
use crate::types::*;
use crate::value::Value;
use crate::vm::attr::{as_type, inst_dict, lookup, set_inst_dict, type_value};
use crate::vm::new::*;
use crate::vm::{str_of, Args, PyResult, Vm};
use std::cell::RefCell;

pub fn init() {
    add_methods(
        &OBJECT_TYPE,
        &[
            ("__new__", object_new),
            ("__init__", object_init),
            ("__repr__", object_repr),
            ("__str__", object_str),
            ("__eq__", object_eq),
            ("__ne__", object_ne),
            ("__lt__", object_cmp_ni),
            ("__le__", object_cmp_ni),
            ("__gt__", object_cmp_ni),
            ("__ge__", object_cmp_ni),
            ("__hash__", object_hash),
            ("__getattribute__", object_getattribute),
            ("__setattr__", object_setattr),
            ("__delattr__", object_delattr),
            ("__format__", object_format),
            ("__dir__", object_dir),
            ("__reduce_ex__", object_reduce_ex),
            ("__reduce__", object_reduce),
            ("__getstate__", object_getstate),
            ("__sizeof__", object_sizeof),
        ],
    );
    add_classmethods(
        &OBJECT_TYPE,
        &[
            ("__init_subclass__", object_init_subclass),
            ("__subclasshook__", object_subclasshook),
        ],
    );
    add_getsets(
        &OBJECT_TYPE,
        &[("__class__", object_class, Some(object_set_class))],
    );
    add_methods(
        &TYPE_TYPE,
        &[
            ("__new__", type_new),
            ("__init__", type_init),
            ("__call__", type_call),
            ("__repr__", type_repr_m),
            ("mro", type_mro),
            ("__subclasses__", type_subclasses),
            ("__instancecheck__", type_instancecheck),
            ("__subclasscheck__", type_subclasscheck),
            ("__dir__", type_dir),
            ("__or__", type_or),
            ("__ror__", type_or),
        ],
    );
    add_classmethods(&TYPE_TYPE, &[("__prepare__", type_prepare)]);
    add_getsets(
        &TYPE_TYPE,
        &[
            ("__name__", type_name_get, Some(type_name_set)),
            ("__qualname__", type_qualname_get, Some(type_qualname_set)),
            ("__mro__", type_mro_get, None),
            ("__bases__", type_bases_get, None),
            ("__base__", type_base_get, None),
            ("__dict__", type_dict_get, None),
            ("__module__", type_module_get, None),
            ("__doc__", type_doc_get, None),
            ("__abstractmethods__", type_abstract_get, None),
            ("__flags__", type_flags_get, None),
        ],
    );
    // __dict__ of instances: on object with a check for the slot.
    add_getsets(
        &OBJECT_TYPE,
        &[("__dict__", inst_dict_get, Some(inst_dict_set))],
    );
    add_methods(
        &NAMESPACE_TYPE,
        &[
            ("__init__", namespace_init),
            ("__repr__", namespace_repr),
            ("__eq__", namespace_eq),
        ],
    );
    crate::builtins::set_type_attr(&NAMESPACE_TYPE, "__hash__", Value::none());
    add_methods(
        &NONE_TYPE,
        &[
            ("__repr__", none_repr),
            ("__bool__", false_m),
            ("__new__", none_new),
        ],
    );
    add_methods(
        &NOT_IMPLEMENTED_TYPE,
        &[("__repr__", notimpl_repr), ("__reduce__", notimpl_repr)],
    );
    add_methods(
        &ELLIPSIS_TYPE,
        &[("__repr__", ellipsis_repr), ("__reduce__", ellipsis_repr)],
    );
    add_methods(
        &FUNCTION_TYPE,
        &[
            ("__new__", function_new),
            ("__repr__", function_repr),
            ("__get__", function_get),
        ],
    );
    add_getsets(
        &FUNCTION_TYPE,
        &[
            ("__name__", func_name_get, Some(func_name_set)),
            ("__qualname__", func_qualname_get, Some(func_qualname_set)),
            ("__doc__", func_doc_get, Some(func_doc_set)),
            ("__defaults__", func_defaults_get, Some(func_defaults_set)),
            (
                "__kwdefaults__",
                func_kwdefaults_get,
                Some(func_kwdefaults_set),
            ),
            ("__code__", func_code_get, Some(func_code_set)),
            ("__globals__", func_globals_get, None),
            ("__closure__", func_closure_get, None),
            ("__module__", func_module_get, Some(func_module_set)),
            (
                "__annotations__",
                func_annotations_get,
                Some(func_annotations_set),
            ),
            ("__builtins__", func_builtins_get, None),
        ],
    );
    add_methods(
        &METHOD_TYPE,
        &[
            ("__new__", method_new),
            ("__repr__", method_repr),
            ("__eq__", method_eq),
            ("__hash__", method_hash),
            ("__get__", method_get),
        ],
    );
    add_getsets(
        &METHOD_TYPE,
        &[
            ("__func__", method_func_get, None),
            ("__self__", method_self_get, None),
            ("__name__", method_name_get, None),
            ("__qualname__", method_qualname_get, None),
            ("__doc__", method_doc_get, None),
        ],
    );
    add_methods(
        &BUILTIN_FUNCTION_TYPE,
        &[("__repr__", builtin_repr), ("__reduce__", builtin_reduce)],
    );
    add_getsets(
        &BUILTIN_FUNCTION_TYPE,
        &[
            ("__name__", builtin_name_get, None),
            ("__qualname__", builtin_qualname_get, None),
            ("__self__", builtin_self_get, None),
            ("__doc__", none_getter, None),
            ("__module__", builtin_module_get, None),
        ],
    );
    add_methods(
        &METHOD_DESCRIPTOR_TYPE,
        &[
            ("__repr__", builtin_repr),
            ("__get__", descr_get_m),
            ("__reduce__", builtin_reduce),
        ],
    );
    add_getsets(
        &METHOD_DESCRIPTOR_TYPE,
        &[
            ("__name__", builtin_name_get, None),
            ("__qualname__", builtin_qualname_get, None),
            ("__objclass__", builtin_objclass_get, None),
            ("__doc__", none_getter, None),
        ],
    );
    add_methods(
        &PROPERTY_TYPE,
        &[
            ("__new__", property_new),
            ("__init__", property_init),
            ("__get__", property_get),
            ("__set__", property_set),
            ("__delete__", property_delete),
            ("getter", property_getter),
            ("setter", property_setter),
            ("deleter", property_deleter),
            ("__set_name__", property_set_name),
        ],
    );
    add_getsets(
        &PROPERTY_TYPE,
        &[
            ("fget", prop_fget, None),
            ("fset", prop_fset, None),
            ("fdel", prop_fdel, None),
            ("__doc__", prop_doc, Some(prop_doc_set)),
            ("__isabstractmethod__", prop_isabstract, None),
        ],
    );
    add_methods(
        &CLASSMETHOD_TYPE,
        &[
            ("__new__", wrapper_new),
            ("__init__", wrapper_init),
            ("__get__", wrapper_get),
        ],
    );
    add_methods(
        &STATICMETHOD_TYPE,
        &[
            ("__new__", wrapper_new),
            ("__init__", wrapper_init),
            ("__get__", wrapper_get),
            ("__call__", staticmethod_call),
        ],
    );
    add_getsets(
        &CLASSMETHOD_TYPE,
        &[
            ("__func__", wrapper_func, None),
            ("__wrapped__", wrapper_func, None),
            ("__isabstractmethod__", wrapper_isabstract, None),
        ],
    );
    add_getsets(
        &STATICMETHOD_TYPE,
        &[
            ("__func__", wrapper_func, None),
            ("__wrapped__", wrapper_func, None),
            ("__isabstractmethod__", wrapper_isabstract, None),
        ],
    );
    add_methods(
        &SUPER_TYPE,
        &[
            ("__new__", super_new),
            ("__init__", super_init),
            ("__getattribute__", super_getattribute),
            ("__repr__", super_repr),
            ("__get__", super_get),
        ],
    );
    add_getsets(
        &SUPER_TYPE,
        &[
            ("__thisclass__", super_thisclass, None),
            ("__self__", super_self, None),
            ("__self_class__", super_self_class, None),
        ],
    );
    add_methods(
        &MODULE_TYPE,
        &[
            ("__new__", module_new),
            ("__init__", module_init),
            ("__repr__", module_repr),
            ("__dir__", module_dir),
        ],
    );
    add_methods(&CELL_TYPE, &[("__repr__", cell_repr)]);
    add_getsets(
        &CELL_TYPE,
        &[("cell_contents", cell_contents, Some(cell_contents_set))],
    );
    add_methods(
        &CODE_TYPE,
        &[
            ("__repr__", code_repr),
            ("co_lines", code_co_lines),
            ("co_positions", code_co_positions),
            ("replace", code_replace),
        ],
    );
    add_getsets(
        &CODE_TYPE,
        &[
            ("co_name", code_name, None),
            ("co_qualname", code_qualname, None),
            ("co_filename", code_filename, None),
            ("co_firstlineno", code_firstlineno, None),
            ("co_argcount", code_argcount, None),
            ("co_posonlyargcount", code_posonlyargcount, None),
            ("co_kwonlyargcount", code_kwonlyargcount, None),
            ("co_nlocals", code_nlocals, None),
            ("co_varnames", code_varnames, None),
            ("co_cellvars", code_cellvars, None),
            ("co_freevars", code_freevars, None),
            ("co_names", code_names, None),
            ("co_consts", code_consts, None),
            ("co_flags", code_flags, None),
            ("co_stacksize", code_stacksize, None),
            ("co_code", code_code, None),
            ("co_exceptiontable", code_exceptiontable, None),
            ("co_linetable", code_linetable, None),
            ("co_lnotab", code_lnotab, None),
            ("_co_code_adaptive", code_code_adaptive, None),
        ],
    );
    add_methods(&FRAME_TYPE, &[("clear", frame_clear)]);
    add_getsets(
        &FRAME_TYPE,
        &[
            ("f_code", frame_code, None),
            ("f_lineno", frame_lineno, None),
            ("f_globals", frame_globals, None),
            ("f_locals", frame_locals, None),
            ("f_back", frame_back, None),
            ("f_builtins", frame_builtins, None),
            ("f_lasti", frame_lasti, None),
            ("f_trace", frame_trace, Some(frame_trace_set)),
        ],
    );
    add_methods(&TRACEBACK_TYPE, &[("__new__", tb_new)]);
    add_getsets(
        &TRACEBACK_TYPE,
        &[
            ("tb_next", tb_next, Some(tb_next_set)),
            ("tb_frame", tb_frame, None),
            ("tb_lineno", tb_lineno, None),
            ("tb_lasti", tb_lasti, None),
        ],
    );
}

fn none_getter(_vm: &mut Vm, _v: &Value) -> PyResult<Value> {
    Ok(Value::none())
}

// ---- object ----

fn object_new(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let Some(cls) = a.args.first() else {
        return Err(vm.type_error("object.__new__(): not enough arguments"));
    };
    let Some(t) = as_type(cls) else {
        return Err(vm.type_error(format!(
            "object.__new__(X): X is not a type object ({})",
            cls.type_of().name()
        )));
    };
    if a.args.len() > 1 {
        let init = lookup(t, "__init__");
        let init_is_object = init.as_ref().map_or(true, |i| {
            downcast::<BuiltinFnData>(i).map_or(false, |b| {
                b.owner.map_or(false, |o| std::ptr::eq(o, &OBJECT_TYPE))
            })
        });
        let new_is_object = lookup(t, "__new__").map_or(true, |n| {
            downcast::<BuiltinFnData>(&n).map_or(false, |b| {
                b.owner.map_or(false, |o| std::ptr::eq(o, &OBJECT_TYPE))
            })
        });
        if init_is_object || !new_is_object {
            let msg = if init_is_object && new_is_object {
                format!("{}() takes no arguments", t.name())
            } else {
                "object.__new__() takes exactly one argument (the type to instantiate)".to_string()
            };
            return Err(vm.type_error(msg));
        }
    }
    // Abstract when the class's own `__abstractmethods__` is true (what
    // CPython's Py_TPFLAGS_IS_ABSTRACT records when it is stored); only
    // then are the names listed.
    let abstract_names = match crate::vm::attr::type_dict_get(t, "__abstractmethods__") {
        Some(abs) if !std::ptr::eq(t, &TYPE_TYPE) && vm.truthy(&abs)? => Some(abs),
        _ => None,
    };
    if let Some(abs) = abstract_names {
        let names = vm.iterate(&abs)?;
        if !names.is_empty() {
            let mut ns: Vec<String> = names.iter().map(|n| str_of(n).to_string()).collect();
            ns.sort();
            // CPython 3.11 lists the names bare (3.12 quotes them).
            let msg = format!(
                "Can't instantiate abstract class {} with abstract method{} {}",
                t.name(),
                if ns.len() == 1 { "" } else { "s" },
                ns.join(", ")
            );
            return Err(vm.type_error(msg));
        }
    }
    if !std::ptr::eq(t.solid.get(), &OBJECT_TYPE) {
        let msg = format!(
            "object.__new__({}) is not safe, use {}.__new__()",
            t.name(),
            unsafe { &*t.solid.get() }.name()
        );
        return Err(vm.type_error(msg));
    }
    Ok(alloc_object(t, Empty))
}

fn object_init(vm: &mut Vm, a: Args) -> PyResult<Value> {
    if a.args.len() > 1 {
        let t = a.args[0].type_of();
        let init_is_object = lookup(t, "__init__").map_or(true, |i| {
            downcast::<BuiltinFnData>(&i).map_or(false, |b| {
                b.owner.map_or(false, |o| std::ptr::eq(o, &OBJECT_TYPE))
            })
        });
        let new_is_object = lookup(t, "__new__").map_or(true, |n| {
            downcast::<BuiltinFnData>(&n).map_or(false, |b| {
                b.owner.map_or(false, |o| std::ptr::eq(o, &OBJECT_TYPE))
            })
        });
        if !init_is_object || new_is_object {
            let msg = if !init_is_object {
                "object.__init__() takes exactly one argument (the instance to initialize)"
                    .to_string()
            } else {
                format!("{}() takes no arguments", t.name())
            };
            return Err(vm.type_error(msg));
        }
    }
    Ok(Value::none())
}

/// `<module.Name object at 0x...>`.
pub fn default_repr(vm: &mut Vm, v: &Value) -> String {
    let t = v.type_of();
    let module = type_module_str(vm, t);
    let qn = type_qualname_str(t);
    let name = if module.is_empty() || module == "builtins" {
        qn
    } else {
        format!("{}.{}", module, qn)
    };
    format!("<{} object at {:#x}>", name, v.to_bits())
}

fn object_repr(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let s = default_repr(vm, &a.args[0]);
    Ok(vm.new_str_owned(s))
}

fn object_str(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.repr_value(&a.args[0])
}

fn object_eq(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    if a.args[0].is(a.args[1].borrow()) {
        Ok(Value::from_bool(true))
    } else {
        not_impl()
    }
}

fn object_ne(vm: &mut Vm, a: Args) -> PyResult<Value> {
    // Delegate to __eq__ and invert unless NotImplemented.
    let r = match vm.call_special(&a.args[0], "__eq__", &[a.args[1].clone()])? {
        Some(r) => r,
        None => return not_impl(),
    };
    if is_not_implemented(&r) {
        return Ok(r);
    }
    let b = vm.truthy(&r)?;
    Ok(Value::from_bool(!b))
}

fn object_cmp_ni(_vm: &mut Vm, _a: Args) -> PyResult<Value> {
    not_impl()
}

fn object_hash(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    Ok(new_int_i64(crate::vm::ops::id_hash(&a.args[0])))
}

fn object_getattribute(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("__getattribute__", &a, 2, 2)?;
    let n = &a.args[1];
    if downcast::<StrData>(n).is_none() {
        return Err(vm.type_error(format!(
            "attribute name must be string, not '{}'",
            n.type_of().name()
        )));
    }
    vm.generic_getattr(&a.args[0], n)
}

fn object_setattr(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("__setattr__", &a, 3, 3)?;
    vm.generic_setattr(&a.args[0], &a.args[1], Some(a.args[2].clone()))?;
    Ok(Value::none())
}

fn object_delattr(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("__delattr__", &a, 2, 2)?;
    vm.generic_setattr(&a.args[0], &a.args[1], None)?;
    Ok(Value::none())
}

fn object_format(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("__format__", &a, 2, 2)?;
    let spec = &a.args[1];
    if downcast::<StrData>(spec).is_none() {
        return Err(vm.type_error(format!(
            "__format__() argument must be str, not {}",
            spec.type_of().name()
        )));
    }
    if !str_of(spec).is_empty() {
        let msg = format!(
            "unsupported format string passed to {}.__format__",
            a.args[0].type_of().name()
        );
        return Err(vm.type_error(msg));
    }
    vm.to_str(&a.args[0])
}

fn object_dir(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let o = &a.args[0];
    let d = vm.new_dict();
    if let Some(id) = inst_dict(o) {
        for k in vm.iterate(&id)? {
            vm.dict_set(&d, k, Value::none())?;
        }
    }
    let mro = o.type_of().mro.borrow().clone();
    for t in mro {
        let tt = as_type(&t).unwrap();
        let keys: Vec<Value> = tt.dict.borrow().iter().map(|e| e.key.clone()).collect();
        for k in keys {
            vm.dict_set(&d, k, Value::none())?;
        }
    }
    let keys = vm.iterate(&d)?;
    Ok(vm.new_list(keys))
}

/// `object.__reduce_ex__(protocol)`: a class's own `__reduce__` wins;
/// protocols 0 and 1 go to `copyreg._reduce_ex`; from 2 on, CPython's
/// `reduce_newobj`: `(copyreg.__newobj__, (cls, *newargs), state,
/// listitems, dictitems)`.
fn object_reduce_ex(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let obj = a.args[0].clone();
    let proto = match a.args.get(1) {
        Some(p) => vm.index_i64(p)?,
        None => 0,
    };
    if let Some(r) = lookup(obj.type_of(), "__reduce__") {
        let is_object = downcast::<BuiltinFnData>(&r)
            .is_some_and(|b| b.owner.is_some_and(|o| std::ptr::eq(o, &OBJECT_TYPE)));
        if !is_object {
            return vm.call_method(&obj, "__reduce__", &[]);
        }
    }
    object_reduce_proto(vm, &obj, proto)
}

fn object_reduce(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let obj = a.args[0].clone();
    object_reduce_proto(vm, &obj, 0)
}

fn object_reduce_proto(vm: &mut Vm, obj: &Value, proto: i64) -> PyResult<Value> {
    let copyreg = crate::import::import_module(vm, "copyreg")?;
    if proto < 2 {
        let f = vm.get_attr_str(&copyreg, "_reduce_ex")?;
        return vm.call(&f, &[obj.clone(), crate::vm::new::new_int_i64(proto)], &[]);
    }
    let newobj = vm.get_attr_str(&copyreg, "__newobj__")?;
    let mut args = vec![type_value(obj.type_of())];
    if let Some(na) = vm.call_special(obj, "__getnewargs__", &[])? {
        args.extend(vm.iterate(&na)?);
    }
    let args = vm.new_tuple(args);
    let state = match vm.call_special(obj, "__getstate__", &[])? {
        Some(s) => s,
        None => match inst_dict(obj) {
            Some(d) if downcast::<DictData>(&d).is_some_and(|dd| !dd.table.borrow().is_empty()) => {
                d
            }
            _ => Value::none(),
        },
    };
    let listitems = if crate::vm::class::is_instance(obj, &LIST_TYPE) {
        vm.iter(obj)?
    } else {
        Value::none()
    };
    let dictitems = if crate::vm::class::is_instance(obj, &DICT_TYPE) {
        let items = vm.call_method(obj, "items", &[])?;
        vm.iter(&items)?
    } else {
        Value::none()
    };
    Ok(vm.new_tuple(vec![newobj, args, state, listitems, dictitems]))
}

/// `object.__getstate__()` (3.11): the instance `__dict__` (None when
/// empty), paired with a dict of the set `__slots__` values when the
/// class declares slots — what pickle and copy save by default.
fn object_getstate(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("__getstate__", &Args::new(&a.args[1..]), 0, 0)?;
    let obj = &a.args[0];
    let dict = match inst_dict(obj) {
        Some(d) if downcast::<DictData>(&d).is_some_and(|dd| !dd.table.borrow().is_empty()) => d,
        _ => Value::none(),
    };
    let mut slots: Vec<(Value, Value)> = Vec::new();
    let mro: Vec<Value> = obj.type_of().mro.borrow().clone();
    for cls in &mro {
        let t = as_type(cls).unwrap();
        let Some(decl) = crate::vm::attr::type_dict_get(t, "__slots__") else {
            continue;
        };
        let names = if downcast::<StrData>(&decl).is_some() {
            vec![decl]
        } else {
            vm.iterate(&decl)?
        };
        for n in names {
            let name = str_of(&n).to_string();
            if name == "__dict__" || name == "__weakref__" {
                continue;
            }
            // Private names are stored mangled (`__x` of class C: `_C__x`).
            let stored = if name.starts_with("__") && !name.ends_with("__") {
                format!("_{}{}", t.name().trim_start_matches('_'), name)
            } else {
                name
            };
            if let Some(v) = vm.get_attr_opt(obj, &stored)? {
                let k = vm.new_str_owned(stored);
                slots.push((k, v));
            }
        }
    }
    if slots.is_empty() {
        return Ok(dict);
    }
    let sd = vm.new_dict();
    for (k, v) in slots {
        vm.dict_set(&sd, k, v)?;
    }
    Ok(vm.new_tuple(vec![dict, sd]))
}

fn object_sizeof(_vm: &mut Vm, _a: Args) -> PyResult<Value> {
    Ok(new_int_i64(16))
}

fn object_init_subclass(vm: &mut Vm, a: Args) -> PyResult<Value> {
    if a.has_kwargs() {
        let cls = as_type(&a.args[0]).map(|t| t.name()).unwrap_or_default();
        return Err(vm.type_error(format!(
            "{}.__init_subclass__() takes no keyword arguments",
            cls
        )));
    }
    Ok(Value::none())
}

fn object_subclasshook(_vm: &mut Vm, _a: Args) -> PyResult<Value> {
    not_impl()
}

fn object_class(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(type_value(v.type_of()))
}

fn object_set_class(vm: &mut Vm, v: &Value, new: Option<Value>) -> PyResult<()> {
    let Some(new) = new else {
        return Err(vm.type_error("can't delete __class__ attribute"));
    };
    let Some(nt) = as_type(&new) else {
        return Err(vm.type_error(format!(
            "__class__ must be set to a class, not '{}' object",
            new.type_of().name()
        )));
    };
    let ot = v.type_of();
    if !ot.has_flag(type_flags::HEAPTYPE)
        || !nt.has_flag(type_flags::HEAPTYPE)
        || !std::ptr::eq(ot.solid.get(), nt.solid.get())
        || ot.dict_offset.get() != nt.dict_offset.get()
    {
        let msg = format!(
            "__class__ assignment: '{}' object layout differs from '{}'",
            nt.name(),
            ot.name()
        );
        return Err(vm.type_error(msg));
    }
    let p = v.as_object().unwrap();
    // SAFETY: same layout (checked above); types are immortal, so the
    // header's type pointer may be swapped without refcount changes.
    unsafe { (*p.as_ptr()).set_type(nt) };
    // Weak references to `v` must still be cleared when it dies.
    if ot.has_flag(type_flags::WEAKLY_REFERENCED) {
        nt.flags.set(nt.flags.get() | type_flags::WEAKLY_REFERENCED);
    }
    Ok(())
}

fn inst_dict_get(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    if let Some(t) = as_type(v) {
        return type_dict_get(vm, &type_value(t));
    }
    if v.type_of().slot_names.borrow().is_some() {
        return Err(vm.no_attribute(v, "__dict__"));
    }
    match inst_dict(v) {
        Some(d) => Ok(d),
        None => {
            let d = vm.new_dict();
            if set_inst_dict(v, d.clone()) {
                Ok(d)
            } else {
                Err(vm.no_attribute(v, "__dict__"))
            }
        }
    }
}

fn inst_dict_set(vm: &mut Vm, v: &Value, new: Option<Value>) -> PyResult<()> {
    match new {
        Some(d) if downcast::<DictData>(&d).is_some() => {
            if set_inst_dict(v, d) {
                Ok(())
            } else {
                Err(vm.no_attribute(v, "__dict__"))
            }
        }
        Some(d) => Err(vm.type_error(format!(
            "__dict__ must be set to a dictionary, not a '{}'",
            d.type_of().name()
        ))),
        None => Err(vm.type_error("cannot delete __dict__")),
    }
}

// ---- type ----

fn type_new(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let pos = a.pos();
    if pos.len() == 2
        && std::ptr::eq(
            as_type(&pos[0]).map_or(std::ptr::null(), |t| t as *const _),
            &TYPE_TYPE,
        )
    {
        return Ok(type_value(pos[1].type_of()));
    }
    if pos.len() != 4 {
        return Err(vm.type_error("type() takes 1 or 3 arguments"));
    }
    let meta = pos[0].clone();
    let name = &pos[1];
    if downcast::<StrData>(name).is_none() {
        return Err(vm.type_error(format!(
            "type.__new__() argument 1 must be str, not {}",
            name.type_of().name()
        )));
    }
    let Some(bt) = downcast::<TupleData>(&pos[2]) else {
        return Err(vm.type_error(format!(
            "type.__new__() argument 2 must be tuple, not {}",
            pos[2].type_of().name()
        )));
    };
    if downcast::<DictData>(&pos[3]).is_none() {
        return Err(vm.type_error(format!(
            "type.__new__() argument 3 must be dict, not {}",
            pos[3].type_of().name()
        )));
    }
    let bases = bt.items.to_vec();
    // Keyword arguments go to __init_subclass__.
    // type.__new__'s own keyword arguments go to __init_subclass__.
    vm.class_kwargs = a
        .kwargs()
        .map(|(k, v)| (v.clone(), crate::vm::new::new_str_of(&STR_TYPE, k.into())))
        .collect();
    // The most derived metaclass among the bases.
    let given_meta = meta.clone();
    let mut meta = meta;
    for b in &bases {
        let bmt = b.type_of();
        let mt = as_type(&meta).unwrap();
        if crate::vm::class::is_subtype(mt, bmt) {
            continue;
        }
        if crate::vm::class::is_subtype(bmt, mt) {
            meta = type_value(bmt);
            continue;
        }
        return Err(vm.type_error("metaclass conflict: the metaclass of a derived class must be a (non-strict) subclass of the metaclasses of all its bases"));
    }
    if !meta.is(given_meta.borrow()) {
        // CPython passes the call to the winner's own __new__.
        let winner = as_type(&meta).unwrap();
        if let Some(nw) = lookup(winner, "__new__") {
            let is_type_new = downcast::<BuiltinFnData>(&nw).map_or(false, |b| {
                b.owner.map_or(false, |o| std::ptr::eq(o, &TYPE_TYPE))
            });
            if !is_type_new {
                let f = match downcast::<WrapperData>(&nw) {
                    Some(w) => w.0.borrow().clone(),
                    None => nw,
                };
                let mut args = vec![meta.clone()];
                args.extend_from_slice(&a.args[1..]);
                return vm.call(&f, &args, a.kwnames);
            }
        }
    }
    let n = str_of(name).to_string();
    vm.new_class(&meta, &n, bases, &pos[3])
}

fn type_init(_vm: &mut Vm, _a: Args) -> PyResult<Value> {
    Ok(Value::none())
}

fn type_call(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let t = a.args[0].clone();
    if as_type(&t).is_none() {
        return Err(vm.type_error("descriptor '__call__' requires a 'type' object"));
    }
    let kwn = a.kwnames;
    vm.type_call_default(&t, &a.args[1..], kwn)
}

pub fn type_repr(t: &TypeObject) -> String {
    let module = type_module_static(t);
    let qn = type_qualname_str(t);
    match module {
        Some(m) if m != "builtins" => format!("<class '{}.{}'>", m, qn),
        _ => format!("<class '{}'>", qn),
    }
}

fn type_module_static(t: &TypeObject) -> Option<String> {
    if !t.has_flag(type_flags::HEAPTYPE) {
        // A built-in type named "module.Name" (CPython's tp_name rule).
        return Some(match t.name.rsplit_once('.') {
            Some((m, _)) => m.into(),
            None => "builtins".into(),
        });
    }
    crate::vm::attr::type_dict_get(t, "__module__")
        .filter(|m| downcast::<StrData>(m).is_some())
        .map(|m| str_of(&m).to_string())
}

fn type_module_str(_vm: &mut Vm, t: &TypeObject) -> String {
    type_module_static(t).unwrap_or_default()
}

pub fn type_qualname_str(t: &TypeObject) -> String {
    match &*t.qualname.borrow() {
        Some(q) => q.clone(),
        None => short_name(t),
    }
}

/// `__name__` of a type: a built-in type's name after its module prefix.
fn short_name(t: &TypeObject) -> String {
    match &*t.heap_name.borrow() {
        Some(n) => n.clone(),
        None => t.name.rsplit_once('.').map_or(t.name, |(_, n)| n).to_string(),
    }
}

fn type_repr_m(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let t = as_type(&a.args[0]).unwrap();
    let s = type_repr(t);
    Ok(vm.new_str_owned(s))
}

fn type_mro(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let t = as_type(&a.args[0]).unwrap();
    let bases = t.bases.borrow().clone();
    let m = crate::vm::class::compute_mro(vm, &a.args[0], &bases)?;
    Ok(vm.new_list(m))
}

fn type_subclasses(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let t = as_type(&a.args[0]).unwrap();
    let subs: Vec<Value> = t
        .subclasses
        .borrow()
        .iter()
        .map(|s| type_value(unsafe { &**s }))
        .collect();
    Ok(vm.new_list(subs))
}

fn type_instancecheck(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("__instancecheck__", &a, 2, 2)?;
    let t = as_type(&a.args[0]).unwrap();
    Ok(Value::from_bool(crate::vm::class::is_instance(
        &a.args[1], t,
    )))
}

fn type_subclasscheck(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("__subclasscheck__", &a, 2, 2)?;
    let t = as_type(&a.args[0]).unwrap();
    match as_type(&a.args[1]) {
        Some(c) => Ok(Value::from_bool(crate::vm::class::is_subtype(c, t))),
        None => Err(vm.type_error("issubclass() arg 1 must be a class")),
    }
}

fn type_dir(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let t = as_type(&a.args[0]).unwrap();
    let d = vm.new_dict();
    let mro = t.mro.borrow().clone();
    for m in mro {
        let mt = as_type(&m).unwrap();
        let keys: Vec<Value> = mt.dict.borrow().iter().map(|e| e.key.clone()).collect();
        for k in keys {
            vm.dict_set(&d, k, Value::none())?;
        }
    }
    let keys = vm.iterate(&d)?;
    Ok(vm.new_list(keys))
}

pub(super) fn type_or(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let (x, y) = (&a.args[0], &a.args[1]);
    let ok = |v: &Value| {
        v.is_none() || as_type(v).is_some() || is_union(v) || downcast::<GenericAliasData>(v).is_some()
    };
    if !ok(x) || !ok(y) {
        return not_impl();
    }
    make_union(vm, &[x.clone(), y.clone()])
}

fn type_prepare(vm: &mut Vm, _a: Args) -> PyResult<Value> {
    Ok(vm.new_dict())
}

fn type_name_get(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    let t = as_type(v).unwrap();
    let n = short_name(t);
    Ok(vm.new_str_owned(n))
}

fn type_name_set(vm: &mut Vm, v: &Value, new: Option<Value>) -> PyResult<()> {
    let t = as_type(v).unwrap();
    match new {
        Some(n) if downcast::<StrData>(&n).is_some() => {
            *t.heap_name.borrow_mut() = Some(str_of(&n).to_string());
            Ok(())
        }
        Some(n) => Err(vm.type_error(format!(
            "can only assign string to {}.__name__, not '{}'",
            t.name(),
            n.type_of().name()
        ))),
        None => Err(vm.type_error(format!(
            "cannot delete '__name__' attribute of immutable type '{}'",
            t.name()
        ))),
    }
}

fn type_qualname_get(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    let t = as_type(v).unwrap();
    let q = type_qualname_str(t);
    Ok(vm.new_str_owned(q))
}

fn type_qualname_set(vm: &mut Vm, v: &Value, new: Option<Value>) -> PyResult<()> {
    let t = as_type(v).unwrap();
    match new {
        Some(n) if downcast::<StrData>(&n).is_some() => {
            *t.qualname.borrow_mut() = Some(str_of(&n).to_string());
            Ok(())
        }
        _ => Err(vm.type_error(format!(
            "can only assign string to {}.__qualname__",
            t.name()
        ))),
    }
}

fn type_mro_get(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    let t = as_type(v).unwrap();
    let m = t.mro.borrow().clone();
    Ok(vm.new_tuple(m))
}

fn type_bases_get(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    let t = as_type(v).unwrap();
    let b = t.bases.borrow().clone();
    Ok(vm.new_tuple(b))
}

fn type_base_get(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    let t = as_type(v).unwrap();
    let b = t.base.get();
    if b.is_null() {
        return Ok(Value::none());
    }
    // SAFETY: base pointers are to immortal types.
    Ok(type_value(unsafe { &*b }))
}

fn type_dict_get(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    let t = as_type(v).unwrap();
    let d = vm.new_dict();
    let entries: Vec<(Value, Value)> = t
        .dict
        .borrow()
        .iter()
        .map(|e| (e.key.clone(), e.value.clone()))
        .collect();
    for (k, val) in entries {
        vm.dict_set(&d, k, val)?;
    }
    Ok(crate::builtins::dict::new_mappingproxy(vm, d))
}

fn type_module_get(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    let t = as_type(v).unwrap();
    if !t.has_flag(type_flags::HEAPTYPE) {
        let m = type_module_static(t).unwrap_or_default();
        return Ok(vm.new_str_owned(m));
    }
    match crate::vm::attr::type_dict_get(t, "__module__") {
        Some(m) => Ok(m),
        None => Err(vm.attribute_error("__module__")),
    }
}

fn type_doc_get(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    let t = as_type(v).unwrap();
    match crate::vm::attr::type_dict_get(t, "__doc__") {
        Some(d) => {
            if let Some(r) = vm.descr_get(&d, None, v)? {
                return Ok(r);
            }
            Ok(d)
        }
        None => Ok(Value::none()),
    }
}

fn type_abstract_get(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    let t = as_type(v).unwrap();
    match crate::vm::attr::type_dict_get(t, "__abstractmethods__") {
        Some(d) if !std::ptr::eq(t, &TYPE_TYPE) => Ok(d),
        _ => Err(vm.attribute_error("__abstractmethods__")),
    }
}

/// `type.__flags__`: CPython's `tp_flags` bits that Python code reads
/// (`inspect.isabstract` tests `Py_TPFLAGS_IS_ABSTRACT`, `copyreg` stops
/// at the first base without `Py_TPFLAGS_HEAPTYPE`, tests check the
/// collection and fast-subclass bits), in CPython's numbering. Classes
/// made by `class`/`type()` are heap types; built-in and native-module
/// types report themselves as static, immutable ones, as CPython's C
/// types of the same names mostly are. Bits about C-level layout and
/// memory management (HAVE_GC, MANAGED_DICT, METHOD_DESCRIPTOR,
/// VALID_VERSION_TAG, ...) have no meaning here and are left out.
fn type_flags_get(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    use crate::object::type_flags as tf;
    let t = as_type(v).unwrap();
    let f = t.flags.get();
    let is_class = f & tf::HEAPTYPE != 0 && f & tf::IMMUTABLETYPE == 0;
    // Py_TPFLAGS_READY | Py_TPFLAGS_HAVE_VERSION_TAG (in Py_TPFLAGS_DEFAULT).
    let mut out: u64 = (1 << 12) | (1 << 18);
    if is_class {
        out |= 1 << 9; // HEAPTYPE
    } else {
        out |= 1 << 8; // IMMUTABLETYPE
    }
    if f & tf::BASETYPE != 0 {
        out |= 1 << 10;
    }
    if f & tf::SEQUENCE != 0 {
        out |= 1 << 5;
    }
    if f & tf::MAPPING != 0 {
        out |= 1 << 6;
    }
    // Py_TPFLAGS_IS_ABSTRACT: CPython sets it when a true
    // `__abstractmethods__` is stored in the type's own namespace.
    if !std::ptr::eq(t, &TYPE_TYPE) {
        if let Some(abs) = crate::vm::attr::type_dict_get(t, "__abstractmethods__") {
            if vm.truthy(&abs)? {
                out |= 1 << 20;
            }
        }
    }
    // The fast-subclass bits (Py_TPFLAGS_LONG_SUBCLASS ... TYPE_SUBCLASS).
    let sub = |b: &TypeObject| crate::vm::class::is_subtype(t, b);
    for (b, bit) in [
        (&INT_TYPE, 24),
        (&LIST_TYPE, 25),
        (&TUPLE_TYPE, 26),
        (&BYTES_TYPE, 27),
        (&STR_TYPE, 28),
        (&DICT_TYPE, 29),
        (&BASE_EXCEPTION_TYPE, 30),
        (&TYPE_TYPE, 31),
    ] {
        if sub(b) {
            out |= 1 << bit;
        }
    }
    Ok(crate::vm::new::new_int_i64(out as i64))
}

// ---- unions (X | Y) ----

/// Is `v` a `types.UnionType` value (a tuple subclass marker here)?
pub fn is_union(v: &Value) -> bool {
    v.type_of().name() == "UnionType" && downcast::<TupleData>(v).is_some()
}

static UNION_TYPE: std::sync::OnceLock<usize> = std::sync::OnceLock::new();

fn union_type() -> &'static TypeObject {
    let p = *UNION_TYPE.get_or_init(|| {
        let t = TypeObject::new_static(
            &TYPE_TYPE,
            "UnionType",
            crate::object::drop_box::<TupleData>,
        );
        t.solid.set(&TUPLE_TYPE);
        t.base.set(&OBJECT_TYPE);
        t.flags.set(0);
        let t: &'static TypeObject = Box::leak(Box::new(t));
        *t.mro.borrow_mut() = vec![type_value(t), type_value(&OBJECT_TYPE)];
        add_methods(
            t,
            &[
                ("__repr__", union_repr),
                ("__or__", type_or),
                ("__ror__", type_or),
                ("__eq__", union_eq),
                ("__hash__", union_hash),
            ],
        );
        add_getsets(t, &[("__args__", union_args, None)]);
        t as *const TypeObject as usize
    });
    // SAFETY: leaked, immortal.
    unsafe { &*(p as *const TypeObject) }
}

fn make_union(vm: &mut Vm, items: &[Value]) -> PyResult<Value> {
    let mut out: Vec<Value> = Vec::new();
    for it in items {
        let parts = if is_union(it) {
            downcast::<TupleData>(it).unwrap().items.to_vec()
        } else {
            vec![it.clone()]
        };
        for p in parts {
            let p = if p.is_none() {
                type_value(&NONE_TYPE)
            } else {
                p
            };
            if !out.iter().any(|o| o.is(p.borrow())) {
                out.push(p);
            }
        }
    }
    let _ = vm;
    Ok(alloc_object(
        union_type(),
        TupleData {
            items: out.into_boxed_slice(),
        },
    ))
}

fn union_repr(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let items = downcast::<TupleData>(&a.args[0]).unwrap().items.to_vec();
    let mut parts = Vec::new();
    for i in items {
        if let Some(t) = as_type(&i) {
            if std::ptr::eq(t, &NONE_TYPE) {
                parts.push("None".to_string());
                continue;
            }
            let m = type_module_static(t).unwrap_or_default();
            parts.push(if m == "builtins" {
                type_qualname_str(t)
            } else {
                format!("{}.{}", m, type_qualname_str(t))
            });
        } else {
            parts.push(vm.repr(&i)?);
        }
    }
    Ok(vm.new_str_owned(parts.join(" | ")))
}

fn union_eq(vm: &mut Vm, a: Args) -> PyResult<Value> {
    if !is_union(&a.args[1]) {
        return not_impl();
    }
    let x = downcast::<TupleData>(&a.args[0]).unwrap().items.to_vec();
    let y = downcast::<TupleData>(&a.args[1]).unwrap().items.to_vec();
    let _ = vm;
    Ok(Value::from_bool(
        x.len() == y.len() && x.iter().all(|i| y.iter().any(|j| i.is(j.borrow()))),
    ))
}

fn union_hash(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    let x = downcast::<TupleData>(&a.args[0]).unwrap().items.to_vec();
    Ok(new_int_i64(
        x.iter().fold(0i64, |h, v| h ^ crate::vm::ops::id_hash(v)) & 0x3fff_ffff_ffff,
    ))
}

fn union_args(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    let x = downcast::<TupleData>(v).unwrap().items.to_vec();
    Ok(vm.new_tuple(x))
}

/// `isinstance`/`issubclass` against a union: any member.
pub fn union_check(
    vm: &mut Vm,
    v: &Value,
    u: &Value,
    f: fn(&mut Vm, &Value, &Value) -> PyResult<bool>,
) -> PyResult<bool> {
    let items = downcast::<TupleData>(u)
        .map(|t| t.items.to_vec())
        .unwrap_or_default();
    for i in items {
        if f(vm, v, &i)? {
            return Ok(true);
        }
    }
    Ok(false)
}

// ---- None, NotImplemented, Ellipsis ----

fn none_repr(vm: &mut Vm, _a: Args) -> PyResult<Value> {
    Ok(vm.new_str("None"))
}
fn none_new(vm: &mut Vm, a: Args) -> PyResult<Value> {
    if a.args.len() > 1 {
        return Err(vm.type_error("NoneType takes no arguments"));
    }
    Ok(Value::none())
}
fn false_m(_vm: &mut Vm, _a: Args) -> PyResult<Value> {
    Ok(Value::from_bool(false))
}
fn notimpl_repr(vm: &mut Vm, _a: Args) -> PyResult<Value> {
    Ok(vm.new_str("NotImplemented"))
}
fn ellipsis_repr(vm: &mut Vm, _a: Args) -> PyResult<Value> {
    Ok(vm.new_str("Ellipsis"))
}

// ---- functions and methods ----

fn fd(v: &Value) -> &FunctionData {
    downcast::<FunctionData>(v).unwrap()
}

/// `types.FunctionType(code, globals, name=None, argdefs=None, closure=None)`.
fn function_new(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let b = bind(
        vm,
        &a,
        "function",
        &["code", "globals", "name", "argdefs", "closure"],
        true,
    )?;
    let (Some(code), Some(globals)) = (b[0].cloned(), b[1].cloned()) else {
        return Err(vm.type_error("function() missing required argument 'code' (pos 1)"));
    };
    if downcast::<CodeData>(&code).is_none() {
        return Err(vm.type_error(format!(
            "function() argument 'code' must be code, not {}",
            code.type_of().name()
        )));
    }
    if downcast::<DictData>(&globals).is_none() {
        return Err(vm.type_error(format!(
            "function() argument 'globals' must be dict, not {}",
            globals.type_of().name()
        )));
    }
    let defaults = b[3].filter(|d| !d.is_none()).cloned();
    let closure = b[4].filter(|d| !d.is_none()).cloned();
    let builtins = vm.builtins.clone();
    let f = vm.new_function(code, globals, builtins, defaults, None, closure, None)?;
    if let Some(n) = b[2].filter(|n| !n.is_none()) {
        *fd(&f).name.borrow_mut() = n.clone();
    }
    Ok(f)
}

fn function_repr(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let q = str_of(&fd(&a.args[0]).qualname.borrow()).to_string();
    Ok(vm.new_str_owned(format!("<function {} at {:#x}>", q, a.args[0].to_bits())))
}

fn function_get(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let obj = a.args.get(1).cloned().unwrap_or_else(Value::none);
    if obj.is_none() {
        return Ok(a.args[0].clone());
    }
    Ok(vm.new_bound_method(a.args[0].clone(), obj))
}

fn func_name_get(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(fd(v).name.borrow().clone())
}
fn func_name_set(vm: &mut Vm, v: &Value, n: Option<Value>) -> PyResult<()> {
    match n {
        Some(n) if downcast::<StrData>(&n).is_some() => {
            *fd(v).name.borrow_mut() = n;
            Ok(())
        }
        _ => Err(vm.type_error("__name__ must be set to a string object")),
    }
}
fn func_qualname_get(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(fd(v).qualname.borrow().clone())
}
fn func_qualname_set(vm: &mut Vm, v: &Value, n: Option<Value>) -> PyResult<()> {
    match n {
        Some(n) if downcast::<StrData>(&n).is_some() => {
            *fd(v).qualname.borrow_mut() = n;
            Ok(())
        }
        _ => Err(vm.type_error("__qualname__ must be set to a string object")),
    }
}
fn func_doc_get(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(fd(v).doc())
}
fn func_doc_set(_vm: &mut Vm, v: &Value, n: Option<Value>) -> PyResult<()> {
    *fd(v).doc.borrow_mut() = Some(n.unwrap_or_else(Value::none));
    Ok(())
}
fn func_defaults_get(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(fd(v).defaults.borrow().clone().unwrap_or_else(Value::none))
}
fn func_defaults_set(vm: &mut Vm, v: &Value, n: Option<Value>) -> PyResult<()> {
    let n = n.filter(|x| !x.is_none());
    if let Some(x) = &n {
        if downcast::<TupleData>(x).is_none() {
            return Err(vm.type_error("__defaults__ must be set to a tuple object"));
        }
    }
    *fd(v).defaults.borrow_mut() = n;
    Ok(())
}
fn func_kwdefaults_get(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(fd(v)
        .kwdefaults
        .borrow()
        .clone()
        .unwrap_or_else(Value::none))
}
fn func_kwdefaults_set(_vm: &mut Vm, v: &Value, n: Option<Value>) -> PyResult<()> {
    *fd(v).kwdefaults.borrow_mut() = n.filter(|x| !x.is_none());
    Ok(())
}
fn func_code_get(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(fd(v).code.clone())
}
fn func_code_set(vm: &mut Vm, v: &Value, n: Option<Value>) -> PyResult<()> {
    let Some(code) = n.filter(|c| downcast::<CodeData>(c).is_some()) else {
        return Err(vm.type_error("__code__ must be set to a code object"));
    };
    let p = v.as_object().unwrap();
    // SAFETY: `v` is a function (PyBoxDict<FunctionData>); under the GIL no
    // reference into its `code` field is live while a setter runs (frames
    // hold their own reference to the code they execute).
    let data = unsafe { &mut (*p.cast::<crate::object::PyBox<FunctionData>>().as_ptr()).data };
    data.code = code;
    Ok(())
}

fn func_globals_get(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(fd(v).globals.clone())
}
fn func_builtins_get(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(fd(v).builtins.clone())
}
fn func_closure_get(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(fd(v).closure.clone().unwrap_or_else(Value::none))
}
fn func_module_get(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(fd(v).module.borrow().clone())
}
fn func_module_set(_vm: &mut Vm, v: &Value, n: Option<Value>) -> PyResult<()> {
    *fd(v).module.borrow_mut() = n.unwrap_or_else(Value::none);
    Ok(())
}
fn func_annotations_get(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    let cur = fd(v).annotations.borrow().clone();
    match cur {
        Some(a) => Ok(a),
        None => {
            let d = vm.new_dict();
            *fd(v).annotations.borrow_mut() = Some(d.clone());
            Ok(d)
        }
    }
}
fn func_annotations_set(_vm: &mut Vm, v: &Value, n: Option<Value>) -> PyResult<()> {
    *fd(v).annotations.borrow_mut() = n;
    Ok(())
}

fn md(v: &Value) -> &MethodData {
    downcast::<MethodData>(v).unwrap()
}

/// `types.MethodType(func, obj)`.
fn method_new(vm: &mut Vm, a: Args) -> PyResult<Value> {
    if a.has_kwargs() || a.args.len() != 3 {
        return Err(vm.type_error(format!(
            "method expected 2 arguments, got {}",
            a.args.len().saturating_sub(1)
        )));
    }
    if !crate::builtins::module::is_callable(&a.args[1]) {
        return Err(vm.type_error("first argument must be callable"));
    }
    if a.args[2].is_none() {
        return Err(vm.type_error("instance must not be None"));
    }
    Ok(vm.new_bound_method(a.args[1].clone(), a.args[2].clone()))
}

fn method_get(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    Ok(a.args[0].clone())
}

fn method_repr(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let m = md(&a.args[0]);
    let (func, s) = (m.func.clone(), m.self_.clone());
    let name = match vm.get_attr_opt(&func, "__qualname__")? {
        Some(n) => vm.to_string(&n)?,
        None => "?".into(),
    };
    let sr = vm.repr(&s)?;
    Ok(vm.new_str_owned(format!("<bound method {} of {}>", name, sr)))
}
fn method_eq(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let Some(o) = downcast::<MethodData>(&a.args[1]) else {
        return not_impl();
    };
    let m = md(&a.args[0]);
    let same_self = m.self_.is(o.self_.borrow());
    let (f1, f2) = (m.func.clone(), o.func.clone());
    let r = same_self && vm.eq(&f1, &f2)?;
    Ok(Value::from_bool(r))
}
fn method_hash(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let m = md(&a.args[0]);
    let (f, s) = (m.func.clone(), m.self_.clone());
    let h = vm.hash(&f)? ^ crate::vm::ops::id_hash(&s);
    Ok(new_int_i64(if h == -1 { -2 } else { h }))
}
fn method_func_get(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(md(v).func.clone())
}
fn method_self_get(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(md(v).self_.clone())
}
fn method_name_get(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    let f = md(v).func.clone();
    vm.get_attr_str(&f, "__name__")
}
fn method_qualname_get(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    let f = md(v).func.clone();
    vm.get_attr_str(&f, "__qualname__")
}
fn method_doc_get(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    let f = md(v).func.clone();
    vm.get_attr_str(&f, "__doc__")
}

fn bd(v: &Value) -> &BuiltinFnData {
    downcast::<BuiltinFnData>(v).unwrap()
}

fn builtin_repr(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let b = bd(&a.args[0]);
    let s = match (&b.self_, b.owner) {
        (Some(s), _) if !std::ptr::eq(s.type_of(), &MODULE_TYPE) => {
            let s = s.clone();
            let tn = s.type_of().name();
            format!(
                "<built-in method {} of {} object at {:#x}>",
                b.name,
                tn,
                s.to_bits()
            )
        }
        // `T.__new__`: a function of the type, not a method descriptor.
        (None, Some(o)) if std::ptr::eq(a.args[0].type_of(), &BUILTIN_FUNCTION_TYPE) => format!(
            "<built-in method {} of type object at {:#x}>",
            b.name,
            o as *const crate::object::TypeObject as usize
        ),
        (None, Some(o)) => format!("<method '{}' of '{}' objects>", b.name, o.name()),
        _ => format!("<built-in function {}>", b.name),
    };
    Ok(vm.new_str_owned(s))
}
fn builtin_name_get(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    let n = bd(v).name;
    Ok(vm.new_str(n))
}
fn builtin_qualname_get(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    let b = bd(v);
    let q = match (b.owner, &b.self_) {
        (Some(o), _) => format!("{}.{}", o.name(), b.name),
        _ => b.name.to_string(),
    };
    Ok(vm.new_str_owned(q))
}
fn builtin_self_get(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    let b = bd(v);
    Ok(match &b.self_ {
        Some(s) => s.clone(),
        // `T.__new__`'s `__self__` is `T` (copyreg checks it).
        None if b.owner.is_some() && std::ptr::eq(v.type_of(), &BUILTIN_FUNCTION_TYPE) => {
            crate::vm::attr::type_value(b.owner.unwrap())
        }
        None => match b.module {
            Some(m) => {
                let mods = vm.modules.clone();
                vm.dict_get_str(&mods, m).unwrap_or_else(Value::none)
            }
            None => Value::none(),
        },
    })
}
/// Pickling a native function: a module-level one by name (pickle finds
/// it again in `__module__`), a method as `getattr(owner, name)`.
fn builtin_reduce(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let b = bd(&a.args[0]);
    let name = vm.new_str(b.name);
    let owner = match (&b.self_, b.owner) {
        (Some(s), _) if !std::ptr::eq(s.type_of(), &MODULE_TYPE) => s.clone(),
        (None, Some(t)) => type_value(t),
        _ => return Ok(name),
    };
    let getattr = vm.builtin("getattr")?;
    let args = vm.new_tuple(vec![owner, name]);
    Ok(vm.new_tuple(vec![getattr, args]))
}

fn builtin_module_get(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(match bd(v).module {
        Some(m) => vm.new_str(m),
        None => Value::none(),
    })
}
fn builtin_objclass_get(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(bd(v).owner.map(type_value).unwrap_or_else(Value::none))
}
fn descr_get_m(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let obj = a.args.get(1).cloned().unwrap_or_else(Value::none);
    if obj.is_none() {
        return Ok(a.args[0].clone());
    }
    let b = bd(&a.args[0]);
    Ok(vm.new_bound_native(b, obj))
}

// ---- property ----

fn pd(v: &Value) -> &PropertyData {
    downcast::<PropertyData>(v).unwrap()
}

fn property_new(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let t = as_type(&a.args[0]).unwrap();
    let _ = vm;
    Ok(alloc_object(
        t,
        PropertyData {
            fget: None,
            fset: None,
            fdel: None,
            doc: RefCell::new(None),
            name: RefCell::new(None),
        },
    ))
}

fn property_init(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let b = bind(vm, &a, "property", &["fget", "fset", "fdel", "doc"], true)?;
    let norm = |v: Option<&Value>| v.filter(|x| !x.is_none()).cloned();
    let p = a.args[0].as_object().unwrap();
    // SAFETY: `a.args[0]` is a property instance (PyBox<PropertyData>), and
    // no other reference into its payload is live during __init__.
    let data = unsafe { &mut (*p.cast::<crate::object::PyBox<PropertyData>>().as_ptr()).data };
    data.fget = norm(b[0]);
    data.fset = norm(b[1]);
    data.fdel = norm(b[2]);
    let mut doc = norm(b[3]);
    if doc.is_none() {
        if let Some(g) = &data.fget {
            let g = g.clone();
            doc = vm.get_attr_opt(&g, "__doc__")?.filter(|d| !d.is_none());
        }
    }
    *data.doc.borrow_mut() = doc;
    if let Some(g) = &data.fget {
        let g = g.clone();
        if let Some(n) = vm.get_attr_opt(&g, "__name__")? {
            *pd(&a.args[0]).name.borrow_mut() = Some(n);
        }
    }
    Ok(Value::none())
}

fn property_get(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let obj = a.args.get(1).cloned().unwrap_or_else(Value::none);
    if obj.is_none() {
        return Ok(a.args[0].clone());
    }
    let owner = type_value(obj.type_of());
    Ok(vm.descr_get(&a.args[0], Some(&obj), &owner)?.unwrap())
}

fn property_set(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let p = pd(&a.args[0]);
    match &p.fset {
        Some(f) => {
            let f = f.clone();
            vm.call(&f, &[a.args[1].clone(), a.args[2].clone()], &[])?;
            Ok(Value::none())
        }
        None => Err(vm.attribute_error("can't set attribute")),
    }
}

fn property_delete(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let p = pd(&a.args[0]);
    match &p.fdel {
        Some(f) => {
            let f = f.clone();
            vm.call(&f, &[a.args[1].clone()], &[])?;
            Ok(Value::none())
        }
        None => Err(vm.attribute_error("can't delete attribute")),
    }
}

fn property_copy(
    vm: &mut Vm,
    old: &Value,
    fget: Option<Value>,
    fset: Option<Value>,
    fdel: Option<Value>,
) -> PyResult<Value> {
    let p = pd(old);
    let fget = fget.or_else(|| p.fget.clone());
    let fset = fset.or_else(|| p.fset.clone());
    let fdel = fdel.or_else(|| p.fdel.clone());
    let doc = p.doc.borrow().clone().unwrap_or_else(Value::none);
    let t = type_value(old.type_of());
    let none = Value::none();
    vm.call(
        &t,
        &[
            fget.unwrap_or(none.clone()),
            fset.unwrap_or(none.clone()),
            fdel.unwrap_or(none),
            doc,
        ],
        &[],
    )
}

fn property_getter(vm: &mut Vm, a: Args) -> PyResult<Value> {
    property_copy(vm, &a.args[0], Some(a.args[1].clone()), None, None)
}
fn property_setter(vm: &mut Vm, a: Args) -> PyResult<Value> {
    property_copy(vm, &a.args[0], None, Some(a.args[1].clone()), None)
}
fn property_deleter(vm: &mut Vm, a: Args) -> PyResult<Value> {
    property_copy(vm, &a.args[0], None, None, Some(a.args[1].clone()))
}
fn property_set_name(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    *pd(&a.args[0]).name.borrow_mut() = a.args.get(2).cloned();
    Ok(Value::none())
}
fn prop_fget(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(pd(v).fget.clone().unwrap_or_else(Value::none))
}
fn prop_fset(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(pd(v).fset.clone().unwrap_or_else(Value::none))
}
fn prop_fdel(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(pd(v).fdel.clone().unwrap_or_else(Value::none))
}
fn prop_doc(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(pd(v).doc.borrow().clone().unwrap_or_else(Value::none))
}
fn prop_doc_set(_vm: &mut Vm, v: &Value, n: Option<Value>) -> PyResult<()> {
    *pd(v).doc.borrow_mut() = n;
    Ok(())
}
fn prop_isabstract(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    for f in [pd(v).fget.clone(), pd(v).fset.clone(), pd(v).fdel.clone()]
        .into_iter()
        .flatten()
    {
        if let Some(x) = vm.get_attr_opt(&f, "__isabstractmethod__")? {
            if vm.truthy(&x)? {
                return Ok(Value::from_bool(true));
            }
        }
    }
    Ok(Value::from_bool(false))
}

// ---- classmethod / staticmethod ----

fn wrapper_new(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let t = as_type(&a.args[0]).unwrap();
    if a.args.len() != 2 {
        return Err(vm.type_error(format!(
            "{} expected 1 argument, got {}",
            t.name(),
            a.args.len() - 1
        )));
    }
    Ok(alloc_object(
        t,
        WrapperData(RefCell::new(a.args[1].clone())),
    ))
}
fn wrapper_init(_vm: &mut Vm, _a: Args) -> PyResult<Value> {
    Ok(Value::none())
}
fn wrapper_get(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let obj = a.args.get(1).cloned().filter(|o| !o.is_none());
    let owner = match a.args.get(2) {
        Some(o) if !o.is_none() => o.clone(),
        _ => obj
            .as_ref()
            .map(|o| type_value(o.type_of()))
            .unwrap_or_else(Value::none),
    };
    Ok(vm.descr_get(&a.args[0], obj.as_ref(), &owner)?.unwrap())
}
fn staticmethod_call(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let f = downcast::<WrapperData>(&a.args[0])
        .unwrap()
        .0
        .borrow()
        .clone();
    vm.call(&f, &a.args[1..], a.kwnames)
}
fn wrapper_func(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(downcast::<WrapperData>(v).unwrap().0.borrow().clone())
}
fn wrapper_isabstract(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    let f = downcast::<WrapperData>(v).unwrap().0.borrow().clone();
    match vm.get_attr_opt(&f, "__isabstractmethod__")? {
        Some(x) => Ok(x),
        None => Ok(Value::from_bool(false)),
    }
}

// ---- super ----

/// A new `super(ty, obj)` object.
pub fn new_super(vm: &mut Vm, ty: Value, obj: Option<Value>) -> PyResult<Value> {
    let obj_type = match &obj {
        None => None,
        Some(o) => Some(super_check(vm, &ty, o)?),
    };
    Ok(alloc_object(&SUPER_TYPE, SuperData { ty, obj, obj_type }))
}

fn super_check(vm: &mut Vm, ty: &Value, obj: &Value) -> PyResult<Value> {
    let t = as_type(ty).unwrap();
    if let Some(ot) = as_type(obj) {
        if crate::vm::class::is_subtype(ot, t) {
            return Ok(obj.clone());
        }
    }
    if crate::vm::class::is_instance(obj, t) {
        return Ok(type_value(obj.type_of()));
    }
    Err(vm.type_error("super(type, obj): obj must be an instance or subtype of type"))
}

fn super_new(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let Some(t) = a.args.first().and_then(as_type) else {
        return Err(vm.type_error("super.__new__(X): X is not a type object"));
    };
    Ok(alloc_object(
        t,
        SuperData {
            ty: Value::none(),
            obj: None,
            obj_type: None,
        },
    ))
    .and_then(|s| {
        let _ = vm;
        Ok(s)
    })
}

fn super_init(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let pos = a.pos();
    let (ty, obj) = match pos.len() {
        1 => {
            // Zero-argument form: __class__ cell and first argument of the
            // calling frame.
            if vm.frames.is_empty() {
                return Err(vm.runtime_error("super(): no current frame"));
            }
            let f = vm.frames.last().unwrap();
            let c = f.code();
            if c.code.argcount == 0 && c.code.flags & pyrite_compiler::code::CO_VARARGS == 0 {
                return Err(vm.runtime_error("super(): no arguments"));
            }
            let nloc = c.code.varnames.len();
            let mut first = f.localsplus.first().cloned().flatten();
            // The first argument may live in a cell.
            if first.is_none() {
                if let Some(ci) = c.code.cell2arg.iter().position(|a| *a == Some(0)) {
                    if let Some(cell) = f.localsplus[nloc + ci].clone() {
                        first = downcast::<CellData>(&cell).and_then(|c| c.0.borrow().clone());
                    }
                }
            } else if let Some(ci) = c.code.cell2arg.iter().position(|a| *a == Some(0)) {
                if let Some(cell) = f.localsplus[nloc + ci].clone() {
                    if let Some(cd) = downcast::<CellData>(&cell) {
                        first = cd.0.borrow().clone();
                    }
                }
            }
            let Some(first) = first else {
                return Err(vm.runtime_error("super(): arg[0] deleted"));
            };
            let idx = c.code.freevars.iter().position(|n| n == "__class__");
            let Some(idx) = idx else {
                return Err(vm.runtime_error("super(): __class__ cell not found"));
            };
            let cell = f.localsplus[nloc + c.code.cellvars.len() + idx].clone();
            let cls =
                cell.and_then(|c| downcast::<CellData>(&c).and_then(|c| c.0.borrow().clone()));
            let Some(cls) = cls else {
                return Err(vm.runtime_error("super(): empty __class__ cell"));
            };
            if as_type(&cls).is_none() {
                return Err(vm.runtime_error("super(): __class__ is not a type"));
            }
            (cls, Some(first))
        }
        2 => (pos[1].clone(), None),
        3 => (
            pos[1].clone(),
            if pos[2].is_none() {
                None
            } else {
                Some(pos[2].clone())
            },
        ),
        _ => return Err(vm.type_error("super() takes at most 2 arguments")),
    };
    if as_type(&ty).is_none() {
        return Err(vm.type_error(format!(
            "super() argument 1 must be a type, not {}",
            ty.type_of().name()
        )));
    }
    let obj_type = match &obj {
        None => None,
        Some(o) => Some(super_check(vm, &ty, o)?),
    };
    let p = a.args[0].as_object().unwrap();
    // SAFETY: a super instance (PyBox<SuperData>) being initialised; no
    // other reference into its payload is live.
    let data = unsafe { &mut (*p.cast::<crate::object::PyBox<SuperData>>().as_ptr()).data };
    data.ty = ty;
    data.obj = obj;
    data.obj_type = obj_type;
    Ok(Value::none())
}

fn super_getattribute(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let s = downcast::<SuperData>(&a.args[0]).unwrap();
    let name = a.args[1].clone();
    let n = str_of(&name).to_string();
    if let (Some(obj_type), false) = (&s.obj_type, n == "__class__") {
        let ot = as_type(obj_type).unwrap();
        let start = as_type(&s.ty).unwrap();
        let mro = ot.mro.borrow().clone();
        let mut i = 0;
        while i < mro.len() && !std::ptr::eq(as_type(&mro[i]).unwrap(), start) {
            i += 1;
        }
        i += 1;
        let obj = s.obj.clone();
        let ot_v = obj_type.clone();
        while i < mro.len() {
            let t = as_type(&mro[i]).unwrap();
            if let Some(v) = crate::vm::attr::type_dict_get(t, &n) {
                let inst = obj.as_ref().filter(|o| !o.is(ot_v.borrow()));
                return Ok(vm.descr_get(&v, inst, &ot_v)?.unwrap_or(v));
            }
            i += 1;
        }
    }
    vm.generic_getattr(&a.args[0], &name)
}

fn super_repr(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let s = downcast::<SuperData>(&a.args[0]).unwrap();
    let tn = as_type(&s.ty).map(|t| t.name()).unwrap_or_default();
    let r = match &s.obj_type {
        Some(ot) => format!(
            "<super: <class '{}'>, <{} object>>",
            tn,
            as_type(ot).map(|t| t.name()).unwrap_or_default()
        ),
        None => format!("<super: <class '{}'>, NULL>", tn),
    };
    Ok(vm.new_str_owned(r))
}

fn super_get(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let s = downcast::<SuperData>(&a.args[0]).unwrap();
    let obj = a.args.get(1).cloned().filter(|o| !o.is_none());
    if obj.is_none() || s.obj.is_some() {
        return Ok(a.args[0].clone());
    }
    let ty = s.ty.clone();
    new_super(vm, ty, obj)
}

fn super_thisclass(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(downcast::<SuperData>(v).unwrap().ty.clone())
}
fn super_self(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(downcast::<SuperData>(v)
        .unwrap()
        .obj
        .clone()
        .unwrap_or_else(Value::none))
}
fn super_self_class(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(downcast::<SuperData>(v)
        .unwrap()
        .obj_type
        .clone()
        .unwrap_or_else(Value::none))
}

// ---- module ----

fn module_new(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let t = as_type(&a.args[0]).unwrap();
    let m = alloc_object(t, ModuleData);
    let d = vm.new_dict();
    set_inst_dict(&m, d);
    Ok(m)
}

fn module_init(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let b = bind(vm, &a, "module", &["name", "doc"], true)?;
    let Some(name) = b[0].cloned() else {
        return Err(vm.type_error("module.__init__() missing required argument 'name' (pos 1)"));
    };
    let d = inst_dict(&a.args[0]).unwrap();
    vm.dict_set_str(&d, "__name__", name)?;
    let doc = b[1].cloned().unwrap_or_else(Value::none);
    vm.dict_set_str(&d, "__doc__", doc)?;
    for k in ["__package__", "__loader__", "__spec__"] {
        if vm.dict_get_str(&d, k).is_none() {
            vm.dict_set_str(&d, k, Value::none())?;
        }
    }
    Ok(Value::none())
}

fn module_repr(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let d = inst_dict(&a.args[0]).unwrap();
    let name = vm
        .dict_get_str(&d, "__name__")
        .map(|n| str_of(&n).to_string())
        .unwrap_or_else(|| "?".into());
    let r = match vm.dict_get_str(&d, "__file__") {
        Some(f) if downcast::<StrData>(&f).is_some() => {
            format!("<module '{}' from '{}'>", name, str_of(&f))
        }
        // As importlib's _module_repr: a native module says built-in; a
        // module made at run time shows its loader, if any.
        _ if vm.native_modules.contains_key(name.as_str()) => {
            format!("<module '{}' (built-in)>", name)
        }
        _ => match vm.dict_get_str(&d, "__loader__").filter(|l| !l.is_none()) {
            Some(l) => {
                let lr = vm.repr(&l)?;
                format!("<module '{}' ({})>", name, lr)
            }
            None => format!("<module '{}'>", name),
        },
    };
    Ok(vm.new_str_owned(r))
}

fn module_dir(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let d = inst_dict(&a.args[0]).unwrap();
    if let Some(f) = vm.dict_get_str(&d, "__dir__") {
        // A module-level __dir__ (PEP 562).
        return vm.call0(&f);
    }
    let keys = vm.iterate(&d)?;
    Ok(vm.new_list(keys))
}

// ---- cell, code, frame, traceback ----

fn cell_repr(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let c = downcast::<CellData>(&a.args[0]).unwrap();
    let r = match &*c.0.borrow() {
        Some(v) => format!(
            "<cell at {:#x}: {} object at {:#x}>",
            a.args[0].to_bits(),
            v.type_of().name(),
            v.to_bits()
        ),
        None => format!("<cell at {:#x}: empty>", a.args[0].to_bits()),
    };
    Ok(vm.new_str_owned(r))
}
fn cell_contents(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    match downcast::<CellData>(v).unwrap().0.borrow().clone() {
        Some(x) => Ok(x),
        None => Err(vm.value_error("Cell is empty")),
    }
}
fn cell_contents_set(_vm: &mut Vm, v: &Value, n: Option<Value>) -> PyResult<()> {
    *downcast::<CellData>(v).unwrap().0.borrow_mut() = n;
    Ok(())
}

fn cd(v: &Value) -> &CodeData {
    downcast::<CodeData>(v).unwrap()
}
fn code_repr(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let c = cd(&a.args[0]);
    let r = format!(
        "<code object {} at {:#x}, file \"{}\", line {}>",
        c.code.name,
        a.args[0].to_bits(),
        c.code.filename,
        c.code.firstlineno
    );
    Ok(vm.new_str_owned(r))
}
fn code_name(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(cd(v).name.clone())
}
fn code_qualname(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(cd(v).qualname.clone())
}
fn code_filename(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    let f = cd(v).code.filename.clone();
    Ok(vm.new_str_owned(f))
}
fn code_firstlineno(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(new_int_i64(cd(v).code.firstlineno as i64))
}
fn code_argcount(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(new_int_i64(cd(v).code.argcount as i64))
}
fn code_posonlyargcount(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(new_int_i64(cd(v).code.posonlyargcount as i64))
}
fn code_kwonlyargcount(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(new_int_i64(cd(v).code.kwonlyargcount as i64))
}
fn code_nlocals(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(new_int_i64(cd(v).code.varnames.len() as i64))
}
fn code_flags(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(new_int_i64(cd(v).code.flags as i64))
}
fn code_stacksize(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(new_int_i64(cd(v).code.stacksize as i64))
}
fn strs_tuple(vm: &mut Vm, names: &[String]) -> Value {
    let items: Vec<Value> = names.iter().map(|n| vm.new_str(n)).collect();
    vm.new_tuple(items)
}
fn code_varnames(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    let n = cd(v).code.varnames.clone();
    Ok(strs_tuple(vm, &n))
}
fn code_cellvars(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    let n = cd(v).code.cellvars.clone();
    Ok(strs_tuple(vm, &n))
}
fn code_freevars(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    let n = cd(v).code.freevars.clone();
    Ok(strs_tuple(vm, &n))
}
fn code_names(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    let n = cd(v).code.names.clone();
    Ok(strs_tuple(vm, &n))
}
fn code_consts(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    let c = cd(v).consts.clone();
    Ok(vm.new_tuple(c))
}
/// `co_code`, `co_exceptiontable`, `co_linetable`, `co_lnotab` and
/// `_co_code_adaptive`: CPython 3.11's byte formats over Pyrite's
/// instructions, one 2-byte code unit each
/// (pyrite_compiler::cpython_tables).
fn code_code(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    let b = cd(v).code.co_code();
    Ok(vm.new_bytes(b))
}
fn code_exceptiontable(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    let b = cd(v).code.co_exceptiontable();
    Ok(vm.new_bytes(b))
}
fn code_linetable(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    let b = cd(v).code.co_linetable();
    Ok(vm.new_bytes(b))
}
fn code_lnotab(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    let b = cd(v).code.co_lnotab();
    Ok(vm.new_bytes(b))
}
/// The instructions the eval loop runs once the code has (fused pairs in
/// place of their first instruction), else `co_code`.
fn code_code_adaptive(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    let c = cd(v);
    let insts = c.quick.get().map_or(&c.code.instructions[..], |q| &q[..]);
    let b: Vec<u8> = insts.iter().flat_map(|i| [i.op as u8, (i.arg & 0xff) as u8]).collect();
    Ok(vm.new_bytes(b))
}
fn code_co_lines(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let lines = cd(&a.args[0]).code.lines();
    let mut out = Vec::new();
    for (s, e, l) in lines {
        let lv = match l {
            Some(l) => new_int_i64(l as i64),
            None => Value::none(),
        };
        out.push(vm.new_tuple(vec![
            new_int_i64(s as i64 * 2),
            new_int_i64(e as i64 * 2),
            lv,
        ]));
    }
    let l = vm.new_list(out);
    vm.iter(&l)
}
/// `co_positions()`: one entry per instruction, as `co_linetable`
/// decodes (artificial instructions have none; the module's RESUME is
/// on line 0, as `co_lines()` says).
fn code_co_positions(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let positions = cd(&a.args[0]).code.positions();
    let mut out = Vec::with_capacity(positions.len());
    for p in positions {
        let items = p
            .iter()
            .map(|x| x.map_or(Value::none(), |n| new_int_i64(n as i64)))
            .collect();
        out.push(vm.new_tuple(items));
    }
    let l = vm.new_list(out);
    vm.iter(&l)
}
/// `code.replace(**changes)`: the fields Lib changes (`co_flags`,
/// `co_name`, `co_qualname`, `co_filename`, `co_firstlineno`).
fn code_replace(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let mut co: pyrite_compiler::code::CodeObject = (*cd(&a.args[0]).full_code()).clone();
    for (k, v) in a.kwargs() {
        match k {
            "co_flags" => co.flags = vm.index_i64(v)? as u32,
            "co_firstlineno" => co.firstlineno = vm.index_i64(v)? as u32,
            "co_name" => co.name = vm.to_string(v)?,
            "co_qualname" => co.qualname = vm.to_string(v)?,
            "co_filename" => co.filename = vm.to_string(v)?,
            _ => {
                let msg = format!("code.replace(): changing {} is not supported", k);
                return Err(vm.new_exc(&NOT_IMPLEMENTED_ERROR_TYPE, msg));
            }
        }
    }
    Ok(crate::compile::code_value(vm, std::sync::Arc::new(co)))
}

fn fi(v: &Value) -> &FrameInfoData {
    downcast::<FrameInfoData>(v).unwrap()
}
fn frame_code(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(fi(v).code.clone())
}
fn frame_lineno(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    // A live frame reports its current line.
    for i in 0..vm.frames.len() {
        if vm.frames[i]
            .frame_obj
            .as_ref()
            .map_or(false, |f| f.is(v.borrow()))
        {
            let f = &vm.frames[i];
            return Ok(new_int_i64(f.line_at(f.lasti()) as i64));
        }
    }
    Ok(new_int_i64(fi(v).lineno.get() as i64))
}
fn frame_globals(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(fi(v).globals.clone())
}
fn frame_builtins(vm: &mut Vm, _v: &Value) -> PyResult<Value> {
    Ok(vm.builtins.clone())
}
/// `f_lasti`: the byte offset of the instruction running (a live frame)
/// or last run, two bytes an instruction as `co_code` and `dis` count.
fn frame_lasti(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    for f in vm.frames.iter() {
        if f.frame_obj.as_ref().is_some_and(|fo| fo.is(v.borrow())) {
            return Ok(new_int_i64(2 * f.lasti() as i64));
        }
    }
    Ok(new_int_i64(fi(v).lasti.get()))
}
fn frame_locals(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    for i in 0..vm.frames.len() {
        if vm.frames[i]
            .frame_obj
            .as_ref()
            .map_or(false, |f| f.is(v.borrow()))
        {
            let f = &vm.frames[i];
            if let Some(l) = &f.locals {
                return Ok(l.clone());
            }
            let names: Vec<Value> = f
                .code()
                .varnames
                .iter()
                .chain(f.code().cell_names.iter())
                .cloned()
                .collect();
            let nloc = f.code().code.varnames.len();
            let vals = f.localsplus.clone();
            let d = vm.new_dict();
            for (j, n) in names.into_iter().enumerate() {
                let val = match vals.get(j).cloned().flatten() {
                    Some(x) if j >= nloc => {
                        downcast::<CellData>(&x).and_then(|c| c.0.borrow().clone())
                    }
                    o => o,
                };
                if let Some(x) = val {
                    vm.dict_set(&d, n, x)?;
                }
            }
            return Ok(d);
        }
    }
    Ok(fi(v)
        .locals
        .borrow()
        .clone()
        .unwrap_or_else(|| vm.new_dict()))
}
fn frame_back(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(fi(v).back.borrow().clone().unwrap_or_else(Value::none))
}

fn tb(v: &Value) -> &TracebackData {
    downcast::<TracebackData>(v).unwrap()
}
fn tb_next(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(tb(v).next.borrow().clone().unwrap_or_else(Value::none))
}
fn frame_trace(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(fi(v).trace.borrow().clone().unwrap_or_else(Value::none))
}
/// `frame.clear()`: drops what a finished frame still references (its
/// locals snapshot and local tracer); an executing frame refuses, as in
/// CPython. (unittest clears the frames of every caught traceback.)
fn frame_clear(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("clear", &a, 1, 1)?;
    let v = &a.args[0];
    let executing = vm
        .frames
        .iter()
        .any(|f| f.frame_obj.as_ref().map_or(false, |o| o.is(v.borrow())));
    if executing {
        return Err(vm.runtime_error("cannot clear an executing frame"));
    }
    let f = fi(v);
    let locals = f.locals.borrow_mut().take();
    let trace = f.trace.borrow_mut().take();
    drop((locals, trace));
    Ok(Value::none())
}

fn frame_trace_set(_vm: &mut Vm, v: &Value, t: Option<Value>) -> PyResult<()> {
    *fi(v).trace.borrow_mut() = t.filter(|x| !x.is_none());
    Ok(())
}
/// `tb.tb_next = x`: a traceback or None, never making a loop.
fn tb_next_set(vm: &mut Vm, v: &Value, n: Option<Value>) -> PyResult<()> {
    let Some(n) = n else {
        return Err(vm.type_error("can't delete tb_next attribute"));
    };
    if !n.is_none() && downcast::<TracebackData>(&n).is_none() {
        return Err(vm.type_error(format!(
            "expected traceback object, got '{}'",
            n.type_of().name()
        )));
    }
    let mut cur = (!n.is_none()).then(|| n.clone());
    while let Some(c) = cur {
        if c.is(v.borrow()) {
            return Err(vm.value_error("traceback loop detected"));
        }
        cur = downcast::<TracebackData>(&c).and_then(|t| t.next.borrow().clone());
    }
    *tb(v).next.borrow_mut() = (!n.is_none()).then_some(n);
    Ok(())
}

/// `types.TracebackType(tb_next, tb_frame, tb_lasti, tb_lineno)`.
fn tb_new(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let b = crate::builtins::bind(
        vm,
        &a,
        "TracebackType",
        &["tb_next", "tb_frame", "tb_lasti", "tb_lineno"],
        true,
    )?;
    let next = b[0].cloned().unwrap_or_else(Value::none);
    if !next.is_none() && downcast::<TracebackData>(&next).is_none() {
        return Err(vm.type_error(format!(
            "expected traceback object or None, got '{}'",
            next.type_of().name()
        )));
    }
    let frame = b[1].cloned().unwrap_or_else(Value::none);
    if downcast::<FrameInfoData>(&frame).is_none() {
        return Err(vm.type_error(format!(
            "TracebackType() argument 'tb_frame' must be frame, not {}",
            frame.type_of().name()
        )));
    }
    let mut ints = [0i64; 2];
    for (i, what) in [(2, "tb_lasti"), (3, "tb_lineno")] {
        let x = b[i].cloned().unwrap_or_else(Value::none);
        if !crate::vm::class::is_instance(&x, &INT_TYPE) {
            return Err(vm.type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                x.type_of().name()
            )));
        }
        let _ = what;
        ints[i - 2] = vm.index_i64(&x)?;
    }
    Ok(crate::object::alloc_object(
        &TRACEBACK_TYPE,
        TracebackData {
            next: RefCell::new((!next.is_none()).then_some(next)),
            frame,
            lasti: (ints[0].max(0) / 2) as usize,
            lineno: ints[1].clamp(0, u32::MAX as i64) as u32,
            given_lasti: Some(ints[0]),
        },
    ))
}
fn tb_frame(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(tb(v).frame.clone())
}
fn tb_lineno(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(new_int_i64(tb(v).lineno as i64))
}
fn tb_lasti(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    if let Some(l) = tb(v).given_lasti {
        return Ok(new_int_i64(l));
    }
    Ok(new_int_i64(tb(v).lasti as i64 * 2))
}

// ---- types.SimpleNamespace ----

fn namespace_init(vm: &mut Vm, a: Args) -> PyResult<Value> {
    if a.pos().len() > 1 {
        return Err(vm.type_error(format!("no positional arguments expected")));
    }
    for (k, v) in a.kwargs() {
        vm.set_inst_attr(&a.args[0], k, v.clone())?;
    }
    Ok(Value::none())
}

fn namespace_repr(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let v = &a.args[0];
    let name = if std::ptr::eq(v.type_of(), &NAMESPACE_TYPE) {
        "namespace".to_string()
    } else {
        v.type_of().name()
    };
    let id = v.to_bits();
    if vm.repr_stack.contains(&id) {
        return Ok(vm.new_str_owned(format!("{}(...)", name)));
    }
    vm.repr_stack.push(id);
    let mut parts = Vec::new();
    let mut r = Ok(());
    if let Some(d) = inst_dict(v) {
        let entries: Vec<(Value, Value)> = downcast::<DictData>(&d)
            .unwrap()
            .table
            .borrow()
            .iter()
            .map(|e| (e.key.clone(), e.value.clone()))
            .collect();
        for (k, val) in entries {
            match vm.repr(&val) {
                Ok(s) => parts.push(format!("{}={}", str_of(&k), s)),
                Err(e) => {
                    r = Err(e);
                    break;
                }
            }
        }
    }
    vm.repr_stack.pop();
    r?;
    Ok(vm.new_str_owned(format!("{}({})", name, parts.join(", "))))
}

fn namespace_eq(vm: &mut Vm, a: Args) -> PyResult<Value> {
    if !crate::vm::class::is_instance(&a.args[1], &NAMESPACE_TYPE) {
        return not_impl();
    }
    let x = inst_dict(&a.args[0]).unwrap_or_else(|| vm.new_dict());
    let y = inst_dict(&a.args[1]).unwrap_or_else(|| vm.new_dict());
    let r = vm.eq(&x, &y)?;
    Ok(Value::from_bool(r))
}

// ---- types.GenericAlias ----

