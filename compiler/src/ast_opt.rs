//! The AST optimizer: CPython 3.11's `Python/ast_opt.c`, run between the
//! parser and the compiler.
//!
//! It folds operations on constants (`-1`, `2 * 3`, `'ab' * 2`, `1 + 2j`,
//! `(1, 2)`), turns the literal lists and sets that are only iterated or
//! tested for membership into tuples and frozensets, rewrites simple
//! `'%s' % (x,)` formatting into f-strings, and replaces `__debug__`.
//! Folding never changes behaviour: an operation that would raise, or whose
//! result would be too big (CPython's limits), is left alone.

use crate::ast::*;
use num_bigint::{BigInt, Sign};
use num_integer::Integer;
use num_traits::{Signed, ToPrimitive, Zero};

/// Integers of more bits than this are not produced by folding.
const MAX_INT_SIZE: u64 = 128;
const MAX_COLLECTION_SIZE: usize = 256;
const MAX_STR_SIZE: usize = 4096;
const MAX_TOTAL_ITEMS: usize = 1024;

pub struct Optimizer {
    /// `-O` level: `__debug__` is `optimize == 0`.
    pub optimize: u32,
    /// `from __future__ import annotations`: annotations stay as written.
    pub future_annotations: bool,
}

impl Optimizer {
    pub fn module(&self, m: &mut Mod) {
        match m {
            Mod::Module { body, .. } | Mod::Interactive { body } => self.body(body),
            Mod::Expression { body } => self.expr(body),
            Mod::FunctionType { argtypes, returns } => {
                argtypes.iter_mut().for_each(|e| self.expr(e));
                self.expr(returns);
            }
        }
    }

    /// A body; folding must not turn its first statement into a docstring.
    fn body(&self, stmts: &mut [Stmt]) {
        let had_doc = is_docstring(stmts);
        for s in stmts.iter_mut() {
            self.stmt(s);
        }
        if !had_doc && is_docstring(stmts) {
            if let StmtKind::Expr { value } = &mut stmts[0].kind {
                let loc = value.loc;
                let inner = std::mem::replace(
                    &mut **value,
                    Expr::new(
                        ExprKind::Constant {
                            value: ConstValue::None,
                            kind: None,
                        },
                        loc,
                    ),
                );
                **value = Expr::new(
                    ExprKind::JoinedStr {
                        values: vec![inner],
                    },
                    stmts[0].loc,
                );
            }
        }
    }

    fn stmt(&self, s: &mut Stmt) {
        stacker::maybe_grow(DEEP_RED_ZONE, DEEP_SEGMENT, || self.stmt_inner(s))
    }

