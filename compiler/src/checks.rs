//! The SyntaxErrors CPython raises after parsing, while compiling, in
//! CPython's order: `Python/future.c`'s checks of `__future__` imports,
//! then the symbol table's (`symtable::build`: duplicate parameters,
//! `global`/`nonlocal` misuse, misplaced `import *`, ...), then those
//! `Python/compile.c` makes as it generates code, in source order
//! ("'return' outside function", "'break' outside loop", ...).
//!
//! `ast.parse` makes none of them; running a program makes all. When code
//! generation lands, the compile.c checks move into it.

use crate::ast::*;
use crate::error::{PResult, SyntaxError};

fn err(loc: Loc, msg: impl Into<String>) -> SyntaxError {
    SyntaxError::new(
        msg,
        loc.lineno,
        loc.col_offset,
        loc.end_lineno,
        loc.end_col_offset,
    )
}

/// Features `from __future__ import ...` may name in 3.11.
const FUTURE_FEATURES: &[&str] = &[
    "nested_scopes",
    "generators",
    "division",
    "absolute_import",
    "with_statement",
    "print_function",
    "unicode_literals",
    "barry_as_FLUFL",
    "generator_stop",
    "annotations",
];

/// Run every check on a parsed module.
pub fn check_module(m: &Mod) -> PResult<()> {
    let body = match m {
        Mod::Module { body, .. } | Mod::Interactive { body } => body,
        _ => return Ok(()),
    };
    let ff_lineno = future_parse(m)?;
    crate::symtable::build(m, future_annotations(m))?;
    let ctx = Ctx {
        func: Func::None,
        loops: 0,
        async_gen: false,
        in_comprehension: false,
        ff_lineno,
        in_star: false,
        star_no_loop: false,
    };
    for s in body {
        codegen_stmt(s, &ctx)?;
    }
    Ok(())
}

// ----- future.c --------------------------------------------------------------

/// Is `from __future__ import annotations` in effect? (Call after
/// `check_module` has validated the future imports.)
pub fn future_annotations(m: &Mod) -> bool {
    let body = match m {
        Mod::Module { body, .. } | Mod::Interactive { body } => body,
        _ => return false,
    };
    body.iter().any(|s| match &s.kind {
        StmtKind::ImportFrom {
            module: Some(m),
            names,
            level: Some(0),
        } => m == "__future__" && names.iter().any(|a| a.name == "annotations"),
        _ => false,
    })
}

/// CPython's `future_parse`: validate the features of the leading
/// `from __future__` imports (after an optional docstring). Returns the
/// line of the last of them (0 when there is none): code generation
/// rejects any later `from __future__` import.
pub fn future_parse(m: &Mod) -> PResult<u32> {
    let body = match m {
        Mod::Module { body, .. } | Mod::Interactive { body } => body,
        _ => return Ok(0),
    };
    let (mut done, mut prev_line, mut ff_lineno) = (false, 0, 0);
    for (i, s) in body.iter().enumerate() {
        // Scanning stops at the first line after the leading run.
        if done && s.loc.lineno > prev_line {
            break;
        }
        prev_line = s.loc.lineno;
        match &s.kind {
            StmtKind::ImportFrom {
                module: Some(m),
                names,
                ..
            } if m == "__future__" => {
                if done {
                    return Err(err(
                        no_end(s.loc),
                        "from __future__ imports must occur at the beginning of the file",
                    ));
                }
                for a in names {
                    if a.name == "braces" {
                        return Err(err(no_end(s.loc), "not a chance"));
                    }
                    if !FUTURE_FEATURES.contains(&a.name.as_str()) {
                        return Err(err(
                            no_end(s.loc),
                            format!("future feature {} is not defined", a.name),
                        ));
                    }
                }
                ff_lineno = s.loc.lineno;
            }
            StmtKind::Expr { value }
                if i == 0
                    && matches!(
                        value.kind,
                        ExprKind::Constant {
                            value: ConstValue::Str(_),
                            ..
                        }
                    ) => {}
            _ => done = true,
        }
    }
    Ok(ff_lineno)
}

/// Future-statement errors carry no end position in CPython.
fn no_end(loc: Loc) -> Loc {
    Loc {
        end_col_offset: SyntaxError::NO_COL,
        ..loc
    }
}

