#!/usr/bin/env python3
"""Symbol-table parity: `pyrite --symtable FILE` against CPython's `symtable`.

For every .py file under the roots (default: CPython's standard library),
the reference is CPython's symbol tables, printed as Pyrite prints them:
each block ("KIND NAME LINENO"), its symbols sorted with their raw flags
(the DEF_* bits and the resolved scope), then its children, indented.
Files CPython cannot compile must make Pyrite exit with a SyntaxError.

usage: symtable_parity.py --interp PATH [--root DIR ...] [--show N]
Last line: `symtable parity: N passed, N failed`.
"""
import argparse, concurrent.futures as cf, os, shlex, subprocess, sys, symtable

from stdlib_corpus import python_files


def dump(t, depth, out):
    out.append(f"{'  ' * depth}{t.get_type()} {t.get_name()} {t.get_lineno()}")
    for s in sorted(t.get_symbols(), key=lambda s: s.get_name()):
        out.append(f"{'  ' * depth}  {s.get_name()} {s._Symbol__flags}")
    for c in t.get_children():
        dump(c, depth + 1, out)


def reference(path):
    try:
        with open(path, "rb") as f:
            src = f.read()
        t = symtable.symtable(src.decode(detect_encoding(src)), path, "exec")
    except (SyntaxError, ValueError, UnicodeDecodeError, RecursionError, MemoryError, LookupError):
        return None
    out = []
    dump(t, 0, out)
    return "\n".join(out) + "\n"


def detect_encoding(src):
    import io, tokenize
    return tokenize.detect_encoding(io.BytesIO(src).readline)[0]


def check(interp, path):
    ref = reference(path)
    p = subprocess.run(interp + ["--symtable", path], capture_output=True, stdin=subprocess.DEVNULL, timeout=60)
    out = p.stdout.decode("utf-8", "replace")
    if ref is None:
        ok = p.returncode != 0 and b"SyntaxError" in p.stderr
        return path, ok, "" if ok else "CPython rejects this file"
    if p.returncode != 0:
        return path, False, p.stderr.decode("utf-8", "replace").strip().splitlines()[-1:]
    if out == ref:
        return path, True, ""
    a, b = ref.splitlines(), out.splitlines()
    i = next((k for k in range(min(len(a), len(b))) if a[k] != b[k]), min(len(a), len(b)))
    return path, False, f"line {i + 1}: expected {a[i] if i < len(a) else '<end>'!r}, got {b[i] if i < len(b) else '<end>'!r}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--interp", required=True)
    ap.add_argument("--root", action="append")
    ap.add_argument("--show", type=int, default=15)
    a = ap.parse_args()
    interp = shlex.split(a.interp)
    files = python_files(a.root)
    with cf.ThreadPoolExecutor(os.cpu_count() or 2) as ex:
        results = list(ex.map(lambda f: check(interp, f), files))
    fails = [r for r in results if not r[1]]
    for path, _, why in fails[: a.show]:
        print(f"FAIL {path}: {why}")
    print(f"symtable parity: {len(results) - len(fails)} passed, {len(fails)} failed")
    sys.exit(1 if fails else 0)


if __name__ == "__main__":
    main()
