import itertools
from itertools import *

print(list(islice(count(), 5)), list(islice(count(10, 3), 4)), list(islice(count(0.5, 0.25), 3)))
print(count(5), count(5, 2), count(1, 1.0), count(2.5, 0.5), repeat(1, 3), repeat("a"), repeat(1, -5))
c = count(3)
next(c)
print(c)
print(list(islice(cycle("abc"), 8)), list(cycle([])))
print(list(repeat(7, 3)), list(repeat("a", times=2)), list(zip(range(3), repeat(0))))
print(list(accumulate([1, 2, 3, 4])), list(accumulate([1, 2, 3], initial=10)), list(accumulate([3, 1, 4, 1, 5], max)))
print(list(accumulate([])), list(accumulate([], initial=0)), list(accumulate("abc")))
print(list(chain("ab", [1, 2], ())), list(chain()), list(chain.from_iterable(["xy", "z"])))
print(list(compress("ABCDEF", [1, 0, 1, 0, 1, 1])), list(compress("AB", [1])))
print(list(dropwhile(lambda x: x < 5, [1, 4, 6, 4, 1])), list(takewhile(lambda x: x < 5, [1, 4, 6, 4, 1])))
print(list(filterfalse(lambda x: x % 2, range(10))), list(filterfalse(None, [0, 1, "", "a", None])))
print([(k, list(g)) for k, g in groupby("AAAABBBCCDAABBB")])
print([k for k, g in groupby("AAAABBBCCD")])
print([(k, list(g)) for k, g in groupby([1, 2, 3, 4, 5, 6], key=lambda x: x // 3)])
gb = groupby("aabbc")
k1, g1 = next(gb)
k2, g2 = next(gb)
print(k1, list(g1), k2, list(g2))
print(list(islice("ABCDEFG", 2)), list(islice("ABCDEFG", 2, 4)), list(islice("ABCDEFG", 2, None)), list(islice("ABCDEFG", 0, None, 2)))
print(list(islice(range(10), 1, 8, 3)), list(islice([], 3)), list(islice("abc", 10)))
it = iter(range(10))
print(list(islice(it, 3)), next(it))
print(list(pairwise("ABCDE")), list(pairwise("A")), list(pairwise([])))
print(list(starmap(pow, [(2, 5), (3, 2), (10, 3)])))
a, b = tee(range(5))
print(list(a), list(b))
a, b, c = tee("xyz", 3)
print(next(a), next(a), next(b), list(c), list(a), list(b))
print(tee([1], 0), type(tee("a")[0]).__name__)
print(list(zip_longest("ABCD", "xy", fillvalue="-")), list(zip_longest("ab", [1, 2, 3])), list(zip_longest()))
print(list(product("AB", "xy")), list(product(range(2), repeat=3)), list(product()), list(product("ab", [])))
print(list(permutations("ABC", 2)), list(permutations(range(3))), list(permutations("ab", 3)), list(permutations([], 0)))
print(list(combinations("ABCD", 2)), list(combinations(range(4), 3)), list(combinations("ab", 3)), list(combinations("ab", 0)))
print(list(combinations_with_replacement("ABC", 2)), list(combinations_with_replacement([], 2)), list(combinations_with_replacement("a", 0)))
print(len(list(permutations(range(5)))), len(list(combinations(range(10), 4))))
print(type(chain()), type(groupby("a")), type(next(groupby("a"))[1]).__name__, itertools.chain.__module__)


class MyChain(chain):
    pass


print(list(MyChain("ab", "c")), isinstance(MyChain(), chain))
print(repeat(1, 3).__length_hint__())

tests = [
    "islice('abc', -1)", "islice('abc', 0, 1, 0)", "islice('abc', -1, 2)", "islice('abc')", "islice('abc', 'a')",
    "count('a')", "repeat()", "repeat(1, 'a')", "list(chain(1))", "cycle()", "accumulate()",
    "permutations('abc', -1)", "combinations('abc')", "combinations('abc', -1)", "product('ab', repeat=-1)",
    "product(1)", "zip_longest(1)", "tee('a', -1)", "starmap(len)", "pairwise()", "groupby()",
    "compress('a')", "dropwhile(len)", "count(1, 2, 3)", "chain(x=1)", "product('a', x=1)",
    "chain.from_iterable(1)", "next(starmap(pow, [1]))",
]
for t in tests:
    try:
        print(t, "->", eval(t))
    except Exception as e:
        print(t, "->", type(e).__name__, e)
