class A:
    fee = 1
    name = "a"
    items = []
    def __init__(self): self.x = 1
a, b = A(), A()
out = []
for i in range(5):
    out.append((a.fee, a.name, len(a.items)))
    if i == 1: a.fee = 99          # instance shadows
    if i == 2: A.fee = 7           # class changes
    if i == 3: del a.fee
    a.items.append(i)
print(out, b.fee, A.items)
class D:
    def __get__(self, o, t): return "descr"
class B:
    v = D()
    w = 3.5
    z = 5e-324
bb = B()
print([ (bb.v, bb.w, bb.z) for _ in range(3)])
B.w = 2.0
print(bb.w)
