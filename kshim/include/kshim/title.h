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
	std::string key;		/* kctx de-duplication key: title [first frame in code_under_test] */
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

} /* namespace kshim */
