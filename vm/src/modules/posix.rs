//! `posix`: the operating-system interface under `os`, `os.path`,
//! `shutil` and `tempfile` — files and directories, file descriptors,
//! processes, the environment — through the C library (the `libc`
//! crate's declarations of it).
//!
//! Paths are `str`, `bytes` or `os.PathLike` (and an open descriptor
//! where CPython allows one); results come back as `bytes` when the path
//! was `bytes`. `str` paths are encoded as UTF-8; non-UTF-8 names read
//! from the system decode lossily (Pyrite's `str` cannot hold lone
//! surrogates, so `surrogateescape` round-tripping is not available).
//!
//! Failures raise the `OSError` subclass CPython picks for the errno
//! (`FileNotFoundError` for `ENOENT`, ...), with `errno`, `strerror`,
//! `filename` (and `filename2` for two-path calls) set and `args` being
//! `(errno, strerror)`.
//!
//! The `dir_fd` / `follow_symlinks` variants are implemented with the
//! `*at()` calls and advertised in `_have_functions`, so `os.supports_*`
//! and `shutil.rmtree`'s descriptor-based walk work. Not provided: `fork`,
//! the `exec*`/`spawn` family, `posix_spawn`, extended attributes,
//! scheduling, `statvfs`, `sysconf`/`confstr` (callers such as
//! `subprocess` probe for them and fall back).
//!
//! The struct-sequence types (`stat_result`, `terminal_size`,
//! `uname_result`, `times_result`) and `DirEntry`/`ScandirIterator` are
//! small classes defined in Python source run at import (as `time` does
//! for `struct_time`), over the native calls here. `scandir` reads the
//! whole directory when called; the iterator hands out the entries.

use std::cell::RefCell;
use std::ffi::{CStr, CString};
use std::os::unix::ffi::OsStrExt;

use crate::objects::*;
use crate::types::*;
use crate::value::Value;
use crate::vm::attr::type_value;
use crate::vm::new::{new_int, new_int_i64};
use crate::vm::{Args, PyErr, PyResult, Vm};

/// The Python-level classes and helpers of the module (`stat_result`,
/// `_scandir_build`, ...), looked up by the native functions.
static CLASSES: crate::gil::GilCell<RefCell<std::collections::BTreeMap<&'static str, Value>>> =
    crate::gil::GilCell::new(RefCell::new(std::collections::BTreeMap::new()));

fn class(vm: &mut Vm, name: &str) -> PyResult<Value> {
    match CLASSES.with(|c| c.borrow().get(name).cloned()) {
        Some(v) => Ok(v),
        None => Err(vm.runtime_error(format!("posix.{} is not initialised", name))),
    }
}

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

/// The calling thread's `errno`.
pub fn last_errno() -> i32 {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(0)
}

fn set_errno(v: i32) {
    // SAFETY: __errno_location returns the calling thread's errno slot.
    unsafe { *libc::__errno_location() = v };
}

/// `strerror(code)` as text.
pub fn strerror_text(code: i32) -> String {
    // SAFETY: strerror returns a NUL-terminated string valid until the
    // next strerror call on this thread; we copy it at once.
    let p = unsafe { libc::strerror(code) };
    if p.is_null() {
        return format!("Unknown error {}", code);
    }
    // SAFETY: non-null NUL-terminated string from strerror.
    unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned()
}

/// The `OSError` subclass CPython raises for `errno` (its `errnomap`).
pub fn oserror_type_for(errno: i32) -> &'static crate::object::TypeObject {
    match errno {
        libc::EAGAIN | libc::EALREADY | libc::EINPROGRESS => &BLOCKING_IO_ERROR_TYPE,
        libc::ECHILD => &CHILD_PROCESS_ERROR_TYPE,
        libc::EPIPE | libc::ESHUTDOWN => &BROKEN_PIPE_ERROR_TYPE,
        libc::ECONNABORTED => &CONNECTION_ABORTED_ERROR_TYPE,
        libc::ECONNREFUSED => &CONNECTION_REFUSED_ERROR_TYPE,
        libc::ECONNRESET => &CONNECTION_RESET_ERROR_TYPE,
        libc::EEXIST => &FILE_EXISTS_ERROR_TYPE,
        libc::ENOENT => &FILE_NOT_FOUND_ERROR_TYPE,
        libc::EISDIR => &IS_A_DIRECTORY_ERROR_TYPE,
        libc::ENOTDIR => &NOT_A_DIRECTORY_ERROR_TYPE,
        libc::EINTR => &INTERRUPTED_ERROR_TYPE,
        libc::EACCES | libc::EPERM => &PERMISSION_ERROR_TYPE,
        libc::ESRCH => &PROCESS_LOOKUP_ERROR_TYPE,
        libc::ETIMEDOUT => &TIMEOUT_ERROR_TYPE,
        _ => &OS_ERROR_TYPE,
    }
}

/// The exception for `errno`, as CPython's
/// `PyErr_SetFromErrnoWithFilenameObjects` builds it: `args == (errno,
/// strerror)`, `filename`/`filename2` set.
pub fn os_error(
    vm: &mut Vm,
    errno: i32,
    filename: Option<&Value>,
    filename2: Option<&Value>,
) -> PyErr {
    let ty = oserror_type_for(errno);
    let msg = vm.new_str(&strerror_text(errno));
    let exc = match vm.call(&type_value(ty), &[new_int_i64(errno as i64), msg], &[]) {
        Ok(e) => e,
        Err(e) => return e,
    };
    if let Some(f) = filename {
        let _ = vm.set_inst_attr(&exc, "filename", f.clone());
    }
    if let Some(f) = filename2 {
        let _ = vm.set_inst_attr(&exc, "filename2", f.clone());
    }
    PyErr(exc)
}

/// The exception for the current `errno`.
pub fn errno_error(vm: &mut Vm, filename: Option<&Value>) -> PyErr {
    let e = last_errno();
    os_error(vm, e, filename, None)
}

fn errno_error2(vm: &mut Vm, f1: &Value, f2: &Value) -> PyErr {
    let e = last_errno();
    os_error(vm, e, Some(f1), Some(f2))
}

// ---------------------------------------------------------------------------
// Arguments
// ---------------------------------------------------------------------------

fn req<'a>(
    vm: &mut Vm,
    p: &[Option<&'a Value>],
    i: usize,
    fname: &str,
    name: &str,
) -> PyResult<&'a Value> {
    match p[i] {
        Some(v) => Ok(v),
        None => Err(vm.type_error(format!(
            "{}() missing required argument '{}' (pos {})",
            fname,
            name,
            i + 1
        ))),
    }
}

fn truthy(vm: &mut Vm, v: Option<&Value>, default: bool) -> PyResult<bool> {
    match v {
        Some(v) => vm.truthy(v),
        None => Ok(default),
    }
}

fn is_float(v: &Value) -> bool {
    v.is_float() || downcast::<FloatData>(v).is_some()
}

fn is_intlike(v: &Value) -> bool {
    v.is_int() || downcast::<IntData>(v).is_some()
}

/// A C `int` argument (file descriptor, mode, flags...).
fn int_arg(vm: &mut Vm, v: &Value) -> PyResult<i32> {
    if is_float(v) {
        return Err(vm.type_error("'float' object cannot be interpreted as an integer"));
    }
    let n = vm.index(v)?;
    match n.to_i64() {
        Some(x) if x > i32::MAX as i64 => {
            Err(vm.overflow_error("signed integer is greater than maximum"))
        }
        Some(x) if x < i32::MIN as i64 => {
            Err(vm.overflow_error("signed integer is less than minimum"))
        }
        Some(x) => Ok(x as i32),
        None => Err(vm.overflow_error("Python int too large to convert to C long")),
    }
}

fn i64_arg(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    if is_float(v) {
        return Err(vm.type_error("'float' object cannot be interpreted as an integer"));
    }
    let n = vm.index(v)?;
    n.to_i64()
        .ok_or_else(|| vm.overflow_error("Python int too large to convert to C long"))
}

/// `dir_fd=None` is `AT_FDCWD`.
fn dir_fd_arg(vm: &mut Vm, v: Option<&Value>) -> PyResult<i32> {
    match v {
        None => Ok(libc::AT_FDCWD),
        Some(v) if v.is_none() => Ok(libc::AT_FDCWD),
        Some(v) => {
            if !is_intlike(v) && crate::vm::attr::lookup(v.type_of(), "__index__").is_none() {
                return Err(vm.type_error(format!(
                    "argument should be integer or None, not {}",
                    v.type_of().name()
                )));
            }
            int_arg(vm, v)
        }
    }
}

/// A converted path argument.
pub struct PathArg {
    /// The bytes handed to the C library (no NUL inside).
    pub c: CString,
    /// The path was `bytes`-like: results are `bytes` too.
    pub is_bytes: bool,
    /// A file descriptor was given instead of a path.
    pub fd: Option<i32>,
    /// What error messages name (`filename`): the str/bytes given (after
    /// `__fspath__`), or the descriptor.
    pub obj: Value,
}