    fn stmt_inner(&self, s: &mut Stmt) {
        match &mut s.kind {
            StmtKind::FunctionDef {
                args,
                body,
                decorator_list,
                returns,
                ..
            }
            | StmtKind::AsyncFunctionDef {
                args,
                body,
                decorator_list,
                returns,
                ..
            } => {
                self.arguments(args);
                self.body(body);
                decorator_list.iter_mut().for_each(|e| self.expr(e));
                if let Some(r) = returns {
                    self.annotation(r);
                }
            }
            StmtKind::ClassDef {
                bases,
                keywords,
                body,
                decorator_list,
                ..
            } => {
                bases.iter_mut().for_each(|e| self.expr(e));
                keywords.iter_mut().for_each(|k| self.expr(&mut k.value));
                self.body(body);
                decorator_list.iter_mut().for_each(|e| self.expr(e));
            }
            StmtKind::AnnAssign {
                target,
                annotation,
                value,
                ..
            } => {
                self.expr(target);
                self.annotation(annotation);
                if let Some(v) = value {
                    self.expr(v);
                }
            }
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
                ..
            } => {
                self.expr(target);
                self.expr(iter);
                fold_iter(iter);
                self.stmts(body);
                self.stmts(orelse);
            }
            // CPython folds the iterable of `for` only, not of `async for`.
            StmtKind::AsyncFor {
                target,
                iter,
                body,
                orelse,
                ..
            } => {
                self.expr(target);
                self.expr(iter);
                self.stmts(body);
                self.stmts(orelse);
            }
            StmtKind::Match { subject, cases } => {
                self.expr(subject);
                for c in cases {
                    self.pattern(&mut c.pattern);
                    if let Some(g) = &mut c.guard {
                        self.expr(g);
                    }
                    self.stmts(&mut c.body);
                }
            }
            _ => self.stmt_children(s),
        }
    }

    fn stmts(&self, stmts: &mut [Stmt]) {
        stmts.iter_mut().for_each(|s| self.stmt(s));
    }

    /// Every other statement: visit its expressions and nested bodies.
    fn stmt_children(&self, s: &mut Stmt) {
        match &mut s.kind {
            StmtKind::Return { value: Some(v) } => self.expr(v),
            StmtKind::Delete { targets } => targets.iter_mut().for_each(|e| self.expr(e)),
            StmtKind::Assign { targets, value, .. } => {
                targets.iter_mut().for_each(|e| self.expr(e));
                self.expr(value);
            }
            StmtKind::AugAssign { target, value, .. } => {
                self.expr(target);
                self.expr(value);
            }
            StmtKind::While { test, body, orelse } | StmtKind::If { test, body, orelse } => {
                self.expr(test);
                self.stmts(body);
                self.stmts(orelse);
            }
            StmtKind::With { items, body, .. } | StmtKind::AsyncWith { items, body, .. } => {
                for item in items {
                    self.expr(&mut item.context_expr);
                    if let Some(v) = &mut item.optional_vars {
                        self.expr(v);
                    }
                }
                self.stmts(body);
            }
            StmtKind::Raise { exc, cause } => {
                for e in [exc, cause].into_iter().flatten() {
                    self.expr(e);
                }
            }
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
            }
            | StmtKind::TryStar {
                body,
                handlers,
                orelse,
                finalbody,
            } => {
                self.stmts(body);
                for h in handlers {
                    if let Some(t) = &mut h.r#type {
                        self.expr(t);
                    }
                    self.stmts(&mut h.body);
                }
                self.stmts(orelse);
                self.stmts(finalbody);
            }
            StmtKind::Assert { test, msg } => {
                self.expr(test);
                if let Some(m) = msg {
                    self.expr(m);
                }
            }
            StmtKind::Expr { value } => self.expr(value),
            _ => {}
        }
    }

    fn arguments(&self, a: &mut Arguments) {
        for p in a
            .posonlyargs
            .iter_mut()
            .chain(a.args.iter_mut())
            .chain(a.kwonlyargs.iter_mut())
        {
            if let Some(ann) = &mut p.annotation {
                self.annotation(ann);
            }
        }
        for v in [&mut a.vararg, &mut a.kwarg].into_iter().flatten() {
            if let Some(ann) = &mut v.annotation {
                self.annotation(ann);
            }
        }
        a.kw_defaults
            .iter_mut()
            .flatten()
            .for_each(|e| self.expr(e));
        a.defaults.iter_mut().for_each(|e| self.expr(e));
    }

    fn annotation(&self, e: &mut Expr) {
        if !self.future_annotations {
            self.expr(e);
        }
    }

    fn pattern(&self, p: &mut Pattern) {
        match &mut p.kind {
            PatternKind::MatchValue { value } => self.expr(value),
            PatternKind::MatchSequence { patterns } | PatternKind::MatchOr { patterns } => {
                patterns.iter_mut().for_each(|x| self.pattern(x))
            }
            PatternKind::MatchMapping { keys, patterns, .. } => {
                keys.iter_mut().for_each(|k| self.expr(k));
                patterns.iter_mut().for_each(|x| self.pattern(x));
            }
            PatternKind::MatchClass {
                cls,
                patterns,
                kwd_patterns,
                ..
            } => {
                self.expr(cls);
                patterns
                    .iter_mut()
                    .chain(kwd_patterns.iter_mut())
                    .for_each(|x| self.pattern(x));
            }
            PatternKind::MatchAs {
                pattern: Some(sub), ..
            } => self.pattern(sub),
            _ => {}
        }
    }

    fn comprehensions(&self, gens: &mut [Comprehension]) {
        for g in gens {
            self.expr(&mut g.target);
            self.expr(&mut g.iter);
            fold_iter(&mut g.iter);
            g.ifs.iter_mut().for_each(|e| self.expr(e));
        }
    }

    pub fn expr(&self, e: &mut Expr) {
        stacker::maybe_grow(DEEP_RED_ZONE, DEEP_SEGMENT, || self.expr_inner(e))
    }

    fn expr_inner(&self, e: &mut Expr) {
        // Children first, then this node.
        match &mut e.kind {
            ExprKind::BoolOp { values, .. } => values.iter_mut().for_each(|x| self.expr(x)),
            ExprKind::NamedExpr { value, .. } => self.expr(value),
            ExprKind::BinOp { left, right, .. } => {
                self.expr(left);
                self.expr(right);
            }
            ExprKind::UnaryOp { operand, .. } => self.expr(operand),
            ExprKind::Lambda { args, body } => {
                self.arguments(args);
                self.expr(body);
            }
            ExprKind::IfExp { test, body, orelse } => {
                self.expr(test);
                self.expr(body);
                self.expr(orelse);
            }
            ExprKind::Dict { keys, values } => {
                keys.iter_mut().flatten().for_each(|x| self.expr(x));
                values.iter_mut().for_each(|x| self.expr(x));
            }
            ExprKind::Set { elts } | ExprKind::List { elts, .. } | ExprKind::Tuple { elts, .. } => {
                elts.iter_mut().for_each(|x| self.expr(x))
            }
            ExprKind::ListComp { elt, generators }
            | ExprKind::SetComp { elt, generators }
            | ExprKind::GeneratorExp { elt, generators } => {
                self.expr(elt);
                self.comprehensions(generators);
            }
            ExprKind::DictComp {
                key,
                value,
                generators,
            } => {
                self.expr(key);
                self.expr(value);
                self.comprehensions(generators);
            }
            ExprKind::Await { value } | ExprKind::YieldFrom { value } => self.expr(value),
            ExprKind::Yield { value } => {
                if let Some(v) = value {
                    self.expr(v);
                }
            }
            ExprKind::Compare {
                left, comparators, ..
            } => {
                self.expr(left);
                comparators.iter_mut().for_each(|x| self.expr(x));
            }
            ExprKind::Call {
                func,
                args,
                keywords,
            } => {
                self.expr(func);
                args.iter_mut().for_each(|x| self.expr(x));
                keywords.iter_mut().for_each(|k| self.expr(&mut k.value));
            }
            ExprKind::FormattedValue {
                value, format_spec, ..
            } => {
                self.expr(value);
                if let Some(f) = format_spec {
                    self.expr(f);
                }
            }
            ExprKind::JoinedStr { values } => values.iter_mut().for_each(|x| self.expr(x)),
            ExprKind::Attribute { value, .. } | ExprKind::Starred { value, .. } => self.expr(value),
            ExprKind::Subscript { value, slice, .. } => {
                self.expr(value);
                self.expr(slice);
            }
            ExprKind::Slice { lower, upper, step } => {
                for part in [lower, upper, step].into_iter().flatten() {
                    self.expr(part);
                }
            }
            ExprKind::Constant { .. } | ExprKind::Name { .. } => {}
        }
        // `not a in b` → `a not in b` (also `is`); other comparisons can't
        // be inverted safely.
        if let ExprKind::UnaryOp {
            op: UnaryOp::Not,
            operand,
        } = &mut e.kind
        {
            if let ExprKind::Compare { ops, .. } = &mut operand.kind {
                let inverted = match ops.as_slice() {
                    [CmpOp::Is] => Some(CmpOp::IsNot),
                    [CmpOp::IsNot] => Some(CmpOp::Is),
                    [CmpOp::In] => Some(CmpOp::NotIn),
                    [CmpOp::NotIn] => Some(CmpOp::In),
                    _ => None,
                };
                if let Some(inv) = inverted {
                    ops[0] = inv;
                    let loc = operand.loc;
                    let kind = std::mem::replace(
                        &mut operand.kind,
                        ExprKind::Constant {
                            value: ConstValue::None,
                            kind: None,
                        },
                    );
                    e.kind = kind;
                    e.loc = loc;
                    return;
                }
            }
        }
        let folded = match &mut e.kind {
            ExprKind::UnaryOp { op, operand } => fold_unaryop(*op, operand),
            ExprKind::BinOp { left, op, right } => match fold_binop(left, *op, right) {
                Folded::Value(v) => Some(v),
                Folded::Node(kind) => {
                    e.kind = kind;
                    None
                }
                Folded::No => None,
            },
            ExprKind::Tuple {
                elts,
                ctx: ExprContext::Load,
            } => const_tuple(elts).map(ConstValue::Tuple),
            ExprKind::Subscript {
                value,
                slice,
                ctx: ExprContext::Load,
            } => fold_subscr(value, slice),
            ExprKind::Compare {
                ops, comparators, ..
            } => {
                if matches!(ops.last(), Some(CmpOp::In | CmpOp::NotIn)) {
                    fold_iter(comparators.last_mut().unwrap());
                }
                None
            }
            ExprKind::Name {
                id,
                ctx: ExprContext::Load,
            } if id == "__debug__" => Some(ConstValue::Bool(self.optimize == 0)),
            _ => None,
        };
        if let Some(value) = folded {
            e.kind = ExprKind::Constant { value, kind: None };
        }
    }
}

