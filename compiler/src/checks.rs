//! The SyntaxErrors CPython raises after parsing, while compiling: the
//! checks of `Python/future.c`, `Python/symtable.c` and `Python/compile.c`
//! that need no scope analysis ("'return' outside function", "'break'
//! outside loop", duplicate parameters, misplaced `import *`, ...).
//!
//! `ast.parse` does not make them; running a program does. They run in
//! CPython's order: `__future__` imports, then the symbol-table checks over
//! the whole module, then the code-generation checks in source order.
//! When the symbol table and code generator land, their passes take these
//! over (the scope-dependent ones — "no binding for nonlocal", "used prior
//! to global declaration" — need them).

use crate::ast::*;
use crate::error::{PResult, SyntaxError};

fn err(loc: Loc, msg: impl Into<String>) -> SyntaxError {
    SyntaxError::new(msg, loc.lineno, loc.col_offset, loc.end_lineno, loc.end_col_offset)
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
    check_future(body)?;
    let mut sym = SymChecks { comprehension: Vec::new() };
    for s in body {
        sym.stmt(s, true)?;
    }
    let ctx = Ctx { func: Func::None, loops: 0, async_gen: false };
    for s in body {
        codegen_stmt(s, &ctx)?;
    }
    Ok(())
}

// ----- future.c --------------------------------------------------------------

fn check_future(body: &[Stmt]) -> PResult<()> {
    let mut at_start = true;
    for (i, s) in body.iter().enumerate() {
        if let StmtKind::ImportFrom { module: Some(m), names, level: Some(0) } = &s.kind {
            if m == "__future__" {
                if !at_start {
                    return Err(err(s.loc, "from __future__ imports must occur at the beginning of the file"));
                }
                // These two carry no end position in CPython.
                let no_end = Loc { end_col_offset: SyntaxError::NO_COL, ..s.loc };
                for a in names {
                    if a.name == "braces" {
                        return Err(err(no_end, "not a chance"));
                    }
                    if !FUTURE_FEATURES.contains(&a.name.as_str()) {
                        return Err(err(no_end, format!("future feature {} is not defined", a.name)));
                    }
                }
                continue;
            }
        }
        // A docstring may precede the future imports.
        let docstring = i == 0
            && matches!(&s.kind, StmtKind::Expr { value } if matches!(value.kind, ExprKind::Constant { value: ConstValue::Str(_), .. }));
        if !docstring {
            at_start = false;
        }
    }
    Ok(())
}

// ----- symtable.c -------------------------------------------------------------

struct SymChecks {
    /// The comprehensions we are inside (innermost last), by CPython's name.
    comprehension: Vec<&'static str>,
}

fn all_params(a: &Arguments) -> impl Iterator<Item = &Arg> {
    a.posonlyargs
        .iter()
        .chain(&a.args)
        .chain(a.vararg.as_deref())
        .chain(&a.kwonlyargs)
        .chain(a.kwarg.as_deref())
}

impl SymChecks {
    fn stmt(&mut self, s: &Stmt, module_level: bool) -> PResult<()> {
        stacker::maybe_grow(DEEP_RED_ZONE, DEEP_SEGMENT, || self.stmt_inner(s, module_level))
    }

    fn stmt_inner(&mut self, s: &Stmt, module_level: bool) -> PResult<()> {
        match &s.kind {
            StmtKind::FunctionDef { args, body, decorator_list, returns, .. }
            | StmtKind::AsyncFunctionDef { args, body, decorator_list, returns, .. } => {
                for d in decorator_list {
                    self.expr(d)?;
                }
                self.arguments_outer(args)?;
                if let Some(r) = returns {
                    self.expr(r)?;
                }
                self.function_body(args, body)
            }
            StmtKind::ClassDef { bases, keywords, body, decorator_list, .. } => {
                for e in decorator_list.iter().chain(bases) {
                    self.expr(e)?;
                }
                for k in keywords {
                    self.expr(&k.value)?;
                }
                let saved = std::mem::take(&mut self.comprehension);
                for st in body {
                    self.stmt(st, false)?;
                }
                self.comprehension = saved;
                Ok(())
            }
            StmtKind::Nonlocal { .. } if module_level => Err(err(s.loc, "nonlocal declaration not allowed at module level")),
            StmtKind::ImportFrom { names, .. } if !module_level => {
                match names.iter().find(|a| a.name == "*") {
                    Some(a) => Err(err(a.loc, "import * only allowed at module level")),
                    None => Ok(()),
                }
            }
            _ => self.children(NodeRef::Stmt(s), module_level),
        }
    }

