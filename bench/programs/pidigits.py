# Digits of pi from an unbounded spigot (a linear fractional transformation
# per term, extracted digit by digit): arbitrary-precision integer
# multiplication and division dominate.
import sys

def pi_digits(count):
    q, r, t, k = 1, 0, 1, 1
    digits = []
    while len(digits) < count:
        # Compose with the next term (k, 4k+2, 0, 2k+1).
        q, r, t = q * k, (2 * q + r) * (2 * k + 1), t * (2 * k + 1)
        k += 1
        if q > r:
            continue
        d = (3 * q + r) // t
        if d == (4 * q + r) // t:
            digits.append(d)
            q, r = 10 * q, 10 * (r - d * t)
    return digits

def main(n):
    ds = pi_digits(n)
    for i in range(0, n, 50):
        print("".join(map(str, ds[i:i + 50])), i + len(ds[i:i + 50]))

main(int(sys.argv[1]) if len(sys.argv) > 1 else 4500)
