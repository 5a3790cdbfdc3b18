//! `_struct`: packing values into bytes per a format string, with
//! CPython 3.11's formats (byte order `@=<>!`, codes `xcbB?hHiIlLqQnNefdspP`),
//! native sizes and alignment of x86-64/aarch64 Linux, and its messages.

use std::cell::RefCell;
use std::sync::OnceLock;

use crate::builtins::{add_getsets, add_methods};
use crate::int::Int;
use crate::object::{alloc_object, TypeObject};
use crate::objects::*;
use crate::types::*;
use crate::value::Value;
use crate::vm::attr::{as_type, lookup, type_value};
use crate::vm::new::{new_int, new_int_i64};
use crate::vm::ops::{to_float, to_int};
use crate::vm::{str_of, Args, PyErr, PyResult, Vm};

use super::typeutil::{new_type, type_addr, type_at};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Order {
    Native,
    Little,
    Big,
}

/// One item of a compiled format: the code, its repeat count (or length
/// for `s`/`p`), its offset and size in bytes (per item).
#[derive(Clone, Copy)]
struct Item {
    code: u8,
    count: usize,
    offset: usize,
    size: usize,
}

/// A compiled format.
#[derive(Clone)]
pub struct Format {
    order: Order,
    /// Native sizes and alignment (`@`).
    native: bool,
    items: Vec<Item>,
    size: usize,
    /// Values consumed by `pack` / produced by `unpack`.
    nvalues: usize,
}

fn code_size(code: u8, native: bool) -> Option<usize> {
    Some(match code {
        b'x' | b'c' | b'b' | b'B' | b'?' | b's' | b'p' => 1,
        b'h' | b'H' | b'e' => 2,
        b'i' | b'I' | b'f' => 4,
        b'l' | b'L' => {
            if native {
                8
            } else {
                4
            }
        }
        b'q' | b'Q' | b'd' => 8,
        b'n' | b'N' | b'P' if native => 8,
        _ => return None,
    })
}

fn compile(fmt: &[u8]) -> Result<Format, &'static str> {
    let (order, native, rest) = match fmt.first() {
        Some(b'@') => (Order::Native, true, &fmt[1..]),
        Some(b'=') => (Order::Native, false, &fmt[1..]),
        Some(b'<') => (Order::Little, false, &fmt[1..]),
        Some(b'>') | Some(b'!') => (Order::Big, false, &fmt[1..]),
        _ => (Order::Native, true, fmt),
    };
    let mut items = Vec::new();
    let mut size = 0usize;
    let mut nvalues = 0usize;
    let mut i = 0;
    while i < rest.len() {
        let c = rest[i];
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let mut count = 1usize;
        if c.is_ascii_digit() {
            let mut n: usize = 0;
            while i < rest.len() && rest[i].is_ascii_digit() {
                n = n
                    .checked_mul(10)
                    .and_then(|n| n.checked_add((rest[i] - b'0') as usize))
                    .ok_or("total struct size too long")?;
                i += 1;
            }
            if i >= rest.len() {
                return Err("repeat count given without format specifier");
            }
            count = n;
        }
        let code = rest[i];
        i += 1;
        let Some(sz) = code_size(code, native) else {
            return Err("bad char in struct format");
        };
        if native && sz > 1 {
            size = size.div_ceil(sz) * sz;
        }
        match code {
            b's' | b'p' => {
                items.push(Item {
                    code,
                    count,
                    offset: size,
                    size: 1,
                });
                size = size
                    .checked_add(count)
                    .ok_or("total struct size too long")?;
                nvalues += 1;
            }
            b'x' => {
                size = size
                    .checked_add(count)
                    .ok_or("total struct size too long")?;
            }
            _ => {
                if count > 0 {
                    items.push(Item {
                        code,
                        count,
                        offset: size,
                        size: sz,
                    });
                }
                size = count
                    .checked_mul(sz)
                    .and_then(|n| size.checked_add(n))
                    .ok_or("total struct size too long")?;
                nvalues += count;
            }
        }
    }
    Ok(Format {
        order,
        native,
        items,
        size,
        nvalues,
    })
}

static ERROR: OnceLock<usize> = OnceLock::new();
static STRUCT: OnceLock<usize> = OnceLock::new();

fn error_type() -> &'static TypeObject {
    type_at(*ERROR.get().expect("struct.error"))
}

