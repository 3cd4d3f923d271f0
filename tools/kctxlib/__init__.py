"""kctx's command-line driver (see tools/kctx)."""
