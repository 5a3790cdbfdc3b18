//! `_collections`: `deque` (with its two iterator types), `defaultdict`
//! and `_count_elements`. `OrderedDict` and `_tuplegetter` stay
//! pure Python (`collections/__init__.py` falls back when they are
//! missing).

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::sync::OnceLock;

use crate::builtins::{add_classmethods, add_getsets, add_methods, not_impl};
use crate::object::{alloc_object, TypeObject};
use crate::objects::*;
use crate::types::*;
use crate::value::Value;
use crate::vm::attr::{as_type, lookup, type_value};
use crate::vm::new::new_int_i64;
use crate::vm::{Args, PyResult, Vm};

use super::typeutil::{new_type, set_unhashable, type_addr, type_at};

// ---- deque ----

/// A `deque`'s payload. `state` counts mutations, so iterators (and
/// comparisons that run Python code) notice concurrent changes.
pub struct DequeData {
    pub items: RefCell<VecDeque<Value>>,
    pub maxlen: Cell<Option<usize>>,
    pub state: Cell<u64>,
}

impl DequeData {
    fn bump(&self) {
        self.state.set(self.state.get().wrapping_add(1));
    }
    fn len(&self) -> usize {
        self.items.borrow().len()
    }
    fn snapshot(&self) -> Vec<Value> {
        self.items.borrow().iter().cloned().collect()
    }
    fn push_back(&self, v: Value) {
        self.bump();
        if self.maxlen.get() == Some(0) {
            return;
        }
        let mut it = self.items.borrow_mut();
        it.push_back(v);
        if let Some(m) = self.maxlen.get() {
            if it.len() > m {
                let old = it.pop_front();
                drop(it);
                drop(old);
            }
        }
    }
    fn push_front(&self, v: Value) {
        self.bump();
        if self.maxlen.get() == Some(0) {
            return;
        }
        let mut it = self.items.borrow_mut();
        it.push_front(v);
        if let Some(m) = self.maxlen.get() {
            if it.len() > m {
                let old = it.pop_back();
                drop(it);
                drop(old);
            }
        }
    }
    fn clear(&self) {
        self.bump();
        let old = std::mem::take(&mut *self.items.borrow_mut());
        drop(old);
    }
}

static DEQUE: OnceLock<usize> = OnceLock::new();
static DEQUE_ITER: OnceLock<usize> = OnceLock::new();
static DEQUE_REV_ITER: OnceLock<usize> = OnceLock::new();
static DEFAULTDICT: OnceLock<usize> = OnceLock::new();

/// `collections.deque`.
pub fn deque_type() -> &'static TypeObject {
    type_at(*DEQUE.get_or_init(|| {
        let t = new_type::<DequeData>("deque", "collections", &OBJECT_TYPE, None, false, true);
        // A sequence for `match`, as CPython's deque type is.
        t.flags.set(t.flags.get() | crate::object::type_flags::SEQUENCE);
        type_addr(t)
    }))
}

// SAFETY: deque_type()'s solid layout is DequeData (set in new_type).
unsafe impl Payload for DequeData {
    fn layout() -> &'static TypeObject {
        deque_type()
    }
}

/// The deque iterators' payload.
pub struct DequeIterData {
    deque: Value,
    /// Items left to produce.
    left: Cell<usize>,
    /// Next index (from the front, or from the back when reversed).
    idx: Cell<usize>,
    state: u64,
}

fn deque_iter_type() -> &'static TypeObject {
    type_at(*DEQUE_ITER.get_or_init(|| {
        type_addr(new_type::<DequeIterData>(
            "_deque_iterator",
            "_collections",
            &OBJECT_TYPE,
            None,
            false,
            false,
        ))
    }))
}

fn deque_rev_iter_type() -> &'static TypeObject {
    type_at(*DEQUE_REV_ITER.get_or_init(|| {
        let t = new_type::<DequeIterData>(
            "_deque_reverse_iterator",
            "_collections",
            &OBJECT_TYPE,
            Some(deque_iter_type()),
            false,
            false,
        );
        type_addr(t)
    }))
}

// SAFETY: both iterator types have solid layout DequeIterData.
unsafe impl Payload for DequeIterData {
    fn layout() -> &'static TypeObject {
        deque_iter_type()
    }
}

