"""kctx kunit: run a kernel KUnit suite on a kctx machine, with context checking.

The suite is a kernel file a patch creates (kernel/dma/swiotlb_test.c); the
porter ports it with the rest of kernel/dma, and the variant's runner runs
its cases (harness/kunit.cc) and prints KTAP as the kernel does.  Exit 0 when
every case is ok, 1 when one is not, 2 on bad input.
"""

import subprocess
import sys

from . import build, tool, variants
from .util import KctxError


def cmd_kunit(args):
    pins = tool.check_pins(args.set)  # before any variant is built: a typo costs nothing
    if args.case_context is not None and not args.case_context.strip():
        raise KctxError("--case-context: no decorations given (e.g. +spin_irqsave)")
    patches = args.patches or None
    v = build.build(variants.resolve(args.kernel, patches, preset=args.preset), quiet=True)
    cmd = variants.runner(v) + ["kunit"]
    if args.suite:
        cmd.append(args.suite)
    if pins:
        cmd += ["--set", pins]
    if args.case_context:
        cmd += ["--case-context", args.case_context]
    if args.schedules != 1:
        cmd += ["--schedules", str(args.schedules)]
    if args.list:
        cmd.append("--list")
    if args.warn_fails:
        cmd.append("--warn-fails")
    p = subprocess.run(cmd)
    if p.returncode not in (0, 1, 2):
        # the runner itself died (a sanitizer report outside a case): that is a failed run
        print(f"kctx: kunit: the runner ended with status {p.returncode}", file=sys.stderr)
        return 1
    return p.returncode
