//! Number formatting against CPython 3.11: every case in
//! `format_cases.txt` (regenerate with `python3 vm/tests/gen_format_cases.py`;
//! its docstring describes the format).

use pyrite_vm::format::{
    complex_repr, float_repr, format_complex, format_float, format_int, format_percent, format_str,
    round_float, round_float_to_integral, DecimalInt, FormatError, FormatInt, PercentArg,
    PercentCount, PercentParser, PercentPiece,
};

fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut it = s.chars();
    while let Some(c) = it.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match it.next() {
            Some('\\') => out.push('\\'),
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('u') => {
                assert_eq!(it.next(), Some('{'));
                let hex: String = it.by_ref().take_while(|&c| c != '}').collect();
                let code = u32::from_str_radix(&hex, 16).unwrap();
                out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
            }
            other => panic!("bad escape {other:?}"),
        }
    }
    out
}

fn float(s: &str) -> f64 {
    s.parse().unwrap_or_else(|_| panic!("bad float {s:?}"))
}

fn int(s: &str) -> DecimalInt {
    DecimalInt::parse(s).unwrap_or_else(|| panic!("bad int {s:?}"))
}

type Outcome = Result<String, FormatError>;

/// `fmt % (value,)` through the parser and `format_percent`.
fn percent(fmt: &str, ty: &str, val: &str, text: &str) -> Outcome {
    let n;
    let arg = match ty {
        "int" => {
            n = int(val);
            PercentArg::Int(&n)
        }
        "float" => PercentArg::Float(float(val)),
        "str" => PercentArg::Str(val),
        _ => PercentArg::Other,
    };
    let mut out = String::new();
    let mut used = false;
    for piece in PercentParser::new(fmt) {
        match piece? {
            PercentPiece::Literal(s) => out.push_str(s),
            PercentPiece::Conversion(c) => {
                assert!(!used, "one conversion per test format");
                used = true;
                let count = |p: PercentCount| match p {
                    PercentCount::None => None,
                    PercentCount::Value(v) => Some(v),
                    PercentCount::Star => panic!("no * in tests"),
                };
                let arg = match c.conversion {
                    's' | 'r' | 'a' => PercentArg::Str(text),
                    _ => arg,
                };
                out.push_str(&format_percent(
                    c.conversion,
                    c.index,
                    c.flags,
                    count(c.width),
                    count(c.precision),
                    arg,
                    ty,
                )?);
            }
        }
    }
    Ok(out)
}

fn run(kind: &str, a: &[String]) -> Outcome {
    match kind {
        "int" => format_int(&int(&a[0]), &a[1], "int"),
        "float" => format_float(float(&a[0]), &a[1], "float"),
        "complex" => format_complex(float(&a[0]), float(&a[1]), &a[2], "complex"),
        "str" => format_str(&a[0], &a[1], "str"),
        "repr" => Ok(float_repr(float(&a[0]))),
        "crepr" => Ok(complex_repr(float(&a[0]), float(&a[1]))),
        "round" => round_float(float(&a[0]), a[1].parse().unwrap()).map(float_repr),
        "round1" => round_float_to_integral(float(&a[0])).map(|x| {
            DecimalInt::from_integral_f64(x)
                .unwrap()
                .to_decimal_string()
        }),
        "pct" => percent(&a[0], &a[1], &a[2], &a[3]),
        _ => panic!("unknown kind {kind}"),
    }
}

#[test]
fn cpython_format_cases() {
    let data = include_str!("format_cases.txt");
    let mut total = 0;
    let mut failures = Vec::new();
    for line in data.lines() {
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        total += 1;
        let fields: Vec<String> = line.split('\t').map(unescape).collect();
        let n = fields.len();
        let (outcome, expected) = (&fields[n - 2], &fields[n - 1]);
        let got = run(&fields[0], &fields[1..n - 2]);
        let ok = match &got {
            Ok(s) => outcome == "ok" && s == expected,
            Err(e) => e.kind.name() == outcome && &e.message == expected,
        };
        if !ok {
            failures.push(format!(
                "{}\n    expected {outcome}: {expected:?}\n    got      {:?}",
                line,
                got.as_ref().map_err(|e| e.to_string())
            ));
        }
    }
    eprintln!(
        "{} of {} CPython format cases pass",
        total - failures.len(),
        total
    );
    if !failures.is_empty() {
        let shown: Vec<_> = failures.iter().take(60).cloned().collect();
        panic!(
            "{} of {} cases fail:\n{}",
            failures.len(),
            total,
            shown.join("\n")
        );
    }
}

#[test]
fn percent_parser_keys_and_stars() {
    let pieces: Vec<_> = PercentParser::new("a%(x(y))-*.*lds%%")
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(pieces.len(), 4);
    assert_eq!(pieces[0], PercentPiece::Literal("a"));
    let PercentPiece::Conversion(c) = &pieces[1] else {
        panic!()
    };
    assert_eq!(c.key.as_deref(), Some("x(y)"));
    assert!(c.flags.ljust);
    assert_eq!(
        (c.width, c.precision, c.conversion, c.index),
        (PercentCount::Star, PercentCount::Star, 'd', 13)
    );
    assert_eq!(pieces[2], PercentPiece::Literal("s"));
    assert_eq!(pieces[3], PercentPiece::Literal("%"));
    let err = PercentParser::new("%(ab").last().unwrap().unwrap_err();
    assert_eq!(err.message, "incomplete format key");
    let err = PercentParser::new("%99999999999999999999d")
        .last()
        .unwrap()
        .unwrap_err();
    assert_eq!(err.message, "width too big");
    let err = PercentParser::new("%.99999999999d")
        .last()
        .unwrap()
        .unwrap_err();
    assert_eq!(err.message, "precision too big");
}

#[test]
fn int_types() {
    assert_eq!(format_int(&-255i64, "#x", "int").unwrap(), "-0xff");
    assert_eq!(
        format_int(&(-1i128 << 100), "_X", "int").unwrap(),
        "-10_0000_0000_0000_0000_0000_0000"
    );
    assert_eq!(
        format_int(&1i64, "s", "bool").unwrap_err().message,
        "Unknown format code 's' for object of type 'bool'"
    );
    let big = int("123456789012345678901234567890123456789012345678901234567890");
    assert_eq!(
        big.magnitude_digits(16),
        "13aaf504e4bc1e62173f87a4378c37b49c8ccff196ce3f0ad2"
    );
    assert_eq!(big.magnitude_digits(8).len(), 66);
}
