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
