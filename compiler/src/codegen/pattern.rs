//! Code generation for `match` statements (CPython 3.11's
//! `compiler_match` and `compiler_pattern_*`).
//!
//! A pattern is matched against the subject on top of the stack. Captured
//! values stay on the stack (under whatever the pattern still needs) until
//! the whole pattern has matched; only then are the names stored, so a
//! failed match binds nothing. `fail_pop[n]` is the block that pops `n`
//! items and falls into the next case.

use super::{const_from_ast, BlockId, Compiler};
use crate::ast::*;
use crate::code::Constant;
use crate::error::PResult;
use crate::opcode::Op;

struct PatternContext {
    /// Names captured so far, in stack order.
    stores: Vec<String>,
    allow_irrefutable: bool,
    fail_pop: Vec<BlockId>,
    /// Items on the stack above the captured values.
    on_top: usize,
}

fn is_wildcard(p: &Pattern) -> bool {
    matches!(
        p.kind,
        PatternKind::MatchAs {
            pattern: None,
            name: None
        }
    )
}

fn is_star_wildcard(p: &Pattern) -> bool {
    matches!(p.kind, PatternKind::MatchStar { name: None })
}

impl<'a> Compiler<'a> {
    pub(super) fn match_stmt(&mut self, subject: &'a Expr, cases: &'a [MatchCase]) -> PResult<()> {
        self.expr(subject)?;
        let end = self.new_block();
        let n = cases.len();
        let has_default = n > 1 && is_wildcard(&cases[n - 1].pattern);
        for (i, case) in cases[..n - usize::from(has_default)].iter().enumerate() {
            self.set_loc(case.pattern.loc);
            let last_checked = i + 1 == n - usize::from(has_default);
            if !last_checked {
                self.emit(Op::COPY, 1);
            }
            let mut pc = PatternContext {
                stores: Vec::new(),
                allow_irrefutable: case.guard.is_some() || i + 1 == n,
                fail_pop: Vec::new(),
                on_top: 0,
            };
            self.pattern(&case.pattern, &mut pc)?;
            for name in pc.stores.clone() {
                self.nameop(&name, ExprContext::Store)?;
            }
            if let Some(g) = &case.guard {
                self.ensure_fail_pop(&mut pc, 0);
                let target = pc.fail_pop[0];
                self.jump_if(g, target, false)?;
            }
            if !last_checked {
                self.emit(Op::POP_TOP, 0);
            }
            self.stmts(&case.body)?;
            self.emit_jump(Op::JUMP, end);
            self.set_loc(case.pattern.loc);
            self.emit_and_reset_fail_pop(&mut pc);
        }
        if has_default {
            let case = &cases[n - 1];
            self.set_loc(case.pattern.loc);
            if n == 1 {
                self.emit(Op::POP_TOP, 0);
            } else {
                self.emit(Op::NOP, 0);
            }
            if let Some(g) = &case.guard {
                self.jump_if(g, end, false)?;
            }
            self.stmts(&case.body)?;
        }
        self.use_next_block(end);
        Ok(())
    }

    fn ensure_fail_pop(&mut self, pc: &mut PatternContext, n: usize) {
        while pc.fail_pop.len() < n + 1 {
            let b = self.new_block();
            pc.fail_pop.push(b);
        }
    }

    /// Jump with `op` to the block popping everything this pattern holds.
    fn jump_to_fail_pop(&mut self, pc: &mut PatternContext, op: Op) {
        let pops = pc.on_top + pc.stores.len();
        self.ensure_fail_pop(pc, pops);
        self.emit_jump(op, pc.fail_pop[pops]);
    }

    fn emit_and_reset_fail_pop(&mut self, pc: &mut PatternContext) {
        if pc.fail_pop.is_empty() {
            return;
        }
        for i in (1..pc.fail_pop.len()).rev() {
            self.use_next_block(pc.fail_pop[i]);
            self.emit(Op::POP_TOP, 0);
        }
        self.use_next_block(pc.fail_pop[0]);
        pc.fail_pop.clear();
    }

    fn rotate(&mut self, mut count: usize) {
        while count > 1 {
            self.emit(Op::SWAP, count as u32);
            count -= 1;
        }
    }

    fn store_capture(
        &mut self,
        name: Option<&str>,
        pc: &mut PatternContext,
        loc: Loc,
    ) -> PResult<()> {
        let Some(n) = name else {
            self.emit(Op::POP_TOP, 0);
            return Ok(());
        };
        if pc.stores.iter().any(|s| s == n) {
            return Err(self.error(
                loc,
                &format!("multiple assignments to name '{}' in pattern", n),
            ));
        }
        self.rotate(pc.on_top + pc.stores.len() + 1);
        pc.stores.push(n.to_string());
        Ok(())
    }