fn is_docstring(stmts: &[Stmt]) -> bool {
    matches!(
        stmts.first().map(|s| &s.kind),
        Some(StmtKind::Expr { value }) if matches!(value.kind, ExprKind::Constant { value: ConstValue::Str(_), .. })
    )
}

fn constant(e: &Expr) -> Option<&ConstValue> {
    match &e.kind {
        ExprKind::Constant { value, .. } => Some(value),
        _ => None,
    }
}

fn const_tuple(elts: &[Expr]) -> Option<Vec<ConstValue>> {
    elts.iter().map(|x| constant(x).cloned()).collect()
}

/// A literal list or set that is only iterated: a tuple or frozenset.
fn fold_iter(e: &mut Expr) {
    match &mut e.kind {
        ExprKind::List { elts, ctx } => {
            if elts
                .iter()
                .any(|x| matches!(x.kind, ExprKind::Starred { .. }))
            {
                return;
            }
            let folded = const_tuple(elts);
            let elts = std::mem::take(elts);
            let ctx = *ctx;
            e.kind = match folded {
                Some(items) => ExprKind::Constant {
                    value: ConstValue::Tuple(items),
                    kind: None,
                },
                None => ExprKind::Tuple { elts, ctx },
            };
        }
        ExprKind::Set { elts } => {
            if let Some(items) = const_tuple(elts) {
                e.kind = ExprKind::Constant {
                    value: ConstValue::FrozenSet(items),
                    kind: None,
                };
            }
        }
        _ => {}
    }
}

