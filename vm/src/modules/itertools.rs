//! `itertools` (CPython 3.11's set: no `batched`): every iterator type
//! shares one payload, [`ItData`], a state per kind; each kind has its own
//! type object so `type()`, `repr()` and `isinstance` behave.
//!
//! No borrow of a state is held across a call back into Python (`next`
//! of an underlying iterator, a predicate, `__eq__`): each step copies out
//! what it needs, calls, then stores the outcome.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::OnceLock;

use crate::builtins::{add_classmethods, add_methods, bind};
use crate::object::{alloc_object, TypeObject};
use crate::objects::*;
use crate::types::*;
use crate::value::Value;
use crate::vm::attr::{as_type, lookup, type_value};
use crate::vm::new::new_int_i64;
use crate::vm::ops::{to_float, to_int, NB_ADD};
use crate::vm::{Args, PyErr, PyResult, Vm};

use super::typeutil::{new_type, type_addr, type_at};

/// The shared buffer of a family of `tee` iterators: every item fetched
/// from the source so far (from index `start` on) and the source.
pub struct TeeShared {
    it: Value,
    buf: Vec<Value>,
    done: bool,
    /// A `next` of the source is under way (another thread, or the source
    /// advancing its own tee): CPython refuses to re-enter.
    running: bool,
}

/// State of an itertools iterator.
pub enum St {
    Count {
        cur: Value,
        step: Value,
    },
    Cycle {
        it: Option<Value>,
        saved: Vec<Value>,
        idx: usize,
    },
    Repeat {
        obj: Value,
        times: Option<i64>,
    },
    Accumulate {
        it: Value,
        func: Option<Value>,
        total: Option<Value>,
        initial: Option<Value>,
    },
    Chain {
        source: Option<Value>,
        active: Option<Value>,
    },
    Compress {
        data: Value,
        selectors: Value,
    },
    DropWhile {
        pred: Value,
        it: Value,
        dropping: bool,
    },
    TakeWhile {
        pred: Value,
        it: Value,
        stopped: bool,
    },
    FilterFalse {
        pred: Value,
        it: Value,
    },
    GroupBy {
        it: Value,
        keyfunc: Option<Value>,
        tgtkey: Option<Value>,
        currkey: Option<Value>,
        currvalue: Option<Value>,
        gen: u64,
    },
    Grouper {
        parent: Value,
        tgtkey: Value,
        gen: u64,
    },
    ISlice {
        it: Option<Value>,
        next: usize,
        stop: Option<usize>,
        step: usize,
        cnt: usize,
    },
    Pairwise {
        it: Option<Value>,
        old: Option<Value>,
    },
    Starmap {
        func: Value,
        it: Value,
    },
    Tee {
        shared: Rc<RefCell<TeeShared>>,
        idx: usize,
    },
    ZipLongest {
        its: Vec<Option<Value>>,
        fill: Value,
        active: usize,
    },
    Product {
        pools: Vec<Vec<Value>>,
        indices: Vec<usize>,
        first: bool,
        done: bool,
    },
    Permutations {
        pool: Vec<Value>,
        r: usize,
        indices: Vec<usize>,
        cycles: Vec<usize>,
        first: bool,
        done: bool,
    },
    Combinations {
        pool: Vec<Value>,
        r: usize,
        indices: Vec<usize>,
        first: bool,
        done: bool,
        repl: bool,
    },
}

/// The payload of every itertools iterator.
pub struct ItData(pub RefCell<St>);

const NAMES: [&str; 19] = [
    "count",
    "cycle",
    "repeat",
    "accumulate",
    "chain",
    "compress",
    "dropwhile",
    "takewhile",
    "filterfalse",
    "groupby",
    "_grouper",
    "islice",
    "pairwise",
    "starmap",
    "_tee",
    "zip_longest",
    "product",
    "permutations",
    "combinations",
];
const CWR: &str = "combinations_with_replacement";

static TYPES: OnceLock<HashMap<&'static str, usize>> = OnceLock::new();

fn types() -> &'static HashMap<&'static str, usize> {
    TYPES.get_or_init(|| {
        let mut m = HashMap::new();
        let first = new_type::<ItData>(NAMES[0], "itertools", &OBJECT_TYPE, None, false, true);
        m.insert(NAMES[0], type_addr(first));
        for n in NAMES[1..].iter().chain([CWR].iter()) {
            let t = new_type::<ItData>(
                n,
                "itertools",
                &OBJECT_TYPE,
                Some(first),
                false,
                !n.starts_with('_'),
            );
            m.insert(*n, type_addr(t));
        }
        m
    })
}

fn ty(name: &str) -> &'static TypeObject {
    type_at(types()[name])
}

// SAFETY: every itertools type has solid layout `count`'s, ItData.
unsafe impl Payload for ItData {
    fn layout() -> &'static TypeObject {
        ty("count")
    }
}

fn stop(vm: &mut Vm) -> PyErr {
    vm.new_exc_noargs(&STOP_ITERATION_TYPE)
}

