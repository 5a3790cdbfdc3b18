# Built-in functions and introspection.
print(abs(-3), all([1, 1]), any([0, 0]), ascii("ü"), bin(5), bool([]), callable(print), chr(65), ord("a"))
print(divmod(17, 5), format(3.14159, ".2f"), hash("same") == hash("same"), hex(255), id(1) == id(1), len("four"))
print(isinstance(3, (str, int)), issubclass(bool, int), max([1, 5, 3]), max("abc", key=ord), min(4, 2, 8), min([], default="empty"))
print(next(iter([7])), next(iter([]), "default"), oct(8), pow(2, 10), repr([1, "a"]), round(7.5), sorted({3: 1, 1: 2}))
print(sum([1, 2, 3], 10), type(3).__name__, type(type).__name__, vars(type("T", (), {"a": 1}))["a"], zip([1], [2]).__class__.__name__)
class Obj:
    cls_attr = 1
    def method(self):
        pass
o = Obj()
setattr(o, "dyn", 5)
print(getattr(o, "dyn"), getattr(o, "missing", "dflt"), hasattr(o, "method"), "dyn" in dir(o), "cls_attr" in dir(Obj))
delattr(o, "dyn")
print(hasattr(o, "dyn"), o.__class__.__name__, Obj.__module__, type(o.method).__name__, o.method.__self__ is o)
ns = {}
exec("x = 6 * 7\ndef f(): return x", ns)
print(ns["x"], ns["f"](), eval("x + 1", ns), eval("[i * 2 for i in range(3)]"), compile("1+1", "<s>", "eval").co_name)
g = globals()
print("Obj" in g, type(locals()).__name__, __name__)
print(list(map(lambda a, b: a * b, [1, 2], [3, 4])), list(filter(str.isdigit, "a1b2")), list(enumerate("xy")), list(zip("ab", "cd", "ef")))
print(sorted([3, 1, 2], reverse=True), list(reversed(range(3))), sorted([(1, "b"), (1, "a"), (0, "z")]), any(x > 2 for x in [1, 3]))
print(int.__name__, str.upper("x"), list.__len__([1, 2]), dict.fromkeys([1]), object().__class__ is object, type(None).__name__)
print(slice(1, 5, 2), slice(3).indices(10), [1, 2, 3, 4][slice(None, None, -1)], memoryview(b"ab")[0], frozenset("aa"))
print(NotImplemented, Ellipsis, ..., __debug__, None.__class__, True.__class__.__mro__)
for bad in ["int('1', 99)", "chr(-1)", "ord('ab')", "len(5)", "iter(5)", "next(5)", "sorted(5)", "getattr(1, 2)", "hash([])", "max()"]:
    try:
        eval(bad)
    except Exception as e:
        print(type(e).__name__, e)