fn err(vm: &mut Vm, msg: impl Into<String>) -> PyErr {
    vm.new_exc(error_type(), msg)
}

fn format_bytes(vm: &mut Vm, f: &Value, who: &str) -> PyResult<Vec<u8>> {
    if let Some(s) = downcast::<StrData>(f) {
        return Ok(s.s.as_bytes().to_vec());
    }
    if let Some(b) = downcast::<BytesData>(f) {
        return Ok(b.b.to_vec());
    }
    Err(vm.type_error(format!(
        "{} argument 1 must be a str or bytes object, not {}",
        who,
        f.type_of().name()
    )))
}

fn get_format(vm: &mut Vm, f: &Value) -> PyResult<Format> {
    if let Some(s) = downcast::<StructData>(f) {
        return Ok(s.fmt.borrow().clone());
    }
    let b = format_bytes(vm, f, "Struct()")?;
    compile(&b).map_err(|m| err(vm, m))
}

/// The bytes of a bytes-like object.
fn buffer(vm: &mut Vm, v: &Value) -> PyResult<Vec<u8>> {
    if let Some(b) = downcast::<BytesData>(v) {
        return Ok(b.b.to_vec());
    }
    if let Some(b) = downcast::<ByteArrayData>(v) {
        return Ok(b.b.borrow().clone());
    }
    if downcast::<StrData>(v).is_none() && lookup(v.type_of(), "tobytes").is_some() {
        let r = vm.call_method(v, "tobytes", &[])?;
        if let Some(b) = downcast::<BytesData>(&r) {
            return Ok(b.b.to_vec());
        }
    }
    Err(vm.type_error(format!(
        "a bytes-like object is required, not '{}'",
        v.type_of().name()
    )))
}

// ---- packing ----

fn int_arg(vm: &mut Vm, v: &Value) -> PyResult<Int> {
    if let Some(i) = to_int(v) {
        return Ok(i);
    }
    if to_float(v).is_none() && lookup(v.type_of(), "__index__").is_some() {
        return vm.index(v);
    }
    Err(err(vm, "required argument is not an integer"))
}

fn float_arg(vm: &mut Vm, v: &Value) -> PyResult<f64> {
    if let Some(f) = to_float(v) {
        return Ok(f);
    }
    if let Some(i) = to_int(v) {
        return i
            .to_f64()
            .map_err(|_| err(vm, "required argument is not a float"));
    }
    if lookup(v.type_of(), "__float__").is_some() || lookup(v.type_of(), "__index__").is_some() {
        return super::math::real(vm, v);
    }
    Err(err(vm, "required argument is not a float"))
}

fn put(out: &mut [u8], order: Order, bytes_le: &[u8]) {
    match order {
        Order::Big => {
            for (i, b) in bytes_le.iter().rev().enumerate() {
                out[i] = *b;
            }
        }
        _ => out[..bytes_le.len()].copy_from_slice(bytes_le),
    }
}

/// IEEE 754 half precision, round-half-even (`PyFloat_Pack2`).
fn pack_half(vm: &mut Vm, x: f64) -> PyResult<u16> {
    let sign: u16 = if x.is_sign_negative() { 0x8000 } else { 0 };
    if x.is_nan() {
        return Ok(sign | 0x7e00);
    }
    if x.is_infinite() {
        return Ok(sign | 0x7c00);
    }
    let a = x.abs();
    if a == 0.0 {
        return Ok(sign);
    }
    // Work in units of 2^-24 (the smallest subnormal).
    let (m, e) = crate::numops::frexp(a); // a = m * 2^e, 0.5 <= m < 1
    let mut e = e - 1; // a = (2m) * 2^e, 1 <= 2m < 2
    let mut f = 2.0 * m;
    let bits: u16;
    if e < -14 {
        // Subnormal: value / 2^-24, rounded half-even.
        let scaled = a * (1u64 << 24) as f64;
        let r = round_half_even(scaled);
        if r >= 1024.0 {
            bits = 1 << 10; // rounds up to the smallest normal
        } else {
            bits = r as u16;
        }
        return Ok(sign | bits);
    }
    // Normal: 10 fraction bits.
    f -= 1.0;
    let mut frac = round_half_even(f * 1024.0);
    if frac >= 1024.0 {
        frac = 0.0;
        e += 1;
    }
    if e > 15 {
        return Err(vm.overflow_error("float too large to pack with e format"));
    }
    bits = (((e + 15) as u16) << 10) | frac as u16;
    Ok(sign | bits)
}

