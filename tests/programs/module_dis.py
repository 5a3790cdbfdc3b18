# dis over this interpreter's own instructions: checked by properties that
# hold for any correct disassembly (CPython's bytecode or Pyrite's), so the
# expected output is CPython's own.
import dis, io, sys

def sample(x, y=2):
    try:
        z = x + y
    except ZeroDivisionError as e:
        return None
    for i in range(3):
        if i > z:
            break
    return [a * 2 for a in (x, y)]

ins = list(dis.get_instructions(sample))
offsets = [i.offset for i in ins]
print("offsets even and increasing:", all(o % 2 == 0 for o in offsets) and offsets == sorted(set(offsets)))
print("names known:", all(dis.opmap[i.opname] == i.opcode and dis.opname[i.opcode] == i.opname for i in ins))
targets = {i.offset for i in ins if i.is_jump_target}
jumps = [i for i in ins if i.opcode in dis.hasjabs or i.opcode in dis.hasjrel]
print("jumps land on marked instructions:", bool(jumps) and all(j.argval in targets for j in jumps))
lines = {i.starts_line for i in ins if i.starts_line is not None}
print("lines:", sorted(lines - {sample.__code__.co_firstlineno}))
print("line starts agree:", dict(dis.findlinestarts(sample.__code__)) == {i.offset: i.starts_line for i in ins if i.starts_line is not None})
print("consts shown:", any(i.argval == 3 and i.argrepr == "3" for i in ins))
print("locals shown:", {i.argval for i in ins if i.opcode in dis.haslocal} >= {"x", "y", "z", "i"})
print("positions:", all(isinstance(i.positions, dis.Positions) for i in ins))
entries = dis._parse_exception_table(sample.__code__)
listed = {i.offset for i in ins}
print("handlers are instructions:", bool(entries) and all(e.target in listed for e in entries))
print("exception table is bytes:", type(sample.__code__.co_exceptiontable).__name__)

out = io.StringIO()
dis.dis(sample, file=out)
text = out.getvalue()
print("listing has every instruction:", all(i.opname in text for i in ins))
print("nested code disassembled:", "Disassembly of <code object <listcomp>" in text)
print("bytecode object:", [i.opname for i in dis.Bytecode(sample)] == [i.opname for i in ins])
info = dis.code_info(sample).splitlines()
print(info[0], "|", info[2], "|", info[7])
print(dis.pretty_flags(sample.__code__.co_flags))

print(dis.stack_effect(dis.opmap["POP_TOP"]), dis.stack_effect(dis.opmap["LOAD_CONST"], 0))
for bad in [(100000,), (dis.opmap["POP_TOP"], 0), (dis.opmap["LOAD_CONST"],)]:
    try:
        dis.stack_effect(*bad)
    except ValueError as e:
        print("ValueError:", e)
try:
    dis.dis(42)
except TypeError as e:
    print("TypeError:", e)

try:
    1 / 0
except ZeroDivisionError:
    tb = sys.exc_info()[2]
marked = [l for l in dis.Bytecode.from_traceback(tb).dis().splitlines() if "-->" in l]
print("traceback marks one instruction:", len(marked))

import typing, _typing
UserId = typing.NewType("UserId", int)
print(UserId(5), _typing._idfunc(7))
try:
    _typing._idfunc(1, 2)
except TypeError as e:
    print("TypeError:", e)
class Caller:
    __call__ = len
print(Caller()([1, 2, 3]))

# --- the code object's tables, read as CPython's documented formats --------
# (The same decoders run on CPython for the expected output, so they are
# right about the formats; on Pyrite they check Pyrite's encoders.)
import types

def varint6_le(data, pos):
    value = shift = 0
    while True:
        b = data[pos]; pos += 1
        value |= (b & 63) << shift; shift += 6
        if not b & 64:
            return value, pos

def linetable_positions(code):
    data, pos, line, out = code.co_linetable, 0, code.co_firstlineno, []
    while pos < len(data):
        head = data[pos]; pos += 1
        kind, length = (head >> 3) & 15, (head & 7) + 1
        if kind == 15:
            entry = (None, None, None, None)
        elif kind == 13 or kind == 14:
            u, pos = varint6_le(data, pos)
            line += -(u >> 1) if u & 1 else u >> 1
            if kind == 13:
                entry = (line, line, None, None)
            else:
                end, pos = varint6_le(data, pos)
                col, pos = varint6_le(data, pos)
                end_col, pos = varint6_le(data, pos)
                entry = (line, line + end, col - 1 if col else None, end_col - 1 if end_col else None)
        elif kind >= 10:
            line += kind - 10
            entry = (line, line, data[pos], data[pos + 1]); pos += 2
        else:
            b = data[pos]; pos += 1
            col = kind * 8 + (b >> 4)
            entry = (line, line, col, col + (b & 15))
        out.extend([entry] * length)
    return out

