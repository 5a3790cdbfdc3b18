# Weak references: cleared when the referent dies, callbacks, shared refs, proxies, WeakValueDictionary/WeakSet/WeakKeyDictionary/WeakMethod/finalize.
import weakref, gc
class A:
    def __init__(self, n): self.n = n
    def __repr__(self): return f"A({self.n})"
    def m(self): return self.n * 2
a = A(1)
r = weakref.ref(a)
print(r() is a, weakref.ref(a) is r, weakref.getweakrefcount(a))
r2 = weakref.ref(a, lambda ref: print("callback", ref is r2, ref()))
print(weakref.getweakrefcount(a), len(weakref.getweakrefs(a)))
h = hash(r)
del a
print("after del", r(), r2(), "dead" in repr(r), hash(r) == h)
try:
    hash(weakref.ref(A(2)))
except TypeError as e:
    print(e)
d = weakref.WeakValueDictionary()
x = A(3); d["x"] = x
print(len(d), d["x"])
del x
print(len(d), list(d.keys()))
ws = weakref.WeakSet()
y = A(4); ws.add(y); print(len(ws)); del y; print(len(ws))
kd = weakref.WeakKeyDictionary()
k = A(5); kd[k] = 1; print(len(kd)); del k; print(len(kd))
p = A(6); pr = weakref.proxy(p)
print(pr.n, pr.m(), repr(pr)[:10], type(pr).__name__)
pr.n = 60; print(p.n)
del p
try:
    pr.n
except ReferenceError as e:
    print("ReferenceError", e)
def f(): return 7
fp = weakref.proxy(f); print(fp(), type(fp).__name__)
wm = weakref.WeakMethod(A(8).m); print(wm())
b = A(9); wm2 = weakref.WeakMethod(b.m); print(wm2()()); del b; print(wm2())
fin = weakref.finalize(A(10), print, "finalized")
c = A(11); fin2 = weakref.finalize(c, print, "finalized c"); print(fin2.alive); del c; print(fin2.alive)
for bad in (1, "s", [], {}, None, object()):
    try: weakref.ref(bad)
    except TypeError as e: print(e)
class L(list): pass
l = L(); lr = weakref.ref(l); del l; print(lr())
s = {1}; print(weakref.ref(frozenset(s))() )
def cb(ref): raise ValueError("boom")
e = A(12); er = weakref.ref(e, cb)
del e
print("end")
