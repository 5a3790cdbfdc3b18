//! A code object's tables in CPython 3.11's byte formats — `co_code`,
//! `co_exceptiontable`, `co_linetable` and `co_lnotab` — written over
//! Pyrite's instructions, so that Python code that reads them (Lib's
//! helpers, `dis`, debuggers, `test.support`) finds what it expects.
//!
//! The unit of every offset is CPython's code unit, two bytes, and one
//! Pyrite instruction is one code unit: instruction `i` is at byte offset
//! `2 * i` in `co_code`, `co_lines()`, `co_positions()` (one entry per
//! unit), the exception table, `f_lasti` and `tb_lasti`. Pyrite has no
//! EXTENDED_ARG nor CACHE units, so `co_code` holds only the low byte of
//! an argument; the whole one is in the instruction itself (`dis` reads
//! it through `_opcode`).
//!
//! Formats, as CPython 3.11 documents them (Objects/locations.md and
//! Objects/exception_handling_notes.txt):
//! - exception table: per entry, start, length, target (in code units)
//!   and `depth << 1 | lasti`, each a varint of 6-bit groups, most
//!   significant first, bit 6 set on all but the last; bit 7 marks an
//!   entry's first byte.
//! - location table: entries covering 1 to 8 code units; a first byte
//!   `1 cccc lll` (code, length - 1) followed by the code's payload, in
//!   bytes below 128 (readers find entries by bit 7), whose numbers are
//!   varints of 6-bit groups, least significant first, bit 6
//!   set on all but the last (signed ones zigzag'd as `magnitude << 1 |
//!   sign`). Lines are deltas from the previous entry's line, the first
//!   from `co_firstlineno`.
//! - `co_lnotab`: (byte delta, signed line delta) byte pairs, one per
//!   change of line.

use crate::ast::Loc;
use crate::code::{CodeObject, ExceptEntry};

/// An instruction's `co_positions()` entry: line, end line, column and
/// end column, each None when unknown.
pub type Positions = [Option<u32>; 4];

/// The `co_positions()` entry of location `loc`: nothing for the
/// all-zero location the compiler gives artificial instructions; no
/// columns where they are not known (`Loc::NO_COLUMN`).
pub fn positions_of(loc: &Loc) -> Positions {
    if *loc == Loc::default() {
        return [None; 4];
    }
    let col = |c: u32| (c != Loc::NO_COLUMN).then_some(c);
    [
        Some(loc.lineno),
        Some(loc.end_lineno),
        col(loc.col_offset),
        col(loc.end_col_offset),
    ]
}

// Location-table entry codes.
const SHORT_MAX: u8 = 9;
const ONE_LINE_0: u8 = 10;
const NO_COLUMNS: u8 = 13;
const LONG: u8 = 14;
const NO_LOCATION: u8 = 15;

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 64 {
        out.push(0x40 | (v & 63) as u8);
        v >>= 6;
    }
    out.push(v as u8);
}

fn put_svarint(out: &mut Vec<u8>, v: i64) {
    let mag = v.unsigned_abs();
    put_varint(out, mag << 1 | (v < 0) as u64);
}

/// One location-table entry for `len` (1..=8) code units at `p`; `line`
/// is the line the previous entry left, updated.
fn put_location(out: &mut Vec<u8>, p: Positions, len: usize, line: &mut i64) {
    debug_assert!((1..=8).contains(&len));
    let head = |code: u8| 0x80 | code << 3 | (len as u8 - 1);
    let [Some(l), end, col, end_col] = p else {
        out.push(head(NO_LOCATION));
        return;
    };
    let delta = l as i64 - *line;
    *line = l as i64;
    // The format cannot say that a span ends on a line before it starts.
    let end = end.unwrap_or(l).max(l);
    if end == l {
        match (col, end_col) {
            (None, None) => {
                out.push(head(NO_COLUMNS));
                put_svarint(out, delta);
                return;
            }
            (Some(c), Some(e)) if delta == 0 && c < 80 && e >= c && e - c < 16 => {
                out.push(head((c / 8) as u8));
                out.push(((c % 8) << 4 | (e - c)) as u8);
                return;
            }
            // Payload bytes keep bit 7 clear: CPython finds the next entry
            // by scanning for it.
            (Some(c), Some(e)) if (0..=2).contains(&delta) && c < 128 && e < 128 => {
                out.push(head(ONE_LINE_0 + delta as u8));
                out.push(c as u8);
                out.push(e as u8);
                return;
            }
            _ => {}
        }
    }
    out.push(head(LONG));
    put_svarint(out, delta);
    put_varint(out, (end - l) as u64);
    put_varint(out, col.map_or(0, |c| c as u64 + 1));
    put_varint(out, end_col.map_or(0, |c| c as u64 + 1));
}

