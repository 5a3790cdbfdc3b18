//! `memoryview`, basic: one-dimensional views of `bytes` and `bytearray`
//! (and of other memoryviews), with formats `B` (the default), `b`, `c`
//! and the native unsigned/signed integer formats that `cast` produces
//! (`H`, `I`, `L`, `Q`, `h`, `i`, `l`, `q`). Indexing and slicing (a slice
//! is a new view), `tolist`, `tobytes`, `hex`, `release` and the context
//! manager protocol, comparison with any bytes-like object, and item
//! assignment on views of a `bytearray`.
//!
//! The view reads its object's buffer on every access (there are no
//! exported-buffer locks: resizing a viewed `bytearray` is not refused,
//! and indices past its new end raise `IndexError`).

use std::cell::Cell;

use crate::builtins::{add_methods, bind};
use crate::modules::typeutil::{new_type, type_addr, type_at};
use crate::object::{alloc_object, TypeObject};
use crate::objects::*;
use crate::types::*;
use crate::value::Value;
use crate::vm::attr::type_value;
use crate::vm::new::new_int_i64;
use crate::vm::{Args, PyResult, Vm};

/// A view: item `k` is the `itemsize` bytes at `start + k * step` of `obj`.
pub struct MemoryViewData {
    pub obj: Value,
    pub start: usize,
    pub step: isize,
    pub len: usize,
    pub itemsize: usize,
    pub format: char,
    pub readonly: bool,
    pub released: Cell<bool>,
}

static MV_T: std::sync::OnceLock<usize> = std::sync::OnceLock::new();

fn mv_type() -> &'static TypeObject {
    type_at(*MV_T.get_or_init(|| {
        let t =
            new_type::<MemoryViewData>("memoryview", "builtins", &OBJECT_TYPE, None, false, false);
        // A sequence for `match`, as CPython's memoryview type is.
        t.flags.set(t.flags.get() | crate::object::type_flags::SEQUENCE);
        add_methods(
            t,
            &[
                ("__new__", mv_new),
                ("__len__", mv_len),
                ("__getitem__", mv_getitem),
                ("__setitem__", mv_setitem),
                ("__eq__", mv_eq),
                ("__ne__", mv_ne),
                ("__hash__", mv_hash),
                ("__repr__", mv_repr),
                ("__enter__", mv_enter),
                ("__exit__", mv_exit),
                ("__iter__", mv_iter),
                ("tolist", mv_tolist),
                ("tobytes", mv_tobytes),
                ("hex", mv_hex),
                ("release", mv_release),
                ("cast", mv_cast),
                ("toreadonly", mv_toreadonly),
            ],
        );
        crate::builtins::add_getsets(
            t,
            &[
                ("obj", g_obj, None),
                ("nbytes", g_nbytes, None),
                ("readonly", g_readonly, None),
                ("itemsize", g_itemsize, None),
                ("format", g_format, None),
                ("ndim", g_ndim, None),
                ("shape", g_shape, None),
                ("strides", g_strides, None),
                ("released", g_released, None),
                ("c_contiguous", g_contig, None),
                ("f_contiguous", g_contig, None),
                ("contiguous", g_contig, None),
            ],
        );
        type_addr(t)
    }))
}

/// Counts a new view as an export of the bytearray it views.
fn exported(v: Value) -> Value {
    if let Some(m) = downcast::<MemoryViewData>(&v) {
        if let Some(b) = downcast::<ByteArrayData>(&m.obj) {
            b.exports.set(b.exports.get() + 1);
        }
    }
    v
}

impl MemoryViewData {
    /// Ends this view's export (on release or when the view dies).
    fn unexport(&self) {
        if let Some(b) = downcast::<ByteArrayData>(&self.obj) {
            b.exports.set(b.exports.get().saturating_sub(1));
        }
    }
}

impl Drop for MemoryViewData {
    fn drop(&mut self) {
        if !self.released.get() {
            self.unexport();
        }
    }
}

// SAFETY: the type's `solid` is itself; instances carry this payload.
unsafe impl Payload for MemoryViewData {
    fn layout() -> &'static TypeObject {
        mv_type()
    }
}

/// The `memoryview` type, for the `builtins` module.
pub fn memoryview_type() -> Value {
    type_value(mv_type())
}

