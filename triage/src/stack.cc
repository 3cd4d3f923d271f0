// SPDX-License-Identifier: GPL-2.0
/*
 * The guilty frame of a report (report.go: extractStackFrame): walk the
 * stack format's parts over the report's lines, collect the frames that are
 * not infrastructure, and let the format's extractor pick one.
 */
#include "parse.h"

namespace triage::detail {
namespace {

bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

class StackWalk {
public:
	StackWalk(const StackFmt &st, const Regex *harness) : st_(st), params_(rules().stack), harness_(harness) {}

	/* One pass over `parts`; a part matches on the first line it can. */
	bool run(const std::vector<const Regex *> &parts, const std::vector<sv> &lines,
		 std::vector<ExtractedFrame> *results) const
	{
		std::vector<std::string> raw;
		Entry entry;
		size_t li = 0;
		bool ok = true;
		int stack_traces = 0;
		/*
		 * Parts that saw only the harness's frames (a lock's "at:" line
		 * in a harness function) name what another part found the
		 * harness calling.
		 */
		std::vector<size_t> harness_only;
		ExtractedFrame called;

		for (size_t pi = 0;; pi++) {
			if (pi == parts.size() || (parts[pi] == nullptr && stack_traces > 0)) {
				ExtractedFrame key = pick(raw);
				if (!entry.called.empty() && called.canonical.empty())
					called = { strip_frame(entry.called), entry.called };
				if (key.canonical.empty() && !entry.called.empty())
					key = { strip_frame(entry.called), entry.called };
				if (key.canonical.empty() && entry.seen)
					harness_only.push_back(results->size());
				else if (key.canonical.empty()) {
					key = { "corrupted", "corrupted" };
					ok = false;
				}
				results->push_back(std::move(key));
				raw.clear();
				entry = Entry();
			}
			if (pi == parts.size()) {
				for (size_t i : harness_only) {
					(*results)[i] = called.canonical.empty() ? ExtractedFrame{ "corrupted", "corrupted" }
										  : called;
					ok &= !called.canonical.empty();
				}
				break;
			}
			const Regex *part = parts[pi];
			if (part == nullptr) {
				/* parseStackTrace: frames until the next stack starts */
				stack_traces++;
				while (li < lines.size()) {
					sv ln = lines[li++];
					if (params_.corrupted_lines->search(ln)) {
						ok = false;
						break;
					}
					if (params_.stack_start->search(ln))
						break;
					if (pi + 1 != parts.size() && parts[pi + 1]) {
						if (auto m = parts[pi + 1]->find(ln)) {
							append(&raw, &entry, *m);
							pi++;
							break;
						}
					}
					for (const Regex *re : params_.frame_res) {
						if (auto m = re->find(ln)) {
							append(&raw, &entry, *m);
							break;
						}
					}
				}
			} else {
				while (li < lines.size()) {
					sv ln = lines[li++];
					if (params_.corrupted_lines->search(ln)) {
						ok = false;
						break;
					}
					if (auto m = part->find(ln)) {
						append(&raw, &entry, *m);
						break;
					}
				}
			}
		}
		return ok;
	}

private:
	const StackFmt &st_;
	const StackParams &params_;
	const Regex *harness_;

	/* The kernel function the innermost harness frame called: the title's last resort. */
	struct Entry {
		std::string last, called;
		bool seen = false;
	};

	bool skipped(const std::string &frame) const
	{
		return params_.skip->search(frame) || (st_.skip && st_.skip->search(frame));
	}

	/* appendStackFrame: every group the match captured is a frame; a harness's frames never are */
	void append(std::vector<std::string> *raw, Entry *entry, const Match &m) const
	{
		for (const auto &g : m.groups) {
			if (!g)
				continue;
			std::string frame = demangle(std::string(*g));
			if (harness_ && harness_->search(frame)) {
				/* the first harness frame with a kernel frame right above it */
				if (entry->called.empty())
					entry->called = entry->last;
				entry->last.clear();
				entry->seen = true;
				continue;
			}
			entry->last = frame;
			if (!skipped(frame))
				raw->push_back(std::move(frame));
		}
	}

	/* Syscall wrappers differ per arch: the shortest stripped form. */
	std::string strip_frame(const std::string &frame) const
	{
		std::string best = frame;
		for (const std::string &p : params_.strip_frame_prefixes)
			if (frame.rfind(p, 0) == 0 && frame.size() - p.size() < best.size())
				best = frame.substr(p.size());
		return best;
	}

	ExtractedFrame pick(const std::vector<std::string> &raw) const
	{
		if (raw.empty())
			return {};
		std::vector<std::string> stripped;
		for (const std::string &f : raw)
			stripped.push_back(strip_frame(f));
		if (st_.extractor == Extractor::first)
			return { stripped[0], raw[0] };
		auto [frame, idx] = st_.extractor == Extractor::stall ? stall_frame_extractor(stripped)
								     : hang_task_frame_extractor(stripped);
		if (frame.empty())
			return {};
		return { frame, raw[idx] };
	}
};

} /* namespace */

bool extract_stack_frame(const StackFmt &stack, sv text, std::vector<ExtractedFrame> *frames, const Regex *harness)
{
	std::vector<sv> lines;
	for (size_t p = 0;;) {
		size_t e = text.find('\n', p);
		lines.push_back(text.substr(p, e == sv::npos ? sv::npos : e - p));
		if (e == sv::npos)
			break;
		p = e + 1;
	}
	StackWalk walk(stack, harness);
	frames->clear();
	bool ok = walk.run(stack.parts, lines, frames);
	if (ok || stack.parts2.empty())
		return ok;
	frames->clear();
	return walk.run(stack.parts2, lines, frames);
}

std::string demangle(const std::string &s)
{
	/*
	 * Only what kernel C++ frames need: "_Z" then a plain or nested
	 * name, the parameters dropped.  Anything else is left as it is.
	 */
	if (s.size() < 3 || s[0] != '_' || s[1] != 'Z')
		return s;
	size_t p = 2;
	auto source_name = [&](std::string *out) {
		size_t q = p;
		while (q < s.size() && is_digit(s[q]))
			q++;
		if (q == p || q - p > 9)
			return false;
		size_t len = std::stoul(s.substr(p, q - p));
		if (len == 0 || q + len > s.size())
			return false;
		*out = s.substr(q, len);
		p = q + len;
		return true;
	};
	if (s[p] == 'L')
		p++;
	std::string name;
	if (p < s.size() && s[p] == 'N') {
		p++;
		while (p < s.size() && (s[p] == 'r' || s[p] == 'V' || s[p] == 'K'))
			p++;
		while (p < s.size() && s[p] != 'E') {
			std::string part;
			if (!source_name(&part))
				return s;
			name += (name.empty() ? "" : "::") + part;
		}
		if (p >= s.size() || name.empty())
			return s;
		return name;
	}
	if (!source_name(&name))
		return s;
	return name;
}

} /* namespace triage::detail */
