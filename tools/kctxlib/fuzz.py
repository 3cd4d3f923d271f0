"""kctx fuzz: libFuzzer over the swiotlb target, crashes de-duplicated by key (corpus.py)."""

import json
import os
import re
import shutil
import subprocess
import time
from pathlib import Path

from . import build, corpus, tool, variants
from .util import REPO, KctxError, progress

def _shown(path):
    """A path as the user can use it: relative below the current directory, absolute elsewhere."""
    rel = os.path.relpath(path)
    return str(Path(path).resolve()) if rel.startswith("..") else rel


def run_libfuzzer(v, out, corpus_dirs, args, pins):
    fz = v.binary("fuzz")
    base = corpus.read_options()
    if corpus.DICT.exists():
        base.append(f"-dict={corpus.DICT}")
    base += [f"-artifact_prefix={out / 'crashes'}/", "-print_final_stats=1"]
    # Reports do not crash the target (KCTX_SAVE_REPORTS), so one job runs in-process, at full
    # speed; a memory error in kernel code is saved and resumed as KASAN resumes it, so only
    # one of kctx's own (ASan's report) ends it, and it restarts on the grown corpus for the time left.
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
                # libFuzzer keeps to -max_total_time; an input that hangs ends at -timeout (the .options)
                p.wait(timeout=left + 15)
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
            # a memory error: ASan's report of kctx's own bug, or kshim's KASAN report of the kernel's
            crashed = rc not in (0, 70, 77) and re.search(r"^==\d+==ERROR: AddressSanitizer|^BUG: KASAN: ", text, re.M)
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


def cmd_fuzz(args):
    pins = tool.check_pins(args.set, preset="fuzz")	# before any variant is built: a typo costs nothing
    v = variants.resolve(args.kernel, args.patches, preset="fuzz")
    build.build(v, targets=("fuzz", "runner"))
    out = Path(args.out) if args.out else REPO / "fuzz-out" / v.name
    for sub in ("corpus", "crashes", "seeds"):
        (out / sub).mkdir(parents=True, exist_ok=True)
    corpus_dirs = []
    if not args.empty:
        dirs = [Path(args.corpus)] if args.corpus else [d for d in corpus.SEED_DIRS if d.exists()]
        shutil.rmtree(out / "seeds")
        n = corpus.encode_seeds(v, dirs, out / "seeds")
        progress(f"{n} seeds from {', '.join(str(d) for d in dirs)}")
        corpus_dirs.append(out / "seeds")
    before = set(p.name for p in (out / "crashes").glob("*"))
    res = run_libfuzzer(v, out, corpus_dirs, args, pins)
    found = corpus.triage(v, out, pins, corpus.known_keys(), budget=args.triage_time)
    new_files = set(p.name for p in (out / "crashes").glob("*")) - before
    summary = {
        "variant": v.name, "kernel": v.kernel.version, "patches": v.patches or None, "pins": pins or None,
        "seconds": round(res["elapsed"], 1), "execs": res["execs"],
        "exec_per_sec": round(res["execs"] / res["elapsed"]) if res["execs"] and res["elapsed"] else None,
        "new_artifacts": len(new_files),
        "reports": [{k: e.get(k) for k in ("title", "key", "reproducer", "new", "follows")} | {"count": len(e["files"])}
                    for e in found.values()],
    }
    (out / "summary.json").write_text(json.dumps(summary, indent=1) + "\n")
    print(f"kctx fuzz: {v.name}: {summary['seconds']}s, "
          f"{summary['execs'] or '?'} execs ({summary['exec_per_sec'] or '?'} exec/s), "
          f"{len(found)} distinct report{'s' if len(found) != 1 else ''}")
    for e in found.values():
        tag = "" if "new" not in e else (" [new]" if e["new"] else " [after a known report]" if e.get("follows")
                                         else " [known]")
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
