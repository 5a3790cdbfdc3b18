//! `Value`: every Python value in one machine word, NaN-boxed.
//!
//! # Decision
//!
//! **NaN-boxing**, chosen by measurement over low-bit tagging (63-bit
//! ints inline, floats boxed from a free list). Both candidates are
//! implemented side by side in `vm/benches/value_repr.rs`, with the same
//! minimal API, full reference counting and the same interpreter-shaped
//! loops (type checks, int fast path with overflow check, float fast path,
//! generic slow path; every result a new value, every overwritten variable
//! dropped); the tagging candidate boxes floats as CPython 3.11 does: an
//! intrusive free list of 100 blocks with no thread-local lookup, falling
//! back to mimalloc (the binary's allocator), and `is_float` is "pointer,
//! and its type pointer is `float`". `shipped` is this module's `Value`
//! through the same API.
//!
//! Measured 2026-11-22 on a 2-vCPU KVM guest (AMD EPYC, Zen 4, 2.6 GHz),
//! rustc 1.95.0, release profile, pinned to one CPU. This machine is noisy
//! (the same binary varies up to 2x between runs), so the times are the
//! median over 12 interleaved criterion runs (`-- --warm-up-time 0.5
//! --measurement-time 1 --sample-size 20`, each run's median estimate), and
//! the noise-free instruction counts per loop iteration (callgrind, `Ir`)
//! are given beside them:
//!
//! | loop (one call)                          | nanbox  | tagged   | tagged/nanbox | shipped | Ir nanbox | Ir tagged |
//! |------------------------------------------|--------:|---------:|--------------:|--------:|----------:|----------:|
//! | `int_sum`: 50 000 × `t += i*i - i`        | 190 µs  | 187 µs   | 0.98          | 231 µs¹ |        55 |        42 |
//! | `int_fib`: 100 000 × `a, b = b, a+b`      | 272 µs  | 252 µs   | 0.93          | 265 µs  |        34 |        30 |
//! | `float_nbody`: 200 n-body steps           | 178 µs  | 391 µs   | **2.20**      | 172 µs  |     8 617 |    15 441 |
//! | `mixed_arith`: 100 000 × `x += i*0.25`    | 891 µs  | 1 393 µs | **1.56**      | 959 µs  |       109 |       140 |
//! | `mixed_dispatch`: 16 384 loads + dispatch | 45.0 µs | 70.0 µs  | **1.56**      | 44.5 µs |      34.2 |      34.7 |
//!
//! (Ir: instructions per iteration — per loop turn, per n-body step, per
//! list element.)
//!
//! ¹ `int_sum` is the noisiest cell (bimodal: 133–293 µs over the 12 runs
//! for `shipped`, 155–257 µs for `nanbox`, 126–214 µs for `tagged`); its
//! instruction count, 50/iteration, is between the two candidates'.
//!
//! Reading:
//! - Floats: NaN-boxing is 2.2x faster on n-body and executes 1.8x fewer
//!   instructions. Even from a free list, a boxed float costs a pop, a
//!   header write and a push back per arithmetic result, and a dependent
//!   type-pointer load per type check.
//! - Mixed code (type dispatch over ints, floats, `None`, bools, objects;
//!   int×float promotion): NaN-boxing is 1.56x faster in both loops. The
//!   dispatch loop executes the same number of instructions either way; the
//!   difference is memory traffic: with tagging, copying or dropping a float
//!   writes its reference count and checking its type loads its header.
//! - Ints: a tie in time (within this machine's noise); tagging executes
//!   12–24% fewer instructions in these fully inlined loops, because a
//!   tagged add is `lea` + `add`/`jo` where the 50-bit NaN-boxed add shifts
//!   both operands to the top of the word and back (2–3 extra ALU ops that
//!   run in parallel). In the eval loop that difference sits under the
//!   dispatch and operand-stack cost of every instruction; in JIT traces ints
//!   stay unboxed in registers. The real cost of NaN-boxing for ints is the
//!   range: 50 bits (±5.6·10^14) instead of 63, so e.g. products of two
//!   10^9-sized numbers leave the inline range — the heap int type must make
//!   int64-sized values cheap (see "Left open" below).
//!
//! CPython's weakness is that every float result is an allocation; that is
//! where a faster interpreter wins, and NaN-boxing removes it entirely.
//! Re-run with `cargo bench -p pyrite-vm --bench value_repr`.
//!
//! # Left open (for the eval loop and the type system)
//!
//! - Heap ints beyond ±2^49: the int type's layout (an i64/i128 fast form
//!   before a digit array, a free list), and demoting results back to inline
//!   ints when they fit.
//! - The 2^48…2^49 range is reserved for more immediates should the eval
//!   loop want them (e.g. a "NULL" marker distinct from `Option::None`).
//! - Bool payload layout and its int slots (see `object.rs`).
//! - Asserting that the GIL is held in refcount operations (debug builds),
//!   once the runtime exists.
//!
//! # Encoding
//!
//! The 64 bits are read as an unsigned number; three ranges, one compare
//! each, no masking to get at a pointer:
//!
//! | bits (hex, top 16 shown)      | meaning                                      |
//! |-------------------------------|----------------------------------------------|
//! | `0000` … `0000` (below 2^48)  | pointer to a heap object's [`ObjHeader`], as is |
//! | `0001` (2^48 … 2^49 − 1)      | reserved for future immediates (unused)      |
//! | `0002` … `FFFB` (2^49 … )     | a float: its IEEE bits **plus 2^49**         |
//! | `FFFC` … `FFFF` (top 14 set)  | an int: its low 50 bits, two's complement    |
//!
//! - Ints: 50-bit signed, [`INT_MIN`] = −2^49 … [`INT_MAX`] = 2^49 − 1
//!   (±5.6·10^14). Outside that range a Python int is a heap big int (the
//!   int type's job; [`Value::from_i64`] answers `None`). Decoding is
//!   `(bits << 14) as i64 >> 14`; `bits << 14` is the int times 2^14, so
//!   add/sub/mul on that form with the CPU's overflow flag detect leaving the
//!   50-bit range exactly ([`Value::checked_int_add`] and kin).
//! - Floats: every non-NaN double (±0.0, subnormals, ±inf included)
//!   round-trips bit for bit, and so does every NaN whose bits are below
//!   `0xFFFA_0000_0000_0000`: all positive NaNs, whatever their payload, and
//!   the negative ones whose top 16 bits are `FFF0`…`FFF9` — which include
//!   `0xFFF8_0000_0000_0000`, the NaN x86 produces for `inf - inf` and that
//!   `-float('nan')` gives. The remaining negative NaNs (payload bit 49 or 50
//!   set) are canonicalised to `0xFFF8_0000_0000_0000`: the sign survives
//!   (`math.copysign` sees it), only their payload is lost — and such NaNs
//!   come only from bits a program supplies (`struct.unpack`), since
//!   arithmetic creates `0xFFF8_0000_0000_0000` and otherwise propagates an
//!   input NaN. The canonicalisation is one compare and a conditional move in
//!   [`Value::from_f64`].
//! - Pointers: user-space addresses on x86-64 and AArch64 Linux are below
//!   2^47 unless a program asks `mmap` for more; [`Value::from_object`]
//!   asserts the top 16 bits are clear.
//! - No valid encoding is zero (a null object pointer does not exist, +0.0 is
//!   stored as 2^49, ints have their top bits set), so `Value` wraps a
//!   `NonZeroU64` and `Option<Value>` is one word too: `None` is the "no
//!   value" of an unbound local or an empty stack slot, for free.
//!
//! # `None`, `True`, `False`: static objects, not immediates
//!
//! They are pointers to the static singletons [`NONE`], [`TRUE`] and
//! [`FALSE`] of `object.rs`, each with a real header. So:
//! - `type(x)` is "inline int, inline float, or read the header" — three
//!   cases for every value, with no table of immediate kinds, and
//!   `type(True) is bool` is the header's type pointer like for any object;
//! - `is` is bit equality of the words for every value, and the singletons'
//!   addresses are link-time constants, so `x is None` and the truth test of a
//!   bool are a compare against a constant, just as cheap as an immediate;
//! - bools are ints (`True + 1 == 2`): their payload is their int value,
//!   at a fixed offset, for the int slots to read like any int subclass's.
//!
//! The price is that creating or dropping one touches its (immortal, see
//! `object.rs`) reference count — what CPython 3.11 does too, and a store to
//! a line that stays in L1.
//!
//! `is` on ints and floats compares values (bits), as in PyPy: two equal
//! ints are the same object, `x is x` holds for a NaN. CPython leaves the
//! identity of equal immutable numbers unspecified, so programs cannot rely
//! on the difference.
//!
//! # Ownership: reference counting correct by construction
//!
//! A `Value` owns one reference to the object it points to (if it points to
//! one). It is deliberately not `Copy`:
//! - `Clone` increments the count (for ints and floats it is a compare and
//!   nothing else);
//! - `Drop` decrements it and, at zero, calls the type's `dealloc`, once;
//! - moving a `Value` moves the reference: no count traffic.
//!
//! [`ValueRef`] is the borrowed view: the same word, `Copy`, tied by its
//! lifetime to a `Value` (or stack slot) that keeps the object alive, with no
//! count traffic to create or drop; [`ValueRef::to_value`] takes a new
//! reference when one must be kept. Handlers that only look at operands
//! (type checks, arithmetic on inline numbers, comparisons) take
//! `ValueRef`s.
//!
//! The raw word ([`Value::into_raw`], [`Value::from_raw`]) is for the JIT and
//! for stacks that store words: it moves the reference in and out without
//! touching the count.
//!
//! `Value` is `Send` and `Sync` under the GIL rule explained in `object.rs`
//! ("Threads"): counts are touched only by the thread that holds the GIL.

