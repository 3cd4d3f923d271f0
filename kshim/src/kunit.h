/* SPDX-License-Identifier: GPL-2.0 */
/* KUnit's runtime state (kunit.cc). */
#pragma once

namespace kshim {

void kunit_reset();

} /* namespace kshim */