/// Exception-table varint: 6-bit groups, most significant first, bit 6
/// on all but the last, `mark` (bit 7 or 0) on the first.
fn put_except_varint(out: &mut Vec<u8>, value: u32, mut mark: u8) {
    let mut shift = 30;
    while shift > 0 {
        if value >> shift != 0 {
            out.push(((value >> shift) & 63) as u8 | 0x40 | mark);
            mark = 0;
        }
        shift -= 6;
    }
    out.push((value & 63) as u8 | mark);
}

impl CodeObject {
    /// `co_code`: two bytes an instruction, its number and the low byte
    /// of its argument.
    pub fn co_code(&self) -> Vec<u8> {
        let mut b = Vec::with_capacity(self.instructions.len() * 2);
        for i in &self.instructions {
            b.push(i.op as u8);
            b.push((i.arg & 0xff) as u8);
        }
        b
    }

    /// `co_positions()`, one entry per instruction.
    pub fn positions(&self) -> Vec<Positions> {
        self.locations.iter().map(positions_of).collect()
    }

    /// `co_exceptiontable` in CPython 3.11's encoding.
    pub fn co_exceptiontable(&self) -> Vec<u8> {
        let mut out = Vec::new();
        for e in &self.exception_table {
            put_except_varint(&mut out, e.start, 0x80);
            put_except_varint(&mut out, e.end.saturating_sub(e.start), 0);
            put_except_varint(&mut out, e.target, 0);
            put_except_varint(&mut out, e.depth << 1 | e.lasti as u32, 0);
        }
        out
    }

    /// `co_linetable` in CPython 3.11's location-table encoding: decoded
    /// as CPython does, it gives back `co_positions()`.
    pub fn co_linetable(&self) -> Vec<u8> {
        let pos = self.positions();
        let mut out = Vec::with_capacity(pos.len() * 2);
        let mut line = self.firstlineno as i64;
        let mut i = 0;
        while i < pos.len() {
            let mut n = 1;
            while n < 8 && i + n < pos.len() && pos[i + n] == pos[i] {
                n += 1;
            }
            put_location(&mut out, pos[i], n, &mut line);
            i += n;
        }
        out
    }

    /// `co_lnotab`: where the line changes, from `co_lines()` (ranges
    /// without a line leave it as it was).
    pub fn co_lnotab(&self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut offset = 0i64;
        let mut line = self.firstlineno as i64;
        for (start, _, l) in self.lines() {
            let Some(l) = l else { continue };
            let l = l as i64;
            if l == line {
                continue;
            }
            let mut bdelta = 2 * start as i64 - offset;
            let mut ldelta = l - line;
            while bdelta > 255 {
                out.extend([255, 0]);
                bdelta -= 255;
            }
            while ldelta > 127 {
                out.extend([bdelta as u8, 127]);
                bdelta = 0;
                ldelta -= 127;
            }
            while ldelta < -128 {
                out.extend([bdelta as u8, 0x80]);
                bdelta = 0;
                ldelta += 128;
            }
            out.extend([bdelta as u8, ldelta as i8 as u8]);
            offset = 2 * start as i64;
            line = l;
        }
        out
    }
}

