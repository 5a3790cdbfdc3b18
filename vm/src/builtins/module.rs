//! The `builtins` module: its functions, constants and types.

use super::bind;
use crate::int::Int;
use crate::objects::*;
use crate::types::*;
use crate::value::Value;
use crate::vm::attr::{as_type, lookup, type_value};
use crate::vm::new::*;
use crate::vm::ops::{to_float, to_int};
use crate::vm::{str_of, Args, PyResult, Vm};

/// Every built-in function, by name.
const FUNCTIONS: &[(&str, NativeFn)] = &[
    ("abs", builtin_abs),
    ("all", builtin_all),
    ("any", builtin_any),
    ("ascii", builtin_ascii),
    ("bin", builtin_bin),
    ("callable", builtin_callable),
    ("chr", builtin_chr),
    ("delattr", builtin_delattr),
    ("dir", builtin_dir),
    ("divmod", builtin_divmod),
    ("format", builtin_format),
    ("getattr", builtin_getattr),
    ("globals", builtin_globals),
    ("hasattr", builtin_hasattr),
    ("hash", builtin_hash),
    ("hex", builtin_hex),
    ("id", builtin_id),
    ("isinstance", builtin_isinstance),
    ("issubclass", builtin_issubclass),
    ("iter", builtin_iter),
    ("len", builtin_len),
    ("locals", builtin_locals),
    ("max", builtin_max),
    ("min", builtin_min),
    ("next", builtin_next),
    ("oct", builtin_oct),
    ("ord", builtin_ord),
    ("pow", builtin_pow),
    ("print", builtin_print),
    ("repr", builtin_repr),
    ("round", builtin_round),
    ("setattr", builtin_setattr),
    ("sorted", builtin_sorted),
    ("sum", builtin_sum),
    ("vars", builtin_vars),
    ("__build_class__", builtin_build_class),
    ("__import__", builtin_import),
    ("exec", builtin_exec),
    ("eval", builtin_eval),
    ("compile", builtin_compile),
    ("input", builtin_input),
    ("aiter", builtin_aiter),
    ("anext", builtin_anext),
    ("open", builtin_open),
];

/// Creates the `builtins` module in `vm`.
pub fn init_builtins(vm: &mut Vm) {
    let m = vm.new_module("builtins").expect("builtins module");
    let d = crate::vm::attr::inst_dict(&m).unwrap();
    for (name, f) in FUNCTIONS {
        let fv = vm.new_native_fn(name, *f, Some("builtins"));
        vm.dict_set_str(&d, name, fv).unwrap();
    }
    let mut types: Vec<&'static crate::object::TypeObject> = vec![
        &OBJECT_TYPE,
        &TYPE_TYPE,
        &INT_TYPE,
        &BOOL_TYPE,
        &FLOAT_TYPE,
        &COMPLEX_TYPE,
        &STR_TYPE,
        &BYTES_TYPE,
        &BYTEARRAY_TYPE,
        &TUPLE_TYPE,
        &LIST_TYPE,
        &DICT_TYPE,
        &SET_TYPE,
        &FROZENSET_TYPE,
        &RANGE_TYPE,
        &SLICE_TYPE,
        &PROPERTY_TYPE,
        &CLASSMETHOD_TYPE,
        &STATICMETHOD_TYPE,
        &SUPER_TYPE,
        &ENUMERATE_TYPE,
        &ZIP_TYPE,
        &MAP_TYPE,
        &FILTER_TYPE,
        &REVERSED_TYPE,
    ];
    for t in all_types() {
        if crate::vm::class::is_subtype(t, &BASE_EXCEPTION_TYPE) {
            types.push(t);
        }
    }
    for t in types {
        vm.dict_set_str(&d, t.name, type_value(t)).unwrap();
    }
    vm.dict_set_str(&d, "None", Value::none()).unwrap();
    vm.dict_set_str(&d, "True", Value::from_bool(true)).unwrap();
    vm.dict_set_str(&d, "False", Value::from_bool(false))
        .unwrap();
    vm.dict_set_str(&d, "Ellipsis", ellipsis()).unwrap();
    vm.dict_set_str(&d, "NotImplemented", not_implemented())
        .unwrap();
    let dbg = Value::from_bool(vm.optimize == 0);
    vm.dict_set_str(&d, "__debug__", dbg).unwrap();
    let env_err = type_value(&OS_ERROR_TYPE);
    vm.dict_set_str(&d, "EnvironmentError", env_err.clone())
        .unwrap();
    vm.dict_set_str(&d, "IOError", env_err).unwrap();
    vm.builtins = d.clone();
    vm.builtins_module = m.clone();
    crate::modules::memoryview::ensure_builtin(vm);
    let k = vm.new_str("builtins");
    let mods = vm.modules.clone();
    vm.dict_set(&mods, k, m).unwrap();
}

