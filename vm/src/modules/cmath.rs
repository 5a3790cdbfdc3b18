//! `cmath`: mathematical functions for complex numbers, with CPython
//! 3.11's results, special values and errors.
//!
//! The algorithms are those CPython documents in `cmathmodule.c` (Kahan's
//! branch cuts; rescaling to avoid spurious overflow and underflow near
//! the extremes), computed with the same C library functions (glibc's
//! `atan2`, `hypot`, `log1p`, `asinh`, ...) so that ordinary results agree
//! to the last bit. Arguments where a part is infinite or NaN follow C99
//! Annex G: the 7x7 tables below (indexed by the classes of the real and
//! imaginary parts) were recorded from CPython 3.11, `D` marking the
//! entries that are a ValueError "math domain error". Results that
//! overflow are OverflowError "math range error".
//!
//! Arguments: complex (and subclasses), else `__complex__`, else a real
//! number as for `math` (`__float__`, `__index__`). CPython's
//! DeprecationWarning for a `__complex__` returning a complex subclass is
//! not issued.

use crate::objects::*;
use crate::value::Value;
use crate::vm::{Args, PyResult, Vm};

use super::math::real;

/// A complex number as two doubles.
#[derive(Clone, Copy)]
struct C {
    re: f64,
    im: f64,
}

/// C's `errno` after a computation.
#[derive(Clone, Copy, PartialEq)]
enum Errno {
    Fine,
    Dom,
    Range,
}
use Errno::{Dom, Fine, Range};

type Out = (C, Errno);

const fn c(re: f64, im: f64) -> C {
    C { re, im }
}

/// A special-value table entry: unused (both parts finite, or computed by
/// a formula), a domain error, or the result.
#[derive(Clone, Copy)]
enum Sv {
    U,
    D,
    V(f64, f64),
}
use Sv::{D as DOM, U};

#[allow(non_snake_case)]
const fn C(re: f64, im: f64) -> Sv {
    Sv::V(re, im)
}

type Table = [[Sv; 7]; 7];

const INF: f64 = f64::INFINITY;
const NAN: f64 = f64::NAN;
const PI: f64 = std::f64::consts::PI;
const P12: f64 = std::f64::consts::FRAC_PI_2;
const P14: f64 = std::f64::consts::FRAC_PI_4;
const P34: f64 = 0.75 * PI;
const LN2: f64 = std::f64::consts::LN_2;
const LN10: f64 = std::f64::consts::LN_10;

/// Above this, squaring or summing risks overflow: DBL_MAX / 4.
const LARGE: f64 = f64::MAX / 4.0;
/// Precomputed at first use: sqrt(LARGE), log(LARGE), sqrt(DBL_MIN).
fn sqrt_large() -> f64 {
    LARGE.sqrt()
}
fn log_large() -> f64 {
    LARGE.ln()
}
fn sqrt_dbl_min() -> f64 {
    f64::MIN_POSITIVE.sqrt()
}
/// 2^53 and 2^-27: the rescaling of tiny arguments in `sqrt`.
const SCALE_UP: f64 = 9007199254740992.0;
const SCALE_DOWN: f64 = 1.0 / 134217728.0;

/// The class of a double: -inf, negative, -0, +0, positive, +inf, nan.
fn class(d: f64) -> usize {
    if d.is_nan() {
        6
    } else if d.is_infinite() {
        if d > 0.0 {
            5
        } else {
            0
        }
    } else if d != 0.0 {
        if d.is_sign_positive() {
            4
        } else {
            1
        }
    } else if d.is_sign_positive() {
        3
    } else {
        2
    }
}

/// The table's answer for `z` if a part of it is not finite.
fn special(z: C, t: &Table) -> Option<Out> {
    if z.re.is_finite() && z.im.is_finite() {
        return None;
    }
    Some(match t[class(z.re)][class(z.im)] {
        Sv::V(re, im) => (c(re, im), Fine),
        Sv::D => (c(NAN, NAN), Dom),
        Sv::U => (c(NAN, NAN), Fine),
    })
}

// ---- special values (recorded from CPython 3.11) ----

