//! The symbol table: which names each scope binds, and whether each name is
//! local, global (explicit or implicit), free or a cell — CPython 3.11's
//! `Python/symtable.c`, pass for pass.
//!
//! Pass 1 walks the AST, creating one [`Scope`] per module, class, function,
//! lambda and comprehension, and records for every name the ways it is used
//! (the `DEF_*` flags). Pass 2 (`analyze`) resolves each name's scope from
//! the innermost block outwards. The flag values are CPython's, so a
//! table can be compared bit for bit with the `symtable` module
//! (`pyrite --symtable FILE`, checked against CPython over its standard
//! library by `tools/symtable_parity.py`).

use crate::ast::*;
use crate::error::{PResult, SyntaxError};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

pub const DEF_GLOBAL: u32 = 1;
pub const DEF_LOCAL: u32 = 2;
pub const DEF_PARAM: u32 = 4;
pub const DEF_NONLOCAL: u32 = 8;
pub const USE: u32 = 16;
pub const DEF_FREE: u32 = 32;
pub const DEF_FREE_CLASS: u32 = 64;
pub const DEF_IMPORT: u32 = 128;
pub const DEF_ANNOT: u32 = 256;
pub const DEF_COMP_ITER: u32 = 512;
pub const DEF_BOUND: u32 = DEF_LOCAL | DEF_PARAM | DEF_IMPORT;
/// The resolved scope is stored in the flags, shifted by this much.
pub const SCOPE_OFFSET: u32 = 11;
pub const SCOPE_MASK: u32 = DEF_GLOBAL | DEF_LOCAL | DEF_PARAM | DEF_NONLOCAL;

/// Where a name lives, once analysed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u32)]
pub enum NameScope {
    Local = 1,
    GlobalExplicit = 2,
    GlobalImplicit = 3,
    Free = 4,
    Cell = 5,
}

