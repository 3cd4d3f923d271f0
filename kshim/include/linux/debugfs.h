/* SPDX-License-Identifier: GPL-2.0 */
/*
 * model: there is no filesystem; the files are recorded so that the
 * harness can read the counters back through their getters, which is what
 * a debugfs read would do.
 */
#ifndef _KSHIM_LINUX_DEBUGFS_H
#define _KSHIM_LINUX_DEBUGFS_H
#include <linux/types.h>
struct dentry;
struct file_operations;
struct kshim_debugfs_attr {
	int (*get)(void *, u64 *);
	int (*set)(void *, u64);
	const char *fmt;
};
#define DEFINE_DEBUGFS_ATTRIBUTE(__fops, __get, __set, __fmt) \
	static const struct kshim_debugfs_attr __fops = { __get, __set, __fmt }
struct dentry *debugfs_create_dir(const char *name, struct dentry *parent);
void debugfs_create_ulong(const char *name, umode_t mode, struct dentry *parent, unsigned long *value);
struct dentry *debugfs_create_file(const char *name, umode_t mode, struct dentry *parent, void *data,
				   const struct kshim_debugfs_attr *fops);
void debugfs_remove(struct dentry *dentry);	/* stub: swiotlb removes no debugfs file */
#endif
