import codecs
print(codecs.lookup("UTF-8").name, codecs.lookup("cp1252").name)
print('héllo €'.encode('cp1252'), b'h\xe9llo \x80'.decode('cp1252'))
print(codecs.encode('abc', 'rot13'))
print('x\u20ac'.encode('cp437', 'replace'), 'x\u20ac'.encode('cp437', 'xmlcharrefreplace'))
try:
    '\u20ac'.encode('cp437')
except UnicodeEncodeError as e:
    print(e)
try:
    b'\x81'.decode('cp1252')
except UnicodeDecodeError as e:
    print(e)
print(codecs.escape_decode(b'a\\n\\x41\\101'), codecs.escape_encode(b"a\n'\x00"))
print(codecs.unicode_escape_decode(b'a\\u20ac\\n\\t\\x41'), 'a\u20ac\n\U0001f600'.encode('unicode_escape'))
print('a\u20ac\\'.encode('raw_unicode_escape'), b'a\\u20ac\\n'.decode('raw_unicode_escape'))
print(codecs.utf_8_decode(b'ab\xe2\x82', 'strict', False), codecs.utf_16_decode('héllo'.encode('utf-16')))
print('héllo'.encode('utf-16'), 'x'.encode('utf-32-be'), 'abc'.encode('koi8-r'), 'абв'.encode('koi8-r').decode('koi8_r'))
d = codecs.getincrementaldecoder('utf-8')()
print(d.decode(b'\xe2'), d.decode(b'\x82\xac'))
print(codecs.lookup_error('strict'), codecs.register_error('myh', lambda e: ('?', e.end)))
print('a€b'.encode('ascii', 'myh') if False else 'ok', 'ÿ'.encode('latin-1'), 'abc'.encode('iso8859-15'), b'\xa4'.decode('iso8859_15'))
print('日本'.encode('utf-8').decode('utf_8'), codecs.BOM_UTF8)
print('x'.encode('mac_roman'), 'ö'.encode('cp850'))
