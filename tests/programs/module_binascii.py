# binascii: base64 (strict and lenient decoding, every error), hex with
# separators, CRC-32/CRC-CCITT, uuencode, and base64/codecs on top of it.
import binascii, base64
for d in [b"", b"a", b"ab", b"abc", b"abcd", bytes(range(256))]:
    e = binascii.b2a_base64(d)
    assert binascii.a2b_base64(e) == d
    print(e[:20], binascii.b2a_base64(d, newline=False)[-4:], binascii.hexlify(d)[:12], binascii.crc32(d), binascii.crc_hqx(d, 0))
for bad in [b"abc", b"a", b"ab=c", b"YWJj\n=", b"!!YW Jj", b"YQ==YQ==", b"=YQ==", b"YQ=a="]:
    for strict in (False, True):
        try:
            print(bad, strict, binascii.a2b_base64(bad, strict_mode=strict))
        except binascii.Error as e:
            print(bad, strict, "Error", e)
print(binascii.hexlify(b"\x01\x02\x03\x04\x05", "-", 2), binascii.hexlify(b"\x01\x02\x03\x04\x05", b":", -2), binascii.b2a_hex(b"ab", sep="."))
for bad in ["abc", "zz", "é"]:
    try: print(binascii.unhexlify(bad))
    except (binascii.Error, ValueError) as e: print(type(e).__name__, e)
print(base64.b64encode(b"hello world"), base64.b64decode("aGVsbG8gd29ybGQ="), base64.urlsafe_b64encode(b"\xff\xfe"), base64.b32encode(b"abc"), base64.b16decode("4142"))
print(binascii.crc32(b"hello", 12345), binascii.crc32(b"world", -1))
u = binascii.b2a_uu(b"Cat in the hat"); print(u, binascii.a2b_uu(u), binascii.b2a_uu(b"", backtick=True))
print("abc".encode("hex") if False else __import__("codecs").encode(b"\x01\xff", "hex"), __import__("codecs").decode(b"01ff", "hex"))
print(issubclass(binascii.Error, ValueError), binascii.Incomplete.__mro__[1])
