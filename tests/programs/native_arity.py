# Built-in methods check their argument counts with CPython's messages
# (METH_NOARGS/METH_O methods from a table generated from CPython, and the
# special methods' slot wrappers).
calls = ["[].clear(1)", "(1,).count()", "range(3).count()", "{}.keys(1)", "set().add()", "'a'.upper(1)",
         "[].append()", "[].append(x=1)", "[].__contains__()", "[].__len__(1)", "{}.__setitem__(1)",
         "(1).__add__(1, 2)", "list.__len__([], x=1)", "b'x'.hex(1, 2, 3)", "(1.5).is_integer(2)",
         "frozenset().isdisjoint()", "bytearray().copy(1)", "{}.popitem(1)"]
for c in calls:
    try:
        print(c, "->", eval(c))
    except TypeError as e:
        print(c, "-> TypeError:", e)
print([3, 1].count(1), (1, 2).count(2), sorted({1: 2}.keys()), range(5).index(3), "ab".upper())
