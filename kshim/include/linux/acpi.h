/* SPDX-License-Identifier: GPL-2.0 */
/* dup: nothing of ACPI is used by the DMA files kctx ports; the header only has to exist */
#ifndef _KSHIM_LINUX_ACPI_H
#define _KSHIM_LINUX_ACPI_H
#endif
