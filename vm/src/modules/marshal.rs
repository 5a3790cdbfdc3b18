//! `marshal`: CPython 3.11's value serialisation format, versions 0–4
//! (`version` = 4): `dumps`, `loads`, `dump`, `load`.
//!
//! For data values the bytes are CPython's: None `N`, `F`/`T`,
//! StopIteration `S`, Ellipsis `.`, ints `i` (32-bit) or `l` (15-bit
//! digits), floats `g` (binary, version >= 2) or `f` (`%.17g` text),
//! complex `y`/`x`, bytes and other bytes-like objects `s`, str as
//! `z`/`Z`/`a`/`A` (ASCII, version 4), `t` (interned) or `u` (UTF-8),
//! tuples `)`/`(`, lists `[`, dicts `{` … `0`, sets `<` and frozensets `>`
//! (elements in the order of their own marshal bytes, as CPython sorts
//! them), and from version 3 on the back-references: an object written
//! twice is written once with FLAG_REF (0x80) and then as `r` + index.
//! `loads`/`load` read everything CPython writes for these types, with
//! CPython's errors; lengths are checked against the input that is left,
//! so bad data gives an exception, never a huge allocation.
//!
//! Which objects get FLAG_REF: CPython flags an object when its reference
//! count is above 1 (so the bytes depend on how the value was made). Pyrite
//! has reference counts too and uses them for heap objects (str, bytes,
//! big ints, complex, containers, code), plus CPython's singletons by value
//! ('' — interned —, one-character Latin-1 strings, empty and one-byte
//! bytes, the empty tuple). Set elements are always flagged, as CPython's
//! sorting holds an extra reference to each. The differences left:
//! - Pyrite's ints within ±2^49 and its (non-NaN) floats are not objects,
//!   so they have no reference count; they, and complex numbers, are
//!   always flagged, and equal ones are one object. That is what CPython
//!   does for literal constants of one code object (and for ints in
//!   -5..=256), not for numbers computed at run time (`[x / 2 for x in r]`
//!   gives `g` where Pyrite gives 0xe7).
//! - Strings count as interned when Pyrite interned them (identifiers,
//!   name-like constants of up to 32 characters, `sys.intern`): CPython
//!   also interns longer name-like constants (`'x' * 300` is `A` there,
//!   `a` here).
//! - Items of constant tuples: CPython shares equal constants of a code
//!   object, so `('a b', 'a b')` is written with a back-reference there;
//!   Pyrite makes two strings, written twice without FLAG_REF.
//! - A tuple that contains itself (`r` to a tuple still being read, which
//!   only hand-made data has) is "bad marshal data (invalid reference)";
//!   CPython builds the recursive tuple.
//! - `array.array` (Python code in Pyrite) is unmarshallable.
//!
//! Code objects: CPython's `c` records hold CPython bytecode, which Pyrite
//! cannot run, so loading one is a ValueError. A Pyrite code object is
//! written as the private type code `P`, a 32-bit length, the compiler's
//! fingerprint and `pyrite_compiler::serialize`'s bytes (the format of the
//! import cache), so `loads(dumps(co))` gives an equal, runnable code object
//! in the same Pyrite build; data from another build is refused.

use std::borrow::Cow;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;

use dashu_int::{ops::UnsignedAbs, IBig, UBig};
use pyrite_compiler::serialize;

use crate::int::Int;
use crate::objects::*;
use crate::types::*;
use crate::value::Value;
use crate::vm::attr::type_value;
use crate::vm::new::{ellipsis, new_int, new_int_i64};
use crate::vm::{Args, PyErr, PyResult, Vm};

const VERSION: i64 = 4;
pub(crate) const FLAG_REF: u8 = 0x80;
const MAX_DEPTH: usize = 2000;
const SIZE32_MAX: usize = 0x7fff_ffff;

const T_NULL: u8 = b'0';
const T_NONE: u8 = b'N';
const T_FALSE: u8 = b'F';
const T_TRUE: u8 = b'T';
const T_STOPITER: u8 = b'S';
const T_ELLIPSIS: u8 = b'.';
const T_INT: u8 = b'i';
const T_INT64: u8 = b'I';
const T_FLOAT: u8 = b'f';
const T_BINARY_FLOAT: u8 = b'g';
const T_COMPLEX: u8 = b'x';
const T_BINARY_COMPLEX: u8 = b'y';
const T_LONG: u8 = b'l';
const T_STRING: u8 = b's';
const T_INTERNED: u8 = b't';
const T_REF: u8 = b'r';
const T_TUPLE: u8 = b'(';
const T_LIST: u8 = b'[';
const T_DICT: u8 = b'{';
const T_CODE: u8 = b'c';
const T_UNICODE: u8 = b'u';
const T_UNKNOWN: u8 = b'?';
const T_SET: u8 = b'<';
const T_FROZENSET: u8 = b'>';
const T_ASCII: u8 = b'a';
const T_ASCII_INTERNED: u8 = b'A';
const T_SMALL_TUPLE: u8 = b')';
const T_SHORT_ASCII: u8 = b'z';
const T_SHORT_ASCII_INTERNED: u8 = b'Z';
/// Pyrite's own: a code object in `pyrite_compiler::serialize`'s format.
pub(crate) const T_PYRITE_CODE: u8 = b'P';

