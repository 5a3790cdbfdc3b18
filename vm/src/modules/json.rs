//! `_json`: the string scanner and the encoder behind Lib's `json`, with
//! CPython's C module's results and messages (`scanstring`,
//! `encode_basestring`, `encode_basestring_ascii`, `make_encoder`); the
//! value scanner (`make_scanner`) is in `json_scanner.rs`.

use std::sync::OnceLock;

use super::typeutil::{new_type, type_addr, type_at};
use crate::builtins::add_methods;
use crate::object::{alloc_object, TypeObject};
use crate::objects::*;
use crate::types::*;
use crate::value::Value;
use crate::vm::new::new_int_i64;
use crate::vm::{str_of, Args, PyErr, PyResult, Vm};

/// `json.JSONDecodeError(msg, doc, pos)`.
pub(super) fn decode_error(vm: &mut Vm, msg: &str, doc: &Value, pos: usize) -> PyErr {
    let r = (|| -> PyResult<Value> {
        let m = crate::import::import_module(vm, "json.decoder")?;
        let cls = vm.get_attr_str(&m, "JSONDecodeError")?;
        let mv = vm.new_str(msg);
        vm.call(&cls, &[mv, doc.clone(), new_int_i64(pos as i64)], &[])
    })();
    match r {
        Ok(e) => PyErr(e),
        Err(e) => e,
    }
}

/// `scanstring(s, end, strict=True)` → (str, index after the closing
/// quote): the JSON string whose opening quote is at `end - 1`.
fn scanstring(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let b = crate::builtins::bind(vm, &a, "scanstring", &["s", "end", "strict"], false)?;
    let (Some(sv), Some(ev)) = (b[0], b[1]) else {
        return Err(vm.type_error("scanstring() missing required argument"));
    };
    let Some(sd) = downcast::<StrData>(sv) else {
        return Err(vm.type_error(format!(
            "first argument must be a string, not {}",
            sv.type_of().name()
        )));
    };
    let end = vm.index_i64(ev)?;
    let strict = match b[2] {
        Some(v) => vm.truthy(v)?,
        None => true,
    };
    let len = sd.nchars as i64;
    if end < 0 || end > len {
        return Err(vm.value_error("end is out of bounds"));
    }
    let start_byte = sd.byte_offset(end as usize);
    let mut it = sd.s[start_byte..].chars();
    let (out, pos) = match scan_string(&mut it, end as usize, strict) {
        Ok(r) => r,
        Err((msg, at)) => return Err(decode_error(vm, msg, sv, at)),
    };
    let s = vm.new_str_owned(out);
    Ok(vm.new_tuple(vec![s, new_int_i64(pos as i64)]))
}

/// The JSON string whose opening quote is just before `it` (at character
/// index `end - 1`): its value and the index after the closing quote, or
/// CPython's message and position.
pub(super) fn scan_string(it: &mut std::str::Chars, end: usize, strict: bool) -> Result<(String, usize), (&'static str, usize)> {
    let begin = end.saturating_sub(1);
    let mut pos = end;
    let mut out = String::new();
    let hex4 = |it: &mut std::str::Chars| -> Option<u32> {
        let mut v = 0u32;
        for _ in 0..4 {
            v = v * 16 + it.next()?.to_digit(16)?;
        }
        Some(v)
    };
    loop {
        // Up to the closing quote or the next escape.
        let c = loop {
            match it.next() {
                None => return Err(("Unterminated string starting at", begin)),
                Some(c) if c == '"' || c == '\\' => break c,
                Some(c) if (c as u32) <= 0x1f && strict => return Err(("Invalid control character at", pos)),
                Some(c) => {
                    out.push(c);
                    pos += 1;
                }
            }
        };
        pos += 1;
        if c == '"' {
            return Ok((out, pos));
        }
        let Some(e) = it.next() else {
            return Err(("Unterminated string starting at", begin));
        };
        pos += 1;
        if e != 'u' {
            let ch = match e {
                '"' | '\\' | '/' => e,
                'b' => '\u{8}',
                'f' => '\u{c}',
                'n' => '\n',
                'r' => '\r',
                't' => '\t',
                _ => return Err(("Invalid \\escape", pos - 2)),
            };
            out.push(ch);
            continue;
        }
        // \uXXXX (pos is just past the 'u'), then maybe a low surrogate.
        let mut probe = it.clone();
        let Some(mut cp) = hex4(&mut probe) else {
            return Err(("Invalid \\uXXXX escape", pos - 1));
        };
        *it = probe;
        pos += 4;
        if (0xd800..0xdc00).contains(&cp) {
            let mut probe = it.clone();
            if probe.next() == Some('\\') && probe.next() == Some('u') {
                if let Some(lo) = hex4(&mut probe) {
                    if (0xdc00..0xe000).contains(&lo) {
                        cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
                        *it = probe;
                        pos += 6;
                    }
                }
            }
        }
        // A lone surrogate cannot be a Rust char: U+FFFD stands in.
        out.push(char::from_u32(cp).unwrap_or('\u{fffd}'));
    }
}

