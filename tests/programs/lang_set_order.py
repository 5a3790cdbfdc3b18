# Sets iterate (and print) in CPython 3.11 order: its table layout, probing, resizes, dummies, pop finger, and the order each set operation inserts in.
import random
random.seed(12345)
out = []
def show(x): out.append(repr(x))
for trial in range(40):
    n = random.randint(0, 40)
    a = [random.randint(-50, 200) for _ in range(n)]
    b = [random.randint(-50, 200) for _ in range(random.randint(0, 30))]
    s = set(a); t = set(b)
    show(s); show(t); show(s | t); show(s & t); show(s - t); show(s ^ t); show(t - s)
    show(s.union(b)); show(s.intersection(b)); show(s.difference(b)); show(s.symmetric_difference(b))
    u = set(s); u |= t; show(u)
    u = set(s); u &= t; show(u)
    u = set(s); u -= t; show(u)
    u = set(s); u ^= t; show(u)
    u = set(s); u.difference_update(b); show(u)
    u = set(s); u.intersection_update(b); show(u)
    u = set(s); u.symmetric_difference_update(b); show(u)
    u = set(s)
    for x in b[:5]: u.discard(x)
    for x in b[5:10]: u.add(x)
    show(u)
    pops = []
    v = set(s)
    while v and len(pops) < 5: pops.append(v.pop())
    show(pops); show(v)
    show(frozenset(a)); show(s.copy()); show({x for x in a}); show(set(dict.fromkeys(a)))
    show(set(range(n))); show({x * 0.5 for x in b}); show(list(set(map(str, a)) & set(map(str, b))) == list(set(map(str,a)) & set(map(str,b))))
    show(dict.fromkeys(a).keys() & set(b)); show(dict.fromkeys(a).keys() - set(b))
    big = set(range(1000)); big.difference_update(range(0, 1000, 3)); show(sorted(big)[:3]); show(list(big)[:10])
for i, line in enumerate(out): print(i, line)

random.seed(7)
out = []
for trial in range(40):
    a = [random.choice([random.randint(-5, 5) * 0.5, (random.randint(0, 3), random.randint(0, 3)), random.randint(0, 10**6), -1, True]) for _ in range(random.randint(0, 25))]
    b = [random.choice([random.randint(-5, 5) * 0.5, random.randint(0, 60)]) for _ in range(random.randint(0, 25))]
    s, t = set(a), frozenset(b)
    out += [repr(s), repr(t), repr(s | t), repr(t | s), repr(s & t), repr(t - s), repr(s ^ t), repr(t.union(a, b)), repr(s.intersection(b, a)), repr(s.difference(b, [1, 2]))]
    u = set(); [u.add(x) for x in a]; [u.discard(x) for x in a[::2]]; out.append(repr(u))
    u.update(b, a); out.append(repr(u)); u.clear(); u.update(range(30)); out.append(repr(u))
print(out == out, len(out))
for line in out: print(line)
