#!/usr/bin/env python3
"""Writes int_cases.txt: expected results of Python int operations, from the
CPython 3.11 running this script, for vm/tests/int_cases.rs.

Run from anywhere: python3 vm/tests/gen_int_cases.py

Format: one case per line, tab-separated fields:

    op <TAB> arg ... <TAB> expected

Ints are decimal, or Python's hex() from 2**100 up; floats are repr(); strings (parse inputs, format specs)
are escaped (see hexs()). `expected` is
the result (ints as the arguments, floats as repr(), `divmod` as "q,r", `cmp` as
-1/0/1, strings escaped) or `!ExceptionName: message` for an error. Lines
starting with '#' are comments.
"""

import os
import random
import sys

assert sys.version_info[:2] == (3, 11), "expected results are CPython 3.11's"

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "int_cases.txt")
rng = random.Random(20261122)
lines = []


def hexs(s):
    """Strings: backslash escapes for backslash, tab, newline and anything
    outside printable ASCII (as \\u{hex}); "-" alone is the empty string,
    so a lone "-" is written \\u{2d}."""
    if s == "":
        return "-"
    out = []
    for c in s:
        if c == "\\":
            out.append("\\\\")
        elif " " <= c <= "~" and not (s == "-" and c == "-"):
            out.append(c)
        else:
            out.append("\\u{%x}" % ord(c))
    return "".join(out)


def num(x):
    """Ints past 2**100 in hex (shorter), smaller ones in decimal."""
    if isinstance(x, int) and not isinstance(x, bool) and abs(x) >= 2**100:
        return hex(x)
    return str(x)


def run(op, args, fn):
    try:
        res = num(fn())
    except Exception as e:  # the expected outcome of the case
        res = "!%s: %s" % (type(e).__name__, e)
    lines.append("\t".join([op] + [num(a) for a in args] + [res]))


def sign(x):
    return (x > 0) - (x < 0)


SPECIAL = [0, 1, -1, 2, -3, 7, -10, 255, -2**31,
           2**53 - 1, 2**53 + 1, -2**53 - 1, -2**62,
           2**63 - 1, 2**63, 2**63 + 1, -2**63, -2**63 - 1, -2**63 + 1,
           2**64 - 1, 2**64, 2**64 + 1, -2**64, -2**64 - 1,
           2**127, -2**128 - 1, 10**20, -10**20, 3**200, -(7**150)]


def rand_int(maxbits):
    bits = rng.randint(1, maxbits)
    x = rng.getrandbits(bits)
    # Some runs of ones and zeros stress carries and borrows.
    if rng.random() < 0.2:
        x |= (1 << rng.randint(0, bits)) - 1
    return -x if rng.random() < 0.5 else x


