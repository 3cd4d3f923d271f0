/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Naming a run's reports: syzkaller's title (triage/) and kctx's
 * de-duplication key, computed after the run, outside kshim and its fibers.
 */
#pragma once

#include <kshim/kshim.h>

#include <string>
#include <vector>

namespace kctx {

/*
 * The harness's own frames: the operations (kctx_map, kctx_run_op, ...), its
 * deferred work (kctx_timer_fn, ...) and the system call its tasks stand in
 * for.  A title never names them: below them is the kernel's entry point.
 */
extern const char kHarnessFrames[];

/*
 * Give every report its title and key, from its text and frames; drop the
 * reports whose key an earlier one of the run has (a run shows each key
 * once).  files_under_test are the kernel files whose frames name a key.
 */
void name_reports(std::vector<kshim::Report> &reports, const std::vector<std::string> &files_under_test,
		  const char *harness_frames = kHarnessFrames);

} /* namespace kctx */
