// SPDX-License-Identifier: GPL-2.0
/*
 * The machine configuration's names and what follows from them alone.  A
 * library of its own (kshim_config): the scenario parser and kctx-tool use
 * it without the rest of the simulated machine.
 */
#include <kshim/kshim.h>

#include <string>

namespace kshim {

/* ---- configuration names ------------------------------------------------------------ */

static const char *const platform_names[] = { "none", "x86-sme", "x86-sev", "x86-tdx", "arm64-cca", "arm64" };
static const char *const preempt_names[] = { "none", "voluntary", "full", "rt", "static-none", "static-voluntary" };
static const char *const rcu_names[] = { "softirq", "rcuc", "nocb" };

const char *platform_name(Platform p) { return platform_names[(int)p]; }
const char *preempt_name(Preempt p) { return preempt_names[(int)p]; }
const char *rcu_mode_name(RcuMode m) { return rcu_names[(int)m]; }

template <class E, size_t N>
static bool parse_name(const std::string &s, const char *const (&names)[N], E *out)
{
	for (size_t i = 0; i < N; i++)
		if (s == names[i]) {
			*out = (E)i;
			return true;
		}
	return false;
}

bool parse_platform(const std::string &s, Platform *p) { return parse_name(s, platform_names, p); }
bool parse_preempt(const std::string &s, Preempt *p) { return parse_name(s, preempt_names, p); }
bool parse_rcu_mode(const std::string &s, RcuMode *m) { return parse_name(s, rcu_names, m); }

template <size_t N>
static std::string joined(const char *const (&names)[N])
{
	std::string s;
	for (size_t i = 0; i < N; i++)
		s += std::string(i ? "|" : "") + names[i];
	return s;
}

std::string platform_choices() { return joined(platform_names); }
std::string preempt_choices() { return joined(preempt_names); }
std::string rcu_mode_choices() { return joined(rcu_names); }

const char *arch_name(Arch a)
{
	return a == Arch::arm64 ? "arm64" : "x86_64";
}

} /* namespace kshim */
