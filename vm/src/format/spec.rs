//! The format-spec mini-language (`parse_internal_render_format_spec` in
//! CPython's `Python/formatter_unicode.c`):
//!
//! ```text
//! [[fill]align][sign][z][#][0][width][grouping_option][.precision][type]
//! ```

use super::FormatError;

/// A parsed format spec. Fields hold what the spec says; the defaults that
/// depend on the type being formatted (`'<'` for strings, `'>'` for numbers,
/// the default presentation type) are applied by the formatters.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FormatSpec {
    /// The fill character, if one was given before an alignment.
    pub fill: Option<char>,
    /// `'<'`, `'>'`, `'='` or `'^'`, if given.
    pub align: Option<char>,
    /// `'+'`, `'-'` or `' '`, if given.
    pub sign: Option<char>,
    /// `z`: coerce negative zero to zero (3.11).
    pub no_neg_zero: bool,
    /// `#`: alternate form.
    pub alternate: bool,
    /// The `0` before the width (zero padding), when no fill was given.
    pub zero_pad: bool,
    pub width: Option<usize>,
    /// `','` or `'_'`.
    pub grouping: Option<char>,
    pub precision: Option<usize>,
    /// The presentation type, if given.
    pub ty: Option<char>,
}

/// Which thousands separator to use (CPython's `LocaleType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Grouping {
    None,
    /// `,` every three digits.
    Comma,
    /// `_` every three digits.
    Underscore,
    /// `_` every four digits (b, o, x, X).
    UnderscoreFour,
    /// The `n` type: the current locale (the C locale: no grouping).
    Locale,
}

impl Grouping {
    /// (digits per group (0: no grouping), separator)
    pub(crate) fn info(self) -> (usize, char) {
        match self {
            Grouping::None | Grouping::Locale => (0, ','),
            Grouping::Comma => (3, ','),
            Grouping::Underscore => (3, '_'),
            Grouping::UnderscoreFour => (4, '_'),
        }
    }
}

/// A spec with the type's defaults applied (CPython's `InternalFormatSpec`).
#[derive(Clone, Debug)]
pub(crate) struct Resolved {
    pub fill: char,
    pub align: char,
    /// `'\0'` when not given.
    pub sign: char,
    pub no_neg_zero: bool,
    pub alternate: bool,
    /// -1 when not given.
    pub width: i64,
    pub grouping: Grouping,
    /// -1 when not given.
    pub precision: i64,
    /// `'\0'` for "none" (floats and complex).
    pub ty: char,
}

fn is_alignment_token(c: char) -> bool {
    matches!(c, '<' | '>' | '=' | '^')
}

/// `get_integer()`: parse decimal digits at `*pos`; returns how many were
/// consumed.
fn get_integer(chars: &[char], pos: &mut usize) -> Result<(usize, i64), FormatError> {
    let mut acc: i64 = 0;
    let mut consumed = 0;
    while let Some(&c) = chars.get(*pos) {
        let Some(d) = decimal_value(c) else { break };
        let d = d as i64;
        if acc > (i64::MAX - d) / 10 {
            return Err(FormatError::value(
                "Too many decimal digits in format string",
            ));
        }
        acc = acc * 10 + d;
        *pos += 1;
        consumed += 1;
    }
    Ok((consumed, acc))
}

/// `Py_UNICODE_TODECIMAL`: ASCII digits and the other common Unicode decimal
/// digit blocks (every Nd block is a run of ten from a zero).
fn decimal_value(c: char) -> Option<u32> {
    const ZEROS: &[u32] = &[
        0x30, 0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66,
        0xDE6, 0xE50, 0xED0, 0xF20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90,
        0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0,
        0xFF10, 0x104A0, 0x11066, 0x110F0, 0x11136, 0x111D0, 0x112F0, 0x114D0, 0x11650, 0x116C0,
        0x11730, 0x118E0, 0x16A60, 0x16B50, 0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6, 0x1E950,
    ];
    let u = c as u32;
    if u < 0x80 {
        return c.to_digit(10);
    }
    ZEROS
        .iter()
        .find(|&&z| u >= z && u < z + 10)
        .map(|&z| u - z)
}

impl FormatSpec {
    /// Parse a format spec as CPython 3.11 does, with its errors: "Invalid
    /// format specifier '...' for object of type '...'" (the type is filled
    /// in by the formatters; see [`FormatSpec::parse_for`]), "Format
    /// specifier missing precision", "Cannot specify both ',' and '_'.",
    /// "Cannot specify ',' with 'x'.", "Too many decimal digits in format
    /// string".
    pub fn parse(spec: &str) -> Result<FormatSpec, FormatError> {
        Self::parse_for(spec, "object")
    }

