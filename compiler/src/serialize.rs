//! Code objects to bytes and back: the payload of Pyrite's compiled-code
//! cache (`__pycache__/NAME.pyrite-311.pyc`, vm/src/codecache.rs).
//!
//! Little-endian, length-prefixed, no padding. `load` checks every length
//! and tag against the input and returns None on anything malformed —
//! never panics, whatever the bytes.

use crate::ast::Loc;
use crate::code::{CodeObject, Constant, ExceptEntry, Instr};
use crate::opcode::Op;
use crate::wtf8::Wtf8Buf;
use num_bigint::BigInt;
use std::sync::Arc;

include!(concat!(env!("OUT_DIR"), "/fingerprint.rs"));

struct W(Vec<u8>);

impl W {
    fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn bytes(&mut self, b: &[u8]) {
        self.u32(b.len() as u32);
        self.0.extend_from_slice(b);
    }
    fn strs(&mut self, v: &[String]) {
        self.u32(v.len() as u32);
        for s in v {
            self.bytes(s.as_bytes());
        }
    }
    fn constant(&mut self, c: &Constant) {
        match c {
            Constant::None => self.u8(0),
            Constant::Bool(b) => self.u8(1 + *b as u8),
            Constant::Ellipsis => self.u8(3),
            Constant::Int(i) => {
                self.u8(4);
                self.bytes(&i.to_signed_bytes_le());
            }
            Constant::Float(f) => {
                self.u8(5);
                self.u64(f.to_bits());
            }
            Constant::Complex { real, imag } => {
                self.u8(6);
                self.u64(real.to_bits());
                self.u64(imag.to_bits());
            }
            Constant::Str(s) => {
                self.u8(7);
                self.bytes(s.as_bytes());
            }
            Constant::Bytes(b) => {
                self.u8(8);
                self.bytes(b);
            }
            Constant::Tuple(items) | Constant::FrozenSet(items) => {
                self.u8(if matches!(c, Constant::Tuple(_)) {
                    9
                } else {
                    10
                });
                self.u32(items.len() as u32);
                for i in items {
                    self.constant(i);
                }
            }
            Constant::Code(code) => {
                self.u8(11);
                self.code(code);
            }
        }
    }
    fn code(&mut self, c: &CodeObject) {
        self.bytes(c.name.as_bytes());
        self.bytes(c.qualname.as_bytes());
        self.bytes(c.filename.as_bytes());
        for v in [
            c.firstlineno,
            c.argcount,
            c.posonlyargcount,
            c.kwonlyargcount,
            c.flags,
            c.stacksize,
        ] {
            self.u32(v);
        }
        self.strs(&c.varnames);
        self.strs(&c.cellvars);
        self.strs(&c.freevars);
        self.strs(&c.names);
        self.u32(c.consts.len() as u32);
        for k in &c.consts {
            self.constant(k);
        }
        self.u32(c.instructions.len() as u32);
        for i in &c.instructions {
            self.u8(i.op as u8);
            self.u32(i.arg);
        }
        self.u32(c.locations.len() as u32);
        for l in &c.locations {
            for v in [l.lineno, l.col_offset, l.end_lineno, l.end_col_offset] {
                self.u32(v);
            }
        }
        self.u32(c.exception_table.len() as u32);
        for e in &c.exception_table {
            for v in [e.start, e.end, e.target, e.depth] {
                self.u32(v);
            }
            self.u8(e.lasti as u8);
        }
        self.u32(c.cell2arg.len() as u32);
        for a in &c.cell2arg {
            self.u32(a.unwrap_or(u32::MAX));
        }
    }
}

/// The bytes of `code`.
pub fn dump(code: &CodeObject) -> Vec<u8> {
    let mut w = W(Vec::with_capacity(4096));
    w.code(code);
    w.0
}

struct R<'a> {
    b: &'a [u8],
    pos: usize,
    depth: u32,
}