/// Puts `memoryview` into `builtins` if it is not there yet.
pub fn ensure_builtin(vm: &mut Vm) {
    let b = vm.builtins.clone();
    if vm.dict_get_str(&b, "memoryview").is_none() {
        let _ = vm.dict_set_str(&b, "memoryview", memoryview_type());
    }
}

/// The bytes viewed by a memoryview, if `v` is one (and not released).
pub fn bytes_of(v: &Value) -> Option<Vec<u8>> {
    let m = downcast::<MemoryViewData>(v)?;
    if m.released.get() {
        return None;
    }
    Some(collect(m))
}

fn raw(obj: &Value) -> Vec<u8> {
    if let Some(b) = downcast::<BytesData>(obj) {
        return b.b.to_vec();
    }
    if let Some(b) = downcast::<ByteArrayData>(obj) {
        return b.b.borrow().clone();
    }
    Vec::new()
}

fn collect(m: &MemoryViewData) -> Vec<u8> {
    let buf = raw(&m.obj);
    let mut out = Vec::with_capacity(m.len * m.itemsize);
    for k in 0..m.len {
        let off = m.start as isize + k as isize * m.step;
        for j in 0..m.itemsize {
            if let Some(&b) = buf.get(off as usize + j) {
                out.push(b);
            }
        }
    }
    out
}

fn me<'a>(vm: &mut Vm, a: &'a Args) -> PyResult<&'a MemoryViewData> {
    match a.args.first().and_then(downcast::<MemoryViewData>) {
        Some(m) => {
            if m.released.get() {
                return Err(vm.value_error("operation forbidden on released memoryview object"));
            }
            Ok(m)
        }
        None => Err(vm.type_error("descriptor requires a 'memoryview' object")),
    }
}

fn mv_new(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let b = bind(vm, &a, "memoryview", &["object"], true)?;
    let obj = match b[0] {
        Some(o) => o.clone(),
        None => {
            return Err(vm.type_error("memoryview() missing required argument 'object' (pos 1)"))
        }
    };
    Ok(new_view(vm, &obj)?)
}

/// `memoryview(obj)`.
pub fn new_view(vm: &mut Vm, obj: &Value) -> PyResult<Value> {
    if let Some(m) = downcast::<MemoryViewData>(obj) {
        if m.released.get() {
            return Err(vm.value_error("operation forbidden on released memoryview object"));
        }
        let c = MemoryViewData {
            obj: m.obj.clone(),
            start: m.start,
            step: m.step,
            len: m.len,
            itemsize: m.itemsize,
            format: m.format,
            readonly: m.readonly,
            released: Cell::new(false),
        };
        return Ok(exported(alloc_object(mv_type(), c)));
    }
    let (len, readonly) = if let Some(b) = downcast::<BytesData>(obj) {
        (b.b.len(), true)
    } else if let Some(b) = downcast::<ByteArrayData>(obj) {
        (b.b.borrow().len(), false)
    } else {
        return Err(vm.type_error(format!(
            "memoryview: a bytes-like object is required, not '{}'",
            obj.type_of().name()
        )));
    };
    Ok(exported(alloc_object(
        mv_type(),
        MemoryViewData {
            obj: obj.clone(),
            start: 0,
            step: 1,
            len,
            itemsize: 1,
            format: 'B',
            readonly,
            released: Cell::new(false),
        },
    )))
}

fn item_value(vm: &mut Vm, fmt: char, bytes: &[u8]) -> Value {
    let mut le = [0u8; 8];
    le[..bytes.len()].copy_from_slice(bytes);
    let u = u64::from_ne_bytes(le);
    match fmt {
        'c' => vm.new_bytes(bytes.to_vec()),
        'b' | 'h' | 'i' | 'l' | 'q' | 'n' => {
            let bits = bytes.len() * 8;
            let v = if bits == 64 {
                u as i64
            } else {
                ((u << (64 - bits)) as i64) >> (64 - bits)
            };
            crate::vm::new::new_int(crate::int::Int::Small(v))
        }
        '?' => Value::from_bool(u != 0),
        _ => {
            if u > i64::MAX as u64 {
                let big = crate::int::Int::from_i128(u as i128);
                crate::vm::new::new_int(big)
            } else {
                crate::vm::new::new_int(crate::int::Int::Small(u as i64))
            }
        }
    }
}

