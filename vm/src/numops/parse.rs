//! `float(str)` and `complex(str)`: CPython 3.11's `PyFloat_FromString` and
//! `complex_subtype_from_string`.
//!
//! Both first map non-ASCII decimal digits to ASCII digits and non-ASCII
//! whitespace to spaces (any other non-ASCII character makes the string
//! invalid), then remove underscores that sit between two digits (any other
//! underscore is an error), then parse with `_PyOS_ascii_strtod`'s grammar:
//! an optional sign, then `inf`, `infinity` or `nan` (any case) or a decimal
//! with at least one digit and an optional exponent. Overflow gives an
//! infinity, never an error.

use std::borrow::Cow;

use super::NumError;

/// The zero of every run of Unicode decimal digits (category Nd, Unicode
/// 14.0 as in CPython 3.11) outside ASCII; each run is 0..=9 in order. The
/// same table as `int::parse` (private there).
const DECIMAL_ZEROS: [u32; 65] = [
    0x660, 0x6f0, 0x7c0, 0x966, 0x9e6, 0xa66, 0xae6, 0xb66, 0xbe6, 0xc66, 0xce6, 0xd66, 0xde6,
    0xe50, 0xed0, 0xf20, 0x1040, 0x1090, 0x17e0, 0x1810, 0x1946, 0x19d0, 0x1a80, 0x1a90, 0x1b50,
    0x1bb0, 0x1c40, 0x1c50, 0xa620, 0xa8d0, 0xa900, 0xa9d0, 0xa9f0, 0xaa50, 0xabf0, 0xff10,
    0x104a0, 0x10d30, 0x11066, 0x110f0, 0x11136, 0x111d0, 0x112f0, 0x11450, 0x114d0, 0x11650,
    0x116c0, 0x11730, 0x118e0, 0x11950, 0x11c50, 0x11d50, 0x11da0, 0x16a60, 0x16ac0, 0x16b50,
    0x1d7ce, 0x1d7d8, 0x1d7e2, 0x1d7ec, 0x1d7f6, 0x1e140, 0x1e2f0, 0x1e950, 0x1fbf0,
];

fn unicode_decimal(c: char) -> Option<u8> {
    let c = c as u32;
    let i = DECIMAL_ZEROS.partition_point(|&z| z <= c).checked_sub(1)?;
    let d = c - DECIMAL_ZEROS[i];
    (d < 10).then_some(d as u8)
}

/// `_PyUnicode_TransformDecimalAndSpaceToASCII`: anything else non-ASCII
/// becomes `?` and ends the text.
fn to_ascii(s: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c as u8);
        } else if let Some(d) = unicode_decimal(c) {
            out.push(b'0' + d);
        } else if c.is_whitespace() {
            out.push(b' ');
        } else {
            out.push(b'?');
            break;
        }
    }
    out
}

/// `Py_ISSPACE`: ASCII whitespace.
pub(crate) fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

fn py_repr(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    crate::compiler::repr::write_utf8_repr(&mut out, s);
    out
}

/// `_Py_string_to_number_with_underscores`' check and removal: an
/// underscore must follow a digit and precede a digit.
fn remove_underscores(s: &[u8]) -> Option<Cow<'_, [u8]>> {
    if !s.contains(&b'_') {
        return Some(Cow::Borrowed(s));
    }
    let mut out = Vec::with_capacity(s.len());
    let mut prev = 0u8;
    for &c in s {
        if c == b'_' {
            if !prev.is_ascii_digit() {
                return None;
            }
        } else {
            if prev == b'_' && !c.is_ascii_digit() {
                return None;
            }
            out.push(c);
        }
        prev = c;
    }
    if prev == b'_' {
        return None;
    }
    Some(Cow::Owned(out))
}

fn starts_with_ci(s: &[u8], word: &str) -> bool {
    s.len() >= word.len() && s[..word.len()].eq_ignore_ascii_case(word.as_bytes())
}

/// `_Py_parse_inf_or_nan`: a signed `inf`, `infinity` or `nan` at the start
/// of `s`, with the number of bytes it takes.
pub(crate) fn parse_inf_or_nan(s: &[u8]) -> Option<(f64, usize)> {
    let (neg, mut i) = match s.first() {
        Some(b'-') => (true, 1),
        Some(b'+') => (false, 1),
        _ => (false, 0),
    };
    let v = if starts_with_ci(&s[i..], "inf") {
        i += 3;
        if starts_with_ci(&s[i..], "inity") {
            i += 5;
        }
        f64::INFINITY
    } else if starts_with_ci(&s[i..], "nan") {
        i += 3;
        f64::NAN
    } else {
        return None;
    };
    Some((if neg { -v } else { v }, i))
}