fn make(cls: &Value, st: St) -> Value {
    let t = as_type(cls).unwrap();
    alloc_object(t, ItData(RefCell::new(st)))
}

fn data<'a>(vm: &mut Vm, a: &Args<'a>) -> PyResult<&'a ItData> {
    let args: &'a [Value] = a.args;
    match args.first().and_then(|s| downcast::<ItData>(s)) {
        Some(d) => Ok(d),
        None => Err(vm.type_error("descriptor requires an itertools object")),
    }
}

/// Exactly `n` positional arguments after the class, no keywords
/// (CPython's `_PyArg_CheckPositional` messages).
fn positional<'a>(
    vm: &mut Vm,
    a: &Args<'a>,
    name: &str,
    min: usize,
    max: usize,
) -> PyResult<&'a [Value]> {
    let t = as_type(&a.args[0]).unwrap();
    if a.has_kwargs() && std::ptr::eq(t, ty(name)) {
        return Err(vm.type_error(format!("{}() takes no keyword arguments", name)));
    }
    let pos: &'a [Value] = &a.pos()[1..];
    let n = pos.len();
    if n < min || n > max {
        let msg = if min == max {
            format!(
                "{} expected {} argument{}, got {}",
                name,
                min,
                if min == 1 { "" } else { "s" },
                n
            )
        } else if n < min {
            format!(
                "{} expected at least {} argument{}, got {}",
                name,
                min,
                if min == 1 { "" } else { "s" },
                n
            )
        } else {
            format!(
                "{} expected at most {} argument{}, got {}",
                name,
                max,
                if max == 1 { "" } else { "s" },
                n
            )
        };
        return Err(vm.type_error(msg));
    }
    Ok(pos)
}

fn required<'a>(
    vm: &mut Vm,
    v: Option<&'a Value>,
    fname: &str,
    pname: &str,
    pos: usize,
) -> PyResult<&'a Value> {
    match v {
        Some(v) => Ok(v),
        None => Err(vm.type_error(format!(
            "{}() missing required argument '{}' (pos {})",
            fname, pname, pos
        ))),
    }
}

fn is_number(v: &Value) -> bool {
    to_int(v).is_some()
        || to_float(v).is_some()
        || downcast::<ComplexData>(v).is_some()
        || ["__index__", "__int__", "__float__", "__complex__"]
            .iter()
            .any(|n| lookup(v.type_of(), n).is_some())
}

// ---- constructors ----

fn count_new(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let b = bind(vm, &a, "count", &["start", "step"], true)?;
    let start = b[0].cloned().unwrap_or_else(|| new_int_i64(0));
    let step = b[1].cloned().unwrap_or_else(|| new_int_i64(1));
    if !is_number(&start) || !is_number(&step) {
        return Err(vm.type_error("a number is required"));
    }
    Ok(make(&a.args[0], St::Count { cur: start, step }))
}

fn cycle_new(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let p = positional(vm, &a, "cycle", 1, 1)?;
    let it = vm.iter(&p[0])?;
    Ok(make(
        &a.args[0],
        St::Cycle {
            it: Some(it),
            saved: Vec::new(),
            idx: 0,
        },
    ))
}

fn repeat_new(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let b = bind(vm, &a, "repeat", &["object", "times"], true)?;
    let obj = required(vm, b[0], "repeat", "object", 1)?.clone();
    let times = match b[1] {
        None => None,
        Some(t) => {
            let i = vm.index(t)?;
            Some(
                i.to_i64()
                    .unwrap_or(if i.is_negative() { 0 } else { i64::MAX })
                    .max(0),
            )
        }
    };
    Ok(make(&a.args[0], St::Repeat { obj, times }))
}

fn accumulate_new(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let b = bind(vm, &a, "accumulate", &["iterable", "func", "initial"], true)?;
    let p = a.pos();
    if p.len() > 3 {
        return Err(vm.type_error(format!(
            "accumulate() takes at most 2 arguments ({} given)",
            p.len() - 1
        )));
    }
    let iterable = required(vm, b[0], "accumulate", "iterable", 1)?;
    let it = vm.iter(iterable)?;
    let func = b[1].filter(|f| !f.is_none()).cloned();
    let initial = b[2].filter(|f| !f.is_none()).cloned();
    Ok(make(
        &a.args[0],
        St::Accumulate {
            it,
            func,
            total: None,
            initial,
        },
    ))
}

fn chain_new(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let t = as_type(&a.args[0]).unwrap();
    if a.has_kwargs() && std::ptr::eq(t, ty("chain")) {
        return Err(vm.type_error("chain() takes no keyword arguments"));
    }
    let items = a.pos()[1..].to_vec();
    let tup = vm.new_tuple(items);
    let source = vm.iter(&tup)?;
    Ok(make(
        &a.args[0],
        St::Chain {
            source: Some(source),
            active: None,
        },
    ))
}

