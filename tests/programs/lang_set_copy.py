# Copying, pickling and unpacking sets keep their members and CPython order.
s = {x * 37 % 101 for x in range(40)}
print(s)
print({*s})
print({*s, *[1, 2]})
f = frozenset(s)
print(f, set(f), {*f})
print({1, 2, *s})
print(set(s.copy()))
import copy, pickle
print(copy.copy(s), copy.deepcopy(s), pickle.loads(pickle.dumps(s)))
print(s == {*s})
