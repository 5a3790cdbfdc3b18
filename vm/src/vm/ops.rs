//! The object protocols: truth, hashing, rich comparison, `repr`/`str`,
//! binary and unary operators (with reflected operands and
//! `NotImplemented`), subscription, `len`, `in`, iteration.
//!
//! Each has a fast path for inline ints/floats and exact built-ins, then
//! the general rule: look the special method up on the type.

use super::attr::{lookup, type_value};
use super::new::*;
use super::{str_of, Args, PyErr, PyResult, Vm};
use crate::int::Int;
use crate::object::type_flags;
use crate::objects::*;
use crate::types::*;
use crate::value::Value;

/// The native protocol slot `p` of `v`'s type, when `v`'s type is a
/// built-in type whose namespace gives it one (see `NativeSlots`).
#[inline(always)]
fn native_proto(v: &Value, p: crate::object::Proto) -> Option<NativeFn> {
    v.type_of().slots.get()?.proto(p)
}

/// Dunder names of `BINARY_OP`'s operators, in `NB_*` order.
pub const BINOP_DUNDERS: [(&str, &str, &str, &str); 13] = [
    ("__add__", "__radd__", "__iadd__", "+"),
    ("__and__", "__rand__", "__iand__", "&"),
    ("__floordiv__", "__rfloordiv__", "__ifloordiv__", "//"),
    ("__lshift__", "__rlshift__", "__ilshift__", "<<"),
    ("__matmul__", "__rmatmul__", "__imatmul__", "@"),
    ("__mul__", "__rmul__", "__imul__", "*"),
    ("__mod__", "__rmod__", "__imod__", "%"),
    ("__or__", "__ror__", "__ior__", "|"),
    ("__pow__", "__rpow__", "__ipow__", "**"),
    ("__rshift__", "__rrshift__", "__irshift__", ">>"),
    ("__sub__", "__rsub__", "__isub__", "-"),
    ("__truediv__", "__rtruediv__", "__itruediv__", "/"),
    ("__xor__", "__rxor__", "__ixor__", "^"),
];

pub const NB_ADD: u32 = 0;
pub const NB_AND: u32 = 1;
pub const NB_FLOOR_DIVIDE: u32 = 2;
pub const NB_LSHIFT: u32 = 3;
pub const NB_MATMUL: u32 = 4;
pub const NB_MULTIPLY: u32 = 5;
pub const NB_REMAINDER: u32 = 6;
pub const NB_OR: u32 = 7;
pub const NB_POWER: u32 = 8;
pub const NB_RSHIFT: u32 = 9;
pub const NB_SUBTRACT: u32 = 10;
pub const NB_TRUE_DIVIDE: u32 = 11;
pub const NB_XOR: u32 = 12;
/// The in-place forms are the plain ones plus this (`+=` is 13).
pub const NB_INPLACE: u32 = 13;
pub const NB_INPLACE_ADD: u32 = NB_INPLACE + NB_ADD;

/// Rich comparison operators (`COMPARE_OP` order) and their dunders.
pub const CMP_DUNDERS: [(&str, &str, &str); 6] = [
    ("__lt__", "__gt__", "<"),
    ("__le__", "__ge__", "<="),
    ("__eq__", "__eq__", "=="),
    ("__ne__", "__ne__", "!="),
    ("__gt__", "__lt__", ">"),
    ("__ge__", "__le__", ">="),
];

/// The int value of an int-like value (inline int, bool, big int or an
/// int subclass instance).
#[inline]
pub fn to_int(v: &Value) -> Option<Int> {
    if let Some(i) = v.as_i64() {
        return Some(Int::Small(i));
    }
    if let Some(b) = v.as_bool() {
        return Some(Int::Small(b as i64));
    }
    downcast::<IntData>(v).map(|d| d.0.clone())
}

/// Is `v` an int (including bool and subclasses)?
#[inline]
pub fn is_int_like(v: &Value) -> bool {
    v.is_int() || v.as_bool().is_some() || downcast::<IntData>(v).is_some()
}

/// The float value of a float (inline or subclass instance).
#[inline]
pub fn to_float(v: &Value) -> Option<f64> {
    if let Some(f) = v.as_f64() {
        return Some(f);
    }
    downcast::<FloatData>(v).map(|d| d.0)
}

/// CPython's hash of a float (`_Py_HashDouble`), NaN hashing to 0.
pub fn float_hash(v: f64) -> i64 {
    const BITS: u32 = 61;
    const MODULUS: u64 = (1 << BITS) - 1;
    if !v.is_finite() {
        return if v.is_infinite() {
            if v > 0.0 {
                314159
            } else {
                -314159
            }
        } else {
            0
        };
    }
    let (mut m, mut e) = frexp(v);
    let mut sign = 1i64;
    if m < 0.0 {
        sign = -1;
        m = -m;
    }
    let mut x: u64 = 0;
    while m != 0.0 {
        x = ((x << 28) & MODULUS) | (x >> (BITS - 28));
        m *= 268435456.0;
        e -= 28;
        let y = m as u64;
        m -= y as f64;
        x += y;
        if x >= MODULUS {
            x -= MODULUS;
        }
    }
    let e = if e >= 0 {
        e % BITS as i32
    } else {
        BITS as i32 - 1 - ((-1 - e) % BITS as i32)
    };
    x = ((x << e) & MODULUS) | (x >> (BITS as i32 - e));
    let h = x as i64 * sign;
    if h == -1 {
        -2
    } else {
        h
    }
}