fn builtin_abs(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("abs", &a, 1, 1)?;
    let v = &a.args[0];
    if let Some(i) = v.as_i64() {
        return Ok(new_int(Int::Small(i).abs()));
    }
    if let Some(f) = v.as_f64() {
        return Ok(Value::float(f.abs()));
    }
    match vm.call_special(v, "__abs__", &[])? {
        Some(r) => Ok(r),
        None => Err(vm.type_error(format!(
            "bad operand type for abs(): '{}'",
            v.type_of().name()
        ))),
    }
}

fn builtin_all(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("all", &a, 1, 1)?;
    let it = vm.iter(&a.args[0])?;
    while let Some(x) = vm.next(&it)? {
        if !vm.truthy(&x)? {
            return Ok(Value::from_bool(false));
        }
    }
    Ok(Value::from_bool(true))
}

fn builtin_any(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("any", &a, 1, 1)?;
    let it = vm.iter(&a.args[0])?;
    while let Some(x) = vm.next(&it)? {
        if vm.truthy(&x)? {
            return Ok(Value::from_bool(true));
        }
    }
    Ok(Value::from_bool(false))
}

fn builtin_ascii(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("ascii", &a, 1, 1)?;
    let r = vm.repr(&a.args[0])?;
    Ok(vm.new_str_owned(super::strings::ascii_escape(&r)))
}

fn int_radix(vm: &mut Vm, a: &Args, name: &str, f: fn(&Int) -> String) -> PyResult<Value> {
    vm.check_args(name, a, 1, 1)?;
    let i = vm.index(&a.args[0])?;
    Ok(vm.new_str_owned(f(&i)))
}

fn builtin_bin(vm: &mut Vm, a: Args) -> PyResult<Value> {
    int_radix(vm, &a, "bin", |i| i.to_bin())
}
fn builtin_oct(vm: &mut Vm, a: Args) -> PyResult<Value> {
    int_radix(vm, &a, "oct", |i| i.to_oct())
}
fn builtin_hex(vm: &mut Vm, a: Args) -> PyResult<Value> {
    int_radix(vm, &a, "hex", |i| i.to_hex())
}

/// `callable(v)`.
pub fn is_callable(v: &Value) -> bool {
    let t = v.type_of();
    std::ptr::eq(t, &FUNCTION_TYPE)
        || downcast::<BuiltinFnData>(v).is_some()
        || downcast::<MethodData>(v).is_some()
        || as_type(v).is_some()
        || lookup(t, "__call__").is_some()
}

fn builtin_callable(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("callable", &a, 1, 1)?;
    Ok(Value::from_bool(is_callable(&a.args[0])))
}

fn builtin_chr(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("chr", &a, 1, 1)?;
    let i = match to_int(&a.args[0]) {
        Some(i) => i,
        None => {
            if to_float(&a.args[0]).is_some() {
                return Err(vm.type_error("'float' object cannot be interpreted as an integer"));
            }
            vm.index(&a.args[0])?
        }
    };
    match i.to_i64() {
        Some(c) if (0..=0x10FFFF).contains(&c) => match char::from_u32(c as u32) {
            Some(ch) => Ok(vm.new_str_owned(ch.to_string())),
            None => Ok(vm.new_str_owned(crate::builtins::strings::surrogate_placeholder(c as u32))),
        },
        Some(_) => Err(vm.value_error("chr() arg not in range(0x110000)")),
        None => Err(vm.overflow_error("Python int too large to convert to C int")),
    }
}

fn builtin_ord(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("ord", &a, 1, 1)?;
    let v = &a.args[0];
    if let Some(s) = downcast::<StrData>(v) {
        let mut it = s.s.chars();
        return match (it.next(), it.next()) {
            (Some(c), None) => Ok(new_int_i64(c as i64)),
            _ => Err(vm.type_error(format!(
                "ord() expected a character, but string of length {} found",
                s.nchars
            ))),
        };
    }
    if let Some(b) = downcast::<BytesData>(v) {
        if b.b.len() == 1 {
            return Ok(new_int_i64(b.b[0] as i64));
        }
        return Err(vm.type_error(format!(
            "ord() expected a character, but string of length {} found",
            b.b.len()
        )));
    }
    if let Some(b) = downcast::<ByteArrayData>(v) {
        let b = b.b.borrow();
        if b.len() == 1 {
            return Ok(new_int_i64(b[0] as i64));
        }
        return Err(vm.type_error(format!(
            "ord() expected a character, but string of length {} found",
            b.len()
        )));
    }
    Err(vm.type_error(format!(
        "ord() expected string of length 1, but {} found",
        v.type_of().name()
    )))
}

fn builtin_delattr(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("delattr", &a, 2, 2)?;
    let name = attr_name(vm, &a.args[1])?;
    vm.set_attr(&a.args[0], &name, None)?;
    Ok(Value::none())
}

fn attr_name(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    if downcast::<StrData>(v).is_none() {
        return Err(vm.type_error(format!(
            "attribute name must be string, not '{}'",
            v.type_of().name()
        )));
    }
    Ok(v.clone())
}