    fn subpattern(&mut self, p: &'a Pattern, pc: &mut PatternContext) -> PResult<()> {
        let saved = pc.allow_irrefutable;
        pc.allow_irrefutable = true;
        self.pattern(p, pc)?;
        pc.allow_irrefutable = saved;
        Ok(())
    }

    fn pattern(&mut self, p: &'a Pattern, pc: &mut PatternContext) -> PResult<()> {
        stacker::maybe_grow(crate::ast::DEEP_RED_ZONE, crate::ast::DEEP_SEGMENT, || {
            self.pattern_inner(p, pc)
        })
    }

    fn pattern_inner(&mut self, p: &'a Pattern, pc: &mut PatternContext) -> PResult<()> {
        self.set_loc(p.loc);
        match &p.kind {
            PatternKind::MatchValue { value } => {
                // Signed and complex literals (`-1`, `1+2j`) are constants
                // once folded, as CPython's AST optimizer does.
                let literal = |e: &Expr| match &e.kind {
                    ExprKind::Constant { .. } => true,
                    ExprKind::UnaryOp {
                        op: UnaryOp::USub,
                        operand,
                    } => matches!(operand.kind, ExprKind::Constant { .. }),
                    _ => false,
                };
                let value_ok = match &value.kind {
                    ExprKind::Constant { .. } | ExprKind::Attribute { .. } => true,
                    ExprKind::UnaryOp { .. } => literal(value),
                    ExprKind::BinOp {
                        left,
                        right,
                        op: Operator::Add | Operator::Sub,
                    } => literal(left) && literal(right),
                    _ => false,
                };
                if !value_ok {
                    return Err(self.error(
                        p.loc,
                        "patterns may only match literals and attribute lookups",
                    ));
                }
                self.expr(value)?;
                self.emit(Op::COMPARE_OP, 2);
                self.jump_to_fail_pop(pc, Op::POP_JUMP_IF_FALSE);
            }
            PatternKind::MatchSingleton { value } => {
                self.load_const(const_from_ast(value));
                self.emit(Op::IS_OP, 0);
                self.jump_to_fail_pop(pc, Op::POP_JUMP_IF_FALSE);
            }
            PatternKind::MatchSequence { patterns } => self.sequence_pattern(p, patterns, pc)?,
            PatternKind::MatchMapping {
                keys,
                patterns,
                rest,
            } => self.mapping_pattern(p, keys, patterns, rest.as_deref(), pc)?,
            PatternKind::MatchClass {
                cls,
                patterns,
                kwd_attrs,
                kwd_patterns,
            } => self.class_pattern(p, cls, patterns, kwd_attrs, kwd_patterns, pc)?,
            PatternKind::MatchStar { name } => self.store_capture(name.as_deref(), pc, p.loc)?,
            PatternKind::MatchAs { pattern, name } => match pattern {
                None => {
                    if !pc.allow_irrefutable {
                        let msg = match name {
                            Some(n) => {
                                format!("name capture '{}' makes remaining patterns unreachable", n)
                            }
                            None => "wildcard makes remaining patterns unreachable".to_string(),
                        };
                        return Err(self.error(p.loc, &msg));
                    }
                    self.store_capture(name.as_deref(), pc, p.loc)?;
                }
                Some(sub) => {
                    pc.on_top += 1;
                    self.emit(Op::COPY, 1);
                    self.pattern(sub, pc)?;
                    pc.on_top -= 1;
                    self.store_capture(name.as_deref(), pc, p.loc)?;
                }
            },
            PatternKind::MatchOr { patterns } => self.or_pattern(p, patterns, pc)?,
        }
        Ok(())
    }

