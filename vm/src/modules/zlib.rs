//! `zlib` over the real zlib (through flate2 and libz-sys), so that
//! compressed bytes are the ones CPython produces: one-shot `compress` and
//! `decompress`, streaming `compressobj`/`decompressobj` (with
//! `unused_data`, `unconsumed_tail`, `eof`, `max_length`), `crc32`,
//! `adler32`, the constants, and CPython's error messages. The `wbits`
//! conventions are CPython's: 9..15 zlib, -9..-15 raw deflate, 25..31
//! gzip, 0 (decompress) the window from the header, 40..47 automatic
//! zlib/gzip detection. `memLevel` and `strategy` are accepted; flate2
//! applies only their defaults. `zdict` is not supported yet.

use std::cell::RefCell;
use std::sync::OnceLock;

use flate2::{Compress, Compression, Decompress, FlushCompress, FlushDecompress, Status};

use super::typeutil::{new_type, type_addr, type_at};
use crate::builtins::{add_getsets, add_methods, bind};
use crate::object::{alloc_object, TypeObject};
use crate::objects::*;
use crate::types::*;
use crate::value::Value;
use crate::vm::new::new_int_i64;
use crate::vm::{Args, PyErr, PyResult, Vm};

const MAX_WBITS: i64 = 15;
const DEF_BUF_SIZE: i64 = 16384;

static ERROR: OnceLock<usize> = OnceLock::new();

fn error(vm: &mut Vm, msg: impl Into<String>) -> PyErr {
    vm.new_exc(type_at(*ERROR.get().expect("zlib.error")), msg)
}

fn int_arg(vm: &mut Vm, v: Option<&Value>, default: i64) -> PyResult<i64> {
    match v {
        Some(v) => vm.index_i64(v),
        None => Ok(default),
    }
}

fn level_of(vm: &mut Vm, level: i64) -> PyResult<Compression> {
    match level {
        -1 => Ok(Compression::default()),
        0..=9 => Ok(Compression::new(level as u32)),
        _ => Err(error(vm, "Bad compression level")),
    }
}

fn new_compress(vm: &mut Vm, level: i64, wbits: i64) -> PyResult<Compress> {
    let lvl = level_of(vm, level)?;
    let bits = |b: i64| b.clamp(9, 15) as u8;
    match wbits {
        8..=15 => Ok(Compress::new_with_window_bits(lvl, true, bits(wbits))),
        -15..=-8 => Ok(Compress::new_with_window_bits(lvl, false, bits(-wbits))),
        24..=31 => Ok(Compress::new_gzip(lvl, bits(wbits - 16))),
        _ => Err(vm.value_error("Invalid initialization option")),
    }
}

/// A decompressor for `wbits`; `data` lets 40..47 pick zlib or gzip.
fn new_decompress(vm: &mut Vm, wbits: i64, data: &[u8]) -> PyResult<Decompress> {
    let bits = |b: i64| b.clamp(9, 15) as u8;
    match wbits {
        0 => Ok(Decompress::new_with_window_bits(true, 15)),
        8..=15 => Ok(Decompress::new_with_window_bits(true, bits(wbits))),
        -15..=-8 => Ok(Decompress::new_with_window_bits(false, bits(-wbits))),
        24..=31 => Ok(Decompress::new_gzip(bits(wbits - 16))),
        40..=47 => {
            if data.starts_with(&[0x1f, 0x8b]) {
                Ok(Decompress::new_gzip(bits(wbits - 32)))
            } else {
                Ok(Decompress::new_with_window_bits(true, bits(wbits - 32)))
            }
        }
        _ => Err(vm.value_error("Invalid initialization option")),
    }
}

/// zlib's message for a failed inflate, CPython's wording around it.
fn inflate_error(vm: &mut Vm, e: &flate2::DecompressError) -> PyErr {
    let msg = e.to_string();
    if msg.contains("dictionary") {
        return error(vm, "Error 2 while decompressing data");
    }
    let detail = msg
        .strip_prefix("deflate decompression error: ")
        .unwrap_or(&msg)
        .to_string();
    error(vm, format!("Error -3 while decompressing data: {}", detail))
}