use std::fmt;
use std::marker::PhantomData;
use std::num::NonZeroU64;
use std::ptr::NonNull;

use crate::object::{
    static_ptr, BoolObject, ObjHeader, TypeObject, FALSE, FLOAT_TYPE, INT_TYPE, NONE, TRUE,
};

#[cfg(not(target_pointer_width = "64"))]
compile_error!("Pyrite's NaN-boxed Value needs 64-bit pointers");

/// Words below this are object pointers.
pub const OBJECT_LIMIT: u64 = 1 << 48;
/// Added to a float's IEEE bits to encode it.
pub const DOUBLE_OFFSET: u64 = 1 << 49;
/// Words at or above this are ints (top 14 bits set).
pub const INT_TAG: u64 = 0xFFFC << 48;
/// Width of an inline int.
pub const INT_BITS: u32 = 50;
/// `bits << INT_SHIFT` is the int times 2^14.
pub const INT_SHIFT: u32 = 64 - INT_BITS;
/// The smallest inline int, −2^49.
pub const INT_MIN: i64 = -(1 << (INT_BITS - 1));
/// The largest inline int, 2^49 − 1.
pub const INT_MAX: i64 = (1 << (INT_BITS - 1)) - 1;
/// IEEE bits at or above this (negative NaNs only) are canonicalised.
const NAN_CLAMP: u64 = 0xFFFA << 48;
/// The NaN they become: negative, quiet, no payload (x86's default NaN).
pub const CANONICAL_NEGATIVE_NAN: u64 = 0xFFF8 << 48;