fn chain_from_iterable(vm: &mut Vm, a: Args) -> PyResult<Value> {
    if a.args.len() != 2 || a.has_kwargs() {
        return Err(vm.type_error(format!(
            "chain.from_iterable() takes exactly one argument ({} given)",
            a.args.len().saturating_sub(1)
        )));
    }
    let source = vm.iter(&a.args[1])?;
    Ok(make(
        &a.args[0],
        St::Chain {
            source: Some(source),
            active: None,
        },
    ))
}

fn compress_new(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let b = bind(vm, &a, "compress", &["data", "selectors"], true)?;
    let d = required(vm, b[0], "compress", "data", 1)?;
    let s = required(vm, b[1], "compress", "selectors", 2)?;
    let data = vm.iter(d)?;
    let selectors = vm.iter(s)?;
    Ok(make(&a.args[0], St::Compress { data, selectors }))
}

fn pred_it_new(vm: &mut Vm, a: Args, name: &str) -> PyResult<(Value, Value)> {
    let p = positional(vm, &a, name, 2, 2)?;
    let it = vm.iter(&p[1])?;
    Ok((p[0].clone(), it))
}

fn dropwhile_new(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let (pred, it) = pred_it_new(vm, a, "dropwhile")?;
    Ok(make(
        &a.args[0],
        St::DropWhile {
            pred,
            it,
            dropping: true,
        },
    ))
}

fn takewhile_new(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let (pred, it) = pred_it_new(vm, a, "takewhile")?;
    Ok(make(
        &a.args[0],
        St::TakeWhile {
            pred,
            it,
            stopped: false,
        },
    ))
}

fn filterfalse_new(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let (pred, it) = pred_it_new(vm, a, "filterfalse")?;
    Ok(make(&a.args[0], St::FilterFalse { pred, it }))
}

fn starmap_new(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let (func, it) = pred_it_new(vm, a, "starmap")?;
    Ok(make(&a.args[0], St::Starmap { func, it }))
}

fn groupby_new(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let b = bind(vm, &a, "groupby", &["iterable", "key"], true)?;
    let iterable = required(vm, b[0], "groupby", "iterable", 1)?;
    let it = vm.iter(iterable)?;
    let keyfunc = b[1].filter(|f| !f.is_none()).cloned();
    Ok(make(
        &a.args[0],
        St::GroupBy {
            it,
            keyfunc,
            tgtkey: None,
            currkey: None,
            currvalue: None,
            gen: 0,
        },
    ))
}

fn islice_new(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let p = positional(vm, &a, "islice", 2, 4)?;
    let idx = |vm: &mut Vm, v: &Value, msg: &str| -> PyResult<Option<usize>> {
        if v.is_none() {
            return Ok(None);
        }
        if to_int(v).is_none() && lookup(v.type_of(), "__index__").is_none() {
            return Err(vm.value_error(msg));
        }
        let i = vm.index(v)?;
        if i.is_negative() {
            return Err(vm.value_error(msg));
        }
        Ok(Some(i.to_i64().unwrap_or(i64::MAX) as usize))
    };
    let stop_msg = "Stop argument for islice() must be None or an integer: 0 <= x <= sys.maxsize.";
    let idx_msg = "Indices for islice() must be None or an integer: 0 <= x <= sys.maxsize.";
    let (start, stop, step) = if p.len() == 2 {
        (0, idx(vm, &p[1], stop_msg)?, 1)
    } else {
        let start = idx(vm, &p[1], idx_msg)?.unwrap_or(0);
        let stop = idx(vm, &p[2], stop_msg)?;
        let step = match p.get(3) {
            None => 1,
            Some(s) if s.is_none() => 1,
            Some(s) => {
                let msg = "Step for islice() must be a positive integer or None.";
                match idx(vm, s, msg) {
                    Ok(Some(0)) | Err(_) => return Err(vm.value_error(msg)),
                    Ok(Some(n)) => n,
                    Ok(None) => 1,
                }
            }
        };
        (start, stop, step)
    };
    let it = vm.iter(&p[0])?;
    Ok(make(
        &a.args[0],
        St::ISlice {
            it: Some(it),
            next: start,
            stop,
            step,
            cnt: 0,
        },
    ))
}

fn pairwise_new(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let p = positional(vm, &a, "pairwise", 1, 1)?;
    let it = vm.iter(&p[0])?;
    Ok(make(
        &a.args[0],
        St::Pairwise {
            it: Some(it),
            old: None,
        },
    ))
}

fn zip_longest_new(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let mut fill = Value::none();
    for (k, v) in a.kwargs() {
        if k == "fillvalue" {
            fill = v.clone();
        } else {
            return Err(vm.type_error("zip_longest() got an unexpected keyword argument"));
        }
    }
    let mut its = Vec::new();
    for x in &a.pos()[1..] {
        its.push(Some(vm.iter(x)?));
    }
    let active = its.len();
    Ok(make(&a.args[0], St::ZipLongest { its, fill, active }))
}

