/* table32: a mapping layer as an old 32-bit open-source NDIS port has it.
 *
 * Every mapping lives in one fixed table of MAP_TABLE_SLOTS entries, a pool
 * block that exists while anything is mapped.  Offsets and window sums are
 * ULONG arithmetic, the way the code was first written for x86.  It keeps
 * the contract's shape but slips in six places:
 *
 * deviation: SANITIZER map.null-out -- stores NULL through VirtualAddress before checking it: a NULL out-pointer faults
 * deviation: MAP-STATUS map.window -- the window test adds offset and Length in 32 bits, so a Length near 4 GiB wraps back inside the window
 * deviation: MAP-STATUS map.host-ram -- the host RAM test only asks whether the translated start lies in a RAM range, not the whole range
 * deviation: REG-DISJOINT map.conflict -- the conflict scan stops at the first overlapping claim: an own claim hides another adapter's
 * deviation: MAP-STATUS map.success -- a fifth live mapping finds the four-slot table full and is answered RESOURCES
 * deviation: VERIFIER-EVENT unmap.wrong-length -- unmap matches on the adapter and VA alone and releases whatever Length is passed
 * symptom: MAP-STATUS map.conflict -- the same first-match scan when the map then fails for resources: RESOURCES instead of RESOURCE_CONFLICT
 * symptom: VERIFIER-EVENT map.window -- the same 32-bit window test when the wrapped range lies in host RAM: FAILURE as due, but with a HOST_RAM event
 * symptom: VERIFIER-EVENT map.host-ram -- the start-only RAM test: a range whose later pages are RAM maps, with no HOST_RAM event
 * symptom: LOG-CONFLICT-ONCE map.host-ram -- ... and such a range goes on to a conflict and logs it, where host RAM alone fails it
 * symptom: LOG-CONFLICT-ONCE map.window -- the wrapped window test: the range goes on to a conflict and logs it
 * symptom: LOG-CONFLICT-ONCE map.conflict -- the first-match scan: the conflict it does not see is not logged
 * symptom: UNMAP-BAD-NOCHANGE unmap.wrong-length -- the Length-blind unmap releases the mapping
 */
#include <stdint.h>
#include <string.h>

#include "seam.h"

#define MAP_TABLE_SLOTS 4
#define BYTE_OFFSET(a) ((ULONG)(a) & (NDIS_PAGE_SIZE - 1))

typedef struct _MAP_SLOT {
	NDIS_HANDLE Adapter; /* NULL: the slot is free */
	uintptr_t VirtualAddress;
	ULONG Length;
	uintptr_t RunBase;
	uint64_t RunPages;
	uint32_t ClaimId;
} MAP_SLOT, *PMAP_SLOT;

typedef struct _MAP_TABLE {
	ULONG InUse;
	MAP_SLOT Slot[MAP_TABLE_SLOTS];
} MAP_TABLE, *PMAP_TABLE;

static PMAP_TABLE GetTable(void)
{
	return (PMAP_TABLE)*seam_core_root();
}

/* Inclusive last bytes: Start + (Length - 1) never wraps for a range that
 * fits in 64-bit space. */
static int RangesMeet(uint64_t A, uint64_t ALength, uint64_t B, uint64_t BLength)
{
	uint64_t ALast = A + (ALength - 1), BLast = B + (BLength - 1);
	return A <= BLast && B <= ALast;
}

static int InsideWindow(const SEAM_ADAPTER_INFO *Info, uint64_t Address, ULONG Length)
{
	size_t Count = 0;
	const SEAM_WINDOW *Window = seam_bus_windows(Info->bus_type, Info->bus_number, &Count);
	for (size_t i = 0; i < Count; i++) {
		if (Address < Window[i].bus_base || Address - Window[i].bus_base >= Window[i].length)
			continue;
		ULONG Offset = (ULONG)(Address - Window[i].bus_base);
		if ((uint64_t)(ULONG)(Offset + Length) <= Window[i].length)
			return 1;
	}
	return 0;
}

static int StartsInRam(uint64_t SystemAddress)
{
	for (size_t i = 0; i < seam_ram_count(); i++) {
		SEAM_RANGE Ram = seam_ram_at(i);
		if (SystemAddress >= Ram.start && SystemAddress - Ram.start < Ram.length)
			return 1;
	}
	return 0;
}

static int ClaimedByOther(NDIS_HANDLE Self, uint64_t SystemAddress, ULONG Length)
{
	for (size_t i = 0; i < seam_registry_count(); i++) {
		SEAM_CLAIM Claim = seam_registry_at(i);
		if (RangesMeet(SystemAddress, Length, Claim.start, Claim.length))
			return Claim.owner != Self;
	}
	return 0;
}

static void DropTableIfIdle(PMAP_TABLE Table)
{
	if (Table->InUse == 0) {
		*seam_core_root() = NULL;
		seam_pool_free(Table);
	}
}

static void ReleaseSlot(PMAP_TABLE Table, PMAP_SLOT Slot)
{
	for (uint64_t Page = 0; Page < Slot->RunPages; Page++)
		seam_pte_clear(Slot->RunBase + (uintptr_t)(Page << NDIS_PAGE_SHIFT));
	seam_va_release(Slot->RunBase, Slot->RunPages);
	seam_registry_release(Slot->ClaimId);
	memset(Slot, 0, sizeof(*Slot));
	Table->InUse--;
	DropTableIfIdle(Table);
}

