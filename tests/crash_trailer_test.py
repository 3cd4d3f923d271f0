#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The swiotlb fuzz target's crash trailer and known-report suppression.

usage: crash_trailer_test.py FUZZ_TARGET KCTX_TOOL REPO {trailer|suppress|resume} [RUNNER]

trailer:  a context bug (path D) and a memory error (KASAN) each end the run with the
          kernel report, then the ClusterFuzz trailer: the title as the panic or BUG line,
          the key's frames with their kernel file:line, and the security marker.
suppress: an input whose first report is known does not end the run, follow-ons included, and
          the key prints once however often it comes; a key not in the list still ends it; a
          trace: line knows a context bug by the functions on its path, never a memory error; a
          list that cannot be read is one error line.
resume:   a known memory error in kernel code is resumed, as KASAN resumes it: the process goes
          on to the next input, which a new report still ends; the KASAN report the fuzz target
          builds for it equals the one ASan's path gives in RUNNER (kctx-runner, same build).
"""
import os
import re
import subprocess
import sys
import tempfile

FUZZ, TOOL, REPO, WHAT = sys.argv[1:5]
TMP = tempfile.mkdtemp(prefix="kctx-trailer-")
failures = []


def check(cond, msg):
    if not cond:
        failures.append(msg)


def encode(name):
    out = os.path.join(TMP, name)
    subprocess.run([TOOL, "encode", os.path.join(REPO, "corpus", "repro", name + ".kctx"), "-o", out],
                   check=True, capture_output=True)
    return out


def run(inputs, suppress="none"):
    env = dict(os.environ, KCTX_SUPPRESS=suppress)
    env.pop("KCTX_SAVE_REPORTS", None)
    r = subprocess.run([FUZZ, *inputs], env=env, capture_output=True, text=True, errors="replace", timeout=120)
    return r.returncode, r.stderr


def key_of(err):
    m = re.search(r"^kctx: key: (.*)$", err, re.M)
    return m.group(1) if m else None


def trailer(err):
    i = err.find("kctx: ClusterFuzz trailer")
    return err[i:] if i >= 0 else ""


def check_trailer(name, err, head, frames, security):
    t = trailer(err)
    check(t, f"{name}: no trailer in\n{err[-2000:]}")
    title = re.search(r"^kctx: report: (.*)$", err, re.M)
    check(title, f"{name}: no report line")
    if not t or not title:
        return
    check(err.find("Call Trace:") < err.find("kctx: ClusterFuzz trailer"), f"{name}: the trailer is not after the report")
    check(f"\n{head}{title.group(1)}\n" in t, f"{name}: no '{head}{title.group(1)}' line in\n{t}")
    got = re.findall(r"^    #(\d+) 0x0 in (\S+)(?: linux/(\S+):(\d+))?$", t, re.M)
    check([g[1] for g in got] == frames, f"{name}: trailer frames {[g[1] for g in got]}, expected {frames}")
    check([int(g[0]) for g in got] == list(range(len(got))), f"{name}: frames not numbered from #0")
    check(got and got[0][2] == "kernel/dma/swiotlb.c" and int(got[0][3]) > 0,
          f"{name}: the first frame does not name kernel/dma/swiotlb.c:LINE: {got[:1]}")
    marker = "FuzzerSecurityIssueHigh" if security else "MiraclePtr Status: PROTECTED\n"
    other = "MiraclePtr Status" if security else "FuzzerSecurityIssue"
    check(marker in t and other not in t, f"{name}: security marker wrong (want {marker.strip()!r}) in\n{t}")
    check("located in stack of thread" in t.splitlines()[-1] or
          any("located in stack of thread" in line for line in t.splitlines()[len(got) + 2:len(got) + 4]),
          f"{name}: no end-of-state line after the frames")


def test_trailer():
    d = encode("sme-path-d-atomic-map")
    rc, err = run([d])
    check(rc != 0, "path D: the run did not end in a crash")
    check(key_of(err) == "BUG: sleeping function called from invalid context in vm_unmap_aliases "
          "[alloc_dma_pages from swiotlb_alloc_tlb via swiotlb_map]", f"path D: key {key_of(err)}")
    check_trailer("path D", err, "Kernel panic - not syncing: ",
                  ["alloc_dma_pages", "swiotlb_alloc_tlb", "swiotlb_map"], security=False)

    k = encode("del-transient-reads-freed-pool")
    rc, err = run([k])
    check(rc != 0, "KASAN: the run did not end in a crash")
    check(key_of(err) == "KASAN: slab-use-after-free Read in swiotlb_del_transient "
          "[swiotlb_del_transient via __swiotlb_tbl_unmap_single]", f"KASAN: key {key_of(err)}")
    check_trailer("KASAN", err, "kernel BUG at ", ["swiotlb_del_transient", "__swiotlb_tbl_unmap_single"],
                  security=True)


def test_suppress():
    d = encode("sme-path-d-atomic-map")
    lst = os.path.join(TMP, "known")
    keys = []
    # Learn every key the input reports: each run ends in the first one not yet known.
    for _ in range(6):
        with open(lst, "w") as f:
            f.write("# test list\n\n" + "".join(k + "\n" for k in keys))
        rc, err = run([d, d], suppress=lst)
        if rc == 0:
            break
        k = key_of(err)
        check(k and k not in keys, f"a known key ended the run: {k}")
        if not k or k in keys:
            return
        keys.append(k)
    check(rc == 0, f"the run still ends with every key known:\n{err[-1500:]}")
    check(len(keys) >= 1, "the input reported nothing")
    # The input reports more than its headline (lockdep and the oops follow path D's sleep), and a
    # known headline suppresses the whole input: one key learnt was enough.
    env = dict(os.environ, KCTX_SAVE_REPORTS=TMP, KCTX_SUPPRESS="none")
    saved = subprocess.run([FUZZ, d], env=env, capture_output=True, text=True, errors="replace", timeout=120)
    all_keys = set(re.findall(r"^kctx: key: (.*)$", saved.stderr, re.M))
    check(len(all_keys) >= 2, f"the input should report follow-ons too: {all_keys}")
    check(keys == keys[:1], f"a known headline did not cover its follow-ons: learnt {keys}")
    for k in keys:
        firsts = err.count(f"kctx: suppressed known report: {k} (first of its key")
        check(firsts == 1, f"known key printed {firsts} times, not once: {k}")
        check(f"kctx: suppressed known report: {k}: 2 times" in err, f"no count of 2 for {k}")
    check("kctx: ClusterFuzz trailer" not in err, "a trailer although every report was known")

    # The last key learnt, unknown again, still ends the run.
    with open(lst, "w") as f:
        f.write("".join(k + "\n" for k in keys[:-1]))
    rc, err = run([d], suppress=lst)
    check(rc != 0 and key_of(err) == keys[-1] and trailer(err), f"an unknown key did not end the run: {key_of(err)}")

    # A trace: line knows a context bug by its path; a memory error only by its key.
    for line, known in (("trace: vm_unmap_aliases alloc_dma_pages swiotlb_map", True),
                        ("trace: vm_unmap_aliases no_such_function", False)):
        with open(lst, "w") as f:
            f.write(line + "\n")
        rc, err = run([d], suppress=lst)
        check((rc == 0) == known, f"{line!r}: rc {rc}, key {key_of(err)}")
    uaf = encode("del-transient-reads-freed-pool")
    with open(lst, "w") as f:
        f.write("trace: swiotlb_del_transient __swiotlb_tbl_unmap_single\n")
    rc, err = run([uaf], suppress=lst)
    check(rc != 0 and key_of(err).startswith("KASAN"), f"a trace: line hid a memory error: rc {rc}")
    with open(lst, "w") as f:
        f.write("trace:\n")
    rc, err = run([d], suppress=lst)
    check(rc == 2 and "names no function" in err, f"an empty trace: line was accepted: rc {rc}")

    rc, err = run([d], suppress=os.path.join(TMP, "missing"))
    lines = [line for line in err.splitlines() if line.startswith("kctx: error:")]
    check(rc == 2 and len(lines) == 1 and "missing" in lines[0], f"unreadable list: rc {rc}, {lines}")


def kasan_block(err):
    """The KASAN report, between its two separator lines."""
    m = re.search(r"^(={66})\n(.*?)^\1$", err, re.M | re.S)
    return m.group(2) if m else ""


def test_resume():
    uaf = encode("del-transient-reads-freed-pool")
    news = encode("sme-path-d-atomic-map")
    key = ("KASAN: slab-use-after-free Read in swiotlb_del_transient "
           "[swiotlb_del_transient via __swiotlb_tbl_unmap_single]")
    rc, err = run([uaf], suppress="none")
    check(rc != 0 and key_of(err) == key, f"the read-after-free did not end the run: rc {rc}, {key_of(err)}")
    fuzz_block = kasan_block(err)
    check("slab-use-after-free in swiotlb_del_transient" in fuzz_block, f"no KASAN report in\n{err[-2000:]}")

    lst = os.path.join(TMP, "known-kasan")
    with open(lst, "w") as f:
        f.write(key + "\n")
    rc, err = run([uaf, news], suppress=lst)
    check(f"kctx: suppressed known report: {key} (first of its key" in err, "the known KASAN report was not counted")
    check("ASan cannot resume" not in err, "the known memory error ended the process")
    check(rc != 0 and key_of(err) and key_of(err).startswith("BUG: sleeping function called"),
          f"the next input's new report did not end the run: rc {rc}, key {key_of(err)}")
    check(not kasan_block(err), "a resumed KASAN report was printed")

    # The same bad access twice in one input: the repeat is resumed as well.
    twice = os.path.join(TMP, "twice")
    subprocess.run([TOOL, "encode", os.path.join(REPO, "tests", "data", "restricted-pool-unmap-twice.kctx"),
                    "-o", twice], check=True, capture_output=True)
    with open(lst, "w") as f:
        f.write("KASAN: slab-out-of-bounds Read in swiotlb_release_slots "
                "[swiotlb_release_slots via __swiotlb_tbl_unmap_single]\n")
    rc, err = run([twice], suppress=lst)
    check(rc == 0 and "AddressSanitizer" not in err, f"a repeated known memory error ended the run: rc {rc}\n{err[-1500:]}")

    # The same report through ASan's path: the runner has no resume hook.
    r = subprocess.run([RUNNER, "run", os.path.join(REPO, "corpus", "repro", "del-transient-reads-freed-pool.kctx")],
                       capture_output=True, text=True, errors="replace", timeout=120)
    runner_block = kasan_block(r.stdout + r.stderr)
    check(runner_block, f"the runner printed no KASAN report:\n{(r.stdout + r.stderr)[-2000:]}")
    check(runner_block == fuzz_block, "the resume path's KASAN report differs from ASan's:\n"
          + "".join(a + " | " + b + "\n" for a, b in zip(fuzz_block.splitlines(), runner_block.splitlines()) if a != b))


RUNNER = sys.argv[5] if len(sys.argv) > 5 else None
{"trailer": test_trailer, "suppress": test_suppress, "resume": test_resume}[WHAT]()
for f in failures:
    print("FAIL:", f)
print(f"{WHAT}: {'ok' if not failures else str(len(failures)) + ' failures'}")
sys.exit(1 if failures else 0)
