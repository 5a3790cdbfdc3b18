#!/usr/bin/env python3
"""Writes vm/tests/numops_cases.txt: CPython 3.11's results for float,
complex and math operations, for vm/tests/numops.rs (pyrite_vm::numops).

Run from anywhere: python3 tools/gen_numops_cases.py

Format: one case per line, tab-separated: op <TAB> arg ... <TAB> expected.
Floats are float.hex() ("inf", "-inf", "nan", "-nan" for the specials, so
every bit but a NaN's payload is compared); ints are decimal, or hex() from
2**100 up; strings are escaped as in gen_int_cases.py (backslash escapes,
\\u{hex} outside printable ASCII, "-" for the empty string); lists of
numbers are comma-separated. `expected` is the result in the same notation
(tuples comma-separated, bools True/False, complex "re,im", a float power
that became complex "c:re,im") or "!ExceptionName: message". Lines starting
with '#' are comments.
"""

import cmath
import math
import os
import random
import struct
import sys

assert sys.version_info[:2] == (3, 11), "expected results are CPython 3.11's"

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "vm", "tests", "numops_cases.txt")
rng = random.Random(20260511)
lines = []
INF = float("inf")
NAN = float("nan")


def hexs(s):
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


def enc(x):
    if isinstance(x, bool):
        return str(x)
    if isinstance(x, float):
        if math.isnan(x):
            return "-nan" if math.copysign(1.0, x) < 0 else "nan"
        return x.hex()
    if isinstance(x, int):
        return hex(x) if abs(x) >= 2**100 else str(x)
    if isinstance(x, complex):
        return enc(x.real) + "," + enc(x.imag)
    if isinstance(x, tuple):
        return ",".join(enc(v) for v in x)
    if isinstance(x, str):
        return hexs(x)
    if isinstance(x, list):
        return ",".join(enc(v) for v in x) if x else "-"
    raise TypeError(type(x))


def run(op, args, fn, res_enc=enc):
    try:
        res = res_enc(fn())
    except Exception as e:  # the expected outcome of the case
        res = "!%s: %s" % (type(e).__name__, e)
    lines.append("\t".join([op] + [enc(a) for a in args] + [res]))


def bits_float(b):
    return struct.unpack("<d", struct.pack("<Q", b))[0]


SPECIAL = [
    0.0, -0.0, INF, -INF, NAN, 1.0, -1.0, 0.5, -0.5, 2.0, -2.0, 1.5, -1.5,
    3.0, -3.0, 10.0, 0.1, -0.1, 1 / 3, math.pi, -math.pi, math.e, 100.0,
    1e-300, -1e-300, 5e-324, -5e-324, 2.2250738585072014e-308,
    2.225073858507201e-308, 1.7976931348623157e308, -1.7976931348623157e308,
    1e308, 1e16, 2.0**53, 2.0**53 - 1, 2.0**63, -2.0**63, 2.0**64, 1e22,
    123456.789, -7.25, 0.9999999999999999, 1.0000000000000002, 709.0, 710.0,
    -745.0, -746.0, 1e-10, 7.0, 0.25, 4.5, -4.5, 1e300, 1e-20, 171.5, 200.5,
    -200.5, 1e-320,
]


def random_floats(n):
    out = []
    for _ in range(n):
        k = rng.randrange(5)
        if k == 0:
            out.append(rng.uniform(-10, 10))
        elif k == 1:
            out.append(rng.uniform(-1000, 1000))
        elif k == 2:
            out.append(rng.choice([-1, 1]) * 10 ** rng.uniform(-320, 308))
        elif k == 3:
            b = rng.getrandbits(64)
            x = bits_float(b)
            out.append(x if not math.isnan(x) else 1.25)
        else:
            out.append(float(rng.randrange(-100, 100)) / rng.choice([1, 2, 4, 8, 3]))
    return out


