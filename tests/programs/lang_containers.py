# Lists, tuples, dicts, sets: operations, comprehensions, sorting, views, unpacking.
l = [3, 1, 4, 1, 5, 9, 2, 6]
l.append(5); l.extend([3, 5]); l.insert(0, 0); l.remove(1)
print(l, l.pop(), l.pop(0), l.index(9), l.count(5), len(l), l[2:5], l[::-2], l[-1])
l.sort(); print(l); l.sort(reverse=True, key=lambda x: x % 3); print(l)
words = ["banana", "Apple", "cherry", "apple"]
print(sorted(words), sorted(words, key=str.lower), sorted(words, key=len, reverse=True), min(words, key=len))
m = [[0] * 3 for _ in range(2)]; m[0][1] = 5; print(m, [x * y for x in range(3) for y in range(3) if x != y])
t = (1, "two", 3.0, (4, 5))
print(t[1], t[-1][0], t + (6,), t * 2 if len(t) < 3 else t[:2], (1, 2) < (1, 3), (1,) == (1,), hash((1, 2)) == hash((1, 2)))
a, *rest, z = range(6); (p, q), r = (1, 2), 3
print(a, rest, z, p, q, r, [*"ab", *[1]], {**{"x": 1}, "y": 2})
d = {"a": 1, "b": 2}
d["c"] = 3; d.update(d=4, a=10); del d["b"]
print(d, list(d), list(d.values()), list(d.items())[0], d.get("zz", "dflt"), d.setdefault("e", 5), d.pop("a"), len(d))
print({k: v for k, v in zip("xyz", range(3))}, dict.fromkeys("ab", 0), {1: "a"} | {2: "b"}, "c" in d, d.keys() & {"c", "q"})
inv = {}
for w in ["ab", "cd", "abc"]:
    inv.setdefault(len(w), []).append(w)
print(inv, sorted(inv.items(), key=lambda kv: -kv[0]))
s = {3, 1, 2}; s.add(4); s.discard(9)
fs = frozenset([1, 2])
print(sorted(s), sorted(s | {5}), sorted(s & {1, 9}), sorted(s - {1}), sorted(s ^ {1, 7}), fs <= s, s.isdisjoint({8}), {x % 3 for x in range(9)})
try:
    for k in d:
        d["new"] = 1
except RuntimeError as e:
    print("RuntimeError", e)
for bad in ["[1][3]", "{}['k']", "[].pop()", "(1,).index(2)", "set().pop()", "[1, 'a'].sort()", "{[]: 1}", "[1].remove(2)"]:
    try:
        eval(bad)
    except Exception as e:
        print(type(e).__name__, e)
print(list(enumerate("ab", 1)), list(zip([1, 2, 3], "ab")), list(map(str, [1, 2])), list(filter(None, [0, 1, "", "x"])), list(reversed([1, 2, 3])))
print(list(range(10, 0, -3)), range(5)[1:3], 4 in range(0, 10, 2), len(range(-5, 5, 3)), list(range(3))[::-1])
