//! Side-by-side runner: Pyrite's front end against CPython's on the same
//! bytes.
//!
//! It measures `ast.dump(ast.parse(src), include_attributes=True)` — the
//! work behind `pyrite --dump-ast` — on the shared corpus (eight large
//! CPython 3.11 stdlib modules, ~0.9 MB; see `pyrite_bench`):
//! - Pyrite: `parse_source` + `ast::dump`, in-process, timed with
//!   `std::time::Instant`;
//! - CPython: `python3 -c <script>` reading `target/bench-corpus.py` as bytes
//!   and timing the same call with `time.perf_counter`, so interpreter
//!   start-up and imports are excluded for both sides.
//!
//! Runs are interleaved (Pyrite, CPython, Pyrite, ...) so that machine noise
//! hits both sides alike, and the medians are compared. One unmeasured
//! warm-up run of each comes first; it also produces both dumps, which must
//! be byte-identical (a mismatch is reported loudly and exits non-zero: a
//! fast parser that builds the wrong tree proves nothing).
//!
//! Usage: `cargo run -p pyrite-bench --release --bin parse_vs_cpython -- [--runs N]`
//! (default 7 runs). Environment: `PYRITE_PYTHON` (default `python3`),
//! `PYRITE_STDLIB` (default: that interpreter's stdlib).
//!
//! It installs mimalloc as the `pyrite` binary does, so Pyrite is measured
//! with the allocator users run it with.

use std::fs;
use std::path::Path;
use std::process::{Command, ExitCode};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use pyrite_compiler::{ast, parse_source};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Run by CPython as `python3 -c SCRIPT CORPUS DUMP_OUT`: prints the parse
/// and dump times in seconds (one per line) and, if `DUMP_OUT` is not
/// empty, writes the dump there (after timing) together with `sys.version`
/// on a third output line.
const CPYTHON_SCRIPT: &str = r#"
import ast, sys, time
path, dump_out = sys.argv[1], sys.argv[2]
with open(path, 'rb') as f:
    src = f.read()
t0 = time.perf_counter()
tree = ast.parse(src)
t1 = time.perf_counter()
d = ast.dump(tree, include_attributes=True)
t2 = time.perf_counter()
print(repr(t1 - t0))
print(repr(t2 - t1))
if dump_out:
    with open(dump_out, 'w', encoding='utf-8', errors='surrogatepass', newline='') as f:
        f.write(d)
    print(sys.version.replace('\n', ' '))
"#;

/// One timed run: (parse, dump) in milliseconds.
#[derive(Clone, Copy)]
struct Sample {
    parse_ms: f64,
    dump_ms: f64,
}

impl Sample {
    fn total(self) -> f64 {
        self.parse_ms + self.dump_ms
    }
}

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(msg) => {
            eprintln!("parse_vs_cpython: error: {msg}");
            ExitCode::FAILURE
        }
    }
}

fn parse_args() -> Result<usize, String> {
    let mut runs = 7usize;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = if arg == "--runs" {
            args.next().ok_or("--runs needs a value")?
        } else if let Some(v) = arg.strip_prefix("--runs=") {
            v.to_string()
        } else if arg == "-h" || arg == "--help" {
            println!("usage: parse_vs_cpython [--runs N]   (default 7)");
            std::process::exit(0);
        } else {
            return Err(format!(
                "unknown argument {arg:?} (usage: parse_vs_cpython [--runs N])"
            ));
        };
        runs = value
            .parse()
            .map_err(|_| format!("--runs: not a number: {value:?}"))?;
        if runs == 0 {
            return Err("--runs must be at least 1".into());
        }
    }
    Ok(runs)
}