/// `frexp`: mantissa in [0.5, 1) and exponent.
pub fn frexp(v: f64) -> (f64, i32) {
    if v == 0.0 || !v.is_finite() {
        return (v, 0);
    }
    let bits = v.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    if exp == 0 {
        // Subnormal: scale up first.
        let (m, e) = frexp(v * (1u64 << 54) as f64);
        return (m, e - 54);
    }
    let m = f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52));
    (m, exp - 1022)
}

impl Vm {
    // ---- truth ----

    /// `bool(v)`.
    pub fn truthy(&mut self, v: &Value) -> PyResult<bool> {
        if let Some(b) = v.as_bool() {
            return Ok(b);
        }
        if let Some(i) = v.as_i64() {
            return Ok(i != 0);
        }
        if v.is_none() {
            return Ok(false);
        }
        if let Some(f) = v.as_f64() {
            return Ok(f != 0.0);
        }
        let t = v.type_of();
        if !t.has_flag(type_flags::HEAPTYPE) {
            if let Some(s) = downcast::<StrData>(v) {
                return Ok(!s.s.is_empty());
            }
            if let Some(l) = downcast::<ListData>(v) {
                return Ok(!l.items.borrow().is_empty());
            }
            if let Some(tu) = downcast::<TupleData>(v) {
                return Ok(!tu.items.is_empty());
            }
            if let Some(d) = downcast::<DictData>(v) {
                return Ok(!d.table.borrow().is_empty());
            }
        }
        if let Some(r) = self.call_special(v, "__bool__", &[])? {
            return match r.as_bool() {
                Some(b) => Ok(b),
                None => Err(self.type_error(format!(
                    "__bool__ should return bool, returned {}",
                    r.type_of().name()
                ))),
            };
        }
        if lookup(t, "__len__").is_some() {
            let n = self.len(v)?;
            return Ok(n != 0);
        }
        Ok(true)
    }

    // ---- hashing ----

    /// `hash(v)`.
    pub fn hash(&mut self, v: &Value) -> PyResult<i64> {
        if let Some(i) = v.as_i64() {
            return Ok(Int::Small(i).hash());
        }
        if let Some(f) = v.as_f64() {
            return Ok(float_hash(f));
        }
        let t = v.type_of();
        if std::ptr::eq(t, &STR_TYPE) {
            let s = downcast::<StrData>(v).unwrap();
            let h = s.hash.get();
            if h != -1 {
                return Ok(h);
            }
            let h = str_hash(&s.s);
            s.hash.set(h);
            return Ok(h);
        }
        if let Some(b) = v.as_bool() {
            return Ok(b as i64);
        }
        if std::ptr::eq(t, &INT_TYPE) {
            return Ok(downcast::<IntData>(v).unwrap().0.hash());
        }
        if std::ptr::eq(t, &TUPLE_TYPE) {
            return self.tuple_hash(v);
        }
        if let Some(f) = native_proto(v, crate::object::Proto::Hash) {
            let r = f(self, Args::new(std::slice::from_ref(v)))?;
            if let Some(h) = r.as_i64() {
                return Ok(if h == -1 { -2 } else { h });
            }
            return Ok(to_int(&r).map_or(-1, |i| i.hash()));
        }
        match lookup(t, "__hash__") {
            Some(h) if h.is_none() => {
                Err(self.type_error(format!("unhashable type: '{}'", t.name())))
            }
            Some(h) => {
                let r = self.call(&h, &[v.clone()], &[])?;
                match to_int(&r) {
                    Some(i) => {
                        // Reduce like CPython (hash of the int), -1 → -2.
                        let h = match i.to_i64() {
                            Some(x) if x != -1 => x,
                            _ => i.hash(),
                        };
                        Ok(h)
                    }
                    None => Err(self.type_error("__hash__ method should return an integer")),
                }
            }
            None => Ok(id_hash(v)),
        }
    }

    /// CPython's tuple hash (xxHash-based, 3.8+).
    pub fn tuple_hash(&mut self, v: &Value) -> PyResult<i64> {
        const P1: u64 = 11400714785074694791;
        const P2: u64 = 14029467366897019727;
        const P5: u64 = 2870177450012600261;
        // The tuple is immutable and `v` keeps it alive while element
        // hashes run Python code: its items are read in place.
        let items = &downcast::<TupleData>(v).unwrap().items;
        let mut acc: u64 = P5;
        for it in items.iter() {
            let lane = self.hash(it)? as u64;
            acc = acc.wrapping_add(lane.wrapping_mul(P2));
            acc = acc.rotate_left(31);
            acc = acc.wrapping_mul(P1);
        }
        acc = acc.wrapping_add((items.len() as u64) ^ (P5 ^ 3527539));
        if acc == u64::MAX {
            return Ok(1546275796);
        }
        Ok(acc as i64)
    }

    // ---- comparison ----

    /// `a == b` as a bool (identity implies equality, as in containers).
    pub fn eq(&mut self, a: &Value, b: &Value) -> PyResult<bool> {
        if let Some(r) = super::attr::fast_eq(a, b) {
            return Ok(r);
        }
        let r = self.rich_compare(a, b, 2)?;
        self.truthy(&r)
    }

