//! Peephole optimisation of the control-flow graph, before assembly
//! (CPython 3.11's `optimize_basic_block` and friends): constant tuples
//! folded, branches on constants resolved, jumps to jumps threaded, and
//! `PUSH_NULL; LOAD_GLOBAL` fused. Fewer instructions run, and the stack
//! depths come out as CPython's.

use crate::code::Constant;
use crate::codegen::{Block, BlockId, CInstr, Unit};
use crate::opcode::Op;

/// The first non-empty block at or after `b` in layout order.
pub(crate) fn skip_empty(blocks: &[Block], mut b: BlockId) -> BlockId {
    let mut guard = blocks.len();
    while blocks[b].instrs.is_empty() && guard > 0 {
        match blocks[b].next {
            Some(n) => b = n,
            None => break,
        }
        guard -= 1;
    }
    b
}

fn truthy(c: &Constant) -> bool {
    match c {
        Constant::None => false,
        Constant::Bool(b) => *b,
        Constant::Ellipsis | Constant::Code(_) => true,
        Constant::Int(i) => i.sign() != num_bigint::Sign::NoSign,
        Constant::Float(f) => *f != 0.0,
        Constant::Complex { real, imag } => *real != 0.0 || *imag != 0.0,
        Constant::Str(s) => !s.is_empty(),
        Constant::Bytes(b) => !b.is_empty(),
        Constant::Tuple(t) | Constant::FrozenSet(t) => !t.is_empty(),
    }
}

pub fn optimize(u: &mut Unit<'_>) {
    let nblocks = u.blocks.len();
    for b in 0..nblocks {
        optimize_block(u, b);
    }
    for b in 0..nblocks {
        extend_block(&mut u.blocks, b);
    }
    for b in 0..nblocks {
        u.blocks[b]
            .instrs
            .retain(|i| i.op != Op::NOP || i.loc.lineno != 0);
    }
    remove_redundant_jumps(&mut u.blocks);
    duplicate_exits_without_lineno(&mut u.blocks);
}

fn is_artificial(ins: &CInstr) -> bool {
    ins.loc == crate::ast::Loc::default()
}

/// A block that leaves the code object and has no line of its own.
fn is_exit_without_lineno(b: &Block) -> bool {
    matches!(
        b.instrs.last().map(|i| i.op),
        Some(Op::RETURN_VALUE | Op::RAISE_VARARGS | Op::RERAISE)
    ) && b.instrs.iter().all(is_artificial)
}

/// Number of jumps and fall-throughs into each block from reachable code
/// (empty blocks are looked through, as if already removed).
pub(crate) fn predecessors(blocks: &[Block]) -> Vec<usize> {
    let mut preds = vec![0; blocks.len()];
    let mut reached = vec![false; blocks.len()];
    let entry = skip_empty(blocks, 0);
    let mut todo = vec![entry];
    reached[entry] = true;
    while let Some(b) = todo.pop() {
        let mut succ = Vec::new();
        for ins in &blocks[b].instrs {
            if let Some(t) = ins.target {
                succ.push(skip_empty(blocks, t));
            }
        }
        if blocks[b].instrs.last().is_none_or(|i| !i.op.terminates()) {
            if let Some(n) = blocks[b].next {
                succ.push(skip_empty(blocks, n));
            }
        }
        for s in succ {
            preds[s] += 1;
            if !reached[s] {
                reached[s] = true;
                todo.push(s);
            }
        }
    }
    preds
}

