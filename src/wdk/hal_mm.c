/* The kit's HAL and memory manager: bus translation and topology, I/O-space
 * mappings with their caching kept, host RAM. */
#include "kit.h"

/* ---- HAL ---- */

static BOOLEAN translate(INTERFACE_TYPE type, ULONG number, PHYSICAL_ADDRESS bus_address, PULONG space,
			 PPHYSICAL_ADDRESS out)
{
	if (!space || !out || *space > 1)
		return FALSE;
	if ((int32_t)type < 0 || (int32_t)type >= (int32_t)MaximumInterfaceType)
		return FALSE;
	/* The HAL knows only declared buses; a window configured on another
	 * bus number does not make it one (docs/CONTRACT.md, clause 2). */
	if (number >= seam_bus_limit(type))
		return FALSE;
	uint64_t bus = (uint64_t)bus_address.QuadPart;
	size_t n;
	const SEAM_WINDOW *w = seam_bus_windows(type, number, &n);
	SEAM_SPACE window_space = SPACE_MEMORY;
	bool held = false;
	for (size_t i = 0; i < n && !held; i++) {
		held = bus >= w[i].bus_base && bus - w[i].bus_base < w[i].length;
		window_space = w[i].space;
	}
	/* Only a window of the space asked for holds the address. */
	if (!held || (ULONG)window_space != *space)
		return FALSE;
	uint64_t sys;
	if (!seam_bus_translate(type, number, bus, &sys))
		return FALSE;
	out->QuadPart = (int64_t)sys;
	*space = window_space == SPACE_PORT ? 1u : 0u;
	return TRUE;
}

BOOLEAN HalTranslateBusAddress(INTERFACE_TYPE InterfaceType, ULONG BusNumber, PHYSICAL_ADDRESS BusAddress,
			       PULONG AddressSpace, PPHYSICAL_ADDRESS TranslatedAddress)
{
	BOOLEAN ok = translate(InterfaceType, BusNumber, BusAddress, AddressSpace, TranslatedAddress);
	KIT_DONE();
	return ok;
}

ULONG HalKitEnumerateBuses(PHAL_KIT_BUS Buses, ULONG Count)
{
	SEAM_BUS all[MF_MAX_WINDOWS];
	size_t n = seam_bus_list(all, MF_MAX_WINDOWS);
	for (size_t i = 0; i < n && i < Count && Buses; i++)
		Buses[i] = (HAL_KIT_BUS){all[i].type, all[i].number};
	KIT_DONE();
	return (ULONG)n;
}

ULONG HalKitBusWindows(INTERFACE_TYPE InterfaceType, ULONG BusNumber, PHAL_KIT_WINDOW Windows, ULONG Count)
{
	size_t n;
	const SEAM_WINDOW *w = seam_bus_windows(InterfaceType, BusNumber, &n);
	for (size_t i = 0; i < n && i < Count && Windows; i++) {
		PHAL_KIT_WINDOW k = &Windows[i];
		k->BusBase.QuadPart = (int64_t)w[i].bus_base;
		k->Length = w[i].length;
		k->Translated.QuadPart = (int64_t)w[i].sys_base;
		k->AddressSpace = w[i].space == SPACE_PORT ? 1u : 0u;
	}
	KIT_DONE();
	return (ULONG)n;
}

ULONG HalKitBusCount(INTERFACE_TYPE InterfaceType)
{
	ULONG n = seam_bus_limit(InterfaceType);
	KIT_DONE();
	return n;
}

/* ---- Memory manager ---- */

static bool pte_write(uintptr_t va_page, uint64_t frame, SEAM_CACHE cache)
{
#if WDK_PTE_WRITE_FAILS
	return seam_pte_set(va_page, frame, cache);
#else
	return plat_pte_install(va_page, frame, cache);
#endif
}

/* Pages spanned by [start, start + bytes), bytes > 0, without overflow. */
static uint64_t span_pages(uint64_t start, uint64_t bytes)
{
	uint64_t off = start & (NDIS_PAGE_SIZE - 1);
	return (bytes >> NDIS_PAGE_SHIFT) + ((off + (bytes & (NDIS_PAGE_SIZE - 1)) + NDIS_PAGE_SIZE - 1) >> NDIS_PAGE_SHIFT);
}

void *kit_map_io(uint64_t start, uint64_t bytes, SEAM_CACHE cache)
{
	if (bytes == 0)
		return NULL;
	if ((uint64_t)bytes - 1 > UINT64_MAX - start)
		return NULL;
	uint64_t pages = span_pages(start, bytes);
	uintptr_t base;
	if (!seam_va_reserve(pages, &base))
		return NULL;
	uint64_t frame = start >> NDIS_PAGE_SHIFT;
	for (uint64_t i = 0; i < pages; i++) {
		if (pte_write(base + (uintptr_t)(i * NDIS_PAGE_SIZE), frame + i, cache))
			continue;
		while (i-- > 0)
			seam_pte_clear(base + (uintptr_t)(i * NDIS_PAGE_SIZE));
		seam_va_release(base, pages);
		return NULL;
	}
	return (PVOID)(base + (uintptr_t)(start & (NDIS_PAGE_SIZE - 1)));
}

