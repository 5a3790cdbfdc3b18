//! Code objects to bytes and back: the payload of Pyrite's compiled-code
//! cache (`__pycache__/NAME.pyrite-311.pyc`, vm/src/codecache.rs).
//!
//! Little-endian, length-prefixed, no padding. `load` checks every length
//! and tag against the input and returns None on anything malformed —
//! never panics, whatever the bytes.

use crate::linetable::LineTable;
use crate::code::{CodeObject, Constant, ExceptEntry, Instr};
use crate::opcode::Op;
use crate::wtf8::Wtf8Buf;
use num_bigint::BigInt;
use std::sync::Arc;

include!(concat!(env!("OUT_DIR"), "/fingerprint.rs"));

// The format (v2): every count, length and number is an unsigned LEB128
// varint (most are below 128: one byte instead of four); a nested code
// object's filename is written only when it differs from its parent's
// (it never does for compiled source); an instruction is its opcode byte
// then its argument as a varint; locations are deltas from the previous
// instruction's line (zigzag), so a typical one takes four bytes, not
// sixteen (`linetable`: stored as they are, decoded when first read). Half the size of v1 and decoded in a fraction of the time: the
// import cache and the frozen standard library are read on every start.
//
// A nested code object is written length-prefixed (tag 12) so that a
// loader can skip it and read it when first used (`load_lazy`), unless it
// or one nested in it has a frozenset constant (tag 11, written in full):
// building a set hashes its members, which lazily built code does without
// the interpreter at hand.

struct W {
    out: Vec<u8>,
    /// The enclosing code object's filename (None at the top).
    filename: Vec<String>,
}

impl W {
    fn u8(&mut self, v: u8) {
        self.out.push(v);
    }
    fn var(&mut self, v: u64) {
        crate::varint::put(&mut self.out, v);
    }
    fn u64(&mut self, v: u64) {
        self.out.extend_from_slice(&v.to_le_bytes());
    }
    fn bytes(&mut self, b: &[u8]) {
        self.var(b.len() as u64);
        self.out.extend_from_slice(b);
    }
    fn strs(&mut self, v: &[String]) {
        self.var(v.len() as u64);
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
                self.var(items.len() as u64);
                for i in items {
                    self.constant(i);
                }
            }
            Constant::Code(code) => {
                if has_frozenset(code) {
                    self.u8(11);
                    self.code(code);
                } else {
                    // Length-prefixed, so a loader can leave it unread until
                    // it is first used (`load_lazy`).
                    let mut child = W {
                        out: Vec::new(),
                        filename: self.filename.clone(),
                    };
                    child.code(code);
                    self.u8(12);
                    self.bytes(&child.out);
                }
            }
        }
    }
    fn code(&mut self, c: &CodeObject) {
        self.bytes(c.name.as_bytes());
        self.bytes(c.qualname.as_bytes());
        // 0: the parent's filename; else 1 + the length, then the bytes.
        if self.filename.last() == Some(&c.filename) {
            self.var(0);
        } else {
            self.var(c.filename.len() as u64 + 1);
            self.out.extend_from_slice(c.filename.as_bytes());
        }
        for v in [
            c.firstlineno,
            c.argcount,
            c.posonlyargcount,
            c.kwonlyargcount,
            c.flags,
            c.stacksize,
        ] {
            self.var(v as u64);
        }
        self.strs(&c.varnames);
        self.strs(&c.cellvars);
        self.strs(&c.freevars);
        self.strs(&c.names);
        self.var(c.consts.len() as u64);
        self.filename.push(c.filename.clone());
        for k in &c.consts {
            self.constant(k);
        }
        self.filename.pop();
        self.var(c.instructions.len() as u64);
        for i in &c.instructions {
            self.u8(i.op as u8);
            self.var(i.arg as u64);
        }
        self.var(c.locations.len() as u64);
        let (base, table) = c.locations.encoded();
        self.var(base as u64);
        self.bytes(table);
        self.var(c.exception_table.len() as u64);
        for e in &c.exception_table {
            for v in [e.start, e.end, e.target, e.depth] {
                self.var(v as u64);
            }
            self.u8(e.lasti as u8);
        }
        self.var(c.cell2arg.len() as u64);
        for a in &c.cell2arg {
            self.var(a.map_or(0, |a| a as u64 + 1));
        }
    }
}

/// Does `code` or a code object nested in it have a frozenset constant?
/// Those are written in full (tag 11): a deferred code object is built
/// later without the interpreter at hand, which hashing set members needs.
fn has_frozenset(code: &CodeObject) -> bool {
    fn walk(c: &Constant) -> bool {
        match c {
            Constant::FrozenSet(_) => true,
            Constant::Tuple(items) => items.iter().any(walk),
            Constant::Code(code) => has_frozenset(code),
            _ => false,
        }
    }
    code.consts.iter().any(walk)
}

