//! Which one-word value representation should Pyrite use? This benchmark
//! measures the two proven candidates on the same interpreter-shaped loops:
//!
//! - `nanbox`: NaN-boxing. Floats inline (stored as their bits plus 2^49),
//!   ints inline up to 50 bits (top 14 bits set), object pointers as they
//!   are (top 16 bits clear). Nothing but overflowing ints touches the heap.
//! - `tagged`: low-bit tagging. Ints inline up to 63 bits (`i << 1 | 1`),
//!   everything else a pointer (low bit clear). Floats are boxed: allocated
//!   from a CPython-style free list (100 entries, intrusive, no TLS lookup —
//!   the cheapest a real VM can do) and returned to it when their count
//!   reaches zero; a float check is a pointer check plus a type-pointer load.
//! - `shipped`: the crate's real [`pyrite_vm::value::Value`], to confirm the
//!   production type performs like the candidate it was derived from.
//!
//! All three implement one minimal API ([`Repr`]) and do full reference
//! counting (`Clone` increments, `Drop` decrements and frees at zero), and
//! the loops are written once, generically, the way the eval loop's
//! specialised handlers will execute them: type checks, an int fast path
//! with overflow check (falling back to a heap big int), a float fast path
//! (with the ZeroDivisionError check for `/`), a generic slow path for the
//! rest. Every result is a new value and every overwritten variable drops
//! its old value, as Python's local variables do.
//!
//! Loops:
//! - `int_sum`: `total += i*i - i` for `i < 50_000` (while-loop with compare);
//! - `int_fib`: `a, b = b, a + b` with `b -= 2**40` when it grows past it;
//! - `float_nbody`: 200 steps of the Benchmarks Game n-body `advance`
//!   (5 bodies, + - * / and sqrt, positions and velocities stored in a
//!   list of values);
//! - `mixed_arith`: `x = x + i * 0.25; k = k + i` (int*float promotion);
//! - `mixed_dispatch`: 16 passes over a list of 1024 ints, floats, `None`,
//!   bools and other objects: load (clone), dispatch on kind/type, accumulate,
//!   store into a ring of 64 locals (dropping what was there).
//!
//! Run: `cargo bench -p pyrite-vm --bench value_repr`. The results and the
//! decision are recorded in `vm/src/value.rs`.

use std::hint::black_box;
use std::ptr::NonNull;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use pyrite_vm::object::{
    BoolObject, ObjHeader, TypeObject, BOOL_TYPE, FALSE, NONE, NONE_TYPE, TRUE, TYPE_TYPE,
};

// The `pyrite` binary's allocator, so boxed floats cost what they would.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The common minimal API of a value representation.
trait Repr: Clone + Sized {
    fn from_i64(i: i64) -> Option<Self>;
    fn as_i64(&self) -> Option<i64>;
    fn from_f64(f: f64) -> Self;
    fn as_f64(&self) -> Option<f64>;
    fn is_int(&self) -> bool;
    fn is_float(&self) -> bool;
    fn is_object(&self) -> bool;
    /// Both inline ints; `None` when the result leaves the inline range.
    fn int_add(&self, o: &Self) -> Option<Self>;
    fn int_sub(&self, o: &Self) -> Option<Self>;
    fn int_mul(&self, o: &Self) -> Option<Self>;
    /// Takes over one reference to `p`.
    unsafe fn from_object(p: NonNull<ObjHeader>) -> Self;
    fn as_object(&self) -> Option<NonNull<ObjHeader>>;
}

// ---------------------------------------------------------------------------
// Candidate 1: NaN-boxing.

mod nanbox {
    use super::Repr;
    use pyrite_vm::object::ObjHeader;
    use std::num::NonZeroU64;
    use std::ptr::NonNull;

    const OBJ_LIMIT: u64 = 1 << 48;
    const DOUBLE_OFFSET: u64 = 1 << 49;
    const INT_TAG: u64 = 0xFFFC << 48;
    const INT_SHIFT: u32 = 14;
    const NAN_CLAMP: u64 = 0xFFFA << 48;
    const CANON_NEG_NAN: u64 = 0xFFF8 << 48;

    #[repr(transparent)]
    pub struct V(NonZeroU64);

