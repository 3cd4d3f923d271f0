"""kctx coverage: llvm-cov line and branch coverage of the ported kernel/dma files.

Builds the variant in the coverage preset, replays the corpus (scenarios and
binary inputs) through its runner with LLVM_PROFILE_FILE set, merges the
profiles and reports the ported file: the port is line-preserving, so its
line numbers are kernel/dma/swiotlb.c's.
"""

import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from . import build
from . import variants
from .variants import porter
from .util import REPO, KctxError, progress


def _tool(name):
    for cand in (f"{name}-14", name):
        p = shutil.which(cand)
        if p:
            return p
    raise KctxError(f"{name} not found (Debian package llvm-14)")


# Uncovered code kctx cannot run, and why: (function, a text in the uncovered block or None, reason).
EXCLUDED = [
    ("swiotlb_bounce", "PageHighMem", "the highmem copy loop: 64-bit kernels have no highmem"),
    ("rmem_swiotlb_device_init", "PageHighMem", "a highmem restricted pool: 64-bit kernels have no highmem"),
    ("rmem_swiotlb_device_release", None, "devices are never unbound from their restricted pool"),
    ("swiotlb_init_remap", "remap", "Xen's remap callback: Xen is not modelled"),
    ("swiotlb_init_late", "remap", "Xen's remap callback: Xen is not modelled"),
    ("swiotlb_init_late", "if (rc)", "Xen's remap callback failing: Xen is not modelled"),
    ("swiotlb_memblock_alloc", None, "memblock failures at boot: faults are injected only once the system runs"),
    ("swiotlb_init_remap", "alloc", "memblock failures at boot: faults are injected only once the system runs"),
    ("swiotlb_map", "arch_sync_dma_for_device", "non-coherent devices: x86-64 and the modelled arm64 devices are DMA-coherent"),
    ("swiotlb_tbl_map_single", "Can not allocate SWIOTLB buffer earlier", "no swiotlb while a device bounces: both callers, dma-direct and dma-iommu, check is_swiotlb_active() first"),
    # kernel/dma/direct.c: code under IS_ENABLED() of options neither x86-64 nor arm64 selects is not
    # compiled into the kernel; the port keeps it (line for line, at -O0) and llvm-cov counts it
    ("dma_direct_alloc", "arch_dma_alloc", "not in the kernel: neither x86-64 nor arm64 selects ARCH_HAS_DMA_ALLOC"),
    ("dma_direct_free", "arch_dma_free", "not in the kernel: neither x86-64 nor arm64 selects ARCH_HAS_DMA_ALLOC"),
    ("dma_direct_alloc", "dma_alloc_from_global_coherent", "not in the kernel: no DMA_GLOBAL_POOL on x86-64 or arm64"),
    ("dma_direct_free", "dma_release_from_global_coherent", "not in the kernel: no DMA_GLOBAL_POOL on x86-64 or arm64"),
    ("dma_direct_alloc", "not supported on this platform", "a non-coherent device without DMA_DIRECT_REMAP: x86-64 devices are coherent, arm64 remaps"),
    ("dma_direct_alloc", "arch_dma_set_uncached", "not in the kernel: neither x86-64 nor arm64 selects ARCH_HAS_DMA_SET_UNCACHED"),
    ("dma_direct_free", "arch_dma_clear_uncached", "not in the kernel: neither x86-64 nor arm64 selects ARCH_HAS_DMA_CLEAR_UNCACHED"),
    ("dma_direct_map_sg", "p2pdma", "PCI peer-to-peer DMA: kctx has no P2PDMA pages"),
    ("dma_direct_set_offset", None, "bus offset ranges: set by some ARM SoCs' platform code; kctx's devices have no dma_range_map"),
    ("dma_find_range", None, "bus offset ranges: kctx's devices have no dma_range_map"),
    ("check_ram_in_range_map", None, "bus offset ranges: kctx's devices have no dma_range_map"),
    ("dma_direct_all_ram_mapped", "walk_system_ram_range", "bus offset ranges: kctx's devices have no dma_range_map"),
    ("round_up_default_nslabs", None, "a swiotlb= area count that is not a power of two and more areas than segments: the parser rounds first"),
]

FUNC_RE = re.compile(r"^[A-Za-z_][^=;]*?\b(\w+)\s*\([^;]*$")


def _enclosing_functions(src_lines):
    """Kernel line -> name of the function whose body holds it (column-0 definitions, '}' at column 0)."""
    out, cur = {}, None
    for i, line in enumerate(src_lines, 1):
        m = FUNC_RE.match(line)
        if m and not line.startswith("#") and m.group(1) not in ("if", "for", "while", "switch"):
            cur = m.group(1)
        out[i] = cur
        if line.startswith("}"):
            cur = None
    return out


