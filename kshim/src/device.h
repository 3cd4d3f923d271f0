/* SPDX-License-Identifier: GPL-2.0 */
/* Devices, restricted pools and debugfs (device.cc). */
#pragma once

namespace kshim {

void devices_reset();

} /* namespace kshim */
