//! `int`, `bool`, `float` and `complex`: constructors, operators (with
//! mixed int/float operands and `NotImplemented` for the rest), and their
//! methods. The arithmetic itself lives in `crate::int` and
//! `crate::numops`.

use super::{add_classmethods, add_getsets, add_methods, bind, not_impl};
use crate::format;
use crate::int::Int;
use crate::numops::{self, Complex, FloatPow, NumError};
use crate::object::alloc_object;
use crate::objects::*;
use crate::types::*;
use crate::value::Value;
use crate::vm::attr::as_type;
use crate::vm::new::*;
use crate::vm::ops::{cmp_f64, cmp_ord, to_float, to_int};
use crate::vm::{str_of, Args, PyErr, PyResult, Vm};

pub fn init() {
    let int_methods: &[super::Method] = &[
        ("__new__", int_new),
        ("__repr__", int_repr),
        ("__format__", int_format),
        ("__hash__", int_hash),
        ("__bool__", int_bool),
        ("__index__", int_int),
        ("__int__", int_int),
        ("__float__", int_float),
        ("__neg__", int_neg),
        ("__pos__", int_int),
        ("__abs__", int_abs),
        ("__invert__", int_invert),
        ("__round__", int_round),
        ("__trunc__", int_int),
        ("__floor__", int_int),
        ("__ceil__", int_int),
        ("__add__", int_add),
        ("__radd__", int_radd),
        ("__sub__", int_sub),
        ("__rsub__", int_rsub),
        ("__mul__", int_mul),
        ("__rmul__", int_rmul),
        ("__floordiv__", int_floordiv),
        ("__rfloordiv__", int_rfloordiv),
        ("__truediv__", int_truediv),
        ("__rtruediv__", int_rtruediv),
        ("__mod__", int_mod),
        ("__rmod__", int_rmod),
        ("__divmod__", int_divmod),
        ("__rdivmod__", int_rdivmod),
        ("__pow__", int_pow),
        ("__rpow__", int_rpow),
        ("__lshift__", int_lshift),
        ("__rlshift__", int_rlshift),
        ("__rshift__", int_rshift),
        ("__rrshift__", int_rrshift),
        ("__and__", int_and),
        ("__rand__", int_and),
        ("__or__", int_or),
        ("__ror__", int_or),
        ("__xor__", int_xor),
        ("__rxor__", int_xor),
        ("__eq__", int_eq),
        ("__ne__", int_ne),
        ("__lt__", int_lt),
        ("__le__", int_le),
        ("__gt__", int_gt),
        ("__ge__", int_ge),
        ("bit_length", int_bit_length),
        ("bit_count", int_bit_count),
        ("to_bytes", int_to_bytes),
        ("conjugate", int_int),
        ("as_integer_ratio", int_as_integer_ratio),
        ("__getnewargs__", int_getnewargs),
        ("__sizeof__", int_sizeof),
    ];
    add_methods(&INT_TYPE, int_methods);
    add_classmethods(&INT_TYPE, &[("from_bytes", int_from_bytes)]);
    add_getsets(
        &INT_TYPE,
        &[
            ("real", int_real, None),
            ("imag", int_imag, None),
            ("numerator", int_real, None),
            ("denominator", int_denominator, None),
        ],
    );
    add_methods(
        &BOOL_TYPE,
        &[
            ("__new__", bool_new),
            ("__repr__", bool_repr),
            ("__and__", bool_and),
            ("__rand__", bool_and),
            ("__or__", bool_or),
            ("__ror__", bool_or),
            ("__xor__", bool_xor),
            ("__rxor__", bool_xor),
        ],
    );
    add_methods(
        &FLOAT_TYPE,
        &[
            ("__new__", float_new),
            ("__repr__", float_repr),
            ("__format__", float_format),
            ("__hash__", float_hash_m),
            ("__bool__", float_bool),
            ("__int__", float_int),
            ("__float__", float_float),
            ("__trunc__", float_int),
            ("__floor__", float_floor),
            ("__ceil__", float_ceil),
            ("__neg__", float_neg),
            ("__pos__", float_float),
            ("__abs__", float_abs),
            ("__round__", float_round),
            ("__add__", float_add),
            ("__radd__", float_radd),
            ("__sub__", float_sub),
            ("__rsub__", float_rsub),
            ("__mul__", float_mul),
            ("__rmul__", float_rmul),
            ("__truediv__", float_truediv),
            ("__rtruediv__", float_rtruediv),
            ("__floordiv__", float_floordiv),
            ("__rfloordiv__", float_rfloordiv),
            ("__mod__", float_mod),
            ("__rmod__", float_rmod),
            ("__divmod__", float_divmod),
            ("__rdivmod__", float_rdivmod),
            ("__pow__", float_pow),
            ("__rpow__", float_rpow),
            ("__eq__", float_eq),
            ("__ne__", float_ne),
            ("__lt__", float_lt),
            ("__le__", float_le),
            ("__gt__", float_gt),
            ("__ge__", float_ge),
            ("is_integer", float_is_integer),
            ("as_integer_ratio", float_as_integer_ratio),
            ("hex", float_hex),
            ("conjugate", float_float),
            ("__getnewargs__", float_getnewargs),
        ],
    );
    add_classmethods(
        &FLOAT_TYPE,
        &[("fromhex", float_fromhex), ("__getformat__", float_getformat)],
    );
    add_getsets(
        &FLOAT_TYPE,
        &[("real", float_real, None), ("imag", float_imag, None)],
    );
    add_methods(
        &COMPLEX_TYPE,
        &[
            ("__new__", complex_new),
            ("__repr__", complex_repr),
            ("__format__", complex_format),
            ("__hash__", complex_hash),
            ("__bool__", complex_bool),
            ("__neg__", complex_neg),
            ("__pos__", complex_pos),
            ("__abs__", complex_abs),
            ("__add__", complex_add),
            ("__radd__", complex_radd),
            ("__sub__", complex_sub),
            ("__rsub__", complex_rsub),
            ("__mul__", complex_mul),
            ("__rmul__", complex_rmul),
            ("__truediv__", complex_truediv),
            ("__rtruediv__", complex_rtruediv),
            ("__pow__", complex_pow),
            ("__rpow__", complex_rpow),
            ("__eq__", complex_eq),
            ("__ne__", complex_ne),
            ("conjugate", complex_conjugate),
        ],
    );
    add_getsets(
        &COMPLEX_TYPE,
        &[("real", complex_real, None), ("imag", complex_imag, None)],
    );
}

