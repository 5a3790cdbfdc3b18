//! Splitting: `str.split rsplit splitlines partition rpartition`
//! (`Objects/stringlib/split.h`). Pieces are slices of the input.

use super::chars::{is_space, ASCII_SPACE};
use super::StrOpError;

fn empty_separator() -> StrOpError {
    StrOpError::value("empty separator")
}

/// `maxsplit` as a count: negative means unlimited.
#[inline]
fn max_count(maxsplit: i64) -> usize {
    if maxsplit < 0 {
        usize::MAX
    } else {
        usize::try_from(maxsplit).unwrap_or(usize::MAX)
    }
}

/// The character starting at byte `i` of `s`.
#[inline]
fn char_at(s: &str, i: usize) -> char {
    s[i..].chars().next().unwrap_or('\0')
}

/// The character ending at byte `e` of `s`.
#[inline]
fn char_before(s: &str, e: usize) -> char {
    s[..e].chars().next_back().unwrap_or('\0')
}

/// Whitespace of `s` at byte `i`: its length in bytes, or 0 if not space.
#[inline]
fn space_len_at(s: &str, ascii: bool, i: usize) -> (bool, usize) {
    if ascii {
        (ASCII_SPACE[s.as_bytes()[i] as usize], 1)
    } else {
        let c = char_at(s, i);
        (is_space(c), c.len_utf8())
    }
}

#[inline]
fn space_len_before(s: &str, ascii: bool, e: usize) -> (bool, usize) {
    if ascii {
        (ASCII_SPACE[s.as_bytes()[e - 1] as usize], 1)
    } else {
        let c = char_before(s, e);
        (is_space(c), c.len_utf8())
    }
}

/// `split_whitespace`.
fn split_whitespace(s: &str, mut maxcount: usize) -> Vec<&str> {
    let ascii = s.is_ascii();
    let n = s.len();
    let mut out = Vec::new();
    let mut i = 0;
    let skip_space = |mut i: usize| {
        while i < n {
            let (sp, l) = space_len_at(s, ascii, i);
            if !sp {
                break;
            }
            i += l;
        }
        i
    };
    while maxcount > 0 {
        i = skip_space(i);
        if i == n {
            break;
        }
        let j = i;
        while i < n {
            let (sp, l) = space_len_at(s, ascii, i);
            if sp {
                break;
            }
            i += l;
        }
        out.push(&s[j..i]);
        maxcount -= 1;
    }
    if i < n {
        // Only when maxcount ran out: the rest, without leading space.
        i = skip_space(i);
        if i != n {
            out.push(&s[i..]);
        }
    }
    out
}

/// `rsplit_whitespace`.
fn rsplit_whitespace(s: &str, mut maxcount: usize) -> Vec<&str> {
    let ascii = s.is_ascii();
    let mut out = Vec::new();
    // `e` is the end (exclusive) of what is left to scan.
    let mut e = s.len();
    let skip_space = |mut e: usize| {
        while e > 0 {
            let (sp, l) = space_len_before(s, ascii, e);
            if !sp {
                break;
            }
            e -= l;
        }
        e
    };
    while maxcount > 0 {
        e = skip_space(e);
        if e == 0 {
            break;
        }
        let j = e;
        while e > 0 {
            let (sp, l) = space_len_before(s, ascii, e);
            if sp {
                break;
            }
            e -= l;
        }
        out.push(&s[e..j]);
        maxcount -= 1;
    }
    if e > 0 {
        e = skip_space(e);
        if e > 0 {
            out.push(&s[..e]);
        }
    }
    out.reverse();
    out
}

