//! Pyrite's instruction set, declared once.
//!
//! Each row gives an instruction's name (CPython 3.11's where it has one, so
//! `dis` output reads familiarly), the kind of its argument, and its effect
//! on the value stack — separately for the fall-through path and for the
//! jump, as CPython's `stack_effect(op, arg, jump)`. The enum, the names the
//! disassembler prints, and the assembler's stack-depth computation all come
//! from this table; the VM's handler table is checked against it.
//!
//! Differences from CPython 3.11's bytecode: an argument is a full `u32`
//! (no EXTENDED_ARG, no CACHE entries: inline caches live in the VM's
//! predecoded form), jump arguments are absolute instruction indices, and
//! there is no PRECALL (CALL does its work). Pseudo-instructions (`PSEUDO`)
//! exist only inside the compiler and are removed by the assembler.

/// What an instruction's argument means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArgKind {
    /// No argument (it is 0).
    None,
    /// Index into `co_consts`.
    Const,
    /// Index into `co_names`.
    Name,
    /// `LOAD_GLOBAL`: `(index into co_names) << 1 | push NULL first`.
    Global,
    /// Index into `co_varnames` (fast locals).
    Local,
    /// Index into the cells: `co_cellvars` then `co_freevars`.
    Cell,
    /// Target instruction index.
    Jump,
    /// A count, flags, or an operator selector.
    Int,
}

pub const FLAG_JUMP: u8 = 1;
pub const FLAG_UNCONDITIONAL: u8 = 2;
pub const FLAG_PSEUDO: u8 = 4;
/// Leaves the block: nothing after it in the block runs.
pub const FLAG_TERMINATES: u8 = 8;
/// A fused pair: never emitted by the compiler; the VM's quickened copy of
/// a code object puts it in place of the pair's first instruction (whose
/// argument it keeps; the second instruction stays where it was, so jumps
/// to it still work).
pub const FLAG_FUSED: u8 = 16;

macro_rules! opcodes {
    ($( $name:ident : $kind:ident, |$arg:ident, $jump:ident| $effect:expr, $flags:expr; )*) => {
        #[allow(non_camel_case_types, clippy::upper_case_acronyms)]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[repr(u8)]
        pub enum Op { $($name),* }

        impl Op {
            /// Every instruction, in table order (`Op as u8` indexes it).
            pub const ALL: &'static [Op] = &[$(Op::$name),*];

            pub fn name(self) -> &'static str {
                match self { $(Op::$name => stringify!($name)),* }
            }

            pub fn arg_kind(self) -> ArgKind {
                match self { $(Op::$name => ArgKind::$kind),* }
            }

            fn flags(self) -> u8 {
                match self { $(Op::$name => $flags),* }
            }

            /// Net change in stack depth; `jump` selects the branch taken.
            #[allow(unused_variables)]
            pub fn stack_effect(self, arg: u32, jump: bool) -> i32 {
                match self {
                    $(Op::$name => { let $arg = arg as i32; let $jump = jump; $effect }),*
                }
            }
        }
    };
}

const J: u8 = FLAG_JUMP;
const U: u8 = FLAG_JUMP | FLAG_UNCONDITIONAL;
const P: u8 = FLAG_PSEUDO;
const T: u8 = FLAG_TERMINATES;
const F: u8 = FLAG_FUSED;

