"""Small shared helpers: errors, progress output, paths."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


class KctxError(Exception):
    """Bad input or an unusable environment: one line, exit status 2."""


def cache_root():
    d = Path(os.environ.get("KCTX_CACHE") or Path.home() / ".cache/kctx")
    d.mkdir(parents=True, exist_ok=True)
    return d


def progress(msg):
    print(f"kctx: {msg}...", file=sys.stderr, flush=True)


class Bounded:
    """What run_bounded() saw: the process's output and status, and whether it ran out of time."""

    def __init__(self, returncode, stdout, stderr, timed_out):
        self.returncode, self.stdout, self.stderr, self.timed_out = returncode, stdout, stderr, timed_out


def run_bounded(cmd, timeout, **kw):
    """Run cmd for at most `timeout` seconds (killing its whole process group after), capturing text
    output: every command kctx starts ends within its budget."""
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
                         **kw)
    try:
        out, err = p.communicate(timeout=max(1, timeout))
        return Bounded(p.returncode, out, err, False)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        out, err = p.communicate()
        return Bounded(p.returncode, out or "", err or "", True)


class Deadline:
    """A budget in seconds, spent by the steps of one job."""

    def __init__(self, seconds):
        self.end = time.monotonic() + seconds

    def left(self):
        return max(0.0, self.end - time.monotonic())
