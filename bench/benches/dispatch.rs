//! The dispatch experiment behind the eval loop's design (see the module
//! docs of `vm/src/eval.rs`): the same small stack-machine program run by
//! a `match` loop over predecoded instructions and by call threading — an
//! array of handler function pointers, each instruction calling its
//! handler through the pointer, as ARCHITECTURE.md describes. Rust has no
//! guaranteed tail calls or computed goto, so these are the two forms a
//! Rust interpreter can take; the faster one is what the VM uses.
//!
//! The program is the shape of Python's hot loops: locals, constants,
//! integer arithmetic, a comparison and a conditional backward jump, plus
//! a push/pop-heavy inner expression.
//!
//! `cargo bench -p pyrite-bench --bench dispatch`

use criterion::{black_box, criterion_group, criterion_main, Criterion};

#[derive(Clone, Copy, Debug)]
enum Op {
    LoadLocal,
    LoadConst,
    StoreLocal,
    Add,
    Sub,
    Mul,
    And,
    Lt,
    JumpIfFalse,
    Jump,
    Return,
}

#[derive(Clone, Copy)]
struct Instr {
    op: Op,
    arg: u32,
}

/// `s = 0; i = 0; while i < n: s = (s + i * 3 - 1) & 0xFFFF; i = i + 1;
/// return s` — locals: 0 = n, 1 = s, 2 = i.
fn program() -> (Vec<Instr>, Vec<i64>) {
    use Op::*;
    let i = |op, arg| Instr { op, arg };
    let code = vec![
        i(LoadConst, 0), // 0: s = 0
        i(StoreLocal, 1),
        i(LoadConst, 0), // i = 0
        i(StoreLocal, 2),
        i(LoadLocal, 2), // 4: while i < n
        i(LoadLocal, 0),
        i(Lt, 0),
        i(JumpIfFalse, 23),
        i(LoadLocal, 1), // s = (s + i * 3 - 1) & 0xFFFF
        i(LoadLocal, 2),
        i(LoadConst, 1),
        i(Mul, 0),
        i(Add, 0),
        i(LoadConst, 2),
        i(Sub, 0),
        i(LoadConst, 3),
        i(And, 0),
        i(StoreLocal, 1),
        i(LoadLocal, 2), // i = i + 1
        i(LoadConst, 2),
        i(Add, 0),
        i(StoreLocal, 2),
        i(Jump, 4), // 22
        i(LoadLocal, 1), // 23: return s
        i(Return, 0),
    ];
    (code, vec![0, 3, 1, 0xFFFF])
}

/// The interpreter state both forms share.
struct State {
    stack: Vec<i64>,
    locals: [i64; 3],
    consts: Vec<i64>,
    pc: usize,
}

fn run_match(code: &[Instr], consts: &[i64], n: i64) -> i64 {
    let mut stack: Vec<i64> = Vec::with_capacity(16);
    let mut locals = [n, 0, 0];
    let mut pc = 0;
    loop {
        let Instr { op, arg } = code[pc];
        pc += 1;
        match op {
            Op::LoadLocal => stack.push(locals[arg as usize]),
            Op::LoadConst => stack.push(consts[arg as usize]),
            Op::StoreLocal => locals[arg as usize] = stack.pop().unwrap(),
            Op::Add | Op::Sub | Op::Mul | Op::And | Op::Lt => {
                let b = stack.pop().unwrap();
                let a = stack.pop().unwrap();
                stack.push(match op {
                    Op::Add => a.wrapping_add(b),
                    Op::Sub => a.wrapping_sub(b),
                    Op::Mul => a.wrapping_mul(b),
                    Op::And => a & b,
                    _ => (a < b) as i64,
                });
            }
            Op::JumpIfFalse => {
                if stack.pop().unwrap() == 0 {
                    pc = arg as usize;
                }
            }
            Op::Jump => pc = arg as usize,
            Op::Return => return stack.pop().unwrap(),
        }
    }
}

/// A handler runs one instruction; `false` ends the run (Return).
type Handler = fn(&mut State, u32) -> bool;

fn h_load_local(s: &mut State, arg: u32) -> bool {
    s.stack.push(s.locals[arg as usize]);
    true
}
fn h_load_const(s: &mut State, arg: u32) -> bool {
    let v = s.consts[arg as usize];
    s.stack.push(v);
    true
}
fn h_store_local(s: &mut State, arg: u32) -> bool {
    s.locals[arg as usize] = s.stack.pop().unwrap();
    true
}
fn binary(s: &mut State, f: fn(i64, i64) -> i64) -> bool {
    let b = s.stack.pop().unwrap();
    let a = s.stack.pop().unwrap();
    s.stack.push(f(a, b));
    true
}
fn h_add(s: &mut State, _: u32) -> bool {
    binary(s, i64::wrapping_add)
}
fn h_sub(s: &mut State, _: u32) -> bool {
    binary(s, i64::wrapping_sub)
}
fn h_mul(s: &mut State, _: u32) -> bool {
    binary(s, i64::wrapping_mul)
}
fn h_and(s: &mut State, _: u32) -> bool {
    binary(s, |a, b| a & b)
}
fn h_lt(s: &mut State, _: u32) -> bool {
    binary(s, |a, b| (a < b) as i64)
}
fn h_jump_if_false(s: &mut State, arg: u32) -> bool {
    if s.stack.pop().unwrap() == 0 {
        s.pc = arg as usize;
    }
    true
}
fn h_jump(s: &mut State, arg: u32) -> bool {
    s.pc = arg as usize;
    true
}
fn h_return(_: &mut State, _: u32) -> bool {
    false
}

/// Predecoding: each instruction becomes its handler and argument.
fn predecode(code: &[Instr]) -> Vec<(Handler, u32)> {
    code.iter()
        .map(|i| {
            let h: Handler = match i.op {
                Op::LoadLocal => h_load_local,
                Op::LoadConst => h_load_const,
                Op::StoreLocal => h_store_local,
                Op::Add => h_add,
                Op::Sub => h_sub,
                Op::Mul => h_mul,
                Op::And => h_and,
                Op::Lt => h_lt,
                Op::JumpIfFalse => h_jump_if_false,
                Op::Jump => h_jump,
                Op::Return => h_return,
            };
            (h, i.arg)
        })
        .collect()
}

fn run_threaded(code: &[(Handler, u32)], consts: &[i64], n: i64) -> i64 {
    let mut s = State {
        stack: Vec::with_capacity(16),
        locals: [n, 0, 0],
        consts: consts.to_vec(),
        pc: 0,
    };
    loop {
        let (h, arg) = code[s.pc];
        s.pc += 1;
        if !h(&mut s, arg) {
            return s.stack.pop().unwrap();
        }
    }
}

fn dispatch(c: &mut Criterion) {
    let (code, consts) = program();
    let threaded = predecode(&code);
    let n = 100_000;
    assert_eq!(run_match(&code, &consts, n), run_threaded(&threaded, &consts, n));
    let mut g = c.benchmark_group("dispatch");
    g.bench_function("match_loop", |b| {
        b.iter(|| run_match(black_box(&code), black_box(&consts), black_box(n)))
    });
    g.bench_function("call_threaded", |b| {
        b.iter(|| run_threaded(black_box(&threaded), black_box(&consts), black_box(n)))
    });
    g.finish();
}

criterion_group!(benches, dispatch);
criterion_main!(benches);
