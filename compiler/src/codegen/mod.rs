//! Code generation: AST + symbol table → a control-flow graph of basic
//! blocks per code object, handed to the assembler (`crate::assemble`).
//!
//! The shape follows CPython 3.11's `Python/compile.c` function for
//! function, so that Pyrite's code objects have CPython's names, locals,
//! cells, flags and constants in the same places (checked against CPython
//! over its standard library by `tools/codeinfo_parity.py`). This file holds
//! the compilation units, name resolution and statements; `expr.rs` the
//! expressions.

mod expr;
mod pattern;

use crate::assemble;
use crate::ast::*;
use crate::code::*;
use crate::error::{PResult, SyntaxError};
use crate::opcode::Op;
use crate::symtable::{self, NameScope, ScopeId, ScopeKind, SymbolTable};
use rustc_hash::FxHashMap as HashMap;
use std::sync::Arc;

pub type BlockId = usize;

/// An instruction in the control-flow graph.
#[derive(Clone, Debug)]
pub struct CInstr {
    pub op: Op,
    pub arg: u32,
    pub target: Option<BlockId>,
    /// `lineno == 0`: artificial (takes the location of its neighbours).
    pub loc: Loc,
}

#[derive(Clone, Debug, Default)]
pub struct Block {
    pub instrs: Vec<CInstr>,
    /// The block laid out after this one (fall-through successor).
    pub next: Option<BlockId>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnitKind {
    Module,
    Class,
    Function,
    AsyncFunction,
    Lambda,
    Comprehension,
}

/// Frame blocks: what `break`, `continue` and `return` must unwind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FBlockKind {
    WhileLoop,
    ForLoop,
    TryExcept,
    FinallyTry,
    FinallyEnd,
    With,
    AsyncWith,
    HandlerCleanup,
    PopValue,
    ExceptionHandler,
    ExceptionGroupHandler,
    AsyncComprehensionGenerator,
}

#[derive(Clone, Copy)]
enum FDatum<'a> {
    None,
    Stmts(&'a [Stmt]),
    Stmt(&'a Stmt),
    Name(&'a str),
}

#[derive(Clone, Copy)]
struct FBlock<'a> {
    kind: FBlockKind,
    block: Option<BlockId>,
    exit: Option<BlockId>,
    datum: FDatum<'a>,
}

/// One code object under construction (CPython's `compiler_unit`).
pub struct Unit<'a> {
    pub scope: ScopeId,
    pub kind: UnitKind,
    pub name: String,
    pub qualname: String,
    pub firstlineno: u32,
    pub blocks: Vec<Block>,
    cur: BlockId,
    /// CPython's `b_return` of the current block: a `return` statement
    /// ended it. The fresh block a `return` moves to (for dead code after
    /// it) still counts as returned; moving to any other block does not.
    returned: bool,
    pub consts: Vec<Constant>,
    const_index: HashMap<String, u32>,
    pub names: Vec<String>,
    name_index: HashMap<String, u32>,
    pub varnames: Vec<String>,
    varname_index: HashMap<String, u32>,
    pub cellvars: Vec<String>,
    pub freevars: Vec<String>,
    pub argcount: u32,
    pub posonlyargcount: u32,
    pub kwonlyargcount: u32,
    fblocks: Vec<FBlock<'a>>,
    private: Option<String>,
    loc: Loc,
}

/// A key that tells constants apart the way CPython's `merge_consts` does
/// (1, 1.0 and True are different constants; so are 0.0 and -0.0).
fn const_key(c: &Constant) -> Option<String> {
    match c {
        Constant::Code(_) => None,
        // NaN is not equal to itself: CPython never merges NaN constants.
        Constant::Float(f) if f.is_nan() => None,
        Constant::Complex { real, imag } if real.is_nan() || imag.is_nan() => None,
        Constant::Float(f) => Some(format!("f{:?}/{}", f, f.to_bits())),
        Constant::Complex { real, imag } => Some(format!("c{}/{}", real.to_bits(), imag.to_bits())),
        other => Some(format!("{:?}", other)),
    }
}

impl<'a> Unit<'a> {
    pub(crate) fn add_const(&mut self, c: Constant) -> u32 {
        // Equal code objects are one constant too (a `finally` body is
        // compiled twice, its nested functions once).
        if let Constant::Code(code) = &c {
            if let Some(i) = self
                .consts
                .iter()
                .position(|x| matches!(x, Constant::Code(other) if other == code))
            {
                return i as u32;
            }
        }
        let key = const_key(&c);
        if let Some(k) = &key {
            if let Some(&i) = self.const_index.get(k) {
                return i;
            }
        }
        let i = self.consts.len() as u32;
        if let Some(k) = key {
            self.const_index.insert(k, i);
        }
        self.consts.push(c);
        i
    }

    fn add_name(&mut self, name: &str) -> u32 {
        if let Some(&i) = self.name_index.get(name) {
            return i;
        }
        let i = self.names.len() as u32;
        self.names.push(name.to_string());
        self.name_index.insert(name.to_string(), i);
        i
    }

    fn add_varname(&mut self, name: &str) -> u32 {
        if let Some(&i) = self.varname_index.get(name) {
            return i;
        }
        let i = self.varnames.len() as u32;
        self.varnames.push(name.to_string());
        self.varname_index.insert(name.to_string(), i);
        i
    }

    /// Index of a cell or free variable among `cellvars ++ freevars`.
    fn cell_index(&self, name: &str, free: bool) -> Option<u32> {
        if free {
            self.freevars
                .iter()
                .position(|n| n == name)
                .map(|i| (self.cellvars.len() + i) as u32)
        } else {
            self.cellvars
                .iter()
                .position(|n| n == name)
                .map(|i| i as u32)
        }
    }
}

/// Options of a compilation (CPython's `-O`, interactive mode).
#[derive(Clone, Copy, Debug, Default)]
pub struct CompileOptions {
    /// 0: normal; 1: `-O` (no asserts, `__debug__` false); 2: `-OO` (no docstrings).
    pub optimize: u32,
    /// Expression statements print their value (the REPL).
    pub interactive: bool,
}

pub struct Compiler<'a> {
    filename: String,
    st: SymbolTable,
    units: Vec<Unit<'a>>,
    future_flags: u32,
    ff_lineno: u32,
    options: CompileOptions,
}

/// Compile a parsed module into its code object: CPython's compile-time
/// checks (`checks`), the AST optimizer, the symbol table, code generation.
pub fn compile_module(
    mut module: Mod,
    filename: &str,
    options: CompileOptions,
) -> PResult<CodeObject> {
    crate::checks::check_module(&module)?;
    let ff_lineno = crate::checks::future_parse(&module)?;
    let future_flags = future_code_flags(&module);
    let future_annotations = future_flags & CO_FUTURE_ANNOTATIONS != 0;
    crate::ast_opt::Optimizer {
        optimize: options.optimize,
        future_annotations,
    }
    .module(&mut module);
    compile_optimized(&module, filename, options, ff_lineno, future_flags)
}

fn compile_optimized(
    m: &Mod,
    filename: &str,
    options: CompileOptions,
    ff_lineno: u32,
    future_flags: u32,
) -> PResult<CodeObject> {
    let st = symtable::build(m, future_flags & CO_FUTURE_ANNOTATIONS != 0)?;
    let mut c = Compiler {
        filename: filename.to_string(),
        st,
        units: Vec::new(),
        future_flags,
        ff_lineno,
        options,
    };
    let body: &[Stmt] = match m {
        Mod::Module { body, .. } | Mod::Interactive { body } => body,
        _ => &[],
    };
    c.enter_scope("<module>", UnitKind::Module, 0, 1);
    match m {
        Mod::Expression { body } => {
            c.expr(body)?;
            c.emit(Op::RETURN_VALUE, 0);
        }
        _ => {
            c.options.interactive |= matches!(m, Mod::Interactive { .. });
            c.body(body)?;
        }
    }
    Ok(c.finish_unit(true))
}