impl Vm {
    /// Maps numops errors to Python exceptions.
    pub fn num_err(&mut self, e: NumError) -> PyErr {
        use numops::NumErrorKind as K;
        let ty: &'static crate::object::TypeObject = match e.kind {
            K::ValueError => &VALUE_ERROR_TYPE,
            K::OverflowError => &OVERFLOW_ERROR_TYPE,
            K::ZeroDivisionError => &ZERO_DIVISION_ERROR_TYPE,
            K::TypeError => &TYPE_ERROR_TYPE,
            K::MemoryError => &MEMORY_ERROR_TYPE,
        };
        self.new_exc(ty, e.message)
    }
}

fn self_int(a: &Args) -> Int {
    to_int(&a.args[0]).unwrap_or(Int::Small(0))
}

fn other<'a>(a: &Args<'a>) -> &'a Value {
    &a.args[1]
}

// ---- int ----

/// `int(x)` conversion (no base).
pub fn int_from_value(vm: &mut Vm, v: &Value) -> PyResult<Int> {
    if let Some(i) = to_int(v) {
        return Ok(i);
    }
    if let Some(f) = to_float(v) {
        return numops::float::float_to_int(f).map_err(|e| vm.num_err(e));
    }
    if let Some(s) = downcast::<StrData>(v) {
        let max = vm.int_max_str_digits;
        return crate::int::parse_int(&s.s, 10, max).map_err(|e| {
            if e.kind == crate::int::IntErrorKind::ValueError && !e.message.contains("Exceeds") {
                let r = crate::compiler::repr::str_repr(&crate::compiler::wtf8::Wtf8Buf::from_str(
                    &s.s,
                ));
                vm.value_error(format!("invalid literal for int() with base 10: {}", r))
            } else {
                vm.int_err(e)
            }
        });
    }
    if let Some(b) = downcast::<BytesData>(v) {
        let s = String::from_utf8_lossy(&b.b).to_string();
        let max = vm.int_max_str_digits;
        return crate::int::parse_int(&s, 10, max).map_err(|_| {
            let mut r = String::new();
            crate::compiler::repr::write_bytes_repr(&mut r, &b.b);
            vm.value_error(format!("invalid literal for int() with base 10: {}", r))
        });
    }
    for m in ["__int__", "__index__"] {
        if let Some(r) = vm.call_special(v, m, &[])? {
            if let Some(i) = to_int(&r) {
                return Ok(i);
            }
            let msg = format!("{} returned non-int (type {})", m, r.type_of().name());
            return Err(vm.type_error(msg));
        }
    }
    if let Some(r) = vm.call_special(v, "__trunc__", &[])? {
        if let Some(i) = to_int(&r) {
            return Ok(i);
        }
        return int_from_value(vm, &r);
    }
    let msg = format!(
        "int() argument must be a string, a bytes-like object or a real number, not '{}'",
        v.type_of().name()
    );
    Err(vm.type_error(msg))
}

fn int_new(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let cls = a.args[0].clone();
    if a.kw("x").is_some() {
        return Err(vm.type_error("'x' is an invalid keyword argument for int()"));
    }
    let b = bind(vm, &a, "int", &["x", "base"], true)?;
    let i = match (b[0], b[1]) {
        (None, None) => Int::Small(0),
        (None, Some(_)) => return Err(vm.type_error("int() missing string argument")),
        (Some(x), None) => int_from_value(vm, x)?,
        (Some(x), Some(base)) => {
            let base = vm.index_i64(base)?;
            if base != 0 && !(2..=36).contains(&base) {
                return Err(vm.value_error("int() base must be >= 2 and <= 36, or 0"));
            }
            let s: String = if let Some(s) = downcast::<StrData>(x) {
                s.s.to_string()
            } else if let Some(bb) = downcast::<BytesData>(x) {
                String::from_utf8_lossy(&bb.b).into_owned()
            } else if let Some(bb) = downcast::<ByteArrayData>(x) {
                String::from_utf8_lossy(&bb.b.borrow()).into_owned()
            } else {
                return Err(vm.type_error("int() can't convert non-string with explicit base"));
            };
            let max = vm.int_max_str_digits;
            crate::int::parse_int(&s, base as u32, max).map_err(|e| {
                if e.kind == crate::int::IntErrorKind::ValueError && !e.message.contains("Exceeds")
                {
                    let r = crate::compiler::repr::str_repr(
                        &crate::compiler::wtf8::Wtf8Buf::from_str(&s),
                    );
                    vm.value_error(format!(
                        "invalid literal for int() with base {}: {}",
                        base, r
                    ))
                } else {
                    vm.int_err(e)
                }
            })?
        }
    };
    let t = as_type(&cls).unwrap();
    if std::ptr::eq(t, &INT_TYPE) {
        return Ok(new_int(i));
    }
    if std::ptr::eq(t, &BOOL_TYPE) {
        return Ok(Value::from_bool(!i.is_zero()));
    }
    Ok(alloc_object(t, IntData(i)))
}

