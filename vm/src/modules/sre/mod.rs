//! `_sre`: the regular-expression engine under CPython 3.11's pure-Python
//! `re` package (`re._compiler` produces the code lists, this module runs
//! them). The engine is in [`engine`]; this file holds the module
//! functions and the `Pattern`, `Match` and `SRE_Scanner` types.
//!
//! Subjects are `str` (matched by code point) or bytes-like objects
//! (`bytes`, `bytearray`, `memoryview`), converted once per call to a
//! vector of `u32`. Group values are always exact `str`/`bytes`, as in
//! CPython.

pub mod constants;
pub mod engine;

use std::cell::Cell;
use std::rc::Rc;

use crate::builtins::{add_methods, bind};
use crate::modules::typeutil::{new_type, type_addr, type_at};
use crate::object::{alloc_object, TypeObject};
use crate::objects::*;
use crate::types::*;
use crate::value::Value;
use crate::vm::new::new_int_i64;
use crate::vm::{Args, PyResult, Vm};
use constants::*;
use engine::State;

/// A compiled pattern.
pub struct PatternData {
    pub code: Rc<Vec<u32>>,
    pub pattern: Value,
    pub flags: i64,
    pub groups: usize,
    pub groupindex: Value,
    pub indexgroup: Value,
    pub is_bytes: bool,
}

/// A match: spans of group 0 and every group (-1 when unset).
pub struct MatchData {
    pub pattern: Value,
    pub string: Value,
    pub text: Rc<Vec<u32>>,
    pub is_bytes: bool,
    pub marks: Vec<isize>,
    pub pos: usize,
    pub endpos: usize,
    pub lastindex: isize,
}

/// `pattern.scanner(string)`.
pub struct ScannerData {
    pub pattern: Value,
    pub string: Value,
    pub text: Rc<Vec<u32>>,
    pub is_bytes: bool,
    pub start: Cell<Option<usize>>,
    pub end: usize,
    pub pos: usize,
    pub must_advance: Cell<bool>,
}

static PATTERN_T: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
static MATCH_T: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
static SCANNER_T: std::sync::OnceLock<usize> = std::sync::OnceLock::new();

fn pattern_type() -> &'static TypeObject {
    type_at(*PATTERN_T.get_or_init(|| {
        let t = new_type::<PatternData>("Pattern", "re", &OBJECT_TYPE, None, false, false);
        add_methods(
            t,
            &[
                ("match", p_match),
                ("fullmatch", p_fullmatch),
                ("search", p_search),
                ("findall", p_findall),
                ("finditer", p_finditer),
                ("sub", p_sub),
                ("subn", p_subn),
                ("split", p_split),
                ("scanner", p_scanner),
                ("__repr__", p_repr),
                ("__eq__", p_eq),
                ("__hash__", p_hash),
                ("__copy__", ident),
                ("__deepcopy__", ident),
                ("__reduce__", p_reduce),
            ],
        );
        crate::builtins::add_getsets(
            t,
            &[
                ("pattern", p_pattern, None),
                ("flags", p_flags, None),
                ("groups", p_groups, None),
                ("groupindex", p_groupindex, None),
            ],
        );
        add_class_getitem(t);
        type_addr(t)
    }))
}

fn match_type() -> &'static TypeObject {
    type_at(*MATCH_T.get_or_init(|| {
        let t = new_type::<MatchData>("Match", "re", &OBJECT_TYPE, None, false, false);
        add_methods(
            t,
            &[
                ("group", m_group),
                ("groups", m_groups),
                ("groupdict", m_groupdict),
                ("start", m_start),
                ("end", m_end),
                ("span", m_span),
                ("expand", m_expand),
                ("__getitem__", m_getitem),
                ("__repr__", m_repr),
                ("__copy__", ident),
                ("__deepcopy__", ident),
                ("__bool__", m_bool),
            ],
        );
        crate::builtins::add_getsets(
            t,
            &[
                ("string", m_string, None),
                ("re", m_re, None),
                ("pos", m_pos, None),
                ("endpos", m_endpos, None),
                ("lastindex", m_lastindex, None),
                ("lastgroup", m_lastgroup, None),
                ("regs", m_regs, None),
            ],
        );
        add_class_getitem(t);
        type_addr(t)
    }))
}

fn scanner_type() -> &'static TypeObject {
    type_at(*SCANNER_T.get_or_init(|| {
        let t = new_type::<ScannerData>("SRE_Scanner", "_sre", &OBJECT_TYPE, None, false, false);
        add_methods(t, &[("match", s_match), ("search", s_search)]);
        crate::builtins::add_getsets(t, &[("pattern", s_pattern, None)]);
        type_addr(t)
    }))
}

