# abc over the native _abc: abstract methods, register, subclass hooks,
# caches and their invalidation, collections.abc and numbers checks.
import abc, sys, collections.abc as cabc
print('_py_abc' in sys.modules, type(abc.ABC._abc_impl).__name__)
class A(abc.ABC):
    @abc.abstractmethod
    def f(self): ...
    @property
    @abc.abstractmethod
    def p(self): ...
print(sorted(A.__abstractmethods__))
try: A()
except TypeError as e: print(e)
class B(A):
    def f(self): return 1
print(sorted(B.__abstractmethods__))
class C(B):
    p = 3
print(C().f(), C.__abstractmethods__)
class V: pass
A.register(V)
print(issubclass(V, A), isinstance(V(), A), issubclass(V, B))
try: A.register(1)
except TypeError as e: print(e)
try: V.__class__; A.register(A)
except RuntimeError as e: print(e)
print(A.register(C) is C)
class Sub(V): pass
print(issubclass(Sub, A))
class H(abc.ABC):
    @classmethod
    def __subclasshook__(cls, o):
        return True if hasattr(o, 'quack') else NotImplemented
class Duck:
    def quack(self): pass
print(issubclass(Duck, H), issubclass(int, H), isinstance(Duck(), H))
class Bad(abc.ABC):
    @classmethod
    def __subclasshook__(cls, o): return 5
try: issubclass(int, Bad)
except AssertionError as e: print(e)
try: issubclass(1, A)
except TypeError as e: print(e)
print(isinstance({}, cabc.Mapping), isinstance([], cabc.Sequence), isinstance(iter([]), cabc.Iterator), issubclass(dict, cabc.MutableMapping), isinstance(3, cabc.Hashable), isinstance([], cabc.Hashable))
t = abc.get_cache_token(); A.register(int); print(abc.get_cache_token() == t + 1)
r, c, n, v = abc._get_dump(A)
print(sorted(x().__name__ for x in r), type(v))
abc._reset_caches(A); r, c, n, v = abc._get_dump(A); print(len(c), len(n))
abc._reset_registry(A); print(len(abc._get_dump(A)[0]), issubclass(V, A))
print('__abc_tpflags__' in cabc.Sequence.__dict__, sorted(cabc.Sequence.__abstractmethods__))
match [1,2]:
    case [a, b]: print("seq", a, b)
match {'k': 1}:
    case {'k': v}: print("map", v)
import numbers, fractions, decimal
print(isinstance(1, numbers.Integral), isinstance(1.5, numbers.Real), isinstance(fractions.Fraction(1,2), numbers.Rational), isinstance(decimal.Decimal(1), numbers.Number))
class M(type): pass
class X(metaclass=abc.ABCMeta):
    __slots__ = ()
import _abc; print(type(X._abc_impl), hasattr(_abc, '_abc_data'), sorted(dir(_abc)))

# --- CPython details: caches, registry fast path, errors, collection flags ---
def dump_sizes(c):
    r, p, n, v = abc._get_dump(c)
    return [len(r), len(p), len(n)], v == abc.get_cache_token()
class R(abc.ABC): pass
class Reg: pass
class RegSub(Reg): pass
R.register(Reg)
# A registered class itself is answered without caching it; its subclass
# is cached; an unrelated class lands in the negative cache.
print(issubclass(Reg, R), dump_sizes(R))
print(issubclass(RegSub, R), dump_sizes(R))
print(issubclass(int, R), dump_sizes(R))
class Other: pass
R.register(Other)  # bumps the token: the negative cache is stale
print(dump_sizes(R), issubclass(int, R), dump_sizes(R))
print(isinstance(Reg(), R), isinstance(3, R), isinstance(RegSub(), R))
abc._reset_caches(R); print(dump_sizes(R)[0])
abc._reset_registry(R); print(dump_sizes(R)[0], issubclass(Other, R))
class Cyc(R): pass
try: Cyc.register(R)
except RuntimeError as e: print('RuntimeError', e)
print(R.register(Cyc) is Cyc, R.register(R) is R)
# __class__ that lies: both the claimed class and the real type count.
class Liar:
    @property
    def __class__(self): return Reg
R.register(Reg)
print(isinstance(Liar(), R), isinstance(Liar(), Reg))
# Argument errors, as CPython's _abc words them.
import _abc
def err(f, *a, **k):
    try: f(*a, **k)
    except Exception as e: print(type(e).__name__, e)
