/* SPDX-License-Identifier: GPL-2.0 */
/*
 * model: KUnit's test devices and drivers (the kernel's lib/kunit/device.c).
 * They sit on one "kunit" bus that has no match function, so, as in the
 * kernel, a device that registers binds to the first driver on that bus and
 * its probe() runs then; unregistering a device unbinds it (its devm_*
 * resources are released) and frees it.  Both are released when the case
 * ends, if the case did not release them first.
 */
#ifndef _KSHIM_KUNIT_DEVICE_H
#define _KSHIM_KUNIT_DEVICE_H
#include <kunit/test.h>
#include <linux/device.h>

struct device_driver *kunit_driver_create(struct kunit *test, const char *name);
struct device *kunit_device_register(struct kunit *test, const char *name);
struct device *kunit_device_register_with_driver(struct kunit *test, const char *name,
						 const struct device_driver *drv);
void kunit_device_unregister(struct kunit *test, struct device *dev);
#endif
