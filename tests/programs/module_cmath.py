# cmath: every function over a grid of special and extreme values (signed
# zeros, subnormals, huge values, infinities, NaN), branch cuts, argument
# conversion and CPython's errors.
import cmath
import math

comps = [0.0, -0.0, 5e-324, -1e-310, 2.2250738585072014e-308, 1e-300, -1e-10, 0.5, -0.71,
         1.0, -1.0, 1.5, 2.0, -3.0, 1e154, -1e160, 1e300, 710.0, -1.7976931348623157e308,
         math.inf, -math.inf, math.nan]
fns = ['acos', 'acosh', 'asin', 'asinh', 'atan', 'atanh', 'cos', 'cosh', 'exp', 'log', 'log10',
       'sin', 'sinh', 'sqrt', 'tan', 'tanh', 'phase', 'polar', 'isfinite', 'isinf', 'isnan']


def show(r):
    if isinstance(r, complex):
        return '(%r, %r)' % (r.real, r.imag)
    if isinstance(r, tuple) and len(r) == 2 and all(isinstance(x, float) for x in r):
        return '(%r, %r)' % r
    return repr(r)


def call(f, *a, **k):
    try:
        return show(f(*a, **k))
    except Exception as e:
        return '%s: %s' % (type(e).__name__, e)


for name in fns:
    f = getattr(cmath, name)
    for x in comps:
        print(name, x, ' '.join(call(f, complex(x, y)) for y in comps))
for x in comps:
    print('rect', x, ' '.join(call(cmath.rect, x, y) for y in comps))
    print('log base', x, ' '.join(call(cmath.log, x, y) for y in comps))
    print('log base 10', x, call(cmath.log, complex(x, 1.0), 10))
    print('isclose', x, ' '.join(call(cmath.isclose, complex(x, 1), complex(y, 1)) for y in comps))

# Ordinary values, from a fixed linear congruential sequence.
seed = 12345


def nxt():
    global seed
    seed = (seed * 6364136223846793005 + 1442695040888963407) % 2 ** 64
    return seed


def num():
    k = nxt() % 3
    u = (nxt() >> 11) / 2 ** 53
    if k == 0:
        return (u - 0.5) * 6
    if k == 1:
        return (u - 0.5) * 2e-3
    return math.ldexp(u, nxt() % 2099 - 1074) * (1 if nxt() % 2 else -1)


for i in range(250):
    z = complex(num(), num())
    print(repr(z), ' '.join(call(getattr(cmath, n), z) for n in fns[:18]))
    w = complex(num(), num())
    print('  log', call(cmath.log, z, w), 'rect', call(cmath.rect, z.real, z.imag),
          'isclose', call(cmath.isclose, z, z * (1 + 1e-10)))

class Cx:
    def __complex__(self): return 1 + 2j
class Fl:
    def __float__(self): return 2.5
class Ix:
    def __index__(self): return 3
class Both:
    def __complex__(self): return 3j
    def __float__(self): return 9.0
class BadC:
    def __complex__(self): return 1.5
class BadF:
    def __float__(self): return 1
class SubC(complex):
    def __complex__(self): return 5j
class SubF(float):
    def __complex__(self): return 7j
class SubI(int):
    def __complex__(self): return 8j
class Raises:
    def __complex__(self): raise RuntimeError('boom')

# Argument conversion and errors.
for v in [Cx(), Fl(), Ix(), Both(), BadC(), BadF(), SubC(1, 1), SubF(2.0), SubI(3), Raises(), 'a', None, [], 10**400, 2**1023, True, 1.5, 2, 3j]:
    for name in ['sqrt', 'exp', 'phase', 'polar', 'isnan', 'log']:
        print(type(v).__name__, name, call(getattr(cmath, name), v))
    print('rect', call(cmath.rect, v, 0.5), call(cmath.rect, 1, v))
    print('log base', call(cmath.log, 2, v))
    print('isclose', call(cmath.isclose, v, v), call(cmath.isclose, 1, 1, rel_tol=v), call(cmath.isclose, 1, 1, abs_tol=v))
