//! Conversions to and from `f64`, true division (`int / int`) and `hash()`.
//!
//! `float(n)` and `a / b` must be correctly rounded (to nearest, ties to
//! even) for operands of any size, as CPython's are. Both reduce to the same
//! problem: an integer `q` of at most 64 bits, a scale `2^e`, and a "sticky"
//! flag saying whether anything non-zero was cut off below `q`; `round_scaled`
//! turns that into the nearest double, subnormals included.

use dashu_int::ops::{BitTest, DivRem, UnsignedAbs};
use dashu_int::{IBig, UBig};

use super::{Int, IntError};

/// CPython's `_PyHASH_MODULUS` on 64-bit builds: the Mersenne prime 2^61 - 1.
const HASH_MODULUS: u64 = (1 << 61) - 1;

/// `x * 2^e`, exact whenever the result is representable (the steps are
/// chosen so no intermediate leaves the normal range early).
fn ldexp(mut x: f64, mut e: i64) -> f64 {
    let pow2 = |k: i64| f64::from_bits(((k + 1023) as u64) << 52);
    while e > 1023 {
        x *= pow2(1023);
        e -= 1023;
    }
    while e < -1022 {
        x *= pow2(-1022);
        e += 1022;
    }
    x * pow2(e)
}

/// The double nearest to `(q + f) * 2^e` where `0 <= f < 1` and `f > 0`
/// exactly when `sticky`; `None` if it rounds to infinity. `q` must have at
/// least 55 bits when the result is normal, so that a rounding decision never
/// needs bits `q` lacks (callers keep `q` at 55..=64 bits or make it exact).
fn round_scaled(q: u64, e: i64, sticky: bool) -> Option<f64> {
    if q == 0 {
        return Some(0.0);
    }
    let qbits = 64 - q.leading_zeros() as i64;
    // The exponent of the result's last mantissa bit: 53 significant bits,
    // but never below the subnormal unit 2^-1074.
    let lsb = (qbits + e - 53).max(-1074);
    let drop = lsb - e;
    let m = if drop <= 0 {
        // Everything in `q` fits the mantissa (then `sticky` is false: the
        // callers only cut bits off when `q` is wide).
        (q as u128) << (-drop).min(64)
    } else if drop > 64 {
        // `q < 2^64 <= 2^(drop - 1)`: less than half a unit, rounds to 0.
        0
    } else {
        let kept = if drop == 64 { 0 } else { q >> drop };
        let rest = if drop == 64 {
            q
        } else {
            q & ((1u64 << drop) - 1)
        };
        let half = 1u64 << (drop - 1);
        let up = rest > half || (rest == half && (sticky || kept & 1 == 1));
        kept as u128 + up as u128
    };
    if m == 0 {
        return Some(0.0);
    }
    let mbits = 128 - m.leading_zeros() as i64;
    if mbits + lsb > 1024 {
        return None;
    }
    // `m` has at most 54 bits (53 plus a carry to a power of two), so the
    // conversion is exact; so is the scaling.
    Some(ldexp(m as f64, lsb))
}

/// Splits a magnitude into its top 64 bits and the scale, with the sticky
/// flag for the bits below.
fn top_bits(mag: &UBig) -> (u64, i64, bool) {
    let n = mag.bit_len();
    if n <= 64 {
        return (u64::try_from(mag).unwrap_or(0), 0, false);
    }
    let shift = n - 64;
    let q = u64::try_from(&(mag >> shift)).unwrap_or(u64::MAX);
    let sticky = mag.trailing_zeros().is_some_and(|t| t < shift);
    (q, shift as i64, sticky)
}

impl Int {
    /// `float(n)`: OverflowError "int too large to convert to float" past
    /// the largest double.
    pub fn to_f64(&self) -> Result<f64, IntError> {
        match self {
            // Rust's int-to-float `as` rounds to nearest, ties to even.
            Int::Small(s) => Ok(*s as f64),
            Int::Big(b) => {
                let (q, e, sticky) = top_bits(&b.unsigned_abs());
                let f = round_scaled(q, e, sticky)
                    .ok_or_else(|| IntError::overflow("int too large to convert to float"))?;
                Ok(if *b < IBig::ZERO { -f } else { f })
            }
        }
    }

