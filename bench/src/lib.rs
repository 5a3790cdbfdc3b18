//! Pyrite's benchmark crate: the side-by-side runner of whole programs
//! ([`compare`], the `pyrite-bench` binary, over `bench/programs`), and
//! the shared parse corpus.
//!
//! Both the criterion micro-benchmarks (`benches/parse.rs`) and the
//! side-by-side runner against CPython (`src/bin/parse_vs_cpython.rs`) time
//! the front end on the same input: eight large, real modules of CPython
//! 3.11's own standard library, concatenated into one ~0.9 MB source text.
//! Real code (rather than generated code) keeps the mix of statements,
//! expressions, strings and comments representative, and using CPython's
//! files means the identical bytes can be handed to `ast.parse` for a fair
//! comparison. The corpus is written to `target/bench-corpus.py` so that
//! CPython reads exactly what Pyrite parses.

pub mod compare;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::{fs, io};

/// The modules of the corpus, in concatenation order. Each ends with a
/// newline, so their concatenation is itself a valid module.
pub const CORPUS_MODULES: &[&str] = &[
    "typing.py",
    "inspect.py",
    "argparse.py",
    "subprocess.py",
    "tarfile.py",
    "pydoc.py",
    "_pydecimal.py",
    "ast.py",
];

/// The CPython interpreter to compare with and to ask for its stdlib:
/// `$PYRITE_PYTHON`, else `python3` on the PATH.
pub fn python_command() -> String {
    std::env::var("PYRITE_PYTHON").unwrap_or_else(|_| "python3".to_string())
}

/// CPython's stdlib directory: `$PYRITE_STDLIB` if set, else what
/// `python3 -c "import sysconfig; print(sysconfig.get_paths()['stdlib'])"`
/// prints.
pub fn stdlib_dir() -> io::Result<PathBuf> {
    if let Some(dir) = std::env::var_os("PYRITE_STDLIB") {
        return Ok(PathBuf::from(dir));
    }
    let python = python_command();
    let out = Command::new(&python)
        .args([
            "-c",
            "import sysconfig;print(sysconfig.get_paths()['stdlib'])",
        ])
        .output()
        .map_err(|e| {
            io::Error::new(
                e.kind(),
                format!("cannot run {python} to find the stdlib: {e}"),
            )
        })?;
    if !out.status.success() {
        return Err(io::Error::other(format!(
            "{python} failed to report its stdlib: {}",
            String::from_utf8_lossy(&out.stderr)
        )));
    }
    let dir = String::from_utf8_lossy(&out.stdout).trim().to_string();
    Ok(PathBuf::from(dir))
}

/// The workspace's target directory: `$CARGO_TARGET_DIR` if set, else
/// `<workspace>/target`.
pub fn target_dir() -> PathBuf {
    let dir = match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("..")
            .join("target"),
    };
    dir.canonicalize().unwrap_or(dir)
}

/// Concatenate [`CORPUS_MODULES`] from `stdlib` into one source text.
pub fn build_corpus(stdlib: &Path) -> io::Result<Vec<u8>> {
    let mut corpus = Vec::with_capacity(1 << 20);
    for name in CORPUS_MODULES {
        let path = stdlib.join(name);
        let bytes = fs::read(&path).map_err(|e| {
            io::Error::new(e.kind(), format!("cannot read {}: {e}", path.display()))
        })?;
        corpus.extend_from_slice(&bytes);
        if !bytes.ends_with(b"\n") {
            corpus.push(b'\n');
        }
    }
    Ok(corpus)
}

/// Build the corpus from CPython's stdlib, write it to
/// `target/bench-corpus.py` (creating the directory), and return the file's
/// path and the bytes.
pub fn parse_corpus() -> io::Result<(PathBuf, Vec<u8>)> {
    let corpus = build_corpus(&stdlib_dir()?)?;
    let dir = target_dir();
    fs::create_dir_all(&dir)?;
    let path = dir.join("bench-corpus.py");
    fs::write(&path, &corpus)?;
    Ok((path, corpus))
}
