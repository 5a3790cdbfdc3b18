# `dis` for Pyrite's own instructions. Lib's dis.py decodes CPython's
# bytecode (its opcode numbers, CACHE entries, EXTENDED_ARG); Pyrite's code
# objects hold Pyrite's instructions, so this module takes its place with
# the same API. The instruction set comes from `_opcode` (one table in the
# compiler: names, argument kinds, stack effects); an instruction is one
# code unit, so instruction i is at byte offset 2*i, as `co_lines()` and
# `co_exceptiontable` count.

import sys as _sys
import types as _types
import collections as _collections
import io as _io
import _opcode

__all__ = ["code_info", "dis", "disassemble", "distb", "disco",
           "findlinestarts", "findlabels", "show_code",
           "get_instructions", "Instruction", "Bytecode",
           "opname", "opmap", "cmp_op", "hasconst", "hasname", "hasjrel",
           "hasjabs", "haslocal", "hascompare", "hasfree", "hasnargs",
           "HAVE_ARGUMENT", "EXTENDED_ARG", "stack_effect"]

# --- the instruction set ----------------------------------------------------

_TABLE = _opcode._pyrite_opcodes()      # [(name, kind), ...] by number
opname = ["<%d>" % _i for _i in range(256)]
opmap = {}
hasconst, hasname, hasjrel, hasjabs = [], [], [], []
haslocal, hascompare, hasfree, hasnargs, hasarg = [], [], [], [], []
_KIND = {}
for _op, (_name, _kind) in enumerate(_TABLE):
    opname[_op] = _name
    opmap[_name] = _op
    _KIND[_op] = _kind
    if _kind != "none":
        hasarg.append(_op)
    _group = {"const": hasconst, "name": hasname, "global": hasname,
              "local": haslocal, "cell": hasfree, "jump": hasjabs}.get(_kind)
    if _group is not None:
        _group.append(_op)
if "COMPARE_OP" in opmap:
    hascompare.append(opmap["COMPARE_OP"])
# Pyrite's arguments are whole 32-bit numbers: there is no EXTENDED_ARG,
# and no numbering threshold below which instructions take no argument
# (`hasarg` lists those that do).
HAVE_ARGUMENT = 0
EXTENDED_ARG = -1
del _op, _name, _kind, _group

cmp_op = ('<', '<=', '==', '!=', '>', '>=')
_BINARY_OPS = ["+", "&", "//", "<<", "@", "*", "%", "|", "**", ">>", "-", "/", "^"]
_FORMAT_CONVERSIONS = {1: "str", 2: "repr", 3: "ascii"}

COMPILER_FLAG_NAMES = {
    1: "OPTIMIZED", 2: "NEWLOCALS", 4: "VARARGS", 8: "VARKEYWORDS",
    16: "NESTED", 32: "GENERATOR", 64: "NOFREE", 128: "COROUTINE",
    256: "ITERABLE_COROUTINE", 512: "ASYNC_GENERATOR",
}


def stack_effect(opcode, oparg=None, *, jump=None):
    return _opcode.stack_effect(opcode, oparg, jump=jump)


def pretty_flags(flags):
    names = []
    for i in range(32):
        bit = 1 << i
        if flags & bit:
            names.append(COMPILER_FLAG_NAMES.get(bit, hex(bit)))
            flags ^= bit
            if not flags:
                break
    else:
        names.append(hex(flags))
    return ", ".join(names)


# --- finding the code -------------------------------------------------------

def _try_compile(source, name):
    try:
        return compile(source, name, "eval")
    except SyntaxError:
        return compile(source, name, "exec")


def _unwrap(x):
    """The code inside a method, function, generator, async generator or
    coroutine; anything else as it is."""
    if hasattr(x, "__func__"):
        x = x.__func__
    for attr in ("__code__", "gi_code", "ag_code", "cr_code"):
        if hasattr(x, attr):
            return getattr(x, attr)
    return x


