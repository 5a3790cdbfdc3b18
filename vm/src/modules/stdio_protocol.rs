//! The rest of the file protocol on the native standard streams
//! (`modules/io.rs` has writing, reading and configuration): iteration
//! (`for line in sys.stdin`), `writelines`, `readlines`, `close`,
//! `tell`/`seek`/`truncate`, `newlines`, `buffer.raw` — and their place in
//! the class hierarchy: once `_io` is imported, the native types become
//! subclasses of `_io.TextIOWrapper`, `_io.BufferedWriter` and
//! `_io.BufferedReader`, so `isinstance(sys.stdout, io.TextIOWrapper)` (and
//! `io.TextIOBase`, through the ABC registry) holds as in CPython, while
//! the hot paths (`print`, `write`) stay native.

use crate::objects::*;
use crate::types::*;
use crate::value::Value;
use crate::vm::new::new_int_i64;
use crate::vm::{Args, PyResult, Vm};

/// What the text streams and their binary buffers both have.
const COMMON: &[(&str, NativeFn)] = &[
    ("writelines", writelines),
    ("readlines", readlines),
    ("__iter__", iter_self),
    ("__next__", next_line),
    ("close", close),
    ("tell", tell),
    ("seek", seek),
    ("truncate", truncate),
];

pub fn init_types() {
    crate::builtins::add_methods(&TEXT_STREAM_TYPE, COMMON);
    crate::builtins::add_methods(&TEXT_STREAM_TYPE, &[("detach", detach)]);
    crate::builtins::add_getsets(&TEXT_STREAM_TYPE, &[("newlines", get_newlines, None)]);
    for t in [&STD_BUFFER_TYPE, &STD_READER_TYPE] {
        crate::builtins::add_methods(t, COMMON);
        crate::builtins::add_getsets(t, &[("raw", get_raw, None)]);
    }
}

/// Called when `_io` has been imported: each native stream type goes
/// under the `_io` class it stands for.
pub fn adopt_io_classes(vm: &mut Vm, io: &Value) -> PyResult<()> {
    for (t, name) in [
        (&TEXT_STREAM_TYPE, "TextIOWrapper"),
        (&STD_BUFFER_TYPE, "BufferedWriter"),
        (&STD_READER_TYPE, "BufferedReader"),
    ] {
        let base = vm.get_attr_str(io, name)?;
        crate::vm::class::rebase_builtin(vm, t, &base)?;
        crate::builtins::set_type_attr(t, "_CHUNK_SIZE", new_int_i64(8192));
    }
    Ok(())
}

fn stream<'a>(a: &Args<'a>) -> &'a StreamData {
    downcast::<StreamData>(&a.args[0]).expect("a standard stream")
}

fn closed_error(vm: &mut Vm) -> crate::vm::PyErr {
    vm.new_exc(&VALUE_ERROR_TYPE, "I/O operation on closed file.")
}

fn writelines(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("writelines", &Args::new(&a.args[1..]), 1, 1)?;
    let lines = vm.iterate(&a.args[1])?;
    for line in lines {
        vm.call_method(&a.args[0], "write", &[line])?;
    }
    Ok(Value::none())
}

fn readlines(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("readlines", &Args::new(&a.args[1..]), 0, 1)?;
    let hint = match a.args.get(1) {
        Some(h) if !h.is_none() => vm.index_i64(h)?,
        _ => -1,
    };
    let mut out = Vec::new();
    let mut total = 0i64;
    loop {
        let line = vm.call_method(&a.args[0], "readline", &[])?;
        let n = vm.len(&line)? as i64;
        if n == 0 {
            break;
        }
        out.push(line);
        total += n;
        if hint > 0 && total >= hint {
            break;
        }
    }
    Ok(vm.new_list(out))
}

fn iter_self(vm: &mut Vm, a: Args) -> PyResult<Value> {
    if stream(&a).closed.get() {
        return Err(closed_error(vm));
    }
    Ok(a.args[0].clone())
}

fn next_line(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let line = vm.call_method(&a.args[0], "readline", &[])?;
    if vm.len(&line)? == 0 {
        return Err(vm.new_exc_noargs(&STOP_ITERATION_TYPE));
    }
    Ok(line)
}

/// The descriptor stays open (CPython opens the standard streams with
/// `closefd=False`); the stream is flushed and refuses further use.
fn close(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let st = stream(&a);
    if st.closed.get() {
        return Ok(Value::none());
    }
    vm.call_method(&a.args[0], "flush", &[])?;
    st.closed.set(true);
    Ok(Value::none())
}

fn detach(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let buffer = vm.get_attr_str(&a.args[0], "buffer")?;
    close(vm, a)?;
    Ok(buffer)
}

fn lseek(vm: &mut Vm, a: &Args, offset: i64, whence: i32) -> PyResult<Value> {
    let st = stream(a);
    if st.closed.get() {
        return Err(closed_error(vm));
    }
    vm.call_method(&a.args[0], "flush", &[])?;
    // SAFETY: lseek on a descriptor number has no memory effects.
    let r = unsafe { libc::lseek(st.fd, offset, whence) };
    if r < 0 {
        let errno = std::io::Error::last_os_error().raw_os_error().unwrap_or(0);
        return Err(crate::modules::posix::os_error(vm, errno, None, None));
    }
    Ok(new_int_i64(r))
}

fn tell(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("tell", &Args::new(&a.args[1..]), 0, 0)?;
    lseek(vm, &a, 0, libc::SEEK_CUR)
}

fn seek(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("seek", &Args::new(&a.args[1..]), 1, 2)?;
    let offset = vm.index_i64(&a.args[1])?;
    let whence = match a.args.get(2) {
        Some(w) => vm.index_i64(w)? as i32,
        None => libc::SEEK_SET,
    };
    lseek(vm, &a, offset, whence)
}

fn truncate(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("truncate", &Args::new(&a.args[1..]), 0, 1)?;
    let here = lseek(vm, &a, 0, libc::SEEK_CUR)?;
    let size = match a.args.get(1) {
        Some(s) if !s.is_none() => vm.index_i64(s)?,
        _ => vm.index_i64(&here)?,
    };
    // SAFETY: ftruncate on a descriptor number has no memory effects.
    if unsafe { libc::ftruncate(stream(&a).fd, size) } < 0 {
        let errno = std::io::Error::last_os_error().raw_os_error().unwrap_or(0);
        return Err(crate::modules::posix::os_error(vm, errno, None, None));
    }
    Ok(new_int_i64(size))
}

fn get_newlines(_vm: &mut Vm, _v: &Value) -> PyResult<Value> {
    Ok(Value::none())
}

/// `buffer.raw`: an `_io.FileIO` on the same descriptor that does not
/// close it.
fn get_raw(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    let st = downcast::<StreamData>(v).expect("a standard stream");
    let io = crate::import::import_module(vm, "_io")?;
    let file_io = vm.get_attr_str(&io, "FileIO")?;
    let fd = new_int_i64(st.fd as i64);
    let mode = vm.new_str(if st.fd == 0 { "rb" } else { "wb" });
    let closefd = vm.new_str("closefd");
    let raw = vm.call(&file_io, &[fd, mode, Value::from_bool(false)], &[closefd])?;
    // Named as CPython names it (`<stdout>`), not by its descriptor.
    let name = vm.new_str_owned(format!("<{}>", st.name));
    let _ = vm.set_attr_str(&raw, "name", name);
    Ok(raw)
}
