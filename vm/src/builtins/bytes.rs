//! `bytes` and `bytearray` (CPython 3.11's `Objects/bytesobject.c`,
//! `Objects/bytearrayobject.c`, `Objects/bytes_methods.c`), the codecs
//! `str.encode`/`bytes.decode` use, and `%`-formatting of `str` and `bytes`.
//!
//! Both types share one implementation of their methods: `self` is read
//! as a byte vector (a copy for `bytearray`, whose buffer may change while
//! Python code runs) and results take the type of `self` (exact `bytes` or
//! `bytearray`, as CPython: subclasses are not preserved). The byte methods
//! have ASCII-only semantics (`isalpha`, `upper`, `split()` on whitespace,
//! ...), as in CPython.
//!
//! Codecs: utf-8 (and utf-8-sig), ascii, latin-1, utf-16/-le/-be,
//! utf-32/-le/-be, under their usual aliases, with the error handlers
//! strict, ignore, replace, backslashreplace, surrogateescape,
//! surrogatepass, xmlcharrefreplace (encode) and namereplace (encode;
//! rendered as backslashreplace: there is no Unicode name table here).
//! Rust strings cannot hold lone surrogates: where CPython would produce one
//! (`surrogateescape`/`surrogatepass` decoding, lone surrogates in
//! utf-16/32 with those handlers) U+FFFD stands in, so such text does not
//! round-trip back to the original bytes.

use std::cell::{Cell, RefCell};

use super::strings::{ascii_escape, repeat_count, slice_indices};
use super::{add_methods, bind, not_impl, set_type_attr};
use crate::format::percent::{
    format_percent, PercentArg, PercentCount, PercentParser, PercentPiece,
};
use crate::int::Int;
use crate::object::alloc_object;
use crate::objects::*;
use crate::types::*;
use crate::value::Value;
use crate::vm::attr::{as_type, lookup};
use crate::vm::new::*;
use crate::vm::ops::{to_float, to_int};
use crate::vm::{str_of, Args, PyResult, Vm};

pub fn init() {
    let common: &[super::Method] = &[
        ("__repr__", b_repr),
        ("__len__", b_len),
        ("__getitem__", b_getitem),
        ("__contains__", b_contains),
        ("__iter__", b_iter),
        ("__add__", b_add),
        ("__mul__", b_mul),
        ("__rmul__", b_mul),
        ("__mod__", b_mod),
        ("__eq__", b_eq),
        ("__ne__", b_ne),
        ("__lt__", b_lt),
        ("__le__", b_le),
        ("__gt__", b_gt),
        ("__ge__", b_ge),
        ("decode", b_decode),
        ("hex", b_hex),
        ("join", b_join),
        ("split", b_split),
        ("rsplit", b_rsplit),
        ("strip", b_strip),
        ("lstrip", b_lstrip),
        ("rstrip", b_rstrip),
        ("startswith", b_startswith),
        ("endswith", b_endswith),
        ("find", b_find),
        ("rfind", b_rfind),
        ("index", b_index),
        ("rindex", b_rindex),
        ("count", b_count),
        ("replace", b_replace),
        ("upper", b_upper),
        ("lower", b_lower),
        ("title", b_title),
        ("capitalize", b_capitalize),
        ("swapcase", b_swapcase),
        ("isdigit", b_isdigit),
        ("isalpha", b_isalpha),
        ("isspace", b_isspace),
        ("isupper", b_isupper),
        ("islower", b_islower),
        ("isalnum", b_isalnum),
        ("istitle", b_istitle),
        ("isascii", b_isascii),
        ("center", b_center),
        ("ljust", b_ljust),
        ("rjust", b_rjust),
        ("zfill", b_zfill),
        ("partition", b_partition),
        ("rpartition", b_rpartition),
        ("splitlines", b_splitlines),
        ("expandtabs", b_expandtabs),
        ("translate", b_translate),
        ("removeprefix", b_removeprefix),
        ("removesuffix", b_removesuffix),
    ];
    add_methods(&BYTES_TYPE, common);
    add_methods(&BYTEARRAY_TYPE, common);
    add_methods(
        &BYTES_TYPE,
        &[
            ("__new__", bytes_new),
            ("__hash__", bytes_hash_m),
            ("__bytes__", bytes_bytes),
            ("__getnewargs__", bytes_getnewargs),
        ],
    );
    add_methods(
        &BYTEARRAY_TYPE,
        &[
            ("__new__", bytearray_new),
            ("__init__", bytearray_init),
            ("__setitem__", ba_setitem),
            ("__delitem__", ba_delitem),
            ("__iadd__", ba_iadd),
            ("__imul__", ba_imul),
            ("__alloc__", ba_alloc),
            ("append", ba_append),
            ("extend", ba_extend),
            ("pop", ba_pop),
            ("insert", ba_insert),
            ("remove", ba_remove),
            ("clear", ba_clear),
            ("copy", ba_copy),
            ("reverse", ba_reverse),
            ("__reduce__", ba_reduce),
            ("__reduce_ex__", ba_reduce_ex),
        ],
    );
    for t in [&BYTES_TYPE, &BYTEARRAY_TYPE] {
        // A classmethod around a plain builtin function (not a method
        // descriptor, whose call would check `self` against the type).
        let f = alloc_object(
            &BUILTIN_FUNCTION_TYPE,
            BuiltinFnData {
                name: "fromhex",
                f: b_fromhex,
                self_: None,
                owner: None,
                module: None,
                doc: None,
                arity: crate::objects::ANY_ARITY,
            },
        );
        set_type_attr(
            t,
            "fromhex",
            alloc_object(&CLASSMETHOD_TYPE, WrapperData(RefCell::new(f))),
        );
        let f = alloc_object(
            &BUILTIN_FUNCTION_TYPE,
            BuiltinFnData {
                name: "maketrans",
                f: b_maketrans,
                self_: None,
                owner: None,
                module: None,
                doc: None,
                arity: crate::objects::ANY_ARITY,
            },
        );
        set_type_attr(
            t,
            "maketrans",
            alloc_object(&STATICMETHOD_TYPE, WrapperData(RefCell::new(f))),
        );
    }
    set_type_attr(&BYTEARRAY_TYPE, "__hash__", Value::none());
}

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/// The bytes of a `bytes` or `bytearray` (or subclass) value.
pub fn as_bytes(v: &Value) -> Option<Vec<u8>> {
    if let Some(b) = downcast::<BytesData>(v) {
        return Some(b.b.to_vec());
    }
    downcast::<ByteArrayData>(v).map(|b| b.b.borrow().clone())
}

/// The bytes of a bytes-like argument, or "a bytes-like object is
/// required, not 'str'".
fn need_bytes(vm: &mut Vm, v: &Value) -> PyResult<Vec<u8>> {
    match as_bytes(v) {
        Some(b) => Ok(b),
        None => Err(vm.type_error(format!(
            "a bytes-like object is required, not '{}'",
            v.type_of().name()
        ))),
    }
}

#[inline]
fn is_ba(v: &Value) -> bool {
    downcast::<ByteArrayData>(v).is_some()
}

/// `self` as bytes, or the descriptor error.
fn selfb(vm: &mut Vm, a: &Args) -> PyResult<Vec<u8>> {
    match a.args.first().and_then(as_bytes) {
        Some(b) => Ok(b),
        None => {
            let got = a
                .args
                .first()
                .map(|s| s.type_of().name())
                .unwrap_or_else(|| "nothing".into());
            Err(vm.type_error(format!(
                "descriptor requires a 'bytes' object but received a '{}'",
                got
            )))
        }
    }
}

/// A result of the same kind as `like`: exact bytes or bytearray.
fn mk(vm: &mut Vm, like: &Value, b: Vec<u8>) -> Value {
    if is_ba(like) {
        vm.new_bytearray(b)
    } else {
        vm.new_bytes(b)
    }
}

fn kind_name(v: &Value) -> &'static str {
    if is_ba(v) {
        "bytearray"
    } else {
        "bytes"
    }
}

/// bytearray's pickling, as CPython's: before protocol 3 the bytes travel
/// as a latin-1 str, from 3 on as bytes; the instance dict is the state.
fn ba_reduce_proto(vm: &mut Vm, v: &Value, proto: i64) -> PyResult<Value> {
    let data = ba(v).b.borrow().clone();
    let t = crate::vm::attr::type_value(v.type_of());
    let args = if proto < 3 {
        let text: String = data.iter().map(|&b| b as char).collect();
        let s = vm.new_str_owned(text);
        let enc = vm.new_str("latin-1");
        vm.new_tuple(vec![s, enc])
    } else {
        let b = vm.new_bytes(data);
        vm.new_tuple(vec![b])
    };
    let state = crate::vm::attr::inst_dict(v).unwrap_or_else(Value::none);
    Ok(vm.new_tuple(vec![t, args, state]))
}

fn ba_reduce(vm: &mut Vm, a: Args) -> PyResult<Value> {
    ba_reduce_proto(vm, &a.args[0], 0)
}

fn ba_reduce_ex(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let proto = match a.args.get(1) {
        Some(p) => vm.index_i64(p)?,
        None => 0,
    };
    ba_reduce_proto(vm, &a.args[0], proto)
}

fn ba(v: &Value) -> &ByteArrayData {
    downcast::<ByteArrayData>(v).expect("bytearray method on a non-bytearray")
}

/// A byte value (`__index__`, range-checked with `msg`).
fn byte_of(vm: &mut Vm, v: &Value, msg: &str) -> PyResult<u8> {
    let i = vm.index(v)?;
    match i.to_i64() {
        Some(x) if (0..256).contains(&x) => Ok(x as u8),
        _ => Err(vm.value_error(msg.to_string())),
    }
}

const BYTE_RANGE: &str = "byte must be in range(0, 256)";

/// An optional `start`/`end` argument.
fn opt_index(vm: &mut Vm, v: Option<&Value>) -> PyResult<Option<i64>> {
    match v {
        None => Ok(None),
        Some(x) if x.is_none() => Ok(None),
        Some(x) => {
            let i = match to_int(x) {
                Some(i) => i,
                None => {
                    if lookup(x.type_of(), "__index__").is_none() {
                        return Err(vm.type_error(
                            "slice indices must be integers or None or have an __index__ method",
                        ));
                    }
                    vm.index(x)?
                }
            };
            Ok(Some(i.to_i64().unwrap_or(if i.is_negative() {
                i64::MIN / 2
            } else {
                i64::MAX / 2
            })))
        }
    }
}

/// An int argument clamped to `i64` (for widths and counts).
fn int_arg(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    let i = vm.index(v)?;
    Ok(i.to_i64()
        .unwrap_or(if i.is_negative() { i64::MIN } else { i64::MAX }))
}

fn adjust(start: Option<i64>, end: Option<i64>, len: usize) -> (i64, i64) {
    crate::strops::adjust_indices(start, end, len)
}

fn find_in(h: &[u8], n: &[u8], start: Option<i64>, end: Option<i64>) -> Option<usize> {
    let (s, e) = adjust(start, end, h.len());
    if e - s < n.len() as i64 {
        return None;
    }
    let (s, e) = (s as usize, e as usize);
    if n.is_empty() {
        return Some(s);
    }
    h[s..e].windows(n.len()).position(|w| w == n).map(|p| p + s)
}

