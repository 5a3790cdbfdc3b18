#!/usr/bin/env python3
"""Generate vm/tests/strops_cases.txt: CPython 3.11's results for the `str`
methods implemented in vm/src/strops/, read by vm/tests/strops.rs.

Regenerate with:  python3 tools/gen_strops_cases.py
(from the workspace root; needs CPython 3.11).

Each line is tab-separated fields: a kind, its arguments, then the outcome
("ok" or the exception class name) and the result: for an exception its
message, else one field per value (a list gives one field per element, so
"ok" alone is an empty list). Fields escape backslash, tab, newline and other
control characters as \\\\, \\t, \\n and \\u{XXXX}; a field that is exactly
\\N is None. Booleans are True/False, ints decimal.

Kinds (S is the string operated on):
  split/rsplit S SEP MAXSPLIT         list
  splitlines S KEEPENDS(0/1)          list
  partition/rpartition S SEP          three strings
  strip/lstrip/rstrip S CHARS         string
  search S SUB START END             find, rfind (-1 when not found), count,
                                      startswith, endswith (index and rindex
                                      are find and rfind or an error)
  replace S OLD NEW COUNT             string
  center/ljust/rjust S WIDTH FILL     string
  zfill S WIDTH, expandtabs S TABSIZE string
  removeprefix/removesuffix S AFFIX   string
  lower upper casefold capitalize title swapcase S   string
  isalpha ... isascii S               bool
  translate S N K1 V1 ... KN VN       string; Vi is s:TEXT, i:INT or n (None);
                                      keys not listed raise LookupError
  fparse FMT                          _string.formatter_parser(FMT): per item
                                      literal, field name, spec, conversion
                                      (\\N when absent); on an error the
                                      message comes first, then the items
                                      produced before it
  fname NAME                          _string.formatter_field_name_split:
                                      first (i:INT or s:TEXT), then accessors
                                      a:ATTR, i:INT, k:KEY; on an error the
                                      message first
  format FMT                          FMT.format('a', 'b', 'c', x='X', y='Y')
                                      for fields without spec or conversion
  conv C                              "{!C}".format(1) (result: C)
  char HEX                            properties of chr(HEX): a string of 0/1
                                      for isalpha isdecimal isdigit isnumeric
                                      isalnum isspace isprintable islower
                                      isupper istitle isidentifier
                                      (("a"+c).isidentifier()) cased
                                      case-ignorable, then its decimal value
                                      (-1 if none), lower, upper, title,
                                      casefold
"""

import _string
import os
import random
import sys
import unicodedata

assert sys.version_info[:2] == (3, 11), "generate with CPython 3.11"

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "vm", "tests", "strops_cases.txt")


def esc(s):
    if s is None:
        return "\\N"
    if isinstance(s, bool):
        return str(s)
    if isinstance(s, int):
        return str(s)
    out = []
    for ch in s:
        if ch == "\\":
            out.append("\\\\")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\n":
            out.append("\\n")
        elif ord(ch) < 32 or 127 <= ord(ch) < 160 or 0xD800 <= ord(ch) <= 0xDFFF or ch in "\u2028\u2029":
            out.append("\\u{%x}" % ord(ch))
        else:
            out.append(ch)
    return "".join(out)


lines = []
seen = set()


def emit(kind, args, fn):
    try:
        r = fn()
        outcome = "ok"
        if isinstance(r, (list, tuple)):
            res = [esc(x) for x in r]
        else:
            res = [esc(r)]
    except (ValueError, TypeError, OverflowError, MemoryError, IndexError, KeyError) as e:
        outcome = type(e).__name__
        msg = str(e) if not isinstance(e, KeyError) else repr(e.args[0])
        res = [esc(msg)]
    line = "\t".join([kind] + [esc(a) for a in args] + [outcome] + res)
    if line not in seen:
        seen.add(line)
        lines.append(line)


# ---------------------------------------------------------------- inputs

