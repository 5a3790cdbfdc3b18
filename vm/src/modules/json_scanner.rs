//! `_json.make_scanner`: the JSON value scanner behind `json.loads`, with
//! the behaviour of CPython's C scanner — the same hooks (`object_hook`,
//! `object_pairs_hook`, `parse_float`, `parse_int`, `parse_constant`,
//! `strict`), the same error messages and positions, key memoisation,
//! `StopIteration(idx)` where no value starts, and nesting bounded by the
//! recursion limit.
//!
//! It walks the UTF-8 text with a byte cursor and a character count (the
//! positions Python sees), so no copy of the document is made.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::typeutil::{new_type, type_addr, type_at};
use crate::builtins::{add_getsets, add_methods};
use crate::object::{alloc_object, TypeObject};
use crate::objects::*;
use crate::types::*;
use crate::value::Value;
use crate::vm::attr::type_value;
use crate::vm::new::new_int_i64;
use crate::vm::{Args, PyErr, PyResult, Vm};

/// A scanner: the decoder's settings, read once from the context.
pub struct ScannerData {
    strict: bool,
    object_hook: Option<Value>,
    object_pairs_hook: Option<Value>,
    /// None: the built-in `float`/`int` (parsed natively).
    parse_float: Option<Value>,
    parse_int: Option<Value>,
    parse_constant: Value,
    /// For the read-only attributes.
    attrs: [Value; 6],
}

static SCANNER_T: OnceLock<usize> = OnceLock::new();

pub fn scanner_type() -> &'static TypeObject {
    type_at(*SCANNER_T.get_or_init(|| {
        let t = new_type::<ScannerData>("make_scanner", "_json", &OBJECT_TYPE, None, false, false);
        add_methods(t, &[("__new__", scanner_new), ("__call__", scanner_call)]);
        add_getsets(
            t,
            &[
                ("strict", |_, v| Ok(sc(v).attrs[0].clone()), None),
                ("object_hook", |_, v| Ok(sc(v).attrs[1].clone()), None),
                ("object_pairs_hook", |_, v| Ok(sc(v).attrs[2].clone()), None),
                ("parse_float", |_, v| Ok(sc(v).attrs[3].clone()), None),
                ("parse_int", |_, v| Ok(sc(v).attrs[4].clone()), None),
                ("parse_constant", |_, v| Ok(sc(v).attrs[5].clone()), None),
            ],
        );
        type_addr(t)
    }))
}

// SAFETY: scanner_type()'s solid layout is ScannerData.
unsafe impl Payload for ScannerData {
    fn layout() -> &'static TypeObject {
        scanner_type()
    }
}

fn sc(v: &Value) -> &ScannerData {
    downcast::<ScannerData>(v).unwrap()
}

/// `make_scanner(context)`: reads the context's settings.
fn scanner_new(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("make_scanner", &Args::new(&a.args[1..]), 1, 1)?;
    let ctx = &a.args[1];
    let names = ["strict", "object_hook", "object_pairs_hook", "parse_float", "parse_int", "parse_constant"];
    let mut attrs = Vec::with_capacity(6);
    for n in names {
        attrs.push(vm.get_attr_str(ctx, n)?);
    }
    let attrs: [Value; 6] = attrs.try_into().ok().expect("six attributes");
    let strict = vm.truthy(&attrs[0])?;
    let hook = |v: &Value| (!v.is_none()).then(|| v.clone());
    let builtin = |v: &Value, t: &TypeObject| (!v.is(type_value(t).borrow())).then(|| v.clone());
    Ok(alloc_object(
        scanner_type(),
        ScannerData {
            strict,
            object_hook: hook(&attrs[1]),
            object_pairs_hook: hook(&attrs[2]),
            parse_float: builtin(&attrs[3], &FLOAT_TYPE),
            parse_int: builtin(&attrs[4], &INT_TYPE),
            parse_constant: attrs[5].clone(),
            attrs,
        },
    ))
}

