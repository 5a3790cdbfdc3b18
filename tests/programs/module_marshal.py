# marshal: CPython's byte format (versions 0-4, FLAG_REF back-references),
# loads of everything CPython writes, errors, files, code objects.
import io
import marshal
import types


def show(v, depth=0):
    """A repr that does not depend on set iteration order."""
    if depth > 4:
        return '...'
    depth += 1
    if isinstance(v, (set, frozenset)):
        return type(v).__name__ + '{' + ', '.join(sorted(show(x, depth) for x in v)) + '}'
    if isinstance(v, dict):
        return '{' + ', '.join(show(k, depth) + ': ' + show(x, depth) for k, x in v.items()) + '}'
    if isinstance(v, list):
        return '[' + ', '.join(show(x, depth) for x in v) + ']'
    if isinstance(v, tuple):
        return '(' + ', '.join(show(x, depth) for x in v) + (',)' if len(v) == 1 else ')')
    return repr(v)


def attempt(f, *args):
    try:
        r = f(*args)
    except Exception as e:
        return '%s: %s' % (type(e).__name__, e)
    return r.hex() if isinstance(r, (bytes, bytearray)) else show(r)


print('version', marshal.version)

shared = [1]
big = 10 ** 20
text = 'hello world'
values = [
    None, True, False, ..., StopIteration,
    0, 1, -1, 255, 256, 257, -5, -6, 300, 2 ** 31 - 1, 2 ** 31, -2 ** 31, -2 ** 31 - 1,
    2 ** 40, -2 ** 40, 2 ** 62, 2 ** 63, -2 ** 63, 2 ** 64, big, -big, 10 ** 50,
    0.0, -0.0, 1.5, 0.1, 1e300, 1e-300, 5e-324, float('inf'), float('-inf'), float('nan'),
    1e16, 123456789.125, 1j, -1j, 1 + 2j, complex(0.0, -0.0),
    '', 'a', 'hello', text, 'é', 'héllo', '日本語', '\x00', 'a b' * 100,
    b'', b'x', b'hello', b'\x00\xff' * 10, bytearray(b'ab'), memoryview(b'mv'),
    (), (1,), (1, 2, 3), (1, 'a', 'a'), tuple(range(10)),
    [], [1, 2], [shared, shared], [[], []], {}, {'a': 1, 'b': [1, 2]}, {1: 2, (1, 2): 'x'},
    set(), {1, 2, 3}, {'a', 'b', 'c'}, frozenset(), frozenset({1, 'a', 2.5, (1, 2)}),
    {(1, 2), (3, 4), (1,)}, [big, big], [text, text], [1.5, 1.5], [300, 300],
    [1 + 2j, 1 + 2j], {'key': 'key'}, [(), ()], [b'', b''], [b'ab', b'ab'],
]
for v in values:
    name = 'memoryview' if isinstance(v, memoryview) else show(v)[:40]
    for version in range(5):
        data = marshal.dumps(v, version)
        back = marshal.loads(data)
        print(version, name, data.hex()[:120], '->', show(back)[:40], type(back).__name__)

# Back-references and recursion.
rec = []
rec.append(rec)
print('recursive list', marshal.dumps(rec).hex())
r2 = marshal.loads(marshal.dumps(rec))
print(r2, r2[0] is r2)
d = {}
d['self'] = d
d2 = marshal.loads(marshal.dumps(d))
print(marshal.dumps(d).hex(), d2['self'] is d2)
for version in range(3):
    print('recursive, version', version, attempt(marshal.dumps, rec, version))
pair = marshal.loads(marshal.dumps([shared, shared]))
print(pair, pair[0] is pair[1])
pair = marshal.loads(marshal.dumps([shared, shared], 2))
print(pair, pair[0] is pair[1])

# Nesting limits.
deep = []
for i in range(3000):
    deep = [deep]
print(attempt(marshal.dumps, deep))
print(attempt(marshal.dumps, [deep, object()]))
print(attempt(marshal.dumps, [object(), deep]))
ok = []
for i in range(1990):
    ok = [ok]
