// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit for kernel test suites under kshim: registration, a case's managed
 * memory and deferred actions, the failure text of the kernel's
 * lib/kunit/assert.c, the abort of a case, and KUnit's test devices and
 * drivers (lib/kunit/device.c).  Running the suites is the harness's
 * (harness/kunit.cc): it runs each case in a kshim task and prints KTAP.
 */
#include "sched.h"
#include "kunit.h"
#include "printk.h"

#include <kshim/kunit.h>
#include <kunit/device.h>
#include <kunit/test.h>
#include <linux/bug.h>
#include <linux/device.h>
#include <linux/dma-mapping.h>
#include <linux/slab.h>

#include <algorithm>
#include <cinttypes>
#include <cstdarg>
#include <cstring>
#include <string>
#include <vector>

namespace kshim {

static std::vector<KunitSuiteReg> &suite_list()
{
	static std::vector<KunitSuiteReg> l;
	return l;
}

const std::vector<KunitSuiteReg> &kunit_suites()
{
	return suite_list();
}

static std::string ktap;

std::string kunit_take_log()
{
	std::string s;
	s.swap(ktap);
	return s;
}

void kunit_log_line(const std::string &s)
{
	ktap += s;
	if (s.empty() || s.back() != '\n')
		ktap += '\n';
}

/* A test's deferred actions, oldest first. */
struct KunitAction {
	kunit_action_t *fn;
	void *ctx;
};
struct KunitState {
	std::vector<KunitAction> actions;
};

static KunitState *state_of(struct kunit *test)
{
	if (!test->kshim_state)
		test->kshim_state = new KunitState();
	return (KunitState *)test->kshim_state;
}

void kunit_init_test(struct kunit *test, const char *name)
{
	memset((void *)test, 0, sizeof(*test));
	test->name = name;
	test->status = KUNIT_SUCCESS;
}

void kunit_cleanup(struct kunit *test)
{
	if (!test->kshim_state)
		return;
	KunitState *st = (KunitState *)test->kshim_state;
	/* an action may add or release others: take them one at a time, newest first */
	while (!st->actions.empty()) {
		KunitAction a = st->actions.back();
		st->actions.pop_back();
		a.fn(a.ctx);
	}
	delete st;
	test->kshim_state = nullptr;
}

/* The suites' drivers on the kunit bus, in the order they registered (the bus's driver list). */
static std::vector<struct device_driver *> kunit_bus_drivers;

void kunit_reset()
{
	ktap.clear();
	kunit_bus_drivers.clear();
}

} /* namespace kshim */

using namespace kshim;

/* ---- registration and logging ------------------------------------------------------------- */

int kshim_kunit_register(struct kunit_suite *const *suites, int n, const char *file)
{
	for (int i = 0; i < n; i++)
		suite_list().push_back({ suites[i], file });
	return n;
}

void kshim_kunit_log(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	std::string s = kvformat(fmt, ap);
	va_end(ap);
	kunit_log_line(s);
}

/* ---- deferred actions and managed memory ---------------------------------------------------- */

/* model */
int kunit_add_action(struct kunit *test, kunit_action_t *action, void *ctx)
{
	state_of(test)->actions.push_back({ action, ctx });
	return 0;
}

/* model: as kunit_add_action(); if it cannot be added, the action runs at once */
int kunit_add_action_or_reset(struct kunit *test, kunit_action_t *action, void *ctx)
{
	return kunit_add_action(test, action, ctx);
}

static bool take_action(struct kunit *test, kunit_action_t *action, void *ctx)
{
	if (!test->kshim_state)
		return false;
	auto &l = state_of(test)->actions;
	for (auto it = l.rbegin(); it != l.rend(); ++it) {
		if (it->fn == action && it->ctx == ctx) {
			l.erase(std::next(it).base());
			return true;
		}
	}
	return false;
}

/* model: forget an action without running it */
void kunit_remove_action(struct kunit *test, kunit_action_t *action, void *ctx)
{
	take_action(test, action, ctx);
}

/* model: run an action now, and not again at the end of the case */
void kunit_release_action(struct kunit *test, kunit_action_t *action, void *ctx)
{
	if (take_action(test, action, ctx))
		action(ctx);
}

