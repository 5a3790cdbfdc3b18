//! Printing an uncaught exception as CPython does: the chain of causes
//! and contexts, each traceback (file, line, source line), then
//! `Type: message` and any `__notes__`.

use crate::objects::*;
use crate::types::*;
use crate::value::Value;
use crate::vm::attr::as_type;
use crate::vm::{str_of, Vm};

/// The whole report for `exc`, as text.
pub fn format_exception(vm: &mut Vm, exc: &Value) -> String {
    let mut out = String::new();
    let mut seen = Vec::new();
    format_chain(vm, exc, &mut out, &mut seen);
    out
}

fn format_chain(vm: &mut Vm, exc: &Value, out: &mut String, seen: &mut Vec<u64>) {
    seen.push(exc.to_bits());
    if let Some(d) = downcast::<ExcData>(exc) {
        let cause = d.cause.borrow().clone();
        let context = d.context.borrow().clone();
        if let Some(c) = cause.filter(|c| !seen.contains(&c.to_bits())) {
            format_chain(vm, &c, out, seen);
            out.push_str(
                "\nThe above exception was the direct cause of the following exception:\n\n",
            );
        } else if let Some(c) =
            context.filter(|c| !d.suppress_context.get() && !seen.contains(&c.to_bits()))
        {
            format_chain(vm, &c, out, seen);
            out.push_str(
                "\nDuring handling of the above exception, another exception occurred:\n\n",
            );
        }
    }
    format_one(vm, exc, out);
}

/// `exc` alone, without its causes and contexts: the form of CPython's
/// "Exception ignored in" reports.
pub fn format_unchained(vm: &mut Vm, exc: &Value) -> String {
    let mut out = String::new();
    format_one(vm, exc, &mut out);
    out
}

/// One exception's traceback (if it has one) and `Type: message`.
fn format_one(vm: &mut Vm, exc: &Value, out: &mut String) {
    if let Some(d) = downcast::<ExcData>(exc) {
        if let Some(tb) = d.traceback.borrow().clone() {
            let mut entries = String::new();
            format_tb(&tb, &mut entries);
            // `sys.tracebacklimit`: only the innermost N entries; none
            // (and no header) at 0 or below.
            let limit = tracebacklimit(vm);
            if limit.map_or(true, |l| l > 0) {
                out.push_str("Traceback (most recent call last):\n");
                match limit {
                    Some(l) => {
                        let starts: Vec<usize> = std::iter::once(0)
                            .chain(entries.match_indices("\n  File \"").map(|(i, _)| i + 1))
                            .filter(|&i| i < entries.len())
                            .collect();
                        let skip = starts.len().saturating_sub(l.min(usize::MAX as i128) as usize);
                        let from = starts.get(skip).copied().unwrap_or(entries.len());
                        out.push_str(&entries[from..]);
                    }
                    None => out.push_str(&entries),
                }
            }
        }
    }
    out.push_str(&format_exception_only(vm, exc));
}

/// `sys.tracebacklimit` if it is set to an int (clamped to i128).
fn tracebacklimit(vm: &mut Vm) -> Option<i128> {
    let sys = vm.sys_module.clone()?;
    let d = crate::vm::attr::inst_dict(&sys)?;
    let v = vm.dict_get_str(&d, "tracebacklimit")?;
    if let Some(i) = v.as_i64() {
        return Some(i as i128);
    }
    let i = downcast::<crate::objects::IntData>(&v)?;
    Some(if i.0.is_negative() { i128::MIN } else { i128::MAX })
}

