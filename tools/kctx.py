#!/usr/bin/env python3
"""kctx command-line driver.  Run it through tools/kctx, which installs what it needs."""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from kctxlib import kernel  # noqa: E402
from kctxlib.util import KctxError  # noqa: E402


class Parser(argparse.ArgumentParser):
    """argparse with kctx's error style: one line, usage, exit 2."""

    def error(self, message):
        self.print_usage(sys.stderr)
        print(f"kctx: error: {message}", file=sys.stderr)
        sys.exit(2)


def ranged(lo, hi):
    """An integer option in [lo, hi]: anything else is a usage error (exit 2), before any work."""
    def parse(text):
        try:
            v = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected an integer, got {text!r}")
        if not lo <= v <= hi:
            raise argparse.ArgumentTypeError(f"expected {lo} to {hi}, got {v}")
        return v
    return parse


DAY = 24 * 3600


def add_kernel_opts(p, patches=True):
    p.add_argument("--kernel", metavar="VERSION|PATH",
                   help="kernel source: a Debian package version (6.12, 6.12.117) or a kernel tree "
                        f"(default {kernel.DEFAULT_KERNEL})")
    if patches:
        p.add_argument("--patches", metavar="P",
                       help="patch set applied to the kernel: a patch, a directory (series file or *.patch), or an mbox")


def cmd_kernel(args):
    if args.action != "fetch" and (args.from_file or args.sha256):
        raise KctxError("kernel: --from and --sha256 go with 'kernel fetch'")
    if args.action == "fetch":
        if args.from_file:
            if args.what:
                raise KctxError("kernel fetch --from FILE: the version comes from the file; drop the VERSION")
            k = kernel.fetch_file(args.from_file, args.sha256)
        elif args.sha256:
            raise KctxError("kernel fetch: --sha256 checks a --from file")
        else:
            k = kernel.resolve(args.what, fetch=True)
        print(f"kernel {k.version}")
        print(f"origin {k.origin}")
        print(f"swiotlb {k.swiotlb_c}")
        return 0
    if args.action == "download":
        if not args.what:
            raise KctxError("kernel download: name the file or directory to download into (kernel download DEST)")
        print(kernel.download_pinned(args.what, args.dest))
        return 0
    if args.action == "unpack":
        if not args.dest:
            raise KctxError("kernel unpack: name the directory to unpack into (kernel unpack VERSION DIR)")
        tree = kernel.unpack(args.what, args.dest)
        print(f"kernel {kernel.check_tree(tree)}")
        print(f"tree {tree}")
        return 0
    if args.action == "path":
        k = kernel.resolve(args.what, fetch=False)
        print(k.tree)
        return 0
    raise KctxError(f"kernel: unknown action {args.action!r}")


def lazy(module, func):
    """Subcommands live in their own modules; import them only when used."""
    def run(args):
        mod = __import__(f"kctxlib.{module}", fromlist=[func])
        return getattr(mod, func)(args)
    return run


