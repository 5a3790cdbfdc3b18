//! `unicodedata` (Unicode 14.0.0, as CPython 3.11): character properties
//! from `unicodedata_tables.rs` (generated from CPython by
//! `tools/gen_unicodedata_tables.py`), names through the `unicode_names2`
//! crate and normalization through `unicode-normalization`. Those crates
//! follow newer Unicode versions; code points unassigned in 14.0.0 are
//! treated as having no name and are left alone by normalization, as in
//! CPython. `lookup` knows names, not name aliases or named sequences.
//! `ucd_3_2_0` is this module itself (an approximation: the 3.2.0 data
//! differs only for characters changed since 2002).

use unicode_normalization::UnicodeNormalization;

use super::unicodedata_tables as t;
use crate::objects::*;
use crate::value::Value;
use crate::vm::new::new_int_i64;
use crate::vm::{str_of, Args, PyResult, Vm};

fn run_lookup<T: Copy>(table: &[(u32, T)], cp: u32) -> T {
    let i = table.partition_point(|&(start, _)| start <= cp);
    table[i - 1].1
}

fn exact<T: Copy>(table: &[(u32, T)], cp: u32) -> Option<T> {
    table
        .binary_search_by_key(&cp, |&(c, _)| c)
        .ok()
        .map(|i| table[i].1)
}

fn category_of(c: char) -> &'static str {
    t::CATEGORY_NAMES[run_lookup(t::CATEGORY, c as u32) as usize]
}

fn assigned(c: char) -> bool {
    category_of(c) != "Cn"
}

/// The single character argument of `fname`.
fn chr_arg(vm: &mut Vm, a: &Args, fname: &str, min: usize, max: usize) -> PyResult<char> {
    vm.check_args(fname, a, min, max)?;
    let v = &a.args[0];
    if let Some(s) = downcast::<StrData>(v) {
        let mut it = s.s.chars();
        if let (Some(c), None) = (it.next(), it.next()) {
            return Ok(c);
        }
    }
    Err(vm.type_error(format!(
        "{}() argument must be a unicode character, not {}",
        fname,
        v.type_of().name()
    )))
}

fn category(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let c = chr_arg(vm, &a, "category", 1, 1)?;
    Ok(vm.new_str(category_of(c)))
}

fn bidirectional(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let c = chr_arg(vm, &a, "bidirectional", 1, 1)?;
    Ok(vm.new_str(t::BIDI_NAMES[run_lookup(t::BIDI, c as u32) as usize]))
}

fn east_asian_width(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let c = chr_arg(vm, &a, "east_asian_width", 1, 1)?;
    Ok(vm.new_str(t::EAW_NAMES[run_lookup(t::EAW, c as u32) as usize]))
}

fn combining(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let c = chr_arg(vm, &a, "combining", 1, 1)?;
    Ok(new_int_i64(run_lookup(t::COMBINING, c as u32) as i64))
}

fn mirrored(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let c = chr_arg(vm, &a, "mirrored", 1, 1)?;
    Ok(new_int_i64(run_lookup(t::MIRRORED, c as u32) as i64))
}

fn decomposition(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let c = chr_arg(vm, &a, "decomposition", 1, 1)?;
    Ok(vm.new_str(exact(t::DECOMPOSITION, c as u32).unwrap_or("")))
}

fn with_default(vm: &mut Vm, a: &Args, r: Option<Value>, msg: &str) -> PyResult<Value> {
    match r {
        Some(v) => Ok(v),
        None => match a.args.get(1) {
            Some(d) => Ok(d.clone()),
            None => Err(vm.value_error(msg)),
        },
    }
}

fn decimal(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let c = chr_arg(vm, &a, "decimal", 1, 2)?;
    let r = crate::strops::chars::decimal_value(c).map(|d| new_int_i64(d as i64));
    with_default(vm, &a, r, "not a decimal")
}

fn digit(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let c = chr_arg(vm, &a, "digit", 1, 2)?;
    let r = exact(t::DIGIT, c as u32).map(|d| new_int_i64(d as i64));
    with_default(vm, &a, r, "not a digit")
}

fn numeric(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let c = chr_arg(vm, &a, "numeric", 1, 2)?;
    let r = exact(t::NUMERIC, c as u32).map(Value::from_f64);
    with_default(vm, &a, r, "not a numeric character")
}

