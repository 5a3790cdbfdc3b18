//! Constructing values: one function per built-in kind, and the static
//! singletons `NotImplemented`, `Ellipsis` and the stack's NULL marker.

use std::cell::{Cell, RefCell};

use super::{PyResult, Vm};
use crate::dict::DictTable;
use crate::int::Int;
use crate::object::{alloc_object, ObjHeader, PyBox, TypeObject};
use crate::objects::*;
use crate::types::*;
use crate::value::Value;

/// `NotImplemented`.
pub static NOT_IMPLEMENTED: PyBox<Empty> = PyBox {
    header: ObjHeader::new_static(&NOT_IMPLEMENTED_TYPE),
    data: Empty,
};
/// `Ellipsis`.
pub static ELLIPSIS: PyBox<Empty> = PyBox {
    header: ObjHeader::new_static(&ELLIPSIS_TYPE),
    data: Empty,
};
/// The NULL the 3.11 calling convention pushes below a callable (never
/// visible to Python code).
pub static NULL_MARKER: PyBox<Empty> = PyBox {
    header: ObjHeader::new_static(&OBJECT_TYPE),
    data: Empty,
};

/// `NotImplemented` as a value.
#[inline]
pub fn not_implemented() -> Value {
    // SAFETY: a static PyBox<Empty> of its type, immortal.
    unsafe { Value::from_static(&NOT_IMPLEMENTED) }
}

#[inline]
pub fn ellipsis() -> Value {
    // SAFETY: as above.
    unsafe { Value::from_static(&ELLIPSIS) }
}

#[inline]
pub fn null() -> Value {
    // SAFETY: as above.
    unsafe { Value::from_static(&NULL_MARKER) }
}

#[inline]
pub fn is_null(v: &Value) -> bool {
    v.to_bits() == (&NULL_MARKER as *const PyBox<Empty> as u64)
}

#[inline]
pub fn is_not_implemented(v: &Value) -> bool {
    v.to_bits() == (&NOT_IMPLEMENTED as *const PyBox<Empty> as u64)
}

/// Python's hash of a str (FNV-1a over the UTF-8 bytes: any good hash
/// will do, as CPython randomises its own; never -1).
pub fn str_hash(s: &str) -> i64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in s.as_bytes() {
        h ^= *b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    let h = h as i64;
    if h == -1 {
        -2
    } else {
        h
    }
}

/// Python's hash of bytes: the same function as str, as CPython.
pub fn bytes_hash(b: &[u8]) -> i64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for x in b {
        h ^= *x as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    let h = h as i64;
    if h == -1 {
        -2
    } else {
        h
    }
}

impl Vm {
    pub fn new_str(&mut self, s: &str) -> Value {
        new_str_of(&STR_TYPE, s.into())
    }

    pub fn new_str_owned(&mut self, s: String) -> Value {
        new_str_of(&STR_TYPE, s.into_boxed_str())
    }

    pub fn new_int(&mut self, i: Int) -> Value {
        new_int(i)
    }

    pub fn new_float(&mut self, f: f64) -> Value {
        Value::float(f)
    }

    pub fn new_tuple(&mut self, items: Vec<Value>) -> Value {
        new_tuple(items)
    }

    pub fn new_list(&mut self, items: Vec<Value>) -> Value {
        alloc_object(
            &LIST_TYPE,
            ListData {
                items: RefCell::new(items),
            },
        )
    }

    pub fn new_dict(&mut self) -> Value {
        alloc_object(
            &DICT_TYPE,
            DictData {
                table: RefCell::new(DictTable::new()),
                default_factory: RefCell::new(None),
            },
        )
    }

    pub fn new_set(&mut self, frozen: bool) -> Value {
        alloc_object(
            if frozen { &FROZENSET_TYPE } else { &SET_TYPE },
            SetData {
                table: RefCell::new(crate::settable::SetTable::new()),
            },
        )
    }

    pub fn new_bytes(&mut self, b: Vec<u8>) -> Value {
        alloc_object(
            &BYTES_TYPE,
            BytesData {
                b: b.into_boxed_slice(),
                hash: Cell::new(-1),
            },
        )
    }

    pub fn new_bytearray(&mut self, b: Vec<u8>) -> Value {
        alloc_object(
            &BYTEARRAY_TYPE,
            ByteArrayData {
                b: RefCell::new(b),
                exports: Cell::new(0),
            },
        )
    }

    pub fn new_complex(&mut self, re: f64, im: f64) -> Value {
        alloc_object(&COMPLEX_TYPE, ComplexData { re, im })
    }

    pub fn new_cell(&mut self, v: Option<Value>) -> Value {
        alloc_object(&CELL_TYPE, CellData(RefCell::new(v)))
    }

    pub fn new_iter(&mut self, ty: &'static TypeObject, st: IterState) -> Value {
        alloc_object(ty, IterData(RefCell::new(st)))
    }

