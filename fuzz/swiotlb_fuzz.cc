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
 *
 * A new memory error in kernel code ends the process without
 * KCTX_SAVE_REPORTS: kshim's KASAN report of it goes to stderr, named, and
 * ASan (silent) hands over to libFuzzer, which keeps the input as a crash.
 * With it, the access goes on as KASAN lets it and the report is saved.
 *
 * Before a report ends the process, a trailer for ClusterFuzz's stack
 * analyzer follows it (crash_trailer.h, docs/clusterfuzz.md).
 *
 * Known reports (KCTX_SUPPRESS): an input whose first report has a key
 * in the list is counted, printed once per key, and treated as if it had
 * not reported (the reports after it are its consequences).  The list is KCTX_SUPPRESS=FILE, or the file next to
 * this binary named like it plus ".suppress" (what ClusterFuzzLite's
 * build puts in $OUT, written by tools/known-keys), which
 * KCTX_SUPPRESS=repro requires and KCTX_SUPPRESS=none ignores.  A known
 * memory error in kernel code is resumed, as KASAN resumes it (kshim's
 * kasan.cc); only one on a host object (or in a build without recovery)
 * ends the process, with status 0 and no crash.
 */
#include "crash_trailer.h"
#include "decoder.h"
#include "executor.h"
#include "reports.h"
#include "swiotlb_api.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <cstdlib>
#include <set>
#include <string>

#include <unistd.h>

using namespace kctx;

/* (operation x context x atomic section) pairs and swiotlb states, beside the edge counters. */
__attribute__((section("__libfuzzer_extra_counters"))) static uint8_t kctx_features[4096];

static Pins pins;
static std::string save_dir;
static std::set<std::string> seen_keys;
static Suppressions suppress;

static void print_suppressed()
{
	suppress.print_counts();
}

/* The binary's own path + ".suppress", or "" */
static std::string file_next_to_binary(const char *argv0)
{
	char self[4096];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	std::string path = n > 0 ? std::string(self, (size_t)n) : argv0 ? argv0 : "";
	return path.empty() ? path : path + ".suppress";
}

static void load_suppressions(const char *argv0)
{
	const char *env = getenv("KCTX_SUPPRESS");
	std::string how = env ? env : "";
	if (how == "none")
		return;
	std::string path = how, err;
	if (how.empty() || how == "repro") {
		path = file_next_to_binary(argv0);
		if (how.empty() && access(path.c_str(), R_OK) != 0)
			return;	/* plain libFuzzer: nothing is known */
	}
	if (!suppress.load(path, &err)) {
		fprintf(stderr, "kctx: error: KCTX_SUPPRESS: %s%s\n", err.c_str(),
			how == "repro" ? " (write it with tools/known-keys)" : "");
		exit(2);
	}
	fprintf(stderr, "kctx: %zu known reports suppressed, from %s\n", suppress.size(), path.c_str());
	atexit(print_suppressed);
}

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

/*
 * Structure-aware mutations: whole operations are inserted, deleted,
 * swapped or rewritten (with the header's operation count kept in step),
 * or only the schedule choices change; otherwise libFuzzer mutates bytes.
 * libFuzzer's -use_custom_mutator=0 turns it off, for comparison
 * (docs/performance.md).
 */
/* weak: the standalone replay build has no libFuzzer, and never mutates */
extern "C" __attribute__((weak)) size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size);

static size_t ops_in(const uint8_t *data, size_t size)
{
	size_t nops = 1 + data[kHdrNumOps] % 32;
	return std::min(nops, (size - kHeaderBytes) / kOpBytes);
}

extern "C" size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed)
{
	if (max_size < kHeaderBytes + 2 * kOpBytes)
		return LLVMFuzzerMutate(data, size, max_size);
	if (size < kHeaderBytes + kOpBytes) {
		memset(data + size, 0, kHeaderBytes + kOpBytes - size);
		size = kHeaderBytes + kOpBytes;
	}
	uint64_t r = seed * 0x9e3779b97f4a7c15ULL + 1;
	auto pick = [&](size_t n) { r = r * 6364136223846793005ULL + 1442695040888963407ULL; return (size_t)((r >> 33) % n); };
	size_t k = ops_in(data, size);
	uint8_t *ops = data + kHeaderBytes;
	size_t tail = size - kHeaderBytes - k * kOpBytes;	/* the choices */
	switch (pick(6)) {
	case 0: /* insert a copy of an operation, or a fresh one */
		if (k < 32 && size + kOpBytes <= max_size) {
			size_t at = pick(k + 1), from = pick(k);
			uint8_t op[kOpBytes];
			memcpy(op, ops + from * kOpBytes, kOpBytes);
			if (pick(2))
				op[pick(kOpBytes)] = (uint8_t)pick(256);
			memmove(ops + (at + 1) * kOpBytes, ops + at * kOpBytes, (k - at) * kOpBytes + tail);
			memcpy(ops + at * kOpBytes, op, kOpBytes);
			data[kHdrNumOps] = (uint8_t)k;	/* 1 + k operations */
			return size + kOpBytes;
		}
		break;
	case 1: /* delete an operation */
		if (k > 1) {
			size_t at = pick(k);
			memmove(ops + at * kOpBytes, ops + (at + 1) * kOpBytes, (k - at - 1) * kOpBytes + tail);
			data[kHdrNumOps] = (uint8_t)(k - 2);
			return size - kOpBytes;
		}
		break;
	case 2: /* swap two operations */
		if (k > 1) {
			size_t a = pick(k), b = pick(k);
			uint8_t t[kOpBytes];
			memcpy(t, ops + a * kOpBytes, kOpBytes);
			memcpy(ops + a * kOpBytes, ops + b * kOpBytes, kOpBytes);
			memcpy(ops + b * kOpBytes, t, kOpBytes);
			return size;
		}
		break;
	case 3: { /* rewrite one field of one operation */
		size_t at = pick(k);
		ops[at * kOpBytes + pick(kOpBytes)] = (uint8_t)pick(256);
		return size;
	}
	case 4: /* the schedule choices only */
		if (!tail && size < max_size) {
			data[size] = (uint8_t)pick(256);
			return size + 1;
		}
		if (tail) {
			size_t head = size - tail;
			return head + LLVMFuzzerMutate(data + head, tail, max_size - head);
		}
		break;
	}
	return LLVMFuzzerMutate(data, size, max_size);
}

