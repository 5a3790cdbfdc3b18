//! `math`: argument conversion around the pure functions of
//! `numops::math` and `numops::intmath`, with CPython 3.11's argument
//! errors.

use crate::int::Int;
use crate::numops::{self, intmath, math as nm, NumError, Real};
use crate::objects::NativeFn;
use crate::value::Value;
use crate::vm::new::new_int;
use crate::vm::ops::{to_float, to_int, NB_MULTIPLY};
use crate::vm::{Args, PyResult, Vm};

/// `PyFloat_AsDouble` for a math argument: floats, ints (OverflowError
/// "int too large to convert to float"), `__float__`, `__index__`;
/// TypeError "must be real number, not X" otherwise.
pub fn real(vm: &mut Vm, v: &Value) -> PyResult<f64> {
    if let Some(f) = to_float(v) {
        return Ok(f);
    }
    if let Some(i) = to_int(v) {
        return numops::float::int_to_float(&i).map_err(|e| vm.num_err(e));
    }
    if let Some(r) = vm.call_special(v, "__float__", &[])? {
        if let Some(f) = to_float(&r) {
            return Ok(f);
        }
        let msg = format!(
            "{}.__float__ returned non-float (type {})",
            v.type_of().name(),
            r.type_of().name()
        );
        return Err(vm.type_error(msg));
    }
    if crate::vm::attr::lookup(v.type_of(), "__index__").is_some() {
        let i = vm.index(v)?;
        return numops::float::int_to_float(&i).map_err(|e| vm.num_err(e));
    }
    Err(vm.type_error(format!("must be real number, not {}", v.type_of().name())))
}

fn ok_f(vm: &mut Vm, r: Result<f64, NumError>) -> PyResult<Value> {
    r.map(Value::from_f64).map_err(|e| vm.num_err(e))
}

fn ok_i(vm: &mut Vm, r: Result<Int, NumError>) -> PyResult<Value> {
    r.map(new_int).map_err(|e| vm.num_err(e))
}

fn one<'a>(vm: &mut Vm, a: &Args<'a>, name: &str) -> PyResult<&'a Value> {
    vm.check_args(&format!("math.{}", name), a, 1, 1)?;
    Ok(&a.args[0])
}

fn two<'a>(vm: &mut Vm, a: &Args<'a>, name: &str) -> PyResult<(&'a Value, &'a Value)> {
    vm.check_args(name, a, 2, 2)?;
    Ok((&a.args[0], &a.args[1]))
}

macro_rules! unary {
    ($($fname:ident => $name:literal, $f:path;)*) => {$(
        fn $fname(vm: &mut Vm, a: Args) -> PyResult<Value> {
            let x = one(vm, &a, $name)?;
            let x = real(vm, x)?;
            ok_f(vm, $f(x))
        }
    )*};
}

unary! {
    m_sqrt => "sqrt", nm::sqrt;
    m_exp => "exp", nm::exp;
    m_exp2 => "exp2", nm::exp2;
    m_expm1 => "expm1", nm::expm1;
    m_sin => "sin", nm::sin;
    m_cos => "cos", nm::cos;
    m_tan => "tan", nm::tan;
    m_asin => "asin", nm::asin;
    m_acos => "acos", nm::acos;
    m_atan => "atan", nm::atan;
    m_sinh => "sinh", nm::sinh;
    m_cosh => "cosh", nm::cosh;
    m_tanh => "tanh", nm::tanh;
    m_asinh => "asinh", nm::asinh;
    m_acosh => "acosh", nm::acosh;
    m_atanh => "atanh", nm::atanh;
    m_cbrt => "cbrt", nm::cbrt;
    m_fabs => "fabs", nm::fabs;
    m_log1p => "log1p", nm::log1p;
    m_erf => "erf", nm::erf;
    m_erfc => "erfc", nm::erfc;
    m_gamma => "gamma", nm::gamma;
    m_lgamma => "lgamma", nm::lgamma;
}

macro_rules! binary {
    ($($fname:ident => $name:literal, $f:path;)*) => {$(
        fn $fname(vm: &mut Vm, a: Args) -> PyResult<Value> {
            let (x, y) = two(vm, &a, $name)?;
            let x = real(vm, x)?;
            let y = real(vm, y)?;
            ok_f(vm, $f(x, y))
        }
    )*};
}

binary! {
    m_atan2 => "atan2", nm::atan2;
    m_copysign => "copysign", nm::copysign;
    m_remainder => "remainder", nm::remainder;
    m_fmod => "fmod", nm::fmod;
    m_pow => "pow", nm::pow;
}