fn product_new(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let mut repeat = 1i64;
    for (k, v) in a.kwargs() {
        if k == "repeat" {
            repeat = vm.index_i64(v)?;
            if repeat < 0 {
                return Err(vm.value_error("repeat argument cannot be negative"));
            }
        } else {
            return Err(vm.type_error(format!(
                "'{}' is an invalid keyword argument for product()",
                k
            )));
        }
    }
    let mut base = Vec::new();
    for x in &a.pos()[1..] {
        base.push(vm.iterate(x)?);
    }
    let mut pools = Vec::new();
    for _ in 0..repeat {
        pools.extend(base.iter().cloned());
    }
    let indices = vec![0; pools.len()];
    Ok(make(
        &a.args[0],
        St::Product {
            pools,
            indices,
            first: true,
            done: false,
        },
    ))
}

fn r_arg(vm: &mut Vm, v: &Value) -> PyResult<usize> {
    let r = vm.index(v)?;
    if r.is_negative() {
        return Err(vm.value_error("r must be non-negative"));
    }
    match r.to_i64() {
        Some(x) => Ok(x as usize),
        None => Err(vm.overflow_error("Python int too large to convert to C ssize_t")),
    }
}

fn permutations_new(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let b = bind(vm, &a, "permutations", &["iterable", "r"], true)?;
    let iterable = required(vm, b[0], "permutations", "iterable", 1)?;
    let pool = vm.iterate(iterable)?;
    let n = pool.len();
    let r = match b[1] {
        Some(r) if !r.is_none() => r_arg(vm, r)?,
        _ => n,
    };
    let indices = (0..n).collect();
    let cycles = (0..r.min(n)).map(|i| n - i).collect();
    Ok(make(
        &a.args[0],
        St::Permutations {
            pool,
            r,
            indices,
            cycles,
            first: true,
            done: false,
        },
    ))
}

fn combinations_new_impl(vm: &mut Vm, a: Args, name: &str, repl: bool) -> PyResult<Value> {
    let b = bind(vm, &a, name, &["iterable", "r"], true)?;
    let iterable = required(vm, b[0], name, "iterable", 1)?;
    let r = required(vm, b[1], name, "r", 2)?;
    let pool = vm.iterate(iterable)?;
    let r = r_arg(vm, r)?;
    let indices = if repl { vec![0; r] } else { (0..r).collect() };
    Ok(make(
        &a.args[0],
        St::Combinations {
            pool,
            r,
            indices,
            first: true,
            done: false,
            repl,
        },
    ))
}

fn combinations_new(vm: &mut Vm, a: Args) -> PyResult<Value> {
    combinations_new_impl(vm, a, "combinations", false)
}

fn cwr_new(vm: &mut Vm, a: Args) -> PyResult<Value> {
    combinations_new_impl(vm, a, CWR, true)
}

fn tee_new(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let p = positional(vm, &a, "_tee", 1, 1)?;
    let it = vm.iter(&p[0])?;
    Ok(make(
        &a.args[0],
        St::Tee {
            shared: Rc::new(RefCell::new(TeeShared {
                it,
                buf: Vec::new(),
                done: false,
                running: false,
            })),
            idx: 0,
        },
    ))
}

fn tee_copy(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let d = data(vm, &a)?;
    let st = d.0.borrow();
    let St::Tee { shared, idx } = &*st else {
        return Err(vm.type_error("not a tee"));
    };
    let n = St::Tee {
        shared: shared.clone(),
        idx: *idx,
    };
    drop(st);
    Ok(alloc_object(ty("_tee"), ItData(RefCell::new(n))))
}

/// `tee(iterable, n=2)`.
fn tee(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("tee", &a, 1, 2)?;
    let n = match a.args.get(1) {
        Some(v) => vm.index_i64(v)?,
        None => 2,
    };
    if n < 0 {
        return Err(vm.value_error("n must be >= 0"));
    }
    if n == 0 {
        return Ok(vm.new_tuple(vec![]));
    }
    let it = vm.iter(&a.args[0])?;
    let first = match lookup(it.type_of(), "__copy__") {
        Some(_) => it,
        None => {
            let cls = type_value(ty("_tee"));
            tee_new(vm, Args::new(&[cls, it]))?
        }
    };
    let mut out = vec![first.clone()];
    for _ in 1..n {
        let c = vm.call_method(&first, "__copy__", &[])?;
        out.push(c);
    }
    Ok(vm.new_tuple(out))
}

// ---- __next__ ----

fn it_next(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let d = data(vm, &a)?;
    match next_item(vm, &a.args[0], d)? {
        Some(v) => Ok(v),
        None => Err(stop(vm)),
    }
}

fn iter_self(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    Ok(a.args[0].clone())
}

macro_rules! get {
    ($d:expr, $pat:pat => $out:expr) => {{
        let st = $d.0.borrow();
        match &*st {
            $pat => $out,
            _ => unreachable!(),
        }
    }};
}

