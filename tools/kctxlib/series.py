"""kctx series: regression-check a patch series, patch by patch.

For the base kernel and after each patch: apply (or say exactly which hunk
fails), build, run every reproducer in corpus/repro against it, and fuzz for
--time seconds from the corpus the step before grew.  Then the attribution:
each key, with the patch where it appears and the one where it is gone, and
each reproducer whose verdict changed.
"""

import difflib
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

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


def _repro_results(v):
    """Per reproducer: the keys it reports on this variant and whether its expectations hold.  One
    process per file: a memory error (KASAN's report, or ASan's) ends its process, and must not take
    the other files' results with it."""
    out = {}
    for f in corpus.scenario_files([REPO / "corpus" / "repro"]):
        r = subprocess.run(variants.runner(v) + ["run", "--check", "--json", str(f)], capture_output=True, text=True)
        if r.returncode == 2:
            raise KctxError((r.stderr.strip().splitlines() or ["run failed"])[-1].replace("kctx: error: ", ""))
        keys, ok = set(), r.returncode == 0
        try:
            for j in json.loads(r.stdout or "[]"):
                keys |= {rep["key"] for rep in j["reports"] if not rep.get("injected")}
                ok = ok and j.get("check", {}).get("ok", True)
        except json.JSONDecodeError:
            ok = False
        for line in r.stderr.splitlines():	# a host-side memory error, if the JSON did not make it out
            if line.startswith("kctx: ") and ": report: AddressSanitizer" in line:
                keys.add(line.split(": report: ", 1)[1])
        out[f.stem] = {"keys": sorted(keys), "ok": ok}
    return out


class Fuzzing:
    """Each step fuzzes from the corpus the step before grew.  Every key found keeps one input, in
    the pool; at the end each pooled input is replayed on every step's build, so a key found by
    fuzzing is placed by replay, not by when the fuzzer happened to hit it."""

    def __init__(self, root, seconds):
        self.root, self.seconds = root, seconds
        self.pool = {}		# key -> input file
        self.builds = {}	# step -> fuzz variant
        self.seeds = None
        self.prev_corpus = None

    def step(self, n, fv):
        t0 = time.monotonic()
        build.build(fv, targets=("fuzz", "runner"), quiet=True)
        self.build_seconds = round(time.monotonic() - t0, 1)
        self.builds[n] = fv
        if self.seeds is None:
            self.seeds = self.root / "seeds"
            corpus.encode_seeds(fv, [d for d in corpus.SEED_DIRS if d.exists()], self.seeds)
        out = self.root / f"step-{n:03d}"
        for sub in ("corpus", "crashes"):
            (out / sub).mkdir(parents=True, exist_ok=True)
        dirs = [self.seeds] + ([self.prev_corpus] if self.prev_corpus else [])
        res = fuzzmod.run_libfuzzer(fv, out, dirs, SimpleNamespace(time=self.seconds, jobs=1, seed=1), "")
        self.prev_corpus = out / "corpus"
        found = {}
        for f, reps in corpus.replay(fv, sorted((out / "crashes").glob("*")), ""):
            for rep in reps:
                if not rep.get("injected") and not rep["key"].startswith("("):
                    found.setdefault(rep["key"], []).append(f)
        keys = sorted(found)
        for k in keys:
            if k not in self.pool:
                src = min(found[k], key=lambda f: Path(f).stat().st_size)
                dst = self.root / "pool" / corpus.slug(k)
                dst.parent.mkdir(exist_ok=True)
                shutil.copyfile(src, dst)
                self.pool[k] = dst
        return keys, res

    def replay_all(self):
        """{step: set of keys that the pooled inputs report there}."""
        files = {str(f): k for k, f in self.pool.items()}
        out = {}
        for n, fv in self.builds.items():
            got = set()
            for f, reps in corpus.replay(fv, list(files), ""):
                if any(r["key"] == files[f] for r in reps):
                    got.add(files[f])
            out[n] = got
        return out


def _short(subject):
    return re.sub(r"^\[[^\]]*\]\s*", "", subject)


def attribute(rows, fuzz_replay=None):
    """For every key: the steps where something reports it (a reproducer, the fuzzer, or a pooled
    fuzz input on replay), turned into where it appears and where it is gone; and the reproducers
    whose verdict changed.  Only steps that ran count: a skipped patch changes nothing."""
    ran = [r for r in rows if "repro" in r]
    where, seen_by, fuzz_found = {}, {}, {}
    for r in ran:
        keys = set()
        for name, res in r["repro"].items():
            for k in res["keys"]:
                keys.add(k)
                seen_by.setdefault(k, set()).add(name)
        for k in r.get("fuzz", []):
            keys.add(k)
            fuzz_found.setdefault(k, r["step"])
        keys |= (fuzz_replay or {}).get(r["step"], set())
        for k in keys:
            where.setdefault(k, set()).add(r["step"])
    table = []
    for k in sorted(where, key=lambda k: (min(where[k]), k)):
        changes, was = [], False
        for r in ran:
            now = r["step"] in where[k]
            if now != was:
                changes.append([r["step"], "appears" if now else "gone"])
            was = now
        e = {"key": k, "changes": changes, "reproducers": sorted(seen_by.get(k, []))}
        if k not in seen_by:
            # only the fuzzer found it: its pooled input, replayed, decides where it belongs
            e["fuzz_found_at"] = fuzz_found.get(k)
            e["replayed_at"] = sorted(n for n, ks in (fuzz_replay or {}).items() if k in ks)
        table.append(e)
    verdicts = []
    for prev, r in zip(ran, ran[1:]):
        for name, res in r["repro"].items():
            old = prev["repro"].get(name)
            if old and old["ok"] != res["ok"]:
                verdicts.append({"reproducer": name, "step": r["step"], "from": "ok" if old["ok"] else "FAIL",
                                 "to": "ok" if res["ok"] else "FAIL"})
    return table, verdicts


