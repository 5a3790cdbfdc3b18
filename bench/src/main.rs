//! `pyrite-bench`: the project's benchmark runner.
//!
//! `pyrite-bench compare --interp NAME=CMD ...` runs the benchmark programs
//! (`bench/programs`) under several interpreters side by side; see
//! `pyrite_bench::compare`.

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let code = match args.first().map(String::as_str) {
        Some("compare") => pyrite_bench::compare::main(&args[1..]),
        Some("-h" | "--help") => {
            print!("usage: pyrite-bench compare ...\n\n{}", pyrite_bench::compare::cli::USAGE);
            0
        }
        _ => {
            eprintln!("usage: pyrite-bench compare --interp NAME=CMD [...] (see --help)");
            2
        }
    };
    std::process::exit(code);
}
