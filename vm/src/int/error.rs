//! The exceptions `int` operations raise.
//!
//! `format::FormatError` has no ZeroDivisionError (formatting never divides),
//! and `format/` belongs to another part of the VM, so ints carry their own
//! small error type; it converts into `FormatError` where the kinds overlap.

use std::fmt;

use crate::format::{ErrorKind, FormatError};

/// The Python exception class an `int` operation raises.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IntErrorKind {
    ZeroDivisionError,
    ValueError,
    OverflowError,
    TypeError,
    MemoryError,
}

impl IntErrorKind {
    /// The exception's class name, as Python spells it.
    pub fn name(self) -> &'static str {
        match self {
            IntErrorKind::ZeroDivisionError => "ZeroDivisionError",
            IntErrorKind::ValueError => "ValueError",
            IntErrorKind::OverflowError => "OverflowError",
            IntErrorKind::TypeError => "TypeError",
            IntErrorKind::MemoryError => "MemoryError",
        }
    }
}

/// An exception to raise: its class and CPython's message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IntError {
    pub kind: IntErrorKind,
    pub message: String,
}

impl IntError {
    pub fn new(kind: IntErrorKind, message: impl Into<String>) -> IntError {
        IntError {
            kind,
            message: message.into(),
        }
    }
    pub fn zero_division(message: impl Into<String>) -> IntError {
        IntError::new(IntErrorKind::ZeroDivisionError, message)
    }
    pub fn value(message: impl Into<String>) -> IntError {
        IntError::new(IntErrorKind::ValueError, message)
    }
    pub fn overflow(message: impl Into<String>) -> IntError {
        IntError::new(IntErrorKind::OverflowError, message)
    }
    /// A result too big to build (see [`super::MAX_BITS`]): CPython's own
    /// message for a shift or power it refuses to attempt.
    pub fn too_big() -> IntError {
        IntError::overflow("too many digits in integer")
    }
}

impl fmt::Display for IntError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind.name(), self.message)
    }
}

impl std::error::Error for IntError {}

impl From<FormatError> for IntError {
    fn from(e: FormatError) -> IntError {
        let kind = match e.kind {
            ErrorKind::ValueError => IntErrorKind::ValueError,
            ErrorKind::TypeError => IntErrorKind::TypeError,
            ErrorKind::OverflowError => IntErrorKind::OverflowError,
        };
        IntError::new(kind, e.message)
    }
}
