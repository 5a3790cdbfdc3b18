# Pancake flipping over every permutation of 0..n-1: the largest number of
# prefix reversals before 0 comes first, and a signed checksum. List
# slicing and reversal, index arithmetic, permutation generation.
import sys

def fannkuch(n):
    perm = list(range(n))
    count = [0] * n
    max_flips = 0
    checksum = 0
    sign = 1
    while True:
        p = perm[:]
        flips = 0
        first = p[0]
        while first:
            p[:first + 1] = p[first::-1]
            flips += 1
            first = p[0]
        if flips > max_flips:
            max_flips = flips
        checksum += sign * flips
        sign = -sign
        # Next permutation in rotation order.
        i = 1
        while True:
            if i == n:
                return max_flips, checksum
            head = perm[0]
            perm[:i] = perm[1:i + 1]
            perm[i] = head
            count[i] += 1
            if count[i] <= i:
                break
            count[i] = 0
            i += 1

def main(n):
    flips, checksum = fannkuch(n)
    print("n=%d checksum=%d max flips=%d" % (n, checksum, flips))

main(int(sys.argv[1]) if len(sys.argv) > 1 else 9)