def build_parser():
    p = Parser(prog="kctx", description="Reproduce and fuzz Linux kernel context bugs in user space.")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    sub.required = True

    k = sub.add_parser("kernel", help="fetch or locate kernel sources")
    k.add_argument("action", choices=["fetch", "path", "unpack", "download"],
                   help="fetch into the cache, print the cached tree, unpack a whole tree into DIR, or "
                        "download the pinned archive (no apt) into DEST")
    k.add_argument("what", nargs="?", metavar="VERSION|PATH", help=f"default {kernel.DEFAULT_KERNEL}")
    k.add_argument("dest", nargs="?", metavar="DIR", help="for unpack: a new directory")
    k.add_argument("--from", dest="from_file", metavar="FILE",
                   help="fetch from a linux-source .deb or a kernel.org tarball on disk, checked against its "
                        "pinned SHA-256 (or --sha256)")
    k.add_argument("--sha256", metavar="HEX", help="the archive's SHA-256, for a file kctx has no pin for")
    k.set_defaults(func=cmd_kernel)

    s = sub.add_parser("port", help="generate the C++ port of kernel/dma/swiotlb.c and print a summary")
    add_kernel_opts(s)
    s.add_argument("--out", metavar="DIR", help="write the port here instead of the build tree")
    s.set_defaults(func=lazy("variant_cmds", "cmd_port"))

    s = sub.add_parser("run", help="run scenario files and print kernel-format reports")
    s.add_argument("files", nargs="+", metavar="FILE")
    add_kernel_opts(s)
    s.add_argument("--json", action="store_true", help="print results as JSON")
    s.add_argument("--trace", action="store_true", help="print the schedule decision trace")
    s.add_argument("--check", action="store_true", help="compare results with the files' expectations")
    s.add_argument("--seed", type=ranged(0, 2**64 - 1), help="seed for schedule choices the scenario leaves open")
    s.add_argument("--repeat", type=ranged(1, 100), default=1, metavar="N",
                   help="run each file N times and fail unless every run is identical")
    s.add_argument("--preset", default="test", choices=["release", "test", "fuzz"], help=argparse.SUPPRESS)
    s.set_defaults(func=lazy("run", "cmd_run"))

    s = sub.add_parser("decode", help="turn a fuzz input into an equivalent scenario")
    s.add_argument("file", metavar="CRASH_FILE")
    add_kernel_opts(s)
    s.add_argument("-o", "--output", metavar="FILE", help="write the scenario here")
    s.set_defaults(func=lazy("run", "cmd_decode"))

    s = sub.add_parser("minimize", help="shrink a crash or scenario to a minimal scenario with the same title")
    s.add_argument("file", metavar="CRASH|SCENARIO")
    add_kernel_opts(s)
    s.add_argument("-o", "--output", metavar="FILE", help="write the minimal scenario here")
    s.add_argument("--time", type=ranged(1, DAY), default=60, metavar="S", help="time budget in seconds (default 60)")
    s.set_defaults(func=lazy("run", "cmd_minimize"))

    s = sub.add_parser("title", help="print the syzkaller title and kctx de-duplication key of a kernel report")
    s.add_argument("file", nargs="?", default="-", metavar="FILE|-")
    s.add_argument("--match", metavar="DIR", help="list scenarios in DIR whose expectations name this title")
    s.set_defaults(func=lazy("title", "cmd_title"))

    s = sub.add_parser("build", help="build the runner and fuzz binaries of kernel variants")
    add_kernel_opts(s)
    s.add_argument("--preset", default="test", choices=["release", "test", "fuzz", "coverage"],
                   help="build preset (default test)")
    s.add_argument("--for", dest="scenarios", nargs="+", default=[], metavar="SCENARIO",
                   help="build every variant these scenario files name")
    s.set_defaults(func=lazy("variant_cmds", "cmd_build"))

    s = sub.add_parser("fuzz", help="fuzz swiotlb across contexts and CPUs (the main job)")
    add_kernel_opts(s)
    s.add_argument("--time", type=ranged(1, 30 * DAY), default=300, metavar="S", help="seconds to fuzz (default 300)")
    s.add_argument("--jobs", type=ranged(1, 256), default=1, metavar="N", help="parallel fuzzing processes (default 1)")
    g = s.add_mutually_exclusive_group()
    g.add_argument("--corpus", metavar="DIR", help="seed corpus directory (default: corpus/seeds)")
    g.add_argument("--empty", action="store_true", help="start from an empty corpus")
    s.add_argument("--set", action="append", default=[], metavar="KNOB=VALUE",
                   help="pin a config knob, e.g. platform=none or preempt=rt")
    s.add_argument("--out", metavar="DIR", help="output directory (default: fuzz-out/<variant>)")
    s.add_argument("--seed", type=ranged(0, 2**32 - 1), help="libFuzzer -seed")
    s.add_argument("--triage-time", type=ranged(10, DAY), default=60, metavar="S",
                   help="seconds for replaying, decoding and minimising what the run found (default 60)")
    s.set_defaults(func=lazy("fuzz", "cmd_fuzz"))

    s = sub.add_parser("series", help="check a patch series patch by patch")
    add_kernel_opts(s, patches=False)
    s.add_argument("series", metavar="SERIES", help="patch series: directory with series file or *.patch, or an mbox")
    s.add_argument("--time", type=ranged(0, DAY), default=60, metavar="S", help="fuzz seconds per patch (default 60)")
    s.add_argument("--json", action="store_true", help="print the result table as JSON")
    s.add_argument("--plan", action="store_true",
                   help="only say how each patch applies to the base (applies, at an offset, with fuzz, already present, fails)")
    s.add_argument("--on-fail", choices=("stop", "skip"), default="stop",
                   help="after a patch that does not apply: stop (the rest are not applicable) or skip it and go on")
    s.set_defaults(func=lazy("series", "cmd_series"))

    s = sub.add_parser("kunit", help="run a kernel KUnit suite (from --patches) with context checking; KTAP out")
    s.add_argument("suite", nargs="?", metavar="SUITE", help="suite or suite.case to run (globs; default: all)")
    s.add_argument("--kernel", metavar="VERSION|PATH",
                   help=f"kernel source (default {kernel.DEFAULT_KERNEL})")
    s.add_argument("--patches", metavar="P", action="append", default=[],
                   help="patch set applied to the kernel, one of which adds the suite; repeat to apply several in order")
    s.add_argument("--set", action="append", default=[], metavar="KNOB=VALUE",
                   help="a scenario header knob, e.g. platform=x86-sme or swiotlb=128,1")
    s.add_argument("--case-context", metavar="DECORATIONS",
                   help="run every case inside these decorations, e.g. '+spin_irqsave' or '+rcu +preempt_off'")
    s.add_argument("--schedules", type=ranged(1, 1000), default=1, metavar="N",
                   help="run the suite under N schedules (the default, then seeds 1..N-1); a case fails if any fails")
    s.add_argument("--list", action="store_true", help="list the suite.case names and stop")
    s.add_argument("--warn-fails", action="store_true",
                   help="a plain kernel WARN() in a case fails it; by default it is a diagnostic line, as in the "
                        "kernel's own KUnit (every other report fails the case either way)")
    s.add_argument("--preset", default="test", choices=["release", "test"], help=argparse.SUPPRESS)
    s.set_defaults(func=lazy("kunit", "cmd_kunit"))

    s = sub.add_parser("bench", help="measure throughput and latency targets")
    add_kernel_opts(s)
    s.add_argument("--quick", action="store_true", help="shorter measurements")
    s.add_argument("--acceptance", type=ranged(0, 100), metavar="N", default=0,
                   help="only N 60-second runs from an empty corpus, nothing pinned: time to a path A-D report")
    s.add_argument("--mutator-ab", action="store_true",
                   help="with --acceptance: the runs with byte mutations only, then with kctx's custom mutator")
    s.set_defaults(func=lazy("bench", "cmd_bench"))

    s = sub.add_parser("coverage", help="llvm-cov coverage of the ported kernel files from the corpus")
    add_kernel_opts(s)
    s.add_argument("--corpus", metavar="DIR", action="append",
                   help="corpus directories (default: corpus/seeds and corpus/repro)")
    s.add_argument("--detail", metavar="FILE", default="kernel/dma/swiotlb.c",
                   help="the ported file whose uncovered lines are listed (default: kernel/dma/swiotlb.c)")
    s.add_argument("--html", metavar="DIR", help="write the HTML report here")
    s.set_defaults(func=lazy("coverage", "cmd_coverage"))
    return p


def main(argv=None):
    args = build_parser().parse_args(argv)
    try:
        return args.func(args) or 0
    except KctxError as e:
        print(f"kctx: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
