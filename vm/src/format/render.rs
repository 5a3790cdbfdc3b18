//! Laying a number out in its field: `calc_number_widths()`, `fill_number()`,
//! `calc_padding()` and `_PyUnicode_InsertThousandsGrouping()` from CPython.

use super::spec::{Grouping, Resolved};

/// The pieces of a formatted number, as CPython's `fill_number` sees them:
/// `<sign><prefix><digits>[<decimal point>]<remainder>`.
pub(crate) struct Number<'a> {
    /// The number is negative (its text had a leading `-`).
    pub negative: bool,
    /// `0x`, `0o`, `0b` or empty.
    pub prefix: &'a str,
    /// The integer digits, which get grouped and zero padded.
    pub digits: &'a str,
    /// A decimal point follows the digits.
    pub has_decimal: bool,
    /// Everything after the digits (and decimal point): fraction, exponent,
    /// `%`, or the whole text of `inf`/`nan` and of the `c` type.
    pub remainder: &'a str,
}

/// Split a formatted float (sign already removed) into digits, decimal point
/// and remainder (`parse_number()`).
pub(crate) fn split_float(text: &str) -> (&str, bool, &str) {
    let n = text.bytes().take_while(|b| b.is_ascii_digit()).count();
    let rest = &text[n..];
    if let Some(r) = rest.strip_prefix('.') {
        (&text[..n], true, r)
    } else {
        (&text[..n], false, rest)
    }
}

/// Group `digits` right to left every `group` characters with `sep`,
/// zero padding (separators included) to at least `min_width` characters.
pub(crate) fn group_digits(digits: &str, min_width: i64, group: usize, sep: char) -> String {
    let d: Vec<char> = digits.chars().collect();
    let mut rev: Vec<char> = Vec::with_capacity(d.len() + d.len() / 3 + 4);
    let mut remaining = d.len() as i64;
    let mut min_width = min_width;
    let mut pos = d.len();
    let mut use_sep = false;
    let fill = |rev: &mut Vec<char>, pos: &mut usize, n_chars: i64, n_zeros: i64, use_sep: bool| {
        if use_sep {
            rev.push(sep);
        }
        for _ in 0..n_chars {
            *pos -= 1;
            rev.push(d[*pos]);
        }
        for _ in 0..n_zeros {
            rev.push('0');
        }
    };
    let mut broken = false;
    if group > 0 {
        loop {
            let l = (group as i64).min(remaining.max(min_width).max(1));
            let n_zeros = (l - remaining).max(0);
            let n_chars = remaining.min(l).max(0);
            fill(&mut rev, &mut pos, n_chars, n_zeros, use_sep);
            use_sep = true;
            remaining -= n_chars;
            min_width -= l;
            if remaining <= 0 && min_width <= 0 {
                broken = true;
                break;
            }
            min_width -= 1;
        }
    }
    if !broken {
        let l = remaining.max(min_width).max(1);
        let n_zeros = (l - remaining).max(0);
        let n_chars = remaining.min(l).max(0);
        fill(&mut rev, &mut pos, n_chars, n_zeros, use_sep);
    }
    rev.iter().rev().collect()
}

fn push_n(out: &mut String, c: char, n: i64) {
    for _ in 0..n.max(0) {
        out.push(c);
    }
}

/// `calc_number_widths()` + `fill_number()`: lay out `num` with the spec's
/// sign, fill, alignment, width and grouping.
pub(crate) fn fill_number(num: &Number<'_>, spec: &Resolved, toupper: bool) -> String {
    let sign = match spec.sign {
        '+' => Some(if num.negative { '-' } else { '+' }),
        ' ' => Some(if num.negative { '-' } else { ' ' }),
        _ => num.negative.then_some('-'),
    };
    let n_sign = sign.is_some() as i64;
    let n_prefix = num.prefix.chars().count() as i64;
    let n_decimal = num.has_decimal as i64;
    let n_remainder = num.remainder.chars().count() as i64;
    let non_digit = n_sign + n_prefix + n_decimal + n_remainder;
    let min_width = if spec.fill == '0' && spec.align == '=' {
        spec.width - non_digit
    } else {
        0
    };
    let grouping = if spec.grouping == Grouping::Locale {
        Grouping::None
    } else {
        spec.grouping
    };
    let (group, sep) = grouping.info();
    let grouped = if num.digits.is_empty() {
        String::new()
    } else {
        group_digits(num.digits, min_width, group, sep)
    };
    let n_padding = spec.width - (non_digit + grouped.chars().count() as i64);
    let (mut lpad, mut spad, mut rpad) = (0, 0, 0);
    if n_padding > 0 {
        match spec.align {
            '<' => rpad = n_padding,
            '^' => {
                lpad = n_padding / 2;
                rpad = n_padding - lpad;
            }
            '=' => spad = n_padding,
            _ => lpad = n_padding,
        }
    }
    let mut out = String::with_capacity((spec.width.max(0) as usize) + grouped.len() + 8);
    push_n(&mut out, spec.fill, lpad);
    if let Some(s) = sign {
        out.push(s);
    }
    if toupper {
        out.push_str(&num.prefix.to_ascii_uppercase());
    } else {
        out.push_str(num.prefix);
    }
    push_n(&mut out, spec.fill, spad);
    if toupper {
        out.push_str(&grouped.to_ascii_uppercase());
    } else {
        out.push_str(&grouped);
    }
    if num.has_decimal {
        out.push('.');
    }
    out.push_str(num.remainder);
    push_n(&mut out, spec.fill, rpad);
    out
}

/// `calc_padding()`: (left padding, right padding) to fit `nchars` into
/// `width` with `align`.
pub(crate) fn calc_padding(nchars: i64, width: i64, align: char) -> (i64, i64) {
    let total = if width >= 0 {
        nchars.max(width)
    } else {
        nchars
    };
    let lpad = match align {
        '>' => total - nchars,
        '^' => (total - nchars) / 2,
        _ => 0,
    };
    (lpad, total - nchars - lpad)
}

/// Pad `body` (of `nchars` characters) into the spec's field.
pub(crate) fn pad(body: &str, nchars: i64, width: i64, align: char, fill: char) -> String {
    let (l, r) = calc_padding(nchars, width, align);
    let mut out = String::with_capacity(body.len() + (l + r).max(0) as usize);
    push_n(&mut out, fill, l);
    out.push_str(body);
    push_n(&mut out, fill, r);
    out
}
