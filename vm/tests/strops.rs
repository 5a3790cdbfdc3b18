//! The `str` method algorithms of `pyrite_vm::strops` against CPython 3.11:
//! every case in `strops_cases.txt` (regenerate with
//! `python3 tools/gen_strops_cases.py`; its docstring describes the format).

use pyrite_vm::strops::{self, chars, AutoNumber, FieldAccessor, FieldFirst, Mapping, StrOpError};

fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut it = s.chars();
    while let Some(c) = it.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match it.next() {
            Some('\\') => out.push('\\'),
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('u') => {
                assert_eq!(it.next(), Some('{'));
                let hex: String = it.by_ref().take_while(|&c| c != '}').collect();
                let code = u32::from_str_radix(&hex, 16).unwrap();
                out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
            }
            other => panic!("bad escape {other:?}"),
        }
    }
    out
}

/// A field: `None` for `\N`.
fn field(s: &str) -> Option<String> {
    (s != "\\N").then(|| unescape(s))
}

/// A result field of the case file: `\N` (None) is kept as is.
fn result_field(s: &str) -> String {
    if s == "\\N" {
        s.to_string()
    } else {
        unescape(s)
    }
}

/// What a case produced: result fields, or the exception's name and its
/// message (followed, for `fparse`/`fname`, by the items before the error).
type Outcome = Result<Vec<String>, (String, Vec<String>)>;

fn err(e: StrOpError) -> (String, Vec<String>) {
    (e.kind.name().to_string(), vec![e.message.into_owned()])
}

fn b(x: bool) -> String {
    if x { "True" } else { "False" }.to_string()
}

fn int(s: &str) -> i64 {
    s.parse().unwrap_or_else(|_| panic!("bad int {s:?}"))
}

fn opt_int(s: &Option<String>) -> Option<i64> {
    s.as_deref().map(int)
}

fn one_char(s: &str) -> char {
    let mut it = s.chars();
    let c = it.next().unwrap();
    assert!(it.next().is_none());
    c
}

fn strs<S: ToString>(v: impl IntoIterator<Item = S>) -> Vec<String> {
    v.into_iter().map(|s| s.to_string()).collect()
}

fn lookup(i: Option<usize>) -> String {
    i.map_or(-1, |i| i as i64).to_string()
}

/// `FMT.format('a', 'b', 'c', x='X', y='Y')` for fields without spec or
/// conversion, as the VM would drive the parsers.
fn format_call(fmt: &str) -> Result<String, (String, Vec<String>)> {
    let args = ["a", "b", "c"];
    let mut auto = AutoNumber::new();
    let mut out = String::new();
    for item in strops::FormatParser::new(fmt) {
        let item = item.map_err(err)?;
        out.push_str(item.literal);
        let Some(f) = item.field else { continue };
        assert!(f.conversion.is_none() && f.spec.is_empty());
        let (first, rest) = strops::split_field_name(f.name).map_err(err)?;
        let value = match auto.resolve(first).map_err(err)? {
            FieldFirst::Index(i) => *args.get(i).ok_or_else(|| {
                (
                    "IndexError".to_string(),
                    vec![format!(
                        "Replacement index {i} out of range for positional args tuple"
                    )],
                )
            })?,
            FieldFirst::Name(n) => match n {
                "x" => "X",
                "y" => "Y",
                _ => return Err(("KeyError".to_string(), vec![format!("'{n}'")])),
            },
        };
        assert_eq!(rest.count(), 0);
        out.push_str(value);
    }
    Ok(out)
}