def lnotab_points(code):
    off, line, points = 0, code.co_firstlineno, {}
    tab = code.co_lnotab
    for i in range(0, len(tab), 2):
        off += tab[i]
        delta = tab[i + 1] - 256 if tab[i + 1] >= 128 else tab[i + 1]
        line += delta
        if delta:
            points[off] = line
    return points

def line_changes(code):
    cur, out = code.co_firstlineno, {}
    for start, end, line in code.co_lines():
        if line is not None and line != cur:
            out[start] = cur = line
    return out

def all_code(c):
    yield c
    for k in c.co_consts:
        if isinstance(k, types.CodeType):
            yield from all_code(k)

src = open(__file__).read()
codes = list(all_code(compile(src, __file__, "exec")))
print("code objects:", len(codes) > 20)
print("co_linetable decodes to co_positions():",
      all(linetable_positions(c) == list(c.co_positions()) for c in codes))
print("one position per code unit:", all(len(list(c.co_positions())) == len(c.co_code) // 2 for c in codes))
print("co_lnotab follows co_lines():", all(lnotab_points(c) == line_changes(c) for c in codes))
def lines_cover(c):
    ranges = list(c.co_lines())
    return ranges[0][0] == 0 and ranges[-1][1] == len(c.co_code) and all(
        a[1] == b[0] for a, b in zip(ranges, ranges[1:]))
print("co_lines() covers co_code:", all(lines_cover(c) for c in codes))
print("tables are bytes:", {type(getattr(c, a)).__name__ for c in codes
                            for a in ("co_code", "co_linetable", "co_lnotab", "co_exceptiontable")})
print("exception entries inside the code:", all(
    0 <= e.start < e.end <= len(c.co_code) and e.target < len(c.co_code)
    for c in codes for e in dis._parse_exception_table(c)))

# --- opcode and dis describe the same instructions ---------------------------
import opcode
print("opcode tables are dis's:", opcode.opmap is dis.opmap, opcode.opname is dis.opname,
      dis.stack_effect is opcode.stack_effect)
# (CPython's co_code also holds CACHE units, which dis does not list.)
print("co_code numbers name the instructions:", all(
    [dis.opname[b] for b in c.co_code[::2] if dis.opname[b] != "CACHE"] ==
    [i.opname for i in dis.get_instructions(c)] for c in codes))
print("arguments below HAVE_ARGUMENT are None:", all(
    (i.arg is None) == (i.opcode < dis.HAVE_ARGUMENT) for c in codes for i in dis.get_instructions(c)))
print("raw bytes list the same names:", [i.opname for i in dis.Bytecode(sample)] ==
      [l.split()[1] if l.split()[0].isdigit() else l.split()[2]
       for l in (lambda o: (dis.dis(sample.__code__.co_code, file=o), o.getvalue())[1])(io.StringIO()).splitlines()])

# --- Lib's users of dis ------------------------------------------------------
import inspect, trace, pdb, modulefinder, os, tempfile
print("inspect flags:", inspect.CO_GENERATOR, inspect.CO_COROUTINE, inspect.CO_ASYNC_GENERATOR, inspect.CO_NOFREE)
print("trace finds lines:", sorted(trace._find_executable_linenos(__file__))[:12])
def raiser():
    x = 1
    return x / 0
try:
    raiser()
except ZeroDivisionError as e:
    inner = e.__traceback__.tb_next
print("pdb.lasti2lineno:", pdb.lasti2lineno(inner.tb_frame.f_code, inner.tb_lasti) == inner.tb_lineno)
print("frame f_lasti is an instruction:", sys._getframe().f_lasti in {i.offset for i in dis.get_instructions(sys._getframe().f_code)})
with tempfile.TemporaryDirectory() as d:
    os.mkdir(os.path.join(d, "pkg"))
    for name, text in [("main.py", "import pkg.mod\nfrom pkg import other as o\nimport json\nX = 1\n"),
                       ("pkg/__init__.py", ""),
                       ("pkg/mod.py", "from . import other\nfrom .other import *\nglobal_name = 2\n"),
                       ("pkg/other.py", "import no_such_module_here\n")]:
        with open(os.path.join(d, name), "w") as f:
            f.write(text)
    finder = modulefinder.ModuleFinder(path=[d] + sys.path)
    finder.run_script(os.path.join(d, "main.py"))
    print("modulefinder:", sorted(m for m in finder.modules if m.startswith(("pkg", "json", "__main__"))),
          sorted(m for m in finder.badmodules if m.startswith(("no_such", "pkg"))),
          sorted(finder.modules["__main__"].globalnames),
          sorted(finder.modules["pkg.mod"].globalnames))

import sys, dis
def f():
    fr = sys._getframe()
    ins = {i.offset: i.opname for i in dis.get_instructions(f)}
    print(fr.f_lasti in ins, ins.get(fr.f_lasti) in ("CALL", "PRECALL"))
    return fr
fr = f()
print(fr.f_lasti >= -1)
