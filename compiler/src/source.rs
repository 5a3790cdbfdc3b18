//! From the bytes of a source file to the text the tokenizer reads:
//! UTF-8 BOM, PEP 263 encoding declarations, and universal newlines —
//! the steps CPython's tokenizer performs before it sees the first token.

use crate::error::SyntaxError;

/// Decode `bytes` as CPython decodes a source file, and normalise `\r\n` and
/// `\r` to `\n` (positions are reported on the normalised text, as CPython's
/// string tokenizer does).
pub fn decode_source(bytes: &[u8]) -> Result<String, SyntaxError> {
    let (body, has_bom) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (rest, true),
        None => (bytes, false),
    };
    let text = match declared_encoding(body) {
        None => decode_utf8(body)?,
        Some(name) => {
            let norm = normalise_encoding_name(&name);
            if has_bom && norm != "utf-8" {
                return Err(SyntaxError::new(
                    "encoding problem: utf8 with BOM",
                    0,
                    0,
                    0,
                    0,
                ));
            }
            decode_with(&norm, &name, body)?
        }
    };
    if text.contains('\0') {
        return Err(SyntaxError::new(
            "source code cannot contain null bytes",
            0,
            0,
            0,
            0,
        ));
    }
    Ok(normalise_newlines(text))
}

/// Translate `\r\n` and lone `\r` into `\n`.
pub fn normalise_newlines(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}

fn decode_utf8(body: &[u8]) -> Result<String, SyntaxError> {
    match std::str::from_utf8(body) {
        Ok(s) => Ok(s.to_owned()),
        Err(e) => {
            let pos = e.valid_up_to();
            let lineno = body[..pos].iter().filter(|&&b| b == b'\n').count() as u32 + 1;
            Err(SyntaxError::new(
                format!(
                    "Non-UTF-8 code starting with '\\x{:02x}' in file, but no encoding declared; \
                     see https://peps.python.org/pep-0263/ for details",
                    body[pos]
                ),
                lineno,
                0,
                lineno,
                0,
            ))
        }
    }
}

/// The encoding named by a PEP 263 comment on line 1, or on line 2 when
/// line 1 is blank or a comment.
fn declared_encoding(body: &[u8]) -> Option<String> {
    let mut lines = body.split(|&b| b == b'\n' || b == b'\r');
    let first = lines.next()?;
    if let Some(enc) = coding_spec(first) {
        return Some(enc);
    }
    let t = trim_ws(first);
    if !(t.is_empty() || t[0] == b'#') {
        return None;
    }
    coding_spec(lines.next()?)
}

fn trim_ws(line: &[u8]) -> &[u8] {
    let start = line
        .iter()
        .position(|&b| !matches!(b, b' ' | b'\t' | b'\x0c'))
        .unwrap_or(line.len());
    &line[start..]
}

/// Match `^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)` on one line.
fn coding_spec(line: &[u8]) -> Option<String> {
    let t = trim_ws(line);
    if t.first() != Some(&b'#') {
        return None;
    }
    let mut i = 0;
    while i + 6 < t.len() {
        if &t[i..i + 6] == b"coding" && matches!(t[i + 6], b':' | b'=') {
            let mut j = i + 7;
            while j < t.len() && matches!(t[j], b' ' | b'\t') {
                j += 1;
            }
            let start = j;
            while j < t.len()
                && (t[j].is_ascii_alphanumeric() || matches!(t[j], b'-' | b'_' | b'.'))
            {
                j += 1;
            }
            if j > start {
                return Some(String::from_utf8_lossy(&t[start..j]).into_owned());
            }
        }
        i += 1;
    }
    None
}

/// CPython's `get_normal_name`: the spellings of utf-8 and latin-1.
fn normalise_encoding_name(name: &str) -> String {
    let lower: String = name
        .chars()
        .take(12)
        .map(|c| {
            if c == '_' {
                '-'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect();
    if lower == "utf-8" || lower.starts_with("utf-8-") {
        "utf-8".into()
    } else if ["latin-1", "iso-8859-1", "iso-latin-1"].contains(&lower.as_str())
        || ["latin-1-", "iso-8859-1-", "iso-latin-1-"]
            .iter()
            .any(|p| lower.starts_with(p))
    {
        "iso-8859-1".into()
    } else {
        name.to_ascii_lowercase().replace('_', "-")
    }
}

fn decode_with(norm: &str, original: &str, body: &[u8]) -> Result<String, SyntaxError> {
    match norm {
        "utf-8" | "utf8" => decode_utf8(body),
        // Latin-1 maps each byte to the code point of the same value.
        "iso-8859-1" | "latin1" | "l1" | "latin" => Ok(body.iter().map(|&b| b as char).collect()),
        "ascii" | "us-ascii" | "646" => {
            if let Some(pos) = body.iter().position(|&b| b >= 0x80) {
                return Err(SyntaxError::new(
                    format!(
                        "(unicode error) 'ascii' codec can't decode byte 0x{:02x} in position {}: \
                         ordinal not in range(128)",
                        body[pos], pos
                    ),
                    1,
                    0,
                    1,
                    0,
                ));
            }
            Ok(String::from_utf8(body.to_vec()).unwrap())
        }
        _ => {
            let label = match norm {
                "cp1252" => "windows-1252",
                "cp1251" => "windows-1251",
                "cp1250" => "windows-1250",
                "cp866" => "ibm866",
                other => other,
            };
            let enc = encoding_rs::Encoding::for_label(label.as_bytes()).ok_or_else(|| {
                SyntaxError::new(format!("unknown encoding: {}", original), 0, 0, 0, 0)
            })?;
            let (text, had_errors) = enc.decode_without_bom_handling(body);
            if had_errors {
                return Err(SyntaxError::new(
                    format!(
                        "(unicode error) '{}' codec can't decode the source",
                        original
                    ),
                    1,
                    0,
                    1,
                    0,
                ));
            }
            Ok(text.into_owned())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_and_cookies() {
        assert_eq!(decode_source(b"\xEF\xBB\xBFx = 1\r\n").unwrap(), "x = 1\n");
        assert_eq!(
            decode_source(b"# -*- coding: latin-1 -*-\nx = '\xe9'\n").unwrap(),
            "# -*- coding: latin-1 -*-\nx = 'é'\n"
        );
        let koi =
            decode_source(b"#!/usr/bin/env python\n# vim: set fileencoding=koi8-r :\ns = '\xc1'\n")
                .unwrap();
        assert!(koi.ends_with("s = 'а'\n"), "{}", koi);
        assert!(decode_source(b"# coding: uft-8\n")
            .unwrap_err()
            .msg
            .contains("unknown encoding: uft-8"));
        assert!(decode_source(b"\xEF\xBB\xBF# coding: latin-1\n").is_err());
        assert!(decode_source(b"x = '\xf6'\n").is_err());
        // A cookie on line 2 counts only when line 1 is blank or a comment.
        assert!(decode_source(b"x = 1\n# coding: latin-1\ny = '\xe9'\n").is_err());
    }
}
