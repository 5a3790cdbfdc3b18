//! The compiled-code cache: `__pycache__/NAME.pyrite-311.pyc` (with
//! `.opt-1`/`.opt-2` under -O/-OO) beside each imported source file, in
//! Pyrite's own format (`pyrite_compiler::serialize`), so an import after
//! the first skips parsing and compiling.
//!
//! File layout: importlib's timestamp `.pyc` — the magic of CPython
//! 3.11's bytecode (`importlib.util.MAGIC_NUMBER`), zero flags, the
//! source's mtime in seconds and its size (32 bits each) — then a
//! `marshal` record of the code: Pyrite's type code `P`, its length and
//! the sealed dump (`serialize::seal`: compiler fingerprint, checksum,
//! dump). importlib's own loaders (`importlib.reload`, `runpy`,
//! `py_compile`) read and write the same file through `marshal`, so
//! neither side rewrites the other's. A cache that does not match its
//! source, was written by another compiler, or is truncated or corrupt
//! is ignored and rewritten. Writes go to a temporary file renamed into
//! place (atomic), and are skipped under `-B` / `PYTHONDONTWRITEBYTECODE`
//! (`sys.dont_write_bytecode`) and wherever the directory is not
//! writable.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::value::Value;
use crate::vm::{PyResult, Vm};
use pyrite_compiler::serialize;

/// CPython 3.11's bytecode magic (3495, then `\r\n`), which importlib
/// writes and checks.
const MAGIC: [u8; 4] = [0xa7, 0x0d, 0x0d, 0x0a];
const HEADER: usize = 16;
/// marshal's type code for a Pyrite code object, and its FLAG_REF bit.
use crate::modules::marshal::{FLAG_REF, T_PYRITE_CODE};

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

/// (mtime in whole seconds, size) of the source, as importlib records
/// them: each cut to 32 bits.
fn stamp(meta: &std::fs::Metadata) -> (u32, u32) {
    let mtime = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_secs());
    (mtime as u32, meta.len() as u32)
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(b[at..at + 4].try_into().expect("4 bytes"))
}

/// The cached code, if the cache is whole and matches the source.
fn read_cache(path: &Path, mtime: u32, size: u32) -> Option<pyrite_compiler::code::CodeObject> {
    let b = std::fs::read(path).ok()?;
    if b.len() < HEADER + 5 || b[..4] != MAGIC {
        return None;
    }
    if u32_at(&b, 4) != 0 || u32_at(&b, 8) != mtime || u32_at(&b, 12) != size {
        return None;
    }
    if b[HEADER] & !FLAG_REF != T_PYRITE_CODE {
        return None;
    }
    let len = u32_at(&b, HEADER + 1) as usize;
    let record = b.get(HEADER + 5..)?;
    if record.len() != len {
        return None;
    }
    serialize::unseal(record).ok()
}