impl NameScope {
    fn from_bits(v: u32) -> Option<NameScope> {
        Some(match v {
            1 => NameScope::Local,
            2 => NameScope::GlobalExplicit,
            3 => NameScope::GlobalImplicit,
            4 => NameScope::Free,
            5 => NameScope::Cell,
            _ => return None,
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScopeKind {
    Module,
    Class,
    Function,
    /// Annotations under `from __future__ import annotations`.
    Annotation,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Comprehension {
    List,
    Set,
    Dict,
    Generator,
}

impl Comprehension {
    fn describe(self) -> &'static str {
        match self {
            Comprehension::List => "list comprehension",
            Comprehension::Set => "set comprehension",
            Comprehension::Dict => "dict comprehension",
            Comprehension::Generator => "generator expression",
        }
    }
}

pub type ScopeId = usize;

/// One block: CPython's `PySTEntryObject`.
#[derive(Debug)]
pub struct Scope {
    pub name: String,
    pub kind: ScopeKind,
    pub lineno: u32,
    pub col_offset: u32,
    /// Names in first-use order, with their flags (and, after analysis,
    /// their scope in the bits above `SCOPE_OFFSET`).
    pub symbols: Vec<(String, u32)>,
    index: HashMap<String, usize>,
    /// Parameter names in the order of `co_varnames`.
    pub varnames: Vec<String>,
    pub children: Vec<ScopeId>,
    pub nested: bool,
    pub generator: bool,
    pub coroutine: bool,
    pub comprehension: Option<Comprehension>,
    pub varargs: bool,
    pub varkeywords: bool,
    pub returns_value: bool,
    pub needs_class_closure: bool,
    /// Has free variables itself / in some child.
    pub free: bool,
    pub child_free: bool,
    comp_iter_target: bool,
    comp_iter_expr: u32,
    /// `global`/`nonlocal` statements (and walrus targets): where to report
    /// an error about a name.
    directives: Vec<(String, Loc)>,
}

impl Scope {
    fn new(name: &str, kind: ScopeKind, loc: Loc, nested: bool) -> Scope {
        Scope {
            name: name.to_string(),
            kind,
            lineno: loc.lineno,
            col_offset: loc.col_offset,
            symbols: Vec::new(),
            index: HashMap::default(),
            varnames: Vec::new(),
            children: Vec::new(),
            nested,
            generator: false,
            coroutine: false,
            comprehension: None,
            varargs: false,
            varkeywords: false,
            returns_value: false,
            needs_class_closure: false,
            free: false,
            child_free: false,
            comp_iter_target: false,
            comp_iter_expr: 0,
            directives: Vec::new(),
        }
    }

    /// The flags of `name` (0 when unknown).
    pub fn flags(&self, name: &str) -> u32 {
        self.index.get(name).map_or(0, |&i| self.symbols[i].1)
    }

    /// The resolved scope of `name`, if the name occurs in this block.
    pub fn scope_of(&self, name: &str) -> Option<NameScope> {
        NameScope::from_bits((self.flags(name) >> SCOPE_OFFSET) & 7)
    }

    fn set(&mut self, name: &str, flags: u32) {
        match self.index.get(name) {
            Some(&i) => self.symbols[i].1 = flags,
            None => {
                self.index.insert(name.to_string(), self.symbols.len());
                self.symbols.push((name.to_string(), flags));
            }
        }
    }

    /// Names with the given resolved scope or carrying `also_flag`,
    /// sorted (CPython's `dictbytype`).
    pub fn names_with_scope(&self, scope: NameScope, also_flag: u32) -> Vec<String> {
        let mut v: Vec<String> = self
            .symbols
            .iter()
            .filter(|(_, f)| (f >> SCOPE_OFFSET) & 15 == scope as u32 || f & also_flag != 0)
            .map(|(n, _)| n.clone())
            .collect();
        v.sort();
        v
    }
}

/// The symbol table of a module.
#[derive(Debug)]
pub struct SymbolTable {
    pub scopes: Vec<Scope>,
    /// AST node address → the scope it opens.
    by_node: HashMap<usize, ScopeId>,
}

impl SymbolTable {
    pub fn top(&self) -> &Scope {
        &self.scopes[0]
    }

    /// The scope opened by a function, class, lambda or comprehension node.
    pub fn scope_for<T>(&self, node: &T) -> Option<ScopeId> {
        self.by_node.get(&(node as *const T as usize)).copied()
    }

    /// CPython's `symtable` module view, for comparison with the oracle:
    /// each block, then its symbols (sorted) with their raw flags.
    pub fn dump(&self) -> String {
        let mut out = String::new();
        self.dump_scope(0, 0, &mut out);
        out
    }

    fn dump_scope(&self, id: ScopeId, depth: usize, out: &mut String) {
        use std::fmt::Write;
        let s = &self.scopes[id];
        let kind = match s.kind {
            ScopeKind::Module => "module",
            ScopeKind::Class => "class",
            ScopeKind::Function => "function",
            ScopeKind::Annotation => "annotation",
        };
        let _ = writeln!(
            out,
            "{}{} {} {}",
            "  ".repeat(depth),
            kind,
            s.name,
            s.lineno
        );
        let mut syms: Vec<_> = s.symbols.iter().collect();
        syms.sort();
        for (n, f) in syms {
            let _ = writeln!(out, "{}  {} {}", "  ".repeat(depth), n, f);
        }
        for &c in &s.children {
            self.dump_scope(c, depth + 1, out);
        }
    }
}

/// CPython's `_Py_Mangle`: `__name` inside class `C` is `_C__name`.
pub fn mangle(private: Option<&str>, name: &str) -> String {
    let Some(class) = private else {
        return name.to_string();
    };
    if !name.starts_with("__") || name.ends_with("__") || name.contains('.') {
        return name.to_string();
    }
    let stripped = class.trim_start_matches('_');
    if stripped.is_empty() {
        return name.to_string();
    }
    format!("_{}{}", stripped, name)
}

fn err(loc: Loc, msg: impl Into<String>) -> SyntaxError {
    SyntaxError::new(
        msg,
        loc.lineno,
        loc.col_offset,
        loc.end_lineno,
        loc.end_col_offset,
    )
}

/// Build and analyse the symbol table of a module. `future_annotations`
/// is whether `from __future__ import annotations` is in effect.
pub fn build(m: &Mod, future_annotations: bool) -> PResult<SymbolTable> {
    let mut b = Builder {
        t: SymbolTable {
            scopes: Vec::new(),
            by_node: HashMap::default(),
        },
        stack: Vec::new(),
        private: None,
        future_annotations,
    };
    let top = Scope::new("top", ScopeKind::Module, Loc::default(), false);
    b.t.scopes.push(top);
    b.stack.push(0);
    match m {
        Mod::Module { body, .. } | Mod::Interactive { body } => {
            for s in body {
                b.stmt(s)?;
            }
        }
        Mod::Expression { body } => b.expr(body)?,
        Mod::FunctionType { argtypes, returns } => {
            for e in argtypes {
                b.expr(e)?;
            }
            b.expr(returns)?;
        }
    }
    let mut t = b.t;
    analyze(&mut t)?;
    Ok(t)
}

struct Builder {
    t: SymbolTable,
    stack: Vec<ScopeId>,
    /// The enclosing class name, for mangling.
    private: Option<String>,
    future_annotations: bool,
}

impl Builder {
    fn cur(&self) -> ScopeId {
        *self.stack.last().unwrap()
    }

    fn cur_scope(&mut self) -> &mut Scope {
        let id = self.cur();
        &mut self.t.scopes[id]
    }

    fn enter<T>(&mut self, name: &str, kind: ScopeKind, node: &T, loc: Loc) {
        let parent = self.cur();
        let nested =
            self.t.scopes[parent].nested || self.t.scopes[parent].kind == ScopeKind::Function;
        let id = self.t.scopes.len();
        self.t.scopes.push(Scope::new(name, kind, loc, nested));
        // CPython 3.11 does not list annotation blocks among the children
        // (they are neither analysed nor compiled: annotations are strings).
        if kind != ScopeKind::Annotation {
            self.t.scopes[parent].children.push(id);
        }
        self.t.by_node.insert(node as *const T as usize, id);
        self.stack.push(id);
    }

    fn exit(&mut self) {
        self.stack.pop();
    }

    fn add_def(&mut self, name: &str, flag: u32, loc: Loc) -> PResult<()> {
        let id = self.cur();
        self.add_def_in(id, name, flag, loc)
    }

    /// CPython's `symtable_add_def_helper`.
    fn add_def_in(&mut self, id: ScopeId, name: &str, flag: u32, loc: Loc) -> PResult<()> {
        let mangled = mangle(self.private.as_deref(), name);
        let scope = &mut self.t.scopes[id];
        let old = scope.flags(&mangled);
        let mut val = if scope.index.contains_key(&mangled) {
            if flag & DEF_PARAM != 0 && old & DEF_PARAM != 0 {
                return Err(err(
                    loc,
                    format!("duplicate argument '{}' in function definition", mangled),
                ));
            }
            old | flag
        } else {
            flag
        };
        if scope.comp_iter_target {
            if val & (DEF_GLOBAL | DEF_NONLOCAL) != 0 {
                return Err(err(
                    loc,
                    format!(
                        "comprehension inner loop cannot rebind assignment expression target '{}'",
                        mangled
                    ),
                ));
            }
            val |= DEF_COMP_ITER;
        }
        scope.set(&mangled, val);
        if flag & DEF_PARAM != 0 {
            scope.varnames.push(mangled.clone());
        } else if flag & DEF_GLOBAL != 0 {
            // CPython's `st_global` *is* the module block's symbol dict.
            let top = &mut self.t.scopes[0];
            let cur = top.flags(&mangled);
            top.set(&mangled, cur | flag);
        }
        Ok(())
    }

    fn lookup(&self, name: &str) -> u32 {
        let mangled = mangle(self.private.as_deref(), name);
        self.t.scopes[self.cur()].flags(&mangled)
    }

    fn record_directive(&mut self, name: &str, loc: Loc) {
        let mangled = mangle(self.private.as_deref(), name);
        self.cur_scope().directives.push((mangled, loc));
    }

    // ----- statements ---------------------------------------------------------

    fn stmts(&mut self, body: &[Stmt]) -> PResult<()> {
        body.iter().try_for_each(|s| self.stmt(s))
    }

    fn stmt(&mut self, s: &Stmt) -> PResult<()> {
        stacker::maybe_grow(DEEP_RED_ZONE, DEEP_SEGMENT, || self.stmt_inner(s))
    }

    fn stmt_inner(&mut self, s: &Stmt) -> PResult<()> {
        match &s.kind {
            StmtKind::FunctionDef {
                name,
                args,
                body,
                decorator_list,
                returns,
                ..
            }
            | StmtKind::AsyncFunctionDef {
                name,
                args,
                body,
                decorator_list,
                returns,
                ..
            } => {
                self.add_def(name, DEF_LOCAL, s.loc)?;
                self.exprs(&args.defaults)?;
                for d in args.kw_defaults.iter().flatten() {
                    self.expr(d)?;
                }
                self.annotations(args, returns.as_deref())?;
                self.exprs(decorator_list)?;
                self.enter(name, ScopeKind::Function, s, s.loc);
                if matches!(s.kind, StmtKind::AsyncFunctionDef { .. }) {
                    self.cur_scope().coroutine = true;
                }
                self.arguments(args)?;
                self.stmts(body)?;
                self.exit();
            }
            StmtKind::ClassDef {
                name,
                bases,
                keywords,
                body,
                decorator_list,
            } => {
                self.add_def(name, DEF_LOCAL, s.loc)?;
                self.exprs(bases)?;
                for k in keywords {
                    self.expr(&k.value)?;
                }
                self.exprs(decorator_list)?;
                self.enter(name, ScopeKind::Class, s, s.loc);
                let saved = self.private.replace(name.clone());
                self.stmts(body)?;
                self.private = saved;
                self.exit();
            }
            StmtKind::Return { value } => {
                if let Some(v) = value {
                    self.expr(v)?;
                    self.cur_scope().returns_value = true;
                }
            }
            StmtKind::Delete { targets } => self.exprs(targets)?,
            StmtKind::Assign { targets, value, .. } => {
                self.exprs(targets)?;
                self.expr(value)?;
            }
            StmtKind::AnnAssign {
                target,
                annotation,
                value,
                simple,
            } => {
                if let ExprKind::Name { id, .. } = &target.kind {
                    let cur = self.lookup(id);
                    if cur & (DEF_GLOBAL | DEF_NONLOCAL) != 0 && self.cur() != 0 && *simple != 0 {
                        let what = if cur & DEF_GLOBAL != 0 {
                            "global"
                        } else {
                            "nonlocal"
                        };
                        return Err(err(
                            s.loc,
                            format!("annotated name '{}' can't be {}", id, what),
                        ));
                    }
                    if *simple != 0 {
                        self.add_def(id, DEF_ANNOT | DEF_LOCAL, target.loc)?;
                    } else if value.is_some() {
                        self.add_def(id, DEF_LOCAL, target.loc)?;
                    }
                } else {
                    self.expr(target)?;
                }
                self.annotation(annotation)?;
                if let Some(v) = value {
                    self.expr(v)?;
                }
            }
            StmtKind::AugAssign { target, value, .. } => {
                self.expr(target)?;
                self.expr(value)?;
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
                self.expr(target)?;
                self.expr(iter)?;
                self.stmts(body)?;
                self.stmts(orelse)?;
            }
            StmtKind::While { test, body, orelse } | StmtKind::If { test, body, orelse } => {
                self.expr(test)?;
                self.stmts(body)?;
                self.stmts(orelse)?;
            }
            StmtKind::Match { subject, cases } => {
                self.expr(subject)?;
                for c in cases {
                    self.pattern(&c.pattern)?;
                    if let Some(g) = &c.guard {
                        self.expr(g)?;
                    }
                    self.stmts(&c.body)?;
                }
            }
            StmtKind::Raise { exc, cause } => {
                if let Some(e) = exc {
                    self.expr(e)?;
                }
                if let Some(c) = cause {
                    self.expr(c)?;
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
                self.stmts(body)?;
                self.stmts(orelse)?;
                for h in handlers {
                    if let Some(t) = &h.r#type {
                        self.expr(t)?;
                    }
                    if let Some(n) = &h.name {
                        self.add_def(n, DEF_LOCAL, h.loc)?;
                    }
                    self.stmts(&h.body)?;
                }
                self.stmts(finalbody)?;
            }
            StmtKind::Assert { test, msg } => {
                self.expr(test)?;
                if let Some(m) = msg {
                    self.expr(m)?;
                }
            }
            StmtKind::Import { names } | StmtKind::ImportFrom { names, .. } => {
                for a in names {
                    self.alias(a)?;
                }
            }
            StmtKind::Global { names } | StmtKind::Nonlocal { names } => {
                let global = matches!(s.kind, StmtKind::Global { .. });
                let what = if global { "global" } else { "nonlocal" };
                for name in names {
                    let cur = self.lookup(name);
                    if cur & (DEF_PARAM | DEF_LOCAL | USE | DEF_ANNOT) != 0 {
                        let msg = if cur & DEF_PARAM != 0 {
                            format!("name '{}' is parameter and {}", name, what)
                        } else if cur & USE != 0 {
                            format!("name '{}' is used prior to {} declaration", name, what)
                        } else if cur & DEF_ANNOT != 0 {
                            format!("annotated name '{}' can't be {}", name, what)
                        } else {
                            format!("name '{}' is assigned to before {} declaration", name, what)
                        };
                        return Err(err(s.loc, msg));
                    }
                    self.add_def(name, if global { DEF_GLOBAL } else { DEF_NONLOCAL }, s.loc)?;
                    self.record_directive(name, s.loc);
                }
            }
            StmtKind::Expr { value } => self.expr(value)?,
            StmtKind::With { items, body, .. } | StmtKind::AsyncWith { items, body, .. } => {
                for item in items {
                    self.expr(&item.context_expr)?;
                    if let Some(v) = &item.optional_vars {
                        self.expr(v)?;
                    }
                }
                self.stmts(body)?;
            }
            StmtKind::Pass {} | StmtKind::Break {} | StmtKind::Continue {} => {}
        }
        Ok(())
    }

    fn alias(&mut self, a: &Alias) -> PResult<()> {
        let name = a.asname.as_deref().unwrap_or(&a.name);
        if name == "*" {
            if self.t.scopes[self.cur()].kind != ScopeKind::Module {
                return Err(err(a.loc, "import * only allowed at module level"));
            }
            return Ok(());
        }
        let store = name.split('.').next().unwrap();
        self.add_def(store, DEF_IMPORT, a.loc)
    }

    /// Parameters, in `co_varnames` order.
    fn arguments(&mut self, a: &Arguments) -> PResult<()> {
        for p in a.posonlyargs.iter().chain(&a.args).chain(&a.kwonlyargs) {
            self.add_def(&p.arg, DEF_PARAM, p.loc)?;
        }
        if let Some(v) = &a.vararg {
            self.add_def(&v.arg, DEF_PARAM, v.loc)?;
            self.cur_scope().varargs = true;
        }
        if let Some(k) = &a.kwarg {
            self.add_def(&k.arg, DEF_PARAM, k.loc)?;
            self.cur_scope().varkeywords = true;
        }
        Ok(())
    }

    fn annotations(&mut self, a: &Arguments, returns: Option<&Expr>) -> PResult<()> {
        for p in a.posonlyargs.iter().chain(&a.args) {
            if let Some(ann) = &p.annotation {
                self.annotation(ann)?;
            }
        }
        if let Some(ann) = a.vararg.as_ref().and_then(|v| v.annotation.as_ref()) {
            self.annotation(ann)?;
        }
        for p in &a.kwonlyargs {
            if let Some(ann) = &p.annotation {
                self.annotation(ann)?;
            }
        }
        if let Some(ann) = a.kwarg.as_ref().and_then(|v| v.annotation.as_ref()) {
            self.annotation(ann)?;
        }
        if let Some(r) = returns {
            self.annotation(r)?;
        }
        Ok(())
    }

    fn annotation(&mut self, e: &Expr) -> PResult<()> {
        if self.future_annotations {
            self.enter("_annotation", ScopeKind::Annotation, e, e.loc);
            self.expr(e)?;
            self.exit();
            return Ok(());
        }
        self.expr(e)
    }

    // ----- expressions --------------------------------------------------------

    fn exprs(&mut self, es: &[Expr]) -> PResult<()> {
        es.iter().try_for_each(|e| self.expr(e))
    }

    fn expr(&mut self, e: &Expr) -> PResult<()> {
        stacker::maybe_grow(DEEP_RED_ZONE, DEEP_SEGMENT, || self.expr_inner(e))
    }

    fn raise_if_annotation(&self, what: &str, e: &Expr) -> PResult<()> {
        if self.t.scopes[self.cur()].kind == ScopeKind::Annotation {
            return Err(err(
                e.loc,
                format!("{} cannot be used within an annotation", what),
            ));
        }
        Ok(())
    }

    fn expr_inner(&mut self, e: &Expr) -> PResult<()> {
        match &e.kind {
            ExprKind::NamedExpr { target, value } => {
                self.raise_if_annotation("named expression", e)?;
                if self.t.scopes[self.cur()].comp_iter_expr > 0 {
                    return Err(err(e.loc, "assignment expression cannot be used in a comprehension iterable expression"));
                }
                if self.t.scopes[self.cur()].comprehension.is_some() {
                    self.extend_namedexpr_scope(target)?;
                }
                self.expr(value)?;
                self.expr(target)?;
            }
            ExprKind::BoolOp { values, .. } => self.exprs(values)?,
            ExprKind::BinOp { left, right, .. } => {
                self.expr(left)?;
                self.expr(right)?;
            }
            ExprKind::UnaryOp { operand, .. } => self.expr(operand)?,
            ExprKind::Lambda { args, body } => {
                self.exprs(&args.defaults)?;
                for d in args.kw_defaults.iter().flatten() {
                    self.expr(d)?;
                }
                self.enter("lambda", ScopeKind::Function, e, e.loc);
                self.arguments(args)?;
                self.expr(body)?;
                self.exit();
            }
            ExprKind::IfExp { test, body, orelse } => {
                self.expr(test)?;
                self.expr(body)?;
                self.expr(orelse)?;
            }
            ExprKind::Dict { keys, values } => {
                for k in keys.iter().flatten() {
                    self.expr(k)?;
                }
                self.exprs(values)?;
            }
            ExprKind::Set { elts } | ExprKind::List { elts, .. } | ExprKind::Tuple { elts, .. } => {
                self.exprs(elts)?
            }
            ExprKind::GeneratorExp { elt, generators } => self.comprehension(
                e,
                "genexpr",
                Comprehension::Generator,
                generators,
                elt,
                None,
            )?,
            ExprKind::ListComp { elt, generators } => {
                self.comprehension(e, "listcomp", Comprehension::List, generators, elt, None)?
            }
            ExprKind::SetComp { elt, generators } => {
                self.comprehension(e, "setcomp", Comprehension::Set, generators, elt, None)?
            }
            ExprKind::DictComp {
                key,
                value,
                generators,
            } => self.comprehension(
                e,
                "dictcomp",
                Comprehension::Dict,
                generators,
                key,
                Some(value),
            )?,
            ExprKind::Yield { value } => {
                self.raise_if_annotation("yield expression", e)?;
                if let Some(v) = value {
                    self.expr(v)?;
                }
                self.yield_seen(e)?;
            }
            ExprKind::YieldFrom { value } => {
                self.raise_if_annotation("yield expression", e)?;
                self.expr(value)?;
                self.yield_seen(e)?;
            }
            ExprKind::Await { value } => {
                self.raise_if_annotation("await expression", e)?;
                self.expr(value)?;
                self.cur_scope().coroutine = true;
            }
            ExprKind::Compare {
                left, comparators, ..
            } => {
                self.expr(left)?;
                self.exprs(comparators)?;
            }
            ExprKind::Call {
                func,
                args,
                keywords,
            } => {
                self.expr(func)?;
                self.exprs(args)?;
                for k in keywords {
                    self.expr(&k.value)?;
                }
            }
            ExprKind::FormattedValue {
                value, format_spec, ..
            } => {
                self.expr(value)?;
                if let Some(f) = format_spec {
                    self.expr(f)?;
                }
            }
            ExprKind::JoinedStr { values } => self.exprs(values)?,
            ExprKind::Constant { .. } => {}
            ExprKind::Attribute { value, .. } => self.expr(value)?,
            ExprKind::Subscript { value, slice, .. } => {
                self.expr(value)?;
                self.expr(slice)?;
            }
            ExprKind::Starred { value, .. } => self.expr(value)?,
            ExprKind::Slice { lower, upper, step } => {
                for part in [lower, upper, step].into_iter().flatten() {
                    self.expr(part)?;
                }
            }
            ExprKind::Name { id, ctx } => {
                self.add_def(
                    id,
                    if *ctx == ExprContext::Load {
                        USE
                    } else {
                        DEF_LOCAL
                    },
                    e.loc,
                )?;
                // `super` counts as a use of `__class__`.
                if *ctx == ExprContext::Load
                    && self.t.scopes[self.cur()].kind == ScopeKind::Function
                    && id == "super"
                {
                    self.add_def("__class__", USE, e.loc)?;
                }
            }
        }
        Ok(())
    }

    fn yield_seen(&mut self, e: &Expr) -> PResult<()> {
        let s = self.cur_scope();
        s.generator = true;
        if let Some(c) = s.comprehension {
            return Err(err(e.loc, format!("'yield' inside {}", c.describe())));
        }
        Ok(())
    }

    /// PEP 572: a walrus in a comprehension binds in the enclosing
    /// function (or module).
    fn extend_namedexpr_scope(&mut self, target: &Expr) -> PResult<()> {
        let ExprKind::Name { id, .. } = &target.kind else {
            return Ok(());
        };
        for i in (0..self.stack.len()).rev() {
            let sid = self.stack[i];
            let scope = &self.t.scopes[sid];
            if scope.comprehension.is_some() {
                if scope.flags(id) & DEF_COMP_ITER != 0 {
                    return Err(err(
                        target.loc,
                        format!("assignment expression cannot rebind comprehension iteration variable '{}'", id),
                    ));
                }
                continue;
            }
            match scope.kind {
                ScopeKind::Function => {
                    let flag = if scope.flags(id) & DEF_GLOBAL != 0 {
                        DEF_GLOBAL
                    } else {
                        DEF_NONLOCAL
                    };
                    self.add_def(id, flag, target.loc)?;
                    self.record_directive(id, target.loc);
                    return self.add_def_in(sid, id, DEF_LOCAL, target.loc);
                }
                ScopeKind::Module => {
                    self.add_def(id, DEF_GLOBAL, target.loc)?;
                    self.record_directive(id, target.loc);
                    return self.add_def_in(sid, id, DEF_GLOBAL, target.loc);
                }
                ScopeKind::Class => {
                    return Err(err(target.loc, "assignment expression within a comprehension cannot be used in a class body"));
                }
                ScopeKind::Annotation => {}
            }
        }
        Ok(())
    }

    fn comprehension(
        &mut self,
        e: &Expr,
        name: &str,
        kind: Comprehension,
        generators: &[crate::ast::Comprehension],
        elt: &Expr,
        value: Option<&Expr>,
    ) -> PResult<()> {
        let outermost = &generators[0];
        // The outermost iterable is evaluated in the enclosing scope.
        self.cur_scope().comp_iter_expr += 1;
        self.expr(&outermost.iter)?;
        self.cur_scope().comp_iter_expr -= 1;
        self.enter(name, ScopeKind::Function, e, e.loc);
        self.cur_scope().comprehension = Some(kind);
        if outermost.is_async != 0 {
            self.cur_scope().coroutine = true;
        }
        // ... and passed in as the implicit argument `.0`.
        self.add_def(".0", DEF_PARAM, e.loc)?;
        self.cur_scope().comp_iter_target = true;
        self.expr(&outermost.target)?;
        self.cur_scope().comp_iter_target = false;
        self.exprs(&outermost.ifs)?;
        for g in &generators[1..] {
            self.cur_scope().comp_iter_target = true;
            self.expr(&g.target)?;
            self.cur_scope().comp_iter_target = false;
            self.cur_scope().comp_iter_expr += 1;
            self.expr(&g.iter)?;
            self.cur_scope().comp_iter_expr -= 1;
            self.exprs(&g.ifs)?;
            if g.is_async != 0 {
                self.cur_scope().coroutine = true;
            }
        }
        if let Some(v) = value {
            self.expr(v)?;
        }
        self.expr(elt)?;
        let is_generator = kind == Comprehension::Generator;
        self.cur_scope().generator = is_generator;
        let is_async = self.cur_scope().coroutine && !is_generator;
        self.exit();
        if is_async {
            self.cur_scope().coroutine = true;
        }
        Ok(())
    }

    fn pattern(&mut self, p: &Pattern) -> PResult<()> {
        stacker::maybe_grow(DEEP_RED_ZONE, DEEP_SEGMENT, || self.pattern_inner(p))
    }

    fn pattern_inner(&mut self, p: &Pattern) -> PResult<()> {
        match &p.kind {
            PatternKind::MatchValue { value } => self.expr(value)?,
            PatternKind::MatchSingleton { .. } => {}
            PatternKind::MatchSequence { patterns } | PatternKind::MatchOr { patterns } => {
                patterns.iter().try_for_each(|x| self.pattern(x))?
            }
            PatternKind::MatchStar { name } => {
                if let Some(n) = name {
                    self.add_def(n, DEF_LOCAL, p.loc)?;
                }
            }
            PatternKind::MatchMapping {
                keys,
                patterns,
                rest,
            } => {
                self.exprs(keys)?;
                patterns.iter().try_for_each(|x| self.pattern(x))?;
                if let Some(r) = rest {
                    self.add_def(r, DEF_LOCAL, p.loc)?;
                }
            }
            PatternKind::MatchClass {
                cls,
                patterns,
                kwd_patterns,
                ..
            } => {
                self.expr(cls)?;
                patterns
                    .iter()
                    .chain(kwd_patterns)
                    .try_for_each(|x| self.pattern(x))?;
            }
            PatternKind::MatchAs { pattern, name } => {
                if let Some(sub) = pattern {
                    self.pattern(sub)?;
                }
                if let Some(n) = name {
                    self.add_def(n, DEF_LOCAL, p.loc)?;
                }
            }
        }
        Ok(())
    }
}

// ----- pass 2: analysis (CPython's analyze_block and friends) ----------------

fn directive_loc(s: &Scope, name: &str) -> Loc {
    s.directives
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, l)| *l)
        .unwrap_or_default()
}

fn analyze(t: &mut SymbolTable) -> PResult<()> {
    let mut free = HashSet::default();
    let mut global = HashSet::default();
    analyze_block(t, 0, None, &mut free, &mut global)
}

#[allow(clippy::too_many_arguments)]
fn analyze_name(
    s: &mut Scope,
    scopes: &mut HashMap<String, u32>,
    name: &str,
    flags: u32,
    bound: Option<&mut HashSet<String>>,
    local: &mut HashSet<String>,
    free: &mut HashSet<String>,
    global: &mut HashSet<String>,
) -> PResult<()> {
    if flags & DEF_GLOBAL != 0 {
        if flags & DEF_NONLOCAL != 0 {
            return Err(err(
                directive_loc(s, name),
                format!("name '{}' is nonlocal and global", name),
            ));
        }
        scopes.insert(name.to_string(), NameScope::GlobalExplicit as u32);
        global.insert(name.to_string());
        if let Some(b) = bound {
            b.remove(name);
        }
        return Ok(());
    }
    if flags & DEF_NONLOCAL != 0 {
        let Some(b) = bound else {
            return Err(err(
                directive_loc(s, name),
                "nonlocal declaration not allowed at module level",
            ));
        };
        if !b.contains(name) {
            return Err(err(
                directive_loc(s, name),
                format!("no binding for nonlocal '{}' found", name),
            ));
        }
        scopes.insert(name.to_string(), NameScope::Free as u32);
        s.free = true;
        free.insert(name.to_string());
        return Ok(());
    }
    if flags & DEF_BOUND != 0 {
        scopes.insert(name.to_string(), NameScope::Local as u32);
        local.insert(name.to_string());
        global.remove(name);
        return Ok(());
    }
    if bound.is_some_and(|b| b.contains(name)) {
        scopes.insert(name.to_string(), NameScope::Free as u32);
        s.free = true;
        free.insert(name.to_string());
        return Ok(());
    }
    if global.contains(name) {
        scopes.insert(name.to_string(), NameScope::GlobalImplicit as u32);
        return Ok(());
    }
    if s.nested {
        s.free = true;
    }
    scopes.insert(name.to_string(), NameScope::GlobalImplicit as u32);
    Ok(())
}

fn analyze_block(
    t: &mut SymbolTable,
    id: ScopeId,
    mut bound: Option<&mut HashSet<String>>,
    free: &mut HashSet<String>,
    global: &mut HashSet<String>,
) -> PResult<()> {
    let mut local = HashSet::default();
    let mut scopes: HashMap<String, u32> = HashMap::default();
    let mut newglobal: HashSet<String> = HashSet::default();
    let mut newfree: HashSet<String> = HashSet::default();
    let mut newbound: HashSet<String> = HashSet::default();
    let kind = t.scopes[id].kind;
    if kind == ScopeKind::Class {
        newglobal.extend(global.iter().cloned());
        if let Some(b) = bound.as_deref() {
            newbound.extend(b.iter().cloned());
        }
    }
    let symbols = t.scopes[id].symbols.clone();
    for (name, flags) in &symbols {
        analyze_name(
            &mut t.scopes[id],
            &mut scopes,
            name,
            *flags,
            bound.as_deref_mut(),
            &mut local,
            free,
            global,
        )?;
    }
    if kind != ScopeKind::Class {
        if kind == ScopeKind::Function {
            newbound.extend(local.iter().cloned());
        }
        if let Some(b) = bound.as_deref() {
            newbound.extend(b.iter().cloned());
        }
        newglobal.extend(global.iter().cloned());
    } else {
        newbound.insert("__class__".to_string());
    }
    let mut allfree: HashSet<String> = HashSet::default();
    let children = t.scopes[id].children.clone();
    for c in children {
        let mut temp_bound = newbound.clone();
        let mut temp_free = newfree.clone();
        let mut temp_global = newglobal.clone();
        analyze_block(
            t,
            c,
            Some(&mut temp_bound),
            &mut temp_free,
            &mut temp_global,
        )?;
        allfree.extend(temp_free);
        if t.scopes[c].free || t.scopes[c].child_free {
            t.scopes[id].child_free = true;
        }
    }
    newfree.extend(allfree);
    if kind == ScopeKind::Function {
        // Locals that children use freely become cells.
        for (name, sc) in scopes.iter_mut() {
            if *sc == NameScope::Local as u32 && newfree.remove(name) {
                *sc = NameScope::Cell as u32;
            }
        }
    } else if kind == ScopeKind::Class && newfree.remove("__class__") {
        t.scopes[id].needs_class_closure = true;
    }
    // update_symbols
    let s = &mut t.scopes[id];
    for (name, flags) in s.symbols.iter_mut() {
        *flags |= scopes[name.as_str()] << SCOPE_OFFSET;
    }
    let mut newfree_sorted: Vec<&String> = newfree.iter().collect();
    newfree_sorted.sort();
    for name in newfree_sorted {
        if let Some(&i) = s.index.get(name.as_str()) {
            if kind == ScopeKind::Class && s.symbols[i].1 & (DEF_BOUND | DEF_GLOBAL) != 0 {
                s.symbols[i].1 |= DEF_FREE_CLASS;
            }
            continue;
        }
        if bound.as_deref().is_some_and(|b| !b.contains(name.as_str())) {
            continue;
        }
        s.set(name, (NameScope::Free as u32) << SCOPE_OFFSET);
    }
    free.extend(newfree);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(src: &str) -> SymbolTable {
        let m = crate::parse_source(src.as_bytes()).unwrap();
        build(&m, false).unwrap()
    }

    fn scope_named<'a>(t: &'a SymbolTable, name: &str) -> &'a Scope {
        t.scopes.iter().find(|s| s.name == name).unwrap()
    }