/// `"..."` for `s`, escaping as JSON does (non-ASCII kept or escaped).
fn quote(s: &str, ascii: bool) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c if ascii && !c.is_ascii() => {
                let mut buf = [0u16; 2];
                for u in c.encode_utf16(&mut buf) {
                    out.push_str(&format!("\\u{:04x}", u));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn str_arg<'a>(vm: &mut Vm, a: &Args<'a>, name: &str) -> PyResult<&'a str> {
    vm.check_args(name, a, 1, 1)?;
    let v: &'a Value = &a.args[0];
    match downcast::<StrData>(v) {
        Some(s) => Ok(&s.s),
        None => Err(vm.type_error(format!(
            "first argument must be a string, not {}",
            v.type_of().name()
        ))),
    }
}

fn encode_basestring_ascii(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let s = str_arg(vm, &a, "encode_basestring_ascii")?;
    Ok(vm.new_str_owned(quote(s, true)))
}

fn encode_basestring(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let s = str_arg(vm, &a, "encode_basestring")?;
    Ok(vm.new_str_owned(quote(s, false)))
}

// ---- the encoder ----

pub struct EncoderData {
    markers: Option<Value>,
    default: Value,
    encoder: Value,
    key_separator: String,
    item_separator: String,
    sort_keys: bool,
    skipkeys: bool,
    allow_nan: bool,
    /// `encoder` is one of the native string encoders: (it is, ascii).
    native: (bool, bool),
}

static ENCODER_T: OnceLock<usize> = OnceLock::new();

fn encoder_type() -> &'static TypeObject {
    type_at(*ENCODER_T.get_or_init(|| {
        let t = new_type::<EncoderData>("make_encoder", "_json", &OBJECT_TYPE, None, false, false);
        add_methods(t, &[("__new__", encoder_new), ("__call__", encoder_call)]);
        type_addr(t)
    }))
}

// SAFETY: encoder_type()'s solid layout is EncoderData.
unsafe impl Payload for EncoderData {
    fn layout() -> &'static TypeObject {
        encoder_type()
    }
}

/// `make_encoder(markers, default, encoder, indent, key_separator,
/// item_separator, sort_keys, skipkeys, allow_nan)`.
fn encoder_new(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let args = &a.args[1..];
    if args.len() != 9 {
        return Err(vm.type_error(format!(
            "make_encoder() takes exactly 9 arguments ({} given)",
            args.len()
        )));
    }
    let markers = (!args[0].is_none()).then(|| args[0].clone());
    if let Some(m) = &markers {
        if downcast::<DictData>(m).is_none() {
            return Err(vm.type_error(format!(
                "make_encoder() argument 1 must be dict or None, not {}",
                m.type_of().name()
            )));
        }
    }
    let encoder = args[2].clone();
    let native = match downcast::<BuiltinFnData>(&encoder) {
        Some(b) if b.f as *const () as usize == encode_basestring_ascii as *const () as usize => {
            (true, true)
        }
        Some(b) if b.f as *const () as usize == encode_basestring as *const () as usize => {
            (true, false)
        }
        _ => (false, false),
    };
    let sep = |vm: &mut Vm, v: &Value, n: usize| -> PyResult<String> {
        match downcast::<StrData>(v) {
            Some(s) => Ok(s.s.to_string()),
            None => Err(vm.type_error(format!(
                "make_encoder() argument {} must be str, not {}",
                n,
                v.type_of().name()
            ))),
        }
    };
    let key_separator = sep(vm, &args[4], 5)?;
    let item_separator = sep(vm, &args[5], 6)?;
    let sort_keys = vm.truthy(&args[6])?;
    let skipkeys = vm.truthy(&args[7])?;
    let allow_nan = vm.truthy(&args[8])?;
    Ok(alloc_object(
        encoder_type(),
        EncoderData {
            markers,
            default: args[1].clone(),
            encoder,
            key_separator,
            item_separator,
            sort_keys,
            skipkeys,
            allow_nan,
            native,
        },
    ))
}

