//! Expressions: from `star_expressions` down to `atom` (python.gram's
//! "EXPRESSIONS" section), calls, subscripts, displays and comprehensions.

use super::{generic, Parser};
use crate::ast::*;
use crate::error::{PResult, SyntaxError};
use crate::tokenizer::Tok;

/// Can this token begin an expression? (used for the "forgot a comma"
/// and legacy `print x` diagnostics)
fn starts_expression(k: Tok) -> bool {
    matches!(
        k,
        Tok::Name
            | Tok::Number
            | Tok::String
            | Tok::Lpar
            | Tok::Lsqb
            | Tok::Lbrace
            | Tok::Ellipsis
            | Tok::None
            | Tok::True
            | Tok::False
            | Tok::Not
            | Tok::Lambda
            | Tok::Await
            | Tok::Tilde
            | Tok::Minus
            | Tok::Plus
    )
}

/// CPython's `_PyPegen_get_expr_name`: how error messages name an expression.
pub(super) fn expr_name(e: &Expr) -> &'static str {
    match &e.kind {
        ExprKind::Attribute { .. } => "attribute",
        ExprKind::Subscript { .. } => "subscript",
        ExprKind::Starred { .. } => "starred",
        ExprKind::Name { .. } => "name",
        ExprKind::List { .. } => "list",
        ExprKind::Tuple { .. } => "tuple",
        ExprKind::Lambda { .. } => "lambda",
        ExprKind::Call { .. } => "function call",
        ExprKind::BoolOp { .. } | ExprKind::BinOp { .. } | ExprKind::UnaryOp { .. } => "expression",
        ExprKind::GeneratorExp { .. } => "generator expression",
        ExprKind::Yield { .. } | ExprKind::YieldFrom { .. } => "yield expression",
        ExprKind::Await { .. } => "await expression",
        ExprKind::ListComp { .. } => "list comprehension",
        ExprKind::SetComp { .. } => "set comprehension",
        ExprKind::DictComp { .. } => "dict comprehension",
        ExprKind::Dict { .. } => "dict literal",
        ExprKind::Set { .. } => "set display",
        ExprKind::JoinedStr { .. } | ExprKind::FormattedValue { .. } => "f-string expression",
        ExprKind::Constant { value, .. } => match value {
            ConstValue::None => "None",
            ConstValue::Bool(true) => "True",
            ConstValue::Bool(false) => "False",
            ConstValue::Ellipsis => "ellipsis",
            _ => "literal",
        },
        ExprKind::Compare { .. } => "comparison",
        ExprKind::IfExp { .. } => "conditional expression",
        ExprKind::NamedExpr { .. } => "named expression",
        ExprKind::Slice { .. } => "slice",
    }
}

/// Is `e` something `bitwise_or` can produce (for the `=`-instead-of-`==`
/// diagnostics, which CPython only gives for those)?
fn is_bitwise_or_level(e: &Expr) -> bool {
    !matches!(
        e.kind,
        ExprKind::Compare { .. }
            | ExprKind::BoolOp { .. }
            | ExprKind::IfExp { .. }
            | ExprKind::Lambda { .. }
            | ExprKind::NamedExpr { .. }
            | ExprKind::Starred { .. }
            | ExprKind::Yield { .. }
            | ExprKind::YieldFrom { .. }
    ) && !matches!(
        e.kind,
        ExprKind::UnaryOp {
            op: UnaryOp::Not,
            ..
        }
    )
}

/// Binding power (0 = `|` ... 5 = `*`) and operator of a binary token.
fn binary_op(k: Tok) -> Option<(u8, Operator)> {
    Some(match k {
        Tok::Vbar => (0, Operator::BitOr),
        Tok::Circumflex => (1, Operator::BitXor),
        Tok::Amper => (2, Operator::BitAnd),
        Tok::LeftShift => (3, Operator::LShift),
        Tok::RightShift => (3, Operator::RShift),
        Tok::Plus => (4, Operator::Add),
        Tok::Minus => (4, Operator::Sub),
        Tok::Star => (5, Operator::Mult),
        Tok::Slash => (5, Operator::Div),
        Tok::DoubleSlash => (5, Operator::FloorDiv),
        Tok::Percent => (5, Operator::Mod),
        Tok::At => (5, Operator::MatMult),
        _ => return None,
    })
}

/// The body of a list or set display.
enum Display {
    Comprehension(Box<Expr>, Vec<Comprehension>),
    Elements(Vec<Expr>),
}

fn boxed(e: Expr) -> Box<Expr> {
    Box::new(e)
}