fn add_class_getitem(t: &'static TypeObject) {
    let f = alloc_object(
        &BUILTIN_FUNCTION_TYPE,
        BuiltinFnData {
            name: "__class_getitem__",
            f: crate::builtins::generic_alias::class_getitem,
            self_: None,
            owner: None,
            module: None,
            doc: None,
            arity: crate::objects::ANY_ARITY,
        },
    );
    crate::builtins::set_type_attr(
        t,
        "__class_getitem__",
        alloc_object(&CLASSMETHOD_TYPE, WrapperData(std::cell::RefCell::new(f))),
    );
}

// SAFETY: the types' `solid` is themselves; instances are allocated with
// these payloads only.
unsafe impl Payload for PatternData {
    fn layout() -> &'static TypeObject {
        pattern_type()
    }
}
// SAFETY: as above.
unsafe impl Payload for MatchData {
    fn layout() -> &'static TypeObject {
        match_type()
    }
}
// SAFETY: as above.
unsafe impl Payload for ScannerData {
    fn layout() -> &'static TypeObject {
        scanner_type()
    }
}

fn ident(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    Ok(a.args[0].clone())
}

/// `re.error(msg)`.
pub fn re_error(vm: &mut Vm, msg: &str) -> PyErr {
    let r = (|| -> PyResult<PyErr> {
        let m = crate::import::import_module(vm, "re._constants")?;
        let e = vm.get_attr_str(&m, "error")?;
        let s = vm.new_str(msg);
        let inst = vm.call(&e, &[s], &[])?;
        Ok(PyErr(inst))
    })();
    match r {
        Ok(e) => e,
        Err(e) => e,
    }
}

use crate::vm::PyErr;

// ---------------------------------------------------------------------------
// Module functions
// ---------------------------------------------------------------------------

pub fn init(vm: &mut Vm) -> PyResult<Value> {
    let m = vm.new_module("_sre")?;
    crate::modules::add_functions(
        vm,
        &m,
        "_sre",
        &[
            ("compile", sre_compile),
            ("getcodesize", sre_getcodesize),
            ("ascii_iscased", sre_ascii_iscased),
            ("unicode_iscased", sre_unicode_iscased),
            ("ascii_tolower", sre_ascii_tolower),
            ("unicode_tolower", sre_unicode_tolower),
        ],
    )?;
    crate::modules::set_attr(vm, &m, "MAGIC", new_int_i64(MAGIC))?;
    crate::modules::set_attr(vm, &m, "CODESIZE", new_int_i64(4))?;
    crate::modules::set_attr(vm, &m, "MAXREPEAT", new_int_i64(MAXREPEAT as i64))?;
    crate::modules::set_attr(vm, &m, "MAXGROUPS", new_int_i64(1073741823))?;
    let c = vm.new_str(" SRE 2.2.2 Copyright (c) 1997-2002 by Secret Labs AB ");
    crate::modules::set_attr(vm, &m, "copyright", c)?;
    let _ = (pattern_type(), match_type(), scanner_type());
    crate::modules::memoryview::ensure_builtin(vm);
    Ok(m)
}

fn int_arg(vm: &mut Vm, a: &Args, fname: &str) -> PyResult<i64> {
    vm.check_args(fname, a, 1, 1)?;
    vm.index_i64(&a.args[0])
}

fn sre_getcodesize(_vm: &mut Vm, _a: Args) -> PyResult<Value> {
    Ok(new_int_i64(4))
}

fn sre_ascii_iscased(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let c = int_arg(vm, &a, "ascii_iscased")?;
    Ok(Value::from_bool(c < 128 && (c as u8).is_ascii_alphabetic()))
}

fn sre_unicode_iscased(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let c = int_arg(vm, &a, "unicode_iscased")? as u32;
    Ok(Value::from_bool(
        c != engine::lower_unicode(c) || c != engine::upper_unicode(c),
    ))
}

fn sre_ascii_tolower(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let c = int_arg(vm, &a, "ascii_tolower")? as u32;
    Ok(new_int_i64(engine::lower_ascii(c) as i64))
}

fn sre_unicode_tolower(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let c = int_arg(vm, &a, "unicode_tolower")? as u32;
    Ok(new_int_i64(engine::lower_unicode(c) as i64))
}

