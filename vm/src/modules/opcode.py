# `opcode` for Pyrite's own instructions. Lib's opcode.py lists CPython's
# bytecode (its numbers, CACHE entries, EXTENDED_ARG); code objects here
# hold Pyrite's instructions, whose one table lives in the compiler
# (compiler/src/opcode.rs) and reaches Python through `_opcode`. This
# module gives that table the names and lists Lib's opcode.py gives
# CPython's, so that `opcode.opmap`, `co_code`, `dis` and
# `_opcode.stack_effect` all speak of the same numbers.
#
# Differences a reader of the lists should know: an argument is a whole
# 32-bit number (co_code keeps its low byte), so no EXTENDED_ARG is ever
# emitted; jump arguments are instruction indices from the start of the
# code (all jumps are in `hasjabs`, `hasjrel` is empty); LOAD_DEREF and
# friends index co_cellvars + co_freevars.

"""Pyrite's instruction set: names, numbers and argument kinds, as
CPython's opcode module gives CPython's."""

import _opcode
from _opcode import stack_effect

__all__ = ["cmp_op", "hasconst", "hasname", "hasjrel", "hasjabs",
           "haslocal", "hascompare", "hasfree", "opname", "opmap",
           "HAVE_ARGUMENT", "EXTENDED_ARG", "hasnargs", "stack_effect"]

HAVE_ARGUMENT, cmp_op, _nb_ops = _opcode._pyrite_tables()

# Never in Pyrite's code (see above); a number no instruction has.
EXTENDED_ARG = 255

opname = ["<%r>" % (_n,) for _n in range(256)]
opmap = {}
hasconst = []
hasname = []
hasjrel = []
hasjabs = []
haslocal = []
hascompare = []
hasfree = []
hasnargs = []

# Every numbered instruction, pseudo-instructions and the VM's fused
# pairs included: number -> (name, argument kind, role, unfused name).
_pyrite_table = {}
# The fused pairs, as CPython's specialisations: base name -> [names].
_specializations = {}
_specialized_instructions = []
_specialization_stats = ["success", "failure", "hit", "deferred", "miss", "deopt"]
# Pyrite's inline caches live outside the instructions.
_inline_cache_entries = [0] * 256
_cache_format = {}


def _register():
    by_kind = {"const": hasconst, "name": hasname, "global": hasname,
               "local": haslocal, "cell": hasfree, "jump": hasjabs}
    for number, row in enumerate(_opcode._pyrite_opcodes()):
        name, kind, role, base = row
        _pyrite_table[number] = row
        if role == "real":
            opname[number] = name
            opmap[name] = number
            if kind in by_kind:
                by_kind[kind].append(number)
        elif role == "fused":
            _specializations.setdefault(base, []).append(name)
            _specialized_instructions.append(name)
    hascompare.append(opmap["COMPARE_OP"])


_register()
del _register
