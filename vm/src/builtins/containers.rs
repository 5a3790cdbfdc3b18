//! `list` and `tuple`, and the stable merge sort behind `list.sort` and
//! `sorted` (its comparisons may raise, so it is ours, not `slice::sort`).

use super::strings::{repeat_count, slice_indices};
use super::{add_classmethods, add_methods, bind, not_impl};
use crate::object::alloc_object;
use crate::objects::*;
use crate::types::*;
use crate::value::Value;
use crate::vm::attr::as_type;
use crate::vm::new::*;
use crate::vm::ops::to_int;
use crate::vm::{Args, PyResult, Vm};
use std::cell::RefCell;

pub fn init() {
    add_methods(
        &LIST_TYPE,
        &[
            ("__new__", list_new),
            ("__init__", list_init),
            ("__repr__", list_repr),
            ("__len__", list_len),
            ("__getitem__", list_getitem),
            ("__setitem__", list_setitem),
            ("__delitem__", list_delitem),
            ("__contains__", list_contains),
            ("__iter__", list_iter),
            ("__reversed__", list_reversed),
            ("__add__", list_add),
            ("__iadd__", list_iadd),
            ("__mul__", list_mul),
            ("__rmul__", list_mul),
            ("__imul__", list_imul),
            ("__eq__", list_eq),
            ("__ne__", list_ne),
            ("__lt__", list_lt),
            ("__le__", list_le),
            ("__gt__", list_gt),
            ("__ge__", list_ge),
            ("append", list_append),
            ("extend", list_extend),
            ("insert", list_insert),
            ("pop", list_pop),
            ("remove", list_remove),
            ("index", list_index),
            ("count", list_count),
            ("clear", list_clear),
            ("copy", list_copy),
            ("reverse", list_reverse),
            ("sort", list_sort),
        ],
    );
    crate::builtins::set_type_attr(&LIST_TYPE, "__hash__", Value::none());
    add_classmethods(&LIST_TYPE, &[("__class_getitem__", super::generic_alias::class_getitem)]);
    add_methods(
        &TUPLE_TYPE,
        &[
            ("__new__", tuple_new),
            ("__repr__", tuple_repr),
            ("__len__", tuple_len),
            ("__getitem__", tuple_getitem),
            ("__contains__", tuple_contains),
            ("__iter__", tuple_iter),
            ("__add__", tuple_add),
            ("__mul__", tuple_mul),
            ("__rmul__", tuple_mul),
            ("__hash__", tuple_hash),
            ("__eq__", tuple_eq),
            ("__ne__", tuple_ne),
            ("__lt__", tuple_lt),
            ("__le__", tuple_le),
            ("__gt__", tuple_gt),
            ("__ge__", tuple_ge),
            ("index", tuple_index),
            ("count", tuple_count),
            ("__getnewargs__", tuple_getnewargs),
        ],
    );
    add_classmethods(&TUPLE_TYPE, &[("__class_getitem__", super::generic_alias::class_getitem)]);
}

fn l(v: &Value) -> &ListData {
    downcast::<ListData>(v).unwrap()
}

fn t(v: &Value) -> &TupleData {
    downcast::<TupleData>(v).unwrap()
}

/// Merge sort of `keys` (with `vals` moved alongside), comparing with
/// `<` through Python; stable; stops at the first error.
/// Which native order a sort key belongs to: a number (inline int or
/// non-NaN float: exact against each other) or an exact str.
#[derive(Clone, Copy, PartialEq)]
enum KeyClass {
    Num,
    Str,
}

fn key_class(k: &Value) -> Option<KeyClass> {
    if k.as_i64().is_some() || k.as_f64().is_some_and(|f| !f.is_nan()) {
        Some(KeyClass::Num)
    } else if std::ptr::eq(k.type_of(), &STR_TYPE) {
        Some(KeyClass::Str)
    } else {
        None
    }
}