fn builtin_dir(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("dir", &a, 0, 1)?;
    let names: Vec<Value> = match a.args.first() {
        None => {
            let f = vm.frames.last().unwrap();
            let ns = f.locals.clone().unwrap_or_else(|| f.globals.clone());
            vm.iterate(&ns)?
        }
        Some(o) => {
            let r = match vm.call_special(o, "__dir__", &[])? {
                Some(r) => r,
                None => vm.new_list(vec![]),
            };
            vm.iterate(&r)?
        }
    };
    let l = vm.new_list(names);
    super::containers::list_sort_values(vm, &l, None, false)?;
    Ok(l)
}

fn builtin_divmod(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("divmod", &a, 2, 2)?;
    let (x, y) = (&a.args[0], &a.args[1]);
    match vm.binary_op1(x, y, "__divmod__", "__rdivmod__")? {
        Some(r) => Ok(r),
        None => {
            let msg = format!(
                "unsupported operand type(s) for divmod(): '{}' and '{}'",
                x.type_of().name(),
                y.type_of().name()
            );
            Err(vm.type_error(msg))
        }
    }
}

fn builtin_format(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("format", &a, 1, 2)?;
    let spec = match a.args.get(1) {
        Some(s) => {
            if downcast::<StrData>(s).is_none() {
                return Err(vm.type_error(format!(
                    "format() argument 2 must be str, not {}",
                    s.type_of().name()
                )));
            }
            s.clone()
        }
        None => vm.new_str(""),
    };
    vm.format(&a.args[0], &spec)
}

fn builtin_getattr(vm: &mut Vm, a: Args) -> PyResult<Value> {
    if a.args.len() < 2 || a.args.len() > 3 || a.has_kwargs() {
        return Err(vm.type_error(format!(
            "getattr expected at least 2 arguments, got {}",
            a.args.len()
        )));
    }
    let name = attr_name(vm, &a.args[1])?;
    if a.args.len() == 3 {
        return Ok(vm.lookup_attr(&a.args[0], &name)?.unwrap_or_else(|| a.args[2].clone()));
    }
    vm.get_attr(&a.args[0], &name)
}

fn builtin_globals(vm: &mut Vm, _a: Args) -> PyResult<Value> {
    Ok(vm.frames.last().unwrap().globals.clone())
}

fn builtin_locals(vm: &mut Vm, _a: Args) -> PyResult<Value> {
    let f = vm.frames.last().unwrap();
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
    let vals: Vec<Option<Value>> = f.localsplus.clone();
    let d = vm.new_dict();
    for (i, n) in names.into_iter().enumerate() {
        let v = match vals.get(i).cloned().flatten() {
            Some(v) if i >= nloc => downcast::<CellData>(&v).and_then(|c| c.0.borrow().clone()),
            other => other,
        };
        if let Some(v) = v {
            vm.dict_set(&d, n, v)?;
        }
    }
    Ok(d)
}

fn builtin_hasattr(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("hasattr", &a, 2, 2)?;
    let name = attr_name(vm, &a.args[1])?;
    Ok(Value::from_bool(vm.lookup_attr(&a.args[0], &name)?.is_some()))
}

fn builtin_hash(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("hash", &a, 1, 1)?;
    let h = vm.hash(&a.args[0])?;
    Ok(new_int_i64(h))
}

fn builtin_id(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("id", &a, 1, 1)?;
    Ok(new_int_i64(
        (a.args[0].to_bits() & 0x7fff_ffff_ffff_ffff) as i64,
    ))
}

/// `isinstance` with `__instancecheck__`.
pub fn isinstance(vm: &mut Vm, v: &Value, cls: &Value) -> PyResult<bool> {
    if let Some(t) = as_type(cls) {
        if crate::vm::class::is_instance(v, t) {
            return Ok(true);
        }
        let meta = cls.type_of();
        if meta.has_flag(crate::object::type_flags::HEAPTYPE) {
            if let Some(ic) = lookup(meta, "__instancecheck__") {
                let r = vm.call(&ic, &[cls.clone(), v.clone()], &[])?;
                return vm.truthy(&r);
            }
        }
        // `__class__` may be overridden.
        if let Ok(c) = vm.get_attr_str(v, "__class__") {
            if let Some(ct) = as_type(&c) {
                return Ok(crate::vm::class::is_subtype(ct, t));
            }
        }
        return Ok(false);
    }
    if let Some(tu) = downcast::<TupleData>(cls) {
        for c in tu.items.to_vec() {
            if isinstance(vm, v, &c)? {
                return Ok(true);
            }
        }
        return Ok(false);
    }
    if let Some(ic) = lookup(cls.type_of(), "__instancecheck__") {
        let r = vm.call(&ic, &[cls.clone(), v.clone()], &[])?;
        return vm.truthy(&r);
    }
    if std::ptr::eq(cls.type_of(), &crate::types::OBJECT_TYPE)
        || crate::builtins::object::is_union(cls)
    {
        return crate::builtins::object::union_check(vm, v, cls, isinstance);
    }
    Err(vm.type_error("isinstance() arg 2 must be a type, a tuple of types, or a union"))
}

