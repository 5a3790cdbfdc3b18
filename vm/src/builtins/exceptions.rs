//! `BaseException` and the built-in exception hierarchy: construction,
//! `args`, `str`/`repr`, chaining attributes, the per-class extras
//! (`StopIteration.value`, `SystemExit.code`, `KeyError`'s str,
//! `OSError.errno`...), `ExceptionGroup` and the `except*` helpers.

use super::{add_getsets, add_methods};
use crate::object::alloc_object;
use crate::objects::*;
use crate::types::*;
use crate::value::Value;
use crate::vm::attr::{as_type, inst_dict, type_value};
use crate::vm::{str_of, Args, PyResult, Vm};
use std::cell::{Cell, RefCell};

pub fn init() {
    add_methods(
        &BASE_EXCEPTION_TYPE,
        &[
            ("__new__", exc_new),
            ("__init__", exc_init),
            ("__repr__", exc_repr),
            ("__str__", exc_str),
            ("with_traceback", exc_with_traceback),
            ("add_note", exc_add_note),
            ("__reduce__", exc_reduce),
        ],
    );
    add_getsets(
        &BASE_EXCEPTION_TYPE,
        &[
            ("args", exc_args, Some(exc_args_set)),
            ("__traceback__", exc_tb, Some(exc_tb_set)),
            ("__cause__", exc_cause, Some(exc_cause_set)),
            ("__context__", exc_context, Some(exc_context_set)),
            ("__suppress_context__", exc_suppress, Some(exc_suppress_set)),
        ],
    );
    add_getsets(&STOP_ITERATION_TYPE, &[("value", first_arg, None)]);
    add_getsets(&SYSTEM_EXIT_TYPE, &[("code", exit_code, None)]);
    add_methods(&KEY_ERROR_TYPE, &[("__str__", keyerror_str)]);
    add_methods(
        &OS_ERROR_TYPE,
        &[
            ("__new__", oserror_new),
            ("__init__", oserror_init),
            ("__str__", oserror_str),
        ],
    );
    add_getsets(
        &OS_ERROR_TYPE,
        &[
            ("errno", os_errno, None),
            ("strerror", os_strerror, None),
            ("filename", os_filename, None),
            ("filename2", os_filename2, None),
        ],
    );
    add_methods(
        &BASE_EXCEPTION_GROUP_TYPE,
        &[
            ("__new__", eg_new),
            ("__init__", eg_init),
            ("__str__", eg_str),
            ("split", eg_split_m),
            ("subgroup", eg_subgroup_m),
            ("derive", eg_derive),
        ],
    );
    add_getsets(
        &BASE_EXCEPTION_GROUP_TYPE,
        &[
            ("message", eg_message, None),
            ("exceptions", eg_exceptions, None),
        ],
    );
    for t in [&NAME_ERROR_TYPE, &ATTRIBUTE_ERROR_TYPE, &IMPORT_ERROR_TYPE] {
        add_methods(t, &[("__init__", kw_attr_init)]);
    }
    add_methods(&IMPORT_ERROR_TYPE, &[("__str__", importerror_str)]);
    add_getsets(
        &IMPORT_ERROR_TYPE,
        &[
            ("name", ie_name, Some(ie_name_set)),
            ("path", ie_path, Some(ie_path_set)),
            ("msg", ie_msg, Some(ie_msg_set)),
        ],
    );
    add_getsets(&NAME_ERROR_TYPE, &[("name", ie_name, Some(ie_name_set))]);
    add_getsets(
        &ATTRIBUTE_ERROR_TYPE,
        &[
            ("name", ie_name, Some(ie_name_set)),
            ("obj", ae_obj, Some(ae_obj_set)),
        ],
    );
    add_methods(
        &SYNTAX_ERROR_TYPE,
        &[("__init__", syntaxerror_init), ("__str__", syntaxerror_str)],
    );
    add_methods(
        &UNICODE_DECODE_ERROR_TYPE,
        &[
            ("__init__", unicode_error_init),
            ("__str__", unicode_error_str),
        ],
    );
    add_methods(
        &UNICODE_TRANSLATE_ERROR_TYPE,
        &[
            ("__init__", unicode_error_init),
            ("__str__", unicode_error_str),
        ],
    );
    add_methods(
        &UNICODE_ENCODE_ERROR_TYPE,
        &[
            ("__init__", unicode_error_init),
            ("__str__", unicode_error_str),
        ],
    );
}

fn ed(v: &Value) -> &ExcData {
    downcast::<ExcData>(v).unwrap()
}

