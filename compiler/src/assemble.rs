//! The assembler: a unit's control-flow graph → a `CodeObject`.
//!
//! As in CPython 3.11's `assemble()`: prefix instructions (cells, free
//! variables, generator start), the exception handler of every instruction
//! from the SETUP_*/POP_BLOCK pseudo-instructions (which then disappear:
//! the zero-cost exception table replaces them), the maximum stack depth by
//! walking the graph, redundant NOPs removed, blocks laid out with
//! unreachable ones dropped, jumps resolved to forward/backward forms, and
//! artificial instructions given their neighbours' source positions.

use crate::ast::Loc;
use crate::code::*;
use crate::codegen::{Block, BlockId, CInstr, Unit};
use crate::opcode::Op;

const NONE: usize = usize::MAX;

pub fn assemble(mut u: Unit<'_>, flags: u32, filename: &str) -> CodeObject {
    crate::cfg_opt::optimize(&mut u);
    insert_prefix(&mut u, flags);
    let blocks = &mut u.blocks;
    let order = layout(blocks);
    let handlers = label_exception_targets(blocks, &order);
    let (startdepth, preserve_lasti, maxdepth) = stack_depths(blocks, &order);

    // Predecessors count the SETUP_* edges into handlers (as CPython's
    // mark_reachable does), so take them before those become NOPs.
    let preds = crate::cfg_opt::predecessors(blocks);
    // Pseudo-instructions become NOPs, then redundant NOPs go.
    let mut handler_of: Vec<Vec<Option<BlockId>>> = handlers;
    for (b, block) in blocks.iter_mut().enumerate() {
        for ins in block.instrs.iter_mut() {
            if ins.op.is_block_push() || ins.op == Op::POP_BLOCK {
                ins.op = Op::NOP;
                ins.target = None;
            }
        }
        let _ = b;
    }
    propagate_line_numbers(blocks, &preds);
    let reachable: Vec<BlockId> = order
        .iter()
        .copied()
        .filter(|&b| startdepth[b] != NONE)
        .collect();
    remove_redundant_nops(blocks, &mut handler_of, &reachable);

    // Lay out reachable blocks and number the instructions.
    let emitted: Vec<BlockId> = order
        .iter()
        .copied()
        .filter(|&b| startdepth[b] != NONE)
        .collect();
    let mut offset = vec![0u32; blocks.len()];
    let mut n = 0u32;
    for &b in &order {
        offset[b] = n;
        if startdepth[b] != NONE {
            n += blocks[b].instrs.len() as u32;
        }
    }
    // A jump to a block that emits nothing lands on the next emitted one.
    let target_index = |b: BlockId| offset[b];

    let mut instructions = Vec::with_capacity(n as usize);
    let mut locations: Vec<Loc> = Vec::with_capacity(n as usize);
    let mut except_of: Vec<Option<(u32, u32, bool)>> = Vec::with_capacity(n as usize);
    for &b in &emitted {
        for (i, ins) in blocks[b].instrs.iter().enumerate() {
            let here = instructions.len() as u32;
            let arg = match ins.target {
                Some(t) => target_index(t),
                None => ins.arg,
            };
            let op = resolve_jump(ins.op, arg, here);
            let loc = ins.loc;
            instructions.push(Instr { op, arg });
            locations.push(loc);
            let h = handler_of[b]
                .get(i)
                .copied()
                .flatten()
                .filter(|&h| startdepth[h] != NONE);
            except_of.push(h.map(|h| {
                let lasti = preserve_lasti[h];
                let depth = startdepth[h] as u32 - 1 - u32::from(lasti);
                (target_index(h), depth, lasti)
            }));
        }
    }
    let exception_table = build_exception_table(&except_of);
    let consts = trim_unused_consts(std::mem::take(&mut u.consts), &instructions);
    let cell2arg = u
        .cellvars
        .iter()
        .map(|c| {
            let nargs = (u.argcount + u.kwonlyargcount) as usize
                + usize::from(flags & CO_VARARGS != 0)
                + usize::from(flags & CO_VARKEYWORDS != 0)
                + u.posonlyargcount as usize;
            u.varnames
                .iter()
                .take(nargs)
                .position(|v| v == c)
                .map(|i| i as u32)
        })
        .collect();
    CodeObject {
        name: u.name,
        qualname: if u.qualname.is_empty() {
            "<module>".into()
        } else {
            u.qualname
        },
        filename: filename.to_string(),
        firstlineno: u.firstlineno,
        argcount: u.argcount + u.posonlyargcount,
        posonlyargcount: u.posonlyargcount,
        kwonlyargcount: u.kwonlyargcount,
        flags,
        varnames: u.varnames,
        cellvars: u.cellvars,
        freevars: u.freevars,
        names: u.names,
        consts,
        instructions,
        locations: crate::linetable::LineTable::new(&locations, u.firstlineno),
        exception_table,
        stacksize: maxdepth,
        cell2arg,
    }
}

