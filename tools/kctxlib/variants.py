"""Kernel variants: a kernel tree plus a patch set, and what kctx calls it.

Variants are named by kernel version, a hash of the tree when it is not a
Debian package, and a hash of the patch set, so "--kernel 6.12" and
"--kernel 6.12 --patches P" live side by side.  Naming only: build.py
builds them.
"""

import hashlib
import shutil
import sys

from . import kernel as kmod
from .util import REPO, KctxError

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
    """Copy a patch set (file, directory or mbox; or a list of them, applied in order) into dest/ with a
    series file; return its hash."""
    try:
        if isinstance(spec, (list, tuple)):
            patches = [p for s in spec for p in porter.resolve_patches(s)]
        else:
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


def runner(v):
    return [str(v.binary("runner"))]
