/* ndis_notranslate: an NDIS layer ported from a platform where bus and
 * system addresses are the same (a PC's PCI bus, it assumed), written
 * against the WDK names only (wdk.h).  It checks the adapter and the
 * range against the bus's windows, but never asks the HAL to translate
 * and never claims the range with the I/O manager: it maps the bus
 * address itself, and lets two adapters map the same registers.
 *
 * deviation: MAP-TRANSLATE map.success -- the pages map the bus address, not the system address the HAL would translate it to
 * deviation: MAP-CLAIM map.success -- a successful map claims nothing in the registry (hidden behind MAP-TRANSLATE until every check of a map ran)
 * deviation: MAP-STATUS map.conflict -- nothing is claimed, so a range another adapter holds maps anyway
 * deviation: MAP-STATUS map.bus-type -- only HalTranslateBusAddress refused a bus type out of range: a window there maps
 * deviation: MAP-STATUS map.bus-number -- the same for a bus number the HAL does not declare
 * deviation: MAP-STATUS map.host-ram -- host RAM is looked for at the bus address: a window translated into RAM maps
 * symptom: MAP-TRANSLATE touch -- the untranslated mapping, seen by a read through it
 * symptom: MAP-SUCCESS-VA map.success -- the VA keeps the bus address's page offset, not the translated one's
 * symptom: PTE-ACCOUNT map.length-zero -- pages spanned from the bus offset, not the translated one (the always row)
 * symptom: MAP-STATUS map.success -- a bus address inside host RAM whose translation is not is refused
 * symptom: VERIFIER-EVENT map.host-ram -- the HOST_RAM event names the bus address
 * symptom: LOG-CONFLICT-ONCE map.conflict -- nor is the conflict it does not see logged
 * symptom: VERIFIER-EVENT map.success -- the HOST_RAM event for a bus address inside host RAM whose translation is not
 */
#include "wdk.h"

#define NDIS_TAG_MAP 0x70614D4Eu /* 'NMap' */
#define MAX_WINDOWS 32

typedef struct _NDIS_MAP_ENTRY {
	struct _NDIS_MAP_ENTRY *Next;
	PVOID VirtualAddress; /* as handed to the miniport */
	UINT Length;
	CM_RESOURCE_LIST Claim; /* as reported, for the release */
} NDIS_MAP_ENTRY, *PNDIS_MAP_ENTRY;

static PDEVICE_OBJECT ndisDeviceOf(NDIS_HANDLE MiniportAdapterHandle)
{
	PDEVICE_OBJECT Pdo, Fdo, Next;
	NdisMGetDeviceProperty(MiniportAdapterHandle, &Pdo, &Fdo, &Next, NULL, NULL);
	return Fdo;
}

static BOOLEAN ndisRangesMeet(ULONG64 A, ULONG64 ALength, ULONG64 B, ULONG64 BLength)
{
	return A >= B ? A - B < BLength : B - A < ALength;
}

/* The window of the adapter's bus that holds all of [Start, Start+Length). */
static BOOLEAN ndisFindWindow(PNDIS_MINIPORT_BLOCK Miniport, ULONG64 Start, UINT Length, PULONG AddressSpace)
{
	HAL_KIT_WINDOW Windows[MAX_WINDOWS];
	ULONG Count = HalKitBusWindows(Miniport->BusType, Miniport->BusNumber, Windows, MAX_WINDOWS);
	if (Count > MAX_WINDOWS)
		Count = MAX_WINDOWS;
	for (ULONG i = 0; i < Count; i++) {
		ULONG64 Base = (ULONG64)Windows[i].BusBase.QuadPart;
		if (Start < Base)
			continue;
		ULONG64 Offset = Start - Base;
		if (Offset < Windows[i].Length && Length <= Windows[i].Length - Offset) {
			*AddressSpace = Windows[i].AddressSpace;
			return TRUE;
		}
	}
	return FALSE;
}

static BOOLEAN ndisIsHostRam(PHYSICAL_ADDRESS Translated, UINT Length)
{
	PPHYSICAL_MEMORY_RANGE Ranges = MmGetPhysicalMemoryRanges();
	BOOLEAN Ram = FALSE;
	for (PPHYSICAL_MEMORY_RANGE r = Ranges; r && (r->BaseAddress.QuadPart || r->NumberOfBytes.QuadPart); r++)
		if (ndisRangesMeet((ULONG64)Translated.QuadPart, Length, (ULONG64)r->BaseAddress.QuadPart,
				   (ULONG64)r->NumberOfBytes.QuadPart))
			Ram = TRUE;
	if (Ranges)
		ExFreePool(Ranges);
	return Ram;
}

static VOID ndisReleaseEntry(NDIS_HANDLE MiniportAdapterHandle, PNDIS_MAP_ENTRY Entry)
{
	MmUnmapIoSpace(Entry->VirtualAddress, Entry->Length);
	IoKitReleaseResources(ndisDeviceOf(MiniportAdapterHandle), &Entry->Claim);
	ExFreePoolWithTag(Entry, NDIS_TAG_MAP);
}