/// MAKE_CELL for each cell, COPY_FREE_VARS, and RETURN_GENERATOR for
/// generators and coroutines, before everything else.
fn insert_prefix(u: &mut Unit<'_>, flags: u32) {
    let mut prefix = Vec::new();
    let artificial = Loc::default();
    if !u.freevars.is_empty() {
        prefix.push(CInstr {
            op: Op::COPY_FREE_VARS,
            arg: u.freevars.len() as u32,
            target: None,
            loc: artificial,
        });
    }
    for i in 0..u.cellvars.len() {
        prefix.push(CInstr {
            op: Op::MAKE_CELL,
            arg: i as u32,
            target: None,
            loc: artificial,
        });
    }
    if flags & (CO_GENERATOR | CO_COROUTINE | CO_ASYNC_GENERATOR) != 0 {
        let first = Loc::new(u.firstlineno, Loc::NO_COLUMN, u.firstlineno, Loc::NO_COLUMN);
        prefix.push(CInstr {
            op: Op::RETURN_GENERATOR,
            arg: 0,
            target: None,
            loc: first,
        });
        prefix.push(CInstr {
            op: Op::POP_TOP,
            arg: 0,
            target: None,
            loc: artificial,
        });
    }
    if !prefix.is_empty() {
        let entry = &mut u.blocks[0].instrs;
        prefix.append(entry);
        *entry = prefix;
    }
}

/// Blocks in layout order (the `next` chain from the entry).
fn layout(blocks: &[Block]) -> Vec<BlockId> {
    let mut order = Vec::new();
    let mut seen = vec![false; blocks.len()];
    let mut b = Some(0);
    while let Some(id) = b {
        if seen[id] {
            break;
        }
        seen[id] = true;
        order.push(id);
        b = blocks[id].next;
    }
    order
}

fn falls_through(block: &Block) -> bool {
    block.instrs.last().is_none_or(|i| !i.op.terminates())
}

/// The handler block (if any) of every instruction: CPython's
/// `label_exception_targets`, a walk with a stack of SETUP targets.
fn label_exception_targets(blocks: &[Block], order: &[BlockId]) -> Vec<Vec<Option<BlockId>>> {
    let mut result: Vec<Vec<Option<BlockId>>> =
        blocks.iter().map(|b| vec![None; b.instrs.len()]).collect();
    let mut stack_at: Vec<Option<Vec<BlockId>>> = vec![None; blocks.len()];
    let mut visited = vec![false; blocks.len()];
    let mut todo = vec![0usize];
    stack_at[0] = Some(Vec::new());
    visited[0] = true;
    let pos_in_order: rustc_hash::FxHashMap<BlockId, usize> =
        order.iter().enumerate().map(|(i, &b)| (b, i)).collect();
    while let Some(b) = todo.pop() {
        let mut stack = stack_at[b].take().unwrap_or_default();
        for (i, ins) in blocks[b].instrs.iter().enumerate() {
            if ins.op.is_block_push() {
                let t = ins.target.unwrap();
                if !visited[t] {
                    visited[t] = true;
                    stack_at[t] = Some(stack.clone());
                    todo.push(t);
                }
                stack.push(t);
            } else if ins.op == Op::POP_BLOCK {
                stack.pop();
            } else {
                result[b][i] = stack.last().copied();
                if let Some(t) = ins.target {
                    if !visited[t] {
                        visited[t] = true;
                        stack_at[t] = Some(stack.clone());
                        todo.push(t);
                    }
                }
            }
        }
        if falls_through(&blocks[b]) {
            let next = blocks[b].next.or_else(|| {
                pos_in_order
                    .get(&b)
                    .and_then(|&p| order.get(p + 1).copied())
            });
            if let Some(n) = next {
                if !visited[n] {
                    visited[n] = true;
                    stack_at[n] = Some(stack);
                    todo.push(n);
                }
            }
        }
    }
    result
}

