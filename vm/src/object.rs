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
        ObjHeader {
            refcnt: Cell::new(1),
            ty: ty as *const TypeObject,
        }
    }

    /// The header of a static, immortal object of type `ty`.
    pub const fn new_static(ty: &'static TypeObject) -> ObjHeader {
        ObjHeader {
            refcnt: Cell::new(IMMORTAL_REFCNT),
            ty: ty as *const TypeObject,
        }
    }

    /// The header of an object that is never freed (classes).
    pub fn new_immortal(ty: &TypeObject) -> ObjHeader {
        ObjHeader {
            refcnt: Cell::new(IMMORTAL_REFCNT),
            ty: ty as *const TypeObject,
        }
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

    /// Changes the object's type (`__class__` assignment).
    ///
    /// # Safety
    ///
    /// `ty` has the same instance layout as the current type, and is
    /// immortal (classes are), so no count needs adjusting.
    pub unsafe fn set_type(&mut self, ty: &TypeObject) {
        self.ty = ty as *const TypeObject;
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
    // unreachable.
    let ty = unsafe { obj.as_ref() }.ty();
    if suspended_generator(obj, ty) {
        // A generator (or coroutine) paused inside its body: resurrected
        // until the eval loop closes it, so its `finally` blocks and
        // context managers run now, as in CPython. Once closed it has no
        // frame and is freed at its next death.
        // SAFETY: `obj` is live; we take the one reference back.
        unsafe { obj.as_ref() }.refcnt.set(1);
        finalizers::defer(obj);
        return;
    }
    if ty.has_flag(type_flags::HAS_FINALIZER) && !finalizers::take_finalized(obj) {
        // A class with `__del__`: resurrect the object until the eval loop
        // runs its finalizer at the next instruction boundary (running
        // Python code here, inside whatever Rust code dropped the last
        // reference, could re-enter borrowed state).
        // SAFETY: `obj` is live; we take the one reference back.
        unsafe { obj.as_ref() }.refcnt.set(1);
        finalizers::defer(obj);
        return;
    }
    if ty.has_flag(type_flags::WEAKLY_REFERENCED) {
        // SAFETY: `obj` is unreachable, count zero, about to be freed.
        unsafe { crate::weaklist::clear_dead(obj) };
    }
    // SAFETY: `obj` is live, unreachable and not resurrected.
    unsafe { trashcan::free(obj) }
}

/// Frees objects without recursing without bound on the native stack.
///
/// Freeing a container decrements its items, which may free them, and so
/// on: a list nested 100000 deep would need 100000 nested destructor
/// calls. Past a fixed depth, objects whose count reached zero are parked
/// on a per-thread list instead, and the outermost free empties that list
/// iteratively (CPython's "trashcan").
mod trashcan {
    use super::ObjHeader;
    use std::cell::{Cell, RefCell};
    use std::ptr::NonNull;

    /// Nested destructors allowed before parking (each level is a few
    /// hundred bytes of native stack).
    const MAX_DEPTH: u32 = 200;

    thread_local! {
        static DEPTH: Cell<u32> = const { Cell::new(0) };
        /// How many objects `PARKED` holds: a plain cell, cheap to read on
        /// every outermost free, where the list itself (which has a
        /// destructor, so each access checks its registration) is touched
        /// only when something was parked.
        static NPARKED: Cell<usize> = const { Cell::new(0) };
        static PARKED: RefCell<Vec<NonNull<ObjHeader>>> = const { RefCell::new(Vec::new()) };
    }

    /// Runs `obj`'s type's destructor now, or parks it when destructors
    /// are already nested `MAX_DEPTH` deep.
    ///
    /// # Safety
    ///
    /// `obj` is live, its count is zero and nothing else can reach it.
    pub(super) unsafe fn free(obj: NonNull<ObjHeader>) {
        let depth = DEPTH.get();
        if depth >= MAX_DEPTH {
            PARKED.with(|p| p.borrow_mut().push(obj));
            NPARKED.set(NPARKED.get() + 1);
            return;
        }
        DEPTH.set(depth + 1);
        // SAFETY: the caller's guarantee; `dealloc` is the type's own
        // destructor for its layout (a type outlives its instances).
        unsafe { (obj.as_ref().ty().dealloc)(obj) };
        if depth == 0 && NPARKED.get() > 0 {
            // The outermost free: empty the parked objects (freeing one may
            // park more, each at most MAX_DEPTH deep again).
            while let Some(next) = PARKED.with(|p| p.borrow_mut().pop()) {
                NPARKED.set(NPARKED.get() - 1);
                // SAFETY: parked objects were unreachable with count zero
                // when parked, and nothing revived them since.
                unsafe { (next.as_ref().ty().dealloc)(next) };
            }
        }
        DEPTH.set(depth);
    }
}

/// Whether `obj` (of type `ty`) is a generator or coroutine that started
/// and has not finished: it must be closed before it is freed.
/// Also a coroutine never started (it warns "never awaited"), and an
/// async generator that started or holds a finalizer hook (the hook is
/// called instead of closing it).
fn suspended_generator(obj: NonNull<ObjHeader>, ty: &TypeObject) -> bool {
    let coro = std::ptr::eq(ty, &crate::types::COROUTINE_TYPE);
    let agen = std::ptr::eq(ty, &crate::types::ASYNC_GENERATOR_TYPE);
    if !coro && !agen && !std::ptr::eq(ty, &crate::types::GENERATOR_TYPE) {
        return false;
    }
    // SAFETY: generators, coroutines and async generators are PyBox<GenData>.
    let g = unsafe { &obj.cast::<crate::object::PyBox<crate::objects::GenData>>().as_ref().data };
    let first = g.started.get()
        || coro
        || (agen && g.finalizer.try_borrow().is_ok_and(|f| f.is_some()));
    first && !g.running.get() && g.frame.try_borrow().is_ok_and(|f| f.is_some())
}

/// Objects waiting for their `__del__` (see `dealloc`), and those whose
/// `__del__` has run (freed without another call when they die).
pub mod finalizers {
    use super::ObjHeader;
    use std::ptr::NonNull;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Mutex;

    /// Set when `PENDING` is non-empty: the eval loop's cheap check.
    pub static HAS_PENDING: AtomicBool = AtomicBool::new(false);

    /// Objects waiting for `__del__`, and those whose `__del__` ran, by
    /// address. Process-wide (any thread may run them: all hold the GIL
    /// when they touch these).
    static PENDING: Mutex<Vec<usize>> = Mutex::new(Vec::new());
    static FINALIZED: Mutex<Option<std::collections::HashSet<usize>>> = Mutex::new(None);

    fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
        m.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub(super) fn defer(obj: NonNull<ObjHeader>) {
        lock(&PENDING).push(obj.as_ptr() as usize);
        HAS_PENDING.store(true, Ordering::Relaxed);
    }

    /// Asks the eval loop to run what is pending (weak reference
    /// callbacks, see `weaklist`).
    pub fn wake() {
        HAS_PENDING.store(true, Ordering::Relaxed);
    }

    /// Was `obj`'s finalizer run? (Forgets it: the object is being freed.)
    pub(super) fn take_finalized(obj: NonNull<ObjHeader>) -> bool {
        lock(&FINALIZED)
            .as_mut()
            .is_some_and(|f| f.remove(&(obj.as_ptr() as usize)))
    }

    /// Takes the objects waiting for `__del__`; each carries one reference.
    pub fn take_pending() -> Vec<NonNull<ObjHeader>> {
        HAS_PENDING.store(false, Ordering::Relaxed);
        std::mem::take(&mut *lock(&PENDING))
            .into_iter()
            // SAFETY: only non-null object addresses are queued.
            .map(|p| unsafe { NonNull::new_unchecked(p as *mut ObjHeader) })
            .collect()
    }

    /// Records that `obj`'s finalizer has run.
    pub fn mark_finalized(obj: NonNull<ObjHeader>) {
        lock(&FINALIZED)
            .get_or_insert_with(Default::default)
            .insert(obj.as_ptr() as usize);
    }
}

/// A Python type.
///
/// Built-in types are `static`s (declared by `builtin_type!` in
/// `types.rs`); classes are leaked heap `TypeObject`s, immortal like the
/// statics (a class is almost always alive until exit anyway, and in CPython
/// it sits in a reference cycle with its MRO; a cycle collector will revisit
/// this). Everything mutable is in a `Cell`/`RefCell`, touched only under
/// the GIL, and never borrowed across a call back into Python.
///
/// `solid` is the built-in type whose payload layout instances have (`list`
/// for `class L(list)`); payload downcasts compare it. `dict_offset` is the
/// byte offset of the instance `__dict__` slot (0: instances have none).
#[repr(C)]
pub struct TypeObject {
    /// Types are objects.
    pub header: ObjHeader,
    /// `__name__` of a built-in type; classes keep theirs in `heap_name`.
    pub name: &'static str,
    /// Runs once, when an instance's count reaches zero: drops the payload
    /// (releasing the references it holds) and frees the memory.
    ///
    /// # Safety
    ///
    /// Called only by [`ObjHeader::decref`], with a pointer to an
    /// unreachable instance of this type, whose count is zero.
    pub dealloc: unsafe fn(NonNull<ObjHeader>),
    /// The `dealloc` and dict offset that subclass instances (payload plus
    /// a `__dict__` slot) of this layout use.
    pub dealloc_with_dict: unsafe fn(NonNull<ObjHeader>),
    pub dict_offset_with_dict: usize,
    /// Where instances keep their `__dict__` (0: nowhere).
    pub dict_offset: Cell<usize>,
    /// The built-in type whose layout instances have.
    pub solid: Cell<*const TypeObject>,
    /// The first base (`__base__`); null for `object`.
    pub base: Cell<*const TypeObject>,
    /// Statically known base, used to build the MRO of built-in types.
    pub static_base: *const TypeObject,
    /// `TypeFlags` bits.
    pub flags: Cell<u32>,
    /// Bumped when the type or a base changes; inline caches key on it.
    pub version: Cell<u32>,
    /// The name of a class (built-in types use `name`).
    pub heap_name: std::cell::RefCell<Option<String>>,
    pub qualname: std::cell::RefCell<Option<String>>,
    /// `__bases__` (types).
    pub bases: std::cell::RefCell<Vec<crate::value::Value>>,
    /// `__mro__` (types), self first.
    pub mro: std::cell::RefCell<Vec<crate::value::Value>>,
    /// The type's namespace (`__dict__`): name → value.
    pub dict: std::cell::RefCell<crate::dict::DictTable>,
    /// Subclasses, for `__subclasses__` and cache invalidation (weakly:
    /// raw pointers to immortal types).
    pub subclasses: std::cell::RefCell<Vec<*const TypeObject>>,
    /// `__slots__` without `__dict__`: the attribute names instances accept.
    pub slot_names: std::cell::RefCell<Option<Vec<String>>>,
    /// The native slots of a built-in type (see [`NativeSlots`]); None for
    /// classes and whenever the namespace changes (`type_modified`).
    pub slots: Cell<Option<&'static NativeSlots>>,
    /// `tp_getattro`, `tp_setattro`, `tp_call` (see `vm::slots`).
    pub getattro: Cell<crate::vm::slots::GetAttrSlot>,
    pub setattro: Cell<crate::vm::slots::SetAttrSlot>,
    pub call: Cell<crate::vm::slots::CallSlot>,
}

/// A built-in type's operators and hot protocols as direct function
/// pointers — the `nb_*`, `tp_iter`, `sq_length`, ... slots of CPython's
/// type objects. Filled once at start-up from the type's own namespace
/// (each entry is exactly the native method that looking up `__add__`,
/// `__radd__`, `__iadd__`, `__lt__`, `__iter__`, ... finds), so operators,
/// comparisons, `iter`, `len`, subscripts, `in` and `hash` on built-in
/// values skip the name lookup and the call machinery.
pub struct NativeSlots {
    /// Binary operators, indexed by `BINARY_OP`'s operator (`arg % 13`).
    pub op: [Option<crate::objects::NativeFn>; 13],
    pub rop: [Option<crate::objects::NativeFn>; 13],
    pub iop: [Option<crate::objects::NativeFn>; 13],
    /// `__lt__` ... `__ge__`, indexed by `COMPARE_OP`'s argument.
    pub cmp: [Option<crate::objects::NativeFn>; 6],
    /// The protocols, indexed by [`Proto`].
    pub proto: [Option<crate::objects::NativeFn>; Proto::COUNT],
}

impl NativeSlots {
    #[inline(always)]
    pub fn proto(&self, p: Proto) -> Option<crate::objects::NativeFn> {
        self.proto[p as usize]
    }
}

/// Declares the protocol slots once: the enum and the special name each
/// is filled from.
macro_rules! protocol_slots {
    ($($variant:ident = $dunder:literal,)*) => {
        /// A protocol slot of [`NativeSlots`].
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Proto { $($variant,)* }

        impl Proto {
            pub const COUNT: usize = [$(Proto::$variant,)*].len();
            /// Each slot with the special method it stands for.
            pub const ALL: [(Proto, &'static str); Proto::COUNT] = [$((Proto::$variant, $dunder),)*];
        }
    };
}

protocol_slots! {
    Iter = "__iter__",
    Next = "__next__",
    Len = "__len__",
    GetItem = "__getitem__",
    SetItem = "__setitem__",
    Contains = "__contains__",
    Hash = "__hash__",
}

/// `TypeObject::flags` bits.
pub mod type_flags {
    /// A class created by a `class` statement or `type(name, bases, dict)`.
    pub const HEAPTYPE: u32 = 1 << 9;
    /// May be subclassed.
    pub const BASETYPE: u32 = 1 << 10;
    /// Defines `__getattribute__`/`__getattr__`/`__setattr__`/`__delattr__` in Python.
    pub const CUSTOM_GETATTR: u32 = 1 << 1;
    pub const HAS_GETATTR_HOOK: u32 = 1 << 2;
    pub const CUSTOM_SETATTR: u32 = 1 << 3;
    /// Is a subclass of `BaseException`.
    pub const EXCEPTION: u32 = 1 << 30;
    pub const TYPE_SUBCLASS: u32 = 1 << 31;
    /// The class defines `__del__` (in Python): instances are finalized.
    pub const HAS_FINALIZER: u32 = 1 << 5;
    /// The class or a base declared `__slots__`: the instance slot holds
    /// the slot values (see `vm::attr::inst_dict`).
    pub const SLOTTED: u32 = 1 << 4;
    /// Some instance has been weakly referenced: freeing one consults the
    /// weak-reference registry (`weaklist`).
    pub const WEAKLY_REFERENCED: u32 = 1 << 6;
    /// CPython's `Py_TPFLAGS_SEQUENCE` / `Py_TPFLAGS_MAPPING`: what
    /// `match` takes for a sequence or mapping pattern (`MATCH_SEQUENCE`,
    /// `MATCH_MAPPING` test these bits, never `isinstance`). Set on list,
    /// tuple, range, memoryview, deque / dict; classes inherit them from
    /// the first base on their MRO that has either; `_abc` sets them from
    /// `__abc_tpflags__` (collections.abc's Sequence and Mapping) and
    /// copies them onto classes registered with such an ABC.
    pub const SEQUENCE: u32 = 1 << 11;
    pub const MAPPING: u32 = 1 << 12;
    pub const COLLECTION: u32 = SEQUENCE | MAPPING;
    /// CPython's `Py_TPFLAGS_IMMUTABLETYPE` for heap types built by native
    /// modules (`typeutil::new_type`); static built-in types are recognised
    /// by lacking `HEAPTYPE`. Only `_abc.register`'s collection-flag copy
    /// consults it: a registered built-in keeps its own flags.
    pub const IMMUTABLETYPE: u32 = 1 << 7;
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
        TypeObject {
            header: ObjHeader::new_static(metatype),
            name,
            dealloc,
            dealloc_with_dict: dealloc,
            dict_offset_with_dict: 0,
            dict_offset: Cell::new(0),
            solid: Cell::new(std::ptr::null()),
            base: Cell::new(std::ptr::null()),
            static_base: std::ptr::null(),
            flags: Cell::new(type_flags::BASETYPE),
            version: Cell::new(1),
            heap_name: std::cell::RefCell::new(None),
            qualname: std::cell::RefCell::new(None),
            bases: std::cell::RefCell::new(Vec::new()),
            mro: std::cell::RefCell::new(Vec::new()),
            dict: std::cell::RefCell::new(crate::dict::DictTable::new()),
            subclasses: std::cell::RefCell::new(Vec::new()),
            slot_names: std::cell::RefCell::new(None),
            slots: Cell::new(None),
            getattro: Cell::new(crate::vm::slots::getattr_generic),
            setattro: Cell::new(crate::vm::slots::setattr_generic),
            call: Cell::new(crate::vm::slots::call_generic),
        }
    }

    /// The type's `__name__`, borrowed for a built-in type (no copy: for
    /// messages that are usually never shown).
    pub fn name_cow(&self) -> std::borrow::Cow<'static, str> {
        match &*self.heap_name.borrow() {
            Some(n) => std::borrow::Cow::Owned(n.clone()),
            None => std::borrow::Cow::Borrowed(self.name),
        }
    }

    /// The type's `__name__`.
    pub fn name(&self) -> String {
        match &*self.heap_name.borrow() {
            Some(n) => n.clone(),
            None => self.name.to_string(),
        }
    }

    /// Is the (class) flag set?
    #[inline]
    pub fn has_flag(&self, f: u32) -> bool {
        self.flags.get() & f != 0
    }
}

pub use crate::types::{BOOL_TYPE, FLOAT_TYPE, INT_TYPE, NONE_TYPE, TYPE_TYPE};

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
pub static NONE: NoneObject = NoneObject {
    header: ObjHeader::new_static(&NONE_TYPE),
};
/// The singleton `True`.
pub static TRUE: BoolObject = BoolObject {
    header: ObjHeader::new_static(&BOOL_TYPE),
    value: 1,
};
/// The singleton `False`.
pub static FALSE: BoolObject = BoolObject {
    header: ObjHeader::new_static(&BOOL_TYPE),
    value: 0,
};

/// The header address of a static object (for building `Value`s).
#[inline]
pub(crate) fn static_ptr<T>(obj: &'static T) -> NonNull<ObjHeader> {
    NonNull::from(obj).cast()
}

/// A heap object with payload `T`: what every built-in type allocates.
#[repr(C)]
pub struct PyBox<T> {
    pub header: ObjHeader,
    pub data: T,
}

/// An instance of a class deriving from a built-in layout: the payload
/// and a `__dict__` slot after it (at the type's `dict_offset`).
#[repr(C)]
pub struct PyBoxDict<T> {
    pub header: ObjHeader,
    pub data: T,
    pub dict: InstDict,
}

/// An instance `__dict__` slot: `None` until first needed.
pub struct InstDict(pub std::cell::UnsafeCell<Option<crate::value::Value>>);

impl InstDict {
    pub const fn new() -> InstDict {
        InstDict(std::cell::UnsafeCell::new(None))
    }
}

impl Default for InstDict {
    fn default() -> Self {
        InstDict::new()
    }
}

/// `dealloc` for `PyBox<T>`.
///
/// # Safety
///
/// `obj` is an unreachable `PyBox<T>` allocated by [`alloc_object`].
pub unsafe fn drop_box<T>(obj: NonNull<ObjHeader>) {
    // SAFETY: allocated as Box<PyBox<T>> by alloc_object; last reference.
    drop(unsafe { Box::from_raw(obj.cast::<PyBox<T>>().as_ptr()) });
}

/// `dealloc` for `PyBoxDict<T>`.
///
/// # Safety
///
/// As [`drop_box`], for `PyBoxDict<T>`.
pub unsafe fn drop_box_dict<T>(obj: NonNull<ObjHeader>) {
    // SAFETY: allocated as Box<PyBoxDict<T>>; last reference.
    drop(unsafe { Box::from_raw(obj.cast::<PyBoxDict<T>>().as_ptr()) });
}

/// Allocates an instance of `ty` with payload `data`: a `PyBox<T>`, or a
/// `PyBoxDict<T>` when the type's instances have a `__dict__`.
/// The caller guarantees `ty`'s solid layout is `T`.
pub fn alloc_object<T>(ty: &TypeObject, data: T) -> crate::value::Value {
    let ptr: NonNull<ObjHeader> = if ty.dict_offset.get() != 0 {
        NonNull::from(Box::leak(Box::new(PyBoxDict {
            header: ObjHeader::new(ty),
            data,
            dict: InstDict::new(),
        })))
        .cast()
    } else {
        NonNull::from(Box::leak(Box::new(PyBox {
            header: ObjHeader::new(ty),
            data,
        })))
        .cast()
    };
    // SAFETY: a fresh object with one reference, which we hand over.
    unsafe { crate::value::Value::from_object(ptr) }
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
        assert_eq!(
            &h.refcnt as *const Cell<usize> as usize - base,
            ObjHeader::REFCNT_OFFSET
        );
        assert_eq!(
            &h.ty as *const *const TypeObject as usize - base,
            ObjHeader::TYPE_OFFSET
        );
        // The payload of a bool starts right after the header.
        let t = &TRUE;
        assert_eq!(
            &t.value as *const i64 as usize - t as *const BoolObject as usize,
            16
        );
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
