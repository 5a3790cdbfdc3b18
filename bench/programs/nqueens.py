# Counts the placements of n queens on an n x n board by backtracking over
# rows with sets of attacked columns and diagonals, and lists the first
# solution found. Recursion, set operations, small ints.
import sys

def solve(n):
    cols, diag1, diag2 = set(), set(), set()
    placed = []
    found = []

    def place(row):
        if row == n:
            if not found:
                found.append(list(placed))
            return 1
        total = 0
        for c in range(n):
            if c in cols or (row + c) in diag1 or (row - c) in diag2:
                continue
            cols.add(c)
            diag1.add(row + c)
            diag2.add(row - c)
            placed.append(c)
            total += place(row + 1)
            placed.pop()
            cols.remove(c)
            diag1.remove(row + c)
            diag2.remove(row - c)
        return total

    return place(0), found[0] if found else None

def main(n):
    for k in range(4, n + 1):
        count, first = solve(k)
        print(k, count, first)

main(int(sys.argv[1]) if len(sys.argv) > 1 else 11)