fn dq<'a>(vm: &mut Vm, a: &Args<'a>, m: &str) -> PyResult<&'a DequeData> {
    let args: &'a [Value] = a.args;
    match args.first().and_then(|s| downcast::<DequeData>(s)) {
        Some(d) => Ok(d),
        None => {
            let got = args.first().map(|s| s.type_of().name()).unwrap_or_default();
            Err(vm.type_error(format!(
                "descriptor '{}' for 'collections.deque' objects doesn't apply to a '{}' object",
                m, got
            )))
        }
    }
}

fn mutated(vm: &mut Vm) -> crate::vm::PyErr {
    vm.runtime_error("deque mutated during iteration")
}

fn deque_new(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    let t = as_type(&a.args[0]).unwrap();
    Ok(alloc_object(
        t,
        DequeData {
            items: RefCell::new(VecDeque::new()),
            maxlen: Cell::new(None),
            state: Cell::new(0),
        },
    ))
}

fn new_deque(items: VecDeque<Value>, maxlen: Option<usize>) -> Value {
    alloc_object(
        deque_type(),
        DequeData {
            items: RefCell::new(items),
            maxlen: Cell::new(maxlen),
            state: Cell::new(0),
        },
    )
}

fn deque_init(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let d = dq(vm, &a, "__init__")?;
    let pos = &a.pos()[1..];
    if pos.len() > 2 {
        return Err(vm.type_error(format!(
            "deque() takes at most 2 arguments ({} given)",
            pos.len()
        )));
    }
    let mut iterable = pos.first();
    let mut maxlen = pos.get(1);
    for (k, v) in a.kwargs() {
        match k {
            "iterable" if iterable.is_none() => iterable = Some(v),
            "maxlen" if maxlen.is_none() => maxlen = Some(v),
            "iterable" | "maxlen" => {
                return Err(vm.type_error(format!(
                    "argument for deque() given by name ('{}') and position ({})",
                    k,
                    if k == "iterable" { 1 } else { 2 }
                )));
            }
            _ => {
                return Err(vm.type_error(format!(
                    "'{}' is an invalid keyword argument for deque()",
                    k
                )))
            }
        }
    }
    let ml = match maxlen {
        None => None,
        Some(m) if m.is_none() => None,
        Some(m) => {
            if crate::vm::attr::lookup(m.type_of(), "__index__").is_none()
                && crate::vm::ops::to_int(m).is_none()
            {
                return Err(vm.type_error("an integer is required"));
            }
            let n = vm.index_i64(m)?;
            if n < 0 {
                return Err(vm.value_error("maxlen must be non-negative"));
            }
            Some(n as usize)
        }
    };
    d.maxlen.set(ml);
    if d.len() > 0 {
        d.clear();
    }
    if let Some(it) = iterable {
        extend_from(vm, &a.args[0], d, it, false)?;
    }
    Ok(Value::none())
}

fn extend_from(vm: &mut Vm, me: &Value, d: &DequeData, it: &Value, left: bool) -> PyResult<()> {
    if it.is(me.borrow()) {
        let items = d.snapshot();
        for x in items {
            if left {
                d.push_front(x)
            } else {
                d.push_back(x)
            }
        }
        return Ok(());
    }
    let iter = vm.iter(it)?;
    while let Some(x) = vm.next(&iter)? {
        if left {
            d.push_front(x)
        } else {
            d.push_back(x)
        }
    }
    Ok(())
}

fn one_arg<'a>(vm: &mut Vm, a: &Args<'a>, name: &str) -> PyResult<&'a Value> {
    if a.has_kwargs() {
        return Err(vm.type_error(format!("deque.{}() takes no keyword arguments", name)));
    }
    if a.args.len() != 2 {
        return Err(vm.type_error(format!(
            "deque.{}() takes exactly one argument ({} given)",
            name,
            a.args.len() - 1
        )));
    }
    Ok(&a.args[1])
}

fn no_arg(vm: &mut Vm, a: &Args, name: &str) -> PyResult<()> {
    if a.has_kwargs() {
        return Err(vm.type_error(format!("deque.{}() takes no keyword arguments", name)));
    }
    if a.args.len() != 1 {
        return Err(vm.type_error(format!(
            "deque.{}() takes no arguments ({} given)",
            name,
            a.args.len() - 1
        )));
    }
    Ok(())
}

fn deque_append(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let d = dq(vm, &a, "append")?;
    let x = one_arg(vm, &a, "append")?;
    d.push_back(x.clone());
    Ok(Value::none())
}

