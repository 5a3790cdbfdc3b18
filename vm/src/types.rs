//! The built-in types, as `static`s, from one table.
//!
//! Each row names the static, the Python name, the payload layout
//! (`objects.rs`), the base, the type identifying the layout (`solid`:
//! several types share one payload) and whether instances carry a
//! `__dict__`. `init_types` (run once, by the first `Vm`) fills in the MRO
//! and the namespaces from the method tables in `builtins/`.
//! (Generated shape: edit the table in place.)

use crate::object::{drop_box, drop_box_dict, PyBoxDict, TypeObject};
use crate::objects::*;

const NULL: *const TypeObject = std::ptr::null();

/// A static built-in type with payload `T`.
const fn builtin<T>(
    name: &'static str,
    base: *const TypeObject,
    solid: *const TypeObject,
    with_dict: bool,
) -> TypeObject {
    let mut t = TypeObject::new_static(&TYPE_TYPE, name, drop_box::<T>);
    t.dealloc_with_dict = drop_box_dict::<T>;
    t.dict_offset_with_dict = std::mem::offset_of!(PyBoxDict<T>, dict);
    if with_dict {
        t.dealloc = drop_box_dict::<T>;
        t.dict_offset = std::cell::Cell::new(std::mem::offset_of!(PyBoxDict<T>, dict));
    }
    t.solid = std::cell::Cell::new(solid);
    t.base = std::cell::Cell::new(base);
    t.static_base = base;
    t
}

macro_rules! types_table {
    ($($name:ident, $py:literal, $payload:ty, $base:ident, $solid:ident, $dict:literal;)*) => {
        $(
            #[doc = concat!("`", $py, "`.")]
            pub static $name: TypeObject = builtin::<$payload>($py, base_ptr!($base), &$solid, $dict);
        )*
        /// Every built-in type, bases before subclasses.
        pub fn all_types() -> Vec<&'static TypeObject> {
            vec![$(&$name),*]
        }
    };
}

macro_rules! base_ptr {
    (NULL) => {
        NULL
    };
    ($b:ident) => {
        &$b
    };
}

