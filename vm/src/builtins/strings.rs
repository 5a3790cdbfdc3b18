//! `str`, `bytes` and `bytearray`: constructors, operators, methods.
//! Algorithms with CPython's exact semantics live in `crate::strops`; this
//! file adapts them to values.

use super::{add_classmethods, add_methods, bind, not_impl};
use crate::object::alloc_object;
use crate::objects::*;
use crate::strops;
use crate::types::*;
use crate::value::Value;
use crate::vm::attr::as_type;
use crate::vm::new::*;
use crate::vm::ops::to_int;
use crate::vm::{str_of, Args, PyErr, PyResult, Vm};

pub fn init() {
    add_methods(
        &STR_TYPE,
        &[
            ("__new__", str_new),
            ("__repr__", str_repr),
            ("__str__", str_str),
            ("__hash__", str_hash_m),
            ("__len__", str_len),
            ("__eq__", str_eq),
            ("__ne__", str_ne),
            ("__lt__", str_lt),
            ("__le__", str_le),
            ("__gt__", str_gt),
            ("__ge__", str_ge),
            ("__add__", str_add),
            ("__mul__", str_mul),
            ("__rmul__", str_mul),
            ("__mod__", str_mod),
            ("__getitem__", str_getitem),
            ("__contains__", str_contains),
            ("__iter__", str_iter),
            ("__format__", str_format_m),
            ("__getnewargs__", str_getnewargs),
            ("join", str_join),
            ("split", str_split),
            ("rsplit", str_rsplit),
            ("splitlines", str_splitlines),
            ("strip", str_strip),
            ("lstrip", str_lstrip),
            ("rstrip", str_rstrip),
            ("startswith", str_startswith),
            ("endswith", str_endswith),
            ("find", str_find),
            ("rfind", str_rfind),
            ("index", str_index),
            ("rindex", str_rindex),
            ("count", str_count),
            ("replace", str_replace),
            ("upper", str_upper),
            ("lower", str_lower),
            ("casefold", str_casefold),
            ("capitalize", str_capitalize),
            ("title", str_title),
            ("swapcase", str_swapcase),
            ("isalpha", str_isalpha),
            ("isdigit", str_isdigit),
            ("isdecimal", str_isdecimal),
            ("isnumeric", str_isnumeric),
            ("isalnum", str_isalnum),
            ("isspace", str_isspace),
            ("islower", str_islower),
            ("isupper", str_isupper),
            ("istitle", str_istitle),
            ("isidentifier", str_isidentifier),
            ("isprintable", str_isprintable),
            ("isascii", str_isascii),
            ("partition", str_partition),
            ("rpartition", str_rpartition),
            ("center", str_center),
            ("ljust", str_ljust),
            ("rjust", str_rjust),
            ("zfill", str_zfill),
            ("expandtabs", str_expandtabs),
            ("format", str_format),
            ("format_map", str_format_map),
            ("encode", str_encode),
            ("removeprefix", str_removeprefix),
            ("removesuffix", str_removesuffix),
            ("translate", str_translate),
        ],
    );
    add_classmethods(&STR_TYPE, &[]);
    crate::vm::attr::type_dict_get(&STR_TYPE, "maketrans");
    super::set_type_attr(
        &STR_TYPE,
        "maketrans",
        alloc_object(
            &STATICMETHOD_TYPE,
            WrapperData(std::cell::RefCell::new(alloc_object(
                &BUILTIN_FUNCTION_TYPE,
                BuiltinFnData {
                    name: "maketrans",
                    f: str_maketrans,
                    self_: None,
                    owner: None,
                    module: None,
                    doc: None,
                    arity: crate::objects::ANY_ARITY,
                },
            ))),
        ),
    );
    super::bytes::init();
}

/// A `StrOpError` as a Python exception.
pub fn strop_err(vm: &mut Vm, e: strops::StrOpError) -> PyErr {
    use strops::ErrorKind as K;
    let ty: &'static crate::object::TypeObject = match e.kind {
        K::ValueError => &VALUE_ERROR_TYPE,
        K::TypeError => &TYPE_ERROR_TYPE,
        K::OverflowError => &OVERFLOW_ERROR_TYPE,
        _ => &MEMORY_ERROR_TYPE,
    };
    vm.new_exc(ty, e.message.to_string())
}

/// `repr()` of text, CPython's quoting.
pub fn repr_str(s: &str) -> String {
    crate::compiler::repr::str_repr(&crate::compiler::wtf8::Wtf8Buf::from_str(s))
}