fn all_params(a: &Arguments) -> impl Iterator<Item = &Arg> {
    a.posonlyargs
        .iter()
        .chain(&a.args)
        .chain(a.vararg.as_deref())
        .chain(&a.kwonlyargs)
        .chain(a.kwarg.as_deref())
}

// ----- compile.c --------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq)]
enum Func {
    /// Module or class body.
    None,
    Sync,
    Async,
    Lambda,
}

#[derive(Clone, Copy)]
struct Ctx {
    func: Func,
    loops: u32,
    /// An `async def` containing `yield`.
    async_gen: bool,
    /// Inside a comprehension's own scope (where `await` makes it async).
    in_comprehension: bool,
    /// Line of the last leading `from __future__` import (0: none).
    ff_lineno: u32,
    /// Inside an `except*` handler of this function: `return` is an error.
    in_star: bool,
    /// ... and not inside a loop within it: `break`/`continue` are too.
    star_no_loop: bool,
}

impl Ctx {
    fn function(self, func: Func, async_gen: bool) -> Ctx {
        Ctx {
            func,
            loops: 0,
            async_gen,
            in_comprehension: false,
            ff_lineno: self.ff_lineno,
            in_star: false,
            star_no_loop: false,
        }
    }
}

/// Is this comprehension asynchronous (an `async for`, or an `await` in
/// its own scope, or an asynchronous non-generator comprehension inside)?
fn comprehension_is_async(generators: &[Comprehension], parts: &[&Expr]) -> bool {
    fn awaits(n: NodeRef<'_>) -> bool {
        if let NodeRef::Expr(e) = n {
            match &e.kind {
                ExprKind::Await { .. } => return true,
                ExprKind::Lambda { .. } | ExprKind::GeneratorExp { .. } => return false,
                ExprKind::ListComp { generators, elt } | ExprKind::SetComp { generators, elt } => {
                    return awaits(NodeRef::Expr(&generators[0].iter))
                        || comprehension_is_async(generators, &[elt]);
                }
                ExprKind::DictComp {
                    generators,
                    key,
                    value,
                } => {
                    return awaits(NodeRef::Expr(&generators[0].iter))
                        || comprehension_is_async(generators, &[key, value]);
                }
                _ => {}
            }
        }
        let mut found = false;
        n.for_each_child(&mut |c| found = found || awaits(c));
        found
    }
    generators.iter().any(|g| g.is_async != 0)
        || parts.iter().any(|e| awaits(NodeRef::Expr(e)))
        || generators.iter().enumerate().any(|(i, g)| {
            (i > 0 && awaits(NodeRef::Expr(&g.iter)))
                || g.ifs.iter().any(|x| awaits(NodeRef::Expr(x)))
        })
}

/// Does this function body contain `yield` (not counting nested scopes)?
fn contains_yield(body: &[Stmt]) -> bool {
    fn walk(n: NodeRef<'_>) -> bool {
        stacker::maybe_grow(DEEP_RED_ZONE, DEEP_SEGMENT, || walk_inner(n))
    }
    fn walk_inner(n: NodeRef<'_>) -> bool {
        match n {
            NodeRef::Expr(e) => match &e.kind {
                ExprKind::Yield { .. } | ExprKind::YieldFrom { .. } => return true,
                ExprKind::Lambda { .. } => return false,
                _ => {}
            },
            NodeRef::Stmt(s) => {
                if matches!(
                    s.kind,
                    StmtKind::FunctionDef { .. }
                        | StmtKind::AsyncFunctionDef { .. }
                        | StmtKind::ClassDef { .. }
                ) {
                    return false;
                }
            }
            _ => {}
        }
        let mut found = false;
        n.for_each_child(&mut |c| found = found || walk(c));
        found
    }
    body.iter().any(|s| walk(NodeRef::Stmt(s)))
}

fn is_debug(e: &Expr) -> bool {
    matches!(&e.kind, ExprKind::Name { id, .. } if id == "__debug__")
}

