//! Statements: simple statements, assignments, and the compound statements
//! with their blocks (python.gram's "STATEMENTS" section).

use super::expr::expr_name;
use super::{generic, Parser};
use crate::ast::*;
use crate::error::PResult;
use crate::tokenizer::Tok;

fn boxed(e: Expr) -> Box<Expr> {
    Box::new(e)
}

fn aug_op(k: Tok) -> Option<Operator> {
    Some(match k {
        Tok::PlusEqual => Operator::Add,
        Tok::MinEqual => Operator::Sub,
        Tok::StarEqual => Operator::Mult,
        Tok::AtEqual => Operator::MatMult,
        Tok::SlashEqual => Operator::Div,
        Tok::PercentEqual => Operator::Mod,
        Tok::AmperEqual => Operator::BitAnd,
        Tok::VbarEqual => Operator::BitOr,
        Tok::CircumflexEqual => Operator::BitXor,
        Tok::LeftShiftEqual => Operator::LShift,
        Tok::RightShiftEqual => Operator::RShift,
        Tok::DoubleStarEqual => Operator::Pow,
        Tok::DoubleSlashEqual => Operator::FloorDiv,
        _ => return None,
    })
}

impl<'a> Parser<'a> {
    /// `statement: compound_stmt | simple_stmts`, appended to `body`.
    pub(super) fn statement(&mut self, body: &mut Vec<Stmt>) -> PResult<()> {
        if let Some(s) = self.grow(|p| p.compound_stmt())? {
            body.push(s);
            return Ok(());
        }
        self.simple_stmts(body)
    }

    /// `statements: statement+` up to a DEDENT.
    fn statements_until_dedent(&mut self) -> PResult<Vec<Stmt>> {
        let mut body = Vec::new();
        while !self.at(Tok::Dedent) {
            if self.at(Tok::EndMarker) {
                return Err(generic());
            }
            self.statement(&mut body)?;
        }
        self.bump();
        Ok(body)
    }

    /// `block: NEWLINE INDENT statements DEDENT | simple_stmts`.
    /// `what` names the construct for "expected an indented block after ...".
    fn block(&mut self, what: &str, lineno: u32) -> PResult<Vec<Stmt>> {
        if self.at(Tok::Newline) {
            self.bump();
            if !self.at(Tok::Indent) {
                let t = *self.tok();
                return Err(self.indent_err(
                    format!(
                        "expected an indented block after {} on line {}",
                        what, lineno
                    ),
                    t,
                ));
            }
            self.bump();
            return self.statements_until_dedent();
        }
        let mut body = Vec::new();
        self.simple_stmts(&mut body)?;
        Ok(body)
    }

    /// `':'`, or "expected ':'" when the line ends instead.
    fn expect_colon(&mut self) -> PResult<()> {
        if self.eat(Tok::Colon) {
            return Ok(());
        }
        if self.at(Tok::Newline) {
            return Err(self.err_here("expected ':'"));
        }
        Err(generic())
    }

    /// `simple_stmts: simple_stmt (';' simple_stmt)* [';'] NEWLINE`
    fn simple_stmts(&mut self, body: &mut Vec<Stmt>) -> PResult<()> {
        loop {
            let s = self.simple_stmt()?;
            body.push(s);
            if self.eat(Tok::Semi) {
                if self.eat(Tok::Newline) {
                    return Ok(());
                }
                continue;
            }
            if self.eat(Tok::Newline) {
                return Ok(());
            }
            return Err(generic());
        }
    }