/// `ascii()`: non-ASCII characters of a repr escaped.
pub fn ascii_escape(r: &str) -> String {
    let mut out = String::with_capacity(r.len());
    for c in r.chars() {
        let cp = c as u32;
        if cp < 0x80 {
            out.push(c);
        } else if cp < 0x100 {
            out.push_str(&format!("\\x{:02x}", cp));
        } else if cp < 0x10000 {
            out.push_str(&format!("\\u{:04x}", cp));
        } else {
            out.push_str(&format!("\\U{:08x}", cp));
        }
    }
    out
}

/// Lone surrogates cannot be Rust chars: a replacement stands in.
pub fn surrogate_placeholder(_cp: u32) -> String {
    "\u{FFFD}".to_string()
}

/// The bytes of a bytes-like value.
pub fn bytes_like(vm: &mut Vm, v: &Value) -> PyResult<Vec<u8>> {
    if let Some(b) = downcast::<BytesData>(v) {
        return Ok(b.b.to_vec());
    }
    if let Some(b) = downcast::<ByteArrayData>(v) {
        return Ok(b.b.borrow().clone());
    }
    if let Some(b) = crate::modules::memoryview::bytes_of(v) {
        return Ok(b);
    }
    Err(vm.type_error(format!(
        "a bytes-like object is required, not '{}'",
        v.type_of().name()
    )))
}

fn s<'a>(a: &'a Args) -> &'a StrData {
    downcast::<StrData>(&a.args[0]).unwrap()
}

fn arg_str<'a>(vm: &mut Vm, v: &'a Value, what: &str) -> PyResult<&'a str> {
    match downcast::<StrData>(v) {
        Some(s) => Ok(&s.s),
        None => Err(vm.type_error(format!("{} must be str, not {}", what, v.type_of().name()))),
    }
}

fn opt_index(vm: &mut Vm, v: Option<&Value>) -> PyResult<Option<i64>> {
    match v {
        None => Ok(None),
        Some(x) if x.is_none() => Ok(None),
        Some(x) => match to_int(x) {
            Some(i) => Ok(Some(i.to_i64().unwrap_or(if i.is_negative() {
                i64::MIN / 2
            } else {
                i64::MAX / 2
            }))),
            None => Err(
                vm.type_error("slice indices must be integers or None or have an __index__ method")
            ),
        },
    }
}

fn str_new(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let b = bind(vm, &a, "str", &["object", "encoding", "errors"], true)?;
    let t = as_type(&a.args[0]).unwrap();
    let r = match (b[0], b[1], b[2]) {
        (None, _, _) => vm.new_str(""),
        (Some(o), None, None) => vm.to_str(o)?,
        (Some(o), enc, errs) => {
            let bytes = match bytes_like(vm, o) {
                Ok(b) => b,
                Err(_) => {
                    let msg = format!(
                        "decoding to str: need a bytes-like object, {} found",
                        o.type_of().name()
                    );
                    return Err(vm.type_error(msg));
                }
            };
            let enc = enc
                .map(|e| str_of(e).to_string())
                .unwrap_or_else(|| "utf-8".into());
            let errs = errs
                .map(|e| str_of(e).to_string())
                .unwrap_or_else(|| "strict".into());
            let text = crate::builtins::bytes::decode(vm, &bytes, &enc, &errs)?;
            vm.new_str_owned(text)
        }
    };
    if std::ptr::eq(t, &STR_TYPE) {
        return Ok(r);
    }
    Ok(new_str_of(t, str_of(&r).into()))
}

fn str_repr(vm: &mut Vm, a: Args) -> PyResult<Value> {
    Ok(vm.new_str_owned(repr_str(&s(&a).s)))
}

fn str_str(vm: &mut Vm, a: Args) -> PyResult<Value> {
    if std::ptr::eq(a.args[0].type_of(), &STR_TYPE) {
        return Ok(a.args[0].clone());
    }
    Ok(vm.new_str(&s(&a).s))
}

fn str_hash_m(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let h = str_hash(&s(&a).s);
    let _ = vm;
    Ok(new_int_i64(h))
}

fn str_len(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    Ok(new_int_i64(s(&a).nchars as i64))
}