// ----- arithmetic on constants ------------------------------------------------

#[derive(Clone, Debug)]
enum Num {
    Int(BigInt),
    Float(f64),
    Complex(f64, f64),
}

fn num(v: &ConstValue) -> Option<Num> {
    match v {
        ConstValue::Bool(b) => Some(Num::Int(BigInt::from(*b as u8))),
        ConstValue::Int(i) => Some(Num::Int(i.clone())),
        ConstValue::Float(f) => Some(Num::Float(*f)),
        ConstValue::Complex { real, imag } => Some(Num::Complex(*real, *imag)),
        _ => None,
    }
}

fn from_num(n: Num) -> ConstValue {
    match n {
        Num::Int(i) => ConstValue::Int(i),
        Num::Float(f) => ConstValue::Float(f),
        Num::Complex(real, imag) => ConstValue::Complex { real, imag },
    }
}

/// int → float as Python converts it (an int too large is an error).
fn int_to_float(i: &BigInt) -> Option<f64> {
    i.to_f64().filter(|f| f.is_finite())
}

fn to_float(n: &Num) -> Option<f64> {
    match n {
        Num::Int(i) => int_to_float(i),
        Num::Float(f) => Some(*f),
        Num::Complex(..) => None,
    }
}

fn to_complex(n: &Num) -> Option<(f64, f64)> {
    match n {
        Num::Complex(r, i) => Some((*r, *i)),
        other => to_float(other).map(|f| (f, 0.0)),
    }
}

fn bits(i: &BigInt) -> u64 {
    i.bits()
}

/// Python's float `%`.
fn float_mod(a: f64, b: f64) -> Option<f64> {
    if b == 0.0 {
        return None;
    }
    let mut m = a % b;
    if m != 0.0 {
        if (b < 0.0) != (m < 0.0) {
            m += b;
        }
    } else {
        m = 0.0f64.copysign(b);
    }
    Some(m)
}

/// Python's float `//`.
fn float_floordiv(a: f64, b: f64) -> Option<f64> {
    if b == 0.0 {
        return None;
    }
    let m = a % b;
    let mut div = (a - m) / b;
    if m != 0.0 && (b < 0.0) != (m < 0.0) {
        div -= 1.0;
    }
    Some(if div != 0.0 {
        let mut f = div.floor();
        if div - f > 0.5 {
            f += 1.0;
        }
        f
    } else {
        0.0f64.copysign(a / b)
    })
}