fn run() -> Result<ExitCode, String> {
    let runs = parse_args()?;
    let python = pyrite_bench::python_command();
    let (corpus_path, corpus) =
        pyrite_bench::parse_corpus().map_err(|e| format!("building the corpus: {e}"))?;
    let target = pyrite_bench::target_dir();
    let cpython_dump_path = target.join("bench-corpus.cpython.dump");
    let pyrite_dump_path = target.join("bench-corpus.pyrite.dump");
    let _ = fs::remove_file(&cpython_dump_path);

    // Warm-up runs; they also produce the two dumps to compare.
    let (pyrite_cold, pyrite_dump) = pyrite_run(&corpus)?;
    fs::write(&pyrite_dump_path, &pyrite_dump)
        .map_err(|e| format!("writing {}: {e}", pyrite_dump_path.display()))?;
    let (cpython_cold, version) = cpython_run(&python, &corpus_path, Some(&cpython_dump_path))?;
    let cpython_dump = fs::read(&cpython_dump_path)
        .map_err(|e| format!("reading {}: {e}", cpython_dump_path.display()))?;
    let identical = pyrite_dump.as_bytes() == cpython_dump.as_slice();
    if !identical {
        report_mismatch(
            pyrite_dump.as_bytes(),
            &cpython_dump,
            &pyrite_dump_path,
            &cpython_dump_path,
        );
    }

    // Measured runs, interleaved.
    let mut pyrite = Vec::with_capacity(runs);
    let mut cpython = Vec::with_capacity(runs);
    for i in 0..runs {
        let (p, dump) = pyrite_run(&corpus)?;
        drop(dump);
        let (c, _) = cpython_run(&python, &corpus_path, None)?;
        eprintln!(
            "run {}/{}: pyrite {:.1} ms, cpython {:.1} ms",
            i + 1,
            runs,
            p.total(),
            c.total()
        );
        pyrite.push(p);
        cpython.push(c);
    }

    let p_total = median(pyrite.iter().map(|s| s.total()).collect());
    let c_total = median(cpython.iter().map(|s| s.total()).collect());
    let p_parse = median(pyrite.iter().map(|s| s.parse_ms).collect());
    let c_parse = median(cpython.iter().map(|s| s.parse_ms).collect());
    let p_dump = median(pyrite.iter().map(|s| s.dump_ms).collect());
    let c_dump = median(cpython.iter().map(|s| s.dump_ms).collect());
    let (p_min, p_max) = min_max(pyrite.iter().map(|s| s.total()));
    let (c_min, c_max) = min_max(cpython.iter().map(|s| s.total()));

    let ncpu = std::thread::available_parallelism()
        .map(|n| n.get().to_string())
        .unwrap_or_else(|_| "?".into());
    println!();
    println!("Pyrite vs CPython: ast.dump(ast.parse(src), include_attributes=True)");
    println!("date     {}", utc_now());
    println!(
        "machine  {} ({}), {} CPUs",
        uname_m(),
        std::env::consts::OS,
        ncpu
    );
    println!("cpython  {version}");
    println!(
        "corpus   {} ({} bytes, {} lines, {} modules)",
        corpus_path.display(),
        corpus.len(),
        corpus.iter().filter(|&&b| b == b'\n').count(),
        pyrite_bench::CORPUS_MODULES.len()
    );
    println!("runs     {runs} interleaved; each column is its own median; warm-up run excluded (it makes the dumps)");
    println!();
    println!(
        "| {:<22} | {:>10} | {:>10} | {:>10} | {:>10} | {:>10} |",
        "", "total ms", "parse ms", "dump ms", "min ms", "max ms"
    );
    println!(
        "|{:-<24}|{:->12}|{:->12}|{:->12}|{:->12}|{:->12}|",
        "", "", "", "", "", ""
    );
    println!(
        "| {:<22} | {:>10.1} | {:>10.1} | {:>10.1} | {:>10.1} | {:>10.1} |",
        "Pyrite (in-process)", p_total, p_parse, p_dump, p_min, p_max
    );
    println!(
        "| {:<22} | {:>10.1} | {:>10.1} | {:>10.1} | {:>10.1} | {:>10.1} |",
        "CPython (perf_counter)", c_total, c_parse, c_dump, c_min, c_max
    );
    println!();
    println!(
        "speedup (CPython/Pyrite): {:.1}x total, {:.1}x parse, {:.1}x dump",
        c_total / p_total,
        c_parse / p_parse,
        c_dump / p_dump
    );
    println!(
        "warm-up runs (excluded): pyrite {:.1} ms, cpython {:.1} ms",
        pyrite_cold.total(),
        cpython_cold.total()
    );
    if identical {
        println!("dump     identical ({} bytes)", pyrite_dump.len());
        Ok(ExitCode::SUCCESS)
    } else {
        println!("dump     MISMATCH (see stderr); timings above compare different trees");
        Ok(ExitCode::FAILURE)
    }
}

