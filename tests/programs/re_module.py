# The re module's API over _sre: Pattern and Match objects, templates,
# scanners, errors. Expected output from CPython 3.11.
import re

p = re.compile(r"(?P<key>\w+)=(?P<val>\d*)")
print(p, p.pattern, p.groups, sorted(p.groupindex.items()), p.flags)
m = p.search("  alpha=42; beta=")
print(m)
print(m.group(), m.group(0), m.group(1), m.group("val"), m.group(1, "key", 2))
print(m.groups(), m.groupdict(), m.span(), m.span(2), m.start("val"), m.end(1))
print(m[0], m["key"], m[2], m.string, m.re is p, m.pos, m.endpos, m.lastindex, m.lastgroup)
print(m.regs, bool(m), type(m).__name__, type(p).__name__)
print(m.expand(r"\2:\1 \g<key>/\g<2>"))
for bad in (3, "nope", -1):
    try:
        m.group(bad)
    except IndexError as e:
        print("IndexError", e)
print([x.groupdict() for x in p.finditer("a=1 b=2 c=")])
print(p.findall("a=1 b=2 c="))
print(re.compile("a|(b)").match("a").groups("dflt"), re.compile("(a)|(b)").match("b").groupdict("d"))
print(re.compile(r"(a)?b").match("b").span(1))

# Flags and reprs.
print(re.compile("x", re.I | re.M), re.compile(b"y", re.S), re.compile("z", re.A), re.compile("w", re.U | re.X))
print(re.compile("q" * 300) == re.compile("q" * 300), re.compile("a") == re.compile("a", re.I), re.compile("a") != re.compile("b"))
print(hash(re.compile("abc")) == hash(re.compile("abc")))
print(re.match("a", "a" * 100))
print(re.match("(.*)", "x" * 100))

# Substitution.
print(re.sub(r"(\w+) (\w+)", r"\2 \1", "hello world, good bye"))
print(re.sub(r"(?P<n>\d+)", r"<\g<n>>", "a1b22"), re.sub("a", r"\n", "bab"), re.sub("a", "\\\\", "bab"))
print(re.subn("o", "0", "foo boo", count=2), re.sub("x*", "-", "abc"), re.sub("", "|", "ab"))
print(re.sub(r"\d", lambda m: str(int(m.group()) * 2), "a1b2c9"))
print(re.sub(b"a+", b"<\\g<0>>", b"caaat"), re.sub("(a)|b", r"[\1]", "ab"))
try:
    re.sub("(a)", r"\2", "a")
except re.error as e:
    print("error", e)

# Splitting.
print(re.split(r",\s*", "a, b,c,  d"), re.split(r"(,)\s*", "a, b,c"), re.split(",", "a,b,c,d", maxsplit=2))
print(re.split(r"\b", "ab cd"), re.split("x*", "axbc"), re.split(r"(a)|b", "cadbe"))

# Module-level helpers.
print(re.escape("a.b*c?d[e]f{g}h\\i|j(k)l^m$n+o p#q\tr-s~t&u"), re.escape(b"a.b"))
print(re.fullmatch(r"\d+", "123"), re.fullmatch(r"\d+", "123a"), re.fullmatch("a|ab", "ab"))
print(re.search("^b", "ab\nb", re.M).span(), re.findall(r"(?m)^\w", "ab\ncd"))
s = re.compile(r"\d").scanner("a1b2")
print(s.search().group(), s.search().group(), s.search())
s = re.compile(r"\w").scanner("ab c")
print(s.match().group(), s.match().group(), s.match())

# Errors from the parser.
for bad in ("(", "a)", "[a-", "*", "a{2,1}", "(?P<1>a)", r"\k", "(?<=a*)b", "(?P=x)"):
    try:
        re.compile(bad)
    except re.error as e:
        print("error", repr(bad), e, e.pos)
try:
    re.compile("a").search(b"a")
except TypeError as e:
    print("TypeError", e)
try:
    re.compile(b"a").search("a")
except TypeError as e:
    print("TypeError", e)
try:
    re.compile("a").search(5)
except TypeError as e:
    print("TypeError", e)

# Subjects: bytearray, memoryview-free, long inputs.
print(re.findall(b"\\d+", bytearray(b"a12b3")), re.search("b+", "a" * 10000 + "bbb").span())
print(len(re.findall("a", "a" * 100000)), re.match("(?:a|b)*c", "ab" * 50000 + "c").end())
print(re.match(r"(a+)+b", "a" * 16), re.match(r"(?:a*)*b", "a" * 12))
print(re.compile(r"(?i)ǆ").findall("ǄǅǆDž"), re.compile("[^\u0100-\u0200]+").findall("a\u0150b"))
