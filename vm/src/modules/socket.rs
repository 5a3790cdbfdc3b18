//! `_socket`: BSD sockets over libc, enough for Lib's `socket` module and
//! what imports it (email, http, urllib, asyncio, logging.handlers):
//! the `socket` type (subclassed by `socket.socket`) with blocking and
//! timeout modes, IPv4/IPv6/Unix-domain addresses, name resolution,
//! byte-order helpers, and CPython's exceptions (`gaierror`, `herror`,
//! `timeout`). Blocking calls release the GIL. Not yet: `sendmsg`/
//! `recvmsg`, `share`, `if_nameindex`, `gethostbyaddr`, service lookups.

use std::cell::Cell;
use std::ffi::{CStr, CString};
use std::sync::OnceLock;

use super::posix::{last_errno, os_error};
use super::typeutil::{new_type, type_addr, type_at};
use crate::builtins::{add_getsets, add_methods, bind};
use crate::object::{alloc_object, TypeObject};
use crate::objects::*;
use crate::types::*;
use crate::value::Value;
use crate::vm::attr::{as_type, type_value};
use crate::vm::new::new_int_i64;
use crate::vm::{str_of, Args, PyErr, PyResult, Vm};

pub struct SocketData {
    fd: Cell<i32>,
    family: Cell<i32>,
    kind: Cell<i32>,
    proto: Cell<i32>,
    /// Seconds; negative: blocking without timeout.
    timeout: Cell<f64>,
}

static SOCKET_T: OnceLock<usize> = OnceLock::new();
static GAIERROR: OnceLock<usize> = OnceLock::new();
static HERROR: OnceLock<usize> = OnceLock::new();
/// `setdefaulttimeout`, as f64 bits (negative: None).
static DEFAULT_TIMEOUT: std::sync::atomic::AtomicU64 =
    std::sync::atomic::AtomicU64::new(0xBFF0_0000_0000_0000);

fn socket_type() -> &'static TypeObject {
    type_at(*SOCKET_T.get_or_init(|| {
        let t = new_type::<SocketData>("socket", "_socket", &OBJECT_TYPE, None, false, true);
        add_methods(
            t,
            &[
                ("__new__", sock_new),
                ("__init__", sock_init),
                ("bind", sock_bind),
                ("listen", sock_listen),
                ("_accept", sock_accept),
                ("connect", sock_connect),
                ("connect_ex", sock_connect_ex),
                ("send", sock_send),
                ("sendall", sock_sendall),
                ("sendto", sock_sendto),
                ("recv", sock_recv),
                ("recv_into", sock_recv_into),
                ("recvfrom", sock_recvfrom),
                ("close", sock_close),
                ("detach", sock_detach),
                ("fileno", sock_fileno),
                ("getsockname", sock_getsockname),
                ("getpeername", sock_getpeername),
                ("setsockopt", sock_setsockopt),
                ("getsockopt", sock_getsockopt),
                ("setblocking", sock_setblocking),
                ("getblocking", sock_getblocking),
                ("settimeout", sock_settimeout),
                ("gettimeout", sock_gettimeout),
                ("shutdown", sock_shutdown),
                ("__repr__", sock_repr),
            ],
        );
        add_getsets(
            t,
            &[
                ("family", sock_family, None),
                ("type", sock_kind, None),
                ("proto", sock_proto, None),
                ("timeout", sock_timeout_attr, None),
            ],
        );
        type_addr(t)
    }))
}

// SAFETY: socket_type()'s solid layout is SocketData.
unsafe impl Payload for SocketData {
    fn layout() -> &'static TypeObject {
        socket_type()
    }
}

fn me<'a>(vm: &mut Vm, a: &Args<'a>) -> PyResult<&'a SocketData> {
    let args: &'a [Value] = a.args;
    args.first()
        .and_then(|s| downcast::<SocketData>(s))
        .ok_or_else(|| vm.type_error("descriptor requires a '_socket.socket' object"))
}

fn errno_err(vm: &mut Vm) -> PyErr {
    let e = last_errno();
    os_error(vm, e, None, None)
}

fn timeout_err(vm: &mut Vm) -> PyErr {
    vm.new_exc(&TIMEOUT_ERROR_TYPE, "timed out")
}

fn gai_err(vm: &mut Vm, code: i32) -> PyErr {
    // SAFETY: gai_strerror returns a static message for any code.
    let msg = unsafe { CStr::from_ptr(libc::gai_strerror(code)) }
        .to_string_lossy()
        .into_owned();
    let t = type_value(type_at(*GAIERROR.get().expect("gaierror")));
    let m = vm.new_str(&msg);
    match vm.call(&t, &[new_int_i64(code as i64), m], &[]) {
        Ok(e) => PyErr(e),
        Err(e) => e,
    }
}

fn int_arg(vm: &mut Vm, v: Option<&Value>, default: i64) -> PyResult<i64> {
    match v {
        Some(v) if !v.is_none() => vm.index_i64(v),
        _ => Ok(default),
    }
}

// ---- addresses ----

/// A socket address: storage and length.
struct Addr {
    st: libc::sockaddr_storage,
    len: libc::socklen_t,
}

impl Addr {
    fn empty() -> Addr {
        // SAFETY: sockaddr_storage is plain data; all-zero is valid.
        Addr {
            st: unsafe { std::mem::zeroed() },
            len: std::mem::size_of::<libc::sockaddr_storage>() as libc::socklen_t,
        }
    }
    fn ptr(&self) -> *const libc::sockaddr {
        &self.st as *const _ as *const libc::sockaddr
    }
    fn mut_ptr(&mut self) -> *mut libc::sockaddr {
        &mut self.st as *mut _ as *mut libc::sockaddr
    }
}

