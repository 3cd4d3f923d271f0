/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The data patterns the bounce oracles write and check (executor.cc).  Byte i
 * of pattern pat is pat + 7i: it repeats every 256 bytes, so a buffer is
 * filled and checked with a few block copies and comparisons.
 */
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace kctx {

inline const uint8_t *period(uint8_t pat)
{
	static const auto tab = [] {
		static uint8_t t[256][256];
		for (int p = 0; p < 256; p++)
			for (int i = 0; i < 256; i++)
				t[p][i] = (uint8_t)(p + i * 7);
		return t;
	}();
	return tab[pat];
}

/* One period from the table, then the filled prefix doubled. */
inline void fill(void *p, uint8_t pat, size_t len)
{
	uint8_t *b = (uint8_t *)p;
	memcpy(b, period(pat), std::min<size_t>(256, len));
	for (size_t done = 256; done < len; done *= 2)
		memcpy(b + done, b, std::min(done, len - done));
}

/*
 * The first period against the table, then the rest against itself shifted
 * by one period; on a difference, *bad is the first byte that differs.
 */
inline bool matches(const void *p, uint8_t pat, size_t len, size_t *bad)
{
	const uint8_t *b = (const uint8_t *)p;
	const uint8_t *t = period(pat);
	if (memcmp(b, t, std::min<size_t>(256, len)) == 0 && (len <= 256 || memcmp(b + 256, b, len - 256) == 0))
		return true;
	for (size_t i = 0; i < len; i++)
		if (b[i] != t[i % 256]) {
			*bad = i;
			return false;
		}
	return true;	/* not reached: a failed comparison above means some byte differs */
}

} /* namespace kctx */
