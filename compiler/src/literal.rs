//! Values of number and string literals: what CPython's parser actions
//! compute from a NUMBER or STRING token's text.

use crate::ast::ConstValue;
use crate::wtf8::Wtf8Buf;
use num_bigint::BigInt;
use num_traits::Num;

/// CPython's default limit on decimal digits converted to an int.
pub const INT_MAX_STR_DIGITS: usize = 4300;

/// The value of a NUMBER token (already validated by the tokenizer).
pub fn parse_number(text: &str) -> Result<ConstValue, String> {
    let owned;
    let t = if text.contains('_') {
        owned = text.replace('_', "");
        owned.as_str()
    } else {
        text
    };
    let b = t.as_bytes();
    if matches!(b.last(), Some(b'j' | b'J')) {
        let v: f64 = t[..t.len() - 1]
            .parse()
            .map_err(|_| "invalid imaginary literal".to_string())?;
        return Ok(ConstValue::Complex { real: 0.0, imag: v });
    }
    if b.len() > 1 && b[0] == b'0' && matches!(b[1], b'x' | b'X' | b'o' | b'O' | b'b' | b'B') {
        let radix = match b[1] {
            b'x' | b'X' => 16,
            b'o' | b'O' => 8,
            _ => 2,
        };
        return BigInt::from_str_radix(&t[2..], radix)
            .map(ConstValue::Int)
            .map_err(|e| e.to_string());
    }
    if t.contains(['.', 'e', 'E']) {
        return t
            .parse::<f64>()
            .map(ConstValue::Float)
            .map_err(|e| e.to_string());
    }
    if t.len() <= 18 {
        return Ok(ConstValue::Int(BigInt::from(t.parse::<i64>().unwrap())));
    }
    let digits = t.trim_start_matches('0').len();
    if digits > INT_MAX_STR_DIGITS {
        return Err(format!(
            "Exceeds the limit ({} digits) for integer string conversion: value has {} digits; \
             use sys.set_int_max_str_digits() to increase the limit - Consider hexadecimal \
             for huge integer literals to avoid decimal conversion limits.",
            INT_MAX_STR_DIGITS, digits
        ));
    }
    BigInt::from_str_radix(t, 10)
        .map(ConstValue::Int)
        .map_err(|e| e.to_string())
}

/// The prefix flags of a string token.
#[derive(Clone, Copy, Debug, Default)]
pub struct StrPrefix {
    pub bytes: bool,
    pub raw: bool,
    pub fmt: bool,
    /// Starts with a lowercase `u` (CPython then sets `Constant.kind = 'u'`).
    pub u_kind: bool,
}

/// Split a string token into its prefix and the byte range of its body
/// (between the quotes), relative to the token start.
pub fn split_string_token(text: &str) -> (StrPrefix, usize, usize) {
    let b = text.as_bytes();
    let mut p = StrPrefix {
        u_kind: b[0] == b'u',
        ..Default::default()
    };
    let mut i = 0;
    while i < b.len() && b[i] != b'\'' && b[i] != b'"' {
        match b[i] {
            b'b' | b'B' => p.bytes = true,
            b'r' | b'R' => p.raw = true,
            b'f' | b'F' => p.fmt = true,
            _ => {}
        }
        i += 1;
    }
    let q = b[i];
    let quote_len = if b.len() - i >= 6 && b[i + 1] == q && b[i + 2] == q {
        3
    } else {
        1
    };
    (p, i + quote_len, b.len() - quote_len)
}

/// An error decoding an escape, with CPython's `(unicode error)` wording.
#[derive(Debug)]
pub struct EscapeError {
    pub msg: String,
}

fn unicode_error(codec: &str, from: usize, to: usize, why: &str) -> EscapeError {
    let pos = if to > from + 1 {
        format!("bytes in position {}-{}", from, to - 1)
    } else {
        format!("byte in position {}", from)
    };
    EscapeError {
        msg: format!(
            "(unicode error) '{}' codec can't decode {}: {}",
            codec, pos, why
        ),
    }
}

fn hex_val(b: u8) -> Option<u32> {
    (b as char).to_digit(16)
}

/// `\ooo`: `first` is the first octal digit; up to two more follow at `*i`.
fn octal_escape(first: u8, b: &[u8], i: &mut usize) -> u32 {
    let mut v = (first - b'0') as u32;
    for _ in 0..2 {
        match b.get(*i) {
            Some(&d @ b'0'..=b'7') => {
                v = v * 8 + (d - b'0') as u32;
                *i += 1;
            }
            _ => break,
        }
    }
    v
}

