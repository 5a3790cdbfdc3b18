//! Strings built from one string: `str.strip lstrip rstrip replace
//! removeprefix removesuffix center ljust rjust zfill expandtabs
//! translate`.

use std::borrow::Cow;

use super::chars::is_space;
use super::{alloc, char_len, StrOpError};

/// The set of characters to strip: ASCII as a bitmap, else the string.
enum StripSet<'a> {
    Space,
    Ascii([bool; 128]),
    Chars(&'a str),
}

impl<'a> StripSet<'a> {
    fn new(chars: Option<&'a str>) -> StripSet<'a> {
        match chars {
            None => StripSet::Space,
            Some(cs) if cs.is_ascii() => {
                let mut t = [false; 128];
                for b in cs.bytes() {
                    t[b as usize] = true;
                }
                StripSet::Ascii(t)
            }
            Some(cs) => StripSet::Chars(cs),
        }
    }

    #[inline]
    fn contains(&self, c: char) -> bool {
        match self {
            StripSet::Space => is_space(c),
            StripSet::Ascii(t) => (c as u32) < 128 && t[c as usize],
            StripSet::Chars(cs) => cs.contains(c),
        }
    }
}

/// `str.strip(chars)`: `s` without leading and trailing characters in
/// `chars` (`None`: whitespace as [`is_space`]).
pub fn strip<'a>(s: &'a str, chars: Option<&str>) -> &'a str {
    let set = StripSet::new(chars);
    s.trim_matches(|c| set.contains(c))
}

/// `str.lstrip(chars)`: [`strip`] at the start only.
pub fn lstrip<'a>(s: &'a str, chars: Option<&str>) -> &'a str {
    let set = StripSet::new(chars);
    s.trim_start_matches(|c| set.contains(c))
}

/// `str.rstrip(chars)`: [`strip`] at the end only.
pub fn rstrip<'a>(s: &'a str, chars: Option<&str>) -> &'a str {
    let set = StripSet::new(chars);
    s.trim_end_matches(|c| set.contains(c))
}

/// `str.removeprefix(prefix)`.
pub fn removeprefix<'a>(s: &'a str, prefix: &str) -> &'a str {
    s.strip_prefix(prefix).unwrap_or(s)
}

/// `str.removesuffix(suffix)`.
pub fn removesuffix<'a>(s: &'a str, suffix: &str) -> &'a str {
    s.strip_suffix(suffix).unwrap_or(s)
}

/// `str.replace(old, new, count)`: the first `count` (negative: all)
/// non-overlapping occurrences of `old` replaced by `new`; an empty `old`
/// matches before every character and at the end. `Borrowed` when nothing
/// changes. `OverflowError: replace string is too long` / `MemoryError`
/// when the result cannot exist.
pub fn replace<'a>(
    s: &'a str,
    old: &str,
    new: &str,
    count: i64,
) -> Result<Cow<'a, str>, StrOpError> {
    let max = if count < 0 {
        usize::MAX
    } else {
        usize::try_from(count).unwrap_or(usize::MAX)
    };
    if max == 0 || old == new {
        return Ok(Cow::Borrowed(s));
    }
    if let ([o], [n]) = (old.as_bytes(), new.as_bytes()) {
        // One ASCII character for another (the commonest call): a byte
        // loop, no substring searcher to set up.
        return Ok(replace_byte(s, *o, *n, max));
    }
    let n = if old.is_empty() {
        max.min(char_len(s) + 1)
    } else {
        if !s.contains(old) {
            return Ok(Cow::Borrowed(s));
        }
        if new.len() > old.len() {
            s.matches(old).take(max).count()
        } else {
            0
        }
    };
    let mut out = if new.len() > old.len() {
        let grow = (new.len() - old.len()).checked_mul(n);
        let size = grow
            .and_then(|g| g.checked_add(s.len()))
            .filter(|&t| t <= isize::MAX as usize);
        alloc(size.ok_or_else(|| StrOpError::overflow("replace string is too long"))?)?
    } else {
        String::with_capacity(s.len())
    };
    let mut last = 0;
    for (i, m) in s.match_indices(old).take(max) {
        out.push_str(&s[last..i]);
        out.push_str(new);
        last = i + m.len();
    }
    out.push_str(&s[last..]);
    Ok(Cow::Owned(out))
}

