"""kctx-tool, the variant-free half of the runner: knobs, scenario checks, decode, encode.

Everything here answers before a kernel variant is built, so that bad
input costs nothing (issue: "Bad input is rejected before any work is
done").
"""

import json
import subprocess
from pathlib import Path

from . import build
from .util import REPO, KctxError


def _run(args, preset="test", check=True):
    p = subprocess.run([str(build.tool("kctx-tool", preset)), *args], capture_output=True, text=True)
    if check and p.returncode != 0:
        lines = p.stderr.strip().splitlines() or [f"kctx-tool {args[0]} failed"]
        raise KctxError(lines[-1].replace("kctx: error: ", ""))
    return p


def knobs(preset="test"):
    """{knob: its values}, from the harness's one table."""
    return json.loads(_run(["knobs"], preset).stdout)


def check_pins(items, preset="test"):
    """--set KNOB=VALUE items, checked (names and values) before anything is built; returns them joined."""
    pins = ",".join(items)
    if pins:
        p = _run(["pins", pins], preset, check=False)
        if p.returncode != 0:
            raise KctxError((p.stderr.strip().splitlines() or ["bad --set"])[-1].replace("kctx: error: ", ""))
    return pins


def _patches_path(spec, scenario):
    """A scenario's "patches P": relative to the repository, else to the scenario's directory."""
    if not spec:
        return None
    p = Path(spec)
    if not p.is_absolute():
        p = REPO / p if (REPO / p).exists() else Path(scenario).parent / p
    return str(p)


def scenario_targets(files, preset="test"):
    """{file: (kernel, patches)} as each scenario's header names them; a bad scenario is an error."""
    for f in files:
        if not Path(f).is_file():
            raise KctxError(f"{f}:1:1: no such file")
    out = {}
    for line in _run(["check", *map(str, files)], preset).stdout.splitlines():
        j = json.loads(line)
        out[j["file"]] = (j["kernel"] or None, _patches_path(j["patches"], j["file"]))
    return out


def decode(src, dest=None, pins="", kernel_version="", preset="test", patches=None):
    args = ["decode", str(src)]
    if patches:
        # as a scenario names it: relative to the repository when it is inside
        p = Path(patches).resolve()
        args += ["--patches", str(p.relative_to(REPO)) if p.is_relative_to(REPO) else str(p)]
    if dest:
        args += ["-o", str(dest)]
    if pins:
        args += ["--set", pins]
    if kernel_version:
        args += ["--kernel-version", kernel_version]
    return _run(args, preset).stdout


def encode(src, dest, preset="test"):
    _run(["encode", str(src), "-o", str(dest)], preset)