/// Checks on an assignment target (a Store-context tree).
fn check_target(t: &Expr, top: bool) -> PResult<()> {
    match &t.kind {
        ExprKind::Name { .. } if is_debug(t) => Err(err(t.loc, "cannot assign to __debug__")),
        ExprKind::Starred { .. } if top => Err(err(
            t.loc,
            "starred assignment target must be in a list or tuple",
        )),
        ExprKind::Starred { value, .. } => check_target(value, false),
        ExprKind::Tuple { elts, .. } | ExprKind::List { elts, .. } => {
            let stars = elts
                .iter()
                .filter(|x| matches!(x.kind, ExprKind::Starred { .. }))
                .count();
            if stars > 1 {
                return Err(err(t.loc, "multiple starred expressions in assignment"));
            }
            elts.iter().try_for_each(|x| check_target(x, false))
        }
        _ => Ok(()),
    }
}

fn codegen_stmts(body: &[Stmt], ctx: &Ctx) -> PResult<()> {
    body.iter().try_for_each(|s| codegen_stmt(s, ctx))
}

/// Expressions that may hold `*x` directly among their children.
fn allows_starred_children(e: &Expr) -> bool {
    matches!(
        e.kind,
        ExprKind::Tuple { .. }
            | ExprKind::List { .. }
            | ExprKind::Set { .. }
            | ExprKind::Call { .. }
    )
}

fn no_starred(e: &Expr) -> PResult<()> {
    if let ExprKind::Starred {
        ctx: ExprContext::Load,
        ..
    } = e.kind
    {
        return Err(err(e.loc, "can't use starred expression here"));
    }
    Ok(())
}

/// `owner` is the location of the `def` or `lambda` (where CPython
/// reports a parameter named `__debug__`).
fn codegen_arguments(a: &Arguments, ctx: &Ctx, owner: Loc) -> PResult<()> {
    if all_params(a).any(|p| p.arg == "__debug__") {
        return Err(err(owner, "cannot assign to __debug__"));
    }
    for d in a.defaults.iter().chain(a.kw_defaults.iter().flatten()) {
        codegen_expr(d, ctx)?;
    }
    for p in all_params(a) {
        if let Some(ann) = &p.annotation {
            codegen_expr(ann, ctx)?;
        }
    }
    Ok(())
}

fn codegen_stmt(s: &Stmt, ctx: &Ctx) -> PResult<()> {
    stacker::maybe_grow(DEEP_RED_ZONE, DEEP_SEGMENT, || codegen_stmt_inner(s, ctx))
}

