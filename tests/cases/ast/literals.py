0; 1; 123; 1_000_000; 0x_ff; 0XAB; 0o17; 0O7; 0b1010; 0B1
1.5; 1.; .5; 1e10; 1E-10; 1.5e+3; 1_0.0_1; 0.0; 00.5e0
1j; 1.5J; 1e3j; 0j
10**400; 123456789012345678901234567890
0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF
1e999; 1e-999; 1e16; 1e15; 1e-5; 0.0001
'single'; "double"; '''triple'''; """triple
double"""
'it\'s'; "say \"hi\""; 'both \' and "'
'\n\t\r\\\a\b\f\v\0'
'\x41\101\u00e9\U0001F600\N{EM DASH}\N{LATIN SMALL LETTER A}'
'\ud800'
'\q \d unknown escapes'
r'raw \n \d'; R"raw"; rb'\x00'; Rb"r"; bR'x'; BR"y"
b'bytes \x00\xff\n'; B"B"; b"quote ' and \""
u'unicode'; U"upper u"
'é à ü 中文 😀'
'\x7f\x80\xa0\xad'
'a' 'b' 'c'
'implicit' \
    'continuation'
("parenthesized"
 "concatenation")
b'a' b'b'
u'u first' 'then plain'
'plain' u'then u'
'''multi
line''' 'and more'
'line\
continued'
"tab	inside"
