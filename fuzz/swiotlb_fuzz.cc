// SPDX-License-Identifier: GPL-2.0
/*
 * The swiotlb fuzz target.  One input = one program: a configuration header,
 * an operation stream and the schedule choices (harness/decoder.h).  Each
 * input boots a fresh simulated kernel; the first report prints in kernel
 * format on stderr and aborts, so libFuzzer keeps the input as a crash.
 *
 * KCTX_SET="knob=value,..." pins configuration knobs (kctx fuzz --set).
 */
#include "decoder.h"
#include "executor.h"

#include <cstdio>
#include <cstdlib>
#include <string>

using namespace kctx;

/* (operation x context x atomic section) pairs and swiotlb states, beside the edge counters. */
__attribute__((section("__libfuzzer_extra_counters"))) static uint8_t kctx_features[4096];

static Pins pins;

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
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
	o.abort_on_report = true;
	o.features = kctx_features;
	o.nfeatures = sizeof(kctx_features);
	ProgramChoices pc(p);
	o.choices = pc.get();
	execute(p, o);
	return 0;
}
