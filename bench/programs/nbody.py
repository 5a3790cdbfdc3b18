# Gravitational n-body integration (leapfrog-style Euler steps) of a small
# made-up star system; prints the total energy before and after.
# Floats, attribute-free tuples/lists, tight nested loops.
import sys

def make_system():
    # (x, y, z, vx, vy, vz, mass): arbitrary bodies around a heavy centre.
    bodies = [[0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 40.0]]
    for k in range(1, 6):
        r = 1.5 * k
        v = (40.0 / r) ** 0.5
        bodies.append([r, 0.1 * k, -0.05 * k, 0.0, v, 0.01 * k, 0.002 * k * k])
    # Put the centre of momentum at rest.
    px = sum(b[3] * b[6] for b in bodies)
    py = sum(b[4] * b[6] for b in bodies)
    pz = sum(b[5] * b[6] for b in bodies)
    c = bodies[0]
    c[3] -= px / c[6]
    c[4] -= py / c[6]
    c[5] -= pz / c[6]
    return bodies

def energy(bodies):
    e = 0.0
    n = len(bodies)
    for i in range(n):
        x, y, z, vx, vy, vz, m = bodies[i]
        e += 0.5 * m * (vx * vx + vy * vy + vz * vz)
        for j in range(i + 1, n):
            x2, y2, z2 = bodies[j][0], bodies[j][1], bodies[j][2]
            d = ((x - x2) ** 2 + (y - y2) ** 2 + (z - z2) ** 2) ** 0.5
            e -= m * bodies[j][6] / d
    return e

def advance(bodies, dt, steps):
    pairs = [(bodies[i], bodies[j]) for i in range(len(bodies)) for j in range(i + 1, len(bodies))]
    for _ in range(steps):
        for a, b in pairs:
            dx = a[0] - b[0]
            dy = a[1] - b[1]
            dz = a[2] - b[2]
            d2 = dx * dx + dy * dy + dz * dz
            mag = dt / (d2 * d2 ** 0.5)
            bm = b[6] * mag
            am = a[6] * mag
            a[3] -= dx * bm
            a[4] -= dy * bm
            a[5] -= dz * bm
            b[3] += dx * am
            b[4] += dy * am
            b[5] += dz * am
        for b in bodies:
            b[0] += dt * b[3]
            b[1] += dt * b[4]
            b[2] += dt * b[5]

def main(steps):
    bodies = make_system()
    print("energy before: %.9f" % energy(bodies))
    advance(bodies, 0.001, steps)
    print("energy after:  %.9f" % energy(bodies))

main(int(sys.argv[1]) if len(sys.argv) > 1 else 100000)
