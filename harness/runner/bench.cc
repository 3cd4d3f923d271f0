// SPDX-License-Identifier: GPL-2.0
/* bench: run inputs in a loop and measure, for tools/kctx bench. */
#include "runner.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

namespace kctx::runner {

int cmd_bench(const std::vector<std::string> &files, int seconds, const Pins &pins, int slowest)
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
	std::vector<double> spent(progs.size());
	while (std::chrono::steady_clock::now() < end) {
		for (size_t i = 0; i < progs.size(); i++) {
			const Program &p = progs[i];
			auto a = std::chrono::steady_clock::now();
			RunOptions o;
			o.print = false;
			execute(p, o);
			double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - a).count();
			worst_ms = std::max(worst_ms, ms);
			spent[i] += ms;
			runs++;
		}
	}
	double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
	json j = { { "runs", runs }, { "seconds", secs }, { "exec_per_sec", runs / secs }, { "worst_ms", worst_ms } };
	if (slowest > 0) {
		/* where a corpus's time goes: a few slow inputs can outweigh the rest */
		std::vector<size_t> order(progs.size());
		for (size_t i = 0; i < order.size(); i++)
			order[i] = i;
		std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return spent[a] > spent[b]; });
		json top = json::array();
		for (size_t k = 0; k < order.size() && k < (size_t)slowest; k++)
			top.push_back({ { "file", files[order[k]] }, { "share", spent[order[k]] / (secs * 1000) } });
		j["slowest"] = top;
	}
	printf("%s\n", j.dump().c_str());
	return 0;
}

} /* namespace kctx::runner */
