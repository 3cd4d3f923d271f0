#!/usr/bin/env python3
"""Port the kernel's swiotlb.c to C++, mechanically and line for line.

Input: a kernel tree (kernel/dma/swiotlb.c, include/linux/swiotlb.h) and an
optional patch set.  Output: a C++ translation unit whose every line is the
kernel's line, rewritten only where C++ rejects C, and a #line directive so
that debug info, __FILE__ and __LINE__ name the real kernel file and line.

The rewrites are driven by the C++ compiler's own diagnostics, one rule per
kind of diagnostic.  Each rule inserts text inside a line and never adds or
removes a line.  A diagnostic no rule covers is a construct the porter cannot
handle: it is reported as file:line and the port fails.

Rules:
  void-arith     arithmetic on void *: the operand becomes char * (GNU C
                 semantics: byte arithmetic)
  void-convert   an implicit conversion from void * (or between pointers that
                 C converts and C++ does not) in an initialisation, assignment,
                 return or argument: an explicit cast to the target type
  cxx-keyword    an identifier that is a C++ keyword (a variable called
                 "this" or "new") gets a trailing underscore
  arch-ifdef     an #ifdef, #else or #endif on an option the architecture
                 selects (RUNTIME_OPTIONS) inside a function body becomes
                 "if (IS_ENABLED(...)) {", "} else {" or "}": one binary
                 serves both architectures, and kctx's platform picks one at
                 run time (the branch not taken is the code the kernel's
                 preprocessor drops)

Every file is ported from the same tree and patch set; each .c file is its
own translation unit.

A patch may also create a kernel/dma/*.c file that the tree lacks, as a KUnit
suite's patch creates kernel/dma/swiotlb_test.c.  Such a file is ported by the
same rules, as a unit of its own (CREATED_OUT names it after the file); all of
them are compiled through one generated file, CREATED_UNITS, which is empty
when no patch creates one, so that every variant has the same outputs.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

# The ported kernel files: the .c files (each compiled on its own) and the headers they share.
UNITS = {"kernel/dma/swiotlb.c": "swiotlb_port.cc",
         "kernel/dma/direct.c": "direct_port.cc",
         "kernel/dma/mapping.c": "mapping_port.cc",
         "kernel/dma/pool.c": "pool_port.cc",
         "kernel/dma/remap.c": "remap_port.cc"}
# kernel/dma's private headers sit next to the generated files, where "direct.h" finds them
HEADERS = {"include/linux/swiotlb.h": "include/linux/swiotlb.h",
           "kernel/dma/direct.h": "direct.h",
           "kernel/dma/debug.h": "debug.h"}
FILES = {**UNITS, **HEADERS}
# Files a patch creates (kernel/dma/*.c): ported as units and compiled through this one file.
CREATED_UNITS = "created_units.cc"
CREATED = re.compile(r"kernel/dma/[A-Za-z0-9_-]+\.c")


def created_out(rel):
    """The generated file of a .c file a patch creates."""
    return "created_" + Path(rel).stem + "_port.cc"


def creates_unit(path, sec):
    """Does this patch section create a kernel/dma/*.c file (a new unit of the port)?"""
    return bool(CREATED.fullmatch(path)) and path not in FILES and \
        bool(re.search(r"^--- /dev/null", sec, re.M))
# Options an architecture selects: decided at run time by the platform (rule arch-ifdef).
RUNTIME_OPTIONS = {"CONFIG_DMA_DIRECT_REMAP"}
MAX_PASSES = 8
MAX_REWRITTEN = 30  # per file: past this, the port is no longer near-verbatim


class PortError(Exception):
    pass


# --- patches -------------------------------------------------------------------

# An mbox message starts at a "From_" line: "From <sender or sha> <asctime date>".
MBOX_FROM = re.compile(r"^From \S+\s+(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}\n", re.M)


def split_mbox(text):
    """Split an mbox (git format-patch --stdout, b4 am, lore's mboxrd) into the messages that carry a
    diff; cover letters carry none and are left out."""
    parts = MBOX_FROM.split(text)
    # mboxrd quotes body lines that start with "From " as ">From "; undo one level
    parts = [re.sub(r"^>(>*From )", r"\1", p, flags=re.M) for p in parts]
    return [p for p in parts if re.search(r"^diff --git ", p, re.M)]


def resolve_patches(spec):
    """A patch file, an mbox, or a directory (series file or *.patch) -> [(name, text)]."""
    if not spec:
        return []
    p = Path(spec)
    if not p.exists():
        raise PortError(f"{spec}: no such patch file or directory")
    if p.is_dir():
        series = p / "series"
        if series.is_file():
            names = [l.split("#")[0].strip() for l in series.read_text().splitlines()]
            names = [n for n in names if n]
            files = []
            for n in names:
                f = p / n
                if not f.is_file():
                    raise PortError(f"{series}: lists {n}, which does not exist")
                files.append(f)
        else:
            files = sorted(list(p.glob("*.patch")) + list(p.glob("*.diff")))
        if not files:
            raise PortError(f"{spec}: no series file and no *.patch files")
        out = []
        for f in files:
            out += [(f.name if i == 0 else f"{f.name}#{i + 1}", t)
                    for i, t in enumerate(split_mbox(f.read_text(errors="replace")) or [f.read_text(errors="replace")])]
        return out
    text = p.read_text(errors="replace")
    msgs = split_mbox(text)
    if len(msgs) > 1:
        return [(f"{p.name}#{i + 1}", t) for i, t in enumerate(msgs)]
    if not re.search(r"^(diff --git |--- )", text, re.M):
        raise PortError(f"{spec}: not a patch (no diff in it)")
    return [(p.name, text)]


def patch_subject(text):
    m = re.search(r"^Subject:\s*(.*(?:\n[ \t].*)*)", text, re.M)
    if m:
        return " ".join(m.group(1).split())
    return ""


def file_sections(text):
    """Split a patch into (path, section text) per file, plus the preamble."""
    idx = [m.start() for m in re.finditer(r"^diff --git ", text, re.M)]
    if not idx:
        m = re.search(r"^--- ", text, re.M)
        if not m:
            return text, []
        idx = [m.start()]
    pre = text[:idx[0]]
    out = []
    for a, b in zip(idx, idx[1:] + [len(text)]):
        sec = text[a:b]
        m = re.search(r"^\+\+\+ (?:b/)?(\S+)", sec, re.M) or re.search(r"^diff --git a/\S+ b/(\S+)", sec, re.M)
        path = m.group(1) if m else "?"
        if path == "/dev/null":
            m = re.search(r"^--- (?:a/)?(\S+)", sec, re.M)
            path = m.group(1) if m else "?"
        out.append((path, sec))
    return pre, out


def copy_ported(kernel_tree, work):
    """The ported files, as the tree has them, into work: the state patches apply to."""
    for rel in FILES:
        src = Path(kernel_tree) / rel
        if not src.is_file():
            raise PortError(f"{kernel_tree}: required file {rel} is missing")
        (Path(work) / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, Path(work) / rel)


def sections_in_tree(text, kernel_tree, dirs, created=()):
    """A patch's sections for the files kctx reads (the ported ones, and any other the tree has, which
    are copied into each of dirs first; the units a patch creates, and changes to those created by an
    earlier patch, listed in created), and the paths of the files it skips."""
    _, sections = file_sections(text)
    keep, skipped = [], []
    for path, sec in sections:
        src = Path(kernel_tree) / path
        if (creates_unit(path, sec) or path in created) and not src.is_file():
            keep.append(sec)
            continue
        if path not in FILES and not src.is_file():
            skipped.append(path)
            continue
        keep.append(sec)
        if path in FILES:
            continue
        for d in dirs:
            dst = Path(d) / path
            if not dst.exists():
                dst.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(src, dst)
    return keep, skipped


def created_units(patches, kernel_tree):
    """The kernel/dma/*.c files the patches create, in the order they appear."""
    out = []
    for _, text in patches:
        for path, sec in file_sections(text)[1]:
            if creates_unit(path, sec) and not (Path(kernel_tree) / path).is_file() and path not in out:
                out.append(path)
    return out


def apply_patches(patches, work, kernel_tree, notes):
    created = set()
    for name, text in patches:
        keep, skipped = sections_in_tree(text, kernel_tree, [work], created)
        created |= {path for path, sec in file_sections(text)[1] if creates_unit(path, sec)}
        notes += [f"{name}: changes to {path} are not part of the port; skipped" for path in skipped]
        if not keep:
            notes.append(f"{name}: touches no file of the port")
            continue
        body = "".join(keep)
        for dry in (True, False):
            args = ["patch", "-p1", "--batch", "--forward", "-d", str(work)]
            if dry:
                args.append("--dry-run")
            p = subprocess.run(args, input=body, capture_output=True, text=True)
            if p.returncode != 0:
                raise PortError(describe_patch_failure(name, p.stdout + p.stderr))


def describe_patch_failure(name, output):
    current = "?"
    for line in output.splitlines():
        m = re.match(r"(?:checking|patching) file (\S+)", line)
        if m:
            current = m.group(1)
        m = re.match(r"Hunk #(\d+) FAILED at (\d+)", line)
        if m:
            return f"patch {name} does not apply: {current} hunk #{m.group(1)} FAILED (at line {m.group(2)})"
        if "can't find file to patch" in line or "No file to patch" in line:
            return f"patch {name} does not apply: a file it patches is missing"
        if "Reversed (or previously applied) patch detected" in line:
            return f"patch {name} does not apply: {current} is already patched (reversed or applied before)"
        if "malformed patch" in line or "Only garbage" in line:
            return f"patch {name} does not apply: malformed patch ({line.strip()})"
    last = (output.strip().splitlines() or ["patch failed"])[-1]
    return f"patch {name} does not apply: {last}"


# --- the rewriter -----------------------------------------------------------------

DIAG = re.compile(r"^(?P<file>[^:\n]+):(?P<line>\d+):(?P<col>\d+):(?P<ranges>(?:\{\d+:\d+-\d+:\d+\})*):? "
                  r"(?P<sev>error|fatal error): (?P<msg>.*)$")
# Source ranges as clang prints them: physical lines (they ignore #line, so they
# count our one-line header), 1-based columns, the end one past the last character.
RANGE = re.compile(r"\{(\d+):(\d+)-(\d+):(\d+)\}")
CONVERT = [
    re.compile(r"assigning to '(?P<to>[^']+)' from incompatible type '(?P<from>[^']+)'"),
    re.compile(r"cannot initialize a variable of type '(?P<to>[^']+)' with an? (?:l|r|x)value of type '(?P<from>[^']+)'"),
    re.compile(r"cannot initialize return object of type '(?P<to>[^']+)' with an? (?:l|r|x)value of type '(?P<from>[^']+)'"),
    re.compile(r"cannot initialize a parameter of type '(?P<to>[^']+)' with an? (?:l|r|x)value of type '(?P<from>[^']+)'"),
    re.compile(r"cannot initialize a member subobject of type '(?P<to>[^']+)' with an? (?:l|r|x)value of type '(?P<from>[^']+)'"),
    re.compile(r"incompatible pointer types assigning to '(?P<to>[^']+)' from '(?P<from>[^']+)'"),
    re.compile(r"incompatible pointer types initializing '(?P<to>[^']+)' with an expression of type '(?P<from>[^']+)'"),
    re.compile(r"incompatible pointer types returning '(?P<from>[^']+)' from a function with result type '(?P<to>[^']+)'"),
    re.compile(r"incompatible pointer types passing '(?P<from>[^']+)' to parameter of type '(?P<to>[^']+)'"),
]
def pointerish(t):
    return t.rstrip().endswith("*")


class Source:
    def __init__(self, rel, lines):
        self.rel = rel
        self.lines = lines
        self.edits = {}  # line index -> [(col, order, length to remove, text)]

    def insert(self, line, col, text, order):
        self.edits.setdefault(line, []).append((col, order, 0, text))

    def replace(self, line, col, length, text):
        self.edits.setdefault(line, []).append((col, 0, length, text))

    def commit(self):
        changed = set()
        for ln, eds in self.edits.items():
            s = self.lines[ln]
            for col, _, length, text in sorted(eds, key=lambda e: (e[0], e[1]), reverse=True):
                s = s[:col] + text + s[col + length:]
            self.lines[ln] = s
            changed.add(ln)
        self.edits = {}
        return changed


def physical(r):
    """A clang range -> 0-based (line index, col, end line index, end col)."""
    l1, c1, l2, c2 = r
    return l1 - 2, c1 - 1, l2 - 2, c2 - 1


def plan_fix(src, d, rules):
    """Queue the edits one diagnostic needs; return False if no rule covers it."""
    msg = d["msg"]
    ranges = [tuple(int(x) for x in r) for r in RANGE.findall(d["ranges"])]
    if msg.startswith("arithmetic on a pointer to void"):
        if not ranges:
            return False
        l1, c1, l2, c2 = physical(ranges[0])
        if l1 == l2 and src.lines[l1][c1:].startswith("(void *)"):
            src.replace(l1, c1, len("(void *)"), "(char *)")
        else:
            src.insert(l1, c1, "((char *)(", 0)
            src.insert(l2, c2, "))", 1)
        rules["void-arith"] = rules.get("void-arith", 0) + 1
        return True
    for rx in CONVERT:
        m = rx.search(msg)
        if not m:
            continue
        to, frm = m.group("to"), m.group("from")
        if not (pointerish(to) and pointerish(frm)) or not ranges:
            return False
        l1, c1, l2, c2 = physical(ranges[-1])
        src.insert(l1, c1, f"({to})(", 0)
        src.insert(l2, c2, ")", 1)
        rules["void-convert"] = rules.get("void-convert", 0) + 1
        return True
    return False


PP_IF = re.compile(r"^\s*#\s*(if|ifdef|ifndef)\b\s*(.*)$")
PP_ELSE = re.compile(r"^\s*#\s*(else|elif)\b")
PP_ENDIF = re.compile(r"^\s*#\s*endif\b")


def brace_depth_before(lines, stop):
    """Brace depth at the start of line `stop`, ignoring comments, strings and preprocessor lines."""
    depth, in_comment = 0, False
    for ln in lines[:stop]:
        if not in_comment and ln.lstrip().startswith("#"):
            continue
        i = 0
        while i < len(ln):
            if in_comment:
                j = ln.find("*/", i)
                if j < 0:
                    break
                in_comment, i = False, j + 2
                continue
            c = ln[i]
            if ln.startswith("/*", i):
                in_comment, i = True, i + 2
                continue
            if ln.startswith("//", i):
                break
            if c in "\"'":
                j = i + 1
                while j < len(ln) and ln[j] != c:
                    j += 2 if ln[j] == "\\" else 1
                i = j + 1
                continue
            depth += (c == "{") - (c == "}")
            i += 1
    return depth


