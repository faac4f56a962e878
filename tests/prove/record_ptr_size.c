/* A mapping core with a heap overflow in its bookkeeping: test material for
 * `mapfuzz prove --core` (tests/prove_test.sh, docs/PROVE.md).
 *
 * Planted, one slip: the mapping record is allocated with sizeof(m), the
 * size of a pointer (8 bytes), where sizeof(*m) (56) was meant, and then
 * filled in, so every successful map writes 48 bytes past the end of its
 * pool block.  Nothing the contract sees changes: the statuses, the claims,
 * the page tables, the virtual runs and the count of pool blocks all agree
 * with the model.  Without ASan the writes land in the allocator's own
 * memory (a proof in the fast build may hold, or die far from the slip);
 * under ASan the first successful map is a heap-buffer-overflow, and
 * `prove --core` must give it as a counterexample, never "holds".
 *
 * Everything else is the reference core, src/core/core_ref.c. */
#include <stdint.h>

#include "seam.h"

typedef struct core_mapping {
	struct core_mapping *next;
	NDIS_HANDLE adapter;
	uintptr_t va;       /* what the caller was given */
	UINT length;        /* what the caller asked for */
	uintptr_t va_base;  /* reserved run */
	uint64_t pages;
	uint32_t claim_id;
} core_mapping;

static core_mapping *list_head(void)
{
	return *seam_core_root();
}

static void list_set_head(core_mapping *m)
{
	*seam_core_root() = m;
}

/* Half-open ranges [a, a+alen) and [b, b+blen), lengths > 0; written with
 * subtraction so that no end is ever computed and nothing can wrap. */
static int ranges_overlap(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	if (a >= b)
		return a - b < blen;
	return b - a < alen;
}

/* Whole of [start, start+len) inside one window of the bus. */
static const SEAM_WINDOW *containing_window(const SEAM_ADAPTER_INFO *info, uint64_t start,
					    uint64_t len)
{
	size_t n;
	const SEAM_WINDOW *w = seam_bus_windows(info->bus_type, info->bus_number, &n);
	for (size_t i = 0; i < n; i++) {
		if (start < w[i].bus_base)
			continue;
		uint64_t off = start - w[i].bus_base;
		if (off < w[i].length && len <= w[i].length - off)
			return &w[i];
	}
	return NULL;
}

static int touches_host_ram(uint64_t sys, uint64_t len)
{
	for (size_t i = 0; i < seam_ram_count(); i++) {
		SEAM_RANGE r = seam_ram_at(i);
		if (ranges_overlap(sys, len, r.start, r.length))
			return 1;
	}
	return 0;
}

static int conflicts_with_other_adapter(NDIS_HANDLE self, uint64_t sys, uint64_t len)
{
	for (size_t i = 0; i < seam_registry_count(); i++) {
		SEAM_CLAIM c = seam_registry_at(i);
		if (c.owner != self && ranges_overlap(sys, len, c.start, c.length))
			return 1;
	}
	return 0;
}

/* Checks of clause 2 that need no platform call beyond queries. */
static int bus_and_range_valid(const SEAM_ADAPTER_INFO *info, int64_t pa, UINT len)
{
	if ((int)info->bus_type < 0 || info->bus_type >= MaximumInterfaceType)
		return 0;
	if (info->bus_number >= seam_bus_limit(info->bus_type))
		return 0;
	if (len == 0)
		return 0;
	if (pa < 0)
		return 0;
	if (pa > INT64_MAX - (int64_t)len)
		return 0;
	return containing_window(info, (uint64_t)pa, len) != NULL;
}

