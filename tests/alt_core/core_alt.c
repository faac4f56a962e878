/* A second, independently structured mapping core (docs/PORTING.md, "A
 * second core in the tree").  Same API (include/ndis.h), same seam
 * (include/seam.h), same contract (docs/CONTRACT.md), different internals:
 *
 *  - bookkeeping: a hash table of mapping records keyed by the caller's
 *    virtual page, anchored in the platform's core-root slot.  The bucket
 *    table is a pool block that exists exactly while some mapping is live;
 *    each mapping is one fixed-size record.  So the pool holds a function
 *    of the live mappings alone, and an unmap gives back exactly what its
 *    map took, in any order, without allocating;
 *  - clause 4 in another order: the virtual run is reserved first, the
 *    page-table entries are set from the LAST page down to the first, and
 *    the pool allocations (record, then table if none) come last; each
 *    failure undoes what this call did;
 *  - validation on 128-bit integers with end-exclusive intervals, and an
 *    overlap test of the form a < b_end && b < a_end.
 *
 * It exists to show that the harness judges a core by the contract, not by
 * the reference core's internal order of platform calls. */
#include <stdint.h>
#include <string.h>

#include "seam.h"

__extension__ typedef unsigned __int128 u128;
__extension__ typedef __int128 s128;

typedef struct alt_rec {
	struct alt_rec *chain; /* next record in the same bucket */
	NDIS_HANDLE owner;
	uintptr_t user_va; /* what the caller was given */
	UINT user_len;     /* what the caller asked for */
	uint32_t claim;    /* registry claim id */
	uintptr_t run;     /* reserved virtual run */
	uint64_t npages;
} alt_rec;

enum { ALT_BUCKETS = 8 };

typedef struct {
	size_t live; /* records in all buckets */
	alt_rec *bucket[ALT_BUCKETS];
} alt_table;

/* ---- the hash ---- */

static alt_table *table_get(void)
{
	return *seam_core_root();
}

static size_t bucket_of(uintptr_t va)
{
	uint64_t page = (uint64_t)va >> NDIS_PAGE_SHIFT;
	return (size_t)((page * 0x9E3779B97F4A7C15ull) >> 61); /* top 3 bits: 8 buckets */
}

static void table_insert(alt_table *t, alt_rec *r)
{
	size_t b = bucket_of(r->user_va);
	r->chain = t->bucket[b];
	t->bucket[b] = r;
	t->live++;
}

/* Unlinks *link (a record) and frees it; frees the table with the last. */
static void table_remove(alt_table *t, alt_rec **link)
{
	alt_rec *r = *link;
	*link = r->chain;
	seam_pool_free(r);
	if (--t->live == 0) {
		*seam_core_root() = NULL;
		seam_pool_free(t);
	}
}

/* ---- validation (clause 2) ---- */

/* [a, a_end) and [b, b_end) share a byte. */
static int spans_meet(u128 a, u128 a_end, u128 b, u128 b_end)
{
	return a < b_end && b < a_end;
}

static int inside_a_window(const SEAM_ADAPTER_INFO *info, u128 start, u128 end)
{
	size_t n = 0;
	const SEAM_WINDOW *w = seam_bus_windows(info->bus_type, info->bus_number, &n);
	for (size_t i = n; i-- > 0;) { /* any window will do: search from the last */
		u128 lo = w[i].bus_base, hi = (u128)w[i].bus_base + w[i].length;
		if (lo <= start && end <= hi)
			return 1;
	}
	return 0;
}

static int hits_host_ram(u128 sys, u128 sys_end)
{
	for (size_t i = seam_ram_count(); i-- > 0;) {
		SEAM_RANGE r = seam_ram_at(i);
		if (spans_meet(sys, sys_end, r.start, (u128)r.start + r.length))
			return 1;
	}
	return 0;
}

static int held_by_someone_else(NDIS_HANDLE self, u128 sys, u128 sys_end)
{
	size_t n = seam_registry_count();
	for (size_t i = 0; i < n; i++) {
		SEAM_CLAIM c = seam_registry_at(i);
		if (c.owner == self)
			continue; /* an adapter may overlap its own claims */
		if (spans_meet(sys, sys_end, c.start, (u128)c.start + c.length))
			return 1;
	}
	return 0;
}

/* ---- release ---- */

static void unmap_rec(const alt_rec *s)
{
	for (uint64_t p = 0; p < s->npages; p++)
		seam_pte_clear(s->run + (uintptr_t)(p * NDIS_PAGE_SIZE));
	seam_va_release(s->run, s->npages);
	seam_registry_release(s->claim);
}

/* ---- the API ---- */

