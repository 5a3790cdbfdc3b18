//! The native iterators (`iter(list)`, `enumerate`, `zip`, `map`,
//! `filter`, `reversed`, dict/set iterators, callable iterators) and
//! `range`/`slice`.

use super::strings::slice_indices;
use super::{add_methods, bind};
use crate::int::Int;
use crate::object::{alloc_object, type_flags};
use crate::objects::*;
use crate::types::*;
use crate::value::Value;
use crate::vm::attr::{as_type, lookup};
use crate::vm::new::*;
use crate::vm::ops::to_int;
use crate::vm::{Args, PyResult, Vm};

pub fn init() {
    for t in [
        &ITERATOR_TYPE,
        &LIST_ITERATOR_TYPE,
        &TUPLE_ITERATOR_TYPE,
        &STR_ITERATOR_TYPE,
        &RANGE_ITERATOR_TYPE,
        &DICT_KEYITERATOR_TYPE,
        &DICT_VALUEITERATOR_TYPE,
        &DICT_ITEMITERATOR_TYPE,
        &SET_ITERATOR_TYPE,
        &REVERSED_TYPE,
        &LIST_REVERSEITERATOR_TYPE,
        &ENUMERATE_TYPE,
        &ZIP_TYPE,
        &MAP_TYPE,
        &FILTER_TYPE,
        &CALLABLE_ITERATOR_TYPE,
    ] {
        add_methods(
            t,
            &[
                ("__iter__", iter_self),
                ("__next__", iter_next_m),
                ("__length_hint__", iter_length_hint),
                ("__reduce__", iter_reduce),
                ("__setstate__", iter_setstate),
            ],
        );
    }
    add_methods(&ENUMERATE_TYPE, &[("__new__", enumerate_new)]);
    add_methods(&ZIP_TYPE, &[("__new__", zip_new)]);
    add_methods(&MAP_TYPE, &[("__new__", map_new)]);
    add_methods(&FILTER_TYPE, &[("__new__", filter_new)]);
    add_methods(&REVERSED_TYPE, &[("__new__", reversed_new)]);
    add_methods(
        &RANGE_TYPE,
        &[
            ("__new__", range_new),
            ("__repr__", range_repr),
            ("__len__", range_len),
            ("__iter__", range_iter),
            ("__reversed__", range_reversed),
            ("__getitem__", range_getitem),
            ("__contains__", range_contains),
            ("__eq__", range_eq),
            ("__hash__", range_hash),
            ("__bool__", range_bool),
            ("index", range_index),
            ("count", range_count),
            ("__reduce__", range_reduce),
        ],
    );
    super::add_getsets(
        &RANGE_TYPE,
        &[
            ("start", range_start, None),
            ("stop", range_stop, None),
            ("step", range_step, None),
        ],
    );
    add_methods(
        &SLICE_TYPE,
        &[
            ("__new__", slice_new),
            ("__repr__", slice_repr),
            ("indices", slice_indices_m),
            ("__eq__", slice_eq),
            ("__reduce__", slice_reduce),
        ],
    );
    super::add_getsets(
        &SLICE_TYPE,
        &[
            ("start", slice_start, None),
            ("stop", slice_stop, None),
            ("step", slice_step, None),
        ],
    );
    crate::builtins::set_type_attr(&SLICE_TYPE, "__hash__", Value::none());
}

fn iter_self(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    Ok(a.args[0].clone())
}