/// Whether `<` over these keys is a total order computed without Python
/// code: all numbers, all strs, or all exact tuples whose items at each
/// position are all numbers or all strs.
fn natively_ordered<'a>(keys: impl Iterator<Item = &'a Value> + Clone) -> bool {
    let mut first = keys.clone();
    let Some(k0) = first.next() else {
        return true;
    };
    if let Some(c) = key_class(k0) {
        return keys.into_iter().all(|k| key_class(k) == Some(c));
    }
    if !std::ptr::eq(k0.type_of(), &TUPLE_TYPE) {
        return false;
    }
    let mut classes: Vec<KeyClass> = Vec::new();
    for k in keys {
        if !std::ptr::eq(k.type_of(), &TUPLE_TYPE) {
            return false;
        }
        let t = downcast::<TupleData>(k).unwrap();
        for (i, x) in t.items.iter().enumerate() {
            let Some(c) = key_class(x) else {
                return false;
            };
            match classes.get(i) {
                Some(&have) if have != c => return false,
                Some(_) => {}
                None => classes.push(c),
            }
        }
    }
    true
}

/// The order of two keys that passed [`natively_ordered`].
fn native_key_cmp(a: &Value, b: &Value) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    if let (Some(x), Some(y)) = (a.as_i64(), b.as_i64()) {
        return x.cmp(&y);
    }
    if let Some((x, y)) = crate::vm::ops::float_pair(a, b) {
        return x.partial_cmp(&y).unwrap_or(Ordering::Equal);
    }
    if let (Some(x), Some(y)) = (downcast::<StrData>(a), downcast::<StrData>(b)) {
        if std::ptr::eq(a.type_of(), &STR_TYPE) {
            // UTF-8 byte order is code-point order.
            return x.s.as_bytes().cmp(y.s.as_bytes());
        }
    }
    let (x, y) = (downcast::<TupleData>(a).unwrap(), downcast::<TupleData>(b).unwrap());
    for (p, q) in x.items.iter().zip(y.items.iter()) {
        match native_key_cmp(p, q) {
            Ordering::Equal => {}
            o => return o,
        }
    }
    x.items.len().cmp(&y.items.len())
}

fn merge_sort(
    vm: &mut Vm,
    items: Vec<(Value, Value)>,
    reverse: bool,
) -> PyResult<Vec<(Value, Value)>> {
    let n = items.len();
    if n < 2 {
        return Ok(items);
    }
    let mut v: Vec<(Value, Value)> = items;
    // Keys that all compare natively (numbers, strs, tuples of those):
    // Rust's stable sort, no Python-level comparison (CPython's
    // pre-sort type check does the same).
    if natively_ordered(v.iter().map(|p| &p.0)) {
        if reverse {
            v.reverse();
        }
        v.sort_by(|a, b| native_key_cmp(&a.0, &b.0));
        if reverse {
            v.reverse();
        }
        return Ok(v);
    }
    // Insertion sort for short runs, then bottom-up merges.
    let run = 16;
    let less = |vm: &mut Vm, a: &Value, b: &Value| -> PyResult<bool> {
        if let (Some(x), Some(y)) = (a.as_i64(), b.as_i64()) {
            return Ok(x < y);
        }
        if let (Some(x), Some(y)) = (a.as_f64(), b.as_f64()) {
            return Ok(x < y);
        }
        if let (Some(x), Some(y)) = (downcast::<StrData>(a), downcast::<StrData>(b)) {
            if std::ptr::eq(a.type_of(), &STR_TYPE) && std::ptr::eq(b.type_of(), &STR_TYPE) {
                return Ok(x.s < y.s);
            }
        }
        vm.compare_bool(a, b, 0)
    };
    // "a goes before b": for reverse, b < a (keeps stability as CPython
    // does by reversing, sorting, reversing).
    if reverse {
        v.reverse();
    }
    let mut start = 0;
    while start < n {
        let end = (start + run).min(n);
        for i in start + 1..end {
            let mut j = i;
            while j > start {
                if less(vm, &v[j].0, &v[j - 1].0)? {
                    v.swap(j, j - 1);
                    j -= 1;
                } else {
                    break;
                }
            }
        }
        start = end;
    }
    let mut width = run;
    while width < n {
        let mut out: Vec<(Value, Value)> = Vec::with_capacity(n);
        let mut it = v.into_iter().peekable();
        let mut remaining = n;
        while remaining > 0 {
            let left_n = width.min(remaining);
            let left: Vec<(Value, Value)> = it.by_ref().take(left_n).collect();
            remaining -= left_n;
            let right_n = width.min(remaining);
            let right: Vec<(Value, Value)> = it.by_ref().take(right_n).collect();
            remaining -= right_n;
            let (mut i, mut j) = (0, 0);
            let mut li = left.into_iter().map(Some).collect::<Vec<_>>();
            let mut ri = right.into_iter().map(Some).collect::<Vec<_>>();
            while i < li.len() && j < ri.len() {
                let take_right = less(vm, &ri[j].as_ref().unwrap().0, &li[i].as_ref().unwrap().0)?;
                if take_right {
                    out.push(ri[j].take().unwrap());
                    j += 1;
                } else {
                    out.push(li[i].take().unwrap());
                    i += 1;
                }
            }
            out.extend(li.into_iter().skip(i).flatten());
            out.extend(ri.into_iter().skip(j).flatten());
        }
        v = out;
        width *= 2;
    }
    if reverse {
        v.reverse();
    }
    Ok(v)
}

