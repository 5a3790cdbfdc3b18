# Tuple packing and unpacking: multiple assignment and swaps, returning
# tuples, star-unpacking, unpacking in for loops over pairs and triples,
# enumerate and zip.
import sys

def divmod_like(a, b):
    return a // b, a % b

def stats(values):
    first, *middle, last = values
    return first, len(middle), last

def main(rounds):
    a, b, c = 1, 2, 3
    total = 0
    points = [(i, i * 2, i * 3) for i in range(100)]
    for r in range(rounds):
        a, b, c = b, c, a
        q, m = divmod_like(r + 7, 5)
        total += q + m + a
        for x, y, z in points[:20]:
            total += x - y + z
        for i, (x, _, z) in enumerate(points[20:30]):
            total += i * x - z
        for (x, y, z), k in zip(points[30:35], range(5)):
            total += x * k
        first, n, last = stats(points[r % 50:r % 50 + 5])
        total += first[0] + n + last[2]
        (p, q), s = (r, r + 1), r + 2
        total += p + q + s
    print(total, a, b, c)

main(int(sys.argv[1]) if len(sys.argv) > 1 else 180000)
