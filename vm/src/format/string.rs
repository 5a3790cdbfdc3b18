//! Strings: `str.__format__` (`format_string_internal` in CPython's
//! `Python/formatter_unicode.c`).

use super::render::pad;
use super::spec::FormatSpec;
use super::{unknown_presentation_type, FormatError};

/// `str.__format__(s, spec)`: fill, alignment, width and precision
/// (truncation); type `s` or none. `type_name` names the object's type in
/// errors.
pub fn format_str(s: &str, spec: &str, type_name: &str) -> Result<String, FormatError> {
    if spec.is_empty() {
        return Ok(s.to_string());
    }
    let spec = FormatSpec::parse_for(spec, type_name)?;
    format_str_spec(s, &spec, type_name)
}

/// [`format_str`] with a parsed spec.
pub fn format_str_spec(s: &str, spec: &FormatSpec, type_name: &str) -> Result<String, FormatError> {
    let format = spec.resolve('s', '<')?;
    if format.ty != 's' {
        return Err(unknown_presentation_type(format.ty, type_name));
    }
    if format.sign != '\0' {
        return Err(FormatError::value(if format.sign == ' ' {
            "Space not allowed in string format specifier"
        } else {
            "Sign not allowed in string format specifier"
        }));
    }
    if format.no_neg_zero {
        return Err(FormatError::value(
            "Negative zero coercion (z) not allowed in string format specifier",
        ));
    }
    if format.alternate {
        return Err(FormatError::value(
            "Alternate form (#) not allowed in string format specifier",
        ));
    }
    if format.align == '=' {
        return Err(FormatError::value(
            "'=' alignment not allowed in string format specifier",
        ));
    }
    let mut len = s.chars().count() as i64;
    let mut body = s;
    if format.precision >= 0 && len >= format.precision {
        len = format.precision;
        body = match s.char_indices().nth(len as usize) {
            Some((i, _)) => &s[..i],
            None => s,
        };
    }
    Ok(pad(body, len, format.width, format.align, format.fill))
}
