/* assertive: a vendor core in the checked-build style.  Its sanity checks
 * are ASSERTs, which bugcheck on a checked build and compile away on the
 * free build tested here; the one hard check it keeps, an unmap of an
 * address it never mapped, is a bugcheck, the way the memory manager treats
 * a stray MmUnmapIoSpace.  Mappings are a doubly linked list of pool
 * records headed in the core-root slot.
 *
 * deviation: BUGCHECK unmap.not-mapped -- an unmap of a VA no mapping has bugchecks (0xDA, SYSTEM_PTE_MISUSE) instead of a BAD_UNMAP event
 * deviation: VERIFIER-EVENT unmap.wrong-adapter -- the owner test is a free-build ASSERT: another adapter's mapping is released
 * deviation: MAP-STATUS map.phase -- only liveness is checked: a running or halting adapter maps, with no BAD_CALL
 * deviation: MAP-STATUS map.bus-number -- the bus number is compared with > instead of >= against the declared count
 * deviation: MAP-STATUS map.claim-fail -- a failed registry claim is taken for exhaustion: RESOURCES, nothing logged
 * deviation: MAP-STATUS map.pool-fail -- a pool failure answers FAILURE, while VA and PTE failures answer RESOURCES
 * deviation: MAP-ATOMIC map.pte-fail -- a page-table failure undoes the entries, claim and record but keeps the virtual run
 * symptom: VERIFIER-EVENT map.phase -- the same liveness-only test: no BAD_CALL event for a running adapter's map
 * symptom: VERIFIER-EVENT map.bus-number -- the same > test: the one-past bus maps on, and its later checks log a verifier event where FAILURE alone is due
 * symptom: LOG-CONFLICT-ONCE map.claim-fail -- the failed claim taken for exhaustion is not logged either
 * symptom: LOG-CONFLICT-ONCE map.phase -- the same liveness-only test: a running adapter's map goes on to a conflict and logs it, where the phase alone fails it
 * symptom: MAP-ATOMIC map.phase -- the page-table rollback that keeps the virtual run, on a running adapter's map that should have failed before it
 * symptom: MAP-ATOMIC map.bus-number -- the same rollback on the one-past bus's map
 * symptom: UNMAP-BAD-NOCHANGE unmap.wrong-adapter -- the other adapter's mapping it releases changes the state
 */
#include <stdint.h>
#include <stdlib.h>

#include "seam.h"

#define SYSTEM_PTE_MISUSE 0xDAu
#define ASSERT(e) ((void)sizeof(e)) /* free build */

struct io_map {
	struct io_map *fwd, *back;
	NDIS_HANDLE owner;
	uintptr_t user_va;
	UINT user_len;
	uintptr_t run;
	uint64_t npages;
	uint32_t claim;
};

static struct io_map **list_anchor(void)
{
	return (struct io_map **)seam_core_root();
}

static void list_push(struct io_map *e)
{
	struct io_map **a = list_anchor();
	e->back = NULL;
	e->fwd = *a;
	if (*a)
		(*a)->back = e;
	*a = e;
}

static void list_drop(struct io_map *e)
{
	if (e->back)
		e->back->fwd = e->fwd;
	else
		*list_anchor() = e->fwd;
	if (e->fwd)
		e->fwd->back = e->back;
}

static _Noreturn void bugcheck(uint32_t code, uint64_t a, uint64_t b, uint64_t c, uint64_t d)
{
	seam_bugcheck(code, a, b, c, d);
}

/* [s, s+n) as 128-bit-free arithmetic: distance from the lower start. */
static int overlaps(uint64_t s1, uint64_t n1, uint64_t s2, uint64_t n2)
{
	return s1 < s2 ? n1 > s2 - s1 : n2 > s1 - s2;
}

static int range_ok(const SEAM_ADAPTER_INFO *ai, uint64_t pa, UINT len)
{
	size_t n;
	const SEAM_WINDOW *w = seam_bus_windows(ai->bus_type, ai->bus_number, &n);
	while (n--) {
		if (pa >= w[n].bus_base && pa - w[n].bus_base <= w[n].length &&
		    len <= w[n].length - (pa - w[n].bus_base))
			return 1;
	}
	return 0;
}