/// Resolves `host` for `family` to one address (numeric, '', '<broadcast>'
/// or a name).
fn resolve(vm: &mut Vm, host: &str, family: i32, port: u16) -> PyResult<Addr> {
    let mut a = Addr::empty();
    if family == libc::AF_INET && (host.is_empty() || host == "<broadcast>") {
        // SAFETY: the storage is large enough for a sockaddr_in.
        let sin = unsafe { &mut *(a.mut_ptr() as *mut libc::sockaddr_in) };
        sin.sin_family = libc::AF_INET as libc::sa_family_t;
        sin.sin_port = port.to_be();
        sin.sin_addr.s_addr = if host.is_empty() { 0 } else { u32::MAX };
        a.len = std::mem::size_of::<libc::sockaddr_in>() as libc::socklen_t;
        return Ok(a);
    }
    let chost = CString::new(host)
        .map_err(|_| vm.type_error("host name must not contain null character"))?;
    // SAFETY: hints is plain data; zero is the "unspecified" value.
    let mut hints: libc::addrinfo = unsafe { std::mem::zeroed() };
    hints.ai_family = family;
    let mut res: *mut libc::addrinfo = std::ptr::null_mut();
    // SAFETY: valid C strings and out pointer; freed below.
    let rc = crate::gil::allow_threads(|| unsafe {
        libc::getaddrinfo(chost.as_ptr(), std::ptr::null(), &hints, &mut res)
    });
    if rc != 0 {
        return Err(gai_err(vm, rc));
    }
    // SAFETY: on success res points to at least one addrinfo.
    let ai = unsafe { &*res };
    let len = (ai.ai_addrlen as usize).min(std::mem::size_of::<libc::sockaddr_storage>());
    // SAFETY: ai_addr holds ai_addrlen bytes; the copy fits the storage.
    unsafe {
        std::ptr::copy_nonoverlapping(ai.ai_addr as *const u8, a.mut_ptr() as *mut u8, len);
        libc::freeaddrinfo(res);
    }
    a.len = len as libc::socklen_t;
    // SAFETY: the family field is common to all sockaddr kinds.
    match unsafe { (*a.ptr()).sa_family } as i32 {
        libc::AF_INET => unsafe {
            (*(a.mut_ptr() as *mut libc::sockaddr_in)).sin_port = port.to_be()
        },
        libc::AF_INET6 => unsafe {
            (*(a.mut_ptr() as *mut libc::sockaddr_in6)).sin6_port = port.to_be()
        },
        _ => {}
    }
    Ok(a)
}

/// A Python address for `family` to a sockaddr.
fn to_addr(vm: &mut Vm, family: i32, v: &Value) -> PyResult<Addr> {
    if family == libc::AF_UNIX {
        let path = match downcast::<StrData>(v) {
            Some(s) => s.s.as_bytes().to_vec(),
            None => crate::builtins::strings::bytes_like(vm, v)?,
        };
        let mut a = Addr::empty();
        // SAFETY: the storage is large enough for a sockaddr_un.
        let sun = unsafe { &mut *(a.mut_ptr() as *mut libc::sockaddr_un) };
        if path.len() >= sun.sun_path.len() {
            return Err(vm.new_exc(&OS_ERROR_TYPE, "AF_UNIX path too long"));
        }
        sun.sun_family = libc::AF_UNIX as libc::sa_family_t;
        for (i, b) in path.iter().enumerate() {
            sun.sun_path[i] = *b as libc::c_char;
        }
        a.len = (std::mem::size_of::<libc::sa_family_t>()
            + path.len()
            + (path.first() != Some(&0)) as usize) as libc::socklen_t;
        return Ok(a);
    }
    let Some(t) = downcast::<TupleData>(v) else {
        let what = if family == libc::AF_INET6 {
            "AF_INET6"
        } else {
            "AF_INET"
        };
        return Err(vm.type_error(format!(
            "{} address must be tuple, not {}",
            what,
            v.type_of().name()
        )));
    };
    let want = if family == libc::AF_INET6 {
        2..=4
    } else {
        2..=2
    };
    if !want.contains(&t.items.len()) {
        return Err(vm.type_error(format!("AF_INET address must be a pair (host, port)")));
    }
    let host = match downcast::<StrData>(&t.items[0]) {
        Some(s) => s.s.to_string(),
        None => {
            let b = crate::builtins::strings::bytes_like(vm, &t.items[0]).map_err(|_| {
                vm.type_error(format!(
                    "str, bytes or bytearray expected, not {}",
                    t.items[0].type_of().name()
                ))
            })?;
            String::from_utf8_lossy(&b).into_owned()
        }
    };
    let port = vm.index_i64(&t.items[1])?;
    if !(0..=65535).contains(&port) {
        return Err(vm.overflow_error("bind(): port must be 0-65535."));
    }
    let mut a = resolve(vm, &host, family, port as u16)?;
    if family == libc::AF_INET6 {
        // SAFETY: resolve filled a sockaddr_in6 for AF_INET6.
        let s6 = unsafe { &mut *(a.mut_ptr() as *mut libc::sockaddr_in6) };
        if let Some(f) = t.items.get(2) {
            s6.sin6_flowinfo = (vm.index_i64(f)? as u32).to_be();
        }
        if let Some(s) = t.items.get(3) {
            s6.sin6_scope_id = vm.index_i64(s)? as u32;
        }
    }
    Ok(a)
}

extern "C" {
    #[link_name = "inet_ntop"]
    fn c_inet_ntop(
        af: libc::c_int,
        src: *const libc::c_void,
        dst: *mut libc::c_char,
        size: libc::socklen_t,
    ) -> *const libc::c_char;
    #[link_name = "inet_pton"]
    fn c_inet_pton(
        af: libc::c_int,
        src: *const libc::c_char,
        dst: *mut libc::c_void,
    ) -> libc::c_int;
}

fn ip_text(family: i32, src: *const libc::c_void) -> String {
    let mut buf = [0 as libc::c_char; 64];
    // SAFETY: src points to an in_addr/in6_addr; buf is large enough.
    let p = unsafe { c_inet_ntop(family, src, buf.as_mut_ptr(), buf.len() as libc::socklen_t) };
    if p.is_null() {
        return String::new();
    }
    // SAFETY: inet_ntop wrote a NUL-terminated string.
    unsafe { CStr::from_ptr(buf.as_ptr()) }
        .to_string_lossy()
        .into_owned()
}

/// A sockaddr to its Python form.
fn from_addr(vm: &mut Vm, a: &Addr) -> Value {
    if a.len == 0 {
        return Value::none();
    }
    // SAFETY: the family field is common to all sockaddr kinds; each
    // branch reads the struct the family names, which `a` holds.
    match unsafe { (*a.ptr()).sa_family } as i32 {
        libc::AF_INET => {
            let sin = unsafe { &*(a.ptr() as *const libc::sockaddr_in) };
            let host = ip_text(
                libc::AF_INET,
                &sin.sin_addr as *const _ as *const libc::c_void,
            );
            let h = vm.new_str(&host);
            vm.new_tuple(vec![h, new_int_i64(u16::from_be(sin.sin_port) as i64)])
        }
        libc::AF_INET6 => {
            let s6 = unsafe { &*(a.ptr() as *const libc::sockaddr_in6) };
            let host = ip_text(
                libc::AF_INET6,
                &s6.sin6_addr as *const _ as *const libc::c_void,
            );
            let h = vm.new_str(&host);
            vm.new_tuple(vec![
                h,
                new_int_i64(u16::from_be(s6.sin6_port) as i64),
                new_int_i64(u32::from_be(s6.sin6_flowinfo) as i64),
                new_int_i64(s6.sin6_scope_id as i64),
            ])
        }
        libc::AF_UNIX => {
            let sun = unsafe { &*(a.ptr() as *const libc::sockaddr_un) };
            let n = (a.len as usize)
                .saturating_sub(std::mem::size_of::<libc::sa_family_t>())
                .min(sun.sun_path.len());
            let bytes: Vec<u8> = sun.sun_path[..n].iter().map(|&c| c as u8).collect();
            if bytes.first() == Some(&0) {
                return vm.new_bytes(bytes);
            }
            let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
            vm.new_str(&String::from_utf8_lossy(&bytes[..end]))
        }
        _ => Value::none(),
    }
}

