//! Complex numbers: `repr` (`complex_repr` in CPython's
//! `Objects/complexobject.c`) and `complex.__format__`
//! (`format_complex_internal` in `Python/formatter_unicode.c`).

use super::float::{double_to_string, DTSF_ALT, DTSF_NO_NEG_0, DTSF_SIGN};
use super::render::{calc_padding, fill_number, split_float, Number};
use super::spec::{FormatSpec, Grouping};
use super::{unknown_presentation_type, FormatError};

fn is_plus_zero(x: f64) -> bool {
    x == 0.0 && x.is_sign_positive()
}

/// `repr(z)` (and `str(z)`) of a complex: `'1j'`, `'(1+2j)'`, `'(-0-0j)'`,
/// `'(nan+infj)'`.
pub fn complex_repr(re: f64, im: f64) -> String {
    if is_plus_zero(re) {
        format!("{}j", double_to_string(im, 'r', 0, 0).0)
    } else {
        format!(
            "({}{}j)",
            double_to_string(re, 'r', 0, 0).0,
            double_to_string(im, 'r', 0, DTSF_SIGN).0
        )
    }
}

/// `complex.__format__(z, spec)`; an empty spec is `str(z)`.
pub fn format_complex(
    re: f64,
    im: f64,
    spec: &str,
    type_name: &str,
) -> Result<String, FormatError> {
    if spec.is_empty() {
        return Ok(complex_repr(re, im));
    }
    let spec = FormatSpec::parse_for(spec, type_name)?;
    format_complex_spec(re, im, &spec, type_name)
}

/// [`format_complex`] with a parsed spec.
pub fn format_complex_spec(
    re: f64,
    im: f64,
    spec: &FormatSpec,
    type_name: &str,
) -> Result<String, FormatError> {
    let format = spec.resolve('\0', '>')?;
    match format.ty {
        '\0' | 'e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'n' => {}
        t => return Err(unknown_presentation_type(t, type_name)),
    }
    if format.precision > i32::MAX as i64 {
        return Err(FormatError::value("precision too big"));
    }
    if format.fill == '0' {
        return Err(FormatError::value(
            "Zero padding is not allowed in complex format specifier",
        ));
    }
    if format.align == '=' {
        return Err(FormatError::value(
            "'=' alignment flag is not allowed in complex format specifier",
        ));
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
    let mut skip_re = false;
    let mut add_parens = false;
    if ty == '\0' {
        ty = 'r';
        default_precision = 0;
        if is_plus_zero(re) {
            skip_re = true;
        } else {
            add_parens = true;
        }
    }
    if ty == 'n' {
        ty = 'g';
    }
    let mut precision = format.precision;
    if precision < 0 {
        precision = default_precision;
    } else if ty == 'r' {
        ty = 'g';
    }
    let (re_buf, _) = double_to_string(re, ty, precision, flags);
    let (im_buf, _) = double_to_string(im, ty, precision, flags);

    let mut tmp = format.clone();
    if format.ty == 'n' {
        tmp.grouping = Grouping::Locale;
    }
    tmp.fill = '\0';
    tmp.align = '<';
    tmp.width = -1;
    let piece = |buf: &str, tmp: &super::spec::Resolved| {
        let (negative, body) = match buf.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, buf),
        };
        let (digits, has_decimal, remainder) = split_float(body);
        fill_number(
            &Number {
                negative,
                prefix: "",
                digits,
                has_decimal,
                remainder,
            },
            tmp,
            false,
        )
    };
    let re_text = if skip_re {
        String::new()
    } else {
        piece(&re_buf, &tmp)
    };
    if !skip_re {
        tmp.sign = '+';
    }
    let im_text = piece(&im_buf, &tmp);
    let mut body = String::new();
    if add_parens {
        body.push('(');
    }
    body.push_str(&re_text);
    body.push_str(&im_text);
    body.push('j');
    if add_parens {
        body.push(')');
    }
    let nchars = body.chars().count() as i64;
    let (l, r) = calc_padding(nchars, format.width, format.align);
    let mut out = String::new();
    for _ in 0..l {
        out.push(format.fill);
    }
    out.push_str(&body);
    for _ in 0..r {
        out.push(format.fill);
    }
    Ok(out)
}
