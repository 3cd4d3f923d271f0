// SPDX-License-Identifier: GPL-2.0
/*
 * A KUnit suite with a parameterised case (generate_params set), which
 * tools/kctx kunit refuses: run once, the case would pass for the
 * parameters it never tried.  ctest's kunit.param_refused checks the one
 * error line and the exit status.
 */
#include <kunit/test.h>

static void kshim_param_case(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, true);
}

static const void *kshim_param_gen(const void *prev, char *desc)
{
	return prev ? NULL : (const void *)1;
}

static struct kunit_case kshim_param_cases[] = {
	{ .run_case = kshim_param_case, .name = "kshim_param_case", .generate_params = kshim_param_gen },
	{}
};

static struct kunit_suite kshim_param_suite = {
	.name = "kshim_param",
	.test_cases = kshim_param_cases,
};

kunit_test_suites(&kshim_param_suite);
