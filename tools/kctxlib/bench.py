"""kctx bench: the numbers docs/performance.md records (design §9).

  fuzz exec/s      libFuzzer on the fuzz build (ASan; UBSan on the kernel port), seeded,
                   platform none (no report ends inputs early), and with every knob free
  target exec/s    libFuzzer replaying the encoded seeds: the target's cost per input alone
  boot only        the same seeds cut to their configuration header: boot, end-of-run checks and
                   teardown with no operation, replayed by the fuzz build's and the release build's
                   runners.  The ceiling of any input's rate on that configuration mix
  corpus replayed  the inputs the all-knobs run kept, replayed by the same two runners: what the
                   fuzzer runs, without libFuzzer, with and without sanitizers and coverage
  seed bug         seconds until path A is found on an SME host, from an empty
                   corpus and from the shipped corpus
  replay           milliseconds to replay the path A reproducer (release and test builds)
  overhead         the same inputs with lockdep on and off (release build)

Performance never goes in unit tests; this command measures it on demand.
"""

import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import build, corpus
from . import variants
from .util import REPO, KctxError, progress

KEY_A = "[swiotlb_free_tlb via swiotlb_dyn_free]"


def _fuzz_env(saved, pins):
    """The fuzz target's environment: reports saved to `saved` (fuzzing goes on), knobs pinned."""
    Path(saved).mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, KCTX_SAVE_REPORTS=str(saved))
    if pins:
        env["KCTX_SET"] = pins
    return env


def _libfuzzer_rate(v, seeds, seconds, pins, work, corpus):
    """libFuzzer's own exec/s.  A sanitizer report ends libFuzzer (the buggy kernel has a read after
    free); like `kctx fuzz`, restart on the same corpus for the time left, and count every run."""
    corpus.mkdir()
    env = _fuzz_env(work / "saved", pins)
    execs, restarts, start = 0, 0, time.monotonic()
    while (left := round(seconds - (time.monotonic() - start))) >= 1:
        cmd = [str(v.binary("fuzz")), f"-max_total_time={left}", "-print_final_stats=1",
               f"-seed={1 + restarts}", f"-artifact_prefix={work}/", str(corpus), str(seeds)]
        r = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=work)
        total = re.findall(r"stat::number_of_executed_units:\s+(\d+)", r.stderr)
        if not total:   # killed before its final stats: the last status line's count
            total = re.findall(r"^#(\d+)\s", r.stderr, re.M)
        execs += int(total[-1]) if total else 0
        restarts += 1
    wall = time.monotonic() - start
    return {"exec_per_sec": round(execs / wall), "execs": execs, "libfuzzer_runs": restarts}


def _target_rate(v, seeds, seconds, pins, work):
    """The fuzz target's cost alone: libFuzzer replays a fixed set of inputs (the encoded seeds)
    over and over, so that the number does not depend on where a fuzzing run wanders."""
    files = sorted(str(f) for f in Path(seeds).iterdir())
    env = _fuzz_env(work / "saved", pins)
    reps = 100
    start = time.monotonic()
    rounds = 0
    while time.monotonic() - start < seconds:
        r = subprocess.run([str(v.binary("fuzz")), f"-runs={reps}", *files], capture_output=True, text=True,
                           env=env, cwd=work)
        if r.returncode != 0:   # a seed that ends the target would make the count a guess
            raise KctxError(f"bench: the fuzz target failed on the seeds: {r.stderr.strip().splitlines()[-1:]}")
        rounds += 1
    wall = time.monotonic() - start
    return {"exec_per_sec": round(rounds * reps * len(files) / wall), "inputs": len(files)}


# harness/decoder.h: kHeaderBytes.  An input no longer than its header decodes to no operations.
HEADER_BYTES = 12


def _headers_only(seeds, out):
    """The seeds cut to their configuration header: each boots its machine and shuts it down."""
    out.mkdir()
    for f in Path(seeds).iterdir():
        (out / f.name).write_bytes(f.read_bytes()[:HEADER_BYTES])
    return out


def is_seed_path(rep):
    """A sleeping-function report on one of the re-encryption/decryption paths A-D (findings.md)."""
    return (rep["title"].startswith("BUG: sleeping function called from invalid context")
            and any(f in rep["key"] for f in ("swiotlb_free_tlb", "swiotlb_alloc_tlb")))