/// `scanner(string, idx)` → `(value, end)`.
fn scanner_call(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let b = crate::builtins::bind(vm, &a, "scanner", &["string", "idx"], true)?;
    let (Some(sv), Some(iv)) = (b[0], b[1]) else {
        return Err(vm.type_error("scanner() missing required argument"));
    };
    let Some(sd) = downcast::<StrData>(sv) else {
        return Err(vm.type_error(format!("first argument must be a string, not {}", sv.type_of().name())));
    };
    let idx = vm.index_i64(iv)?;
    if idx < 0 {
        return Err(vm.value_error("idx cannot be negative"));
    }
    let idx = idx as usize;
    if idx >= sd.nchars {
        return Err(vm.stop_iteration(new_int_i64(idx as i64)));
    }
    let start = sd.byte_offset(idx);
    let mut s = Scan {
        sc: sc(&a.args[0]),
        doc: sv,
        text: &sd.s,
        byte: start,
        pos: idx,
        memo: HashMap::new(),
    };
    let v = s.value(vm)?;
    let end = new_int_i64(s.pos as i64);
    Ok(vm.new_tuple(vec![v, end]))
}

/// One call's cursor: `byte` into `text`, `pos` the same place counted in
/// characters.
struct Scan<'a> {
    sc: &'a ScannerData,
    doc: &'a Value,
    text: &'a str,
    byte: usize,
    pos: usize,
    /// Object keys seen in this document, shared (CPython's memo).
    memo: HashMap<String, Value>,
}

fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

