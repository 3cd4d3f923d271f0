// SPDX-License-Identifier: GPL-2.0
/*
 * The swiotlb fuzz target.  One input = one program: a configuration header,
 * an operation stream and the schedule choices (harness/decoder.h).  Each
 * input boots a fresh simulated kernel; the first report prints in kernel
 * format on stderr and aborts, so libFuzzer keeps the input as a crash.
 *
 * KCTX_SET="knob=value,..." pins configuration knobs (kctx fuzz --set).
 *
 * KCTX_SAVE_REPORTS=DIR (what kctx fuzz uses): instead of aborting, the
 * target writes the input as DIR/crash-<hash> the first time this process
 * sees a de-duplication key, and fuzzing goes on.  A context bug is a
 * report, not a broken process, and restarting after each one costs more
 * than the run.  Without it (OSS-Fuzz, ClusterFuzzLite, plain libFuzzer)
 * the first report aborts, as sanitizer findings do.
 */
#include "decoder.h"
#include "executor.h"

#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>

using namespace kctx;

/* (operation x context x atomic section) pairs and swiotlb states, beside the edge counters. */
__attribute__((section("__libfuzzer_extra_counters"))) static uint8_t kctx_features[4096];

static Pins pins;
static std::string save_dir;
static std::set<std::string> seen_keys;

static void save_input(const uint8_t *data, size_t size, const kshim::Report &r)
{
	uint64_t h = 1469598103934665603ULL;	/* FNV-1a: a stable name for the input */
	for (size_t i = 0; i < size; i++)
		h = (h ^ data[i]) * 1099511628211ULL;
	char name[64];
	snprintf(name, sizeof(name), "/crash-%016llx", (unsigned long long)h);
	std::string path = save_dir + name;
	if (FILE *f = fopen(path.c_str(), "wb")) {
		fwrite(data, 1, size, f);
		fclose(f);
	}
	fprintf(stderr, "kctx: report: %s\nkctx: key: %s\nkctx: saved %s\n", r.title.c_str(), r.key.c_str(),
		path.c_str());
}

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
	if (const char *d = getenv("KCTX_SAVE_REPORTS"))
		save_dir = d;
	const char *set = getenv("KCTX_SET");
	std::string err;
	if (set && *set && !pins.parse(set, &err)) {
		fprintf(stderr, "kctx: error: KCTX_SET: %s\n", err.c_str());
		exit(2);
	}
	return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	Program p = decode_input(data, size, pins);
	RunOptions o;
	o.print = false;
	o.abort_on_report = save_dir.empty();
	o.features = kctx_features;
	o.nfeatures = sizeof(kctx_features);
	ProgramChoices pc(p);
	o.choices = pc.get();
	RunResult r = execute(p, o);
	for (const kshim::Report &rep : r.reports)
		if (!rep.injected && seen_keys.insert(rep.key).second)
			save_input(data, size, rep);
	return 0;
}
