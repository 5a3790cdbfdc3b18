//! `_codecs`: the codec registry (`register`, `lookup`, `encode`,
//! `decode`, error handlers) and the native codecs that `Lib/encodings/`
//! wraps: utf-8, latin-1, ascii, utf-16/32 (with byte order variants),
//! unicode_escape, raw_unicode_escape, escape_encode/escape_decode and the
//! charmap codecs (`cp1252` and the other table-driven encodings).
//!
//! The registry's state (search functions, cache, error handlers) lives
//! in the module's namespace as `_search_path`, `_cache` and `_errors`.
//! `str.encode`/`bytes.decode` fall back to it ([`registry_encode`],
//! [`registry_decode`]) for encodings they do not know natively.
//!
//! The codecs themselves reuse `builtins::bytes::{encode, decode}`, and so
//! their error handlers (strict, ignore, replace, backslashreplace,
//! surrogateescape, surrogatepass, xmlcharrefreplace, namereplace).

use crate::builtins::bind;
use crate::objects::*;
use crate::types::*;
use crate::value::Value;
use crate::vm::new::new_int_i64;
use crate::vm::{str_of, Args, PyResult, Vm};

pub fn init(vm: &mut Vm) -> PyResult<Value> {
    let m = vm.new_module("_codecs")?;
    crate::modules::add_functions(
        vm,
        &m,
        "_codecs",
        &[
            ("register", c_register),
            ("unregister", c_unregister),
            ("lookup", c_lookup),
            ("encode", c_encode),
            ("decode", c_decode),
            ("_forget_codec", c_forget),
            ("lookup_error", c_lookup_error),
            ("register_error", c_register_error),
            ("utf_8_encode", utf_8_encode),
            ("utf_8_decode", utf_8_decode),
            ("latin_1_encode", latin_1_encode),
            ("latin_1_decode", latin_1_decode),
            ("ascii_encode", ascii_encode),
            ("ascii_decode", ascii_decode),
            ("utf_16_encode", utf_16_encode),
            ("utf_16_decode", utf_16_decode),
            ("utf_16_le_encode", utf_16_le_encode),
            ("utf_16_le_decode", utf_16_le_decode),
            ("utf_16_be_encode", utf_16_be_encode),
            ("utf_16_be_decode", utf_16_be_decode),
            ("utf_16_ex_decode", utf_16_ex_decode),
            ("utf_32_encode", utf_32_encode),
            ("utf_32_decode", utf_32_decode),
            ("utf_32_le_encode", utf_32_le_encode),
            ("utf_32_le_decode", utf_32_le_decode),
            ("utf_32_be_encode", utf_32_be_encode),
            ("utf_32_be_decode", utf_32_be_decode),
            ("utf_32_ex_decode", utf_32_ex_decode),
            ("unicode_escape_encode", unicode_escape_encode),
            ("unicode_escape_decode", unicode_escape_decode),
            ("raw_unicode_escape_encode", raw_unicode_escape_encode),
            ("raw_unicode_escape_decode", raw_unicode_escape_decode),
            ("escape_encode", escape_encode),
            ("escape_decode", escape_decode),
            ("charmap_encode", charmap_encode),
            ("charmap_decode", charmap_decode),
            ("charmap_build", charmap_build),
            ("readbuffer_encode", readbuffer_encode),
            ("strict_errors", h_strict),
            ("ignore_errors", h_ignore),
            ("replace_errors", h_replace),
            ("xmlcharrefreplace_errors", h_xmlcharref),
            ("backslashreplace_errors", h_backslash),
            ("namereplace_errors", h_backslash),
            ("surrogateescape_errors", h_strict),
            ("surrogatepass_errors", h_strict),
        ],
    )?;
    let sp = vm.new_list(vec![]);
    crate::modules::set_attr(vm, &m, "_search_path", sp)?;
    let cache = vm.new_dict();
    crate::modules::set_attr(vm, &m, "_cache", cache)?;
    let errs = vm.new_dict();
    for (name, f) in [
        ("strict", "strict_errors"),
        ("ignore", "ignore_errors"),
        ("replace", "replace_errors"),
        ("xmlcharrefreplace", "xmlcharrefreplace_errors"),
        ("backslashreplace", "backslashreplace_errors"),
        ("namereplace", "namereplace_errors"),
        ("surrogateescape", "surrogateescape_errors"),
        ("surrogatepass", "surrogatepass_errors"),
    ] {
        let fv = vm.get_attr_str(&m, f)?;
        vm.dict_set_str(&errs, name, fv)?;
    }
    crate::modules::set_attr(vm, &m, "_errors", errs)?;
    Ok(m)
}

fn module(vm: &mut Vm) -> PyResult<Value> {
    crate::import::import_module(vm, "_codecs")
}

fn state(vm: &mut Vm, name: &str) -> PyResult<Value> {
    let m = module(vm)?;
    vm.get_attr_str(&m, name)
}