print(len(marshal.dumps(ok)), len(marshal.dumps(marshal.loads(marshal.dumps(ok)))))
print(attempt(marshal.loads, b'[\x01\x00\x00\x00' * 2100 + b'N'))


# Unmarshallable values.
class I(int):
    pass


class S(str):
    pass


class B(bytes):
    pass


for v in [I(1), S('a'), B(b'ab'), (), object(), int, print, [1, object()], {1: object()}, {object()}]:
    print(attempt(marshal.dumps, v))

# Reading: CPython's data, damaged data.
cases = [
    b'', b'i', b'i\x01', b'(', b')\x01', b')', b'z\x05ab', b'z', b'0', b'r\x00\x00\x00\x00',
    b'l\x01\x00\x00\x00\x00\x00', b'l\x01\x00\x00\x00\x00\x80', b'l\x02\x00\x00\x00\x01\x00\x00\x00',
    b'l\x00\x00\x00\x80', b'l\xff\xff\xff\x7f', b'l\x00\x00\x00\x00', b'l\xff\xff\xff\xff\x01\x00',
    b'l\x03\x00\x00\x00\x01\x00\x02\x00\x03\x00', b'l\xfd\xff\xff\xff\xff\x7f\xff\x7f\xff\x7f',
    b'f\x03abc', b'{N', b'{', b'{i\x01\x00\x00\x000', b'u\x02\x00\x00\x00\xff\xfe', b'\x99',
    b'[\xff\xff\xff\xff', b'[\x00\x00\x00\x80', b'[\xff\xff\xff\x7f', b'(\xff\xff\xff\x7f',
    b'<\xff\xff\xff\x7f', b's\xff\xff\xff\x7f', b'u\xff\xff\xff\x7f', b'a\xff\xff\xff\x7f',
    b's\xff\xff\xff\xff', b'{[\x00\x00\x00\x00N0', b'<\x01\x00\x00\x00[\x00\x00\x00\x00',
    b'f\x041e99', b'f\x03nan', b'f\x03-in', b'x\x011', b'f', b'(\x01\x00\x00\x00',
    b'I\x01\x02\x03\x04\x05\x06\x07\x08', b'I\x01\x02', b'S', b'?', b'\xe9\x01\x00\x00\x00',
    b'[\x01\x00\x00\x00r\x00\x00\x00\x00', b'\xdb\x01\x00\x00\x00r\x00\x00\x00\x00',
    b'\xbc\x00\x00\x00\x00', b'\xbe\x00\x00\x00\x00', b'\xbe\x01\x00\x00\x00r\x00\x00\x00\x00',
    b'\xbc\x01\x00\x00\x00r\x00\x00\x00\x00', b'A\x02\x00\x00\x00ab', b'a\x02\x00\x00\x00\xff\xfe',
    b'Z\x02\xc3\xa9', b'y' + b'\x00' * 15, b'g\x00', b'f\x04 1.5', b'f\x041_00', b'f\x04INFI',
    b'f\x08INFINITY', b'f\x02.5', b'f\x021.', b'f\x00', b'f\x01.', b'f\x021e', b'f\x041e-9',
    b'f\x06-1e999', b'f\x040x10', b'f\x04-nan', b'f\x04+inf', b'f\x03NaN', b'u\x00\x00\x00\x00',
    b't\x00\x00\x00\x00', b'\xda\x05hello', b'\xfa\x05hello',
    b')\x03\xda\x01ar\x00\x00\x00\x00r\x00\x00\x00\x00', b'N\xff', b'r\xff\xff\xff\xff', b'\xf0',
    b'{\xe9\x01\x00\x00\x00N\xe9\x02\x00\x00\x00r\x00\x00\x00\x000', b'[\x02\x00\x00\x000N',
    b'(\x02\x00\x00\x00N0', b'<\x01\x00\x00\x000', b'{0', b'{N0', b'x\x011\x012', b'x\x02-0\x03inf',
    b'y\x00\x00\x00\x00\x00\x00\xf0?\x00\x00\x00\x00\x00\x00\x00\x80',
]
for b in cases:
    print(b, attempt(marshal.loads, b))