/// Sorts the list `lv` in place (CPython: the list appears empty while
/// sorting; modification during the sort is an error).
pub fn list_sort_values(
    vm: &mut Vm,
    lv: &Value,
    key: Option<Value>,
    reverse: bool,
) -> PyResult<()> {
    let items = std::mem::take(&mut *l(lv).items.borrow_mut());
    let mut pairs = Vec::with_capacity(items.len());
    let mut err = None;
    for it in items.iter() {
        let k = match &key {
            Some(f) => match vm.call(f, &[it.clone()], &[]) {
                Ok(k) => k,
                Err(e) => {
                    err = Some(e);
                    break;
                }
            },
            None => it.clone(),
        };
        pairs.push((k, it.clone()));
    }
    if let Some(e) = err {
        *l(lv).items.borrow_mut() = items;
        return Err(e);
    }
    let r = merge_sort(vm, pairs, reverse);
    let modified = !l(lv).items.borrow().is_empty();
    match r {
        Ok(sorted) => {
            *l(lv).items.borrow_mut() = sorted.into_iter().map(|(_, v)| v).collect();
            if modified {
                return Err(vm.value_error("list modified during sort"));
            }
            Ok(())
        }
        Err(e) => {
            *l(lv).items.borrow_mut() = items;
            Err(e)
        }
    }
}

fn list_new(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let ty = as_type(&a.args[0]).unwrap();
    let _ = vm;
    Ok(alloc_object(
        ty,
        ListData {
            items: RefCell::new(Vec::new()),
        },
    ))
}

fn list_init(vm: &mut Vm, a: Args) -> PyResult<Value> {
    if a.has_kwargs() {
        return Err(vm.type_error("list() takes no keyword arguments"));
    }
    if a.args.len() > 2 {
        return Err(vm.type_error(format!(
            "list expected at most 1 argument, got {}",
            a.args.len() - 1
        )));
    }
    let items = match a.args.get(1) {
        Some(it) => vm.iterate(it)?,
        None => Vec::new(),
    };
    *l(&a.args[0]).items.borrow_mut() = items;
    Ok(Value::none())
}

/// `[a, b]` / `(a, b)` reprs with recursion guard.
fn seq_repr(
    vm: &mut Vm,
    v: &Value,
    items: Vec<Value>,
    open: &str,
    close: &str,
    one_comma: bool,
) -> PyResult<Value> {
    let id = v.to_bits();
    if vm.repr_stack.contains(&id) {
        return Ok(vm.new_str_owned(format!("{}...{}", open, close)));
    }
    vm.repr_stack.push(id);
    let mut out = String::from(open);
    let mut r = Ok(());
    for (i, it) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        match vm.repr(it) {
            Ok(s) => out.push_str(&s),
            Err(e) => {
                r = Err(e);
                break;
            }
        }
    }
    vm.repr_stack.pop();
    r?;
    if one_comma && items.len() == 1 {
        out.push(',');
    }
    out.push_str(close);
    Ok(vm.new_str_owned(out))
}

fn list_repr(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let items = l(&a.args[0]).items.borrow().clone();
    seq_repr(vm, &a.args[0], items, "[", "]", false)
}

