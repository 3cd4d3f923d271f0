// SPDX-License-Identifier: GPL-2.0
/*
 * Reports in the kernel's layout: the report's own lines, the CPU/PID/Comm
 * line, "Hardware name:", the worker line, and a "Call Trace:" with
 * <IRQ>/<TASK> sections.  kshim records each report once per run (by its
 * signature: everything its title can depend on); naming them (syzkaller's
 * title, kctx's key) is triage's job, after the run (harness/reports.cc).
 */
#include "sched.h"
#include "report.h"
#include "lockdep.h"
#include "printk.h"
#include "stacktrace.h"
#include "workqueue.h"

#include <linux/printk.h>

#include <cstdio>
#include <set>

namespace kshim {

static std::vector<Report> all_reports;
static std::set<std::string> seen_signatures;
static std::string release = "6.12.117-kctx";
static bool taint_warn, taint_die;
static bool in_report;
static int injected_depth;

InjectedFailure::InjectedFailure()
{
	injected_depth++;
}

InjectedFailure::~InjectedFailure()
{
	injected_depth--;
}

const std::vector<Report> &reports()
{
	return all_reports;
}

std::vector<Report> take_reports()
{
	std::vector<Report> r;
	r.swap(all_reports);
	return r;
}

void forget_signatures()
{
	seen_signatures.clear();
}

void clear_reports()
{
	all_reports.clear();
	seen_signatures.clear();
	taint_warn = taint_die = false;
}

void set_kernel_release(const std::string &r)
{
	release = r;
}

const char *kernel_release()
{
	return release.c_str();
}

static std::string tainted(bool verbose)
{
	if (!taint_warn && !taint_die)
		return verbose ? "" : "Not tainted";
	if (verbose) {
		std::string s = "Tainted: ";
		if (taint_die)
			s += "[D]=DIE";
		if (taint_warn)
			s += std::string(taint_die ? ", " : "") + "[W]=WARN";
		return s;
	}
	/* one column per taint flag, P..N; unset flags print ' ' except P ('G') */
	std::string cols = "G                  ";
	if (taint_die)
		cols[7] = 'D';
	if (taint_warn)
		cols[9] = 'W';
	return "Tainted: " + cols;
}

std::string print_tainted()
{
	return tainted(false);
}

std::string kernel_ident()
{
	return strf("%s #1 %s", release.c_str(), tainted(false).c_str());
}

std::string cpu_line(task_struct *t)
{
	std::string s = strf("CPU: %u UID: 0 PID: %d Comm: %.20s %s %s #1\n", t->cpu, t->pid, t->comm,
			     tainted(false).c_str(), release.c_str());
	if (taint_warn || taint_die)
		s += tainted(true) + "\n";
	s += strf("Hardware name: kctx simulated machine, platform %s, preempt %s, rcu %s\n",
		  platform_name(sim.cfg.platform), preempt_name(sim.cfg.preempt), rcu_mode_name(sim.cfg.rcu));
	s += current_worker_line(t);
	return s;
}

/* Entry functions of the interrupt path: above them the trace is <IRQ>. */
static bool irq_vector(const std::string &f)
{
	return f == "sysvec_apic_timer_interrupt" || f == "common_interrupt" || f == "do_softirq";
}

static Frame marker(const char *m)
{
	Frame f;
	f.func = m;
	f.marker = true;
	return f;
}

static std::vector<const Frame *> with_markers(const std::vector<const Frame *> &frames)
{
	static const Frame irq = marker("<IRQ>"), irq_end = marker("</IRQ>");
	static const Frame task = marker("<TASK>"), task_end = marker("</TASK>");
	std::vector<const Frame *> out;
	out.reserve(frames.size() + 4);
	size_t vec = frames.size();
	for (size_t i = 0; i < frames.size(); i++)
		if (irq_vector(frames[i]->func)) {
			vec = i;
			break;
		}
	size_t from = 0;
	if (vec < frames.size()) {
		out.push_back(&irq);
		out.insert(out.end(), frames.begin(), frames.begin() + vec + 1);
		out.push_back(&irq_end);
		from = vec + 1;
	}
	out.push_back(&task);
	out.insert(out.end(), frames.begin() + from, frames.end());
	out.push_back(&task_end);
	return out;
}

} /* namespace kshim */

