//! `select`: `select.select()` only (implemented with `poll(2)`, so
//! descriptors above `FD_SETSIZE` work too), `error` and `PIPE_BUF`.
//!
//! No `poll`/`epoll` objects: `selectors` and `subprocess` probe for them
//! with `hasattr` and fall back to `SelectSelector`, which uses
//! `select.select`.

use crate::objects::*;
use crate::value::Value;
use crate::vm::attr::type_value;
use crate::vm::new::new_int_i64;
use crate::vm::{Args, PyResult, Vm};

/// The descriptor of `v`: an int, or `v.fileno()`.
fn fd_of(vm: &mut Vm, v: &Value) -> PyResult<i32> {
    let n = if v.is_int() || downcast::<IntData>(v).is_some() {
        vm.index_i64(v)?
    } else {
        match vm.get_attr_opt(v, "fileno")? {
            Some(f) => {
                let r = vm.call(&f, &[], &[])?;
                if !(r.is_int() || downcast::<IntData>(&r).is_some()) {
                    return Err(vm.type_error("fileno() returned a non-integer"));
                }
                vm.index_i64(&r)?
            }
            None => {
                return Err(vm.type_error("argument must be an int, or have a fileno() method."))
            }
        }
    };
    if n < 0 {
        return Err(vm.value_error(format!(
            "file descriptor cannot be a negative integer ({})",
            n
        )));
    }
    if n > i32::MAX as i64 {
        return Err(vm.overflow_error("file descriptor is too large"));
    }
    Ok(n as i32)
}

fn select(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("select", &a, 3, 4)?;
    let timeout_ms: i32 = match a.args.get(3) {
        None => -1,
        Some(t) if t.is_none() => -1,
        Some(t) => {
            let f = if let Some(f) = crate::vm::ops::to_float(t) {
                f
            } else if let Some(i) = crate::vm::ops::to_int(t) {
                i.to_f64().unwrap_or(f64::INFINITY)
            } else {
                return Err(vm.type_error("timeout must be a float or None"));
            };
            if f.is_nan() {
                return Err(vm.value_error("Invalid value NaN (not a number)"));
            }
            if f < 0.0 {
                return Err(vm.value_error("timeout must be non-negative"));
            }
            (f * 1000.0).ceil().min(i32::MAX as f64) as i32
        }
    };
    let mut lists = Vec::new();
    for v in &a.args[..3] {
        let items = vm
            .iterate(v)
            .map_err(|_| vm.type_error("arguments 1-3 must be sequences"))?;
        let mut fds = Vec::with_capacity(items.len());
        for it in items {
            let fd = fd_of(vm, &it)?;
            fds.push((fd, it));
        }
        lists.push(fds);
    }
    let events = [libc::POLLIN, libc::POLLOUT, libc::POLLPRI];
    let mut pfds: Vec<libc::pollfd> = Vec::new();
    let mut owners: Vec<(usize, usize)> = Vec::new();
    for (k, l) in lists.iter().enumerate() {
        for (i, (fd, _)) in l.iter().enumerate() {
            pfds.push(libc::pollfd {
                fd: *fd,
                events: events[k],
                revents: 0,
            });
            owners.push((k, i));
        }
    }
    crate::modules::io::flush_stdout(vm);
    loop {
        // SAFETY: pfds is a valid array of pfds.len() pollfd structs.
        let r = unsafe { libc::poll(pfds.as_mut_ptr(), pfds.len() as libc::nfds_t, timeout_ms) };
        if r < 0 {
            if crate::modules::posix::last_errno() == libc::EINTR {
                continue;
            }
            return Err(crate::modules::posix::errno_error(vm, None));
        }
        break;
    }
    let mut out: [Vec<Value>; 3] = [Vec::new(), Vec::new(), Vec::new()];
    for (p, (k, i)) in pfds.iter().zip(owners.iter()) {
        if p.revents & libc::POLLNVAL != 0 {
            return Err(crate::modules::posix::os_error(vm, libc::EBADF, None, None));
        }
        let ready = match k {
            0 => p.revents & (libc::POLLIN | libc::POLLHUP | libc::POLLERR) != 0,
            1 => p.revents & (libc::POLLOUT | libc::POLLERR) != 0,
            _ => p.revents & libc::POLLPRI != 0,
        };
        if ready {
            out[*k].push(lists[*k][*i].1.clone());
        }
    }
    let [r, w, x] = out;
    let (r, w, x) = (vm.new_list(r), vm.new_list(w), vm.new_list(x));
    Ok(vm.new_tuple(vec![r, w, x]))
}

pub fn init(vm: &mut Vm) -> PyResult<Value> {
    let m = vm.new_module("select")?;
    let fns: &[(&'static str, NativeFn)] = &[("select", select)];
    crate::modules::add_functions(vm, &m, "select", fns)?;
    crate::modules::set_attr(vm, &m, "error", type_value(&crate::types::OS_ERROR_TYPE))?;
    crate::modules::set_attr(vm, &m, "PIPE_BUF", new_int_i64(4096))?;
    Ok(m)
}
