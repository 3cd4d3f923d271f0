#!/usr/bin/env python3
"""Bad input gets one clear line and exit status 2; good input keeps its promises.

Runs tools/kctx.py against the test build (KCTX_NO_BUILD=1: the variants were
built before ctest started).  Usage: cli_test.py REPO TEST_NAME
"""

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(sys.argv[1])
KCTX = [sys.executable, str(REPO / "tools" / "kctx.py")]
ENV = dict(os.environ, KCTX_NO_BUILD="1")
TOOL = REPO / "build/test/harness/kctx-tool"
failures = []


def kctx(*args, stdin=None):
    return subprocess.run(KCTX + list(args), capture_output=True, text=True, env=ENV, cwd=REPO, input=stdin)


def check(name, cond, detail=""):
    if not cond:
        failures.append(f"{name}: {detail}")


def bad_input(name, args, want_in_line):
    r = kctx(*args)
    lines = [l for l in r.stderr.splitlines() if l.startswith("kctx: error:")]
    check(name, r.returncode == 2, f"exit {r.returncode}, stderr {r.stderr!r}")
    check(name, len(lines) == 1, f"want one 'kctx: error:' line, got {r.stderr!r}")
    check(name, lines and want_in_line in lines[0], f"want {want_in_line!r} in {lines}")
    check(name, "Traceback" not in r.stderr, r.stderr)


def t_errors():
    with tempfile.TemporaryDirectory() as d:
        d = Path(d)
        (d / "bad.kctx").write_text("platform x86-sme\ntask0@cpu0: map m0\n")
        bad_input("malformed scenario", ["run", str(d / "bad.kctx")], "bad.kctx:2:")
        (d / "garbage.kctx").write_bytes(b"\x00\x01\x02garbage")
        bad_input("binary as scenario", ["run", str(d / "garbage.kctx")], "garbage.kctx:1:")
        bad_input("missing scenario", ["run", str(d / "nope.kctx")], "nope.kctx")
        (d / "noforce.kctx").write_text("kernel 6.12.117\nswiotlb_init early noforce\nplatform x86-tdx\n")
        bad_input("a configuration no kernel builds", ["run", str(d / "noforce.kctx")],
                  "noforce.kctx:2:20: noforce: on x86-tdx the architecture always passes SWIOTLB_FORCE")
        bad_input("not a kernel tree", ["port", "--kernel", str(d)], "not a kernel tree")
        bad_input("unknown version", ["kernel", "fetch", "6.99"], "6.99")
        bad_input("unpack into an existing directory", ["kernel", "unpack", "6.12", str(d)], "already exists")
        bad_input("unpack without a directory", ["kernel", "unpack", "6.12"], "name the directory")
        bad_input("patch does not apply",
                  ["port", "--kernel", "6.12.117", "--patches", str(REPO / "tests/data/does-not-apply.patch")],
                  "does-not-apply.patch does not apply: kernel/dma/swiotlb.c hunk #1 FAILED")
        bad_input("missing patch set", ["port", "--patches", str(d / "nope")], "nope")
        bad_input("unknown knob", ["fuzz", "--set", "colour=blue", "--time", "1"], "colour")
        # the bad inputs of issue 23: each is one line and exit 2, before any variant is built
        hdr = "kernel 6.12.117\ndevice dev0\nbuffer b0\n"
        (d / "unmapped.kctx").write_text(hdr + "task0@cpu0: unmap m9\n")
        bad_input("unknown handle", ["run", str(d / "unmapped.kctx")], "unmapped.kctx:4:19: no mapping 'm9'")
        (d / "twice.kctx").write_text(hdr + "task0@cpu0: map m0 dev0 b0\ntask0@cpu0: map m0 dev0 b0\n")
        bad_input("handle mapped twice", ["run", str(d / "twice.kctx")], "twice.kctx:5:17: 'm0' is mapped already")
        (d / "huge.kctx").write_text("advance 99999999999999999999\n")
        bad_input("number out of range", ["run", str(d / "huge.kctx")], "huge.kctx:1:9: expected a count")
        (d / "binary.kctx").write_bytes(b"platform \xff\xfe\x1b[31m\n")
        r = kctx("run", str(d / "binary.kctx"))
        check("binary input escaped", r.returncode == 2 and "\\xff\\xfe\\x1b" in r.stderr
              and "\x1b" not in r.stderr, repr(r.stderr))
        bad_input("negative time", ["fuzz", "--time", "-5"], "--time")
        # values too are checked before a variant is built (KCTX_NO_BUILD: no variant of this name exists)
        bad_input("bad knob value", ["fuzz", "--kernel", "6.12.107", "--patches",
                                     str(REPO / "swiotlb/patches/dyn-free-process-context"),
                                     "--set", "platform=bogus", "--time", "1"], "x86-sme")
    # The knobs the driver accepts are the harness's one table.
    knobs = json.loads(subprocess.run([str(TOOL), "knobs"], capture_output=True, text=True).stdout)
    check("knob table", {"platform", "preempt", "rcu", "cpus", "swiotlb"} <= set(knobs), knobs)
    r = kctx("frobnicate")
    check("unknown subcommand", r.returncode == 2 and "usage:" in r.stderr, r.stderr)
    r = kctx("run", "--bogus", "x.kctx")
    check("unknown option", r.returncode == 2 and "usage:" in r.stderr, r.stderr)
    for sub in ("fuzz", "run", "decode", "minimize", "series", "bench", "coverage", "kernel", "port", "build"):
        r = kctx(sub, "--help")
        check(f"{sub} --help", r.returncode == 0 and "usage:" in r.stdout, r.stderr)


