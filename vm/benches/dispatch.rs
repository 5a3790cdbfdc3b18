//! Instruction dispatch: a `match` loop against call-threaded code.
//!
//! ARCHITECTURE.md asks the eval loop's dispatch to be chosen by
//! measurement: Rust has no computed goto, so the candidates are
//! - `match`: instructions decoded into an enum, one big `match` per step;
//! - `threaded`: each instruction predecoded into `{ handler: fn, arg }`,
//!   the loop calls through the pointer and the handler returns the next
//!   instruction index (jumps are handler-local, no shared `ip += 1`);
//! - `threaded_flow`: the same, but handlers return a small `Flow` and the
//!   loop advances the index (the shape that leaves room for a
//!   `--profile-opcodes` handler table and for specialisation).
//!
//! All three run the same toy bytecode (stack machine, integer locals) on
//! three dispatch-bound programs. The values are plain `i64` so that only
//! dispatch and operand access are measured, not the object model.
//!
//! Run: `cargo bench -p pyrite-vm --bench dispatch`.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use std::time::Duration;

#[derive(Clone, Copy, Debug)]
enum Ins {
    Const(i64),
    Load(usize),
    Store(usize),
    Add,
    Mul,
    And,
    Shr,
    Lt,
    Ne,
    JumpIfFalse(usize),
    Jump(usize),
    Return,
}

/// `s = 0; i = 0; while i < n: s = s + (i & 7); i = i + 1; return s`
fn sum_loop(n: i64) -> Vec<Ins> {
    use Ins::*;
    vec![
        Const(0),
        Store(0), // s
        Const(0),
        Store(1), // i
        Load(1),
        Const(n),
        Lt,
        JumpIfFalse(19),
        Load(0),
        Load(1),
        Const(7),
        And,
        Add,
        Store(0),
        Load(1),
        Const(1),
        Add,
        Store(1),
        Jump(4),
        Load(0),
        Return,
    ]
}

/// Collatz steps for every start below `n` (branchy inner loop).
fn collatz(n: i64) -> Vec<Ins> {
    use Ins::*;
    const COUNT: usize = 29;
    const EVEN: usize = 25;
    const INC: usize = 34;
    const END: usize = 39;
    vec![
        Const(0),
        Store(0), // 0: total = 0
        Const(1),
        Store(1), // 2: i = 1
        Load(1),
        Const(n),
        Lt,
        JumpIfFalse(END), // 4: while i < n
        Load(1),
        Store(2), // 8: x = i
        Load(2),
        Const(1),
        Ne,
        JumpIfFalse(INC), // 10: while x != 1
        Load(2),
        Const(1),
        And,
        JumpIfFalse(EVEN), // 14: if x & 1
        Const(3),
        Load(2),
        Mul,
        Const(1),
        Add,
        Store(2),
        Jump(COUNT), // 18: x = 3x + 1
        Load(2),
        Const(1),
        Shr,
        Store(2), // 25: x >>= 1
        Load(0),
        Const(1),
        Add,
        Store(0), // 29: total += 1
        Jump(10), // 33
        Load(1),
        Const(1),
        Add,
        Store(1),
        Jump(4), // 34: i += 1
        Load(0),
        Return, // 39
    ]
}

/// Iterative Fibonacci mod 2^20, `n` steps.
fn fib_loop(n: i64) -> Vec<Ins> {
    use Ins::*;
    vec![
        Const(0),
        Store(0),
        Const(1),
        Store(1),
        Const(0),
        Store(2),
        Load(2),
        Const(n),
        Lt,
        JumpIfFalse(25), // 6..10
        Load(0),
        Load(1),
        Add,
        Const(0xFFFFF),
        And, // 10..15
        Load(1),
        Store(0),
        Store(1), // a, b = b, (a+b) & mask  15..18
        Load(2),
        Const(1),
        Add,
        Store(2), // 18..22
        Jump(6),
        Return,
        Return, // 22..25
        Load(0),
        Return,
    ]
}

struct State {
    stack: Vec<i64>,
    locals: [i64; 8],
}

impl State {
    fn new() -> State {
        State {
            stack: Vec::with_capacity(64),
            locals: [0; 8],
        }
    }
    #[inline(always)]
    fn push(&mut self, v: i64) {
        self.stack.push(v);
    }
    #[inline(always)]
    fn pop(&mut self) -> i64 {
        // The toy programs are balanced; an empty pop would be a bug.
        self.stack.pop().unwrap_or(0)
    }
}