fn float_pow(a: f64, b: f64) -> Option<f64> {
    if a == 0.0 && b < 0.0 {
        return None; // ZeroDivisionError
    }
    if a < 0.0 && b.fract() != 0.0 && b.is_finite() {
        return None; // a complex result: left to run time
    }
    let r = a.powf(b);
    if !r.is_finite() && a.is_finite() && b.is_finite() {
        return None; // OverflowError
    }
    Some(r)
}

fn arith(a: Num, op: Operator, b: Num) -> Option<Num> {
    use Num::*;
    match (a, b) {
        (Int(x), Int(y)) => int_arith(x, op, y),
        (a @ Complex(..), b) | (a, b @ Complex(..)) => {
            let (ar, ai) = to_complex(&a)?;
            let (br, bi) = to_complex(&b)?;
            match op {
                Operator::Add => Some(Complex(ar + br, ai + bi)),
                Operator::Sub => Some(Complex(ar - br, ai - bi)),
                Operator::Mult => Some(Complex(ar * br - ai * bi, ar * bi + ai * br)),
                _ => None,
            }
        }
        (a, b) => {
            let (x, y) = (to_float(&a)?, to_float(&b)?);
            match op {
                Operator::Add => Some(Float(x + y)),
                Operator::Sub => Some(Float(x - y)),
                Operator::Mult => Some(Float(x * y)),
                Operator::Div => (y != 0.0).then(|| Float(x / y)),
                Operator::FloorDiv => float_floordiv(x, y).map(Float),
                Operator::Mod => float_mod(x, y).map(Float),
                Operator::Pow => float_pow(x, y).map(Float),
                _ => None,
            }
        }
    }
}

fn int_arith(x: BigInt, op: Operator, y: BigInt) -> Option<Num> {
    use Num::*;
    Some(match op {
        Operator::Add => Int(x + y),
        Operator::Sub => Int(x - y),
        Operator::Mult => {
            if !x.is_zero() && !y.is_zero() && bits(&x) + bits(&y) > MAX_INT_SIZE {
                return None;
            }
            Int(x * y)
        }
        Operator::Div => {
            // Exact for ints a double holds exactly; larger ones need
            // CPython's correctly rounded division: left to run time.
            let limit = BigInt::from(1u64 << 53);
            if y.is_zero() || x.abs() > limit || y.abs() > limit {
                return None;
            }
            Float(x.to_f64()? / y.to_f64()?)
        }
        Operator::FloorDiv => {
            if y.is_zero() {
                return None;
            }
            Int(x.div_floor(&y))
        }
        Operator::Mod => {
            if y.is_zero() {
                return None;
            }
            Int(x.mod_floor(&y))
        }
        Operator::Pow => {
            if y.sign() == Sign::Minus {
                return float_pow(int_to_float(&x)?, int_to_float(&y)?).map(Float);
            }
            if !x.is_zero() && !y.is_zero() {
                let e = y.to_u64()?;
                if bits(&x) > MAX_INT_SIZE / e {
                    return None;
                }
            }
            Int(num_traits::pow::pow(x, y.to_usize()?))
        }
        Operator::LShift => {
            if y.sign() == Sign::Minus {
                return None;
            }
            if !x.is_zero() && !y.is_zero() {
                let w = y.to_u64()?;
                if w > MAX_INT_SIZE || bits(&x) > MAX_INT_SIZE - w {
                    return None;
                }
            }
            Int(x << y.to_usize()?)
        }
        Operator::RShift => {
            if y.sign() == Sign::Minus {
                return None;
            }
            match y.to_usize() {
                Some(s) => Int(x >> s),
                None => Int(if x.sign() == Sign::Minus {
                    BigInt::from(-1)
                } else {
                    BigInt::zero()
                }),
            }
        }
        Operator::BitAnd => Int(x & y),
        Operator::BitOr => Int(x | y),
        Operator::BitXor => Int(x ^ y),
        Operator::MatMult => return None,
    })
}

