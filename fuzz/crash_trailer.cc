// SPDX-License-Identifier: GPL-2.0
/*
 * The ClusterFuzz trailer and the known-report list (crash_trailer.h).
 *
 * ClusterFuzz's stack analyzer (google/clusterfuzz, src/clusterfuzz/
 * stacktraces) does not read a kernel report that precedes libFuzzer's or
 * ASan's abort output: without help every kctx report is "Abrt" or
 * "Fatal-signal" with the abort's frames.  The trailer is written in forms
 * that analyzer reads (docs/clusterfuzz.md has the rules and the proof):
 *
 *   Kernel panic - not syncing: TITLE     crash type "Kernel failure\nTITLE"
 *                                         (spaces become '-'); the analyzer
 *                                         resets its state there and keeps
 *                                         the type through ASan's ABRT line
 *   kernel BUG at TITLE                   the same for a KASAN report: the
 *                                         analyzer skips the panic line in
 *                                         any log that mentions KASAN
 *       #0 0x0 in FUNC linux/FILE:LINE    one line per key frame: its crash
 *                                         state, and the frame ClusterFuzz-
 *                                         Lite's SARIF names (FILE:LINE)
 *   ... MiraclePtr Status: PROTECTED      not a security bug (a context bug)
 *   ... FuzzerSecurityIssueHigh           a security bug (a memory error)
 *   ... located in stack of thread ...    no further frame joins the state
 */
#include "crash_trailer.h"

#include <cstdio>
#include <fstream>
#include <sstream>

namespace kctx {

std::vector<std::string> key_frames(const std::string &key)
{
	std::vector<std::string> out;
	if (key.empty() || key.back() != ']')
		return out;
	size_t open = key.rfind(" [");
	if (open == std::string::npos)
		return out;
	std::string in = key.substr(open + 2, key.size() - open - 3);
	size_t at = 0;
	while (true) {
		size_t from = in.find(" from ", at), via = in.find(" via ", at);
		size_t next = std::min(from, via);
		out.push_back(in.substr(at, next == std::string::npos ? std::string::npos : next - at));
		if (next == std::string::npos)
			break;
		at = next + (next == from ? 6 : 5);
	}
	return out;
}

static bool harness_frame(const kshim::Frame &f)
{
	return f.marker || f.func == "dump_stack_lvl" || f.func.rfind("kctx_", 0) == 0 || f.func == "do_syscall_64" ||
	       f.func == "entry_SYSCALL_64_after_hwframe";
}

/* A report whose key names no frame: the title's function and its callers. */
static std::vector<const kshim::Frame *> fallback_frames(const kshim::Report &r)
{
	std::vector<const kshim::Frame *> all;
	for (const kshim::Frame *f : r.frames)
		if (!harness_frame(*f))
			all.push_back(f);
	size_t start = 0;
	size_t in = r.title.rfind(" in ");
	if (in != std::string::npos) {
		std::string guilty = r.title.substr(in + 4);
		for (size_t i = 0; i < all.size(); i++)
			if (all[i]->func == guilty) {
				start = i;
				break;
			}
	}
	std::vector<const kshim::Frame *> out;
	for (size_t i = start; i < all.size() && out.size() < 3; i++)
		out.push_back(all[i]);
	return out;
}

std::string crash_trailer(const kshim::Report &r)
{
	bool memory = r.kind == "KASAN";
	std::string t = "kctx: ClusterFuzz trailer (the report above, in its stack analyzer's forms)\n";
	t += (memory ? "kernel BUG at " : "Kernel panic - not syncing: ") + r.title + "\n";
	std::vector<std::string> names = key_frames(r.key);
	unsigned i = 0;
	auto line = [&](const kshim::Frame &f) {
		char buf[64];
		snprintf(buf, sizeof(buf), "    #%u 0x0 in ", i++);
		t += buf + f.func;
		if (!f.file.empty() && f.line)
			t += " linux/" + f.file + ":" + std::to_string(f.line);
		t += "\n";
	};
	if (names.empty()) {
		for (const kshim::Frame *f : fallback_frames(r))
			line(*f);
	} else {
		for (const std::string &n : names) {
			kshim::Frame f;
			f.func = n;
			for (const kshim::Frame *g : r.frames)
				if (!g->marker && g->func == n) {
					f = *g;
					break;
				}
			line(f);
		}
	}
	if (memory)
		t += "kctx: security: yes, a memory error in kernel code (FuzzerSecurityIssueHigh)\n";
	else
		t += "kctx: security: no, a context bug, not memory corruption; MiraclePtr Status: PROTECTED\n";
	t += "kctx: end of trailer: frames below are located in stack of thread T0 of the fuzz target, not the kernel\n";
	return t;
}

bool Suppressions::load(const std::string &path, std::string *err)
{
	std::ifstream f(path);
	if (!f) {
		*err = "cannot read " + path;
		return false;
	}
	std::string line;
	while (std::getline(f, line)) {
		while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
			line.pop_back();
		size_t s = line.find_first_not_of(" \t");
		if (s == std::string::npos || line[s] == '#')
			continue;
		line = line.substr(s);
		if (line.rfind("trace:", 0) == 0) {
			std::vector<std::string> fns;
			std::istringstream words(line.substr(6));
			for (std::string w; words >> w;)
				fns.push_back(w);
			if (fns.empty()) {
				*err = path + ": a trace: line names no function";
				return false;
			}
			traces_.push_back(std::move(fns));
			continue;
		}
		known_.insert(line);
	}
	source_ = path;
	return true;
}

/*
 * A key is known when listed.  A context bug is also known when its trace
 * passes through every function of a "trace:" line: the same bug seen by
 * another detector, on another platform or under another atomic section
 * (a sleep, lockdep, an RCU warning, the oops after it) has another key
 * but is not news.  A memory error is known only by its key.
 */
bool Suppressions::known(const kshim::Report &r) const
{
	if (known_.count(r.key))
		return true;
	if (r.kind == "KASAN")
		return false;
	for (const std::vector<std::string> &fns : traces_) {
		bool all = true;
		for (const std::string &fn : fns) {
			bool found = false;
			for (const kshim::Frame *f : r.frames)
				if (!f->marker && f->func == fn) {
					found = true;
					break;
				}
			if (!(all = found))
				break;
		}
		if (all)
			return true;
	}
	return false;
}

void Suppressions::count(const kshim::Report &r)
{
	if (++counts_[r.key] == 1) {
		fprintf(stderr, "kctx: suppressed known report: %s (first of its key; the rest are counted)\n",
			r.key.c_str());
		fflush(stderr);
	}
}

void Suppressions::print_counts() const
{
	for (const auto &c : counts_)
		fprintf(stderr, "kctx: suppressed known report: %s: %lu times\n", c.first.c_str(), c.second);
}

} /* namespace kctx */