fn int_repr(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let i = self_int(&a);
    let max = vm.int_max_str_digits;
    let s = i.to_decimal(max).map_err(|e| vm.int_err(e))?;
    Ok(vm.new_str_owned(s))
}

pub fn int_format(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let i = self_int(&a);
    let spec = str_of(&a.args[1]);
    if spec.is_empty() {
        return vm.to_str(&a.args[0]);
    }
    let r = format::format_int(&i, &spec, &a.args[0].type_of().name_cow());
    match r {
        Ok(s) => Ok(vm.new_str_owned(s)),
        Err(e) => {
            // Float presentation types format the int as a float.
            let t = spec.chars().last().unwrap_or(' ');
            if "eEfFgG%".contains(t) {
                let f = i.to_f64().map_err(|e| vm.int_err(e))?;
                return format::format_float(f, &spec, "int")
                    .map(|s| vm.new_str_owned(s))
                    .map_err(|e| vm.format_err(e));
            }
            Err(vm.format_err(e))
        }
    }
}

fn int_hash(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    Ok(new_int_i64(self_int(&a).hash()))
}

fn int_bool(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    Ok(Value::from_bool(!self_int(&a).is_zero()))
}

fn int_int(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    Ok(new_int(self_int(&a)))
}

fn int_float(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let f = self_int(&a).to_f64().map_err(|e| vm.int_err(e))?;
    Ok(Value::float(f))
}

fn int_neg(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    Ok(new_int(self_int(&a).neg()))
}

fn int_abs(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    Ok(new_int(self_int(&a).abs()))
}

fn int_invert(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    Ok(new_int(self_int(&a).invert()))
}

fn int_round(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let i = self_int(&a);
    let Some(nd) = a.args.get(1).filter(|v| !v.is_none()) else {
        return Ok(new_int(i));
    };
    let nd = vm.index(nd)?;
    if !nd.is_negative() {
        return Ok(new_int(i));
    }
    // Round to 10**(-nd), half to even.
    let p = Int::Small(10).pow(&nd.neg()).map_err(|e| vm.int_err(e))?;
    let (q, r) = i.divmod(&p).map_err(|e| vm.int_err(e))?;
    let twice = r.mul(&Int::Small(2)).map_err(|e| vm.int_err(e))?;
    let c = twice.compare(&p);
    let q = if c == std::cmp::Ordering::Greater
        || (c == std::cmp::Ordering::Equal && q.and(&Int::Small(1)).to_i64() == Some(1))
    {
        q.add(&Int::Small(1))
    } else {
        q
    };
    Ok(new_int(q.mul(&p).map_err(|e| vm.int_err(e))?))
}

macro_rules! int_binop {
    ($name:ident, $rname:ident, |$vm:ident, $x:ident, $y:ident| $body:expr) => {
        fn $name($vm: &mut Vm, a: Args) -> PyResult<Value> {
            let Some($y) = to_int(other(&a)) else {
                return not_impl();
            };
            let $x = self_int(&a);
            $body
        }
        fn $rname($vm: &mut Vm, a: Args) -> PyResult<Value> {
            let Some($x) = to_int(other(&a)) else {
                return not_impl();
            };
            let $y = self_int(&a);
            $body
        }
    };
}

int_binop!(int_add, int_radd, |vm, x, y| {
    let _ = &vm;
    Ok(new_int(x.add(&y)))
});
int_binop!(int_sub, int_rsub, |vm, x, y| {
    let _ = &vm;
    Ok(new_int(x.sub(&y)))
});
int_binop!(int_mul, int_rmul, |vm, x, y| Ok(new_int(
    x.mul(&y).map_err(|e| vm.int_err(e))?
)));
int_binop!(int_floordiv, int_rfloordiv, |vm, x, y| Ok(new_int(
    x.floordiv(&y).map_err(|e| vm.int_err(e))?
)));
int_binop!(int_truediv, int_rtruediv, |vm, x, y| Ok(Value::float(
    x.truediv(&y).map_err(|e| vm.int_err(e))?
)));
int_binop!(int_mod, int_rmod, |vm, x, y| Ok(new_int(
    x.modulo(&y).map_err(|e| vm.int_err(e))?
)));
int_binop!(int_divmod, int_rdivmod, |vm, x, y| {
    let (q, r) = x.divmod(&y).map_err(|e| vm.int_err(e))?;
    Ok(vm.new_tuple(vec![new_int(q), new_int(r)]))
});
int_binop!(int_lshift, int_rlshift, |vm, x, y| Ok(new_int(
    x.lshift(&y).map_err(|e| vm.int_err(e))?
)));
int_binop!(int_rshift, int_rrshift, |vm, x, y| Ok(new_int(
    x.rshift(&y).map_err(|e| vm.int_err(e))?
)));
int_binop!(int_pow_2, int_rpow, |vm, x, y| int_pow_values(vm, &x, &y));

