"""kctx title: the syzkaller title and kctx key of a kernel report, by kctx-title (triage/).

No kernel variant is involved: the title rules are text processing.
"""

import subprocess

from . import build


def cmd_title(args):
    cmd = [str(build.tool("kctx-title")), args.file]
    if args.match:
        cmd += ["--match", args.match]
    return subprocess.run(cmd).returncode