fn builtin_isinstance(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("isinstance", &a, 2, 2)?;
    let r = isinstance(vm, &a.args[0], &a.args[1])?;
    Ok(Value::from_bool(r))
}

/// `issubclass` with `__subclasscheck__`.
pub fn issubclass(vm: &mut Vm, c: &Value, cls: &Value) -> PyResult<bool> {
    if let Some(tu) = downcast::<TupleData>(cls) {
        for x in tu.items.to_vec() {
            if issubclass(vm, c, &x)? {
                return Ok(true);
            }
        }
        return Ok(false);
    }
    if let Some(t) = as_type(cls) {
        let meta = cls.type_of();
        if meta.has_flag(crate::object::type_flags::HEAPTYPE) {
            if let Some(sc) = lookup(meta, "__subclasscheck__") {
                let r = vm.call(&sc, &[cls.clone(), c.clone()], &[])?;
                return vm.truthy(&r);
            }
        }
        let Some(ct) = as_type(c) else {
            return Err(vm.type_error("issubclass() arg 1 must be a class"));
        };
        return Ok(crate::vm::class::is_subtype(ct, t));
    }
    if let Some(sc) = lookup(cls.type_of(), "__subclasscheck__") {
        let r = vm.call(&sc, &[cls.clone(), c.clone()], &[])?;
        return vm.truthy(&r);
    }
    if crate::builtins::object::is_union(cls) {
        return crate::builtins::object::union_check(vm, c, cls, issubclass);
    }
    Err(vm.type_error("issubclass() arg 2 must be a class, a tuple of classes, or a union"))
}

fn builtin_issubclass(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("issubclass", &a, 2, 2)?;
    let r = issubclass(vm, &a.args[0], &a.args[1])?;
    Ok(Value::from_bool(r))
}

fn builtin_iter(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("iter", &a, 1, 2)?;
    if a.args.len() == 2 {
        if !crate::vm::attr::as_type(&a.args[0]).is_some()
            && builtin_callable(vm, Args::new(&a.args[..1]))?.as_bool() != Some(true)
        {
            return Err(vm.type_error("iter(v, w): v must be callable"));
        }
        return Ok(vm.new_iter(
            &CALLABLE_ITERATOR_TYPE,
            IterState::Callable {
                f: a.args[0].clone(),
                sentinel: a.args[1].clone(),
            },
        ));
    }
    vm.iter(&a.args[0])
}

fn builtin_len(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("len", &a, 1, 1)?;
    let n = vm.len(&a.args[0])?;
    Ok(new_int_i64(n as i64))
}

fn min_max(vm: &mut Vm, a: Args, name: &str, op: u32) -> PyResult<Value> {
    let pos = a.pos();
    let mut key = None;
    let mut default = None;
    for (k, v) in a.kwargs() {
        match k {
            "key" => {
                if !v.is_none() {
                    key = Some(v.clone())
                }
            }
            "default" => default = Some(v.clone()),
            _ => {
                return Err(vm.type_error(format!(
                    "{}() got an unexpected keyword argument '{}'",
                    name, k
                )))
            }
        }
    }
    let items: Vec<Value> = match pos.len() {
        0 => return Err(vm.type_error(format!("{} expected at least 1 argument, got 0", name))),
        1 => vm.iterate(&pos[0])?,
        _ => {
            if default.is_some() {
                let msg = format!(
                    "Cannot specify a default for {}() with multiple positional arguments",
                    name
                );
                return Err(vm.type_error(msg));
            }
            pos.to_vec()
        }
    };
    let mut best: Option<(Value, Value)> = None;
    for it in items {
        let k = match &key {
            Some(f) => vm.call(f, &[it.clone()], &[])?,
            None => it.clone(),
        };
        best = Some(match best {
            None => (k, it),
            Some((bk, bv)) => {
                if vm.compare_bool(&k, &bk, op)? {
                    (k, it)
                } else {
                    (bk, bv)
                }
            }
        });
    }
    match best {
        Some((_, v)) => Ok(v),
        None => match default {
            Some(d) => Ok(d),
            None => Err(vm.value_error(format!("{}() arg is an empty sequence", name))),
        },
    }
}

fn builtin_max(vm: &mut Vm, a: Args) -> PyResult<Value> {
    min_max(vm, a, "max", 4)
}

fn builtin_min(vm: &mut Vm, a: Args) -> PyResult<Value> {
    min_max(vm, a, "min", 0)
}