    #[test]
    fn closures_cells_and_globals() {
        let t = table("def outer(a):\n    y = 2\n    def inner():\n        nonlocal y\n        return y + a + zz\n    return inner\n");
        let outer = scope_named(&t, "outer");
        assert_eq!(outer.scope_of("a"), Some(NameScope::Cell));
        assert_eq!(outer.scope_of("y"), Some(NameScope::Cell));
        assert_eq!(outer.scope_of("inner"), Some(NameScope::Local));
        let inner = scope_named(&t, "inner");
        assert_eq!(inner.scope_of("y"), Some(NameScope::Free));
        assert_eq!(inner.scope_of("a"), Some(NameScope::Free));
        assert_eq!(inner.scope_of("zz"), Some(NameScope::GlobalImplicit));
        assert_eq!(inner.flags("y"), (4 << SCOPE_OFFSET) | DEF_NONLOCAL | USE);
    }

    #[test]
    fn class_scopes_and_super() {
        let t = table("class A:\n    x = 1\n    def f(self):\n        return super().f(), x\n");
        let a = scope_named(&t, "A");
        assert!(a.needs_class_closure);
        let f = scope_named(&t, "f");
        assert_eq!(f.scope_of("__class__"), Some(NameScope::Free));
        assert_eq!(f.scope_of("x"), Some(NameScope::GlobalImplicit));
    }