fn str_cmp(a: &Args, op: u32) -> PyResult<Value> {
    let Some(o) = downcast::<StrData>(&a.args[1]) else {
        return not_impl();
    };
    Ok(Value::from_bool(crate::vm::ops::cmp_ord(
        s(a).s.cmp(&o.s),
        op,
    )))
}
fn str_eq(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    str_cmp(&a, 2)
}
fn str_ne(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    str_cmp(&a, 3)
}
fn str_lt(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    str_cmp(&a, 0)
}
fn str_le(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    str_cmp(&a, 1)
}
fn str_gt(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    str_cmp(&a, 4)
}
fn str_ge(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    str_cmp(&a, 5)
}

pub fn str_add(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let Some(o) = downcast::<StrData>(&a.args[1]) else {
        let msg = format!(
            "can only concatenate str (not \"{}\") to str",
            a.args[1].type_of().name()
        );
        return Err(vm.type_error(msg));
    };
    let mut r = String::with_capacity(s(&a).s.len() + o.s.len());
    r.push_str(&s(&a).s);
    r.push_str(&o.s);
    let _ = vm;
    Ok(new_str_counted(r, s(&a).nchars + o.nchars))
}

/// Repetition count for `seq * n`.
pub fn repeat_count(vm: &mut Vm, n: &Value) -> PyResult<Option<usize>> {
    if let Some(i) = to_int(n) {
        return match i.to_i64() {
            Some(k) if k <= 0 => Ok(Some(0)),
            Some(k) => Ok(Some(k as usize)),
            None if i.is_negative() => Ok(Some(0)),
            None => Err(vm.overflow_error("cannot fit 'int' into an index-sized integer")),
        };
    }
    if crate::vm::attr::lookup(n.type_of(), "__index__").is_some() {
        let i = vm.index(n)?;
        return Ok(Some(i.to_i64().unwrap_or(0).max(0) as usize));
    }
    Ok(None)
}

fn str_mul(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let Some(n) = repeat_count(vm, &a.args[1])? else {
        return not_impl();
    };
    let st = &s(&a).s;
    if st.len().checked_mul(n).map_or(true, |t| t > (1 << 40)) {
        return Err(vm.new_exc(&MEMORY_ERROR_TYPE, ""));
    }
    Ok(vm.new_str_owned(st.repeat(n)))
}

fn str_mod(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let fmt = s(&a).s.to_string();
    let r = super::bytes::percent_format(vm, &fmt, &a.args[1])?;
    Ok(vm.new_str_owned(r))
}

/// Resolves a slice object against a length: (start, stop, step, count).
pub fn slice_indices(vm: &mut Vm, sl: &SliceData, len: usize) -> PyResult<(i64, i64, i64, usize)> {
    let step = if sl.step.is_none() {
        1
    } else {
        match to_int(&sl.step) {
            Some(i) => i
                .to_i64()
                .unwrap_or(if i.is_negative() { -i64::MAX } else { i64::MAX }),
            None => {
                let i = vm.index(&sl.step)?;
                i.to_i64().unwrap_or(i64::MAX)
            }
        }
    };
    if step == 0 {
        return Err(vm.value_error("slice step cannot be zero"));
    }
    let len = len as i64;
    let conv = |vm: &mut Vm, v: &Value, default: i64| -> PyResult<i64> {
        if v.is_none() {
            return Ok(default);
        }
        let i = match to_int(v) {
            Some(i) => i,
            None => {
                if crate::vm::attr::lookup(v.type_of(), "__index__").is_none() {
                    return Err(vm.type_error(
                        "slice indices must be integers or None or have an __index__ method",
                    ));
                }
                vm.index(v)?
            }
        };
        Ok(i.to_i64().unwrap_or(if i.is_negative() {
            i64::MIN / 4
        } else {
            i64::MAX / 4
        }))
    };
    let (lo, hi) = if step > 0 { (0, len) } else { (-1, len - 1) };
    let mut start = conv(vm, &sl.start, if step > 0 { 0 } else { len - 1 })?;
    let mut stop = conv(vm, &sl.stop, if step > 0 { len } else { -1 })?;
    if !sl.start.is_none() {
        if start < 0 {
            start += len;
            if start < lo {
                start = lo;
            }
        } else if start > hi {
            start = hi;
        }
    }
    if !sl.stop.is_none() {
        if stop < 0 {
            stop += len;
            if stop < lo {
                stop = lo;
            }
        } else if stop > hi {
            stop = hi;
        }
    }
    let count = if step > 0 {
        if stop > start {
            ((stop - start - 1) / step + 1) as usize
        } else {
            0
        }
    } else if start > stop {
        ((start - stop - 1) / (-step) + 1) as usize
    } else {
        0
    };
    Ok((start, stop, step, count))
}