/*
 * Leaner than kshim's default: kernel findings come from kshim's own
 * poisoning of simulated memory, which has no malloc stacks to record, so
 * recording one for every host-side allocation only costs time (~15% of a
 * run, docs/performance.md).  A small quarantine still catches host-side
 * use-after-free soon after the free; ASAN_OPTIONS overrides both.
 * kctx bench gives the fuzz build's runner the same options (checked by
 * the cli.bench_inputs test).
 */
extern "C" const char *__asan_default_options(void)
{
	return "quarantine_size_mb=2:malloc_context_size=0";
}

/* kshim's KASAN report, the last of the input's: in the crash log, named as kctx fuzz reads it */
static void kasan_in_input()
{
	std::vector<kshim::Report> reps = kshim::reports();
	name_reports(reps, variant().under_test);
	if (reps.empty())
		return;
	const kshim::Report &r = reps.back();
	fprintf(stderr, "%s", r.text.c_str());
	fprintf(stderr, "kctx: report: %s\nkctx: key: %s\n", r.title.c_str(), r.key.c_str());
	if (suppress.known(r)) {
		/* not resumed (a host object, or a build without recovery): the process ends, but not as a crash */
		suppress.count(r);
		fprintf(stderr, "kctx: a known memory error ends the process (ASan cannot resume): exiting, no crash\n");
		suppress.print_counts();
		fflush(stderr);
		_exit(0);
	}
	if (save_dir.empty())
		fprintf(stderr, "%s", crash_trailer(r).c_str());
}

/*
 * A KASAN report in an input whose headline is known: the kernel goes on
 * past the access, as KASAN lets it, and the input ends as a suppressed one.
 * With KCTX_SAVE_REPORTS every one goes on: the report is saved with the
 * input like any other, and a restart per memory error would cost more than
 * the run (kctx fuzz, kctx bench).
 */
static bool kasan_resume_if_known()
{
	if (!save_dir.empty())
		return true;
	const kshim::Report *h = first_finding(kshim::reports());
	if (!h)
		return false;
	std::vector<kshim::Report> first{ *h };	/* only the headline needs its name */
	name_reports(first, variant().under_test);
	return suppress.known(first[0]);
}

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	kshim::set_kasan_handler(kasan_in_input);
	kshim::set_kasan_resume(kasan_resume_if_known);
	load_suppressions(argc && *argc > 0 && argv && *argv ? (*argv)[0] : nullptr);
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
	o.console = false;	/* nothing reads it here */
	o.features = kctx_features;
	o.nfeatures = sizeof(kctx_features);
	ProgramChoices pc(p);
	o.choices = pc.get();
	RunResult r = execute(p, o);
	/*
	 * A known headline suppresses the whole input: what the kernel prints after a bug
	 * (lockdep's complaints, the TLB-flush WARNING, the oops) follows from it and is not news,
	 * and an input that avoids the known bug still finds whatever else is there.
	 */
	const kshim::Report *h = first_finding(r.reports);
	bool known = h && suppress.known(*h);
	if (known) {
		suppress.count(*h);
		h = nullptr;
	}
	if (save_dir.empty() && h) {
		/* the report ends the input, as a sanitizer finding does */
		fprintf(stderr, "%s", h->text.c_str());
		fprintf(stderr, "kctx: report: %s\nkctx: key: %s\n", h->title.c_str(), h->key.c_str());
		fprintf(stderr, "%s", crash_trailer(*h).c_str());
		fflush(stderr);
		abort();
	}
	for (const kshim::Report &rep : r.reports)
		if (!known && !rep.injected && !suppress.known(rep) && seen_keys.insert(rep.key).second)
			save_input(data, size, rep);
	return 0;
}