/// Deflates all of `input` into `out` with `flush`: until zlib has taken
/// the input and stops with output room to spare (or ends the stream).
fn deflate(c: &mut Compress, input: &[u8], out: &mut Vec<u8>, flush: FlushCompress) {
    let mut pos = 0;
    loop {
        out.reserve(4096.max(out.len() / 2));
        let before = c.total_in();
        let status = c
            .compress_vec(&input[pos..], out, flush)
            .expect("deflate on a valid stream");
        pos += (c.total_in() - before) as usize;
        if matches!(status, Status::StreamEnd) || (pos >= input.len() && out.len() < out.capacity())
        {
            return;
        }
    }
}

/// Inflates from `input` into `out` (at most `max` bytes when non-zero).
/// Returns (bytes of input consumed, stream ended).
fn inflate(
    vm: &mut Vm,
    d: &mut Decompress,
    input: &[u8],
    out: &mut Vec<u8>,
    max: usize,
    flush: FlushDecompress,
) -> PyResult<(usize, bool)> {
    let mut pos = 0;
    loop {
        let limit = if max > 0 { max - out.len() } else { usize::MAX };
        if limit == 0 {
            return Ok((pos, false));
        }
        let chunk = limit.min(out.len().max(DEF_BUF_SIZE as usize));
        let mut buf = Vec::with_capacity(chunk);
        let before = d.total_in();
        let status = d
            .decompress_vec(&input[pos..], &mut buf, flush)
            .map_err(|e| inflate_error(vm, &e))?;
        pos += (d.total_in() - before) as usize;
        let filled = buf.len() == buf.capacity();
        out.extend_from_slice(&buf);
        if matches!(status, Status::StreamEnd) {
            return Ok((pos, true));
        }
        if !filled {
            // zlib stopped with room left: it needs more input.
            return Ok((pos, false));
        }
    }
}

/// `compress(data, /, level=-1, wbits=15)`.
fn compress(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let b = bind(vm, &a, "compress", &["data", "level", "wbits"], false)?;
    let Some(d) = b[0] else {
        return Err(vm.type_error("compress() missing required argument 'data' (pos 1)"));
    };
    let data = crate::builtins::strings::bytes_like(vm, d)?;
    let level = int_arg(vm, b[1], -1)?;
    let wbits = int_arg(vm, b[2], MAX_WBITS)?;
    let mut c = new_compress(vm, level, wbits)?;
    let mut out = Vec::with_capacity(data.len() / 2 + 64);
    deflate(&mut c, &data, &mut out, FlushCompress::Finish);
    Ok(vm.new_bytes(out))
}

/// `decompress(data, /, wbits=15, bufsize=16384)`.
fn decompress(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let b = bind(vm, &a, "decompress", &["data", "wbits", "bufsize"], false)?;
    let Some(d) = b[0] else {
        return Err(vm.type_error("decompress() missing required argument 'data' (pos 1)"));
    };
    let data = crate::builtins::strings::bytes_like(vm, d)?;
    let wbits = int_arg(vm, b[1], MAX_WBITS)?;
    let bufsize = int_arg(vm, b[2], DEF_BUF_SIZE)?;
    if bufsize < 0 {
        return Err(vm.value_error("bufsize must be non-negative"));
    }
    let mut dec = new_decompress(vm, wbits, &data)?;
    let mut out = Vec::with_capacity(bufsize.max(1) as usize);
    let (_, ended) = inflate(vm, &mut dec, &data, &mut out, 0, FlushDecompress::Finish)?;
    if !ended {
        return Err(error(
            vm,
            "Error -5 while decompressing data: incomplete or truncated stream",
        ));
    }
    Ok(vm.new_bytes(out))
}

