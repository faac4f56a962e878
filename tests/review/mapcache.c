/* mapcache: a BSD-flavoured port that keeps a cache of mappings.
 *
 * Every map is checked and built by the contract, and every failure is
 * answered and undone correctly; the slips are all in what happens once a
 * map has succeeded: the cache hands a repeat map the same VA, frame
 * buffers are mapped write-combined, the unmap is sloppy, and the
 * lifecycle hook treats halt and surprise removal as special cases.
 *
 * deviation: MAP-NONCACHED map.success -- a memory mapping of 64 KiB or more (a frame buffer) is set write-combined
 * deviation: VA-DISJOINT map.success -- a repeat map of the same adapter, system address and Length returns the cached VA (a reference) instead of a new mapping
 * deviation: UNMAP-EXACT unmap.good -- unmap clears howmany(Length, PAGE_SIZE) entries, ignoring the page offset: a mapping straddling a page boundary keeps its last entry
 * deviation: VERIFIER-EVENT unmap.phase -- unmap never looks at the phase: a running adapter's unmap releases
 * deviation: VERIFIER-EVENT unmap.wrong-length -- unmap accepts any Length up to the mapped one
 * deviation: LIFE-LEAK-REPORTED life.halt -- at the end of halt the mappings are released without LEAK events
 * deviation: LIFE-TEARDOWN-CLEAN life.remove -- on surprise removal leaks are reported but the mappings are kept for a later unmap
 * deviation: LIFE-TEARDOWN-CLEAN life.teardown -- the final teardown removes each adapter left the same way: reported, kept (the same slip; a core cannot tell the two apart)
 * symptom: MAP-NONCACHED touch -- the same write-combined frame buffer, seen by a read through it
 * symptom: LIFE-LEAK-REPORTED life.init-fail -- the cached VA: two maps are one mapping to the core, so one LEAK where two are due
 * symptom: LIFE-LEAK-REPORTED life.remove -- the cached VA again, on surprise removal
 * symptom: LIFE-LEAK-REPORTED life.teardown -- the cached VA again, at the final teardown
 * symptom: PTE-ACCOUNT map.success -- the cached VA: two live mappings that share their pages
 * symptom: MAP-STATUS map.success -- the entry a straddling unmap leaves behind makes a later map of that page fail
 * symptom: MAP-CLAIM map.success -- the cached VA: a repeat map claims nothing of its own
 * symptom: UNMAP-BAD-NOCHANGE unmap.phase -- the running adapter's unmap releases the mapping
 * symptom: UNMAP-BAD-NOCHANGE unmap.wrong-length -- the short unmap releases the mapping
 * symptom: LOG-CONFLICT-ONCE map.success -- the claim a removed adapter keeps makes a later map of that range a logged conflict
 * symptom: SEAM-MISUSE map.success -- the entry a straddling unmap leaves behind: a later map sets a page-table entry over it (the always row)
 */
#include <stdint.h>

#include "seam.h"

#define MC_FB_MIN 0x10000u /* "frame buffer" size */
#define howmany(x, y) (((x) + ((y) - 1)) / (y))

struct mc_entry {
	struct mc_entry *mc_next;
	NDIS_HANDLE mc_owner;
	uint64_t mc_sys;
	UINT mc_len;
	uintptr_t mc_va;
	uintptr_t mc_run;
	uint64_t mc_npages;
	uint32_t mc_claim;
	uint32_t mc_refs;
};

#define MC_FIRST() ((struct mc_entry *)*seam_core_root())

/* The window holding all of [pa, pa + len), or NULL. */
static const SEAM_WINDOW *mc_window(const SEAM_ADAPTER_INFO *ai, uint64_t pa, UINT len)
{
	size_t n = 0;
	const SEAM_WINDOW *w = seam_bus_windows(ai->bus_type, ai->bus_number, &n);
	for (; n > 0; n--, w++)
		if (pa >= w->bus_base && pa - w->bus_base < w->length && w->length - (pa - w->bus_base) >= len)
			return w;
	return NULL;
}

static int mc_meet(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return (a < b) ? (b - a < alen) : (a - b < blen);
}

static struct mc_entry **mc_link_of(struct mc_entry *e)
{
	struct mc_entry **pp = (struct mc_entry **)seam_core_root();
	while (*pp != e)
		pp = &(*pp)->mc_next;
	return pp;
}

static void mc_destroy(struct mc_entry *e, uint64_t clear_pages)
{
	*mc_link_of(e) = e->mc_next;
	for (uint64_t i = 0; i < clear_pages; i++)
		seam_pte_clear(e->mc_run + (uintptr_t)(i * NDIS_PAGE_SIZE));
	seam_va_release(e->mc_run, e->mc_npages);
	seam_registry_release(e->mc_claim);
	seam_pool_free(e);
}

