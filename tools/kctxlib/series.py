"""kctx series: regression-check a patch series, patch by patch.

For the base kernel and after each patch: apply (or say exactly which hunk
fails), build, run every reproducer in corpus/repro against it, and fuzz for
--time seconds from the seed corpus.  Each step's keys are compared with the
previous step's, so a report that appears or disappears is attributed to the
patch that changed it.
"""

import difflib
import json
import re
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



def _patch(work, body, *extra):
    return subprocess.run(["patch", "-p1", "--batch", "-d", str(work), *extra], input=body,
                          capture_output=True, text=True)


def _failing_lines(text, path, hunk):
    """The first lines hunk number `hunk` of `path` expects to find (context and removed lines)."""
    _, sections = porter.file_sections(text)
    for p, sec in sections:
        if p != path:
            continue
        hunks = re.split(r"^@@ ", sec, flags=re.M)[1:]
        if 0 < hunk <= len(hunks):
            body = hunks[hunk - 1].splitlines()[1:]
            return [l[1:] for l in body if l[:1] in (" ", "-")][:3]
    return []


def _norm(line):
    return " ".join(line.split())


def _hunk_images(section):
    """(first line, pre-image, post-image) of each hunk of one file's section, whitespace folded."""
    out = []
    for h in re.split(r"^(?=@@ )", section, flags=re.M)[1:]:
        lines = h.splitlines()
        pre = [_norm(l[1:]) for l in lines[1:] if l[:1] in (" ", "-")]
        post = [_norm(l[1:]) for l in lines[1:] if l[:1] in (" ", "+")]
        out.append((int(re.match(r"@@ -(\d+)", h).group(1)), pre, post))
    return out


def _best_window(lines, image, near, span=400):
    """The best difflib ratio of `image` against any window of `lines` within `span` of line `near`."""
    best = 0.0
    sm = difflib.SequenceMatcher(autojunk=False)
    sm.set_seq2(image)
    for s in range(max(0, near - span), max(0, min(len(lines) - len(image), near + span)) + 1):
        sm.set_seq1(lines[s:s + len(image)])
        if sm.real_quick_ratio() > best and sm.quick_ratio() > best:
            best = max(best, sm.ratio())
    return best


def present_in_another_form(sections, base):
    """A backport in another form: every hunk's post-image matches the tree better than its
    pre-image does, though neither direction applies.  This is how a stable backport whose context
    differs from the series' base shows up (the series' earlier patches changed lines around it)."""
    hunks = 0
    for sec in sections:
        path = porter.file_sections(sec)[1][0][0]
        f = Path(base) / path
        if not f.is_file():
            return False
        lines = [_norm(l) for l in f.read_text(errors="replace").splitlines()]
        for near, pre, post in _hunk_images(sec):
            if _best_window(lines, post, near) <= _best_window(lines, pre, near):
                return False
            hunks += 1
    return hunks > 0


def classify(patches, tree):
    """Each patch against the base tree and the patches before it that applied.

    Statuses: "applies", "applies at an offset" (as git am would), "applies with fuzz" (git am would
    refuse it; the hunks are named), "already present" (it reverse-applies, or its result is there
    in another form: skipped), "outside the port" (it touches no file kctx reads) and "fails" (the
    file, the hunk and the first lines it expected).  A failed or present patch is left out, so the
    ones after it are checked against the last good state.
    """
    out = []
    with tempfile.TemporaryDirectory(prefix="kctx-series-plan-") as tmp:
        work, pristine = Path(tmp) / "work", Path(tmp) / "base"
        try:
            for d in (work, pristine):
                porter.copy_ported(tree, d)
        except porter.PortError as e:
            raise KctxError(str(e))
        for name, text in patches:
            row = {"patch": name, "subject": porter.patch_subject(text)}
            out.append(row)
            keep, unread = porter.sections_in_tree(text, tree, [work, pristine])
            row["files"] = [p for p, _ in porter.file_sections(text)[1] if p in porter.FILES]
            if not keep:
                row["status"] = "outside the port"
                row["detail"] = "touches only files kctx does not read: " + ", ".join(unread)
                continue
            body = "".join(keep)
            fwd = _patch(work, body, "--forward", "--dry-run")
            if fwd.returncode == 0:
                _patch(work, body, "--forward")
                moved = [l.strip() for l in fwd.stdout.splitlines() if re.match(r"Hunk #\d+ succeeded", l)]
                row["status"] = ("applies with fuzz" if any("fuzz" in m for m in moved) else
                                 "applies at an offset" if moved else "applies")
                if moved:
                    files = re.findall(r"^(?:checking|patching) file (\S+)", fwd.stdout, re.M)
                    row["detail"] = "; ".join(moved) + (f" ({', '.join(files)})" if files else "")
                continue
            # present already: it reverse-applies to the state so far, or to the base itself (a
            # backport the series' earlier patches have moved the context of)
            if any(_patch(d, body, "--reverse", "--dry-run", "--force").returncode == 0 for d in (work, pristine)):
                row["status"] = "already present"
                row["detail"] = "it reverse-applies to the base: skipped"
                continue
            if present_in_another_form(keep, work):
                row["status"] = "already present"
                row["detail"] = ("in another form (a backport?): every hunk's result is closer to the base than its "
                                 "original text: skipped")
                continue
            row["status"] = "fails"
            row["detail"] = porter.describe_patch_failure(name, fwd.stdout + fwd.stderr)
            m = re.search(r"^(?:checking|patching) file (\S+)(?:(?!^(?:checking|patching) file).)*?"
                          r"^Hunk #(\d+) FAILED", fwd.stdout, re.M | re.S)
            if m:
                row["expected"] = _failing_lines(text, m.group(1), int(m.group(2)))
    return out