def _get_code_object(x):
    x = _unwrap(x)
    if isinstance(x, str):
        x = _try_compile(x, "<disassembly>")
    if hasattr(x, "co_code"):
        return x
    raise TypeError("don't know how to disassemble %s objects" % type(x).__name__)


# --- instructions -----------------------------------------------------------

Positions = _collections.namedtuple(
    "Positions", ["lineno", "end_lineno", "col_offset", "end_col_offset"],
    defaults=[None] * 4)

_Instruction = _collections.namedtuple(
    "_Instruction",
    ["opname", "opcode", "arg", "argval", "argrepr", "offset", "starts_line",
     "is_jump_target", "positions"],
    defaults=[None])

_OPNAME_WIDTH = 20
_OPARG_WIDTH = 5


class Instruction(_Instruction):
    """One of Pyrite's instructions, decoded: opname and opcode, the
    argument as stored (arg) and as meant (argval, argrepr), its byte
    offset, the source line it starts (if any), whether a jump or an
    exception handler lands on it, and its source positions."""

    def _disassemble(self, lineno_width=3, mark_as_current=False, offset_width=4):
        cols = []
        if lineno_width:
            if self.starts_line is not None:
                cols.append(str(self.starts_line).rjust(lineno_width))
            else:
                cols.append(" " * lineno_width)
        cols.append("-->" if mark_as_current else "   ")
        cols.append(">>" if self.is_jump_target else "  ")
        cols.append(str(self.offset).rjust(offset_width))
        cols.append(self.opname.ljust(_OPNAME_WIDTH))
        if self.arg is not None:
            cols.append(str(self.arg).rjust(_OPARG_WIDTH))
            if self.argrepr:
                cols.append("(%s)" % self.argrepr)
        return " ".join(cols).rstrip()


_ExceptionTableEntry = _collections.namedtuple(
    "_ExceptionTableEntry", "start end target depth lasti")


def _parse_exception_table(code):
    """The entries of `co_exceptiontable` (byte offsets; end exclusive)."""
    data = code.co_exceptiontable
    entries = []
    pos = 0

    def varint():
        nonlocal pos
        b = data[pos]
        pos += 1
        val = b & 63
        while b & 64:
            b = data[pos]
            pos += 1
            val = (val << 6) | (b & 63)
        return val

    while pos < len(data):
        start = varint() * 2
        end = start + varint() * 2
        target = varint() * 2
        dl = varint()
        entries.append(_ExceptionTableEntry(start, end, target, dl >> 1, bool(dl & 1)))
    return entries


def _unpack_opargs(code):
    """(offset, opcode, arg) of each instruction; arg is None for an
    instruction without an argument."""
    for i, (op, arg) in enumerate(_opcode._pyrite_instructions(code)):
        yield 2 * i, op, (arg if _KIND.get(op, "none") != "none" else None)


def findlabels(code):
    """The byte offsets that jumps land on."""
    labels = []
    for offset, op, arg in _unpack_opargs(code):
        if _KIND.get(op) == "jump" and 2 * arg not in labels:
            labels.append(2 * arg)
    return labels


def findlinestarts(code):
    """(offset, line) where each new source line starts."""
    last = None
    for start, end, line in code.co_lines():
        if line is not None and line != last:
            last = line
            yield start, line


