"""Building: the CMake tree of each preset, the variant-free tools, and the variants.

Each build preset has one CMake tree (build/<preset>).  A variant is
registered there by one line in kctx-variants.cmake; CMake ports the kernel
files for it and builds kctx-runner-<variant> (and kctx-fuzz-<variant>).
kctx-tool and kctx-title need no kernel, so they answer before any variant
is built.
"""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .util import REPO, KctxError, progress
from .variants import PRESETS, porter

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
    p = _cmake_build(v.build_dir, names)
    if p.returncode != 0:
        out = p.stdout + p.stderr
        for line in out.splitlines():
            if line.startswith("kctx: error:"):
                raise KctxError(line[len("kctx: error: "):])
        sys.stderr.write(out[-6000:])
        raise KctxError(f"building {', '.join(names)} failed")
    return v


def _cmake_build(bdir, targets):
    jobs = str(os.cpu_count() or 2)
    return subprocess.run(["cmake", "--build", str(bdir), "-j", jobs, "--target", *targets],
                          cwd=REPO, capture_output=True, text=True)


def tool(name, preset="test"):
    """A variant-free binary (kctx-tool, kctx-title), built on first use.

    It does the same in every preset, so a tree that is configured already
    serves (the requested one first): checking a --set value for a fuzz run
    then costs no fuzz-preset build."""
    configured = [p for p in (preset, *PRESETS) if (REPO / "build" / p / "build.ninja").exists()]
    preset = configured[0] if configured else preset
    bdir = REPO / "build" / preset
    path = {"kctx-tool": bdir / "harness" / "kctx-tool", "kctx-title": bdir / "triage" / "kctx-title"}[name]
    if os.environ.get("KCTX_NO_BUILD"):
        if not path.exists():
            raise KctxError(f"{path} is not built (KCTX_NO_BUILD is set); run tools/kctx build first")
        return path
    _configure(preset, False)
    p = _cmake_build(bdir, [name])
    if p.returncode != 0:
        sys.stderr.write((p.stdout + p.stderr)[-6000:])
        raise KctxError(f"building {name} failed")
    return path
