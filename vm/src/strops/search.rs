//! Substring search: `str.find rfind index rindex count startswith
//! endswith`, with CPython's `start`/`end` normalisation. Indices are code
//! points; the search itself runs on UTF-8 bytes (a match of valid UTF-8 in
//! valid UTF-8 always starts on a character boundary).

use super::StrOpError;

/// CPython's `ADJUST_INDICES` for a string of `len` code points, after
/// `None` became `0` / `PY_SSIZE_T_MAX`: a negative index counts from the
/// end (then clamps at 0), `end` clamps at `len`. `start` is not clamped at
/// `len`, so the result may have `start > end`.
pub fn adjust_indices(start: Option<i64>, end: Option<i64>, len: usize) -> (i64, i64) {
    let len = len as i64;
    let mut start = start.unwrap_or(0);
    let mut end = end.unwrap_or(i64::MAX);
    if end > len {
        end = len;
    } else if end < 0 {
        end = (end + len).max(0);
    }
    if start < 0 {
        start = (start + len).max(0);
    }
    (start, end)
}

/// The part of a string `find` and friends look at.
struct Window<'a> {
    /// The slice `s[start:end]`.
    hay: &'a str,
    /// `start` and `end` in code points.
    start: usize,
    end: usize,
    /// `hay` is ASCII (byte offsets are code-point offsets).
    ascii: bool,
}

impl Window<'_> {
    /// The code-point index in the whole string of byte `pos` of `hay`.
    #[inline]
    fn index_of(&self, pos: usize) -> usize {
        if self.ascii {
            self.start + pos
        } else {
            self.start + self.hay[..pos].chars().count()
        }
    }
}

/// `s[start:end]` after [`adjust_indices`], or `None` when `end < start`.
fn window<'a>(s: &'a str, start: Option<i64>, end: Option<i64>) -> Option<Window<'a>> {
    if s.is_ascii() {
        let (a, b) = adjust_indices(start, end, s.len());
        if b < a {
            return None;
        }
        let (a, b) = (a as usize, b as usize);
        return Some(Window {
            hay: &s[a..b],
            start: a,
            end: b,
            ascii: true,
        });
    }
    if start.is_none() && end.is_none() {
        return Some(Window {
            hay: s,
            start: 0,
            end: s.chars().count(),
            ascii: false,
        });
    }
    let (a, b) = adjust_indices(start, end, s.chars().count());
    if b < a {
        return None;
    }
    let (a, b) = (a as usize, b as usize);
    // One walk to both byte offsets (b <= len).
    let mut ba = s.len();
    let mut bb = s.len();
    for (k, (i, _)) in s.char_indices().enumerate() {
        if k == a {
            ba = i;
        }
        if k == b {
            bb = i;
            break;
        }
    }
    Some(Window {
        hay: &s[ba..bb],
        start: a,
        end: b,
        ascii: false,
    })
}

/// `str.find(sub, start, end)`: the lowest index of `sub` in
/// `s[start:end]`, or `None` (Python's -1). An empty `sub` is found at
/// `start` if `start <= len(s)` (after normalisation).
pub fn find(s: &str, sub: &str, start: Option<i64>, end: Option<i64>) -> Option<usize> {
    let w = window(s, start, end)?;
    if sub.is_empty() {
        return Some(w.start);
    }
    let pos = if sub.len() == 1 {
        let b = sub.as_bytes()[0];
        w.hay.as_bytes().iter().position(|&x| x == b)
    } else {
        w.hay.find(sub)
    }?;
    Some(w.index_of(pos))
}

/// `str.rfind(sub, start, end)`: the highest index of `sub` in
/// `s[start:end]`, or `None` (Python's -1). An empty `sub` is found at
/// `end`.
pub fn rfind(s: &str, sub: &str, start: Option<i64>, end: Option<i64>) -> Option<usize> {
    let w = window(s, start, end)?;
    if sub.is_empty() {
        return Some(w.end);
    }
    let pos = if sub.len() == 1 {
        let b = sub.as_bytes()[0];
        w.hay.as_bytes().iter().rposition(|&x| x == b)
    } else {
        w.hay.rfind(sub)
    }?;
    Some(w.index_of(pos))
}

fn not_found() -> StrOpError {
    StrOpError::value("substring not found")
}

/// `str.index(sub, start, end)`: [`find`], but `ValueError: substring not
/// found` instead of -1.
pub fn index(
    s: &str,
    sub: &str,
    start: Option<i64>,
    end: Option<i64>,
) -> Result<usize, StrOpError> {
    find(s, sub, start, end).ok_or_else(not_found)
}

/// `str.rindex(sub, start, end)`: [`rfind`], but `ValueError: substring
/// not found` instead of -1.
pub fn rindex(
    s: &str,
    sub: &str,
    start: Option<i64>,
    end: Option<i64>,
) -> Result<usize, StrOpError> {
    rfind(s, sub, start, end).ok_or_else(not_found)
}

/// `str.count(sub, start, end)`: non-overlapping occurrences of `sub` in
/// `s[start:end]`; an empty `sub` occurs `end - start + 1` times.
pub fn count(s: &str, sub: &str, start: Option<i64>, end: Option<i64>) -> usize {
    let Some(w) = window(s, start, end) else {
        return 0;
    };
    if sub.is_empty() {
        return w.end - w.start + 1;
    }
    if sub.len() == 1 {
        let b = sub.as_bytes()[0];
        return w.hay.bytes().filter(|&x| x == b).count();
    }
    w.hay.matches(sub).count()
}

/// `str.startswith(prefix, start, end)` for one prefix (the VM loops over
/// a tuple): whether `s[start:end]` starts with `prefix`. False when
/// `end < start` after normalisation, even for an empty prefix.
pub fn startswith(s: &str, prefix: &str, start: Option<i64>, end: Option<i64>) -> bool {
    if start.is_none() && end.is_none() {
        return s.starts_with(prefix);
    }
    window(s, start, end).is_some_and(|w| w.hay.starts_with(prefix))
}

/// `str.endswith(suffix, start, end)` for one suffix: whether
/// `s[start:end]` ends with `suffix`.
pub fn endswith(s: &str, suffix: &str, start: Option<i64>, end: Option<i64>) -> bool {
    if start.is_none() && end.is_none() {
        return s.ends_with(suffix);
    }
    window(s, start, end).is_some_and(|w| w.hay.ends_with(suffix))
}
