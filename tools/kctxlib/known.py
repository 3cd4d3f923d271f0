# SPDX-License-Identifier: GPL-2.0
"""Known reports: what corpus/repro expects, as keys and as trace: lines.

One rule for everyone who asks "is this news?": the swiotlb fuzz target (through the list
tools/known-keys writes, read by fuzz/crash_trailer.cc's Suppressions) and kctx fuzz's triage.
- A report is known when its whole key is one a scenario expects.
- A context bug (not a memory error) is also known when its trace passes through every function
  of a trace: line.  For each frameless title a scenario expects together with `expect frame`
  lines, the line is the title's function and those frames: the same bug seen by another
  detector, on another platform or under another atomic section.
"""
import re
from pathlib import Path

MEMORY_ERROR = ("KASAN", "AddressSanitizer")


def norm_patches(p, repo):
    """A patch set as scenarios name it: relative to the repository when it is inside it."""
    if p is None:
        return None
    path = Path(p)
    if not path.is_absolute():
        path = (Path.cwd() / path) if (Path.cwd() / path).exists() else repo / path
    path = path.resolve()
    try:
        return str(path.relative_to(repo))
    except ValueError:
        return str(path)


def applies(text, kernel, patches, repo):
    """Whether a scenario is meant for the kernel and patch set (kernel None: for any)."""
    if kernel is None:
        return True
    k = re.search(r"^\s*kernel\s+(\S+)", text, re.M)
    p = re.search(r"^\s*patches\s+(\S+)", text, re.M)
    if not k and not p:
        return True
    if k and not (kernel == k.group(1) or kernel.startswith(k.group(1) + ".")):
        return False
    # the base's scenarios count for a patch set on top of it too: a fix leaves the base's other
    # known bugs in place, and the keys it removes do not come up anyway
    return not p or norm_patches(p.group(1), repo) == patches


def lines(repro, kernel, patches, repo):
    """The known list, in scenario order: keys, each frameless context-bug title followed by its trace: line."""
    out = []
    for f in sorted(Path(repro).glob("*.kctx")):
        text = f.read_text(errors="replace")
        if not applies(text, kernel, patches, repo):
            continue
        frames = re.findall(r"^\s*expect\s+frame\s+(\S+)\s*$", text, re.M)
        for m in re.finditer(r'^\s*expect\s+report\s+"(.*)"\s*$', text, re.M):
            key = m.group(1)
            if key not in out:
                out.append(key)
            fn = re.search(r" in (\S+)$", key)
            if frames and fn and "[" not in key and not key.startswith(MEMORY_ERROR):
                rest = [f for f in frames if f != fn.group(1)]
                line = "trace: " + " ".join([fn.group(1)] + rest)
                if rest and line not in out:	# the title's function alone would be any bug there
                    out.append(line)
    return out


class Known:
    """The list, asked about a report: its key, its kind and the functions on its trace."""

    def __init__(self, known_lines):
        self.keys = {l for l in known_lines if not l.startswith("trace:")}
        self.traces = [l[len("trace:"):].split() for l in known_lines if l.startswith("trace:")]

    def knows(self, key, kind="", funcs=()):
        if key in self.keys:
            return True
        if kind == "KASAN" or key.startswith(MEMORY_ERROR):
            return False
        return any(all(fn in funcs for fn in t) for t in self.traces)