opcodes! {
    NOP: None, |a, j| 0, 0;
    POP_TOP: None, |a, j| -1, 0;
    PUSH_NULL: None, |a, j| 1, 0;
    COPY: Int, |a, j| 1, 0;
    SWAP: Int, |a, j| 0, 0;
    UNARY_POSITIVE: None, |a, j| 0, 0;
    UNARY_NEGATIVE: None, |a, j| 0, 0;
    UNARY_NOT: None, |a, j| 0, 0;
    UNARY_INVERT: None, |a, j| 0, 0;
    BINARY_OP: Int, |a, j| -1, 0;
    COMPARE_OP: Int, |a, j| -1, 0;
    IS_OP: Int, |a, j| -1, 0;
    CONTAINS_OP: Int, |a, j| -1, 0;
    BINARY_SUBSCR: None, |a, j| -1, 0;
    STORE_SUBSCR: None, |a, j| -3, 0;
    DELETE_SUBSCR: None, |a, j| -2, 0;
    GET_ITER: None, |a, j| 0, 0;
    GET_YIELD_FROM_ITER: None, |a, j| 0, 0;
    GET_LEN: None, |a, j| 1, 0;
    MATCH_MAPPING: None, |a, j| 1, 0;
    MATCH_SEQUENCE: None, |a, j| 1, 0;
    MATCH_KEYS: None, |a, j| 1, 0;
    MATCH_CLASS: Int, |a, j| -2, 0;
    PUSH_EXC_INFO: None, |a, j| 1, 0;
    CHECK_EXC_MATCH: None, |a, j| 0, 0;
    CHECK_EG_MATCH: None, |a, j| 0, 0;
    PREP_RERAISE_STAR: None, |a, j| -1, 0;
    WITH_EXCEPT_START: None, |a, j| 1, 0;
    BEFORE_WITH: None, |a, j| 1, 0;
    BEFORE_ASYNC_WITH: None, |a, j| 1, 0;
    GET_AITER: None, |a, j| 0, 0;
    GET_ANEXT: None, |a, j| 1, 0;
    END_ASYNC_FOR: None, |a, j| -2, 0;
    GET_AWAITABLE: Int, |a, j| 0, 0;
    PRINT_EXPR: None, |a, j| -1, 0;
    LOAD_BUILD_CLASS: None, |a, j| 1, 0;
    LOAD_ASSERTION_ERROR: None, |a, j| 1, 0;
    // Resumed, the new generator finds the first sent value pushed.
    RETURN_GENERATOR: None, |a, j| 1, 0;
    LIST_TO_TUPLE: None, |a, j| 0, 0;
    RETURN_VALUE: None, |a, j| -1, T;
    IMPORT_STAR: None, |a, j| -1, 0;
    SETUP_ANNOTATIONS: None, |a, j| 0, 0;
    YIELD_VALUE: None, |a, j| 0, 0;
    ASYNC_GEN_WRAP: None, |a, j| 0, 0;
    POP_EXCEPT: None, |a, j| -1, 0;
    STORE_NAME: Name, |a, j| -1, 0;
    DELETE_NAME: Name, |a, j| 0, 0;
    UNPACK_SEQUENCE: Int, |a, j| a - 1, 0;
    UNPACK_EX: Int, |a, j| (a & 0xFF) + (a >> 8), 0;
    FOR_ITER: Jump, |a, j| if j { -1 } else { 1 }, J;
    SEND: Jump, |a, j| if j { -1 } else { 0 }, J;
    STORE_ATTR: Name, |a, j| -2, 0;
    DELETE_ATTR: Name, |a, j| -1, 0;
    STORE_GLOBAL: Name, |a, j| -1, 0;
    DELETE_GLOBAL: Name, |a, j| 0, 0;
    LOAD_CONST: Const, |a, j| 1, 0;
    LOAD_NAME: Name, |a, j| 1, 0;
    BUILD_TUPLE: Int, |a, j| 1 - a, 0;
    BUILD_LIST: Int, |a, j| 1 - a, 0;
    BUILD_SET: Int, |a, j| 1 - a, 0;
    BUILD_MAP: Int, |a, j| 1 - 2 * a, 0;
    BUILD_CONST_KEY_MAP: Int, |a, j| -a, 0;
    BUILD_STRING: Int, |a, j| 1 - a, 0;
    BUILD_SLICE: Int, |a, j| 1 - a, 0;
    LIST_APPEND: Int, |a, j| -1, 0;
    SET_ADD: Int, |a, j| -1, 0;
    MAP_ADD: Int, |a, j| -2, 0;
    LIST_EXTEND: Int, |a, j| -1, 0;
    SET_UPDATE: Int, |a, j| -1, 0;
    DICT_MERGE: Int, |a, j| -1, 0;
    DICT_UPDATE: Int, |a, j| -1, 0;
    LOAD_ATTR: Name, |a, j| 0, 0;
    LOAD_METHOD: Name, |a, j| 1, 0;
    IMPORT_NAME: Name, |a, j| -1, 0;
    IMPORT_FROM: Name, |a, j| 1, 0;
    JUMP_FORWARD: Jump, |a, j| 0, U | T;
    JUMP_BACKWARD: Jump, |a, j| 0, U | T;
    JUMP_BACKWARD_NO_INTERRUPT: Jump, |a, j| 0, U | T;
    JUMP_IF_FALSE_OR_POP: Jump, |a, j| if j { 0 } else { -1 }, J;
    JUMP_IF_TRUE_OR_POP: Jump, |a, j| if j { 0 } else { -1 }, J;
    POP_JUMP_FORWARD_IF_FALSE: Jump, |a, j| -1, J;
    POP_JUMP_FORWARD_IF_TRUE: Jump, |a, j| -1, J;
    POP_JUMP_FORWARD_IF_NONE: Jump, |a, j| -1, J;
    POP_JUMP_FORWARD_IF_NOT_NONE: Jump, |a, j| -1, J;
    POP_JUMP_BACKWARD_IF_FALSE: Jump, |a, j| -1, J;
    POP_JUMP_BACKWARD_IF_TRUE: Jump, |a, j| -1, J;
    POP_JUMP_BACKWARD_IF_NONE: Jump, |a, j| -1, J;
    POP_JUMP_BACKWARD_IF_NOT_NONE: Jump, |a, j| -1, J;
    LOAD_GLOBAL: Global, |a, j| 1 + (a & 1), 0;
    LOAD_FAST: Local, |a, j| 1, 0;
    STORE_FAST: Local, |a, j| -1, 0;
    DELETE_FAST: Local, |a, j| 0, 0;
    MAKE_CELL: Cell, |a, j| 0, 0;
    LOAD_CLOSURE: Cell, |a, j| 1, 0;
    LOAD_DEREF: Cell, |a, j| 1, 0;
    LOAD_CLASSDEREF: Cell, |a, j| 1, 0;
    STORE_DEREF: Cell, |a, j| -1, 0;
    DELETE_DEREF: Cell, |a, j| 0, 0;
    COPY_FREE_VARS: Int, |a, j| 0, 0;
    RAISE_VARARGS: Int, |a, j| -a, T;
    RERAISE: Int, |a, j| -1, T;
    MAKE_FUNCTION: Int, |a, j| -((a & 0x0F).count_ones() as i32), 0;
    CALL: Int, |a, j| -1 - a, 0;
    CALL_FUNCTION_EX: Int, |a, j| -2 - (a & 1), 0;
    KW_NAMES: Const, |a, j| 0, 0;
    FORMAT_VALUE: Int, |a, j| if a & 0x04 != 0 { -1 } else { 0 }, 0;
    RESUME: Int, |a, j| 0, 0;
    // ---- pseudo-instructions (compiler only) ----
    SETUP_FINALLY: Jump, |a, j| if j { 1 } else { 0 }, J | P;
    SETUP_CLEANUP: Jump, |a, j| if j { 2 } else { 0 }, J | P;
    SETUP_WITH: Jump, |a, j| if j { 1 } else { 0 }, J | P;
    POP_BLOCK: None, |a, j| 0, P;
    JUMP: Jump, |a, j| 0, U | T | P;
    JUMP_NO_INTERRUPT: Jump, |a, j| 0, U | T | P;
    POP_JUMP_IF_FALSE: Jump, |a, j| -1, J | P;
    POP_JUMP_IF_TRUE: Jump, |a, j| -1, J | P;
    POP_JUMP_IF_NONE: Jump, |a, j| -1, J | P;
    POP_JUMP_IF_NOT_NONE: Jump, |a, j| -1, J | P;
    // ---- fused pairs (the VM's quickened code only; see `Op::fuse`) ----
    LOAD_FAST__LOAD_FAST: Local, |a, j| 2, F;
    LOAD_FAST__LOAD_CONST: Local, |a, j| 2, F;
    LOAD_FAST__LOAD_ATTR: Local, |a, j| 1, F;
    LOAD_FAST__LOAD_METHOD: Local, |a, j| 2, F;
    LOAD_FAST__STORE_ATTR: Local, |a, j| -1, F;
    LOAD_FAST__BINARY_OP: Local, |a, j| 0, F;
    LOAD_CONST__LOAD_FAST: Const, |a, j| 2, F;
    LOAD_CONST__BINARY_OP: Const, |a, j| 0, F;
    LOAD_CONST__COMPARE_OP: Const, |a, j| 0, F;
    STORE_FAST__LOAD_FAST: Local, |a, j| 0, F;
    STORE_FAST__STORE_FAST: Local, |a, j| -2, F;
    COMPARE_OP__POP_JUMP_IF_FALSE: Int, |a, j| -2, F;
    COMPARE_OP__POP_JUMP_IF_TRUE: Int, |a, j| -2, F;
}

