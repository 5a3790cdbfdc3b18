# List, set and dict comprehensions and generator expressions with
# filters and nesting, over ranges and over lists of tuples; sorting
# with keys; slicing.
import sys

def main(rounds):
    checksum = 0
    for r in range(rounds):
        nums = [(i * 7919 + r) % 1000 for i in range(2000)]
        evens = [x for x in nums if x % 2 == 0]
        pairs = [(x, y) for x in range(40) for y in range(x, 40) if (x + y) % 5 == 0]
        uniq = {x % 97 for x in nums}
        table = {x: [y for y in range(x % 5)] for x in range(300)}
        flat = [y for row in table.values() for y in row]
        ranked = sorted(nums[:500], key=lambda v: (-v % 13, v))
        total = sum(x * y for x, y in pairs)
        matrix = [[i * j for j in range(30)] for i in range(30)]
        transposed = [[row[i] for row in matrix] for i in range(30)]
        checksum += (len(evens) + len(pairs) + len(uniq) + len(flat) + ranked[0] + total
                     + transposed[7][11] + sum(nums[::3]))
    print(checksum)

main(int(sys.argv[1]) if len(sys.argv) > 1 else 900)
