// SPDX-License-Identifier: GPL-2.0
/*
 * kctx-runner-<variant>: the in-process half of tools/kctx for one kernel
 * variant (runner.h lists the commands).  tools/kctx picks the variant and
 * calls it; what needs no kernel code is in kctx-tool (tool_main.cc).
 */
#include "runner.h"

#include "cli.h"
#include "kunit.h"

#include <cstdio>

using namespace kctx;
using namespace kctx::runner;

int main(int argc, char **argv)
{
	/* ASan's report of a memory error in kernel code gives way to kshim's KASAN report (kasan.cc) */
	kshim::hold_sanitizer_output();
	CLI::App app{ "kctx runner for one kernel variant (use tools/kctx)" };
	app.require_subcommand(1);
	std::vector<std::string> files;
	std::string out, set;
	bool as_json = false, trace = false, check = false, inputs = false;
	int64_t seed = -1;
	int seconds = 60;

	auto *run = app.add_subcommand("run", "run scenario files");
	run->add_option("files", files, "scenario files")->required();
	run->add_flag("--json", as_json);
	run->add_flag("--trace", trace);
	run->add_flag("--check", check);
	run->add_flag("--inputs", inputs, "also accept fuzz inputs");
	run->add_option("--seed", seed);
	run->add_option("--set", set);
	int repeat = 1;
	run->add_option("--repeat", repeat, "run each file N times and require identical results")
		->check(CLI::Range(1, 100));
	auto *minimize = app.add_subcommand("minimize", "shrink a crash or scenario");
	minimize->add_option("file", files)->required();
	minimize->add_option("-o,--output", out);
	minimize->add_option("--time", seconds);
	minimize->add_option("--set", set);
	std::string key;
	minimize->add_option("--key", key, "keep this report's key, wherever it comes in the run");
	auto *replay = app.add_subcommand("replay", "replay inputs, one JSON line each");
	replay->add_option("files", files)->required();
	replay->add_option("--set", set);
	auto *bench = app.add_subcommand("bench", "replay inputs in a loop and measure");
	bench->add_option("files", files)->required();
	bench->add_option("--time", seconds);
	bench->add_option("--set", set);
	int slowest = 0;
	bench->add_option("--slowest", slowest, "also list the N inputs that took the most time");
	auto *info = app.add_subcommand("info", "print the variant");
	info->add_option("--set", set);
	KunitOptions ko;
	auto *kunit = app.add_subcommand("kunit", "run the variant's KUnit suites, print KTAP");
	kunit->add_option("filter", ko.filter, "suite or suite.case (globs)");
	kunit->add_option("--set", set);
	kunit->add_option("--case-context", ko.case_context, "decorations every case runs inside, e.g. +spin_irqsave");
	kunit->add_option("--schedules", ko.schedules, "schedules per case (default 1)")->check(CLI::Range(1, 1000));
	kunit->add_flag("--list", ko.list, "list suite.case names");
	kunit->add_flag("--warn-fails", ko.warn_fails, "a kernel WARN() in a case fails it (by default it is a diagnostic, as in KUnit)");

	return run_cli(app, argc, argv, set, [&](const Pins &pins) {
		if (*run)
			return cmd_run(files, as_json, trace, check, seed, pins, inputs, repeat);
		if (*minimize)
			return cmd_minimize(files[0], out, seconds, pins, key);
		if (*replay)
			return cmd_replay(files, pins);
		if (*bench)
			return cmd_bench(files, seconds, pins, slowest);
		if (*kunit)
			return kunit_main(ko, pins);
		const Variant &v = variant();
		json j = { { "kernel", v.kernel_version }, { "swiotlb_force_flag", v.has_force_flag },
			   { "rcu_work_free", v.rcu_work_free }, { "cc_shared", v.cc_shared } };
		printf("%s\n", j.dump().c_str());
		return 0;
	});
}