macro_rules! set {
    ($d:expr, $pat:pat => $body:expr) => {{
        let mut st = $d.0.borrow_mut();
        match &mut *st {
            $pat => $body,
            _ => unreachable!(),
        }
    }};
}

fn next_item(vm: &mut Vm, me: &Value, d: &ItData) -> PyResult<Option<Value>> {
    let st_ref = d.0.borrow();
    let tag = match &*st_ref {
        St::Count { .. } => 0,
        St::Cycle { .. } => 1,
        St::Repeat { .. } => 2,
        St::Accumulate { .. } => 3,
        St::Chain { .. } => 4,
        St::Compress { .. } => 5,
        St::DropWhile { .. } => 6,
        St::TakeWhile { .. } => 7,
        St::FilterFalse { .. } => 8,
        St::GroupBy { .. } => 9,
        St::Grouper { .. } => 10,
        St::ISlice { .. } => 11,
        St::Pairwise { .. } => 12,
        St::Starmap { .. } => 13,
        St::Tee { .. } => 14,
        St::ZipLongest { .. } => 15,
        St::Product { .. } => 16,
        St::Permutations { .. } => 17,
        St::Combinations { .. } => 18,
    };
    drop(st_ref);
    match tag {
        0 => {
            let (cur, step) = get!(d, St::Count { cur, step } => (cur.clone(), step.clone()));
            // The inline fast path is only for two inline ints.
            let fast = if cur.is_int() && step.is_int() {
                cur.checked_int_add(&step)
            } else {
                None
            };
            let nx = match fast {
                Some(v) => v,
                None => vm.binary_op(&cur, &step, NB_ADD)?,
            };
            set!(d, St::Count { cur: c, .. } => *c = nx);
            Ok(Some(cur))
        }
        1 => loop {
            let it = get!(d, St::Cycle { it, .. } => it.clone());
            if let Some(it) = it {
                match vm.next(&it)? {
                    Some(v) => {
                        set!(d, St::Cycle { saved, .. } => saved.push(v.clone()));
                        return Ok(Some(v));
                    }
                    None => set!(d, St::Cycle { it, .. } => *it = None),
                }
            }
            return Ok(set!(d, St::Cycle { saved, idx, .. } => {
                if saved.is_empty() {
                    None
                } else {
                    let v = saved[*idx].clone();
                    *idx = (*idx + 1) % saved.len();
                    Some(v)
                }
            }));
        },
        2 => Ok(set!(d, St::Repeat { obj, times } => match times {
            None => Some(obj.clone()),
            Some(0) => None,
            Some(n) => {
                *n -= 1;
                Some(obj.clone())
            }
        })),
        3 => {
            let (it, func, total, initial) = get!(d, St::Accumulate { it, func, total, initial } => (it.clone(), func.clone(), total.clone(), initial.clone()));
            if let Some(init) = initial {
                set!(d, St::Accumulate { total, initial, .. } => {
                    *total = Some(init.clone());
                    *initial = None;
                });
                return Ok(Some(init));
            }
            let Some(v) = vm.next(&it)? else {
                return Ok(None);
            };
            let nt = match total {
                None => v,
                Some(t) => match func {
                    None => vm.binary_op(&t, &v, NB_ADD)?,
                    Some(f) => vm.call(&f, &[t, v], &[])?,
                },
            };
            set!(d, St::Accumulate { total, .. } => *total = Some(nt.clone()));
            Ok(Some(nt))
        }
        4 => loop {
            let (source, active) =
                get!(d, St::Chain { source, active } => (source.clone(), active.clone()));
            if let Some(act) = active {
                if let Some(v) = vm.next(&act)? {
                    return Ok(Some(v));
                }
                set!(d, St::Chain { active, .. } => *active = None);
            }
            let Some(src) = source else { return Ok(None) };
            match vm.next(&src)? {
                None => {
                    set!(d, St::Chain { source, .. } => *source = None);
                    return Ok(None);
                }
                Some(iterable) => {
                    let it = vm.iter(&iterable)?;
                    set!(d, St::Chain { active, .. } => *active = Some(it));
                }
            }
        },
        5 => {
            let (data_it, sel) =
                get!(d, St::Compress { data, selectors } => (data.clone(), selectors.clone()));
            loop {
                let Some(x) = vm.next(&data_it)? else {
                    return Ok(None);
                };
                let Some(s) = vm.next(&sel)? else {
                    return Ok(None);
                };
                if vm.truthy(&s)? {
                    return Ok(Some(x));
                }
            }
        }
        6 => {
            let (pred, it, dropping) = get!(d, St::DropWhile { pred, it, dropping } => (pred.clone(), it.clone(), *dropping));
            loop {
                let Some(x) = vm.next(&it)? else {
                    return Ok(None);
                };
                if !dropping {
                    return Ok(Some(x));
                }
                let r = vm.call(&pred, &[x.clone()], &[])?;
                if !vm.truthy(&r)? {
                    set!(d, St::DropWhile { dropping, .. } => *dropping = false);
                    return Ok(Some(x));
                }
            }
        }
        7 => {
            let (pred, it, stopped) = get!(d, St::TakeWhile { pred, it, stopped } => (pred.clone(), it.clone(), *stopped));
            if stopped {
                return Ok(None);
            }
            let Some(x) = vm.next(&it)? else {
                return Ok(None);
            };
            let r = vm.call(&pred, &[x.clone()], &[])?;
            if vm.truthy(&r)? {
                return Ok(Some(x));
            }
            set!(d, St::TakeWhile { stopped, .. } => *stopped = true);
            Ok(None)
        }
        8 => {
            let (pred, it) = get!(d, St::FilterFalse { pred, it } => (pred.clone(), it.clone()));
            loop {
                let Some(x) = vm.next(&it)? else {
                    return Ok(None);
                };
                let ok = if pred.is_none() {
                    vm.truthy(&x)?
                } else {
                    let r = vm.call(&pred, &[x.clone()], &[])?;
                    vm.truthy(&r)?
                };
                if !ok {
                    return Ok(Some(x));
                }
            }
        }
        9 => groupby_next(vm, me, d),
        10 => grouper_next(vm, d),
        11 => {
            let (it, next, stopn, step, mut cnt) = get!(d, St::ISlice { it, next, stop, step, cnt } => (it.clone(), *next, *stop, *step, *cnt));
            let Some(it) = it else { return Ok(None) };
            while cnt < next {
                if vm.next(&it)?.is_none() {
                    set!(d, St::ISlice { it, cnt: c, .. } => {
                        *it = None;
                        *c = cnt;
                    });
                    return Ok(None);
                }
                cnt += 1;
            }
            if let Some(s) = stopn {
                if cnt >= s {
                    set!(d, St::ISlice { it, cnt: c, .. } => {
                        *it = None;
                        *c = cnt;
                    });
                    return Ok(None);
                }
            }
            let item = vm.next(&it)?;
            let Some(item) = item else {
                set!(d, St::ISlice { it, .. } => *it = None);
                return Ok(None);
            };
            cnt += 1;
            let mut nx = next.saturating_add(step);
            if let Some(s) = stopn {
                if nx > s {
                    nx = s;
                }
            }
            set!(d, St::ISlice { next: n, cnt: c, .. } => {
                *n = nx;
                *c = cnt;
            });
            Ok(Some(item))
        }
        12 => {
            let (it, old) = get!(d, St::Pairwise { it, old } => (it.clone(), old.clone()));
            let Some(it) = it else { return Ok(None) };
            let old = match old {
                Some(o) => o,
                None => match vm.next(&it)? {
                    Some(o) => o,
                    None => {
                        set!(d, St::Pairwise { it, .. } => *it = None);
                        return Ok(None);
                    }
                },
            };
            let Some(new) = vm.next(&it)? else {
                set!(d, St::Pairwise { it, old: o } => {
                    *it = None;
                    *o = None;
                });
                return Ok(None);
            };
            set!(d, St::Pairwise { old: o, .. } => *o = Some(new.clone()));
            Ok(Some(vm.new_tuple(vec![old, new])))
        }
        13 => {
            let (func, it) = get!(d, St::Starmap { func, it } => (func.clone(), it.clone()));
            let Some(args) = vm.next(&it)? else {
                return Ok(None);
            };
            let args = vm.iterate(&args)?;
            Ok(Some(vm.call(&func, &args, &[])?))
        }
        14 => {
            let (shared, idx) = get!(d, St::Tee { shared, idx } => (shared.clone(), *idx));
            let (have, it, done) = {
                let s = shared.borrow();
                (s.buf.get(idx).cloned(), s.it.clone(), s.done)
            };
            let v = match have {
                Some(v) => v,
                None => {
                    if done {
                        return Ok(None);
                    }
                    if shared.borrow().running {
                        return Err(vm.runtime_error("cannot re-enter the tee iterator"));
                    }
                    shared.borrow_mut().running = true;
                    let r = vm.next(&it);
                    shared.borrow_mut().running = false;
                    match r? {
                        Some(v) => {
                            let mut s = shared.borrow_mut();
                            s.buf.push(v);
                            s.buf[idx].clone()
                        }
                        None => {
                            shared.borrow_mut().done = true;
                            return Ok(None);
                        }
                    }
                }
            };
            set!(d, St::Tee { idx, .. } => *idx += 1);
            Ok(Some(v))
        }
        15 => {
            let (its, fill, active) = get!(d, St::ZipLongest { its, fill, active } => (its.clone(), fill.clone(), *active));
            if its.is_empty() || active == 0 {
                return Ok(None);
            }
            let mut out = Vec::with_capacity(its.len());
            for (i, it) in its.iter().enumerate() {
                match it {
                    None => out.push(fill.clone()),
                    Some(it) => match vm.next(it)? {
                        Some(v) => out.push(v),
                        None => {
                            let left = set!(d, St::ZipLongest { its, active, .. } => {
                                its[i] = None;
                                *active -= 1;
                                *active
                            });
                            if left == 0 {
                                return Ok(None);
                            }
                            out.push(fill.clone());
                        }
                    },
                }
            }
            Ok(Some(vm.new_tuple(out)))
        }
        16 => {
            let r = set!(d, St::Product { pools, indices, first, done } => {
                if *done {
                    None
                } else if *first {
                    *first = false;
                    if pools.iter().any(|p| p.is_empty()) {
                        *done = true;
                        None
                    } else {
                        Some(pools.iter().map(|p| p[0].clone()).collect::<Vec<_>>())
                    }
                } else {
                    let mut i = pools.len();
                    loop {
                        if i == 0 {
                            *done = true;
                            break None;
                        }
                        i -= 1;
                        indices[i] += 1;
                        if indices[i] < pools[i].len() {
                            break Some(pools.iter().zip(indices.iter()).map(|(p, &j)| p[j].clone()).collect());
                        }
                        indices[i] = 0;
                    }
                }
            });
            Ok(r.map(|v| vm.new_tuple(v)))
        }
        17 => {
            let r = set!(d, St::Permutations { pool, r, indices, cycles, first, done } => {
                let n = pool.len();
                let r = *r;
                if *done {
                    None
                } else if *first {
                    *first = false;
                    if r > n {
                        *done = true;
                        None
                    } else {
                        Some(indices[..r].iter().map(|&j| pool[j].clone()).collect::<Vec<_>>())
                    }
                } else if n == 0 {
                    *done = true;
                    None
                } else {
                    let mut out = None;
                    let mut i = r;
                    while i > 0 {
                        i -= 1;
                        cycles[i] -= 1;
                        if cycles[i] == 0 {
                            let x = indices.remove(i);
                            indices.push(x);
                            cycles[i] = n - i;
                        } else {
                            let j = cycles[i];
                            indices.swap(i, n - j);
                            out = Some(indices[..r].iter().map(|&j| pool[j].clone()).collect());
                            break;
                        }
                    }
                    if out.is_none() {
                        *done = true;
                    }
                    out
                }
            });
            Ok(r.map(|v| vm.new_tuple(v)))
        }
        18 => {
            let r = set!(d, St::Combinations { pool, r, indices, first, done, repl } => {
                let n = pool.len();
                let r = *r;
                if *done {
                    None
                } else if *first {
                    *first = false;
                    if (!*repl && r > n) || (*repl && n == 0 && r > 0) {
                        *done = true;
                        None
                    } else {
                        Some(indices.iter().map(|&j| pool[j].clone()).collect::<Vec<_>>())
                    }
                } else {
                    let mut found = None;
                    let mut i = r;
                    while i > 0 {
                        i -= 1;
                        let limit = if *repl { n - 1 } else { i + n - r };
                        if indices[i] != limit {
                            found = Some(i);
                            break;
                        }
                    }
                    match found {
                        None => {
                            *done = true;
                            None
                        }
                        Some(i) => {
                            indices[i] += 1;
                            for j in i + 1..r {
                                indices[j] = if *repl { indices[i] } else { indices[j - 1] + 1 };
                            }
                            Some(indices.iter().map(|&j| pool[j].clone()).collect())
                        }
                    }
                }
            });
            Ok(r.map(|v| vm.new_tuple(v)))
        }
        _ => unreachable!(),
    }
}