#[rustfmt::skip]
const ACOS_SPECIAL: Table = [
    [C(P34, INF), C(PI, INF), C(PI, INF), C(PI, -INF), C(PI, -INF), C(P34, -INF), C(NAN, INF)],
    [C(P12, INF), U, U, U, U, C(P12, -INF), C(NAN, NAN)],
    [C(P12, INF), U, U, U, U, C(P12, -INF), C(P12, NAN)],
    [C(P12, INF), U, U, U, U, C(P12, -INF), C(P12, NAN)],
    [C(P12, INF), U, U, U, U, C(P12, -INF), C(NAN, NAN)],
    [C(P14, INF), C(0.0, INF), C(0.0, INF), C(0.0, -INF), C(0.0, -INF), C(P14, -INF), C(NAN, INF)],
    [C(NAN, INF), C(NAN, NAN), C(NAN, NAN), C(NAN, NAN), C(NAN, NAN), C(NAN, -INF), C(NAN, NAN)],
];
#[rustfmt::skip]
const ACOSH_SPECIAL: Table = [
    [C(INF, -P34), C(INF, -PI), C(INF, -PI), C(INF, PI), C(INF, PI), C(INF, P34), C(INF, NAN)],
    [C(INF, -P12), U, U, U, U, C(INF, P12), C(NAN, NAN)],
    [C(INF, -P12), U, U, U, U, C(INF, P12), C(NAN, NAN)],
    [C(INF, -P12), U, U, U, U, C(INF, P12), C(NAN, NAN)],
    [C(INF, -P12), U, U, U, U, C(INF, P12), C(NAN, NAN)],
    [C(INF, -P14), C(INF, -0.0), C(INF, -0.0), C(INF, 0.0), C(INF, 0.0), C(INF, P14), C(INF, NAN)],
    [C(INF, NAN), C(NAN, NAN), C(NAN, NAN), C(NAN, NAN), C(NAN, NAN), C(INF, NAN), C(NAN, NAN)],
];
#[rustfmt::skip]
const ASINH_SPECIAL: Table = [
    [C(-INF, -P14), C(-INF, -0.0), C(-INF, -0.0), C(-INF, 0.0), C(-INF, 0.0), C(-INF, P14), C(-INF, NAN)],
    [C(-INF, -P12), U, U, U, U, C(-INF, P12), C(NAN, NAN)],
    [C(-INF, -P12), U, U, U, U, C(-INF, P12), C(NAN, NAN)],
    [C(INF, -P12), U, U, U, U, C(INF, P12), C(NAN, NAN)],
    [C(INF, -P12), U, U, U, U, C(INF, P12), C(NAN, NAN)],
    [C(INF, -P14), C(INF, -0.0), C(INF, -0.0), C(INF, 0.0), C(INF, 0.0), C(INF, P14), C(INF, NAN)],
    [C(INF, NAN), C(NAN, NAN), C(NAN, -0.0), C(NAN, 0.0), C(NAN, NAN), C(INF, NAN), C(NAN, NAN)],
];
#[rustfmt::skip]
const ATANH_SPECIAL: Table = [
    [C(-0.0, -P12), C(-0.0, -P12), C(-0.0, -P12), C(-0.0, P12), C(-0.0, P12), C(-0.0, P12), C(-0.0, NAN)],
    [C(-0.0, -P12), U, U, U, U, C(-0.0, P12), C(NAN, NAN)],
    [C(-0.0, -P12), U, U, U, U, C(-0.0, P12), C(-0.0, NAN)],
    [C(0.0, -P12), U, U, U, U, C(0.0, P12), C(0.0, NAN)],
    [C(0.0, -P12), U, U, U, U, C(0.0, P12), C(NAN, NAN)],
    [C(0.0, -P12), C(0.0, -P12), C(0.0, -P12), C(0.0, P12), C(0.0, P12), C(0.0, P12), C(0.0, NAN)],
    [C(0.0, -P12), C(NAN, NAN), C(NAN, NAN), C(NAN, NAN), C(NAN, NAN), C(0.0, P12), C(NAN, NAN)],
];
#[rustfmt::skip]
const COSH_SPECIAL: Table = [
    [DOM, U, C(INF, 0.0), C(INF, -0.0), U, DOM, C(INF, NAN)],
    [DOM, U, U, U, U, DOM, C(NAN, NAN)],
    [DOM, U, U, U, U, DOM, C(NAN, 0.0)],
    [DOM, U, U, U, U, DOM, C(NAN, 0.0)],
    [DOM, U, U, U, U, DOM, C(NAN, NAN)],
    [DOM, U, C(INF, -0.0), C(INF, 0.0), U, DOM, C(INF, NAN)],
    [C(NAN, NAN), C(NAN, NAN), C(NAN, 0.0), C(NAN, 0.0), C(NAN, NAN), C(NAN, NAN), C(NAN, NAN)],
];
#[rustfmt::skip]
const EXP_SPECIAL: Table = [
    [C(0.0, 0.0), U, C(0.0, -0.0), C(0.0, 0.0), U, C(0.0, 0.0), C(0.0, 0.0)],
    [DOM, U, U, U, U, DOM, C(NAN, NAN)],
    [DOM, U, U, U, U, DOM, C(NAN, NAN)],
    [DOM, U, U, U, U, DOM, C(NAN, NAN)],
    [DOM, U, U, U, U, DOM, C(NAN, NAN)],
    [DOM, U, C(INF, -0.0), C(INF, 0.0), U, DOM, C(INF, NAN)],
    [C(NAN, NAN), C(NAN, NAN), C(NAN, -0.0), C(NAN, 0.0), C(NAN, NAN), C(NAN, NAN), C(NAN, NAN)],
];
#[rustfmt::skip]
const LOG_SPECIAL: Table = [
    [C(INF, -P34), C(INF, -PI), C(INF, -PI), C(INF, PI), C(INF, PI), C(INF, P34), C(INF, NAN)],
    [C(INF, -P12), U, U, U, U, C(INF, P12), C(NAN, NAN)],
    [C(INF, -P12), U, U, U, U, C(INF, P12), C(NAN, NAN)],
    [C(INF, -P12), U, U, U, U, C(INF, P12), C(NAN, NAN)],
    [C(INF, -P12), U, U, U, U, C(INF, P12), C(NAN, NAN)],
    [C(INF, -P14), C(INF, -0.0), C(INF, -0.0), C(INF, 0.0), C(INF, 0.0), C(INF, P14), C(INF, NAN)],
    [C(INF, NAN), C(NAN, NAN), C(NAN, NAN), C(NAN, NAN), C(NAN, NAN), C(INF, NAN), C(NAN, NAN)],
];
#[rustfmt::skip]
const SINH_SPECIAL: Table = [
    [DOM, U, C(-INF, -0.0), C(-INF, 0.0), U, DOM, C(INF, NAN)],
    [DOM, U, U, U, U, DOM, C(NAN, NAN)],
    [DOM, U, U, U, U, DOM, C(0.0, NAN)],
    [DOM, U, U, U, U, DOM, C(0.0, NAN)],
    [DOM, U, U, U, U, DOM, C(NAN, NAN)],
    [DOM, U, C(INF, -0.0), C(INF, 0.0), U, DOM, C(INF, NAN)],
    [C(NAN, NAN), C(NAN, NAN), C(NAN, -0.0), C(NAN, 0.0), C(NAN, NAN), C(NAN, NAN), C(NAN, NAN)],
];
#[rustfmt::skip]
const SQRT_SPECIAL: Table = [
    [C(INF, -INF), C(0.0, -INF), C(0.0, -INF), C(0.0, INF), C(0.0, INF), C(INF, INF), C(NAN, INF)],
    [C(INF, -INF), U, U, U, U, C(INF, INF), C(NAN, NAN)],
    [C(INF, -INF), U, U, U, U, C(INF, INF), C(NAN, NAN)],
    [C(INF, -INF), U, U, U, U, C(INF, INF), C(NAN, NAN)],
    [C(INF, -INF), U, U, U, U, C(INF, INF), C(NAN, NAN)],
    [C(INF, -INF), C(INF, -0.0), C(INF, -0.0), C(INF, 0.0), C(INF, 0.0), C(INF, INF), C(INF, NAN)],
    [C(INF, -INF), C(NAN, NAN), C(NAN, NAN), C(NAN, NAN), C(NAN, NAN), C(INF, INF), C(NAN, NAN)],
];
#[rustfmt::skip]
const TANH_SPECIAL: Table = [
    [C(-1.0, 0.0), U, C(-1.0, -0.0), C(-1.0, 0.0), U, C(-1.0, 0.0), C(-1.0, 0.0)],
    [DOM, U, U, U, U, DOM, C(NAN, NAN)],
    [DOM, U, U, U, U, DOM, C(NAN, NAN)],
    [DOM, U, U, U, U, DOM, C(NAN, NAN)],
    [DOM, U, U, U, U, DOM, C(NAN, NAN)],
    [C(1.0, 0.0), U, C(1.0, -0.0), C(1.0, 0.0), U, C(1.0, 0.0), C(1.0, 0.0)],
    [C(NAN, NAN), C(NAN, NAN), C(NAN, -0.0), C(NAN, 0.0), C(NAN, NAN), C(NAN, NAN), C(NAN, NAN)],
];
#[rustfmt::skip]
const RECT_SPECIAL: Table = [
    [DOM, U, C(-INF, 0.0), C(-INF, -0.0), U, DOM, C(INF, NAN)],
    [DOM, U, U, U, U, DOM, C(NAN, NAN)],
    [C(0.0, 0.0), U, U, U, U, C(0.0, 0.0), C(0.0, 0.0)],
    [C(0.0, 0.0), U, U, U, U, C(0.0, 0.0), C(0.0, 0.0)],
    [DOM, U, U, U, U, DOM, C(NAN, NAN)],
    [DOM, U, C(INF, -0.0), C(INF, 0.0), U, DOM, C(INF, NAN)],
    [C(NAN, NAN), C(NAN, NAN), C(NAN, 0.0), C(NAN, 0.0), C(NAN, NAN), C(NAN, NAN), C(NAN, NAN)],
];