pub fn init(vm: &mut Vm) -> PyResult<Value> {
    let m = vm.new_module("marshal")?;
    crate::modules::add_functions(
        vm,
        &m,
        "marshal",
        &[
            ("dumps", m_dumps),
            ("loads", m_loads),
            ("dump", m_dump),
            ("load", m_load),
        ],
    )?;
    crate::modules::set_attr(vm, &m, "version", new_int_i64(VERSION))?;
    Ok(m)
}

// ---- the functions ----

/// The `version` argument: a C int.
fn version_arg(vm: &mut Vm, v: Option<&Value>) -> PyResult<i64> {
    let Some(v) = v else { return Ok(VERSION) };
    match vm.index(v)?.to_i64() {
        Some(n) if i32::try_from(n).is_ok() => Ok(n),
        _ => Err(vm.overflow_error("Python int too large to convert to C int")),
    }
}

fn no_kwargs(vm: &mut Vm, a: &Args, name: &str) -> PyResult<()> {
    if a.has_kwargs() {
        return Err(vm.type_error(format!("marshal.{}() takes no keyword arguments", name)));
    }
    Ok(())
}

/// `dumps(value, version=version, /)`.
fn m_dumps(vm: &mut Vm, a: Args) -> PyResult<Value> {
    no_kwargs(vm, &a, "dumps")?;
    vm.check_args("dumps", &a, 1, 2)?;
    let version = version_arg(vm, a.args.get(1))?;
    let b = dumps(vm, &a.args[0], version)?;
    Ok(vm.new_bytes(b))
}

/// `dump(value, file, version=version, /)`: one `file.write(bytes)`,
/// whose result it returns (as CPython does).
fn m_dump(vm: &mut Vm, a: Args) -> PyResult<Value> {
    no_kwargs(vm, &a, "dump")?;
    vm.check_args("dump", &a, 2, 3)?;
    let version = version_arg(vm, a.args.get(2))?;
    let b = dumps(vm, &a.args[0], version)?;
    let b = vm.new_bytes(b);
    vm.call_method(&a.args[1], "write", &[b])
}

/// `loads(bytes, /)`: reads one value from a bytes-like object (what
/// follows it is ignored).
fn m_loads(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("marshal.loads", &a, 1, 1)?;
    let v = &a.args[0];
    let data: Cow<[u8]> = if let Some(b) = downcast::<BytesData>(v) {
        Cow::Borrowed(&b.b)
    } else {
        Cow::Owned(crate::builtins::strings::bytes_like(vm, v)?)
    };
    let mut r = Reader {
        src: Src::Bytes(&data, 0),
        refs: Vec::new(),
        depth: 0,
    };
    r.top(vm)
}

/// `load(file, /)`: reads one value from a binary file with `readinto`,
/// leaving the file just after it.
fn m_load(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("marshal.load", &a, 1, 1)?;
    let f = a.args[0].clone();
    let zero = new_int_i64(0);
    let probe = vm.call_method(&f, "read", &[zero])?;
    if downcast::<BytesData>(&probe).is_none() {
        return Err(vm.type_error(format!(
            "file.read() returned not bytes but {}",
            probe.type_of().name()
        )));
    }
    let mut r = Reader {
        src: Src::File(f),
        refs: Vec::new(),
        depth: 0,
    };
    r.top(vm)
}

// ---- writing ----

/// The serialisation of `v`, or CPython's ValueError.
fn dumps(vm: &mut Vm, v: &Value, version: i64) -> PyResult<Vec<u8>> {
    let mut w = Writer::new(version);
    w.object(vm, v, false);
    match w.error {
        None => Ok(w.out),
        Some(WErr::Unmarshallable) => Err(vm.value_error("unmarshallable object")),
        Some(WErr::TooDeep) => Err(vm.value_error("object too deeply nested to marshal")),
    }
}