    fn sequence_pattern(
        &mut self,
        p: &'a Pattern,
        patterns: &'a [Pattern],
        pc: &mut PatternContext,
    ) -> PResult<()> {
        let size = patterns.len();
        let mut star: Option<usize> = None;
        let mut only_wildcard = true;
        let mut star_wildcard = false;
        for (i, x) in patterns.iter().enumerate() {
            if let PatternKind::MatchStar { .. } = x.kind {
                if star.is_some() {
                    return Err(self.error(p.loc, "multiple starred names in sequence pattern"));
                }
                star_wildcard = is_star_wildcard(x);
                only_wildcard &= star_wildcard;
                star = Some(i);
                continue;
            }
            only_wildcard &= is_wildcard(x);
        }
        pc.on_top += 1;
        self.emit(Op::MATCH_SEQUENCE, 0);
        self.jump_to_fail_pop(pc, Op::POP_JUMP_IF_FALSE);
        match star {
            None => {
                self.emit(Op::GET_LEN, 0);
                self.load_const(Constant::Int(size.into()));
                self.emit(Op::COMPARE_OP, 2);
                self.jump_to_fail_pop(pc, Op::POP_JUMP_IF_FALSE);
            }
            // A star: len(subject) >= size - 1, when that says anything.
            Some(_) if size > 1 => {
                self.emit(Op::GET_LEN, 0);
                self.load_const(Constant::Int((size - 1).into()));
                self.emit(Op::COMPARE_OP, 5);
                self.jump_to_fail_pop(pc, Op::POP_JUMP_IF_FALSE);
            }
            _ => {}
        }
        pc.on_top -= 1;
        if only_wildcard {
            self.emit(Op::POP_TOP, 0);
        } else if star_wildcard {
            // Index the subject instead of unpacking it.
            let star = star.unwrap();
            pc.on_top += 1;
            for (i, x) in patterns.iter().enumerate() {
                if is_wildcard(x) || i == star {
                    continue;
                }
                self.emit(Op::COPY, 1);
                if i < star {
                    self.load_const(Constant::Int(i.into()));
                } else {
                    self.emit(Op::GET_LEN, 0);
                    self.load_const(Constant::Int((size - i).into()));
                    self.emit(Op::BINARY_OP, super::expr::binary_op_arg(Operator::Sub));
                }
                self.emit(Op::BINARY_SUBSCR, 0);
                self.subpattern(x, pc)?;
            }
            pc.on_top -= 1;
            self.emit(Op::POP_TOP, 0);
        } else {
            match star {
                Some(i) => self.emit(Op::UNPACK_EX, (i + ((size - i - 1) << 8)) as u32),
                None => self.emit(Op::UNPACK_SEQUENCE, size as u32),
            }
            pc.on_top += size;
            for x in patterns {
                pc.on_top -= 1;
                self.subpattern(x, pc)?;
            }
        }
        Ok(())
    }