    /// `a OP b` (`op` in `COMPARE_OP` order).
    pub fn rich_compare(&mut self, a: &Value, b: &Value, op: u32) -> PyResult<Value> {
        if let (Some(x), Some(y)) = (a.as_i64(), b.as_i64()) {
            return Ok(Value::from_bool(cmp_ord(x.cmp(&y), op)));
        }
        if let (Some(x), Some(y)) = (a.as_f64(), b.as_f64()) {
            return Ok(Value::from_bool(cmp_f64(x, y, op)));
        }
        let ta = a.type_of();
        let tb = b.type_of();
        if let (Some(sa), Some(sb)) = (ta.slots.get(), tb.slots.get()) {
            // Built-in values: the native slots, unless one type derives
            // from the other (reflected-first rules: the generic path).
            let same = std::ptr::eq(ta, tb);
            if same || !crate::vm::class::is_subtype(tb, ta) {
                if let Some(f) = sa.cmp[op as usize] {
                    let r = f(self, super::Args::new(&[a.clone(), b.clone()]))?;
                    if !is_not_implemented(&r) {
                        return Ok(r);
                    }
                }
                if !same {
                    // The reflection of op: < and >, <= and >= swap.
                    if let Some(f) = sb.cmp[[4, 5, 2, 3, 0, 1][op as usize]] {
                        let r = f(self, super::Args::new(&[b.clone(), a.clone()]))?;
                        if !is_not_implemented(&r) {
                            return Ok(r);
                        }
                    }
                }
            }
        }
        let (dn, rn, sym) = CMP_DUNDERS[op as usize];
        let mut reflected_first = false;
        if !std::ptr::eq(ta, tb) && crate::vm::class::is_subtype(tb, ta) && lookup(tb, rn).is_some()
        {
            reflected_first = overrides(tb, ta, rn);
        }
        if reflected_first {
            if let Some(r) = self.call_special(b, rn, &[a.clone()])? {
                if !is_not_implemented(&r) {
                    return Ok(r);
                }
            }
        }
        if let Some(r) = self.call_special(a, dn, &[b.clone()])? {
            if !is_not_implemented(&r) {
                return Ok(r);
            }
        }
        if !reflected_first {
            if let Some(r) = self.call_special(b, rn, &[a.clone()])? {
                if !is_not_implemented(&r) {
                    return Ok(r);
                }
            }
        }
        match op {
            2 => Ok(Value::from_bool(a.is(b.borrow()))),
            3 => Ok(Value::from_bool(!a.is(b.borrow()))),
            _ => {
                let msg = format!(
                    "'{}' not supported between instances of '{}' and '{}'",
                    sym,
                    ta.name(),
                    tb.name()
                );
                Err(self.type_error(msg))
            }
        }
    }

    /// `a OP b` as a bool.
    pub fn compare_bool(&mut self, a: &Value, b: &Value, op: u32) -> PyResult<bool> {
        if op == 2 {
            return self.eq(a, b);
        }
        if op == 3 {
            return Ok(!self.eq(a, b)?);
        }
        let r = self.rich_compare(a, b, op)?;
        self.truthy(&r)
    }

    // ---- repr / str ----

    /// `repr(v)` as a Rust string.
    pub fn repr(&mut self, v: &Value) -> PyResult<String> {
        if let Some(i) = v.as_i64() {
            return Ok(i.to_string());
        }
        if let Some(f) = v.as_f64() {
            return Ok(crate::format::float_repr(f));
        }
        self.enter_recursive(" while getting the repr of an object")?;
        let r = self.call_special(v, "__repr__", &[]);
        self.depth -= 1;
        let r = match r? {
            Some(r) => r,
            None => return Ok(format!("<{} object>", v.type_of().name())),
        };
        match downcast::<StrData>(&r) {
            Some(s) => Ok(s.s.to_string()),
            None => Err(self.type_error(format!(
                "__repr__ returned non-string (type {})",
                r.type_of().name()
            ))),
        }
    }

    /// `repr(v)` as a str value.
    pub fn repr_value(&mut self, v: &Value) -> PyResult<Value> {
        let s = self.repr(v)?;
        Ok(self.new_str_owned(s))
    }

    /// `str(v)` as a str value.
    pub fn to_str(&mut self, v: &Value) -> PyResult<Value> {
        if std::ptr::eq(v.type_of(), &STR_TYPE) {
            return Ok(v.clone());
        }
        if let Some(i) = v.as_i64() {
            return Ok(self.new_str_owned(i.to_string()));
        }
        if let Some(f) = v.as_f64() {
            return Ok(self.new_str_owned(crate::format::float_repr(f)));
        }
        let r = match self.call_special(v, "__str__", &[])? {
            Some(r) => r,
            None => return self.repr_value(v),
        };
        if downcast::<StrData>(&r).is_none() {
            return Err(self.type_error(format!(
                "__str__ returned non-string (type {})",
                r.type_of().name()
            )));
        }
        Ok(r)
    }

    /// `str(v)` as a Rust string.
    pub fn to_string(&mut self, v: &Value) -> PyResult<String> {
        let s = self.to_str(v)?;
        Ok(str_of(&s).to_string())
    }

    // ---- operators ----

