"""kctx fuzz: libFuzzer over the swiotlb target, crashes de-duplicated by key.

Layout of the output directory (default fuzz-out/<variant>, outside corpus/):
  corpus/        the working corpus libFuzzer grows
  seeds/         binary seeds encoded from the scenario corpus at start
  crashes/       libFuzzer artifacts (crash-*, timeout-*, oom-*)
  reports/       one reproducer per de-duplication key: <slug>.kctx and <slug>.txt
  summary.json   what the run found, for machines
"""

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from . import variants
from .util import REPO, KctxError, progress

SEED_DIRS = (REPO / "corpus" / "seeds", REPO / "corpus" / "repro")
DICT = REPO / "corpus" / "swiotlb.dict"
OPTIONS = REPO / "corpus" / "swiotlb.options"


def read_options():
    """libFuzzer flags from the .options file ([libfuzzer] section, key = value)."""
    flags = []
    if not OPTIONS.exists():
        return flags
    section = None
    for line in OPTIONS.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            section = line.strip("[]")
            continue
        if section == "libfuzzer" and "=" in line:
            k, v = (x.strip() for x in line.split("=", 1))
            flags.append(f"-{k}={v}")
    return flags


def scenario_files(dirs):
    files = []
    for d in dirs:
        d = Path(d)
        if d.is_file():
            files.append(d)
        elif d.is_dir():
            files += sorted(d.rglob("*.kctx"))
    return files


def encode_seeds(v, dirs, out):
    """Scenario files -> binary seeds.  Binary files in the directories are copied as they are."""
    out.mkdir(parents=True, exist_ok=True)
    n = 0
    for d in dirs:
        d = Path(d)
        if not d.exists():
            raise KctxError(f"{d}: no such corpus directory")
        for f in sorted(d.rglob("*") if d.is_dir() else [d]):
            if not f.is_file():
                continue
            if f.suffix == ".kctx":
                if 'expect report "AddressSanitizer' in f.read_text(errors="replace"):
                    continue	# a known memory error would end libFuzzer while it loads the seeds
                dest = out / (f.stem + ".seed")
                r = subprocess.run(variants.runner(v) + ["encode", str(f), "-o", str(dest)],
                                   capture_output=True, text=True)
                if r.returncode != 0:
                    raise KctxError(r.stderr.strip().splitlines()[-1] if r.stderr.strip()
                                    else f"{f}: cannot encode")
                n += 1
            elif f.suffix in ("", ".seed", ".bin"):
                shutil.copy(f, out / f.name)
                n += 1
    return n


def replay(v, files, pins):
    """Replay inputs through the runner; [(file, reports)] where reports are dicts with title and key.
    A memory error ends the runner after it printed that input's line; an input that ends it any other
    way gets a "(replay crashed: ...)" verdict.  Either way the rest are replayed in a new runner."""
    out = []
    todo = [str(f) for f in files]
    while todo:
        chunk = todo[:64]
        cmd = variants.runner(v) + ["replay", *chunk]
        if pins:
            cmd += ["--set", pins]
        r = subprocess.run(cmd, capture_output=True, text=True)
        done, died_in_asan = 0, False
        for line in r.stdout.splitlines():
            try:
                j = json.loads(line)
            except json.JSONDecodeError:
                continue
            out.append((j["file"], j["reports"]))
            done += 1
            died_in_asan = any(rep.get("kind") == "asan" for rep in j["reports"])
        last = (r.stderr.strip().splitlines() or ["?"])[-1]
        if r.returncode == 2 and not done:
            raise KctxError(f"replay failed: {last.replace('kctx: error: ', '')}")
        if r.returncode != 0 and done < len(chunk) and not died_in_asan:
            title = f"(replay crashed: {last[:120]})"
            out.append((chunk[done], [{"title": title, "key": title, "kind": "crash"}]))
            done += 1
        todo = todo[done:]
    return out


def headline(reps):
    """The report an input is known by: the first that is not the kernel's response to an injected
    failure (the fuzz target saves no input for those), else the first; None without reports."""
    return next((rep for rep in reps if not rep.get("injected")), reps[0] if reps else None)


def slug(key):
    s = re.sub(r"[^A-Za-z0-9]+", "-", key).strip("-").lower()
    return s[:80] + "-" + hashlib.sha1(key.encode()).hexdigest()[:6]