impl<'a> Parser<'a> {
    /// `expressions: expression (',' expression)* [',']`
    pub(super) fn expressions(&mut self) -> PResult<Expr> {
        let start = self.start();
        let first = self.expression()?;
        if !self.at(Tok::Comma) {
            return Ok(first);
        }
        let mut elts = vec![first];
        while self.eat(Tok::Comma) {
            if !self.can_start_expression_item() {
                break;
            }
            elts.push(self.expression()?);
        }
        Ok(Expr::new(
            ExprKind::Tuple {
                elts,
                ctx: ExprContext::Load,
            },
            self.finish(start),
        ))
    }

    fn can_start_expression_item(&mut self) -> bool {
        let k = self.kind();
        starts_expression(k) || matches!(k, Tok::Star | Tok::Yield)
    }

    /// `star_expressions: star_expression (',' star_expression)* [',']`
    pub(super) fn star_expressions(&mut self) -> PResult<Expr> {
        let start = self.start();
        let first = self.star_expression()?;
        if !self.at(Tok::Comma) {
            return Ok(first);
        }
        let mut elts = vec![first];
        while self.eat(Tok::Comma) {
            let k = self.kind();
            if !(starts_expression(k) || k == Tok::Star) {
                break;
            }
            elts.push(self.star_expression()?);
        }
        Ok(Expr::new(
            ExprKind::Tuple {
                elts,
                ctx: ExprContext::Load,
            },
            self.finish(start),
        ))
    }

    /// `star_expression: '*' bitwise_or | expression`
    pub(super) fn star_expression(&mut self) -> PResult<Expr> {
        if self.at(Tok::Star) {
            let start = self.start();
            self.bump();
            let v = self.bitwise_or()?;
            return Ok(Expr::new(
                ExprKind::Starred {
                    value: boxed(v),
                    ctx: ExprContext::Load,
                },
                self.finish(start),
            ));
        }
        self.expression()
    }

    /// `star_named_expression: '*' bitwise_or | named_expression`
    pub(super) fn star_named_expression(&mut self) -> PResult<Expr> {
        if self.at(Tok::Star) {
            let start = self.start();
            self.bump();
            let v = self.bitwise_or()?;
            return Ok(Expr::new(
                ExprKind::Starred {
                    value: boxed(v),
                    ctx: ExprContext::Load,
                },
                self.finish(start),
            ));
        }
        self.named_expression()
    }

    /// `named_expression: assignment_expression | expression !':='`,
    /// with CPython's `invalid_named_expression` diagnostics.
    pub(super) fn named_expression(&mut self) -> PResult<Expr> {
        let start = self.start();
        if self.at(Tok::Name) && self.peek_kind(1) == Tok::ColonEqual {
            let t = self.bump();
            let target = Expr::new(
                ExprKind::Name {
                    id: self.name_token_id(&t),
                    ctx: ExprContext::Store,
                },
                Self::tok_loc(&t),
            );
            self.bump();
            let value = self.expression()?;
            return Ok(Expr::new(
                ExprKind::NamedExpr {
                    target: boxed(target),
                    value: boxed(value),
                },
                self.finish(start),
            ));
        }
        let e = self.expression()?;
        match self.kind() {
            Tok::ColonEqual => {
                return Err(self.err_at(
                    e.loc,
                    format!("cannot use assignment expressions with {}", expr_name(&e)),
                ));
            }
            Tok::Equal => self.invalid_named_expression(&e)?,
            _ => {}
        }
        Ok(e)
    }

    /// `e` is followed by `=` where no assignment can be: CPython's
    /// "Maybe you meant '==' ..." messages (when `e = bitwise_or` is not
    /// itself followed by another `=` or `:=`).
    pub(super) fn invalid_named_expression(&mut self, e: &Expr) -> PResult<()> {
        // A parenthesized yield is an atom, hence a bitwise_or.
        let paren_yield = matches!(e.kind, ExprKind::Yield { .. } | ExprKind::YieldFrom { .. })
            && self.was_parenthesized(e);
        if !is_bitwise_or_level(e) && !paren_yield {
            return Ok(());
        }
        let save = self.pos;
        self.bump(); // '='
        let rhs = self.try_parse_quiet(|p| p.bitwise_or());
        let follows_ok = rhs.is_some() && !matches!(self.kind(), Tok::Equal | Tok::ColonEqual);
        self.pos = save;
        if !follows_ok {
            return Ok(());
        }
        let rhs = rhs.unwrap();
        if let ExprKind::Name { .. } = e.kind {
            if !self.was_parenthesized(e) {
                return Err(self.err_at(
                    e.loc.to(rhs.loc),
                    "invalid syntax. Maybe you meant '==' or ':=' instead of '='?",
                ));
            }
        }
        // CPython's `!(list|tuple|genexp|'True'|'None'|'False')` lookahead.
        let excluded = matches!(
            &e.kind,
            ExprKind::List { .. }
                | ExprKind::Tuple { .. }
                | ExprKind::GeneratorExp { .. }
                | ExprKind::Constant {
                    value: ConstValue::None | ConstValue::Bool(_),
                    ..
                }
        );
        if excluded {
            return Ok(());
        }
        Err(self.err_at(
            e.loc,
            format!(
                "cannot assign to {} here. Maybe you meant '==' instead of '='?",
                expr_name(e)
            ),
        ))
    }

