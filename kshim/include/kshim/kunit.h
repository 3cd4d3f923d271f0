/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kshim's KUnit runtime as the runner (harness/kunit.cc) and tests see it:
 * the registered suites, a case's set-up and clean-up, the abort that ends a
 * case, and the KTAP stream the case's log lines go to.
 */
#pragma once

#include <string>
#include <vector>

struct kunit;
struct kunit_suite;

namespace kshim {

struct KunitSuiteReg {
	struct kunit_suite *suite;
	const char *file;	/* the file that registered it */
};
const std::vector<KunitSuiteReg> &kunit_suites();

/* What __kunit_abort() throws: the runner catches it in the case's task. */
struct KunitAbort {};

/* kunit_init_test(): a fresh test for a case named name. */
void kunit_init_test(struct kunit *test, const char *name);
/* kunit_cleanup(): run the test's deferred actions, newest first, and free its state. */
void kunit_cleanup(struct kunit *test);

/* The log lines written since the last call (each ends in a newline). */
std::string kunit_take_log();
/* Append a line (a newline is added if it lacks one). */
void kunit_log_line(const std::string &s);

} /* namespace kshim */
