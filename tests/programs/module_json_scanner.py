# json.loads through the native scanner: values, hooks, errors and positions.
import json, decimal, collections
docs = ['{"a": [1, 2.5, -3e2, 1E+2, 0, -0, 1.0e-3, true, false, null, "x\\u00e9"]}',
        ' [ ] ', '{}', '{ "k" : { "n" : [ [ ] , { } ] } }', '123456789012345678901234567890',
        '[NaN, Infinity, -Infinity]', '[1e400, -1e400, 1.5e-400]', '{"a": 1, "a": 2}', '\t\n\r [1]\n', '[1, "é", "日本"]',
        '-', '[1,]', '[1 2]', '{"a" 1}', '{"a": }', '{a: 1}', '{"a": 1,}', '[', '{', '', '  ', 'nul', 'tru', '[-]', '[01]', '[1.]', '[.5]',
        '[1e]', '[1e+]', '"abc', '"\\q"', '["a\x01"]', '{"a": 1} x', '[1, 2', '[1, 2,', '{"a"', '{"a":', '{"a": 1', '[-Infinity', '[-Inf]', 'NaN', '1.5', '[1E5, 2e-5]']
for d in docs:
    try:
        print(repr(d), '->', repr(json.loads(d)))
    except json.JSONDecodeError as e:
        print(repr(d), 'JSONDecodeError', e, e.pos, e.lineno, e.colno)
    except (ValueError, RecursionError) as e:
        print(repr(d), type(e).__name__, e)
print(json.loads('{"b": 1, "a": [2]}', object_pairs_hook=collections.OrderedDict))
print(json.loads('{"b": 1, "a": {"c": 2}}', object_hook=lambda d: sorted(d.items())))
print(json.loads('[1.1, 2, 3.0]', parse_float=decimal.Decimal, parse_int=lambda s: int(s) * 10))
print(json.loads('[NaN, -Infinity]', parse_constant=lambda s: s.lower()))
print(json.loads('"a\tb"', strict=False))
try: json.loads('"a\tb"')
except json.JSONDecodeError as e: print(e)
dec = json.JSONDecoder()
print(dec.raw_decode('  [1, {"x": 2}] tail'[2:]), dec.scan_once('xx[3]', 2))
try: dec.scan_once('abc', 5)
except StopIteration as e: print('StopIteration', e.value)
try: json.loads('[' * 100000 + ']' * 100000)
except RecursionError as e: print('RecursionError', e)
big = '1' * 5000
try: json.loads(big)
except ValueError as e: print('ValueError', str(e)[:60])
r = json.loads('[{"key": 1}, {"key": 2}]')
print(r, type(json.scanner.make_scanner).__name__ if hasattr(json.scanner, 'c_make_scanner') else '', json.scanner.c_make_scanner is not None)
