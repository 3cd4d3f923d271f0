/* SPDX-License-Identifier: GPL-2.0 */
/* Reports in the kernel's layout (report.cc). */
#pragma once

#include <string>

struct task_struct;

namespace kshim {

struct RawTrace;

struct ReportBuilder {
	std::string kind;
	std::string header;	/* the first line, e.g. "BUG: sleeping function called ..." */
	std::string title_hint;	/* used only when the trace has no interesting frame */
	std::string body;	/* lines after the header and before the CPU line */
	/* a bare printk line prints neither; the trace is still kept, for the key */
	bool with_cpu_line = true;
	bool with_trace = true;
	bool lockdep_off_after = false;
	std::string cut_here;	/* WARNING-style reports print "cut here" first */
	std::string tail;	/* printed after the trace */
	/*
	 * show_regs() of the code a timer interrupt stopped, as the watchdogs
	 * print it: a RIP line, then the trace of that code alone.
	 */
	bool interrupted = false;
};

/* Report with the current stack: the trace starts at dump_stack_lvl(), as the kernel's do. */
void emit_report(ReportBuilder &rb);
/* false when dropped (made while reporting); a repeat of this run's report is true, not recorded again */
bool emit_report_with_trace(ReportBuilder &rb, const RawTrace &trace, task_struct *who = nullptr);

/* The run is over: its report signatures go, as the run's other host objects do (kshim::shutdown()). */
void forget_signatures();

/* While alive, reports are marked as responses to an injected failure (Report::injected). */
struct InjectedFailure {
	InjectedFailure();
	~InjectedFailure();
};

const char *kernel_release();
std::string kernel_ident();		/* "6.12.117-kctx #1 Not tainted" */
std::string print_tainted();		/* "Not tainted" or "Tainted: G   W ..." */

} /* namespace kshim */

/* The first frame of every report's trace: fills t with the stack it was called on. */
void dump_stack_lvl(kshim::RawTrace *t);
