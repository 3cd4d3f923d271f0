"""Small shared helpers: errors, progress output, paths."""

import os
import sys
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
