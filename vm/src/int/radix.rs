//! Ints to text: `str()`, `bin()`, `oct()`, `hex()`, and the
//! `format::FormatInt` implementation that lets `format()` and `%` handle
//! ints of any size.

use dashu_int::ops::UnsignedAbs;

use super::{Int, IntError};
use crate::format::FormatInt;

fn limit_error(max_str_digits: usize) -> IntError {
    IntError::value(format!(
        "Exceeds the limit ({} digits) for integer string conversion; \
         use sys.set_int_max_str_digits() to increase the limit",
        max_str_digits
    ))
}

impl Int {
    /// `str(n)`: decimal, refusing more than `max_str_digits` digits (0: no
    /// limit) like CPython 3.11.
    pub fn to_decimal(&self, max_str_digits: usize) -> Result<String, IntError> {
        match self {
            Int::Small(s) => Ok(s.to_string()),
            Int::Big(b) => {
                if max_str_digits > 0 {
                    // bits * log10(2) - 1 digits at least: refuse hopeless
                    // cases before the (superlinear) conversion.
                    let bits = self.bit_length_u64() as f64;
                    if bits * std::f64::consts::LOG10_2 - 1.0 > max_str_digits as f64 {
                        return Err(limit_error(max_str_digits));
                    }
                }
                let s = b.to_string();
                let digits = s.len() - usize::from(s.starts_with('-'));
                if max_str_digits > 0 && digits > max_str_digits {
                    return Err(limit_error(max_str_digits));
                }
                Ok(s)
            }
        }
    }

    /// Digits of `abs(self)` in base 2, 8, 10 or 16 (lower case), no limit.
    fn magnitude_in(&self, base: u32) -> String {
        match self {
            Int::Small(s) => {
                let m = s.unsigned_abs();
                match base {
                    2 => format!("{:b}", m),
                    8 => format!("{:o}", m),
                    16 => format!("{:x}", m),
                    _ => m.to_string(),
                }
            }
            Int::Big(b) => {
                let m = b.unsigned_abs();
                match base {
                    2 => format!("{:b}", m),
                    8 => format!("{:o}", m),
                    16 => format!("{:x}", m),
                    _ => m.to_string(),
                }
            }
        }
    }

    fn with_prefix(&self, prefix: &str, base: u32) -> String {
        let sign = if self.is_negative() { "-" } else { "" };
        format!("{}{}{}", sign, prefix, self.magnitude_in(base))
    }

    /// `bin(n)`: `'0b101'`, `'-0b101'`.
    pub fn to_bin(&self) -> String {
        self.with_prefix("0b", 2)
    }

    /// `oct(n)`: `'0o17'`.
    pub fn to_oct(&self) -> String {
        self.with_prefix("0o", 8)
    }

    /// `hex(n)`: `'0xff'`.
    pub fn to_hex(&self) -> String {
        self.with_prefix("0x", 16)
    }
}

impl FormatInt for Int {
    fn is_negative(&self) -> bool {
        Int::is_negative(self)
    }
    fn magnitude_digits(&self, base: u32) -> String {
        self.magnitude_in(base)
    }
    fn to_f64(&self) -> Option<f64> {
        Int::to_f64(self).ok()
    }
    fn to_i64(&self) -> Option<i64> {
        Int::to_i64(self)
    }
}