// ---- waiting with timeouts ----

/// Waits (GIL released) until the socket is ready for `events`, honouring
/// its timeout; Err(TimeoutError) when it runs out.
fn wait_ready(vm: &mut Vm, s: &SocketData, events: i16) -> PyResult<()> {
    let t = s.timeout.get();
    // Blocking (negative) waits in the call itself; non-blocking (zero)
    // does not wait: the call fails with EAGAIN (BlockingIOError).
    if t <= 0.0 {
        return Ok(());
    }
    let mut p = libc::pollfd {
        fd: s.fd.get(),
        events,
        revents: 0,
    };
    let ms = (t * 1000.0).ceil().min(i32::MAX as f64) as i32;
    // SAFETY: one valid pollfd.
    let rc = crate::gil::allow_threads(|| unsafe { libc::poll(&mut p, 1, ms) });
    match rc {
        0 => Err(timeout_err(vm)),
        r if r < 0 => Err(errno_err(vm)),
        _ => Ok(()),
    }
}

/// Runs a socket call until it succeeds, retrying on EINTR; in timeout
/// mode it waits for readiness first (and again on EAGAIN).
fn io_call(
    vm: &mut Vm,
    s: &SocketData,
    events: i16,
    mut f: impl FnMut() -> isize,
) -> PyResult<isize> {
    loop {
        wait_ready(vm, s, events)?;
        let r = crate::gil::allow_threads(&mut f);
        if r >= 0 {
            return Ok(r);
        }
        let e = last_errno();
        if e == libc::EINTR {
            if crate::modules::signal::has_pending() && crate::modules::thread::is_main_thread() {
                crate::modules::signal::run_pending(vm)?;
            }
            continue;
        }
        if (e == libc::EAGAIN || e == libc::EWOULDBLOCK) && s.timeout.get() > 0.0 {
            continue;
        }
        return Err(os_error(vm, e, None, None));
    }
}

// ---- the socket type ----

fn sock_new(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    let t = as_type(&a.args[0]).unwrap_or(socket_type());
    Ok(alloc_object(
        t,
        SocketData {
            fd: Cell::new(-1),
            family: Cell::new(libc::AF_INET),
            kind: Cell::new(libc::SOCK_STREAM),
            proto: Cell::new(0),
            timeout: Cell::new(-1.0),
        },
    ))
}

fn default_timeout() -> f64 {
    f64::from_bits(DEFAULT_TIMEOUT.load(std::sync::atomic::Ordering::Relaxed))
}

/// Puts the descriptor in the mode the timeout implies.
fn apply_blocking(s: &SocketData) {
    let fd = s.fd.get();
    // SAFETY: fcntl on our own descriptor.
    unsafe {
        let fl = libc::fcntl(fd, libc::F_GETFL);
        if fl >= 0 {
            let nb = if s.timeout.get() >= 0.0 {
                fl | libc::O_NONBLOCK
            } else {
                fl & !libc::O_NONBLOCK
            };
            libc::fcntl(fd, libc::F_SETFL, nb);
        }
    }
}

/// `socket(family=AF_INET, type=SOCK_STREAM, proto=0, fileno=None)`.
fn sock_init(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let s = me(vm, &a)?;
    let b = bind(
        vm,
        &a,
        "socket",
        &["family", "type", "proto", "fileno"],
        true,
    )?;
    let mut family = int_arg(vm, b[0], -1)? as i32;
    let mut kind = int_arg(vm, b[1], -1)? as i32;
    let mut proto = int_arg(vm, b[2], -1)? as i32;
    let fileno = b[3].filter(|v| !v.is_none());
    let fd = match fileno {
        Some(f) => {
            let fd = vm.index_i64(f)? as i32;
            if fd < 0 {
                return Err(vm.value_error("negative file descriptor"));
            }
            let opt = |o: i32| -> i32 {
                let mut v: libc::c_int = 0;
                let mut l = std::mem::size_of::<libc::c_int>() as libc::socklen_t;
                // SAFETY: getsockopt into an int.
                unsafe {
                    libc::getsockopt(
                        fd,
                        libc::SOL_SOCKET,
                        o,
                        &mut v as *mut _ as *mut libc::c_void,
                        &mut l,
                    )
                };
                v
            };
            if family == -1 {
                family = opt(libc::SO_DOMAIN);
            }
            if kind == -1 {
                kind = opt(libc::SO_TYPE);
            }
            if proto == -1 {
                proto = opt(libc::SO_PROTOCOL);
            }
            fd
        }
        None => {
            if family == -1 {
                family = libc::AF_INET;
            }
            if kind == -1 {
                kind = libc::SOCK_STREAM;
            }
            if proto == -1 {
                proto = 0;
            }
            // SAFETY: plain socket(2).
            let fd = unsafe { libc::socket(family, kind | libc::SOCK_CLOEXEC, proto) };
            if fd < 0 {
                return Err(errno_err(vm));
            }
            fd
        }
    };
    s.fd.set(fd);
    s.family.set(family);
    s.kind
        .set(kind & !(libc::SOCK_NONBLOCK | libc::SOCK_CLOEXEC));
    s.proto.set(proto);
    s.timeout.set(if kind & libc::SOCK_NONBLOCK != 0 {
        0.0
    } else {
        default_timeout()
    });
    if s.timeout.get() >= 0.0 {
        apply_blocking(s);
    }
    Ok(Value::none())
}

fn check_open(vm: &mut Vm, s: &SocketData) -> PyResult<i32> {
    let fd = s.fd.get();
    if fd < 0 {
        return Err(os_error(vm, libc::EBADF, None, None));
    }
    Ok(fd)
}

fn sock_bind(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let s = me(vm, &a)?;
    vm.check_args("bind", &Args::new(&a.args[1..]), 1, 1)?;
    let fd = check_open(vm, s)?;
    let addr = to_addr(vm, s.family.get(), &a.args[1])?;
    // SAFETY: a valid sockaddr of addr.len bytes.
    if unsafe { libc::bind(fd, addr.ptr(), addr.len) } < 0 {
        return Err(errno_err(vm));
    }
    Ok(Value::none())
}

