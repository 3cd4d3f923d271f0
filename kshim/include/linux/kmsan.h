/* SPDX-License-Identifier: GPL-2.0 */
/* stub: KMSAN is off in the kernels kctx models, where these hooks are empty inlines too */
#ifndef _KSHIM_LINUX_KMSAN_H
#define _KSHIM_LINUX_KMSAN_H
#include <linux/kmsan-checks.h>
template <class... A> static inline void kmsan_handle_dma(A &&...) {}
template <class... A> static inline void kmsan_handle_dma_sg(A &&...) {}
#endif
