//! `match` statement patterns (python.gram's "Pattern matching" section).

use super::{generic, Parser};
use crate::ast::*;
use crate::error::PResult;
use crate::tokenizer::Tok;

impl<'a> Parser<'a> {
    /// `patterns: open_sequence_pattern | pattern`
    pub(super) fn patterns(&mut self) -> PResult<Pattern> {
        let start = self.start();
        let first = self.maybe_star_pattern()?;
        if !self.at(Tok::Comma) {
            if let PatternKind::MatchStar { .. } = first.kind {
                return Err(generic());
            }
            return Ok(first);
        }
        let mut patterns = vec![first];
        while self.eat(Tok::Comma) {
            if matches!(self.kind(), Tok::Colon | Tok::If) {
                break;
            }
            patterns.push(self.maybe_star_pattern()?);
        }
        Ok(Pattern {
            kind: PatternKind::MatchSequence { patterns },
            loc: self.finish(start),
        })
    }

    fn maybe_star_pattern(&mut self) -> PResult<Pattern> {
        if self.at(Tok::Star) {
            let start = self.start();
            self.bump();
            let t = self.expect(Tok::Name)?;
            let id = self.name_token_id(&t);
            let name = if id == "_" { None } else { Some(id) };
            return Ok(Pattern {
                kind: PatternKind::MatchStar { name },
                loc: self.finish(start),
            });
        }
        self.pattern()
    }

    /// `pattern: or_pattern ['as' NAME]`
    fn pattern(&mut self) -> PResult<Pattern> {
        self.nested(|p| p.pattern_inner())
    }

    fn pattern_inner(&mut self) -> PResult<Pattern> {
        let start = self.start();
        let p = self.or_pattern()?;
        if !self.eat(Tok::As) {
            return Ok(p);
        }
        if !self.at(Tok::Name) {
            let save = self.pos;
            if let Some(e) = self.try_parse_quiet(|p| p.expression()) {
                return Err(self.err_at(e.loc, "invalid pattern target"));
            }
            self.pos = save;
            return Err(generic());
        }
        let t = self.bump();
        let name = self.name_token_id(&t);
        if name == "_" {
            return Err(self.err_at(Self::tok_loc(&t), "cannot use '_' as a target"));
        }
        Ok(Pattern {
            kind: PatternKind::MatchAs {
                pattern: Some(Box::new(p)),
                name: Some(name),
            },
            loc: self.finish(start),
        })
    }

    fn or_pattern(&mut self) -> PResult<Pattern> {
        let start = self.start();
        let first = self.closed_pattern()?;
        if !self.at(Tok::Vbar) {
            return Ok(first);
        }
        let mut patterns = vec![first];
        while self.eat(Tok::Vbar) {
            patterns.push(self.closed_pattern()?);
        }
        Ok(Pattern {
            kind: PatternKind::MatchOr { patterns },
            loc: self.finish(start),
        })
    }

    fn closed_pattern(&mut self) -> PResult<Pattern> {
        let start = self.start();
        let t = *self.tok();
        match self.kind() {
            Tok::None | Tok::True | Tok::False => {
                self.bump();
                let value = match t.kind {
                    Tok::None => ConstValue::None,
                    Tok::True => ConstValue::Bool(true),
                    _ => ConstValue::Bool(false),
                };
                Ok(Pattern {
                    kind: PatternKind::MatchSingleton { value },
                    loc: Self::tok_loc(&t),
                })
            }
            Tok::Number | Tok::Minus | Tok::String => {
                let value = self.literal_expr()?;
                Ok(Pattern {
                    kind: PatternKind::MatchValue {
                        value: Box::new(value),
                    },
                    loc: self.finish(start),
                })
            }
            Tok::Lpar => self.paren_pattern(),
            Tok::Lsqb => {
                self.bump();
                let patterns = self.pattern_list(Tok::Rsqb)?;
                self.expect(Tok::Rsqb)?;
                Ok(Pattern {
                    kind: PatternKind::MatchSequence { patterns },
                    loc: self.finish(start),
                })
            }
            Tok::Lbrace => self.mapping_pattern(),
            Tok::Name => {
                let name_or_attr = self.name_or_attr()?;
                if self.at(Tok::Lpar) {
                    return self.class_pattern(start, name_or_attr);
                }
                match name_or_attr.kind {
                    ExprKind::Name { ref id, .. } => {
                        let name = if id == "_" { None } else { Some(id.clone()) };
                        Ok(Pattern {
                            kind: PatternKind::MatchAs {
                                pattern: None,
                                name,
                            },
                            loc: name_or_attr.loc,
                        })
                    }
                    _ => Ok(Pattern {
                        kind: PatternKind::MatchValue {
                            value: Box::new(name_or_attr),
                        },
                        loc: self.finish(start),
                    }),
                }
            }
            _ => Err(generic()),
        }
    }

