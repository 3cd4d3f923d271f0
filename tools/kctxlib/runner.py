"""run, decode, minimize and title: thin wrappers over kctx-runner-<variant>."""

import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import variants
from .fuzz import headline
from .util import REPO, KctxError, progress


def scenario_target(path):
    """The kernel and patch set a scenario names in its own header, if any."""
    kernel = patches = None
    try:
        text = Path(path).read_text(errors="replace")
    except OSError:
        raise KctxError(f"{path}:1:1: cannot read the file")
    for line in text.splitlines():
        m = re.match(r"\s*kernel\s+(\S+)\s*$", line)
        if m:
            kernel = m.group(1)
        m = re.match(r"\s*patches\s+(\S+)\s*$", line)
        if m and m.group(1) != "none":
            p = Path(m.group(1))
            if not p.is_absolute():
                p = REPO / p if (REPO / p).exists() else Path(path).parent / p
            patches = str(p)
    return kernel, patches


def _group(files, kernel, patches):
    groups = {}
    for f in files:
        if not Path(f).is_file():
            raise KctxError(f"{f}:1:1: no such file")
        k, p = scenario_target(f)
        key = (kernel or k, patches if patches is not None else p)
        groups.setdefault(key, []).append(f)
    return groups


def _exec(cmd):
    p = subprocess.run(cmd)
    return p.returncode


def cmd_run(args):
    groups = _group(args.files, args.kernel, args.patches)
    status = 0
    merged = []
    for (k, p), files in groups.items():
        v = variants.build(variants.resolve(k, p, preset=args.preset), quiet=True)
        cmd = variants.runner(v) + ["run", *files]
        if args.json:
            cmd.append("--json")
        if args.trace:
            cmd.append("--trace")
        if args.check:
            cmd.append("--check")
        if args.seed is not None:
            cmd += ["--seed", str(args.seed)]
        if args.repeat > 1:
            cmd += ["--repeat", str(args.repeat)]
        if args.json:
            r = subprocess.run(cmd, capture_output=True, text=True)
            sys.stderr.write(r.stderr)
            if r.returncode == 2:
                return 2
            merged += json.loads(r.stdout or "[]")
            rc = r.returncode
        else:
            rc = _exec(cmd)
        if rc == 2:
            return 2
        status = max(status, rc)
    if args.json:
        print(json.dumps(merged, indent=1))
    return status


def cmd_decode(args):
    v = variants.build(variants.resolve(args.kernel, args.patches), quiet=True)
    cmd = variants.runner(v) + ["decode", args.file]
    if args.output:
        cmd += ["-o", args.output]
    return _exec(cmd)


def cmd_minimize(args):
    v = variants.resolve(args.kernel, args.patches)
    variants.build(v, quiet=True)
    start = time.monotonic()
    out = args.output
    budget = max(10, args.time)
    with tempfile.TemporaryDirectory(prefix="kctx-min-") as tmp:
        stage1 = Path(tmp) / "ops.kctx"
        cmd = variants.runner(v) + ["minimize", args.file, "-o", str(stage1), "--time", str(budget * 2 // 3)]
        r = subprocess.run(cmd)
        if r.returncode:
            return r.returncode
        best = stage1
        # Then byte level: libFuzzer shrinks the encoded input; keep it only if the key holds.
        left = budget - (time.monotonic() - start)
        fz = v.build_dir.parent / "fuzz" / f"kctx-fuzz-{v.name}"
        if left > 5 and fz.exists():
            seed = Path(tmp) / "input"
            subprocess.run(variants.runner(v) + ["encode", str(stage1), "-o", str(seed)], check=True)
            small = Path(tmp) / "small"
            subprocess.run([str(fz), "-minimize_crash=1", f"-max_total_time={int(left) - 2}",
                            f"-exact_artifact_path={small}", str(seed)],
                           capture_output=True, text=True)
            if small.exists():
                cand = Path(tmp) / "bytes.kctx"
                subprocess.run(variants.runner(v) + ["minimize", str(small), "-o", str(cand), "--time", "5"],
                               capture_output=True)
                if cand.exists() and _same_key(v, stage1, cand) and \
                        len(cand.read_text()) < len(stage1.read_text()):
                    best = cand
        text = best.read_text()
        if out:
            Path(out).write_text(text)
            progress(f"minimal scenario in {out}")
        else:
            sys.stdout.write(text)
    return 0


def _same_key(v, a, b):
    r = subprocess.run(variants.runner(v) + ["replay", str(a), str(b)], capture_output=True, text=True)
    keys = []
    for line in r.stdout.splitlines():
        reps = json.loads(line)["reports"]
        keys.append(headline(reps)["key"] if reps else None)
    return len(keys) == 2 and keys[0] and keys[0] == keys[1]


def cmd_title(args):
    v = variants.build(variants.resolve(None, None), quiet=True)
    cmd = variants.runner(v) + ["title", args.file]
    if args.match:
        cmd += ["--match", args.match]
    return _exec(cmd)
