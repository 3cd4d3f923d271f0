#!/usr/bin/env python3
"""KUnit under kctx: KTAP as the kernel prints it, failures in the kernel's words, context checking.

Usage: kunit_test.py REPO TEST RUNNER [BROKEN_RUNNER [TREE]]
  kshim                 kctx's own suite (tests/kunit_kshim_test.cc) passes, KTAP exact
  kshim_context         the same suite under +spin_irqsave: the cases that sleep are not ok
  kshim_bad_input       bad options: one "kctx: error:" line, exit 2
  swiotlb               the kernel's swiotlb suite (6.12 + our adaptation): 7 cases, exit status and KTAP
  swiotlb_expect_fails  a patch of ours breaks one EXPECT: the kernel's EXPECTATION FAILED text, exit 1
  swiotlb_spin_irqsave  every case under +spin_irqsave: not ok, sleeping function called ..., exit 1
  swiotlb_schedules     three schedules give the verdicts of one
  kernel_parser         the kernel's own kunit.py parse (from TREE) reads both runs' KTAP as we mean it
"""

import re
import subprocess
import sys
from pathlib import Path

REPO = Path(sys.argv[1])
TEST = sys.argv[2]
RUNNER = sys.argv[3] if len(sys.argv) > 3 else None
BROKEN = sys.argv[4] if len(sys.argv) > 4 else None
TREE = Path(sys.argv[5]) if len(sys.argv) > 5 else None
failures = []


def check(name, cond, detail=""):
    if not cond:
        failures.append(f"{name}: {detail}")


def run(runner, *args):
    if not Path(runner).exists():
        print(f"{runner} is not built: build the test preset first (cmake --build build/test)")
        sys.exit(1)
    return subprocess.run([runner, "kunit", *args], capture_output=True, text=True)


# KTAP v1 as lib/kunit prints it (the rules of the kernel's kunit.py parser, for one level of nesting).
KTAP_CASE = re.compile(r"^    (ok|not ok) (\d+) (\w+)( # SKIP.*)?$")


def parse_ktap(out):
    """Check the structure; return {case: (ok, [diagnostic lines])} and the suite's verdict."""
    lines = out.splitlines()
    if lines[:2] != ["KTAP version 1", "1..1"]:
        failures.append(f"KTAP header: {lines[:2]}")
        return {}, None
    if lines[2:4] != ["    KTAP version 1", lines[3]] or not lines[3].startswith("    # Subtest: "):
        failures.append(f"subtest header: {lines[2:4]}")
    m = re.match(r"^    1\.\.(\d+)$", lines[4])
    check("plan", m, lines[4])
    n = int(m.group(1)) if m else 0
    cases, diag, numbers = {}, [], []
    i = 5
    while i < len(lines) and lines[i].startswith("    "):
        c = KTAP_CASE.match(lines[i])
        if c:
            cases[c.group(3)] = (c.group(1) == "ok", diag)
            numbers.append(int(c.group(2)))
            diag = []
        else:
            check("diagnostic", lines[i].startswith("    # ") or lines[i].startswith("        ")
                  or lines[i].startswith("    Expected"), lines[i])
            diag.append(lines[i])
        i += 1
    check("case numbers", numbers == list(range(1, n + 1)), numbers)
    rest = lines[i:]
    suite_ok = None
    if n > 1:
        p, f = sum(ok for ok, _ in cases.values()), sum(not ok for ok, _ in cases.values())
        want = f"pass:{p} fail:{f} skip:0 total:{n}"
        check("suite stats", len(rest) == 3 and rest[0].endswith(": " + want) and rest[0].startswith("# ")
              and rest[1] == "# Totals: " + want, rest)
    if rest:
        m = re.match(r"^(ok|not ok) 1 (\w+)$", rest[-1])
        check("suite result", m, rest[-1])
        suite_ok = m and m.group(1) == "ok"
    return cases, suite_ok


SWIOTLB_CASES = ["swiotlb_test_map", "swiotlb_test_bidirectional", "swiotlb_test_skip_sync",
                 "swiotlb_test_page_align", "swiotlb_test_min_align", "swiotlb_test_alloc_align",
                 "swiotlb_test_both_align"]