fn exc_new(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let t = as_type(&a.args[0]).unwrap();
    let args = vm.new_tuple(a.pos()[1..].to_vec());
    let e = alloc_object(
        t,
        ExcData {
            args: RefCell::new(args),
            traceback: RefCell::new(None),
            cause: RefCell::new(None),
            context: RefCell::new(None),
            suppress_context: Cell::new(false),
        },
    );
    Ok(e)
}

fn exc_init(vm: &mut Vm, a: Args) -> PyResult<Value> {
    if a.has_kwargs() {
        let t = a.args[0].type_of();
        if !t.has_flag(crate::object::type_flags::HEAPTYPE)
            || crate::vm::attr::type_dict_get(t, "__init__").is_none()
        {
            return Err(vm.type_error(format!("{}() takes no keyword arguments", t.name())));
        }
    }
    let args = vm.new_tuple(a.pos()[1..].to_vec());
    *ed(&a.args[0]).args.borrow_mut() = args;
    Ok(Value::none())
}

fn args_of(v: &Value) -> Vec<Value> {
    let a = ed(v).args.borrow();
    downcast::<TupleData>(&a)
        .map(|t| t.items.to_vec())
        .unwrap_or_default()
}

fn exc_repr(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let args = args_of(&a.args[0]);
    let name = a.args[0].type_of().name();
    let inner = if args.len() == 1 {
        vm.repr(&args[0])?
    } else {
        let t = vm.new_tuple(args);
        let r = vm.repr(&t)?;
        r[1..r.len() - 1].trim_end_matches(',').to_string()
    };
    Ok(vm.new_str_owned(format!("{}({})", name, inner)))
}

fn exc_str(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let args = args_of(&a.args[0]);
    match args.len() {
        0 => Ok(vm.new_str("")),
        1 => vm.to_str(&args[0]),
        _ => {
            let t = vm.new_tuple(args);
            vm.repr_value(&t)
        }
    }
}

fn exc_with_traceback(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    *ed(&a.args[0]).traceback.borrow_mut() = a.args.get(1).filter(|t| !t.is_none()).cloned();
    Ok(a.args[0].clone())
}

fn exc_add_note(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("add_note", &Args::new(&a.args[1..]), 1, 1)?;
    if downcast::<StrData>(&a.args[1]).is_none() {
        return Err(vm.type_error(format!(
            "note must be a str, not '{}'",
            a.args[1].type_of().name()
        )));
    }
    let notes = match vm.get_attr_opt(&a.args[0], "__notes__")? {
        Some(n) => n,
        None => {
            let l = vm.new_list(vec![]);
            vm.set_inst_attr(&a.args[0], "__notes__", l.clone())?;
            l
        }
    };
    if downcast::<ListData>(&notes).is_none() {
        return Err(vm.type_error("Cannot add note: __notes__ is not a list"));
    }
    vm.call_method(&notes, "append", &[a.args[1].clone()])?;
    Ok(Value::none())
}

/// `(type, args)`, and the instance dict as the state when it holds
/// anything (OSError's filenames, ImportError's name and path live there
/// here). AttributeError's `name`/`obj` and NameError's `name` are left
/// out, as CPython does not pickle them.
fn exc_reduce(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let e = &a.args[0];
    let t = type_value(e.type_of());
    let args = ed(e).args.borrow().clone();
    let skip: &[&str] = if crate::vm::class::is_instance(e, &ATTRIBUTE_ERROR_TYPE) {
        &["name", "obj"]
    } else if crate::vm::class::is_instance(e, &NAME_ERROR_TYPE) {
        &["name"]
    } else {
        &[]
    };
    if let Some(d) = inst_dict(e) {
        let keys = vm.iterate(&d)?;
        let state = vm.new_dict();
        let mut any = false;
        for k in keys {
            if downcast::<StrData>(&k).is_some() && skip.contains(&crate::vm::str_of(&k)) {
                continue;
            }
            let Some(v) = vm.dict_get(&d, &k)? else {
                continue;
            };
            vm.dict_set(&state, k, v)?;
            any = true;
        }
        if any {
            return Ok(vm.new_tuple(vec![t, args, state]));
        }
    }
    Ok(vm.new_tuple(vec![t, args]))
}