def uncovered_report(show_text, src_lines):
    """Group uncovered kernel lines into blocks by function, each with its reason if it is excluded."""
    counts = {}
    for row in show_text.splitlines():
        parts = row.split("|", 2)
        if len(parts) == 3 and parts[0].strip().isdigit() and parts[1].strip():
            c = parts[1].strip()
            counts[int(parts[0]) - 1] = c != "0"	# the port's first line is a #line directive
    funcs = _enclosing_functions(src_lines)
    blocks = []
    for n in sorted(k for k, hit in counts.items() if not hit):
        # one block while no executed line lies between (comments and braces have no count)
        if (blocks and funcs.get(n) == funcs.get(blocks[-1][0])
                and not any(counts.get(k) for k in range(blocks[-1][-1] + 1, n))):
            blocks[-1].append(n)
        else:
            blocks.append([n])
    rows, excluded = [], 0
    for b in blocks:
        fn = funcs.get(b[0]) or "?"
        lo = max(1, b[0] - 1)	# the marker may sit on the line that opens the block
        ctx = "\n".join(src_lines[n - 1] for n in range(lo, b[-1] + 1) if n <= len(src_lines))
        reason = next((r for f, mark, r in EXCLUDED if f == fn and (mark is None or mark in ctx)), None)
        if reason:
            excluded += len(b)
        rows.append((b[0], b[-1], len(b), fn, reason))
    return rows, excluded


def cmd_coverage(args):
    v = build.build(variants.resolve(args.kernel, args.patches, preset="coverage"))
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
        # The port keeps every kernel line at its number, so a ported file's coverage is the kernel file's.
        def row_of(rel, gen):
            return next((f for f in data["data"][0]["files"]
                         if f["filename"].endswith(rel) or f["filename"].endswith("/gen/" + gen)), None)
        units = porter.UNITS
        print(f"{v.name}, {len(files)} inputs: line, branch and function coverage of each ported file")
        per_file = {}
        def uncovered(row):
            show = subprocess.run([_tool("llvm-cov"), "show", binary, f"-instr-profile={prof}", row["filename"]],
                                  capture_output=True, text=True, check=True).stdout
            # the port (patches applied) after its #line directive: the kernel file line for line
            src = Path(row["filename"]).read_text(errors="replace").splitlines()[1:]
            return uncovered_report(show, src)
        reports = {}	# file -> (uncovered blocks, excluded lines)
        for rel, gen in units.items():
            f = row_of(rel, gen)
            if not f:
                raise KctxError(f"{rel} is not in the coverage data")
            s = f["summary"]
            reports[rel] = uncovered(f)
            excluded = reports[rel][1]
            lc, ln = s["lines"]["covered"], s["lines"]["count"]
            per_file[rel] = {k: s[k] for k in ("lines", "branches", "functions")}
            per_file[rel]["runnable_lines"] = {"covered": lc, "count": ln - excluded}
            print(f"  {rel:22} " + "  ".join(f"{k} {s[k]['covered']}/{s[k]['count']} {s[k]['percent']:.1f}%"
                                           for k in ("lines", "branches", "functions"))
                  + f"  (runnable lines {lc}/{ln - excluded} {100.0 * lc / max(1, ln - excluded):.1f}%)")
        if args.detail not in units:
            raise KctxError(f"--detail {args.detail}: not a ported file ({', '.join(units)})")
        rows = [row_of(args.detail, units[args.detail])]
        s = rows[0]["summary"]
        out = {"kernel": v.kernel.version, "variant": v.name, "inputs": len(files), "detail": args.detail,
               "lines": s["lines"], "branches": s["branches"], "functions": s["functions"], "files": per_file}
        print(f"{args.detail} in detail:")
        blocks, excluded = reports[args.detail]
        lc, ln = s["lines"]["covered"], s["lines"]["count"]
        print(f"  lines that can run here: {lc}/{ln - excluded} {100.0 * lc / max(1, ln - excluded):.1f}%"
              f" ({excluded} excluded below)")
        print(f"uncovered ({args.detail} lines):")
        for a, b, n, fn, reason in blocks:
            where = f"{a}" if a == b else f"{a}-{b}"
            print(f"  {where:>9}  {n:3} in {fn}" + (f"  [excluded: {reason}]" if reason else ""))
        out["excluded_lines"] = excluded
        if args.html:
            subprocess.run([_tool("llvm-cov"), "show", binary, f"-instr-profile={prof}", "-format=html",
                            f"-output-dir={args.html}", "-show-branches=count", rows[0]["filename"]], check=True)
            print(f"  html: {args.html}/index.html")
        (tmp / "summary.json").write_text(json.dumps(out))
    return 0
