#!/usr/bin/env python3
"""Generate vm/tests/format_cases.txt: CPython 3.11's output for a table of
number (and string) formatting operations, read by vm/tests/format_cases.rs.

Regenerate with:  python3 vm/tests/gen_format_cases.py
(from the workspace root; needs CPython 3.11).

Each line is tab-separated fields: a kind, its arguments, then the outcome
("ok" or the exception class name) and the result (the output or the
exception's message). Fields escape backslash, tab, newline and other
control characters as \\\\, \\t, \\n and \\u{XXXX}.

Kinds:
  int     N SPEC            format(N, SPEC) for an int N (decimal)
  float   X SPEC            format(X, SPEC) for a float X (repr)
  complex RE IM SPEC        format(complex(RE, IM), SPEC)
  str     S SPEC            format(S, SPEC)
  repr    X                 repr(X)
  crepr   RE IM             repr(complex(RE, IM))
  round   X N               repr(round(X, N))
  round1  X                 str(round(X))
  pct     FMT TYPE VAL TEXT FMT % (value,) — TYPE is int, float, str or a
                            type name; TEXT is str/repr/ascii of the value
                            for %s/%r/%a (empty otherwise)
"""

import math
import os
import sys

assert sys.version_info[:2] == (3, 11), "generate with CPython 3.11"

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "format_cases.txt")


def esc(s):
    out = []
    for ch in s:
        if ch == "\\":
            out.append("\\\\")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\n":
            out.append("\\n")
        elif ord(ch) < 32 or ord(ch) == 127 or 0xD800 <= ord(ch) <= 0xDFFF:
            out.append("\\u{%x}" % ord(ch))
        else:
            out.append(ch)
    return "".join(out)


lines = []


def emit(kind, args, fn):
    try:
        outcome, result = "ok", fn()
    except (ValueError, TypeError, OverflowError) as e:
        outcome, result = type(e).__name__, str(e)
    lines.append("\t".join([kind] + [esc(a) for a in args] + [outcome, esc(result)]))


FLOATS = [
    0.0, -0.0, 1.0, -1.0, 0.5, 1.5, 2.5, -2.5, 0.125, 0.375, 2.675, 1.005,
    123.456, -123.456, 1234567.891, -1234567.891, 1e16, 1e15, 9999999999999998.0,
    1e-4, 1e-5, 0.0001234, 1e22, 1e100, -1e-100, 1.7976931348623157e308, 5e-324,
    2.2250738585072014e-308, 0.1, 0.1 + 0.2, 1 / 3, -2 / 3, 100.0, 1e6,
    123456789.0, 0.000999, 0.9999999, 9.5, 99.5, 0.05, 0.15, 0.25, 0.35,
    math.inf, -math.inf, math.nan, 3.14159, 1e-7, 12345.6789, 7.0, 0.045,
    -0.0004, 5e-5, 2**53 + 0.0, 2.0**70, 0.5e-3, 999.9999, 0.9995,
]

FLOAT_SPECS = [
    "", "e", "E", "f", "F", "g", "G", "n", "%", ".0f", ".1f", ".2f", ".3f",
    ".10f", ".0e", ".1e", ".3e", ".20e", ".0g", ".1g", ".2g", ".3g", ".10g",
    ".17g", ".20g", ".0", ".1", ".3", ".12", ".0%", ".2%", "#", "#.0f",
    "#.0e", "#g", "#.3g", "#.0", "+", " ", "-", "+.2f", " .3e", "z", "z.1f",
    "z.0f", "+z.2f", "z.0e", "10", "<10", ">10", "^10", "=10", "010", "+010",
    "010.2f", "020,.2f", ",", ",.2f", "_.3f", ",g", ",e", "15,", "*^20.3f",
    "x<12", "€>12.3e", "0=12", "012,", ".2n", "n", ",%", "#10.0f",
    "-012.3f", "=+12.2f", " 012.2f", "012_.1f", "^012", "<012", "025,.3e",
]

# Every float spec for these; the rest get a sample.
FLOAT_FULL = [0.0, -0.0, 1.5, 2.5, 0.125, 2.675, -1234567.891, 1e16, 1e-5,
              1e22, 5e-324, 1 / 3, math.inf, -math.inf, math.nan, 0.9995,
              123456789.0, -0.0004]

for x in FLOATS:
    specs = FLOAT_SPECS if x in FLOAT_FULL or math.isnan(x) else FLOAT_SPECS[::3]
    for spec in specs:
        emit("float", [repr(x), spec], lambda: format(x, spec))
    emit("repr", [repr(x)], lambda: repr(x))

for x in [1e16 - 2, 2e16 + 8, 1e-4 - 1e-20, 0.00001, 1e300, 1.1e-300, 12e15,
          123456789012345678.0, 4.35, 0.3, 1e23, 9007199254740993.0]:
    emit("repr", [repr(x)], lambda: repr(x))
    emit("float", [repr(x), ""], lambda: format(x, ""))
    emit("float", [repr(x), ".3"], lambda: format(x, ".3"))

