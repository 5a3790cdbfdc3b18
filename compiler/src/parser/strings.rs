//! Adjacent string literals and f-strings (CPython 3.11's
//! `Parser/string_parser.c`).
//!
//! In 3.11 an f-string is one STRING token; its replacement fields are
//! found by scanning the token's text, and each expression is tokenized and
//! parsed on its own, wrapped in parentheses, at its real position in the
//! file. The node positions reproduce CPython's choices: the pieces of a
//! JoinedStr span the whole concatenation, except a format spec (and its
//! trailing literal), which spans the f-string token it appears in.

use super::Parser;
use crate::ast::*;
use crate::error::{PResult, SyntaxError};
use crate::literal::{decode_bytes_escapes, decode_str_escapes, split_string_token};
use crate::tokenizer::{Tok, Token, Tokenizer, Tokens};
use crate::wtf8::Wtf8Buf;

/// CPython's `FstringParser`: a pending literal and the values so far.
struct FstringState {
    last_str: Option<Wtf8Buf>,
    values: Vec<Expr>,
}

impl FstringState {
    fn push_literal(&mut self, s: Wtf8Buf) {
        if s.is_empty() {
            return;
        }
        match &mut self.last_str {
            Some(l) => l.push_wtf8(&s),
            None => self.last_str = Some(s),
        }
    }

    /// Turn the pending literal into a Constant node.
    fn flush(&mut self, loc: Loc, u_kind: bool) {
        if let Some(s) = self.last_str.take() {
            self.values.push(str_constant(s, loc, u_kind));
        }
    }
}

fn str_constant(s: Wtf8Buf, loc: Loc, u_kind: bool) -> Expr {
    Expr::new(
        ExprKind::Constant {
            value: ConstValue::Str(s),
            kind: u_kind.then(|| "u".to_string()),
        },
        loc,
    )
}

/// Where a replacement field sits, for positions and messages.
#[derive(Clone, Copy)]
struct FieldCtx {
    /// The whole concatenation.
    whole: Loc,
    /// Does the first token of the concatenation start with `u`?
    u_kind: bool,
    /// The f-string token being scanned.
    tok: Token,
    raw: bool,
}

impl<'a> Parser<'a> {
    /// `strings: STRING+` — concatenation, bytes, f-strings.
    pub(super) fn strings(&mut self) -> PResult<Expr> {
        let first_idx = self.pos;
        while self.at(Tok::String) {
            self.bump();
        }
        let toks: Vec<Token> = self.toks[first_idx..self.pos].to_vec();
        let (first, last) = (toks[0], *toks.last().unwrap());
        let whole = Loc::new(first.lineno, first.col, last.end_lineno, last.end_col);
        let parts: Vec<_> = toks
            .iter()
            .map(|t| split_string_token(self.text(t)))
            .collect();
        let bytes = parts[0].0.bytes;
        if parts.iter().any(|p| p.0.bytes != bytes) {
            return Err(self.err_here("cannot mix bytes and nonbytes literals"));
        }
        if bytes {
            let mut out = Vec::new();
            for (t, (prefix, a, b)) in toks.iter().zip(&parts) {
                let body = &self.text(t)[*a..*b];
                if !body.is_ascii() {
                    return Err(self.err_at(
                        Self::tok_loc(t),
                        "bytes can only contain ASCII literal characters",
                    ));
                }
                if prefix.raw {
                    out.extend_from_slice(body.as_bytes());
                } else {
                    decode_bytes_escapes(body.as_bytes(), &mut out)
                        .map_err(|e| self.err_at(Self::tok_loc(t), e.msg))?;
                }
            }
            return Ok(Expr::new(
                ExprKind::Constant {
                    value: ConstValue::Bytes(out),
                    kind: None,
                },
                whole,
            ));
        }
        let u_kind = parts[0].0.u_kind;
        let any_f = parts.iter().any(|p| p.0.fmt);
        let mut state = FstringState {
            last_str: None,
            values: Vec::new(),
        };
        for (t, (prefix, a, b)) in toks.iter().zip(&parts) {
            let (abs_a, abs_b) = (t.start as usize + a, t.start as usize + b);
            if prefix.fmt {
                let ctx = FieldCtx {
                    whole,
                    u_kind,
                    tok: *t,
                    raw: prefix.raw,
                };
                self.fstring_concat(abs_a, abs_b, 0, ctx, &mut state)?;
            } else {
                let s = self.decode_literal(abs_a, abs_b, prefix.raw, t)?;
                state.push_literal(s);
            }
        }
        if !any_f {
            let s = state.last_str.unwrap_or_default();
            return Ok(str_constant(s, whole, u_kind));
        }
        state.flush(whole, u_kind);
        Ok(Expr::new(
            ExprKind::JoinedStr {
                values: state.values,
            },
            whole,
        ))
    }

