# _json: the native string scanner and encoder under Lib's json — CPython's
# decoding errors and positions, escapes and surrogate pairs, the
# encoder's key rules, separators, sort_keys, skipkeys, circular
# references, default(), float/int subclasses, non-finite floats.
import json, decimal, collections
for s in ['"\\x"', '"abc', '"a\\u12"', '"\\ud83d\\ude00"', '"tab\there"', '"\\u00e9\\n\\t\\"x"', '{"a": [1, 2.5, "é", null, true]}', '"\\ud800"x', '[1, "\\q"]', '"end\\']:
    try: print(repr(json.loads(s)))
    except json.JSONDecodeError as e: print(e.msg, e.pos, e.lineno, e.colno)
print(json.encoder.c_encode_basestring_ascii('é"\n\x01\U0001f600'), json.encoder.c_encode_basestring('é"\n\x01'))
try: json.dumps({(1,2):3})
except TypeError as e: print(e)
l=[]; l.append(l)
try: json.dumps(l)
except ValueError as e: print(e)
print(json.dumps({'b':1,'a':[1.5,True,None,'x']}, sort_keys=True), json.dumps({1:2, 2.5:3, True:4, None:5, 'é': 'ü'}))
print(json.dumps({'k': (1, 2)}, separators=(',', ':')), json.dumps([float('inf'), -0.0, 1e300, 10**30]), json.dumps({(1,): 2}, skipkeys=True))
class E(json.JSONEncoder):
    def default(self, o): return list(o) if isinstance(o, set) else super().default(o)
print(E().encode({'s': {3}}), json.dumps(collections.OrderedDict(z=1, a=2)), json.dumps("é", ensure_ascii=False))
try: json.dumps(object())
except TypeError as e: print(e)
class F(float): pass
class I(int):
    def __repr__(self): return "nope"
print(json.dumps([F(1.5), I(3), True]), json.loads('[1.5e3, -0, 3]'), json.dumps({"a": 1}, indent=2))
doc = json.dumps({"k%d" % i: [i, "v" * i, {"n": None}] for i in range(50)})
print(len(doc), json.loads(doc) == {"k%d" % i: [i, "v" * i, {"n": None}] for i in range(50)})