/// Pickling a native iterator, as CPython reduces each kind: a sequence
/// iterator is `iter(seq)` plus its position (restored by
/// `__setstate__`); a range iterator the rest of its range; dict and set
/// iterators the list of what they have left; enumerate/zip/map/filter
/// their constructor call; an exhausted one `iter` of an empty sequence.
fn iter_reduce(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let it = &a.args[0];
    let d = downcast::<IterData>(it).unwrap();
    let st = d.0.borrow();
    let call = |vm: &mut Vm, f: Value, args: Vec<Value>, state: Option<Value>| {
        let args = vm.new_tuple(args);
        let mut parts = vec![f, args];
        parts.extend(state);
        vm.new_tuple(parts)
    };
    let ty = |t: &'static crate::object::TypeObject| crate::vm::attr::type_value(t);
    match &*st {
        IterState::Seq { seq, idx } => {
            let (seq, idx) = (seq.clone(), *idx);
            drop(st);
            let f = vm.builtin("iter")?;
            Ok(call(vm, f, vec![seq], Some(new_int_i64(idx as i64))))
        }
        IterState::Reversed { seq, idx } => {
            let (seq, idx) = (seq.clone(), *idx);
            drop(st);
            Ok(call(vm, ty(&REVERSED_TYPE), vec![seq], Some(new_int_i64(idx as i64))))
        }
        IterState::Range { cur, stop, step } => {
            let r = new_range_value(vm, new_int_i64(*cur), new_int_i64(*stop), new_int_i64(*step));
            drop(st);
            let f = vm.builtin("iter")?;
            Ok(call(vm, f, vec![r], Some(new_int_i64(0))))
        }
        IterState::BigRange { cur, stop, step } => {
            let r = new_range_value(vm, cur.clone(), stop.clone(), step.clone());
            drop(st);
            let f = vm.builtin("iter")?;
            Ok(call(vm, f, vec![r], Some(new_int_i64(0))))
        }
        IterState::Dict { obj, pos, len, kind } => {
            // What is left, without advancing this iterator.
            let copy = IterState::Dict { obj: obj.clone(), pos: *pos, len: *len, kind: *kind };
            drop(st);
            let probe = vm.new_iter(&ITERATOR_TYPE, copy);
            let rest = vm.iterate(&probe)?;
            let l = vm.new_list(rest);
            let f = vm.builtin("iter")?;
            Ok(call(vm, f, vec![l], None))
        }
        IterState::Enumerate { it, count } => {
            let args = vec![it.clone(), count.clone()];
            drop(st);
            Ok(call(vm, ty(&ENUMERATE_TYPE), args, None))
        }
        IterState::Zip { its, strict } => {
            let (its, strict) = (its.clone(), *strict);
            drop(st);
            let state = strict.then(|| Value::from_bool(true));
            Ok(call(vm, ty(&ZIP_TYPE), its, state))
        }
        IterState::Map { f, its } => {
            let mut args = vec![f.clone()];
            args.extend(its.iter().cloned());
            drop(st);
            Ok(call(vm, ty(&MAP_TYPE), args, None))
        }
        IterState::Filter { f, it } => {
            let args = vec![f.clone(), it.clone()];
            drop(st);
            Ok(call(vm, ty(&FILTER_TYPE), args, None))
        }
        IterState::Callable { f, sentinel } => {
            let args = vec![f.clone(), sentinel.clone()];
            drop(st);
            let f = vm.builtin("iter")?;
            Ok(call(vm, f, args, None))
        }
        IterState::Exhausted => {
            drop(st);
            let t = it.type_of();
            let empty = if std::ptr::eq(t, &LIST_ITERATOR_TYPE) || std::ptr::eq(t, &LIST_REVERSEITERATOR_TYPE) {
                vm.new_list(vec![])
            } else if std::ptr::eq(t, &STR_ITERATOR_TYPE) {
                vm.new_str("")
            } else {
                vm.new_tuple(vec![])
            };
            let f = vm.builtin("iter")?;
            Ok(call(vm, f, vec![empty], None))
        }
    }
}

/// `range(start, stop, step)` from validated bounds (step is not zero).
fn new_range_value(_vm: &mut Vm, start: Value, stop: Value, step: Value) -> Value {
    alloc_object(&RANGE_TYPE, RangeData { start, stop, step })
}

/// `__setstate__` of the iterators whose reduction carries a state: a
/// position (clamped to the sequence, as CPython), or zip's `strict`.
fn iter_setstate(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("__setstate__", &Args::new(&a.args[1..]), 1, 1)?;
    let d = downcast::<IterData>(&a.args[0]).unwrap();
    let state = a.args[1].clone();
    let is_zip = matches!(&*d.0.borrow(), IterState::Zip { .. });
    if is_zip {
        let on = vm.truthy(&state)?;
        if let IterState::Zip { strict, .. } = &mut *d.0.borrow_mut() {
            *strict = on;
        }
        return Ok(Value::none());
    }
    let i = vm.index(&state)?;
    let i = i.to_i64().unwrap_or(if i.is_negative() { i64::MIN } else { i64::MAX });
    let seq = match &*d.0.borrow() {
        IterState::Seq { seq, .. } | IterState::Reversed { seq, .. } => Some(seq.clone()),
        _ => None,
    };
    let Some(seq) = seq else {
        return Ok(Value::none());
    };
    let n = vm.len(&seq)? as i64;
    match &mut *d.0.borrow_mut() {
        IterState::Seq { idx, .. } => *idx = i.clamp(0, n) as usize,
        IterState::Reversed { idx, .. } => *idx = i.clamp(-1, n - 1) as isize,
        _ => {}
    }
    Ok(Value::none())
}