def _argval_repr(code, op, arg, cells):
    kind = _KIND.get(op, "none")
    if kind == "const":
        v = code.co_consts[arg]
        return v, repr(v)
    if kind == "name":
        v = code.co_names[arg]
        return v, v
    if kind == "global":
        v = code.co_names[arg >> 1]
        return v, ("NULL + " + v) if arg & 1 else v
    if kind == "local":
        v = code.co_varnames[arg]
        return v, v
    if kind == "cell":
        v = cells[arg]
        return v, v
    if kind == "jump":
        return 2 * arg, "to %d" % (2 * arg)
    name = opname[op]
    if name.startswith("COMPARE_OP") and arg < len(cmp_op):
        return cmp_op[arg], cmp_op[arg]
    if name.startswith("BINARY_OP"):
        sym = _BINARY_OPS[arg % 13] if arg % 13 < len(_BINARY_OPS) else "?"
        return arg, sym + ("=" if arg >= 13 else "")
    if name == "FORMAT_VALUE":
        parts = []
        if arg & 3:
            parts.append(_FORMAT_CONVERSIONS.get(arg & 3, ""))
        if arg & 4:
            parts.append("with format")
        return (_FORMAT_CONVERSIONS.get(arg & 3), bool(arg & 4)), ", ".join(parts)
    return arg, ""


