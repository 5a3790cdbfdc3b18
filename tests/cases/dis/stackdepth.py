# Replays every code object of the modules named on the command line
# with dis.stack_effect: following every path (jumps, fall-through and
# exception handlers from co_exceptiontable), the depth before each
# instruction must be the same on all paths that reach it, never
# negative, and the deepest point must be co_stacksize — what the
# assembler computed from the same table. So the instruction table that
# _opcode exposes, the exception table and the assembler agree.
import dis, sys, types, importlib.util

TERMINATES = {"RETURN_VALUE", "RAISE_VARARGS", "RERAISE", "JUMP_FORWARD",
              "JUMP_BACKWARD", "JUMP_BACKWARD_NO_INTERRUPT"}

def effect(ins, jump):
    if ins.arg is None:
        return dis.stack_effect(ins.opcode, jump=jump)
    return dis.stack_effect(ins.opcode, ins.arg, jump=jump)

def replay(code):
    instrs = list(dis.get_instructions(code))
    index = {ins.offset: n for n, ins in enumerate(instrs)}
    entries = dis._parse_exception_table(code)
    depth_at = {}
    deepest = 0
    work = [(0, 0)]
    while work:
        n, depth = work.pop()
        ins = instrs[n]
        if ins.offset in depth_at:
            assert depth_at[ins.offset] == depth, (
                code.co_name, ins.offset, ins.opname, depth_at[ins.offset], depth)
            continue
        depth_at[ins.offset] = depth
        assert depth >= 0, (code.co_name, ins.offset)
        for e in entries:
            if e.start <= ins.offset < e.end:
                handler_depth = e.depth + e.lasti + 1
                deepest = max(deepest, handler_depth)
                work.append((index[e.target], handler_depth))
        after = depth + effect(ins, False)
        deepest = max(deepest, after)
        if ins.opcode in dis.hasjabs or ins.opcode in dis.hasjrel:
            taken = depth + effect(ins, True)
            deepest = max(deepest, taken)
            work.append((index[ins.argval], taken))
        if ins.opname not in TERMINATES:
            work.append((n + 1, after))
    return deepest, len(depth_at) == len(instrs)

def walk(code):
    yield code
    for c in code.co_consts:
        if isinstance(c, types.CodeType):
            yield from walk(c)

count = 0
for name in sys.argv[1:]:
    path = importlib.util.find_spec(name).origin if not name.endswith(".py") else name
    with open(path, "rb") as f:
        top = compile(f.read(), path, "exec")
    for code in walk(top):
        got, all_reached = replay(code)
        # Code no path reaches (a handler of an empty try body, kept as
        # CPython keeps it) may ask for more than the paths do.
        assert got == code.co_stacksize or (got < code.co_stacksize and not all_reached), (
            path, code.co_qualname, got, code.co_stacksize)
        count += 1
print("replayed", count, "code objects")
