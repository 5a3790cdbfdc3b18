//! The standard streams as native objects (`sys.stdin`, `stdout`,
//! `stderr`; `_io`'s classes are for files): `write`, `flush`,
//! `readline`, `read` on file descriptors 0, 1, 2, with stdout buffered
//! in memory. Text is encoded and decoded with the stream's `encoding`
//! and `errors`, which CPython's rules choose at start-up
//! ([`configure_std_streams`]): `PYTHONIOENCODING=encoding[:errors]`,
//! UTF-8 mode (`-X utf8`, `PYTHONUTF8`, the C/POSIX locale), else the
//! locale's codeset; stderr's errors are always `backslashreplace`.

use crate::builtins::add_methods;
use crate::object::alloc_object;
use crate::objects::*;
use crate::types::*;
use crate::value::Value;
use crate::vm::{str_of, Args, PyResult, Vm};
use std::cell::{Cell, RefCell};

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
                ("readable", stream_readable),
                ("writable", stream_writable),
                ("seekable", stream_seekable),
                ("__repr__", stream_repr),
                ("__enter__", stream_enter),
                ("__exit__", stream_exit),
                ("reconfigure", stream_reconfigure),
            ],
        );
        for t in [&STD_BUFFER_TYPE, &STD_READER_TYPE] {
            add_methods(
                t,
                &[
                    ("write", bin_write),
                    ("flush", bin_flush),
                    ("read", bin_read),
                    ("read1", bin_read),
                    ("readline", bin_readline),
                    ("isatty", stream_isatty),
                    ("fileno", stream_fileno),
                    ("readable", stream_readable),
                    ("writable", stream_writable),
                    ("seekable", stream_seekable),
                    ("__repr__", bin_repr),
                    ("__enter__", stream_enter),
                    ("__exit__", stream_exit),
                ],
            );
            crate::builtins::add_getsets(
                t,
                &[
                    ("name", get_name, None),
                    ("mode", get_bin_mode, None),
                    ("closed", get_closed, None),
                ],
            );
        }
        crate::builtins::add_getsets(
            &TEXT_STREAM_TYPE,
            &[
                ("encoding", get_encoding, None),
                ("errors", get_errors, None),
                ("name", get_name, None),
                ("mode", get_mode, None),
                ("closed", get_closed, None),
                ("line_buffering", get_line_buffering, None),
                ("write_through", get_write_through, None),
                ("buffer", get_buffer, None),
            ],
        );
        super::stdio_protocol::init_types();
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
            encoding: RefCell::new("utf-8".into()),
            errors: RefCell::new(
                if fd == 2 {
                    "backslashreplace"
                } else {
                    "surrogateescape"
                }
                .into(),
            ),
            other: RefCell::new(None),
            line_buffering: Cell::new(None),
            write_through: Cell::new(None),
            newline: RefCell::new(None),
            closed: Cell::new(false),
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

/// The standard descriptors (bit `fd`) that were closed when the process
/// started. Rust's runtime reopens them on /dev/null before `main`, so
/// they are looked at earlier, from the ELF initializers.
static CLOSED_AT_START: std::sync::atomic::AtomicU8 = std::sync::atomic::AtomicU8::new(0);

#[cfg(target_os = "linux")]
#[used]
#[link_section = ".init_array"]
static RECORD_CLOSED_FDS: extern "C" fn() = record_closed_fds;

#[cfg(target_os = "linux")]
extern "C" fn record_closed_fds() {
    for fd in 0..3 {
        // SAFETY: F_GETFD only queries the descriptor's flags.
        if unsafe { libc::fcntl(fd, libc::F_GETFD) } == -1 {
            CLOSED_AT_START.fetch_or(1 << fd, std::sync::atomic::Ordering::Relaxed);
        }
    }
}