fn rfind_in(h: &[u8], n: &[u8], start: Option<i64>, end: Option<i64>) -> Option<usize> {
    let (s, e) = adjust(start, end, h.len());
    if e - s < n.len() as i64 {
        return None;
    }
    let (s, e) = (s as usize, e as usize);
    if n.is_empty() {
        return Some(e);
    }
    h[s..e]
        .windows(n.len())
        .rposition(|w| w == n)
        .map(|p| p + s)
}

fn count_in(h: &[u8], n: &[u8], start: Option<i64>, end: Option<i64>) -> usize {
    let (s, e) = adjust(start, end, h.len());
    if e - s < n.len() as i64 {
        return 0;
    }
    let (s, e) = (s as usize, e as usize);
    if n.is_empty() {
        return e - s + 1;
    }
    let mut c = 0;
    let mut i = s;
    while i + n.len() <= e {
        if &h[i..i + n.len()] == n {
            c += 1;
            i += n.len();
        } else {
            i += 1;
        }
    }
    c
}

/// The `sub` argument of find/count/index: an int byte or a bytes-like.
fn sub_arg(vm: &mut Vm, v: &Value) -> PyResult<Vec<u8>> {
    if let Some(b) = as_bytes(v) {
        return Ok(b);
    }
    if to_int(v).is_some() || lookup(v.type_of(), "__index__").is_some() {
        return Ok(vec![byte_of(vm, v, BYTE_RANGE)?]);
    }
    Err(vm.type_error(format!(
        "argument should be integer or bytes-like object, not '{}'",
        v.type_of().name()
    )))
}

#[inline]
fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

fn new_bool(b: bool) -> PyResult<Value> {
    Ok(Value::from_bool(b))
}

// ---------------------------------------------------------------------------
// Construction
// ---------------------------------------------------------------------------

/// Binds `(source, encoding, errors)` with CPython's messages.
fn ctor_args<'a>(vm: &mut Vm, a: &'a Args, name: &str) -> PyResult<[Option<&'a Value>; 3]> {
    let pos = &a.pos()[1..];
    let mut out: [Option<&Value>; 3] = [None, None, None];
    if pos.len() + a.kwnames.len() > 3 {
        return Err(vm.type_error(format!(
            "{}() takes at most 3 arguments ({} given)",
            name,
            pos.len() + a.kwnames.len()
        )));
    }
    for (i, v) in pos.iter().enumerate() {
        out[i] = Some(v);
    }
    for (k, v) in a.kwargs() {
        let i = match k {
            "source" => 0,
            "encoding" => 1,
            "errors" => 2,
            _ => {
                return Err(vm.type_error(format!(
                    "'{}' is an invalid keyword argument for {}()",
                    k, name
                )))
            }
        };
        if out[i].is_some() {
            return Err(vm.type_error(format!(
                "argument for {}() given by name ('{}') and position ({})",
                name,
                k,
                i + 1
            )));
        }
        out[i] = Some(v);
    }
    Ok(out)
}

fn str_param(
    vm: &mut Vm,
    v: Option<&Value>,
    fname: &str,
    pname: &str,
    default: &str,
) -> PyResult<String> {
    match v {
        None => Ok(default.to_string()),
        Some(x) => match downcast::<StrData>(x) {
            Some(s) => Ok(s.s.to_string()),
            None => Err(vm.type_error(format!(
                "{}() argument '{}' must be str, not {}",
                fname,
                pname,
                x.type_of().name()
            ))),
        },
    }
}

/// The contents for `bytes(...)` / `bytearray(...)`.
fn construct(vm: &mut Vm, args: [Option<&Value>; 3], is_bytes: bool) -> PyResult<Vec<u8>> {
    let name = if is_bytes { "bytes" } else { "bytearray" };
    let [src, enc, errs] = args;
    let Some(src) = src else {
        if enc.is_some() || errs.is_some() {
            return Err(vm.type_error("encoding or errors without sequence argument"));
        }
        return Ok(Vec::new());
    };
    if enc.is_some() || errs.is_some() {
        if downcast::<StrData>(src).is_none() {
            return Err(vm.type_error(if enc.is_some() {
                "encoding without a string argument"
            } else {
                "errors without a string argument"
            }));
        }
        if enc.is_none() {
            return Err(vm.type_error("string argument without an encoding"));
        }
        let e = str_param(vm, enc, name, "encoding", "utf-8")?;
        let r = str_param(vm, errs, name, "errors", "strict")?;
        let s = str_of(src).to_string();
        return encode(vm, &s, &e, &r);
    }
    if is_bytes && lookup(src.type_of(), "__bytes__").is_some() {
        let r = vm.call_special(src, "__bytes__", &[])?.unwrap();
        return match downcast::<BytesData>(&r) {
            Some(b) => Ok(b.b.to_vec()),
            None => Err(vm.type_error(format!(
                "__bytes__ returned non-bytes (type {})",
                r.type_of().name()
            ))),
        };
    }
    if downcast::<StrData>(src).is_some() {
        return Err(vm.type_error("string argument without an encoding"));
    }
    if let Some(b) = as_bytes(src) {
        return Ok(b);
    }
    if to_int(src).is_some() || lookup(src.type_of(), "__index__").is_some() {
        let i = vm.index(src)?;
        let n = match i.to_i64() {
            Some(n) => n,
            None if i.is_negative() => return Err(vm.value_error("negative count")),
            None => return Err(vm.overflow_error("cannot fit 'int' into an index-sized integer")),
        };
        if n < 0 {
            return Err(vm.value_error("negative count"));
        }
        if n > (1i64 << 40) {
            return Err(vm.new_exc_noargs(&MEMORY_ERROR_TYPE));
        }
        return Ok(vec![0u8; n as usize]);
    }
    let t = src.type_of();
    if lookup(t, "__iter__").is_none_or(|f| f.is_none()) && lookup(t, "__getitem__").is_none() {
        return Err(vm.type_error(format!("cannot convert '{}' object to {}", t.name(), name)));
    }
    let items = vm.iterate(src)?;
    let msg = if is_bytes {
        "bytes must be in range(0, 256)"
    } else {
        BYTE_RANGE
    };
    let mut out = Vec::with_capacity(items.len());
    for it in &items {
        out.push(byte_of(vm, it, msg)?);
    }
    Ok(out)
}

fn bytes_new(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let ty = match a.args.first().and_then(as_type) {
        Some(t) => t,
        None => return Err(vm.type_error("bytes.__new__(X): X is not a type object")),
    };
    let args = ctor_args(vm, &a, "bytes")?;
    let b = construct(vm, args, true)?;
    if std::ptr::eq(ty, &BYTES_TYPE) {
        return Ok(vm.new_bytes(b));
    }
    Ok(alloc_object(
        ty,
        BytesData {
            b: b.into_boxed_slice(),
            hash: Cell::new(-1),
        },
    ))
}

fn bytearray_new(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let ty = match a.args.first().and_then(as_type) {
        Some(t) => t,
        None => return Err(vm.type_error("bytearray.__new__(X): X is not a type object")),
    };
    Ok(alloc_object(
        ty,
        ByteArrayData {
            b: RefCell::new(Vec::new()),
            exports: std::cell::Cell::new(0),
        },
    ))
}

fn bytearray_init(vm: &mut Vm, a: Args) -> PyResult<Value> {
    if !is_ba(&a.args[0]) {
        return Err(vm.type_error("descriptor '__init__' requires a 'bytearray' object"));
    }
    let args = ctor_args(vm, &a, "bytearray")?;
    let b = construct(vm, args, false)?;
    *ba(&a.args[0]).b.borrow_mut() = b;
    Ok(Value::none())
}

fn bytes_bytes(vm: &mut Vm, a: Args) -> PyResult<Value> {
    if std::ptr::eq(a.args[0].type_of(), &BYTES_TYPE) {
        return Ok(a.args[0].clone());
    }
    let b = selfb(vm, &a)?;
    Ok(vm.new_bytes(b))
}

fn bytes_getnewargs(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let b = selfb(vm, &a)?;
    let v = vm.new_bytes(b);
    Ok(vm.new_tuple(vec![v]))
}

fn bytes_hash_m(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let Some(d) = downcast::<BytesData>(&a.args[0]) else {
        return Err(vm.type_error("descriptor '__hash__' requires a 'bytes' object"));
    };
    let mut h = d.hash.get();
    if h == -1 {
        h = bytes_hash(&d.b);
        d.hash.set(h);
    }
    Ok(new_int_i64(h))
}

// ---------------------------------------------------------------------------
// Protocols
// ---------------------------------------------------------------------------