    /// `group_pattern` or a parenthesized `sequence_pattern`.
    fn paren_pattern(&mut self) -> PResult<Pattern> {
        let start = self.start();
        self.bump();
        if self.eat(Tok::Rpar) {
            return Ok(Pattern {
                kind: PatternKind::MatchSequence { patterns: vec![] },
                loc: self.finish(start),
            });
        }
        let first = self.maybe_star_pattern()?;
        if self.eat(Tok::Rpar) {
            if let PatternKind::MatchStar { .. } = first.kind {
                return Ok(Pattern {
                    kind: PatternKind::MatchSequence {
                        patterns: vec![first],
                    },
                    loc: self.finish(start),
                });
            }
            return Ok(first);
        }
        if !self.at(Tok::Comma) {
            return Err(generic());
        }
        let mut patterns = vec![first];
        while self.eat(Tok::Comma) {
            if self.at(Tok::Rpar) {
                break;
            }
            patterns.push(self.maybe_star_pattern()?);
        }
        self.expect(Tok::Rpar)?;
        Ok(Pattern {
            kind: PatternKind::MatchSequence { patterns },
            loc: self.finish(start),
        })
    }

    fn pattern_list(&mut self, close: Tok) -> PResult<Vec<Pattern>> {
        let mut out = Vec::new();
        while !self.at(close) {
            out.push(self.maybe_star_pattern()?);
            if !self.eat(Tok::Comma) {
                break;
            }
        }
        Ok(out)
    }

    /// `name_or_attr: NAME ('.' NAME)*` as a Name/Attribute expression.
    fn name_or_attr(&mut self) -> PResult<Expr> {
        let start = self.start();
        let t = self.expect(Tok::Name)?;
        let mut e = Expr::new(
            ExprKind::Name {
                id: self.name_token_id(&t),
                ctx: ExprContext::Load,
            },
            Self::tok_loc(&t),
        );
        while self.eat(Tok::Dot) {
            let attr = self.expect_name()?;
            e = Expr::new(
                ExprKind::Attribute {
                    value: Box::new(e),
                    attr,
                    ctx: ExprContext::Load,
                },
                self.finish(start),
            );
        }
        Ok(e)
    }

    /// Numbers (signed, complex) and strings usable as pattern values.
    fn literal_expr(&mut self) -> PResult<Expr> {
        let start = self.start();
        if self.at(Tok::String) {
            let e = self.strings()?;
            if let ExprKind::JoinedStr { .. } = e.kind {
                return Err(self.err_at(
                    e.loc,
                    "patterns may only match literals and attribute lookups",
                ));
            }
            return Ok(e);
        }
        let real = self.signed_number()?;
        let op = match self.kind() {
            Tok::Plus => Operator::Add,
            Tok::Minus => Operator::Sub,
            _ => return Ok(real),
        };
        self.bump();
        if !matches!(real_kind(&real), Some(false)) {
            return Err(self.err_at(real.loc, "real number required in complex literal"));
        }
        let t = self.expect(Tok::Number)?;
        let imag = match crate::literal::parse_number(self.text(&t)) {
            Ok(v) => Expr::new(
                ExprKind::Constant {
                    value: v,
                    kind: None,
                },
                Self::tok_loc(&t),
            ),
            Err(m) => return Err(self.err_at(Self::tok_loc(&t), m)),
        };
        if !matches!(real_kind(&imag), Some(true)) {
            return Err(self.err_at(imag.loc, "imaginary number required in complex literal"));
        }
        Ok(Expr::new(
            ExprKind::BinOp {
                left: Box::new(real),
                op,
                right: Box::new(imag),
            },
            self.finish(start),
        ))
    }

