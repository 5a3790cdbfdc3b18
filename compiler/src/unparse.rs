//! Expressions back to source text, as CPython's `Python/ast_unparse.c`
//! writes them: under `from __future__ import annotations`, annotations
//! are stored as these strings instead of being evaluated.

use crate::ast::*;
use crate::repr;

// Precedence levels, loosest first (ast_unparse.c's PR_*).
const PR_TUPLE: u8 = 0;
const PR_TEST: u8 = 1;
const PR_OR: u8 = 2;
const PR_AND: u8 = 3;
const PR_NOT: u8 = 4;
const PR_CMP: u8 = 5;
const PR_BOR: u8 = 6;
const PR_BXOR: u8 = 7;
const PR_BAND: u8 = 8;
const PR_SHIFT: u8 = 9;
const PR_ARITH: u8 = 10;
const PR_TERM: u8 = 11;
const PR_FACTOR: u8 = 12;
const PR_POWER: u8 = 13;
const PR_AWAIT: u8 = 14;
const PR_ATOM: u8 = 15;

/// The string CPython stores for an annotation.
pub fn unparse_annotation(e: &Expr) -> String {
    let mut out = String::new();
    expr(&mut out, e, PR_TEST);
    out
}

fn binop_info(op: Operator) -> (&'static str, u8) {
    match op {
        Operator::Add => (" + ", PR_ARITH),
        Operator::Sub => (" - ", PR_ARITH),
        Operator::Mult => (" * ", PR_TERM),
        Operator::MatMult => (" @ ", PR_TERM),
        Operator::Div => (" / ", PR_TERM),
        Operator::Mod => (" % ", PR_TERM),
        Operator::FloorDiv => (" // ", PR_TERM),
        Operator::LShift => (" << ", PR_SHIFT),
        Operator::RShift => (" >> ", PR_SHIFT),
        Operator::BitOr => (" | ", PR_BOR),
        Operator::BitXor => (" ^ ", PR_BXOR),
        Operator::BitAnd => (" & ", PR_BAND),
        Operator::Pow => (" ** ", PR_POWER),
    }
}

fn cmp_text(op: CmpOp) -> &'static str {
    match op {
        CmpOp::Eq => " == ",
        CmpOp::NotEq => " != ",
        CmpOp::Lt => " < ",
        CmpOp::LtE => " <= ",
        CmpOp::Gt => " > ",
        CmpOp::GtE => " >= ",
        CmpOp::Is => " is ",
        CmpOp::IsNot => " is not ",
        CmpOp::In => " in ",
        CmpOp::NotIn => " not in ",
    }
}

fn seq(out: &mut String, items: &[Expr]) {
    for (i, x) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        expr(out, x, PR_TEST);
    }
}

fn constant(out: &mut String, v: &ConstValue) {
    match v {
        ConstValue::Ellipsis => out.push_str("..."),
        ConstValue::Float(f) if f.is_infinite() => {
            out.push_str(if *f > 0.0 { "1e309" } else { "-1e309" })
        }
        ConstValue::Complex { real, imag } if imag.is_infinite() && *real == 0.0 => {
            out.push_str("1e309j")
        }
        other => {
            let mut s = String::new();
            other.dump(&mut s);
            out.push_str(&s);
        }
    }
}

fn comprehensions(out: &mut String, gens: &[Comprehension]) {
    for g in gens {
        out.push_str(if g.is_async != 0 {
            " async for "
        } else {
            " for "
        });
        expr(out, &g.target, PR_TUPLE);
        out.push_str(" in ");
        expr(out, &g.iter, PR_TEST + 1);
        for cond in &g.ifs {
            out.push_str(" if ");
            expr(out, cond, PR_TEST + 1);
        }
    }
}

fn arguments(out: &mut String, a: &Arguments) {
    let mut first = true;
    let mut sep = |out: &mut String| {
        if !first {
            out.push_str(", ");
        }
        first = false;
    };
    let positional: Vec<&Arg> = a.posonlyargs.iter().chain(&a.args).collect();
    let ndefaults = a.defaults.len();
    let offset = positional.len().saturating_sub(ndefaults);
    for (i, p) in positional.iter().enumerate() {
        sep(out);
        out.push_str(&p.arg);
        if i >= offset {
            out.push('=');
            expr(out, &a.defaults[i - offset], PR_TEST);
        }
        if i + 1 == a.posonlyargs.len() {
            out.push_str(", /");
        }
    }
    if a.vararg.is_some() || !a.kwonlyargs.is_empty() {
        sep(out);
        out.push('*');
        if let Some(v) = &a.vararg {
            out.push_str(&v.arg);
        }
    }
    for (p, d) in a.kwonlyargs.iter().zip(&a.kw_defaults) {
        sep(out);
        out.push_str(&p.arg);
        if let Some(d) = d {
            out.push('=');
            expr(out, d, PR_TEST);
        }
    }
    if let Some(k) = &a.kwarg {
        sep(out);
        out.push_str("**");
        out.push_str(&k.arg);
    }
}

