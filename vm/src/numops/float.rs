//! `float` operations: CPython 3.11's `floatobject.c` and `pyhash.c`.

use std::cmp::Ordering;

use dashu_int::ops::{BitTest, UnsignedAbs};
use dashu_int::{IBig, UBig};

use super::complex::{complex_pow, Complex};
use super::parse::{is_space, parse_inf_or_nan};
use super::{frexp, ldexp, NumError};
use crate::int::Int;

/// `x / y`. ZeroDivisionError "float division by zero".
pub fn float_div(x: f64, y: f64) -> Result<f64, NumError> {
    if y == 0.0 {
        return Err(NumError::zero_division("float division by zero"));
    }
    Ok(x / y)
}

/// `x % y` (`float_rem`): the result takes the sign of `y`; a zero result
/// is a zero with the sign of `y`. ZeroDivisionError "float modulo".
pub fn float_mod(x: f64, y: f64) -> Result<f64, NumError> {
    if y == 0.0 {
        return Err(NumError::zero_division("float modulo"));
    }
    let mut m = x % y;
    if m != 0.0 {
        if (y < 0.0) != (m < 0.0) {
            m += y;
        }
    } else {
        m = 0.0f64.copysign(y);
    }
    Ok(m)
}

/// `_float_div_mod`: `(x // y, x % y)` for `y != 0`.
fn div_mod(vx: f64, wx: f64) -> (f64, f64) {
    let mut m = vx % wx;
    let mut div = (vx - m) / wx;
    if m != 0.0 {
        if (wx < 0.0) != (m < 0.0) {
            m += wx;
            div -= 1.0;
        }
    } else {
        m = 0.0f64.copysign(wx);
    }
    let floordiv = if div != 0.0 {
        let mut f = div.floor();
        if div - f > 0.5 {
            f += 1.0;
        }
        f
    } else {
        0.0f64.copysign(vx / wx)
    };
    (floordiv, m)
}

/// `x // y`. ZeroDivisionError "float floor division by zero".
pub fn float_floordiv(x: f64, y: f64) -> Result<f64, NumError> {
    if y == 0.0 {
        return Err(NumError::zero_division("float floor division by zero"));
    }
    Ok(div_mod(x, y).0)
}

/// `divmod(x, y)`. ZeroDivisionError "float divmod()".
pub fn float_divmod(x: f64, y: f64) -> Result<(f64, f64), NumError> {
    if y == 0.0 {
        return Err(NumError::zero_division("float divmod()"));
    }
    Ok(div_mod(x, y))
}

/// The result of `float ** float`: CPython hands a negative base with a
/// non-integral exponent to complex `**`, so the result is then a complex.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum FloatPow {
    Real(f64),
    /// `complex(x) ** complex(y)`, already computed.
    Complex(Complex),
}

fn is_odd_integer(x: f64) -> bool {
    (x.abs() % 2.0) == 1.0
}

/// `x ** y` (`float_pow`; `pow(x, y, z)` with floats is a TypeError the VM
/// raises). ZeroDivisionError "0.0 cannot be raised to a negative power";
/// OverflowError "(34, 'Numerical result out of range')"; a negative `x`
/// with non-integral `y` gives [`FloatPow::Complex`] (or complex `**`'s
/// errors).
pub fn float_pow(iv: f64, iw: f64) -> Result<FloatPow, NumError> {
    use FloatPow::Real;
    if iw == 0.0 {
        return Ok(Real(1.0));
    }
    if iv.is_nan() {
        return Ok(Real(iv));
    }
    if iw.is_nan() {
        return Ok(Real(if iv == 1.0 { 1.0 } else { iw }));
    }
    if iw.is_infinite() {
        let a = iv.abs();
        return Ok(Real(if a == 1.0 {
            1.0
        } else if (iw > 0.0) == (a > 1.0) {
            iw.abs()
        } else {
            0.0
        }));
    }
    if iv.is_infinite() {
        let odd = is_odd_integer(iw);
        return Ok(Real(if iw > 0.0 {
            if odd {
                iv
            } else {
                iv.abs()
            }
        } else if odd {
            0.0f64.copysign(iv)
        } else {
            0.0
        }));
    }
    if iv == 0.0 {
        if iw < 0.0 {
            return Err(NumError::zero_division(
                "0.0 cannot be raised to a negative power",
            ));
        }
        return Ok(Real(if is_odd_integer(iw) { iv } else { 0.0 }));
    }
    let mut base = iv;
    let mut negate = false;
    if iv < 0.0 {
        if iw != iw.floor() {
            let r = complex_pow(Complex::new(iv, 0.0), Complex::new(iw, 0.0))?;
            return Ok(FloatPow::Complex(r));
        }
        base = -iv;
        negate = is_odd_integer(iw);
    }
    if base == 1.0 {
        return Ok(Real(if negate { -1.0 } else { 1.0 }));
    }
    let r = base.powf(iw);
    if r.is_infinite() {
        return Err(NumError::overflow("(34, 'Numerical result out of range')"));
    }
    Ok(Real(if negate { -r } else { r }))
}