/// Reads a location table (CPython 3.11's `co_linetable`) back into one
/// `co_positions()` entry per code unit; None if it is malformed.
pub fn decode_linetable(table: &[u8], firstlineno: u32) -> Option<Vec<Positions>> {
    let mut pos = 0;
    let byte = |pos: &mut usize| -> Option<u8> {
        let b = *table.get(*pos)?;
        *pos += 1;
        Some(b)
    };
    let varint = |pos: &mut usize| -> Option<u64> {
        let mut v = 0u64;
        let mut shift = 0;
        loop {
            let b = byte(pos)?;
            if shift > 60 {
                return None;
            }
            v |= ((b & 63) as u64) << shift;
            if b & 0x40 == 0 {
                return Some(v);
            }
            shift += 6;
        }
    };
    let svarint = |pos: &mut usize| -> Option<i64> {
        let u = varint(pos)?;
        let mag = (u >> 1) as i64;
        Some(if u & 1 != 0 { -mag } else { mag })
    };
    let mut line = firstlineno as i64;
    let mut out = Vec::new();
    while pos < table.len() {
        let head = byte(&mut pos)?;
        if head & 0x80 == 0 {
            return None;
        }
        let entry_start = pos;
        let code = (head >> 3) & 15;
        let len = (head & 7) as usize + 1;
        let u = |v: i64| u32::try_from(v).ok();
        let p: Positions = match code {
            0..=SHORT_MAX => {
                let b = byte(&mut pos)? as u32;
                let c = code as u32 * 8 + (b >> 4);
                [u(line), u(line), Some(c), Some(c + (b & 15))]
            }
            ONE_LINE_0..=12 => {
                line += (code - ONE_LINE_0) as i64;
                let c = byte(&mut pos)? as u32;
                let e = byte(&mut pos)? as u32;
                [u(line), u(line), Some(c), Some(e)]
            }
            NO_COLUMNS => {
                line += svarint(&mut pos)?;
                [u(line), u(line), None, None]
            }
            LONG => {
                line += svarint(&mut pos)?;
                let end = line + varint(&mut pos)? as i64;
                let col = varint(&mut pos)?.checked_sub(1).map(|c| c as u32);
                let end_col = varint(&mut pos)?.checked_sub(1).map(|c| c as u32);
                [u(line), u(end), col, end_col]
            }
            _ => [None; 4],
        };
        // A payload byte with bit 7 set would read, to CPython's line
        // scanner, as the start of the next entry.
        if table[entry_start..pos].iter().any(|b| b & 0x80 != 0) {
            return None;
        }
        out.extend(std::iter::repeat(p).take(len));
    }
    Some(out)
}

