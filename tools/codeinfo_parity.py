#!/usr/bin/env python3
"""Code-object parity: `pyrite --code-info FILE` against CPython's compile().

For every .py file under the roots (default: CPython's standard library),
CPython compiles the file and its code objects are listed, nested ones
after their parent in co_consts order, with the attributes Pyrite's code
objects must share: co_name, co_qualname, co_firstlineno, the argument
counts, co_flags, co_stacksize, co_varnames, co_cellvars, co_freevars
and co_names.
Files CPython cannot compile must make Pyrite exit with a SyntaxError.

usage: codeinfo_parity.py --interp PATH [--root DIR ...] [--show N] [--fields a,b]
Last line: `codeinfo parity: N passed, N failed`.
"""
import argparse, concurrent.futures as cf, os, shlex, subprocess, sys, types

from stdlib_corpus import cpython_compile, python_files


def pylist(items):
    return repr(list(items))


def walk(co, out):
    out.append(f"{co.co_name} {co.co_qualname} {co.co_firstlineno} "
               f"args={co.co_argcount}/{co.co_posonlyargcount}/{co.co_kwonlyargcount} flags={co.co_flags:#x} stacksize={co.co_stacksize} "
               f"varnames={pylist(co.co_varnames)} cellvars={pylist(co.co_cellvars)} "
               f"freevars={pylist(co.co_freevars)} names={pylist(co.co_names)}")
    for c in co.co_consts:
        if isinstance(c, types.CodeType):
            walk(c, out)


def reference(path):
    co = cpython_compile(path)
    if co is None:
        return None
    out = []
    walk(co, out)
    return "\n".join(out) + "\n"


def check(interp, path, fields):
    ref = reference(path)
    p = subprocess.run(interp + ["--code-info", path], capture_output=True, stdin=subprocess.DEVNULL, timeout=60)
    out = p.stdout.decode("utf-8", "replace")
    if ref is None:
        ok = p.returncode != 0 and b"SyntaxError" in p.stderr
        return path, ok, "" if ok else "CPython rejects this file"
    if p.returncode != 0:
        return path, False, (p.stderr.decode("utf-8", "replace").strip().splitlines() or ["?"])[-1]
    a, b = ref.splitlines(), out.splitlines()
    if fields:
        keep = lambda line: " ".join(w for w in line.split(" ") if not ("=" in w and w.split("=")[0] not in fields))
        a, b = [keep(x) for x in a], [keep(x) for x in b]
    if a == b:
        return path, True, ""
    i = next((k for k in range(min(len(a), len(b))) if a[k] != b[k]), min(len(a), len(b)))
    return path, False, f"code object {i + 1}:\n    expected {a[i] if i < len(a) else '<end>'}\n    got      {b[i] if i < len(b) else '<end>'}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--interp", required=True)
    ap.add_argument("--root", action="append")
    ap.add_argument("--show", type=int, default=10)
    ap.add_argument("--fields", default="")
    a = ap.parse_args()
    interp = shlex.split(a.interp)
    fields = set(f for f in a.fields.split(",") if f)
    files = python_files(a.root)
    with cf.ThreadPoolExecutor(os.cpu_count() or 2) as ex:
        results = list(ex.map(lambda f: check(interp, f, fields), files))
    fails = [r for r in results if not r[1]]
    for path, _, why in fails[: a.show]:
        print(f"FAIL {path}: {why}")
    print(f"codeinfo parity: {len(results) - len(fails)} passed, {len(fails)} failed")
    sys.exit(1 if fails else 0)


if __name__ == "__main__":
    main()
