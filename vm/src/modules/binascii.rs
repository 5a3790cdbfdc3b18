//! `binascii`: conversions between binary data and ASCII encodings —
//! base64 (with `strict_mode`), hex (with separators), uuencode, CRC-32
//! and CRC-CCITT — with CPython's results and messages. (Quoted-printable
//! is left to `quopri`'s pure-Python fallback.)

use std::sync::OnceLock;

use crate::objects::*;
use crate::types::*;
use crate::value::Value;
use crate::vm::new::new_int_i64;
use crate::vm::{Args, PyErr, PyResult, Vm};

use super::typeutil::type_at;

static ERROR: OnceLock<usize> = OnceLock::new();
static INCOMPLETE: OnceLock<usize> = OnceLock::new();

fn error(vm: &mut Vm, msg: impl Into<String>) -> PyErr {
    vm.new_exc(type_at(*ERROR.get().expect("binascii.Error")), msg)
}

/// Data to decode: bytes-like, or a str of ASCII characters.
fn ascii_arg(vm: &mut Vm, v: &Value) -> PyResult<Vec<u8>> {
    if let Some(s) = downcast::<StrData>(v) {
        if !s.s.is_ascii() {
            return Err(vm.value_error("string argument should contain only ASCII characters"));
        }
        return Ok(s.s.as_bytes().to_vec());
    }
    match crate::builtins::strings::bytes_like(vm, v) {
        Ok(b) => Ok(b),
        Err(_) => Err(vm.type_error(format!(
            "argument should be bytes, buffer or ASCII string, not '{}'",
            v.type_of().name()
        ))),
    }
}

