# Closures: counters and accumulators over nonlocal cells, closures made
# in loops, decorators wrapping functions, functools-free memoisation.
import sys

def counter(start):
    n = start
    def inc(k=1):
        nonlocal n
        n += k
        return n
    return inc

def compose(f, g):
    return lambda x: f(g(x))

def memo(f):
    cache = {}
    def wrapper(x):
        if x not in cache:
            cache[x] = f(x)
        return cache[x]
    return wrapper

def logged(f):
    calls = [0]
    def wrapper(*a):
        calls[0] += 1
        return f(*a)
    wrapper.calls = calls
    return wrapper

@logged
def area(w, h):
    return w * h

def main(rounds):
    total = 0
    for r in range(rounds):
        c = counter(r)
        for _ in range(10):
            c()
        total += c(5)
        adders = [(lambda x, k=k: x + k) for k in range(5)]
        f = compose(adders[1], adders[3])
        total += f(r) + sum(a(r) for a in adders)
        sq = memo(lambda x: x * x)
        total += sq(r % 50) + sq(r % 50)
        total += area(r % 7, 3)
    print(total, area.calls[0])

main(int(sys.argv[1]) if len(sys.argv) > 1 else 180000)
