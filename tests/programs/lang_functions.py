# Functions: parameters of every kind, closures, nonlocal, decorators, recursion, call errors.
def f(a, b=2, *args, c, d=4, **kw):
    return (a, b, args, c, d, sorted(kw.items()))
print(f(1, c=3), f(1, 5, 6, 7, c=8, e=9), f(*[1, 2], **{"c": 0, "z": 1}))
def pos_only(x, y, /, z=0, *, w=1):
    return x + y + z + w
print(pos_only(1, 2), pos_only(1, 2, z=3, w=4))
def counter():
    n = 0
    def inc(step=1):
        nonlocal n
        n += step
        return n
    return inc
c1, c2 = counter(), counter()
print(c1(), c1(5), c2(), c1.__closure__[0].cell_contents)
adders = [lambda x, i=i: x + i for i in range(3)]
late = [lambda: i for i in range(3)]
print([g(10) for g in adders], [g() for g in late])
def trace(fn):
    def wrapper(*a, **k):
        r = fn(*a, **k)
        print(f"{fn.__name__}{a} -> {r}")
        return r
    wrapper.__name__ = fn.__name__
    return wrapper
@trace
def fact(n):
    "Factorial."
    return 1 if n <= 1 else n * fact(n - 1)
fact(4)
print(fact.__name__, fact.__doc__)
def with_attrs(x: int, y: "str" = "s") -> list:
    pass
print(with_attrs.__annotations__, with_attrs.__defaults__, with_attrs.__code__.co_varnames, with_attrs.__qualname__)
g = 10
def shadow():
    global g
    g += 1
    return g
print(shadow(), g)
def deep(n):
    return n if n == 0 else deep(n - 1)
print(deep(500))
def calls(*errs):
    for call in errs:
        try:
            call()
        except TypeError as e:
            print("TypeError:", e)
calls(lambda: f(), lambda: f(1), lambda: f(1, c=1, a=2), lambda: pos_only(x=1, y=2),
      lambda: pos_only(1, 2, 3, 4), lambda: (lambda: 0)(1), lambda: len(), lambda: len(1, 2), lambda: len(*1), lambda: fact(1, 2))
def rec(n):
    return rec(n + 1)
try:
    rec(0)
except RecursionError as e:
    print("RecursionError", e)
print((lambda *a, **k: (a, k))(1, x=2), (lambda: None)(), callable(len), callable(1))
