/* SPDX-License-Identifier: GPL-2.0 */
/* The KUnit runner (kunit.cc): a variant's registered suites, run as the kernel runs them. */
#pragma once

#include "decoder.h"

#include <string>

namespace kctx {

struct KunitOptions {
	std::string filter;		/* "suite" or "suite.case", with * and ? (kunit.filter_glob) */
	std::string case_context;	/* decorations every case runs inside: "+spin_irqsave +rcu" */
	unsigned schedules = 1;		/* schedules per case: the first default, the others seeded */
	bool warn_fails = false;		/* a plain kernel WARN fails the case (KUnit only logs it) */
	bool list = false;		/* print suite.case names instead of running them */
};

/* Print KTAP on stdout, every kctx report in full on stderr.  0: all ok; 1: a case not ok. */
int kunit_main(const KunitOptions &o, const Pins &pins);

} /* namespace kctx */