fn format_tb(tb: &Value, out: &mut String) {
    let mut cur = Some(tb.clone());
    while let Some(t) = cur {
        let Some(td) = downcast::<TracebackData>(&t) else {
            break;
        };
        if let Some(fi) = downcast::<FrameInfoData>(&td.frame) {
            if let Some(cd) = downcast::<CodeData>(&fi.code) {
                out.push_str(&format!(
                    "  File \"{}\", line {}, in {}\n",
                    cd.code.filename, td.lineno, cd.code.name
                ));
                if let Some(line) = source_line(&cd.code.filename, td.lineno) {
                    out.push_str(&format!("    {}\n", line.trim()));
                    if let Some(loc) = cd.code.locations.get(td.lasti) {
                        if let Some(carets) = caret_line(&line, loc) {
                            out.push_str(&carets);
                        }
                    }
                }
            }
        }
        cur = td.next.borrow().clone();
    }
}

/// The marker line CPython 3.11 prints under a traceback's source line
/// (`traceback.format_frame_summary`): `^` under the failing expression
/// when it does not span the whole line, with `~` around the operator of
/// a binary operation or the index of a subscript.
fn caret_line(line: &str, loc: &pyrite_compiler::ast::Loc) -> Option<String> {
    use pyrite_compiler::ast::Loc;
    if loc.lineno == 0 || loc.col_offset == Loc::NO_COLUMN || loc.end_col_offset == Loc::NO_COLUMN {
        return None;
    }
    let char_at = |byte: usize| {
        line.get(..byte.min(line.len()))
            .map_or(0, |s| s.chars().count())
    };
    let stripped = line.trim_start();
    let stripped_chars = line.chars().count() - stripped.chars().count();
    let stripped = stripped.trim_end();
    let start = char_at(loc.col_offset as usize);
    let mut end = char_at(loc.end_col_offset as usize);
    let mut anchors = None;
    if loc.lineno == loc.end_lineno {
        let seg: String = line
            .chars()
            .skip(start)
            .take(end.saturating_sub(start))
            .collect();
        anchors = anchors_in(&seg);
    } else {
        end = stripped_chars + stripped.chars().count();
    }
    let len = stripped.chars().count();
    let shows = end.saturating_sub(start) < len || anchors.is_some_and(|(l, r)| r > l);
    if !shows || start < stripped_chars {
        return None;
    }
    let mut s = String::from("    ");
    s.extend(std::iter::repeat_n(' ', start - stripped_chars));
    match anchors {
        Some((l, r)) => {
            s.extend(std::iter::repeat_n('~', l));
            s.extend(std::iter::repeat_n('^', r - l));
            s.extend(std::iter::repeat_n('~', (end - start).saturating_sub(r)));
        }
        None => s.extend(std::iter::repeat_n('^', end - start)),
    }
    s.push('\n');
    Some(s)
}

/// Character offsets (in `seg`) of the `^` part for a binary operation's
/// operator or a subscript's brackets, as CPython's
/// `_extract_caret_anchors_from_line_segment`.
fn anchors_in(seg: &str) -> Option<(usize, usize)> {
    use pyrite_compiler::ast::{ExprKind, Mod, StmtKind};
    let m = pyrite_compiler::parser::parse_module_source(seg).ok()?;
    let Mod::Module { body, .. } = &m else {
        return None;
    };
    if body.len() != 1 {
        return None;
    }
    let StmtKind::Expr { value } = &body[0].kind else {
        return None;
    };
    let chars: Vec<char> = seg.chars().collect();
    let norm = |byte: u32| {
        seg.get(..(byte as usize).min(seg.len()))
            .map_or(0, |s| s.chars().count())
    };
    match &value.kind {
        ExprKind::BinOp { left, right, .. } => {
            let op_start = norm(left.loc.end_col_offset);
            let op_end = norm(right.loc.col_offset);
            let op: String = chars[op_start.min(chars.len())..op_end.min(chars.len())]
                .iter()
                .collect();
            let offset = op.chars().count() - op.trim_start().chars().count();
            let mut l = op_start + offset;
            let mut r = l + 1;
            let opc: Vec<char> = op.chars().collect();
            if offset + 1 < opc.len() && !opc[offset + 1].is_whitespace() {
                r += 1;
            }
            while l < chars.len()
                && (chars[l].is_whitespace() || chars[l] == ')' || chars[l] == '#')
            {
                l += 1;
                r += 1;
            }
            Some((l, r))
        }
        ExprKind::Subscript {
            value: v, slice, ..
        } => {
            let mut l = norm(v.loc.end_col_offset);
            let mut r = norm(slice.loc.end_col_offset) + 1;
            while l < chars.len() && (chars[l].is_whitespace() || chars[l] != '[') {
                l += 1;
            }
            while r < chars.len() && (chars[r].is_whitespace() || chars[r] != ']') {
                r += 1;
            }
            if r < chars.len() {
                r += 1;
            }
            Some((l, r))
        }
        _ => None,
    }
}