fn checksum(vm: &mut Vm, a: &Args, name: &str) -> PyResult<(Vec<u8>, Option<u32>)> {
    vm.check_args(name, a, 1, 2)?;
    let data = crate::builtins::strings::bytes_like(vm, &a.args[0])?;
    let start = match a.args.get(1) {
        Some(v) => {
            let i = crate::vm::ops::to_int(v).ok_or_else(|| {
                vm.type_error(format!(
                    "'{}' object cannot be interpreted as an integer",
                    v.type_of().name()
                ))
            })?;
            Some(
                i.and(&crate::int::Int::Small(0xffff_ffff))
                    .to_i64()
                    .unwrap_or(0) as u32,
            )
        }
        None => None,
    };
    Ok((data, start))
}

fn crc32(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let (data, start) = checksum(vm, &a, "crc32")?;
    Ok(new_int_i64(
        super::binascii::crc32_update(start.unwrap_or(0), &data) as i64,
    ))
}

fn adler32(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let (data, start) = checksum(vm, &a, "adler32")?;
    let v = start.unwrap_or(1);
    let (mut s1, mut s2) = (v & 0xffff, v >> 16);
    for chunk in data.chunks(5552) {
        for &b in chunk {
            s1 += b as u32;
            s2 += s1;
        }
        s1 %= 65521;
        s2 %= 65521;
    }
    Ok(new_int_i64(((s2 << 16) | s1) as i64))
}

// ---- streaming objects ----

pub struct CompressData(RefCell<Option<Compress>>);
pub struct DecompressData {
    d: RefCell<Decompress>,
    unused_data: RefCell<Vec<u8>>,
    unconsumed_tail: RefCell<Vec<u8>>,
    eof: std::cell::Cell<bool>,
}

static COMPRESS_T: OnceLock<usize> = OnceLock::new();
static DECOMPRESS_T: OnceLock<usize> = OnceLock::new();

fn compress_type() -> &'static TypeObject {
    type_at(*COMPRESS_T.get_or_init(|| {
        let t = new_type::<CompressData>("Compress", "zlib", &OBJECT_TYPE, None, false, false);
        add_methods(t, &[("compress", cobj_compress), ("flush", cobj_flush)]);
        type_addr(t)
    }))
}

fn decompress_type() -> &'static TypeObject {
    type_at(*DECOMPRESS_T.get_or_init(|| {
        let t = new_type::<DecompressData>("Decompress", "zlib", &OBJECT_TYPE, None, false, false);
        add_methods(t, &[("decompress", dobj_decompress), ("flush", dobj_flush)]);
        add_getsets(
            t,
            &[
                ("unused_data", dobj_unused, None),
                ("unconsumed_tail", dobj_tail, None),
                ("eof", dobj_eof, None),
            ],
        );
        type_addr(t)
    }))
}

// SAFETY: compress_type()'s solid layout is CompressData.
unsafe impl Payload for CompressData {
    fn layout() -> &'static TypeObject {
        compress_type()
    }
}

// SAFETY: decompress_type()'s solid layout is DecompressData.
unsafe impl Payload for DecompressData {
    fn layout() -> &'static TypeObject {
        decompress_type()
    }
}

/// `compressobj(level=-1, method=DEFLATED, wbits=MAX_WBITS, memLevel=8,
/// strategy=Z_DEFAULT_STRATEGY, zdict=None)`.
fn compressobj(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let b = bind(
        vm,
        &a,
        "compressobj",
        &["level", "method", "wbits", "memLevel", "strategy", "zdict"],
        false,
    )?;
    let level = int_arg(vm, b[0], -1)?;
    let method = int_arg(vm, b[1], 8)?;
    let wbits = int_arg(vm, b[2], MAX_WBITS)?;
    let mem = int_arg(vm, b[3], 8)?;
    if method != 8 || !(1..=9).contains(&mem) {
        return Err(vm.value_error("Invalid initialization option"));
    }
    if b[5].is_some_and(|z| !z.is_none()) {
        return Err(vm.new_exc(
            &NOT_IMPLEMENTED_ERROR_TYPE,
            "zlib.compressobj: zdict is not supported in Pyrite yet",
        ));
    }
    let c = new_compress(vm, level, wbits)?;
    Ok(alloc_object(
        compress_type(),
        CompressData(RefCell::new(Some(c))),
    ))
}

