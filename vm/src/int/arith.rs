//! Arithmetic: `+ - * // % divmod`, unary `-`, `abs`, `**` and `pow(a, b, m)`.
//!
//! Python's `//` and `%` round toward negative infinity and the remainder
//! takes the divisor's sign; Rust's and dashu's `/` and `%` truncate toward
//! zero, so every division here corrects the truncated result.

use dashu_int::fast_div::ConstDivisor;
use dashu_int::ops::{BitTest, DivRem, UnsignedAbs};
use dashu_int::{IBig, UBig};

use super::{Int, IntError, MAX_BITS};

fn zero_div() -> IntError {
    IntError::zero_division("integer division or modulo by zero")
}

/// Floor division and modulo of big values: truncated `div_rem`, then moved
/// one step down when the remainder's sign disagrees with the divisor's.
fn big_floor_div_rem(a: &IBig, b: &IBig) -> (IBig, IBig) {
    let (q, r) = a.div_rem(b);
    if r != IBig::ZERO && ((r < IBig::ZERO) != (*b < IBig::ZERO)) {
        (q - IBig::ONE, r + b)
    } else {
        (q, r)
    }
}

/// The same for `i64` operands, in `i128` so that `i64::MIN // -1` cannot
/// overflow.
fn small_floor_div_rem(a: i64, b: i64) -> (i128, i128) {
    let (a, b) = (a as i128, b as i128);
    let (q, r) = (a / b, a % b);
    if r != 0 && ((r < 0) != (b < 0)) {
        (q - 1, r + b)
    } else {
        (q, r)
    }
}

impl Int {
    pub fn add(&self, other: &Int) -> Int {
        if let (Int::Small(a), Int::Small(b)) = (self, other) {
            return match a.checked_add(*b) {
                Some(s) => Int::Small(s),
                None => Int::from_i128(*a as i128 + *b as i128),
            };
        }
        Int::from_ibig(&*self.as_ibig() + &*other.as_ibig())
    }

    pub fn sub(&self, other: &Int) -> Int {
        if let (Int::Small(a), Int::Small(b)) = (self, other) {
            return match a.checked_sub(*b) {
                Some(s) => Int::Small(s),
                None => Int::from_i128(*a as i128 - *b as i128),
            };
        }
        Int::from_ibig(&*self.as_ibig() - &*other.as_ibig())
    }

    /// `a * b`; refuses products wider than [`MAX_BITS`].
    pub fn mul(&self, other: &Int) -> Result<Int, IntError> {
        if let (Int::Small(a), Int::Small(b)) = (self, other) {
            // An i64 product always fits in an i128.
            return Ok(match a.checked_mul(*b) {
                Some(s) => Int::Small(s),
                None => Int::from_i128(*a as i128 * *b as i128),
            });
        }
        if self.bit_length_u64() + other.bit_length_u64() > MAX_BITS {
            return Err(IntError::too_big());
        }
        Ok(Int::from_ibig(&*self.as_ibig() * &*other.as_ibig()))
    }

    /// `a // b`.
    pub fn floordiv(&self, other: &Int) -> Result<Int, IntError> {
        Ok(self.divmod(other)?.0)
    }

    /// `a % b`.
    pub fn modulo(&self, other: &Int) -> Result<Int, IntError> {
        if other.is_zero() {
            return Err(IntError::zero_division("integer modulo by zero"));
        }
        Ok(self.divmod(other)?.1)
    }

    /// `divmod(a, b)`: `(a // b, a % b)`.
    pub fn divmod(&self, other: &Int) -> Result<(Int, Int), IntError> {
        if other.is_zero() {
            return Err(zero_div());
        }
        if let (Int::Small(a), Int::Small(b)) = (self, other) {
            let (q, r) = small_floor_div_rem(*a, *b);
            return Ok((Int::from_i128(q), Int::from_i128(r)));
        }
        let (q, r) = big_floor_div_rem(&self.as_ibig(), &other.as_ibig());
        Ok((Int::from_ibig(q), Int::from_ibig(r)))
    }

