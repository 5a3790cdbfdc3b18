//! The parsing half of `str.format` / `str.format_map` /
//! `string.Formatter` (`Objects/stringlib/unicode_format.h`): splitting a
//! format string into literal text and replacement fields, and a field
//! name into its first part and the `.attr` / `[key]` accessors after it.
//! The VM resolves fields, converts (`!r !s !a`), expands nested format
//! specs (recursion depth 2: "Max string recursion exceeded") and calls
//! `__format__`.
//!
//! Both parsers are lazy iterators, like CPython's: a syntax error late in
//! the string is raised only after the earlier fields were looked up and
//! formatted (whose side effects, and errors, come first).

use super::chars::decimal_value;
use super::StrOpError;

/// One step of [`FormatParser`] (`MarkupIterator_next`): literal text and
/// the replacement field after it, if any. `{{` and `}}` end a literal (the
/// literal keeps one brace) with no field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FormatItem<'a> {
    /// Literal text, unescaped (may be empty).
    pub literal: &'a str,
    pub field: Option<FormatField<'a>>,
}

/// A replacement field `{name!conversion:spec}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FormatField<'a> {
    /// The field name (`""` for auto-numbering), to split with
    /// [`split_field_name`].
    pub name: &'a str,
    /// The character after `!`, unchecked ([`check_conversion`] after the
    /// field is resolved); `None` without `!` (or for `!\0`, like CPython).
    pub conversion: Option<char>,
    /// The format spec (`""` if none), still to be expanded when
    /// `spec_needs_expanding`.
    pub spec: &'a str,
    /// The spec contains `{`: format it with the same arguments (and
    /// auto-numbering state) first.
    pub spec_needs_expanding: bool,
}

/// Iterator over a format string's [`FormatItem`]s; stops after an error.
#[derive(Clone, Debug)]
pub struct FormatParser<'a> {
    s: &'a str,
    pos: usize,
    done: bool,
}

impl<'a> FormatParser<'a> {
    /// A parser of `s`.
    pub fn new(s: &'a str) -> FormatParser<'a> {
        FormatParser {
            s,
            pos: 0,
            done: false,
        }
    }

    /// `parse_field`, from just after the `{`.
    fn parse_field(&mut self) -> Result<FormatField<'a>, StrOpError> {
        let s = self.s;
        let b = s.as_bytes();
        let n = b.len();
        let mut pos = self.pos;
        let name_start = pos;
        let mut c = 0u8;
        while pos < n {
            c = b[pos];
            pos += 1;
            match c {
                b'{' => return Err(StrOpError::value("unexpected '{' in field name")),
                b'[' => {
                    while pos < n && b[pos] != b']' {
                        pos += 1;
                    }
                    continue;
                }
                b'}' | b':' | b'!' => break,
                _ => continue,
            }
        }
        let name = &s[name_start..(pos - 1).max(name_start)];
        let mut field = FormatField {
            name,
            conversion: None,
            spec: "",
            spec_needs_expanding: false,
        };
        if c == b'!' || c == b':' {
            if c == b'!' {
                let Some(conv) = s[pos..].chars().next() else {
                    return Err(StrOpError::value(
                        "end of string while looking for conversion specifier",
                    ));
                };
                pos += conv.len_utf8();
                field.conversion = (conv != '\0').then_some(conv);
                if pos < n {
                    let c = b[pos];
                    pos += 1;
                    if c == b'}' {
                        self.pos = pos;
                        return Ok(field);
                    }
                    if c != b':' {
                        return Err(StrOpError::value("expected ':' after conversion specifier"));
                    }
                }
            }
            let spec_start = pos;
            let mut count = 1;
            while pos < n {
                let c = b[pos];
                pos += 1;
                if c == b'{' {
                    field.spec_needs_expanding = true;
                    count += 1;
                } else if c == b'}' {
                    count -= 1;
                    if count == 0 {
                        field.spec = &s[spec_start..pos - 1];
                        self.pos = pos;
                        return Ok(field);
                    }
                }
            }
            return Err(StrOpError::value("unmatched '{' in format spec"));
        }
        if c != b'}' {
            return Err(StrOpError::value("expected '}' before end of string"));
        }
        self.pos = pos;
        Ok(field)
    }

