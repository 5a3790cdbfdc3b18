//! Floats: `repr`, `PyOS_double_to_string` (CPython's `Python/pystrtod.c`),
//! `float.__format__` (`format_float_internal` in
//! `Python/formatter_unicode.c`) and `round()` (`Objects/floatobject.c`).

use super::render::{fill_number, split_float, Number};
use super::spec::{FormatSpec, Grouping, Resolved};
use super::{unknown_presentation_type, FormatError};

/// `Py_DTSF_SIGN`: always add a sign.
pub const DTSF_SIGN: u32 = 0x01;
/// `Py_DTSF_ADD_DOT_0`: if the result is an integer, add `.0`.
pub const DTSF_ADD_DOT_0: u32 = 0x02;
/// `Py_DTSF_ALT`: alternate form (`#`): keep the decimal point and, for
/// `g`, trailing zeros.
pub const DTSF_ALT: u32 = 0x04;
/// `Py_DTSF_NO_NEG_0`: negative zero (after rounding) becomes zero.
pub const DTSF_NO_NEG_0: u32 = 0x08;

/// What [`double_to_string`] produced (`Py_DTST_*`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FloatType {
    Finite,
    Infinite,
    Nan,
}

/// `_Py_dg_dtoa`'s conversion modes.
#[derive(Clone, Copy)]
enum Mode {
    /// 0: shortest string that round-trips.
    Shortest,
    /// 2: `max(1, n)` significant digits.
    Significant(i64),
    /// 3: `n` digits after the decimal point (`n` may be negative).
    Fixed(i64),
}

/// Correctly rounded decimal digits of `a` (finite, `a >= 0`) as `_Py_dg_dtoa`
/// returns them: digits without leading or trailing zeros and the position
/// of the decimal point (`value = 0.digits * 10**decpt`). Zero is `("0", 1)`;
/// a value that rounds to zero in fixed mode is `("", -n)`.
fn dtoa(a: f64, mode: Mode) -> (String, i64) {
    if a == 0.0 {
        return ("0".to_string(), 1);
    }
    match mode {
        Mode::Shortest => shortest(a),
        Mode::Significant(n) => {
            let n = n.max(1) as usize;
            sci_digits(&format!("{:.*e}", n - 1, a))
        }
        Mode::Fixed(n) if n >= 0 => {
            let s = format!("{:.*}", n as usize, a);
            let int_len = s.find('.').unwrap_or(s.len()) as i64;
            let all: String = s.chars().filter(|&c| c != '.').collect();
            let trimmed = all.trim_start_matches('0');
            let lz = (all.len() - trimmed.len()) as i64;
            if trimmed.is_empty() {
                return (String::new(), -n);
            }
            (trimmed.trim_end_matches('0').to_string(), int_len - lz)
        }
        Mode::Fixed(n) => {
            // Round the exact value to a multiple of 10**-n (ties to even).
            let exact = format!("{:.0}", a.trunc());
            // For n < 0 only the integer part matters, except that a
            // fraction breaks a tie: the value is above the midpoint.
            let has_frac = a.fract() != 0.0;
            let keep = exact.len() as i64 + n;
            let shift = -n;
            if keep < 0 {
                return (String::new(), -n);
            }
            let keep = keep as usize;
            let (kept, rest) = exact.split_at(keep);
            let mut digits: Vec<u8> = kept.bytes().collect();
            let rb = rest.as_bytes();
            let round_up = match rb[0] {
                b'6'..=b'9' => true,
                b'5' => {
                    rb[1..].iter().any(|&c| c != b'0')
                        || has_frac
                        || digits.last().is_some_and(|&d| (d - b'0') % 2 == 1)
                }
                _ => false,
            };
            if round_up {
                let mut i = digits.len();
                loop {
                    if i == 0 {
                        digits.insert(0, b'1');
                        break;
                    }
                    i -= 1;
                    if digits[i] == b'9' {
                        digits[i] = b'0';
                    } else {
                        digits[i] += 1;
                        break;
                    }
                }
            }
            let s = String::from_utf8(digits).unwrap();
            let trimmed = s.trim_start_matches('0');
            if trimmed.is_empty() {
                return (String::new(), -n);
            }
            let decpt = trimmed.len() as i64 + shift;
            (trimmed.trim_end_matches('0').to_string(), decpt)
        }
    }
}

