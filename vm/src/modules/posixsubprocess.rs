//! `_posixsubprocess`: `fork_exec`, the process-spawning primitive under
//! `subprocess.Popen`, following CPython's `_posixsubprocess.c`.
//!
//! Everything the child needs (argv, envp, executable paths) is converted
//! to C strings before `fork()`; between `fork` and `exec` the child only
//! makes async-signal-safe system calls (`dup2`, `close`, `chdir`,
//! `umask`, `setsid`, `execve`, `write`, `_exit`) — except when a
//! `preexec_fn` is given, which runs Python code in the child as CPython
//! does (sound here because the interpreter runs on one thread). Failures
//! before or at exec are reported to the parent through `errpipe_write`
//! in CPython's format (`OSError:<hex errno>:` plus `noexec` when `exec`
//! was never reached), which `subprocess` decodes. `vfork` is not used.

use std::ffi::CString;

use crate::objects::*;
use crate::value::Value;
use crate::vm::new::new_int_i64;
use crate::vm::{Args, PyResult, Vm};

fn cstring_of(vm: &mut Vm, v: &Value, what: &str) -> PyResult<CString> {
    let p = crate::modules::posix::path_arg(vm, what, v, false)?;
    Ok(p.c)
}

fn opt_int(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    if v.is_none() {
        return Ok(-1);
    }
    vm.index_i64(v)
}

/// Writes `OSError:<hex>:` (and `noexec`) to the error pipe; no allocation.
fn report_errno(fd: i32, errno: i32, noexec: bool) {
    let mut buf = [0u8; 40];
    let mut n = 0;
    for b in b"OSError:" {
        buf[n] = *b;
        n += 1;
    }
    let mut digits = [0u8; 8];
    let mut k = 0;
    let mut e = errno as u32;
    if e == 0 {
        digits[0] = b'0';
        k = 1;
    }
    while e != 0 {
        digits[k] = b"0123456789abcdef"[(e % 16) as usize];
        e /= 16;
        k += 1;
    }
    while k > 0 {
        k -= 1;
        buf[n] = digits[k];
        n += 1;
    }
    buf[n] = b':';
    n += 1;
    if noexec {
        for b in b"noexec" {
            buf[n] = *b;
            n += 1;
        }
    }
    // SAFETY: write(2) from a valid buffer; async-signal-safe.
    unsafe { libc::write(fd, buf.as_ptr() as *const libc::c_void, n) };
}

fn report_msg(fd: i32, msg: &[u8]) {
    let head = b"SubprocessError:0:";
    // SAFETY: write(2) from valid buffers; async-signal-safe.
    unsafe {
        libc::write(fd, head.as_ptr() as *const libc::c_void, head.len());
        libc::write(fd, msg.as_ptr() as *const libc::c_void, msg.len());
    }
}

fn clear_cloexec(fd: i32) {
    // SAFETY: plain fcntl calls on a descriptor number.
    unsafe {
        let f = libc::fcntl(fd, libc::F_GETFD);
        if f >= 0 && f & libc::FD_CLOEXEC != 0 {
            libc::fcntl(fd, libc::F_SETFD, f & !libc::FD_CLOEXEC);
        }
    }
}

