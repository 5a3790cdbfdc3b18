def inner(n):
    total = 0
    for i in range(n):
        x = yield i
        if x is not None:
            total += x
    return total

def outer():
    r = yield from inner(3)
    yield ("inner returned", r)
    r2 = yield from inner(0)
    yield ("empty", r2)

g = outer()
print(next(g), g.send(10), g.send(20))
print(next(g), next(g), list(g))

def deep(n):
    if n == 0:
        yield "leaf"
        return "done"
    r = yield from deep(n - 1)
    yield r + str(n)
    return r
print(list(deep(5)))

def raiser():
    yield 1
    raise ValueError("boom")
def wrap():
    try:
        yield from raiser()
    except ValueError as e:
        yield "caught " + str(e)
print(list(wrap()))

def stopper():
    yield 1
    raise StopIteration("x")
def wrap2():
    yield from stopper()
try:
    print(list(wrap2()))
except RuntimeError as e:
    print("RuntimeError", e, type(e.__cause__).__name__)

def fresh():
    x = yield 1
    yield x
def sender():
    g = fresh()
    yield from g
s = sender()
print(next(s), s.send("hi"))

def closing():
    try:
        yield 1
        yield 2
    finally:
        print("inner finally")
def outer_close():
    yield from closing()
c = outer_close()
print(next(c)); c.close(); print("closed")

def thrower():
    try:
        yield 1
    except KeyError:
        yield "inner got KeyError"
def outer_throw():
    yield from thrower()
t = outer_throw()
print(next(t), t.throw(KeyError))

import traceback
def bad():
    yield 1
    1/0
def outer_bad():
    yield from bad()
try:
    list(outer_bad())
except ZeroDivisionError:
    tb = traceback.format_exc().splitlines()
    print([l.strip() for l in tb if l.strip().startswith(("yield", "1/0", "list("))])

def self_ref():
    yield from gen_holder[0]
gen_holder = [None]
gen_holder[0] = self_ref()
try:
    next(gen_holder[0])
except ValueError as e:
    print("ValueError", e)

import json
print(json.dumps({"a": [1, {"b": 2}], "c": "x"}, indent=2, sort_keys=True))
