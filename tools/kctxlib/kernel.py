"""The kernel source is an input: find it, fetch it, cache it.

A kernel is named by a Debian package version ("6.12", "6.12.117") or by a
path to a kernel tree.  Package sources are unpacked into a cache outside the
repository, keeping only the files kctx reads.
"""

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .util import REPO, KctxError, cache_root, progress

sys.path.insert(0, str(REPO / "swiotlb"))
import port as _porter  # noqa: E402  (the list of ported files is kept there)

# What kctx reads from a kernel tree: the ported files (the build needs them); the rest of kernel/dma is
# kept because patch series touch it and people read it.
PORTED = list(_porter.FILES)
REQUIRED = ["Makefile", *PORTED]
EXTRACT_GLOBS = [
    "Makefile",
    "kernel/dma/*",
    "include/linux/swiotlb.h",
    "include/linux/dma-direct.h",
    "include/linux/dma-map-ops.h",
    "include/linux/dma-mapping.h",
    "include/trace/events/swiotlb.h",
    # the kernel's own KTAP parser, which checks kctx kunit's output
    "tools/testing/kunit/*.py",
]

DEFAULT_KERNEL = "6.12"
# Archives a machine without Debian's apt can fetch (the ClusterFuzzLite image): checked by SHA-256,
# and pinned here only.  The first is the default kernel's, the version the corpus names.
PINNED = [
    {"version": "6.12.117", "file": "linux-source-6.12_6.12.117-1~deb12u1_all.deb",
     "url": "https://deb.debian.org/debian-security/pool/updates/main/l/linux-6.12/"
            "linux-source-6.12_6.12.117-1~deb12u1_all.deb",
     "sha256": "e849faf31ca3555757f3a8877cb01af92122f744f75d1f3102734651c4e14703"},
]
# Suites that carry newer linux-source packages than Debian 12 does.
EXTRA_SUITES = ["unstable", "trixie-backports", "bookworm-backports"]


class Kernel:
    """A resolved kernel source: its version and the tree kctx reads."""

    def __init__(self, version, tree, origin):
        self.version = version
        self.tree = Path(tree)
        self.origin = origin

    @property
    def swiotlb_c(self):
        return self.tree / "kernel/dma/swiotlb.c"

    def content_hash(self):
        h = hashlib.sha256()
        for rel in PORTED:
            h.update(rel.encode())
            h.update((self.tree / rel).read_bytes())
        return h.hexdigest()


def makefile_version(tree):
    mk = Path(tree) / "Makefile"
    fields = {}
    try:
        text = mk.read_text(errors="replace")
    except OSError:
        raise KctxError(f"{tree}: not a kernel tree (no Makefile)")
    for key in ("VERSION", "PATCHLEVEL", "SUBLEVEL", "EXTRAVERSION"):
        m = re.search(rf"^{key}\s*=\s*(\S*)\s*$", text, re.M)
        fields[key] = m.group(1) if m else ""
    if not fields["VERSION"].isdigit() or not fields["PATCHLEVEL"].isdigit():
        raise KctxError(f"{mk}: not a kernel Makefile (no VERSION/PATCHLEVEL)")
    v = f"{fields['VERSION']}.{fields['PATCHLEVEL']}"
    if fields["SUBLEVEL"] and fields["SUBLEVEL"] != "0":
        v += f".{fields['SUBLEVEL']}"
    return v + fields["EXTRAVERSION"]


def check_tree(tree):
    tree = Path(tree)
    if not tree.is_dir():
        raise KctxError(f"{tree}: not a kernel tree (no such directory)")
    if not (tree / "Makefile").is_file():
        raise KctxError(f"{tree}: not a kernel tree (no Makefile)")
    for rel in REQUIRED[1:]:
        if not (tree / rel).is_file():
            raise KctxError(f"{tree}: required file {rel} is missing")
    return makefile_version(tree)