impl R<'_> {
    fn take(&mut self, n: usize) -> Option<&[u8]> {
        let end = self.pos.checked_add(n)?;
        let s = self.b.get(self.pos..end)?;
        self.pos = end;
        Some(s)
    }
    fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    /// A count of items that each take at least `min` bytes (so a corrupt
    /// count cannot ask for a huge allocation).
    fn count(&mut self, min: usize) -> Option<usize> {
        let n = self.u32()? as usize;
        (n.checked_mul(min)? <= self.b.len() - self.pos).then_some(n)
    }
    fn bytes(&mut self) -> Option<Vec<u8>> {
        let n = self.count(1)?;
        Some(self.take(n)?.to_vec())
    }
    fn string(&mut self) -> Option<String> {
        String::from_utf8(self.bytes()?).ok()
    }
    fn strs(&mut self) -> Option<Vec<String>> {
        let n = self.count(4)?;
        (0..n).map(|_| self.string()).collect()
    }
    fn constant(&mut self) -> Option<Constant> {
        Some(match self.u8()? {
            0 => Constant::None,
            1 => Constant::Bool(false),
            2 => Constant::Bool(true),
            3 => Constant::Ellipsis,
            4 => Constant::Int(BigInt::from_signed_bytes_le(&self.bytes()?)),
            5 => Constant::Float(f64::from_bits(self.u64()?)),
            6 => Constant::Complex {
                real: f64::from_bits(self.u64()?),
                imag: f64::from_bits(self.u64()?),
            },
            7 => Constant::Str(Wtf8Buf::from_wtf8_bytes(self.bytes()?)?),
            8 => Constant::Bytes(self.bytes()?),
            t @ (9 | 10) => {
                let n = self.count(1)?;
                let items = (0..n)
                    .map(|_| self.constant())
                    .collect::<Option<Vec<_>>>()?;
                if t == 9 {
                    Constant::Tuple(items)
                } else {
                    Constant::FrozenSet(items)
                }
            }
            11 => {
                self.depth += 1;
                if self.depth > 200 {
                    return None;
                }
                let c = self.code()?;
                self.depth -= 1;
                Constant::Code(Arc::new(c))
            }
            _ => return None,
        })
    }
    fn code(&mut self) -> Option<CodeObject> {
        let name = self.string()?;
        let qualname = self.string()?;
        let filename = self.string()?;
        let mut v = [0u32; 6];
        for x in &mut v {
            *x = self.u32()?;
        }
        let [firstlineno, argcount, posonlyargcount, kwonlyargcount, flags, stacksize] = v;
        let varnames = self.strs()?;
        let cellvars = self.strs()?;
        let freevars = self.strs()?;
        let names = self.strs()?;
        let n = self.count(1)?;
        let consts = (0..n)
            .map(|_| self.constant())
            .collect::<Option<Vec<_>>>()?;
        let n = self.count(5)?;
        let mut instructions = Vec::with_capacity(n);
        for _ in 0..n {
            let op = *Op::ALL.get(self.u8()? as usize)?;
            instructions.push(Instr {
                op,
                arg: self.u32()?,
            });
        }
        let n = self.count(16)?;
        let mut locations = Vec::with_capacity(n);
        for _ in 0..n {
            locations.push(Loc {
                lineno: self.u32()?,
                col_offset: self.u32()?,
                end_lineno: self.u32()?,
                end_col_offset: self.u32()?,
            });
        }
        let n = self.count(17)?;
        let mut exception_table = Vec::with_capacity(n);
        for _ in 0..n {
            exception_table.push(ExceptEntry {
                start: self.u32()?,
                end: self.u32()?,
                target: self.u32()?,
                depth: self.u32()?,
                lasti: self.u8()? != 0,
            });
        }
        let n = self.count(4)?;
        let mut cell2arg = Vec::with_capacity(n);
        for _ in 0..n {
            let a = self.u32()?;
            cell2arg.push((a != u32::MAX).then_some(a));
        }
        let code = CodeObject {
            name,
            qualname,
            filename,
            firstlineno,
            argcount,
            posonlyargcount,
            kwonlyargcount,
            flags,
            varnames,
            cellvars,
            freevars,
            names,
            consts,
            instructions,
            locations,
            exception_table,
            stacksize,
            cell2arg,
        };
        code.is_well_formed().then_some(code)
    }
}