/// One step of a groupby: fetch the next value and its key.
fn groupby_step(vm: &mut Vm, d: &ItData) -> PyResult<bool> {
    let (it, keyfunc) = get!(d, St::GroupBy { it, keyfunc, .. } => (it.clone(), keyfunc.clone()));
    let Some(v) = vm.next(&it)? else {
        return Ok(false);
    };
    let k = match keyfunc {
        None => v.clone(),
        Some(f) => vm.call(&f, &[v.clone()], &[])?,
    };
    set!(d, St::GroupBy { currkey, currvalue, .. } => {
        *currvalue = Some(v);
        *currkey = Some(k);
    });
    Ok(true)
}

fn groupby_next(vm: &mut Vm, me: &Value, d: &ItData) -> PyResult<Option<Value>> {
    // Invalidate the current grouper.
    let gen = set!(d, St::GroupBy { gen, .. } => {
        *gen += 1;
        *gen
    });
    loop {
        let (tgt, cur) =
            get!(d, St::GroupBy { tgtkey, currkey, .. } => (tgtkey.clone(), currkey.clone()));
        match (cur, tgt) {
            (None, _) => {}
            (Some(_), None) => break,
            (Some(c), Some(t)) => {
                if !vm.eq(&t, &c)? {
                    break;
                }
            }
        }
        if !groupby_step(vm, d)? {
            return Ok(None);
        }
    }
    let cur = set!(d, St::GroupBy { tgtkey, currkey, .. } => {
        *tgtkey = currkey.clone();
        currkey.clone().unwrap()
    });
    let g = alloc_object(
        ty("_grouper"),
        ItData(RefCell::new(St::Grouper {
            parent: me.clone(),
            tgtkey: cur.clone(),
            gen,
        })),
    );
    Ok(Some(vm.new_tuple(vec![cur, g])))
}

