/* The reference mapping core: ../shared/CONTRACT.md, clause by clause.
 *
 * Its only bookkeeping is a list of mapping records allocated from the pool,
 * headed in the platform's core-root slot.  Seeded bugs (docs/BUGS.md) sit
 * behind MF_BUG_* switches beside the code they break; with none defined
 * this is the correct core.  tests/cores/ has one file per switch and
 * tests/kill.sh checks that the harness catches each under its ID. */
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
#ifdef MF_BUG_VA_REUSE
	uint64_t sys;       /* translated start, to find a mapping to share */
#endif
} core_mapping;

/* Virtual pages reserved beyond the mapped ones. */
#ifdef MF_BUG_GUARD_PAGE
#define VA_GUARD_PAGES 1u /* BUG: an unmapped guard page after each run */
#else
#define VA_GUARD_PAGES 0u
#endif

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
#if defined(MF_BUG_OVERLAP_ABUTTING)
		return a - b <= blen; /* BUG: abutting ranges overlap */
#elif defined(MF_BUG_OVERLAP_ONE_BYTE)
		return a - b + 1 < blen; /* BUG: a one-byte overlap passes */
#else
		return a - b < blen;
#endif
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
#ifdef MF_BUG_WINDOW_END_PAST
		if (off < w[i].length && len - 1 <= w[i].length - off) /* BUG: one byte past the end */
#else
		if (off < w[i].length && len <= w[i].length - off)
#endif
			return &w[i];
	}
	return NULL;
}

static int touches_host_ram(uint64_t sys, uint64_t len)
{
#ifdef MF_BUG_HOST_RAM_UNCHECKED
	return 0; /* BUG: the host-RAM test stubbed out */
#endif
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
#if defined(MF_BUG_OWN_OVERLAP_CONFLICT)
		(void)self;
		if (ranges_overlap(sys, len, c.start, c.length)) /* BUG: own claims conflict too */
#elif defined(MF_BUG_CONFLICT_START_ONLY)
		if (c.owner != self && c.start >= sys && c.start - sys < len) /* BUG: only claims starting inside */
#else
		if (c.owner != self && ranges_overlap(sys, len, c.start, c.length))
#endif
			return 1;
	}
	return 0;
}

/* Checks of clause 2 that need no platform call beyond queries. */
static int bus_and_range_valid(const SEAM_ADAPTER_INFO *info, int64_t pa, UINT len)
{
#ifdef MF_BUG_BUS_TYPE_OFF_BY_ONE
	if ((int)info->bus_type < 0 || info->bus_type > MaximumInterfaceType) /* BUG: > for >= */
#else
	if ((int)info->bus_type < 0 || info->bus_type >= MaximumInterfaceType)
#endif
		return 0;
#ifdef MF_BUG_BUS_NUMBER_OFF_BY_ONE
	if (info->bus_number > seam_bus_limit(info->bus_type)) /* BUG: > for >= */
#else
	if (info->bus_number >= seam_bus_limit(info->bus_type))
#endif
		return 0;
#ifndef MF_BUG_LEN_ZERO_ACCEPTED
	if (len == 0)
		return 0;
#endif
#ifndef MF_BUG_NEGATIVE_ADDR
	if (pa < 0)
		return 0;
#endif
#ifndef MF_BUG_SUM_UNCHECKED
	if (pa > INT64_MAX - (int64_t)len)
		return 0;
#endif
	return containing_window(info, (uint64_t)pa, len) != NULL;
}

