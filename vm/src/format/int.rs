//! Integers: `int.__format__` (`format_long_internal` in CPython's
//! `Python/formatter_unicode.c`).
//!
//! The module does not fix a big-int library: an integer is anything that
//! implements [`FormatInt`] (its sign, its magnitude's digits in base 2, 8,
//! 10 or 16, and its conversion to `f64`). `i64`, `i128` and [`DecimalInt`]
//! (a sign and a decimal digit string, converted between bases the slow
//! way) implement it; the VM implements it for its own big ints.

use super::float::format_float_internal;
use super::render::{fill_number, Number};
use super::spec::{FormatSpec, Grouping};
use super::{unknown_presentation_type, FormatError};

/// What formatting needs from an integer.
pub trait FormatInt {
    /// The integer is below zero.
    fn is_negative(&self) -> bool;
    /// The digits of the absolute value in `base` (2, 8, 10 or 16), lower
    /// case, without prefix or sign; `"0"` for zero.
    fn magnitude_digits(&self, base: u32) -> String;
    /// `float(n)`, correctly rounded (ties to even); `None` when it is too
    /// large for a float (OverflowError "int too large to convert to float").
    fn to_f64(&self) -> Option<f64>;
    /// The value as an `i64`, `None` if it does not fit (for `c`).
    fn to_i64(&self) -> Option<i64>;
}

fn u128_digits(mut m: u128, base: u32) -> String {
    match base {
        2 => format!("{:b}", m),
        8 => format!("{:o}", m),
        16 => format!("{:x}", m),
        10 => m.to_string(),
        _ => {
            let mut v = Vec::new();
            loop {
                v.push(std::char::from_digit((m % base as u128) as u32, base).unwrap());
                m /= base as u128;
                if m == 0 {
                    break;
                }
            }
            v.iter().rev().collect()
        }
    }
}

impl FormatInt for i64 {
    fn is_negative(&self) -> bool {
        *self < 0
    }
    fn magnitude_digits(&self, base: u32) -> String {
        u128_digits(self.unsigned_abs() as u128, base)
    }
    fn to_f64(&self) -> Option<f64> {
        Some(*self as f64)
    }
    fn to_i64(&self) -> Option<i64> {
        Some(*self)
    }
}

impl FormatInt for i128 {
    fn is_negative(&self) -> bool {
        *self < 0
    }
    fn magnitude_digits(&self, base: u32) -> String {
        u128_digits(self.unsigned_abs(), base)
    }
    fn to_f64(&self) -> Option<f64> {
        Some(*self as f64)
    }
    fn to_i64(&self) -> Option<i64> {
        i64::try_from(*self).ok()
    }
}

/// An integer of any size as a sign and decimal digits. Conversion to other
/// bases is quadratic: fine for tests and for the occasional huge int, but
/// the VM should implement [`FormatInt`] for its own big ints.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecimalInt {
    negative: bool,
    /// Without leading zeros; `"0"` for zero.
    digits: String,
}

impl DecimalInt {
    /// Parse `[-+]digits` (ASCII digits, optional `_` between them ignored).
    pub fn parse(s: &str) -> Option<DecimalInt> {
        let (negative, body) = match s.as_bytes().first()? {
            b'-' => (true, &s[1..]),
            b'+' => (false, &s[1..]),
            _ => (false, s),
        };
        let digits: String = body.chars().filter(|&c| c != '_').collect();
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let trimmed = digits.trim_start_matches('0');
        let digits = if trimmed.is_empty() {
            "0".to_string()
        } else {
            trimmed.to_string()
        };
        let negative = negative && digits != "0";
        Some(DecimalInt { negative, digits })
    }

    /// The exact integer value of an integral float (`int(x)` after
    /// truncation); `None` for nan, inf or a non-integral value.
    pub fn from_integral_f64(x: f64) -> Option<DecimalInt> {
        if !x.is_finite() || x.fract() != 0.0 {
            return None;
        }
        DecimalInt::parse(&format!("{:.0}", x))
    }

    /// Decimal text, with `-` if negative.
    pub fn to_decimal_string(&self) -> String {
        if self.negative {
            format!("-{}", self.digits)
        } else {
            self.digits.clone()
        }
    }
}