/// An exit block without a line that several jumps reach is copied for
/// each, so every copy can take its jump's line (CPython's
/// `duplicate_exits_without_lineno`); tracebacks and `co_lines` then
/// name the line the code came from.
fn duplicate_exits_without_lineno(blocks: &mut Vec<Block>) {
    let mut preds = predecessors(blocks);
    // CPython walks its list of all blocks, newest first (`b_list`), and
    // never visits the copies it makes; each copy goes right after the
    // original, so this order decides the layout of the copies.
    for b in (0..blocks.len()).rev() {
        let Some(last) = blocks[b].instrs.last().cloned() else {
            continue;
        };
        let Some(target) = last.target else { continue };
        if last.op.is_block_push() || !is_exit_without_lineno(&blocks[target]) || preds[target] <= 1
        {
            continue;
        }
        let mut copy = blocks[target].clone();
        copy.instrs[0].loc = last.loc;
        copy.next = blocks[target].next;
        blocks.push(copy);
        let new_id = blocks.len() - 1;
        preds.push(1);
        preds[target] -= 1;
        blocks[target].next = Some(new_id);
        blocks[b].instrs.last_mut().unwrap().target = Some(new_id);
    }
    // The remaining line-less exits are reached by falling through.
    for b in 0..blocks.len() {
        let falls = blocks[b].instrs.last().is_some_and(|i| !i.op.terminates());
        if let (true, Some(n)) = (falls, blocks[b].next) {
            if !blocks[n].instrs.is_empty() && is_exit_without_lineno(&blocks[n]) {
                let loc = blocks[b].instrs.last().unwrap().loc;
                blocks[n].instrs[0].loc = loc;
            }
        }
    }
}

/// Instructions a SWAP can be folded into by reordering them.
fn swappable(op: Op) -> bool {
    matches!(op, Op::STORE_FAST | Op::POP_TOP)
}

/// The next swappable instruction after `i`, skipping NOPs; none if another
/// instruction, or (with `line`) an instruction of another line, comes
/// first — reordering across lines would change what a line-tracer sees.
fn next_swappable(instrs: &[CInstr], mut i: usize, line: Option<u32>) -> Option<usize> {
    loop {
        i += 1;
        let ins = instrs.get(i)?;
        if line.is_some_and(|l| ins.loc.lineno != l) {
            return None;
        }
        if ins.op == Op::NOP {
            continue;
        }
        return swappable(ins.op).then_some(i);
    }
}

/// CPython's `apply_static_swaps`: `SWAP n; STORE_FAST a; ...; STORE_FAST b`
/// becomes `NOP; STORE_FAST b; ...; STORE_FAST a` — swapping the stores
/// instead of the stack items — walking back over a run of SWAPs.
fn apply_static_swaps(instrs: &mut [CInstr], mut i: usize) {
    let stores_to = |ins: &CInstr| (ins.op == Op::STORE_FAST).then_some(ins.arg);
    loop {
        let swap = &instrs[i];
        if swap.op != Op::SWAP {
            if swap.op != Op::NOP && !swappable(swap.op) {
                return;
            }
        } else {
            let Some(j) = next_swappable(instrs, i, None) else {
                return;
            };
            let line = instrs[j].loc.lineno;
            let mut k = j;
            for _ in 1..swap.arg {
                match next_swappable(instrs, k, Some(line)) {
                    Some(next) => k = next,
                    None => return,
                }
            }
            // Not when both store the same variable, or a store between
            // them does: the final value would change.
            let (sj, sk) = (stores_to(&instrs[j]), stores_to(&instrs[k]));
            if sj.is_some() || sk.is_some() {
                if sj == sk {
                    return;
                }
                if instrs[j + 1..k]
                    .iter()
                    .filter_map(stores_to)
                    .any(|s| Some(s) == sj || Some(s) == sk)
                {
                    return;
                }
            }
            instrs[i].op = Op::NOP;
            instrs.swap(j, k);
        }
        if i == 0 {
            return;
        }
        i -= 1;
    }
}

