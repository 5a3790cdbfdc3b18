//! `int(s, base)`: CPython 3.11's `PyLong_FromString` rules.
//!
//! - Surrounding whitespace is ignored; one optional sign follows it, with no
//!   space between sign and digits.
//! - Base 0 takes the base from a `0x`/`0o`/`0b` prefix (else 10, where a
//!   leading zero is only allowed if the whole number is zero: `"0_0"` but
//!   not `"010"`); base 16, 8 or 2 accepts its own prefix.
//! - Underscores may separate digits (single, never leading or trailing)
//!   and may follow a prefix directly (`"0x_1f"`).
//! - Non-power-of-two bases refuse more digits than the caller's limit
//!   (`sys.get_int_max_str_digits()`), checked after the digits are scanned
//!   but before trailing garbage is reported, as CPython does.
//! - Like CPython, non-ASCII decimal digits (`"١٢"`, fullwidth `"１２"`)
//!   count as their ASCII digits and non-ASCII whitespace as a space
//!   anywhere in the string; any other non-ASCII character ends the literal
//!   (so it is invalid).

use dashu_int::{IBig, UBig};

use super::{Int, IntError};

/// The zero of every run of Unicode decimal digits (general category Nd,
/// Unicode 14.0 as in CPython 3.11) outside ASCII; each run is 0..=9 in
/// order. Extracted with `unicodedata.decimal` over all code points.
const DECIMAL_ZEROS: [u32; 65] = [
    0x660, 0x6f0, 0x7c0, 0x966, 0x9e6, 0xa66, 0xae6, 0xb66, 0xbe6, 0xc66, 0xce6, 0xd66, 0xde6,
    0xe50, 0xed0, 0xf20, 0x1040, 0x1090, 0x17e0, 0x1810, 0x1946, 0x19d0, 0x1a80, 0x1a90, 0x1b50,
    0x1bb0, 0x1c40, 0x1c50, 0xa620, 0xa8d0, 0xa900, 0xa9d0, 0xa9f0, 0xaa50, 0xabf0, 0xff10,
    0x104a0, 0x10d30, 0x11066, 0x110f0, 0x11136, 0x111d0, 0x112f0, 0x11450, 0x114d0, 0x11650,
    0x116c0, 0x11730, 0x118e0, 0x11950, 0x11c50, 0x11d50, 0x11da0, 0x16a60, 0x16ac0, 0x16b50,
    0x1d7ce, 0x1d7d8, 0x1d7e2, 0x1d7ec, 0x1d7f6, 0x1e140, 0x1e2f0, 0x1e950, 0x1fbf0,
];

/// The value of a non-ASCII decimal digit.
fn unicode_decimal(c: char) -> Option<u8> {
    let c = c as u32;
    // The last zero not above `c`; the runs do not overlap.
    let i = DECIMAL_ZEROS.partition_point(|&z| z <= c).checked_sub(1)?;
    let d = c - DECIMAL_ZEROS[i];
    (d < 10).then_some(d as u8)
}

/// CPython's `_PyUnicode_TransformDecimalAndSpaceToASCII`: ASCII passes
/// through, non-ASCII whitespace becomes a space and non-ASCII digits their
/// ASCII digit; anything else becomes `?` and ends the text (the literal is
/// then invalid, whatever followed).
fn to_ascii(s: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c as u8);
        } else if c.is_whitespace() {
            out.push(b' ');
        } else if let Some(d) = unicode_decimal(c) {
            out.push(b'0' + d);
        } else {
            out.push(b'?');
            break;
        }
    }
    out
}

