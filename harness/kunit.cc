// SPDX-License-Identifier: GPL-2.0
/*
 * The KUnit runner: the suites a variant registered (kshim/include/kunit),
 * run as the kernel's lib/kunit runs them, on a kctx machine.
 *
 * The machine boots as for a scenario (the header knobs come from --set),
 * then, for each suite: suite_init once, then for each case its init, the
 * case and its exit, each case in a task of its own named as the kernel's
 * KUnit kthread is ("kunit_try_catch"), inside the --case-context
 * decorations; then the case's deferred actions (kunit_kzalloc()'s frees,
 * the test devices) and deferred work (RCU, workqueues, softirqs) run, and
 * kctx's end-of-run oracles.  A failed check prints the kernel's text; a
 * kctx report during a case makes it "not ok", with the report's title as a
 * diagnostic line, and the whole report goes to stderr.  A plain WARN() is
 * only the diagnostic line, as the kernel's KUnit logs it (--warn-fails).  The output is KTAP
 * version 1, line for line as the kernel prints it (lib/kunit/test.c,
 * executor.c).
 *
 * With --schedules N, the whole run is made N times, on a fresh machine
 * each time, the first with kctx's default schedule and the others with
 * seeds 1..N-1; a case is ok only if it is ok under every schedule.
 */
#include <algorithm>
#include <cstdio>
#include <fnmatch.h>
#include <functional>
#include <sstream>

#include <fmt/format.h>

#include "kunit.h"
#include "reports.h"
#include "run.h"
#include "decor.h"
#include "swiotlb_api.h"

#include <kshim/kunit.h>
#include <kunit/test.h>

namespace kctx {

/* The case running now, and how the runner hands it to the task. */
struct KunitCaseRun {
	struct kunit_suite *suite;
	struct kunit_case *kcase;
	struct kunit test;
	const Ctx *ctx;
	bool done = false;
	bool crashed = false;	/* an oops ended its task */
};

} /* namespace kctx */

using namespace kctx;

noinline void kctx_end_of_run(void (*checks)());

/*
 * The case's body, inside the case context; named as the kernel's, whose
 * frames a report's trace shows.  An assertion ends it by KunitAbort.
 */
noinline void kunit_run_case_internal(KunitCaseRun *r)
{
	struct kunit *test = &r->test;
	std::vector<unsigned long> flags;
	enter_decor(*r->ctx, flags);
	try {
		bool ok = true;
		if (r->suite->init) {
			int ret = r->suite->init(test);
			if (ret) {
				kunit_err(test, "failed to initialize: %d\n", ret);
				kunit_set_failure(test);
				ok = false;
			}
		}
		if (ok)
			r->kcase->run_case(test);
	} catch (const kshim::KunitAbort &) {
	}
	leave_decor(*r->ctx, flags);
}

/* Clean-up: the suite's exit, then the test's resources, newest first (kunit_cleanup()). */
noinline void kunit_run_case_cleanup(KunitCaseRun *r)
{
	try {
		if (r->suite->exit)
			r->suite->exit(&r->test);
	} catch (const kshim::KunitAbort &) {
		kunit_set_failure(&r->test);
	}
	kshim::kunit_cleanup(&r->test);
}

noinline void kunit_try_run_case(void *arg)
{
	KunitCaseRun *r = (KunitCaseRun *)arg;
	try {
		kunit_run_case_internal(r);
		kunit_run_case_cleanup(r);
	} catch (const kshim::OpAbort &) {
		r->crashed = true;	/* an oops: the kthread died, as the kernel's would */
	}
	r->done = true;
}

/* The kthread function of the kernel's KUnit try-catch, around the case. */
noinline void kunit_generic_run_threadfn_adapter(void *arg)
{
	kunit_try_run_case(arg);
}

namespace kctx {

struct KunitSuiteInit {
	struct kunit_suite *suite;
	int ret = 0;
	bool done = false;
};

} /* namespace kctx */

noinline void kunit_suite_init_fn(void *arg)
{
	KunitSuiteInit *s = (KunitSuiteInit *)arg;
	try {
		s->ret = s->suite->suite_init(s->suite);
	} catch (const kshim::OpAbort &) {
		s->ret = -EINTR;
	}
	s->done = true;
}

