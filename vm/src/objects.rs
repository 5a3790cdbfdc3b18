//! Payloads of the built-in types: what follows the header of each heap
//! object, and the checked downcast from a `Value` to it.
//!
//! Every built-in layout implements [`Payload`], naming the static type
//! that identifies the layout (`TypeObject::solid`). A class deriving from
//! a built-in type has that type's layout, so `downcast::<ListData>` works
//! on instances of `class L(list)` too.

use std::cell::{Cell, RefCell};
use std::ptr::NonNull;
use std::sync::Arc;

use crate::dict::DictTable;
use crate::int::Int;
use crate::object::{ObjHeader, PyBox, TypeObject};
use crate::types::*;
use crate::value::Value;

/// A payload type and the static type naming its layout.
///
/// # Safety
///
/// Every object whose type's `solid` is `layout()` must be a `PyBox<Self>`
/// (or `PyBoxDict<Self>`, which starts the same way).
pub unsafe trait Payload: Sized {
    fn layout() -> &'static TypeObject;
}

/// The payload of `v` if its layout is `T`'s.
#[inline(always)]
pub fn downcast<T: Payload>(v: &Value) -> Option<&T> {
    let p = v.as_object()?;
    // SAFETY: `v` holds a reference, so the object (and its type) is live
    // for the borrow of `v`.
    let ty = unsafe { p.as_ref() }.ty();
    if std::ptr::eq(ty.solid.get(), T::layout()) {
        // SAFETY: by `Payload`'s contract the object is a PyBox<T>; both
        // PyBox and PyBoxDict put the payload right after the header.
        Some(unsafe { &p.cast::<PyBox<T>>().as_ref().data })
    } else {
        None
    }
}

/// The payload of `v`, known by the caller to have layout `T`.
///
/// # Safety
///
/// `v`'s type's `solid` is `T::layout()`.
#[inline(always)]
pub unsafe fn payload_unchecked<T: Payload>(v: &Value) -> &T {
    // SAFETY: the caller guarantees the layout; `v` keeps it alive.
    unsafe {
        &v.as_object()
            .unwrap_unchecked()
            .cast::<PyBox<T>>()
            .as_ref()
            .data
    }
}

/// Is `v`'s type exactly `ty` (no subclass)?
#[inline(always)]
pub fn is_exact(v: &Value, ty: &'static TypeObject) -> bool {
    std::ptr::eq(v.type_of(), ty)
}

macro_rules! payload {
    ($($t:ty => $ty:ident;)*) => {
        $(
            // SAFETY: $ty is declared in types.rs with payload $t.
            unsafe impl Payload for $t {
                #[inline(always)]
                fn layout() -> &'static TypeObject {
                    &$ty
                }
            }
        )*
    };
}

/// `str`: UTF-8 text. `nchars == s.len()` means ASCII (O(1) indexing).
pub struct StrData {
    pub s: Box<str>,
    pub nchars: usize,
    pub hash: Cell<i64>,
    /// For non-ASCII text, built on first indexing: the byte offset of
    /// every `STR_INDEX_STRIDE`-th character, so that finding character
    /// `i` scans at most a stride (O(1) indexing, as CPython's fixed-width
    /// strings give).
    pub index: std::cell::OnceCell<Box<[u32]>>,
}

/// Characters between two entries of `StrData::index`.
pub const STR_INDEX_STRIDE: usize = 32;

impl StrData {
    /// The byte offset of character `i` (`i <= nchars`).
    #[inline]
    pub fn byte_offset(&self, i: usize) -> usize {
        if self.nchars == self.s.len() {
            return i;
        }
        if i >= self.nchars {
            return self.s.len();
        }
        let index = self.index.get_or_init(|| {
            self.s
                .char_indices()
                .step_by(STR_INDEX_STRIDE)
                .map(|(b, _)| b as u32)
                .collect::<Vec<u32>>()
                .into_boxed_slice()
        });
        let base = index[i / STR_INDEX_STRIDE] as usize;
        match self.s[base..].char_indices().nth(i % STR_INDEX_STRIDE) {
            Some((o, _)) => base + o,
            None => self.s.len(),
        }
    }
}