/// [`replace`] of one single-byte (ASCII) character by another, at most
/// `max` times.
fn replace_byte(s: &str, old: u8, new: u8, max: usize) -> Cow<'_, str> {
    let Some(first) = s.bytes().position(|b| b == old) else {
        return Cow::Borrowed(s);
    };
    let mut out = s.as_bytes().to_vec();
    let mut left = max;
    for b in &mut out[first..] {
        if left == 0 {
            break;
        }
        if *b == old {
            *b = new;
            left -= 1;
        }
    }
    // ASCII replaced by ASCII: still UTF-8.
    Cow::Owned(String::from_utf8(out).expect("ASCII for ASCII keeps UTF-8"))
}

/// `pad()`: `left` and `right` fill characters around `s`.
fn pad<'a>(s: &'a str, left: usize, right: usize, fill: char) -> Result<Cow<'a, str>, StrOpError> {
    let size = (left as u128 + right as u128) * fill.len_utf8() as u128 + s.len() as u128;
    if size > isize::MAX as u128 {
        return Err(StrOpError::memory());
    }
    let mut out = alloc(size as usize)?;
    out.extend(std::iter::repeat_n(fill, left));
    out.push_str(s);
    out.extend(std::iter::repeat_n(fill, right));
    Ok(Cow::Owned(out))
}

/// The padding `width - len(s)`, or `None` if `s` is already that wide.
fn margin(s: &str, width: i64) -> Option<usize> {
    let len = char_len(s) as i64;
    (width > len).then(|| (width - len) as usize)
}

/// `str.center(width, fillchar)`: `s` centred in `width` characters (an odd
/// margin puts the extra fill on the left when `width` is odd). `Borrowed`
/// if `len(s) >= width`.
pub fn center(s: &str, width: i64, fillchar: char) -> Result<Cow<'_, str>, StrOpError> {
    let Some(marg) = margin(s, width) else {
        return Ok(Cow::Borrowed(s));
    };
    let left = marg / 2 + (marg & (width as usize) & 1);
    pad(s, left, marg - left, fillchar)
}

/// `str.ljust(width, fillchar)`: `s` padded on the right to `width`.
pub fn ljust(s: &str, width: i64, fillchar: char) -> Result<Cow<'_, str>, StrOpError> {
    match margin(s, width) {
        None => Ok(Cow::Borrowed(s)),
        Some(m) => pad(s, 0, m, fillchar),
    }
}

/// `str.rjust(width, fillchar)`: `s` padded on the left to `width`.
pub fn rjust(s: &str, width: i64, fillchar: char) -> Result<Cow<'_, str>, StrOpError> {
    match margin(s, width) {
        None => Ok(Cow::Borrowed(s)),
        Some(m) => pad(s, m, 0, fillchar),
    }
}

/// `str.zfill(width)`: `s` padded with `0` on the left to `width`, after a
/// leading `+` or `-`.
pub fn zfill(s: &str, width: i64) -> Result<Cow<'_, str>, StrOpError> {
    let Some(fill) = margin(s, width) else {
        return Ok(Cow::Borrowed(s));
    };
    let size = fill
        .checked_add(s.len())
        .filter(|&t| t <= isize::MAX as usize);
    let mut out = alloc(size.ok_or_else(StrOpError::memory)?)?;
    let rest = match s.as_bytes().first() {
        Some(&sign @ (b'+' | b'-')) => {
            out.push(sign as char);
            &s[1..]
        }
        _ => s,
    };
    out.extend(std::iter::repeat_n('0', fill));
    out.push_str(rest);
    Ok(Cow::Owned(out))
}

