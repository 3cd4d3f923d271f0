// SPDX-License-Identifier: GPL-2.0
/*
 * classify(): syzkaller's Linux Parse() for the title, then kctx's frames
 * and key.
 */
#include "parse.h"

#include <triage/triage.h>

#include <map>
#include <memory>
#include <mutex>

namespace triage {

Title classify(std::string_view text, const std::vector<std::string> &files_under_test)
{
	return classify(text, Options{ files_under_test, "" });
}

/* The harness patterns a process uses are few: each is compiled once. */
static const detail::Regex *harness_regex(const std::string &pattern)
{
	static std::mutex mu;
	static std::map<std::string, std::unique_ptr<detail::Regex>> cache;
	if (pattern.empty())
		return nullptr;
	std::lock_guard<std::mutex> lock(mu);
	auto &re = cache[pattern];
	if (!re)
		re = std::make_unique<detail::Regex>(pattern);
	return re.get();
}

Title classify(std::string_view text, const Options &options)
{
	using namespace detail;
	const std::vector<std::string> &files_under_test = options.files_under_test;
	const Regex *harness = harness_regex(options.harness_frames);
	Title t;

	std::vector<ConsoleLine> lines = split_console(text);
	FirstOops first = find_first_oops(text, lines);
	if (!first.oops)
		return t;

	ReportText report = find_report(text, lines, first.line);
	std::string title = extract_description(sv(report.text).substr(0, report.report_end), *first.oops, harness);
	if (title.empty()) {
		/* The header was not in the report's lines: the raw console from it to the last header. */
		size_t from = lines[first.line].begin;
		title = extract_description(text.substr(from, lines[report.end_line].next - from), *first.oops, harness);
	}

	t.found = true;
	t.title = normalize_title(std::move(title));
	t.type = title_to_type(t.title);
	t.guilty_func = title_frame(t.title);

	std::vector<std::pair<std::string, std::string>> frames = call_trace_frames(report.lines);
	for (const auto &f : frames)
		if (f.first != "</IRQ>")
			t.frames.push_back(f.first);
	t.key = dedup_key(t.title, frames, files_under_test);
	return t;
}

} /* namespace triage */