// Predicates and decoders on the raw word, shared by `Value` and `ValueRef`.

#[inline(always)]
const fn bits_is_object(bits: u64) -> bool {
    bits < OBJECT_LIMIT
}

#[inline(always)]
const fn bits_is_int(bits: u64) -> bool {
    bits >= INT_TAG
}

#[inline(always)]
const fn bits_is_float(bits: u64) -> bool {
    bits.wrapping_sub(DOUBLE_OFFSET) < INT_TAG - DOUBLE_OFFSET
}

/// The int times 2^14 (garbage unless `bits_is_int`).
#[inline(always)]
const fn bits_shifted(bits: u64) -> i64 {
    (bits << INT_SHIFT) as i64
}

/// Encodes an int given as int times 2^14. Always yields an int encoding.
#[inline(always)]
const fn int_bits_from_shifted(shifted: i64) -> u64 {
    ((shifted as u64) >> INT_SHIFT) | INT_TAG
}

/// One Python value: an inline int, an inline float, or an owned reference to
/// a heap object. See the module docs.
#[repr(transparent)]
pub struct Value {
    bits: NonZeroU64,
    /// Opt out of the automatic `Send`/`Sync` of a plain integer: the
    /// manual impls below carry the GIL argument.
    _refcounted: PhantomData<*const ObjHeader>,
}

// SAFETY: see object.rs, "Threads": a Value's count is touched only by the
// thread holding the GIL, so moving one to another thread is fine.
unsafe impl Send for Value {}
// SAFETY: as above: `&Value` only allows clone (a count increment) and reads,
// which the GIL serialises.
unsafe impl Sync for Value {}

/// A borrowed [`Value`]: the same word, `Copy`, valid while `'a` keeps the
/// referenced object alive. Creating and dropping it costs nothing.
#[repr(transparent)]
#[derive(Clone, Copy)]
pub struct ValueRef<'a> {
    bits: NonZeroU64,
    _borrow: PhantomData<&'a Value>,
}

/// Accessors shared by `Value` and `ValueRef` (both are one word, `bits`).
macro_rules! accessors {
    () => {
        /// The raw word (for `is`, hashing by identity, the JIT).
        #[inline(always)]
        pub fn to_bits(&self) -> u64 {
            self.bits.get()
        }

        /// An inline int?
        #[inline(always)]
        pub fn is_int(&self) -> bool {
            bits_is_int(self.to_bits())
        }

        /// A float? (Floats are always inline.)
        #[inline(always)]
        pub fn is_float(&self) -> bool {
            bits_is_float(self.to_bits())
        }

        /// A pointer to a heap object (including `None`, `True`, `False`,
        /// big ints and everything that is not an inline number)?
        #[inline(always)]
        pub fn is_object(&self) -> bool {
            bits_is_object(self.to_bits())
        }

        /// The inline int, if this is one. (Big ints and bools are objects:
        /// `None` for them.)
        #[inline(always)]
        pub fn as_i64(&self) -> Option<i64> {
            if self.is_int() {
                Some(bits_shifted(self.to_bits()) >> INT_SHIFT)
            } else {
                None
            }
        }

        /// The float, if this is one.
        #[inline(always)]
        pub fn as_f64(&self) -> Option<f64> {
            if self.is_float() {
                Some(f64::from_bits(self.to_bits() - DOUBLE_OFFSET))
            } else {
                None
            }
        }

        /// The object, if this is one: borrowed, the count is not touched.
        #[inline(always)]
        pub fn as_object(&self) -> Option<NonNull<ObjHeader>> {
            if self.is_object() {
                // SAFETY: object words are non-null pointers.
                Some(unsafe { NonNull::new_unchecked(self.to_bits() as *mut ObjHeader) })
            } else {
                None
            }
        }

        /// `self is other`.
        #[inline(always)]
        pub fn is(&self, other: ValueRef<'_>) -> bool {
            self.to_bits() == other.to_bits()
        }

        /// `self is None`.
        #[inline(always)]
        pub fn is_none(&self) -> bool {
            self.to_bits() == static_ptr(&NONE).as_ptr() as u64
        }

        /// `Some(b)` if this is `True` or `False`.
        #[inline(always)]
        pub fn as_bool(&self) -> Option<bool> {
            if self.to_bits() == static_ptr(&TRUE).as_ptr() as u64 {
                Some(true)
            } else if self.to_bits() == static_ptr(&FALSE).as_ptr() as u64 {
                Some(false)
            } else {
                None
            }
        }

        /// `type(self)`.
        #[inline]
        pub fn type_of(&self) -> &TypeObject {
            match self.as_object() {
                // SAFETY: `self` (or the value it borrows) holds a reference
                // to the object, so it and its type are alive for `&self`.
                Some(p) => unsafe { &*p.as_ptr() }.ty(),
                None if self.is_int() => &INT_TYPE,
                None => {
                    debug_assert!(self.is_float());
                    &FLOAT_TYPE
                }
            }
        }
    };
}

