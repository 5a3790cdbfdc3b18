//! Heap objects: the header every heap object starts with, the (stub) type
//! object, and the static singletons `None`, `True` and `False`.
//!
//! # Layout
//!
//! Every heap object is a `#[repr(C)]` struct whose first field is an
//! [`ObjHeader`]:
//!
//! | offset | field    | type                  |
//! |-------:|----------|-----------------------|
//! |      0 | `refcnt` | `usize`, non-atomic   |
//! |      8 | `ty`     | `*const TypeObject`   |
//! |     16 | payload  | type-specific         |
//!
//! The offsets are fixed ([`ObjHeader::REFCNT_OFFSET`],
//! [`ObjHeader::TYPE_OFFSET`]) so the JIT can emit plain loads and stores for
//! reference counting and type guards. A pointer to any object is a pointer
//! to its header, and a [`Value`](crate::value::Value) that holds an object
//! holds exactly that pointer.
//!
//! # Reference counting
//!
//! The count is a plain `usize` in a [`Cell`], not an atomic: the GIL
//! serialises Python code, and even an uncontended `lock add` is a full
//! barrier costing many times a plain `add`, paid on every copy of a
//! value. When the
//! count reaches zero the type's [`TypeObject::dealloc`] runs once; it drops
//! the payload (and with it the references the object holds) and frees the
//! memory. Application code never calls `incref`/`decref` by hand: `Value`'s
//! `Clone` and `Drop` do (see `value.rs`).
//!
//! Static objects (the type stubs, `None`, `True`, `False`) are *immortal*:
//! they start at [`IMMORTAL_REFCNT`] = 2^62, which no run can count down to
//! zero (that would take 2^62 more decrements than increments, i.e. a
//! refcount bug, and years). Their counts are still incremented and
//! decremented like any other, so the hot paths carry no "is it immortal?"
//! branch; should one ever reach zero anyway, its `dealloc` aborts the
//! process rather than free static memory.
//!
//! # Threads: why `Send`/`Sync` are implemented by hand
//!
//! `Cell` makes `ObjHeader` neither `Sync` nor (through the raw type
//! pointer) `Send`, and a Rust `static` must be `Sync`. Pyrite shares
//! objects between threads exactly as CPython does: any thread may hold
//! references, but **a thread must hold the GIL to read or write a reference
//! count or an object's contents**. Under that invariant the non-atomic
//! accesses are never concurrent — the GIL hand-off is a release/acquire
//! pair, which orders every count update before the next holder's — so the
//! manual `unsafe impl Send`/`Sync` on [`ObjHeader`], [`TypeObject`] and the
//! singletons (and on `Value`) are sound. The invariant is the VM's, not the
//! type system's: native code that releases the GIL (blocking I/O, `time.sleep`)
//! must not touch values until it takes the GIL back. (The runtime does not
//! exist yet; when it does, debug builds should assert the GIL is held in
//! `incref`/`decref`.)

use std::cell::Cell;
use std::ptr::NonNull;

/// Reference count of every static (immortal) object: 2^62, never reached
/// back down to zero by a correct program.
pub const IMMORTAL_REFCNT: usize = 1 << 62;

/// The fixed header at offset 0 of every heap object.
#[repr(C)]
pub struct ObjHeader {
    refcnt: Cell<usize>,
    ty: *const TypeObject,
}

// SAFETY: see the module docs, "Threads": counts and contents are only
// touched by the thread holding the GIL, which serialises every access.
unsafe impl Sync for ObjHeader {}
// SAFETY: as above; the type pointer is to a type object, itself shared
// under the same rule.
unsafe impl Send for ObjHeader {}

impl ObjHeader {
    /// Byte offset of the reference count (for the JIT).
    pub const REFCNT_OFFSET: usize = 0;
    /// Byte offset of the type pointer (for the JIT).
    pub const TYPE_OFFSET: usize = std::mem::size_of::<usize>();

    /// The header of a freshly allocated object: one reference (the one the
    /// allocator hands to its caller) and the given type.
    ///
    /// The object should own a reference to a heap type; static types are
    /// immortal, so for them this does not matter yet. (Heap types do not
    /// exist yet: the type system decides when it adds them.)
    #[inline]
    pub const fn new(ty: &TypeObject) -> ObjHeader {
        ObjHeader { refcnt: Cell::new(1), ty: ty as *const TypeObject }
    }

