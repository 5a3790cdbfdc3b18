#!/usr/bin/env python3
"""Generate tests/programs/re_cases.py and its expected output re_cases.out
from CPython 3.11: a table of (pattern, flags, subject) cases run through
`re` (search, match, fullmatch, findall, finditer, sub, subn, split), the
driver printing one line per operation.

Regenerate with:  python3 tools/gen_sre_cases.py
(from the workspace root; needs CPython 3.11).
"""
import os
import random
import subprocess
import sys

assert sys.version_info[:2] == (3, 11), "generate with CPython 3.11"
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "programs")

I, M, S, X, A, U = 2, 8, 16, 64, 256, 32

# Hand-picked cases: every opcode family of sre_lib.h.
HAND = [
    (r"a+", 0, "baaac"),
    (r"a*?b", 0, "aaab"),
    (r"(a|ab)(c|bcd)(d*)", 0, "abcd"),
    (r"(\w+)@(\w+)\.com", 0, "mail bob@example.com now"),
    (r"(?P<user>\w+)@(?P<host>[\w.]+)", 0, "x joe@a.b.c y"),
    (r"^(\w+)\s*=\s*(.*?)\s*$", M, "x = 1 \ny=2\n z =  three  "),
    (r"\bfoo\b", 0, "foo food afoo foo"),
    (r"\Bo\B", 0, "foo boo o"),
    (r"[^a-z]+", 0, "abcDEF123ghi"),
    (r"[a-z]+", I, "Hello World ÀÉÎ"),
    (r"[à-ÿ]+", I, "ÀÉÎ àéî"),
    (r"straße", I, "STRASSE strasse STRAßE"),
    (r"ſ", I, "s S ſ"),
    (r"k", I, "K k \u212a"),
    (r"\u03a3+", I, "σςΣ"),
    (r"(a)(?(1)b|c)", 0, "ab ac c"),
    (r"(a)?(?(1)b|c)", 0, "ab ac c"),
    (r"(?<=a)b", 0, "ab cb"),
    (r"(?<!a)b", 0, "ab cb"),
    (r"a(?=b)", 0, "ab ac"),
    (r"a(?!b)", 0, "ab ac"),
    (r"(?>a+)b", 0, "aaab"),
    (r"(?>a+)ab", 0, "aaab"),
    (r"a++b", 0, "aaab"),
    (r"a++ab", 0, "aaab"),
    (r"a*+a", 0, "aaa"),
    (r"(?:ab)++c", 0, "ababc"),
    (r"(?:ab)*+ab", 0, "ababab"),
    (r"(?:a|b)?+b", 0, "ab b"),
    (r"x{2,3}+x", 0, "xxxx xxx"),
    (r"(a*)*b", 0, "a" * 12),
    (r"(a*)+b", 0, "a" * 12),
    (r"(a|aa)*c", 0, "a" * 20),
    (r"(x+x+)+y", 0, "x" * 18),
    (r"(\d+)-(\d+)", 0, "10-20 30-40"),
    (r"(\w)\1", 0, "hello aab"),
    (r"(?i)(\w)\1", 0, "aA Bb"),
    (r"(?P<q>['\"]).*?(?P=q)", 0, "say 'hi' and \"bye\""),
    (r".", 0, "a\nb"),
    (r".", S, "a\nb"),
    (r"^", M, "a\nb\n"),
    (r"$", M, "a\nb\n"),
    (r"$", 0, "a\nb\n"),
    (r"\Z", 0, "a\nb\n"),
    (r"\A\w", M, "ab\ncd"),
    (r"x*", 0, "abxd"),
    (r"", 0, "abc"),
    (r"\s+", 0, " a  b\tc\n"),
    (r"\W+", 0, "a, b; c!"),
    (r"\d", 0, "a1٣b"),
    (r"\d", A, "a1٣b"),
    (r"\w+", A, "héllo wörld"),
    (r"\w+", 0, "héllo wörld 日本語"),
    (r"[\d\s]+", 0, "12 34x"),
    (r"[^\W\d]+", 0, "ab12cd"),
    (r"[\u4e00-\u9fff]+", 0, "abc日本語def"),
    (r"[日本]+", 0, "abc日本語def"),
    (r"[日本]+", I, "abc日本語def"),
    (r"[ǅ]", I, "ǄǅǆDž"),
    (r"(a)|(b)", 0, "b"),
    (r"(a)|b", 0, "b"),
    (r"(?:(a)|b)+", 0, "ab"),
    (r"(?:(a)|(b))+", 0, "ab"),
    (r"(a)*", 0, "aaa"),
    (r"(a){2}", 0, "aaa"),
    (r"(a){2,}?", 0, "aaaa"),
    (r"(ab){1,3}?c", 0, "ababc"),
    (r"(?:a{2})*", 0, "aaaaa"),
    (r"(a|b)*?c", 0, "abac"),
    (r"((a)|b)*", 0, "aba"),
    (r"(a+|b+)*c", 0, "aabbc"),
    (r"(?:x(y)?)*", 0, "xyx"),
    (r"(?:(\d)x)+", 0, "1x2x3x"),
    (r"a{,3}", 0, "aaaaa"),
    (r"a{3}", 0, "aaaaa"),
    (r"a{2,3}?", 0, "aaaaa"),
    (r"[-a]", 0, "-a"),
    (r"[]a]", 0, "]a"),
    (r"[a\-z]+", 0, "a-z"),
    (r"\.\*\+", 0, "a.*+b"),
    (r"(?x) a b # comment\n c", 0, "abc"),
    (r"(?s:.)(.)", 0, "\n\n"),
    (r"(?i:a)b", 0, "Ab AB"),
    (r"(?-i:a)b", I, "aB AB"),
    (r"\x41\u0042\N{LATIN SMALL LETTER C}", 0, "ABc"),
    (r"\0\07", 0, "\0\7"),
    (r"(?:)", 0, "ab"),
    (r"a|", 0, "ab"),
    (r"|a", 0, "ab"),
    (r"(|a)+", 0, "ab"),
    (r"(a?)+?b", 0, "aab"),
    (r"(?:a*)*", 0, "aa"),
    (r"(?:a*|b)*c", 0, "abbc"),
    (r"(?=(a+))a*b\1", 0, "baaabac"),
    (r"(?<=\d{3})x", 0, "12x 123x"),
    (r"(?<=ab|cd)x", 0, "abx cdx"),
    (r"(?<!^)x", 0, "xx"),
    (r"\b\w+\b", 0, "word1 word2, word3"),
    (r"(?m)^\s*#.*$", 0, "a\n  # c1\nb # c2\n#c3"),
    (r"[\x00-\x7f]+", 0, "abc\xe9def"),
    (r"(\w+)\s(\w+)", 0, "Isaac Newton, physicist"),
    (r"(?P<first>\w+) (?P<last>\w+)", 0, "Malcolm Reynolds"),
    (r"([a-z]+)(\d+)?", 0, "abc def1"),
    (r"(?:(?P<a>x)|(?P<b>y))z", 0, "yz"),
    (r"((((((((((a))))))))))\10", 0, "aa"),
    (r"(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)(k)\11", 0, "abcdefghijkk"),
    (r"[^\n]*", 0, "line1\nline2"),
    (r".*?x", S, "ab\ncx"),
    (r"a.+?c", 0, "abcabc"),
    (r"a.*c", 0, "abcabc"),
    (r"(?i)ΣΑΣ", 0, "σας"),
    (r"(?i)[a-f]+", 0, "ABCxyzdef"),
    (r"(?i)[^a-f]+", 0, "ABCxyzdef"),
    (r"(?ia)[k]", 0, "K\u212ak"),
    (r"(?iu)[k]", 0, "K\u212ak"),
    (r"[\w-]+", 0, "foo-bar_baz qux"),
    (r"\d+(?:\.\d+)?", 0, "3.14 and 42 and 1."),
    (r"^$", 0, ""),
    (r"^$", M, "\n\n"),
    (r"(?:^|,)([^,]*)", 0, "a,,b,"),
]