fn exc_args(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(ed(v).args.borrow().clone())
}
fn exc_args_set(vm: &mut Vm, v: &Value, n: Option<Value>) -> PyResult<()> {
    let Some(n) = n else {
        return Err(vm.type_error("args may not be deleted"));
    };
    let items = vm.iterate(&n)?;
    *ed(v).args.borrow_mut() = vm.new_tuple(items);
    Ok(())
}
fn exc_tb(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(ed(v).traceback.borrow().clone().unwrap_or_else(Value::none))
}
fn exc_tb_set(vm: &mut Vm, v: &Value, n: Option<Value>) -> PyResult<()> {
    match n {
        Some(t) if t.is_none() => *ed(v).traceback.borrow_mut() = None,
        Some(t) if downcast::<TracebackData>(&t).is_some() => {
            *ed(v).traceback.borrow_mut() = Some(t)
        }
        _ => return Err(vm.type_error("__traceback__ must be a traceback or None")),
    }
    Ok(())
}
fn exc_cause(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(ed(v).cause.borrow().clone().unwrap_or_else(Value::none))
}
fn exc_cause_set(vm: &mut Vm, v: &Value, n: Option<Value>) -> PyResult<()> {
    let Some(n) = n else {
        return Err(vm.type_error("__cause__ may not be deleted"));
    };
    let n = Some(n).filter(|x| !x.is_none());
    if let Some(c) = &n {
        if !crate::vm::class::is_instance(c, &BASE_EXCEPTION_TYPE) {
            return Err(vm.type_error("exception cause must be None or derive from BaseException"));
        }
    }
    *ed(v).cause.borrow_mut() = n;
    ed(v).suppress_context.set(true);
    Ok(())
}
fn exc_context(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(ed(v).context.borrow().clone().unwrap_or_else(Value::none))
}
fn exc_context_set(vm: &mut Vm, v: &Value, n: Option<Value>) -> PyResult<()> {
    let Some(n) = n else {
        return Err(vm.type_error("__context__ may not be deleted"));
    };
    let n = Some(n).filter(|x| !x.is_none());
    if let Some(c) = &n {
        if !crate::vm::class::is_instance(c, &BASE_EXCEPTION_TYPE) {
            return Err(
                vm.type_error("exception context must be None or derive from BaseException")
            );
        }
    }
    *ed(v).context.borrow_mut() = n;
    Ok(())
}
fn exc_suppress(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(Value::from_bool(ed(v).suppress_context.get()))
}
fn exc_suppress_set(vm: &mut Vm, v: &Value, n: Option<Value>) -> PyResult<()> {
    let b = match n {
        Some(x) => vm.truthy(&x)?,
        None => false,
    };
    ed(v).suppress_context.set(b);
    Ok(())
}

fn first_arg(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(args_of(v).into_iter().next().unwrap_or_else(Value::none))
}

fn exit_code(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    let args = args_of(v);
    Ok(match args.len() {
        0 => Value::none(),
        1 => args[0].clone(),
        _ => crate::vm::new::new_tuple(args),
    })
}

fn keyerror_str(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let args = args_of(&a.args[0]);
    if args.len() == 1 {
        return vm.repr_value(&args[0]);
    }
    exc_str(vm, a)
}

/// `OSError(errno, ...)` is an instance of the subclass for that errno.
fn oserror_new(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let t = as_type(&a.args[0]).unwrap();
    let pos = a.pos();
    let mut ty: &crate::object::TypeObject = t;
    if std::ptr::eq(t, &OS_ERROR_TYPE) && pos.len() >= 3 {
        let sub: Option<&'static crate::object::TypeObject> = match pos[1].as_i64() {
            Some(1) | Some(13) => Some(&PERMISSION_ERROR_TYPE),
            Some(2) => Some(&FILE_NOT_FOUND_ERROR_TYPE),
            Some(3) => Some(&PROCESS_LOOKUP_ERROR_TYPE),
            Some(4) => Some(&INTERRUPTED_ERROR_TYPE),
            Some(10) => Some(&CHILD_PROCESS_ERROR_TYPE),
            Some(11) | Some(114) | Some(115) => Some(&BLOCKING_IO_ERROR_TYPE),
            Some(17) => Some(&FILE_EXISTS_ERROR_TYPE),
            Some(20) => Some(&NOT_A_DIRECTORY_ERROR_TYPE),
            Some(21) => Some(&IS_A_DIRECTORY_ERROR_TYPE),
            Some(32) | Some(108) => Some(&BROKEN_PIPE_ERROR_TYPE),
            Some(103) => Some(&CONNECTION_ABORTED_ERROR_TYPE),
            Some(104) => Some(&CONNECTION_RESET_ERROR_TYPE),
            Some(110) => Some(&TIMEOUT_ERROR_TYPE),
            Some(111) => Some(&CONNECTION_REFUSED_ERROR_TYPE),
            _ => None,
        };
        if let Some(s) = sub {
            ty = s;
        }
    }
    let args = vm.new_tuple(pos[1..].to_vec());
    Ok(alloc_object(
        ty,
        ExcData {
            args: RefCell::new(args),
            traceback: RefCell::new(None),
            cause: RefCell::new(None),
            context: RefCell::new(None),
            suppress_context: Cell::new(false),
        },
    ))
}