impl Value {
    #[inline(always)]
    const fn from_bits_nonzero(bits: NonZeroU64) -> Value {
        Value {
            bits,
            _refcounted: PhantomData,
        }
    }

    /// Builds a value from a word that is not zero by construction.
    #[inline(always)]
    const fn from_nonzero_unchecked(bits: u64) -> Value {
        debug_assert!(bits != 0);
        // SAFETY: callers pass int or float encodings, never zero (ints have
        // their top bits set; floats are at least DOUBLE_OFFSET).
        Value::from_bits_nonzero(unsafe { NonZeroU64::new_unchecked(bits) })
    }

    /// The inline int `i`, or `None` if `i` is outside
    /// [`INT_MIN`]`..=`[`INT_MAX`] (the caller then makes a heap big int).
    #[inline(always)]
    pub const fn from_i64(i: i64) -> Option<Value> {
        if (i << INT_SHIFT) >> INT_SHIFT == i {
            Some(Value::from_nonzero_unchecked(int_bits_from_shifted(
                i << INT_SHIFT,
            )))
        } else {
            None
        }
    }

    /// The float `f`, inline. Bits are kept exactly except for the negative
    /// NaNs with payload bit 49 or 50 set, which become
    /// [`CANONICAL_NEGATIVE_NAN`] (see the module docs).
    #[inline(always)]
    pub fn from_f64(f: f64) -> Value {
        let raw = f.to_bits();
        let raw = if raw >= NAN_CLAMP {
            CANONICAL_NEGATIVE_NAN
        } else {
            raw
        };
        Value::from_nonzero_unchecked(raw + DOUBLE_OFFSET)
    }

    /// A float as Python sees it: inline, except NaNs, which are boxed so
    /// that each NaN has an identity of its own as in CPython (`x is x`
    /// and `x in [x]` hold for a NaN `x`, while two NaNs computed apart
    /// are different objects and compare unequal everywhere). Non-NaN
    /// floats compare equal exactly when their words do, so identity by
    /// bits is indistinguishable from CPython's for them.
    #[inline(always)]
    pub fn float(f: f64) -> Value {
        if f.is_nan() {
            return box_nan(f);
        }
        Value::from_f64(f)
    }

    /// A value that takes over one reference to `obj` (no count change).
    ///
    /// # Safety
    ///
    /// `obj` points to a live heap object (`#[repr(C)]`, header first, laid
    /// out as its type's slots and `dealloc` expect) and the caller owns one
    /// reference to it, which it hands over: the new `Value` gives it back
    /// when dropped.
    ///
    /// # Panics
    ///
    /// If the address does not fit in 48 bits (see the module docs).
    #[inline(always)]
    pub unsafe fn from_object(obj: NonNull<ObjHeader>) -> Value {
        let addr = obj.as_ptr() as u64;
        assert!(
            bits_is_object(addr),
            "object address {addr:#x} above 2^48 cannot be NaN-boxed"
        );
        // SAFETY: `obj` is non-null, so `addr` is not zero.
        Value::from_bits_nonzero(unsafe { NonZeroU64::new_unchecked(addr) })
    }

    /// A value holding a new reference to `obj` (the count goes up by one).
    ///
    /// # Safety
    ///
    /// `obj` points to a live heap object (header first, `#[repr(C)]`).
    #[inline(always)]
    pub unsafe fn from_borrowed_object(obj: NonNull<ObjHeader>) -> Value {
        // SAFETY: live, by the caller's guarantee.
        unsafe { obj.as_ref() }.incref();
        // SAFETY: we own the reference just added.
        unsafe { Value::from_object(obj) }
    }

    /// A new reference to a static object (a static type, a singleton...).
    ///
    /// # Safety
    ///
    /// `T` is a `#[repr(C)]` object struct whose first field is an
    /// [`ObjHeader`] built with [`ObjHeader::new_static`], and whose type's
    /// layout is `T`'s.
    #[inline(always)]
    pub unsafe fn from_static<T>(obj: &'static T) -> Value {
        // SAFETY: by the caller's guarantee `obj` is an object, and being
        // static it is alive forever.
        unsafe { Value::from_borrowed_object(static_ptr(obj)) }
    }

    /// `None`.
    #[inline(always)]
    pub fn none() -> Value {
        // SAFETY: NONE is a static NoneObject, header first, immortal.
        unsafe { Value::from_static(&NONE) }
    }

    /// `True` or `False`.
    #[inline(always)]
    pub fn from_bool(b: bool) -> Value {
        // SAFETY: TRUE and FALSE are static BoolObjects, header first, immortal.
        unsafe { Value::from_static::<BoolObject>(if b { &TRUE } else { &FALSE }) }
    }

    accessors!();

