import _struct as struct

print(struct.pack("i", 1), struct.pack("<i", -2), struct.pack(">i", 258), struct.pack("!H", 513))
print(struct.pack("bBhHiIlLqQnN", -1, 255, -2, 65535, -3, 2**32 - 1, -4, 2**64 - 1, -5, 2**64 - 1, -6, 7))
print(struct.pack("<bBhHiIlLqQ", -1, 255, -2, 65535, -3, 2**32 - 1, -4, 2**32 - 1, -5, 2**64 - 1))
print(struct.pack(">?cxs3s5p", [], b"z", b"q", b"abcdef", b"ab"), struct.pack("0s", b"a"), struct.pack("P", 1))
print(struct.pack("<efd", 1.5, 0.1, 0.1), struct.pack(">e", -65504.0), struct.pack("<e", 1e-7), struct.pack("<e", float("inf")))
print(struct.pack("<e", 0.00006103515625), struct.pack("<e", 2.0**-24), struct.pack("<e", 2.0**-25), struct.pack("<e", 3 * 2.0**-26))
print(struct.pack("<e", 1.0009765625 + 2.0**-11), struct.pack("<e", 1.0 + 2.0**-11), struct.pack("<e", 2049.0), struct.pack("<e", 2051.0))
print(struct.unpack("<e", b"\x00\x3c"), struct.unpack("<e", b"\x01\x00"), struct.unpack(">e", b"\xfb\xff"), struct.unpack("<e", b"\x00\x7c"))
print(struct.unpack("<bBhHiIlLqQ", struct.pack("<bBhHiIlLqQ", -1, 255, -2, 65535, -3, 2**32 - 1, -4, 2**32 - 1, -5, 2**64 - 1)))
print(struct.unpack("@bhiq", struct.pack("@bhiq", 1, 2, 3, 4)), struct.unpack("=bhiq", struct.pack("=bhiq", 1, 2, 3, 4)))
print(struct.unpack(">?cxs3s5p", struct.pack(">?cxs3s5p", 1, b"z", b"q", b"abcdef", b"ab")))
print(struct.unpack("<fd", struct.pack("<fd", 0.1, 0.1)), struct.unpack("2i", b"\x01\x00\x00\x00\x02\x00\x00\x00"))
print(struct.calcsize("ci"), struct.calcsize("ic"), struct.calcsize("@bhiq"), struct.calcsize("=bhiq"), struct.calcsize("2s3x"), struct.calcsize("i i"), struct.calcsize(""))
print(struct.calcsize("P"), struct.calcsize("n"), struct.calcsize("e"), struct.calcsize("5p"), struct.calcsize("<l"), struct.calcsize("l"))
print(struct.unpack_from("<h", b"\x00\x01\x02", 1), struct.unpack_from("<h", b"\x00\x01\x02", offset=0), struct.unpack_from("b", b"abc", -1))
ba = bytearray(8)
struct.pack_into("<hh", ba, 2, 1, -1)
print(ba)
struct.pack_into("<b", ba, -1, 5)
print(ba)
print(list(struct.iter_unpack("<h", b"\x01\x00\x02\x00\x03\x00")))
s = struct.Struct("<ih")
print(s.format, s.size, s.pack(1, 2), s.unpack(b"\x01\x00\x00\x00\x02\x00"), s.unpack_from(b"xx\x01\x00\x00\x00\x02\x00", 2))
print(list(s.iter_unpack(bytes(12))), struct.Struct(b">q").format, struct.pack(b"i", 1))
b2 = bytearray(6)
s.pack_into(b2, 0, 7, 8)
print(b2, struct.unpack(s, b2) if False else s.unpack(bytes(b2)))
print(struct.error, issubclass(struct.error, Exception))


class I:
    def __index__(self):
        return 5


print(struct.pack("i", I()), struct.pack("f", 1e300), struct.pack("?", "x"))
tests = [
    'struct.pack("h", 70000)', 'struct.pack("<h", 70000)', 'struct.pack("b", 200)', 'struct.pack("B", -1)',
    'struct.pack("i", 2**31)', 'struct.pack("<i", 2**31)', 'struct.pack("I", -1)', 'struct.pack("<I", -1)',
    'struct.pack("l", 2**63)', 'struct.pack("<l", 2**31)', 'struct.pack("q", 2**63)', 'struct.pack("Q", -1)',
    'struct.pack("n", 2**63)', 'struct.pack("N", -1)', 'struct.pack("H", -1)', 'struct.pack("<H", 70000)',
    'struct.pack("i", "a")', 'struct.pack("i", 1.0)', 'struct.pack("f", "a")', 'struct.pack("c", "a")',
    'struct.pack("c", b"ab")', 'struct.pack("s", "a")', 'struct.pack("e", 1e10)', 'struct.pack("<f", 1e300)',
    'struct.pack("ii", 1)', 'struct.pack("i", 1, 2)', 'struct.unpack("i", b"abc")', 'struct.unpack("i", b"abcde")',
    'struct.pack("z", 1)', 'struct.pack("3")', 'struct.calcsize("<n")', 'struct.calcsize("<P")',
    'struct.unpack_from("i", b"ab", 0)', 'struct.unpack_from("i", b"abcdef", 4)', 'struct.unpack_from("i", b"abcdef", -1)',
    'struct.pack_into("i", bytearray(2), 0, 1)', 'struct.pack_into("i", bytearray(6), 4, 1)',
    'list(struct.iter_unpack("i", b"abcde"))', 'struct.iter_unpack("", b"")', 'struct.Struct(1)',
    'struct.pack("i", 10**30)', 'struct.pack("I", 2**32)', 'struct.pack("q", 1.5)', 'struct.unpack("i", "abcd")',
]
for t in tests:
    try:
        print(t, "->", eval(t))
    except Exception as e:
        print(t, "->", type(e).__name__, e)