/// Start depth of every reachable block (NONE if unreachable), which
/// handler blocks keep the raising instruction's index, and the maximum.
fn stack_depths(blocks: &[Block], order: &[BlockId]) -> (Vec<usize>, Vec<bool>, u32) {
    let mut start = vec![NONE; blocks.len()];
    let mut lasti = vec![false; blocks.len()];
    let mut max = 0i64;
    let mut todo = vec![0usize];
    start[0] = 0;
    let _ = order;
    while let Some(b) = todo.pop() {
        let mut depth = start[b] as i64;
        let mut falls = true;
        for ins in &blocks[b].instrs {
            let effect = ins.op.stack_effect(ins.arg, false) as i64;
            if let Some(t) = ins.target {
                let target_depth = depth + ins.op.stack_effect(ins.arg, true) as i64;
                max = max.max(target_depth);
                if matches!(ins.op, Op::SETUP_CLEANUP | Op::SETUP_WITH) {
                    lasti[t] = true;
                }
                if start[t] == NONE {
                    start[t] = target_depth.max(0) as usize;
                    todo.push(t);
                }
            }
            depth += effect;
            max = max.max(depth);
            if ins.op.terminates() {
                falls = false;
                break;
            }
        }
        if falls {
            if let Some(n) = blocks[b].next {
                if start[n] == NONE {
                    start[n] = depth.max(0) as usize;
                    todo.push(n);
                }
            }
        }
    }
    (start, lasti, max.max(0) as u32)
}

/// Artificial instructions take the line of the instruction before them;
/// a block's first one that of its only predecessor (CPython's
/// `propagate_line_numbers`, in layout order).
fn propagate_line_numbers(blocks: &mut [Block], preds: &[usize]) {
    for b in layout(blocks) {
        if blocks[b].instrs.is_empty() {
            continue;
        }
        let mut prev = Loc::default();
        for ins in blocks[b].instrs.iter_mut() {
            if ins.loc == Loc::default() {
                ins.loc = prev;
            } else {
                prev = ins.loc;
            }
        }
        let last = blocks[b].instrs.last().unwrap().clone();
        if !last.op.terminates() {
            if let Some(n) = blocks[b]
                .next
                .map(|n| crate::cfg_opt::skip_empty(blocks, n))
            {
                if preds[n] == 1 {
                    if let Some(first) = blocks[n].instrs.first_mut() {
                        if first.loc == Loc::default() {
                            first.loc = prev;
                        }
                    }
                }
            }
        }
        if let Some(t) = last.target.map(|t| crate::cfg_opt::skip_empty(blocks, t)) {
            if preds[t] == 1 && !last.op.is_block_push() {
                if let Some(first) = blocks[t].instrs.first_mut() {
                    if first.loc == Loc::default() {
                        first.loc = prev;
                    }
                }
            }
        }
    }
}