    fn simple_stmt(&mut self) -> PResult<Stmt> {
        let start = self.start();
        let kind = match self.kind() {
            Tok::Pass => {
                self.bump();
                StmtKind::Pass {}
            }
            Tok::Break => {
                self.bump();
                StmtKind::Break {}
            }
            Tok::Continue => {
                self.bump();
                StmtKind::Continue {}
            }
            Tok::Return => {
                self.bump();
                let value = if matches!(self.kind(), Tok::Newline | Tok::Semi) {
                    None
                } else {
                    Some(boxed(self.star_expressions()?))
                };
                StmtKind::Return { value }
            }
            Tok::Raise => {
                self.bump();
                if matches!(self.kind(), Tok::Newline | Tok::Semi) {
                    StmtKind::Raise {
                        exc: None,
                        cause: None,
                    }
                } else {
                    let exc = self.expression()?;
                    let cause = if self.eat(Tok::From) {
                        Some(boxed(self.expression()?))
                    } else {
                        None
                    };
                    StmtKind::Raise {
                        exc: Some(boxed(exc)),
                        cause,
                    }
                }
            }
            Tok::Global | Tok::Nonlocal => {
                let is_global = self.bump().kind == Tok::Global;
                let mut names = vec![self.expect_name()?];
                while self.eat(Tok::Comma) {
                    names.push(self.expect_name()?);
                }
                if is_global {
                    StmtKind::Global { names }
                } else {
                    StmtKind::Nonlocal { names }
                }
            }
            Tok::Del => {
                self.bump();
                let save = self.pos;
                let targets = self.try_parse_quiet(|p| {
                    let t = p.del_targets()?;
                    if !matches!(p.kind(), Tok::Newline | Tok::Semi) {
                        return Err(generic());
                    }
                    Ok(t)
                });
                match targets {
                    Some(targets) => StmtKind::Delete { targets },
                    None => {
                        // CPython's invalid_del_stmt: name the bad target.
                        self.pos = save;
                        let e = self.star_expressions()?;
                        if let Some(bad) =
                            super::targets::invalid_target(&e, super::targets::TargetKind::Del)
                        {
                            return Err(self.target_error(bad, super::targets::TargetKind::Del));
                        }
                        self.pos = save;
                        self.del_targets()?;
                        return Err(generic());
                    }
                }
            }
            Tok::Assert => {
                self.bump();
                let test = self.expression()?;
                let msg = if self.eat(Tok::Comma) {
                    Some(boxed(self.expression()?))
                } else {
                    None
                };
                StmtKind::Assert {
                    test: boxed(test),
                    msg,
                }
            }
            Tok::Import => {
                self.bump();
                let mut names = vec![self.dotted_as_name()?];
                while self.eat(Tok::Comma) {
                    names.push(self.dotted_as_name()?);
                }
                StmtKind::Import { names }
            }
            Tok::From => return self.import_from(),
            _ => return self.expression_statement(),
        };
        Ok(Stmt::new(kind, self.finish(start)))
    }

    /// `dotted_name: NAME ('.' NAME)*`
    fn dotted_name(&mut self) -> PResult<String> {
        let mut name = self.expect_name()?;
        while self.at(Tok::Dot) && self.peek_kind(1) == Tok::Name {
            self.bump();
            name.push('.');
            name.push_str(&self.expect_name()?);
        }
        Ok(name)
    }

    fn dotted_as_name(&mut self) -> PResult<Alias> {
        let start = self.start();
        let name = self.dotted_name()?;
        let asname = if self.eat(Tok::As) {
            Some(self.expect_name()?)
        } else {
            None
        };
        Ok(Alias {
            name,
            asname,
            loc: self.finish(start),
        })
    }

    fn import_from(&mut self) -> PResult<Stmt> {
        let start = self.start();
        self.bump(); // 'from'
        let mut level = 0;
        loop {
            match self.kind() {
                Tok::Dot => level += 1,
                Tok::Ellipsis => level += 3,
                _ => break,
            }
            self.bump();
        }
        let module = if self.at(Tok::Name) {
            Some(self.dotted_name()?)
        } else {
            None
        };
        if module.is_none() && level == 0 {
            return Err(generic());
        }
        if !self.eat(Tok::Import) {
            return Err(generic());
        }
        let mut names = Vec::new();
        if self.at(Tok::Star) {
            let t = self.bump();
            names.push(Alias {
                name: "*".into(),
                asname: None,
                loc: Self::tok_loc(&t),
            });
        } else {
            let paren = self.eat(Tok::Lpar);
            loop {
                let a_start = self.start();
                let name = self.expect_name()?;
                let asname = if self.eat(Tok::As) {
                    Some(self.expect_name()?)
                } else {
                    None
                };
                names.push(Alias {
                    name,
                    asname,
                    loc: self.finish(a_start),
                });
                if !self.eat(Tok::Comma) {
                    break;
                }
                if paren && self.at(Tok::Rpar) {
                    break;
                }
                if !paren && matches!(self.kind(), Tok::Newline | Tok::Semi) {
                    return Err(
                        self.err_here("trailing comma not allowed without surrounding parentheses")
                    );
                }
            }
            if paren {
                self.expect(Tok::Rpar)?;
            }
        }
        Ok(Stmt::new(
            StmtKind::ImportFrom {
                module,
                names,
                level: Some(level),
            },
            self.finish(start),
        ))
    }