    fn decode_literal(&self, a: usize, b: usize, raw: bool, t: &Token) -> PResult<Wtf8Buf> {
        let body = &self.src[a..b];
        if raw || !body.contains('\\') {
            return Ok(Wtf8Buf::from_str(body));
        }
        let mut w = Wtf8Buf::new();
        decode_str_escapes(body, &mut w).map_err(|e| self.err_at(Self::tok_loc(t), e.msg))?;
        Ok(w)
    }

    fn fstring_err(&self, ctx: &FieldCtx, msg: &str) -> SyntaxError {
        let t = ctx.tok;
        SyntaxError::new(msg, t.end_lineno, t.end_col, t.end_lineno, t.end_col)
    }

    /// CPython's `_PyPegen_FstringParser_ConcatFstring`: scan `src[s..end]`,
    /// adding literals and replacement fields to `state`. Returns the
    /// position where scanning stopped (`end`, or a `}` closing a spec).
    fn fstring_concat(
        &mut self,
        mut s: usize,
        end: usize,
        level: u32,
        ctx: FieldCtx,
        state: &mut FstringState,
    ) -> PResult<usize> {
        let src = self.src.as_bytes();
        loop {
            // The literal part, up to an un-doubled brace.
            let lit_start = s;
            let mut doubled = false;
            let lit_end;
            loop {
                if s >= end {
                    lit_end = s;
                    break;
                }
                let mut ch = src[s];
                s += 1;
                if !ctx.raw && ch == b'\\' && s < end {
                    ch = src[s];
                    s += 1;
                    if ch == b'N' {
                        if s < end && src[s] == b'{' {
                            s += 1;
                            while s < end {
                                s += 1;
                                if src[s - 1] == b'}' {
                                    break;
                                }
                            }
                            continue;
                        }
                        lit_end = s;
                        break;
                    }
                }
                if ch == b'{' || ch == b'}' {
                    if level == 0 {
                        if s < end && src[s] == ch {
                            lit_end = s;
                            s += 1;
                            doubled = true;
                            break;
                        }
                        if ch == b'}' {
                            return Err(
                                self.fstring_err(&ctx, "f-string: single '}' is not allowed")
                            );
                        }
                    }
                    s -= 1;
                    lit_end = s;
                    break;
                }
            }
            if lit_end > lit_start {
                let lit = self.decode_literal(lit_start, lit_end, ctx.raw, &ctx.tok)?;
                state.push_literal(lit);
            }
            if doubled {
                continue;
            }
            if s >= end || src[s] == b'}' {
                return Ok(s);
            }
            // A replacement field at '{'.
            let (fv, debug_text, next) = self.fstring_field(s, end, level, ctx)?;
            s = next;
            if let Some(text) = debug_text {
                state.push_literal(text);
            }
            state.flush(ctx.whole, ctx.u_kind);
            state.values.push(fv);
        }
    }