    pub fn neg(&self) -> Int {
        match self {
            Int::Small(s) => match s.checked_neg() {
                Some(n) => Int::Small(n),
                None => Int::from_i128(-(*s as i128)),
            },
            Int::Big(b) => Int::from_ibig(-b),
        }
    }

    pub fn abs(&self) -> Int {
        if self.is_negative() {
            self.neg()
        } else {
            self.clone()
        }
    }

    /// `a ** b` for `b >= 0`. A negative exponent gives a float in Python:
    /// use [`Int::pow_float`] for it (this returns ValueError).
    pub fn pow(&self, exp: &Int) -> Result<Int, IntError> {
        if exp.is_negative() {
            return Err(IntError::value(
                "negative exponent: int ** negative int is a float",
            ));
        }
        // Bases whose powers never grow are answered without looking at the
        // exponent's size (it may be huge).
        match self {
            Int::Small(0) => return Ok(Int::Small(if exp.is_zero() { 1 } else { 0 })),
            Int::Small(1) => return Ok(Int::Small(1)),
            Int::Small(-1) => return Ok(Int::Small(if exp.is_odd() { -1 } else { 1 })),
            _ => {}
        }
        let e = match exp {
            Int::Small(e) => *e as u64,
            Int::Big(_) => return Err(IntError::too_big()),
        };
        // The result has at most bits * e bits; refusing on that bound (at
        // worst twice the true size, for |base| = 2 or 3) keeps the
        // allocation under the cap.
        if self.bit_length_u64().saturating_mul(e) > MAX_BITS {
            return Err(IntError::too_big());
        }
        if let Int::Small(b) = self {
            if let Ok(e32) = u32::try_from(e) {
                if let Some(p) = b.checked_pow(e32) {
                    return Ok(Int::Small(p));
                }
            }
        }
        // |base| >= 2 here, so the check above bounds `e` by MAX_BITS.
        let e = usize::try_from(e).map_err(|_| IntError::too_big())?;
        Ok(Int::from_ibig(self.as_ibig().pow(e)))
    }

    /// `a ** b` for a negative `b`, which CPython's `long_pow` hands to
    /// float pow: both operands converted to float (OverflowError if either
    /// is too large), and ZeroDivisionError for a zero base.
    pub fn pow_float(&self, exp: &Int) -> Result<f64, IntError> {
        let a = self.to_f64()?;
        let b = exp.to_f64()?;
        if a == 0.0 && b < 0.0 {
            return Err(IntError::zero_division(
                "0.0 cannot be raised to a negative power",
            ));
        }
        // libm's pow, as CPython's float_pow calls; with an integral
        // exponent a negative base needs none of float_pow's special cases.
        Ok(a.powf(b))
    }

    pub(crate) fn is_odd(&self) -> bool {
        match self {
            Int::Small(s) => s & 1 == 1,
            // Two's-complement bit 0 is the parity for negatives too.
            Int::Big(b) => b.bit(0),
        }
    }

    /// `pow(a, b, m)`: the result has `m`'s sign (or is 0); a negative `b`
    /// uses the inverse of `a` modulo `m`.
    pub fn pow_mod(&self, exp: &Int, modulus: &Int) -> Result<Int, IntError> {
        if modulus.is_zero() {
            return Err(IntError::value("pow() 3rd argument cannot be 0"));
        }
        let m_abs: UBig = modulus.to_ibig().unsigned_abs();
        if m_abs == UBig::ONE {
            return Ok(Int::ZERO);
        }
        let ring = ConstDivisor::new(m_abs.clone());
        let mut base = ring.reduce(self.to_ibig());
        let e = exp.as_ibig();
        if *e < IBig::ZERO {
            base = base
                .inv()
                .ok_or_else(|| IntError::value("base is not invertible for the given modulus"))?;
        }
        let r = IBig::from(base.pow(&(&*e).unsigned_abs()).residue());
        // The ring's residue is in [0, |m|); Python's takes the modulus's
        // sign.
        let r = if modulus.is_negative() && r != IBig::ZERO {
            r - IBig::from(m_abs)
        } else {
            r
        };
        Ok(Int::from_ibig(r))
    }
}
