#!/usr/bin/env python3
"""kctx series' recognition of a patch already in the base in another form (tools/kctxlib/series.py).

The files here are made up: a "backport" whose context differs from the series' base, the patch
itself, and a patch that is simply not applied yet, which must not be taken for one."""
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
from kctxlib import series  # noqa: E402

failed = []


def check(what, got, want):
    if got != want:
        failed.append(f"{what}: got {got!r}, want {want!r}")


# The series' base: the old helper, with the series' earlier rename (count -> n) around it.
BEFORE = """int helper(int n)
{
	int total = 0;

	for (int i = 0; i < n; i++)
		total += i;
	return total;
}
"""
# The base under test: the fix is in, backported onto code without the rename.
BACKPORTED = """int helper(int count)
{
	long total = 0;

	for (int i = 0; i < count; i++)
		total += i;
	return clamp_total(total);
}
"""
PATCH = """--- a/lib/helper.c
+++ b/lib/helper.c
@@ -1,8 +1,8 @@
 int helper(int n)
 {
-	int total = 0;
+	long total = 0;
 
 	for (int i = 0; i < n; i++)
 		total += i;
-	return total;
+	return clamp_total(total);
 }
"""

with tempfile.TemporaryDirectory() as d:
    tree = Path(d)
    (tree / "lib").mkdir()
    f = tree / "lib" / "helper.c"
    sections = [PATCH]
    f.write_text(BACKPORTED)
    check("a backport in another form is present", series.present_in_another_form(sections, tree), True)
    f.write_text(BEFORE)
    check("a patch not applied yet is not present", series.present_in_another_form(sections, tree), False)
    f.write_text(BEFORE.replace("int total = 0", "long total = 0"))
    check("half of it is not present", series.present_in_another_form(sections, tree), False)
    f.unlink()
    check("a missing file is not present", series.present_in_another_form(sections, tree), False)

# hunk images fold whitespace, so a re-indented backport still counts
imgs = series._hunk_images(PATCH)
check("one hunk", len(imgs), 1)
check("its first line", imgs[0][0], 1)
check("pre-image", imgs[0][1][2], "int total = 0;")
check("post-image", imgs[0][2][-2], "return clamp_total(total);")

# attribution: a reproducer's key, one found only by fuzzing (placed by replay), a skipped patch
rows = [{"step": 0, "subject": "", "repro": {"r": {"keys": ["K"], "ok": True}}},
        {"step": 1, "subject": "[PATCH 1/3] a", "repro": {"r": {"keys": [], "ok": False}}, "fuzz": ["F"]},
        {"step": 2, "subject": "[PATCH 2/3] b", "status": "skipped"},
        {"step": 3, "subject": "[PATCH 3/3] c", "repro": {"r": {"keys": ["K"], "ok": True}}}]
table, verdicts = series.attribute(rows, {0: set(), 1: {"F"}, 3: set()})
byk = {e["key"]: e for e in table}
check("K's changes", byk["K"]["changes"], [[0, "appears"], [1, "gone"], [3, "appears"]])
check("K's reproducer", byk["K"]["reproducers"], ["r"])
check("F is placed by replay", byk["F"]["changes"], [[1, "appears"], [3, "gone"]])
check("F was hit at 1", (byk["F"]["fuzz_found_at"], byk["F"]["replayed_at"]), (1, [1]))
check("verdicts", [(v["step"], v["from"], v["to"]) for v in verdicts], [(1, "ok", "FAIL"), (3, "FAIL", "ok")])
table, _ = series.attribute(rows, {0: {"F"}, 1: {"F"}, 3: set()})
check("replay moves F to the base", {e["key"]: e for e in table}["F"]["changes"], [[0, "appears"], [3, "gone"]])

if failed:
    print("\n".join(failed))
    sys.exit(1)
print("series: ok")