static NDIS_STATUS validate(NDIS_HANDLE h, const SEAM_ADAPTER_INFO *ai, int64_t pa, UINT len, uint64_t *sys)
{
	if ((int)ai->bus_type < Internal || ai->bus_type >= MaximumInterfaceType)
		return NDIS_STATUS_FAILURE;
	ULONG buses = seam_bus_limit(ai->bus_type);
	if (buses == 0 || ai->bus_number > buses)
		return NDIS_STATUS_FAILURE;
	if (len == 0 || pa < 0 || (uint64_t)pa + len > (uint64_t)INT64_MAX)
		return NDIS_STATUS_FAILURE;
	if (!range_ok(ai, (uint64_t)pa, len) || !seam_bus_translate(ai->bus_type, ai->bus_number, (uint64_t)pa, sys))
		return NDIS_STATUS_FAILURE;
	for (size_t i = seam_ram_count(); i-- > 0;) {
		SEAM_RANGE r = seam_ram_at(i);
		if (overlaps(*sys, len, r.start, r.length)) {
			seam_verifier_event(VERIFIER_HOST_RAM, h, *sys, len);
			return NDIS_STATUS_FAILURE;
		}
	}
	return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS NdisMMapIoSpace(PVOID *VirtualAddress, NDIS_HANDLE MiniportAdapterHandle,
			    NDIS_PHYSICAL_ADDRESS PhysicalAddress, UINT Length)
{
	NDIS_HANDLE h = MiniportAdapterHandle;
	SEAM_ADAPTER_INFO ai;
	uint64_t sys = 0;

	if (VirtualAddress == NULL || !seam_adapter_query(h, &ai)) {
		seam_verifier_event(VERIFIER_BAD_CALL, h, 0, 0);
		if (VirtualAddress)
			*VirtualAddress = NULL;
		return NDIS_STATUS_FAILURE;
	}
	*VirtualAddress = NULL;
	ASSERT(ai.phase == ADAPTER_INITIALIZING);

	NDIS_STATUS st = validate(h, &ai, PhysicalAddress.QuadPart, Length, &sys);
	if (st != NDIS_STATUS_SUCCESS)
		return st;

	for (size_t i = 0; i < seam_registry_count(); i++) {
		SEAM_CLAIM c = seam_registry_at(i);
		if (c.owner != h && overlaps(sys, Length, c.start, c.length)) {
			seam_errlog_write(h, NDIS_ERROR_CODE_RESOURCE_CONFLICT, sys, Length);
			return NDIS_STATUS_RESOURCE_CONFLICT;
		}
	}
	uint32_t claim;
	if (!seam_registry_claim(h, sys, Length, &claim))
		return NDIS_STATUS_RESOURCES;

	struct io_map *e = seam_pool_alloc(sizeof(*e));
	if (e == NULL) {
		seam_registry_release(claim);
		return NDIS_STATUS_FAILURE;
	}
	uint64_t skew = sys % NDIS_PAGE_SIZE;
	uint64_t npages = (skew + Length - 1) / NDIS_PAGE_SIZE + 1;
	uintptr_t run;
	if (!seam_va_reserve(npages, &run)) {
		seam_pool_free(e);
		seam_registry_release(claim);
		return NDIS_STATUS_RESOURCES;
	}
	uint64_t done = 0;
	while (done < npages && seam_pte_set(run + (uintptr_t)(done * NDIS_PAGE_SIZE),
					     sys / NDIS_PAGE_SIZE + done, CACHE_NONCACHED))
		done++;
	if (done < npages) {
		while (done > 0)
			seam_pte_clear(run + (uintptr_t)(--done * NDIS_PAGE_SIZE));
		seam_pool_free(e);
		seam_registry_release(claim);
		return NDIS_STATUS_RESOURCES;
	}

	e->owner = h;
	e->user_va = run + (uintptr_t)skew;
	e->user_len = Length;
	e->run = run;
	e->npages = npages;
	e->claim = claim;
	list_push(e);
	*VirtualAddress = (PVOID)e->user_va;
	return NDIS_STATUS_SUCCESS;
}

static void io_map_free(struct io_map *e)
{
	list_drop(e);
	for (uint64_t p = e->npages; p-- > 0;)
		seam_pte_clear(e->run + (uintptr_t)(p * NDIS_PAGE_SIZE));
	seam_va_release(e->run, e->npages);
	seam_registry_release(e->claim);
	seam_pool_free(e);
}

void NdisMUnmapIoSpace(NDIS_HANDLE MiniportAdapterHandle, PVOID VirtualAddress, UINT Length)
{
	NDIS_HANDLE h = MiniportAdapterHandle;
	uintptr_t va = (uintptr_t)VirtualAddress;
	SEAM_ADAPTER_INFO ai;

	if (!seam_adapter_query(h, &ai) || (ai.phase != ADAPTER_INITIALIZING && ai.phase != ADAPTER_HALTING)) {
		seam_verifier_event(VERIFIER_BAD_UNMAP, h, va, Length);
		return;
	}
	struct io_map *e = *list_anchor();
	while (e && e->user_va != va)
		e = e->fwd;
	if (e == NULL)
		bugcheck(SYSTEM_PTE_MISUSE, 0x101, va, Length, 0);
	ASSERT(e->owner == h);
	if (e->user_len != Length) {
		seam_verifier_event(VERIFIER_BAD_UNMAP, h, va, Length);
		return;
	}
	io_map_free(e);
}

void NdisCoreAdapterGone(NDIS_HANDLE MiniportAdapterHandle, ADAPTER_GONE_REASON Reason)
{
	(void)Reason;
	struct io_map *e = *list_anchor();
	while (e) {
		struct io_map *next = e->fwd;
		if (e->owner == MiniportAdapterHandle) {
			seam_verifier_event(VERIFIER_LEAK, e->owner, e->user_va, e->user_len);
			io_map_free(e);
		}
		e = next;
	}
}