/// `float.hex()`: `0x1.8000000000000p+1`, thirteen hex digits always;
/// subnormals as `0x0.…p-1022`.
pub fn float_hex(x: f64) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf" } else { "-inf" }.into();
    }
    let sign = if x.is_sign_negative() { "-" } else { "" };
    if x == 0.0 {
        return format!("{sign}0x0.0p+0");
    }
    let bits = x.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i64;
    let frac = bits & ((1 << 52) - 1);
    let (lead, e) = if biased == 0 {
        (0, -1022)
    } else {
        (1, biased - 1023)
    };
    let esign = if e < 0 { '-' } else { '+' };
    format!("{sign}0x{lead}.{frac:013x}p{esign}{}", e.abs())
}

/// `mag * 2^exp` correctly rounded (ties to even); `None` if that
/// overflows.
pub(crate) fn round_ubig_scaled(mag: &UBig, exp: i128) -> Option<f64> {
    let n = mag.bit_len() as i128;
    if n == 0 {
        return Some(0.0);
    }
    let top = n + exp; // mag * 2^exp < 2^top
    if top <= -1075 {
        return Some(0.0);
    }
    if top > 1024 {
        return None;
    }
    let lsb = (top - 53).max(-1074);
    let shift = lsb - exp;
    let m: u64 = if shift <= 0 {
        u64::try_from(&(mag << (-shift) as usize)).ok()?
    } else {
        let s = shift as usize;
        let kept = u64::try_from(&(mag >> s)).ok()?;
        let half_bit = mag.bit(s - 1);
        let below = mag.trailing_zeros().is_some_and(|t| t < s - 1);
        kept + (half_bit && (below || kept & 1 == 1)) as u64
    };
    if m == 0 {
        return Some(0.0);
    }
    let mbits = 64 - m.leading_zeros() as i128;
    if mbits + lsb > 1024 {
        return None;
    }
    Some(ldexp(m as f64, lsb as i64))
}

/// `float.fromhex(s)`. ValueError "invalid hexadecimal floating-point
/// string"; OverflowError "hexadecimal value too large to represent as a
/// float".
pub fn float_fromhex(s: &str) -> Result<f64, NumError> {
    let invalid = || NumError::value("invalid hexadecimal floating-point string");
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() && is_space(b[i]) {
        i += 1;
    }
    let finish = |x: f64, mut i: usize| {
        while i < b.len() && is_space(b[i]) {
            i += 1;
        }
        if i != b.len() {
            Err(invalid())
        } else {
            Ok(x)
        }
    };
    if let Some((x, n)) = parse_inf_or_nan(&b[i..]) {
        return finish(x, i + n);
    }
    let mut negate = false;
    match b.get(i) {
        Some(b'-') => {
            negate = true;
            i += 1;
        }
        Some(b'+') => i += 1,
        _ => {}
    }
    if b.get(i) == Some(&b'0') && matches!(b.get(i + 1), Some(b'x' | b'X')) {
        i += 2;
    }
    let mut mag = UBig::ZERO;
    let mut ndigits = 0usize;
    let mut fdigits = 0i128;
    let mut seen_point = false;
    loop {
        match b.get(i) {
            Some(&c) if c.is_ascii_hexdigit() => {
                let d = (c as char).to_digit(16).unwrap_or(0);
                mag = (mag << 4) + UBig::from(d);
                ndigits += 1;
                if seen_point {
                    fdigits += 1;
                }
            }
            Some(b'.') if !seen_point => seen_point = true,
            _ => break,
        }
        i += 1;
    }
    if ndigits == 0 {
        return Err(invalid());
    }
    let mut exp: i128 = 0;
    if matches!(b.get(i), Some(b'p' | b'P')) {
        i += 1;
        let neg = match b.get(i) {
            Some(b'-') => {
                i += 1;
                true
            }
            Some(b'+') => {
                i += 1;
                false
            }
            _ => false,
        };
        if !b.get(i).is_some_and(u8::is_ascii_digit) {
            return Err(invalid());
        }
        // strtol saturates; so does this (far beyond any finite result).
        while let Some(&c) = b.get(i).filter(|c| c.is_ascii_digit()) {
            exp = (exp * 10 + (c - b'0') as i128).min(1 << 80);
            i += 1;
        }
        if neg {
            exp = -exp;
        }
    }
    let x = round_ubig_scaled(&mag, exp - 4 * fdigits)
        .ok_or_else(|| NumError::overflow("hexadecimal value too large to represent as a float"))?;
    finish(if negate { -x } else { x }, i)
}