def kernels_dir():
    return cache_root() / "kernels"


def looks_like_path(arg):
    return "/" in arg or arg.startswith(".") or os.path.exists(arg)


# --- Debian packages ---------------------------------------------------------

def _mirror_uri():
    """The Debian mirror this system already uses, for the private sources list."""
    candidates = []
    for f in [Path("/etc/apt/sources.list")] + sorted(Path("/etc/apt/sources.list.d").glob("*")):
        try:
            text = f.read_text(errors="replace")
        except OSError:
            continue
        candidates += re.findall(r"^URIs:\s*(\S+)", text, re.M)
        candidates += re.findall(r"^deb\s+(?:\[[^]]*\]\s+)?(\S+)", text, re.M)
    for uri in candidates:
        if uri.rstrip("/").endswith("/debian"):
            return uri.rstrip("/")
    return "http://deb.debian.org/debian"


class Apt:
    """apt-get/apt-cache, either on the system's sources or on a private list."""

    def __init__(self, private=False):
        self.opts = []
        if private:
            d = cache_root() / "apt"
            (d / "lists/partial").mkdir(parents=True, exist_ok=True)
            (d / "archives/partial").mkdir(parents=True, exist_ok=True)
            src = d / "sources.list"
            uri = _mirror_uri()
            keyring = "/usr/share/keyrings/debian-archive-keyring.gpg"
            src.write_text("".join(
                f"deb [signed-by={keyring}] {uri} {s} main\n" for s in EXTRA_SUITES))
            self.opts = [
                "-o", f"Dir::Etc::SourceList={src}",
                "-o", "Dir::Etc::SourceParts=/dev/null",
                "-o", f"Dir::State::Lists={d / 'lists'}",
                "-o", f"Dir::Cache::Archives={d / 'archives'}",
                "-o", "Debug::NoLocking=1",
            ]
            self.stamp = d / "updated"

    def run(self, tool, *args, check=True):
        p = subprocess.run([tool, *self.opts, *args], capture_output=True, text=True)
        if check and p.returncode != 0:
            msg = (p.stderr.strip().splitlines() or ["failed"])[-1]
            raise KctxError(f"{tool} {' '.join(args)}: {msg}")
        return p

    def versions(self, package):
        p = self.run("apt-cache", "madison", package, check=False)
        out = []
        for line in p.stdout.splitlines():
            parts = [x.strip() for x in line.split("|")]
            if len(parts) >= 2 and parts[0] == package:
                out.append(parts[1])
        return out

    def update(self):
        progress("updating package lists")
        self.run("apt-get", "update")


def _pkg_kernel_version(debver):
    """'6.12.117-1~deb12u1' -> '6.12.117'."""
    return debver.split("-")[0].split("+")[0]


def _vkey(v):
    return [int(x) if x.isdigit() else x for x in re.split(r"[.~+-]", v)]


def find_package(series, pinned=None):
    """Return (apt, package, debian version) for a linux-source-<series> package."""
    package = f"linux-source-{series}"
    tried = []
    for private in (False, True):
        apt = Apt(private)
        vers = apt.versions(package)
        if not vers and (private or os.geteuid() == 0):
            if not private or not apt.stamp.exists():
                try:
                    apt.update()
                    if private:
                        apt.stamp.touch()
                except KctxError:
                    pass
            vers = apt.versions(package)
        tried += vers
        if pinned:
            vers = [v for v in vers if _pkg_kernel_version(v) == pinned]
        if vers:
            vers.sort(key=_vkey, reverse=True)
            return apt, package, vers[0]
    if pinned:
        have = sorted({_pkg_kernel_version(v) for v in tried}, key=_vkey)
        hint = f" (available: {', '.join(have)})" if have else ""
        raise KctxError(f"kernel {pinned}: package {package} version {pinned} is not available{hint}")
    raise KctxError(f"kernel {series}: package {package} is not available from the configured apt sources")