/// `_sre.compile(pattern, flags, code, groups, groupindex, indexgroup)`.
fn sre_compile(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let b = bind(
        vm,
        &a,
        "compile",
        &[
            "pattern",
            "flags",
            "code",
            "groups",
            "groupindex",
            "indexgroup",
        ],
        false,
    )?;
    if b.iter().any(|x| x.is_none()) {
        return Err(vm.type_error("compile() missing required argument"));
    }
    let pattern = b[0].unwrap().clone();
    let flags = vm.index_i64(b[1].unwrap())?;
    let items = vm.iterate(b[2].unwrap())?;
    let mut code = Vec::with_capacity(items.len());
    for it in &items {
        let v = vm.index_i64(it)?;
        if !(0..=u32::MAX as i64).contains(&v) {
            return Err(vm.overflow_error("regular expression code size limit exceeded"));
        }
        code.push(v as u32);
    }
    let groups = vm.index_i64(b[3].unwrap())?.max(0) as usize;
    let is_bytes = !pattern.is_none() && downcast::<StrData>(&pattern).is_none();
    let p = PatternData {
        code: Rc::new(code),
        pattern,
        flags,
        groups,
        groupindex: b[4].unwrap().clone(),
        indexgroup: b[5].unwrap().clone(),
        is_bytes,
    };
    Ok(alloc_object(pattern_type(), p))
}

// ---------------------------------------------------------------------------
// Subjects
// ---------------------------------------------------------------------------

/// The code points (or bytes) of a subject, and whether it is bytes-like.
/// The last str or bytes converted for matching, kept with a reference to
/// it: scanners (`json`, `tokenize`, `re.Scanner`) match one large
/// immutable subject at many positions, and converting it each time made
/// every such loop quadratic.
static LAST_SUBJECT: crate::gil::GilCell<std::cell::RefCell<Option<(Value, Rc<Vec<u32>>, bool)>>> =
    crate::gil::GilCell::new(std::cell::RefCell::new(None));

fn subject(vm: &mut Vm, v: &Value) -> PyResult<(Rc<Vec<u32>>, bool)> {
    let immutable = downcast::<StrData>(v).is_some() || downcast::<BytesData>(v).is_some();
    if immutable {
        let hit = LAST_SUBJECT.with(|c| match &*c.borrow() {
            Some((o, t, b)) if o.is(v.borrow()) => Some((t.clone(), *b)),
            _ => None,
        });
        if let Some(h) = hit {
            return Ok(h);
        }
    }
    let r = convert_subject(vm, v)?;
    if immutable && r.0.len() >= 256 {
        let old = LAST_SUBJECT.with(|c| c.borrow_mut().replace((v.clone(), r.0.clone(), r.1)));
        drop(old);
    }
    Ok(r)
}

fn convert_subject(vm: &mut Vm, v: &Value) -> PyResult<(Rc<Vec<u32>>, bool)> {
    if let Some(s) = downcast::<StrData>(v) {
        let t: Vec<u32> = if s.nchars == s.s.len() {
            s.s.bytes().map(|b| b as u32).collect()
        } else {
            s.s.chars().map(|c| c as u32).collect()
        };
        return Ok((Rc::new(t), false));
    }
    if let Some(b) = crate::builtins::bytes::as_bytes(v) {
        return Ok((Rc::new(b.into_iter().map(|x| x as u32).collect()), true));
    }
    if let Some(b) = crate::modules::memoryview::bytes_of(v) {
        return Ok((Rc::new(b.into_iter().map(|x| x as u32).collect()), true));
    }
    Err(vm.type_error(format!(
        "expected string or bytes-like object, got '{}'",
        v.type_of().name()
    )))
}

fn pat(v: &Value) -> &PatternData {
    downcast::<PatternData>(v).expect("Pattern")
}

/// Converts and type-checks a subject against the pattern.
fn prepare(vm: &mut Vm, p: &PatternData, string: &Value) -> PyResult<(Rc<Vec<u32>>, bool)> {
    let (t, is_bytes) = subject(vm, string)?;
    if p.is_bytes && !is_bytes {
        return Err(vm.type_error("cannot use a bytes pattern on a string-like object"));
    }
    if !p.is_bytes && is_bytes && !p.pattern.is_none() {
        return Err(vm.type_error("cannot use a string pattern on a bytes-like object"));
    }
    Ok((t, is_bytes))
}

/// Clamps `pos`/`endpos` as `state_init` does.
fn bounds(
    vm: &mut Vm,
    len: usize,
    pos: Option<&Value>,
    endpos: Option<&Value>,
) -> PyResult<(usize, usize)> {
    let clamp = |x: i64| -> usize {
        if x < 0 {
            0
        } else if x as u64 > len as u64 {
            len
        } else {
            x as usize
        }
    };
    let p = match pos {
        Some(v) => clamp(vm.index_i64(v)?),
        None => 0,
    };
    let e = match endpos {
        Some(v) => clamp(vm.index_i64(v)?),
        None => len,
    };
    Ok((p, e))
}