fn neg(z: C) -> C {
    c(-z.re, -z.im)
}

/// `i z` rotated into the function and back, for the identities
/// asin(z) = -i asinh(iz), atan(z) = -i atanh(iz), sin(z) = -i sinh(iz),
/// tan(z) = -i tanh(iz).
fn via_i(z: C, f: fn(C) -> Out) -> Out {
    let (s, e) = f(c(-z.im, z.re));
    (c(s.im, -s.re), e)
}

fn c_sqrt(z: C) -> Out {
    if let Some(r) = special(z, &SQRT_SPECIAL) {
        return r;
    }
    if z.re == 0.0 && z.im == 0.0 {
        return (c(0.0, z.im), Fine);
    }
    let ax = z.re.abs();
    let ay = z.im.abs();
    let s = if ax < f64::MIN_POSITIVE && ay < f64::MIN_POSITIVE {
        // hypot(ax, ay) would be subnormal: scale up first.
        let ax = ax * SCALE_UP;
        (ax + ax.hypot(ay * SCALE_UP)).sqrt() * SCALE_DOWN
    } else {
        let ax = ax / 8.0;
        2.0 * (ax + ax.hypot(ay / 8.0)).sqrt()
    };
    let d = ay / (2.0 * s);
    if z.re >= 0.0 {
        (c(s, d.copysign(z.im)), Fine)
    } else {
        (c(d, s.copysign(z.im)), Fine)
    }
}