/// The code object in `bytes`, or None if they are not a whole, well-formed
/// dump.
pub fn load(bytes: &[u8]) -> Option<CodeObject> {
    let mut r = R {
        b: bytes,
        pos: 0,
        depth: 0,
    };
    let c = r.code()?;
    (r.pos == bytes.len()).then_some(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compile(src: &str) -> CodeObject {
        let m = crate::parse_source(src.as_bytes()).unwrap();
        crate::codegen::compile_module(m, "t.py", Default::default()).unwrap()
    }

    const SRC: &str = "import os\nx = (1, 2.5, 3j, 'é\\ud800', b'\\x00', None, ..., True, frozenset({1}), 10**40, -7)\n\
        def f(a, /, b=2, *c, d, **e):\n    def g():\n        return a + d\n    try:\n        return [i for i in c if i]\n    except* ValueError:\n        pass\n    finally:\n        yield g\n\
        class K:\n    async def m(self):\n        async with self as s:\n            await s\n";

    #[test]
    fn dump_then_load_gives_the_same_code() {
        let code = compile(SRC);
        let bytes = dump(&code);
        let back = load(&bytes).expect("loads");
        assert_eq!(dump(&back), bytes);
        assert_eq!(back.disassemble(), code.disassemble());
    }

    #[test]
    fn damaged_input_is_refused_never_a_panic() {
        let bytes = dump(&compile(SRC));
        for cut in (0..bytes.len()).step_by(7) {
            assert!(load(&bytes[..cut]).is_none());
        }
        // Flipping bytes either still decodes to well-formed code or fails.
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..2000 {
            let mut b = bytes.clone();
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let i = (seed as usize) % b.len();
            b[i] ^= (seed >> 32) as u8 | 1;
            if let Some(c) = load(&b) {
                assert!(c.is_well_formed());
            }
        }
    }
}

/// A code object as a self-checking record — the compiler fingerprint,
/// an FNV-1a checksum of the dump, then the dump — the form the import
/// cache and `marshal` both store (so each reads the other's files).
pub fn seal(code: &CodeObject) -> Vec<u8> {
    let payload = dump(code);
    let mut out = Vec::with_capacity(16 + payload.len());
    out.extend_from_slice(&COMPILER_FINGERPRINT.to_le_bytes());
    out.extend_from_slice(&fnv1a(&payload).to_le_bytes());
    out.extend_from_slice(&payload);
    out
}

/// Why a sealed record could not be opened.
#[derive(Debug, PartialEq, Eq)]
pub enum Unseal {
    /// Written by a Pyrite whose compiler differs from this one.
    OtherBuild,
    /// Truncated, altered or not a record at all.
    Corrupt,
}

/// The code object in a record made by [`seal`].
pub fn unseal(b: &[u8]) -> Result<CodeObject, Unseal> {
    if b.len() < 16 {
        return Err(Unseal::Corrupt);
    }
    let word = |at: usize| u64::from_le_bytes(b[at..at + 8].try_into().expect("8 bytes"));
    if word(0) != COMPILER_FINGERPRINT {
        return Err(Unseal::OtherBuild);
    }
    let payload = &b[16..];
    if fnv1a(payload) != word(8) {
        return Err(Unseal::Corrupt);
    }
    load(payload).ok_or(Unseal::Corrupt)
}

fn fnv1a(data: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in data {
        h = (h ^ b as u64).wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}
