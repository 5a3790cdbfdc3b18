//! Python's `int`: arbitrary precision with CPython 3.11's exact results.
//!
//! [`Int`] is either an `i64` or a `dashu_int::IBig` (the crate chosen in
//! `bigint_choice.md`), always normalised: a value that fits in an `i64` is
//! `Small`, so equality can compare variants structurally and the common case
//! never touches the big-int crate. Every operation tries checked `i64`
//! arithmetic first and falls back to `IBig` on overflow.
//!
//! Files, one concern each:
//! - [`error`]: the exception type (`IntError`).
//! - `arith`: `+ - * // % divmod`, negation, `abs`, `**` (a float for
//!   negative exponents, `pow_float`) and 3-argument `pow`.
//! - `bits`: shifts, `& | ^ ~`, `bit_length`.
//! - `convert`: to and from `f64`, true division, `hash`.
//! - `parse`: `int(str, base)`, Unicode digits and whitespace included.
//! - `radix`: `str()`, `bin()`, `oct()`, `hex()` and the `FormatInt` impl.
//!
//! Limits: results wider than [`MAX_BITS`] bits are refused with
//! OverflowError "too many digits in integer" instead of trying to allocate
//! them (CPython raises MemoryError or that OverflowError, depending on how
//! far past its own limits the request is).

mod arith;
mod bits;
mod convert;
pub mod error;
mod parse;
mod radix;

use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt;

use dashu_int::IBig;

pub use error::{IntError, IntErrorKind};
pub use parse::parse_int;

/// The widest result an operation will build: 2^34 bits is a 2 GiB integer,
/// far beyond anything a program can use, yet small enough that asking for it
/// fails fast instead of exhausting memory.
pub const MAX_BITS: u64 = 1 << 34;

/// CPython's default `sys.get_int_max_str_digits()`: decimal conversions of
/// more digits than this raise ValueError (0 means no limit).
pub const DEFAULT_MAX_STR_DIGITS: usize = 4300;

/// A Python `int`.
#[derive(Clone, PartialEq, Eq, Hash)]
pub enum Int {
    /// Every value in `i64` range.
    Small(i64),
    /// Only values outside `i64` range (the invariant `Int::from_ibig`
    /// keeps).
    Big(IBig),
}

impl Int {
    pub const ZERO: Int = Int::Small(0);

    /// The normalised `Int` for `v`.
    pub fn from_ibig(v: IBig) -> Int {
        match i64::try_from(&v) {
            Ok(s) => Int::Small(s),
            Err(_) => Int::Big(v),
        }
    }

    pub fn from_i128(v: i128) -> Int {
        match i64::try_from(v) {
            Ok(s) => Int::Small(s),
            Err(_) => Int::Big(IBig::from(v)),
        }
    }

    /// The value as an `IBig`, borrowed when it already is one: the big
    /// paths of binary operations use this so that operands are not copied.
    pub(crate) fn as_ibig(&self) -> Cow<'_, IBig> {
        match self {
            Int::Small(s) => Cow::Owned(IBig::from(*s)),
            Int::Big(b) => Cow::Borrowed(b),
        }
    }

    /// The value as an owned `IBig`.
    pub fn to_ibig(&self) -> IBig {
        match self {
            Int::Small(s) => IBig::from(*s),
            Int::Big(b) => b.clone(),
        }
    }

    pub fn to_i64(&self) -> Option<i64> {
        match self {
            Int::Small(s) => Some(*s),
            Int::Big(_) => None,
        }
    }

    pub fn is_zero(&self) -> bool {
        matches!(self, Int::Small(0))
    }

    pub fn is_negative(&self) -> bool {
        match self {
            Int::Small(s) => *s < 0,
            Int::Big(b) => *b < IBig::ZERO,
        }
    }

    /// -1, 0 or 1.
    pub fn signum(&self) -> i32 {
        match self {
            Int::Small(s) => s.signum() as i32,
            Int::Big(b) => {
                if *b < IBig::ZERO {
                    -1
                } else {
                    1
                }
            }
        }
    }

    /// Python's comparison (`<`, `==`, ... all follow from it).
    pub fn compare(&self, other: &Int) -> Ordering {
        match (self, other) {
            (Int::Small(a), Int::Small(b)) => a.cmp(b),
            // Normalisation: a Big is beyond every Small on its own side.
            (Int::Small(_), Int::Big(b)) => {
                if *b < IBig::ZERO {
                    Ordering::Greater
                } else {
                    Ordering::Less
                }
            }
            (Int::Big(a), Int::Small(_)) => {
                if *a < IBig::ZERO {
                    Ordering::Less
                } else {
                    Ordering::Greater
                }
            }
            (Int::Big(a), Int::Big(b)) => a.cmp(b),
        }
    }
}

impl PartialOrd for Int {
    fn partial_cmp(&self, other: &Int) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Int {
    fn cmp(&self, other: &Int) -> Ordering {
        self.compare(other)
    }
}

impl From<i64> for Int {
    fn from(v: i64) -> Int {
        Int::Small(v)
    }
}

impl From<i32> for Int {
    fn from(v: i32) -> Int {
        Int::Small(v as i64)
    }
}

impl From<u64> for Int {
    fn from(v: u64) -> Int {
        Int::from_i128(v as i128)
    }
}

impl From<i128> for Int {
    fn from(v: i128) -> Int {
        Int::from_i128(v)
    }
}

impl From<IBig> for Int {
    fn from(v: IBig) -> Int {
        Int::from_ibig(v)
    }
}

/// Decimal, without the `str()` digit limit (Rust-side display and debugging
/// must not fail).
impl fmt::Display for Int {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Int::Small(s) => write!(f, "{}", s),
            Int::Big(b) => write!(f, "{}", b),
        }
    }
}

impl fmt::Debug for Int {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}