    #[test]
    fn comprehensions_and_walrus() {
        let t = table("def g():\n    return [y for y in range(3) if (w := y)]\n");
        let g = scope_named(&t, "g");
        assert_eq!(g.scope_of("w"), Some(NameScope::Cell));
        let lc = scope_named(&t, "listcomp");
        assert_eq!(lc.varnames, vec![".0"]);
        assert_eq!(lc.scope_of("w"), Some(NameScope::Free));
        assert_eq!(lc.scope_of("range"), None);
        assert_eq!(g.scope_of("range"), Some(NameScope::GlobalImplicit));
    }

    #[test]
    fn mangling() {
        assert_eq!(mangle(Some("A"), "__x"), "_A__x");
        assert_eq!(mangle(Some("_A"), "__x"), "_A__x");
        assert_eq!(mangle(Some("A"), "__x__"), "__x__");
        assert_eq!(mangle(Some("__"), "__x"), "__x");
        assert_eq!(mangle(None, "__x"), "__x");
    }

    #[test]
    fn errors() {
        let e = |src: &str| {
            build(&crate::parse_source(src.as_bytes()).unwrap(), false)
                .unwrap_err()
                .msg
        };
        assert_eq!(
            e("def f():\n    x = 1\n    def g():\n        nonlocal y\n"),
            "no binding for nonlocal 'y' found"
        );
        assert_eq!(
            e("def f():\n    x\n    global x\n"),
            "name 'x' is used prior to global declaration"
        );
        assert_eq!(
            e("def f():\n    global x\n    nonlocal x\n"),
            "name 'x' is nonlocal and global"
        );
        assert_eq!(
            e("class A:\n    [(y := 1) for x in z]\n"),
            "assignment expression within a comprehension cannot be used in a class body"
        );
        assert_eq!(
            e("[(x := 1) for x in y]"),
            "assignment expression cannot rebind comprehension iteration variable 'x'"
        );
    }
}