/// `bytes`.
pub struct BytesData {
    pub b: Box<[u8]>,
    pub hash: Cell<i64>,
}

/// `bytearray`.
pub struct ByteArrayData {
    pub b: RefCell<Vec<u8>>,
    /// Live memoryviews over it: while any exists, resizing is a
    /// BufferError (their indices would dangle).
    pub exports: Cell<usize>,
}

/// `tuple`.
pub struct TupleData {
    pub items: Box<[Value]>,
}

/// `list`.
pub struct ListData {
    pub items: RefCell<Vec<Value>>,
}

/// `dict` (also the layout of `OrderedDict`/`defaultdict` subclasses).
pub struct DictData {
    pub table: RefCell<DictTable>,
    /// `defaultdict`'s factory, when this is one.
    pub default_factory: RefCell<Option<Value>>,
}

/// `set` and `frozenset` (values are unused).
pub struct SetData {
    pub table: RefCell<crate::settable::SetTable>,
}

/// A big `int` (or an instance of an int subclass).
pub struct IntData(pub Int);

/// An instance of a float subclass (plain floats are inline).
pub struct FloatData(pub f64);

/// `complex`.
pub struct ComplexData {
    pub re: f64,
    pub im: f64,
}

/// `range`: `start`, `stop`, `step` as ints (inline or big).
pub struct RangeData {
    pub start: Value,
    pub stop: Value,
    pub step: Value,
}

/// `slice`.
pub struct SliceData {
    pub start: Value,
    pub stop: Value,
    pub step: Value,
}

/// A Python function.
pub struct FunctionData {
    pub code: Value,
    pub globals: Value,
    pub builtins: Value,
    pub name: RefCell<Value>,
    pub qualname: RefCell<Value>,
    pub defaults: RefCell<Option<Value>>,
    pub kwdefaults: RefCell<Option<Value>>,
    pub closure: Option<Value>,
    pub annotations: RefCell<Option<Value>>,
    /// `__doc__`; None until read or set: then it is taken from the code
    /// (its first constant), which a lazily read code object need not
    /// build for that until asked.
    pub doc: RefCell<Option<Value>>,
    pub module: RefCell<Value>,
}

impl FunctionData {
    /// `__doc__`: as set, else the docstring CPython 3.11 keeps as the
    /// code's first constant (None if it is not a str, or for lambdas and
    /// comprehensions, whose names start with '<').
    pub fn doc(&self) -> Value {
        if let Some(d) = &*self.doc.borrow() {
            return d.clone();
        }
        let d = match downcast::<CodeData>(&self.code) {
            Some(cd) => match cd.consts.first() {
                Some(c) if downcast::<StrData>(c).is_some() && !cd.code.name.starts_with('<') => {
                    c.clone()
                }
                _ => Value::none(),
            },
            None => Value::none(),
        };
        *self.doc.borrow_mut() = Some(d.clone());
        d
    }
}

/// The signature of native functions: positional and keyword arguments.
pub type NativeFn = fn(&mut crate::vm::Vm, crate::vm::Args) -> crate::vm::PyResult<Value>;

/// A built-in function, or a built-in method (bound when `self_` is set,
/// a method descriptor in a type's dict when `owner` is set and `self_`
/// is not).
pub struct BuiltinFnData {
    pub name: &'static str,
    pub f: NativeFn,
    pub self_: Option<Value>,
    pub owner: Option<&'static TypeObject>,
    /// `__module__` for module-level functions.
    pub module: Option<&'static str>,
    pub doc: Option<&'static str>,
    /// How many arguments (after `self`) a method descriptor of a special
    /// method takes, checked before the call as CPython's slot wrappers
    /// do ("expected 1 argument, got 0"); [`ANY_ARITY`]: the function
    /// checks for itself.
    pub arity: u8,
}

