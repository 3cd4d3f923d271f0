"""kctx build and kctx port: the variants a command line or scenarios name, built or ported."""

from pathlib import Path

from . import tool
from .build import build, tool as tool_binary
from .util import REPO, KctxError
from .variants import porter, resolve


def cmd_build(args):
    wanted = []
    if args.scenarios:
        for f, (k, p) in tool.scenario_targets(args.scenarios, preset=args.preset).items():
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
    tool_binary("kctx-title", args.preset)
    return 0


def cmd_port(args):
    v = resolve(args.kernel, args.patches, preset="test")
    out = Path(args.out) if args.out else v.build_dir / "variants" / v.name / "gen"
    flags = ["-std=gnu++20", f"-I{REPO / 'kshim/include'}", "-include", "linux/kconfig.h"]
    flags += ["-D" + l.strip() for l in (REPO / "swiotlb/kernel.config").read_text().splitlines()
              if l.startswith("CONFIG_")]
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
    print(f"rewritten: {s['lines_rewritten']} lines in all (at most {porter.MAX_REWRITTEN} a file)")
    for rule, n in sorted(s["rules"].items()):
        print(f"  rule {rule}: {n}")
    print("files:")
    for f in s["files"]:
        lines = s["rewritten"].get(f, [])
        print(f"  {f}: {len(lines)} rewritten" + (f" ({', '.join(map(str, lines))})" if lines else ""))
    for n in s["notes"]:
        print(f"note: {n}")
    print(f"output:    {out}")
    return 0
