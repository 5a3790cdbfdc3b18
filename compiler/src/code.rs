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
            Constant::Code(c) => c.repr(),
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

    /// `repr()` of the code object, at address 0x0.
    pub fn repr(&self) -> String {
        format!(
            "<code object {} at 0x0, file \"{}\", line {}>",
            self.name, self.filename, self.firstlineno
        )
    }

    /// The listing `dis.dis(code)` prints (vm/src/modules/dis.py), of
    /// this code object then of every nested one: CPython's layout over
    /// Pyrite's instructions, at byte offsets (two bytes an instruction).
    /// Constants are shown by their compile-time `repr` (code objects at
    /// 0x0); everything else is what `dis` prints.
    pub fn disassemble(&self) -> String {
        let mut out = String::new();
        self.dis_into(&mut out, true);
        out
    }

    fn dis_into(&self, out: &mut String, top: bool) {
        if !top {
            let _ = writeln!(out, "\nDisassembly of {}:", self.repr());
        }
        let labels: std::collections::HashSet<u32> = self
            .instructions
            .iter()
            .filter(|i| i.op.is_jump())
            .map(|i| i.arg)
            .chain(self.exception_table.iter().map(|e| e.target))
            .collect();
        let starts = self.line_starts();
        let lineno_width = starts
            .iter()
            .flatten()
            .max()
            .map_or(0, |l| l.to_string().len().max(3));
        let offset_width = (2 * self.instructions.len().saturating_sub(1)).to_string().len().max(4);
        let const_repr = |i: usize| self.consts.get(i).map(|c| c.repr());
        for (i, ins) in self.instructions.iter().enumerate() {
            if starts[i].is_some() && i > 0 {
                out.push('\n');
            }
            let line = starts[i].map_or(String::new(), |l| l.to_string());
            let offset = (2 * i).to_string();
            let arg = ins.arg.to_string();
            let detail = self.arg_repr(i, &const_repr);
            let row = ListingRow {
                line: &line,
                lineno_width,
                current: false,
                target: labels.contains(&(i as u32)),
                offset: &offset,
                offset_width,
                name: ins.op.name(),
                arg: ins.op.has_arg().then_some((arg.as_str(), detail.as_str())),
            }
            .render();
            out.push_str(&row);
            out.push('\n');
        }
        if !self.exception_table.is_empty() {
            out.push_str("ExceptionTable:\n");
            for e in &self.exception_table {
                let _ = writeln!(
                    out,
                    "  {} to {} -> {} [{}]{}",
                    2 * e.start,
                    (2 * e.end as i64) - 2,
                    2 * e.target,
                    e.depth,
                    if e.lasti { " lasti" } else { "" }
                );
            }
        }
        for child in self.children() {
            child.dis_into(out, false);
        }
    }

    /// For each instruction, the line it starts, if it is the first of a
    /// `co_lines()` range on a line other than the previous one (CPython's
    /// `dis.findlinestarts`).
    pub fn line_starts(&self) -> Vec<Option<u32>> {
        let mut out = vec![None; self.instructions.len()];
        let mut last = None;
        for (start, _, line) in self.lines() {
            if line.is_some() && line != last {
                last = line;
                if let Some(slot) = out.get_mut(start as usize) {
                    *slot = line;
                }
            }
        }
        out
    }

    /// What instruction `i`'s argument means, as `dis` shows it in
    /// parentheses (empty if nothing, or out of range): the constant (by
    /// `const_repr`), name, variable, jump target (a byte offset) or the
    /// meaning of a number. Shared by `--dis` and the `dis` module
    /// (`_opcode`), which passes the `repr` of the live constant.
    pub fn arg_repr(&self, i: usize, const_repr: &dyn Fn(usize) -> Option<String>) -> String {
        let Some(ins) = self.instructions.get(i) else {
            return String::new();
        };
        let a = ins.arg as usize;
        let detail = match ins.op.arg_kind() {
            ArgKind::Const => const_repr(a),
            ArgKind::Name => self.names.get(a).cloned(),
            ArgKind::Global => self.names.get(a >> 1).map(|n| {
                if a & 1 == 1 {
                    format!("NULL + {}", n)
                } else {
                    n.clone()
                }
            }),
            ArgKind::Local => self.varnames.get(a).cloned(),
            ArgKind::Cell => self.cellvars.iter().chain(&self.freevars).nth(a).cloned(),
            ArgKind::Jump => Some(format!("to {}", 2 * a)),
            ArgKind::Int => Some(crate::opcode::describe_int_arg(ins.op, ins.arg)),
            ArgKind::None => None,
        };
        detail.unwrap_or_default()
    }
}

/// One row of a `dis` listing, CPython's columns: the line it starts
/// (right-aligned in `lineno_width`; no column if 0), `-->` if it is the
/// current instruction, `>>` if something jumps to it, the byte offset
/// (right-aligned in `offset_width`), the name (padded to 20), and, for
/// an instruction with an argument, the argument (right-aligned in 5)
/// and what it means, in parentheses unless empty. The one definition of
/// the layout: `dis.Instruction._disassemble` calls it through `_opcode`.
pub struct ListingRow<'a> {
    pub line: &'a str,
    pub lineno_width: usize,
    pub current: bool,
    pub target: bool,
    pub offset: &'a str,
    pub offset_width: usize,
    pub name: &'a str,
    pub arg: Option<(&'a str, &'a str)>,
}

impl ListingRow<'_> {
    pub fn render(&self) -> String {
        // Formatting widths must fit 16 bits; columns never need more.
        let lineno_width = self.lineno_width.min(255);
        let offset_width = self.offset_width.min(255);
        let mut row = String::new();
        if lineno_width > 0 {
            let _ = write!(row, "{:>w$} ", self.line, w = lineno_width);
        }
        row.push_str(if self.current { "--> " } else { "    " });
        row.push_str(if self.target { ">> " } else { "   " });
        let _ = write!(row, "{:>w$} {:<20}", self.offset, self.name, w = offset_width);
        if let Some((a, detail)) = self.arg {
            let _ = write!(row, " {:>5}", a);
            if !detail.is_empty() {
                let _ = write!(row, " ({})", detail);
            }
        }
        row.truncate(row.trim_end().len());
        row
    }
}