    /// Was `e` wrapped in parentheses of its own (`(a)`)? `e` must have
    /// just been parsed: the last consumed token then ends after `e`.
    pub(super) fn was_parenthesized(&self, e: &Expr) -> bool {
        let t = &self.toks[self.pos.saturating_sub(1)];
        (t.end_lineno, t.end_col) != (e.loc.end_lineno, e.loc.end_col_offset)
    }

    /// `expression: disjunction ['if' disjunction 'else' expression] | lambdef`
    pub(super) fn expression(&mut self) -> PResult<Expr> {
        self.nested(|p| p.expression_inner())
    }

    fn expression_inner(&mut self) -> PResult<Expr> {
        if self.at(Tok::Lambda) {
            return self.lambdef();
        }
        let start = self.start();
        let first_tok = self.pos;
        let body = self.disjunction()?;
        if self.at(Tok::If) {
            self.bump();
            let test = self.disjunction()?;
            if !self.at(Tok::Else) {
                if !self.at(Tok::Colon) {
                    return Err(self.err_at(
                        body.loc.to(test.loc),
                        "expected 'else' after 'if' expression",
                    ));
                }
                return Err(generic());
            }
            self.bump();
            let orelse = self.expression()?;
            return Ok(Expr::new(
                ExprKind::IfExp {
                    test: boxed(test),
                    body: boxed(body),
                    orelse: boxed(orelse),
                },
                self.finish(start),
            ));
        }
        self.check_juxtaposed(&body, first_tok)?;
        Ok(body)
    }

    /// `invalid_expression` / `invalid_legacy_expression`: two expressions
    /// side by side ("Perhaps you forgot a comma?", `print x`).
    fn check_juxtaposed(&mut self, a: &Expr, first_tok: usize) -> PResult<()> {
        let k = self.kind();
        if !starts_expression(k) || matches!(k, Tok::Minus | Tok::Plus) {
            return Ok(());
        }
        // Legacy `print x` / `exec x`.
        if let ExprKind::Name { id, .. } = &a.kind {
            if (id == "print" || id == "exec") && self.pos == first_tok + 1 && k != Tok::Lpar {
                let save = self.pos;
                if let Some(b) = self.try_parse_quiet(|p| p.star_expressions()) {
                    let msg = format!(
                        "Missing parentheses in call to '{}'. Did you mean {}(...)?",
                        id, id
                    );
                    return Err(self.err_at(a.loc.to(b.loc), msg));
                }
                self.pos = save;
            }
        }
        if self.paren_depth() == 0 {
            return Ok(());
        }
        // !(NAME STRING | SOFT_KEYWORD) before `a`.
        let ft = self.toks[first_tok];
        if ft.kind == Tok::Name {
            let t = self.text(&ft);
            if matches!(t, "match" | "case" | "_") {
                return Ok(());
            }
            if self.toks.get(first_tok + 1).map(|t| t.kind) == Some(Tok::String) {
                return Ok(());
            }
        }
        let save = self.pos;
        let b = self.try_parse_quiet(|p| p.expression());
        self.pos = save;
        if let Some(b) = b {
            return Err(self.err_at(
                a.loc.to(b.loc),
                "invalid syntax. Perhaps you forgot a comma?",
            ));
        }
        Ok(())
    }

    /// Bracket nesting at the current token (for diagnostics only).
    fn paren_depth(&self) -> i32 {
        // (An f-string field's synthetic '(' is among the tokens, so it counts.)
        let mut depth = 0;
        // Walk back to the start of the logical line.
        let mut i = self.pos;
        while i > 0 {
            i -= 1;
            match self.toks[i].kind {
                Tok::Newline | Tok::Indent | Tok::Dedent => break,
                Tok::Lpar | Tok::Lsqb | Tok::Lbrace => depth += 1,
                Tok::Rpar | Tok::Rsqb | Tok::Rbrace => depth -= 1,
                _ => {}
            }
        }
        depth
    }

