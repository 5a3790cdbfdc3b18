//! Bit operations: `<< >> & | ^ ~` and `int.bit_length()`.
//!
//! Python defines these on negative ints as if they had infinitely many
//! leading one bits (two's complement of unbounded width); dashu's `IBig`
//! operators follow the same convention, and its `>>` floors like Python's.

use dashu_int::ops::BitTest;
use dashu_int::IBig;

use super::{Int, IntError, MAX_BITS};

fn negative_shift() -> IntError {
    IntError::value("negative shift count")
}

impl Int {
    /// `int.bit_length()` as a `u64` (never more than [`MAX_BITS`]-ish).
    pub(crate) fn bit_length_u64(&self) -> u64 {
        match self {
            Int::Small(s) => 64 - s.unsigned_abs().leading_zeros() as u64,
            // The magnitude's length, read without copying.
            Int::Big(b) => b.bit_len() as u64,
        }
    }

    /// `int.bit_length()`: bits of `abs(self)`, 0 for 0.
    pub fn bit_length(&self) -> Int {
        Int::from(self.bit_length_u64())
    }

    /// `a << n`.
    pub fn lshift(&self, n: &Int) -> Result<Int, IntError> {
        if n.is_negative() {
            return Err(negative_shift());
        }
        if self.is_zero() {
            return Ok(Int::ZERO);
        }
        let n = match n {
            Int::Small(n) => *n as u64,
            Int::Big(_) => return Err(IntError::too_big()),
        };
        let bits = self.bit_length_u64();
        if bits.saturating_add(n) > MAX_BITS {
            return Err(IntError::too_big());
        }
        if let Int::Small(s) = self {
            // Up to 127 significant bits the shift is exact in an i128.
            if bits + n < 127 {
                return Ok(Int::from_i128((*s as i128) << n));
            }
        }
        // `n <= MAX_BITS` fits in usize on the 64-bit targets Pyrite builds
        // for; the conversion keeps 32-bit targets honest.
        let n = usize::try_from(n).map_err(|_| IntError::too_big())?;
        Ok(Int::from_ibig(&*self.as_ibig() << n))
    }

    /// `a >> n` (floor division by `2 ** n`).
    pub fn rshift(&self, n: &Int) -> Result<Int, IntError> {
        if n.is_negative() {
            return Err(negative_shift());
        }
        let n = match n {
            Int::Small(n) if (*n as u64) < self.bit_length_u64() => *n as u64,
            // Every bit shifted out: only the sign is left.
            _ => return Ok(Int::Small(if self.is_negative() { -1 } else { 0 })),
        };
        match self {
            // n < bit_length <= 64 here, and a bit length of 64 means
            // i64::MIN, whose shift by 63 is still in range.
            Int::Small(s) => Ok(Int::Small(s >> n.min(63))),
            Int::Big(b) => Ok(Int::from_ibig(b >> n as usize)),
        }
    }

    pub fn and(&self, other: &Int) -> Int {
        match (self, other) {
            (Int::Small(a), Int::Small(b)) => Int::Small(a & b),
            _ => Int::from_ibig(&*self.as_ibig() & &*other.as_ibig()),
        }
    }

    pub fn or(&self, other: &Int) -> Int {
        match (self, other) {
            (Int::Small(a), Int::Small(b)) => Int::Small(a | b),
            _ => Int::from_ibig(&*self.as_ibig() | &*other.as_ibig()),
        }
    }

    pub fn xor(&self, other: &Int) -> Int {
        match (self, other) {
            (Int::Small(a), Int::Small(b)) => Int::Small(a ^ b),
            _ => Int::from_ibig(&*self.as_ibig() ^ &*other.as_ibig()),
        }
    }

    /// `~a`, which is `-(a + 1)`.
    pub fn invert(&self) -> Int {
        match self {
            // `!` on i64 is exactly -(a + 1) and cannot overflow.
            Int::Small(s) => Int::Small(!s),
            Int::Big(b) => Int::from_ibig(-(b + IBig::ONE)),
        }
    }
}
