/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The fuzz input format: a 12-byte configuration header, then the operation
 * stream (4 bytes an operation), then the schedule choices (the rest).
 * Decoding never rejects an input: every byte value means something, and
 * out-of-range values are reduced modulo their range.
 */
#pragma once

#include "program.h"

#include <cstdint>
#include <string>
#include <vector>

namespace kctx {

constexpr size_t kHeaderBytes = 12;
constexpr size_t kOpBytes = 4;
/* The header's bytes (decoder.cc says what each bit means). */
enum HeaderByte : uint8_t {
	kHdrPlatform, kHdrPreempt, kHdrRcu, kHdrCpus, kHdrSwiotlb, kHdrBoot, kHdrDev0, kHdrDev1,
	kHdrBufZones, kHdrBufOffsets, kHdrFaults, kHdrNumOps,
};
static_assert(kHdrNumOps + 1 == kHeaderBytes);

/* A configuration knob (knobs.cc): its name, the values it takes, and how it sets them. */
struct Knob {
	const char *name;
	std::string (*values)();
	bool (*set)(Program &p, const std::string &value);
};
const std::vector<const Knob *> &knobs();

/* Knobs pinned from the command line (kctx fuzz --set KNOB=VALUE). */
struct Pins {
	std::vector<std::pair<std::string, std::string>> kv;
	/* Parse "a=b,c=d"; false with a message on an unknown knob or value. */
	bool parse(const std::string &s, std::string *err);
	void apply(Program &p) const;
};

Program decode_input(const uint8_t *data, size_t size, const Pins &pins);
/* The nearest input for a program: how scenarios become seeds. */
std::vector<uint8_t> encode_program(const Program &p);

} /* namespace kctx */
