/* Platform reset, digest and misuse record. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

plat_state P;

static uint64_t splitmix(uint64_t x)
{
	x += 0x9E3779B97F4A7C15ull;
	x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
	x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
	return x ^ (x >> 31);
}

__extension__ typedef unsigned __int128 u128;

/* The 128-bit product folded (as wyhash's "mum"): one multiply mixes two
 * words, where splitmix needs two per word; state digests are summed on
 * every claim, page-table entry and pool block, so this is hot. */
static uint64_t mum(uint64_t a, uint64_t b)
{
	u128 r = (u128)a * b;
	return (uint64_t)r ^ (uint64_t)(r >> 64);
}

uint64_t plat_mix(uint64_t tag, uint64_t a, uint64_t b, uint64_t c)
{
	uint64_t x = mum(a ^ 0xA0761D6478BD642Full, b ^ 0xE7037ED1A0B428DBull ^ tag);
	return splitmix(mum(x ^ 0x8EBC6AF09C88C6E3ull, c ^ 0x589965CC75374CC3ull ^ (tag << 32)));
}

void mf_platform_reset(const mf_platform_config *config)
{
	/* A leaky core's blocks are ours to free: the input is over. */
	for (uint32_t i = 0; i < P.pool_blocks; i++)
		free(P.pool[i].block);
	/* Page-indexed tables are clean when nothing is reserved or mapped,
	 * as after any correct teardown; clear them only when a core left
	 * something behind (or on the first reset, when they are static
	 * zeroes anyway).  Every other table is read only below its count. */
	if (P.va_pages_used || P.ptes_used) {
		memset(P.va_used, 0, sizeof(P.va_used));
		memset(P.va_head, 0, sizeof(P.va_head));
		memset(P.ptes, 0, sizeof(P.ptes));
	}
	memset(&P, 0, offsetof(plat_state, adapters));
	P.config = *config;
	if (P.config.va_pages == 0)
		P.config.va_pages = 1;
	if (P.config.va_pages > MF_MAX_VA_PAGES)
		P.config.va_pages = MF_MAX_VA_PAGES;
	if (P.config.nlimits > MF_MAX_LIMITS)
		P.config.nlimits = MF_MAX_LIMITS;
	if (P.config.nwindows > MF_MAX_WINDOWS)
		P.config.nwindows = MF_MAX_WINDOWS;
	/* A limit that names a window declares buses of that window's type. */
	for (uint32_t i = 0; i < P.config.nlimits; i++) {
		mf_bus_limit *l = &P.config.limits[i];
		if (l->window_ref && P.config.nwindows)
			l->type = P.config.windows[(l->window_ref - 1u) % P.config.nwindows].type;
		l->window_ref = 0;
	}
	if (P.config.nram > MF_MAX_RAM)
		P.config.nram = MF_MAX_RAM;
	P.next_claim_id = 1;
}

const mf_platform_config *mf_platform_config_now(void)
{
	return &P.config;
}

/* Only the first is formatted: a core that repeats one (a loop of clears
 * past its run) pays an increment for each of the others. */
void plat_misuse(const char *what, uint64_t value)
{
	if (P.misuses++ == 0)
		snprintf(P.misuse_first, sizeof(P.misuse_first), "%s 0x%llx", what,
			 (unsigned long long)value);
}

uint32_t mf_misuse_count(void)
{
	return P.misuses;
}

const char *mf_misuse_first(void)
{
	return P.misuses ? P.misuse_first : "";
}

uint64_t mf_state_digest(void)
{
	return P.digest;
}

void **seam_core_root(void)
{
	PLAT_CALLED();
	return &P.core_root;
}

uintptr_t mf_last_seam_caller(void)
{
	P.op_counting = false;
	return P.last_caller;
}
