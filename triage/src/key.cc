// SPDX-License-Identifier: GPL-2.0
/*
 * kctx's side of a report: the frames of its first call trace with the
 * source file each names, and the de-duplication key built from the frames
 * in the files under test.  syzkaller has no counterpart: its title alone
 * merges different paths to one place.
 */
#include "parse.h"

#include <triage/triage.h>

#include <cctype>

namespace triage::detail {
namespace {

constexpr size_t npos = sv::npos;

bool at(sv s, size_t p, sv what)
{
	return p <= s.size() && s.substr(p, what.size()) == what;
}

bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Go's [0-9a-f]: lower case only. */
bool is_hex(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f');
}

bool is_ident(char c)
{
	return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

size_t skip_spaces(sv s, size_t p)
{
	while (p < s.size() && s[p] == ' ')
		p++;
	return p;
}

/* {{PC}} at p: "[<ffffffff81000000>]", "[<0x...>]" or "[ffff...]"; the end, or npos. */
size_t match_pc(sv l, size_t p)
{
	size_t n = l.size();

	if (p >= n || l[p] != '[')
		return npos;
	p++;
	if (p < n && l[p] == '<')
		p++;
	if (p + 2 < n && l[p] == '0' && l[p + 1] == 'x' && is_hex(l[p + 2]))
		p += 2;
	size_t q = p;
	while (q < n && is_hex(l[q]))
		q++;
	if (q == p)
		return npos;
	if (q < n && l[q] == '>')
		q++;
	if (q >= n || l[q] != ']')
		return npos;
	return q + 1;
}

/* Where a frame name may start: after two "{{PC}} " groups, one, or none (frameRes' order). */
std::vector<size_t> name_starts(sv l, size_t p)
{
	std::vector<size_t> pos{ p };
	for (int i = 0; i < 2; i++) {
		size_t q = match_pc(l, pos.back());
		if (q == npos || q >= l.size() || l[q] != ' ')
			break;
		pos.push_back(q + 1);
	}
	return { pos.rbegin(), pos.rend() };
}

/* "path/to/file.c:123" (maybe ":col" too): the path without "./", or "". */
std::string file_of(sv tok)
{
	size_t c = tok.find(':');
	if (c == npos || c == 0 || c + 1 >= tok.size() || !is_digit(tok[c + 1]))
		return "";
	sv path = tok.substr(0, c);
	if (path.find('.') == npos)
		return "";
	for (char ch : path)
		if (!is_ident(ch) && ch != '/' && ch != '.' && ch != '-')
			return "";
	while (at(path, 0, "./"))
		path.remove_prefix(2);
	return std::string(path);
}

/* The first "path:line" token after the frame's name. */
std::string frame_file(sv l, size_t from)
{
	size_t p = l.find(' ', from);
	while (p != npos) {
		p = skip_spaces(l, p);
		size_t e = l.find(' ', p);
		std::string f = file_of(l.substr(p, e == npos ? npos : e - p));
		if (!f.empty())
			return f;
		p = e;
	}
	return "";
}

/*
 * A frame line: "func+0x../0x.. [path:line]" as syzkaller's frameRes reads
 * it, or a symbolised inline frame, "func path:line [inline]", which
 * syzkaller never sees on a raw console.  The arm form names two frames.
 */
std::vector<std::pair<std::string, std::string>> parse_frame_line(sv l)
{
	size_t p = skip_spaces(l, 0);
	for (size_t s : name_starts(l, p)) {
		size_t e = s;
		while (e < l.size() && is_ident(l[e]))
			e++;
		if (e > s && e < l.size() && (l[e] == '.' || l[e] == '+'))
			return { { demangle(std::string(l.substr(s, e - s))), frame_file(l, e) } };
		e = s;
		while (e < l.size() && (is_ident(l[e]) || l[e] == '.'))
			e++;
		if (e > s && at(l, e, " ") && l.substr(e).find(" [inline]") != npos) {
			std::string f = frame_file(l, e);
			if (!f.empty())
				return { { demangle(std::string(l.substr(s, e - s))), f } };
		}
	}
	std::vector<std::pair<std::string, std::string>> out;
	for (const Regex *re : rules().stack.frame_res) {
		if (auto m = re->find(l)) {
			for (const auto &g : m->groups)
				if (g)
					out.emplace_back(demangle(std::string(*g)), "");
			break;
		}
	}
	return out;
}

bool is_oops_line(sv l)
{
	for (const Oops &o : rules().oopses)
		if (match_oops(l, o))
			return true;
	return false;
}

std::string normalize_file(sv f)
{
	while (at(f, 0, "./"))
		f.remove_prefix(2);
	return std::string(f);
}

} /* namespace */

std::vector<std::pair<std::string, std::string>> call_trace_frames(const std::vector<sv> &report)
{
	std::vector<std::pair<std::string, std::string>> frames;
	const Rules &r = rules();
	size_t i = 0;
	while (i < report.size() && !r.call_trace->search(report[i]))
		i++;
	for (i++; i < report.size(); i++) {
		sv l = report[i];
		if (r.stack.stack_start->search(l) || l.find("</TASK>") != npos || l.find("---[ end trace") != npos)
			break;
		if (is_oops_line(l))
			break;
		if (l.find("</IRQ>") != npos || l.find("</SOFTIRQ>") != npos || l.find("</NMI>") != npos)
			frames.emplace_back("</IRQ>", "");	/* the interrupted context starts below */
		for (auto &f : parse_frame_line(l))
			frames.push_back(std::move(f));
	}
	return frames;
}

} /* namespace triage::detail */

namespace triage {

std::string dedup_key(const std::string &title, const std::vector<std::pair<std::string, std::string>> &frames,
		      const std::vector<std::string> &files_under_test)
{
	std::vector<std::string> files;
	for (const std::string &f : files_under_test) {
		std::string n = detail::normalize_file(f);
		if (!n.empty())
			files.push_back(std::move(n));
	}
	auto under_test = [&](const std::string &file) {
		for (const std::string &f : files)
			if (file == f)
				return true;
		return false;
	};

	std::vector<std::string> in;	/* frames in the files under test, innermost first */
	for (const auto &[func, file] : frames) {
		if (func == "</IRQ>")
			break;	/* below is the interrupted context: not this report's path */
		if (under_test(file) && (in.empty() || in.back() != func))
			in.push_back(func);
	}
	if (in.empty())
		return title;
	if (in.size() == 1)
		return title + " [" + in[0] + "]";
	if (in.size() == 2)
		return title + " [" + in[0] + " via " + in[1] + "]";
	return title + " [" + in[0] + " from " + in[1] + " via " + in.back() + "]";
}

} /* namespace triage */