fn oserror_init(vm: &mut Vm, a: Args) -> PyResult<Value> {
    exc_init(vm, a)?;
    let args = args_of(&a.args[0]);
    if (2..=5).contains(&args.len()) {
        // CPython keeps (errno, strerror) as args; the filename is an attribute.
        let two = vm.new_tuple(args[..2].to_vec());
        *ed(&a.args[0]).args.borrow_mut() = two;
    }
    if args.len() >= 2 {
        vm.set_inst_attr(&a.args[0], "errno", args[0].clone())?;
        vm.set_inst_attr(&a.args[0], "strerror", args[1].clone())?;
        if let Some(f) = args.get(2) {
            vm.set_inst_attr(&a.args[0], "filename", f.clone())?;
        }
        if let Some(f) = args.get(4) {
            vm.set_inst_attr(&a.args[0], "filename2", f.clone())?;
        }
    }
    Ok(Value::none())
}

fn os_attr(vm: &mut Vm, v: &Value, name: &str) -> PyResult<Value> {
    if let Some(d) = inst_dict(v) {
        if let Some(x) = vm.dict_get_str(&d, name) {
            return Ok(x);
        }
    }
    Ok(Value::none())
}
fn os_errno(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    os_attr(vm, v, "errno")
}
fn os_strerror(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    os_attr(vm, v, "strerror")
}
fn os_filename(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    os_attr(vm, v, "filename")
}
fn os_filename2(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    os_attr(vm, v, "filename2")
}

fn oserror_str(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let v = &a.args[0];
    let errno = os_attr(vm, v, "errno")?;
    let strerror = os_attr(vm, v, "strerror")?;
    let filename = os_attr(vm, v, "filename")?;
    if !errno.is_none() && !strerror.is_none() {
        let e = vm.to_string(&errno)?;
        let s = vm.to_string(&strerror)?;
        if !filename.is_none() {
            let f = vm.repr(&filename)?;
            let f2 = os_attr(vm, v, "filename2")?;
            if !f2.is_none() {
                let f2 = vm.repr(&f2)?;
                return Ok(vm.new_str_owned(format!("[Errno {}] {}: {} -> {}", e, s, f, f2)));
            }
            return Ok(vm.new_str_owned(format!("[Errno {}] {}: {}", e, s, f)));
        }
        return Ok(vm.new_str_owned(format!("[Errno {}] {}", e, s)));
    }
    exc_str(vm, a)
}

/// `NameError(name=...)`, `AttributeError(name=..., obj=...)`,
/// `ImportError(name=..., path=...)`.
fn kw_attr_init(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let allowed: &[&str] = if crate::vm::class::is_instance(&a.args[0], &IMPORT_ERROR_TYPE) {
        &["name", "path"]
    } else if crate::vm::class::is_instance(&a.args[0], &ATTRIBUTE_ERROR_TYPE) {
        &["name", "obj"]
    } else {
        &["name"]
    };
    for (k, v) in a.kwargs() {
        if !allowed.contains(&k) {
            let msg = format!(
                "'{}' is an invalid keyword argument for {}()",
                k,
                a.args[0].type_of().name()
            );
            return Err(vm.type_error(msg));
        }
        vm.set_inst_attr(&a.args[0], k, v.clone())?;
    }
    for k in allowed {
        if a.kw(k).is_none() {
            // ImportError.__init__ resets what it is not given, as
            // CPython's; the others keep what the VM set.
            let import = crate::vm::class::is_instance(&a.args[0], &IMPORT_ERROR_TYPE);
            if let Some(d) = inst_dict(&a.args[0]) {
                if !import && vm.dict_get_str(&d, k).is_some() {
                    continue;
                }
            }
            vm.set_inst_attr(&a.args[0], k, Value::none())?;
        }
    }
    if crate::vm::class::is_instance(&a.args[0], &IMPORT_ERROR_TYPE) {
        let args = args_of(&a.args[0]);
        let msg = if args.len() == 1 {
            args[0].clone()
        } else {
            Value::none()
        };
        let _ = msg;
    }
    let args = vm.new_tuple(a.pos()[1..].to_vec());
    *ed(&a.args[0]).args.borrow_mut() = args;
    if crate::vm::class::is_instance(&a.args[0], &IMPORT_ERROR_TYPE) {
        let args = args_of(&a.args[0]);
        let m = if args.len() == 1 {
            args[0].clone()
        } else {
            Value::none()
        };
        vm.set_inst_attr(&a.args[0], "msg", m)?;
    }
    Ok(Value::none())
}

fn importerror_str(vm: &mut Vm, a: Args) -> PyResult<Value> {
    if let Some(d) = inst_dict(&a.args[0]) {
        if let Some(m) = vm.dict_get_str(&d, "msg") {
            if !m.is_none() {
                return vm.to_str(&m);
            }
        }
    }
    exc_str(vm, a)
}

