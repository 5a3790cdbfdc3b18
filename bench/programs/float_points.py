# Many small objects holding floats: points are made from trigonometry,
# normalised, scaled and folded into a running maximum. Object creation,
# float arithmetic and math functions, method calls.
import math
import sys

class Point:
    def __init__(self, i):
        self.x = x = math.sin(i)
        self.y = math.cos(i) * 3
        self.z = (x * x) / 2

    def normalize(self):
        norm = math.sqrt(self.x * self.x + self.y * self.y + self.z * self.z)
        self.x /= norm
        self.y /= norm
        self.z /= norm

    def maximize(self, other):
        self.x = self.x if self.x > other.x else other.x
        self.y = self.y if self.y > other.y else other.y
        self.z = self.z if self.z > other.z else other.z
        return self

def run(n):
    points = [Point(i) for i in range(n)]
    for p in points:
        p.normalize()
    best = points[0]
    for p in points[1:]:
        best = best.maximize(p)
    return best

def main(rounds):
    for r in range(rounds):
        b = run(20000 + r)
    print("x=%.12f y=%.12f z=%.12f" % (b.x, b.y, b.z))

main(int(sys.argv[1]) if len(sys.argv) > 1 else 40)
