//! The standard streams as native objects, until the full `_io` stack
//! lands (issue 4): `write`, `flush`, `readline`, `read` on file
//! descriptors 0, 1, 2, with stdout buffered in memory.

use crate::builtins::add_methods;
use crate::object::alloc_object;
use crate::objects::*;
use crate::types::*;
use crate::value::Value;
use crate::vm::{str_of, Args, PyResult, Vm};
use std::cell::RefCell;
use std::io::Write;

static INIT: std::sync::Once = std::sync::Once::new();

fn init_type() {
    INIT.call_once(|| {
        add_methods(
            &TEXT_STREAM_TYPE,
            &[
                ("write", stream_write),
                ("flush", stream_flush),
                ("readline", stream_readline),
                ("read", stream_read),
                ("isatty", stream_isatty),
                ("fileno", stream_fileno),
                ("__repr__", stream_repr),
                ("__enter__", stream_enter),
                ("__exit__", stream_exit),
            ],
        );
    });
}

/// A new native stream on `fd`.
pub fn new_stream(fd: i32, name: &'static str) -> Value {
    init_type();
    alloc_object(
        &TEXT_STREAM_TYPE,
        StreamData {
            fd,
            buf: RefCell::new(Vec::new()),
            name,
        },
    )
}

/// The native stream behind `v`, if it is one (and not subclassed).
pub fn native_stream(v: &Value) -> Option<&StreamData> {
    if std::ptr::eq(v.type_of(), &TEXT_STREAM_TYPE) {
        return downcast::<StreamData>(v);
    }
    None
}

/// `-u` / `PYTHONUNBUFFERED`: stdout is written through too.
static UNBUFFERED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

pub fn set_unbuffered(on: bool) {
    UNBUFFERED.store(on, std::sync::atomic::Ordering::Relaxed);
}

impl StreamData {
    /// Buffers text; stderr (and stdout under `-u`) is written through
    /// (after flushing stdout).
    pub fn write_str(&self, s: &str) {
        self.buf.borrow_mut().extend_from_slice(s.as_bytes());
        if self.fd == 2
            || self.buf.borrow().len() > 1 << 16
            || UNBUFFERED.load(std::sync::atomic::Ordering::Relaxed)
        {
            self.flush();
        }
    }

    pub fn flush(&self) -> bool {
        let mut b = self.buf.borrow_mut();
        if b.is_empty() {
            return true;
        }
        let ok = match self.fd {
            1 => {
                let out = std::io::stdout();
                let mut l = out.lock();
                l.write_all(&b).and_then(|_| l.flush()).is_ok()
            }
            2 => {
                let err = std::io::stderr();
                let mut l = err.lock();
                l.write_all(&b).and_then(|_| l.flush()).is_ok()
            }
            _ => true,
        };
        b.clear();
        ok
    }
}

/// Flushes `sys.stdout` if it is the native stream.
pub fn flush_stdout(vm: &mut Vm) -> bool {
    if let Ok(s) = crate::modules::sys::stdout(vm) {
        if let Some(st) = native_stream(&s) {
            return st.flush();
        }
    }
    true
}

fn me<'a>(a: &Args<'a>) -> &'a StreamData {
    downcast::<StreamData>(&a.args[0]).unwrap()
}

fn stream_write(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("write", &Args::new(&a.args[1..]), 1, 1)?;
    let s = &a.args[1];
    if downcast::<StrData>(s).is_none() {
        return Err(vm.type_error(format!(
            "write() argument must be str, not {}",
            s.type_of().name()
        )));
    }
    if me(&a).fd == 2 {
        flush_stdout(vm);
    }
    me(&a).write_str(str_of(s));
    Ok(crate::vm::new::new_int_i64(
        downcast::<StrData>(s).unwrap().nchars as i64,
    ))
}

fn stream_flush(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    me(&a).flush();
    Ok(Value::none())
}

fn stream_readline(vm: &mut Vm, _a: Args) -> PyResult<Value> {
    flush_stdout(vm);
    let mut line = String::new();
    let _ = std::io::stdin().read_line(&mut line);
    Ok(vm.new_str_owned(line))
}

fn stream_read(vm: &mut Vm, _a: Args) -> PyResult<Value> {
    use std::io::Read;
    let mut s = String::new();
    let _ = std::io::stdin().read_to_string(&mut s);
    Ok(vm.new_str_owned(s))
}

/// `with sys.stdin as f:` — the stream itself.
fn stream_enter(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    Ok(a.args[0].clone())
}

/// Leaving the `with`: flushed. (CPython closes the stream; the process's
/// standard descriptors stay usable here.)
fn stream_exit(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    me(&a).flush();
    Ok(Value::none())
}

fn stream_isatty(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    // SAFETY: isatty only inspects the descriptor.
    let r = unsafe { libc_isatty(me(&a).fd) };
    Ok(Value::from_bool(r == 1))
}

extern "C" {
    #[link_name = "isatty"]
    fn libc_isatty(fd: i32) -> i32;
}

fn stream_fileno(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    Ok(crate::vm::new::new_int_i64(me(&a).fd as i64))
}

fn stream_repr(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let n = me(&a).name;
    Ok(vm.new_str_owned(format!(
        "<_io.TextIOWrapper name='<{}>' mode='{}' encoding='utf-8'>",
        n,
        if n == "stdin" { "r" } else { "w" }
    )))
}
