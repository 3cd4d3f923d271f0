// SPDX-License-Identifier: GPL-2.0
/*
 * A report's name.  triage/ reads the kernel-format text as syzkaller
 * would; a report with no kernel header it knows (kctx's own "BUG: kctx:"
 * oracles) is named by its own first line, and its key by its frames.
 */
#include "reports.h"

#include "ops.h"

#include <triage/triage.h>

#include <set>
#include <unordered_map>

namespace kctx {

struct Name {
	std::string title, key;
};

const char kHarnessFrames[] = "^(kctx_|do_syscall_64$|entry_SYSCALL_64_after_hwframe$)";

/*
 * A title the text can only complete with a harness function (a lock taken
 * by kctx_mutex_lock, held when the task returned to user space) names the
 * kernel function that handler calls, from its row in ops.def.
 */
static void name_the_entry(triage::Title &t)
{
	if (t.guilty_func.rfind("kctx_", 0) != 0 || t.title.size() < t.guilty_func.size() ||
	    t.title.compare(t.title.size() - t.guilty_func.size(), std::string::npos, t.guilty_func))
		return;
	for (const OpInfo &op : kOpTable)
		if (t.guilty_func == op.handler && *op.entry) {
			std::string title = t.title.substr(0, t.title.size() - t.guilty_func.size()) + op.entry;
			if (t.key.rfind(t.title, 0) == 0)
				t.key = title + t.key.substr(t.title.size());
			t.title = title;
			t.guilty_func = op.entry;
			return;
		}
}

/*
 * Where syzkaller's rules find no frame in the text ("... in corrupted": an
 * RCU stall held up only by a sleeping task prints no interrupt frame for
 * them to start from), kshim still knows the trace it printed: the title
 * names its first kernel frame.  The one place kctx names a report
 * differently from syzkaller, so that no report is titled "corrupted".
 */
static void name_the_corrupted(triage::Title &t, const kshim::Report &r)
{
	static const std::string tail = " in corrupted";
	if (t.title.size() < tail.size() || t.title.compare(t.title.size() - tail.size(), std::string::npos, tail))
		return;
	for (const kshim::Frame *f : r.frames) {
		if (f->marker || f->func.rfind("kctx_", 0) == 0 || f->func == "dump_stack_lvl")
			continue;
		std::string title = t.title.substr(0, t.title.size() - std::string("corrupted").size()) + f->func;
		if (t.key.rfind(t.title, 0) == 0)
			t.key = title + t.key.substr(t.title.size());
		t.title = title;
		t.guilty_func = f->func;
		return;
	}
}

static Name name_of(const kshim::Report &r, const std::vector<std::string> &files, const char *harness)
{
	triage::Title t = triage::classify(r.text, triage::Options{ files, harness });
	if (*harness)
		name_the_entry(t);
	name_the_corrupted(t, r);
	Name n;
	n.title = t.found && !t.title.empty() ? t.title : r.title_hint.empty() ? r.header : r.title_hint;
	if (!r.title_hint.empty() && !t.found)
		n.title = r.title_hint;
	if (t.found) {
		n.key = t.key;
	} else {
		std::vector<std::pair<std::string, std::string>> frames;
		for (const kshim::Frame *f : r.frames)
			if (!f->marker || f->func == "</IRQ>")
				frames.emplace_back(f->func, f->file);
		n.key = triage::dedup_key(n.title, frames, files);
	}
	return n;
}

void name_reports(std::vector<kshim::Report> &reports, const std::vector<std::string> &files, const char *harness)
{
	/* A fuzzer meets the same report again and again: name each signature once. */
	static std::unordered_map<std::string, Name> names;
	std::set<std::string> keys;
	std::vector<kshim::Report> kept;
	for (kshim::Report &r : reports) {
		auto it = names.find(r.signature);
		if (it == names.end()) {
			if (names.size() > 4096)
				names.clear();
			it = names.emplace(r.signature, name_of(r, files, harness)).first;
		}
		r.title = it->second.title;
		r.key = it->second.key;
		if (keys.insert(r.key).second)
			kept.push_back(std::move(r));
	}
	reports = std::move(kept);
}

} /* namespace kctx */
