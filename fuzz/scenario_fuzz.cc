// SPDX-License-Identifier: GPL-2.0
/*
 * The scenario parser fuzz target: any text either parses into a program
 * that prints and re-parses to the same text, or is rejected with a
 * file:line:col message.  Nothing else is acceptable.
 */
#include "scenario.h"

#include <cstdio>
#include <cstdlib>
#include <string>

using namespace kctx;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	std::string text((const char *)data, size);
	Program p;
	try {
		p = parse_scenario(text, "fuzz.kctx");
	} catch (const ScenarioError &e) {
		if (std::string(e.what()).rfind("fuzz.kctx:", 0) != 0) {
			fprintf(stderr, "error message without a location: %s\n", e.what());
			abort();
		}
		return 0;
	}
	std::string once = print_scenario(p);
	Program q;
	try {
		q = parse_scenario(once, "printed.kctx");
	} catch (const ScenarioError &e) {
		fprintf(stderr, "printed scenario does not parse: %s\n---\n%s", e.what(), once.c_str());
		abort();
	}
	std::string twice = print_scenario(q);
	if (once != twice) {
		fprintf(stderr, "print/parse is not a fixed point\n--- first\n%s--- second\n%s", once.c_str(),
			twice.c_str());
		abort();
	}
	return 0;
}