fn deque_appendleft(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let d = dq(vm, &a, "appendleft")?;
    let x = one_arg(vm, &a, "appendleft")?;
    d.push_front(x.clone());
    Ok(Value::none())
}

fn deque_pop(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let d = dq(vm, &a, "pop")?;
    no_arg(vm, &a, "pop")?;
    let r = d.items.borrow_mut().pop_back();
    match r {
        Some(v) => {
            d.bump();
            Ok(v)
        }
        None => Err(vm.index_error("pop from an empty deque")),
    }
}

fn deque_popleft(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let d = dq(vm, &a, "popleft")?;
    no_arg(vm, &a, "popleft")?;
    let r = d.items.borrow_mut().pop_front();
    match r {
        Some(v) => {
            d.bump();
            Ok(v)
        }
        None => Err(vm.index_error("pop from an empty deque")),
    }
}

fn deque_extend(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let d = dq(vm, &a, "extend")?;
    let x = one_arg(vm, &a, "extend")?;
    extend_from(vm, &a.args[0], d, x, false)?;
    Ok(Value::none())
}

fn deque_extendleft(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let d = dq(vm, &a, "extendleft")?;
    let x = one_arg(vm, &a, "extendleft")?;
    extend_from(vm, &a.args[0], d, x, true)?;
    Ok(Value::none())
}

fn deque_iadd(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let d = dq(vm, &a, "__iadd__")?;
    extend_from(vm, &a.args[0], d, &a.args[1], false)?;
    Ok(a.args[0].clone())
}

fn deque_rotate(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let d = dq(vm, &a, "rotate")?;
    if a.has_kwargs() {
        return Err(vm.type_error("deque.rotate() takes no keyword arguments"));
    }
    if a.args.len() > 2 {
        return Err(vm.type_error(format!(
            "rotate expected at most 1 argument, got {}",
            a.args.len() - 1
        )));
    }
    let n = match a.args.get(1) {
        Some(v) => {
            let i = vm.index(v)?;
            match i.to_i64() {
                Some(x) => x,
                None => {
                    return Err(vm.overflow_error("Python int too large to convert to C ssize_t"))
                }
            }
        }
        None => 1,
    };
    let len = d.len() as i64;
    if len > 1 {
        let k = n.rem_euclid(len) as usize;
        d.bump();
        d.items.borrow_mut().rotate_right(k);
    }
    Ok(Value::none())
}

fn deque_clear(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let d = dq(vm, &a, "clear")?;
    no_arg(vm, &a, "clear")?;
    d.clear();
    Ok(Value::none())
}

fn deque_copy(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let d = dq(vm, &a, "copy")?;
    let me = &a.args[0];
    if std::ptr::eq(me.type_of(), deque_type()) {
        let items = d.items.borrow().clone();
        return Ok(new_deque(items, d.maxlen.get()));
    }
    let t = type_value(me.type_of());
    match d.maxlen.get() {
        None => vm.call(&t, &[me.clone()], &[]),
        Some(m) => vm.call(&t, &[me.clone(), new_int_i64(m as i64)], &[]),
    }
}

fn deque_count(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let d = dq(vm, &a, "count")?;
    let x = one_arg(vm, &a, "count")?;
    let st = d.state.get();
    let items = d.snapshot();
    let mut n = 0;
    for it in &items {
        if vm.eq(it, x)? {
            n += 1;
        }
        if d.state.get() != st {
            return Err(mutated(vm));
        }
    }
    Ok(new_int_i64(n))
}

fn clamp_index(vm: &mut Vm, v: &Value, len: i64) -> PyResult<i64> {
    if crate::vm::ops::to_int(v).is_none() && lookup(v.type_of(), "__index__").is_none() {
        return Err(vm.type_error("slice indices must be integers or have an __index__ method"));
    }
    let i = vm.index(v)?;
    let i = i.to_i64().unwrap_or(if i.is_negative() {
        i64::MIN / 2
    } else {
        i64::MAX / 2
    });
    let i = if i < 0 { (i + len).max(0) } else { i.min(len) };
    Ok(i)
}

