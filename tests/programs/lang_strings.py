# Strings: methods, slicing, formatting, unicode, bytes.
s = "Hello, Wörld!"
print(len(s), s[0], s[-1], s[7:], s[::-1], s[1:10:3], s.upper(), s.lower(), s.swapcase())
print(s.find("o"), s.rfind("o"), s.index("W"), s.count("l"), s.startswith(("He", "x")), s.endswith("!"))
print("  pad  ".strip(), "xxhixx".strip("x"), "a,b,,c".split(","), "a b  c".split(), "a=1=2".split("=", 1), "r1 r2".rsplit(" ", 1))
print("-".join(["a", "b", "c"]), "line1\nline2\r\nline3".splitlines(), "abc".partition("b"), "title me now".title())
print("42".zfill(5), "-42".zfill(5), "ab".center(6, "*"), "ab".ljust(4, "."), "ab".rjust(4), "tab\tx".expandtabs(4))
print("abc".replace("b", "BB"), "aaa".replace("a", "b", 2), "ß".upper(), "İ".lower() == "i̇", "ǅ".title(), "Σσς".casefold())
print("x".isalpha(), "12".isdigit(), "½".isnumeric(), " \t".isspace(), "Abc".istitle(), "a_1".isidentifier(), "é".isascii())
name, n, pi = "pyrite", 3, 3.14159
print(f"{name!r:>10} {n:03d} {pi:.3f} {pi:10.2e} {name:^12} {n * 2 = } {'nested ' + name.upper()}")
print("%s has %d items costing %.2f (%r) %5s|%-5s|%x %%" % ("cart", 3, 9.5, "x", "r", "l", 255))
print("{0}-{1}-{0} {name} {obj[0]} {v.real}".format("a", "b", name="n", obj=[9], v=2.5), "{:>6}".format("r"))
print(repr("it's"), repr('say "hi"'), repr("tab\t\x00\u00e9\U0001F600"), ascii("é😀"), str(b"\xff"))
print(ord("€"), chr(8364), "€".encode(), b"\xe2\x82\xac".decode(), "é".encode("latin-1"), bytes([65, 66]), bytearray(b"ab") + b"c")
b = b"hello world"
print(b[0], b[:5], b.split(), b.upper(), b.find(b"o"), b.hex(), bytes.fromhex("4142"), b.replace(b"l", b"L"))
for bad in ["'a' + 1", "'abc'[5]", "'x' * 'y'", "'{}'.format()", "'%d' % 'x'", "b'a' + 'b'", "''.join([1])"]:
    try:
        eval(bad)
    except Exception as e:
        print(type(e).__name__, e)
print(sorted("banana"), "".join(reversed("abc")), "a" < "b" < "ba", "abc" * 2, "ab" in "cabd", str(12.0), str(None))