fn fork_exec(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("fork_exec", &a, 22, 23)?;
    let v = a.args;
    // args
    let argv_items = if v[0].is_none() {
        Vec::new()
    } else {
        vm.iterate(&v[0])?
    };
    let mut argv = Vec::with_capacity(argv_items.len());
    for x in &argv_items {
        argv.push(cstring_of(vm, x, "fork_exec")?);
    }
    let exes_items = vm.iterate(&v[1])?;
    let mut exes = Vec::with_capacity(exes_items.len());
    for x in &exes_items {
        exes.push(cstring_of(vm, x, "fork_exec")?);
    }
    let close_fds = vm.truthy(&v[2])?;
    let keep_items = vm.iterate(&v[3])?;
    let mut keep = Vec::with_capacity(keep_items.len());
    for x in &keep_items {
        let n = vm.index_i64(x)?;
        if n < 0 {
            return Err(vm.value_error("bad value(s) in fds_to_keep"));
        }
        keep.push(n as i32);
    }
    keep.sort_unstable();
    let cwd = if v[4].is_none() {
        None
    } else {
        Some(cstring_of(vm, &v[4], "fork_exec")?)
    };
    let env = if v[5].is_none() {
        None
    } else {
        let items = vm.iterate(&v[5])?;
        let mut e = Vec::with_capacity(items.len());
        for x in &items {
            e.push(cstring_of(vm, x, "fork_exec")?);
        }
        Some(e)
    };
    let mut fds = [0i32; 8];
    for (i, slot) in fds.iter_mut().enumerate() {
        *slot = opt_int(vm, &v[6 + i])? as i32;
    }
    let [p2cread, p2cwrite, c2pread, mut c2pwrite, errread, mut errwrite, _errpipe_read, errpipe_write] =
        fds;
    let restore_signals = vm.truthy(&v[14])?;
    let call_setsid = vm.truthy(&v[15])?;
    let pgid_to_set = opt_int(vm, &v[16])?;
    let gid = opt_int(vm, &v[17])?;
    let groups: Option<Vec<libc::gid_t>> = if v[18].is_none() {
        None
    } else {
        let items = vm.iterate(&v[18])?;
        let mut g = Vec::with_capacity(items.len());
        for x in &items {
            g.push(vm.index_i64(x)? as libc::gid_t);
        }
        Some(g)
    };
    let uid = opt_int(vm, &v[19])?;
    let child_umask = vm.index_i64(&v[20])?;
    let preexec_fn = if v[21].is_none() {
        None
    } else {
        Some(v[21].clone())
    };

    let mut argv_ptrs: Vec<*const libc::c_char> = argv.iter().map(|c| c.as_ptr()).collect();
    argv_ptrs.push(std::ptr::null());
    let envp_ptrs: Option<Vec<*const libc::c_char>> = env.as_ref().map(|e| {
        let mut p: Vec<*const libc::c_char> = e.iter().map(|c| c.as_ptr()).collect();
        p.push(std::ptr::null());
        p
    });
    // SAFETY: plain libc call.
    let max_fd = (unsafe { libc::sysconf(libc::_SC_OPEN_MAX) }).clamp(256, 1 << 20) as i32;

    crate::modules::io::flush_stdout(vm);
    // SAFETY: fork(2). The child below only uses data prepared above and
    // async-signal-safe calls (plus preexec_fn, see the module comment).
    let pid = unsafe { libc::fork() };
    if pid < 0 {
        return Err(crate::modules::posix::errno_error(vm, None));
    }
    if pid > 0 {
        return Ok(new_int_i64(pid as i64));
    }

    // ---- child ----
    // SAFETY (whole block): system calls on descriptor numbers and on the
    // NUL-terminated strings and NULL-terminated pointer arrays built
    // before the fork; the process ends with exec or _exit.
    unsafe {
        macro_rules! fail {
            ($noexec:expr) => {{
                let e = crate::modules::posix::last_errno();
                report_errno(errpipe_write, e, $noexec);
                libc::_exit(255);
            }};
        }
        for fd in [p2cwrite, c2pread, errread] {
            if fd != -1 {
                libc::close(fd);
            }
        }
        if c2pwrite == 0 {
            c2pwrite = libc::dup(c2pwrite);
            if c2pwrite < 0 {
                fail!(true);
            }
        }
        while errwrite == 0 || errwrite == 1 {
            errwrite = libc::dup(errwrite);
            if errwrite < 0 {
                fail!(true);
            }
        }
        for (src, dst) in [(p2cread, 0), (c2pwrite, 1), (errwrite, 2)] {
            if src == dst {
                clear_cloexec(src);
            } else if src != -1 && libc::dup2(src, dst) < 0 {
                fail!(true);
            }
        }
        if let Some(c) = &cwd {
            if libc::chdir(c.as_ptr()) < 0 {
                fail!(true);
            }
        }
        if child_umask >= 0 {
            libc::umask(child_umask as libc::mode_t);
        }
        if restore_signals {
            libc::signal(libc::SIGPIPE, libc::SIG_DFL);
            libc::signal(libc::SIGXFSZ, libc::SIG_DFL);
        }
        if call_setsid && libc::setsid() < 0 {
            fail!(true);
        }
        if pgid_to_set >= 0 && libc::setpgid(0, pgid_to_set as libc::pid_t) < 0 {
            fail!(true);
        }
        if let Some(g) = &groups {
            if libc::setgroups(g.len(), g.as_ptr()) < 0 {
                fail!(true);
            }
        }
        if gid >= 0 && libc::setregid(gid as libc::gid_t, gid as libc::gid_t) < 0 {
            fail!(true);
        }
        if uid >= 0 && libc::setreuid(uid as libc::uid_t, uid as libc::uid_t) < 0 {
            fail!(true);
        }
        if let Some(f) = &preexec_fn {
            if vm.call(f, &[], &[]).is_err() {
                report_msg(errpipe_write, b"Exception occurred in preexec_fn.");
                libc::_exit(255);
            }
            crate::modules::io::flush_stdout(vm);
        }
        for &fd in &keep {
            if fd != errpipe_write {
                clear_cloexec(fd);
            }
        }
        if close_fds {
            // close_range(2) over the gaps between kept descriptors; a
            // close() loop where the kernel lacks it.
            let mut lo = 3;
            for &k in keep.iter().chain(std::iter::once(&i32::MAX)) {
                if k < lo {
                    continue;
                }
                if k > lo {
                    let hi = if k == i32::MAX {
                        u32::MAX
                    } else {
                        (k - 1) as u32
                    };
                    if libc::syscall(libc::SYS_close_range, lo as u32, hi, 0u32) != 0 {
                        let mut fd = lo;
                        while fd < max_fd && (fd as u32) <= hi {
                            libc::close(fd);
                            fd += 1;
                        }
                    }
                }
                lo = k.saturating_add(1);
            }
        }
        let mut saved = 0;
        for exe in &exes {
            match &envp_ptrs {
                Some(e) => libc::execve(exe.as_ptr(), argv_ptrs.as_ptr(), e.as_ptr()),
                None => libc::execv(exe.as_ptr(), argv_ptrs.as_ptr()),
            };
            let e = crate::modules::posix::last_errno();
            if e != libc::ENOENT && e != libc::ENOTDIR && saved == 0 {
                saved = e;
            }
        }
        if saved == 0 {
            saved = crate::modules::posix::last_errno();
        }
        report_errno(errpipe_write, saved, false);
        libc::_exit(255);
    }
}

pub fn init(vm: &mut Vm) -> PyResult<Value> {
    let m = vm.new_module("_posixsubprocess")?;
    let fns: &[(&'static str, NativeFn)] = &[("fork_exec", fork_exec)];
    crate::modules::add_functions(vm, &m, "_posixsubprocess", fns)?;
    Ok(m)
}