fn deque_index(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let d = dq(vm, &a, "index")?;
    if a.has_kwargs() {
        return Err(vm.type_error("deque.index() takes no keyword arguments"));
    }
    let n = a.args.len() - 1;
    if !(1..=3).contains(&n) {
        let msg = if n < 1 {
            format!("index expected at least 1 argument, got {}", n)
        } else {
            format!("index expected at most 3 arguments, got {}", n)
        };
        return Err(vm.type_error(msg));
    }
    let x = &a.args[1];
    let len = d.len() as i64;
    let start = match a.args.get(2) {
        Some(v) => clamp_index(vm, v, len)?,
        None => 0,
    };
    let stop = match a.args.get(3) {
        Some(v) => clamp_index(vm, v, len)?,
        None => len,
    };
    let st = d.state.get();
    let items = d.snapshot();
    let mut i = start;
    while i < stop && (i as usize) < items.len() {
        if vm.eq(&items[i as usize], x)? {
            return Ok(new_int_i64(i));
        }
        if d.state.get() != st {
            return Err(mutated(vm));
        }
        i += 1;
    }
    let r = vm.repr(x)?;
    Err(vm.value_error(format!("{} is not in deque", r)))
}

fn deque_insert(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let d = dq(vm, &a, "insert")?;
    vm.check_args("insert", &Args::new(&a.args[1..]), 2, 2)?;
    let i = vm.index(&a.args[1])?;
    let len = d.len() as i64;
    if d.maxlen.get() == Some(len as usize) {
        return Err(vm.index_error("deque already at its maximum size"));
    }
    let i = i.to_i64().unwrap_or(if i.is_negative() {
        i64::MIN / 2
    } else {
        i64::MAX / 2
    });
    let i = if i < 0 { (i + len).max(0) } else { i.min(len) };
    d.bump();
    d.items.borrow_mut().insert(i as usize, a.args[2].clone());
    Ok(Value::none())
}

fn deque_remove(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let d = dq(vm, &a, "remove")?;
    let x = one_arg(vm, &a, "remove")?;
    let st = d.state.get();
    let items = d.snapshot();
    for (i, it) in items.iter().enumerate() {
        let eq = vm.eq(it, x)?;
        if d.state.get() != st {
            return Err(mutated(vm));
        }
        if eq {
            d.bump();
            let old = d.items.borrow_mut().remove(i);
            drop(old);
            return Ok(Value::none());
        }
    }
    let r = vm.repr(x)?;
    Err(vm.value_error(format!("{} is not in deque", r)))
}

fn deque_reverse(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let d = dq(vm, &a, "reverse")?;
    no_arg(vm, &a, "reverse")?;
    d.bump();
    d.items.borrow_mut().make_contiguous().reverse();
    Ok(Value::none())
}

fn deque_maxlen(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    let d = downcast::<DequeData>(v).unwrap();
    Ok(match d.maxlen.get() {
        Some(m) => new_int_i64(m as i64),
        None => Value::none(),
    })
}

fn deque_len(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let d = dq(vm, &a, "__len__")?;
    Ok(new_int_i64(d.len() as i64))
}

fn deque_bool(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let d = dq(vm, &a, "__bool__")?;
    Ok(Value::from_bool(d.len() != 0))
}

/// An index into a deque of `len` items, or CPython's errors.
fn seq_index(vm: &mut Vm, key: &Value, len: usize) -> PyResult<usize> {
    if crate::vm::ops::to_int(key).is_none() && lookup(key.type_of(), "__index__").is_none() {
        return Err(vm.type_error(format!(
            "sequence index must be integer, not '{}'",
            key.type_of().name()
        )));
    }
    let i = vm.index(key)?;
    let Some(i) = i.to_i64() else {
        return Err(vm.index_error("cannot fit 'int' into an index-sized integer"));
    };
    let j = if i < 0 { i + len as i64 } else { i };
    if j < 0 || j >= len as i64 {
        return Err(vm.index_error("deque index out of range"));
    }
    Ok(j as usize)
}

fn deque_getitem(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let d = dq(vm, &a, "__getitem__")?;
    let i = seq_index(vm, &a.args[1], d.len())?;
    let r = d.items.borrow()[i].clone();
    Ok(r)
}

fn deque_setitem(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let d = dq(vm, &a, "__setitem__")?;
    let i = seq_index(vm, &a.args[1], d.len())?;
    let old = std::mem::replace(&mut d.items.borrow_mut()[i], a.args[2].clone());
    drop(old);
    Ok(Value::none())
}

fn deque_delitem(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let d = dq(vm, &a, "__delitem__")?;
    let i = seq_index(vm, &a.args[1], d.len())?;
    d.bump();
    let old = d.items.borrow_mut().remove(i);
    drop(old);
    Ok(Value::none())
}