#[derive(Clone, Copy)]
enum WErr {
    Unmarshallable,
    TooDeep,
}

/// What makes two written values "the same object" for back-references.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Key {
    Obj(usize),
    Int(i64),
    Float(u64),
    Complex(u64, u64),
    /// A one-character Latin-1 str (a CPython singleton).
    Latin1(u32),
    EmptyStr,
    /// An empty (256) or one-byte bytes (CPython singletons).
    SmallBytes(u16),
    EmptyTuple,
}

struct Writer {
    out: Vec<u8>,
    version: i64,
    /// Objects written with FLAG_REF and their indices (version >= 3).
    refs: Option<HashMap<Key, u32>>,
    depth: usize,
    /// As CPython, writing goes on after an error; the last one counts.
    error: Option<WErr>,
    /// The standalone dumps of set elements already computed (by object
    /// address), so that nested sets cost linear rather than exponential
    /// time; shared with the writers of those dumps.
    memo: HashMap<usize, Rc<[u8]>>,
}

fn is_interned(v: &Value, s: &StrData) -> bool {
    s.s.is_empty() || crate::vm::is_interned(v, &s.s)
}

impl Writer {
    fn new(version: i64) -> Writer {
        Writer {
            out: Vec::new(),
            version,
            refs: (version >= 3).then(HashMap::new),
            depth: 0,
            error: None,
            memo: HashMap::new(),
        }
    }

    fn byte(&mut self, b: u8) {
        self.out.push(b);
    }

    fn long(&mut self, x: i32) {
        self.out.extend_from_slice(&x.to_le_bytes());
    }

    fn size(&mut self, n: usize) -> bool {
        if n > SIZE32_MAX {
            self.error = Some(WErr::Unmarshallable);
            return false;
        }
        self.long(n as i32);
        true
    }

    fn pstring(&mut self, b: &[u8]) {
        if self.size(b.len()) {
            self.out.extend_from_slice(b);
        }
    }