/// [`BuiltinFnData::arity`] of functions that check their own arguments.
pub const ANY_ARITY: u8 = u8::MAX;

/// Set in [`BuiltinFnData::arity`] for a METH_NOARGS/METH_O method (as
/// opposed to a special method's slot wrapper): CPython words its
/// argument-count error differently ("list.clear() takes no arguments").
pub const METHOD_ARITY: u8 = 0x80;

/// The arity check of native method `name` of built-in type `ty`: a
/// special method's, or the generated table's (`arity_table.rs`).
pub fn native_arity(ty: &str, name: &str) -> u8 {
    match slot_arity(name) {
        ANY_ARITY => crate::builtins::arity_table::method_arity(ty, name).map_or(ANY_ARITY, |n| n | METHOD_ARITY),
        n => n,
    }
}

/// The fixed number of arguments (after `self`) of special method `name`,
/// or [`ANY_ARITY`]. Native implementations index their arguments
/// directly, so this check is what keeps `[].__contains__()` a TypeError.
pub fn slot_arity(name: &str) -> u8 {
    match name {
        "__len__" | "__iter__" | "__next__" | "__hash__" | "__repr__" | "__str__" | "__neg__"
        | "__pos__" | "__abs__" | "__invert__" | "__bool__" | "__int__" | "__float__"
        | "__index__" | "__reversed__" | "__await__" | "__aiter__" | "__anext__"
        | "__length_hint__" | "__getnewargs__" | "__trunc__" | "__floor__" | "__ceil__" => 0,
        "__contains__" | "__getitem__" | "__delitem__" | "__eq__" | "__ne__" | "__lt__"
        | "__le__" | "__gt__" | "__ge__" | "__add__" | "__radd__" | "__iadd__" | "__sub__"
        | "__rsub__" | "__isub__" | "__mul__" | "__rmul__" | "__imul__" | "__truediv__"
        | "__rtruediv__" | "__itruediv__" | "__floordiv__" | "__rfloordiv__"
        | "__ifloordiv__" | "__mod__" | "__rmod__" | "__imod__" | "__divmod__"
        | "__rdivmod__" | "__lshift__" | "__rlshift__" | "__ilshift__" | "__rshift__"
        | "__rrshift__" | "__irshift__" | "__and__" | "__rand__" | "__iand__" | "__or__"
        | "__ror__" | "__ior__" | "__xor__" | "__rxor__" | "__ixor__" | "__matmul__"
        | "__rmatmul__" | "__imatmul__" | "__getattribute__" | "__delattr__"
        | "__format__" | "__reduce_ex__" | "__delete__" => 1,
        "__setitem__" | "__setattr__" | "__set__" => 2,
        _ => ANY_ARITY,
    }
}

/// A method bound to an instance.
pub struct MethodData {
    pub func: Value,
    pub self_: Value,
}

/// `cell`.
pub struct CellData(pub RefCell<Option<Value>>);

/// `module`: the namespace is the instance `__dict__`.
pub struct ModuleData;

/// `code`: the name and qualified name (all a function made from it needs
/// until it runs) and the body, which a code object loaded from the
/// frozen standard library builds only when first used — most functions
/// of an imported module never run (75% of the code objects a start
/// loads). `CodeData` dereferences to the body, building it if needed.
pub struct CodeData {
    pub name: Value,
    pub qualname: Value,
    body: std::cell::OnceCell<CodeBody>,
    /// Where an unbuilt body comes from (taken when it is built).
    source: RefCell<Option<crate::compile::LazyCode>>,
}

