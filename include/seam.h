/* The platform seam: every service a mapping core may call, and nothing else.
 *
 * Queries never fail.  Calls marked FALLIBLE may fail by an injected fault
 * (the fault plan) or by real exhaustion; they then change nothing.
 * Releases never fail; releasing something not held is caught by the
 * platform as a seam misuse (a double release, say). */
#ifndef MAPFUZZ_SEAM_H
#define MAPFUZZ_SEAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ndis.h"

typedef enum {
	ADAPTER_INITIALIZING = 1, /* inside MiniportInitialize */
	ADAPTER_RUNNING = 2,
	ADAPTER_HALTING = 3, /* inside MiniportHalt */
} ADAPTER_PHASE;

typedef struct {
	ADAPTER_PHASE phase;
	INTERFACE_TYPE bus_type;
	ULONG bus_number;
} SEAM_ADAPTER_INFO;

typedef enum { SPACE_MEMORY = 0, SPACE_PORT = 1 } SEAM_SPACE;

typedef struct {
	uint64_t bus_base; /* bus-relative start */
	uint64_t length;   /* bytes, > 0 */
	uint64_t sys_base; /* system-physical start */
	SEAM_SPACE space;
} SEAM_WINDOW;

typedef struct {
	uint64_t start; /* system-physical */
	uint64_t length;
} SEAM_RANGE;

typedef struct {
	NDIS_HANDLE owner;
	uint64_t start; /* system-physical */
	uint64_t length;
} SEAM_CLAIM;

typedef enum { CACHE_NONCACHED = 0, CACHE_CACHED = 1, CACHE_WRITECOMBINED = 2 } SEAM_CACHE;

typedef enum {
	VERIFIER_BAD_CALL = 1, /* NULL out-pointer, dead handle, wrong phase */
	VERIFIER_HOST_RAM = 2, /* mapping host RAM: a programming error */
	VERIFIER_BAD_UNMAP = 3, /* unmap of something not mapped exactly so */
	VERIFIER_LEAK = 4,      /* mapping still live as the adapter leaves */
} SEAM_VERIFIER_KIND;

/* Adapters.  False when the handle is not a live adapter. */
bool seam_adapter_query(NDIS_HANDLE adapter, SEAM_ADAPTER_INFO *info);

/* Bus topology.  seam_bus_limit: how many buses of that type the HAL
 * declares (numbers 0..limit-1); 0 for a type with none or out of range.
 * seam_bus_windows: the windows configured for (type, number), which may
 * exist even for an undeclared bus; *count gets their number. */
ULONG seam_bus_limit(INTERFACE_TYPE type);
const SEAM_WINDOW *seam_bus_windows(INTERFACE_TYPE type, ULONG number, size_t *count);
/* Every bus (type, number) with at least one window, each once, in the
 * order the configuration lists them: for a core that searches every bus.
 * Fills up to cap entries and returns how many there are. */
typedef struct {
	INTERFACE_TYPE type;
	ULONG number;
} SEAM_BUS;
size_t seam_bus_list(SEAM_BUS *buses, size_t cap);
/* FALLIBLE.  Translates one bus-relative address through the window that
 * holds it (like HalTranslateBusAddress); false if none holds it. */
bool seam_bus_translate(INTERFACE_TYPE type, ULONG number, uint64_t bus_address,
			uint64_t *sys_address);

/* Host RAM: system-physical ranges that are ordinary memory. */
size_t seam_ram_count(void);
SEAM_RANGE seam_ram_at(size_t index);

/* Resource registry.  The core decides conflicts; the registry records. */
size_t seam_registry_count(void);
SEAM_CLAIM seam_registry_at(size_t index);
/* FALLIBLE.  *claim_id names the claim for release. */
bool seam_registry_claim(NDIS_HANDLE owner, uint64_t start, uint64_t length, uint32_t *claim_id);
void seam_registry_release(uint32_t claim_id);

/* System virtual space: a bounded run of pages. FALLIBLE: no contiguous run
 * of that many free pages is real exhaustion. */
bool seam_va_reserve(uint64_t pages, uintptr_t *va_base);
void seam_va_release(uintptr_t va_base, uint64_t pages);

/* Page tables: one entry per reserved virtual page. FALLIBLE. */
bool seam_pte_set(uintptr_t va_page, uint64_t frame, SEAM_CACHE cache);
void seam_pte_clear(uintptr_t va_page);

/* Pool: the core's bookkeeping allocator, bounded. FALLIBLE. */
void *seam_pool_alloc(size_t bytes);
void seam_pool_free(void *block);

/* Error log. FALLIBLE: a failed write moves the dropped-entry counter. */
bool seam_errlog_write(NDIS_HANDLE adapter, uint32_t code, uint64_t start, uint64_t length);

/* Driver Verifier record. */
void seam_verifier_event(SEAM_VERIFIER_KIND kind, NDIS_HANDLE adapter, uint64_t a, uint64_t b);

/* One slot of per-platform state for the core (its list heads, say).  The
 * platform resets it to NULL for every input, so no core state survives. */
void **seam_core_root(void);

/* Stops the machine the way KeBugCheckEx does: never returns.  The harness
 * reports it as a BUGCHECK finding of the operation that called it and
 * ends the input there (docs/CONTRACT.md). */
_Noreturn void seam_bugcheck(uint32_t code, uint64_t a, uint64_t b, uint64_t c, uint64_t d);

#endif
