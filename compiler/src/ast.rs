//! The abstract syntax tree, mirroring CPython 3.11's `Parser/Python.asdl`
//! one to one: the same node classes, the same field names in the same order,
//! the same position attributes.
//!
//! Every node type is declared once, in the tables below; the macros generate
//! the Rust types *and* the `ast.dump(..., include_attributes=True)` printer
//! from that single declaration, so a field cannot be added to one and
//! forgotten in the other.

use crate::repr;
use crate::wtf8::Wtf8Buf;
use num_bigint::BigInt;

/// Source span of a node: 1-based lines, 0-based UTF-8 byte columns,
/// exactly CPython's `lineno`, `col_offset`, `end_lineno`, `end_col_offset`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Loc {
    pub lineno: u32,
    pub col_offset: u32,
    pub end_lineno: u32,
    pub end_col_offset: u32,
}

impl Loc {
    /// A column that is not known (CPython's -1, shown as None by
    /// `co_positions()`): the generator prefix carries only a line.
    pub const NO_COLUMN: u32 = u32::MAX;

    pub fn new(lineno: u32, col_offset: u32, end_lineno: u32, end_col_offset: u32) -> Loc {
        Loc {
            lineno,
            col_offset,
            end_lineno,
            end_col_offset,
        }
    }

    /// The span from the start of `self` to the end of `other`.
    pub fn to(self, other: Loc) -> Loc {
        Loc {
            end_lineno: other.end_lineno,
            end_col_offset: other.end_col_offset,
            ..self
        }
    }

    /// Every node prints these four numbers: format them by hand (the
    /// `fmt` machinery was a third of the dump's time).
    fn dump_attrs(&self, out: &mut String, first: bool) {
        out.push_str(if first { "lineno=" } else { ", lineno=" });
        push_u32(out, self.lineno);
        out.push_str(", col_offset=");
        push_u32(out, self.col_offset);
        out.push_str(", end_lineno=");
        push_u32(out, self.end_lineno);
        out.push_str(", end_col_offset=");
        push_u32(out, self.end_col_offset);
    }
}

/// Append the decimal digits of `v`.
fn push_u32(out: &mut String, mut v: u32) {
    let mut buf = [0u8; 10];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    // SAFETY: the bytes written are ASCII digits.
    out.push_str(unsafe { std::str::from_utf8_unchecked(&buf[i..]) });
}

pub type Identifier = String;

/// The value of a `Constant` node.
#[derive(Clone, Debug, PartialEq)]
pub enum ConstValue {
    None,
    Bool(bool),
    Ellipsis,
    Int(BigInt),
    Float(f64),
    /// Only pure imaginary literals come from source; folding may make more.
    Complex {
        real: f64,
        imag: f64,
    },
    Str(Wtf8Buf),
    Bytes(Vec<u8>),
    Tuple(Vec<ConstValue>),
    /// Only from the optimizer (`x in {1, 2}`).
    FrozenSet(Vec<ConstValue>),
}

/// Printing in `ast.dump` form.
pub trait Dump {
    fn dump(&self, out: &mut String);
    /// `ast.dump` leaves out optional fields whose value is `None`.
    fn omitted(&self) -> bool {
        false
    }
}

#[inline]
fn field<T: Dump + ?Sized>(out: &mut String, first: &mut bool, name: &str, v: &T) {
    if v.omitted() {
        return;
    }
    if !*first {
        out.push_str(", ");
    }
    *first = false;
    // Fields named after Rust keywords are spelled `r#type` in the tables.
    out.push_str(name.strip_prefix("r#").unwrap_or(name));
    out.push('=');
    v.dump(out);
}

impl<T: Dump> Dump for Box<T> {
    fn dump(&self, out: &mut String) {
        (**self).dump(out)
    }
    fn omitted(&self) -> bool {
        (**self).omitted()
    }
}

