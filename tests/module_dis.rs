//! `dis`, `opcode`, `_opcode` and `_typing` over Pyrite's own instructions
//! (vm/src/modules/dis.py, opcode.py, opcode.rs), and the code-object
//! tables they read. The Python programs in tests/cases/dis/ assert
//! properties any correct disassembly has, checked against the code
//! object's own attributes (co_code, co_lines(), co_positions(),
//! co_exceptiontable, co_stacksize) and Pyrite's instruction table, so
//! they fail on a wrong listing without copying one. Outputs that must
//! equal CPython's come from python3 (errors.expected; and
//! tests/programs/module_dis.py, whose .out is CPython's).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn cases() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases/dis")
}

fn pyrite(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pyrite"))
        .args(args)
        .env("PYTHONHASHSEED", "0")
        .env_remove("PYTHONPATH")
        .output()
        .expect("run pyrite")
}

/// Runs a program of tests/cases/dis and returns its stdout, failing the
/// test (with stderr) unless it exits 0.
fn run_case(name: &str, extra: &[&str]) -> String {
    let path = cases().join(name);
    let mut args = vec![path.to_str().unwrap()];
    args.extend_from_slice(extra);
    let out = pyrite(&args);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{} failed:\n{}\n{}",
        name,
        stdout,
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

#[test]
fn listing_columns_agree_with_the_code_object() {
    let out = run_case("listing.py", &[]);
    let oks: Vec<&str> = out.lines().filter(|l| l.starts_with("ok ")).collect();
    assert_eq!(oks.len(), 4, "{}", out);
    // The functions were chosen to hold jumps and handlers.
    assert!(out.contains("ok loops") && out.contains("ok handlers") && out.contains("ok coroutine"));
    for l in &oks {
        let words: Vec<&str> = l.split_whitespace().collect();
        let rows: usize = words[2].parse().unwrap();
        assert!(rows > 5, "{}", l);
    }
    let handlers = oks.iter().find(|l| l.starts_with("ok handlers")).unwrap();
    assert!(!handlers.ends_with(" 0 handlers"), "{}", handlers);
}

#[test]
fn api_matches_the_code_object() {
    let out = run_case("api.py", &[]);
    for check in [
        "ok instruction fields",
        "ok instructions agree with the code object",
        "ok sample uses the instructions checked",
        "ok first_line",
        "ok Bytecode",
        "ok tracebacks",
        "ok dis of every kind of object",
        "ok adaptive",
        "ok stack_effect",
        "ok _typing",
    ] {
        assert!(out.contains(check), "missing {:?} in:\n{}", check, out);
    }
}

/// Replays co_stacksize with dis.stack_effect over whole modules: the
/// table `_opcode` exposes and the assembler's depth computation agree.
#[test]
fn stack_effects_replay_to_co_stacksize() {
    let program = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases/ast/program.py");
    let out = run_case(
        "stackdepth.py",
        &[
            "json.decoder",
            "asyncio.tasks",
            "typing",
            "dataclasses",
            "argparse",
            program.to_str().unwrap(),
        ],
    );
    let n: usize = out
        .strip_prefix("replayed ")
        .and_then(|r| r.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{}", out));
    assert!(n > 300, "{}", out);
}

/// Bad input raises CPython's exceptions with CPython's messages; Pyrite's
/// own helpers raise TypeError; nothing crashes.
#[test]
fn bad_input_raises_as_cpython() {
    let out = run_case("errors.py", &[]);
    let expected = std::fs::read_to_string(cases().join("errors.expected")).unwrap();
    // Lines about Pyrite's own helpers, and raw bytes that CPython's own
    // dis fails on (IndexError), have no CPython counterpart.
    let own = |l: &&str| l.starts_with("_pyrite") || l.starts_with("dis(256 bytes)");
    let mine: Vec<&str> = out.lines().filter(|l| !own(l)).collect();
    let theirs: Vec<&str> = expected.lines().filter(|l| !own(l)).collect();
    assert_eq!(mine, theirs);
    assert!(out.ends_with("survived\n"));
    for l in out.lines().filter(|l| l.starts_with("_pyrite")) {
        assert!(!l.contains("SystemError") && !l.contains("internal error"), "{}", l);
    }
    assert!(out.contains("_pyrite_instructions(5) -> TypeError"));
    assert!(out.contains("_pyrite_row(bad) -> TypeError"));
    assert!(out.contains("dis(256 bytes) = 128"), "every unit listed: {}", out);
}

fn without_addresses(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find(" at 0x") {
        out.push_str(&rest[..i + 4]);
        rest = &rest[i + 6..];
        rest = rest.trim_start_matches(|c: char| c.is_ascii_hexdigit());
        out.push_str("ADDR");
    }
    out.push_str(rest);
    out
}

/// `pyrite --dis FILE` prints what `dis.dis(compile(FILE))` prints: one
/// description of arguments and one row layout, shared.
#[test]
fn command_line_dis_is_the_dis_module() {
    let lib = pyrite(&["-c", "import json.decoder as m; print(m.__file__)"]);
    let lib_file = String::from_utf8_lossy(&lib.stdout).trim().to_string();
    let files = [
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases/ast/program.py"),
        cases().join("listing.py"),
        PathBuf::from(lib_file),
    ];
    for f in &files {
        let f = f.to_str().unwrap();
        let cli = pyrite(&["--dis", f]);
        assert!(cli.status.success());
        let module = pyrite(&[
            "-c",
            "import dis, sys\nsrc = open(sys.argv[1], 'rb').read()\ndis.dis(compile(src, sys.argv[1], 'exec'))",
            f,
        ]);
        assert!(module.status.success(), "{}", String::from_utf8_lossy(&module.stderr));
        let a = without_addresses(&String::from_utf8_lossy(&cli.stdout));
        let b = without_addresses(&String::from_utf8_lossy(&module.stdout));
        assert!(a.lines().count() > 50);
        if a != b {
            let first = a.lines().zip(b.lines()).position(|(x, y)| x != y);
            panic!(
                "{}: --dis and dis.dis differ at line {:?}:\n{:?}\n{:?}",
                f,
                first,
                first.and_then(|i| a.lines().nth(i)),
                first.and_then(|i| b.lines().nth(i))
            );
        }
    }
}

/// Lib's modules that import dis still work with Pyrite's.
#[test]
fn lib_modules_importing_dis_work() {
    let out = pyrite(&[
        "-c",
        "import inspect, trace, pdb, bdb, modulefinder, dis, test.support, opcode, sys\n\
         dis.dis(lambda x: x + 1)\n\
         print(inspect.CO_COROUTINE, 'dis' in sys.builtin_module_names, 'opcode' in sys.builtin_module_names)\n\
         print(opcode.opmap is dis.opmap, sorted(dis.hasjrel))",
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(text.contains(" LOAD_FAST ") && text.contains("(+)"), "{}", text);
    assert!(text.contains("128 False False\nTrue []\n"), "{}", text);
}