    /// The borrowed view of this value.
    #[inline(always)]
    pub fn borrow(&self) -> ValueRef<'_> {
        ValueRef {
            bits: self.bits,
            _borrow: PhantomData,
        }
    }

    /// `self + other` for two inline ints; `None` if the sum leaves the
    /// inline range (the caller then computes it as a big int).
    ///
    /// Both operands must be inline ints (`is_int`); otherwise the answer is
    /// a meaningless int — never anything unsafe, as the result is always
    /// an int encoding.
    #[inline(always)]
    pub fn checked_int_add(&self, other: &Value) -> Option<Value> {
        debug_assert!(self.is_int() && other.is_int());
        bits_shifted(self.to_bits())
            .checked_add(bits_shifted(other.to_bits()))
            .map(|s| Value::from_nonzero_unchecked(int_bits_from_shifted(s)))
    }

    /// `self - other` for two inline ints; see [`Value::checked_int_add`].
    #[inline(always)]
    pub fn checked_int_sub(&self, other: &Value) -> Option<Value> {
        debug_assert!(self.is_int() && other.is_int());
        bits_shifted(self.to_bits())
            .checked_sub(bits_shifted(other.to_bits()))
            .map(|s| Value::from_nonzero_unchecked(int_bits_from_shifted(s)))
    }

    /// `self * other` for two inline ints; see [`Value::checked_int_add`].
    #[inline(always)]
    pub fn checked_int_mul(&self, other: &Value) -> Option<Value> {
        debug_assert!(self.is_int() && other.is_int());
        let rhs = bits_shifted(other.to_bits()) >> INT_SHIFT;
        bits_shifted(self.to_bits())
            .checked_mul(rhs)
            .map(|s| Value::from_nonzero_unchecked(int_bits_from_shifted(s)))
    }

    /// Gives up ownership: the word, still holding the reference (if any).
    #[inline(always)]
    pub fn into_raw(self) -> u64 {
        let bits = self.to_bits();
        std::mem::forget(self);
        bits
    }

    /// Takes a word back from [`Value::into_raw`] (or from JIT code that
    /// follows the same encoding), with the reference it holds.
    ///
    /// # Safety
    ///
    /// `bits` is a valid encoding (not zero, not in the reserved range) and,
    /// if it is an object, the caller hands over one reference to it.
    #[inline(always)]
    pub unsafe fn from_raw(bits: u64) -> Value {
        debug_assert!(bits_is_object(bits) || bits_is_int(bits) || bits_is_float(bits));
        // SAFETY: a valid encoding is never zero.
        Value::from_bits_nonzero(unsafe { NonZeroU64::new_unchecked(bits) })
    }
}

#[cold]
#[inline(never)]
fn box_nan(f: f64) -> Value {
    crate::object::alloc_object(&crate::types::FLOAT_TYPE, crate::objects::FloatData(f))
}

impl Clone for Value {
    #[inline(always)]
    fn clone(&self) -> Value {
        if let Some(p) = self.as_object() {
            // SAFETY: `self` holds a reference, so the object is alive.
            unsafe { p.as_ref() }.incref();
        }
        Value::from_bits_nonzero(self.bits)
    }
}

impl Drop for Value {
    #[inline(always)]
    fn drop(&mut self) {
        if let Some(p) = self.as_object() {
            // SAFETY: `self` owns one reference and is never used again.
            unsafe { ObjHeader::decref(p) }
        }
    }
}

impl<'a> ValueRef<'a> {
    accessors!();

    /// A new owned reference to the same value (count + 1 for objects).
    #[inline(always)]
    pub fn to_value(self) -> Value {
        if let Some(p) = self.as_object() {
            // SAFETY: the borrow keeps the object alive for 'a.
            unsafe { p.as_ref() }.incref();
        }
        Value::from_bits_nonzero(self.bits)
    }

    /// A borrowed view of a raw word.
    ///
    /// # Safety
    ///
    /// `bits` is a valid encoding and, if it is an object, some reference to
    /// it is held for all of `'a` (e.g. by the stack slot it was read from).
    #[inline(always)]
    pub unsafe fn from_raw(bits: u64) -> ValueRef<'a> {
        debug_assert!(bits_is_object(bits) || bits_is_int(bits) || bits_is_float(bits));
        // SAFETY: a valid encoding is never zero.
        ValueRef {
            bits: unsafe { NonZeroU64::new_unchecked(bits) },
            _borrow: PhantomData,
        }
    }
}

impl<'a> From<&'a Value> for ValueRef<'a> {
    #[inline(always)]
    fn from(v: &'a Value) -> ValueRef<'a> {
        v.borrow()
    }
}

