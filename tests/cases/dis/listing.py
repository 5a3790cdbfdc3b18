# dis.dis's listing read back by CPython's column layout (line 3 wide,
# current-instruction mark 3, jump-target mark 2, offset 4, name 20,
# argument 5, then the argument's meaning in parentheses) and checked
# against what the code object itself says: co_code, co_lines(),
# co_exceptiontable and Pyrite's instruction table in _opcode. Prints one
# "ok" line per function; any disagreement is an AssertionError.
import dis, io, _opcode

def loops(n, xs):
    total = 0
    for i in range(n):
        if i % 3 == 0:
            continue
        while total < 10 and i:
            total += i
            break
        else:
            total -= 1
    return [x for x in xs if x] or total

def handlers(path):
    try:
        with open(path) as f:
            data = f.read()
    except (OSError, ValueError) as e:
        return str(e)
    finally:
        print("done")
    return f"{data!r:>10}"

def closures(a, *args, k=1, **kw):
    def inner(b):
        nonlocal a
        a += b
        return a
    return inner, lambda: k

async def coroutine(xs):
    async with xs as x:
        async for y in x:
            await y

TABLE = _opcode._pyrite_opcodes()
REAL = {name for name, kind, role, base in TABLE if role == "real"}

def columns(row):
    """(line, current, target, offset, name, arg, argrepr) of a row."""
    line, cur, tgt, offset = row[0:3].strip(), row[4:7], row[8:10], int(row[11:15])
    assert row[3] == row[7] == row[10] == row[15] == " ", row
    name, _, rest = row[16:].partition(" ")
    arg, _, argrepr = rest.strip().partition(" ")
    if argrepr:
        assert argrepr[0] == "(" and argrepr[-1] == ")", row
        argrepr = argrepr[1:-1]
    if arg and len(name) < 20:
        # The argument right-aligned in 5 after the name padded to 20.
        assert row[16:36] == name.ljust(20) and row[37:42] == arg.rjust(5), row
    return line, cur, tgt, offset, name, arg, argrepr

def check(func):
    code = func.__code__
    out = io.StringIO()
    dis.dis(code, file=out, depth=0)
    text = out.getvalue()
    body, _, table = text.partition("ExceptionTable:\n")
    rows = body.split("\n")
    assert rows[-1] == "", "listing ends with a newline"
    rows = rows[:-1]
    # Blank lines exactly before each new source line but the first.
    starts = dict(dis.findlinestarts(code))
    units = len(code.co_code) // 2
    listed = [r for r in rows if r]
    assert len(listed) == units, (len(listed), units)
    handlers = {e.target for e in dis._parse_exception_table(code)}
    jump_targets = set()
    for i, r in enumerate(rows):
        if not r:
            nxt = columns(rows[i + 1])
            assert nxt[3] in starts and nxt[3] > 0, r
    for index, row in enumerate(listed):
        line, cur, tgt, offset, name, arg, argrepr = columns(row)
        assert offset == 2 * index, (offset, index)
        opcode = code.co_code[offset]
        assert name == dis.opname[opcode] == TABLE[opcode][0], (name, opcode)
        assert name in REAL, name
        assert cur == "   ", row
        assert (line != "") == (offset in starts), row
        if line:
            assert int(line) == starts[offset], row
        has_arg = TABLE[opcode][1] != "none"
        assert (arg != "") == has_arg, row
        if has_arg:
            assert int(arg) & 0xFF == code.co_code[offset + 1], row
        if TABLE[opcode][1] == "jump":
            assert argrepr == "to %d" % (2 * int(arg)), row
            jump_targets.add(2 * int(arg))
        if TABLE[opcode][1] == "local":
            assert argrepr == code.co_varnames[int(arg)], row
        if TABLE[opcode][1] == "const":
            assert argrepr == repr(code.co_consts[int(arg)]), row
    for row in listed:
        _, _, tgt, offset, *_ = columns(row)
        assert (tgt == ">>") == (offset in jump_targets | handlers), row
    assert jump_targets or func is closures, "some jumps"
    entries = [l for l in table.split("\n") if l]
    assert len(entries) == len(dis._parse_exception_table(code))
    for line, e in zip(entries, dis._parse_exception_table(code)):
        expect = "  %d to %d -> %d [%d]%s" % (e.start, e.end - 2, e.target, e.depth,
                                            " lasti" if e.lasti else "")
        assert line == expect, (line, expect)
        assert e.start < e.end <= len(code.co_code) and e.target in {2 * i for i in range(units)}
    print("ok", func.__name__, len(listed), "rows", len(jump_targets), "targets",
          len(entries), "handlers")

for f in (loops, handlers, closures, coroutine):
    check(f)
