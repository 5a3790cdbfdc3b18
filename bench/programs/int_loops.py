# Integer arithmetic in plain loops: a prime sieve, Collatz sequence
# lengths, greatest common divisors and digit sums. No objects beyond
# small ints and one list.
import sys

def sieve(n):
    flags = [True] * (n + 1)
    flags[0] = flags[1] = False
    i = 2
    while i * i <= n:
        if flags[i]:
            for j in range(i * i, n + 1, i):
                flags[j] = False
        i += 1
    return sum(flags)

def collatz_max(limit):
    best, arg = 0, 0
    for start in range(1, limit):
        n, steps = start, 0
        while n != 1:
            n = n // 2 if n % 2 == 0 else 3 * n + 1
            steps += 1
        if steps > best:
            best, arg = steps, start
    return arg, best

def gcd_sum(n):
    total = 0
    for a in range(1, n):
        b = (a * 37 + 11) % n + 1
        while b:
            a, b = b, a % b
        total += a
    return total

def digit_sums(n):
    total = 0
    for i in range(n):
        while i:
            total += i % 10
            i //= 10
    return total

def main(scale):
    print(sieve(200000 * scale), collatz_max(30000 * scale), gcd_sum(100000 * scale), digit_sums(100000 * scale))

main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
