// SPDX-License-Identifier: GPL-2.0
/*
 * The two spellings of a program: the .kctx scenario format (parse, print,
 * error messages) and the fuzz input format (decode never rejects, encode
 * inverts decode on what it can express, pins), and the data patterns the
 * bounce oracles check.
 */
#include "decoder.h"
#include "pattern.h"
#include "scenario.h"

#include <gtest/gtest.h>

#include <random>
#include <set>

using namespace kctx;

namespace {

std::string error_of(const std::string &text)
{
	try {
		parse_scenario(text, "t.kctx");
	} catch (const ScenarioError &e) {
		return e.what();
	}
	return "";
}

const char *kFull = R"(# a header comment
kernel 6.12.117
patches swiotlb/patches/dyn-free-process-context
platform x86-sme
preempt full
rcu nocb
cpus 3
swiotlb 128,1,force
device dev0 mask=64 min_align=0xfff
device dev1 mask=32 untrusted
buffer big size=256K zone=dma32
buffer odd size=8192 offset=0x800
task0@cpu1 +spin_irqsave=io_lock +rcu: map m0 dev0 big dir=to len=4096
parallel {
  task0@cpu0: unmap m0
  softirq@cpu1: map m1 dev1 odd dir=bidi attrs=skip_sync
}
fail_alloc 1 skip=2
rcu_gp
kworker@cpu2: sync_cpu m1
expect report "BUG: sleeping function called from invalid context"
expect frame swiotlb_dyn_free
)";

} /* namespace */

TEST(Scenario, ParsesEveryPart)
{
	Program p = parse_scenario(kFull, "t.kctx");
	EXPECT_EQ(p.kernel, "6.12.117");
	EXPECT_EQ(p.mc.platform, kshim::Platform::x86_sme);
	EXPECT_EQ(p.mc.preempt, kshim::Preempt::full);
	EXPECT_EQ(p.mc.rcu, kshim::RcuMode::nocb);
	EXPECT_EQ(p.mc.ncpus, 3u);
	EXPECT_EQ(p.sw.param, "128,1,force");
	ASSERT_EQ(p.devs.size(), 2u);
	EXPECT_EQ(p.devs[0].spec.min_align_mask, 0xfffu);
	EXPECT_EQ(p.devs[1].spec.dma_mask, 0xffffffffULL);
	EXPECT_TRUE(p.devs[1].spec.untrusted);
	ASSERT_EQ(p.bufs.size(), 2u);
	EXPECT_EQ(p.bufs[0].size, 256u << 10);
	EXPECT_EQ(p.bufs[0].zone, Zone::dma32);
	EXPECT_EQ(p.bufs[1].offset, 0x800u);
	ASSERT_EQ(p.steps.size(), 5u);
	const Op &m0 = p.steps[0].ops[0];
	EXPECT_EQ(m0.code, OpCode::map);
	EXPECT_EQ(m0.ctx.cpu, 1u);
	ASSERT_EQ(m0.ctx.decor.size(), 2u);
	EXPECT_EQ(m0.ctx.decor[0], Decor::spin_irqsave);
	EXPECT_EQ(m0.ctx.lock(0), "io_lock");
	EXPECT_EQ(m0.ctx.lock(1), "");
	EXPECT_EQ(m0.len, 4096u);
	EXPECT_TRUE(p.steps[1].parallel);
	EXPECT_EQ(p.steps[1].ops.size(), 2u);
	EXPECT_EQ(p.steps[1].ops[1].ctx.kind, CtxKind::softirq);
	EXPECT_EQ(p.steps[1].ops[1].attrs, DMA_ATTR_SKIP_CPU_SYNC);
	EXPECT_EQ(p.steps[2].ops[0].code, OpCode::fail_alloc);
	EXPECT_EQ(p.steps[2].ops[0].count, 1u);
	EXPECT_EQ(p.steps[2].ops[0].skip, 2u);
	EXPECT_EQ(p.steps[4].ops[0].ctx.kind, CtxKind::kworker);
	ASSERT_EQ(p.expects.size(), 2u);
	EXPECT_EQ(p.expects[0].kind, Expect::report);
	EXPECT_EQ(p.expects[1].text, "swiotlb_dyn_free");
}

