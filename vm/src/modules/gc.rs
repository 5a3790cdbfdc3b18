//! `gc`: the garbage-collector interface.
//!
//! Pyrite frees objects by reference counting only; there is no cycle
//! collector yet. These functions are therefore honest no-ops: `collect()`
//! finds nothing (returns 0), `enable`/`disable` only flip the flag that
//! `isenabled()` reports, the counts are zeros, and `get_objects()` is
//! empty. `is_tracked` answers as CPython would for the common cases
//! (atomic values such as ints, strs and None are untracked; containers
//! and instances are tracked).

use std::cell::Cell;

use crate::objects::*;
use crate::types::*;
use crate::value::Value;
use crate::vm::new::new_int_i64;
use crate::vm::{Args, PyResult, Vm};

static ENABLED: crate::gil::GilCell<Cell<bool>> = crate::gil::GilCell::new(Cell::new(true));
static THRESHOLD: crate::gil::GilCell<Cell<(i64, i64, i64)>> =
    crate::gil::GilCell::new(Cell::new((700, 10, 10)));
static DEBUG: crate::gil::GilCell<Cell<i64>> = crate::gil::GilCell::new(Cell::new(0));

fn collect(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let p = crate::builtins::bind(vm, &a, "collect", &["generation"], false)?;
    if let Some(g) = p[0] {
        let g = vm.index_i64(g)?;
        if !(0..=2).contains(&g) {
            return Err(vm.value_error("invalid generation"));
        }
    }
    Ok(new_int_i64(0))
}

fn enable(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("enable", &a, 0, 0)?;
    ENABLED.with(|e| e.set(true));
    Ok(Value::none())
}

fn disable(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("disable", &a, 0, 0)?;
    ENABLED.with(|e| e.set(false));
    Ok(Value::none())
}

fn isenabled(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("isenabled", &a, 0, 0)?;
    Ok(Value::from_bool(ENABLED.with(|e| e.get())))
}

fn get_count(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("get_count", &a, 0, 0)?;
    Ok(vm.new_tuple(vec![new_int_i64(0), new_int_i64(0), new_int_i64(0)]))
}

fn get_threshold(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("get_threshold", &a, 0, 0)?;
    let (x, y, z) = THRESHOLD.with(|t| t.get());
    Ok(vm.new_tuple(vec![new_int_i64(x), new_int_i64(y), new_int_i64(z)]))
}

fn set_threshold(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("set_threshold", &a, 1, 3)?;
    let (_, mut y, mut z) = THRESHOLD.with(|t| t.get());
    let x = vm.index_i64(&a.args[0])?;
    if let Some(v) = a.args.get(1) {
        y = vm.index_i64(v)?;
    }
    if let Some(v) = a.args.get(2) {
        z = vm.index_i64(v)?;
    }
    THRESHOLD.with(|t| t.set((x, y, z)));
    Ok(Value::none())
}

fn get_debug(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("get_debug", &a, 0, 0)?;
    Ok(new_int_i64(DEBUG.with(|d| d.get())))
}

fn set_debug(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("set_debug", &a, 1, 1)?;
    let f = vm.index_i64(&a.args[0])?;
    DEBUG.with(|d| d.set(f));
    Ok(Value::none())
}

/// CPython's rule: atomic objects (numbers, strings, bytes, None, ...) are
/// never tracked; containers and instances of Python classes are.
fn is_tracked(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("is_tracked", &a, 1, 1)?;
    let v = &a.args[0];
    let t = v.type_of();
    let atomic: [&'static crate::object::TypeObject; 8] = [
        &INT_TYPE,
        &FLOAT_TYPE,
        &STR_TYPE,
        &BYTES_TYPE,
        &BOOL_TYPE,
        &NONE_TYPE,
        &COMPLEX_TYPE,
        &RANGE_TYPE,
    ];
    if v.is_int() || v.is_float() || v.is_none() || atomic.iter().any(|x| std::ptr::eq(*x, t)) {
        return Ok(Value::from_bool(false));
    }
    Ok(Value::from_bool(true))
}

fn get_objects(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let _ = crate::builtins::bind(vm, &a, "get_objects", &["generation"], false)?;
    Ok(vm.new_list(vec![]))
}

fn get_referrers(vm: &mut Vm, _a: Args) -> PyResult<Value> {
    Ok(vm.new_list(vec![]))
}

fn get_referents(vm: &mut Vm, _a: Args) -> PyResult<Value> {
    Ok(vm.new_list(vec![]))
}

fn freeze(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("freeze", &a, 0, 0)?;
    Ok(Value::none())
}

fn get_freeze_count(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("get_freeze_count", &a, 0, 0)?;
    Ok(new_int_i64(0))
}

fn get_stats(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("get_stats", &a, 0, 0)?;
    let mut gens = Vec::new();
    for _ in 0..3 {
        let d = vm.new_dict();
        for k in ["collections", "collected", "uncollectable"] {
            vm.dict_set_str(&d, k, new_int_i64(0))?;
        }
        gens.push(d);
    }
    Ok(vm.new_list(gens))
}

fn is_finalized(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("is_finalized", &a, 1, 1)?;
    Ok(Value::from_bool(false))
}

pub fn init(vm: &mut Vm) -> PyResult<Value> {
    let m = vm.new_module("gc")?;
    let fns: &[(&'static str, NativeFn)] = &[
        ("collect", collect),
        ("enable", enable),
        ("disable", disable),
        ("isenabled", isenabled),
        ("get_count", get_count),
        ("get_threshold", get_threshold),
        ("set_threshold", set_threshold),
        ("get_debug", get_debug),
        ("set_debug", set_debug),
        ("is_tracked", is_tracked),
        ("is_finalized", is_finalized),
        ("get_objects", get_objects),
        ("get_referrers", get_referrers),
        ("get_referents", get_referents),
        ("freeze", freeze),
        ("unfreeze", freeze),
        ("get_freeze_count", get_freeze_count),
        ("get_stats", get_stats),
    ];
    crate::modules::add_functions(vm, &m, "gc", fns)?;
    let g = vm.new_list(vec![]);
    crate::modules::set_attr(vm, &m, "garbage", g)?;
    let c = vm.new_list(vec![]);
    crate::modules::set_attr(vm, &m, "callbacks", c)?;
    for (n, v) in [
        ("DEBUG_STATS", 1),
        ("DEBUG_COLLECTABLE", 2),
        ("DEBUG_UNCOLLECTABLE", 4),
        ("DEBUG_SAVEALL", 32),
        ("DEBUG_LEAK", 38),
    ] {
        crate::modules::set_attr(vm, &m, n, new_int_i64(v))?;
    }
    Ok(m)
}