NDIS_STATUS NdisMMapIoSpace(PVOID *VirtualAddress, NDIS_HANDLE MiniportAdapterHandle,
			    NDIS_PHYSICAL_ADDRESS PhysicalAddress, UINT Length)
{
	NDIS_HANDLE self = MiniportAdapterHandle;
	SEAM_ADAPTER_INFO info;

	/* 1. Misuse: BAD_CALL, FAILURE, nothing written through a NULL. */
	int bad_call = VirtualAddress == NULL;
	if (!bad_call) {
		*VirtualAddress = NULL;
		bad_call = !seam_adapter_query(self, &info) || info.phase != ADAPTER_INITIALIZING;
	}
	if (bad_call) {
		seam_verifier_event(VERIFIER_BAD_CALL, self, 0, 0);
		return NDIS_STATUS_FAILURE;
	}

	/* 2. Bus, range, translation, host RAM: FAILURE. */
	if ((uint32_t)(int32_t)info.bus_type >= (uint32_t)MaximumInterfaceType) /* negatives wrap high */
		return NDIS_STATUS_FAILURE;
	if (seam_bus_limit(info.bus_type) <= info.bus_number)
		return NDIS_STATUS_FAILURE;
	if (Length == 0)
		return NDIS_STATUS_FAILURE;
	s128 pa = PhysicalAddress.QuadPart;
	s128 pa_end = pa + (s128)Length; /* exclusive; cannot overflow in 128 bits */
	if (pa < 0 || pa_end > (s128)INT64_MAX)
		return NDIS_STATUS_FAILURE;
	if (!inside_a_window(&info, (u128)pa, (u128)pa_end))
		return NDIS_STATUS_FAILURE;
	uint64_t sys;
	if (!seam_bus_translate(info.bus_type, info.bus_number, (uint64_t)pa, &sys))
		return NDIS_STATUS_FAILURE;
	u128 sys_end = (u128)sys + Length;
	if (hits_host_ram(sys, sys_end)) {
		seam_verifier_event(VERIFIER_HOST_RAM, self, sys, Length);
		return NDIS_STATUS_FAILURE;
	}

	/* 3. Conflicts are decided before the claim; the claim comes before
	 * any allocation.  One log entry either way. */
	uint32_t claim = 0;
	if (held_by_someone_else(self, sys, sys_end) || !seam_registry_claim(self, sys, Length, &claim)) {
		(void)seam_errlog_write(self, NDIS_ERROR_CODE_RESOURCE_CONFLICT, sys, Length);
		return NDIS_STATUS_RESOURCE_CONFLICT;
	}

	/* 4. Virtual run first, then the entries last page first, then the
	 * pool allocations.  Every failure unwinds this call and returns RESOURCES. */
	uint64_t in_page = sys % NDIS_PAGE_SIZE;
	uint64_t npages = (in_page + (uint64_t)Length + NDIS_PAGE_SIZE - 1) >> NDIS_PAGE_SHIFT;
	uint64_t first_frame = sys >> NDIS_PAGE_SHIFT;
	uintptr_t run;
	if (!seam_va_reserve(npages, &run))
		goto undo_claim;

	uint64_t p = npages;
	while (p > 0) {
		uintptr_t page = run + (uintptr_t)((p - 1) * NDIS_PAGE_SIZE);
		if (!seam_pte_set(page, first_frame + (p - 1), CACHE_NONCACHED))
			break;
		p--;
	}
	if (p != 0) {
		/* Entry p-1 failed; p .. npages-1 are set. */
		for (uint64_t q = p; q < npages; q++)
			seam_pte_clear(run + (uintptr_t)(q * NDIS_PAGE_SIZE));
		goto undo_run;
	}

	alt_rec *rec = seam_pool_alloc(sizeof(*rec));
	if (!rec)
		goto undo_ptes;
	alt_table *t = table_get();
	if (!t) {
		t = seam_pool_alloc(sizeof(*t));
		if (!t) {
			seam_pool_free(rec);
			goto undo_ptes;
		}
		memset(t, 0, sizeof(*t));
		*seam_core_root() = t;
	}

	/* 5. Success. */
	uintptr_t va = run + (uintptr_t)in_page;
	*rec = (alt_rec){NULL, self, va, Length, claim, run, npages};
	table_insert(t, rec);
	*VirtualAddress = (PVOID)va;
	return NDIS_STATUS_SUCCESS;

undo_ptes:
	for (uint64_t q = 0; q < npages; q++)
		seam_pte_clear(run + (uintptr_t)(q * NDIS_PAGE_SIZE));
undo_run:
	seam_va_release(run, npages);
undo_claim:
	seam_registry_release(claim);
	return NDIS_STATUS_RESOURCES;
}

void NdisMUnmapIoSpace(NDIS_HANDLE MiniportAdapterHandle, PVOID VirtualAddress, UINT Length)
{
	NDIS_HANDLE self = MiniportAdapterHandle;
	uintptr_t va = (uintptr_t)VirtualAddress;
	SEAM_ADAPTER_INFO info;
	alt_table *t = table_get();
	if (t && seam_adapter_query(self, &info) &&
	    (info.phase == ADAPTER_HALTING || info.phase == ADAPTER_INITIALIZING)) {
		for (alt_rec **link = &t->bucket[bucket_of(va)]; *link; link = &(*link)->chain) {
			const alt_rec *r = *link;
			if (r->owner == self && r->user_va == va && r->user_len == Length) {
				unmap_rec(r);
				table_remove(t, link);
				return;
			}
		}
	}
	seam_verifier_event(VERIFIER_BAD_UNMAP, self, va, Length);
}

void NdisCoreAdapterGone(NDIS_HANDLE MiniportAdapterHandle, ADAPTER_GONE_REASON Reason)
{
	(void)Reason; /* a leak is a leak whatever the reason */
	/* Buckets from the last down: the order of the reports is not part of
	 * the contract.  The table may go with the last record. */
	for (size_t b = ALT_BUCKETS; b-- > 0;) {
		alt_table *t = table_get();
		if (!t)
			return;
		alt_rec **link = &t->bucket[b];
		while (*link) {
			const alt_rec *r = *link;
			if (r->owner != MiniportAdapterHandle) {
				link = &(*link)->chain;
				continue;
			}
			seam_verifier_event(VERIFIER_LEAK, MiniportAdapterHandle, r->user_va, r->user_len);
			unmap_rec(r);
			int last = t->live == 1;
			table_remove(t, link);
			if (last)
				return;
		}
	}
}
