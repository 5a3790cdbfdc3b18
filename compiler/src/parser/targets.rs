//! Assignment and deletion targets: `star_targets`, `del_targets`, and the
//! conversion of an already-parsed expression into a target (what CPython's
//! `_PyPegen_set_expr_context` and `RAISE_SYNTAX_ERROR_INVALID_TARGET` do).

use super::expr::expr_name;
use super::Parser;
use crate::ast::*;
use crate::error::{PResult, SyntaxError};
use crate::tokenizer::Tok;

/// Which kind of target a message talks about.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum TargetKind {
    Store,
    Del,
}

/// The first sub-expression of `e` that cannot be a target, if any.
pub(super) fn invalid_target(e: &Expr, kind: TargetKind) -> Option<&Expr> {
    match &e.kind {
        ExprKind::Name { .. } | ExprKind::Attribute { .. } | ExprKind::Subscript { .. } => None,
        ExprKind::Tuple { elts, .. } | ExprKind::List { elts, .. } => {
            elts.iter().find_map(|x| invalid_target(x, kind))
        }
        ExprKind::Starred { value, .. } => {
            if kind == TargetKind::Del {
                Some(e)
            } else {
                invalid_target(value, kind)
            }
        }
        _ => Some(e),
    }
}

/// Set the context of a valid target tree.
pub(super) fn set_ctx(e: &mut Expr, ctx: ExprContext) {
    match &mut e.kind {
        ExprKind::Name { ctx: c, .. }
        | ExprKind::Attribute { ctx: c, .. }
        | ExprKind::Subscript { ctx: c, .. } => *c = ctx,
        ExprKind::Tuple { elts, ctx: c } | ExprKind::List { elts, ctx: c } => {
            *c = ctx;
            for x in elts {
                set_ctx(x, ctx);
            }
        }
        ExprKind::Starred { value, ctx: c } => {
            *c = ctx;
            set_ctx(value, ctx);
        }
        _ => {}
    }
}

impl<'a> Parser<'a> {
    /// The "cannot assign to X" / "cannot delete X" error for `bad`.
    pub(super) fn target_error(&self, bad: &Expr, kind: TargetKind) -> SyntaxError {
        let verb = match kind {
            TargetKind::Store => "assign to",
            TargetKind::Del => "delete",
        };
        self.err_at(bad.loc, format!("cannot {} {}", verb, expr_name(bad)))
    }

    /// Make `e` a Store target, or fail with CPython's message.
    pub(super) fn store_target(&self, mut e: Expr) -> PResult<Expr> {
        if let Some(bad) = invalid_target(&e, TargetKind::Store) {
            if matches!(
                bad.kind,
                ExprKind::Yield { .. } | ExprKind::YieldFrom { .. }
            ) {
                return Err(self.err_at(bad.loc, "assignment to yield expression not possible"));
            }
            return Err(self.target_error(bad, TargetKind::Store));
        }
        set_ctx(&mut e, ExprContext::Store);
        Ok(e)
    }

    /// `star_targets`: a target list as in `for` and comprehensions. Parses
    /// `primary`-level items (so `in` is never swallowed) and validates them.
    pub(super) fn star_targets(&mut self) -> PResult<Expr> {
        let start = self.start();
        let first = self.star_target()?;
        if !self.at(Tok::Comma) {
            return self.store_target(first);
        }
        let mut elts = vec![first];
        while self.eat(Tok::Comma) {
            if !matches!(self.kind(), Tok::Name | Tok::Lpar | Tok::Lsqb | Tok::Star) {
                break;
            }
            elts.push(self.star_target()?);
        }
        let e = Expr::new(
            ExprKind::Tuple {
                elts,
                ctx: ExprContext::Store,
            },
            self.finish(start),
        );
        self.store_target(e)
    }

    fn star_target(&mut self) -> PResult<Expr> {
        if self.at(Tok::Star) {
            let start = self.start();
            self.bump();
            if self.at(Tok::Star) {
                return Err(super::generic());
            }
            let v = self.star_target()?;
            return Ok(Expr::new(
                ExprKind::Starred {
                    value: Box::new(v),
                    ctx: ExprContext::Store,
                },
                self.finish(start),
            ));
        }
        self.primary()
    }

    /// The target of a `for` (statement or comprehension) and the `in`
    /// after it; CPython's `invalid_for_target` names a bad target.
    pub(super) fn for_target(&mut self) -> PResult<Expr> {
        let save = self.pos;
        let t = self.try_parse_quiet(|p| {
            let t = p.star_targets()?;
            if !p.eat(Tok::In) {
                return Err(super::generic());
            }
            Ok(t)
        });
        if let Some(t) = t {
            return Ok(t);
        }
        self.pos = save;
        if let Some(e) = self.try_parse_quiet(|p| p.star_expressions()) {
            if let Some(bad) = invalid_target(&e, TargetKind::Store) {
                let bad = match &bad.kind {
                    // `for x in y` parsed as one comparison: the target is
                    // its left side.
                    ExprKind::Compare { left, ops, .. } if ops[0] == CmpOp::In => {
                        match invalid_target(left, TargetKind::Store) {
                            Some(b) => b,
                            None => {
                                self.pos = save;
                                self.star_targets()?;
                                self.expect(Tok::In)?;
                                return Err(super::generic());
                            }
                        }
                    }
                    _ => bad,
                };
                return Err(self.target_error(bad, TargetKind::Store));
            }
        }
        self.pos = save;
        let t = self.star_targets()?;
        self.expect(Tok::In)?;
        Ok(t)
    }

    /// `del_targets: ','.del_target+ [',']`
    pub(super) fn del_targets(&mut self) -> PResult<Vec<Expr>> {
        let mut out = Vec::new();
        loop {
            let mut e = self.primary()?;
            if let Some(bad) = invalid_target(&e, TargetKind::Del) {
                return Err(self.target_error(bad, TargetKind::Del));
            }
            set_ctx(&mut e, ExprContext::Del);
            out.push(e);
            if !self.eat(Tok::Comma) {
                break;
            }
            if !matches!(self.kind(), Tok::Name | Tok::Lpar | Tok::Lsqb) {
                break;
            }
        }
        Ok(out)
    }
}