    /// Defaults and annotations belong to the enclosing scope.
    fn arguments_outer(&mut self, a: &Arguments) -> PResult<()> {
        for d in a.defaults.iter().chain(a.kw_defaults.iter().flatten()) {
            self.expr(d)?;
        }
        for p in all_params(a) {
            if let Some(ann) = &p.annotation {
                self.expr(ann)?;
            }
        }
        Ok(())
    }

    fn function_body(&mut self, args: &Arguments, body: &[Stmt]) -> PResult<()> {
        let mut seen: Vec<&str> = Vec::new();
        for p in all_params(args) {
            if seen.contains(&p.arg.as_str()) {
                return Err(err(p.loc, format!("duplicate argument '{}' in function definition", p.arg)));
            }
            seen.push(&p.arg);
        }
        let saved = std::mem::take(&mut self.comprehension);
        let mut decls = Vec::new();
        let r = (|| {
            for st in body {
                self.declarations(st, &seen, &mut decls)?;
            }
            for st in body {
                self.stmt(st, false)?;
            }
            Ok(())
        })();
        self.comprehension = saved;
        r
    }

    /// `global`/`nonlocal` of a parameter, anywhere in the function's own
    /// statements (not nested functions or classes).
    fn declarations<'b>(&self, s: &'b Stmt, params: &[&str], decls: &mut Vec<(&'b str, bool, Loc)>) -> PResult<()> {
        stacker::maybe_grow(DEEP_RED_ZONE, DEEP_SEGMENT, || self.declarations_inner(s, params, decls))
    }

    fn declarations_inner<'b>(&self, s: &'b Stmt, params: &[&str], decls: &mut Vec<(&'b str, bool, Loc)>) -> PResult<()> {
        match &s.kind {
            StmtKind::Global { names } | StmtKind::Nonlocal { names } => {
                let global = matches!(s.kind, StmtKind::Global { .. });
                let what = if global { "global" } else { "nonlocal" };
                if let Some(n) = names.iter().find(|n| params.contains(&n.as_str())) {
                    return Err(err(s.loc, format!("name '{}' is parameter and {}", n, what)));
                }
                for n in names {
                    if let Some(&(_, _, gloc)) = decls.iter().find(|d| d.0 == n && d.1 != global) {
                        let at = if global { s.loc } else { gloc };
                        return Err(err(at, format!("name '{}' is nonlocal and global", n)));
                    }
                    decls.push((n, global, s.loc));
                }
                Ok(())
            }
            StmtKind::FunctionDef { .. } | StmtKind::AsyncFunctionDef { .. } | StmtKind::ClassDef { .. } => Ok(()),
            _ => {
                let mut r = Ok(());
                let mut stmts: Vec<&'b Stmt> = Vec::new();
                NodeRef::Stmt(s).for_each_child(&mut |c| match c {
                    NodeRef::Stmt(st) => stmts.push(st),
                    NodeRef::ExceptHandler(h) => stmts.extend(&h.body),
                    NodeRef::MatchCase(mc) => stmts.extend(&mc.body),
                    _ => {}
                });
                for st in stmts {
                    r = r.and_then(|_| self.declarations(st, params, decls));
                }
                r
            }
        }
    }

    fn children(&mut self, n: NodeRef<'_>, module_level: bool) -> PResult<()> {
        let mut kids = Vec::new();
        n.for_each_child(&mut |c| kids.push(c));
        for c in kids {
            match c {
                NodeRef::Stmt(s) => self.stmt(s, module_level)?,
                NodeRef::Expr(e) => self.expr(e)?,
                other => self.children(other, module_level)?,
            }
        }
        Ok(())
    }

    fn comprehension(&mut self, name: &'static str, generators: &[Comprehension], elts: &[&Expr]) -> PResult<()> {
        // The first iterable is evaluated in the enclosing scope.
        if let Some(g) = generators.first() {
            self.expr(&g.iter)?;
        }
        self.comprehension.push(name);
        let r = (|| {
            for (i, g) in generators.iter().enumerate() {
                self.expr(&g.target)?;
                if i > 0 {
                    self.expr(&g.iter)?;
                }
                for cond in &g.ifs {
                    self.expr(cond)?;
                }
            }
            for e in elts {
                self.expr(e)?;
            }
            Ok(())
        })();
        self.comprehension.pop();
        r
    }