/// `repr()` of a bytes or bytearray value.
pub fn repr_of(v: &Value) -> String {
    let b = as_bytes(v).unwrap_or_default();
    let mut out = String::with_capacity(b.len() + 3);
    if !is_ba(v) {
        crate::compiler::repr::write_bytes_repr(&mut out, &b);
        return out;
    }
    // bytearray_repr: the same quote choice, but `'` is escaped even
    // inside double quotes.
    let quote = if b.contains(&b'\'') && !b.contains(&b'"') {
        '"'
    } else {
        '\''
    };
    out.push_str(&v.type_of().name());
    out.push_str("(b");
    out.push(quote);
    for &c in &b {
        match c {
            b'\'' | b'\\' => {
                out.push('\\');
                out.push(c as char);
            }
            b'\t' => out.push_str("\\t"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            0x20..=0x7E => out.push(c as char),
            _ => out.push_str(&format!("\\x{:02x}", c)),
        }
    }
    out.push(quote);
    out.push(')');
    out
}

fn b_repr(vm: &mut Vm, a: Args) -> PyResult<Value> {
    selfb(vm, &a)?;
    let r = repr_of(&a.args[0]);
    Ok(vm.new_str_owned(r))
}

fn b_len(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let v = &a.args[0];
    let n = if let Some(b) = downcast::<BytesData>(v) {
        b.b.len()
    } else if let Some(b) = downcast::<ByteArrayData>(v) {
        b.b.borrow().len()
    } else {
        return Err(vm.type_error("descriptor '__len__' requires a 'bytes' object"));
    };
    Ok(new_int_i64(n as i64))
}

fn b_getitem(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("__getitem__", &Args::new(&a.args[1..]), 1, 1)?;
    let v = &a.args[0];
    let k = &a.args[1];
    if let Some(sl) = downcast::<SliceData>(k) {
        let b = selfb(vm, &a)?;
        let (start, _, step, n) = slice_indices(vm, sl, b.len())?;
        let out: Vec<u8> = if step == 1 {
            b[start as usize..start as usize + n].to_vec()
        } else {
            let mut out = Vec::with_capacity(n);
            let mut i = start;
            for _ in 0..n {
                out.push(b[i as usize]);
                i += step;
            }
            out
        };
        return Ok(mk(vm, v, out));
    }
    if to_int(k).is_none() && lookup(k.type_of(), "__index__").is_none() {
        let msg = if is_ba(v) {
            format!(
                "bytearray indices must be integers or slices, not {}",
                k.type_of().name()
            )
        } else {
            format!(
                "byte indices must be integers or slices, not {}",
                k.type_of().name()
            )
        };
        return Err(vm.type_error(msg));
    }
    let i = vm.index(k)?;
    let idx = i.to_i64().unwrap_or(if i.is_negative() {
        i64::MIN / 2
    } else {
        i64::MAX / 2
    });
    let byte = if let Some(d) = downcast::<BytesData>(v) {
        let n = d.b.len() as i64;
        let j = if idx < 0 { idx + n } else { idx };
        if j < 0 || j >= n {
            None
        } else {
            Some(d.b[j as usize])
        }
    } else if let Some(d) = downcast::<ByteArrayData>(v) {
        let b = d.b.borrow();
        let n = b.len() as i64;
        let j = if idx < 0 { idx + n } else { idx };
        if j < 0 || j >= n {
            None
        } else {
            Some(b[j as usize])
        }
    } else {
        return Err(vm.type_error("descriptor '__getitem__' requires a 'bytes' object"));
    };
    match byte {
        Some(x) => Ok(new_int_i64(x as i64)),
        None => Err(vm.index_error(if is_ba(v) {
            "bytearray index out of range"
        } else {
            "index out of range"
        })),
    }
}

fn b_contains(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("__contains__", &Args::new(&a.args[1..]), 1, 1)?;
    let h = selfb(vm, &a)?;
    let x = &a.args[1];
    if to_int(x).is_some() || lookup(x.type_of(), "__index__").is_some() {
        let c = byte_of(vm, x, BYTE_RANGE)?;
        return new_bool(h.contains(&c));
    }
    let n = need_bytes(vm, x)?;
    new_bool(find_in(&h, &n, None, None).is_some())
}

fn b_iter(vm: &mut Vm, a: Args) -> PyResult<Value> {
    selfb(vm, &a)?;
    Ok(vm.new_iter(
        &ITERATOR_TYPE,
        IterState::Seq {
            seq: a.args[0].clone(),
            idx: 0,
        },
    ))
}

fn b_add(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("__add__", &Args::new(&a.args[1..]), 1, 1)?;
    let mut x = selfb(vm, &a)?;
    let o = &a.args[1];
    match as_bytes(o) {
        Some(y) => {
            x.extend_from_slice(&y);
            Ok(mk(vm, &a.args[0], x))
        }
        None => {
            if has_py_method(o, "__radd__") {
                return not_impl();
            }
            let msg = format!(
                "can't concat {} to {}",
                o.type_of().name(),
                kind_name(&a.args[0])
            );
            Err(vm.type_error(msg))
        }
    }
}

/// Does `v`'s class define `name` in Python (so a reflected operator may
/// apply)? Built-in operands get CPython's sequence messages instead.
fn has_py_method(v: &Value, name: &str) -> bool {
    lookup(v.type_of(), name).is_some_and(|f| !std::ptr::eq(f.type_of(), &METHOD_DESCRIPTOR_TYPE))
}

fn repeat(vm: &mut Vm, b: &[u8], n: usize) -> PyResult<Vec<u8>> {
    if b.len().checked_mul(n).is_none_or(|t| t > (1 << 40)) {
        return Err(vm.new_exc_noargs(&MEMORY_ERROR_TYPE));
    }
    Ok(b.repeat(n))
}

fn b_mul(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("__mul__", &Args::new(&a.args[1..]), 1, 1)?;
    let Some(n) = repeat_count(vm, &a.args[1])? else {
        let o = &a.args[1];
        if has_py_method(o, "__rmul__") || has_py_method(o, "__mul__") {
            return not_impl();
        }
        let msg = format!(
            "can't multiply sequence by non-int of type '{}'",
            o.type_of().name()
        );
        return Err(vm.type_error(msg));
    };
    let b = selfb(vm, &a)?;
    let r = repeat(vm, &b, n)?;
    Ok(mk(vm, &a.args[0], r))
}

fn b_mod(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("__mod__", &Args::new(&a.args[1..]), 1, 1)?;
    let b = selfb(vm, &a)?;
    let r = bytes_percent_format(vm, &b, &a.args[1])?;
    Ok(mk(vm, &a.args[0], r))
}

fn b_cmp(vm: &mut Vm, a: &Args, op: u32) -> PyResult<Value> {
    vm.check_args("comparison", &Args::new(&a.args[1..]), 1, 1)?;
    let x = selfb(vm, a)?;
    let Some(y) = as_bytes(&a.args[1]) else {
        return not_impl();
    };
    Ok(Value::from_bool(crate::vm::ops::cmp_ord(x.cmp(&y), op)))
}
fn b_lt(vm: &mut Vm, a: Args) -> PyResult<Value> {
    b_cmp(vm, &a, 0)
}
fn b_le(vm: &mut Vm, a: Args) -> PyResult<Value> {
    b_cmp(vm, &a, 1)
}
fn b_eq(vm: &mut Vm, a: Args) -> PyResult<Value> {
    b_cmp(vm, &a, 2)
}
fn b_ne(vm: &mut Vm, a: Args) -> PyResult<Value> {
    b_cmp(vm, &a, 3)
}
fn b_gt(vm: &mut Vm, a: Args) -> PyResult<Value> {
    b_cmp(vm, &a, 4)
}
fn b_ge(vm: &mut Vm, a: Args) -> PyResult<Value> {
    b_cmp(vm, &a, 5)
}

// ---------------------------------------------------------------------------
// Methods
// ---------------------------------------------------------------------------

fn b_decode(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let p = bind(vm, &a, "decode", &["encoding", "errors"], true)?;
    let (p0, p1) = (p[0], p[1]);
    let enc = str_param(vm, p0, "decode", "encoding", "utf-8")?;
    let errs = str_param(vm, p1, "decode", "errors", "strict")?;
    let b = selfb(vm, &a)?;
    let s = decode(vm, &b, &enc, &errs)?;
    Ok(vm.new_str_owned(s))
}

/// `hex([sep[, bytes_per_sep]])`.
pub fn hex_of(vm: &mut Vm, b: &[u8], sep: Option<&Value>, per: Option<&Value>) -> PyResult<String> {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let sep = match sep {
        None => None,
        Some(s) if s.is_none() => None,
        Some(s) => {
            let sb: Vec<u8> = if let Some(st) = downcast::<StrData>(s) {
                if st.nchars != 1 {
                    return Err(vm.value_error("sep must be length 1."));
                }
                if !st.s.is_ascii() {
                    return Err(vm.value_error("sep must be ASCII."));
                }
                st.s.as_bytes().to_vec()
            } else if let Some(x) = as_bytes(s) {
                x
            } else {
                vm.len(s)?;
                return Err(vm.type_error("sep must be str or bytes."));
            };
            if sb.len() != 1 {
                return Err(vm.value_error("sep must be length 1."));
            }
            if sb[0] >= 128 {
                return Err(vm.value_error("sep must be ASCII."));
            }
            Some(sb[0])
        }
    };
    let per = match per {
        Some(p) => vm.index_i64(p)?,
        None => 1,
    };
    let mut out = String::with_capacity(b.len() * 3);
    let push = |out: &mut String, x: u8| {
        out.push(HEX[(x >> 4) as usize] as char);
        out.push(HEX[(x & 15) as usize] as char);
    };
    match sep {
        Some(c) if per != 0 && !b.is_empty() => {
            let g = per.unsigned_abs() as usize;
            let n = b.len();
            for (i, &x) in b.iter().enumerate() {
                if i > 0 {
                    // Groups count from the right for a positive
                    // bytes_per_sep, from the left for a negative one.
                    let boundary = if per > 0 {
                        (n - i).is_multiple_of(g)
                    } else {
                        i.is_multiple_of(g)
                    };
                    if boundary {
                        out.push(c as char);
                    }
                }
                push(&mut out, x);
            }
        }
        _ => {
            for &x in b {
                push(&mut out, x);
            }
        }
    }
    Ok(out)
}

fn b_hex(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let p = bind(vm, &a, "hex", &["sep", "bytes_per_sep"], true)?;
    let (p0, p1) = (p[0], p[1]);
    let b = selfb(vm, &a)?;
    let s = hex_of(vm, &b, p0, p1)?;
    Ok(vm.new_str_owned(s))
}

fn b_fromhex(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("fromhex", &Args::new(&a.args[1..]), 1, 1)?;
    let cls = a.args[0].clone();
    let arg = &a.args[1];
    let Some(st) = downcast::<StrData>(arg) else {
        return Err(vm.type_error(format!(
            "fromhex() argument must be str, not {}",
            arg.type_of().name()
        )));
    };
    let chars: Vec<char> = st.s.chars().collect();
    let digit =
        |c: Option<&char>| -> Option<u8> { c.and_then(|c| c.to_digit(16)).map(|d| d as u8) };
    let mut out = Vec::with_capacity(chars.len() / 2);
    let mut i = 0;
    let bad = |vm: &mut Vm, i: usize| {
        vm.value_error(format!(
            "non-hexadecimal number found in fromhex() arg at position {}",
            i
        ))
    };
    while i < chars.len() {
        if chars[i].is_ascii() && is_space(chars[i] as u8) {
            while i < chars.len() && chars[i].is_ascii() && is_space(chars[i] as u8) {
                i += 1;
            }
            if i >= chars.len() {
                break;
            }
        }
        let Some(hi) = digit(chars.get(i)).filter(|_| chars[i].is_ascii()) else {
            return Err(bad(vm, i));
        };
        i += 1;
        let Some(lo) = digit(chars.get(i)).filter(|_| chars[i].is_ascii()) else {
            return Err(bad(vm, i));
        };
        i += 1;
        out.push(hi * 16 + lo);
    }
    let t = as_type(&cls);
    match t {
        Some(t) if std::ptr::eq(t, &BYTES_TYPE) => Ok(vm.new_bytes(out)),
        Some(t) if std::ptr::eq(t, &BYTEARRAY_TYPE) => Ok(vm.new_bytearray(out)),
        _ => {
            let b = vm.new_bytes(out);
            vm.call(&cls, &[b], &[])
        }
    }
}

fn b_join(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("join", &Args::new(&a.args[1..]), 1, 1)?;
    let sep = selfb(vm, &a)?;
    let items = vm.iterate(&a.args[1])?;
    let mut out = Vec::new();
    for (i, it) in items.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(&sep);
        }
        match as_bytes(it) {
            Some(b) => out.extend_from_slice(&b),
            None => {
                let msg = format!(
                    "sequence item {}: expected a bytes-like object, {} found",
                    i,
                    it.type_of().name()
                );
                return Err(vm.type_error(msg));
            }
        }
    }
    Ok(mk(vm, &a.args[0], out))
}

fn list_of(vm: &mut Vm, like: &Value, parts: Vec<Vec<u8>>) -> Value {
    let items: Vec<Value> = parts.into_iter().map(|p| mk(vm, like, p)).collect();
    vm.new_list(items)
}

fn split_args(vm: &mut Vm, a: &Args, name: &str) -> PyResult<(Option<Vec<u8>>, i64)> {
    let p = bind(vm, a, name, &["sep", "maxsplit"], true)?;
    let (p0, p1) = (p[0], p[1]);
    let sep = match p0 {
        Some(s) if !s.is_none() => {
            let b = need_bytes(vm, s)?;
            if b.is_empty() {
                return Err(vm.value_error("empty separator"));
            }
            Some(b)
        }
        _ => None,
    };
    let max = match p1 {
        Some(m) => int_arg(vm, m)?,
        None => -1,
    };
    Ok((sep, if max < 0 { i64::MAX } else { max }))
}

