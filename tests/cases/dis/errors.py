# Bad input to dis, opcode, _opcode and _typing: each raises the Python
# exception CPython raises for it (printed as "Type: message"); nothing
# may crash the interpreter.
import dis, _opcode, _typing, opcode, sys

def attempt(label, f):
    try:
        r = f()
    except Exception as e:
        print(label, "->", type(e).__name__ + ":", e)
    else:
        print(label, "=", r)

POP_TOP, LOAD_CONST = dis.opmap["POP_TOP"], dis.opmap["LOAD_CONST"]
attempt("dis(42)", lambda: dis.dis(42))
attempt("dis(object())", lambda: dis.dis(object()))
attempt("code_info(3.5)", lambda: dis.code_info(3.5))
attempt("Bytecode(None)", lambda: dis.Bytecode(None))
attempt("get_instructions([])", lambda: list(dis.get_instructions([])))
attempt("dis(bad source)", lambda: dis.dis("def ("))
attempt("distb() without traceback", lambda: dis.distb())
attempt("stack_effect(no oparg)", lambda: dis.stack_effect(LOAD_CONST))
attempt("stack_effect(extra oparg)", lambda: dis.stack_effect(POP_TOP, 0))
attempt("stack_effect(255, 1)", lambda: dis.stack_effect(255, 1))
attempt("stack_effect(10**6, 1)", lambda: dis.stack_effect(10**6, 1))
attempt("stack_effect(str)", lambda: dis.stack_effect("x"))
attempt("stack_effect(huge)", lambda: dis.stack_effect(2**100))
attempt("stack_effect(jump=1)", lambda: dis.stack_effect(POP_TOP, jump=1))
attempt("stack_effect(oparg=)", lambda: dis.stack_effect(LOAD_CONST, oparg=1))
attempt("stack_effect()", lambda: dis.stack_effect())
attempt("stack_effect(1, 2, 3)", lambda: dis.stack_effect(1, 2, 3))
attempt("get_specialization_stats()", lambda: _opcode.get_specialization_stats())
attempt("_idfunc()", lambda: _typing._idfunc())
attempt("_idfunc(x=1)", lambda: _typing._idfunc(x=1))
attempt("_idfunc(1, 2)", lambda: _typing._idfunc(1, 2))
# Pyrite's own helpers: wrong types are TypeErrors, not crashes.
attempt("_pyrite_instructions(5)", lambda: type(_opcode._pyrite_instructions(5)))
attempt("_pyrite_row(bad)", lambda: _opcode._pyrite_row(1, 2, 3, 4, 5, 6, 7, 8, 9))
attempt("_pyrite_row(huge width)", lambda: len(_opcode._pyrite_row("", 10**12, 0, 0, "0", -5, "X", None, "")))
attempt("_pyrite_describe(-1, 0)", lambda: _opcode._pyrite_describe(-1, 0))
# Raw bytes: unknown numbers, odd lengths, empty.
import io
for data in (b"", b"\xff\xff", b"\x01", bytes(range(256)), bytearray(b"\x01\x00")):
    out = io.StringIO()
    attempt("dis(%d bytes)" % len(data), lambda: (dis.dis(data, file=out), len(out.getvalue().splitlines()))[1])
attempt("findlabels(bytes)", lambda: dis.findlabels(bytes(range(256))) is not None)
# A malformed exception table read by the parser.
attempt("parse bad table", lambda: dis._parse_exception_table(type("C", (), {"co_exceptiontable": b"\x80"})()))
print("survived")