fn sock_listen(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let s = me(vm, &a)?;
    let fd = check_open(vm, s)?;
    let backlog = int_arg(vm, a.args.get(1), 128)?.clamp(0, i32::MAX as i64) as i32;
    // SAFETY: listen(2) on our descriptor.
    if unsafe { libc::listen(fd, backlog) } < 0 {
        return Err(errno_err(vm));
    }
    Ok(Value::none())
}

/// `_accept()` → (fd, address); `socket.accept` wraps the fd.
fn sock_accept(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let s = me(vm, &a)?;
    let fd = check_open(vm, s)?;
    let mut addr = Addr::empty();
    let ap = addr.mut_ptr() as usize;
    let lp = &mut addr.len as *mut libc::socklen_t as usize;
    // SAFETY: accept4 writes at most addr.len bytes into the storage.
    let nfd = io_call(vm, s, libc::POLLIN, || unsafe {
        libc::accept4(
            fd,
            ap as *mut libc::sockaddr,
            lp as *mut libc::socklen_t,
            libc::SOCK_CLOEXEC,
        ) as isize
    })?;
    let av = from_addr(vm, &addr);
    Ok(vm.new_tuple(vec![new_int_i64(nfd as i64), av]))
}

fn do_connect(vm: &mut Vm, s: &SocketData, addr_v: &Value) -> PyResult<i32> {
    let fd = check_open(vm, s)?;
    let addr = to_addr(vm, s.family.get(), addr_v)?;
    let ap = addr.ptr() as usize;
    let len = addr.len;
    // SAFETY: a valid sockaddr.
    let rc = crate::gil::allow_threads(|| unsafe {
        libc::connect(fd, ap as *const libc::sockaddr, len)
    });
    if rc == 0 {
        return Ok(0);
    }
    let e = last_errno();
    if e == libc::EINPROGRESS && s.timeout.get() > 0.0 {
        wait_ready(vm, s, libc::POLLOUT)?;
        let mut err: libc::c_int = 0;
        let mut l = std::mem::size_of::<libc::c_int>() as libc::socklen_t;
        // SAFETY: getsockopt into an int.
        unsafe {
            libc::getsockopt(
                fd,
                libc::SOL_SOCKET,
                libc::SO_ERROR,
                &mut err as *mut _ as *mut libc::c_void,
                &mut l,
            )
        };
        return Ok(err);
    }
    Ok(e)
}

fn sock_connect(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let s = me(vm, &a)?;
    vm.check_args("connect", &Args::new(&a.args[1..]), 1, 1)?;
    match do_connect(vm, s, &a.args[1])? {
        0 => Ok(Value::none()),
        e => Err(os_error(vm, e, None, None)),
    }
}

fn sock_connect_ex(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let s = me(vm, &a)?;
    vm.check_args("connect_ex", &Args::new(&a.args[1..]), 1, 1)?;
    let e = do_connect(vm, s, &a.args[1])?;
    Ok(new_int_i64(e as i64))
}

fn sock_send(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let s = me(vm, &a)?;
    vm.check_args("send", &Args::new(&a.args[1..]), 1, 2)?;
    let fd = check_open(vm, s)?;
    let data = crate::builtins::strings::bytes_like(vm, &a.args[1])?;
    let flags = int_arg(vm, a.args.get(2), 0)? as i32;
    // SAFETY: send from a live buffer.
    let n = io_call(vm, s, libc::POLLOUT, || unsafe {
        libc::send(
            fd,
            data.as_ptr() as *const libc::c_void,
            data.len(),
            flags | libc::MSG_NOSIGNAL,
        )
    })?;
    Ok(new_int_i64(n as i64))
}

fn sock_sendall(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let s = me(vm, &a)?;
    vm.check_args("sendall", &Args::new(&a.args[1..]), 1, 2)?;
    let fd = check_open(vm, s)?;
    let data = crate::builtins::strings::bytes_like(vm, &a.args[1])?;
    let flags = int_arg(vm, a.args.get(2), 0)? as i32;
    let mut off = 0;
    while off < data.len() {
        let rest = &data[off..];
        // SAFETY: send from a live buffer.
        let n = io_call(vm, s, libc::POLLOUT, || unsafe {
            libc::send(
                fd,
                rest.as_ptr() as *const libc::c_void,
                rest.len(),
                flags | libc::MSG_NOSIGNAL,
            )
        })?;
        off += n as usize;
    }
    Ok(Value::none())
}

/// `sendto(data[, flags], address)`.
fn sock_sendto(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let s = me(vm, &a)?;
    vm.check_args("sendto", &Args::new(&a.args[1..]), 2, 3)?;
    let fd = check_open(vm, s)?;
    let data = crate::builtins::strings::bytes_like(vm, &a.args[1])?;
    let (flags, av) = if a.args.len() == 4 {
        (int_arg(vm, a.args.get(2), 0)? as i32, &a.args[3])
    } else {
        (0, &a.args[2])
    };
    let addr = to_addr(vm, s.family.get(), av)?;
    let ap = addr.ptr() as usize;
    // SAFETY: send from a live buffer to a valid sockaddr.
    let n = io_call(vm, s, libc::POLLOUT, || unsafe {
        libc::sendto(
            fd,
            data.as_ptr() as *const libc::c_void,
            data.len(),
            flags | libc::MSG_NOSIGNAL,
            ap as *const libc::sockaddr,
            addr.len,
        )
    })?;
    Ok(new_int_i64(n as i64))
}

fn bufsize(vm: &mut Vm, v: Option<&Value>, who: &str) -> PyResult<usize> {
    let n = int_arg(vm, v, -1)?;
    if n < 0 {
        return Err(vm.value_error(format!("negative buffersize in {}", who)));
    }
    Ok(n as usize)
}

fn sock_recv(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let s = me(vm, &a)?;
    vm.check_args("recv", &Args::new(&a.args[1..]), 1, 2)?;
    let fd = check_open(vm, s)?;
    let n = bufsize(vm, a.args.get(1), "recv")?;
    let flags = int_arg(vm, a.args.get(2), 0)? as i32;
    let mut buf = vec![0u8; n];
    let bp = buf.as_mut_ptr() as usize;
    // SAFETY: recv into a live buffer of n bytes.
    let got = io_call(vm, s, libc::POLLIN, || unsafe {
        libc::recv(fd, bp as *mut libc::c_void, n, flags)
    })?;
    buf.truncate(got as usize);
    Ok(vm.new_bytes(buf))
}

