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
import sys, dis
def f():
    fr = sys._getframe()
    ins = {i.offset: i.opname for i in dis.get_instructions(f)}
    print(fr.f_lasti in ins, ins.get(fr.f_lasti) in ("CALL", "PRECALL"))
    return fr
fr = f()
print(fr.f_lasti >= -1)
