/* Adapters: a handle points at the adapter's NDIS_MINIPORT_BLOCK, a table
 * of the platform state (so vendor code can read BusType and BusNumber
 * through it), and is recognised by its address alone, never by reading
 * it, so a stale or bogus handle is told apart without a dereference.
 * Blocks are never reused within an input; a gone adapter's block is
 * poisoned, so a core that reads through a dead handle is a sanitizer
 * finding (use-after-poison under ASan, an uninitialised read under MSan,
 * an invalid bus otherwise), not a silent success. */
#include <string.h>

#include "internal.h"

#if defined(__SANITIZE_ADDRESS__)
#define MF_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define MF_ASAN 1
#endif
#endif
#if defined(__has_feature)
#if __has_feature(memory_sanitizer)
#define MF_MSAN 1
#endif
#endif
#ifdef MF_ASAN
#include <sanitizer/asan_interface.h>
#endif
#ifdef MF_MSAN
#include <sanitizer/msan_interface.h>
#endif

#define HANDLE_BOGUS_TAG 0xBAD0000000000000ull

static void block_poison(NDIS_MINIPORT_BLOCK *b)
{
	/* Without a sanitizer the block still reads as no bus at all. */
	b->BusType = InterfaceTypeUndefined;
	b->BusNumber = UINT32_MAX;
	b->MiniportContext = (PVOID)(uintptr_t)HANDLE_BOGUS_TAG;
#ifdef MF_ASAN
	ASAN_POISON_MEMORY_REGION(b, sizeof(*b));
#endif
#ifdef MF_MSAN
	__msan_poison(b, sizeof(*b));
#endif
}

static void block_unpoison(NDIS_MINIPORT_BLOCK *b)
{
#ifdef MF_ASAN
	ASAN_UNPOISON_MEMORY_REGION(b, sizeof(*b));
#endif
	memset(b, 0, sizeof(*b));
}

int plat_adapter_index(NDIS_HANDLE h)
{
	uintptr_t v = (uintptr_t)h, base = (uintptr_t)P.blocks;
	if (v < base || (v - base) % sizeof(P.blocks[0]) != 0)
		return -1;
	uintptr_t idx = (v - base) / sizeof(P.blocks[0]);
	/* Slots past those created this input may hold a stale adapter. */
	return idx < P.adapters_created ? (int)idx : -1;
}

static plat_adapter *lookup(NDIS_HANDLE h)
{
	int i = plat_adapter_index(h);
	if (i < 0)
		return NULL;
	plat_adapter *a = &P.adapters[i];
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
	NDIS_MINIPORT_BLOCK *b = &P.blocks[idx];
	block_unpoison(b);
	b->BusType = (INTERFACE_TYPE)bus_type;
	b->BusNumber = bus_number;
	return (NDIS_HANDLE)b;
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
	if (a && a->live) {
		a->live = false;
		block_poison(&P.blocks[a - P.adapters]);
	}
}

PVOID *plat_adapter_context(NDIS_HANDLE h)
{
	/* A gone adapter's slot is handed out poisoned: using it is a finding. */
	int i = plat_adapter_index(h);
	return i < 0 ? NULL : &P.blocks[i].MiniportContext;
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
