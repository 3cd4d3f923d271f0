// SPDX-License-Identifier: GPL-2.0
/*
 * Replay driver for builds without libFuzzer: runs a fuzz target over the
 * files and directories named on the command line, as libFuzzer would run
 * them one by one.  Used by ctest to replay the seed corpus.
 */
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
extern "C" __attribute__((weak)) int LLVMFuzzerInitialize(int *argc, char ***argv);

namespace fs = std::filesystem;

static int run_file(const fs::path &p)
{
	std::ifstream f(p, std::ios::binary);
	if (!f) {
		fprintf(stderr, "kctx: error: cannot read %s\n", p.c_str());
		return 2;
	}
	std::vector<uint8_t> data((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
	LLVMFuzzerTestOneInput(data.data(), data.size());
	return 0;
}

int main(int argc, char **argv)
{
	if (LLVMFuzzerInitialize)
		LLVMFuzzerInitialize(&argc, &argv);
	unsigned n = 0;
	for (int i = 1; i < argc; i++) {
		fs::path p(argv[i]);
		std::error_code ec;
		if (fs::is_directory(p, ec)) {
			std::vector<fs::path> files;
			for (const auto &e : fs::directory_iterator(p))
				if (e.is_regular_file())
					files.push_back(e.path());
			std::sort(files.begin(), files.end());
			for (const auto &f : files) {
				if (run_file(f))
					return 2;
				n++;
			}
		} else {
			if (run_file(p))
				return 2;
			n++;
		}
	}
	if (!n) {
		fprintf(stderr, "kctx: error: no inputs\n");
		return 2;
	}
	printf("kctx: replayed %u inputs\n", n);
	return 0;
}