/// The part of a code object made from its compiled form.
pub struct CodeBody {
    pub code: Arc<pyrite_compiler::code::CodeObject>,
    pub consts: Vec<Value>,
    pub names: Vec<Value>,
    pub varnames: Vec<Value>,
    pub cell_names: Vec<Value>,
    pub nlocalsplus: usize,
    /// Indices of `consts` holding code objects that `code.consts` (the
    /// compiled form) lacks because they were read lazily: see
    /// [`CodeBody::full_code`].
    pub deferred: Box<[usize]>,
    /// The inline caches (PEP 659 style) of the instructions that look
    /// names up (`LOAD_GLOBAL`, `LOAD_ATTR`, `LOAD_METHOD`, `STORE_ATTR`)
    /// and of `CALL` (class calls), with each instruction's slot among
    /// them. Made when the code first runs: most functions of an imported
    /// module never do. One per such instruction, not one per instruction:
    /// a cache is 64 bytes, and those instructions are a sixth of a code.
    pub caches: std::cell::OnceCell<CacheTable>,
    /// The instructions the eval loop runs: `code.instructions` with
    /// frequent pairs fused (`crate::eval::quicken`). `dis`, line numbers
    /// and the exception table keep using `code.instructions`; indices
    /// are the same in both. Made when the code first runs.
    pub quick: std::cell::OnceCell<Box<[pyrite_compiler::code::Instr]>>,
}

impl CodeData {
    /// A code object whose body is already built.
    pub fn built(name: Value, qualname: Value, body: CodeBody) -> CodeData {
        CodeData {
            name,
            qualname,
            body: std::cell::OnceCell::from(body),
            source: RefCell::new(None),
        }
    }

    /// A code object whose body is built from `source` when first used.
    pub fn lazy(name: Value, qualname: Value, source: crate::compile::LazyCode) -> CodeData {
        CodeData {
            name,
            qualname,
            body: std::cell::OnceCell::new(),
            source: RefCell::new(Some(source)),
        }
    }

    /// The body, built now if it was not yet.
    #[inline(always)]
    pub fn body(&self) -> &CodeBody {
        match self.body.get() {
            Some(b) => b,
            None => self.build(),
        }
    }

    /// Has the body been built?
    pub fn is_built(&self) -> bool {
        self.body.get().is_some()
    }

    /// The body of code already built.
    ///
    /// # Safety
    /// `body()` (or a dereference) has been called on this code object
    /// before: frames are made only by `take_frame`, which does.
    #[inline(always)]
    pub unsafe fn built_body(&self) -> &CodeBody {
        // SAFETY: by the contract above the cell is set.
        unsafe { self.body.get().unwrap_unchecked() }
    }

    /// Builds the body (out of line: the eval loop's handlers inline
    /// `body()` everywhere and only ever take the branch above).
    #[cold]
    #[inline(never)]
    fn build(&self) -> &CodeBody {
        self.body.get_or_init(|| {
            let src = self.source.borrow_mut().take();
            crate::compile::build_lazy(src)
        })
    }
}

impl std::ops::Deref for CodeData {
    type Target = CodeBody;
    #[inline(always)]
    fn deref(&self) -> &CodeBody {
        self.body()
    }
}

impl CodeBody {
    /// The quickened instructions (made on first use).
    #[inline]
    pub fn quick(&self) -> &[pyrite_compiler::code::Instr] {
        self.quick.get_or_init(|| crate::eval::quicken(&self.code.instructions))
    }

    /// The inline cache of instruction `i` (one that has a cache, see
    /// [`CacheTable`]); the table is made on first use.
    #[inline]
    pub fn cache_at(&self, i: usize) -> &InlineCache {
        let t = self.caches.get_or_init(|| CacheTable::new(&self.code.instructions));
        &t.caches[t.slot[i] as usize]
    }

    /// The compiled form with every nested code object in place (`code`
    /// lacks those read lazily), for marshal and `code.replace`.
    pub fn full_code(&self) -> Arc<pyrite_compiler::code::CodeObject> {
        if self.deferred.is_empty() {
            return self.code.clone();
        }
        let mut co = (*self.code).clone();
        for &i in self.deferred.iter() {
            if let (Some(v), true) = (self.consts.get(i), i < co.consts.len()) {
                if let Some(cd) = downcast::<CodeData>(v) {
                    co.consts[i] = pyrite_compiler::code::Constant::Code(cd.full_code());
                }
            }
        }
        Arc::new(co)
    }
}