/// `string[a:b]` as an exact str or bytes.
fn slice(vm: &mut Vm, string: &Value, text: &[u32], is_bytes: bool, a: usize, b: usize) -> Value {
    if is_bytes {
        if let Some(bd) = downcast::<BytesData>(string) {
            if std::ptr::eq(string.type_of(), &BYTES_TYPE) && a == 0 && b == bd.b.len() {
                return string.clone();
            }
        }
        return vm.new_bytes(text[a..b].iter().map(|&c| c as u8).collect());
    }
    if let Some(sd) = downcast::<StrData>(string) {
        if std::ptr::eq(string.type_of(), &STR_TYPE) && a == 0 && b == sd.nchars {
            return string.clone();
        }
        if sd.nchars == sd.s.len() {
            return vm.new_str(&sd.s[a..b]);
        }
    }
    let s: String = text[a..b]
        .iter()
        .map(|&c| char::from_u32(c).unwrap_or('\u{FFFD}'))
        .collect();
    vm.new_str_owned(s)
}

/// A match object from a successful state.
fn new_match(
    p: &Value,
    string: &Value,
    text: &Rc<Vec<u32>>,
    is_bytes: bool,
    st: &State,
    pos: usize,
    endpos: usize,
) -> Value {
    let groups = pat(p).groups;
    let mut marks = vec![-1isize; 2 * (groups + 1)];
    marks[0] = st.start as isize;
    marks[1] = st.ptr as isize;
    for g in 1..=groups {
        if let Some((a, b)) = st.group_span(g) {
            marks[2 * g] = a as isize;
            marks[2 * g + 1] = b as isize;
        }
    }
    alloc_object(
        match_type(),
        MatchData {
            pattern: p.clone(),
            string: string.clone(),
            text: text.clone(),
            is_bytes,
            marks,
            pos,
            endpos,
            lastindex: st.lastindex,
        },
    )
}