/// `str.expandtabs(tabsize)`: each tab replaced by spaces up to the next
/// multiple of `tabsize` columns (columns restart after `\n` and `\r`;
/// `tabsize <= 0` removes tabs). `Borrowed` if there is no tab;
/// `OverflowError: new string is too long` past `PY_SSIZE_T_MAX`. `tabsize`
/// is a C `int`: the VM raises `OverflowError: Python int too large to
/// convert to C int` for ints outside `i32` itself.
pub fn expandtabs(s: &str, tabsize: i32) -> Result<Cow<'_, str>, StrOpError> {
    let tabsize = i64::from(tabsize);
    if !s.as_bytes().contains(&b'\t') {
        return Ok(Cow::Borrowed(s));
    }
    let overflow = || StrOpError::overflow("new string is too long");
    // First pass: the result's length in characters (CPython's check) and
    // in bytes.
    let mut j: i64 = 0;
    let mut line_pos: i64 = 0;
    let mut extra_bytes: u64 = 0;
    for c in s.chars() {
        if c == '\t' {
            if tabsize > 0 {
                let incr = tabsize - line_pos % tabsize;
                j = j.checked_add(incr).ok_or_else(overflow)?;
                line_pos += incr;
                extra_bytes += incr as u64;
            }
        } else {
            j = j.checked_add(1).ok_or_else(overflow)?;
            line_pos += 1;
            extra_bytes += c.len_utf8() as u64;
            if c == '\n' || c == '\r' {
                line_pos = 0;
            }
        }
    }
    if extra_bytes > isize::MAX as u64 {
        return Err(StrOpError::memory());
    }
    let mut out = alloc(extra_bytes as usize)?;
    // Second pass: copy the text between tabs as slices.
    let ascii = s.is_ascii();
    let mut line_pos: i64 = 0;
    let mut seg = 0;
    for (i, b) in s.bytes().enumerate() {
        match b {
            b'\t' => {
                out.push_str(&s[seg..i]);
                seg = i + 1;
                if tabsize > 0 {
                    let incr = tabsize - line_pos % tabsize;
                    line_pos += incr;
                    out.extend(std::iter::repeat_n(' ', incr as usize));
                }
            }
            b'\n' | b'\r' => line_pos = 0,
            // A character is counted at its first byte.
            _ if ascii || b & 0xc0 != 0x80 => line_pos += 1,
            _ => {}
        }
    }
    out.push_str(&s[seg..]);
    Ok(Cow::Owned(out))
}

/// What `str.translate`'s table gives for one character.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mapping {
    /// `LookupError` (e.g. a missing dict key): keep the character.
    Keep,
    /// `None`: delete the character.
    Delete,
    /// An int, already checked with [`check_mapping_code_point`] (the VM
    /// decides what to do with a surrogate, which a `&str` cannot hold).
    Char(char),
    /// A `str`.
    Str(String),
}

/// The check of an int result of a translate table: `ValueError: character
/// mapping must be in range(0x110000)` outside `0..=0x10FFFF` (the VM
/// passes ints beyond `i64` as `i64::MAX`).
pub fn check_mapping_code_point(v: i64) -> Result<u32, StrOpError> {
    if (0..=0x10FFFF).contains(&v) {
        Ok(v as u32)
    } else {
        Err(StrOpError::value(
            "character mapping must be in range(0x110000)",
        ))
    }
}

/// `str.translate(table)`, the table given as `lookup` (`table[ord(c)]`
/// with the VM's conversion of its result). Like CPython, an ASCII `s`
/// calls `lookup` once per distinct character as long as the results are
/// ASCII (or deletions); from the first other result on, once per
/// character (that character's lookup is repeated once).
pub fn translate<E>(
    s: &str,
    mut lookup: impl FnMut(char) -> Result<Mapping, E>,
) -> Result<String, E> {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    if s.is_ascii() {
        // `unicode_fast_translate`: 0xff unknown, 0xfe deleted.
        let mut table = [0xffu8; 128];
        let mut stopped = None;
        for (i, b) in s.bytes().enumerate() {
            let mut t = table[b as usize];
            if t == 0xff {
                t = match lookup(b as char)? {
                    Mapping::Keep => b,
                    Mapping::Delete => 0xfe,
                    Mapping::Char(c) if c.is_ascii() => c as u8,
                    Mapping::Str(m) if m.len() == 1 && m.is_ascii() => m.as_bytes()[0],
                    _ => {
                        stopped = Some(i);
                        break;
                    }
                };
                table[b as usize] = t;
            }
            if t != 0xfe {
                out.push(t as char);
            }
        }
        match stopped {
            None => return Ok(out),
            Some(i) => rest = &s[i..],
        }
    }
    for c in rest.chars() {
        match lookup(c)? {
            Mapping::Keep => out.push(c),
            Mapping::Delete => {}
            Mapping::Char(m) => out.push(m),
            Mapping::Str(m) => out.push_str(&m),
        }
    }
    Ok(out)
}
