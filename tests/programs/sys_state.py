# sys functions and attributes that CPython's test_sys checks.
import sys
import threading

print(sys.abiflags, sys.api_version, type(sys.stdlib_module_names).__name__,
      "os" in sys.stdlib_module_names, "pyrite" in sys.stdlib_module_names)
print(sys.thread_info.name, sys.thread_info.lock, len(sys.thread_info))
print(sys.call_tracing(divmod, (7, 2)))
for bad in [(sys.call_tracing, (divmod, 2)), (sys.getrecursionlimit, (1,)),
            (sys.getdefaultencoding, (1,)), (sys._getframe, (1, 2)),
            (sys.intern, (1,)), (type(sys.flags), (sys.flags,)),
            (type(sys.version_info), (sys.version_info,))]:
    try:
        bad[0](*bad[1])
    except TypeError as e:
        print("TypeError", e)
s = "never interned " + str(len(sys.argv))
print(sys.intern(s) is s, sys.intern(s.swapcase().swapcase()) is s)
for arg in [42, (42,), "exit", (1, 2)]:
    try:
        sys.exit(arg)
    except SystemExit as e:
        print(repr(e.code))
print(sys.is_finalizing())

# A context chain with a cycle does not hang the next raise.
def cycle():
    try:
        raise ValueError(1)
    except ValueError as ex:
        ex.__context__ = ex
        raise TypeError(2)
try:
    cycle()
except Exception as e:
    print(type(e).__name__, type(e.__context__).__name__, e.__context__.__context__ is e.__context__)

# Another thread's frame and handled exception are visible.
entered, leave = threading.Event(), threading.Event()
def waiter():
    try:
        raise KeyError("k")
    except KeyError:
        entered.set()
        leave.wait()
t = threading.Thread(target=waiter)
t.start()
entered.wait()
frames = sys._current_frames()
excs = sys._current_exceptions()
print(frames[threading.get_ident()].f_code.co_name, frames[t.ident].f_code.co_name)
print(excs[threading.get_ident()], excs[t.ident][0].__name__, excs[t.ident][2].tb_frame.f_lineno)
leave.set()
t.join()

def f():
    def g():
        return x
    x = 1
    return g
try:
    eval(f().__code__)
except TypeError as e:
    print(e)
try:
    exec(f().__code__, {})
except TypeError as e:
    print(e)
c = f().__closure__
exec(f().__code__, {}, closure=c)
print("exec with closure ok")
try:
    exec(compile("1", "", "exec"), {}, closure=c)
except TypeError as e:
    print(e)
class E(Exception):
    def __new__(cls, *args):
        return cls
def gen():
    try:
        yield
    except TypeError as e:
        print("in gen:", e)
        yield 2
g = gen()
next(g)
print(g.throw(E))

class AtExit:
    is_finalizing = sys.is_finalizing
    def __del__(self):
        print("finalizing:", self.is_finalizing())
ref = AtExit()

# Throwing into a finished coroutine is a reuse; __await__ returning a
# coroutine is refused with CPython's message.
import types
@types.coroutine
def nop():
    yield
async def send():
    await nop()
    return 'spam'
async def read(coro):
    await nop()
    return await coro
spammer = send()
reader = read(spammer)
reader.send(None)
reader.send(None)
try:
    reader.throw(Exception('ham'))
except Exception as e:
    print("1", e)
reader = read(spammer)
reader.send(None)
for op in (lambda: reader.send(None), lambda: reader.throw(Exception('wat'))):
    try:
        op()
    except RuntimeError as e:
        print("RuntimeError", e)
spammer.close()
made = []
class Aw:
    def __await__(self):
        made.append(send())
        return made[-1]
async def aw():
    await Aw()
try:
    aw().send(None)
except TypeError as e:
    print("TypeError", e)
made[0].close()