def t_exit_codes():
    with tempfile.TemporaryDirectory() as d:
        d = Path(d)
        clean = d / "clean.kctx"
        clean.write_text("kernel 6.12.117\nplatform none\nswiotlb 128,1,force\ndevice dev0\nbuffer b size=4096\n"
                         "task0@cpu0: map m0 dev0 b dir=to\ntask0@cpu0: unmap m0\nexpect clean\n")
        r = kctx("run", str(clean))
        check("clean run exits 0", r.returncode == 0, r.stdout + r.stderr)
        rep = REPO / "corpus/repro/sme-path-a-rcu-callback.kctx"
        r = kctx("run", str(rep))
        check("report exits 1", r.returncode == 1, r.stderr)
        check("report in kernel format", "BUG: sleeping function called from invalid context at" in r.stdout
              and "Call Trace:" in r.stdout, r.stdout[:400])
        r = kctx("run", "--check", str(rep))
        check("--check met exits 0", r.returncode == 0, r.stdout + r.stderr)
        wrong = d / "wrong.kctx"
        wrong.write_text(rep.read_text().replace('expect report "BUG: sleeping', 'expect report "BUG: unrelated'))
        r = kctx("run", "--check", str(wrong))
        check("--check unmet exits 1", r.returncode == 1 and "expected report" in r.stdout, r.stdout)
        r = kctx("run", "--check", str(wrong), str(rep))
        check("--check: one unmet file fails the run", r.returncode == 1, r.stdout)
        wrong_line = d / "wrong-line.kctx"
        wrong_line.write_text(rep.read_text().replace('expect line "preempt_count: 101', 'expect line "preempt_count: 100'))
        r = kctx("run", "--check", str(wrong_line))
        check("--check unmet line exits 1", r.returncode == 1 and "a line containing" in r.stdout, r.stdout)
        r = kctx("run", "--json", str(rep))
        j = json.loads(r.stdout)
        check("json", j[0]["reports"][0]["title"].startswith("BUG: sleeping function"), r.stdout[:300])
        # reports name the kernel under test, not the default one
        old = REPO / "corpus/repro/cca-lost-pool-address-6.12.107.kctx"
        r = kctx("run", str(old))
        check("release line", "Not tainted 6.12.107-kctx #1" in r.stdout and "6.12.117-kctx" not in r.stdout,
              r.stdout[:600])


