//! The runner end to end: two interpreters over a throwaway program
//! directory; the table, the status of a program whose output differs,
//! the geometric-mean line, and the markdown and SVG files.

use std::process::Command;

fn have_python() -> bool {
    Command::new("python3").arg("-c").arg("pass").status().is_ok_and(|s| s.success())
}

#[test]
fn compare_runs_checks_and_reports() {
    if !have_python() {
        eprintln!("python3 not found: skipped");
        return;
    }
    let dir = std::env::temp_dir().join(format!("pyrite-bench-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("same.py"), "print(sum(range(1000)))\n").unwrap();
    // Prints something that depends on the interpreter's flags: -O
    // strips asserts, so the second interpreter's output differs.
    std::fs::write(dir.join("differs.py"), "x = 1\ntry:\n    assert False\nexcept AssertionError:\n    x = 2\nprint(x)\n").unwrap();
    std::fs::write(dir.join("fails.py"), "raise SystemExit('no good')\n").unwrap();
    let md = dir.join("out.md");
    let svg = dir.join("out.svg");
    let o = Command::new(env!("CARGO_BIN_EXE_pyrite-bench"))
        .args(["compare", "--interp", "a=python3", "--interp", "b=python3 -O", "--runs", "2"])
        .arg("--programs")
        .arg(&dir)
        .arg("--markdown")
        .arg(&md)
        .arg("--svg")
        .arg(&svg)
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{out}\n{}", String::from_utf8_lossy(&o.stderr));
    assert!(out.contains("differs") && out.contains("b WRONG"), "{out}");
    assert!(out.contains("a FAIL (exit 1: no good)"), "{out}");
    assert!(out.trim_end().ends_with("(over 1 programs)"), "{out}");
    let md = std::fs::read_to_string(&md).unwrap();
    assert!(md.contains("| same |") && md.contains("| differs |"), "{md}");
    let svg = std::fs::read_to_string(&svg).unwrap();
    assert!(svg.starts_with("<svg") && svg.contains("geomean (1)"), "{svg}");

    let strict = Command::new(env!("CARGO_BIN_EXE_pyrite-bench"))
        .args(["compare", "--interp", "a=python3", "--interp", "b=python3 -O", "--runs", "1", "--strict"])
        .arg("--programs")
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(strict.status.code(), Some(1));

    let bad = Command::new(env!("CARGO_BIN_EXE_pyrite-bench"))
        .args(["compare", "--runs", "2"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}