/// C's `isspace` in the "C" locale, which `PyLong_FromString` skips.
fn is_c_space(b: &u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

/// Python's `repr()` of a string, close enough for error messages: quotes
/// chosen like Python's, backslash escapes for control characters and the
/// non-printable format and separator characters; other non-ASCII characters
/// appear as themselves (Python's exact printable set is a Unicode table this
/// module does not carry).
pub(crate) fn py_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || (0x7f..0xa1).contains(&(c as u32)) || c == '\u{ad}' => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c if is_unprintable(c) => {
                if (c as u32) < 0x10000 {
                    out.push_str(&format!("\\u{:04x}", c as u32));
                } else {
                    out.push_str(&format!("\\U{:08x}", c as u32));
                }
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// Non-ASCII characters Python's `repr` escapes: separators (`Z*` other than
/// the space), controls and the common format characters (`Cf`).
fn is_unprintable(c: char) -> bool {
    (c != ' ' && c.is_whitespace())
        || c.is_control()
        || matches!(c as u32, 0x200b..=0x200f | 0x202a..=0x202e | 0x2060..=0x2064 | 0xfeff)
        || matches!(c as u32, 0xe000..=0xf8ff | 0xf0000..)
}

fn digit_value(b: u8) -> u32 {
    match b {
        b'0'..=b'9' => (b - b'0') as u32,
        b'a'..=b'z' => (b - b'a') as u32 + 10,
        b'A'..=b'Z' => (b - b'A') as u32 + 10,
        _ => 99,
    }
}

/// `int(s, base)`. `max_str_digits` is `sys.get_int_max_str_digits()`
/// (0: no limit).
pub fn parse_int(s: &str, base: u32, max_str_digits: usize) -> Result<Int, IntError> {
    if base == 1 || base > 36 {
        return Err(IntError::value("int() base must be >= 2 and <= 36, or 0"));
    }
    let invalid = || {
        // CPython formats the repr with `%.200R`: cut to 200 characters.
        let r: String = py_repr(s).chars().take(200).collect();
        IntError::value(format!(
            "invalid literal for int() with base {}: {}",
            base, r
        ))
    };
    let ascii = to_ascii(s);
    let start = ascii
        .iter()
        .position(|b| !is_c_space(b))
        .unwrap_or(ascii.len());
    let end = ascii
        .iter()
        .rposition(|b| !is_c_space(b))
        .map_or(start, |i| i + 1);
    let t = &ascii[start..end];
    let (negative, t) = match t.first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let prefix_base = match t {
        [b'0', b'x' | b'X', ..] => 16,
        [b'0', b'o' | b'O', ..] => 8,
        [b'0', b'b' | b'B', ..] => 2,
        _ => 0,
    };
    let (radix, mut rest, prefixed) = if base == 0 {
        if prefix_base != 0 {
            (prefix_base, &t[2..], true)
        } else {
            (10, t, false)
        }
    } else if prefix_base == base {
        (base, &t[2..], true)
    } else {
        (base, t, false)
    };
    // After a prefix, one underscore may come before the first digit.
    if prefixed && rest.first() == Some(&b'_') {
        rest = &rest[1..];
    }
    // The digit run: digits with single underscores between them.
    let mut digits = Vec::with_capacity(rest.len());
    let mut prev_underscore = false;
    let mut end = 0;
    for &b in rest {
        if b == b'_' {
            if prev_underscore || digits.is_empty() {
                return Err(invalid());
            }
            prev_underscore = true;
        } else if digit_value(b) < radix {
            digits.push(b);
            prev_underscore = false;
        } else {
            break;
        }
        end += 1;
    }
    if digits.is_empty() || prev_underscore {
        return Err(invalid());
    }
    if !radix.is_power_of_two() && max_str_digits > 0 && digits.len() > max_str_digits {
        return Err(IntError::value(format!(
            "Exceeds the limit ({} digits) for integer string conversion: value has {} digits; \
             use sys.set_int_max_str_digits() to increase the limit",
            max_str_digits,
            digits.len()
        )));
    }
    if end != rest.len() {
        return Err(invalid());
    }
    // Base 0 without a prefix is a decimal literal: no leading zeros.
    if base == 0 && !prefixed && digits[0] == b'0' && digits.iter().any(|&d| d != b'0') {
        return Err(invalid());
    }
    let magnitude = digits_to_int(&digits, radix).ok_or_else(invalid)?;
    Ok(if negative { magnitude.neg() } else { magnitude })
}

fn digits_to_int(digits: &[u8], radix: u32) -> Option<Int> {
    // Short runs accumulate in a u64; `checked_*` notices when they do not
    // fit.
    let mut acc: u64 = 0;
    let mut small = true;
    for &d in digits {
        match acc
            .checked_mul(radix as u64)
            .and_then(|v| v.checked_add(digit_value(d) as u64))
        {
            Some(v) => acc = v,
            None => {
                small = false;
                break;
            }
        }
    }
    if small {
        return Some(Int::from(acc));
    }
    // Every byte is an ASCII digit of `radix`, which dashu parses the same.
    let text = std::str::from_utf8(digits).ok()?;
    let mag = UBig::from_str_radix(text, radix).ok()?;
    Some(Int::from_ibig(IBig::from(mag)))
}