fn str_getitem(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let st = s(&a);
    let k = &a.args[1];
    if let Some(sl) = downcast::<SliceData>(k) {
        let (start, _, step, n) = slice_indices(vm, sl, st.nchars)?;
        if step == 1 {
            let b0 = st.byte_offset(start as usize);
            let b1 = if st.nchars == st.s.len() {
                start as usize + n
            } else {
                st.s[b0..]
                    .char_indices()
                    .nth(n)
                    .map(|(o, _)| o + b0)
                    .unwrap_or(st.s.len())
            };
            return Ok(vm.new_str(&st.s[b0..b1]));
        }
        if st.nchars == st.s.len() {
            // ASCII: characters are bytes.
            let b = st.s.as_bytes();
            let mut out = Vec::with_capacity(n);
            let mut i = start;
            for _ in 0..n {
                out.push(b[i as usize]);
                i += step;
            }
            let out = String::from_utf8(out).expect("ASCII bytes");
            return Ok(new_str_counted(out, n));
        }
        let chars: Vec<char> = st.s.chars().collect();
        let mut out = String::new();
        let mut i = start;
        for _ in 0..n {
            out.push(chars[i as usize]);
            i += step;
        }
        return Ok(vm.new_str_owned(out));
    }
    let i = match to_int(k) {
        Some(i) => i,
        None => {
            if crate::vm::attr::lookup(k.type_of(), "__index__").is_some() {
                vm.index(k)?
            } else {
                return Err(vm.type_error(format!(
                    "string indices must be integers, not '{}'",
                    k.type_of().name()
                )));
            }
        }
    };
    let n = st.nchars as i64;
    let idx = i.to_i64().unwrap_or(i64::MAX);
    let j = if idx < 0 { idx + n } else { idx };
    if j < 0 || j >= n {
        return Err(vm.index_error("string index out of range"));
    }
    if st.nchars == st.s.len() {
        let j = j as usize;
        return Ok(vm.new_str(&st.s[j..j + 1]));
    }
    let b = st.byte_offset(j as usize);
    let c = st.s[b..].chars().next().unwrap();
    Ok(vm.new_str_owned(c.to_string()))
}

fn str_contains(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let Some(o) = downcast::<StrData>(&a.args[1]) else {
        let msg = format!(
            "'in <string>' requires string as left operand, not {}",
            a.args[1].type_of().name()
        );
        return Err(vm.type_error(msg));
    };
    Ok(Value::from_bool(s(&a).s.contains(&*o.s)))
}

fn str_iter(vm: &mut Vm, a: Args) -> PyResult<Value> {
    Ok(vm.new_iter(
        &STR_ITERATOR_TYPE,
        IterState::Seq {
            seq: a.args[0].clone(),
            idx: 0,
        },
    ))
}

pub fn str_format_m(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let spec = arg_str(vm, &a.args[1], "format spec")?.to_string();
    let tn = a.args[0].type_of().name();
    crate::format::format_str(&s(&a).s, &spec, &tn)
        .map(|r| vm.new_str_owned(r))
        .map_err(|e| vm.format_err(e))
}

fn str_getnewargs(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let v = vm.new_str(&s(&a).s);
    Ok(vm.new_tuple(vec![v]))
}

fn str_join(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("join", &Args::new(&a.args[1..]), 1, 1)?;
    let sep = s(&a);
    // A list or tuple is joined in place (no copy of its items, no count
    // traffic): nothing below runs Python code, so the list cannot change.
    let arg = &a.args[1];
    let joined = if std::ptr::eq(arg.type_of(), &LIST_TYPE) {
        let items = downcast::<ListData>(arg).unwrap().items.borrow();
        join_strs(sep, &items)
    } else if std::ptr::eq(arg.type_of(), &TUPLE_TYPE) {
        join_strs(sep, &downcast::<TupleData>(arg).unwrap().items)
    } else {
        let items = match vm.iterate(arg) {
            Ok(i) => i,
            Err(e) => {
                let t = arg.type_of();
                if vm.err_matches(&e, &TYPE_ERROR_TYPE)
                    && crate::vm::attr::lookup(t, "__iter__").is_none()
                    && crate::vm::attr::lookup(t, "__getitem__").is_none()
                {
                    return Err(vm.type_error("can only join an iterable"));
                }
                return Err(e);
            }
        };
        join_strs(sep, &items)
    };
    match joined {
        Ok((out, nchars)) => Ok(new_str_counted(out, nchars)),
        Err((i, t)) => {
            let msg = format!("sequence item {}: expected str instance, {} found", i, t);
            Err(vm.type_error(msg))
        }
    }
}