/// The shortest digits that round-trip; among equally short candidates the
/// nearest to the exact value, and on a tie the one with an even last digit
/// (as `_Py_dg_dtoa` mode 0). Rust's `{:e}` gives the shortest nearest
/// digits but breaks ties upwards, so ties are checked for here. A tie needs
/// an exact value with one digit more than the (15+ digit) shortest form,
/// ending in 5: so at most 18 significant digits and at most 25 binary
/// (hence decimal) fractional digits, which `{:.25}` prints exactly.
fn shortest(a: f64) -> (String, i64) {
    let (digits, decpt) = sci_digits(&format!("{:e}", a));
    if digits.len() < 15 || a >= 1e18 || (a * 33554432.0).fract() != 0.0 {
        return (digits, decpt);
    }
    let exact = format!("{:.25}", a);
    let all: String = exact.chars().filter(|&c| c != '.').collect();
    let sig = all.trim_start_matches('0').trim_end_matches('0');
    let n = digits.len();
    if sig.len() != n + 1 || !sig.ends_with('5') || digits.as_bytes()[n - 1] % 2 == 0 {
        return (digits, decpt);
    }
    // The other candidate is the exact value rounded the other way.
    let truncated = &sig[..n];
    let other = if truncated == digits {
        increment(truncated)
    } else {
        truncated.to_string()
    };
    let other_decpt = decpt + (other.len() as i64 - n as i64);
    let text = format!("0.{}e{}", other, other_decpt);
    if text.parse::<f64>() == Ok(a) {
        let trimmed = other.trim_end_matches('0');
        return (trimmed.to_string(), other_decpt);
    }
    (digits, decpt)
}

/// A decimal digit string plus one (`"199"` → `"200"`, `"99"` → `"100"`).
fn increment(s: &str) -> String {
    let mut d: Vec<u8> = s.bytes().collect();
    let mut i = d.len();
    loop {
        if i == 0 {
            d.insert(0, b'1');
            break;
        }
        i -= 1;
        if d[i] == b'9' {
            d[i] = b'0';
        } else {
            d[i] += 1;
            break;
        }
    }
    String::from_utf8(d).unwrap()
}

/// Digits and decimal point position from Rust's `{:e}` output `d.ddde±x`.
fn sci_digits(s: &str) -> (String, i64) {
    let (mant, exp) = s.split_once('e').unwrap();
    let exp: i64 = exp.parse().unwrap();
    let digits: String = mant.chars().filter(|&c| c != '.').collect();
    let digits = digits.trim_end_matches('0');
    if digits.is_empty() {
        return ("0".to_string(), 1);
    }
    (digits.to_string(), exp + 1)
}