fn list_len(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    Ok(new_int_i64(l(&a.args[0]).items.borrow().len() as i64))
}

/// Normalises an index for a sequence of `n` items.
fn seq_index(vm: &mut Vm, k: &Value, n: usize, what: &str) -> PyResult<Option<usize>> {
    let i = match to_int(k) {
        Some(i) => i,
        None => {
            if crate::vm::attr::lookup(k.type_of(), "__index__").is_some() {
                vm.index(k)?
            } else {
                let msg = format!(
                    "{} indices must be integers or slices, not {}",
                    what,
                    k.type_of().name()
                );
                return Err(vm.type_error(msg));
            }
        }
    };
    let Some(i) = i.to_i64() else {
        return Err(vm.index_error(format!("cannot fit 'int' into an index-sized integer")));
    };
    let j = if i < 0 { i + n as i64 } else { i };
    if j < 0 || j >= n as i64 {
        return Ok(None);
    }
    Ok(Some(j as usize))
}

fn slice_items(vm: &mut Vm, items: &[Value], sl: &SliceData) -> PyResult<Vec<Value>> {
    let (start, _, step, n) = slice_indices(vm, sl, items.len())?;
    if step == 1 {
        return Ok(items[start as usize..start as usize + n].to_vec());
    }
    let mut out = Vec::with_capacity(n);
    let mut i = start;
    for _ in 0..n {
        out.push(items[i as usize].clone());
        i += step;
    }
    Ok(out)
}

fn list_getitem(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let k = &a.args[1];
    if let Some(sl) = downcast::<SliceData>(k) {
        // Resolve the bounds first (may run __index__), then copy just the
        // slice under a short borrow.
        let len = l(&a.args[0]).items.borrow().len();
        let (start, _, step, n) = slice_indices(vm, sl, len)?;
        let items = l(&a.args[0]).items.borrow();
        let r: Vec<Value> = if step == 1 {
            items[start as usize..start as usize + n].to_vec()
        } else {
            (0..n)
                .map(|j| items[(start + j as i64 * step) as usize].clone())
                .collect()
        };
        drop(items);
        return Ok(vm.new_list(r));
    }
    let n = l(&a.args[0]).items.borrow().len();
    match seq_index(vm, k, n, "list")? {
        Some(i) => Ok(l(&a.args[0]).items.borrow()[i].clone()),
        None => Err(vm.index_error("list index out of range")),
    }
}

fn list_setitem(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let (lv, k, v) = (&a.args[0], &a.args[1], &a.args[2]);
    if let Some(sl) = downcast::<SliceData>(k) {
        let new: Vec<Value> = if v.is(lv.borrow()) {
            l(lv).items.borrow().clone()
        } else {
            match vm.iterate(v) {
                Ok(x) => x,
                Err(e) => {
                    if vm.err_matches(&e, &TYPE_ERROR_TYPE) {
                        return Err(vm.type_error("can only assign an iterable"));
                    }
                    return Err(e);
                }
            }
        };
        let len = l(lv).items.borrow().len();
        let (start, stop, step, n) = slice_indices(vm, sl, len)?;
        if step == 1 {
            let start = start as usize;
            let stop = (stop.max(start as i64)) as usize;
            let old: Vec<Value> = l(lv).items.borrow_mut().splice(start..stop, new).collect();
            drop(old);
            return Ok(Value::none());
        }
        if new.len() != n {
            let msg = format!(
                "attempt to assign sequence of size {} to extended slice of size {}",
                new.len(),
                n
            );
            return Err(vm.value_error(msg));
        }
        let mut items = l(lv).items.borrow_mut();
        let mut i = start;
        for x in new {
            items[i as usize] = x;
            i += step;
        }
        return Ok(Value::none());
    }
    let n = l(lv).items.borrow().len();
    match seq_index(vm, k, n, "list")? {
        Some(i) => {
            let old = std::mem::replace(&mut l(lv).items.borrow_mut()[i], v.clone());
            drop(old);
            Ok(Value::none())
        }
        None => Err(vm.index_error("list assignment index out of range")),
    }
}

