# Pickling native iterators, ranges, builtin functions and method descriptors (their __reduce__/__setstate__).
import pickle, copy
def rt(it, skip=1):
    for _ in range(skip): next(it, None)
    for proto in (0, 2, 4):
        it2 = pickle.loads(pickle.dumps(it, proto))
        print(type(it2).__name__, list(it2))
    print(list(it))
rt(iter([1, 2, 3])); rt(iter((1, 2, 3))); rt(iter("abc")); rt(iter(range(10, 0, -3)))
rt(reversed([1, 2, 3])); rt(reversed((1, 2, 3)))
rt(iter({1: 2, 3: 4, 5: 6})); rt(iter({1: 2, 3: 4}.values())); rt(iter({1: 2, 3: 4}.items()))
rt(enumerate("abc", 5)); rt(zip("ab", "cd")); rt(map(abs, [-1, -2, -3])); rt(filter(None, [0, 1, 2]))
rt(iter([1]), 3); rt(zip("ab", "cd", strict=True))
print(pickle.loads(pickle.dumps(iter)), pickle.loads(pickle.dumps(list.append)))
x, = tuple[int]
print(pickle.loads(pickle.dumps(x)))
it = iter([1, 2, 3, 4]); it.__setstate__(10); print(list(it)); it = iter([1, 2, 3]); it.__setstate__(-5); print(list(it))
