import unicodedata as u

print(u.unidata_version)
for ch in ["a", "A", "1", " ", "\u00e9", "\u0301", "\u00bd", "\u0663", "\u2163", "\u4e00", "\uac00", "\u200b", "\U0001f600", "\u0378", "\ufeff", "\u00b2", "\u0660"]:
    print(repr(ch), u.category(ch), u.bidirectional(ch), u.east_asian_width(ch), u.combining(ch), u.mirrored(ch),
          u.name(ch, None), u.decimal(ch, None), u.digit(ch, None), u.numeric(ch, None), repr(u.decomposition(ch)))
print(u.lookup("LATIN SMALL LETTER A"), u.lookup("HANGUL SYLLABLE GA"), u.lookup("CJK UNIFIED IDEOGRAPH-4E00"), repr(u.lookup("BYTE ORDER MARK")))
print(u.mirrored("("), u.category("\U000e0100"), u.name("\U000e0100"))
s = "e\u0301 \ufb01 \u2163 \u1e9b\u0323 \uac00"
for f in ["NFC", "NFD", "NFKC", "NFKD"]:
    n = u.normalize(f, s)
    print(f, ascii(n), u.is_normalized(f, s), u.is_normalized(f, n))
tests = [
    "u.category('ab')", "u.category(1)", "u.lookup('foo')", "u.numeric('a')", "u.decimal('a')", "u.digit('a')",
    "u.normalize('X', 'a')", "u.normalize('NFC', 1)", "u.name('\\u0378')", "u.lookup(1)",
]
for t in tests:
    try:
        print(t, "->", eval(t))
    except Exception as e:
        print(t, "->", type(e).__name__, e)