    /// CPython's `fstring_find_expr`: one `{expr[=][!c][:spec]}` starting at
    /// `s` (on the '{'). Returns the FormattedValue, the `=` debug text, and
    /// the position after the closing '}'.
    fn fstring_field(
        &mut self,
        s: usize,
        end: usize,
        level: u32,
        ctx: FieldCtx,
    ) -> PResult<(Expr, Option<Wtf8Buf>, usize)> {
        let src = self.src.as_bytes();
        if level >= 2 {
            return Err(self.fstring_err(&ctx, "f-string: expressions nested too deeply"));
        }
        let mut s = s + 1;
        let expr_start = s;
        let mut quote: u8 = 0;
        let mut triple = false;
        let mut stack: Vec<u8> = Vec::new();
        while s < end {
            let ch = src[s];
            if ch == b'\\' {
                return Err(
                    self.fstring_err(&ctx, "f-string expression part cannot include a backslash")
                );
            }
            if quote != 0 {
                if ch == quote {
                    if triple {
                        if s + 2 < end && src[s + 1] == ch && src[s + 2] == ch {
                            s += 2;
                            quote = 0;
                            triple = false;
                        }
                    } else {
                        quote = 0;
                    }
                }
            } else if ch == b'\'' || ch == b'"' {
                if s + 2 < end && src[s + 1] == ch && src[s + 2] == ch {
                    triple = true;
                    s += 2;
                } else {
                    triple = false;
                }
                quote = ch;
            } else if ch == b'[' || ch == b'{' || ch == b'(' {
                if stack.len() >= crate::tokenizer::MAX_PAREN_LEVEL {
                    return Err(self.fstring_err(&ctx, "f-string: too many nested parenthesis"));
                }
                stack.push(ch);
            } else if ch == b'#' {
                return Err(self.fstring_err(&ctx, "f-string expression part cannot include '#'"));
            } else if stack.is_empty() && matches!(ch, b'!' | b':' | b'}' | b'=' | b'<' | b'>') {
                if s + 1 < end {
                    let next = src[s + 1];
                    if next == b'=' && matches!(ch, b'!' | b'=' | b'<' | b'>') {
                        s += 2;
                        continue;
                    }
                    if ch == b'<' || ch == b'>' {
                        s += 1;
                        continue;
                    }
                }
                break;
            } else if ch == b']' || ch == b'}' || ch == b')' {
                let Some(open) = stack.pop() else {
                    return Err(
                        self.fstring_err(&ctx, &format!("f-string: unmatched '{}'", ch as char))
                    );
                };
                let want = match open {
                    b'(' => b')',
                    b'[' => b']',
                    _ => b'}',
                };
                if want != ch {
                    return Err(self.fstring_err(
                        &ctx,
                        &format!("f-string: closing parenthesis '{}' does not match opening parenthesis '{}'", ch as char, open as char),
                    ));
                }
            }
            s += 1;
        }
        let expr_end = s;
        if quote != 0 {
            return Err(self.fstring_err(&ctx, "f-string: unterminated string"));
        }
        if let Some(&open) = stack.last() {
            return Err(self.fstring_err(&ctx, &format!("f-string: unmatched '{}'", open as char)));
        }
        if s >= end {
            return Err(self.fstring_err(&ctx, "f-string: expecting '}'"));
        }
        let value = self.fstring_compile_expr(expr_start, expr_end, &ctx)?;
        let mut debug_text = None;
        if src[s] == b'=' {
            s += 1;
            while s < end && matches!(src[s], b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c') {
                s += 1;
            }
            debug_text = Some(Wtf8Buf::from_str(&self.src[expr_start..s]));
        }
        let mut conversion: i32 = -1;
        if s < end && src[s] == b'!' {
            s += 1;
            if s >= end {
                return Err(self.fstring_err(&ctx, "f-string: expecting '}'"));
            }
            let c = src[s];
            s += 1;
            if !matches!(c, b's' | b'r' | b'a') {
                return Err(self.fstring_err(
                    &ctx,
                    "f-string: invalid conversion character: expected 's', 'r', or 'a'",
                ));
            }
            conversion = c as i32;
        }
        if s >= end {
            return Err(self.fstring_err(&ctx, "f-string: expecting '}'"));
        }
        let mut format_spec = None;
        if src[s] == b':' {
            s += 1;
            if s >= end {
                return Err(self.fstring_err(&ctx, "f-string: expecting '}'"));
            }
            let mut spec = FstringState {
                last_str: None,
                values: Vec::new(),
            };
            s = self.fstring_concat(s, end, level + 1, ctx, &mut spec)?;
            let tloc = Self::tok_loc(&ctx.tok);
            spec.flush(tloc, false);
            format_spec = Some(Box::new(Expr::new(
                ExprKind::JoinedStr {
                    values: spec.values,
                },
                tloc,
            )));
        }
        if s >= end || src[s] != b'}' {
            return Err(self.fstring_err(&ctx, "f-string: expecting '}'"));
        }
        s += 1;
        if debug_text.is_some() && format_spec.is_none() && conversion == -1 {
            conversion = b'r' as i32;
        }
        let fv = Expr::new(
            ExprKind::FormattedValue {
                value: Box::new(value),
                conversion,
                format_spec,
            },
            ctx.whole,
        );
        Ok((fv, debug_text, s))
    }