    fn expr(&mut self, e: &Expr) -> PResult<()> {
        stacker::maybe_grow(DEEP_RED_ZONE, DEEP_SEGMENT, || self.expr_inner(e))
    }

    fn expr_inner(&mut self, e: &Expr) -> PResult<()> {
        match &e.kind {
            ExprKind::Yield { .. } | ExprKind::YieldFrom { .. } => {
                if let Some(name) = self.comprehension.last() {
                    return Err(err(e.loc, format!("'yield' inside {}", name)));
                }
                self.children(NodeRef::Expr(e), false)
            }
            ExprKind::Lambda { args, body } => {
                self.arguments_outer(args)?;
                let saved = std::mem::take(&mut self.comprehension);
                let r = self.function_body(args, &[]).and_then(|_| self.expr(body));
                self.comprehension = saved;
                r
            }
            ExprKind::ListComp { elt, generators } => self.comprehension("list comprehension", generators, &[elt]),
            ExprKind::SetComp { elt, generators } => self.comprehension("set comprehension", generators, &[elt]),
            ExprKind::GeneratorExp { elt, generators } => self.comprehension("generator expression", generators, &[elt]),
            ExprKind::DictComp { key, value, generators } => {
                self.comprehension("dict comprehension", generators, &[key, value])
            }
            _ => self.children(NodeRef::Expr(e), false),
        }
    }
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
}

