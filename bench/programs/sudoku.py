# A sudoku solver: constraint propagation (each cell's candidate set; a
# value placed is removed from its peers, a unit with one place for a
# value gets it) plus depth-first search on the cell with fewest
# candidates. Dicts of sets, recursion, copying state.
import sys

ROWS = "ABCDEFGHI"
COLS = "123456789"
CELLS = [r + c for r in ROWS for c in COLS]
UNITS = ([[r + c for c in COLS] for r in ROWS] +
         [[r + c for r in ROWS] for c in COLS] +
         [[r + c for r in rs for c in cs] for rs in ("ABC", "DEF", "GHI") for cs in ("123", "456", "789")])
UNITS_OF = {s: [u for u in UNITS if s in u] for s in CELLS}
PEERS = {s: set(x for u in UNITS_OF[s] for x in u) - {s} for s in CELLS}

def assign(cands, s, d):
    for other in cands[s] - {d}:
        if not eliminate(cands, s, other):
            return False
    return True

def eliminate(cands, s, d):
    if d not in cands[s]:
        return True
    cands[s] = cands[s] - {d}
    left = cands[s]
    if not left:
        return False
    if len(left) == 1:
        (only,) = left
        for p in PEERS[s]:
            if not eliminate(cands, p, only):
                return False
    for u in UNITS_OF[s]:
        places = [x for x in u if d in cands[x]]
        if not places:
            return False
        if len(places) == 1 and not assign(cands, places[0], d):
            return False
    return True

def search(cands, counter):
    counter[0] += 1
    if all(len(cands[s]) == 1 for s in CELLS):
        return cands
    n, s = min((len(cands[s]), s) for s in CELLS if len(cands[s]) > 1)
    for d in sorted(cands[s]):
        trial = dict(cands)
        if assign(trial, s, d):
            done = search(trial, counter)
            if done:
                return done
    return None

def solve(grid):
    cands = {s: set(COLS) for s in CELLS}
    for s, ch in zip(CELLS, grid):
        if ch in COLS and not assign(cands, s, ch):
            return None, 0
    counter = [0]
    return search(cands, counter), counter[0]

PUZZLES = [
    "4.....8.5.3..........7......2.....6.....8.4......1.......6.3.7.5..2.....1.4......",
    "52...6.........7.13...........4..8..6......5...........418.........3..2...87.....",
    "6.....8.3.4.7.................5.4.7.3..2.....1.6.......2.....5.....8.6......1....",
    "48.3............71.2.......7.5....6....2..8.............1.76...3.....4......5....",
    "....14....3....2...7..........9...3.6.1.............8.2.....1.4....5.6.....7.8...",
]

def main(rounds):
    for r in range(rounds):
        for p in PUZZLES:
            sol, nodes = solve(p)
            if r == 0:
                print("".join(next(iter(sol[s])) for s in CELLS[:27]), nodes)

main(int(sys.argv[1]) if len(sys.argv) > 1 else 6)
