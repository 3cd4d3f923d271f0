/* SPDX-License-Identifier: GPL-2.0 */
/* The .kctx scenario format: parse a file into a Program, print a Program back. */
#pragma once

#include "program.h"

#include <stdexcept>
#include <string>

namespace kctx {

/* A malformed scenario: the message is "file:line:col: what was expected". */
struct ScenarioError : std::runtime_error {
	using std::runtime_error::runtime_error;
};

Program parse_scenario(const std::string &text, const std::string &file);
Program load_scenario(const std::string &path);
std::string print_scenario(const Program &p);

} /* namespace kctx */
