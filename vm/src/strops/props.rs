//! The `str.is*()` predicates (`Objects/unicodeobject.c`), exact for
//! Unicode 14.0. All but `isascii` and `isprintable` are false for `''`.

use super::chars::{
    is_alnum, is_alpha, is_decimal, is_digit, is_lowercase, is_numeric, is_printable, is_space,
    is_titlecase, is_uppercase, is_xid_continue, is_xid_start, ASCII_SPACE,
};

#[inline]
fn all_nonempty(s: &str, ascii: impl Fn(u8) -> bool, pred: impl Fn(char) -> bool) -> bool {
    if s.is_empty() {
        return false;
    }
    if s.is_ascii() {
        s.bytes().all(ascii)
    } else {
        s.chars().all(pred)
    }
}

/// `str.isalpha()`: non-empty, every character alphabetic (Lu Ll Lt Lm Lo).
pub fn isalpha(s: &str) -> bool {
    all_nonempty(s, |b| b.is_ascii_alphabetic(), is_alpha)
}

/// `str.isdecimal()`: non-empty, every character a decimal digit (Nd).
pub fn isdecimal(s: &str) -> bool {
    all_nonempty(s, |b| b.is_ascii_digit(), is_decimal)
}

/// `str.isdigit()`: non-empty, every character a digit (e.g. also `²`).
pub fn isdigit(s: &str) -> bool {
    all_nonempty(s, |b| b.is_ascii_digit(), is_digit)
}

/// `str.isnumeric()`: non-empty, every character numeric (e.g. also `½`).
pub fn isnumeric(s: &str) -> bool {
    all_nonempty(s, |b| b.is_ascii_digit(), is_numeric)
}

/// `str.isalnum()`: non-empty, every character alphabetic or numeric.
pub fn isalnum(s: &str) -> bool {
    all_nonempty(s, |b| b.is_ascii_alphanumeric(), is_alnum)
}

/// `str.isspace()`: non-empty, every character whitespace.
pub fn isspace(s: &str) -> bool {
    all_nonempty(s, |b| ASCII_SPACE[b as usize], is_space)
}

/// `str.isprintable()`: every character printable (true for `''`).
pub fn isprintable(s: &str) -> bool {
    if s.is_ascii() {
        s.bytes().all(|b| (0x20..0x7f).contains(&b))
    } else {
        s.chars().all(is_printable)
    }
}

/// `str.isascii()`: every character below U+0080 (true for `''`).
pub fn isascii(s: &str) -> bool {
    s.is_ascii()
}

/// `str.islower()`: at least one cased character, and no uppercase or
/// titlecase ones.
pub fn islower(s: &str) -> bool {
    if s.is_ascii() {
        let b = s.as_bytes();
        return !b.iter().any(u8::is_ascii_uppercase) && b.iter().any(u8::is_ascii_lowercase);
    }
    let mut cased = false;
    for c in s.chars() {
        if is_uppercase(c) || is_titlecase(c) {
            return false;
        }
        if !cased && is_lowercase(c) {
            cased = true;
        }
    }
    cased
}

/// `str.isupper()`: at least one cased character, and no lowercase or
/// titlecase ones.
pub fn isupper(s: &str) -> bool {
    if s.is_ascii() {
        let b = s.as_bytes();
        return !b.iter().any(u8::is_ascii_lowercase) && b.iter().any(u8::is_ascii_uppercase);
    }
    let mut cased = false;
    for c in s.chars() {
        if is_lowercase(c) || is_titlecase(c) {
            return false;
        }
        if !cased && is_uppercase(c) {
            cased = true;
        }
    }
    cased
}

/// `str.istitle()`: at least one cased character; uppercase and titlecase
/// characters only after uncased ones, lowercase only after cased ones.
pub fn istitle(s: &str) -> bool {
    let mut cased = false;
    let mut previous_is_cased = false;
    for c in s.chars() {
        if is_uppercase(c) || is_titlecase(c) {
            if previous_is_cased {
                return false;
            }
            previous_is_cased = true;
            cased = true;
        } else if is_lowercase(c) {
            if !previous_is_cased {
                return false;
            }
            previous_is_cased = true;
            cased = true;
        } else {
            previous_is_cased = false;
        }
    }
    cased
}

/// `str.isidentifier()`: non-empty, first character XID_Start or `_`, the
/// rest XID_Continue (keywords are identifiers too).
pub fn isidentifier(s: &str) -> bool {
    let mut it = s.chars();
    match it.next() {
        Some(c) if is_xid_start(c) => it.all(is_xid_continue),
        _ => false,
    }
}