fn iter_next_m(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let d = downcast::<IterData>(&a.args[0]).unwrap();
    match iter_next(vm, &a.args[0], d)? {
        Some(v) => Ok(v),
        None => Err(vm.new_exc_noargs(&STOP_ITERATION_TYPE)),
    }
}

fn iter_length_hint(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let d = downcast::<IterData>(&a.args[0]).unwrap();
    let st = d.0.borrow();
    let n = match &*st {
        IterState::Seq { seq, idx } => {
            let seq = seq.clone();
            let idx = *idx;
            drop(st);
            vm.len(&seq).map(|n| n.saturating_sub(idx)).unwrap_or(0)
        }
        IterState::Range { cur, stop, step } => range_len_i64(*cur, *stop, *step) as usize,
        IterState::Reversed { idx, .. } => (*idx + 1).max(0) as usize,
        _ => 0,
    };
    Ok(new_int_i64(n as i64))
}

/// One step of a dict or set iterator over its table's positions.
enum Scan {
    Item(Value),
    Changed,
    End,
}

/// The next live entry at or after `*pos` (key, value or item by
/// `kind`), or the size-change error (`*len` is the size when iteration
/// started; it is poisoned so the error repeats).
fn scan_table<'t>(
    now: usize,
    positions: usize,
    entry_at: impl Fn(usize) -> Option<&'t crate::dict::Entry>,
    pos: &mut usize,
    len: &mut usize,
    kind: u8,
) -> Scan {
    if now != *len {
        *len = usize::MAX;
        return Scan::Changed;
    }
    while *pos < positions {
        let p = *pos;
        *pos += 1;
        if let Some(e) = entry_at(p) {
            return Scan::Item(match kind {
                0 => e.key.clone(),
                1 => e.value.clone(),
                _ => crate::vm::new::new_tuple(vec![e.key.clone(), e.value.clone()]),
            });
        }
    }
    Scan::End
}

/// Work a native iterator step does after releasing its state borrow
/// (anything that may run Python code).
enum Slow {
    GetItem(Value, usize),
    Reversed(Value, isize),
    Enumerate(Value, Value),
    Zip(Vec<Value>, bool),
    Map(Value, Vec<Value>),
    Filter(Value, Value),
    Callable(Value, Value),
}