fn syntaxerror_init(vm: &mut Vm, a: Args) -> PyResult<Value> {
    exc_init(vm, a)?;
    let args = args_of(&a.args[0]);
    let msg = args.first().cloned().unwrap_or_else(Value::none);
    vm.set_inst_attr(&a.args[0], "msg", msg)?;
    let mut details = vec![Value::none(); 6];
    if let (2, Some(d)) = (args.len(), args.get(1)) {
        // (filename, lineno, offset, text[, end_lineno, end_offset])
        let items = vm.iterate(d)?;
        if !(4..=6).contains(&items.len()) {
            let msg = if items.len() < 4 {
                format!(
                    "function takes at least 4 arguments ({} given)",
                    items.len()
                )
            } else {
                format!("function takes at most 6 arguments ({} given)", items.len())
            };
            return Err(vm.type_error(msg));
        }
        if items.len() == 5 {
            return Err(vm.type_error("end_offset must be provided when end_lineno is provided"));
        }
        for (i, it) in items.into_iter().enumerate() {
            details[i] = it;
        }
    }
    for (i, n) in [
        "filename",
        "lineno",
        "offset",
        "text",
        "end_lineno",
        "end_offset",
    ]
    .iter()
    .enumerate()
    {
        vm.set_inst_attr(&a.args[0], n, details[i].clone())?;
    }
    vm.set_inst_attr(&a.args[0], "print_file_and_line", Value::none())?;
    Ok(Value::none())
}

fn syntaxerror_str(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let v = &a.args[0];
    let msg = os_attr(vm, v, "msg")?;
    let msg_s = if msg.is_none() {
        String::new()
    } else {
        vm.to_string(&msg)?
    };
    let filename = os_attr(vm, v, "filename")?;
    let lineno = os_attr(vm, v, "lineno")?;
    let fname = if downcast::<StrData>(&filename).is_some() {
        let f = str_of(&filename).to_string();
        Some(f.rsplit('/').next().unwrap_or(&f).to_string())
    } else {
        None
    };
    let r = match (fname, lineno.as_i64()) {
        (Some(f), Some(l)) => format!("{} ({}, line {})", msg_s, f, l),
        (Some(f), None) => format!("{} ({})", msg_s, f),
        (None, Some(l)) => format!("{} (line {})", msg_s, l),
        (None, None) => msg_s,
    };
    Ok(vm.new_str_owned(r))
}

fn unicode_error_init(vm: &mut Vm, a: Args) -> PyResult<Value> {
    exc_init(vm, a)?;
    let args = args_of(&a.args[0]);
    if args.len() == 4 && crate::vm::class::is_instance(&a.args[0], &UNICODE_TRANSLATE_ERROR_TYPE) {
        for (i, n) in ["object", "start", "end", "reason"].iter().enumerate() {
            vm.set_inst_attr(&a.args[0], n, args[i].clone())?;
        }
    }
    if args.len() == 5 {
        for (i, n) in ["encoding", "object", "start", "end", "reason"]
            .iter()
            .enumerate()
        {
            let mut v = args[i].clone();
            if i == 1 && downcast::<ByteArrayData>(&v).is_some() {
                // UnicodeDecodeError keeps a bytes copy of a buffer.
                let b = downcast::<ByteArrayData>(&v).unwrap().b.borrow().clone();
                v = vm.new_bytes(b);
            }
            vm.set_inst_attr(&a.args[0], n, v)?;
        }
    }
    Ok(Value::none())
}

// ---- exception groups ----