TEST(Scenario, PrintIsAFixedPoint)
{
	Program p = parse_scenario(kFull, "t.kctx");
	std::string once = print_scenario(p);
	std::string twice = print_scenario(parse_scenario(once, "u.kctx"));
	EXPECT_EQ(once, twice);
	EXPECT_NE(once.find("fail_alloc 1 skip=2"), std::string::npos) << once;
	EXPECT_NE(once.find("+spin_irqsave=io_lock"), std::string::npos) << once;
}

TEST(Scenario, DroppingADecorationKeepsTheOthersLocks)
{
	/* what the minimiser does: the lock name stays with its decoration */
	Program p = parse_scenario("task0@cpu0 +rcu +spin=io_lock +mutex=m: might_sleep\n", "t.kctx");
	Ctx &c = p.steps[0].ops[0].ctx;
	c.erase(0);
	ASSERT_EQ(c.decor.size(), 2u);
	EXPECT_EQ(c.decor[0], Decor::spin);
	EXPECT_EQ(c.lock(0), "io_lock");
	EXPECT_EQ(c.lock(1), "m");
	EXPECT_NE(print_scenario(p).find("+spin=io_lock +mutex=m:"), std::string::npos) << print_scenario(p);
}

TEST(Scenario, ErrorsNameLineAndColumn)
{
	EXPECT_EQ(error_of("platform x86-sme\nplatform mars\n").rfind("t.kctx:2:", 0), 0u);
	EXPECT_NE(error_of("task0@cpu0: frobnicate m0\n").find("t.kctx:1:13: unknown operation 'frobnicate'"),
		  std::string::npos)
		<< error_of("task0@cpu0: frobnicate m0\n");
	EXPECT_NE(error_of("rcu_gp\ntask0@cpu0 +nonsense: map m0 dev0 b0\n").find("t.kctx:2:"), std::string::npos);
	EXPECT_NE(error_of("task0@cpu0: rcu_gp\n").find("takes no context"), std::string::npos);
	EXPECT_NE(error_of("parallel {\n").find("t.kctx:1:"), std::string::npos);
	EXPECT_NE(error_of("}\n").find("without"), std::string::npos);
	EXPECT_NE(error_of("buffer b size=5G\n").find("4M"), std::string::npos);
	EXPECT_NE(error_of("device d boundary=0x1000\n").find("power of two minus one"), std::string::npos);
	EXPECT_NE(error_of("expect maybe\n").find("t.kctx:1:8:"), std::string::npos) << error_of("expect maybe\n");
	EXPECT_NE(error_of(std::string("cpus 2\n\0x", 9)).find("NUL"), std::string::npos);
	EXPECT_NE(error_of("task0@cpu0 +rcu=L: might_sleep\n").find("takes no lock name"), std::string::npos);
	EXPECT_EQ(error_of("# only a comment\n"), "");
	EXPECT_NE(error_of("preempt dynamic\n").find("none|voluntary|full|rt|static-none|static-voluntary"),
		  std::string::npos)
		<< error_of("preempt dynamic\n");
}

/* The boot modes of a PREEMPT_DYNAMIC kernel, and the two static builds that keep non-preemptible RCU. */
TEST(Scenario, PreemptModels)
{
	EXPECT_EQ(parse_scenario("preempt static-none\n", "t.kctx").mc.preempt, kshim::Preempt::static_none);
	EXPECT_EQ(parse_scenario("preempt static-voluntary\n", "t.kctx").mc.preempt, kshim::Preempt::static_voluntary);
	EXPECT_EQ(parse_scenario("preempt voluntary\n", "t.kctx").mc.preempt, kshim::Preempt::voluntary);
	Program p = parse_scenario("preempt static-voluntary\n", "t.kctx");
	EXPECT_NE(print_scenario(p).find("preempt static-voluntary\n"), std::string::npos) << print_scenario(p);
}

