// SPDX-License-Identifier: GPL-2.0
/*
 * Console lines: their printk prefixes and caller contexts, where the first
 * report starts, and which lines belong to it (linux.go: extractContext,
 * stripLinePrefix, findFirstOops, findReport).
 */
#include "parse.h"

namespace triage::detail {
namespace {

bool contains(sv s, sv what)
{
	return s.find(what) != sv::npos;
}

/* The console regexps of linux.go (ctorLinux and the package variables). */
struct ConsoleRes {
	Regex output{ R"re(^(?:\*\* [0-9]+ printk messages dropped \*\* )?)re"
		      R"re((?:.* login: )?(?:\<[0-9]+\>)?\[ *[0-9]+\.[0-9]+\](\[ *(?:C|T)[0-9]+\])? )re" };
	Regex cpu_context{ R"re(\[ *C[0-9]+\])re" };
	Regex questionable_frame{ R"re((\[\<[0-9a-f]+\>\])? \? )re" };
	Regex replay{ R"re(^\n[^\n]*\*\* replaying previous printk message \*\*)re" };
	/* reportStartIgnores: these do not start a new report */
	PatternList report_start_ignores{ {
		"invalid opcode: 0000",
		"Kernel panic - not syncing",
		"unregister_netdevice: waiting for",
		/* a double fault can come from a paging fault on corrupted memory */
		"PANIC: double fault",
		"Internal error:",
	} };
};

const ConsoleRes &res()
{
	static const ConsoleRes r;
	return r;
}

/* infoMessagesWithStack: not bugs, but a stack inside a report corrupts it */
const sv info_messages_with_stack[] = {
	"vmalloc: allocation failure:",
	"FAULT_INJECTION: forcing a failure",
	"FAULT_FLAG_ALLOW_RETRY missing",
};

const std::string console_context = "console";

/* Does the line hold a "[ 12.345]" timestamp?  The console prefix needs one. */
bool has_timestamp(sv l)
{
	auto digits = [&](size_t p) {
		size_t q = p;
		while (q < l.size() && l[q] >= '0' && l[q] <= '9')
			q++;
		return q;
	};
	for (size_t p = l.find('['); p != sv::npos; p = l.find('[', p + 1)) {
		size_t q = p + 1;
		while (q < l.size() && l[q] == ' ')
			q++;
		size_t r = digits(q);
		if (r == q || r >= l.size() || l[r] != '.')
			continue;
		size_t e = digits(r + 1);
		if (e > r + 1 && e < l.size() && l[e] == ']')
			return true;
	}
	return false;
}

std::string extract_context(sv line)
{
	if (!has_timestamp(line))	/* cheaper than the regexp, which needs one */
		return "";
	auto m = res().output.find(line);
	if (!m)
		return "";
	if (!m->groups[0])
		return console_context;
	return std::string(*m->groups[0]);
}

/* With useQuestionable unset, as Parse() calls it. */
sv strip_line_prefix(sv line, const std::string &context, bool *questionable)
{
	*questionable = false;
	if (context.empty())
		return line;
	line = line.substr(line.find("] ") + 2);
	if (!contains(line, "<EOI>")) {
		/* x86_64 prefix */
		if (contains(line, " ? ") && res().questionable_frame.search(line)) {
			*questionable = true;
			return line.substr(line.find(" ? ") + 2);
		}
		/* PowerPC suffix */
		constexpr sv unreliable = " (unreliable)";
		if (line.size() >= unreliable.size() && line.substr(line.size() - unreliable.size()) == unreliable) {
			*questionable = true;
			return line.substr(0, line.size() - unreliable.size());
		}
	}
	return line;
}

/* The header line was cut short and printk prints it again on the next line. */
bool truncated_by_replay(sv text, const ConsoleLine &l)
{
	if (l.next >= text.size())
		return false;
	sv rest = text.substr(l.next);
	sv next_line = rest.substr(0, rest.find('\n', 1));
	if (!contains(next_line, "** replaying previous printk message **"))
		return false;	/* the regexp needs it: no need to run it */
	return res().replay.search(rest);
}

} /* namespace */

std::vector<ConsoleLine> split_console(sv text)
{
	std::vector<ConsoleLine> out;
	for (size_t p = 0; p < text.size();) {
		size_t e = text.find('\n', p);
		if (e == sv::npos)
			e = text.size();
		ConsoleLine l;
		l.raw = text.substr(p, e - p);
		/* CRLF consoles: the '\r' is not part of the line */
		if (!l.raw.empty() && l.raw.back() == '\r')
			l.raw.remove_suffix(1);
		l.begin = p;
		l.next = e;
		l.context = extract_context(l.raw);
		l.text = strip_line_prefix(l.raw, l.context, &l.questionable);
		out.push_back(std::move(l));
		p = e + 1;
	}
	return out;
}

bool match_oops(sv line, const Oops &oops)
{
	return contains(line, oops.header) && !oops.suppressions->search(line);
}

FirstOops find_first_oops(sv text, const std::vector<ConsoleLine> &lines)
{
	for (size_t i = 0; i < lines.size(); i++)
		for (const Oops &o : rules().oopses)
			if (match_oops(lines[i].raw, o) && !truncated_by_replay(text, lines[i]))
				return { &o, i };
	return {};
}

ReportText find_report(sv text, const std::vector<ConsoleLine> &lines, size_t start)
{
	const std::string &context = lines[start].context;
	/* KMSAN reports have no "Call Trace" and fewer lines before the panic */
	size_t min_lines = contains(lines[start].raw, "BUG: KMSAN:") ? 16 : 22;
	bool second_report = false, skip_text = false, cpu_traceback = false;
	size_t text_lines = 0;
	ReportText r;

	r.end_line = start;
	for (size_t i = start; i < lines.size(); i++) {
		const ConsoleLine &l = lines[i];
		bool oops_line = i == start;

		for (const Oops &o : rules().oopses) {
			if (!match_oops(l.raw, o))
				continue;
			if (truncated_by_replay(text, l))
				continue;
			r.end_line = i;
			if (!oops_line && !second_report && !res().report_start_ignores.search(l.raw))
				second_report = true;
		}
		if (!oops_line && !second_report)
			for (sv info : info_messages_with_stack)
				second_report = second_report || contains(l.raw, info);

		if (!oops_line && (l.questionable ||
				   (l.context != context && (!cpu_traceback || !res().cpu_context.search(l.context)))))
			continue;
		text_lines++;
		bool skip_line = skip_text;
		if (contains(l.raw, "Disabling lock debugging due to kernel taint")) {
			skip_line = true;
		} else if (contains(l.raw, "Sending NMI from CPU")) {
			/* a backtrace of all CPUs: keep the other CPUs' lines from here on */
			cpu_traceback = true;
		} else if ((contains(l.raw, "Kernel panic - not syncing") ||
			    contains(l.raw, "WARNING: possible circular locking dependency detected")) &&
			   text_lines > min_lines) {
			/*
			 * The panic_on_warn tail, or a lockdep report the oops
			 * itself caused: the report proper is long enough already.
			 */
			skip_text = true;
			skip_line = true;
		}
		if (!oops_line && skip_line)
			continue;
		r.text.append(l.text);
		r.text += '\n';
		if (!second_report || (!context.empty() && context != console_context))
			r.report_end = r.text.size();
	}
	for (size_t p = 0; p < r.text.size();) {
		size_t e = r.text.find('\n', p);
		r.lines.push_back(sv(r.text).substr(p, e - p));
		p = e + 1;
	}
	return r;
}

} /* namespace triage::detail */
