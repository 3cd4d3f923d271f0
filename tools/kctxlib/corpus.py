"""The corpus and its verdicts: seeds encoded from scenarios, inputs replayed through a
variant's runner, and crash artifacts de-duplicated by key into readable reproducers.

Layout of a fuzz output directory (default fuzz-out/<variant>, outside corpus/):
  corpus/        the working corpus libFuzzer grows
  seeds/         binary seeds encoded from the scenario corpus at start
  crashes/       libFuzzer artifacts (crash-*, timeout-*, oom-*)
  reports/       one reproducer per de-duplication key: <slug>.kctx and <slug>.txt
  summary.json   what the run found, for machines
"""

import hashlib
import json
import re
import shutil
from pathlib import Path

from . import known, tool, variants
from .util import REPO, Deadline, KctxError, run_bounded

# Replaying one input is bounded by the runner itself (watchdogs, step budget); this is the wall-clock
# bound on top, for a runner that loops where no scheduler step is taken.
REPLAY_SECONDS_PER_INPUT = 20

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


# A scenario that expects a memory error in kctx's own code: ASan's report ends the process.  (A bad
# access in kernel code does not: with KCTX_SAVE_REPORTS the fuzz target saves it and goes on.)
MEMORY_ERROR = re.compile(r'expect report "AddressSanitizer')


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
                if MEMORY_ERROR.search(f.read_text(errors="replace")):
                    continue	# it would end libFuzzer while it loads the seeds
                tool.encode(f, out / (f.stem + ".seed"), preset=v.preset)
                n += 1
            elif f.suffix in ("", ".seed", ".bin"):
                shutil.copy(f, out / f.name)
                n += 1
    return n


def replay(v, files, pins, deadline=None):
    """Replay inputs through the runner; [(file, reports)] where reports are dicts with title and key.
    A memory error ends the runner after it printed that input's line; an input that ends it any other
    way (or outlasts its time) gets a "(replay crashed: ...)" verdict.  Either way the rest are replayed
    in a new runner.  With a deadline, inputs it leaves no time for get "(not replayed: ...)"."""
    out = []
    todo = [str(f) for f in files]
    while todo:
        if deadline and deadline.left() < 1:
            for f in todo:
                title = "(not replayed: the triage budget ran out)"
                out.append((f, [{"title": title, "key": title, "kind": "budget"}]))
            break
        chunk = todo[:64]
        cmd = variants.runner(v) + ["replay", *chunk]
        if pins:
            cmd += ["--set", pins]
        limit = REPLAY_SECONDS_PER_INPUT * len(chunk)
        r = run_bounded(cmd, min(limit, deadline.left()) if deadline else limit)
        done, died_in_asan = 0, False
        for line in r.stdout.splitlines():
            try:
                j = json.loads(line)
            except json.JSONDecodeError:
                continue
            out.append((j["file"], j["reports"]))
            done += 1
            died_in_asan = j.get("died", False) or any(rep.get("kind") == "asan" for rep in j["reports"])
        last = (r.stderr.strip().splitlines() or ["?"])[-1]
        if r.returncode == 2 and not done:
            raise KctxError(f"replay failed: {last.replace('kctx: error: ', '')}")
        if (r.returncode != 0 or r.timed_out) and done < len(chunk) and not died_in_asan:
            why = "it did not end in time" if r.timed_out else last[:120]
            title = f"(replay crashed: {why})"
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


def triage(v, out, pins, known_reports, budget=60):
    """De-duplicate the crash artifacts (crash-*, timeout-*, slow-unit-*, oom-*) by key; write a decoded
    reproducer for each key, minimised for a new one, within `budget` seconds in all.  An input counts
    under every key it reports: the fuzz target keeps an input for each new key, and a livelock's
    watchdog report usually comes after the bug that caused it."""
    deadline = Deadline(budget)
    crashes = sorted(p for p in (out / "crashes").glob("*") if p.is_file())
    found = {}
    if not crashes:
        return found
    for f, reps in replay(v, crashes, pins, deadline):
        # the kernel's responses to injected failures are expected: the target saves no input for them
        reps = [rep for rep in reps if not rep.get("injected")]
        if not reps:
            found.setdefault("(no report on replay)", {"title": "(no report on replay)", "files": []})["files"].append(f)
            continue
        for i, r in enumerate(reps):
            if any(r["key"] == q["key"] for q in reps[:i]):
                continue
            e = found.setdefault(r["key"], {"title": r["title"], "key": r["key"], "files": [], "first": 0,
                                            "after": set(), "kind": r.get("kind", ""),
                                            "funcs": r.get("funcs", [])})
            e["files"].append(f)
            e["first"] += i == 0
            if i:
                e["after"].add((reps[0]["key"], reps[0].get("kind", ""), tuple(reps[0].get("funcs", []))))
    reports = out / "reports"
    reports.mkdir(exist_ok=True)
    mark_news(found, known_reports)
    for key, e in found.items():
        first = e.pop("first", 0)
        for k in ("after", "kind", "funcs"):
            e.pop(k, None)
        if key.startswith("("):
            continue
        name = slug(key)
        e["reproducer"] = str(reports / (name + ".kctx"))
        if (reports / (name + ".kctx")).exists():
            continue
        # Smallest artifact first: decode it to a readable scenario.
        src = min(e["files"], key=lambda p: Path(p).stat().st_size)
        tool.decode(src, reports / (name + ".kctx"), pins, v.kernel.version, preset=v.preset, patches=v.patches)
        minimise = min(20, int(deadline.left()) - 5)
        if (e["new"] or not first) and minimise >= 3:
            # A new key, or one that is not the first report of any input, gets a reproducer minimised
            # (operation-level, bounded) to one that still reports the key.
            mini = reports / (name + ".min.kctx")
            cmd = variants.runner(v) + ["minimize", str(reports / (name + ".kctx")), "-o", str(mini), "--time",
                                        str(minimise), "--key", key]
            if pins:
                cmd += ["--set", pins]
            if run_bounded(cmd, minimise + 5).returncode == 0 and mini.exists():
                mini.replace(reports / (name + ".kctx"))
        txt = run_bounded(variants.runner(v) + ["run", str(reports / (name + ".kctx"))],
                          max(5, min(REPLAY_SECONDS_PER_INPUT, deadline.left())))
        (reports / (name + ".txt")).write_text(txt.stdout + txt.stderr)
    return found


def mark_news(found, known):
    """Set each triaged key's "new": not known to the reproducers (kctxlib.known: its key, or for a
    context bug its path), and not only ever a follow-on.  A key that was never an input's first
    report, in inputs that all began with a known one, is what the kernel prints after a known bug
    (lockdep, the oops): "follows" names that bug.  Were it a bug of its own, an input without the
    known one would show it first.  Entries carry "kind" and "funcs" (the first report's trace), and
    "after": the (key, kind, funcs) of the first reports of the inputs where it came later."""
    for key, e in found.items():
        if key.startswith("("):
            continue
        e["new"] = not known.knows(key, e.get("kind", ""), e.get("funcs", ()))
        after = e.get("after", set())
        if e["new"] and not e.get("first") and after and all(known.knows(*h) for h in after):
            e["new"] = False
            e["follows"] = sorted(after)[0][0]


def known_keys():
    """What the repository's reproducers already expect, for any kernel: a report it knows is not news."""
    return known.Known(known.lines(REPO / "corpus" / "repro", None, None, REPO))