fn round_half_even(x: f64) -> f64 {
    x.round_ties_even()
}

fn unpack_half(h: u16) -> f64 {
    let sign = if h & 0x8000 != 0 { -1.0 } else { 1.0 };
    let e = ((h >> 10) & 0x1f) as i32;
    let f = (h & 0x3ff) as f64;
    let v = if e == 0 {
        f * 2f64.powi(-24)
    } else if e == 31 {
        if f == 0.0 {
            f64::INFINITY
        } else {
            f64::NAN
        }
    } else {
        (1.0 + f / 1024.0) * 2f64.powi(e - 15)
    };
    sign * v
}

fn range_err(vm: &mut Vm, code: u8, size: usize, unsigned: bool) -> PyErr {
    let ul: u64 = if size >= 8 {
        u64::MAX
    } else {
        (1u64 << (size * 8)) - 1
    };
    if unsigned {
        err(
            vm,
            format!("'{}' format requires 0 <= number <= {}", code as char, ul),
        )
    } else {
        let l = (ul >> 1) as i64;
        err(
            vm,
            format!(
                "'{}' format requires {} <= number <= {}",
                code as char, !l, l
            ),
        )
    }
}

fn pack_one(vm: &mut Vm, f: &Format, it: &Item, v: &Value, out: &mut [u8]) -> PyResult<()> {
    let order = f.order;
    match it.code {
        b'c' => match downcast::<BytesData>(v)
            .filter(|b| b.b.len() == 1)
            .map(|b| b.b[0])
            .or_else(|| {
                downcast::<ByteArrayData>(v)
                    .filter(|b| b.b.borrow().len() == 1)
                    .map(|b| b.b.borrow()[0])
            }) {
            Some(c) => out[0] = c,
            None => return Err(err(vm, "char format requires a bytes object of length 1")),
        },
        b'?' => out[0] = vm.truthy(v)? as u8,
        b'b' | b'B' | b'h' | b'H' => {
            let i = int_arg(vm, v)?;
            let Some(x) = i.to_i64() else {
                return Err(err(vm, "argument out of range"));
            };
            let (lo, hi, name) = match it.code {
                b'b' => (-128, 127, "byte"),
                b'B' => (0, 255, "ubyte"),
                b'h' => (-32768, 32767, "short"),
                _ => (0, 65535, "ushort"),
            };
            // Big-endian standard sizes pack 'h'/'H' with CPython's bp_
            // functions: a negative for 'H' cannot convert, and the range
            // message names the code. (On a little-endian machine '<' and
            // '=' use the native functions, like 'b'/'B' everywhere.)
            if order == Order::Big && matches!(it.code, b'h' | b'H') {
                if it.code == b'H' && x < 0 {
                    return Err(err(vm, "argument out of range"));
                }
                if x < lo || x > hi {
                    return Err(range_err(vm, it.code, 2, it.code == b'H'));
                }
            }
            if x < lo || x > hi {
                return Err(err(
                    vm,
                    format!("{} format requires {} <= number <= {}", name, lo, hi),
                ));
            }
            put(out, order, &x.to_le_bytes()[..it.size]);
        }
        b'i' | b'l' | b'q' | b'n' => {
            let i = int_arg(vm, v)?;
            let Some(x) = i.to_i64() else {
                return Err(err(vm, "argument out of range"));
            };
            if it.size == 4 && (x < i32::MIN as i64 || x > i32::MAX as i64) {
                return Err(range_err(vm, it.code, 4, false));
            }
            put(out, order, &x.to_le_bytes()[..it.size]);
        }
        b'I' | b'L' | b'Q' | b'N' => {
            let i = int_arg(vm, v)?;
            if i.is_negative() {
                return Err(err(vm, "argument out of range"));
            }
            let Some(x) = u64::try_from(i.to_ibig()).ok() else {
                return Err(err(vm, "argument out of range"));
            };
            if it.size == 4 && x > u32::MAX as u64 {
                return Err(range_err(vm, it.code, 4, true));
            }
            put(out, order, &x.to_le_bytes()[..it.size]);
        }
        b'P' => {
            let i = int_arg(vm, v)?;
            let x = match i.to_i64() {
                Some(x) => x as u64,
                None => match u64::try_from(i.to_ibig()) {
                    Ok(u) => u,
                    Err(_) => return Err(vm.overflow_error("int too large to convert to pointer")),
                },
            };
            put(out, order, &x.to_le_bytes());
        }
        b'e' => {
            let x = float_arg(vm, v)?;
            let h = pack_half(vm, x)?;
            put(out, order, &h.to_le_bytes());
        }
        b'f' => {
            let x = float_arg(vm, v)?;
            if !f.native && x.is_finite() && (x as f32).is_infinite() {
                return Err(vm.overflow_error("float too large to pack with f format"));
            }
            put(out, order, &(x as f32).to_bits().to_le_bytes());
        }
        b'd' => {
            let x = float_arg(vm, v)?;
            put(out, order, &x.to_bits().to_le_bytes());
        }
        _ => unreachable!(),
    }
    Ok(())
}