/// `recv_into(buffer[, nbytes[, flags]])` for a bytearray.
fn sock_recv_into(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let s = me(vm, &a)?;
    let b = bind(vm, &a, "recv_into", &["buffer", "nbytes", "flags"], true)?;
    let fd = check_open(vm, s)?;
    let Some(target) = b[0] else {
        return Err(vm.type_error("recv_into() missing required argument 'buffer' (pos 1)"));
    };
    let target = target.clone();
    let len = match downcast::<ByteArrayData>(&target) {
        Some(ba) => ba.b.borrow().len(),
        None => return Err(vm.type_error(format!("recv_into() argument 'buffer' must be read-write bytes-like object (bytearray), not {}", target.type_of().name()))),
    };
    let nbytes = int_arg(vm, b[1], 0)?;
    if nbytes < 0 {
        return Err(vm.value_error("negative buffersize in recv_into"));
    }
    let n = if nbytes == 0 {
        len
    } else {
        (nbytes as usize).min(len)
    };
    let flags = int_arg(vm, b[2], 0)? as i32;
    let mut tmp = vec![0u8; n];
    let tp = tmp.as_mut_ptr() as usize;
    // SAFETY: recv into a live buffer of n bytes.
    let got = io_call(vm, s, libc::POLLIN, || unsafe {
        libc::recv(fd, tp as *mut libc::c_void, n, flags)
    })? as usize;
    if let Some(ba) = downcast::<ByteArrayData>(&target) {
        let mut v = ba.b.borrow_mut();
        let m = got.min(v.len());
        v[..m].copy_from_slice(&tmp[..m]);
    }
    Ok(new_int_i64(got as i64))
}

fn sock_recvfrom(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let s = me(vm, &a)?;
    vm.check_args("recvfrom", &Args::new(&a.args[1..]), 1, 2)?;
    let fd = check_open(vm, s)?;
    let n = bufsize(vm, a.args.get(1), "recvfrom")?;
    let flags = int_arg(vm, a.args.get(2), 0)? as i32;
    let mut buf = vec![0u8; n];
    let mut addr = Addr::empty();
    let (bp, ap, lp) = (
        buf.as_mut_ptr() as usize,
        addr.mut_ptr() as usize,
        &mut addr.len as *mut libc::socklen_t as usize,
    );
    // SAFETY: recvfrom into live buffers.
    let got = io_call(vm, s, libc::POLLIN, || unsafe {
        libc::recvfrom(
            fd,
            bp as *mut libc::c_void,
            n,
            flags,
            ap as *mut libc::sockaddr,
            lp as *mut libc::socklen_t,
        )
    })?;
    buf.truncate(got as usize);
    let data = vm.new_bytes(buf);
    let av = from_addr(vm, &addr);
    Ok(vm.new_tuple(vec![data, av]))
}

fn sock_close(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let s = me(vm, &a)?;
    let fd = s.fd.replace(-1);
    // SAFETY: closing our own descriptor once.
    if fd >= 0 && unsafe { libc::close(fd) } < 0 && last_errno() != libc::ECONNRESET {
        return Err(errno_err(vm));
    }
    Ok(Value::none())
}

fn sock_detach(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let s = me(vm, &a)?;
    Ok(new_int_i64(s.fd.replace(-1) as i64))
}

fn sock_fileno(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let s = me(vm, &a)?;
    Ok(new_int_i64(s.fd.get() as i64))
}

fn name_of(vm: &mut Vm, a: &Args, peer: bool) -> PyResult<Value> {
    let s = me(vm, a)?;
    let fd = check_open(vm, s)?;
    let mut addr = Addr::empty();
    // SAFETY: the call writes at most addr.len bytes.
    let rc = unsafe {
        if peer {
            libc::getpeername(fd, addr.mut_ptr(), &mut addr.len)
        } else {
            libc::getsockname(fd, addr.mut_ptr(), &mut addr.len)
        }
    };
    if rc < 0 {
        return Err(errno_err(vm));
    }
    Ok(from_addr(vm, &addr))
}

fn sock_getsockname(vm: &mut Vm, a: Args) -> PyResult<Value> {
    name_of(vm, &a, false)
}

fn sock_getpeername(vm: &mut Vm, a: Args) -> PyResult<Value> {
    name_of(vm, &a, true)
}

/// `setsockopt(level, option, value: int | buffer)`.
fn sock_setsockopt(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let s = me(vm, &a)?;
    vm.check_args("setsockopt", &Args::new(&a.args[1..]), 3, 4)?;
    let fd = check_open(vm, s)?;
    let level = vm.index_i64(&a.args[1])? as i32;
    let opt = vm.index_i64(&a.args[2])? as i32;
    let v = &a.args[3];
    let rc = if v.is_int() || v.as_bool().is_some() {
        let i = vm.index_i64(v)? as libc::c_int;
        // SAFETY: an int option value.
        unsafe {
            libc::setsockopt(
                fd,
                level,
                opt,
                &i as *const _ as *const libc::c_void,
                std::mem::size_of::<libc::c_int>() as libc::socklen_t,
            )
        }
    } else {
        let b = crate::builtins::strings::bytes_like(vm, v)?;
        // SAFETY: a buffer option value of b.len() bytes.
        unsafe {
            libc::setsockopt(
                fd,
                level,
                opt,
                b.as_ptr() as *const libc::c_void,
                b.len() as libc::socklen_t,
            )
        }
    };
    if rc < 0 {
        return Err(errno_err(vm));
    }
    Ok(Value::none())
}

/// `getsockopt(level, option[, buflen])`.
fn sock_getsockopt(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let s = me(vm, &a)?;
    vm.check_args("getsockopt", &Args::new(&a.args[1..]), 2, 3)?;
    let fd = check_open(vm, s)?;
    let level = vm.index_i64(&a.args[1])? as i32;
    let opt = vm.index_i64(&a.args[2])? as i32;
    match a.args.get(3) {
        None => {
            let mut v: libc::c_int = 0;
            let mut l = std::mem::size_of::<libc::c_int>() as libc::socklen_t;
            // SAFETY: an int option value.
            if unsafe {
                libc::getsockopt(
                    fd,
                    level,
                    opt,
                    &mut v as *mut _ as *mut libc::c_void,
                    &mut l,
                )
            } < 0
            {
                return Err(errno_err(vm));
            }
            Ok(new_int_i64(v as i64))
        }
        Some(n) => {
            let n = vm.index_i64(n)?;
            if !(0..=1024).contains(&n) {
                return Err(vm.new_exc(&OS_ERROR_TYPE, "getsockopt buflen out of range"));
            }
            let mut buf = vec![0u8; n as usize];
            let mut l = n as libc::socklen_t;
            // SAFETY: a buffer of l bytes.
            if unsafe {
                libc::getsockopt(
                    fd,
                    level,
                    opt,
                    buf.as_mut_ptr() as *mut libc::c_void,
                    &mut l,
                )
            } < 0
            {
                return Err(errno_err(vm));
            }
            buf.truncate(l as usize);
            Ok(vm.new_bytes(buf))
        }
    }
}

