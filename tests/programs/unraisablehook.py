# sys.unraisablehook receives the errors the interpreter cannot raise
# ("Exception ignored in"): a __del__ that fails, a generator whose close
# fails when it is dropped.
import io
import sys


class C:
    def __del__(self):
        1 / 0


seen = []


def hook(u):
    seen.append((u.exc_type.__name__, str(u.exc_value), u.err_msg,
                 type(u.object).__name__, u.exc_traceback is not None))


print(sys.unraisablehook is sys.__unraisablehook__)
sys.unraisablehook = hook
C()
print(seen)


def gen():
    try:
        yield 1
    finally:
        raise KeyError("in close")


g = gen()
next(g)
del g
print(seen[-1])

# A hook that fails is reported by the default hook.
def bad_hook(u):
    raise ValueError("hook failed")


sys.unraisablehook = bad_hook
old = sys.stderr
sys.stderr = io.StringIO()
C()
text = sys.stderr.getvalue()
sys.stderr = old
print(text.splitlines()[0].startswith("Exception ignored in sys.unraisablehook"))
print(text.splitlines()[-1])

# Back to the default: the report goes to sys.stderr.
sys.unraisablehook = sys.__unraisablehook__
sys.stderr = io.StringIO()
C()
text = sys.stderr.getvalue()
sys.stderr = old
print(text.splitlines()[0].startswith("Exception ignored in: <function C.__del__"))
print(text.splitlines()[-1])
try:
    sys.__unraisablehook__(1)
except TypeError as e:
    print("TypeError", e)