/// The body of an f-string: literal text with braces doubled, fields.
fn fstring_body(out: &mut String, values: &[Expr]) {
    for v in values {
        match &v.kind {
            ExprKind::Constant {
                value: ConstValue::Str(s),
                ..
            } => {
                for cp in s.code_points() {
                    match char::from_u32(cp) {
                        Some('{') => out.push_str("{{"),
                        Some('}') => out.push_str("}}"),
                        Some(c) => out.push(c),
                        None => {}
                    }
                }
            }
            ExprKind::FormattedValue {
                value,
                conversion,
                format_spec,
            } => {
                let mut inner = String::new();
                expr(&mut inner, value, PR_TEST + 1);
                out.push('{');
                if inner.starts_with('{') {
                    out.push(' ');
                }
                out.push_str(&inner);
                if *conversion > 0 {
                    out.push('!');
                    out.push(char::from_u32(*conversion as u32).unwrap_or('r'));
                }
                if let Some(spec) = format_spec {
                    out.push(':');
                    if let ExprKind::JoinedStr { values } = &spec.kind {
                        fstring_body(out, values);
                    }
                }
                out.push('}');
            }
            _ => {}
        }
    }
}

fn expr(out: &mut String, e: &Expr, level: u8) {
    let paren = |out: &mut String, needed: bool, f: &dyn Fn(&mut String)| {
        if needed {
            out.push('(');
        }
        f(out);
        if needed {
            out.push(')');
        }
    };
    match &e.kind {
        ExprKind::Name { id, .. } => out.push_str(id),
        ExprKind::Constant { value, .. } => constant(out, value),
        ExprKind::Attribute { value, attr, .. } => {
            expr(out, value, PR_ATOM);
            if let ExprKind::Constant {
                value: ConstValue::Int(_),
                ..
            } = value.kind
            {
                out.push(' ');
            }
            out.push('.');
            out.push_str(attr);
        }
        ExprKind::Subscript { value, slice, .. } => {
            expr(out, value, PR_ATOM);
            out.push('[');
            match &slice.kind {
                ExprKind::Tuple { elts, .. } if !elts.is_empty() => {
                    for (i, x) in elts.iter().enumerate() {
                        if i > 0 {
                            out.push_str(", ");
                        }
                        expr(out, x, PR_TEST);
                    }
                    if elts.len() == 1 {
                        out.push(',');
                    }
                }
                _ => expr(out, slice, PR_TUPLE),
            }
            out.push(']');
        }
        ExprKind::Slice { lower, upper, step } => {
            if let Some(l) = lower {
                expr(out, l, PR_TEST);
            }
            out.push(':');
            if let Some(u) = upper {
                expr(out, u, PR_TEST);
            }
            if let Some(s) = step {
                out.push(':');
                expr(out, s, PR_TEST);
            }
        }
        ExprKind::Starred { value, .. } => {
            out.push('*');
            expr(out, value, PR_BOR);
        }
        ExprKind::Tuple { elts, .. } => {
            if elts.is_empty() {
                out.push_str("()");
                return;
            }
            paren(out, level > PR_TUPLE, &|o| {
                seq(o, elts);
                if elts.len() == 1 {
                    o.push(',');
                }
            });
        }
        ExprKind::List { elts, .. } => {
            out.push('[');
            seq(out, elts);
            out.push(']');
        }
        ExprKind::Set { elts } => {
            out.push('{');
            seq(out, elts);
            out.push('}');
        }
        ExprKind::Dict { keys, values } => {
            out.push('{');
            for (i, (k, v)) in keys.iter().zip(values).enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                match k {
                    Some(k) => {
                        expr(out, k, PR_TEST);
                        out.push_str(": ");
                        expr(out, v, PR_TEST);
                    }
                    None => {
                        out.push_str("**");
                        expr(out, v, PR_BOR);
                    }
                }
            }
            out.push('}');
        }
        ExprKind::BinOp { left, op, right } => {
            let (text, pr) = binop_info(*op);
            let rassoc = *op == Operator::Pow;
            paren(out, level > pr, &|o| {
                expr(o, left, if rassoc { pr + 1 } else { pr });
                o.push_str(text);
                expr(o, right, if rassoc { pr } else { pr + 1 });
            });
        }
        ExprKind::UnaryOp { op, operand } => {
            let (text, pr) = match op {
                UnaryOp::Not => ("not ", PR_NOT),
                UnaryOp::Invert => ("~", PR_FACTOR),
                UnaryOp::UAdd => ("+", PR_FACTOR),
                UnaryOp::USub => ("-", PR_FACTOR),
            };
            paren(out, level > pr, &|o| {
                o.push_str(text);
                expr(o, operand, pr);
            });
        }
        ExprKind::BoolOp { op, values } => {
            let (text, pr) = if *op == BoolOp::And {
                (" and ", PR_AND)
            } else {
                (" or ", PR_OR)
            };
            paren(out, level > pr, &|o| {
                for (i, v) in values.iter().enumerate() {
                    if i > 0 {
                        o.push_str(text);
                    }
                    expr(o, v, pr + 1);
                }
            });
        }
        ExprKind::Compare {
            left,
            ops,
            comparators,
        } => {
            paren(out, level > PR_CMP, &|o| {
                expr(o, left, PR_CMP + 1);
                for (op, c) in ops.iter().zip(comparators) {
                    o.push_str(cmp_text(*op));
                    expr(o, c, PR_CMP + 1);
                }
            });
        }
        ExprKind::IfExp { test, body, orelse } => {
            paren(out, level > PR_TEST, &|o| {
                expr(o, body, PR_TEST + 1);
                o.push_str(" if ");
                expr(o, test, PR_TEST + 1);
                o.push_str(" else ");
                expr(o, orelse, PR_TEST);
            });
        }
        ExprKind::Lambda { args, body } => {
            paren(out, level > PR_TEST, &|o| {
                let mut a = String::new();
                arguments(&mut a, args);
                if a.is_empty() {
                    o.push_str("lambda: ");
                } else {
                    o.push_str("lambda ");
                    o.push_str(&a);
                    o.push_str(": ");
                }
                expr(o, body, PR_TEST);
            });
        }
        ExprKind::Call {
            func,
            args,
            keywords,
        } => {
            expr(out, func, PR_ATOM);
            out.push('(');
            let mut first = true;
            for a in args {
                if !first {
                    out.push_str(", ");
                }
                first = false;
                if let (1, ExprKind::GeneratorExp { elt, generators }) =
                    (args.len() + keywords.len(), &a.kind)
                {
                    expr(out, elt, PR_TEST);
                    comprehensions(out, generators);
                } else {
                    expr(out, a, PR_TEST);
                }
            }
            for k in keywords {
                if !first {
                    out.push_str(", ");
                }
                first = false;
                match &k.arg {
                    Some(n) => {
                        out.push_str(n);
                        out.push('=');
                    }
                    None => out.push_str("**"),
                }
                expr(out, &k.value, PR_TEST);
            }
            out.push(')');
        }
        ExprKind::ListComp { elt, generators } => {
            out.push('[');
            expr(out, elt, PR_TEST);
            comprehensions(out, generators);
            out.push(']');
        }
        ExprKind::SetComp { elt, generators } => {
            out.push('{');
            expr(out, elt, PR_TEST);
            comprehensions(out, generators);
            out.push('}');
        }
        ExprKind::GeneratorExp { elt, generators } => {
            out.push('(');
            expr(out, elt, PR_TEST);
            comprehensions(out, generators);
            out.push(')');
        }
        ExprKind::DictComp {
            key,
            value,
            generators,
        } => {
            out.push('{');
            expr(out, key, PR_TEST);
            out.push_str(": ");
            expr(out, value, PR_TEST);
            comprehensions(out, generators);
            out.push('}');
        }
        ExprKind::Await { value } => paren(out, level > PR_AWAIT, &|o| {
            o.push_str("await ");
            expr(o, value, PR_ATOM);
        }),
        ExprKind::Yield { value } => {
            out.push_str("(yield");
            if let Some(v) = value {
                out.push(' ');
                expr(out, v, PR_TEST);
            }
            out.push(')');
        }
        ExprKind::YieldFrom { value } => {
            out.push_str("(yield from ");
            expr(out, value, PR_TEST);
            out.push(')');
        }
        ExprKind::NamedExpr { target, value } => paren(out, level > PR_TUPLE, &|o| {
            expr(o, target, PR_ATOM);
            o.push_str(" := ");
            expr(o, value, PR_ATOM);
        }),
        ExprKind::JoinedStr { values } => {
            let mut body = String::new();
            fstring_body(&mut body, values);
            out.push('f');
            out.push_str(&repr::str_repr(&crate::wtf8::Wtf8Buf::from_str(&body)));
        }
        ExprKind::FormattedValue { .. } => {
            let mut body = String::new();
            fstring_body(&mut body, std::slice::from_ref(e));
            out.push('f');
            out.push_str(&repr::str_repr(&crate::wtf8::Wtf8Buf::from_str(&body)));
        }
    }
}

#[cfg(test)]
mod tests {
    fn un(src: &str) -> String {
        let m = crate::parser::parse_expression_source(src).unwrap();
        match m {
            crate::ast::Mod::Expression { body } => super::unparse_annotation(&body),
            _ => unreachable!(),
        }
    }

    #[test]
    fn annotations_read_like_cpython() {
        assert_eq!(un("int"), "int");
        assert_eq!(un("List[int]"), "List[int]");
        assert_eq!(un("Dict[str, int]"), "Dict[str, int]");
        assert_eq!(un("int | None"), "int | None");
        assert_eq!(un("'forward'"), "'forward'");
        assert_eq!(un("Callable[..., T]"), "Callable[..., T]");
        assert_eq!(un("a.b.c"), "a.b.c");
        assert_eq!(un("(a, b)"), "(a, b)");
        assert_eq!(un("f(x, *y, k=1, **z)"), "f(x, *y, k=1, **z)");
        assert_eq!(un("-x ** 2"), "-x ** 2");
        assert_eq!(un("(a + b) * c"), "(a + b) * c");
    }
}
