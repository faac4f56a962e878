/* The structural mutator (fuzz/mutator.h): total on any bytes, its output
 * always a canonical program (decode(encode) is the identity on it), within
 * max_size, and each kind of edit reachable from a seed-like program:
 * a probe map appended, a window added to a bus, a run of maps, a fault
 * armed just before a map, a bus renamed to another type everywhere, a
 * bus filled to one window past a table of 4, 8 or 16. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "mutator.h"
#include "program/program.h"
#include "program/script.h"
#include "tally.h"

static const char fixture[] = "vspace 64\n"
			      "pool 4096\n"
			      "limit pci 2\n"
			      "window pci 0 mem 0xf0000000 0x40000 0xe0000000\n"
			      "window pci 1 mem 0xf0000000 0x40000 0xe0000000\n"
			      "adapter pci 0\n"
			      "adapter pci 1\n"
			      "map a0 win0.start 0x1000\n"
			      "map a0 win0.start+1p 0x1000\n"
			      "map a0 win0.start+2p 0x1000\n";

static bool canonical(const uint8_t *b, size_t n)
{
	static mf_program p;
	static uint8_t again[MF_PROGRAM_MAX_BYTES];
	mf_program_decode(b, n, &p);
	size_t m = mf_program_encode(&p, again);
	return m == n && memcmp(again, b, n) == 0;
}

int main(void)
{
	static mf_program p, q;
	char err[256];
	check(mf_script_parse(fixture, strlen(fixture), &p, err, sizeof(err)) == 0, "fixture: %s", err);
	static uint8_t base[MF_PROGRAM_MAX_BYTES], buf[MF_PROGRAM_MAX_BYTES];
	size_t n = mf_program_encode(&p, base);
	unsigned probes = 0, windows = 0, runs = 0, faults = 0, retyped = 0, filled = 0, none = 0, bad = 0;
	for (uint32_t seed = 0; seed < 2000; seed++) {
		memcpy(buf, base, n);
		size_t m = mf_mutate_structure(buf, n, sizeof(buf), seed);
		if (m == 0) {
			none++;
			bad += memcmp(buf, base, n) != 0;
			continue;
		}
		bad += !canonical(buf, m) || m > sizeof(buf);
		mf_program_decode(buf, m, &q);
		windows += q.platform.nwindows > p.platform.nwindows;
		/* Filled: one window past a table of 4, 8 or 16 on one bus, the
		 * last of them mapped by the edit's own map. */
		uint32_t on_bus0 = 0;
		for (uint32_t i = 0; i < q.platform.nwindows; i++)
			on_bus0 += q.platform.windows[i].type == 5 && q.platform.windows[i].number == 0;
		const mf_op *last = &q.ops[q.nops - 1];
		filled += (on_bus0 == 5 || on_bus0 == 9 || on_bus0 == 17) && last->code == OP_MAP &&
			  last->addr.kind == ADDR_WIN_START && last->addr.index == q.platform.nwindows - 1;
		probes += q.nops == p.nops + 1 && q.ops[q.nops - 1].code == OP_MAP &&
			  q.ops[q.nops - 1].addr.kind == ADDR_MAP_START;
		runs += q.nops > p.nops + 1;
		bool armed_before_map = false, torn = false;
		for (uint32_t i = 0; i + 1 < q.nops; i++)
			armed_before_map |= q.ops[i].code == OP_ARM && q.ops[i + 1].code == OP_MAP &&
					    q.ops[i].plan.mode != MF_FAULT_NONE;
		faults += armed_before_map;
		/* Renamed everywhere: both windows of bus (pci, 0) and a0 keep
		 * one type, so a0 still maps into its windows. */
		if (q.platform.windows[0].type != p.platform.windows[0].type) {
			torn |= q.ops[0].bus_type != q.platform.windows[0].type;
			retyped += !torn;
		}
		bad += torn;
	}
	check(bad == 0, "%u outputs not canonical, too long, or changed when no edit applied", bad);
	check(probes > 0 && windows > 0 && runs > 0 && faults > 0 && retyped > 0 && filled > 0,
	      "edits made: %u probes, %u windows, %u runs, %u faults, %u retyped, %u filled (%u none)", probes,
	      windows, runs, faults, retyped, filled, none);
	/* A small max_size: never written past, 0 when it does not fit. */
	memcpy(buf, base, n);
	check(mf_mutate_structure(buf, n, 8, 7) == 0 && memcmp(buf, base, n) == 0, "max_size 8 leaves the input");
	/* Any bytes at all. */
	uint64_t x = 0x243F6A8885A308D3ull;
	unsigned wild_bad = 0;
	for (uint32_t i = 0; i < 3000; i++) {
		size_t len = i % 600;
		for (size_t k = 0; k < len; k++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			buf[k] = (uint8_t)x;
		}
		size_t m = mf_mutate_structure(buf, len, sizeof(buf), i);
		wild_bad += m != 0 && !canonical(buf, m);
	}
	check(wild_bad == 0, "%u outputs from random bytes not canonical", wild_bad);
	return tally_report();
}