/// One step of a native iterator; `Ok(None)` when exhausted.
pub fn iter_next(vm: &mut Vm, it: &Value, d: &IterData) -> PyResult<Option<Value>> {
    let _ = it;
    let slow = {
        let mut st = d.0.borrow_mut();
        match &mut *st {
            IterState::Range { cur, stop, step } => {
                if (*step > 0 && *cur < *stop) || (*step < 0 && *cur > *stop) {
                    let v = *cur;
                    *cur += *step;
                    return Ok(Some(new_int_i64(v)));
                }
                *st = IterState::Exhausted;
                return Ok(None);
            }
            IterState::Seq { seq, idx } => {
                if let Some(l) = downcast::<ListData>(seq) {
                    let items = l.items.borrow();
                    if *idx < items.len() {
                        let v = items[*idx].clone();
                        *idx += 1;
                        return Ok(Some(v));
                    }
                    drop(items);
                    *st = IterState::Exhausted;
                    return Ok(None);
                }
                if let Some(tu) = downcast::<TupleData>(seq) {
                    if *idx < tu.items.len() {
                        let v = tu.items[*idx].clone();
                        *idx += 1;
                        return Ok(Some(v));
                    }
                    *st = IterState::Exhausted;
                    return Ok(None);
                }
                if let Some(s) = downcast::<StrData>(seq) {
                    if s.nchars == s.s.len() {
                        if *idx < s.s.len() {
                            let c = &s.s[*idx..*idx + 1];
                            *idx += 1;
                            return Ok(Some(vm.new_str(c)));
                        }
                    } else if *idx < s.s.len() {
                        // For non-ASCII strings idx is a byte offset.
                        let c = s.s[*idx..].chars().next().unwrap();
                        *idx += c.len_utf8();
                        return Ok(Some(vm.new_str_owned(c.to_string())));
                    }
                    *st = IterState::Exhausted;
                    return Ok(None);
                }
                let r = Slow::GetItem(seq.clone(), *idx);
                *idx += 1;
                r
            }
            IterState::Reversed { seq, idx } => {
                if *idx < 0 {
                    *st = IterState::Exhausted;
                    return Ok(None);
                }
                let r = Slow::Reversed(seq.clone(), *idx);
                *idx -= 1;
                r
            }
            IterState::BigRange { cur, stop, step } => {
                let (c, s, stp) = (
                    to_int(cur).unwrap(),
                    to_int(stop).unwrap(),
                    to_int(step).unwrap(),
                );
                let more = if stp.is_negative() { c > s } else { c < s };
                if !more {
                    *st = IterState::Exhausted;
                    return Ok(None);
                }
                *cur = new_int(c.add(&stp));
                return Ok(Some(new_int(c)));
            }
            IterState::Dict {
                obj,
                pos,
                len,
                kind,
            } => {
                // Dicts iterate their entries in insertion order, sets
                // their slots in CPython's order; both by position.
                let item = if let Some(dd) = downcast::<DictData>(obj) {
                    let t = dd.table.borrow();
                    scan_table(t.len(), t.positions(), |p| t.entry_at(p), pos, len, *kind)
                } else {
                    let t = downcast::<SetData>(obj).unwrap().table.borrow();
                    scan_table(t.len(), t.positions(), |p| t.entry_at(p), pos, len, *kind)
                };
                match item {
                    Scan::Item(v) => return Ok(Some(v)),
                    Scan::Changed => {
                        let what = if downcast::<DictData>(obj).is_some() {
                            "dictionary"
                        } else {
                            "Set"
                        };
                        return Err(vm.runtime_error(format!("{} changed size during iteration", what)));
                    }
                    Scan::End => {}
                }
                *st = IterState::Exhausted;
                return Ok(None);
            }
            IterState::Enumerate { it, count } => Slow::Enumerate(it.clone(), count.clone()),
            IterState::Zip { its, strict } => Slow::Zip(its.clone(), *strict),
            IterState::Map { f, its } => Slow::Map(f.clone(), its.clone()),
            IterState::Filter { f, it } => Slow::Filter(f.clone(), it.clone()),
            IterState::Callable { f, sentinel } => Slow::Callable(f.clone(), sentinel.clone()),
            IterState::Exhausted => return Ok(None),
        }
    };
    let exhausted = |d: &IterData| *d.0.borrow_mut() = IterState::Exhausted;
    match slow {
        Slow::GetItem(seq, i) => match vm.getitem(&seq, &new_int_i64(i as i64)) {
            Ok(v) => Ok(Some(v)),
            Err(e)
                if vm.err_matches(&e, &INDEX_ERROR_TYPE)
                    || vm.err_matches(&e, &STOP_ITERATION_TYPE) =>
            {
                exhausted(d);
                Ok(None)
            }
            Err(e) => Err(e),
        },
        Slow::Reversed(seq, i) => {
            if let Some(l) = downcast::<ListData>(&seq) {
                let items = l.items.borrow();
                if (i as usize) < items.len() {
                    return Ok(Some(items[i as usize].clone()));
                }
                drop(items);
                exhausted(d);
                return Ok(None);
            }
            match vm.getitem(&seq, &new_int_i64(i as i64)) {
                Ok(v) => Ok(Some(v)),
                Err(e)
                    if vm.err_matches(&e, &INDEX_ERROR_TYPE)
                        || vm.err_matches(&e, &STOP_ITERATION_TYPE) =>
                {
                    exhausted(d);
                    Ok(None)
                }
                Err(e) => Err(e),
            }
        }
        Slow::Enumerate(it, c) => match vm.next(&it)? {
            Some(v) => {
                let next = vm.binary_op(&c, &new_int_i64(1), 0)?;
                if let IterState::Enumerate { count, .. } = &mut *d.0.borrow_mut() {
                    *count = next;
                }
                Ok(Some(vm.new_tuple(vec![c, v])))
            }
            None => Ok(None),
        },
        Slow::Zip(its, strict) => {
            let mut out = Vec::with_capacity(its.len());
            for (i, x) in its.iter().enumerate() {
                match vm.next(x)? {
                    Some(v) => out.push(v),
                    None => {
                        exhausted(d);
                        if strict {
                            let plural = |n: usize| {
                                if n > 1 {
                                    format!("s 1-{}", n)
                                } else {
                                    " 1".to_string()
                                }
                            };
                            if i > 0 {
                                let msg = format!(
                                    "zip() argument {} is shorter than argument{}",
                                    i + 1,
                                    plural(i)
                                );
                                return Err(vm.value_error(msg));
                            }
                            for (j, y) in its.iter().enumerate().skip(1) {
                                if vm.next(y)?.is_some() {
                                    let msg = format!(
                                        "zip() argument {} is longer than argument{}",
                                        j + 1,
                                        plural(j)
                                    );
                                    return Err(vm.value_error(msg));
                                }
                            }
                        }
                        return Ok(None);
                    }
                }
            }
            if out.is_empty() {
                return Ok(None);
            }
            Ok(Some(vm.new_tuple(out)))
        }
        Slow::Map(f, its) => {
            let mut args = Vec::with_capacity(its.len());
            for x in &its {
                match vm.next(x)? {
                    Some(v) => args.push(v),
                    None => return Ok(None),
                }
            }
            Ok(Some(vm.call(&f, &args, &[])?))
        }
        Slow::Filter(f, it) => {
            while let Some(v) = vm.next(&it)? {
                let keep = if f.is_none() {
                    vm.truthy(&v)?
                } else {
                    let r = vm.call(&f, &[v.clone()], &[])?;
                    vm.truthy(&r)?
                };
                if keep {
                    return Ok(Some(v));
                }
            }
            Ok(None)
        }
        Slow::Callable(f, s) => {
            let v = match vm.call0(&f) {
                Ok(v) => v,
                Err(e) if vm.err_matches(&e, &STOP_ITERATION_TYPE) => {
                    exhausted(d);
                    return Ok(None);
                }
                Err(e) => return Err(e),
            };
            if vm.eq(&v, &s)? {
                exhausted(d);
                return Ok(None);
            }
            Ok(Some(v))
        }
    }
}

