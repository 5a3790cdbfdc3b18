#!/usr/bin/env python3
"""How far Pyrite's instructions, co_consts and co_lines agree with CPython's compile().

A measuring instrument, not a gate: unlike codeinfo_parity.py (which CI
requires to be 100%), these two attributes are still being brought in line,
so this prints the share of code objects (and of files) whose instruction
stream (`pyrite --dis`: opcode names, and arguments except jump targets,
which Pyrite counts in instructions and CPython in bytes; CPython's CACHE,
PRECALL and EXTENDED_ARG have no Pyrite counterpart by design, and cell
indices are mapped to Pyrite's numbering), `co_consts`
(`pyrite --consts`) and line sequence (`pyrite --lines`, consecutive
duplicates folded) are identical, plus the first few differences of each.
Code objects are compared in the same order: each one, then the code objects
in its co_consts, depth first.

It also reports `co_positions` (`pyrite --positions`: each instruction's
line, end line and columns — what traceback carets use).

With `--min PCT`, exits 1 if the share of identical code objects for
instructions, co_consts or co_lines falls below PCT; `--min-positions PCT`
does the same for co_positions (CI uses both as regression floors).

usage: bytecode_agreement.py --interp PATH [--root DIR ...] [--step N] [--show N] [--min PCT] [--min-positions PCT]
"""
import argparse, concurrent.futures as cf, dis, os, re, shlex, subprocess, sys, types

from stdlib_corpus import cpython_compile, python_files

SKIPPED_OPS = {"CACHE", "PRECALL", "EXTENDED_ARG"}
DIS_LINE = re.compile(r"^\s*(?:\d+\s+)?(?:>>\s+)?\d+\s+([A-Z_]+)(?:\s+(-?\d+))?")


def instr_seq(co):
    out = []
    cells = list(co.co_cellvars) + list(co.co_freevars)
    for ins in dis.get_instructions(co):
        if ins.opname in SKIPPED_OPS:
            continue
        jump = ins.opcode in dis.hasjrel or ins.opcode in dis.hasjabs
        arg = ins.arg
        if ins.opcode in dis.hasfree:
            # CPython 3.11 indexes cells and free variables within
            # "localsplus"; Pyrite's bytecode contract (docs/vm-design.md)
            # indexes co_cellvars ++ co_freevars.
            arg = cells.index(ins.argval)
        out.append(ins.opname if jump or arg is None else f"{ins.opname} {arg}")
    return co.co_qualname + " " + " ".join(out)


def parse_dis(lines):
    """`pyrite --dis` output -> one line per code object, as instr_seq."""
    objs, cur = [], None
    for line in lines:
        if line.startswith("Disassembly of"):
            cur = None
            continue
        m = DIS_LINE.match(line)
        if not m:
            continue
        if cur is None:
            cur = []
            objs.append(cur)
        op, arg = m.group(1), m.group(2)
        jump = "JUMP" in op or op in ("FOR_ITER", "SEND") or op.startswith("SETUP")
        no_arg = dis.opmap.get(op, dis.HAVE_ARGUMENT) < dis.HAVE_ARGUMENT
        cur.append(op if jump or no_arg or arg is None else f"{op} {arg}")
    return [" ".join(o) for o in objs]


def const_repr(c):
    # Matches `pyrite --consts`: nested code objects by name, frozensets
    # sorted (their iteration order is hash-dependent).
    if isinstance(c, types.CodeType):
        return f"<code {c.co_name}>"
    if isinstance(c, tuple):
        return "(" + ", ".join(const_repr(x) for x in c) + ("," if len(c) == 1 else "") + ")"
    if isinstance(c, frozenset):
        return "frozenset(" + ",".join(sorted(const_repr(x) for x in c)) + ")"
    return repr(c)


def line_seq(co):
    seq = []
    for _, _, line in co.co_lines():
        s = "None" if line is None else str(line)
        if not seq or seq[-1] != s:
            seq.append(s)
    return " ".join(seq)


def position_seq(co):
    out = []
    for ins in dis.get_instructions(co):
        if ins.opname in SKIPPED_OPS:
            continue
        p = ins.positions
        out.append("None" if p is None or all(x is None for x in p) else f"{p.lineno}:{p.end_lineno}:{p.col_offset}:{p.end_col_offset}")
    return co.co_qualname + " " + " ".join(out)


def walk(co, consts, lines, instrs=None, positions=None):
    if instrs is not None:
        instrs.append(instr_seq(co))
        positions.append(position_seq(co))
    consts.append(co.co_qualname + " [" + ", ".join(const_repr(k) for k in co.co_consts) + "]")
    lines.append(co.co_qualname + " " + line_seq(co))
    for k in co.co_consts:
        if isinstance(k, types.CodeType):
            walk(k, consts, lines, instrs, positions)


def reference(path):
    co = cpython_compile(path)
    if co is None:
        return None
    consts, lines, instrs, positions = [], [], [], []
    walk(co, consts, lines, instrs, positions)
    return consts, lines, instrs, positions


def run(interp, flag, path):
    p = subprocess.run(interp + [flag, path], capture_output=True, stdin=subprocess.DEVNULL, timeout=60)
    return p.stdout.decode("utf-8", "replace").splitlines()


def check(interp, path):
    ref = reference(path)
    if ref is None:
        return None
    # Pyrite's --dis names only the code object; compare without qualnames.
    instrs = [x.split(" ", 1)[1] if " " in x else "" for x in ref[2]]
    return path, [(instrs, parse_dis(run(interp, "--dis", path))),
                  (ref[0], run(interp, "--consts", path)), (ref[1], run(interp, "--lines", path)),
                  (ref[3], run(interp, "--positions", path))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--interp", required=True)
    ap.add_argument("--root", action="append")
    ap.add_argument("--step", type=int, default=1, help="take every Nth file")
    ap.add_argument("--show", type=int, default=3)
    ap.add_argument("--min", type=float, default=0.0, help="fail below this percentage")
    ap.add_argument("--min-positions", type=float, default=0.0, help="the same for co_positions")
    a = ap.parse_args()
    interp = shlex.split(a.interp)
    files = python_files(a.root)
    files = files[:: max(1, a.step)]
    with cf.ThreadPoolExecutor(os.cpu_count() or 2) as ex:
        results = [r for r in ex.map(lambda f: check(interp, f), files) if r]
    below = []
    for i, what in enumerate(["instructions", "co_consts", "co_lines", "co_positions"]):
        files_same = objs_same = objs = 0
        shown = 0
        for path, pairs in results:
            ref, got = pairs[i]
            files_same += ref == got
            for k, expected in enumerate(ref):
                objs += 1
                actual = got[k] if k < len(got) else "<missing>"
                if expected == actual:
                    objs_same += 1
                elif shown < a.show:
                    print(f"{what} differs in {path}:\n    expected {expected[:240]}\n    got      {actual[:240]}")
                    shown += 1
        pct = 100 * objs_same / max(objs, 1)
        print(f"{what}: {objs_same}/{objs} code objects identical ({pct:.1f}%), "
              f"{files_same}/{len(results)} files")
        # co_positions (columns, for traceback carets) is still being
        # brought in line, so it has a floor of its own.
        if pct < (a.min_positions if what == "co_positions" else a.min):
            below.append(what)
    if below:
        print(f"below the floor: {', '.join(below)}")
        sys.exit(1)


if __name__ == "__main__":
    main()
