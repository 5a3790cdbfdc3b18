//! Running a directory or a zip archive that holds a `__main__.py`
//! (`pyrite dir/`, `pyrite app.zip`, a `zipapp` with a `#!` line), and
//! importing from archives on `sys.path`, compared with what CPython 3.11
//! prints for the same programs.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn pyrite() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_pyrite"));
    c.env_remove("PYTHONPATH");
    c
}

fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("pyrite-paths-{}-{}", name, std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= b as u32;
        for _ in 0..8 {
            crc = if crc & 1 != 0 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// A zip archive of stored members (after `prefix`, as zipapp puts a
/// `#!` line before the archive).
fn zip(prefix: &[u8], files: &[(&str, &str)]) -> Vec<u8> {
    let mut body = Vec::new();
    let mut central = Vec::new();
    for (name, data) in files {
        let data = data.as_bytes();
        let offset = body.len() as u32;
        let mut fixed = Vec::new();
        fixed.extend_from_slice(&[20, 0, 0, 0, 0, 0, 0, 0, 0x21, 0]);
        fixed.extend_from_slice(&crc32(data).to_le_bytes());
        fixed.extend_from_slice(&(data.len() as u32).to_le_bytes());
        fixed.extend_from_slice(&(data.len() as u32).to_le_bytes());
        fixed.extend_from_slice(&(name.len() as u16).to_le_bytes());
        fixed.extend_from_slice(&[0, 0]);
        body.extend_from_slice(b"PK\x03\x04");
        body.extend_from_slice(&fixed);
        body.extend_from_slice(name.as_bytes());
        body.extend_from_slice(data);
        central.extend_from_slice(b"PK\x01\x02");
        central.extend_from_slice(&[20, 3]);
        central.extend_from_slice(&fixed);
        central.extend_from_slice(&[0; 10]);
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name.as_bytes());
    }
    let n = files.len() as u16;
    let mut out = prefix.to_vec();
    let dir_offset = body.len() as u32;
    out.extend_from_slice(&body);
    out.extend_from_slice(&central);
    out.extend_from_slice(b"PK\x05\x06\0\0\0\0");
    out.extend_from_slice(&n.to_le_bytes());
    out.extend_from_slice(&n.to_le_bytes());
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&dir_offset.to_le_bytes());
    out.extend_from_slice(&[0, 0]);
    out
}

const MAIN: &str = "import sys\nprint(__name__, repr(__file__), repr(__package__), type(__loader__).__name__, __spec__.name, __spec__.origin == __file__)\nprint(sys.argv, sys.path[0])\nimport helper, pkg.sub\nprint(helper.x, pkg.sub.y, pkg.sub.__file__, pkg.__path__)\n";

fn app_files() -> Vec<(&'static str, &'static str)> {
    vec![
        ("__main__.py", MAIN),
        ("helper.py", "x = 1\n"),
        ("pkg/__init__.py", ""),
        ("pkg/sub.py", "y = 2\n"),
    ]
}

fn write_tree(root: &Path, files: &[(&str, &str)]) {
    for (name, data) in files {
        let p = root.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, data).unwrap();
    }
}

/// CPython: `python3 app a` and `python3 app/` run app/__main__.py with
/// sys.path[0] the directory made absolute (as written, `app/` keeping
/// its slash), sys.argv[0] as given, a SourceFileLoader spec.
#[test]
fn a_directory_runs_its_main() {
    let dir = scratch("dir");
    write_tree(&dir.join("app"), &app_files());
    let d = dir.display();
    let o = pyrite().args(["app", "a"]).current_dir(&dir).output().unwrap();
    assert_eq!(
        text(&o).0,
        format!("__main__ '{d}/app/__main__.py' '' SourceFileLoader __main__ True\n['app', 'a'] {d}/app\n1 2 {d}/app/pkg/sub.py ['{d}/app/pkg']\n")
    );
    assert_eq!(o.status.code(), Some(0));
    let o = pyrite().args(["app/"]).current_dir(&dir).output().unwrap();
    assert!(text(&o).0.contains(&format!("['app/'] {d}/app/\n")), "{:?}", text(&o));
}

