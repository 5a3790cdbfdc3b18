# Control flow: loops with else, break/continue, while, match, walrus, assert.
for i in range(5):
    if i == 3:
        break
else:
    print("no break")
for i in range(3):
    pass
else:
    print("loop finished", i)
n, steps = 27, 0
while n != 1:
    n = n // 2 if n % 2 == 0 else 3 * n + 1
    steps += 1
print("collatz", steps)
total = 0
for x in range(10):
    if x % 2:
        continue
    total += x
print("even sum", total)
def describe(v):
    match v:
        case 0 | 1:
            return "tiny"
        case int(n) if n < 0:
            return f"negative {n}"
        case [x, y, *rest]:
            return f"seq {x} {y} +{len(rest)}"
        case {"kind": "point", "x": x, **others}:
            return f"point {x} {sorted(others)}"
        case str() as s if s.isupper():
            return "shout " + s
        case (a, b):
            return f"pair {a} {b}"
        case None:
            return "none"
        case _:
            return "other " + type(v).__name__
for v in [0, -5, [1, 2, 3, 4], {"kind": "point", "x": 1, "y": 2, "z": 3}, "HI", ("a", "b"), None, 3.5, "low", [9]]:
    print(describe(v))
class Point:
    __match_args__ = ("x", "y")
    def __init__(self, x, y):
        self.x, self.y = x, y
match Point(1, 2):
    case Point(0, y):
        print("on y axis", y)
    case Point(x, y=2):
        print("y is two, x =", x)
data = [5, 8, 13, 2]
if (big := [d for d in data if d > 6]) and len(big) == 2:
    print("walrus", big)
print("yes" if data else "no", [y for x in data if (y := x * 2) > 10])
try:
    assert len(data) == 3, "expected three"
except AssertionError as e:
    print("AssertionError", e)
i = 0
while True:
    i += 1
    try:
        if i == 2:
            continue
        if i == 4:
            break
    finally:
        print("finally", i)