fn deque_contains(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let d = dq(vm, &a, "__contains__")?;
    let st = d.state.get();
    let items = d.snapshot();
    for it in &items {
        if vm.eq(it, &a.args[1])? {
            return Ok(Value::from_bool(true));
        }
        if d.state.get() != st {
            return Err(mutated(vm));
        }
    }
    Ok(Value::from_bool(false))
}

fn deque_iter(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let d = dq(vm, &a, "__iter__")?;
    Ok(alloc_object(
        deque_iter_type(),
        DequeIterData {
            deque: a.args[0].clone(),
            left: Cell::new(d.len()),
            idx: Cell::new(0),
            state: d.state.get(),
        },
    ))
}

fn deque_reversed(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let d = dq(vm, &a, "__reversed__")?;
    Ok(alloc_object(
        deque_rev_iter_type(),
        DequeIterData {
            deque: a.args[0].clone(),
            left: Cell::new(d.len()),
            idx: Cell::new(0),
            state: d.state.get(),
        },
    ))
}

fn deque_iter_next(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let it = downcast::<DequeIterData>(&a.args[0]).unwrap();
    let d = downcast::<DequeData>(&it.deque).unwrap();
    if d.state.get() != it.state {
        it.left.set(0);
        return Err(mutated(vm));
    }
    if it.left.get() == 0 {
        return Err(vm.new_exc_noargs(&STOP_ITERATION_TYPE));
    }
    let items = d.items.borrow();
    let i = it.idx.get();
    let reverse = std::ptr::eq(a.args[0].type_of(), deque_rev_iter_type());
    let v = if reverse {
        items[items.len() - 1 - i].clone()
    } else {
        items[i].clone()
    };
    drop(items);
    it.idx.set(i + 1);
    it.left.set(it.left.get() - 1);
    Ok(v)
}

fn iter_self(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    Ok(a.args[0].clone())
}

fn deque_iter_length_hint(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    let it = downcast::<DequeIterData>(&a.args[0]).unwrap();
    Ok(new_int_i64(it.left.get() as i64))
}

fn deque_repr(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let d = dq(vm, &a, "__repr__")?;
    let me = &a.args[0];
    let name = me.type_of().name();
    let id = me.to_bits();
    if vm.repr_stack.contains(&id) {
        return Ok(vm.new_str("[...]"));
    }
    let items = d.snapshot();
    vm.repr_stack.push(id);
    let mut parts = Vec::with_capacity(items.len());
    let mut err = None;
    for it in &items {
        match vm.repr(it) {
            Ok(s) => parts.push(s),
            Err(e) => {
                err = Some(e);
                break;
            }
        }
    }
    vm.repr_stack.pop();
    if let Some(e) = err {
        return Err(e);
    }
    let s = match d.maxlen.get() {
        Some(m) => format!("{}([{}], maxlen={})", name, parts.join(", "), m),
        None => format!("{}([{}])", name, parts.join(", ")),
    };
    Ok(vm.new_str_owned(s))
}

fn deque_richcmp(vm: &mut Vm, a: Args, op: u32) -> PyResult<Value> {
    let (x, y) = (&a.args[0], &a.args[1]);
    let (Some(dx), Some(dy)) = (downcast::<DequeData>(x), downcast::<DequeData>(y)) else {
        return not_impl();
    };
    let (ix, iy) = (dx.snapshot(), dy.snapshot());
    crate::builtins::containers::seq_compare(vm, &ix, &iy, op)
}

fn deque_lt(vm: &mut Vm, a: Args) -> PyResult<Value> {
    deque_richcmp(vm, a, 0)
}
fn deque_le(vm: &mut Vm, a: Args) -> PyResult<Value> {
    deque_richcmp(vm, a, 1)
}
fn deque_eq(vm: &mut Vm, a: Args) -> PyResult<Value> {
    deque_richcmp(vm, a, 2)
}
fn deque_ne(vm: &mut Vm, a: Args) -> PyResult<Value> {
    deque_richcmp(vm, a, 3)
}
fn deque_gt(vm: &mut Vm, a: Args) -> PyResult<Value> {
    deque_richcmp(vm, a, 4)
}
fn deque_ge(vm: &mut Vm, a: Args) -> PyResult<Value> {
    deque_richcmp(vm, a, 5)
}