/// `PyOS_string_to_double(s, &end, NULL)`: the longest prefix of `s` that is
/// a float literal, its value (correctly rounded; infinite on overflow) and
/// its length; `None` when no prefix is.
pub(crate) fn parse_float_prefix(s: &[u8]) -> Option<(f64, usize)> {
    if let Some(r) = parse_inf_or_nan(s) {
        return Some(r);
    }
    let digits = |mut i: usize| {
        while i < s.len() && s[i].is_ascii_digit() {
            i += 1;
        }
        i
    };
    let mut i = match s.first() {
        Some(b'-' | b'+') => 1,
        _ => 0,
    };
    let int_start = i;
    i = digits(i);
    let mut ndigits = i - int_start;
    if s.get(i) == Some(&b'.') {
        let frac_start = i + 1;
        let end = digits(frac_start);
        ndigits += end - frac_start;
        i = end;
    }
    if ndigits == 0 {
        return None;
    }
    if matches!(s.get(i), Some(b'e' | b'E')) {
        let mut j = i + 1;
        if matches!(s.get(j), Some(b'-' | b'+')) {
            j += 1;
        }
        if s.get(j).is_some_and(u8::is_ascii_digit) {
            i = digits(j);
        }
    }
    // ASCII by construction; Rust's parser is correctly rounded and accepts
    // exactly this grammar.
    let text = std::str::from_utf8(&s[..i]).ok()?;
    let v: f64 = text.parse().ok()?;
    Some((v, i))
}

/// `float(s)` for a `str` `s`. ValueError "could not convert string to
/// float: 's'" (with `repr(s)`).
pub fn parse_float(s: &str) -> Result<f64, NumError> {
    let err = || NumError::value(format!("could not convert string to float: {}", py_repr(s)));
    let ascii = to_ascii(s);
    let mut t: &[u8] = &ascii;
    while let [first, rest @ ..] = t {
        if !is_space(*first) {
            break;
        }
        t = rest;
    }
    while let [rest @ .., last] = t {
        if !is_space(*last) {
            break;
        }
        t = rest;
    }
    let t = remove_underscores(t).ok_or_else(err)?;
    match parse_float_prefix(&t) {
        Some((v, n)) if n == t.len() => Ok(v),
        _ => Err(err()),
    }
}

/// `complex(s)` for a `str` `s`: `(real, imag)`. Forms: `<float>`,
/// `<float>j`, `<float><signed-float>j`, `<float><sign>j`, `<sign>j`, `j`,
/// optionally in parentheses, with surrounding whitespace. ValueError
/// "complex() arg is a malformed string"; misplaced underscores give
/// "could not convert string to complex: 's'".
pub fn parse_complex(s: &str) -> Result<(f64, f64), NumError> {
    let ascii = to_ascii(s);
    let t = remove_underscores(&ascii).ok_or_else(|| {
        NumError::value(format!(
            "could not convert string to complex: {}",
            py_repr(s)
        ))
    })?;
    complex_from_ascii(&t).ok_or_else(|| NumError::value("complex() arg is a malformed string"))
}

fn complex_from_ascii(s: &[u8]) -> Option<(f64, f64)> {
    let at = |i: usize| s.get(i).copied().unwrap_or(0);
    let mut i = 0;
    while is_space(at(i)) {
        i += 1;
    }
    let got_bracket = at(i) == b'(';
    if got_bracket {
        i += 1;
        while is_space(at(i)) {
            i += 1;
        }
    }
    let (mut x, mut y) = (0.0, 0.0);
    let is_j = |c: u8| c == b'j' || c == b'J';
    if let Some((z, n)) = parse_float_prefix(&s[i..]) {
        i += n;
        if at(i) == b'+' || at(i) == b'-' {
            x = z;
            match parse_float_prefix(&s[i..]) {
                Some((v, n)) => {
                    y = v;
                    i += n;
                }
                None => {
                    y = if at(i) == b'+' { 1.0 } else { -1.0 };
                    i += 1;
                }
            }
            if !is_j(at(i)) {
                return None;
            }
            i += 1;
        } else if is_j(at(i)) {
            i += 1;
            y = z;
        } else {
            x = z;
        }
    } else {
        if at(i) == b'+' || at(i) == b'-' {
            y = if at(i) == b'+' { 1.0 } else { -1.0 };
            i += 1;
        } else {
            y = 1.0;
        }
        if !is_j(at(i)) {
            return None;
        }
        i += 1;
    }
    while is_space(at(i)) {
        i += 1;
    }
    if got_bracket {
        if at(i) != b')' {
            return None;
        }
        i += 1;
        while is_space(at(i)) {
            i += 1;
        }
    }
    (i == s.len()).then_some((x, y))
}