fn list_delitem(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let (lv, k) = (&a.args[0], &a.args[1]);
    if let Some(sl) = downcast::<SliceData>(k) {
        let len = l(lv).items.borrow().len();
        let (start, _, step, n) = slice_indices(vm, sl, len)?;
        let mut idx: Vec<usize> = (0..n).map(|j| (start + j as i64 * step) as usize).collect();
        idx.sort_unstable();
        let removed: Vec<Value> = {
            let mut items = l(lv).items.borrow_mut();
            let mut out = Vec::new();
            for i in idx.into_iter().rev() {
                out.push(items.remove(i));
            }
            out
        };
        drop(removed);
        return Ok(Value::none());
    }
    let n = l(lv).items.borrow().len();
    match seq_index(vm, k, n, "list")? {
        Some(i) => {
            let old = l(lv).items.borrow_mut().remove(i);
            drop(old);
            Ok(Value::none())
        }
        None => Err(vm.index_error("list assignment index out of range")),
    }
}

fn seq_contains(vm: &mut Vm, items: &[Value], x: &Value) -> PyResult<bool> {
    for it in items {
        if vm.eq(it, x)? {
            return Ok(true);
        }
    }
    Ok(false)
}

fn list_contains(vm: &mut Vm, a: Args) -> PyResult<Value> {
    // Element by element, never borrowing across __eq__ (which may
    // mutate the list).
    let mut i = 0;
    loop {
        let it = {
            let items = l(&a.args[0]).items.borrow();
            match items.get(i) {
                Some(v) => v.clone(),
                None => return Ok(Value::from_bool(false)),
            }
        };
        if vm.eq(&it, &a.args[1])? {
            return Ok(Value::from_bool(true));
        }
        i += 1;
    }
}

fn list_iter(vm: &mut Vm, a: Args) -> PyResult<Value> {
    Ok(vm.new_iter(
        &LIST_ITERATOR_TYPE,
        IterState::Seq {
            seq: a.args[0].clone(),
            idx: 0,
        },
    ))
}

fn list_reversed(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let n = l(&a.args[0]).items.borrow().len();
    Ok(vm.new_iter(
        &LIST_REVERSEITERATOR_TYPE,
        IterState::Reversed {
            seq: a.args[0].clone(),
            idx: n as isize - 1,
        },
    ))
}

pub fn list_add(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let Some(o) = downcast::<ListData>(&a.args[1]) else {
        let msg = format!(
            "can only concatenate list (not \"{}\") to list",
            a.args[1].type_of().name()
        );
        return Err(vm.type_error(msg));
    };
    let mut items = l(&a.args[0]).items.borrow().clone();
    items.extend(o.items.borrow().iter().cloned());
    Ok(vm.new_list(items))
}

fn list_iadd(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let new = if a.args[1].is(a.args[0].borrow()) {
        l(&a.args[0]).items.borrow().clone()
    } else {
        vm.iterate(&a.args[1])?
    };
    l(&a.args[0]).items.borrow_mut().extend(new);
    Ok(a.args[0].clone())
}

/// `items * n` for lists and tuples; MemoryError (as CPython, before
/// trying) when the result could not be allocated: more than 2**32 items
/// is 32 GiB of references.
fn repeat_items(vm: &mut Vm, items: &[Value], n: usize) -> PyResult<Vec<Value>> {
    if items.len().saturating_mul(n) > 1 << 32 {
        return Err(vm.new_exc_noargs(&MEMORY_ERROR_TYPE));
    }
    let mut out = Vec::with_capacity(items.len() * n);
    for _ in 0..n {
        out.extend(items.iter().cloned());
    }
    Ok(out)
}

fn list_mul(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let Some(n) = repeat_count(vm, &a.args[1])? else {
        return not_impl();
    };
    let items = l(&a.args[0]).items.borrow().clone();
    let out = repeat_items(vm, &items, n)?;
    Ok(vm.new_list(out))
}

fn list_imul(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let Some(n) = repeat_count(vm, &a.args[1])? else {
        return not_impl();
    };
    let items = l(&a.args[0]).items.borrow().clone();
    let out = repeat_items(vm, &items, n)?;
    *l(&a.args[0]).items.borrow_mut() = out;
    Ok(a.args[0].clone())
}

