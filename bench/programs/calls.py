# Function-call overhead in its common shapes: positional, keyword and
# default arguments, *args/**kwargs, bound methods, recursion, lambdas
# and builtins called from Python.
import sys

def add(a, b):
    return a + b

def scaled(a, b=2, c=3):
    return a * b + c

def varargs(*args):
    return len(args)

def kwargs(**kw):
    return len(kw)

def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)

class Acc:
    def __init__(self):
        self.total = 0

    def add(self, x):
        self.total += x
        return self

def main(rounds):
    total = 0
    acc = Acc()
    square = lambda x: x * x
    for i in range(rounds):
        total += add(i, 1)
        total += scaled(i)
        total += scaled(i, c=1)
        total += scaled(a=i, b=1, c=0)
        total += varargs(i, i, i)
        total += kwargs(x=i, y=i)
        total += square(i & 255)
        total += abs(-i) + min(i, 3) + len("abc")
        acc.add(i).add(1)
    total += fib(24)
    print(total, acc.total)

main(int(sys.argv[1]) if len(sys.argv) > 1 else 700000)
