//! Weak references: which objects are weakly referenced, by whom, and what
//! happens when such an object dies.
//!
//! A weak reference (`_weakref.ref`, a proxy) holds its referent's address,
//! not a count. The referent's type is flagged `WEAKLY_REFERENCED` the
//! first time one of its instances is weakly referenced, so freeing an
//! object costs one flag test unless its type has ever been weakly
//! referenced; only then is the registry consulted.
//!
//! When a weakly referenced object is freed, every weak reference to it is
//! cleared at once (calling it returns None from then on), and those with
//! a callback are queued — each holding a new reference to itself — to
//! have `callback(ref)` run by the eval loop at its next instruction
//! boundary, as `__del__` methods are (running Python code inside
//! whatever native code dropped the last reference could re-enter
//! borrowed state).
//!
//! The registry is process-wide and touched only under the GIL (a mutex
//! keeps it sound regardless).

use crate::object::{type_flags, ObjHeader};
use crate::value::Value;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::ptr::NonNull;
use std::sync::Mutex;

/// The payload of a weak reference object (`weakref.ref`, its subclasses,
/// and proxies).
pub struct WeakRefData {
    /// The referent's address; 0 once it died.
    pub target: Cell<usize>,
    pub callback: RefCell<Option<Value>>,
    /// `hash(ref)`: the referent's hash, kept so it survives the referent.
    pub hash: Cell<Option<i64>>,
}

impl WeakRefData {
    /// The referent, if alive.
    pub fn get(&self) -> Option<Value> {
        let p = NonNull::new(self.target.get() as *mut ObjHeader)?;
        // SAFETY: a non-zero target is a live object: it is reset to 0
        // (by `clear_dead`) before the object is freed.
        Some(unsafe { Value::from_borrowed_object(p) })
    }
}

impl Drop for WeakRefData {
    fn drop(&mut self) {
        let t = self.target.get();
        if t != 0 {
            forget(t, self as *const WeakRefData as usize);
        }
    }
}

/// referent address → its weak references' payload addresses, oldest first.
static REGISTRY: Mutex<Option<HashMap<usize, Vec<usize>>>> = Mutex::new(None);

fn registry() -> std::sync::MutexGuard<'static, Option<HashMap<usize, Vec<usize>>>> {
    REGISTRY.lock().unwrap_or_else(|p| p.into_inner())
}

/// Records that `data` (inside a live weak reference object) refers to
/// `target`, and flags `target`'s type.
pub fn register(target: &Value, data: &WeakRefData) {
    let Some(p) = target.as_object() else {
        return;
    };
    let ty = target.type_of();
    ty.flags.set(ty.flags.get() | type_flags::WEAKLY_REFERENCED);
    data.target.set(p.as_ptr() as usize);
    registry()
        .get_or_insert_with(HashMap::new)
        .entry(p.as_ptr() as usize)
        .or_default()
        .push(data as *const WeakRefData as usize);
}

/// A weak reference going away before its referent.
fn forget(target: usize, data: usize) {
    let mut reg = registry();
    let Some(map) = reg.as_mut() else {
        return;
    };
    if let Some(list) = map.get_mut(&target) {
        list.retain(|&d| d != data);
        if list.is_empty() {
            map.remove(&target);
        }
    }
}

/// The payloads of the live weak references to `target`, oldest first.
pub fn refs_to(target: &Value) -> Vec<&'static WeakRefData> {
    let Some(p) = target.as_object() else {
        return Vec::new();
    };
    let reg = registry();
    let Some(list) = reg.as_ref().and_then(|m| m.get(&(p.as_ptr() as usize))) else {
        return Vec::new();
    };
    list.iter()
        // SAFETY: registered payloads live inside live weak reference
        // objects (`Drop` unregisters them before they are freed).
        .map(|&d| unsafe { &*(d as *const WeakRefData) })
        .collect()
}

/// The weak reference object whose payload is `data`.
pub fn owner_of(data: &WeakRefData) -> Value {
    let owner = data as *const WeakRefData as usize - std::mem::offset_of!(crate::object::PyBox<WeakRefData>, data);
    // SAFETY: `data` is the payload of a live weak reference object (the
    // caller got it from the registry or the object), which starts
    // `offset_of!(PyBox, data)` bytes before it (PyBox and PyBoxDict are
    // repr(C), header first, payload second).
    unsafe { Value::from_borrowed_object(NonNull::new_unchecked(owner as *mut ObjHeader)) }
}

/// Weak reference objects waiting for their callback (each address
/// carries one reference).
static CALLBACKS: Mutex<Vec<usize>> = Mutex::new(Vec::new());

/// Called by `object::dealloc` for an object whose type is flagged, just
/// before it is freed: clears its weak references and queues callbacks.
///
/// # Safety
///
/// `obj` is unreachable, its count is zero, and it is about to be freed.
pub(crate) unsafe fn clear_dead(obj: NonNull<ObjHeader>) {
    let Some(list) = registry().as_mut().and_then(|m| m.remove(&(obj.as_ptr() as usize))) else {
        return;
    };
    let mut queued = Vec::new();
    for d in list {
        // SAFETY: as in `refs_to`.
        let data = unsafe { &*(d as *const WeakRefData) };
        data.target.set(0);
        if data.callback.borrow().is_some() {
            // The weak reference object holding `data`: PyBox and
            // PyBoxDict are repr(C) with the header first and the payload
            // second, at the same offset.
            let owner = d - std::mem::offset_of!(crate::object::PyBox<WeakRefData>, data);
            // SAFETY: `owner` is the live weak reference object (it is
            // registered, so not yet freed); if its count is zero it is
            // being freed itself and gets no callback.
            let h = unsafe { &*(owner as *const ObjHeader) };
            if h.refcnt() > 0 {
                h.incref();
                queued.push(owner);
            }
        }
    }
    if !queued.is_empty() {
        CALLBACKS.lock().unwrap_or_else(|p| p.into_inner()).extend(queued);
        crate::object::finalizers::wake();
    }
}

/// Takes the weak references whose callbacks are due (each value owns
/// the reference the queue held).
pub fn take_callbacks() -> Vec<Value> {
    std::mem::take(&mut *CALLBACKS.lock().unwrap_or_else(|p| p.into_inner()))
        .into_iter()
        // SAFETY: queued addresses are weak reference objects that were
        // given one reference for the queue.
        .map(|p| unsafe { Value::from_object(NonNull::new_unchecked(p as *mut ObjHeader)) })
        .collect()
}