fn char_name(c: char) -> Option<String> {
    if !assigned(c) {
        return None;
    }
    unicode_names2::name(c).map(|n| n.to_string())
}

fn name(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let c = chr_arg(vm, &a, "name", 1, 2)?;
    let r = char_name(c).map(|n| vm.new_str_owned(n));
    with_default(vm, &a, r, "no such name")
}

fn lookup(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("lookup", &a, 1, 1)?;
    let v = &a.args[0];
    let n = if let Some(s) = downcast::<StrData>(v) {
        s.s.to_string()
    } else if let Some(b) = downcast::<BytesData>(v) {
        String::from_utf8_lossy(&b.b).into_owned()
    } else {
        return Err(vm.type_error(format!(
            "a bytes-like object is required, not '{}'",
            v.type_of().name()
        )));
    };
    match unicode_names2::character(&n).filter(|c| assigned(*c)) {
        Some(c) => Ok(vm.new_str_owned(c.to_string())),
        None => {
            let msg = vm.new_str_owned(format!("undefined character name '{}'", n));
            Err(vm.key_error(msg))
        }
    }
}

/// Normalizes `s`, leaving characters unassigned in Unicode 14 alone.
fn normalized(form: &str, s: &str) -> Option<String> {
    let f = |x: &str| -> String {
        match form {
            "NFC" => x.nfc().collect(),
            "NFD" => x.nfd().collect(),
            "NFKC" => x.nfkc().collect(),
            _ => x.nfkd().collect(),
        }
    };
    if !matches!(form, "NFC" | "NFD" | "NFKC" | "NFKD") {
        return None;
    }
    if s.chars().all(assigned) {
        return Some(f(s));
    }
    // Split around unassigned code points (they neither decompose nor
    // compose in 14.0).
    let mut out = String::new();
    let mut seg = String::new();
    for c in s.chars() {
        if assigned(c) {
            seg.push(c);
        } else {
            out.push_str(&f(&seg));
            seg.clear();
            out.push(c);
        }
    }
    out.push_str(&f(&seg));
    Some(out)
}

fn form_and_str(vm: &mut Vm, a: &Args, fname: &str) -> PyResult<(String, String)> {
    vm.check_args(fname, a, 2, 2)?;
    let (f, s) = (&a.args[0], &a.args[1]);
    if downcast::<StrData>(f).is_none() {
        return Err(vm.type_error(format!(
            "{}() argument 1 must be str, not {}",
            fname,
            f.type_of().name()
        )));
    }
    if downcast::<StrData>(s).is_none() {
        return Err(vm.type_error(format!(
            "{}() argument 2 must be str, not {}",
            fname,
            s.type_of().name()
        )));
    }
    Ok((str_of(f).to_string(), str_of(s).to_string()))
}

fn normalize(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let (form, s) = form_and_str(vm, &a, "normalize")?;
    match normalized(&form, &s) {
        Some(r) if r == s => Ok(a.args[1].clone()),
        Some(r) => Ok(vm.new_str_owned(r)),
        None => Err(vm.value_error("invalid normalization form")),
    }
}

fn is_normalized(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let (form, s) = form_and_str(vm, &a, "is_normalized")?;
    match normalized(&form, &s) {
        Some(r) => Ok(Value::from_bool(r == s)),
        None => Err(vm.value_error("invalid normalization form")),
    }
}

pub fn init(vm: &mut Vm) -> PyResult<Value> {
    let m = vm.new_module("unicodedata")?;
    let fns: &[(&'static str, NativeFn)] = &[
        ("category", category),
        ("bidirectional", bidirectional),
        ("east_asian_width", east_asian_width),
        ("combining", combining),
        ("mirrored", mirrored),
        ("decomposition", decomposition),
        ("decimal", decimal),
        ("digit", digit),
        ("numeric", numeric),
        ("name", name),
        ("lookup", lookup),
        ("normalize", normalize),
        ("is_normalized", is_normalized),
    ];
    crate::modules::add_functions(vm, &m, "unicodedata", fns)?;
    let v = vm.new_str("14.0.0");
    crate::modules::set_attr(vm, &m, "unidata_version", v)?;
    crate::modules::set_attr(vm, &m, "ucd_3_2_0", m.clone())?;
    Ok(m)
}