fn source_line(filename: &str, lineno: u32) -> Option<String> {
    let text = std::fs::read_to_string(filename).ok()?;
    text.lines()
        .nth(lineno.checked_sub(1)? as usize)
        .map(|s| s.to_string())
}

/// The last line(s): `Type: message` (and SyntaxError's location).
pub fn format_exception_only(vm: &mut Vm, exc: &Value) -> String {
    let t = exc.type_of();
    let mut name = crate::builtins::object::type_qualname_str(t);
    if t.has_flag(crate::object::type_flags::HEAPTYPE) {
        if let Some(m) = crate::vm::attr::type_dict_get(t, "__module__") {
            let ms = str_of(&m).to_string();
            if ms != "__main__" && ms != "builtins" && !ms.is_empty() {
                name = format!("{}.{}", ms, name);
            }
        }
    }
    let mut out = String::new();
    if crate::vm::class::is_instance(exc, &SYNTAX_ERROR_TYPE) {
        let get = |vm: &mut Vm, n: &str| {
            vm.get_attr_opt(exc, n)
                .ok()
                .flatten()
                .filter(|v| !v.is_none())
        };
        // A filename that is not a str prints as its str() (bytes: b'...').
        let fname = match get(vm, "filename") {
            Some(f) if downcast::<StrData>(&f).is_some() => str_of(&f).to_string(),
            Some(f) => match vm.to_str(&f) {
                Ok(s) => str_of(&s).to_string(),
                Err(_) => "<string>".into(),
            },
            None => "<string>".into(),
        };
        // Laid out by the compiler's own renderer (CPython's rules for the
        // caret line), from the exception's attributes.
        let text = get(vm, "text").map(|t| str_of(&t).to_string());
        let lineno = get(vm, "lineno").and_then(|l| l.as_i64());
        if let (Some(text), Some(lineno)) = (&text, lineno) {
            let to_byte = |off: Option<i64>| -> u32 {
                match off {
                    Some(o) if o >= 1 => text
                        .char_indices()
                        .nth((o - 1) as usize)
                        .map(|(b, _)| b as u32)
                        .unwrap_or(text.len() as u32),
                    _ => pyrite_compiler::SyntaxError::NO_COL,
                }
            };
            let col = to_byte(get(vm, "offset").and_then(|o| o.as_i64()));
            let end_col = to_byte(get(vm, "end_offset").and_then(|o| o.as_i64()));
            let end_lineno = get(vm, "end_lineno")
                .and_then(|l| l.as_i64())
                .unwrap_or(lineno);
            let kind = if crate::vm::class::is_instance(exc, &TAB_ERROR_TYPE) {
                pyrite_compiler::ErrorKind::TabError
            } else if crate::vm::class::is_instance(exc, &INDENTATION_ERROR_TYPE) {
                pyrite_compiler::ErrorKind::IndentationError
            } else {
                pyrite_compiler::ErrorKind::SyntaxError
            };
            let msg = get(vm, "msg")
                .map(|m| str_of(&m).to_string())
                .unwrap_or_default();
            let mut e = pyrite_compiler::SyntaxError::new(
                msg,
                lineno as u32,
                col,
                end_lineno as u32,
                end_col,
            )
            .with_kind(kind);
            e.text = Some(text.clone());
            let mut r = e.render(&fname, None);
            if !name.ends_with(kind.name()) {
                // A subclass defined in Python keeps its own name.
                let last = r.trim_end().rsplit('\n').next().unwrap_or("").to_string();
                let fixed = last.replacen(kind.name(), &name, 1);
                r = r.replacen(&last, &fixed, 1);
            }
            return r;
        }
        if let Some(l) = get(vm, "lineno").and_then(|l| l.as_i64()) {
            out.push_str(&format!("  File \"{}\", line {}\n", fname, l));
        }
        if let Some(text) = get(vm, "text") {
            let t = str_of(&text).to_string();
            let stripped = t.trim_start();
            let indent = t.len() - stripped.len();
            let line = stripped.trim_end_matches('\n');
            out.push_str(&format!("    {}\n", line));
            if let Some(off) = get(vm, "offset").and_then(|o| o.as_i64()) {
                let end = get(vm, "end_offset")
                    .and_then(|o| o.as_i64())
                    .unwrap_or(off);
                let start = (off - 1 - indent as i64).max(0) as usize;
                let width = if end > off { (end - off) as usize } else { 1 };
                out.push_str(&format!("    {}{}\n", " ".repeat(start), "^".repeat(width)));
            }
        }
        let msg = get(vm, "msg")
            .map(|m| str_of(&m).to_string())
            .unwrap_or_default();
        out.push_str(&format!("{}: {}\n", name, msg));
        return out;
    }
    let s = match vm.to_str(exc) {
        Ok(s) => str_of(&s).to_string(),
        Err(_) => "<exception str() failed>".to_string(),
    };
    let hint = suggestion(vm, exc)
        .map(|n| format!(". Did you mean: '{}'?", n))
        .unwrap_or_default();
    if s.is_empty() {
        out.push_str(&format!("{}{}\n", name, hint));
    } else {
        out.push_str(&format!("{}: {}{}\n", name, s, hint));
    }
    if let Ok(Some(notes)) = vm.get_attr_opt(exc, "__notes__") {
        if let Ok(items) = vm.iterate(&notes) {
            for n in items {
                let ns = vm
                    .to_str(&n)
                    .map(|s| str_of(&s).to_string())
                    .unwrap_or_default();
                out.push_str(&ns);
                out.push('\n');
            }
        }
    }
    let _ = as_type;
    out
}

