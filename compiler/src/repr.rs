//! CPython's `repr()` of the constant types the parser produces: str, bytes,
//! float and complex. `ast.dump` prints constants through `repr`, so these
//! must match CPython character for character.

use crate::unicode_tables::NON_PRINTABLE;
use crate::wtf8::Wtf8Buf;

/// `str.isprintable()` for one code point, per CPython 3.11's Unicode tables.
pub fn is_printable(cp: u32) -> bool {
    if cp < 0x7F {
        return cp >= 0x20;
    }
    NON_PRINTABLE
        .binary_search_by(|&(lo, hi)| {
            if hi < cp {
                std::cmp::Ordering::Less
            } else if lo > cp {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_err()
}

const HEX: &[u8; 16] = b"0123456789abcdef";

fn push_hex(out: &mut String, prefix: &str, v: u32, digits: u32) {
    out.push_str(prefix);
    for i in (0..digits).rev() {
        out.push(HEX[((v >> (4 * i)) & 0xF) as usize] as char);
    }
}

/// `repr(s)` for a Python str.
pub fn str_repr(s: &Wtf8Buf) -> String {
    let mut out = String::with_capacity(s.as_bytes().len() + 2);
    write_str_repr(&mut out, s);
    out
}

pub fn write_str_repr(out: &mut String, s: &Wtf8Buf) {
    match s.as_str() {
        Some(text) => write_repr_code_points(out, text.as_bytes(), text.chars().map(|c| c as u32)),
        None => write_repr_code_points(out, s.as_bytes(), s.code_points()),
    }
}

/// `repr(s)` for text known to be valid UTF-8 (identifiers, for instance).
pub fn write_utf8_repr(out: &mut String, text: &str) {
    write_repr_code_points(out, text.as_bytes(), text.chars().map(|c| c as u32));
}

/// CPython's `unicode_repr`: `bytes` is the (generalised) UTF-8 encoding of
/// the code points `cps`, used only to choose the quote and the fast path.
fn write_repr_code_points(out: &mut String, bytes: &[u8], cps: impl Iterator<Item = u32>) {
    let quote = if bytes.contains(&b'\'') && !bytes.contains(&b'"') {
        '"'
    } else {
        '\''
    };
    out.push(quote);
    // Fast path: printable ASCII without quotes or backslashes.
    if bytes
        .iter()
        .all(|&b| (0x20..0x7F).contains(&b) && b != b'\\' && b != quote as u8)
    {
        // SAFETY: every byte is printable ASCII, hence valid UTF-8.
        out.push_str(unsafe { std::str::from_utf8_unchecked(bytes) });
        out.push(quote);
        return;
    }
    for cp in cps {
        match cp {
            0x5C => out.push_str("\\\\"),
            0x09 => out.push_str("\\t"),
            0x0A => out.push_str("\\n"),
            0x0D => out.push_str("\\r"),
            _ if cp == quote as u32 => {
                out.push('\\');
                out.push(quote);
            }
            _ if cp < 0x20 || cp == 0x7F => push_hex(out, "\\x", cp, 2),
            _ if cp < 0x7F => out.push(cp as u8 as char),
            _ if is_printable(cp) => out.push(char::from_u32(cp).unwrap()),
            _ if cp <= 0xFF => push_hex(out, "\\x", cp, 2),
            _ if cp <= 0xFFFF => push_hex(out, "\\u", cp, 4),
            _ => push_hex(out, "\\U", cp, 8),
        }
    }
    out.push(quote);
}

/// `repr(b)` for a Python bytes object.
pub fn write_bytes_repr(out: &mut String, b: &[u8]) {
    let quote = if b.contains(&b'\'') && !b.contains(&b'"') {
        b'"'
    } else {
        b'\''
    };
    out.push('b');
    out.push(quote as char);
    for &c in b {
        match c {
            b'\\' => out.push_str("\\\\"),
            b'\t' => out.push_str("\\t"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            _ if c == quote => {
                out.push('\\');
                out.push(quote as char);
            }
            0x20..=0x7E => out.push(c as char),
            _ => push_hex(out, "\\x", c as u32, 2),
        }
    }
    out.push(quote as char);
}

/// Shortest round-trip decimal digits of a finite, non-negative float and
/// its decimal exponent: `x = 0.DIGITS * 10**decpt`.
fn shortest_digits(x: f64) -> (String, i32) {
    // Rust's `{:e}` prints the shortest representation that round-trips,
    // exactly the digit string CPython's `repr` (dtoa mode 0) chooses.
    let s = format!("{:e}", x);
    let (mant, exp) = s.split_once('e').unwrap();
    let exp: i32 = exp.parse().unwrap();
    let digits: String = mant.chars().filter(|c| *c != '.').collect();
    (digits, exp + 1)
}

/// Format like CPython's `float_repr_style == 'short'` with format code 'r'.
/// `add_dot_0` is true for `repr(float)` and false for the parts of a complex.
fn write_float_r(out: &mut String, x: f64, add_dot_0: bool) {
    if x.is_nan() {
        out.push_str("nan");
        return;
    }
    if x.is_sign_negative() {
        out.push('-');
    }
    let x = x.abs();
    if x.is_infinite() {
        out.push_str("inf");
        return;
    }
    let (digits, decpt) = shortest_digits(x);
    let nd = digits.len() as i32;
    if decpt <= -4 || decpt > 16 {
        out.push_str(&digits[..1]);
        if nd > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        let e = decpt - 1;
        out.push('e');
        out.push(if e < 0 { '-' } else { '+' });
        let ea = e.unsigned_abs();
        if ea < 10 {
            out.push('0');
        }
        out.push_str(&ea.to_string());
    } else if decpt <= 0 {
        out.push_str("0.");
        for _ in 0..(-decpt) {
            out.push('0');
        }
        out.push_str(&digits);
    } else if decpt >= nd {
        out.push_str(&digits);
        for _ in 0..(decpt - nd) {
            out.push('0');
        }
        if add_dot_0 {
            out.push_str(".0");
        }
    } else {
        out.push_str(&digits[..decpt as usize]);
        out.push('.');
        out.push_str(&digits[decpt as usize..]);
    }
}

/// `repr(x)` for a Python float.
pub fn float_repr(x: f64) -> String {
    let mut s = String::new();
    write_float_r(&mut s, x, true);
    s
}

/// `repr(complex(real, imag))`.
pub fn complex_repr(real: f64, imag: f64) -> String {
    let mut s = String::new();
    if real == 0.0 && real.is_sign_positive() {
        write_float_r(&mut s, imag, false);
        s.push('j');
    } else {
        s.push('(');
        write_float_r(&mut s, real, false);
        if !imag.is_sign_negative() {
            s.push('+');
        }
        write_float_r(&mut s, imag, false);
        s.push_str("j)");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats() {
        for (x, r) in [
            (1.0, "1.0"),
            (0.1, "0.1"),
            (1e16, "1e+16"),
            (1e15, "1000000000000000.0"),
            (1e-5, "1e-05"),
            (0.0001, "0.0001"),
            (123.456, "123.456"),
            (-0.0, "-0.0"),
            (f64::INFINITY, "inf"),
            (1.5e300, "1.5e+300"),
            (2.5e-310, "2.5e-310"),
        ] {
            assert_eq!(float_repr(x), r);
        }
    }

    #[test]
    fn complexes() {
        assert_eq!(complex_repr(0.0, 1.0), "1j");
        assert_eq!(complex_repr(0.0, 1.5), "1.5j");
        assert_eq!(complex_repr(0.0, 1e16), "1e+16j");
        assert_eq!(complex_repr(0.0, f64::INFINITY), "infj");
        assert_eq!(complex_repr(1.0, -2.0), "(1-2j)");
    }

    #[test]
    fn strings() {
        let r = |s: &str| str_repr(&Wtf8Buf::from_str(s));
        assert_eq!(r("abc"), "'abc'");
        assert_eq!(r("a'b"), "\"a'b\"");
        assert_eq!(r("a'b\""), "'a\\'b\"'");
        assert_eq!(r("\n\t\\\x00\x7f"), "'\\n\\t\\\\\\x00\\x7f'");
        assert_eq!(r("é\u{a0}\u{200b}€"), "'é\\xa0\\u200b€'");
        let mut w = Wtf8Buf::new();
        w.push_code_point(0xD800);
        assert_eq!(str_repr(&w), "'\\ud800'");
        let mut b = String::new();
        write_bytes_repr(&mut b, b"a'\x00\xff");
        assert_eq!(b, "b\"a'\\x00\\xff\"");
    }
}
