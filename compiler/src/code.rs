//! Code objects: what the compiler produces and the VM runs — CPython's
//! `types.CodeType` attributes, Pyrite's instruction format.

use crate::ast::Loc;
use crate::opcode::{ArgKind, Op};
use crate::wtf8::Wtf8Buf;
use num_bigint::BigInt;
use std::fmt::Write;
use std::sync::Arc;

pub const CO_OPTIMIZED: u32 = 0x0001;
pub const CO_NEWLOCALS: u32 = 0x0002;
pub const CO_VARARGS: u32 = 0x0004;
pub const CO_VARKEYWORDS: u32 = 0x0008;
pub const CO_NESTED: u32 = 0x0010;
pub const CO_GENERATOR: u32 = 0x0020;
pub const CO_COROUTINE: u32 = 0x0080;
pub const CO_ITERABLE_COROUTINE: u32 = 0x0100;
pub const CO_ASYNC_GENERATOR: u32 = 0x0200;
pub const CO_FUTURE_DIVISION: u32 = 0x20000;
pub const CO_FUTURE_ABSOLUTE_IMPORT: u32 = 0x40000;
pub const CO_FUTURE_WITH_STATEMENT: u32 = 0x80000;
pub const CO_FUTURE_PRINT_FUNCTION: u32 = 0x100000;
pub const CO_FUTURE_UNICODE_LITERALS: u32 = 0x200000;
pub const CO_FUTURE_BARRY_AS_BDFL: u32 = 0x400000;
pub const CO_FUTURE_GENERATOR_STOP: u32 = 0x800000;
pub const CO_FUTURE_ANNOTATIONS: u32 = 0x1000000;

/// One instruction: 8 bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Instr {
    pub op: Op,
    pub arg: u32,
}

/// A zero-cost exception-table entry: an exception raised by an
/// instruction in `start..end` jumps to `target` with the value stack cut
/// to `depth` (and, if `lasti`, the raising instruction's index pushed).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExceptEntry {
    pub start: u32,
    pub end: u32,
    pub target: u32,
    pub depth: u32,
    pub lasti: bool,
}

/// A value in `co_consts`.
#[derive(Clone, Debug, PartialEq)]
pub enum Constant {
    None,
    Bool(bool),
    Ellipsis,
    Int(BigInt),
    Float(f64),
    Complex { real: f64, imag: f64 },
    Str(Wtf8Buf),
    Bytes(Vec<u8>),
    Tuple(Vec<Constant>),
    FrozenSet(Vec<Constant>),
    Code(Arc<CodeObject>),
}

impl Constant {
    /// `repr()` of the constant, as `dis` shows it.
    pub fn repr(&self) -> String {
        use crate::repr;
        match self {
            Constant::None => "None".into(),
            Constant::Bool(b) => if *b { "True" } else { "False" }.into(),
            Constant::Ellipsis => "Ellipsis".into(),
            Constant::Int(i) => i.to_string(),
            Constant::Float(f) => repr::float_repr(*f),
            Constant::Complex { real, imag } => repr::complex_repr(*real, *imag),
            Constant::Str(s) => repr::str_repr(s),
            Constant::Bytes(b) => {
                let mut s = String::new();
                repr::write_bytes_repr(&mut s, b);
                s
            }
            Constant::Tuple(items) => {
                let inner: Vec<String> = items.iter().map(|c| c.repr()).collect();
                if items.len() == 1 {
                    format!("({},)", inner[0])
                } else {
                    format!("({})", inner.join(", "))
                }
            }
            Constant::FrozenSet(items) => {
                let inner: Vec<String> = items.iter().map(|c| c.repr()).collect();
                format!("frozenset({{{}}})", inner.join(", "))
            }
            Constant::Code(c) => format!(
                "<code object {} at 0x0, file \"{}\", line {}>",
                c.name, c.filename, c.firstlineno
            ),
        }
    }
}

/// A compiled code object.
#[derive(Clone, Debug, PartialEq)]
pub struct CodeObject {
    pub name: String,
    pub qualname: String,
    pub filename: String,
    pub firstlineno: u32,
    pub argcount: u32,
    pub posonlyargcount: u32,
    pub kwonlyargcount: u32,
    pub flags: u32,
    /// Fast locals: parameters first, then other locals.
    pub varnames: Vec<String>,
    pub cellvars: Vec<String>,
    pub freevars: Vec<String>,
    pub names: Vec<String>,
    pub consts: Vec<Constant>,
    pub instructions: Vec<Instr>,
    /// Source span of each instruction (for tracebacks and `co_lines`),
    /// kept encoded until first read.
    pub locations: crate::linetable::LineTable,
    pub exception_table: Vec<ExceptEntry>,
    pub stacksize: u32,
    /// For each cell, the index of the parameter it holds, if any.
    pub cell2arg: Vec<Option<u32>>,
}

impl CodeObject {
    /// Names `filename` as the source of this code and every code object
    /// nested in its constants (what CPython's `_imp._fix_co_filename`
    /// does for a cached module found under another path).
    pub fn set_filename(&mut self, filename: &str) {
        fn fix(c: &mut Constant, filename: &str) {
            match c {
                Constant::Code(code) => Arc::make_mut(code).set_filename(filename),
                Constant::Tuple(items) | Constant::FrozenSet(items) => {
                    items.iter_mut().for_each(|i| fix(i, filename))
                }
                _ => {}
            }
        }
        self.filename = filename.to_string();
        for c in &mut self.consts {
            fix(c, filename);
        }
    }