/* Mappings, devices and buffers a line names must exist; each message points at the name. */
TEST(Scenario, HandlesMustExist)
{
	const std::string decl = "device dev0\nbuffer b0 size=4096\n";
	EXPECT_NE(error_of(decl + "task0@cpu0: unmap m9\n").find("t.kctx:3:19: no mapping 'm9'"), std::string::npos)
		<< error_of(decl + "task0@cpu0: unmap m9\n");
	std::string twice = decl + "task0@cpu0: map m0 dev0 b0\ntask0@cpu0: map m0 dev0 b0\n";
	EXPECT_NE(error_of(twice).find("t.kctx:4:17: 'm0' is mapped already (by map on line 3)"), std::string::npos)
		<< error_of(twice);
	std::string kind = decl + "task0@cpu0: map_sg s0 dev0 b0\ntask0@cpu0: unmap s0\n";
	EXPECT_NE(error_of(kind).find("'s0' was made by map_sg (line 3), which unmap does not take"), std::string::npos)
		<< error_of(kind);
	std::string ended = decl + "task0@cpu0: map m0 dev0 b0\ntask0@cpu0: unmap m0\ntask0@cpu0: sync_cpu m0\n";
	EXPECT_NE(error_of(ended).find("'m0' was unmapped on line 4"), std::string::npos) << error_of(ended);
	std::string race = decl + "parallel {\n task0@cpu0: map m0 dev0 b0\n softirq@cpu1: map m0 dev0 b0\n}\n";
	EXPECT_NE(error_of(race).find("t.kctx:5:"), std::string::npos) << error_of(race);
	EXPECT_NE(error_of("device dev0\ntask0@cpu0: map m0 dev0 nobuf\n").find("no buffer 'nobuf'"), std::string::npos);
	EXPECT_NE(error_of("buffer b0\ntask0@cpu0: map m0 dev9 b0\n").find("no device 'dev9'"), std::string::npos);
	/* what is allowed: map again after unmap, and a use racing with the end in one block */
	EXPECT_EQ(error_of(decl + "task0@cpu0: map m0 dev0 b0\ntask0@cpu0: unmap m0\ntask0@cpu0: map m0 dev0 b0\n"), "");
	EXPECT_EQ(error_of(decl + "task0@cpu0: map m0 dev0 b0\nparallel {\n task0@cpu0: unmap m0\n"
				  " softirq@cpu1: sync_cpu m0\n}\n"), "");
}

TEST(Scenario, NumbersInRangeAndQuotedSafely)
{
	EXPECT_NE(error_of("advance 99999999999999999999\n").find("t.kctx:1:9: expected a count"), std::string::npos)
		<< error_of("advance 99999999999999999999\n");
	EXPECT_NE(error_of("advance 2000000\n").find("from 0 to 1000000"), std::string::npos);
	EXPECT_NE(error_of("task0@cpu0: set_memory_encrypted pages=9\n").find("pages= from 1 to 4"), std::string::npos);
	EXPECT_NE(error_of("preemptions 300\n").find("from 0 to 255"), std::string::npos);
	std::string bin = error_of("frob\xff\x01\n");
	EXPECT_NE(bin.find("frob\\xff\\x01"), std::string::npos) << bin;
	for (unsigned char c : bin)
		EXPECT_TRUE(c >= 0x20 && c < 0x7f) << bin;
}

TEST(FuzzInput, DecodingNeverRejects)
{
	std::mt19937_64 rng(1);
	Pins none;
	for (int i = 0; i < 2000; i++) {
		std::vector<uint8_t> d(rng() % 300);
		for (auto &b : d)
			b = (uint8_t)rng();
		Program p = decode_input(d.data(), d.size(), none);
		EXPECT_GE(p.mc.ncpus, 1u);
		EXPECT_LE(p.mc.ncpus, 4u);
		EXPECT_EQ(p.devs.size(), 2u);
		for (const Step &s : p.steps) {
			EXPECT_FALSE(s.ops.empty());
			for (const Op &op : s.ops)
				EXPECT_LT((int)op.code, (int)OpCode::count);
		}
		/* every decoded program prints as a scenario that parses */
		std::string text = print_scenario(p);
		EXPECT_NO_THROW(parse_scenario(text, "decoded.kctx")) << text;
	}
}

TEST(FuzzInput, EncodeInvertsDecode)
{
	std::mt19937_64 rng(2);
	Pins none;
	for (int i = 0; i < 500; i++) {
		std::vector<uint8_t> d(12 + 4 * (rng() % 20) + rng() % 8);
		for (auto &b : d)
			b = (uint8_t)rng();
		Program p = decode_input(d.data(), d.size(), none);
		std::vector<uint8_t> e = encode_program(p);
		Program q = decode_input(e.data(), e.size(), none);
		EXPECT_EQ(print_scenario(p), print_scenario(q)) << "input " << i;
	}
}