/// `float.as_integer_ratio()`: the fraction in lowest terms, positive
/// denominator. OverflowError "cannot convert Infinity to integer ratio";
/// ValueError "cannot convert NaN to integer ratio".
pub fn float_as_integer_ratio(x: f64) -> Result<(Int, Int), NumError> {
    if x.is_infinite() {
        return Err(NumError::overflow(
            "cannot convert Infinity to integer ratio",
        ));
    }
    if x.is_nan() {
        return Err(NumError::value("cannot convert NaN to integer ratio"));
    }
    if x == 0.0 {
        return Ok((Int::ZERO, Int::Small(1)));
    }
    let bits = x.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i64;
    let frac = bits & ((1 << 52) - 1);
    let (mut m, mut e) = if biased == 0 {
        (frac, -1074)
    } else {
        (frac | (1 << 52), biased - 1075)
    };
    let tz = m.trailing_zeros() as i64;
    m >>= tz;
    e += tz;
    let mut num = IBig::from(m);
    if x < 0.0 {
        num = -num;
    }
    if e >= 0 {
        Ok((Int::from_ibig(num << e as usize), Int::Small(1)))
    } else {
        Ok((
            Int::from_ibig(num),
            Int::from_ibig(IBig::ONE << (-e) as usize),
        ))
    }
}

/// `float.is_integer()`.
pub fn float_is_integer(x: f64) -> bool {
    x.is_finite() && x.floor() == x
}

/// `int(x)`: truncation toward zero, exact. ValueError "cannot convert float
/// NaN to integer"; OverflowError "cannot convert float infinity to
/// integer".
pub fn float_to_int(x: f64) -> Result<Int, NumError> {
    Ok(Int::from_f64(x)?)
}

/// `float(n)`: correctly rounded. OverflowError "int too large to convert
/// to float".
pub fn int_to_float(n: &Int) -> Result<f64, NumError> {
    Ok(n.to_f64()?)
}

/// `_PyHASH_MODULUS`, `_PyHASH_BITS`, `_PyHASH_INF`.
const HASH_MODULUS: u64 = (1 << 61) - 1;
const HASH_BITS: i64 = 61;
const HASH_INF: i64 = 314159;

/// `hash(x)` (`_Py_HashDouble`): equal to the hash of the equal int or
/// fraction. `None` for a NaN, whose hash since 3.10 is the object's
/// identity hash (the caller's to supply).
pub fn float_hash(v: f64) -> Option<i64> {
    if v.is_nan() {
        return None;
    }
    if v.is_infinite() {
        return Some(if v > 0.0 { HASH_INF } else { -HASH_INF });
    }
    let (mut m, mut e) = frexp(v);
    let mut sign: u64 = 1;
    if m < 0.0 {
        sign = u64::MAX; // -1
        m = -m;
    }
    let mut x: u64 = 0;
    while m != 0.0 {
        x = ((x << 28) & HASH_MODULUS) | x >> (HASH_BITS - 28);
        m *= 268435456.0;
        e -= 28;
        let y = m as u64;
        m -= y as f64;
        x += y;
        if x >= HASH_MODULUS {
            x -= HASH_MODULUS;
        }
    }
    let e = if e >= 0 {
        e % HASH_BITS
    } else {
        HASH_BITS - 1 - ((-1 - e) % HASH_BITS)
    };
    x = ((x << e) & HASH_MODULUS) | x >> (HASH_BITS - e);
    let h = x.wrapping_mul(sign) as i64;
    Some(if h == -1 { -2 } else { h })
}

/// Exact comparison of an int with a float (CPython's `float_richcompare`
/// never rounds the int): `None` when `x` is a NaN (every comparison but
/// `!=` is false).
pub fn compare_int_float(n: &Int, x: f64) -> Option<Ordering> {
    if x.is_nan() {
        return None;
    }
    if x.is_infinite() {
        return Some(if x > 0.0 {
            Ordering::Less
        } else {
            Ordering::Greater
        });
    }
    // Exact for every finite double.
    let fl = x.floor();
    let fi = Int::from_f64(fl).ok()?;
    let ord = n.compare(&fi);
    if fl == x {
        return Some(ord);
    }
    // floor(x) < x < floor(x) + 1: n > x exactly when n > floor(x).
    Some(if ord == Ordering::Greater {
        Ordering::Greater
    } else {
        Ordering::Less
    })
}

/// `float == int` etc. from the float's side: the reverse of
/// [`compare_int_float`].
pub fn compare_float_int(x: f64, n: &Int) -> Option<Ordering> {
    compare_int_float(n, x).map(Ordering::reverse)
}

/// `_PyLong_Frexp`: `(m, e)` with `|n| ≈ m * 2^e`, `0.5 <= m < 1` rounded to
/// 53 bits (ties to even), `m` carrying the sign of `n`; `(0.0, 0)` for 0.
pub fn int_frexp(n: &Int) -> (f64, i64) {
    if n.is_zero() {
        return (0.0, 0);
    }
    let mag = n.to_ibig().unsigned_abs();
    let bits = mag.bit_len() as i64;
    // mag * 2^-bits is in [0.5, 1): round it (cannot overflow or underflow).
    let m = round_ubig_scaled(&mag, -(bits as i128)).unwrap_or(1.0);
    let (m, e) = if m == 1.0 { (0.5, bits + 1) } else { (m, bits) };
    (if n.is_negative() { -m } else { m }, e)
}
