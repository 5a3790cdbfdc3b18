//! CPython 3.11's numeric semantics for `float`, `complex` and the `math`
//! module, as pure functions over `f64`, `(f64, f64)` and [`Int`]: no
//! objects, so the VM's type slots and native `math` module only convert
//! arguments and wrap results.
//!
//! Files, one concern each:
//! - [`parse`]: `float(str)` and `complex(str)` (Unicode digits and spaces,
//!   underscores, `inf`/`nan` spellings, CPython's exact error messages).
//! - [`float`]: `% // divmod / **` on floats, `hex`/`fromhex`,
//!   `as_integer_ratio`, `is_integer`, float <-> int conversion, `hash`,
//!   exact int/float comparison.
//! - [`complex`]: `/`, `**` (with the small-integer-exponent path), `abs`,
//!   `hash` of complex numbers.
//! - [`math`]: the float functions of `math` with `mathmodule.c`'s special
//!   values and errno rules (`math_1`, `math_2`, `is_error`), its own
//!   `gamma`, `lgamma`, `hypot`, `fsum`, `remainder`.
//! - [`intmath`]: the integer functions of `math` (`factorial`, `gcd`,
//!   `lcm`, `isqrt`, `comb`, `perm`).
//!
//! Every fallible function returns [`NumError`]: the Python exception class
//! and CPython's exact message. `round()` lives in `format::round_float`.
//!
//! Transcendental functions call the platform C library, as CPython does,
//! so that results are bit-identical with the CPython built against the same
//! libm (glibc on Linux). Rust's own `asinh`/`acosh`/`atanh` are not
//! libm's and `erf`/`erfc` are not in `std`, so those come straight from
//! libm too; Rust links its own correctly rounded `cbrt` over libm's, so
//! glibc's `cbrt` is ported (`math::libm`).

pub mod complex;
pub mod float;
pub mod intmath;
pub mod math;
pub mod parse;

use std::fmt;

use crate::int::{Int, IntError, IntErrorKind};

pub use complex::Complex;
pub use float::FloatPow;
pub use parse::{parse_complex, parse_float};

/// The Python exception class a numeric operation raises.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumErrorKind {
    ValueError,
    OverflowError,
    ZeroDivisionError,
    TypeError,
    /// Only from `Int` operations refusing absurd sizes.
    MemoryError,
}

impl NumErrorKind {
    /// The exception's class name, as Python spells it.
    pub fn name(self) -> &'static str {
        match self {
            NumErrorKind::ValueError => "ValueError",
            NumErrorKind::OverflowError => "OverflowError",
            NumErrorKind::ZeroDivisionError => "ZeroDivisionError",
            NumErrorKind::TypeError => "TypeError",
            NumErrorKind::MemoryError => "MemoryError",
        }
    }
}

/// An exception to raise: its class and CPython's message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NumError {
    pub kind: NumErrorKind,
    pub message: String,
}

impl NumError {
    pub fn new(kind: NumErrorKind, message: impl Into<String>) -> NumError {
        NumError {
            kind,
            message: message.into(),
        }
    }
    pub fn value(message: impl Into<String>) -> NumError {
        NumError::new(NumErrorKind::ValueError, message)
    }
    pub fn overflow(message: impl Into<String>) -> NumError {
        NumError::new(NumErrorKind::OverflowError, message)
    }
    pub fn zero_division(message: impl Into<String>) -> NumError {
        NumError::new(NumErrorKind::ZeroDivisionError, message)
    }
    pub fn type_error(message: impl Into<String>) -> NumError {
        NumError::new(NumErrorKind::TypeError, message)
    }
    /// ValueError "math domain error".
    pub fn domain() -> NumError {
        NumError::value("math domain error")
    }
    /// OverflowError "math range error".
    pub fn range() -> NumError {
        NumError::overflow("math range error")
    }
}

impl fmt::Display for NumError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind.name(), self.message)
    }
}

impl std::error::Error for NumError {}

impl From<IntError> for NumError {
    fn from(e: IntError) -> NumError {
        let kind = match e.kind {
            IntErrorKind::ZeroDivisionError => NumErrorKind::ZeroDivisionError,
            IntErrorKind::ValueError => NumErrorKind::ValueError,
            IntErrorKind::OverflowError => NumErrorKind::OverflowError,
            IntErrorKind::TypeError => NumErrorKind::TypeError,
            IntErrorKind::MemoryError => NumErrorKind::MemoryError,
        };
        NumError::new(kind, e.message)
    }
}

/// A real argument that CPython treats exactly when it is an int (the
/// `log` family, `floor`, `ceil`): `math.log(10**1000)` works although the
/// int has no float value.
#[derive(Clone, Copy, Debug)]
pub enum Real<'a> {
    Float(f64),
    Int(&'a Int),
}

/// `x * 2^n`, correctly rounded (musl's `scalbn`): exact whenever the result
/// is representable; one rounding, never two, in the subnormal range.
pub fn ldexp(mut x: f64, n: i64) -> f64 {
    let mut n = n.clamp(-100_000, 100_000) as i32;
    let p1023 = f64::from_bits(0x7fe0_0000_0000_0000); // 2^1023
    let pm969 = f64::from_bits(0x0360_0000_0000_0000); // 2^-1022 * 2^53
    if n > 1023 {
        x *= p1023;
        n -= 1023;
        if n > 1023 {
            x *= p1023;
            n -= 1023;
            if n > 1023 {
                n = 1023;
            }
        }
    } else if n < -1022 {
        // Keep the final n below -53 so the last step rounds only once.
        x *= pm969;
        n += 1022 - 53;
        if n < -1022 {
            x *= pm969;
            n += 1022 - 53;
            if n < -1022 {
                n = -1022;
            }
        }
    }
    x * f64::from_bits(((0x3ff + n) as u64) << 52)
}

/// C's `frexp`: `(m, e)` with `x == m * 2^e` and `0.5 <= |m| < 1`; zeros,
/// infinities and NaNs come back unchanged with `e == 0`.
pub fn frexp(x: f64) -> (f64, i64) {
    if x == 0.0 || !x.is_finite() {
        return (x, 0);
    }
    let bits = x.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i64;
    if biased == 0 {
        // Subnormal: scale into the normal range first (exact).
        let (m, e) = frexp(x * f64::from_bits(0x43f0_0000_0000_0000)); // 2^64
        return (m, e - 64);
    }
    let m = f64::from_bits((bits & !(0x7ff << 52)) | (0x3fe << 52));
    (m, biased - 0x3fe)
}
