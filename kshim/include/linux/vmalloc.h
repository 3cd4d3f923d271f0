/* SPDX-License-Identifier: GPL-2.0 */
#include <linux/mm.h>
/* model: takes the vmap purge mutex, where x86's set_memory_*() sleeps */
void vm_unmap_aliases(void);
