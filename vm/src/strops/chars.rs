//! Character properties and case mappings of CPython 3.11 (Unicode 14.0),
//! from the generated [`tables`], with ASCII fast paths.

use super::tables;

/// Whether `c` has the property given as a bit of
/// [`SMALL_FLAGS`](tables::SMALL_FLAGS) (below U+0800) and as `ranges`.
#[inline]
fn prop(c: char, bit: u16, ranges: &[(u32, u32)]) -> bool {
    let cp = c as u32;
    match tables::SMALL_FLAGS.get(cp as usize) {
        Some(flags) => flags & bit != 0,
        None => in_ranges(ranges, cp),
    }
}

/// Whether `cp` lies in one of the sorted inclusive `ranges`.
#[inline]
fn in_ranges(ranges: &[(u32, u32)], cp: u32) -> bool {
    // Index of the first range whose end is >= cp.
    let i = ranges.partition_point(|&(_, hi)| hi < cp);
    i < ranges.len() && ranges[i].0 <= cp
}

/// `Py_UNICODE_ISALPHA`: categories Lu, Ll, Lt, Lm, Lo.
#[inline]
pub fn is_alpha(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else {
        prop(c, tables::F_ALPHA, tables::ALPHA)
    }
}

/// `Py_UNICODE_TODECIMAL`: the value of a decimal digit (category Nd),
/// e.g. `'٣'` is 3. `None` for other characters.
#[inline]
pub fn decimal_value(c: char) -> Option<u32> {
    if c.is_ascii() {
        return c.to_digit(10);
    }
    let cp = c as u32;
    let zeros = tables::DECIMAL_ZEROS;
    let i = zeros.partition_point(|&z| z <= cp);
    if i == 0 {
        return None;
    }
    let d = cp - zeros[i - 1];
    (d < 10).then_some(d)
}

/// `Py_UNICODE_ISDECIMAL`: category Nd (`str.isdecimal`).
#[inline]
pub fn is_decimal(c: char) -> bool {
    match tables::SMALL_FLAGS.get(c as usize) {
        Some(flags) => flags & tables::F_DECIMAL != 0,
        None => decimal_value(c).is_some(),
    }
}

/// `Py_UNICODE_ISDIGIT`: Numeric_Type Decimal or Digit (`str.isdigit`).
#[inline]
pub fn is_digit(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_digit()
    } else {
        prop(c, tables::F_DIGIT, tables::DIGIT)
    }
}

/// `Py_UNICODE_ISNUMERIC`: any Numeric_Type (`str.isnumeric`).
#[inline]
pub fn is_numeric(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_digit()
    } else {
        prop(c, tables::F_NUMERIC, tables::NUMERIC)
    }
}

/// `Py_UNICODE_ISALNUM`: alpha, decimal, digit or numeric.
#[inline]
pub fn is_alnum(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        is_alpha(c) || is_numeric(c)
    }
}

/// `Py_UNICODE_ISSPACE`: bidirectional class WS, B or S, or category Zs
/// (`str.isspace`, and what `split()`/`strip()` without arguments remove).
/// In ASCII: `\t \n \v \f \r`, `\x1c`-`\x1f` and space.
#[inline]
pub fn is_space(c: char) -> bool {
    let cp = c as u32;
    if cp < 128 {
        ASCII_SPACE[cp as usize]
    } else {
        prop(c, tables::F_SPACE, tables::SPACE)
    }
}

/// The ASCII whitespace of [`is_space`], by byte.
pub(crate) static ASCII_SPACE: [bool; 128] = {
    let mut t = [false; 128];
    let ws = [9u8, 10, 11, 12, 13, 28, 29, 30, 31, 32];
    let mut i = 0;
    while i < ws.len() {
        t[ws[i] as usize] = true;
        i += 1;
    }
    t
};

/// `Py_UNICODE_ISLINEBREAK`: the line boundaries of `str.splitlines`:
/// `\n \r \v \f \x1c \x1d \x1e \x85 \u2028 \u2029`.
#[inline]
pub fn is_linebreak(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r'
            | '\x0b'
            | '\x0c'
            | '\x1c'
            | '\x1d'
            | '\x1e'
            | '\u{85}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

/// `Py_UNICODE_ISPRINTABLE`: not in categories Cc, Cf, Cs, Co, Cn, Zl, Zp,
/// Zs (except space).
#[inline]
pub fn is_printable(c: char) -> bool {
    let cp = c as u32;
    if cp < 128 {
        (0x20..0x7f).contains(&cp)
    } else {
        !prop(c, tables::F_NON_PRINTABLE, tables::NON_PRINTABLE)
    }
}

/// `Py_UNICODE_ISLOWER`: the Lowercase property.
#[inline]
pub fn is_lowercase(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_lowercase()
    } else {
        prop(c, tables::F_LOWERCASE, tables::LOWERCASE)
    }
}