FLOATS = SPECIAL + random_floats(150)
SMALL = SPECIAL[:30] + [2.5, -2.5, 1e10, -1e10, 0.75]
PAIRS = [(a, b) for a in SMALL for b in SMALL] + [
    (a, b) for a, b in zip(random_floats(300), random_floats(300))
]

BIG_INTS = [
    0, 1, -1, 2, 7, -7, 10, 100, 2**52 + 1, 2**53 + 1, 2**63 - 1, -2**63, 2**63,
    2**64 + 1, 10**20, -10**20, 2**1023, 2**1024, -2**1024, 2**1024 - 1,
    2**1024 - 2**970, 2**1024 - 2**971, 2**1024 - 2**970 - 1, 10**308,
    10**309, 3**2000, -(3**2000), 2**53 * 3 + 1, 2**54 + 3, 2**1074,
    (2**53 - 1) * 2**971, (2**53 - 1) * 2**971 + 2**970, 10**400 + 1,
    12345678901234567890123456789, 2**200 - 1, 2**200 + 2**147,
]
BIG_INTS += [rng.getrandbits(rng.randrange(1, 1200)) * rng.choice([-1, 1]) for _ in range(60)]

# ---- float(str), complex(str), fromhex ----

PARSE = [
    "1", "1.5", " 1.5 ", "\t-2.5e3\n", "+.5", "5.", ".", "-", "+", "", " ",
    "1e", "1e+", "1e5", "1E-5", "1_000.5", "1__000", "_1", "1_", "1_e5",
    "1e_5", "1e1_0", "1._5", "1_.5", "0x10", "inf", "-inf", "+inf", "INF",
    "Infinity", "-iNfInItY", "infinit", "infinityy", "nan", "-nan", "+NaN",
    "nan1", "1e500", "-1e500", "1e-400", "2.4703282292062328e-324",
    "2.4703282292062327e-324", "1.7976931348623158e308",
    "1.7976931348623159e308", "0.1", "123456789012345678901234567890",
    "0" * 50 + "1", "1" + "0" * 400, "9" * 800 + "e-800", "\u0661\u0662.\u0665",
    "\uff11\uff12", "\u3000 1.5\u3000", "\u00a01.5\u2003", "1.5\u00e9",
    "1 5", "--1", "+-1", "1e5.0", "1.5j", "abc", "'x'", "\\", "0e0", "-0.0",
    "-0", "00.5", "1.e5", ".e5", "1ee5", "\x001", "1\x00", "1.5\u200b",
    "\u0e51\u0e50", "1\u0660", "1_\u0661", "nan(1)", "in f",
]
for s in PARSE:
    run("parse_float", [s], lambda: float(s))

CPARSE = [
    "1", "1j", "j", "-j", "+j", "1+j", "1-j", "1+2j", "1-2J", "(1+2j)",
    " ( 1+2j ) ", "(1+2j", "1+2j)", "1+2", "1 + 2j", "-1.5e3-2.5e-3j",
    "inf+infj", "-infj", "nan-nanj", "infj", "-infinityj", "1e500j",
    "1_0+2_0j", "1__0j", "_1j", "1_j", "", " ", "()", "(j)", "jj", "1jj",
    "1+2jj", "2j+1", "1e", "1e+j", "1e5j", ".5j", "5.j", "\u0661+\u0662j",
    "\u30001+1j\u3000", "(\u00a01j)", "1+1j\u00e9", "+1.5", "-1.5-j",
    "1.5+-2j", "1.5e+5+2j", "nanj", "NaN+NaNj", "0x1j", "1+0x1j", "1e1_0j",
]
for s in CPARSE:
    run("parse_complex", [s], lambda: complex(s))