/// Whether standard descriptor `fd` was closed at start-up (`2>&-`):
/// CPython's `sys.std*` is then None.
pub fn closed_at_start(fd: i32) -> bool {
    // SAFETY: F_GETFD only queries the descriptor's flags.
    let closed_now = unsafe { libc::fcntl(fd, libc::F_GETFD) } == -1;
    closed_now || CLOSED_AT_START.load(std::sync::atomic::Ordering::Relaxed) & (1 << fd) != 0
}

/// `-u` / `PYTHONUNBUFFERED`: stdout is written through too.
static UNBUFFERED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

pub fn set_unbuffered(on: bool) {
    UNBUFFERED.store(on, std::sync::atomic::Ordering::Relaxed);
}

impl StreamData {
    fn is_utf8(&self) -> bool {
        &**self.encoding.borrow() == "utf-8"
    }

    /// Writes text, encoded with the stream's codec (a codec error is
    /// raised, nothing written); see [`StreamData::write_bytes`] for
    /// when it reaches the file descriptor, and what a failure does.
    pub fn write_text(&self, vm: &mut Vm, s: &str) -> PyResult<()> {
        if self.closed.get() {
            return Err(vm.new_exc(&VALUE_ERROR_TYPE, "I/O operation on closed file."));
        }
        let translated;
        let s = match &*self.newline.borrow() {
            Some(nl) if s.contains('\n') => {
                translated = s.replace('\n', nl);
                translated.as_str()
            }
            _ => s,
        };
        let r = if self.is_utf8() {
            // Pyrite's strings hold no lone surrogates: UTF-8 text always
            // encodes, whatever the error handler.
            self.write_bytes(s.as_bytes())
        } else {
            let enc = self.encoding.borrow().clone();
            let errors = self.errors.borrow().clone();
            let b = crate::builtins::bytes::encode(vm, s, &enc, &errors)?;
            self.write_bytes(&b)
        };
        r.map_err(|e| os_error(vm, &e))
    }

    /// Writes a report (a traceback, a warning): as much as can be, any
    /// error ignored.
    pub fn write_str(&self, vm: &mut Vm, s: &str) {
        if self.write_text(vm, s).is_err() {
            let lossy: String = s.chars().map(|c| if c.is_ascii() { c } else { '?' }).collect();
            let _ = self.write_bytes(lossy.as_bytes());
        }
    }

    /// Buffers bytes; stderr (and stdout under `-u`) is written through
    /// (after flushing stdout), stdout when 64 KiB are buffered. A failed
    /// write (`EPIPE` when the reader has gone) is returned, and the
    /// bytes are dropped as CPython's buffered stdout drops them (the
    /// write that failed went past its buffer) — except on stderr, whose
    /// buffer keeps them (up to its size), so that the flush at exit
    /// fails again and the status is 120, as in CPython.
    fn write_bytes(&self, b: &[u8]) -> std::io::Result<()> {
        self.buf.borrow_mut().extend_from_slice(b);
        let unbuffered = UNBUFFERED.load(std::sync::atomic::Ordering::Relaxed);
        if self.fd == 2
            || unbuffered
            || self.buf.borrow().len() > 1 << 16
            || self.write_through.get() == Some(true)
            || (self.line_buffering.get() == Some(true) && b.contains(&b'\n'))
        {
            if let Err(e) = self.flush_io() {
                let mut buf = self.buf.borrow_mut();
                if self.fd != 2 || unbuffered || buf.len() > 1 << 16 {
                    buf.clear();
                }
                return Err(e);
            }
        }
        Ok(())
    }

    /// Decodes bytes read from the stream.
    fn decode(&self, vm: &mut Vm, b: Vec<u8>) -> PyResult<Value> {
        if self.is_utf8() {
            if let Ok(s) = String::from_utf8(b.clone()) {
                return Ok(vm.new_str_owned(s));
            }
        }
        let enc = self.encoding.borrow().clone();
        let errors = self.errors.borrow().clone();
        let s = crate::builtins::bytes::decode(vm, &b, &enc, &errors)?;
        Ok(vm.new_str_owned(s))
    }