fn timeout_value(vm: &mut Vm, v: &Value) -> PyResult<f64> {
    if v.is_none() {
        return Ok(-1.0);
    }
    let t = super::math::real(vm, v)?;
    if t.is_nan() {
        return Err(vm.value_error("Invalid value NaN (not a number)"));
    }
    if t < 0.0 {
        return Err(vm.value_error("Timeout value out of range"));
    }
    Ok(t)
}

fn sock_settimeout(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let s = me(vm, &a)?;
    vm.check_args("settimeout", &Args::new(&a.args[1..]), 1, 1)?;
    let t = timeout_value(vm, &a.args[1])?;
    s.timeout.set(t);
    if s.fd.get() >= 0 {
        apply_blocking(s);
    }
    Ok(Value::none())
}

fn sock_gettimeout(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let s = me(vm, &a)?;
    let t = s.timeout.get();
    Ok(if t < 0.0 {
        Value::none()
    } else {
        Value::float(t)
    })
}

fn sock_timeout_attr(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    sock_gettimeout(vm, Args::new(std::slice::from_ref(v)))
}

fn sock_setblocking(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let s = me(vm, &a)?;
    vm.check_args("setblocking", &Args::new(&a.args[1..]), 1, 1)?;
    let block = vm.truthy(&a.args[1])?;
    s.timeout.set(if block { -1.0 } else { 0.0 });
    if s.fd.get() >= 0 {
        apply_blocking(s);
    }
    Ok(Value::none())
}

fn sock_getblocking(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let s = me(vm, &a)?;
    Ok(Value::from_bool(s.timeout.get() != 0.0))
}

fn sock_shutdown(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let s = me(vm, &a)?;
    vm.check_args("shutdown", &Args::new(&a.args[1..]), 1, 1)?;
    let fd = check_open(vm, s)?;
    let how = vm.index_i64(&a.args[1])? as i32;
    // SAFETY: shutdown(2) on our descriptor.
    if unsafe { libc::shutdown(fd, how) } < 0 {
        return Err(errno_err(vm));
    }
    Ok(Value::none())
}

fn sock_repr(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let s = me(vm, &a)?;
    let r = format!(
        "<socket object, fd={}, family={}, type={}, proto={}>",
        s.fd.get(),
        s.family.get(),
        s.kind.get(),
        s.proto.get()
    );
    Ok(vm.new_str_owned(r))
}

fn sock_family(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(new_int_i64(
        downcast::<SocketData>(v).unwrap().family.get() as i64
    ))
}

fn sock_kind(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(new_int_i64(
        downcast::<SocketData>(v).unwrap().kind.get() as i64
    ))
}

fn sock_proto(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(new_int_i64(
        downcast::<SocketData>(v).unwrap().proto.get() as i64
    ))
}

// ---- module functions ----

fn gethostname(vm: &mut Vm, _a: Args) -> PyResult<Value> {
    let mut buf = [0 as libc::c_char; 256];
    // SAFETY: buf is large enough; the result is NUL-terminated.
    if unsafe { libc::gethostname(buf.as_mut_ptr(), buf.len()) } < 0 {
        return Err(errno_err(vm));
    }
    // SAFETY: see above.
    let s = unsafe { CStr::from_ptr(buf.as_ptr()) }
        .to_string_lossy()
        .into_owned();
    Ok(vm.new_str(&s))
}

fn gethostbyname(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("gethostbyname", &a, 1, 1)?;
    let host = str_of(&a.args[0]).to_string();
    let addr = resolve(vm, &host, libc::AF_INET, 0)?;
    let t = from_addr(vm, &addr);
    let t = downcast::<TupleData>(&t)
        .map(|t| t.items[0].clone())
        .unwrap_or_else(Value::none);
    Ok(t)
}

/// `getaddrinfo(host, port, family=0, type=0, proto=0, flags=0)`.
fn getaddrinfo(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let b = bind(
        vm,
        &a,
        "getaddrinfo",
        &["host", "port", "family", "type", "proto", "flags"],
        false,
    )?;
    let text = |vm: &mut Vm, v: Option<&Value>| -> PyResult<Option<CString>> {
        match v {
            None => Ok(None),
            Some(v) if v.is_none() => Ok(None),
            Some(v) if v.is_int() => Ok(Some(CString::new(vm.index_i64(v)?.to_string()).unwrap())),
            Some(v) => {
                let s = match downcast::<StrData>(v) {
                    Some(s) => s.s.to_string(),
                    None => String::from_utf8_lossy(&crate::builtins::strings::bytes_like(vm, v)?).into_owned(),
                };
                CString::new(s)
                    .map(Some)
                    .map_err(|_| vm.type_error("embedded null character"))
            }
        }
    };
    let host = text(vm, b[0])?;
    let port = text(vm, b[1])?;
    // SAFETY: plain data; zero is unspecified.
    let mut hints: libc::addrinfo = unsafe { std::mem::zeroed() };
    hints.ai_family = int_arg(vm, b[2], 0)? as i32;
    hints.ai_socktype = int_arg(vm, b[3], 0)? as i32;
    hints.ai_protocol = int_arg(vm, b[4], 0)? as i32;
    hints.ai_flags = int_arg(vm, b[5], 0)? as i32;
    let mut res: *mut libc::addrinfo = std::ptr::null_mut();
    let (hp, pp) = (
        host.as_ref().map_or(std::ptr::null(), |h| h.as_ptr()) as usize,
        port.as_ref().map_or(std::ptr::null(), |p| p.as_ptr()) as usize,
    );
    let rp = &mut res as *mut *mut libc::addrinfo as usize;
    let hints_p = &hints as *const libc::addrinfo as usize;
    // SAFETY: valid C strings (or null) and out pointer; freed below.
    let rc = crate::gil::allow_threads(|| unsafe {
        libc::getaddrinfo(
            hp as *const libc::c_char,
            pp as *const libc::c_char,
            hints_p as *const libc::addrinfo,
            rp as *mut *mut libc::addrinfo,
        )
    });
    if rc != 0 {
        return Err(gai_err(vm, rc));
    }
    let mut out = Vec::new();
    let mut p = res;
    while !p.is_null() {
        // SAFETY: p walks the list getaddrinfo returned.
        let ai = unsafe { &*p };
        let mut addr = Addr::empty();
        let len = (ai.ai_addrlen as usize).min(std::mem::size_of::<libc::sockaddr_storage>());
        // SAFETY: copying ai_addrlen bytes into the storage.
        unsafe {
            std::ptr::copy_nonoverlapping(ai.ai_addr as *const u8, addr.mut_ptr() as *mut u8, len)
        };
        addr.len = len as libc::socklen_t;
        let canon = if ai.ai_canonname.is_null() {
            String::new()
        } else {
            // SAFETY: a NUL-terminated name from getaddrinfo.
            unsafe { CStr::from_ptr(ai.ai_canonname) }
                .to_string_lossy()
                .into_owned()
        };
        let cn = vm.new_str(&canon);
        let av = from_addr(vm, &addr);
        out.push(vm.new_tuple(vec![
            new_int_i64(ai.ai_family as i64),
            new_int_i64(ai.ai_socktype as i64),
            new_int_i64(ai.ai_protocol as i64),
            cn,
            av,
        ]));
        p = ai.ai_next;
    }
    // SAFETY: freeing the list once.
    unsafe { libc::freeaddrinfo(res) };
    Ok(vm.new_list(out))
}