WS = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u200a\u2028\u2029\u202f\u205f\u3000"
NOT_WS = "\u200b\u180e\ufeff"
BASE = [
    "", " ", "a", "abc", "  abc  ", "a b c", "  a  b  c  ", "a,b,,c,", ",a,b", "aaa", "aaaa",
    "hello world", "Hello World", "HELLO", "hello", "hELLO wORLD", "they're bill's friends",
    "ǆemal ǅemal Ǆemal", "ﬁre ﬂy", "straße", "STRASSE", "ΣΑΣ", "ΌΣΟΣ σ", "Σ", "aΣ", "aΣb",
    "a.Σ.", "ꙡΣ", "İstanbul", "ǰ", "ŉ", "ΐ", "ﬃ", "ᾳ ᾼ", "Ⅻ ⅻ", "ⓐⓑ Ⓐ", "𐐀𐐨", "𝔘𝔫𝔦",
    "日本語テキスト", "日本 語  テ", "١٢٣", "١٢٣a", "²³", "½", "①", "〇一", "0123456789",
    "12.5", "-42", "+42", "-", "+", "--4", "x\ty\tz", "\tab\tc\n\td\r\tee\tf", "a\r\nb\rc\nd",
    "a\x0bb\x0cc\x1cd\x1de\x1ef\x85g\u2028h\u2029i", "line\n", "\n\n", "\r\n\r\n", "\r",
    "a\x1fb", "a\u200bb", "\u3000x\u3000", "\xa0\xa0y", "é", "e\u0301", "ÀÉÎõü", "mañana",
    "x" * 40, "ab" * 13, "_id", "1abc", "a1", "ℕ", "℘x", "·a", "a·", "⁰", "\u0378", "\ue000",
    "\x7f", "\x00", "a\x00b", "hello\u1680world", "ǈǋǲ", "ᾈᾘᾨ", "ǅ", "Ǆ", "ǆ", "ß", "ẞ",
    "ﬅ", "ΰ", "ᾀ", "ſ", "K", "Å", "ꭰ", "ᏸ", "𞤀𞤢", "A\u0345", "Σ\u0345", "aΣ\u0345", "a'Σ",
    "a'Σ'b", "aΣ'b", "aΣ'", "'Σ", "1Σ", "ΑΣ ΣΑ", "Σ\u0301", "ἈΣ", "word  word", "MiXeD CaSe",
    "don't", "a-b_c d", "3rd", "ǉudi", "h\u2028i",
]
SEPS = [None, " ", ",", "a", "aa", "ab", "b", "Σ", "語", "\n", "  ", "xyz", "", ",,", "\u3000", "ä"]
MAXS = [-1, 0, 1, 2, 5, -5]

rng = random.Random(1234)
ALPH = "ab ,\t\nΣσ語é1\u3000\x85\r"


def rand_str(n):
    return "".join(rng.choice(ALPH) for _ in range(n))


RAND = [rand_str(rng.randrange(0, 12)) for _ in range(120)]
STRS = BASE + RAND

# ---------------------------------------------------------------- split

for s in STRS:
    for sep in (SEPS if s in BASE[:50] else [None, " ", ",", "Σ", "ab", "\n"]):
        for m in (MAXS if s in BASE[:50] else [-1, 1]):
            emit("split", [s, sep, str(m)], lambda: s.split(sep, m))
            emit("rsplit", [s, sep, str(m)], lambda: s.rsplit(sep, m))
    for k in (0, 1):
        emit("splitlines", [s, str(k)], lambda: s.splitlines(bool(k)))
    for sep in SEPS[1:]:
        emit("partition", [s, sep], lambda: s.partition(sep))
        emit("rpartition", [s, sep], lambda: s.rpartition(sep))

# ---------------------------------------------------------------- strip

CHARS = [None, "", " ", "a", "ab", "xa ", "Σσ", "語a", "\t\n", " \u3000", "0123456789", "é", WS, NOT_WS]
for s in STRS + [WS + "x" + WS, NOT_WS + "x" + NOT_WS, WS, "\u200bx\u200b"]:
    for chars in CHARS:
        emit("strip", [s, chars], lambda: s.strip(chars))
        emit("lstrip", [s, chars], lambda: s.lstrip(chars))
        emit("rstrip", [s, chars], lambda: s.rstrip(chars))

