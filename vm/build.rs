//! Records where the machine's CPython 3.11 keeps its standard library, so
//! that `sys::find_stdlib` can fall back on it when `PYRITE_STDLIB` is not
//! set (issue 4: "else the directory found at build time"). A python3 from
//! pyenv or a venv-less custom prefix is found this way, where the usual
//! `/usr/lib/python3.11` guess would miss it (or find a distribution's
//! trimmed copy without, for example, the `test` package).
//!
//! Asks `$PYRITE_PYTHON` (default `python3`); only a 3.11 answer is kept.
//! No python3 at build time is fine: the binary then relies on the
//! environment variable and the usual prefixes.

use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=PYRITE_PYTHON");
    println!("cargo:rerun-if-env-changed=PATH");
    let python = std::env::var("PYRITE_PYTHON").unwrap_or_else(|_| "python3".to_string());
    let probe = "import sys, sysconfig; print(sys.version_info[:2] == (3, 11)); print(sysconfig.get_paths()['stdlib'])";
    let dir = Command::new(&python)
        .args(["-I", "-c", probe])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| {
            let text = String::from_utf8(o.stdout).ok()?;
            let mut lines = text.lines();
            (lines.next()? == "True").then(|| lines.next().map(str::to_string))?
        })
        .filter(|d| std::path::Path::new(d).join("os.py").exists());
    println!("cargo:rustc-env=PYRITE_BUILD_STDLIB={}", dir.unwrap_or_default());
}