fn builtin_next(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("next", &a, 1, 2)?;
    let it = &a.args[0];
    if lookup(it.type_of(), "__next__").is_none() {
        return Err(vm.type_error(format!(
            "'{}' object is not an iterator",
            it.type_of().name()
        )));
    }
    if std::ptr::eq(it.type_of(), &GENERATOR_TYPE) {
        return match vm.gen_resume(it, Value::none(), None)? {
            crate::eval::GenResult::Yielded(v) => Ok(v),
            crate::eval::GenResult::Returned(r) => match a.args.get(1) {
                Some(d) => Ok(d.clone()),
                None if r.is_none() => Err(vm.new_exc_noargs(&STOP_ITERATION_TYPE)),
                None => Err(vm.stop_iteration(r)),
            },
        };
    }
    if downcast::<IterData>(it).is_some() {
        return match vm.next(it)? {
            Some(v) => Ok(v),
            None => match a.args.get(1) {
                Some(d) => Ok(d.clone()),
                None => Err(vm.new_exc_noargs(&STOP_ITERATION_TYPE)),
            },
        };
    }
    match vm.call_special(it, "__next__", &[]) {
        Ok(Some(v)) => Ok(v),
        Ok(None) => unreachable!(),
        Err(e) if a.args.len() == 2 && vm.err_matches(&e, &STOP_ITERATION_TYPE) => {
            Ok(a.args[1].clone())
        }
        Err(e) => Err(e),
    }
}

fn builtin_pow(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let b = bind(vm, &a, "pow", &["base", "exp", "mod"], false)?;
    let (Some(x), Some(y)) = (b[0], b[1]) else {
        return Err(vm.type_error("pow() missing required argument 'base' (pos 1)"));
    };
    match b[2] {
        Some(m) if !m.is_none() => {
            if crate::vm::ops::is_int_like(x)
                && crate::vm::ops::is_int_like(y)
                && crate::vm::ops::is_int_like(m)
            {
                return super::numbers::int_pow3(vm, x, y, m);
            }
            if let Some(r) = vm.call_special(x, "__pow__", &[y.clone(), m.clone()])? {
                if !crate::vm::new::is_not_implemented(&r) {
                    return Ok(r);
                }
            }
            super::numbers::int_pow3(vm, x, y, m)
        }
        _ => vm.binary_op(x, y, crate::vm::ops::NB_POWER),
    }
}

/// Writes `s` to `sys.stdout` (or the given file).
pub fn write_to(vm: &mut Vm, file: Option<&Value>, s: &str) -> PyResult<()> {
    let f = match file {
        Some(f) if !f.is_none() => f.clone(),
        _ => crate::modules::sys::stdout(vm)?,
    };
    if f.is_none() {
        // `sys.stdout` is None (its descriptor was closed at start-up).
        return Ok(());
    }
    if let Some(w) = crate::modules::io::native_stream(&f) {
        return w.write_text(vm, s);
    }
    let sv = vm.new_str(s);
    vm.call_method(&f, "write", &[sv])?;
    Ok(())
}

fn builtin_print(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let mut sep = None;
    let mut end = None;
    let mut file = None;
    let mut flush = false;
    for (k, v) in a.kwargs() {
        match k {
            "sep" => sep = Some(v.clone()),
            "end" => end = Some(v.clone()),
            "file" => file = Some(v.clone()),
            "flush" => flush = vm.truthy(v)?,
            _ => {
                return Err(vm.type_error(format!(
                    "'{}' is an invalid keyword argument for print()",
                    k
                )))
            }
        }
    }
    let sep_s = match &sep {
        Some(s) if !s.is_none() => {
            if downcast::<StrData>(s).is_none() {
                return Err(vm.type_error(format!(
                    "sep must be None or a string, not {}",
                    s.type_of().name()
                )));
            }
            str_of(s).to_string()
        }
        _ => " ".to_string(),
    };
    let end_s = match &end {
        Some(s) if !s.is_none() => {
            if downcast::<StrData>(s).is_none() {
                return Err(vm.type_error(format!(
                    "end must be None or a string, not {}",
                    s.type_of().name()
                )));
            }
            str_of(s).to_string()
        }
        _ => "\n".to_string(),
    };
    let mut out = String::new();
    for (i, v) in a.pos().iter().enumerate() {
        if i > 0 {
            out.push_str(&sep_s);
        }
        let s = vm.to_str(v)?;
        out.push_str(str_of(&s));
    }
    out.push_str(&end_s);
    write_to(vm, file.as_ref(), &out)?;
    if flush {
        let f = match file {
            Some(f) if !f.is_none() => f,
            _ => crate::modules::sys::stdout(vm)?,
        };
        if !f.is_none() {
            vm.call_method(&f, "flush", &[])?;
        }
    }
    Ok(Value::none())
}

fn builtin_repr(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("repr", &a, 1, 1)?;
    vm.repr_value(&a.args[0])
}