fn bool_kw(vm: &mut Vm, a: &Args, name: &str, default: bool) -> PyResult<bool> {
    match a.kw(name) {
        Some(v) => vm.truthy(v),
        None => Ok(default),
    }
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn b64_value(c: u8) -> Option<u32> {
    match c {
        b'A'..=b'Z' => Some((c - b'A') as u32),
        b'a'..=b'z' => Some((c - b'a' + 26) as u32),
        b'0'..=b'9' => Some((c - b'0' + 52) as u32),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    }
}

/// `b2a_base64(data, *, newline=True)`.
fn b2a_base64(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let pos = a.pos();
    if pos.len() != 1 {
        return Err(vm.type_error(format!(
            "b2a_base64() takes exactly 1 positional argument ({} given)",
            pos.len()
        )));
    }
    let data = crate::builtins::strings::bytes_like(vm, &pos[0])?;
    let newline = bool_kw(vm, &a, "newline", true)?;
    let mut out = Vec::with_capacity(data.len().div_ceil(3) * 4 + 1);
    for chunk in data.chunks(3) {
        let n = chunk.len();
        let v = (chunk[0] as u32) << 16
            | (*chunk.get(1).unwrap_or(&0) as u32) << 8
            | *chunk.get(2).unwrap_or(&0) as u32;
        out.push(B64[(v >> 18) as usize & 63]);
        out.push(B64[(v >> 12) as usize & 63]);
        out.push(if n > 1 {
            B64[(v >> 6) as usize & 63]
        } else {
            b'='
        });
        out.push(if n > 2 { B64[v as usize & 63] } else { b'=' });
    }
    if newline {
        out.push(b'\n');
    }
    Ok(vm.new_bytes(out))
}

/// `a2b_base64(data, *, strict_mode=False)`: CPython's decoder, which by
/// default skips characters outside the alphabet and stops at the pad
/// that completes a quantum.
fn a2b_base64(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let pos = a.pos();
    if pos.len() != 1 {
        return Err(vm.type_error(format!(
            "a2b_base64() takes exactly 1 positional argument ({} given)",
            pos.len()
        )));
    }
    let data = ascii_arg(vm, &pos[0])?;
    let strict = bool_kw(vm, &a, "strict_mode", false)?;
    if strict && data.first() == Some(&b'=') {
        return Err(error(vm, "Leading padding not allowed"));
    }
    let mut out = Vec::with_capacity(data.len() / 4 * 3);
    let mut quad = 0u32; // characters of the current quantum
    let mut acc = 0u32;
    let mut pads = 0u32;
    let mut padding_started = false;
    for (i, &c) in data.iter().enumerate() {
        if c == b'=' {
            padding_started = true;
            if quad >= 2 && quad + pads + 1 >= 4 {
                // The pad completes the quantum.
                if strict && i + 1 < data.len() {
                    return Err(error(vm, "Excess data after padding"));
                }
                return Ok(vm.new_bytes(out));
            }
            pads += 1;
            continue;
        }
        let Some(v) = b64_value(c) else {
            if strict {
                return Err(error(vm, "Only base64 data is allowed"));
            }
            continue;
        };
        if strict && padding_started {
            return Err(error(vm, "Discontinuous padding not allowed"));
        }
        pads = 0;
        acc = (acc << 6) | v;
        quad += 1;
        match quad {
            2 => out.push((acc >> 4) as u8),
            3 => out.push((acc >> 2) as u8),
            4 => {
                out.push(acc as u8);
                quad = 0;
                acc = 0;
            }
            _ => {}
        }
        // Keep only the bits still needed.
        acc &= match quad {
            1 => 0x3f,
            2 => 0xf,
            3 => 0x3,
            _ => 0,
        };
    }
    if quad != 0 {
        if quad == 1 {
            let n = out.len() / 3 * 4 + 1;
            return Err(error(
                vm,
                format!("Invalid base64-encoded string: number of data characters ({}) cannot be 1 more than a multiple of 4", n),
            ));
        }
        return Err(error(vm, "Incorrect padding"));
    }
    Ok(vm.new_bytes(out))
}

/// `b2a_hex(data, sep=None, bytes_per_sep=1)` (also `hexlify`).
fn b2a_hex(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let b = crate::builtins::bind(vm, &a, "b2a_hex", &["data", "sep", "bytes_per_sep"], false)?;
    let Some(d) = b[0] else {
        return Err(vm.type_error("b2a_hex() missing required argument 'data' (pos 1)"));
    };
    let data = crate::builtins::strings::bytes_like(vm, d)?;
    let hex: Vec<u8> = data
        .iter()
        .flat_map(|x| {
            [
                b"0123456789abcdef"[(x >> 4) as usize],
                b"0123456789abcdef"[(x & 15) as usize],
            ]
        })
        .collect();
    let Some(sep) = b[1].filter(|s| !s.is_none()) else {
        return Ok(vm.new_bytes(hex));
    };
    let sep = match downcast::<StrData>(sep) {
        Some(s) => s.s.as_bytes().to_vec(),
        None => crate::builtins::strings::bytes_like(vm, sep)?,
    };
    if sep.len() != 1 {
        return Err(vm.value_error("sep must be length 1."));
    }
    if !sep[0].is_ascii() {
        return Err(vm.value_error("sep must be ASCII."));
    }
    let per = match b[2] {
        Some(v) => vm.index_i64(v)?,
        None => 1,
    };
    if per == 0 || data.is_empty() {
        return Ok(vm.new_bytes(hex));
    }
    // Groups of `per` bytes, counted from the right (from the left when
    // negative).
    let n = per.unsigned_abs() as usize;
    let len = data.len();
    let mut out = Vec::with_capacity(hex.len() + len / n);
    for i in 0..len {
        let boundary = if per > 0 {
            i > 0 && (len - i) % n == 0
        } else {
            i > 0 && i % n == 0
        };
        if boundary {
            out.push(sep[0]);
        }
        out.extend_from_slice(&hex[2 * i..2 * i + 2]);
    }
    Ok(vm.new_bytes(out))
}

/// `a2b_hex(hexstr)` (also `unhexlify`).
fn a2b_hex(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("a2b_hex", &a, 1, 1)?;
    let data = ascii_arg(vm, &a.args[0])?;
    if data.len() % 2 != 0 {
        return Err(error(vm, "Odd-length string"));
    }
    let mut out = Vec::with_capacity(data.len() / 2);
    for pair in data.chunks(2) {
        let d = |c: u8| (c as char).to_digit(16);
        match (d(pair[0]), d(pair[1])) {
            (Some(h), Some(l)) => out.push((h * 16 + l) as u8),
            _ => return Err(error(vm, "Non-hexadecimal digit found")),
        }
    }
    Ok(vm.new_bytes(out))
}

/// CRC-32 (zlib's polynomial), table-driven.
pub fn crc32_update(mut crc: u32, data: &[u8]) -> u32 {
    static TABLE: OnceLock<[u32; 256]> = OnceLock::new();
    let t = TABLE.get_or_init(|| {
        let mut t = [0u32; 256];
        for (i, e) in t.iter_mut().enumerate() {
            let mut c = i as u32;
            for _ in 0..8 {
                c = if c & 1 != 0 {
                    0xEDB8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
            }
            *e = c;
        }
        t
    });
    crc = !crc;
    for &b in data {
        crc = t[((crc ^ b as u32) & 0xff) as usize] ^ (crc >> 8);
    }
    !crc
}

/// The optional starting value of a CRC, masked to `bits`.
fn start_value(vm: &mut Vm, a: &Args, bits: u32) -> PyResult<u32> {
    match a.args.get(1) {
        Some(v) => {
            let i = crate::vm::ops::to_int(v).ok_or_else(|| {
                vm.type_error(format!(
                    "'{}' object cannot be interpreted as an integer",
                    v.type_of().name()
                ))
            })?;
            let m = i.and(&crate::int::Int::Small(((1u64 << bits) - 1) as i64));
            Ok(m.to_i64().unwrap_or(0) as u32)
        }
        None => Ok(0),
    }
}

fn crc32(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("crc32", &a, 1, 2)?;
    let data = crate::builtins::strings::bytes_like(vm, &a.args[0])?;
    let start = start_value(vm, &a, 32)?;
    Ok(new_int_i64(crc32_update(start, &data) as i64))
}

/// CRC-CCITT (XMODEM), as binhex uses.
fn crc_hqx(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("crc_hqx", &a, 2, 2)?;
    let data = crate::builtins::strings::bytes_like(vm, &a.args[0])?;
    let mut crc = start_value(vm, &a, 16)? as u16;
    for &b in &data {
        crc ^= (b as u16) << 8;
        for _ in 0..8 {
            crc = if crc & 0x8000 != 0 {
                (crc << 1) ^ 0x1021
            } else {
                crc << 1
            };
        }
    }
    Ok(new_int_i64(crc as i64))
}

/// `b2a_uu(data, *, backtick=False)`: one uuencoded line.
fn b2a_uu(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let pos = a.pos();
    if pos.len() != 1 {
        return Err(vm.type_error(format!(
            "b2a_uu() takes exactly 1 positional argument ({} given)",
            pos.len()
        )));
    }
    let data = crate::builtins::strings::bytes_like(vm, &pos[0])?;
    let backtick = bool_kw(vm, &a, "backtick", false)?;
    if data.len() > 45 {
        return Err(error(vm, "At most 45 bytes at once"));
    }
    let enc = |v: u8| if backtick && v == 0 { b'`' } else { b' ' + v };
    let mut out = vec![enc(data.len() as u8)];
    for chunk in data.chunks(3) {
        let v = (chunk[0] as u32) << 16
            | (*chunk.get(1).unwrap_or(&0) as u32) << 8
            | *chunk.get(2).unwrap_or(&0) as u32;
        for shift in [18, 12, 6, 0] {
            out.push(enc(((v >> shift) & 63) as u8));
        }
    }
    out.push(b'\n');
    Ok(vm.new_bytes(out))
}

/// `a2b_uu(data)`: one uuencoded line back to bytes.
fn a2b_uu(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("a2b_uu", &a, 1, 1)?;
    let data = ascii_arg(vm, &a.args[0])?;
    let line: Vec<u8> = data
        .iter()
        .copied()
        .take_while(|&c| c != b'\n' && c != b'\r')
        .collect();
    let Some(&first) = line.first() else {
        return Ok(vm.new_bytes(vec![0; 32]));
    };
    let n = (first.wrapping_sub(b' ') & 63) as usize;
    let dec = |c: u8| -> Option<u32> {
        if c == b'`' || c == b' ' {
            Some(0)
        } else if (b' '..=b' ' + 64).contains(&c) {
            Some(((c - b' ') & 63) as u32)
        } else {
            None
        }
    };
    let mut out = Vec::with_capacity(n);
    let body = &line[1..];
    let mut i = 0;
    while out.len() < n {
        let mut v = 0u32;
        for k in 0..4 {
            let c = body.get(i + k).copied().unwrap_or(b' ');
            let Some(d) = dec(c) else {
                return Err(error(vm, "Illegal char"));
            };
            v = (v << 6) | d;
        }
        i += 4;
        for shift in [16, 8, 0] {
            if out.len() < n {
                out.push((v >> shift) as u8);
            }
        }
    }
    // What follows the data may only be padding.
    if body[i.min(body.len())..]
        .iter()
        .any(|&c| !(c == b' ' || c == b'`' || c == b'\n'))
    {
        return Err(error(vm, "Trailing garbage"));
    }
    Ok(vm.new_bytes(out))
}

pub fn init(vm: &mut Vm) -> PyResult<Value> {
    let error =
        super::typeutil::module_exception(vm, &ERROR, "binascii", "Error", &VALUE_ERROR_TYPE)?;
    let incomplete = super::typeutil::module_exception(
        vm,
        &INCOMPLETE,
        "binascii",
        "Incomplete",
        &EXCEPTION_TYPE,
    )?;
    let m = vm.new_module("binascii")?;
    let fns: &[(&'static str, NativeFn)] = &[
        ("b2a_base64", b2a_base64),
        ("a2b_base64", a2b_base64),
        ("b2a_hex", b2a_hex),
        ("hexlify", b2a_hex),
        ("a2b_hex", a2b_hex),
        ("unhexlify", a2b_hex),
        ("crc32", crc32),
        ("crc_hqx", crc_hqx),
        ("b2a_uu", b2a_uu),
        ("a2b_uu", a2b_uu),
    ];
    crate::modules::add_functions(vm, &m, "binascii", fns)?;
    crate::modules::set_attr(vm, &m, "Error", crate::vm::attr::type_value(error))?;
    crate::modules::set_attr(
        vm,
        &m,
        "Incomplete",
        crate::vm::attr::type_value(incomplete),
    )?;
    Ok(m)
}
