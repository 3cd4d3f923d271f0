/* SPDX-License-Identifier: GPL-2.0 */
/* model: device messages go to the console with the device prefix */
#ifndef _KSHIM_LINUX_DEV_PRINTK_H
#define _KSHIM_LINUX_DEV_PRINTK_H
#include <linux/printk.h>
#include <linux/bug.h>
struct device;
void _dev_printk(const char *level, const struct device *dev, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
#define dev_err(dev, fmt, ...)	_dev_printk(KERN_ERR, dev, fmt, ##__VA_ARGS__)
#define dev_err_once(dev, fmt, ...) ({					\
	static bool __printed;						\
	if (!__printed) {						\
		__printed = true;					\
		kshim::register_once(&__printed);			\
		dev_err(dev, fmt, ##__VA_ARGS__);			\
	}								\
})
#define dev_warn(dev, fmt, ...)	_dev_printk(KERN_WARNING, dev, fmt, ##__VA_ARGS__)
#define dev_info(dev, fmt, ...)	_dev_printk(KERN_INFO, dev, fmt, ##__VA_ARGS__)
#define dev_dbg(dev, fmt, ...)	do { } while (0)	/* dup: without DEBUG nothing prints */
#define dev_warn_once(dev, fmt, ...) ({				\
	static bool __print_once;					\
	if (kshim::printk_once_site(&__print_once))			\
		dev_warn(dev, fmt, ##__VA_ARGS__);			\
})
/* as pr_warn_ratelimited: a run is shorter than one ratelimit interval */
#define dev_warn_ratelimited dev_warn_once
const char *__kshim_dev_driver_string(const struct device *dev);
#define dev_WARN_ONCE(dev, condition, format, arg...) \
	WARN_ONCE(condition, "%s %s: " format, __kshim_dev_driver_string(dev), dev_name(dev), ## arg)
#define dev_WARN(dev, format, arg...) \
	WARN(1, "%s %s: " format, __kshim_dev_driver_string(dev), dev_name(dev), ## arg)
#endif