    /// `a OP b` for `BINARY_OP op` (in-place forms from 13).
    pub fn binary_op(&mut self, a: &Value, b: &Value, op: u32) -> PyResult<Value> {
        if let (Some(x), Some(y)) = (a.as_i64(), b.as_i64()) {
            if let Some(r) = small_int_op(x, y, op % 13) {
                return Ok(r);
            }
        }
        if let (Some(x), Some(y)) = (a.as_f64(), b.as_f64()) {
            if let Some(r) = float_op(x, y, op % 13) {
                return Ok(r);
            }
        }
        if let (Some(sa), Some(sb)) = (a.type_of().slots.get(), b.type_of().slots.get()) {
            if let Some(r) = self.native_binary_op(a, b, sa, sb, op)? {
                return Ok(r);
            }
        }
        if op >= 13 {
            let (_, _, iname, _) = BINOP_DUNDERS[(op - 13) as usize];
            if let Some(r) = self.call_special(a, iname, &[b.clone()])? {
                if !is_not_implemented(&r) {
                    return Ok(r);
                }
            }
        }
        let k = (op % 13) as usize;
        let (name, rname, _, _) = BINOP_DUNDERS[k];
        if let Some(r) = self.binary_op1(a, b, name, rname)? {
            return Ok(r);
        }
        self.binary_op_unsupported(a, b, op)
    }

    /// The Python function a `BINARY_OP` on `a` and `b` calls first and
    /// may run as a frame of the eval loop: `type(a).__op__` when it is a
    /// plain two-parameter function and nothing comes before it (no
    /// in-place method, no reflected method of a subclass). The rest of
    /// the protocol, if it returns NotImplemented, is
    /// [`Vm::binary_op_after_left`].
    pub fn binary_dunder(&self, a: &Value, b: &Value, op: u32) -> Option<Value> {
        let ta = a.type_of();
        if !ta.has_flag(type_flags::HEAPTYPE) {
            return None;
        }
        let (name, rname, iname, _) = BINOP_DUNDERS[(op % 13) as usize];
        if op >= 13 && lookup(ta, iname).is_some() {
            return None;
        }
        let tb = b.type_of();
        if !std::ptr::eq(ta, tb) && crate::vm::class::is_subtype(tb, ta) && overrides(tb, ta, rname) {
            return None;
        }
        let f = lookup(ta, name)?;
        let fd = downcast::<FunctionData>(&f).filter(|_| std::ptr::eq(f.type_of(), &FUNCTION_TYPE))?;
        let co = &downcast::<CodeData>(&fd.code)?.code;
        use pyrite_compiler::code::{CO_ASYNC_GENERATOR, CO_COROUTINE, CO_GENERATOR, CO_VARARGS, CO_VARKEYWORDS};
        let plain = co.argcount == 2
            && co.kwonlyargcount == 0
            && co.flags & (CO_VARARGS | CO_VARKEYWORDS | CO_GENERATOR | CO_COROUTINE | CO_ASYNC_GENERATOR) == 0;
        plain.then_some(f)
    }

    /// `a op b` after `type(a).__op__` (run by [`Vm::binary_dunder`]'s
    /// caller) returned NotImplemented: `b.__rop__(a)` for another type,
    /// then the TypeError.
    pub fn binary_op_after_left(&mut self, a: &Value, b: &Value, op: u32) -> PyResult<Value> {
        let (_, rname, _, _) = BINOP_DUNDERS[(op % 13) as usize];
        if !std::ptr::eq(a.type_of(), b.type_of()) {
            if let Some(r) = self.call_special(b, rname, &[a.clone()])? {
                if !is_not_implemented(&r) {
                    return Ok(r);
                }
            }
        }
        self.binary_op_unsupported(a, b, op)
    }

    /// The TypeError of `a op b` when no method accepts the operands.
    fn binary_op_unsupported(&mut self, a: &Value, b: &Value, op: u32) -> PyResult<Value> {
        let k = (op % 13) as usize;
        let (_, _, _, sym) = BINOP_DUNDERS[k];
        if k == NB_MULTIPLY as usize {
            let is_seq = |v: &Value| {
                downcast::<StrData>(v).is_some()
                    || downcast::<ListData>(v).is_some()
                    || downcast::<TupleData>(v).is_some()
                    || downcast::<BytesData>(v).is_some()
                    || downcast::<ByteArrayData>(v).is_some()
            };
            let other = if is_seq(a) {
                Some(b)
            } else if is_seq(b) {
                Some(a)
            } else {
                None
            };
            if let Some(o) = other {
                let msg = format!(
                    "can't multiply sequence by non-int of type '{}'",
                    o.type_of().name()
                );
                return Err(self.type_error(msg));
            }
        }
        let sym = if op >= 13 {
            format!("{}=", sym)
        } else {
            sym.to_string()
        };
        if k == NB_POWER as usize {
            let msg = format!(
                "unsupported operand type(s) for ** or pow(): '{}' and '{}'",
                a.type_of().name(),
                b.type_of().name()
            );
            return Err(self.type_error(msg));
        }
        if k == NB_RSHIFT as usize
            && downcast::<BuiltinFnData>(a).map_or(false, |f| f.name == "print")
        {
            let msg = format!(
                "unsupported operand type(s) for {}: '{}' and '{}'. Did you mean \"print(<message>, file=<output_stream>)\"?",
                sym,
                a.type_of().name(),
                b.type_of().name()
            );
            return Err(self.type_error(msg));
        }
        let msg = format!(
            "unsupported operand type(s) for {}: '{}' and '{}'",
            sym,
            a.type_of().name(),
            b.type_of().name()
        );
        Err(self.type_error(msg))
    }

