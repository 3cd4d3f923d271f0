// SPDX-License-Identifier: GPL-2.0
/*
 * From a report to its title: pick the oops format whose title matches
 * earliest, fill its format string with the captures and the guilty frames
 * (report.go: extractDescription), then replace what changes from run to run
 * and trim (report.go: dynamicTitleReplacement, sanitizeTitle).
 */
#include "parse.h"

namespace triage::detail {

std::string go_sprintf(sv fmt, const std::vector<std::string> &args)
{
	std::string out;
	bool reordered = false;
	size_t next_arg = 0;
	for (size_t i = 0; i < fmt.size(); i++) {
		if (fmt[i] != '%' || i + 1 >= fmt.size()) {
			out += fmt[i];
			continue;
		}
		size_t j = i + 1;
		size_t n = next_arg;
		if (fmt[j] == '[') {
			size_t k = j + 1;
			while (k < fmt.size() && fmt[k] >= '0' && fmt[k] <= '9')
				k++;
			if (k == j + 1 || k >= fmt.size() || fmt[k] != ']') {
				out += "%!(BADINDEX)";
				i = k < fmt.size() ? k : fmt.size() - 1;
				continue;
			}
			n = std::stoul(std::string(fmt.substr(j + 1, k - j - 1))) - 1;
			reordered = true;
			j = k + 1;
		}
		if (j >= fmt.size()) {
			out += "%!(NOVERB)";
			break;
		}
		char verb = fmt[j];
		if (verb == '%') {
			out += '%';
		} else if (n >= args.size()) {
			out += reordered ? std::string("%!") + verb + "(BADINDEX)" : std::string("%!") + verb + "(MISSING)";
		} else {
			/* %v and %s print a string as it is */
			out += args[n];
			next_arg = n + 1;
		}
		i = j;
	}
	if (!reordered && next_arg < args.size()) {
		out += "%!(EXTRA ";
		for (size_t a = next_arg; a < args.size(); a++)
			out += (a > next_arg ? ", string=" : "string=") + args[a];
		out += ")";
	}
	return out;
}

std::string extract_description(sv report, const Oops &oops, const Regex *harness)
{
	size_t start = report.size();
	std::string desc;

	for (const OopsFormat &f : oops.formats) {
		auto m = f.title->find(report);
		if (!m || m->begin > start)
			continue;
		if (m->begin == start && !desc.empty())
			continue;
		if (m->begin < start) {
			desc.clear();
			start = m->begin;
		}
		if (f.report) {
			m = f.report->find(report);
			if (!m)
				continue;	/* the title matched, the report did not: corrupted */
		}
		std::vector<std::string> args;
		for (const auto &g : m->groups)
			args.push_back(g ? std::string(*g) : "");
		if (f.stack) {
			std::vector<ExtractedFrame> frames;
			extract_stack_frame(*f.stack, report.substr(m->begin), &frames, harness);
			for (const ExtractedFrame &x : frames)
				args.push_back(x.canonical);
		}
		desc = go_sprintf(f.fmt, args);
	}
	if (desc.empty()) {
		/* No format fits: the header's line names the report. */
		size_t p = report.find(oops.header);
		if (p == sv::npos)
			return "";
		size_t e = report.find('\n', p);
		return std::string(report.substr(p, e == sv::npos ? sv::npos : e - p));
	}
	return desc;
}

namespace {

/* What a title must hold for a replacement to apply: it spares compiling the rest. */
enum class Holds { anything, digit, hex_run };

struct Replacement {
	Regex match;
	const char *with;	/* RE2 rewrite: \1 is Go's ${1} */
	Holds holds;
};

bool holds(const std::string &t, Holds h)
{
	size_t run = 0;
	for (char c : t) {
		bool digit = c >= '0' && c <= '9';
		if (h == Holds::digit && digit)
			return true;
		run = digit || (c >= 'a' && c <= 'f') ? run + 1 : 0;
		if (h == Holds::hex_run && run >= 6)
			return true;
	}
	return h == Holds::anything;
}

/*
 * A title is at most 120 bytes, and a corrupted console can put a whole
 * megabyte on the header's line: only this much of it is worth replacing.
 */
constexpr size_t max_raw_title = 4096;

} /* namespace */

std::string normalize_title(std::string title)
{
	/* dynamicTitleReplacement; the last column is what a match needs */
	static const Replacement table[] = {
		/* executor PIDs */
		{ Regex(R"re(syz-executor\.?[0-9]+((/|:)[0-9]+)?)re"), "syz-executor", Holds::anything },
		{ Regex(R"re(syzkaller[0-9]+((/|:)[0-9]+)?)re"), "syzkaller", Holds::anything },
		/* anything that looks like an address */
		{ Regex(R"re(([^a-zA-Z0-9])(?:0x)?[0-9a-f]{6,})re"), "\\1ADDR", Holds::hex_run },
		/* IP addresses */
		{ Regex(R"re(([0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}))re"), "IP", Holds::digit },
		/* file line numbers */
		{ Regex(R"re((\.\w+)(:[0-9]+)+)re"), "\\1:LINE", Holds::digit },
		/* "func+0x1052/0x2d80": offsets and sizes are not stable */
		{ Regex(R"re(([a-zA-Z][a-zA-Z0-9_.]+)\+0x[0-9a-z]+/0x[0-9a-z]+)re"), "\\1", Holds::digit },
		/* CPU numbers */
		{ Regex(R"re(CPU#[0-9]+)re"), "CPU", Holds::digit },
		/* other decimal numbers; matches may overlap ("0,1,2"), hence the repeats */
		{ Regex(R"re((\W)(\d+)(\W|$))re"), "\\1NUM\\3", Holds::digit },
		/* numbers in names stay (cfg80211), unless they are too long for a name */
		{ Regex(R"re((\d+){7,})re"), "NUM", Holds::digit },
	};

	if (title.size() > max_raw_title)
		title.resize(max_raw_title);
	for (const Replacement &r : table) {
		if (!holds(title, r.holds))
			continue;	/* this row cannot match: spare compiling it */
		for (;;) {
			std::string n = replace_all(r.match, title, r.with);
			if (n == title)
				break;
			title = std::move(n);
		}
	}

	/* sanitizeTitle */
	const size_t max_title_len = 120;
	std::string res;
	char prev = ' ';
	for (size_t i = 0; i < title.size() && i < max_title_len; i++) {
		char ch = title[i];
		unsigned char u = static_cast<unsigned char>(ch);
		if (ch == '\t')
			ch = ' ';
		else if (u < 0x20 || u >= 0x7f)
			continue;
		if (ch == ' ' && prev == ' ')
			continue;
		res += ch;
		prev = ch;
	}
	size_t b = res.find_first_not_of(' ');
	if (b == std::string::npos)
		return "";
	return res.substr(b, res.find_last_not_of(' ') - b + 1);
}

std::string title_frame(const std::string &title)
{
	static const Regex report_frame(R"re(.* in ((?:<[a-zA-Z0-9_: ]+>)?[a-zA-Z0-9_:]+))re");
	auto m = report_frame.find(title);
	if (!m || !m->groups[0])
		return "";
	return std::string(*m->groups[0]);
}

} /* namespace triage::detail */