fn int_pow_values(vm: &mut Vm, x: &Int, y: &Int) -> PyResult<Value> {
    if y.is_negative() {
        return x.pow_float(y).map(Value::float).map_err(|e| vm.int_err(e));
    }
    Ok(new_int(x.pow(y).map_err(|e| vm.int_err(e))?))
}

fn int_pow(vm: &mut Vm, a: Args) -> PyResult<Value> {
    if let Some(m) = a.args.get(2) {
        if !m.is_none() {
            let s = a.args[0].clone();
            return int_pow3(vm, &s, &a.args[1], m);
        }
    }
    int_pow_2(
        vm,
        Args {
            args: &a.args[..2],
            kwnames: &[],
        },
    )
}

/// `pow(x, y, m)`.
pub fn int_pow3(vm: &mut Vm, x: &Value, y: &Value, m: &Value) -> PyResult<Value> {
    match (to_int(x), to_int(y), to_int(m)) {
        (Some(x), Some(y), Some(m)) => Ok(new_int(x.pow_mod(&y, &m).map_err(|e| vm.int_err(e))?)),
        _ => {
            if to_float(x).is_some() || to_float(y).is_some() || to_float(m).is_some() {
                return Err(vm.type_error(
                    "pow() 3rd argument not allowed unless all arguments are integers",
                ));
            }
            let msg = format!(
                "unsupported operand type(s) for ** or pow(): '{}', '{}', '{}'",
                x.type_of().name(),
                y.type_of().name(),
                m.type_of().name()
            );
            Err(vm.type_error(msg))
        }
    }
}

fn int_and(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    let Some(y) = to_int(other(&a)) else {
        return not_impl();
    };
    Ok(new_int(self_int(&a).and(&y)))
}
fn int_or(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    let Some(y) = to_int(other(&a)) else {
        return not_impl();
    };
    Ok(new_int(self_int(&a).or(&y)))
}
fn int_xor(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    let Some(y) = to_int(other(&a)) else {
        return not_impl();
    };
    Ok(new_int(self_int(&a).xor(&y)))
}

fn int_cmp(a: &Args, op: u32) -> PyResult<Value> {
    let x = self_int(a);
    let o = other(a);
    if let Some(y) = to_int(o) {
        return Ok(Value::from_bool(cmp_ord(x.compare(&y), op)));
    }
    // int.__eq__(1, 1.0) is NotImplemented: float's reflected method
    // compares exactly.
    not_impl()
}

fn int_eq(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    int_cmp(&a, 2)
}
fn int_ne(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    int_cmp(&a, 3)
}
fn int_lt(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    int_cmp(&a, 0)
}
fn int_le(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    int_cmp(&a, 1)
}
fn int_gt(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    int_cmp(&a, 4)
}
fn int_ge(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    int_cmp(&a, 5)
}

fn int_bit_length(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    Ok(new_int(self_int(&a).bit_length()))
}

fn int_bit_count(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    let i = self_int(&a).abs();
    let n: u64 = match &i {
        Int::Small(s) => s.count_ones() as u64,
        Int::Big(b) => b.to_string_radix_count_ones(),
    };
    Ok(new_int_i64(n as i64))
}

trait CountOnes {
    fn to_string_radix_count_ones(&self) -> u64;
}

impl CountOnes for dashu_int::IBig {
    fn to_string_radix_count_ones(&self) -> u64 {
        let (_, mag) = self.clone().into_parts();
        mag.to_le_bytes()
            .iter()
            .map(|b| b.count_ones() as u64)
            .sum()
    }
}

fn byteorder(vm: &mut Vm, v: Option<&Value>) -> PyResult<bool> {
    match v.map(|v| str_of(v).to_string()).as_deref() {
        None | Some("big") => Ok(true),
        Some("little") => Ok(false),
        _ => Err(vm.value_error("byteorder must be either 'little' or 'big'")),
    }
}

fn int_to_bytes(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let b = bind(vm, &a, "to_bytes", &["length", "byteorder", "signed"], true)?;
    let length = match b[0] {
        Some(l) => vm.index_i64(l)?,
        None => 1,
    };
    if length < 0 {
        return Err(vm.value_error("length argument must be non-negative"));
    }
    let big = byteorder(vm, b[1])?;
    let signed = match b[2] {
        Some(s) => vm.truthy(s)?,
        None => false,
    };
    let i = self_int(&a);
    if i.is_negative() && !signed {
        return Err(vm.overflow_error("can't convert negative int to unsigned"));
    }
    let ib = i.to_ibig();
    let n = length as usize;
    // Two's complement bytes, little-endian.
    let modulus = dashu_int::IBig::from(1) << (8 * n);
    let v = if i.is_negative() {
        ib.clone() + &modulus
    } else {
        ib.clone()
    };
    let fits = if signed {
        let half = dashu_int::IBig::from(1) << (8 * n).saturating_sub(1);
        n > 0 && ib >= -half.clone() && ib < half || (n == 0 && i.is_zero())
    } else {
        v < modulus
    };
    if !fits || v < dashu_int::IBig::from(0) {
        return Err(vm.overflow_error("int too big to convert"));
    }
    let (_, mag) = v.into_parts();
    let mut bytes = mag.to_le_bytes().to_vec();
    bytes.resize(n, 0);
    if big {
        bytes.reverse();
    }
    Ok(vm.new_bytes(bytes))
}