/// CPython: `python3 app.zip` runs its __main__.py through zipimport: the
/// loader is a zipimporter, files are `app.zip/NAME`, and modules and
/// packages beside it import from the archive.
#[test]
fn a_zip_archive_runs_its_main_and_imports_from_it() {
    let dir = scratch("zip");
    std::fs::write(dir.join("app.zip"), zip(b"", &app_files())).unwrap();
    let d = dir.display();
    let o = pyrite().args(["app.zip", "z"]).current_dir(&dir).output().unwrap();
    assert_eq!(
        text(&o),
        (
            format!("__main__ '{d}/app.zip/__main__.py' '' zipimporter __main__ True\n['app.zip', 'z'] {d}/app.zip\n1 2 {d}/app.zip/pkg/sub.py ['{d}/app.zip/pkg']\n"),
            String::new()
        )
    );
    // A zipapp: a `#!` line before the archive, any name; an exception's
    // traceback starts with runpy's frames, as CPython's.
    let files = [
        ("__main__.py", "import helper\nprint('zipapp', helper.x)\nhelper.boom()\n"),
        ("helper.py", "x = 5\ndef boom():\n    raise ValueError('in zip')\n"),
    ];
    std::fs::write(dir.join("tool.pyz"), zip(b"#!/usr/bin/env python3\n", &files)).unwrap();
    let o = pyrite().arg("tool.pyz").current_dir(&dir).output().unwrap();
    assert_eq!(
        text(&o),
        (
            "zipapp 5\n".to_string(),
            format!("Traceback (most recent call last):\n  File \"<frozen runpy>\", line 198, in _run_module_as_main\n  File \"<frozen runpy>\", line 88, in _run_code\n  File \"{d}/tool.pyz/__main__.py\", line 3, in <module>\n  File \"{d}/tool.pyz/helper.py\", line 3, in boom\nValueError: in zip\n")
        )
    );
    assert_eq!(o.status.code(), Some(1));
    // An archive on sys.path (and a directory in it, and a namespace
    // package), imported from by a script or -m.
    let o = pyrite()
        .args(["-c", "import sys; sys.path[:0] = ['app.zip/pkg', 'app.zip']; import sub, helper, importlib.util; print(sub.__file__, helper.x, importlib.util.find_spec('helper').loader.__class__.__name__)"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert_eq!(text(&o), ("app.zip/pkg/sub.py 1 zipimporter\n".to_string(), String::new()));
    let o = pyrite()
        .args(["-m", "pkg.sub"])
        .env("PYTHONPATH", "app.zip")
        .current_dir(&dir)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{:?}", text(&o));
}

/// Without a `__main__.py` (or with a `__main__` package): CPython's
/// message and status 1. A file that is not an archive runs as a script.
#[test]
fn no_main_is_reported_like_cpython() {
    let dir = scratch("nomain");
    std::fs::create_dir_all(dir.join("empty")).unwrap();
    write_tree(&dir.join("pk"), &[("__main__/__init__.py", "")]);
    std::fs::write(dir.join("lib.zip"), zip(b"", &[("helper.py", "x = 1\n")])).unwrap();
    std::fs::write(dir.join("script.zip"), "print('a script')\n").unwrap();
    for name in ["empty", "pk", "lib.zip"] {
        let o = pyrite().arg(name).current_dir(&dir).output().unwrap();
        let (out, err) = text(&o);
        assert_eq!(out, "");
        assert!(
            err.ends_with(&format!(": can't find '__main__' module in '{}/{}'\n", dir.display(), name)),
            "{}: {:?}",
            name,
            err
        );
        assert_eq!(o.status.code(), Some(1));
    }
    let o = pyrite().arg("script.zip").current_dir(&dir).output().unwrap();
    assert_eq!(text(&o).0, "a script\n");
}
