/* A test double of the runner's side of the seam (driver/kit_runtime.h
 * part A), for the miniport kit's unit test only: it records every
 * dk_fail, dk_acquire and dk_release, fails the site the test chooses,
 * and plays one simple device (resources, PCI space, registry, MAC,
 * memory-backed "mappings" and a port space).  Plain C types only, like
 * the seam: the test itself includes the WDK-named headers. */
#ifndef MAPFUZZ_TESTS_DDK_FAKE_RUNTIME_H
#define MAPFUZZ_TESTS_DDK_FAKE_RUNTIME_H

#include "driver/kit_runtime.h"

#define FAKE_MAX 256

typedef struct {
	dk_res kind;
	void *adapter;
	uintptr_t key;
	uint64_t a, b, c;
	uintptr_t caller;
	bool live;
} fake_entry;

typedef struct {
	/* the plan: fail calls of fail_site (the fail_nth-th only, or all when 0) */
	dk_site fail_site;
	unsigned fail_nth;
	unsigned site_calls[DK_SITE_COUNT]; /* dk_fail calls per site */
	uintptr_t last_fail_caller;
	/* the ledger */
	fake_entry e[FAKE_MAX];
	unsigned n;
	unsigned acquires, releases, bad_releases, mismatches;
	/* the device */
	dk_resource_desc res[8];
	size_t nres;
	uint8_t pci[256];
	uint8_t ports[0x10000];
	/* what the kit told the runner */
	void *ctx_adapter, *ctx;
	uintptr_t ctx_caller;
	unsigned violations;
	const char *last_violation;
	/* accesses */
	uintptr_t last_access_caller;
	uintptr_t last_port;
	unsigned last_size;
	uint64_t stalled_us;
	uintptr_t last_stall_caller;
	uint64_t time_100ns;
	int32_t map_status; /* what dk_map_io_space returns for a failure */
} fake_state;

extern fake_state fake;

/* Forgets everything and installs the default device (the conformance
 * NIC: BAR0 memory 0xF0000000/0x1000, ports 0xC000/0x100, IRQ 11). */
void fake_reset(void);
/* The live ledger entry of (kind, key), or NULL. */
fake_entry *fake_find(dk_res kind, uintptr_t key);
unsigned fake_live(void);

#endif