/// The `CO_FUTURE_*` flags of the module's `from __future__` imports.
fn future_code_flags(m: &Mod) -> u32 {
    let body = match m {
        Mod::Module { body, .. } | Mod::Interactive { body } => body,
        _ => return 0,
    };
    let mut flags = 0;
    for s in body {
        if let StmtKind::ImportFrom {
            module: Some(m),
            names,
            ..
        } = &s.kind
        {
            if m == "__future__" {
                for a in names {
                    // The other features are mandatory in 3.11 and set no flag.
                    flags |= match a.name.as_str() {
                        "barry_as_FLUFL" => CO_FUTURE_BARRY_AS_BDFL,
                        "annotations" => CO_FUTURE_ANNOTATIONS,
                        _ => 0,
                    };
                }
                continue;
            }
        }
        if !matches!(&s.kind, StmtKind::Expr { value } if matches!(value.kind, ExprKind::Constant { .. }))
        {
            break;
        }
    }
    flags
}

/// `_PyAST_GetDocString`: the first statement, if a string constant.
fn docstring(body: &[Stmt]) -> Option<&Wtf8BufRef> {
    match body.first().map(|s| &s.kind) {
        Some(StmtKind::Expr { value }) => match &value.kind {
            ExprKind::Constant {
                value: ConstValue::Str(s),
                ..
            } => Some(s),
            _ => None,
        },
        _ => None,
    }
}

type Wtf8BufRef = crate::wtf8::Wtf8Buf;

/// Does this body contain annotated assignments (needing `__annotations__`)?
fn find_ann(body: &[Stmt]) -> bool {
    body.iter().any(|s| match &s.kind {
        StmtKind::AnnAssign { .. } => true,
        StmtKind::For { body, orelse, .. }
        | StmtKind::AsyncFor { body, orelse, .. }
        | StmtKind::While { body, orelse, .. }
        | StmtKind::If { body, orelse, .. } => find_ann(body) || find_ann(orelse),
        StmtKind::With { body, .. } | StmtKind::AsyncWith { body, .. } => find_ann(body),
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
            find_ann(body)
                || find_ann(orelse)
                || find_ann(finalbody)
                || handlers.iter().any(|h| find_ann(&h.body))
        }
        StmtKind::Match { cases, .. } => cases.iter().any(|c| find_ann(&c.body)),
        _ => false,
    })
}

pub(crate) fn const_from_ast(v: &ConstValue) -> Constant {
    match v {
        ConstValue::None => Constant::None,
        ConstValue::Bool(b) => Constant::Bool(*b),
        ConstValue::Ellipsis => Constant::Ellipsis,
        ConstValue::Int(i) => Constant::Int(i.clone()),
        ConstValue::Float(f) => Constant::Float(*f),
        ConstValue::Complex { real, imag } => Constant::Complex {
            real: *real,
            imag: *imag,
        },
        ConstValue::Str(s) => Constant::Str(s.clone()),
        ConstValue::Bytes(b) => Constant::Bytes(b.clone()),
        ConstValue::Tuple(items) => Constant::Tuple(items.iter().map(const_from_ast).collect()),
        ConstValue::FrozenSet(items) => {
            Constant::FrozenSet(items.iter().map(const_from_ast).collect())
        }
    }
}

fn str_const(s: &str) -> Constant {
    Constant::Str(crate::wtf8::Wtf8Buf::from_str(s))
}