/// Parse and dump the corpus in-process; the dump is returned so that its
/// deallocation falls outside the timed region, as CPython's does.
fn pyrite_run(corpus: &[u8]) -> Result<(Sample, String), String> {
    let t0 = Instant::now();
    let tree =
        parse_source(corpus).map_err(|e| format!("pyrite failed to parse the corpus: {e}"))?;
    let t1 = Instant::now();
    let dump = ast::dump(&tree);
    let t2 = Instant::now();
    drop(tree);
    let ms = |a: Instant, b: Instant| (b - a).as_secs_f64() * 1e3;
    Ok((
        Sample {
            parse_ms: ms(t0, t1),
            dump_ms: ms(t1, t2),
        },
        dump,
    ))
}

/// Run CPython once; returns its in-process timings and, when asked to
/// write the dump, its `sys.version`.
fn cpython_run(
    python: &str,
    corpus: &Path,
    dump_out: Option<&Path>,
) -> Result<(Sample, String), String> {
    let dump_arg = dump_out
        .map(|p| p.as_os_str().to_owned())
        .unwrap_or_default();
    let out = Command::new(python)
        .arg("-c")
        .arg(CPYTHON_SCRIPT)
        .arg(corpus)
        .arg(&dump_arg)
        .output()
        .map_err(|e| format!("cannot run {python}: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "{python} failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let stdout = String::from_utf8_lossy(&out.stdout);
    let mut lines = stdout.lines();
    let mut secs = || -> Result<f64, String> {
        let line = lines
            .next()
            .ok_or_else(|| format!("{python} printed too little: {stdout:?}"))?;
        line.trim()
            .parse::<f64>()
            .map_err(|_| format!("{python} printed {line:?}, not a time"))
    };
    let parse_ms = secs()? * 1e3;
    let dump_ms = secs()? * 1e3;
    let version = lines.next().unwrap_or("").trim().to_string();
    Ok((Sample { parse_ms, dump_ms }, version))
}

fn report_mismatch(ours: &[u8], theirs: &[u8], ours_path: &Path, theirs_path: &Path) {
    let at = ours
        .iter()
        .zip(theirs)
        .position(|(a, b)| a != b)
        .unwrap_or(ours.len().min(theirs.len()));
    let context = |s: &[u8]| {
        let lo = at.saturating_sub(120);
        let hi = (at + 120).min(s.len());
        String::from_utf8_lossy(&s[lo..hi]).into_owned()
    };
    eprintln!();
    eprintln!(
        "!!!!!!!! DUMP MISMATCH: Pyrite's ast::dump differs from CPython's ast.dump !!!!!!!!"
    );
    eprintln!("pyrite:  {} ({} bytes)", ours_path.display(), ours.len());
    eprintln!(
        "cpython: {} ({} bytes)",
        theirs_path.display(),
        theirs.len()
    );
    eprintln!("first difference at byte {at}");
    eprintln!("pyrite  ...{}...", context(ours));
    eprintln!("cpython ...{}...", context(theirs));
    eprintln!();
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(|a, b| a.total_cmp(b));
    let n = xs.len();
    if n % 2 == 1 {
        xs[n / 2]
    } else {
        (xs[n / 2 - 1] + xs[n / 2]) / 2.0
    }
}

fn min_max(xs: impl Iterator<Item = f64>) -> (f64, f64) {
    xs.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), x| {
        (lo.min(x), hi.max(x))
    })
}

/// `uname -m`, falling back to the architecture Rust was compiled for.
fn uname_m() -> String {
    Command::new("uname")
        .arg("-m")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| std::env::consts::ARCH.to_string())
}

/// The current UTC time as `YYYY-MM-DD HH:MM:SS UTC`, from `SystemTime`
/// (days-to-civil conversion after Howard Hinnant's algorithm).
fn utc_now() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0) as i64;
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + if m <= 2 { 1 } else { 0 };
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02} UTC",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}
