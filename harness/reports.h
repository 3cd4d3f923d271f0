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
 * Give every report its title and key, from its text and frames; drop the
 * reports whose key an earlier one of the run has (a run shows each key
 * once).  files_under_test are the kernel files whose frames name a key.
 */
void name_reports(std::vector<kshim::Report> &reports, const std::vector<std::string> &files_under_test);

} /* namespace kctx */