    /// `lambdef: 'lambda' [lambda_params] ':' expression`
    fn lambdef(&mut self) -> PResult<Expr> {
        let start = self.start();
        self.bump();
        let args = self.parameters(true)?;
        self.expect(Tok::Colon)?;
        let body = self.expression()?;
        Ok(Expr::new(
            ExprKind::Lambda {
                args: Box::new(args),
                body: boxed(body),
            },
            self.finish(start),
        ))
    }

    /// `disjunction: conjunction ('or' conjunction)*`
    pub(super) fn disjunction(&mut self) -> PResult<Expr> {
        let start = self.start();
        let first = self.conjunction()?;
        if !self.at(Tok::Or) {
            return Ok(first);
        }
        let mut values = vec![first];
        while self.eat(Tok::Or) {
            values.push(self.conjunction()?);
        }
        Ok(Expr::new(
            ExprKind::BoolOp {
                op: BoolOp::Or,
                values,
            },
            self.finish(start),
        ))
    }

    fn conjunction(&mut self) -> PResult<Expr> {
        let start = self.start();
        let first = self.inversion()?;
        if !self.at(Tok::And) {
            return Ok(first);
        }
        let mut values = vec![first];
        while self.eat(Tok::And) {
            values.push(self.inversion()?);
        }
        Ok(Expr::new(
            ExprKind::BoolOp {
                op: BoolOp::And,
                values,
            },
            self.finish(start),
        ))
    }

    fn inversion(&mut self) -> PResult<Expr> {
        if self.at(Tok::Not) {
            let start = self.start();
            self.bump();
            let operand = self.nested(|p| p.inversion())?;
            return Ok(Expr::new(
                ExprKind::UnaryOp {
                    op: UnaryOp::Not,
                    operand: boxed(operand),
                },
                self.finish(start),
            ));
        }
        self.comparison()
    }

    fn comp_op(&mut self) -> Option<CmpOp> {
        let op = match self.kind() {
            Tok::EqEqual => CmpOp::Eq,
            Tok::NotEqual => CmpOp::NotEq,
            Tok::Less => CmpOp::Lt,
            Tok::LessEqual => CmpOp::LtE,
            Tok::Greater => CmpOp::Gt,
            Tok::GreaterEqual => CmpOp::GtE,
            Tok::In => CmpOp::In,
            Tok::Is => {
                if self.peek_kind(1) == Tok::Not {
                    self.bump();
                    CmpOp::IsNot
                } else {
                    CmpOp::Is
                }
            }
            Tok::Not if self.peek_kind(1) == Tok::In => {
                self.bump();
                CmpOp::NotIn
            }
            _ => return None,
        };
        self.bump();
        Some(op)
    }

    fn comparison(&mut self) -> PResult<Expr> {
        let start = self.start();
        let left = self.bitwise_or()?;
        let mut ops = Vec::new();
        let mut comparators = Vec::new();
        while let Some(op) = self.comp_op() {
            ops.push(op);
            comparators.push(self.bitwise_or()?);
        }
        if ops.is_empty() {
            return Ok(left);
        }
        Ok(Expr::new(
            ExprKind::Compare {
                left: boxed(left),
                ops,
                comparators,
            },
            self.finish(start),
        ))
    }

    /// `bitwise_or` and the binary operator levels below it
    /// (`bitwise_xor` ... `term`), all left-associative.
    pub(super) fn bitwise_or(&mut self) -> PResult<Expr> {
        self.binary_expr(0)
    }

    /// Precedence climbing over the binary levels: one call per operand
    /// instead of one per grammar level. Each BinOp spans from the first
    /// token of its left operand, as CPython's rules do.
    fn binary_expr(&mut self, min_prec: u8) -> PResult<Expr> {
        let start = self.start();
        let mut left = self.factor()?;
        while let Some((prec, op)) = binary_op(self.kind()) {
            if prec < min_prec {
                break;
            }
            self.bump();
            let right = self.binary_expr(prec + 1)?;
            left = Expr::new(
                ExprKind::BinOp {
                    left: boxed(left),
                    op,
                    right: boxed(right),
                },
                self.finish(start),
            );
        }
        Ok(left)
    }

