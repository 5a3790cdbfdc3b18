//! The tokenizer: CPython 3.11's lexical grammar (`Parser/tokenizer.c`).
//!
//! The whole input is tokenized up front into a vector, which lets the parser
//! backtrack by index. A lexical error stops the stream: the vector then ends
//! with an `ErrorToken` and `Tokens::error` holds the SyntaxError. Since
//! CPython prefers a tokenizer error anywhere in the file to a parser error,
//! the parser reports `error` whenever it fails and one exists.
//!
//! Positions are 1-based lines and 0-based UTF-8 byte columns.

use crate::error::{ErrorKind, SyntaxError};

/// Parentheses nest at most this deep (CPython's `MAXLEVEL`).
pub const MAX_PAREN_LEVEL: usize = 200;
/// Indentation nests at most this deep (CPython's `MAXINDENT`).
pub const MAX_INDENT: usize = 100;

macro_rules! token_kinds {
    (
        specials { $($(#[$sdoc:meta])* $S:ident),* $(,)? }
        operators { $($O:ident = $otext:literal),* $(,)? }
        keywords { $($K:ident = $ktext:literal),* $(,)? }
    ) => {
        /// A token kind. Operators and keywords get their own kinds so the
        /// parser compares one byte, never a string.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[repr(u8)]
        pub enum Tok {
            $($(#[$sdoc])* $S,)*
            $($O,)*
            $($K,)*
        }

        impl Tok {
            /// The source text of an operator or keyword token.
            pub fn text(self) -> Option<&'static str> {
                match self {
                    $(Tok::$O => Some($otext),)*
                    $(Tok::$K => Some($ktext),)*
                    _ => None,
                }
            }

            pub fn keyword(name: &str) -> Option<Tok> {
                match name {
                    $($ktext => Some(Tok::$K),)*
                    _ => None,
                }
            }

            pub fn is_keyword(self) -> bool {
                matches!(self, $(Tok::$K)|*)
            }
        }
    };
}

token_kinds! {
    specials {
        EndMarker, Name, Number, String, Newline, Indent, Dedent,
        /// An unknown character; the parser says "invalid syntax" there.
        ErrorToken,
        /// End of input inside brackets: "'(' was never closed".
        EofInBrackets,
    }
    operators {
        Lpar = "(", Rpar = ")", Lsqb = "[", Rsqb = "]", Colon = ":", Comma = ",",
        Semi = ";", Plus = "+", Minus = "-", Star = "*", Slash = "/", Vbar = "|",
        Amper = "&", Less = "<", Greater = ">", Equal = "=", Dot = ".", Percent = "%",
        Lbrace = "{", Rbrace = "}", EqEqual = "==", NotEqual = "!=", LessEqual = "<=",
        GreaterEqual = ">=", Tilde = "~", Circumflex = "^", LeftShift = "<<",
        RightShift = ">>", DoubleStar = "**", PlusEqual = "+=", MinEqual = "-=",
        StarEqual = "*=", SlashEqual = "/=", PercentEqual = "%=", AmperEqual = "&=",
        VbarEqual = "|=", CircumflexEqual = "^=", LeftShiftEqual = "<<=",
        RightShiftEqual = ">>=", DoubleStarEqual = "**=", DoubleSlash = "//",
        DoubleSlashEqual = "//=", At = "@", AtEqual = "@=", Rarrow = "->",
        Ellipsis = "...", ColonEqual = ":=", Exclamation = "!",
    }
    keywords {
        False = "False", None = "None", True = "True", And = "and", As = "as",
        Assert = "assert", Async = "async", Await = "await", Break = "break",
        Class = "class", Continue = "continue", Def = "def", Del = "del",
        Elif = "elif", Else = "else", Except = "except", Finally = "finally",
        For = "for", From = "from", Global = "global", If = "if",
        Import = "import", In = "in", Is = "is", Lambda = "lambda",
        Nonlocal = "nonlocal", Not = "not", Or = "or", Pass = "pass",
        Raise = "raise", Return = "return", Try = "try", While = "while",
        With = "with", Yield = "yield",
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub kind: Tok,
    /// Byte range in the source.
    pub start: u32,
    pub end: u32,
    pub lineno: u32,
    pub col: u32,
    pub end_lineno: u32,
    pub end_col: u32,
}

/// The token stream of a whole input.
#[derive(Debug)]
pub struct Tokens {
    pub tokens: Vec<Token>,
    /// A lexical error; `tokens` then ends with an `ErrorToken` where it arose.
    pub error: Option<SyntaxError>,
    /// For `EofInBrackets`: the innermost unclosed bracket (char, line, col).
    pub unclosed: Option<(u8, u32, u32)>,
}

pub struct Tokenizer<'a> {
    src: &'a [u8],
    pos: usize,
    end: usize,
    lineno: u32,
    line_start: usize,
    at_bol: bool,
    blank_line: bool,
    /// Indentation stack of (column with tabs to 8, column with tabs to 1).
    indents: Vec<(u32, u32)>,
    parens: Vec<(u8, u32, u32)>,
    /// Tokenizing an f-string replacement field: no INDENT/NEWLINE logic.
    in_fstring: bool,
    tokens: Vec<Token>,
}

impl<'a> Tokenizer<'a> {
    pub fn new(src: &'a str) -> Tokenizer<'a> {
        Tokenizer {
            src: src.as_bytes(),
            pos: 0,
            end: src.len(),
            lineno: 1,
            line_start: 0,
            at_bol: true,
            blank_line: false,
            indents: vec![(0, 0)],
            parens: Vec::new(),
            in_fstring: false,
            tokens: Vec::with_capacity(src.len() / 4 + 16),
        }
    }

    /// A tokenizer for the replacement-field text `src[start..end]` of an
    /// f-string, which starts on `lineno` whose first byte is `line_start`.
    pub fn for_fstring_expr(
        src: &'a str,
        start: usize,
        end: usize,
        lineno: u32,
        line_start: usize,
    ) -> Tokenizer<'a> {
        Tokenizer {
            src: src.as_bytes(),
            pos: start,
            end,
            lineno,
            line_start,
            at_bol: false,
            blank_line: false,
            indents: vec![(0, 0)],
            parens: Vec::new(),
            in_fstring: true,
            tokens: Vec::new(),
        }
    }

    #[inline]
    fn peek(&self) -> u8 {
        if self.pos < self.end {
            self.src[self.pos]
        } else {
            0
        }
    }

    #[inline]
    fn peek_at(&self, off: usize) -> u8 {
        let p = self.pos + off;
        if p < self.end {
            self.src[p]
        } else {
            0
        }
    }

    fn col_of(&self, pos: usize) -> u32 {
        (pos - self.line_start) as u32
    }

    fn push(&mut self, kind: Tok, start: usize, lineno: u32, col: u32) {
        self.tokens.push(Token {
            kind,
            start: start as u32,
            end: self.pos as u32,
            lineno,
            col,
            end_lineno: self.lineno,
            end_col: self.col_of(self.pos),
        });
    }

    fn newline_at(&mut self, pos_after: usize) {
        self.lineno += 1;
        self.line_start = pos_after;
    }

    fn error_at(&self, msg: impl Into<String>, lineno: u32, col: u32) -> SyntaxError {
        SyntaxError::new(msg, lineno, col, lineno, col + 1)
    }

    /// Tokenize everything.
    pub fn tokenize(mut self) -> Tokens {
        match self.run() {
            Ok(unclosed) => Tokens {
                tokens: self.tokens,
                error: None,
                unclosed,
            },
            Err(e) => {
                let (l, c) = (self.lineno, self.col_of(self.pos.min(self.end)));
                self.tokens.push(Token {
                    kind: Tok::ErrorToken,
                    start: self.pos as u32,
                    end: self.pos as u32,
                    lineno: l,
                    col: c,
                    end_lineno: l,
                    end_col: c,
                });
                Tokens {
                    tokens: self.tokens,
                    error: Some(e),
                    unclosed: None,
                }
            }
        }
    }

    fn run(&mut self) -> Result<Option<(u8, u32, u32)>, SyntaxError> {
        loop {
            if self.at_bol {
                self.at_bol = false;
                self.indentation()?;
            }
            // Skip spaces, tabs and form feeds.
            while self.pos < self.end && matches!(self.src[self.pos], b' ' | b'\t' | b'\x0c') {
                self.pos += 1;
            }
            if self.pos >= self.end {
                return self.at_eof();
            }
            let start = self.pos;
            let (lineno, col) = (self.lineno, self.col_of(start));
            let c = self.src[start];
            match c {
                b'#' => {
                    while self.pos < self.end && self.src[self.pos] != b'\n' {
                        self.pos += 1;
                    }
                }
                b'\n' => {
                    self.pos += 1;
                    let emit = !self.blank_line && self.parens.is_empty() && !self.in_fstring;
                    if emit {
                        self.tokens.push(Token {
                            kind: Tok::Newline,
                            start: start as u32,
                            end: self.pos as u32,
                            lineno,
                            col,
                            end_lineno: lineno,
                            end_col: col + 1,
                        });
                    }
                    self.newline_at(self.pos);
                    if self.parens.is_empty() && !self.in_fstring {
                        self.at_bol = true;
                    }
                    self.blank_line = false;
                }
                b'\\' => {
                    // Line continuation.
                    if self.peek_at(1) == b'\n' {
                        self.pos += 2;
                        self.newline_at(self.pos);
                        if self.pos >= self.end {
                            return Err(self.error_at(
                                "unexpected EOF while parsing",
                                self.lineno,
                                0,
                            ));
                        }
                    } else if self.pos + 1 >= self.end {
                        return Err(self.error_at("unexpected EOF while parsing", lineno, col));
                    } else {
                        self.pos += 1;
                        return Err(self.error_at(
                            "unexpected character after line continuation character",
                            lineno,
                            col + 1,
                        ));
                    }
                }
                b'0'..=b'9' => {
                    self.number()?;
                    self.push(Tok::Number, start, lineno, col);
                }
                b'.' if self.peek_at(1).is_ascii_digit() => {
                    self.number()?;
                    self.push(Tok::Number, start, lineno, col);
                }
                b'\'' | b'"' => {
                    self.string(start, lineno, col)?;
                    self.push(Tok::String, start, lineno, col);
                }
                c if c.is_ascii_alphabetic() || c == b'_' || c >= 0x80 => {
                    self.name_or_string(start, lineno, col)?;
                }
                _ => {
                    let kind = self.operator(c)?;
                    self.push(kind, start, lineno, col);
                }
            }
        }
    }

    fn at_eof(&mut self) -> Result<Option<(u8, u32, u32)>, SyntaxError> {
        let (l, c) = (self.lineno, self.col_of(self.end));
        if self.in_fstring {
            self.tokens.push(Token {
                kind: Tok::EndMarker,
                start: self.end as u32,
                end: self.end as u32,
                lineno: l,
                col: c,
                end_lineno: l,
                end_col: c,
            });
            return Ok(None);
        }
        if let Some(&(ch, pl, pc)) = self.parens.last() {
            self.tokens.push(Token {
                kind: Tok::EofInBrackets,
                start: self.end as u32,
                end: self.end as u32,
                lineno: l,
                col: c,
                end_lineno: l,
                end_col: c,
            });
            return Ok(Some((ch, pl, pc)));
        }
        // The last line lacked a newline: CPython appends one.
        let needs_newline = match self.tokens.last() {
            Some(t) => !matches!(t.kind, Tok::Newline | Tok::Indent | Tok::Dedent),
            None => false,
        };
        if needs_newline && !self.blank_line {
            self.tokens.push(Token {
                kind: Tok::Newline,
                start: self.end as u32,
                end: self.end as u32,
                lineno: l,
                col: c,
                end_lineno: l,
                end_col: c + 1,
            });
        }
        // At the end CPython's tokens sit on the last line read, with no
        // column (a file's error there shows no caret).
        let el = if c == 0 && l > 1 { l - 1 } else { l };
        let nc = SyntaxError::NO_COL;
        let ec = nc;
        while self.indents.len() > 1 {
            self.indents.pop();
            self.tokens.push(Token {
                kind: Tok::Dedent,
                start: self.end as u32,
                end: self.end as u32,
                lineno: el,
                col: ec,
                end_lineno: el,
                end_col: nc,
            });
        }
        self.tokens.push(Token {
            kind: Tok::EndMarker,
            start: self.end as u32,
            end: self.end as u32,
            lineno: el,
            col: ec,
            end_lineno: el,
            end_col: nc,
        });
        Ok(None)
    }

    /// Measure the indentation of a new logical line and emit INDENT/DEDENT.
    fn indentation(&mut self) -> Result<(), SyntaxError> {
        let (mut col, mut altcol) = (0u32, 0u32);
        loop {
            match self.peek() {
                b' ' => {
                    col += 1;
                    altcol += 1;
                }
                b'\t' => {
                    col = (col / 8 + 1) * 8;
                    altcol += 1;
                }
                b'\x0c' => {
                    col = 0;
                    altcol = 0;
                }
                _ => break,
            }
            self.pos += 1;
        }
        let c = self.peek();
        // Lines holding only whitespace and/or a comment don't count; nor
        // does trailing whitespace at the end of the input.
        if c == b'#' || c == b'\n' || self.pos >= self.end {
            self.blank_line = true;
            return Ok(());
        }
        self.blank_line = false;
        let (top, alttop) = *self.indents.last().unwrap();
        let (l, p) = (self.lineno, self.pos);
        // CPython's INDENT/DEDENT have no column; errors there are placed
        // by the read position, one past the indentation (0 = no caret).
        let ind = self.col_of(p);
        let tcol = if ind == 0 {
            SyntaxError::NO_COL
        } else {
            ind - 1
        };
        let mk = |_: &Self, kind| Token {
            kind,
            start: p as u32,
            end: p as u32,
            lineno: l,
            col: tcol,
            end_lineno: l,
            end_col: SyntaxError::NO_COL,
        };
        if col == top {
            if altcol != alttop {
                return Err(self.tab_error());
            }
        } else if col > top {
            if self.indents.len() >= MAX_INDENT {
                return Err(SyntaxError::new(
                    "too many levels of indentation",
                    l,
                    0,
                    l,
                    self.col_of(p),
                )
                .with_kind(ErrorKind::IndentationError));
            }
            if altcol <= alttop {
                return Err(self.tab_error());
            }
            self.indents.push((col, altcol));
            let t = mk(self, Tok::Indent);
            self.tokens.push(t);
        } else {
            while self.indents.len() > 1 && col < self.indents.last().unwrap().0 {
                self.indents.pop();
                let t = mk(self, Tok::Dedent);
                self.tokens.push(t);
            }
            let (top, alttop) = *self.indents.last().unwrap();
            if col != top {
                // CPython's offset here is the length of the whole line.
                let line_len = self.src[self.line_start..self.end]
                    .iter()
                    .position(|&b| b == b'\n')
                    .unwrap_or(self.end - self.line_start);
                return Err(SyntaxError::new(
                    "unindent does not match any outer indentation level",
                    l,
                    line_len as u32,
                    l,
                    SyntaxError::NO_COL,
                )
                .with_kind(ErrorKind::IndentationError));
            }
            if altcol != alttop {
                return Err(self.tab_error());
            }
        }
        Ok(())
    }

    fn tab_error(&self) -> SyntaxError {
        SyntaxError::new(
            "inconsistent use of tabs and spaces in indentation",
            self.lineno,
            0,
            self.lineno,
            0,
        )
        .with_kind(ErrorKind::TabError)
    }

    fn name_or_string(&mut self, start: usize, lineno: u32, col: u32) -> Result<(), SyntaxError> {
        // String prefixes: any case-insensitive combination of b/r/u/f that
        // CPython accepts, directly followed by a quote.
        let mut p = self.pos;
        let (mut saw_b, mut saw_r, mut saw_u, mut saw_f) = (false, false, false, false);
        while p < self.end {
            match self.src[p] {
                b'b' | b'B' if !saw_b && !saw_u && !saw_f => saw_b = true,
                b'r' | b'R' if !saw_r && !saw_u => saw_r = true,
                b'u' | b'U' if !saw_b && !saw_r && !saw_u && !saw_f => saw_u = true,
                b'f' | b'F' if !saw_f && !saw_b && !saw_u => saw_f = true,
                _ => break,
            }
            p += 1;
        }
        if p < self.end && (self.src[p] == b'\'' || self.src[p] == b'"') {
            self.pos = p;
            self.string(start, lineno, col)?;
            self.push(Tok::String, start, lineno, col);
            return Ok(());
        }
        let mut ascii = true;
        while self.pos < self.end {
            let b = self.src[self.pos];
            if b.is_ascii_alphanumeric() || b == b'_' {
                self.pos += 1;
            } else if b >= 0x80 {
                ascii = false;
                self.pos += 1;
            } else {
                break;
            }
        }
        if !ascii {
            self.verify_identifier(start, lineno, col)?;
        }
        // SAFETY: `start..pos` spans whole characters of the `&str` source (it
        // ends before an ASCII byte or at the end).
        let text = unsafe { std::str::from_utf8_unchecked(&self.src[start..self.pos]) };
        let kind = Tok::keyword(text).unwrap_or(Tok::Name);
        self.push(kind, start, lineno, col);
        Ok(())
    }

    /// PEP 3131: every character must be XID_Start/XID_Continue.
    fn verify_identifier(
        &mut self,
        start: usize,
        lineno: u32,
        col: u32,
    ) -> Result<(), SyntaxError> {
        // The scanned range ends at an ASCII byte or the end, so it is on a
        // char boundary of the `&str` source.
        let text = std::str::from_utf8(&self.src[start..self.pos]).unwrap_or("");
        for (i, ch) in text.char_indices() {
            let ok = if i == 0 {
                ch == '_' || unicode_ident::is_xid_start(ch)
            } else {
                unicode_ident::is_xid_continue(ch)
            };
            if !ok {
                let bad_col = col + i as u32;
                let msg = if crate::repr::is_printable(ch as u32) {
                    format!("invalid character '{}' (U+{:04X})", ch, ch as u32)
                } else {
                    format!("invalid non-printable character U+{:04X}", ch as u32)
                };
                self.pos = start + i;
                return Err(SyntaxError::new(msg, lineno, bad_col, lineno, bad_col + 1));
            }
        }
        Ok(())
    }

    fn string(&mut self, tok_start: usize, lineno: u32, col: u32) -> Result<(), SyntaxError> {
        let q = self.src[self.pos];
        let triple = self.peek_at(1) == q && self.peek_at(2) == q;
        self.pos += if triple { 3 } else { 1 };
        loop {
            if self.pos >= self.end {
                // CPython counts the lines it has read: a final newline
                // does not start another one.
                let detected = if self.end > 0 && self.src[self.end - 1] == b'\n' {
                    self.lineno - 1
                } else {
                    self.lineno
                };
                let msg = if triple {
                    format!(
                        "unterminated triple-quoted string literal (detected at line {})",
                        detected
                    )
                } else {
                    format!(
                        "unterminated string literal (detected at line {})",
                        detected
                    )
                };
                self.pos = tok_start;
                return Err(SyntaxError::new(msg, lineno, col, lineno, col + 1));
            }
            let c = self.src[self.pos];
            if c == q {
                if !triple {
                    self.pos += 1;
                    return Ok(());
                }
                if self.peek_at(1) == q && self.peek_at(2) == q {
                    self.pos += 3;
                    return Ok(());
                }
                self.pos += 1;
            } else if c == b'\\' {
                self.pos += 1;
                if self.pos < self.end {
                    if self.src[self.pos] == b'\n' {
                        self.pos += 1;
                        self.newline_at(self.pos);
                    } else {
                        self.pos += 1;
                    }
                }
            } else if c == b'\n' {
                if !triple {
                    let msg = format!(
                        "unterminated string literal (detected at line {})",
                        self.lineno
                    );
                    self.pos = tok_start;
                    return Err(SyntaxError::new(msg, lineno, col, lineno, col + 1));
                }
                self.pos += 1;
                self.newline_at(self.pos);
            } else {
                self.pos += 1;
            }
        }
    }

    /// CPython reports a number error at the character before its read
    /// position, which is `self.pos` here (the offending, unread byte).
    fn number_error(&self, msg: &str) -> SyntaxError {
        let c = self.col_of(self.pos).saturating_sub(1);
        SyntaxError::new(msg, self.lineno, c, self.lineno, c)
    }

    /// An invalid digit is reported after CPython has read it.
    fn digit_error(&self, msg: &str) -> SyntaxError {
        let c = self.col_of(self.pos);
        SyntaxError::new(msg, self.lineno, c, self.lineno, c)
    }

    /// Digits with single underscores between them; returns at the first
    /// byte that is neither.
    fn decimal_tail(&mut self) -> Result<(), SyntaxError> {
        loop {
            while self.peek().is_ascii_digit() {
                self.pos += 1;
            }
            if self.peek() != b'_' {
                return Ok(());
            }
            self.pos += 1;
            if !self.peek().is_ascii_digit() {
                return Err(self.number_error("invalid decimal literal"));
            }
        }
    }

    /// What may directly follow a number: CPython allows the keywords that
    /// can legally follow one (`1if x else y`) and rejects other names.
    fn verify_end_of_number(&mut self, kind: &str) -> Result<(), SyntaxError> {
        let rest = &self.src[self.pos..self.end];
        let c = self.peek();
        let starts_kw = match c {
            b'a' => rest.starts_with(b"and"),
            b'e' => rest.starts_with(b"else"),
            b'f' => rest.starts_with(b"for"),
            b'i' => matches!(rest.get(1), Some(b'f' | b'n' | b's')),
            b'o' => rest.starts_with(b"or"),
            b'n' => rest.starts_with(b"not"),
            _ => false,
        };
        if starts_kw {
            return Ok(());
        }
        if c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80 {
            return Err(self.number_error(&format!("invalid {} literal", kind)));
        }
        Ok(())
    }

    fn number(&mut self) -> Result<(), SyntaxError> {
        let start = self.pos;
        let c = self.src[self.pos];
        if c == b'0' {
            let radix = match self.peek_at(1) {
                b'x' | b'X' => Some((16u32, "hexadecimal")),
                b'o' | b'O' => Some((8, "octal")),
                b'b' | b'B' => Some((2, "binary")),
                _ => None,
            };
            if let Some((radix, name)) = radix {
                self.pos += 2;
                loop {
                    if self.peek() == b'_' {
                        self.pos += 1;
                    }
                    if !(self.peek() as char).is_digit(radix) {
                        if radix != 16 && self.peek().is_ascii_digit() {
                            return Err(self.digit_error(&format!(
                                "invalid digit '{}' in {} literal",
                                self.peek() as char,
                                name
                            )));
                        }
                        return Err(self.number_error(&format!("invalid {} literal", name)));
                    }
                    while (self.peek() as char).is_digit(radix) {
                        self.pos += 1;
                    }
                    if self.peek() != b'_' {
                        break;
                    }
                }
                if radix != 16 && self.peek().is_ascii_digit() {
                    return Err(self.digit_error(&format!(
                        "invalid digit '{}' in {} literal",
                        self.peek() as char,
                        name
                    )));
                }
                return self.verify_end_of_number(name);
            }
            // Zeros, maybe followed by other digits: only legal as a float
            // or imaginary (`0123.5`, `00j`), otherwise an old-style octal.
            self.pos += 1;
            loop {
                if self.peek() == b'_' {
                    self.pos += 1;
                    if !self.peek().is_ascii_digit() {
                        return Err(self.number_error("invalid decimal literal"));
                    }
                }
                if self.peek() != b'0' {
                    break;
                }
                self.pos += 1;
            }
            let zeros_end = self.pos;
            let mut nonzero = false;
            if self.peek().is_ascii_digit() {
                nonzero = true;
                self.decimal_tail()?;
            }
            match self.peek() {
                b'.' => {
                    self.pos += 1;
                    return self.fraction();
                }
                b'e' | b'E' => return self.exponent(),
                b'j' | b'J' => {
                    self.pos += 1;
                    return self.verify_end_of_number("imaginary");
                }
                _ if nonzero => {
                    let col = self.col_of(start);
                    return Err(SyntaxError::new(
                        "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
                        self.lineno,
                        col,
                        self.lineno,
                        self.col_of(zeros_end),
                    ));
                }
                _ => return self.verify_end_of_number("decimal"),
            }
        }
        if c == b'.' {
            self.pos += 1;
            return self.fraction();
        }
        self.decimal_tail()?;
        match self.peek() {
            b'.' => {
                self.pos += 1;
                self.fraction()
            }
            b'e' | b'E' => self.exponent(),
            b'j' | b'J' => {
                self.pos += 1;
                self.verify_end_of_number("imaginary")
            }
            _ => self.verify_end_of_number("decimal"),
        }
    }

    fn fraction(&mut self) -> Result<(), SyntaxError> {
        if self.peek().is_ascii_digit() {
            self.decimal_tail()?;
        }
        match self.peek() {
            b'e' | b'E' => self.exponent(),
            b'j' | b'J' => {
                self.pos += 1;
                self.verify_end_of_number("imaginary")
            }
            _ => self.verify_end_of_number("decimal"),
        }
    }

    fn exponent(&mut self) -> Result<(), SyntaxError> {
        let e_pos = self.pos;
        self.pos += 1;
        if matches!(self.peek(), b'+' | b'-') {
            self.pos += 1;
            if !self.peek().is_ascii_digit() {
                return Err(self.number_error("invalid decimal literal"));
            }
        } else if !self.peek().is_ascii_digit() {
            // Not an exponent after all (`1else`): the number ends before 'e'.
            self.pos = e_pos;
            return self.verify_end_of_number("decimal");
        }
        self.decimal_tail()?;
        if matches!(self.peek(), b'j' | b'J') {
            self.pos += 1;
            return self.verify_end_of_number("imaginary");
        }
        self.verify_end_of_number("decimal")
    }

    fn operator(&mut self, c: u8) -> Result<Tok, SyntaxError> {
        let c2 = self.peek_at(1);
        let c3 = self.peek_at(2);
        let (kind, len) = match (c, c2, c3) {
            (b'*', b'*', b'=') => (Tok::DoubleStarEqual, 3),
            (b'/', b'/', b'=') => (Tok::DoubleSlashEqual, 3),
            (b'<', b'<', b'=') => (Tok::LeftShiftEqual, 3),
            (b'>', b'>', b'=') => (Tok::RightShiftEqual, 3),
            (b'.', b'.', b'.') => (Tok::Ellipsis, 3),
            (b'=', b'=', _) => (Tok::EqEqual, 2),
            (b'!', b'=', _) => (Tok::NotEqual, 2),
            (b'<', b'=', _) => (Tok::LessEqual, 2),
            (b'>', b'=', _) => (Tok::GreaterEqual, 2),
            (b'<', b'<', _) => (Tok::LeftShift, 2),
            (b'>', b'>', _) => (Tok::RightShift, 2),
            (b'*', b'*', _) => (Tok::DoubleStar, 2),
            (b'/', b'/', _) => (Tok::DoubleSlash, 2),
            (b'+', b'=', _) => (Tok::PlusEqual, 2),
            (b'-', b'=', _) => (Tok::MinEqual, 2),
            (b'*', b'=', _) => (Tok::StarEqual, 2),
            (b'/', b'=', _) => (Tok::SlashEqual, 2),
            (b'%', b'=', _) => (Tok::PercentEqual, 2),
            (b'&', b'=', _) => (Tok::AmperEqual, 2),
            (b'|', b'=', _) => (Tok::VbarEqual, 2),
            (b'^', b'=', _) => (Tok::CircumflexEqual, 2),
            (b'@', b'=', _) => (Tok::AtEqual, 2),
            (b'-', b'>', _) => (Tok::Rarrow, 2),
            (b':', b'=', _) => (Tok::ColonEqual, 2),
            (b'(', _, _) => (Tok::Lpar, 1),
            (b')', _, _) => (Tok::Rpar, 1),
            (b'[', _, _) => (Tok::Lsqb, 1),
            (b']', _, _) => (Tok::Rsqb, 1),
            (b'{', _, _) => (Tok::Lbrace, 1),
            (b'}', _, _) => (Tok::Rbrace, 1),
            (b':', _, _) => (Tok::Colon, 1),
            (b',', _, _) => (Tok::Comma, 1),
            (b';', _, _) => (Tok::Semi, 1),
            (b'+', _, _) => (Tok::Plus, 1),
            (b'-', _, _) => (Tok::Minus, 1),
            (b'*', _, _) => (Tok::Star, 1),
            (b'/', _, _) => (Tok::Slash, 1),
            (b'|', _, _) => (Tok::Vbar, 1),
            (b'&', _, _) => (Tok::Amper, 1),
            (b'<', _, _) => (Tok::Less, 1),
            (b'>', _, _) => (Tok::Greater, 1),
            (b'=', _, _) => (Tok::Equal, 1),
            (b'.', _, _) => (Tok::Dot, 1),
            (b'%', _, _) => (Tok::Percent, 1),
            (b'~', _, _) => (Tok::Tilde, 1),
            (b'^', _, _) => (Tok::Circumflex, 1),
            (b'@', _, _) => (Tok::At, 1),
            (b'!', _, _) => (Tok::Exclamation, 1),
            _ => {
                // Characters that start no token.
                let ch = std::str::from_utf8(&self.src[self.pos..self.end.min(self.pos + 4)])
                    .ok()
                    .or_else(|| std::str::from_utf8(&self.src[self.pos..self.pos + 1]).ok())
                    .and_then(|s| s.chars().next())
                    .unwrap_or('?');
                let col = self.col_of(self.pos);
                if !crate::repr::is_printable(ch as u32) {
                    return Err(SyntaxError::new(
                        format!("invalid non-printable character U+{:04X}", ch as u32),
                        self.lineno,
                        col,
                        self.lineno,
                        col + 1,
                    ));
                }
                (Tok::ErrorToken, 1)
            }
        };
        let (l, col) = (self.lineno, self.col_of(self.pos));
        match kind {
            Tok::Lpar | Tok::Lsqb | Tok::Lbrace => {
                if self.parens.len() >= MAX_PAREN_LEVEL {
                    return Err(SyntaxError::new(
                        "too many nested parentheses",
                        l,
                        col,
                        l,
                        col + 1,
                    ));
                }
                self.parens.push((c, l, col));
            }
            Tok::Rpar | Tok::Rsqb | Tok::Rbrace => {
                match self.parens.pop() {
                    None => {
                        return Err(SyntaxError::new(
                            format!("unmatched '{}'", c as char),
                            l,
                            col,
                            l,
                            col + 1,
                        ));
                    }
                    Some((open, ol, _)) => {
                        let want = match open {
                            b'(' => b')',
                            b'[' => b']',
                            _ => b'}',
                        };
                        if want != c {
                            let msg = if ol != l {
                                format!(
                                "closing parenthesis '{}' does not match opening parenthesis '{}' on line {}",
                                c as char, open as char, ol
                            )
                            } else {
                                format!("closing parenthesis '{}' does not match opening parenthesis '{}'", c as char, open as char)
                            };
                            return Err(SyntaxError::new(msg, l, col, l, col + 1));
                        }
                    }
                }
            }
            _ => {}
        }
        self.pos += len;
        Ok(kind)
    }
}

/// Tokenize a whole (decoded, newline-normalised) source.
pub fn tokenize(src: &str) -> Tokens {
    Tokenizer::new(src).tokenize()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<Tok> {
        tokenize(src).tokens.iter().map(|t| t.kind).collect()
    }

    #[test]
    fn indentation_tokens() {
        use Tok::*;
        assert_eq!(
            kinds("if x:\n    y\n\n  # c\nz\n"),
            vec![If, Name, Colon, Newline, Indent, Name, Newline, Dedent, Name, Newline, EndMarker]
        );
        assert_eq!(kinds("x"), vec![Name, Newline, EndMarker]);
        assert_eq!(
            kinds("(a,\n b)\n"),
            vec![Lpar, Name, Comma, Name, Rpar, Newline, EndMarker]
        );
        assert_eq!(
            kinds("a \\\n + b"),
            vec![Name, Plus, Name, Newline, EndMarker]
        );
    }

    #[test]
    fn numbers_and_operators() {
        use Tok::*;
        assert_eq!(
            kinds("1_000 0x_ff 0o17 0b1 1.5e-3j .5 1. 0.0 00"),
            vec![Number; 9]
                .into_iter()
                .chain([Newline, EndMarker])
                .collect::<Vec<_>>()
        );
        assert_eq!(
            kinds("a**=b//c->d:=...!="),
            vec![
                Name,
                DoubleStarEqual,
                Name,
                DoubleSlash,
                Name,
                Rarrow,
                Name,
                ColonEqual,
                Ellipsis,
                NotEqual,
                Newline,
                EndMarker
            ]
        );
        assert_eq!(
            kinds("1if x else 2"),
            vec![Number, If, Name, Else, Number, Newline, EndMarker]
        );
    }

    #[test]
    fn positions() {
        let t = tokenize("é = 'ab'\n").tokens;
        assert_eq!((t[0].col, t[0].end_col), (0, 2));
        assert_eq!((t[2].col, t[2].end_col), (5, 9));
        let t = tokenize("x = '''a\nb'''\n").tokens;
        assert_eq!(
            (t[2].lineno, t[2].col, t[2].end_lineno, t[2].end_col),
            (1, 4, 2, 4)
        );
    }

    #[test]
    fn lexical_errors() {
        let err = |s: &str| tokenize(s).error.map(|e| e.msg).unwrap_or_default();
        assert_eq!(
            err("x = 'abc\n"),
            "unterminated string literal (detected at line 1)"
        );
        assert_eq!(
            err("x = '''abc\n\n"),
            "unterminated triple-quoted string literal (detected at line 2)"
        );
        assert_eq!(err("1abc"), "invalid decimal literal");
        assert_eq!(err("0777"), "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers");
        assert_eq!(err("0b12"), "invalid digit '2' in binary literal");
        assert_eq!(err("0o8"), "invalid digit '8' in octal literal");
        assert_eq!(err("0xg"), "invalid hexadecimal literal");
        assert_eq!(err("1__0"), "invalid decimal literal");
        assert_eq!(
            err("a = (]"),
            "closing parenthesis ']' does not match opening parenthesis '('"
        );
        assert_eq!(err("a = )"), "unmatched ')'");
        assert_eq!(err("€ = 1"), "invalid character '€' (U+20AC)");
        assert_eq!(
            err("if x:\n    a\n  b\n"),
            "unindent does not match any outer indentation level"
        );
        assert_eq!(
            err("if x:\n        a\n\tb\n"),
            "inconsistent use of tabs and spaces in indentation"
        );
        assert_eq!(
            err("a \\ b"),
            "unexpected character after line continuation character"
        );
        assert_eq!(err(&"(".repeat(201)), "too many nested parentheses");
    }
}