FROMHEX = [
    "0x1p0", "0x1.8p1", "-0x1.8p1", "1.8p1", "0X1.8P+1", "0x.8p1", "0x1.p1",
    "0x.p1", "0x", "0xp1", "0x1p", "0x1p+", "0x1p-1074", "0x1p-1075",
    "0x1.0000000000001p-1075", "0x1.8p-1074", "0x1p-1076", "0x1p1023",
    "0x1p1024", "0x1.fffffffffffffp1023", "0x1.fffffffffffff8p1023",
    "0x1.fffffffffffff7ffp1023", "0x1.00000000000008p0",
    "0x1.00000000000008000001p0", "0x1.00000000000018p0", "  0x1p0  ",
    "\t-0x1p0\n", "inf", "-Infinity", "nan", "-nan", " nan ", "infx",
    "0x1p99999999999999999999999", "0x1p-99999999999999999999999",
    "0x0p99999999999999999999", "0x0.0p0", "-0x0p0", "1", "ff", "0xff.ff",
    "0x" + "f" * 300, "0x0." + "0" * 300 + "1p1200", "0x1p0x", "0x1 p0",
    "\u00a00x1p0", "", " ", "+0x1p1", "--0x1p1", "0x1.1.1p0",
    "0x1.fffffffffffffp-1023", "0x0.0000000000001p-1022",
    "0x3.ffffffffffffep1022", "0x1p+00000000000000001", "0x_1p0",
]
for s in FROMHEX:
    run("fromhex", [s], lambda: float.fromhex(s))

# ---- unary float ops ----

for x in FLOATS:
    run("hex", [x], lambda: x.hex())
    run("is_integer", [x], lambda: x.is_integer())
    run("ratio", [x], lambda: x.as_integer_ratio())
    run("to_int", [x], lambda: int(x))
    if not math.isnan(x):
        run("hash", [x], lambda: hash(x))
for x in random_floats(200):
    run("hex", [x], lambda: x.hex())
    run("hash", [x], lambda: hash(x))

# ---- binary float ops ----


def pow_enc(r):
    if isinstance(r, complex):
        return "c:" + enc(r)
    return enc(r)


