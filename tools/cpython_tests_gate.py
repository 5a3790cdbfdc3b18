#!/usr/bin/env python3
"""Runs CPython's own test modules (../shared/cpython-tests) under Pyrite
and checks the counts issue 4 asks for: at least --min of the baseline's
tests pass over its modules, and no module crashes or hangs the
interpreter (a crash is a bug).

usage: python3 tools/cpython_tests_gate.py --interp target/release/pyrite
           [--min 3000] [--modules test_sys ...] [--min-rate PCT]
           [--subset test_sys,test_raise,... --subset-rate PCT]

Without --modules, every module of the baseline runs (issue 4); with
--modules, only those. --subset checks a pass rate over some of the
modules of the same run (issue 5 names six, at 80%). Prints the
runner's table; exits 1 if a floor is missed or a module crashed or timed
out. The interpreter path is made absolute (the runner starts each module
in a fresh temporary directory), and the run happens in a scratch
directory so stray files cannot shadow modules.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.join(HERE, "..", "..", "shared", "cpython-tests")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--interp", required=True)
    ap.add_argument("--min", type=int, default=0, help="tests that must pass")
    ap.add_argument("--min-rate", type=float, default=0.0, help="percent of the modules' tests that must pass")
    ap.add_argument("--modules", nargs="*", help="default: every module of the baseline")
    ap.add_argument("--subset", default="", help="comma-separated modules whose own rate is checked")
    ap.add_argument("--subset-rate", type=float, default=0.0)
    ap.add_argument("--timeout", type=int, default=300)
    ap.add_argument("-j", "--jobs", type=int, default=2)
    args = ap.parse_args()
    baseline = os.path.join(SHARED, "baseline-cpython-3.11.json")
    with open(baseline) as f:
        counts = json.load(f)
    modules = args.modules or list(counts)
    interp = os.path.abspath(args.interp)
    with tempfile.TemporaryDirectory() as scratch:
        cmd = [sys.executable, os.path.join(SHARED, "run_cpython_tests.py"), "--interp", interp,
               "--baseline", baseline, "-j", str(args.jobs), "--timeout", str(args.timeout)] + modules
        r = subprocess.run(cmd, cwd=scratch, capture_output=True, text=True)
    out = r.stdout
    print("\n".join(l for l in out.splitlines() if not l.lstrip().startswith("[")))
    m = re.search(r"^(\d+) passed, (\d+) failed\s*$", out, re.M)
    if not m:
        print("cpython-tests gate: no summary line from the runner", file=sys.stderr)
        print(r.stderr[-2000:], file=sys.stderr)
        return 1
    passed = int(m.group(1))
    total = sum(counts[mod] for mod in modules if mod in counts)
    broken = [l.split()[0] for l in out.splitlines() if re.match(r"^test_\S+\s+(crash|timeout)\b", l)]
    rate = 100.0 * passed / total if total else 0.0
    print(f"cpython-tests gate: {passed}/{total} passed ({rate:.1f}%), floors: {args.min} tests, {args.min_rate}%")
    ok = True
    subset = [m for m in args.subset.split(",") if m]
    if subset:
        got = {l.split()[0]: int(l.split()[3]) for l in out.splitlines() if re.match(r"^test_\S+\s+\S+\s+\d+\s+\d+", l)}
        sp = sum(got.get(mod, 0) for mod in subset)
        st = sum(counts.get(mod, 0) for mod in subset)
        srate = 100.0 * sp / st if st else 0.0
        print(f"cpython-tests gate: subset {','.join(subset)}: {sp}/{st} passed ({srate:.1f}%), floor {args.subset_rate}%")
        if srate < args.subset_rate:
            print("cpython-tests gate: subset below its floor")
            ok = False
    if broken:
        print("cpython-tests gate: crashed or timed out: " + ", ".join(broken))
        ok = False
    if passed < args.min or rate < args.min_rate:
        print("cpython-tests gate: below the floor")
        ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