    /// `binary_op` between two built-in values through their types' native
    /// slots: the in-place method, then `a.__op__(b)`, then `b.__rop__(a)`.
    /// `None` hands over to the generic dance (for a subclass relation
    /// between the types, where reflected-first rules apply, and to raise
    /// the TypeError when every slot declines).
    fn native_binary_op(
        &mut self,
        a: &Value,
        b: &Value,
        sa: &crate::object::NativeSlots,
        sb: &crate::object::NativeSlots,
        op: u32,
    ) -> PyResult<Option<Value>> {
        let k = (op % 13) as usize;
        if op >= 13 {
            if let Some(f) = sa.iop[k] {
                let r = f(self, super::Args::new(&[a.clone(), b.clone()]))?;
                if !is_not_implemented(&r) {
                    return Ok(Some(r));
                }
            }
        }
        let (ta, tb) = (a.type_of(), b.type_of());
        let same = std::ptr::eq(ta, tb);
        if !same && crate::vm::class::is_subtype(tb, ta) {
            return Ok(None);
        }
        if let Some(f) = sa.op[k] {
            let r = f(self, super::Args::new(&[a.clone(), b.clone()]))?;
            if !is_not_implemented(&r) {
                return Ok(Some(r));
            }
        }
        if !same {
            if let Some(f) = sb.rop[k] {
                let r = f(self, super::Args::new(&[b.clone(), a.clone()]))?;
                if !is_not_implemented(&r) {
                    return Ok(Some(r));
                }
            }
        }
        Ok(None)
    }

    /// The binary-operator dance: `a.__op__(b)`, `b.__rop__(a)` (reflected
    /// first when `b`'s type is a subclass overriding it).
    pub fn binary_op1(
        &mut self,
        a: &Value,
        b: &Value,
        name: &str,
        rname: &str,
    ) -> PyResult<Option<Value>> {
        let ta = a.type_of();
        let tb = b.type_of();
        let same = std::ptr::eq(ta, tb);
        let mut rfirst = false;
        if !same && crate::vm::class::is_subtype(tb, ta) && overrides(tb, ta, rname) {
            rfirst = true;
            if let Some(r) = self.call_special(b, rname, &[a.clone()])? {
                if !is_not_implemented(&r) {
                    return Ok(Some(r));
                }
            }
        }
        if let Some(r) = self.call_special(a, name, &[b.clone()])? {
            if !is_not_implemented(&r) {
                return Ok(Some(r));
            }
        }
        if !same && !rfirst {
            if let Some(r) = self.call_special(b, rname, &[a.clone()])? {
                if !is_not_implemented(&r) {
                    return Ok(Some(r));
                }
            }
        }
        Ok(None)
    }

    /// Unary `-`, `+`, `~`.
    pub fn unary_op(&mut self, v: &Value, name: &str, sym: &str) -> PyResult<Value> {
        if let Some(i) = v.as_i64() {
            match name {
                "__neg__" => return Ok(new_int(Int::Small(i).neg())),
                "__pos__" => return Ok(v.clone()),
                "__invert__" => return Ok(new_int_i64(!i)),
                _ => {}
            }
        }
        if let Some(f) = v.as_f64() {
            match name {
                "__neg__" => return Ok(Value::float(-f)),
                "__pos__" => return Ok(v.clone()),
                _ => {}
            }
        }
        match self.call_special(v, name, &[])? {
            Some(r) => Ok(r),
            None => Err(self.type_error(format!(
                "bad operand type for unary {}: '{}'",
                sym,
                v.type_of().name()
            ))),
        }
    }

    // ---- containers ----

    /// `len(v)`.
    pub fn len(&mut self, v: &Value) -> PyResult<usize> {
        if let Some(s) = downcast::<StrData>(v) {
            if !v.type_of().has_flag(type_flags::HEAPTYPE) {
                return Ok(s.nchars);
            }
        }
        if let Some(l) = downcast::<ListData>(v) {
            if !v.type_of().has_flag(type_flags::HEAPTYPE) {
                return Ok(l.items.borrow().len());
            }
        }
        if let Some(t) = downcast::<TupleData>(v) {
            if !v.type_of().has_flag(type_flags::HEAPTYPE) {
                return Ok(t.items.len());
            }
        }
        let r = match native_proto(v, crate::object::Proto::Len) {
            Some(f) => Some(f(self, Args::new(std::slice::from_ref(v)))?),
            None => self.call_special(v, "__len__", &[])?,
        };
        match r {
            Some(r) => {
                let Some(i) = to_int(&r) else {
                    return Err(self.type_error(format!(
                        "'{}' object cannot be interpreted as an integer",
                        r.type_of().name()
                    )));
                };
                if i.is_negative() {
                    return Err(self.value_error("__len__() should return >= 0"));
                }
                match i.to_i64() {
                    Some(n) => Ok(n as usize),
                    None => {
                        Err(self.overflow_error("cannot fit 'int' into an index-sized integer"))
                    }
                }
            }
            None => Err(self.type_error(format!(
                "object of type '{}' has no len()",
                v.type_of().name()
            ))),
        }
    }