    /// `factor: ('+' | '-' | '~') factor | power`
    fn factor(&mut self) -> PResult<Expr> {
        let op = match self.kind() {
            Tok::Plus => UnaryOp::UAdd,
            Tok::Minus => UnaryOp::USub,
            Tok::Tilde => UnaryOp::Invert,
            _ => return self.power(),
        };
        let start = self.start();
        self.bump();
        let operand = self.nested(|p| p.factor())?;
        Ok(Expr::new(
            ExprKind::UnaryOp {
                op,
                operand: boxed(operand),
            },
            self.finish(start),
        ))
    }

    /// `power: await_primary ['**' factor]`
    fn power(&mut self) -> PResult<Expr> {
        let start = self.start();
        let left = self.await_primary()?;
        if self.eat(Tok::DoubleStar) {
            let right = self.nested(|p| p.factor())?;
            return Ok(Expr::new(
                ExprKind::BinOp {
                    left: boxed(left),
                    op: Operator::Pow,
                    right: boxed(right),
                },
                self.finish(start),
            ));
        }
        Ok(left)
    }

    fn await_primary(&mut self) -> PResult<Expr> {
        if self.at(Tok::Await) {
            let start = self.start();
            self.bump();
            let v = self.primary()?;
            return Ok(Expr::new(
                ExprKind::Await { value: boxed(v) },
                self.finish(start),
            ));
        }
        self.primary()
    }

    /// `primary: atom ('.' NAME | genexp | '(' arguments ')' | '[' slices ']')*`
    pub(super) fn primary(&mut self) -> PResult<Expr> {
        let start = self.start();
        let mut e = self.atom()?;
        loop {
            match self.kind() {
                Tok::Dot => {
                    self.bump();
                    let attr = self.expect_name()?;
                    e = Expr::new(
                        ExprKind::Attribute {
                            value: boxed(e),
                            attr,
                            ctx: ExprContext::Load,
                        },
                        self.finish(start),
                    );
                }
                Tok::Lpar => {
                    let (args, keywords) = self.call_arguments(true)?;
                    e = Expr::new(
                        ExprKind::Call {
                            func: boxed(e),
                            args,
                            keywords,
                        },
                        self.finish(start),
                    );
                }
                Tok::Lsqb => {
                    self.bump();
                    let slice = self.slices()?;
                    self.expect(Tok::Rsqb)?;
                    e = Expr::new(
                        ExprKind::Subscript {
                            value: boxed(e),
                            slice: boxed(slice),
                            ctx: ExprContext::Load,
                        },
                        self.finish(start),
                    );
                }
                _ => return Ok(e),
            }
        }
    }

    /// `'(' [arguments] ')'` of a call or class definition, returning
    /// (positional args incl. starred, keywords). With `allow_genexp`, a
    /// lone generator expression argument takes the parentheses' span.
    pub(super) fn call_arguments(
        &mut self,
        allow_genexp: bool,
    ) -> PResult<(Vec<Expr>, Vec<Keyword>)> {
        let open = self.bump(); // '('
        let mut args: Vec<Expr> = Vec::new();
        let mut keywords: Vec<Keyword> = Vec::new();
        let mut seen_kw = false; // a `name=value` keyword
        let mut seen_dstar = false; // a `**mapping`
        let mut first = true;
        loop {
            if self.at(Tok::Rpar) {
                break;
            }
            let start = self.start();
            if self.at(Tok::Star) {
                let star = self.bump();
                if seen_dstar {
                    return Err(self.err_at(
                        Self::tok_loc(&star),
                        "iterable argument unpacking follows keyword argument unpacking",
                    ));
                }
                let v = self.expression()?;
                args.push(Expr::new(
                    ExprKind::Starred {
                        value: boxed(v),
                        ctx: ExprContext::Load,
                    },
                    self.finish(start),
                ));
            } else if self.at(Tok::DoubleStar) {
                self.bump();
                let v = self.expression()?;
                seen_dstar = true;
                keywords.push(Keyword {
                    arg: None,
                    value: v,
                    loc: self.finish(start),
                });
            } else if self.at(Tok::Name) && self.peek_kind(1) == Tok::Equal {
                let t = self.bump();
                let name = self.name_token_id(&t);
                self.bump();
                let v = self.expression()?;
                seen_kw = true;
                keywords.push(Keyword {
                    arg: Some(name),
                    value: v,
                    loc: self.finish(start),
                });
            } else if matches!(self.kind(), Tok::True | Tok::False | Tok::None)
                && self.peek_kind(1) == Tok::Equal
            {
                let t = *self.tok();
                return Err(self.err_at(
                    Self::tok_loc(&t),
                    format!("cannot assign to {}", self.text(&t)),
                ));
            } else {
                let e = if self.at(Tok::Name) && self.peek_kind(1) == Tok::ColonEqual {
                    self.named_expression()?
                } else {
                    let e = self.expression()?;
                    if self.at(Tok::ColonEqual) {
                        return Err(generic());
                    }
                    e
                };
                if matches!(self.kind(), Tok::For | Tok::Async) && allow_genexp {
                    let generators = self.comprehension_clauses()?;
                    let lone = first && self.at(Tok::Rpar);
                    if !lone {
                        let loc = self.finish(start);
                        return Err(self
                            .err_at(e.loc.to(loc), "Generator expression must be parenthesized"));
                    }
                    let close = *self.tok();
                    let loc = Loc::new(open.lineno, open.col, close.end_lineno, close.end_col);
                    args.push(Expr::new(
                        ExprKind::GeneratorExp {
                            elt: boxed(e),
                            generators,
                        },
                        loc,
                    ));
                } else if self.at(Tok::Equal) {
                    let eq = *self.tok();
                    return Err(self.err_at(
                        e.loc.to(Self::tok_loc(&eq)),
                        "expression cannot contain assignment, perhaps you meant \"==\"?",
                    ));
                } else {
                    if seen_dstar || seen_kw {
                        // CPython reports this after reading the remaining
                        // arguments, at the token that ends them.
                        let msg = if seen_dstar {
                            "positional argument follows keyword argument unpacking"
                        } else {
                            "positional argument follows keyword argument"
                        };
                        while self.eat(Tok::Comma) {
                            if self.try_parse_quiet(|p| p.call_argument_quiet()).is_none() {
                                break;
                            }
                        }
                        return Err(self.err_here(msg));
                    }
                    args.push(e);
                }
            }
            first = false;
            if !self.eat(Tok::Comma) {
                break;
            }
        }
        self.expect(Tok::Rpar)?;
        Ok((args, keywords))
    }

