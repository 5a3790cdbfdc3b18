#!/usr/bin/env python3
"""Records CPython 3.11's behaviour for every program in tests/programs/:
NAME.out (stdout), NAME.err (stderr, only if non-empty) and NAME.code
(exit status, only if non-zero). Run from anywhere; needs python3 = 3.11."""
import os
import subprocess
import sys

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "programs")

def main():
    names = sys.argv[1:] or sorted(f[:-3] for f in os.listdir(HERE) if f.endswith(".py"))
    env = dict(os.environ, PYTHONHASHSEED="0")
    for n in names:
        r = subprocess.run([sys.executable, n + ".py"], cwd=HERE, capture_output=True, env=env, timeout=60)
        with open(os.path.join(HERE, n + ".out"), "wb") as f:
            f.write(r.stdout)
        for ext, data, keep in ((".err", r.stderr, bool(r.stderr)), (".code", str(r.returncode).encode() + b"\n", r.returncode != 0)):
            path = os.path.join(HERE, n + ext)
            if keep:
                with open(path, "wb") as f:
                    f.write(data)
            elif os.path.exists(path):
                os.remove(path)
        print(n, "exit", r.returncode)

if __name__ == "__main__":
    main()