impl<T: Dump> Dump for Option<T> {
    fn dump(&self, out: &mut String) {
        match self {
            Some(v) => v.dump(out),
            None => out.push_str("None"),
        }
    }
    fn omitted(&self) -> bool {
        self.is_none()
    }
}

impl<T: Dump> Dump for Vec<T> {
    fn dump(&self, out: &mut String) {
        out.push('[');
        for (i, v) in self.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            v.dump(out);
        }
        out.push(']');
    }
}

impl Dump for String {
    fn dump(&self, out: &mut String) {
        repr::write_utf8_repr(out, self)
    }
}

impl Dump for i32 {
    fn dump(&self, out: &mut String) {
        if *self < 0 {
            out.push('-');
        }
        push_u32(out, self.unsigned_abs());
    }
}

impl Dump for ConstValue {
    fn dump(&self, out: &mut String) {
        match self {
            ConstValue::None => out.push_str("None"),
            ConstValue::Bool(true) => out.push_str("True"),
            ConstValue::Bool(false) => out.push_str("False"),
            ConstValue::Ellipsis => out.push_str("Ellipsis"),
            ConstValue::Int(i) => {
                use std::fmt::Write;
                let _ = write!(out, "{}", i);
            }
            ConstValue::Float(f) => out.push_str(&repr::float_repr(*f)),
            ConstValue::Complex { real, imag } => out.push_str(&repr::complex_repr(*real, *imag)),
            ConstValue::Str(s) => repr::write_str_repr(out, s),
            ConstValue::Bytes(b) => repr::write_bytes_repr(out, b),
            ConstValue::Tuple(items) => {
                out.push('(');
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    v.dump(out);
                }
                if items.len() == 1 {
                    out.push(',');
                }
                out.push(')');
            }
            ConstValue::FrozenSet(items) => {
                out.push_str(if items.is_empty() {
                    "frozenset("
                } else {
                    "frozenset({"
                });
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    v.dump(out);
                }
                out.push_str(if items.is_empty() { ")" } else { "})" });
            }
        }
    }
}