fn b_split(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let (sep, max) = split_args(vm, &a, "split")?;
    let b = selfb(vm, &a)?;
    let mut parts = Vec::new();
    match sep {
        None => {
            let mut i = 0;
            let n = b.len();
            let mut splits = 0;
            loop {
                while i < n && is_space(b[i]) {
                    i += 1;
                }
                if i >= n {
                    break;
                }
                if splits >= max {
                    // The remainder keeps its trailing whitespace.
                    parts.push(b[i..].to_vec());
                    break;
                }
                let st = i;
                while i < n && !is_space(b[i]) {
                    i += 1;
                }
                parts.push(b[st..i].to_vec());
                splits += 1;
            }
        }
        Some(sep) => {
            let mut st = 0;
            let mut i = 0;
            let mut splits = 0;
            while splits < max && i + sep.len() <= b.len() {
                if b[i..i + sep.len()] == sep[..] {
                    parts.push(b[st..i].to_vec());
                    i += sep.len();
                    st = i;
                    splits += 1;
                } else {
                    i += 1;
                }
            }
            parts.push(b[st..].to_vec());
        }
    }
    Ok(list_of(vm, &a.args[0], parts))
}

fn b_rsplit(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let (sep, max) = split_args(vm, &a, "rsplit")?;
    let b = selfb(vm, &a)?;
    let mut parts = Vec::new();
    match sep {
        None => {
            let mut e = b.len();
            let mut splits = 0;
            loop {
                while e > 0 && is_space(b[e - 1]) {
                    e -= 1;
                }
                if e == 0 {
                    break;
                }
                if splits >= max {
                    // The remainder keeps its leading whitespace.
                    parts.push(b[..e].to_vec());
                    break;
                }
                let end = e;
                while e > 0 && !is_space(b[e - 1]) {
                    e -= 1;
                }
                parts.push(b[e..end].to_vec());
                splits += 1;
            }
        }
        Some(sep) => {
            let mut end = b.len();
            let mut i = b.len();
            let mut splits = 0;
            while splits < max && i >= sep.len() {
                if b[i - sep.len()..i] == sep[..] {
                    parts.push(b[i..end].to_vec());
                    i -= sep.len();
                    end = i;
                    splits += 1;
                } else {
                    i -= 1;
                }
            }
            parts.push(b[..end].to_vec());
        }
    }
    parts.reverse();
    Ok(list_of(vm, &a.args[0], parts))
}

fn strip_impl(vm: &mut Vm, a: &Args, name: &str, left: bool, right: bool) -> PyResult<Value> {
    vm.check_args(name, &Args::new(&a.args[1..]), 0, 1)?;
    let b = selfb(vm, a)?;
    let chars = match a.args.get(1) {
        Some(c) if !c.is_none() => Some(need_bytes(vm, c)?),
        _ => None,
    };
    let strip_it = |c: u8| match &chars {
        Some(cs) => cs.contains(&c),
        None => is_space(c),
    };
    let mut s = 0;
    let mut e = b.len();
    if left {
        while s < e && strip_it(b[s]) {
            s += 1;
        }
    }
    if right {
        while e > s && strip_it(b[e - 1]) {
            e -= 1;
        }
    }
    Ok(mk(vm, &a.args[0], b[s..e].to_vec()))
}

fn b_strip(vm: &mut Vm, a: Args) -> PyResult<Value> {
    strip_impl(vm, &a, "strip", true, true)
}
fn b_lstrip(vm: &mut Vm, a: Args) -> PyResult<Value> {
    strip_impl(vm, &a, "lstrip", true, false)
}
fn b_rstrip(vm: &mut Vm, a: Args) -> PyResult<Value> {
    strip_impl(vm, &a, "rstrip", false, true)
}

fn starts_ends(vm: &mut Vm, a: &Args, name: &str, ends: bool) -> PyResult<Value> {
    vm.check_args(name, &Args::new(&a.args[1..]), 1, 3)?;
    let b = selfb(vm, a)?;
    let start = opt_index(vm, a.args.get(2))?;
    let end = opt_index(vm, a.args.get(3))?;
    let x = &a.args[1];
    let cands: Vec<Vec<u8>> = if let Some(t) = downcast::<TupleData>(x) {
        let items = t.items.to_vec();
        let mut v = Vec::new();
        for it in &items {
            v.push(need_bytes(vm, it)?);
        }
        v
    } else if let Some(p) = as_bytes(x) {
        vec![p]
    } else {
        let msg = format!(
            "{} first arg must be bytes or a tuple of bytes, not {}",
            name,
            x.type_of().name()
        );
        return Err(vm.type_error(msg));
    };
    let (s, e) = adjust(start, end, b.len());
    for p in cands {
        if e - s < p.len() as i64 {
            continue;
        }
        let (su, eu) = (s as usize, e as usize);
        let ok = if ends {
            b[su..eu].ends_with(&p)
        } else {
            b[su..eu].starts_with(&p)
        };
        if ok {
            return new_bool(true);
        }
    }
    new_bool(false)
}

fn b_startswith(vm: &mut Vm, a: Args) -> PyResult<Value> {
    starts_ends(vm, &a, "startswith", false)
}
fn b_endswith(vm: &mut Vm, a: Args) -> PyResult<Value> {
    starts_ends(vm, &a, "endswith", true)
}

/// `(self, sub, start, end)` of find/count/index.
type SearchArgs = (Vec<u8>, Vec<u8>, Option<i64>, Option<i64>);

fn search_args(vm: &mut Vm, a: &Args, name: &str) -> PyResult<SearchArgs> {
    vm.check_args(name, &Args::new(&a.args[1..]), 1, 3)?;
    let b = selfb(vm, a)?;
    let sub = sub_arg(vm, &a.args[1])?;
    let start = opt_index(vm, a.args.get(2))?;
    let end = opt_index(vm, a.args.get(3))?;
    Ok((b, sub, start, end))
}

fn b_find(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let (b, sub, s, e) = search_args(vm, &a, "find")?;
    Ok(new_int_i64(
        find_in(&b, &sub, s, e).map_or(-1, |i| i as i64),
    ))
}
fn b_rfind(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let (b, sub, s, e) = search_args(vm, &a, "rfind")?;
    Ok(new_int_i64(
        rfind_in(&b, &sub, s, e).map_or(-1, |i| i as i64),
    ))
}
fn b_index(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let (b, sub, s, e) = search_args(vm, &a, "index")?;
    match find_in(&b, &sub, s, e) {
        Some(i) => Ok(new_int_i64(i as i64)),
        None => Err(vm.value_error("subsection not found")),
    }
}
fn b_rindex(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let (b, sub, s, e) = search_args(vm, &a, "rindex")?;
    match rfind_in(&b, &sub, s, e) {
        Some(i) => Ok(new_int_i64(i as i64)),
        None => Err(vm.value_error("subsection not found")),
    }
}
fn b_count(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let (b, sub, s, e) = search_args(vm, &a, "count")?;
    Ok(new_int_i64(count_in(&b, &sub, s, e) as i64))
}