fn codegen_stmt_inner(s: &Stmt, ctx: &Ctx) -> PResult<()> {
    let in_loop = Ctx {
        loops: ctx.loops + 1,
        star_no_loop: false,
        ..*ctx
    };
    const STAR_MSG: &str = "'break', 'continue' and 'return' cannot appear in an except* block";
    match &s.kind {
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
            for d in decorator_list {
                codegen_expr(d, ctx)?;
            }
            codegen_arguments(args, ctx, s.loc)?;
            if let Some(r) = returns {
                codegen_expr(r, ctx)?;
            }
            let is_async = matches!(s.kind, StmtKind::AsyncFunctionDef { .. });
            let inner = if is_async {
                ctx.function(Func::Async, contains_yield(body))
            } else {
                ctx.function(Func::Sync, false)
            };
            codegen_stmts(body, &inner)
        }
        StmtKind::ClassDef {
            bases,
            keywords,
            body,
            decorator_list,
            ..
        } => {
            for d in decorator_list.iter().chain(bases) {
                codegen_expr(d, ctx)?;
            }
            for k in keywords {
                codegen_expr(&k.value, ctx)?;
            }
            codegen_stmts(body, &ctx.function(Func::None, false))
        }
        StmtKind::Return { value } => {
            if ctx.func == Func::None {
                return Err(err(s.loc, "'return' outside function"));
            }
            if ctx.in_star {
                return Err(err(s.loc, STAR_MSG));
            }
            if ctx.async_gen && value.is_some() {
                return Err(err(s.loc, "'return' with value in async generator"));
            }
            if let Some(v) = value {
                no_starred(v)?;
                codegen_expr(v, ctx)?;
            }
            Ok(())
        }
        StmtKind::Break {} | StmtKind::Continue {} if ctx.star_no_loop => Err(err(s.loc, STAR_MSG)),
        StmtKind::Break {} if ctx.loops == 0 => Err(err(s.loc, "'break' outside loop")),
        StmtKind::Continue {} if ctx.loops == 0 => {
            Err(err(s.loc, "'continue' not properly in loop"))
        }
        StmtKind::For {
            target,
            iter,
            body,
            orelse,
            ..
        }
        | StmtKind::AsyncFor {
            target,
            iter,
            body,
            orelse,
            ..
        } => {
            if matches!(s.kind, StmtKind::AsyncFor { .. }) && ctx.func != Func::Async {
                return Err(err(s.loc, "'async for' outside async function"));
            }
            codegen_expr(iter, ctx)?;
            check_target(target, true)?;
            codegen_expr(target, ctx)?;
            codegen_stmts(body, &in_loop)?;
            codegen_stmts(orelse, ctx)
        }
        StmtKind::While { test, body, orelse } => {
            codegen_expr(test, ctx)?;
            codegen_stmts(body, &in_loop)?;
            codegen_stmts(orelse, ctx)
        }
        StmtKind::AsyncWith { .. } if ctx.func != Func::Async => {
            Err(err(s.loc, "'async with' outside async function"))
        }
        StmtKind::TryStar {
            body,
            handlers,
            orelse,
            finalbody,
        } => {
            codegen_stmts(body, ctx)?;
            let star = Ctx {
                in_star: true,
                star_no_loop: true,
                ..*ctx
            };
            for h in handlers {
                if let Some(t) = &h.r#type {
                    codegen_expr(t, ctx)?;
                }
                codegen_stmts(&h.body, &star)?;
            }
            codegen_stmts(orelse, ctx)?;
            codegen_stmts(finalbody, ctx)
        }
        StmtKind::Try { handlers, .. } => {
            if let Some(h) = handlers
                .iter()
                .take(handlers.len().saturating_sub(1))
                .find(|h| h.r#type.is_none())
            {
                return Err(err(h.loc, "default 'except:' must be last"));
            }
            codegen_children(NodeRef::Stmt(s), ctx)
        }
        StmtKind::Assign { targets, value, .. } => {
            no_starred(value)?;
            codegen_expr(value, ctx)?;
            for t in targets {
                check_target(t, true)?;
                codegen_expr(t, ctx)?;
            }
            Ok(())
        }
        StmtKind::AugAssign { target, value, .. }
        | StmtKind::AnnAssign {
            target,
            value: Some(value),
            ..
        } => {
            no_starred(value)?;
            check_target(target, false)?;
            codegen_children(NodeRef::Stmt(s), ctx)
        }
        StmtKind::AnnAssign { target, .. } => {
            check_target(target, false)?;
            codegen_children(NodeRef::Stmt(s), ctx)
        }
        StmtKind::Delete { targets } => {
            if let Some(t) = targets.iter().find(|t| is_debug(t)) {
                return Err(err(t.loc, "cannot delete __debug__"));
            }
            codegen_children(NodeRef::Stmt(s), ctx)
        }
        StmtKind::Expr { value } => {
            no_starred(value)?;
            codegen_expr(value, ctx)
        }
        StmtKind::ImportFrom {
            module: Some(m), ..
        } if m == "__future__" && s.loc.lineno > ctx.ff_lineno => Err(err(
            s.loc,
            "from __future__ imports must occur at the beginning of the file",
        )),
        StmtKind::Match { subject, cases } => {
            codegen_expr(subject, ctx)?;
            for (i, case) in cases.iter().enumerate() {
                check_pattern(&case.pattern, case.guard.is_some() || i + 1 == cases.len())?;
                codegen_children(NodeRef::MatchCase(case), ctx)?;
            }
            Ok(())
        }
        _ => codegen_children(NodeRef::Stmt(s), ctx),
    }
}

