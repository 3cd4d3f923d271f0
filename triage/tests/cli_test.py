#!/usr/bin/env python3
"""kctx-title: what it prints, which scenarios it matches, how it fails.

Usage: cli_test.py KCTX_TITLE
Exit 0 when every check holds; otherwise each failed check on a line, exit 1.
"""

import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

TOOL = sys.argv[1]
failures = []
checks = 0

REPORT = """\
BUG: sleeping function called from invalid context at kernel/locking/mutex.c:283
in_atomic(): 1, irqs_disabled(): 0, non_block: 0, pid: 12, name: ksoftirqd/0
CPU: 0 UID: 0 PID: 12 Comm: ksoftirqd/0 Not tainted 6.12.117-kctx #1
Call Trace:
 <TASK>
 dump_stack_lvl+0x1a/0x40
 __might_resched+0x120/0x1a0
 mutex_lock+0x1c/0x40
 vm_unmap_aliases+0x10/0x30
 set_memory_encrypted+0x10/0x20 arch/x86/mm/pat/set_memory.c:2200
 swiotlb_free_tlb kernel/dma/swiotlb.c:668 [inline]
 swiotlb_dyn_free+0x5c/0xa0 kernel/dma/swiotlb.c:768
 rcu_do_batch+0x1a/0x80
 </TASK>
"""
TITLE = "BUG: sleeping function called from invalid context in vm_unmap_aliases"
KEY = TITLE + " [swiotlb_free_tlb via swiotlb_dyn_free]"


def run(*args, stdin=None):
    if isinstance(stdin, str):
        stdin = stdin.encode()
    return subprocess.run([TOOL] + list(args), capture_output=True, input=stdin)


def check(name, cond, detail=""):
    global checks
    checks += 1
    if not cond:
        failures.append(f"{name}: {detail}")


def loads(name, out):
    """The JSON object on stdout, or {} and a failure."""
    try:
        j = json.loads(out)
        if isinstance(j, dict):
            return j
    except ValueError:
        pass
    check(name, False, f"not a JSON object: {out[:200]!r}")
    return {}


def one_error(name, r, want):
    """Exit 2, nothing on stdout, one 'kctx: error:' line that says `want`."""
    err = r.stderr.decode(errors="replace").splitlines()
    check(name, r.returncode == 2, f"exit {r.returncode}")
    check(name, r.stdout == b"", f"stdout {r.stdout!r}")
    check(name, len(err) == 1 and err[0].startswith("kctx: error: ") and want in err[0], f"stderr {err!r}")


