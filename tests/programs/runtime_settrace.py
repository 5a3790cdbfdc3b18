# sys.settrace and frame tracing: which events CPython 3.11 sends, in what
# order, with which line numbers (relative to each function's def line).
import sys

log = []


def make_tracer(tag):
    def tracer(frame, event, arg):
        if frame.f_code.co_filename != __file__:
            return None
        rel = frame.f_lineno - frame.f_code.co_firstlineno
        shown = arg
        if event == "exception":
            shown = (arg[0].__name__, str(arg[1]))
        log.append((tag, event, frame.f_code.co_name, rel, shown))
        return tracer
    return tracer


class Acc:
    def __init__(self):
        self.n = 0

    def bump(self, k):
        while True:
            self.n += k
            if self.n > 3:
                break
        return self.n


def catches():
    try:
        {}["missing"]
    except KeyError as e:
        r = str(e)
    finally:
        r = r + "!"
    return r


def squares(n):
    return [i * i for i in range(n)]


def gen_sum():
    return sum(x for x in (1, 2))


def stops_tracing():
    a = 1
    sys.settrace(None)
    b = 2
    return a + b


def show(fn, *args):
    log.clear()
    sys.settrace(make_tracer(fn.__name__))
    result = fn(*args)
    sys.settrace(None)
    print(fn.__name__, "->", result)
    for entry in log:
        print("  ", entry[1:])


show(Acc().bump, 2)
show(catches)
show(squares, 3)
show(gen_sum)
show(stops_tracing)

# A global tracer that declines local tracing still sees every call.
calls = []
def only_calls(frame, event, arg):
    if frame.f_code.co_filename == __file__:
        calls.append((event, frame.f_code.co_name))
    return None
sys.settrace(only_calls)
catches()
squares(2)
sys.settrace(None)
print(calls)

# gettrace returns the function set; f_trace is visible and settable.
t = make_tracer("x")
sys.settrace(t)
same = sys.gettrace() is t
sys.settrace(None)
print(same, sys.gettrace())


def peek():
    f = sys._getframe()
    before = f.f_trace
    f.f_trace = print
    after = f.f_trace is print
    return before, after
print(peek())

# An exception raised by the tracer turns tracing off and propagates.
def bad_tracer(frame, event, arg):
    raise RuntimeError("tracer failed on " + event)
def victim():
    return 1
sys.settrace(bad_tracer)
try:
    victim()
except RuntimeError as e:
    print("caught:", e)
print("after:", sys.gettrace())
