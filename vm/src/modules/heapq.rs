//! `_heapq`: the heap primitives behind Lib's `heapq`, with CPython's
//! comparisons (`<` only) and messages ("index out of range", "heap
//! argument must be a list").

use crate::objects::*;
use crate::value::Value;
use crate::vm::{Args, PyResult, Vm};

pub fn init(vm: &mut Vm) -> PyResult<Value> {
    let m = vm.new_module("_heapq")?;
    let fns: &[(&'static str, NativeFn)] = &[
        ("heappush", heappush),
        ("heappop", heappop),
        ("heapify", heapify),
        ("heapreplace", heapreplace),
        ("heappushpop", heappushpop),
        ("_heappop_max", heappop_max),
        ("_heapify_max", heapify_max),
        ("_heapreplace_max", heapreplace_max),
    ];
    crate::modules::add_functions(vm, &m, "_heapq", fns)?;
    Ok(m)
}

fn heap_arg<'a>(vm: &mut Vm, a: &'a Args, name: &str, n: usize) -> PyResult<&'a ListData> {
    vm.check_args(name, a, n, n)?;
    match downcast::<ListData>(&a.args[0]) {
        Some(l) => Ok(l),
        None => Err(vm.type_error("heap argument must be a list")),
    }
}

fn item(vm: &mut Vm, l: &ListData, i: usize) -> PyResult<Value> {
    match l.items.borrow().get(i) {
        Some(v) => Ok(v.clone()),
        None => Err(vm.runtime_error("list changed size during iteration")),
    }
}

/// `l[pos] = v`, or CPython's RuntimeError when a comparison (user code)
/// shrank the list under the sift.
fn put(vm: &mut Vm, l: &ListData, pos: usize, v: Value) -> PyResult<()> {
    match l.items.borrow_mut().get_mut(pos) {
        Some(slot) => {
            *slot = v;
            return Ok(());
        }
        None => {}
    }
    Err(vm.runtime_error("list changed size during iteration"))
}

/// `a < b` (or `b < a` for the max-heap variants).
fn less(vm: &mut Vm, a: &Value, b: &Value, max: bool) -> PyResult<bool> {
    if max {
        vm.compare_bool(b, a, 0)
    } else {
        vm.compare_bool(a, b, 0)
    }
}

/// CPython's `siftdown`: move the item at `pos` up towards `start`.
fn siftdown(vm: &mut Vm, l: &ListData, start: usize, mut pos: usize, max: bool) -> PyResult<()> {
    let newitem = item(vm, l, pos)?;
    while pos > start {
        let parentpos = (pos - 1) >> 1;
        let parent = item(vm, l, parentpos)?;
        if less(vm, &newitem, &parent, max)? {
            put(vm, l, pos, parent)?;
            pos = parentpos;
            continue;
        }
        break;
    }
    put(vm, l, pos, newitem)
}

/// CPython's `siftup`: move the smaller child up until a leaf, then sift
/// the item down.
fn siftup(vm: &mut Vm, l: &ListData, mut pos: usize, max: bool) -> PyResult<()> {
    let end = l.items.borrow().len();
    let start = pos;
    let newitem = item(vm, l, pos)?;
    let mut child = 2 * pos + 1;
    while child < end {
        let right = child + 1;
        if right < end {
            let (c, r) = (item(vm, l, child)?, item(vm, l, right)?);
            if !less(vm, &c, &r, max)? {
                child = right;
            }
        }
        let cv = item(vm, l, child)?;
        put(vm, l, pos, cv)?;
        pos = child;
        child = 2 * pos + 1;
    }
    put(vm, l, pos, newitem)?;
    siftdown(vm, l, start, pos, max)
}

fn heappush(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let l = heap_arg(vm, &a, "heappush", 2)?;
    l.items.borrow_mut().push(a.args[1].clone());
    let n = l.items.borrow().len();
    siftdown(vm, l, 0, n - 1, false)?;
    Ok(Value::none())
}

fn pop_impl(vm: &mut Vm, a: &Args, name: &str, max: bool) -> PyResult<Value> {
    let l = heap_arg(vm, a, name, 1)?;
    let last = match l.items.borrow_mut().pop() {
        Some(v) => v,
        None => return Err(vm.index_error("index out of range")),
    };
    if l.items.borrow().is_empty() {
        return Ok(last);
    }
    let ret = std::mem::replace(&mut l.items.borrow_mut()[0], last);
    siftup(vm, l, 0, max)?;
    Ok(ret)
}

fn heappop(vm: &mut Vm, a: Args) -> PyResult<Value> {
    pop_impl(vm, &a, "heappop", false)
}

fn heappop_max(vm: &mut Vm, a: Args) -> PyResult<Value> {
    pop_impl(vm, &a, "_heappop_max", true)
}

fn replace_impl(vm: &mut Vm, a: &Args, name: &str, max: bool) -> PyResult<Value> {
    let l = heap_arg(vm, a, name, 2)?;
    if l.items.borrow().is_empty() {
        return Err(vm.index_error("index out of range"));
    }
    let ret = std::mem::replace(&mut l.items.borrow_mut()[0], a.args[1].clone());
    siftup(vm, l, 0, max)?;
    Ok(ret)
}

fn heapreplace(vm: &mut Vm, a: Args) -> PyResult<Value> {
    replace_impl(vm, &a, "heapreplace", false)
}

fn heapreplace_max(vm: &mut Vm, a: Args) -> PyResult<Value> {
    replace_impl(vm, &a, "_heapreplace_max", true)
}

fn heappushpop(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let l = heap_arg(vm, &a, "heappushpop", 2)?;
    let first = match l.items.borrow().first() {
        Some(v) => v.clone(),
        None => return Ok(a.args[1].clone()),
    };
    if !vm.compare_bool(&first, &a.args[1], 0)? {
        return Ok(a.args[1].clone());
    }
    // The comparison may have emptied the heap.
    let Some(ret) = l.items.borrow_mut().first_mut().map(|f| std::mem::replace(f, a.args[1].clone())) else {
        return Err(vm.index_error("index out of range"));
    };
    siftup(vm, l, 0, false)?;
    Ok(ret)
}

fn heapify_impl(vm: &mut Vm, a: &Args, name: &str, max: bool) -> PyResult<Value> {
    let l = heap_arg(vm, a, name, 1)?;
    let n = l.items.borrow().len();
    for i in (0..n / 2).rev() {
        siftup(vm, l, i, max)?;
    }
    Ok(Value::none())
}

fn heapify(vm: &mut Vm, a: Args) -> PyResult<Value> {
    heapify_impl(vm, &a, "heapify", false)
}

fn heapify_max(vm: &mut Vm, a: Args) -> PyResult<Value> {
    heapify_impl(vm, &a, "_heapify_max", true)
}