impl<'a> Compiler<'a> {
    fn u(&mut self) -> &mut Unit<'a> {
        self.units.last_mut().unwrap()
    }

    fn ur(&self) -> &Unit<'a> {
        self.units.last().unwrap()
    }

    fn scope(&self) -> &symtable::Scope {
        &self.st.scopes[self.ur().scope]
    }

    fn error(&self, loc: Loc, msg: &str) -> SyntaxError {
        SyntaxError::new(
            msg,
            loc.lineno,
            loc.col_offset,
            loc.end_lineno,
            loc.end_col_offset,
        )
    }

    // ----- units ----------------------------------------------------------------

    fn enter_scope(&mut self, name: &str, kind: UnitKind, scope: ScopeId, firstlineno: u32) {
        let ste = &self.st.scopes[scope];
        // Parameters that are cells come first, in parameter order (they
        // share the parameter's slot), then the other cells, sorted.
        let cells = ste.names_with_scope(NameScope::Cell, 0);
        let mut cellvars: Vec<String> = ste
            .varnames
            .iter()
            .filter(|v| cells.contains(v))
            .cloned()
            .collect();
        cellvars.extend(cells.into_iter().filter(|c| !ste.varnames.contains(c)));
        if ste.needs_class_closure {
            cellvars.insert(0, "__class__".to_string());
        }
        let freevars = ste.names_with_scope(NameScope::Free, symtable::DEF_FREE_CLASS);
        let varnames = ste.varnames.clone();
        let varname_index = varnames
            .iter()
            .enumerate()
            .map(|(i, n)| (n.clone(), i as u32))
            .collect();
        let private = self.units.last().and_then(|u| u.private.clone());
        let mut u = Unit {
            scope,
            kind,
            name: name.to_string(),
            qualname: String::new(),
            firstlineno,
            blocks: vec![Block::default()],
            cur: 0,
            returned: false,
            consts: Vec::new(),
            const_index: HashMap::default(),
            names: Vec::new(),
            name_index: HashMap::default(),
            varnames,
            varname_index,
            cellvars,
            freevars,
            argcount: 0,
            posonlyargcount: 0,
            kwonlyargcount: 0,
            fblocks: Vec::new(),
            private,
            loc: Loc::default(),
        };
        if kind == UnitKind::Module {
            // Line 0, as CPython numbers the module's RESUME (a location
            // that is not the all-zero "artificial" one).
            u.loc = Loc::new(0, 0, 1, 0);
        } else {
            u.qualname = self.qualname_for(name, kind);
            u.loc = Loc::new(firstlineno, 0, firstlineno, 0);
        }
        self.units.push(u);
        self.emit(Op::RESUME, 0);
    }

    /// CPython's `compiler_set_qualname`.
    fn qualname_for(&self, name: &str, kind: UnitKind) -> String {
        let Some(parent) = self.units.last() else {
            return name.to_string();
        };
        if parent.kind == UnitKind::Module {
            return name.to_string();
        }
        if matches!(
            kind,
            UnitKind::Function | UnitKind::AsyncFunction | UnitKind::Class
        ) {
            let mangled = symtable::mangle(parent.private.as_deref(), name);
            if self.st.scopes[parent.scope].scope_of(&mangled) == Some(NameScope::GlobalExplicit) {
                return name.to_string();
            }
        }
        let base = if matches!(
            parent.kind,
            UnitKind::Function | UnitKind::AsyncFunction | UnitKind::Lambda
        ) {
            format!("{}.<locals>", parent.qualname)
        } else {
            parent.qualname.clone()
        };
        format!("{}.{}", base, name)
    }

    /// Assemble the current unit into a code object and leave its scope.
    fn finish_unit(&mut self, add_none: bool) -> CodeObject {
        let ends_with_return = {
            let u = self.ur();
            u.returned
                || u.blocks[u.cur]
                    .instrs
                    .last()
                    .is_some_and(|i| i.op == Op::RETURN_VALUE)
        };
        if !ends_with_return {
            self.u().loc = Loc::default();
            if add_none {
                let none = self.u().add_const(Constant::None);
                self.emit(Op::LOAD_CONST, none);
            }
            self.emit(Op::RETURN_VALUE, 0);
        }
        let flags = self.code_flags();
        let u = self.units.pop().unwrap();
        assemble::assemble(u, flags, &self.filename)
    }

    /// CPython's `compute_code_flags`.
    fn code_flags(&self) -> u32 {
        let ste = self.scope();
        let mut flags = 0;
        if ste.kind == ScopeKind::Function {
            flags |= CO_NEWLOCALS | CO_OPTIMIZED;
            if ste.nested {
                flags |= CO_NESTED;
            }
            match (ste.generator, ste.coroutine) {
                (true, false) => flags |= CO_GENERATOR,
                (false, true) => flags |= CO_COROUTINE,
                (true, true) => flags |= CO_ASYNC_GENERATOR,
                _ => {}
            }
            if ste.varargs {
                flags |= CO_VARARGS;
            }
            if ste.varkeywords {
                flags |= CO_VARKEYWORDS;
            }
        }
        flags | self.future_flags
    }

    // ----- blocks and instructions ------------------------------------------------

    fn new_block(&mut self) -> BlockId {
        let u = self.u();
        u.blocks.push(Block::default());
        u.blocks.len() - 1
    }

    fn use_next_block(&mut self, b: BlockId) {
        let u = self.u();
        let cur = u.cur;
        u.blocks[cur].next = Some(b);
        u.cur = b;
        u.returned = false;
    }

    /// CPython's NEXT_BLOCK: continue in a fresh block.
    fn next_block(&mut self) {
        let b = self.new_block();
        self.use_next_block(b);
    }

    fn push_instr(&mut self, op: Op, arg: u32, target: Option<BlockId>, loc: Loc) {
        let u = self.u();
        let cur = u.cur;
        u.blocks[cur].instrs.push(CInstr {
            op,
            arg,
            target,
            loc,
        });
        // A jump ends its basic block (the CFG passes rely on it).
        if op.is_jump() && !op.is_block_push() {
            self.next_block();
        }
    }

    fn emit(&mut self, op: Op, arg: u32) {
        let loc = self.ur().loc;
        self.push_instr(op, arg, None, loc);
    }

    fn emit_noline(&mut self, op: Op, arg: u32) {
        self.push_instr(op, arg, None, Loc::default());
    }

    fn emit_jump(&mut self, op: Op, target: BlockId) {
        let loc = self.ur().loc;
        self.push_instr(op, 0, Some(target), loc);
    }

    fn emit_jump_noline(&mut self, op: Op, target: BlockId) {
        self.push_instr(op, 0, Some(target), Loc::default());
    }

    fn load_const(&mut self, c: Constant) {
        let i = self.u().add_const(c);
        self.emit(Op::LOAD_CONST, i);
    }

    /// An instruction taking a (mangled) name from `co_names`.
    fn emit_name(&mut self, op: Op, name: &str) {
        let mangled = symtable::mangle(self.ur().private.as_deref(), name);
        let i = self.u().add_name(&mangled);
        self.emit(op, i);
    }

    fn set_loc(&mut self, loc: Loc) {
        self.u().loc = loc;
    }

    fn unset_loc(&mut self) {
        self.u().loc = Loc::default();
    }

    fn push_fblock(
        &mut self,
        kind: FBlockKind,
        block: Option<BlockId>,
        exit: Option<BlockId>,
        datum: FDatum<'a>,
    ) -> PResult<()> {
        if self.ur().fblocks.len() >= 20 {
            let loc = self.ur().loc;
            return Err(self.error(loc, "too many statically nested blocks"));
        }
        self.u().fblocks.push(FBlock {
            kind,
            block,
            exit,
            datum,
        });
        Ok(())
    }

    fn pop_fblock(&mut self) {
        self.u().fblocks.pop();
    }

    // ----- names ------------------------------------------------------------------

    /// CPython's `compiler_nameop`: load/store/delete a name in the right way
    /// for its scope.
    fn nameop(&mut self, name: &str, ctx: ExprContext) -> PResult<()> {
        let mangled = symtable::mangle(self.ur().private.as_deref(), name);
        let ste = self.scope();
        let is_function = ste.kind == ScopeKind::Function;
        let is_class = ste.kind == ScopeKind::Class;
        let scope = ste.scope_of(&mangled);
        enum How {
            Fast,
            Deref(bool),
            Global,
            Name,
        }
        let how = match scope {
            Some(NameScope::Free) => How::Deref(true),
            Some(NameScope::Cell) => How::Deref(false),
            Some(NameScope::Local) if is_function => How::Fast,
            Some(NameScope::GlobalImplicit) if is_function => How::Global,
            Some(NameScope::GlobalExplicit) => How::Global,
            _ => How::Name,
        };
        match how {
            How::Fast => {
                let i = self.u().add_varname(&mangled);
                let op = match ctx {
                    ExprContext::Load => Op::LOAD_FAST,
                    ExprContext::Store => Op::STORE_FAST,
                    ExprContext::Del => Op::DELETE_FAST,
                };
                self.emit(op, i);
            }
            How::Deref(free) => {
                let Some(i) = self.ur().cell_index(&mangled, free) else {
                    let loc = self.ur().loc;
                    return Err(
                        self.error(loc, &format!("internal error: no cell for '{}'", mangled))
                    );
                };
                let op = match ctx {
                    ExprContext::Load if is_class => Op::LOAD_CLASSDEREF,
                    ExprContext::Load => Op::LOAD_DEREF,
                    ExprContext::Store => Op::STORE_DEREF,
                    ExprContext::Del => Op::DELETE_DEREF,
                };
                self.emit(op, i);
            }
            How::Global => {
                let i = self.u().add_name(&mangled);
                match ctx {
                    ExprContext::Load => self.emit(Op::LOAD_GLOBAL, i << 1),
                    ExprContext::Store => self.emit(Op::STORE_GLOBAL, i),
                    ExprContext::Del => self.emit(Op::DELETE_GLOBAL, i),
                }
            }
            How::Name => {
                let i = self.u().add_name(&mangled);
                let op = match ctx {
                    ExprContext::Load => Op::LOAD_NAME,
                    ExprContext::Store => Op::STORE_NAME,
                    ExprContext::Del => Op::DELETE_NAME,
                };
                self.emit(op, i);
            }
        }
        Ok(())
    }

    // ----- bodies -----------------------------------------------------------------

    /// CPython's `compiler_body`: `__annotations__` set-up, the docstring
    /// stored as `__doc__`, then the statements.
    fn body(&mut self, stmts: &'a [Stmt]) -> PResult<()> {
        if self.ur().kind == UnitKind::Module {
            if let Some(first) = stmts.first() {
                self.set_loc(first.loc);
            }
        }
        if find_ann(stmts) {
            self.emit(Op::SETUP_ANNOTATIONS, 0);
        }
        let mut rest = stmts;
        if self.options.optimize < 2 {
            if let (Some(_), Some(first)) = (docstring(stmts), stmts.first()) {
                if let StmtKind::Expr { value } = &first.kind {
                    self.set_loc(first.loc);
                    self.expr(value)?;
                    self.unset_loc();
                    self.nameop("__doc__", ExprContext::Store)?;
                    rest = &stmts[1..];
                }
            }
        }
        self.stmts(rest)
    }

    fn stmts(&mut self, stmts: &'a [Stmt]) -> PResult<()> {
        stmts.iter().try_for_each(|s| self.stmt(s))
    }

    fn stmt(&mut self, s: &'a Stmt) -> PResult<()> {
        stacker::maybe_grow(DEEP_RED_ZONE, DEEP_SEGMENT, || self.stmt_inner(s))
    }

    fn stmt_inner(&mut self, s: &'a Stmt) -> PResult<()> {
        self.set_loc(s.loc);
        match &s.kind {
            StmtKind::FunctionDef {
                name,
                args,
                body,
                decorator_list,
                returns,
                ..
            } => self.function(
                s,
                name,
                args,
                body,
                decorator_list,
                returns.as_deref(),
                false,
            ),
            StmtKind::AsyncFunctionDef {
                name,
                args,
                body,
                decorator_list,
                returns,
                ..
            } => self.function(
                s,
                name,
                args,
                body,
                decorator_list,
                returns.as_deref(),
                true,
            ),
            StmtKind::ClassDef {
                name,
                bases,
                keywords,
                body,
                decorator_list,
            } => self.class(s, name, bases, keywords, body, decorator_list),
            StmtKind::Return { value } => self.return_stmt(s, value.as_deref()),
            StmtKind::Delete { targets } => targets.iter().try_for_each(|t| self.expr(t)),
            StmtKind::Assign { targets, value, .. } => {
                self.expr(value)?;
                for (i, t) in targets.iter().enumerate() {
                    if i + 1 < targets.len() {
                        self.emit(Op::COPY, 1);
                    }
                    self.expr(t)?;
                }
                Ok(())
            }
            StmtKind::AugAssign { target, op, value } => self.augassign(target, *op, value),
            StmtKind::AnnAssign {
                target,
                annotation,
                value,
                simple,
            } => self.annassign(s, target, annotation, value.as_deref(), *simple),
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
                ..
            } => self.for_stmt(target, iter, body, orelse),
            StmtKind::AsyncFor {
                target,
                iter,
                body,
                orelse,
                ..
            } => self.async_for(target, iter, body, orelse),
            StmtKind::While { test, body, orelse } => self.while_stmt(s, test, body, orelse),
            StmtKind::If { test, body, orelse } => {
                let end = self.new_block();
                let next = if orelse.is_empty() {
                    end
                } else {
                    self.new_block()
                };
                self.jump_if(test, next, false)?;
                self.stmts(body)?;
                if !orelse.is_empty() {
                    self.emit_jump_noline(Op::JUMP, end);
                    self.use_next_block(next);
                    self.stmts(orelse)?;
                }
                self.use_next_block(end);
                Ok(())
            }
            StmtKind::With { .. } => self.with_stmt(s, 0),
            StmtKind::AsyncWith { .. } => self.with_stmt(s, 0),
            StmtKind::Match { subject, cases } => self.match_stmt(subject, cases),
            StmtKind::Raise { exc, cause } => {
                let mut n = 0;
                if let Some(e) = exc {
                    self.expr(e)?;
                    n = 1;
                    if let Some(c) = cause {
                        self.expr(c)?;
                        n = 2;
                    }
                }
                self.emit(Op::RAISE_VARARGS, n);
                self.next_block();
                Ok(())
            }
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
            } => {
                if !finalbody.is_empty() {
                    self.try_finally(s, body, handlers, orelse, finalbody)
                } else {
                    self.try_except(body, handlers, orelse)
                }
            }
            StmtKind::TryStar {
                body,
                handlers,
                orelse,
                finalbody,
            } => {
                if !finalbody.is_empty() {
                    self.try_finally(s, body, handlers, orelse, finalbody)
                } else {
                    self.try_star_except(body, handlers, orelse)
                }
            }
            StmtKind::Assert { test, msg } => {
                if self.options.optimize > 0 {
                    return Ok(());
                }
                let end = self.new_block();
                self.jump_if(test, end, true)?;
                self.emit(Op::LOAD_ASSERTION_ERROR, 0);
                if let Some(m) = msg {
                    self.expr(m)?;
                    self.emit(Op::CALL, 0);
                }
                self.emit(Op::RAISE_VARARGS, 1);
                self.use_next_block(end);
                Ok(())
            }
            StmtKind::Import { names } => self.import(names),
            StmtKind::ImportFrom {
                module,
                names,
                level,
            } => self.import_from(s, module.as_deref(), names, level.unwrap_or(0)),
            StmtKind::Global { .. } | StmtKind::Nonlocal { .. } => Ok(()),
            StmtKind::Expr { value } => {
                if self.options.interactive && self.units.len() <= 1 {
                    self.expr(value)?;
                    self.emit(Op::PRINT_EXPR, 0);
                    return Ok(());
                }
                if let ExprKind::Constant { .. } = value.kind {
                    self.emit(Op::NOP, 0);
                    return Ok(());
                }
                self.expr(value)?;
                self.unset_loc();
                self.emit(Op::POP_TOP, 0);
                Ok(())
            }
            StmtKind::Pass {} => {
                self.emit(Op::NOP, 0);
                Ok(())
            }
            StmtKind::Break {} => self.break_stmt(s),
            StmtKind::Continue {} => self.continue_stmt(s),
        }
    }

    // ----- functions and classes ----------------------------------------------------

    fn decorators(&mut self, decos: &'a [Expr]) -> PResult<()> {
        decos.iter().try_for_each(|d| self.expr(d))
    }

    /// Calls the decorators, innermost first. Each call is attributed to its
    /// decorator's line (as CPython 3.11 does, so a traceback from inside a
    /// decorator points at the `@` line), then the store goes back to the
    /// statement's.
    fn apply_decorators(&mut self, decos: &'a [Expr]) {
        let saved = self.ur().loc;
        for d in decos.iter().rev() {
            self.set_loc(d.loc);
            self.emit(Op::CALL, 0);
        }
        self.set_loc(saved);
    }

    /// Defaults and keyword-only defaults; returns the MAKE_FUNCTION flags.
    fn default_arguments(&mut self, args: &'a Arguments) -> PResult<u32> {
        let mut flags = 0;
        if !args.defaults.is_empty() {
            for d in &args.defaults {
                self.expr(d)?;
            }
            self.emit(Op::BUILD_TUPLE, args.defaults.len() as u32);
            flags |= crate::opcode::MAKE_DEFAULTS;
        }
        let mut keys = Vec::new();
        for (arg, default) in args.kwonlyargs.iter().zip(&args.kw_defaults) {
            if let Some(d) = default {
                keys.push(str_const(&symtable::mangle(
                    self.ur().private.as_deref(),
                    &arg.arg,
                )));
                self.expr(d)?;
            }
        }
        if !keys.is_empty() {
            let n = keys.len() as u32;
            self.load_const(Constant::Tuple(keys));
            self.emit(Op::BUILD_CONST_KEY_MAP, n);
            flags |= crate::opcode::MAKE_KWDEFAULTS;
        }
        Ok(flags)
    }

    fn annotation_value(&mut self, ann: &'a Expr) -> PResult<()> {
        if self.future_flags & CO_FUTURE_ANNOTATIONS != 0 {
            self.load_const(str_const(&crate::unparse::unparse_annotation(ann)));
        } else if let ExprKind::Starred { value, .. } = &ann.kind {
            // `*args: *Ts` → `[value] = [*Ts]`.
            self.expr(value)?;
            self.emit(Op::UNPACK_SEQUENCE, 1);
        } else {
            self.expr(ann)?;
        }
        Ok(())
    }

    /// Push `(name, annotation, ...)` for a `def`; true when pushed.
    fn annotations(&mut self, args: &'a Arguments, returns: Option<&'a Expr>) -> PResult<bool> {
        let mut n = 0;
        let mut visit = |c: &mut Self, name: &str, ann: Option<&'a Expr>| -> PResult<()> {
            if let Some(a) = ann {
                let mangled = symtable::mangle(c.ur().private.as_deref(), name);
                c.load_const(str_const(&mangled));
                c.annotation_value(a)?;
                n += 2;
            }
            Ok(())
        };
        for p in args.args.iter().chain(&args.posonlyargs) {
            visit(self, &p.arg, p.annotation.as_deref())?;
        }
        if let Some(v) = &args.vararg {
            visit(self, &v.arg, v.annotation.as_deref())?;
        }
        for p in &args.kwonlyargs {
            visit(self, &p.arg, p.annotation.as_deref())?;
        }
        if let Some(k) = &args.kwarg {
            visit(self, &k.arg, k.annotation.as_deref())?;
        }
        visit(self, "return", returns)?;
        if n > 0 {
            self.emit(Op::BUILD_TUPLE, n);
        }
        Ok(n > 0)
    }

    #[allow(clippy::too_many_arguments)]
    fn function(
        &mut self,
        s: &'a Stmt,
        name: &'a str,
        args: &'a Arguments,
        body: &'a [Stmt],
        decos: &'a [Expr],
        returns: Option<&'a Expr>,
        is_async: bool,
    ) -> PResult<()> {
        self.decorators(decos)?;
        let firstlineno = decos.first().map_or(s.loc.lineno, |d| d.loc.lineno);
        let mut flags = self.default_arguments(args)?;
        if self.annotations(args, returns)? {
            flags |= crate::opcode::MAKE_ANNOTATIONS;
        }
        let scope = self.st.scope_for(s).expect("symtable scope for def");
        self.enter_scope(
            name,
            if is_async {
                UnitKind::AsyncFunction
            } else {
                UnitKind::Function
            },
            scope,
            firstlineno,
        );
        let doc = if self.options.optimize < 2 {
            docstring(body).cloned()
        } else {
            None
        };
        let has_doc = doc.is_some();
        self.u()
            .add_const(doc.map_or(Constant::None, Constant::Str));
        self.u().argcount = args.args.len() as u32;
        self.u().posonlyargcount = args.posonlyargs.len() as u32;
        self.u().kwonlyargcount = args.kwonlyargs.len() as u32;
        for st in &body[usize::from(has_doc)..] {
            self.stmt(st)?;
        }
        let code = self.finish_unit(true);
        self.set_loc(s.loc);
        self.make_closure(code, flags)?;
        self.apply_decorators(decos);
        self.nameop(name, ExprContext::Store)
    }

    fn class(
        &mut self,
        s: &'a Stmt,
        name: &'a str,
        bases: &'a [Expr],
        keywords: &'a [Keyword],
        body: &'a [Stmt],
        decos: &'a [Expr],
    ) -> PResult<()> {
        self.decorators(decos)?;
        let firstlineno = decos.first().map_or(s.loc.lineno, |d| d.loc.lineno);
        let scope = self.st.scope_for(s).expect("symtable scope for class");
        self.enter_scope(name, UnitKind::Class, scope, firstlineno);
        self.u().private = Some(name.to_string());
        self.nameop("__name__", ExprContext::Load)?;
        self.nameop("__module__", ExprContext::Store)?;
        let qualname = self.ur().qualname.clone();
        self.load_const(str_const(&qualname));
        self.nameop("__qualname__", ExprContext::Store)?;
        self.body(body)?;
        self.unset_loc();
        if self.scope().needs_class_closure {
            self.emit(Op::LOAD_CLOSURE, 0);
            self.emit(Op::COPY, 1);
            self.nameop("__classcell__", ExprContext::Store)?;
        } else {
            self.load_const(Constant::None);
        }
        self.emit(Op::RETURN_VALUE, 0);
        let code = self.finish_unit(true);
        self.set_loc(s.loc);
        self.emit(Op::PUSH_NULL, 0);
        self.emit(Op::LOAD_BUILD_CLASS, 0);
        self.make_closure(code, 0)?;
        self.load_const(str_const(name));
        self.call_helper(2, bases, keywords)?;
        self.apply_decorators(decos);
        self.nameop(name, ExprContext::Store)
    }

    /// CPython's `compiler_make_closure`: the cells the new code object
    /// closes over, then MAKE_FUNCTION.
    fn make_closure(&mut self, code: CodeObject, mut flags: u32) -> PResult<()> {
        if !code.freevars.is_empty() {
            for name in &code.freevars {
                let is_class_cell = self.ur().kind == UnitKind::Class && name == "__class__";
                let scope = self.scope().scope_of(name);
                let idx = if is_class_cell || scope == Some(NameScope::Cell) {
                    self.ur().cell_index(name, false)
                } else {
                    self.ur().cell_index(name, true)
                };
                let Some(i) = idx else {
                    let loc = self.ur().loc;
                    return Err(self.error(
                        loc,
                        &format!("internal error: closure variable '{}' not found", name),
                    ));
                };
                self.emit(Op::LOAD_CLOSURE, i);
            }
            flags |= crate::opcode::MAKE_CLOSURE;
            self.emit(Op::BUILD_TUPLE, code.freevars.len() as u32);
        }
        self.load_const(Constant::Code(Arc::new(code)));
        self.emit(Op::MAKE_FUNCTION, flags);
        Ok(())
    }

    // ----- control flow -------------------------------------------------------------

    fn return_stmt(&mut self, s: &'a Stmt, value: Option<&'a Expr>) -> PResult<()> {
        let preserve_tos = value.is_some_and(|v| !matches!(v.kind, ExprKind::Constant { .. }));
        if preserve_tos {
            self.expr(value.unwrap())?;
        } else if let Some(v) = value {
            self.set_loc(v.loc);
            self.emit(Op::NOP, 0);
        }
        if value.is_none_or(|v| v.loc.lineno != s.loc.lineno) {
            self.set_loc(s.loc);
            self.emit(Op::NOP, 0);
        }
        self.unwind_fblock_stack(preserve_tos, false)?;
        match value {
            None => self.load_const(Constant::None),
            Some(v) if !preserve_tos => {
                if let ExprKind::Constant { value, .. } = &v.kind {
                    self.load_const(const_from_ast(value));
                }
            }
            _ => {}
        }
        self.emit(Op::RETURN_VALUE, 0);
        self.next_block();
        self.u().returned = true;
        Ok(())
    }

    fn break_stmt(&mut self, s: &Stmt) -> PResult<()> {
        self.emit(Op::NOP, 0);
        let Some(loop_) = self.unwind_fblock_stack(false, true)? else {
            return Err(self.error(s.loc, "'break' outside loop"));
        };
        self.unwind_fblock(loop_, false)?;
        self.emit_jump(Op::JUMP, loop_.exit.unwrap());
        self.next_block();
        Ok(())
    }

    fn continue_stmt(&mut self, s: &Stmt) -> PResult<()> {
        self.emit(Op::NOP, 0);
        let Some(loop_) = self.unwind_fblock_stack(false, true)? else {
            return Err(self.error(s.loc, "'continue' not properly in loop"));
        };
        self.emit_jump(Op::JUMP, loop_.block.unwrap());
        self.next_block();
        Ok(())
    }

    /// Emit the clean-up of the frame blocks being left, innermost first;
    /// with `stop_at_loop`, stop at (and return) the innermost loop.
    fn unwind_fblock_stack(
        &mut self,
        preserve_tos: bool,
        stop_at_loop: bool,
    ) -> PResult<Option<FBlock<'a>>> {
        let Some(&top) = self.ur().fblocks.last() else {
            return Ok(None);
        };
        if top.kind == FBlockKind::ExceptionGroupHandler {
            let loc = self.ur().loc;
            return Err(self.error(
                loc,
                "'break', 'continue' and 'return' cannot appear in an except* block",
            ));
        }
        if stop_at_loop && matches!(top.kind, FBlockKind::WhileLoop | FBlockKind::ForLoop) {
            return Ok(Some(top));
        }
        self.u().fblocks.pop();
        self.unwind_fblock(top, preserve_tos)?;
        let r = self.unwind_fblock_stack(preserve_tos, stop_at_loop);
        self.u().fblocks.push(top);
        r
    }

    fn call_exit_with_nones(&mut self) {
        for _ in 0..3 {
            self.load_const(Constant::None);
        }
        self.emit(Op::CALL, 2);
    }

    fn unwind_fblock(&mut self, info: FBlock<'a>, preserve_tos: bool) -> PResult<()> {
        match info.kind {
            FBlockKind::WhileLoop
            | FBlockKind::ExceptionHandler
            | FBlockKind::ExceptionGroupHandler
            | FBlockKind::AsyncComprehensionGenerator => {}
            FBlockKind::ForLoop => {
                if preserve_tos {
                    self.emit(Op::SWAP, 2);
                }
                self.emit(Op::POP_TOP, 0);
            }
            FBlockKind::TryExcept => self.emit(Op::POP_BLOCK, 0),
            FBlockKind::FinallyTry => {
                self.emit(Op::POP_BLOCK, 0);
                if preserve_tos {
                    self.push_fblock(FBlockKind::PopValue, None, None, FDatum::None)?;
                }
                if let FDatum::Stmts(body) = info.datum {
                    self.stmts(body)?;
                }
                if preserve_tos {
                    self.pop_fblock();
                }
                self.unset_loc();
            }
            FBlockKind::FinallyEnd => {
                if preserve_tos {
                    self.emit(Op::SWAP, 2);
                }
                self.emit(Op::POP_TOP, 0);
                if preserve_tos {
                    self.emit(Op::SWAP, 2);
                }
                self.emit(Op::POP_BLOCK, 0);
                self.emit(Op::POP_EXCEPT, 0);
            }
            FBlockKind::With | FBlockKind::AsyncWith => {
                if let FDatum::Stmt(st) = info.datum {
                    self.set_loc(st.loc);
                }
                self.emit(Op::POP_BLOCK, 0);
                if preserve_tos {
                    self.emit(Op::SWAP, 2);
                }
                self.call_exit_with_nones();
                if info.kind == FBlockKind::AsyncWith {
                    self.await_result(2);
                }
                self.emit(Op::POP_TOP, 0);
                self.unset_loc();
            }
            FBlockKind::HandlerCleanup => {
                let name = if let FDatum::Name(n) = info.datum {
                    Some(n)
                } else {
                    None
                };
                if name.is_some() {
                    self.emit(Op::POP_BLOCK, 0);
                }
                if preserve_tos {
                    self.emit(Op::SWAP, 2);
                }
                self.emit(Op::POP_BLOCK, 0);
                self.emit(Op::POP_EXCEPT, 0);
                if let Some(n) = name {
                    self.load_const(Constant::None);
                    self.nameop(n, ExprContext::Store)?;
                    self.nameop(n, ExprContext::Del)?;
                }
            }
            FBlockKind::PopValue => {
                if preserve_tos {
                    self.emit(Op::SWAP, 2);
                }
                self.emit(Op::POP_TOP, 0);
            }
        }
        Ok(())
    }

    fn for_stmt(
        &mut self,
        target: &'a Expr,
        iter: &'a Expr,
        body: &'a [Stmt],
        orelse: &'a [Stmt],
    ) -> PResult<()> {
        let start = self.new_block();
        let body_b = self.new_block();
        let cleanup = self.new_block();
        let end = self.new_block();
        self.push_fblock(FBlockKind::ForLoop, Some(start), Some(end), FDatum::None)?;
        self.expr(iter)?;
        self.emit(Op::GET_ITER, 0);
        self.use_next_block(start);
        self.emit_jump(Op::FOR_ITER, cleanup);
        self.use_next_block(body_b);
        self.expr(target)?;
        self.stmts(body)?;
        self.unset_loc();
        self.emit_jump(Op::JUMP, start);
        self.use_next_block(cleanup);
        self.pop_fblock();
        self.stmts(orelse)?;
        self.use_next_block(end);
        Ok(())
    }

    fn async_for(
        &mut self,
        target: &'a Expr,
        iter: &'a Expr,
        body: &'a [Stmt],
        orelse: &'a [Stmt],
    ) -> PResult<()> {
        let start = self.new_block();
        let except = self.new_block();
        let end = self.new_block();
        self.expr(iter)?;
        self.emit(Op::GET_AITER, 0);
        self.use_next_block(start);
        self.push_fblock(FBlockKind::ForLoop, Some(start), Some(end), FDatum::None)?;
        self.emit_jump(Op::SETUP_FINALLY, except);
        self.emit(Op::GET_ANEXT, 0);
        self.load_const(Constant::None);
        self.add_yield_from(true);
        self.emit(Op::POP_BLOCK, 0);
        self.expr(target)?;
        self.stmts(body)?;
        self.unset_loc();
        self.emit_jump(Op::JUMP, start);
        self.pop_fblock();
        self.use_next_block(except);
        self.set_loc(iter.loc);
        self.emit(Op::END_ASYNC_FOR, 0);
        self.stmts(orelse)?;
        self.use_next_block(end);
        Ok(())
    }

    fn while_stmt(
        &mut self,
        s: &'a Stmt,
        test: &'a Expr,
        body: &'a [Stmt],
        orelse: &'a [Stmt],
    ) -> PResult<()> {
        let loop_ = self.new_block();
        let body_b = self.new_block();
        let anchor = self.new_block();
        let end = self.new_block();
        self.use_next_block(loop_);
        self.push_fblock(FBlockKind::WhileLoop, Some(loop_), Some(end), FDatum::None)?;
        self.jump_if(test, anchor, false)?;
        self.use_next_block(body_b);
        self.stmts(body)?;
        // The test is compiled again at the bottom (3.11's loop inversion),
        // each part keeping its own line.
        self.set_loc(s.loc);
        self.jump_if(test, body_b, true)?;
        self.pop_fblock();
        self.use_next_block(anchor);
        self.stmts(orelse)?;
        self.use_next_block(end);
        Ok(())
    }

    fn with_except_finish(&mut self, cleanup: BlockId) {
        self.unset_loc();
        let exit = self.new_block();
        self.emit_jump(Op::POP_JUMP_IF_TRUE, exit);
        self.emit(Op::RERAISE, 2);
        self.use_next_block(cleanup);
        self.pop_except_and_reraise();
        self.use_next_block(exit);
        self.emit(Op::POP_TOP, 0);
        self.emit(Op::POP_BLOCK, 0);
        self.emit(Op::POP_EXCEPT, 0);
        self.emit(Op::POP_TOP, 0);
        self.emit(Op::POP_TOP, 0);
    }

    fn pop_except_and_reraise(&mut self) {
        self.emit(Op::COPY, 3);
        self.emit(Op::POP_EXCEPT, 0);
        self.emit(Op::RERAISE, 1);
    }

    /// `with` and `async with`, one item at a time (the next item nests
    /// inside). The async form awaits `__aenter__` and `__aexit__`.
    fn with_stmt(&mut self, s: &'a Stmt, pos: usize) -> PResult<()> {
        let (items, body, is_async) = match &s.kind {
            StmtKind::With { items, body, .. } => (items, body, false),
            StmtKind::AsyncWith { items, body, .. } => (items, body, true),
            _ => unreachable!("with_stmt on a non-with statement"),
        };
        let item = &items[pos];
        let block = self.new_block();
        let final_ = self.new_block();
        let exit = self.new_block();
        let cleanup = self.new_block();
        self.expr(&item.context_expr)?;
        if is_async {
            self.emit(Op::BEFORE_ASYNC_WITH, 0);
            self.await_result(1);
        } else {
            self.emit(Op::BEFORE_WITH, 0);
        }
        self.emit_jump(Op::SETUP_WITH, final_);
        self.use_next_block(block);
        let kind = if is_async {
            FBlockKind::AsyncWith
        } else {
            FBlockKind::With
        };
        self.push_fblock(kind, Some(block), Some(final_), FDatum::Stmt(s))?;
        match &item.optional_vars {
            Some(v) => self.expr(v)?,
            None => self.emit(Op::POP_TOP, 0),
        }
        if pos + 1 == items.len() {
            self.stmts(body)?;
        } else {
            self.with_stmt(s, pos + 1)?;
        }
        // CPython marks the sync form's POP_BLOCK artificial, not the async one's.
        if !is_async {
            self.unset_loc();
        }
        self.emit(Op::POP_BLOCK, 0);
        self.pop_fblock();
        self.set_loc(s.loc);
        self.call_exit_with_nones();
        if is_async {
            self.await_result(2);
        }
        self.emit(Op::POP_TOP, 0);
        self.emit_jump(Op::JUMP, exit);
        self.use_next_block(final_);
        self.emit_jump(Op::SETUP_CLEANUP, cleanup);
        self.emit(Op::PUSH_EXC_INFO, 0);
        self.emit(Op::WITH_EXCEPT_START, 0);
        if is_async {
            self.await_result(2);
        }
        self.with_except_finish(cleanup);
        self.use_next_block(exit);
        Ok(())
    }

    /// Await the value on top of the stack (`GET_AWAITABLE where`, then
    /// `yield from` it); `where` tells the error message which call it was.
    pub(super) fn await_result(&mut self, r#where: u32) {
        self.emit(Op::GET_AWAITABLE, r#where);
        self.load_const(Constant::None);
        self.add_yield_from(true);
    }

    fn try_finally(
        &mut self,
        s: &'a Stmt,
        body: &'a [Stmt],
        handlers: &'a [ExceptHandler],
        orelse: &'a [Stmt],
        finalbody: &'a [Stmt],
    ) -> PResult<()> {
        let body_b = self.new_block();
        let end = self.new_block();
        let exit = self.new_block();
        let cleanup = self.new_block();
        self.emit_jump(Op::SETUP_FINALLY, end);
        self.use_next_block(body_b);
        self.push_fblock(
            FBlockKind::FinallyTry,
            Some(body_b),
            Some(end),
            FDatum::Stmts(finalbody),
        )?;
        if matches!(s.kind, StmtKind::TryStar { .. }) {
            self.try_star_except(body, handlers, orelse)?;
        } else if !handlers.is_empty() {
            self.try_except(body, handlers, orelse)?;
        } else {
            self.stmts(body)?;
        }
        self.emit_noline(Op::POP_BLOCK, 0);
        self.pop_fblock();
        self.stmts(finalbody)?;
        self.emit_jump_noline(Op::JUMP, exit);
        self.use_next_block(end);
        self.unset_loc();
        self.emit_jump(Op::SETUP_CLEANUP, cleanup);
        self.emit(Op::PUSH_EXC_INFO, 0);
        self.push_fblock(FBlockKind::FinallyEnd, Some(end), None, FDatum::None)?;
        self.stmts(finalbody)?;
        self.pop_fblock();
        self.emit(Op::RERAISE, 0);
        self.use_next_block(cleanup);
        self.pop_except_and_reraise();
        self.use_next_block(exit);
        let _ = s;
        Ok(())
    }

    fn try_except(
        &mut self,
        body: &'a [Stmt],
        handlers: &'a [ExceptHandler],
        orelse: &'a [Stmt],
    ) -> PResult<()> {
        let body_b = self.new_block();
        let mut except = self.new_block();
        let end = self.new_block();
        let cleanup = self.new_block();
        self.emit_jump(Op::SETUP_FINALLY, except);
        self.use_next_block(body_b);
        self.push_fblock(FBlockKind::TryExcept, Some(body_b), None, FDatum::None)?;
        self.stmts(body)?;
        self.pop_fblock();
        self.emit_noline(Op::POP_BLOCK, 0);
        self.stmts(orelse)?;
        self.emit_jump_noline(Op::JUMP, end);
        self.use_next_block(except);
        self.unset_loc();
        self.emit_jump(Op::SETUP_CLEANUP, cleanup);
        self.emit(Op::PUSH_EXC_INFO, 0);
        self.push_fblock(FBlockKind::ExceptionHandler, None, None, FDatum::None)?;
        for (i, h) in handlers.iter().enumerate() {
            self.set_loc(h.loc);
            if h.r#type.is_none() && i + 1 < handlers.len() {
                return Err(self.error(h.loc, "default 'except:' must be last"));
            }
            except = self.new_block();
            if let Some(t) = &h.r#type {
                self.expr(t)?;
                self.emit(Op::CHECK_EXC_MATCH, 0);
                self.emit_jump(Op::POP_JUMP_IF_FALSE, except);
            }
            if let Some(name) = &h.name {
                let cleanup_end = self.new_block();
                let cleanup_body = self.new_block();
                self.nameop(name, ExprContext::Store)?;
                self.emit_jump(Op::SETUP_CLEANUP, cleanup_end);
                self.use_next_block(cleanup_body);
                self.push_fblock(
                    FBlockKind::HandlerCleanup,
                    Some(cleanup_body),
                    None,
                    FDatum::Name(name),
                )?;
                self.stmts(&h.body)?;
                self.pop_fblock();
                self.unset_loc();
                self.emit(Op::POP_BLOCK, 0);
                self.emit(Op::POP_BLOCK, 0);
                self.emit(Op::POP_EXCEPT, 0);
                self.load_const(Constant::None);
                self.nameop(name, ExprContext::Store)?;
                self.nameop(name, ExprContext::Del)?;
                self.emit_jump(Op::JUMP, end);
                self.use_next_block(cleanup_end);
                self.unset_loc();
                self.load_const(Constant::None);
                self.nameop(name, ExprContext::Store)?;
                self.nameop(name, ExprContext::Del)?;
                self.emit(Op::RERAISE, 1);
            } else {
                let cleanup_body = self.new_block();
                self.emit(Op::POP_TOP, 0);
                self.use_next_block(cleanup_body);
                self.push_fblock(
                    FBlockKind::HandlerCleanup,
                    Some(cleanup_body),
                    None,
                    FDatum::None,
                )?;
                self.stmts(&h.body)?;
                self.pop_fblock();
                self.unset_loc();
                self.emit(Op::POP_BLOCK, 0);
                self.emit(Op::POP_EXCEPT, 0);
                self.emit_jump(Op::JUMP, end);
            }
            self.use_next_block(except);
        }
        self.unset_loc();
        self.pop_fblock();
        self.emit(Op::RERAISE, 0);
        self.use_next_block(cleanup);
        self.pop_except_and_reraise();
        self.use_next_block(end);
        Ok(())
    }

    /// `try: ... except* E as v: ...` (CPython's `compiler_try_star_except`):
    /// each handler takes its matching part of the group; what the handlers
    /// raise and what none matched are re-raised together.
    fn try_star_except(
        &mut self,
        body: &'a [Stmt],
        handlers: &'a [ExceptHandler],
        orelse: &'a [Stmt],
    ) -> PResult<()> {
        let body_b = self.new_block();
        let except = self.new_block();
        let orelse_b = self.new_block();
        let end = self.new_block();
        let cleanup = self.new_block();
        let reraise_star = self.new_block();
        self.emit_jump(Op::SETUP_FINALLY, except);
        self.use_next_block(body_b);
        self.push_fblock(FBlockKind::TryExcept, Some(body_b), None, FDatum::None)?;
        self.stmts(body)?;
        self.pop_fblock();
        self.emit_noline(Op::POP_BLOCK, 0);
        self.emit_jump_noline(Op::JUMP, orelse_b);
        self.use_next_block(except);
        self.unset_loc();
        self.emit_jump(Op::SETUP_CLEANUP, cleanup);
        self.emit(Op::PUSH_EXC_INFO, 0);
        self.push_fblock(FBlockKind::ExceptionGroupHandler, None, None, FDatum::None)?;
        let n = handlers.len();
        for (i, h) in handlers.iter().enumerate() {
            self.set_loc(h.loc);
            let next_except = self.new_block();
            let except_with_error = self.new_block();
            let no_match = self.new_block();
            if i == 0 {
                // [exc] -> [orig, [], exc]
                self.emit(Op::COPY, 1);
                self.emit(Op::BUILD_LIST, 0);
                self.emit(Op::SWAP, 2);
            }
            if let Some(t) = &h.r#type {
                self.expr(t)?;
                self.emit(Op::CHECK_EG_MATCH, 0);
                self.emit(Op::COPY, 1);
                self.emit_jump(Op::POP_JUMP_IF_NONE, no_match);
            }
            let cleanup_end = self.new_block();
            let cleanup_body = self.new_block();
            match &h.name {
                Some(name) => self.nameop(name, ExprContext::Store)?,
                None => self.emit(Op::POP_TOP, 0),
            }
            self.emit_jump(Op::SETUP_CLEANUP, cleanup_end);
            self.use_next_block(cleanup_body);
            let datum = h.name.as_deref().map_or(FDatum::None, FDatum::Name);
            self.push_fblock(FBlockKind::HandlerCleanup, Some(cleanup_body), None, datum)?;
            self.stmts(&h.body)?;
            self.pop_fblock();
            self.emit(Op::POP_BLOCK, 0);
            if let Some(name) = &h.name {
                self.load_const(Constant::None);
                self.nameop(name, ExprContext::Store)?;
                self.nameop(name, ExprContext::Del)?;
            }
            self.emit_jump(Op::JUMP, next_except);
            self.use_next_block(cleanup_end);
            self.unset_loc();
            if let Some(name) = &h.name {
                self.load_const(Constant::None);
                self.nameop(name, ExprContext::Store)?;
                self.nameop(name, ExprContext::Del)?;
            }
            // What the handler raised joins the list to re-raise.
            self.emit(Op::LIST_APPEND, 3);
            self.emit(Op::POP_TOP, 0);
            self.emit_jump(Op::JUMP, except_with_error);
            self.use_next_block(next_except);
            self.emit(Op::NOP, 0);
            self.emit_jump(Op::JUMP, except_with_error);
            self.use_next_block(no_match);
            self.emit(Op::POP_TOP, 0);
            self.use_next_block(except_with_error);
            if i + 1 == n {
                self.emit(Op::LIST_APPEND, 1);
                self.emit_jump(Op::JUMP, reraise_star);
            }
        }
        self.unset_loc();
        self.pop_fblock();
        let reraise = self.new_block();
        self.use_next_block(reraise_star);
        self.emit(Op::PREP_RERAISE_STAR, 0);
        self.emit(Op::COPY, 1);
        self.emit_jump(Op::POP_JUMP_IF_NOT_NONE, reraise);
        self.emit(Op::POP_TOP, 0);
        self.emit(Op::POP_BLOCK, 0);
        self.emit(Op::POP_EXCEPT, 0);
        self.emit_jump(Op::JUMP, end);
        self.use_next_block(reraise);
        self.emit(Op::POP_BLOCK, 0);
        self.emit(Op::SWAP, 2);
        self.emit(Op::POP_EXCEPT, 0);
        self.emit(Op::RERAISE, 0);
        self.use_next_block(cleanup);
        self.pop_except_and_reraise();
        self.use_next_block(orelse_b);
        self.stmts(orelse)?;
        self.use_next_block(end);
        Ok(())
    }

    // ----- imports ------------------------------------------------------------------

    fn import(&mut self, names: &'a [Alias]) -> PResult<()> {
        for a in names {
            self.load_const(Constant::Int(0.into()));
            self.load_const(Constant::None);
            self.emit_name(Op::IMPORT_NAME, &a.name);
            match &a.asname {
                Some(asname) => {
                    let parts: Vec<&str> = a.name.split('.').collect();
                    if parts.len() > 1 {
                        for (i, attr) in parts[1..].iter().enumerate() {
                            let idx = self.u().add_name(attr);
                            self.emit(Op::IMPORT_FROM, idx);
                            if i + 2 < parts.len() {
                                self.emit(Op::SWAP, 2);
                                self.emit(Op::POP_TOP, 0);
                            }
                        }
                        self.nameop(asname, ExprContext::Store)?;
                        self.emit(Op::POP_TOP, 0);
                    } else {
                        self.nameop(asname, ExprContext::Store)?;
                    }
                }
                None => {
                    let first = a.name.split('.').next().unwrap();
                    self.nameop(first, ExprContext::Store)?;
                }
            }
        }
        Ok(())
    }

    fn import_from(
        &mut self,
        s: &Stmt,
        module: Option<&str>,
        names: &'a [Alias],
        level: i32,
    ) -> PResult<()> {
        self.load_const(Constant::Int(level.into()));
        if s.loc.lineno > self.ff_lineno && module == Some("__future__") {
            return Err(self.error(
                s.loc,
                "from __future__ imports must occur at the beginning of the file",
            ));
        }
        let tuple = Constant::Tuple(names.iter().map(|a| str_const(&a.name)).collect());
        self.load_const(tuple);
        self.emit_name(Op::IMPORT_NAME, module.unwrap_or(""));
        for (i, a) in names.iter().enumerate() {
            if i == 0 && a.name.starts_with('*') {
                self.emit(Op::IMPORT_STAR, 0);
                return Ok(());
            }
            self.emit_name(Op::IMPORT_FROM, &a.name);
            self.nameop(a.asname.as_deref().unwrap_or(&a.name), ExprContext::Store)?;
        }
        self.emit(Op::POP_TOP, 0);
        Ok(())
    }

    // ----- assignments ----------------------------------------------------------------

    fn augassign(&mut self, target: &'a Expr, op: Operator, value: &'a Expr) -> PResult<()> {
        let saved = self.ur().loc;
        self.set_loc(target.loc);
        match &target.kind {
            ExprKind::Attribute {
                value: obj, attr, ..
            } => {
                self.expr(obj)?;
                self.emit(Op::COPY, 1);
                self.emit_name(Op::LOAD_ATTR, attr);
            }
            ExprKind::Subscript {
                value: obj, slice, ..
            } => {
                self.expr(obj)?;
                self.expr(slice)?;
                self.emit(Op::COPY, 2);
                self.emit(Op::COPY, 2);
                self.emit(Op::BINARY_SUBSCR, 0);
            }
            ExprKind::Name { id, .. } => self.nameop(id, ExprContext::Load)?,
            _ => return Err(self.error(target.loc, "invalid node type for augmented assignment")),
        }
        self.set_loc(saved);
        self.expr(value)?;
        self.emit(
            Op::BINARY_OP,
            expr::binary_op_arg(op) + crate::opcode::NB_INPLACE,
        );
        self.set_loc(target.loc);
        match &target.kind {
            ExprKind::Attribute { attr, .. } => {
                self.emit(Op::SWAP, 2);
                self.emit_name(Op::STORE_ATTR, attr);
            }
            ExprKind::Subscript { .. } => {
                self.emit(Op::SWAP, 3);
                self.emit(Op::SWAP, 2);
                self.emit(Op::STORE_SUBSCR, 0);
            }
            ExprKind::Name { id, .. } => self.nameop(id, ExprContext::Store)?,
            _ => {}
        }
        Ok(())
    }

    /// Evaluate an annotation-only target's parts (for their side effects).
    fn check_ann_expr(&mut self, e: &'a Expr) -> PResult<()> {
        self.expr(e)?;
        self.emit(Op::POP_TOP, 0);
        Ok(())
    }

    fn check_ann_subscr(&mut self, e: &'a Expr) -> PResult<()> {
        match &e.kind {
            ExprKind::Slice { lower, upper, step } => {
                for part in [lower, upper, step].into_iter().flatten() {
                    self.check_ann_expr(part)?;
                }
                Ok(())
            }
            ExprKind::Tuple { elts, .. } => elts.iter().try_for_each(|x| self.check_ann_subscr(x)),
            _ => self.check_ann_expr(e),
        }
    }

    fn annassign(
        &mut self,
        s: &'a Stmt,
        target: &'a Expr,
        annotation: &'a Expr,
        value: Option<&'a Expr>,
        simple: i32,
    ) -> PResult<()> {
        if let Some(v) = value {
            self.expr(v)?;
            self.expr(target)?;
        }
        let module_or_class = matches!(self.ur().kind, UnitKind::Module | UnitKind::Class);
        match &target.kind {
            ExprKind::Name { id, .. } => {
                if simple != 0 && module_or_class {
                    if self.future_flags & CO_FUTURE_ANNOTATIONS != 0 {
                        self.load_const(str_const(&crate::unparse::unparse_annotation(annotation)));
                    } else {
                        self.expr(annotation)?;
                    }
                    self.emit_name(Op::LOAD_NAME, "__annotations__");
                    let mangled = symtable::mangle(self.ur().private.as_deref(), id);
                    self.load_const(str_const(&mangled));
                    self.emit(Op::STORE_SUBSCR, 0);
                }
            }
            ExprKind::Attribute { value: obj, .. } => {
                if value.is_none() {
                    self.check_ann_expr(obj)?;
                }
            }
            ExprKind::Subscript {
                value: obj, slice, ..
            } => {
                if value.is_none() {
                    self.check_ann_expr(obj)?;
                    self.check_ann_subscr(slice)?;
                }
            }
            _ => return Err(self.error(s.loc, "invalid node type for annotated assignment")),
        }
        if simple == 0 && self.future_flags & CO_FUTURE_ANNOTATIONS == 0 && module_or_class {
            self.check_ann_expr(annotation)?;
        }
        Ok(())
    }
}