impl FormatInt for DecimalInt {
    fn is_negative(&self) -> bool {
        self.negative
    }
    fn magnitude_digits(&self, base: u32) -> String {
        if base == 10 {
            return self.digits.clone();
        }
        if self.digits.len() <= 38 {
            return u128_digits(self.digits.parse::<u128>().unwrap(), base);
        }
        // Repeated division of a base-10**9 number by `base`.
        let mut limbs: Vec<u64> = Vec::new();
        let bytes = self.digits.as_bytes();
        let mut end = bytes.len();
        while end > 0 {
            let start = end.saturating_sub(9);
            limbs.push(
                std::str::from_utf8(&bytes[start..end])
                    .unwrap()
                    .parse()
                    .unwrap(),
            );
            end = start;
        }
        limbs.reverse(); // most significant first
        let mut out = Vec::new();
        while !(limbs.is_empty()) {
            let mut rem: u64 = 0;
            for limb in limbs.iter_mut() {
                let cur = rem * 1_000_000_000 + *limb;
                *limb = cur / base as u64;
                rem = cur % base as u64;
            }
            out.push(std::char::from_digit(rem as u32, base).unwrap());
            while limbs.first() == Some(&0) {
                limbs.remove(0);
            }
        }
        out.iter().rev().collect()
    }
    fn to_f64(&self) -> Option<f64> {
        let x: f64 = self.to_decimal_string().parse().ok()?;
        x.is_finite().then_some(x)
    }
    fn to_i64(&self) -> Option<i64> {
        self.to_decimal_string().parse().ok()
    }
}

/// `int.__format__(n, spec)`; `type_name` names the object's type in errors
/// (`"int"`, `"bool"`, ...). An empty spec is `str(n)` (for a subclass the
/// VM must call `str(obj)` instead).
pub fn format_int<I: FormatInt + ?Sized>(
    n: &I,
    spec: &str,
    type_name: &str,
) -> Result<String, FormatError> {
    if spec.is_empty() {
        let d = n.magnitude_digits(10);
        return Ok(if n.is_negative() { format!("-{d}") } else { d });
    }
    let spec = FormatSpec::parse_for(spec, type_name)?;
    format_int_spec(n, &spec, type_name)
}

/// [`format_int`] with a parsed spec.
pub fn format_int_spec<I: FormatInt + ?Sized>(
    n: &I,
    spec: &FormatSpec,
    type_name: &str,
) -> Result<String, FormatError> {
    let format = spec.resolve('d', '>')?;
    match format.ty {
        'b' | 'c' | 'd' | 'o' | 'x' | 'X' | 'n' => {}
        'e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%' => {
            let x = n
                .to_f64()
                .ok_or_else(|| FormatError::overflow("int too large to convert to float"))?;
            return format_float_internal(x, &format);
        }
        t => return Err(unknown_presentation_type(t, type_name)),
    }
    if format.precision != -1 {
        return Err(FormatError::value(
            "Precision not allowed in integer format specifier",
        ));
    }
    if format.no_neg_zero {
        return Err(FormatError::value(
            "Negative zero coercion (z) not allowed in integer format specifier",
        ));
    }
    if format.ty == 'c' {
        if format.sign != '\0' {
            return Err(FormatError::value(
                "Sign not allowed with integer format specifier 'c'",
            ));
        }
        if format.alternate {
            return Err(FormatError::value(
                "Alternate form (#) not allowed with integer format specifier 'c'",
            ));
        }
        let x = n
            .to_i64()
            .ok_or_else(|| FormatError::overflow("Python int too large to convert to C long"))?;
        let ch = u32::try_from(x)
            .ok()
            .filter(|&c| c <= 0x10ffff)
            .ok_or_else(|| FormatError::overflow("%c arg not in range(0x110000)"))?;
        // Surrogates cannot live in a Rust string; U+FFFD stands in.
        let ch = char::from_u32(ch).unwrap_or('\u{fffd}').to_string();
        let num = Number {
            negative: false,
            prefix: "",
            digits: "",
            has_decimal: false,
            remainder: &ch,
        };
        return Ok(fill_number(&num, &format, false));
    }
    let (base, prefix) = match format.ty {
        'b' => (2, "0b"),
        'o' => (8, "0o"),
        'x' | 'X' => (16, "0x"),
        _ => (10, ""),
    };
    let digits = n.magnitude_digits(base);
    let mut spec = format.clone();
    if format.ty == 'n' {
        spec.grouping = Grouping::Locale;
    }
    let num = Number {
        negative: n.is_negative(),
        prefix: if format.alternate { prefix } else { "" },
        digits: &digits,
        has_decimal: false,
        remainder: "",
    };
    Ok(fill_number(&num, &spec, format.ty == 'X'))
}