    fn object(&mut self, vm: &mut Vm, v: &Value, held: bool) {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            self.error = Some(WErr::TooDeep);
        } else if v.is_none() {
            self.byte(T_NONE);
        } else if v.as_object().is_some_and(|p| {
            std::ptr::eq(
                p.as_ptr() as *const u8,
                &STOP_ITERATION_TYPE as *const _ as *const u8,
            )
        }) {
            self.byte(T_STOPITER);
        } else if is_exact(v, &ELLIPSIS_TYPE) {
            self.byte(T_ELLIPSIS);
        } else if let Some(b) = v.as_bool() {
            self.byte(if b { T_TRUE } else { T_FALSE });
        } else if let Some(flag) = self.reference(v, held) {
            self.complex_object(vm, v, flag);
        }
        self.depth -= 1;
    }

    /// CPython's `w_ref`: None when `v` was written as a back-reference,
    /// else the flag to write it with.
    fn reference(&mut self, v: &Value, held: bool) -> Option<u8> {
        let Some(refs) = &mut self.refs else {
            return Some(0);
        };
        let (key, shared) = identity(v);
        if !(shared || held) {
            return Some(0);
        }
        if let Some(&i) = refs.get(&key) {
            self.out.push(T_REF);
            self.out.extend_from_slice(&(i as i32).to_le_bytes());
            return None;
        }
        let n = refs.len() as u32;
        refs.insert(key, n);
        Some(FLAG_REF)
    }

    fn int(&mut self, i: i64, flag: u8) {
        if let Ok(x) = i32::try_from(i) {
            self.byte(T_INT | flag);
            self.long(x);
        } else {
            self.long_digits(i < 0, &i.unsigned_abs().to_le_bytes(), flag);
        }
    }

    /// `l`: the magnitude (little-endian bytes) in 15-bit digits.
    fn long_digits(&mut self, negative: bool, mag: &[u8], flag: u8) {
        let bits = mag.len() * 8;
        let mut digits: Vec<u16> = (0..bits.div_ceil(15))
            .map(|d| {
                let mut x = 0u16;
                for k in 0..15 {
                    let bit = d * 15 + k;
                    if bit < bits && mag[bit / 8] >> (bit % 8) & 1 == 1 {
                        x |= 1 << k;
                    }
                }
                x
            })
            .collect();
        while digits.last() == Some(&0) {
            digits.pop();
        }
        if digits.len() > SIZE32_MAX {
            self.error = Some(WErr::Unmarshallable);
            return;
        }
        self.byte(T_LONG | flag);
        let n = digits.len() as i32;
        self.long(if negative { -n } else { n });
        for d in digits {
            self.out.extend_from_slice(&d.to_le_bytes());
        }
    }

    fn float_text(&mut self, x: f64) {
        let s = crate::format::float::double_to_string(x, 'g', 17, 0).0;
        self.byte(s.len() as u8);
        self.out.extend_from_slice(s.as_bytes());
    }

    fn float(&mut self, x: f64, flag: u8) {
        if self.version > 1 {
            self.byte(T_BINARY_FLOAT | flag);
            self.out.extend_from_slice(&x.to_le_bytes());
        } else {
            self.byte(T_FLOAT | flag);
            self.float_text(x);
        }
    }

    fn complex_object(&mut self, vm: &mut Vm, v: &Value, flag: u8) {
        if let Some(i) = v.as_i64() {
            self.int(i, flag);
        } else if let Some(x) = v.as_f64() {
            self.float(x, flag);
        } else if let (true, Some(x)) = (is_exact(v, &FLOAT_TYPE), downcast::<FloatData>(v)) {
            // A NaN (boxed, with an identity of its own).
            self.float(x.0, flag);
        } else if is_exact(v, &INT_TYPE) {
            match downcast::<IntData>(v).map(|d| &d.0) {
                Some(Int::Small(i)) => self.int(*i, flag),
                Some(Int::Big(b)) => {
                    let mag = b.unsigned_abs().to_le_bytes();
                    self.long_digits(b < &IBig::ZERO, &mag, flag);
                }
                None => self.unknown(flag),
            }
        } else if let (true, Some(c)) = (is_exact(v, &COMPLEX_TYPE), downcast::<ComplexData>(v)) {
            if self.version > 1 {
                self.byte(T_BINARY_COMPLEX | flag);
                self.out.extend_from_slice(&c.re.to_le_bytes());
                self.out.extend_from_slice(&c.im.to_le_bytes());
            } else {
                self.byte(T_COMPLEX | flag);
                self.float_text(c.re);
                self.float_text(c.im);
            }
        } else if let (true, Some(s)) = (is_exact(v, &STR_TYPE), downcast::<StrData>(v)) {
            let interned = is_interned(v, s);
            let b = s.s.as_bytes();
            if self.version >= 4 && s.s.is_ascii() {
                if b.len() < 256 {
                    let t = if interned {
                        T_SHORT_ASCII_INTERNED
                    } else {
                        T_SHORT_ASCII
                    };
                    self.byte(t | flag);
                    self.byte(b.len() as u8);
                    self.out.extend_from_slice(b);
                } else {
                    self.byte(if interned { T_ASCII_INTERNED } else { T_ASCII } | flag);
                    self.pstring(b);
                }
            } else {
                let t = if self.version >= 3 && interned {
                    T_INTERNED
                } else {
                    T_UNICODE
                };
                self.byte(t | flag);
                self.pstring(b);
            }
        } else if let (true, Some(t)) = (is_exact(v, &TUPLE_TYPE), downcast::<TupleData>(v)) {
            let n = t.items.len();
            if self.version >= 4 && n < 256 {
                self.byte(T_SMALL_TUPLE | flag);
                self.byte(n as u8);
            } else {
                self.byte(T_TUPLE | flag);
                if !self.size(n) {
                    return;
                }
            }
            for item in t.items.iter() {
                self.object(vm, item, false);
            }
        } else if let (true, Some(l)) = (is_exact(v, &LIST_TYPE), downcast::<ListData>(v)) {
            // Nothing below runs Python code, so the list cannot change.
            let items = l.items.borrow();
            self.byte(T_LIST | flag);
            if !self.size(items.len()) {
                return;
            }
            for item in items.iter() {
                self.object(vm, item, false);
            }
        } else if let (true, Some(d)) = (is_exact(v, &DICT_TYPE), downcast::<DictData>(v)) {
            let table = d.table.borrow();
            self.byte(T_DICT | flag);
            for e in table.iter() {
                self.object(vm, &e.key, false);
                self.object(vm, &e.value, false);
            }
            self.byte(T_NULL);
        } else if let (true, Some(s)) = (
            is_exact(v, &SET_TYPE) || is_exact(v, &FROZENSET_TYPE),
            downcast::<SetData>(v),
        ) {
            let frozen = is_exact(v, &FROZENSET_TYPE);
            self.byte(if frozen { T_FROZENSET } else { T_SET } | flag);
            let table = s.table.borrow();
            if !self.size(table.len()) {
                return;
            }
            // CPython writes the elements in the order of
            // sorted(v, key=marshal.dumps) for reproducible output.
            let mut keyed: Vec<(Rc<[u8]>, &Value)> = Vec::with_capacity(table.len());
            for e in table.iter() {
                let addr = e.key.as_object().map(|p| p.as_ptr() as usize);
                if let Some(b) = addr.and_then(|a| self.memo.get(&a)) {
                    keyed.push((b.clone(), &e.key));
                    continue;
                }
                let mut sub = Writer::new(self.version);
                sub.memo = std::mem::take(&mut self.memo);
                sub.object(vm, &e.key, false);
                self.memo = std::mem::take(&mut sub.memo);
                if sub.error.is_some() {
                    self.error = Some(WErr::Unmarshallable);
                    return;
                }
                let out: Rc<[u8]> = sub.out.into();
                if let Some(a) = addr {
                    self.memo.insert(a, out.clone());
                }
                keyed.push((out, &e.key));
            }
            keyed.sort_by(|a, b| a.0.cmp(&b.0));
            for (_, item) in keyed {
                self.object(vm, item, true);
            }
        } else if let (true, Some(c)) = (is_exact(v, &CODE_TYPE), downcast::<CodeData>(v)) {
            let record = serialize::seal(&c.full_code());
            self.byte(T_PYRITE_CODE | flag);
            if self.size(record.len()) {
                self.out.extend_from_slice(&record);
            }
        } else if let Some(b) = downcast::<BytesData>(v) {
            // bytes (and its subclasses: any bytes-like object is `s`).
            self.byte(T_STRING | flag);
            self.pstring(&b.b);
        } else if let Some(b) = downcast::<ByteArrayData>(v) {
            let b = b.b.borrow();
            self.byte(T_STRING | flag);
            self.pstring(&b);
        } else if let Some(b) = super::memoryview::bytes_of(v) {
            self.byte(T_STRING | flag);
            self.pstring(&b);
        } else {
            self.unknown(flag);
        }
    }

    fn unknown(&mut self, flag: u8) {
        self.byte(T_UNKNOWN | flag);
        self.error = Some(WErr::Unmarshallable);
    }
}

