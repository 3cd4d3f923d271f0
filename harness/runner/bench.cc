// SPDX-License-Identifier: GPL-2.0
/* bench: run inputs in a loop and measure, for tools/kctx bench. */
#include "runner.h"

#include <chrono>
#include <cstdio>

namespace kctx::runner {

int cmd_bench(const std::vector<std::string> &files, int seconds, const Pins &pins)
{
	std::vector<Program> progs;
	for (const std::string &f : files)
		progs.push_back(load_any(f, pins));
	if (progs.empty()) {
		fprintf(stderr, "kctx: error: bench needs inputs\n");
		return 2;
	}
	/*
	 * A measure of throughput: a memory error in kernel code goes on as KASAN
	 * lets it, as in the fuzz target that kept the input (KCTX_SAVE_REPORTS).
	 */
	kshim::set_kasan_resume([] { return true; });
	auto t0 = std::chrono::steady_clock::now();
	auto end = t0 + std::chrono::seconds(seconds);
	unsigned long runs = 0;
	double worst_ms = 0;
	while (std::chrono::steady_clock::now() < end) {
		for (const Program &p : progs) {
			auto a = std::chrono::steady_clock::now();
			RunOptions o;
			o.print = false;
			execute(p, o);
			double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - a).count();
			worst_ms = std::max(worst_ms, ms);
			runs++;
		}
	}
	double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
	json j = { { "runs", runs }, { "seconds", secs }, { "exec_per_sec", runs / secs }, { "worst_ms", worst_ms } };
	printf("%s\n", j.dump().c_str());
	return 0;
}

} /* namespace kctx::runner */