def t_series_plan():
    """kctx series says how each patch meets the base before it builds anything."""
    r = kctx("series", "--plan", "--json", "--kernel", "6.12.117", str(REPO / "tests/data/series-sleep"))
    check("series plan exits 0", r.returncode == 0, r.stdout + r.stderr)
    plan = json.loads(r.stdout or "{}").get("plan", [])
    check("series plan statuses", [p["status"] for p in plan] ==
          ["applies", "already present", "applies at an offset"], plan)
    check("series plan names the offset", plan and "offset -7 lines" in plan[-1].get("detail", ""), plan)
    r = kctx("series", "--plan", "--kernel", "6.12.117", str(REPO / "tests/data/does-not-apply.patch"))
    check("series: a patch that does not apply exits 1", r.returncode == 1, r.stdout + r.stderr)
    check("series: the failing hunk is named", "kernel/dma/swiotlb.c hunk #1 FAILED" in r.stderr
          and "| this line is not in any swiotlb.c" in r.stdout, r.stdout + r.stderr)
    bad_input("series: not a patch", ["series", "--plan", "--kernel", "6.12.117", str(REPO / "README.md")],
              "not a patch")


def t_series_run():
    """The series end to end: it builds variants, so ci/test runs it after ctest, not under it."""
    env = dict(ENV)
    env.pop("KCTX_NO_BUILD", None)
    r = subprocess.run(KCTX + ["series", "--json", "--time", "5", "--kernel", "6.12.117",
                               str(REPO / "tests/data/series-sleep")], capture_output=True, text=True, env=env, cwd=REPO)
    check("series run exits 0", r.returncode == 0, r.stderr[-2000:])
    try:
        result = json.loads(r.stdout)
        steps, table = result["steps"], result["attribution"]
    except (json.JSONDecodeError, KeyError):
        steps, table = [], []
    check("series: four steps", len(steps) == 4, r.stdout[:500])
    if len(steps) != 4:
        return
    key = "BUG: sleeping function called from invalid context in swiotlb_tbl_map_single"
    new1 = [k for ch in steps[1].get("repro_changed", {}).values() for k in ch["new"]]
    gone3 = [k for ch in steps[3].get("repro_changed", {}).values() for k in ch["gone"]]
    check("series: patch 1 introduces the sleep", any(k.startswith(key) for k in new1), new1[:5])
    check("series: patch 2 is already present", steps[2]["status"] == "skipped"
          and steps[2].get("apply") == "already present", steps[2])
    check("series: patch 3 fixes it", any(k.startswith(key) for k in gone3), gone3[:5])
    check("series: patch 3 applied with an offset", steps[3].get("apply") == "applies at an offset", steps[3])
    # the attribution table: the sleep appears with patch 1 and is gone with patch 3
    row = next((e for e in table if e["key"].startswith(key)), {})
    check("series: attributed to patches 1 and 3", row.get("changes") == [[1, "appears"], [3, "gone"]], row)
    check("series: each step that ran was fuzzed", all(s.get("fuzz_execs") for s in steps if "repro" in s),
          [(s["step"], s.get("fuzz_execs")) for s in steps])
    # a key only fuzzing found is placed by replaying its input; an input that does not reproduce its key is named
    for e in table:
        if not e["reproducers"]:
            check(f"series: fuzz-only key placed by replay: {e['key']}", e.get("replayed_at") and e.get("input")
                  and e["changes"][0][0] == e["replayed_at"][0], e)


def t_decode_round_trip():
    """A fuzz input and the scenario decoded from it give the same reports."""
    with tempfile.TemporaryDirectory() as d:
        d = Path(d)
        rep = REPO / "corpus/repro/sme-path-a-rcu-callback.kctx"
        runner = REPO / "build/test/kctx-runner-6.12.117"
        inp = d / "input"
        subprocess.run([str(TOOL), "encode", str(rep), "-o", str(inp)], check=True, capture_output=True)
        r = kctx("decode", "--kernel", "6.12.117", str(inp), "-o", str(d / "dec.kctx"))
        check("decode", r.returncode == 0, r.stderr)
        a = subprocess.run([str(runner), "replay", str(inp), str(d / "dec.kctx")], capture_output=True, text=True)
        keys = [[x["key"] for x in json.loads(l)["reports"]] for l in a.stdout.splitlines()]
        check("round trip", len(keys) == 2 and keys[0] == keys[1] and keys[0], a.stdout + a.stderr)


