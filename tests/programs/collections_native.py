from _collections import deque, defaultdict, _count_elements

d = deque([1, 2, 3])
print(d, len(d), bool(d), bool(deque()))
d.append(4)
d.appendleft(0)
print(d, d[0], d[-1], d[2])
print(d.pop(), d.popleft(), d)
d.extend([7, 8])
d.extendleft([-1, -2])
print(d)
d.rotate(2)
print(d)
d.rotate(-3)
print(d)
d.rotate()
print(d)
print(d.count(7), d.index(7), d.index(1, 2), 7 in d, 99 in d)
d.insert(1, "x")
d.remove("x")
d.reverse()
print(d, d.maxlen)
d[0] = "first"
del d[1]
print(d, list(reversed(d)), list(d))
d2 = d.copy()
d2.clear()
print(d, d2)
m = deque(range(10), maxlen=3)
print(m, m.maxlen)
m.append(10)
m.appendleft(-1)
print(m)
m.extend(range(100, 105))
print(m)
print(deque([1, 2]) + deque([3]), deque([1, 2]) * 3, 2 * deque("ab"), deque([1]) * 0)
x = deque([1, 2])
x += [3, 4]
x *= 2
print(x)
mm = deque([1, 2, 3], maxlen=4)
mm *= 5
print(mm)
print(deque([1, 2]) == deque([1, 2]), deque([1, 2]) < deque([1, 3]), deque([1]) == [1], deque([2]) >= deque([1, 5]))
e = deque(range(5))
e.append(e)
print(e)
print(deque(maxlen=0), deque("abc", 2))
z = deque(maxlen=0)
z.append(1)
print(z)
class MyDeque(deque):
    pass
md = MyDeque([1, 2], maxlen=5)
print(md, type(md.copy()).__name__, isinstance(md, deque))
print(deque.__module__, deque.__name__, type(iter(d)).__name__, type(reversed(d)).__name__)
print(list(iter(deque())))

tests = [
    "deque().pop()", "deque().popleft()", "deque([1])[5]", "deque([1])['a']", "deque([1])[1:2]",
    "deque([1], maxlen=1).insert(0, 5)", "deque([1]) + [1]", "deque(maxlen=-1)", "deque(1)",
    "deque([], 2, 3)", "deque([1]).index(5)", "deque([1]).remove(5)", 
    "deque(x=1)", "deque([1]) * 'a'",
]
for t in tests:
    try:
        print(t, "->", eval(t))
    except Exception as ex:
        print(t, "->", type(ex).__name__, ex)

it = deque(range(5))
try:
    for v in it:
        it.append(v)
except RuntimeError as ex:
    print("RuntimeError", ex)

dd = defaultdict(list)
dd["a"].append(1)
dd["b"]
print(dd, dd.default_factory, len(dd), "a" in dd)
print(defaultdict(int, {1: 2}, x=3), defaultdict(), defaultdict(None, [(1, 2)]))
c = dd.copy()
print(c, type(c).__name__, c is dd, c["a"] is dd["a"])
dn = defaultdict()
try:
    dn[1]
except KeyError as ex:
    print("KeyError", ex)
try:
    defaultdict(1)
except TypeError as ex:
    print("TypeError", ex)
dd.default_factory = dict
print(dd["zz"], dd)
print(isinstance(dd, dict), defaultdict.__mro__)
class DD(defaultdict):
    pass
q = DD(lambda: 5)
print(q[1], type(q).__name__, q.default_factory())
r = defaultdict(list, {1: [1]}) | {2: [2]}
print(r, type(r).__name__)
print(dd.__missing__("new"), dd["new"])
cnt = {}
_count_elements(cnt, "abracadabra")
print(sorted(cnt.items()))
for t in ["hash(deque())", "deque([1]) < [1]"]:
    try:
        eval(t)
    except TypeError:
        print(t, "-> TypeError")