NDIS_STATUS NdisMMapIoSpace(PVOID *VirtualAddress, NDIS_HANDLE MiniportAdapterHandle,
			    NDIS_PHYSICAL_ADDRESS PhysicalAddress, UINT Length)
{
	NDIS_HANDLE self = MiniportAdapterHandle;
	SEAM_ADAPTER_INFO info;

	/* 1. Calls that must never have been made. */
	if (!VirtualAddress) {
		seam_verifier_event(VERIFIER_BAD_CALL, self, 0, 0);
		return NDIS_STATUS_FAILURE;
	}
	*VirtualAddress = NULL;
	if (!seam_adapter_query(self, &info) || info.phase != ADAPTER_INITIALIZING) {
		seam_verifier_event(VERIFIER_BAD_CALL, self, 0, 0);
		return NDIS_STATUS_FAILURE;
	}

	/* 2. Bus, range and translation. */
	if (!bus_and_range_valid(&info, PhysicalAddress.QuadPart, Length))
		return NDIS_STATUS_FAILURE;
	uint64_t sys;
	if (!seam_bus_translate(info.bus_type, info.bus_number,
				(uint64_t)PhysicalAddress.QuadPart, &sys))
		return NDIS_STATUS_FAILURE;
	if (touches_host_ram(sys, Length)) {
		seam_verifier_event(VERIFIER_HOST_RAM, self, sys, Length);
		return NDIS_STATUS_FAILURE;
	}

	/* 3. The claim; a conflict is logged exactly once. */
	uint32_t claim_id;
	if (conflicts_with_other_adapter(self, sys, Length) ||
	    !seam_registry_claim(self, sys, Length, &claim_id)) {
		seam_errlog_write(self, NDIS_ERROR_CODE_RESOURCE_CONFLICT, sys, Length);
		return NDIS_STATUS_RESOURCE_CONFLICT;
	}

	/* 4. Allocation and mapping; each failure undoes what came before. */
	core_mapping *m = seam_pool_alloc(sizeof(m));
	if (!m)
		goto release_claim;
	uint64_t offset = sys & (NDIS_PAGE_SIZE - 1);
	uint64_t pages = (offset + Length + NDIS_PAGE_SIZE - 1) / NDIS_PAGE_SIZE;
	uintptr_t va_base;
	if (!seam_va_reserve(pages, &va_base))
		goto free_record;
	uint64_t frame = sys / NDIS_PAGE_SIZE;
	for (uint64_t i = 0; i < pages; i++) {
		if (seam_pte_set(va_base + (uintptr_t)(i * NDIS_PAGE_SIZE), frame + i,
				 CACHE_NONCACHED))
			continue;
		while (i-- > 0)
			seam_pte_clear(va_base + (uintptr_t)(i * NDIS_PAGE_SIZE));
		seam_va_release(va_base, pages);
		goto free_record;
	}

	/* 5. Success. */
	*m = (core_mapping){list_head(), self, va_base + (uintptr_t)offset, Length,
			    va_base, pages, claim_id};
	list_set_head(m);
	*VirtualAddress = (PVOID)m->va;
	return NDIS_STATUS_SUCCESS;

free_record:
	seam_pool_free(m);
release_claim:
	seam_registry_release(claim_id);
	return NDIS_STATUS_RESOURCES;
}

static void unlink_mapping(core_mapping *prev, core_mapping *m)
{
	if (prev)
		prev->next = m->next;
	else
		list_set_head(m->next);
}

/* What the map acquired on the platform, the record aside. */
static void release_resources(const core_mapping *m)
{
	for (uint64_t i = 0; i < m->pages; i++)
		seam_pte_clear(m->va_base + (uintptr_t)(i * NDIS_PAGE_SIZE));
	seam_va_release(m->va_base, m->pages);
	seam_registry_release(m->claim_id);
}

static void release_mapping(core_mapping *m)
{
	release_resources(m);
	seam_pool_free(m);
}

void NdisMUnmapIoSpace(NDIS_HANDLE MiniportAdapterHandle, PVOID VirtualAddress, UINT Length)
{
	NDIS_HANDLE self = MiniportAdapterHandle;
	uintptr_t va = (uintptr_t)VirtualAddress;
	SEAM_ADAPTER_INFO info;
	if (seam_adapter_query(self, &info) &&
	    (info.phase == ADAPTER_INITIALIZING || info.phase == ADAPTER_HALTING)) {
		core_mapping *prev = NULL;
		for (core_mapping *m = list_head(); m; prev = m, m = m->next) {
			if (m->adapter != self || m->va != va)
				continue;
			if (m->length != Length)
				continue;
			unlink_mapping(prev, m);
			release_mapping(m);
			return;
		}
	}
	seam_verifier_event(VERIFIER_BAD_UNMAP, self, va, Length);
}

void NdisCoreAdapterGone(NDIS_HANDLE MiniportAdapterHandle, ADAPTER_GONE_REASON Reason)
{
	(void)Reason;
	core_mapping *prev = NULL, *m = list_head();
	while (m) {
		core_mapping *next = m->next;
		if (m->adapter == MiniportAdapterHandle) {
			seam_verifier_event(VERIFIER_LEAK, m->adapter, m->va, m->length);
			unlink_mapping(prev, m);
			release_mapping(m);
		} else {
			prev = m;
		}
		m = next;
	}
}