fn builtin_round(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let b = bind(vm, &a, "round", &["number", "ndigits"], false)?;
    let Some(x) = b[0] else {
        return Err(vm.type_error("round() missing required argument 'number' (pos 1)"));
    };
    let x = x.clone();
    let mut args = vec![];
    if let Some(n) = b[1] {
        if !n.is_none() {
            args.push(n.clone());
        }
    }
    match vm.call_special(&x, "__round__", &args)? {
        Some(r) => Ok(r),
        None => Err(vm.type_error(format!(
            "type {} doesn't define __round__ method",
            x.type_of().name()
        ))),
    }
}

fn builtin_setattr(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("setattr", &a, 3, 3)?;
    let name = attr_name(vm, &a.args[1])?;
    vm.set_attr(&a.args[0], &name, Some(a.args[2].clone()))?;
    Ok(Value::none())
}

fn builtin_sorted(vm: &mut Vm, a: Args) -> PyResult<Value> {
    if a.pos().len() != 1 {
        return Err(vm.type_error(format!("sorted expected 1 argument, got {}", a.pos().len())));
    }
    let items = vm.iterate(&a.args[0])?;
    let l = vm.new_list(items);
    let mut key = None;
    let mut reverse = false;
    for (k, v) in a.kwargs() {
        match k {
            "key" => key = if v.is_none() { None } else { Some(v.clone()) },
            "reverse" => reverse = vm.truthy(v)?,
            _ => {
                return Err(
                    vm.type_error(format!("'{}' is an invalid keyword argument for sort()", k))
                )
            }
        }
    }
    super::containers::list_sort_values(vm, &l, key, reverse)?;
    Ok(l)
}

fn builtin_sum(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let b = bind(vm, &a, "sum", &["iterable", "start"], false)?;
    let Some(it) = b[0] else {
        return Err(vm.type_error("sum() takes at least 1 positional argument (0 given)"));
    };
    let mut acc = b[1].cloned().unwrap_or_else(|| new_int_i64(0));
    if downcast::<StrData>(&acc).is_some() {
        return Err(vm.type_error("sum() can't sum strings [use ''.join(seq) instead]"));
    }
    if downcast::<BytesData>(&acc).is_some() {
        return Err(vm.type_error("sum() can't sum bytes [use b''.join(seq) instead]"));
    }
    if downcast::<ByteArrayData>(&acc).is_some() {
        return Err(vm.type_error("sum() can't sum bytearray [use b''.join(seq) instead]"));
    }
    let iter = vm.iter(it)?;
    // Float sums use CPython's compensated... plain addition, as CPython 3.11.
    while let Some(x) = vm.next(&iter)? {
        acc = vm.binary_op(&acc, &x, crate::vm::ops::NB_ADD)?;
    }
    Ok(acc)
}

fn builtin_vars(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("vars", &a, 0, 1)?;
    match a.args.first() {
        None => builtin_locals(vm, a),
        Some(o) => match vm.get_attr_str(o, "__dict__") {
            Ok(d) => Ok(d),
            Err(e) if vm.err_matches(&e, &ATTRIBUTE_ERROR_TYPE) => {
                Err(vm.type_error("vars() argument must have __dict__ attribute"))
            }
            Err(e) => Err(e),
        },
    }
}

/// `__build_class__(func, name, *bases, metaclass=None, **kwds)`.
fn builtin_build_class(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let pos = a.pos();
    if pos.len() < 2 {
        return Err(vm.type_error("__build_class__: not enough arguments"));
    }
    let func = pos[0].clone();
    let name = pos[1].clone();
    if downcast::<StrData>(&name).is_none() {
        return Err(vm.type_error("__build_class__: name is not a string"));
    }
    let orig_bases: Vec<Value> = pos[2..].to_vec();
    // PEP 560: __mro_entries__.
    let mut bases = Vec::new();
    let mut changed = false;
    for b in &orig_bases {
        if as_type(b).is_none() {
            if let Some(me) = vm.get_attr_opt(b, "__mro_entries__")? {
                let t = vm.new_tuple(orig_bases.clone());
                let r = vm.call(&me, &[t], &[])?;
                bases.extend(vm.iterate(&r)?);
                changed = true;
                continue;
            }
        }
        bases.push(b.clone());
    }
    let mut meta: Option<Value> = None;
    let mut kw: Vec<(Value, Value)> = Vec::new();
    for (k, v) in a.kwargs() {
        if k == "metaclass" {
            meta = Some(v.clone());
        } else {
            let kv = vm.new_str(k);
            kw.push((v.clone(), kv));
        }
    }
    let is_class_meta = meta.as_ref().map_or(true, |m| as_type(m).is_some());
    let mut meta = match meta {
        Some(m) => m,
        None => match bases.first() {
            Some(b) => type_value(b.type_of()),
            None => type_value(&TYPE_TYPE),
        },
    };
    if is_class_meta {
        // The most derived metaclass.
        for b in &bases {
            let bt = b.type_of();
            let mt = as_type(&meta).unwrap();
            if crate::vm::class::is_subtype(mt, bt) {
                continue;
            }
            if crate::vm::class::is_subtype(bt, mt) {
                meta = type_value(bt);
                continue;
            }
            return Err(vm.type_error(
                "metaclass conflict: the metaclass of a derived class must be a (non-strict) subclass of the metaclasses of all its bases",
            ));
        }
    }
    let bases_t = vm.new_tuple(bases.clone());
    let (kwvals, kwnames): (Vec<Value>, Vec<Value>) = kw.iter().cloned().unzip();
    let ns = match vm.get_attr_opt(&meta, "__prepare__")? {
        Some(p) => {
            let mut args = vec![name.clone(), bases_t.clone()];
            args.extend(kwvals.iter().cloned());
            vm.call(&p, &args, &kwnames)?
        }
        None => vm.new_dict(),
    };
    // Run the body with `ns` as its namespace.
    let fd = downcast::<FunctionData>(&func)
        .ok_or_else(|| vm.type_error("__build_class__: func must be a function"))?;
    let code = fd.code.clone();
    let cd = downcast::<CodeData>(&code).unwrap();
    let mut frame = vm.alloc_frame(&code, cd, &fd.globals, &fd.builtins);
    frame.func = Some(func.clone());
    frame.locals = Some(ns.clone());
    let cell = vm.run_frame(frame)?;
    if changed {
        let k = vm.intern("__orig_bases__");
        let ob = vm.new_tuple(orig_bases);
        vm.setitem(&ns, k, ob)?;
    }
    let mut args = vec![name, bases_t, ns];
    args.extend(kwvals);
    let _ = kw;
    let cls = vm.call(&meta, &args, &kwnames)?;
    if let Some(c) = downcast::<CellData>(&cell) {
        *c.0.borrow_mut() = Some(cls.clone());
    }
    Ok(cls)
}