/// A code object's inline caches and, per instruction, its slot among
/// them. Instructions without a cache share slot 0, which none of them
/// reads (only the handlers of the instructions with caches look).
pub struct CacheTable {
    slot: Box<[u32]>,
    caches: Box<[InlineCache]>,
}

impl CacheTable {
    fn new(instructions: &[pyrite_compiler::code::Instr]) -> CacheTable {
        use pyrite_compiler::opcode::Op;
        let mut n = 1u32;
        let slot = instructions
            .iter()
            .map(|i| match i.op {
                Op::LOAD_GLOBAL | Op::LOAD_ATTR | Op::LOAD_METHOD | Op::STORE_ATTR | Op::CALL => {
                    n += 1;
                    n - 1
                }
                _ => 0,
            })
            .collect();
        CacheTable {
            slot,
            caches: (0..n).map(|_| InlineCache::empty()).collect(),
        }
    }
}

/// An instruction's inline cache: what the last lookup found, and the
/// versions under which it stays true. `a == u64::MAX` means empty.
pub struct InlineCache {
    pub a: Cell<u64>,
    pub b: Cell<u64>,
    pub c: Cell<u64>,
    /// A hint: the entry index where an instance attribute was last found
    /// (checked by key identity before use, so a stale hint costs a probe).
    pub hint: Cell<u32>,
    /// The entry before the last (`a`, `b`, `c`, hint) for a second type,
    /// so that a site seeing instances of two classes in turn (a base
    /// class's method over its subclasses) keeps hitting: a hit on it
    /// swaps the two.
    pub prev: Cell<(u64, u64, u64, u32)>,
}

impl InlineCache {
    pub const fn empty() -> InlineCache {
        InlineCache {
            a: Cell::new(u64::MAX),
            b: Cell::new(u64::MAX),
            c: Cell::new(0),
            hint: Cell::new(0),
            prev: Cell::new((u64::MAX, u64::MAX, 0, 0)),
        }
    }

    /// The entry as a tuple.
    #[inline]
    fn entry(&self) -> (u64, u64, u64, u32) {
        (self.a.get(), self.b.get(), self.c.get(), self.hint.get())
    }

    fn set_entry(&self, (a, b, c, hint): (u64, u64, u64, u32)) {
        self.a.set(a);
        self.b.set(b);
        self.c.set(c);
        self.hint.set(hint);
    }

    /// If the previous entry is for type `t` at `version`, makes it the
    /// current one (the current becomes the previous); whether it did.
    #[inline]
    pub fn take_prev_for(&self, t: u64, version: u64) -> bool {
        let p = self.prev.get();
        if p.0 != t || p.1 != version {
            return false;
        }
        self.prev.set(self.entry());
        self.set_entry(p);
        true
    }

    /// Before a refill for another type: the current entry, if it is a
    /// type's (not a class's or module's, tagged, nor empty), becomes
    /// the previous one.
    pub fn keep_as_prev(&self, owner_tags: u64) {
        let a = self.a.get();
        if a != u64::MAX && a & owner_tags == 0 {
            self.prev.set(self.entry());
        }
    }
}

/// `BaseException` and every exception.
pub struct ExcData {
    pub args: RefCell<Value>,
    pub traceback: RefCell<Option<Value>>,
    pub cause: RefCell<Option<Value>>,
    pub context: RefCell<Option<Value>>,
    pub suppress_context: Cell<bool>,
}

/// Generators, coroutines and async generators.
pub struct GenData {
    pub frame: RefCell<Option<Box<crate::eval::Frame>>>,
    pub running: Cell<bool>,
    pub name: RefCell<Value>,
    pub qualname: RefCell<Value>,
    pub code: Value,
    /// For coroutines/async generators: awaited/running-hook state.
    pub awaiting: RefCell<Option<Value>>,
    /// Async generators: whether `sys.set_asyncgen_hooks`' hooks were
    /// taken (at the first `__anext__`/`asend`/`athrow`/`aclose`).
    pub hooks_called: Cell<bool>,
    /// Async generators: the finalizer hook captured then, called instead
    /// of closing when it dies unfinished. Coroutines: `cr_origin`.
    pub finalizer: RefCell<Option<Value>>,
    /// The exception being handled inside the suspended generator.
    pub exc_state: RefCell<Option<Value>>,
    /// Has it been resumed at least once?
    pub started: Cell<bool>,
}

