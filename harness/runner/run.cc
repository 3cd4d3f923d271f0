// SPDX-License-Identifier: GPL-2.0
/*
 * run: scenarios (or fuzz inputs) through the executor, reports in kernel
 * format, expectations checked, every run repeated and compared when asked;
 * replay: fuzz inputs, one JSON line each, for de-duplication and series.
 */
#include "reports.h"
#include "runner.h"

#include <fmt/format.h>

#include <cstdio>
#include <sstream>

#include <unistd.h>

namespace kctx::runner {

/* Expectations: the difference, one line each; empty when all hold. */
static std::vector<std::string> check_expectations(const Program &p, const RunResult &r)
{
	std::vector<std::string> diff;
	for (const Expect &e : p.expects) {
		std::string loc = fmt::format("{}:{}", p.file, e.line);
		switch (e.kind) {
		case Expect::clean:
			for (const kshim::Report &rep : r.reports)
				diff.push_back(fmt::format("{}: expected clean, got report \"{}\"", loc, rep.title));
			break;
		case Expect::report: {
			bool found = false;
			for (const kshim::Report &rep : r.reports)
				found |= starts(rep.title, e.text) || starts(rep.key, e.text);
			if (!found) {
				std::string got;
				for (const kshim::Report &rep : r.reports)
					got += fmt::format(" \"{}\"", rep.title);
				diff.push_back(fmt::format("{}: expected report \"{}\", got{}", loc, e.text,
							   got.empty() ? " no report" : got));
			}
			break;
		}
		case Expect::no_report:
			for (const kshim::Report &rep : r.reports)
				if (starts(rep.title, e.text) || starts(rep.key, e.text))
					diff.push_back(fmt::format("{}: expected no report \"{}\", got \"{}\"", loc, e.text,
								   rep.title));
			break;
		case Expect::frame: {
			bool found = false;
			for (const kshim::Report &rep : r.reports)
				for (const kshim::Frame &f : rep.frames)
					found |= f.func == e.text;
			if (!found)
				diff.push_back(fmt::format("{}: expected a report with frame {}, none has it", loc, e.text));
			break;
		}
		}
	}
	return diff;
}

/* Everything a run shows: the same program must show it the same way every time. */
static std::string run_fingerprint(const RunResult &r)
{
	std::string s = r.console;
	for (const kshim::Report &rep : r.reports)
		s += rep.key + "\n" + rep.text;
	for (const std::string &l : r.trace)
		s += l + "\n";
	return s;
}

/*
 * A memory error ends the process inside ASan.  Its death callback still
 * names the error the way kctx names reports ("AddressSanitizer:
 * <what> in <function>") and checks the scenario's expectations against it,
 * so that a reproducer of a memory bug can say what it expects.
 */
static const Program *running;
static bool running_check, running_trace, running_json;

#ifdef KCTX_ASAN_DEATH

static void asan_death()
{
	if (!running || !__asan_report_present())
		return;
	if (!running_json) {
		/* what the run reported before it died: execute() never returns to print it */
		std::vector<kshim::Report> reps = kshim::reports();
		name_reports(reps, variant().under_test);
		for (const kshim::Report &r : reps)
			fputs(r.text.c_str(), stdout);
	}
	std::string title = asan_title();
	if (running_trace) {
		printf("--- decision trace (%s) ---\n", running->file.c_str());
		for (const std::string &l : kshim::trace_lines())
			printf("%s\n", l.c_str());
		fflush(stdout);
	}
	fprintf(stderr, "kctx: %s: report: %s\n", running->file.c_str(), title.c_str());
	if (!running_check)
		_exit(1);
	bool ok = true;
	for (const Expect &e : running->expects) {
		bool hit = starts(title, e.text);
		if ((e.kind == Expect::report && !hit) || (e.kind == Expect::no_report && hit) || e.kind == Expect::clean) {
			printf("%s:%d: expectation not met: the run ended in \"%s\"\n", running->file.c_str(), e.line,
			       title.c_str());
			ok = false;
		}
	}
	if (ok)
		fprintf(stderr, "kctx: %s: expectations met\n", running->file.c_str());
	fflush(stdout);
	fflush(stderr);
	_exit(ok ? 0 : 1);
}
#endif

int cmd_run(const std::vector<std::string> &files, bool as_json, bool trace, bool check, int64_t seed,
		   const Pins &pins, bool inputs, int repeat)
{
#ifdef KCTX_ASAN_DEATH
	__asan_set_death_callback(asan_death);
#endif
	running_check = check;
	running_trace = trace;
	running_json = as_json;
	int status = 0;
	bool check_failed = false;
	json out = json::array();
	std::vector<Program> progs;
	for (const std::string &f : files)
		progs.push_back(inputs ? load_any(f, pins) : load_scenario(f));
	if (seed >= 0) {
		for (Program &p : progs) {	/* --seed replaces the programs' own choices */
			p.has_seed = true;
			p.seed = (uint64_t)seed;
			p.choices.clear();
		}
	}
#ifdef KCTX_ASAN_DEATH
	/*
	 * A memory error ends the process, so the in-process repeats below never
	 * see it twice: first the runs go, one per child, and must end alike
	 * (the first report and every choice taken).
	 */
	if (repeat > 1) {
		for (Program &p : progs) {
			Verdict first = run_isolated(p, true);
			for (int i = 1; i < repeat; i++) {
				Verdict again = run_isolated(p, true);
				if (again.title != first.title || again.key != first.key || again.choices != first.choices) {
					printf("%s: not deterministic: run 1 ended in \"%s\" after %zu choices, run %d in \"%s\" after %zu\n",
					       p.file.c_str(), first.title.c_str(), first.choices.size(), i + 1,
					       again.title.c_str(), again.choices.size());
					return 1;
				}
			}
		}
	}
#endif
	for (Program &p : progs) {
		RunOptions o;
		o.trace = trace || repeat > 1;
		o.print = !as_json;
		running = &p;
		RunResult r = execute(p, o);
		std::vector<std::string> diff;
		for (int i = 1; i < repeat; i++) {
			RunOptions q = o;
			q.print = false;
			std::string a = run_fingerprint(r), b = run_fingerprint(execute(p, q));
			if (a != b) {
				/* name the first line that differs: that is where to look */
				std::istringstream sa(a), sb(b);
				std::string la, lb;
				while (std::getline(sa, la) && std::getline(sb, lb) && la == lb)
					;
				diff.push_back(fmt::format("{}:1: run {} of {} differs from the first: not deterministic "
							   "(first: \"{}\", then: \"{}\")", p.file, i + 1, repeat, la, lb));
				break;
			}
		}
		if (!trace)
			r.trace.clear();
		for (const std::string &n : r.notes)
			fprintf(stderr, "kctx: %s\n", n.c_str());
		if (trace && !as_json) {
			printf("--- decision trace (%s) ---\n", p.file.c_str());
			for (const std::string &l : r.trace)
				printf("%s\n", l.c_str());
		}
		if (!r.reports.empty())
			status = std::max(status, 1);
		if (check) {
			if (p.expects.empty())
				diff.push_back(p.file + ":1: the scenario states no expectation");
			for (const std::string &d : check_expectations(p, r))
				diff.push_back(d);
		}
		if (as_json) {
			json j = { { "file", p.file }, { "kernel", variant().kernel_version }, { "oops", r.oops },
				   { "hung", r.hung }, { "notes", r.notes } };
			json reps = json::array();
			for (const kshim::Report &rep : r.reports)
				reps.push_back(report_json(rep));
			j["reports"] = reps;
			if (check || repeat > 1)
				j["check"] = { { "ok", diff.empty() }, { "diff", diff } };
			if (trace)
				j["trace"] = r.trace;
			out.push_back(j);
		} else {
			for (const kshim::Report &rep : r.reports)
				fprintf(stderr, "kctx: %s: report: %s\n", p.file.c_str(), rep.title.c_str());
			for (const std::string &d : diff)
				printf("%s\n", d.c_str());
			if (check && diff.empty())
				fprintf(stderr, "kctx: %s: expectations met\n", p.file.c_str());
		}
		check_failed |= !diff.empty();
	}
	/* with --check (or --repeat) the status says whether every file met its expectations */
	if (check || repeat > 1)
		status = check_failed ? 1 : 0;
	if (as_json)
		printf("%s\n", out.dump(1).c_str());
	return status;
}

/* One replayed input, one JSON line: what dedup and the series tool read. */
static void print_replay_line(const std::string &file, bool oops, const json &reports)
{
	json j = { { "file", file }, { "oops", oops }, { "reports", reports } };
	printf("%s\n", j.dump().c_str());
	fflush(stdout);
}

static json replay_report(const std::string &title, const std::string &key, const std::string &kind, bool injected)
{
	return { { "title", title }, { "key", key }, { "kind", kind }, { "injected", injected } };
}

#ifdef KCTX_ASAN_DEATH
/* A memory error ends the replay: the dying input's line still goes out, so the caller goes on after it. */
static const std::string *replaying;

static void asan_death_in_replay()
{
	if (replaying && __asan_report_present()) {
		std::string t = asan_title();
		print_replay_line(*replaying, false, json::array({ replay_report(t, t, "asan", false) }));
	}
}
#endif

/* Replay fuzz inputs (or scenarios), one line each. */
int cmd_replay(const std::vector<std::string> &files, const Pins &pins)
{
#ifdef KCTX_ASAN_DEATH
	__asan_set_death_callback(asan_death_in_replay);
#endif
	for (const std::string &f : files) {
#ifdef KCTX_ASAN_DEATH
		replaying = &f;
#endif
		Program p = load_any(f, pins);
		RunOptions o;
		o.print = false;
		RunResult r = execute(p, o);
		json reps = json::array();
		for (const kshim::Report &rep : r.reports)
			reps.push_back(replay_report(rep.title, rep.key, rep.kind, rep.injected));
		print_replay_line(f, r.oops, reps);
	}
	return 0;
}

} /* namespace kctx::runner */