/// Lexicographic comparison of two sequences (CPython's list_richcompare).
pub fn seq_compare(vm: &mut Vm, x: &[Value], y: &[Value], op: u32) -> PyResult<Value> {
    if (op == 2 || op == 3) && x.len() != y.len() {
        return Ok(Value::from_bool(op == 3));
    }
    let n = x.len().min(y.len());
    for i in 0..n {
        if !vm.eq(&x[i], &y[i])? {
            return match op {
                2 => Ok(Value::from_bool(false)),
                3 => Ok(Value::from_bool(true)),
                _ => vm.rich_compare(&x[i], &y[i], op),
            };
        }
    }
    Ok(Value::from_bool(crate::vm::ops::cmp_ord(
        x.len().cmp(&y.len()),
        op,
    )))
}

fn list_cmp(vm: &mut Vm, a: &Args, op: u32) -> PyResult<Value> {
    let Some(o) = downcast::<ListData>(&a.args[1]) else {
        return not_impl();
    };
    let x = l(&a.args[0]).items.borrow().clone();
    let y = o.items.borrow().clone();
    seq_compare(vm, &x, &y, op)
}
fn list_eq(vm: &mut Vm, a: Args) -> PyResult<Value> {
    list_cmp(vm, &a, 2)
}
fn list_ne(vm: &mut Vm, a: Args) -> PyResult<Value> {
    list_cmp(vm, &a, 3)
}
fn list_lt(vm: &mut Vm, a: Args) -> PyResult<Value> {
    list_cmp(vm, &a, 0)
}
fn list_le(vm: &mut Vm, a: Args) -> PyResult<Value> {
    list_cmp(vm, &a, 1)
}
fn list_gt(vm: &mut Vm, a: Args) -> PyResult<Value> {
    list_cmp(vm, &a, 4)
}
fn list_ge(vm: &mut Vm, a: Args) -> PyResult<Value> {
    list_cmp(vm, &a, 5)
}

fn list_append(vm: &mut Vm, a: Args) -> PyResult<Value> {
    if a.args.len() != 2 {
        vm.check_args("list.append", &Args::new(&a.args[1..]), 1, 1)?;
    }
    l(&a.args[0]).items.borrow_mut().push(a.args[1].clone());
    Ok(Value::none())
}

fn list_extend(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("list.extend", &Args::new(&a.args[1..]), 1, 1)?;
    let new = if a.args[1].is(a.args[0].borrow()) {
        l(&a.args[0]).items.borrow().clone()
    } else {
        vm.iterate(&a.args[1])?
    };
    l(&a.args[0]).items.borrow_mut().extend(new);
    Ok(Value::none())
}

fn list_insert(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("insert", &Args::new(&a.args[1..]), 2, 2)?;
    let i = vm.index_i64(&a.args[1])?;
    let mut items = l(&a.args[0]).items.borrow_mut();
    let n = items.len() as i64;
    let j = if i < 0 { (i + n).max(0) } else { i.min(n) };
    items.insert(j as usize, a.args[2].clone());
    Ok(Value::none())
}

fn list_pop(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("pop", &Args::new(&a.args[1..]), 0, 1)?;
    let n = l(&a.args[0]).items.borrow().len() as i64;
    if n == 0 {
        return Err(vm.index_error("pop from empty list"));
    }
    let i = match a.args.get(1) {
        Some(i) => vm.index_i64(i)?,
        None => -1,
    };
    let j = if i < 0 { i + n } else { i };
    if j < 0 || j >= n {
        return Err(vm.index_error("pop index out of range"));
    }
    Ok(l(&a.args[0]).items.borrow_mut().remove(j as usize))
}

fn find_in(
    vm: &mut Vm,
    lv: &Value,
    x: &Value,
    start: usize,
    stop: usize,
) -> PyResult<Option<usize>> {
    let mut i = start;
    loop {
        let it = {
            let items = l(lv).items.borrow();
            if i >= stop.min(items.len()) {
                return Ok(None);
            }
            items[i].clone()
        };
        if vm.eq(&it, x)? {
            return Ok(Some(i));
        }
        i += 1;
    }
}