    /// `v[key]`.
    pub fn getitem(&mut self, v: &Value, key: &Value) -> PyResult<Value> {
        let t = v.type_of();
        if std::ptr::eq(t, &LIST_TYPE) {
            if let Some(i) = key.as_i64() {
                let l = downcast::<ListData>(v).unwrap();
                let items = l.items.borrow();
                let n = items.len() as i64;
                let j = if i < 0 { i + n } else { i };
                if j >= 0 && j < n {
                    return Ok(items[j as usize].clone());
                }
                drop(items);
                return Err(self.index_error("list index out of range"));
            }
        } else if std::ptr::eq(t, &TUPLE_TYPE) {
            if let Some(i) = key.as_i64() {
                let tu = downcast::<TupleData>(v).unwrap();
                let n = tu.items.len() as i64;
                let j = if i < 0 { i + n } else { i };
                if j >= 0 && j < n {
                    return Ok(tu.items[j as usize].clone());
                }
                return Err(self.index_error("tuple index out of range"));
            }
        } else if std::ptr::eq(t, &DICT_TYPE) {
            let d = downcast::<DictData>(v).unwrap();
            if let Some(r) = self.table_get(&d.table, key)? {
                return Ok(r);
            }
            return Err(self.key_error(key.clone()));
        }
        if let Some(f) = native_proto(v, crate::object::Proto::GetItem) {
            return f(self, Args::new(&[v.clone(), key.clone()]));
        }
        if let Some(r) = self.call_special(v, "__getitem__", &[key.clone()])? {
            return Ok(r);
        }
        if let Some(tv) = super::attr::as_type(v) {
            if let Some(cg) = lookup(tv, "__class_getitem__") {
                let f = self.descr_get(&cg, None, v)?.unwrap_or(cg);
                return self.call(&f, &[key.clone()], &[]);
            }
            if std::ptr::eq(tv, &TYPE_TYPE) {
                return Ok(v.clone());
            }
            let msg = format!("type '{}' is not subscriptable", tv.name());
            return Err(self.type_error(msg));
        }
        Err(self.type_error(format!("'{}' object is not subscriptable", t.name())))
    }

    /// `v[key] = value`.
    pub fn setitem(&mut self, v: &Value, key: Value, value: Value) -> PyResult<()> {
        let t = v.type_of();
        if std::ptr::eq(t, &LIST_TYPE) {
            if let Some(i) = key.as_i64() {
                let l = downcast::<ListData>(v).unwrap();
                let mut items = l.items.borrow_mut();
                let n = items.len() as i64;
                let j = if i < 0 { i + n } else { i };
                if j >= 0 && j < n {
                    let old = std::mem::replace(&mut items[j as usize], value);
                    drop(items);
                    drop(old);
                    return Ok(());
                }
                drop(items);
                return Err(self.index_error("list assignment index out of range"));
            }
        } else if std::ptr::eq(t, &DICT_TYPE) {
            let d = downcast::<DictData>(v).unwrap();
            return self.table_set(&d.table, key, value);
        }
        if let Some(f) = native_proto(v, crate::object::Proto::SetItem) {
            return f(self, Args::new(&[v.clone(), key, value])).map(drop);
        }
        match self.call_special(v, "__setitem__", &[key, value])? {
            Some(_) => Ok(()),
            None => Err(self.type_error(format!(
                "'{}' object does not support item assignment",
                t.name()
            ))),
        }
    }

    /// `del v[key]`.
    pub fn delitem(&mut self, v: &Value, key: Value) -> PyResult<()> {
        match self.call_special(v, "__delitem__", &[key])? {
            Some(_) => Ok(()),
            None => Err(self.type_error(format!(
                "'{}' object doesn't support item deletion",
                v.type_of().name()
            ))),
        }
    }