fn grouper_next(vm: &mut Vm, d: &ItData) -> PyResult<Option<Value>> {
    let (parent, tgt, gen) =
        get!(d, St::Grouper { parent, tgtkey, gen } => (parent.clone(), tgtkey.clone(), *gen));
    let pd = downcast::<ItData>(&parent).unwrap();
    let (pgen, has_value) =
        get!(pd, St::GroupBy { gen, currvalue, .. } => (*gen, currvalue.is_some()));
    if pgen != gen {
        return Ok(None);
    }
    if !has_value && !groupby_step(vm, pd)? {
        return Ok(None);
    }
    let cur = get!(pd, St::GroupBy { currkey, .. } => currkey.clone().unwrap());
    if !vm.eq(&tgt, &cur)? {
        return Ok(None);
    }
    let v = set!(pd, St::GroupBy { currvalue, .. } => currvalue.take());
    Ok(v)
}

// ---- reprs and hints ----

fn count_repr(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let d = data(vm, &a)?;
    let (cur, step) = get!(d, St::Count { cur, step } => (cur.clone(), step.clone()));
    let name = a.args[0].type_of().name();
    let c = vm.repr(&cur)?;
    let unit_step = step.as_i64() == Some(1) && to_float(&step).is_none();
    let s = if unit_step {
        format!("{}({})", name, c)
    } else {
        let st = vm.repr(&step)?;
        format!("{}({}, {})", name, c, st)
    };
    Ok(vm.new_str_owned(s))
}

