//! The command line of `pyrite-bench compare`.

use std::path::PathBuf;

pub const USAGE: &str = "\
usage: pyrite-bench compare --interp NAME=CMD [--interp NAME=CMD ...]
                            [--baseline NAME] [--programs DIR] [--filter SUBSTR]
                            [--runs N] [--warmup N] [--timeout SECS]
                            [--markdown OUT.md] [--json OUT.json] [--svg OUT.svg]
                            [--strict]

Runs each program (default: the crate's bench/programs) as `CMD program.py`
under every interpreter, interleaved, one warm-up round then N measured
rounds (default 5); reports median wall time, speedup against the baseline
(the first --interp unless --baseline), peak RSS, and whether each output
equals the baseline's. CMD is split like a shell would (quotes allowed):
--interp \"pyrite=target/release/pyrite --no-jit\". With --strict the exit
status is 1 unless every program ran OK under every interpreter.
";

/// One `--interp NAME=CMD`.
#[derive(Clone, Debug, PartialEq)]
pub struct Interp {
    pub name: String,
    pub argv: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct Options {
    pub interps: Vec<Interp>,
    /// Index into `interps`.
    pub baseline: usize,
    pub programs: PathBuf,
    pub filter: Option<String>,
    pub runs: usize,
    pub warmup: usize,
    pub timeout: f64,
    pub markdown: Option<PathBuf>,
    pub json: Option<PathBuf>,
    pub svg: Option<PathBuf>,
    /// Exit 1 unless every result is OK.
    pub strict: bool,
}

#[derive(Debug, PartialEq)]
pub enum CliError {
    Help,
    Usage(String),
}

/// Splits a command the way a POSIX shell splits words: blanks separate,
/// single quotes keep everything, double quotes keep all but `\"` and
/// `\\`, a backslash outside quotes escapes the next character.
pub fn split_command(cmd: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut chars = cmd.chars();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' | '\n' => {
                if in_word {
                    words.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(c) => cur.push(c),
                        None => return Err(format!("unterminated ' in {cmd:?}")),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(c @ ('"' | '\\')) => cur.push(c),
                            Some(c) => {
                                cur.push('\\');
                                cur.push(c);
                            }
                            None => return Err(format!("unterminated \" in {cmd:?}")),
                        },
                        Some(c) => cur.push(c),
                        None => return Err(format!("unterminated \" in {cmd:?}")),
                    }
                }
            }
            '\\' => {
                in_word = true;
                match chars.next() {
                    Some(c) => cur.push(c),
                    None => return Err(format!("trailing backslash in {cmd:?}")),
                }
            }
            c => {
                in_word = true;
                cur.push(c);
            }
        }
    }
    if in_word {
        words.push(cur);
    }
    Ok(words)
}

fn parse_interp(spec: &str) -> Result<Interp, String> {
    let (name, cmd) = spec
        .split_once('=')
        .ok_or_else(|| format!("--interp wants NAME=CMD, got {spec:?}"))?;
    if name.is_empty() {
        return Err(format!("--interp {spec:?}: empty name"));
    }
    let argv = split_command(cmd)?;
    if argv.is_empty() {
        return Err(format!("--interp {spec:?}: empty command"));
    }
    Ok(Interp { name: name.to_string(), argv })
}

/// The programs shipped with this crate.
pub fn default_programs() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("programs")
}

