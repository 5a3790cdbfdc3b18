//! Code generation for expressions (CPython 3.11's `compiler_visit_expr1`
//! and its helpers: calls, displays, comprehensions, conditions).

use super::{const_from_ast, str_const, BlockId, Compiler, FBlockKind, FDatum, UnitKind};
use crate::ast::*;
use crate::code::Constant;
use crate::error::PResult;
use crate::opcode::{self, Op};
use crate::symtable::{self, ScopeKind};

/// Above this many stack items, displays and calls are built piecewise
/// (CPython's STACK_USE_GUIDELINE).
const STACK_USE_GUIDELINE: usize = 30;

/// `BINARY_OP`'s argument for an operator (CPython's `NB_*` order).
pub(super) fn binary_op_arg(op: Operator) -> u32 {
    match op {
        Operator::Add => 0,
        Operator::BitAnd => 1,
        Operator::FloorDiv => 2,
        Operator::LShift => 3,
        Operator::MatMult => 4,
        Operator::Mult => 5,
        Operator::Mod => 6,
        Operator::BitOr => 7,
        Operator::Pow => 8,
        Operator::RShift => 9,
        Operator::Sub => 10,
        Operator::Div => 11,
        Operator::BitXor => 12,
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum CompKind {
    Gen,
    List,
    Set,
    Dict,
}

fn is_const(e: &Expr) -> bool {
    matches!(e.kind, ExprKind::Constant { .. })
}

fn const_of(e: &Expr) -> Constant {
    match &e.kind {
        ExprKind::Constant { value, .. } => const_from_ast(value),
        _ => unreachable!("const_of on a non-constant"),
    }
}

impl<'a> Compiler<'a> {
    pub(super) fn expr(&mut self, e: &'a Expr) -> PResult<()> {
        let saved = self.ur().loc;
        self.set_loc(e.loc);
        let r = stacker::maybe_grow(crate::ast::DEEP_RED_ZONE, crate::ast::DEEP_SEGMENT, || {
            self.expr_inner(e)
        });
        self.set_loc(saved);
        r
    }

    fn expr_inner(&mut self, e: &'a Expr) -> PResult<()> {
        match &e.kind {
            ExprKind::NamedExpr { target, value } => {
                self.expr(value)?;
                self.emit(Op::COPY, 1);
                self.expr(target)?;
            }
            ExprKind::BoolOp { op, values } => {
                let jump = if *op == BoolOp::And {
                    Op::JUMP_IF_FALSE_OR_POP
                } else {
                    Op::JUMP_IF_TRUE_OR_POP
                };
                let end = self.new_block();
                for v in &values[..values.len() - 1] {
                    self.expr(v)?;
                    self.emit_jump(jump, end);
                    self.next_block();
                }
                self.expr(values.last().unwrap())?;
                self.use_next_block(end);
            }
            ExprKind::BinOp { left, op, right } => {
                self.expr(left)?;
                self.expr(right)?;
                self.emit(Op::BINARY_OP, binary_op_arg(*op));
            }
            ExprKind::UnaryOp { op, operand } => {
                self.expr(operand)?;
                self.emit(
                    match op {
                        UnaryOp::Invert => Op::UNARY_INVERT,
                        UnaryOp::Not => Op::UNARY_NOT,
                        UnaryOp::UAdd => Op::UNARY_POSITIVE,
                        UnaryOp::USub => Op::UNARY_NEGATIVE,
                    },
                    0,
                );
            }
            ExprKind::Lambda { args, body } => self.lambda(e, args, body)?,
            ExprKind::IfExp { test, body, orelse } => {
                let end = self.new_block();
                let next = self.new_block();
                self.jump_if(test, next, false)?;
                self.expr(body)?;
                self.emit_jump_noline(Op::JUMP, end);
                self.use_next_block(next);
                self.expr(orelse)?;
                self.use_next_block(end);
            }
            ExprKind::Dict { keys, values } => self.dict(keys, values)?,
            ExprKind::Set { elts } => {
                self.starunpack(elts, 0, Op::BUILD_SET, Op::SET_ADD, Op::SET_UPDATE, false)?
            }
            ExprKind::GeneratorExp { elt, generators } => {
                self.comprehension(e, "<genexpr>", CompKind::Gen, generators, elt, None)?
            }
            ExprKind::ListComp { elt, generators } => {
                self.comprehension(e, "<listcomp>", CompKind::List, generators, elt, None)?
            }
            ExprKind::SetComp { elt, generators } => {
                self.comprehension(e, "<setcomp>", CompKind::Set, generators, elt, None)?
            }
            ExprKind::DictComp {
                key,
                value,
                generators,
            } => self.comprehension(
                e,
                "<dictcomp>",
                CompKind::Dict,
                generators,
                key,
                Some(value),
            )?,
            ExprKind::Yield { value } => {
                match value {
                    Some(v) => self.expr(v)?,
                    None => self.load_const(Constant::None),
                }
                self.add_yield();
            }
            ExprKind::YieldFrom { value } => {
                self.expr(value)?;
                self.emit(Op::GET_YIELD_FROM_ITER, 0);
                self.load_const(Constant::None);
                self.add_yield_from(false);
            }
            ExprKind::Await { value } => {
                self.expr(value)?;
                self.await_result(0);
            }
            ExprKind::Compare {
                left,
                ops,
                comparators,
            } => self.compare(left, ops, comparators)?,
            ExprKind::Call {
                func,
                args,
                keywords,
            } => self.call(e, func, args, keywords)?,
            ExprKind::FormattedValue {
                value,
                conversion,
                format_spec,
            } => {
                self.expr(value)?;
                let mut arg = match *conversion {
                    115 => opcode::FVC_STR,
                    114 => opcode::FVC_REPR,
                    97 => opcode::FVC_ASCII,
                    _ => opcode::FVC_NONE,
                };
                if let Some(spec) = format_spec {
                    self.expr(spec)?;
                    arg |= opcode::FVS_HAVE_SPEC;
                }
                self.emit(Op::FORMAT_VALUE, arg);
            }
            ExprKind::JoinedStr { values } => {
                if values.len() > STACK_USE_GUIDELINE {
                    self.load_const(str_const(""));
                    self.emit_name(Op::LOAD_METHOD, "join");
                    self.emit(Op::BUILD_LIST, 0);
                    for v in values {
                        self.expr(v)?;
                        self.emit(Op::LIST_APPEND, 1);
                    }
                    self.emit(Op::CALL, 1);
                } else {
                    for v in values {
                        self.expr(v)?;
                    }
                    if values.len() != 1 {
                        self.emit(Op::BUILD_STRING, values.len() as u32);
                    }
                }
            }
            ExprKind::Constant { value, .. } => self.load_const(const_from_ast(value)),
            ExprKind::Attribute { value, attr, ctx } => {
                self.expr(value)?;
                self.move_to_attr(e, attr);
                match ctx {
                    ExprContext::Load => self.emit_name(Op::LOAD_ATTR, attr),
                    ExprContext::Store => self.emit_name(Op::STORE_ATTR, attr),
                    ExprContext::Del => self.emit_name(Op::DELETE_ATTR, attr),
                }
            }
            ExprKind::Subscript { value, slice, ctx } => {
                self.expr(value)?;
                self.expr(slice)?;
                self.emit(
                    match ctx {
                        ExprContext::Load => Op::BINARY_SUBSCR,
                        ExprContext::Store => Op::STORE_SUBSCR,
                        ExprContext::Del => Op::DELETE_SUBSCR,
                    },
                    0,
                );
            }
            ExprKind::Starred { value, ctx } => match ctx {
                ExprContext::Store => {
                    return Err(self.error(
                        e.loc,
                        "starred assignment target must be in a list or tuple",
                    ));
                }
                _ => {
                    let _ = value;
                    return Err(self.error(e.loc, "can't use starred expression here"));
                }
            },
            ExprKind::Slice { lower, upper, step } => {
                for part in [lower, upper] {
                    match part {
                        Some(p) => self.expr(p)?,
                        None => self.load_const(Constant::None),
                    }
                }
                let mut n = 2;
                if let Some(s) = step {
                    self.expr(s)?;
                    n = 3;
                }
                self.emit(Op::BUILD_SLICE, n);
            }
            ExprKind::Name { id, ctx } => self.nameop(id, *ctx)?,
            ExprKind::List { elts, ctx } => match ctx {
                ExprContext::Store => self.assignment_helper(elts)?,
                ExprContext::Load => self.starunpack(
                    elts,
                    0,
                    Op::BUILD_LIST,
                    Op::LIST_APPEND,
                    Op::LIST_EXTEND,
                    false,
                )?,
                ExprContext::Del => elts.iter().try_for_each(|x| self.expr(x))?,
            },
            ExprKind::Tuple { elts, ctx } => match ctx {
                ExprContext::Store => self.assignment_helper(elts)?,
                ExprContext::Load => self.starunpack(
                    elts,
                    0,
                    Op::BUILD_LIST,
                    Op::LIST_APPEND,
                    Op::LIST_EXTEND,
                    true,
                )?,
                ExprContext::Del => elts.iter().try_for_each(|x| self.expr(x))?,
            },
        }
        Ok(())
    }

    fn add_yield(&mut self) {
        let ste = self.scope();
        if ste.generator && ste.coroutine {
            self.emit(Op::ASYNC_GEN_WRAP, 0);
        }
        self.emit(Op::YIELD_VALUE, 0);
        self.emit(Op::RESUME, 1);
    }

    /// CPython's `compiler_add_yield_from`: the SEND/YIELD_VALUE loop.
    pub(super) fn add_yield_from(&mut self, is_await: bool) {
        let start = self.new_block();
        let resume = self.new_block();
        let exit = self.new_block();
        self.use_next_block(start);
        self.emit_jump(Op::SEND, exit);
        self.use_next_block(resume);
        self.emit(Op::YIELD_VALUE, 0);
        self.emit(Op::RESUME, if is_await { 3 } else { 2 });
        self.emit_jump(Op::JUMP_NO_INTERRUPT, start);
        self.use_next_block(exit);
    }

    fn compare_op(&mut self, op: CmpOp) {
        match op {
            CmpOp::Is => self.emit(Op::IS_OP, 0),
            CmpOp::IsNot => self.emit(Op::IS_OP, 1),
            CmpOp::In => self.emit(Op::CONTAINS_OP, 0),
            CmpOp::NotIn => self.emit(Op::CONTAINS_OP, 1),
            CmpOp::Lt => self.emit(Op::COMPARE_OP, 0),
            CmpOp::LtE => self.emit(Op::COMPARE_OP, 1),
            CmpOp::Eq => self.emit(Op::COMPARE_OP, 2),
            CmpOp::NotEq => self.emit(Op::COMPARE_OP, 3),
            CmpOp::Gt => self.emit(Op::COMPARE_OP, 4),
            CmpOp::GtE => self.emit(Op::COMPARE_OP, 5),
        }
    }

    /// `a < b < c` after `a`: each inner comparison keeps its right operand
    /// for the next and leaves by `exit_jump` to `cleanup` when false; the
    /// last comparison's result is left on the stack.
    fn chained_compare(
        &mut self,
        ops: &[CmpOp],
        comparators: &'a [Expr],
        exit_jump: Op,
        cleanup: BlockId,
    ) -> PResult<()> {
        let n = ops.len() - 1;
        for i in 0..n {
            self.expr(&comparators[i])?;
            self.emit(Op::SWAP, 2);
            self.emit(Op::COPY, 2);
            self.compare_op(ops[i]);
            self.emit_jump(exit_jump, cleanup);
        }
        self.expr(&comparators[n])?;
        self.compare_op(ops[n]);
        Ok(())
    }

    fn compare(&mut self, left: &'a Expr, ops: &[CmpOp], comparators: &'a [Expr]) -> PResult<()> {
        self.expr(left)?;
        let n = ops.len() - 1;
        if n == 0 {
            self.expr(&comparators[0])?;
            self.compare_op(ops[0]);
            return Ok(());
        }
        let cleanup = self.new_block();
        self.chained_compare(ops, comparators, Op::JUMP_IF_FALSE_OR_POP, cleanup)?;
        let end = self.new_block();
        self.emit_jump_noline(Op::JUMP, end);
        self.use_next_block(cleanup);
        self.emit(Op::SWAP, 2);
        self.emit(Op::POP_TOP, 0);
        self.use_next_block(end);
        Ok(())
    }

    /// Jump to `next` when the truth of `e` equals `cond`
    /// (CPython's `compiler_jump_if`).
    pub(super) fn jump_if(&mut self, e: &'a Expr, next: BlockId, cond: bool) -> PResult<()> {
        match &e.kind {
            ExprKind::UnaryOp {
                op: UnaryOp::Not,
                operand,
            } => return self.jump_if(operand, next, !cond),
            ExprKind::BoolOp { op, values } => {
                let cond2 = *op == BoolOp::Or;
                let next2 = if cond2 != cond {
                    self.new_block()
                } else {
                    next
                };
                for v in &values[..values.len() - 1] {
                    self.jump_if(v, next2, cond2)?;
                }
                self.jump_if(values.last().unwrap(), next, cond)?;
                if next2 != next {
                    self.use_next_block(next2);
                }
                return Ok(());
            }
            ExprKind::IfExp { test, body, orelse } => {
                let end = self.new_block();
                let next2 = self.new_block();
                self.jump_if(test, next2, false)?;
                self.jump_if(body, next, cond)?;
                self.emit_jump_noline(Op::JUMP, end);
                self.use_next_block(next2);
                self.jump_if(orelse, next, cond)?;
                self.use_next_block(end);
                return Ok(());
            }
            // CPython 3.11 moves the current location to a compare used as a
            // condition and leaves it there (no restore), so the jump and
            // what follows it in the same statement carry the compare's line.
            ExprKind::Compare { .. } if !matches!(&e.kind, ExprKind::Compare { ops, .. } if ops.len() > 1) =>
            {
                self.set_loc(e.loc);
            }
            ExprKind::Compare {
                left,
                ops,
                comparators,
            } => {
                self.set_loc(e.loc);
                let cleanup = self.new_block();
                self.expr(left)?;
                self.chained_compare(ops, comparators, Op::POP_JUMP_IF_FALSE, cleanup)?;
                self.emit_jump(
                    if cond {
                        Op::POP_JUMP_IF_TRUE
                    } else {
                        Op::POP_JUMP_IF_FALSE
                    },
                    next,
                );
                let end = self.new_block();
                self.emit_jump_noline(Op::JUMP, end);
                self.use_next_block(cleanup);
                self.emit(Op::POP_TOP, 0);
                if !cond {
                    self.emit_jump_noline(Op::JUMP, next);
                }
                self.use_next_block(end);
                return Ok(());
            }
            _ => {}
        }
        self.expr(e)?;
        self.emit_jump(
            if cond {
                Op::POP_JUMP_IF_TRUE
            } else {
                Op::POP_JUMP_IF_FALSE
            },
            next,
        );
        Ok(())
    }

    // ----- calls ------------------------------------------------------------------

    /// Is `e` a name the module imports? (CPython does not use LOAD_METHOD
    /// on those.)
    fn is_import_originated(&self, e: &Expr) -> bool {
        match &e.kind {
            ExprKind::Name { id, .. } => self.st.top().flags(id) & symtable::DEF_IMPORT != 0,
            _ => false,
        }
    }

    /// CPython 3.11's `update_start_location_to_match_attr`: in a
    /// multi-line `a.b`, the attribute access is attributed to the line the
    /// name `b` is on (the current location is restored by the caller).
    fn move_to_attr(&mut self, e: &Expr, attr: &str) {
        let mut loc = self.ur().loc;
        if loc.lineno == e.loc.end_lineno {
            return;
        }
        loc.lineno = e.loc.end_lineno;
        let len = attr.chars().count() as u32;
        loc.col_offset = e.loc.end_col_offset.saturating_sub(len);
        loc.end_lineno = loc.end_lineno.max(loc.lineno);
        if loc.lineno == loc.end_lineno {
            loc.end_col_offset = loc.end_col_offset.max(loc.col_offset);
        }
        self.set_loc(loc);
    }

    fn call(
        &mut self,
        e: &'a Expr,
        func: &'a Expr,
        args: &'a [Expr],
        keywords: &'a [Keyword],
    ) -> PResult<()> {
        // Method calls without */** use LOAD_METHOD and skip the bound method.
        if let ExprKind::Attribute {
            value,
            attr,
            ctx: ExprContext::Load,
        } = &func.kind
        {
            let simple = !args
                .iter()
                .any(|a| matches!(a.kind, ExprKind::Starred { .. }))
                && !keywords.iter().any(|k| k.arg.is_none())
                && args.len() + keywords.len() + usize::from(!keywords.is_empty())
                    < STACK_USE_GUIDELINE;
            if simple && !self.is_import_originated(value) {
                self.expr(value)?;
                // LOAD_METHOD carries the attribute expression's span, CALL
                // the whole call's; both move to the attribute's line when
                // the callee spans several (3.11's
                // update_start_location_to_match_attr).
                let saved = self.ur().loc;
                self.set_loc(func.loc);
                self.move_to_attr(func, attr);
                self.emit_name(Op::LOAD_METHOD, attr);
                for a in args {
                    self.expr(a)?;
                }
                if !keywords.is_empty() {
                    for k in keywords {
                        self.expr(&k.value)?;
                    }
                    self.kw_names(keywords);
                }
                self.set_loc(e.loc);
                self.move_to_attr(func, attr);
                self.emit(Op::CALL, (args.len() + keywords.len()) as u32);
                self.set_loc(saved);
                return Ok(());
            }
        }
        self.set_loc(func.loc);
        self.emit(Op::PUSH_NULL, 0);
        self.set_loc(e.loc);
        self.expr(func)?;
        self.call_helper(0, args, keywords)
    }

    fn kw_names(&mut self, keywords: &[Keyword]) {
        let names = keywords
            .iter()
            .map(|k| str_const(k.arg.as_deref().unwrap_or("")))
            .collect();
        let i = self.u().add_const(Constant::Tuple(names));
        self.emit(Op::KW_NAMES, i);
    }

    /// CPython's `compiler_call_helper`: `n` arguments are already pushed.
    pub(super) fn call_helper(
        &mut self,
        n: usize,
        args: &'a [Expr],
        keywords: &'a [Keyword],
    ) -> PResult<()> {
        let has_star = args
            .iter()
            .any(|a| matches!(a.kind, ExprKind::Starred { .. }));
        let has_dstar = keywords.iter().any(|k| k.arg.is_none());
        if !has_star && !has_dstar && args.len() + keywords.len() * 2 <= STACK_USE_GUIDELINE {
            for a in args {
                self.expr(a)?;
            }
            if !keywords.is_empty() {
                for k in keywords {
                    self.expr(&k.value)?;
                }
                self.kw_names(keywords);
            }
            self.emit(Op::CALL, (n + args.len() + keywords.len()) as u32);
            return Ok(());
        }
        // The general form: a tuple of positional arguments, then a dict.
        if n == 0 && args.len() == 1 && matches!(args[0].kind, ExprKind::Starred { .. }) {
            if let ExprKind::Starred { value, .. } = &args[0].kind {
                self.expr(value)?;
            }
        } else {
            self.starunpack(
                args,
                n,
                Op::BUILD_LIST,
                Op::LIST_APPEND,
                Op::LIST_EXTEND,
                true,
            )?;
        }
        if !keywords.is_empty() {
            let mut have_dict = false;
            let mut nseen = 0;
            for (i, k) in keywords.iter().enumerate() {
                if k.arg.is_none() {
                    if nseen > 0 {
                        self.subkwargs(&keywords[i - nseen..i])?;
                        if have_dict {
                            self.emit(Op::DICT_MERGE, 1);
                        }
                        have_dict = true;
                        nseen = 0;
                    }
                    if !have_dict {
                        self.emit(Op::BUILD_MAP, 0);
                        have_dict = true;
                    }
                    self.expr(&k.value)?;
                    self.emit(Op::DICT_MERGE, 1);
                } else {
                    nseen += 1;
                }
            }
            if nseen > 0 {
                self.subkwargs(&keywords[keywords.len() - nseen..])?;
                if have_dict {
                    self.emit(Op::DICT_MERGE, 1);
                }
            }
        }
        self.emit(Op::CALL_FUNCTION_EX, u32::from(!keywords.is_empty()));
        Ok(())
    }

    fn subkwargs(&mut self, keywords: &'a [Keyword]) -> PResult<()> {
        let n = keywords.len();
        let big = n * 2 > STACK_USE_GUIDELINE;
        if n > 1 && !big {
            for k in keywords {
                self.expr(&k.value)?;
            }
            let keys = keywords
                .iter()
                .map(|k| str_const(k.arg.as_deref().unwrap_or("")))
                .collect();
            self.load_const(Constant::Tuple(keys));
            self.emit(Op::BUILD_CONST_KEY_MAP, n as u32);
            return Ok(());
        }
        if big {
            self.emit(Op::BUILD_MAP, 0);
        }
        for k in keywords {
            self.load_const(str_const(k.arg.as_deref().unwrap_or("")));
            self.expr(&k.value)?;
            if big {
                self.emit(Op::MAP_ADD, 1);
            }
        }
        if !big {
            self.emit(Op::BUILD_MAP, n as u32);
        }
        Ok(())
    }

    // ----- displays -----------------------------------------------------------------

    /// CPython's `starunpack_helper`: build a list/set/tuple from items that
    /// may include `*iterables`.
    fn starunpack(
        &mut self,
        elts: &'a [Expr],
        pushed: usize,
        build: Op,
        add: Op,
        extend: Op,
        tuple: bool,
    ) -> PResult<()> {
        let n = elts.len();
        if n > 2 && elts.iter().all(is_const) {
            let folded: Vec<Constant> = elts.iter().map(const_of).collect();
            if tuple && pushed == 0 {
                self.load_const(Constant::Tuple(folded));
            } else {
                let c = if add == Op::SET_ADD {
                    Constant::FrozenSet(folded)
                } else {
                    Constant::Tuple(folded)
                };
                self.emit(build, pushed as u32);
                self.load_const(c);
                self.emit(extend, 1);
                if tuple {
                    self.emit(Op::LIST_TO_TUPLE, 0);
                }
            }
            return Ok(());
        }
        let big = n + pushed > STACK_USE_GUIDELINE;
        let seen_star = elts
            .iter()
            .any(|x| matches!(x.kind, ExprKind::Starred { .. }));
        if !seen_star && !big {
            for x in elts {
                self.expr(x)?;
            }
            self.emit(
                if tuple { Op::BUILD_TUPLE } else { build },
                (n + pushed) as u32,
            );
            return Ok(());
        }
        let mut built = false;
        if big {
            self.emit(build, pushed as u32);
            built = true;
        }
        for (i, x) in elts.iter().enumerate() {
            if let ExprKind::Starred { value, .. } = &x.kind {
                if !built {
                    self.emit(build, (i + pushed) as u32);
                    built = true;
                }
                self.expr(value)?;
                self.emit(extend, 1);
            } else {
                self.expr(x)?;
                if built {
                    self.emit(add, 1);
                }
            }
        }
        if tuple {
            self.emit(Op::LIST_TO_TUPLE, 0);
        }
        Ok(())
    }

    fn subdict(&mut self, keys: &'a [Option<Expr>], values: &'a [Expr]) -> PResult<()> {
        let n = keys.len();
        let big = n * 2 > STACK_USE_GUIDELINE;
        if n > 1 && !big && keys.iter().all(|k| k.as_ref().is_some_and(is_const)) {
            for v in values {
                self.expr(v)?;
            }
            let ks = keys.iter().map(|k| const_of(k.as_ref().unwrap())).collect();
            self.load_const(Constant::Tuple(ks));
            self.emit(Op::BUILD_CONST_KEY_MAP, n as u32);
            return Ok(());
        }
        if big {
            self.emit(Op::BUILD_MAP, 0);
        }
        for (k, v) in keys.iter().zip(values) {
            self.expr(k.as_ref().unwrap())?;
            self.expr(v)?;
            if big {
                self.emit(Op::MAP_ADD, 1);
            }
        }
        if !big {
            self.emit(Op::BUILD_MAP, n as u32);
        }
        Ok(())
    }

    fn dict(&mut self, keys: &'a [Option<Expr>], values: &'a [Expr]) -> PResult<()> {
        let n = values.len();
        let mut have_dict = false;
        let mut elements = 0;
        for i in 0..n {
            if keys[i].is_none() {
                if elements > 0 {
                    self.subdict(&keys[i - elements..i], &values[i - elements..i])?;
                    if have_dict {
                        self.emit(Op::DICT_UPDATE, 1);
                    }
                    have_dict = true;
                    elements = 0;
                }
                if !have_dict {
                    self.emit(Op::BUILD_MAP, 0);
                    have_dict = true;
                }
                self.expr(&values[i])?;
                self.emit(Op::DICT_UPDATE, 1);
            } else if elements * 2 > STACK_USE_GUIDELINE {
                self.subdict(&keys[i - elements..=i], &values[i - elements..=i])?;
                if have_dict {
                    self.emit(Op::DICT_UPDATE, 1);
                }
                have_dict = true;
                elements = 0;
            } else {
                elements += 1;
            }
        }
        if elements > 0 {
            self.subdict(&keys[n - elements..], &values[n - elements..])?;
            if have_dict {
                self.emit(Op::DICT_UPDATE, 1);
            }
            have_dict = true;
        }
        if !have_dict {
            self.emit(Op::BUILD_MAP, 0);
        }
        Ok(())
    }

    /// Unpack the value on the stack into the targets `elts`.
    fn assignment_helper(&mut self, elts: &'a [Expr]) -> PResult<()> {
        let n = elts.len();
        let mut seen_star = false;
        for (i, x) in elts.iter().enumerate() {
            if let ExprKind::Starred { .. } = x.kind {
                if seen_star {
                    return Err(self.error(x.loc, "multiple starred expressions in assignment"));
                }
                if i >= 256 || n - i > (i32::MAX >> 8) as usize {
                    return Err(
                        self.error(x.loc, "too many expressions in star-unpacking assignment")
                    );
                }
                self.emit(Op::UNPACK_EX, (i + ((n - i - 1) << 8)) as u32);
                seen_star = true;
            }
        }
        if !seen_star {
            self.emit(Op::UNPACK_SEQUENCE, n as u32);
        }
        for x in elts {
            match &x.kind {
                ExprKind::Starred { value, .. } => self.expr(value)?,
                _ => self.expr(x)?,
            }
        }
        Ok(())
    }

    // ----- functions ------------------------------------------------------------------

    fn lambda(&mut self, e: &'a Expr, args: &'a Arguments, body: &'a Expr) -> PResult<()> {
        let flags = self.default_arguments(args)?;
        let scope = self.st.scope_for(e).expect("symtable scope for lambda");
        self.enter_scope("<lambda>", UnitKind::Lambda, scope, e.loc.lineno);
        // None first, so a lambda never has a docstring.
        self.u().add_const(Constant::None);
        self.u().argcount = args.args.len() as u32;
        self.u().posonlyargcount = args.posonlyargs.len() as u32;
        self.u().kwonlyargcount = args.kwonlyargs.len() as u32;
        self.expr(body)?;
        let code = if self.scope().generator {
            self.finish_unit(false)
        } else {
            self.emit(Op::RETURN_VALUE, 0);
            self.finish_unit(true)
        };
        self.make_closure(code, flags)
    }

    fn comprehension(
        &mut self,
        e: &'a Expr,
        name: &str,
        kind: CompKind,
        generators: &'a [Comprehension],
        elt: &'a Expr,
        value: Option<&'a Expr>,
    ) -> PResult<()> {
        let outer_kind = self.ur().kind;
        let scope = self
            .st
            .scope_for(e)
            .expect("symtable scope for comprehension");
        self.enter_scope(name, UnitKind::Comprehension, scope, e.loc.lineno);
        self.set_loc(e.loc);
        let is_async = self.scope().coroutine;
        if is_async
            && kind != CompKind::Gen
            && !matches!(
                outer_kind,
                UnitKind::AsyncFunction | UnitKind::Comprehension
            )
        {
            return Err(self.error(
                e.loc,
                "asynchronous comprehension outside of an asynchronous function",
            ));
        }
        match kind {
            CompKind::List => self.emit(Op::BUILD_LIST, 0),
            CompKind::Set => self.emit(Op::BUILD_SET, 0),
            CompKind::Dict => self.emit(Op::BUILD_MAP, 0),
            CompKind::Gen => {}
        }
        self.comprehension_generator(generators, 0, 0, elt, value, kind)?;
        if kind != CompKind::Gen {
            self.emit(Op::RETURN_VALUE, 0);
        }
        let code = self.finish_unit(true);
        self.make_closure(code, 0)?;
        let outermost = &generators[0];
        self.expr(&outermost.iter)?;
        self.emit(
            if outermost.is_async != 0 {
                Op::GET_AITER
            } else {
                Op::GET_ITER
            },
            0,
        );
        self.emit(Op::CALL, 0);
        if is_async && kind != CompKind::Gen {
            self.await_result(0);
        }
        Ok(())
    }

    fn comprehension_generator(
        &mut self,
        gens: &'a [Comprehension],
        index: usize,
        depth: u32,
        elt: &'a Expr,
        value: Option<&'a Expr>,
        kind: CompKind,
    ) -> PResult<()> {
        if gens[index].is_async != 0 {
            self.async_comprehension_generator(gens, index, depth, elt, value, kind)
        } else {
            self.sync_comprehension_generator(gens, index, depth, elt, value, kind)
        }
    }

    fn comprehension_element(
        &mut self,
        depth: u32,
        elt: &'a Expr,
        value: Option<&'a Expr>,
        kind: CompKind,
    ) -> PResult<()> {
        match kind {
            CompKind::Gen => {
                self.expr(elt)?;
                self.add_yield();
                self.emit(Op::POP_TOP, 0);
            }
            CompKind::List => {
                self.expr(elt)?;
                self.emit(Op::LIST_APPEND, depth + 1);
            }
            CompKind::Set => {
                self.expr(elt)?;
                self.emit(Op::SET_ADD, depth + 1);
            }
            CompKind::Dict => {
                self.expr(elt)?;
                self.expr(value.unwrap())?;
                self.emit(Op::MAP_ADD, depth + 1);
            }
        }
        Ok(())
    }

    fn sync_comprehension_generator(
        &mut self,
        gens: &'a [Comprehension],
        index: usize,
        mut depth: u32,
        elt: &'a Expr,
        value: Option<&'a Expr>,
        kind: CompKind,
    ) -> PResult<()> {
        let mut start = Some(self.new_block());
        let if_cleanup = self.new_block();
        let anchor = self.new_block();
        let gen = &gens[index];
        if index == 0 {
            // The outermost iterator arrives as the implicit argument `.0`.
            self.u().argcount = 1;
            self.emit(Op::LOAD_FAST, 0);
        } else {
            // `for y in [f(x)]`: bind directly, no loop.
            let single = match &gen.iter.kind {
                ExprKind::List { elts, .. } | ExprKind::Tuple { elts, .. } if elts.len() == 1 => {
                    (!matches!(elts[0].kind, ExprKind::Starred { .. })).then_some(&elts[0])
                }
                _ => None,
            };
            match single {
                Some(x) => {
                    self.expr(x)?;
                    start = None;
                }
                None => {
                    self.expr(&gen.iter)?;
                    self.emit(Op::GET_ITER, 0);
                }
            }
        }
        if let Some(s) = start {
            depth += 1;
            self.use_next_block(s);
            self.emit_jump(Op::FOR_ITER, anchor);
        }
        self.expr(&gen.target)?;
        for cond in &gen.ifs {
            self.jump_if(cond, if_cleanup, false)?;
        }
        if index + 1 < gens.len() {
            self.comprehension_generator(gens, index + 1, depth, elt, value, kind)?;
        } else {
            self.comprehension_element(depth, elt, value, kind)?;
        }
        self.use_next_block(if_cleanup);
        if let Some(s) = start {
            self.emit_jump(Op::JUMP, s);
            self.use_next_block(anchor);
        }
        Ok(())
    }

    fn async_comprehension_generator(
        &mut self,
        gens: &'a [Comprehension],
        index: usize,
        mut depth: u32,
        elt: &'a Expr,
        value: Option<&'a Expr>,
        kind: CompKind,
    ) -> PResult<()> {
        let start = self.new_block();
        let except = self.new_block();
        let if_cleanup = self.new_block();
        let gen = &gens[index];
        if index == 0 {
            self.u().argcount = 1;
            self.emit(Op::LOAD_FAST, 0);
        } else {
            self.expr(&gen.iter)?;
            self.emit(Op::GET_AITER, 0);
        }
        self.use_next_block(start);
        self.push_fblock(
            FBlockKind::AsyncComprehensionGenerator,
            Some(start),
            None,
            FDatum::None,
        )?;
        self.emit_jump(Op::SETUP_FINALLY, except);
        self.emit(Op::GET_ANEXT, 0);
        self.load_const(Constant::None);
        self.add_yield_from(true);
        self.emit(Op::POP_BLOCK, 0);
        self.expr(&gen.target)?;
        for cond in &gen.ifs {
            self.jump_if(cond, if_cleanup, false)?;
        }
        depth += 1;
        if index + 1 < gens.len() {
            self.comprehension_generator(gens, index + 1, depth, elt, value, kind)?;
        } else {
            self.comprehension_element(depth, elt, value, kind)?;
        }
        self.use_next_block(if_cleanup);
        self.emit_jump(Op::JUMP, start);
        self.pop_fblock();
        self.use_next_block(except);
        self.emit(Op::END_ASYNC_FOR, 0);
        Ok(())
    }

    #[allow(dead_code)]
    fn in_class_scope(&self) -> bool {
        self.scope().kind == ScopeKind::Class
    }
}
