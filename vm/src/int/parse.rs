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
//!
//! Not done: CPython also accepts non-ASCII Unicode decimal digits (`"١٢"`)
//! and Unicode whitespace inside the digits' surroundings by transforming
//! them to ASCII first; here only ASCII digits are digits (Unicode
//! whitespace around the number is stripped).

use dashu_int::{IBig, UBig};

use super::{Int, IntError};

/// Whitespace `int()` strips: CPython maps non-ASCII whitespace to a space
/// and then skips C's ASCII `isspace` set, so U+001C..U+001F (whitespace to
/// `str.isspace()`) are not stripped while U+3000 is.
fn is_py_space(c: char) -> bool {
    if c.is_ascii() {
        matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c')
    } else {
        c.is_whitespace()
    }
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
    let t = s.trim_matches(is_py_space).as_bytes();
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