/// Reads an exception table (CPython 3.11's `co_exceptiontable`) back
/// into its entries (offsets in code units); None if it is malformed.
pub fn decode_exceptiontable(table: &[u8]) -> Option<Vec<ExceptEntry>> {
    let mut pos = 0;
    let mut item = |first: bool| -> Option<u32> {
        let b = *table.get(pos)?;
        if first != (b & 0x80 != 0) {
            return None;
        }
        pos += 1;
        let mut v = (b & 63) as u32;
        let mut more = b & 0x40 != 0;
        while more {
            let b = *table.get(pos)?;
            pos += 1;
            v = v.checked_mul(64)? | (b & 63) as u32;
            more = b & 0x40 != 0;
        }
        Some(v)
    };
    let mut out = Vec::new();
    loop {
        let Some(start) = item(true) else {
            break;
        };
        let len = item(false)?;
        let target = item(false)?;
        let dl = item(false)?;
        out.push(ExceptEntry {
            start,
            end: start.checked_add(len)?,
            target,
            depth: dl >> 1,
            lasti: dl & 1 != 0,
        });
    }
    (pos == table.len()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codegen::{compile_module, CompileOptions};

    fn compile(src: &str) -> CodeObject {
        let m = crate::parse_source(src.as_bytes()).unwrap();
        compile_module(m, "<test>", CompileOptions::default()).unwrap()
    }

    fn all(code: &CodeObject) -> Vec<&CodeObject> {
        let mut out = vec![code];
        for c in code.children() {
            out.extend(all(c));
        }
        out
    }

    const SOURCE: &str = "import os\n\
        def f(a, b=1, *c, **d):\n    try:\n        x = [i * 2 for i in range(a)\n             if i]\n\
        \x20   except (ValueError, TypeError) as e:\n        raise RuntimeError(f'{e!r:>10}') from e\n\
        \x20   finally:\n        print('done')\n    with open(a) as fp:\n        return fp.read()\n\
        class C:\n    def m(self):\n        yield from range(3)\n\
        x = (1 +\n     2)\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\ny = 'a very long line' + 'to push the columns past what a short entry holds, and further, and further still, well past column one hundred and twenty-eight' + str(x) + str(x)\n";

    #[test]
    fn linetable_decodes_to_the_positions() {
        let code = compile(SOURCE);
        for c in all(&code) {
            let back = decode_linetable(&c.co_linetable(), c.firstlineno).unwrap();
            assert_eq!(back, c.positions(), "{}", c.name);
            assert_eq!(back.len(), c.instructions.len());
        }
    }

    #[test]
    fn exception_table_decodes_to_the_entries() {
        let code = compile(SOURCE);
        let mut seen = 0;
        for c in all(&code) {
            let back = decode_exceptiontable(&c.co_exceptiontable()).unwrap();
            assert_eq!(back, c.exception_table, "{}", c.name);
            seen += back.len();
        }
        assert!(seen > 3);
        // Big numbers take several groups.
        let mut c = compile("pass\n");
        c.exception_table = vec![ExceptEntry { start: 70000, end: 70100, target: 5, depth: 40, lasti: true }];
        assert_eq!(decode_exceptiontable(&c.co_exceptiontable()).unwrap(), c.exception_table);
    }

    /// The (byte offset, line) points a `co_lnotab` reaches: where each
    /// change of line lands, the last one at an offset winning.
    fn lnotab_points(c: &CodeObject) -> Vec<(i64, i64)> {
        let tab = c.co_lnotab();
        assert_eq!(tab.len() % 2, 0);
        let (mut off, mut line) = (0i64, c.firstlineno as i64);
        let mut points: Vec<(i64, i64)> = Vec::new();
        for pair in tab.chunks(2) {
            off += pair[0] as i64;
            line += pair[1] as i8 as i64;
            if pair[1] != 0 {
                if points.last().is_some_and(|p| p.0 == off) {
                    points.pop();
                }
                points.push((off, line));
            }
        }
        points
    }

    /// Where `co_lines()` starts a range on a new line.
    fn line_changes(c: &CodeObject) -> Vec<(i64, i64)> {
        let mut out = Vec::new();
        let mut cur = c.firstlineno as i64;
        for (s, _, l) in c.lines() {
            if let Some(l) = l {
                if l as i64 != cur {
                    out.push((2 * s as i64, l as i64));
                    cur = l as i64;
                }
            }
        }
        out
    }

    #[test]
    fn lnotab_follows_the_line_starts() {
        let code = compile(SOURCE);
        for c in all(&code) {
            assert_eq!(lnotab_points(c), line_changes(c), "{}", c.name);
        }
        // Byte deltas past 255 and line deltas past a signed byte.
        let mut c = compile("pass\n");
        let n = 400;
        c.instructions = vec![crate::code::Instr { op: crate::opcode::Op::NOP, arg: 0 }; n];
        let locs: Vec<Loc> = (0..n)
            .map(|i| {
                let line = match i {
                    0..=199 => 1,
                    200..=299 => 400,
                    _ => 2,
                };
                Loc::new(line, 0, line, 1)
            })
            .collect();
        c.locations = crate::linetable::LineTable::new(&locs, 1);
        assert_eq!(lnotab_points(&c), vec![(400, 400), (600, 2)]);
        assert_eq!(lnotab_points(&c), line_changes(&c));
        let back = decode_linetable(&c.co_linetable(), c.firstlineno).unwrap();
        assert_eq!(back, c.positions());
    }

    #[test]
    fn co_code_is_two_bytes_an_instruction() {
        let code = compile(SOURCE);
        let b = code.co_code();
        assert_eq!(b.len(), 2 * code.instructions.len());
        for (i, ins) in code.instructions.iter().enumerate() {
            assert_eq!(b[2 * i], ins.op as u8);
            assert_eq!(b[2 * i + 1] as u32, ins.arg & 0xff);
        }
    }

    #[test]
    fn module_resume_is_on_line_zero() {
        let code = compile("x = 1\n");
        assert_eq!(code.positions()[0], [Some(0), Some(1), Some(0), Some(0)]);
        assert_eq!(code.lines()[0].2, Some(0));
    }

    #[test]
    fn malformed_tables_are_refused() {
        assert_eq!(decode_linetable(&[0x01], 1), None);
        assert_eq!(decode_linetable(&[0x80 | LONG << 3], 1), None);
        assert_eq!(decode_linetable(&[0x80 | ONE_LINE_0 << 3, 130, 140], 1), None);
        assert_eq!(decode_exceptiontable(&[0x81, 0x80]), None);
        assert_eq!(decode_exceptiontable(&[0x81, 0x41]), None);
        assert_eq!(decode_exceptiontable(&[]), Some(vec![]));
    }
}