    fn next_item(&mut self) -> Result<FormatItem<'a>, StrOpError> {
        let b = self.s.as_bytes();
        let n = b.len();
        let start = self.pos;
        let mut pos = self.pos;
        let mut c = 0u8;
        let mut markup_follows = false;
        while pos < n {
            c = b[pos];
            pos += 1;
            if c == b'{' || c == b'}' {
                markup_follows = true;
                break;
            }
        }
        let at_end = pos >= n;
        let mut lit_end = pos;
        if c == b'}' && markup_follows && (at_end || b[pos] != b'}') {
            return Err(StrOpError::value("Single '}' encountered in format string"));
        }
        if at_end && c == b'{' {
            return Err(StrOpError::value("Single '{' encountered in format string"));
        }
        if !at_end {
            if b[pos] == c {
                // `{{` or `}}`: the literal keeps the first brace.
                pos += 1;
                markup_follows = false;
            } else {
                lit_end -= 1;
            }
        }
        self.pos = pos;
        let literal = &self.s[start..lit_end];
        if !markup_follows {
            return Ok(FormatItem {
                literal,
                field: None,
            });
        }
        let field = self.parse_field()?;
        Ok(FormatItem {
            literal,
            field: Some(field),
        })
    }
}

impl<'a> Iterator for FormatParser<'a> {
    type Item = Result<FormatItem<'a>, StrOpError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done || self.pos >= self.s.len() {
            return None;
        }
        let item = self.next_item();
        if item.is_err() {
            self.done = true;
        }
        Some(item)
    }
}

/// `do_conversion`'s check of a conversion character: `r`, `s` or `a`,
/// else `ValueError: Unknown conversion specifier X` (`\xNN` for a
/// character outside printable ASCII).
pub fn check_conversion(c: char) -> Result<char, StrOpError> {
    match c {
        'r' | 's' | 'a' => Ok(c),
        _ if (c as u32) > 32 && (c as u32) < 127 => Err(StrOpError::value(format!(
            "Unknown conversion specifier {c}"
        ))),
        _ => Err(StrOpError::value(format!(
            "Unknown conversion specifier \\x{:x}",
            c as u32
        ))),
    }
}

/// `get_integer`: the value of an all-decimal-digits string (any Unicode
/// decimal digits), `None` for an empty or non-numeric one, `ValueError:
/// Too many decimal digits in format string` past `PY_SSIZE_T_MAX`.
fn get_integer(s: &str) -> Result<Option<usize>, StrOpError> {
    if s.is_empty() {
        return Ok(None);
    }
    let mut acc: i64 = 0;
    for c in s.chars() {
        let Some(d) = decimal_value(c) else {
            return Ok(None);
        };
        let d = i64::from(d);
        if acc > (i64::MAX - d) / 10 {
            return Err(StrOpError::value(
                "Too many decimal digits in format string",
            ));
        }
        acc = acc * 10 + d;
    }
    Ok(Some(acc as usize))
}

/// The first part of a field name: a positional index if it is all
/// decimal digits, else a keyword name (`""` when omitted: auto-numbering,
/// see [`AutoNumber`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldFirst<'a> {
    Index(usize),
    Name(&'a str),
}

/// One accessor after the first part of a field name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldAccessor<'a> {
    /// `.name`: `getattr(obj, name)`.
    Attr(&'a str),
    /// `[digits]`: `obj[int]`.
    Index(usize),
    /// `[text]`: `obj[str]` (any text but `]`, no quotes).
    Key(&'a str),
}

/// `field_name_split` (without auto-numbering, as
/// `_string.formatter_field_name_split`): the first part of a field name
/// (up to the first `.` or `[`) and the iterator over the rest. Fails only
/// with "Too many decimal digits in format string".
pub fn split_field_name(name: &str) -> Result<(FieldFirst<'_>, FieldNameRest<'_>), StrOpError> {
    let end = name
        .bytes()
        .position(|b| b == b'.' || b == b'[')
        .unwrap_or(name.len());
    let first = &name[..end];
    let first = match get_integer(first)? {
        Some(i) => FieldFirst::Index(i),
        None => FieldFirst::Name(first),
    };
    Ok((
        first,
        FieldNameRest {
            rest: &name[end..],
            done: false,
        },
    ))
}

/// The accessors after a field name's first part (`FieldNameIterator`);
/// stops after an error: "Only '.' or '[' may follow ']' in format field
/// specifier", "Missing ']' in format string", "Empty attribute in format
/// string", "Too many decimal digits in format string".
#[derive(Clone, Debug)]
pub struct FieldNameRest<'a> {
    rest: &'a str,
    done: bool,
}