fn encoder_call(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let Some(e) = a.args.first().and_then(downcast::<EncoderData>) else {
        return Err(vm.type_error("a _json encoder is required"));
    };
    if a.args.len() != 3 {
        return Err(vm.type_error("__call__() takes exactly 2 arguments"));
    }
    let mut out = String::new();
    encode(vm, e, &a.args[1], &mut out)?;
    let s = vm.new_str_owned(out);
    Ok(vm.new_tuple(vec![s]))
}

fn float_text(vm: &mut Vm, e: &EncoderData, f: f64, v: &Value) -> PyResult<String> {
    if !f.is_finite() {
        if !e.allow_nan {
            return Err(vm.value_error("Out of range float values are not JSON compliant"));
        }
        return Ok(if f.is_nan() {
            "NaN"
        } else if f > 0.0 {
            "Infinity"
        } else {
            "-Infinity"
        }
        .to_string());
    }
    // float.__repr__, whatever a subclass's repr says.
    let r = crate::vm::attr::lookup(&FLOAT_TYPE, "__repr__")
        .ok_or_else(|| vm.type_error("float.__repr__"))?;
    let s = vm.call(&r, std::slice::from_ref(v), &[])?;
    Ok(str_of(&s).to_string())
}

fn int_text(vm: &mut Vm, v: &Value) -> PyResult<String> {
    let r = crate::vm::attr::lookup(&INT_TYPE, "__repr__")
        .ok_or_else(|| vm.type_error("int.__repr__"))?;
    let s = vm.call(&r, std::slice::from_ref(v), &[])?;
    Ok(str_of(&s).to_string())
}

fn string(vm: &mut Vm, e: &EncoderData, v: &Value, out: &mut String) -> PyResult<()> {
    if e.native.0 {
        out.push_str(&quote(str_of(v), e.native.1));
        return Ok(());
    }
    let r = vm.call(&e.encoder, std::slice::from_ref(v), &[])?;
    match downcast::<StrData>(&r) {
        Some(s) => {
            out.push_str(&s.s);
            Ok(())
        }
        None => Err(vm.type_error(format!(
            "encoder() must return a string, not {}",
            r.type_of().name()
        ))),
    }
}

/// Enters `v` in the markers (circular-reference check); its key.
fn mark(vm: &mut Vm, e: &EncoderData, v: &Value) -> PyResult<Option<Value>> {
    let Some(m) = &e.markers else { return Ok(None) };
    let id = new_int_i64((v.to_bits() & 0x7fff_ffff_ffff_ffff) as i64);
    if vm.dict_get(m, &id)?.is_some() {
        return Err(vm.value_error("Circular reference detected"));
    }
    vm.dict_set(m, id.clone(), v.clone())?;
    Ok(Some(id))
}

fn unmark(vm: &mut Vm, e: &EncoderData, id: Option<Value>) -> PyResult<()> {
    if let (Some(m), Some(id)) = (&e.markers, id) {
        vm.delitem(m, id)?;
    }
    Ok(())
}

/// Encodes `v` into `out`, one level of recursion deeper (nesting is
/// bounded by the recursion limit, as CPython's encoder).
fn encode(vm: &mut Vm, e: &EncoderData, v: &Value, out: &mut String) -> PyResult<()> {
    vm.enter_recursive(" while encoding a JSON object")?;
    let r = encode_value(vm, e, v, out);
    vm.depth -= 1;
    r
}