/// log(hypot(x/2, y/2)) + 2 log 2: |z| of a huge z without overflow.
fn log_abs_large(x: f64, y: f64) -> f64 {
    (x / 2.0).hypot(y / 2.0).ln() + LN2 * 2.0
}

fn c_acos(z: C) -> Out {
    if let Some(r) = special(z, &ACOS_SPECIAL) {
        return r;
    }
    if z.re.abs() > LARGE || z.im.abs() > LARGE {
        let re = z.im.abs().atan2(z.re);
        let im = if z.re < 0.0 {
            -log_abs_large(z.re, z.im).copysign(z.im)
        } else {
            log_abs_large(z.re, z.im).copysign(-z.im)
        };
        return (c(re, im), Fine);
    }
    let s1 = c_sqrt(c(1.0 - z.re, -z.im)).0;
    let s2 = c_sqrt(c(1.0 + z.re, z.im)).0;
    (
        c(
            2.0 * s1.re.atan2(s2.re),
            c_asinh_real(s2.re * s1.im - s2.im * s1.re),
        ),
        Fine,
    )
}

fn c_acosh(z: C) -> Out {
    if let Some(r) = special(z, &ACOSH_SPECIAL) {
        return r;
    }
    if z.re.abs() > LARGE || z.im.abs() > LARGE {
        return (c(log_abs_large(z.re, z.im), z.im.atan2(z.re)), Fine);
    }
    let s1 = c_sqrt(c(z.re - 1.0, z.im)).0;
    let s2 = c_sqrt(c(z.re + 1.0, z.im)).0;
    (
        c(
            c_asinh_real(s1.re * s2.re + s1.im * s2.im),
            2.0 * s1.im.atan2(s2.re),
        ),
        Fine,
    )
}

fn c_asin(z: C) -> Out {
    via_i(z, c_asinh)
}

fn c_asinh(z: C) -> Out {
    if let Some(r) = special(z, &ASINH_SPECIAL) {
        return r;
    }
    if z.re.abs() > LARGE || z.im.abs() > LARGE {
        let re = if z.im >= 0.0 {
            log_abs_large(z.re, z.im).copysign(z.re)
        } else {
            -log_abs_large(z.re, z.im).copysign(-z.re)
        };
        return (c(re, z.im.atan2(z.re.abs())), Fine);
    }
    let s1 = c_sqrt(c(1.0 + z.im, -z.re)).0;
    let s2 = c_sqrt(c(1.0 - z.im, z.re)).0;
    (
        c(
            c_asinh_real(s1.re * s2.im - s2.re * s1.im),
            z.im.atan2(s1.re * s2.re - s1.im * s2.im),
        ),
        Fine,
    )
}

/// libm's real `asinh` (the name `c_asinh` is the complex function here).
fn c_asinh_real(x: f64) -> f64 {
    crate::numops::math::libm::c_asinh(x)
}

fn c_atan(z: C) -> Out {
    via_i(z, c_atanh)
}

