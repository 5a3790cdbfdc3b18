from _functools import partial, reduce, cmp_to_key


def f(a, b=0, *c, **d):
    return (a, b, c, d)


p = partial(f, 1, b=2)
print(p.func is f, p.args, p.keywords, p(), p(x=4), p(b=5), p(b=6, y=7))
print(repr(p).startswith("functools.partial(<function f at 0x"), repr(p).endswith(", 1, b=2)"))
q = partial(p, 7, z=1)
print(q.func is f, q.args, q.keywords, partial(f, 5, z=1)())
print(repr(partial(len, "a", k=1)), partial.__module__)


class P(partial):
    pass


pp = P(f, 3)
print(repr(pp).startswith("P(<function f"), type(partial(pp)).__name__, partial(pp).func is f, pp(4))
p2 = partial(f, 9)
p2.attr = 1
print(partial(p2).func is p2, p2.attr)
print(partial(f)(5), partial(max, key=len)(["a", "bbb", "cc"]))
print(reduce(lambda a, b: a + b, [1, 2, 3]), reduce(lambda a, b: a * b, range(1, 6), 10), reduce(lambda a, b: a + b, [], 5))
print(reduce(lambda a, b: a + b, ["x"]))
print(sorted([3, 1, 2], key=cmp_to_key(lambda a, b: b - a)), sorted("bca", key=cmp_to_key(lambda a, b: (a > b) - (a < b))))
K = cmp_to_key(lambda a, b: a - b)
print(K(1) < K(2), K(2) <= K(1), K(3) == K(3), K(3).obj, type(K).__name__)

tests = [
    "partial()", "partial(1)", "reduce(f)", "reduce(lambda a, b: a + b, [])", "reduce(lambda a, b: a + b, [1], initial=5)",
    "reduce(lambda a, b: a + b, 1)", "K(1) < 2", "partial(f, 1).__reduce__()[1:] == ((f,), (f, (1,), {}, None))",
    "partial(f, func=1)()",
]
for t in tests:
    try:
        print(t, "->", eval(t))
    except Exception as e:
        print(t, "->", type(e).__name__, e)
c = partial(f, 0)
c.__setstate__(partial(f, 1, k=2).__reduce__()[2])
print(c.args, c.keywords)
try:
    hash(K(3))
except TypeError:
    print("unhashable")
