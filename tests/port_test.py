#!/usr/bin/env python3
"""The porter's text rules on small inputs (swiotlb/port.py): each must change exactly what it says."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "swiotlb"))
import port  # noqa: E402

failed = []


def check(what, got, want):
    if got != want:
        failed.append(f"{what}:\n  got  {got!r}\n  want {want!r}")


class Src:
    def __init__(self, text):
        self.rel = "t.c"
        self.lines = text.split("\n")


# cxx-keyword: identifiers only, never comments, strings or #include lines
s = Src('/* this */\nint this = 1; // this\nchar *c = "new";\nint new = this;\n#include <this.h>')
rules = {}
changed = port.cxx_keywords(s, rules)
check("cxx-keyword lines", s.lines, ['/* this */', 'int this_ = 1; // this', 'char *c = "new";',
                                     'int new_ = this_;', '#include <this.h>'])
check("cxx-keyword changed", sorted(changed), [1, 3])

# arch-ifdef: a block in a function becomes an if; a label that ends a block gets a statement
s = Src("void f(void)\n{\n#ifdef CONFIG_DMA_DIRECT_REMAP\n\ta();\nout:\n#else\n\tb();\n#endif\n}")
changed = port.runtime_ifdefs(s, {})
check("arch-ifdef lines", s.lines[2:8], ["if (IS_ENABLED(CONFIG_DMA_DIRECT_REMAP)) {", "\ta();", "out:", "} else {",
                                         "\tb();", "}"])
s = Src("void f(void)\n{\n#ifndef CONFIG_DMA_DIRECT_REMAP\n\ta();\nfree:\n#endif\n}")
port.runtime_ifdefs(s, {})
check("arch-ifdef label", s.lines[2:6], ["if (!IS_ENABLED(CONFIG_DMA_DIRECT_REMAP)) {", "\ta();", "free:", "; }"])
# outside a function it cannot become an if: the port must fail, not guess
try:
    port.runtime_ifdefs(Src("#ifdef CONFIG_DMA_DIRECT_REMAP\nint x;\n#endif"), {})
    failed.append("arch-ifdef at file scope: no error")
except port.PortError as e:
    check("arch-ifdef at file scope", "outside a function" in str(e), True)
# other options are left alone
s = Src("void f(void)\n{\n#ifdef CONFIG_ZONE_DMA\n\ta();\n#endif\n}")
check("other options", sorted(port.runtime_ifdefs(s, {})), [])

# mboxes: format-patch's From_ lines, and lore's mboxrd (no commit, Return-Path first, >From quoted);
# a cover letter carries no diff and is left out
msg = "Return-Path: <x@y>\nSubject: [PATCH {n}/2] t\n\n>From the body\n---\ndiff --git a/f b/f\n--- a/f\n+++ b/f\n"
lore = ("From mboxrd@z Thu Jan  1 00:00:00 1970\nSubject: [PATCH 0/2] cover\n\nno diff here\n" +
        "".join("From mboxrd@z Thu Jan  1 00:00:00 1970\n" + msg.format(n=n) for n in (1, 2)))
parts = port.split_mbox(lore)
check("mboxrd messages", [port.patch_subject(p) for p in parts], ["[PATCH 1/2] t", "[PATCH 2/2] t"])
check("mboxrd unquoting", all("\nFrom the body\n" in p for p in parts), True)
fp = "".join(f"From {'ab' * 20} Mon Sep 17 00:00:00 2001\n" + msg.format(n=n) for n in (1, 2))
check("format-patch messages", len(port.split_mbox(fp)), 2)

if failed:
    print("\n".join(failed))
    sys.exit(1)
print("port rules: all checks passed")