/* The address is unsigned here: a HAL may translate above 2^63. */
static PVOID map_io(PHYSICAL_ADDRESS pa, SIZE_T bytes, SEAM_CACHE cache)
{
	return kit_map_io((uint64_t)pa.QuadPart, bytes, cache);
}

void kit_unmap_pages(uintptr_t run, uint64_t pages)
{
	/* More pages than the platform has is no mapping of it: the release
	 * alone reports the misuse, without a clear per page. */
	if (pages <= MF_MAX_VA_PAGES)
		for (uint64_t i = 0; i < pages; i++)
			seam_pte_clear(run + (uintptr_t)(i * NDIS_PAGE_SIZE));
	seam_va_release(run, pages);
}

static bool cache_of(MEMORY_CACHING_TYPE type, SEAM_CACHE *cache)
{
	switch (type) {
	case MmNonCached:
	case MmNonCachedUnordered:
		*cache = CACHE_NONCACHED;
		return true;
	case MmCached:
	case MmHardwareCoherentCached:
		*cache = CACHE_CACHED;
		return true;
	case MmWriteCombined:
	case MmUSWCCached:
		*cache = CACHE_WRITECOMBINED;
		return true;
	default:
		return false;
	}
}

PVOID MmMapIoSpace(PHYSICAL_ADDRESS PhysicalAddress, SIZE_T NumberOfBytes, MEMORY_CACHING_TYPE CacheType)
{
	SEAM_CACHE cache;
	PVOID va = cache_of(CacheType, &cache) ? map_io(PhysicalAddress, NumberOfBytes, cache) : NULL;
	KIT_DONE();
	return va;
}

static bool protect_cache(ULONG protect, SEAM_CACHE *cache)
{
	ULONG access = protect & 0xFFu, flags = protect & ~0xFFu;
	if (access != PAGE_READONLY && access != PAGE_READWRITE && access != PAGE_EXECUTE &&
	    access != PAGE_EXECUTE_READ && access != PAGE_EXECUTE_READWRITE)
		return false;
	if (flags == 0)
		*cache = CACHE_CACHED;
	else if (flags == PAGE_NOCACHE)
		*cache = CACHE_NONCACHED;
	else if (flags == PAGE_WRITECOMBINE)
		*cache = CACHE_WRITECOMBINED;
	else
		return false; /* both, or PAGE_GUARD: not an I/O mapping */
	return true;
}

PVOID MmMapIoSpaceEx(PHYSICAL_ADDRESS PhysicalAddress, SIZE_T NumberOfBytes, ULONG Protect)
{
	SEAM_CACHE cache;
	PVOID va = protect_cache(Protect, &cache) ? map_io(PhysicalAddress, NumberOfBytes, cache) : NULL;
	KIT_DONE();
	return va;
}

VOID MmUnmapIoSpace(PVOID BaseAddress, SIZE_T NumberOfBytes)
{
	uintptr_t va = (uintptr_t)BaseAddress;
	uintptr_t run = va & ~(uintptr_t)(NDIS_PAGE_SIZE - 1);
	kit_unmap_pages(run, NumberOfBytes ? span_pages(va, NumberOfBytes) : 0);
	KIT_DONE();
}

PPHYSICAL_MEMORY_RANGE MmGetPhysicalMemoryRanges(VOID)
{
	_Static_assert(sizeof(P.kit_ram) == sizeof(PHYSICAL_MEMORY_RANGE) * (MF_MAX_RAM + 1),
		       "kit_ram holds the ranges and their terminator");
	PPHYSICAL_MEMORY_RANGE r = (PPHYSICAL_MEMORY_RANGE)(void *)P.kit_ram;
	size_t n = seam_ram_count();
	size_t k = 0;
	for (size_t i = 0; i < n && k < MF_MAX_RAM; i++) {
		SEAM_RANGE ram = seam_ram_at(i);
		if (ram.length == 0)
			continue; /* a zero entry would end the array early */
		r[k].BaseAddress.QuadPart = (int64_t)ram.start;
		r[k].NumberOfBytes.QuadPart = (int64_t)ram.length;
		k++;
	}
	r[k].BaseAddress.QuadPart = 0;
	r[k].NumberOfBytes.QuadPart = 0;
	KIT_DONE();
	return r;
}