/// A borrowed reference to any AST node with fields: what a generic
/// traversal hands to its callback (Python's `ast.iter_child_nodes`).
#[derive(Clone, Copy, Debug)]
pub enum NodeRef<'a> {
    Mod(&'a Mod),
    Stmt(&'a Stmt),
    Expr(&'a Expr),
    Pattern(&'a Pattern),
    ExceptHandler(&'a ExceptHandler),
    Arguments(&'a Arguments),
    Arg(&'a Arg),
    Keyword(&'a Keyword),
    Alias(&'a Alias),
    WithItem(&'a WithItem),
    MatchCase(&'a MatchCase),
    Comprehension(&'a Comprehension),
    TypeIgnore(&'a TypeIgnore),
}

/// A field value: nodes report themselves, containers their elements,
/// and leaves (names, numbers, operators) nothing.
pub trait Child {
    fn visit<'a>(&'a self, _f: &mut dyn FnMut(NodeRef<'a>)) {}
}

impl<T: Child> Child for Box<T> {
    fn visit<'a>(&'a self, f: &mut dyn FnMut(NodeRef<'a>)) {
        (**self).visit(f)
    }
}

impl<T: Child> Child for Option<T> {
    fn visit<'a>(&'a self, f: &mut dyn FnMut(NodeRef<'a>)) {
        if let Some(v) = self {
            v.visit(f)
        }
    }
}

impl<T: Child> Child for Vec<T> {
    fn visit<'a>(&'a self, f: &mut dyn FnMut(NodeRef<'a>)) {
        for v in self {
            v.visit(f)
        }
    }
}

impl Child for String {}
impl Child for i32 {}
impl Child for ConstValue {}

impl<'a> NodeRef<'a> {
    /// Call `f` on each direct child node, in field order.
    pub fn for_each_child(self, f: &mut dyn FnMut(NodeRef<'a>)) {
        match self {
            NodeRef::Mod(n) => n.walk_children(f),
            NodeRef::Stmt(n) => n.walk_children(f),
            NodeRef::Expr(n) => n.walk_children(f),
            NodeRef::Pattern(n) => n.walk_children(f),
            NodeRef::ExceptHandler(n) => n.walk_children(f),
            NodeRef::Arguments(n) => n.walk_children(f),
            NodeRef::Arg(n) => n.walk_children(f),
            NodeRef::Keyword(n) => n.walk_children(f),
            NodeRef::Alias(n) => n.walk_children(f),
            NodeRef::WithItem(n) => n.walk_children(f),
            NodeRef::MatchCase(n) => n.walk_children(f),
            NodeRef::Comprehension(n) => n.walk_children(f),
            NodeRef::TypeIgnore(n) => n.walk_children(f),
        }
    }
}

/// Recursive walks over the tree continue on a fresh stack segment when
/// less than this much stack remains (see `stacker`).
pub const DEEP_RED_ZONE: usize = 64 * 1024;
pub const DEEP_SEGMENT: usize = 2 * 1024 * 1024;

/// Dropping a tree recurses as deep as the tree; like the other walks it
/// must not overflow the stack, so each recursive node drops its children
/// with stack to spare.
macro_rules! deep_drop {
    ($Node:ident, $placeholder:expr) => {
        impl Drop for $Node {
            fn drop(&mut self) {
                let kind = std::mem::replace(&mut self.kind, $placeholder);
                stacker::maybe_grow(DEEP_RED_ZONE, DEEP_SEGMENT, move || drop(kind));
            }
        }
    };
}

/// A sum type whose constructors carry position attributes (`stmt`, `expr`,
/// `pattern`): a struct `{ kind, loc }` over an enum of constructors.
macro_rules! located_sum {
    ($(#[$doc:meta])* $Node:ident, $Kind:ident {
        $( $Var:ident { $($f:ident : $t:ty),* $(,)? } ),* $(,)?
    }) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq)]
        pub struct $Node {
            pub kind: $Kind,
            pub loc: Loc,
        }

        #[derive(Clone, Debug, PartialEq)]
        pub enum $Kind {
            $( $Var { $($f : $t),* } ),*
        }

        impl $Kind {
            /// The CPython class name of this constructor.
            pub fn name(&self) -> &'static str {
                match self { $( $Kind::$Var { .. } => stringify!($Var) ),* }
            }
        }

        impl Child for $Node {
            fn visit<'a>(&'a self, f: &mut dyn FnMut(NodeRef<'a>)) {
                f(NodeRef::$Node(self))
            }
        }

        impl $Node {
            /// Call `visit_fn` on each direct child node, in field order.
            #[allow(unused_variables)]
            pub fn walk_children<'a>(&'a self, visit_fn: &mut dyn FnMut(NodeRef<'a>)) {
                match &self.kind {
                    $( $Kind::$Var { $($f),* } => { $( Child::visit($f, visit_fn); )* } )*
                }
            }
        }

        impl Dump for $Node {
            #[allow(unused_mut)]
            fn dump(&self, out: &mut String) {
                // Trees can be deeper than any fixed stack (`a+a+...+a`).
                stacker::maybe_grow(DEEP_RED_ZONE, DEEP_SEGMENT, || self.dump_node(out))
            }
        }

        impl $Node {
            #[allow(unused_mut)]
            fn dump_node(&self, out: &mut String) {
                let mut first = true;
                match &self.kind {
                    $( $Kind::$Var { $($f),* } => {
                        out.push_str(concat!(stringify!($Var), "("));
                        $( field(out, &mut first, stringify!($f), $f); )*
                    } )*
                }
                self.loc.dump_attrs(out, first);
                out.push(')');
            }
        }
    };
}

/// A sum type without positions (`mod`).
macro_rules! plain_sum {
    ($(#[$doc:meta])* $Node:ident {
        $( $Var:ident { $($f:ident : $t:ty),* $(,)? } ),* $(,)?
    }) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq)]
        pub enum $Node {
            $( $Var { $($f : $t),* } ),*
        }

        impl Child for $Node {
            fn visit<'a>(&'a self, f: &mut dyn FnMut(NodeRef<'a>)) {
                f(NodeRef::$Node(self))
            }
        }

        impl $Node {
            /// Call `visit_fn` on each direct child node, in field order.
            #[allow(unused_variables)]
            pub fn walk_children<'a>(&'a self, visit_fn: &mut dyn FnMut(NodeRef<'a>)) {
                match self {
                    $( $Node::$Var { $($f),* } => { $( Child::visit($f, visit_fn); )* } )*
                }
            }
        }

        impl Dump for $Node {
            #[allow(unused_mut)]
            fn dump(&self, out: &mut String) {
                let mut first = true;
                match self {
                    $( $Node::$Var { $($f),* } => {
                        out.push_str(concat!(stringify!($Var), "("));
                        $( field(out, &mut first, stringify!($f), $f); )*
                    } )*
                }
                out.push(')');
            }
        }
    };
}

/// An enumeration of field-less constructors (`operator`, `cmpop`, ...).
macro_rules! simple_sum {
    ($(#[$doc:meta])* $Node:ident { $($Var:ident),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $Node { $($Var),* }

        impl $Node {
            pub fn name(self) -> &'static str {
                match self { $( $Node::$Var => stringify!($Var) ),* }
            }
        }

        impl Child for $Node {}

        impl Dump for $Node {
            fn dump(&self, out: &mut String) {
                out.push_str(self.name());
                out.push_str("()");
            }
        }
    };
}

/// A product type; `loc` marks the ones with position attributes.
macro_rules! product {
    ($(#[$doc:meta])* $Node:ident = $pyname:literal $(, $loc:ident)? {
        $($f:ident : $t:ty),* $(,)?
    }) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq)]
        pub struct $Node {
            $(pub $f : $t,)*
            $(pub $loc: Loc,)?
        }

        impl Child for $Node {
            fn visit<'a>(&'a self, f: &mut dyn FnMut(NodeRef<'a>)) {
                f(NodeRef::$Node(self))
            }
        }

        impl $Node {
            /// Call `visit_fn` on each direct child node, in field order.
            #[allow(unused_variables)]
            pub fn walk_children<'a>(&'a self, visit_fn: &mut dyn FnMut(NodeRef<'a>)) {
                $( Child::visit(&self.$f, visit_fn); )*
            }
        }

        impl Dump for $Node {
            #[allow(unused_mut)]
            fn dump(&self, out: &mut String) {
                let mut first = true;
                out.push_str(concat!($pyname, "("));
                $( field(out, &mut first, stringify!($f), &self.$f); )*
                $( self.$loc.dump_attrs(out, first); )?
                let _ = first;
                out.push(')');
            }
        }
    };
}

plain_sum! {
    /// `mod`: the root of a parse.
    Mod {
        Module { body: Vec<Stmt>, type_ignores: Vec<TypeIgnore> },
        Interactive { body: Vec<Stmt> },
        Expression { body: Box<Expr> },
        FunctionType { argtypes: Vec<Expr>, returns: Box<Expr> },
    }
}

located_sum! {
    /// `stmt`
    Stmt, StmtKind {
        FunctionDef { name: Identifier, args: Box<Arguments>, body: Vec<Stmt>,
                      decorator_list: Vec<Expr>, returns: Option<Box<Expr>>,
                      type_comment: Option<String> },
        AsyncFunctionDef { name: Identifier, args: Box<Arguments>, body: Vec<Stmt>,
                           decorator_list: Vec<Expr>, returns: Option<Box<Expr>>,
                           type_comment: Option<String> },
        ClassDef { name: Identifier, bases: Vec<Expr>, keywords: Vec<Keyword>,
                   body: Vec<Stmt>, decorator_list: Vec<Expr> },
        Return { value: Option<Box<Expr>> },
        Delete { targets: Vec<Expr> },
        Assign { targets: Vec<Expr>, value: Box<Expr>, type_comment: Option<String> },
        AugAssign { target: Box<Expr>, op: Operator, value: Box<Expr> },
        AnnAssign { target: Box<Expr>, annotation: Box<Expr>, value: Option<Box<Expr>>, simple: i32 },
        For { target: Box<Expr>, iter: Box<Expr>, body: Vec<Stmt>, orelse: Vec<Stmt>,
              type_comment: Option<String> },
        AsyncFor { target: Box<Expr>, iter: Box<Expr>, body: Vec<Stmt>, orelse: Vec<Stmt>,
                   type_comment: Option<String> },
        While { test: Box<Expr>, body: Vec<Stmt>, orelse: Vec<Stmt> },
        If { test: Box<Expr>, body: Vec<Stmt>, orelse: Vec<Stmt> },
        With { items: Vec<WithItem>, body: Vec<Stmt>, type_comment: Option<String> },
        AsyncWith { items: Vec<WithItem>, body: Vec<Stmt>, type_comment: Option<String> },
        Match { subject: Box<Expr>, cases: Vec<MatchCase> },
        Raise { exc: Option<Box<Expr>>, cause: Option<Box<Expr>> },
        Try { body: Vec<Stmt>, handlers: Vec<ExceptHandler>, orelse: Vec<Stmt>, finalbody: Vec<Stmt> },
        TryStar { body: Vec<Stmt>, handlers: Vec<ExceptHandler>, orelse: Vec<Stmt>, finalbody: Vec<Stmt> },
        Assert { test: Box<Expr>, msg: Option<Box<Expr>> },
        Import { names: Vec<Alias> },
        ImportFrom { module: Option<Identifier>, names: Vec<Alias>, level: Option<i32> },
        Global { names: Vec<Identifier> },
        Nonlocal { names: Vec<Identifier> },
        Expr { value: Box<Expr> },
        Pass {},
        Break {},
        Continue {},
    }
}

located_sum! {
    /// `expr`
    Expr, ExprKind {
        BoolOp { op: BoolOp, values: Vec<Expr> },
        NamedExpr { target: Box<Expr>, value: Box<Expr> },
        BinOp { left: Box<Expr>, op: Operator, right: Box<Expr> },
        UnaryOp { op: UnaryOp, operand: Box<Expr> },
        Lambda { args: Box<Arguments>, body: Box<Expr> },
        IfExp { test: Box<Expr>, body: Box<Expr>, orelse: Box<Expr> },
        Dict { keys: Vec<Option<Expr>>, values: Vec<Expr> },
        Set { elts: Vec<Expr> },
        ListComp { elt: Box<Expr>, generators: Vec<Comprehension> },
        SetComp { elt: Box<Expr>, generators: Vec<Comprehension> },
        DictComp { key: Box<Expr>, value: Box<Expr>, generators: Vec<Comprehension> },
        GeneratorExp { elt: Box<Expr>, generators: Vec<Comprehension> },
        Await { value: Box<Expr> },
        Yield { value: Option<Box<Expr>> },
        YieldFrom { value: Box<Expr> },
        Compare { left: Box<Expr>, ops: Vec<CmpOp>, comparators: Vec<Expr> },
        Call { func: Box<Expr>, args: Vec<Expr>, keywords: Vec<Keyword> },
        FormattedValue { value: Box<Expr>, conversion: i32, format_spec: Option<Box<Expr>> },
        JoinedStr { values: Vec<Expr> },
        Constant { value: ConstValue, kind: Option<String> },
        Attribute { value: Box<Expr>, attr: Identifier, ctx: ExprContext },
        Subscript { value: Box<Expr>, slice: Box<Expr>, ctx: ExprContext },
        Starred { value: Box<Expr>, ctx: ExprContext },
        Name { id: Identifier, ctx: ExprContext },
        List { elts: Vec<Expr>, ctx: ExprContext },
        Tuple { elts: Vec<Expr>, ctx: ExprContext },
        Slice { lower: Option<Box<Expr>>, upper: Option<Box<Expr>>, step: Option<Box<Expr>> },
    }
}

simple_sum! { ExprContext { Load, Store, Del } }
simple_sum! { BoolOp { And, Or } }
simple_sum! {
    Operator { Add, Sub, Mult, MatMult, Div, Mod, Pow, LShift, RShift, BitOr, BitXor, BitAnd, FloorDiv }
}
simple_sum! { UnaryOp { Invert, Not, UAdd, USub } }
simple_sum! { CmpOp { Eq, NotEq, Lt, LtE, Gt, GtE, Is, IsNot, In, NotIn } }

product! {
    Comprehension = "comprehension" {
        target: Expr, iter: Expr, ifs: Vec<Expr>, is_async: i32,
    }
}

product! {
    /// `excepthandler` has a single constructor, so it is a product here.
    ExceptHandler = "ExceptHandler", loc {
        r#type: Option<Box<Expr>>, name: Option<Identifier>, body: Vec<Stmt>,
    }
}

product! {
    Arguments = "arguments" {
        posonlyargs: Vec<Arg>, args: Vec<Arg>, vararg: Option<Box<Arg>>,
        kwonlyargs: Vec<Arg>, kw_defaults: Vec<Option<Expr>>, kwarg: Option<Box<Arg>>,
        defaults: Vec<Expr>,
    }
}

product! {
    Arg = "arg", loc {
        arg: Identifier, annotation: Option<Box<Expr>>, type_comment: Option<String>,
    }
}

product! {
    /// A keyword argument of a call; `arg` is `None` for `**kwargs`.
    Keyword = "keyword", loc {
        arg: Option<Identifier>, value: Expr,
    }
}

product! {
    Alias = "alias", loc {
        name: Identifier, asname: Option<Identifier>,
    }
}

product! {
    WithItem = "withitem" {
        context_expr: Expr, optional_vars: Option<Box<Expr>>,
    }
}

product! {
    MatchCase = "match_case" {
        pattern: Pattern, guard: Option<Box<Expr>>, body: Vec<Stmt>,
    }
}

located_sum! {
    /// `pattern`
    Pattern, PatternKind {
        MatchValue { value: Box<Expr> },
        MatchSingleton { value: ConstValue },
        MatchSequence { patterns: Vec<Pattern> },
        MatchMapping { keys: Vec<Expr>, patterns: Vec<Pattern>, rest: Option<Identifier> },
        MatchClass { cls: Box<Expr>, patterns: Vec<Pattern>, kwd_attrs: Vec<Identifier>,
                     kwd_patterns: Vec<Pattern> },
        MatchStar { name: Option<Identifier> },
        MatchAs { pattern: Option<Box<Pattern>>, name: Option<Identifier> },
        MatchOr { patterns: Vec<Pattern> },
    }
}

product! {
    TypeIgnore = "TypeIgnore" {
        lineno: i32, tag: String,
    }
}

deep_drop!(
    Expr,
    ExprKind::Constant {
        value: ConstValue::None,
        kind: None
    }
);
deep_drop!(Stmt, StmtKind::Pass {});
deep_drop!(Pattern, PatternKind::MatchStar { name: None });

impl Expr {
    pub fn new(kind: ExprKind, loc: Loc) -> Expr {
        Expr { kind, loc }
    }
}

impl Stmt {
    pub fn new(kind: StmtKind, loc: Loc) -> Stmt {
        Stmt { kind, loc }
    }
}

/// `ast.dump(tree, include_attributes=True)`.
pub fn dump(m: &Mod) -> String {
    let mut out = String::with_capacity(1 << 20);
    m.dump(&mut out);
    out
}