/// `str.split(sep, maxsplit)`: with `sep` `None`, split on runs of
/// whitespace and drop empty pieces (after `maxsplit` splits the rest is
/// kept whole, leading whitespace removed); with a separator, at most
/// `maxsplit` splits (negative: unlimited) from the left. `ValueError:
/// empty separator` for `sep == ""`.
pub fn split<'a>(s: &'a str, sep: Option<&str>, maxsplit: i64) -> Result<Vec<&'a str>, StrOpError> {
    let maxcount = max_count(maxsplit);
    let Some(sep) = sep else {
        return Ok(split_whitespace(s, maxcount));
    };
    if sep.is_empty() {
        return Err(empty_separator());
    }
    let n = maxcount.saturating_add(1);
    Ok(if sep.len() == 1 {
        s.splitn(n, sep.as_bytes()[0] as char).collect()
    } else {
        s.splitn(n, sep).collect()
    })
}

/// `str.rsplit(sep, maxsplit)`: [`split`] from the right.
pub fn rsplit<'a>(
    s: &'a str,
    sep: Option<&str>,
    maxsplit: i64,
) -> Result<Vec<&'a str>, StrOpError> {
    let maxcount = max_count(maxsplit);
    let Some(sep) = sep else {
        return Ok(rsplit_whitespace(s, maxcount));
    };
    if sep.is_empty() {
        return Err(empty_separator());
    }
    let n = maxcount.saturating_add(1);
    let mut out: Vec<&str> = if sep.len() == 1 {
        s.rsplitn(n, sep.as_bytes()[0] as char).collect()
    } else {
        s.rsplitn(n, sep).collect()
    };
    out.reverse();
    Ok(out)
}

/// Length in bytes of the line break starting at byte `i` of `s` (0 if
/// none); `\r\n` is one break.
#[inline]
fn linebreak_len(b: &[u8], i: usize) -> usize {
    match b[i] {
        b'\r' => {
            if b.get(i + 1) == Some(&b'\n') {
                2
            } else {
                1
            }
        }
        b'\n' | 0x0b | 0x0c | 0x1c | 0x1d | 0x1e => 1,
        // U+0085
        0xc2 if b.get(i + 1) == Some(&0x85) => 2,
        // U+2028, U+2029
        0xe2 if b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0xa8 | 0xa9)) => 3,
        _ => 0,
    }
}

/// `str.splitlines(keepends)`: split at `\n \r \r\n \v \f \x1c \x1d \x1e
/// \x85 \u2028 \u2029`, keeping the line breaks if `keepends`. No empty
/// last piece after a final line break; `''` gives `[]`.
pub fn splitlines(s: &str, keepends: bool) -> Vec<&str> {
    let b = s.as_bytes();
    let n = b.len();
    let mut out = Vec::new();
    let mut i = 0;
    let mut j = 0;
    while i < n {
        let l = linebreak_len(b, i);
        if l == 0 {
            i += 1;
            continue;
        }
        let eol = if keepends { i + l } else { i };
        out.push(&s[j..eol]);
        i += l;
        j = i;
    }
    if j < n {
        out.push(&s[j..]);
    }
    out
}

/// `str.partition(sep)`: `(before, sep, after)` around the first `sep`, or
/// `(s, "", "")`. `ValueError: empty separator` for `sep == ""`.
pub fn partition<'a>(s: &'a str, sep: &str) -> Result<(&'a str, &'a str, &'a str), StrOpError> {
    if sep.is_empty() {
        return Err(empty_separator());
    }
    Ok(match s.find(sep) {
        Some(i) => (&s[..i], &s[i..i + sep.len()], &s[i + sep.len()..]),
        None => (s, "", ""),
    })
}

/// `str.rpartition(sep)`: `(before, sep, after)` around the last `sep`, or
/// `("", "", s)`. `ValueError: empty separator` for `sep == ""`.
pub fn rpartition<'a>(s: &'a str, sep: &str) -> Result<(&'a str, &'a str, &'a str), StrOpError> {
    if sep.is_empty() {
        return Err(empty_separator());
    }
    Ok(match s.rfind(sep) {
        Some(i) => (&s[..i], &s[i..i + sep.len()], &s[i + sep.len()..]),
        None => ("", "", s),
    })
}
