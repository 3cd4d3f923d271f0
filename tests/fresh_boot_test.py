#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Every run is a fresh boot, however many ran before it in the same process.

usage: fresh_boot_test.py RUNNER REPO

The runner, libFuzzer and `kctx bench` boot machine after machine in one process, and only
reset what the last run changed (the struct pages of the chunks it touched, the kernel's
statics, each subsystem's state).  Reset bugs are bugs of the determinism guarantee: a run
that saw what an earlier one left would report what a fresh process does not.  So the shipped
corpus (corpus/repro, corpus/seeds) runs three ways: in one process in order, in one process in
reverse order, and each file in its own process; each file's reports, decision trace and
console must be equal byte for byte.  A memory error ends a runner (`kctx run` stops there, as
the report says); the files after it go on in a new one.
"""
import json
import subprocess
import sys
from pathlib import Path

RUNNER, REPO = sys.argv[1], Path(sys.argv[2])


def run(files):
    """Per file, its JSON result (reports, trace, console), from as few runner processes as can be."""
    out, left = {}, list(files)
    while left:
        r = subprocess.run([RUNNER, "run", "--json", "--trace", *map(str, left)], capture_output=True, text=True)
        try:
            done = json.loads(r.stdout)
        except json.JSONDecodeError:
            sys.exit(f"fresh_boot_test: the runner gave no JSON for {left[0]} (status {r.returncode}): "
                     f"{r.stderr.strip().splitlines()[-1:]}")
        if not done:
            sys.exit(f"fresh_boot_test: the runner ran nothing of {left[0]}")
        for j in done:
            out[j["file"]] = j
        left = left[len(done):]
    return out


def first_difference(a, b):
    la = json.dumps(a, indent=1, sort_keys=True).splitlines()
    lb = json.dumps(b, indent=1, sort_keys=True).splitlines()
    for x, y in zip(la, lb):
        if x != y:
            return x.strip(), y.strip()
    return f"({len(la)} lines)", f"({len(lb)} lines)"


def main():
    files = sorted(str(f) for d in ("corpus/repro", "corpus/seeds") for f in (REPO / d).glob("*.kctx"))
    if len(files) < 50:
        sys.exit(f"fresh_boot_test: only {len(files)} scenarios under {REPO}/corpus")
    fresh = {}
    for f in files:
        fresh.update(run([f]))
    failures = []
    for name, order in (("in order", files), ("in reverse order", files[::-1])):
        shared = run(order)
        for f in files:
            if shared[f] != fresh[f]:
                a, b = first_difference(fresh[f], shared[f])
                failures.append(f"{f}: run after others ({name}) differs from a fresh process's run: "
                                f"fresh \"{a}\", after others \"{b}\"")
    # The comparison must see something: reports and traces, not empty runs.
    if (sum(bool(j["reports"]) for j in fresh.values()) < len(files) // 2
            or sum(bool(j["trace"]) for j in fresh.values()) < len(files) // 2):
        failures.append("the runs have no reports or no decision trace: nothing was compared")
    for msg in failures:
        print(msg)
    print(f"{len(files)} scenarios, {len(failures)} differ")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