fn run(kind: &str, a: &[Option<String>]) -> Outcome {
    let s = a.first().and_then(|x| x.as_deref()).unwrap_or("");
    let arg = |i: usize| a[i].as_deref().unwrap();
    let ok = |v: Vec<String>| -> Outcome { Ok(v) };
    match kind {
        "split" => strops::split(s, a[1].as_deref(), int(arg(2)))
            .map(strs)
            .map_err(err),
        "rsplit" => strops::rsplit(s, a[1].as_deref(), int(arg(2)))
            .map(strs)
            .map_err(err),
        "splitlines" => ok(strs(strops::splitlines(s, arg(1) == "1"))),
        "partition" => strops::partition(s, arg(1))
            .map(|(x, y, z)| strs([x, y, z]))
            .map_err(err),
        "rpartition" => strops::rpartition(s, arg(1))
            .map(|(x, y, z)| strs([x, y, z]))
            .map_err(err),
        "strip" => ok(strs([strops::strip(s, a[1].as_deref())])),
        "lstrip" => ok(strs([strops::lstrip(s, a[1].as_deref())])),
        "rstrip" => ok(strs([strops::rstrip(s, a[1].as_deref())])),
        "search" => {
            let (sub, st, en) = (arg(1), opt_int(&a[2]), opt_int(&a[3]));
            let find = strops::find(s, sub, st, en);
            let rfind = strops::rfind(s, sub, st, en);
            // index/rindex are find/rfind with an error.
            let index = strops::index(s, sub, st, en);
            let rindex = strops::rindex(s, sub, st, en);
            for (r, f) in [(&index, find), (&rindex, rfind)] {
                match (r, f) {
                    (Ok(i), Some(j)) => assert_eq!(*i, j),
                    (Err(e), None) => assert_eq!(e.message, "substring not found"),
                    _ => panic!("index disagrees with find"),
                }
            }
            ok(vec![
                lookup(find),
                lookup(rfind),
                strops::count(s, sub, st, en).to_string(),
                b(strops::startswith(s, sub, st, en)),
                b(strops::endswith(s, sub, st, en)),
            ])
        }
        "replace" => strops::replace(s, arg(1), arg(2), int(arg(3)))
            .map(|r| strs([r]))
            .map_err(err),
        "removeprefix" => ok(strs([strops::removeprefix(s, arg(1))])),
        "removesuffix" => ok(strs([strops::removesuffix(s, arg(1))])),
        "center" => strops::center(s, int(arg(1)), one_char(arg(2)))
            .map(|r| strs([r]))
            .map_err(err),
        "ljust" => strops::ljust(s, int(arg(1)), one_char(arg(2)))
            .map(|r| strs([r]))
            .map_err(err),
        "rjust" => strops::rjust(s, int(arg(1)), one_char(arg(2)))
            .map(|r| strs([r]))
            .map_err(err),
        "zfill" => strops::zfill(s, int(arg(1)))
            .map(|r| strs([r]))
            .map_err(err),
        "expandtabs" => strops::expandtabs(s, int(arg(1)) as i32)
            .map(|r| strs([r]))
            .map_err(err),
        "lower" => ok(vec![strops::lower(s)]),
        "upper" => ok(vec![strops::upper(s)]),
        "casefold" => ok(vec![strops::casefold(s)]),
        "capitalize" => ok(vec![strops::capitalize(s)]),
        "title" => ok(vec![strops::title(s)]),
        "swapcase" => ok(vec![strops::swapcase(s)]),
        "isalpha" => ok(vec![b(strops::isalpha(s))]),
        "isdecimal" => ok(vec![b(strops::isdecimal(s))]),
        "isdigit" => ok(vec![b(strops::isdigit(s))]),
        "isnumeric" => ok(vec![b(strops::isnumeric(s))]),
        "isalnum" => ok(vec![b(strops::isalnum(s))]),
        "isspace" => ok(vec![b(strops::isspace(s))]),
        "isprintable" => ok(vec![b(strops::isprintable(s))]),
        "islower" => ok(vec![b(strops::islower(s))]),
        "isupper" => ok(vec![b(strops::isupper(s))]),
        "istitle" => ok(vec![b(strops::istitle(s))]),
        "isidentifier" => ok(vec![b(strops::isidentifier(s))]),
        "isascii" => ok(vec![b(strops::isascii(s))]),
        "translate" => {
            let n: usize = arg(1).parse().unwrap();
            let table: Vec<(char, String)> = (0..n)
                .map(|i| (one_char(arg(2 + 2 * i)), arg(3 + 2 * i).to_string()))
                .collect();
            strops::translate(s, |c| {
                let Some((_, v)) = table.iter().find(|(k, _)| *k == c) else {
                    return Ok(Mapping::Keep);
                };
                Ok(if v == "n" {
                    Mapping::Delete
                } else if let Some(t) = v.strip_prefix("s:") {
                    Mapping::Str(t.to_string())
                } else {
                    let cp = strops::check_mapping_code_point(int(&v[2..]))?;
                    Mapping::Char(char::from_u32(cp).unwrap())
                })
            })
            .map(|r| vec![r])
            .map_err(err)
        }
        "fparse" => {
            let mut items = Vec::new();
            for item in strops::FormatParser::new(s) {
                match item {
                    Ok(it) => {
                        items.push(it.literal.to_string());
                        match it.field {
                            None => items.extend(["\\N", "\\N", "\\N"].map(String::from)),
                            Some(f) => {
                                assert_eq!(f.spec_needs_expanding, f.spec.contains('{'));
                                items.push(f.name.to_string());
                                items.push(f.spec.to_string());
                                items.push(f.conversion.map_or("\\N".to_string(), String::from));
                            }
                        }
                    }
                    Err(e) => {
                        let mut v = vec![e.message.into_owned()];
                        v.extend(items);
                        return Err(("ValueError".to_string(), v));
                    }
                }
            }
            Ok(items)
        }
        "fname" => {
            let mut items = Vec::new();
            let fail = |e: StrOpError, items: Vec<String>| {
                let mut v = vec![e.message.into_owned()];
                v.extend(items);
                ("ValueError".to_string(), v)
            };
            let (first, rest) = match strops::split_field_name(s) {
                Ok(x) => x,
                Err(e) => return Err(fail(e, items)),
            };
            items.push(match first {
                FieldFirst::Index(i) => format!("i:{i}"),
                FieldFirst::Name(n) => format!("s:{n}"),
            });
            for acc in rest {
                match acc {
                    Ok(FieldAccessor::Attr(n)) => items.push(format!("a:{n}")),
                    Ok(FieldAccessor::Index(i)) => items.push(format!("i:{i}")),
                    Ok(FieldAccessor::Key(k)) => items.push(format!("k:{k}")),
                    Err(e) => return Err(fail(e, items)),
                }
            }
            Ok(items)
        }
        "format" => format_call(s).map(|r| vec![r]),
        "conv" => {
            // As the VM does it: the parser drops `!\0`, the rest is checked.
            let fmt = format!("{{!{s}}}");
            let item = strops::FormatParser::new(&fmt)
                .next()
                .unwrap()
                .map_err(err)?;
            match item.field.unwrap().conversion {
                None => ok(vec![s.to_string()]),
                Some(c) => strops::check_conversion(c)
                    .map(|c| vec![c.to_string()])
                    .map_err(err),
            }
        }
        "char" => {
            let c = char::from_u32(u32::from_str_radix(s, 16).unwrap()).unwrap();
            let flags = [
                chars::is_alpha(c),
                chars::is_decimal(c),
                chars::is_digit(c),
                chars::is_numeric(c),
                chars::is_alnum(c),
                chars::is_space(c),
                chars::is_printable(c),
                chars::is_lowercase(c),
                chars::is_uppercase(c),
                // str.istitle() of one character.
                chars::is_titlecase(c) || chars::is_uppercase(c),
                chars::is_xid_start(c),
                chars::is_xid_continue(c),
                chars::is_cased(c),
                chars::is_case_ignorable(c),
            ];
            let mapped = |m: chars::CaseMapping| {
                let mut o = String::new();
                m.push_to(&mut o);
                o
            };
            // The str-level functions must agree with the char-level ones.
            let one = c.to_string();
            assert_eq!(strops::isalpha(&one), flags[0]);
            assert_eq!(strops::isspace(&one), flags[5]);
            assert_eq!(strops::istitle(&one), flags[9]);
            assert_eq!(strops::isidentifier(&one), flags[10]);
            ok(vec![
                flags.iter().map(|&f| if f { '1' } else { '0' }).collect(),
                chars::decimal_value(c).map_or(-1, i64::from).to_string(),
                strops::lower(&one),
                mapped(chars::to_upper_full(c)),
                mapped(chars::to_title_full(c)),
                mapped(chars::to_folded_full(c)),
            ])
        }
        _ => panic!("unknown kind {kind}"),
    }
}