    /// `yield_expr | star_expressions`, the right-hand side of assignments.
    fn assignment_rhs(&mut self) -> PResult<Expr> {
        if self.at(Tok::Yield) {
            self.yield_expr()
        } else {
            self.star_expressions()
        }
    }

    /// Expression statements and the three kinds of assignment.
    fn expression_statement(&mut self) -> PResult<Stmt> {
        let start = self.start();
        let first_tok = self.pos;
        let e = self.assignment_rhs()?;
        match self.kind() {
            Tok::Colon => {
                let simple = match &e.kind {
                    ExprKind::Name { .. } => i32::from(self.toks[first_tok].kind == Tok::Name),
                    ExprKind::Attribute { .. } | ExprKind::Subscript { .. } => 0,
                    ExprKind::Tuple { elts, .. } => {
                        // Unparenthesized, CPython points at the first element.
                        let loc = match elts.first() {
                            Some(f) if self.toks[first_tok].kind != Tok::Lpar => f.loc,
                            _ => e.loc,
                        };
                        return Err(
                            self.err_at(loc, "only single target (not tuple) can be annotated")
                        );
                    }
                    ExprKind::List { .. } => {
                        return Err(
                            self.err_at(e.loc, "only single target (not list) can be annotated")
                        );
                    }
                    _ => return Err(self.err_at(e.loc, "illegal target for annotation")),
                };
                self.bump();
                let annotation = self.expression()?;
                let value = if self.eat(Tok::Equal) {
                    Some(boxed(self.assignment_rhs()?))
                } else {
                    None
                };
                let mut target = e;
                super::targets::set_ctx(&mut target, ExprContext::Store);
                Ok(Stmt::new(
                    StmtKind::AnnAssign {
                        target: boxed(target),
                        annotation: boxed(annotation),
                        value,
                        simple,
                    },
                    self.finish(start),
                ))
            }
            Tok::Equal => {
                let mut targets = vec![e];
                let mut eq_positions = vec![self.pos];
                let value = loop {
                    self.bump(); // '='
                    let rhs = self.assignment_rhs()?;
                    if self.at(Tok::Equal) {
                        targets.push(rhs);
                        eq_positions.push(self.pos);
                    } else {
                        break rhs;
                    }
                };
                let end_pos = self.pos;
                let mut checked = Vec::with_capacity(targets.len());
                for (i, t) in targets.into_iter().enumerate() {
                    if i == 0
                        && super::targets::invalid_target(&t, super::targets::TargetKind::Store)
                            .is_some()
                    {
                        self.first_target_diagnostics(&t, eq_positions[0], end_pos)?;
                    }
                    checked.push(self.store_target(t)?);
                }
                Ok(Stmt::new(
                    StmtKind::Assign {
                        targets: checked,
                        value: boxed(value),
                        type_comment: None,
                    },
                    self.finish(start),
                ))
            }
            k if aug_op(k).is_some() => {
                let op = aug_op(k).unwrap();
                if !matches!(
                    e.kind,
                    ExprKind::Name { .. } | ExprKind::Attribute { .. } | ExprKind::Subscript { .. }
                ) {
                    return Err(self.err_at(
                        e.loc,
                        format!(
                            "'{}' is an illegal expression for augmented assignment",
                            expr_name(&e)
                        ),
                    ));
                }
                self.bump();
                let value = self.assignment_rhs()?;
                let mut target = e;
                super::targets::set_ctx(&mut target, ExprContext::Store);
                Ok(Stmt::new(
                    StmtKind::AugAssign {
                        target: boxed(target),
                        op,
                        value: boxed(value),
                    },
                    self.finish(start),
                ))
            }
            _ => Ok(Stmt::new(
                StmtKind::Expr { value: boxed(e) },
                self.finish(start),
            )),
        }
    }

    /// CPython reaches `invalid_named_expression` through the first target
    /// of a bad assignment: when its last element is directly followed by
    /// the `=`, the message suggests `==`.
    fn first_target_diagnostics(&mut self, t: &Expr, eq_pos: usize, end_pos: usize) -> PResult<()> {
        let last = match &t.kind {
            ExprKind::Tuple { elts, .. }
                if elts.first().map(|f| (f.loc.lineno, f.loc.col_offset))
                    == Some((t.loc.lineno, t.loc.col_offset)) =>
            {
                match elts.last() {
                    Some(l)
                        if (l.loc.end_lineno, l.loc.end_col_offset)
                            == (t.loc.end_lineno, t.loc.end_col_offset) =>
                    {
                        l
                    }
                    _ => return Ok(()),
                }
            }
            _ => t,
        };
        let save = self.pos;
        self.pos = eq_pos;
        let r = self.invalid_named_expression(last);
        self.pos = save;
        let _ = end_pos;
        r
    }