fn item_at(vm: &mut Vm, m: &MemoryViewData, k: usize) -> PyResult<Value> {
    let buf = raw(&m.obj);
    let off = (m.start as isize + k as isize * m.step) as usize;
    if off + m.itemsize > buf.len() {
        return Err(vm.index_error("index out of bounds on dimension 1"));
    }
    Ok(item_value(vm, m.format, &buf[off..off + m.itemsize]))
}

fn mv_len(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let m = me(vm, &a)?;
    Ok(new_int_i64(m.len as i64))
}

fn mv_getitem(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let m = me(vm, &a)?;
    let key = &a.args[1];
    if let Some(sl) = downcast::<SliceData>(key) {
        let (start, _stop, step, n) = crate::builtins::strings::slice_indices(vm, sl, m.len)?;
        let c = MemoryViewData {
            obj: m.obj.clone(),
            start: (m.start as isize + start as isize * m.step) as usize,
            step: m.step * step as isize,
            len: n,
            itemsize: m.itemsize,
            format: m.format,
            readonly: m.readonly,
            released: Cell::new(false),
        };
        return Ok(exported(alloc_object(mv_type(), c)));
    }
    if key.is(crate::vm::new::ellipsis().borrow()) {
        return Ok(a.args[0].clone());
    }
    if downcast::<TupleData>(key).is_some() {
        return Err(vm.type_error("memoryview: invalid slice key"));
    }
    let i = vm
        .index_i64(key)
        .map_err(|_| vm.type_error("memoryview: invalid slice key"))?;
    let k = if i < 0 { i + m.len as i64 } else { i };
    if k < 0 || k >= m.len as i64 {
        return Err(vm.index_error("index out of bounds on dimension 1"));
    }
    item_at(vm, m, k as usize)
}

fn pack_item(vm: &mut Vm, fmt: char, size: usize, v: &Value) -> PyResult<Vec<u8>> {
    if fmt == 'c' {
        match crate::builtins::bytes::as_bytes(v) {
            Some(b) if b.len() == 1 => return Ok(b),
            _ => return Err(vm.value_error("memoryview: invalid value for format 'c'")),
        }
    }
    let i = match crate::vm::ops::to_int(v) {
        Some(i) => i,
        None => return Err(vm.type_error(format!("memoryview: invalid type for format '{}'", fmt))),
    };
    let x = i.to_i64();
    let signed = matches!(fmt, 'b' | 'h' | 'i' | 'l' | 'q' | 'n');
    let bits = size * 8;
    let ok = match x {
        Some(x) => {
            if signed {
                bits == 64 || (x >= -(1i64 << (bits - 1)) && x < (1i64 << (bits - 1)))
            } else {
                x >= 0 && (bits == 64 || x < (1i64 << bits))
            }
        }
        None => false,
    };
    if !ok {
        return Err(vm.value_error(format!("memoryview: invalid value for format '{}'", fmt)));
    }
    Ok(x.unwrap().to_ne_bytes()[..size].to_vec())
}

fn mv_setitem(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let m = me(vm, &a)?;
    if m.readonly {
        return Err(vm.type_error("cannot modify read-only memory"));
    }
    let ba = match downcast::<ByteArrayData>(&m.obj) {
        Some(b) => b,
        None => return Err(vm.type_error("cannot modify read-only memory")),
    };
    let key = &a.args[1];
    let val = &a.args[2];
    if let Some(sl) = downcast::<SliceData>(key) {
        let (start, _stop, step, n) = crate::builtins::strings::slice_indices(vm, sl, m.len)?;
        let src = match crate::builtins::bytes::as_bytes(val).or_else(|| bytes_of(val)) {
            Some(b) => b,
            None => {
                return Err(vm.type_error(format!(
                    "a bytes-like object is required, not '{}'",
                    val.type_of().name()
                )))
            }
        };
        if src.len() != n * m.itemsize {
            return Err(vm.value_error(
                "memoryview assignment: lvalue and rvalue have different structures",
            ));
        }
        let mut buf = ba.b.borrow_mut();
        for k in 0..n {
            let off = (m.start as isize + (start as isize + k as isize * step as isize) * m.step)
                as usize;
            for j in 0..m.itemsize {
                if off + j < buf.len() {
                    buf[off + j] = src[k * m.itemsize + j];
                }
            }
        }
        return Ok(Value::none());
    }
    let i = vm.index_i64(key)?;
    let k = if i < 0 { i + m.len as i64 } else { i };
    if k < 0 || k >= m.len as i64 {
        return Err(vm.index_error("index out of bounds on dimension 1"));
    }
    let bytes = pack_item(vm, m.format, m.itemsize, val)?;
    let off = (m.start as isize + k as isize * m.step) as usize;
    let mut buf = ba.b.borrow_mut();
    for (j, b) in bytes.iter().enumerate() {
        if off + j < buf.len() {
            buf[off + j] = *b;
        }
    }
    Ok(Value::none())
}