fn inet_aton(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("inet_aton", &a, 1, 1)?;
    let s =
        CString::new(str_of(&a.args[0])).map_err(|_| vm.value_error("embedded null character"))?;
    // SAFETY: plain data.
    let mut addr: libc::in_addr = unsafe { std::mem::zeroed() };
    extern "C" {
        fn inet_aton(cp: *const libc::c_char, inp: *mut libc::in_addr) -> libc::c_int;
    }
    // SAFETY: a C string and an in_addr to fill.
    if unsafe { inet_aton(s.as_ptr(), &mut addr) } == 0 {
        return Err(vm.new_exc(
            &OS_ERROR_TYPE,
            "illegal IP address string passed to inet_aton",
        ));
    }
    Ok(vm.new_bytes(addr.s_addr.to_ne_bytes().to_vec()))
}

fn inet_ntoa(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("inet_ntoa", &a, 1, 1)?;
    let b = crate::builtins::strings::bytes_like(vm, &a.args[0])?;
    if b.len() != 4 {
        return Err(vm.new_exc(&OS_ERROR_TYPE, "packed IP wrong length for inet_ntoa"));
    }
    Ok(vm.new_str(&format!("{}.{}.{}.{}", b[0], b[1], b[2], b[3])))
}

fn inet_pton(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("inet_pton", &a, 2, 2)?;
    let family = vm.index_i64(&a.args[0])? as i32;
    let s =
        CString::new(str_of(&a.args[1])).map_err(|_| vm.value_error("embedded null character"))?;
    let mut buf = [0u8; 16];
    // SAFETY: buf holds an in6_addr.
    let rc = unsafe { c_inet_pton(family, s.as_ptr(), buf.as_mut_ptr() as *mut libc::c_void) };
    match rc {
        1 => Ok(vm.new_bytes(buf[..if family == libc::AF_INET { 4 } else { 16 }].to_vec())),
        0 => Err(vm.new_exc(
            &OS_ERROR_TYPE,
            "illegal IP address string passed to inet_pton",
        )),
        _ => Err(errno_err(vm)),
    }
}

fn inet_ntop(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("inet_ntop", &a, 2, 2)?;
    let family = vm.index_i64(&a.args[0])? as i32;
    let b = crate::builtins::strings::bytes_like(vm, &a.args[1])?;
    let want = if family == libc::AF_INET6 { 16 } else { 4 };
    if b.len() != want {
        return Err(vm.value_error("invalid length of packed IP address string"));
    }
    Ok(vm.new_str(&ip_text(family, b.as_ptr() as *const libc::c_void)))
}

fn swap16(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("htons", &a, 1, 1)?;
    let x = vm.index_i64(&a.args[0])?;
    if !(0..=0xffff).contains(&x) {
        return Err(vm.overflow_error(
            "ntohs: Python int too large to convert to C 16-bit unsigned integer",
        ));
    }
    Ok(new_int_i64((x as u16).swap_bytes() as i64))
}

fn swap32(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("htonl", &a, 1, 1)?;
    let x = vm.index_i64(&a.args[0])?;
    if !(0..=0xffff_ffff).contains(&x) {
        return Err(vm.overflow_error("int larger than 32 bits"));
    }
    Ok(new_int_i64((x as u32).swap_bytes() as i64))
}

fn getdefaulttimeout(_vm: &mut Vm, _a: Args) -> PyResult<Value> {
    let t = default_timeout();
    Ok(if t < 0.0 {
        Value::none()
    } else {
        Value::float(t)
    })
}

fn setdefaulttimeout(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("setdefaulttimeout", &a, 1, 1)?;
    let t = timeout_value(vm, &a.args[0])?;
    DEFAULT_TIMEOUT.store(t.to_bits(), std::sync::atomic::Ordering::Relaxed);
    Ok(Value::none())
}

/// `socketpair(family=AF_UNIX, type=SOCK_STREAM, proto=0)` → two
/// descriptors (socket.py wraps them).
fn socketpair(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let family = int_arg(vm, a.args.first(), libc::AF_UNIX as i64)? as i32;
    let kind = int_arg(vm, a.args.get(1), libc::SOCK_STREAM as i64)? as i32;
    let proto = int_arg(vm, a.args.get(2), 0)? as i32;
    let mut fds = [0 as libc::c_int; 2];
    // SAFETY: socketpair fills two descriptors.
    if unsafe { libc::socketpair(family, kind | libc::SOCK_CLOEXEC, proto, fds.as_mut_ptr()) } < 0 {
        return Err(errno_err(vm));
    }
    let mut socks = Vec::new();
    for fd in fds {
        let s = sock_new(vm, Args::new(&[type_value(socket_type())]))?;
        sock_init(
            vm,
            Args::new(&[
                s.clone(),
                new_int_i64(family as i64),
                new_int_i64(kind as i64),
                new_int_i64(proto as i64),
                new_int_i64(fd as i64),
            ]),
        )?;
        socks.push(s);
    }
    Ok(vm.new_tuple(socks))
}

fn dup(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("dup", &a, 1, 1)?;
    let fd = vm.index_i64(&a.args[0])? as i32;
    // SAFETY: dup of a descriptor number.
    let n = unsafe { libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, 0) };
    if n < 0 {
        return Err(errno_err(vm));
    }
    Ok(new_int_i64(n as i64))
}

fn close_fd(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("close", &a, 1, 1)?;
    let fd = vm.index_i64(&a.args[0])? as i32;
    // SAFETY: closing a descriptor number the caller owns.
    if unsafe { libc::close(fd) } < 0 && last_errno() != libc::ECONNRESET {
        return Err(errno_err(vm));
    }
    Ok(Value::none())
}