fn b_replace(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("replace", &Args::new(&a.args[1..]), 2, 3)?;
    let b = selfb(vm, &a)?;
    let old = need_bytes(vm, &a.args[1])?;
    let new = need_bytes(vm, &a.args[2])?;
    let mut max = match a.args.get(3) {
        Some(c) => int_arg(vm, c)?,
        None => -1,
    };
    if max < 0 {
        max = i64::MAX;
    }
    let mut out = Vec::with_capacity(b.len());
    if old.is_empty() {
        let mut n = 0;
        for (i, &c) in b.iter().enumerate() {
            if n < max {
                out.extend_from_slice(&new);
                n += 1;
            } else {
                out.extend_from_slice(&b[i..]);
                return Ok(mk(vm, &a.args[0], out));
            }
            out.push(c);
        }
        if n < max {
            out.extend_from_slice(&new);
        }
        return Ok(mk(vm, &a.args[0], out));
    }
    let mut i = 0;
    let mut n = 0;
    while i < b.len() {
        if n < max && i + old.len() <= b.len() && b[i..i + old.len()] == old[..] {
            out.extend_from_slice(&new);
            i += old.len();
            n += 1;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    Ok(mk(vm, &a.args[0], out))
}

fn map_bytes(vm: &mut Vm, a: &Args, name: &str, f: fn(&[u8]) -> Vec<u8>) -> PyResult<Value> {
    vm.check_args(name, &Args::new(&a.args[1..]), 0, 0)?;
    let b = selfb(vm, a)?;
    let r = f(&b);
    Ok(mk(vm, &a.args[0], r))
}

fn title_bytes(b: &[u8]) -> Vec<u8> {
    let mut prev_cased = false;
    b.iter()
        .map(|&c| {
            if c.is_ascii_lowercase() {
                let r = if prev_cased {
                    c
                } else {
                    c.to_ascii_uppercase()
                };
                prev_cased = true;
                r
            } else if c.is_ascii_uppercase() {
                let r = if prev_cased {
                    c.to_ascii_lowercase()
                } else {
                    c
                };
                prev_cased = true;
                r
            } else {
                prev_cased = false;
                c
            }
        })
        .collect()
}

fn b_upper(vm: &mut Vm, a: Args) -> PyResult<Value> {
    map_bytes(vm, &a, "upper", |b| b.to_ascii_uppercase())
}
fn b_lower(vm: &mut Vm, a: Args) -> PyResult<Value> {
    map_bytes(vm, &a, "lower", |b| b.to_ascii_lowercase())
}
fn b_title(vm: &mut Vm, a: Args) -> PyResult<Value> {
    map_bytes(vm, &a, "title", title_bytes)
}
fn b_capitalize(vm: &mut Vm, a: Args) -> PyResult<Value> {
    map_bytes(vm, &a, "capitalize", |b| {
        b.iter()
            .enumerate()
            .map(|(i, c)| {
                if i == 0 {
                    c.to_ascii_uppercase()
                } else {
                    c.to_ascii_lowercase()
                }
            })
            .collect()
    })
}
fn b_swapcase(vm: &mut Vm, a: Args) -> PyResult<Value> {
    map_bytes(vm, &a, "swapcase", |b| {
        b.iter()
            .map(|&c| {
                if c.is_ascii_lowercase() {
                    c.to_ascii_uppercase()
                } else if c.is_ascii_uppercase() {
                    c.to_ascii_lowercase()
                } else {
                    c
                }
            })
            .collect()
    })
}

fn pred(vm: &mut Vm, a: &Args, name: &str, f: fn(&[u8]) -> bool) -> PyResult<Value> {
    vm.check_args(name, &Args::new(&a.args[1..]), 0, 0)?;
    let b = selfb(vm, a)?;
    new_bool(f(&b))
}

fn b_isdigit(vm: &mut Vm, a: Args) -> PyResult<Value> {
    pred(vm, &a, "isdigit", |b| {
        !b.is_empty() && b.iter().all(|c| c.is_ascii_digit())
    })
}
fn b_isalpha(vm: &mut Vm, a: Args) -> PyResult<Value> {
    pred(vm, &a, "isalpha", |b| {
        !b.is_empty() && b.iter().all(|c| c.is_ascii_alphabetic())
    })
}
fn b_isalnum(vm: &mut Vm, a: Args) -> PyResult<Value> {
    pred(vm, &a, "isalnum", |b| {
        !b.is_empty() && b.iter().all(|c| c.is_ascii_alphanumeric())
    })
}
fn b_isspace(vm: &mut Vm, a: Args) -> PyResult<Value> {
    pred(vm, &a, "isspace", |b| {
        !b.is_empty() && b.iter().all(|&c| is_space(c))
    })
}
fn b_isupper(vm: &mut Vm, a: Args) -> PyResult<Value> {
    pred(vm, &a, "isupper", |b| {
        b.iter().any(|c| c.is_ascii_uppercase()) && !b.iter().any(|c| c.is_ascii_lowercase())
    })
}
fn b_islower(vm: &mut Vm, a: Args) -> PyResult<Value> {
    pred(vm, &a, "islower", |b| {
        b.iter().any(|c| c.is_ascii_lowercase()) && !b.iter().any(|c| c.is_ascii_uppercase())
    })
}
fn b_isascii(vm: &mut Vm, a: Args) -> PyResult<Value> {
    pred(vm, &a, "isascii", |b| b.is_ascii())
}
fn b_istitle(vm: &mut Vm, a: Args) -> PyResult<Value> {
    pred(vm, &a, "istitle", |b| {
        let mut cased = false;
        let mut prev_cased = false;
        for &c in b {
            if c.is_ascii_uppercase() {
                if prev_cased {
                    return false;
                }
                prev_cased = true;
                cased = true;
            } else if c.is_ascii_lowercase() {
                if !prev_cased {
                    return false;
                }
                prev_cased = true;
                cased = true;
            } else {
                prev_cased = false;
            }
        }
        cased
    })
}

fn pad_args(vm: &mut Vm, a: &Args, name: &str) -> PyResult<(Vec<u8>, usize, u8)> {
    vm.check_args(name, &Args::new(&a.args[1..]), 1, 2)?;
    let b = selfb(vm, a)?;
    let w = int_arg(vm, &a.args[1])?.max(0) as usize;
    let fill = match a.args.get(2) {
        Some(f) => match as_bytes(f) {
            Some(x) if x.len() == 1 => x[0],
            _ => {
                let msg = format!(
                    "{}() argument 2 must be a byte string of length 1, not {}",
                    name,
                    f.type_of().name()
                );
                return Err(vm.type_error(msg));
            }
        },
        None => b' ',
    };
    if w > (1 << 40) {
        return Err(vm.new_exc_noargs(&MEMORY_ERROR_TYPE));
    }
    Ok((b, w, fill))
}

fn padded(b: &[u8], left: usize, right: usize, fill: u8) -> Vec<u8> {
    let mut out = Vec::with_capacity(b.len() + left + right);
    out.resize(left, fill);
    out.extend_from_slice(b);
    out.resize(out.len() + right, fill);
    out
}

fn b_center(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let (b, w, fill) = pad_args(vm, &a, "center")?;
    if w <= b.len() {
        return Ok(mk(vm, &a.args[0], b));
    }
    let marg = w - b.len();
    let left = marg / 2 + (marg & w & 1);
    let r = padded(&b, left, marg - left, fill);
    Ok(mk(vm, &a.args[0], r))
}
fn b_ljust(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let (b, w, fill) = pad_args(vm, &a, "ljust")?;
    let r = if w <= b.len() {
        b
    } else {
        padded(&b, 0, w - b.len(), fill)
    };
    Ok(mk(vm, &a.args[0], r))
}
fn b_rjust(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let (b, w, fill) = pad_args(vm, &a, "rjust")?;
    let r = if w <= b.len() {
        b
    } else {
        padded(&b, w - b.len(), 0, fill)
    };
    Ok(mk(vm, &a.args[0], r))
}
fn b_zfill(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("zfill", &Args::new(&a.args[1..]), 1, 1)?;
    let b = selfb(vm, &a)?;
    let w = int_arg(vm, &a.args[1])?.max(0) as usize;
    if w <= b.len() {
        return Ok(mk(vm, &a.args[0], b));
    }
    if w > (1 << 40) {
        return Err(vm.new_exc_noargs(&MEMORY_ERROR_TYPE));
    }
    let mut out = padded(&b, w - b.len(), 0, b'0');
    let fillc = w - b.len();
    if !b.is_empty() && (b[0] == b'+' || b[0] == b'-') {
        out[0] = b[0];
        out[fillc] = b'0';
    }
    Ok(mk(vm, &a.args[0], out))
}

fn part_impl(vm: &mut Vm, a: &Args, name: &str, rev: bool) -> PyResult<Value> {
    vm.check_args(name, &Args::new(&a.args[1..]), 1, 1)?;
    let b = selfb(vm, a)?;
    let sep = need_bytes(vm, &a.args[1])?;
    if sep.is_empty() {
        return Err(vm.value_error("empty separator"));
    }
    let found = if rev {
        rfind_in(&b, &sep, None, None)
    } else {
        find_in(&b, &sep, None, None)
    };
    let (x, y, z) = match found {
        Some(i) => (b[..i].to_vec(), sep.clone(), b[i + sep.len()..].to_vec()),
        None if rev => (Vec::new(), Vec::new(), b.clone()),
        None => (b.clone(), Vec::new(), Vec::new()),
    };
    let like = &a.args[0];
    let items = vec![mk(vm, like, x), mk(vm, like, y), mk(vm, like, z)];
    Ok(vm.new_tuple(items))
}

fn b_partition(vm: &mut Vm, a: Args) -> PyResult<Value> {
    part_impl(vm, &a, "partition", false)
}
fn b_rpartition(vm: &mut Vm, a: Args) -> PyResult<Value> {
    part_impl(vm, &a, "rpartition", true)
}

fn b_splitlines(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let p = bind(vm, &a, "splitlines", &["keepends"], true)?;
    let keep = match p[0] {
        Some(k) => {
            let k = k.clone();
            vm.truthy(&k)?
        }
        None => false,
    };
    let b = selfb(vm, &a)?;
    let mut parts = Vec::new();
    let mut i = 0;
    let n = b.len();
    while i < n {
        let st = i;
        while i < n && b[i] != b'\n' && b[i] != b'\r' {
            i += 1;
        }
        let mut eol = i;
        if i < n {
            if b[i] == b'\r' && i + 1 < n && b[i + 1] == b'\n' {
                i += 2;
            } else {
                i += 1;
            }
            if keep {
                eol = i;
            }
        }
        parts.push(b[st..eol].to_vec());
    }
    Ok(list_of(vm, &a.args[0], parts))
}

fn b_expandtabs(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let p = bind(vm, &a, "expandtabs", &["tabsize"], true)?;
    let ts = match p[0] {
        Some(t) => {
            let t = t.clone();
            int_arg(vm, &t)?
        }
        None => 8,
    };
    let b = selfb(vm, &a)?;
    let mut out = Vec::with_capacity(b.len());
    let mut col: i64 = 0;
    for &c in &b {
        match c {
            b'\t' => {
                if ts > 0 {
                    let inc = ts - col % ts;
                    if out.len() as i64 + inc > (1 << 40) {
                        return Err(vm.overflow_error("result too long"));
                    }
                    out.resize(out.len() + inc as usize, b' ');
                    col += inc;
                }
            }
            b'\n' | b'\r' => {
                out.push(c);
                col = 0;
            }
            _ => {
                out.push(c);
                col += 1;
            }
        }
    }
    Ok(mk(vm, &a.args[0], out))
}

fn b_translate(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let p = bind(vm, &a, "translate", &["table", "delete"], true)?;
    let (p0, p1) = (p[0], p[1]);
    let Some(table) = p0 else {
        return Err(vm.type_error("translate() takes at least 1 argument (0 given)"));
    };
    let table = if table.is_none() {
        None
    } else {
        let t = need_bytes(vm, table)?;
        if t.len() != 256 {
            return Err(vm.value_error("translation table must be 256 characters long"));
        }
        Some(t)
    };
    let delete = match p1 {
        Some(d) => need_bytes(vm, d)?,
        None => Vec::new(),
    };
    let b = selfb(vm, &a)?;
    let out: Vec<u8> = b
        .iter()
        .filter(|c| !delete.contains(c))
        .map(|&c| match &table {
            Some(t) => t[c as usize],
            None => c,
        })
        .collect();
    Ok(mk(vm, &a.args[0], out))
}

fn b_maketrans(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("maketrans", &a, 2, 2)?;
    let frm = need_bytes(vm, &a.args[0])?;
    let to = need_bytes(vm, &a.args[1])?;
    if frm.len() != to.len() {
        return Err(vm.value_error("maketrans arguments must have same length"));
    }
    let mut t: Vec<u8> = (0..=255u8).collect();
    for (x, y) in frm.iter().zip(to.iter()) {
        t[*x as usize] = *y;
    }
    Ok(vm.new_bytes(t))
}

fn b_removeprefix(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("removeprefix", &Args::new(&a.args[1..]), 1, 1)?;
    let b = selfb(vm, &a)?;
    let p = need_bytes(vm, &a.args[1])?;
    let r = if b.starts_with(&p) {
        b[p.len()..].to_vec()
    } else {
        b
    };
    Ok(mk(vm, &a.args[0], r))
}
fn b_removesuffix(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("removesuffix", &Args::new(&a.args[1..]), 1, 1)?;
    let b = selfb(vm, &a)?;
    let p = need_bytes(vm, &a.args[1])?;
    let r = if !p.is_empty() && b.ends_with(&p) {
        b[..b.len() - p.len()].to_vec()
    } else {
        b
    };
    Ok(mk(vm, &a.args[0], r))
}

// ---------------------------------------------------------------------------
// bytearray mutators
// ---------------------------------------------------------------------------

/// A bytearray with live memoryviews cannot change size.
fn check_resizable(vm: &mut Vm, v: &Value) -> PyResult<()> {
    if ba(v).exports.get() > 0 {
        return Err(vm.new_exc(
            &BUFFER_ERROR_TYPE,
            "Existing exports of data: object cannot be re-sized",
        ));
    }
    Ok(())
}

fn ba_self(vm: &mut Vm, a: &Args, name: &str) -> PyResult<()> {
    if a.args.first().is_some_and(is_ba) {
        Ok(())
    } else {
        let got = a
            .args
            .first()
            .map(|s| s.type_of().name())
            .unwrap_or_else(|| "nothing".into());
        Err(vm.type_error(format!(
            "descriptor '{}' for 'bytearray' objects doesn't apply to a '{}' object",
            name, got
        )))
    }
}

/// The bytes assigned to a bytearray slice.
fn assigned_bytes(vm: &mut Vm, v: &Value) -> PyResult<Vec<u8>> {
    if let Some(b) = as_bytes(v) {
        return Ok(b);
    }
    let t = v.type_of();
    let iterable =
        lookup(t, "__iter__").is_some_and(|f| !f.is_none()) || lookup(t, "__getitem__").is_some();
    if downcast::<StrData>(v).is_some() || to_int(v).is_some() || !iterable {
        return Err(
            vm.type_error("can assign only bytes, buffers, or iterables of ints in range(0, 256)")
        );
    }
    let items = vm.iterate(v)?;
    let mut out = Vec::with_capacity(items.len());
    for it in &items {
        out.push(byte_of(vm, it, BYTE_RANGE)?);
    }
    Ok(out)
}

fn ba_index(vm: &mut Vm, k: &Value) -> PyResult<i64> {
    if to_int(k).is_none() && lookup(k.type_of(), "__index__").is_none() {
        return Err(vm.type_error(format!(
            "bytearray indices must be integers or slices, not {}",
            k.type_of().name()
        )));
    }
    let i = vm.index(k)?;
    Ok(i.to_i64().unwrap_or(if i.is_negative() {
        i64::MIN / 2
    } else {
        i64::MAX / 2
    }))
}

fn ba_setitem(vm: &mut Vm, a: Args) -> PyResult<Value> {
    ba_self(vm, &a, "__setitem__")?;
    vm.check_args("__setitem__", &Args::new(&a.args[1..]), 2, 2)?;
    let (sv, k, v) = (&a.args[0], &a.args[1], &a.args[2]);
    if let Some(sl) = downcast::<SliceData>(k) {
        let new = assigned_bytes(vm, v)?;
        let len = ba(sv).b.borrow().len();
        let (start, stop, step, n) = slice_indices(vm, sl, len)?;
        if new.len() != n {
            check_resizable(vm, sv)?;
        }
        let mut b = ba(sv).b.borrow_mut();
        if step == 1 {
            let start = start as usize;
            let stop = (stop.max(start as i64)) as usize;
            b.splice(start..stop, new);
            return Ok(Value::none());
        }
        if new.len() != n {
            drop(b);
            let msg = format!(
                "attempt to assign bytes of size {} to extended slice of size {}",
                new.len(),
                n
            );
            return Err(vm.value_error(msg));
        }
        let mut i = start;
        for x in new {
            b[i as usize] = x;
            i += step;
        }
        return Ok(Value::none());
    }
    let idx = ba_index(vm, k)?;
    let x = byte_of(vm, v, BYTE_RANGE)?;
    let mut b = ba(sv).b.borrow_mut();
    let n = b.len() as i64;
    let j = if idx < 0 { idx + n } else { idx };
    if j < 0 || j >= n {
        drop(b);
        return Err(vm.index_error("bytearray index out of range"));
    }
    b[j as usize] = x;
    Ok(Value::none())
}

fn ba_delitem(vm: &mut Vm, a: Args) -> PyResult<Value> {
    ba_self(vm, &a, "__delitem__")?;
    check_resizable(vm, &a.args[0])?;
    vm.check_args("__delitem__", &Args::new(&a.args[1..]), 1, 1)?;
    let (sv, k) = (&a.args[0], &a.args[1]);
    if let Some(sl) = downcast::<SliceData>(k) {
        let len = ba(sv).b.borrow().len();
        let (start, _, step, n) = slice_indices(vm, sl, len)?;
        let mut b = ba(sv).b.borrow_mut();
        if n == 0 {
            return Ok(Value::none());
        }
        let mut del = vec![false; b.len()];
        let mut i = start;
        for _ in 0..n {
            del[i as usize] = true;
            i += step;
        }
        let mut j = 0;
        b.retain(|_| {
            let keep = !del[j];
            j += 1;
            keep
        });
        return Ok(Value::none());
    }
    let idx = ba_index(vm, k)?;
    let mut b = ba(sv).b.borrow_mut();
    let n = b.len() as i64;
    let j = if idx < 0 { idx + n } else { idx };
    if j < 0 || j >= n {
        drop(b);
        return Err(vm.index_error("bytearray index out of range"));
    }
    b.remove(j as usize);
    Ok(Value::none())
}

fn ba_iadd(vm: &mut Vm, a: Args) -> PyResult<Value> {
    ba_self(vm, &a, "__iadd__")?;
    check_resizable(vm, &a.args[0])?;
    vm.check_args("__iadd__", &Args::new(&a.args[1..]), 1, 1)?;
    let o = &a.args[1];
    let Some(y) = as_bytes(o) else {
        let msg = format!("can't concat {} to bytearray", o.type_of().name());
        return Err(vm.type_error(msg));
    };
    ba(&a.args[0]).b.borrow_mut().extend_from_slice(&y);
    Ok(a.args[0].clone())
}

fn ba_imul(vm: &mut Vm, a: Args) -> PyResult<Value> {
    ba_self(vm, &a, "__imul__")?;
    check_resizable(vm, &a.args[0])?;
    vm.check_args("__imul__", &Args::new(&a.args[1..]), 1, 1)?;
    let Some(n) = repeat_count(vm, &a.args[1])? else {
        return not_impl();
    };
    let b = ba(&a.args[0]).b.borrow().clone();
    let r = repeat(vm, &b, n)?;
    *ba(&a.args[0]).b.borrow_mut() = r;
    Ok(a.args[0].clone())
}

fn ba_alloc(vm: &mut Vm, a: Args) -> PyResult<Value> {
    ba_self(vm, &a, "__alloc__")?;
    let n = ba(&a.args[0]).b.borrow().capacity() + 1;
    Ok(new_int_i64(n as i64))
}

fn ba_append(vm: &mut Vm, a: Args) -> PyResult<Value> {
    ba_self(vm, &a, "append")?;
    check_resizable(vm, &a.args[0])?;
    vm.check_args("append", &Args::new(&a.args[1..]), 1, 1)?;
    let x = byte_of(vm, &a.args[1], BYTE_RANGE)?;
    ba(&a.args[0]).b.borrow_mut().push(x);
    Ok(Value::none())
}

fn ba_extend(vm: &mut Vm, a: Args) -> PyResult<Value> {
    ba_self(vm, &a, "extend")?;
    check_resizable(vm, &a.args[0])?;
    vm.check_args("extend", &Args::new(&a.args[1..]), 1, 1)?;
    let o = &a.args[1];
    let new = match as_bytes(o) {
        Some(b) => b,
        None => {
            let t = o.type_of();
            let iterable = lookup(t, "__iter__").is_some_and(|f| !f.is_none())
                || lookup(t, "__getitem__").is_some();
            if !iterable {
                return Err(vm.type_error(format!("can't extend bytearray with {}", t.name())));
            }
            let items = vm.iterate(o)?;
            let mut out = Vec::with_capacity(items.len());
            for it in &items {
                out.push(byte_of(vm, it, BYTE_RANGE)?);
            }
            out
        }
    };
    ba(&a.args[0]).b.borrow_mut().extend_from_slice(&new);
    Ok(Value::none())
}

fn ba_pop(vm: &mut Vm, a: Args) -> PyResult<Value> {
    ba_self(vm, &a, "pop")?;
    check_resizable(vm, &a.args[0])?;
    vm.check_args("pop", &Args::new(&a.args[1..]), 0, 1)?;
    let idx = match a.args.get(1) {
        Some(i) => int_arg(vm, i)?,
        None => -1,
    };
    let mut b = ba(&a.args[0]).b.borrow_mut();
    if b.is_empty() {
        drop(b);
        return Err(vm.index_error("pop from empty bytearray"));
    }
    let n = b.len() as i64;
    let j = if idx < 0 { idx + n } else { idx };
    if j < 0 || j >= n {
        drop(b);
        return Err(vm.index_error("pop index out of range"));
    }
    let x = b.remove(j as usize);
    Ok(new_int_i64(x as i64))
}

fn ba_insert(vm: &mut Vm, a: Args) -> PyResult<Value> {
    ba_self(vm, &a, "insert")?;
    check_resizable(vm, &a.args[0])?;
    vm.check_args("insert", &Args::new(&a.args[1..]), 2, 2)?;
    let idx = int_arg(vm, &a.args[1])?;
    let x = byte_of(vm, &a.args[2], BYTE_RANGE)?;
    let mut b = ba(&a.args[0]).b.borrow_mut();
    let n = b.len() as i64;
    let j = if idx < 0 {
        (idx + n).max(0)
    } else {
        idx.min(n)
    };
    b.insert(j as usize, x);
    Ok(Value::none())
}

fn ba_remove(vm: &mut Vm, a: Args) -> PyResult<Value> {
    ba_self(vm, &a, "remove")?;
    check_resizable(vm, &a.args[0])?;
    vm.check_args("remove", &Args::new(&a.args[1..]), 1, 1)?;
    let x = byte_of(vm, &a.args[1], BYTE_RANGE)?;
    let mut b = ba(&a.args[0]).b.borrow_mut();
    match b.iter().position(|&c| c == x) {
        Some(i) => {
            b.remove(i);
            Ok(Value::none())
        }
        None => {
            drop(b);
            Err(vm.value_error("value not found in bytearray"))
        }
    }
}

fn ba_clear(vm: &mut Vm, a: Args) -> PyResult<Value> {
    ba_self(vm, &a, "clear")?;
    check_resizable(vm, &a.args[0])?;
    vm.check_args("clear", &Args::new(&a.args[1..]), 0, 0)?;
    ba(&a.args[0]).b.borrow_mut().clear();
    Ok(Value::none())
}

fn ba_copy(vm: &mut Vm, a: Args) -> PyResult<Value> {
    ba_self(vm, &a, "copy")?;
    vm.check_args("copy", &Args::new(&a.args[1..]), 0, 0)?;
    let b = ba(&a.args[0]).b.borrow().clone();
    Ok(vm.new_bytearray(b))
}

fn ba_reverse(vm: &mut Vm, a: Args) -> PyResult<Value> {
    ba_self(vm, &a, "reverse")?;
    vm.check_args("reverse", &Args::new(&a.args[1..]), 0, 0)?;
    ba(&a.args[0]).b.borrow_mut().reverse();
    Ok(Value::none())
}

// ---------------------------------------------------------------------------
// Codecs
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq)]
enum Codec {
    Utf8,
    Utf8Sig,
    Ascii,
    Latin1,
    /// Byte order: None = with a BOM (`utf-16`), Some(big_endian).
    Utf16(Option<bool>),
    Utf32(Option<bool>),
}