/// The identity of `v` for back-references, and whether CPython would see
/// it as shared (reference count above 1; see the module doc).
fn identity(v: &Value) -> (Key, bool) {
    if let Some(i) = v.as_i64() {
        return (Key::Int(i), true);
    }
    if let Some(x) = v.as_f64() {
        return (Key::Float(x.to_bits()), true);
    }
    if let (true, Some(c)) = (is_exact(v, &COMPLEX_TYPE), downcast::<ComplexData>(v)) {
        return (Key::Complex(c.re.to_bits(), c.im.to_bits()), true);
    }
    let Some(p) = v.as_object() else {
        return (Key::Obj(0), false);
    };
    if is_exact(v, &STR_TYPE) {
        if let Some(s) = downcast::<StrData>(v) {
            if s.s.is_empty() {
                return (Key::EmptyStr, true);
            }
            if s.nchars == 1 {
                let c = s.s.chars().next().map_or(0, |c| c as u32);
                if c < 256 && !is_interned(v, s) {
                    return (Key::Latin1(c), true);
                }
            }
        }
    } else if is_exact(v, &BYTES_TYPE) {
        if let Some(b) = downcast::<BytesData>(v) {
            match b.b.len() {
                0 => return (Key::SmallBytes(256), true),
                1 => return (Key::SmallBytes(b.b[0] as u16), true),
                _ => {}
            }
        }
    } else if is_exact(v, &TUPLE_TYPE)
        && downcast::<TupleData>(v).is_some_and(|t| t.items.is_empty())
    {
        return (Key::EmptyTuple, true);
    }
    // SAFETY: `v` holds a reference, so the object is live.
    let rc = unsafe { p.as_ref() }.refcnt();
    (Key::Obj(p.as_ptr() as usize), rc > 1)
}

// ---- reading ----

enum Src<'a> {
    /// `loads`: the data and the position in it.
    Bytes(&'a [u8], usize),
    /// `load`: a binary file read with `readinto`.
    File(Value),
}

struct Reader<'a> {
    src: Src<'a>,
    /// Objects read with FLAG_REF; None while one is still being built.
    refs: Vec<Option<Value>>,
    depth: usize,
}

fn eof(vm: &mut Vm, msg: &str) -> PyErr {
    vm.new_exc(&EOF_ERROR_TYPE, msg)
}

fn bad(vm: &mut Vm, what: &str) -> PyErr {
    vm.value_error(format!("bad marshal data ({})", what))
}

/// Longest single `readinto` call when reading from a file.
const FILE_CHUNK: usize = 1 << 16;

