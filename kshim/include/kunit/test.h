/* SPDX-License-Identifier: GPL-2.0 */
/*
 * model: the KUnit API a kernel test suite is written against, run by kctx
 * (tools/kctx kunit) instead of the kernel's lib/kunit.  Suites register
 * themselves when the program starts (kunit_test_suites()); kctx's KUnit
 * runner (harness/kunit.cc) runs each case in a kshim task, as the kernel
 * runs it in a kthread, and prints KTAP as lib/kunit does.  A failed check
 * prints the kernel's text ("EXPECTATION FAILED at file:line", then
 * "Expected ... == ..., but" and the values); a failed assertion ends the case
 * at once, as the kernel's kunit_try_catch_throw() does, by a C++ exception
 * that the runner catches inside the case's task.  The runtime is
 * kshim/src/kunit.cc.
 */
#ifndef _KSHIM_KUNIT_TEST_H
#define _KSHIM_KUNIT_TEST_H
#include <linux/types.h>
#include <linux/err.h>
#include <linux/gfp_types.h>
#include <linux/linkage.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/kernel.h>

/* dup: the kernel's values and layout of the fields a suite sees */
#define KUNIT_INDENT_LEN		4	/* KTAP's indent per level of nesting */
#define KUNIT_SUBTEST_INDENT		"    "	/* one level: a suite's cases */
#define KUNIT_SUBSUBTEST_INDENT		"        "	/* two: parameterised cases */
#define KUNIT_STATUS_COMMENT_SIZE	256

enum kunit_status {
	KUNIT_SUCCESS,
	KUNIT_FAILURE,
	KUNIT_SKIPPED,
};

enum kunit_assert_type {
	KUNIT_ASSERTION,
	KUNIT_EXPECTATION,
};

struct kunit;
struct kunit_suite;

/* the fields in the kernel's order: suites initialise them by designator, which C++ keeps in order */
struct kunit_case {
	void (*run_case)(struct kunit *);
	const char *name;
	const void *(*generate_params)(const void *, char *);	/* kshim: not supported, must be NULL */
	enum kunit_status status;
};

struct kunit_suite {
	const char name[256];
	int (*suite_init)(struct kunit_suite *);	/* once, before the first case */
	void (*suite_exit)(struct kunit_suite *);	/* once, after the last */
	int (*init)(struct kunit *);			/* before each case */
	void (*exit)(struct kunit *);			/* after each case */
	struct kunit_case *test_cases;			/* ends with an empty entry */
	char status_comment[KUNIT_STATUS_COMMENT_SIZE];
	int suite_init_err;
};

struct kunit {
	void *priv;			/* the suite's own, from init to exit */
	const char *name;		/* the case's */
	const void *param_value;	/* kshim: always NULL */
	int param_index;
	enum kunit_status status;
	char status_comment[KUNIT_STATUS_COMMENT_SIZE];
	void *kshim_state;	/* kshim: the case's resources and deferred actions (kunit.cc) */
};

#define KUNIT_CASE(test_name)	{ .run_case = test_name, .name = #test_name }

/* model: registration when the program starts, in place of the kernel's .kunit_test_suites section */
int kshim_kunit_register(struct kunit_suite *const *suites, int n, const char *file);
#define __kshim_kunit_cat2(a, b)	a##b
#define __kshim_kunit_cat(a, b)		__kshim_kunit_cat2(a, b)
#define kunit_test_suites(...)							\
	static struct kunit_suite *const __kshim_kunit_cat(__kshim_kunit_suites_, __LINE__)[] = { __VA_ARGS__ }; \
	static int __kshim_kunit_cat(__kshim_kunit_reg_, __LINE__) __attribute__((used)) =		\
		kshim_kunit_register(__kshim_kunit_cat(__kshim_kunit_suites_, __LINE__),		\
				     sizeof(__kshim_kunit_cat(__kshim_kunit_suites_, __LINE__)) /	\
				     sizeof(struct kunit_suite *), __FILE__)
#define kunit_test_suite(suite)	kunit_test_suites(&suite)

/* model: test-managed memory and actions, released when the case ends (last added, first run) */
typedef void (kunit_action_t)(void *);
int kunit_add_action(struct kunit *test, kunit_action_t *action, void *ctx);
int kunit_add_action_or_reset(struct kunit *test, kunit_action_t *action, void *ctx);
void kunit_remove_action(struct kunit *test, kunit_action_t *action, void *ctx);
void kunit_release_action(struct kunit *test, kunit_action_t *action, void *ctx);
struct __kshim_void_ptr kunit_kmalloc(struct kunit *test, size_t size, gfp_t gfp);
struct __kshim_void_ptr kunit_kmalloc_array(struct kunit *test, size_t n, size_t size, gfp_t gfp);
void kunit_kfree(struct kunit *test, const void *ptr);
const char *kunit_kstrdup_const(struct kunit *test, const char *str, gfp_t gfp);
void kunit_kfree_const(struct kunit *test, const char *x);
/* dup: the kernel's compositions of the two above */
static inline struct __kshim_void_ptr kunit_kzalloc(struct kunit *test, size_t size, gfp_t gfp)
{
	return kunit_kmalloc(test, size, gfp | __GFP_ZERO);
}
static inline struct __kshim_void_ptr kunit_kcalloc(struct kunit *test, size_t n, size_t size, gfp_t gfp)
{
	return kunit_kmalloc_array(test, n, size, gfp | __GFP_ZERO);
}