/// `n * seq` within CPython's size limits.
fn repeat<T: Clone>(items: &[T], n: &BigInt, max_len: usize) -> Option<Vec<T>> {
    if items.is_empty() {
        return Some(Vec::new());
    }
    let n = n.to_i64()?;
    if n < 0 || n as usize > max_len / items.len() {
        return None;
    }
    Some(
        (0..n as usize)
            .flat_map(|_| items.iter().cloned())
            .collect(),
    )
}

enum Folded {
    Value(ConstValue),
    /// The node becomes another node (`'%s' % (x,)` → an f-string).
    Node(ExprKind),
    No,
}

fn fold_binop(left: &mut Expr, op: Operator, right: &mut Expr) -> Folded {
    let Some(lv) = constant(left) else {
        return Folded::No;
    };
    if op == Operator::Mod {
        if let (ConstValue::Str(fmt), ExprKind::Tuple { elts, .. }) = (lv, &mut right.kind) {
            if !elts
                .iter()
                .any(|x| matches!(x.kind, ExprKind::Starred { .. }))
            {
                if let Some(fmt) = fmt.as_str() {
                    let fmt = fmt.to_string();
                    return match optimize_format(&fmt, elts) {
                        Some(kind) => Folded::Node(kind),
                        None => Folded::No,
                    };
                }
            }
        }
    }
    let Some(rv) = constant(right) else {
        return Folded::No;
    };
    let result = match (lv, rv) {
        (ConstValue::Str(a), ConstValue::Str(b)) if op == Operator::Add => {
            let mut s = a.clone();
            s.push_wtf8(b);
            Some(ConstValue::Str(s))
        }
        (ConstValue::Bytes(a), ConstValue::Bytes(b)) if op == Operator::Add => {
            Some(ConstValue::Bytes([a.clone(), b.clone()].concat()))
        }
        (ConstValue::Tuple(a), ConstValue::Tuple(b)) if op == Operator::Add => {
            Some(ConstValue::Tuple([a.clone(), b.clone()].concat()))
        }
        (ConstValue::Str(s), ConstValue::Int(n)) | (ConstValue::Int(n), ConstValue::Str(s))
            if op == Operator::Mult =>
        {
            let cps: Vec<u32> = s.code_points().collect();
            repeat(&cps, n, MAX_STR_SIZE).map(|v| {
                let mut w = crate::wtf8::Wtf8Buf::new();
                v.into_iter().for_each(|cp| w.push_code_point(cp));
                ConstValue::Str(w)
            })
        }
        (ConstValue::Bytes(b), ConstValue::Int(n)) | (ConstValue::Int(n), ConstValue::Bytes(b))
            if op == Operator::Mult =>
        {
            repeat(b, n, MAX_STR_SIZE).map(ConstValue::Bytes)
        }
        (ConstValue::Tuple(t), ConstValue::Int(n)) | (ConstValue::Int(n), ConstValue::Tuple(t))
            if op == Operator::Mult =>
        {
            let n64 = n.to_i64().unwrap_or(i64::MAX);
            if n64 > 0 && complexity(t) > MAX_TOTAL_ITEMS / n64 as usize {
                None
            } else {
                repeat(t, n, MAX_COLLECTION_SIZE).map(ConstValue::Tuple)
            }
        }
        (ConstValue::Str(_) | ConstValue::Bytes(_), _) if op == Operator::Mod => None,
        (ConstValue::Bool(a), ConstValue::Bool(b))
            if matches!(op, Operator::BitAnd | Operator::BitOr | Operator::BitXor) =>
        {
            Some(ConstValue::Bool(match op {
                Operator::BitAnd => *a & *b,
                Operator::BitOr => *a | *b,
                _ => *a ^ *b,
            }))
        }
        (a, b) => match (num(a), num(b)) {
            (Some(x), Some(y)) => arith(x, op, y).map(from_num),
            _ => None,
        },
    };
    match result {
        Some(v) => Folded::Value(v),
        None => Folded::No,
    }
}

/// Items in a (nested) tuple, for the total-size limit.
fn complexity(t: &[ConstValue]) -> usize {
    t.iter()
        .map(|v| {
            if let ConstValue::Tuple(inner) = v {
                1 + complexity(inner)
            } else {
                1
            }
        })
        .sum()
}