def t_kshim():
    r = run(RUNNER)
    check("exit", r.returncode == 0, f"{r.returncode}\n{r.stdout}\n{r.stderr[-3000:]}")
    cases, ok = parse_ktap(r.stdout)
    check("six cases", len(cases) == 6, cases)
    check("all ok", all(v[0] for v in cases.values()) and ok, r.stdout)
    check("exact header", r.stdout.startswith("KTAP version 1\n1..1\n    KTAP version 1\n    # Subtest: kshim\n"
                                              "    1..6\n    ok 1 kshim_test_spin_lock_irqsave\n"), r.stdout)
    check("exact end", r.stdout.endswith("# kshim: pass:6 fail:0 skip:0 total:6\n"
                                         "# Totals: pass:6 fail:0 skip:0 total:6\nok 1 kshim\n"), r.stdout)
    two = run(RUNNER, "--schedules", "2")
    check("a second schedule boots a fresh kernel image", two.returncode == 0 and two.stdout == r.stdout,
          f"{two.stdout}\n{two.stderr[-2000:]}")
    r = run(RUNNER, "kshim.*bh*")
    check("one case by glob", r.returncode == 0 and "1..1\n    ok 1 kshim_test_bh_disable\nok 1 kshim\n" in r.stdout,
          r.stdout)


def t_kshim_context():
    r = run(RUNNER, "--case-context", "+spin_irqsave")
    check("exit", r.returncode == 1, r.returncode)
    cases, ok = parse_ktap(r.stdout)
    check("suite not ok", ok is False, r.stdout)
    # the cases that allocate with GFP_KERNEL or wait for a grace period sleep inside the spinlock
    for c in ("kshim_test_rcu_work", "kshim_test_kunit_alloc", "kshim_test_device_probe"):
        ok_c, diag = cases.get(c, (True, []))
        check(c, not ok_c and any("BUG: sleeping function called from invalid context" in d for d in diag),
              f"{ok_c} {diag}")
    # inside spin_lock_irqsave() interrupts stay off after the case's own unlock: its check fails
    ok_c, diag = cases.get("kshim_test_spin_lock_irqsave", (True, []))
    check("irqs stay off", not ok_c and "    Expected irqs_disabled() to be false, but is true" in diag, diag)
    # local_bh_enable() with interrupts off is the kernel's WARN: a diagnostic, as KUnit logs it ...
    ok_c, diag = cases.get("kshim_test_bh_disable", (False, []))
    check("bh enable WARN", ok_c and any(": WARNING in " in d for d in diag), diag)
    # ... and a failure with --warn-fails
    cases, _ = parse_ktap(run(RUNNER, "--case-context", "+spin_irqsave", "--warn-fails").stdout)
    ok_c, diag = cases.get("kshim_test_bh_disable", (True, []))
    check("bh enable WARN fails", not ok_c and any(": WARNING in " in d for d in diag), diag)
    check("image case ok", cases.get("kshim_test_kernel_image", (False,))[0], r.stdout)
    check("report on stderr", "in_atomic(): 1, irqs_disabled(): 1" in r.stderr, r.stderr[-2000:])


def t_kshim_bad_input():
    for args, want in ((["--case-context", "+nonsense"], "unknown decoration '+nonsense'"),
                       (["--case-context", "spin"], "expected a decoration starting with '+'"),
                       (["nosuchsuite"], "no KUnit suite or case matches 'nosuchsuite'"),
                       (["--set", "platform=mars"], "bad value 'mars'"),
                       (["--schedules", "0"], "")):
        r = run(RUNNER, *args)
        lines = [l for l in r.stderr.splitlines() if l.strip()]
        check(f"{args} exit", r.returncode == 2, f"{r.returncode} {r.stderr!r}")
        check(f"{args} one line", len(lines) <= 2 and (not want or any(want in l for l in lines)), r.stderr)
        check(f"{args} no KTAP", "KTAP" not in r.stdout, r.stdout)


    # tools/kctx kunit refuses bad input before building anything
    env = dict(__import__("os").environ, KCTX_NO_BUILD="1")
    for args, want in ((["--set", "colour=blue"], "colour"),
                       (["--patches", "/nonexistent/x.patch"], "/nonexistent/x.patch"),
                       (["--case-context", " "], "--case-context"),
                       (["--schedules", "0"], "--schedules")):
        r = subprocess.run([sys.executable, str(REPO / "tools/kctx.py"), "kunit", *args], capture_output=True,
                           text=True, env=env, cwd=REPO)
        lines = [l for l in r.stderr.splitlines() if l.startswith("kctx: error:")]
        check(f"kctx kunit {args}", r.returncode == 2 and len(lines) == 1 and want in lines[0]
              and "Traceback" not in r.stderr, f"{r.returncode} {r.stderr!r}")