def triage(v, out, pins, known):
    """De-duplicate the crash artifacts by key; write a decoded reproducer for each new key."""
    crashes = sorted(p for p in (out / "crashes").glob("*") if p.is_file())
    found = {}
    if not crashes:
        return found
    for f, reps in replay(v, crashes, pins):
        # the kernel's responses to injected failures are expected: the target saves no input for them
        reps = [rep for rep in reps if not rep.get("injected")]
        if not reps:
            found.setdefault("(no report on replay)", {"title": "(no report on replay)", "files": []})["files"].append(f)
            continue
        r = reps[0]
        e = found.setdefault(r["key"], {"title": r["title"], "key": r["key"], "files": []})
        e["files"].append(f)
    reports = out / "reports"
    reports.mkdir(exist_ok=True)
    for key, e in found.items():
        if key.startswith("("):
            continue
        name = slug(key)
        e["reproducer"] = str(reports / (name + ".kctx"))
        e["new"] = key not in known
        if (reports / (name + ".kctx")).exists():
            continue
        # Smallest artifact first: decode it to a readable scenario.
        src = min(e["files"], key=lambda p: Path(p).stat().st_size)
        cmd = variants.runner(v) + ["decode", src, "-o", str(reports / (name + ".kctx"))]
        if pins:
            cmd += ["--set", pins]
        subprocess.run(cmd, capture_output=True, text=True)
        if e["new"]:
            # A new title gets a minimised reproducer (operation-level, bounded), kept only if it still
            # reports the same key.
            mini = reports / (name + ".min.kctx")
            cmd = variants.runner(v) + ["minimize", str(reports / (name + ".kctx")), "-o", str(mini), "--time", "20"]
            if pins:
                cmd += ["--set", pins]
            if subprocess.run(cmd, capture_output=True, text=True).returncode == 0 and mini.exists():
                mini.replace(reports / (name + ".kctx"))
        txt = subprocess.run(variants.runner(v) + ["run", str(reports / (name + ".kctx"))],
                             capture_output=True, text=True)
        (reports / (name + ".txt")).write_text(txt.stdout + txt.stderr)
    return found


def known_keys():
    """Keys the repository's reproducers already expect: a report with one of these is not news."""
    keys = set()
    for f in scenario_files([REPO / "corpus" / "repro"]):
        for line in f.read_text(errors="replace").splitlines():
            m = re.match(r'\s*expect\s+report\s+"(.*)"\s*$', line)
            if m:
                keys.add(m.group(1))
    return keys


def _shown(path):
    """A path as the user can use it: relative below the current directory, absolute elsewhere."""
    rel = os.path.relpath(path)
    return str(Path(path).resolve()) if rel.startswith("..") else rel


def run_libfuzzer(v, out, corpus_dirs, args, pins):
    fz = v.binary("fuzz")
    base = read_options()
    if DICT.exists():
        base.append(f"-dict={DICT}")
    base += [f"-artifact_prefix={out / 'crashes'}/", "-print_final_stats=1"]
    # Reports do not crash the target (KCTX_SAVE_REPORTS), so one job runs in-process, at full
    # speed; a memory error does end it, and it restarts on the grown corpus for the time left.
    # Several jobs use fork mode, which survives sanitizer crashes by itself.
    if args.jobs > 1:
        base += [f"-fork={args.jobs}", "-ignore_crashes=1", "-ignore_timeouts=1", "-ignore_ooms=1"]
    env = dict(os.environ)
    env["KCTX_SAVE_REPORTS"] = str(out / "crashes")	# reports are saved, not crashes: no restarts
    if pins:
        env["KCTX_SET"] = pins
    env.setdefault("ASAN_OPTIONS", "detect_leaks=0:allocator_may_return_null=1")
    env.setdefault("UBSAN_OPTIONS", "halt_on_error=1:print_stacktrace=1")
    log = out / "libfuzzer.log"
    progress(f"fuzzing {v.name} for {args.time}s ({args.jobs} job{'s' if args.jobs > 1 else ''}); log in {log}")
    start = time.monotonic()
    deadline = start + args.time
    execs, stats, rc, restarts, first = 0, {}, 0, 0, None
    with open(log, "w") as lf:
        while True:
            left = max(1, round(deadline - time.monotonic()))
            flags = base + [f"-max_total_time={left}"]
            if args.seed is not None:
                flags.append(f"-seed={args.seed + restarts}")
            cmd = [str(fz), *flags, str(out / "corpus"), *map(str, corpus_dirs)]
            lf.flush()
            offset = lf.tell()
            p = subprocess.Popen(cmd, stdout=lf, stderr=subprocess.STDOUT, env=env, cwd=out)
            try:
                p.wait(timeout=left + 120)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
            rc = p.returncode
            lf.flush()
            text = log.read_text(errors="replace")[offset:]
            st = {m.group(1): int(m.group(2)) for m in re.finditer(r"stat::(\w+):\s+(\d+)", text)}
            n = st.get("number_of_executed_units")
            if n is None:
                m = re.findall(r"#(\d+)\s*:?\s+(?:DONE|pulse|NEW|REDUCE|cov:)\b.*?exec/s:? (\d+)", text)
                n = int(m[-1][0]) if m else 0
            execs += n
            for k, val in st.items():
                stats[k] = stats.get(k, 0) + val if k == "number_of_executed_units" else val
            m = re.search(r"^==\d+== ERROR: libFuzzer|^kctx: report: |^==\d+==ERROR: AddressSanitizer", text, re.M)
            if m and first is None:
                first = offset + m.start()
            crashed = rc not in (0, 70, 77) and re.search(r"^==\d+==ERROR: AddressSanitizer", text, re.M)
            if args.jobs > 1 or not crashed or deadline - time.monotonic() < 5 or restarts >= 100:
                break
            if "INITED" not in text:
                # It died loading the corpus: drop that input from kctx's own copies, or it dies again.
                m = re.findall(r"Test unit written to (\S+)", text)
                art = Path(m[-1]) if m else None
                if art and not art.is_absolute():
                    art = out / art
                data = art.read_bytes() if art and art.exists() else None
                dropped = [f for d in [out / "corpus", *corpus_dirs] if str(d).startswith(str(out))
                           for f in Path(d).iterdir() if data is not None and f.is_file() and f.read_bytes() == data]
                for f in dropped:
                    f.unlink()
                    lf.write(f"\nkctx: dropped {f}: it ends in a sanitizer report while the corpus loads\n")
                if not dropped:
                    break
            restarts += 1
            lf.write(f"\nkctx: restarting libFuzzer after a sanitizer report ({round(deadline - time.monotonic())}s left)\n")
    elapsed = time.monotonic() - start
    return {"elapsed": elapsed, "execs": execs or None, "returncode": rc,
            "stats": stats, "first_report_offset": first, "restarts": restarts}


