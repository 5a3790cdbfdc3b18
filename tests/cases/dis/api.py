# dis's API over Pyrite's code: each check asserts a property that any
# correct disassembly has, from the code object's own attributes.
import dis, io, sys, types, _opcode, opcode

def sample(x, y=2, *rest, key=None):
    total = 0
    for item in rest:
        if item is not None and item > x:
            total += item * y
    try:
        return total / x
    except ZeroDivisionError:
        return f"{key!r}"

code = sample.__code__
ins = list(dis.get_instructions(sample))

# Instruction: Lib's fields, in order.
assert dis.Instruction._fields == ("opname", "opcode", "arg", "argval", "argrepr", "offset",
                                   "starts_line", "is_jump_target", "positions")
assert all(isinstance(i, dis.Instruction) and isinstance(i.positions, dis.Positions) for i in ins)
print("ok instruction fields")

# Every field agrees with the code object.
positions = list(code.co_positions())
starts = dict(dis.findlinestarts(code))
cells = code.co_cellvars + code.co_freevars
kinds = {n: row[1] for n, row in enumerate(_opcode._pyrite_opcodes())}
targets = {i.argval for i in ins if i.opcode in dis.hasjabs}
for n, i in enumerate(ins):
    assert i.offset == 2 * n and code.co_code[i.offset] == i.opcode
    assert i.opname == dis.opname[i.opcode] and dis.opmap[i.opname] == i.opcode
    assert tuple(i.positions) == positions[n]
    assert i.starts_line == starts.get(i.offset)
    assert i.is_jump_target == (i.offset in targets)
    kind = kinds[i.opcode]
    assert (i.arg is None) == (kind == "none") == (i.opcode < dis.HAVE_ARGUMENT)
    if kind == "const":
        assert i.argval is code.co_consts[i.arg] or i.argval == code.co_consts[i.arg]
        assert i.argrepr == repr(i.argval)
    elif kind == "name":
        assert i.argval == i.argrepr == code.co_names[i.arg]
    elif kind == "global":
        assert i.argval == code.co_names[i.arg >> 1]
        assert i.argrepr == ("NULL + " if i.arg & 1 else "") + i.argval
    elif kind == "local":
        assert i.argval == i.argrepr == code.co_varnames[i.arg]
        assert i.opcode in dis.haslocal
    elif kind == "cell":
        assert i.argval == i.argrepr == cells[i.arg]
    elif kind == "jump":
        assert i.argval == 2 * i.arg and i.argrepr == "to %d" % i.argval
        assert i.argval in {j.offset for j in ins}
    elif i.opname == "BINARY_OP":
        assert i.argval == i.arg and i.argrepr == opcode._nb_ops[i.arg][1]
    elif i.opname == "COMPARE_OP":
        assert i.argval == i.argrepr == dis.cmp_op[i.arg]
    elif i.opname == "FORMAT_VALUE":
        assert i.argval == (repr, False) and i.argrepr == "repr"
print("ok instructions agree with the code object", len(ins))
used = {i.opname for i in ins}
assert {"FOR_ITER", "BINARY_OP", "COMPARE_OP", "FORMAT_VALUE", "LOAD_GLOBAL",
        "RETURN_VALUE", "PUSH_EXC_INFO", "CHECK_EXC_MATCH"} <= used, used
print("ok sample uses the instructions checked")

# first_line shifts the lines.
shifted = list(dis.get_instructions(sample, first_line=1000))
assert [i.starts_line and i.starts_line - 1000 + code.co_firstlineno for i in shifted] == [i.starts_line for i in ins]
print("ok first_line")

# Bytecode: iteration, dis(), info(), from_traceback, repr.
bc = dis.Bytecode(sample)
assert list(bc) == ins and bc.codeobj is code and bc.first_line == code.co_firstlineno
out = io.StringIO()
dis.disassemble(code, file=out)
assert bc.dis() == out.getvalue()
assert bc.info() == dis.code_info(sample) == dis.code_info(code)
out = io.StringIO()
dis.show_code(sample, file=out)
assert out.getvalue() == bc.info() + "\n"
assert repr(bc) == "Bytecode(%r)" % (sample,)
info = dict(l.split(":", 1) for l in bc.info().splitlines() if not l.startswith(" "))
assert info["Name"].strip() == "sample" and info["Argument count"].strip() == "2"
assert info["Kw-only arguments"].strip() == "1" and info["Stack size"].strip() == str(code.co_stacksize)
assert info["Flags"].strip() == "OPTIMIZED, NEWLOCALS, VARARGS"
print("ok Bytecode")

