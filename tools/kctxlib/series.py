"""kctx series: regression-check a patch series, patch by patch.

For the base kernel and after each patch: apply (or say exactly which hunk
fails), build, run every reproducer in corpus/repro against it, and fuzz for
--time seconds from the seed corpus.  Each step's keys are compared with the
previous step's, so a report that appears or disappears is attributed to the
patch that changed it.
"""

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import build, corpus
from . import fuzz as fuzzmod
from . import variants
from .variants import porter
from .util import REPO, KctxError, progress



def _subset_dir(patches, n, root):
    """A patch-set directory holding the first n patches."""
    d = root / f"upto-{n:03d}"
    d.mkdir(parents=True, exist_ok=True)
    names = []
    for i, (name, text) in enumerate(patches[:n]):
        fname = name.replace("/", "-").replace("#", "-")
        if not fname.endswith(".patch"):
            fname += ".patch"
        (d / fname).write_text(text, errors="surrogateescape")
        names.append(fname)
    (d / "series").write_text("".join(x + "\n" for x in names))
    return d


def _repro_keys(v):
    """Keys each reproducer reports on this variant.  One process per file: a memory error (KASAN's
    report, or ASan's) ends its process, and must not take the other files' results with it."""
    out = {}
    for f in corpus.scenario_files([REPO / "corpus" / "repro"]):
        r = subprocess.run(variants.runner(v) + ["run", "--json", str(f)], capture_output=True, text=True)
        if r.returncode == 2:
            raise KctxError((r.stderr.strip().splitlines() or ["run failed"])[-1].replace("kctx: error: ", ""))
        keys = set()
        try:
            for j in json.loads(r.stdout or "[]"):
                keys |= {rep["key"] for rep in j["reports"] if not rep.get("injected")}
        except json.JSONDecodeError:
            pass
        for line in r.stderr.splitlines():	# a host-side memory error, if the JSON did not make it out
            if line.startswith("kctx: ") and ": report: AddressSanitizer" in line:
                keys.add(line.split(": report: ", 1)[1])
        out[f.stem] = sorted(keys)
    return out


def _fuzz_keys(v, seconds, tmp, pins):
    if seconds <= 0:
        return None, None
    build.build(v, targets=("fuzz", "runner"), quiet=True)

    class A:
        pass
    a = A()
    a.time, a.jobs, a.seed = seconds, 1, 1
    out = tmp / f"fuzz-{v.name}"
    for sub in ("corpus", "crashes", "seeds"):
        (out / sub).mkdir(parents=True, exist_ok=True)
    corpus.encode_seeds(v, [d for d in corpus.SEED_DIRS if d.exists()], out / "seeds")
    res = fuzzmod.run_libfuzzer(v, out, [out / "seeds"], a, pins)
    found = corpus.triage(v, out, pins, set())
    return sorted(k for k in found if not k.startswith("(")), res


def cmd_series(args):
    try:
        patches = porter.resolve_patches(args.series)
    except porter.PortError as e:
        raise KctxError(str(e))
    if not patches:
        raise KctxError(f"{args.series}: no patches found")
    base = variants.resolve(args.kernel, None, preset="test")
    rows = []
    prev_repro, prev_fuzz = None, None
    with tempfile.TemporaryDirectory(prefix="kctx-series-") as tmp:
        tmp = Path(tmp)
        for n in range(0, len(patches) + 1):
            label = "base" if n == 0 else patches[n - 1][0]
            subject = "" if n == 0 else porter.patch_subject(patches[n - 1][1])
            row = {"step": n, "patch": label, "subject": subject}
            rows.append(row)
            t0 = time.monotonic()
            progress(f"[{n}/{len(patches)}] {label}")
            pdir = str(_subset_dir(patches, n, tmp)) if n else None
            try:
                v = variants.resolve(args.kernel, pdir, preset="test")
                build.build(v, quiet=True)
            except KctxError as e:
                row["status"] = "does not apply" if "does not apply" in str(e) else "build failed"
                row["error"] = str(e)
                break
            repro = _repro_keys(v)
            row["repro"] = repro
            if prev_repro is not None:
                row["repro_changed"] = {k: {"gone": sorted(set(prev_repro.get(k, [])) - set(vv)),
                                            "new": sorted(set(vv) - set(prev_repro.get(k, [])))}
                                        for k, vv in repro.items() if set(vv) != set(prev_repro.get(k, []))}
            prev_repro = repro
            fv = variants.resolve(args.kernel, pdir, preset="fuzz")
            keys, res = _fuzz_keys(fv, args.time, tmp, "")
            if keys is not None:
                row["fuzz"] = keys
                row["fuzz_execs"] = res["execs"]
                if prev_fuzz is not None:
                    row["fuzz_new"] = sorted(set(keys) - set(prev_fuzz))
                    row["fuzz_gone"] = sorted(set(prev_fuzz) - set(keys))
                prev_fuzz = keys
            row["status"] = "ok"
            row["seconds"] = round(time.monotonic() - t0, 1)
    if args.json:
        print(json.dumps({"kernel": base.kernel.version, "series": str(args.series), "steps": rows}, indent=1))
    else:
        print(f"kctx series: {args.series} on {base.kernel.version}")
        for r in rows:
            print(f"\n[{r['step']}] {r['patch']}  {r['subject']}")
            if r["status"] != "ok":
                print(f"    {r['status']}: {r.get('error', '')}")
                continue
            print(f"    {r['seconds']}s; reproducers with reports: "
                  f"{sum(1 for v in r['repro'].values() if v)}/{len(r['repro'])}")
            for name, ch in r.get("repro_changed", {}).items():
                for k in ch["gone"]:
                    print(f"    fixed     {name}: {k}")
                for k in ch["new"]:
                    print(f"    new       {name}: {k}")
            for k in r.get("fuzz_new", []):
                print(f"    fuzz new  {k}")
            for k in r.get("fuzz_gone", []):
                print(f"    fuzz gone {k}")
    bad = [r for r in rows if r["status"] != "ok"]
    if bad:
        print(f"kctx: error: {bad[0]['error']}", file=sys.stderr)
        return 2
    return 0