fn truthy(v: &ConstValue) -> bool {
    match v {
        ConstValue::None => false,
        ConstValue::Bool(b) => *b,
        ConstValue::Ellipsis => true,
        ConstValue::Int(i) => !i.is_zero(),
        ConstValue::Float(f) => *f != 0.0,
        ConstValue::Complex { real, imag } => *real != 0.0 || *imag != 0.0,
        ConstValue::Str(s) => !s.is_empty(),
        ConstValue::Bytes(b) => !b.is_empty(),
        ConstValue::Tuple(t) | ConstValue::FrozenSet(t) => !t.is_empty(),
    }
}

fn fold_unaryop(op: UnaryOp, operand: &Expr) -> Option<ConstValue> {
    let v = constant(operand)?;
    match (op, v) {
        (UnaryOp::Not, v) => Some(ConstValue::Bool(!truthy(v))),
        (UnaryOp::Invert, ConstValue::Bool(b)) => {
            Some(ConstValue::Int(-BigInt::from(*b as u8) - 1))
        }
        (UnaryOp::Invert, ConstValue::Int(i)) => Some(ConstValue::Int(-i - 1)),
        (UnaryOp::USub, v) => match num(v)? {
            Num::Int(i) => Some(ConstValue::Int(-i)),
            Num::Float(f) => Some(ConstValue::Float(-f)),
            Num::Complex(r, i) => Some(ConstValue::Complex { real: -r, imag: -i }),
        },
        (UnaryOp::UAdd, v) => num(v).map(from_num),
        _ => None,
    }
}

fn fold_subscr(value: &Expr, slice: &Expr) -> Option<ConstValue> {
    let (v, s) = (constant(value)?, constant(slice)?);
    let index = |len: usize| -> Option<usize> {
        let i = match s {
            ConstValue::Int(i) => i.to_i64()?,
            ConstValue::Bool(b) => *b as i64,
            _ => return None,
        };
        let i = if i < 0 { i + len as i64 } else { i };
        (0..len as i64).contains(&i).then_some(i as usize)
    };
    match v {
        ConstValue::Str(st) => {
            let cps: Vec<u32> = st.code_points().collect();
            let cp = cps[index(cps.len())?];
            let mut w = crate::wtf8::Wtf8Buf::new();
            w.push_code_point(cp);
            Some(ConstValue::Str(w))
        }
        ConstValue::Bytes(b) => Some(ConstValue::Int(BigInt::from(b[index(b.len())?]))),
        ConstValue::Tuple(t) => Some(t[index(t.len())?].clone()),
        _ => None,
    }
}

/// `'...%s...%r...' % (a, b)` with simple specs → an f-string.
fn optimize_format(fmt: &str, elts: &mut Vec<Expr>) -> Option<ExprKind> {
    let chars: Vec<char> = fmt.chars().collect();
    let mut pos = 0;
    let mut values = Vec::new();
    let mut items = std::mem::take(elts).into_iter();
    let mut consumed = Vec::new();
    let restore = |elts: &mut Vec<Expr>, consumed: Vec<Expr>, rest: std::vec::IntoIter<Expr>| {
        elts.extend(consumed);
        elts.extend(rest);
    };
    let artificial = Loc::default();
    loop {
        // A literal run, with %% as %.
        let start = pos;
        let mut lit = String::new();
        while pos < chars.len() {
            if chars[pos] != '%' {
                lit.push(chars[pos]);
                pos += 1;
            } else if pos + 1 < chars.len() && chars[pos + 1] == '%' {
                lit.push('%');
                pos += 2;
            } else {
                break;
            }
        }
        if pos > start {
            values.push(Expr::new(
                ExprKind::Constant {
                    value: ConstValue::Str(crate::wtf8::Wtf8Buf::from_str(&lit)),
                    kind: None,
                },
                artificial,
            ));
        }
        if pos >= chars.len() {
            break;
        }
        let Some(arg) = items.next() else {
            restore(elts, consumed, items);
            return None; // more format units than items
        };
        pos += 1; // '%'
        match parse_format_unit(&chars, &mut pos) {
            Some((conv, spec)) => {
                let loc = arg.loc;
                consumed.push(arg.clone());
                let format_spec = spec.map(|s| {
                    Box::new(Expr::new(
                        ExprKind::Constant {
                            value: ConstValue::Str(crate::wtf8::Wtf8Buf::from_str(&s)),
                            kind: None,
                        },
                        artificial,
                    ))
                });
                values.push(Expr::new(
                    ExprKind::FormattedValue {
                        value: Box::new(arg),
                        conversion: conv as i32,
                        format_spec,
                    },
                    loc,
                ));
            }
            None => {
                consumed.push(arg);
                restore(elts, consumed, items);
                return None;
            }
        }
    }
    if items.len() > 0 {
        restore(elts, consumed, items);
        return None; // more items than format units
    }
    Some(ExprKind::JoinedStr { values })
}