fn check_subclass_new(vm: &mut Vm, a: &Args, name: &str) -> PyResult<()> {
    let t = as_type(&a.args[0]).unwrap();
    if a.has_kwargs() && !t.has_flag(type_flags::HEAPTYPE) {
        let allowed = matches!(name, "enumerate" | "zip");
        if !allowed {
            return Err(vm.type_error(format!("{}() takes no keyword arguments", name)));
        }
    }
    Ok(())
}

fn enumerate_new(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let b = bind(vm, &a, "enumerate", &["iterable", "start"], true)?;
    let Some(itv) = b[0] else {
        return Err(vm.type_error("enumerate() missing required argument 'iterable' (pos 1)"));
    };
    let it = vm.iter(itv)?;
    let start = match b[1] {
        Some(s) => {
            if to_int(s).is_none() {
                let msg = format!(
                    "'{}' object cannot be interpreted as an integer",
                    s.type_of().name()
                );
                return Err(vm.type_error(msg));
            }
            s.clone()
        }
        None => new_int_i64(0),
    };
    let t = as_type(&a.args[0]).unwrap();
    Ok(alloc_object(
        t,
        IterData(std::cell::RefCell::new(IterState::Enumerate {
            it,
            count: start,
        })),
    ))
}

fn zip_new(vm: &mut Vm, a: Args) -> PyResult<Value> {
    check_subclass_new(vm, &a, "zip")?;
    let mut strict = false;
    for (k, v) in a.kwargs() {
        if k == "strict" {
            strict = vm.truthy(v)?;
        } else {
            return Err(vm.type_error(format!("zip() got an unexpected keyword argument '{}'", k)));
        }
    }
    let mut its = Vec::new();
    for (i, x) in a.pos()[1..].iter().enumerate() {
        let _ = i;
        its.push(vm.iter(x)?);
    }
    let t = as_type(&a.args[0]).unwrap();
    Ok(alloc_object(
        t,
        IterData(std::cell::RefCell::new(IterState::Zip { its, strict })),
    ))
}

fn map_new(vm: &mut Vm, a: Args) -> PyResult<Value> {
    check_subclass_new(vm, &a, "map")?;
    if a.args.len() < 3 {
        return Err(vm.type_error("map() must have at least two arguments."));
    }
    let f = a.args[1].clone();
    let mut its = Vec::new();
    for x in &a.args[2..] {
        its.push(vm.iter(x)?);
    }
    let t = as_type(&a.args[0]).unwrap();
    Ok(alloc_object(
        t,
        IterData(std::cell::RefCell::new(IterState::Map { f, its })),
    ))
}

fn filter_new(vm: &mut Vm, a: Args) -> PyResult<Value> {
    check_subclass_new(vm, &a, "filter")?;
    if a.args.len() != 3 {
        return Err(vm.type_error(format!(
            "filter expected 2 arguments, got {}",
            a.args.len() - 1
        )));
    }
    let it = vm.iter(&a.args[2])?;
    let t = as_type(&a.args[0]).unwrap();
    Ok(alloc_object(
        t,
        IterData(std::cell::RefCell::new(IterState::Filter {
            f: a.args[1].clone(),
            it,
        })),
    ))
}