fn pack_values(vm: &mut Vm, f: &Format, vals: &[Value], who: &str) -> PyResult<Vec<u8>> {
    if vals.len() != f.nvalues {
        return Err(err(
            vm,
            format!(
                "{} expected {} items for packing (got {})",
                who,
                f.nvalues,
                vals.len()
            ),
        ));
    }
    let mut out = vec![0u8; f.size];
    let mut k = 0;
    for it in &f.items {
        match it.code {
            b's' | b'p' => {
                let v = &vals[k];
                k += 1;
                let data = match (downcast::<BytesData>(v), downcast::<ByteArrayData>(v)) {
                    (Some(b), _) => b.b.to_vec(),
                    (_, Some(b)) => b.b.borrow().clone(),
                    _ => {
                        return Err(err(
                            vm,
                            format!("argument for '{}' must be a bytes object", it.code as char),
                        ))
                    }
                };
                let dst = &mut out[it.offset..it.offset + it.count];
                if it.code == b's' {
                    let n = data.len().min(it.count);
                    dst[..n].copy_from_slice(&data[..n]);
                } else if it.count > 0 {
                    let n = data.len().min(it.count - 1);
                    dst[1..1 + n].copy_from_slice(&data[..n]);
                    dst[0] = n.min(255) as u8;
                }
            }
            _ => {
                for r in 0..it.count {
                    let off = it.offset + r * it.size;
                    let v = vals[k].clone();
                    k += 1;
                    pack_one(vm, f, it, &v, &mut out[off..off + it.size])?;
                }
            }
        }
    }
    Ok(out)
}

fn get(b: &[u8], order: Order) -> u64 {
    let mut x: u64 = 0;
    match order {
        Order::Big => {
            for &c in b {
                x = (x << 8) | c as u64;
            }
        }
        _ => {
            for &c in b.iter().rev() {
                x = (x << 8) | c as u64;
            }
        }
    }
    x
}

fn unpack_values(vm: &mut Vm, f: &Format, b: &[u8]) -> PyResult<Value> {
    let mut out = Vec::with_capacity(f.nvalues);
    for it in &f.items {
        match it.code {
            b's' => out.push(vm.new_bytes(b[it.offset..it.offset + it.count].to_vec())),
            b'p' => {
                if it.count == 0 {
                    out.push(vm.new_bytes(vec![]));
                } else {
                    let n = (b[it.offset] as usize).min(it.count - 1);
                    out.push(vm.new_bytes(b[it.offset + 1..it.offset + 1 + n].to_vec()));
                }
            }
            _ => {
                for r in 0..it.count {
                    let off = it.offset + r * it.size;
                    let s = &b[off..off + it.size];
                    let raw = get(s, f.order);
                    let v = match it.code {
                        b'c' => vm.new_bytes(vec![s[0]]),
                        b'?' => Value::from_bool(s.iter().any(|&c| c != 0)),
                        b'b' | b'h' | b'i' | b'l' | b'q' | b'n' => {
                            let sh = 64 - 8 * it.size as u32;
                            new_int_i64(((raw << sh) as i64) >> sh)
                        }
                        b'B' | b'H' | b'I' | b'L' | b'Q' | b'N' | b'P' => {
                            if raw > i64::MAX as u64 {
                                new_int(Int::from(raw))
                            } else {
                                new_int_i64(raw as i64)
                            }
                        }
                        b'e' => Value::from_f64(unpack_half(raw as u16)),
                        b'f' => Value::from_f64(f32::from_bits(raw as u32) as f64),
                        b'd' => Value::from_f64(f64::from_bits(raw)),
                        _ => unreachable!(),
                    };
                    out.push(v);
                }
            }
        }
    }
    Ok(vm.new_tuple(out))
}