/// `sep.join(items)` and its length in characters, built in one
/// allocation of the exact size; the index and type of the first item
/// that is not a str.
fn join_strs(sep: &StrData, items: &[Value]) -> Result<(String, usize), (usize, String)> {
    let mut bytes = sep.s.len() * items.len().saturating_sub(1);
    let mut nchars = sep.nchars * items.len().saturating_sub(1);
    for (i, it) in items.iter().enumerate() {
        match downcast::<StrData>(it) {
            Some(x) => {
                bytes += x.s.len();
                nchars += x.nchars;
            }
            None => return Err((i, it.type_of().name())),
        }
    }
    let mut out = String::with_capacity(bytes);
    for (i, it) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(&sep.s);
        }
        out.push_str(&downcast::<StrData>(it).unwrap().s);
    }
    Ok((out, nchars))
}

fn split_args(vm: &mut Vm, a: &Args, name: &str) -> PyResult<(Option<String>, i64)> {
    let b = bind(vm, a, name, &["sep", "maxsplit"], true)?;
    let sep = match b[0] {
        Some(x) if !x.is_none() => match downcast::<StrData>(x) {
            Some(s) => Some(s.s.to_string()),
            None => {
                return Err(
                    vm.type_error(format!("must be str or None, not {}", x.type_of().name()))
                )
            }
        },
        _ => None,
    };
    let max = match b[1] {
        Some(m) => vm.index_i64(m)?,
        None => -1,
    };
    Ok((sep, max))
}

fn strs_list(vm: &mut Vm, parts: Vec<&str>) -> Value {
    let items: Vec<Value> = parts.into_iter().map(|p| vm.new_str(p)).collect();
    vm.new_list(items)
}

fn str_split(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let (sep, max) = split_args(vm, &a, "split")?;
    let parts = strops::split(&s(&a).s, sep.as_deref(), max).map_err(|e| strop_err(vm, e))?;
    Ok(strs_list(vm, parts))
}

fn str_rsplit(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let (sep, max) = split_args(vm, &a, "rsplit")?;
    let parts = strops::rsplit(&s(&a).s, sep.as_deref(), max).map_err(|e| strop_err(vm, e))?;
    Ok(strs_list(vm, parts))
}

fn str_splitlines(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let b = bind(vm, &a, "splitlines", &["keepends"], true)?;
    let keep = match b[0] {
        Some(k) => vm.truthy(k)?,
        None => false,
    };
    let parts = strops::splitlines(&s(&a).s, keep);
    Ok(strs_list(vm, parts))
}

fn strip_impl(vm: &mut Vm, a: &Args, left: bool, right: bool, name: &str) -> PyResult<Value> {
    vm.check_args(name, &Args::new(&a.args[1..]), 0, 1)?;
    let st = &s(a).s;
    let chars: Option<Vec<char>> = match a.args.get(1) {
        Some(c) if !c.is_none() => Some(arg_str(vm, c, "strip arg")?.chars().collect()),
        _ => None,
    };
    let pred = |c: char| match &chars {
        Some(cs) => cs.contains(&c),
        None => strops::chars::is_space(c),
    };
    let mut r: &str = st;
    if left {
        r = r.trim_start_matches(pred);
    }
    if right {
        r = r.trim_end_matches(pred);
    }
    Ok(vm.new_str(r))
}

fn str_strip(vm: &mut Vm, a: Args) -> PyResult<Value> {
    strip_impl(vm, &a, true, true, "strip")
}
fn str_lstrip(vm: &mut Vm, a: Args) -> PyResult<Value> {
    strip_impl(vm, &a, true, false, "lstrip")
}
fn str_rstrip(vm: &mut Vm, a: Args) -> PyResult<Value> {
    strip_impl(vm, &a, false, true, "rstrip")
}

