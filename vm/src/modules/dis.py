# `dis` for Pyrite's own instructions, with the API of CPython 3.11's Lib
# dis.py, which decodes CPython's bytecode and so cannot read Pyrite's code
# objects. The instruction set is Pyrite's `opcode` module (the compiler's
# one table, through `_opcode`); a code object's instructions, with whole
# arguments and what each means, come from `_opcode._pyrite_instructions`
# (the same description `pyrite --dis` prints), and a listing row is laid
# out by `_opcode._pyrite_row` (the same layout). One instruction is one
# 2-byte code unit: instruction i is at byte offset 2*i, as `co_code`,
# `co_lines()`, `co_positions()`, `co_exceptiontable`, `f_lasti` and
# `tb_lasti` count.

"""Disassembler of Pyrite's instructions (the API of CPython's dis)."""

import sys as _sys
import types as _types
import collections as _collections
import io as _io

import _opcode
import opcode as _opcode_module
from opcode import *
from opcode import __all__ as _opcodes_all
from opcode import (_nb_ops, _specializations, _specialized_instructions,
                    _inline_cache_entries, _cache_format, _pyrite_table)

__all__ = ["code_info", "dis", "disassemble", "distb", "disco",
           "findlinestarts", "findlabels", "show_code",
           "get_instructions", "Instruction", "Bytecode"] + _opcodes_all

_have_code = (_types.MethodType, _types.FunctionType, _types.CodeType,
              classmethod, staticmethod, type)

LOAD_CONST = opmap["LOAD_CONST"]
LOAD_GLOBAL = opmap["LOAD_GLOBAL"]
BINARY_OP = opmap["BINARY_OP"]
FORMAT_VALUE = opmap["FORMAT_VALUE"]
MAKE_FUNCTION = opmap["MAKE_FUNCTION"]
FORMAT_VALUE_CONVERTERS = ((None, ""), (str, "str"), (repr, "repr"), (ascii, "ascii"))
MAKE_FUNCTION_FLAGS = ("defaults", "kwdefaults", "annotations", "closure")

# Every numbered instruction, the VM's fused pairs among them (CPython
# lists its specialised instructions the same way), and the instruction
# each fused one stands in place of.
_all_opname = list(opname)
_all_opmap = dict(opmap)
deoptmap = {}
_kind = {}
for _number, (_name, _arg_kind, _role, _base) in _pyrite_table.items():
    _kind[_number] = _arg_kind
    if _role == "fused":
        _all_opname[_number] = _name
        _all_opmap[_name] = _number
        deoptmap[_name] = _base
del _number, _name, _arg_kind, _role, _base


def _deoptop(op):
    name = _all_opname[op]
    return _all_opmap[deoptmap[name]] if name in deoptmap else op


def _takes_arg(op):
    return _kind.get(op, "none") != "none"


COMPILER_FLAG_NAMES = {
    0x0001: "OPTIMIZED",
    0x0002: "NEWLOCALS",
    0x0004: "VARARGS",
    0x0008: "VARKEYWORDS",
    0x0010: "NESTED",
    0x0020: "GENERATOR",
    0x0040: "NOFREE",
    0x0080: "COROUTINE",
    0x0100: "ITERABLE_COROUTINE",
    0x0200: "ASYNC_GENERATOR",
}


def pretty_flags(flags):
    """The names of the flags set in `flags` (a code object's co_flags),
    joined by commas; unnamed bits in hex."""
    shown = []
    for bit in (1 << i for i in range(32)):
        if flags & bit:
            shown.append(COMPILER_FLAG_NAMES.get(bit, hex(bit)))
            flags &= ~bit
            if not flags:
                return ", ".join(shown)
    shown.append(hex(flags))
    return ", ".join(shown)


# --- finding the code ---------------------------------------------------------

def _try_compile(source, name):
    """`source` compiled as an expression if it is one, else as statements."""
    try:
        return compile(source, name, "eval")
    except SyntaxError:
        pass
    return compile(source, name, "exec")


def _inner_code(x):
    """What dis looks inside: the function of a method, the code of a
    function, generator, async generator or coroutine; else x itself."""
    x = getattr(x, "__func__", x)
    for attr in ("__code__", "gi_code", "ag_code", "cr_code"):
        if hasattr(x, attr):
            return getattr(x, attr)
    return x