/// Drop NOPs that carry no line of their own (CPython's
/// `clean_basic_block`), keeping the handler labels aligned. A NOP goes if
/// it has no line, if the instruction kept before it has the same line, or
/// if the next instruction — in the next non-empty block, for the last one —
/// has the same line or none (then it inherits the NOP's location). Blocks are visited
/// in layout order (`order`, reachable blocks only), as CPython walks them.
fn remove_redundant_nops(
    blocks: &mut [Block],
    handlers: &mut [Vec<Option<BlockId>>],
    order: &[BlockId],
) {
    for (pos, &b) in order.iter().enumerate() {
        let next_first_line = order[pos + 1..]
            .iter()
            .find_map(|&nb| blocks[nb].instrs.first().map(|i| i.loc.lineno));
        let block = &mut blocks[b];
        let mut keep_instrs: Vec<CInstr> = Vec::with_capacity(block.instrs.len());
        let mut keep_handlers = Vec::with_capacity(block.instrs.len());
        let n = block.instrs.len();
        for i in 0..n {
            let line = block.instrs[i].loc.lineno;
            if block.instrs[i].op == Op::NOP {
                if line == 0 || keep_instrs.last().is_some_and(|p| p.loc.lineno == line) {
                    continue;
                }
                if i + 1 < n {
                    let next_line = block.instrs[i + 1].loc.lineno;
                    if next_line == 0 {
                        block.instrs[i + 1].loc = block.instrs[i].loc;
                        continue;
                    }
                    if next_line == line {
                        continue;
                    }
                } else if next_first_line == Some(line) {
                    continue;
                }
            }
            keep_instrs.push(block.instrs[i].clone());
            keep_handlers.push(handlers[b][i]);
        }
        block.instrs = keep_instrs;
        handlers[b] = keep_handlers;
    }
}

/// The concrete jump for a direction-free one.
fn resolve_jump(op: Op, target: u32, here: u32) -> Op {
    let back = target <= here;
    match op {
        Op::JUMP => {
            if back {
                Op::JUMP_BACKWARD
            } else {
                Op::JUMP_FORWARD
            }
        }
        Op::JUMP_NO_INTERRUPT => {
            if back {
                Op::JUMP_BACKWARD_NO_INTERRUPT
            } else {
                Op::JUMP_FORWARD
            }
        }
        Op::POP_JUMP_IF_FALSE => {
            if back {
                Op::POP_JUMP_BACKWARD_IF_FALSE
            } else {
                Op::POP_JUMP_FORWARD_IF_FALSE
            }
        }
        Op::POP_JUMP_IF_TRUE => {
            if back {
                Op::POP_JUMP_BACKWARD_IF_TRUE
            } else {
                Op::POP_JUMP_FORWARD_IF_TRUE
            }
        }
        Op::POP_JUMP_IF_NONE => {
            if back {
                Op::POP_JUMP_BACKWARD_IF_NONE
            } else {
                Op::POP_JUMP_FORWARD_IF_NONE
            }
        }
        Op::POP_JUMP_IF_NOT_NONE => {
            if back {
                Op::POP_JUMP_BACKWARD_IF_NOT_NONE
            } else {
                Op::POP_JUMP_FORWARD_IF_NOT_NONE
            }
        }
        other => other,
    }
}

/// Drop the trailing constants only unreachable code used (CPython 3.11's
/// `trim_unused_consts`; indices of the others stay as they are). The
/// first constant (a docstring or None) always stays.
fn trim_unused_consts(mut consts: Vec<Constant>, instructions: &[Instr]) -> Vec<Constant> {
    let uses_const = |op: Op| op.arg_kind() == crate::opcode::ArgKind::Const;
    let max_used = instructions
        .iter()
        .filter(|i| uses_const(i.op))
        .map(|i| i.arg as usize)
        .max()
        .unwrap_or(0);
    consts.truncate(max_used + 1);
    consts
}

/// Runs of instructions with the same handler become table entries.
fn build_exception_table(except_of: &[Option<(u32, u32, bool)>]) -> Vec<ExceptEntry> {
    let mut out: Vec<ExceptEntry> = Vec::new();
    let mut i = 0;
    while i < except_of.len() {
        match except_of[i] {
            None => i += 1,
            Some((target, depth, lasti)) => {
                let start = i;
                while i < except_of.len() && except_of[i] == Some((target, depth, lasti)) {
                    i += 1;
                }
                out.push(ExceptEntry {
                    start: start as u32,
                    end: i as u32,
                    target,
                    depth,
                    lasti,
                });
            }
        }
    }
    out
}