/// A comprehension: the first iterable in the enclosing scope, the rest
/// in the comprehension's own (function-like) scope.
fn codegen_comprehension(
    e: &Expr,
    generators: &[Comprehension],
    parts: &[&Expr],
    is_genexp: bool,
    ctx: &Ctx,
) -> PResult<()> {
    codegen_expr(&generators[0].iter, ctx)?;
    if !is_genexp
        && ctx.func != Func::Async
        && !ctx.in_comprehension
        && comprehension_is_async(generators, parts)
    {
        return Err(err(
            e.loc,
            "asynchronous comprehension outside of an asynchronous function",
        ));
    }
    let inner = Ctx {
        loops: 0,
        in_comprehension: true,
        ..*ctx
    };
    for (i, g) in generators.iter().enumerate() {
        codegen_expr(&g.target, &inner)?;
        if i > 0 {
            codegen_expr(&g.iter, &inner)?;
        }
        for cond in &g.ifs {
            codegen_expr(cond, &inner)?;
        }
    }
    parts.iter().try_for_each(|p| codegen_expr(p, &inner))
}

/// An irrefutable pattern (a capture or `_`) may only come last: in the
/// last case (or one with a guard), as the last alternative of an `|`.
fn check_pattern(p: &Pattern, allow_irrefutable: bool) -> PResult<()> {
    match &p.kind {
        PatternKind::MatchAs {
            pattern: None,
            name,
        } if !allow_irrefutable => Err(err(
            p.loc,
            match name {
                Some(n) => format!("name capture '{}' makes remaining patterns unreachable", n),
                None => "wildcard makes remaining patterns unreachable".to_string(),
            },
        )),
        PatternKind::MatchAs {
            pattern: Some(sub), ..
        } => check_pattern(sub, allow_irrefutable),
        PatternKind::MatchOr { patterns } => {
            let last = patterns.len().saturating_sub(1);
            patterns
                .iter()
                .enumerate()
                .try_for_each(|(i, alt)| check_pattern(alt, i == last && allow_irrefutable))
        }
        PatternKind::MatchSequence { patterns } | PatternKind::MatchMapping { patterns, .. } => {
            patterns.iter().try_for_each(|x| check_pattern(x, true))
        }
        PatternKind::MatchClass {
            patterns,
            kwd_patterns,
            ..
        } => patterns
            .iter()
            .chain(kwd_patterns)
            .try_for_each(|x| check_pattern(x, true)),
        _ => Ok(()),
    }
}

fn codegen_children(n: NodeRef<'_>, ctx: &Ctx) -> PResult<()> {
    let mut kids = Vec::new();
    n.for_each_child(&mut |c| kids.push(c));
    for c in kids {
        match c {
            NodeRef::Stmt(s) => codegen_stmt(s, ctx)?,
            NodeRef::Expr(e) => codegen_expr(e, ctx)?,
            NodeRef::ExceptHandler(h) => {
                if let Some(t) = &h.r#type {
                    codegen_expr(t, ctx)?;
                }
                codegen_stmts(&h.body, ctx)?;
            }
            NodeRef::MatchCase(mc) => {
                codegen_children(NodeRef::Pattern(&mc.pattern), ctx)?;
                if let Some(g) = &mc.guard {
                    codegen_expr(g, ctx)?;
                }
                codegen_stmts(&mc.body, ctx)?;
            }
            NodeRef::WithItem(w) => {
                codegen_expr(&w.context_expr, ctx)?;
                if let Some(v) = &w.optional_vars {
                    check_target(v, true)?;
                    codegen_expr(v, ctx)?;
                }
            }
            other => codegen_children(other, ctx)?,
        }
    }
    Ok(())
}

fn codegen_expr(e: &Expr, ctx: &Ctx) -> PResult<()> {
    stacker::maybe_grow(DEEP_RED_ZONE, DEEP_SEGMENT, || codegen_expr_inner(e, ctx))
}