static void kunit_kfree_action(void *p)
{
	kfree(p);
}

/* model: kmalloc() that the end of the case frees */
struct __kshim_void_ptr kunit_kmalloc(struct kunit *test, size_t size, gfp_t gfp)
{
	void *p = kmalloc(size, gfp);
	if (p)
		kunit_add_action(test, kunit_kfree_action, p);
	return { p };
}

/* model */
struct __kshim_void_ptr kunit_kmalloc_array(struct kunit *test, size_t n, size_t size, gfp_t gfp)
{
	size_t bytes;
	if (__builtin_mul_overflow(n, size, &bytes))
		return { nullptr };
	return kunit_kmalloc(test, bytes, gfp);
}

/*
 * model: free a kunit_kmalloc() allocation early. Anything else is a WARN of
 * kshim's own, at kshim's line: the kernel's kunit_release_action() (6.12 and
 * 7.2) finds no action for it and returns quietly.
 */
void kunit_kfree(struct kunit *test, const void *ptr)
{
	if (!ptr)
		return;
	if (!take_action(test, kunit_kfree_action, (void *)ptr)) {
		WARN(1, "kunit_kfree: %p is not a KUnit allocation\n", ptr);
		return;
	}
	kfree(ptr);
}

/* model: a managed copy (the kernel keeps .rodata strings as they are; kshim always copies) */
const char *kunit_kstrdup_const(struct kunit *test, const char *str, gfp_t gfp)
{
	if (!str)
		return nullptr;
	size_t n = strlen(str) + 1;
	char *p = kunit_kmalloc(test, n, gfp);
	if (p)
		memcpy(p, str, n);
	return p;
}

/* model */
void kunit_kfree_const(struct kunit *test, const char *x)
{
	kunit_kfree(test, x);
}

/* ---- failures -------------------------------------------------------------------------------- */

/* model */
void kunit_set_failure(struct kunit *test)
{
	test->status = KUNIT_FAILURE;
}

/* model */
void kunit_mark_skipped(struct kunit *test, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	std::string s = kvformat(fmt, ap);
	va_end(ap);
	test->status = KUNIT_SKIPPED;
	snprintf(test->status_comment, sizeof(test->status_comment), "%s", s.c_str());
}

/* model */
[[noreturn]] void __kunit_abort(struct kunit *test)
{
	(void)test;
	throw KunitAbort();
}

/* Is text the decimal spelling of value?  Then the kernel prints no "text == value" line for it. */
static bool is_literal(const char *text, long long value)
{
	char buf[32];
	snprintf(buf, sizeof(buf), "%lld", value);
	return strcmp(buf, text) == 0;
}

/* The failure's first line, its body, and the optional message; printed as one log entry of the case. */
static void fail(struct kunit *test, const char *file, int line, enum kunit_assert_type type,
		 const std::string &body, const char *fmt, va_list ap)
{
	kunit_set_failure(test);
	std::string s = strf("%s FAILED at %s:%d\n", type == KUNIT_ASSERTION ? "ASSERTION" : "EXPECTATION",
			     file, line);
	s += body;
	if (fmt)
		s += "\n" + kvformat(fmt, ap);
	kunit_log_line(strf(KUNIT_SUBTEST_INDENT "# %s: ", test->name) + s);
}

void kshim_kunit_fail_binary(struct kunit *test, const char *file, int line, enum kunit_assert_type type,
			     const char *left_text, const char *op, const char *right_text,
			     long long left, long long right, const char *fmt, ...)
{
	std::string b = strf(KUNIT_SUBTEST_INDENT "Expected %s %s %s, but\n", left_text, op, right_text);
	if (!is_literal(left_text, left))
		b += strf(KUNIT_SUBSUBTEST_INDENT "%s == %lld (0x%llx)\n", left_text, left, (unsigned long long)left);
	if (!is_literal(right_text, right))
		b += strf(KUNIT_SUBSUBTEST_INDENT "%s == %lld (0x%llx)", right_text, right, (unsigned long long)right);
	va_list ap;
	va_start(ap, fmt);
	fail(test, file, line, type, b, fmt, ap);
	va_end(ap);
}