def t_swiotlb():
    # 6.9+ WARNs on an alloc_align_mask wider than a page, which the 14-bit alloc_align case asks for
    r = run(RUNNER)
    cases, ok = parse_ktap(r.stdout)
    check("cases", list(cases) == SWIOTLB_CASES, list(cases))
    check("7/7", r.returncode == 0 and ok and all(v[0] for v in cases.values()), r.stdout)
    check("totals", "# Totals: pass:7 fail:0 skip:0 total:7\nok 1 swiotlb\n" in r.stdout, r.stdout)
    check("the WARN is a diagnostic", "    # swiotlb_test_alloc_align: WARNING in swiotlb_tbl_map_single" in r.stdout,
          r.stdout)
    r = run(RUNNER, "--warn-fails")
    cases, ok = parse_ktap(r.stdout)
    check("--warn-fails: only the WARN fails", r.returncode == 1 and [c for c, v in cases.items() if not v[0]] ==
          ["swiotlb_test_alloc_align"], r.stdout)


def t_swiotlb_expect_fails():
    r = run(BROKEN)
    check("exit", r.returncode == 1, r.returncode)
    cases, ok = parse_ktap(r.stdout)
    check("map not ok", not cases.get("swiotlb_test_map", (True,))[0], r.stdout)
    check("others ok", all(v[0] for c, v in cases.items() if c != "swiotlb_test_map"), r.stdout)
    want = ("    # swiotlb_test_map: EXPECTATION FAILED at kernel/dma/swiotlb_test.c:172\n"
            "    Expected *tlb == 0x600d600d + 1, but\n"
            "        *tlb == 1611489293 (0x600d600d)\n"
            "        0x600d600d + 1 == 1611489294 (0x600d600e)\n"
            "    not ok 1 swiotlb_test_map\n")
    check("kernel text", want in r.stdout, r.stdout)


def t_swiotlb_spin_irqsave():
    r = run(RUNNER, "--case-context", "+spin_irqsave")
    check("exit", r.returncode == 1, r.returncode)
    cases, ok = parse_ktap(r.stdout)
    # every case allocates with GFP_KERNEL (its test device, its driver), most of them more
    for c in SWIOTLB_CASES:
        ok_c, diag = cases.get(c, (True, []))
        check(c, not ok_c and any(d.startswith(f"    # {c}: BUG: sleeping function called from invalid context")
                                  for d in diag), f"{ok_c} {diag}")
    check("full report on stderr", "BUG: sleeping function called from invalid context at" in r.stderr
          and "Call Trace:" in r.stderr, r.stderr[-2000:])


def t_swiotlb_schedules():
    one = run(RUNNER)
    three = run(RUNNER, "--schedules", "3")
    check("same verdicts", one.returncode == three.returncode == 0 and one.stdout == three.stdout,
          f"{one.stdout}\n---\n{three.stdout}")


def t_kernel_parser():
    tool = TREE / "tools/testing/kunit/kunit.py" if TREE else None
    if not tool or not tool.exists():
        print(f"{tool}: the kernel's KUnit tool is not in this tree (fetched before kctx kept it): skipped")
        sys.exit(77)
    import tempfile
    with tempfile.TemporaryDirectory() as d:
        for runner, want in ((RUNNER, "Ran 7 tests: passed: 7"), (BROKEN, "Ran 7 tests: passed: 6, failed: 1")):
            out = Path(d) / "ktap"
            out.write_text(run(runner).stdout)
            r = subprocess.run([sys.executable, str(tool), "parse", str(out)], capture_output=True, text=True)
            text = re.sub(r"\x1b\[[0-9;]*m", "", r.stdout)
            check(f"kunit.py parse {Path(runner).name}", want in text and "[CRASHED]" not in text
                  and "could not find" not in text.lower(), text[-1500:] + r.stderr[-500:])


def t_param_refused():
    r = run(RUNNER)
    lines = [l for l in r.stderr.splitlines() if l.strip()]
    check("exit", r.returncode == 2, f"{r.returncode} {r.stderr!r}")
    check("one line", len(lines) == 1 and
          "kshim_param.kshim_param_case: parameterised cases are not supported" in lines[0], r.stderr)
    check("no KTAP", "KTAP" not in r.stdout, r.stdout)


{"param_refused": t_param_refused, "kshim": t_kshim, "kshim_context": t_kshim_context, "kshim_bad_input": t_kshim_bad_input,
 "swiotlb": t_swiotlb, "swiotlb_expect_fails": t_swiotlb_expect_fails,
 "swiotlb_spin_irqsave": t_swiotlb_spin_irqsave, "swiotlb_schedules": t_swiotlb_schedules,
 "kernel_parser": t_kernel_parser}[TEST]()
if failures:
    print("\n".join(failures))
    sys.exit(1)
print(f"kunit.{TEST}: ok")
