//! `memoryview` (basic).

use crate::value::Value;

/// The bytes viewed by a memoryview, if `v` is one.
pub fn bytes_of(_v: &Value) -> Option<Vec<u8>> {
    None
}