fn count_reduce(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let d = data(vm, &a)?;
    let (cur, step) = get!(d, St::Count { cur, step } => (cur.clone(), step.clone()));
    let t = type_value(a.args[0].type_of());
    let args = if step.as_i64() == Some(1) {
        vm.new_tuple(vec![cur])
    } else {
        vm.new_tuple(vec![cur, step])
    };
    Ok(vm.new_tuple(vec![t, args]))
}

fn repeat_repr(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let d = data(vm, &a)?;
    let (obj, times) = get!(d, St::Repeat { obj, times } => (obj.clone(), *times));
    let name = a.args[0].type_of().name();
    let o = vm.repr(&obj)?;
    let s = match times {
        None => format!("{}({})", name, o),
        Some(n) => format!("{}({}, {})", name, o, n),
    };
    Ok(vm.new_str_owned(s))
}

fn repeat_length_hint(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let d = data(vm, &a)?;
    let times = get!(d, St::Repeat { times, .. } => *times);
    match times {
        Some(n) => Ok(new_int_i64(n)),
        None => Err(vm.type_error("len() of unsized object")),
    }
}

static INIT: std::sync::Once = std::sync::Once::new();

fn init_types() {
    INIT.call_once(|| {
        let news: &[(&str, NativeFn)] = &[
            ("count", count_new),
            ("cycle", cycle_new),
            ("repeat", repeat_new),
            ("accumulate", accumulate_new),
            ("chain", chain_new),
            ("compress", compress_new),
            ("dropwhile", dropwhile_new),
            ("takewhile", takewhile_new),
            ("filterfalse", filterfalse_new),
            ("groupby", groupby_new),
            ("islice", islice_new),
            ("pairwise", pairwise_new),
            ("starmap", starmap_new),
            ("_tee", tee_new),
            ("zip_longest", zip_longest_new),
            ("product", product_new),
            ("permutations", permutations_new),
            ("combinations", combinations_new),
            (CWR, cwr_new),
        ];
        for (n, f) in news {
            add_methods(
                ty(n),
                &[
                    ("__new__", *f),
                    ("__iter__", iter_self),
                    ("__next__", it_next),
                ],
            );
        }
        add_methods(
            ty("_grouper"),
            &[("__iter__", iter_self), ("__next__", it_next)],
        );
        add_methods(
            ty("count"),
            &[("__repr__", count_repr), ("__reduce__", count_reduce)],
        );
        add_methods(
            ty("repeat"),
            &[
                ("__repr__", repeat_repr),
                ("__length_hint__", repeat_length_hint),
            ],
        );
        add_methods(ty("_tee"), &[("__copy__", tee_copy)]);
        add_classmethods(
            ty("chain"),
            &[
                ("from_iterable", chain_from_iterable),
                (
                    "__class_getitem__",
                    crate::builtins::generic_alias::class_getitem,
                ),
            ],
        );
    });
}

pub fn init(vm: &mut Vm) -> PyResult<Value> {
    init_types();
    let m = vm.new_module("itertools")?;
    for n in NAMES.iter().chain([CWR].iter()) {
        crate::modules::set_attr(vm, &m, n, type_value(ty(n)))?;
    }
    crate::modules::add_functions(vm, &m, "itertools", &[("tee", tee as NativeFn)])?;
    Ok(m)
}
