//! The parser: tokens to AST, following CPython 3.11's `Grammar/python.gram`
//! rule by rule, as hand-written recursive descent with local backtracking.
//!
//! Node positions come from tokens, as in CPython: a node spans from the
//! first token of the rule that built it to the last token that rule
//! consumed (so `(a) + b` starts at the parenthesis while `a` does not).
//!
//! Errors: a rule that cannot match returns a *generic* failure (an error
//! with an empty message). Specific messages (CPython's `invalid_*` rules)
//! are raised where the situation is unambiguous. At the top, a generic
//! failure becomes "invalid syntax" at the furthest token the parser looked
//! at, unless the tokenizer failed somewhere (CPython reports that instead).
//! The file is split by grammar area: `stmt`, `expr`, `params`, `pattern`,
//! `strings` (literal concatenation and f-strings), `targets`.

mod expr;
mod params;
mod pattern;
mod stmt;
mod strings;
mod targets;

use crate::ast::*;
use crate::error::{ErrorKind, PResult, SyntaxError};
use crate::tokenizer::{Tok, Token, Tokens};

/// Nesting of expressions beyond which parsing stops with an error, to
/// bound time and memory (CPython gives up near the same depth).
const MAX_DEPTH: u32 = 1000;
/// When less stack than this remains, recursive rules continue on a new
/// stack segment of `STACK_SEGMENT` bytes.
const STACK_RED_ZONE: usize = 128 * 1024;
const STACK_SEGMENT: usize = 4 * 1024 * 1024;

pub struct Parser<'a> {
    src: &'a str,
    toks: Vec<Token>,
    pos: usize,
    /// Furthest token index examined: where "invalid syntax" points.
    max_pos: usize,
    depth: u32,
    /// Parsing an f-string replacement field: errors get an "f-string: " prefix.
    in_fstring: bool,
    tok_error: Option<SyntaxError>,
    unclosed: Option<(u8, u32, u32)>,
}

/// Generic failure marker: an error with no message.
fn generic() -> SyntaxError {
    SyntaxError::new(String::new(), 0, 0, 0, 0)
}

fn is_generic(e: &SyntaxError) -> bool {
    e.msg.is_empty()
}

impl<'a> Parser<'a> {
    pub fn new(src: &'a str, tokens: Tokens) -> Parser<'a> {
        Parser {
            src,
            toks: tokens.tokens,
            pos: 0,
            max_pos: 0,
            depth: 0,
            in_fstring: false,
            tok_error: tokens.error,
            unclosed: tokens.unclosed,
        }
    }

    // ----- token primitives -------------------------------------------------

    #[inline]
    fn tok(&self) -> &Token {
        // The stream always ends with EndMarker/ErrorToken/EofInBrackets and
        // no rule consumes those, so `pos` stays in bounds.
        &self.toks[self.pos.min(self.toks.len() - 1)]
    }

    #[inline]
    fn kind(&mut self) -> Tok {
        if self.pos > self.max_pos {
            self.max_pos = self.pos;
        }
        self.tok().kind
    }

    #[inline]
    fn peek_kind(&mut self, n: usize) -> Tok {
        let i = (self.pos + n).min(self.toks.len() - 1);
        if i > self.max_pos {
            self.max_pos = i;
        }
        self.toks[i].kind
    }

    #[inline]
    fn at(&mut self, k: Tok) -> bool {
        self.kind() == k
    }

    #[inline]
    fn bump(&mut self) -> Token {
        let t = *self.tok();
        if self.pos < self.toks.len() - 1 {
            self.pos += 1;
        }
        t
    }

    #[inline]
    fn eat(&mut self, k: Tok) -> bool {
        if self.at(k) {
            self.bump();
            true
        } else {
            false
        }
    }

    fn expect(&mut self, k: Tok) -> PResult<Token> {
        if self.at(k) {
            Ok(self.bump())
        } else {
            Err(generic())
        }
    }

    fn text(&self, t: &Token) -> &'a str {
        &self.src[t.start as usize..t.end as usize]
    }

    /// Is the current token the soft keyword / name `name`?
    fn at_name(&mut self, name: &str) -> bool {
        self.kind() == Tok::Name && self.text(self.tok()) == name
    }

    fn name_token_id(&self, t: &Token) -> Identifier {
        let s = self.text(t);
        if s.is_ascii() {
            s.to_owned()
        } else {
            use unicode_normalization::UnicodeNormalization;
            s.nfkc().collect()
        }
    }

    fn expect_name(&mut self) -> PResult<Identifier> {
        if self.at(Tok::Name) {
            let t = self.bump();
            Ok(self.name_token_id(&t))
        } else {
            Err(generic())
        }
    }

    // ----- positions --------------------------------------------------------

    /// (lineno, col) of the current token: the start of a node.
    #[inline]
    fn start(&mut self) -> (u32, u32) {
        let t = self.tok();
        (t.lineno, t.col)
    }

    /// Span from `start` to the end of the last consumed token.
    /// Like CPython, the end is that of the last token that is not a
    /// NEWLINE/INDENT/DEDENT (a compound statement ends with its block).
    #[inline]
    fn finish(&self, start: (u32, u32)) -> Loc {
        let mut i = self.pos.saturating_sub(1);
        while i > 0 && matches!(self.toks[i].kind, Tok::Newline | Tok::Indent | Tok::Dedent) {
            i -= 1;
        }
        let t = &self.toks[i];
        Loc {
            lineno: start.0,
            col_offset: start.1,
            end_lineno: t.end_lineno,
            end_col_offset: t.end_col,
        }
    }

