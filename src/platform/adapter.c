/* Adapters: handles are opaque tokens, never pointers, so a stale or bogus
 * handle can be recognised instead of dereferenced. */
#include "internal.h"

#define HANDLE_TAG 0xADA0000000000000ull
#define HANDLE_BOGUS_TAG 0xBAD0000000000000ull

static plat_adapter *lookup(NDIS_HANDLE h)
{
	uint64_t v = (uint64_t)(uintptr_t)h;
	/* Exactly the tokens handed out: any other bit set is an alias. */
	if ((v & ~0xFFFFull) != HANDLE_TAG)
		return NULL;
	uint64_t idx = (v & 0xFFFFull) / 16u;
	/* Slots past those created this input may hold a stale adapter. */
	if ((v & 0xFull) != 0 || idx == 0 || idx > P.adapters_created)
		return NULL;
	plat_adapter *a = &P.adapters[idx - 1];
	return a->used ? a : NULL;
}

NDIS_HANDLE mf_adapter_create(int32_t bus_type, uint32_t bus_number)
{
	if (P.adapters_created >= MF_MAX_ADAPTERS)
		return NULL;
	uint32_t idx = P.adapters_created++;
	plat_adapter *a = &P.adapters[idx];
	a->used = true;
	a->live = true;
	a->info.phase = ADAPTER_INITIALIZING;
	a->info.bus_type = (INTERFACE_TYPE)bus_type;
	a->info.bus_number = bus_number;
	return (NDIS_HANDLE)(uintptr_t)(HANDLE_TAG + (uint64_t)(idx + 1) * 16u);
}

bool mf_adapter_set_phase(NDIS_HANDLE h, ADAPTER_PHASE phase)
{
	plat_adapter *a = lookup(h);
	if (!a || !a->live)
		return false;
	a->info.phase = phase;
	return true;
}

void mf_adapter_destroy(NDIS_HANDLE h)
{
	plat_adapter *a = lookup(h);
	if (a)
		a->live = false;
}

NDIS_HANDLE mf_adapter_bogus_handle(uint32_t salt)
{
	if (salt == 0)
		return NULL;
	return (NDIS_HANDLE)(uintptr_t)(HANDLE_BOGUS_TAG | salt);
}

bool seam_adapter_query(NDIS_HANDLE h, SEAM_ADAPTER_INFO *info)
{
	PLAT_CALLED();
	plat_adapter *a = lookup(h);
	if (!a || !a->live)
		return false;
	*info = a->info;
	return true;
}
