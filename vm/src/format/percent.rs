//! `%`-formatting (`PyUnicode_Format` in CPython's
//! `Objects/unicodeobject.c`): [`PercentParser`] splits the format string,
//! [`format_percent`] renders one conversion of a resolved argument.
//!
//! The VM drives the loop: for each [`PercentPiece::Conversion`] it takes
//! the mapping key's value or the next argument (and `*` width/precision
//! arguments: a negative `*` width sets `-` and uses its absolute value, a
//! negative `*` precision is 0), converts it to a [`PercentArg`] (calling
//! `str`/`repr`/`ascii` for `s`/`r`/`a`, `__index__` for `o x X`,
//! `__int__` for `d i u`, `__float__` for `e f g`), and calls
//! [`format_percent`]; then checks that every argument was used.

use super::float::{double_to_string, DTSF_ALT};
use super::int::{DecimalInt, FormatInt};
use super::{truncate_name, FormatError};

/// The `-+ #0` flags.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PercentFlags {
    /// `-`: left-justify.
    pub ljust: bool,
    /// `+`: always a sign.
    pub sign: bool,
    /// ` `: a space before positive numbers.
    pub blank: bool,
    /// `#`: alternate form.
    pub alt: bool,
    /// `0`: zero padding.
    pub zero: bool,
}

/// A width or precision as written: absent, `*`, or a number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PercentCount {
    None,
    Star,
    Value(usize),
}

/// One conversion spec: `%[(key)][flags][width][.precision][hlL]type`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PercentConversion {
    /// The mapping key of `%(key)s`.
    pub key: Option<String>,
    pub flags: PercentFlags,
    pub width: PercentCount,
    pub precision: PercentCount,
    /// The conversion character (not validated: [`format_percent`] reports
    /// unsupported ones, after the argument has been fetched, as CPython).
    pub conversion: char,
    /// The index (in characters) of the conversion character in the format
    /// string, for "unsupported format character" messages.
    pub index: usize,
}

/// A piece of a `%` format string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PercentPiece<'a> {
    /// Text copied as it is (`%%` yields `"%"`).
    Literal(&'a str),
    Conversion(PercentConversion),
}

/// Iterates over the pieces of a `%` format string; yields an error
/// ("incomplete format", "incomplete format key", "width too big",
/// "precision too big") and then stops.
pub struct PercentParser<'a> {
    fmt: &'a str,
    /// Byte position.
    pos: usize,
    /// Character position.
    cpos: usize,
    done: bool,
}

impl<'a> PercentParser<'a> {
    pub fn new(fmt: &'a str) -> PercentParser<'a> {
        PercentParser {
            fmt,
            pos: 0,
            cpos: 0,
            done: false,
        }
    }

    fn peek(&self) -> Option<char> {
        self.fmt[self.pos..].chars().next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        self.cpos += 1;
        Some(c)
    }

    /// After the `%`: parse one conversion spec (`unicode_format_arg_parse`).
    fn conversion(&mut self) -> Result<PercentConversion, FormatError> {
        let incomplete = || FormatError::value("incomplete format");
        let mut key = None;
        if self.peek() == Some('(') {
            self.bump();
            let start = self.pos;
            let mut depth = 1;
            let mut end = start;
            while depth > 0 {
                let Some(c) = self.bump() else {
                    return Err(FormatError::value("incomplete format key"));
                };
                match c {
                    ')' => depth -= 1,
                    '(' => depth += 1,
                    _ => {}
                }
                end = self.pos - c.len_utf8();
            }
            key = Some(self.fmt[start..end].to_string());
        }
        let mut flags = PercentFlags::default();
        let mut ch = loop {
            let c = self.bump().ok_or_else(incomplete)?;
            match c {
                '-' => flags.ljust = true,
                '+' => flags.sign = true,
                ' ' => flags.blank = true,
                '#' => flags.alt = true,
                '0' => flags.zero = true,
                _ => break c,
            }
        };
        let mut width = PercentCount::None;
        if ch == '*' {
            width = PercentCount::Star;
            ch = self.bump().ok_or_else(incomplete)?;
        } else if let Some(d) = ch.to_digit(10).filter(|_| ch.is_ascii_digit()) {
            let mut w = d as usize;
            loop {
                ch = self.bump().ok_or_else(incomplete)?;
                let Some(d) = ch.to_digit(10).filter(|_| ch.is_ascii_digit()) else {
                    break;
                };
                if w > (isize::MAX as usize - d as usize) / 10 {
                    return Err(FormatError::value("width too big"));
                }
                w = w * 10 + d as usize;
            }
            width = PercentCount::Value(w);
        }
        let mut precision = PercentCount::None;
        if ch == '.' {
            precision = PercentCount::Value(0);
            ch = self.bump().ok_or_else(incomplete)?;
            if ch == '*' {
                precision = PercentCount::Star;
                ch = self.bump().ok_or_else(incomplete)?;
            } else if let Some(d) = ch.to_digit(10).filter(|_| ch.is_ascii_digit()) {
                let mut p = d as usize;
                loop {
                    ch = self.bump().ok_or_else(incomplete)?;
                    let Some(d) = ch.to_digit(10).filter(|_| ch.is_ascii_digit()) else {
                        break;
                    };
                    if p > (i32::MAX as usize - d as usize) / 10 {
                        return Err(FormatError::value("precision too big"));
                    }
                    p = p * 10 + d as usize;
                }
                precision = PercentCount::Value(p);
            }
        }
        if matches!(ch, 'h' | 'l' | 'L') {
            ch = self.bump().ok_or_else(incomplete)?;
        }
        Ok(PercentConversion {
            key,
            flags,
            width,
            precision,
            conversion: ch,
            index: self.cpos - 1,
        })
    }
}

impl<'a> Iterator for PercentParser<'a> {
    type Item = Result<PercentPiece<'a>, FormatError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done || self.pos >= self.fmt.len() {
            return None;
        }
        let rest = &self.fmt[self.pos..];
        if !rest.starts_with('%') {
            let n = rest.find('%').unwrap_or(rest.len());
            let lit = &rest[..n];
            self.pos += n;
            self.cpos += lit.chars().count();
            return Some(Ok(PercentPiece::Literal(lit)));
        }
        self.bump();
        if self.peek() == Some('%') {
            self.bump();
            return Some(Ok(PercentPiece::Literal("%")));
        }
        match self.conversion() {
            Ok(c) => Some(Ok(PercentPiece::Conversion(c))),
            Err(e) => {
                self.done = true;
                Some(Err(e))
            }
        }
    }
}