/// `property`.
pub struct PropertyData {
    pub fget: Option<Value>,
    pub fset: Option<Value>,
    pub fdel: Option<Value>,
    pub doc: RefCell<Option<Value>>,
    pub name: RefCell<Option<Value>>,
}

/// `classmethod`, `staticmethod`.
pub struct WrapperData(pub RefCell<Value>);

/// `super`.
pub struct SuperData {
    pub ty: Value,
    pub obj: Option<Value>,
    pub obj_type: Option<Value>,
}

/// A native attribute (`getset_descriptor`): e.g. `BaseException.args`.
pub struct GetSetData {
    pub name: &'static str,
    pub owner: &'static TypeObject,
    pub get: fn(&mut crate::vm::Vm, &Value) -> crate::vm::PyResult<Value>,
    pub set: Option<fn(&mut crate::vm::Vm, &Value, Option<Value>) -> crate::vm::PyResult<()>>,
}

/// `traceback`.
pub struct TracebackData {
    pub next: RefCell<Option<Value>>,
    pub frame: Value,
    pub lasti: usize,
    pub lineno: u32,
    /// `tb_lasti` as given to `types.TracebackType(...)` (None: the
    /// byte offset of `lasti`).
    pub given_lasti: Option<i64>,
}

/// A snapshot of a frame for `tb_frame`/`sys._getframe` (code, globals,
/// line), enough for tracebacks and introspection.
pub struct FrameInfoData {
    pub code: Value,
    pub globals: Value,
    pub lineno: Cell<u32>,
    /// `f_lasti` once the frame is no longer running: the byte offset of
    /// its last instruction (-1 before the first).
    pub lasti: Cell<i64>,
    pub back: RefCell<Option<Value>>,
    pub locals: RefCell<Option<Value>>,
    /// `f_trace`: the frame's local trace function (`sys.settrace`).
    pub trace: RefCell<Option<Value>>,
}

/// The native iterators (`list_iterator`, `enumerate`, `zip`, `map`, ...):
/// one payload, a state per kind.
pub struct IterData(pub RefCell<IterState>);

/// State of a native iterator.
pub enum IterState {
    /// `list`/`tuple`/`str`/any `__getitem__` sequence, by index.
    Seq {
        seq: Value,
        idx: usize,
    },
    /// Reversed over a sequence: next index to produce, counting down.
    Reversed {
        seq: Value,
        idx: isize,
    },
    Range {
        cur: i64,
        stop: i64,
        step: i64,
    },
    BigRange {
        cur: Value,
        stop: Value,
        step: Value,
    },
    /// Dict keys/values/items (kind 0/1/2), set members (kind 0).
    Dict {
        obj: Value,
        pos: usize,
        len: usize,
        kind: u8,
    },
    Enumerate {
        it: Value,
        count: Value,
    },
    Zip {
        its: Vec<Value>,
        strict: bool,
    },
    Map {
        f: Value,
        its: Vec<Value>,
    },
    Filter {
        f: Value,
        it: Value,
    },
    Callable {
        f: Value,
        sentinel: Value,
    },
    Exhausted,
}

/// The awaitables of async generators (`asend`, `athrow`/`aclose`) and
/// of `anext(it, default)`.
pub struct AsyncGenOpData {
    pub gen: Value,
    /// The value to send (asend) or the exception to throw (athrow),
    /// consumed by the first step.
    pub arg: RefCell<Option<Value>>,
    /// 0: not started, 1: running, 2: done.
    pub state: Cell<u8>,
    /// `aclose()` rather than `athrow()`.
    pub close: bool,
}

