# _bisect natively: bisect/insort with lo, hi, key, any sequence, CPython's errors.
import _bisect, bisect
data = [1, 2, 2, 2, 3, 5, 8]
for x in (0, 2, 4, 9):
    print(x, _bisect.bisect_left(data, x), _bisect.bisect_right(data, x),
          bisect.bisect(data, x, 2, 5), _bisect.bisect_left(data, x, hi=-1))
words = ["apple", "fig", "banana", "kiwi"]
words.sort(key=len)
_bisect.insort_right(words, "plum", key=len)
_bisect.insort_left(words, "pear", key=len)
print(words)
class Seq:
    def __init__(self, n): self.n = n
    def __len__(self): return self.n
    def __getitem__(self, i):
        if not 0 <= i < self.n: raise IndexError(i)
        return i * 10
print(_bisect.bisect_left(Seq(100), 555), _bisect.bisect_right(range(0, 100, 3), 30))
class L(list):
    def insert(self, i, x):
        print("insert", i, x)
        super().insert(i, x)
l = L([1, 3])
_bisect.insort_right(l, 2)
print(l)
for call in (lambda: _bisect.bisect_left(), lambda: _bisect.bisect_left([1], 2, -1),
             lambda: _bisect.bisect_left(5, 1), lambda: _bisect.bisect_right([1, 2], 2, 0, 10),
             lambda: _bisect.bisect_left([1], 2, 1.5), lambda: _bisect.insort_left([], 1, x=3),
             lambda: _bisect.bisect_left([1, "a"], 2)):
    try:
        print(call())
    except Exception as e:
        print(type(e).__name__, e)