def print_plan(plan):
    for i, r in enumerate(plan, 1):
        print(f"  {i:2d} {r['status']:<21} {r['patch']}  {r['subject']}")
        if r.get("detail"):
            print(f"     {r['detail']}")
        for l in r.get("expected", []):
            print(f"     | {l}")


def _subset_dir(patches, n, root):
    """A patch-set directory holding `patches`, the ones applied up to step n."""
    d = root / f"upto-{n:03d}"
    d.mkdir(parents=True, exist_ok=True)
    names = []
    for i, (name, text) in enumerate(patches):
        fname = f"{i + 1:04d}-" + name.replace("/", "-").replace("#", "-")
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
    plan = classify(patches, base.kernel.tree)
    failed = [r for r in plan if r["status"] == "fails"]
    if not args.json:
        print(f"kctx series: {args.series} on {base.kernel.version}, {len(patches)} patches")
        print_plan(plan)
    if args.plan:
        if args.json:
            print(json.dumps({"kernel": base.kernel.version, "series": str(args.series), "plan": plan}, indent=1))
        if failed:
            print(f"kctx: {failed[0]['detail']}", file=sys.stderr)
        return 1 if failed else 0
    rows = []
    applied = []
    prev_repro, prev_fuzz, last_run = None, None, 0
    stopped = None
    with tempfile.TemporaryDirectory(prefix="kctx-series-") as tmp:
        tmp = Path(tmp)
        for n in range(0, len(patches) + 1):
            label = "base" if n == 0 else patches[n - 1][0]
            subject = "" if n == 0 else plan[n - 1]["subject"]
            row = {"step": n, "patch": label, "subject": subject}
            rows.append(row)
            if n:
                pr = plan[n - 1]
                row["apply"] = pr["status"]
                if stopped is not None:
                    row["status"] = f"not applicable: patch {stopped} failed to apply"
                    continue
                if pr["status"] == "fails":
                    row["status"] = "skipped"
                    row["error"] = pr["detail"]
                    if args.on_fail == "stop":
                        stopped = n
                    continue
                if pr["status"] in ("already present", "outside the port"):
                    row["status"] = "skipped"
                    continue
                applied.append(patches[n - 1])
                if not pr["files"]:
                    # no ported file changed: the step's result is the previous one's
                    row["status"] = "ok"
                    row["reuses"] = last_run
                    continue
            t0 = time.monotonic()
            progress(f"[{n}/{len(patches)}] {label}")
            pdir = str(_subset_dir(applied, n, tmp)) if applied else None
            try:
                v = variants.resolve(args.kernel, pdir, preset="test")
                build.build(v, quiet=True)
            except KctxError as e:
                row["status"] = "build failed"
                row["error"] = str(e)
                break
            row["build_seconds"] = round(time.monotonic() - t0, 1)
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
            last_run = n
    if args.json:
        print(json.dumps({"kernel": base.kernel.version, "series": str(args.series), "plan": plan,
                          "steps": rows}, indent=1))
    else:
        for r in rows:
            print(f"\n[{r['step']}] {r['patch']}  {r['subject']}")
            if r["status"] != "ok":
                print(f"    {r['status']}" + (f" ({r['apply']})" if r.get("apply") else "") +
                      (f": {r['error']}" if r.get("error") else ""))
                continue
            if "reuses" in r:
                print(f"    touches no ported file: no build, the result of step {r['reuses']} stands")
                continue
            print(f"    {r['seconds']}s (build {r['build_seconds']}s); reproducers with reports: "
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
    bad = [r for r in rows if r["status"] == "build failed"]
    if bad:
        print(f"kctx: error: {bad[0]['error']}", file=sys.stderr)
        return 2
    if failed:
        print(f"kctx: {failed[0]['detail']}", file=sys.stderr)
        return 1
    return 0