/// Writes the cache atomically; failures (read-only directories, ...)
/// are silent, as CPython's.
fn write_cache(path: &Path, code: &pyrite_compiler::code::CodeObject, mtime: u32, size: u32) {
    let record = serialize::seal(code);
    let Ok(len) = u32::try_from(record.len()) else {
        return;
    };
    let mut out = Vec::with_capacity(HEADER + 5 + record.len());
    out.extend_from_slice(&MAGIC);
    for v in [0, mtime, size] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    out.push(T_PYRITE_CODE);
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(&record);
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

mod frozen {
    include!(concat!(env!("OUT_DIR"), "/frozen_stdlib.rs"));
}

/// Whether imports use the standard library frozen at build time
/// (vm/build.rs); `-X frozen_modules=off` turns it off, as CPython's.
pub static USE_FROZEN_STDLIB: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(true);

/// The code of standard-library module `file` as compiled at build time,
/// if its source still has the mtime and size it had then.
fn frozen_stdlib(file: &Path, mtime: u32, size: u32) -> Option<(pyrite_compiler::code::CodeObject, serialize::Deferred, &'static [u8])> {
    if !USE_FROZEN_STDLIB.load(std::sync::atomic::Ordering::Relaxed) {
        return None;
    }
    let base = env!("PYRITE_BUILD_STDLIB");
    if base.is_empty() {
        return None;
    }
    let rel = file.to_str()?.strip_prefix(base)?.strip_prefix('/')?;
    let i = frozen::STDLIB_INDEX.binary_search_by(|e| e.0.cmp(rel)).ok()?;
    let (_, m, s, off, len) = frozen::STDLIB_INDEX[i];
    if (m, s) != (mtime, size) {
        return None;
    }
    let bytes = frozen::STDLIB_BLOB.get(off as usize..off as usize + len as usize)?;
    // SAFETY: STDLIB_BLOB is build.rs's output of `dump` for each module,
    // included in the executable; the index gives each dump's bounds.
    // Nested code objects are read when first used (`compile::LazyCode`);
    // their pages are dropped with the rest and fault back in then.
    let (code, deferred) = unsafe { serialize::load_lazy(bytes, None) }?;
    release_pages(bytes);
    Some((code, deferred, bytes))
}

/// Lets the kernel drop the pages of `bytes` (part of the executable's
/// read-only image): a frozen module is read once, and without this the
/// pages stay resident — megabytes of peak RSS for the ~100 modules a
/// start imports.
fn release_pages(bytes: &[u8]) {
    const PAGE: usize = 4096;
    let start = bytes.as_ptr() as usize & !(PAGE - 1);
    let end = (bytes.as_ptr() as usize + bytes.len() + PAGE - 1) & !(PAGE - 1);
    // SAFETY: the range covers whole pages of the binary's read-only,
    // file-backed mapping (STDLIB_BLOB and at most a page of neighbouring
    // read-only data at each end). Nothing ever writes them, so after
    // MADV_DONTNEED a later read faults the same bytes back in from the
    // file: no live reference can observe a change.
    unsafe {
        libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_DONTNEED);
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

/// The code of the source module at `file` (shown as `fname`): frozen at
/// build time or from its cache when either matches the source, else
/// compiled (and cached).
pub fn load_module_code(vm: &mut Vm, file: &Path, fname: &str) -> PyResult<Value> {
    let meta = std::fs::metadata(file).ok();
    let cache = cache_path(file, vm.optimize);
    if let (Some(meta), Some(cache)) = (&meta, &cache) {
        let (mtime, size) = stamp(meta);
        if vm.optimize == 0 {
            if let Some((mut code, deferred, bytes)) = frozen_stdlib(file, mtime, size) {
                if code.filename != fname {
                    code.set_filename(fname);
                }
                return Ok(crate::compile::lazy_module_code(vm, code, &deferred, bytes));
            }
        }
        if let Some(mut code) = read_cache(cache, mtime, size) {
            // Found under another spelling of its path (written by
            // importlib with a relative one, say): renamed, as CPython's
            // `_fix_co_filename` does, rather than recompiled.
            if code.filename != fname {
                code.set_filename(fname);
            }
            return Ok(crate::compile::code_value(vm, Arc::new(code)));
        }
    }
    // A module in a zip archive is read from it (and not cached).
    let bytes = crate::ziparchive::read_path(file).map_err(|e| vm.new_exc(&crate::types::OS_ERROR_TYPE, e.to_string()))?;
    let code = crate::compile::compile_code(vm, &bytes, fname, "exec", false)?;
    if let (Some(meta), Some(cache)) = (&meta, &cache) {
        if may_write(vm) {
            let (mtime, size) = stamp(meta);
            // The file may have changed while we compiled: record what we read.
            if size == bytes.len() as u32 {
                write_cache(cache, &code, mtime, size);
            }
        }
    }
    Ok(crate::compile::code_value(vm, Arc::new(code)))
}