# ---------------------------------------------------------------- search

SUBS = ["", "a", "b", "ab", "aa", "Σ", "語", "c", " ", "abc", "é", "zz", "\n", "𝔫", "ΣΑ", "ld"]
IDX = [None, 0, 1, 3, -1, -3, 100]
SEARCH_STRS = ["", "a", "abc", "aaa", "aaaa", "ab" * 13, "hello world", "a,b,,c,", "ΣΑΣ", "ΌΣΟΣ σ",
               "日本語テキスト", "𐐀𐐨", "𝔘𝔫𝔦", "straße", "aΣb", "é", "mañana", "a b c"] + RAND[:6]
for s in SEARCH_STRS:
    for sub in SUBS:
        if len(s) < 6 and (sub in s or sub in ("", "zz")) or sub in ("", "a") and len(s) < 12:
            pairs = [(a, b) for a in IDX for b in IDX]
        else:
            pairs = [(None, None), (1, None), (-2, None), (None, -1), (2, 5), (5, 2), (100, None),
                     (-100, None), (None, -100), (3, 3), (len(s), None), (None, len(s) - 1)]
        for a, b in pairs:
            emit("search", [s, sub, a, b], lambda: [s.find(sub, a, b), s.rfind(sub, a, b),
                                                     s.count(sub, a, b), s.startswith(sub, a, b),
                                                     s.endswith(sub, a, b)])

# ---------------------------------------------------------------- replace

OLDS = ["", "a", "ab", "aa", "Σ", " ", "語", "xyz", "l", "abc"]
NEWS = ["", "-", "XY", "語語"]
for s in BASE + RAND[:30]:
    for old in OLDS:
        for new in NEWS:
            for c in ([-1, 0, 1, 2] if s in BASE[:40] else [-1]):
                emit("replace", [s, old, new, str(c)], lambda: s.replace(old, new, c))
    emit("removeprefix", [s, s[:2]], lambda: s.removeprefix(s[:2]))
    emit("removesuffix", [s, s[-2:]], lambda: s.removesuffix(s[-2:]))
    for a in ["", "a", "ab", "x", s, s + "x", "Σ"]:
        emit("removeprefix", [s, a], lambda: s.removeprefix(a))
        emit("removesuffix", [s, a], lambda: s.removesuffix(a))

# ---------------------------------------------------------------- padding

for s in BASE + RAND[:20]:
    for w in [-5, 0, 1, 2, 3, 4, 5, 6, 7, 10, 11, 20]:
        for f in ([" ", "*", "語", "\U0001d518"] if len(s) < 6 else ["*"]):
            emit("center", [s, str(w), f], lambda: s.center(w, f))
            emit("ljust", [s, str(w), f], lambda: s.ljust(w, f))
            emit("rjust", [s, str(w), f], lambda: s.rjust(w, f))
        emit("zfill", [s, str(w)], lambda: s.zfill(w))
    for t in [-1, 0, 1, 2, 3, 4, 8]:
        emit("expandtabs", [s, str(t)], lambda: s.expandtabs(t))
for s in ["a", "abc", "語"]:
    emit("ljust", [s, str(2 ** 60), " "], lambda: s.ljust(2 ** 60))
    emit("center", [s, str(2 ** 62), "語"], lambda: s.center(2 ** 62, "語"))
    emit("zfill", [s, str(2 ** 61)], lambda: s.zfill(2 ** 61))
emit("expandtabs", ["a\tb", str(-2 ** 31)], lambda: "a\tb".expandtabs(-2 ** 31))
emit("expandtabs", ["a\t\nb\t\rcc\tde\tf", "3"], lambda: "a\t\nb\t\rcc\tde\tf".expandtabs(3))
for s in ["12", "-12", "+12", "--1", "-", "+", "", "a-1", "-語", "+-"]:
    for w in [0, 1, 2, 3, 5]:
        emit("zfill", [s, str(w)], lambda: s.zfill(w))

# ---------------------------------------------------------------- case, predicates