// ---- 1. match loop -------------------------------------------------------------

fn run_match(code: &[Ins]) -> i64 {
    let mut st = State::new();
    let mut ip = 0;
    loop {
        let ins = code[ip];
        ip += 1;
        match ins {
            Ins::Const(v) => st.push(v),
            Ins::Load(i) => st.push(st.locals[i]),
            Ins::Store(i) => st.locals[i] = st.pop(),
            Ins::Add => {
                let b = st.pop();
                let a = st.pop();
                st.push(a.wrapping_add(b));
            }
            Ins::Mul => {
                let b = st.pop();
                let a = st.pop();
                st.push(a.wrapping_mul(b));
            }
            Ins::And => {
                let b = st.pop();
                let a = st.pop();
                st.push(a & b);
            }
            Ins::Shr => {
                let b = st.pop();
                let a = st.pop();
                st.push(a >> b);
            }
            Ins::Lt => {
                let b = st.pop();
                let a = st.pop();
                st.push((a < b) as i64);
            }
            Ins::Ne => {
                let b = st.pop();
                let a = st.pop();
                st.push((a != b) as i64);
            }
            Ins::JumpIfFalse(t) => {
                if st.pop() == 0 {
                    ip = t;
                }
            }
            Ins::Jump(t) => ip = t,
            Ins::Return => return st.pop(),
        }
    }
}

// ---- 2. threaded: handlers return the next index --------------------------------

type Handler = fn(&mut State, i64, usize) -> usize;

#[derive(Clone, Copy)]
struct TIns {
    handler: Handler,
    arg: i64,
}

const RETURN: usize = usize::MAX;

fn h_const(st: &mut State, a: i64, ip: usize) -> usize {
    st.push(a);
    ip + 1
}
fn h_load(st: &mut State, a: i64, ip: usize) -> usize {
    st.push(st.locals[a as usize]);
    ip + 1
}
fn h_store(st: &mut State, a: i64, ip: usize) -> usize {
    st.locals[a as usize] = st.pop();
    ip + 1
}
macro_rules! binop {
    ($name:ident, |$a:ident, $b:ident| $e:expr) => {
        fn $name(st: &mut State, _: i64, ip: usize) -> usize {
            let $b = st.pop();
            let $a = st.pop();
            st.push($e);
            ip + 1
        }
    };
}
binop!(h_add, |a, b| a.wrapping_add(b));
binop!(h_mul, |a, b| a.wrapping_mul(b));
binop!(h_and, |a, b| a & b);
binop!(h_shr, |a, b| a >> b);
binop!(h_lt, |a, b| (a < b) as i64);
binop!(h_ne, |a, b| (a != b) as i64);
fn h_jif(st: &mut State, a: i64, ip: usize) -> usize {
    if st.pop() == 0 {
        a as usize
    } else {
        ip + 1
    }
}
fn h_jump(_: &mut State, a: i64, _: usize) -> usize {
    a as usize
}
fn h_return(_: &mut State, _: i64, _: usize) -> usize {
    RETURN
}

impl Ins {
    /// Position of this instruction's kind in the handler tables below, so
    /// both threaded variants decode from one definition.
    fn kind(&self) -> usize {
        match self {
            Ins::Const(_) => 0,
            Ins::Load(_) => 1,
            Ins::Store(_) => 2,
            Ins::Add => 3,
            Ins::Mul => 4,
            Ins::And => 5,
            Ins::Shr => 6,
            Ins::Lt => 7,
            Ins::Ne => 8,
            Ins::JumpIfFalse(_) => 9,
            Ins::Jump(_) => 10,
            Ins::Return => 11,
        }
    }

    fn arg(&self) -> i64 {
        match *self {
            Ins::Const(v) => v,
            Ins::Load(i) | Ins::Store(i) | Ins::JumpIfFalse(i) | Ins::Jump(i) => i as i64,
            _ => 0,
        }
    }
}

const HANDLERS: [Handler; 12] = [
    h_const, h_load, h_store, h_add, h_mul, h_and, h_shr, h_lt, h_ne, h_jif, h_jump, h_return,
];

