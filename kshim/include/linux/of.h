/* SPDX-License-Identifier: GPL-2.0 */
/* Nothing here: kctx has no device tree beyond the restricted pools it creates. */
#ifndef _KSHIM_LINUX_OF_H
#define _KSHIM_LINUX_OF_H
#include <linux/types.h>
#endif
