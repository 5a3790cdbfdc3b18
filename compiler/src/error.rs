//! Syntax errors as CPython reports them.
//!
//! Positions are kept as the parser sees them (1-based line, 0-based UTF-8
//! byte column); `SyntaxError::offsets_in_chars` converts to the 1-based
//! character offsets Python's `SyntaxError.offset` exposes.

use std::fmt;

/// Which exception class CPython raises.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    SyntaxError,
    IndentationError,
    TabError,
}

impl ErrorKind {
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::SyntaxError => "SyntaxError",
            ErrorKind::IndentationError => "IndentationError",
            ErrorKind::TabError => "TabError",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub kind: ErrorKind,
    pub msg: String,
    /// 1-based line of the error.
    pub lineno: u32,
    /// 0-based UTF-8 byte column on `lineno`.
    pub col: u32,
    pub end_lineno: u32,
    /// 0-based UTF-8 byte column on `end_lineno` (exclusive).
    pub end_col: u32,
}

impl SyntaxError {
    pub fn new(msg: impl Into<String>, lineno: u32, col: u32, end_lineno: u32, end_col: u32) -> Self {
        SyntaxError { kind: ErrorKind::SyntaxError, msg: msg.into(), lineno, col, end_lineno, end_col }
    }

    pub fn with_kind(mut self, kind: ErrorKind) -> Self {
        self.kind = kind;
        self
    }

    /// Column value meaning "no column" (CPython's -1, e.g. on INDENT).
    pub const NO_COL: u32 = u32::MAX;

    /// `(offset, end_offset)` as 1-based character offsets within `line`
    /// (the text of `self.lineno`), the way CPython stores them on the
    /// exception object.
    pub fn offsets_in_chars(&self, line: &str, end_line: Option<&str>) -> (usize, usize) {
        if self.col == Self::NO_COL {
            return (0, 0);
        }
        let to_chars = |text: &str, byte: u32| {
            let b = (byte as usize).min(text.len());
            let mut b2 = b;
            while !text.is_char_boundary(b2) {
                b2 -= 1;
            }
            text[..b2].chars().count() + 1
        };
        let off = to_chars(line, self.col);
        let end = if self.end_lineno == self.lineno {
            to_chars(line, self.end_col)
        } else {
            to_chars(end_line.unwrap_or(""), self.end_col)
        };
        (off, end)
    }
}

impl SyntaxError {
    /// The report CPython prints for an uncaught SyntaxError:
    /// `  File "NAME", line N`, the offending line without its indentation,
    /// a caret line under the error's span, and `Kind: message`.
    pub fn render(&self, filename: &str, source: Option<&str>) -> String {
        let mut out = format!("  File \"{}\", line {}\n", filename, self.lineno);
        let line_of = |n: u32| source.and_then(|s| s.split('\n').nth((n as usize).checked_sub(1)?));
        if let Some(line) = line_of(self.lineno) {
            let (offset, end_offset) = self.offsets_in_chars(line, line_of(self.end_lineno));
            let carets = if self.end_lineno == self.lineno && end_offset > offset { end_offset - offset } else { 1 };
            let stripped = line.trim_start_matches([' ', '\t', '\x0c']);
            let indent = line.chars().count() - stripped.chars().count();
            let text = stripped.trim_end_matches('\n');
            out.push_str("    ");
            out.push_str(text);
            out.push('\n');
            let len = text.chars().count() as i64;
            let mut off = offset as i64 - 1 - indent as i64;
            if off > len {
                off = len;
            }
            if off >= 0 && offset > 0 {
                out.push_str("    ");
                out.extend(std::iter::repeat(' ').take(off as usize));
                out.extend(std::iter::repeat('^').take(carets.max(1)));
                out.push('\n');
            }
        }
        out.push_str(self.kind.name());
        out.push_str(": ");
        out.push_str(&self.msg);
        out.push('\n');
        out
    }
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} (line {})", self.kind.name(), self.msg, self.lineno)
    }
}

impl std::error::Error for SyntaxError {}

pub type PResult<T> = Result<T, SyntaxError>;
