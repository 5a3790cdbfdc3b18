# copy, deepcopy and pickle round trips of built-in and library types (their __reduce__/__getstate__).
import copy, pickle, collections, array, datetime, decimal, fractions
vals = [bytearray(b"ab"), collections.deque([1, 2], maxlen=5), collections.defaultdict(list, a=[1]), collections.OrderedDict(a=1),
        collections.Counter("abca"), array.array("i", [1, 2]), datetime.date(2020, 1, 2), decimal.Decimal("1.5"), fractions.Fraction(1, 3),
        complex(1, 2), range(3), slice(1, 2), {1: {2}}, [frozenset({1})], (1, [2]), collections.namedtuple("P", "x y")(1, 2) if False else 1, b"x", 2**70, 1.5, None, Ellipsis, NotImplemented, type, len]
for v in vals:
    for f in (copy.copy, copy.deepcopy, lambda x: pickle.loads(pickle.dumps(x))):
        try:
            r = f(v)
            print(type(v).__name__, repr(r) == repr(v))
        except Exception as e:
            print(type(v).__name__, "ERR", type(e).__name__, e)