def main():
    with tempfile.TemporaryDirectory() as d:
        d = Path(d)
        rep = d / "report.txt"
        rep.write_text(REPORT)

        r = run(str(rep))
        check("text", r.returncode == 0, f"exit {r.returncode} {r.stderr!r}")
        check("text", r.stdout.decode() == f"title: {TITLE}\nkey:   {KEY}\n", repr(r.stdout))

        r = run("-", stdin=REPORT)
        check("stdin", r.stdout.decode() == f"title: {TITLE}\nkey:   {KEY}\n", repr(r.stdout))
        r = run(stdin=REPORT)
        check("stdin by default", r.stdout.decode() == f"title: {TITLE}\nkey:   {KEY}\n", repr(r.stdout))

        r = run("--json", str(rep))
        j = loads("json", r.stdout)
        check("json keys", list(j) == ["title", "key", "type", "frames"], list(j))
        check("json", j.get("title") == TITLE and j.get("key") == KEY and j.get("type") == "ATOMIC_SLEEP", j)
        frames = j.get("frames", [])
        check("json frames", frames[:3] == ["dump_stack_lvl", "__might_resched", "mutex_lock"]
              and "swiotlb_free_tlb" in frames and len(frames) == 8, frames)

        r = run("--files", "arch/x86/mm/pat/set_memory.c,kernel/dma/swiotlb.c", str(rep))
        check("files", f"key:   {TITLE} [set_memory_encrypted from swiotlb_free_tlb via swiotlb_dyn_free]"
              in r.stdout.decode(), repr(r.stdout))
        r = run("--files=arch/x86/mm/pat/set_memory.c", str(rep))
        check("files=", f"key:   {TITLE} [set_memory_encrypted]\n" in r.stdout.decode(), repr(r.stdout))

        # Scenarios: which expect this report, by title or key prefix.
        sc = d / "scenarios"
        (sc / "sub").mkdir(parents=True)
        (sc / "by-title.kctx").write_text('task0@cpu0: map m0 dev0 big\nexpect report "BUG: sleeping function"\n')
        (sc / "sub" / "by-key.kctx").write_text(f'  expect   report "{KEY}"   # the whole key\n')
        (sc / "escaped.kctx").write_text('expect report "BUG: sleeping function called from invalid cont\\ext"\n')
        (sc / "escaped-quote.kctx").write_text('expect report "BUG: sleeping function called \\"x\\""\n')
        (sc / "hash-in-string.kctx").write_text('expect report "BUG: sleeping # not a comment"\n')
        (sc / "commented.kctx").write_text(f'# expect report "{TITLE}"\n')
        (sc / "other.kctx").write_text('expect report "WARNING: suspicious RCU usage"\nexpect no report "BUG:"\n')
        (sc / "unterminated.kctx").write_text('expect report "BUG: sleeping\n')
        (sc / "not-a-scenario.txt").write_text(f'expect report "{TITLE}"\n')
        r = run(str(rep), "--match", str(sc))
        got = [l for l in r.stdout.decode().splitlines() if l.startswith("match: ")]
        want = [f"match: {sc / n}" for n in ("by-title.kctx", "sub/by-key.kctx", "escaped.kctx")]
        check("match", r.returncode == 0 and sorted(got) == sorted(want), f"{got} want {want}")
        r = run("--json", "--match", str(sc), str(rep))
        check("match json", sorted(loads("match json", r.stdout).get("matches", [])) == sorted(w[7:] for w in want),
              r.stdout)

        # No report, bad usage: exit 2 and one line.
        none = d / "none.txt"
        none.write_text("[    0.000000] Linux version 6.12.117\n[    1.000000] INFO: lockdep is turned off.\n")
        one_error("no report", run(str(none)), f"{none}: no kernel report found")
        empty = d / "empty.txt"
        empty.write_bytes(b"")
        one_error("empty", run(str(empty)), f"{empty}: no kernel report found")
        one_error("no report on stdin", run("-", stdin=b"nothing here\n"), "-: no kernel report found")
        one_error("missing file", run(str(d / "missing.txt")), "missing.txt")
        one_error("unknown option", run("--frobnicate", str(rep)), "--frobnicate")
        one_error("two files", run(str(rep), str(rep)), "one report file")
        one_error("match needs a directory", run(str(rep), "--match"), "--match")
        one_error("match of a file", run(str(rep), "--match", str(rep)), "not a directory")
        one_error("bench N", run("--bench", str(rep), "0"), "--bench")
        one_error("bench alone", run("--bench", str(rep), "--json"), "--bench")

        # Bytes that are not text must not crash it.
        rnd = random.Random(1)
        junk = bytes(rnd.randrange(256) for _ in range(200000))
        (d / "junk.bin").write_bytes(junk)
        r = run(str(d / "junk.bin"))
        check("binary", r.returncode in (0, 2) and not r.stderr.startswith(b"AddressSanitizer"), r.stderr[:200])
        r = run("--json", "-", stdin=junk + b"\n" + REPORT.encode() + junk)
        check("binary around a report", r.returncode == 0 and loads("binary", r.stdout).get("title") == TITLE,
              r.stdout[:200])
        r = run("-", stdin=b"\xff\xfe\x00BUG: scheduling while atomic: \x80\x81\xc3\x28/0x00000002\n" + junk[:5000])
        out = r.stdout.decode("ascii", errors="replace")  # titles and keys are printable ASCII
        check("binary ascii", all(32 <= c < 127 or c == 10 for c in r.stdout), r.stdout)
        check("binary title", r.returncode == 0 and out.startswith("title: BUG: scheduling while atomic in "), out)

        # The benchmark line.
        r = run("--bench", str(rep), "50")
        b = loads("bench", r.stdout)
        check("bench", r.returncode == 0 and list(b) == ["us_per_report", "reports"] and b.get("reports") == 50
              and b.get("us_per_report", 0) > 0, r.stdout)

    if failures:
        print("\n".join(failures))
        return 1
    if checks < 30:
        print(f"only {checks} checks ran")
        return 1
    print(f"kctx-title: {checks} checks passed")
    return 0


sys.exit(main())
