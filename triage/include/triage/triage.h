/* SPDX-License-Identifier: GPL-2.0 */
/*
 * triage: crash titles and de-duplication keys for Linux console reports.
 *
 * The title is the one syzkaller's Linux report parser gives a report
 * (pkg/report/linux.go), so a bug kctx reproduces carries the name syzbot
 * would give it.  The key adds, from the files under test, the path that led
 * to the bug, so that one title reached along different paths stays apart.
 *
 * The library has no dependency on the kernel shim; it needs RE2.  Every
 * function is thread-safe.
 */
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace triage {

struct Title {
	bool found = false;		/* a known report header was found */
	std::string title;		/* syzkaller's title */
	std::string type;		/* syzkaller's crash type: ATOMIC_SLEEP, LOCKDEP, HANG, ... (may be empty) */
	std::string key;		/* kctx de-duplication key, see dedup_key() */
	std::string guilty_func;	/* the function that names the title (empty if none) */
	std::vector<std::string> frames;	/* the stack after "Call Trace:", innermost first, inline frames included */
};

/*
 * Classify the first report in `console_text`.  The text is console output,
 * possibly with "[  12.345678]" timestamps and "[T1234]"/"[C1]" caller
 * prefixes, lines of other tasks or CPUs interleaved, <IRQ>/</IRQ>/<TASK>
 * markers, "? func+0x../0x.." unreliable frames and "[inline]" frames.  Any
 * bytes are accepted.
 *
 * `files_under_test` are kernel-relative source paths such as
 * "kernel/dma/swiotlb.c" (a leading "./" is ignored); a stack frame whose
 * "path:line" names one of them counts for the key.
 */
Title classify(std::string_view console_text, const std::vector<std::string> &files_under_test);

/*
 * The same, for reports of a kernel that a harness drives.  `harness_frames`
 * (RE2, Go syntax) names the harness's own functions: they never name a
 * title, as syzkaller's skip list works; when every other frame of a stack
 * is skipped too, the title names the kernel function the innermost harness
 * frame called (the operation's entry into the kernel), not "corrupted".
 */
struct Options {
	std::vector<std::string> files_under_test;
	std::string harness_frames;
};
Title classify(std::string_view console_text, const Options &options);

/*
 * The de-duplication key: the title, then from the files under test the
 * innermost frame, its caller there and the entry frame, as far as they
 * differ: "... [swiotlb_free_tlb from swiotlb_alloc_pool via swiotlb_map]".
 * syzkaller's title alone merges paths that end in the same place: the RCU
 * callback, the transient-pool error path and the slot-array error path all
 * end in swiotlb_free_tlb.
 *
 * `frames` is (function, file), innermost first; a ("</IRQ>", "") entry ends
 * the interrupt's frames, and what follows (the interrupted task) does not
 * count.  Consecutive frames of one function (recursion, an inline frame and
 * its caller of the same name) count once.
 */
std::string dedup_key(const std::string &title, const std::vector<std::pair<std::string, std::string>> &frames,
		      const std::vector<std::string> &files_under_test);

} /* namespace triage */