    /// The header of a static, immortal object of type `ty`.
    pub const fn new_static(ty: &'static TypeObject) -> ObjHeader {
        ObjHeader { refcnt: Cell::new(IMMORTAL_REFCNT), ty: ty as *const TypeObject }
    }

    /// The current reference count.
    #[inline]
    pub fn refcnt(&self) -> usize {
        self.refcnt.get()
    }

    /// The object's type.
    #[inline]
    pub fn ty(&self) -> &TypeObject {
        // SAFETY: `ty` was set from a reference at construction and a type
        // outlives its instances (static types are immortal; heap types will
        // be kept alive by a reference from each instance).
        unsafe { &*self.ty }
    }

    /// The object's type, as the raw pointer that type guards compare.
    #[inline]
    pub fn type_ptr(&self) -> *const TypeObject {
        self.ty
    }

    /// Adds one reference. Safe: the worst misuse is a leak.
    #[inline]
    pub fn incref(&self) {
        self.refcnt.set(self.refcnt.get() + 1);
    }

    /// Drops one reference; at zero, runs the type's `dealloc`, which frees
    /// the object.
    ///
    /// # Safety
    ///
    /// `obj` points to a live object, and the caller owns the reference it
    /// gives up here: after the call it must not use `obj` again.
    #[inline]
    pub unsafe fn decref(obj: NonNull<ObjHeader>) {
        // SAFETY: the caller guarantees `obj` is live.
        let h = unsafe { obj.as_ref() };
        let n = h.refcnt.get() - 1;
        h.refcnt.set(n);
        if n == 0 {
            // SAFETY: that was the last reference: nobody else can reach the
            // object, so it is ours to free, exactly once.
            unsafe { dealloc(obj) }
        }
    }
}

/// The slow half of [`ObjHeader::decref`], out of line so the common case
/// (count stays above zero) stays a decrement and a predicted branch.
#[cold]
#[inline(never)]
unsafe fn dealloc(obj: NonNull<ObjHeader>) {
    // SAFETY: the caller (decref) established that `obj` is live and
    // unreachable; `dealloc` is the type's own destructor for its layout.
    unsafe { (obj.as_ref().ty().dealloc)(obj) }
}

/// A Python type — a stub for now.
///
/// Today it has just what the value layer needs: a header (types are objects:
/// `type(int) is type`), a name and the destructor. The type system will
/// extend it, after `dealloc`, with the slot functions of the hot protocols
/// (`add`, `getattr`, `setattr`, `call`, `iter`, `next`, `hash`,
/// `richcompare`, `len`, `getitem`, ...), the base/MRO, the type dict and a
/// version tag that changes whenever the type or a base is mutated (the key
/// of the inline caches). Keep the header first and `#[repr(C)]` so the JIT's
/// field offsets stay known.
#[repr(C)]
pub struct TypeObject {
    /// Types are objects.
    pub header: ObjHeader,
    /// `__name__`.
    pub name: &'static str,
    /// Runs once, when an instance's count reaches zero: drops the payload
    /// (releasing the references it holds) and frees the memory.
    ///
    /// # Safety
    ///
    /// Called only by [`ObjHeader::decref`], with a pointer to an
    /// unreachable instance of this type, whose count is zero.
    pub dealloc: unsafe fn(NonNull<ObjHeader>),
}

// SAFETY: see the module docs, "Threads".
unsafe impl Sync for TypeObject {}
// SAFETY: see the module docs, "Threads".
unsafe impl Send for TypeObject {}

impl TypeObject {
    /// A static type named `name`, an instance of `metatype` (normally
    /// [`TYPE_TYPE`]), whose instances are freed by `dealloc`.
    pub const fn new_static(
        metatype: &'static TypeObject,
        name: &'static str,
        dealloc: unsafe fn(NonNull<ObjHeader>),
    ) -> TypeObject {
        TypeObject { header: ObjHeader::new_static(metatype), name, dealloc }
    }
}

