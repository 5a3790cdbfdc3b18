"""Module docstring."""
import os, sys as system
import a.b.c as d
from . import x
from .. mod import (y as z, w,)
from ...pkg.sub import *
global g1, g2
x = 1
x = y = z = 2
a, *b = c
[a, (b, c)] = d
x.attr = 3
x[0] = 4
x[1:2, ...] = 5
x += 1; x -= 1; x *= 2; x @= m; x /= 2; x //= 2; x %= 3; x **= 2
x <<= 1; x >>= 1; x &= 1; x |= 1; x ^= 1
y: int
y: "str" = "v"
(z): list = []
obj.attr: int = 0
del a, b[0], c.d
del (e, f), [g]
assert x, "message"
assert y
pass
raise
raise ValueError
raise ValueError("x") from None
if a:
    pass
elif b:
    pass
elif c:
    pass
else:
    pass
while x:
    break
else:
    continue
for i in range(10):
    pass
else:
    pass
for a, b in pairs: pass
for (a, b), *c in stuff: pass
with open(f) as g, other():
    pass
with (a as b, c as d,):
    pass
with (yield):
    pass
try:
    pass
except ValueError as e:
    pass
except (TypeError, KeyError):
    pass
except:
    pass
else:
    pass
finally:
    pass
try:
    pass
finally:
    pass
try:
    pass
except* ValueError as eg:
    pass
except* (TypeError, KeyError):
    pass
def f(a, b=1, *args, c, d=2, **kwargs) -> int:
    "doc"
    return a
def g(a, b, /, c, *, d): return
def h(*, a=1, b): yield; yield x; yield from y
async def co(x):
    await x
    async for i in x:
        pass
    async with x as y:
        pass
    return [i async for i in x]
@decorator
@decorator.attr(1, k=2)
@(lambda f: f)
def decorated(): pass
class A: pass
class B(A, metaclass=M, **kw):
    """doc"""
    x: int = 1
    def m(self): return super().m()
@dataclass
class C(*bases): ...
def outer():
    v = 1
    def inner():
        nonlocal v
        v += 1
    return inner