    // ----- compound statements ----------------------------------------------

    fn compound_stmt(&mut self) -> PResult<Option<Stmt>> {
        let s = match self.kind() {
            Tok::Def => self.function_def(Vec::new(), None)?,
            Tok::At => self.decorated()?,
            Tok::Class => self.class_def(Vec::new(), None)?,
            Tok::If => self.if_stmt()?,
            Tok::While => self.while_stmt()?,
            Tok::For => self.for_stmt(None)?,
            Tok::With => self.with_stmt(None)?,
            Tok::Try => self.try_stmt()?,
            Tok::Async => {
                let start = self.start();
                match self.peek_kind(1) {
                    Tok::Def => {
                        self.bump();
                        self.function_def(Vec::new(), Some(start))?
                    }
                    Tok::For => {
                        self.bump();
                        self.for_stmt(Some(start))?
                    }
                    Tok::With => {
                        self.bump();
                        self.with_stmt(Some(start))?
                    }
                    _ => return Err(generic()),
                }
            }
            Tok::Name if self.at_name("match") => match self.match_stmt()? {
                Some(s) => s,
                None => return Ok(None),
            },
            _ => return Ok(None),
        };
        Ok(Some(s))
    }

    fn decorated(&mut self) -> PResult<Stmt> {
        let mut decorators = Vec::new();
        while self.eat(Tok::At) {
            decorators.push(self.named_expression()?);
            if !self.eat(Tok::Newline) {
                return Err(generic());
            }
        }
        match self.kind() {
            Tok::Def => self.function_def(decorators, None),
            Tok::Class => self.class_def(decorators, None),
            Tok::Async if self.peek_kind(1) == Tok::Def => {
                let start = self.start();
                self.bump();
                self.function_def(decorators, Some(start))
            }
            _ => Err(generic()),
        }
    }

    fn function_def(
        &mut self,
        decorator_list: Vec<Expr>,
        async_start: Option<(u32, u32)>,
    ) -> PResult<Stmt> {
        let def_start = self.start();
        let start = async_start.unwrap_or(def_start);
        self.bump(); // 'def'
        let name = self.expect_name()?;
        self.expect(Tok::Lpar)?;
        let args = self.parameters(false)?;
        self.expect(Tok::Rpar)?;
        let returns = if self.eat(Tok::Rarrow) {
            Some(boxed(self.expression()?))
        } else {
            None
        };
        self.expect_colon()?;
        let body = self.block("function definition", start.0)?;
        let args = Box::new(args);
        let kind = if async_start.is_some() {
            StmtKind::AsyncFunctionDef {
                name,
                args,
                body,
                decorator_list,
                returns,
                type_comment: None,
            }
        } else {
            StmtKind::FunctionDef {
                name,
                args,
                body,
                decorator_list,
                returns,
                type_comment: None,
            }
        };
        Ok(Stmt::new(kind, self.finish(start)))
    }

    fn class_def(
        &mut self,
        decorator_list: Vec<Expr>,
        _unused: Option<(u32, u32)>,
    ) -> PResult<Stmt> {
        let start = self.start();
        self.bump(); // 'class'
        let name = self.expect_name()?;
        let (bases, keywords) = if self.at(Tok::Lpar) {
            self.call_arguments(false)?
        } else {
            (Vec::new(), Vec::new())
        };
        self.expect_colon()?;
        let body = self.block("class definition", start.0)?;
        Ok(Stmt::new(
            StmtKind::ClassDef {
                name,
                bases,
                keywords,
                body,
                decorator_list,
            },
            self.finish(start),
        ))
    }

    fn if_stmt(&mut self) -> PResult<Stmt> {
        let start = self.start();
        let what = if self.bump().kind == Tok::If {
            "'if' statement"
        } else {
            "'elif' statement"
        };
        let test = self.named_expression()?;
        self.expect_colon()?;
        let body = self.block(what, start.0)?;
        let orelse = match self.kind() {
            Tok::Elif => vec![self.grow(|p| p.if_stmt())?],
            Tok::Else => self.else_block()?,
            _ => Vec::new(),
        };
        Ok(Stmt::new(
            StmtKind::If {
                test: boxed(test),
                body,
                orelse,
            },
            self.finish(start),
        ))
    }