def _get_code_object(x):
    x = _inner_code(x)
    if isinstance(x, str):
        x = _try_compile(x, "<disassembly>")
    if hasattr(x, "co_code"):
        return x
    raise TypeError("don't know how to disassemble %s objects" % type(x).__name__)


# --- code information ---------------------------------------------------------

def _format_code_info(co):
    out = [
        "Name:              %s" % co.co_name,
        "Filename:          %s" % co.co_filename,
        "Argument count:    %s" % co.co_argcount,
        "Positional-only arguments: %s" % co.co_posonlyargcount,
        "Kw-only arguments: %s" % co.co_kwonlyargcount,
        "Number of locals:  %s" % co.co_nlocals,
        "Stack size:        %s" % co.co_stacksize,
        "Flags:             %s" % pretty_flags(co.co_flags),
    ]
    sections = [("Constants", co.co_consts, repr),
                ("Names", co.co_names, str),
                ("Variable names", co.co_varnames, str),
                ("Free variables", co.co_freevars, str),
                ("Cell variables", co.co_cellvars, str)]
    for title, items, show in sections:
        if items:
            out.append(title + ":")
            out.extend("%4d: %s" % (i, show(item)) for i, item in enumerate(items))
    return "\n".join(out)


def code_info(x):
    """Details of the code object of `x` (a function, method, class body,
    generator, code object or source string), as text."""
    return _format_code_info(_get_code_object(x))


def show_code(co, *, file=None):
    """Prints `code_info(co)`."""
    print(code_info(co), file=file)


# --- instructions -------------------------------------------------------------

Positions = _collections.namedtuple(
    "Positions", ["lineno", "end_lineno", "col_offset", "end_col_offset"],
    defaults=[None] * 4)

_Instruction = _collections.namedtuple(
    "_Instruction",
    ["opname", "opcode", "arg", "argval", "argrepr", "offset", "starts_line",
     "is_jump_target", "positions"],
    defaults=[None])

_Instruction.opname.__doc__ = "Human readable name for operation"
_Instruction.opcode.__doc__ = "Numeric code for operation"
_Instruction.arg.__doc__ = "Numeric argument to operation (if any), otherwise None"
_Instruction.argval.__doc__ = "Resolved arg value (if known), otherwise same as arg"
_Instruction.argrepr.__doc__ = "Human readable description of operation argument"
_Instruction.offset.__doc__ = "Start index of operation within bytecode sequence"
_Instruction.starts_line.__doc__ = "Line started by this opcode (if any), otherwise None"
_Instruction.is_jump_target.__doc__ = "True if other code jumps to here, otherwise False"
_Instruction.positions.__doc__ = "dis.Positions object holding the span of source code covered by this instruction"

_ExceptionTableEntry = _collections.namedtuple(
    "_ExceptionTableEntry", "start end target depth lasti")

_OPNAME_WIDTH = 20
_OPARG_WIDTH = 5


class Instruction(_Instruction):
    """One instruction, decoded: its name and number, its argument as
    stored (arg) and as meant (argval, argrepr), its byte offset, the
    source line it starts (if any), whether a jump lands on it, and the
    span of source it covers."""

    def _disassemble(self, lineno_width=3, mark_as_current=False, offset_width=4):
        """The instruction's row in a listing (see `dis`)."""
        line = "" if self.starts_line is None else "%d" % self.starts_line
        arg = None if self.arg is None else repr(self.arg)
        return _opcode._pyrite_row(line, lineno_width, mark_as_current,
                                   self.is_jump_target, repr(self.offset),
                                   offset_width, self.opname, arg, self.argrepr)


class _Unknown:
    def __repr__(self):
        return "<UNKNOWN>"


UNKNOWN = _Unknown()


def _get_const_value(op, arg, co_consts):
    """The constant LOAD_CONST `arg` loads (UNKNOWN without constants)."""
    if op == LOAD_CONST and co_consts is not None:
        return co_consts[arg]
    return UNKNOWN


def _get_const_info(op, arg, co_consts):
    value = _get_const_value(op, arg, co_consts)
    return value, ("" if value is UNKNOWN else repr(value))


def _get_name_info(name_index, get_name, **extrakwargs):
    if get_name is None:
        return UNKNOWN, ""
    name = get_name(name_index, **extrakwargs)
    return name, name