fn predecode(code: &[Ins]) -> Vec<TIns> {
    code.iter()
        .map(|ins| TIns {
            handler: HANDLERS[ins.kind()],
            arg: ins.arg(),
        })
        .collect()
}

fn run_threaded(code: &[TIns]) -> i64 {
    let mut st = State::new();
    let mut ip = 0;
    while ip != RETURN {
        let ins = code[ip];
        ip = (ins.handler)(&mut st, ins.arg, ip);
    }
    st.pop()
}

// ---- 3. threaded with a Flow result ---------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq)]
enum Flow {
    Next,
    Jump(u32),
    Return,
}

type FHandler = fn(&mut State, i64) -> Flow;

#[derive(Clone, Copy)]
struct FIns {
    handler: FHandler,
    arg: i64,
}

macro_rules! flow_wrap {
    ($name:ident, $inner:ident) => {
        fn $name(st: &mut State, a: i64) -> Flow {
            match $inner(st, a, 0) {
                RETURN => Flow::Return,
                1 => Flow::Next,
                t => Flow::Jump(t as u32),
            }
        }
    };
}
fn f_const(st: &mut State, a: i64) -> Flow {
    st.push(a);
    Flow::Next
}
fn f_load(st: &mut State, a: i64) -> Flow {
    st.push(st.locals[a as usize]);
    Flow::Next
}
fn f_store(st: &mut State, a: i64) -> Flow {
    st.locals[a as usize] = st.pop();
    Flow::Next
}
macro_rules! fbinop {
    ($name:ident, $inner:ident) => {
        fn $name(st: &mut State, _: i64) -> Flow {
            $inner(st, 0, 0);
            Flow::Next
        }
    };
}
fbinop!(f_add, h_add);
fbinop!(f_mul, h_mul);
fbinop!(f_and, h_and);
fbinop!(f_shr, h_shr);
fbinop!(f_lt, h_lt);
fbinop!(f_ne, h_ne);
fn f_jif(st: &mut State, a: i64) -> Flow {
    if st.pop() == 0 {
        Flow::Jump(a as u32)
    } else {
        Flow::Next
    }
}
fn f_jump(_: &mut State, a: i64) -> Flow {
    Flow::Jump(a as u32)
}
flow_wrap!(f_return, h_return);

const FLOW_HANDLERS: [FHandler; 12] = [
    f_const, f_load, f_store, f_add, f_mul, f_and, f_shr, f_lt, f_ne, f_jif, f_jump, f_return,
];

fn predecode_flow(code: &[Ins]) -> Vec<FIns> {
    code.iter()
        .map(|ins| FIns {
            handler: FLOW_HANDLERS[ins.kind()],
            arg: ins.arg(),
        })
        .collect()
}

fn run_flow(code: &[FIns]) -> i64 {
    let mut st = State::new();
    let mut ip = 0usize;
    loop {
        let ins = code[ip];
        match (ins.handler)(&mut st, ins.arg) {
            Flow::Next => ip += 1,
            Flow::Jump(t) => ip = t as usize,
            Flow::Return => return st.pop(),
        }
    }
}

fn dispatch(c: &mut Criterion) {
    let programs = [
        ("sum_loop", sum_loop(200_000)),
        ("collatz", collatz(3_000)),
        ("fib_loop", fib_loop(200_000)),
    ];
    let mut g = c.benchmark_group("dispatch");
    g.sample_size(20)
        .measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_millis(500));
    // Results computed with CPython, so a broken program can't be timed.
    let known = [700_000i64, 215_015, 749_125];
    for ((name, code), want) in programs.iter().zip(known) {
        let expected = run_match(code);
        assert_eq!(expected, want, "{}", name);
        let threaded = predecode(code);
        let flow = predecode_flow(code);
        assert_eq!(run_threaded(&threaded), expected, "{}", name);
        assert_eq!(run_flow(&flow), expected, "{}", name);
        g.bench_function(format!("{}/match", name), |b| {
            b.iter(|| run_match(black_box(code)))
        });
        g.bench_function(format!("{}/threaded", name), |b| {
            b.iter(|| run_threaded(black_box(&threaded)))
        });
        g.bench_function(format!("{}/threaded_flow", name), |b| {
            b.iter(|| run_flow(black_box(&flow)))
        });
    }
    g.finish();
}

criterion_group!(benches, dispatch);
criterion_main!(benches);