fn c_atanh(z: C) -> Out {
    if let Some(r) = special(z, &ATANH_SPECIAL) {
        return r;
    }
    // atanh(z) = -atanh(-z): reduce to z.re >= 0.
    if z.re < 0.0 {
        let (r, e) = c_atanh(neg(z));
        return (neg(r), e);
    }
    let ay = z.im.abs();
    if z.re > sqrt_large() || ay > sqrt_large() {
        // atanh(z) ~ 1/z +/- i pi/2 for large |z|.
        let h = (z.re / 2.0).hypot(z.im / 2.0);
        return (c(z.re / 4.0 / h / h, -(P12.copysign(-z.im))), Fine);
    }
    if z.re == 1.0 && ay < sqrt_dbl_min() {
        if ay == 0.0 {
            return (c(INF, z.im), Dom);
        }
        let re = -(ay.sqrt() / ay.hypot(2.0).sqrt()).ln();
        let im = (2.0f64.atan2(-ay) / 2.0).copysign(z.im);
        return (c(re, im), Fine);
    }
    let one_minus = 1.0 - z.re;
    let re = (4.0 * z.re / (one_minus * one_minus + ay * ay)).ln_1p() / 4.0;
    let im = -(-2.0 * z.im).atan2(one_minus * (1.0 + z.re) - ay * ay) / 2.0;
    (c(re, im), Fine)
}

fn c_cos(z: C) -> Out {
    c_cosh(c(-z.im, z.re))
}

/// The value of exp/cosh/sinh at (+/-inf) + iy for finite nonzero y: an
/// infinity in the direction of (cos y, sin y).
fn inf_dir(y: f64) -> (f64, f64) {
    (INF.copysign(y.cos()), INF.copysign(y.sin()))
}

fn c_cosh(z: C) -> Out {
    if !z.re.is_finite() || !z.im.is_finite() {
        if z.re.is_infinite() && z.im.is_finite() && z.im != 0.0 {
            let (a, b) = inf_dir(z.im);
            return (c(a, if z.re > 0.0 { b } else { -b }), Fine);
        }
        return special(z, &COSH_SPECIAL).unwrap_or((c(NAN, NAN), Fine));
    }
    let r = if z.re.abs() > log_large() {
        // cosh(x) overflows where cosh(z) may not.
        let x1 = z.re - 1.0f64.copysign(z.re);
        c(
            z.im.cos() * x1.cosh() * std::f64::consts::E,
            z.im.sin() * x1.sinh() * std::f64::consts::E,
        )
    } else {
        c(z.im.cos() * z.re.cosh(), z.im.sin() * z.re.sinh())
    };
    overflow_check(r)
}

fn overflow_check(r: C) -> Out {
    if r.re.is_infinite() || r.im.is_infinite() {
        (r, Range)
    } else {
        (r, Fine)
    }
}

fn c_exp(z: C) -> Out {
    if !z.re.is_finite() || !z.im.is_finite() {
        if z.re.is_infinite() && z.im.is_finite() && z.im != 0.0 {
            let r = if z.re > 0.0 {
                let (a, b) = inf_dir(z.im);
                c(a, b)
            } else {
                c(0.0f64.copysign(z.im.cos()), 0.0f64.copysign(z.im.sin()))
            };
            return (r, Fine);
        }
        return special(z, &EXP_SPECIAL).unwrap_or((c(NAN, NAN), Fine));
    }
    let r = if z.re > log_large() {
        let l = (z.re - 1.0).exp();
        c(
            l * z.im.cos() * std::f64::consts::E,
            l * z.im.sin() * std::f64::consts::E,
        )
    } else {
        let l = z.re.exp();
        c(l * z.im.cos(), l * z.im.sin())
    };
    overflow_check(r)
}

fn c_log(z: C) -> Out {
    if let Some(r) = special(z, &LOG_SPECIAL) {
        return r;
    }
    let ax = z.re.abs();
    let ay = z.im.abs();
    let re = if ax > LARGE || ay > LARGE {
        (ax / 2.0).hypot(ay / 2.0).ln() + LN2
    } else if ax < f64::MIN_POSITIVE && ay < f64::MIN_POSITIVE {
        if ax > 0.0 || ay > 0.0 {
            // hypot(ax, ay) would be subnormal: scale by 2^53.
            (ax * SCALE_UP).hypot(ay * SCALE_UP).ln() - 53.0 * LN2
        } else {
            // log(+/-0 +/- 0i)
            return (c(-INF, z.im.atan2(z.re)), Dom);
        }
    } else {
        let h = ax.hypot(ay);
        if (0.71..=1.73).contains(&h) {
            let (am, an) = if ax > ay { (ax, ay) } else { (ay, ax) };
            ((am - 1.0) * (am + 1.0) + an * an).ln_1p() / 2.0
        } else {
            h.ln()
        }
    };
    (c(re, z.im.atan2(z.re)), Fine)
}

fn c_log10(z: C) -> Out {
    let (r, e) = c_log(z);
    (c(r.re / LN10, r.im / LN10), e)
}

fn c_sin(z: C) -> Out {
    via_i(z, c_sinh)
}