/* model: the log lines of a case ("    # name: ..."), on kctx's KTAP stream */
void kshim_kunit_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#define kunit_log(lvl, test_or_suite, fmt, ...)	kshim_kunit_log(fmt, ##__VA_ARGS__)
#define kunit_printk(lvl, test, fmt, ...)	\
	kunit_log(lvl, test, KUNIT_SUBTEST_INDENT "# %s: " fmt, (test)->name, ##__VA_ARGS__)
#define kunit_info(test, fmt, ...)	kunit_printk(KERN_INFO, test, fmt, ##__VA_ARGS__)
#define kunit_warn(test, fmt, ...)	kunit_printk(KERN_WARNING, test, fmt, ##__VA_ARGS__)
#define kunit_err(test, fmt, ...)	kunit_printk(KERN_ERR, test, fmt, ##__VA_ARGS__)

/* model: end the running case (its task unwinds to the runner), as kunit_try_catch_throw() does */
[[noreturn]] void __kunit_abort(struct kunit *test);
void kunit_set_failure(struct kunit *test);
/* model: mark the case skipped, with the reason as its directive */
void kunit_mark_skipped(struct kunit *test, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#define kunit_skip(test, fmt, ...)	do { kunit_mark_skipped(test, fmt, ##__VA_ARGS__); __kunit_abort(test); } while (0)

/*
 * model: a failed check: lib/kunit/assert.c's text for each kind, printed
 * as one log line of the case, and the case marked failed.
 */
void kshim_kunit_fail_binary(struct kunit *test, const char *file, int line, enum kunit_assert_type type,
			     const char *left_text, const char *op, const char *right_text,
			     long long left, long long right, const char *fmt, ...);
void kshim_kunit_fail_ptr(struct kunit *test, const char *file, int line, enum kunit_assert_type type,
			  const char *left_text, const char *op, const char *right_text,
			  const void *left, const void *right, const char *fmt, ...);
void kshim_kunit_fail_str(struct kunit *test, const char *file, int line, enum kunit_assert_type type,
			  const char *left_text, const char *op, const char *right_text,
			  const char *left, const char *right, const char *fmt, ...);
void kshim_kunit_fail_unary(struct kunit *test, const char *file, int line, enum kunit_assert_type type,
			    const char *cond, bool expected_true, const char *fmt, ...);
void kshim_kunit_fail_not_err(struct kunit *test, const char *file, int line, enum kunit_assert_type type,
			      const char *text, const void *value, const char *fmt, ...);
void kshim_kunit_fail_msg(struct kunit *test, const char *file, int line, enum kunit_assert_type type,
			  const char *fmt, ...);

#define __kshim_kunit_end(test, type)	do { if ((type) == KUNIT_ASSERTION) __kunit_abort(test); } while (0)

/*
 * dup: the kernel's checks.  Each operand is evaluated once into its own type
 * (TL, TR), judged by `ok` on __kl and __kr, and a failure is printed by
 * `fail` with the operands as it takes them (L, R).
 */
#define __kshim_kunit_check(test, type, TL, TR, left, op, right, ok, fail, L, R, fmt, ...) do {	\
	TL __kl = (left);										\
	TR __kr = (right);										\
	if (!(ok)) {											\
		fail(test, __FILE__, __LINE__, type, #left, #op, #right, L, R, fmt, ##__VA_ARGS__);	\
		__kshim_kunit_end(test, type);								\
	}												\
} while (0)
#define __kshim_kunit_binary(test, type, left, op, right, fmt, ...)					\
	__kshim_kunit_check(test, type, const __typeof__(left), const __typeof__(right), left, op, right,	\
			    __kl op __kr, kshim_kunit_fail_binary, (long long)__kl, (long long)__kr,	\
			    fmt, ##__VA_ARGS__)
#define __kshim_kunit_ptr(test, type, left, op, right, fmt, ...)					\
	__kshim_kunit_check(test, type, const void *, const void *, left, op, right, __kl op __kr,	\
			    kshim_kunit_fail_ptr, __kl, __kr, fmt, ##__VA_ARGS__)
#define __kshim_kunit_str(test, type, left, op, right, fmt, ...)					\
	__kshim_kunit_check(test, type, const char *, const char *, left, op, right,			\
			    strcmp(__kl, __kr) op 0, kshim_kunit_fail_str, __kl, __kr, fmt, ##__VA_ARGS__)
#define __kshim_kunit_unary(test, type, cond, expect, fmt, ...) do {				\
	if (!!(cond) != (expect)) {								\
		kshim_kunit_fail_unary(test, __FILE__, __LINE__, type, #cond, expect,		\
				       fmt, ##__VA_ARGS__);					\
		__kshim_kunit_end(test, type);							\
	}											\
} while (0)
#define __kshim_kunit_not_err(test, type, ptr, fmt, ...) do {					\
	const void *__kp = (ptr);								\
	if (IS_ERR_OR_NULL(__kp)) {								\
		kshim_kunit_fail_not_err(test, __FILE__, __LINE__, type, #ptr, __kp,		\
					 fmt, ##__VA_ARGS__);					\
		__kshim_kunit_end(test, type);							\
	}											\
} while (0)

#define KUNIT_FAIL(test, fmt, ...) \
	kshim_kunit_fail_msg(test, __FILE__, __LINE__, KUNIT_EXPECTATION, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_FAILURE(test, fmt, ...) do { \
	kshim_kunit_fail_msg(test, __FILE__, __LINE__, KUNIT_ASSERTION, fmt, ##__VA_ARGS__); \
	__kunit_abort(test); \
} while (0)

#define KUNIT_EXPECT_TRUE_MSG(test, c, fmt, ...)	__kshim_kunit_unary(test, KUNIT_EXPECTATION, c, true, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_FALSE_MSG(test, c, fmt, ...)	__kshim_kunit_unary(test, KUNIT_EXPECTATION, c, false, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_TRUE_MSG(test, c, fmt, ...)	__kshim_kunit_unary(test, KUNIT_ASSERTION, c, true, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_FALSE_MSG(test, c, fmt, ...)	__kshim_kunit_unary(test, KUNIT_ASSERTION, c, false, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_TRUE(test, c)	KUNIT_EXPECT_TRUE_MSG(test, c, NULL)
#define KUNIT_EXPECT_FALSE(test, c)	KUNIT_EXPECT_FALSE_MSG(test, c, NULL)
#define KUNIT_ASSERT_TRUE(test, c)	KUNIT_ASSERT_TRUE_MSG(test, c, NULL)
#define KUNIT_ASSERT_FALSE(test, c)	KUNIT_ASSERT_FALSE_MSG(test, c, NULL)

#define KUNIT_EXPECT_EQ_MSG(test, l, r, fmt, ...)	__kshim_kunit_binary(test, KUNIT_EXPECTATION, l, ==, r, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_NE_MSG(test, l, r, fmt, ...)	__kshim_kunit_binary(test, KUNIT_EXPECTATION, l, !=, r, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_LT_MSG(test, l, r, fmt, ...)	__kshim_kunit_binary(test, KUNIT_EXPECTATION, l, <, r, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_LE_MSG(test, l, r, fmt, ...)	__kshim_kunit_binary(test, KUNIT_EXPECTATION, l, <=, r, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_GT_MSG(test, l, r, fmt, ...)	__kshim_kunit_binary(test, KUNIT_EXPECTATION, l, >, r, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_GE_MSG(test, l, r, fmt, ...)	__kshim_kunit_binary(test, KUNIT_EXPECTATION, l, >=, r, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_EQ_MSG(test, l, r, fmt, ...)	__kshim_kunit_binary(test, KUNIT_ASSERTION, l, ==, r, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_NE_MSG(test, l, r, fmt, ...)	__kshim_kunit_binary(test, KUNIT_ASSERTION, l, !=, r, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_LT_MSG(test, l, r, fmt, ...)	__kshim_kunit_binary(test, KUNIT_ASSERTION, l, <, r, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_LE_MSG(test, l, r, fmt, ...)	__kshim_kunit_binary(test, KUNIT_ASSERTION, l, <=, r, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_GT_MSG(test, l, r, fmt, ...)	__kshim_kunit_binary(test, KUNIT_ASSERTION, l, >, r, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_GE_MSG(test, l, r, fmt, ...)	__kshim_kunit_binary(test, KUNIT_ASSERTION, l, >=, r, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_EQ(test, l, r)	KUNIT_EXPECT_EQ_MSG(test, l, r, NULL)
#define KUNIT_EXPECT_NE(test, l, r)	KUNIT_EXPECT_NE_MSG(test, l, r, NULL)
#define KUNIT_EXPECT_LT(test, l, r)	KUNIT_EXPECT_LT_MSG(test, l, r, NULL)
#define KUNIT_EXPECT_LE(test, l, r)	KUNIT_EXPECT_LE_MSG(test, l, r, NULL)
#define KUNIT_EXPECT_GT(test, l, r)	KUNIT_EXPECT_GT_MSG(test, l, r, NULL)
#define KUNIT_EXPECT_GE(test, l, r)	KUNIT_EXPECT_GE_MSG(test, l, r, NULL)
#define KUNIT_ASSERT_EQ(test, l, r)	KUNIT_ASSERT_EQ_MSG(test, l, r, NULL)
#define KUNIT_ASSERT_NE(test, l, r)	KUNIT_ASSERT_NE_MSG(test, l, r, NULL)
#define KUNIT_ASSERT_LT(test, l, r)	KUNIT_ASSERT_LT_MSG(test, l, r, NULL)
#define KUNIT_ASSERT_LE(test, l, r)	KUNIT_ASSERT_LE_MSG(test, l, r, NULL)
#define KUNIT_ASSERT_GT(test, l, r)	KUNIT_ASSERT_GT_MSG(test, l, r, NULL)
#define KUNIT_ASSERT_GE(test, l, r)	KUNIT_ASSERT_GE_MSG(test, l, r, NULL)

#define KUNIT_EXPECT_PTR_EQ_MSG(test, l, r, fmt, ...)	__kshim_kunit_ptr(test, KUNIT_EXPECTATION, l, ==, r, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_PTR_NE_MSG(test, l, r, fmt, ...)	__kshim_kunit_ptr(test, KUNIT_EXPECTATION, l, !=, r, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_PTR_EQ_MSG(test, l, r, fmt, ...)	__kshim_kunit_ptr(test, KUNIT_ASSERTION, l, ==, r, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_PTR_NE_MSG(test, l, r, fmt, ...)	__kshim_kunit_ptr(test, KUNIT_ASSERTION, l, !=, r, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_PTR_EQ(test, l, r)	KUNIT_EXPECT_PTR_EQ_MSG(test, l, r, NULL)
#define KUNIT_EXPECT_PTR_NE(test, l, r)	KUNIT_EXPECT_PTR_NE_MSG(test, l, r, NULL)
#define KUNIT_ASSERT_PTR_EQ(test, l, r)	KUNIT_ASSERT_PTR_EQ_MSG(test, l, r, NULL)
#define KUNIT_ASSERT_PTR_NE(test, l, r)	KUNIT_ASSERT_PTR_NE_MSG(test, l, r, NULL)
#define KUNIT_EXPECT_NULL(test, p)	KUNIT_EXPECT_PTR_EQ_MSG(test, NULL, p, NULL)
#define KUNIT_EXPECT_NOT_NULL(test, p)	KUNIT_EXPECT_PTR_NE_MSG(test, NULL, p, NULL)
#define KUNIT_ASSERT_NULL(test, p)	KUNIT_ASSERT_PTR_EQ_MSG(test, NULL, p, NULL)
#define KUNIT_ASSERT_NOT_NULL(test, p)	KUNIT_ASSERT_PTR_NE_MSG(test, NULL, p, NULL)

#define KUNIT_EXPECT_STREQ_MSG(test, l, r, fmt, ...)	__kshim_kunit_str(test, KUNIT_EXPECTATION, l, ==, r, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_STRNEQ_MSG(test, l, r, fmt, ...)	__kshim_kunit_str(test, KUNIT_EXPECTATION, l, !=, r, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_STREQ_MSG(test, l, r, fmt, ...)	__kshim_kunit_str(test, KUNIT_ASSERTION, l, ==, r, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_STREQ(test, l, r)	KUNIT_EXPECT_STREQ_MSG(test, l, r, NULL)
#define KUNIT_EXPECT_STRNEQ(test, l, r)	KUNIT_EXPECT_STRNEQ_MSG(test, l, r, NULL)
#define KUNIT_ASSERT_STREQ(test, l, r)	KUNIT_ASSERT_STREQ_MSG(test, l, r, NULL)

#define KUNIT_EXPECT_NOT_ERR_OR_NULL_MSG(test, p, fmt, ...)	__kshim_kunit_not_err(test, KUNIT_EXPECTATION, p, fmt, ##__VA_ARGS__)
#define KUNIT_ASSERT_NOT_ERR_OR_NULL_MSG(test, p, fmt, ...)	__kshim_kunit_not_err(test, KUNIT_ASSERTION, p, fmt, ##__VA_ARGS__)
#define KUNIT_EXPECT_NOT_ERR_OR_NULL(test, p)	KUNIT_EXPECT_NOT_ERR_OR_NULL_MSG(test, p, NULL)
#define KUNIT_ASSERT_NOT_ERR_OR_NULL(test, p)	KUNIT_ASSERT_NOT_ERR_OR_NULL_MSG(test, p, NULL)
#endif