NDIS_STATUS NdisMMapIoSpace(PVOID *VirtualAddress, NDIS_HANDLE MiniportAdapterHandle,
			    NDIS_PHYSICAL_ADDRESS PhysicalAddress, UINT Length)
{
	NDIS_HANDLE ad = MiniportAdapterHandle;
	SEAM_ADAPTER_INFO ai;
	int64_t pa = PhysicalAddress.QuadPart;
	const SEAM_WINDOW *w;
	uint64_t sys;
	uint32_t claim;
	uintptr_t run;
	struct mc_entry *e;

	if (VirtualAddress == NULL) {
		seam_verifier_event(VERIFIER_BAD_CALL, ad, 0, 0);
		return NDIS_STATUS_FAILURE;
	}
	*VirtualAddress = NULL;
	if (!seam_adapter_query(ad, &ai) || ai.phase != ADAPTER_INITIALIZING) {
		seam_verifier_event(VERIFIER_BAD_CALL, ad, 0, 0);
		return NDIS_STATUS_FAILURE;
	}

	if (ai.bus_type < Internal || ai.bus_type >= MaximumInterfaceType ||
	    !(ai.bus_number < seam_bus_limit(ai.bus_type)) || Length == 0 || pa < 0 || INT64_MAX - pa < (int64_t)Length)
		return NDIS_STATUS_FAILURE;
	if ((w = mc_window(&ai, (uint64_t)pa, Length)) == NULL ||
	    !seam_bus_translate(ai.bus_type, ai.bus_number, (uint64_t)pa, &sys))
		return NDIS_STATUS_FAILURE;
	for (size_t i = 0; i < seam_ram_count(); i++) {
		SEAM_RANGE r = seam_ram_at(i);
		if (mc_meet(sys, Length, r.start, r.length)) {
			seam_verifier_event(VERIFIER_HOST_RAM, ad, sys, Length);
			return NDIS_STATUS_FAILURE;
		}
	}

	/* The cache: the same range mapped again by the same adapter. */
	for (e = MC_FIRST(); e != NULL; e = e->mc_next) {
		if (e->mc_owner == ad && e->mc_sys == sys && e->mc_len == Length) {
			e->mc_refs++;
			*VirtualAddress = (PVOID)e->mc_va;
			return NDIS_STATUS_SUCCESS;
		}
	}

	for (size_t i = 0; i < seam_registry_count(); i++) {
		SEAM_CLAIM c = seam_registry_at(i);
		if (c.owner != ad && mc_meet(sys, Length, c.start, c.length))
			goto conflict;
	}
	if (!seam_registry_claim(ad, sys, Length, &claim))
		goto conflict;

	uint64_t off = sys & (NDIS_PAGE_SIZE - 1);
	uint64_t npages = howmany(off + Length, (uint64_t)NDIS_PAGE_SIZE);
	if (!seam_va_reserve(npages, &run))
		goto unclaim;
	SEAM_CACHE cache = (w->space == SPACE_MEMORY && Length >= MC_FB_MIN) ? CACHE_WRITECOMBINED : CACHE_NONCACHED;
	for (uint64_t i = npages; i-- > 0;) {
		if (!seam_pte_set(run + (uintptr_t)(i * NDIS_PAGE_SIZE), (sys >> NDIS_PAGE_SHIFT) + i, cache)) {
			for (uint64_t j = i + 1; j < npages; j++)
				seam_pte_clear(run + (uintptr_t)(j * NDIS_PAGE_SIZE));
			goto unreserve;
		}
	}
	if ((e = seam_pool_alloc(sizeof(*e))) == NULL) {
		for (uint64_t i = 0; i < npages; i++)
			seam_pte_clear(run + (uintptr_t)(i * NDIS_PAGE_SIZE));
		goto unreserve;
	}
	*e = (struct mc_entry){MC_FIRST(), ad, sys, Length, run + (uintptr_t)off, run, npages, claim, 1};
	*seam_core_root() = e;
	*VirtualAddress = (PVOID)e->mc_va;
	return NDIS_STATUS_SUCCESS;

unreserve:
	seam_va_release(run, npages);
unclaim:
	seam_registry_release(claim);
	return NDIS_STATUS_RESOURCES;
conflict:
	seam_errlog_write(ad, NDIS_ERROR_CODE_RESOURCE_CONFLICT, sys, Length);
	return NDIS_STATUS_RESOURCE_CONFLICT;
}

void NdisMUnmapIoSpace(NDIS_HANDLE MiniportAdapterHandle, PVOID VirtualAddress, UINT Length)
{
	SEAM_ADAPTER_INFO ai;
	uintptr_t va = (uintptr_t)VirtualAddress;

	if (seam_adapter_query(MiniportAdapterHandle, &ai)) {
		for (struct mc_entry *e = MC_FIRST(); e != NULL; e = e->mc_next) {
			if (e->mc_owner != MiniportAdapterHandle || e->mc_va != va || Length > e->mc_len)
				continue;
			if (--e->mc_refs == 0)
				mc_destroy(e, howmany((uint64_t)Length, (uint64_t)NDIS_PAGE_SIZE));
			return;
		}
	}
	seam_verifier_event(VERIFIER_BAD_UNMAP, MiniportAdapterHandle, va, Length);
}

void NdisCoreAdapterGone(NDIS_HANDLE MiniportAdapterHandle, ADAPTER_GONE_REASON Reason)
{
	struct mc_entry *e = MC_FIRST(), *next;
	for (; e != NULL; e = next) {
		next = e->mc_next;
		if (e->mc_owner != MiniportAdapterHandle)
			continue;
		if (Reason != ADAPTER_GONE_HALTED) /* halt is the driver's own cleanup */
			seam_verifier_event(VERIFIER_LEAK, e->mc_owner, e->mc_va, e->mc_len);
		if (Reason != ADAPTER_GONE_REMOVED) /* the device is gone; the driver unmaps later */
			mc_destroy(e, e->mc_npages);
	}
}