    /// The invariants the VM relies on, for code that did not come
    /// straight from the compiler (the code cache): instructions that
    /// end in a terminating one, one location each, in-range jump targets,
    /// exception-table entries and operand indices, no compiler-only or
    /// VM-only instructions.
    pub fn is_well_formed(&self) -> bool {
        use crate::opcode::ArgKind;
        let n = self.instructions.len();
        let Some(last) = self.instructions.last() else {
            return false;
        };
        if !last.op.terminates() || self.locations.len() != n {
            return false;
        }
        let ncells = self.cellvars.len() + self.freevars.len();
        let ok = |i: &Instr| {
            if i.op.is_pseudo() || i.op.is_fused() {
                return false;
            }
            let a = i.arg as usize;
            match i.op.arg_kind() {
                ArgKind::Jump => a < n,
                ArgKind::Const => a < self.consts.len(),
                ArgKind::Name => a < self.names.len(),
                ArgKind::Global => (a >> 1) < self.names.len(),
                ArgKind::Local => a < self.varnames.len(),
                ArgKind::Cell => a < ncells,
                ArgKind::None | ArgKind::Int => true,
            }
        };
        self.instructions.iter().all(ok)
            && self
                .exception_table
                .iter()
                .all(|e| e.start <= e.end && (e.end as usize) <= n && (e.target as usize) < n)
            && self
                .cell2arg
                .iter()
                .flatten()
                .all(|&a| (a as usize) < self.varnames.len())
    }

    pub fn nlocals(&self) -> usize {
        self.varnames.len()
    }

    /// `co_lines()`: `(start, end, line)` runs of instructions (by index).
    pub fn lines(&self) -> Vec<(u32, u32, Option<u32>)> {
        let mut out: Vec<(u32, u32, Option<u32>)> = Vec::new();
        for (i, loc) in self.locations.iter().enumerate() {
            // Artificial instructions (all-zero location) have no line; the
            // module's RESUME is on line 0.
            let line = (*loc != Loc::default()).then_some(loc.lineno);
            match out.last_mut() {
                Some(last) if last.2 == line => last.1 = i as u32 + 1,
                _ => out.push((i as u32, i as u32 + 1, line)),
            }
        }
        out
    }

    /// Nested code objects, in `co_consts` order.
    pub fn children(&self) -> impl Iterator<Item = &Arc<CodeObject>> {
        self.consts.iter().filter_map(|c| {
            if let Constant::Code(code) = c {
                Some(code)
            } else {
                None
            }
        })
    }

    /// A `dis`-like listing of this code object and, after it, of every
    /// nested one.
    pub fn disassemble(&self) -> String {
        let mut out = String::new();
        self.dis_into(&mut out, true);
        out
    }

    fn dis_into(&self, out: &mut String, top: bool) {
        if !top {
            let _ = writeln!(
                out,
                "\nDisassembly of <code object {} at 0x0, file \"{}\", line {}>:",
                self.name, self.filename, self.firstlineno
            );
        }
        let targets: std::collections::HashSet<u32> = self
            .instructions
            .iter()
            .filter(|i| i.op.is_jump())
            .map(|i| i.arg)
            .chain(self.exception_table.iter().map(|e| e.target))
            .collect();
        let mut last_line = None;
        for (i, ins) in self.instructions.iter().enumerate() {
            let line = self.locations.get(i).map(|l| l.lineno).filter(|&l| l != 0);
            let line_col = match line {
                Some(l) if line != last_line => {
                    if i > 0 {
                        out.push('\n');
                    }
                    last_line = line;
                    format!("{:>4}", l)
                }
                _ => "    ".to_string(),
            };
            let mark = if targets.contains(&(i as u32)) {
                ">>"
            } else {
                "  "
            };
            let _ = write!(out, "{} {} {:>6} {:<28}", line_col, mark, i, ins.op.name());
            if ins.op.arg_kind() != ArgKind::None || ins.arg != 0 {
                let _ = write!(out, " {:>3}", ins.arg);
                if let Some(detail) = self.arg_detail(ins) {
                    let _ = write!(out, " ({})", detail);
                }
            }
            out.truncate(out.trim_end().len());
            out.push('\n');
        }
        if !self.exception_table.is_empty() {
            out.push_str("ExceptionTable:\n");
            for e in &self.exception_table {
                let _ = writeln!(
                    out,
                    "  {} to {} -> {} [{}]{}",
                    e.start,
                    e.end.saturating_sub(1),
                    e.target,
                    e.depth,
                    if e.lasti { " lasti" } else { "" }
                );
            }
        }
        for child in self.children() {
            child.dis_into(out, false);
        }
    }

    fn arg_detail(&self, ins: &Instr) -> Option<String> {
        let a = ins.arg as usize;
        let cells = || self.cellvars.iter().chain(&self.freevars).nth(a).cloned();
        match ins.op.arg_kind() {
            ArgKind::Const => self.consts.get(a).map(|c| c.repr()),
            ArgKind::Name => self.names.get(a).cloned(),
            ArgKind::Global => {
                let n = self.names.get(a >> 1).cloned()?;
                Some(if a & 1 == 1 {
                    format!("NULL + {}", n)
                } else {
                    n
                })
            }
            ArgKind::Local => self.varnames.get(a).cloned(),
            ArgKind::Cell => cells(),
            ArgKind::Jump => Some(format!("to {}", a)),
            ArgKind::Int => match ins.op {
                Op::BINARY_OP => crate::opcode::BINARY_OPS.get(a).map(|s| s.to_string()),
                Op::COMPARE_OP => crate::opcode::COMPARE_OPS.get(a).map(|s| s.to_string()),
                _ => None,
            },
            ArgKind::None => None,
        }
    }
}
