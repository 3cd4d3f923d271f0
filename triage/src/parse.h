/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The steps of classify(), in the order syzkaller's Linux parser takes them:
 * console lines and their contexts (console.cc), the report of the first oops
 * (console.cc), its description from the oops formats (title.cc) with the
 * guilty frame (stack.cc), and kctx's own frame list for the key (key.cc).
 */
#pragma once

#include "rules.h"

#include <string>
#include <utility>
#include <vector>

namespace triage::detail {

/* ---- console.cc ---------------------------------------------------------- */

struct ConsoleLine {
	sv raw;			/* the line without '\n' (and without a trailing '\r') */
	size_t begin = 0;	/* its offset in the console text */
	size_t next = 0;	/* the offset of the '\n' that ends it (or the text's end) */
	std::string context;	/* "" (no timestamp), "console" or the caller, "[ T12]" */
	sv text;		/* the line without its console prefix */
	bool questionable = false;	/* an unreliable frame: "? func" */
};

std::vector<ConsoleLine> split_console(sv text);

/* syzkaller's matchOops(): the header, and none of the oops' suppressions. */
bool match_oops(sv line, const Oops &oops);

struct FirstOops {
	const Oops *oops = nullptr;
	size_t line = 0;
};
FirstOops find_first_oops(sv text, const std::vector<ConsoleLine> &lines);

struct ReportText {
	std::string text;		/* the report's lines, prefixes stripped, each with '\n' */
	size_t report_end = 0;		/* where a second report starts in `text` */
	size_t end_line = 0;		/* the last line that matched an oops header (endPos) */
	std::vector<sv> lines;		/* the lines of `text` */
};
ReportText find_report(sv text, const std::vector<ConsoleLine> &lines, size_t start);

/* ---- title.cc ------------------------------------------------------------ */

/* extractDescription(): the raw title of the report, "" if none. */
std::string extract_description(sv report, const Oops &oops, const Regex *harness = nullptr);

/* Go's fmt.Sprintf for the table's formats ("%[N]v" with string arguments). */
std::string go_sprintf(sv fmt, const std::vector<std::string> &args);

/* The dynamic parts of a title replaced, then at most 120 printable bytes. */
std::string normalize_title(std::string title);

/* reportFrameRe: the function the title names. */
std::string title_frame(const std::string &title);

/* ---- stack.cc ------------------------------------------------------------ */

struct ExtractedFrame {
	std::string canonical, raw;
};

/* extractStackFrame(); false when a part found no frame (syzkaller: corrupted). */
bool extract_stack_frame(const StackFmt &stack, sv text, std::vector<ExtractedFrame> *frames,
			 const Regex *harness = nullptr);

/* The plain (nested) name of a mangled C++ symbol; anything else unchanged. */
std::string demangle(const std::string &symbol);

/* ---- key.cc -------------------------------------------------------------- */

/* (function, file) after the first "Call Trace:", with "</IRQ>" markers. */
std::vector<std::pair<std::string, std::string>> call_trace_frames(const std::vector<sv> &report);

} /* namespace triage::detail */