/// The argument of one conversion, as the VM resolved it.
#[derive(Clone, Copy)]
pub enum PercentArg<'a> {
    /// An int (or bool, or the result of `__index__`/`__int__`).
    Int(&'a dyn FormatInt),
    /// A float (or the result of `__float__`).
    Float(f64),
    /// A str: for `s`, `r`, `a` the result of `str()`, `repr()`, `ascii()`
    /// of the argument; for `c` the argument itself.
    Str(&'a str),
    /// Any other object (only its type name, given separately, is used).
    Other,
}

/// Format one conversion (`unicode_format_arg_format` +
/// `unicode_format_arg_output`). `width` and `precision` are resolved (`*`
/// taken from the arguments by the VM); `type_name` is the argument's type
/// name for errors: "%d format: a real number is required, not str", "%x
/// format: an integer is required, not float", "must be real number, not
/// str", "%c requires int or char", "%c arg not in range(0x110000)",
/// "unsupported format character 'y' (0x79) at index 1".
pub fn format_percent(
    conversion: char,
    index: usize,
    flags: PercentFlags,
    width: Option<usize>,
    precision: Option<usize>,
    arg: PercentArg<'_>,
    type_name: &str,
) -> Result<String, FormatError> {
    let tn = truncate_name(type_name);
    let mut sign = false;
    let text: String = match conversion {
        's' | 'r' | 'a' => match arg {
            PercentArg::Str(s) => s.to_string(),
            _ => panic!("format_percent: %{conversion} needs the str(), repr() or ascii() text"),
        },
        'i' | 'd' | 'u' | 'o' | 'x' | 'X' => {
            let integer_only = matches!(conversion, 'o' | 'x' | 'X');
            let wrong = || {
                FormatError::type_error(if integer_only {
                    format!("%{conversion} format: an integer is required, not {tn}")
                } else {
                    format!("%{conversion} format: a real number is required, not {tn}")
                })
            };
            let owned;
            let n: &dyn FormatInt = match arg {
                PercentArg::Int(n) => n,
                PercentArg::Float(_) if integer_only => return Err(wrong()),
                PercentArg::Float(x) => {
                    if x.is_nan() {
                        return Err(FormatError::value("cannot convert float NaN to integer"));
                    }
                    if x.is_infinite() {
                        return Err(FormatError::overflow(
                            "cannot convert float infinity to integer",
                        ));
                    }
                    owned = DecimalInt::from_integral_f64(x.trunc()).unwrap();
                    &owned
                }
                _ => return Err(wrong()),
            };
            sign = true;
            format_long(n, flags.alt, precision, conversion)?
        }
        'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
            let x = match arg {
                PercentArg::Float(x) => x,
                PercentArg::Int(n) => n
                    .to_f64()
                    .ok_or_else(|| FormatError::overflow("int too large to convert to float"))?,
                _ => {
                    return Err(FormatError::type_error(format!(
                        "must be real number, not {tn}"
                    )))
                }
            };
            sign = true;
            let prec = precision.map_or(6, |p| p as i64);
            double_to_string(x, conversion, prec, if flags.alt { DTSF_ALT } else { 0 }).0
        }
        'c' => {
            let ch = match arg {
                PercentArg::Str(s) if s.chars().count() == 1 => s.chars().next().unwrap(),
                PercentArg::Int(n) => {
                    let x = n.to_i64().filter(|&x| (0..=0x10ffff).contains(&x));
                    let x =
                        x.ok_or_else(|| FormatError::overflow("%c arg not in range(0x110000)"))?;
                    // Surrogates cannot live in a Rust string; U+FFFD stands in.
                    char::from_u32(x as u32).unwrap_or('\u{fffd}')
                }
                _ => return Err(FormatError::type_error("%c requires int or char")),
            };
            ch.to_string()
        }
        c => {
            let code = c as u32;
            let shown = if (31..=126).contains(&code) { c } else { '?' };
            return Err(FormatError::value(format!(
                "unsupported format character '{shown}' (0x{code:x}) at index {index}"
            )));
        }
    };
    Ok(output(&text, conversion, flags, width, precision, sign))
}