/// `dealloc` of static objects: reaching zero means a refcount bug has
/// already corrupted the heap's accounting; stop before freeing static
/// memory.
unsafe fn dealloc_static(obj: NonNull<ObjHeader>) {
    // SAFETY: `obj` is live (it is static).
    let name = unsafe { obj.as_ref() }.ty().name;
    eprintln!("pyrite: fatal: reference count of a static {name} object reached zero");
    std::process::abort();
}

/// `type`.
pub static TYPE_TYPE: TypeObject = TypeObject::new_static(&TYPE_TYPE, "type", dealloc_static);
/// `NoneType`.
pub static NONE_TYPE: TypeObject = TypeObject::new_static(&TYPE_TYPE, "NoneType", dealloc_static);
/// `bool`.
pub static BOOL_TYPE: TypeObject = TypeObject::new_static(&TYPE_TYPE, "bool", dealloc_static);
/// `int`: what `type_of` answers for inline ints. Heap big ints will be its
/// instances; the type system gives it their `dealloc` then.
pub static INT_TYPE: TypeObject = TypeObject::new_static(&TYPE_TYPE, "int", dealloc_static);
/// `float`: what `type_of` answers for (always inline) floats.
pub static FLOAT_TYPE: TypeObject = TypeObject::new_static(&TYPE_TYPE, "float", dealloc_static);

/// The `None` object: a header and nothing else.
#[repr(C)]
pub struct NoneObject {
    /// Type `NoneType`, immortal.
    pub header: ObjHeader,
}

/// `True` and `False`. Their payload is their int value (`True + 1 == 2`),
/// at the offset the int slots will read it from; the type system may
/// reshape this when it defines the int layout.
#[repr(C)]
pub struct BoolObject {
    /// Type `bool`, immortal.
    pub header: ObjHeader,
    /// 1 for `True`, 0 for `False`.
    pub value: i64,
}

/// The singleton `None`.
pub static NONE: NoneObject = NoneObject { header: ObjHeader::new_static(&NONE_TYPE) };
/// The singleton `True`.
pub static TRUE: BoolObject = BoolObject { header: ObjHeader::new_static(&BOOL_TYPE), value: 1 };
/// The singleton `False`.
pub static FALSE: BoolObject = BoolObject { header: ObjHeader::new_static(&BOOL_TYPE), value: 0 };

/// The header address of a static object (for building `Value`s).
#[inline]
pub(crate) fn static_ptr<T>(obj: &'static T) -> NonNull<ObjHeader> {
    NonNull::from(obj).cast()
}

/// Unit tests run on several threads, but the static singletons' counts
/// are non-atomic: tests that touch them take this lock — the GIL's job.
#[cfg(test)]
pub(crate) fn test_gil() -> std::sync::MutexGuard<'static, ()> {
    static GIL: std::sync::Mutex<()> = std::sync::Mutex::new(());
    GIL.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_layout_is_fixed() {
        assert_eq!(std::mem::size_of::<ObjHeader>(), 16);
        assert_eq!(std::mem::align_of::<ObjHeader>(), 8);
        let h = ObjHeader::new(&INT_TYPE);
        let base = &h as *const ObjHeader as usize;
        assert_eq!(&h.refcnt as *const Cell<usize> as usize - base, ObjHeader::REFCNT_OFFSET);
        assert_eq!(&h.ty as *const *const TypeObject as usize - base, ObjHeader::TYPE_OFFSET);
        // The payload of a bool starts right after the header.
        let t = &TRUE;
        assert_eq!(&t.value as *const i64 as usize - t as *const BoolObject as usize, 16);
    }

    #[test]
    fn statics_are_immortal_and_typed() {
        let _gil = test_gil();
        assert!(NONE.header.refcnt() >= IMMORTAL_REFCNT / 2);
        assert_eq!(NONE.header.ty().name, "NoneType");
        assert_eq!(TRUE.header.ty().name, "bool");
        assert!(std::ptr::eq(FALSE.header.ty(), &BOOL_TYPE));
        // type(type) is type; type(bool) is type.
        assert!(std::ptr::eq(TYPE_TYPE.header.ty(), &TYPE_TYPE));
        assert!(std::ptr::eq(BOOL_TYPE.header.ty(), &TYPE_TYPE));
    }
}
