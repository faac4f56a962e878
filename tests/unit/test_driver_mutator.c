/* fuzz_driver's structural mutator (fuzz/driver_mutator.h): total on any
 * bytes, its output always a canonical driver program within max_size, the
 * input untouched when no edit applies, and each kind of edit reachable
 * from the conformance NIC: one more and one fewer resource, a length
 * nudged, a fault armed at a named routine, a second fault after the first,
 * a register read overridden and a register set (or changed at a moment of
 * virtual time) at an offset the driver was seen to read (the hints), a keyword of the driver's at a boundary, halt /
 * removal / re-initialize operations, a second adapter. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "driver/program.h"
#include "driver_mutator.h"
#include "tally.h"

static const char fixture[] = "device\nmem 0xF0000000 0x1000\nport 0xC000 0x100\nirq 11\n"
			      "mac 02:00:4D:46:00:01\nentry\ninit 0\nhalt 0\nunload\n";

static bool canonical(const uint8_t *b, size_t n)
{
	static dv_program p;
	static uint8_t again[1 << 16];
	dv_decode(b, n, &p);
	size_t m = dv_encode(&p, again, sizeof(again));
	return m == n && memcmp(again, b, n) == 0;
}

int main(void)
{
	static dv_program p, q;
	char err[256];
	check(dv_parse_text(fixture, &p, err, sizeof(err)), "fixture: %s", err);
	static uint8_t base[1 << 16], buf[1 << 16];
	size_t n = dv_encode(&p, base, sizeof(base));
	const dv_poll hint = {.adapter = 0, .res = 0, .offset = 0x1C, .count = 3};
	fd_mutator_hints(&hint, 1);
	setenv("MAPFUZZ_DRIVER_KEYWORDS", "NumRxDescriptors,SpeedDuplex", 1);
	unsigned more = 0, fewer = 0, nudged = 0, site = 0, second = 0, polled = 0, reg_hint = 0, keyword = 0;
	unsigned ops = 0, adapters = 0, none = 0, bad = 0;
	for (uint32_t seed = 0; seed < 4000; seed++) {
		memcpy(buf, base, n);
		size_t m = fd_mutate_structure(buf, n, sizeof(buf), seed);
		if (m == 0) {
			none++;
			bad += memcmp(buf, base, n) != 0;
			continue;
		}
		bad += !canonical(buf, m);
		dv_decode(buf, m, &q);
		const dv_device *d = &q.dev[0];
		more += d->nres > p.dev[0].nres;
		fewer += d->nres < p.dev[0].nres;
		nudged += d->nres == p.dev[0].nres && (d->res[0].length != 0x1000 || d->res[1].length != 0x100);
		site += q.fault.mode == DV_FAULT_SITE && q.fault.site > 0;
		second += q.fault.mode == DV_FAULT_NTH && q.fault.n2 > q.fault.n;
		polled += d->nreads == 1 && d->reads[0].offset == 0x1C && d->reads[0].k <= 4;
		reg_hint += (d->nregs == 1 && d->regs[0].offset == 0x1C) || (d->nafters == 1 && d->afters[0].offset == 0x1C);
		keyword += d->nregistry == 1 && (strcmp(d->registry[0].name, "NumRxDescriptors") == 0 ||
						 strcmp(d->registry[0].name, "SpeedDuplex") == 0);
		ops += q.nops > p.nops && q.ndevices == 1;
		adapters += q.ndevices == 2;
	}
	check(bad == 0, "%u outputs not canonical or changed when no edit applied", bad);
	check(more && fewer && nudged && site && second && polled && reg_hint && keyword && ops && adapters,
	      "edits made: %u more, %u fewer, %u nudged, %u site, %u second, %u polled, %u reg, %u keyword, %u ops, "
	      "%u adapters (%u none)",
	      more, fewer, nudged, site, second, polled, reg_hint, keyword, ops, adapters, none);
	/* A small max_size: never written past, 0 when it does not fit. */
	memcpy(buf, base, n);
	check(fd_mutate_structure(buf, n, 8, 7) == 0 && memcmp(buf, base, n) == 0, "max_size 8 leaves the input");
	/* Any bytes at all. */
	uint64_t x = 0x243F6A8885A308D3ull;
	unsigned wild_bad = 0;
	for (uint32_t i = 0; i < 3000; i++) {
		size_t len = i % 600;
		for (size_t k = 0; k < len; k++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			buf[k] = (uint8_t)x;
		}
		size_t m = fd_mutate_structure(buf, len, sizeof(buf), i);
		wild_bad += m != 0 && !canonical(buf, m);
	}
	check(wild_bad == 0, "%u outputs from random bytes not canonical", wild_bad);
	return tally_report();
}