fn c_sinh(z: C) -> Out {
    if !z.re.is_finite() || !z.im.is_finite() {
        if z.re.is_infinite() && z.im.is_finite() && z.im != 0.0 {
            let (a, b) = inf_dir(z.im);
            return (c(if z.re > 0.0 { a } else { -a }, b), Fine);
        }
        return special(z, &SINH_SPECIAL).unwrap_or((c(NAN, NAN), Fine));
    }
    let r = if z.re.abs() > log_large() {
        let x1 = z.re - 1.0f64.copysign(z.re);
        c(
            z.im.cos() * x1.sinh() * std::f64::consts::E,
            z.im.sin() * x1.cosh() * std::f64::consts::E,
        )
    } else {
        c(z.im.cos() * z.re.sinh(), z.im.sin() * z.re.cosh())
    };
    overflow_check(r)
}

fn c_tan(z: C) -> Out {
    via_i(z, c_tanh)
}

fn c_tanh(z: C) -> Out {
    if !z.re.is_finite() || !z.im.is_finite() {
        if z.re.is_infinite() && z.im.is_finite() && z.im != 0.0 {
            let im = 0.0f64.copysign(2.0 * z.im.sin() * z.im.cos());
            return (c(if z.re > 0.0 { 1.0 } else { -1.0 }, im), Fine);
        }
        return special(z, &TANH_SPECIAL).unwrap_or((c(NAN, NAN), Fine));
    }
    if z.re.abs() > log_large() {
        let im = 4.0 * z.im.sin() * z.im.cos() * (-2.0 * z.re.abs()).exp();
        return (c(1.0f64.copysign(z.re), im), Fine);
    }
    let tx = z.re.tanh();
    let ty = z.im.tan();
    let cx = 1.0 / z.re.cosh();
    let txty = tx * ty;
    let denom = 1.0 + txty * txty;
    (
        c(tx * (1.0 + ty * ty) / denom, ((ty / denom) * cx) * cx),
        Fine,
    )
}

/// `rect(r, phi)`.
fn c_rect(r: f64, phi: f64) -> Out {
    if !r.is_finite() || !phi.is_finite() {
        if r.is_infinite() && phi.is_finite() && phi != 0.0 {
            let (a, b) = inf_dir(phi);
            let z = if r > 0.0 { c(a, b) } else { c(-a, -b) };
            return (z, Fine);
        }
        return special(c(r, phi), &RECT_SPECIAL).unwrap_or((c(NAN, NAN), Fine));
    }
    if phi == 0.0 {
        return (c(r, r * phi), Fine);
    }
    (c(r * phi.cos(), r * phi.sin()), Fine)
}

/// The argument of `z` with C99's rules for infinities and zeros, and
/// Range where glibc's `atan2` reports underflow (a zero result from a
/// nonzero y and a finite x), which `phase` turns into OverflowError.
fn c_phase(z: C) -> (f64, Errno) {
    let phi = phase_value(z);
    if phi == 0.0 && z.im != 0.0 && z.re.is_finite() && z.im.is_finite() {
        return (phi, Range);
    }
    (phi, Fine)
}

fn phase_value(z: C) -> f64 {
    if z.re.is_nan() || z.im.is_nan() {
        return NAN;
    }
    if z.im.is_infinite() {
        if z.re.is_infinite() {
            return if z.re.is_sign_positive() {
                (0.25 * PI).copysign(z.im)
            } else {
                (0.75 * PI).copysign(z.im)
            };
        }
        return (0.5 * PI).copysign(z.im);
    }
    if z.re.is_infinite() || z.im == 0.0 {
        return if z.re.is_sign_positive() {
            0.0f64.copysign(z.im)
        } else {
            PI.copysign(z.im)
        };
    }
    z.im.atan2(z.re)
}

/// |z|: an infinite part makes it infinite even beside a NaN; Range when
/// hypot overflows.
fn c_abs(z: C) -> (f64, Errno) {
    if !z.re.is_finite() || !z.im.is_finite() {
        if z.re.is_infinite() {
            return (z.re.abs(), Fine);
        }
        if z.im.is_infinite() {
            return (z.im.abs(), Fine);
        }
        return (NAN, Fine);
    }
    let h = z.re.hypot(z.im);
    (h, if h.is_finite() { Fine } else { Range })
}

/// Complex division by Smith's method, Dom for a zero divisor (the
/// quotient is then 0).
fn c_quot(a: C, b: C) -> (C, Option<Errno>) {
    let abs_re = b.re.abs();
    let abs_im = b.im.abs();
    if abs_re >= abs_im {
        if abs_re == 0.0 {
            return (c(0.0, 0.0), Some(Dom));
        }
        let ratio = b.im / b.re;
        let denom = b.re + b.im * ratio;
        (
            c((a.re + a.im * ratio) / denom, (a.im - a.re * ratio) / denom),
            None,
        )
    } else if abs_im >= abs_re {
        let ratio = b.re / b.im;
        let denom = b.re * ratio + b.im;
        (
            c((a.re * ratio + a.im) / denom, (a.im * ratio - a.re) / denom),
            None,
        )
    } else {
        (c(NAN, NAN), None)
    }
}