fn deque_add(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let d = dq(vm, &a, "__add__")?;
    let Some(o) = downcast::<DequeData>(&a.args[1]) else {
        let msg = format!(
            "can only concatenate deque (not \"{}\") to deque",
            a.args[1].type_of().name()
        );
        return Err(vm.type_error(msg));
    };
    let r = deque_copy(vm, Args::new(&a.args[..1]))?;
    let rd = downcast::<DequeData>(&r).unwrap();
    let items = o.snapshot();
    let _ = d;
    for x in items {
        rd.push_back(x);
    }
    Ok(r)
}

fn repeat_count(vm: &mut Vm, n: &Value) -> PyResult<Option<i64>> {
    if crate::vm::ops::to_int(n).is_none() && lookup(n.type_of(), "__index__").is_none() {
        return Ok(None);
    }
    let i = vm.index(n)?;
    match i.to_i64() {
        Some(x) => Ok(Some(x)),
        None if i.is_negative() => Ok(Some(0)),
        None => Err(vm.new_exc(&MEMORY_ERROR_TYPE, "")),
    }
}

fn deque_imul(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let d = dq(vm, &a, "__imul__")?;
    let Some(n) = repeat_count(vm, &a.args[1])? else {
        return not_impl();
    };
    if n <= 0 {
        d.clear();
        return Ok(a.args[0].clone());
    }
    let items = d.snapshot();
    let cap = d.maxlen.get().unwrap_or(usize::MAX);
    for _ in 1..n {
        if items.is_empty() {
            break;
        }
        for x in &items {
            d.push_back(x.clone());
        }
        if d.len() >= cap && (n as u128) * (items.len() as u128) > 4 * cap as u128 {
            // Only the tail survives: the result is periodic, finish early.
            let total = (n as u128) * (items.len() as u128);
            let keep = cap as u128;
            let start = ((total - keep) % items.len() as u128) as usize;
            let mut v = VecDeque::with_capacity(cap);
            for k in 0..cap {
                v.push_back(items[(start + k) % items.len()].clone());
            }
            d.bump();
            *d.items.borrow_mut() = v;
            break;
        }
    }
    Ok(a.args[0].clone())
}

fn deque_mul(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let _ = dq(vm, &a, "__mul__")?;
    if repeat_count(vm, &a.args[1])?.is_none() {
        let msg = format!(
            "can't multiply sequence by non-int of type '{}'",
            a.args[1].type_of().name()
        );
        return Err(vm.type_error(msg));
    }
    let r = deque_copy(vm, Args::new(&a.args[..1]))?;
    deque_imul(vm, Args::new(&[r, a.args[1].clone()]))
}

fn deque_reduce(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let d = dq(vm, &a, "__reduce__")?;
    let me = &a.args[0];
    let t = type_value(me.type_of());
    let items = d.snapshot();
    let l = vm.new_list(items);
    let args = match d.maxlen.get() {
        Some(m) => vm.new_tuple(vec![l, new_int_i64(m as i64)]),
        None => vm.new_tuple(vec![l]),
    };
    let state = crate::vm::attr::inst_dict(me).unwrap_or_else(Value::none);
    Ok(vm.new_tuple(vec![t, args, state]))
}

// ---- defaultdict ----

/// `collections.defaultdict`: a dict subclass sharing dict's layout.
pub fn defaultdict_type() -> &'static TypeObject {
    type_at(*DEFAULTDICT.get_or_init(|| {
        type_addr(new_type::<DictData>(
            "defaultdict",
            "collections",
            &DICT_TYPE,
            Some(&DICT_TYPE),
            false,
            true,
        ))
    }))
}

fn dd<'a>(vm: &mut Vm, a: &Args<'a>, m: &str) -> PyResult<&'a DictData> {
    match a.args.first() {
        Some(s) if crate::vm::class::is_instance(s, defaultdict_type()) => {
            Ok(downcast::<DictData>(s).unwrap())
        }
        _ => {
            let got = a
                .args
                .first()
                .map(|s| s.type_of().name())
                .unwrap_or_default();
            Err(vm.type_error(format!("descriptor '{}' for 'collections.defaultdict' objects doesn't apply to a '{}' object", m, got)))
        }
    }
}

fn callable(v: &Value) -> bool {
    as_type(v).is_some()
        || downcast::<FunctionData>(v).is_some()
        || downcast::<BuiltinFnData>(v).is_some()
        || downcast::<MethodData>(v).is_some()
        || lookup(v.type_of(), "__call__").is_some()
}