/// A native text stream on a file descriptor (`sys.stdout`, `sys.stderr`,
/// `sys.stdin`): writes are buffered here and flushed at exit, when the
/// buffer grows, and before anything is written to another stream.
pub struct StreamData {
    pub fd: i32,
    pub buf: RefCell<Vec<u8>>,
    pub name: &'static str,
    /// The codec's name (`utf-8`, or what `PYTHONIOENCODING` or the
    /// locale chose) and the error handler.
    pub encoding: RefCell<Box<str>>,
    pub errors: RefCell<Box<str>>,
    /// The binary stream under a text stream (`sys.stdout.buffer`, made
    /// on first use); under a binary one, the text stream it belongs to,
    /// whose buffer its bytes join (so they stay in order).
    pub other: RefCell<Option<Value>>,
    /// Set by `reconfigure`: None is the default (stderr and terminals).
    pub line_buffering: Cell<Option<bool>>,
    /// Set by `reconfigure`: None is the default (`-u`).
    pub write_through: Cell<Option<bool>>,
    /// `reconfigure(newline=...)`: what `\n` is written as (None: `\n`).
    pub newline: RefCell<Option<Box<str>>>,
    /// `close()` was called (the descriptor itself stays open).
    pub closed: Cell<bool>,
}

/// A `__slots__` entry (`member_descriptor`): the value lives in the
/// instance's hidden namespace under `name`.
pub struct MemberDescrData {
    pub name: Value,
    pub owner: Value,
}

/// `types.GenericAlias` (`list[int]`).
pub struct GenericAliasData {
    pub origin: Value,
    /// Always a tuple.
    pub args: Value,
    /// `*tuple[int]` (PEP 646).
    pub starred: bool,
    /// `__parameters__`, once computed.
    pub parameters: RefCell<Option<Value>>,
}

/// `dict_keys`, `dict_values`, `dict_items`.
pub struct DictViewData {
    pub dict: Value,
    pub kind: u8,
}

/// `NotImplemented`, `Ellipsis`, `object()` instances, class instances.
pub struct Empty;

payload! {
    StrData => STR_TYPE;
    BytesData => BYTES_TYPE;
    ByteArrayData => BYTEARRAY_TYPE;
    TupleData => TUPLE_TYPE;
    ListData => LIST_TYPE;
    DictData => DICT_TYPE;
    SetData => SET_TYPE;
    IntData => INT_TYPE;
    FloatData => FLOAT_TYPE;
    ComplexData => COMPLEX_TYPE;
    RangeData => RANGE_TYPE;
    SliceData => SLICE_TYPE;
    FunctionData => FUNCTION_TYPE;
    BuiltinFnData => BUILTIN_FUNCTION_TYPE;
    MethodData => METHOD_TYPE;
    CellData => CELL_TYPE;
    ModuleData => MODULE_TYPE;
    CodeData => CODE_TYPE;
    ExcData => BASE_EXCEPTION_TYPE;
    GenData => GENERATOR_TYPE;
    PropertyData => PROPERTY_TYPE;
    WrapperData => CLASSMETHOD_TYPE;
    SuperData => SUPER_TYPE;
    GetSetData => GETSET_DESCRIPTOR_TYPE;
    TracebackData => TRACEBACK_TYPE;
    FrameInfoData => FRAME_TYPE;
    IterData => ITERATOR_TYPE;
    DictViewData => DICT_KEYS_TYPE;
    AsyncGenOpData => ASYNC_GEN_ASEND_TYPE;
    StreamData => TEXT_STREAM_TYPE;
    GenericAliasData => GENERIC_ALIAS_TYPE;
    MemberDescrData => MEMBER_DESCRIPTOR_TYPE;
    Empty => OBJECT_TYPE;
}

/// The header pointer of a static object, for `Value::from_static`.
pub fn header_of<T>(obj: &'static T) -> NonNull<ObjHeader> {
    NonNull::from(obj).cast()
}