/// Decode a non-raw str literal body: backslash escapes, `\N{...}` names.
pub fn decode_str_escapes(body: &str, out: &mut Wtf8Buf) -> Result<(), EscapeError> {
    let b = body.as_bytes();
    let mut i = 0;
    let mut lit_start = 0;
    while i < b.len() {
        if b[i] != b'\\' {
            i += 1;
            continue;
        }
        out.push_str(&body[lit_start..i]);
        let esc_start = i;
        i += 1;
        if i >= b.len() {
            // Only an f-string literal part can end in a lone backslash
            // (`f"\{x}"`); CPython keeps it.
            out.push_char('\\');
            lit_start = i;
            break;
        }
        let c = b[i];
        i += 1;
        match c {
            b'\n' => {}
            b'\\' => out.push_char('\\'),
            b'\'' => out.push_char('\''),
            b'"' => out.push_char('"'),
            b'a' => out.push_char('\x07'),
            b'b' => out.push_char('\x08'),
            b'f' => out.push_char('\x0c'),
            b'n' => out.push_char('\n'),
            b'r' => out.push_char('\r'),
            b't' => out.push_char('\t'),
            b'v' => out.push_char('\x0b'),
            b'0'..=b'7' => out.push_code_point(octal_escape(c, b, &mut i)),
            b'x' | b'u' | b'U' => {
                let (n, what) = match c {
                    b'x' => (2, "truncated \\xXX escape"),
                    b'u' => (4, "truncated \\uXXXX escape"),
                    _ => (8, "truncated \\UXXXXXXXX escape"),
                };
                let mut v: u32 = 0;
                for k in 0..n {
                    match b.get(i + k).and_then(|&d| hex_val(d)) {
                        Some(d) => v = v * 16 + d,
                        None => return Err(unicode_error("unicodeescape", esc_start, i + k, what)),
                    }
                }
                i += n;
                if v > 0x10FFFF {
                    return Err(unicode_error(
                        "unicodeescape",
                        esc_start,
                        i,
                        "illegal Unicode character",
                    ));
                }
                out.push_code_point(v);
            }
            b'N' => {
                let bad = |end| {
                    unicode_error(
                        "unicodeescape",
                        esc_start,
                        end,
                        "malformed \\N character escape",
                    )
                };
                if b.get(i) != Some(&b'{') {
                    return Err(bad(i));
                }
                let close = body[i..]
                    .find('}')
                    .map(|k| i + k)
                    .ok_or_else(|| bad(b.len()))?;
                let name = &body[i + 1..close];
                if name.is_empty() {
                    return Err(bad(close + 1));
                }
                match unicode_names2::character(name) {
                    Some(ch) => out.push_char(ch),
                    None => {
                        return Err(unicode_error(
                            "unicodeescape",
                            esc_start,
                            close + 1,
                            "unknown Unicode character name",
                        ))
                    }
                }
                i = close + 1;
            }
            _ => {
                // Unknown escapes are kept verbatim (a DeprecationWarning in CPython).
                i = esc_start + 1;
                out.push_char('\\');
            }
        }
        lit_start = i;
    }
    out.push_str(&body[lit_start..]);
    Ok(())
}

/// Decode a non-raw bytes literal body.
pub fn decode_bytes_escapes(body: &[u8], out: &mut Vec<u8>) -> Result<(), EscapeError> {
    let b = body;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c != b'\\' {
            out.push(c);
            i += 1;
            continue;
        }
        let esc_start = i;
        i += 1;
        if i >= b.len() {
            return Err(EscapeError {
                msg: "(value error) Trailing \\ in string".into(),
            });
        }
        let c = b[i];
        i += 1;
        match c {
            b'\n' => {}
            b'\\' => out.push(b'\\'),
            b'\'' => out.push(b'\''),
            b'"' => out.push(b'"'),
            b'a' => out.push(7),
            b'b' => out.push(8),
            b'f' => out.push(12),
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b't' => out.push(b'\t'),
            b'v' => out.push(11),
            // Values above 0o377 wrap, as in CPython.
            b'0'..=b'7' => out.push(octal_escape(c, b, &mut i) as u8),
            b'x' => match (
                b.get(i).and_then(|&d| hex_val(d)),
                b.get(i + 1).and_then(|&d| hex_val(d)),
            ) {
                (Some(h), Some(l)) => {
                    out.push((h * 16 + l) as u8);
                    i += 2;
                }
                _ => {
                    return Err(EscapeError {
                        msg: format!("(value error) invalid \\x escape at position {}", esc_start),
                    })
                }
            },
            _ => {
                i = esc_start + 1;
                out.push(b'\\');
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(body: &str) -> String {
        let mut w = Wtf8Buf::new();
        decode_str_escapes(body, &mut w).unwrap();
        crate::repr::str_repr(&w)
    }

    #[test]
    fn numbers() {
        assert_eq!(parse_number("1_000").unwrap(), ConstValue::Int(1000.into()));
        assert_eq!(parse_number("0xff").unwrap(), ConstValue::Int(255.into()));
        assert_eq!(parse_number("0o17").unwrap(), ConstValue::Int(15.into()));
        assert_eq!(parse_number("0b101").unwrap(), ConstValue::Int(5.into()));
        assert_eq!(parse_number("1.5").unwrap(), ConstValue::Float(1.5));
        assert_eq!(
            parse_number("1e999").unwrap(),
            ConstValue::Float(f64::INFINITY)
        );
        assert_eq!(
            parse_number("2j").unwrap(),
            ConstValue::Complex {
                real: 0.0,
                imag: 2.0
            }
        );
        assert_eq!(
            format!(
                "{:?}",
                parse_number("123456789012345678901234567890").unwrap()
            ),
            "Int(123456789012345678901234567890)"
        );
        assert!(parse_number(&"9".repeat(4301)).is_err());
    }

    #[test]
    fn escapes() {
        assert_eq!(s(r"a\nb\t\\\'"), r#""a\nb\t\\'""#);
        assert_eq!(s(r"\x41\101\u00e9\U0001F600"), "'AAé😀'");
        assert_eq!(s(r"\N{EM DASH}\N{latin small letter a}"), "'—a'");
        assert_eq!(s(r"\d\ud800"), r"'\\d\ud800'");
        assert_eq!(s("a\\\nb"), "'ab'");
        let mut w = Wtf8Buf::new();
        assert!(decode_str_escapes(r"\x4", &mut w)
            .unwrap_err()
            .msg
            .contains("truncated \\xXX escape"));
        let mut v = Vec::new();
        decode_bytes_escapes(br"\x00\777\q", &mut v).unwrap();
        assert_eq!(v, b"\x00\xff\\q");
    }
}