fn reversed_new(vm: &mut Vm, a: Args) -> PyResult<Value> {
    check_subclass_new(vm, &a, "reversed")?;
    if a.args.len() != 2 {
        return Err(vm.type_error(format!(
            "reversed expected 1 argument, got {}",
            a.args.len() - 1
        )));
    }
    let seq = a.args[1].clone();
    if let Some(r) = lookup(seq.type_of(), "__reversed__") {
        if r.is_none() {
            return Err(vm.type_error(format!(
                "'{}' object is not reversible",
                seq.type_of().name()
            )));
        }
        return Ok(vm.call_special(&seq, "__reversed__", &[])?.unwrap());
    }
    if lookup(seq.type_of(), "__getitem__").is_none() || downcast::<DictData>(&seq).is_some() {
        return Err(vm.type_error(format!(
            "'{}' object is not reversible",
            seq.type_of().name()
        )));
    }
    let n = vm.len(&seq)?;
    Ok(vm.new_iter(
        &REVERSED_TYPE,
        IterState::Reversed {
            seq,
            idx: n as isize - 1,
        },
    ))
}

// ---- range ----

/// `range(start, stop, step)` again, for pickle and copy.
fn range_reduce(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let r = rd(&a.args[0]);
    let args = vm.new_tuple(vec![r.start.clone(), r.stop.clone(), r.step.clone()]);
    let t = crate::vm::attr::type_value(&RANGE_TYPE);
    Ok(vm.new_tuple(vec![t, args]))
}

fn rd(v: &Value) -> &RangeData {
    downcast::<RangeData>(v).unwrap()
}

fn range_len_i64(start: i64, stop: i64, step: i64) -> i64 {
    if step > 0 && start < stop {
        ((stop as i128 - start as i128 - 1) / step as i128 + 1) as i64
    } else if step < 0 && start > stop {
        ((start as i128 - stop as i128 - 1) / (-(step as i128)) + 1) as i64
    } else {
        0
    }
}

fn range_parts(r: &RangeData) -> (Int, Int, Int) {
    (
        to_int(&r.start).unwrap(),
        to_int(&r.stop).unwrap(),
        to_int(&r.step).unwrap(),
    )
}

fn range_length(r: &RangeData) -> Int {
    let (a, b, s) = range_parts(r);
    let (lo, hi, st) = if s.is_negative() {
        (b, a, s.neg())
    } else {
        (a, b, s)
    };
    if lo.compare(&hi) != std::cmp::Ordering::Less {
        return Int::Small(0);
    }
    let diff = hi.sub(&lo).sub(&Int::Small(1));
    diff.floordiv(&st).unwrap().add(&Int::Small(1))
}

fn range_small(r: &RangeData) -> Option<(i64, i64, i64)> {
    Some((r.start.as_i64()?, r.stop.as_i64()?, r.step.as_i64()?))
}

fn range_arg(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    if to_int(v).is_some() {
        return Ok(new_int(to_int(v).unwrap()));
    }
    let i = vm.index(v)?;
    Ok(new_int(i))
}

fn range_new(vm: &mut Vm, a: Args) -> PyResult<Value> {
    if a.has_kwargs() {
        return Err(vm.type_error("range() takes no keyword arguments"));
    }
    let p = &a.args[1..];
    let (start, stop, step) = match p.len() {
        1 => (new_int_i64(0), range_arg(vm, &p[0])?, new_int_i64(1)),
        2 => (range_arg(vm, &p[0])?, range_arg(vm, &p[1])?, new_int_i64(1)),
        3 => (
            range_arg(vm, &p[0])?,
            range_arg(vm, &p[1])?,
            range_arg(vm, &p[2])?,
        ),
        0 => return Err(vm.type_error("range expected at least 1 argument, got 0")),
        n => return Err(vm.type_error(format!("range expected at most 3 arguments, got {}", n))),
    };
    if to_int(&step).map_or(false, |s| s.is_zero()) {
        return Err(vm.value_error("range() arg 3 must not be zero"));
    }
    Ok(alloc_object(&RANGE_TYPE, RangeData { start, stop, step }))
}

fn range_repr(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let r = rd(&a.args[0]);
    let (s, e, st) = range_parts(r);
    let out = if st == Int::Small(1) {
        format!("range({}, {})", s, e)
    } else {
        format!("range({}, {}, {})", s, e, st)
    };
    Ok(vm.new_str_owned(out))
}