fn dd_init(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let d = dd(vm, &a, "__init__")?;
    let pos = a.pos();
    let mut rest_start = 1;
    let mut factory = None;
    if pos.len() > 1 {
        let f = &pos[1];
        if !f.is_none() && !callable(f) {
            return Err(vm.type_error("first argument must be callable or None"));
        }
        factory = if f.is_none() { None } else { Some(f.clone()) };
        rest_start = 2;
    }
    *d.default_factory.borrow_mut() = factory;
    let init = lookup(&DICT_TYPE, "__init__").unwrap();
    let mut args = vec![a.args[0].clone()];
    args.extend_from_slice(&a.args[rest_start..]);
    vm.call(&init, &args, a.kwnames)?;
    Ok(Value::none())
}

fn dd_missing(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let d = dd(vm, &a, "__missing__")?;
    vm.check_args("__missing__", &Args::new(&a.args[1..]), 1, 1)?;
    let f = d.default_factory.borrow().clone();
    let Some(f) = f else {
        return Err(vm.key_error(a.args[1].clone()));
    };
    let v = vm.call(&f, &[], &[])?;
    vm.setitem(&a.args[0], a.args[1].clone(), v.clone())?;
    Ok(v)
}

fn dd_factory_get(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    let d = downcast::<DictData>(v).unwrap();
    Ok(d.default_factory
        .borrow()
        .clone()
        .unwrap_or_else(Value::none))
}

fn dd_factory_set(_vm: &mut Vm, v: &Value, nv: Option<Value>) -> PyResult<()> {
    let d = downcast::<DictData>(v).unwrap();
    let nv = nv.filter(|x| !x.is_none());
    let old = std::mem::replace(&mut *d.default_factory.borrow_mut(), nv);
    drop(old);
    Ok(())
}

fn dd_repr(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let d = dd(vm, &a, "__repr__")?;
    let me = &a.args[0];
    let f = d.default_factory.borrow().clone();
    let fr = match f {
        None => "None".to_string(),
        Some(f) => {
            let id = me.to_bits();
            if vm.repr_stack.contains(&id) {
                "...".to_string()
            } else {
                vm.repr_stack.push(id);
                let r = vm.repr(&f);
                vm.repr_stack.pop();
                r?
            }
        }
    };
    let drepr = lookup(&DICT_TYPE, "__repr__").unwrap();
    let dr = vm.call(&drepr, &[me.clone()], &[])?;
    let name = me.type_of().name();
    Ok(vm.new_str_owned(format!("{}({}, {})", name, fr, crate::vm::str_of(&dr))))
}

fn dd_copy(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let d = dd(vm, &a, "copy")?;
    let me = &a.args[0];
    let f = d
        .default_factory
        .borrow()
        .clone()
        .unwrap_or_else(Value::none);
    let t = type_value(me.type_of());
    vm.call(&t, &[f, me.clone()], &[])
}

fn dd_reduce(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let d = dd(vm, &a, "__reduce__")?;
    let me = &a.args[0];
    let f = d.default_factory.borrow().clone();
    let args = match f {
        Some(f) => vm.new_tuple(vec![f]),
        None => vm.new_tuple(vec![]),
    };
    let items = vm.call_method(me, "items", &[])?;
    let it = vm.iter(&items)?;
    let t = type_value(me.type_of());
    Ok(vm.new_tuple(vec![t, args, Value::none(), Value::none(), it]))
}

fn dd_or(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let (x, y) = (&a.args[0], &a.args[1]);
    if downcast::<DictData>(y).is_none() {
        return not_impl();
    }
    let r = dd_copy(vm, Args::new(&a.args[..1]))?;
    vm.call_method(&r, "update", &[y.clone()])?;
    let _ = x;
    Ok(r)
}

fn dd_ror(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let (me, other) = (&a.args[0], &a.args[1]);
    if downcast::<DictData>(other).is_none() {
        return not_impl();
    }
    let d = downcast::<DictData>(me).unwrap();
    let f = d
        .default_factory
        .borrow()
        .clone()
        .unwrap_or_else(Value::none);
    let t = type_value(me.type_of());
    let r = vm.call(&t, &[f, other.clone()], &[])?;
    vm.call_method(&r, "update", &[me.clone()])?;
    Ok(r)
}

// ---- _count_elements ----

