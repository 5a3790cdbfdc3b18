//! The float functions of the `math` module: CPython 3.11's `mathmodule.c`.
//!
//! Error rules (`math_1`, `math_2`, `is_error`): a NaN from non-NaN
//! arguments is ValueError "math domain error"; an infinity from finite
//! arguments is OverflowError "math range error" for functions that can
//! overflow (`exp`, `exp2`, `expm1`, `sinh`, `cosh`) and a domain error
//! (a singularity) for the rest. `gamma` and `lgamma` set errno themselves.
//! Arguments are floats; the VM converts ints first (OverflowError "int too
//! large to convert to float"), except where [`Real`] keeps them exact.

use super::float::int_frexp;
use super::{frexp as c_frexp, ldexp as c_ldexp, NumError, Real};
use crate::int::Int;

pub const PI: f64 = std::f64::consts::PI;
pub const E: f64 = std::f64::consts::E;
pub const TAU: f64 = std::f64::consts::TAU;
pub const INF: f64 = f64::INFINITY;
pub const NAN: f64 = f64::NAN;

/// The C library functions that `std` either lacks or implements itself
/// differently from libm (Rust's `asinh`/`acosh`/`atanh` are its own
/// formulas, and `cbrt` is a correctly rounded pure-Rust one, which glibc's
/// is not); CPython calls these very functions.
pub(crate) mod libm {
    #[link(name = "m")]
    extern "C" {
        fn erf(x: f64) -> f64;
        fn erfc(x: f64) -> f64;
        fn asinh(x: f64) -> f64;
        fn acosh(x: f64) -> f64;
        fn atanh(x: f64) -> f64;
    }
    // SAFETY (all): pure functions of a double, no pointers, no state beyond
    // errno.
    pub fn c_erf(x: f64) -> f64 {
        unsafe { erf(x) }
    }
    pub fn c_erfc(x: f64) -> f64 {
        unsafe { erfc(x) }
    }
    pub fn c_asinh(x: f64) -> f64 {
        unsafe { asinh(x) }
    }
    pub fn c_acosh(x: f64) -> f64 {
        unsafe { acosh(x) }
    }
    pub fn c_atanh(x: f64) -> f64 {
        unsafe { atanh(x) }
    }

    /// glibc's `cbrt` (sysdeps/ieee754/dbl-64/s_cbrt.c), ported: Rust
    /// links its own correctly rounded `cbrt` ahead of libm's, so the C
    /// symbol is not reachable, and glibc's is not correctly rounded.
    #[allow(clippy::excessive_precision)]
    pub fn c_cbrt(x: f64) -> f64 {
        const CBRT2: f64 = 1.2599210498948731648; // 2^(1/3)
        const SQR_CBRT2: f64 = 1.5874010519681994748; // 2^(2/3)
        const FACTOR: [f64; 5] = [1.0 / SQR_CBRT2, 1.0 / CBRT2, 1.0, CBRT2, SQR_CBRT2];
        if x == 0.0 || !x.is_finite() {
            return x + x;
        }
        let (xm, xe) = super::c_frexp(x.abs());
        let xe = xe as i32;
        let u = 0.354895765043919860
            + ((1.50819193781584896
                + ((-2.11499494167371287
                    + ((2.44693122563534430
                        + ((-1.83469277483613086
                            + (0.784932344976639262 - 0.145263899385486377 * xm) * xm)
                            * xm))
                        * xm))
                    * xm))
                * xm);
        let t2 = u * u * u;
        let ym = u * (t2 + 2.0 * xm) / (2.0 * t2 + xm) * FACTOR[(2 + xe % 3) as usize];
        super::c_ldexp(ym, (xe / 3) as i64).copysign(x)
    }
}

/// `math_1`'s checks on `r = f(x)`.
fn math_1(x: f64, r: f64, can_overflow: bool) -> Result<f64, NumError> {
    if r.is_nan() && !x.is_nan() {
        return Err(NumError::domain());
    }
    if r.is_infinite() && x.is_finite() {
        return Err(if can_overflow {
            NumError::range()
        } else {
            NumError::domain()
        });
    }
    Ok(r)
}