def _unpack_package(apt, package, debver, dest, whole=None):
    """Download a linux-source package with apt and unpack it (see _unpack_archive)."""
    tmp = Path(tempfile.mkdtemp(prefix="kctx-fetch-", dir=cache_root()))
    try:
        progress(f"fetching {package}={debver}")
        p = subprocess.run(["apt-get", *apt.opts, "download", f"{package}={debver}"],
                           cwd=tmp, capture_output=True, text=True)
        debs = list(tmp.glob("*.deb"))
        if p.returncode != 0 or not debs:
            msg = (p.stderr.strip().splitlines() or ["download failed"])[-1]
            raise KctxError(f"apt-get download {package}={debver}: {msg}")
        return _unpack_archive(debs[0], f"debian:{package}={debver}", dest, whole)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _unpack_archive(archive, origin, dest, whole=None):
    """A Debian linux-source .deb (the tarball inside it) or a kernel.org tarball: into the cache,
    the files kctx reads; or, with whole=DIR, the whole tree into DIR."""
    archive = Path(archive)
    tmp = Path(tempfile.mkdtemp(prefix="kctx-unpack-", dir=cache_root()))
    try:
        progress(f"unpacking {archive.name}")
        stage = tmp / "tree"
        stage.mkdir()
        if archive.suffix == ".deb":
            listing = subprocess.run(["dpkg-deb", "-c", str(archive)], capture_output=True, text=True)
            tarball = None
            for line in listing.stdout.splitlines():
                name = line.split()[-1]
                if re.search(r"/usr/src/linux-source-[^/]*\.tar\.(xz|bz2|gz)$", name):
                    tarball = name
            if not tarball:
                raise KctxError(f"{archive.name}: not a linux-source package (no kernel tarball inside)")
            top = Path(tarball).name.split(".tar.")[0]
            globs = [f"{top}/{g}" for g in EXTRACT_GLOBS] if whole is None else [f"{top}/*"]
            deb = subprocess.Popen(["dpkg-deb", "--fsys-tarfile", str(archive)], stdout=subprocess.PIPE)
            outer = subprocess.Popen(["tar", "-xO", tarball], stdin=deb.stdout, stdout=subprocess.PIPE)
            deb.stdout.close()
            inner = subprocess.run(["tar", "-xJ", "-C", str(stage), "--strip-components=1", "--wildcards", *globs],
                                   stdin=outer.stdout, capture_output=True, text=True)
            outer.stdout.close()
            outer.wait()
            deb.wait()
        else:
            top = re.sub(r"\.tar\.(xz|gz|bz2)$", "", archive.name)
            globs = [f"{top}/{g}" for g in EXTRACT_GLOBS] if whole is None else [f"{top}/*"]
            inner = subprocess.run(["tar", "-x", "-f", str(archive), "-C", str(stage), "--strip-components=1",
                                    "--wildcards", *globs], capture_output=True, text=True)
        if inner.returncode not in (0, 2) or not (stage / "kernel/dma/swiotlb.c").exists():
            why = (inner.stderr.strip().splitlines() or ["no kernel/dma/swiotlb.c in it"])[0]
            raise KctxError(f"{archive.name}: could not unpack kernel/dma/swiotlb.c: {why}")
        version = check_tree(stage)
        if whole is not None:
            shutil.move(str(stage), str(whole))
            return whole
        meta = {"version": version, "origin": origin,
                "files": {rel: hashlib.sha256((stage / rel).read_bytes()).hexdigest() for rel in REQUIRED}}
        (stage / ".kctx-kernel.json").write_text(json.dumps(meta, indent=1) + "\n")
        final = dest / version
        if final.exists():
            shutil.rmtree(final)
        final.parent.mkdir(parents=True, exist_ok=True)
        stage.rename(final)
        return final
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def fetch_file(path, sha256=None):
    """A kernel from an archive on disk, for machines without Debian's apt (the ClusterFuzzLite image):
    its SHA-256 must be the one pinned for that file name, or the one given."""
    path = Path(path).expanduser()
    if not path.is_file():
        raise KctxError(f"{path}: no such file")
    want = sha256 or next((k["sha256"] for k in PINNED if k["file"] == path.name), None)
    if not want:
        raise KctxError(f"{path.name}: no checksum pinned for this file; give one with --sha256")
    got = _sha256(path)
    if got != want.lower():
        raise KctxError(f"{path.name}: SHA-256 {got} is not the expected {want}")
    tree = _unpack_archive(path, f"file:{path.name}", kernels_dir())
    return _cached(tree.name)