    fn tok_loc(t: &Token) -> Loc {
        Loc {
            lineno: t.lineno,
            col_offset: t.col,
            end_lineno: t.end_lineno,
            end_col_offset: t.end_col,
        }
    }

    // ----- errors -----------------------------------------------------------

    fn err_at(&self, loc: Loc, msg: impl Into<String>) -> SyntaxError {
        let mut msg = msg.into();
        if self.in_fstring {
            msg = format!("f-string: {}", msg);
        }
        SyntaxError::new(
            msg,
            loc.lineno,
            loc.col_offset,
            loc.end_lineno,
            loc.end_col_offset,
        )
    }

    /// An error located at the current token.
    fn err_here(&mut self, msg: impl Into<String>) -> SyntaxError {
        let t = *self.tok();
        self.err_at(Self::tok_loc(&t), msg)
    }

    fn indent_err(&self, msg: impl Into<String>, t: Token) -> SyntaxError {
        self.err_at(Self::tok_loc(&t), msg)
            .with_kind(ErrorKind::IndentationError)
    }

    /// Run a recursive expression rule one nesting level deeper: fails
    /// cleanly past `MAX_DEPTH`, and never overflows the native stack.
    #[inline]
    fn nested<T>(&mut self, f: impl FnOnce(&mut Self) -> PResult<T>) -> PResult<T> {
        if self.depth >= MAX_DEPTH {
            return Err(self.err_here("too many nested expressions"));
        }
        self.depth += 1;
        let r = stacker::maybe_grow(STACK_RED_ZONE, STACK_SEGMENT, || f(self));
        self.depth -= 1;
        r
    }

    /// Run a recursive statement rule with stack to spare (statement
    /// nesting is bounded by the tokenizer's indentation limit, but `elif`
    /// chains recurse once per branch).
    #[inline]
    fn grow<T>(&mut self, f: impl FnOnce(&mut Self) -> PResult<T>) -> PResult<T> {
        stacker::maybe_grow(STACK_RED_ZONE, STACK_SEGMENT, || f(self))
    }

    /// Run `f` speculatively, rewinding on *any* failure.
    fn try_parse_quiet<T>(&mut self, f: impl FnOnce(&mut Self) -> PResult<T>) -> Option<T> {
        let save = self.pos;
        let depth = self.depth;
        match f(self) {
            Ok(v) => Some(v),
            Err(_) => {
                self.pos = save;
                self.depth = depth;
                None
            }
        }
    }

    /// Turn a failure into the error CPython would report.
    fn finalize_error(&mut self, e: SyntaxError) -> SyntaxError {
        if let Some(te) = &self.tok_error {
            return te.clone();
        }
        let t = self.toks[self.max_pos.min(self.toks.len() - 1)];
        // CPython raises "'(' was never closed" the moment the parser reads
        // the end of input inside brackets, and prefers it to any error
        // found after the line of the unclosed bracket.
        if let Some((ch, l, c)) = self.unclosed {
            if t.kind == Tok::EofInBrackets || t.lineno > l {
                return SyntaxError::new(
                    format!("'{}' was never closed", ch as char),
                    l,
                    c,
                    l,
                    c + 1,
                );
            }
        }
        if !is_generic(&e) {
            return e;
        }
        match t.kind {
            Tok::EofInBrackets => {
                if let Some((ch, l, c)) = self.unclosed {
                    return SyntaxError::new(
                        format!("'{}' was never closed", ch as char),
                        l,
                        c,
                        l,
                        c + 1,
                    );
                }
                self.err_at(Self::tok_loc(&t), "unexpected EOF while parsing")
            }
            Tok::Indent => self.indent_err("unexpected indent", t),
            Tok::Dedent => self.indent_err("unexpected unindent", t),
            _ => self.err_at(Self::tok_loc(&t), "invalid syntax"),
        }
    }

    // ----- entry points -----------------------------------------------------

    /// `file: [statements] ENDMARKER`
    pub fn parse_module(&mut self) -> PResult<Mod> {
        let r = (|| {
            let mut body = Vec::new();
            while !self.at(Tok::EndMarker) {
                self.statement(&mut body)?;
            }
            Ok(Mod::Module {
                body,
                type_ignores: Vec::new(),
            })
        })();
        r.map_err(|e| self.finalize_error(e))
    }

    /// `eval: expressions NEWLINE* ENDMARKER`
    pub fn parse_expression(&mut self) -> PResult<Mod> {
        let r = (|| {
            let e = self.expressions()?;
            while self.eat(Tok::Newline) {}
            self.expect(Tok::EndMarker)?;
            Ok(Mod::Expression { body: Box::new(e) })
        })();
        r.map_err(|e| self.finalize_error(e))
    }
}

/// Parse a whole module from decoded source text.
pub fn parse_module_source(src: &str) -> PResult<Mod> {
    let tokens = crate::tokenizer::tokenize(src);
    let mut p = Parser::new(src, tokens);
    p.parse_module()
}

/// Parse a single expression (`eval` mode).
pub fn parse_expression_source(src: &str) -> PResult<Mod> {
    let tokens = crate::tokenizer::tokenize(src);
    let mut p = Parser::new(src, tokens);
    p.parse_expression()
}
