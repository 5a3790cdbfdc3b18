//! CPython 3.11's formatting of numbers (and of strings by a format spec),
//! in pure Rust, byte for byte: what `format()`, f-strings, `str.format`,
//! `%`-formatting, `repr`/`str` of floats and complex numbers and `round()`
//! produce, with CPython's error messages.
//!
//! It is a port of the C code that does this in CPython:
//! `Python/formatter_unicode.c` (the format-spec mini-language and its
//! rendering: fill, alignment, sign, `z`, `#`, zero padding, grouping),
//! `Python/pystrtod.c` (`PyOS_double_to_string`: `repr` and the `e f g r`
//! conversions of a double), `Objects/floatobject.c` (`round`),
//! `Objects/complexobject.c` (`repr` of complex) and
//! `Objects/unicodeobject.c` (`PyUnicode_Format`, the `%` operator).
//! Correctly rounded decimal conversion comes from Rust's own float
//! formatting (`{:e}` is shortest round-trip, `{:.N}` and `{:.Ne}` are
//! correctly rounded with ties to even — the same digits as David Gay's
//! `dtoa` that CPython uses).
//!
//! Modules:
//! - [`spec`]: [`FormatSpec::parse`], the mini-language
//!   `[[fill]align][sign][z][#][0][width][grouping][.precision][type]`.
//! - [`float`]: [`float_repr`], [`double_to_string`], [`format_float`],
//!   [`round_float`], [`round_float_to_integral`].
//! - [`int`]: the [`FormatInt`] trait (what an integer must provide: its
//!   sign, digits in a base, conversion to `f64`), implemented for `i64`,
//!   `i128` and [`DecimalInt`]; [`format_int`].
//! - [`complex`]: [`complex_repr`], [`format_complex`].
//! - [`string`]: [`format_str`] (`str.__format__`).
//! - [`percent`]: [`PercentParser`] (splits a `%` format string into
//!   literals and conversion specs) and [`format_percent`] (one conversion).
//!
//! What the VM must supply: the `__format__` dispatch (`format(obj, spec)`
//! calls `type(obj).__format__`; the functions here are the bodies of
//! `int.__format__`, `float.__format__`, `complex.__format__` and
//! `str.__format__` for exact instances — for a subclass with an empty spec
//! CPython returns `str(obj)`, which may be overridden); `bool` goes through
//! `int.__format__` (pass type name `"bool"` for error messages, and note
//! `format(True, "")` is `str(True)` = `'True'`); `__index__`/`__int__`/
//! `__float__` conversions of non-builtin arguments to `%`; `str()`,
//! `repr()` and `ascii()` of `%s %r %a` arguments; taking `*` widths and
//! precisions and mapping keys from the argument tuple or dict; and the
//! errors about arguments ("not enough arguments for format string", "not
//! all arguments converted during string formatting", "format requires a
//! mapping", "* wants int"). The `n` type uses the C locale (CPython's
//! behaviour unless the program calls `locale.setlocale(LC_NUMERIC, ...)`):
//! no grouping, `.` as the decimal point.

pub mod complex;
pub mod float;
pub mod int;
pub mod percent;
pub mod spec;
pub mod string;

mod render;

pub use complex::{complex_repr, format_complex, format_complex_spec};
pub use float::{
    double_to_string, float_repr, float_str, format_float, format_float_spec, round_float,
    round_float_to_integral, FloatType, DTSF_ADD_DOT_0, DTSF_ALT, DTSF_NO_NEG_0, DTSF_SIGN,
};
pub use int::{format_int, format_int_spec, DecimalInt, FormatInt};
pub use percent::{
    format_percent, PercentArg, PercentConversion, PercentCount, PercentFlags, PercentParser,
    PercentPiece,
};
pub use spec::FormatSpec;
pub use string::{format_str, format_str_spec};

use std::fmt;

/// The Python exception class a [`FormatError`] stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    ValueError,
    TypeError,
    OverflowError,
}

impl ErrorKind {
    /// The exception's class name, as Python spells it.
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::ValueError => "ValueError",
            ErrorKind::TypeError => "TypeError",
            ErrorKind::OverflowError => "OverflowError",
        }
    }
}

/// A formatting error: the exception to raise and CPython's message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormatError {
    pub kind: ErrorKind,
    pub message: String,
}

impl FormatError {
    pub fn value(message: impl Into<String>) -> FormatError {
        FormatError {
            kind: ErrorKind::ValueError,
            message: message.into(),
        }
    }
    pub fn type_error(message: impl Into<String>) -> FormatError {
        FormatError {
            kind: ErrorKind::TypeError,
            message: message.into(),
        }
    }
    pub fn overflow(message: impl Into<String>) -> FormatError {
        FormatError {
            kind: ErrorKind::OverflowError,
            message: message.into(),
        }
    }
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind.name(), self.message)
    }
}

impl std::error::Error for FormatError {}

/// `unknown_presentation_type()`: "Unknown format code 'x' for object of
/// type 'float'".
pub(crate) fn unknown_presentation_type(ty: char, type_name: &str) -> FormatError {
    let code = ty as u32;
    if code > 32 && code < 128 {
        FormatError::value(format!(
            "Unknown format code '{}' for object of type '{}'",
            ty,
            truncate_name(type_name)
        ))
    } else {
        FormatError::value(format!(
            "Unknown format code '\\x{:x}' for object of type '{}'",
            code,
            truncate_name(type_name)
        ))
    }
}

/// `%.200s` of a type name.
pub(crate) fn truncate_name(name: &str) -> &str {
    match name.char_indices().nth(200) {
        Some((i, _)) => &name[..i],
        None => name,
    }
}
