/* SPDX-License-Identifier: GPL-2.0 */
/* Stack traces and symbols (stacktrace.cc). */
#pragma once

#include <string>
#include <vector>

#include <kshim/kshim.h>

namespace kshim {

struct RawTrace {
	void *pcs[64];
	unsigned n = 0;
};

void capture_stack(RawTrace &t, unsigned skip);

/* A saved stack and the task it was saved for (the kernel's stack depot record). */
struct Track {
	int pid = -1;	/* -1: none saved */
	RawTrace trace;
};
void save_track(Track &t);
/* print_track(): "<what> by task N:" (or "<what>:") and one frame a line, "" if none saved. */
std::string track_text(const std::string &what, const Track &t, bool by_task = true);
/* The stack of code stopped at pc, whose frame pointer was fp (a sanitizer's report). */
void capture_stack_at(RawTrace &t, void *pc, void *fp);
/* The trace's frames in the symbol cache, innermost first: valid for the life of the process */
std::vector<const Frame *> symbolize(const RawTrace &t);
std::string format_frame(const Frame &f);
void append_frame(std::string &out, const Frame &f);	/* out += format_frame(f), without temporaries */
std::string symbolize_ip(void *ip);	/* %pS: "func+0x1a/0x80 file:line" */
std::string symbol_name(void *ip);	/* %ps: "func" */
std::string fake_address(const void *p);	/* deterministic kernel-looking address */
std::string symbolize_variable(const void *p);	/* %pS of a variable's address, "" outside one */
void stacktrace_reset();

} /* namespace kshim */