// ---- the Python functions ----

/// `PyComplex_AsCComplex`: complex (and subclasses) as they are, else
/// `__complex__`, else a real number.
fn arg(vm: &mut Vm, v: &Value) -> PyResult<C> {
    if let Some(z) = downcast::<ComplexData>(v) {
        return Ok(c(z.re, z.im));
    }
    if let Some(x) = v.as_f64() {
        return Ok(c(x, 0.0));
    }
    if v.as_i64().is_none() {
        if let Some(r) = vm.call_special(v, "__complex__", &[])? {
            return match downcast::<ComplexData>(&r) {
                Some(z) => Ok(c(z.re, z.im)),
                None => Err(vm.type_error(format!(
                    "__complex__ returned non-complex (type {})",
                    r.type_of().name()
                ))),
            };
        }
    }
    Ok(c(real(vm, v)?, 0.0))
}

fn result(vm: &mut Vm, (z, e): Out) -> PyResult<Value> {
    match e {
        Fine => Ok(vm.new_complex(z.re, z.im)),
        Dom => Err(vm.value_error("math domain error")),
        Range => Err(vm.overflow_error("math range error")),
    }
}

fn one<'a>(vm: &mut Vm, a: &Args<'a>, name: &str) -> PyResult<C> {
    vm.check_args(&format!("cmath.{}", name), a, 1, 1)?;
    arg(vm, &a.args[0])
}

macro_rules! unary {
    ($($fname:ident => $name:literal, $f:path;)*) => {$(
        fn $fname(vm: &mut Vm, a: Args) -> PyResult<Value> {
            let z = one(vm, &a, $name)?;
            result(vm, $f(z))
        }
    )*};
}

unary! {
    m_acos => "acos", c_acos;
    m_acosh => "acosh", c_acosh;
    m_asin => "asin", c_asin;
    m_asinh => "asinh", c_asinh;
    m_atan => "atan", c_atan;
    m_atanh => "atanh", c_atanh;
    m_cos => "cos", c_cos;
    m_cosh => "cosh", c_cosh;
    m_exp => "exp", c_exp;
    m_log10 => "log10", c_log10;
    m_sin => "sin", c_sin;
    m_sinh => "sinh", c_sinh;
    m_sqrt => "sqrt", c_sqrt;
    m_tan => "tan", c_tan;
    m_tanh => "tanh", c_tanh;
}

fn no_kwargs(vm: &mut Vm, a: &Args, name: &str) -> PyResult<()> {
    if a.has_kwargs() {
        return Err(vm.type_error(format!("cmath.{}() takes no keyword arguments", name)));
    }
    Ok(())
}

/// `log(x, base=e, /)`. As in CPython, errno is the last logarithm's (or
/// the division's): `log(0, 2)` is `-inf+nanj`, not an error.
fn m_log(vm: &mut Vm, a: Args) -> PyResult<Value> {
    no_kwargs(vm, &a, "log")?;
    vm.check_args("log", &a, 1, 2)?;
    let x = arg(vm, &a.args[0])?;
    let (lx, mut e) = c_log(x);
    let mut r = lx;
    if let Some(b) = a.args.get(1) {
        let y = arg(vm, b)?;
        let (ly, ey) = c_log(y);
        let (q, eq) = c_quot(lx, ly);
        r = q;
        e = eq.unwrap_or(ey);
    }
    result(vm, (r, e))
}

fn m_phase(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let z = one(vm, &a, "phase")?;
    match c_phase(z) {
        (phi, Fine) => Ok(Value::from_f64(phi)),
        _ => Err(vm.overflow_error("math range error")),
    }
}

fn m_polar(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let z = one(vm, &a, "polar")?;
    // atan2's errno is overwritten by |z|'s here.
    let phi = phase_value(z);
    let (r, e) = c_abs(z);
    if e == Range {
        return Err(vm.overflow_error("math range error"));
    }
    Ok(vm.new_tuple(vec![Value::from_f64(r), Value::from_f64(phi)]))
}

fn m_rect(vm: &mut Vm, a: Args) -> PyResult<Value> {
    no_kwargs(vm, &a, "rect")?;
    vm.check_args("rect", &a, 2, 2)?;
    let r = real(vm, &a.args[0])?;
    let phi = real(vm, &a.args[1])?;
    result(vm, c_rect(r, phi))
}

