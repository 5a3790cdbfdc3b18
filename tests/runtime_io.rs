//! Process-level behaviour of the standard streams and start-up that
//! issue 5 asked for: a standard descriptor closed at start-up makes that
//! `sys.std*` None, bytes written through `sys.stdout.buffer` stay in
//! order with text written before them, stderr escapes what its codec
//! cannot encode, and PEP 538 coerces the C locale. Expected outputs are
//! CPython 3.11's for the same commands (except where noted).

use std::process::{Command, Output};

fn pyrite() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_pyrite"));
    for v in ["PYTHONIOENCODING", "PYTHONUTF8", "PYTHONUNBUFFERED", "LC_ALL", "LC_CTYPE"] {
        c.env_remove(v);
    }
    c.env("LANG", "C.UTF-8");
    c
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Runs `pyrite -c CODE` through `sh` with `redirect` (such as `2>&-`)
/// applied, so the descriptor is closed before Pyrite starts.
fn with_redirect(code: &str, redirect: &str) -> Output {
    let script = format!("exec \"$0\" -c \"$1\" {}", redirect);
    Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_pyrite"))
        .arg(code)
        .env_remove("PYTHONUNBUFFERED")
        .output()
        .unwrap()
}

#[test]
fn a_stream_closed_at_start_up_is_none() {
    let o = with_redirect(
        "import sys; print(sys.stderr is None, sys.__stderr__ is None, sys.stdout is None)",
        "2>&-",
    );
    assert_eq!(out(&o), "True True False\n");
    let o = with_redirect(
        "import sys; print(sys.stdin is None, sys.__stdin__ is None, sys.stderr is None)",
        "<&-",
    );
    assert_eq!(out(&o), "True True False\n");
    // stdout gone: print() does nothing, and the program still succeeds.
    let o = with_redirect(
        "import sys; print('lost'); sys.stderr.write(repr((sys.stdout, sys.__stdout__)))",
        ">&-",
    );
    assert_eq!(String::from_utf8_lossy(&o.stderr), "(None, None)");
    assert_eq!(o.status.code(), Some(0));
    // input() without stdin: CPython's RuntimeError, status 1.
    let o = with_redirect("input()", "<&-");
    assert!(String::from_utf8_lossy(&o.stderr).ends_with("RuntimeError: input(): lost sys.stdin\n"));
    assert_eq!(o.status.code(), Some(1));
    // An uncaught error with stderr closed: status 1, nothing printed.
    let o = with_redirect("print('x'); 1/0", "2>&-");
    assert_eq!((out(&o).as_str(), o.status.code()), ("x\n", Some(1)));
}

/// Bytes through `.buffer` come after the text written before them even
/// with stdout buffered (the requirement: the text layer is
/// flushed first; CPython needs an explicit flush for this).
#[test]
fn buffer_writes_stay_in_order_with_text() {
    let code = "import sys\nprint('one')\nsys.stdout.buffer.write(b'two\\n')\nprint('three')\nsys.stdout.write('four ')\nsys.stdout.buffer.write(b'\\xff\\n')";
    let o = pyrite().args(["-c", code]).output().unwrap();
    assert_eq!(o.stdout, b"one\ntwo\nthree\nfour \xff\n");
    let o = pyrite()
        .args(["-c", "import sys\nsys.stdout.reconfigure(newline='\\r\\n')\nprint('a')\nsys.stdout.buffer.write(b'b\\n')"])
        .output()
        .unwrap();
    assert_eq!(o.stdout, b"a\r\nb\n");
    let o = pyrite()
        .args(["-c", "import sys\nsys.stderr.write('e1 ')\nsys.stderr.buffer.write(b'e2\\n')\nsys.stderr.buffer.flush()"])
        .output()
        .unwrap();
    assert_eq!(o.stderr, b"e1 e2\n");
}