/// A group's value from a finished state (`state_getslice`).
fn state_group(
    vm: &mut Vm,
    string: &Value,
    text: &[u32],
    is_bytes: bool,
    st: &State,
    g: usize,
    empty: bool,
) -> Value {
    match st.group_span(g) {
        Some((a, b)) => slice(vm, string, text, is_bytes, a, b),
        None => {
            if empty {
                slice(vm, string, text, is_bytes, 0, 0)
            } else {
                Value::none()
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Pattern
// ---------------------------------------------------------------------------

fn string_pos_endpos<'a>(
    vm: &mut Vm,
    a: &'a Args,
    fname: &str,
) -> PyResult<(Value, Option<&'a Value>, Option<&'a Value>)> {
    let b = bind(vm, a, fname, &["string", "pos", "endpos"], true)?;
    let s = match b[0] {
        Some(s) => s.clone(),
        None => {
            return Err(vm.type_error(format!(
                "{}() missing required argument 'string' (pos 1)",
                fname
            )))
        }
    };
    Ok((s, b[1], b[2]))
}

fn do_match(vm: &mut Vm, a: Args, fname: &str, mode: u8) -> PyResult<Value> {
    let (string, pos, endpos) = string_pos_endpos(vm, &a, fname)?;
    let pv = a.args[0].clone();
    let p = pat(&pv);
    let (text, is_bytes) = prepare(vm, p, &string)?;
    let (pos, endpos) = bounds(vm, text.len(), pos, endpos)?;
    let code = p.code.clone();
    let mut st = State::new(&text, pos, endpos, p.groups);
    let ok = match mode {
        0 => st.do_match(&code),
        1 => {
            st.match_all = true;
            st.do_match(&code)
        }
        _ => st.search(&code),
    };
    if !ok {
        return Ok(Value::none());
    }
    Ok(new_match(&pv, &string, &text, is_bytes, &st, pos, endpos))
}

fn p_match(vm: &mut Vm, a: Args) -> PyResult<Value> {
    do_match(vm, a, "match", 0)
}

fn p_fullmatch(vm: &mut Vm, a: Args) -> PyResult<Value> {
    do_match(vm, a, "fullmatch", 1)
}

fn p_search(vm: &mut Vm, a: Args) -> PyResult<Value> {
    do_match(vm, a, "search", 2)
}

fn p_findall(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let (string, pos, endpos) = string_pos_endpos(vm, &a, "findall")?;
    let p = pat(&a.args[0]);
    let (text, is_bytes) = prepare(vm, p, &string)?;
    let (pos, endpos) = bounds(vm, text.len(), pos, endpos)?;
    let code = p.code.clone();
    let groups = p.groups;
    let mut st = State::new(&text, pos, endpos, groups);
    let mut out = Vec::new();
    while st.start <= st.end {
        st.reset();
        st.ptr = st.start;
        if !st.search(&code) {
            break;
        }
        let item = match groups {
            0 => slice(vm, &string, &text, is_bytes, st.start, st.ptr),
            1 => state_group(vm, &string, &text, is_bytes, &st, 1, true),
            _ => {
                let items: Vec<Value> = (1..=groups)
                    .map(|g| state_group(vm, &string, &text, is_bytes, &st, g, true))
                    .collect();
                vm.new_tuple(items)
            }
        };
        out.push(item);
        st.must_advance = st.ptr == st.start;
        st.start = st.ptr;
    }
    Ok(vm.new_list(out))
}

fn make_scanner(vm: &mut Vm, a: &Args, fname: &str) -> PyResult<Value> {
    let (string, pos, endpos) = string_pos_endpos(vm, a, fname)?;
    let p = pat(&a.args[0]);
    let (text, is_bytes) = prepare(vm, p, &string)?;
    let (pos, endpos) = bounds(vm, text.len(), pos, endpos)?;
    Ok(alloc_object(
        scanner_type(),
        ScannerData {
            pattern: a.args[0].clone(),
            string,
            text,
            is_bytes,
            start: Cell::new(Some(pos)),
            end: endpos,
            pos,
            must_advance: Cell::new(false),
        },
    ))
}

fn p_scanner(vm: &mut Vm, a: Args) -> PyResult<Value> {
    make_scanner(vm, &a, "scanner")
}

fn p_finditer(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let sc = make_scanner(vm, &a, "finditer")?;
    let search = vm.get_attr_str(&sc, "search")?;
    Ok(vm.new_iter(
        &CALLABLE_ITERATOR_TYPE,
        IterState::Callable {
            f: search,
            sentinel: Value::none(),
        },
    ))
}

fn scanner_step(vm: &mut Vm, a: Args, search: bool) -> PyResult<Value> {
    let sv = a.args[0].clone();
    let sc = downcast::<ScannerData>(&sv).unwrap();
    let start = match sc.start.get() {
        Some(s) => s,
        None => return Ok(Value::none()),
    };
    let p = pat(&sc.pattern);
    let code = p.code.clone();
    let mut st = State::new(&sc.text, start, sc.end, p.groups);
    st.must_advance = sc.must_advance.get();
    let ok = if search {
        st.search(&code)
    } else {
        st.do_match(&code)
    };
    if !ok {
        sc.start.set(None);
        return Ok(Value::none());
    }
    let m = new_match(
        &sc.pattern,
        &sc.string,
        &sc.text,
        sc.is_bytes,
        &st,
        sc.pos,
        sc.end,
    );
    sc.must_advance.set(st.ptr == st.start);
    sc.start.set(Some(st.ptr));
    let _ = vm;
    Ok(m)
}

fn s_match(vm: &mut Vm, a: Args) -> PyResult<Value> {
    scanner_step(vm, a, false)
}

fn s_search(vm: &mut Vm, a: Args) -> PyResult<Value> {
    scanner_step(vm, a, true)
}

fn s_pattern(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(downcast::<ScannerData>(v).unwrap().pattern.clone())
}

/// Joins str or bytes pieces.
fn join(vm: &mut Vm, pieces: Vec<Value>, is_bytes: bool) -> PyResult<Value> {
    if is_bytes {
        let mut out = Vec::new();
        for (i, p) in pieces.iter().enumerate() {
            match crate::builtins::bytes::as_bytes(p)
                .or_else(|| crate::modules::memoryview::bytes_of(p))
            {
                Some(b) => out.extend_from_slice(&b),
                None => {
                    return Err(vm.type_error(format!(
                        "sequence item {}: expected a bytes-like object, {} found",
                        i,
                        p.type_of().name()
                    )))
                }
            }
        }
        return Ok(vm.new_bytes(out));
    }
    let mut out = String::new();
    for (i, p) in pieces.iter().enumerate() {
        match downcast::<StrData>(p) {
            Some(s) => out.push_str(&s.s),
            None => {
                return Err(vm.type_error(format!(
                    "sequence item {}: expected str instance, {} found",
                    i,
                    p.type_of().name()
                )))
            }
        }
    }
    Ok(vm.new_str_owned(out))
}

fn subx(vm: &mut Vm, a: Args, fname: &str, subn: bool) -> PyResult<Value> {
    let b = bind(vm, &a, fname, &["repl", "string", "count"], true)?;
    let (repl, string) = match (b[0], b[1]) {
        (Some(r), Some(s)) => (r.clone(), s.clone()),
        _ => return Err(vm.type_error(format!("{}() missing required argument", fname))),
    };
    let count = match b[2] {
        Some(c) => vm.index_i64(c)?,
        None => 0,
    };
    let pv = a.args[0].clone();
    let p = pat(&pv);
    let (text, is_bytes) = prepare(vm, p, &string)?;
    let code = p.code.clone();
    let groups = p.groups;
    // The filter: a callable, a literal, or what `re._subx` makes of a template.
    let (filter, callable) = if crate::builtins::module::is_callable(&repl) {
        (repl, true)
    } else {
        let literal = if let Some(s) = downcast::<StrData>(&repl) {
            !s.s.contains('\\')
        } else if let Some(bb) = crate::builtins::bytes::as_bytes(&repl) {
            !bb.contains(&b'\\')
        } else {
            false
        };
        if literal {
            (repl, false)
        } else {
            let re = crate::import::import_module(vm, "re")?;
            let f = vm.get_attr_str(&re, "_subx")?;
            let filt = vm.call(&f, &[pv.clone(), repl], &[])?;
            let c = crate::builtins::module::is_callable(&filt);
            (filt, c)
        }
    };
    let mut st = State::new(&text, 0, text.len(), groups);
    let mut pieces = Vec::new();
    let mut i = 0usize;
    let mut n = 0i64;
    while count == 0 || n < count {
        st.reset();
        st.ptr = st.start;
        if !st.search(&code) {
            break;
        }
        let (b0, e0) = (st.start, st.ptr);
        if i < b0 {
            pieces.push(slice(vm, &string, &text, is_bytes, i, b0));
        }
        if callable {
            let m = new_match(&pv, &string, &text, is_bytes, &st, 0, text.len());
            let item = vm.call1(&filter, m)?;
            if !item.is_none() {
                pieces.push(item);
            }
        } else {
            pieces.push(filter.clone());
        }
        i = e0;
        n += 1;
        st.must_advance = st.ptr == st.start;
        st.start = st.ptr;
    }
    if i < text.len() {
        pieces.push(slice(vm, &string, &text, is_bytes, i, text.len()));
    }
    let r = join(vm, pieces, is_bytes)?;
    if subn {
        let nn = new_int_i64(n);
        return Ok(vm.new_tuple(vec![r, nn]));
    }
    Ok(r)
}

fn p_sub(vm: &mut Vm, a: Args) -> PyResult<Value> {
    subx(vm, a, "sub", false)
}

fn p_subn(vm: &mut Vm, a: Args) -> PyResult<Value> {
    subx(vm, a, "subn", true)
}

fn p_split(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let b = bind(vm, &a, "split", &["string", "maxsplit"], true)?;
    let string = match b[0] {
        Some(s) => s.clone(),
        None => return Err(vm.type_error("split() missing required argument 'string' (pos 1)")),
    };
    let maxsplit = match b[1] {
        Some(c) => vm.index_i64(c)?,
        None => 0,
    };
    let p = pat(&a.args[0]);
    let (text, is_bytes) = prepare(vm, p, &string)?;
    let code = p.code.clone();
    let groups = p.groups;
    let mut st = State::new(&text, 0, text.len(), groups);
    let mut out = Vec::new();
    let mut last = 0usize;
    let mut n = 0i64;
    while maxsplit == 0 || n < maxsplit {
        st.reset();
        st.ptr = st.start;
        if !st.search(&code) {
            break;
        }
        out.push(slice(vm, &string, &text, is_bytes, last, st.start));
        for g in 1..=groups {
            let v = state_group(vm, &string, &text, is_bytes, &st, g, false);
            out.push(v);
        }
        n += 1;
        st.must_advance = st.ptr == st.start;
        last = st.ptr;
        st.start = st.ptr;
    }
    out.push(slice(vm, &string, &text, is_bytes, last, text.len()));
    Ok(vm.new_list(out))
}

fn p_repr(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let p = pat(&a.args[0]);
    let mut r = vm.repr(&p.pattern.clone())?;
    if r.chars().count() > 200 {
        r = r.chars().take(200).collect();
    }
    let mut flags = p.flags;
    if !p.is_bytes && (flags & (FLAG_LOCALE | FLAG_UNICODE | FLAG_ASCII)) == FLAG_UNICODE {
        flags &= !FLAG_UNICODE;
    }
    if flags == 0 {
        return Ok(vm.new_str_owned(format!("re.compile({})", r)));
    }
    let names = [
        ("re.TEMPLATE", FLAG_TEMPLATE),
        ("re.IGNORECASE", FLAG_IGNORECASE),
        ("re.LOCALE", FLAG_LOCALE),
        ("re.MULTILINE", FLAG_MULTILINE),
        ("re.DOTALL", FLAG_DOTALL),
        ("re.UNICODE", FLAG_UNICODE),
        ("re.VERBOSE", FLAG_VERBOSE),
        ("re.DEBUG", FLAG_DEBUG),
        ("re.ASCII", FLAG_ASCII),
    ];
    let mut parts = Vec::new();
    for (n, v) in names {
        if flags & v != 0 {
            parts.push(n.to_string());
            flags &= !v;
        }
    }
    if flags != 0 {
        parts.push(format!("0x{:x}", flags));
    }
    Ok(vm.new_str_owned(format!("re.compile({}, {})", r, parts.join("|"))))
}

fn p_eq(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let (x, y) = match (
        downcast::<PatternData>(&a.args[0]),
        a.args.get(1).and_then(downcast::<PatternData>),
    ) {
        (Some(x), Some(y)) => (x, y),
        _ => return crate::builtins::not_impl(),
    };
    if a.args[0].is(a.args[1].borrow()) {
        return Ok(Value::from_bool(true));
    }
    let same = x.flags == y.flags && x.is_bytes == y.is_bytes && x.code == y.code;
    if !same {
        return Ok(Value::from_bool(false));
    }
    let (pa, pb) = (x.pattern.clone(), y.pattern.clone());
    let r = vm.eq(&pa, &pb)?;
    Ok(Value::from_bool(r))
}

fn p_hash(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let p = pat(&a.args[0]);
    let pv = p.pattern.clone();
    let mut h = vm.hash(&pv)?;
    for &c in p.code.iter() {
        h = h.wrapping_mul(1000003) ^ c as i64;
    }
    h ^= p.flags;
    if h == -1 {
        h = -2;
    }
    Ok(new_int_i64(h & 0x3fff_ffff_ffff))
}

fn p_reduce(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let p = pat(&a.args[0]);
    let re = crate::import::import_module(vm, "re")?;
    let f = vm.get_attr_str(&re, "_compile")?;
    let args = vm.new_tuple(vec![p.pattern.clone(), new_int_i64(p.flags)]);
    Ok(vm.new_tuple(vec![f, args]))
}

fn p_pattern(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(pat(v).pattern.clone())
}

fn p_flags(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(new_int_i64(pat(v).flags))
}

fn p_groups(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(new_int_i64(pat(v).groups as i64))
}

fn p_groupindex(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    let d = pat(v).groupindex.clone();
    // A copy, so the pattern's own mapping cannot be changed.
    let nd = vm.new_dict();
    crate::builtins::dict::dict_update_from(vm, &nd, &d)?;
    Ok(crate::builtins::dict::new_mappingproxy(vm, nd))
}

// ---------------------------------------------------------------------------
// Match
// ---------------------------------------------------------------------------

fn mdata(v: &Value) -> &MatchData {
    downcast::<MatchData>(v).expect("Match")
}

/// The group number named by `g` (an int or a group name).
fn group_index(vm: &mut Vm, m: &MatchData, g: &Value) -> PyResult<usize> {
    let groups = pat(&m.pattern).groups;
    if downcast::<StrData>(g).is_none() && (g.is_int() || crate::vm::ops::is_int_like(g)) {
        if let Ok(i) = vm.index_i64(g) {
            if i >= 0 && (i as usize) <= groups {
                return Ok(i as usize);
            }
        }
        return Err(vm.index_error("no such group"));
    }
    let gi = pat(&m.pattern).groupindex.clone();
    if downcast::<StrData>(g).is_some() {
        if let Ok(Some(v)) = vm.dict_get(&gi, g) {
            if let Ok(i) = vm.index_i64(&v) {
                if i >= 0 && (i as usize) <= groups {
                    return Ok(i as usize);
                }
            }
        }
    }
    Err(vm.index_error("no such group"))
}

fn group_value(vm: &mut Vm, m: &MatchData, i: usize, default: &Value) -> Value {
    let (a, b) = (m.marks[2 * i], m.marks[2 * i + 1]);
    if a < 0 || b < 0 {
        return default.clone();
    }
    slice(vm, &m.string, &m.text, m.is_bytes, a as usize, b as usize)
}

fn m_group(vm: &mut Vm, a: Args) -> PyResult<Value> {
    if a.has_kwargs() {
        return Err(vm.type_error("group() takes no keyword arguments"));
    }
    let mv = a.args[0].clone();
    let m = mdata(&mv);
    let args = &a.args[1..];
    let none = Value::none();
    match args.len() {
        0 => Ok(group_value(vm, m, 0, &none)),
        1 => {
            let i = group_index(vm, m, &args[0])?;
            Ok(group_value(vm, m, i, &none))
        }
        _ => {
            let mut out = Vec::new();
            for g in args {
                let i = group_index(vm, m, g)?;
                out.push(group_value(vm, m, i, &none));
            }
            Ok(vm.new_tuple(out))
        }
    }
}

fn m_getitem(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("__getitem__", &Args::new(&a.args[1..]), 1, 1)?;
    let m = mdata(&a.args[0]);
    let i = group_index(vm, m, &a.args[1])?;
    Ok(group_value(vm, m, i, &Value::none()))
}

fn m_groups(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let b = bind(vm, &a, "groups", &["default"], true)?;
    let d = b[0].cloned().unwrap_or_else(Value::none);
    let m = mdata(&a.args[0]);
    let n = pat(&m.pattern).groups;
    let out: Vec<Value> = (1..=n).map(|i| group_value(vm, m, i, &d)).collect();
    Ok(vm.new_tuple(out))
}

fn m_groupdict(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let b = bind(vm, &a, "groupdict", &["default"], true)?;
    let d = b[0].cloned().unwrap_or_else(Value::none);
    let m = mdata(&a.args[0]);
    let gi = pat(&m.pattern).groupindex.clone();
    let out = vm.new_dict();
    let keys = vm.iterate(&gi)?;
    for k in keys {
        let i = group_index(vm, m, &k)?;
        let v = group_value(vm, m, i, &d);
        vm.dict_set(&out, k, v)?;
    }
    Ok(out)
}

fn span_of(vm: &mut Vm, a: &Args, fname: &str) -> PyResult<(isize, isize)> {
    vm.check_args(fname, &Args::new(&a.args[1..]), 0, 1)?;
    let m = mdata(&a.args[0]);
    let i = match a.args.get(1) {
        Some(g) => group_index(vm, m, g)?,
        None => 0,
    };
    Ok((m.marks[2 * i], m.marks[2 * i + 1]))
}

fn m_start(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let (s, _) = span_of(vm, &a, "start")?;
    Ok(new_int_i64(s as i64))
}

fn m_end(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let (_, e) = span_of(vm, &a, "end")?;
    Ok(new_int_i64(e as i64))
}

fn m_span(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let (s, e) = span_of(vm, &a, "span")?;
    Ok(vm.new_tuple(vec![new_int_i64(s as i64), new_int_i64(e as i64)]))
}

fn m_expand(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("expand", &Args::new(&a.args[1..]), 1, 1)?;
    let m = mdata(&a.args[0]);
    let re = crate::import::import_module(vm, "re")?;
    let f = vm.get_attr_str(&re, "_expand")?;
    vm.call(
        &f,
        &[m.pattern.clone(), a.args[0].clone(), a.args[1].clone()],
        &[],
    )
}

fn m_bool(_vm: &mut Vm, _a: Args) -> PyResult<Value> {
    Ok(Value::from_bool(true))
}

fn m_repr(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let m = mdata(&a.args[0]);
    let g0 = group_value(vm, m, 0, &Value::none());
    let mut r = vm.repr(&g0)?;
    if r.chars().count() > 50 {
        r = r.chars().take(50).collect();
    }
    Ok(vm.new_str_owned(format!(
        "<re.Match object; span=({}, {}), match={}>",
        m.marks[0], m.marks[1], r
    )))
}

fn m_string(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(mdata(v).string.clone())
}

fn m_re(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(mdata(v).pattern.clone())
}

fn m_pos(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(new_int_i64(mdata(v).pos as i64))
}

fn m_endpos(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(new_int_i64(mdata(v).endpos as i64))
}

fn m_lastindex(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    let m = mdata(v);
    Ok(if m.lastindex >= 0 {
        new_int_i64(m.lastindex as i64)
    } else {
        Value::none()
    })
}

fn m_lastgroup(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    let m = mdata(v);
    if m.lastindex < 0 {
        return Ok(Value::none());
    }
    let ig = pat(&m.pattern).indexgroup.clone();
    let i = new_int_i64(m.lastindex as i64);
    match vm.getitem(&ig, &i) {
        Ok(v) => Ok(v),
        Err(_) => Ok(Value::none()),
    }
}

fn m_regs(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    let m = mdata(v);
    let n = pat(&m.pattern).groups;
    let out: Vec<Value> = (0..=n)
        .map(|i| {
            crate::vm::new::new_tuple(vec![
                new_int_i64(m.marks[2 * i] as i64),
                new_int_i64(m.marks[2 * i + 1] as i64),
            ])
        })
        .collect();
    Ok(vm.new_tuple(out))
}
