//! The compiled-code cache: `__pycache__/NAME.pyrite-311.pyc` (with
//! `.opt-1`/`.opt-2` under -O/-OO) beside each imported source file, in
//! Pyrite's own format (`pyrite_compiler::serialize`), so an import after
//! the first skips parsing and compiling.
//!
//! File layout: the magic `PYRITE\0\0`, the compiler's fingerprint (any
//! change to the compiler invalidates every cache), the source's mtime in
//! nanoseconds and its size, the payload's length and FNV-1a checksum,
//! then the payload. A cache that does not match its source, or is
//! truncated or corrupt, is ignored and rewritten. Writes go to a
//! temporary file renamed into place (atomic), and are skipped under `-B`
//! / `PYTHONDONTWRITEBYTECODE` (`sys.dont_write_bytecode`) and wherever
//! the directory is not writable.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::value::Value;
use crate::vm::{PyResult, Vm};
use pyrite_compiler::serialize::{self, COMPILER_FINGERPRINT};

const MAGIC: &[u8; 8] = b"PYRITE\0\0";
const HEADER: usize = 8 + 8 + 8 + 8 + 8 + 8;

fn fnv(data: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in data {
        h = (h ^ b as u64).wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// Where the cache of `source` lives.
pub fn cache_path(source: &Path, optimize: u32) -> Option<PathBuf> {
    let dir = source.parent()?;
    let stem = source.file_stem()?.to_str()?;
    let opt = match optimize {
        0 => String::new(),
        n => format!(".opt-{}", n.min(2)),
    };
    Some(
        dir.join("__pycache__")
            .join(format!("{}.pyrite-311{}.pyc", stem, opt)),
    )
}

/// (mtime in ns, size) of the source, as the cache records them.
fn stamp(meta: &std::fs::Metadata) -> (u64, u64) {
    let mtime = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos() as u64);
    (mtime, meta.len())
}

fn u64_at(b: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(b[at..at + 8].try_into().expect("8 bytes"))
}

/// The cached code, if the cache is whole and matches the source.
fn read_cache(path: &Path, mtime: u64, size: u64) -> Option<pyrite_compiler::code::CodeObject> {
    let b = std::fs::read(path).ok()?;
    if b.len() < HEADER || &b[..8] != MAGIC {
        return None;
    }
    if u64_at(&b, 8) != COMPILER_FINGERPRINT || u64_at(&b, 16) != mtime || u64_at(&b, 24) != size {
        return None;
    }
    let len = u64_at(&b, 32) as usize;
    let payload = b.get(HEADER..)?;
    if payload.len() != len || fnv(payload) != u64_at(&b, 40) {
        return None;
    }
    serialize::load(payload)
}

/// Writes the cache atomically; failures (read-only directories, ...)
/// are silent, as CPython's.
fn write_cache(path: &Path, code: &pyrite_compiler::code::CodeObject, mtime: u64, size: u64) {
    let payload = serialize::dump(code);
    let mut out = Vec::with_capacity(HEADER + payload.len());
    out.extend_from_slice(MAGIC);
    for v in [
        COMPILER_FINGERPRINT,
        mtime,
        size,
        payload.len() as u64,
        fnv(&payload),
    ] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    out.extend_from_slice(&payload);
    let Some(dir) = path.parent() else { return };
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    let tmp = dir.join(format!(
        ".{}.{}.tmp",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("cache"),
        std::process::id()
    ));
    if std::fs::write(&tmp, &out).is_ok() && std::fs::rename(&tmp, path).is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
}

/// Whether imports may write caches (`sys.dont_write_bytecode` false).
fn may_write(vm: &mut Vm) -> bool {
    let Some(sys) = vm.sys_module.clone() else {
        return false;
    };
    match vm.get_attr_opt(&sys, "dont_write_bytecode") {
        Ok(Some(v)) => !vm.truthy(&v).unwrap_or(true),
        _ => true,
    }
}

/// The code of the source module at `file` (shown as `fname`): from its
/// cache when valid, else compiled (and cached).
pub fn load_module_code(vm: &mut Vm, file: &Path, fname: &str) -> PyResult<Value> {
    let meta = std::fs::metadata(file).ok();
    let cache = cache_path(file, vm.optimize);
    if let (Some(meta), Some(cache)) = (&meta, &cache) {
        let (mtime, size) = stamp(meta);
        if let Some(code) = read_cache(cache, mtime, size) {
            if code.filename == fname {
                return Ok(crate::compile::code_value(vm, Arc::new(code)));
            }
        }
    }
    // A module in a zip archive is read from it (and not cached).
    let bytes = crate::ziparchive::read_path(file).map_err(|e| vm.new_exc(&crate::types::OS_ERROR_TYPE, e.to_string()))?;
    let code = crate::compile::compile_code(vm, &bytes, fname, "exec", false)?;
    if let (Some(meta), Some(cache)) = (&meta, &cache) {
        if may_write(vm) {
            let (mtime, size) = stamp(meta);
            // The file may have changed while we compiled: record what we read.
            if size == bytes.len() as u64 {
                write_cache(cache, &code, mtime, size);
            }
        }
    }
    Ok(crate::compile::code_value(vm, Arc::new(code)))
}