    fn else_block(&mut self) -> PResult<Vec<Stmt>> {
        let t = self.bump(); // 'else'
        self.expect_colon()?;
        self.block("'else' statement", t.lineno)
    }

    fn while_stmt(&mut self) -> PResult<Stmt> {
        let start = self.start();
        self.bump();
        let test = self.named_expression()?;
        self.expect_colon()?;
        let body = self.block("'while' statement", start.0)?;
        let orelse = if self.at(Tok::Else) {
            self.else_block()?
        } else {
            Vec::new()
        };
        Ok(Stmt::new(
            StmtKind::While {
                test: boxed(test),
                body,
                orelse,
            },
            self.finish(start),
        ))
    }

    fn for_stmt(&mut self, async_start: Option<(u32, u32)>) -> PResult<Stmt> {
        let for_start = self.start();
        let start = async_start.unwrap_or(for_start);
        self.bump(); // 'for'
        let target = self.for_target()?;
        let iter = self.star_expressions()?;
        self.expect_colon()?;
        let body = self.block("'for' statement", start.0)?;
        let orelse = if self.at(Tok::Else) {
            self.else_block()?
        } else {
            Vec::new()
        };
        let (target, iter) = (boxed(target), boxed(iter));
        let kind = if async_start.is_some() {
            StmtKind::AsyncFor {
                target,
                iter,
                body,
                orelse,
                type_comment: None,
            }
        } else {
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
                type_comment: None,
            }
        };
        Ok(Stmt::new(kind, self.finish(start)))
    }

    /// `with_item: expression ['as' star_target]`
    fn with_item(&mut self) -> PResult<WithItem> {
        let context_expr = self.expression()?;
        let optional_vars = if self.eat(Tok::As) {
            let t = self.star_target_single()?;
            Some(boxed(t))
        } else {
            None
        };
        Ok(WithItem {
            context_expr,
            optional_vars,
        })
    }

    fn star_target_single(&mut self) -> PResult<Expr> {
        let start = self.start();
        let e = if self.at(Tok::Star) {
            self.bump();
            let v = self.primary()?;
            Expr::new(
                ExprKind::Starred {
                    value: boxed(v),
                    ctx: ExprContext::Store,
                },
                self.finish(start),
            )
        } else {
            self.primary()?
        };
        if !matches!(
            self.kind(),
            Tok::Comma | Tok::Rpar | Tok::Colon | Tok::Newline
        ) {
            return Err(generic());
        }
        self.store_target(e)
    }

    fn with_stmt(&mut self, async_start: Option<(u32, u32)>) -> PResult<Stmt> {
        let with_start = self.start();
        let start = async_start.unwrap_or(with_start);
        self.bump(); // 'with'
                     // `with (a as b, c):` — parenthesized items, tried first.
        let mut items = None;
        if self.at(Tok::Lpar) {
            items = self.try_parse_quiet(|p| {
                p.bump();
                let mut items = vec![p.with_item()?];
                while p.eat(Tok::Comma) {
                    if p.at(Tok::Rpar) {
                        break;
                    }
                    items.push(p.with_item()?);
                }
                p.expect(Tok::Rpar)?;
                if !p.at(Tok::Colon) {
                    return Err(generic());
                }
                Ok(items)
            });
        }
        let items = match items {
            Some(items) => items,
            None => {
                let mut items = vec![self.with_item()?];
                while self.eat(Tok::Comma) {
                    items.push(self.with_item()?);
                }
                items
            }
        };
        self.expect_colon()?;
        let body = self.block("'with' statement", start.0)?;
        let kind = if async_start.is_some() {
            StmtKind::AsyncWith {
                items,
                body,
                type_comment: None,
            }
        } else {
            StmtKind::With {
                items,
                body,
                type_comment: None,
            }
        };
        Ok(Stmt::new(kind, self.finish(start)))
    }

    fn try_stmt(&mut self) -> PResult<Stmt> {
        let start = self.start();
        self.bump(); // 'try'
        self.expect_colon()?;
        let body = self.block("'try' statement", start.0)?;
        let mut handlers = Vec::new();
        let mut star: Option<bool> = None;
        while self.at(Tok::Except) {
            let h_start = self.start();
            self.bump();
            let is_star = self.eat(Tok::Star);
            match star {
                Some(s) if s != is_star => {
                    let loc = self.finish(h_start);
                    return Err(self.err_at(
                        loc,
                        "cannot have both 'except' and 'except*' on the same 'try'",
                    ));
                }
                _ => star = Some(is_star),
            }
            let (typ, name) = if self.at(Tok::Colon) {
                if is_star {
                    return Err(self.err_here("expected one or more exception types"));
                }
                (None, None)
            } else {
                let t = self.expression()?;
                if self.at(Tok::Comma) {
                    let save = self.pos;
                    self.bump();
                    let rest = self.try_parse_quiet(|p| p.expressions());
                    if let Some(r) = rest {
                        if self.at(Tok::Colon) || self.at(Tok::As) {
                            return Err(self.err_at(
                                t.loc.to(r.loc),
                                "multiple exception types must be parenthesized",
                            ));
                        }
                    }
                    self.pos = save;
                    return Err(generic());
                }
                let name = if self.eat(Tok::As) {
                    Some(self.expect_name()?)
                } else {
                    None
                };
                (Some(boxed(t)), name)
            };
            self.expect_colon()?;
            let what = if is_star {
                "'except*' statement"
            } else {
                "'except' statement"
            };
            let hbody = self.block(what, h_start.0)?;
            handlers.push(ExceptHandler {
                r#type: typ,
                name,
                body: hbody,
                loc: self.finish(h_start),
            });
        }
        let orelse = if !handlers.is_empty() && self.at(Tok::Else) {
            self.else_block()?
        } else {
            Vec::new()
        };
        let finalbody = if self.at(Tok::Finally) {
            let t = self.bump();
            self.expect_colon()?;
            self.block("'finally' statement", t.lineno)?
        } else {
            Vec::new()
        };
        if handlers.is_empty() && finalbody.is_empty() {
            return Err(self.err_here("expected 'except' or 'finally' block"));
        }
        let kind = if star == Some(true) {
            StmtKind::TryStar {
                body,
                handlers,
                orelse,
                finalbody,
            }
        } else {
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
            }
        };
        Ok(Stmt::new(kind, self.finish(start)))
    }

    /// `match_stmt`, or `None` when `match` here is an ordinary name.
    fn match_stmt(&mut self) -> PResult<Option<Stmt>> {
        let start = self.start();
        let save = self.pos;
        let subject = self.try_parse_quiet(|p| {
            p.bump(); // 'match'
            let s_start = p.start();
            let first = p.star_named_expression()?;
            let subject = if p.at(Tok::Comma) {
                let mut elts = vec![first];
                while p.eat(Tok::Comma) {
                    if p.at(Tok::Colon) {
                        break;
                    }
                    elts.push(p.star_named_expression()?);
                }
                Expr::new(
                    ExprKind::Tuple {
                        elts,
                        ctx: ExprContext::Load,
                    },
                    p.finish(s_start),
                )
            } else {
                if let ExprKind::Starred { .. } = first.kind {
                    return Err(generic());
                }
                first
            };
            if !p.at(Tok::Colon) {
                return Err(generic());
            }
            Ok(subject)
        });
        let subject = match subject {
            Some(s) => s,
            None => {
                self.pos = save;
                return Ok(None);
            }
        };
        self.bump(); // ':'
        if !self.eat(Tok::Newline) {
            return Err(generic());
        }
        if !self.at(Tok::Indent) {
            let t = *self.tok();
            return Err(self.indent_err(
                format!(
                    "expected an indented block after 'match' statement on line {}",
                    start.0
                ),
                t,
            ));
        }
        self.bump();
        let mut cases = Vec::new();
        loop {
            if !self.at_name("case") {
                if cases.is_empty() || !self.at(Tok::Dedent) {
                    return Err(generic());
                }
                break;
            }
            let c_line = self.tok().lineno;
            self.bump();
            let pattern = self.patterns()?;
            let guard = if self.eat(Tok::If) {
                Some(boxed(self.named_expression()?))
            } else {
                None
            };
            self.expect_colon()?;
            let body = self.block("'case' statement", c_line)?;
            cases.push(MatchCase {
                pattern,
                guard,
                body,
            });
        }
        self.bump(); // DEDENT
        Ok(Some(Stmt::new(
            StmtKind::Match {
                subject: boxed(subject),
                cases,
            },
            self.finish(start),
        )))
    }
}