// ---- the operations, shared by the module functions and Struct ----

fn do_unpack(vm: &mut Vm, f: &Format, buf: &Value) -> PyResult<Value> {
    let b = buffer(vm, buf)?;
    if b.len() != f.size {
        return Err(err(
            vm,
            format!("unpack requires a buffer of {} bytes", f.size),
        ));
    }
    unpack_values(vm, f, &b)
}

fn do_unpack_from(vm: &mut Vm, f: &Format, buf: &Value, offset: Option<&Value>) -> PyResult<Value> {
    let b = buffer(vm, buf)?;
    let mut off = match offset {
        Some(o) => vm.index_i64(o)?,
        None => 0,
    };
    let len = b.len() as i64;
    if off < 0 {
        if off + len < 0 {
            return Err(err(
                vm,
                format!("offset {} out of range for {}-byte buffer", off, len),
            ));
        }
        if off + (f.size as i64) > 0 {
            return Err(err(
                vm,
                format!(
                    "not enough data to unpack {} bytes at offset {}",
                    f.size, off
                ),
            ));
        }
        off += len;
    }
    if len - off < f.size as i64 {
        return Err(err(vm, format!("unpack_from requires a buffer of at least {} bytes for unpacking {} bytes at offset {} (actual buffer size is {})", f.size as i64 + off, f.size, off, len)));
    }
    let o = off as usize;
    unpack_values(vm, f, &b[o..o + f.size])
}

fn do_pack_into(
    vm: &mut Vm,
    f: &Format,
    buf: &Value,
    offset: &Value,
    vals: &[Value],
) -> PyResult<Value> {
    let data = pack_values(vm, f, vals, "pack_into")?;
    let Some(ba) = downcast::<ByteArrayData>(buf) else {
        if lookup(buf.type_of(), "__setitem__").is_some() && downcast::<BytesData>(buf).is_none() {
            // A writable buffer such as a memoryview: slice-assign.
            let mut off = vm.index_i64(offset)?;
            let len = vm.len(buf)? as i64;
            if off < 0 {
                off += len;
            }
            let start = new_int_i64(off);
            let stop = new_int_i64(off + data.len() as i64);
            let sl = vm.new_slice(start, stop, Value::none());
            let bv = vm.new_bytes(data);
            vm.setitem(buf, sl, bv)?;
            return Ok(Value::none());
        }
        return Err(vm.type_error(format!(
            "argument must be read-write bytes-like object, not {}",
            buf.type_of().name()
        )));
    };
    let mut off = vm.index_i64(offset)?;
    let len = ba.b.borrow().len() as i64;
    if off < 0 {
        if off + len < 0 {
            return Err(err(
                vm,
                format!("offset {} out of range for {}-byte buffer", off, len),
            ));
        }
        if off + (f.size as i64) > 0 {
            return Err(err(
                vm,
                format!("no space to pack {} bytes at offset {}", f.size, off),
            ));
        }
        off += len;
    }
    if len - off < f.size as i64 {
        return Err(err(vm, format!("pack_into requires a buffer of at least {} bytes for packing {} bytes at offset {} (actual buffer size is {})", f.size as i64 + off, f.size, off, len)));
    }
    let o = off as usize;
    ba.b.borrow_mut()[o..o + data.len()].copy_from_slice(&data);
    Ok(Value::none())
}

fn do_iter_unpack(vm: &mut Vm, f: &Format, buf: &Value) -> PyResult<Value> {
    if f.size == 0 {
        return Err(err(
            vm,
            "cannot iteratively unpack with a struct of length 0",
        ));
    }
    let b = buffer(vm, buf)?;
    if b.len() % f.size != 0 {
        return Err(err(
            vm,
            format!(
                "iterative unpacking requires a buffer of a multiple of {} bytes",
                f.size
            ),
        ));
    }
    let mut out = Vec::with_capacity(b.len() / f.size);
    for chunk in b.chunks(f.size) {
        out.push(unpack_values(vm, f, chunk)?);
    }
    let l = vm.new_list(out);
    vm.iter(&l)
}

// ---- module functions ----

