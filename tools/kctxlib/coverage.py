"""kctx coverage: llvm-cov line and branch coverage of kernel/dma/swiotlb.c.

Builds the variant in the coverage preset, replays the corpus (scenarios and
binary inputs) through its runner with LLVM_PROFILE_FILE set, merges the
profiles and reports the ported file: the port is line-preserving, so its
line numbers are kernel/dma/swiotlb.c's.
"""

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from . import fuzz as fuzzmod
from . import variants
from .util import REPO, KctxError, progress


def _tool(name):
    for cand in (f"{name}-14", name):
        p = shutil.which(cand)
        if p:
            return p
    raise KctxError(f"{name} not found (Debian package llvm-14)")


def cmd_coverage(args):
    v = variants.build(variants.resolve(args.kernel, args.patches, preset="coverage"))
    dirs = [Path(d) for d in (args.corpus or [REPO / "corpus" / "seeds", REPO / "corpus" / "repro"])]
    files = []
    for d in dirs:
        if not d.exists():
            raise KctxError(f"{d}: no such corpus directory")
        files += [f for f in sorted(d.rglob("*") if d.is_dir() else [d]) if f.is_file()]
    if not files:
        raise KctxError("no corpus files")
    with tempfile.TemporaryDirectory(prefix="kctx-cov-") as tmp:
        tmp = Path(tmp)
        env = dict(os.environ, LLVM_PROFILE_FILE=str(tmp / "kctx-%p.profraw"))
        progress(f"replaying {len(files)} inputs")
        for i in range(0, len(files), 64):
            subprocess.run(variants.runner(v) + ["replay", *map(str, files[i:i + 64])],
                           env=env, capture_output=True, text=True)
        raws = list(tmp.glob("*.profraw"))
        if not raws:
            raise KctxError("the replay wrote no profile")
        prof = tmp / "kctx.profdata"
        subprocess.run([_tool("llvm-profdata"), "merge", "-sparse", *map(str, raws), "-o", str(prof)], check=True)
        binary = str(v.binary("runner"))
        r = subprocess.run([_tool("llvm-cov"), "export", "-summary-only", binary, f"-instr-profile={prof}"],
                           capture_output=True, text=True, check=True)
        data = json.loads(r.stdout)
        # The port keeps every kernel line at its number, so its coverage is swiotlb.c's.
        rows = [f for f in data["data"][0]["files"]
                if f["filename"].endswith("kernel/dma/swiotlb.c") or f["filename"].endswith("/gen/swiotlb_port.cc")]
        if not rows:
            raise KctxError("kernel/dma/swiotlb.c is not in the coverage data")
        s = rows[0]["summary"]
        out = {"kernel": v.kernel.version, "variant": v.name, "inputs": len(files),
               "lines": s["lines"], "branches": s["branches"], "functions": s["functions"]}
        print(f"kernel/dma/swiotlb.c ({v.name}), {len(files)} inputs:")
        for k in ("lines", "branches", "functions"):
            print(f"  {k:9} {s[k]['covered']:5}/{s[k]['count']:<5} {s[k]['percent']:.1f}%")
        if args.html:
            subprocess.run([_tool("llvm-cov"), "show", binary, f"-instr-profile={prof}", "-format=html",
                            f"-output-dir={args.html}", "-show-branches=count", rows[0]["filename"]], check=True)
            print(f"  html: {args.html}/index.html")
        (tmp / "summary.json").write_text(json.dumps(out))
    return 0