    /// One call argument of any form, for skipping over arguments.
    fn call_argument_quiet(&mut self) -> PResult<()> {
        if matches!(self.kind(), Tok::Star | Tok::DoubleStar) {
            self.bump();
        } else if self.at(Tok::Name) && self.peek_kind(1) == Tok::Equal {
            self.bump();
            self.bump();
        }
        self.expression().map(|_| ())
    }

    /// `slices: slice !',' | ','.(slice | starred_expression)+ [',']`
    fn slices(&mut self) -> PResult<Expr> {
        let start = self.start();
        let first = self.slice_item()?;
        if !self.at(Tok::Comma) {
            // `a[*b]` is a one-element tuple (PEP 646).
            if let ExprKind::Starred { .. } = first.kind {
                let loc = first.loc;
                return Ok(Expr::new(
                    ExprKind::Tuple {
                        elts: vec![first],
                        ctx: ExprContext::Load,
                    },
                    loc,
                ));
            }
            return Ok(first);
        }
        let mut elts = vec![first];
        while self.eat(Tok::Comma) {
            if self.at(Tok::Rsqb) {
                break;
            }
            elts.push(self.slice_item()?);
        }
        Ok(Expr::new(
            ExprKind::Tuple {
                elts,
                ctx: ExprContext::Load,
            },
            self.finish(start),
        ))
    }

    fn slice_item(&mut self) -> PResult<Expr> {
        let start = self.start();
        if self.at(Tok::Star) {
            self.bump();
            let v = self.bitwise_or()?;
            return Ok(Expr::new(
                ExprKind::Starred {
                    value: boxed(v),
                    ctx: ExprContext::Load,
                },
                self.finish(start),
            ));
        }
        let lower = if self.at(Tok::Colon) {
            None
        } else {
            let e = self.named_expression()?;
            if !self.at(Tok::Colon) {
                return Ok(e);
            }
            Some(boxed(e))
        };
        self.bump(); // ':'
        let upper = if matches!(self.kind(), Tok::Colon | Tok::Comma | Tok::Rsqb) {
            None
        } else {
            Some(boxed(self.expression()?))
        };
        let step = if self.eat(Tok::Colon) {
            if matches!(self.kind(), Tok::Comma | Tok::Rsqb) {
                None
            } else {
                Some(boxed(self.expression()?))
            }
        } else {
            None
        };
        Ok(Expr::new(
            ExprKind::Slice { lower, upper, step },
            self.finish(start),
        ))
    }

    fn constant(&self, value: ConstValue, loc: Loc) -> Expr {
        Expr::new(ExprKind::Constant { value, kind: None }, loc)
    }

