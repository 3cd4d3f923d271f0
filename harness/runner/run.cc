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
			/* in the trace, or in a saved stack the report prints (allocated by, freed by) */
			bool found = false;
			std::string line = "\n " + e.text + "+";
			for (const kshim::Report &rep : r.reports) {
				for (const kshim::Frame *f : rep.frames)
					found |= f->func == e.text;
				found |= rep.text.find(line) != std::string::npos;
			}
			if (!found)
				diff.push_back(fmt::format("{}: expected a report with frame {}, none has it", loc, e.text));
			break;
		}
		case Expect::report_line: {
			/* a header or body line the kernel prints, e.g. "preempt_count: 101, expected: 0" */
			bool found = false;
			for (const kshim::Report &rep : r.reports) {
				std::istringstream in(rep.text);
				for (std::string l; std::getline(in, l);)
					found |= l.find(e.text) != std::string::npos;
			}
			if (!found)
				diff.push_back(fmt::format("{}: expected a report with a line containing \"{}\", none has it",
							   loc, e.text));
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

/* The first line where two runs' output differs: that is where to look. */
static std::pair<std::string, std::string> first_difference(const std::string &a, const std::string &b)
{
	std::istringstream sa(a), sb(b);
	std::string la, lb;
	while (true) {
		bool ga = (bool)std::getline(sa, la), gb = (bool)std::getline(sb, lb);
		if (!ga || !gb || la != lb) {
			if (!ga)
				la = "(end)";
			if (!gb)
				lb = "(end)";
			return { la, lb };
		}
	}
}

/*
 * A memory error ends the process.  In kernel code kshim reports it as KASAN
 * would (kshim/src/kasan.cc) and calls kasan_in_run() before ASan ends the
 * process; in kctx's own code ASan reports it, and its death callback names
 * it the way kctx names reports ("AddressSanitizer: <what> in <function>").
 * Either way the run's reports are printed and its expectations checked
 * here, so that a reproducer of a memory bug can say what it expects.
 */
static const Program *running;
static bool running_check, running_trace, running_json;
static int running_repeat;
static json *running_out;	/* --json: the files that ran before */
static bool *running_failed;	/* an earlier file did not meet its expectations */

static json run_json(const Program &p, const RunResult &r, const std::vector<std::string> &diff, bool checked,
		     bool trace)
{
	json j = { { "file", p.file }, { "kernel", variant().kernel_version }, { "oops", r.oops },
		   { "hung", r.hung }, { "notes", r.notes } };
	json reps = json::array();
	for (const kshim::Report &rep : r.reports)
		reps.push_back(report_json(rep));
	j["reports"] = reps;
	if (checked)
		j["check"] = { { "ok", diff.empty() }, { "diff", diff } };
	if (trace) {	/* with the console: all a run printed, for the byte-for-byte comparisons */
		j["trace"] = r.trace;
		j["console"] = r.console;
	}
	return j;
}

/* The run a memory error cut short: what it reported, named, then its verdict; the process ends. */
[[noreturn]] static void end_cut_short(std::vector<kshim::Report> reps)
{
	const Program &p = *running;
	RunResult r;
	r.reports = std::move(reps);
	r.oops = true;
	if (running_trace) {
		r.trace = kshim::trace_lines();
		r.console = kshim::console();
	}
	bool checked = running_check || running_repeat > 1;
	std::vector<std::string> diff;
	if (running_check)
		diff = check_expectations(p, r);
	if (running_json) {
		running_out->push_back(run_json(p, r, diff, checked, running_trace));
		printf("%s\n", running_out->dump(1).c_str());
	} else {
		/* execute() never returns to print them */
		for (const kshim::Report &rep : r.reports)
			fputs(rep.text.c_str(), stdout);
		if (running_trace) {
			printf("--- decision trace (%s) ---\n", p.file.c_str());
			for (const std::string &l : r.trace)
				printf("%s\n", l.c_str());
		}
		for (const kshim::Report &rep : r.reports)
			fprintf(stderr, "kctx: %s: report: %s\n", p.file.c_str(), rep.title.c_str());
		for (const std::string &d : diff)
			printf("%s\n", d.c_str());
		if (running_check && diff.empty())
			fprintf(stderr, "kctx: %s: expectations met\n", p.file.c_str());
	}
	fflush(stdout);
	fflush(stderr);
	_exit(checked && diff.empty() && !*running_failed ? 0 : 1);
}

/* kshim's KASAN report is the last of the run's */
static void kasan_in_run()
{
	if (!running)
		return;
	std::vector<kshim::Report> reps = kshim::reports();
	name_reports(reps, variant().under_test);
	end_cut_short(std::move(reps));
}

#ifdef KCTX_ASAN_DEATH

static void asan_death()
{
	kshim::release_sanitizer_output();
	if (!running || !__asan_report_present())
		return;
	end_cut_short(reports_at_asan_death());
}
#endif

int cmd_run(const std::vector<std::string> &files, bool as_json, bool trace, bool check, int64_t seed,
		   const Pins &pins, bool inputs, int repeat)
{
#ifdef KCTX_ASAN_DEATH
	__asan_set_death_callback(asan_death);
#endif
	kshim::set_kasan_handler(kasan_in_run);
	running_check = check;
	running_trace = trace;
	running_json = as_json;
	running_repeat = repeat;
	int status = 0;
	bool check_failed = false;
	json out = json::array();
	running_out = &out;
	running_failed = &check_failed;
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
				if (again.text != first.text) {
					printf("%s:1: run %d of %d differs from the first: not deterministic (first: \"%s\", then: \"%s\")\n",
					       p.file.c_str(), i + 1, repeat, first_difference(first.text, again.text).first.c_str(),
					       first_difference(first.text, again.text).second.c_str());
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
				auto [la, lb] = first_difference(a, b);
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
			out.push_back(run_json(p, r, diff, check || repeat > 1, trace));
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
static void print_replay_line(const std::string &file, bool oops, const json &reports, bool died = false)
{
	json j = { { "file", file }, { "oops", oops }, { "reports", reports } };
	if (died)
		j["died"] = true;	/* a memory error: the inputs after it need a new runner */
	printf("%s\n", j.dump().c_str());
	fflush(stdout);
}

static json replay_report(const std::string &title, const std::string &key, const std::string &kind, bool injected,
			  const json &funcs = json::array())
{
	return { { "title", title }, { "key", key }, { "kind", kind }, { "injected", injected }, { "funcs", funcs } };
}

/* the functions on the report's trace, innermost first: what a known bug's trace: line names */
static json trace_funcs(const kshim::Report &r)
{
	json funcs = json::array();
	for (const kshim::Frame *f : r.frames)
		if (!f->marker)
			funcs.push_back(f->func);
	return funcs;
}

static json replay_reports(std::vector<kshim::Report> reps)
{
	name_reports(reps, variant().under_test);
	json j = json::array();
	for (const kshim::Report &rep : reps)
		j.push_back(replay_report(rep.title, rep.key, rep.kind, rep.injected, trace_funcs(rep)));
	return j;
}

/* A memory error ends the replay: the dying input's line still goes out, so the caller goes on after it. */
static const std::string *replaying;

static void kasan_in_replay()
{
	if (!replaying)
		return;
	print_replay_line(*replaying, true, replay_reports(kshim::reports()), true);
	fflush(stderr);
	_exit(1);
}

#ifdef KCTX_ASAN_DEATH
static void asan_death_in_replay()
{
	kshim::release_sanitizer_output();
	if (replaying && __asan_report_present()) {
		std::string t = asan_title();
		json reps = replay_reports(kshim::reports());
		reps.push_back(replay_report(t, t, "asan", false));
		print_replay_line(*replaying, true, reps, true);
	}
}
#endif

/* Replay fuzz inputs (or scenarios), one line each. */
int cmd_replay(const std::vector<std::string> &files, const Pins &pins)
{
#ifdef KCTX_ASAN_DEATH
	__asan_set_death_callback(asan_death_in_replay);
#endif
	kshim::set_kasan_handler(kasan_in_replay);
	for (const std::string &f : files) {
		replaying = &f;
		Program p = load_any(f, pins);
		RunOptions o;
		o.print = false;
		RunResult r = execute(p, o);
		json reps = json::array();
		for (const kshim::Report &rep : r.reports)
			reps.push_back(replay_report(rep.title, rep.key, rep.kind, rep.injected, trace_funcs(rep)));
		print_replay_line(f, r.oops, reps);
	}
	replaying = nullptr;
	return 0;
}

} /* namespace kctx::runner */