fn list_remove(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("remove", &Args::new(&a.args[1..]), 1, 1)?;
    match find_in(vm, &a.args[0], &a.args[1], 0, usize::MAX)? {
        Some(i) => {
            let old = l(&a.args[0]).items.borrow_mut().remove(i);
            drop(old);
            Ok(Value::none())
        }
        None => Err(vm.value_error("list.remove(x): x not in list")),
    }
}

fn clamp_range(vm: &mut Vm, a: &Args, n: usize) -> PyResult<(usize, usize)> {
    let norm = |vm: &mut Vm, v: Option<&Value>, default: usize| -> PyResult<usize> {
        match v {
            None => Ok(default),
            Some(v) => {
                let i = vm.index(v)?;
                let i = i.to_i64().unwrap_or(if i.is_negative() {
                    i64::MIN / 2
                } else {
                    i64::MAX / 2
                });
                Ok(if i < 0 {
                    (i + n as i64).max(0) as usize
                } else {
                    (i as usize).min(n)
                })
            }
        }
    };
    let s = norm(vm, a.args.get(2), 0)?;
    let e = norm(vm, a.args.get(3), n)?;
    Ok((s, e))
}

fn list_index(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("index", &Args::new(&a.args[1..]), 1, 3)?;
    let n = l(&a.args[0]).items.borrow().len();
    let (s, e) = clamp_range(vm, &a, n)?;
    match find_in(vm, &a.args[0], &a.args[1], s, e)? {
        Some(i) => Ok(new_int_i64(i as i64)),
        None => {
            let r = vm_repr_for_index(vm, &a.args[1])?;
            Err(vm.value_error(format!("{} is not in list", r)))
        }
    }
}

fn vm_repr_for_index(vm: &mut Vm, v: &Value) -> PyResult<String> {
    vm.repr(v)
}

fn list_count(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("count", &Args::new(&a.args[1..]), 1, 1)?;
    let items = l(&a.args[0]).items.borrow().clone();
    let mut c = 0;
    for it in &items {
        if vm.eq(it, &a.args[1])? {
            c += 1;
        }
    }
    Ok(new_int_i64(c))
}

fn list_clear(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    let old = std::mem::take(&mut *l(&a.args[0]).items.borrow_mut());
    drop(old);
    Ok(Value::none())
}

fn list_copy(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let items = l(&a.args[0]).items.borrow().clone();
    Ok(vm.new_list(items))
}

fn list_reverse(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    l(&a.args[0]).items.borrow_mut().reverse();
    Ok(Value::none())
}

fn list_sort(vm: &mut Vm, a: Args) -> PyResult<Value> {
    if a.pos().len() > 1 {
        return Err(vm.type_error("sort() takes no positional arguments"));
    }
    let b = bind(vm, &a, "sort", &["key", "reverse"], true)?;
    let key = b[0].filter(|k| !k.is_none()).cloned();
    let reverse = match b[1] {
        Some(r) => vm.truthy(r)?,
        None => false,
    };
    list_sort_values(vm, &a.args[0], key, reverse)?;
    Ok(Value::none())
}

// ---- tuple ----

fn tuple_new(vm: &mut Vm, a: Args) -> PyResult<Value> {
    if a.has_kwargs() {
        return Err(vm.type_error("tuple() takes no keyword arguments"));
    }
    if a.args.len() > 2 {
        return Err(vm.type_error(format!(
            "tuple expected at most 1 argument, got {}",
            a.args.len() - 1
        )));
    }
    let ty = as_type(&a.args[0]).unwrap();
    let items = match a.args.get(1) {
        Some(it) => {
            if std::ptr::eq(ty, &TUPLE_TYPE) && std::ptr::eq(it.type_of(), &TUPLE_TYPE) {
                return Ok(it.clone());
            }
            vm.iterate(it)?
        }
        None => Vec::new(),
    };
    Ok(alloc_object(
        ty,
        TupleData {
            items: items.into_boxed_slice(),
        },
    ))
}

fn tuple_repr(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let items = t(&a.args[0]).items.to_vec();
    seq_repr(vm, &a.args[0], items, "(", ")", true)
}

fn tuple_len(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    Ok(new_int_i64(t(&a.args[0]).items.len() as i64))
}

