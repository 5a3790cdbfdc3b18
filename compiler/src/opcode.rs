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
//!
//! Numbering follows the table's order, in sections: real instructions
//! without an argument, then those with one (from `HAVE_ARGUMENT`, as
//! CPython numbers its own), then pseudo-instructions and the VM's fused
//! pairs. `co_code`, `_opcode` and `dis` expose these numbers.

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
    // ---- without an argument (below HAVE_ARGUMENT; the argument is 0) ----
    NOP: None, |a, j| 0, 0;
    POP_TOP: None, |a, j| -1, 0;
    PUSH_NULL: None, |a, j| 1, 0;
    UNARY_POSITIVE: None, |a, j| 0, 0;
    UNARY_NEGATIVE: None, |a, j| 0, 0;
    UNARY_NOT: None, |a, j| 0, 0;
    UNARY_INVERT: None, |a, j| 0, 0;
    BINARY_SUBSCR: None, |a, j| -1, 0;
    STORE_SUBSCR: None, |a, j| -3, 0;
    DELETE_SUBSCR: None, |a, j| -2, 0;
    GET_ITER: None, |a, j| 0, 0;
    GET_YIELD_FROM_ITER: None, |a, j| 0, 0;
    GET_LEN: None, |a, j| 1, 0;
    MATCH_MAPPING: None, |a, j| 1, 0;
    MATCH_SEQUENCE: None, |a, j| 1, 0;
    MATCH_KEYS: None, |a, j| 1, 0;
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
    // ---- with an argument (HAVE_ARGUMENT and above) ----
    COPY: Int, |a, j| 1, 0;
    SWAP: Int, |a, j| 0, 0;
    BINARY_OP: Int, |a, j| -1, 0;
    COMPARE_OP: Int, |a, j| -1, 0;
    IS_OP: Int, |a, j| -1, 0;
    CONTAINS_OP: Int, |a, j| -1, 0;
    MATCH_CLASS: Int, |a, j| -2, 0;
    GET_AWAITABLE: Int, |a, j| 0, 0;
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

    /// The instruction numbered `n`, if any.
    pub fn from_number(n: usize) -> Option<Op> {
        Op::ALL.get(n).copied()
    }

    /// An instruction a code object can hold: neither one of the
    /// compiler's pseudo-instructions nor one of the VM's fused pairs.
    pub fn is_real(self) -> bool {
        self.flags() & (FLAG_PSEUDO | FLAG_FUSED) == 0
    }

    /// Takes an argument: numbered `HAVE_ARGUMENT` or above, as in
    /// CPython (for real instructions; see the table's first section).
    pub fn has_arg(self) -> bool {
        self.arg_kind() != ArgKind::None
    }

    /// For a fused pair, the instruction it stands in place of (the
    /// pair's first, whose argument it keeps): what `dis` shows it as
    /// when not asked for the quickened form, as CPython's `deoptmap`.
    pub fn unfused(self) -> Option<Op> {
        if !self.is_fused() {
            return None;
        }
        let first = self.name().split("__").next()?;
        Op::ALL.iter().copied().find(|o| o.is_real() && o.name() == first)
    }
}

/// The number of the first instruction that takes an argument: every
/// real instruction below it has none (its argument is 0), every one from
/// it on has one — CPython's `opcode.HAVE_ARGUMENT` convention.
pub const HAVE_ARGUMENT: u8 = Op::COPY as u8;

impl ArgKind {
    /// The lower-case name `_opcode` gives Pyrite's `dis` for this kind.
    pub fn name(self) -> &'static str {
        match self {
            ArgKind::None => "none",
            ArgKind::Const => "const",
            ArgKind::Name => "name",
            ArgKind::Global => "global",
            ArgKind::Local => "local",
            ArgKind::Cell => "cell",
            ArgKind::Jump => "jump",
            ArgKind::Int => "int",
        }
    }
}

/// What an argument that is a number (`ArgKind::Int`) means, as `dis`
/// shows it in parentheses: the operator of `BINARY_OP` and `COMPARE_OP`,
/// the conversion of `FORMAT_VALUE`, the parts `MAKE_FUNCTION` takes;
/// empty for plain counts. One place for the command line's `--dis` and
/// the `dis` module.
pub fn describe_int_arg(op: Op, arg: u32) -> String {
    let a = arg as usize;
    match op {
        Op::BINARY_OP => BINARY_OPS.get(a).map_or(String::new(), |s| s.to_string()),
        Op::COMPARE_OP => COMPARE_OPS.get(a).map_or(String::new(), |s| s.to_string()),
        Op::FORMAT_VALUE => {
            let conv = match arg & 3 {
                FVC_STR => "str",
                FVC_REPR => "repr",
                FVC_ASCII => "ascii",
                _ => "",
            };
            match (conv, arg & FVS_HAVE_SPEC != 0) {
                ("", true) => "with format".to_string(),
                (c, true) => format!("{}, with format", c),
                (c, false) => c.to_string(),
            }
        }
        Op::MAKE_FUNCTION => MAKE_FUNCTION_PARTS
            .iter()
            .filter(|(bit, _)| arg & bit != 0)
            .map(|(_, name)| *name)
            .collect::<Vec<_>>()
            .join(", "),
        _ => String::new(),
    }
}

