# threading.local (_thread._local) per-thread namespaces, and
# _thread._excepthook / _ExceptHookArgs behind threading.excepthook.
import threading, sys
loc = threading.local()
loc.x = 1
out = []
def f(i):
    out.append(hasattr(loc, 'x'))
    loc.x = i
    out.append(loc.x)
    out.append(sorted(loc.__dict__))
t = threading.Thread(target=f, args=(5,)); t.start(); t.join()
print(out, loc.x, loc.__dict__)
class L(threading.local):
    n = 0
    def __init__(self, a, b=2):
        self.a = a; self.b = b
        L.n += 1
    def total(self): return self.a + self.b
l = L(1, b=3)
print(l.total(), L.n)
def g():
    print("thread sees", l.a, l.b, l.total(), L.n)
    l.a = 100
    print(l.total())
t = threading.Thread(target=g); t.start(); t.join()
print(l.a, L.n, type(l).__mro__)
try: threading.local(1)
except TypeError as e: print(e)
del loc.x
print(hasattr(loc, 'x'))
class Bad(threading.local):
    def __init__(self):
        if threading.current_thread() is not threading.main_thread(): raise ValueError("no")
b = Bad()
def h():
    try: b.x
    except ValueError as e: print("init failed", e)
t = threading.Thread(target=h); t.start(); t.join()
def boom(): raise KeyError("k")
import io
buf = io.StringIO(); old = sys.stderr; sys.stderr = buf
t = threading.Thread(target=boom, name="Worker"); t.start(); t.join()
sys.stderr = None
t = threading.Thread(target=boom, name="Quiet"); t._stderr = None; t.start(); t.join()
sys.stderr = old
lines = buf.getvalue().splitlines()
print(lines[0], lines[1], lines[-1], len([l for l in lines if l.startswith("Exception")]))
def ex(): sys.exit(3)
t = threading.Thread(target=ex); t.start(); t.join()
import _thread
print(_thread.stack_size(), _thread.stack_size(65536), _thread.stack_size(0))
try: _thread.stack_size(100)
except ValueError as e: print(e)
try: _thread._excepthook(1)
except TypeError as e: print(e)
print(_thread._ExceptHookArgs, threading.ExceptHookArgs([1,2,3,4]))
print(repr(type(loc)), type(loc).__module__)