def _time_to_key(v, seeds, limit, work, pins="platform=x86-sme", seed=None, match=None, flags=()):
    """Seconds until the fuzzer produces a report that `match` accepts (default: path A); -1 if not
    within the limit.  A sanitizer report ends libFuzzer; it restarts on its corpus for the time left."""
    match = match or (lambda rep: KEY_A in rep["key"])
    out = work / f"ttk-{len(os.listdir(work))}"
    (out / "corpus").mkdir(parents=True)
    (out / "crashes").mkdir()
    env = _fuzz_env(out / "crashes", pins)
    start = time.monotonic()
    seen = set()
    restarts = 0
    while time.monotonic() - start < limit:
        left = max(1, round(limit - (time.monotonic() - start)))
        cmd = [str(v.binary("fuzz")), f"-max_total_time={left}", f"-dict={corpus.DICT}",
               f"-artifact_prefix={out / 'crashes'}/", str(out / "corpus")] + ([str(seeds)] if seeds else [])
        if seed is not None:
            cmd.insert(1, f"-seed={seed + restarts}")
        cmd[1:1] = list(flags)
        p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=out)
        try:
            while time.monotonic() - start < limit + 5:
                running = p.poll() is None
                new = [c for c in (out / "crashes").glob("crash-*") if c.name not in seen]
                for c in new:
                    seen.add(c.name)
                if new:
                    for _, reps in corpus.replay(v, new, pins):
                        if reps and match(corpus.headline(reps)):
                            return round(time.monotonic() - start, 2)
                if not running:
                    break
                time.sleep(0.2)
        finally:
            if p.poll() is None:
                p.kill()
                p.wait()
        restarts += 1
    return -1


def cmd_acceptance(args, fz, work, flags=(), first_seed=1):
    """Issue 8's first acceptance test: from an empty corpus, unpinned, a path A-D sleeping-function
    report within 60 s, in at least 4 of 5 runs with different seeds."""
    runs = []
    for i in range(first_seed, first_seed + args.acceptance):
        progress(f"run {i}: empty corpus, nothing pinned, 60 s, -seed={i} {' '.join(flags)}")
        runs.append(_time_to_key(fz, None, 60, work, pins="", seed=i, match=is_seed_path, flags=flags))
    found = sum(1 for t in runs if t >= 0)
    return {"seconds_to_path_report": runs, "found": found, "runs": len(runs),
            "met": found * 5 >= 4 * len(runs)}


def cmd_mutator_ab(args, fz, work):
    """The same acceptance runs with libFuzzer's byte mutations only, and with kctx's structure-aware
    mutator (fuzz/swiotlb_fuzz.cc): does the custom mutator pay off?"""
    return {"bytes_only": cmd_acceptance(args, fz, work, ("-use_custom_mutator=0",), first_seed=21),
            "custom_mutator": cmd_acceptance(args, fz, work, ("-use_custom_mutator=1",), first_seed=21)}


# fuzz/swiotlb_fuzz.cc's ASan defaults, for a runner of the fuzz build to pay what the target pays
FUZZ_ASAN_OPTIONS = "quarantine_size_mb=2:malloc_context_size=0"


def _runner_bench(v, files, seconds, pins="", env=None):
    cmd = variants.runner(v) + ["bench", *map(str, files), "--time", str(seconds)]
    if pins:
        cmd += ["--set", pins]
    r = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if r.returncode != 0:
        raise KctxError(f"bench: the runner failed: {r.stderr.strip().splitlines()[-1:]}")
    return json.loads(r.stdout.strip().splitlines()[-1])