fn affix_impl(
    vm: &mut Vm,
    a: &Args,
    name: &str,
    f: fn(&str, &str, Option<i64>, Option<i64>) -> bool,
) -> PyResult<Value> {
    vm.check_args(name, &Args::new(&a.args[1..]), 1, 3)?;
    let st = &s(a).s;
    let start = opt_index(vm, a.args.get(2))?;
    let end = opt_index(vm, a.args.get(3))?;
    let p = &a.args[1];
    if let Some(t) = downcast::<TupleData>(p) {
        for x in t.items.iter() {
            let xs = match downcast::<StrData>(x) {
                Some(x) => x,
                None => {
                    let msg = format!(
                        "tuple for {} must only contain str, not {}",
                        name,
                        x.type_of().name()
                    );
                    return Err(vm.type_error(msg));
                }
            };
            if f(st, &xs.s, start, end) {
                return Ok(Value::from_bool(true));
            }
        }
        return Ok(Value::from_bool(false));
    }
    match downcast::<StrData>(p) {
        Some(x) => Ok(Value::from_bool(f(st, &x.s, start, end))),
        None => {
            let msg = format!(
                "{} first arg must be str or a tuple of str, not {}",
                name,
                p.type_of().name()
            );
            Err(vm.type_error(msg))
        }
    }
}

fn str_startswith(vm: &mut Vm, a: Args) -> PyResult<Value> {
    affix_impl(vm, &a, "startswith", strops::startswith)
}
fn str_endswith(vm: &mut Vm, a: Args) -> PyResult<Value> {
    affix_impl(vm, &a, "endswith", strops::endswith)
}

fn find_args<'a>(
    vm: &mut Vm,
    a: &'a Args,
    name: &str,
) -> PyResult<(&'a str, Option<i64>, Option<i64>)> {
    vm.check_args(name, &Args::new(&a.args[1..]), 1, 3)?;
    let sub = match downcast::<StrData>(&a.args[1]) {
        Some(x) => &*x.s,
        None => {
            let msg = format!("must be str, not {}", a.args[1].type_of().name());
            return Err(vm.type_error(msg));
        }
    };
    let start = opt_index(vm, a.args.get(2))?;
    let end = opt_index(vm, a.args.get(3))?;
    Ok((sub, start, end))
}

fn str_find(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let (sub, st, en) = find_args(vm, &a, "find")?;
    Ok(new_int_i64(
        strops::find(&s(&a).s, sub, st, en).map_or(-1, |i| i as i64),
    ))
}
fn str_rfind(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let (sub, st, en) = find_args(vm, &a, "rfind")?;
    Ok(new_int_i64(
        strops::rfind(&s(&a).s, sub, st, en).map_or(-1, |i| i as i64),
    ))
}
fn str_index(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let (sub, st, en) = find_args(vm, &a, "index")?;
    match strops::find(&s(&a).s, sub, st, en) {
        Some(i) => Ok(new_int_i64(i as i64)),
        None => Err(vm.value_error("substring not found")),
    }
}
fn str_rindex(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let (sub, st, en) = find_args(vm, &a, "rindex")?;
    match strops::rfind(&s(&a).s, sub, st, en) {
        Some(i) => Ok(new_int_i64(i as i64)),
        None => Err(vm.value_error("substring not found")),
    }
}
fn str_count(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let (sub, st, en) = find_args(vm, &a, "count")?;
    Ok(new_int_i64(strops::count(&s(&a).s, sub, st, en) as i64))
}

fn str_replace(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("replace", &Args::new(&a.args[1..]), 2, 3)?;
    let old = arg_str(vm, &a.args[1], "replace() argument 1")?.to_string();
    let new = arg_str(vm, &a.args[2], "replace() argument 2")?.to_string();
    let count = match a.args.get(3) {
        Some(c) => vm.index_i64(c)?,
        None => -1,
    };
    let r = strops::replace(&s(&a).s, &old, &new, count)
        .map_err(|e| strop_err(vm, e))?
        .into_owned();
    Ok(vm.new_str_owned(r))
}

macro_rules! str_transform {
    ($($name:ident => $f:path;)*) => {
        $(
            fn $name(vm: &mut Vm, a: Args) -> PyResult<Value> {
                let r = $f(&s(&a).s);
                Ok(vm.new_str_owned(r))
            }
        )*
    };
}

str_transform! {
    str_upper => strops::upper;
    str_lower => strops::lower;
    str_casefold => strops::casefold;
    str_capitalize => strops::capitalize;
    str_title => strops::title;
    str_swapcase => strops::swapcase;
}

macro_rules! str_pred {
    ($($name:ident => $f:path;)*) => {
        $(
            fn $name(_vm: &mut Vm, a: Args) -> PyResult<Value> {
                Ok(Value::from_bool($f(&s(&a).s)))
            }
        )*
    };
}

