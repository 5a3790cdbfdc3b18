//! End-to-end tests of the `pyrite` binary's front end: `--dump-ast` output
//! and SyntaxError reports compared with what CPython 3.11 printed for the
//! same inputs (recorded in tests/cases by tools/gen_test_expectations.py),
//! and hostile inputs that must end in a clean error, never a crash.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn pyrite() -> Command {
    Command::new(env!("CARGO_BIN_EXE_pyrite"))
}

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("cases")
}

/// A fresh scratch directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("pyrite-test-{}-{}", name, std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn run_file(dir: &Path, name: &str, source: &[u8], args: &[&str]) -> Output {
    let path = dir.join(name);
    std::fs::write(&path, source).unwrap();
    pyrite()
        .args(args)
        .arg(&path)
        .current_dir(dir)
        .output()
        .unwrap()
}

/// `### name` sections of a case file.
fn sections(text: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for line in text.split_inclusive('\n') {
        if let Some(name) = line.strip_prefix("### ") {
            out.push((name.trim().to_string(), String::new()));
        } else if let Some(last) = out.last_mut() {
            last.1.push_str(line);
        }
    }
    out
}

#[test]
fn ast_dumps_match_cpython() {
    let dir = cases_dir().join("ast");
    let mut checked = 0;
    let mut failures = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("py") {
            continue;
        }
        let expected = std::fs::read_to_string(path.with_extension("ast")).unwrap();
        let out = pyrite().arg("--dump-ast").arg(&path).output().unwrap();
        let got = String::from_utf8_lossy(&out.stdout);
        if !out.status.success() || got != expected {
            failures.push(format!(
                "{}: {}",
                path.display(),
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        checked += 1;
    }
    assert!(
        checked >= 10,
        "expected the AST case corpus, found {} files",
        checked
    );
    assert!(
        failures.is_empty(),
        "dumps differ from CPython's:\n{}",
        failures.join("\n")
    );
}

/// `--symtable`, `--code-info`, `--consts` and `--lines` against what
/// CPython's `symtable` module and `compile()` made of the same files
/// (`.symtable`, `.codeinfo`, `.consts`, `.lines`; a file CPython cannot
/// compile has only `.symtable` at most).
#[test]
fn symbol_tables_and_code_objects_match_cpython() {
    let dir = cases_dir().join("ast");
    let mut checked = 0;
    let mut failures = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("py") {
            continue;
        }
        for (flag, ext) in [
            ("--symtable", "symtable"),
            ("--code-info", "codeinfo"),
            ("--consts", "consts"),
            ("--lines", "lines"),
        ] {
            let Ok(expected) = std::fs::read_to_string(path.with_extension(ext)) else {
                continue;
            };
            let out = pyrite().arg(flag).arg(&path).output().unwrap();
            let got = String::from_utf8_lossy(&out.stdout);
            if !out.status.success() || got != expected {
                let first = expected.lines().zip(got.lines()).find(|(a, b)| a != b);
                failures.push(format!(
                    "{} {}: {:?} {}",
                    path.display(),
                    flag,
                    first,
                    String::from_utf8_lossy(&out.stderr)
                ));
            }
            checked += 1;
        }
    }
    assert!(
        checked >= 40,
        "expected symtable, codeinfo, consts and lines cases, found {}",
        checked
    );
    assert!(
        failures.is_empty(),
        "differ from CPython:\n{}",
        failures.join("\n")
    );
}

#[test]
fn disassembly_lists_every_code_object() {
    let out = pyrite()
        .arg("--dis")
        .arg(cases_dir().join("ast").join("program.py"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    for needle in [
        "Disassembly of <code object plain",
        "Disassembly of <code object <listcomp>",
        "Disassembly of <code object matching",
        "MATCH_SEQUENCE",
        "CHECK_EG_MATCH",
        "BEFORE_ASYNC_WITH",
        "RETURN_GENERATOR",
        "ExceptionTable:",
    ] {
        assert!(text.contains(needle), "missing {:?} in:\n{}", needle, text);
    }
}

#[test]
fn syntax_errors_match_cpython() {
    let cases = sections(&std::fs::read_to_string(cases_dir().join("syntax_errors.txt")).unwrap());
    let expected =
        sections(&std::fs::read_to_string(cases_dir().join("syntax_errors.expected")).unwrap());
    assert_eq!(
        cases.len(),
        expected.len(),
        "regenerate with tools/gen_test_expectations.py"
    );
    let dir = scratch("syntax-errors");
    let mut failures = Vec::new();
    for ((name, code), (ename, want)) in cases.iter().zip(&expected) {
        assert_eq!(name, ename);
        let out = run_file(&dir, "case.py", code.as_bytes(), &[]);
        let path = dir.join("case.py");
        let got = String::from_utf8_lossy(&out.stderr).replace(path.to_str().unwrap(), "<FILE>");
        if out.status.code() != Some(1) || &got != want {
            failures.push(format!(
                "--- {}\n{}--- expected\n{}--- got (exit {:?})\n{}",
                name,
                code,
                want,
                out.status.code(),
                got
            ));
        }
    }
    assert!(cases.len() >= 100);
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn dump_ast_reports_syntax_errors_like_a_run() {
    let dir = scratch("dump-errors");
    let out = run_file(&dir, "bad.py", b"print 'hello'\n", &["--dump-ast"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.ends_with(
            "SyntaxError: Missing parentheses in call to 'print'. Did you mean print(...)?\n"
        ),
        "{}",
        err
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn ast_parse_accepts_what_only_the_compiler_rejects() {
    // `ast.parse` accepts these; running them is an error.
    let dir = scratch("ast-vs-compile");
    for src in [
        "return 1\n",
        "break\n",
        "def f(a, a): pass\n",
        "nonlocal x\n",
    ] {
        let out = run_file(&dir, "m.py", src.as_bytes(), &["--dump-ast"]);
        assert!(
            out.status.success(),
            "{}: {}",
            src,
            String::from_utf8_lossy(&out.stderr)
        );
        let out = run_file(&dir, "m.py", src.as_bytes(), &[]);
        assert_eq!(out.status.code(), Some(1), "{}", src);
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("SyntaxError: "),
            "{}",
            src
        );
    }
}

#[test]
fn cli_usage_errors() {
    let out = pyrite().arg("--dump-ast").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = pyrite().arg("/nonexistent/dir/x.py").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("[Errno 2] No such file or directory"));
    let out = pyrite().arg("--bogus-flag").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = pyrite().arg("--version").output().unwrap();
    assert!(
        out.status.success() && String::from_utf8_lossy(&out.stdout).starts_with("Python 3.11")
    );
    let out = pyrite().args(["-c", "x = (1,"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("File \"<string>\", line 1"));
}

/// Deterministic pseudo-random bytes (xorshift), so failures reproduce.
fn noise(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}

#[test]
fn hostile_inputs_end_in_clean_errors() {
    let dir = scratch("hostile");
    let ifs: String = (0..10_000)
        .map(|i| format!("{}if x:\n", " ".repeat(i)))
        .collect();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "brackets",
            "(".repeat(10_000).into_bytes(),
            "SyntaxError: too many nested parentheses",
        ),
        (
            "nested-ifs",
            ifs.into_bytes(),
            "IndentationError: too many levels of indentation",
        ),
        (
            "unary",
            format!("x = {}1\n", "-".repeat(100_000)).into_bytes(),
            "SyntaxError: too many nested expressions",
        ),
        (
            "lambdas",
            format!("f = {}0\n", "lambda: ".repeat(10_000)).into_bytes(),
            "SyntaxError: too many nested expressions",
        ),
        (
            "nots",
            format!("x = {}y\n", "not ".repeat(50_000)).into_bytes(),
            "SyntaxError: too many nested expressions",
        ),
        (
            "huge-int",
            format!("x = {}\n", "7".repeat(5_000)).into_bytes(),
            "SyntaxError: Exceeds the limit (4300 digits)",
        ),
        (
            "invalid-utf8",
            b"x = '\xff\xfe'\n".to_vec(),
            "SyntaxError: Non-UTF-8 code",
        ),
        (
            "null-byte",
            b"x = 1\0\n".to_vec(),
            "SyntaxError: source code cannot contain null bytes",
        ),
        (
            "unterminated-huge",
            format!("x = '{}", "a".repeat(1_000_000)).into_bytes(),
            "unterminated string literal",
        ),
        (
            "fstring-depth",
            b"f'{x:{y:{z}}}'\n".to_vec(),
            "f-string: expressions nested too deeply",
        ),
    ];
    for (name, src, want) in cases {
        for mode in [&[][..], &["--dump-ast"][..]] {
            let out = run_file(&dir, "h.py", &src, mode);
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "{} {:?}: {}", name, mode, err);
            assert!(err.contains(want), "{} {:?}: {}", name, mode, err);
        }
    }
    // Deep but legal trees parse and print without exhausting the stack.
    let sum = format!("x = {}\n", vec!["1"; 100_000].join("+"));
    let attrs = format!("x = a{}\n", ".b".repeat(100_000));
    let elifs = format!("if x:\n    pass\n{}", "elif x:\n    pass\n".repeat(20_000));
    for src in [sum, attrs, elifs] {
        let out = run_file(&dir, "deep.py", src.as_bytes(), &["--dump-ast"]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // Binary garbage: an error exit with a report, never a signal.
    for seed in 1..40u64 {
        let out = run_file(&dir, "noise.py", &noise(seed, 4096), &["--dump-ast"]);
        assert!(
            out.status.code().is_some(),
            "seed {} killed by a signal",
            seed
        );
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("Error: "),
            "seed {}",
            seed
        );
    }
}