/// The "Did you mean" hint CPython 3.11's exception printer adds to an
/// `AttributeError` (from `dir(exc.obj)`) or a `NameError` (from the
/// innermost frame's local variable names, then its globals, then the
/// builtins): the closest candidate by [`levenshtein`], if close enough.
fn suggestion(vm: &mut Vm, exc: &Value) -> Option<String> {
    let attr = crate::vm::class::is_instance(exc, &ATTRIBUTE_ERROR_TYPE);
    if !attr && !crate::vm::class::is_instance(exc, &NAME_ERROR_TYPE) {
        return None;
    }
    let name = vm.get_attr_opt(exc, "name").ok().flatten()?;
    if !std::ptr::eq(name.type_of(), &STR_TYPE) {
        return None;
    }
    let name = str_of(&name).to_string();
    let names_of = |vm: &mut Vm, v: &Value| -> Option<Vec<String>> {
        let items = vm.iterate(v).ok()?;
        Some(
            items
                .iter()
                .filter(|i| downcast::<StrData>(i).is_some())
                .map(|i| str_of(i).to_string())
                .collect(),
        )
    };
    if attr {
        let obj = vm.get_attr_opt(exc, "obj").ok().flatten()?;
        let d = vm.call_special(&obj, "__dir__", &[]).ok().flatten()?;
        let mut names = names_of(vm, &d)?;
        names.sort();
        return best_match(&name, &names);
    }
    let d = downcast::<ExcData>(exc)?;
    let mut tb = d.traceback.borrow().clone()?;
    loop {
        let next = downcast::<TracebackData>(&tb)?.next.borrow().clone();
        match next {
            Some(n) if downcast::<TracebackData>(&n).is_some() => tb = n,
            _ => break,
        }
    }
    let frame = downcast::<TracebackData>(&tb)?.frame.clone();
    let fi = downcast::<FrameInfoData>(&frame)?;
    let varnames = downcast::<CodeData>(&fi.code)
        .map(|c| c.code.varnames.clone())
        .unwrap_or_default();
    if let Some(s) = best_match(&name, &varnames) {
        return Some(s);
    }
    let globals = fi.globals.clone();
    let builtins = vm.builtins.clone();
    for ns in [globals, builtins] {
        if let Some(names) = names_of(vm, &ns) {
            if let Some(s) = best_match(&name, &names) {
                return Some(s);
            }
        }
    }
    None
}