interned = marshal.loads(b')\x02\xda\x04abcdr\x00\x00\x00\x00')
print(interned, interned[0] is interned[1])

# Arguments.
for a in [bytearray(b'i\x05\x00\x00\x00'), memoryview(b'i\x05\x00\x00\x00'), b'i\x05\x00\x00\x00extra']:
    print(marshal.loads(a))
for a in ['N', 5, None]:
    print(attempt(marshal.loads, a))


class W:
    def __init__(self):
        self.parts = []

    def write(self, b):
        self.parts.append(b)
        return len(b)


calls = [
    lambda: marshal.dumps(), lambda: marshal.dumps(1, 2, 3), lambda: marshal.dumps(1, version=2),
    lambda: marshal.dumps(1, 'a'), lambda: marshal.dumps(1, 2 ** 40), lambda: marshal.dumps(1, 2.0),
    lambda: marshal.loads(), lambda: marshal.loads(b'N', b'N'), lambda: marshal.loads(bytes=b'N'),
    lambda: marshal.load(), lambda: marshal.dump(1), lambda: marshal.dump(1, 2),
    lambda: marshal.dump(object(), W()), lambda: marshal.load(1), lambda: marshal.dumps(True, -1),
    lambda: marshal.dumps(2.5, -3), lambda: marshal.dumps('é', 99), lambda: marshal.dump(1, W(), 1, 2),
    lambda: marshal.dumps(1, True),
]
for c in calls:
    print(attempt(c))

# Files.
f = io.BytesIO()
for v in [1, 'two', [3.0, (4, 'five')], {'six': b'7'}, None]:
    marshal.dump(v, f)
marshal.dump(frozenset([1]), f, 2)
print(f.getvalue().hex())
f.seek(0)
for i in range(6):
    print(show(marshal.load(f)), f.tell())
print(attempt(marshal.load, f))
for data in [b'', b'i\x01', b'z', b'z\x03ab', b')', b'[\x02\x00\x00\x00N']:
    print(data, attempt(marshal.load, io.BytesIO(data)))


class R:
    def __init__(self, data, extra=0):
        self.data = data
        self.extra = extra

    def read(self, n=-1):
        return b''

    def readinto(self, buf):
        n = len(buf)
        chunk = self.data[:n]
        self.data = self.data[n:]
        buf[:len(chunk)] = chunk
        return len(chunk) + self.extra


print(marshal.load(R(b'i\x07\x00\x00\x00')))
print(attempt(marshal.load, R(b'i\x07\x00\x00\x00', 1)))
print(attempt(marshal.load, io.StringIO('N')))
w = W()
print(marshal.dump([1, 'x'], w), w.parts)

# Code objects round-trip and run.
src = '''
def f(a, b=2, *c, d, **e):
    def g():
        return a + d
    return g() * 2, [i for i in c], e
x = f(1, 2, 3, d=4, k=5)
print(x, 1.5, 2j, b'b', ..., None, 10**30)
class K:
    y = 'class body'
print(K.y)
'''
co = compile(src, 'mod.py', 'exec')
data = marshal.dumps(co)
co2 = marshal.loads(data)
print(type(co2).__name__, co2.co_name, co2.co_filename, co2.co_firstlineno)
exec(co2, {'__name__': 'm'})


def h(x):
    return x * 3


h2 = types.FunctionType(marshal.loads(marshal.dumps(h.__code__)), globals())
print(h2(5), h2.__code__.co_varnames, h2.__code__.co_name)
pair = marshal.loads(marshal.dumps((co, co)))
print(pair[0] is pair[1])
for version in range(5):
    c3 = marshal.loads(marshal.dumps(h.__code__, version))
    print(version, types.FunctionType(c3, {})(2))
print(attempt(marshal.loads, data[:len(data) // 2]))
f = io.BytesIO()
marshal.dump(co, f)
f.seek(0)
exec(marshal.load(f), {'__name__': 'm2'})