str_pred! {
    str_isalpha => strops::isalpha;
    str_isdigit => strops::isdigit;
    str_isdecimal => strops::isdecimal;
    str_isnumeric => strops::isnumeric;
    str_isalnum => strops::isalnum;
    str_isspace => strops::isspace;
    str_islower => strops::islower;
    str_isupper => strops::isupper;
    str_istitle => strops::istitle;
    str_isidentifier => strops::isidentifier;
    str_isprintable => strops::isprintable;
    str_isascii => strops::isascii;
}

fn str_partition(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("partition", &Args::new(&a.args[1..]), 1, 1)?;
    let sep = arg_str(vm, &a.args[1], "partition() argument")?.to_string();
    let (x, y, z) = strops::partition(&s(&a).s, &sep).map_err(|e| strop_err(vm, e))?;
    let items = vec![vm.new_str(x), vm.new_str(y), vm.new_str(z)];
    Ok(vm.new_tuple(items))
}

fn str_rpartition(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("rpartition", &Args::new(&a.args[1..]), 1, 1)?;
    let sep = arg_str(vm, &a.args[1], "rpartition() argument")?.to_string();
    let (x, y, z) = strops::rpartition(&s(&a).s, &sep).map_err(|e| strop_err(vm, e))?;
    let items = vec![vm.new_str(x), vm.new_str(y), vm.new_str(z)];
    Ok(vm.new_tuple(items))
}

fn pad_args(vm: &mut Vm, a: &Args, name: &str) -> PyResult<(usize, char)> {
    vm.check_args(name, &Args::new(&a.args[1..]), 1, 2)?;
    let w = vm.index_i64(&a.args[1])?.max(0) as usize;
    let fill = match a.args.get(2) {
        Some(f) => {
            let fs = match downcast::<StrData>(f) {
                Some(x) => x,
                None => {
                    let msg = format!(
                        "{}() argument 2 must be str, not {}",
                        name,
                        f.type_of().name()
                    );
                    return Err(vm.type_error(msg));
                }
            };
            if fs.nchars != 1 {
                return Err(vm.type_error("The fill character must be exactly one character long"));
            }
            fs.s.chars().next().unwrap()
        }
        None => ' ',
    };
    Ok((w, fill))
}

fn pad(st: &StrData, width: usize, fill: char, left: usize) -> String {
    let n = st.nchars;
    let total = width - n;
    let mut out = String::new();
    for _ in 0..left {
        out.push(fill);
    }
    out.push_str(&st.s);
    for _ in 0..total - left {
        out.push(fill);
    }
    out
}

fn str_center(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let (w, fill) = pad_args(vm, &a, "center")?;
    let st = s(&a);
    if w <= st.nchars {
        return Ok(vm.new_str(&st.s));
    }
    let marg = w - st.nchars;
    let left = marg / 2 + (marg & w & 1);
    Ok(vm.new_str_owned(pad(st, w, fill, left)))
}
fn str_ljust(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let (w, fill) = pad_args(vm, &a, "ljust")?;
    let st = s(&a);
    if w <= st.nchars {
        return Ok(vm.new_str(&st.s));
    }
    Ok(vm.new_str_owned(pad(st, w, fill, 0)))
}
fn str_rjust(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let (w, fill) = pad_args(vm, &a, "rjust")?;
    let st = s(&a);
    if w <= st.nchars {
        return Ok(vm.new_str(&st.s));
    }
    Ok(vm.new_str_owned(pad(st, w, fill, w - st.nchars)))
}
fn str_zfill(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("zfill", &Args::new(&a.args[1..]), 1, 1)?;
    let w = vm.index_i64(&a.args[1])?;
    let r = strops::zfill(&s(&a).s, w)
        .map_err(|e| strop_err(vm, e))?
        .into_owned();
    Ok(vm.new_str_owned(r))
}
fn str_expandtabs(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let b = bind(vm, &a, "expandtabs", &["tabsize"], true)?;
    let t = match b[0] {
        Some(t) => vm.index_i64(t)?,
        None => 8,
    };
    let t = t.clamp(i32::MIN as i64, i32::MAX as i64) as i32;
    let r = strops::expandtabs(&s(&a).s, t)
        .map_err(|e| strop_err(vm, e))?
        .into_owned();
    Ok(vm.new_str_owned(r))
}

fn str_format(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let fmt = s(&a).s.to_string();
    let pos: Vec<Value> = a.pos()[1..].to_vec();
    let kw: Vec<(String, Value)> = a
        .kwargs()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect();
    let r = super::format_str::format(vm, &fmt, &pos, &super::format_str::Kw::List(kw))?;
    Ok(vm.new_str_owned(r))
}