/// `_PyUnicode_FormatLong`: digits with the precision's zero padding, the
/// `0x`/`0o` prefix if `alt`, upper case for `X`.
fn format_long(
    n: &dyn FormatInt,
    alt: bool,
    precision: Option<usize>,
    ty: char,
) -> Result<String, FormatError> {
    if let Some(p) = precision {
        if p > (i32::MAX - 3) as usize {
            return Err(FormatError::overflow("precision too large"));
        }
    }
    let (base, prefix) = match ty {
        'o' => (8, "0o"),
        'x' | 'X' => (16, "0x"),
        _ => (10, ""),
    };
    let digits = n.magnitude_digits(base);
    let mut out = String::new();
    if n.is_negative() {
        out.push('-');
    }
    if alt {
        out.push_str(prefix);
    }
    if let Some(p) = precision {
        for _ in digits.len()..p {
            out.push('0');
        }
    }
    out.push_str(&digits);
    if ty == 'X' {
        out = out.to_ascii_uppercase();
    }
    Ok(out)
}

/// `unicode_format_arg_output`: sign, prefix, padding and truncation.
fn output(
    s: &str,
    conversion: char,
    flags: PercentFlags,
    width: Option<usize>,
    precision: Option<usize>,
    mut sign: bool,
) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut len = chars.len();
    let fill = if sign && flags.zero { '0' } else { ' ' };
    let mut width = width.map_or(-1, |w| w as i64);
    let prec = precision.map_or(-1, |p| p as i64);
    if (width == -1 || width <= len as i64)
        && (prec == -1 || prec >= len as i64)
        && !(flags.sign || flags.blank)
    {
        return s.to_string();
    }
    if matches!(conversion, 's' | 'r' | 'a') && prec >= 0 && len as i64 > prec {
        len = prec as usize;
    }
    let mut pindex = 0;
    let mut signchar = '\0';
    if sign {
        let ch = chars[0];
        if ch == '-' || ch == '+' {
            signchar = ch;
            len -= 1;
            pindex += 1;
        } else if flags.sign {
            signchar = '+';
        } else if flags.blank {
            signchar = ' ';
        } else {
            sign = false;
        }
    }
    if width < len as i64 {
        width = len as i64;
    }
    let mut out = String::with_capacity(width as usize + 1);
    if sign {
        if fill != ' ' {
            out.push(signchar);
        }
        if width > len as i64 {
            width -= 1;
        }
    }
    let prefixed = flags.alt && matches!(conversion, 'x' | 'X' | 'o');
    if prefixed {
        if fill != ' ' {
            out.push('0');
            out.push(chars[pindex + 1]);
            pindex += 2;
        }
        width = (width - 2).max(0);
        len -= 2;
    }
    if width > len as i64 && !flags.ljust {
        for _ in 0..width - len as i64 {
            out.push(fill);
        }
        width = len as i64;
    }
    if fill == ' ' {
        if sign {
            out.push(signchar);
        }
        if prefixed {
            out.push('0');
            out.push(chars[pindex + 1]);
            pindex += 2;
        }
    }
    out.extend(&chars[pindex..pindex + len]);
    if width > len as i64 {
        for _ in 0..width - len as i64 {
            out.push(' ');
        }
    }
    out
}