NDIS_STATUS NdisMMapIoSpace(PVOID *VirtualAddress, NDIS_HANDLE MiniportAdapterHandle,
			    NDIS_PHYSICAL_ADDRESS PhysicalAddress, UINT Length)
{
	if (VirtualAddress == NULL) {
		NdisKitVerifierReport(NdisKitVerifierBadCall, MiniportAdapterHandle, 0, 0);
		return NDIS_STATUS_FAILURE;
	}
	*VirtualAddress = NULL;
	if (NdisKitMiniportPhase(MiniportAdapterHandle) != NdisKitPhaseInitializing) {
		NdisKitVerifierReport(NdisKitVerifierBadCall, MiniportAdapterHandle, 0, 0);
		return NDIS_STATUS_FAILURE;
	}
	PNDIS_MINIPORT_BLOCK Miniport = (PNDIS_MINIPORT_BLOCK)MiniportAdapterHandle;

	if (Length == 0 || PhysicalAddress.QuadPart < 0 || PhysicalAddress.QuadPart > INT64_MAX - (LONGLONG)Length)
		return NDIS_STATUS_FAILURE;
	ULONG AddressSpace;
	if (!ndisFindWindow(Miniport, (ULONG64)PhysicalAddress.QuadPart, Length, &AddressSpace))
		return NDIS_STATUS_FAILURE;
	/* "Bus addresses are physical addresses": nothing to translate. */
	PHYSICAL_ADDRESS Translated = PhysicalAddress;
	if (ndisIsHostRam(Translated, Length)) {
		NdisKitVerifierReport(NdisKitVerifierHostRam, MiniportAdapterHandle, (ULONG64)Translated.QuadPart, Length);
		return NDIS_STATUS_FAILURE;
	}

	/* The PnP manager assigned these registers to us: no claim needed. */
	CM_RESOURCE_LIST Claim;
	RtlZeroMemory(&Claim, sizeof(Claim));

	PNDIS_MAP_ENTRY Entry = ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(*Entry), NDIS_TAG_MAP);
	if (Entry == NULL) {
		IoKitReleaseResources(ndisDeviceOf(MiniportAdapterHandle), &Claim);
		return NDIS_STATUS_RESOURCES;
	}
	PVOID Va = MmMapIoSpace(Translated, Length, MmNonCached);
	if (Va == NULL) {
		ExFreePoolWithTag(Entry, NDIS_TAG_MAP);
		IoKitReleaseResources(ndisDeviceOf(MiniportAdapterHandle), &Claim);
		return NDIS_STATUS_RESOURCES;
	}
	PVOID *Slot = NdisMiniportContext(MiniportAdapterHandle);
	Entry->Next = *Slot;
	Entry->VirtualAddress = Va;
	Entry->Length = Length;
	Entry->Claim = Claim;
	*Slot = Entry;
	*VirtualAddress = Va;
	return NDIS_STATUS_SUCCESS;
}

VOID NdisMUnmapIoSpace(NDIS_HANDLE MiniportAdapterHandle, PVOID VirtualAddress, UINT Length)
{
	NDIS_KIT_PHASE Phase = NdisKitMiniportPhase(MiniportAdapterHandle);
	if (Phase == NdisKitPhaseInitializing || Phase == NdisKitPhaseHalting) {
		PNDIS_MAP_ENTRY *Link = (PNDIS_MAP_ENTRY *)NdisMiniportContext(MiniportAdapterHandle);
		for (; *Link; Link = &(*Link)->Next) {
			PNDIS_MAP_ENTRY Entry = *Link;
			if (Entry->VirtualAddress != VirtualAddress || Entry->Length != Length)
				continue;
			*Link = Entry->Next;
			ndisReleaseEntry(MiniportAdapterHandle, Entry);
			return;
		}
	}
	NdisKitVerifierReport(NdisKitVerifierBadUnmap, MiniportAdapterHandle, (ULONG64)(ULONG_PTR)VirtualAddress, Length);
}

VOID NdisCoreAdapterGone(NDIS_HANDLE MiniportAdapterHandle, ADAPTER_GONE_REASON Reason)
{
	UNREFERENCED_PARAMETER(Reason);
	if (NdisKitMiniportPhase(MiniportAdapterHandle) == NdisKitPhaseGone)
		return;
	PVOID *Slot = NdisMiniportContext(MiniportAdapterHandle);
	PNDIS_MAP_ENTRY Entry = *Slot;
	*Slot = NULL;
	while (Entry) {
		PNDIS_MAP_ENTRY Next = Entry->Next;
		NdisKitVerifierReport(NdisKitVerifierLeak, MiniportAdapterHandle, (ULONG64)(ULONG_PTR)Entry->VirtualAddress,
				      Entry->Length);
		ndisReleaseEntry(MiniportAdapterHandle, Entry);
		Entry = Next;
	}
}