def _read_varint(data, pos):
    """The exception table's numbers: 6-bit groups, most significant
    first, bit 6 set while more follow. Returns (value, next position);
    None for the value if the bytes end first."""
    value = 0
    while pos < len(data):
        b = data[pos]
        pos += 1
        value = (value << 6) | (b & 63)
        if not b & 64:
            return value, pos
    return None, pos


def _parse_exception_table(code):
    """The entries of `code.co_exceptiontable`, in byte offsets (`end`
    exclusive); a truncated last entry is left out."""
    data = code.co_exceptiontable
    entries = []
    pos = 0
    while pos < len(data):
        start, pos = _read_varint(data, pos)
        length, pos = _read_varint(data, pos)
        target, pos = _read_varint(data, pos)
        depth_lasti, pos = _read_varint(data, pos)
        if depth_lasti is None:
            break
        entries.append(_ExceptionTableEntry(
            2 * start, 2 * (start + length), 2 * target,
            depth_lasti >> 1, bool(depth_lasti & 1)))
    return entries


def _is_code(x):
    return isinstance(x, _types.CodeType)


def _unpack_opargs(code):
    """(offset, opcode, arg) of each instruction of `code` (a code object:
    arguments whole; or raw bytes such as co_code: their low byte); arg
    is None for an instruction that takes none."""
    if _is_code(code):
        for i, (op, arg, _) in enumerate(_opcode._pyrite_instructions(code)):
            yield 2 * i, op, (arg if _takes_arg(op) else None)
        return
    data = bytes(code)
    for offset in range(0, len(data), 2):
        op = data[offset]
        if op < HAVE_ARGUMENT:
            yield offset, op, None
        else:
            # A last byte without its argument byte: argument 0.
            yield offset, op, (data[offset + 1] if offset + 1 < len(data) else 0)


def _jump_target(op, arg):
    return 2 * arg if _kind.get(_deoptop(op)) == "jump" else None


def findlabels(code):
    """The byte offsets that jumps in `code` (a code object, or raw bytes)
    land on, in order of first appearance."""
    labels = []
    for _, op, arg in _unpack_opargs(code):
        if arg is not None:
            target = _jump_target(op, arg)
            if target is not None and target not in labels:
                labels.append(target)
    return labels


def findlinestarts(code):
    """(offset, line) for each instruction that starts a new source line."""
    previous = None
    for start, _, line in code.co_lines():
        if line is not None and line != previous:
            previous = line
            yield start, line


def _find_imports(co):
    """(name, level, fromlist) of each `import` in `co`, as given to
    __import__ (what modulefinder scans for)."""
    instrs = [(op, arg) for _, op, arg in _unpack_opargs(co)]
    import_name = opmap["IMPORT_NAME"]
    for i, (op, arg) in enumerate(instrs):
        if op != import_name or i < 2:
            continue
        (level_op, level_arg), (from_op, from_arg) = instrs[i - 2], instrs[i - 1]
        if level_op in hasconst and from_op in hasconst:
            yield (co.co_names[arg],
                   _get_const_value(level_op, level_arg, co.co_consts),
                   _get_const_value(from_op, from_arg, co.co_consts))


def _find_store_names(co):
    """The names `co` assigns with STORE_NAME or STORE_GLOBAL."""
    stores = {opmap["STORE_NAME"], opmap["STORE_GLOBAL"]}
    for _, op, arg in _unpack_opargs(co):
        if op in stores:
            yield co.co_names[arg]


def _code_instructions(co, line_offset=0, exception_entries=(), adaptive=False):
    """The `Instruction`s of code object `co`. Jump targets are marked,
    and so are the handlers of `exception_entries` (as a listing does)."""
    rows = _opcode._pyrite_instructions(co, adaptive)
    labels = set(findlabels(co))
    labels.update(entry.target for entry in exception_entries)
    starts = dict(findlinestarts(co))
    positions = co.co_positions()
    cells = co.co_cellvars + co.co_freevars
    for index, (op, arg, argrepr) in enumerate(rows):
        offset = 2 * index
        base = _deoptop(op)
        kind = _kind.get(base, "none")
        if kind == "none":
            arg, argval, argrepr = None, None, ""
        elif kind == "const":
            argval = co.co_consts[arg]
        elif kind == "name":
            argval = co.co_names[arg]
        elif kind == "global":
            argval = co.co_names[arg >> 1]
        elif kind == "local":
            argval = co.co_varnames[arg]
        elif kind == "cell":
            argval = cells[arg]
        elif kind == "jump":
            argval = 2 * arg
        else:
            argval = _int_argval(base, arg)
        line = starts.get(offset)
        if line is not None:
            line += line_offset
        yield Instruction(_all_opname[op], op, arg, argval, argrepr, offset, line,
                          offset in labels, Positions(*next(positions, ())))


