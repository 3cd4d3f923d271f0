// SPDX-License-Identifier: GPL-2.0
/*
 * One ported kernel file as a translation unit of its own (KCTX_PORTED_UNIT,
 * set by swiotlb/variants.cmake).  Its data goes in the port's sections,
 * which swiotlb_reset_globals() restores before every run, as for
 * swiotlb.c in glue.cc.
 */
#pragma clang section bss = "kctx_port_bss" data = "kctx_port_data"
#include KCTX_PORTED_UNIT
#pragma clang section bss = "" data = ""