impl Op {
    pub fn is_jump(self) -> bool {
        self.flags() & FLAG_JUMP != 0
    }

    pub fn is_unconditional_jump(self) -> bool {
        self.flags() & FLAG_UNCONDITIONAL != 0
    }

    pub fn is_pseudo(self) -> bool {
        self.flags() & FLAG_PSEUDO != 0
    }

    /// Control never falls through to the next instruction.
    pub fn terminates(self) -> bool {
        self.flags() & FLAG_TERMINATES != 0
    }

    pub fn is_fused(self) -> bool {
        self.flags() & FLAG_FUSED != 0
    }

    /// The fused instruction that runs `first` then `second` with one
    /// dispatch, if there is one. Chosen from `--profile-opcodes` pair
    /// counts over the benchmark programs.
    pub fn fuse(first: Op, second: Op) -> Option<Op> {
        use Op::*;
        Some(match (first, second) {
            (LOAD_FAST, LOAD_FAST) => LOAD_FAST__LOAD_FAST,
            (LOAD_FAST, LOAD_CONST) => LOAD_FAST__LOAD_CONST,
            (LOAD_FAST, LOAD_ATTR) => LOAD_FAST__LOAD_ATTR,
            (LOAD_FAST, LOAD_METHOD) => LOAD_FAST__LOAD_METHOD,
            (LOAD_FAST, STORE_ATTR) => LOAD_FAST__STORE_ATTR,
            (LOAD_FAST, BINARY_OP) => LOAD_FAST__BINARY_OP,
            (LOAD_CONST, LOAD_FAST) => LOAD_CONST__LOAD_FAST,
            (LOAD_CONST, BINARY_OP) => LOAD_CONST__BINARY_OP,
            (LOAD_CONST, COMPARE_OP) => LOAD_CONST__COMPARE_OP,
            (STORE_FAST, LOAD_FAST) => STORE_FAST__LOAD_FAST,
            (STORE_FAST, STORE_FAST) => STORE_FAST__STORE_FAST,
            (COMPARE_OP, POP_JUMP_FORWARD_IF_FALSE | POP_JUMP_BACKWARD_IF_FALSE) => {
                COMPARE_OP__POP_JUMP_IF_FALSE
            }
            (COMPARE_OP, POP_JUMP_FORWARD_IF_TRUE | POP_JUMP_BACKWARD_IF_TRUE) => {
                COMPARE_OP__POP_JUMP_IF_TRUE
            }
            _ => return None,
        })
    }