pub fn init(vm: &mut Vm) -> PyResult<Value> {
    let gaierror =
        super::typeutil::module_exception(vm, &GAIERROR, "socket", "gaierror", &OS_ERROR_TYPE)?;
    let herror =
        super::typeutil::module_exception(vm, &HERROR, "socket", "herror", &OS_ERROR_TYPE)?;
    let m = vm.new_module("_socket")?;
    let fns: &[(&'static str, NativeFn)] = &[
        ("gethostname", gethostname),
        ("gethostbyname", gethostbyname),
        ("getaddrinfo", getaddrinfo),
        ("inet_aton", inet_aton),
        ("inet_ntoa", inet_ntoa),
        ("inet_pton", inet_pton),
        ("inet_ntop", inet_ntop),
        ("htons", swap16),
        ("ntohs", swap16),
        ("htonl", swap32),
        ("ntohl", swap32),
        ("getdefaulttimeout", getdefaulttimeout),
        ("setdefaulttimeout", setdefaulttimeout),
        ("socketpair", socketpair),
        ("dup", dup),
        ("close", close_fd),
    ];
    crate::modules::add_functions(vm, &m, "_socket", fns)?;
    let st = type_value(socket_type());
    crate::modules::set_attr(vm, &m, "socket", st.clone())?;
    crate::modules::set_attr(vm, &m, "SocketType", st)?;
    crate::modules::set_attr(vm, &m, "error", type_value(&OS_ERROR_TYPE))?;
    crate::modules::set_attr(vm, &m, "timeout", type_value(&TIMEOUT_ERROR_TYPE))?;
    crate::modules::set_attr(vm, &m, "gaierror", type_value(gaierror))?;
    crate::modules::set_attr(vm, &m, "herror", type_value(herror))?;
    crate::modules::set_attr(vm, &m, "has_ipv6", Value::from_bool(true))?;
    let consts: &[(&str, i64)] = &[
        ("AF_UNSPEC", libc::AF_UNSPEC as i64),
        ("AF_INET", libc::AF_INET as i64),
        ("AF_INET6", libc::AF_INET6 as i64),
        ("AF_UNIX", libc::AF_UNIX as i64),
        ("SOCK_STREAM", libc::SOCK_STREAM as i64),
        ("SOCK_DGRAM", libc::SOCK_DGRAM as i64),
        ("SOCK_RAW", libc::SOCK_RAW as i64),
        ("SOCK_SEQPACKET", libc::SOCK_SEQPACKET as i64),
        ("SOCK_NONBLOCK", libc::SOCK_NONBLOCK as i64),
        ("SOCK_CLOEXEC", libc::SOCK_CLOEXEC as i64),
        ("SOL_SOCKET", libc::SOL_SOCKET as i64),
        ("SO_REUSEADDR", libc::SO_REUSEADDR as i64),
        ("SO_REUSEPORT", libc::SO_REUSEPORT as i64),
        ("SO_KEEPALIVE", libc::SO_KEEPALIVE as i64),
        ("SO_BROADCAST", libc::SO_BROADCAST as i64),
        ("SO_ERROR", libc::SO_ERROR as i64),
        ("SO_RCVBUF", libc::SO_RCVBUF as i64),
        ("SO_SNDBUF", libc::SO_SNDBUF as i64),
        ("SO_TYPE", libc::SO_TYPE as i64),
        ("SO_LINGER", libc::SO_LINGER as i64),
        ("SO_RCVTIMEO", libc::SO_RCVTIMEO as i64),
        ("SO_SNDTIMEO", libc::SO_SNDTIMEO as i64),
        ("SOMAXCONN", libc::SOMAXCONN as i64),
        ("IPPROTO_IP", libc::IPPROTO_IP as i64),
        ("IPPROTO_TCP", libc::IPPROTO_TCP as i64),
        ("IPPROTO_UDP", libc::IPPROTO_UDP as i64),
        ("IPPROTO_IPV6", libc::IPPROTO_IPV6 as i64),
        ("IPPROTO_ICMP", libc::IPPROTO_ICMP as i64),
        ("IPV6_V6ONLY", libc::IPV6_V6ONLY as i64),
        ("TCP_NODELAY", libc::TCP_NODELAY as i64),
        ("TCP_KEEPIDLE", libc::TCP_KEEPIDLE as i64),
        ("TCP_KEEPINTVL", libc::TCP_KEEPINTVL as i64),
        ("TCP_KEEPCNT", libc::TCP_KEEPCNT as i64),
        ("SHUT_RD", libc::SHUT_RD as i64),
        ("SHUT_WR", libc::SHUT_WR as i64),
        ("SHUT_RDWR", libc::SHUT_RDWR as i64),
        ("MSG_PEEK", libc::MSG_PEEK as i64),
        ("MSG_WAITALL", libc::MSG_WAITALL as i64),
        ("MSG_DONTWAIT", libc::MSG_DONTWAIT as i64),
        ("MSG_OOB", libc::MSG_OOB as i64),
        ("MSG_NOSIGNAL", libc::MSG_NOSIGNAL as i64),
        ("AI_PASSIVE", libc::AI_PASSIVE as i64),
        ("AI_CANONNAME", libc::AI_CANONNAME as i64),
        ("AI_NUMERICHOST", libc::AI_NUMERICHOST as i64),
        ("AI_NUMERICSERV", libc::AI_NUMERICSERV as i64),
        ("AI_ADDRCONFIG", libc::AI_ADDRCONFIG as i64),
        ("AI_V4MAPPED", libc::AI_V4MAPPED as i64),
        ("AI_ALL", libc::AI_ALL as i64),
        ("NI_NUMERICHOST", libc::NI_NUMERICHOST as i64),
        ("NI_NUMERICSERV", libc::NI_NUMERICSERV as i64),
        ("NI_NAMEREQD", libc::NI_NAMEREQD as i64),
        ("NI_DGRAM", libc::NI_DGRAM as i64),
        ("EAI_NONAME", libc::EAI_NONAME as i64),
        ("EAI_AGAIN", libc::EAI_AGAIN as i64),
        ("EAI_FAIL", libc::EAI_FAIL as i64),
        ("EAI_FAMILY", libc::EAI_FAMILY as i64),
        ("EAI_SERVICE", libc::EAI_SERVICE as i64),
        ("INADDR_ANY", 0),
        ("INADDR_LOOPBACK", 0x7f00_0001),
        ("INADDR_BROADCAST", 0xffff_ffff),
        ("INADDR_NONE", 0xffff_ffff),
    ];
    for (k, v) in consts {
        crate::modules::set_attr(vm, &m, k, new_int_i64(*v))?;
    }
    Ok(m)
}
