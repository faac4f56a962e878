/* The scope of a proof: its check, the one platform every program of it
 * runs on, and the scope in words (docs/PROVE.md). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "enumerate.h"

const char *mf_enum_check(const mf_enum_scope *s)
{
	if (s->depth < 1 || s->depth > MF_ENUM_MAX_DEPTH)
		return "--depth takes 1..8";
	if (s->adapters < 1 || s->adapters > MF_MAX_ADAPTERS)
		return "--adapters takes 1..4";
	if (s->buses < 1 || s->buses > 4)
		return "--buses takes 1..4";
	/* The scope's platform stays at six windows, well inside the platform's
	 * MF_MAX_WINDOWS: larger ones would multiply the programs. */
	if (s->windows < 1 || s->buses * s->windows + 2 > 6)
		return "--windows takes 1.., with buses x windows + 2 <= 6";
	return NULL;
}

enum {
	RAM_START = 0x90000000u,
	RAM_LENGTH = 0x10000000u,
	LOW_BUS = 0xF0000000u,
};

/* Window k = j * W + i of real bus j.  Roles by k, so that small scopes keep
 * the most telling ones:
 *   k 0: bus 0, 3 pages, page-aligned, system 0x80000000;
 *   k 1: right after k 0 in bus space, 1.5 pages; its system range runs
 *        half a page into host RAM (0x90000000..);
 *   k 2: same bus addresses as k 0 on the next bus, 3 pages, system range
 *        at a half-page offset overlapping k 0's by 1.5 pages (cross-bus
 *        conflicts, a page offset to keep);
 *   k 3: straddles the sign bit: 2^63 - 1 page .. 2^63 + half a page, so
 *        negative addresses and PhysicalAddress + Length overflow sit inside
 *        a window;
 *   k 4+: isolated 2-page windows. */
static mf_window_config real_window(const mf_enum_scope *s, uint32_t j, uint32_t i)
{
	uint32_t k = j * s->windows + i;
	mf_window_config w = {.type = PCIBus, .number = j};
	/* Bus base: windows of one bus follow each other from LOW_BUS. */
	static const uint64_t sizes[] = {0x3000, 0x1800};
	uint64_t base = LOW_BUS;
	for (uint32_t p = 0; p < i; p++)
		base += sizes[p % 2];
	w.win.bus_base = base;
	w.win.length = sizes[i % 2];
	w.win.space = 0;
	switch (k) {
	case 0: w.win.sys_base = 0x80000000u; break;
	case 1: w.win.sys_base = RAM_START - 0x1000u; break;
	case 2: w.win.sys_base = 0x80001800u; w.win.length = 0x3000; break;
	case 3:
		w.win.bus_base = SIGN_BIT - 0x1000u;
		w.win.length = 0x1800;
		w.win.sys_base = 0xA0000800u;
		break;
	default:
		w.win.sys_base = 0xB0000000u + 0x100000u * (uint64_t)k;
		w.win.length = 0x2000;
		break;
	}
	return w;
}

void mf_enum_platform(const mf_enum_scope *s, mf_platform_config *c)
{
	memset(c, 0, sizeof(*c));
	c->va_pages = MF_MAX_VA_PAGES;
	c->pool_bytes = 65535;
	c->nlimits = 2;
	c->limits[0] = (mf_bus_limit){.type = PCIBus, .count = s->buses};
	c->limits[1] = (mf_bus_limit){.type = MaximumInterfaceType, .count = 1};
	for (uint32_t j = 0; j < s->buses; j++)
		for (uint32_t i = 0; i < s->windows; i++)
			c->windows[c->nwindows++] = real_window(s, j, i);
	/* An out-of-range interface type, declared and with a window. */
	c->windows[c->nwindows++] = (mf_window_config){
		MaximumInterfaceType, 0, {.bus_base = LOW_BUS, .length = 0x3000, .sys_base = 0xC0000000u}};
	/* Bus number == declared count: a window, but not a declared bus. */
	c->windows[c->nwindows++] = (mf_window_config){
		PCIBus, s->buses, {.bus_base = LOW_BUS, .length = 0x3000, .sys_base = 0xC0010000u, .space = 1}};
	c->nram = 1;
	c->ram[0] = (SEAM_RANGE){RAM_START, RAM_LENGTH};
	mf_platform_normalize(c);
}

static const char *type_name(int32_t type)
{
	return type == PCIBus ? "pci" : type == MaximumInterfaceType ? "type 17 (max)" : "?";
}

void mf_enum_describe(FILE *f, const mf_enum_scope *s)
{
	mf_platform_config c;
	mf_enum_platform(s, &c);
	fprintf(f, "  platform: %u declared PCI bus%s with %u window%s each, a declared bus of type 17\n"
		   "    (out of range) and an undeclared PCI bus %u (number == count), both with a window;\n"
		   "    host RAM [0x%llx,+0x%llx); %u virtual pages, %u pool bytes.  Windows (bus -> system):\n",
		s->buses, s->buses == 1 ? "" : "es", s->windows, s->windows == 1 ? "" : "s", s->buses,
		(unsigned long long)c.ram[0].start, (unsigned long long)c.ram[0].length, c.va_pages, c.pool_bytes);
	for (uint32_t i = 0; i < c.nwindows; i++) {
		const mf_window_config *w = &c.windows[i];
		fprintf(f, "    win%u: %s %u [0x%llx,+0x%llx) -> 0x%llx\n", i, type_name(w->type), w->number,
			(unsigned long long)w->win.bus_base, (unsigned long long)w->win.length,
			(unsigned long long)w->win.sys_base);
	}
	fprintf(f,
		"  adapters: %u, created first (inside MiniportInitialize), on every multiset of the\n"
		"    %u buses (declared, type 17, number past the end).\n",
		s->adapters, s->buses + 2);
	fprintf(f,
		"  operations: every sequence of up to %u, where all but the last change the state\n"
		"    (pruning P2); each from: map by each adapter at each address class (each own window's\n"
		"    start-1, start, start+1, start+1 page, end-1 page, end-1, end, end+1; every other\n"
		"    window's start; each live mapping's start-1, start, start+1, end-1, end, end+1;\n"
		"    0, -1, INT64_MIN, INT64_MAX) x each length class (0, 1, 4095, 4096, 4097, the window's\n"
		"    size and size+1 (the mapping's length and +1 for mapping anchors), UINT_MAX); map with\n"
		"    a NULL VirtualAddress, a NULL handle and a never-created handle; unmap of every mapping\n"
		"    made so far by each adapter (exact, VA+1, length-1, length+1) and with a NULL handle;\n"
		"    init-done, init-fail, halt, halt-end, remove where they apply; touch of each live\n"
		"    mapping at its first and last byte.\n"
		"  faults: every position N = 1, 2, ... of the fallible calls of the last operation and the\n"
		"    teardown (R2; of every call in a program of no operation), until a run fires none;\n"
		"    every invariant of docs/CONTRACT.md checked in every run.\n"
		"  states: a state reached twice is expanded once (R1: adapters' phases, the mappings as a\n"
		"    multiset, the adapters named so far).\n",
		s->depth);
	if (s->no_classes)
		return;
	fprintf(f, "  platform classes, each walked after the base platform at depth %u; in them the\n"
		   "    operations before the last are maps of a page or a whole probe window at its start\n"
		   "    and start+1, exact unmaps and lifecycle steps (R3), the last one any of the above:\n",
		s->depth);
	for (uint32_t k = 0; k < mf_enum_nclasses; k++)
		fprintf(f, "    %s: %s\n", mf_enum_classes[k].name, mf_enum_classes[k].what);
}