fn eg_new(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let t = as_type(&a.args[0]).unwrap();
    let pos = a.pos();
    if pos.len() != 3 {
        return Err(vm.type_error(format!(
            "BaseExceptionGroup.__new__() takes exactly 2 arguments ({} given)",
            pos.len() - 1
        )));
    }
    if downcast::<StrData>(&pos[1]).is_none() {
        return Err(
            vm.type_error("argument 1 must be str, not ".to_string() + &pos[1].type_of().name())
        );
    }
    let excs = match vm.iterate(&pos[2]) {
        Ok(e) if downcast::<SetData>(&pos[2]).is_none() && lookup_seq(&pos[2]) => e,
        _ => return Err(vm.type_error("second argument (exceptions) must be a sequence")),
    };
    if excs.is_empty() {
        return Err(vm.value_error("second argument (exceptions) must be a non-empty sequence"));
    }
    let mut all_exc = true;
    for (i, e) in excs.iter().enumerate() {
        if !crate::vm::class::is_instance(e, &BASE_EXCEPTION_TYPE) {
            return Err(vm.value_error(format!(
                "Item {} of second argument (exceptions) is not an exception",
                i
            )));
        }
        if !crate::vm::class::is_instance(e, &EXCEPTION_TYPE) {
            all_exc = false;
        }
    }
    let mut ty = t;
    if std::ptr::eq(t, &BASE_EXCEPTION_GROUP_TYPE) {
        if all_exc {
            ty = &EXCEPTION_GROUP_TYPE;
        }
    } else if std::ptr::eq(t, &EXCEPTION_GROUP_TYPE) {
        if !all_exc {
            return Err(vm.type_error("Cannot nest BaseExceptions in an ExceptionGroup"));
        }
    } else if !all_exc && crate::vm::class::is_subtype(t, &EXCEPTION_TYPE) {
        let msg = format!("Cannot nest BaseExceptions in '{}'", t.name());
        return Err(vm.type_error(msg));
    }
    let args = vm.new_tuple(pos[1..].to_vec());
    let e = alloc_object(
        ty,
        ExcData {
            args: RefCell::new(args),
            traceback: RefCell::new(None),
            cause: RefCell::new(None),
            context: RefCell::new(None),
            suppress_context: Cell::new(false),
        },
    );
    let tup = vm.new_tuple(excs);
    vm.set_inst_attr(&e, "__eg_exceptions__", tup)?;
    vm.set_inst_attr(&e, "__eg_message__", pos[1].clone())?;
    Ok(e)
}

fn lookup_seq(v: &Value) -> bool {
    crate::vm::attr::lookup(v.type_of(), "__getitem__").is_some()
}

fn eg_init(_vm: &mut Vm, _a: Args) -> PyResult<Value> {
    Ok(Value::none())
}

fn eg_message(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    os_attr(vm, v, "__eg_message__")
}

fn eg_exceptions(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    os_attr(vm, v, "__eg_exceptions__")
}

fn eg_excs(vm: &mut Vm, v: &Value) -> PyResult<Vec<Value>> {
    let t = eg_exceptions(vm, v)?;
    Ok(downcast::<TupleData>(&t)
        .map(|t| t.items.to_vec())
        .unwrap_or_default())
}

fn eg_str(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let m = eg_message(vm, &a.args[0])?;
    let n = eg_excs(vm, &a.args[0])?.len();
    let ms = vm.to_string(&m)?;
    Ok(vm.new_str_owned(format!(
        "{} ({} sub-exception{})",
        ms,
        n,
        if n == 1 { "" } else { "s" }
    )))
}

fn eg_derive(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let m = eg_message(vm, &a.args[0])?;
    let t = type_value(&BASE_EXCEPTION_GROUP_TYPE);
    vm.call(&t, &[m, a.args[1].clone()], &[])
}

/// Builds a group like `eg` with `excs` (via `derive`, copying
/// traceback, cause, context and notes).
fn eg_rebuild(vm: &mut Vm, eg: &Value, excs: Vec<Value>) -> PyResult<Value> {
    let l = vm.new_list(excs);
    let n = vm.call_method(eg, "derive", &[l])?;
    let (src, dst) = (ed(eg), ed(&n));
    *dst.traceback.borrow_mut() = src.traceback.borrow().clone();
    *dst.cause.borrow_mut() = src.cause.borrow().clone();
    *dst.context.borrow_mut() = src.context.borrow().clone();
    if let Some(notes) = vm.get_attr_opt(eg, "__notes__")? {
        vm.set_inst_attr(&n, "__notes__", notes)?;
    }
    Ok(n)
}

/// Splits `eg` by a matcher: (matching part, rest), each a group or None.
fn eg_split_by(
    vm: &mut Vm,
    eg: &Value,
    m: &dyn Fn(&mut Vm, &Value) -> PyResult<bool>,
) -> PyResult<(Option<Value>, Option<Value>)> {
    if m(vm, eg)? {
        return Ok((Some(eg.clone()), None));
    }
    if !crate::vm::class::is_instance(eg, &BASE_EXCEPTION_GROUP_TYPE) {
        return Ok((None, Some(eg.clone())));
    }
    let mut yes = Vec::new();
    let mut no = Vec::new();
    for e in eg_excs(vm, eg)? {
        let (a, b) = eg_split_by(vm, &e, m)?;
        if let Some(a) = a {
            yes.push(a);
        }
        if let Some(b) = b {
            no.push(b);
        }
    }
    let ym = if yes.is_empty() {
        None
    } else {
        Some(eg_rebuild(vm, eg, yes)?)
    };
    let nm = if no.is_empty() {
        None
    } else {
        Some(eg_rebuild(vm, eg, no)?)
    };
    Ok((ym, nm))
}

