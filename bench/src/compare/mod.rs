//! `pyrite-bench compare`: runs benchmark programs under several Python
//! interpreters side by side and reports times, speedups, peak memory and
//! whether every interpreter printed what the first (the baseline) did.
//!
//! The pipeline, one file each: [`cli`] reads the command line, [`spawn`]
//! runs one child and measures it (wall time around spawn and `wait4`,
//! peak RSS from the child's `rusage`), [`stats`] holds the arithmetic
//! (median, geometric mean), [`report`] prints the table and writes the
//! markdown and JSON, [`svg`] draws the chart, [`machine`] says where and
//! when it ran.

pub mod cli;
pub mod machine;
pub mod report;
pub mod spawn;
pub mod stats;
pub mod svg;

use std::path::{Path, PathBuf};

/// What one interpreter did on one program.
#[derive(Clone, Debug, PartialEq)]
pub enum Status {
    Ok,
    /// Exited 0 but printed something else than the baseline.
    Wrong,
    /// Exited non-zero (the last line of its stderr).
    Fail(String),
    Timeout,
}

impl Status {
    pub fn label(&self) -> &'static str {
        match self {
            Status::Ok => "OK",
            Status::Wrong => "WRONG",
            Status::Fail(_) => "FAIL",
            Status::Timeout => "TIMEOUT",
        }
    }
}

/// One interpreter's results on one program.
#[derive(Clone, Debug)]
pub struct Cell {
    pub status: Status,
    /// Wall seconds of the measured runs.
    pub times: Vec<f64>,
    /// Peak resident set of each measured run, KiB.
    pub rss_kib: Vec<u64>,
}

impl Cell {
    pub fn median_time(&self) -> Option<f64> {
        stats::median(&self.times)
    }
    pub fn median_rss_mib(&self) -> Option<f64> {
        let v: Vec<f64> = self.rss_kib.iter().map(|&k| k as f64 / 1024.0).collect();
        stats::median(&v)
    }
}

/// A benchmark program and each interpreter's results on it (in the
/// order of `--interp`).
pub struct Row {
    pub program: String,
    pub cells: Vec<Cell>,
}

/// The programs to run: every `*.py` in `dir` whose name contains
/// `filter`, sorted by name.
pub fn programs(dir: &Path, filter: Option<&str>) -> std::io::Result<Vec<PathBuf>> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "py") && p.is_file())
        .filter(|p| {
            filter.is_none_or(|f| {
                p.file_stem()
                    .and_then(|s| s.to_str())
                    .is_some_and(|s| s.contains(f))
            })
        })
        .collect();
    out.sort();
    Ok(out)
}

/// Runs every program: a warm-up round, then `runs` measured rounds, the
/// interpreters interleaved within each round (A B A B ...) so that a
/// slow spell of the machine hits all of them alike. Progress goes to
/// stderr.
pub fn run_all(opts: &cli::Options, programs: &[PathBuf]) -> Vec<Row> {
    let mut rows = Vec::new();
    for prog in programs {
        let name = prog
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("?")
            .to_string();
        eprint!("{name:<20}");
        let mut cells: Vec<Cell> = opts
            .interps
            .iter()
            .map(|_| Cell { status: Status::Ok, times: Vec::new(), rss_kib: Vec::new() })
            .collect();
        let mut reference: Option<Vec<u8>> = None;
        for round in 0..opts.warmup + opts.runs {
            let measured = round >= opts.warmup;
            // Until the baseline has printed its reference output it runs
            // first, so that every run, warm-up included, is checked.
            let n = opts.interps.len();
            let order: Vec<usize> = if reference.is_none() {
                std::iter::once(opts.baseline)
                    .chain((0..n).filter(|&i| i != opts.baseline))
                    .collect()
            } else {
                (0..n).collect()
            };
            for i in order {
                let interp = &opts.interps[i];
                if cells[i].status != Status::Ok {
                    continue;
                }
                let r = spawn::run(&interp.argv, prog, opts.timeout);
                let status = match r.outcome {
                    spawn::Outcome::Exited(0) => {
                        if i == opts.baseline && reference.is_none() {
                            reference = Some(r.stdout.clone());
                        }
                        match &reference {
                            Some(want) if *want != r.stdout => Status::Wrong,
                            _ => Status::Ok,
                        }
                    }
                    spawn::Outcome::Exited(code) => Status::Fail(last_line(&r.stderr, code)),
                    spawn::Outcome::Signalled(sig) => Status::Fail(format!("killed by signal {sig}")),
                    spawn::Outcome::TimedOut => Status::Timeout,
                    spawn::Outcome::SpawnError(e) => Status::Fail(e),
                };
                let cell = &mut cells[i];
                if status != Status::Ok {
                    cell.status = status;
                    continue;
                }
                if measured {
                    cell.times.push(r.wall);
                    cell.rss_kib.push(r.max_rss_kib);
                }
            }
            eprint!(".");
        }
        eprintln!();
        rows.push(Row { program: name, cells });
    }
    rows
}

fn last_line(stderr: &[u8], code: i32) -> String {
    let text = String::from_utf8_lossy(stderr);
    match text.lines().rev().find(|l| !l.trim().is_empty()) {
        Some(l) => format!("exit {code}: {}", l.trim()),
        None => format!("exit {code}"),
    }
}

/// The whole command: parse, run, report. Returns the exit status.
pub fn main(args: &[String]) -> i32 {
    let opts = match cli::parse(args) {
        Ok(o) => o,
        Err(cli::CliError::Help) => {
            print!("{}", cli::USAGE);
            return 0;
        }
        Err(cli::CliError::Usage(msg)) => {
            eprintln!("pyrite-bench compare: {msg}\n\n{}", cli::USAGE);
            return 2;
        }
    };
    let list = match programs(&opts.programs, opts.filter.as_deref()) {
        Ok(l) if !l.is_empty() => l,
        Ok(_) => {
            eprintln!("pyrite-bench compare: no programs in {}", opts.programs.display());
            return 2;
        }
        Err(e) => {
            eprintln!("pyrite-bench compare: cannot read {}: {e}", opts.programs.display());
            return 2;
        }
    };
    let rows = run_all(&opts, &list);
    let when = machine::Context::now();
    print!("{}", report::text_table(&opts, &rows, &when));
    let mut status = 0;
    let mut write = |path: &Option<PathBuf>, text: String| {
        if let Some(p) = path {
            if let Err(e) = std::fs::write(p, text) {
                eprintln!("pyrite-bench compare: cannot write {}: {e}", p.display());
                status = 1;
            }
        }
    };
    write(&opts.markdown, report::markdown(&opts, &rows, &when));
    write(&opts.json, report::json(&opts, &rows, &when));
    write(&opts.svg, svg::chart(&opts, &rows, &when));
    let all_ok = rows.iter().all(|r| r.cells.iter().all(|c| c.status == Status::Ok));
    if opts.strict && !all_ok {
        eprintln!("pyrite-bench compare: --strict: not every program ran OK");
        status = 1;
    }
    status
}