    /// `atom`
    pub(super) fn atom(&mut self) -> PResult<Expr> {
        let t = *self.tok();
        match self.kind() {
            Tok::Name => {
                self.bump();
                Ok(Expr::new(
                    ExprKind::Name {
                        id: self.name_token_id(&t),
                        ctx: ExprContext::Load,
                    },
                    Self::tok_loc(&t),
                ))
            }
            Tok::True => {
                self.bump();
                Ok(self.constant(ConstValue::Bool(true), Self::tok_loc(&t)))
            }
            Tok::False => {
                self.bump();
                Ok(self.constant(ConstValue::Bool(false), Self::tok_loc(&t)))
            }
            Tok::None => {
                self.bump();
                Ok(self.constant(ConstValue::None, Self::tok_loc(&t)))
            }
            Tok::Ellipsis => {
                self.bump();
                Ok(self.constant(ConstValue::Ellipsis, Self::tok_loc(&t)))
            }
            Tok::Number => {
                self.bump();
                match crate::literal::parse_number(self.text(&t)) {
                    Ok(v) => Ok(self.constant(v, Self::tok_loc(&t))),
                    // CPython reports the digit limit with no column.
                    Err(msg) => {
                        let loc = Loc {
                            col_offset: SyntaxError::NO_COL,
                            end_col_offset: SyntaxError::NO_COL,
                            ..Self::tok_loc(&t)
                        };
                        Err(self.err_at(loc, msg))
                    }
                }
            }
            Tok::String => self.strings(),
            Tok::Lpar => self.paren_atom(),
            Tok::Lsqb => self.list_atom(),
            Tok::Lbrace => self.brace_atom(),
            _ => Err(generic()),
        }
    }

    /// `tuple | group | genexp`
    fn paren_atom(&mut self) -> PResult<Expr> {
        let start = self.start();
        self.bump();
        if self.eat(Tok::Rpar) {
            return Ok(Expr::new(
                ExprKind::Tuple {
                    elts: vec![],
                    ctx: ExprContext::Load,
                },
                self.finish(start),
            ));
        }
        if self.at(Tok::Yield) {
            let e = self.yield_expr()?;
            self.expect(Tok::Rpar)?;
            return Ok(e);
        }
        let first = self.star_named_expression()?;
        match self.kind() {
            Tok::Rpar => {
                self.bump();
                if let ExprKind::Starred { .. } = first.kind {
                    return Err(self.err_at(first.loc, "cannot use starred expression here"));
                }
                Ok(first)
            }
            Tok::For | Tok::Async => {
                if let ExprKind::Starred { .. } = first.kind {
                    return Err(generic());
                }
                let generators = self.comprehension_clauses()?;
                self.expect(Tok::Rpar)?;
                Ok(Expr::new(
                    ExprKind::GeneratorExp {
                        elt: boxed(first),
                        generators,
                    },
                    self.finish(start),
                ))
            }
            Tok::Comma => {
                let mut elts = vec![first];
                while self.eat(Tok::Comma) {
                    if self.at(Tok::Rpar) {
                        break;
                    }
                    elts.push(self.star_named_expression()?);
                }
                self.expect(Tok::Rpar)?;
                Ok(Expr::new(
                    ExprKind::Tuple {
                        elts,
                        ctx: ExprContext::Load,
                    },
                    self.finish(start),
                ))
            }
            _ => Err(generic()),
        }
    }

    /// `list | listcomp`
    fn list_atom(&mut self) -> PResult<Expr> {
        let start = self.start();
        self.bump();
        if self.eat(Tok::Rsqb) {
            return Ok(Expr::new(
                ExprKind::List {
                    elts: vec![],
                    ctx: ExprContext::Load,
                },
                self.finish(start),
            ));
        }
        let first = self.star_named_expression()?;
        let kind = match self.display_rest(first, Tok::Rsqb)? {
            Display::Comprehension(elt, generators) => ExprKind::ListComp { elt, generators },
            Display::Elements(elts) => ExprKind::List {
                elts,
                ctx: ExprContext::Load,
            },
        };
        Ok(Expr::new(kind, self.finish(start)))
    }

