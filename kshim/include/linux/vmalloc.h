/* SPDX-License-Identifier: GPL-2.0 */
#include <linux/mm.h>
void vm_unmap_aliases(void);
