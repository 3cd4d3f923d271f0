/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Crash-title extraction from Linux console reports, compatible with the
 * titles syzkaller's Linux report parser gives (pkg/report/linux.go), so a
 * bug kctx reproduces is named the way syzbot would name it.
 */
#pragma once

#include <string>
#include <vector>

namespace kshim {

struct TitleInfo {
	bool found = false;		/* a known report header was found */
	std::string title;		/* syzkaller-compatible title */
	std::string type;		/* syzkaller-style type: ATOMIC_SLEEP, LOCKDEP, ... (may be empty) */
	std::string key;		/* kctx de-duplication key, see dedup_key() */
	std::string guilty_func;	/* the function that named the title (empty if none) */
	std::vector<std::string> frames;	/* stack after "Call Trace:", innermost first, inline frames included */
};

/*
 * `text` is console output: possibly with timestamps "[  12.345678]" and
 * "[T1234]"/"[C1]" caller prefixes, interleaved lines, <IRQ>/</IRQ>/<TASK>/</TASK>
 * markers, "? func+0x../0x.." questionable frames, and "[inline]" frames.
 * `code_under_test` is a kernel source path like "kernel/dma/swiotlb.c".
 */
TitleInfo extract_title(const std::string &text,
			const std::string &code_under_test = "kernel/dma/swiotlb.c");

/*
 * The de-duplication key: the title, then from the code under test the
 * innermost frame, its caller there and the entry frame, as far as they
 * differ: "... [swiotlb_free_tlb from swiotlb_alloc_pool via swiotlb_map]".
 * syzkaller's title alone merges paths that end in the same place: the RCU
 * callback, the transient-pool error path and the slot-array error path
 * all end in swiotlb_free_tlb.  `frames` is (function, file), innermost first;
 * a ("</IRQ>", "") entry ends the interrupt's frames, and what follows (the
 * interrupted task) does not count.
 */
std::string dedup_key(const std::string &title, const std::vector<std::pair<std::string, std::string>> &frames,
		      const std::string &code_under_test);

} /* namespace kshim */