/// `os.fspath(v)`: str and bytes as they are, else `__fspath__()`,
/// which must give str or bytes. `None` when `v` is none of these.
pub fn fspath_value(vm: &mut Vm, v: &Value) -> PyResult<Option<Value>> {
    if downcast::<StrData>(v).is_some() || downcast::<BytesData>(v).is_some() {
        return Ok(Some(v.clone()));
    }
    let Some(f) = crate::vm::attr::lookup(v.type_of(), "__fspath__") else {
        return Ok(None);
    };
    if f.is_none() {
        return Ok(None);
    }
    let r = vm.call(&f, &[v.clone()], &[])?;
    if downcast::<StrData>(&r).is_some() || downcast::<BytesData>(&r).is_some() {
        return Ok(Some(r));
    }
    Err(vm.type_error(format!(
        "expected {}.__fspath__() to return str or bytes, not {}",
        v.type_of().name(),
        r.type_of().name()
    )))
}

/// A `path_t` argument of `fname`. `allow_fd`: an int is a descriptor.
pub fn path_arg(vm: &mut Vm, fname: &str, v: &Value, allow_fd: bool) -> PyResult<PathArg> {
    if allow_fd && is_intlike(v) {
        let fd = int_arg(vm, v)?;
        return Ok(PathArg {
            c: CString::default(),
            is_bytes: false,
            fd: Some(fd),
            obj: v.clone(),
        });
    }
    let (bytes, is_bytes, obj) = if let Some(p) = fspath_value(vm, v)? {
        if let Some(s) = downcast::<StrData>(&p) {
            if s.s.contains('\0') {
                return Err(vm.value_error("embedded null byte"));
            }
            (s.s.as_bytes().to_vec(), false, p.clone())
        } else {
            (
                downcast::<BytesData>(&p).unwrap().b.to_vec(),
                true,
                p.clone(),
            )
        }
    } else if let Some(b) =
        crate::builtins::bytes::as_bytes(v).or_else(|| crate::modules::memoryview::bytes_of(v))
    {
        (b, true, v.clone())
    } else {
        let what = if allow_fd {
            "string, bytes, os.PathLike or integer"
        } else {
            "string, bytes or os.PathLike"
        };
        return Err(vm.type_error(format!(
            "{}: path should be {}, not {}",
            fname,
            what,
            v.type_of().name()
        )));
    };
    match CString::new(bytes) {
        Ok(c) => Ok(PathArg {
            c,
            is_bytes,
            fd: None,
            obj,
        }),
        Err(_) => Err(vm.value_error(format!("{}: embedded null character in path", fname))),
    }
}

/// An optional path defaulting to `"."` (`listdir`, `scandir`).
fn path_or_dot(vm: &mut Vm, fname: &str, v: Option<&Value>) -> PyResult<PathArg> {
    match v {
        Some(v) if !v.is_none() => {
            if !is_intlike(v)
                && fspath_value(vm, v)?.is_none()
                && crate::builtins::bytes::as_bytes(v).is_none()
                && crate::modules::memoryview::bytes_of(v).is_none()
            {
                return Err(vm.type_error(format!(
                    "{}: path should be string, bytes, os.PathLike, integer or None, not {}",
                    fname,
                    v.type_of().name()
                )));
            }
            path_arg(vm, fname, v, true)
        }
        _ => {
            let dot = vm.new_str(".");
            path_arg(vm, fname, &dot, false)
        }
    }
}

/// A name from the system as `str` or `bytes` (as the argument was).
fn name_value(vm: &mut Vm, b: &[u8], as_bytes: bool) -> Value {
    if as_bytes {
        vm.new_bytes(b.to_vec())
    } else {
        match std::str::from_utf8(b) {
            Ok(s) => vm.new_str(s),
            Err(_) => vm.new_str_owned(String::from_utf8_lossy(b).into_owned()),
        }
    }
}

/// Bytes-like data for `write`.
fn buffer_arg(vm: &mut Vm, v: &Value) -> PyResult<Vec<u8>> {
    if let Some(b) =
        crate::builtins::bytes::as_bytes(v).or_else(|| crate::modules::memoryview::bytes_of(v))
    {
        return Ok(b);
    }
    Err(vm.type_error(format!(
        "a bytes-like object is required, not '{}'",
        v.type_of().name()
    )))
}