    fn signed_number(&mut self) -> PResult<Expr> {
        let start = self.start();
        let neg = self.eat(Tok::Minus);
        let t = self.expect(Tok::Number)?;
        let c = match crate::literal::parse_number(self.text(&t)) {
            Ok(v) => Expr::new(
                ExprKind::Constant {
                    value: v,
                    kind: None,
                },
                Self::tok_loc(&t),
            ),
            Err(m) => return Err(self.err_at(Self::tok_loc(&t), m)),
        };
        if neg {
            return Ok(Expr::new(
                ExprKind::UnaryOp {
                    op: UnaryOp::USub,
                    operand: Box::new(c),
                },
                self.finish(start),
            ));
        }
        Ok(c)
    }

    fn mapping_pattern(&mut self) -> PResult<Pattern> {
        let start = self.start();
        self.bump(); // '{'
        let mut keys = Vec::new();
        let mut patterns = Vec::new();
        let mut rest = None;
        while !self.at(Tok::Rbrace) {
            if self.eat(Tok::DoubleStar) {
                rest = Some(self.expect_name()?);
                self.eat(Tok::Comma);
                break;
            }
            let key = match self.kind() {
                Tok::Name => {
                    let e = self.name_or_attr()?;
                    if let ExprKind::Name { .. } = e.kind {
                        return Err(generic());
                    }
                    e
                }
                Tok::None | Tok::True | Tok::False => {
                    let t = self.bump();
                    let value = match t.kind {
                        Tok::None => ConstValue::None,
                        Tok::True => ConstValue::Bool(true),
                        _ => ConstValue::Bool(false),
                    };
                    Expr::new(ExprKind::Constant { value, kind: None }, Self::tok_loc(&t))
                }
                _ => self.literal_expr()?,
            };
            self.expect(Tok::Colon)?;
            keys.push(key);
            patterns.push(self.pattern()?);
            if !self.eat(Tok::Comma) {
                break;
            }
        }
        self.expect(Tok::Rbrace)?;
        Ok(Pattern {
            kind: PatternKind::MatchMapping {
                keys,
                patterns,
                rest,
            },
            loc: self.finish(start),
        })
    }

    fn class_pattern(&mut self, start: (u32, u32), cls: Expr) -> PResult<Pattern> {
        self.bump(); // '('
        let mut patterns = Vec::new();
        let mut kwd_attrs = Vec::new();
        let mut kwd_patterns = Vec::new();
        while !self.at(Tok::Rpar) {
            if self.at(Tok::Name) && self.peek_kind(1) == Tok::Equal {
                kwd_attrs.push(self.expect_name()?);
                self.bump();
                kwd_patterns.push(self.pattern()?);
            } else {
                let p = self.pattern()?;
                if !kwd_attrs.is_empty() {
                    return Err(self.err_at(p.loc, "positional patterns follow keyword patterns"));
                }
                patterns.push(p);
            }
            if !self.eat(Tok::Comma) {
                break;
            }
        }
        self.expect(Tok::Rpar)?;
        Ok(Pattern {
            kind: PatternKind::MatchClass {
                cls: Box::new(cls),
                patterns,
                kwd_attrs,
                kwd_patterns,
            },
            loc: self.finish(start),
        })
    }
}

/// For a number expression: Some(true) if imaginary, Some(false) if real
/// (possibly negated), None otherwise.
fn real_kind(e: &Expr) -> Option<bool> {
    match &e.kind {
        ExprKind::Constant {
            value: ConstValue::Complex { .. },
            ..
        } => Some(true),
        ExprKind::Constant {
            value: ConstValue::Int(_) | ConstValue::Float(_),
            ..
        } => Some(false),
        ExprKind::UnaryOp {
            op: UnaryOp::USub,
            operand,
        } => real_kind(operand),
        _ => None,
    }
}
