# Game-tree search: negamax with alpha-beta pruning over tic-tac-toe and
# over a 4x4 connect-three variant from several openings, counting the
# nodes visited. Recursion, list mutation, small loops.
import sys

def lines_for(n, k):
    out = []
    for r in range(n):
        for c in range(n):
            for dr, dc in ((0, 1), (1, 0), (1, 1), (1, -1)):
                cells = [(r + i * dr, c + i * dc) for i in range(k)]
                if all(0 <= a < n and 0 <= b < n for a, b in cells):
                    out.append([a * n + b for a, b in cells])
    return out

class Game:
    def __init__(self, n, k):
        self.n = n
        self.board = [0] * (n * n)
        self.lines = lines_for(n, k)
        self.nodes = 0

    def winner(self):
        b = self.board
        for line in self.lines:
            first = b[line[0]]
            if first and all(b[i] == first for i in line):
                return first
        return 0

    def negamax(self, player, alpha, beta, depth):
        self.nodes += 1
        w = self.winner()
        if w:
            return (100 - depth) * (1 if w == player else -1)
        moves = [i for i, v in enumerate(self.board) if v == 0]
        if not moves:
            return 0
        best = -1000
        for m in moves:
            self.board[m] = player
            score = -self.negamax(-player, -beta, -alpha, depth + 1)
            self.board[m] = 0
            if score > best:
                best = score
            if best > alpha:
                alpha = best
            if alpha >= beta:
                break
        return best

def main(rounds):
    for _ in range(rounds):
        g = Game(3, 3)
        v = g.negamax(1, -1000, 1000, 0)
        results = [("3x3", v, g.nodes)]
        for opening in (0,):
            g = Game(4, 3)
            g.board[opening] = 1
            g.board[(opening + 3) % 16] = -1
            v = g.negamax(1, -1000, 1000, 2)
            results.append(("4x4@%d" % opening, v, g.nodes))
    for r in results:
        print(*r)

main(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