for a, b in PAIRS:
    run("mod", [a, b], lambda: a % b)
    run("floordiv", [a, b], lambda: a // b)
    run("divmod", [a, b], lambda: divmod(a, b))
    run("truediv", [a, b], lambda: a / b)
    run("pow", [a, b], lambda: a ** b, pow_enc)
POWS = [
    (2.0, -1074.0), (2.0, -1075.0), (0.5, 1074.0), (0.5, 1075.0),
    (3.0, -680.0), (10.0, -320.0), (10.0, -330.0), (10.0, 308.0),
    (10.0, 309.0), (-10.0, 309.0), (-10.0, 308.0), (-2.0, 1023.0),
    (-2.0, 1025.0), (-8.0, 1 / 3), (-1.0, 0.5), (-1.0, INF), (-1.0, -INF),
    (-0.0, -1.0), (-0.0, -2.0), (-0.0, 3.0), (-0.0, 2.5), (-INF, 3.0),
    (-INF, -3.0), (-INF, 2.0), (-INF, 0.5), (-1e300, 1.5), (-1e300, 0.5),
    (-1.5, 1e300), (-1.5, 1000.5), (-0.5, 1e300), (1.0000000001, 1e15),
]
for a, b in POWS:
    run("pow", [a, b], lambda: a ** b, pow_enc)
    run("math_pow", [a, b], lambda: math.pow(a, b))
for a, b in PAIRS:
    run("math_pow", [a, b], lambda: math.pow(a, b))

# ---- int <-> float ----

def near(n):
    try:
        f = float(n)
    except OverflowError:
        return [1.0, 2.0, 3.0]
    return [f, math.nextafter(f, INF), math.nextafter(f, -INF)]


for n in BIG_INTS:
    run("int_to_float", [n], lambda: float(n))
    for x in near(n) + [0.0, -0.0, 1.0, -1.0, INF, -INF, NAN, 2.0**63, -2.0**63,
              2.0**1023, 1.7976931348623157e308, 0.5, -0.5, 1e20, 7.5]:
        run("cmp", [n, x], lambda: (n > x) - (n < x) if not math.isnan(x) else "nan",
            lambda r: r if isinstance(r, str) else str(r))
    run("log_int", [n], lambda: math.log(n))
    run("log2_int", [n], lambda: math.log2(n))
    run("log10_int", [n], lambda: math.log10(n))
    run("floor_int", [n], lambda: math.floor(n))
    run("isqrt", [n], lambda: math.isqrt(n))
    run("ldexp", [1.5, n], lambda: math.ldexp(1.5, n))
    run("ldexp", [-5e-324, n], lambda: math.ldexp(-5e-324, n))
    run("ldexp", [1.7976931348623157e308, n], lambda: math.ldexp(1.7976931348623157e308, n))
for n, b in [(10**1000, 10), (2**5000, 2), (10**400, 10**200), (8, 2), (1, 1),
             (100, 1), (2, 0), (0, 2), (-1, 2), (10**1000, 10**1000)]:
    run("log_int_base", [n, b], lambda: math.log(n, b))
for x in FLOATS:
    for n in [0, 1, -1, 1074, -1074, -1075, 2000, -2000, 2**40, -2**40, 2**70, -2**70]:
        if rng.random() < 0.3:
            run("ldexp", [x, n], lambda: math.ldexp(x, n))

# ---- math, one float argument ----

MATH1 = [
    "sqrt", "exp", "exp2", "expm1", "log", "log2", "log10", "log1p", "sin",
    "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh",
    "acosh", "atanh", "cbrt", "fabs", "erf", "erfc", "gamma", "lgamma",
    "floor", "ceil", "trunc", "modf", "frexp", "degrees", "radians",
    "isfinite", "isinf", "isnan", "ulp",
]
DOMAIN = {
    "asin": lambda: rng.uniform(-1.1, 1.1), "acos": lambda: rng.uniform(-1.1, 1.1),
    "atanh": lambda: rng.uniform(-1.1, 1.1), "acosh": lambda: rng.uniform(0.5, 50),
    "gamma": lambda: rng.uniform(-190, 190), "lgamma": lambda: rng.uniform(-300, 300),
    "erf": lambda: rng.uniform(-7, 7), "erfc": lambda: rng.uniform(-7, 30),
    "exp": lambda: rng.uniform(-760, 720), "expm1": lambda: rng.uniform(-50, 720),
    "sinh": lambda: rng.uniform(-720, 720), "cosh": lambda: rng.uniform(-720, 720),
    "log1p": lambda: rng.uniform(-1.1, 10),
}
EXTRA1 = [-1.0 + 1e-16, 1e-17, 710.5, -710.5, 711.0, 1024.0, 1025.0, -1075.0,
          -1074.5, 0.0001, 1e-5, 171.0, 172.0, 171.62, -171.5, 1e-300, -1e-25,
          -0.5, -2.5, -199.99, 23.0, 24.0, 2.0**52 + 0.5, 2.0**53, 1e18, -1e18,
          1e-21, -1e-21, 5e-324, 0.99999999999]
for name in MATH1:
    f = getattr(math, name)
    xs = FLOATS + EXTRA1 + ([DOMAIN[name]() for _ in range(120)] if name in DOMAIN else [])
    for x in xs:
        run(name, [x], lambda: f(x))
for x in [1.0, 2.0, 3.0, 0.5, 1.5, 2.5, 10.0, -0.5, -1.5, 1e-10, 5.5, 170.5, 171.5,
          -170.5, -180.5, 140.0, 140.5, 139.9, 0.1, 7.0 / 3, 1e-19]:
    run("gamma", [x], lambda: math.gamma(x))
    run("lgamma", [x], lambda: math.lgamma(x))

# ---- math, two float arguments ----

for name in ["atan2", "copysign", "remainder", "fmod", "nextafter"]:
    f = getattr(math, name)
    for a, b in PAIRS:
        run(name, [a, b], lambda: f(a, b))
for a, b in PAIRS[:400]:
    run("log_base", [a, b], lambda: math.log(a, b))
    run("hypot", [[a, b]], lambda: math.hypot(a, b))
    run("isclose", [a, b, 1e-09, 0.0], lambda: math.isclose(a, b))
for a, b, rt, at in [(1.0, 1.0 + 1e-10, 1e-9, 0.0), (1.0, 1.1, 0.05, 0.0),
                     (1.0, 1.1, 0.2, 0.0), (0.0, 1e-10, 1e-9, 1e-9),
                     (0.0, 1e-10, 1e-9, 0.0), (1.0, 2.0, -1.0, 0.0),
                     (1.0, 2.0, 0.0, -1.0), (INF, INF, 0.0, 0.0),
                     (INF, -INF, 10.0, 10.0), (NAN, NAN, 1.0, 1.0),
                     (1e308, -1e308, 1.0, 0.0), (1.0, INF, 1.0, INF),
                     (1.0, 1.0, NAN, 0.0), (1.0, 2.0, NAN, NAN)]:
    run("isclose", [a, b, rt, at], lambda: math.isclose(a, b, rel_tol=rt, abs_tol=at))

# ---- hypot, dist, fsum ----

VECS = [[], [3.0], [-3.0], [3.0, 4.0], [1e308, 1e308], [1e-308, 1e-308],
        [5e-324, 5e-324], [5e-324, 1e-320, 3e-321], [INF, NAN], [NAN, 1.0],
        [-INF, 1.0], [0.0, -0.0], [1.0, 2.0, 3.0, 4.0, 5.0],
        [1e200, 1e-200, 1e100], [2.0**-1030, 2.0**-1040]]
for _ in range(80):
    VECS.append(random_floats(rng.randrange(1, 8)))
for _ in range(40):
    VECS.append([rng.uniform(-10, 10) for _ in range(rng.randrange(1, 20))])
for v in VECS:
    run("hypot", [v], lambda: math.hypot(*v))
    run("fsum", [v], lambda: math.fsum(v))
    w = list(reversed(v))
    run("dist", [v, w], lambda: math.dist(v, w))
run("dist", [[1.0, 2.0], [1.0]], lambda: math.dist([1.0, 2.0], [1.0]))
FSUMS = [[1e308, 1e308], [1e308, 1e308, -1e308], [1e308, -1e308, 1e308],
         [INF, -INF], [INF, INF], [INF, NAN], [NAN, 1.0], [INF, 1e308, 1e308],
         [1e-16, 1.0, 1e16], [1.0, 1e100, 1.0, -1e100], [0.1] * 10,
         [-0.0, -0.0], [-0.0], [1e16, 1.0, 1e-16], [2.0**53, 1.0, 2.0**-80],
         [2.0**53, -1.0, -2.0**-80], [1.7976931348623157e308, 9.979201547673598e291],
         [1.7976931348623157e308, 9.979201547673598e291, -1.0]]
for _ in range(60):
    FSUMS.append([rng.uniform(-1, 1) * 10 ** rng.randrange(-20, 20) for _ in range(rng.randrange(1, 30))])
for v in FSUMS:
    run("fsum", [v], lambda: math.fsum(v))

# ---- integer functions ----

for n in [0, 1, 2, 5, 20, 21, 25, 50, 100, 171, 500, -1, -(2**70), 2**63, 2**63 - 1 if False else 1000]:
    run("factorial", [n], lambda: math.factorial(n))
run("factorial", [2**63], lambda: math.factorial(2**63))
run("factorial", [2**64], lambda: math.factorial(2**64))
GCDS = [[], [0], [-5], [12, 18], [12, -18], [-12, -18], [0, 0], [0, -7],
        [2**100, 2**80 * 3], [3**200, 3**150 * 2**10, 3**120 * 5],
        [1, 2**200], [17, 19, 23], [6, 10, 15], [-(2**64), 2**63]]
for _ in range(30):
    GCDS.append([rng.getrandbits(rng.randrange(1, 300)) * rng.choice([-1, 1]) * rng.choice([1, 2**20, 3**30])
                 for _ in range(rng.randrange(1, 4))])
for v in GCDS:
    run("gcd", [v], lambda: math.gcd(*v))
    run("lcm", [v], lambda: math.lcm(*v))
CP = [(0, 0), (5, 2), (5, 5), (5, 6), (5, 0), (10, 3), (100, 50), (-1, 2),
      (2, -1), (-1, -1), (2**64, 2), (2**64, 3), (2**64, 2**64 - 1),
      (2**64, 2**64 + 1), (2**64, 2**63), (2**100, 2**99), (67, 30),
      (68, 34), (1000, 500), (10**20, 5), (127, 20), (128, 64), (3, 2**70),
      (2**70, 2**70), (2**70, 0), (2**70, 1)]
for n, k in CP:
    run("comb", [n, k], lambda: math.comb(n, k))
    run("perm", [n, k], lambda: math.perm(n, k))
for n in [0, 5, -3, 20, 2**63]:
    run("perm1", [n], lambda: math.perm(n))
for n in [2**k + d for k in range(0, 200, 7) for d in (-1, 0, 1)] + [10**100, 10**100 - 1, 99, -4]:
    run("isqrt", [n], lambda: math.isqrt(n))

# ---- complex ----

CV = [0.0, -0.0, 1.0, -1.0, 2.0, 0.5, -3.5, 1e300, -1e300, 1e-300, 5e-324,
      INF, -INF, NAN, 1e200, 3.0]
CPAIRS = []
for _ in range(500):
    CPAIRS.append((rng.choice(CV), rng.choice(CV), rng.choice(CV), rng.choice(CV)))
for _ in range(300):
    a, b, c, d = random_floats(4)
    CPAIRS.append((a, b, c, d))
for _ in range(300):
    CPAIRS.append(tuple(rng.uniform(-5, 5) for _ in range(4)))
for _ in range(100):
    CPAIRS.append((rng.uniform(-5, 5), rng.uniform(-5, 5), float(rng.randrange(-120, 120)), 0.0))
for _ in range(50):
    CPAIRS.append((rng.uniform(-5, 5), rng.uniform(-5, 5), rng.choice([0.5, -0.5, 2.0, 1e300, -1e300, 2.0**63, -2.0**63, 101.0, -101.0, 100.0, -100.0]), 0.0))
CPAIRS += [(0.0, 0.0, -1.0, 0.0), (0.0, 0.0, 0.0, 1.0), (0.0, 0.0, 1.0, 0.0),
           (1e-200, 0.0, -2.0, 0.0), (-1.0, 1e-300, 1e308, 0.0), (-1.0, 1e-300, 1e308, 1.0),
           (INF, 0.0, 0.5, 0.0), (0.0, 0.0, 0.0, 0.0), (2.0, 0.0, 1e10, 0.0)]
for a, b, c, d in CPAIRS:
    x, y = complex(a, b), complex(c, d)
    run("cdiv", [a, b, c, d], lambda: x / y)
    run("cpow", [a, b, c, d], lambda: x ** y)
for a, b, c, d in CPAIRS[:600]:
    x = complex(a, b)
    run("cabs", [a, b], lambda: abs(x))
    if not (math.isnan(a) or math.isnan(b)):
        run("chash", [a, b], lambda: hash(x))

with open(OUT, "w", encoding="utf-8") as f:
    f.write("# Generated by tools/gen_numops_cases.py from CPython %s; do not edit.\n"
            % sys.version.split()[0])
    for line in lines:
        f.write(line + "\n")
print("%d cases -> %s" % (len(lines), os.path.normpath(OUT)))