def cmd_bench(args):
    quick = args.quick
    secs = 5 if quick else 20
    if not args.acceptance:
        rel = build.build(variants.resolve(args.kernel, args.patches, preset="release"), quiet=True)
        tst = build.build(variants.resolve(args.kernel, args.patches, preset="test"), quiet=True)
    fz = build.build(variants.resolve(args.kernel, args.patches, preset="fuzz"), targets=("fuzz", "runner"))
    results = {"machine": f"{platform.machine()}, {os.cpu_count()} CPUs, {platform.platform()}",
               "kernel": fz.kernel.version, "variant": fz.name}
    # Scratch on tmpfs where there is one: libFuzzer writes every new input to its corpus, and on
    # this VM's ext4 a file create can cost milliseconds after many deletions (docs/performance.md).
    shm = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None
    with tempfile.TemporaryDirectory(prefix="kctx-bench-", dir=shm) as work:
        work = Path(work)
        if args.acceptance and args.mutator_ab:
            results["mutator_ab"] = cmd_mutator_ab(args, fz, work)
            print(json.dumps(results, indent=1))
            return 0
        if args.acceptance:
            results["acceptance"] = cmd_acceptance(args, fz, work)
            print(json.dumps(results, indent=1))
            return 0 if results["acceptance"]["met"] else 1
        seeds = work / "seeds"
        corpus.encode_seeds(fz, [d for d in corpus.SEED_DIRS if d.exists()], seeds)
        progress(f"fuzz throughput ({secs}s each)")
        results["fuzz_platform_none"] = _libfuzzer_rate(fz, seeds, secs, "platform=none", work, work / "c-none")
        results["fuzz_all_knobs"] = _libfuzzer_rate(fz, seeds, secs, "", work, work / "c-all")
        results["target_seeds_replayed"] = _target_rate(fz, seeds, secs // 2, "", work)
        headers = _headers_only(seeds, work / "headers")
        # The runner, not libFuzzer: libFuzzer's replay reopens and rereads every input on every run,
        # six system calls that cost a header-only input a third of its time on this VM.
        asan_env = dict(os.environ, ASAN_OPTIONS=FUZZ_ASAN_OPTIONS)
        builds = (("fuzz_build", fz, asan_env), ("release", rel, None))
        for key, files in (("boot_only_exec_per_sec", sorted(headers.iterdir())),
                           ("fuzz_corpus_replayed_exec_per_sec", sorted((work / "c-all").iterdir()))):
            results[key] = {name: round(_runner_bench(v, files, secs // 4 or 2, env=env)["exec_per_sec"])
                            for name, v, env in builds}
        progress("time to the seed bug")
        results["seed_bug_empty_s"] = _time_to_key(fz, None, 60 if quick else 120, work)
        results["seed_bug_corpus_s"] = _time_to_key(fz, seeds, 30, work)
        progress("replay and overhead")
        repro = REPO / "corpus/repro/sme-path-a-rcu-callback.kctx"
        for name, v in (("release", rel), ("test", tst)):
            b = _runner_bench(v, [repro], 3)
            results[f"replay_ms_{name}"] = round(1000 / b["exec_per_sec"], 2)
        seed_files = sorted((REPO / "corpus/seeds").glob("*.kctx"))
        # Interleaved, best of two each: a shared VM's speed drifts by more than the overhead.
        on = off = 0
        for _ in range(2):
            on = max(on, _runner_bench(rel, seed_files, secs // 4 or 2)["exec_per_sec"])
            off = max(off, _runner_bench(rel, seed_files, secs // 4 or 2, "lockdep=off")["exec_per_sec"])
        results["release_exec_per_sec_lockdep_on"] = round(on)
        results["release_exec_per_sec_lockdep_off"] = round(off)
        results["overhead_lockdep"] = round(off / on, 2)
        results["title"] = _title_latency(repro, work)
    print(json.dumps(results, indent=1))
    return 0


def _title_latency(repro, work):
    """kctx-title on a kctx report: per report in one process, and per process (what `kctx title` costs)."""
    title = build.tool("kctx-title", "release")
    report = work / "report.txt"
    report.write_text(subprocess.run([sys.executable, str(REPO / "tools/kctx.py"), "run", "--preset", "release",
                                      str(repro)], capture_output=True, text=True).stdout)
    steady = json.loads(subprocess.run([str(title), "--bench", str(report), "2000"],
                                       capture_output=True, text=True, check=True).stdout)
    runs, t0 = 50, time.monotonic()
    for _ in range(runs):
        subprocess.run([str(title), str(report)], capture_output=True, check=True)
    return {"us_per_report": steady["us_per_report"],
            "ms_per_process": round((time.monotonic() - t0) * 1000 / runs, 2)}