fn cobj<'a>(vm: &mut Vm, a: &Args<'a>) -> PyResult<&'a CompressData> {
    let args: &'a [Value] = a.args;
    args.first()
        .and_then(|s| downcast::<CompressData>(s))
        .ok_or_else(|| vm.type_error("a zlib.Compress object is required"))
}

fn cobj_compress(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let c = cobj(vm, &a)?;
    vm.check_args("compress", &Args::new(&a.args[1..]), 1, 1)?;
    let data = crate::builtins::strings::bytes_like(vm, &a.args[1])?;
    let mut st = c.0.borrow_mut();
    let Some(comp) = st.as_mut() else {
        drop(st);
        return Err(error(
            vm,
            "Error -2 while compressing data: inconsistent stream state",
        ));
    };
    let mut out = Vec::with_capacity(data.len() / 2 + 64);
    deflate(comp, &data, &mut out, FlushCompress::None);
    drop(st);
    Ok(vm.new_bytes(out))
}

fn cobj_flush(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let c = cobj(vm, &a)?;
    let mode = int_arg(vm, a.args.get(1).or_else(|| a.kw("mode")), 4)?;
    let flush = match mode {
        0 => return Ok(vm.new_bytes(Vec::new())),
        1 => FlushCompress::Partial,
        2 => FlushCompress::Sync,
        3 => FlushCompress::Full,
        4 => FlushCompress::Finish,
        _ => {
            return Err(error(
                vm,
                "Error -2 while flushing: inconsistent stream state",
            ))
        }
    };
    let mut st = c.0.borrow_mut();
    let Some(comp) = st.as_mut() else {
        drop(st);
        return Err(error(
            vm,
            "Error -2 while flushing: inconsistent stream state",
        ));
    };
    let mut out = Vec::with_capacity(256);
    deflate(comp, &[], &mut out, flush);
    if mode == 4 {
        // Finished: the object cannot be used again.
        *st = None;
    }
    drop(st);
    Ok(vm.new_bytes(out))
}

/// `decompressobj(wbits=MAX_WBITS, zdict=b'')`.
fn decompressobj(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let b = bind(vm, &a, "decompressobj", &["wbits", "zdict"], false)?;
    let wbits = int_arg(vm, b[0], MAX_WBITS)?;
    if let Some(z) = b[1] {
        if !crate::builtins::strings::bytes_like(vm, z)?.is_empty() {
            return Err(vm.new_exc(
                &NOT_IMPLEMENTED_ERROR_TYPE,
                "zlib.decompressobj: zdict is not supported in Pyrite yet",
            ));
        }
    }
    // 40..47 decides at the first data; zlib is the usual case.
    let d = new_decompress(vm, wbits, &[])?;
    Ok(alloc_object(
        decompress_type(),
        DecompressData {
            d: RefCell::new(d),
            unused_data: RefCell::new(Vec::new()),
            unconsumed_tail: RefCell::new(Vec::new()),
            eof: std::cell::Cell::new(false),
        },
    ))
}

fn dobj<'a>(vm: &mut Vm, a: &Args<'a>) -> PyResult<&'a DecompressData> {
    let args: &'a [Value] = a.args;
    args.first()
        .and_then(|s| downcast::<DecompressData>(s))
        .ok_or_else(|| vm.type_error("a zlib.Decompress object is required"))
}

/// Runs `data` through the decompressor, keeping unused data and the
/// unconsumed tail as CPython does.
fn dobj_run(
    vm: &mut Vm,
    o: &DecompressData,
    data: &[u8],
    max: usize,
    flush: FlushDecompress,
) -> PyResult<Vec<u8>> {
    let mut out = Vec::new();
    if o.eof.get() {
        o.unused_data.borrow_mut().extend_from_slice(data);
        return Ok(out);
    }
    let (used, ended) = {
        let mut d = o.d.borrow_mut();
        inflate(vm, &mut d, data, &mut out, max, flush)?
    };
    if ended {
        o.eof.set(true);
        o.unused_data.borrow_mut().extend_from_slice(&data[used..]);
        o.unconsumed_tail.borrow_mut().clear();
    } else {
        *o.unconsumed_tail.borrow_mut() = data[used..].to_vec();
    }
    Ok(out)
}

