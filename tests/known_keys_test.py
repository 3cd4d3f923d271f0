#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Known reports: tools/known-keys (which scenarios count for a kernel and patch set, trace: lines)
and kctx fuzz's triage (a key that only follows a known first report is not news).

usage: known_keys_test.py   (exit 0 when every check holds)
"""
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TOOL = REPO / "tools" / "known-keys"
failures = []


def check(cond, msg):
    if not cond:
        failures.append(msg)


SCENARIOS = {
    # a context bug with a frameless title and frames to recognise its path by
    "sleep.kctx": 'kernel 6.12.117\nexpect report "BUG: sleeping function called from invalid context in vunmap"\n'
                  "expect frame dma_direct_free\n",
    # a key with frames: exact only
    "path.kctx": 'kernel 6.12\nexpect report "BUG: x in f [a from b via c]"\nexpect frame a\n',
    # a memory error: exact only, whatever its frames
    "kasan.kctx": 'kernel 6.12.117\nexpect report "KASAN: slab-use-after-free Read in g"\nexpect frame h\n',
    # the title's function as its only frame: no trace line (any bug there would match)
    "self.kctx": 'expect report "WARNING in rcu_do_batch"\nexpect frame rcu_do_batch\n',
    # another kernel, and a patch set the target was not built with
    "other.kctx": 'kernel 7.2.13\nexpect report "WARNING in other"\n',
    "patched.kctx": 'kernel 6.12.117\npatches swiotlb/patches/dyn-free-process-context\n'
                    'expect report "WARNING in patched"\n',
}


def run(*args, repro):
    r = subprocess.run([sys.executable, str(TOOL), *args, "--repro", str(repro)], capture_output=True, text=True)
    return r.returncode, [line for line in r.stdout.splitlines() if not line.startswith("#")], r.stderr


with tempfile.TemporaryDirectory() as d:
    for name, text in SCENARIOS.items():
        (Path(d) / name).write_text(text)
    rc, lines, err = run("--kernel", "6.12.117", repro=d)
    check(rc == 0, f"exit {rc}: {err}")
    expected = ["KASAN: slab-use-after-free Read in g", "BUG: x in f [a from b via c]",
                "WARNING in rcu_do_batch",
                "BUG: sleeping function called from invalid context in vunmap", "trace: vunmap dma_direct_free"]
    check(lines == expected, f"6.12.117: {lines}")
    rc, lines, err = run("--kernel", "6.12.117", "--patches", "swiotlb/patches/dyn-free-process-context", repro=d)
    check("WARNING in patched" in lines and "trace: vunmap dma_direct_free" in lines,
          f"with the patch set, the base's keys and the patch set's: {lines}")
    rc, lines, err = run("--kernel", "7.2.13", repro=d)
    check(lines == ["WARNING in other", "WARNING in rcu_do_batch"], f"7.2.13: {lines}")
    rc, lines, err = run("--kernel", "six", repro=d)
    check(rc == 2 and err.startswith("known-keys: error:") and len(err.splitlines()) == 1, f"bad version: {rc} {err}")

# kctx fuzz's triage: a key that only ever follows a known first report is not news.
sys.path.insert(0, str(REPO / "tools"))
from kctxlib import corpus  # noqa: E402

from kctxlib import known  # noqa: E402

A = ("A", "ATOMIC_SLEEP", ())
B = ("B", "ATOMIC_SLEEP", ())
D = ("D in f", "RCU", ("f", "g", "h"))	# known by the trace: line below, not by its key
found = {
    "lockdep after A": {"first": 0, "after": {A}},        # only after the known A: follows it
    "oops after A or B": {"first": 0, "after": {A, B}},   # also after the unknown B: news
    "C, once first": {"first": 1, "after": {A}},          # first in one input: news
    "A": {"first": 3, "after": set()},                    # known itself
    "E after D": {"first": 0, "after": {D}},              # after a bug known by its path
    "W in f": {"first": 1, "kind": "WARNING", "funcs": ["f", "x", "g"]},     # its own path is known
    "KASAN: x in f": {"first": 1, "kind": "KASAN", "funcs": ["f", "g"]},     # a memory error: by key only
    "(no report on replay)": {"files": []},
}
corpus.mark_news(found, known.Known(["A", "trace: f g"]))
check(found["E after D"].get("new") is False and found["E after D"].get("follows") == "D in f",
      f"after a path-known bug: {found['E after D']}")
check(found["W in f"]["new"] is False, f"known by its path: {found['W in f']}")
check(found["KASAN: x in f"]["new"] is True, f"a memory error known by a trace: line: {found['KASAN: x in f']}")
check(found["lockdep after A"].get("new") is False and found["lockdep after A"].get("follows") == "A",
      f"follow-on: {found['lockdep after A']}")
check(found["oops after A or B"]["new"] is True, f"after an unknown one too: {found['oops after A or B']}")
check(found["C, once first"]["new"] is True, f"a headline once: {found['C, once first']}")
check(found["A"]["new"] is False and "follows" not in found["A"], f"known: {found['A']}")
check("new" not in found["(no report on replay)"], "the no-report entry is not marked")

for f in failures:
    print("FAIL:", f)
print("known-keys:", "ok" if not failures else f"{len(failures)} failures")
sys.exit(1 if failures else 0)