def t_bench_inputs():
    """What `kctx bench` assumes of the fuzz target: where the header ends, and its ASan options."""
    sys.path.insert(0, str(REPO / "tools"))
    from kctxlib.bench import FUZZ_ASAN_OPTIONS, HEADER_BYTES
    with tempfile.TemporaryDirectory() as d:
        d = Path(d)
        inp = d / "input"
        subprocess.run([str(TOOL), "encode", str(REPO / "corpus/repro/sme-path-a-rcu-callback.kctx"), "-o",
                        str(inp)], check=True, capture_output=True)

        def ops_decoded(n):
            cut = d / f"cut{n}"
            cut.write_bytes(inp.read_bytes()[:n])
            subprocess.run([str(TOOL), "decode", str(cut), "-o", str(d / "cut.kctx")], check=True,
                           capture_output=True)
            return sum(1 for l in (d / "cut.kctx").read_text().splitlines() if "@cpu" in l)
        # the header ends exactly at HEADER_BYTES, and an operation takes 4 bytes
        for n, want in ((HEADER_BYTES, 0), (HEADER_BYTES + 3, 0), (HEADER_BYTES + 4, 1)):
            check("header cut", ops_decoded(n) == want, f"{n} bytes: want {want} operations")
    target = (REPO / "fuzz/swiotlb_fuzz.cc").read_text()
    check("asan options", f'return "{FUZZ_ASAN_OPTIONS}";' in target,
          f"fuzz/swiotlb_fuzz.cc's __asan_default_options() no longer returns {FUZZ_ASAN_OPTIONS!r}")


def t_minimize():
    """minimize keeps the title and drops what does not matter."""
    with tempfile.TemporaryDirectory() as d:
        d = Path(d)
        rep = REPO / "corpus/repro/sme-path-a-rcu-callback.kctx"
        noisy = d / "noisy.kctx"
        text = rep.read_text().replace("task0@cpu0: unmap m1\n",
                                       "task0@cpu1: map m2 dev0 small dir=from\ntask0@cpu0: unmap m1\n"
                                       "advance 3\ntask0@cpu1: unmap m2\n")
        noisy.write_text(text)
        r = kctx("minimize", "--kernel", "6.12.117", str(noisy), "-o", str(d / "min.kctx"), "--time", "20")
        check("minimize runs", r.returncode == 0, r.stderr)
        out = (d / "min.kctx").read_text() if (d / "min.kctx").exists() else ""
        ops = [l for l in out.splitlines() if ":" in l and not l.startswith("#") and not l.startswith("expect")]
        check("minimize shrinks", 0 < len(ops) < 5, out)
        check("minimize keeps the title", 'expect report "BUG: sleeping function' in out, out)

        # A seed becomes the explicit choices it took, and those shrink to the ones that matter.
        seeded = d / "seeded.kctx"
        seeded.write_text(rep.read_text().replace("cpus 2\n", "cpus 2\nseed 7\n"))
        r = kctx("minimize", "--kernel", "6.12.117", str(seeded), "-o", str(d / "seeded-min.kctx"), "--time", "20")
        out = (d / "seeded-min.kctx").read_text() if (d / "seeded-min.kctx").exists() else ""
        check("a seeded scenario minimises", r.returncode == 0, r.stderr)
        check("the seed is gone", "\nseed " not in out, out)
        r = kctx("run", "--kernel", "6.12.117", "--check", str(d / "seeded-min.kctx"))
        check("the minimised scenario meets its expectation", r.returncode == 0, r.stdout + r.stderr)

        # A memory error in a candidate is a verdict, not the end of the minimiser.
        uaf = REPO / "corpus/repro/del-transient-reads-freed-pool.kctx"
        r = kctx("minimize", "--kernel", "6.12.117", str(uaf), "-o", str(d / "uaf-min.kctx"), "--time", "30")
        out = (d / "uaf-min.kctx").read_text() if (d / "uaf-min.kctx").exists() else ""
        check("a KASAN reproducer minimises", r.returncode == 0, r.stderr[-2000:])
        check("it keeps the KASAN title",
              'expect report "KASAN: slab-use-after-free Read in swiotlb_del_transient"' in out, out)
        check("the minimiser prints no child's report",
              "AddressSanitizer" not in r.stderr and "BUG: KASAN" not in r.stderr, r.stderr[-2000:])
        r = kctx("run", "--kernel", "6.12.117", "--check", str(d / "uaf-min.kctx"))
        check("the minimised KASAN scenario meets its expectation", r.returncode == 0, r.stdout + r.stderr[-2000:])


