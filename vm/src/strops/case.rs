//! Case conversion: `str.lower upper casefold capitalize title swapcase`
//! (`do_lower`, `do_upper`, ... in `Objects/unicodeobject.c`) with
//! CPython 3.11's full (one-to-many) mappings and the Final_Sigma rule.

use super::chars::{
    is_case_ignorable, is_cased, is_lowercase, is_uppercase, to_folded_full, to_lower_full,
    to_title_full, to_upper_full,
};

const CAPITAL_SIGMA: char = '\u{3a3}';

/// `handle_capital_sigma`: `ς` if the `Σ` at byte `i` of `s` ends a word
/// (a cased letter before it and none after it, skipping case-ignorable
/// characters), else `σ`.
fn sigma_at(s: &str, i: usize) -> char {
    let before = s[..i].chars().rev().find(|&c| !is_case_ignorable(c));
    let mut is_final = before.is_some_and(is_cased);
    if is_final {
        let after = s[i + CAPITAL_SIGMA.len_utf8()..]
            .chars()
            .find(|&c| !is_case_ignorable(c));
        is_final = after.is_none_or(|c| !is_cased(c));
    }
    if is_final {
        '\u{3c2}'
    } else {
        '\u{3c3}'
    }
}

/// `lower_ucs4`: the lowercase of `c` at byte `i` of `s`, onto `out`.
#[inline]
fn push_lower(s: &str, i: usize, c: char, out: &mut String) {
    if c == CAPITAL_SIGMA {
        out.push(sigma_at(s, i));
    } else {
        to_lower_full(c).push_to(out);
    }
}

/// `str.lower()`: full lowercase mapping (`İ` → `i̇`), `Σ` → `ς` at the end
/// of a word.
pub fn lower(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(s.len());
    for (i, c) in s.char_indices() {
        push_lower(s, i, c, &mut out);
    }
    out
}

/// `str.upper()`: full uppercase mapping (`ß` → `SS`).
pub fn upper(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_uppercase();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        to_upper_full(c).push_to(&mut out);
    }
    out
}

/// `str.casefold()`: full case folding (`ß` → `ss`, `ﬁ` → `fi`; no
/// final-sigma rule).
pub fn casefold(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        to_folded_full(c).push_to(&mut out);
    }
    out
}

/// `str.capitalize()`: the first character in titlecase (since 3.8: `ǆ` →
/// `ǅ`), the rest in lowercase.
pub fn capitalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut it = s.char_indices();
    if let Some((_, c)) = it.next() {
        to_title_full(c).push_to(&mut out);
    }
    if s.is_ascii() {
        out.extend(it.map(|(_, c)| c.to_ascii_lowercase()));
    } else {
        for (i, c) in it {
            push_lower(s, i, c, &mut out);
        }
    }
    out
}

/// `str.title()`: titlecase after an uncased character, lowercase after a
/// cased one (`"they're"` → `"They'Re"`).
pub fn title(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut previous_is_cased = false;
    if s.is_ascii() {
        for b in s.bytes() {
            out.push(if previous_is_cased {
                b.to_ascii_lowercase()
            } else {
                b.to_ascii_uppercase()
            } as char);
            previous_is_cased = b.is_ascii_alphabetic();
        }
        return out;
    }
    for (i, c) in s.char_indices() {
        if previous_is_cased {
            push_lower(s, i, c, &mut out);
        } else {
            to_title_full(c).push_to(&mut out);
        }
        previous_is_cased = is_cased(c);
    }
    out
}

/// `str.swapcase()`: uppercase characters lowercased, lowercase ones
/// uppercased (`ß` → `SS`), others (incl. titlecase) unchanged.
pub fn swapcase(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    if s.is_ascii() {
        for b in s.bytes() {
            let c = if b.is_ascii_uppercase() {
                b.to_ascii_lowercase()
            } else {
                b.to_ascii_uppercase()
            };
            out.push(c as char);
        }
        return out;
    }
    for (i, c) in s.char_indices() {
        if is_uppercase(c) {
            push_lower(s, i, c, &mut out);
        } else if is_lowercase(c) {
            to_upper_full(c).push_to(&mut out);
        } else {
            out.push(c);
        }
    }
    out
}