PRED = ["isalpha", "isdecimal", "isdigit", "isnumeric", "isalnum", "isspace", "isprintable",
        "islower", "isupper", "istitle", "isidentifier", "isascii"]
EXTRA = ["abc1", "ABC1", "Abc Def", "Abc def", "ABC Def", "aBC", "ǅungla", "ǅ", "ǅA", "A ǅ", "1A", "A1a",
         "𝔘", "ᵃ", "ª", "ⅷ", "Ⅷ", "ⓐ", "Ⓐ", "ǈ ǋ", "Σ Σ", "\x1c", "\x85", "\u2028", "\x1f ", " \u180e",
         "class", "None", "a b", "a-b", "𝔘𝔫𝔦", "℘", "℮", "゛", "·", "a\u0300", "\u0300a",
         "Ǆ", "ǉ", "a\u02b0", "\u02b0a", "ᾼ", "ᾳ", "Aᾼ", "Aᾳ", "ᾼa", "ᾼA", "٣", "٣٤", "¼", "٣¼", "〇",
         "\u3007\u4e00", "\u2160", "\U0001f600", "\u00ad", "a\u00ad", "\ue000", "\U000e0001"]
for s in STRS + EXTRA:
    for k in ("lower", "upper", "casefold", "capitalize", "title", "swapcase"):
        emit(k, [s], getattr(s, k))
    for k in PRED:
        emit(k, [s], getattr(s, k))

# ---------------------------------------------------------------- translate

TABLES = [
    {},
    {"a": "b"},
    {"a": None},
    {"a": ""},
    {"a": "xyz", "b": None, "c": ord("C")},
    {"a": ord("é")},
    {"a": 0x110000},
    {"a": -1},
    {"Σ": "s", " ": None},
    {"a": "語", "b": "b"},
    {"b": ord("B"), "a": ord("A"), " ": "_"},
    {"a": 0x10FFFF},
]


def table_args(t):
    args = [str(len(t))]
    for k, v in t.items():
        args.append(k)
        if v is None:
            args.append("n")
        elif isinstance(v, int):
            args.append("i:%d" % v)
        else:
            args.append("s:" + v)
    return args


for s in BASE[:60] + ["aaa bbb", "abcabc", "語abc", "baba"]:
    for t in TABLES:
        table = {ord(k): v for k, v in t.items()}
        emit("translate", [s] + table_args(t), lambda: s.translate(table))

# ---------------------------------------------------------------- format parsing

FMTS = [
    "", "abc", "{}", "{0}", "{name}", "a{}b{}c", "{{", "}}", "{{}}", "a{{b}}c", "{", "}", "a}", "a{",
    "{0!r}", "{0!s:>10}", "{!a}", "{0:}", "{0!}", "{0!r", "{0!rx}", "{0!r:", "{0:abc", "{0:{1}}",
    "{0:{1}x{2}}", "{0:{{}}}", "{0:}}}", "{a[}", "{a[}]}", "{a[0]}", "{a.b[c].d}", "{a[{]}",
    "{a{b}", "{0[", "{0", "{0.", "{:", "{!", "{!r}", "{!r:x}", "{:{:{}}}", "}{", "x}}y{{z",
    "{0}}", "{{0}", "{ 0 }", "{0:%Y-%m-%d}", "語{語}語", "{0!語}", "{0!語:x}", "{0[:]}",
    "{0:[}", "{0:]}", "{a[]]}", "{0!r!s}", "{0:x}{1:y}", "abc{0}def{{ghi}}jkl", "{{{0}}}",
    "{0:{}}", "{0[}]}", "{]}", "{[}", "{[]}", "{.}", "{!\x00}", "{0!\x00:x}", "{:{", "{0:{1",
]
for f in FMTS:
    def fparse(f=f):
        items = []
        try:
            for lit, name, spec, conv in _string.formatter_parser(f):
                items += [lit, name, spec, conv]
        except ValueError as e:
            raise ValueError("\t".join([str(e)] + [esc(x) for x in items]))
        return items
    try:
        r = fparse()
        lines.append("\t".join(["fparse", esc(f), "ok"] + [esc(x) for x in r]))
    except ValueError as e:
        msg, *rest = str(e).split("\t")
        lines.append("\t".join(["fparse", esc(f), "ValueError", esc(msg)] + rest))

