// SPDX-License-Identifier: GPL-2.0
/*
 * kctx-tool: the half of tools/kctx that needs no kernel code, so that it
 * answers before any kernel variant is built.
 *
 *   knobs             the --set knobs and their values, as JSON
 *   check FILE...     parse scenarios; one JSON line each: the kernel and
 *                     patches the file names; a bad file is one error line
 *   pins KNOB=V,...   check --set values
 *   decode FILE       a fuzz input as a scenario
 *   encode FILE -o O  a scenario as the nearest fuzz input
 */
#include "decoder.h"
#include "scenario.h"

#include "cli.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace kctx;
using json = nlohmann::json;
namespace fs = std::filesystem;

static std::string read_binary(const std::string &path)
{
	std::ifstream f(path, std::ios::binary);
	if (!f)
		throw ScenarioError(path + ":1:1: cannot read the file");
	std::stringstream ss;
	ss << f.rdbuf();
	return ss.str();
}

static int cmd_knobs()
{
	json j = json::object();
	for (const Knob *k : knobs())
		j[k->name] = k->values();
	printf("%s\n", j.dump().c_str());
	return 0;
}

static int cmd_check(const std::vector<std::string> &files)
{
	for (const std::string &f : files) {
		Program p = load_scenario(f);
		json j = { { "file", f }, { "kernel", p.kernel }, { "patches", p.patches },
			   { "expects", p.expects.size() } };
		printf("%s\n", j.dump().c_str());
	}
	return 0;
}

static int cmd_decode(const std::string &in, const std::string &outp, const Pins &pins, const std::string &kernel,
		      const std::string &patches)
{
	std::string data = read_binary(in);
	Program p = decode_input((const uint8_t *)data.data(), data.size(), pins);
	p.kernel = kernel;
	p.patches = patches;
	p.comments.push_back(fmt::format("# decoded from {} by tools/kctx decode", fs::path(in).filename().string()));
	std::string text = print_scenario(p);
	if (outp.empty())
		fputs(text.c_str(), stdout);
	else if (!(std::ofstream(outp) << text))
		throw ScenarioError(outp + ": cannot write the file");
	return 0;
}

static int cmd_encode(const std::string &in, const std::string &outp)
{
	Program p = load_scenario(in);
	std::vector<uint8_t> b = encode_program(p);
	std::ofstream f(outp, std::ios::binary);
	f.write((const char *)b.data(), (std::streamsize)b.size());
	if (!f)
		throw ScenarioError(outp + ": cannot write the file");
	return 0;
}

int main(int argc, char **argv)
{
	CLI::App app{ "kctx's variant-free helper (use tools/kctx)" };
	app.require_subcommand(1);
	std::vector<std::string> files;
	std::string out, set, kernel;

	auto *knobs_cmd = app.add_subcommand("knobs", "the --set knobs and their values");
	auto *check = app.add_subcommand("check", "parse scenarios and say what they name");
	check->add_option("files", files)->required();
	app.add_subcommand("pins", "check --set values")->add_option("set", set)->required();
	auto *decode = app.add_subcommand("decode", "fuzz input -> scenario");
	decode->add_option("file", files)->required();
	decode->add_option("-o,--output", out);
	decode->add_option("--set", set);
	decode->add_option("--kernel-version", kernel, "the kernel the decoded scenario names");
	std::string patches;
	decode->add_option("--patches", patches, "the patch set the decoded scenario names");
	auto *encode = app.add_subcommand("encode", "scenario -> fuzz input");
	encode->add_option("file", files)->required();
	encode->add_option("-o,--output", out)->required();

	return run_cli(app, argc, argv, set, [&](const Pins &pins) {
		if (*knobs_cmd)
			return cmd_knobs();
		if (*check)
			return cmd_check(files);
		if (*decode)
			return cmd_decode(files[0], out, pins, kernel, patches);
		if (*encode)
			return cmd_encode(files[0], out);
		return 0;	/* pins: run_cli has checked them */
	});
}
