//! Property tests: no input makes the compiler panic (tokenizer, parser,
//! checks, optimizer, symbol table, code generation, assembler).
//!
//! Three generators: raw bytes, soups of Python tokens and fragments
//! (which reach deep into the grammar), and mutations of valid programs.
//! A panic fails the property; every input must give a tree or an error.
//! `examples/fuzz_parser.rs` runs the mutation strategy for as long as you
//! like over CPython's standard library.

use proptest::prelude::*;
use pyrite_compiler::{ast, parse_program, parse_source, tokenizer};

/// Parse, and when that succeeds, print and check the tree too.
fn exercise(bytes: &[u8]) {
    if let Ok(text) = pyrite_compiler::source::decode_source(bytes) {
        let _ = tokenizer::tokenize(&text);
    }
    if let Ok(m) = parse_source(bytes) {
        let _ = ast::dump(&m);
        let _ = parse_program(bytes);
        if let Ok(code) = pyrite_compiler::codegen::compile_module(m, "<fuzz>", Default::default())
        {
            let _ = code.disassemble();
        }
    }
}

const FRAGMENTS: &[&str] = &[
    "x",
    "y",
    "_",
    "match",
    "case",
    "type",
    "print",
    "é",
    "0",
    "1_0",
    "0x1F",
    "0o7",
    "0b1",
    "1.5e-3",
    "2j",
    "'s'",
    "\"d\"",
    "'''t'''",
    "b'b'",
    "r'\\d'",
    "f'{x}'",
    "f'{x!r:>{w}}'",
    "f\"{a=}\"",
    "f'{'",
    "'\\N{EM DASH}'",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    ":",
    ";",
    ".",
    "...",
    "=",
    "==",
    "!=",
    ":=",
    "->",
    "+",
    "-",
    "*",
    "**",
    "/",
    "//",
    "%",
    "@",
    "|",
    "&",
    "^",
    "~",
    "<<",
    ">>",
    "<",
    ">",
    "+=",
    "**=",
    "if",
    "elif",
    "else",
    "for",
    "in",
    "not",
    "is",
    "and",
    "or",
    "while",
    "def",
    "class",
    "return",
    "yield",
    "from",
    "import",
    "as",
    "with",
    "try",
    "except",
    "except*",
    "finally",
    "raise",
    "lambda",
    "async",
    "await",
    "global",
    "nonlocal",
    "del",
    "pass",
    "break",
    "continue",
    "assert",
    "None",
    "True",
    "False",
    "\n",
    "\n    ",
    "\n        ",
    "\n\t",
    "\\\n",
    "#c\n",
    " ",
    "$",
    "?",
    "!",
];

fn soup() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(FRAGMENTS), 0..60).prop_map(|v| v.join(" "))
}

const SEEDS: &[&str] = &[
    "def f(a, /, b=1, *c, d, **e) -> int:\n    return [x async for x in y if x]\n",
    "class A(B, metaclass=M):\n    @property\n    def p(self): yield from g()\n",
    "match p:\n    case {'k': [1, *r]} | Point(x=0) as q if q: pass\n    case _: pass\n",
    "try:\n    pass\nexcept* E as e:\n    raise X from e\nfinally:\n    del a[1:2, ...]\n",
    "with (open(f) as g, h):\n    x: int = f'{a!r:{w}.{p}} {b=}' 'c' rb'd'\n",
    "while (n := n - 1) > 0:\n    lambda *a, k=1, **kw: (yield)\nelse:\n    global q\n",
];

fn mutation() -> impl Strategy<Value = Vec<u8>> {
    (
        prop::sample::select(SEEDS),
        prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 1..8),
    )
        .prop_map(|(seed, edits)| {
            let mut b = seed.as_bytes().to_vec();
            for (at, byte, op) in edits {
                let i = at.index(b.len() + 1);
                match op {
                    0 => b.insert(i, byte),
                    1 if i < b.len() => {
                        b.remove(i);
                    }
                    _ if i < b.len() => b[i] = byte,
                    _ => {}
                }
            }
            b
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 20_000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        exercise(&bytes);
    }

    #[test]
    fn token_soup(src in soup()) {
        exercise(src.as_bytes());
    }

    #[test]
    fn mutated_programs(bytes in mutation()) {
        exercise(&bytes);
    }
}
