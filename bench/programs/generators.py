# Generators: pipelines of generator functions and expressions, yield
# from delegation, send(), consumption by sum/max/list and for loops.
import sys

def numbers(n):
    for i in range(n):
        yield i

def evens(it):
    for x in it:
        if x % 2 == 0:
            yield x

def squares(it):
    for x in it:
        yield x * x

def chunks(it, size):
    buf = []
    for x in it:
        buf.append(x)
        if len(buf) == size:
            yield buf
            buf = []
    if buf:
        yield buf

def flatten(nested):
    for part in nested:
        yield from part

def averager():
    total = count = 0
    avg = None
    while True:
        x = yield avg
        total += x
        count += 1
        avg = total / count

def main(n):
    s = sum(squares(evens(numbers(n))))
    m = max(len(c) for c in chunks(numbers(n), 7))
    f = sum(flatten(chunks(numbers(n), 5)))
    avg = averager()
    next(avg)
    last = 0.0
    for x in numbers(n // 4):
        last = avg.send(x)
    g = sum(x for x in range(n) if x % 3)
    print(s, m, f, "%.3f" % last, g)

main(int(sys.argv[1]) if len(sys.argv) > 1 else 1200000)