NDIS_STATUS NdisMMapIoSpace(PVOID *VirtualAddress, NDIS_HANDLE MiniportAdapterHandle,
			    NDIS_PHYSICAL_ADDRESS PhysicalAddress, UINT Length)
{
	NDIS_HANDLE self = MiniportAdapterHandle;
	SEAM_ADAPTER_INFO info;

	/* 1. Calls that must never have been made. */
	if (!VirtualAddress) {
#ifndef MF_BUG_NULL_OUT_NO_EVENT
		seam_verifier_event(VERIFIER_BAD_CALL, self, 0, 0);
#endif
		return NDIS_STATUS_FAILURE;
	}
#ifndef MF_BUG_NULL_LATE
	*VirtualAddress = NULL;
#endif
#ifdef MF_BUG_MAP_OUTSIDE_INIT
	if (!seam_adapter_query(self, &info) || info.phase == ADAPTER_HALTING) { /* BUG: running may map */
#else
	if (!seam_adapter_query(self, &info) || info.phase != ADAPTER_INITIALIZING) {
#endif
		seam_verifier_event(VERIFIER_BAD_CALL, self, 0, 0);
		return NDIS_STATUS_FAILURE;
	}

	/* 2. Bus, range and translation. */
#ifdef MF_BUG_BAD_STATUS_CODE
	if (Length == 0)
		return (NDIS_STATUS)0xC000000Du; /* BUG: STATUS_INVALID_PARAMETER, not an NDIS code */
#endif
	if (!bus_and_range_valid(&info, PhysicalAddress.QuadPart, Length))
		return NDIS_STATUS_FAILURE;
	uint64_t sys;
	if (!seam_bus_translate(info.bus_type, info.bus_number,
				(uint64_t)PhysicalAddress.QuadPart, &sys))
#ifdef MF_BUG_TRANSLATE_FAIL_AS_RESOURCES
		return NDIS_STATUS_RESOURCES; /* BUG: a failed translation is FAILURE */
#else
		return NDIS_STATUS_FAILURE;
#endif
#ifdef MF_BUG_NULL_LATE
	*VirtualAddress = NULL; /* BUG: too late for the clause-1/2 failures */
#endif
#ifndef MF_BUG_CLAIM_BEFORE_RAM
#ifdef MF_BUG_HOST_RAM_BUS_ADDR
	if (touches_host_ram((uint64_t)PhysicalAddress.QuadPart, Length)) { /* BUG: bus, not translated */
#else
	if (touches_host_ram(sys, Length)) {
#endif
#ifdef MF_BUG_HOST_RAM_EVENT_BUS_ADDR
		seam_verifier_event(VERIFIER_HOST_RAM, self, (uint64_t)PhysicalAddress.QuadPart, Length);
#else
		seam_verifier_event(VERIFIER_HOST_RAM, self, sys, Length);
#endif
		return NDIS_STATUS_FAILURE;
	}
#endif

	/* 3. The claim; a conflict is logged exactly once. */
	uint32_t claim_id;
#ifdef MF_BUG_ALLOC_BEFORE_CONFLICT
	core_mapping *m = seam_pool_alloc(sizeof(*m)); /* BUG: allocation before the conflict check */
	if (!m)
		return NDIS_STATUS_RESOURCES;
#endif
	if (conflicts_with_other_adapter(self, sys, Length) ||
#ifdef MF_BUG_CLAIM_BUS_RANGE
	    !seam_registry_claim(self, (uint64_t)PhysicalAddress.QuadPart, Length, &claim_id)) {
#else
	    !seam_registry_claim(self, sys, Length, &claim_id)) {
#endif
#ifdef MF_BUG_ALLOC_BEFORE_CONFLICT
		seam_pool_free(m);
#endif
#ifndef MF_BUG_NO_ERRLOG
		seam_errlog_write(self, NDIS_ERROR_CODE_RESOURCE_CONFLICT, sys, Length);
#endif
#ifdef MF_BUG_ERRLOG_TWICE
		seam_errlog_write(self, NDIS_ERROR_CODE_RESOURCE_CONFLICT, sys, Length);
#endif
		return NDIS_STATUS_RESOURCE_CONFLICT;
	}
#ifdef MF_BUG_CLAIM_BEFORE_RAM
	if (touches_host_ram(sys, Length)) { /* BUG: checked after the claim */
		seam_registry_release(claim_id);
		seam_verifier_event(VERIFIER_HOST_RAM, self, sys, Length);
		return NDIS_STATUS_FAILURE;
	}
#endif

	/* 4. Allocation and mapping; each failure undoes what came before. */
#ifndef MF_BUG_ALLOC_BEFORE_CONFLICT
	core_mapping *m = seam_pool_alloc(sizeof(*m));
	if (!m)
		goto release_claim;
#endif
	uint64_t offset = sys & (NDIS_PAGE_SIZE - 1);
#ifdef MF_BUG_PAGES_ROUNDING
	uint64_t pages = (offset + Length + NDIS_PAGE_SIZE) / NDIS_PAGE_SIZE; /* BUG: rounds up one too many */
#else
	uint64_t pages = (offset + Length + NDIS_PAGE_SIZE - 1) / NDIS_PAGE_SIZE;
#endif
#ifdef MF_BUG_VA_REUSE
	for (core_mapping *o = list_head(); o; o = o->next) {
		if (o->adapter == self && o->sys == sys && o->length == Length) { /* BUG: shares the VA */
			*m = (core_mapping){list_head(), self, o->va, Length, o->va_base, 0, claim_id, sys};
			list_set_head(m);
			*VirtualAddress = (PVOID)m->va;
			return NDIS_STATUS_SUCCESS;
		}
	}
#endif
	uintptr_t va_base;
#ifdef MF_BUG_CLAIM_LEAK_ON_VA_FAIL
	if (!seam_va_reserve(pages + VA_GUARD_PAGES, &va_base)) {
		seam_pool_free(m); /* BUG: the claim is not released */
		return NDIS_STATUS_RESOURCES;
	}
#else
	if (!seam_va_reserve(pages + VA_GUARD_PAGES, &va_base))
		goto free_record;
#endif
#ifdef MF_BUG_VA_WRITTEN_EARLY
	*VirtualAddress = (PVOID)(va_base + (uintptr_t)offset); /* BUG: written before the PTEs hold */
#endif
#if defined(MF_BUG_FRAME_ROUND_UP)
	uint64_t frame = (sys + NDIS_PAGE_SIZE - 1) / NDIS_PAGE_SIZE; /* BUG: rounds up */
#elif defined(MF_BUG_FRAME_FROM_BUS)
	uint64_t frame = (uint64_t)PhysicalAddress.QuadPart / NDIS_PAGE_SIZE; /* BUG: untranslated */
#else
	uint64_t frame = sys / NDIS_PAGE_SIZE;
#endif
	for (uint64_t i = 0; i < pages; i++) {
		if (seam_pte_set(va_base + (uintptr_t)(i * NDIS_PAGE_SIZE), frame + i,
#ifdef MF_BUG_CACHED_MAPPING
				 CACHE_CACHED)) /* BUG: device memory mapped cached */
#else
				 CACHE_NONCACHED))
#endif
			continue;
#if defined(MF_BUG_PTE_ROLLBACK_PARTIAL)
		while (i-- > 1) /* BUG: the first entry stays set */
			seam_pte_clear(va_base + (uintptr_t)(i * NDIS_PAGE_SIZE));
#elif defined(MF_BUG_ROLLBACK_ONE_TOO_MANY)
		for (uint64_t j = 0; j <= i; j++) /* BUG: clears the entry that failed too */
			seam_pte_clear(va_base + (uintptr_t)(j * NDIS_PAGE_SIZE));
#else
		while (i-- > 0)
			seam_pte_clear(va_base + (uintptr_t)(i * NDIS_PAGE_SIZE));
#endif
		seam_va_release(va_base, pages + VA_GUARD_PAGES);
		goto free_record;
	}

	/* 5. Success. */
#ifdef MF_BUG_OFFSET_LOST
	*m = (core_mapping){list_head(), self, va_base, Length, /* BUG: page offset dropped */
			    va_base, pages, claim_id};
#elif defined(MF_BUG_VA_REUSE)
	*m = (core_mapping){list_head(), self, va_base + (uintptr_t)offset, Length,
			    va_base, pages, claim_id, sys};
#else
	*m = (core_mapping){list_head(), self, va_base + (uintptr_t)offset, Length,
			    va_base, pages, claim_id};
#endif
	list_set_head(m);
	*VirtualAddress = (PVOID)m->va;
	return NDIS_STATUS_SUCCESS;

free_record:
	seam_pool_free(m);
#ifndef MF_BUG_ALLOC_BEFORE_CONFLICT
release_claim:
#endif
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
#ifdef MF_BUG_UNMAP_CLEARS_EXTRA_PTE
	for (uint64_t i = 0; i <= m->pages; i++) /* BUG: one entry past the run */
#else
	for (uint64_t i = 0; i < m->pages; i++)
#endif
		seam_pte_clear(m->va_base + (uintptr_t)(i * NDIS_PAGE_SIZE));
	seam_va_release(m->va_base, m->pages + VA_GUARD_PAGES);
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
#ifdef MF_BUG_UNMAP_WHILE_RUNNING
	    info.phase != 0) { /* BUG: any phase may unmap */
#else
	    (info.phase == ADAPTER_INITIALIZING || info.phase == ADAPTER_HALTING)) {
#endif
		core_mapping *prev = NULL;
		for (core_mapping *m = list_head(); m; prev = m, m = m->next) {
#ifdef MF_BUG_UNMAP_ANY_ADAPTER
			if (m->va != va || m->length != Length) /* BUG: owner not checked */
#else
			if (m->adapter != self || m->va != va)
#endif
				continue;
#if defined(MF_BUG_UNMAP_WRONG_LENGTH)
			if (((m->va & (NDIS_PAGE_SIZE - 1)) + Length + NDIS_PAGE_SIZE - 1) / NDIS_PAGE_SIZE !=
			    m->pages) /* BUG: any length spanning the same pages */
				continue;
#elif defined(MF_BUG_BAD_UNMAP_RELEASES)
			if (m->length != Length) { /* BUG: reported, then released anyway */
				seam_verifier_event(VERIFIER_BAD_UNMAP, self, va, Length);
				unlink_mapping(prev, m);
				release_mapping(m);
				return;
			}
#else
			if (m->length != Length)
				continue;
#endif
#if defined(MF_BUG_DOUBLE_UNMAP)
			(void)prev;
			release_resources(m); /* BUG: the record stays listed: a second unmap releases again */
#elif defined(MF_BUG_UNMAP_NO_POOL_FREE)
			unlink_mapping(prev, m);
			release_resources(m); /* BUG: the pool record is never freed */
#else
			unlink_mapping(prev, m);
			release_mapping(m);
#endif
			return;
		}
	}
