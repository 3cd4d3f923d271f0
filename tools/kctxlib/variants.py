"""Kernel variants: a kernel tree plus a patch set, ported and built.

Each build preset has one CMake tree (build/<preset>).  A variant is
registered there by one line in kctx-variants.cmake; CMake ports swiotlb.c
for it and builds kctx-runner-<variant> (and kctx-fuzz-<variant> in the fuzz
preset).  Variants are named by kernel version and a hash of the patch set,
so "--kernel 6.12" and "--kernel 6.12 --patches P" live side by side.
"""

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from . import kernel as kmod
from .util import REPO, KctxError, progress

PRESETS = ("release", "test", "fuzz", "coverage")
sys.path.insert(0, str(REPO / "swiotlb"))
import port as porter  # noqa: E402


class Variant:
    def __init__(self, preset, k, patches, name, patchdir):
        self.preset = preset
        self.kernel = k
        self.patches = patches
        self.name = name
        self.patchdir = patchdir

    @property
    def build_dir(self):
        return REPO / "build" / self.preset

    def binary(self, kind="runner"):
        return self.build_dir / f"kctx-{kind}-{self.name}"


def _patch_set(spec, dest):
    """Copy a patch set (file, directory or mbox) into dest/ with a series file; return its hash."""
    try:
        patches = porter.resolve_patches(spec)
    except porter.PortError as e:
        raise KctxError(str(e))
    h = hashlib.sha256()
    for name, text in patches:
        h.update(name.encode())
        h.update(text.encode(errors="surrogateescape"))
    digest = h.hexdigest()[:10]
    d = dest / digest
    if not (d / "series").exists():
        tmp = dest / (digest + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        names = []
        for i, (name, text) in enumerate(patches):
            fname = f"{i + 1:04d}-{name.replace('#', '-').replace('/', '-')}"
            if not fname.endswith(".patch"):
                fname += ".patch"
            (tmp / fname).write_text(text, errors="surrogateescape")
            names.append(fname)
        (tmp / "series").write_text("".join(n + "\n" for n in names))
        shutil.rmtree(d, ignore_errors=True)
        tmp.rename(d)
    return digest, d, patches


def resolve(kernel_arg=None, patches=None, preset="test", fetch=True):
    k = kmod.resolve(kernel_arg, fetch=fetch)
    name = k.version
    if k.origin.startswith("tree:"):
        name += "-t" + k.content_hash()[:8]
    patchdir = ""
    if patches:
        digest, d, _ = _patch_set(patches, REPO / "build" / "patchsets")
        name += "-p" + digest
        patchdir = str(d)
    return Variant(preset, k, patches, name, patchdir)


def _registry(preset):
    return REPO / "build" / preset / "kctx-variants.cmake"


def _configure(preset, fresh):
    bdir = REPO / "build" / preset
    if fresh or not (bdir / "build.ninja").exists():
        progress(f"configuring build/{preset}")
        p = subprocess.run(["cmake", "--preset", preset], cwd=REPO, capture_output=True, text=True)
        if p.returncode != 0:
            sys.stderr.write(p.stdout[-4000:] + p.stderr[-4000:])
            raise KctxError(f"cmake --preset {preset} failed")


def _check_applies(v):
    """Fail before the variant enters the build tree: a patch set that does not apply would break every build."""
    import tempfile
    with tempfile.TemporaryDirectory(prefix="kctx-apply-") as work:
        work = Path(work)
        for f in porter.FILES:
            (work / f).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(Path(v.kernel.tree) / f, work / f)
        try:
            porter.apply_patches(porter.resolve_patches(v.patchdir), work, v.kernel.tree, [])
        except porter.PortError as e:
            raise KctxError(str(e))


def register(v):
    reg = _registry(v.preset)
    reg.parent.mkdir(parents=True, exist_ok=True)
    line = f'kctx_variant("{v.name}" "{v.kernel.tree}" "{v.patchdir}")\n'
    old = reg.read_text() if reg.exists() else ""
    changed = line not in old
    if changed and v.patchdir:
        _check_applies(v)
    if changed:
        reg.write_text(old + line)
    _configure(v.preset, changed)


def build(v, targets=("runner",), quiet=False):
    if os.environ.get("KCTX_NO_BUILD"):
        # Under ctest: the binaries were built beforehand; never run a second build in the same tree.
        for t in targets:
            if not v.binary(t).exists():
                raise KctxError(f"{v.binary(t)} is not built (KCTX_NO_BUILD is set); run tools/kctx build first")
        return v
    register(v)
    names = [f"kctx-{t}-{v.name}" for t in targets]
    if not quiet:
        progress(f"building {', '.join(names)} ({v.preset})")
    jobs = str(os.cpu_count() or 2)
    p = subprocess.run(["cmake", "--build", str(v.build_dir), "-j", jobs, "--target", *names],
                       cwd=REPO, capture_output=True, text=True)
    if p.returncode != 0:
        out = p.stdout + p.stderr
        for line in out.splitlines():
            if line.startswith("kctx: error:"):
                raise KctxError(line[len("kctx: error: "):])
        sys.stderr.write(out[-6000:])
        raise KctxError(f"building {', '.join(names)} failed")
    return v


def cmd_build(args):
    from .runner import scenario_target
    wanted = []
    if args.scenarios:
        for f in args.scenarios:
            k, p = scenario_target(f)
            wanted.append((args.kernel or k, args.patches if args.patches is not None else p))
    else:
        wanted.append((args.kernel, args.patches))
    seen = set()
    for k, p in wanted:
        v = resolve(k, p, preset=args.preset)
        if v.name in seen:
            continue
        seen.add(v.name)
        build(v, targets=("runner", "fuzz"))
        print(f"{v.name}: {v.binary('runner')}")
    return 0


def runner(v):
    return [str(v.binary("runner"))]


def cmd_port(args):
    v = resolve(args.kernel, args.patches, preset="test")
    out = Path(args.out) if args.out else v.build_dir / "variants" / v.name / "gen"
    flags = ["-std=gnu++20", f"-I{REPO / 'kshim/include'}", "-include", "linux/kconfig.h"]
    for c in ("SWIOTLB", "SWIOTLB_DYNAMIC", "DMA_COHERENT_POOL", "DEBUG_FS", "DMA_RESTRICTED_POOL",
              "ZONE_DMA", "ZONE_DMA32"):
        flags.append(f"-DCONFIG_{c}=1")
    flags.append("-DCONFIG_SWIOTLB_DEFAULT_SIZE_MB=64")
    try:
        s = porter.port(v.kernel.tree, v.patchdir or None, out, "clang++-14", flags)
    except porter.PortError as e:
        raise KctxError(str(e))
    print(f"kernel:    {v.kernel.version} ({v.kernel.origin})")
    if s["patches"]:
        print("patches:")
        for p in s["patches"]:
            print(f"  {p['name']}: {p['subject']}")
    else:
        print("patches:   none")
    print(f"rewritten: {s['lines_rewritten']} lines")
    for rule, n in sorted(s["rules"].items()):
        print(f"  {rule}: {n}")
    for f, lines in s["rewritten"].items():
        print(f"  {f}: {', '.join(map(str, lines))}")
    for n in s["notes"]:
        print(f"note: {n}")
    print(f"output:    {out / 'swiotlb_port.cc'}")
    return 0