FUZZ_ATOMS = ["a", "b", "ab", ".", "[ab]", "[^a]", "\\w", "\\d", "\\s", "\\b", "^", "$", "(a)", "(b|a)", "(?:ab|a)", "(a*)", "(?=a)", "(?!b)", "(?<=a)"]
FUZZ_QUANTS = ["", "", "*", "+", "?", "*?", "+?", "??", "{1,2}", "{2}", "*+", "++"]


def fuzz(rng, n):
    out = []
    while len(out) < n:
        parts = [rng.choice(FUZZ_ATOMS) + rng.choice(FUZZ_QUANTS) for _ in range(rng.randint(1, 4))]
        pat = "".join(parts)
        if rng.random() < 0.2:
            pat = "(?:" + pat + ")|" + rng.choice(FUZZ_ATOMS)
        try:
            __import__("re").compile(pat)
        except Exception:
            continue
        subj = "".join(rng.choice("ab a1\n") for _ in range(rng.randint(0, 10)))
        out.append((pat, 0, subj))
    return out


DRIVER = r'''
import re

def show(x):
    if isinstance(x, re.Match):
        return "M%r%r%r%r" % (x.span(), x.groups(), x.lastindex, x.lastgroup)
    return repr(x)

def run(pat, flags, subj):
    try:
        p = re.compile(pat, flags)
    except re.error as e:
        print("error", repr(pat), e)
        return
    print("P", repr(pat), flags, p.groups, sorted(p.groupindex.items()))
    for name in ("search", "match", "fullmatch"):
        try:
            m = getattr(p, name)(subj)
            print(" ", name, show(m), m and m.groupdict())
        except Exception as e:
            print(" ", name, type(e).__name__, e)
    print("  findall", p.findall(subj))
    print("  finditer", [m.span() for m in p.finditer(subj)])
    print("  split", p.split(subj))
    tmpl = "<\\g<0>>" if isinstance(subj, str) else b"<\\g<0>>"
    print("  sub", repr(p.sub(tmpl, subj)), p.subn(lambda m: m.group().upper(), subj, 2))
    if len(subj) > 2:
        print("  pos", show(p.search(subj, 1, len(subj) - 1)), show(p.match(subj, 2)))

for pat, flags, subj in CASES:
    run(pat, flags, subj)
    if flags == 0 and "(?" not in pat[:2]:
        try:
            run(pat.encode("latin-1"), 0, subj.encode("latin-1"))
        except UnicodeEncodeError:
            pass
'''


def main():
    rng = random.Random(1103)
    cases = HAND + fuzz(rng, 150)
    src = ['# Generated by tools/gen_sre_cases.py from CPython 3.11: do not edit.', 'CASES = [']
    for c in cases:
        src.append("    %r," % (c,))
    src.append("]")
    src.append(DRIVER)
    path = os.path.join(ROOT, "re_cases.py")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(src))
    out = subprocess.run([sys.executable, path], capture_output=True, text=True, check=True).stdout
    with open(os.path.join(ROOT, "re_cases.out"), "w", encoding="utf-8") as f:
        f.write(out)
    print(len(cases), "cases,", out.count("\n"), "lines")


if __name__ == "__main__":
    main()