impl fmt::Debug for ValueRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(i) = self.as_i64() {
            write!(f, "int({i})")
        } else if let Some(x) = self.as_f64() {
            write!(f, "float({x:?})")
        } else if self.is_none() {
            f.write_str("None")
        } else if let Some(b) = self.as_bool() {
            f.write_str(if b { "True" } else { "False" })
        } else if let Some(p) = self.as_object() {
            write!(f, "<{} object at {:p}>", self.type_of().name, p.as_ptr())
        } else {
            write!(f, "<invalid value word {:#018x}>", self.to_bits())
        }
    }
}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.borrow().fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::object::test_gil as gil;
    use crate::object::{TypeObject, BOOL_TYPE, NONE_TYPE, TYPE_TYPE};
    use std::cell::Cell;
    use std::mem::size_of;
    use std::rc::Rc;

    #[test]
    fn one_word() {
        assert_eq!(size_of::<Value>(), 8);
        assert_eq!(size_of::<Option<Value>>(), 8);
        assert_eq!(size_of::<ValueRef<'_>>(), 8);
        assert_eq!(size_of::<Option<ValueRef<'_>>>(), 8);
    }

    fn int(i: i64) -> Value {
        Value::from_i64(i).unwrap()
    }

    #[test]
    fn int_round_trips_at_the_edges() {
        assert_eq!(INT_MIN, -(1i64 << 49));
        assert_eq!(INT_MAX, (1i64 << 49) - 1);
        let edges = [
            0,
            1,
            -1,
            2,
            -2,
            255,
            256,
            -5,
            INT_MAX,
            INT_MAX - 1,
            INT_MIN,
            INT_MIN + 1,
            1 << 31,
            -(1 << 31),
            1 << 48,
            -(1 << 48),
        ];
        for i in edges {
            let v = Value::from_i64(i).unwrap_or_else(|| panic!("{i} should be inline"));
            assert!(v.is_int() && !v.is_float() && !v.is_object(), "{i}");
            assert_eq!(v.as_i64(), Some(i));
            assert_eq!(v.as_f64(), None);
            assert!(v.as_object().is_none());
            assert!(std::ptr::eq(v.type_of(), &INT_TYPE));
            assert_eq!(v.borrow().as_i64(), Some(i));
        }
        for i in [
            INT_MAX + 1,
            INT_MIN - 1,
            1 << 50,
            -(1 << 50),
            i64::MAX,
            i64::MIN,
            1 << 62,
        ] {
            assert!(
                Value::from_i64(i).is_none(),
                "{i} is beyond the inline range"
            );
        }
        // The encoding is monotonic in the shifted form (for the JIT's compares).
        assert!(bits_shifted(int(-1).to_bits()) < bits_shifted(int(0).to_bits()));
    }

    #[test]
    fn checked_int_arithmetic_matches_i128() {
        let samples = [
            0,
            1,
            -1,
            2,
            -2,
            3,
            7,
            -7,
            1000,
            -1000,
            1 << 24,
            -(1 << 24),
            1 << 25,
            (1 << 25) + 1,
            INT_MAX,
            INT_MAX - 1,
            INT_MIN,
            INT_MIN + 1,
            INT_MAX / 2,
            INT_MIN / 2,
            INT_MAX / 2 + 1,
        ];
        let fits = |r: i128| r >= INT_MIN as i128 && r <= INT_MAX as i128;
        for &a in &samples {
            for &b in &samples {
                let (va, vb) = (int(a), int(b));
                for (name, got, want) in [
                    ("+", va.checked_int_add(&vb), a as i128 + b as i128),
                    ("-", va.checked_int_sub(&vb), a as i128 - b as i128),
                    ("*", va.checked_int_mul(&vb), a as i128 * b as i128),
                ] {
                    match got {
                        Some(v) => {
                            assert!(fits(want), "{a} {name} {b} should overflow");
                            assert_eq!(v.as_i64(), Some(want as i64), "{a} {name} {b}");
                        }
                        None => assert!(!fits(want), "{a} {name} {b} = {want} fits"),
                    }
                }
            }
        }
        assert!(int(INT_MAX).checked_int_add(&int(1)).is_none());
        assert!(int(INT_MIN).checked_int_sub(&int(1)).is_none());
        assert!(int(INT_MIN).checked_int_mul(&int(-1)).is_none());
        assert_eq!(
            int(INT_MIN + 1).checked_int_mul(&int(-1)).unwrap().as_i64(),
            Some(INT_MAX)
        );
    }

    fn assert_float_exact(x: f64) {
        let v = Value::from_f64(x);
        assert!(
            v.is_float() && !v.is_int() && !v.is_object(),
            "{x:?} ({:#x})",
            x.to_bits()
        );
        assert_eq!(
            v.as_f64().unwrap().to_bits(),
            x.to_bits(),
            "{x:?} ({:#x})",
            x.to_bits()
        );
        assert_eq!(v.as_i64(), None);
        assert!(std::ptr::eq(v.type_of(), &FLOAT_TYPE));
    }

    #[test]
    fn floats_round_trip_bit_for_bit() {
        for x in [
            0.0,
            -0.0,
            1.0,
            -1.5,
            0.1,
            f64::MAX,
            f64::MIN,
            f64::MIN_POSITIVE,
            -f64::MIN_POSITIVE,
            f64::EPSILON,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::from_bits(1),                     // smallest subnormal
            f64::from_bits(0x000F_FFFF_FFFF_FFFF), // largest subnormal
            -f64::from_bits(1),
            -f64::from_bits(0x000F_FFFF_FFFF_FFFF),
            1e308,
            -1e-308,
        ] {
            assert_float_exact(x);
        }
        // -0.0 keeps its sign.
        assert!(Value::from_f64(-0.0).as_f64().unwrap().is_sign_negative());
    }

    #[test]
    fn nans() {
        // Kept exactly: every positive NaN, and the negative ones below FFFA.
        for bits in [
            0x7FF8_0000_0000_0000u64, // f64::NAN, float('nan')
            0x7FF0_0000_0000_0001,    // signalling
            0x7FF4_0000_0000_0000,
            0x7FFF_FFFF_FFFF_FFFF,
            0x7FF8_DEAD_BEEF_0001,
            0xFFF8_0000_0000_0000, // -float('nan'), x86's inf - inf
            0xFFF0_0000_0000_0001,
            0xFFF9_FFFF_FFFF_FFFF,
        ] {
            let x = f64::from_bits(bits);
            assert!(x.is_nan());
            assert_float_exact(x);
        }
        assert_float_exact(f64::NAN);
        assert_float_exact(-f64::NAN);
        let inf = std::hint::black_box(f64::INFINITY);
        assert_float_exact(inf - inf);
        assert_float_exact(0.0 * inf);
        // Canonicalised: negative NaNs with payload bit 49 or 50 set.
        for bits in [
            0xFFFA_0000_0000_0000u64,
            0xFFFC_0000_0000_0001,
            0xFFFF_FFFF_FFFF_FFFF,
            0xFFFE_1234_5678_9ABC,
        ] {
            let v = Value::from_f64(f64::from_bits(bits));
            assert!(v.is_float() && !v.is_int() && !v.is_object(), "{bits:#x}");
            assert_eq!(
                v.as_f64().unwrap().to_bits(),
                CANONICAL_NEGATIVE_NAN,
                "{bits:#x}"
            );
            assert!(v.as_f64().unwrap().is_sign_negative());
        }
        // A NaN is itself.
        let n = Value::from_f64(f64::NAN);
        assert!(n.is(n.borrow()));
    }

    #[test]
    fn every_double_is_a_float_sweep() {
        // A deterministic sweep over the whole bit space.
        let mut s: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..1_000_000 {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            let x = f64::from_bits(s);
            let v = Value::from_f64(x);
            assert!(v.is_float() && !v.is_int() && !v.is_object());
            let back = v.as_f64().unwrap().to_bits();
            if s >= NAN_CLAMP {
                assert!(x.is_nan());
                assert_eq!(back, CANONICAL_NEGATIVE_NAN);
            } else {
                assert_eq!(back, s);
            }
        }
    }

    #[test]
    fn ranges_do_not_overlap() {
        // The boundaries of each range classify as exactly one kind.
        let kinds = |b: u64| (bits_is_object(b), bits_is_float(b), bits_is_int(b));
        assert_eq!(kinds(8), (true, false, false));
        assert_eq!(kinds(OBJECT_LIMIT - 8), (true, false, false));
        assert_eq!(kinds(OBJECT_LIMIT), (false, false, false)); // reserved
        assert_eq!(kinds(DOUBLE_OFFSET - 1), (false, false, false)); // reserved
        assert_eq!(kinds(DOUBLE_OFFSET), (false, true, false)); // +0.0
        assert_eq!(kinds(INT_TAG - 1), (false, true, false));
        assert_eq!(kinds(INT_TAG), (false, false, true));
        assert_eq!(kinds(u64::MAX), (false, false, true)); // -1
        assert_eq!(Value::from_f64(0.0).to_bits(), DOUBLE_OFFSET);
        assert_eq!(int(-1).to_bits(), u64::MAX);
        assert_eq!(int(0).to_bits(), INT_TAG);
    }

    // --- heap objects and reference counting ---

    /// A test object: frees itself through `dealloc` and counts how often
    /// that happened in a counter the test owns. It may hold another value.
    #[repr(C)]
    struct Probe {
        header: ObjHeader,
        freed: Rc<Cell<usize>>,
        inner: Option<Value>,
    }

    static PROBE_TYPE: TypeObject = TypeObject::new_static(&TYPE_TYPE, "probe", probe_dealloc);

    unsafe fn probe_dealloc(obj: NonNull<ObjHeader>) {
        // SAFETY: every PROBE_TYPE object was made by `probe` with Box.
        let b = unsafe { Box::from_raw(obj.as_ptr() as *mut Probe) };
        assert_eq!(b.header.refcnt(), 0);
        b.freed.set(b.freed.get() + 1);
        drop(b); // drops `inner`
    }

    fn probe(freed: &Rc<Cell<usize>>, inner: Option<Value>) -> Value {
        let b = Box::new(Probe {
            header: ObjHeader::new(&PROBE_TYPE),
            freed: freed.clone(),
            inner,
        });
        // SAFETY: a fresh object whose single reference we hand over.
        unsafe { Value::from_object(NonNull::from(Box::leak(b)).cast()) }
    }

    fn refcnt(v: &Value) -> usize {
        // SAFETY: `v` keeps the object alive.
        unsafe { v.as_object().unwrap().as_ref() }.refcnt()
    }

    #[test]
    fn clone_and_drop_free_exactly_once() {
        let freed = Rc::new(Cell::new(0));
        let v = probe(&freed, None);
        assert!(v.is_object() && !v.is_int() && !v.is_float());
        assert_eq!(v.as_i64(), None);
        assert_eq!(v.as_f64(), None);
        assert!(std::ptr::eq(v.type_of(), &PROBE_TYPE));
        assert_eq!(refcnt(&v), 1);
        let clones: Vec<Value> = (0..3).map(|_| v.clone()).collect();
        assert_eq!(refcnt(&v), 4);
        assert!(clones.iter().all(|c| c.is(v.borrow())));
        drop(clones);
        assert_eq!(refcnt(&v), 1);
        assert_eq!(freed.get(), 0);
        let moved = v; // a move: no count traffic
        assert_eq!(refcnt(&moved), 1);
        drop(moved);
        assert_eq!(freed.get(), 1);
    }

    #[test]
    fn last_reference_can_be_any_clone() {
        let freed = Rc::new(Cell::new(0));
        let a = probe(&freed, None);
        let b = a.clone();
        let c = b.clone();
        drop(a);
        drop(c);
        assert_eq!(freed.get(), 0);
        drop(b);
        assert_eq!(freed.get(), 1);
    }

    #[test]
    fn dealloc_releases_what_the_object_holds() {
        let freed = Rc::new(Cell::new(0));
        let inner = probe(&freed, None);
        let keep = inner.clone();
        let outer = probe(&freed, Some(inner));
        assert_eq!(refcnt(&keep), 2);
        drop(outer);
        assert_eq!(freed.get(), 1, "outer freed, inner still referenced");
        assert_eq!(refcnt(&keep), 1);
        drop(keep);
        assert_eq!(freed.get(), 2);
        // A chain freed from the top.
        let freed = Rc::new(Cell::new(0));
        let mut v = probe(&freed, None);
        for _ in 0..100 {
            v = probe(&freed, Some(v));
        }
        assert_eq!(freed.get(), 0);
        drop(v);
        assert_eq!(freed.get(), 101);
    }

    #[test]
    fn borrowed_views_and_raw_words() {
        let freed = Rc::new(Cell::new(0));
        let v = probe(&freed, None);
        let r = v.borrow();
        let r2 = r; // Copy
        assert_eq!(refcnt(&v), 1, "borrowing costs nothing");
        assert!(r2.is_object() && r2.is(v.borrow()));
        let owned = r.to_value();
        assert_eq!(refcnt(&v), 2);
        drop(owned);
        let raw = v.clone().into_raw();
        assert_eq!(refcnt(&v), 2, "the raw word still holds its reference");
        // SAFETY: `raw` came from into_raw and `v` keeps the object alive.
        let view = unsafe { ValueRef::from_raw(raw) };
        assert!(view.is(v.borrow()));
        // SAFETY: `raw` came from into_raw; the reference is handed back.
        drop(unsafe { Value::from_raw(raw) });
        assert_eq!(refcnt(&v), 1);
        // SAFETY: `v` keeps the object alive.
        let again = unsafe { Value::from_borrowed_object(v.as_object().unwrap()) };
        assert_eq!(refcnt(&v), 2);
        drop(again);
        drop(v);
        assert_eq!(freed.get(), 1);
        // Numbers through raw words.
        for v in [int(INT_MIN), Value::from_f64(-0.0)] {
            let bits = v.to_bits();
            // SAFETY: numbers hold no reference.
            let back = unsafe { Value::from_raw(v.into_raw()) };
            assert_eq!(back.to_bits(), bits);
        }
    }

    #[test]
    fn numbers_clone_without_touching_memory() {
        let a = int(42);
        let b = a.clone();
        assert!(a.is(b.borrow()));
        let x = Value::from_f64(2.5);
        assert_eq!(x.clone().as_f64(), Some(2.5));
    }

    #[test]
    fn singletons() {
        let _gil = gil();
        let n0 = NONE.header.refcnt();
        let none = Value::none();
        assert_eq!(NONE.header.refcnt(), n0 + 1);
        assert!(none.is_none() && none.is_object());
        assert!(none.is(Value::none().borrow()), "None is None");
        assert!(std::ptr::eq(none.type_of(), &NONE_TYPE));
        assert_eq!(none.as_bool(), None);
        drop(none);
        assert_eq!(NONE.header.refcnt(), n0);

        let t = Value::from_bool(true);
        let f = Value::from_bool(false);
        assert_eq!(t.as_bool(), Some(true));
        assert_eq!(f.as_bool(), Some(false));
        assert!(t.is(Value::from_bool(true).borrow()) && !t.is(f.borrow()));
        // type(True) is bool, and True is not the int 1.
        assert!(std::ptr::eq(t.type_of(), &BOOL_TYPE));
        assert!(std::ptr::eq(f.type_of(), &BOOL_TYPE));
        assert!(!t.is_int() && t.as_i64().is_none());
        assert!(!t.is(int(1).borrow()));
        // Its int value sits after the header.
        // SAFETY: `t` is True, a BoolObject.
        assert_eq!(
            unsafe { t.as_object().unwrap().cast::<BoolObject>().as_ref() }.value,
            1
        );
        assert!(!int(0).is_none() && !Value::from_f64(0.0).is_none());
        assert_eq!(int(0).as_bool(), None);
        // type(bool) is type.
        // SAFETY: BOOL_TYPE is a static TypeObject, header first.
        assert_eq!(
            unsafe { Value::from_static(&BOOL_TYPE) }.type_of().name,
            "type"
        );
        assert_eq!(
            format!(
                "{:?} {:?} {:?} {:?} {:?}",
                Value::none(),
                t,
                f,
                int(-3),
                Value::from_f64(0.5)
            ),
            "None True False int(-3) float(0.5)"
        );
    }
}