NDIS_STATUS NdisMMapIoSpace(PVOID *VirtualAddress, NDIS_HANDLE MiniportAdapterHandle,
			    NDIS_PHYSICAL_ADDRESS PhysicalAddress, UINT Length)
{
	NDIS_HANDLE Adapter = MiniportAdapterHandle;
	SEAM_ADAPTER_INFO Info;
	uint64_t SystemAddress;
	uint32_t ClaimId;
	uintptr_t RunBase;

	*VirtualAddress = NULL;
	if (VirtualAddress == NULL || !seam_adapter_query(Adapter, &Info) ||
	    Info.phase != ADAPTER_INITIALIZING) {
		seam_verifier_event(VERIFIER_BAD_CALL, Adapter, 0, 0);
		return NDIS_STATUS_FAILURE;
	}

	if ((int)Info.bus_type < 0 || Info.bus_type >= MaximumInterfaceType ||
	    Info.bus_number >= seam_bus_limit(Info.bus_type))
		return NDIS_STATUS_FAILURE;
	if (Length == 0 || PhysicalAddress.HighPart < 0)
		return NDIS_STATUS_FAILURE;
	uint64_t Address = (uint64_t)PhysicalAddress.QuadPart;
	if (Address > (uint64_t)INT64_MAX - Length)
		return NDIS_STATUS_FAILURE;
	if (!InsideWindow(&Info, Address, Length))
		return NDIS_STATUS_FAILURE;
	if (!seam_bus_translate(Info.bus_type, Info.bus_number, Address, &SystemAddress))
		return NDIS_STATUS_FAILURE;
	if (StartsInRam(SystemAddress)) {
		seam_verifier_event(VERIFIER_HOST_RAM, Adapter, SystemAddress, Length);
		return NDIS_STATUS_FAILURE;
	}

	if (ClaimedByOther(Adapter, SystemAddress, Length) ||
	    !seam_registry_claim(Adapter, SystemAddress, Length, &ClaimId)) {
		seam_errlog_write(Adapter, NDIS_ERROR_CODE_RESOURCE_CONFLICT, SystemAddress, Length);
		return NDIS_STATUS_RESOURCE_CONFLICT;
	}

	PMAP_TABLE Table = GetTable();
	if (Table == NULL) {
		Table = seam_pool_alloc(sizeof(*Table));
		if (Table == NULL) {
			seam_registry_release(ClaimId);
			return NDIS_STATUS_RESOURCES;
		}
		memset(Table, 0, sizeof(*Table));
		*seam_core_root() = Table;
	}
	PMAP_SLOT Slot = NULL;
	for (ULONG i = 0; i < MAP_TABLE_SLOTS && Slot == NULL; i++)
		if (Table->Slot[i].Adapter == NULL)
			Slot = &Table->Slot[i];
	if (Slot == NULL)
		goto NoResources; /* the table is full */

	uint64_t Pages = ((uint64_t)BYTE_OFFSET(SystemAddress) + Length + NDIS_PAGE_SIZE - 1) >> NDIS_PAGE_SHIFT;
	if (!seam_va_reserve(Pages, &RunBase))
		goto NoResources;
	for (uint64_t Page = 0; Page < Pages; Page++) {
		if (!seam_pte_set(RunBase + (uintptr_t)(Page << NDIS_PAGE_SHIFT),
				  (SystemAddress >> NDIS_PAGE_SHIFT) + Page, CACHE_NONCACHED)) {
			while (Page-- > 0)
				seam_pte_clear(RunBase + (uintptr_t)(Page << NDIS_PAGE_SHIFT));
			seam_va_release(RunBase, Pages);
			goto NoResources;
		}
	}

	Slot->Adapter = Adapter;
	Slot->VirtualAddress = RunBase + BYTE_OFFSET(SystemAddress);
	Slot->Length = Length;
	Slot->RunBase = RunBase;
	Slot->RunPages = Pages;
	Slot->ClaimId = ClaimId;
	Table->InUse++;
	*VirtualAddress = (PVOID)Slot->VirtualAddress;
	return NDIS_STATUS_SUCCESS;

NoResources:
	seam_registry_release(ClaimId);
	DropTableIfIdle(Table);
	return NDIS_STATUS_RESOURCES;
}

void NdisMUnmapIoSpace(NDIS_HANDLE MiniportAdapterHandle, PVOID VirtualAddress, UINT Length)
{
	SEAM_ADAPTER_INFO Info;
	PMAP_TABLE Table = GetTable();

	if (Table != NULL && seam_adapter_query(MiniportAdapterHandle, &Info) &&
	    (Info.phase == ADAPTER_INITIALIZING || Info.phase == ADAPTER_HALTING)) {
		for (ULONG i = 0; i < MAP_TABLE_SLOTS; i++) {
			PMAP_SLOT Slot = &Table->Slot[i];
			if (Slot->Adapter == MiniportAdapterHandle &&
			    Slot->VirtualAddress == (uintptr_t)VirtualAddress) {
				ReleaseSlot(Table, Slot);
				return;
			}
		}
	}
	seam_verifier_event(VERIFIER_BAD_UNMAP, MiniportAdapterHandle, (uint64_t)(uintptr_t)VirtualAddress,
			    Length);
}

void NdisCoreAdapterGone(NDIS_HANDLE MiniportAdapterHandle, ADAPTER_GONE_REASON Reason)
{
	(void)Reason;
	for (ULONG i = 0; i < MAP_TABLE_SLOTS; i++) {
		PMAP_TABLE Table = GetTable();
		if (Table == NULL)
			return;
		PMAP_SLOT Slot = &Table->Slot[i];
		if (Slot->Adapter != MiniportAdapterHandle)
			continue;
		seam_verifier_event(VERIFIER_LEAK, Slot->Adapter, Slot->VirtualAddress, Slot->Length);
		ReleaseSlot(Table, Slot);
	}
}