namespace kctx {

/* The end-of-run oracles after a case, for what the case changed. */
static SwiotlbView case_base;
static void kunit_case_checks()
{
	end_checks_since(case_base);
}

/* One case's verdict over every schedule. */
struct CaseResult {
	enum kunit_status status = KUNIT_SKIPPED;
	bool merged = false;
	std::string comment;
	std::vector<std::string> lines;	/* its log and diagnostic lines, each once */
	std::vector<std::string> seen;
	/*
	 * A log entry (a failed check's text may span lines) or a report's
	 * title, once: a later schedule adds only what the earlier ones did not
	 * show, prefixed with its schedule (text is printed as "shown").
	 */
	void add(const std::string &text, const std::string &shown = "")
	{
		if (std::find(seen.begin(), seen.end(), text) != seen.end())
			return;
		seen.push_back(text);
		lines.push_back(shown.empty() ? text : shown);
	}
	/* a failure under any schedule fails the case; else a pass anywhere passes it */
	void merge(enum kunit_status s)
	{
		if (!merged || s == KUNIT_FAILURE || (s == KUNIT_SUCCESS && status == KUNIT_SKIPPED))
			status = s;
		merged = true;
	}
};

struct SuiteResult {
	bool init_failed = false;
	std::string init_lines;
	std::vector<CaseResult> cases;
};

static bool parse_case_context(const std::string &s, Ctx *ctx, std::string *err)
{
	std::istringstream in(s);
	std::string tok;
	while (in >> tok) {
		if (tok[0] != '+') {
			*err = fmt::format("--case-context: expected a decoration starting with '+', got '{}'", tok);
			return false;
		}
		Decor d;
		std::string lock, why;
		if (!parse_decor(tok.substr(1), &d, &lock, &why)) {
			*err = "--case-context: " + why;
			return false;
		}
		ctx->add(d, lock);
	}
	return true;
}

/* The suites and cases the filter selects, as "suite" or "suite.case" globs. */
struct Selection {
	struct kunit_suite *suite;
	std::vector<struct kunit_case *> cases;
};

static std::vector<Selection> select(const std::string &filter)
{
	std::string sglob = filter.empty() ? "*" : filter, cglob = "*";
	size_t dot = sglob.find('.');
	if (dot != std::string::npos) {
		cglob = sglob.substr(dot + 1);
		sglob.erase(dot);
	}
	std::vector<Selection> out;
	for (const kshim::KunitSuiteReg &r : kshim::kunit_suites()) {
		if (fnmatch(sglob.c_str(), r.suite->name, 0))
			continue;
		Selection s{ r.suite, {} };
		for (struct kunit_case *c = r.suite->test_cases; c && c->run_case; c++) {
			if (fnmatch(cglob.c_str(), c->name, 0))
				continue;
			if (c->generate_params)	/* run once, it would pass for what it never tried */
				throw std::runtime_error(fmt::format("{}.{}: parameterised cases are not supported",
								     r.suite->name, c->name));
			s.cases.push_back(c);
		}
		if (!s.cases.empty())
			out.push_back(s);
	}
	return out;
}

/* A plain WARN() does not fail a case, as in the kernel's KUnit, unless --warn-fails. */
static bool warn_fails;
static bool is_plain_warn(const kshim::Report &r)
{
	return !warn_fails && r.kind == "WARNING";
}

/*
 * New reports since the last call: named, printed in full on stderr; the
 * titles of those that fail the case returned, the others' added to notes.
 */
static std::vector<std::string> take_reports(const std::string &where, std::vector<std::string> *notes = nullptr)
{
	std::vector<kshim::Report> reps = kshim::reports();
	kshim::clear_reports();	/* the next case reports its own, even on a path this one took */
	name_reports(reps, variant().under_test);
	std::vector<std::string> titles;
	for (const kshim::Report &r : reps) {
		fprintf(stderr, "%s", where.c_str());
		fputs(r.text.c_str(), stderr);
		std::string t = r.title.empty() ? r.header : r.title;
		if (notes && is_plain_warn(r))
			notes->push_back(t + " (a WARN: not a failure without --warn-fails)");
		else
			titles.push_back(t);
	}
	return titles;
}

/* Run the scheduler until done holds; a hang is reported by the kernel's watchdogs. */
static void run_to(const std::function<bool()> &done)
{
	if (!kshim::run_until(done) && !kshim::run_halted())
		kshim::report_hangs();
}

/* One run of every selected suite on a fresh machine. */
static void run_once(const Program &p, const Ctx &ctx, const std::vector<Selection> &sel,
		     std::vector<SuiteResult> &results, unsigned schedule)
{
	Run run;
	run.p = &p;
	R = &run;
	ProgramChoices pc(p);
	kshim::trace_enable(false);
	kshim::set_console(true);
	kshim::set_kernel_sources(variant().kernel_files);
	kshim::set_kernel_release(std::string(variant().kernel_version) + "-kctx");
	kshim::boot(p.mc, pc.get());
	swiotlb_reset_globals();
	std::string sched = schedule ? fmt::format("schedule {} (seed {}): ", schedule, p.seed) : "";
	try {
		setup_machine(p);
		for (const std::string &t : take_reports("kctx: kunit: at boot:\n"))
			fprintf(stderr, "kctx: kunit: a report at boot: %s\n", t.c_str());
		for (size_t si = 0; si < sel.size(); si++) {
			struct kunit_suite *suite = sel[si].suite;
			SuiteResult &sr = results[si];
			suite->suite_init_err = 0;
			if (suite->suite_init) {
				KunitSuiteInit si_run{ suite };
				kshim::spawn_kthread("kunit", 0, kunit_suite_init_fn, &si_run);
				run_to([&] { return si_run.done || kshim::run_halted(); });
				kshim::drain();
				std::vector<std::string> titles = take_reports(
					fmt::format("kctx: kunit: {}{}: suite_init:\n", sched, suite->name));
				suite->suite_init_err = si_run.done ? si_run.ret : -EINTR;
				if (suite->suite_init_err || !titles.empty()) {
					sr.init_failed = true;
					sr.init_lines += fmt::format(KUNIT_SUBTEST_INDENT "# {}: " KUNIT_SUBTEST_INDENT
								     "# failed to initialize ({})\n",
								     suite->name, suite->suite_init_err);
					for (const std::string &t : titles)
						sr.init_lines += fmt::format(KUNIT_SUBTEST_INDENT "# {}: {}{}\n",
									     suite->name, sched, t);
					continue;
				}
			}
			for (size_t ci = 0; ci < sel[si].cases.size(); ci++) {
				struct kunit_case *kc = sel[si].cases[ci];
				CaseResult &cr = sr.cases[ci];
				KunitCaseRun r{ suite, kc, {}, &ctx };
				case_base = swiotlb_view(nullptr);	/* what earlier cases left is theirs */
				kshim::kunit_init_test(&r.test, kc->name);
				kshim::kunit_take_log();
				kshim::spawn_kthread("kunit_try_catch", 0, kunit_generic_run_threadfn_adapter, &r);
				run_to([&] { return r.done || kshim::run_halted(); });
				if (!kshim::run_halted()) {
					kshim::drain();
					if (!kshim::run_halted())
						kctx_end_of_run(kunit_case_checks);
				}
				std::string log = kshim::kunit_take_log();
				if (!log.empty())
					cr.add(log, sched.empty() ? "" : KUNIT_SUBTEST_INDENT "# " + std::string(kc->name) +
										 ": " + sched + "failed as below\n" + log);
				std::vector<std::string> notes;
				std::vector<std::string> titles = take_reports(
					fmt::format("kctx: kunit: {}{}.{}:\n", sched, suite->name, kc->name), &notes);
				auto diag = [&](const std::string &t) {
					cr.add(fmt::format(KUNIT_SUBTEST_INDENT "# {}: {}\n", kc->name, t),
					       fmt::format(KUNIT_SUBTEST_INDENT "# {}: {}{}\n", kc->name, sched, t));
				};
				for (const std::string &t : notes)
					diag(t);
				enum kunit_status st = r.test.status;
				if (!r.done || r.crashed || !titles.empty())
					st = KUNIT_FAILURE;
				for (const std::string &t : titles)
					diag(t);
				if (!r.done)
					diag("the case did not finish");
				if (st == KUNIT_SKIPPED && cr.comment.empty())
					cr.comment = r.test.status_comment;
				cr.merge(st);
				if (kshim::run_halted()) {
					/* the machine is gone: the cases left are not run on this schedule */
					for (size_t k = ci + 1; k < sel[si].cases.size(); k++) {
						sr.cases[k].add(fmt::format(KUNIT_SUBTEST_INDENT
									    "# {}: {}not run: the machine halted\n",
									    sel[si].cases[k]->name, sched));
						sr.cases[k].merge(KUNIT_FAILURE);
					}
					break;
				}
			}
			if (suite->suite_exit)
				suite->suite_exit(suite);
			if (kshim::run_halted())
				break;
		}
	} catch (const kshim::OpAbort &) {
		take_reports("kctx: kunit: " + sched + "at boot:\n");
	}
	kshim::shutdown();
	R = nullptr;
}

static const char *ok_not_ok(enum kunit_status s)
{
	return s == KUNIT_FAILURE ? "not ok" : "ok";
}

int kunit_main(const KunitOptions &o, const Pins &pins)
{
	Ctx ctx;
	std::string err;
	warn_fails = o.warn_fails;
	if (!parse_case_context(o.case_context, &ctx, &err))
		throw std::runtime_error(err);
	if (kshim::kunit_suites().empty())
		throw std::runtime_error(fmt::format("kernel {} as patched has no KUnit suite: give --patches with a "
						     "patch that adds one (e.g. kernel/dma/swiotlb_test.c)",
						     variant().kernel_version));
	std::vector<Selection> sel = select(o.filter);
	if (sel.empty()) {
		std::string names;
		for (const kshim::KunitSuiteReg &r : kshim::kunit_suites())
			names += std::string(names.empty() ? "" : ", ") + r.suite->name;
		throw std::runtime_error(fmt::format("no KUnit suite or case matches '{}' (suites: {})", o.filter, names));
	}
	if (o.list) {
		for (const Selection &s : sel)
			for (struct kunit_case *c : s.cases)
				printf("%s.%s\n", s.suite->name, c->name);
		return 0;
	}
	std::vector<SuiteResult> results(sel.size());
	for (size_t i = 0; i < sel.size(); i++)
		results[i].cases.resize(sel[i].cases.size());
	for (unsigned k = 0; k < o.schedules; k++) {
		Program p;
		pins.apply(p);
		if (k) {
			p.has_seed = true;
			p.seed = k;
		}
		run_once(p, ctx, sel, results, k);
	}

	/* KTAP, as the kernel's executor and lib/kunit/test.c print it */
	bool all_ok = true;
	printf("KTAP version 1\n1..%zu\n", sel.size());
	for (size_t si = 0; si < sel.size(); si++) {
		struct kunit_suite *suite = sel[si].suite;
		SuiteResult &sr = results[si];
		if (sr.init_failed) {
			fputs(sr.init_lines.c_str(), stdout);
			printf("not ok %zu %s\n", si + 1, suite->name);
			all_ok = false;
			continue;
		}
		printf(KUNIT_SUBTEST_INDENT "KTAP version 1\n");
		printf(KUNIT_SUBTEST_INDENT "# Subtest: %s\n", suite->name);
		printf(KUNIT_SUBTEST_INDENT "1..%zu\n", sel[si].cases.size());
		unsigned long pass = 0, fail = 0, skip = 0;
		enum kunit_status suite_st = KUNIT_SKIPPED;
		for (size_t ci = 0; ci < sel[si].cases.size(); ci++) {
			CaseResult &cr = sr.cases[ci];
			for (const std::string &l : cr.lines)
				fputs(l.c_str(), stdout);
			if (cr.status == KUNIT_SKIPPED)
				printf(KUNIT_SUBTEST_INDENT "ok %zu %s # SKIP %s\n", ci + 1, sel[si].cases[ci]->name,
				       cr.comment.c_str());
			else
				printf(KUNIT_SUBTEST_INDENT "%s %zu %s\n", ok_not_ok(cr.status), ci + 1,
				       sel[si].cases[ci]->name);
			pass += cr.status == KUNIT_SUCCESS;
			fail += cr.status == KUNIT_FAILURE;
			skip += cr.status == KUNIT_SKIPPED;
			if (cr.status == KUNIT_FAILURE)
				suite_st = KUNIT_FAILURE;
			else if (cr.status == KUNIT_SUCCESS && suite_st != KUNIT_FAILURE)
				suite_st = KUNIT_SUCCESS;
		}
		unsigned long total = pass + fail + skip;
		if (total > 1) {
			printf("# %s: pass:%lu fail:%lu skip:%lu total:%lu\n", suite->name, pass, fail, skip, total);
			printf("# Totals: pass:%lu fail:%lu skip:%lu total:%lu\n", pass, fail, skip, total);
		}
		if (suite_st == KUNIT_SKIPPED)
			printf("ok %zu %s # SKIP \n", si + 1, suite->name);
		else
			printf("%s %zu %s\n", ok_not_ok(suite_st), si + 1, suite->name);
		all_ok &= suite_st != KUNIT_FAILURE;
	}
	fflush(stdout);
	return all_ok ? 0 : 1;
}

} /* namespace kctx */