macro_rules! predicate {
    ($($fname:ident => $name:literal, $f:path;)*) => {$(
        fn $fname(vm: &mut Vm, a: Args) -> PyResult<Value> {
            let x = one(vm, &a, $name)?;
            let x = real(vm, x)?;
            Ok(Value::from_bool($f(x)))
        }
    )*};
}

predicate! {
    m_isfinite => "isfinite", nm::isfinite;
    m_isinf => "isinf", nm::isinf;
    m_isnan => "isnan", nm::isnan;
}

fn m_degrees(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let x = one(vm, &a, "degrees")?;
    Ok(Value::float(nm::degrees(real(vm, x)?)))
}

fn m_radians(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let x = one(vm, &a, "radians")?;
    Ok(Value::float(nm::radians(real(vm, x)?)))
}

fn m_ulp(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let x = one(vm, &a, "ulp")?;
    Ok(Value::float(nm::ulp(real(vm, x)?)))
}

fn m_nextafter(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let (x, y) = two(vm, &a, "nextafter")?;
    let (x, y) = (real(vm, x)?, real(vm, y)?);
    Ok(Value::float(nm::nextafter(x, y)))
}

/// Runs `f` on the argument as a [`Real`]: ints exactly, else a float.
fn with_real<R>(vm: &mut Vm, v: &Value, f: impl FnOnce(Real<'_>) -> R) -> PyResult<R> {
    if let Some(x) = to_float(v) {
        return Ok(f(Real::Float(x)));
    }
    if let Some(i) = to_int(v) {
        return Ok(f(Real::Int(&i)));
    }
    let x = real(vm, v)?;
    Ok(f(Real::Float(x)))
}

fn m_log(vm: &mut Vm, a: Args) -> PyResult<Value> {
    if a.has_kwargs() {
        return Err(vm.type_error("math.log() takes no keyword arguments"));
    }
    if a.args.is_empty() || a.args.len() > 2 {
        return Err(vm.type_error("math.log requires 1 to 2 arguments"));
    }
    let x = a.args[0].clone();
    let r = match a.args.get(1) {
        None => with_real(vm, &x, |x| nm::log(x, None))?,
        Some(b) => {
            let b = b.clone();
            // Both as Reals: materialise the ints first.
            let xi = to_float(&x).is_none().then(|| to_int(&x)).flatten();
            let bi = to_float(&b).is_none().then(|| to_int(&b)).flatten();
            let xr = match &xi {
                Some(i) => Real::Int(i),
                None => Real::Float(real(vm, &x)?),
            };
            let br = match &bi {
                Some(i) => Real::Int(i),
                None => Real::Float(real(vm, &b)?),
            };
            nm::log(xr, Some(br))
        }
    };
    ok_f(vm, r)
}

fn m_log2(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let x = one(vm, &a, "log2")?;
    let r = with_real(vm, x, nm::log2)?;
    ok_f(vm, r)
}

fn m_log10(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let x = one(vm, &a, "log10")?;
    let r = with_real(vm, x, nm::log10)?;
    ok_f(vm, r)
}

/// `floor`/`ceil`: floats and ints directly, else `__floor__`/`__ceil__`,
/// else the float value.
fn round_with(
    vm: &mut Vm,
    a: Args,
    name: &str,
    dunder: &str,
    f: fn(Real<'_>) -> Result<Int, NumError>,
) -> PyResult<Value> {
    let x = one(vm, &a, name)?;
    if x.is_float() {
        return ok_i(vm, f(Real::Float(x.as_f64().unwrap())));
    }
    if x.is_int() || x.as_bool().is_some() || std::ptr::eq(x.type_of(), &crate::types::INT_TYPE) {
        return Ok(new_int(to_int(x).unwrap()));
    }
    if let Some(r) = vm.call_special(x, dunder, &[])? {
        return Ok(r);
    }
    if let Some(i) = to_int(x) {
        return Ok(new_int(i));
    }
    let v = real(vm, x)?;
    ok_i(vm, f(Real::Float(v)))
}

fn m_floor(vm: &mut Vm, a: Args) -> PyResult<Value> {
    round_with(vm, a, "floor", "__floor__", nm::floor)
}

fn m_ceil(vm: &mut Vm, a: Args) -> PyResult<Value> {
    round_with(vm, a, "ceil", "__ceil__", nm::ceil)
}

fn m_trunc(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let x = one(vm, &a, "trunc")?;
    if x.is_float() {
        let r = nm::trunc(x.as_f64().unwrap());
        return ok_i(vm, r);
    }
    if x.is_int() || x.as_bool().is_some() || std::ptr::eq(x.type_of(), &crate::types::INT_TYPE) {
        return Ok(new_int(to_int(x).unwrap()));
    }
    if let Some(r) = vm.call_special(x, "__trunc__", &[])? {
        return Ok(r);
    }
    Err(vm.type_error(format!(
        "type {} doesn't define __trunc__ method",
        x.type_of().name()
    )))
}

fn m_modf(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let x = one(vm, &a, "modf")?;
    let (f, i) = nm::modf(real(vm, x)?);
    Ok(vm.new_tuple(vec![Value::float(f), Value::float(i)]))
}

fn m_frexp(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let x = one(vm, &a, "frexp")?;
    let (m, e) = nm::frexp(real(vm, x)?);
    Ok(vm.new_tuple(vec![Value::float(m), crate::vm::new::new_int_i64(e)]))
}

fn m_ldexp(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let (x, i) = two(vm, &a, "ldexp")?;
    let x = real(vm, x)?;
    let Some(i) = to_int(i) else {
        return Err(vm.type_error("Expected an int as second argument to ldexp."));
    };
    ok_f(vm, nm::ldexp(x, &i))
}

fn reals(vm: &mut Vm, v: &Value) -> PyResult<Vec<f64>> {
    let items = vm.iterate(v)?;
    let mut out = Vec::with_capacity(items.len());
    for it in &items {
        out.push(real(vm, it)?);
    }
    Ok(out)
}

fn m_fsum(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let x = one(vm, &a, "fsum")?;
    let v = reals(vm, x)?;
    ok_f(vm, nm::fsum(v))
}

fn m_hypot(vm: &mut Vm, a: Args) -> PyResult<Value> {
    if a.has_kwargs() {
        return Err(vm.type_error("hypot() takes no keyword arguments"));
    }
    let mut v = Vec::with_capacity(a.args.len());
    for x in a.args {
        v.push(real(vm, x)?);
    }
    Ok(Value::float(nm::hypot(&v)))
}

fn point(vm: &mut Vm, v: &Value, which: usize) -> PyResult<Vec<f64>> {
    if crate::objects::downcast::<crate::objects::TupleData>(v).is_none()
        && crate::objects::downcast::<crate::objects::ListData>(v).is_none()
    {
        // CPython requires sequences it can turn into tuples.
        if crate::vm::attr::lookup(v.type_of(), "__iter__").is_none() {
            return Err(vm.type_error(format!(
                "dist() argument {} must be tuple, not {}",
                which,
                v.type_of().name()
            )));
        }
    }
    reals(vm, v)
}

fn m_dist(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let (p, q) = two(vm, &a, "dist")?;
    let p = point(vm, p, 1)?;
    let q = point(vm, q, 2)?;
    ok_f(vm, nm::dist(&p, &q))
}

fn m_isclose(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let pos = a.pos();
    if pos.len() > 2 {
        return Err(vm.type_error(format!(
            "isclose() takes exactly 2 positional arguments ({} given)",
            pos.len()
        )));
    }
    let mut x = pos.first();
    let mut y = pos.get(1);
    let mut rel = None;
    let mut abs = None;
    for (k, v) in a.kwargs() {
        match k {
            "a" if x.is_none() => x = Some(v),
            "b" if y.is_none() => y = Some(v),
            "rel_tol" => rel = Some(v),
            "abs_tol" => abs = Some(v),
            "a" | "b" => {
                let i = if k == "a" { 1 } else { 2 };
                return Err(vm.type_error(format!(
                    "argument for isclose() given by name ('{}') and position ({})",
                    k, i
                )));
            }
            _ => {
                return Err(vm.type_error(format!(
                    "isclose() got an unexpected keyword argument '{}'",
                    k
                )))
            }
        }
    }
    let Some(x) = x else {
        return Err(vm.type_error("isclose() missing required argument 'a' (pos 1)"));
    };
    let Some(y) = y else {
        return Err(vm.type_error("isclose() missing required argument 'b' (pos 2)"));
    };
    let x = real(vm, x)?;
    let y = real(vm, y)?;
    let rel = match rel {
        Some(v) => real(vm, v)?,
        None => 1e-9,
    };
    let abs = match abs {
        Some(v) => real(vm, v)?,
        None => 0.0,
    };
    match nm::isclose(x, y, rel, abs) {
        Ok(b) => Ok(Value::from_bool(b)),
        Err(e) => Err(vm.num_err(e)),
    }
}

// ---- integer functions ----

fn m_factorial(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let x = one(vm, &a, "factorial")?;
    let n = vm.index(x)?;
    ok_i(vm, intmath::factorial(&n))
}

fn m_isqrt(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let x = one(vm, &a, "isqrt")?;
    let n = vm.index(x)?;
    ok_i(vm, intmath::isqrt(&n))
}

fn ints(vm: &mut Vm, a: &Args, name: &str) -> PyResult<Vec<Int>> {
    if a.has_kwargs() {
        return Err(vm.type_error(format!("{}() takes no keyword arguments", name)));
    }
    let mut v = Vec::with_capacity(a.args.len());
    for x in a.args {
        v.push(vm.index(x)?);
    }
    Ok(v)
}

fn m_gcd(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let v = ints(vm, &a, "gcd")?;
    Ok(new_int(intmath::gcd(&v)))
}

fn m_lcm(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let v = ints(vm, &a, "lcm")?;
    Ok(new_int(intmath::lcm(&v)))
}

fn m_comb(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let (n, k) = two(vm, &a, "comb")?;
    let n = vm.index(n)?;
    let k = vm.index(k)?;
    ok_i(vm, intmath::comb(&n, &k))
}

fn m_perm(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("perm", &a, 1, 2)?;
    let n = vm.index(&a.args[0])?;
    let k = match a.args.get(1) {
        Some(k) if !k.is_none() => Some(vm.index(k)?),
        _ => None,
    };
    ok_i(vm, intmath::perm(&n, k.as_ref()))
}

fn m_prod(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let pos = a.pos();
    if pos.len() != 1 {
        return Err(vm.type_error(format!(
            "prod() takes exactly 1 positional argument ({} given)",
            pos.len()
        )));
    }
    let mut start = crate::vm::new::new_int_i64(1);
    for (k, v) in a.kwargs() {
        if k == "start" {
            start = v.clone();
        } else {
            return Err(vm.type_error(format!("prod() got an unexpected keyword argument '{}'", k)));
        }
    }
    let it = vm.iter(&pos[0])?;
    let mut acc = start;
    while let Some(x) = vm.next(&it)? {
        acc = vm.binary_op(&acc, &x, NB_MULTIPLY)?;
    }
    Ok(acc)
}

pub fn init(vm: &mut Vm) -> PyResult<Value> {
    let m = vm.new_module("math")?;
    let fns: &[(&'static str, NativeFn)] = &[
        ("sqrt", m_sqrt),
        ("exp", m_exp),
        ("exp2", m_exp2),
        ("expm1", m_expm1),
        ("sin", m_sin),
        ("cos", m_cos),
        ("tan", m_tan),
        ("asin", m_asin),
        ("acos", m_acos),
        ("atan", m_atan),
        ("sinh", m_sinh),
        ("cosh", m_cosh),
        ("tanh", m_tanh),
        ("asinh", m_asinh),
        ("acosh", m_acosh),
        ("atanh", m_atanh),
        ("cbrt", m_cbrt),
        ("fabs", m_fabs),
        ("log1p", m_log1p),
        ("erf", m_erf),
        ("erfc", m_erfc),
        ("gamma", m_gamma),
        ("lgamma", m_lgamma),
        ("atan2", m_atan2),
        ("copysign", m_copysign),
        ("remainder", m_remainder),
        ("fmod", m_fmod),
        ("pow", m_pow),
        ("isfinite", m_isfinite),
        ("isinf", m_isinf),
        ("isnan", m_isnan),
        ("degrees", m_degrees),
        ("radians", m_radians),
        ("ulp", m_ulp),
        ("nextafter", m_nextafter),
        ("log", m_log),
        ("log2", m_log2),
        ("log10", m_log10),
        ("floor", m_floor),
        ("ceil", m_ceil),
        ("trunc", m_trunc),
        ("modf", m_modf),
        ("frexp", m_frexp),
        ("ldexp", m_ldexp),
        ("fsum", m_fsum),
        ("hypot", m_hypot),
        ("dist", m_dist),
        ("isclose", m_isclose),
        ("factorial", m_factorial),
        ("isqrt", m_isqrt),
        ("gcd", m_gcd),
        ("lcm", m_lcm),
        ("comb", m_comb),
        ("perm", m_perm),
        ("prod", m_prod),
    ];
    crate::modules::add_functions(vm, &m, "math", fns)?;
    crate::modules::set_attr(vm, &m, "pi", Value::float(std::f64::consts::PI))?;
    crate::modules::set_attr(vm, &m, "e", Value::float(std::f64::consts::E))?;
    crate::modules::set_attr(vm, &m, "tau", Value::float(std::f64::consts::TAU))?;
    crate::modules::set_attr(vm, &m, "inf", Value::float(f64::INFINITY))?;
    crate::modules::set_attr(vm, &m, "nan", Value::float(f64::NAN))?;
    Ok(m)
}
