//! `numops` against CPython 3.11: every case in `numops_cases.txt`
//! (regenerate with `python3 tools/gen_numops_cases.py`; its docstring
//! describes the format). All mismatches are printed before the test fails.

use pyrite_vm::int::{parse_int, Int};
use pyrite_vm::numops::complex::{complex_abs, complex_div, complex_hash, complex_pow};
use pyrite_vm::numops::float::{
    compare_int_float, float_as_integer_ratio, float_div, float_divmod, float_floordiv,
    float_fromhex, float_hash, float_hex, float_is_integer, float_mod, float_pow, float_to_int,
    int_to_float,
};
use pyrite_vm::numops::{intmath, math, parse_complex, parse_float, Complex, FloatPow};
use pyrite_vm::numops::{NumError, Real};

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

/// A float as the cases write it: `float.hex()` or inf/nan spelled out.
/// Read with an independent decoder (not `float_fromhex`, which is under
/// test).
fn flt(s: &str) -> f64 {
    match s {
        "inf" => return f64::INFINITY,
        "-inf" => return f64::NEG_INFINITY,
        "nan" => return f64::NAN,
        "-nan" => return -f64::NAN,
        _ => {}
    }
    let (neg, body) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s),
    };
    let body = body
        .strip_prefix("0x")
        .unwrap_or_else(|| panic!("bad float {s}"));
    let (mant, exp) = body.split_once('p').expect("exponent");
    let (lead, frac) = mant.split_once('.').expect("point");
    let frac = u64::from_str_radix(frac, 16).expect("fraction");
    let exp: i64 = exp.parse().expect("exponent");
    let bits = if lead == "0" {
        assert!(exp == 0 || exp == -1022, "bad float {s}");
        frac
    } else {
        (((exp + 1023) as u64) << 52) | frac
    };
    let v = f64::from_bits(bits);
    if neg {
        -v
    } else {
        v
    }
}

fn fenc(x: f64) -> String {
    if x.is_nan() {
        return if x.is_sign_negative() { "-nan" } else { "nan" }.into();
    }
    float_hex(x)
}

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

fn ienc(n: &Int) -> String {
    if n.abs().compare(&Int::from(1i128 << 100)).is_ge() {
        let h = n.abs().to_hex();
        if n.is_negative() {
            format!("-{h}")
        } else {
            h
        }
    } else {
        n.to_string()
    }
}

fn flts(s: &str) -> Vec<f64> {
    if s == "-" {
        Vec::new()
    } else {
        s.split(',').map(flt).collect()
    }
}

fn ints(s: &str) -> Vec<Int> {
    if s == "-" {
        Vec::new()
    } else {
        s.split(',').map(int).collect()
    }
}

fn err(e: NumError) -> String {
    format!("!{}: {}", e.kind.name(), e.message)
}

fn res<T>(r: Result<T, NumError>, f: impl FnOnce(T) -> String) -> String {
    match r {
        Ok(v) => f(v),
        Err(e) => err(e),
    }
}

fn py_bool(b: bool) -> String {
    if b { "True" } else { "False" }.into()
}

fn cenc(c: Complex) -> String {
    format!("{},{}", fenc(c.re), fenc(c.im))
}