    fn mapping_pattern(
        &mut self,
        p: &'a Pattern,
        keys: &'a [Expr],
        patterns: &'a [Pattern],
        rest: Option<&str>,
        pc: &mut PatternContext,
    ) -> PResult<()> {
        let size = keys.len();
        pc.on_top += 1;
        self.emit(Op::MATCH_MAPPING, 0);
        self.jump_to_fail_pop(pc, Op::POP_JUMP_IF_FALSE);
        if size == 0 && rest.is_none() {
            pc.on_top -= 1;
            self.emit(Op::POP_TOP, 0);
            return Ok(());
        }
        if size > 0 {
            self.emit(Op::GET_LEN, 0);
            self.load_const(Constant::Int(size.into()));
            self.emit(Op::COMPARE_OP, 5);
            self.jump_to_fail_pop(pc, Op::POP_JUMP_IF_FALSE);
        }
        let mut seen: Vec<Constant> = Vec::new();
        for key in keys {
            match &key.kind {
                ExprKind::Constant { value, .. } => {
                    let c = const_from_ast(value);
                    if seen.contains(&c) {
                        return Err(self.error(
                            p.loc,
                            &format!("mapping pattern checks duplicate key ({})", c.repr()),
                        ));
                    }
                    seen.push(c);
                }
                ExprKind::Attribute { .. } | ExprKind::UnaryOp { .. } | ExprKind::BinOp { .. } => {}
                _ => {
                    return Err(self.error(
                        p.loc,
                        "mapping pattern keys may only match literals and attribute lookups",
                    ))
                }
            }
            self.expr(key)?;
        }
        self.emit(Op::BUILD_TUPLE, size as u32);
        self.emit(Op::MATCH_KEYS, 0);
        pc.on_top += 2;
        self.emit(Op::COPY, 1);
        self.load_const(Constant::None);
        self.emit(Op::IS_OP, 1);
        self.jump_to_fail_pop(pc, Op::POP_JUMP_IF_FALSE);
        self.emit(Op::UNPACK_SEQUENCE, size as u32);
        pc.on_top += size;
        pc.on_top -= 1;
        for x in patterns {
            pc.on_top -= 1;
            self.subpattern(x, pc)?;
        }
        pc.on_top -= 2;
        match rest {
            Some(name) => {
                // rest = dict(subject); for key in keys: del rest[key]
                self.emit(Op::BUILD_MAP, 0);
                self.emit(Op::SWAP, 3);
                self.emit(Op::DICT_UPDATE, 2);
                self.emit(Op::UNPACK_SEQUENCE, size as u32);
                let mut n = size;
                while n > 0 {
                    self.emit(Op::COPY, (1 + n) as u32);
                    n -= 1;
                    self.emit(Op::SWAP, 2);
                    self.emit(Op::DELETE_SUBSCR, 0);
                }
                self.store_capture(Some(name), pc, p.loc)?;
            }
            None => {
                self.emit(Op::POP_TOP, 0);
                self.emit(Op::POP_TOP, 0);
            }
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn class_pattern(
        &mut self,
        p: &'a Pattern,
        cls: &'a Expr,
        patterns: &'a [Pattern],
        kwd_attrs: &'a [String],
        kwd_patterns: &'a [Pattern],
        pc: &mut PatternContext,
    ) -> PResult<()> {
        for (i, attr) in kwd_attrs.iter().enumerate() {
            if kwd_attrs[i + 1..].contains(attr) {
                let j = i + 1 + kwd_attrs[i + 1..].iter().position(|a| a == attr).unwrap();
                return Err(self.error(
                    kwd_patterns[j].loc,
                    &format!("attribute name repeated in class pattern: {}", attr),
                ));
            }
        }
        self.set_loc(p.loc);
        self.expr(cls)?;
        let names = kwd_attrs.iter().map(|a| super::str_const(a)).collect();
        self.load_const(Constant::Tuple(names));
        let nargs = patterns.len();
        let total = nargs + kwd_attrs.len();
        self.emit(Op::MATCH_CLASS, nargs as u32);
        self.emit(Op::COPY, 1);
        self.load_const(Constant::None);
        self.emit(Op::IS_OP, 1);
        pc.on_top += 1;
        self.jump_to_fail_pop(pc, Op::POP_JUMP_IF_FALSE);
        self.emit(Op::UNPACK_SEQUENCE, total as u32);
        pc.on_top += total;
        pc.on_top -= 1;
        for x in patterns.iter().chain(kwd_patterns) {
            pc.on_top -= 1;
            if is_wildcard(x) {
                self.emit(Op::POP_TOP, 0);
                continue;
            }
            self.subpattern(x, pc)?;
        }
        Ok(())
    }

    fn or_pattern(
        &mut self,
        p: &'a Pattern,
        patterns: &'a [Pattern],
        pc: &mut PatternContext,
    ) -> PResult<()> {
        let end = self.new_block();
        let size = patterns.len();
        let old_stores = std::mem::take(&mut pc.stores);
        let old_allow = pc.allow_irrefutable;
        let old_fail_pop = std::mem::take(&mut pc.fail_pop);
        let old_on_top = pc.on_top;
        let mut control: Option<Vec<String>> = None;
        for (i, alt) in patterns.iter().enumerate() {
            self.set_loc(alt.loc);
            pc.stores = Vec::new();
            pc.allow_irrefutable = i + 1 == size && old_allow;
            pc.fail_pop = Vec::new();
            pc.on_top = 0;
            self.emit(Op::COPY, 1);
            self.pattern(alt, pc)?;
            let nstores = pc.stores.len();
            match &control {
                None => control = Some(pc.stores.clone()),
                Some(ctl) if ctl.len() != nstores => {
                    return Err(self.error(alt.loc, "alternative patterns bind different names"));
                }
                Some(ctl) => {
                    // Reorder the captures on the stack to the control's order.
                    let ctl = ctl.clone();
                    for icontrol in (0..nstores).rev() {
                        let name = &ctl[icontrol];
                        let Some(istores) = pc.stores.iter().position(|s| s == name) else {
                            return Err(
                                self.error(alt.loc, "alternative patterns bind different names")
                            );
                        };
                        if icontrol != istores {
                            let rotations = istores + 1;
                            let rotated: Vec<String> = pc.stores.drain(..rotations).collect();
                            let at = icontrol - istores;
                            for (k, r) in rotated.into_iter().enumerate() {
                                pc.stores.insert(at + k, r);
                            }
                            for _ in 0..rotations {
                                self.rotate(icontrol + 1);
                            }
                        }
                    }
                }
            }
            self.emit_jump(Op::JUMP, end);
            self.emit_and_reset_fail_pop(pc);
        }
        pc.stores = old_stores;
        pc.allow_irrefutable = old_allow;
        pc.fail_pop = old_fail_pop;
        pc.on_top = old_on_top;
        self.emit(Op::POP_TOP, 0);
        self.jump_to_fail_pop(pc, Op::JUMP);
        self.use_next_block(end);
        let control = control.unwrap_or_default();
        let nstores = control.len();
        let nrots = nstores + 1 + pc.on_top + pc.stores.len();
        for name in control {
            self.rotate(nrots);
            if pc.stores.contains(&name) {
                return Err(self.error(
                    p.loc,
                    &format!("multiple assignments to name '{}' in pattern", name),
                ));
            }
            pc.stores.push(name);
        }
        self.emit(Op::POP_TOP, 0);
        Ok(())
    }
}
