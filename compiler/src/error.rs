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
    /// The source text the error is shown with, when it is not the file's
    /// line `lineno` (an f-string replacement field is shown as `(expr)`).
    pub text: Option<String>,
}

impl SyntaxError {
    pub fn new(
        msg: impl Into<String>,
        lineno: u32,
        col: u32,
        end_lineno: u32,
        end_col: u32,
    ) -> Self {
        SyntaxError {
            kind: ErrorKind::SyntaxError,
            msg: msg.into(),
            lineno,
            col,
            end_lineno,
            end_col,
            text: None,
        }
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
        let line = self.text.as_deref().unwrap_or(line);
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
    ///
    /// Like CPython 3.11 reporting an error in a file, the caret line is
    /// laid out by UTF-8 byte offsets, and the subclasses of SyntaxError
    /// (IndentationError, TabError) get a single caret.
    pub fn render(&self, filename: &str, source: Option<&str>) -> String {
        let mut out = format!("  File \"{}\", line {}\n", filename, self.lineno);
        let text = match &self.text {
            Some(t) => Some(t.as_str()),
            None => source.and_then(|s| s.split('\n').nth((self.lineno as usize).checked_sub(1)?)),
        };
        if let Some(line) = text {
            let stripped = line.trim_start_matches([' ', '\t', '\x0c']);
            let indent = (line.len() - stripped.len()) as i64;
            let shown = stripped.trim_end_matches('\n');
            out.push_str("    ");
            out.push_str(shown);
            out.push('\n');
            // 1-based offsets as CPython stores them; 0 means "none".
            let offset: i64 = if self.col == Self::NO_COL {
                0
            } else {
                self.col as i64 + 1
            };
            // A span over several lines is underlined to the end of the
            // first; carets never run past the line.
            let line_size = line.len() as i64 + 1;
            let end_offset: i64 = if self.end_col == Self::NO_COL {
                -1
            } else if self.end_lineno > self.lineno {
                line_size
            } else {
                (self.end_col as i64 + 1).min(line_size + 1)
            };
            let carets =
                if self.kind == ErrorKind::SyntaxError && end_offset > 0 && end_offset > offset {
                    (end_offset - offset) as usize
                } else {
                    1
                };
            let mut off = offset - 1 - indent;
            off = off.min(shown.len() as i64);
            if off >= 0 {
                out.push_str("    ");
                out.extend(std::iter::repeat_n(' ', off as usize));
                out.extend(std::iter::repeat_n('^', carets));
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
        write!(
            f,
            "{}: {} (line {})",
            self.kind.name(),
            self.msg,
            self.lineno
        )
    }
}

impl std::error::Error for SyntaxError {}

pub type PResult<T> = Result<T, SyntaxError>;