fn builtin_import(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let b = bind(
        vm,
        &a,
        "__import__",
        &["name", "globals", "locals", "fromlist", "level"],
        false,
    )?;
    let Some(name) = b[0].cloned() else {
        return Err(vm.type_error("__import__() missing required argument 'name' (pos 1)"));
    };
    let globals = b[1].cloned().unwrap_or_else(Value::none);
    let fromlist = b[3].cloned().unwrap_or_else(Value::none);
    let level = b[4].cloned().unwrap_or_else(|| new_int_i64(0));
    crate::import::import_name(vm, &name, &globals, &fromlist, &level)
}

/// Compiles source text (str or bytes) in `mode`.
pub fn compile_source(vm: &mut Vm, src: &Value, filename: &str, mode: &str) -> PyResult<Value> {
    if downcast::<CodeData>(src).is_some() {
        return Ok(src.clone());
    }
    let bytes: Vec<u8> = if let Some(s) = downcast::<StrData>(src) {
        s.s.as_bytes().to_vec()
    } else if let Some(b) = downcast::<BytesData>(src) {
        b.b.to_vec()
    } else {
        return Err(vm.type_error("compile() arg 1 must be a string, bytes or AST object"));
    };
    crate::compile::compile(
        vm,
        &bytes,
        filename,
        mode,
        downcast::<StrData>(src).is_some(),
    )
}

fn exec_or_eval(vm: &mut Vm, a: Args, mode: &str) -> PyResult<Value> {
    let names: &[&str] = if mode == "exec" {
        &["source", "globals", "locals", "closure"]
    } else {
        &["source", "globals", "locals"]
    };
    let b = bind(vm, &a, mode, names, false)?;
    let Some(src) = b[0].cloned() else {
        return Err(vm.type_error(format!("{} expected at least 1 argument, got 0", mode)));
    };
    let code = compile_source(vm, &src, "<string>", mode)?;
    // A code object with free variables runs only with a closure of cells
    // for them (exec's `closure=`), as CPython checks before running it.
    let nfree = downcast::<CodeData>(&code).map_or(0, |c| c.code.freevars.len());
    let closure = b.get(3).copied().flatten().filter(|c| !c.is_none()).cloned();
    if mode == "eval" && nfree > 0 {
        return Err(vm.type_error("code object passed to eval() may not contain free variables"));
    }
    match &closure {
        None if nfree > 0 => {
            let msg = format!("code object requires a closure of exactly length {}", nfree);
            return Err(vm.type_error(msg));
        }
        Some(_) if nfree == 0 => {
            return Err(vm.type_error("cannot use a closure with this code object"));
        }
        Some(c) => {
            let ok_len = downcast::<TupleData>(c).map_or(false, |t| t.items.len() == nfree);
            if !ok_len {
                let msg = format!("code object requires a closure of exactly length {}", nfree);
                return Err(vm.type_error(msg));
            }
            let all_cells = downcast::<TupleData>(c)
                .unwrap()
                .items
                .iter()
                .all(|i| downcast::<CellData>(i).is_some());
            if !all_cells {
                return Err(vm.type_error("closure can only contain cells"));
            }
        }
        None => {}
    }
    let (globals, locals) = match (b[1].cloned(), b[2].cloned()) {
        (Some(g), l) if !g.is_none() => {
            if downcast::<DictData>(&g).is_none() {
                let msg = format!(
                    "{}() globals must be a dict, not {}",
                    mode,
                    g.type_of().name()
                );
                return Err(vm.type_error(msg));
            }
            (g, l.filter(|l| !l.is_none()))
        }
        (_, l) => {
            let f = vm.frames.last().unwrap();
            let g = f.globals.clone();
            let loc = match l.filter(|l| !l.is_none()) {
                Some(l) => Some(l),
                None => Some(match f.locals.clone() {
                    Some(l) => l,
                    None => builtin_locals(vm, Args::new(&[]))?,
                }),
            };
            (g, loc)
        }
    };
    if vm.dict_get_str(&globals, "__builtins__").is_none() {
        let bm = vm.builtins_module.clone();
        vm.dict_set_str(&globals, "__builtins__", bm)?;
    }
    let r = match closure {
        Some(cl) => vm.run_code_with_closure(&code, globals, locals, cl)?,
        None => vm.run_code(&code, globals, locals)?,
    };
    Ok(if mode == "exec" { Value::none() } else { r })
}

