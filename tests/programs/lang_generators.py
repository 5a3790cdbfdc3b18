# Generators: yield, send, throw, close, yield from with return values, expressions.
def gen(n):
    for i in range(n):
        got = yield i
        if got:
            print("got", got)
    return "done"
g = gen(3)
print(next(g), g.send("hello"), next(g))
try:
    next(g)
except StopIteration as e:
    print("StopIteration", e.value)
def inner():
    x = yield 1
    yield x * 2
    return "inner result"
def outer():
    r = yield from inner()
    print("inner returned", r)
    yield from [10, 20]
o = outer()
print(next(o), o.send(21), next(o), next(o), list(o))
def catcher():
    while True:
        try:
            yield "ready"
        except ValueError as e:
            print("caught", e)
        except GeneratorExit:
            print("closing")
            return
c = catcher()
next(c)
print(c.throw(ValueError("boom")))
c.close()
print(c.gi_frame is None, list(c))
def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b
f = fib()
print([next(f) for _ in range(10)], sum(x * x for x in range(10)), list(x for x in "ab" if x != "a"))
def stopper():
    yield 1
    raise StopIteration("inside")
try:
    list(stopper())
except RuntimeError as e:
    print("RuntimeError", e, type(e.__cause__).__name__)
def chain(*its):
    for it in its:
        yield from it
print(list(chain([1], (2, 3), "ab", range(2))), dict(zip("ab", gen(2))))
g2 = gen(2)
print(g2.gi_running, type(g2).__name__, g2.__name__)
g2.close(); g2.close()
try:
    g2.send(None)
except StopIteration:
    print("closed generator stops")
