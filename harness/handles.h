/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which mappings exist when, statically: a program may use, sync or end only
 * a mapping an earlier step made and no step has ended since, with an
 * operation that takes its kind, and may not make a name that exists.  A
 * map that fails when it runs still counts as made: that is how the program
 * was written.  The operations of a parallel step race, so each is checked
 * against what earlier steps left, and no two of them may make or end the
 * same name.  The rules come from each operation's row (ops.def, "handle").
 */
#pragma once

#include "program.h"

#include <map>
#include <set>
#include <string>

namespace kctx {

class Handles {
public:
	/* What is wrong with op in the current step, or "" when it is fine. */
	std::string check(const Op &op) const;
	/* op is part of the current step. */
	void add(const Op &op);
	/* The current step is over: what it made or ended is so from now on. */
	void end_step();

private:
	struct Made {
		MapKind kind;
		OpCode by;
		int line;
	};
	std::map<std::string, Made> live_, next_;	/* before the step, after it */
	std::map<std::string, int> ended_;		/* name -> the line that ended it */
	std::map<std::string, int> step_names_;		/* made or ended in this step, by line */
};

/*
 * Drop the operations of a decoded fuzz input that break the rules: they
 * would do nothing at run time (a name nothing maps), or make a name twice.
 * Every program the decoder makes then reads back as a valid scenario.
 */
void drop_bad_handles(Program &p);

} /* namespace kctx */
