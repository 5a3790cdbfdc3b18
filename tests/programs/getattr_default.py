# getattr with a default and hasattr: missing attributes found without
# raising, but AttributeError from descriptors and __getattr__ still counts.
import sys, types
class A:
    x = 1
    @property
    def p(self): raise AttributeError("inner")
    def __init__(self): self.y = 2
a = A()
print(getattr(a, 'x', 0), getattr(a, 'y', 0), getattr(a, 'z', 'dflt'), getattr(a, 'p', 'prop-dflt'), hasattr(a, 'z'), hasattr(a, 'y'), hasattr(a,'p'))
m = types.ModuleType('mm'); m.__getattr__ = lambda n: n * 2
print(getattr(m, 'ab', None), hasattr(m, 'q'))
m2 = types.ModuleType('m2')
print(getattr(m2, 'nope', 'd'), hasattr(sys, 'nope'))
try: m2.nope
except AttributeError as e: print(e)
try: a.zz
except AttributeError as e: print(e, e.name, e.obj is a)
class G:
    def __getattr__(self, n):
        if n == 'ok': return 5
        raise AttributeError(n)
print(getattr(G(), 'ok', 0), getattr(G(), 'no', 0), hasattr(G(), 'no'))
class E:
    @property
    def bad(self): raise ValueError("boom")
try: hasattr(E(), 'bad')
except ValueError as e: print("propagated", e)
print(getattr(1, 'real', None), getattr(int, 'nope', 'T'), getattr([], 'append', None) is not None)
try: getattr(a, 'zz')
except AttributeError as e: print(e)
