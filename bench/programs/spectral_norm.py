# The spectral norm of an infinite matrix A(i, j) = 1 / ((i+j)(i+j+1)/2 + i + 1),
# approximated by power iteration on A^T A. Float division, nested loops,
# function calls in the inner loop.
import sys

def a(i, j):
    s = i + j
    return 1.0 / (s * (s + 1) // 2 + i + 1)

def times(v, n):
    return [sum(a(i, j) * v[j] for j in range(n)) for i in range(n)]

def times_transposed(v, n):
    return [sum(a(j, i) * v[j] for j in range(n)) for i in range(n)]

def main(n):
    u = [1.0] * n
    for _ in range(10):
        v = times_transposed(times(u, n), n)
        u = times_transposed(times(v, n), n)
    vbv = sum(x * y for x, y in zip(u, v))
    vv = sum(x * x for x in v)
    print("%.9f" % (vbv / vv) ** 0.5)

main(int(sys.argv[1]) if len(sys.argv) > 1 else 260)