    /// `int(f)`: truncation toward zero, exact for every finite double.
    pub fn from_f64(f: f64) -> Result<Int, IntError> {
        if f.is_nan() {
            return Err(IntError::value("cannot convert float NaN to integer"));
        }
        if f.is_infinite() {
            return Err(IntError::overflow(
                "cannot convert float infinity to integer",
            ));
        }
        let t = f.trunc();
        // 2^63 is exactly representable; below it the cast is exact.
        if t.abs() < 9_223_372_036_854_775_808.0 {
            return Ok(Int::Small(t as i64));
        }
        // |f| >= 2^63: a normal double, an integer with mantissa `m`
        // (implicit bit included) times 2^exp with exp > 0.
        let bits = f.to_bits();
        let exp = ((bits >> 52) & 0x7ff) as i64 - 1075;
        let m = (bits & ((1 << 52) - 1)) | (1 << 52);
        let v = IBig::from(m) << (exp.max(0) as usize);
        Ok(Int::from_ibig(if f < 0.0 { -v } else { v }))
    }

    /// `a / b`: the correctly rounded quotient. ZeroDivisionError "division
    /// by zero"; OverflowError "integer division result too large for a
    /// float".
    pub fn truediv(&self, other: &Int) -> Result<f64, IntError> {
        if other.is_zero() {
            return Err(IntError::zero_division("division by zero"));
        }
        const EXACT: u64 = 1 << 53;
        if let (Int::Small(a), Int::Small(b)) = (self, other) {
            // Both convert exactly, so IEEE division rounds once: correct.
            if a.unsigned_abs() <= EXACT && b.unsigned_abs() <= EXACT {
                return Ok(*a as f64 / *b as f64);
            }
        }
        let negative = self.is_negative() != other.is_negative();
        let sign = |f: f64| if negative { -f } else { f };
        let a = self.as_ibig().into_owned().unsigned_abs();
        let b = other.as_ibig().into_owned().unsigned_abs();
        let diff = a.bit_len() as i64 - b.bit_len() as i64;
        // a / b < 2^(diff + 1).
        if diff < -1080 {
            // Below half of the smallest subnormal (also covers a == 0).
            return Ok(sign(0.0));
        }
        let too_large = || IntError::overflow("integer division result too large for a float");
        if diff > 1025 {
            return Err(too_large());
        }
        // Scale so the quotient has 63 or 64 bits (a / b is within a factor
        // of two of 2^diff): plenty of guard bits, and it fits a u64.
        let e = diff - 63;
        let (q, r) = if e < 0 {
            (a << (-e) as usize).div_rem(&b)
        } else {
            a.div_rem(&(b << e as usize))
        };
        let q = u64::try_from(&q).map_err(|_| too_large())?;
        let f = round_scaled(q, e, r != UBig::ZERO).ok_or_else(too_large)?;
        Ok(sign(f))
    }

    /// `hash(n)`: CPython's, `n mod (2^61 - 1)` with the sign of `n`, and
    /// -1 (reserved for errors in C) mapped to -2.
    pub fn hash(&self) -> i64 {
        // |h| < 2^61 in both arms, so the casts are lossless.
        let h = match self {
            Int::Small(s) => {
                let r = (s.unsigned_abs() % HASH_MODULUS) as i64;
                if *s < 0 {
                    -r
                } else {
                    r
                }
            }
            // dashu's `%` truncates, so the remainder already has the
            // dividend's sign: sign(n) * (|n| mod P), as CPython hashes.
            Int::Big(b) => i64::try_from(&(b % IBig::from(HASH_MODULUS))).unwrap_or(0),
        };
        if h == -1 {
            -2
        } else {
            h
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_scaled_ties_to_even() {
        // 2^53 + 1 is halfway between 2^53 and 2^53 + 2: rounds down to even.
        let q = (1u64 << 53) + 1;
        assert_eq!(round_scaled(q << 2, -2, false), Some(9007199254740992.0));
        // With anything below, it is past halfway.
        assert_eq!(round_scaled(q << 2, -2, true), Some(9007199254740994.0));
    }
}