impl Ctx {
    fn function(func: Func, async_gen: bool) -> Ctx {
        Ctx { func, loops: 0, async_gen }
    }
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
                if matches!(s.kind, StmtKind::FunctionDef { .. } | StmtKind::AsyncFunctionDef { .. } | StmtKind::ClassDef { .. }) {
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
        ExprKind::Starred { .. } if top => Err(err(t.loc, "starred assignment target must be in a list or tuple")),
        ExprKind::Starred { value, .. } => check_target(value, false),
        ExprKind::Tuple { elts, .. } | ExprKind::List { elts, .. } => {
            let stars = elts.iter().filter(|x| matches!(x.kind, ExprKind::Starred { .. })).count();
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
    matches!(e.kind, ExprKind::Tuple { .. } | ExprKind::List { .. } | ExprKind::Set { .. } | ExprKind::Call { .. })
}

fn no_starred(e: &Expr) -> PResult<()> {
    if let ExprKind::Starred { ctx: ExprContext::Load, .. } = e.kind {
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
    let in_loop = Ctx { loops: ctx.loops + 1, ..*ctx };
    match &s.kind {
        StmtKind::FunctionDef { args, body, decorator_list, returns, .. }
        | StmtKind::AsyncFunctionDef { args, body, decorator_list, returns, .. } => {
            for d in decorator_list {
                codegen_expr(d, ctx)?;
            }
            codegen_arguments(args, ctx, s.loc)?;
            if let Some(r) = returns {
                codegen_expr(r, ctx)?;
            }
            let is_async = matches!(s.kind, StmtKind::AsyncFunctionDef { .. });
            let inner = if is_async { Ctx::function(Func::Async, contains_yield(body)) } else { Ctx::function(Func::Sync, false) };
            codegen_stmts(body, &inner)
        }
        StmtKind::ClassDef { bases, keywords, body, decorator_list, .. } => {
            for d in decorator_list.iter().chain(bases) {
                codegen_expr(d, ctx)?;
            }
            for k in keywords {
                codegen_expr(&k.value, ctx)?;
            }
            codegen_stmts(body, &Ctx::function(Func::None, false))
        }
        StmtKind::Return { value } => {
            if ctx.func == Func::None {
                return Err(err(s.loc, "'return' outside function"));
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
        StmtKind::Break {} if ctx.loops == 0 => Err(err(s.loc, "'break' outside loop")),
        StmtKind::Continue {} if ctx.loops == 0 => Err(err(s.loc, "'continue' not properly in loop")),
        StmtKind::For { target, iter, body, orelse, .. } | StmtKind::AsyncFor { target, iter, body, orelse, .. } => {
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
        StmtKind::AsyncWith { .. } if ctx.func != Func::Async => Err(err(s.loc, "'async with' outside async function")),
        StmtKind::Try { handlers, .. } | StmtKind::TryStar { handlers, .. } => {
            if let Some(h) = handlers.iter().take(handlers.len().saturating_sub(1)).find(|h| h.r#type.is_none()) {
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
        StmtKind::AugAssign { target, value, .. } | StmtKind::AnnAssign { target, value: Some(value), .. } => {
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

/// An irrefutable pattern (a capture or `_`) may only come last: in the
/// last case (or one with a guard), as the last alternative of an `|`.
fn check_pattern(p: &Pattern, allow_irrefutable: bool) -> PResult<()> {
    match &p.kind {
        PatternKind::MatchAs { pattern: None, name } if !allow_irrefutable => Err(err(
            p.loc,
            match name {
                Some(n) => format!("name capture '{}' makes remaining patterns unreachable", n),
                None => "wildcard makes remaining patterns unreachable".to_string(),
            },
        )),
        PatternKind::MatchAs { pattern: Some(sub), .. } => check_pattern(sub, allow_irrefutable),
        PatternKind::MatchOr { patterns } => {
            let last = patterns.len().saturating_sub(1);
            patterns.iter().enumerate().try_for_each(|(i, alt)| check_pattern(alt, i == last && allow_irrefutable))
        }
        PatternKind::MatchSequence { patterns } | PatternKind::MatchMapping { patterns, .. } => {
            patterns.iter().try_for_each(|x| check_pattern(x, true))
        }
        PatternKind::MatchClass { patterns, kwd_patterns, .. } => {
            patterns.iter().chain(kwd_patterns).try_for_each(|x| check_pattern(x, true))
        }
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
        ExprKind::Await { .. } if ctx.func == Func::None => return Err(err(e.loc, "'await' outside function")),
        ExprKind::Await { .. } if ctx.func != Func::Async => {
            return Err(err(e.loc, "'await' outside async function"));
        }
        ExprKind::Lambda { args, body } => {
            codegen_arguments(args, ctx, e.loc)?;
            return codegen_expr(body, &Ctx::function(Func::Lambda, false));
        }
        ExprKind::ListComp { generators, .. } | ExprKind::SetComp { generators, .. } | ExprKind::DictComp { generators, .. }
            if ctx.func != Func::Async && generators.iter().any(|g| g.is_async != 0) =>
        {
            return Err(err(e.loc, "asynchronous comprehension outside of an asynchronous function"));
        }
        ExprKind::Call { keywords, .. } => {
            if keywords.iter().any(|k| k.arg.as_deref() == Some("__debug__")) {
                return Err(err(e.loc, "cannot assign to __debug__"));
            }
        }
        ExprKind::NamedExpr { target, .. } if is_debug(target) => return Err(err(target.loc, "cannot assign to __debug__")),
        _ => {}
    }
    if !allows_starred_children(e) {
        let mut bad = None;
        NodeRef::Expr(e).for_each_child(&mut |c| {
            if let (None, NodeRef::Expr(x)) = (&bad, c) {
                if let ExprKind::Starred { ctx: ExprContext::Load, .. } = x.kind {
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
        assert_eq!(check("return 1"), Err("'return' outside function 1:0".into()));
        assert_eq!(check("class A:\n    return 2"), Err("'return' outside function 2:4".into()));
        assert_eq!(check("yield 1"), Err("'yield' outside function 1:0".into()));
        assert_eq!(check("for x in y:\n    pass\nelse:\n    break"), Err("'break' outside loop 4:4".into()));
        assert_eq!(check("continue"), Err("'continue' not properly in loop 1:0".into()));
        assert_eq!(check("def f():\n    await x"), Err("'await' outside async function 2:4".into()));
        assert_eq!(check("await x"), Err("'await' outside function 1:0".into()));
        assert_eq!(check("x = [(yield) for a in b]"), Err("'yield' inside list comprehension 1:6".into()));
        assert_eq!(check("def f(a, a): pass"), Err("duplicate argument 'a' in function definition 1:9".into()));
        assert_eq!(check("nonlocal x"), Err("nonlocal declaration not allowed at module level 1:0".into()));
        assert_eq!(check("*a = 1"), Err("starred assignment target must be in a list or tuple 1:0".into()));
        assert_eq!(check("x = 1\nfrom __future__ import annotations"), Err("from __future__ imports must occur at the beginning of the file 2:0".into()));
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