    /// [`FormatSpec::parse`], naming `type_name` in the "Invalid format
    /// specifier" message.
    pub fn parse_for(spec: &str, type_name: &str) -> Result<FormatSpec, FormatError> {
        // Specs are short: their characters on the stack, not the heap
        // (a spec of at most 24 bytes has at most 24 characters).
        let mut buf = ['\0'; 24];
        let heap: Vec<char>;
        let chars: &[char] = if spec.len() <= buf.len() {
            let mut n = 0;
            for c in spec.chars() {
                buf[n] = c;
                n += 1;
            }
            &buf[..n]
        } else {
            heap = spec.chars().collect();
            &heap
        };
        let end = chars.len();
        let mut pos = 0;
        let mut out = FormatSpec::default();

        if end - pos >= 2 && is_alignment_token(chars[pos + 1]) {
            out.align = Some(chars[pos + 1]);
            out.fill = Some(chars[pos]);
            pos += 2;
        } else if end - pos >= 1 && is_alignment_token(chars[pos]) {
            out.align = Some(chars[pos]);
            pos += 1;
        }
        if pos < end && matches!(chars[pos], '+' | '-' | ' ') {
            out.sign = Some(chars[pos]);
            pos += 1;
        }
        if pos < end && chars[pos] == 'z' {
            out.no_neg_zero = true;
            pos += 1;
        }
        if pos < end && chars[pos] == '#' {
            out.alternate = true;
            pos += 1;
        }
        if out.fill.is_none() && pos < end && chars[pos] == '0' {
            out.zero_pad = true;
            pos += 1;
        }
        let (consumed, width) = get_integer(chars, &mut pos)?;
        if consumed > 0 {
            out.width = Some(width as usize);
        }
        if pos < end && chars[pos] == ',' {
            out.grouping = Some(',');
            pos += 1;
        }
        if pos < end && chars[pos] == '_' {
            if out.grouping.is_some() {
                return Err(FormatError::value("Cannot specify both ',' and '_'."));
            }
            out.grouping = Some('_');
            pos += 1;
        }
        if pos < end && chars[pos] == ',' && out.grouping == Some('_') {
            return Err(FormatError::value("Cannot specify both ',' and '_'."));
        }
        if pos < end && chars[pos] == '.' {
            pos += 1;
            let (consumed, precision) = get_integer(chars, &mut pos)?;
            if consumed == 0 {
                return Err(FormatError::value("Format specifier missing precision"));
            }
            out.precision = Some(precision as usize);
        }
        if end - pos > 1 {
            return Err(FormatError::value(format!(
                "Invalid format specifier '{}' for object of type '{}'",
                spec,
                super::truncate_name(type_name)
            )));
        }
        if end - pos == 1 {
            out.ty = Some(chars[pos]);
        }
        if let (Some(sep), Some(ty)) = (out.grouping, out.ty) {
            check_grouping(sep, ty)?;
        }
        Ok(out)
    }

    /// Apply the defaults of the type being formatted: its default
    /// presentation type (`'\0'` for none) and alignment.
    pub(crate) fn resolve(
        &self,
        default_type: char,
        default_align: char,
    ) -> Result<Resolved, FormatError> {
        let ty = self.ty.unwrap_or(default_type);
        let grouping = match self.grouping {
            None => Grouping::None,
            Some(sep) => check_grouping(sep, ty)?,
        };
        let fill = match self.fill {
            Some(c) => c,
            None if self.zero_pad => '0',
            None => ' ',
        };
        let align = match self.align {
            Some(a) => a,
            None if self.fill.is_none() && self.zero_pad && default_align == '>' => '=',
            None => default_align,
        };
        Ok(Resolved {
            fill,
            align,
            sign: self.sign.unwrap_or('\0'),
            no_neg_zero: self.no_neg_zero,
            alternate: self.alternate,
            width: self.width.map_or(-1, |w| w as i64),
            grouping,
            precision: self.precision.map_or(-1, |p| p as i64),
            ty,
        })
    }
}

fn check_grouping(sep: char, ty: char) -> Result<Grouping, FormatError> {
    match ty {
        'd' | 'e' | 'f' | 'g' | 'E' | 'G' | '%' | 'F' | '\0' => Ok(if sep == ',' {
            Grouping::Comma
        } else {
            Grouping::Underscore
        }),
        'b' | 'o' | 'x' | 'X' if sep == '_' => Ok(Grouping::UnderscoreFour),
        _ => {
            let code = ty as u32;
            Err(FormatError::value(if code > 32 && code < 128 {
                format!("Cannot specify '{}' with '{}'.", sep, ty)
            } else {
                format!("Cannot specify '{}' with '\\x{:x}'.", sep, code)
            }))
        }
    }
}
