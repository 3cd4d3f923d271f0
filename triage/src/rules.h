/* SPDX-License-Identifier: GPL-2.0 */
/*
 * syzkaller's Linux report rules (pkg/report/linux.go, pkg/report/report.go)
 * as data: the oops table, the stack parameters, the frame extractors.
 */
#pragma once

#include "re2_regex.h"

#include <deque>
#include <string>
#include <utility>
#include <vector>

namespace triage::detail {

/* How the guilty frame is picked from a stack's frames (stackFmt.extractor). */
enum class Extractor { first, stall, hang_task };

struct StackFmt {
	/* Parts in order; nullptr is parseStackTrace (parse the frames here). */
	std::vector<const Regex *> parts;
	std::vector<const Regex *> parts2;	/* tried when `parts` fails */
	const PatternList *skip = nullptr;	/* the format's own skip patterns, if any */
	Extractor extractor = Extractor::first;
};

struct OopsFormat {
	const Regex *title = nullptr;
	const Regex *report = nullptr;	/* may be null */
	const char *fmt = nullptr;
	const StackFmt *stack = nullptr;	/* may be null */
};

struct Oops {
	sv header;
	std::vector<OopsFormat> formats;
	const PatternList *suppressions = nullptr;
};

/* linuxStackParams */
struct StackParams {
	const PatternList *stack_start = nullptr;	/* stackStartRes */
	std::vector<const Regex *> frame_res;		/* frameRes */
	const PatternList *skip = nullptr;		/* skipPatterns */
	const Regex *corrupted_lines = nullptr;		/* corruptedLines (one pattern) */
	std::vector<std::string> strip_frame_prefixes;
};

struct Rules {
	std::vector<Oops> oopses;	/* linuxOopses, then commonOopses, in syzkaller's order */
	StackParams stack;
	const Regex *call_trace = nullptr;	/* linuxCallTrace */
	const PatternList *stall_anchors = nullptr;	/* linuxStallAnchorFrames */
};

/* The rules, built once; each regexp compiles when it is first used. */
const Rules &rules();

/* pkg/report/crash: the crash type of a title ("" for none). */
std::string title_to_type(const std::string &title);

/* The frame extractors of linux.go: (frame, its index), or ("", npos). */
std::pair<std::string, size_t> stall_frame_extractor(const std::vector<std::string> &frames);
std::pair<std::string, size_t> hang_task_frame_extractor(const std::vector<std::string> &frames);

} /* namespace triage::detail */