fn m_isfinite(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let z = one(vm, &a, "isfinite")?;
    Ok(Value::from_bool(z.re.is_finite() && z.im.is_finite()))
}

fn m_isinf(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let z = one(vm, &a, "isinf")?;
    Ok(Value::from_bool(z.re.is_infinite() || z.im.is_infinite()))
}

fn m_isnan(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let z = one(vm, &a, "isnan")?;
    Ok(Value::from_bool(z.re.is_nan() || z.im.is_nan()))
}

/// `isclose(a, b, *, rel_tol=1e-09, abs_tol=0.0)`, with the argument
/// clinic's messages.
fn m_isclose(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let pos = a.pos();
    if pos.len() > 2 {
        return Err(vm.type_error(format!(
            "isclose() takes exactly 2 positional arguments ({} given)",
            pos.len()
        )));
    }
    let names = ["a", "b"];
    let mut ab: [Option<&Value>; 2] = [pos.first(), pos.get(1)];
    let mut used = 0;
    for (i, slot) in ab.iter_mut().enumerate() {
        if slot.is_none() {
            *slot = a.kw(names[i]);
            if slot.is_none() {
                return Err(vm.type_error(format!(
                    "isclose() missing required argument '{}' (pos {})",
                    names[i],
                    i + 1
                )));
            }
            used += 1;
        }
    }
    let rel = a.kw("rel_tol");
    let abs = a.kw("abs_tol");
    used += rel.is_some() as usize + abs.is_some() as usize;
    if used < a.kwnames.len() {
        for (k, _) in a.kwargs() {
            match names.iter().position(|n| *n == k) {
                Some(i) if i < pos.len() => {
                    return Err(vm.type_error(format!(
                        "argument for isclose() given by name ('{}') and position ({})",
                        k,
                        i + 1
                    )))
                }
                Some(_) => {}
                None if k == "rel_tol" || k == "abs_tol" => {}
                None => {
                    return Err(vm.type_error(format!(
                        "'{}' is an invalid keyword argument for isclose()",
                        k
                    )))
                }
            }
        }
    }
    let (Some(x), Some(y)) = (ab[0], ab[1]) else {
        return Err(vm.type_error("isclose() missing required argument 'a' (pos 1)"));
    };
    let x = arg(vm, x)?;
    let y = arg(vm, y)?;
    let rel = match rel {
        Some(v) => real(vm, v)?,
        None => 1e-9,
    };
    let abs = match abs {
        Some(v) => real(vm, v)?,
        None => 0.0,
    };
    if rel < 0.0 || abs < 0.0 {
        return Err(vm.value_error("tolerances must be non-negative"));
    }
    if x.re == y.re && x.im == y.im {
        return Ok(Value::from_bool(true));
    }
    if x.re.is_infinite() || x.im.is_infinite() || y.re.is_infinite() || y.im.is_infinite() {
        return Ok(Value::from_bool(false));
    }
    let diff = c_abs(c(x.re - y.re, x.im - y.im)).0;
    let close = diff <= rel * c_abs(y).0 || diff <= rel * c_abs(x).0 || diff <= abs;
    Ok(Value::from_bool(close))
}

pub fn init(vm: &mut Vm) -> PyResult<Value> {
    let m = vm.new_module("cmath")?;
    let fns: &[(&'static str, NativeFn)] = &[
        ("acos", m_acos),
        ("acosh", m_acosh),
        ("asin", m_asin),
        ("asinh", m_asinh),
        ("atan", m_atan),
        ("atanh", m_atanh),
        ("cos", m_cos),
        ("cosh", m_cosh),
        ("exp", m_exp),
        ("isclose", m_isclose),
        ("isfinite", m_isfinite),
        ("isinf", m_isinf),
        ("isnan", m_isnan),
        ("log", m_log),
        ("log10", m_log10),
        ("phase", m_phase),
        ("polar", m_polar),
        ("rect", m_rect),
        ("sin", m_sin),
        ("sinh", m_sinh),
        ("sqrt", m_sqrt),
        ("tan", m_tan),
        ("tanh", m_tanh),
    ];
    crate::modules::add_functions(vm, &m, "cmath", fns)?;
    let set = |vm: &mut Vm, name: &str, v: Value| crate::modules::set_attr(vm, &m, name, v);
    set(vm, "pi", Value::float(PI))?;
    set(vm, "e", Value::float(std::f64::consts::E))?;
    set(vm, "tau", Value::float(std::f64::consts::TAU))?;
    set(vm, "inf", Value::float(INF))?;
    let infj = vm.new_complex(0.0, INF);
    set(vm, "infj", infj)?;
    set(vm, "nan", Value::float(NAN))?;
    let nanj = vm.new_complex(0.0, NAN);
    set(vm, "nanj", nanj)?;
    Ok(m)
}
