//! `complex` arithmetic: CPython 3.11's `complexobject.c` (`_Py_c_quot`,
//! `_Py_c_pow`, `c_powi`, `_Py_c_abs`, `complex_hash`).

use super::float::float_hash;
use super::NumError;

/// A complex number (`Py_complex`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Complex {
    pub re: f64,
    pub im: f64,
}

impl Complex {
    pub const fn new(re: f64, im: f64) -> Complex {
        Complex { re, im }
    }
}

impl std::ops::Add for Complex {
    type Output = Complex;
    fn add(self, b: Complex) -> Complex {
        Complex::new(self.re + b.re, self.im + b.im)
    }
}

impl std::ops::Sub for Complex {
    type Output = Complex;
    fn sub(self, b: Complex) -> Complex {
        Complex::new(self.re - b.re, self.im - b.im)
    }
}

/// `_Py_c_prod`: the schoolbook formula, no special cases.
impl std::ops::Mul for Complex {
    type Output = Complex;
    fn mul(self, b: Complex) -> Complex {
        Complex::new(
            self.re * b.re - self.im * b.im,
            self.re * b.im + self.im * b.re,
        )
    }
}

impl std::ops::Neg for Complex {
    type Output = Complex;
    fn neg(self) -> Complex {
        Complex::new(-self.re, -self.im)
    }
}

/// `_Py_c_quot`: Smith's algorithm; `None` when `b` is zero (errno EDOM).
fn c_quot(a: Complex, b: Complex) -> Option<Complex> {
    let abs_breal = b.re.abs();
    let abs_bimag = b.im.abs();
    if abs_breal >= abs_bimag {
        if abs_breal == 0.0 {
            return None;
        }
        let ratio = b.im / b.re;
        let denom = b.re + b.im * ratio;
        Some(Complex::new(
            (a.re + a.im * ratio) / denom,
            (a.im - a.re * ratio) / denom,
        ))
    } else if abs_bimag >= abs_breal {
        let ratio = b.re / b.im;
        let denom = b.re * ratio + b.im;
        Some(Complex::new(
            (a.re * ratio + a.im) / denom,
            (a.im * ratio - a.re) / denom,
        ))
    } else {
        // A NaN in b.
        Some(Complex::new(f64::NAN, f64::NAN))
    }
}

/// `a / b`. ZeroDivisionError "complex division by zero".
pub fn complex_div(a: Complex, b: Complex) -> Result<Complex, NumError> {
    c_quot(a, b).ok_or_else(|| NumError::zero_division("complex division by zero"))
}

/// errno after a complex power, as far as `complex_pow` looks at it.
#[derive(PartialEq)]
enum Errno {
    Ok,
    Dom,
}

/// `_Py_c_pow`, with the EDOM its libm calls can leave behind (a zero base
/// with a negative or complex exponent; `cos`/`sin` of an infinite phase).
fn c_pow(a: Complex, b: Complex) -> (Complex, Errno) {
    if b.re == 0.0 && b.im == 0.0 {
        return (Complex::new(1.0, 0.0), Errno::Ok);
    }
    if a.re == 0.0 && a.im == 0.0 {
        let e = if b.im != 0.0 || b.re < 0.0 {
            Errno::Dom
        } else {
            Errno::Ok
        };
        return (Complex::new(0.0, 0.0), e);
    }
    let vabs = a.re.hypot(a.im);
    let mut len = vabs.powf(b.re);
    let at = a.im.atan2(a.re);
    let mut phase = at * b.re;
    if b.im != 0.0 {
        len /= (at * b.im).exp();
        phase += b.im * vabs.ln();
    }
    // glibc's sin and cos set EDOM for an infinite argument (errno from
    // the earlier calls is only ever ERANGE, which complex_pow re-derives
    // from the result).
    let e = if phase.is_infinite() {
        Errno::Dom
    } else {
        Errno::Ok
    };
    (Complex::new(len * phase.cos(), len * phase.sin()), e)
}

/// `c_powu`: repeated squaring.
fn c_powu(x: Complex, n: i64) -> Complex {
    let mut r = Complex::new(1.0, 0.0);
    let mut p = x;
    let mut mask: i64 = 1;
    while mask > 0 && n >= mask {
        if n & mask != 0 {
            r = r * p;
        }
        mask <<= 1;
        p = p * p;
    }
    r
}

fn c_powi(x: Complex, n: i64) -> (Complex, Errno) {
    if !(-100..=100).contains(&n) {
        c_pow(x, Complex::new(n as f64, 0.0))
    } else if n > 0 {
        (c_powu(x, n), Errno::Ok)
    } else {
        match c_quot(Complex::new(1.0, 0.0), c_powu(x, -n)) {
            Some(r) => (r, Errno::Ok),
            None => (Complex::new(0.0, 0.0), Errno::Dom),
        }
    }
}

/// `a ** b` (`complex_pow`; a third argument is ValueError "complex modulo",
/// the VM's). ZeroDivisionError "0.0 to a negative or complex power";
/// OverflowError "complex exponentiation".
pub fn complex_pow(a: Complex, b: Complex) -> Result<Complex, NumError> {
    let int_exp = b.re as i64;
    let (p, errno) = if b.im == 0.0 && b.re == int_exp as f64 {
        c_powi(a, int_exp)
    } else {
        c_pow(a, b)
    };
    // _Py_ADJUST_ERANGE2: an infinite part means overflow unless errno is
    // already set; ERANGE with finite parts (underflow) is cleared.
    if errno == Errno::Dom {
        return Err(NumError::zero_division(
            "0.0 to a negative or complex power",
        ));
    }
    if p.re.is_infinite() || p.im.is_infinite() {
        return Err(NumError::overflow("complex exponentiation"));
    }
    Ok(p)
}

/// `abs(z)` (`_Py_c_abs`): an infinite part wins over a NaN.
/// OverflowError "absolute value too large".
pub fn complex_abs(z: Complex) -> Result<f64, NumError> {
    if !z.re.is_finite() || !z.im.is_finite() {
        if z.re.is_infinite() {
            return Ok(z.re.abs());
        }
        if z.im.is_infinite() {
            return Ok(z.im.abs());
        }
        return Ok(f64::NAN);
    }
    let r = z.re.hypot(z.im);
    if r.is_infinite() {
        return Err(NumError::overflow("absolute value too large"));
    }
    Ok(r)
}

/// `hash(z)`: `hash(re) + 1000003 * hash(im)` in wrapping unsigned
/// arithmetic, -1 mapped to -2. A NaN part hashes as `nan_hash`, the
/// object's identity hash in CPython 3.10+.
pub fn complex_hash(z: Complex, nan_hash: i64) -> i64 {
    let hr = float_hash(z.re).unwrap_or(nan_hash) as u64;
    let hi = float_hash(z.im).unwrap_or(nan_hash) as u64;
    let h = hr.wrapping_add(1000003u64.wrapping_mul(hi)) as i64;
    if h == -1 {
        -2
    } else {
        h
    }
}