# Float spec errors.
for spec in ["d", "x", "c", "s", "b", "abc", ".", "10.", ",_", "_,", "_n", ",n",
             "99999999999999999999", ".99999999999999999999", ".3000000000f",
             "<<<", "y", "\x01", "é", "=^10", "10.2.3", ",,", "__"]:
    emit("float", ["1.5", spec], lambda: format(1.5, spec))

INTS = [
    0, 1, -1, 7, -7, 42, 255, -255, 1000, -1000, 1234567, -1234567, 2**31,
    2**63 - 1, -2**63, 2**64, 10**30, -10**30, 2**100 + 12345, 65, 0x10FFFF,
    0x110000, 123456789012345678901234567890, -0xDEADBEEF, 10**400,
]

INT_SPECS = [
    "", "d", "b", "o", "x", "X", "c", "n", "#b", "#o", "#x", "#X", "+d", " d",
    "-d", ",", "_", ",d", "_d", "_b", "_x", "_o", "#_x", "#_b", "10", "<10",
    "^10", "=10", "010", "+010", "#010x", "#=12x", "012,", "012_", "015,d",
    "*^+12,", "x>#12X", "€<10", "e", "E", "f", ".2f", "g", ".3g", "%", ".1%",
    ",.2f", "020,.2f", ",x", ".2", "z", "y", "+c", "#c", "5c", "^5c", "=10c",
    "010c", "c<5", "s", "05", "<05", "n>8", "#012_b", " 08", "-#x", "+#o",
    "09_x", ",c", "_c", "_n", ".0", "#", "0", "00", "=", "x=+#20_X", ",.0%",
]

INT_FULL = [0, -1, 255, -255, 1234567, -1234567, 65, 2**64, -10**30, 10**400]

for n in INTS:
    specs = INT_SPECS if n in INT_FULL else INT_SPECS[::4]
    for spec in specs:
        emit("int", [str(n), spec], lambda: format(n, spec))

STRS = ["", "a", "abc", "héllo", "日本語", "x" * 20]
STR_SPECS = [
    "", "s", "10", "<10", ">10", "^10", "^9", "*^11", ".2", "10.2", ".0",
    ".10", "05", "<05", "0<5", "+", " ", "-", "z", "#", "=10", ",", "_", "d",
    "x", "é^7", ".2s", "€>6.1", "0", "010s", "^", "abc", ".", "20,", "\x00^5",
]
for s in STRS:
    for spec in STR_SPECS:
        emit("str", [s, spec], lambda: format(s, spec))

COMPLEXES = [
    (0.0, 0.0), (-0.0, 0.0), (0.0, -0.0), (-0.0, -0.0), (1.0, 2.0),
    (-1.5, -2.5), (0.0, 1.0), (1e20, 1e-20), (math.nan, math.inf),
    (-math.inf, math.nan), (1.5, 0.0), (0.1, 0.2), (123456.789, -0.001),
    (2.5, 1e16),
]
COMPLEX_SPECS = [
    "", "e", "f", "g", "E", "F", "G", "n", ".2f", ".3e", ".0g", ".1", ".5",
    "+", "+.2f", " ", "-", "20", "<30", "^30", "*>25.2f", "=10", "010",
    "0<10", ",", ",.2f", "_.1f", "#", "#.0f", "z.1f", "%", "d", "#g", "x<20",
    "z", "+z.0f", ",.3e",
]
for re_, im in COMPLEXES:
    z = complex(re_, im)
    emit("crepr", [repr(re_), repr(im)], lambda: repr(z))
    for spec in COMPLEX_SPECS:
        emit("complex", [repr(re_), repr(im), spec], lambda: format(z, spec))

ROUND_X = [0.5, 1.5, 2.5, -0.5, -2.5, 2.675, 1.005, 0.125, 0.375, 1234.5678,
           -1234.5678, 5e-324, 1.7976931348623157e308, 1e300, 123456789.0,
           0.0, -0.0, 250.0, 350.0, 0.285, 1e16 + 2, math.inf, -math.inf,
           math.nan, 149.99999999, 5.5, 6.5]
ROUND_N = [0, 1, 2, 3, -1, -2, -3, 5, 10, 15, 17, 20, 400, -400, 308, -308,
           -309, 323, 324, 30]
for x in ROUND_X:
    emit("round1", [repr(x)], lambda: str(round(x)))
    for n in ROUND_N:
        emit("round", [repr(x), str(n)], lambda: repr(round(x, n)))