CXX_KEYWORDS = {"this", "new", "delete", "class", "private", "public", "protected", "template", "typename",
                "namespace", "operator", "virtual", "friend", "explicit", "mutable", "try", "catch", "throw",
                "using", "nullptr", "decltype", "constexpr", "noexcept", "concept", "requires"}
KEYWORD = re.compile(r"\b(%s)\b" % "|".join(sorted(CXX_KEYWORDS)))


def code_spans(line, in_comment):
    """The parts of a line outside comments, strings and character literals: [(start, end)], and whether a
    block comment is still open at its end."""
    spans, i, start = [], 0, None
    if line.lstrip().startswith("#") and not in_comment:
        directive = line.lstrip()[1:].lstrip()
        if not directive.startswith("define"):
            return [], False
    while i < len(line):
        if in_comment:
            j = line.find("*/", i)
            if j < 0:
                return spans, True
            in_comment, i = False, j + 2
            continue
        if start is None:
            start = i
        if line.startswith("/*", i) or line.startswith("//", i) or line[i] in "\"'":
            spans.append((start, i))
            start = None
            if line.startswith("//", i):
                return spans, False
            if line.startswith("/*", i):
                in_comment, i = True, i + 2
                continue
            q, j = line[i], i + 1
            while j < len(line) and line[j] != q:
                j += 2 if line[j] == "\\" else 1
            i = j + 1
            continue
        i += 1
    if start is not None and not in_comment:
        spans.append((start, len(line)))
    return spans, in_comment