/// `BINARY_OP` arguments: CPython's `NB_*` names, in argument order
/// (parallel to `BINARY_OPS`).
pub const BINARY_OP_NAMES: &[&str] = &[
    "NB_ADD", "NB_AND", "NB_FLOOR_DIVIDE", "NB_LSHIFT", "NB_MATRIX_MULTIPLY", "NB_MULTIPLY",
    "NB_REMAINDER", "NB_OR", "NB_POWER", "NB_RSHIFT", "NB_SUBTRACT", "NB_TRUE_DIVIDE", "NB_XOR",
    "NB_INPLACE_ADD", "NB_INPLACE_AND", "NB_INPLACE_FLOOR_DIVIDE", "NB_INPLACE_LSHIFT",
    "NB_INPLACE_MATRIX_MULTIPLY", "NB_INPLACE_MULTIPLY", "NB_INPLACE_REMAINDER", "NB_INPLACE_OR",
    "NB_INPLACE_POWER", "NB_INPLACE_RSHIFT", "NB_INPLACE_SUBTRACT", "NB_INPLACE_TRUE_DIVIDE",
    "NB_INPLACE_XOR",
];

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
/// The `MAKE_FUNCTION` flags with the names `dis` shows them by.
pub const MAKE_FUNCTION_PARTS: &[(u32, &str)] = &[
    (MAKE_DEFAULTS, "defaults"),
    (MAKE_KWDEFAULTS, "kwdefaults"),
    (MAKE_ANNOTATIONS, "annotations"),
    (MAKE_CLOSURE, "closure"),
];

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

    #[test]
    fn real_instructions_are_numbered_by_argument() {
        // Real instructions first, those without an argument below
        // HAVE_ARGUMENT; then the pseudo-instructions and fused pairs.
        let real: Vec<Op> = Op::ALL.iter().copied().take_while(|o| o.is_real()).collect();
        assert!(Op::ALL[real.len()..].iter().all(|o| !o.is_real()));
        for op in &real {
            assert_eq!((*op as u8) >= HAVE_ARGUMENT, op.has_arg(), "{}", op.name());
        }
        assert!(!Op::from_number(HAVE_ARGUMENT as usize - 1).unwrap().has_arg());
        assert_eq!(Op::from_number(Op::ALL.len()), None);
    }

    #[test]
    fn fused_pairs_unfuse_to_their_first_instruction() {
        let real: Vec<Op> = Op::ALL.iter().copied().filter(|o| o.is_real()).collect();
        let mut seen = std::collections::HashSet::new();
        for &a in &real {
            for &b in &real {
                if let Some(f) = Op::fuse(a, b) {
                    assert!(f.is_fused());
                    assert_eq!(f.unfused(), Some(a), "{}", f.name());
                    seen.insert(f);
                }
            }
        }
        let fused: Vec<Op> = Op::ALL.iter().copied().filter(|o| o.is_fused()).collect();
        assert_eq!(seen.len(), fused.len());
        assert!(real.iter().all(|o| o.unfused().is_none()));
    }

    #[test]
    fn int_arguments_are_described() {
        assert_eq!(BINARY_OPS.len(), BINARY_OP_NAMES.len());
        assert_eq!(describe_int_arg(Op::BINARY_OP, NB_INPLACE), "+=");
        assert_eq!(describe_int_arg(Op::BINARY_OP, 999), "");
        assert_eq!(describe_int_arg(Op::COMPARE_OP, 2), "==");
        assert_eq!(describe_int_arg(Op::FORMAT_VALUE, FVC_REPR | FVS_HAVE_SPEC), "repr, with format");
        assert_eq!(describe_int_arg(Op::FORMAT_VALUE, FVS_HAVE_SPEC), "with format");
        assert_eq!(describe_int_arg(Op::FORMAT_VALUE, FVC_NONE), "");
        assert_eq!(describe_int_arg(Op::MAKE_FUNCTION, MAKE_DEFAULTS | MAKE_CLOSURE), "defaults, closure");
        assert_eq!(describe_int_arg(Op::CALL, 3), "");
    }
}