fn matcher_for(
    vm: &mut Vm,
    cond: &Value,
) -> PyResult<Box<dyn Fn(&mut Vm, &Value) -> PyResult<bool>>> {
    let is_type = |v: &Value| {
        as_type(v).map_or(false, |t| {
            crate::vm::class::is_subtype(t, &BASE_EXCEPTION_TYPE)
        })
    };
    if is_type(cond) || downcast::<TupleData>(cond).map_or(false, |t| t.items.iter().all(is_type)) {
        let c = cond.clone();
        return Ok(Box::new(move |vm: &mut Vm, e: &Value| {
            vm.exception_matches(e, &c)
        }));
    }
    if crate::builtins::module::is_callable(cond) {
        let c = cond.clone();
        return Ok(Box::new(move |vm: &mut Vm, e: &Value| {
            let r = vm.call(&c, &[e.clone()], &[])?;
            vm.truthy(&r)
        }));
    }
    Err(vm.type_error("expected a function, exception type or tuple of exception types"))
}

fn eg_split_m(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let m = matcher_for(vm, &a.args[1])?;
    let (x, y) = eg_split_by(vm, &a.args[0], &*m)?;
    Ok(vm.new_tuple(vec![
        x.unwrap_or_else(Value::none),
        y.unwrap_or_else(Value::none),
    ]))
}

fn eg_subgroup_m(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let m = matcher_for(vm, &a.args[1])?;
    let (x, _) = eg_split_by(vm, &a.args[0], &*m)?;
    Ok(x.unwrap_or_else(Value::none))
}

/// `CHECK_EG_MATCH`: (match, rest) for `except* ty`.
pub fn eg_split_for_match(
    vm: &mut Vm,
    exc: &Value,
    ty: &Value,
) -> PyResult<(Option<Value>, Option<Value>)> {
    if !crate::vm::class::is_instance(exc, &BASE_EXCEPTION_GROUP_TYPE) {
        if vm.exception_matches(exc, ty)? {
            // A naked exception is wrapped in an ExceptionGroup("", [exc]).
            let m = vm.new_str("");
            let l = vm.new_list(vec![exc.clone()]);
            let t = type_value(&BASE_EXCEPTION_GROUP_TYPE);
            let g = vm.call(&t, &[m, l], &[])?;
            if let Some(tb) = ed(exc).traceback.borrow().clone() {
                *ed(&g).traceback.borrow_mut() = Some(tb);
            }
            return Ok((Some(g), None));
        }
        return Ok((None, Some(exc.clone())));
    }
    let c = ty.clone();
    let m = move |vm: &mut Vm, e: &Value| vm.exception_matches(e, &c);
    eg_split_by(vm, exc, &m)
}

/// `PREP_RERAISE_STAR`: combine the exceptions raised/re-raised by the
/// `except*` clauses into what propagates.
pub fn prep_reraise_star(vm: &mut Vm, orig: &Value, excs: &Value) -> PyResult<Value> {
    let list = vm.iterate(excs)?;
    let list: Vec<Value> = list.into_iter().filter(|e| !e.is_none()).collect();
    if list.is_empty() {
        return Ok(Value::none());
    }
    if !crate::vm::class::is_instance(orig, &BASE_EXCEPTION_GROUP_TYPE) {
        return Ok(list[0].clone());
    }
    // Re-raised exceptions are leaves of `orig` (identity); raised ones
    // are new.
    let mut reraised = Vec::new();
    let mut raised = Vec::new();
    for e in list {
        if is_leaf_subset(vm, orig, &e)? {
            reraised.push(e);
        } else {
            raised.push(e);
        }
    }
    let mut leaves = Vec::new();
    for r in &reraised {
        collect_leaves(vm, r, &mut leaves)?;
    }
    let keep = {
        let ids: Vec<u64> = leaves.iter().map(|v| v.to_bits()).collect();
        let m = move |_vm: &mut Vm, e: &Value| Ok(ids.contains(&e.to_bits()));
        let (k, _) = eg_split_by(vm, orig, &m)?;
        k
    };
    let mut result = raised;
    if let Some(k) = keep {
        result.insert(0, k);
    }
    if result.len() == 1 {
        return Ok(result.into_iter().next().unwrap());
    }
    let m = vm.new_str("");
    let l = vm.new_list(result);
    let t = type_value(&BASE_EXCEPTION_GROUP_TYPE);
    vm.call(&t, &[m, l], &[])
}

fn collect_leaves(vm: &mut Vm, e: &Value, out: &mut Vec<Value>) -> PyResult<()> {
    if crate::vm::class::is_instance(e, &BASE_EXCEPTION_GROUP_TYPE) {
        for x in eg_excs(vm, e)? {
            collect_leaves(vm, &x, out)?;
        }
    } else {
        out.push(e.clone());
    }
    Ok(())
}

