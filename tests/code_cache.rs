//! The compiled-code cache (`__pycache__/NAME.pyrite-311.pyc`): written on
//! first import, used after, ignored and rewritten when stale, truncated
//! or corrupt, never written under -B or PYTHONDONTWRITEBYTECODE.

use std::path::{Path, PathBuf};
use std::process::Command;

fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("pyrite-cache-{}-{}", name, std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    std::fs::write(
        d.join("helper.py"),
        "def answer():\n    return 42\nprint('helper loaded')\n",
    )
    .unwrap();
    d
}

/// Runs `import helper` in `d`; (stdout, exit code).
fn run(d: &Path, extra: &[&str], env_dont_write: bool) -> (String, i32) {
    let mut c = Command::new(env!("CARGO_BIN_EXE_pyrite"));
    c.args(extra)
        .args(["-c", "import helper; print(helper.answer())"])
        .current_dir(d);
    c.env_remove("PYTHONDONTWRITEBYTECODE");
    if env_dont_write {
        c.env("PYTHONDONTWRITEBYTECODE", "1");
    }
    let o = c.output().unwrap();
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        o.status.code().unwrap_or(-1),
    )
}

fn cache(d: &Path, opt: &str) -> PathBuf {
    d.join("__pycache__")
        .join(format!("helper.pyrite-311{}.pyc", opt))
}

#[test]
fn cache_is_written_then_used() {
    let d = dir("basic");
    assert_eq!(run(&d, &[], false), ("helper loaded\n42\n".into(), 0));
    let c = cache(&d, "");
    let first = std::fs::read(&c).expect("cache written");
    // importlib's timestamp-pyc header (CPython 3.11's magic), then the
    // marshal record of a Pyrite code object.
    assert!(first.starts_with(b"\xa7\r\r\n\0\0\0\0"));
    assert_eq!(first[16], b'P');
    assert_eq!(run(&d, &[], false), ("helper loaded\n42\n".into(), 0));
    // -O and -OO keep their own caches.
    run(&d, &["-O"], false);
    run(&d, &["-OO"], false);
    assert!(cache(&d, ".opt-1").exists() && cache(&d, ".opt-2").exists());
}

#[test]
fn stale_or_damaged_caches_are_replaced() {
    let d = dir("stale");
    run(&d, &[], false);
    // A changed source (different size) is recompiled.
    std::fs::write(
        d.join("helper.py"),
        "def answer():\n    return 4242\nprint('helper v2')\n",
    )
    .unwrap();
    assert_eq!(run(&d, &[], false), ("helper v2\n4242\n".into(), 0));
    let c = cache(&d, "");
    let good = std::fs::read(&c).unwrap();
    // Truncated, bit-flipped anywhere, or garbage: ignored, then rewritten.
    let damaged: Vec<Vec<u8>> = vec![
        good[..good.len() / 2].to_vec(),
        good[..10].to_vec(),
        Vec::new(),
        b"not a cache at all".to_vec(),
        {
            let mut g = good.clone();
            let i = g.len() - 7;
            g[i] ^= 0x5a;
            g
        },
        {
            let mut g = good.clone();
            g[20] ^= 1;
            g
        },
    ];
    for bad in damaged {
        std::fs::write(&c, &bad).unwrap();
        assert_eq!(run(&d, &[], false), ("helper v2\n4242\n".into(), 0));
        assert_eq!(std::fs::read(&c).unwrap(), good, "cache rewritten whole");
    }
}

#[test]
fn no_cache_under_dash_b_or_the_environment() {
    let d = dir("nowrite");
    assert_eq!(run(&d, &["-B"], false).1, 0);
    assert!(!cache(&d, "").exists());
    assert_eq!(run(&d, &[], true).1, 0);
    assert!(!cache(&d, "").exists());
}

/// importlib's own loaders (`importlib.reload`, `py_compile`) read and
/// write the same file through `marshal`: the native import accepts what
/// they wrote and neither rewrites the other's cache.
#[test]
fn importlib_and_the_native_import_share_the_cache() {
    let d = dir("shared");
    let reload = |d: &Path| {
        let o = Command::new(env!("CARGO_BIN_EXE_pyrite"))
            .args(["-c", "import importlib, helper; importlib.reload(helper); print(helper.answer())"])
            .current_dir(d)
            .env_remove("PYTHONDONTWRITEBYTECODE")
            .output()
            .unwrap();
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    assert_eq!(run(&d, &[], false), ("helper loaded\n42\n".into(), 0));
    let c = cache(&d, "");
    let written = std::fs::read(&c).unwrap();
    let stamp = std::fs::metadata(&c).unwrap().modified().unwrap();
    assert_eq!(reload(&d), "helper loaded\nhelper loaded\n42\n");
    assert_eq!(run(&d, &[], false), ("helper loaded\n42\n".into(), 0));
    assert_eq!(std::fs::metadata(&c).unwrap().modified().unwrap(), stamp, "not rewritten");
    assert_eq!(std::fs::read(&c).unwrap(), written);
    // A cache written by py_compile (importlib's format, through marshal)
    // is used by the native import.
    let o = Command::new(env!("CARGO_BIN_EXE_pyrite"))
        .args(["-c", "import py_compile; py_compile.compile('helper.py')"])
        .current_dir(&d)
        .output()
        .unwrap();
    assert!(o.status.success());
    let stamp = std::fs::metadata(&c).unwrap().modified().unwrap();
    assert_eq!(run(&d, &[], false), ("helper loaded\n42\n".into(), 0));
    assert_eq!(std::fs::metadata(&c).unwrap().modified().unwrap(), stamp, "py_compile's cache used");
}