fn range_len(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let n = range_length(rd(&a.args[0]));
    match n.to_i64() {
        Some(x) => Ok(new_int_i64(x)),
        None => Err(vm.overflow_error("Python int too large to convert to C ssize_t")),
    }
}

fn range_bool(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    Ok(Value::from_bool(!range_length(rd(&a.args[0])).is_zero()))
}

fn range_iter(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let r = rd(&a.args[0]);
    if let Some((s, e, st)) = range_small(r) {
        return Ok(vm.new_iter(
            &RANGE_ITERATOR_TYPE,
            IterState::Range {
                cur: s,
                stop: e,
                step: st,
            },
        ));
    }
    Ok(vm.new_iter(
        &RANGE_ITERATOR_TYPE,
        IterState::BigRange {
            cur: r.start.clone(),
            stop: r.stop.clone(),
            step: r.step.clone(),
        },
    ))
}

fn range_reversed(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let r = rd(&a.args[0]);
    let n = range_length(r);
    let (s, _, st) = range_parts(r);
    if n.is_zero() {
        return Ok(vm.new_iter(
            &RANGE_ITERATOR_TYPE,
            IterState::Range {
                cur: 0,
                stop: 0,
                step: 1,
            },
        ));
    }
    let last = s.add(&n.sub(&Int::Small(1)).mul(&st).unwrap());
    let new_start = last;
    let new_stop = s.sub(&st);
    let new_step = st.neg();
    match (new_start.to_i64(), new_stop.to_i64(), new_step.to_i64()) {
        (Some(a1), Some(b1), Some(c1)) => Ok(vm.new_iter(
            &RANGE_ITERATOR_TYPE,
            IterState::Range {
                cur: a1,
                stop: b1,
                step: c1,
            },
        )),
        _ => Ok(vm.new_iter(
            &RANGE_ITERATOR_TYPE,
            IterState::BigRange {
                cur: new_int(new_start),
                stop: new_int(new_stop),
                step: new_int(new_step),
            },
        )),
    }
}

fn range_item(r: &RangeData, i: &Int) -> Int {
    let (s, _, st) = range_parts(r);
    s.add(&i.mul(&st).unwrap())
}

fn range_getitem(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let r = rd(&a.args[0]);
    let k = &a.args[1];
    if let Some(sl) = downcast::<SliceData>(k) {
        let n = range_length(r).to_i64().unwrap_or(i64::MAX) as usize;
        let (start, stop, step, _) = slice_indices(vm, sl, n)?;
        let (_, _, st) = range_parts(r);
        let ns = range_item(r, &Int::Small(start));
        let ne = range_item(r, &Int::Small(stop));
        let nst = st.mul(&Int::Small(step)).unwrap();
        return Ok(alloc_object(
            &RANGE_TYPE,
            RangeData {
                start: new_int(ns),
                stop: new_int(ne),
                step: new_int(nst),
            },
        ));
    }
    let i = match to_int(k) {
        Some(i) => i,
        None => {
            if lookup(k.type_of(), "__index__").is_none() {
                let msg = format!(
                    "range indices must be integers or slices, not {}",
                    k.type_of().name()
                );
                return Err(vm.type_error(msg));
            }
            vm.index(k)?
        }
    };
    let n = range_length(r);
    let i = if i.is_negative() { i.add(&n) } else { i };
    if i.is_negative() || i.compare(&n) != std::cmp::Ordering::Less {
        return Err(vm.index_error("range object index out of range"));
    }
    Ok(new_int(range_item(r, &i)))
}

fn range_contains_int(r: &RangeData, x: &Int) -> bool {
    let (s, e, st) = range_parts(r);
    let inside = if st.is_negative() {
        x.compare(&s) != std::cmp::Ordering::Greater && x.compare(&e) == std::cmp::Ordering::Greater
    } else {
        x.compare(&s) != std::cmp::Ordering::Less && x.compare(&e) == std::cmp::Ordering::Less
    };
    inside && x.sub(&s).modulo(&st).map_or(false, |m| m.is_zero())
}

fn range_contains(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let r = rd(&a.args[0]);
    let x = &a.args[1];
    if x.is_int() || std::ptr::eq(x.type_of(), &INT_TYPE) || x.as_bool().is_some() {
        return Ok(Value::from_bool(range_contains_int(r, &to_int(x).unwrap())));
    }
    let n = range_length(r).to_i64().unwrap_or(0);
    for i in 0..n {
        let v = new_int(range_item(r, &Int::Small(i)));
        if vm.eq(&v, x)? {
            return Ok(Value::from_bool(true));
        }
    }
    Ok(Value::from_bool(false))
}

