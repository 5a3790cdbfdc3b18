# The eval loop's in-place fast paths must agree with the general paths:
# mixed int/float arithmetic and comparison, list/tuple subscripts, the
# native protocol slots, __slots__ members, attribute caches at
# polymorphic sites, first stores into fresh instances, and class calls
# whose __init__ runs as a frame of the loop.
import abc
import math
import sys
import types

nan = float("nan")
print(nan == nan, nan != nan, nan < 1, 1 < nan, 1 == 1.0, 2 > 1.5, 1.5 <= 1, -0.0 == 0)
print(1 + 2.5, 2.5 - 1, 3 * 0.5, 1 / 4.0, 7.0 / 2, 2 ** 0.5, 7 // 2.0, 7 % 2.5)
for a, b in [(1, 0.0), (1.0, 0), (0.0, 0.0), (5, 0)]:
    try:
        print(a / b)
    except ZeroDivisionError as e:
        print("ZeroDivisionError:", e)
print((1 << 49) + 0.5, (1 << 60) + 0.5, True + 1.5, (1 << 70) * 1.0, 3 < (1 << 70), 2.0 ** 70 == 1 << 70)
x = 0.0
for i in range(10):
    x = x * 1.5 + i
    if x > 20.5:
        x -= 7
print(x)

l = [1, 2, 3]
t = (4, 5)
print(l[-1], l[0], t[-2], t[1], "abc"[1], {1: "one"}[1], range(10)[3])
for k in [3, -4, 10 ** 20, True]:
    try:
        print(l[k])
    except IndexError as e:
        print("IndexError:", e)
try:
    t[5]
except IndexError as e:
    print("IndexError:", e)


class SubList(list):
    def __getitem__(self, i):
        return "sub"

    def __len__(self):
        return 42

    def __iter__(self):
        return iter("xy")

    def __contains__(self, v):
        return v == "magic"


s = SubList([1])
print(s[0], len(s), list(s), "magic" in s, 1 in s)
print(hash((1, 2, "a")) == hash((1, 2, "a")), hash((1, (2, 3.5))) == hash((1, (2, 3.5))))
print(len({1: 2}), 3 in range(5), type(iter(range(3))).__name__, type(iter({})).__name__)
d = {}
d[(1, 2)] = "tuple key"
print(d[(1, 2)], (1, 2) in d, sorted({3, 1, 2}), next(iter([9])))
try:
    hash([1])
except TypeError as e:
    print("TypeError:", e)


class Point:
    __slots__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y

    def norm1(self):
        return abs(self.x) + abs(self.y)


p = Point(3, -4)
print(p.norm1(), p.x, p.y)
del p.y
try:
    p.y
except AttributeError as e:
    print("AttributeError:", e)
p.y = 10
print(p.norm1())
try:
    p.z = 1
except AttributeError as e:
    print("AttributeError:", e)


class Base:
    kind = "base"

    def __init__(self, v):
        self.v = v

    def get(self):
        return self.v, self.kind


class Left(Base):
    kind = "left"


class Right(Base):
    def __init__(self, v):
        self.w = 0
        super().__init__(v * 2)


objs = [Base(1), Left(2), Right(3), Left(4), Base(5)]
for _ in range(3):
    print([o.get() for o in objs])
for o in objs:
    o.v += 1
print([o.v for o in objs], [sorted(vars(o)) for o in objs])
objs[0].get = lambda: "shadowed"
print([o.get() for o in objs][:2])


class A:
    def __init__(self, x, y=2, *, z=3):
        self.s = x + y + z


print(A(1).s, A(1, 5, z=10).s)


class B(A):
    pass


print(B(2).s)


class ReturnsFive:
    def __init__(self):
        return 5


try:
    ReturnsFive()
except TypeError as e:
    print("TypeError:", e)


class Raises:
    def __init__(self, x):
        raise ValueError(x)


try:
    Raises(3)
except ValueError as e:
    print(repr(e), e.__traceback__.tb_next.tb_frame.f_code.co_name)


class Abstract(abc.ABC):
    @abc.abstractmethod
    def f(self):
        pass

    @abc.abstractmethod
    def g(self):
        pass

    def __init__(self):
        pass


try:
    Abstract()
except TypeError as e:
    print("TypeError:", e)


class Concrete(Abstract):
    def f(self):
        return 1

    def g(self):
        return 2


print(Concrete().f())


class Caller:
    def __init__(self):
        print("called from", sys._getframe(1).f_code.co_name)


def make():
    return Caller()


make()


class NeedsArg:
    def __init__(self, a):
        pass


try:
    NeedsArg()
except TypeError as e:
    print("TypeError:", e)


class GenInit:
    def __init__(self):
        yield 1


try:
    GenInit()
except TypeError as e:
    print("TypeError:", e)


class CustomNew:
    def __new__(cls, *a):
        print("new", a)
        return super().__new__(cls)

    def __init__(self, q):
        print("init", q)


CustomNew(7)
old_init = A.__init__
for i in range(3):
    A.__init__ = (lambda self, x: setattr(self, "s", -x)) if i == 1 else old_init
    print(A(i).s)


def nest(n):
    class K:
        def __init__(self):
            nest(n + 1)

    return K()


try:
    nest(0)
except RecursionError as e:
    print("RecursionError:", e)

# Sorting: keys that compare natively take Rust's stable sort.
import random
random.seed(5)
a = [random.randint(-50, 50) for _ in range(200)]
print(sorted(a)[:10], sorted(a, reverse=True)[:10])
b = [(x % 7, -x, str(x)) for x in a]
print(sorted(b)[:5], sorted(b, reverse=True)[:5])
c = [x / 3 for x in a] + [1, 2, 3]
print(sorted(c)[:6])
print(sorted(["b", "a", "é", "Z", "ab"]), sorted([1.5, float('nan'), 0.5]))
pairs = [(1, 'b'), (0, 'z'), (1, 'a')]
print(sorted(pairs, key=lambda p: p[0]), sorted(pairs, key=lambda p: p[0], reverse=True))
try: sorted([(1, 'a'), ('x', 2)])
except TypeError as e: print(e)
try: sorted([1, 'a'])
except TypeError as e: print(e)
print(sorted([(1,), (1, 2), ()]), sorted([True, 0, -1]), sorted([10**20, 5, -10**30]))

# Binary operators on classes: the Python __op__ runs as a frame of the loop.
class V:
    def __init__(self, x): self.x = x
    def __add__(self, o):
        if isinstance(o, V): return V(self.x + o.x)
        if isinstance(o, int): return V(self.x + o)
        return NotImplemented
    def __radd__(self, o): return V(o + self.x + 1000)
    def __mul__(self, k): return V(self.x * k)
    def __sub__(self, o): raise ValueError("no sub")
    def __repr__(self): return f"V({self.x})"
class W(V):
    def __radd__(self, o): return "W.radd first"
class S:
    def __add__(self, o): return NotImplemented
    def __radd__(self, o): return "S.radd"
a, b = V(1), V(2)
print(a + b, a + 5, 5 + a, a * 3, a + W(1), V(1) + S())
try: a + "x"
except TypeError as e: print("TypeError:", e)
try: S() + S()
except TypeError as e: print("TypeError:", e)
try: a - b
except ValueError as e: print("ValueError:", e, e.__traceback__.tb_next.tb_frame.f_code.co_name)
c = V(10); c += b; print(c)
class I:
    def __init__(self): self.v = 0
    def __iadd__(self, o): self.v += o; return self
i = I(); i += 5; print(i.v)
class Star:
    def __add__(self, *a): return ("star", a)
print(Star() + 1)
class Deep:
    def __add__(self, o): return self + o
try: Deep() + 1
except RecursionError as e: print("RecursionError", e)
class G:
    def __add__(self, o):
        yield o
print(type(G() + 1).__name__)

# Native functions and method descriptors called straight on the stack.
for f in [lambda: str.upper(5), lambda: str.upper(), lambda: len(), lambda: len(1, 2), lambda: "a".join(5), lambda: [].append(), lambda: dict.get({}, 1, 2, 3)]:
    try: print(f())
    except TypeError as e: print("TypeError:", e)
print(str.upper("abc"), "x".join(["a", "b"]), len([1, 2]), isinstance(1, int), [].__len__())
m = "abc".upper; print(m())
import sys
def tr(fr, ev, arg): return None
print(sys.settrace(tr) or "set"); sys.settrace(None)
print(sorted([3, 1, 2], key=None), max(1, 2, 3), divmod(7, 2))

# Class and module attribute loads through caches keyed by the owner.
class A:
    x = 1
    def f(self): return "f"
    @classmethod
    def c(cls): return cls.__name__
    @staticmethod
    def s(): return "s"
    @property
    def p(self): return "p"
class B(A): pass
def read():
    return (A.x, B.x, A.f(A()), B.c(), B.s(), type(A.p).__name__, A.__name__, B.__qualname__, str.upper("q"), math.pi > 3, len(sys.argv))
for i in range(3):
    print(read())
    if i == 0:
        A.x = 2
    if i == 1:
        B.x = 3
        del A.f
        A.f = lambda self: "g"
m = types.ModuleType("m")
m.v = 1
def mread(): return m.v
print(mread()); m.v = 2; print(mread()); del m.v
try: mread()
except AttributeError as e: print("AttributeError:", e)
m.v = 5; m.w = 6; print(mread())
m.__getattr__ = lambda n: "dyn " + n
print(m.zzz, mread())
class Meta(type):
    y = "meta"
class C(metaclass=Meta): pass
def cread(): return C.y
print(cread(), cread())
Meta.y = "meta2"; print(cread())
class D:
    __slots__ = ()
    k = 7
print([D.k for _ in range(3)])


class E(Exception):
    def __init__(self, a):
        Exception.__init__(self, a, "x")
        self.a = a


print([E(i).args for i in range(3)], E.__init__ is Exception.__init__)
print(int.__name__, E.__name__, E.__mro__[1:3], E.__doc__, int.__new__ is object.__new__)