fn is_leaf_subset(vm: &mut Vm, orig: &Value, e: &Value) -> PyResult<bool> {
    let mut ol = Vec::new();
    collect_leaves(vm, orig, &mut ol)?;
    let mut el = Vec::new();
    collect_leaves(vm, e, &mut el)?;
    Ok(el.iter().all(|x| ol.iter().any(|o| o.is(x.borrow()))))
}

/// A UnicodeEncodeError/UnicodeDecodeError with CPython's five arguments.
pub fn unicode_error(
    vm: &mut Vm,
    ty: &'static crate::object::TypeObject,
    encoding: &str,
    object: Value,
    start: usize,
    end: usize,
    reason: &str,
) -> crate::vm::PyErr {
    let enc = vm.new_str(encoding);
    let r = vm.new_str(reason);
    let t = type_value(ty);
    match vm.call(
        &t,
        &[
            enc,
            object,
            crate::vm::new::new_int_i64(start as i64),
            crate::vm::new::new_int_i64(end as i64),
            r,
        ],
        &[],
    ) {
        Ok(e) => crate::vm::PyErr(e),
        Err(e) => e,
    }
}

fn unicode_error_str(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let v = &a.args[0];
    let get = |vm: &mut Vm, n: &str| inst_dict(v).and_then(|d| vm.dict_get_str(&d, n));
    if crate::vm::class::is_instance(v, &UNICODE_TRANSLATE_ERROR_TYPE) {
        let (Some(obj), Some(start), Some(end), Some(reason)) = (
            get(vm, "object"),
            get(vm, "start"),
            get(vm, "end"),
            get(vm, "reason"),
        ) else {
            return exc_str(vm, a);
        };
        let reason = vm.to_string(&reason)?;
        let (start, end) = (start.as_i64().unwrap_or(0), end.as_i64().unwrap_or(0));
        let s = if downcast::<StrData>(&obj).is_some() { crate::vm::str_of(&obj).to_string() } else { String::new() };
        let msg = match s.chars().nth(start.max(0) as usize) {
            Some(c) if end == start + 1 => format!(
                "can't translate character '{}' in position {}: {}",
                crate::builtins::bytes::char_escape(c),
                start,
                reason
            ),
            _ => format!(
                "can't translate characters in position {}-{}: {}",
                start,
                end - 1,
                reason
            ),
        };
        return Ok(vm.new_str_owned(msg));
    }
    let (Some(enc), Some(obj), Some(start), Some(end), Some(reason)) = (
        get(vm, "encoding"),
        get(vm, "object"),
        get(vm, "start"),
        get(vm, "end"),
        get(vm, "reason"),
    ) else {
        return exc_str(vm, a);
    };
    let (enc, reason) = (vm.to_string(&enc)?, vm.to_string(&reason)?);
    let (start, end) = (start.as_i64().unwrap_or(0), end.as_i64().unwrap_or(0));
    let msg = if let Some(b) = downcast::<BytesData>(&obj) {
        if end == start + 1 && (start as usize) < b.b.len() {
            format!(
                "'{}' codec can't decode byte 0x{:02x} in position {}: {}",
                enc, b.b[start as usize], start, reason
            )
        } else {
            format!(
                "'{}' codec can't decode bytes in position {}-{}: {}",
                enc,
                start,
                end - 1,
                reason
            )
        }
    } else {
        let s = crate::vm::str_of(&obj);
        match s.chars().nth(start as usize) {
            Some(c) if end == start + 1 => {
                let esc = crate::builtins::bytes::char_escape(c);
                format!(
                    "'{}' codec can't encode character '{}' in position {}: {}",
                    enc, esc, start, reason
                )
            }
            _ => format!(
                "'{}' codec can't encode characters in position {}-{}: {}",
                enc,
                start,
                end - 1,
                reason
            ),
        }
    };
    Ok(vm.new_str_owned(msg))
}

// Attributes kept in the instance dict, None until set (ImportError.name,
// .path, .msg; NameError.name; AttributeError.name, .obj).
macro_rules! dict_attr {
    ($get:ident, $set:ident, $name:literal) => {
        fn $get(vm: &mut Vm, v: &Value) -> PyResult<Value> {
            os_attr(vm, v, $name)
        }
        fn $set(vm: &mut Vm, v: &Value, n: Option<Value>) -> PyResult<()> {
            vm.set_inst_attr(v, $name, n.unwrap_or_else(Value::none))?;
            Ok(())
        }
    };
}
dict_attr!(ie_name, ie_name_set, "name");
dict_attr!(ie_path, ie_path_set, "path");
dict_attr!(ie_msg, ie_msg_set, "msg");
dict_attr!(ae_obj, ae_obj_set, "obj");
