# _heapq: the heap primitives, CPython's comparisons and messages.
import heapq
h = []
for x in [5, 3, 8, 1, 9, 2, 7]:
    heapq.heappush(h, x)
print(h, [heapq.heappop(h) for _ in range(3)], h)
l = [9, 4, 7, 1, 8, 2]
heapq.heapify(l); print(l, heapq.heapreplace(l, 5), l, heapq.heappushpop(l, 0), l)
print(heapq.nlargest(3, [4, 1, 7, 3, 9]), heapq.nsmallest(2, "hello"), list(heapq.merge([1, 4], [2, 3])))
try:
    heapq.heappop([])
except IndexError as e:
    print("IndexError", e)