fn check_fd_only(vm: &mut Vm, fname: &str, p: &PathArg, dir_fd: i32, follow: bool) -> PyResult<()> {
    if p.fd.is_some() {
        if dir_fd != libc::AT_FDCWD {
            return Err(vm.value_error(format!("{}: can't specify both dir_fd and fd", fname)));
        }
        if !follow {
            return Err(vm.value_error(format!(
                "{}: cannot use fd and follow_symlinks together",
                fname
            )));
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// stat
// ---------------------------------------------------------------------------

fn big(n: i128) -> Value {
    match i64::try_from(n) {
        Ok(x) => new_int_i64(x),
        Err(_) => new_int(crate::int::Int::from(n)),
    }
}

/// An `os.stat_result` from a `struct stat`.
pub fn stat_value(vm: &mut Vm, st: &libc::stat) -> PyResult<Value> {
    let times = [
        (st.st_atime, st.st_atime_nsec),
        (st.st_mtime, st.st_mtime_nsec),
        (st.st_ctime, st.st_ctime_nsec),
    ];
    let mut items = vec![
        new_int_i64(st.st_mode as i64),
        big(st.st_ino as i128),
        big(st.st_dev as i128),
        big(st.st_nlink as i128),
        new_int_i64(st.st_uid as i64),
        new_int_i64(st.st_gid as i64),
        new_int_i64(st.st_size),
    ];
    for (s, _) in times {
        items.push(new_int_i64(s));
    }
    for (s, ns) in times {
        items.push(Value::from_f64(s as f64 + ns as f64 * 1e-9));
    }
    for (s, ns) in times {
        items.push(big(s as i128 * 1_000_000_000 + ns as i128));
    }
    items.push(new_int_i64(st.st_blksize));
    items.push(new_int_i64(st.st_blocks));
    items.push(big(st.st_rdev as i128));
    let cls = class(vm, "stat_result")?;
    // What `stat_result(items)` makes (posix.py's _StructSeq.__new__ and
    // _stat_fixup: the first 10 items in the tuple, the rest in `_extra`),
    // built directly: os.stat is called often (pathlib, glob, os.walk,
    // importlib) and the Python constructor was most of its cost.
    if let Some(t) = crate::vm::attr::as_type(&cls) {
        if crate::vm::class::is_subtype(t, &TUPLE_TYPE) && t.dict_offset.get() != 0 {
            let extra = vm.new_list(items.split_off(10));
            let obj = crate::object::alloc_object(t, TupleData { items: items.into() });
            vm.set_inst_attr(&obj, "_extra", extra)?;
            return Ok(obj);
        }
    }
    let t = vm.new_tuple(items);
    vm.call(&cls, &[t], &[])
}

fn do_stat(vm: &mut Vm, p: &PathArg, dir_fd: i32, follow: bool) -> PyResult<Value> {
    // SAFETY: an all-zero struct stat is a valid out-buffer.
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    let r = match p.fd {
        // SAFETY: st is a valid out-pointer.
        Some(fd) => unsafe { libc::fstat(fd, &mut st) },
        None => {
            let flags = if follow { 0 } else { libc::AT_SYMLINK_NOFOLLOW };
            // SAFETY: p.c is NUL-terminated; st is a valid out-pointer.
            unsafe { libc::fstatat(dir_fd, p.c.as_ptr(), &mut st, flags) }
        }
    };
    if r != 0 {
        return Err(errno_error(vm, Some(&p.obj)));
    }
    stat_value(vm, &st)
}

fn stat(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let p = crate::builtins::bind(
        vm,
        &a,
        "stat",
        &["path", "dir_fd", "follow_symlinks"],
        false,
    )?;
    let path = req(vm, &p, 0, "stat", "path")?;
    let path = path_arg(vm, "stat", path, true)?;
    let dir_fd = dir_fd_arg(vm, p[1])?;
    let follow = truthy(vm, p[2], true)?;
    check_fd_only(vm, "stat", &path, dir_fd, follow)?;
    do_stat(vm, &path, dir_fd, follow)
}

fn lstat(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let p = crate::builtins::bind(vm, &a, "lstat", &["path", "dir_fd"], false)?;
    let path = req(vm, &p, 0, "lstat", "path")?;
    let path = path_arg(vm, "lstat", path, false)?;
    let dir_fd = dir_fd_arg(vm, p[1])?;
    do_stat(vm, &path, dir_fd, false)
}

fn fstat(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let p = crate::builtins::bind(vm, &a, "fstat", &["fd"], false)?;
    let fd = req(vm, &p, 0, "fstat", "fd")?;
    let fd = int_arg(vm, fd)?;
    // SAFETY: zeroed struct stat is a valid out-buffer.
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    // SAFETY: st is a valid out-pointer.
    if unsafe { libc::fstat(fd, &mut st) } != 0 {
        return Err(errno_error(vm, None));
    }
    stat_value(vm, &st)
}

// ---------------------------------------------------------------------------
// Directories
// ---------------------------------------------------------------------------

fn getcwd_bytes(vm: &mut Vm) -> PyResult<Vec<u8>> {
    match std::env::current_dir() {
        Ok(p) => Ok(p.as_os_str().as_bytes().to_vec()),
        Err(e) => Err(os_error(
            vm,
            e.raw_os_error().unwrap_or(libc::EIO),
            None,
            None,
        )),
    }
}

fn getcwd(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("getcwd", &a, 0, 0)?;
    let b = getcwd_bytes(vm)?;
    Ok(name_value(vm, &b, false))
}

fn getcwdb(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("getcwdb", &a, 0, 0)?;
    let b = getcwd_bytes(vm)?;
    Ok(vm.new_bytes(b))
}

fn chdir(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let p = crate::builtins::bind(vm, &a, "chdir", &["path"], false)?;
    let path = req(vm, &p, 0, "chdir", "path")?;
    let path = path_arg(vm, "chdir", path, true)?;
    let r = match path.fd {
        // SAFETY: plain syscall.
        Some(fd) => unsafe { libc::fchdir(fd) },
        // SAFETY: NUL-terminated path.
        None => unsafe { libc::chdir(path.c.as_ptr()) },
    };
    if r != 0 {
        return Err(errno_error(vm, Some(&path.obj)));
    }
    Ok(Value::none())
}

/// The entries of a directory (by path or descriptor), without `.` and
/// `..`: (name, d_type, d_ino).
fn read_dir_entries(vm: &mut Vm, p: &PathArg) -> PyResult<Vec<(Vec<u8>, u8, u64)>> {
    let dir = match p.fd {
        Some(fd) => {
            // SAFETY: plain syscalls; fdopendir takes ownership of the dup
            // (closed by closedir below), leaving the caller's fd open.
            unsafe {
                let d = libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, 0);
                if d < 0 {
                    return Err(errno_error(vm, Some(&p.obj)));
                }
                let dir = libc::fdopendir(d);
                if dir.is_null() {
                    let e = last_errno();
                    libc::close(d);
                    return Err(os_error(vm, e, Some(&p.obj), None));
                }
                libc::rewinddir(dir);
                dir
            }
        }
        // SAFETY: NUL-terminated path.
        None => unsafe { libc::opendir(p.c.as_ptr()) },
    };
    if dir.is_null() {
        return Err(errno_error(vm, Some(&p.obj)));
    }
    let mut out = Vec::new();
    loop {
        set_errno(0);
        // SAFETY: dir is an open DIR stream.
        let ent = unsafe { libc::readdir(dir) };
        if ent.is_null() {
            let e = last_errno();
            // SAFETY: dir is open and closed exactly once, here.
            unsafe { libc::closedir(dir) };
            if e != 0 {
                return Err(os_error(vm, e, Some(&p.obj), None));
            }
            break;
        }
        // SAFETY: readdir returned a valid entry with a NUL-terminated
        // name, valid until the next readdir on this stream.
        let (name, ty, ino) = unsafe {
            let e = &*ent;
            (
                CStr::from_ptr(e.d_name.as_ptr()).to_bytes().to_vec(),
                e.d_type,
                e.d_ino,
            )
        };
        if name == b"." || name == b".." {
            continue;
        }
        out.push((name, ty, ino));
    }
    Ok(out)
}

fn listdir(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let p = crate::builtins::bind(vm, &a, "listdir", &["path"], false)?;
    let path = path_or_dot(vm, "listdir", p[0])?;
    let ents = read_dir_entries(vm, &path)?;
    let names: Vec<Value> = ents
        .iter()
        .map(|(n, _, _)| name_value(vm, n, path.is_bytes))
        .collect();
    Ok(vm.new_list(names))
}

fn scandir(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let p = crate::builtins::bind(vm, &a, "scandir", &["path"], false)?;
    let path = path_or_dot(vm, "scandir", p[0])?;
    let ents = read_dir_entries(vm, &path)?;
    let mut items = Vec::with_capacity(ents.len());
    for (n, ty, ino) in &ents {
        let nv = name_value(vm, n, path.is_bytes);
        let t = vm.new_tuple(vec![nv, new_int_i64(*ty as i64), big(*ino as i128)]);
        items.push(t);
    }
    let list = vm.new_list(items);
    let (prefix, fd) = match path.fd {
        Some(fd) => (Value::none(), new_int_i64(fd as i64)),
        None => (path.obj.clone(), Value::none()),
    };
    let build = class(vm, "_scandir_build")?;
    vm.call(&build, &[prefix, fd, list], &[])
}

fn mkdir(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let p = crate::builtins::bind(vm, &a, "mkdir", &["path", "mode", "dir_fd"], false)?;
    let path = req(vm, &p, 0, "mkdir", "path")?;
    let path = path_arg(vm, "mkdir", path, false)?;
    let mode = match p[1] {
        Some(m) => int_arg(vm, m)?,
        None => 0o777,
    };
    let dir_fd = dir_fd_arg(vm, p[2])?;
    // SAFETY: NUL-terminated path.
    if unsafe { libc::mkdirat(dir_fd, path.c.as_ptr(), mode as libc::mode_t) } != 0 {
        return Err(errno_error(vm, Some(&path.obj)));
    }
    Ok(Value::none())
}

fn unlink_common(vm: &mut Vm, a: Args, fname: &str, flags: i32) -> PyResult<Value> {
    let p = crate::builtins::bind(vm, &a, fname, &["path", "dir_fd"], false)?;
    let path = req(vm, &p, 0, fname, "path")?;
    let path = path_arg(vm, fname, path, false)?;
    let dir_fd = dir_fd_arg(vm, p[1])?;
    // SAFETY: NUL-terminated path.
    if unsafe { libc::unlinkat(dir_fd, path.c.as_ptr(), flags) } != 0 {
        return Err(errno_error(vm, Some(&path.obj)));
    }
    Ok(Value::none())
}

fn rmdir(vm: &mut Vm, a: Args) -> PyResult<Value> {
    unlink_common(vm, a, "rmdir", libc::AT_REMOVEDIR)
}

fn unlink(vm: &mut Vm, a: Args) -> PyResult<Value> {
    unlink_common(vm, a, "unlink", 0)
}

fn remove(vm: &mut Vm, a: Args) -> PyResult<Value> {
    unlink_common(vm, a, "remove", 0)
}

type TwoPaths = (PathArg, PathArg, i32, i32, bool);

fn two_paths(vm: &mut Vm, a: &Args, fname: &str) -> PyResult<TwoPaths> {
    let names: &[&str] = if fname == "link" {
        &["src", "dst", "src_dir_fd", "dst_dir_fd", "follow_symlinks"]
    } else {
        &["src", "dst", "src_dir_fd", "dst_dir_fd"]
    };
    let p = crate::builtins::bind(vm, a, fname, names, false)?;
    let src = req(vm, &p, 0, fname, "src")?;
    let dst = req(vm, &p, 1, fname, "dst")?;
    let src = path_arg(vm, fname, src, false)?;
    let dst = path_arg(vm, fname, dst, false)?;
    if src.is_bytes != dst.is_bytes {
        return Err(vm.type_error(format!("{}: src and dst must be the same type", fname)));
    }
    let sfd = dir_fd_arg(vm, p[2])?;
    let dfd = dir_fd_arg(vm, p[3])?;
    let follow = truthy(vm, p.get(4).copied().flatten(), true)?;
    Ok((src, dst, sfd, dfd, follow))
}

fn rename_common(vm: &mut Vm, a: Args, fname: &str) -> PyResult<Value> {
    let (src, dst, sfd, dfd, _) = two_paths(vm, &a, fname)?;
    // SAFETY: NUL-terminated paths.
    if unsafe { libc::renameat(sfd, src.c.as_ptr(), dfd, dst.c.as_ptr()) } != 0 {
        return Err(errno_error2(vm, &src.obj, &dst.obj));
    }
    Ok(Value::none())
}

fn rename(vm: &mut Vm, a: Args) -> PyResult<Value> {
    rename_common(vm, a, "rename")
}

fn replace(vm: &mut Vm, a: Args) -> PyResult<Value> {
    rename_common(vm, a, "replace")
}

fn link(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let (src, dst, sfd, dfd, follow) = two_paths(vm, &a, "link")?;
    let flags = if follow { libc::AT_SYMLINK_FOLLOW } else { 0 };
    // SAFETY: NUL-terminated paths.
    if unsafe { libc::linkat(sfd, src.c.as_ptr(), dfd, dst.c.as_ptr(), flags) } != 0 {
        return Err(errno_error2(vm, &src.obj, &dst.obj));
    }
    Ok(Value::none())
}

fn symlink(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let p = crate::builtins::bind(
        vm,
        &a,
        "symlink",
        &["src", "dst", "target_is_directory", "dir_fd"],
        false,
    )?;
    let src = req(vm, &p, 0, "symlink", "src")?;
    let dst = req(vm, &p, 1, "symlink", "dst")?;
    let src = path_arg(vm, "symlink", src, false)?;
    let dst = path_arg(vm, "symlink", dst, false)?;
    if src.is_bytes != dst.is_bytes {
        return Err(vm.type_error("symlink: src and dst must be the same type"));
    }
    let dir_fd = dir_fd_arg(vm, p[3])?;
    // SAFETY: NUL-terminated paths.
    if unsafe { libc::symlinkat(src.c.as_ptr(), dir_fd, dst.c.as_ptr()) } != 0 {
        return Err(errno_error2(vm, &src.obj, &dst.obj));
    }
    Ok(Value::none())
}

fn readlink(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let p = crate::builtins::bind(vm, &a, "readlink", &["path", "dir_fd"], false)?;
    let path = req(vm, &p, 0, "readlink", "path")?;
    let path = path_arg(vm, "readlink", path, false)?;
    let dir_fd = dir_fd_arg(vm, p[1])?;
    let mut buf = vec![0u8; libc::PATH_MAX as usize + 1];
    // SAFETY: buf has buf.len() writable bytes; path NUL-terminated.
    let n = unsafe {
        libc::readlinkat(
            dir_fd,
            path.c.as_ptr(),
            buf.as_mut_ptr() as *mut libc::c_char,
            buf.len(),
        )
    };
    if n < 0 {
        return Err(errno_error(vm, Some(&path.obj)));
    }
    buf.truncate(n as usize);
    Ok(name_value(vm, &buf, path.is_bytes))
}

fn chmod(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let p = crate::builtins::bind(
        vm,
        &a,
        "chmod",
        &["path", "mode", "dir_fd", "follow_symlinks"],
        false,
    )?;
    let path = req(vm, &p, 0, "chmod", "path")?;
    let mode = req(vm, &p, 1, "chmod", "mode")?;
    let path = path_arg(vm, "chmod", path, true)?;
    let mode = int_arg(vm, mode)? as libc::mode_t;
    let dir_fd = dir_fd_arg(vm, p[2])?;
    let follow = truthy(vm, p[3], true)?;
    check_fd_only(vm, "chmod", &path, dir_fd, follow)?;
    if !follow {
        return Err(vm.new_exc(
            &NOT_IMPLEMENTED_ERROR_TYPE,
            "chmod: follow_symlinks unavailable on this platform",
        ));
    }
    let r = match path.fd {
        // SAFETY: plain syscall.
        Some(fd) => unsafe { libc::fchmod(fd, mode) },
        // SAFETY: NUL-terminated path.
        None => unsafe { libc::fchmodat(dir_fd, path.c.as_ptr(), mode, 0) },
    };
    if r != 0 {
        return Err(errno_error(vm, Some(&path.obj)));
    }
    Ok(Value::none())
}

fn fchmod(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let p = crate::builtins::bind(vm, &a, "fchmod", &["fd", "mode"], false)?;
    let fd = req(vm, &p, 0, "fchmod", "fd")?;
    let mode = req(vm, &p, 1, "fchmod", "mode")?;
    let fd = int_arg(vm, fd)?;
    let mode = int_arg(vm, mode)?;
    // SAFETY: plain syscall.
    if unsafe { libc::fchmod(fd, mode as libc::mode_t) } != 0 {
        return Err(errno_error(vm, None));
    }
    Ok(Value::none())
}

fn chown(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let p = crate::builtins::bind(
        vm,
        &a,
        "chown",
        &["path", "uid", "gid", "dir_fd", "follow_symlinks"],
        false,
    )?;
    let path = req(vm, &p, 0, "chown", "path")?;
    let uid = req(vm, &p, 1, "chown", "uid")?;
    let gid = req(vm, &p, 2, "chown", "gid")?;
    let path = path_arg(vm, "chown", path, true)?;
    let uid = i64_arg(vm, uid)? as libc::uid_t;
    let gid = i64_arg(vm, gid)? as libc::gid_t;
    let dir_fd = dir_fd_arg(vm, p[3])?;
    let follow = truthy(vm, p[4], true)?;
    check_fd_only(vm, "chown", &path, dir_fd, follow)?;
    let r = match path.fd {
        // SAFETY: plain syscall.
        Some(fd) => unsafe { libc::fchown(fd, uid, gid) },
        // SAFETY: NUL-terminated path.
        None => unsafe {
            libc::fchownat(
                dir_fd,
                path.c.as_ptr(),
                uid,
                gid,
                if follow { 0 } else { libc::AT_SYMLINK_NOFOLLOW },
            )
        },
    };
    if r != 0 {
        return Err(errno_error(vm, Some(&path.obj)));
    }
    Ok(Value::none())
}

fn pair(v: &Value) -> Option<Vec<Value>> {
    match downcast::<TupleData>(v) {
        Some(tp) if tp.items.len() == 2 => Some(tp.items.to_vec()),
        _ => None,
    }
}

fn utime(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let p = crate::builtins::bind(
        vm,
        &a,
        "utime",
        &["path", "times", "ns", "dir_fd", "follow_symlinks"],
        false,
    )?;
    let path = req(vm, &p, 0, "utime", "path")?;
    let path = path_arg(vm, "utime", path, true)?;
    let times = p[1].filter(|t| !t.is_none());
    let ns = p[2];
    if times.is_some() && ns.is_some() {
        return Err(vm.value_error("utime: you may specify either 'times' or 'ns' but not both"));
    }
    let now = libc::timespec {
        tv_sec: 0,
        tv_nsec: libc::UTIME_NOW,
    };
    let mut ts = [now, now];
    if let Some(t) = times {
        let Some(items) = pair(t) else {
            return Err(vm.type_error("utime: 'times' must be either a tuple of two ints or None"));
        };
        for (i, x) in items.iter().enumerate() {
            let (s, n) = if is_float(x) {
                let f = crate::vm::ops::to_float(x).unwrap_or(0.0);
                let fl = f.floor();
                let mut n = ((f - fl) * 1e9).round() as i64;
                let mut s = fl as i64;
                if n >= 1_000_000_000 {
                    s += 1;
                    n -= 1_000_000_000;
                }
                (s, n)
            } else {
                (i64_arg(vm, x)?, 0)
            };
            ts[i] = libc::timespec {
                tv_sec: s,
                tv_nsec: n,
            };
        }
    } else if let Some(n) = ns {
        let Some(items) = pair(n) else {
            return Err(vm.type_error("utime: 'ns' must be a tuple of two ints"));
        };
        for (i, x) in items.iter().enumerate() {
            let v = vm.index(x)?;
            let v = v.to_i64().unwrap_or(0) as i128;
            ts[i] = libc::timespec {
                tv_sec: v.div_euclid(1_000_000_000) as i64,
                tv_nsec: v.rem_euclid(1_000_000_000) as i64,
            };
        }
    }
    let dir_fd = dir_fd_arg(vm, p[3])?;
    let follow = truthy(vm, p[4], true)?;
    check_fd_only(vm, "utime", &path, dir_fd, follow)?;
    let r = match path.fd {
        // SAFETY: ts is two valid timespecs.
        Some(fd) => unsafe { libc::futimens(fd, ts.as_ptr()) },
        // SAFETY: NUL-terminated path, two valid timespecs.
        None => unsafe {
            libc::utimensat(
                dir_fd,
                path.c.as_ptr(),
                ts.as_ptr(),
                if follow { 0 } else { libc::AT_SYMLINK_NOFOLLOW },
            )
        },
    };
    if r != 0 {
        return Err(errno_error(vm, Some(&path.obj)));
    }
    Ok(Value::none())
}

fn access(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let p = crate::builtins::bind(
        vm,
        &a,
        "access",
        &["path", "mode", "dir_fd", "effective_ids", "follow_symlinks"],
        false,
    )?;
    let path = req(vm, &p, 0, "access", "path")?;
    let mode = req(vm, &p, 1, "access", "mode")?;
    let path = path_arg(vm, "access", path, false)?;
    let mode = int_arg(vm, mode)?;
    let dir_fd = dir_fd_arg(vm, p[2])?;
    let mut flags = 0;
    if truthy(vm, p[3], false)? {
        flags |= libc::AT_EACCESS;
    }
    if !truthy(vm, p[4], true)? {
        flags |= libc::AT_SYMLINK_NOFOLLOW;
    }
    // SAFETY: NUL-terminated path.
    let r = unsafe { libc::faccessat(dir_fd, path.c.as_ptr(), mode, flags) };
    Ok(Value::from_bool(r == 0))
}

fn truncate(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let p = crate::builtins::bind(vm, &a, "truncate", &["path", "length"], false)?;
    let path = req(vm, &p, 0, "truncate", "path")?;
    let len = req(vm, &p, 1, "truncate", "length")?;
    let path = path_arg(vm, "truncate", path, true)?;
    let len = i64_arg(vm, len)?;
    let r = match path.fd {
        // SAFETY: plain syscall.
        Some(fd) => unsafe { libc::ftruncate(fd, len) },
        // SAFETY: NUL-terminated path.
        None => unsafe { libc::truncate(path.c.as_ptr(), len) },
    };
    if r != 0 {
        return Err(errno_error(vm, Some(&path.obj)));
    }
    Ok(Value::none())
}

// ---------------------------------------------------------------------------
// File descriptors
// ---------------------------------------------------------------------------

fn open(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let p = crate::builtins::bind(vm, &a, "open", &["path", "flags", "mode", "dir_fd"], false)?;
    let path = req(vm, &p, 0, "open", "path")?;
    let flags = req(vm, &p, 1, "open", "flags")?;
    let path = path_arg(vm, "open", path, false)?;
    let flags = int_arg(vm, flags)?;
    let mode = match p[2] {
        Some(m) => int_arg(vm, m)?,
        None => 0o777,
    };
    let dir_fd = dir_fd_arg(vm, p[3])?;
    // New descriptors are non-inheritable, as in CPython (PEP 446).
    // SAFETY: NUL-terminated path.
    let fd = unsafe {
        libc::openat(
            dir_fd,
            path.c.as_ptr(),
            flags | libc::O_CLOEXEC,
            mode as libc::c_uint,
        )
    };
    if fd < 0 {
        return Err(errno_error(vm, Some(&path.obj)));
    }
    Ok(new_int_i64(fd as i64))
}

fn fd_only(vm: &mut Vm, a: &Args, fname: &str) -> PyResult<i32> {
    vm.check_args(fname, a, 1, 1)?;
    int_arg(vm, &a.args[0])
}

fn close(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let p = crate::builtins::bind(vm, &a, "close", &["fd"], false)?;
    let fd = req(vm, &p, 0, "close", "fd")?;
    let fd = int_arg(vm, fd)?;
    // SAFETY: plain syscall.
    if unsafe { libc::close(fd) } != 0 {
        return Err(errno_error(vm, None));
    }
    Ok(Value::none())
}

fn closerange(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("closerange", &a, 2, 2)?;
    let lo = int_arg(vm, &a.args[0])?.max(0);
    let hi = int_arg(vm, &a.args[1])?;
    for fd in lo..hi.min(1 << 20) {
        // SAFETY: plain syscall; errors ignored, as in CPython.
        unsafe { libc::close(fd) };
    }
    Ok(Value::none())
}

fn read(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("read", &a, 2, 2)?;
    let fd = int_arg(vm, &a.args[0])?;
    let n = i64_arg(vm, &a.args[1])?;
    if n < 0 {
        return Err(os_error(vm, libc::EINVAL, None, None));
    }
    let mut buf = vec![0u8; n as usize];
    loop {
        // SAFETY: buf has n writable bytes.
        let r = unsafe { libc::read(fd, buf.as_mut_ptr() as *mut libc::c_void, n as usize) };
        if r < 0 {
            if last_errno() == libc::EINTR {
                continue;
            }
            return Err(errno_error(vm, None));
        }
        buf.truncate(r as usize);
        return Ok(vm.new_bytes(buf));
    }
}

fn write(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("write", &a, 2, 2)?;
    let fd = int_arg(vm, &a.args[0])?;
    let data = buffer_arg(vm, &a.args[1])?;
    if fd == 1 || fd == 2 {
        // Keep ordering with what print() has buffered.
        crate::modules::io::flush_stdout(vm);
    }
    loop {
        // SAFETY: data is a valid buffer of data.len() bytes.
        let r = unsafe { libc::write(fd, data.as_ptr() as *const libc::c_void, data.len()) };
        if r < 0 {
            if last_errno() == libc::EINTR {
                continue;
            }
            return Err(errno_error(vm, None));
        }
        return Ok(new_int_i64(r as i64));
    }
}

fn lseek(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("lseek", &a, 3, 3)?;
    let fd = int_arg(vm, &a.args[0])?;
    let pos = i64_arg(vm, &a.args[1])?;
    let how = int_arg(vm, &a.args[2])?;
    // SAFETY: plain syscall.
    let r = unsafe { libc::lseek(fd, pos, how) };
    if r < 0 {
        return Err(errno_error(vm, None));
    }
    Ok(new_int_i64(r))
}

/// A descriptor from an int or an object with `fileno()`.
fn fileno_arg(vm: &mut Vm, v: &Value) -> PyResult<i32> {
    if is_intlike(v) {
        return int_arg(vm, v);
    }
    if let Some(f) = vm.get_attr_opt(v, "fileno")? {
        let r = vm.call(&f, &[], &[])?;
        return int_arg(vm, &r);
    }
    Err(vm.type_error("argument must be an int, or have a fileno() method."))
}

fn fsync(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("fsync", &a, 1, 1)?;
    let fd = fileno_arg(vm, &a.args[0])?;
    // SAFETY: plain syscall.
    if unsafe { libc::fsync(fd) } != 0 {
        return Err(errno_error(vm, None));
    }
    Ok(Value::none())
}

fn ftruncate(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("ftruncate", &a, 2, 2)?;
    let fd = int_arg(vm, &a.args[0])?;
    let len = i64_arg(vm, &a.args[1])?;
    // SAFETY: plain syscall.
    if unsafe { libc::ftruncate(fd, len) } != 0 {
        return Err(errno_error(vm, None));
    }
    Ok(Value::none())
}

fn isatty(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let fd = fd_only(vm, &a, "isatty")?;
    // SAFETY: plain libc call.
    Ok(Value::from_bool(unsafe { libc::isatty(fd) } == 1))
}

fn pipe_with(vm: &mut Vm, flags: i32) -> PyResult<Value> {
    let mut fds = [0i32; 2];
    // SAFETY: fds has room for two descriptors.
    if unsafe { libc::pipe2(fds.as_mut_ptr(), flags) } != 0 {
        return Err(errno_error(vm, None));
    }
    Ok(vm.new_tuple(vec![new_int_i64(fds[0] as i64), new_int_i64(fds[1] as i64)]))
}

fn pipe(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("pipe", &a, 0, 0)?;
    pipe_with(vm, libc::O_CLOEXEC)
}

fn pipe2(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("pipe2", &a, 1, 1)?;
    let flags = int_arg(vm, &a.args[0])?;
    pipe_with(vm, flags)
}

fn dup(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let fd = fd_only(vm, &a, "dup")?;
    // SAFETY: plain syscall; the copy is non-inheritable, as in CPython.
    let r = unsafe { libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, 0) };
    if r < 0 {
        return Err(errno_error(vm, None));
    }
    Ok(new_int_i64(r as i64))
}

fn dup2(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let p = crate::builtins::bind(vm, &a, "dup2", &["fd", "fd2", "inheritable"], false)?;
    let fd = req(vm, &p, 0, "dup2", "fd")?;
    let fd2 = req(vm, &p, 1, "dup2", "fd2")?;
    let fd = int_arg(vm, fd)?;
    let fd2 = int_arg(vm, fd2)?;
    let inheritable = truthy(vm, p[2], true)?;
    crate::modules::io::flush_stdout(vm);
    let r = if inheritable || fd == fd2 {
        // SAFETY: plain syscall.
        unsafe { libc::dup2(fd, fd2) }
    } else {
        // SAFETY: plain syscall.
        unsafe { libc::dup3(fd, fd2, libc::O_CLOEXEC) }
    };
    if r < 0 {
        return Err(errno_error(vm, None));
    }
    Ok(new_int_i64(r as i64))
}

fn get_inheritable(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let fd = fd_only(vm, &a, "get_inheritable")?;
    // SAFETY: plain syscall.
    let r = unsafe { libc::fcntl(fd, libc::F_GETFD) };
    if r < 0 {
        return Err(errno_error(vm, None));
    }
    Ok(Value::from_bool(r & libc::FD_CLOEXEC == 0))
}

fn set_inheritable(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("set_inheritable", &a, 2, 2)?;
    let fd = int_arg(vm, &a.args[0])?;
    let inh = vm.truthy(&a.args[1])?;
    // SAFETY: plain syscalls.
    unsafe {
        let r = libc::fcntl(fd, libc::F_GETFD);
        if r < 0 {
            return Err(errno_error(vm, None));
        }
        let n = if inh {
            r & !libc::FD_CLOEXEC
        } else {
            r | libc::FD_CLOEXEC
        };
        if n != r && libc::fcntl(fd, libc::F_SETFD, n) < 0 {
            return Err(errno_error(vm, None));
        }
    }
    Ok(Value::none())
}

fn get_blocking(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let fd = fd_only(vm, &a, "get_blocking")?;
    // SAFETY: plain syscall.
    let r = unsafe { libc::fcntl(fd, libc::F_GETFL) };
    if r < 0 {
        return Err(errno_error(vm, None));
    }
    Ok(Value::from_bool(r & libc::O_NONBLOCK == 0))
}

fn set_blocking(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("set_blocking", &a, 2, 2)?;
    let fd = int_arg(vm, &a.args[0])?;
    let blocking = vm.truthy(&a.args[1])?;
    // SAFETY: plain syscalls.
    unsafe {
        let r = libc::fcntl(fd, libc::F_GETFL);
        if r < 0 {
            return Err(errno_error(vm, None));
        }
        let n = if blocking {
            r & !libc::O_NONBLOCK
        } else {
            r | libc::O_NONBLOCK
        };
        if n != r && libc::fcntl(fd, libc::F_SETFL, n) < 0 {
            return Err(errno_error(vm, None));
        }
    }
    Ok(Value::none())
}

/// `device_encoding(fd)`: the locale's encoding for a terminal (Pyrite
/// runs in UTF-8 mode), else None.
fn device_encoding(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let p = crate::builtins::bind(vm, &a, "device_encoding", &["fd"], false)?;
    let fd = req(vm, &p, 0, "device_encoding", "fd")?;
    let fd = int_arg(vm, fd)?;
    // SAFETY: plain libc call.
    if unsafe { libc::isatty(fd) } == 1 {
        return Ok(vm.new_str("UTF-8"));
    }
    Ok(Value::none())
}

fn get_terminal_size(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("get_terminal_size", &a, 0, 1)?;
    let fd = match a.args.first() {
        Some(v) => int_arg(vm, v)?,
        None => 1,
    };
    // SAFETY: zeroed winsize is a valid out-buffer for TIOCGWINSZ.
    let mut ws: libc::winsize = unsafe { std::mem::zeroed() };
    // SAFETY: ws is a valid out-pointer for this request.
    if unsafe { libc::ioctl(fd, libc::TIOCGWINSZ, &mut ws) } != 0 {
        return Err(errno_error(vm, None));
    }
    let t = vm.new_tuple(vec![
        new_int_i64(ws.ws_col as i64),
        new_int_i64(ws.ws_row as i64),
    ]);
    let cls = class(vm, "terminal_size")?;
    vm.call(&cls, &[t], &[])
}

// ---------------------------------------------------------------------------
// Processes and system information
// ---------------------------------------------------------------------------

macro_rules! id_fns {
    ($($f:ident => $c:ident;)*) => {$(
        fn $f(vm: &mut Vm, a: Args) -> PyResult<Value> {
            vm.check_args(stringify!($f), &a, 0, 0)?;
            // SAFETY: plain libc call without arguments.
            Ok(new_int_i64(unsafe { libc::$c() } as i64))
        }
    )*};
}

id_fns! {
    getpid => getpid;
    getppid => getppid;
    getuid => getuid;
    geteuid => geteuid;
    getgid => getgid;
    getegid => getegid;
    getpgrp => getpgrp;
}

fn getsid(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let pid = fd_only(vm, &a, "getsid")?;
    // SAFETY: plain syscall.
    let r = unsafe { libc::getsid(pid) };
    if r < 0 {
        return Err(errno_error(vm, None));
    }
    Ok(new_int_i64(r as i64))
}

fn getpgid(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let pid = fd_only(vm, &a, "getpgid")?;
    // SAFETY: plain syscall.
    let r = unsafe { libc::getpgid(pid) };
    if r < 0 {
        return Err(errno_error(vm, None));
    }
    Ok(new_int_i64(r as i64))
}

fn umask(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let m = fd_only(vm, &a, "umask")?;
    // SAFETY: plain syscall.
    Ok(new_int_i64(unsafe { libc::umask(m as libc::mode_t) } as i64))
}

fn urandom(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("urandom", &a, 1, 1)?;
    let n = i64_arg(vm, &a.args[0])?;
    if n < 0 {
        return Err(vm.value_error("negative argument not allowed"));
    }
    let mut buf = vec![0u8; n as usize];
    let mut off = 0;
    while off < buf.len() {
        // SAFETY: the remaining part of buf is writable.
        let r = unsafe {
            libc::getrandom(
                buf[off..].as_mut_ptr() as *mut libc::c_void,
                buf.len() - off,
                0,
            )
        };
        if r < 0 {
            if last_errno() == libc::EINTR {
                continue;
            }
            return Err(errno_error(vm, None));
        }
        off += r as usize;
    }
    Ok(vm.new_bytes(buf))
}

fn strerror(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("strerror", &a, 1, 1)?;
    let c = int_arg(vm, &a.args[0])?;
    Ok(vm.new_str_owned(strerror_text(c)))
}

fn fspath(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let p = crate::builtins::bind(vm, &a, "fspath", &["path"], false)?;
    let v = req(vm, &p, 0, "fspath", "path")?;
    match fspath_value(vm, v)? {
        Some(r) => Ok(r),
        None => Err(vm.type_error(format!(
            "expected str, bytes or os.PathLike object, not {}",
            v.type_of().name()
        ))),
    }
}

fn cpu_count(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("cpu_count", &a, 0, 0)?;
    // SAFETY: plain libc call.
    let n = unsafe { libc::sysconf(libc::_SC_NPROCESSORS_ONLN) };
    Ok(if n < 1 {
        Value::none()
    } else {
        new_int_i64(n as i64)
    })
}

fn c_field(vm: &mut Vm, f: &[libc::c_char]) -> Value {
    // SAFETY: utsname fields are NUL-terminated within their arrays.
    let s = unsafe { CStr::from_ptr(f.as_ptr()) }
        .to_string_lossy()
        .into_owned();
    vm.new_str_owned(s)
}

fn uname(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("uname", &a, 0, 0)?;
    // SAFETY: zeroed utsname is a valid out-buffer.
    let mut u: libc::utsname = unsafe { std::mem::zeroed() };
    // SAFETY: u is a valid out-pointer.
    if unsafe { libc::uname(&mut u) } != 0 {
        return Err(errno_error(vm, None));
    }
    let items = vec![
        c_field(vm, &u.sysname),
        c_field(vm, &u.nodename),
        c_field(vm, &u.release),
        c_field(vm, &u.version),
        c_field(vm, &u.machine),
    ];
    let t = vm.new_tuple(items);
    let cls = class(vm, "uname_result")?;
    vm.call(&cls, &[t], &[])
}

fn times(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("times", &a, 0, 0)?;
    // SAFETY: zeroed tms is a valid out-buffer.
    let mut t: libc::tms = unsafe { std::mem::zeroed() };
    // SAFETY: t is a valid out-pointer.
    let c = unsafe { libc::times(&mut t) };
    if c == (-1i64) as libc::clock_t {
        return Err(errno_error(vm, None));
    }
    // SAFETY: plain libc call.
    let tick = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as f64;
    let items = [t.tms_utime, t.tms_stime, t.tms_cutime, t.tms_cstime, c]
        .iter()
        .map(|x| Value::from_f64(*x as f64 / tick))
        .collect();
    let tup = vm.new_tuple(items);
    let cls = class(vm, "times_result")?;
    vm.call(&cls, &[tup], &[])
}

fn kill(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("kill", &a, 2, 2)?;
    let pid = int_arg(vm, &a.args[0])?;
    let sig = int_arg(vm, &a.args[1])?;
    // SAFETY: plain syscall.
    if unsafe { libc::kill(pid, sig) } != 0 {
        return Err(errno_error(vm, None));
    }
    Ok(Value::none())
}

fn killpg(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("killpg", &a, 2, 2)?;
    let pg = int_arg(vm, &a.args[0])?;
    let sig = int_arg(vm, &a.args[1])?;
    // SAFETY: plain syscall.
    if unsafe { libc::killpg(pg, sig) } != 0 {
        return Err(errno_error(vm, None));
    }
    Ok(Value::none())
}

fn waitpid(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("waitpid", &a, 2, 2)?;
    let pid = int_arg(vm, &a.args[0])?;
    let options = int_arg(vm, &a.args[1])?;
    let mut status = 0i32;
    loop {
        // SAFETY: status is a valid out-pointer.
        let r = unsafe { libc::waitpid(pid, &mut status, options) };
        if r < 0 {
            if last_errno() == libc::EINTR {
                continue;
            }
            return Err(errno_error(vm, None));
        }
        return Ok(vm.new_tuple(vec![new_int_i64(r as i64), new_int_i64(status as i64)]));
    }
}

fn wait(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("wait", &a, 0, 0)?;
    let mut status = 0i32;
    loop {
        // SAFETY: status is a valid out-pointer.
        let r = unsafe { libc::wait(&mut status) };
        if r < 0 {
            if last_errno() == libc::EINTR {
                continue;
            }
            return Err(errno_error(vm, None));
        }
        return Ok(vm.new_tuple(vec![new_int_i64(r as i64), new_int_i64(status as i64)]));
    }
}

fn status_arg(vm: &mut Vm, a: &Args, fname: &str) -> PyResult<i32> {
    let p = crate::builtins::bind(vm, a, fname, &["status"], false)?;
    let s = req(vm, &p, 0, fname, "status")?;
    int_arg(vm, s)
}

macro_rules! wait_macros {
    ($($f:ident => $e:expr, $is_bool:expr;)*) => {$(
        #[allow(non_snake_case)]
        fn $f(vm: &mut Vm, a: Args) -> PyResult<Value> {
            let s = status_arg(vm, &a, stringify!($f))?;
            let r: i64 = ($e)(s);
            Ok(if $is_bool { Value::from_bool(r != 0) } else { new_int_i64(r) })
        }
    )*};
}

wait_macros! {
    WIFEXITED => |s| libc::WIFEXITED(s) as i64, true;
    WEXITSTATUS => |s| libc::WEXITSTATUS(s) as i64, false;
    WIFSIGNALED => |s| libc::WIFSIGNALED(s) as i64, true;
    WTERMSIG => |s| libc::WTERMSIG(s) as i64, false;
    WIFSTOPPED => |s| libc::WIFSTOPPED(s) as i64, true;
    WSTOPSIG => |s| libc::WSTOPSIG(s) as i64, false;
    WCOREDUMP => |s| libc::WCOREDUMP(s) as i64, true;
    WIFCONTINUED => |s| libc::WIFCONTINUED(s) as i64, true;
}

fn waitstatus_to_exitcode(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let s = status_arg(vm, &a, "waitstatus_to_exitcode")?;
    if libc::WIFEXITED(s) {
        return Ok(new_int_i64(libc::WEXITSTATUS(s) as i64));
    }
    if libc::WIFSIGNALED(s) {
        return Ok(new_int_i64(-(libc::WTERMSIG(s) as i64)));
    }
    if libc::WIFSTOPPED(s) {
        return Err(vm.value_error(format!(
            "process stopped by delivery of signal {}",
            libc::WSTOPSIG(s)
        )));
    }
    Err(vm.value_error(format!("invalid wait status: {}", s)))
}

fn exit_(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let p = crate::builtins::bind(vm, &a, "_exit", &["status"], false)?;
    let s = req(vm, &p, 0, "_exit", "status")?;
    let s = int_arg(vm, s)?;
    // SAFETY: ends the process at once without running destructors or
    // atexit callbacks, which is what os._exit means.
    unsafe { libc::_exit(s) }
}

fn abort(_vm: &mut Vm, _a: Args) -> PyResult<Value> {
    std::process::abort()
}

fn system(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let p = crate::builtins::bind(vm, &a, "system", &["command"], false)?;
    let c = req(vm, &p, 0, "system", "command")?;
    let c = path_arg(vm, "system", c, false)?;
    crate::modules::io::flush_stdout(vm);
    // SAFETY: NUL-terminated command.
    let r = unsafe { libc::system(c.c.as_ptr()) };
    Ok(new_int_i64(r as i64))
}

fn getloadavg(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("getloadavg", &a, 0, 0)?;
    let mut l = [0f64; 3];
    // SAFETY: l has room for three doubles.
    if unsafe { libc::getloadavg(l.as_mut_ptr(), 3) } != 3 {
        return Err(vm.new_exc(&OS_ERROR_TYPE, "Load averages are unobtainable"));
    }
    Ok(vm.new_tuple(l.iter().map(|x| Value::from_f64(*x)).collect()))
}

/// `register_at_fork`: validated and accepted. Pyrite has no `os.fork`,
/// so the callbacks are never called and are not kept.
fn register_at_fork(vm: &mut Vm, a: Args) -> PyResult<Value> {
    if !a.pos().is_empty() {
        return Err(vm.type_error("register_at_fork() takes no positional arguments"));
    }
    let p = crate::builtins::bind(
        vm,
        &a,
        "register_at_fork",
        &["before", "after_in_child", "after_in_parent"],
        false,
    )?;
    if p.iter().all(|x| x.is_none()) {
        return Err(vm.type_error("At least one argument is required."));
    }
    for (i, n) in ["before", "after_in_child", "after_in_parent"]
        .iter()
        .enumerate()
    {
        if let Some(f) = p[i] {
            if !crate::builtins::module::is_callable(f) {
                return Err(vm.type_error(format!(
                    "'{}' must be callable, not {}",
                    n,
                    f.type_of().name()
                )));
            }
        }
    }
    Ok(Value::none())
}

// ---------------------------------------------------------------------------
// Environment
// ---------------------------------------------------------------------------

fn env_arg(vm: &mut Vm, v: &Value, fname: &str) -> PyResult<CString> {
    let p = path_arg(vm, fname, v, false)?;
    Ok(p.c)
}

fn putenv(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("putenv", &a, 2, 2)?;
    let k = env_arg(vm, &a.args[0], "putenv")?;
    let v = env_arg(vm, &a.args[1], "putenv")?;
    if k.as_bytes().is_empty() || k.as_bytes().contains(&b'=') {
        return Err(vm.value_error("illegal environment variable name"));
    }
    // SAFETY: NUL-terminated strings; setenv copies them. Python code runs
    // on one thread here, so nothing reads the environment concurrently.
    if unsafe { libc::setenv(k.as_ptr(), v.as_ptr(), 1) } != 0 {
        return Err(errno_error(vm, None));
    }
    Ok(Value::none())
}

fn unsetenv(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("unsetenv", &a, 1, 1)?;
    let k = env_arg(vm, &a.args[0], "unsetenv")?;
    if k.as_bytes().is_empty() || k.as_bytes().contains(&b'=') {
        return Err(vm.value_error("illegal environment variable name"));
    }
    // SAFETY: NUL-terminated string (see putenv).
    if unsafe { libc::unsetenv(k.as_ptr()) } != 0 {
        return Err(errno_error(vm, None));
    }
    Ok(Value::none())
}

fn environ_dict(vm: &mut Vm) -> PyResult<Value> {
    let d = vm.new_dict();
    for (k, v) in std::env::vars_os() {
        let kb = vm.new_bytes(k.as_bytes().to_vec());
        let vb = vm.new_bytes(v.as_bytes().to_vec());
        vm.dict_set(&d, kb, vb)?;
    }
    Ok(d)
}

// ---------------------------------------------------------------------------
// Module
// ---------------------------------------------------------------------------

/// CPython 3.11's integer constants of `posix` on Linux x86-64 glibc.
const CONSTANTS: &[(&str, i64)] = &[
    ("F_OK", 0),
    ("R_OK", 4),
    ("W_OK", 2),
    ("X_OK", 1),
    ("NGROUPS_MAX", 65536),
    ("TMP_MAX", 238328),
    ("WCONTINUED", 8),
    ("WNOHANG", 1),
    ("WUNTRACED", 2),
    ("O_RDONLY", 0),
    ("O_WRONLY", 1),
    ("O_RDWR", 2),
    ("O_NDELAY", 2048),
    ("O_NONBLOCK", 2048),
    ("O_APPEND", 1024),
    ("O_DSYNC", 4096),
    ("O_RSYNC", 1052672),
    ("O_SYNC", 1052672),
    ("O_NOCTTY", 256),
    ("O_CREAT", 64),
    ("O_EXCL", 128),
    ("O_TRUNC", 512),
    ("O_LARGEFILE", 0),
    ("O_PATH", 2097152),
    ("O_TMPFILE", 4259840),
    ("PRIO_PROCESS", 0),
    ("PRIO_PGRP", 1),
    ("PRIO_USER", 2),
    ("O_CLOEXEC", 524288),
    ("O_ACCMODE", 3),
    ("O_FSYNC", 1052672),
    ("SEEK_HOLE", 4),
    ("SEEK_DATA", 3),
    ("O_ASYNC", 8192),
    ("O_DIRECT", 16384),
    ("O_DIRECTORY", 65536),
    ("O_NOFOLLOW", 131072),
    ("O_NOATIME", 262144),
    ("EX_OK", 0),
    ("EX_USAGE", 64),
    ("EX_DATAERR", 65),
    ("EX_NOINPUT", 66),
    ("EX_NOUSER", 67),
    ("EX_NOHOST", 68),
    ("EX_UNAVAILABLE", 69),
    ("EX_SOFTWARE", 70),
    ("EX_OSERR", 71),
    ("EX_OSFILE", 72),
    ("EX_CANTCREAT", 73),
    ("EX_IOERR", 74),
    ("EX_TEMPFAIL", 75),
    ("EX_PROTOCOL", 76),
    ("EX_NOPERM", 77),
    ("EX_CONFIG", 78),
    ("ST_RDONLY", 1),
    ("ST_NOSUID", 2),
    ("ST_NODEV", 4),
    ("ST_NOEXEC", 8),
    ("ST_SYNCHRONOUS", 16),
    ("ST_MANDLOCK", 64),
    ("ST_WRITE", 128),
    ("ST_APPEND", 256),
    ("ST_NOATIME", 1024),
    ("ST_NODIRATIME", 2048),
    ("ST_RELATIME", 4096),
    ("POSIX_FADV_NORMAL", 0),
    ("POSIX_FADV_SEQUENTIAL", 2),
    ("POSIX_FADV_RANDOM", 1),
    ("POSIX_FADV_NOREUSE", 5),
    ("POSIX_FADV_WILLNEED", 3),
    ("POSIX_FADV_DONTNEED", 4),
    ("P_PID", 1),
    ("P_PGID", 2),
    ("P_ALL", 0),
    ("P_PIDFD", 3),
    ("WEXITED", 4),
    ("WNOWAIT", 16777216),
    ("WSTOPPED", 2),
    ("CLD_EXITED", 1),
    ("CLD_KILLED", 2),
    ("CLD_DUMPED", 3),
    ("CLD_TRAPPED", 4),
    ("CLD_STOPPED", 5),
    ("CLD_CONTINUED", 6),
    ("F_LOCK", 1),
    ("F_TLOCK", 2),
    ("F_ULOCK", 0),
    ("F_TEST", 3),
    ("RWF_DSYNC", 2),
    ("RWF_HIPRI", 1),
    ("RWF_SYNC", 4),
    ("RWF_NOWAIT", 8),
    ("RWF_APPEND", 16),
    ("SPLICE_F_MOVE", 1),
    ("SPLICE_F_NONBLOCK", 2),
    ("SPLICE_F_MORE", 4),
    ("POSIX_SPAWN_OPEN", 0),
    ("POSIX_SPAWN_CLOSE", 1),
    ("POSIX_SPAWN_DUP2", 2),
    ("SCHED_OTHER", 0),
    ("SCHED_FIFO", 1),
    ("SCHED_RR", 2),
    ("SCHED_BATCH", 3),
    ("SCHED_IDLE", 5),
    ("SCHED_RESET_ON_FORK", 1073741824),
    ("XATTR_CREATE", 1),
    ("XATTR_REPLACE", 2),
    ("XATTR_SIZE_MAX", 65536),
    ("RTLD_LAZY", 1),
    ("RTLD_NOW", 2),
    ("RTLD_GLOBAL", 256),
    ("RTLD_LOCAL", 0),
    ("RTLD_NODELETE", 4096),
    ("RTLD_NOLOAD", 4),
    ("RTLD_DEEPBIND", 8),
    ("GRND_RANDOM", 2),
    ("GRND_NONBLOCK", 1),
    ("MFD_CLOEXEC", 1),
    ("MFD_ALLOW_SEALING", 2),
    ("MFD_HUGETLB", 4),
    ("MFD_HUGE_SHIFT", 26),
    ("MFD_HUGE_MASK", 63),
    ("MFD_HUGE_64KB", 1073741824),
    ("MFD_HUGE_512KB", 1275068416),
    ("MFD_HUGE_1MB", 1342177280),
    ("MFD_HUGE_2MB", 1409286144),
    ("MFD_HUGE_8MB", 1543503872),
    ("MFD_HUGE_16MB", 1610612736),
    ("MFD_HUGE_32MB", 1677721600),
    ("MFD_HUGE_256MB", 1879048192),
    ("MFD_HUGE_512MB", 1946157056),
    ("MFD_HUGE_1GB", 2013265920),
    ("MFD_HUGE_2GB", 2080374784),
    ("MFD_HUGE_16GB", 2281701376),
    ("EFD_CLOEXEC", 524288),
    ("EFD_NONBLOCK", 2048),
    ("EFD_SEMAPHORE", 1),
];

/// What `os.supports_dir_fd`, `supports_fd` and `supports_follow_symlinks`
/// are computed from: only what is implemented above.
const HAVE_FUNCTIONS: &[&str] = &[
    "HAVE_FACCESSAT",
    "HAVE_FCHDIR",
    "HAVE_FCHMOD",
    "HAVE_FCHOWN",
    "HAVE_FCHOWNAT",
    "HAVE_FDOPENDIR",
    "HAVE_FSTATAT",
    "HAVE_FTRUNCATE",
    "HAVE_FUTIMENS",
    "HAVE_LINKAT",
    "HAVE_MKDIRAT",
    "HAVE_OPENAT",
    "HAVE_READLINKAT",
    "HAVE_RENAMEAT",
    "HAVE_SYMLINKAT",
    "HAVE_UNLINKAT",
    "HAVE_UTIMENSAT",
];



pub fn init(vm: &mut Vm) -> PyResult<Value> {
    let m = vm.new_module("posix")?;
    let fns: &[(&'static str, NativeFn)] = &[
        ("stat", stat),
        ("_structseq_field", super::structseq::field_getter_fn),
        ("lstat", lstat),
        ("fstat", fstat),
        ("getcwd", getcwd),
        ("getcwdb", getcwdb),
        ("chdir", chdir),
        ("listdir", listdir),
        ("scandir", scandir),
        ("mkdir", mkdir),
        ("rmdir", rmdir),
        ("unlink", unlink),
        ("remove", remove),
        ("rename", rename),
        ("replace", replace),
        ("link", link),
        ("symlink", symlink),
        ("readlink", readlink),
        ("chmod", chmod),
        ("fchmod", fchmod),
        ("chown", chown),
        ("utime", utime),
        ("access", access),
        ("truncate", truncate),
        ("open", open),
        ("close", close),
        ("closerange", closerange),
        ("read", read),
        ("write", write),
        ("lseek", lseek),
        ("fsync", fsync),
        ("ftruncate", ftruncate),
        ("isatty", isatty),
        ("pipe", pipe),
        ("pipe2", pipe2),
        ("dup", dup),
        ("dup2", dup2),
        ("get_inheritable", get_inheritable),
        ("set_inheritable", set_inheritable),
        ("get_blocking", get_blocking),
        ("set_blocking", set_blocking),
        ("device_encoding", device_encoding),
        ("get_terminal_size", get_terminal_size),
        ("getpid", getpid),
        ("getppid", getppid),
        ("getuid", getuid),
        ("geteuid", geteuid),
        ("getgid", getgid),
        ("getegid", getegid),
        ("getpgrp", getpgrp),
        ("getpgid", getpgid),
        ("getsid", getsid),
        ("umask", umask),
        ("urandom", urandom),
        ("strerror", strerror),
        ("fspath", fspath),
        ("cpu_count", cpu_count),
        ("uname", uname),
        ("times", times),
        ("kill", kill),
        ("killpg", killpg),
        ("waitpid", waitpid),
        ("wait", wait),
        ("WIFEXITED", WIFEXITED),
        ("WEXITSTATUS", WEXITSTATUS),
        ("WIFSIGNALED", WIFSIGNALED),
        ("WTERMSIG", WTERMSIG),
        ("WIFSTOPPED", WIFSTOPPED),
        ("WSTOPSIG", WSTOPSIG),
        ("WCOREDUMP", WCOREDUMP),
        ("WIFCONTINUED", WIFCONTINUED),
        ("waitstatus_to_exitcode", waitstatus_to_exitcode),
        ("_exit", exit_),
        ("abort", abort),
        ("system", system),
        ("getloadavg", getloadavg),
        ("register_at_fork", register_at_fork),
        ("putenv", putenv),
        ("unsetenv", unsetenv),
    ];
    crate::modules::add_functions(vm, &m, "posix", fns)?;
    for (n, v) in CONSTANTS {
        crate::modules::set_attr(vm, &m, n, new_int_i64(*v))?;
    }
    let env = environ_dict(vm)?;
    crate::modules::set_attr(vm, &m, "environ", env)?;
    crate::modules::set_attr(vm, &m, "error", type_value(&OS_ERROR_TYPE))?;
    let have: Vec<Value> = HAVE_FUNCTIONS.iter().map(|s| vm.new_str(s)).collect();
    let have = vm.new_list(have);
    crate::modules::set_attr(vm, &m, "_have_functions", have)?;
    let d = crate::vm::attr::inst_dict(&m).unwrap();
    crate::modules::run_python_body(vm, &m, "posix", include_str!("posix.py"))?;
    for name in [
        "stat_result",
        "terminal_size",
        "uname_result",
        "times_result",
        "_scandir_build",
    ] {
        let v = vm.dict_get_str(&d, name).expect("posix class");
        CLASSES.with(|c| c.borrow_mut().insert(name, v));
    }
    // Helpers of the Python part, not module attributes in CPython.
    for name in ["_structseq", "_structseq_field"] {
        let k = vm.new_str(name);
        if let Some(dd) = downcast::<DictData>(&d) {
            vm.table_del(&dd.table, &k)?;
        }
    }
    Ok(m)
}