fn tuple_getitem(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let k = &a.args[1];
    let items = &t(&a.args[0]).items;
    if let Some(sl) = downcast::<SliceData>(k) {
        let r = slice_items(vm, items, sl)?;
        return Ok(vm.new_tuple(r));
    }
    match seq_index(vm, k, items.len(), "tuple")? {
        Some(i) => Ok(items[i].clone()),
        None => Err(vm.index_error("tuple index out of range")),
    }
}

fn tuple_contains(vm: &mut Vm, a: Args) -> PyResult<Value> {
    // Tuples are immutable and `a.args[0]` keeps this one alive.
    let items = &t(&a.args[0]).items;
    Ok(Value::from_bool(seq_contains(vm, items, &a.args[1])?))
}

fn tuple_iter(vm: &mut Vm, a: Args) -> PyResult<Value> {
    Ok(vm.new_iter(
        &TUPLE_ITERATOR_TYPE,
        IterState::Seq {
            seq: a.args[0].clone(),
            idx: 0,
        },
    ))
}

pub fn tuple_add(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let Some(o) = downcast::<TupleData>(&a.args[1]) else {
        let msg = format!(
            "can only concatenate tuple (not \"{}\") to tuple",
            a.args[1].type_of().name()
        );
        return Err(vm.type_error(msg));
    };
    let left = &t(&a.args[0]).items;
    let mut items = Vec::with_capacity(left.len() + o.items.len());
    items.extend(left.iter().cloned());
    items.extend(o.items.iter().cloned());
    Ok(vm.new_tuple(items))
}

fn tuple_mul(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let Some(n) = repeat_count(vm, &a.args[1])? else {
        return not_impl();
    };
    let items = t(&a.args[0]).items.to_vec();
    if n == 1 && std::ptr::eq(a.args[0].type_of(), &TUPLE_TYPE) {
        return Ok(a.args[0].clone());
    }
    let out = repeat_items(vm, &items, n)?;
    Ok(vm.new_tuple(out))
}

fn tuple_hash(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let items = t(&a.args[0]).items.to_vec();
    let tv = vm.new_tuple(items);
    let h = vm.tuple_hash(&tv)?;
    Ok(new_int_i64(h))
}

fn tuple_cmp(vm: &mut Vm, a: &Args, op: u32) -> PyResult<Value> {
    let Some(o) = downcast::<TupleData>(&a.args[1]) else {
        return not_impl();
    };
    let x = t(&a.args[0]).items.to_vec();
    let y = o.items.to_vec();
    seq_compare(vm, &x, &y, op)
}
fn tuple_eq(vm: &mut Vm, a: Args) -> PyResult<Value> {
    tuple_cmp(vm, &a, 2)
}
fn tuple_ne(vm: &mut Vm, a: Args) -> PyResult<Value> {
    tuple_cmp(vm, &a, 3)
}
fn tuple_lt(vm: &mut Vm, a: Args) -> PyResult<Value> {
    tuple_cmp(vm, &a, 0)
}
fn tuple_le(vm: &mut Vm, a: Args) -> PyResult<Value> {
    tuple_cmp(vm, &a, 1)
}
fn tuple_gt(vm: &mut Vm, a: Args) -> PyResult<Value> {
    tuple_cmp(vm, &a, 4)
}
fn tuple_ge(vm: &mut Vm, a: Args) -> PyResult<Value> {
    tuple_cmp(vm, &a, 5)
}

fn tuple_index(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("index", &Args::new(&a.args[1..]), 1, 3)?;
    let items = t(&a.args[0]).items.to_vec();
    let (s, e) = clamp_range(vm, &a, items.len())?;
    for (i, it) in items.iter().enumerate().take(e).skip(s) {
        if vm.eq(it, &a.args[1])? {
            return Ok(new_int_i64(i as i64));
        }
    }
    Err(vm.value_error("tuple.index(x): x not in tuple"))
}

fn tuple_count(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let items = t(&a.args[0]).items.to_vec();
    let mut c = 0;
    for it in &items {
        if vm.eq(it, &a.args[1])? {
            c += 1;
        }
    }
    Ok(new_int_i64(c))
}

fn tuple_getnewargs(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let items = t(&a.args[0]).items.to_vec();
    let inner = vm.new_tuple(items);
    Ok(vm.new_tuple(vec![inner]))
}