/// The bytes of `code`.
pub fn dump(code: &CodeObject) -> Vec<u8> {
    let mut w = W {
        out: Vec::with_capacity(4096),
        filename: Vec::new(),
    };
    w.code(code);
    w.out
}

struct R<'a> {
    b: &'a [u8],
    pos: usize,
    depth: u32,
    /// The enclosing code objects' filenames, innermost last.
    filename: Vec<String>,
    /// [`load_lazy`]: the bytes were written by [`dump`] into this
    /// executable at build time, so strings are known to be UTF-8 and
    /// code well formed (neither is checked again), and the top code
    /// object's length-prefixed nested code objects are not read but
    /// listed in `deferred` (const index, byte range).
    frozen: bool,
    deferred: Deferred,
}

impl R<'_> {
    #[inline]
    fn take(&mut self, n: usize) -> Option<&[u8]> {
        let end = self.pos.checked_add(n)?;
        let s = self.b.get(self.pos..end)?;
        self.pos = end;
        Some(s)
    }
    #[inline(always)]
    fn u8(&mut self) -> Option<u8> {
        let v = *self.b.get(self.pos)?;
        self.pos += 1;
        Some(v)
    }
    /// A varint: one byte in the common case (inlined), more out of line.
    #[inline(always)]
    fn var(&mut self) -> Option<u64> {
        let first = *self.b.get(self.pos)?;
        if first < 0x80 {
            self.pos += 1;
            return Some(first as u64);
        }
        self.var_long()
    }
    #[inline(never)]
    fn var_long(&mut self) -> Option<u64> {
        crate::varint::get(self.b, &mut self.pos)
    }
    #[inline(always)]
    fn u32(&mut self) -> Option<u32> {
        u32::try_from(self.var()?).ok()
    }
    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    /// A count of items that each take at least `min` bytes (so a corrupt
    /// count cannot ask for a huge allocation).
    fn count(&mut self, min: usize) -> Option<usize> {
        let n = self.var()? as usize;
        (n.checked_mul(min)? <= self.b.len() - self.pos).then_some(n)
    }
    fn bytes(&mut self) -> Option<&[u8]> {
        let n = self.count(1)?;
        self.take(n)
    }
    fn string(&mut self) -> Option<String> {
        let frozen = self.frozen;
        let b = self.bytes()?;
        if frozen {
            // SAFETY: frozen bytes come from `dump` of a CodeObject, which
            // writes each String's own bytes (valid UTF-8), and sit
            // unmodified in the executable's read-only data.
            return Some(unsafe { std::str::from_utf8_unchecked(b) }.to_string());
        }
        std::str::from_utf8(b).ok().map(str::to_string)
    }
    fn strs(&mut self) -> Option<Vec<String>> {
        let n = self.count(1)?;
        (0..n).map(|_| self.string()).collect()
    }
    /// One constant; `top`: its index among the consts of the code object
    /// being read (not inside a tuple).
    fn constant(&mut self, top: Option<usize>) -> Option<Constant> {
        Some(match self.u8()? {
            0 => Constant::None,
            1 => Constant::Bool(false),
            2 => Constant::Bool(true),
            3 => Constant::Ellipsis,
            4 => Constant::Int(BigInt::from_signed_bytes_le(self.bytes()?)),
            5 => Constant::Float(f64::from_bits(self.u64()?)),
            6 => Constant::Complex {
                real: f64::from_bits(self.u64()?),
                imag: f64::from_bits(self.u64()?),
            },
            7 => Constant::Str(Wtf8Buf::from_wtf8_bytes(self.bytes()?.to_vec())?),
            8 => Constant::Bytes(self.bytes()?.to_vec()),
            t @ (9 | 10) => {
                let n = self.count(1)?;
                let items = (0..n)
                    .map(|_| self.constant(None))
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
            12 => {
                let n = self.count(1)?;
                let end = self.pos + n;
                if let (true, Some(index)) = (self.frozen && self.depth == 0, top) {
                    self.deferred.push((index, self.pos..end));
                    self.pos = end;
                    return Some(Constant::None);
                }
                self.depth += 1;
                if self.depth > 200 {
                    return None;
                }
                let c = self.code()?;
                self.depth -= 1;
                if self.pos != end {
                    return None;
                }
                Constant::Code(Arc::new(c))
            }
            _ => return None,
        })
    }
    fn code(&mut self) -> Option<CodeObject> {
        let name = self.string()?;
        let qualname = self.string()?;
        let filename = match self.var()? {
            0 => self.filename.last()?.clone(),
            n => {
                let bytes = self.take(usize::try_from(n - 1).ok()?)?;
                std::str::from_utf8(bytes).ok()?.to_string()
            }
        };
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
        self.filename.push(filename);
        let consts = (0..n)
            .map(|i| self.constant(Some(i)))
            .collect::<Option<Vec<_>>>();
        let filename = self.filename.pop()?;
        let consts = consts?;
        let n = self.count(2)?;
        let mut instructions = Vec::with_capacity(n);
        for _ in 0..n {
            let op = *Op::ALL.get(self.u8()? as usize)?;
            instructions.push(Instr { op, arg: self.u32()? });
        }
        let n = self.u32()?;
        let base = self.u32()?;
        let locations = LineTable::from_encoded(base, n, self.bytes()?);
        let n = self.count(5)?;
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
        let n = self.count(1)?;
        let mut cell2arg = Vec::with_capacity(n);
        for _ in 0..n {
            let a = self.u32()?;
            cell2arg.push(a.checked_sub(1));
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
        (self.frozen || code.is_well_formed()).then_some(code)
    }
}

/// The code object in `bytes`, or None if they are not a whole, well-formed
/// dump.
pub fn load(bytes: &[u8]) -> Option<CodeObject> {
    read(bytes, false, None).map(|(c, _)| c)
}

/// The code objects nested in a lazily read one: for each, its index in
/// `consts` (which holds None there) and the range of its bytes.
pub type Deferred = Vec<(usize, std::ops::Range<usize>)>;

/// [`load`] of a dump that [`dump`] wrote at build time into this very
/// executable (the frozen standard library), top code object only: its
/// strings and code are not validated again (a tenth of loading), and the
/// nested code objects written length-prefixed are left unread and
/// listed, to be read with this function when first needed: most
/// functions of an imported module never run. `parent_filename` is the
/// enclosing code object's (nested ones store theirs only when it
/// differs).
///
/// # Safety
/// `bytes` is a dump (or a nested code object's range of one) written by
/// [`dump`] into this executable, unmodified.
pub unsafe fn load_lazy(bytes: &[u8], parent_filename: Option<&str>) -> Option<(CodeObject, Deferred)> {
    read(bytes, true, parent_filename)
}

fn read(bytes: &[u8], frozen: bool, parent_filename: Option<&str>) -> Option<(CodeObject, Deferred)> {
    let mut r = R {
        b: bytes,
        pos: 0,
        depth: 0,
        filename: parent_filename.map(str::to_string).into_iter().collect(),
        frozen,
        deferred: Vec::new(),
    };
    let c = r.code()?;
    (r.pos == bytes.len()).then_some((c, r.deferred))
}

/// The name and qualified name at the start of a code object's bytes
/// (what a function made from it needs before its code is read).
pub fn code_names(bytes: &[u8]) -> Option<(&str, &str)> {
    let mut pos = 0;
    let mut string = || {
        let n = usize::try_from(crate::varint::get(bytes, &mut pos)?).ok()?;
        let s = bytes.get(pos..pos.checked_add(n)?)?;
        pos += n;
        std::str::from_utf8(s).ok()
    };
    Some((string()?, string()?))
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
/// a checksum of the dump, then the dump — the form the import
/// cache and `marshal` both store (so each reads the other's files).
pub fn seal(code: &CodeObject) -> Vec<u8> {
    let payload = dump(code);
    let mut out = Vec::with_capacity(16 + payload.len());
    out.extend_from_slice(&COMPILER_FINGERPRINT.to_le_bytes());
    out.extend_from_slice(&checksum(&payload).to_le_bytes());
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
    if checksum(payload) != word(8) {
        return Err(Unseal::Corrupt);
    }
    load(payload).ok_or(Unseal::Corrupt)
}

/// A checksum that catches truncation and damaged bytes, eight bytes a
/// step (a byte-at-a-time FNV-1a was a tenth of start-up): multiply-xorshift
/// over little-endian words, the tail padded, the length mixed in last.
fn checksum(data: &[u8]) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut words = data.chunks_exact(8);
    for w in &mut words {
        h = (h ^ u64::from_le_bytes(w.try_into().expect("8 bytes"))).wrapping_mul(K);
        h ^= h >> 29;
    }
    let mut tail = [0u8; 8];
    tail[..words.remainder().len()].copy_from_slice(words.remainder());
    h = (h ^ u64::from_le_bytes(tail)).wrapping_mul(K);
    h ^= h >> 29;
    (h ^ data.len() as u64).wrapping_mul(K)
}