def cxx_keywords(src, rules):
    """Rule cxx-keyword: C identifiers that C++ reserves get a trailing underscore."""
    changed, in_comment = set(), False
    for i, ln in enumerate(src.lines):
        spans, in_comment_next = code_spans(ln, in_comment)
        in_comment = in_comment_next
        out, last, hit = [], 0, False
        for a, b in spans:
            seg = ln[a:b]
            new = KEYWORD.sub(lambda m: m.group(1) + "_", seg)
            if new != seg:
                out.append(ln[last:a] + new)
                last, hit = b, True
        if hit:
            src.lines[i] = "".join(out) + ln[last:]
            changed.add(i)
            rules["cxx-keyword"] = rules.get("cxx-keyword", 0) + 1
    return changed


def runtime_ifdefs(src, rules):
    """Rule arch-ifdef: conditionals on RUNTIME_OPTIONS inside function bodies become run-time ifs."""
    lines = src.lines
    changed = set()
    for i, ln in enumerate(lines):
        m = PP_IF.match(ln)
        if not m:
            continue
        opts = [o for o in RUNTIME_OPTIONS if re.search(r"\b%s\b" % o, m.group(2))]
        if not opts:
            continue
        kind, cond = m.group(1), m.group(2).strip()
        if kind == "if" and re.fullmatch(r"defined\s*\(?\s*(%s)\s*\)?" % opts[0], cond):
            kind = "ifdef"
        if kind not in ("ifdef", "ifndef") or len(opts) != 1 or cond.split()[0].strip("()") not in (opts[0], "defined"):
            raise PortError(f"{src.rel}:{i + 1}: cannot make this conditional on {opts[0]} a run-time one: {ln.strip()}")
        if brace_depth_before(lines, i) <= 0:
            raise PortError(f"{src.rel}:{i + 1}: {opts[0]} is tested outside a function; kctx decides it at run time")
        depth, j, els = 0, i + 1, None
        while j < len(lines):
            if PP_IF.match(lines[j]):
                depth += 1
            elif PP_ENDIF.match(lines[j]):
                if depth == 0:
                    break
                depth -= 1
            elif PP_ELSE.match(lines[j]) and depth == 0:
                if lines[j].strip().startswith("#elif"):
                    raise PortError(f"{src.rel}:{j + 1}: #elif under {opts[0]} cannot become run-time")
                els = j
            j += 1
        if j == len(lines):
            raise PortError(f"{src.rel}:{i + 1}: no #endif for this #{kind}")
        neg = "!" if kind == "ifndef" else ""
        lines[i] = f"if ({neg}IS_ENABLED({opts[0]})) {{"
        if els is not None:
            lines[els] = "} else {"
        # a label cannot end a block in C++ (it can in C): give it an empty statement
        lines[j] = "; }" if re.match(r"^\s*[A-Za-z_]\w*:\s*$", lines[j - 1]) else "}"
        changed |= {i, j} | ({els} if els is not None else set())
        rules["arch-ifdef"] = rules.get("arch-ifdef", 0) + 1
    return changed