fn normalize(enc: &str) -> String {
    enc.chars()
        .map(|c| {
            if c == ' ' {
                '_'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect()
}

fn c_register(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("register", &a, 1, 1)?;
    if !crate::builtins::module::is_callable(&a.args[0]) {
        return Err(vm.type_error("argument must be callable"));
    }
    let sp = state(vm, "_search_path")?;
    if let Some(l) = downcast::<ListData>(&sp) {
        l.items.borrow_mut().push(a.args[0].clone());
    }
    Ok(Value::none())
}

fn c_unregister(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("unregister", &a, 1, 1)?;
    let sp = state(vm, "_search_path")?;
    if let Some(l) = downcast::<ListData>(&sp) {
        l.items.borrow_mut().retain(|f| !f.is(a.args[0].borrow()));
    }
    let cache = state(vm, "_cache")?;
    if let Some(d) = downcast::<DictData>(&cache) {
        d.table.borrow_mut().clear();
    }
    Ok(Value::none())
}

fn c_forget(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("_forget_codec", &a, 1, 1)?;
    let cache = state(vm, "_cache")?;
    let k = vm.new_str(&normalize(str_of(&a.args[0])));
    let _ = vm.delitem(&cache, k);
    Ok(Value::none())
}

/// `codecs.lookup(encoding)`: the `CodecInfo` from the registry.
pub fn lookup(vm: &mut Vm, encoding: &str) -> PyResult<Value> {
    let norm = normalize(encoding);
    let cache = state(vm, "_cache")?;
    let key = vm.new_str(&norm);
    if let Some(v) = vm.dict_get(&cache, &key)? {
        return Ok(v);
    }
    let sp = state(vm, "_search_path")?;
    if downcast::<ListData>(&sp).map_or(true, |l| l.items.borrow().is_empty()) {
        crate::import::import_module(vm, "encodings")?;
    }
    let funcs = downcast::<ListData>(&sp)
        .map(|l| l.items.borrow().clone())
        .unwrap_or_default();
    for f in funcs {
        let r = vm.call1(&f, key.clone())?;
        if r.is_none() {
            continue;
        }
        let ok = downcast::<TupleData>(&r).map_or(false, |t| t.items.len() == 4);
        if !ok {
            return Err(vm.type_error("codec search functions must return 4-tuples"));
        }
        vm.dict_set(&cache, key, r.clone())?;
        return Ok(r);
    }
    Err(vm.new_exc(
        &LOOKUP_ERROR_TYPE,
        format!("unknown encoding: {}", encoding),
    ))
}

fn c_lookup(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("lookup", &a, 1, 1)?;
    if downcast::<StrData>(&a.args[0]).is_none() {
        return Err(vm.type_error(format!(
            "lookup() argument must be str, not {}",
            a.args[0].type_of().name()
        )));
    }
    lookup(vm, str_of(&a.args[0]))
}

fn codec_call(
    vm: &mut Vm,
    obj: Value,
    encoding: &str,
    errors: &str,
    idx: usize,
    what: &str,
) -> PyResult<Value> {
    let info = lookup(vm, encoding)?;
    let f = vm.getitem(&info, &new_int_i64(idx as i64))?;
    let e = vm.new_str(errors);
    let r = vm.call(&f, &[obj, e], &[])?;
    match downcast::<TupleData>(&r) {
        Some(t) if t.items.len() == 2 => Ok(t.items[0].clone()),
        _ => Err(vm.type_error(format!("{} must return a tuple (object, integer)", what))),
    }
}

fn enc_err_args(vm: &mut Vm, a: &Args, fname: &str) -> PyResult<(Value, String, String)> {
    let b = bind(vm, a, fname, &["obj", "encoding", "errors"], false)?;
    let obj = match b[0] {
        Some(o) => o.clone(),
        None => {
            return Err(vm.type_error(format!(
                "{}() missing required argument 'obj' (pos 1)",
                fname
            )))
        }
    };
    let enc = b[1]
        .map(|v| str_of(v).to_string())
        .unwrap_or_else(|| "utf-8".into());
    let err = b[2]
        .map(|v| str_of(v).to_string())
        .unwrap_or_else(|| "strict".into());
    Ok((obj, enc, err))
}

fn c_encode(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let (obj, enc, err) = enc_err_args(vm, &a, "encode")?;
    codec_call(vm, obj, &enc, &err, 0, "encoder")
}

fn c_decode(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let (obj, enc, err) = enc_err_args(vm, &a, "decode")?;
    codec_call(vm, obj, &enc, &err, 1, "decoder")
}

/// `str.encode` for an encoding only the registry knows.
pub fn registry_encode(vm: &mut Vm, s: &str, encoding: &str, errors: &str) -> PyResult<Vec<u8>> {
    let sv = vm.new_str(s);
    let r = codec_call(vm, sv, encoding, errors, 0, "encoder")?;
    match crate::builtins::bytes::as_bytes(&r) {
        Some(b) => Ok(b),
        None => Err(vm.type_error(format!("'{}' encoder returned '{}' instead of 'bytes'; use codecs.encode() to encode to arbitrary types", encoding, r.type_of().name()))),
    }
}

/// `bytes.decode` for an encoding only the registry knows.
pub fn registry_decode(vm: &mut Vm, b: &[u8], encoding: &str, errors: &str) -> PyResult<String> {
    let bv = vm.new_bytes(b.to_vec());
    let r = codec_call(vm, bv, encoding, errors, 1, "decoder")?;
    match downcast::<StrData>(&r) {
        Some(s) => Ok(s.s.to_string()),
        None => Err(vm.type_error(format!("'{}' decoder returned '{}' instead of 'str'; use codecs.decode() to decode to arbitrary types", encoding, r.type_of().name()))),
    }
}

fn c_lookup_error(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("lookup_error", &a, 1, 1)?;
    let errs = state(vm, "_errors")?;
    match vm.dict_get(&errs, &a.args[0])? {
        Some(h) => Ok(h),
        None => Err(vm.new_exc(
            &LOOKUP_ERROR_TYPE,
            format!("unknown error handler name '{}'", str_of(&a.args[0])),
        )),
    }
}

fn c_register_error(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("register_error", &a, 2, 2)?;
    if !crate::builtins::module::is_callable(&a.args[1]) {
        return Err(vm.type_error("handler must be callable"));
    }
    let errs = state(vm, "_errors")?;
    vm.dict_set(&errs, a.args[0].clone(), a.args[1].clone())?;
    Ok(Value::none())
}

// ---- error handler functions (on Unicode*Error instances) ----

fn exc_fields(vm: &mut Vm, a: &Args) -> PyResult<(Value, Value, usize, usize)> {
    vm.check_args("handler", a, 1, 1)?;
    let e = a.args[0].clone();
    if !crate::vm::class::is_instance(&e, &UNICODE_ERROR_TYPE) {
        return Err(vm.type_error(format!(
            "don't know how to handle {} in error callback",
            e.type_of().name()
        )));
    }
    let obj = vm.get_attr_str(&e, "object")?;
    let s = vm.get_attr_str(&e, "start")?;
    let en = vm.get_attr_str(&e, "end")?;
    let (s, en) = (vm.index_i64(&s)? as usize, vm.index_i64(&en)? as usize);
    Ok((e, obj, s, en))
}

fn h_strict(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("strict_errors", &a, 1, 1)?;
    if crate::vm::class::is_instance(&a.args[0], &BASE_EXCEPTION_TYPE) {
        return Err(crate::vm::PyErr(a.args[0].clone()));
    }
    Err(vm.type_error("codec must pass exception instance"))
}

fn h_result(vm: &mut Vm, s: String, end: usize) -> Value {
    let sv = vm.new_str_owned(s);
    vm.new_tuple(vec![sv, new_int_i64(end as i64)])
}

fn h_ignore(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let (_, _, _, end) = exc_fields(vm, &a)?;
    Ok(h_result(vm, String::new(), end))
}

fn h_replace(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let (e, _, s, end) = exc_fields(vm, &a)?;
    let r = if crate::vm::class::is_instance(&e, &UNICODE_DECODE_ERROR_TYPE) {
        "\u{FFFD}".to_string()
    } else {
        let c = if crate::vm::class::is_instance(&e, &UNICODE_ENCODE_ERROR_TYPE) {
            '?'
        } else {
            '\u{FFFD}'
        };
        std::iter::repeat(c).take(end.saturating_sub(s)).collect()
    };
    Ok(h_result(vm, r, end))
}

fn chars_of(obj: &Value, s: usize, e: usize) -> Vec<char> {
    str_of(obj)
        .chars()
        .skip(s)
        .take(e.saturating_sub(s))
        .collect()
}

fn h_xmlcharref(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let (e, obj, s, end) = exc_fields(vm, &a)?;
    if !crate::vm::class::is_instance(&e, &UNICODE_ENCODE_ERROR_TYPE) {
        return Err(vm.type_error(format!(
            "don't know how to handle {} in error callback",
            e.type_of().name()
        )));
    }
    let r: String = chars_of(&obj, s, end)
        .iter()
        .map(|c| format!("&#{};", *c as u32))
        .collect();
    Ok(h_result(vm, r, end))
}

fn h_backslash(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let (e, obj, s, end) = exc_fields(vm, &a)?;
    let r: String = if let Some(b) = crate::builtins::bytes::as_bytes(&obj) {
        b[s.min(b.len())..end.min(b.len())]
            .iter()
            .map(|x| format!("\\x{:02x}", x))
            .collect()
    } else {
        let _ = e;
        chars_of(&obj, s, end)
            .iter()
            .map(|&c| char_escape(c))
            .collect()
    };
    Ok(h_result(vm, r, end))
}

fn char_escape(c: char) -> String {
    let cp = c as u32;
    if cp <= 0xFF {
        format!("\\x{:02x}", cp)
    } else if cp <= 0xFFFF {
        format!("\\u{:04x}", cp)
    } else {
        format!("\\U{:08x}", cp)
    }
}

// ---- argument helpers ----

fn str_arg(vm: &mut Vm, v: Option<&Value>, fname: &str) -> PyResult<String> {
    match v {
        Some(v) if downcast::<StrData>(v).is_some() => Ok(str_of(v).to_string()),
        Some(v) => Err(vm.type_error(format!(
            "{}() argument 1 must be str, not {}",
            fname,
            v.type_of().name()
        ))),
        None => Err(vm.type_error(format!("{}() missing required argument (pos 1)", fname))),
    }
}

fn bytes_arg(vm: &mut Vm, v: Option<&Value>, fname: &str) -> PyResult<Vec<u8>> {
    match v {
        Some(v) => {
            if let Some(b) = crate::builtins::bytes::as_bytes(v)
                .or_else(|| crate::modules::memoryview::bytes_of(v))
            {
                return Ok(b);
            }
            Err(vm.type_error(format!(
                "a bytes-like object is required, not '{}'",
                v.type_of().name()
            )))
        }
        None => Err(vm.type_error(format!("{}() missing required argument (pos 1)", fname))),
    }
}

fn errors_arg(v: Option<&Value>) -> String {
    match v {
        Some(v) if !v.is_none() => str_of(v).to_string(),
        _ => "strict".to_string(),
    }
}

fn truthy(vm: &mut Vm, v: Option<&Value>) -> PyResult<bool> {
    match v {
        Some(v) => vm.truthy(v),
        None => Ok(false),
    }
}

fn enc_result(vm: &mut Vm, b: Vec<u8>, n: usize) -> Value {
    let bv = vm.new_bytes(b);
    vm.new_tuple(vec![bv, new_int_i64(n as i64)])
}

fn dec_result(vm: &mut Vm, s: String, n: usize) -> Value {
    let sv = vm.new_str_owned(s);
    vm.new_tuple(vec![sv, new_int_i64(n as i64)])
}

fn simple_encode(vm: &mut Vm, a: Args, fname: &str, enc: &str) -> PyResult<Value> {
    let b = bind(vm, &a, fname, &["str", "errors"], false)?;
    let s = str_arg(vm, b[0], fname)?;
    let e = errors_arg(b[1]);
    let out = crate::builtins::bytes::encode(vm, &s, enc, &e)?;
    let n = s.chars().count();
    Ok(enc_result(vm, out, n))
}

/// How many bytes at the end of `b` form an incomplete sequence of `enc`
/// (kept for the next call when decoding is not final).
fn incomplete_tail(b: &[u8], enc: &str) -> usize {
    match enc {
        "utf-8" => {
            // Look back at most 3 bytes for a lead byte whose sequence is cut.
            for back in 1..=3.min(b.len()) {
                let x = b[b.len() - back];
                if x & 0xC0 == 0x80 {
                    continue;
                }
                let need = if x >= 0xF0 && x <= 0xF4 {
                    4
                } else if x >= 0xE0 {
                    3
                } else if x >= 0xC2 && x < 0xE0 {
                    2
                } else {
                    1
                };
                return if need > back { back } else { 0 };
            }
            0
        }
        "utf-16-le" | "utf-16-be" | "utf-16" => {
            let mut t = b.len() % 2;
            let n = b.len() - t;
            if n >= 2 {
                let u = if enc == "utf-16-be" {
                    u16::from_be_bytes([b[n - 2], b[n - 1]])
                } else {
                    u16::from_le_bytes([b[n - 2], b[n - 1]])
                };
                if (0xD800..0xDC00).contains(&u) {
                    t += 2;
                }
            }
            t
        }
        _ => b.len() % 4,
    }
}

fn simple_decode(vm: &mut Vm, a: Args, fname: &str, enc: &str) -> PyResult<Value> {
    let b = bind(vm, &a, fname, &["data", "errors", "final"], false)?;
    let data = bytes_arg(vm, b[0], fname)?;
    let e = errors_arg(b[1]);
    let fin = if enc == "latin-1" || enc == "ascii" {
        true
    } else {
        truthy(vm, b[2])?
    };
    let n = if fin {
        data.len()
    } else {
        data.len() - incomplete_tail(&data, enc)
    };
    let s = crate::builtins::bytes::decode(vm, &data[..n], enc, &e)?;
    Ok(dec_result(vm, s, n))
}

fn utf_8_encode(vm: &mut Vm, a: Args) -> PyResult<Value> {
    simple_encode(vm, a, "utf_8_encode", "utf-8")
}
fn utf_8_decode(vm: &mut Vm, a: Args) -> PyResult<Value> {
    simple_decode(vm, a, "utf_8_decode", "utf-8")
}
fn latin_1_encode(vm: &mut Vm, a: Args) -> PyResult<Value> {
    simple_encode(vm, a, "latin_1_encode", "latin-1")
}
fn latin_1_decode(vm: &mut Vm, a: Args) -> PyResult<Value> {
    simple_decode(vm, a, "latin_1_decode", "latin-1")
}
fn ascii_encode(vm: &mut Vm, a: Args) -> PyResult<Value> {
    simple_encode(vm, a, "ascii_encode", "ascii")
}
fn ascii_decode(vm: &mut Vm, a: Args) -> PyResult<Value> {
    simple_decode(vm, a, "ascii_decode", "ascii")
}
fn utf_16_le_encode(vm: &mut Vm, a: Args) -> PyResult<Value> {
    simple_encode(vm, a, "utf_16_le_encode", "utf-16-le")
}
fn utf_16_le_decode(vm: &mut Vm, a: Args) -> PyResult<Value> {
    simple_decode(vm, a, "utf_16_le_decode", "utf-16-le")
}
fn utf_16_be_encode(vm: &mut Vm, a: Args) -> PyResult<Value> {
    simple_encode(vm, a, "utf_16_be_encode", "utf-16-be")
}
fn utf_16_be_decode(vm: &mut Vm, a: Args) -> PyResult<Value> {
    simple_decode(vm, a, "utf_16_be_decode", "utf-16-be")
}
fn utf_32_le_encode(vm: &mut Vm, a: Args) -> PyResult<Value> {
    simple_encode(vm, a, "utf_32_le_encode", "utf-32-le")
}
fn utf_32_le_decode(vm: &mut Vm, a: Args) -> PyResult<Value> {
    simple_decode(vm, a, "utf_32_le_decode", "utf-32-le")
}
fn utf_32_be_encode(vm: &mut Vm, a: Args) -> PyResult<Value> {
    simple_encode(vm, a, "utf_32_be_encode", "utf-32-be")
}
fn utf_32_be_decode(vm: &mut Vm, a: Args) -> PyResult<Value> {
    simple_decode(vm, a, "utf_32_be_decode", "utf-32-be")
}

fn bom_encode(vm: &mut Vm, a: Args, fname: &str, w: usize) -> PyResult<Value> {
    let b = bind(vm, &a, fname, &["str", "errors", "byteorder"], false)?;
    let s = str_arg(vm, b[0], fname)?;
    let e = errors_arg(b[1]);
    let bo = match b[2] {
        Some(v) => vm.index_i64(v)?,
        None => 0,
    };
    let enc = match (w, bo) {
        (2, 0) => "utf-16",
        (2, x) if x < 0 => "utf-16-le",
        (2, _) => "utf-16-be",
        (_, 0) => "utf-32",
        (_, x) if x < 0 => "utf-32-le",
        _ => "utf-32-be",
    };
    let out = crate::builtins::bytes::encode(vm, &s, enc, &e)?;
    let n = s.chars().count();
    Ok(enc_result(vm, out, n))
}

fn utf_16_encode(vm: &mut Vm, a: Args) -> PyResult<Value> {
    bom_encode(vm, a, "utf_16_encode", 2)
}
fn utf_32_encode(vm: &mut Vm, a: Args) -> PyResult<Value> {
    bom_encode(vm, a, "utf_32_encode", 4)
}

/// Decodes with a byte order: 0 detects (and strips) a BOM, -1 little,
/// 1 big endian. Returns (text, consumed, detected byte order).
fn ex_decode(
    vm: &mut Vm,
    data: &[u8],
    errors: &str,
    mut bo: i64,
    fin: bool,
    w: usize,
) -> PyResult<(String, usize, i64)> {
    let mut start = 0;
    if bo == 0 {
        if w == 2 && data.len() >= 2 {
            if data[..2] == [0xFF, 0xFE] {
                bo = -1;
                start = 2;
            } else if data[..2] == [0xFE, 0xFF] {
                bo = 1;
                start = 2;
            }
        } else if w == 4 && data.len() >= 4 {
            if data[..4] == [0xFF, 0xFE, 0, 0] {
                bo = -1;
                start = 4;
            } else if data[..4] == [0, 0, 0xFE, 0xFF] {
                bo = 1;
                start = 4;
            }
        } else if !fin {
            return Ok((String::new(), 0, 0));
        }
    }
    let enc = match (w, bo) {
        (2, 1) => "utf-16-be",
        (2, _) => "utf-16-le",
        (_, 1) => "utf-32-be",
        _ => "utf-32-le",
    };
    let body = &data[start..];
    let n = if fin {
        body.len()
    } else {
        body.len() - incomplete_tail(body, enc)
    };
    let s = crate::builtins::bytes::decode(vm, &body[..n], enc, errors)?;
    Ok((s, start + n, bo))
}

fn bom_decode(vm: &mut Vm, a: Args, fname: &str, w: usize) -> PyResult<Value> {
    let b = bind(vm, &a, fname, &["data", "errors", "final"], false)?;
    let data = bytes_arg(vm, b[0], fname)?;
    let e = errors_arg(b[1]);
    let fin = truthy(vm, b[2])?;
    let (s, n, _) = ex_decode(vm, &data, &e, 0, fin, w)?;
    Ok(dec_result(vm, s, n))
}

fn utf_16_decode(vm: &mut Vm, a: Args) -> PyResult<Value> {
    bom_decode(vm, a, "utf_16_decode", 2)
}
fn utf_32_decode(vm: &mut Vm, a: Args) -> PyResult<Value> {
    bom_decode(vm, a, "utf_32_decode", 4)
}

fn ex_decode_fn(vm: &mut Vm, a: Args, fname: &str, w: usize) -> PyResult<Value> {
    let b = bind(
        vm,
        &a,
        fname,
        &["data", "errors", "byteorder", "final"],
        false,
    )?;
    let data = bytes_arg(vm, b[0], fname)?;
    let e = errors_arg(b[1]);
    let bo = match b[2] {
        Some(v) => vm.index_i64(v)?,
        None => 0,
    };
    let fin = truthy(vm, b[3])?;
    let (s, n, bo) = ex_decode(vm, &data, &e, bo, fin, w)?;
    let sv = vm.new_str_owned(s);
    Ok(vm.new_tuple(vec![sv, new_int_i64(n as i64), new_int_i64(bo)]))
}

fn utf_16_ex_decode(vm: &mut Vm, a: Args) -> PyResult<Value> {
    ex_decode_fn(vm, a, "utf_16_ex_decode", 2)
}
fn utf_32_ex_decode(vm: &mut Vm, a: Args) -> PyResult<Value> {
    ex_decode_fn(vm, a, "utf_32_ex_decode", 4)
}

// ---- escape codecs ----

fn unicode_escape_encode(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let b = bind(vm, &a, "unicode_escape_encode", &["str", "errors"], false)?;
    let s = str_arg(vm, b[0], "unicode_escape_encode")?;
    let mut out = Vec::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.extend_from_slice(b"\\\\"),
            '\t' => out.extend_from_slice(b"\\t"),
            '\n' => out.extend_from_slice(b"\\n"),
            '\r' => out.extend_from_slice(b"\\r"),
            ' '..='~' => out.push(c as u8),
            _ => out.extend_from_slice(char_escape(c).as_bytes()),
        }
    }
    let n = s.chars().count();
    Ok(enc_result(vm, out, n))
}

fn raw_unicode_escape_encode(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let b = bind(
        vm,
        &a,
        "raw_unicode_escape_encode",
        &["str", "errors"],
        false,
    )?;
    let s = str_arg(vm, b[0], "raw_unicode_escape_encode")?;
    let mut out = Vec::with_capacity(s.len());
    for c in s.chars() {
        let cp = c as u32;
        if cp < 256 {
            out.push(cp as u8);
        } else if cp <= 0xFFFF {
            out.extend_from_slice(format!("\\u{:04x}", cp).as_bytes());
        } else {
            out.extend_from_slice(format!("\\U{:08x}", cp).as_bytes());
        }
    }
    let n = s.chars().count();
    Ok(enc_result(vm, out, n))
}

fn hexval(b: u8) -> Option<u32> {
    (b as char).to_digit(16)
}

fn escape_err(
    vm: &mut Vm,
    codec: &str,
    data: &[u8],
    start: usize,
    end: usize,
    reason: &str,
) -> crate::vm::PyErr {
    let obj = vm.new_bytes(data.to_vec());
    crate::builtins::exceptions::unicode_error(
        vm,
        &UNICODE_DECODE_ERROR_TYPE,
        codec,
        obj,
        start,
        end,
        reason,
    )
}

/// Decodes `unicode_escape` (`raw`: only `\u`/`\U`, as raw_unicode_escape).
fn decode_escapes(vm: &mut Vm, data: &[u8], errors: &str, raw: bool) -> PyResult<String> {
    let codec = if raw {
        "rawunicodeescape"
    } else {
        "unicodeescape"
    };
    let mut out = String::with_capacity(data.len());
    let mut i = 0;
    while i < data.len() {
        let c = data[i];
        if c != b'\\' {
            out.push(c as char);
            i += 1;
            continue;
        }
        if i + 1 >= data.len() {
            if raw {
                out.push('\\');
                i += 1;
                continue;
            }
            if errors == "strict" {
                return Err(escape_err(
                    vm,
                    codec,
                    data,
                    i,
                    data.len(),
                    "\\ at end of string",
                ));
            }
            if errors == "replace" {
                out.push('\u{FFFD}');
            }
            break;
        }
        let e = data[i + 1];
        if raw && e != b'u' && e != b'U' {
            out.push('\\');
            i += 1;
            continue;
        }
        let (digits, _) = match e {
            b'x' if !raw => (2, 'x'),
            b'u' => (4, 'u'),
            b'U' => (8, 'U'),
            _ => (0, ' '),
        };
        if digits > 0 {
            let start = i;
            let mut v: u32 = 0;
            let mut j = i + 2;
            let mut ok = true;
            while j < i + 2 + digits {
                match data.get(j).and_then(|&b| hexval(b)) {
                    Some(d) => v = v * 16 + d,
                    None => {
                        ok = false;
                        break;
                    }
                }
                j += 1;
            }
            let ch = if ok { char::from_u32(v) } else { None };
            match ch {
                Some(ch) => out.push(ch),
                None => {
                    let reason = if !ok {
                        match e {
                            b'x' => "truncated \\xXX escape",
                            b'u' => "truncated \\uXXXX escape",
                            _ => "truncated \\UXXXXXXXX escape",
                        }
                    } else if v > 0x10FFFF {
                        "illegal Unicode character"
                    } else {
                        // A lone surrogate: U+FFFD stands in (Rust strings).
                        out.push('\u{FFFD}');
                        i = j;
                        continue;
                    };
                    match errors {
                        "ignore" => {}
                        "replace" => out.push('\u{FFFD}'),
                        _ => return Err(escape_err(vm, codec, data, start, j, reason)),
                    }
                }
            }
            i = j;
            continue;
        }
        i += 2;
        match e {
            b'\n' => {}
            b'\\' => out.push('\\'),
            b'\'' => out.push('\''),
            b'"' => out.push('"'),
            b'a' => out.push('\x07'),
            b'b' => out.push('\x08'),
            b'f' => out.push('\x0c'),
            b'n' => out.push('\n'),
            b'r' => out.push('\r'),
            b't' => out.push('\t'),
            b'v' => out.push('\x0b'),
            b'0'..=b'7' => {
                let mut v = (e - b'0') as u32;
                let mut k = 0;
                while k < 2 && i < data.len() && (b'0'..=b'7').contains(&data[i]) {
                    v = v * 8 + (data[i] - b'0') as u32;
                    i += 1;
                    k += 1;
                }
                out.push(char::from_u32(v).unwrap_or('\u{FFFD}'));
            }
            b'N' => {
                // \N{name}: no name table here.
                let close = data[i..].iter().position(|&b| b == b'}');
                match (data.get(i), close) {
                    (Some(b'{'), Some(p)) => {
                        let name = String::from_utf8_lossy(&data[i + 1..i + p]).to_string();
                        match crate::modules::codecs::lookup_name(&name) {
                            Some(ch) => out.push(ch),
                            None => {
                                if errors == "strict" {
                                    return Err(escape_err(
                                        vm,
                                        codec,
                                        data,
                                        i - 2,
                                        i + p + 1,
                                        "unknown Unicode character name",
                                    ));
                                }
                                if errors == "replace" {
                                    out.push('\u{FFFD}');
                                }
                            }
                        }
                        i += p + 1;
                    }
                    _ => {
                        if errors == "strict" {
                            return Err(escape_err(
                                vm,
                                codec,
                                data,
                                i - 2,
                                data.len().min(i + 1),
                                "malformed \\N character escape",
                            ));
                        }
                    }
                }
            }
            _ => {
                out.push('\\');
                out.push(e as char);
            }
        }
    }
    Ok(out)
}

/// A few character names for `\N{...}` (there is no Unicode name table).
pub fn lookup_name(name: &str) -> Option<char> {
    let n = name.to_ascii_uppercase();
    Some(match n.as_str() {
        "SPACE" => ' ',
        "NO-BREAK SPACE" => '\u{a0}',
        "EM DASH" => '\u{2014}',
        "EN DASH" => '\u{2013}',
        "BULLET" => '\u{2022}',
        "EURO SIGN" => '\u{20ac}',
        "HORIZONTAL ELLIPSIS" => '\u{2026}',
        "LEFT DOUBLE QUOTATION MARK" => '\u{201c}',
        "RIGHT DOUBLE QUOTATION MARK" => '\u{201d}',
        "GREEK SMALL LETTER ALPHA" => '\u{3b1}',
        "SNOWMAN" => '\u{2603}',
        _ => {
            if let Some(rest) = n.strip_prefix("LATIN SMALL LETTER ") {
                if rest.len() == 1 {
                    return Some(rest.chars().next()?.to_ascii_lowercase());
                }
            }
            if let Some(rest) = n.strip_prefix("LATIN CAPITAL LETTER ") {
                if rest.len() == 1 {
                    return rest.chars().next();
                }
            }
            if let Some(rest) = n.strip_prefix("DIGIT ") {
                let d = [
                    "ZERO", "ONE", "TWO", "THREE", "FOUR", "FIVE", "SIX", "SEVEN", "EIGHT", "NINE",
                ]
                .iter()
                .position(|x| *x == rest)?;
                return char::from_digit(d as u32, 10);
            }
            return None;
        }
    })
}

fn escape_decoder(vm: &mut Vm, a: Args, fname: &str, raw: bool) -> PyResult<Value> {
    let b = bind(vm, &a, fname, &["data", "errors", "final"], false)?;
    let data = match b[0] {
        Some(v) if downcast::<StrData>(v).is_some() => str_of(v).as_bytes().to_vec(),
        other => bytes_arg(vm, other, fname)?,
    };
    let e = errors_arg(b[1]);
    let s = decode_escapes(vm, &data, &e, raw)?;
    Ok(dec_result(vm, s, data.len()))
}

fn unicode_escape_decode(vm: &mut Vm, a: Args) -> PyResult<Value> {
    escape_decoder(vm, a, "unicode_escape_decode", false)
}

fn raw_unicode_escape_decode(vm: &mut Vm, a: Args) -> PyResult<Value> {
    escape_decoder(vm, a, "raw_unicode_escape_decode", true)
}

fn escape_encode(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let b = bind(vm, &a, "escape_encode", &["data", "errors"], false)?;
    let data = match b[0] {
        Some(v) if downcast::<BytesData>(v).is_some() => {
            crate::builtins::bytes::as_bytes(v).unwrap()
        }
        Some(v) => {
            return Err(vm.type_error(format!(
                "argument 1 must be bytes, not {}",
                v.type_of().name()
            )))
        }
        None => return Err(vm.type_error("escape_encode() missing required argument")),
    };
    let mut out = Vec::with_capacity(data.len());
    for &c in &data {
        match c {
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\'' => out.extend_from_slice(b"\\'"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            0x20..=0x7e => out.push(c),
            _ => out.extend_from_slice(format!("\\x{:02x}", c).as_bytes()),
        }
    }
    Ok(enc_result(vm, out, data.len()))
}

fn escape_decode(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let b = bind(vm, &a, "escape_decode", &["data", "errors"], false)?;
    let data = match b[0] {
        Some(v) if downcast::<StrData>(v).is_some() => str_of(v).as_bytes().to_vec(),
        other => bytes_arg(vm, other, "escape_decode")?,
    };
    let errors = errors_arg(b[1]);
    let mut out = Vec::with_capacity(data.len());
    let mut i = 0;
    while i < data.len() {
        let c = data[i];
        if c != b'\\' {
            out.push(c);
            i += 1;
            continue;
        }
        if i + 1 >= data.len() {
            return Err(vm.value_error("Trailing \\ in string"));
        }
        let e = data[i + 1];
        i += 2;
        match e {
            b'\n' => {}
            b'\\' => out.push(b'\\'),
            b'\'' => out.push(b'\''),
            b'"' => out.push(b'"'),
            b'a' => out.push(7),
            b'b' => out.push(8),
            b'f' => out.push(12),
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b't' => out.push(b'\t'),
            b'v' => out.push(11),
            b'0'..=b'7' => {
                let mut v = (e - b'0') as u32;
                let mut k = 0;
                while k < 2 && i < data.len() && (b'0'..=b'7').contains(&data[i]) {
                    v = v * 8 + (data[i] - b'0') as u32;
                    i += 1;
                    k += 1;
                }
                out.push(v as u8);
            }
            b'x' => {
                let h = data.get(i).and_then(|&b| hexval(b));
                let l = data.get(i + 1).and_then(|&b| hexval(b));
                match (h, l) {
                    (Some(h), Some(l)) => {
                        out.push((h * 16 + l) as u8);
                        i += 2;
                    }
                    _ => match errors.as_str() {
                        "ignore" => {}
                        "replace" => out.push(b'?'),
                        _ => {
                            return Err(
                                vm.value_error(format!("invalid \\x escape at position {}", i - 2))
                            )
                        }
                    },
                }
            }
            _ => {
                out.push(b'\\');
                out.push(e);
            }
        }
    }
    let n = data.len();
    let bv = vm.new_bytes(out);
    Ok(vm.new_tuple(vec![bv, new_int_i64(n as i64)]))
}

fn readbuffer_encode(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let b = bind(vm, &a, "readbuffer_encode", &["data", "errors"], false)?;
    let data = match b[0] {
        Some(v) if downcast::<StrData>(v).is_some() => str_of(v).as_bytes().to_vec(),
        other => bytes_arg(vm, other, "readbuffer_encode")?,
    };
    let n = data.len();
    Ok(enc_result(vm, data, n))
}

// ---- charmap ----

/// `charmap_build(decoding_table)`: the encoding map, as a dict
/// {code point: byte}.
fn charmap_build(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("charmap_build", &a, 1, 1)?;
    let s = str_arg(vm, a.args.first(), "charmap_build")?;
    let d = vm.new_dict();
    for (i, c) in s.chars().enumerate() {
        if c == '\u{FFFE}' {
            continue;
        }
        vm.dict_set(&d, new_int_i64(c as i64), new_int_i64(i as i64))?;
    }
    Ok(d)
}

fn charmap_decode(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let b = bind(
        vm,
        &a,
        "charmap_decode",
        &["data", "errors", "mapping"],
        false,
    )?;
    let data = bytes_arg(vm, b[0], "charmap_decode")?;
    let errors = errors_arg(b[1]);
    let mapping = b[2].cloned().unwrap_or_else(Value::none);
    if mapping.is_none() {
        let s = crate::builtins::bytes::decode(vm, &data, "latin-1", &errors)?;
        let n = data.len();
        return Ok(dec_result(vm, s, n));
    }
    let table: Option<Vec<char>> = downcast::<StrData>(&mapping).map(|s| s.s.chars().collect());
    let mut out = String::with_capacity(data.len());
    for (i, &x) in data.iter().enumerate() {
        let mapped: Option<String> = match &table {
            Some(t) => t
                .get(x as usize)
                .filter(|&&c| c != '\u{FFFE}')
                .map(|c| c.to_string()),
            None => {
                let r = vm.getitem(&mapping, &new_int_i64(x as i64));
                match r {
                    Ok(v) if v.is_none() => None,
                    Ok(v) => {
                        if let Some(s) = downcast::<StrData>(&v) {
                            if s.s.as_ref() == "\u{FFFE}" {
                                None
                            } else {
                                Some(s.s.to_string())
                            }
                        } else if let Some(cp) = v.as_i64() {
                            match char::from_u32(cp as u32) {
                                Some(c) if cp >= 0 && cp != 0xFFFE => Some(c.to_string()),
                                _ => {
                                    if cp == 0xFFFE {
                                        None
                                    } else {
                                        return Err(vm.type_error(
                                            "character mapping must be in range(0x110000)",
                                        ));
                                    }
                                }
                            }
                        } else {
                            return Err(
                                vm.type_error("character mapping must return integer, None or str")
                            );
                        }
                    }
                    Err(e) if vm.err_matches(&e, &LOOKUP_ERROR_TYPE) => None,
                    Err(e) => return Err(e),
                }
            }
        };
        match mapped {
            Some(s) => out.push_str(&s),
            None => match errors.as_str() {
                "ignore" => {}
                "replace" => out.push('\u{FFFD}'),
                "backslashreplace" => out.push_str(&format!("\\x{:02x}", x)),
                "surrogateescape" => out.push('\u{FFFD}'),
                _ => {
                    let obj = vm.new_bytes(data.clone());
                    return Err(crate::builtins::exceptions::unicode_error(
                        vm,
                        &UNICODE_DECODE_ERROR_TYPE,
                        "charmap",
                        obj,
                        i,
                        i + 1,
                        "character maps to <undefined>",
                    ));
                }
            },
        }
    }
    let n = data.len();
    Ok(dec_result(vm, out, n))
}

fn charmap_encode(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let b = bind(
        vm,
        &a,
        "charmap_encode",
        &["str", "errors", "mapping"],
        false,
    )?;
    let s = str_arg(vm, b[0], "charmap_encode")?;
    let errors = errors_arg(b[1]);
    let mapping = b[2].cloned().unwrap_or_else(Value::none);
    if mapping.is_none() {
        let out = crate::builtins::bytes::encode(vm, &s, "latin-1", &errors)?;
        let n = s.chars().count();
        return Ok(enc_result(vm, out, n));
    }
    let chars: Vec<char> = s.chars().collect();
    let mut out = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match map_char(vm, &mapping, c as u32)? {
            Some(bs) => {
                out.extend_from_slice(&bs);
                i += 1;
            }
            None => {
                let mut end = i + 1;
                while end < chars.len() && map_char(vm, &mapping, chars[end] as u32)?.is_none() {
                    end += 1;
                }
                let repl: Option<String> = match errors.as_str() {
                    "ignore" => Some(String::new()),
                    "replace" => Some("?".repeat(end - i)),
                    "backslashreplace" | "namereplace" => {
                        Some(chars[i..end].iter().map(|&c| char_escape(c)).collect())
                    }
                    "xmlcharrefreplace" => Some(
                        chars[i..end]
                            .iter()
                            .map(|&c| format!("&#{};", c as u32))
                            .collect(),
                    ),
                    _ => None,
                };
                match repl {
                    Some(r) => {
                        for rc in r.chars() {
                            match map_char(vm, &mapping, rc as u32)? {
                                Some(bs) => out.extend_from_slice(&bs),
                                None => {
                                    let obj = vm.new_str(&s);
                                    return Err(crate::builtins::exceptions::unicode_error(
                                        vm,
                                        &UNICODE_ENCODE_ERROR_TYPE,
                                        "charmap",
                                        obj,
                                        i,
                                        end,
                                        "character maps to <undefined>",
                                    ));
                                }
                            }
                        }
                    }
                    None => {
                        let obj = vm.new_str(&s);
                        return Err(crate::builtins::exceptions::unicode_error(
                            vm,
                            &UNICODE_ENCODE_ERROR_TYPE,
                            "charmap",
                            obj,
                            i,
                            i + 1,
                            "character maps to <undefined>",
                        ));
                    }
                }
                i = end;
            }
        }
    }
    let n = chars.len();
    Ok(enc_result(vm, out, n))
}

fn map_char(vm: &mut Vm, mapping: &Value, cp: u32) -> PyResult<Option<Vec<u8>>> {
    let r = match vm.getitem(mapping, &new_int_i64(cp as i64)) {
        Ok(v) => v,
        Err(e) if vm.err_matches(&e, &LOOKUP_ERROR_TYPE) => return Ok(None),
        Err(e) => return Err(e),
    };
    if r.is_none() {
        return Ok(None);
    }
    if let Some(i) = r.as_i64() {
        if !(0..256).contains(&i) {
            return Err(vm.type_error("character mapping must be in range(256)"));
        }
        return Ok(Some(vec![i as u8]));
    }
    if let Some(b) = crate::builtins::bytes::as_bytes(&r) {
        return Ok(Some(b));
    }
    Err(vm.type_error("character mapping must return integer, bytes or None, not str"))
}