/// One `%[flags][width][.prec]spec` with spec in s/r/a: the conversion and
/// the format spec it becomes.
fn parse_format_unit(chars: &[char], pos: &mut usize) -> Option<(char, Option<String>)> {
    const MAXDIGITS: usize = 3;
    let mut next = || {
        let c = chars.get(*pos).copied();
        *pos += 1;
        c
    };
    let mut ljust = false;
    let mut ch = next()?;
    loop {
        match ch {
            '-' => ljust = true,
            '+' | ' ' | '#' | '0' => {}
            _ => break,
        }
        ch = next()?;
    }
    let mut width: Option<u32> = None;
    if ch.is_ascii_digit() {
        let mut w = 0;
        let mut digits = 0;
        while ch.is_ascii_digit() {
            w = w * 10 + ch.to_digit(10).unwrap();
            ch = next()?;
            digits += 1;
            if digits >= MAXDIGITS {
                return None;
            }
        }
        width = Some(w);
    }
    let mut prec: Option<u32> = None;
    if ch == '.' {
        ch = next()?;
        let mut p = 0;
        let mut digits = 0;
        while ch.is_ascii_digit() {
            p = p * 10 + ch.to_digit(10).unwrap();
            ch = next()?;
            digits += 1;
            if digits >= MAXDIGITS {
                return None;
            }
        }
        prec = Some(p);
    }
    if !matches!(ch, 's' | 'r' | 'a') {
        return None;
    }
    let mut spec = String::new();
    if !ljust && width.is_some_and(|w| w > 0) {
        spec.push('>');
    }
    if let Some(w) = width {
        spec.push_str(&w.to_string());
    }
    if let Some(p) = prec {
        spec.push('.');
        spec.push_str(&p.to_string());
    }
    Some((ch, (!spec.is_empty()).then_some(spec)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fold(src: &str) -> String {
        let mut m = crate::parser::parse_expression_source(src).unwrap();
        Optimizer {
            optimize: 0,
            future_annotations: false,
        }
        .module(&mut m);
        match m {
            Mod::Expression { body } => {
                let mut s = String::new();
                body.dump(&mut s);
                s
            }
            _ => unreachable!(),
        }
    }

    fn folded_value(src: &str) -> String {
        let d = fold(src);
        let start = d.find("value=").map(|i| i + 6).expect(&d);
        let end = d[start..].find(", lineno=").map_or(d.len(), |e| start + e);
        d[start..end].to_string()
    }

    #[test]
    fn folds_like_cpython() {
        for (src, want) in [
            ("1+2j", "(1+2j)"),
            ("-1j", "(-0-1j)"),
            ("-0.0", "-0.0"),
            ("1<<100", "1267650600228229401496703205376"),
            ("'ab'*3", "'ababab'"),
            ("(1,2)*3", "(1, 2, 1, 2, 1, 2)"),
            ("1/3", "0.3333333333333333"),
            ("7//-2", "-4"),
            ("-7%3", "2"),
            ("7.5%-2", "-0.5"),
            ("2**-1", "0.5"),
            ("not 1", "False"),
            ("~5", "-6"),
            ("'abc'[1]", "'b'"),
            ("1.5*2", "3.0"),
            ("3-1.5j", "(3-1.5j)"),
            ("True+1", "2"),
            ("10**20", "100000000000000000000"),
            ("1e308*10", "inf"),
            ("0.1+0.2", "0.30000000000000004"),
            ("__debug__", "True"),
        ] {
            assert_eq!(folded_value(src), want, "{}", src);
        }
    }

    #[test]
    fn leaves_what_cpython_leaves() {
        for src in [
            "2**100",
            "1<<200",
            "1/0",
            "'a' + 1",
            "x + 1",
            "(-8)**0.5",
            "'%d' % (a,)",
        ] {
            assert!(fold(src).starts_with("BinOp("), "{} → {}", src, fold(src));
        }
        assert!(fold("'%s-%r' % (a, b)").starts_with("JoinedStr("));
        assert!(fold("x in [1, 2]").contains("Constant(value=(1, 2)"));
    }
}