fn mv_tolist(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let m = me(vm, &a)?;
    let mut out = Vec::with_capacity(m.len);
    for k in 0..m.len {
        out.push(item_at(vm, m, k)?);
    }
    Ok(vm.new_list(out))
}

fn mv_tobytes(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let m = me(vm, &a)?;
    let b = collect(m);
    Ok(vm.new_bytes(b))
}

fn mv_hex(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let m = me(vm, &a)?;
    let b = collect(m);
    let s = crate::builtins::bytes::hex_of(vm, &b, a.args.get(1), a.args.get(2))?;
    Ok(vm.new_str_owned(s))
}

fn mv_release(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    if let Some(m) = downcast::<MemoryViewData>(&a.args[0]) {
        if !m.released.get() {
            m.unexport();
        }
        m.released.set(true);
    }
    Ok(Value::none())
}

fn mv_enter(vm: &mut Vm, a: Args) -> PyResult<Value> {
    me(vm, &a)?;
    Ok(a.args[0].clone())
}

fn mv_exit(vm: &mut Vm, a: Args) -> PyResult<Value> {
    mv_release(vm, a)?;
    Ok(Value::from_bool(false))
}

fn mv_iter(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let l = mv_tolist(vm, a)?;
    vm.iter(&l)
}

fn mv_toreadonly(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let m = me(vm, &a)?;
    let c = MemoryViewData {
        obj: m.obj.clone(),
        start: m.start,
        step: m.step,
        len: m.len,
        itemsize: m.itemsize,
        format: m.format,
        readonly: true,
        released: Cell::new(false),
    };
    Ok(exported(alloc_object(mv_type(), c)))
}

fn format_size(f: &str) -> Option<(char, usize)> {
    let f = f.strip_prefix('@').unwrap_or(f);
    Some(match f {
        "B" => ('B', 1),
        "b" => ('b', 1),
        "c" => ('c', 1),
        "?" => ('?', 1),
        "H" => ('H', 2),
        "h" => ('h', 2),
        "I" => ('I', 4),
        "i" => ('i', 4),
        "L" => ('L', 8),
        "l" => ('l', 8),
        "Q" => ('Q', 8),
        "q" => ('q', 8),
        "N" => ('N', 8),
        "n" => ('n', 8),
        _ => return None,
    })
}

fn mv_cast(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let b = bind(vm, &a, "cast", &["format", "shape"], true)?;
    let m = me(vm, &a)?;
    let f = match b[0] {
        Some(f) if downcast::<StrData>(f).is_some() => crate::vm::str_of(f).to_string(),
        _ => return Err(vm.type_error("memoryview: format argument must be a string")),
    };
    if b[1].is_some() {
        return Err(vm.type_error("memoryview: cast with a shape is not supported"));
    }
    let (fc, size) = match format_size(&f) {
        Some(x) => x,
        None => return Err(vm.value_error("memoryview: destination format must be a native single character format prefixed with an optional '@'")),
    };
    if m.step != m.itemsize as isize {
        return Err(vm.type_error("memoryview: casts are restricted to C-contiguous views"));
    }
    if m.itemsize != 1 && size != 1 {
        return Err(vm.type_error("memoryview: cannot cast between two non-byte formats"));
    }
    let nbytes = m.len * m.itemsize;
    if nbytes % size != 0 {
        return Err(vm.type_error("memoryview: length is not a multiple of itemsize"));
    }
    let c = MemoryViewData {
        obj: m.obj.clone(),
        start: m.start,
        step: size as isize,
        len: nbytes / size,
        itemsize: size,
        format: fc,
        readonly: m.readonly,
        released: Cell::new(false),
    };
    Ok(exported(alloc_object(mv_type(), c)))
}