fn str_format_map(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("format_map", &Args::new(&a.args[1..]), 1, 1)?;
    let fmt = s(&a).s.to_string();
    let r = super::format_str::format(
        vm,
        &fmt,
        &[],
        &super::format_str::Kw::Mapping(a.args[1].clone()),
    )?;
    Ok(vm.new_str_owned(r))
}

fn str_encode(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let b = bind(vm, &a, "encode", &["encoding", "errors"], true)?;
    let enc = b[0]
        .map(|e| str_of(e).to_string())
        .unwrap_or_else(|| "utf-8".into());
    let errs = b[1]
        .map(|e| str_of(e).to_string())
        .unwrap_or_else(|| "strict".into());
    let st = s(&a).s.to_string();
    let bytes = super::bytes::encode(vm, &st, &enc, &errs)?;
    Ok(vm.new_bytes(bytes))
}

fn str_removeprefix(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("removeprefix", &Args::new(&a.args[1..]), 1, 1)?;
    let p = arg_str(vm, &a.args[1], "removeprefix() argument")?.to_string();
    let st = &s(&a).s;
    Ok(vm.new_str(st.strip_prefix(p.as_str()).unwrap_or(st)))
}

fn str_removesuffix(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("removesuffix", &Args::new(&a.args[1..]), 1, 1)?;
    let p = arg_str(vm, &a.args[1], "removesuffix() argument")?.to_string();
    let st = &s(&a).s;
    Ok(vm.new_str(st.strip_suffix(p.as_str()).unwrap_or(st)))
}

fn str_translate(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("translate", &Args::new(&a.args[1..]), 1, 1)?;
    let table = a.args[1].clone();
    let st = s(&a).s.to_string();
    let mut out = String::new();
    for c in st.chars() {
        let k = new_int_i64(c as i64);
        match vm.getitem(&table, &k) {
            Ok(v) => {
                if v.is_none() {
                    continue;
                }
                if let Some(x) = downcast::<StrData>(&v) {
                    out.push_str(&x.s);
                } else if let Some(i) = to_int(&v) {
                    match i.to_i64().and_then(|x| char::from_u32(x as u32)) {
                        Some(ch) => out.push(ch),
                        None => {
                            return Err(
                                vm.value_error("character mapping must be in range(0x110000)")
                            )
                        }
                    }
                } else {
                    return Err(vm.type_error("character mapping must return integer, None or str"));
                }
            }
            Err(e) if vm.err_matches(&e, &LOOKUP_ERROR_TYPE) => out.push(c),
            Err(e) => return Err(e),
        }
    }
    Ok(vm.new_str_owned(out))
}

fn str_maketrans(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("maketrans", &a, 1, 3)?;
    let d = vm.new_dict();
    if a.args.len() == 1 {
        let src = a.args[0].clone();
        if downcast::<DictData>(&src).is_none() {
            return Err(
                vm.type_error("if you give only one argument to maketrans it must be a dict")
            );
        }
        let items: Vec<(Value, Value)> = downcast::<DictData>(&src)
            .unwrap()
            .table
            .borrow()
            .iter()
            .map(|e| (e.key.clone(), e.value.clone()))
            .collect();
        for (k, v) in items {
            let key = match downcast::<StrData>(&k) {
                Some(ks) if ks.nchars == 1 => new_int_i64(ks.s.chars().next().unwrap() as i64),
                Some(_) => {
                    return Err(vm.value_error("string keys in translate table must be of length 1"))
                }
                None => k,
            };
            vm.dict_set(&d, key, v)?;
        }
        return Ok(d);
    }
    let x: Vec<char> = arg_str(vm, &a.args[0], "maketrans() argument 1")?
        .chars()
        .collect();
    let y: Vec<char> = arg_str(vm, &a.args[1], "maketrans() argument 2")?
        .chars()
        .collect();
    if x.len() != y.len() {
        return Err(vm.value_error("the first two maketrans arguments must have equal length"));
    }
    for (c1, c2) in x.iter().zip(y.iter()) {
        vm.dict_set(&d, new_int_i64(*c1 as i64), new_int_i64(*c2 as i64))?;
    }
    if let Some(z) = a.args.get(2) {
        let z: Vec<char> = arg_str(vm, z, "maketrans() argument 3")?.chars().collect();
        for c in z {
            vm.dict_set(&d, new_int_i64(c as i64), Value::none())?;
        }
    }
    Ok(d)
}