fn fmt_first<'a>(
    vm: &mut Vm,
    a: &Args<'a>,
    name: &str,
    min: usize,
) -> PyResult<(Format, &'a [Value])> {
    let pos: &'a [Value] = a.pos();
    if pos.len() < min {
        let msg = if min == 1 {
            format!("{}() missing required argument 'format' (pos 1)", name)
        } else {
            format!("{} expected {} arguments, got {}", name, min, pos.len())
        };
        return Err(vm.type_error(msg));
    }
    let f = get_format(vm, &pos[0])?;
    Ok((f, &pos[1..]))
}

fn s_pack(vm: &mut Vm, a: Args) -> PyResult<Value> {
    if a.has_kwargs() {
        return Err(vm.type_error("pack() takes no keyword arguments"));
    }
    if a.args.is_empty() {
        return Err(vm.type_error("pack expected at least 1 argument, got 0"));
    }
    let f = get_format(vm, &a.args[0])?;
    let b = pack_values(vm, &f, &a.args[1..], "pack")?;
    Ok(vm.new_bytes(b))
}

fn s_pack_into(vm: &mut Vm, a: Args) -> PyResult<Value> {
    if a.has_kwargs() {
        return Err(vm.type_error("pack_into() takes no keyword arguments"));
    }
    if a.args.len() < 3 {
        let msg = match a.args.len() {
            0 => "pack_into expected at least 1 argument, got 0".to_string(),
            1 => "pack_into expected buffer argument".to_string(),
            _ => "pack_into expected offset argument".to_string(),
        };
        return Err(vm.type_error(msg));
    }
    let f = get_format(vm, &a.args[0])?;
    do_pack_into(vm, &f, &a.args[1], &a.args[2], &a.args[3..])
}

fn s_unpack(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("unpack", &a, 2, 2)?;
    let f = get_format(vm, &a.args[0])?;
    do_unpack(vm, &f, &a.args[1])
}

fn s_unpack_from(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let (f, rest) = fmt_first(vm, &a, "unpack_from", 1)?;
    let b = crate::builtins::bind(vm, &a, "unpack_from", &["buffer", "offset"], true)?;
    let _ = rest;
    let Some(buf) = b[0] else {
        return Err(vm.type_error("unpack_from() missing required argument 'buffer' (pos 2)"));
    };
    do_unpack_from(vm, &f, buf, b[1])
}

fn s_iter_unpack(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("iter_unpack", &a, 2, 2)?;
    let f = get_format(vm, &a.args[0])?;
    do_iter_unpack(vm, &f, &a.args[1])
}

fn s_calcsize(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("calcsize", &a, 1, 1)?;
    let f = get_format(vm, &a.args[0])?;
    Ok(new_int_i64(f.size as i64))
}

fn s_clearcache(_vm: &mut Vm, _a: Args) -> PyResult<Value> {
    Ok(Value::none())
}

// ---- Struct ----

/// A `Struct`'s payload: the compiled format and its source.
pub struct StructData {
    fmt: RefCell<Format>,
    src: RefCell<Value>,
}

fn struct_type() -> &'static TypeObject {
    type_at(*STRUCT.get_or_init(|| {
        type_addr(new_type::<StructData>(
            "Struct",
            "_struct",
            &OBJECT_TYPE,
            None,
            false,
            true,
        ))
    }))
}

// SAFETY: struct_type()'s solid layout is StructData.
unsafe impl Payload for StructData {
    fn layout() -> &'static TypeObject {
        struct_type()
    }
}

fn me<'a>(vm: &mut Vm, a: &Args<'a>) -> PyResult<&'a StructData> {
    let args: &'a [Value] = a.args;
    match args.first().and_then(|s| downcast::<StructData>(s)) {
        Some(d) => Ok(d),
        None => Err(vm.type_error("descriptor requires a '_struct.Struct' object")),
    }
}

fn struct_new(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let t = as_type(&a.args[0]).unwrap();
    let empty = Format {
        order: Order::Native,
        native: true,
        items: vec![],
        size: 0,
        nvalues: 0,
    };
    let v = alloc_object(
        t,
        StructData {
            fmt: RefCell::new(empty),
            src: RefCell::new(Value::none()),
        },
    );
    let _ = vm;
    Ok(v)
}

