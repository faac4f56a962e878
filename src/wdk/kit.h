/* What every file of the kernel-API kit shares: the WDK names, the seam,
 * and the platform's few hooks for the kit (src/platform/internal.h). */
#ifndef MAPFUZZ_WDK_KIT_H
#define MAPFUZZ_WDK_KIT_H

#include "wdk.h"
#include "seam.h"
#include "platform/internal.h"

#ifndef WDK_PTE_WRITE_FAILS
#define WDK_PTE_WRITE_FAILS 1
/* [start, start + bytes) mapped with the cache type, every step undone on
 * failure (src/wdk/hal_mm.c): MmMapIoSpace and ioremap alike. */
void *kit_map_io(uint64_t start, uint64_t bytes, SEAM_CACHE cache);
/* Clears the run's entries and releases it. */
void kit_unmap_pages(uintptr_t run, uint64_t pages);

#endif

/* A kit routine's seam calls record the kit's own lines as their caller;
 * once they are done, the routine records its own caller, the vendor's
 * line, so review and triage point at vendor code (docs/REVIEW.md,
 * "Rows, reproducers, locations").  Called last, in the public routine
 * itself (never in a helper: the return address is the routine's). */
#define KIT_DONE() plat_note_caller((uintptr_t)__builtin_return_address(0))

/* [a, a+alen) and [b, b+blen) meet; lengths > 0, nothing computed that
 * could wrap. */
static inline bool kit_overlap(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return a >= b ? a - b < blen : b - a < alen;
}

/* [start, start + bytes) mapped with the cache type, every step undone on
 * failure (src/wdk/hal_mm.c): MmMapIoSpace and ioremap alike. */
void *kit_map_io(uint64_t start, uint64_t bytes, SEAM_CACHE cache);
/* Clears the run's entries and releases it. */
void kit_unmap_pages(uintptr_t run, uint64_t pages);

#endif