    /// An exception instance of `ty` with the given args tuple.
    pub fn new_exception_obj(&mut self, ty: &TypeObject, args: Value) -> Value {
        alloc_object(
            ty,
            ExcData {
                args: RefCell::new(args),
                traceback: RefCell::new(None),
                cause: RefCell::new(None),
                context: RefCell::new(None),
                suppress_context: Cell::new(false),
            },
        )
    }

    /// A built-in function `name` (module-level).
    pub fn new_native_fn(
        &mut self,
        name: &'static str,
        f: NativeFn,
        module: Option<&'static str>,
    ) -> Value {
        alloc_object(
            &BUILTIN_FUNCTION_TYPE,
            BuiltinFnData {
                name,
                f,
                self_: None,
                owner: None,
                module,
                doc: None,
                arity: crate::objects::ANY_ARITY,
            },
        )
    }

    /// A method descriptor of a built-in type.
    pub fn new_method_descr(
        &mut self,
        owner: &'static TypeObject,
        name: &'static str,
        f: NativeFn,
    ) -> Value {
        alloc_object(
            crate::builtins::method_kind(name),
            BuiltinFnData {
                name,
                f,
                self_: None,
                owner: Some(owner),
                module: None,
                doc: None,
                arity: crate::objects::slot_arity(name),
            },
        )
    }

    /// A built-in method bound to `self_`.
    pub fn new_bound_native(&mut self, d: &BuiltinFnData, self_: Value) -> Value {
        alloc_object(
            &BUILTIN_FUNCTION_TYPE,
            BuiltinFnData {
                name: d.name,
                f: d.f,
                self_: Some(self_),
                owner: d.owner,
                module: None,
                doc: d.doc,
                arity: d.arity,
            },
        )
    }

    pub fn new_bound_method(&mut self, func: Value, self_: Value) -> Value {
        alloc_object(&METHOD_TYPE, MethodData { func, self_ })
    }

    pub fn new_slice(&mut self, start: Value, stop: Value, step: Value) -> Value {
        alloc_object(&SLICE_TYPE, SliceData { start, stop, step })
    }

    /// A module object named `name` with a fresh namespace.
    pub fn new_module(&mut self, name: &str) -> PyResult<Value> {
        let m = alloc_object(&MODULE_TYPE, ModuleData);
        let d = self.new_dict();
        crate::vm::attr::set_inst_dict(&m, d.clone());
        let n = self.new_str(name);
        self.dict_set_str(&d, "__name__", n)?;
        self.dict_set_str(&d, "__doc__", Value::none())?;
        self.dict_set_str(&d, "__package__", Value::none())?;
        self.dict_set_str(&d, "__loader__", Value::none())?;
        self.dict_set_str(&d, "__spec__", Value::none())?;
        Ok(m)
    }

    /// `str(i)` helper for building messages.
    pub fn new_int_i64(&mut self, i: i64) -> Value {
        new_int(Int::Small(i))
    }
}

/// A new empty dict (no VM needed).
pub fn new_dict_value() -> Value {
    alloc_object(
        &DICT_TYPE,
        DictData {
            table: RefCell::new(DictTable::new()),
            default_factory: RefCell::new(None),
        },
    )
}

/// A str whose length in characters the caller knows (it built the text
/// from strs): no scan to count them, and no reallocation when `s` has
/// exactly the capacity it needs.
pub fn new_str_counted(s: String, nchars: usize) -> Value {
    debug_assert_eq!(s.chars().count(), nchars);
    alloc_object(
        &STR_TYPE,
        StrData {
            s: s.into_boxed_str(),
            nchars,
            hash: Cell::new(-1),
            index: std::cell::OnceCell::new(),
        },
    )
}

/// A str of type `ty` (str or a subclass).
pub fn new_str_of(ty: &TypeObject, s: Box<str>) -> Value {
    let nchars = if s.is_ascii() {
        s.len()
    } else {
        s.chars().count()
    };
    alloc_object(
        ty,
        StrData {
            s,
            nchars,
            hash: Cell::new(-1),
            index: std::cell::OnceCell::new(),
        },
    )
}

/// An int value: inline when it fits, else a heap big int.
pub fn new_int(i: Int) -> Value {
    if let Int::Small(s) = i {
        if let Some(v) = Value::from_i64(s) {
            return v;
        }
    }
    if let Some(s) = i.to_i64() {
        if let Some(v) = Value::from_i64(s) {
            return v;
        }
    }
    alloc_object(&INT_TYPE, IntData(i))
}

#[inline]
pub fn new_int_i64(i: i64) -> Value {
    match Value::from_i64(i) {
        Some(v) => v,
        None => alloc_object(&INT_TYPE, IntData(Int::Small(i))),
    }
}

pub fn new_tuple(items: Vec<Value>) -> Value {
    alloc_object(
        &TUPLE_TYPE,
        TupleData {
            items: items.into_boxed_slice(),
        },
    )
}