    /// The block-setup pseudo-instructions that define exception handlers.
    pub fn is_block_push(self) -> bool {
        matches!(self, Op::SETUP_FINALLY | Op::SETUP_CLEANUP | Op::SETUP_WITH)
    }
}

/// `BINARY_OP` arguments (CPython's `NB_*`), with their operator text.
pub const BINARY_OPS: &[&str] = &[
    "+", "&", "//", "<<", "@", "*", "%", "|", "**", ">>", "-", "/", "^", "+=", "&=", "//=", "<<=",
    "@=", "*=", "%=", "|=", "**=", ">>=", "-=", "/=", "^=",
];
/// Offset of the in-place variants in `BINARY_OPS`.
pub const NB_INPLACE: u32 = 13;

/// `COMPARE_OP` arguments.
pub const COMPARE_OPS: &[&str] = &["<", "<=", "==", "!=", ">", ">="];

/// `MAKE_FUNCTION` flags.
pub const MAKE_DEFAULTS: u32 = 0x01;
pub const MAKE_KWDEFAULTS: u32 = 0x02;
pub const MAKE_ANNOTATIONS: u32 = 0x04;
pub const MAKE_CLOSURE: u32 = 0x08;

/// `FORMAT_VALUE` flags: conversion in the low bits, spec present.
pub const FVC_NONE: u32 = 0;
pub const FVC_STR: u32 = 1;
pub const FVC_REPR: u32 = 2;
pub const FVC_ASCII: u32 = 3;
pub const FVS_HAVE_SPEC: u32 = 4;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_consistent() {
        for (i, op) in Op::ALL.iter().enumerate() {
            assert_eq!(*op as usize, i);
            assert_eq!(
                op.is_jump(),
                op.arg_kind() == ArgKind::Jump,
                "{}",
                op.name()
            );
        }
        assert_eq!(Op::BUILD_LIST.stack_effect(3, false), -2);
        assert_eq!(Op::FOR_ITER.stack_effect(0, true), -1);
        assert_eq!(
            Op::MAKE_FUNCTION.stack_effect(MAKE_DEFAULTS | MAKE_CLOSURE, false),
            -2
        );
        assert_eq!(Op::LOAD_GLOBAL.stack_effect(3, false), 2);
    }
}
