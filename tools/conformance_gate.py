#!/usr/bin/env python3
"""Runs the shared conformance corpus (../shared/conformance/run.py) with
Pyrite and checks the pass rate over the language areas issue 3 names.

usage: python3 tools/conformance_gate.py --interp target/release/pyrite [--min PCT]

Prints the per-area table of those areas and the overall rate; exits 1 if
the rate is below --min (a regression floor; the goal is 98%)."""
import argparse
import json
import os
import subprocess
import sys
import tempfile

CORE_AREAS = ["syntax_literals", "arith", "strings", "bytes", "containers", "control_flow", "functions",
              "scoping", "generators", "exceptions", "classes", "builtins", "async", "errors_uncaught"]

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--interp", required=True)
    ap.add_argument("--min", type=float, default=0.0)
    ap.add_argument("--runner", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared", "conformance", "run.py"))
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "results.json")
        subprocess.run([sys.executable, args.runner, "--interp", args.interp, "--json", out], stdout=subprocess.DEVNULL)
        with open(out) as f:
            results = json.load(f)
    per_area = {a: [0, 0] for a in CORE_AREAS}
    failures = []
    for case, status in sorted(results.items()):
        area = case.split("/")[0]
        if area not in per_area:
            continue
        per_area[area][1] += 1
        if status == "pass":
            per_area[area][0] += 1
        else:
            failures.append(f"  {case}: {status[:150]}")
    passed = sum(p for p, _ in per_area.values())
    total = sum(t for _, t in per_area.values())
    for a in CORE_AREAS:
        p, t = per_area[a]
        print(f"{a:16} {p:3}/{t:3}")
    rate = 100.0 * passed / total if total else 0.0
    print("failing:")
    print("\n".join(failures) if failures else "  none")
    print(f"core conformance: {passed}/{total} = {rate:.1f}% (floor {args.min}%, goal 98%)")
    return 0 if rate >= args.min else 1

if __name__ == "__main__":
    sys.exit(main())