try:
    1 / int("0")
except ZeroDivisionError:
    tb = sys.exc_info()[2]
bc = dis.Bytecode.from_traceback(tb)
assert bc.current_offset == tb.tb_lasti
marked = [l for l in bc.dis().splitlines() if l[4:7] == "-->"]
assert len(marked) == 1 and "BINARY_OP" in marked[0] and "(/)" in marked[0], marked
out = io.StringIO()
dis.distb(tb, file=out)
assert out.getvalue() == bc.dis()  # one frame: the same code, the same mark
sys.last_traceback = tb
out2 = io.StringIO()
dis.dis(file=out2)
assert out2.getvalue() == out.getvalue()
del sys.last_traceback
print("ok tracebacks")

# Functions, methods, classes, modules, generators, coroutines, strings,
# code objects and raw bytes.
class K:
    def method(self):
        return self
    @staticmethod
    def static():
        yield 1
    async def coro(self):
        return 1
    value = 3

def listing(x, **kw):
    out = io.StringIO()
    dis.dis(x, file=out, **kw)
    return out.getvalue()

assert listing(K.method) == listing(K().method) == listing(K.method.__code__)
assert listing(K.static) == listing(K.static())
c = K().coro()
assert listing(c) == listing(K.coro)
c.close()
sections = [l for l in listing(K).splitlines() if l.startswith("Disassembly of")]
assert sections == ["Disassembly of coro:", "Disassembly of method:", "Disassembly of static:"], sections
mod = types.ModuleType("m")
exec("def f(): pass\nclass C:\n  def g(self): pass\nx = 1\n", mod.__dict__)
sections = [l for l in listing(mod).splitlines() if l.startswith("Disassembly of")]
assert sections == ["Disassembly of C:", "Disassembly of g:", "Disassembly of f:"], sections
src = "def outer():\n  def inner():\n    return 1\n  return inner\n"
assert listing(src).count("Disassembly of <code object") == 2
assert listing(src, depth=1).count("Disassembly of <code object") == 1
assert listing(src, depth=0).count("Disassembly of") == 0
assert listing("a + 1").splitlines()[-1].split()[-1] == "RETURN_VALUE"
raw = listing(code.co_code)
assert [l.split()[1] if l.split()[0].isdigit() else l.split()[2] for l in raw.splitlines()] == \
    [i.opname for i in ins]
print("ok dis of every kind of object")

# adaptive: the fused instructions the VM runs, standing for their first.
for _ in range(3):
    sample(1, 2, 3)
fused = [i for i in dis.get_instructions(sample, adaptive=True) if i.opname in dis.deoptmap]
assert fused, "sample has run: some pairs are fused"
plain = {i.offset: i for i in ins}
for i in fused:
    assert dis.deoptmap[i.opname] == plain[i.offset].opname
    assert (i.arg, i.argval, i.argrepr) == (plain[i.offset].arg, plain[i.offset].argval, plain[i.offset].argrepr)
assert code._co_code_adaptive != code.co_code and len(code._co_code_adaptive) == len(code.co_code)
print("ok adaptive")

# stack_effect: from the instruction table, with CPython's checks.
assert dis.stack_effect is _opcode.stack_effect is opcode.stack_effect
for name, op in dis.opmap.items():
    if op < dis.HAVE_ARGUMENT:
        e = dis.stack_effect(op)
        assert e == max(dis.stack_effect(op, jump=True), dis.stack_effect(op, jump=False))
    else:
        e = dis.stack_effect(op, 3)
        assert e == max(dis.stack_effect(op, 3, jump=True), dis.stack_effect(op, 3, jump=False))
assert dis.stack_effect(dis.opmap["BUILD_LIST"], 5) == -4
assert dis.stack_effect(dis.opmap["POP_TOP"]) == -1
assert dis.stack_effect(dis.opmap["LOAD_GLOBAL"], 1) == 2
assert dis.stack_effect(dis.opmap["FOR_ITER"], 0, jump=True) == -1
assert dis.stack_effect(dis.opmap["FOR_ITER"], 0, jump=False) == 1
print("ok stack_effect")

# _typing: the identity that typing.NewType calls.
import _typing, typing
assert typing._idfunc is _typing._idfunc
marker = object()
assert _typing._idfunc(marker) is marker
UserId = typing.NewType("UserId", int)
assert UserId(5) == 5 and type(UserId(5)) is int
print("ok _typing")
