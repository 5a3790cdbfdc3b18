# A tiny ray tracer: spheres over a checkered plane, one light, shadows
# and one bounce of reflection, rendered to a grid of grey levels whose
# histogram and checksum are printed. Vector objects, operator methods,
# many short-lived instances.
import math
import sys

class V:
    __slots__ = ("x", "y", "z")

    def __init__(self, x, y, z):
        self.x = x
        self.y = y
        self.z = z

    def __add__(self, o):
        return V(self.x + o.x, self.y + o.y, self.z + o.z)

    def __sub__(self, o):
        return V(self.x - o.x, self.y - o.y, self.z - o.z)

    def scale(self, k):
        return V(self.x * k, self.y * k, self.z * k)

    def dot(self, o):
        return self.x * o.x + self.y * o.y + self.z * o.z

    def unit(self):
        return self.scale(1.0 / math.sqrt(self.dot(self)))

class Sphere:
    def __init__(self, centre, radius, shade, mirror):
        self.centre = centre
        self.r2 = radius * radius
        self.shade = shade
        self.mirror = mirror

    def hit(self, origin, d):
        oc = origin - self.centre
        b = oc.dot(d)
        c = oc.dot(oc) - self.r2
        disc = b * b - c
        if disc < 0:
            return None
        t = -b - math.sqrt(disc)
        return t if t > 1e-6 else None

    def normal(self, p):
        return (p - self.centre).unit()

class Plane:
    shade = 0.0
    mirror = 0.0

    def hit(self, origin, d):
        if d.y >= -1e-9:
            return None
        t = (-1.0 - origin.y) / d.y
        return t if t > 1e-6 else None

    def normal(self, p):
        return V(0.0, 1.0, 0.0)

    def colour(self, p):
        return 0.9 if (math.floor(p.x) + math.floor(p.z)) % 2 == 0 else 0.2

SCENE = [
    Sphere(V(0.0, 0.0, 4.0), 1.0, 0.8, 0.3),
    Sphere(V(-1.8, -0.3, 5.0), 0.7, 0.5, 0.0),
    Sphere(V(1.7, 0.2, 5.5), 0.9, 0.6, 0.5),
    Plane(),
]
LIGHT = V(-3.0, 4.0, 0.0)

def nearest(origin, d):
    best, what = None, None
    for obj in SCENE:
        t = obj.hit(origin, d)
        if t is not None and (best is None or t < best):
            best, what = t, obj
    return best, what

def trace(origin, d, depth):
    t, obj = nearest(origin, d)
    if obj is None:
        return 0.1 + 0.2 * max(d.y, 0.0)
    p = origin + d.scale(t)
    n = obj.normal(p)
    base = obj.colour(p) if isinstance(obj, Plane) else obj.shade
    to_light = (LIGHT - p).unit()
    lit = max(n.dot(to_light), 0.0)
    shadow_t, _ = nearest(p, to_light)
    if shadow_t is not None:
        lit *= 0.3
    c = base * (0.15 + 0.85 * lit)
    if obj.mirror > 0 and depth < 2:
        r = d - n.scale(2 * d.dot(n))
        c = c * (1 - obj.mirror) + obj.mirror * trace(p, r, depth + 1)
    return c

def main(size):
    eye = V(0.0, 0.3, -1.0)
    hist = [0] * 8
    checksum = 0
    for j in range(size):
        for i in range(size):
            d = V((i - size / 2) / size, (size / 2 - j) / size, 1.0).unit()
            g = min(int(trace(eye, d, 0) * 8), 7)
            hist[g] += 1
            checksum = (checksum * 131 + g) % 1000000007
    print("histogram:", hist)
    print("checksum:", checksum)

main(int(sys.argv[1]) if len(sys.argv) > 1 else 250)