    /// Reads a line (through `\n`, or what is left at the end) and
    /// decodes it.
    pub fn read_line(&self, vm: &mut Vm) -> PyResult<Value> {
        use std::io::BufRead;
        flush_stdout(vm);
        let mut line = Vec::new();
        if let Err(e) = std::io::stdin().lock().read_until(b'\n', &mut line) {
            return Err(os_error(vm, &e));
        }
        self.decode(vm, line)
    }

    /// Writes out what is buffered; on failure what was not written
    /// stays buffered (a later flush tries again, as CPython's).
    pub fn flush_io(&self) -> std::io::Result<()> {
        let mut b = self.buf.borrow_mut();
        if self.fd != 1 && self.fd != 2 {
            b.clear();
            return Ok(());
        }
        let mut done = 0;
        let r = loop {
            if done == b.len() {
                break Ok(());
            }
            let rest = &b[done..];
            // SAFETY: writes from a live buffer of `rest.len()` bytes.
            let n = unsafe { libc::write(self.fd, rest.as_ptr().cast(), rest.len()) };
            if n < 0 {
                let e = std::io::Error::last_os_error();
                if e.kind() == std::io::ErrorKind::Interrupted {
                    continue;
                }
                // A closed descriptor (`2>&-`) takes nothing, silently,
                // as Rust's and C's standard streams do.
                if e.raw_os_error() == Some(libc::EBADF) {
                    done = b.len();
                    continue;
                }
                break Err(e);
            }
            done += n as usize;
        };
        b.drain(..done);
        r
    }