types_table! {
    OBJECT_TYPE, "object", Empty, NULL, OBJECT_TYPE, false;
    TYPE_TYPE, "type", Empty, OBJECT_TYPE, TYPE_TYPE, false;
    NONE_TYPE, "NoneType", Empty, OBJECT_TYPE, NONE_TYPE, false;
    NOT_IMPLEMENTED_TYPE, "NotImplementedType", Empty, OBJECT_TYPE, NOT_IMPLEMENTED_TYPE, false;
    ELLIPSIS_TYPE, "ellipsis", Empty, OBJECT_TYPE, ELLIPSIS_TYPE, false;
    INT_TYPE, "int", IntData, OBJECT_TYPE, INT_TYPE, false;
    BOOL_TYPE, "bool", Empty, INT_TYPE, BOOL_TYPE, false;
    FLOAT_TYPE, "float", FloatData, OBJECT_TYPE, FLOAT_TYPE, false;
    COMPLEX_TYPE, "complex", ComplexData, OBJECT_TYPE, COMPLEX_TYPE, false;
    STR_TYPE, "str", StrData, OBJECT_TYPE, STR_TYPE, false;
    BYTES_TYPE, "bytes", BytesData, OBJECT_TYPE, BYTES_TYPE, false;
    BYTEARRAY_TYPE, "bytearray", ByteArrayData, OBJECT_TYPE, BYTEARRAY_TYPE, false;
    TUPLE_TYPE, "tuple", TupleData, OBJECT_TYPE, TUPLE_TYPE, false;
    LIST_TYPE, "list", ListData, OBJECT_TYPE, LIST_TYPE, false;
    DICT_TYPE, "dict", DictData, OBJECT_TYPE, DICT_TYPE, false;
    SET_TYPE, "set", SetData, OBJECT_TYPE, SET_TYPE, false;
    FROZENSET_TYPE, "frozenset", SetData, OBJECT_TYPE, SET_TYPE, false;
    RANGE_TYPE, "range", RangeData, OBJECT_TYPE, RANGE_TYPE, false;
    SLICE_TYPE, "slice", SliceData, OBJECT_TYPE, SLICE_TYPE, false;
    FUNCTION_TYPE, "function", FunctionData, OBJECT_TYPE, FUNCTION_TYPE, true;
    BUILTIN_FUNCTION_TYPE, "builtin_function_or_method", BuiltinFnData, OBJECT_TYPE, BUILTIN_FUNCTION_TYPE, false;
    METHOD_DESCRIPTOR_TYPE, "method_descriptor", BuiltinFnData, OBJECT_TYPE, BUILTIN_FUNCTION_TYPE, false;
    METHOD_TYPE, "method", MethodData, OBJECT_TYPE, METHOD_TYPE, false;
    CELL_TYPE, "cell", CellData, OBJECT_TYPE, CELL_TYPE, false;
    MODULE_TYPE, "module", ModuleData, OBJECT_TYPE, MODULE_TYPE, true;
    CODE_TYPE, "code", CodeData, OBJECT_TYPE, CODE_TYPE, false;
    GENERATOR_TYPE, "generator", GenData, OBJECT_TYPE, GENERATOR_TYPE, false;
    COROUTINE_TYPE, "coroutine", GenData, OBJECT_TYPE, GENERATOR_TYPE, false;
    ASYNC_GENERATOR_TYPE, "async_generator", GenData, OBJECT_TYPE, GENERATOR_TYPE, false;
    PROPERTY_TYPE, "property", PropertyData, OBJECT_TYPE, PROPERTY_TYPE, false;
    CLASSMETHOD_TYPE, "classmethod", WrapperData, OBJECT_TYPE, CLASSMETHOD_TYPE, true;
    STATICMETHOD_TYPE, "staticmethod", WrapperData, OBJECT_TYPE, CLASSMETHOD_TYPE, true;
    SUPER_TYPE, "super", SuperData, OBJECT_TYPE, SUPER_TYPE, false;
    GETSET_DESCRIPTOR_TYPE, "getset_descriptor", GetSetData, OBJECT_TYPE, GETSET_DESCRIPTOR_TYPE, false;
    TRACEBACK_TYPE, "traceback", TracebackData, OBJECT_TYPE, TRACEBACK_TYPE, false;
    FRAME_TYPE, "frame", FrameInfoData, OBJECT_TYPE, FRAME_TYPE, false;
    ITERATOR_TYPE, "iterator", IterData, OBJECT_TYPE, ITERATOR_TYPE, false;
    LIST_ITERATOR_TYPE, "list_iterator", IterData, OBJECT_TYPE, ITERATOR_TYPE, false;
    TUPLE_ITERATOR_TYPE, "tuple_iterator", IterData, OBJECT_TYPE, ITERATOR_TYPE, false;
    STR_ITERATOR_TYPE, "str_ascii_iterator", IterData, OBJECT_TYPE, ITERATOR_TYPE, false;
    RANGE_ITERATOR_TYPE, "range_iterator", IterData, OBJECT_TYPE, ITERATOR_TYPE, false;
    DICT_KEYITERATOR_TYPE, "dict_keyiterator", IterData, OBJECT_TYPE, ITERATOR_TYPE, false;
    DICT_VALUEITERATOR_TYPE, "dict_valueiterator", IterData, OBJECT_TYPE, ITERATOR_TYPE, false;
    DICT_ITEMITERATOR_TYPE, "dict_itemiterator", IterData, OBJECT_TYPE, ITERATOR_TYPE, false;
    SET_ITERATOR_TYPE, "set_iterator", IterData, OBJECT_TYPE, ITERATOR_TYPE, false;
    REVERSED_TYPE, "reversed", IterData, OBJECT_TYPE, ITERATOR_TYPE, false;
    ENUMERATE_TYPE, "enumerate", IterData, OBJECT_TYPE, ITERATOR_TYPE, false;
    ZIP_TYPE, "zip", IterData, OBJECT_TYPE, ITERATOR_TYPE, false;
    MAP_TYPE, "map", IterData, OBJECT_TYPE, ITERATOR_TYPE, false;
    FILTER_TYPE, "filter", IterData, OBJECT_TYPE, ITERATOR_TYPE, false;
    CALLABLE_ITERATOR_TYPE, "callable_iterator", IterData, OBJECT_TYPE, ITERATOR_TYPE, false;
    ASYNC_GEN_ASEND_TYPE, "async_generator_asend", AsyncGenOpData, OBJECT_TYPE, ASYNC_GEN_ASEND_TYPE, false;
    ASYNC_GEN_ATHROW_TYPE, "async_generator_athrow", AsyncGenOpData, OBJECT_TYPE, ASYNC_GEN_ASEND_TYPE, false;
    ASYNC_GEN_WRAPPED_TYPE, "async_generator_wrapped_value", WrapperData, OBJECT_TYPE, CLASSMETHOD_TYPE, false;
    ANEXT_AWAITABLE_TYPE, "anext_awaitable", AsyncGenOpData, OBJECT_TYPE, ASYNC_GEN_ASEND_TYPE, false;
    LIST_REVERSEITERATOR_TYPE, "list_reverseiterator", IterData, OBJECT_TYPE, ITERATOR_TYPE, false;
    GENERIC_ALIAS_TYPE, "types.GenericAlias", GenericAliasData, OBJECT_TYPE, GENERIC_ALIAS_TYPE, false;
    CORO_WRAPPER_TYPE, "coroutine_wrapper", WrapperData, OBJECT_TYPE, CLASSMETHOD_TYPE, false;
    MEMBER_DESCRIPTOR_TYPE, "member_descriptor", MemberDescrData, OBJECT_TYPE, MEMBER_DESCRIPTOR_TYPE, false;
    NAMESPACE_TYPE, "SimpleNamespace", Empty, OBJECT_TYPE, OBJECT_TYPE, true;
    TEXT_STREAM_TYPE, "_io.TextIOWrapper", StreamData, OBJECT_TYPE, TEXT_STREAM_TYPE, true;
    STD_BUFFER_TYPE, "_io.BufferedWriter", StreamData, OBJECT_TYPE, TEXT_STREAM_TYPE, false;
    STD_READER_TYPE, "_io.BufferedReader", StreamData, OBJECT_TYPE, TEXT_STREAM_TYPE, false;
    DICT_KEYS_TYPE, "dict_keys", DictViewData, OBJECT_TYPE, DICT_KEYS_TYPE, false;
    DICT_VALUES_TYPE, "dict_values", DictViewData, OBJECT_TYPE, DICT_KEYS_TYPE, false;
    DICT_ITEMS_TYPE, "dict_items", DictViewData, OBJECT_TYPE, DICT_KEYS_TYPE, false;
    BASE_EXCEPTION_TYPE, "BaseException", ExcData, OBJECT_TYPE, BASE_EXCEPTION_TYPE, true;
    BASE_EXCEPTION_GROUP_TYPE, "BaseExceptionGroup", ExcData, BASE_EXCEPTION_TYPE, BASE_EXCEPTION_TYPE, true;
    EXCEPTION_TYPE, "Exception", ExcData, BASE_EXCEPTION_TYPE, BASE_EXCEPTION_TYPE, true;
    ARITHMETIC_ERROR_TYPE, "ArithmeticError", ExcData, EXCEPTION_TYPE, BASE_EXCEPTION_TYPE, true;
    FLOATING_POINT_ERROR_TYPE, "FloatingPointError", ExcData, ARITHMETIC_ERROR_TYPE, BASE_EXCEPTION_TYPE, true;
    OVERFLOW_ERROR_TYPE, "OverflowError", ExcData, ARITHMETIC_ERROR_TYPE, BASE_EXCEPTION_TYPE, true;
    ZERO_DIVISION_ERROR_TYPE, "ZeroDivisionError", ExcData, ARITHMETIC_ERROR_TYPE, BASE_EXCEPTION_TYPE, true;
    ASSERTION_ERROR_TYPE, "AssertionError", ExcData, EXCEPTION_TYPE, BASE_EXCEPTION_TYPE, true;
    ATTRIBUTE_ERROR_TYPE, "AttributeError", ExcData, EXCEPTION_TYPE, BASE_EXCEPTION_TYPE, true;
    BUFFER_ERROR_TYPE, "BufferError", ExcData, EXCEPTION_TYPE, BASE_EXCEPTION_TYPE, true;
    EOF_ERROR_TYPE, "EOFError", ExcData, EXCEPTION_TYPE, BASE_EXCEPTION_TYPE, true;
    IMPORT_ERROR_TYPE, "ImportError", ExcData, EXCEPTION_TYPE, BASE_EXCEPTION_TYPE, true;
    MODULE_NOT_FOUND_ERROR_TYPE, "ModuleNotFoundError", ExcData, IMPORT_ERROR_TYPE, BASE_EXCEPTION_TYPE, true;
    LOOKUP_ERROR_TYPE, "LookupError", ExcData, EXCEPTION_TYPE, BASE_EXCEPTION_TYPE, true;
    INDEX_ERROR_TYPE, "IndexError", ExcData, LOOKUP_ERROR_TYPE, BASE_EXCEPTION_TYPE, true;
    KEY_ERROR_TYPE, "KeyError", ExcData, LOOKUP_ERROR_TYPE, BASE_EXCEPTION_TYPE, true;
    MEMORY_ERROR_TYPE, "MemoryError", ExcData, EXCEPTION_TYPE, BASE_EXCEPTION_TYPE, true;
    NAME_ERROR_TYPE, "NameError", ExcData, EXCEPTION_TYPE, BASE_EXCEPTION_TYPE, true;
    UNBOUND_LOCAL_ERROR_TYPE, "UnboundLocalError", ExcData, NAME_ERROR_TYPE, BASE_EXCEPTION_TYPE, true;
    OS_ERROR_TYPE, "OSError", ExcData, EXCEPTION_TYPE, BASE_EXCEPTION_TYPE, true;
    BLOCKING_IO_ERROR_TYPE, "BlockingIOError", ExcData, OS_ERROR_TYPE, BASE_EXCEPTION_TYPE, true;
    CHILD_PROCESS_ERROR_TYPE, "ChildProcessError", ExcData, OS_ERROR_TYPE, BASE_EXCEPTION_TYPE, true;
    CONNECTION_ERROR_TYPE, "ConnectionError", ExcData, OS_ERROR_TYPE, BASE_EXCEPTION_TYPE, true;
    BROKEN_PIPE_ERROR_TYPE, "BrokenPipeError", ExcData, CONNECTION_ERROR_TYPE, BASE_EXCEPTION_TYPE, true;
    CONNECTION_ABORTED_ERROR_TYPE, "ConnectionAbortedError", ExcData, CONNECTION_ERROR_TYPE, BASE_EXCEPTION_TYPE, true;
    CONNECTION_RESET_ERROR_TYPE, "ConnectionResetError", ExcData, CONNECTION_ERROR_TYPE, BASE_EXCEPTION_TYPE, true;
    CONNECTION_REFUSED_ERROR_TYPE, "ConnectionRefusedError", ExcData, CONNECTION_ERROR_TYPE, BASE_EXCEPTION_TYPE, true;
    FILE_EXISTS_ERROR_TYPE, "FileExistsError", ExcData, OS_ERROR_TYPE, BASE_EXCEPTION_TYPE, true;
    FILE_NOT_FOUND_ERROR_TYPE, "FileNotFoundError", ExcData, OS_ERROR_TYPE, BASE_EXCEPTION_TYPE, true;
    INTERRUPTED_ERROR_TYPE, "InterruptedError", ExcData, OS_ERROR_TYPE, BASE_EXCEPTION_TYPE, true;
    IS_A_DIRECTORY_ERROR_TYPE, "IsADirectoryError", ExcData, OS_ERROR_TYPE, BASE_EXCEPTION_TYPE, true;
    NOT_A_DIRECTORY_ERROR_TYPE, "NotADirectoryError", ExcData, OS_ERROR_TYPE, BASE_EXCEPTION_TYPE, true;
    PERMISSION_ERROR_TYPE, "PermissionError", ExcData, OS_ERROR_TYPE, BASE_EXCEPTION_TYPE, true;
    PROCESS_LOOKUP_ERROR_TYPE, "ProcessLookupError", ExcData, OS_ERROR_TYPE, BASE_EXCEPTION_TYPE, true;
    TIMEOUT_ERROR_TYPE, "TimeoutError", ExcData, OS_ERROR_TYPE, BASE_EXCEPTION_TYPE, true;
    REFERENCE_ERROR_TYPE, "ReferenceError", ExcData, EXCEPTION_TYPE, BASE_EXCEPTION_TYPE, true;
    RUNTIME_ERROR_TYPE, "RuntimeError", ExcData, EXCEPTION_TYPE, BASE_EXCEPTION_TYPE, true;
    NOT_IMPLEMENTED_ERROR_TYPE, "NotImplementedError", ExcData, RUNTIME_ERROR_TYPE, BASE_EXCEPTION_TYPE, true;
    RECURSION_ERROR_TYPE, "RecursionError", ExcData, RUNTIME_ERROR_TYPE, BASE_EXCEPTION_TYPE, true;
    STOP_ASYNC_ITERATION_TYPE, "StopAsyncIteration", ExcData, EXCEPTION_TYPE, BASE_EXCEPTION_TYPE, true;
    STOP_ITERATION_TYPE, "StopIteration", ExcData, EXCEPTION_TYPE, BASE_EXCEPTION_TYPE, true;
    SYNTAX_ERROR_TYPE, "SyntaxError", ExcData, EXCEPTION_TYPE, BASE_EXCEPTION_TYPE, true;
    INDENTATION_ERROR_TYPE, "IndentationError", ExcData, SYNTAX_ERROR_TYPE, BASE_EXCEPTION_TYPE, true;
    TAB_ERROR_TYPE, "TabError", ExcData, INDENTATION_ERROR_TYPE, BASE_EXCEPTION_TYPE, true;
    SYSTEM_ERROR_TYPE, "SystemError", ExcData, EXCEPTION_TYPE, BASE_EXCEPTION_TYPE, true;
    TYPE_ERROR_TYPE, "TypeError", ExcData, EXCEPTION_TYPE, BASE_EXCEPTION_TYPE, true;
    VALUE_ERROR_TYPE, "ValueError", ExcData, EXCEPTION_TYPE, BASE_EXCEPTION_TYPE, true;
    UNICODE_ERROR_TYPE, "UnicodeError", ExcData, VALUE_ERROR_TYPE, BASE_EXCEPTION_TYPE, true;
    UNICODE_DECODE_ERROR_TYPE, "UnicodeDecodeError", ExcData, UNICODE_ERROR_TYPE, BASE_EXCEPTION_TYPE, true;
    UNICODE_ENCODE_ERROR_TYPE, "UnicodeEncodeError", ExcData, UNICODE_ERROR_TYPE, BASE_EXCEPTION_TYPE, true;
    UNICODE_TRANSLATE_ERROR_TYPE, "UnicodeTranslateError", ExcData, UNICODE_ERROR_TYPE, BASE_EXCEPTION_TYPE, true;
    WARNING_TYPE, "Warning", ExcData, EXCEPTION_TYPE, BASE_EXCEPTION_TYPE, true;
    BYTES_WARNING_TYPE, "BytesWarning", ExcData, WARNING_TYPE, BASE_EXCEPTION_TYPE, true;
    DEPRECATION_WARNING_TYPE, "DeprecationWarning", ExcData, WARNING_TYPE, BASE_EXCEPTION_TYPE, true;
    ENCODING_WARNING_TYPE, "EncodingWarning", ExcData, WARNING_TYPE, BASE_EXCEPTION_TYPE, true;
    FUTURE_WARNING_TYPE, "FutureWarning", ExcData, WARNING_TYPE, BASE_EXCEPTION_TYPE, true;
    IMPORT_WARNING_TYPE, "ImportWarning", ExcData, WARNING_TYPE, BASE_EXCEPTION_TYPE, true;
    PENDING_DEPRECATION_WARNING_TYPE, "PendingDeprecationWarning", ExcData, WARNING_TYPE, BASE_EXCEPTION_TYPE, true;
    RESOURCE_WARNING_TYPE, "ResourceWarning", ExcData, WARNING_TYPE, BASE_EXCEPTION_TYPE, true;
    RUNTIME_WARNING_TYPE, "RuntimeWarning", ExcData, WARNING_TYPE, BASE_EXCEPTION_TYPE, true;
    SYNTAX_WARNING_TYPE, "SyntaxWarning", ExcData, WARNING_TYPE, BASE_EXCEPTION_TYPE, true;
    UNICODE_WARNING_TYPE, "UnicodeWarning", ExcData, WARNING_TYPE, BASE_EXCEPTION_TYPE, true;
    USER_WARNING_TYPE, "UserWarning", ExcData, WARNING_TYPE, BASE_EXCEPTION_TYPE, true;
    EXCEPTION_GROUP_TYPE, "ExceptionGroup", ExcData, BASE_EXCEPTION_GROUP_TYPE, BASE_EXCEPTION_TYPE, true;
    GENERATOR_EXIT_TYPE, "GeneratorExit", ExcData, BASE_EXCEPTION_TYPE, BASE_EXCEPTION_TYPE, true;
    KEYBOARD_INTERRUPT_TYPE, "KeyboardInterrupt", ExcData, BASE_EXCEPTION_TYPE, BASE_EXCEPTION_TYPE, true;
    SYSTEM_EXIT_TYPE, "SystemExit", ExcData, BASE_EXCEPTION_TYPE, BASE_EXCEPTION_TYPE, true;
}