/// Parses the arguments after `compare`.
pub fn parse(args: &[String]) -> Result<Options, CliError> {
    let usage = |m: String| CliError::Usage(m);
    let mut interps = Vec::new();
    let mut baseline_name = None;
    let mut o = Options {
        interps: Vec::new(),
        baseline: 0,
        programs: default_programs(),
        filter: None,
        runs: 5,
        warmup: 1,
        timeout: 300.0,
        markdown: None,
        json: None,
        svg: None,
        strict: false,
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let (flag, inline) = match a.split_once('=') {
            Some((f, v)) if f.starts_with("--") && f != "--interp" => (f, Some(v.to_string())),
            _ => (a.as_str(), None),
        };
        if flag == "-h" || flag == "--help" {
            return Err(CliError::Help);
        }
        if flag == "--strict" {
            o.strict = true;
            continue;
        }
        let mut value = || -> Result<String, CliError> {
            match &inline {
                Some(v) => Ok(v.clone()),
                None => it.next().cloned().ok_or_else(|| usage(format!("{flag} needs a value"))),
            }
        };
        let number = |v: String| -> Result<usize, CliError> {
            v.parse().map_err(|_| usage(format!("{flag}: not a number: {v:?}")))
        };
        match flag {
            "--interp" => interps.push(parse_interp(&value()?).map_err(usage)?),
            "--baseline" => baseline_name = Some(value()?),
            "--programs" => o.programs = PathBuf::from(value()?),
            "--filter" => o.filter = Some(value()?),
            "--runs" => o.runs = number(value()?)?,
            "--warmup" => o.warmup = number(value()?)?,
            "--timeout" => {
                let v = value()?;
                o.timeout = v
                    .parse::<f64>()
                    .ok()
                    .filter(|t| *t > 0.0 && t.is_finite())
                    .ok_or_else(|| usage(format!("--timeout: not a positive number: {v:?}")))?;
            }
            "--markdown" => o.markdown = Some(PathBuf::from(value()?)),
            "--json" => o.json = Some(PathBuf::from(value()?)),
            "--svg" => o.svg = Some(PathBuf::from(value()?)),
            other => return Err(usage(format!("unknown argument {other:?}"))),
        }
    }
    if interps.is_empty() {
        return Err(usage("at least one --interp NAME=CMD is needed".into()));
    }
    if o.runs == 0 {
        return Err(usage("--runs must be at least 1".into()));
    }
    for (i, a) in interps.iter().enumerate() {
        if interps[..i].iter().any(|b| b.name == a.name) {
            return Err(usage(format!("two interpreters named {:?}", a.name)));
        }
    }
    if let Some(b) = baseline_name {
        o.baseline = interps
            .iter()
            .position(|i| i.name == b)
            .ok_or_else(|| usage(format!("--baseline {b:?} is not an --interp name")))?;
    }
    o.interps = interps;
    Ok(o)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn commands_split_like_a_shell() {
        assert_eq!(split_command("a b  c").unwrap(), ["a", "b", "c"]);
        assert_eq!(split_command("'x y' \"p\\\"q\" r\\ s").unwrap(), ["x y", "p\"q", "r s"]);
        assert_eq!(split_command("  ").unwrap(), Vec::<String>::new());
        assert!(split_command("'open").is_err());
        assert!(split_command("\"open").is_err());
    }

    #[test]
    fn options_are_read_and_checked() {
        let o = parse(&args(&[
            "--interp", "cpython=python3", "--interp", "pyrite=target/release/pyrite --no-jit",
            "--runs", "3", "--baseline=pyrite", "--timeout", "9.5",
        ]))
        .unwrap();
        assert_eq!(o.interps.len(), 2);
        assert_eq!(o.interps[1].argv, ["target/release/pyrite", "--no-jit"]);
        assert_eq!((o.runs, o.warmup, o.baseline, o.timeout), (3, 1, 1, 9.5));
        for bad in [
            &["--runs", "3"][..],
            &["--interp", "x"],
            &["--interp", "a=python3", "--runs", "zero"],
            &["--interp", "a=python3", "--interp", "a=python3"],
            &["--interp", "a=python3", "--baseline", "b"],
            &["--interp", "a=python3", "--bogus"],
            &["--interp", "a=python3", "--runs"],
        ] {
            assert!(matches!(parse(&args(bad)), Err(CliError::Usage(_))), "{bad:?}");
        }
        assert_eq!(parse(&args(&["--help"])).unwrap_err(), CliError::Help);
    }
}
