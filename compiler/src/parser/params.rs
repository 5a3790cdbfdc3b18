//! Parameter lists of `def` and `lambda` (python.gram's `parameters` and
//! `lambda_parameters`), with CPython's ordering errors.

use super::{generic, Parser};
use crate::ast::*;
use crate::error::PResult;
use crate::tokenizer::Tok;

impl<'a> Parser<'a> {
    /// One `NAME [':' annotation]`; `star_annotation` allows `*args: *Ts`.
    fn param(&mut self, lambda: bool, star_annotation: bool) -> PResult<Arg> {
        let start = self.start();
        let name = self.expect_name()?;
        let annotation = if !lambda && self.eat(Tok::Colon) {
            Some(Box::new(if star_annotation {
                self.star_expression()?
            } else {
                self.expression()?
            }))
        } else {
            None
        };
        Ok(Arg {
            arg: name,
            annotation,
            type_comment: None,
            loc: self.finish(start),
        })
    }

    /// Parameters up to (not including) the closing `)` or, for a lambda,
    /// the `:`.
    pub(super) fn parameters(&mut self, lambda: bool) -> PResult<Arguments> {
        let close = if lambda { Tok::Colon } else { Tok::Rpar };
        let mut a = Arguments {
            posonlyargs: vec![],
            args: vec![],
            vararg: None,
            kwonlyargs: vec![],
            kw_defaults: vec![],
            kwarg: None,
            defaults: vec![],
        };
        let mut seen_slash = false;
        let mut seen_star = false;
        while !self.at(close) {
            if a.kwarg.is_some() {
                return Err(self.err_here("arguments cannot follow var-keyword argument"));
            }
            match self.kind() {
                Tok::Slash => {
                    let t = self.bump();
                    if seen_slash {
                        return Err(self.err_at(Self::tok_loc(&t), "/ may appear only once"));
                    }
                    if seen_star {
                        return Err(self.err_at(Self::tok_loc(&t), "/ must be ahead of *"));
                    }
                    if a.args.is_empty() {
                        return Err(
                            self.err_at(Self::tok_loc(&t), "at least one argument must precede /")
                        );
                    }
                    seen_slash = true;
                    a.posonlyargs = std::mem::take(&mut a.args);
                }
                Tok::Star => {
                    let t = self.bump();
                    if seen_star {
                        return Err(
                            self.err_at(Self::tok_loc(&t), "* argument may appear only once")
                        );
                    }
                    seen_star = true;
                    let after = if self.at(Tok::Comma) {
                        self.peek_kind(1)
                    } else {
                        self.kind()
                    };
                    let bare = self.at(close)
                        || (self.at(Tok::Comma) && (after == close || after == Tok::DoubleStar));
                    if bare {
                        // def: at the '*'; lambda: at the last token read.
                        let loc = if lambda {
                            let n = if self.at(Tok::Comma) { 1 } else { 0 };
                            Self::tok_loc(&self.toks[(self.pos + n).min(self.toks.len() - 1)])
                        } else {
                            Self::tok_loc(&t)
                        };
                        return Err(self.err_at(loc, "named arguments must follow bare *"));
                    }
                    if !self.at(Tok::Comma) {
                        let p = self.param(lambda, true)?;
                        if self.at(Tok::Equal) {
                            return Err(
                                self.err_here("var-positional argument cannot have default value")
                            );
                        }
                        a.vararg = Some(Box::new(p));
                    }
                }
                Tok::DoubleStar => {
                    self.bump();
                    let p = self.param(lambda, false)?;
                    if self.at(Tok::Equal) {
                        return Err(self.err_here("var-keyword argument cannot have default value"));
                    }
                    a.kwarg = Some(Box::new(p));
                }
                Tok::Name => {
                    let p = self.param(lambda, false)?;
                    let default = if self.eat(Tok::Equal) {
                        Some(self.expression()?)
                    } else {
                        None
                    };
                    if seen_star {
                        a.kwonlyargs.push(p);
                        a.kw_defaults.push(default);
                    } else {
                        match default {
                            Some(d) => a.defaults.push(d),
                            None if !a.defaults.is_empty() => {
                                return Err(self.err_at(
                                    p.loc,
                                    "non-default argument follows default argument",
                                ));
                            }
                            None => {}
                        }
                        a.args.push(p);
                    }
                }
                _ => return Err(generic()),
            }
            if !self.eat(Tok::Comma) {
                break;
            }
        }
        Ok(a)
    }
}