impl<'a> FieldNameRest<'a> {
    fn next_accessor(&mut self) -> Result<FieldAccessor<'a>, StrOpError> {
        let s = self.rest;
        let b = s.as_bytes();
        let (name, acc) = match b[0] {
            b'.' => {
                let end = b[1..]
                    .iter()
                    .position(|&c| c == b'.' || c == b'[')
                    .map_or(b.len(), |p| p + 1);
                self.rest = &s[end..];
                let name = &s[1..end];
                (name, FieldAccessor::Attr(name))
            }
            b'[' => {
                let Some(p) = b[1..].iter().position(|&c| c == b']') else {
                    return Err(StrOpError::value("Missing ']' in format string"));
                };
                let name = &s[1..p + 1];
                self.rest = &s[p + 2..];
                let acc = match get_integer(name)? {
                    Some(i) => FieldAccessor::Index(i),
                    None => FieldAccessor::Key(name),
                };
                (name, acc)
            }
            _ => {
                return Err(StrOpError::value(
                    "Only '.' or '[' may follow ']' in format field specifier",
                ))
            }
        };
        if name.is_empty() {
            return Err(StrOpError::value("Empty attribute in format string"));
        }
        Ok(acc)
    }
}

impl<'a> Iterator for FieldNameRest<'a> {
    type Item = Result<FieldAccessor<'a>, StrOpError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done || self.rest.is_empty() {
            return None;
        }
        let r = self.next_accessor();
        if r.is_err() {
            self.done = true;
        }
        Some(r)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum AutoState {
    Init,
    Auto,
    Manual,
}

/// The auto-numbering state of one `str.format` call (shared with its
/// nested format specs): `{}` takes the next positional index, and mixing
/// `{}` with `{0}` is an error.
#[derive(Clone, Debug)]
pub struct AutoNumber {
    state: AutoState,
    next: usize,
}

impl Default for AutoNumber {
    fn default() -> Self {
        AutoNumber::new()
    }
}

impl AutoNumber {
    /// The state at the start of a `format` call.
    pub fn new() -> AutoNumber {
        AutoNumber {
            state: AutoState::Init,
            next: 0,
        }
    }

    /// The first part of a field name (from [`split_field_name`]) for
    /// lookup: `Name("")` becomes the next index. Errors: "cannot switch
    /// from manual field specification to automatic field numbering" and
    /// "cannot switch from automatic field numbering to manual field
    /// specification". Names other than `""` do not touch the state.
    pub fn resolve<'a>(&mut self, first: FieldFirst<'a>) -> Result<FieldFirst<'a>, StrOpError> {
        let empty = first == FieldFirst::Name("");
        let numeric = empty || matches!(first, FieldFirst::Index(_));
        if !numeric {
            return Ok(first);
        }
        if self.state == AutoState::Init {
            self.state = if empty {
                AutoState::Auto
            } else {
                AutoState::Manual
            };
        }
        match (self.state, empty) {
            (AutoState::Manual, true) => Err(StrOpError::value(
                "cannot switch from manual field specification to automatic field numbering",
            )),
            (AutoState::Auto, false) => Err(StrOpError::value(
                "cannot switch from automatic field numbering to manual field specification",
            )),
            (_, true) => {
                let i = self.next;
                self.next += 1;
                Ok(FieldFirst::Index(i))
            }
            _ => Ok(first),
        }
    }
}