fn int_from_bytes(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let b = bind(
        vm,
        &a,
        "from_bytes",
        &["bytes", "byteorder", "signed"],
        true,
    )?;
    let Some(src) = b[0].cloned() else {
        return Err(vm.type_error("from_bytes() missing required argument 'bytes' (pos 1)"));
    };
    let big = byteorder(vm, b[1])?;
    let signed = match b[2] {
        Some(s) => vm.truthy(s)?,
        None => false,
    };
    let mut bytes = match crate::builtins::strings::bytes_like(vm, &src) {
        Ok(b) => b,
        Err(_) => {
            if downcast::<StrData>(&src).is_some() {
                return Err(vm.type_error("cannot convert 'str' object to bytes"));
            }
            let bt = crate::vm::attr::type_value(&BYTES_TYPE);
            let b = vm.call(&bt, &[src.clone()], &[])?;
            crate::builtins::strings::bytes_like(vm, &b)?
        }
    };
    if big {
        bytes.reverse();
    }
    let mag = dashu_int::UBig::from_le_bytes(&bytes);
    let mut v = dashu_int::IBig::from(mag);
    if signed && bytes.last().map_or(false, |b| b & 0x80 != 0) {
        v -= dashu_int::IBig::from(1) << (8 * bytes.len());
    }
    let r = new_int(Int::from_ibig(v));
    let cls = a.args[0].clone();
    if as_type(&cls).map_or(false, |t| std::ptr::eq(t, &INT_TYPE)) {
        return Ok(r);
    }
    vm.call(&cls, &[r], &[])
}

fn int_as_integer_ratio(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let i = self_int(&a);
    Ok(vm.new_tuple(vec![new_int(i), new_int_i64(1)]))
}

fn int_getnewargs(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let i = self_int(&a);
    Ok(vm.new_tuple(vec![new_int(i)]))
}

fn int_sizeof(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    let i = self_int(&a);
    let digits = ((i.bit_length().to_i64().unwrap_or(0) + 29) / 30).max(1);
    Ok(new_int_i64(24 + 4 * digits))
}

fn int_real(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(new_int(to_int(v).unwrap()))
}
fn int_imag(_vm: &mut Vm, _v: &Value) -> PyResult<Value> {
    Ok(new_int_i64(0))
}
fn int_denominator(_vm: &mut Vm, _v: &Value) -> PyResult<Value> {
    Ok(new_int_i64(1))
}

// ---- bool ----

fn bool_new(vm: &mut Vm, a: Args) -> PyResult<Value> {
    if a.has_kwargs() {
        return Err(vm.type_error("bool() takes no keyword arguments"));
    }
    if a.args.len() > 2 {
        return Err(vm.type_error(format!(
            "bool expected at most 1 argument, got {}",
            a.args.len() - 1
        )));
    }
    match a.args.get(1) {
        Some(v) => {
            let b = vm.truthy(v)?;
            Ok(Value::from_bool(b))
        }
        None => Ok(Value::from_bool(false)),
    }
}

fn bool_repr(vm: &mut Vm, a: Args) -> PyResult<Value> {
    Ok(vm.new_str(if a.args[0].as_bool() == Some(true) {
        "True"
    } else {
        "False"
    }))
}

fn bool_bitop(
    vm: &mut Vm,
    a: Args,
    f: fn(bool, bool) -> bool,
    intf: fn(&mut Vm, Args) -> PyResult<Value>,
) -> PyResult<Value> {
    match (a.args[0].as_bool(), a.args[1].as_bool()) {
        (Some(x), Some(y)) => Ok(Value::from_bool(f(x, y))),
        _ => intf(vm, a),
    }
}
fn bool_and(vm: &mut Vm, a: Args) -> PyResult<Value> {
    bool_bitop(vm, a, |x, y| x & y, int_and)
}
fn bool_or(vm: &mut Vm, a: Args) -> PyResult<Value> {
    bool_bitop(vm, a, |x, y| x | y, int_or)
}
fn bool_xor(vm: &mut Vm, a: Args) -> PyResult<Value> {
    bool_bitop(vm, a, |x, y| x ^ y, int_xor)
}

// ---- float ----

fn self_float(a: &Args) -> f64 {
    to_float(&a.args[0]).unwrap_or(0.0)
}

/// The float value of an int or float operand (None: not a number).
fn as_f64_operand(vm: &mut Vm, v: &Value) -> PyResult<Option<f64>> {
    if let Some(f) = to_float(v) {
        return Ok(Some(f));
    }
    if let Some(i) = to_int(v) {
        return Ok(Some(
            numops::float::int_to_float(&i).map_err(|e| vm.num_err(e))?,
        ));
    }
    Ok(None)
}