fn codegen_expr_inner(e: &Expr, ctx: &Ctx) -> PResult<()> {
    match &e.kind {
        ExprKind::Yield { .. } | ExprKind::YieldFrom { .. } if ctx.func == Func::None => {
            return Err(err(e.loc, "'yield' outside function"));
        }
        ExprKind::YieldFrom { .. } if ctx.func == Func::Async => {
            return Err(err(e.loc, "'yield from' inside async function"));
        }
        ExprKind::Await { .. } if ctx.func == Func::None && !ctx.in_comprehension => {
            return Err(err(e.loc, "'await' outside function"))
        }
        ExprKind::Await { .. } if ctx.func != Func::Async && !ctx.in_comprehension => {
            return Err(err(e.loc, "'await' outside async function"));
        }
        ExprKind::Lambda { args, body } => {
            codegen_arguments(args, ctx, e.loc)?;
            return codegen_expr(body, &ctx.function(Func::Lambda, false));
        }
        ExprKind::ListComp { generators, elt }
        | ExprKind::SetComp { generators, elt }
        | ExprKind::GeneratorExp { generators, elt } => {
            let kind_is_gen = matches!(e.kind, ExprKind::GeneratorExp { .. });
            return codegen_comprehension(e, generators, &[elt], kind_is_gen, ctx);
        }
        ExprKind::DictComp {
            generators,
            key,
            value,
        } => {
            return codegen_comprehension(e, generators, &[key, value], false, ctx);
        }
        ExprKind::Call { keywords, .. }
            if keywords
                .iter()
                .any(|k| k.arg.as_deref() == Some("__debug__")) =>
        {
            return Err(err(e.loc, "cannot assign to __debug__"));
        }
        ExprKind::NamedExpr { target, .. } if is_debug(target) => {
            return Err(err(target.loc, "cannot assign to __debug__"))
        }
        _ => {}
    }
    if !allows_starred_children(e) {
        let mut bad = None;
        NodeRef::Expr(e).for_each_child(&mut |c| {
            if let (None, NodeRef::Expr(x)) = (&bad, c) {
                if let ExprKind::Starred {
                    ctx: ExprContext::Load,
                    ..
                } = x.kind
                {
                    bad = Some(x.loc);
                }
            }
        });
        // `a[*b]` parses to a Tuple slice, so a bare Starred child here is
        // never legal.
        if let Some(loc) = bad {
            return Err(err(loc, "can't use starred expression here"));
        }
    }
    codegen_children(NodeRef::Expr(e), ctx)
}

#[cfg(test)]
mod tests {
    fn check(src: &str) -> Result<(), String> {
        let m = crate::parse_source(src.as_bytes()).map_err(|e| format!("parse: {}", e.msg))?;
        super::check_module(&m).map_err(|e| format!("{} {}:{}", e.msg, e.lineno, e.col))
    }

    #[test]
    fn placement_errors() {
        assert_eq!(
            check("return 1"),
            Err("'return' outside function 1:0".into())
        );
        assert_eq!(
            check("class A:\n    return 2"),
            Err("'return' outside function 2:4".into())
        );
        assert_eq!(check("yield 1"), Err("'yield' outside function 1:0".into()));
        assert_eq!(
            check("for x in y:\n    pass\nelse:\n    break"),
            Err("'break' outside loop 4:4".into())
        );
        assert_eq!(
            check("continue"),
            Err("'continue' not properly in loop 1:0".into())
        );
        assert_eq!(
            check("def f():\n    await x"),
            Err("'await' outside async function 2:4".into())
        );
        assert_eq!(check("await x"), Err("'await' outside function 1:0".into()));
        assert_eq!(
            check("x = [(yield) for a in b]"),
            Err("'yield' inside list comprehension 1:6".into())
        );
        assert_eq!(
            check("def f(a, a): pass"),
            Err("duplicate argument 'a' in function definition 1:9".into())
        );
        assert_eq!(
            check("nonlocal x"),
            Err("nonlocal declaration not allowed at module level 1:0".into())
        );
        assert_eq!(
            check("*a = 1"),
            Err("starred assignment target must be in a list or tuple 1:0".into())
        );
        assert_eq!(
            check("x = 1\nfrom __future__ import annotations"),
            Err("from __future__ imports must occur at the beginning of the file 2:0".into())
        );
    }

    #[test]
    fn valid_programs_pass() {
        for src in [
            "def f():\n    return 1\n",
            "async def f():\n    await x\n    async with a: pass\n    async for b in c: pass\n",
            "'''doc'''\nfrom __future__ import annotations\n",
            "while x:\n    for y in z:\n        continue\n    break\n",
            "f = lambda: (yield)\n",
            "print(*a, *b)\nx = *a, *b\n[*a]\n{*a}\nx[*a]\n",
            "a, *b = c\n",
            "def g():\n    x = [(lambda: (yield)) for a in b]\n",
        ] {
            assert_eq!(check(src), Ok(()), "{}", src);
        }
    }
}