#ifdef MF_BUG_ERRLOG_ON_BAD_UNMAP
	seam_errlog_write(self, NDIS_ERROR_CODE_RESOURCE_CONFLICT, va, Length); /* BUG: fallible */
#endif
	seam_verifier_event(VERIFIER_BAD_UNMAP, self, va, Length);
}

void NdisCoreAdapterGone(NDIS_HANDLE MiniportAdapterHandle, ADAPTER_GONE_REASON Reason)
{
	(void)Reason;
	core_mapping *prev = NULL, *m = list_head();
	while (m) {
		core_mapping *next = m->next;
		if (m->adapter == MiniportAdapterHandle) {
#if defined(MF_BUG_LEAK_NOT_REPORTED_AT_HALT)
			if (Reason != ADAPTER_GONE_HALTED) /* BUG: a halt is "clean" */
				seam_verifier_event(VERIFIER_LEAK, m->adapter, m->va, m->length);
#elif defined(MF_BUG_LEAK_EVENT_VA_BASE)
			seam_verifier_event(VERIFIER_LEAK, m->adapter, m->va_base, m->length); /* BUG: run, not VA */
#else
			seam_verifier_event(VERIFIER_LEAK, m->adapter, m->va, m->length);
#endif
#ifdef MF_BUG_LEAK_NOT_RELEASED
			(void)prev; /* BUG: reported, but left mapped */
#else
			unlink_mapping(prev, m);
			release_mapping(m);
#endif
		} else {
			prev = m;
		}
		m = next;
	}
}