/// `math_2`'s checks on `r = f(x, y)`.
fn math_2(x: f64, y: f64, r: f64) -> Result<f64, NumError> {
    if r.is_nan() && !x.is_nan() && !y.is_nan() {
        return Err(NumError::domain());
    }
    if r.is_infinite() && x.is_finite() && y.is_finite() {
        return Err(NumError::range());
    }
    Ok(r)
}

/// errno as the `math_1a` functions (`gamma`, `lgamma`) set it.
enum Errno {
    Ok,
    Dom,
    Range,
}

/// `math_1a` with `is_error`: ERANGE is only an error for `|r| >= 1.5`.
fn math_1a((r, errno): (f64, Errno)) -> Result<f64, NumError> {
    match errno {
        Errno::Ok => Ok(r),
        Errno::Dom => Err(NumError::domain()),
        Errno::Range if r.abs() < 1.5 => Ok(r),
        Errno::Range => Err(NumError::range()),
    }
}

macro_rules! math1 {
    ($($(#[$doc:meta])* $name:ident = $f:expr, $ovf:expr;)*) => {$(
        $(#[$doc])*
        pub fn $name(x: f64) -> Result<f64, NumError> {
            let f: fn(f64) -> f64 = $f;
            math_1(x, f(x), $ovf)
        }
    )*};
}

math1! {
    sqrt = f64::sqrt, false;
    exp = f64::exp, true;
    exp2 = f64::exp2, true;
    expm1 = f64::exp_m1, true;
    sin = f64::sin, false;
    cos = f64::cos, false;
    tan = f64::tan, false;
    asin = f64::asin, false;
    acos = f64::acos, false;
    atan = f64::atan, false;
    sinh = f64::sinh, true;
    cosh = f64::cosh, true;
    tanh = f64::tanh, false;
    asinh = libm::c_asinh, false;
    acosh = libm::c_acosh, false;
    atanh = libm::c_atanh, false;
    /// `math.cbrt` (new in 3.11).
    cbrt = libm::c_cbrt, false;
    fabs = f64::abs, false;
    /// `_Py_log1p`: keeps the sign of a zero.
    log1p = |x| if x == 0.0 { x } else { x.ln_1p() }, false;
}

/// `math.erf` (libm's, as CPython uses when the platform has it).
pub fn erf(x: f64) -> Result<f64, NumError> {
    Ok(libm::c_erf(x))
}

/// `math.erfc` (libm's; an underflow to zero is not an error).
pub fn erfc(x: f64) -> Result<f64, NumError> {
    Ok(libm::c_erfc(x))
}

/// `m_log`: natural log with C99's special values (errno EDOM at 0 and
/// below).
fn m_log(x: f64) -> f64 {
    if x.is_finite() {
        if x > 0.0 {
            x.ln()
        } else if x == 0.0 {
            f64::NEG_INFINITY
        } else {
            f64::NAN
        }
    } else if x.is_nan() || x > 0.0 {
        x
    } else {
        f64::NAN
    }
}

fn m_log2(x: f64) -> f64 {
    if !x.is_finite() {
        if x.is_nan() || x > 0.0 {
            x
        } else {
            f64::NAN
        }
    } else if x > 0.0 {
        x.log2()
    } else if x == 0.0 {
        f64::NEG_INFINITY
    } else {
        f64::NAN
    }
}

fn m_log10(x: f64) -> f64 {
    if x.is_finite() {
        if x > 0.0 {
            x.log10()
        } else if x == 0.0 {
            f64::NEG_INFINITY
        } else {
            f64::NAN
        }
    } else if x.is_nan() || x > 0.0 {
        x
    } else {
        f64::NAN
    }
}

/// `loghelper`: an int is taken exactly (its log exists past the float
/// range: `log(m * 2^e) = log(m) + log(2) * e`); a non-positive int is a
/// domain error.
fn loghelper(x: Real<'_>, func: fn(f64) -> f64) -> Result<f64, NumError> {
    match x {
        Real::Float(f) => math_1(f, func(f), false),
        Real::Int(n) => {
            if n.signum() <= 0 {
                return Err(NumError::domain());
            }
            match n.to_f64() {
                Ok(f) => Ok(func(f)),
                Err(_) => {
                    let (m, e) = int_frexp(n);
                    Ok(func(m) + func(2.0) * e as f64)
                }
            }
        }
    }
}

/// `math.log(x[, base])`: `log(x) / log(base)` with a float division
/// (ZeroDivisionError "float division by zero" for base 1).
pub fn log(x: Real<'_>, base: Option<Real<'_>>) -> Result<f64, NumError> {
    let num = loghelper(x, m_log)?;
    let Some(base) = base else {
        return Ok(num);
    };
    let den = loghelper(base, m_log)?;
    super::float::float_div(num, den)
}

/// `math.log2(x)`.
pub fn log2(x: Real<'_>) -> Result<f64, NumError> {
    loghelper(x, m_log2)
}

/// `math.log10(x)`.
pub fn log10(x: Real<'_>) -> Result<f64, NumError> {
    loghelper(x, m_log10)
}

/// `m_atan2`: C99's special values, independent of the platform.
fn m_atan2(y: f64, x: f64) -> f64 {
    if x.is_nan() || y.is_nan() {
        return f64::NAN;
    }
    if y.is_infinite() {
        if x.is_infinite() {
            return if x.is_sign_positive() {
                (0.25 * PI).copysign(y)
            } else {
                (0.75 * PI).copysign(y)
            };
        }
        return (0.5 * PI).copysign(y);
    }
    if x.is_infinite() || y == 0.0 {
        return if x.is_sign_positive() {
            0.0f64.copysign(y)
        } else {
            PI.copysign(y)
        };
    }
    y.atan2(x)
}

/// `math.atan2(y, x)`.
pub fn atan2(y: f64, x: f64) -> Result<f64, NumError> {
    math_2(y, x, m_atan2(y, x))
}

/// `math.copysign(x, y)`.
pub fn copysign(x: f64, y: f64) -> Result<f64, NumError> {
    math_2(x, y, x.copysign(y))
}

/// `m_remainder`: IEEE 754 remainder, exact.
fn m_remainder(x: f64, y: f64) -> f64 {
    if x.is_finite() && y.is_finite() {
        if y == 0.0 {
            return f64::NAN;
        }
        let absx = x.abs();
        let absy = y.abs();
        let m = absx % absy;
        let c = absy - m;
        let r = if m < c {
            m
        } else if m > c {
            -c
        } else {
            m - 2.0 * ((0.5 * (absx - m)) % absy)
        };
        return 1.0f64.copysign(x) * r;
    }
    if x.is_nan() {
        return x;
    }
    if y.is_nan() {
        return y;
    }
    if x.is_infinite() {
        return f64::NAN;
    }
    x
}

/// `math.remainder(x, y)`.
pub fn remainder(x: f64, y: f64) -> Result<f64, NumError> {
    math_2(x, y, m_remainder(x, y))
}

/// `math.fmod(x, y)` (C's `fmod`; `x` itself for a finite `x` and an
/// infinite `y`).
pub fn fmod(x: f64, y: f64) -> Result<f64, NumError> {
    if y.is_infinite() && x.is_finite() {
        return Ok(x);
    }
    let r = x % y;
    if r.is_nan() && !x.is_nan() && !y.is_nan() {
        return Err(NumError::domain());
    }
    Ok(r)
}

/// `math.pow(x, y)`: C99 Annex F special values; `0.0 ** negative` is a
/// domain error, overflow a range error.
pub fn pow(x: f64, y: f64) -> Result<f64, NumError> {
    if !x.is_finite() || !y.is_finite() {
        let r = if x.is_nan() {
            if y == 0.0 {
                1.0
            } else {
                x
            }
        } else if y.is_nan() {
            if x == 1.0 {
                1.0
            } else {
                y
            }
        } else if x.is_infinite() {
            let odd_y = y.is_finite() && (y.abs() % 2.0) == 1.0;
            if y > 0.0 {
                if odd_y {
                    x
                } else {
                    x.abs()
                }
            } else if y == 0.0 {
                1.0
            } else if odd_y {
                0.0f64.copysign(x)
            } else {
                0.0
            }
        } else if x.abs() == 1.0 {
            1.0
        } else if y > 0.0 && x.abs() > 1.0 {
            y
        } else if y < 0.0 && x.abs() < 1.0 {
            -y
        } else {
            0.0
        };
        return Ok(r);
    }
    let r = x.powf(y);
    if r.is_nan() {
        return Err(NumError::domain());
    }
    if r.is_infinite() {
        return Err(if x == 0.0 {
            NumError::domain()
        } else {
            NumError::range()
        });
    }
    Ok(r)
}

/// `math.floor(x)`: an int is its own floor. ValueError/OverflowError as
/// `int()` for NaN and infinities.
pub fn floor(x: Real<'_>) -> Result<Int, NumError> {
    match x {
        Real::Int(n) => Ok(n.clone()),
        Real::Float(f) => Ok(Int::from_f64(f.floor())?),
    }
}

/// `math.ceil(x)`.
pub fn ceil(x: Real<'_>) -> Result<Int, NumError> {
    match x {
        Real::Int(n) => Ok(n.clone()),
        Real::Float(f) => Ok(Int::from_f64(f.ceil())?),
    }
}

/// `math.trunc(x)` for a float (`float.__trunc__`, i.e. `int(x)`).
pub fn trunc(x: f64) -> Result<Int, NumError> {
    Ok(Int::from_f64(x)?)
}

/// `math.modf(x)`: `(fractional, integral)`, both with the sign of `x`.
pub fn modf(x: f64) -> (f64, f64) {
    if x.is_infinite() {
        return (0.0f64.copysign(x), x);
    }
    if x.is_nan() {
        return (x, x);
    }
    let i = x.trunc();
    ((x - i).copysign(x), i)
}

/// `math.frexp(x)`: `(m, e)`, `0.5 <= |m| < 1`; zeros, infinities and NaNs
/// give `(x, 0)`.
pub fn frexp(x: f64) -> (f64, i64) {
    c_frexp(x)
}

/// `math.ldexp(x, i)`: `x * 2**i`, exactly rounded. OverflowError "math
/// range error".
pub fn ldexp(x: f64, i: &Int) -> Result<f64, NumError> {
    if x == 0.0 || !x.is_finite() {
        return Ok(x);
    }
    // PyLong_AsLongAndOverflow saturates; C's int range decides the rest.
    let exp = i
        .to_i64()
        .unwrap_or(if i.is_negative() { i64::MIN } else { i64::MAX });
    if exp > i32::MAX as i64 {
        return Err(NumError::range());
    }
    if exp < i32::MIN as i64 {
        return Ok(0.0f64.copysign(x));
    }
    let r = c_ldexp(x, exp);
    if r.is_infinite() {
        return Err(NumError::range());
    }
    Ok(r)
}

/// `vector_norm`: the accurate Euclidean norm of non-negative finite `vec`
/// (`max` its largest element, `found_nan` whether there was a NaN).
fn vector_norm(vec: &[f64], max: f64, found_nan: bool) -> f64 {
    const T27: f64 = 134217729.0; // 2^27 + 1
    if max.is_infinite() {
        return max;
    }
    if found_nan {
        return f64::NAN;
    }
    if max == 0.0 || vec.len() <= 1 {
        return max;
    }
    let (_, max_e) = c_frexp(max);
    let mut csum = 1.0f64;
    let (mut frac1, mut frac2, mut frac3) = (0.0f64, 0.0f64, 0.0f64);
    if max_e >= -1023 {
        let scale = c_ldexp(1.0, -max_e);
        for &v in vec {
            let x = v * scale;
            let t = x * T27;
            let hi = t - (t - x);
            let lo = x - hi;

            let x = hi * hi;
            let oldcsum = csum;
            csum += x;
            frac1 += (oldcsum - csum) + x;

            let x = 2.0 * hi * lo;
            let oldcsum = csum;
            csum += x;
            frac2 += (oldcsum - csum) + x;

            frac3 += lo * lo;
        }
        let h = (csum - 1.0 + (frac1 + frac2 + frac3)).sqrt();

        let x = h;
        let t = x * T27;
        let hi = t - (t - x);
        let lo = x - hi;

        let x = -hi * hi;
        let oldcsum = csum;
        csum += x;
        frac1 += (oldcsum - csum) + x;

        let x = -2.0 * hi * lo;
        let oldcsum = csum;
        csum += x;
        frac2 += (oldcsum - csum) + x;

        let x = -lo * lo;
        let oldcsum = csum;
        csum += x;
        frac3 += (oldcsum - csum) + x;

        let x = csum - 1.0 + (frac1 + frac2 + frac3);
        return (h + x / (2.0 * h)) / scale;
    }
    // ldexp(1.0, -max_e) would overflow: divide by max instead.
    for &v in vec {
        let x = v / max;
        let x = x * x;
        let oldcsum = csum;
        csum += x;
        frac1 += (oldcsum - csum) + x;
    }
    max * (csum - 1.0 + frac1).sqrt()
}

/// `math.hypot(*coordinates)`.
pub fn hypot(coords: &[f64]) -> f64 {
    let mut max = 0.0f64;
    let mut found_nan = false;
    let v: Vec<f64> = coords
        .iter()
        .map(|x| {
            let x = x.abs();
            found_nan |= x.is_nan();
            if x > max {
                max = x;
            }
            x
        })
        .collect();
    vector_norm(&v, max, found_nan)
}

/// `math.dist(p, q)`. ValueError "both points must have the same number of
/// dimensions".
pub fn dist(p: &[f64], q: &[f64]) -> Result<f64, NumError> {
    if p.len() != q.len() {
        return Err(NumError::value(
            "both points must have the same number of dimensions",
        ));
    }
    let mut max = 0.0f64;
    let mut found_nan = false;
    let v: Vec<f64> = p
        .iter()
        .zip(q)
        .map(|(px, qx)| {
            let x = (px - qx).abs();
            found_nan |= x.is_nan();
            if x > max {
                max = x;
            }
            x
        })
        .collect();
    Ok(vector_norm(&v, max, found_nan))
}

/// `math.fsum(seq)`: the correctly rounded sum (Shewchuk's partials, as
/// CPython). OverflowError "intermediate overflow in fsum"; ValueError
/// "-inf + inf in fsum".
pub fn fsum(items: impl IntoIterator<Item = f64>) -> Result<f64, NumError> {
    let mut p: Vec<f64> = Vec::new();
    let mut special_sum = 0.0f64;
    let mut inf_sum = 0.0f64;
    for xsave in items {
        let mut x = xsave;
        let mut i = 0;
        for j in 0..p.len() {
            let mut y = p[j];
            if x.abs() < y.abs() {
                std::mem::swap(&mut x, &mut y);
            }
            let hi = x + y;
            let yr = hi - x;
            let lo = y - yr;
            if lo != 0.0 {
                p[i] = lo;
                i += 1;
            }
            x = hi;
        }
        p.truncate(i);
        if x != 0.0 {
            if !x.is_finite() {
                if xsave.is_finite() {
                    return Err(NumError::overflow("intermediate overflow in fsum"));
                }
                if xsave.is_infinite() {
                    inf_sum += xsave;
                }
                special_sum += xsave;
                p.clear();
            } else {
                p.push(x);
            }
        }
    }
    if special_sum != 0.0 {
        if inf_sum.is_nan() {
            return Err(NumError::value("-inf + inf in fsum"));
        }
        return Ok(special_sum);
    }
    let mut hi = 0.0f64;
    let mut n = p.len();
    if n > 0 {
        n -= 1;
        hi = p[n];
        let mut lo = 0.0f64;
        while n > 0 {
            let x = hi;
            n -= 1;
            let y = p[n];
            hi = x + y;
            let yr = hi - x;
            lo = y - yr;
            if lo != 0.0 {
                break;
            }
        }
        if n > 0 && ((lo < 0.0 && p[n - 1] < 0.0) || (lo > 0.0 && p[n - 1] > 0.0)) {
            let y = lo * 2.0;
            let x = hi + y;
            let yr = x - hi;
            if y == yr {
                hi = x;
            }
        }
    }
    Ok(hi)
}

/// `math.isfinite(x)`.
pub fn isfinite(x: f64) -> bool {
    x.is_finite()
}

/// `math.isinf(x)`.
pub fn isinf(x: f64) -> bool {
    x.is_infinite()
}

/// `math.isnan(x)`.
pub fn isnan(x: f64) -> bool {
    x.is_nan()
}

/// `math.isclose(a, b, *, rel_tol=1e-09, abs_tol=0.0)`. ValueError
/// "tolerances must be non-negative".
pub fn isclose(a: f64, b: f64, rel_tol: f64, abs_tol: f64) -> Result<bool, NumError> {
    if rel_tol < 0.0 || abs_tol < 0.0 {
        return Err(NumError::value("tolerances must be non-negative"));
    }
    if a == b {
        return Ok(true);
    }
    if a.is_infinite() || b.is_infinite() {
        return Ok(false);
    }
    let diff = (b - a).abs();
    Ok(diff <= (rel_tol * b).abs() || diff <= (rel_tol * a).abs() || diff <= abs_tol)
}

/// `math.degrees(x)`.
pub fn degrees(x: f64) -> f64 {
    x * (180.0 / PI)
}

/// `math.radians(x)`.
pub fn radians(x: f64) -> f64 {
    x * (PI / 180.0)
}

/// `math.nextafter(x, y)`.
pub fn nextafter(x: f64, y: f64) -> f64 {
    if x.is_nan() || y.is_nan() {
        return x + y;
    }
    if x == y {
        return y;
    }
    if x == 0.0 {
        return f64::from_bits(1).copysign(y);
    }
    let bits = x.to_bits();
    // Away from zero when moving in x's direction, else toward it.
    let up = (y > x) == (x > 0.0);
    f64::from_bits(if up { bits + 1 } else { bits - 1 })
}

/// `math.ulp(x)`.
pub fn ulp(x: f64) -> f64 {
    if x.is_nan() {
        return x;
    }
    let x = x.abs();
    if x.is_infinite() {
        return x;
    }
    let x2 = nextafter(x, f64::INFINITY);
    if x2.is_infinite() {
        return x - nextafter(x, f64::NEG_INFINITY);
    }
    x2 - x
}

// ---- gamma and lgamma: CPython's Lanczos implementation ----
// (Constants as CPython writes them: more digits than a double holds.)

#[allow(clippy::excessive_precision)]
const LOGPI: f64 = 1.144729885849400174143427351353058711647;
const LANCZOS_N: usize = 13;
#[allow(clippy::excessive_precision)]
const LANCZOS_G: f64 = 6.024680040776729583740234375;
#[allow(clippy::excessive_precision)]
const LANCZOS_G_MINUS_HALF: f64 = 5.524680040776729583740234375;
#[allow(clippy::excessive_precision)]
const LANCZOS_NUM_COEFFS: [f64; LANCZOS_N] = [
    23531376880.410759688572007674451636754734846804940,
    42919803642.649098768957899047001988850926355848959,
    35711959237.355668049440185451547166705960488635843,
    17921034426.037209699919755754458931112671403265390,
    6039542586.3520280050642916443072979210699388420708,
    1439720407.3117216736632230727949123939715485786772,
    248874557.86205415651146038641322942321632125127801,
    31426415.585400194380614231628318205362874684987640,
    2876370.6289353724412254090516208496135991145378768,
    186056.26539522349504029498971604569928220784236328,
    8071.6720023658162106380029022722506138218516325024,
    210.82427775157934587250973392071336271166969580291,
    2.5066282746310002701649081771338373386264310793408,
];
const LANCZOS_DEN_COEFFS: [f64; LANCZOS_N] = [
    0.0,
    39916800.0,
    120543840.0,
    150917976.0,
    105258076.0,
    45995730.0,
    13339535.0,
    2637558.0,
    357423.0,
    32670.0,
    1925.0,
    66.0,
    1.0,
];
const GAMMA_INTEGRAL: [f64; 23] = [
    1.0,
    1.0,
    2.0,
    6.0,
    24.0,
    120.0,
    720.0,
    5040.0,
    40320.0,
    362880.0,
    3628800.0,
    39916800.0,
    479001600.0,
    6227020800.0,
    87178291200.0,
    1307674368000.0,
    20922789888000.0,
    355687428096000.0,
    6402373705728000.0,
    121645100408832000.0,
    2432902008176640000.0,
    51090942171709440000.0,
    1124000727777607680000.0,
];

/// `m_sinpi`: `sin(pi * x)` accurate for all finite `x`.
fn m_sinpi(x: f64) -> f64 {
    let y = x.abs() % 2.0;
    // C's round(): halves away from zero, which f64::round is.
    let n = (2.0 * y).round() as i32;
    let r = match n {
        0 => (PI * y).sin(),
        1 => (PI * (y - 0.5)).cos(),
        2 => (PI * (1.0 - y)).sin(),
        3 => -(PI * (y - 1.5)).cos(),
        _ => (PI * (y - 2.0)).sin(),
    };
    1.0f64.copysign(x) * r
}

fn lanczos_sum(x: f64) -> f64 {
    let mut num = 0.0;
    let mut den = 0.0;
    if x < 5.0 {
        for i in (0..LANCZOS_N).rev() {
            num = num * x + LANCZOS_NUM_COEFFS[i];
            den = den * x + LANCZOS_DEN_COEFFS[i];
        }
    } else {
        for i in 0..LANCZOS_N {
            num = num / x + LANCZOS_NUM_COEFFS[i];
            den = den / x + LANCZOS_DEN_COEFFS[i];
        }
    }
    num / den
}

fn m_tgamma(x: f64) -> (f64, Errno) {
    if !x.is_finite() {
        if x.is_nan() || x > 0.0 {
            return (x, Errno::Ok);
        }
        return (f64::NAN, Errno::Dom);
    }
    if x == 0.0 {
        return (f64::INFINITY.copysign(x), Errno::Dom);
    }
    if x == x.floor() {
        if x < 0.0 {
            return (f64::NAN, Errno::Dom);
        }
        if x <= GAMMA_INTEGRAL.len() as f64 {
            return (GAMMA_INTEGRAL[x as usize - 1], Errno::Ok);
        }
    }
    let absx = x.abs();
    if absx < 1e-20 {
        let r = 1.0 / x;
        return (
            r,
            if r.is_infinite() {
                Errno::Range
            } else {
                Errno::Ok
            },
        );
    }
    if absx > 200.0 {
        if x < 0.0 {
            return (0.0 / m_sinpi(x), Errno::Ok);
        }
        return (f64::INFINITY, Errno::Range);
    }
    let y = absx + LANCZOS_G_MINUS_HALF;
    let z = if absx > LANCZOS_G_MINUS_HALF {
        let q = y - absx;
        q - LANCZOS_G_MINUS_HALF
    } else {
        let q = y - LANCZOS_G_MINUS_HALF;
        q - absx
    };
    let z = z * LANCZOS_G / y;
    let mut r;
    if x < 0.0 {
        r = -PI / m_sinpi(absx) / absx * y.exp() / lanczos_sum(absx);
        r -= z * r;
        if absx < 140.0 {
            r /= y.powf(absx - 0.5);
        } else {
            let sqrtpow = y.powf(absx / 2.0 - 0.25);
            r /= sqrtpow;
            r /= sqrtpow;
        }
    } else {
        r = lanczos_sum(absx) / y.exp();
        r += z * r;
        if absx < 140.0 {
            r *= y.powf(absx - 0.5);
        } else {
            let sqrtpow = y.powf(absx / 2.0 - 0.25);
            r *= sqrtpow;
            r *= sqrtpow;
        }
    }
    (
        r,
        if r.is_infinite() {
            Errno::Range
        } else {
            Errno::Ok
        },
    )
}

fn m_lgamma(x: f64) -> (f64, Errno) {
    if !x.is_finite() {
        if x.is_nan() {
            return (x, Errno::Ok);
        }
        return (f64::INFINITY, Errno::Ok);
    }
    if x == x.floor() && x <= 2.0 {
        if x <= 0.0 {
            return (f64::INFINITY, Errno::Dom);
        }
        return (0.0, Errno::Ok);
    }
    let absx = x.abs();
    if absx < 1e-20 {
        return (-absx.ln(), Errno::Ok);
    }
    let mut r = lanczos_sum(absx).ln() - LANCZOS_G;
    r += (absx - 0.5) * ((absx + LANCZOS_G - 0.5).ln() - 1.0);
    if x < 0.0 {
        r = LOGPI - m_sinpi(absx).abs().ln() - absx.ln() - r;
    }
    (
        r,
        if r.is_infinite() {
            Errno::Range
        } else {
            Errno::Ok
        },
    )
}

/// `math.gamma(x)`.
pub fn gamma(x: f64) -> Result<f64, NumError> {
    math_1a(m_tgamma(x))
}

/// `math.lgamma(x)`.
pub fn lgamma(x: f64) -> Result<f64, NumError> {
    math_1a(m_lgamma(x))
}