def print_attribution(rows, table, verdicts):
    label = {r["step"]: ("base" if r["step"] == 0 else f"patch {r['step']}") for r in rows}
    subject = {r["step"]: _short(r["subject"]) for r in rows}
    print(f"\nAttribution: {len(table)} keys (where each appears and where it is gone)")
    for e in table:
        print(f"  {e['key']}")
        for n, what in e["changes"]:
            print(f"      {what:<8} {label[n]:<9} {subject[n]}")
        if not any(w == "gone" for _, w in e["changes"]):
            print("      still reported after the last patch")
        if e["reproducers"]:
            more = len(e["reproducers"]) - 3
            print(f"      reproducers: {', '.join(e['reproducers'][:3])}" + (f" and {more} more" if more > 0 else ""))
        else:
            at = ", ".join(label[n] for n in e["replayed_at"]) or "no step: unconfirmed"
            print(f"      fuzzing only, first hit at {label[e['fuzz_found_at']]}; its input, replayed, reports it at {at}")
            if e.get("input"):
                print(f"      input: {e['input']}")
    if verdicts:
        print("\nReproducer verdicts that changed:")
        for v in verdicts:
            print(f"  {label[v['step']]:<9} {v['reproducer']}: {v['from']} -> {v['to']}")


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
    prev_repro, last_run = None, 0
    stopped = None
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="kctx-series-") as tmp:
        tmp = Path(tmp)
        # kept after the run: the result (series.json), each step's fuzz corpus, one input per key (pool/)
        out_root = REPO / "fuzz-out" / "series" / f"{base.name}-{Path(args.series).stem}"
        shutil.rmtree(out_root, ignore_errors=True)
        out_root.mkdir(parents=True)
        fuzzing = Fuzzing(out_root, args.time) if args.time > 0 else None
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
            t1 = time.monotonic()
            repro = _repro_results(v)
            row["repro"] = repro
            row["repro_seconds"] = round(time.monotonic() - t1, 1)
            if prev_repro is not None:
                row["repro_changed"] = {
                    k: {"gone": sorted(set(prev_repro.get(k, {}).get("keys", [])) - set(res["keys"])),
                        "new": sorted(set(res["keys"]) - set(prev_repro.get(k, {}).get("keys", [])))}
                    for k, res in repro.items() if set(res["keys"]) != set(prev_repro.get(k, {}).get("keys", []))}
            prev_repro = repro
            if fuzzing:
                t2 = time.monotonic()
                keys, res = fuzzing.step(n, variants.resolve(args.kernel, pdir, preset="fuzz"))
                row["fuzz"] = keys
                row["fuzz_execs"] = res["execs"]
                row["fuzz_build_seconds"] = fuzzing.build_seconds
                row["fuzz_seconds"] = round(time.monotonic() - t2, 1)
            row["status"] = "ok"
            row["seconds"] = round(time.monotonic() - t0, 1)
            last_run = n
        replayed = fuzzing.replay_all() if fuzzing else None
    table, verdicts = attribute(rows, replayed)
    for e in table:
        if fuzzing and e["key"] in fuzzing.pool:
            e["input"] = str(fuzzing.pool[e["key"]])
    total = round(time.monotonic() - started, 1)
    result = json.dumps({"kernel": base.kernel.version, "series": str(args.series), "plan": plan, "steps": rows,
                         "attribution": table, "verdicts": verdicts, "fuzz_seconds": args.time, "seconds": total},
                        indent=1)
    (out_root / "series.json").write_text(result + "\n")
    if args.json:
        print(result)
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
            fz = (f", fuzz {r['fuzz_seconds']}s (its build {r['fuzz_build_seconds']}s, {r['fuzz_execs'] or '?'} execs)"
                  if "fuzz_seconds" in r else "")
            print(f"    {r['seconds']}s: build {r['build_seconds']}s, reproducers {r['repro_seconds']}s{fz}; "
                  f"reproducers with reports: {sum(1 for x in r['repro'].values() if x['keys'])}/{len(r['repro'])}")
            for name, ch in r.get("repro_changed", {}).items():
                for k in ch["gone"]:
                    print(f"    fixed     {name}: {k}")
                for k in ch["new"]:
                    print(f"    new       {name}: {k}")
        print_attribution(rows, table, verdicts)
        print(f"\nkctx series: {total}s in all; the result as JSON: {out_root / 'series.json'}")
    bad = [r for r in rows if r["status"] == "build failed"]
    if bad:
        print(f"kctx: error: {bad[0]['error']}", file=sys.stderr)
        return 2
    if failed:
        print(f"kctx: {failed[0]['detail']}", file=sys.stderr)
        return 1
    return 0