using namespace kshim;

/* model: named as in the kernel: it is the first frame of every trace */
noinline void dump_stack_lvl(RawTrace *t)
{
	capture_stack(*t, 0);
}

namespace kshim {

bool emit_report_with_trace(ReportBuilder &rb, const RawTrace &trace, task_struct *who)
{
	if (in_report)
		return false;	/* a report about the reporting machinery would only confuse */
	in_report = true;
	task_struct *t = who ? who : cur();
	std::vector<const Frame *> frames = symbolize(trace);
	if (rb.kind == "WARNING" || rb.kind == "BUG") {
		/* A WARN or BUG traps: the trace starts at the function that hit it. */
		for (size_t i = 0; i < frames.size(); i++) {
			if (frames[i]->func == "__warn" || frames[i]->func == "__kshim_bug") {
				frames.erase(frames.begin(), frames.begin() + i + 1);
				break;
			}
		}
	}
	std::string rip;
	if (rb.interrupted) {
		for (size_t i = 0; i < frames.size(); i++)
			if (frames[i]->func == "asm_sysvec_apic_timer_interrupt") {
				frames.erase(frames.begin(), frames.begin() + i + 1);
				break;
			}
		if (!frames.empty()) {
			rip = "RIP: 0010:";
			append_frame(rip, *frames[0]);
			rip += '\n';
		}
	}
	frames = with_markers(frames);

	auto build_text = [&] {
		std::string text;
		if (!rb.cut_here.empty())
			text += rb.cut_here + "\n";
		text += rb.header + "\n" + rb.body;
		if (rb.with_cpu_line)
			text += cpu_line(t);
		if (rb.with_trace) {
			text += rip;
			text += "Call Trace:\n";
			for (const Frame *f : frames) {
				text += ' ';
				if (f->marker)
					text += f->func;
				else
					append_frame(text, *f);
				text += '\n';
			}
		}
		text += rb.tail;
		return text;
	};
	/*
	 * Everything a title can depend on: a run records a report once per
	 * signature, and the harness names each signature once.
	 */
	std::string signature = rb.cut_here + rb.header + rb.body + rip;
	for (const Frame *f : frames) {
		signature += '|';
		signature += f->func;
		if (f->inlined)
			signature += '!';
		signature += f->file;
	}
	bool fresh = seen_signatures.insert(signature).second;
	/* A repeat only shows on the console: with none, its text is never built. */
	std::string text;
	if (fresh || console_enabled()) {
		text = build_text();
		console_write(text);
	}

	if (rb.kind == "ATOMIC_SLEEP" || rb.kind == "WARNING" || rb.kind == "BUG" || rb.kind == "LEAK")
		taint_warn = true;
	if (rb.kind == "BUG" && rb.header.rfind("kernel BUG", 0) == 0)
		taint_die = true;
	in_report = false;
	if (!fresh)
		return true;
	Report r;
	r.kind = rb.kind;
	r.header = rb.header;
	r.title_hint = rb.title_hint;
	r.signature = std::move(signature);
	r.text = std::move(text);
	r.frames = std::move(frames);
	r.comm = t->comm;
	r.pid = t->pid;
	r.cpu = t->cpu;
	r.preempt_count = t->preempt_count;
	r.irqs_disabled = t->irqs_off;
	r.rcu_depth = t->rcu_read_lock_nesting;
	r.held_locks = lockdep_held_lock_lines(t);
	r.injected = injected_depth > 0;
	all_reports.push_back(std::move(r));
	return true;
}

void emit_report(ReportBuilder &rb)
{
	RawTrace trace;
	dump_stack_lvl(&trace);
	emit_report_with_trace(rb, trace);
}

/* Oracles outside kshim (bounce data, alignment, leaks) report through here. */
void harness_bug(const std::string &what, const std::string &body)
{
	ReportBuilder rb;
	rb.kind = "KCTX";
	rb.header = "BUG: kctx: " + what;
	rb.body = body;
	rb.title_hint = rb.header;
	emit_report(rb);
}

} /* namespace kshim */
