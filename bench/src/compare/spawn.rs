//! Runs one interpreter on one program and measures it: wall time from
//! just before the spawn to the reaping of the child, and the child's
//! peak resident set as the kernel accounts it (`wait4`'s `ru_maxrss`),
//! so the runner's own memory never counts. Output is read on threads
//! (a child filling a pipe must not block), and a child past the time
//! limit is killed.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[derive(Debug, PartialEq)]
pub enum Outcome {
    Exited(i32),
    Signalled(i32),
    TimedOut,
    SpawnError(String),
}

pub struct RunResult {
    pub outcome: Outcome,
    pub wall: f64,
    pub max_rss_kib: u64,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
}

fn reader(mut pipe: impl Read + Send + 'static) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = pipe.read_to_end(&mut buf);
        buf
    })
}

/// `argv program` with stdin closed; killed after `timeout` seconds.
pub fn run(argv: &[String], program: &Path, timeout: f64) -> RunResult {
    let failed = |e: String| RunResult {
        outcome: Outcome::SpawnError(e),
        wall: 0.0,
        max_rss_kib: 0,
        stdout: Vec::new(),
        stderr: Vec::new(),
    };
    let Some((exe, rest)) = argv.split_first() else {
        return failed("empty command".into());
    };
    let start = Instant::now();
    let child = Command::new(exe)
        .args(rest)
        .arg(program)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) => return failed(format!("cannot run {exe}: {e}")),
    };
    let out = reader(child.stdout.take().expect("piped stdout"));
    let err = reader(child.stderr.take().expect("piped stderr"));
    let pid = child.id() as libc::pid_t;
    let deadline = start + Duration::from_secs_f64(timeout);
    let mut status: libc::c_int = 0;
    // SAFETY: an all-zero rusage is a valid value of this plain C struct.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let mut timed_out = false;
    loop {
        // SAFETY: `pid` is our unreaped child; `status` and `usage` are
        // live, writable locals of the types wait4 fills.
        let r = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if r == pid {
            break;
        }
        if r < 0 {
            let e = std::io::Error::last_os_error();
            if e.kind() == std::io::ErrorKind::Interrupted {
                continue;
            }
            return failed(format!("wait4: {e}"));
        }
        if !timed_out && Instant::now() >= deadline {
            timed_out = true;
            // SAFETY: kill only sends a signal to our own child.
            unsafe { libc::kill(pid, libc::SIGKILL) };
        }
        // Short sleeps: a 1 ms poll adds at most 1 ms to a run of seconds.
        std::thread::sleep(Duration::from_millis(1));
    }
    let wall = start.elapsed().as_secs_f64();
    let stdout = out.join().unwrap_or_default();
    let stderr = err.join().unwrap_or_default();
    let outcome = if timed_out {
        Outcome::TimedOut
    } else if libc::WIFEXITED(status) {
        Outcome::Exited(libc::WEXITSTATUS(status))
    } else {
        Outcome::Signalled(libc::WTERMSIG(status))
    };
    RunResult {
        outcome,
        wall,
        // Linux reports ru_maxrss in KiB.
        max_rss_kib: usage.ru_maxrss.max(0) as u64,
        stdout,
        stderr,
    }
}