const MOVE_COST: usize = 2;
const CASE_COST: usize = 1;
const MAX_STRING_SIZE: usize = 40;
const MAX_CANDIDATE_ITEMS: usize = 750;

/// CPython's `calculate_suggestions`: the candidate (other than `name`)
/// with the least distance, if no more than about a third of the
/// characters involved need changing.
fn best_match(name: &str, candidates: &[String]) -> Option<String> {
    if candidates.len() >= MAX_CANDIDATE_ITEMS {
        return None;
    }
    let mut best: Option<&String> = None;
    let mut best_distance = usize::MAX;
    for c in candidates {
        if c == name {
            continue;
        }
        let max = ((name.len() + c.len() + 3) * MOVE_COST / 6).min(best_distance.saturating_sub(1));
        let d = levenshtein(name.as_bytes(), c.as_bytes(), max);
        if d > max {
            continue;
        }
        if best.is_none() || d < best_distance {
            best = Some(c);
            best_distance = d;
        }
    }
    best.cloned()
}

/// CPython's `levenshtein_distance` (Python/suggestions.c) on UTF-8
/// bytes: a move costs 2, a change of case 1; anything above `max_cost`
/// is reported as `max_cost + 1`.
fn levenshtein(a: &[u8], b: &[u8], max_cost: usize) -> usize {
    if a == b {
        return 0;
    }
    let pre = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[pre..], &b[pre..]);
    let post = a.iter().rev().zip(b.iter().rev()).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[..a.len() - post], &b[..b.len() - post]);
    if a.is_empty() || b.is_empty() {
        return (a.len() + b.len()) * MOVE_COST;
    }
    if a.len() > MAX_STRING_SIZE || b.len() > MAX_STRING_SIZE {
        return max_cost + 1;
    }
    let (a, b) = if b.len() < a.len() { (b, a) } else { (a, b) };
    if (b.len() - a.len()) * MOVE_COST > max_cost {
        return max_cost + 1;
    }
    let cost = |x: u8, y: u8| {
        if x == y {
            0
        } else if x.to_ascii_lowercase() == y.to_ascii_lowercase() {
            CASE_COST
        } else {
            MOVE_COST
        }
    };
    let mut row: Vec<usize> = (1..=a.len()).map(|i| i * MOVE_COST).collect();
    let mut result = 0;
    for (bi, &bc) in b.iter().enumerate() {
        let mut distance = bi * MOVE_COST;
        result = distance;
        let mut minimum = usize::MAX;
        for (i, &ac) in a.iter().enumerate() {
            let substitute = distance + cost(bc, ac);
            distance = row[i];
            let insert_delete = result.min(distance) + MOVE_COST;
            result = insert_delete.min(substitute);
            row[i] = result;
            minimum = minimum.min(result);
        }
        if minimum > max_cost {
            return max_cost + 1;
        }
    }
    result
}