def compile_diags(cxx, flags, gen, main_tu):
    args = [cxx, "-fsyntax-only", "-ferror-limit=0", "-fno-color-diagnostics", "-fno-caret-diagnostics",
            "-fdiagnostics-print-source-range-info", "-fdiagnostics-absolute-paths", "-w",
            "-I", str(gen / "include"), *flags, str(gen / main_tu)]
    p = subprocess.run(args, capture_output=True, text=True)
    diags = []
    for line in p.stderr.splitlines():
        m = DIAG.match(line)
        if m:
            diags.append(m.groupdict())
    if p.returncode != 0 and not diags:
        raise PortError(f"compiler failed without diagnostics: {p.stderr.strip()[:400]}")
    return diags


def port(kernel_tree, patches_spec, out, cxx, flags, quiet=False):
    kernel_tree = Path(kernel_tree)
    out = Path(out)
    patches = resolve_patches(patches_spec)
    notes = []
    with tempfile.TemporaryDirectory(prefix="kctx-port-") as tmp:
        work = Path(tmp) / "src"
        copy_ported(kernel_tree, work)
        apply_patches(patches, work, kernel_tree, notes)
        created = {rel: created_out(rel) for rel in created_units(patches, kernel_tree)}
        units = {**UNITS, **created}

        gen = Path(tmp) / "gen"
        sources = {}
        for rel, dst in {**FILES, **created}.items():
            text = (work / rel).read_text(errors="surrogateescape")
            lines = text.split("\n")
            sources[rel] = (Source(rel, lines), dst)

        def write():
            for rel, (s, dst) in sources.items():
                p = gen / dst
                p.parent.mkdir(parents=True, exist_ok=True)
                p.write_text(f'#line 1 "{rel}"\n' + "\n".join(s.lines), errors="surrogateescape")
            (gen / CREATED_UNITS).write_text(
                "/* The kernel files the patch set creates, each ported as a unit (swiotlb/port.py). */\n" +
                "".join(f'#include "{dst}"\n' for dst in created.values()))

        rules = {}
        changed = {rel: set() for rel in sources}
        for rel, (s, _) in sources.items():
            changed[rel] |= cxx_keywords(s, rules)
            changed[rel] |= runtime_ifdefs(s, rules)
        write()
        for _ in range(MAX_PASSES):
            diags = []
            for unit in units.values():
                diags += compile_diags(cxx, flags, gen, unit)
            if not diags:
                break
            progressed = False
            done_lines = set()
            for d in diags:
                rel = next((r for r in sources if d["file"].endswith(r) or
                            d["file"].endswith(sources[r][1])), None)
                if rel is None:
                    raise PortError(f"{d['file']}:{d['line']}: {d['msg']} (in a kshim header, not in the kernel file)")
                src = sources[rel][0]
                key = (rel, int(d["line"]))
                if key in done_lines:
                    continue  # one fix per line per pass; the next pass sees the result
                if not plan_fix(src, d, rules):
                    raise PortError(f"{rel}:{d['line']}: cannot port: {d['msg']}")
                done_lines.add(key)
                progressed = True
            for rel, (s, _) in sources.items():
                changed[rel] |= s.commit()
            write()
            if not progressed:
                break
        else:
            d = diags[0]
            raise PortError(f"{d['file']}:{d['line']}: cannot port after {MAX_PASSES} passes: {d['msg']}")

        out.mkdir(parents=True, exist_ok=True)
        for rel, (s, dst) in [*sources.items(), (None, (None, CREATED_UNITS))]:
            target = out / dst
            target.parent.mkdir(parents=True, exist_ok=True)
            tmpf = target.with_suffix(target.suffix + ".tmp")
            shutil.copyfile(gen / dst, tmpf)
            os.replace(tmpf, target)
        summary = {
            "patches": [{"name": n, "subject": patch_subject(t)} for n, t in patches],
            "files": list(FILES) + list(created),
            "created": list(created),
            "lines_rewritten": sum(len(v) for v in changed.values()),
            "rewritten": {rel: sorted(i + 1 for i in v) for rel, v in changed.items() if v},
            "rules": rules,
            "notes": notes,
        }
        (out / "port-summary.json").write_text(json.dumps(summary, indent=1) + "\n")
        # The kernel files in the binary, for kshim's traces (swiotlb/glue/glue.cc includes this).
        (out / "ported_files.inc").write_text("".join(f'"{rel}",\n' for rel in [*FILES, *created]))
        for rel in sorted(changed):
            if len(changed[rel]) > MAX_REWRITTEN:
                raise PortError(f"{rel}: {len(changed[rel])} lines rewritten, more than {MAX_REWRITTEN}; "
                                "a new rule or a kshim declaration is due")
        return summary


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    if sys.argv[1:] == ["--list"]:
        # for swiotlb/variants.cmake: "KIND:KERNEL FILE:GENERATED FILE", one ported file a line
        for rel, gen in FILES.items():
            print(f"{'unit' if rel in UNITS else 'header'}:{rel}:{gen}")
        print(f"created:-:{CREATED_UNITS}")
        return 0
    ap.add_argument("--kernel-tree", required=True)
    ap.add_argument("--patches")
    ap.add_argument("--out", required=True)
    ap.add_argument("--cxx", default="clang++")
    ap.add_argument("--flag", action="append", default=[], help="compiler flag for the syntax check")
    ap.add_argument("--quiet", action="store_true")
    a = ap.parse_args()
    try:
        s = port(a.kernel_tree, a.patches, a.out, a.cxx, a.flag, a.quiet)
    except PortError as e:
        print(f"kctx: error: {e}", file=sys.stderr)
        return 2
    if not a.quiet:
        print(json.dumps(s, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