def download_pinned(dest, version=None):
    """The pinned archive of `version` (default: the default kernel's pin), fetched over HTTP(S) and
    checked, into the file dest."""
    import urllib.request
    pin = next((k for k in PINNED if k["version"] == (version or PINNED[0]["version"])), None)
    if not pin:
        raise KctxError(f"kernel {version}: no pinned archive (pinned: {', '.join(k['version'] for k in PINNED)})")
    dest = Path(dest)
    if dest.is_dir():
        dest = dest / pin["file"]
    progress(f"downloading {pin['url']}")
    try:
        with urllib.request.urlopen(pin["url"], timeout=120) as r, open(dest, "wb") as f:
            shutil.copyfileobj(r, f, 1 << 20)
    except OSError as e:
        raise KctxError(f"{pin['url']}: {e}")
    if _sha256(dest) != pin["sha256"]:
        dest.unlink()
        raise KctxError(f"{pin['url']}: the download does not have the pinned SHA-256")
    return dest


def _cached(version):
    d = kernels_dir() / version
    meta = d / ".kctx-kernel.json"
    if meta.is_file():
        info = json.loads(meta.read_text())
        return Kernel(info["version"], d, info["origin"])
    return None


def resolve(arg=None, fetch=True):
    """Turn a --kernel argument into a Kernel, fetching it into the cache if needed."""
    arg = arg or DEFAULT_KERNEL
    if looks_like_path(arg):
        tree = Path(arg).expanduser().resolve()
        version = check_tree(tree)
        return Kernel(version, tree, f"tree:{tree}")
    m = re.fullmatch(r"(\d+)\.(\d+)(?:\.(\d+))?", arg)
    if not m:
        raise KctxError(f"kernel {arg!r}: expected VERSION (like 6.12 or 6.12.117) or a path to a kernel tree")
    series = f"{m.group(1)}.{m.group(2)}"
    if m.group(3):
        k = _cached(arg)
        if k:
            return k
    if not fetch:
        raise KctxError(f"kernel {arg}: not in the cache; run 'tools/kctx kernel fetch {arg}'")
    apt, package, debver = find_package(series, arg if m.group(3) else None)
    version = _pkg_kernel_version(debver)
    k = _cached(version)
    if k:
        return k
    tree = _unpack_package(apt, package, debver, kernels_dir())
    return _cached(tree.name)


def unpack(arg, dest):
    """A whole kernel tree from its Debian package into dest (a new directory): for patching and
    reverting by hand, which kctx's cache (only the files it reads) does not allow."""
    dest = Path(dest).expanduser().resolve()
    if dest.exists():
        raise KctxError(f"{dest}: already exists; name a new directory")
    m = re.fullmatch(r"(\d+)\.(\d+)(?:\.(\d+))?", arg or DEFAULT_KERNEL)
    if not m:
        raise KctxError(f"kernel {arg!r}: expected VERSION (like 7.2 or 7.2.13)")
    apt, package, debver = find_package(f"{m.group(1)}.{m.group(2)}", arg if m.group(3) else None)
    dest.parent.mkdir(parents=True, exist_ok=True)
    return _unpack_package(apt, package, debver, None, whole=dest)