PCT_FMTS = [
    "%d", "%i", "%u", "%o", "%x", "%X", "%e", "%E", "%f", "%F", "%g", "%G",
    "%c", "%s", "%r", "%a", "%5d", "%-5d|", "%05d", "%+d", "% d", "%+05d",
    "%-+5d|", "%.3d", "%8.3d", "%-8.3d|", "%#o", "%#x", "%#X", "%#8x",
    "%#08x", "%-#8x|", "%+#x", "%08.3f", "%+.2e", "%#.0f", "%#g", "%.0e",
    "%10.4g", "%-10.2f|", "% 010.3f", "%.3s", "%10s", "%-10s|", "%5c",
    "%-5c|", "%05c", "%ld", "%hx", "%Lf", "%%d %d", "ab%y", "%y", "x%5.2z",
    "%", "%5", "%.", "%#.3x", "%+#08X", "%-05d|", "%0-5d|", "% +d",
    "%#.3o", "%.20f", "%#.0e", "%010.2e", "%-010.2e|", "%.0g", "%#.5G",
    "%08s", "%.1r", "%=d", "%\x01", "%é",
]
PCT_ARGS = [
    0, 5, -5, 255, -255, 65, 10**20, -(10**20), 0x110000, 10**400,
    0.0, -0.0, 1.5, -1.5, 2.5, 1234.5678, 1e20, 1e-5, math.nan, math.inf,
    -math.inf, 3.0, "a", "ab", "héllo", [1],
]
for fmt in PCT_FMTS:
    conv = fmt.rstrip("|")[-1]
    for v in PCT_ARGS:
        if isinstance(v, bool) or not isinstance(v, (int, float, str)):
            ty, val = type(v).__name__, ""
        else:
            ty, val = type(v).__name__, (repr(v) if isinstance(v, float) else str(v))
        text = {"s": str, "r": repr, "a": ascii}.get(conv, lambda _: "")(v)
        emit("pct", [fmt, ty, val, text], lambda: fmt % (v,))

# Large precisions and halfway cases.
for x, spec in [(5e-324, ".1074f"), (5e-324, ".400e"), (1 / 3, ".60f"),
                (1e300, ".5f"), (0.1, ".55g"), (2.0**-30, ".40f"),
                (0.5, ".0f"), (1.5, ".0f"), (-0.5, ".0f"), (-0.5, "z.0f"),
                (-0.04, "z.1f"), (-0.05, "z.1f"), (-1e-300, "z"), (-1e-300, "z.3g"),
                (0.125, ".2f"), (0.375, ".2f"), (2.5, ".0f"), (3.5, ".0f"),
                (1.25, ".1e"), (1.35, ".1f"), (-0.0, "z"), (-0.0, "+z"),
                (-0.0, "z%"), (-1e-9, "z.2%"), (1e16, ".16g"), (1e16, ".17"),
                (123456.0, ".6"), (123456.0, ".5"), (1234567.0, "#.3"),
                (0.0001, ".2"), (0.00001, ".2"), (1e-4, "#.0"), (10.0, ".0")]:
    emit("float", [repr(x), spec], lambda: format(x, spec))

# Pseudo-random floats, ints and roundings (fixed seed).
import random
import struct
rng = random.Random(311)
for _ in range(300):
    x = struct.unpack("<d", rng.getrandbits(64).to_bytes(8, "little"))[0]
    if rng.random() < 0.5:
        x = rng.uniform(-1e6, 1e6) * 10.0 ** rng.randint(-12, 12)
    spec = rng.choice(["", ".17g", ".3e", ".5f", "g", ".12", "%", ",.2f",
                       "+015.4e", "#.8g", "_.0f", ".1"])
    emit("float", [repr(x), spec], lambda: format(x, spec))
    emit("repr", [repr(x)], lambda: repr(x))
    n = rng.randint(-8, 20)
    emit("round", [repr(x), str(n)], lambda: repr(round(x, n)))
for _ in range(150):
    n = rng.getrandbits(rng.randint(1, 300)) * rng.choice([1, -1])
    spec = rng.choice(["x", "_b", "#o", ",", "+020,", "#X", "e", ".3g", "n",
                       "_x", "#40_o", "^50"])
    emit("int", [str(n), spec], lambda: format(n, spec))
for _ in range(100):
    x = round(rng.uniform(-1000, 1000), rng.randint(0, 4)) + rng.choice([0, 0.5, 0.05, 0.005])
    emit("round1", [repr(x)], lambda: str(round(x)))
    for n in (0, 1, 2, -1):
        emit("round", [repr(x), str(n)], lambda: repr(round(x, n)))

# Shortest-repr ties (the exact value is halfway between two shortest
# candidates: dtoa picks the even one).
for _ in range(300):
    k = rng.randint(1, 12)
    x = rng.randint(2**50, 2**53) / 2**k * rng.choice([1, -1])
    emit("repr", [repr(x)], lambda: repr(x))

with open(OUT, "w", encoding="utf-8", newline="\n") as f:
    f.write("# Generated by vm/tests/gen_format_cases.py with CPython %s; do not edit.\n"
            % sys.version.split()[0])
    for line in lines:
        f.write(line + "\n")
print("%d cases written to %s" % (len(lines), OUT))