fn mv_eq(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let m = match downcast::<MemoryViewData>(&a.args[0]) {
        Some(m) => m,
        None => return crate::builtins::not_impl(),
    };
    if a.args[0].is(a.args[1].borrow()) {
        return Ok(Value::from_bool(true));
    }
    if m.released.get() {
        return Ok(Value::from_bool(false));
    }
    if let Some(o) = downcast::<MemoryViewData>(&a.args[1]) {
        if o.released.get() {
            return Ok(Value::from_bool(false));
        }
        if m.format == o.format
            || (m.itemsize == 1 && o.itemsize == 1 && m.format != 'c' && o.format != 'c')
        {
            return Ok(Value::from_bool(collect(m) == collect(o)));
        }
        let x = mv_tolist(vm, Args::new(&a.args[0..1]))?;
        let y = mv_tolist(vm, Args::new(&a.args[1..2]))?;
        return Ok(Value::from_bool(vm.eq(&x, &y)?));
    }
    match crate::builtins::bytes::as_bytes(&a.args[1]) {
        Some(b) => {
            if m.format == 'B' || m.format == 'b' || m.format == 'c' {
                Ok(Value::from_bool(
                    collect(m) == b && m.format != 'b'
                        || (m.format == 'b' && collect(m) == b && b.iter().all(|&x| x < 128)),
                ))
            } else {
                Ok(Value::from_bool(false))
            }
        }
        None => crate::builtins::not_impl(),
    }
}

fn mv_ne(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let r = mv_eq(vm, a)?;
    match r.as_bool() {
        Some(b) => Ok(Value::from_bool(!b)),
        None => Ok(r),
    }
}

fn mv_hash(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let m = me(vm, &a)?;
    if !m.readonly {
        return Err(vm.value_error("cannot hash writable memoryview object"));
    }
    let b = collect(m);
    Ok(new_int_i64(crate::vm::new::bytes_hash(&b)))
}

fn mv_repr(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let m = downcast::<MemoryViewData>(&a.args[0]).unwrap();
    let addr = a.args[0].to_bits();
    let s = if m.released.get() {
        format!("<released memory at 0x{:x}>", addr)
    } else {
        format!("<memory at 0x{:x}>", addr)
    };
    Ok(vm.new_str_owned(s))
}

fn g_obj(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    let m = downcast::<MemoryViewData>(v).unwrap();
    if m.released.get() {
        return Err(vm.value_error("operation forbidden on released memoryview object"));
    }
    Ok(m.obj.clone())
}

fn g_nbytes(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    let m = downcast::<MemoryViewData>(v).unwrap();
    Ok(new_int_i64((m.len * m.itemsize) as i64))
}

fn g_readonly(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(Value::from_bool(
        downcast::<MemoryViewData>(v).unwrap().readonly,
    ))
}

fn g_itemsize(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(new_int_i64(
        downcast::<MemoryViewData>(v).unwrap().itemsize as i64,
    ))
}

fn g_format(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    let f = downcast::<MemoryViewData>(v).unwrap().format;
    Ok(vm.new_str(&f.to_string()))
}

fn g_ndim(_vm: &mut Vm, _v: &Value) -> PyResult<Value> {
    Ok(new_int_i64(1))
}

fn g_shape(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    let m = downcast::<MemoryViewData>(v).unwrap();
    Ok(vm.new_tuple(vec![new_int_i64(m.len as i64)]))
}

fn g_strides(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    let m = downcast::<MemoryViewData>(v).unwrap();
    Ok(vm.new_tuple(vec![new_int_i64(m.step as i64)]))
}

fn g_released(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(Value::from_bool(
        downcast::<MemoryViewData>(v).unwrap().released.get(),
    ))
}

fn g_contig(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    let m = downcast::<MemoryViewData>(v).unwrap();
    Ok(Value::from_bool(
        m.step == m.itemsize as isize || m.len <= 1,
    ))
}