fn lookup_codec(vm: &mut Vm, encoding: &str) -> PyResult<Codec> {
    let norm: String = encoding
        .trim()
        .chars()
        .map(|c| {
            if c == '-' || c == ' ' {
                '_'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect();
    let c = match norm.as_str() {
        "utf_8" | "utf8" | "u8" | "utf" | "cp65001" | "utf8_ucs2" | "utf8_ucs4" => Codec::Utf8,
        "utf_8_sig" | "utf8_sig" => Codec::Utf8Sig,
        "ascii" | "us_ascii" | "646" | "us" | "ansi_x3.4_1968" | "ansi_x3_4_1968"
        | "ansi_x3.4_1986" | "cp367" | "csascii" | "ibm367" | "iso646_us" | "iso_646.irv_1991"
        | "iso_ir_6" => Codec::Ascii,
        "latin_1" | "latin1" | "latin" | "l1" | "iso_8859_1" | "iso8859_1" | "8859" | "cp819"
        | "iso_ir_100" | "csisolatin1" | "ibm819" | "iso_8859_1:1987" | "iso_8859_1_1987" => {
            Codec::Latin1
        }
        "utf_16" | "utf16" | "u16" => Codec::Utf16(None),
        "utf_16_le" | "utf_16le" | "utf16le" | "unicodelittleunmarked" => Codec::Utf16(Some(false)),
        "utf_16_be" | "utf_16be" | "utf16be" | "unicodebigunmarked" => Codec::Utf16(Some(true)),
        "utf_32" | "utf32" | "u32" => Codec::Utf32(None),
        "utf_32_le" | "utf_32le" | "utf32le" => Codec::Utf32(Some(false)),
        "utf_32_be" | "utf_32be" | "utf32be" => Codec::Utf32(Some(true)),
        _ => {
            return Err(vm.new_exc(
                &LOOKUP_ERROR_TYPE,
                format!("unknown encoding: {}", encoding),
            ))
        }
    };
    Ok(c)
}

const HANDLERS: &[&str] = &[
    "strict",
    "ignore",
    "replace",
    "backslashreplace",
    "surrogateescape",
    "surrogatepass",
    "xmlcharrefreplace",
    "namereplace",
];

fn check_handler(vm: &mut Vm, errors: &str) -> PyResult<()> {
    if HANDLERS.contains(&errors) {
        Ok(())
    } else {
        Err(vm.new_exc(
            &LOOKUP_ERROR_TYPE,
            format!("unknown error handler name '{}'", errors),
        ))
    }
}

fn decode_error(
    vm: &mut Vm,
    codec: &str,
    b: &[u8],
    start: usize,
    end: usize,
    reason: &str,
    errors: &str,
    out: &mut String,
) -> PyResult<usize> {
    check_handler(vm, errors)?;
    match errors {
        "ignore" => {}
        "replace" => out.push('\u{FFFD}'),
        "backslashreplace" => {
            for &x in &b[start..end] {
                out.push_str(&format!("\\x{:02x}", x));
            }
        }
        "surrogateescape" if b[start..end].iter().all(|&x| x >= 128) => {
            // U+DC80+byte in CPython: a lone surrogate, which U+FFFD stands for.
            for _ in start..end {
                out.push('\u{FFFD}');
            }
        }
        "surrogatepass"
            if codec == "utf-8"
                && b.len() >= start + 3
                && b[start] == 0xED
                && (0xA0..=0xBF).contains(&b[start + 1])
                && (0x80..=0xBF).contains(&b[start + 2]) =>
        {
            out.push('\u{FFFD}');
            return Ok(start + 3);
        }
        "xmlcharrefreplace" | "namereplace" => {
            return Err(
                vm.type_error("don't know how to handle UnicodeDecodeError in error callback")
            );
        }
        _ => {
            let obj = vm.new_bytes(b.to_vec());
            return Err(crate::builtins::exceptions::unicode_error(
                vm,
                &UNICODE_DECODE_ERROR_TYPE,
                codec,
                obj,
                start,
                end,
                reason,
            ));
        }
    }
    Ok(end)
}

fn decode_utf8(vm: &mut Vm, b: &[u8], errors: &str, out: &mut String) -> PyResult<()> {
    let mut pos = 0;
    while pos < b.len() {
        match std::str::from_utf8(&b[pos..]) {
            Ok(s) => {
                out.push_str(s);
                break;
            }
            Err(e) => {
                let valid = e.valid_up_to();
                // SAFETY: from_utf8 validated this prefix.
                out.push_str(unsafe { std::str::from_utf8_unchecked(&b[pos..pos + valid]) });
                let start = pos + valid;
                let (end, reason) = match e.error_len() {
                    None => (b.len(), "unexpected end of data"),
                    Some(l) => {
                        let c = b[start];
                        let bad_start = !(0xC2..=0xF4).contains(&c);
                        (
                            start + l,
                            if bad_start {
                                "invalid start byte"
                            } else {
                                "invalid continuation byte"
                            },
                        )
                    }
                };
                pos = decode_error(vm, "utf-8", b, start, end, reason, errors, out)?;
            }
        }
    }
    Ok(())
}

fn decode_utf16(
    vm: &mut Vm,
    b: &[u8],
    order: Option<bool>,
    errors: &str,
    out: &mut String,
) -> PyResult<()> {
    let mut pos = 0;
    let be = match order {
        Some(be) => be,
        None => {
            if b.len() >= 2 && b[0] == 0xFF && b[1] == 0xFE {
                pos = 2;
                false
            } else if b.len() >= 2 && b[0] == 0xFE && b[1] == 0xFF {
                pos = 2;
                true
            } else {
                false
            }
        }
    };
    let name = if be { "utf-16-be" } else { "utf-16-le" };
    let unit = |i: usize| -> u32 {
        if be {
            ((b[i] as u32) << 8) | b[i + 1] as u32
        } else {
            ((b[i + 1] as u32) << 8) | b[i] as u32
        }
    };
    let n = b.len();
    while pos < n {
        if pos + 2 > n {
            pos = decode_error(vm, name, b, pos, n, "truncated data", errors, out)?;
            continue;
        }
        let u = unit(pos);
        if !(0xD800..=0xDFFF).contains(&u) {
            out.push(char::from_u32(u).unwrap());
            pos += 2;
        } else if u <= 0xDBFF {
            if pos + 4 > n {
                pos = decode_error(vm, name, b, pos, n, "unexpected end of data", errors, out)?;
                continue;
            }
            let u2 = unit(pos + 2);
            if (0xDC00..=0xDFFF).contains(&u2) {
                let cp = 0x10000 + ((u - 0xD800) << 10) + (u2 - 0xDC00);
                out.push(char::from_u32(cp).unwrap());
                pos += 4;
            } else {
                pos = utf16_surrogate_error(
                    vm,
                    name,
                    b,
                    pos,
                    "illegal UTF-16 surrogate",
                    errors,
                    out,
                )?;
            }
        } else {
            pos = utf16_surrogate_error(vm, name, b, pos, "illegal encoding", errors, out)?;
        }
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn utf16_surrogate_error(
    vm: &mut Vm,
    name: &str,
    b: &[u8],
    pos: usize,
    reason: &str,
    errors: &str,
    out: &mut String,
) -> PyResult<usize> {
    if errors == "surrogatepass" {
        out.push('\u{FFFD}');
        return Ok(pos + 2);
    }
    decode_error(vm, name, b, pos, pos + 2, reason, errors, out)
}

fn decode_utf32(
    vm: &mut Vm,
    b: &[u8],
    order: Option<bool>,
    errors: &str,
    out: &mut String,
) -> PyResult<()> {
    let mut pos = 0;
    let be = match order {
        Some(be) => be,
        None => {
            if b.len() >= 4 && b[..4] == [0xFF, 0xFE, 0, 0] {
                pos = 4;
                false
            } else if b.len() >= 4 && b[..4] == [0, 0, 0xFE, 0xFF] {
                pos = 4;
                true
            } else {
                false
            }
        }
    };
    let name = if be { "utf-32-be" } else { "utf-32-le" };
    let n = b.len();
    while pos < n {
        if pos + 4 > n {
            pos = decode_error(vm, name, b, pos, n, "truncated data", errors, out)?;
            continue;
        }
        let w = [b[pos], b[pos + 1], b[pos + 2], b[pos + 3]];
        let cp = if be {
            u32::from_be_bytes(w)
        } else {
            u32::from_le_bytes(w)
        };
        if cp > 0x10FFFF {
            pos = decode_error(
                vm,
                name,
                b,
                pos,
                pos + 4,
                "code point not in range(0x110000)",
                errors,
                out,
            )?;
        } else if (0xD800..0xE000).contains(&cp) {
            if errors == "surrogatepass" {
                out.push('\u{FFFD}');
                pos += 4;
            } else {
                pos = decode_error(
                    vm,
                    name,
                    b,
                    pos,
                    pos + 4,
                    "code point in surrogate code point range(0xd800, 0xe000)",
                    errors,
                    out,
                )?;
            }
        } else {
            out.push(char::from_u32(cp).unwrap());
            pos += 4;
        }
    }
    Ok(())
}

/// `bytes.decode(encoding, errors)`.
pub fn decode(vm: &mut Vm, b: &[u8], encoding: &str, errors: &str) -> PyResult<String> {
    let codec = match lookup_codec(vm, encoding) {
        Ok(c) => c,
        // Not a native codec: ask the registry (`encodings.search_function`).
        Err(_) => return crate::modules::codecs::registry_decode(vm, b, encoding, errors),
    };
    let mut out = String::with_capacity(b.len());
    match codec {
        Codec::Utf8 => decode_utf8(vm, b, errors, &mut out)?,
        Codec::Utf8Sig => {
            let body = b.strip_prefix(&[0xEF, 0xBB, 0xBF][..]).unwrap_or(b);
            decode_utf8(vm, body, errors, &mut out)?
        }
        Codec::Latin1 => out.extend(b.iter().map(|&x| x as char)),
        Codec::Ascii => {
            let mut pos = 0;
            while pos < b.len() {
                let x = b[pos];
                if x < 128 {
                    out.push(x as char);
                    pos += 1;
                } else {
                    pos = decode_error(
                        vm,
                        "ascii",
                        b,
                        pos,
                        pos + 1,
                        "ordinal not in range(128)",
                        errors,
                        &mut out,
                    )?;
                }
            }
        }
        Codec::Utf16(o) => decode_utf16(vm, b, o, errors, &mut out)?,
        Codec::Utf32(o) => decode_utf32(vm, b, o, errors, &mut out)?,
    }
    Ok(out)
}

/// `\xNN`, `\uNNNN` or `\UNNNNNNNN` for a character (codec messages).
pub fn char_escape(c: char) -> String {
    let cp = c as u32;
    if cp <= 0xFF {
        format!("\\x{:02x}", cp)
    } else if cp <= 0xFFFF {
        format!("\\u{:04x}", cp)
    } else {
        format!("\\U{:08x}", cp)
    }
}

/// Encodes to a one-byte charset (`limit` 128 or 256).
fn encode_charmap(
    vm: &mut Vm,
    s: &str,
    limit: u32,
    codec: &str,
    errors: &str,
) -> PyResult<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len());
    if s.chars().all(|c| (c as u32) < limit) {
        out.extend(s.chars().map(|c| c as u32 as u8));
        return Ok(out);
    }
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if (c as u32) < limit {
            out.push(c as u32 as u8);
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i + 1;
        while end < chars.len() && (chars[end] as u32) >= limit {
            end += 1;
        }
        check_handler(vm, errors)?;
        let run = &chars[start..end];
        match errors {
            "ignore" => {}
            "replace" => out.extend(run.iter().map(|_| b'?')),
            "backslashreplace" | "namereplace" => {
                for &c in run {
                    out.extend_from_slice(char_escape(c).as_bytes());
                }
            }
            "xmlcharrefreplace" => {
                for &c in run {
                    out.extend_from_slice(format!("&#{};", c as u32).as_bytes());
                }
            }
            _ => {
                let reason = format!("ordinal not in range({})", limit);
                let _ = c;
                let obj = vm.new_str(s);
                return Err(crate::builtins::exceptions::unicode_error(
                    vm,
                    &UNICODE_ENCODE_ERROR_TYPE,
                    codec,
                    obj,
                    start,
                    end,
                    &reason,
                ));
            }
        }
        i = end;
    }
    Ok(out)
}

/// `str.encode(encoding, errors)`.
pub fn encode(vm: &mut Vm, s: &str, encoding: &str, errors: &str) -> PyResult<Vec<u8>> {
    let codec = match lookup_codec(vm, encoding) {
        Ok(c) => c,
        Err(_) => return crate::modules::codecs::registry_encode(vm, s, encoding, errors),
    };
    Ok(match codec {
        Codec::Utf8 => s.as_bytes().to_vec(),
        Codec::Utf8Sig => {
            let mut v = vec![0xEF, 0xBB, 0xBF];
            v.extend_from_slice(s.as_bytes());
            v
        }
        Codec::Ascii => encode_charmap(vm, s, 128, "ascii", errors)?,
        Codec::Latin1 => encode_charmap(vm, s, 256, "latin-1", errors)?,
        Codec::Utf16(o) => {
            let mut v = Vec::with_capacity(s.len() * 2 + 2);
            let be = o.unwrap_or(false);
            if o.is_none() {
                v.extend_from_slice(&[0xFF, 0xFE]);
            }
            for u in s.encode_utf16() {
                v.extend_from_slice(&if be { u.to_be_bytes() } else { u.to_le_bytes() });
            }
            v
        }
        Codec::Utf32(o) => {
            let mut v = Vec::with_capacity(s.len() * 4 + 4);
            let be = o.unwrap_or(false);
            if o.is_none() {
                v.extend_from_slice(&[0xFF, 0xFE, 0, 0]);
            }
            for c in s.chars() {
                let u = c as u32;
                v.extend_from_slice(&if be { u.to_be_bytes() } else { u.to_le_bytes() });
            }
            v
        }
    })
}

// ---------------------------------------------------------------------------
// %-formatting
// ---------------------------------------------------------------------------

/// A resolved numeric argument.
enum Num {
    Int(Int),
    Float(f64),
    Other,
}

/// Does the type take part in the number protocol (`PyNumber_Check`)?
fn number_check(v: &Value) -> bool {
    let t = v.type_of();
    to_int(v).is_some()
        || to_float(v).is_some()
        || downcast::<ComplexData>(v).is_some()
        || lookup(t, "__index__").is_some()
        || lookup(t, "__int__").is_some()
        || lookup(t, "__float__").is_some()
}

/// Any TypeError becomes `Other` (CPython reports the format's own
/// message then).
fn type_error_to_other(vm: &mut Vm, r: PyResult<Num>) -> PyResult<Num> {
    match r {
        Err(e) if vm.err_matches(&e, &TYPE_ERROR_TYPE) => Ok(Num::Other),
        r => r,
    }
}

fn num_for_int_conv(vm: &mut Vm, v: &Value, conv: char) -> PyResult<Num> {
    if let Some(i) = to_int(v) {
        return Ok(Num::Int(i));
    }
    if let Some(f) = to_float(v) {
        return Ok(Num::Float(f));
    }
    if !number_check(v) {
        return Ok(Num::Other);
    }
    let r = if matches!(conv, 'o' | 'x' | 'X') {
        vm.index(v).map(Num::Int)
    } else {
        (|| {
            for m in ["__int__", "__index__"] {
                if lookup(v.type_of(), m).is_some() {
                    let r = vm.call_special(v, m, &[])?.unwrap();
                    return match to_int(&r) {
                        Some(i) => Ok(Num::Int(i)),
                        None => Err(vm.type_error(format!(
                            "{} returned non-int (type {})",
                            m,
                            r.type_of().name()
                        ))),
                    };
                }
            }
            Ok(Num::Other)
        })()
    };
    type_error_to_other(vm, r)
}

fn num_for_float_conv(vm: &mut Vm, v: &Value) -> PyResult<Num> {
    if let Some(f) = to_float(v) {
        return Ok(Num::Float(f));
    }
    if let Some(i) = to_int(v) {
        return Ok(Num::Int(i));
    }
    if lookup(v.type_of(), "__float__").is_some() {
        let r = vm.call_special(v, "__float__", &[])?.unwrap();
        return match to_float(&r) {
            Some(f) => Ok(Num::Float(f)),
            None => {
                let msg = format!(
                    "{}.__float__ returned non-float (type {})",
                    v.type_of().name(),
                    r.type_of().name()
                );
                Err(vm.type_error(msg))
            }
        };
    }
    if lookup(v.type_of(), "__index__").is_some() {
        return Ok(Num::Int(vm.index(v)?));
    }
    Ok(Num::Other)
}

/// The argument cursor of `PyUnicode_Format` / `_PyBytes_FormatEx`.
struct ArgState {
    args: Value,
    /// -1: a single (non-tuple) argument.
    arglen: i64,
    argidx: i64,
}

impl ArgState {
    fn next(&mut self, vm: &mut Vm) -> PyResult<Value> {
        if self.argidx < self.arglen {
            let i = self.argidx;
            self.argidx += 1;
            if self.arglen < 0 {
                return Ok(self.args.clone());
            }
            return Ok(downcast::<TupleData>(&self.args).unwrap().items[i as usize].clone());
        }
        Err(vm.type_error("not enough arguments for format string"))
    }
}

/// `*` width or precision.
fn star_arg(vm: &mut Vm, st: &mut ArgState) -> PyResult<i64> {
    let v = st.next(vm)?;
    match to_int(&v) {
        Some(i) => Ok(i.to_i64().unwrap_or(if i.is_negative() {
            i64::MIN + 1
        } else {
            i64::MAX
        })),
        None => Err(vm.type_error("* wants int")),
    }
}

/// The shared driver: `fmt` is the format as text (for bytes: its latin-1
/// decoding, so each char is one byte), the result likewise.
fn percent_core(vm: &mut Vm, fmt: &str, args: &Value, bytes_mode: bool) -> PyResult<String> {
    let is_tuple = downcast::<TupleData>(args).is_some();
    let mut st = ArgState {
        args: args.clone(),
        arglen: if is_tuple {
            downcast::<TupleData>(args).unwrap().items.len() as i64
        } else {
            -1
        },
        argidx: if is_tuple { 0 } else { -2 },
    };
    let excluded = downcast::<StrData>(args).is_some() || (bytes_mode && as_bytes(args).is_some());
    let dict = if !is_tuple && !excluded && lookup(args.type_of(), "__getitem__").is_some() {
        Some(args.clone())
    } else {
        None
    };
    let mut out = String::with_capacity(fmt.len() + 16);
    for piece in PercentParser::new(fmt) {
        let piece = piece.map_err(|e| vm.format_err(e))?;
        let conv = match piece {
            PercentPiece::Literal(s) => {
                out.push_str(s);
                continue;
            }
            PercentPiece::Conversion(c) => c,
        };
        if let Some(key) = &conv.key {
            let Some(d) = &dict else {
                return Err(vm.type_error("format requires a mapping"));
            };
            let k = if bytes_mode {
                vm.new_bytes(key.chars().map(|c| c as u32 as u8).collect())
            } else {
                vm.new_str(key)
            };
            let d = d.clone();
            st.args = vm.getitem(&d, &k)?;
            st.arglen = -1;
            st.argidx = -2;
        }
        let mut flags = conv.flags;
        let width = match conv.width {
            PercentCount::None => None,
            PercentCount::Value(w) => Some(w),
            PercentCount::Star => {
                let w = star_arg(vm, &mut st)?;
                if w < 0 {
                    flags.ljust = true;
                }
                Some(w.unsigned_abs().min(isize::MAX as u64) as usize)
            }
        };
        let precision = match conv.precision {
            PercentCount::None => None,
            PercentCount::Value(p) => Some(p),
            PercentCount::Star => Some(star_arg(vm, &mut st)?.clamp(0, i32::MAX as i64) as usize),
        };
        let v = st.next(vm)?;
        let tn = v.type_of().name_cow();
        let mut c = conv.conversion;
        if bytes_mode && c == 'i' {
            // _PyBytes_FormatEx treats %i as %d (also in messages).
            c = 'd';
        }
        let text: String;
        let num: Num;
        let arg: PercentArg = match c {
            's' | 'b' if bytes_mode => {
                let b = match as_bytes(&v) {
                    Some(b) => b,
                    None => {
                        if lookup(v.type_of(), "__bytes__").is_some() {
                            let r = vm.call_special(&v, "__bytes__", &[])?.unwrap();
                            match downcast::<BytesData>(&r) {
                                Some(b) => b.b.to_vec(),
                                None => {
                                    return Err(vm.type_error(format!(
                                        "__bytes__ returned non-bytes (type {})",
                                        r.type_of().name()
                                    )))
                                }
                            }
                        } else {
                            let msg = format!("%b requires a bytes-like object, or an object that implements __bytes__, not '{}'", tn);
                            return Err(vm.type_error(msg));
                        }
                    }
                };
                c = 's';
                text = b.iter().map(|&x| x as char).collect();
                PercentArg::Str(&text)
            }
            's' => {
                let s = vm.to_str(&v)?;
                text = str_of(&s).to_string();
                PercentArg::Str(&text)
            }
            'r' | 'a' => {
                let r = vm.repr(&v)?;
                text = if c == 'a' || bytes_mode {
                    ascii_escape(&r)
                } else {
                    r
                };
                PercentArg::Str(&text)
            }
            'c' if bytes_mode => {
                let byte = if let Some(b) = as_bytes(&v) {
                    if b.len() == 1 {
                        Some(b[0])
                    } else {
                        None
                    }
                } else if to_int(&v).is_some() || lookup(v.type_of(), "__index__").is_some() {
                    let i = vm.index(&v)?;
                    match i.to_i64() {
                        Some(x) if (0..256).contains(&x) => Some(x as u8),
                        _ => return Err(vm.overflow_error("%c arg not in range(256)")),
                    }
                } else {
                    None
                };
                let Some(byte) = byte else {
                    return Err(
                        vm.type_error("%c requires an integer in range(256) or a single byte")
                    );
                };
                text = (byte as char).to_string();
                PercentArg::Str(&text)
            }
            'c' => {
                if let Some(s) = downcast::<StrData>(&v) {
                    text = s.s.to_string();
                    PercentArg::Str(&text)
                } else if to_int(&v).is_some() || lookup(v.type_of(), "__index__").is_some() {
                    num = match vm.index(&v) {
                        Ok(i) => Num::Int(i),
                        Err(e) if vm.err_matches(&e, &TYPE_ERROR_TYPE) => Num::Other,
                        Err(e) => return Err(e),
                    };
                    match &num {
                        Num::Int(i) => PercentArg::Int(i),
                        _ => PercentArg::Other,
                    }
                } else {
                    PercentArg::Other
                }
            }
            'd' | 'i' | 'u' | 'o' | 'x' | 'X' => {
                num = num_for_int_conv(vm, &v, c)?;
                match &num {
                    Num::Int(i) => PercentArg::Int(i),
                    Num::Float(f) => PercentArg::Float(*f),
                    Num::Other => PercentArg::Other,
                }
            }
            'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
                num = num_for_float_conv(vm, &v)?;
                if bytes_mode && matches!(num, Num::Other) {
                    return Err(vm.type_error(format!("float argument required, not {}", tn)));
                }
                match &num {
                    Num::Int(i) => PercentArg::Int(i),
                    Num::Float(f) => PercentArg::Float(*f),
                    Num::Other => PercentArg::Other,
                }
            }
            _ => PercentArg::Other,
        };
        let s = format_percent(c, conv.index, flags, width, precision, arg, &tn)
            .map_err(|e| vm.format_err(e))?;
        out.push_str(&s);
    }
    if st.argidx < st.arglen && dict.is_none() {
        return Err(vm.type_error("not all arguments converted during string formatting"));
    }
    Ok(out)
}

/// `fmt % args` for str.
pub fn percent_format(vm: &mut Vm, fmt: &str, args: &Value) -> PyResult<String> {
    percent_core(vm, fmt, args, false)
}

/// `fmt % args` for bytes and bytearray.
pub fn bytes_percent_format(vm: &mut Vm, fmt: &[u8], args: &Value) -> PyResult<Vec<u8>> {
    let text: String = fmt.iter().map(|&x| x as char).collect();
    let r = percent_core(vm, &text, args, true)?;
    Ok(r.chars().map(|c| c as u32 as u8).collect())
}