# What a report of kctx's must never show: a host address (12 hex digits: user space), ASan's
# "==PID==", an absolute path of the build, or ASan's name.
HOST_DETAIL = [r"\b(0x)?[0-9a-f]{12}\b", r"==\d+==", r"(^|\s)/\w", r"AddressSanitizer"]


def t_kasan():
    """A memory error in kernel code prints as KASAN would, the same every time, without host details."""
    rep = "corpus/repro/del-transient-reads-freed-pool.kctx"
    runs = [kctx("run", "--kernel", "6.12.117", rep) for _ in range(3)]
    out, err = runs[0].stdout, runs[0].stderr
    check("a KASAN report exits 1", all(r.returncode == 1 for r in runs), [r.returncode for r in runs])
    check("three runs print the same bytes", all(r.stdout == out and r.stderr == err for r in runs[1:]),
          "\n---\n".join(r.stdout + r.stderr for r in runs))
    sep = "=" * 66 + "\n"
    check("the kernel's layout", out.startswith(sep + "BUG: KASAN: slab-use-after-free in swiotlb_del_transient+0x")
          and out.endswith(sep), out)
    for line in ("\nRead of size 8 at addr ffff888", "\n\nCPU: 0 UID: 0 PID: ",
                 "\nCall Trace:\n <TASK>\n dump_stack_lvl+0x",
                 "\n swiotlb_del_transient+0x", " kernel/dma/swiotlb.c:1541\n",
                 "\n\nAllocated by task ", "\n swiotlb_alloc_pool+0x", "\n\nFreed by task ", "\n swiotlb_dyn_free+0x",
                 "\n\nLast potentially related work creation:\n", "\n swiotlb_del_pool+0x",
                 "\nThe buggy address belongs to the object at ffff888",
                 "\n which belongs to the cache kmalloc-", "\nThe buggy address belongs to the physical page:\n"):
        check("KASAN report line", line in out, f"{line!r} not in\n{out}")
    for pat in HOST_DETAIL:
        m = re.search(pat, out + err, re.M)
        check("no host detail", m is None, f"{pat!r} found: {m and m.group(0)!r}\n{out}{err}")
    check("the run names it", err == f"kctx: {rep}: report: KASAN: slab-use-after-free Read in swiotlb_del_transient\n",
          err)
    r = kctx("title", "-", stdin=out)
    check("syzkaller's title", "KASAN: slab-use-after-free Read in swiotlb_del_transient\n" in r.stdout,
          r.stdout + r.stderr)
    r = kctx("run", "--kernel", "6.12.117", "--check", "--repeat", "3", rep)
    check("--repeat 3 compares the three runs' text", r.returncode == 0 and r.stdout == out, r.stdout + r.stderr)
    r = kctx("run", "--kernel", "6.12.117", "--json", rep)
    try:
        j = json.loads(r.stdout)
        titles = [rep["title"] for rep in j[0]["reports"]]
    except (json.JSONDecodeError, KeyError, IndexError):
        titles = None
    check("--json names it", titles == ["KASAN: slab-use-after-free Read in swiotlb_del_transient"], r.stdout[-2000:])


tests = {"errors": t_errors, "exit_codes": t_exit_codes, "decode": t_decode_round_trip, "minimize": t_minimize,
         "bench_inputs": t_bench_inputs, "kasan": t_kasan, "series_plan": t_series_plan,
         "series_run": t_series_run}
tests[sys.argv[2]]()
for f in failures:
    print("FAIL", f)
sys.exit(1 if failures else 0)
