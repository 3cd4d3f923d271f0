/* SPDX-License-Identifier: GPL-2.0 */
/* Run a Program on a fresh simulated kernel and collect what it reported. */
#pragma once

#include "program.h"

#include <kshim/kshim.h>

#include <string>
#include <vector>

namespace kctx {

struct RunOptions {
	kshim::ChoiceSource *choices = nullptr;	/* default: the program's choices or seed, else quiet */
	bool trace = false;
	bool print = true;			/* print the run's reports on stdout */
	bool console = true;			/* keep the kernel console (RunResult::console) */
	/* The fuzzer's extra coverage: (operation x context) pairs and swiotlb state. */
	uint8_t *features = nullptr;
	size_t nfeatures = 0;
};

struct RunResult {
	std::vector<kshim::Report> reports;
	std::vector<std::string> trace;
	std::vector<std::string> notes;		/* e.g. "platform newer than kernel" */
	std::string console;
	bool oops = false;			/* BUG() or a deadlock ended the run early */
	bool hung = false;

	/* The report a run is known by: its first finding (below), else its first report. */
	const kshim::Report *headline() const;
};

/*
 * A run's first report that is not the kernel's response to an injected
 * failure (those are expected, and the fuzz target saves no input for
 * them), or nullptr.
 */
inline const kshim::Report *first_finding(const std::vector<kshim::Report> &reports)
{
	for (const kshim::Report &r : reports)
		if (!r.injected)
			return &r;
	return nullptr;
}

inline const kshim::Report *RunResult::headline() const
{
	const kshim::Report *f = first_finding(reports);
	return f ? f : reports.empty() ? nullptr : &reports[0];
}

RunResult execute(const Program &p, const RunOptions &o);

/* The choices a program replays with: explicit bytes, else its seed, else none. */
struct ProgramChoices {
	explicit ProgramChoices(const Program &p);
	kshim::ChoiceSource *get() { return src; }
	kshim::ByteChoices bytes;
	kshim::SeededChoices seeded;
	kshim::QuietChoices quiet;
	kshim::ChoiceSource *src;
};

} /* namespace kctx */
