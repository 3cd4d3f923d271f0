/* SPDX-License-Identifier: GPL-2.0 */
/*
 * model: reserved-memory regions.  RESERVEDMEM_OF_DECLARE registers
 * the setup hook (6.12 passes a function, 7.x an ops table; both work).
 */
#ifndef _KSHIM_LINUX_OF_RESERVED_MEM_H
#define _KSHIM_LINUX_OF_RESERVED_MEM_H
#include <linux/types.h>
struct device;
struct reserved_mem_ops;
struct reserved_mem {
	const char *name;
	unsigned long fdt_node;
	const struct reserved_mem_ops *ops;
	phys_addr_t base;
	phys_addr_t size;
	void *priv;
};
struct reserved_mem_ops {
	int (*node_init)(unsigned long node, struct reserved_mem *rmem);
	int (*device_init)(struct reserved_mem *rmem, struct device *dev);
	void (*device_release)(struct reserved_mem *rmem, struct device *dev);
};
typedef int (*reservedmem_of_init_fn)(struct reserved_mem *rmem);
namespace kshim {
struct reservedmem_reg {
	reservedmem_reg(const char *compat, reservedmem_of_init_fn fn);
	reservedmem_reg(const char *compat, const struct reserved_mem_ops *ops);
};
}
/* model */
#define RESERVEDMEM_OF_DECLARE(name, compat, init) \
	static kshim::reservedmem_reg __reservedmem_of_table_##name(compat, init)
#endif
