//! The standard streams as CPython 3.11 sets them up and ends them:
//! `PYTHONIOENCODING`, UTF-8 mode, and a closed pipe on stdout or stderr.
//! Expected outputs are CPython's for the same commands.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn pyrite() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_pyrite"));
    for v in ["PYTHONIOENCODING", "PYTHONUTF8", "PYTHONUNBUFFERED", "LC_ALL", "LC_CTYPE"] {
        c.env_remove(v);
    }
    c.env("LANG", "C.UTF-8");
    c
}

fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn run_with_input(mut c: Command, input: &[u8]) -> Output {
    let mut child = c
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

const PROBE: &str = "import sys; print([(s.encoding, s.errors) for s in (sys.stdin, sys.stdout, sys.stderr)], sys.flags.utf8_mode)";

/// PYTHONIOENCODING=encoding[:errors]: the codec's own name, 'strict'
/// when only an encoding is given, stderr always backslashreplace.
#[test]
fn pythonioencoding_sets_the_streams_codec() {
    let cases = [
        ("", "[('utf-8', 'surrogateescape'), ('utf-8', 'surrogateescape'), ('utf-8', 'backslashreplace')] 0"),
        ("latin-1", "[('iso8859-1', 'strict'), ('iso8859-1', 'strict'), ('iso8859-1', 'backslashreplace')] 0"),
        (":replace", "[('utf-8', 'replace'), ('utf-8', 'replace'), ('utf-8', 'backslashreplace')] 0"),
        ("UTF8", "[('utf-8', 'strict'), ('utf-8', 'strict'), ('utf-8', 'backslashreplace')] 0"),
        ("cp1252:backslashreplace", "[('cp1252', 'backslashreplace'), ('cp1252', 'backslashreplace'), ('cp1252', 'backslashreplace')] 0"),
    ];
    for (env, want) in cases {
        let o = pyrite().env("PYTHONIOENCODING", env).args(["-c", PROBE]).output().unwrap();
        assert_eq!(text(&o).0.trim_end(), want, "PYTHONIOENCODING={}", env);
    }
    // Text is encoded with it; what it cannot encode is an error (or is
    // replaced, on stderr with backslashes).
    let o = pyrite()
        .env("PYTHONIOENCODING", "latin-1")
        .args(["-c", "import sys; print('é'); print(sys.stdout); sys.stderr.write('é€\\n')"])
        .output()
        .unwrap();
    assert_eq!(o.stdout, b"\xe9\n<_io.TextIOWrapper name='<stdout>' mode='w' encoding='iso8859-1'>\n");
    assert_eq!(o.stderr, b"\xe9\\u20ac\n");
    let o = pyrite().env("PYTHONIOENCODING", "latin-1").args(["-c", "print('€')"]).output().unwrap();
    assert_eq!(
        text(&o).1,
        "Traceback (most recent call last):\n  File \"<string>\", line 1, in <module>\nUnicodeEncodeError: 'latin-1' codec can't encode character '\\u20ac' in position 0: ordinal not in range(256)\n"
    );
    assert_eq!(o.status.code(), Some(1));
    let o = pyrite().env("PYTHONIOENCODING", "ascii:replace").args(["-c", "print('a€b')"]).output().unwrap();
    assert_eq!(text(&o).0, "a?b\n");
    // stdin is decoded with it: input(), readline(), read().
    let mut c = pyrite();
    c.env("PYTHONIOENCODING", "latin-1")
        .args(["-c", "import sys; print(ascii(input()), ascii(sys.stdin.readline()), ascii(sys.stdin.read()))"]);
    let o = run_with_input(c, b"caf\xe9\nl2\n");
    assert_eq!(text(&o).0, "'caf\\xe9' 'l2\\n' ''\n");
    let mut c = pyrite();
    c.env("PYTHONIOENCODING", "utf-8").args(["-c", "import sys; sys.stdin.readline()"]);
    let o = run_with_input(c, b"caf\xe9\n");
    assert!(text(&o).1.ends_with(
        "UnicodeDecodeError: 'utf-8' codec can't decode byte 0xe9 in position 3: invalid continuation byte\n"
    ), "{}", text(&o).1);
    // An unknown codec is CPython's fatal start-up error.
    let o = pyrite().env("PYTHONIOENCODING", "bogus").args(["-c", "pass"]).output().unwrap();
    assert!(text(&o).1.starts_with(
        "Fatal Python error: init_stdio_encoding: failed to get the Python codec name of the stdio encoding\nPython runtime state: core initialized\nLookupError: unknown encoding: bogus\n\nCurrent thread 0x"
    ), "{}", text(&o).1);
    assert_eq!(o.status.code(), Some(1));
    // -E ignores it.
    let o = pyrite().env("PYTHONIOENCODING", "latin-1").args(["-E", "-c", "import sys; print(sys.stdout.encoding)"]).output().unwrap();
    assert_eq!(text(&o).0, "utf-8\n");
}

/// -X utf8 / PYTHONUTF8 (and the C locale) turn UTF-8 mode on:
/// sys.flags.utf8_mode, UTF-8 with surrogateescape; PYTHONIOENCODING
/// still wins; -X utf8=0 in the C locale leaves its ASCII codeset.
#[test]
fn utf8_mode_is_reflected_like_cpython() {
    let utf8 = "[('utf-8', 'surrogateescape'), ('utf-8', 'surrogateescape'), ('utf-8', 'backslashreplace')] 1\n";
    let o = pyrite().args(["-X", "utf8", "-c", PROBE]).output().unwrap();
    assert_eq!(text(&o).0, utf8);
    let o = pyrite().env("PYTHONUTF8", "1").args(["-c", PROBE]).output().unwrap();
    assert_eq!(text(&o).0, utf8);
    let o = pyrite().env("LC_ALL", "C").args(["-c", PROBE]).output().unwrap();
    assert_eq!(text(&o).0, utf8);
    let o = pyrite().env("LC_ALL", "C").args(["-X", "utf8=0", "-c", PROBE]).output().unwrap();
    assert_eq!(
        text(&o).0,
        "[('ascii', 'surrogateescape'), ('ascii', 'surrogateescape'), ('ascii', 'backslashreplace')] 0\n"
    );
    let o = pyrite()
        .env("PYTHONIOENCODING", "latin-1")
        .args(["-X", "utf8", "-c", PROBE])
        .output()
        .unwrap();
    assert_eq!(
        text(&o).0,
        "[('iso8859-1', 'strict'), ('iso8859-1', 'strict'), ('iso8859-1', 'backslashreplace')] 1\n"
    );
    // -X utf8 beats PYTHONUTF8=0.
    let o = pyrite().env("PYTHONUTF8", "0").args(["-X", "utf8", "-c", PROBE]).output().unwrap();
    assert_eq!(text(&o).0, utf8);
    // Values CPython refuses.
    let o = pyrite().env("PYTHONUTF8", "2").args(["-c", "pass"]).output().unwrap();
    assert_eq!(
        text(&o).1,
        "Fatal Python error: preconfig_init_utf8_mode: invalid PYTHONUTF8 environment variable value\nPython runtime state: preinitializing\n\n"
    );
    assert_eq!(o.status.code(), Some(1));
    let o = pyrite().args(["-X", "utf8=x", "-c", "pass"]).output().unwrap();
    assert_eq!(
        text(&o).1,
        "Fatal Python error: preconfig_init_utf8_mode: invalid -X utf8 option value\nPython runtime state: preinitializing\n\n"
    );
    assert_eq!(o.status.code(), Some(1));
}

/// Runs pyrite with stdout (or stderr) a pipe whose reader is gone
/// before it starts (so every write to it fails with EPIPE, whatever the
/// timing); returns (the other stream's text, status).
fn with_closed_pipe(args: &[&str], close_stderr: bool) -> (String, Option<i32>) {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let mut c = pyrite();
    c.args(args).stdin(Stdio::null());
    if close_stderr {
        c.stdout(Stdio::piped()).stderr(writer);
    } else {
        c.stdout(writer).stderr(Stdio::piped());
    }
    let o = c.output().unwrap();
    let other = if close_stderr { &o.stdout } else { &o.stderr };
    (String::from_utf8_lossy(other).into_owned(), o.status.code())
}

const IGNORED: &str = "Exception ignored in: <_io.TextIOWrapper name='<stdout>' mode='w' encoding='utf-8'>\nBrokenPipeError: [Errno 32] Broken pipe\n";
const RAISED: &str = "Traceback (most recent call last):\n  File \"<string>\", line 1, in <module>\nBrokenPipeError: [Errno 32] Broken pipe\n";

/// CPython with stdout a closed pipe: a write that reaches the pipe
/// raises BrokenPipeError (status 1); output still buffered at exit is
/// "Exception ignored" and status 120, whatever the status was; stderr
/// failing makes it 120 too. Never a Rust panic.
#[test]
fn a_closed_pipe_is_reported_like_cpython() {
    assert_eq!(with_closed_pipe(&["-c", "print('hi')"], false), (IGNORED.to_string(), Some(120)));
    assert_eq!(
        with_closed_pipe(&["-c", "for i in range(100000): print(i)"], false),
        (RAISED.to_string(), Some(1))
    );
    assert_eq!(
        with_closed_pipe(&["-u", "-c", "for i in range(100000): print(i)"], false),
        (RAISED.to_string(), Some(1))
    );
    assert_eq!(
        with_closed_pipe(&["-c", "print('hi'); raise SystemExit(3)"], false),
        (IGNORED.to_string(), Some(120))
    );
    assert_eq!(
        with_closed_pipe(&["-c", "import sys; print('hi'); sys.stdout.flush()"], false),
        (format!("{}{}", RAISED, IGNORED), Some(120))
    );
    // stderr gone: its write raises (unseen), and the exit status is 120.
    assert_eq!(
        with_closed_pipe(&["-c", "import sys; print('out'); print('err', file=sys.stderr)"], true),
        ("out\n".to_string(), Some(120))
    );
    assert_eq!(
        with_closed_pipe(
            &["-c", "import sys\ntry:\n    print('err', file=sys.stderr)\nexcept BrokenPipeError as e:\n    print(repr(e))"],
            true
        ),
        ("BrokenPipeError(32, 'Broken pipe')\n".to_string(), Some(120))
    );
    // Pyrite's own tool modes and --help: status 120, no panic message.
    let dir = std::env::temp_dir().join(format!("pyrite-stdio-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let f = dir.join("x.py");
    std::fs::write(&f, "x = 1\n").unwrap();
    let f = f.to_string_lossy().into_owned();
    assert_eq!(with_closed_pipe(&["--dis", &f], false), (String::new(), Some(120)));
    assert_eq!(with_closed_pipe(&["-h"], false), (String::new(), Some(120)));
}

/// The file protocol on the standard streams and their classes: they are
/// instances of `_io`'s classes, iterate by lines, read a number of
/// characters, `writelines`, share a buffer with a wrapper made over
/// them, and refuse writes once closed (CPython's output).
#[test]
fn standard_streams_follow_the_io_classes_and_protocol() {
    let script = r#"import sys, io
print(isinstance(sys.stdout, io.TextIOWrapper), isinstance(sys.stdin, io.TextIOBase), isinstance(sys.stderr, io.IOBase))
print(isinstance(sys.stdout.buffer, io.BufferedWriter), isinstance(sys.stdin.buffer, io.BufferedReader))
print(type(sys.stdin.buffer.raw).__name__, sys.stdin.buffer.raw.name, sys.stdout._CHUNK_SIZE, sys.stdout.newlines)
print(repr(sys.stdin.read(3)), repr(sys.stdin.readline()))
for line in sys.stdin:
    print("line:", repr(line))
sys.stdout.writelines(["a\n", "b\n"])
w = io.TextIOWrapper(sys.stdout.buffer, encoding="latin-1", write_through=True)
sys.stdout.flush()
w.write("via wrapper\n")
w.flush()
print(sys.stdout.closed)
sys.stdout.close()
print(sys.stdout.closed, file=sys.stderr)
print("after close")
"#;
    let mut c = pyrite();
    c.args(["-c", script]);
    let o = run_with_input(c, "héllo wörld\nline2\nline3".as_bytes());
    let (out, err) = text(&o);
    assert_eq!(
        out,
        "True True True\nTrue True\nFileIO <stdin> 8192 None\n'hél' 'lo wörld\\n'\n\
         line: 'line2\\n'\nline: 'line3'\na\nb\nvia wrapper\nFalse\n"
    );
    assert!(err.starts_with("True\nTraceback"), "{err}");
    assert!(err.ends_with("ValueError: I/O operation on closed file.\n"), "{err}");
    assert_eq!(o.status.code(), Some(1));
}