void kshim_kunit_fail_ptr(struct kunit *test, const char *file, int line, enum kunit_assert_type type,
			  const char *left_text, const char *op, const char *right_text,
			  const void *left, const void *right, const char *fmt, ...)
{
	/* %px: the raw pointer, 16 hex digits */
	std::string b = strf(KUNIT_SUBTEST_INDENT "Expected %s %s %s, but\n", left_text, op, right_text);
	b += strf(KUNIT_SUBSUBTEST_INDENT "%s == %016" PRIxPTR "\n", left_text, (uintptr_t)left);
	b += strf(KUNIT_SUBSUBTEST_INDENT "%s == %016" PRIxPTR, right_text, (uintptr_t)right);
	va_list ap;
	va_start(ap, fmt);
	fail(test, file, line, type, b, fmt, ap);
	va_end(ap);
}

/* Is text the quoted spelling of value?  Then no "text == value" line either. */
static bool is_str_literal(const char *text, const char *value)
{
	size_t n = strlen(text);
	return n >= 2 && text[0] == '"' && text[n - 1] == '"' && strlen(value) == n - 2 &&
	       strncmp(text + 1, value, n - 2) == 0;
}

void kshim_kunit_fail_str(struct kunit *test, const char *file, int line, enum kunit_assert_type type,
			  const char *left_text, const char *op, const char *right_text,
			  const char *left, const char *right, const char *fmt, ...)
{
	std::string b = strf(KUNIT_SUBTEST_INDENT "Expected %s %s %s, but\n", left_text, op, right_text);
	if (!is_str_literal(left_text, left))
		b += strf(KUNIT_SUBSUBTEST_INDENT "%s == \"%s\"\n", left_text, left);
	if (!is_str_literal(right_text, right))
		b += strf(KUNIT_SUBSUBTEST_INDENT "%s == \"%s\"", right_text, right);
	va_list ap;
	va_start(ap, fmt);
	fail(test, file, line, type, b, fmt, ap);
	va_end(ap);
}

void kshim_kunit_fail_unary(struct kunit *test, const char *file, int line, enum kunit_assert_type type,
			    const char *cond, bool expected_true, const char *fmt, ...)
{
	std::string b = strf(KUNIT_SUBTEST_INDENT "Expected %s to be %s, but is %s\n", cond,
			     expected_true ? "true" : "false", expected_true ? "false" : "true");
	va_list ap;
	va_start(ap, fmt);
	fail(test, file, line, type, b, fmt, ap);
	va_end(ap);
}

void kshim_kunit_fail_not_err(struct kunit *test, const char *file, int line, enum kunit_assert_type type,
			      const char *text, const void *value, const char *fmt, ...)
{
	std::string b = !value ? strf(KUNIT_SUBTEST_INDENT "Expected %s is not null, but is\n", text)
			       : strf(KUNIT_SUBTEST_INDENT "Expected %s is not error, but is: %ld\n", text,
				      PTR_ERR(value));
	va_list ap;
	va_start(ap, fmt);
	fail(test, file, line, type, b, fmt, ap);
	va_end(ap);
}

void kshim_kunit_fail_msg(struct kunit *test, const char *file, int line, enum kunit_assert_type type,
			  const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	/* KUNIT_FAIL's text is the message alone */
	std::string msg = fmt ? kvformat(fmt, ap) : "";
	va_end(ap);
	kunit_set_failure(test);
	kunit_log_line(strf(KUNIT_SUBTEST_INDENT "# %s: %s FAILED at %s:%d\n", test->name,
			    type == KUNIT_ASSERTION ? "ASSERTION" : "EXPECTATION", file, line) + msg);
}

/* ---- test devices and drivers (lib/kunit/device.c) --------------------------------------------- */

namespace kshim {
/* A device a case owns: the kernel's struct kunit_device. */
struct KunitDevice {
	struct device dev;
	struct kunit *owner;
	struct device_driver *own_driver;	/* made for this device alone (kunit_device_register()) */
	char name[96];
};
} /* namespace kshim */

/* dup */
static KunitDevice *to_kunit_device(struct device *dev)
{
	return container_of(dev, KunitDevice, dev);
}