impl<'a> Reader<'a> {
    /// `read_object`: one value; TYPE_NULL is a TypeError here.
    fn top(&mut self, vm: &mut Vm) -> PyResult<Value> {
        match self.object(vm)? {
            Some(v) => Ok(v),
            None => Err(vm.type_error("NULL object in marshal data for object")),
        }
    }

    /// How many bytes may still come (bounds preallocation).
    fn left(&self) -> usize {
        match &self.src {
            Src::Bytes(b, pos) => b.len() - pos,
            Src::File(_) => FILE_CHUNK,
        }
    }

    /// `r_string`: exactly `n` bytes.
    fn take(&mut self, vm: &mut Vm, n: usize) -> PyResult<Cow<'a, [u8]>> {
        match &mut self.src {
            Src::Bytes(b, pos) => {
                let b: &'a [u8] = b;
                if b.len() - *pos < n {
                    return Err(eof(vm, "marshal data too short"));
                }
                let s = &b[*pos..*pos + n];
                *pos += n;
                Ok(Cow::Borrowed(s))
            }
            Src::File(f) => {
                let f = f.clone();
                let mut out = Vec::new();
                while out.len() < n {
                    let want = (n - out.len()).min(FILE_CHUNK);
                    let buf = vm.new_bytearray(vec![0; want]);
                    let r = vm.call_method(&f, "readinto", std::slice::from_ref(&buf))?;
                    let got = vm.index(&r)?.to_i64().unwrap_or(i64::MAX);
                    if got != want as i64 {
                        if got > want as i64 {
                            return Err(vm.value_error(format!(
                                "read() returned too much data: {} bytes requested, {} returned",
                                want, got
                            )));
                        }
                        return Err(eof(vm, "EOF read where not expected"));
                    }
                    if let Some(b) = downcast::<ByteArrayData>(&buf) {
                        let b = b.b.borrow();
                        out.extend_from_slice(&b[..want.min(b.len())]);
                    }
                }
                Ok(Cow::Owned(out))
            }
        }
    }

    /// `r_byte`: None at the end of the data.
    fn byte(&mut self, vm: &mut Vm) -> PyResult<Option<u8>> {
        match &mut self.src {
            Src::Bytes(b, pos) => {
                let c = b.get(*pos).copied();
                if c.is_some() {
                    *pos += 1;
                }
                Ok(c)
            }
            Src::File(_) => match self.take(vm, 1) {
                Ok(b) => Ok(b.first().copied()),
                Err(e) if vm.err_matches(&e, &EOF_ERROR_TYPE) => Ok(None),
                Err(e) => Err(e),
            },
        }
    }

    /// A length byte (short strings, small tuples, float text).
    fn len_byte(&mut self, vm: &mut Vm) -> PyResult<usize> {
        match self.byte(vm)? {
            Some(b) => Ok(b as usize),
            None => Err(eof(vm, "EOF read where not expected")),
        }
    }

    fn long(&mut self, vm: &mut Vm) -> PyResult<i32> {
        let b = self.take(vm, 4)?;
        Ok(i32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    /// A 32-bit size, ValueError "bad marshal data (WHAT size out of
    /// range)" when negative.
    fn size(&mut self, vm: &mut Vm, what: &str) -> PyResult<usize> {
        let n = self.long(vm)?;
        if n < 0 {
            return Err(bad(vm, &format!("{} size out of range", what)));
        }
        Ok(n as usize)
    }

    fn f64(&mut self, vm: &mut Vm) -> PyResult<f64> {
        let b = self.take(vm, 8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(&b);
        Ok(f64::from_le_bytes(a))
    }

    /// `r_float_str`: a length byte and `PyOS_string_to_double`'s text.
    fn float_text(&mut self, vm: &mut Vm) -> PyResult<f64> {
        let n = self.len_byte(vm)?;
        let b = self.take(vm, n)?;
        match std::str::from_utf8(&b).ok().and_then(c_strtod) {
            Some(x) => Ok(x),
            None => Err(vm.value_error(format!(
                "could not convert string to float: '{}'",
                String::from_utf8_lossy(&b)
            ))),
        }
    }

    fn keep(&mut self, flag: bool, v: Value) -> Value {
        if flag {
            self.refs.push(Some(v.clone()));
        }
        v
    }

    fn reserve(&mut self, flag: bool) -> Option<usize> {
        flag.then(|| {
            self.refs.push(None);
            self.refs.len() - 1
        })
    }

    fn fill(&mut self, slot: Option<usize>, v: &Value) {
        if let Some(i) = slot {
            self.refs[i] = Some(v.clone());
        }
    }

    /// `r_object`: a value, or None for TYPE_NULL.
    fn object(&mut self, vm: &mut Vm) -> PyResult<Option<Value>> {
        let Some(code) = self.byte(vm)? else {
            return Err(eof(vm, "EOF read where object expected"));
        };
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            self.depth -= 1;
            return Err(vm.value_error("recursion limit exceeded"));
        }
        let r = self.object_of(vm, code);
        self.depth -= 1;
        r
    }

    fn object_of(&mut self, vm: &mut Vm, code: u8) -> PyResult<Option<Value>> {
        let flag = code & FLAG_REF != 0;
        let v = match code & !FLAG_REF {
            T_NULL => return Ok(None),
            T_NONE => Value::none(),
            T_STOPITER => type_value(&STOP_ITERATION_TYPE),
            T_ELLIPSIS => ellipsis(),
            T_FALSE => Value::from_bool(false),
            T_TRUE => Value::from_bool(true),
            T_INT => {
                let n = self.long(vm)?;
                self.keep(flag, new_int_i64(n as i64))
            }
            T_INT64 => {
                let b = self.take(vm, 8)?;
                let mut a = [0u8; 8];
                a.copy_from_slice(&b);
                self.keep(flag, new_int_i64(i64::from_le_bytes(a)))
            }
            T_LONG => {
                let v = self.long_digits(vm)?;
                self.keep(flag, v)
            }
            T_FLOAT => {
                let x = self.float_text(vm)?;
                self.keep(flag, Value::float(x))
            }
            T_BINARY_FLOAT => {
                let x = self.f64(vm)?;
                self.keep(flag, Value::float(x))
            }
            T_COMPLEX => {
                let re = self.float_text(vm)?;
                let im = self.float_text(vm)?;
                let c = vm.new_complex(re, im);
                self.keep(flag, c)
            }
            T_BINARY_COMPLEX => {
                let re = self.f64(vm)?;
                let im = self.f64(vm)?;
                let c = vm.new_complex(re, im);
                self.keep(flag, c)
            }
            T_STRING => {
                let n = self.size(vm, "bytes object")?;
                let b = self.take(vm, n)?.into_owned();
                let b = vm.new_bytes(b);
                self.keep(flag, b)
            }
            t @ (T_ASCII | T_ASCII_INTERNED | T_SHORT_ASCII | T_SHORT_ASCII_INTERNED) => {
                let n = if t == T_ASCII || t == T_ASCII_INTERNED {
                    self.size(vm, "string")?
                } else {
                    self.len_byte(vm)?
                };
                let b = self.take(vm, n)?;
                // Read as Latin-1, as CPython does.
                let s: String = b.iter().map(|&c| c as char).collect();
                let v = if t == T_ASCII_INTERNED || t == T_SHORT_ASCII_INTERNED {
                    vm.intern(&s)
                } else {
                    vm.new_str_owned(s)
                };
                self.keep(flag, v)
            }
            t @ (T_UNICODE | T_INTERNED) => {
                let n = self.size(vm, "string")?;
                let s = if n == 0 {
                    String::new()
                } else {
                    let b = self.take(vm, n)?;
                    crate::builtins::bytes::decode(vm, &b, "utf-8", "surrogatepass")?
                };
                let v = if t == T_INTERNED {
                    vm.intern(&s)
                } else {
                    vm.new_str_owned(s)
                };
                self.keep(flag, v)
            }
            t @ (T_TUPLE | T_SMALL_TUPLE) => {
                let n = if t == T_SMALL_TUPLE {
                    self.len_byte(vm)?
                } else {
                    self.size(vm, "tuple")?
                };
                let slot = self.reserve(flag);
                let mut items = Vec::with_capacity(n.min(self.left()));
                for _ in 0..n {
                    match self.object(vm)? {
                        Some(x) => items.push(x),
                        None => return Err(vm.type_error("NULL object in marshal data for tuple")),
                    }
                }
                let v = vm.new_tuple(items);
                self.fill(slot, &v);
                v
            }
            T_LIST => {
                let n = self.size(vm, "list")?;
                let v = vm.new_list(Vec::with_capacity(n.min(self.left())));
                self.keep(flag, v.clone());
                for _ in 0..n {
                    let Some(x) = self.object(vm)? else {
                        return Err(vm.type_error("NULL object in marshal data for list"));
                    };
                    if let Some(l) = downcast::<ListData>(&v) {
                        l.items.borrow_mut().push(x);
                    }
                }
                v
            }
            T_DICT => {
                let d = vm.new_dict();
                self.keep(flag, d.clone());
                // Until a NULL key (or a NULL value, which ends it too).
                while let Some(k) = self.object(vm)? {
                    let Some(x) = self.object(vm)? else { break };
                    vm.dict_set(&d, k, x)?;
                }
                d
            }
            t @ (T_SET | T_FROZENSET) => {
                let n = self.size(vm, "set")?;
                let frozen = t == T_FROZENSET;
                let s = vm.new_set(frozen);
                // Frozensets are registered once whole, as in CPython.
                let slot = if frozen {
                    self.reserve(flag)
                } else {
                    self.keep(flag, s.clone());
                    None
                };
                for _ in 0..n {
                    let Some(x) = self.object(vm)? else {
                        return Err(vm.type_error("NULL object in marshal data for set"));
                    };
                    if let Some(sd) = downcast::<SetData>(&s) {
                        vm.table_set(&sd.table, x, Value::none())?;
                    }
                }
                self.fill(slot, &s);
                s
            }
            T_PYRITE_CODE => {
                let slot = self.reserve(flag);
                let n = self.size(vm, "code object")?;
                let b = self.take(vm, n)?;
                let code = match serialize::unseal(&b) {
                    Ok(code) => code,
                    Err(serialize::Unseal::OtherBuild) => {
                        return Err(bad(vm, "code object from another Pyrite build"))
                    }
                    Err(serialize::Unseal::Corrupt) => return Err(bad(vm, "invalid code object")),
                };
                let v = crate::compile::code_value(vm, Arc::new(code));
                self.fill(slot, &v);
                v
            }
            T_CODE => {
                return Err(bad(vm, "CPython code objects cannot be loaded by Pyrite"));
            }
            T_REF => {
                let n = self.long(vm)?;
                match usize::try_from(n).ok().and_then(|i| self.refs.get(i)) {
                    Some(Some(v)) => v.clone(),
                    _ => return Err(bad(vm, "invalid reference")),
                }
            }
            _ => return Err(bad(vm, "unknown type code")),
        };
        Ok(Some(v))
    }

    /// `r_PyLong`: a signed count of 15-bit digits, least significant
    /// first; each must be below 2^15 and the last nonzero.
    fn long_digits(&mut self, vm: &mut Vm) -> PyResult<Value> {
        let n = self.long(vm)?;
        if n == 0 {
            return Ok(new_int_i64(0));
        }
        if n == i32::MIN {
            return Err(bad(vm, "long size out of range"));
        }
        let count = n.unsigned_abs() as usize;
        let mut mag: Vec<u8> = Vec::with_capacity((count * 15 / 8 + 2).min(self.left() + 2));
        let mut acc: u32 = 0;
        let mut nbits = 0;
        for i in 0..count {
            let b = self.take(vm, 2)?;
            let md = i16::from_le_bytes([b[0], b[1]]);
            if md < 0 {
                return Err(bad(vm, "digit out of range in long"));
            }
            if md == 0 && i == count - 1 {
                return Err(bad(vm, "unnormalized long data"));
            }
            acc |= (md as u32) << nbits;
            nbits += 15;
            while nbits >= 8 {
                mag.push(acc as u8);
                acc >>= 8;
                nbits -= 8;
            }
        }
        if nbits > 0 {
            mag.push(acc as u8);
        }
        let mut v = IBig::from(UBig::from_le_bytes(&mag));
        if n < 0 {
            v = -v;
        }
        Ok(new_int(Int::from_ibig(v)))
    }
}

/// `PyOS_string_to_double(s, NULL, NULL)`: the whole text must be a
/// decimal float, `inf`/`infinity` or `nan` (any case), with an optional
/// sign; overflow gives an infinity.
fn c_strtod(s: &str) -> Option<f64> {
    let (neg, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let lower = body.to_ascii_lowercase();
    let x = if lower == "inf" || lower == "infinity" {
        f64::INFINITY
    } else if lower == "nan" {
        f64::NAN
    } else {
        let b = body.as_bytes();
        let mut i = 0;
        let digits = |i: &mut usize| {
            let start = *i;
            while *i < b.len() && b[*i].is_ascii_digit() {
                *i += 1;
            }
            *i - start
        };
        let mut nd = digits(&mut i);
        if i < b.len() && b[i] == b'.' {
            i += 1;
            nd += digits(&mut i);
        }
        if nd == 0 {
            return None;
        }
        if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
            i += 1;
            if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
                i += 1;
            }
            if digits(&mut i) == 0 {
                return None;
            }
        }
        if i != b.len() {
            return None;
        }
        body.parse::<f64>().ok()?
    };
    Some(if neg { -x } else { x })
}
