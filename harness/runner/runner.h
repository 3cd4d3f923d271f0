/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kctx-runner-<variant>: the in-process half of tools/kctx for one kernel
 * variant.  Its commands, one file each: run and replay (run.cc), the
 * minimiser (minimize.cc) and the child-process runs it uses (isolate.cc),
 * and bench (bench.cc); main.cc parses the command line.
 */
#pragma once

#include "decoder.h"
#include "executor.h"
#include "scenario.h"
#include "swiotlb_api.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#include <sanitizer/asan_interface.h>
#define KCTX_ASAN_DEATH 1
#endif
#endif

namespace kctx::runner {

using json = nlohmann::json;

/* common.cc */
std::string read_file(const std::string &path, bool binary = false);	/* throws ScenarioError */
/* A scenario file, or a fuzz input decoded with the pinned knobs. */
Program load_any(const std::string &path, const Pins &pins);
bool starts(const std::string &s, const std::string &prefix);
json report_json(const kshim::Report &r);
#ifdef KCTX_ASAN_DEATH
/* "AddressSanitizer: <what> <Read|Write> in <function>": an ASan report named the way kctx names reports. */
std::string asan_title();
/* The run's reports, named, and last the ASan error that is ending the process. */
std::vector<kshim::Report> reports_at_asan_death();
#endif

/* isolate.cc: one run in a child process, whose verdict survives a memory error */
struct Verdict {
	std::string title, key;		/* of the headline report; empty: none */
	std::vector<uint8_t> choices;	/* as taken, when recording */
	std::vector<std::pair<std::string, std::string>> all;	/* (title, key) of every report not injected */
	std::string text;	/* every report's key and text, for --repeat to compare */
	const std::string *title_of(const std::string &k) const
	{
		for (auto &[t, key] : all)
			if (key == k)
				return &t;
		return nullptr;
	}
};
Verdict run_isolated(const Program &p, bool record);

/* the commands */
int cmd_run(const std::vector<std::string> &files, bool as_json, bool trace, bool check, int64_t seed,
	    const Pins &pins, bool inputs, int repeat);
int cmd_replay(const std::vector<std::string> &files, const Pins &pins);
int cmd_minimize(const std::string &in, const std::string &outp, int seconds, const Pins &pins,
		 std::string key = "");
int cmd_bench(const std::vector<std::string> &files, int seconds, const Pins &pins, int slowest = 0);

} /* namespace kctx::runner */
