# Everyday text work: splitting and joining, formatting with f-strings,
# str.format and %, case changes, searching, replacing, stripping,
# slicing and building a report line by line.
import sys

def make_lines(n):
    parts = ["north", "south", "east", "west", "up", "down", "left", "right"]
    seed = 99
    lines = []
    for i in range(n):
        seed = (seed * 69069 + 1) & 0xFFFFFFFF
        words = [parts[(seed >> s) % 8] for s in (0, 3, 6, 9, 12)]
        lines.append("  %d: %s  " % (i, " ".join(words)))
    return lines

def main(rounds):
    total = 0
    report = []
    for r in range(rounds):
        for line in make_lines(2000):
            s = line.strip()
            num, _, rest = s.partition(": ")
            words = rest.split()
            title = rest.title()
            short = "-".join(w[:2].upper() for w in words)
            moved = rest.replace("up", "UP").replace("down", "DOWN")
            f = f"{int(num):06d}|{words[0]:>6}|{len(rest):#x}|{int(num) / 3:.2f}"
            g = "{}/{}/{:<5}".format(words[1], words[2], num)
            h = "%s=%d" % (words[3], len(words[4]))
            total += len(title) + len(short) + len(moved) + len(f) + len(g) + len(h)
            total += rest.count("e") + (rest.find("west") + 1) + rest.startswith("no")
            if int(num) % 500 == 0:
                report.append(f + " " + g + " " + h + " " + short)
    print(total)
    print("\n".join(report[:4]))

main(int(sys.argv[1]) if len(sys.argv) > 1 else 40)