#[test]
fn cpython_strops_cases() {
    let data = include_str!("strops_cases.txt");
    let mut total = 0;
    let mut failures = Vec::new();
    for line in data.lines() {
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        total += 1;
        let raw: Vec<&str> = line.split('\t').collect();
        let arity = match raw[0] {
            "splitlines" | "partition" | "rpartition" | "strip" | "lstrip" | "rstrip" | "zfill"
            | "expandtabs" | "removeprefix" | "removesuffix" => 2,
            "split" | "rsplit" | "center" | "ljust" | "rjust" => 3,
            "search" | "replace" => 4,
            "translate" => 2 + 2 * raw[2].parse::<usize>().unwrap(),
            _ => 1,
        };
        let args: Vec<Option<String>> = raw[1..=arity].iter().map(|f| field(f)).collect();
        let outcome = raw[arity + 1];
        let fields: Vec<String> = raw[arity + 2..].iter().map(|f| result_field(f)).collect();
        let expected: Outcome = if outcome == "ok" {
            Ok(fields)
        } else {
            Err((outcome.to_string(), fields))
        };
        let got = std::panic::catch_unwind(|| run(raw[0], &args))
            .unwrap_or_else(|_| Err(("panic".to_string(), vec![])));
        if got != expected {
            failures.push(format!(
                "{line}\n    expected {expected:?}\n    got      {got:?}"
            ));
        }
    }
    eprintln!(
        "{} of {} CPython str cases pass",
        total - failures.len(),
        total
    );
    if !failures.is_empty() {
        let shown: Vec<_> = failures.iter().take(60).cloned().collect();
        panic!(
            "{} of {} cases fail:\n{}",
            failures.len(),
            total,
            shown.join("\n")
        );
    }
}