fn optimize_block(u: &mut Unit<'_>, b: BlockId) {
    let mut i = 0;
    while i < u.blocks[b].instrs.len() {
        // Jumps target the first non-empty block.
        if let Some(t) = u.blocks[b].instrs[i].target {
            let t2 = skip_empty(&u.blocks, t);
            u.blocks[b].instrs[i].target = Some(t2);
        }
        let ins = u.blocks[b].instrs[i].clone();
        let next_op = u.blocks[b].instrs.get(i + 1).map(|n| n.op);
        let target_ins = ins.target.and_then(|t| u.blocks[t].instrs.first().cloned());
        match ins.op {
            Op::LOAD_CONST => {
                let c = u.consts[ins.arg as usize].clone();
                match next_op {
                    Some(Op::POP_JUMP_IF_FALSE | Op::POP_JUMP_IF_TRUE) => {
                        let jump_if_true = next_op == Some(Op::POP_JUMP_IF_TRUE);
                        let instrs = &mut u.blocks[b].instrs;
                        instrs[i].op = Op::NOP;
                        instrs[i + 1].op = if truthy(&c) == jump_if_true {
                            Op::JUMP
                        } else {
                            Op::NOP
                        };
                        if instrs[i + 1].op == Op::NOP {
                            instrs[i + 1].target = None;
                        }
                    }
                    Some(Op::JUMP_IF_FALSE_OR_POP | Op::JUMP_IF_TRUE_OR_POP) => {
                        let jump_if_true = next_op == Some(Op::JUMP_IF_TRUE_OR_POP);
                        let instrs = &mut u.blocks[b].instrs;
                        if truthy(&c) == jump_if_true {
                            instrs[i + 1].op = Op::JUMP;
                        } else {
                            instrs[i].op = Op::NOP;
                            instrs[i + 1].op = Op::NOP;
                            instrs[i + 1].target = None;
                        }
                    }
                    Some(Op::IS_OP) if c == Constant::None => {
                        // `x is None` + branch → POP_JUMP_IF_(NOT_)NONE.
                        let instrs = &mut u.blocks[b].instrs;
                        if let Some(jump) = instrs.get(i + 2).map(|j| j.op) {
                            if matches!(jump, Op::POP_JUMP_IF_FALSE | Op::POP_JUMP_IF_TRUE) {
                                let invert = instrs[i + 1].arg == 1;
                                let on_false = jump == Op::POP_JUMP_IF_FALSE;
                                instrs[i].op = Op::NOP;
                                instrs[i + 1].op = Op::NOP;
                                instrs[i + 2].op = if invert ^ on_false {
                                    Op::POP_JUMP_IF_NOT_NONE
                                } else {
                                    Op::POP_JUMP_IF_NONE
                                };
                            }
                        }
                    }
                    _ => {}
                }
            }
            Op::BUILD_TUPLE => {
                let n = ins.arg as usize;
                if next_op == Some(Op::UNPACK_SEQUENCE)
                    && u.blocks[b].instrs[i + 1].arg as usize == n
                {
                    let instrs = &mut u.blocks[b].instrs;
                    match n {
                        1 => {
                            instrs[i].op = Op::NOP;
                            instrs[i + 1].op = Op::NOP;
                            i += 1;
                            continue;
                        }
                        2 | 3 => {
                            instrs[i].op = Op::NOP;
                            instrs[i + 1].op = Op::SWAP;
                            i += 1;
                            continue;
                        }
                        _ => {}
                    }
                }
                if i >= n {
                    let instrs = &u.blocks[b].instrs;
                    if instrs[i - n..i].iter().all(|x| x.op == Op::LOAD_CONST) {
                        let items: Vec<Constant> = instrs[i - n..i]
                            .iter()
                            .map(|x| u.consts[x.arg as usize].clone())
                            .collect();
                        let idx = u.add_const(Constant::Tuple(items));
                        let instrs = &mut u.blocks[b].instrs;
                        for x in &mut instrs[i - n..i] {
                            x.op = Op::NOP;
                        }
                        instrs[i].op = Op::LOAD_CONST;
                        instrs[i].arg = idx;
                    }
                }
            }
            Op::JUMP_IF_FALSE_OR_POP | Op::JUMP_IF_TRUE_OR_POP => {
                let on_false = ins.op == Op::JUMP_IF_FALSE_OR_POP;
                if let Some(t) = target_ins {
                    let same = if on_false {
                        Op::JUMP_IF_FALSE_OR_POP
                    } else {
                        Op::JUMP_IF_TRUE_OR_POP
                    };
                    let same_pop = if on_false {
                        Op::POP_JUMP_IF_FALSE
                    } else {
                        Op::POP_JUMP_IF_TRUE
                    };
                    let opposite = if on_false {
                        Op::JUMP_IF_TRUE_OR_POP
                    } else {
                        Op::JUMP_IF_FALSE_OR_POP
                    };
                    let opposite_pop = if on_false {
                        Op::POP_JUMP_IF_TRUE
                    } else {
                        Op::POP_JUMP_IF_FALSE
                    };
                    if t.op == same_pop {
                        if jump_thread(&mut u.blocks[b].instrs[i], &t, same_pop) {
                            continue;
                        }
                    } else if t.op == Op::JUMP || t.op == same {
                        if jump_thread(&mut u.blocks[b].instrs[i], &t, same) {
                            continue;
                        }
                    } else if (t.op == opposite || t.op == opposite_pop)
                        && ins.loc.lineno == t.loc.lineno
                    {
                        let after = u.blocks[ins.target.unwrap()].next;
                        if let Some(after) = after {
                            let instrs = &mut u.blocks[b].instrs;
                            instrs[i].op = same_pop;
                            instrs[i].target = Some(after);
                            continue;
                        }
                    }
                }
            }
            Op::POP_JUMP_IF_FALSE
            | Op::POP_JUMP_IF_TRUE
            | Op::POP_JUMP_IF_NONE
            | Op::POP_JUMP_IF_NOT_NONE
            | Op::JUMP => {
                if let Some(t) = target_ins {
                    if t.op == Op::JUMP && jump_thread(&mut u.blocks[b].instrs[i], &t, ins.op) {
                        continue;
                    }
                }
            }
            Op::SWAP if ins.arg == 1 => u.blocks[b].instrs[i].op = Op::NOP,
            Op::SWAP => apply_static_swaps(&mut u.blocks[b].instrs, i),
            Op::PUSH_NULL => {
                let instrs = &mut u.blocks[b].instrs;
                if next_op == Some(Op::LOAD_GLOBAL) && instrs[i + 1].arg & 1 == 0 {
                    instrs[i].op = Op::NOP;
                    instrs[i + 1].arg |= 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
}

/// Blocks of at most this many instructions are copied rather than jumped to.
const MAX_COPY_SIZE: usize = 4;

/// A block ending in an unconditional jump to a small, line-less block
/// that leaves the code object takes a copy of that block instead
/// (CPython's `extend_block`): one jump fewer, and the copy's lines follow
/// ours.
fn extend_block(blocks: &mut [Block], b: BlockId) {
    let Some(last) = blocks[b].instrs.last() else {
        return;
    };
    if last.op != Op::JUMP {
        return;
    }
    let target = skip_empty(blocks, last.target.unwrap());
    let exits = matches!(
        blocks[target].instrs.last().map(|i| i.op),
        Some(Op::RETURN_VALUE | Op::RAISE_VARARGS | Op::RERAISE)
    );
    // Only blocks without a line of their own (an implicit `return None`).
    if !exits
        || blocks[target].instrs.len() > MAX_COPY_SIZE
        || !blocks[target].instrs.iter().all(is_artificial)
    {
        return;
    }
    let copy = blocks[target].instrs.clone();
    let last = blocks[b].instrs.last_mut().unwrap();
    last.op = Op::NOP;
    last.target = None;
    blocks[b].instrs.extend(copy);
}

/// Retarget `ins` to the target of the jump `target`, as `op`; false (and
/// no change) when nothing would change or the lines differ.
fn jump_thread(ins: &mut crate::codegen::CInstr, target: &crate::codegen::CInstr, op: Op) -> bool {
    if ins.loc.lineno == target.loc.lineno && ins.target != target.target {
        ins.target = target.target;
        ins.op = op;
        return true;
    }
    false
}

/// A JUMP to the block laid out right after it is a no-op.
fn remove_redundant_jumps(blocks: &mut [Block]) {
    for b in 0..blocks.len() {
        let Some(last) = blocks[b].instrs.last() else {
            continue;
        };
        if last.op != Op::JUMP && last.op != Op::JUMP_NO_INTERRUPT {
            continue;
        }
        let target = last.target.map(|t| skip_empty(blocks, t));
        let next = blocks[b].next.map(|n| skip_empty(blocks, n));
        if target.is_some() && target == next {
            let last = blocks[b].instrs.last_mut().unwrap();
            last.op = Op::NOP;
            last.target = None;
        }
    }
}