impl<'a> Scan<'a> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.byte).copied()
    }

    /// Advances over ASCII bytes only (every structural character is).
    fn bump(&mut self, n: usize) {
        self.byte += n;
        self.pos += n;
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(is_ws) {
            self.bump(1);
        }
    }

    fn rest(&self) -> &'a [u8] {
        &self.text.as_bytes()[self.byte..]
    }

    fn error(&self, vm: &mut Vm, msg: &str, at: usize) -> PyErr {
        super::json::decode_error(vm, msg, self.doc, at)
    }

    /// A JSON value at the cursor (CPython's `scan_once_unicode`).
    fn value(&mut self, vm: &mut Vm) -> PyResult<Value> {
        let Some(c) = self.peek() else {
            return Err(vm.stop_iteration(new_int_i64(self.pos as i64)));
        };
        match c {
            b'"' => {
                self.bump(1);
                let s = self.string(vm)?;
                return Ok(vm.new_str_owned(s));
            }
            b'{' => {
                vm.enter_recursive(" while decoding a JSON object from a unicode string")?;
                self.bump(1);
                let r = self.object(vm);
                vm.depth -= 1;
                return r;
            }
            b'[' => {
                vm.enter_recursive(" while decoding a JSON array from a unicode string")?;
                self.bump(1);
                let r = self.array(vm);
                vm.depth -= 1;
                return r;
            }
            _ => {}
        }
        let rest = self.rest();
        for (word, value) in [(&b"null"[..], Value::none()), (b"true", Value::from_bool(true)), (b"false", Value::from_bool(false))] {
            if rest.starts_with(word) {
                self.bump(word.len());
                return Ok(value);
            }
        }
        for word in ["NaN", "Infinity", "-Infinity"] {
            if rest.starts_with(word.as_bytes()) {
                self.bump(word.len());
                let w = vm.new_str(word);
                let f = self.sc.parse_constant.clone();
                return vm.call(&f, &[w], &[]);
            }
        }
        self.number(vm)
    }

    /// The string after an opening quote.
    fn string(&mut self, vm: &mut Vm) -> PyResult<String> {
        let mut it = self.text[self.byte..].chars();
        let before = it.as_str().len();
        match super::json::scan_string(&mut it, self.pos, self.sc.strict) {
            Ok((s, end)) => {
                self.byte += before - it.as_str().len();
                self.pos = end;
                Ok(s)
            }
            Err((msg, at)) => Err(self.error(vm, msg, at)),
        }
    }

    /// CPython's `_match_number_unicode`.
    fn number(&mut self, vm: &mut Vm) -> PyResult<Value> {
        let b = self.rest();
        let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
        let mut i = 0;
        if b.first() == Some(&b'-') {
            i = 1;
            if i >= b.len() {
                return Err(vm.stop_iteration(new_int_i64(self.pos as i64)));
            }
        }
        match b.get(i) {
            Some(b'1'..=b'9') => {
                i += 1;
                while digit(i) {
                    i += 1;
                }
            }
            Some(b'0') => i += 1,
            _ => return Err(vm.stop_iteration(new_int_i64(self.pos as i64))),
        }
        let mut is_float = false;
        if b.get(i) == Some(&b'.') && digit(i + 1) {
            is_float = true;
            i += 2;
            while digit(i) {
                i += 1;
            }
        }
        if matches!(b.get(i), Some(b'e' | b'E')) && i + 1 < b.len() {
            let e_start = i;
            i += 1;
            if matches!(b.get(i), Some(b'-' | b'+')) && i + 1 < b.len() {
                i += 1;
            }
            while digit(i) {
                i += 1;
            }
            if b[i - 1].is_ascii_digit() {
                is_float = true;
            } else {
                i = e_start;
            }
        }
        // The number is ASCII, so these bytes are a str slice.
        let numstr = &self.text[self.byte..self.byte + i];
        self.bump(i);
        let hook = if is_float { &self.sc.parse_float } else { &self.sc.parse_int };
        if let Some(f) = hook {
            let f = f.clone();
            let s = vm.new_str(numstr);
            return vm.call(&f, &[s], &[]);
        }
        if is_float {
            return Ok(vm.new_float(numstr.parse::<f64>().unwrap_or(f64::NAN)));
        }
        if let Ok(n) = numstr.parse::<i64>() {
            return Ok(new_int_i64(n));
        }
        // Big: through int(), which applies the digit limit.
        let s = vm.new_str(numstr);
        let int = type_value(&INT_TYPE);
        vm.call(&int, &[s], &[])
    }

    /// The members after `{` (CPython's `_parse_object_unicode`).
    fn object(&mut self, vm: &mut Vm) -> PyResult<Value> {
        let mut pairs: Vec<(Value, Value)> = Vec::new();
        self.skip_ws();
        if self.peek() != Some(b'}') {
            loop {
                if self.peek() != Some(b'"') {
                    return Err(self.error(vm, "Expecting property name enclosed in double quotes", self.pos));
                }
                self.bump(1);
                let k = self.string(vm)?;
                let key = match self.memo.get(&k) {
                    Some(v) => v.clone(),
                    None => {
                        let v = vm.new_str(&k);
                        self.memo.insert(k, v.clone());
                        v
                    }
                };
                self.skip_ws();
                if self.peek() != Some(b':') {
                    return Err(self.error(vm, "Expecting ':' delimiter", self.pos));
                }
                self.bump(1);
                self.skip_ws();
                let val = self.value(vm)?;
                pairs.push((key, val));
                self.skip_ws();
                match self.peek() {
                    Some(b'}') => break,
                    Some(b',') => {
                        self.bump(1);
                        self.skip_ws();
                    }
                    _ => return Err(self.error(vm, "Expecting ',' delimiter", self.pos)),
                }
            }
        }
        self.bump(1);
        if let Some(h) = self.sc.object_pairs_hook.clone() {
            let items = pairs.into_iter().map(|(k, v)| vm.new_tuple(vec![k, v])).collect();
            let l = vm.new_list(items);
            return vm.call(&h, &[l], &[]);
        }
        let d = vm.new_dict();
        for (k, v) in pairs {
            vm.dict_set(&d, k, v)?;
        }
        match self.sc.object_hook.clone() {
            Some(h) => vm.call(&h, &[d], &[]),
            None => Ok(d),
        }
    }

    /// The items after `[` (CPython's `_parse_array_unicode`).
    fn array(&mut self, vm: &mut Vm) -> PyResult<Value> {
        let mut items = Vec::new();
        self.skip_ws();
        if self.peek() != Some(b']') {
            loop {
                items.push(self.value(vm)?);
                self.skip_ws();
                match self.peek() {
                    Some(b']') => break,
                    Some(b',') => {
                        self.bump(1);
                        self.skip_ws();
                    }
                    _ => return Err(self.error(vm, "Expecting ',' delimiter", self.pos)),
                }
            }
        }
        self.bump(1);
        Ok(vm.new_list(items))
    }
}