# The knobs harness/decoder.cc's Pins::apply() knows; values are checked there.
KNOBS = ("platform", "preempt", "rcu", "cpus", "remap", "bbml2", "lockdep", "swiotlb", "preemptions",
         "fail_alloc_prob", "fail_setmem_prob", "mask")


def check_pins(items):
    for item in items:
        for kv in item.split(","):
            k, eq, _ = kv.partition("=")
            if not eq:
                raise KctxError(f"--set {kv}: expected KNOB=VALUE")
            if k not in KNOBS:
                raise KctxError(f"--set: unknown knob '{k}' (known: {', '.join(KNOBS)})")


def cmd_fuzz(args):
    check_pins(args.set)	# before any build: a typo should cost nothing
    pins = ",".join(args.set)
    v = variants.resolve(args.kernel, args.patches, preset="fuzz")
    variants.build(v, targets=("fuzz", "runner"))
    if pins:
        # Fail fast on an unknown knob, with the runner's one-line message.
        r = subprocess.run(variants.runner(v) + ["info", "--set", pins], capture_output=True, text=True)
        if r.returncode != 0:
            raise KctxError((r.stderr.strip().splitlines() or ["bad --set"])[-1].replace("kctx: error: ", ""))
    out = Path(args.out) if args.out else REPO / "fuzz-out" / v.name
    for sub in ("corpus", "crashes", "seeds"):
        (out / sub).mkdir(parents=True, exist_ok=True)
    corpus_dirs = []
    if not args.empty:
        dirs = [Path(args.corpus)] if args.corpus else [d for d in SEED_DIRS if d.exists()]
        shutil.rmtree(out / "seeds")
        n = encode_seeds(v, dirs, out / "seeds")
        progress(f"{n} seeds from {', '.join(str(d) for d in dirs)}")
        corpus_dirs.append(out / "seeds")
    before = set(p.name for p in (out / "crashes").glob("*"))
    res = run_libfuzzer(v, out, corpus_dirs, args, pins)
    found = triage(v, out, pins, known_keys())
    new_files = set(p.name for p in (out / "crashes").glob("*")) - before
    summary = {
        "variant": v.name, "kernel": v.kernel.version, "patches": v.patches or None, "pins": pins or None,
        "seconds": round(res["elapsed"], 1), "execs": res["execs"],
        "exec_per_sec": round(res["execs"] / res["elapsed"]) if res["execs"] and res["elapsed"] else None,
        "new_artifacts": len(new_files),
        "reports": [{k: e.get(k) for k in ("title", "key", "reproducer", "new")} | {"count": len(e["files"])}
                    for e in found.values()],
    }
    (out / "summary.json").write_text(json.dumps(summary, indent=1) + "\n")
    print(f"kctx fuzz: {v.name}: {summary['seconds']}s, "
          f"{summary['execs'] or '?'} execs ({summary['exec_per_sec'] or '?'} exec/s), "
          f"{len(found)} distinct report{'s' if len(found) != 1 else ''}")
    for e in found.values():
        tag = "" if "new" not in e else (" [new]" if e["new"] else " [known]")
        print(f"  {e.get('key', e['title'])}{tag}  x{len(e['files'])}")
        if e.get("reproducer"):
            print(f"    reproducer: {_shown(e['reproducer'])}")
            rep = Path(e["reproducer"]).with_suffix(".txt")
            if e.get("new") and rep.exists():
                # the report itself, as the minimised reproducer prints it
                for line in rep.read_text(errors="replace").splitlines()[:40]:
                    print(f"    | {line}")
    print(f"  output: {_shown(out)}")
    if res["returncode"] not in (0, 1, 70, 77) and not found:
        raise KctxError(f"libFuzzer exited with status {res['returncode']}; see {out / 'libfuzzer.log'}")
    return 1 if found else 0