fn count_elements(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("_count_elements", &a, 2, 2)?;
    let (mapping, iterable) = (&a.args[0], &a.args[1]);
    let exact = std::ptr::eq(mapping.type_of(), &DICT_TYPE);
    let it = vm.iter(iterable)?;
    let one = new_int_i64(1);
    let zero = new_int_i64(0);
    let get = if exact {
        None
    } else {
        Some(vm.get_attr_str(mapping, "get")?)
    };
    while let Some(x) = vm.next(&it)? {
        let cur = match &get {
            None => vm.dict_get(mapping, &x)?.unwrap_or_else(|| zero.clone()),
            Some(g) => vm.call(g, &[x.clone(), zero.clone()], &[])?,
        };
        let n = vm.binary_op(&cur, &one, crate::vm::ops::NB_ADD)?;
        vm.setitem(mapping, x, n)?;
    }
    Ok(Value::none())
}

static INIT: std::sync::Once = std::sync::Once::new();

fn init_types() {
    INIT.call_once(|| {
        let t = deque_type();
        add_methods(
            t,
            &[
                ("__new__", deque_new),
                ("__init__", deque_init),
                ("append", deque_append),
                ("appendleft", deque_appendleft),
                ("pop", deque_pop),
                ("popleft", deque_popleft),
                ("extend", deque_extend),
                ("extendleft", deque_extendleft),
                ("rotate", deque_rotate),
                ("clear", deque_clear),
                ("copy", deque_copy),
                ("__copy__", deque_copy),
                ("count", deque_count),
                ("index", deque_index),
                ("insert", deque_insert),
                ("remove", deque_remove),
                ("reverse", deque_reverse),
                ("__len__", deque_len),
                ("__bool__", deque_bool),
                ("__getitem__", deque_getitem),
                ("__setitem__", deque_setitem),
                ("__delitem__", deque_delitem),
                ("__contains__", deque_contains),
                ("__iter__", deque_iter),
                ("__reversed__", deque_reversed),
                ("__repr__", deque_repr),
                ("__lt__", deque_lt),
                ("__le__", deque_le),
                ("__eq__", deque_eq),
                ("__ne__", deque_ne),
                ("__gt__", deque_gt),
                ("__ge__", deque_ge),
                ("__add__", deque_add),
                ("__iadd__", deque_iadd),
                ("__mul__", deque_mul),
                ("__rmul__", deque_mul),
                ("__imul__", deque_imul),
                ("__reduce__", deque_reduce),
            ],
        );
        add_getsets(t, &[("maxlen", deque_maxlen, None)]);
        add_classmethods(
            t,
            &[(
                "__class_getitem__",
                crate::builtins::generic_alias::class_getitem,
            )],
        );
        set_unhashable(t);
        for it in [deque_iter_type(), deque_rev_iter_type()] {
            add_methods(
                it,
                &[
                    ("__iter__", iter_self),
                    ("__next__", deque_iter_next),
                    ("__length_hint__", deque_iter_length_hint),
                ],
            );
        }
        let d = defaultdict_type();
        add_methods(
            d,
            &[
                ("__init__", dd_init),
                ("__missing__", dd_missing),
                ("__repr__", dd_repr),
                ("copy", dd_copy),
                ("__copy__", dd_copy),
                ("__reduce__", dd_reduce),
                ("__or__", dd_or),
                ("__ror__", dd_ror),
            ],
        );
        add_getsets(
            d,
            &[("default_factory", dd_factory_get, Some(dd_factory_set))],
        );
    });
}

pub fn init(vm: &mut Vm) -> PyResult<Value> {
    init_types();
    let m = vm.new_module("_collections")?;
    crate::modules::set_attr(vm, &m, "deque", type_value(deque_type()))?;
    crate::modules::set_attr(vm, &m, "defaultdict", type_value(defaultdict_type()))?;
    crate::modules::set_attr(vm, &m, "_deque_iterator", type_value(deque_iter_type()))?;
    crate::modules::set_attr(
        vm,
        &m,
        "_deque_reverse_iterator",
        type_value(deque_rev_iter_type()),
    )?;
    crate::modules::add_functions(
        vm,
        &m,
        "_collections",
        &[("_count_elements", count_elements as NativeFn)],
    )?;
    crate::modules::set_attr(
        vm,
        &m,
        "_tuplegetter",
        type_value(super::tuplegetter::tuplegetter_type()),
    )?;
    Ok(m)
}