def _int_argval(op, arg):
    """What a number argument stands for, where dis says more than the
    number: the comparison, the FORMAT_VALUE conversion and spec flag."""
    if op in hascompare and arg < len(cmp_op):
        return cmp_op[arg]
    if op == FORMAT_VALUE:
        return (FORMAT_VALUE_CONVERTERS[arg & 3][0], bool(arg & 4))
    return arg


def _bytes_instructions(data, exception_entries=()):
    """`Instruction`s of raw bytes (no code object: no names, constants or
    lines; arguments are single bytes)."""
    labels = set(findlabels(data))
    labels.update(entry.target for entry in exception_entries)
    for offset, op, arg in _unpack_opargs(data):
        base = _deoptop(op)
        kind = _kind.get(base, "none")
        argval, argrepr = None, ""
        if arg is not None:
            argval = arg
            if kind == "const":
                argval, argrepr = _get_const_info(base, arg, None)
            elif kind in ("name", "global", "local", "cell"):
                argval, argrepr = _get_name_info(arg, None)
            elif kind == "jump":
                argval = 2 * arg
                argrepr = "to %d" % argval
            elif kind == "int":
                argval = _int_argval(base, arg)
                argrepr = _opcode._pyrite_describe(base, arg)
        yield Instruction(_all_opname[op], op, arg, argval, argrepr, offset, None,
                          offset in labels, Positions())


def get_instructions(x, *, first_line=None, show_caches=False, adaptive=False):
    """An iterator of the `Instruction`s of `x` (a function, method, class
    body, generator, code object or source string). With `first_line`,
    line numbers are shifted so that the code's first line is that one.
    Pyrite's instructions have no CACHE entries to show; `adaptive` shows
    the instructions the eval loop runs (fused pairs) once the code has."""
    co = _get_code_object(x)
    offset = 0 if first_line is None else first_line - co.co_firstlineno
    return _code_instructions(co, offset, adaptive=adaptive)


# --- listings -----------------------------------------------------------------

def _print_listing(instructions, file, lasti=-1, max_offset=0, exception_entries=()):
    instructions = list(instructions)
    lines = [i.starts_line for i in instructions if i.starts_line is not None]
    lineno_width = max(3, len(str(max(lines)))) if lines else 0
    offset_width = max(4, len(str(max_offset)))
    for ins in instructions:
        if lineno_width and ins.starts_line is not None and ins.offset > 0:
            print(file=file)
        print(ins._disassemble(lineno_width, ins.offset == lasti, offset_width), file=file)
    if exception_entries:
        print("ExceptionTable:", file=file)
        for e in exception_entries:
            print("  %d to %d -> %d [%d]%s" % (e.start, e.end - 2, e.target, e.depth,
                                             " lasti" if e.lasti else ""), file=file)


def _listing_of_code(co, file, lasti=-1, line_offset=0, adaptive=False):
    entries = _parse_exception_table(co)
    instructions = _code_instructions(co, line_offset, entries, adaptive)
    _print_listing(instructions, file, lasti, len(co.co_code) - 2, entries)


def _disassemble_bytes(code, lasti=-1, *args, file=None, exception_entries=(), **kwargs):
    """Lists raw bytes as instructions (as `dis.dis(co.co_code)`)."""
    _print_listing(_bytes_instructions(code, exception_entries), file, lasti,
                   len(code) - 2, exception_entries)


def disassemble(co, lasti=-1, *, file=None, show_caches=False, adaptive=False):
    """Prints the instructions of code object `co`, marking the one at
    byte offset `lasti` with `-->`, then its exception table."""
    _listing_of_code(co, file, lasti, adaptive=adaptive)


disco = disassemble