NAMES = [
    "", "0", "12", "a", "abc", "a.b", "a[0]", "a[x]", "a[x].y", "0.real", "0[1][2]", "a.", "a..b",
    "a[]", "a[0", "a[0]b", "a[0].", "a.b[", "[0]", ".a", "١", "١٢", "99999999999999999999",
    "9223372036854775807", "9223372036854775808", "a[99999999999999999999]", "a[9223372036854775807]",
    "a[-1]", "-1", "a[ 0 ]", "a.b.c", "a[x]]", "a[[]", "a[]]", "語.語[語]", "0a", "a[١]", "x.y[",
]
for name in NAMES:
    def fname(name=name):
        items = []
        try:
            first, rest = _string.formatter_field_name_split(name)
            items.append(("i:%d" % first) if isinstance(first, int) else "s:" + first)
            for is_attr, key in rest:
                if is_attr:
                    items.append("a:" + key)
                elif isinstance(key, int):
                    items.append("i:%d" % key)
                else:
                    items.append("k:" + key)
        except ValueError as e:
            raise ValueError("\t".join([str(e)] + [esc(x) for x in items]))
        return items
    try:
        r = fname()
        lines.append("\t".join(["fname", esc(name), "ok"] + [esc(x) for x in r]))
    except ValueError as e:
        msg, *rest = str(e).split("\t")
        lines.append("\t".join(["fname", esc(name), "ValueError", esc(msg)] + rest))

FORMATS = [
    "{}{}{}", "{0}{1}{0}", "{}{0}", "{0}{}", "{x}{}", "{}{x}", "{x}{0}{y}", "{}{}{}{}", "{3}",
    "{z}", "{x}{}{1}", "{1}{x}{}", "{}", "{0}", "a{}b{x}c{}", "{١}", "{2}{}", "{9223372036854775807}",
    "{99999999999999999999}",
]
for f in FORMATS:
    emit("format", [f], lambda: f.format("a", "b", "c", x="X", y="Y"))

for c in "rsaxRS!:{}é\x00\x7f \x01語~":
    emit("conv", [c], lambda: ("{!" + c + "}").format(1) and c)

# ---------------------------------------------------------------- characters

cps = set(range(0, 0x800)) | set(range(0x800, 0x3000, 3)) | set(range(0x3000, 0x20000, 23))
cps |= set(range(0x20000, 0x110000, 997))
cps |= {0x1C5, 0x1C8, 0x1CB, 0x1F2, 0x1E9E, 0x10400, 0x1D7CE, 0x1D7FF, 0xE0001, 0x10FFFF, 0x1F600,
        0xFB00, 0xFB06, 0x1F88, 0x1FFC, 0x2160, 0x216F, 0x24B6, 0x24D0, 0xA7C0, 0xAB70, 0x1E900}
cps -= set(range(0xD800, 0xE000))
for cp in sorted(cps):
    c = chr(cp)
    flags = [c.isalpha(), c.isdecimal(), c.isdigit(), c.isnumeric(), c.isalnum(), c.isspace(),
             c.isprintable(), c.islower(), c.isupper(), c.istitle(), c.isidentifier(),
             ("a" + c).isidentifier(),
             c.islower() or c.isupper() or unicodedata.category(c) == "Lt",
             ("A" + c + "\u03a3").lower()[-1] == "\u03c2" and ("1" + c + "\u03a3").lower()[-1] != "\u03c2"]
    lines.append("\t".join(["char", "%X" % cp, "ok", "".join("1" if f else "0" for f in flags),
                            str(unicodedata.decimal(c, -1)), esc(c.lower()), esc(c.upper()),
                            esc(c.title()), esc(c.casefold())]))

with open(OUT, "w", encoding="utf-8") as f:
    f.write("# Generated by tools/gen_strops_cases.py with CPython %s; do not edit.\n" % sys.version.split()[0])
    for line in lines:
        f.write(line + "\n")
print("%d cases -> %s" % (len(lines), os.path.normpath(OUT)))