TEST(FuzzInput, DecorationsAllReachable)
{
	/* each decoration the fuzzer offers must come out of some byte pattern */
	std::set<Decor> seen;
	Pins none;
	for (int o1 = 0; o1 < 256; o1++)
		for (int o3 = 0; o3 < 256; o3 += 128) {
			uint8_t d[16] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (uint8_t)o1, 0, (uint8_t)o3 };
			Program p = decode_input(d, sizeof(d), none);
			for (const Step &s : p.steps)
				for (const Op &op : s.ops)
					for (Decor x : op.ctx.decor)
						seen.insert(x);
		}
	for (Decor x : { Decor::irqs_off, Decor::spin, Decor::preempt_off, Decor::rcu, Decor::bh_off,
			 Decor::spin_irqsave })
		EXPECT_TRUE(seen.count(x)) << decor_name(x);
}

TEST(FuzzInput, SpinlocksAreOnePerKindOfContext)
{
	/* o1 bits 6-7 = 1 and o3 bit 7 set: +spin; o1 bits 0-2: 0 task, 2 softirq; o2: mappings m0 and m1 */
	Pins none;
	uint8_t d[20] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0x40, 0, 0x80, 0, 0x42, 1, 0x80 };
	Program p = decode_input(d, sizeof(d), none);
	ASSERT_EQ(p.steps.size(), 2u);
	const Ctx &t = p.steps[0].ops[0].ctx, &s = p.steps[1].ops[0].ctx;
	ASSERT_EQ(t.decor.size(), 1u);
	ASSERT_EQ(s.decor.size(), 1u);
	EXPECT_EQ(t.decor[0], Decor::spin);
	EXPECT_EQ(t.lock(0), "task_lock");
	EXPECT_EQ(s.kind, CtxKind::softirq);
	EXPECT_EQ(s.lock(0), "softirq_lock");
}

TEST(FuzzInput, PinsOverrideAndRejectUnknown)
{
	Pins pins;
	std::string err;
	ASSERT_TRUE(pins.parse("platform=x86-sme,preempt=rt,cpus=3", &err)) << err;
	uint8_t zero[12] = {};
	Program p = decode_input(zero, sizeof(zero), pins);
	EXPECT_EQ(p.mc.platform, kshim::Platform::x86_sme);
	EXPECT_EQ(p.mc.preempt, kshim::Preempt::rt);
	EXPECT_EQ(p.mc.ncpus, 3u);
	Pins bad;
	EXPECT_FALSE(bad.parse("colour=blue", &err));
	EXPECT_NE(err.find("unknown knob 'colour'"), std::string::npos) << err;
	EXPECT_FALSE(bad.parse("cpus=9", &err));
	EXPECT_FALSE(bad.parse("platform", &err));
}

/* The bounce oracles' patterns: every length fills like byte-by-byte, and the first differing byte is found. */
TEST(Pattern, FillAndMatchAgreeWithTheBytes)
{
	std::vector<uint8_t> buf(300000 + 256);
	for (size_t len : { 0ul, 1ul, 100ul, 255ul, 256ul, 257ul, 511ul, 512ul, 4096ul, 6000ul, 200000ul, 300000ul }) {
		for (uint8_t pat : { 0, 1, 0x5a, 0xff }) {
			std::fill(buf.begin(), buf.end(), 0xee);
			fill(buf.data() + 3, pat, len);
			for (size_t i = 0; i < len; i++)
				ASSERT_EQ(buf[3 + i], (uint8_t)(pat + 7 * i)) << "len " << len << " byte " << i;
			ASSERT_EQ(buf[3 + len], 0xee) << "fill wrote past len " << len;
			size_t bad = ~0ul;
			EXPECT_TRUE(matches(buf.data() + 3, pat, len, &bad)) << len;
			if (len)
				EXPECT_FALSE(matches(buf.data() + 3, pat + 1, len, &bad)) << len;
			for (size_t at : { 0ul, 255ul, 256ul, len / 2, len - 1 }) {
				if (at >= len)
					continue;
				buf[3 + at] ^= 0x10;
				bad = ~0ul;
				EXPECT_FALSE(matches(buf.data() + 3, pat, len, &bad)) << "len " << len << " at " << at;
				EXPECT_EQ(bad, at) << "len " << len;
				buf[3 + at] ^= 0x10;
			}
		}
	}
}