/// stderr uses backslashreplace whatever the encoding; stdout under
/// PYTHONIOENCODING=ascii fails on the same text (UnicodeEncodeError).
#[test]
fn stderr_escapes_what_it_cannot_encode() {
    let o = pyrite()
        .env("PYTHONIOENCODING", "ascii")
        .args(["-c", "import sys; print('caf\\xe9 \\u20ac', file=sys.stderr); print(sys.stderr.errors)"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&o.stderr), "caf\\xe9 \\u20ac\n");
    assert_eq!(out(&o), "backslashreplace\n");
    let o = pyrite()
        .env("PYTHONIOENCODING", "ascii")
        .args(["-c", "print('caf\\xe9')"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("UnicodeEncodeError: 'ascii' codec can't encode character '\\xe9'"));
    let o = pyrite()
        .env("PYTHONIOENCODING", "latin-1")
        .args(["-c", "print('caf\\xe9')"])
        .output()
        .unwrap();
    assert_eq!(o.stdout, b"caf\xe9\n");
}

/// PEP 538: each environment and what CPython 3.11 prints for
/// `os.environ.get("LC_CTYPE"), os.environ.get("LC_ALL"),
/// sys.getfilesystemencoding(), sys.stdout.encoding, sys.stdout.errors,
/// sys.flags.utf8_mode`.
#[test]
fn the_c_locale_is_coerced_as_in_cpython() {
    // Needs the C.UTF-8 locale (built into glibc since 2.35).
    let has_c_utf8 = Command::new("locale")
        .arg("-a")
        .output()
        .map(|o| {
            let l = String::from_utf8_lossy(&o.stdout).to_lowercase();
            l.contains("c.utf8") || l.contains("c.utf-8")
        })
        .unwrap_or(false);
    if !has_c_utf8 {
        eprintln!("skipped: no C.UTF-8 locale");
        return;
    }
    let probe = "import os, sys; print(os.environ.get('LC_CTYPE'), os.environ.get('LC_ALL'), sys.getfilesystemencoding(), sys.stdout.encoding, sys.stdout.errors, sys.flags.utf8_mode)";
    let cases: &[(&[(&str, &str)], &str)] = &[
        (&[("LC_ALL", ""), ("LANG", "C")], "C.UTF-8  utf-8 utf-8 surrogateescape 1\n"),
        (&[("LC_ALL", "C")], "None C utf-8 utf-8 surrogateescape 1\n"),
        (
            &[("LC_ALL", ""), ("LANG", "C"), ("PYTHONCOERCECLOCALE", "0")],
            "None  utf-8 utf-8 surrogateescape 1\n",
        ),
        (&[("LANG", "C.UTF-8")], "None None utf-8 utf-8 surrogateescape 0\n"),
        (&[("LC_ALL", "POSIX")], "None POSIX utf-8 utf-8 surrogateescape 1\n"),
        (&[("LANG", "C"), ("PYTHONUTF8", "0")], "C.UTF-8 None utf-8 utf-8 surrogateescape 0\n"),
        (&[("LC_CTYPE", "C"), ("LANG", "C.UTF-8")], "C.UTF-8 None utf-8 utf-8 surrogateescape 1\n"),
    ];
    for (env, want) in cases {
        let mut c = Command::new(env!("CARGO_BIN_EXE_pyrite"));
        c.env_clear().env("PATH", std::env::var("PATH").unwrap_or_default());
        for (k, v) in env.iter() {
            c.env(k, v);
        }
        let o = c.args(["-c", probe]).output().unwrap();
        assert_eq!(&out(&o), want, "env {:?}; stderr {}", env, String::from_utf8_lossy(&o.stderr));
    }
    // PYTHONCOERCECLOCALE=warn says so on stderr; a child process sees
    // the coerced LC_CTYPE.
    let o = Command::new(env!("CARGO_BIN_EXE_pyrite"))
        .env_clear()
        .env("LANG", "C")
        .env("PYTHONCOERCECLOCALE", "warn")
        .args(["-c", "import os; print(os.popen('echo $LC_CTYPE').read().strip())"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&o.stderr),
        "Python detected LC_CTYPE=C: LC_CTYPE coerced to C.UTF-8 (set another locale or PYTHONCOERCECLOCALE=0 to disable this locale coercion behavior).\n"
    );
    assert_eq!(out(&o), "C.UTF-8\n");
}
