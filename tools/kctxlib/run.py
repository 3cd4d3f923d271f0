"""run, decode and minimize: thin wrappers over kctx-runner-<variant> and kctx-tool."""

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import build, tool, variants
from .corpus import headline
from .util import KctxError, progress


def _group(files, kernel, patches, preset):
    """Scenario files by the variant they run on: the command line's, else what each names."""
    groups = {}
    for f, (k, p) in tool.scenario_targets(files, preset).items():
        key = (kernel or k, patches if patches is not None else p)
        groups.setdefault(key, []).append(f)
    return groups


def _exec(cmd):
    p = subprocess.run(cmd)
    return p.returncode


def cmd_run(args):
    groups = _group(args.files, args.kernel, args.patches, args.preset)
    status = 0
    merged = []
    for (k, p), files in groups.items():
        v = build.build(variants.resolve(k, p, preset=args.preset), quiet=True)
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
    if not Path(args.file).is_file():
        raise KctxError(f"{args.file}: no such file")
    v = variants.resolve(args.kernel, args.patches)
    text = tool.decode(args.file, args.output, kernel_version=v.kernel.version)
    sys.stdout.write(text)
    return 0


def cmd_minimize(args):
    v = variants.resolve(args.kernel, args.patches)
    build.build(v, quiet=True)
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
            tool.encode(stage1, seed)
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