fn dobj_decompress(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let o = dobj(vm, &a)?;
    let b = bind(vm, &a, "decompress", &["data", "max_length"], true)?;
    let Some(d) = b[0] else {
        return Err(vm.type_error("decompress() missing required argument 'data' (pos 1)"));
    };
    let data = crate::builtins::strings::bytes_like(vm, d)?;
    let max = int_arg(vm, b[1], 0)?;
    if max < 0 {
        return Err(vm.value_error("max_length must be non-negative"));
    }
    let out = dobj_run(vm, o, &data, max as usize, FlushDecompress::None)?;
    Ok(vm.new_bytes(out))
}

fn dobj_flush(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let o = dobj(vm, &a)?;
    let tail = std::mem::take(&mut *o.unconsumed_tail.borrow_mut());
    let out = dobj_run(vm, o, &tail, 0, FlushDecompress::Sync)?;
    Ok(vm.new_bytes(out))
}

fn dobj_unused(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    let o = downcast::<DecompressData>(v).unwrap();
    let b = o.unused_data.borrow().clone();
    Ok(vm.new_bytes(b))
}

fn dobj_tail(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    let o = downcast::<DecompressData>(v).unwrap();
    let b = o.unconsumed_tail.borrow().clone();
    Ok(vm.new_bytes(b))
}

fn dobj_eof(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(Value::from_bool(
        downcast::<DecompressData>(v).unwrap().eof.get(),
    ))
}

pub fn init(vm: &mut Vm) -> PyResult<Value> {
    let error = super::typeutil::module_exception(vm, &ERROR, "zlib", "error", &EXCEPTION_TYPE)?;
    let m = vm.new_module("zlib")?;
    let fns: &[(&'static str, NativeFn)] = &[
        ("compress", compress),
        ("decompress", decompress),
        ("compressobj", compressobj),
        ("decompressobj", decompressobj),
        ("crc32", crc32),
        ("adler32", adler32),
    ];
    crate::modules::add_functions(vm, &m, "zlib", fns)?;
    crate::modules::set_attr(vm, &m, "error", crate::vm::attr::type_value(error))?;
    let ints: &[(&str, i64)] = &[
        ("MAX_WBITS", MAX_WBITS),
        ("DEFLATED", 8),
        ("DEF_MEM_LEVEL", 8),
        ("DEF_BUF_SIZE", DEF_BUF_SIZE),
        ("Z_NO_COMPRESSION", 0),
        ("Z_BEST_SPEED", 1),
        ("Z_BEST_COMPRESSION", 9),
        ("Z_DEFAULT_COMPRESSION", -1),
        ("Z_FILTERED", 1),
        ("Z_HUFFMAN_ONLY", 2),
        ("Z_RLE", 3),
        ("Z_FIXED", 4),
        ("Z_DEFAULT_STRATEGY", 0),
        ("Z_NO_FLUSH", 0),
        ("Z_PARTIAL_FLUSH", 1),
        ("Z_SYNC_FLUSH", 2),
        ("Z_FULL_FLUSH", 3),
        ("Z_FINISH", 4),
        ("Z_BLOCK", 5),
        ("Z_TREES", 6),
    ];
    for (k, v) in ints {
        crate::modules::set_attr(vm, &m, k, new_int_i64(*v))?;
    }
    for k in ["ZLIB_VERSION", "ZLIB_RUNTIME_VERSION"] {
        let v = vm.new_str(zlib_version());
        crate::modules::set_attr(vm, &m, k, v)?;
    }
    Ok(m)
}

/// The linked zlib's version string.
fn zlib_version() -> &'static str {
    extern "C" {
        fn zlibVersion() -> *const std::ffi::c_char;
    }
    // SAFETY: zlibVersion returns a pointer to a static NUL-terminated
    // string in the linked zlib.
    unsafe { std::ffi::CStr::from_ptr(zlibVersion()) }
        .to_str()
        .unwrap_or("1.2.13")
}