    /// Line number and line-start offset of byte `pos` inside token `t`.
    fn line_of(&self, t: &Token, pos: usize) -> (u32, usize) {
        let src = self.src.as_bytes();
        let mut lineno = t.lineno;
        let mut line_start = t.start as usize - t.col as usize;
        for (i, &b) in src[t.start as usize..pos].iter().enumerate() {
            if b == b'\n' {
                lineno += 1;
                line_start = t.start as usize + i + 1;
            }
        }
        (lineno, line_start)
    }

    /// Parse the expression text `src[a..b]` of a replacement field.
    fn fstring_compile_expr(&mut self, a: usize, b: usize, ctx: &FieldCtx) -> PResult<Expr> {
        let src = self.src.as_bytes();
        if src[a..b]
            .iter()
            .all(|c| matches!(c, b' ' | b'\t' | b'\n' | b'\x0c'))
        {
            let msg = if matches!(src[b], b'!' | b':' | b'=') {
                format!("f-string: expression required before '{}'", src[b] as char)
            } else {
                "f-string: empty expression not allowed".to_string()
            };
            return Err(self.fstring_err(ctx, &msg));
        }
        let (lineno, line_start) = self.line_of(&ctx.tok, a);
        let col = (a - line_start) as u32;
        let mut toks = vec![Token {
            kind: Tok::Lpar,
            start: a as u32 - 1,
            end: a as u32,
            lineno,
            col: col - 1,
            end_lineno: lineno,
            end_col: col,
        }];
        let sub = Tokenizer::for_fstring_expr(self.src, a, b, lineno, line_start).tokenize();
        let error = sub.error;
        let mut inner = sub.tokens;
        let endm = inner.pop().unwrap();
        toks.extend(inner);
        if error.is_none() {
            let (el, ec) = (endm.lineno, endm.col);
            toks.push(Token {
                kind: Tok::Rpar,
                start: b as u32,
                end: b as u32 + 1,
                lineno: el,
                col: ec,
                end_lineno: el,
                end_col: ec + 1,
            });
            toks.push(Token {
                kind: Tok::EndMarker,
                start: b as u32 + 1,
                end: b as u32 + 1,
                lineno: el,
                col: ec + 1,
                end_lineno: el,
                end_col: ec + 1,
            });
        } else {
            toks.push(endm);
        }
        let mut p = Parser::new(
            self.src,
            Tokens {
                tokens: toks,
                error,
                unclosed: None,
            },
        );
        p.in_fstring = true;
        p.depth = self.depth;
        let r = (|| {
            let e = p.star_expressions()?;
            p.expect(Tok::EndMarker)?;
            Ok(e)
        })();
        r.map_err(|e| {
            let mut e = p.finalize_error(e);
            // CPython shows errors in a replacement field against the text
            // it parsed, "(expr)", with columns relative to it.
            if e.text.is_none() && e.lineno == lineno {
                let lpar_col = col - 1;
                e.text = Some(format!("({})", &self.src[a..b]));
                e.col = e.col.saturating_sub(lpar_col);
                if e.end_lineno == lineno && e.end_col != SyntaxError::NO_COL {
                    e.end_col = e.end_col.saturating_sub(lpar_col);
                }
            }
            e
        })
    }
}
