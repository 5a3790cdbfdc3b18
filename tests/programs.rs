//! Runs every Python program in `tests/programs/` with the `pyrite`
//! binary and compares with what CPython 3.11 printed (recorded beside
//! it): `NAME.out` is the expected stdout; `NAME.err`, if present, the
//! expected last line of stderr; `NAME.code`, if present, the exit status.
//! Regenerate with `python3 tools/gen_program_expectations.py`.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// A program that has not finished by then has hung.
const TIMEOUT: Duration = Duration::from_secs(30);

/// Runs `py` with stdin closed; `None` if it overran `TIMEOUT` (killed).
fn run_with_timeout(py: &Path, dir: &Path) -> Option<Output> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pyrite"))
        .arg(py.file_name().unwrap())
        .current_dir(dir)
        .env("PYTHONHASHSEED", "0")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run pyrite");
    // Drain the pipes on threads so a chatty program cannot block.
    let mut so = child.stdout.take().unwrap();
    let mut se = child.stderr.take().unwrap();
    let t_out = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut so, &mut v).ok();
        v
    });
    let t_err = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut se, &mut v).ok();
        v
    });
    let start = Instant::now();
    let status = loop {
        if let Some(st) = child.try_wait().expect("wait") {
            break st;
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    Some(Output {
        status,
        stdout: t_out.join().unwrap(),
        stderr: t_err.join().unwrap(),
    })
}

#[test]
fn programs_match_cpython() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/programs");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/programs")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "py"))
        .collect();
    names.sort();
    assert!(!names.is_empty());
    let mut failures = Vec::new();
    for py in &names {
        let name = py.file_stem().unwrap().to_string_lossy().into_owned();
        let Some(out) = run_with_timeout(py, &dir) else {
            failures.push(format!(
                "{}: no result within {} s",
                name,
                TIMEOUT.as_secs()
            ));
            continue;
        };
        let expected = std::fs::read(py.with_extension("out")).unwrap_or_default();
        if out.stdout != expected {
            let got = String::from_utf8_lossy(&out.stdout);
            let exp = String::from_utf8_lossy(&expected);
            let line = got
                .lines()
                .zip(exp.lines())
                .position(|(a, b)| a != b)
                .unwrap_or_else(|| got.lines().count().min(exp.lines().count()));
            failures.push(format!(
                "{}: stdout differs at line {}: expected {:?}, got {:?} (stderr: {})",
                name,
                line + 1,
                exp.lines().nth(line),
                got.lines().nth(line),
                String::from_utf8_lossy(&out.stderr)
                    .lines()
                    .last()
                    .unwrap_or("")
            ));
            continue;
        }
        let code: i32 = std::fs::read_to_string(py.with_extension("code"))
            .ok()
            .and_then(|s| s.trim().parse().ok())
            .unwrap_or(0);
        if out.status.code() != Some(code) {
            failures.push(format!(
                "{}: exit status {:?}, expected {}",
                name,
                out.status.code(),
                code
            ));
            continue;
        }
        if let Ok(err) = std::fs::read_to_string(py.with_extension("err")) {
            let last = |s: &str| {
                s.lines()
                    .rev()
                    .find(|l| !l.trim().is_empty())
                    .unwrap_or("")
                    .trim_end()
                    .to_string()
            };
            let got = String::from_utf8_lossy(&out.stderr).into_owned();
            if last(&got) != last(&err) {
                failures.push(format!(
                    "{}: stderr last line {:?}, expected {:?}",
                    name,
                    last(&got),
                    last(&err)
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} programs differ from CPython:\n{}",
        failures.len(),
        names.len(),
        failures.join("\n")
    );
}