    /// [`StreamData::flush_io`], the error ignored (false).
    pub fn flush(&self) -> bool {
        self.flush_io().is_ok()
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

/// An `OSError` (its subclass for the errno) from an I/O error.
fn os_error(vm: &mut Vm, e: &std::io::Error) -> crate::vm::PyErr {
    match e.raw_os_error() {
        Some(errno) => crate::modules::posix::os_error(vm, errno, None, None),
        None => vm.new_exc(&OS_ERROR_TYPE, e.to_string()),
    }
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
    me(&a).write_text(vm, str_of(s))?;
    Ok(crate::vm::new::new_int_i64(
        downcast::<StrData>(s).unwrap().nchars as i64,
    ))
}

fn stream_flush(vm: &mut Vm, a: Args) -> PyResult<Value> {
    if let Err(e) = me(&a).flush_io() {
        return Err(os_error(vm, &e));
    }
    Ok(Value::none())
}

/// CPython's `flush_std_files` at exit: `sys.stdout` flushed (a failure
/// reported as "Exception ignored in: <stream>" with the exception), then
/// `sys.stderr` (a failure silent); false if either failed (status 120).
pub fn flush_std_files(vm: &mut Vm) -> bool {
    let mut ok = true;
    let sys = vm.sys_module.clone().expect("sys");
    if let Ok(out) = vm.get_attr_str(&sys, "stdout") {
        let failed = match native_stream(&out) {
            Some(st) => st.flush_io().err().map(|e| os_error(vm, &e)),
            None if out.is_none() => None,
            None => vm.call_method(&out, "flush", &[]).err(),
        };
        if let Some(e) = failed {
            ok = false;
            let what = vm.repr(&out).unwrap_or_default();
            let text = format!(
                "Exception ignored in: {}\n{}",
                what,
                crate::traceback::format_exception(vm, &e.0)
            );
            if let Ok(err) = vm.get_attr_str(&sys, "stderr") {
                match native_stream(&err) {
                    Some(st) => st.write_str(vm, &text),
                    None if err.is_none() => {}
                    None => {
                        let t = vm.new_str(&text);
                        let _ = vm.call_method(&err, "write", &[t]);
                    }
                }
            }
        }
    }
    if let Ok(err) = vm.get_attr_str(&sys, "stderr") {
        let failed = match native_stream(&err) {
            Some(st) => st.flush_io().is_err(),
            None if err.is_none() => false,
            None => vm.call_method(&err, "flush", &[]).is_err(),
        };
        ok &= !failed;
    }
    ok
}

fn stream_readline(vm: &mut Vm, a: Args) -> PyResult<Value> {
    me(&a).read_line(vm)
}

/// `read(size=-1)`: everything, or at most `size` characters (counted
/// as UTF-8 sequences when the stream is UTF-8, else bytes).
fn stream_read(vm: &mut Vm, a: Args) -> PyResult<Value> {
    use std::io::{BufRead, Read};
    vm.check_args("read", &Args::new(&a.args[1..]), 0, 1)?;
    let size = match a.args.get(1) {
        Some(v) if !v.is_none() => vm.index_i64(v)?,
        _ => -1,
    };
    flush_stdout(vm);
    let mut b = Vec::new();
    let r = if size < 0 {
        std::io::stdin().lock().read_to_end(&mut b).map(|_| ())
    } else {
        let utf8 = me(&a).is_utf8();
        let mut input = std::io::stdin().lock();
        let mut chars = 0;
        loop {
            let avail = match input.fill_buf() {
                Ok(avail) => avail,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => break Err(e),
            };
            let Some(&next) = avail.first() else {
                break Ok(());
            };
            // A character ends where the next one starts: stop before
            // the byte that would begin character size + 1.
            let starts_char = !utf8 || next & 0xc0 != 0x80;
            if starts_char {
                if chars == size {
                    break Ok(());
                }
                chars += 1;
            }
            b.push(next);
            input.consume(1);
        }
    };
    if let Err(e) = r {
        return Err(os_error(vm, &e));
    }
    me(&a).decode(vm, b)
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
    let st = me(&a);
    Ok(vm.new_str_owned(format!(
        "<_io.TextIOWrapper name='<{}>' mode='{}' encoding='{}'>",
        st.name,
        st.mode(),
        st.encoding.borrow()
    )))
}

impl StreamData {
    fn mode(&self) -> &'static str {
        if self.fd == 0 {
            "r"
        } else {
            "w"
        }
    }
}

fn stream_of(v: &Value) -> &StreamData {
    downcast::<StreamData>(v).expect("a standard stream")
}

fn get_encoding(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    let e = stream_of(v).encoding.borrow().clone();
    Ok(vm.new_str(&e))
}

fn get_errors(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    let e = stream_of(v).errors.borrow().clone();
    Ok(vm.new_str(&e))
}

fn get_name(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(vm.new_str_owned(format!("<{}>", stream_of(v).name)))
}

fn get_mode(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(vm.new_str(stream_of(v).mode()))
}

fn get_closed(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(Value::from_bool(stream_of(v).closed.get()))
}

/// CPython line-buffers stdout and stderr when they are terminals (and
/// always stderr since 3.9).
fn get_line_buffering(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    let st = stream_of(v);
    if let Some(b) = st.line_buffering.get() {
        return Ok(Value::from_bool(b));
    }
    // SAFETY: isatty only inspects the descriptor.
    let tty = unsafe { libc_isatty(st.fd) } == 1;
    // Unbuffered (`-u`): written through instead.
    let unbuffered = UNBUFFERED.load(std::sync::atomic::Ordering::Relaxed);
    Ok(Value::from_bool(!unbuffered && (st.fd == 2 || (st.fd == 1 && tty))))
}

fn stream_readable(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    Ok(Value::from_bool(me(&a).fd == 0))
}

fn stream_writable(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    Ok(Value::from_bool(me(&a).fd != 0))
}

fn stream_seekable(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    // SAFETY: lseek(fd, 0, SEEK_CUR) only queries the offset.
    let r = unsafe { libc::lseek(me(&a).fd, 0, libc::SEEK_CUR) };
    Ok(Value::from_bool(r >= 0))
}

/// The user's `LC_CTYPE` locale (as `setlocale(LC_CTYPE, "")` chooses
/// it from `LC_ALL`, `LC_CTYPE`, `LANG`) and its codeset; the C
/// library's locale is then set back to "C" (Pyrite's `locale` module
/// works in the C locale).
pub fn user_ctype() -> (String, String) {
    use std::ffi::CStr;
    // SAFETY: at start-up, before any thread: setlocale and nl_langinfo
    // return NUL-terminated strings copied at once.
    unsafe {
        let empty = c"";
        let p = libc::setlocale(libc::LC_CTYPE, empty.as_ptr());
        let name = if p.is_null() {
            "C".to_string()
        } else {
            CStr::from_ptr(p).to_string_lossy().into_owned()
        };
        let cs = libc::nl_langinfo(libc::CODESET);
        let codeset = if cs.is_null() {
            String::new()
        } else {
            CStr::from_ptr(cs).to_string_lossy().into_owned()
        };
        libc::setlocale(libc::LC_CTYPE, c"C".as_ptr());
        (name, codeset)
    }
}

/// Chooses the standard streams' encoding and errors as CPython's
/// `config_init_stdio_encoding` does, and whether UTF-8 mode is on;
/// `Err` is the message of a codec that does not exist.
pub fn configure_std_streams(vm: &mut Vm, c: &crate::config::Config) -> Result<(), String> {
    let (locale, codeset) = startup_locale(c);
    let c_locale = locale == "C" || locale == "POSIX";
    let utf8_mode = if c.utf8_mode_set { c.utf8_mode } else { c_locale };
    let mut encoding = c.stdio_encoding.clone();
    let mut errors = c.stdio_errors.clone();
    if encoding.is_some() && errors.is_none() {
        // PYTHONIOENCODING=latin-1 means latin-1:strict.
        errors = Some("strict".into());
    }
    if utf8_mode {
        encoding.get_or_insert_with(|| "utf-8".into());
        errors.get_or_insert_with(|| "surrogateescape".into());
    }
    let encoding = encoding.unwrap_or_else(|| {
        if codeset.is_empty() {
            "utf-8".into()
        } else {
            codeset
        }
    });
    // The legacy C locale, and the locales CPython coerces it to, default
    // to surrogateescape.
    let coercion_target = matches!(locale.as_str(), "C.UTF-8" | "C.utf8" | "UTF-8");
    let errors = errors.unwrap_or_else(|| {
        if c_locale || coercion_target {
            "surrogateescape".into()
        } else {
            "strict".into()
        }
    });
    let name = codec_name(vm, &encoding)?;
    for (stream, attr) in [(0, "stdin"), (1, "stdout"), (2, "stderr")] {
        let sys = vm.sys_module.clone().expect("sys");
        for a in [attr.to_string(), format!("__{}__", attr)] {
            if let Ok(v) = vm.get_attr_str(&sys, &a) {
                if let Some(st) = native_stream(&v) {
                    *st.encoding.borrow_mut() = name.as_str().into();
                    *st.errors.borrow_mut() = if stream == 2 {
                        "backslashreplace".into()
                    } else {
                        errors.as_str().into()
                    };
                }
            }
        }
    }
    let _ = utf8_mode;
    Ok(())
}

/// Whether UTF-8 mode is on for this configuration (`-X utf8`,
/// `PYTHONUTF8`, else the C or POSIX locale turns it on).
pub fn utf8_mode(c: &crate::config::Config) -> bool {
    if c.utf8_mode_set {
        return c.utf8_mode;
    }
    let (locale, _) = startup_locale(c);
    locale == "C" || locale == "POSIX"
}

/// The user's `LC_CTYPE` locale as the process started (before any
/// coercion) and the codeset in force once [`coerce_c_locale`] ran:
/// decided once per process.
fn startup_locale(c: &crate::config::Config) -> (String, String) {
    static START: std::sync::OnceLock<(String, String)> = std::sync::OnceLock::new();
    START
        .get_or_init(|| {
            let (locale, codeset) = user_ctype();
            match coerce_c_locale(c, &locale) {
                Some(coerced) => (locale, coerced),
                None => (locale, codeset),
            }
        })
        .clone()
}

/// PEP 538, as CPython 3.11's `_Py_CoerceLegacyLocale`: when the
/// `LC_CTYPE` locale is C or POSIX, `LC_ALL` is unset or empty and
/// `PYTHONCOERCECLOCALE` is not `0`, the first of C.UTF-8, C.utf8, UTF-8
/// that exists (with a codeset) becomes `LC_CTYPE` in the environment
/// (seen by `os.environ` and child processes); `PYTHONCOERCECLOCALE=warn`
/// says so on stderr. Returns the new locale's codeset.
fn coerce_c_locale(c: &crate::config::Config, locale: &str) -> Option<String> {
    use std::ffi::{CStr, CString};
    if locale != "C" && locale != "POSIX" {
        return None;
    }
    if std::env::var_os("LC_ALL").is_some_and(|v| !v.is_empty()) {
        return None;
    }
    let env = if c.ignore_environment || c.isolated {
        None
    } else {
        std::env::var("PYTHONCOERCECLOCALE").ok()
    };
    if env.as_deref() == Some("0") {
        return None;
    }
    let warn = env.as_deref() == Some("warn");
    for target in ["C.UTF-8", "C.utf8", "UTF-8"] {
        let name = CString::new(target).ok()?;
        // SAFETY: at start-up, before any thread: setlocale and
        // nl_langinfo return NUL-terminated strings copied at once.
        let codeset = unsafe {
            if libc::setlocale(libc::LC_CTYPE, name.as_ptr()).is_null() {
                continue;
            }
            let cs = libc::nl_langinfo(libc::CODESET);
            let cs = if cs.is_null() {
                String::new()
            } else {
                CStr::from_ptr(cs).to_string_lossy().into_owned()
            };
            libc::setlocale(libc::LC_CTYPE, c"C".as_ptr());
            cs
        };
        if codeset.is_empty() {
            continue;
        }
        // SAFETY: start-up is single-threaded; nothing reads the
        // environment concurrently.
        unsafe {
            libc::setenv(c"LC_CTYPE".as_ptr(), name.as_ptr(), 1);
        }
        if warn {
            eprintln!(
                "Python detected LC_CTYPE=C: LC_CTYPE coerced to {} (set another locale or PYTHONCOERCECLOCALE=0 to disable this locale coercion behavior).",
                target
            );
        }
        return Some(codeset);
    }
    None
}

/// The codec's own name (`codecs.lookup(encoding).name`); `Err` is the
/// LookupError's message.
fn codec_name(vm: &mut Vm, encoding: &str) -> Result<String, String> {
    let norm = encoding.to_ascii_lowercase().replace(['-', ' '], "_");
    if matches!(norm.as_str(), "utf_8" | "utf8" | "u8" | "utf" | "cp65001") {
        return Ok("utf-8".into());
    }
    let info = match crate::modules::codecs::lookup(vm, encoding) {
        Ok(i) => i,
        Err(e) => {
            let text = vm
                .to_str(&e.0)
                .map(|s| str_of(&s).to_string())
                .unwrap_or_default();
            return Err(format!("{}: {}", e.0.type_of().name(), text));
        }
    };
    match vm.get_attr_opt(&info, "name") {
        Ok(Some(n)) if downcast::<StrData>(&n).is_some() => Ok(str_of(&n).to_string()),
        _ => Ok(encoding.to_string()),
    }
}

fn get_write_through(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    let unbuffered = UNBUFFERED.load(std::sync::atomic::Ordering::Relaxed);
    Ok(Value::from_bool(stream_of(v).write_through.get().unwrap_or(unbuffered)))
}

/// `sys.stdout.buffer`: the binary stream on the same descriptor, made
/// once. Its bytes join the text stream's buffer, so text written before
/// comes out before them.
fn get_buffer(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    let st = stream_of(v);
    if let Some(b) = st.other.borrow().clone() {
        return Ok(b);
    }
    let ty = if st.fd == 0 {
        &STD_READER_TYPE
    } else {
        &STD_BUFFER_TYPE
    };
    let b = alloc_object(
        ty,
        StreamData {
            fd: st.fd,
            buf: RefCell::new(Vec::new()),
            name: st.name,
            encoding: RefCell::new("".into()),
            errors: RefCell::new("".into()),
            // The standard streams live until exit: the cycle between a
            // stream and its buffer is never collected, and need not be.
            other: RefCell::new(Some(v.clone())),
            line_buffering: Cell::new(None),
            write_through: Cell::new(None),
            newline: RefCell::new(None),
            closed: Cell::new(false),
        },
    );
    *st.other.borrow_mut() = Some(b.clone());
    Ok(b)
}

/// The text stream a binary standard stream belongs to.
fn owner_of(st: &StreamData) -> Option<Value> {
    st.other.borrow().clone()
}

fn bin_write(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("write", &Args::new(&a.args[1..]), 1, 1)?;
    let st = me(&a);
    if st.fd == 0 {
        return Err(unsupported(vm, "write"));
    }
    if st.closed.get() {
        return Err(vm.new_exc(&VALUE_ERROR_TYPE, "write to closed file"));
    }
    let data = crate::builtins::strings::bytes_like(vm, &a.args[1])?;
    let n = data.len();
    if st.fd == 2 {
        flush_stdout(vm);
    }
    let owner = owner_of(st).expect("a binary stream has its text stream");
    let r = stream_of(&owner).write_bytes(&data);
    r.map_err(|e| os_error(vm, &e))?;
    Ok(crate::vm::new::new_int_i64(n as i64))
}

fn bin_flush(vm: &mut Vm, a: Args) -> PyResult<Value> {
    if let Some(owner) = owner_of(me(&a)) {
        if let Err(e) = stream_of(&owner).flush_io() {
            return Err(os_error(vm, &e));
        }
    }
    Ok(Value::none())
}

fn unsupported(vm: &mut Vm, what: &str) -> crate::vm::PyErr {
    let io = crate::import::import_module(vm, "io");
    let ty = io.and_then(|m| vm.get_attr_str(&m, "UnsupportedOperation"));
    match ty {
        Ok(t) => {
            let m = vm.new_str(what);
            match vm.call(&t, &[m], &[]) {
                Ok(e) => crate::vm::PyErr(e),
                Err(e) => e,
            }
        }
        Err(e) => e,
    }
}

/// `sys.stdin.buffer.read(n=-1)`: up to `n` bytes (all that is left when
/// `n` is negative or None).
fn bin_read(vm: &mut Vm, a: Args) -> PyResult<Value> {
    use std::io::Read;
    vm.check_args("read", &Args::new(&a.args[1..]), 0, 1)?;
    if me(&a).fd != 0 {
        return Err(unsupported(vm, "read"));
    }
    let n = match a.args.get(1) {
        Some(v) if !v.is_none() => vm.index_i64(v)?,
        _ => -1,
    };
    flush_stdout(vm);
    let mut b = Vec::new();
    let r = if n < 0 {
        std::io::stdin().lock().read_to_end(&mut b).map(|_| ())
    } else {
        std::io::stdin()
            .lock()
            .take(n as u64)
            .read_to_end(&mut b)
            .map(|_| ())
    };
    r.map_err(|e| os_error(vm, &e))?;
    Ok(vm.new_bytes(b))
}

fn bin_readline(vm: &mut Vm, a: Args) -> PyResult<Value> {
    use std::io::BufRead;
    if me(&a).fd != 0 {
        return Err(unsupported(vm, "readline"));
    }
    flush_stdout(vm);
    let mut line = Vec::new();
    if let Err(e) = std::io::stdin().lock().read_until(b'\n', &mut line) {
        return Err(os_error(vm, &e));
    }
    Ok(vm.new_bytes(line))
}

fn bin_repr(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let st = me(&a);
    let t = if st.fd == 0 { "BufferedReader" } else { "BufferedWriter" };
    Ok(vm.new_str_owned(format!("<_io.{} name='<{}>'>", t, st.name)))
}

fn get_bin_mode(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(vm.new_str(if stream_of(v).fd == 0 { "rb" } else { "wb" }))
}

/// `reconfigure(*, encoding, errors, newline, line_buffering,
/// write_through)`: what is buffered is written first; a new encoding
/// without errors means errors='strict', as in CPython.
fn stream_reconfigure(vm: &mut Vm, a: Args) -> PyResult<Value> {
    if a.pos().len() > 1 {
        return Err(vm.type_error("reconfigure() takes no positional arguments"));
    }
    let names = ["encoding", "errors", "newline", "line_buffering", "write_through"];
    for (k, _) in a.kwargs() {
        if !names.contains(&k) {
            return Err(vm.type_error(format!(
                "reconfigure() got an unexpected keyword argument '{}'",
                k
            )));
        }
    }
    let st = me(&a);
    let given = |k: &str| a.kw(k).filter(|v| !v.is_none()).cloned();
    let str_arg = |vm: &mut Vm, k: &str| -> PyResult<Option<String>> {
        match given(k) {
            None => Ok(None),
            Some(v) if downcast::<StrData>(&v).is_some() => Ok(Some(str_of(&v).to_string())),
            Some(v) => Err(vm.type_error(format!(
                "reconfigure() argument '{}' must be str or None, not {}",
                k,
                v.type_of().name()
            ))),
        }
    };
    let encoding = str_arg(vm, "encoding")?;
    let errors = str_arg(vm, "errors")?;
    let newline = match a.kw("newline") {
        None => None,
        Some(v) if v.is_none() => Some(None),
        Some(v) if downcast::<StrData>(v).is_some() => {
            let nl = str_of(v);
            if !matches!(nl, "" | "\n" | "\r" | "\r\n") {
                return Err(vm.value_error(format!("illegal newline value: {}", nl)));
            }
            Some(Some(nl.to_string()))
        }
        Some(v) => {
            return Err(vm.type_error(format!(
                "reconfigure() argument 'newline' must be str or None, not {}",
                v.type_of().name()
            )))
        }
    };
    let line_buffering = match given("line_buffering") {
        Some(v) => Some(vm.truthy(&v)?),
        None => None,
    };
    let write_through = match given("write_through") {
        Some(v) => Some(vm.truthy(&v)?),
        None => None,
    };
    // The encoding keeps the name it was given (as CPython's), once the
    // codec is known to exist.
    let codec = match &encoding {
        Some(e) => match codec_name(vm, e) {
            Ok(n) if n == "utf-8" => Some(n),
            Ok(_) => Some(e.clone()),
            Err(_) => {
                // The codec's own LookupError.
                crate::modules::codecs::lookup(vm, e)?;
                Some(e.clone())
            }
        },
        None => None,
    };
    if let Err(e) = st.flush_io() {
        return Err(os_error(vm, &e));
    }
    if let Some(c) = codec {
        *st.encoding.borrow_mut() = c.into();
        *st.errors.borrow_mut() = errors.clone().unwrap_or_else(|| "strict".into()).into();
    } else if let Some(e) = errors {
        *st.errors.borrow_mut() = e.into();
    }
    if let Some(nl) = newline {
        *st.newline.borrow_mut() = nl
            .filter(|n| n == "\r" || n == "\r\n")
            .map(|n| n.into());
    }
    if let Some(b) = line_buffering {
        st.line_buffering.set(Some(b));
    }
    if let Some(w) = write_through {
        st.write_through.set(Some(w));
    }
    Ok(Value::none())
}
