//! `Int` against CPython 3.11: every case in `int_cases.txt` (regenerate
//! with `python3 vm/tests/gen_int_cases.py`; its docstring describes the
//! format). All mismatches are printed before the test fails.

use pyrite_vm::format::{format_int, FormatError};
use pyrite_vm::int::{parse_int, Int, IntError, DEFAULT_MAX_STR_DIGITS};

fn unescape(s: &str) -> String {
    if s == "-" {
        return String::new();
    }
    let mut out = String::new();
    let mut it = s.chars();
    while let Some(c) = it.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match it.next() {
            Some('\\') => out.push('\\'),
            Some('u') => {
                assert_eq!(it.next(), Some('{'));
                let hex: String = it.by_ref().take_while(|&c| c != '}').collect();
                let code = u32::from_str_radix(&hex, 16).expect("bad escape");
                out.push(char::from_u32(code).expect("bad char"));
            }
            other => panic!("bad escape {other:?}"),
        }
    }
    out
}

/// Decimal or Python `hex()` text, read by the parser under test in a form
/// independent of the cases' own parse tests (base 16 / base 10, no limit).
fn int(s: &str) -> Int {
    let (neg, body) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let v = match body.strip_prefix("0x") {
        Some(h) => parse_int(h, 16, 0),
        None => parse_int(body, 10, 0),
    }
    .unwrap_or_else(|e| panic!("bad int {s:?}: {e}"));
    if neg {
        v.neg()
    } else {
        v
    }
}

fn num(v: &Int) -> String {
    // The generator writes ints from 2**100 up in hex.
    if v.bit_length() > Int::from(100) {
        v.to_hex()
    } else {
        v.to_decimal(0).expect("no limit")
    }
}

fn float(s: &str) -> f64 {
    s.parse().unwrap_or_else(|_| panic!("bad float {s:?}"))
}

/// Python's `repr(float)` is shortest-round-trip; compare by value (and
/// sign of zero, and NaN-ness) instead of re-implementing it here.
fn same_float(expected: &str, got: f64) -> bool {
    let e = float(expected);
    if e.is_nan() {
        return got.is_nan();
    }
    e.to_bits() == got.to_bits()
}

fn err(e: IntError) -> String {
    format!("!{}: {}", e.kind.name(), e.message)
}

fn ferr(e: FormatError) -> String {
    format!("!{}: {}", e.kind.name(), e.message)
}

fn ok_int(r: Result<Int, IntError>) -> String {
    r.map(|v| num(&v)).unwrap_or_else(err)
}

/// The outcome of one case, as the file spells it; floats are handled by
/// the caller.
fn run(op: &str, a: &[&str]) -> Result<String, f64> {
    let i = |k: usize| int(a[k]);
    let out = match op {
        "add" => num(&i(0).add(&i(1))),
        "sub" => num(&i(0).sub(&i(1))),
        "mul" => ok_int(i(0).mul(&i(1))),
        "floordiv" => ok_int(i(0).floordiv(&i(1))),
        "mod" => ok_int(i(0).modulo(&i(1))),
        "divmod" => match i(0).divmod(&i(1)) {
            Ok((q, r)) => format!("{},{}", q, r),
            Err(e) => err(e),
        },
        "cmp" => (i(0).compare(&i(1)) as i32).to_string(),
        "and" => num(&i(0).and(&i(1))),
        "or" => num(&i(0).or(&i(1))),
        "xor" => num(&i(0).xor(&i(1))),
        "neg" => num(&i(0).neg()),
        "abs" => num(&i(0).abs()),
        "invert" => num(&i(0).invert()),
        "bit_length" => num(&i(0).bit_length()),
        "hash" => i(0).hash().to_string(),
        "str" => i(0).to_decimal(DEFAULT_MAX_STR_DIGITS).unwrap_or_else(err),
        "bin" => i(0).to_bin(),
        "oct" => i(0).to_oct(),
        "hex" => i(0).to_hex(),
        "lshift" => ok_int(i(0).lshift(&i(1))),
        "rshift" => ok_int(i(0).rshift(&i(1))),
        "pow" => ok_int(i(0).pow(&i(1))),
        "powmod" => ok_int(i(0).pow_mod(&i(1), &i(2))),
        "from_f64" => ok_int(Int::from_f64(float(a[0]))),
        "parse" => {
            let base: u32 = match a[1].parse::<i64>() {
                Ok(b) => u32::try_from(b).unwrap_or(u32::MAX),
                Err(_) => panic!("bad base"),
            };
            ok_int(parse_int(&unescape(a[0]), base, DEFAULT_MAX_STR_DIGITS))
        }
        "format" => format_int(&i(0), &unescape(a[1]), "int")
            .map(|s| escape(&s))
            .unwrap_or_else(ferr),
        "truediv" => match i(0).truediv(&i(1)) {
            Ok(f) => return Err(f),
            Err(e) => err(e),
        },
        "pow_float" => match i(0).pow_float(&i(1)) {
            Ok(f) => return Err(f),
            Err(e) => err(e),
        },
        "to_f64" => match i(0).to_f64() {
            Ok(f) => return Err(f),
            Err(e) => err(e),
        },
        _ => panic!("unknown op {op}"),
    };
    Ok(out)
}

/// The generator's string escape (inverse of `unescape`).
fn escape(s: &str) -> String {
    if s.is_empty() {
        return "-".into();
    }
    let mut out = String::new();
    for c in s.chars() {
        if c == '\\' {
            out.push_str("\\\\");
        } else if (' '..='~').contains(&c) && !(s == "-" && c == '-') {
            out.push(c);
        } else {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        }
    }
    out
}

#[test]
fn int_cases() {
    let text = include_str!("int_cases.txt");
    let mut count = 0;
    let mut failures = Vec::new();
    for (lineno, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        count += 1;
        let fields: Vec<&str> = line.split('\t').collect();
        let (op, rest) = fields.split_first().expect("empty line");
        let (expected, args) = rest.split_last().expect("no expected field");
        let ok = match run(op, args) {
            Ok(got) => {
                if got == *expected {
                    None
                } else {
                    Some(got)
                }
            }
            Err(f) => {
                if !expected.starts_with('!') && same_float(expected, f) {
                    None
                } else {
                    Some(format!("{:?}", f))
                }
            }
        };
        if let Some(got) = ok {
            let short = |s: &str| s.chars().take(300).collect::<String>();
            failures.push(format!(
                "line {}: {}\n  expected {}\n  got      {}",
                lineno + 1,
                short(line),
                short(expected),
                short(&got)
            ));
        }
    }
    for f in &failures {
        eprintln!("{f}");
    }
    eprintln!("{} cases, {} failures", count, failures.len());
    assert!(
        failures.is_empty(),
        "{} of {} cases failed",
        failures.len(),
        count
    );
    assert!(count > 10_000);
}