    impl V {
        #[inline(always)]
        fn bits(&self) -> u64 {
            self.0.get()
        }
        #[inline(always)]
        fn mk(bits: u64) -> V {
            // SAFETY: every constructor produces a non-zero encoding.
            V(unsafe { NonZeroU64::new_unchecked(bits) })
        }
        #[inline(always)]
        fn shifted(&self) -> i64 {
            (self.bits() << INT_SHIFT) as i64
        }
        #[inline(always)]
        fn from_shifted(s: i64) -> V {
            V::mk(((s as u64) >> INT_SHIFT) | INT_TAG)
        }
    }

    impl Clone for V {
        #[inline(always)]
        fn clone(&self) -> V {
            if self.bits() < OBJ_LIMIT {
                // SAFETY: object encoding: a live object we hold a reference to.
                unsafe { (*(self.bits() as *const ObjHeader)).incref() }
            }
            V(self.0)
        }
    }
    impl Drop for V {
        #[inline(always)]
        fn drop(&mut self) {
            if self.bits() < OBJ_LIMIT {
                // SAFETY: we own one reference to this live object.
                unsafe { ObjHeader::decref(NonNull::new_unchecked(self.bits() as *mut ObjHeader)) }
            }
        }
    }

    impl Repr for V {
        #[inline(always)]
        fn from_i64(i: i64) -> Option<V> {
            if (i << INT_SHIFT) >> INT_SHIFT == i {
                Some(V::from_shifted(i << INT_SHIFT))
            } else {
                None
            }
        }
        #[inline(always)]
        fn as_i64(&self) -> Option<i64> {
            if self.is_int() {
                Some(self.shifted() >> INT_SHIFT)
            } else {
                None
            }
        }
        #[inline(always)]
        fn from_f64(f: f64) -> V {
            let raw = f.to_bits();
            let raw = if raw >= NAN_CLAMP { CANON_NEG_NAN } else { raw };
            V::mk(raw + DOUBLE_OFFSET)
        }
        #[inline(always)]
        fn as_f64(&self) -> Option<f64> {
            if self.is_float() {
                Some(f64::from_bits(self.bits() - DOUBLE_OFFSET))
            } else {
                None
            }
        }
        #[inline(always)]
        fn is_int(&self) -> bool {
            self.bits() >= INT_TAG
        }
        #[inline(always)]
        fn is_float(&self) -> bool {
            self.bits().wrapping_sub(DOUBLE_OFFSET) < INT_TAG - DOUBLE_OFFSET
        }
        #[inline(always)]
        fn is_object(&self) -> bool {
            self.bits() < OBJ_LIMIT
        }
        #[inline(always)]
        fn int_add(&self, o: &V) -> Option<V> {
            self.shifted().checked_add(o.shifted()).map(V::from_shifted)
        }
        #[inline(always)]
        fn int_sub(&self, o: &V) -> Option<V> {
            self.shifted().checked_sub(o.shifted()).map(V::from_shifted)
        }
        #[inline(always)]
        fn int_mul(&self, o: &V) -> Option<V> {
            self.shifted()
                .checked_mul(o.shifted() >> INT_SHIFT)
                .map(V::from_shifted)
        }
        #[inline(always)]
        unsafe fn from_object(p: NonNull<ObjHeader>) -> V {
            debug_assert!((p.as_ptr() as u64) < OBJ_LIMIT);
            V::mk(p.as_ptr() as u64)
        }
        #[inline(always)]
        fn as_object(&self) -> Option<NonNull<ObjHeader>> {
            if self.is_object() {
                NonNull::new(self.bits() as *mut ObjHeader)
            } else {
                None
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Candidate 2: low-bit tagging, floats boxed from a free list.

mod tagged {
    use super::Repr;
    use pyrite_vm::object::{ObjHeader, TypeObject, TYPE_TYPE};
    use std::alloc::Layout;
    use std::cell::Cell;
    use std::num::NonZeroU64;
    use std::ptr::NonNull;

    #[repr(transparent)]
    pub struct V(NonZeroU64);

    #[repr(C)]
    struct BoxedFloat {
        header: ObjHeader,
        value: f64,
    }

    static FLOAT_T: TypeObject = TypeObject::new_static(&TYPE_TYPE, "float", float_dealloc);

    /// CPython 3.11's float free list: intrusive, at most 100 blocks.
    struct FreeList {
        head: Cell<*mut FreeNode>,
        len: Cell<usize>,
    }
    struct FreeNode {
        next: *mut FreeNode,
    }
    // SAFETY: the benchmark is single-threaded (the GIL's job in the VM).
    unsafe impl Sync for FreeList {}
    static FREE: FreeList = FreeList {
        head: Cell::new(std::ptr::null_mut()),
        len: Cell::new(0),
    };
    const MAX_FREE: usize = 100;
    const LAYOUT: Layout = Layout::new::<BoxedFloat>();

    unsafe fn float_dealloc(p: NonNull<ObjHeader>) {
        if FREE.len.get() < MAX_FREE {
            let node = p.as_ptr() as *mut FreeNode;
            // SAFETY: the block is dead and at least pointer-sized.
            unsafe {
                node.write(FreeNode {
                    next: FREE.head.get(),
                })
            };
            FREE.head.set(node);
            FREE.len.set(FREE.len.get() + 1);
        } else {
            // SAFETY: allocated in `alloc_float` with LAYOUT.
            unsafe { std::alloc::dealloc(p.as_ptr() as *mut u8, LAYOUT) }
        }
    }

    #[inline(always)]
    fn alloc_float(f: f64) -> V {
        let head = FREE.head.get();
        let block = if !head.is_null() {
            // SAFETY: free-list nodes are dead BoxedFloat blocks.
            FREE.head.set(unsafe { (*head).next });
            FREE.len.set(FREE.len.get() - 1);
            head as *mut BoxedFloat
        } else {
            alloc_slow()
        };
        // SAFETY: `block` is a BoxedFloat-sized, aligned, unused block.
        unsafe {
            block.write(BoxedFloat {
                header: ObjHeader::new(&FLOAT_T),
                value: f,
            })
        };
        V::mk(block as u64)
    }

    #[inline(never)]
    fn alloc_slow() -> *mut BoxedFloat {
        // SAFETY: LAYOUT has non-zero size.
        let p = unsafe { std::alloc::alloc(LAYOUT) } as *mut BoxedFloat;
        if p.is_null() {
            std::alloc::handle_alloc_error(LAYOUT);
        }
        p
    }

    impl V {
        #[inline(always)]
        fn bits(&self) -> u64 {
            self.0.get()
        }
        #[inline(always)]
        fn mk(bits: u64) -> V {
            // SAFETY: ints have the low bit set, pointers are non-null.
            V(unsafe { NonZeroU64::new_unchecked(bits) })
        }
        #[inline(always)]
        fn float_ptr(&self) -> Option<*const BoxedFloat> {
            if self.bits() & 1 == 0 {
                let p = self.bits() as *const ObjHeader;
                // SAFETY: pointer encoding: a live object.
                if std::ptr::eq(unsafe { (*p).type_ptr() }, &FLOAT_T) {
                    return Some(p as *const BoxedFloat);
                }
            }
            None
        }
    }

    impl Clone for V {
        #[inline(always)]
        fn clone(&self) -> V {
            if self.bits() & 1 == 0 {
                // SAFETY: pointer encoding: a live object we hold a reference to.
                unsafe { (*(self.bits() as *const ObjHeader)).incref() }
            }
            V(self.0)
        }
    }
    impl Drop for V {
        #[inline(always)]
        fn drop(&mut self) {
            if self.bits() & 1 == 0 {
                // SAFETY: we own one reference to this live object.
                unsafe { ObjHeader::decref(NonNull::new_unchecked(self.bits() as *mut ObjHeader)) }
            }
        }
    }

    impl Repr for V {
        #[inline(always)]
        fn from_i64(i: i64) -> Option<V> {
            if (i << 1) >> 1 == i {
                Some(V::mk(((i << 1) | 1) as u64))
            } else {
                None
            }
        }
        #[inline(always)]
        fn as_i64(&self) -> Option<i64> {
            if self.is_int() {
                Some(self.bits() as i64 >> 1)
            } else {
                None
            }
        }
        #[inline(always)]
        fn from_f64(f: f64) -> V {
            alloc_float(f)
        }
        #[inline(always)]
        fn as_f64(&self) -> Option<f64> {
            // SAFETY: float_ptr checked the type.
            self.float_ptr().map(|p| unsafe { (*p).value })
        }
        #[inline(always)]
        fn is_int(&self) -> bool {
            self.bits() & 1 == 1
        }
        #[inline(always)]
        fn is_float(&self) -> bool {
            self.float_ptr().is_some()
        }
        #[inline(always)]
        fn is_object(&self) -> bool {
            self.bits() & 1 == 0
        }
        #[inline(always)]
        fn int_add(&self, o: &V) -> Option<V> {
            (self.bits() as i64)
                .checked_add(o.bits() as i64 - 1)
                .map(|r| V::mk(r as u64))
        }
        #[inline(always)]
        fn int_sub(&self, o: &V) -> Option<V> {
            (self.bits() as i64)
                .checked_sub(o.bits() as i64 - 1)
                .map(|r| V::mk(r as u64))
        }
        #[inline(always)]
        fn int_mul(&self, o: &V) -> Option<V> {
            (self.bits() as i64 >> 1)
                .checked_mul(o.bits() as i64 - 1)
                .map(|r| V::mk(r as u64 | 1))
        }
        #[inline(always)]
        unsafe fn from_object(p: NonNull<ObjHeader>) -> V {
            debug_assert!(p.as_ptr() as u64 & 1 == 0);
            V::mk(p.as_ptr() as u64)
        }
        #[inline(always)]
        fn as_object(&self) -> Option<NonNull<ObjHeader>> {
            if self.is_object() {
                NonNull::new(self.bits() as *mut ObjHeader)
            } else {
                None
            }
        }
    }
}

// ---------------------------------------------------------------------------
// The shipped type, through the same API.

impl Repr for pyrite_vm::value::Value {
    #[inline(always)]
    fn from_i64(i: i64) -> Option<Self> {
        Self::from_i64(i)
    }
    #[inline(always)]
    fn as_i64(&self) -> Option<i64> {
        self.as_i64()
    }
    #[inline(always)]
    fn from_f64(f: f64) -> Self {
        Self::from_f64(f)
    }
    #[inline(always)]
    fn as_f64(&self) -> Option<f64> {
        self.as_f64()
    }
    #[inline(always)]
    fn is_int(&self) -> bool {
        self.is_int()
    }
    #[inline(always)]
    fn is_float(&self) -> bool {
        self.is_float()
    }
    #[inline(always)]
    fn is_object(&self) -> bool {
        self.is_object()
    }
    #[inline(always)]
    fn int_add(&self, o: &Self) -> Option<Self> {
        self.checked_int_add(o)
    }
    #[inline(always)]
    fn int_sub(&self, o: &Self) -> Option<Self> {
        self.checked_int_sub(o)
    }
    #[inline(always)]
    fn int_mul(&self, o: &Self) -> Option<Self> {
        self.checked_int_mul(o)
    }
    #[inline(always)]
    unsafe fn from_object(p: NonNull<ObjHeader>) -> Self {
        // SAFETY: the caller's guarantee, passed on.
        unsafe { Self::from_object(p) }
    }
    #[inline(always)]
    fn as_object(&self) -> Option<NonNull<ObjHeader>> {
        self.as_object()
    }
}

// ---------------------------------------------------------------------------
// Heap objects the loops use: a big-int stand-in (overflow path) and a
// generic "other object" (the dispatch loop).

#[repr(C)]
struct BigStub {
    header: ObjHeader,
    value: i128,
}
static BIG_T: TypeObject = TypeObject::new_static(&TYPE_TYPE, "int", box_dealloc::<BigStub>);

#[repr(C)]
struct OtherStub {
    header: ObjHeader,
    payload: u64,
}
static OTHER_T: TypeObject = TypeObject::new_static(&TYPE_TYPE, "str", box_dealloc::<OtherStub>);

unsafe fn box_dealloc<T>(p: NonNull<ObjHeader>) {
    // SAFETY: allocated by `Box::new` as a `T` (see `new_obj`).
    drop(unsafe { Box::from_raw(p.as_ptr() as *mut T) })
}

fn new_obj<V: Repr, T>(obj: T) -> V {
    let p = NonNull::from(Box::leak(Box::new(obj))).cast::<ObjHeader>();
    // SAFETY: a fresh object with count 1, handed over.
    unsafe { V::from_object(p) }
}

fn static_obj<V: Repr, T>(obj: &'static T) -> V {
    let p = NonNull::from(obj).cast::<ObjHeader>();
    // SAFETY: static objects start with a header and live forever.
    unsafe { p.as_ref().incref() };
    // SAFETY: a live object; we hand over the reference just added.
    unsafe { V::from_object(p) }
}

// ---------------------------------------------------------------------------
// Generic operations, shaped like the eval loop's handlers.

#[derive(Clone, Copy, PartialEq, Eq)]
enum Op {
    Add,
    Sub,
    Mul,
    Div,
}

#[inline(always)]
fn fop(op: Op, x: f64, y: f64) -> f64 {
    match op {
        Op::Add => x + y,
        Op::Sub => x - y,
        Op::Mul => x * y,
        Op::Div => x / y,
    }
}

#[inline(always)]
fn binop<V: Repr>(a: &V, b: &V, op: Op) -> V {
    if a.is_int() && b.is_int() {
        let r = match op {
            Op::Add => a.int_add(b),
            Op::Sub => a.int_sub(b),
            Op::Mul => a.int_mul(b),
            Op::Div => None,
        };
        if let Some(r) = r {
            return r;
        }
    } else if let (Some(x), Some(y)) = (a.as_f64(), b.as_f64()) {
        if op != Op::Div || y != 0.0 {
            return V::from_f64(fop(op, x, y));
        }
    }
    binop_slow(a, b, op)
}

/// Int overflow (to a heap big int), int/float promotion, int true
/// division, ZeroDivisionError; anything else is outside the benchmark.
#[inline(never)]
fn binop_slow<V: Repr>(a: &V, b: &V, op: Op) -> V {
    if let (Some(x), Some(y)) = (a.as_i64(), b.as_i64()) {
        if op == Op::Div {
            return V::from_f64(x as f64 / y as f64);
        }
        let (x, y) = (x as i128, y as i128);
        let r = match op {
            Op::Add => x + y,
            Op::Sub => x - y,
            _ => x * y,
        };
        return new_obj::<V, _>(BigStub {
            header: ObjHeader::new(&BIG_T),
            value: r,
        });
    }
    let num = |v: &V| v.as_f64().or_else(|| v.as_i64().map(|i| i as f64));
    match (num(a), num(b)) {
        (Some(_), Some(y)) if op == Op::Div && y == 0.0 => panic!("ZeroDivisionError"),
        (Some(x), Some(y)) => V::from_f64(fop(op, x, y)),
        _ => panic!("unsupported operand types"),
    }
}

#[inline(always)]
fn lt<V: Repr>(a: &V, b: &V) -> bool {
    if let (Some(x), Some(y)) = (a.as_i64(), b.as_i64()) {
        return x < y;
    }
    if let (Some(x), Some(y)) = (a.as_f64(), b.as_f64()) {
        return x < y;
    }
    lt_slow(a, b)
}

#[inline(never)]
fn lt_slow<V: Repr>(_a: &V, _b: &V) -> bool {
    panic!("unsupported comparison")
}

#[inline(always)]
fn sqrt<V: Repr>(a: &V) -> V {
    match a.as_f64() {
        Some(x) if x >= 0.0 => V::from_f64(x.sqrt()),
        _ => panic!("math domain error"),
    }
}

#[inline(always)]
fn int<V: Repr>(i: i64) -> V {
    V::from_i64(i).unwrap()
}

// ---------------------------------------------------------------------------
// The loops.

#[inline(never)]
fn int_sum<V: Repr>(n: i64) -> i64 {
    let (one, n) = (int::<V>(1), int::<V>(n));
    let mut i = int::<V>(0);
    let mut total = int::<V>(0);
    while lt(&i, &n) {
        let sq = binop(&i, &i, Op::Mul);
        let t = binop(&sq, &i, Op::Sub);
        total = binop(&total, &t, Op::Add);
        i = binop(&i, &one, Op::Add);
    }
    total.as_i64().unwrap()
}

#[inline(never)]
fn int_fib<V: Repr>(n: i64) -> i64 {
    let (one, n, lim) = (int::<V>(1), int::<V>(n), int::<V>(1 << 40));
    let (mut a, mut b, mut k) = (int::<V>(0), int::<V>(1), int::<V>(0));
    while lt(&k, &n) {
        let c = binop(&a, &b, Op::Add);
        a = std::mem::replace(&mut b, c);
        if lt(&lim, &b) {
            b = binop(&b, &lim, Op::Sub);
        }
        k = binop(&k, &one, Op::Add);
    }
    a.as_i64().unwrap() ^ b.as_i64().unwrap()
}

const BODY_FIELDS: usize = 7; // x y z vx vy vz m

// The Benchmarks Game's constants, digit for digit.
#[allow(clippy::excessive_precision)]
fn nbody_bodies<V: Repr>() -> Vec<V> {
    use std::f64::consts::PI;
    let sm = 4.0 * PI * PI;
    let dy = 365.24;
    let raw: [[f64; 7]; 5] = [
        [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, sm],
        [
            4.84143144246472090e+00,
            -1.16032004402742839e+00,
            -1.03622044471123109e-01,
            1.66007664274403694e-03 * dy,
            7.69901118419740425e-03 * dy,
            -6.90460016972063023e-05 * dy,
            9.54791938424326609e-04 * sm,
        ],
        [
            8.34336671824457987e+00,
            4.12479856412430479e+00,
            -4.03523417114321381e-01,
            -2.76742510726862411e-03 * dy,
            4.99852801234917238e-03 * dy,
            2.30417297573763929e-05 * dy,
            2.85885980666130812e-04 * sm,
        ],
        [
            1.28943695621391310e+01,
            -1.51111514016986312e+01,
            -2.23307578892655734e-01,
            2.96460137564761618e-03 * dy,
            2.37847173959480950e-03 * dy,
            -2.96589568540237556e-05 * dy,
            4.36624404335156298e-05 * sm,
        ],
        [
            1.53796971148509165e+01,
            -2.59193146099879641e+01,
            1.79258772950371181e-01,
            2.68067772490389322e-03 * dy,
            1.62824170038242295e-03 * dy,
            -9.51592254519715870e-05 * dy,
            5.15138902046611451e-05 * sm,
        ],
    ];
    raw.iter().flatten().map(|&f| V::from_f64(f)).collect()
}

#[inline(never)]
fn float_nbody<V: Repr>(steps: usize) -> f64 {
    let mut s: Vec<V> = nbody_bodies();
    let nb = s.len() / BODY_FIELDS;
    let dt = V::from_f64(0.01);
    for _ in 0..steps {
        for i in 0..nb {
            let bi = i * BODY_FIELDS;
            for j in i + 1..nb {
                let bj = j * BODY_FIELDS;
                let dx = binop(&s[bi], &s[bj], Op::Sub);
                let dy = binop(&s[bi + 1], &s[bj + 1], Op::Sub);
                let dz = binop(&s[bi + 2], &s[bj + 2], Op::Sub);
                let d2 = binop(
                    &binop(
                        &binop(&dx, &dx, Op::Mul),
                        &binop(&dy, &dy, Op::Mul),
                        Op::Add,
                    ),
                    &binop(&dz, &dz, Op::Mul),
                    Op::Add,
                );
                let mag = binop(&dt, &binop(&d2, &sqrt(&d2), Op::Mul), Op::Div);
                let b1m = binop(&s[bi + 6], &mag, Op::Mul);
                let b2m = binop(&s[bj + 6], &mag, Op::Mul);
                for (k, d) in [&dx, &dy, &dz].into_iter().enumerate() {
                    s[bi + 3 + k] = binop(&s[bi + 3 + k], &binop(d, &b2m, Op::Mul), Op::Sub);
                    s[bj + 3 + k] = binop(&s[bj + 3 + k], &binop(d, &b1m, Op::Mul), Op::Add);
                }
            }
        }
        for i in 0..nb {
            let b = i * BODY_FIELDS;
            for k in 0..3 {
                s[b + k] = binop(&s[b + k], &binop(&dt, &s[b + 3 + k], Op::Mul), Op::Add);
            }
        }
    }
    s[BODY_FIELDS].as_f64().unwrap()
}

#[inline(never)]
fn mixed_arith<V: Repr>(n: i64) -> f64 {
    let (one, n, quarter) = (int::<V>(1), int::<V>(n), V::from_f64(0.25));
    let (mut i, mut k, mut x) = (int::<V>(0), int::<V>(0), V::from_f64(0.0));
    while lt(&i, &n) {
        x = binop(&x, &binop(&i, &quarter, Op::Mul), Op::Add);
        k = binop(&k, &i, Op::Add);
        i = binop(&i, &one, Op::Add);
    }
    x.as_f64().unwrap() + k.as_i64().unwrap() as f64
}

fn mixed_values<V: Repr>() -> Vec<V> {
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    (0..1024)
        .map(|_| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let r = (seed >> 33) as i64;
            match r % 10 {
                0..=3 => int::<V>(r % 1000),
                4..=6 => V::from_f64(r as f64 / 7.0),
                7 => static_obj(&NONE),
                8 => static_obj(if r & 16 != 0 { &TRUE } else { &FALSE }),
                _ => new_obj(OtherStub {
                    header: ObjHeader::new(&OTHER_T),
                    payload: r as u64,
                }),
            }
        })
        .collect()
}

#[inline(never)]
fn mixed_dispatch<V: Repr>(values: &[V], slots: &mut [V; 64]) -> i64 {
    let (mut iacc, mut facc) = (int::<V>(0), V::from_f64(0.0));
    let (mut nones, mut bools, mut other) = (0i64, 0i64, 0i64);
    for _ in 0..16 {
        for (j, v) in values.iter().enumerate() {
            let x = v.clone();
            if x.is_int() {
                iacc = binop(&iacc, &x, Op::Add);
            } else if x.is_float() {
                facc = binop(&facc, &x, Op::Add);
            } else if let Some(p) = x.as_object() {
                // SAFETY: `x` holds a reference to this live object.
                let h = unsafe { p.as_ref() };
                let ty = h.type_ptr();
                if std::ptr::eq(ty, &NONE_TYPE) {
                    nones += 1;
                } else if std::ptr::eq(ty, &BOOL_TYPE) {
                    // SAFETY: the type says this is a BoolObject.
                    bools += unsafe { p.cast::<BoolObject>().as_ref() }.value;
                } else {
                    // SAFETY: all other objects in the list are OtherStubs.
                    other += unsafe { p.cast::<OtherStub>().as_ref() }.payload as i64 & 0xff;
                    other += h.ty().name.len() as i64;
                }
            }
            slots[j & 63] = x;
        }
    }
    iacc.as_i64().unwrap() + facc.as_f64().unwrap() as i64 + nones + bools + other
}

// ---------------------------------------------------------------------------

macro_rules! group {
    ($c:expr, $name:literal, |$V:ident| $body:expr) => {{
        let mut g = $c.benchmark_group($name);
        {
            type $V = nanbox::V;
            g.bench_function("nanbox", |b| b.iter(|| $body));
        }
        {
            type $V = tagged::V;
            g.bench_function("tagged", |b| b.iter(|| $body));
        }
        {
            type $V = pyrite_vm::value::Value;
            g.bench_function("shipped", |b| b.iter(|| $body));
        }
        g.finish();
    }};
}

fn value_repr(c: &mut Criterion) {
    // Same answers from every representation, before anything is timed.
    assert_eq!(int_sum::<nanbox::V>(50_000), int_sum::<tagged::V>(50_000));
    assert_eq!(
        int_sum::<nanbox::V>(50_000),
        int_sum::<pyrite_vm::value::Value>(50_000)
    );
    assert_eq!(int_fib::<nanbox::V>(100_000), int_fib::<tagged::V>(100_000));
    assert_eq!(float_nbody::<nanbox::V>(200), float_nbody::<tagged::V>(200));
    assert_eq!(
        float_nbody::<nanbox::V>(200),
        float_nbody::<pyrite_vm::value::Value>(200)
    );
    assert_eq!(
        mixed_arith::<nanbox::V>(100_000),
        mixed_arith::<tagged::V>(100_000)
    );

    group!(c, "int_sum", |V| int_sum::<V>(black_box(50_000)));
    group!(c, "int_fib", |V| int_fib::<V>(black_box(100_000)));
    group!(c, "float_nbody", |V| float_nbody::<V>(black_box(200)));
    group!(c, "mixed_arith", |V| mixed_arith::<V>(black_box(100_000)));

    let mut g = c.benchmark_group("mixed_dispatch");
    macro_rules! dispatch {
        ($V:ty, $label:literal) => {{
            let values = mixed_values::<$V>();
            let mut slots: [$V; 64] = std::array::from_fn(|_| int::<$V>(0));
            g.bench_function($label, |b| {
                b.iter(|| mixed_dispatch(black_box(&values), &mut slots))
            });
        }};
    }
    dispatch!(nanbox::V, "nanbox");
    dispatch!(tagged::V, "tagged");
    dispatch!(pyrite_vm::value::Value, "shipped");
    g.finish();
}

// Defaults sized for a 2-core machine (about a minute in all); command-line
// options (`-- --measurement-time 1 --sample-size 20`) override them.
criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(50)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = value_repr
}
criterion_main!(benches);