    /// `item in container`.
    pub fn contains(&mut self, container: &Value, item: &Value) -> PyResult<bool> {
        let t = container.type_of();
        if std::ptr::eq(t, &DICT_TYPE) {
            let d = downcast::<DictData>(container).unwrap();
            let h = self.hash(item)?;
            return Ok(self.table_find(&d.table, item, h)?.is_some());
        }
        if std::ptr::eq(t, &SET_TYPE) || std::ptr::eq(t, &FROZENSET_TYPE) {
            let d = downcast::<SetData>(container).unwrap();
            let h = self.hash(item)?;
            return Ok(self.table_find(&d.table, item, h)?.is_some());
        }
        if std::ptr::eq(t, &STR_TYPE) {
            if let Some(s) = downcast::<StrData>(item) {
                return Ok(str_of(container).contains(&*s.s));
            }
        }
        let r = match native_proto(container, crate::object::Proto::Contains) {
            Some(f) => Some(f(self, Args::new(&[container.clone(), item.clone()]))?),
            None => self.call_special(container, "__contains__", &[item.clone()])?,
        };
        if let Some(r) = r {
            return self.truthy(&r);
        }
        // Fall back to iteration.
        if lookup(t, "__iter__").is_none() && lookup(t, "__getitem__").is_none() {
            return Err(self.type_error(format!("argument of type '{}' is not iterable", t.name())));
        }
        let it = self.iter(container)?;
        while let Some(x) = self.next(&it)? {
            if self.eq(&x, item)? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    // ---- iteration ----

    /// `iter(v)`.
    pub fn iter(&mut self, v: &Value) -> PyResult<Value> {
        let t = v.type_of();
        if std::ptr::eq(t, &LIST_TYPE) {
            return Ok(self.new_iter(
                &LIST_ITERATOR_TYPE,
                IterState::Seq {
                    seq: v.clone(),
                    idx: 0,
                },
            ));
        }
        if std::ptr::eq(t, &TUPLE_TYPE) {
            return Ok(self.new_iter(
                &TUPLE_ITERATOR_TYPE,
                IterState::Seq {
                    seq: v.clone(),
                    idx: 0,
                },
            ));
        }
        if let Some(f) = native_proto(v, crate::object::Proto::Iter) {
            // A built-in type's own __iter__ returns one of the built-in
            // iterators (or itself): no iterator check needed.
            return f(self, Args::new(std::slice::from_ref(v)));
        }
        if let Some(f) = lookup(t, "__iter__") {
            if f.is_none() {
                return Err(self.type_error(format!("'{}' object is not iterable", t.name())));
            }
            let it = self.call_special(v, "__iter__", &[])?.unwrap();
            if lookup(it.type_of(), "__next__").is_none() {
                let msg = format!(
                    "iter() returned non-iterator of type '{}'",
                    it.type_of().name()
                );
                return Err(self.type_error(msg));
            }
            return Ok(it);
        }
        if lookup(t, "__getitem__").is_some() {
            return Ok(self.new_iter(
                &ITERATOR_TYPE,
                IterState::Seq {
                    seq: v.clone(),
                    idx: 0,
                },
            ));
        }
        Err(self.type_error(format!("'{}' object is not iterable", t.name())))
    }

    /// `next(it)`: `Ok(None)` when exhausted.
    pub fn next(&mut self, it: &Value) -> PyResult<Option<Value>> {
        if let Some(d) = downcast::<IterData>(it) {
            if !it.type_of().has_flag(type_flags::HEAPTYPE) {
                return crate::builtins::iters::iter_next(self, it, d);
            }
        }
        if std::ptr::eq(it.type_of(), &GENERATOR_TYPE) {
            return crate::eval::gen_next(self, it);
        }
        let r = match native_proto(it, crate::object::Proto::Next) {
            Some(f) => f(self, Args::new(std::slice::from_ref(it))).map(Some),
            None => self.call_special(it, "__next__", &[]),
        };
        match r {
            Ok(Some(v)) => Ok(Some(v)),
            Ok(None) => Err(self.type_error(format!(
                "'{}' object is not an iterator",
                it.type_of().name()
            ))),
            Err(e) if self.err_matches(&e, &STOP_ITERATION_TYPE) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// All items of an iterable.
    pub fn iterate(&mut self, v: &Value) -> PyResult<Vec<Value>> {
        if std::ptr::eq(v.type_of(), &LIST_TYPE) {
            return Ok(downcast::<ListData>(v).unwrap().items.borrow().clone());
        }
        if std::ptr::eq(v.type_of(), &TUPLE_TYPE) {
            return Ok(downcast::<TupleData>(v).unwrap().items.to_vec());
        }
        if let Some(all) = self.gen_collect(v) {
            return all;
        }
        let it = self.iter(v)?;
        let mut out = Vec::new();
        while let Some(x) = self.next(&it)? {
            out.push(x);
        }
        Ok(out)
    }

    /// `format(v, spec)`.
    pub fn format(&mut self, v: &Value, spec: &Value) -> PyResult<Value> {
        let t = v.type_of();
        if std::ptr::eq(t, &STR_TYPE) && str_of(spec).is_empty() {
            return Ok(v.clone());
        }
        // The exact built-in types (f-strings' usual operands) go straight
        // to their formatter, without looking `__format__` up by name.
        if std::ptr::eq(spec.type_of(), &STR_TYPE) {
            let args = [v.clone(), spec.clone()];
            let a = crate::vm::Args::new(&args);
            if std::ptr::eq(t, &INT_TYPE) {
                return crate::builtins::numbers::int_format(self, a);
            } else if std::ptr::eq(t, &FLOAT_TYPE) {
                return crate::builtins::numbers::float_format(self, a);
            } else if std::ptr::eq(t, &STR_TYPE) {
                return crate::builtins::strings::str_format_m(self, a);
            }
        }
        match self.call_special(v, "__format__", &[spec.clone()])? {
            Some(r) => {
                if downcast::<StrData>(&r).is_none() {
                    let msg = format!("__format__ must return a str, not {}", r.type_of().name());
                    return Err(self.type_error(msg));
                }
                Ok(r)
            }
            None => Err(self.type_error("format() needs __format__")),
        }
    }

    /// The index value of `v` (`__index__`), CPython's message otherwise.
    pub fn index(&mut self, v: &Value) -> PyResult<Int> {
        if let Some(i) = to_int(v) {
            return Ok(i);
        }
        if let Some(r) = self.call_special(v, "__index__", &[])? {
            if let Some(i) = to_int(&r) {
                return Ok(i);
            }
            let msg = format!("__index__ returned non-int (type {})", r.type_of().name());
            return Err(self.type_error(msg));
        }
        let msg = format!(
            "'{}' object cannot be interpreted as an integer",
            v.type_of().name()
        );
        Err(self.type_error(msg))
    }

    /// An index as `i64`, or OverflowError / IndexError message.
    pub fn index_i64(&mut self, v: &Value) -> PyResult<i64> {
        if let Some(i) = v.as_i64() {
            return Ok(i);
        }
        let i = self.index(v)?;
        match i.to_i64() {
            Some(x) => Ok(x),
            None => Err(self.new_exc(
                &INDEX_ERROR_TYPE,
                format!("cannot fit 'int' into an index-sized integer"),
            )),
        }
    }

    /// `type(v).__name__` convenience.
    pub fn type_name(&self, v: &Value) -> String {
        v.type_of().name()
    }

    /// Identity of `v` as a `type` value.
    pub fn type_value_of(&self, v: &Value) -> Value {
        type_value(v.type_of())
    }

    pub fn err_type_name(&self, e: &PyErr) -> String {
        e.0.type_of().name()
    }
}

/// Does `sub` define `name` differently from `base`?
fn overrides(
    sub: &crate::object::TypeObject,
    base: &crate::object::TypeObject,
    name: &str,
) -> bool {
    match (lookup(sub, name), lookup(base, name)) {
        (Some(a), Some(b)) => !a.is(b.borrow()),
        (Some(_), None) => true,
        _ => false,
    }
}

/// Address-based hash for objects without `__hash__` overrides.
pub fn id_hash(v: &Value) -> i64 {
    let x = v.to_bits();
    ((x >> 4) | (x << 60)) as i64
}

#[inline]
pub fn cmp_ord(o: std::cmp::Ordering, op: u32) -> bool {
    use std::cmp::Ordering::*;
    match op {
        0 => o == Less,
        1 => o != Greater,
        2 => o == Equal,
        3 => o != Equal,
        4 => o == Greater,
        _ => o != Less,
    }
}

#[inline]
pub fn cmp_f64(x: f64, y: f64, op: u32) -> bool {
    match op {
        0 => x < y,
        1 => x <= y,
        2 => x == y,
        3 => x != y,
        4 => x > y,
        _ => x >= y,
    }
}

/// Inline-int fast paths; `None` defers to the general path (overflow,
/// division by zero, negative shifts...).
#[inline]
pub fn small_int_op(x: i64, y: i64, op: u32) -> Option<Value> {
    let r = match op {
        NB_ADD => x.checked_add(y)?,
        NB_SUBTRACT => x.checked_sub(y)?,
        NB_MULTIPLY => x.checked_mul(y)?,
        NB_AND => x & y,
        NB_OR => x | y,
        NB_XOR => x ^ y,
        NB_FLOOR_DIVIDE => {
            if y == 0 {
                return None;
            }
            let q = x.div_euclid(y);
            // Python floors toward -inf.
            if (x % y != 0) && ((x < 0) != (y < 0)) {
                x / y - 1
            } else {
                let _ = q;
                x / y
            }
        }
        NB_REMAINDER => {
            if y == 0 {
                return None;
            }
            let r = x % y;
            if r != 0 && ((r < 0) != (y < 0)) {
                r + y
            } else {
                r
            }
        }
        NB_LSHIFT => {
            if !(0..32).contains(&y) {
                return None;
            }
            let r = x.checked_shl(y as u32)?;
            if r >> y != x {
                return None;
            }
            r
        }
        NB_RSHIFT => {
            if y < 0 {
                return None;
            }
            x >> y.min(63)
        }
        NB_TRUE_DIVIDE => {
            if y == 0 {
                return None;
            }
            if x.unsigned_abs() < (1 << 53) && y.unsigned_abs() < (1 << 53) {
                return Some(Value::float(x as f64 / y as f64));
            }
            return None;
        }
        NB_POWER => {
            if y < 0 || y > 64 {
                return None;
            }
            x.checked_pow(y as u32)?
        }
        _ => return None,
    };
    Value::from_i64(r)
}

/// Both operands as floats, when one is a float and the other a float or
/// an inline int (inline ints have at most 50 bits: the conversion is
/// exact, as CPython's float slots make it).
#[inline(always)]
pub fn float_pair(a: &Value, b: &Value) -> Option<(f64, f64)> {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => Some((x, y)),
        (Some(x), None) => Some((x, b.as_i64()? as f64)),
        (None, Some(y)) => Some((a.as_i64()? as f64, y)),
        (None, None) => None,
    }
}

/// `a op b` (`BINARY_OP`'s argument) for the operands the eval loop
/// computes in place: two inline ints, or floats mixed with floats or
/// inline ints. None: the general path (`Vm::binary_op`) decides.
#[inline(always)]
pub fn inline_binary_op(a: &Value, b: &Value, op: u32) -> Option<Value> {
    if let (Some(x), Some(y)) = (a.as_i64(), b.as_i64()) {
        return small_int_op(x, y, op % 13);
    }
    let (x, y) = float_pair(a, b)?;
    float_op(x, y, op % 13)
}

/// `a op b` (`COMPARE_OP`'s argument) for the same operands as
/// [`inline_binary_op`]; None: the general path.
#[inline(always)]
pub fn inline_compare(a: &Value, b: &Value, op: u32) -> Option<bool> {
    if let (Some(x), Some(y)) = (a.as_i64(), b.as_i64()) {
        return Some(cmp_ord(x.cmp(&y), op));
    }
    let (x, y) = float_pair(a, b)?;
    Some(cmp_f64(x, y, op))
}

/// Float fast paths (both operands floats).
#[inline]
pub fn float_op(x: f64, y: f64, op: u32) -> Option<Value> {
    let r = match op {
        NB_ADD => x + y,
        NB_SUBTRACT => x - y,
        NB_MULTIPLY => x * y,
        NB_TRUE_DIVIDE => {
            if y == 0.0 {
                return None;
            }
            x / y
        }
        _ => return None,
    };
    Some(Value::float(r))
}
