//! The integer functions of the `math` module: `factorial`, `gcd`, `lcm`,
//! `isqrt`, `comb`, `perm`, with CPython 3.11's argument checks and
//! messages (the values are exact, so any algorithm gives CPython's).

use dashu_int::ops::{Gcd, SquareRoot, UnsignedAbs};
use dashu_int::{IBig, UBig};

use super::NumError;
use crate::int::Int;

/// The product `lo * (lo + 1) * ... * (lo + count - 1)` by binary
/// splitting (balanced operands keep the big multiplications fast).
fn range_product(lo: &IBig, count: u64) -> IBig {
    if count == 0 {
        return IBig::ONE;
    }
    if count <= 16 {
        let mut p = lo.clone();
        let mut k = lo.clone();
        for _ in 1..count {
            k += IBig::ONE;
            p *= &k;
        }
        return p;
    }
    let half = count / 2;
    let mid = lo + IBig::from(half);
    range_product(lo, half) * range_product(&mid, count - half)
}

fn factorial_u64(n: u64) -> IBig {
    if n < 2 {
        IBig::ONE
    } else {
        range_product(&IBig::ONE, n)
    }
}

/// `math.factorial(n)`. ValueError "factorial() not defined for negative
/// values"; OverflowError "factorial() argument should not exceed
/// 9223372036854775807".
pub fn factorial(n: &Int) -> Result<Int, NumError> {
    if n.is_negative() {
        return Err(NumError::value(
            "factorial() not defined for negative values",
        ));
    }
    let Some(x) = n.to_i64() else {
        return Err(NumError::overflow(format!(
            "factorial() argument should not exceed {}",
            i64::MAX
        )));
    };
    Ok(Int::from_ibig(factorial_u64(x as u64)))
}

/// `math.gcd(*integers)`: 0 for no arguments, always non-negative.
pub fn gcd(args: &[Int]) -> Int {
    let mut g = UBig::ZERO;
    for a in args {
        let a = a.to_ibig().unsigned_abs();
        // dashu's gcd panics on a zero operand; gcd(0, a) is a.
        if g == UBig::ZERO {
            g = a;
        } else if a != UBig::ZERO {
            g = g.gcd(a);
        }
    }
    Int::from_ibig(IBig::from(g))
}

/// `math.lcm(*integers)`: 1 for no arguments, 0 if any is 0, always
/// non-negative.
pub fn lcm(args: &[Int]) -> Int {
    let mut l = UBig::ONE;
    for a in args {
        let a = a.to_ibig().unsigned_abs();
        if a == UBig::ZERO {
            return Int::ZERO;
        }
        let g = (&l).gcd(&a);
        l = &l / g * a;
    }
    Int::from_ibig(IBig::from(l))
}

/// `math.isqrt(n)`: the floor of the square root. ValueError "isqrt()
/// argument must be nonnegative".
pub fn isqrt(n: &Int) -> Result<Int, NumError> {
    if n.is_negative() {
        return Err(NumError::value("isqrt() argument must be nonnegative"));
    }
    Ok(Int::from_ibig(IBig::from(
        n.to_ibig().unsigned_abs().sqrt(),
    )))
}

fn check_non_negative(n: &Int, k: &Int) -> Result<(), NumError> {
    if n.is_negative() {
        return Err(NumError::value("n must be a non-negative integer"));
    }
    if k.is_negative() {
        return Err(NumError::value("k must be a non-negative integer"));
    }
    Ok(())
}

/// `math.perm(n, k=None)`: `n! / (n - k)!`, 0 when `k > n`; `k` omitted is
/// `factorial(n)`. ValueError "n must be a non-negative integer" / "k must
/// be a non-negative integer"; OverflowError "k must not exceed
/// 9223372036854775807".
pub fn perm(n: &Int, k: Option<&Int>) -> Result<Int, NumError> {
    let Some(k) = k else {
        return factorial(n);
    };
    check_non_negative(n, k)?;
    if n.compare(k).is_lt() {
        return Ok(Int::ZERO);
    }
    let Some(ki) = k.to_i64() else {
        return Err(NumError::overflow(format!(
            "k must not exceed {}",
            i64::MAX
        )));
    };
    let lo = n.to_ibig() - IBig::from(ki);
    Ok(Int::from_ibig(range_product(&(lo + IBig::ONE), ki as u64)))
}

/// `math.comb(n, k)`: `n! / (k! (n - k)!)`, 0 when `k > n`. ValueError as
/// [`perm`]; OverflowError "min(n - k, k) must not exceed
/// 9223372036854775807".
pub fn comb(n: &Int, k: &Int) -> Result<Int, NumError> {
    check_non_negative(n, k)?;
    let nk = n.sub(k);
    if nk.is_negative() {
        return Ok(Int::ZERO);
    }
    let k = if nk.compare(k).is_lt() { &nk } else { k };
    let Some(ki) = k.to_i64() else {
        return Err(NumError::overflow(format!(
            "min(n - k, k) must not exceed {}",
            i64::MAX
        )));
    };
    let lo = n.to_ibig() - IBig::from(ki) + IBig::ONE;
    let num = range_product(&lo, ki as u64);
    Ok(Int::from_ibig(num / factorial_u64(ki as u64)))
}