/* model: the bus's driver list, its devices' binding and removal */
static void driver_unregister_action(void *p)
{
	struct device_driver *drv = (struct device_driver *)p;
	auto &l = kunit_bus_drivers;
	l.erase(std::remove(l.begin(), l.end(), drv), l.end());
}

/* model: a driver on the kunit bus, unregistered when the case ends */
struct device_driver *kunit_driver_create(struct kunit *test, const char *name)
{
	struct device_driver *drv = kunit_kzalloc(test, sizeof(*drv), GFP_KERNEL);
	if (!drv)
		return ERR_PTR(-ENOMEM);
	drv->name = kunit_kstrdup_const(test, name, GFP_KERNEL);
	kunit_bus_drivers.push_back(drv);
	kunit_add_action(test, driver_unregister_action, drv);
	return drv;
}

/* device_del(): unbind (remove(), then the devres), then the last reference goes */
static void device_unregister_action(void *p)
{
	struct device *dev = (struct device *)p;
	if (dev->driver && dev->driver->remove)
		dev->driver->remove(dev);
	devres_release_all(dev);
	dev->driver = nullptr;
	kfree(to_kunit_device(dev));
}

/*
 * bus_probe_device(): the kunit bus matches every driver, so the device
 * binds to the first one on the bus whose probe succeeds; a failed probe
 * releases what it took (really_probe()), and the device stays unbound (the
 * next driver tries only after -ENODEV or -ENXIO).
 */
static void kunit_bus_probe(struct device *dev)
{
	std::vector<struct device_driver *> drivers = kunit_bus_drivers;
	for (struct device_driver *drv : drivers) {
		dev->driver = drv;
		int ret = drv->probe ? drv->probe(dev) : 0;
		if (ret == 0)
			return;
		devres_release_all(dev);
		dev->driver = nullptr;
		if (ret != -ENODEV && ret != -ENXIO)
			return;	/* only "not my device" lets the next driver try */
	}
}

static KunitDevice *kunit_device_register_internal(struct kunit *test, const char *name)
{
	KunitDevice *kd = kzalloc(sizeof(*kd), GFP_KERNEL);
	if (!kd)
		return ERR_PTR(-ENOMEM);
	kd->owner = test;
	snprintf(kd->name, sizeof(kd->name), "%s.%s", test->name, name);
	kd->dev.init_name = kd->name;
	device_initialize(&kd->dev);
	kunit_bus_probe(&kd->dev);
	/* after device_register(), as the kernel does: a 32-bit coherent mask, the mask pointing at it */
	kd->dev.dma_mask = &kd->dev.coherent_dma_mask;
	kd->dev.coherent_dma_mask = DMA_BIT_MASK(32);
	kunit_add_action(test, device_unregister_action, &kd->dev);
	return kd;
}

/* model */
struct device *kunit_device_register_with_driver(struct kunit *test, const char *name,
						 const struct device_driver *drv)
{
	(void)drv;	/* the kernel's binds by bus matching too, not to drv */
	KunitDevice *kd = kunit_device_register_internal(test, name);
	if (IS_ERR(kd))
		return ERR_PTR(PTR_ERR(kd));
	return &kd->dev;
}

/* model */
struct device *kunit_device_register(struct kunit *test, const char *name)
{
	struct device_driver *drv = kunit_driver_create(test, name);
	if (IS_ERR(drv))
		return ERR_PTR(PTR_ERR(drv));
	KunitDevice *kd = kunit_device_register_internal(test, name);
	if (IS_ERR(kd)) {
		kunit_release_action(test, driver_unregister_action, drv);
		return ERR_PTR(PTR_ERR(kd));
	}
	kd->own_driver = drv;
	return &kd->dev;
}

/* model: unregister early, with the driver made for the device */
void kunit_device_unregister(struct kunit *test, struct device *dev)
{
	struct device_driver *own = to_kunit_device(dev)->own_driver;
	kunit_release_action(test, device_unregister_action, dev);
	if (own) {
		const char *name = own->name;
		kunit_release_action(test, driver_unregister_action, own);
		kunit_kfree_const(test, name);
	}
}
