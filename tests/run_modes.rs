//! The ways of running Python other than a script file: `-m` (module and
//! package `__main__`, CPython's messages and status for what cannot be
//! run), `--profile-opcodes`, and options that report on a run
//! (`-X importtime`).

use std::path::PathBuf;
use std::process::{Command, Output};

fn pyrite() -> Command {
    Command::new(env!("CARGO_BIN_EXE_pyrite"))
}

/// A scratch directory holding a package `pkg` with a `__main__` and a
/// module `pkg.mod`, each printing what CPython's runpy gives them.
fn package_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("pyrite-runmodes-{}-{}", name, std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("pkg")).unwrap();
    std::fs::write(dir.join("pkg/__init__.py"), "").unwrap();
    std::fs::write(
        dir.join("pkg/__main__.py"),
        "import sys, os\nprint('main', __name__, __package__, os.path.basename(sys.argv[0]), sys.argv[1:])\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("pkg/mod.py"),
        "import sys\nprint('mod', __name__, __package__, sys.argv[1:], sys.path[0] == __import__('os').getcwd())\n",
    )
    .unwrap();
    dir
}

fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn dash_m_runs_a_package_main_and_a_submodule() {
    let dir = package_dir("run");
    let o = pyrite()
        .args(["-m", "pkg", "a", "b"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert_eq!(text(&o).0, "main __main__ pkg __main__.py ['a', 'b']\n");
    assert_eq!(o.status.code(), Some(0));
    let o = pyrite()
        .args(["-mpkg.mod", "x"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert_eq!(text(&o).0, "mod __main__ pkg ['x'] True\n");
}

#[test]
fn dash_m_reports_what_cannot_run_like_cpython() {
    let dir = package_dir("errors");
    std::fs::create_dir_all(dir.join("nomain")).unwrap();
    std::fs::write(dir.join("nomain/__init__.py"), "").unwrap();
    let cases = [
        ("nosuch", "No module named nosuch"),
        ("nomain", "No module named nomain.__main__; 'nomain' is a package and cannot be directly executed"),
        ("nosuch.sub", "Error while finding module specification for 'nosuch.sub' (ModuleNotFoundError: No module named 'nosuch')"),
    ];
    for (name, msg) in cases {
        let o = pyrite()
            .args(["-m", name])
            .current_dir(&dir)
            .output()
            .unwrap();
        let (out, err) = text(&o);
        assert_eq!(out, "");
        assert!(
            err.trim_end().ends_with(&format!(": {}", msg)),
            "-m {}: {:?}",
            name,
            err
        );
        assert_eq!(o.status.code(), Some(1), "-m {}", name);
    }
    let o = pyrite().arg("-m").output().unwrap();
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn profile_opcodes_reports_counts_on_stderr() {
    let o = pyrite()
        .args([
            "--profile-opcodes",
            "-c",
            "t = 0\nfor i in range(1000):\n    t += i\nprint(t)",
        ])
        .output()
        .unwrap();
    let (out, err) = text(&o);
    assert_eq!(out, "499500\n");
    assert!(err.starts_with("--profile-opcodes: "), "{}", err);
    // The loop's instructions ran about a thousand times each (shutdown
    // code that runs after the program, such as atexit handlers `site`
    // registered, adds a few).
    let line = err
        .lines()
        .find(|l| l.ends_with(" FOR_ITER"))
        .expect("FOR_ITER counted");
    let count: u64 = line.split_whitespace().next().unwrap().parse().unwrap();
    assert!((1001..1050).contains(&count), "{}", count);
}

#[test]
fn profile_opcodes_reports_inline_cache_hits_and_misses() {
    // One class attribute read through an instance 500 times: one miss
    // fills the cache, the rest hit (code run at shutdown, such as the
    // atexit handlers `site` registers, adds a few of each).
    let o = pyrite()
        .args([
            "--profile-opcodes",
            "-c",
            "class A:\n    k = 3\na = A()\nt = 0\nfor i in range(500):\n    t += a.k\nprint(t)",
        ])
        .output()
        .unwrap();
    let (out, err) = text(&o);
    assert_eq!(out, "1500\n");
    let line = err
        .lines()
        .find(|l| l.ends_with(" LOAD_ATTR") && l.contains('%') && l.split_whitespace().count() == 4)
        .expect("a LOAD_ATTR cache line");
    let cols: Vec<&str> = line.split_whitespace().collect();
    let hits: u64 = cols[0].parse().unwrap();
    let misses: u64 = cols[1].parse().unwrap();
    assert!(hits >= 499 && misses <= 20, "{}", line);
}

/// `pyrite -i` with a pipe reads statements under the prompts as
/// CPython's `python3 -i` does: results through sys.displayhook and kept
/// in `_`, blocks ended by a blank line, tracebacks without leaving, and
/// `exit(n)` leaving with status n.
#[test]
fn interactive_prompt_reads_a_pipe_like_cpython() {
    use std::io::Write;
    let mut child = pyrite()
        .args(["-q", "-i"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let script = "x = 6 * 7\nx\nfor i in range(2):\n    print(i)\n\n1/0\n_ * 2\nimport sys; sys.ps1\nsys.ps1 = 'py> '\ndef f():\n    return None\n\nf()\n(1,\n 2)\nexit(3)\n";
    child
        .stdin
        .take()
        .unwrap()
        .write_all(script.as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    let (out, err) = text(&o);
    assert_eq!(out, "42\n0\n1\n84\n'>>> '\n(1, 2)\n");
    assert_eq!(
        err,
        ">>> >>> >>> ... ... >>> Traceback (most recent call last):\n  File \"<stdin>\", line 1, in <module>\nZeroDivisionError: division by zero\n>>> >>> >>> py> ... ... py> py> ... py> "
    );
    assert_eq!(o.status.code(), Some(3));
}

/// CPython's flags and environment variables reach `sys` as in CPython:
/// grouped flags, -W after PYTHONWARNINGS, -X options, PYTHONPATH after
/// sys.path[0], and -I ignoring the environment.
#[test]
fn flags_and_environment_reach_sys() {
    let probe = "import sys; print(sys.flags.optimize, sys.flags.dont_write_bytecode, sys.dont_write_bytecode, sys.warnoptions, sys._xoptions, sys.flags.dev_mode, sys.path[1], sys.orig_argv[1:3])";
    let o = pyrite()
        .args([
            "-OOB",
            "-Wdefault",
            "-X",
            "int_max_str_digits=1000",
            "-c",
            probe,
        ])
        .env("PYTHONPATH", "/nonexistent/pp")
        .env("PYTHONWARNINGS", "ignore")
        .output()
        .unwrap();
    assert_eq!(
        text(&o).0,
        "2 1 True ['ignore', 'default'] {'int_max_str_digits': '1000'} False /nonexistent/pp ['-OOB', '-Wdefault']\n"
    );
    let o = pyrite()
        .args(["-I", "-c", "import sys; print(sys.flags.isolated, sys.flags.ignore_environment, sys.flags.safe_path, sys.warnoptions, '/nonexistent/pp' in sys.path, sys.path[0] != '')"])
        .env("PYTHONPATH", "/nonexistent/pp")
        .env("PYTHONWARNINGS", "ignore")
        .output()
        .unwrap();
    assert_eq!(text(&o).0, "1 1 True [] False True\n");
    // The limit set by -X int_max_str_digits is enforced.
    let o = pyrite()
        .args(["-X", "int_max_str_digits=700", "-c", "str(10 ** 800)"])
        .output()
        .unwrap();
    assert!(
        text(&o).1.contains("Exceeds the limit (700 digits)"),
        "{}",
        text(&o).1
    );
    assert_eq!(o.status.code(), Some(1));
    let o = pyrite()
        .args(["-X", "int_max_str_digits=5", "-c", "pass"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
}

/// -x skips a non-Python first line but keeps line numbers; -u writes
/// stdout through.
#[test]
fn skip_first_line_and_unbuffered() {
    let dir = package_dir("flags");
    std::fs::write(
        dir.join("x.py"),
        "@echo off & pyrite -x %0\nimport sys\nprint(sys._getframe().f_lineno)\n",
    )
    .unwrap();
    let o = pyrite()
        .args(["-x", "x.py"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert_eq!(text(&o).0, "3\n");
    // Both streams into one pipe: with -u, stdout's lines are not held
    // back behind stderr's.
    let exe = env!("CARGO_BIN_EXE_pyrite");
    let script = format!(
        "{} -u -c \"import os; print(1); os.write(2, b'2\\\\n'); print(3)\" 2>&1",
        exe
    );
    let o = Command::new("sh").args(["-c", &script]).output().unwrap();
    assert_eq!(text(&o).0, "1\n2\n3\n");
}

/// `-X importtime` (any value) and PYTHONPROFILEIMPORTTIME: CPython's
/// header, then one line per module loaded, when its load ends: self and
/// cumulative microseconds in columns of 9 and 10, the name indented two
/// spaces per level of nesting. The json lines are CPython's structure
/// for `import json` (after its start-up imports).
#[test]
fn importtime_reports_each_import_like_cpython() {
    let check = |o: &Output| {
        let err = text(o).1;
        let mut lines = err.lines();
        assert_eq!(lines.next(), Some("import time: self [us] | cumulative | imported package"));
        let mut json = Vec::new();
        for l in lines {
            let rest = l.strip_prefix("import time: ").unwrap_or_else(|| panic!("{:?}", l));
            let (selfus, rest) = rest.split_at(9);
            let rest = rest.strip_prefix(" | ").unwrap();
            let (cum, rest) = rest.split_at(10);
            let name = rest.strip_prefix(" | ").unwrap();
            let s: u64 = selfus.trim().parse().unwrap();
            let c: u64 = cum.trim().parse().unwrap();
            assert!(s <= c, "{}", l);
            if name.contains("json") {
                json.push(name.to_string());
            }
        }
        assert_eq!(json, ["      _json", "    json.scanner", "  json.decoder", "  json.encoder", "json"]);
    };
    let o = pyrite().args(["-X", "importtime", "-c", "import json; import json"]).output().unwrap();
    check(&o);
    let o = pyrite().args(["-X", "importtime=0", "-c", "import json"]).output().unwrap();
    check(&o);
    let o = pyrite().env("PYTHONPROFILEIMPORTTIME", "1").args(["-c", "import json"]).output().unwrap();
    check(&o);
    // A failed import is timed too.
    let o = pyrite().args(["-X", "importtime", "-c", "import nosuchmod"]).output().unwrap();
    let err = text(&o).1;
    assert!(err.lines().any(|l| l.starts_with("import time: ") && l.ends_with(" | nosuchmod")), "{}", err);
    // Off by default, and -E ignores the variable.
    let o = pyrite().env("PYTHONPROFILEIMPORTTIME", "1").args(["-E", "-c", "import json"]).output().unwrap();
    assert_eq!(text(&o).1, "");
}