calls = [lambda: cmath.sqrt(), lambda: cmath.sqrt(1, 2), lambda: cmath.sqrt(z=1), lambda: cmath.log(), lambda: cmath.log(1, 2, 3),
         lambda: cmath.log(x=1), lambda: cmath.log(1, base=2), lambda: cmath.rect(1), lambda: cmath.rect(1, 2, 3), lambda: cmath.rect(r=1, phi=2),
         lambda: cmath.phase(), lambda: cmath.polar(1, 2), lambda: cmath.isclose(), lambda: cmath.isclose(1), lambda: cmath.isclose(1, 2, 3),
         lambda: cmath.isclose(1, 2, foo=1), lambda: cmath.isclose(a=1, b=1), lambda: cmath.isclose(1, a=1), lambda: cmath.isclose(1, 2, a=1),
         lambda: cmath.isclose(1, 2, b=1), lambda: cmath.isclose(b=1), lambda: cmath.isclose(1, b=1.0000000001), lambda: cmath.isclose(1, 2, rel_tol=-1),
         lambda: cmath.isclose(1, 2, abs_tol=-0.1), lambda: cmath.isclose(1, 2, rel_tol=1), lambda: cmath.isclose(1, 1.1, rel_tol=0.1),
         lambda: cmath.isclose(1, 1.1, abs_tol=0.1), lambda: cmath.isclose(complex('inf'), complex('inf')),
         lambda: cmath.isclose(complex(math.inf, 1), complex(math.inf, 2)), lambda: cmath.isclose(math.nan, math.nan),
         lambda: cmath.isclose(1j, 1.000000001j), lambda: cmath.isclose(1e-10j, 0, abs_tol=1e-9), lambda: cmath.isclose(1, 'x'),
         lambda: cmath.isclose('x', 1, rel_tol=-1), lambda: cmath.isclose(1, 2, rel_tol=-1, abs_tol='x'), lambda: cmath.log(0, 'x'), lambda: cmath.log('x', 0),
         lambda: cmath.log(0, 2), lambda: cmath.log(2, 1), lambda: cmath.log(2, 0), lambda: cmath.log(1, 1), lambda: cmath.log(8, 2), lambda: cmath.log(100, 10),
         lambda: cmath.log(1j, 1j), lambda: cmath.log(-1, -1), lambda: cmath.exp(1000), lambda: cmath.exp(complex(710, 1)), lambda: cmath.cosh(1000),
         lambda: cmath.sinh(complex(-1000, 1)), lambda: cmath.polar(1e308 + 1e308j), lambda: cmath.polar(complex(math.inf, math.nan)),
         lambda: cmath.polar(complex(math.nan, 1)), lambda: cmath.atanh(1), lambda: cmath.atanh(-1), lambda: cmath.log10(0), lambda: cmath.log(0j),
         lambda: cmath.sqrt(-1), lambda: cmath.sqrt(complex(-1, -0.0)), lambda: cmath.acos(2), lambda: cmath.asin(complex(2, -0.0)),
         lambda: cmath.rect(math.inf, 1), lambda: cmath.rect(-math.inf, 2), lambda: cmath.rect(1, math.inf), lambda: cmath.rect(0, math.inf),
         lambda: cmath.rect(math.nan, 0), lambda: cmath.rect(2, -0.0), lambda: cmath.phase(complex(-1, -0.0)), lambda: cmath.phase(complex(-1, 0.0)),
         lambda: cmath.phase(1e-320j + 1e300), lambda: cmath.tan(complex(0, 1000)), lambda: cmath.tanh(complex(1000, 1)), lambda: cmath.cos(complex(0, 1000)),
         lambda: (cmath.pi, cmath.e, cmath.tau, cmath.inf, cmath.infj, cmath.nan, cmath.nanj),
         lambda: (math.copysign(1, cmath.infj.real), math.copysign(1, cmath.nanj.real), type(cmath.infj), type(cmath.pi)),
         lambda: sorted(n for n in dir(cmath) if not n.startswith('_')),
         lambda: cmath.sqrt.__name__, lambda: cmath.isclose.__name__]
for c in calls:
    print(call(c))
