//! The source locations of a code object's instructions, kept compact.
//!
//! Every instruction has a location (line, column, end line, end column),
//! but most are only read when an exception's traceback is printed, when
//! tracing is on or when `co_positions()`/`co_lines()` is asked for. Kept
//! as 16-byte `Loc`s they were a third of a code object's memory and most
//! of the time spent loading one, so they are stored encoded (the form
//! the code cache writes: about four bytes an instruction) and decoded,
//! all at once, the first time anything reads them — as CPython keeps
//! `co_linetable` and decodes it on demand.
//!
//! Encoding, per instruction: the line as a zigzag varint delta from the
//! previous instruction's (the first from `base`), the end line as a
//! zigzag delta from the line, then the two columns as varints.

use crate::ast::Loc;
use crate::varint::{get, put, unzigzag, zigzag};
use std::sync::OnceLock;

pub struct LineTable {
    /// The first delta is from this line (the code's first line).
    base: u32,
    len: u32,
    encoded: Box<[u8]>,
    decoded: OnceLock<Box<[Loc]>>,
}

impl LineTable {
    /// The table of `locs`, deltas starting from line `base`.
    pub fn new(locs: &[Loc], base: u32) -> LineTable {
        let mut out = Vec::with_capacity(locs.len() * 4);
        let mut line = base as i64;
        for l in locs {
            put(&mut out, zigzag(l.lineno as i64 - line));
            line = l.lineno as i64;
            put(&mut out, zigzag(l.end_lineno as i64 - line));
            put(&mut out, l.col_offset as u64);
            put(&mut out, l.end_col_offset as u64);
        }
        let t = LineTable {
            base,
            len: locs.len() as u32,
            encoded: out.into_boxed_slice(),
            decoded: OnceLock::new(),
        };
        // Made from locations in hand: keep them rather than decode later.
        let _ = t.decoded.set(locs.into());
        t
    }

    /// A table from its encoded form (as `encoded()` gave it), not decoded
    /// until read. Damaged bytes decode to unknown locations, never panic.
    pub fn from_encoded(base: u32, len: u32, encoded: &[u8]) -> LineTable {
        LineTable {
            base,
            len,
            encoded: encoded.into(),
            decoded: OnceLock::new(),
        }
    }

    /// The first line the deltas start from, and the encoded bytes.
    pub fn encoded(&self) -> (u32, &[u8]) {
        (self.base, &self.encoded)
    }

    /// The number of instructions described (without decoding).
    #[inline]
    pub fn len(&self) -> usize {
        self.len as usize
    }

    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The locations, decoded on first use.
    pub fn as_slice(&self) -> &[Loc] {
        self.decoded.get_or_init(|| self.decode())
    }

    fn decode(&self) -> Box<[Loc]> {
        let b = &self.encoded[..];
        let mut pos = 0;
        let mut line = self.base as i64;
        let mut out = Vec::with_capacity(self.len as usize);
        for _ in 0..self.len {
            let loc = (|| {
                let lineno = line.checked_add(unzigzag(get(b, &mut pos)?))?;
                let end_lineno = lineno.checked_add(unzigzag(get(b, &mut pos)?))?;
                let l = Loc {
                    lineno: u32::try_from(lineno).ok()?,
                    end_lineno: u32::try_from(end_lineno).ok()?,
                    col_offset: u32::try_from(get(b, &mut pos)?).ok()?,
                    end_col_offset: u32::try_from(get(b, &mut pos)?).ok()?,
                };
                line = lineno;
                Some(l)
            })();
            out.push(loc.unwrap_or_default());
        }
        out.into_boxed_slice()
    }
}

impl std::ops::Deref for LineTable {
    type Target = [Loc];
    fn deref(&self) -> &[Loc] {
        self.as_slice()
    }
}

impl<'a> IntoIterator for &'a LineTable {
    type Item = &'a Loc;
    type IntoIter = std::slice::Iter<'a, Loc>;
    fn into_iter(self) -> Self::IntoIter {
        self.as_slice().iter()
    }
}

impl Clone for LineTable {
    fn clone(&self) -> LineTable {
        LineTable {
            base: self.base,
            len: self.len,
            encoded: self.encoded.clone(),
            decoded: self.decoded.clone(),
        }
    }
}

impl PartialEq for LineTable {
    fn eq(&self, other: &LineTable) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl std::fmt::Debug for LineTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.as_slice()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoded_tables_decode_to_the_same_locations() {
        let locs = vec![
            Loc { lineno: 3, col_offset: 0, end_lineno: 3, end_col_offset: 9 },
            Loc { lineno: 1, col_offset: 4, end_lineno: 7, end_col_offset: 300 },
            Loc::default(),
            Loc { lineno: 100000, col_offset: 1, end_lineno: 99999, end_col_offset: 0 },
        ];
        let t = LineTable::new(&locs, 2);
        let (base, bytes) = t.encoded();
        let back = LineTable::from_encoded(base, locs.len() as u32, bytes);
        assert_eq!(back.len(), 4);
        assert_eq!(back.as_slice(), &locs[..]);
    }

    #[test]
    fn damaged_tables_decode_without_panicking() {
        let back = LineTable::from_encoded(1, 5, &[0xff, 0xff, 0x01]);
        assert_eq!(back.len(), 5);
        assert!(back.iter().all(|l| *l == Loc::default()));
    }
}