fn struct_init(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let s = me(vm, &a)?;
    let b = crate::builtins::bind(vm, &a, "Struct", &["format"], true)?;
    let Some(f) = b[0] else {
        return Err(vm.type_error("Struct() missing required argument 'format' (pos 1)"));
    };
    let bytes = format_bytes(vm, f, "Struct()")?;
    let fmt = compile(&bytes).map_err(|m| err(vm, m))?;
    *s.fmt.borrow_mut() = fmt;
    let src = String::from_utf8_lossy(&bytes).into_owned();
    *s.src.borrow_mut() = vm.new_str_owned(src);
    Ok(Value::none())
}

fn struct_pack(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let s = me(vm, &a)?;
    if a.has_kwargs() {
        return Err(vm.type_error("pack() takes no keyword arguments"));
    }
    let f = s.fmt.borrow().clone();
    let b = pack_values(vm, &f, &a.args[1..], "pack")?;
    Ok(vm.new_bytes(b))
}

fn struct_pack_into(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let s = me(vm, &a)?;
    if a.args.len() < 3 {
        let msg = if a.args.len() < 2 {
            "pack_into expected buffer argument"
        } else {
            "pack_into expected offset argument"
        };
        return Err(vm.type_error(msg));
    }
    let f = s.fmt.borrow().clone();
    do_pack_into(vm, &f, &a.args[1], &a.args[2], &a.args[3..])
}

fn struct_unpack(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let s = me(vm, &a)?;
    vm.check_args("unpack", &Args::new(&a.args[1..]), 1, 1)?;
    let f = s.fmt.borrow().clone();
    do_unpack(vm, &f, &a.args[1])
}

fn struct_unpack_from(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let s = me(vm, &a)?;
    let b = crate::builtins::bind(vm, &a, "unpack_from", &["buffer", "offset"], true)?;
    let Some(buf) = b[0] else {
        return Err(vm.type_error("unpack_from() missing required argument 'buffer' (pos 1)"));
    };
    let f = s.fmt.borrow().clone();
    do_unpack_from(vm, &f, buf, b[1])
}

fn struct_iter_unpack(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let s = me(vm, &a)?;
    vm.check_args("iter_unpack", &Args::new(&a.args[1..]), 1, 1)?;
    let f = s.fmt.borrow().clone();
    do_iter_unpack(vm, &f, &a.args[1])
}

fn struct_format(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(downcast::<StructData>(v).unwrap().src.borrow().clone())
}

fn struct_size(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(new_int_i64(
        downcast::<StructData>(v).unwrap().fmt.borrow().size as i64,
    ))
}

fn struct_repr(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let s = me(vm, &a)?;
    let src = s.src.borrow().clone();
    let r = vm.repr(&src)?;
    Ok(vm.new_str_owned(format!("Struct({})", r)))
}

static INIT: std::sync::Once = std::sync::Once::new();

pub fn init(vm: &mut Vm) -> PyResult<Value> {
    INIT.call_once(|| {
        let t = struct_type();
        add_methods(
            t,
            &[
                ("__new__", struct_new),
                ("__init__", struct_init),
                ("pack", struct_pack),
                ("pack_into", struct_pack_into),
                ("unpack", struct_unpack),
                ("unpack_from", struct_unpack_from),
                ("iter_unpack", struct_iter_unpack),
            ],
        );
        add_getsets(
            t,
            &[("format", struct_format, None), ("size", struct_size, None)],
        );
        let _ = struct_repr;
    });
    let m = vm.new_module("_struct")?;
    super::typeutil::module_exception(vm, &ERROR, "struct", "error", &EXCEPTION_TYPE)?;
    let fns: &[(&'static str, NativeFn)] = &[
        ("pack", s_pack),
        ("pack_into", s_pack_into),
        ("unpack", s_unpack),
        ("unpack_from", s_unpack_from),
        ("iter_unpack", s_iter_unpack),
        ("calcsize", s_calcsize),
        ("_clearcache", s_clearcache),
    ];
    crate::modules::add_functions(vm, &m, "_struct", fns)?;
    crate::modules::set_attr(vm, &m, "error", type_value(error_type()))?;
    crate::modules::set_attr(vm, &m, "Struct", type_value(struct_type()))?;
    let doc = vm.new_str("Functions to convert between Python values and C structs.");
    crate::modules::set_attr(vm, &m, "__doc__", doc)?;
    let _ = str_of;
    Ok(m)
}