err(_abc._abc_init); err(_abc._abc_register, R); err(_abc.get_cache_token, 1)
err(_abc._get_dump); err(_abc._reset_caches, R, R); err(_abc._reset_registry)
err(_abc._abc_instancecheck, R, 1, 2); err(_abc._abc_subclasscheck, R)
err(_abc._abc_init, x=1); err(_abc._abc_register, a=1, b=2)
err(_abc._abc_register, int, str); err(_abc._abc_subclasscheck, R, 3)
class WrongImpl(abc.ABC): pass
WrongImpl._abc_impl = 3
err(issubclass, int, WrongImpl); err(isinstance, 1, WrongImpl); err(WrongImpl.register, int)
class NotList(abc.ABC):
    @classmethod
    def __subclasses__(cls): return ()
err(issubclass, int, NotList)
class BadNames: __abstractmethods__ = [1]
err(_abc._abc_init, type('BN', (BadNames,), {}))
class BadIter: __abstractmethods__ = 5
err(_abc._abc_init, type('BI', (BadIter,), {}))
print(_abc.__doc__, type(R._abc_impl).__doc__)
try:
    class SubData(type(R._abc_impl)): pass
except TypeError as e: print('TypeError')
# Inherited abstract names are looked up on the class: abstract class and
# static methods stay abstract until overridden.
import inspect
for deco in (abc.abstractmethod, abc.abstractclassmethod, abc.abstractstaticmethod, abc.abstractproperty):
    class K(abc.ABC):
        @deco
        def foo(self): pass
    class K2(K): pass
    class K3(K2):
        def foo(self): pass
    print(sorted(K2.__abstractmethods__), sorted(K3.__abstractmethods__), inspect.isabstract(K2), inspect.isabstract(K3))
    err(K2)
print(abc.ABC.__flags__ & (1 << 20), bool(K.__flags__ & (1 << 20)))
# match: sequence/mapping kinds are type flags set by __abc_tpflags__ and
# register, not isinstance answers.
import collections, array
def kind(x):
    match x:
        case [*_]: return 'seq'
        case {}: return 'map'
        case _: return 'other'
print([kind(v) for v in ([], (), range(1), memoryview(b''), collections.deque(), {}, 'ab', b'', bytearray(),
                         collections.OrderedDict(), collections.defaultdict(), collections.Counter(),
                         collections.UserList(), collections.UserDict(), collections.ChainMap(), set(), 5)])
class MD(dict): pass
class MDSub(MD): pass
cabc.Sequence.register(MD)
print(kind(MD()), kind(MDSub()), isinstance(MD(), cabc.Mapping))
class PM: pass
class PMSub(PM): pass
cabc.Mapping.register(PM)
class LPM(list, PM): pass
class PML(PM, list): pass
print(kind(PM()), kind(PMSub()), kind(LPM()), kind(PML()))
class SeqLie:
    @property
    def __class__(self): return list
print(kind(SeqLie()), isinstance(SeqLie(), list))
class Everything(abc.ABCMeta):
    def __instancecheck__(cls, inst): return True
class AnySeq(cabc.Sequence, metaclass=Everything): pass
print(kind(object()), isinstance(object(), AnySeq))
for tf in ['x', True, 1 << 7, 1 << 5, 1 << 6, -1, (1 << 5) | (1 << 6), 1 << 100]:
    try:
        class TF(metaclass=abc.ABCMeta):
            __abc_tpflags__ = tf
        print(repr(tf), kind(TF()), '__abc_tpflags__' in TF.__dict__)
    except Exception as e: print(repr(tf), type(e).__name__, e)
for t in (int, bool, list, dict, str, tuple, type, abc.ABCMeta, ValueError, object, MD, PM, collections.deque):
    print(t.__name__, [b for b in (5, 6, 8, 9, 20, 24, 25, 26, 27, 28, 29, 30, 31) if t.__flags__ >> b & 1])
# Bound methods forward attributes to their function.
class Fw:
    @classmethod
    def c(cls): pass
    def m(self): pass
Fw.c.__func__.tag = 1; Fw.m.tag = 2
print(Fw.c.tag, Fw().m.tag, Fw.c.__module__)
err(getattr, Fw().m, 'nope')
# A class is abstract when its own __abstractmethods__ is true.
class Flip(abc.ABC): pass
Flip.__abstractmethods__ = 0
print(type(Flip()).__name__, Flip.__flags__ >> 20 & 1)
Flip.__abstractmethods__ = ['x', 'a']
print(Flip.__flags__ >> 20 & 1); err(Flip)
Flip.__abstractmethods__ = frozenset()
print(type(Flip()).__name__, Flip.__flags__ >> 20 & 1)
# A metaclass's mro() result is checked before the class is used.
class EmptyMro(type):
    def mro(cls): return []
class BadMro(type):
    def mro(cls): return [cls, 5, object]
err(EmptyMro, 'E', (), {}); err(BadMro, 'B', (), {})
