# Generators: for-loops over generators (run as frames of the same eval
# loop), their errors and exception state, tracing across them, and
# closing: a suspended generator whose last reference goes is closed at
# once (its finally blocks run; errors are reported as CPython's
# "Exception ignored in" without chaining).
import sys
def g(n):
    for i in range(n):
        yield i
print(sum(x for x in g(10)), [x * 2 for x in g(5)], list(g(3)))
def nested(n):
    if n == 0:
        yield ()
        return
    for t in nested(n - 1):
        for i in range(2):
            yield t + (i,)
print(list(nested(3)))
def raiser():
    yield 1
    raise ValueError("boom")
try:
    for x in raiser(): print("got", x)
except ValueError as e: print("caught", e, e.__traceback__.tb_next.tb_frame.f_code.co_name)
def stopper():
    yield 1
    raise StopIteration("inner")
try:
    for x in stopper(): pass
except RuntimeError as e: print(type(e).__name__, e, repr(e.__cause__), e.__suppress_context__)
def with_exc():
    try:
        raise KeyError("k")
    except KeyError:
        yield sys.exc_info()[0].__name__
        yield sys.exc_info()[0].__name__
    yield sys.exc_info()[0]
try:
    raise IndexError("outer")
except IndexError:
    for v in with_exc(): print(v, sys.exc_info()[0].__name__)
it = g(5)
for x in it:
    if x == 2: break
print(next(it), list(it), it.gi_frame, it.gi_running)
def self_ref():
    yield gen.gi_running
    yield gen.gi_frame.f_back.f_code.co_name
gen = self_ref()
def consumer():
    return [x for x in gen]
print(consumer())
def reentrant():
    yield 1
    for y in r: yield y
r = reentrant()
try:
    for v in r: print(v)
except ValueError as e: print("ValueError", e)
def fin():
    try:
        yield 1
        yield 2
    finally:
        print("finally ran")
for x in fin():
    print(x); break
print("after break")
def deep(n):
    yield n
    if n: yield from deep(n - 1)
print(sum(deep(50)))
def rec(n):
    for x in rec(n + 1): yield x
    yield n
try:
    for x in rec(0): pass
except RecursionError as e: print("RecursionError", e)
def trace(frame, event, arg):
    if event in ("call", "return") and frame.f_code.co_name == "tg": print(event, frame.f_code.co_name, arg)
    return trace
def tg():
    yield 1
    yield 2
sys.settrace(trace)
for x in tg(): pass
sys.settrace(None)
def late():
    yield 1
    sys.settrace(trace)
    yield 2
for x in late(): print("late", x)
sys.settrace(None)

def fin():
    try:
        yield 1
    finally:
        print("finally ran")
for x in fin():
    break
print("after break")
g = fin(); next(g); del g
print("after del")
def f():
    for x in fin():
        return x
f()
print("end")

def bad():
    try:
        yield 1
    finally:
        yield 2
g = bad(); next(g); del g
print("after bad")
def raises_in_finally():
    try:
        yield 1
    finally:
        raise ValueError("in finally")
g = raises_in_finally(); next(g); g = None
print("after raise")
import contextlib
@contextlib.contextmanager
def cm():
    print("enter"); yield; print("exit")
def uses():
    with cm():
        yield 1
for x in uses(): break
print("done")
async def co():
    try:
        await something
    finally:
        print("co finally")

# A generator handling no exception sees its resumer's.
import sys
def g():
    print("in gen", sys.exc_info()[0])
    try:
        raise KeyError(1)
    except KeyError:
        yield sys.exc_info()[0]
    print("after", sys.exc_info()[0])
    yield sys.exception()
    raise ValueError("v")
try:
    raise IndexError("outer")
except IndexError:
    it = g()
    print(next(it))
print("outside", sys.exc_info()[0])
try:
    print(next(it))
except Exception as e: print("E", e)
try:
    raise TypeError("t")
except TypeError:
    try:
        next(it)
    except ValueError as e:
        print("context", repr(e.__context__))
def reraiser():
    raise
    yield
try:
    raise OSError("os")
except OSError:
    try:
        for x in reraiser(): pass
    except OSError as e: print("reraised", e)