def binary_cases(a, b):
    run("add", (a, b), lambda: a + b)
    run("sub", (a, b), lambda: a - b)
    run("mul", (a, b), lambda: a * b)
    run("floordiv", (a, b), lambda: a // b)
    run("mod", (a, b), lambda: a % b)
    run("divmod", (a, b), lambda: "%d,%d" % divmod(a, b))
    run("truediv", (a, b), lambda: repr(a / b))
    run("cmp", (a, b), lambda: (a > b) - (a < b))
    run("and", (a, b), lambda: a & b)
    run("or", (a, b), lambda: a | b)
    run("xor", (a, b), lambda: a ^ b)


def unary_cases(a):
    run("neg", (a,), lambda: -a)
    run("abs", (a,), lambda: abs(a))
    run("invert", (a,), lambda: ~a)
    run("bit_length", (a,), lambda: a.bit_length())
    run("hash", (a,), lambda: hash(a))
    run("to_f64", (a,), lambda: repr(float(a)))
    run("str", (a,), lambda: str(a))
    run("bin", (a,), lambda: bin(a))
    run("oct", (a,), lambda: oct(a))
    run("hex", (a,), lambda: hex(a))


# Pairs of these (all binary operations) keep the file small.
PAIRED = [0, 1, -1, 2, -3, 7, -10, 2**53 + 1, -2**62, 2**63 - 1, 2**63,
          -2**63, -2**63 - 1, 2**64 - 1, 2**64, -2**64 - 1, 2**127,
          -10**20, 3**200, -(7**150)]

# Every operation on the boundary values.
for a in SPECIAL:
    unary_cases(a)
    if a in PAIRED:
        for b in PAIRED:
            binary_cases(a, b)
    for n in [0, 1, 2, 3, 31, 63, 64, 65, 100, 1000, -1]:
        run("lshift", (a, n), lambda: a << n)
        run("rshift", (a, n), lambda: a >> n)
    for e in [0, 1, 2, 3, 5, 10, 31, 62, 63, 64, 100]:
        if abs(a) <= 10 or e <= 10:
            run("pow", (a, e), lambda: a ** e)

# Random values of every size, including a few thousand bits.
for _ in range(130):
    a, b = rand_int(rng.choice([20, 64, 130, 260, 400])), rand_int(rng.choice([20, 64, 130, 260, 400]))
    binary_cases(a, b)
for _ in range(200):
    unary_cases(rand_int(rng.choice([30, 66, 200, 600])))
for _ in range(300):
    a, n = rand_int(rng.choice([10, 64, 200])), rng.randint(0, 200)
    run("lshift", (a, n), lambda: a << n)
    run("rshift", (a, n), lambda: a >> n)

# Shifts by huge or negative counts.
for a in [0, 1, -1, 5, -5, 2**100, -(2**100)]:
    for n in [-1, -(2**70), 2**62, 2**70]:
        run("rshift", (a, n), lambda: a >> n)
        if a == 0 or n < 0:
            run("lshift", (a, n), lambda: a << n)

# Powers.
for _ in range(150):
    a, e = rand_int(rng.choice([3, 10, 64, 100])), rng.randint(0, 20)
    run("pow", (a, e), lambda: a ** e)
for a in [0, 1, -1]:
    for e in [0, 1, 2, 3, 2**80, 2**80 + 1]:
        run("pow", (a, e), lambda: a ** e)

# Negative exponents: float results.
for a in [0, 1, -1, 2, -2, 3, -7, 10, 2**53 + 1, -(2**63), 3**200, 2**1024]:
    for e in [-1, -2, -3, -10, -64, -1075, -(2**70)]:
        run("pow_float", (a, e), lambda: repr(a ** e))

# Three-argument pow, negative exponents (modular inverses) and moduli.
for a in SPECIAL[:15] + SPECIAL[-3:]:
    for e in [0, 1, 2, 65537, -1, -2, 2**70 + 3]:
        for m in [0, 1, -1, 2, 7, -7, 1000003, 2**64 + 13, -(2**89 - 1), 10**30]:
            run("powmod", (a, e, m), lambda: pow(a, e, m))
for _ in range(200):
    a, e, m = rand_int(300), rand_int(100), rand_int(rng.choice([10, 64, 200]))
    run("powmod", (a, e, m), lambda: pow(a, e, m))

# True division: rounding ties, subnormals and overflow.
for _ in range(120):
    a = rand_int(rng.choice([60, 200, 1100]))
    b = rand_int(rng.choice([60, 200, 1100]))
    run("truediv", (a, b), lambda: repr(a / b))
for k in range(1070, 1080):
    for a in [1, 3, -3, 5, 2**60 + 1]:
        b = 2**k + rng.randint(-3, 3)
        run("truediv", (a, b), lambda: repr(a / b))
for a in [2**1024, 2**1023 * 3, 10**400, -(10**400)]:
    for b in [1, 2, 3, 10**50, -(10**80)]:
        run("truediv", (a, b), lambda: repr(a / b))
for k in [53, 54, 60, 100, 500]:
    for d in [-1, 0, 1]:
        a = (2**53 + 1) * 2**k + d
        run("truediv", (a, 2**k), lambda: repr(a / 2**k))
        run("truediv", (a, 3), lambda: repr(a / 3))

# float(int): ties to even at every scale, and the overflow edge.
for k in [0, 10, 11, 12, 64, 100, 970]:
    for m in [2**53 + 1, 2**53 + 3, 2**54 + 2, 2**54 + 6, 2**53 - 1]:
        for d in [-1, 0, 1]:
            a = m * 2**k + d
            run("to_f64", (a,), lambda: repr(float(a)))
            run("to_f64", (-a,), lambda: repr(float(-a)))
for a in [2**1024 - 2**970, 2**1024 - 2**970 - 1, 2**1024 - 2**971, 2**1024, 10**309]:
    run("to_f64", (a,), lambda: repr(float(a)))
    run("to_f64", (-a,), lambda: repr(float(-a)))

# int(float).
floats = [0.0, -0.0, 0.5, -0.5, 0.9999999, 1.5, -1.5, 2.5, 1e15 + 0.5,
          2.0**52 + 0.5, 2.0**53, 9.2e18, -9.2e18, 2.0**63, -2.0**63,
          2.0**64, -2.0**64, 1e300, -1e300, 1.7976931348623157e308, 5e-324,
          float("inf"), float("-inf"), float("nan"), 123456789.987]
floats += [rng.uniform(-1, 1) * 10.0 ** rng.randint(0, 308) for _ in range(100)]
for f in floats:
    run("from_f64", (repr(f),), lambda: int(f))

# Parsing: int(s, base).
parse = [("0", 10), ("-0", 10), ("+5", 10), ("  42  ", 10), ("\t\n 42\x0c", 10),
         ("\x1c7\x1f", 10), ("\u3000 12 \xa0", 10), ("1_000", 10), ("1__000", 10),
         ("_1", 10), ("1_", 10), ("", 10), ("   ", 10), ("-", 10), ("+-1", 10),
         ("- 1", 10), ("1 2", 10), ("abc", 10), ("abc", 16), ("ABC", 16),
         ("0x1f", 16), ("0X1F", 16), ("0x1f", 0), ("0x_1f", 0), ("0x__1f", 0),
         ("0x", 0), ("0x_", 0), ("0o17", 0), ("0o17", 8), ("0b101", 0),
         ("0b101", 2), ("0b101", 16), ("0b101", 10), ("0o8", 0), ("0b2", 0),
         ("010", 0), ("00", 0), ("0_0", 0), ("000_0", 0), ("0_1", 0), ("0", 0),
         ("-0x10", 0), ("+0o7", 0), ("10", 0), ("1_0", 0), ("09", 10),
         ("z", 36), ("Z", 36), ("zz", 35), ("10", 1), ("10", 37), ("10", -1),
         ("10", 2), ("12", 2), ("777", 8), ("778", 8), ("\u0661\u0662", 10), ("\uff11\uff10", 16), ("0x\u0661", 0),
         ("\U0001d7ce9", 10), ("\u0669\u0966\u1040", 10), ("1\u30002", 10),
         ("\u0661\u00e9", 10), ("-\u3000\u0661", 10), ("\u2007-\u0661\u2028", 10),
         ("\u00b2", 10), ("\u2460", 10), ("\u0665" * 10 + "1" * 4300, 10), ("1\x00", 10),
         ("9223372036854775807", 10), ("9223372036854775808", 10),
         ("-9223372036854775808", 10), ("-9223372036854775809", 10),
         ("18446744073709551616", 10), ("ffffffffffffffff", 16),
         ("-10000000000000000", 16), ("1" * 200, 10), ("1" * 200, 7),
         ("x" * 300, 10), ("it's", 10), ("\"q'", 10), ("a\\b", 10),
         ("é", 10), ("1" * 4300, 10), ("1" * 4301, 10), ("1" * 5000 + "x", 10),
         ("1" * 5000 + "_", 10), ("_" + "1" * 5000, 10), ("0" * 5000, 10),
         ("1" * 5000, 16), ("1" * 5000, 3), ("1_" * 4300 + "1", 10),
         (" " + "7" * 4400 + " ", 10), ("1" * 2000 + " 1", 10)]
for _ in range(300):
    base = rng.choice([2, 3, 8, 10, 16, 36, 0, 7])
    x = rand_int(rng.choice([20, 64, 300]))
    if base in (0, 16):
        s = hex(x)
    elif base == 2:
        s = bin(x) if rng.random() < 0.5 else format(x, "b")
    elif base == 8:
        s = oct(x)
    elif base == 10:
        s = format(x, "_") if rng.random() < 0.5 else str(x)
    else:
        digs = "0123456789abcdefghijklmnopqrstuvwxyz"[:base]
        s = "".join(rng.choice(digs) for _ in range(rng.randint(1, 80)))
    if rng.random() < 0.1:  # some corruption
        i = rng.randint(0, len(s))
        s = s[:i] + rng.choice("_ -x9g") + s[i:]
    parse.append((s, base))
for s, base in parse:
    run("parse", (hexs(s), base), lambda: int(s, base))

# str() over the 4300-digit limit.
for a in [10**4299, 10**4300 - 1, -(10**4300 - 1), 10**4300, -(10**4300), 10**5000, 2**20000]:
    run("str", (a,), lambda: str(a))

# format() of big ints (the FormatInt implementation).
specs = ["", "d", "x", "X", "#x", "o", "#o", "b", "#b", ",", "_", "_x", "+",
         " ", ">60", "<60", "^60", "=+60", "060", ",d", "e", ".3e", "f",
         "%", "g", "c", ".2"]
for a in [0, -1, 255, 2**63, -(2**64) - 1, 10**30 + 1, 3**100, -(7**80), 2**1024]:
    for spec in specs:
        run("format", (a, hexs(spec)), lambda: hexs(format(a, spec)))

with open(OUT, "w", encoding="utf-8") as f:
    f.write("# Generated by gen_int_cases.py from CPython %s; do not edit.\n"
            % sys.version.split()[0])
    for line in lines:
        f.write(line + "\n")
print("%d cases, %d bytes" % (len(lines), os.path.getsize(OUT)))