fn range_eq(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    let Some(o) = downcast::<RangeData>(&a.args[1]) else {
        return super::not_impl();
    };
    let r = rd(&a.args[0]);
    let (n1, n2) = (range_length(r), range_length(o));
    if n1 != n2 {
        return Ok(Value::from_bool(false));
    }
    if n1.is_zero() {
        return Ok(Value::from_bool(true));
    }
    let (s1, _, st1) = range_parts(r);
    let (s2, _, st2) = range_parts(o);
    if s1 != s2 {
        return Ok(Value::from_bool(false));
    }
    Ok(Value::from_bool(n1 == Int::Small(1) || st1 == st2))
}

fn range_hash(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let r = rd(&a.args[0]);
    let n = range_length(r);
    let t = if n.is_zero() {
        vm.new_tuple(vec![new_int(n), Value::none(), Value::none()])
    } else if n == Int::Small(1) {
        vm.new_tuple(vec![new_int(n), r.start.clone(), Value::none()])
    } else {
        vm.new_tuple(vec![new_int(n), r.start.clone(), r.step.clone()])
    };
    let h = vm.hash(&t)?;
    Ok(new_int_i64(h))
}

fn range_index(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let r = rd(&a.args[0]);
    if let Some(x) = to_int(&a.args[1]) {
        if range_contains_int(r, &x) {
            let (s, _, st) = range_parts(r);
            return Ok(new_int(x.sub(&s).floordiv(&st).unwrap()));
        }
    }
    let rs = vm.repr(&a.args[1])?;
    Err(vm.value_error(format!("{} is not in range", rs)))
}

fn range_count(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let r = rd(&a.args[0]);
    if let Some(x) = to_int(&a.args[1]) {
        return Ok(new_int_i64(range_contains_int(r, &x) as i64));
    }
    let c = range_contains(vm, a)?;
    Ok(new_int_i64((c.as_bool() == Some(true)) as i64))
}

fn range_start(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(rd(v).start.clone())
}
fn range_stop(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(rd(v).stop.clone())
}
fn range_step(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(rd(v).step.clone())
}

// ---- slice ----

fn slice_new(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let p = &a.args[1..];
    let none = Value::none();
    let (s, e, st) = match p.len() {
        1 => (none.clone(), p[0].clone(), none),
        2 => (p[0].clone(), p[1].clone(), none),
        3 => (p[0].clone(), p[1].clone(), p[2].clone()),
        0 => return Err(vm.type_error("slice expected at least 1 argument, got 0")),
        n => return Err(vm.type_error(format!("slice expected at most 3 arguments, got {}", n))),
    };
    Ok(vm.new_slice(s, e, st))
}

fn sl(v: &Value) -> &SliceData {
    downcast::<SliceData>(v).unwrap()
}

fn slice_repr(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let s = sl(&a.args[0]);
    let (x, y, z) = (s.start.clone(), s.stop.clone(), s.step.clone());
    let out = format!(
        "slice({}, {}, {})",
        vm.repr(&x)?,
        vm.repr(&y)?,
        vm.repr(&z)?
    );
    Ok(vm.new_str_owned(out))
}

fn slice_indices_m(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let n = vm.index_i64(&a.args[1])?;
    if n < 0 {
        return Err(vm.value_error("length should not be negative"));
    }
    let (s, e, st, _) = slice_indices(vm, sl(&a.args[0]), n as usize)?;
    Ok(vm.new_tuple(vec![new_int_i64(s), new_int_i64(e), new_int_i64(st)]))
}

fn slice_eq(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let Some(o) = downcast::<SliceData>(&a.args[1]) else {
        return super::not_impl();
    };
    let s = sl(&a.args[0]);
    let x = vm.new_tuple(vec![s.start.clone(), s.stop.clone(), s.step.clone()]);
    let y = vm.new_tuple(vec![o.start.clone(), o.stop.clone(), o.step.clone()]);
    Ok(Value::from_bool(vm.eq(&x, &y)?))
}

/// `slice(start, stop, step)` again, for pickle and copy.
fn slice_reduce(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let s = sl(&a.args[0]);
    let args = vm.new_tuple(vec![s.start.clone(), s.stop.clone(), s.step.clone()]);
    let t = crate::vm::attr::type_value(&SLICE_TYPE);
    Ok(vm.new_tuple(vec![t, args]))
}

fn slice_start(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(sl(v).start.clone())
}
fn slice_stop(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(sl(v).stop.clone())
}
fn slice_step(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(sl(v).step.clone())
}