/// `format_float_short()`.
#[allow(clippy::too_many_arguments)]
fn format_float_short(
    d: f64,
    format_code: char,
    mode: Mode,
    precision: i64,
    always_add_sign: bool,
    add_dot_0_if_integer: bool,
    use_alt_formatting: bool,
    no_negative_zero: bool,
    upper: bool,
) -> (String, FloatType) {
    let mut out = String::new();
    let mut sign = d.is_sign_negative();
    if d.is_nan() || d.is_infinite() {
        let is_nan = d.is_nan();
        if is_nan {
            sign = false;
        }
        if sign {
            out.push('-');
        } else if always_add_sign {
            out.push('+');
        }
        let (text, ty) = if is_nan {
            ("nan", FloatType::Nan)
        } else {
            ("inf", FloatType::Infinite)
        };
        if upper {
            out.push_str(&text.to_ascii_uppercase());
        } else {
            out.push_str(text);
        }
        return (out, ty);
    }
    let (digits, mut decpt) = dtoa(d.abs(), mode);
    let digits = digits.as_bytes();
    let digits_len = digits.len() as i64;
    if no_negative_zero && sign && (digits_len == 0 || (digits_len == 1 && digits[0] == b'0')) {
        sign = false;
    }
    let mut vdigits_end = digits_len;
    let mut use_exp = false;
    match format_code {
        'e' => {
            use_exp = true;
            vdigits_end = precision;
        }
        'f' => vdigits_end = decpt + precision,
        'g' => {
            if decpt <= -4
                || decpt
                    > (if add_dot_0_if_integer {
                        precision - 1
                    } else {
                        precision
                    })
            {
                use_exp = true;
            }
            if use_alt_formatting {
                vdigits_end = precision;
            }
        }
        _ => {
            // 'r'
            if decpt <= -4 || decpt > 16 {
                use_exp = true;
            }
        }
    }
    let mut exp = 0;
    if use_exp {
        exp = decpt - 1;
        decpt = 1;
    }
    let vdigits_start = if decpt <= 0 { decpt - 1 } else { 0 };
    if !use_exp && add_dot_0_if_integer {
        vdigits_end = vdigits_end.max(decpt + 1);
    } else {
        vdigits_end = vdigits_end.max(decpt);
    }
    vdigits_end = vdigits_end.max(digits_len);

    if sign {
        out.push('-');
    } else if always_add_sign {
        out.push('+');
    }
    let zeros = |out: &mut String, n: i64| {
        for _ in 0..n.max(0) {
            out.push('0');
        }
    };
    let push_digits = |out: &mut String, ds: &[u8]| {
        for &b in ds {
            out.push(b as char);
        }
    };
    if decpt <= 0 {
        zeros(&mut out, decpt - vdigits_start);
        out.push('.');
        zeros(&mut out, -decpt);
    } else {
        zeros(&mut out, -vdigits_start);
    }
    if 0 < decpt && decpt <= digits_len {
        push_digits(&mut out, &digits[..decpt as usize]);
        out.push('.');
        push_digits(&mut out, &digits[decpt as usize..]);
    } else {
        push_digits(&mut out, digits);
    }
    if digits_len < decpt {
        zeros(&mut out, decpt - digits_len);
        out.push('.');
        zeros(&mut out, vdigits_end - decpt);
    } else {
        zeros(&mut out, vdigits_end - digits_len);
    }
    if out.ends_with('.') && !use_alt_formatting {
        out.pop();
    }
    if use_exp {
        out.push(if upper { 'E' } else { 'e' });
        if exp < 0 {
            out.push_str(&format!("-{:02}", -exp));
        } else {
            out.push_str(&format!("+{:02}", exp));
        }
    }
    (out, FloatType::Finite)
}

/// `PyOS_double_to_string(val, format_code, precision, flags, &type)`:
/// `format_code` is one of `e E f F g G r` (`r` is repr; its precision must
/// be 0); `flags` combines the `DTSF_*` constants.
pub fn double_to_string(
    val: f64,
    format_code: char,
    precision: i64,
    flags: u32,
) -> (String, FloatType) {
    let upper = format_code.is_ascii_uppercase();
    let code = format_code.to_ascii_lowercase();
    let (mode, precision) = match code {
        'e' => (Mode::Significant(precision + 1), precision + 1),
        'f' => (Mode::Fixed(precision), precision),
        'g' => {
            let p = if precision == 0 { 1 } else { precision };
            (Mode::Significant(p), p)
        }
        'r' => (Mode::Shortest, 0),
        _ => panic!("double_to_string: bad format code {format_code:?}"),
    };
    format_float_short(
        val,
        code,
        mode,
        precision,
        flags & DTSF_SIGN != 0,
        flags & DTSF_ADD_DOT_0 != 0,
        flags & DTSF_ALT != 0,
        flags & DTSF_NO_NEG_0 != 0,
        upper,
    )
}

/// `repr(x)` (and `str(x)`) of a float: `'1.5'`, `'1e+16'`, `'-0.0'`,
/// `'inf'`, `'nan'`.
pub fn float_repr(x: f64) -> String {
    double_to_string(x, 'r', 0, DTSF_ADD_DOT_0).0
}

/// `str(x)` of a float: the same as [`float_repr`] in Python 3.
pub fn float_str(x: f64) -> String {
    float_repr(x)
}

/// `float.__format__(x, spec)`; `type_name` names the object's type in
/// errors. An empty spec is `str(x)`.
pub fn format_float(x: f64, spec: &str, type_name: &str) -> Result<String, FormatError> {
    if spec.is_empty() {
        return Ok(float_str(x));
    }
    let spec = FormatSpec::parse_for(spec, type_name)?;
    format_float_spec(x, &spec, type_name)
}

