/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The end of kctx-runner's and kctx-tool's main(): parse the command line,
 * then the --set knobs, then run the command; a usage error, a bad knob and
 * any error a command throws are one "kctx: error:" line and exit 2.
 */
#pragma once

#include "decoder.h"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <exception>
#include <string>

namespace kctx {

template <class Dispatch>
int run_cli(CLI::App &app, int argc, char **argv, const std::string &set, Dispatch dispatch)
{
	try {
		app.parse(argc, argv);
	} catch (const CLI::ParseError &e) {
		return app.exit(e) ? 2 : 0;
	}
	Pins pins;
	std::string err;
	if (!set.empty() && !pins.parse(set, &err)) {
		fprintf(stderr, "kctx: error: --set: %s\n", err.c_str());
		return 2;
	}
	try {
		return dispatch(pins);
	} catch (const std::exception &e) {
		fprintf(stderr, "kctx: error: %s\n", e.what());
		return 2;
	}
}

} /* namespace kctx */