def _get_instructions(code, first_line=None, handlers=False):
    # As in CPython, a listing marks exception handlers as jump targets;
    # get_instructions() marks only what jumps land on.
    cells = code.co_cellvars + code.co_freevars
    labels = set(findlabels(code))
    if handlers:
        for entry in _parse_exception_table(code):
            labels.add(entry.target)
    starts = dict(findlinestarts(code))
    shift = 0 if first_line is None else first_line - code.co_firstlineno
    positions = list(code.co_positions())
    for offset, op, arg in _unpack_opargs(code):
        line = starts.get(offset)
        if line is not None:
            line += shift
        if arg is None:
            argval, argrepr = None, ""
        else:
            argval, argrepr = _argval_repr(code, op, arg, cells)
        pos = positions[offset // 2] if offset // 2 < len(positions) else ()
        yield Instruction(opname[op], op, arg, argval, argrepr, offset, line,
                          offset in labels, Positions(*pos))


def get_instructions(x, *, first_line=None, show_caches=False, adaptive=False):
    """An iterator of the `Instruction`s of `x` (a function, method,
    class body, generator, code object or source string)."""
    return _get_instructions(_get_code_object(x), first_line)


# --- printing ---------------------------------------------------------------

def _print_code(code, file, lasti=-1, first_line=None):
    instrs = list(_get_instructions(code, first_line, handlers=True))
    lines = [i.starts_line for i in instrs if i.starts_line is not None]
    width = max(3, len(str(max(lines)))) if lines else 0
    offset_width = max(4, len(str(instrs[-1].offset))) if instrs else 4
    for ins in instrs:
        if ins.starts_line is not None and ins.offset > 0:
            print(file=file)
        print(ins._disassemble(width, ins.offset == lasti, offset_width), file=file)
    entries = _parse_exception_table(code)
    if entries:
        print("ExceptionTable:", file=file)
        for e in entries:
            print("  %d to %d -> %d [%d]%s" % (e.start, e.end - 2, e.target, e.depth,
                                             " lasti" if e.lasti else ""), file=file)


def _disassemble_recursive(code, *, file=None, depth=None, lasti=-1, first_line=None):
    _print_code(code, file, lasti, first_line)
    if depth is None or depth > 0:
        if depth is not None:
            depth -= 1
        for c in code.co_consts:
            if hasattr(c, "co_code"):
                print(file=file)
                print("Disassembly of %r:" % (c,), file=file)
                _disassemble_recursive(c, file=file, depth=depth)


def disassemble(co, lasti=-1, *, file=None, show_caches=False, adaptive=False):
    """Prints the instructions of code object `co`."""
    _print_code(co, file, lasti)


disco = disassemble


def distb(tb=None, *, file=None, show_caches=False, adaptive=False):
    """Disassembles the code of a traceback (default: the last one),
    marking the instruction where it was raised."""
    if tb is None:
        try:
            tb = _sys.last_traceback
        except AttributeError:
            raise RuntimeError("no last traceback to disassemble") from None
        while tb.tb_next:
            tb = tb.tb_next
    disassemble(tb.tb_frame.f_code, tb.tb_lasti, file=file)


def dis(x=None, *, file=None, depth=None, show_caches=False, adaptive=False):
    """Disassembles a class, method, function, generator, code object,
    source string or module (with no argument: the last traceback)."""
    if x is None:
        distb(file=file)
        return
    x = _unwrap(x)
    if hasattr(x, "__dict__"):
        for name, item in sorted(x.__dict__.items()):
            if isinstance(item, (_types.MethodType, _types.FunctionType, _types.CodeType,
                                 classmethod, staticmethod, type)):
                print("Disassembly of %s:" % name, file=file)
                try:
                    dis(item, file=file, depth=depth)
                except TypeError as msg:
                    print("Sorry:", msg, file=file)
                print(file=file)
    elif hasattr(x, "co_code"):
        _disassemble_recursive(x, file=file, depth=depth)
    elif isinstance(x, str):
        _disassemble_recursive(_try_compile(x, "<dis>"), file=file, depth=depth)
    else:
        raise TypeError("don't know how to disassemble %s objects" % type(x).__name__)


# --- code information -------------------------------------------------------

def _format_code_info(co):
    lines = ["Name:              %s" % co.co_name,
             "Filename:          %s" % co.co_filename,
             "Argument count:    %s" % co.co_argcount,
             "Positional-only arguments: %s" % co.co_posonlyargcount,
             "Kw-only arguments: %s" % co.co_kwonlyargcount,
             "Number of locals:  %s" % co.co_nlocals,
             "Stack size:        %s" % co.co_stacksize,
             "Flags:             %s" % pretty_flags(co.co_flags)]
    for title, items, show in (("Constants", co.co_consts, repr),
                               ("Names", co.co_names, str),
                               ("Variable names", co.co_varnames, str),
                               ("Free variables", co.co_freevars, str),
                               ("Cell variables", co.co_cellvars, str)):
        if items:
            lines.append(title + ":")
            for i, v in enumerate(items):
                lines.append("%4d: %s" % (i, show(v)))
    return "\n".join(lines)


def code_info(x):
    """Details of the code object of `x`, as text."""
    return _format_code_info(_get_code_object(x))


def show_code(co, *, file=None):
    """Prints `code_info(co)`."""
    print(code_info(co), file=file)


class Bytecode:
    """The instructions of a piece of code, iterable, with `dis()` and
    `info()`."""

    def __init__(self, x, *, first_line=None, current_offset=None,
                 show_caches=False, adaptive=False):
        self.codeobj = co = _get_code_object(x)
        if first_line is None:
            self.first_line = co.co_firstlineno
            self._line_offset = 0
        else:
            self.first_line = first_line
            self._line_offset = first_line - co.co_firstlineno
        self._original_object = x
        self.current_offset = current_offset
        self.exception_entries = _parse_exception_table(co)
        self.show_caches = show_caches
        self.adaptive = adaptive

    def __iter__(self):
        return _get_instructions(self.codeobj, self.first_line)

    def __repr__(self):
        return "%s(%r)" % (self.__class__.__name__, self._original_object)

    @classmethod
    def from_traceback(cls, tb, *, show_caches=False, adaptive=False):
        while tb.tb_next:
            tb = tb.tb_next
        return cls(tb.tb_frame.f_code, current_offset=tb.tb_lasti)

    def info(self):
        return _format_code_info(self.codeobj)

    def dis(self):
        out = _io.StringIO()
        lasti = -1 if self.current_offset is None else self.current_offset
        _print_code(self.codeobj, out, lasti,
                    None if not self._line_offset else self.first_line)
        return out.getvalue()


def _test():
    import argparse
    parser = argparse.ArgumentParser()
    parser.add_argument("infile", type=argparse.FileType("rb"), nargs="?", default="-")
    args = parser.parse_args()
    with args.infile as infile:
        source = infile.read()
    dis(compile(source, args.infile.name, "exec"))


if __name__ == "__main__":
    _test()