fn encode_value(vm: &mut Vm, e: &EncoderData, v: &Value, out: &mut String) -> PyResult<()> {
    if v.is_none() {
        out.push_str("null");
    } else if let Some(b) = v.as_bool() {
        out.push_str(if b { "true" } else { "false" });
    } else if downcast::<StrData>(v).is_some() {
        string(vm, e, v, out)?;
    } else if let Some(f) = v.as_f64().or_else(|| {
        crate::vm::class::is_instance(v, &FLOAT_TYPE)
            .then(|| crate::vm::ops::to_float(v))
            .flatten()
    }) {
        out.push_str(&float_text(vm, e, f, v)?);
    } else if crate::vm::class::is_instance(v, &INT_TYPE) {
        out.push_str(&int_text(vm, v)?);
    } else if downcast::<ListData>(v).is_some() || downcast::<TupleData>(v).is_some() {
        let items = vm.iterate(v)?;
        if items.is_empty() {
            out.push_str("[]");
            return Ok(());
        }
        let id = mark(vm, e, v)?;
        out.push('[');
        for (i, x) in items.iter().enumerate() {
            if i > 0 {
                out.push_str(&e.item_separator);
            }
            encode(vm, e, x, out)?;
        }
        out.push(']');
        unmark(vm, e, id)?;
    } else if downcast::<DictData>(v).is_some() {
        encode_dict(vm, e, v, out)?;
    } else {
        let id = mark(vm, e, v)?;
        let d = vm.call(&e.default, std::slice::from_ref(v), &[])?;
        encode(vm, e, &d, out)?;
        unmark(vm, e, id)?;
    }
    Ok(())
}

fn encode_dict(vm: &mut Vm, e: &EncoderData, v: &Value, out: &mut String) -> PyResult<()> {
    let items_fn = vm.get_attr_str(v, "items")?;
    let items_view = vm.call(&items_fn, &[], &[])?;
    let mut items = vm.iterate(&items_view)?;
    if items.is_empty() {
        out.push_str("{}");
        return Ok(());
    }
    let id = mark(vm, e, v)?;
    if e.sort_keys {
        let l = vm.new_list(items);
        let sort = vm.get_attr_str(&l, "sort")?;
        vm.call(&sort, &[], &[])?;
        items = vm.iterate(&l)?;
    }
    out.push('{');
    let mut first = true;
    for item in items {
        let pair = vm.iterate(&item)?;
        let (k, val) = (&pair[0], &pair[1]);
        let key = if downcast::<StrData>(k).is_some() {
            None
        } else if k.is_none() {
            Some("null".to_string())
        } else if let Some(b) = k.as_bool() {
            Some(if b { "true" } else { "false" }.to_string())
        } else if let Some(f) = k.as_f64() {
            Some(float_text(vm, e, f, k)?)
        } else if crate::vm::class::is_instance(k, &INT_TYPE) {
            Some(int_text(vm, k)?)
        } else if crate::vm::class::is_instance(k, &FLOAT_TYPE) {
            let f = crate::vm::ops::to_float(k).unwrap_or(0.0);
            Some(float_text(vm, e, f, k)?)
        } else if e.skipkeys {
            continue;
        } else {
            return Err(vm.type_error(format!(
                "keys must be str, int, float, bool or None, not {}",
                k.type_of().name()
            )));
        };
        if !first {
            out.push_str(&e.item_separator);
        }
        first = false;
        match key {
            None => string(vm, e, k, out)?,
            Some(text) => {
                let kv = vm.new_str_owned(text);
                string(vm, e, &kv, out)?;
            }
        }
        out.push_str(&e.key_separator);
        encode(vm, e, val, out)?;
    }
    out.push('}');
    unmark(vm, e, id)
}

pub fn init(vm: &mut Vm) -> PyResult<Value> {
    let m = vm.new_module("_json")?;
    crate::modules::add_functions(
        vm,
        &m,
        "_json",
        &[
            ("scanstring", scanstring),
            ("encode_basestring_ascii", encode_basestring_ascii),
            ("encode_basestring", encode_basestring),
        ],
    )?;
    crate::modules::set_attr(
        vm,
        &m,
        "make_encoder",
        crate::vm::attr::type_value(encoder_type()),
    )?;
    let scanner = crate::vm::attr::type_value(super::json_scanner::scanner_type());
    crate::modules::set_attr(vm, &m, "make_scanner", scanner)?;
    Ok(m)
}