/// `Py_UNICODE_ISUPPER`: the Uppercase property.
#[inline]
pub fn is_uppercase(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_uppercase()
    } else {
        prop(c, tables::F_UPPERCASE, tables::UPPERCASE)
    }
}

/// `Py_UNICODE_ISTITLE`: category Lt (e.g. `ǅ`).
#[inline]
pub fn is_titlecase(c: char) -> bool {
    !c.is_ascii() && prop(c, tables::F_TITLECASE, tables::TITLECASE)
}

/// `_PyUnicode_IsCased`: the Cased property (Lowercase, Uppercase or Lt).
#[inline]
pub fn is_cased(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else {
        prop(c, tables::F_CASED, tables::CASED)
    }
}

/// `_PyUnicode_IsCaseIgnorable`: the Case_Ignorable property (used by the
/// final-sigma rule of `lower`).
#[inline]
pub fn is_case_ignorable(c: char) -> bool {
    if c.is_ascii() {
        matches!(c, '\'' | '.' | ':' | '^' | '`')
    } else {
        prop(c, tables::F_CASE_IGNORABLE, tables::CASE_IGNORABLE)
    }
}

/// `_PyUnicode_IsXidStart` or `_`: may begin an identifier.
#[inline]
pub fn is_xid_start(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic() || c == '_'
    } else {
        prop(c, tables::F_XID_START, tables::XID_START)
    }
}

/// `_PyUnicode_IsXidContinue`: may continue an identifier.
#[inline]
pub fn is_xid_continue(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || c == '_'
    } else {
        prop(c, tables::F_XID_CONTINUE, tables::XID_CONTINUE)
    }
}

/// A full case mapping of one character: one to three characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CaseMapping {
    /// Maps to this one character (possibly itself).
    One(char),
    /// Maps to these characters.
    Many(&'static str),
}

impl CaseMapping {
    /// Appends the mapping to `out`.
    #[inline]
    pub fn push_to(self, out: &mut String) {
        match self {
            CaseMapping::One(c) => out.push(c),
            CaseMapping::Many(s) => out.push_str(s),
        }
    }
}

/// `c`'s entry in a case map (`small` below U+0800, then `map`).
#[inline]
fn lookup(map: &[(u32, u32)], small: &[u32; tables::SMALL], c: char) -> CaseMapping {
    let cp = c as u32;
    let v = match small.get(cp as usize) {
        Some(&0) => return CaseMapping::One(c),
        Some(&v) => v,
        None => match map.binary_search_by_key(&cp, |&(k, _)| k) {
            Err(_) => return CaseMapping::One(c),
            Ok(i) => map[i].1,
        },
    };
    if v & tables::MULTI != 0 {
        CaseMapping::Many(tables::MULTI_MAPPINGS[(v & !tables::MULTI) as usize])
    } else {
        // The generator only writes valid scalar values.
        CaseMapping::One(char::from_u32(v).unwrap_or(c))
    }
}

/// `_PyUnicode_ToLowerFull` (U+03A3 maps to `σ`; the final-sigma rule
/// needs context, see [`lower`](super::lower)).
#[inline]
pub fn to_lower_full(c: char) -> CaseMapping {
    if c.is_ascii() {
        CaseMapping::One(c.to_ascii_lowercase())
    } else {
        lookup(tables::LOWER_MAP, &tables::SMALL_LOWER_MAP, c)
    }
}

/// `_PyUnicode_ToUpperFull` (e.g. `ß` → `SS`).
#[inline]
pub fn to_upper_full(c: char) -> CaseMapping {
    if c.is_ascii() {
        CaseMapping::One(c.to_ascii_uppercase())
    } else {
        lookup(tables::UPPER_MAP, &tables::SMALL_UPPER_MAP, c)
    }
}

/// `_PyUnicode_ToTitleFull` (e.g. `ǆ` → `ǅ`, `ß` → `Ss`).
#[inline]
pub fn to_title_full(c: char) -> CaseMapping {
    if c.is_ascii() {
        CaseMapping::One(c.to_ascii_uppercase())
    } else {
        lookup(tables::TITLE_MAP, &tables::SMALL_TITLE_MAP, c)
    }
}

/// `_PyUnicode_ToFoldedFull` (e.g. `ß` → `ss`).
#[inline]
pub fn to_folded_full(c: char) -> CaseMapping {
    if c.is_ascii() {
        CaseMapping::One(c.to_ascii_lowercase())
    } else {
        lookup(tables::FOLD_MAP, &tables::SMALL_FOLD_MAP, c)
    }
}
