# Dictionaries: word counting, building indexes of lists, lookups with
# get/in/setdefault, updates, deletion, iteration over items, dict
# comprehensions and merging. String and int keys.
import sys

WORDS = ("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu "
         "nu xi omicron pi rho sigma tau upsilon phi chi psi omega").split()

def text(n, seed):
    out = []
    for _ in range(n):
        seed = (seed * 1103515245 + 12345) & 0x7FFFFFFF
        out.append(WORDS[seed % len(WORDS)] + str(seed % 13))
    return out

def main(rounds):
    checksum = 0
    for r in range(rounds):
        words = text(3000, r)
        counts = {}
        for w in words:
            counts[w] = counts.get(w, 0) + 1
        index = {}
        for i, w in enumerate(words):
            index.setdefault(w[0], []).append(i)
        squares = {i: i * i for i in range(500)}
        hits = sum(1 for w in words if w in counts and counts[w] > 2)
        merged = {**squares, **{k: len(v) for k, v in index.items()}}
        for k in list(counts):
            if counts[k] == 1:
                del counts[k]
        best = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
        checksum += hits + len(merged) + len(counts) + best[1] + sum(squares.values()) % 97
    print(checksum, best)

main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
