//! `_bisect`: binary search and insertion in sorted sequences, the native
//! half of Lib's `bisect` (which imports it for speed, and whose tests
//! compare it with the pure-Python fallback).
//!
//! Any sequence works (`len` and `[]`), `lo`/`hi` bound the search
//! (`hi < 0` or None: the length), `key` is applied to the probed items
//! but not to `x`, and `insort_*` insert with `a.insert(i, x)` — all as
//! CPython's C code does, messages included.

use crate::int::Int;
use crate::objects::*;
use crate::value::Value;
use crate::vm::new::new_int_i64;
use crate::vm::{Args, PyResult, Vm};

pub fn init(vm: &mut Vm) -> PyResult<Value> {
    let m = vm.new_module("_bisect")?;
    let fns: &[(&'static str, NativeFn)] = &[
        ("bisect_left", bisect_left),
        ("bisect_right", bisect_right),
        ("insort_left", insort_left),
        ("insort_right", insort_right),
    ];
    crate::modules::add_functions(vm, &m, "_bisect", fns)?;
    Ok(m)
}

/// The parsed `(a, x, lo=0, hi=None, *, key=None)`.
struct Search {
    a: Value,
    x: Value,
    lo: usize,
    hi: usize,
    key: Option<Value>,
}

fn parse(vm: &mut Vm, args: &Args, fname: &str) -> PyResult<Search> {
    let slots = crate::builtins::bind(vm, args, fname, &["a", "x", "lo", "hi", "key"], false)?;
    if args.pos().len() > 4 {
        return Err(vm.type_error(format!(
            "{fname}() takes at most 4 positional arguments ({} given)",
            args.pos().len()
        )));
    }
    for (i, name) in ["a", "x"].iter().enumerate() {
        if slots[i].is_none() {
            return Err(vm.type_error(format!(
                "{fname}() missing required argument '{name}' (pos {})",
                i + 1
            )));
        }
    }
    let (a, x) = (slots[0].unwrap().clone(), slots[1].unwrap().clone());
    let lo = match slots[2] {
        Some(v) => index_arg(vm, v)?,
        None => 0,
    };
    if lo < 0 {
        return Err(vm.value_error("lo must be non-negative"));
    }
    let hi = match slots[3].filter(|v| !v.is_none()) {
        Some(v) => index_arg(vm, v)?,
        None => -1,
    };
    let hi = if hi < 0 { vm.len(&a)? } else { hi as usize };
    let key = slots[4].filter(|v| !v.is_none()).cloned();
    Ok(Search { a, x, lo: lo as usize, hi, key })
}

/// An `int`-like bound (`__index__`), clamped to the `isize` range.
fn index_arg(vm: &mut Vm, v: &Value) -> PyResult<isize> {
    let i: Int = vm.index(v)?;
    Ok(i.to_i64().map_or(if i.is_negative() { isize::MIN } else { isize::MAX }, |n| n as isize))
}

/// The insertion point of `x`: before equal items (`left`) or after.
fn search(vm: &mut Vm, s: &Search, left: bool) -> PyResult<usize> {
    let (mut lo, mut hi) = (s.lo, s.hi);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let mut item = vm.getitem(&s.a, &new_int_i64(mid as i64))?;
        if let Some(k) = &s.key {
            item = vm.call(k, &[item], &[])?;
        }
        // bisect_left: item < x moves right; bisect_right: x < item moves left.
        let go_right = if left {
            vm.compare_bool(&item, &s.x, 0)?
        } else {
            !vm.compare_bool(&s.x, &item, 0)?
        };
        if go_right {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    Ok(lo)
}

fn bisect_left(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let s = parse(vm, &a, "bisect_left")?;
    Ok(new_int_i64(search(vm, &s, true)? as i64))
}

fn bisect_right(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let s = parse(vm, &a, "bisect_right")?;
    Ok(new_int_i64(search(vm, &s, false)? as i64))
}

/// `insort_*`: with a key, the key of `x` is what is searched for.
fn insort(vm: &mut Vm, a: Args, fname: &str, left: bool) -> PyResult<Value> {
    let mut s = parse(vm, &a, fname)?;
    let x = s.x.clone();
    if let Some(k) = &s.key {
        s.x = vm.call(k, &[x.clone()], &[])?;
    }
    let i = search(vm, &s, left)?;
    let at = new_int_i64(i as i64);
    if let Some(l) = downcast::<ListData>(&s.a).filter(|_| std::ptr::eq(s.a.type_of(), &crate::types::LIST_TYPE)) {
        let mut items = l.items.borrow_mut();
        let i = i.min(items.len());
        items.insert(i, x);
        return Ok(Value::none());
    }
    vm.call_method(&s.a, "insert", &[at, x])?;
    Ok(Value::none())
}

fn insort_left(vm: &mut Vm, a: Args) -> PyResult<Value> {
    insort(vm, a, "insort_left", true)
}

fn insort_right(vm: &mut Vm, a: Args) -> PyResult<Value> {
    insort(vm, a, "insort_right", false)
}