/// The result of one case, in the cases' notation.
fn eval(op: &str, a: &[&str]) -> String {
    let f = |i: usize| flt(a[i]);
    let fr = |r: Result<f64, NumError>| res(r, fenc);
    let ir = |r: Result<Int, NumError>| res(r, |n| ienc(&n));
    match op {
        "parse_float" => fr(parse_float(&unescape(a[0]))),
        "parse_complex" => res(parse_complex(&unescape(a[0])), |(re, im)| {
            format!("{},{}", fenc(re), fenc(im))
        }),
        "fromhex" => fr(float_fromhex(&unescape(a[0]))),
        "hex" => float_hex(f(0)),
        "is_integer" => py_bool(float_is_integer(f(0))),
        "ratio" => res(float_as_integer_ratio(f(0)), |(n, d)| {
            format!("{},{}", ienc(&n), ienc(&d))
        }),
        "to_int" => ir(float_to_int(f(0))),
        "hash" => float_hash(f(0)).expect("not NaN").to_string(),
        "mod" => fr(float_mod(f(0), f(1))),
        "floordiv" => fr(float_floordiv(f(0), f(1))),
        "divmod" => res(float_divmod(f(0), f(1)), |(q, r)| {
            format!("{},{}", fenc(q), fenc(r))
        }),
        "truediv" => fr(float_div(f(0), f(1))),
        "pow" => res(float_pow(f(0), f(1)), |p| match p {
            FloatPow::Real(x) => fenc(x),
            FloatPow::Complex(c) => format!("c:{}", cenc(c)),
        }),
        "math_pow" => fr(math::pow(f(0), f(1))),
        "int_to_float" => fr(int_to_float(&int(a[0]))),
        "cmp" => match compare_int_float(&int(a[0]), f(1)) {
            None => "nan".into(),
            Some(o) => (o as i32).to_string(),
        },
        "log_int" => fr(math::log(Real::Int(&int(a[0])), None)),
        "log2_int" => fr(math::log2(Real::Int(&int(a[0])))),
        "log10_int" => fr(math::log10(Real::Int(&int(a[0])))),
        "log_int_base" => fr(math::log(
            Real::Int(&int(a[0])),
            Some(Real::Int(&int(a[1]))),
        )),
        "floor_int" => ir(math::floor(Real::Int(&int(a[0])))),
        "isqrt" => ir(intmath::isqrt(&int(a[0]))),
        "ldexp" => fr(math::ldexp(f(0), &int(a[1]))),
        "sqrt" => fr(math::sqrt(f(0))),
        "exp" => fr(math::exp(f(0))),
        "exp2" => fr(math::exp2(f(0))),
        "expm1" => fr(math::expm1(f(0))),
        "log" => fr(math::log(Real::Float(f(0)), None)),
        "log2" => fr(math::log2(Real::Float(f(0)))),
        "log10" => fr(math::log10(Real::Float(f(0)))),
        "log1p" => fr(math::log1p(f(0))),
        "sin" => fr(math::sin(f(0))),
        "cos" => fr(math::cos(f(0))),
        "tan" => fr(math::tan(f(0))),
        "asin" => fr(math::asin(f(0))),
        "acos" => fr(math::acos(f(0))),
        "atan" => fr(math::atan(f(0))),
        "sinh" => fr(math::sinh(f(0))),
        "cosh" => fr(math::cosh(f(0))),
        "tanh" => fr(math::tanh(f(0))),
        "asinh" => fr(math::asinh(f(0))),
        "acosh" => fr(math::acosh(f(0))),
        "atanh" => fr(math::atanh(f(0))),
        "cbrt" => fr(math::cbrt(f(0))),
        "fabs" => fr(math::fabs(f(0))),
        "erf" => fr(math::erf(f(0))),
        "erfc" => fr(math::erfc(f(0))),
        "gamma" => fr(math::gamma(f(0))),
        "lgamma" => fr(math::lgamma(f(0))),
        "floor" => ir(math::floor(Real::Float(f(0)))),
        "ceil" => ir(math::ceil(Real::Float(f(0)))),
        "trunc" => ir(math::trunc(f(0))),
        "modf" => {
            let (fr, i) = math::modf(f(0));
            format!("{},{}", fenc(fr), fenc(i))
        }
        "frexp" => {
            let (m, e) = math::frexp(f(0));
            format!("{},{}", fenc(m), e)
        }
        "degrees" => fenc(math::degrees(f(0))),
        "radians" => fenc(math::radians(f(0))),
        "isfinite" => py_bool(math::isfinite(f(0))),
        "isinf" => py_bool(math::isinf(f(0))),
        "isnan" => py_bool(math::isnan(f(0))),
        "ulp" => fenc(math::ulp(f(0))),
        "atan2" => fr(math::atan2(f(0), f(1))),
        "copysign" => fr(math::copysign(f(0), f(1))),
        "remainder" => fr(math::remainder(f(0), f(1))),
        "fmod" => fr(math::fmod(f(0), f(1))),
        "nextafter" => fenc(math::nextafter(f(0), f(1))),
        "log_base" => fr(math::log(Real::Float(f(0)), Some(Real::Float(f(1))))),
        "isclose" => res(math::isclose(f(0), f(1), f(2), f(3)), py_bool),
        "hypot" => fenc(math::hypot(&flts(a[0]))),
        "dist" => fr(math::dist(&flts(a[0]), &flts(a[1]))),
        "fsum" => fr(math::fsum(flts(a[0]))),
        "factorial" => ir(intmath::factorial(&int(a[0]))),
        "gcd" => ienc(&intmath::gcd(&ints(a[0]))),
        "lcm" => ienc(&intmath::lcm(&ints(a[0]))),
        "comb" => ir(intmath::comb(&int(a[0]), &int(a[1]))),
        "perm" => ir(intmath::perm(&int(a[0]), Some(&int(a[1])))),
        "perm1" => ir(intmath::perm(&int(a[0]), None)),
        "cdiv" => res(
            complex_div(Complex::new(f(0), f(1)), Complex::new(f(2), f(3))),
            cenc,
        ),
        "cpow" => res(
            complex_pow(Complex::new(f(0), f(1)), Complex::new(f(2), f(3))),
            cenc,
        ),
        "cabs" => fr(complex_abs(Complex::new(f(0), f(1)))),
        "chash" => complex_hash(Complex::new(f(0), f(1)), 0).to_string(),
        _ => panic!("unknown op {op}"),
    }
}

/// NaN results compare as NaN: CPython's NaN signs come from whichever of
/// its own constants or libm produced them, which says nothing about the
/// operation.
fn same(expected: &str, got: &str) -> bool {
    if expected == got {
        return true;
    }
    let norm = |s: &str| {
        s.split(',')
            .map(|p| match p {
                "-nan" => "nan",
                "c:-nan" => "c:nan",
                p => p,
            })
            .collect::<Vec<_>>()
            .join(",")
    };
    !expected.starts_with('!') && norm(expected) == norm(got)
}

#[test]
fn numops_cases_match_cpython() {
    let text = include_str!("numops_cases.txt");
    let mut failures = Vec::new();
    let mut count = 0;
    for line in text.lines() {
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let (op, rest) = fields.split_first().expect("op");
        let (expected, args) = rest.split_last().expect("expected");
        count += 1;
        let got =
            std::panic::catch_unwind(|| eval(op, args)).unwrap_or_else(|_| "<panic>".to_string());
        if !same(expected, &got) {
            failures.push(format!("{line}\n    got {got}"));
        }
    }
    for f in failures.iter().take(300) {
        eprintln!("{f}");
    }
    assert!(
        failures.is_empty(),
        "{} of {count} cases differ from CPython",
        failures.len()
    );
}

/// NaN signs that are part of the result's meaning do match exactly.
#[test]
fn nan_signs_from_parsing_and_copysign() {
    assert!(parse_float("-nan").unwrap().is_sign_negative());
    assert!(parse_float("nan").unwrap().is_sign_positive());
    assert!(float_fromhex("-nan").unwrap().is_sign_negative());
    assert!(math::copysign(f64::NAN, -1.0).unwrap().is_sign_negative());
    assert_eq!(float_hash(f64::NAN), None);
    assert_eq!(complex_hash(Complex::new(f64::NAN, 0.0), 7), 7);
}