/// `float(x)`.
pub fn float_from_value(vm: &mut Vm, v: &Value) -> PyResult<f64> {
    if let Some(f) = to_float(v) {
        return Ok(f);
    }
    if let Some(i) = to_int(v) {
        return numops::float::int_to_float(&i).map_err(|e| vm.num_err(e));
    }
    if let Some(s) = downcast::<StrData>(v) {
        return numops::parse_float(&s.s).map_err(|e| vm.num_err(e));
    }
    if let Some(b) = downcast::<BytesData>(v) {
        let s = String::from_utf8_lossy(&b.b).into_owned();
        return numops::parse_float(&s).map_err(|_| {
            let mut r = String::new();
            crate::compiler::repr::write_bytes_repr(&mut r, &b.b);
            vm.value_error(format!("could not convert string to float: {}", r))
        });
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
    if let Some(r) = vm.call_special(v, "__index__", &[])? {
        if let Some(i) = to_int(&r) {
            return numops::float::int_to_float(&i).map_err(|e| vm.num_err(e));
        }
    }
    let msg = format!(
        "float() argument must be a string or a real number, not '{}'",
        v.type_of().name()
    );
    Err(vm.type_error(msg))
}

fn float_new(vm: &mut Vm, a: Args) -> PyResult<Value> {
    if a.has_kwargs() {
        return Err(vm.type_error("float() takes no keyword arguments"));
    }
    if a.args.len() > 2 {
        return Err(vm.type_error(format!(
            "float expected at most 1 argument, got {}",
            a.args.len() - 1
        )));
    }
    let f = match a.args.get(1) {
        Some(v) => float_from_value(vm, v)?,
        None => 0.0,
    };
    let t = as_type(&a.args[0]).unwrap();
    if std::ptr::eq(t, &FLOAT_TYPE) {
        return Ok(Value::float(f));
    }
    Ok(alloc_object(t, FloatData(f)))
}

fn float_repr(vm: &mut Vm, a: Args) -> PyResult<Value> {
    Ok(vm.new_str_owned(format::float_repr(self_float(&a))))
}

pub fn float_format(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let spec = str_of(&a.args[1]).to_string();
    if spec.is_empty() {
        return vm.to_str(&a.args[0]);
    }
    let tn = a.args[0].type_of().name();
    format::format_float(self_float(&a), &spec, &tn)
        .map(|s| vm.new_str_owned(s))
        .map_err(|e| vm.format_err(e))
}

fn float_hash_m(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    let f = self_float(&a);
    let h = numops::float::float_hash(f).unwrap_or_else(|| crate::vm::ops::id_hash(&a.args[0]));
    Ok(new_int_i64(h))
}

fn float_bool(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    Ok(Value::from_bool(self_float(&a) != 0.0))
}

fn float_int(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let i = numops::float::float_to_int(self_float(&a)).map_err(|e| vm.num_err(e))?;
    Ok(new_int(i))
}

fn float_floor(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let i = numops::float::float_to_int(self_float(&a).floor()).map_err(|e| vm.num_err(e))?;
    Ok(new_int(i))
}

fn float_ceil(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let i = numops::float::float_to_int(self_float(&a).ceil()).map_err(|e| vm.num_err(e))?;
    Ok(new_int(i))
}

fn float_float(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    Ok(Value::float(self_float(&a)))
}

fn float_neg(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    Ok(Value::float(-self_float(&a)))
}

fn float_abs(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    Ok(Value::float(self_float(&a).abs()))
}

fn float_round(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let x = self_float(&a);
    match a.args.get(1).filter(|v| !v.is_none()) {
        None => {
            let r = format::round_float_to_integral(x).map_err(|e| vm.format_err(e))?;
            let i = numops::float::float_to_int(r).map_err(|e| vm.num_err(e))?;
            Ok(new_int(i))
        }
        Some(nd) => {
            let nd = vm.index(nd)?;
            let n = nd.to_i64().unwrap_or(if nd.is_negative() {
                i64::MIN / 2
            } else {
                i64::MAX / 2
            });
            let r = format::round_float(x, n).map_err(|e| vm.format_err(e))?;
            Ok(Value::float(r))
        }
    }
}

macro_rules! float_binop {
    ($name:ident, $rname:ident, |$vm:ident, $x:ident, $y:ident| $body:expr) => {
        fn $name($vm: &mut Vm, a: Args) -> PyResult<Value> {
            let Some($y) = as_f64_operand($vm, other(&a))? else {
                return not_impl();
            };
            let $x = self_float(&a);
            $body
        }
        fn $rname($vm: &mut Vm, a: Args) -> PyResult<Value> {
            let Some($x) = as_f64_operand($vm, other(&a))? else {
                return not_impl();
            };
            let $y = self_float(&a);
            $body
        }
    };
}

float_binop!(float_add, float_radd, |vm, x, y| Ok(Value::float(x + y)));
float_binop!(float_sub, float_rsub, |vm, x, y| Ok(Value::float(x - y)));
float_binop!(float_mul, float_rmul, |vm, x, y| Ok(Value::float(x * y)));
float_binop!(float_truediv, float_rtruediv, |vm, x, y| Ok(Value::float(
    numops::float::float_div(x, y).map_err(|e| vm.num_err(e))?
)));
float_binop!(float_floordiv, float_rfloordiv, |vm, x, y| Ok(
    Value::float(numops::float::float_floordiv(x, y).map_err(|e| vm.num_err(e))?)
));
float_binop!(float_mod, float_rmod, |vm, x, y| Ok(Value::float(
    numops::float::float_mod(x, y).map_err(|e| vm.num_err(e))?
)));
float_binop!(float_divmod, float_rdivmod, |vm, x, y| {
    let (q, r) = numops::float::float_divmod(x, y).map_err(|e| vm.num_err(e))?;
    Ok(vm.new_tuple(vec![Value::float(q), Value::float(r)]))
});
float_binop!(
    float_pow_2,
    float_rpow,
    |vm, x, y| match numops::float::float_pow(x, y).map_err(|e| vm.num_err(e))? {
        FloatPow::Real(r) => Ok(Value::float(r)),
        FloatPow::Complex(c) => Ok(vm.new_complex(c.re, c.im)),
    }
);

fn float_pow(vm: &mut Vm, a: Args) -> PyResult<Value> {
    if a.args.len() > 2 && !a.args[2].is_none() {
        return Err(
            vm.type_error("pow() 3rd argument not allowed unless all arguments are integers")
        );
    }
    float_pow_2(
        vm,
        Args {
            args: &a.args[..2],
            kwnames: &[],
        },
    )
}

fn float_cmp(a: &Args, op: u32) -> PyResult<Value> {
    let x = self_float(a);
    let o = other(a);
    if let Some(y) = to_float(o) {
        return Ok(Value::from_bool(cmp_f64(x, y, op)));
    }
    if let Some(i) = to_int(o) {
        return Ok(Value::from_bool(
            match numops::float::compare_float_int(x, &i) {
                Some(ord) => cmp_ord(ord, op),
                None => op == 3,
            },
        ));
    }
    not_impl()
}

fn float_eq(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    float_cmp(&a, 2)
}
fn float_ne(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    float_cmp(&a, 3)
}
fn float_lt(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    float_cmp(&a, 0)
}
fn float_le(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    float_cmp(&a, 1)
}
fn float_gt(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    float_cmp(&a, 4)
}
fn float_ge(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    float_cmp(&a, 5)
}

fn float_is_integer(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    Ok(Value::from_bool(numops::float::float_is_integer(
        self_float(&a),
    )))
}

fn float_as_integer_ratio(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let (n, d) =
        numops::float::float_as_integer_ratio(self_float(&a)).map_err(|e| vm.num_err(e))?;
    Ok(vm.new_tuple(vec![new_int(n), new_int(d)]))
}

fn float_hex(vm: &mut Vm, a: Args) -> PyResult<Value> {
    Ok(vm.new_str_owned(numops::float::float_hex(self_float(&a))))
}

fn float_fromhex(vm: &mut Vm, a: Args) -> PyResult<Value> {
    vm.check_args("fromhex", &a, 2, 2)?;
    let s = str_of(&a.args[1]).to_string();
    let f = numops::float::float_fromhex(&s).map_err(|e| vm.num_err(e))?;
    let cls = a.args[0].clone();
    if as_type(&cls).map_or(false, |t| std::ptr::eq(t, &FLOAT_TYPE)) {
        return Ok(Value::float(f));
    }
    vm.call(&cls, &[Value::float(f)], &[])
}

/// `float.__getformat__(typestr)`: the storage format of C doubles and
/// floats — IEEE 754, in the machine's byte order.
fn float_getformat(vm: &mut Vm, a: Args) -> PyResult<Value> {
    if a.args.len() != 2 || a.has_kwargs() {
        let msg = format!(
            "float.__getformat__() takes exactly one argument ({} given)",
            a.args.len().saturating_sub(1)
        );
        return Err(vm.type_error(msg));
    }
    let Some(s) = downcast::<StrData>(&a.args[1]) else {
        let msg = format!(
            "__getformat__() argument must be str, not {}",
            a.args[1].type_of().name()
        );
        return Err(vm.type_error(msg));
    };
    if &*s.s != "double" && &*s.s != "float" {
        return Err(vm.value_error("__getformat__() argument 1 must be 'double' or 'float'"));
    }
    let order = if cfg!(target_endian = "little") { "little" } else { "big" };
    Ok(vm.new_str_owned(format!("IEEE, {}-endian", order)))
}

fn float_getnewargs(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let f = self_float(&a);
    Ok(vm.new_tuple(vec![Value::float(f)]))
}

fn float_real(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(Value::float(to_float(v).unwrap()))
}
fn float_imag(_vm: &mut Vm, _v: &Value) -> PyResult<Value> {
    Ok(Value::float(0.0))
}

// ---- complex ----

fn to_complex(vm: &mut Vm, v: &Value) -> PyResult<Option<Complex>> {
    if let Some(c) = downcast::<ComplexData>(v) {
        return Ok(Some(Complex { re: c.re, im: c.im }));
    }
    match as_f64_operand(vm, v)? {
        Some(f) => Ok(Some(Complex { re: f, im: 0.0 })),
        None => Ok(None),
    }
}

fn self_complex(a: &Args) -> Complex {
    let c = downcast::<ComplexData>(&a.args[0]).unwrap();
    Complex { re: c.re, im: c.im }
}

fn complex_new(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let b = bind(vm, &a, "complex", &["real", "imag"], true)?;
    let t = as_type(&a.args[0]).unwrap();
    let (re, im) = match (b[0], b[1]) {
        (None, None) => (0.0, 0.0),
        (Some(s), None) if downcast::<StrData>(s).is_some() => {
            let st = str_of(s).to_string();
            numops::parse_complex(&st).map_err(|e| vm.num_err(e))?
        }
        (Some(s), Some(_)) if downcast::<StrData>(s).is_some() => {
            return Err(vm.type_error("complex() can't take second arg if first is a string"));
        }
        (r, i) => {
            let rc = match r {
                Some(r) => {
                    match to_complex(vm, r)? {
                        Some(c) => c,
                        None => {
                            if let Some(c) = vm.call_special(r, "__complex__", &[])? {
                                to_complex(vm, &c)?.unwrap_or(Complex { re: 0.0, im: 0.0 })
                            } else {
                                let msg = format!("complex() first argument must be a string or a number, not '{}'", r.type_of().name());
                                return Err(vm.type_error(msg));
                            }
                        }
                    }
                }
                None => Complex { re: 0.0, im: 0.0 },
            };
            let ic = match i {
                Some(i) => match to_complex(vm, i)? {
                    Some(c) => c,
                    None => {
                        let msg = format!(
                            "complex() second argument must be a number, not '{}'",
                            i.type_of().name()
                        );
                        return Err(vm.type_error(msg));
                    }
                },
                None => Complex { re: 0.0, im: 0.0 },
            };
            // CPython's complex_new: only complex parts cross over.
            let r_is_complex = r.map_or(false, |r| {
                downcast::<ComplexData>(r).is_some()
                    || (to_float(r).is_none() && to_int(r).is_none())
            });
            let i_is_complex = i.map_or(false, |i| downcast::<ComplexData>(i).is_some());
            let mut re = rc.re;
            let mut im = ic.re;
            if i_is_complex {
                re -= ic.im;
            }
            if r_is_complex && i.is_some() {
                im += rc.im;
            } else if i.is_none() {
                im = rc.im;
            }
            (re, im)
        }
    };
    Ok(alloc_object(t, ComplexData { re, im }))
}

fn complex_repr(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let c = self_complex(&a);
    Ok(vm.new_str_owned(format::complex_repr(c.re, c.im)))
}

fn complex_format(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let c = self_complex(&a);
    let spec = str_of(&a.args[1]).to_string();
    if spec.is_empty() {
        return vm.to_str(&a.args[0]);
    }
    format::format_complex(c.re, c.im, &spec, "complex")
        .map(|s| vm.new_str_owned(s))
        .map_err(|e| vm.format_err(e))
}

fn complex_hash(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    Ok(new_int_i64(numops::complex::complex_hash(
        self_complex(&a),
        0,
    )))
}
fn complex_bool(_vm: &mut Vm, a: Args) -> PyResult<Value> {
    let c = self_complex(&a);
    Ok(Value::from_bool(c.re != 0.0 || c.im != 0.0))
}
fn complex_neg(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let c = self_complex(&a);
    Ok(vm.new_complex(-c.re, -c.im))
}
fn complex_pos(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let c = self_complex(&a);
    Ok(vm.new_complex(c.re, c.im))
}
fn complex_abs(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let r = numops::complex::complex_abs(self_complex(&a)).map_err(|e| vm.num_err(e))?;
    Ok(Value::float(r))
}
fn complex_conjugate(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let c = self_complex(&a);
    Ok(vm.new_complex(c.re, -c.im))
}
fn complex_real(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(Value::float(downcast::<ComplexData>(v).unwrap().re))
}
fn complex_imag(_vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(Value::float(downcast::<ComplexData>(v).unwrap().im))
}

macro_rules! complex_binop {
    ($name:ident, $rname:ident, |$vm:ident, $x:ident, $y:ident| $body:expr) => {
        fn $name($vm: &mut Vm, a: Args) -> PyResult<Value> {
            let Some($y) = to_complex($vm, other(&a))? else {
                return not_impl();
            };
            let $x = self_complex(&a);
            let r: Complex = $body;
            Ok($vm.new_complex(r.re, r.im))
        }
        fn $rname($vm: &mut Vm, a: Args) -> PyResult<Value> {
            let Some($x) = to_complex($vm, other(&a))? else {
                return not_impl();
            };
            let $y = self_complex(&a);
            let r: Complex = $body;
            Ok($vm.new_complex(r.re, r.im))
        }
    };
}

complex_binop!(complex_add, complex_radd, |vm, x, y| Complex {
    re: x.re + y.re,
    im: x.im + y.im
});
complex_binop!(complex_sub, complex_rsub, |vm, x, y| Complex {
    re: x.re - y.re,
    im: x.im - y.im
});
complex_binop!(complex_mul, complex_rmul, |vm, x, y| Complex {
    re: x.re * y.re - x.im * y.im,
    im: x.re * y.im + x.im * y.re
});
complex_binop!(complex_truediv, complex_rtruediv, |vm, x, y| {
    numops::complex::complex_div(x, y).map_err(|e| vm.num_err(e))?
});
complex_binop!(complex_pow, complex_rpow, |vm, x, y| {
    numops::complex::complex_pow(x, y).map_err(|e| vm.num_err(e))?
});

fn complex_eq(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let x = self_complex(&a);
    if let Some(i) = to_int(other(&a)) {
        if x.im != 0.0 {
            return Ok(Value::from_bool(false));
        }
        return Ok(Value::from_bool(
            numops::float::compare_float_int(x.re, &i) == Some(std::cmp::Ordering::Equal),
        ));
    }
    match to_complex(vm, other(&a))? {
        Some(y) => Ok(Value::from_bool(x.re == y.re && x.im == y.im)),
        None => not_impl(),
    }
}

fn complex_ne(vm: &mut Vm, a: Args) -> PyResult<Value> {
    let r = complex_eq(vm, a)?;
    match r.as_bool() {
        Some(b) => Ok(Value::from_bool(!b)),
        None => Ok(r),
    }
}