fn builtin_exec(vm: &mut Vm, a: Args) -> PyResult<Value> {
    exec_or_eval(vm, a, "exec")
}

fn builtin_eval(vm: &mut Vm, a: Args) -> PyResult<Value> {
    exec_or_eval(vm, a, "eval")
}

fn builtin_compile(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let b = bind(
        vm,
        &a,
        "compile",
        &[
            "source",
            "filename",
            "mode",
            "flags",
            "dont_inherit",
            "optimize",
            "_feature_version",
        ],
        false,
    )?;
    let (Some(src), Some(fname), Some(mode)) = (b[0].cloned(), b[1].cloned(), b[2].cloned()) else {
        return Err(vm.type_error("compile() missing required argument"));
    };
    let m = str_of(&mode).to_string();
    if !matches!(m.as_str(), "exec" | "eval" | "single") {
        return Err(vm.value_error("compile() mode must be 'exec', 'eval' or 'single'"));
    }
    let f = vm.to_string(&fname)?;
    compile_source(vm, &src, &f, &m)
}

fn builtin_input(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("input", &a, 0, 1)?;
    if let Some(p) = a.args.first() {
        let s = vm.to_str(p)?;
        write_to(vm, None, str_of(&s))?;
    }
    crate::modules::io::flush_stdout(vm);
    // A line from sys.stdin (decoded with its encoding), as CPython's
    // input() reads one when stdin is not a terminal it drives itself.
    let sys = vm.sys_module.clone().expect("sys");
    let stdin = vm.get_attr_str(&sys, "stdin")?;
    if stdin.is_none() {
        return Err(vm.new_exc(&RUNTIME_ERROR_TYPE, "input(): lost sys.stdin"));
    }
    let line = match crate::modules::io::native_stream(&stdin) {
        Some(st) => st.read_line(vm)?,
        None => vm.call_method(&stdin, "readline", &[])?,
    };
    if downcast::<StrData>(&line).is_none() {
        return Err(vm.type_error("object.readline() returned non-string"));
    }
    let s = str_of(&line);
    if s.is_empty() {
        return Err(vm.new_exc(&EOF_ERROR_TYPE, "EOF when reading a line"));
    }
    match s.strip_suffix('\n') {
        Some(t) => Ok(vm.new_str(t)),
        None => Ok(line.clone()),
    }
}

fn builtin_aiter(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("aiter", &a, 1, 1)?;
    match vm.call_special(&a.args[0], "__aiter__", &[])? {
        Some(r) => Ok(r),
        None => Err(vm.type_error(format!(
            "'{}' object is not an async iterable",
            a.args[0].type_of().name()
        ))),
    }
}

fn builtin_anext(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("anext", &a, 1, 2)?;
    let it = &a.args[0];
    match vm.call_special(it, "__anext__", &[])? {
        Some(r) => {
            if a.args.len() == 2 {
                return super::gen::anext_with_default(vm, r, a.args[1].clone());
            }
            Ok(r)
        }
        None => Err(vm.type_error(format!(
            "'{}' object is not an async iterator",
            it.type_of().name()
        ))),
    }
}

fn builtin_open(vm: &mut Vm, a: Args) -> PyResult<Value> {
    crate::modules::iomod::open(vm, a)
}

/// `sys.displayhook` for the REPL (`PRINT_EXPR`).
pub fn display_hook(vm: &mut Vm, v: Value) -> PyResult<()> {
    if v.is_none() {
        return Ok(());
    }
    let r = vm.repr(&v)?;
    write_to(vm, None, &format!("{}\n", r))?;
    let b = vm.builtins.clone();
    vm.dict_set_str(&b, "_", v)?;
    Ok(())
}