    /// After the first item of a list or set display: a comprehension, or
    /// the remaining comma-separated items, through the closing bracket.
    fn display_rest(&mut self, first: Expr, close: Tok) -> PResult<Display> {
        if matches!(self.kind(), Tok::For | Tok::Async) {
            if let ExprKind::Starred { .. } = first.kind {
                return Err(self.err_at(
                    first.loc,
                    "iterable unpacking cannot be used in comprehension",
                ));
            }
            let generators = self.comprehension_clauses()?;
            self.expect(close)?;
            return Ok(Display::Comprehension(boxed(first), generators));
        }
        let mut elts = vec![first];
        while self.eat(Tok::Comma) {
            if self.at(close) {
                break;
            }
            elts.push(self.star_named_expression()?);
        }
        self.expect(close)?;
        Ok(Display::Elements(elts))
    }

    /// `dict | set | dictcomp | setcomp`
    fn brace_atom(&mut self) -> PResult<Expr> {
        let start = self.start();
        self.bump();
        if self.eat(Tok::Rbrace) {
            return Ok(Expr::new(
                ExprKind::Dict {
                    keys: vec![],
                    values: vec![],
                },
                self.finish(start),
            ));
        }
        if self.at(Tok::DoubleStar) {
            return self.dict_rest(start, None);
        }
        let first = self.star_named_expression()?;
        if self.at(Tok::Colon) && !matches!(first.kind, ExprKind::Starred { .. }) {
            self.bump();
            let value = self.expression()?;
            if matches!(self.kind(), Tok::For | Tok::Async) {
                let generators = self.comprehension_clauses()?;
                self.expect(Tok::Rbrace)?;
                return Ok(Expr::new(
                    ExprKind::DictComp {
                        key: boxed(first),
                        value: boxed(value),
                        generators,
                    },
                    self.finish(start),
                ));
            }
            return self.dict_rest(start, Some((first, value)));
        }
        let kind = match self.display_rest(first, Tok::Rbrace)? {
            Display::Comprehension(elt, generators) => ExprKind::SetComp { elt, generators },
            Display::Elements(elts) => ExprKind::Set { elts },
        };
        Ok(Expr::new(kind, self.finish(start)))
    }

    /// The rest of a dict display after its first item (if already parsed).
    fn dict_rest(&mut self, start: (u32, u32), first: Option<(Expr, Expr)>) -> PResult<Expr> {
        let mut keys = Vec::new();
        let mut values = Vec::new();
        let mut need_item = first.is_none();
        if let Some((k, v)) = first {
            keys.push(Some(k));
            values.push(v);
        }
        loop {
            if need_item {
                if self.at(Tok::Rbrace) {
                    break;
                }
                if self.eat(Tok::DoubleStar) {
                    keys.push(None);
                    values.push(self.bitwise_or()?);
                } else {
                    let k = self.expression()?;
                    if !self.at(Tok::Colon) {
                        if matches!(self.kind(), Tok::Comma | Tok::Rbrace) {
                            return Err(self.err_at(k.loc, "':' expected after dictionary key"));
                        }
                        return Err(generic());
                    }
                    self.bump();
                    let v = self.expression()?;
                    keys.push(Some(k));
                    values.push(v);
                }
            }
            if !self.eat(Tok::Comma) {
                break;
            }
            need_item = true;
        }
        self.expect(Tok::Rbrace)?;
        Ok(Expr::new(
            ExprKind::Dict { keys, values },
            self.finish(start),
        ))
    }

    /// `for_if_clauses`
    pub(super) fn comprehension_clauses(&mut self) -> PResult<Vec<Comprehension>> {
        let mut gens = Vec::new();
        while matches!(self.kind(), Tok::For | Tok::Async) {
            let is_async = if self.at(Tok::Async) {
                self.bump();
                if !self.at(Tok::For) {
                    return Err(generic());
                }
                1
            } else {
                0
            };
            self.bump(); // 'for'
            let target = self.for_target()?;
            let iter = self.disjunction()?;
            let mut ifs = Vec::new();
            while self.eat(Tok::If) {
                ifs.push(self.disjunction()?);
            }
            gens.push(Comprehension {
                target,
                iter,
                ifs,
                is_async,
            });
        }
        Ok(gens)
    }

    /// `yield_expr: 'yield' 'from' expression | 'yield' [star_expressions]`
    pub(super) fn yield_expr(&mut self) -> PResult<Expr> {
        let start = self.start();
        self.bump(); // 'yield'
        if self.eat(Tok::From) {
            let v = self.expression()?;
            return Ok(Expr::new(
                ExprKind::YieldFrom { value: boxed(v) },
                self.finish(start),
            ));
        }
        let k = self.kind();
        let value = if starts_expression(k) || k == Tok::Star {
            Some(boxed(self.star_expressions()?))
        } else {
            None
        };
        Ok(Expr::new(ExprKind::Yield { value }, self.finish(start)))
    }
}