/// [`format_float`] with a parsed spec.
pub fn format_float_spec(
    x: f64,
    spec: &FormatSpec,
    type_name: &str,
) -> Result<String, FormatError> {
    let r = spec.resolve('\0', '>')?;
    match r.ty {
        '\0' | 'e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'n' | '%' => format_float_internal(x, &r),
        t => Err(unknown_presentation_type(t, type_name)),
    }
}

/// `format_float_internal()`; also used for ints with float types.
pub(crate) fn format_float_internal(val: f64, format: &Resolved) -> Result<String, FormatError> {
    if format.precision > i32::MAX as i64 {
        return Err(FormatError::value("precision too big"));
    }
    let mut flags = 0;
    if format.alternate {
        flags |= DTSF_ALT;
    }
    if format.no_neg_zero {
        flags |= DTSF_NO_NEG_0;
    }
    let mut ty = format.ty;
    let mut default_precision = 6;
    if ty == '\0' {
        flags |= DTSF_ADD_DOT_0;
        ty = 'r';
        default_precision = 0;
    }
    if ty == 'n' {
        ty = 'g';
    }
    let mut val = val;
    let mut add_pct = false;
    if ty == '%' {
        ty = 'f';
        val *= 100.0;
        add_pct = true;
    }
    let mut precision = format.precision;
    if precision < 0 {
        precision = default_precision;
    } else if ty == 'r' {
        ty = 'g';
    }
    let (mut buf, _) = double_to_string(val, ty, precision, flags);
    if add_pct {
        buf.push('%');
    }
    let (negative, body) = match buf.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, buf.as_str()),
    };
    let (digits, has_decimal, remainder) = split_float(body);
    let mut spec = format.clone();
    if format.ty == 'n' {
        spec.grouping = Grouping::Locale;
    }
    let num = Number {
        negative,
        prefix: "",
        digits,
        has_decimal,
        remainder,
    };
    Ok(fill_number(&num, &spec, false))
}

/// `round(x, ndigits)` for a float `x` (`float.__round__` with an int
/// `ndigits`, already clipped to the `i64` range as CPython clips it to
/// `Py_ssize_t`): correctly rounded, ties to even (`round(2.675, 2)` is
/// `2.67` because 2.675 is really 2.67499999...). Errors: OverflowError
/// "rounded value too large to represent".
pub fn round_float(x: f64, ndigits: i64) -> Result<f64, FormatError> {
    if !x.is_finite() {
        return Ok(x);
    }
    // CPython's (int)((DBL_MANT_DIG - DBL_MIN_EXP) * 0.30103) and
    // -(int)((DBL_MAX_EXP + 1) * 0.30103), 0.30103 bounding log10(2).
    const NDIGITS_MAX: i64 = 323;
    const NDIGITS_MIN: i64 = -308;
    if ndigits > NDIGITS_MAX {
        return Ok(x);
    }
    if ndigits < NDIGITS_MIN {
        return Ok(0.0 * x);
    }
    let (digits, decpt) = dtoa(x.abs(), Mode::Fixed(ndigits));
    let text = format!(
        "{}0{}e{}",
        if x.is_sign_negative() { "-" } else { "" },
        digits,
        decpt - digits.len() as i64
    );
    let rounded: f64 = text.parse().expect("valid float literal");
    if rounded.is_infinite() {
        return Err(FormatError::overflow(
            "rounded value too large to represent",
        ));
    }
    Ok(rounded)
}

/// `round(x)` for a float `x` (no `ndigits`): the nearest integer, ties to
/// even, as an integral `f64` — the VM turns it into an int (exactly).
/// Errors as `int(x)`: ValueError "cannot convert float NaN to integer",
/// OverflowError "cannot convert float infinity to integer".
pub fn round_float_to_integral(x: f64) -> Result<f64, FormatError> {
    if x.is_nan() {
        return Err(FormatError::value("cannot convert float NaN to integer"));
    }
    if x.is_infinite() {
        return Err(FormatError::overflow(
            "cannot convert float infinity to integer",
        ));
    }
    let mut rounded = x.round();
    if (x - rounded).abs() == 0.5 {
        rounded = 2.0 * (x / 2.0).round();
    }
    Ok(rounded)
}
