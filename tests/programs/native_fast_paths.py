import sys
def g(n):
    for i in range(n):
        yield i * i
print(list(g(5)), set(g(4)), tuple(g(3)), sorted(g(4), reverse=True), "-".join(str(x) for x in g(4)))
def bad():
    yield 1
    raise KeyError("k")
try:
    list(bad())
except KeyError as e:
    print("KeyError", e)
def stop():
    yield 1
    raise StopIteration
try:
    list(stop())
except RuntimeError as e:
    print("RuntimeError", e)
x = g(3); next(x)
print(list(x), list(x))
def selfref():
    yield list(holder[0])
holder = [selfref()]
try:
    list(holder[0])
except ValueError as e:
    print("ValueError", e)
def nested():
    yield [list(g(i)) for i in range(3)]
    yield from g(2)
print(list(nested()))
def running_check():
    yield holder2[0].gi_running
holder2 = [running_check()]
print(list(holder2[0]))
def frames():
    yield sys._getframe(1).f_code.co_name
def caller():
    return list(frames())
print(caller())
def fin():
    try:
        yield 1
        yield 2
    finally:
        print("finally ran")
print(list(fin()))
def send_values():
    x = yield 1
    yield x
print(list(send_values()))
print(sum(x for x in range(1000)), max(x % 7 for x in range(100)), any(x > 5 for x in range(10)))
print(dict((i, i) for i in range(3)), bytes(i for i in range(65, 70)), bytearray(i for i in range(65, 67)))
import itertools
print(list(itertools.chain(g(2), g(3))))
def deep(n):
    if n:
        yield list(deep(n - 1))
    else:
        yield "leaf"
print(list(deep(5)))
def recurse(n):
    yield from list(recurse(n + 1))
try:
    list(recurse(0))
except RecursionError:
    print("RecursionError")
a = "ab"; a += "cé"; print(a, len(a), "x" + "y", (1,) + (2, 3), [1] + [2])
t = (1,); t2 = t; t += (2,); print(t, t2)
l = [1]; l2 = l; l += [2]; print(l, l2, l is l2)
s = "é"; s2 = s; s += "ü"; print(s, s2, len(s))
class S(str): pass
class T(tuple):
    def __add__(self, o): return "custom"
print(type(S("a") + S("b")).__name__, T((1,)) + T((2,)), (1,) + T((2,)))
for bad in [lambda: "a" + 1, lambda: (1,) + [2], lambda: [1] + (2,)]:
    try: bad()
    except TypeError as e: print(e)
