#!/usr/bin/env python3
"""Regenerate the expected outputs of Pyrite's front-end tests from CPython.

CPython 3.11 is the oracle: for every tests/cases/ast/NAME.py this writes
NAME.ast, CPython's `ast.dump(ast.parse(source), include_attributes=True)`,
NAME.symtable, its symbol tables as `pyrite --symtable` prints them, and
NAME.codeinfo, its code objects as `pyrite --code-info` prints them,
NAME.consts and NAME.lines, their co_consts and co_lines() as `pyrite
--consts` / `--lines` print them;
for every case in tests/cases/syntax_errors.txt it runs `python3 case.py`
and records what CPython prints on stderr (the path shown as <FILE>) in
tests/cases/syntax_errors.expected; for tests/cases/dis/errors.py (bad
input to dis, _opcode and _typing) it records CPython's output in
errors.expected. The inputs are written by hand; only the expectations
are generated.

usage: python3 tools/gen_test_expectations.py
"""
import ast
import os
import subprocess
import sys
import tempfile

assert sys.version_info[:2] == (3, 11), "generate with CPython 3.11"
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "cases")


def split_cases(text):
    cases, name, lines = [], None, []
    for line in text.splitlines(keepends=True):
        if line.startswith("### "):
            if name is not None:
                cases.append((name, "".join(lines)))
            name, lines = line[4:].strip(), []
        else:
            lines.append(line)
    if name is not None:
        cases.append((name, "".join(lines)))
    return cases


TOOLS = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, TOOLS)
import bytecode_agreement  # noqa: E402
import codeinfo_parity  # noqa: E402
import symtable_parity  # noqa: E402


# Files whose co_lines Pyrite does not yet reproduce, and why; no `.lines`
# expectation is written for them (tools/bytecode_agreement.py tracks the
# stdlib-wide share). Remove an entry once it matches.
KNOWN_LINE_DIFFERENCES = {
    "program.py": "except* with no error left to re-raise: CPython gives the exit the last handler's line",
}


def gen_ast():
    d = os.path.join(ROOT, "ast")
    for fn in sorted(os.listdir(d)):
        if not fn.endswith(".py"):
            continue
        path = os.path.join(d, fn)
        with open(path, "rb") as f:
            src = f.read()
        dump = ast.dump(ast.parse(src, fn), include_attributes=True)
        with open(path[:-3] + ".ast", "w", encoding="utf-8") as f:
            f.write(dump + "\n")
        # Paths in code objects are not compared; the file name is enough.
        consts_lines = bytecode_agreement.reference(path)
        consts, lines = (None, None) if consts_lines is None else ("".join(x + "\n" for x in part) for part in consts_lines[:2])
        for ext, text in ((".symtable", symtable_parity.reference(path)), (".codeinfo", codeinfo_parity.reference(path)),
                          (".consts", consts), (".lines", None if fn in KNOWN_LINE_DIFFERENCES else lines)):
            if text is not None:
                with open(path[:-3] + ext, "w", encoding="utf-8") as f:
                    f.write(text)


def gen_errors():
    with open(os.path.join(ROOT, "syntax_errors.txt"), encoding="utf-8") as f:
        cases = split_cases(f.read())
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "case.py")
        for name, code in cases:
            with open(path, "w", encoding="utf-8") as f:
                f.write(code)
            p = subprocess.run([sys.executable, path], capture_output=True, text=True, cwd=tmp)
            assert p.returncode == 1 and not p.stderr.startswith("Traceback"), (name, p.stderr)
            out.append(f"### {name}\n" + p.stderr.replace(path, "<FILE>"))
    with open(os.path.join(ROOT, "syntax_errors.expected"), "w", encoding="utf-8") as f:
        f.write("".join(out))


def gen_dis_errors():
    d = os.path.join(ROOT, "dis")
    p = subprocess.run([sys.executable, "errors.py"], capture_output=True, text=True, cwd=d)
    assert p.returncode == 0, p.stderr
    with open(os.path.join(d, "errors.expected"), "w", encoding="utf-8") as f:
        f.write(p.stdout)


if __name__ == "__main__":
    gen_ast()
    gen_errors()
    gen_dis_errors()
