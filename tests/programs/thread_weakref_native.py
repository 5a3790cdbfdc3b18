import _thread
import _weakref

l = _thread.allocate_lock()
print(l.acquire(), l.locked(), l.acquire(False), l.acquire(True, 0.01))
l.release()
print(l.locked())
try:
    l.release()
except RuntimeError as e:
    print("RuntimeError", e)
with l:
    print("in with", l.locked())
r = _thread.RLock()
print(r.acquire(), r.acquire(), r._is_owned(), r._recursion_count())
r.release()
r.release()
print(r._is_owned())
try:
    r.release()
except RuntimeError as e:
    print("RuntimeError", e)
print(type(_thread.get_ident()).__name__, _thread.error is RuntimeError, _thread.LockType.__name__)


class A:
    pass


a = A()
w = _weakref.ref(a)
print(w() is a, w.__callback__, hash(w) == hash(a), w == _weakref.ref(a))
print(_weakref.proxy(a) is a or _weakref.proxy(a).__class__ is A)
try:
    _weakref.ref(1)
except TypeError as e:
    print("TypeError", e)


class KeyedRef(_weakref.ref):
    __slots__ = ("key",)

    def __new__(type, ob, callback, key):
        self = _weakref.ref.__new__(type, ob, callback)
        self.key = key
        return self

    def __init__(self, ob, callback, key):
        super().__init__(ob, callback)


k = KeyedRef(a, None, "k")
print(k() is a, k.key, isinstance(k, _weakref.ref))