def _disassemble_recursive(co, *, file=None, depth=None, show_caches=False, adaptive=False):
    disassemble(co, file=file, adaptive=adaptive)
    if depth is not None:
        if depth <= 0:
            return
        depth -= 1
    for const in co.co_consts:
        if hasattr(const, "co_code"):
            print(file=file)
            print("Disassembly of %r:" % (const,), file=file)
            _disassemble_recursive(const, file=file, depth=depth, adaptive=adaptive)


def _disassemble_str(source, **kwargs):
    _disassemble_recursive(_try_compile(source, "<dis>"), **kwargs)


def distb(tb=None, *, file=None, show_caches=False, adaptive=False):
    """Disassembles the code where traceback `tb` (by default the last
    one, to its innermost frame) was raised, marking that instruction."""
    if tb is None:
        tb = getattr(_sys, "last_traceback", None)
        if tb is None:
            raise RuntimeError("no last traceback to disassemble")
        while tb.tb_next:
            tb = tb.tb_next
    disassemble(tb.tb_frame.f_code, tb.tb_lasti, file=file, adaptive=adaptive)


def dis(x=None, *, file=None, depth=None, show_caches=False, adaptive=False):
    """Disassembles `x`: a module or class (each of its functions, methods,
    classes and code objects), a method, function, generator, async
    generator, coroutine, code object (and, to `depth`, the code nested
    in it), source string or raw bytes. With no argument, the last
    traceback."""
    if x is None:
        distb(file=file, adaptive=adaptive)
        return
    x = _inner_code(x)
    if hasattr(x, "__dict__"):
        for name, item in sorted(x.__dict__.items()):
            if not isinstance(item, _have_code):
                continue
            print("Disassembly of %s:" % name, file=file)
            try:
                dis(item, file=file, depth=depth, adaptive=adaptive)
            except TypeError as e:
                print("Sorry:", e, file=file)
            print(file=file)
    elif hasattr(x, "co_code"):
        _disassemble_recursive(x, file=file, depth=depth, adaptive=adaptive)
    elif isinstance(x, (bytes, bytearray)):
        _disassemble_bytes(x, file=file)
    elif isinstance(x, str):
        _disassemble_str(x, file=file, depth=depth, adaptive=adaptive)
    else:
        raise TypeError("don't know how to disassemble %s objects" % type(x).__name__)


class Bytecode:
    """The instructions of a piece of code (as `get_instructions` takes
    it): iterable, with `dis()` for a listing and `info()` for details."""

    def __init__(self, x, *, first_line=None, current_offset=None,
                 show_caches=False, adaptive=False):
        self.codeobj = co = _get_code_object(x)
        self.first_line = co.co_firstlineno if first_line is None else first_line
        self._line_offset = self.first_line - co.co_firstlineno
        self._linestarts = dict(findlinestarts(co))
        self._original_object = x
        self.current_offset = current_offset
        self.exception_entries = _parse_exception_table(co)
        self.show_caches = show_caches
        self.adaptive = adaptive

    def __iter__(self):
        return _code_instructions(self.codeobj, self._line_offset, adaptive=self.adaptive)

    def __repr__(self):
        return "%s(%r)" % (type(self).__name__, self._original_object)

    @classmethod
    def from_traceback(cls, tb, *, show_caches=False, adaptive=False):
        """The code of the innermost frame of `tb`, its raising
        instruction current."""
        while tb.tb_next:
            tb = tb.tb_next
        return cls(tb.tb_frame.f_code, current_offset=tb.tb_lasti,
                   show_caches=show_caches, adaptive=adaptive)

    def info(self):
        """`code_info` of the code."""
        return _format_code_info(self.codeobj)

    def dis(self):
        """The listing of the code (not of code nested in it), as text."""
        out = _io.StringIO()
        lasti = -1 if self.current_offset is None else self.current_offset
        _listing_of_code(self.codeobj, out, lasti, self._line_offset, self.adaptive)
        return out.getvalue()


def _test():
    """`python -m dis [file]`: lists the code of a source file."""
    import argparse
    parser = argparse.ArgumentParser()
    parser.add_argument("infile", type=argparse.FileType("rb"), nargs="?", default="-")
    args = parser.parse_args()
    with args.infile as infile:
        source = infile.read()
    dis(compile(source, args.infile.name, "exec"))


if __name__ == "__main__":
    _test()
