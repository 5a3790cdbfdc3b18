# Coroutines and async generators at run time: the "never awaited"
# warning, cr_origin, the async-generator hooks; also the traceback type's
# constructor, OSError.filename2, add_note on a non-list __notes__.
import gc
import pickle
import sys
import types
import warnings


async def corofn():
    pass


with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter("always")
    corofn()
    gc.collect()
    print([(x.category.__name__, str(x.message)) for x in w])

with warnings.catch_warnings():
    warnings.simplefilter("error")
    caught = []
    old = sys.unraisablehook
    sys.unraisablehook = lambda u: caught.append((u.exc_type.__name__, str(u.exc_value)))
    c = corofn()
    del c
    gc.collect()
    sys.unraisablehook = old
    print(caught)

print(sys.get_coroutine_origin_tracking_depth())
sys.set_coroutine_origin_tracking_depth(2)
def make():
    return corofn()
c = make()
print([(line, fn) for _, line, fn in c.cr_origin])
c.close()
sys.set_coroutine_origin_tracking_depth(0)
c = corofn()
print(c.cr_origin)
c.close()
try:
    sys.set_coroutine_origin_tracking_depth(-1)
except ValueError as e:
    print("ValueError", e)

with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter("always")
    sys.set_coroutine_origin_tracking_depth(1)
    make()
    gc.collect()
    sys.set_coroutine_origin_tracking_depth(0)
    print(str(w[0].message).splitlines()[:2])

# Async-generator hooks: firstiter at the first step, finalizer instead
# of closing when an unfinished one dies.
events = []
kept = []


async def agen():
    try:
        yield 1
        yield 2
    finally:
        events.append("finally")


def firstiter(g):
    events.append(("firstiter", g.__name__))


def finalizer(g):
    events.append(("finalizer", g.__name__))
    kept.append(g)


old_hooks = sys.get_asyncgen_hooks()
sys.set_asyncgen_hooks(firstiter, finalizer)
g = agen()
events.append("created")
try:
    g.__anext__().send(None)
except StopIteration as e:
    events.append(("yielded", e.value))
sys.set_asyncgen_hooks(*old_hooks)   # captured per generator: still called
del g
gc.collect()
print(events)
# The finalizer kept it: closing it now runs its finally block.
try:
    kept[0].aclose().send(None)
except StopIteration:
    pass
print(events[-1])
kept.clear()

# An async generator never iterated calls no hook.
events.clear()
sys.set_asyncgen_hooks(firstiter, finalizer)
g = agen()
del g
gc.collect()
sys.set_asyncgen_hooks(*old_hooks)
print(events)

# A generator's firstiter that raises: the error reaches the caller.
def bad(g):
    raise RuntimeError("firstiter failed")
sys.set_asyncgen_hooks(firstiter=bad)
try:
    agen().__anext__()
except RuntimeError as e:
    print("RuntimeError", e)
sys.set_asyncgen_hooks(*old_hooks)


def get_tb():
    try:
        raise ValueError
    except ValueError as e:
        return e.__traceback__


frame = sys._getframe()
tb = types.TracebackType(get_tb(), frame, 6, 42)
print(tb.tb_lasti, tb.tb_lineno, tb.tb_frame is frame, type(tb.tb_next).__name__)
for args in [("no", frame, 1, 2), (None, "no", 1, 2), (None, frame, "no", 2), (None, frame, 1, "x")]:
    try:
        types.TracebackType(*args)
    except TypeError as e:
        print("TypeError", e)
try:
    del tb.tb_next
except TypeError as e:
    print("TypeError", e)
try:
    tb.tb_next = "asdf"
except TypeError as e:
    print("TypeError", e)
try:
    tb.tb_next = tb
except ValueError as e:
    print("ValueError", e)
try:
    tb.tb_next.tb_next = tb
except ValueError as e:
    print("ValueError", e)
tb.tb_next = None
print(tb.tb_next)

e = OSError("foo", "bar", "baz", None, "quux")
print(e.filename, e.filename2, e.args, str(e))
e2 = pickle.loads(pickle.dumps(e))
print(e2.filename, e2.filename2, e2.args)
print(OSError("x").filename2)

e = ValueError(1)
e.__notes__ = 42
try:
    e.add_note("no")
except TypeError as x:
    print("TypeError", x)
print(e.__notes__)
for attr in ("__cause__", "__context__"):
    try:
        delattr(ValueError(), attr)
    except TypeError as x:
        print("TypeError", x)

ie = ImportError("test", name="name", path="path")
ie.__init__()
print(ie.args, ie.msg, ie.name, ie.path)
ie = pickle.loads(pickle.dumps(ImportError("test", name="somename")))
print(ie.args, ie.name, ie.path)
u = UnicodeTranslateError("xxxx", 1, 5, "foo")
print(str(u))
u.end = 2
print(str(u))
print(repr(UnicodeDecodeError("ascii", bytearray(b"\xff"), 0, 1, "bad").object))
for args in [("bad.py", 1, 2), ("bad.py", 1, 2, "abcdefg", 1)]:
    try:
        SyntaxError("bad bad", args)
    except TypeError as x:
        print("TypeError", x)

def genfn():
    yield 1
gen = genfn()
gen.__name__ = "renamed"
print(gen.__name__)
for attr, value in [("__name__", 123), ("__qualname__", None)]:
    try:
        setattr(gen, attr, value)
    except TypeError as x:
        print("TypeError", x)
try:
    del gen.__qualname__
except TypeError as x:
    print("TypeError", x)