#[test]
fn format_spec_expansion_and_auto_numbering() {
    // "{:{}}" — the nested field continues the outer auto-numbering.
    let items: Vec<_> = strops::FormatParser::new("{:{}}")
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(items.len(), 1);
    let f = items[0].field.unwrap();
    assert!(f.spec_needs_expanding);
    assert_eq!((f.name, f.spec), ("", "{}"));
    let mut auto = AutoNumber::new();
    assert_eq!(auto.resolve(FieldFirst::Name("")), Ok(FieldFirst::Index(0)));
    let inner: Vec<_> = strops::FormatParser::new(f.spec)
        .collect::<Result<_, _>>()
        .unwrap();
    let (first, _) = strops::split_field_name(inner[0].field.unwrap().name).unwrap();
    assert_eq!(auto.resolve(first), Ok(FieldFirst::Index(1)));
    assert_eq!(
        auto.resolve(FieldFirst::Name("kw")),
        Ok(FieldFirst::Name("kw"))
    );
    assert!(auto.resolve(FieldFirst::Index(0)).is_err());
}

#[test]
fn translate_call_counts() {
    // ASCII input: one lookup per distinct character while results stay
    // ASCII; from a non-ASCII result on, one per character (that one twice).
    let mut calls = Vec::new();
    let r = strops::translate("abab", |c| -> Result<Mapping, StrOpError> {
        calls.push(c);
        Ok(Mapping::Char(c.to_ascii_uppercase()))
    })
    .unwrap();
    assert_eq!(r, "ABAB");
    assert_eq!(calls, ['a', 'b']);
    calls.clear();
    let r = strops::translate("abab", |c| -> Result<Mapping, StrOpError> {
        calls.push(c);
        Ok(if c == 'b' {
            Mapping::Str("語".into())
        } else {
            Mapping::Keep
        })
    })
    .unwrap();
    assert_eq!(r, "a語a語");
    assert_eq!(calls, ['a', 'b', 'b', 'a', 'b']);
}

#[test]
fn borrowed_when_unchanged() {
    use std::borrow::Cow;
    assert!(matches!(
        strops::replace("abc", "x", "y", -1),
        Ok(Cow::Borrowed("abc"))
    ));
    assert!(matches!(
        strops::center("abc", 2, ' '),
        Ok(Cow::Borrowed("abc"))
    ));
    assert!(matches!(strops::zfill("abc", 3), Ok(Cow::Borrowed("abc"))));
    assert!(matches!(
        strops::expandtabs("abc", 8),
        Ok(Cow::Borrowed("abc"))
    ));
    assert_eq!(strops::char_len("a語𝔘"), 3);
}
