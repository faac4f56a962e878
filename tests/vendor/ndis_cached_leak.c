/* ndis_cached_leak: an NDIS layer written against the WDK names only
 * (wdk.h) that gets the checks, the translation and the claim right, but
 * maps device memory with MmCached (copied from a RAM-buffer path), and
 * whose adapter-gone hook forgets the failed-initialize case: the
 * miniport's MiniportInitialize failed, so "nothing was set up" -- and
 * the mappings it made stay mapped, claimed and unreported.
 *
 * deviation: MAP-NONCACHED map.success -- device memory is mapped MmCached
 * deviation: LIFE-LEAK-REPORTED life.init-fail -- on a failed initialize the mappings are neither reported nor released
 * symptom: MAP-NONCACHED touch -- the cached mapping, seen by a read through it
 * symptom: MAP-STATUS map.success -- the claim the failed adapter leaked makes a later adapter's map of that range a conflict
 * symptom: LIFE-TEARDOWN-CLEAN life.init-fail -- the mappings a failed initialize keeps hold their claims and pages
 * symptom: LOG-CONFLICT-ONCE map.success -- the leaked claim's conflict is logged, where the map is due to succeed
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
	PHYSICAL_ADDRESS Translated;
	if (!HalTranslateBusAddress(Miniport->BusType, Miniport->BusNumber, PhysicalAddress, &AddressSpace, &Translated))
		return NDIS_STATUS_FAILURE;
	if (ndisIsHostRam(Translated, Length)) {
		NdisKitVerifierReport(NdisKitVerifierHostRam, MiniportAdapterHandle, (ULONG64)Translated.QuadPart, Length);
		return NDIS_STATUS_FAILURE;
	}

	CM_RESOURCE_LIST Claim;
	RtlZeroMemory(&Claim, sizeof(Claim));
	Claim.Count = 1;
	Claim.List[0].InterfaceType = Miniport->BusType;
	Claim.List[0].BusNumber = Miniport->BusNumber;
	Claim.List[0].PartialResourceList.Version = 1;
	Claim.List[0].PartialResourceList.Revision = 1;
	Claim.List[0].PartialResourceList.Count = 1;
	PCM_PARTIAL_RESOURCE_DESCRIPTOR d = &Claim.List[0].PartialResourceList.PartialDescriptors[0];
	d->Type = CmResourceTypeMemory;
	d->ShareDisposition = CmResourceShareDeviceExclusive;
	d->Flags = CM_RESOURCE_MEMORY_READ_WRITE;
	d->u.Memory.Start = Translated;
	d->u.Memory.Length = Length;
	BOOLEAN Conflict = FALSE;
	NTSTATUS Status = IoReportResourceForDetection(NULL, NULL, 0, ndisDeviceOf(MiniportAdapterHandle), &Claim,
						       sizeof(Claim), &Conflict);
	if (!NT_SUCCESS(Status)) {
		NdisWriteErrorLogEntry(MiniportAdapterHandle, NDIS_ERROR_CODE_RESOURCE_CONFLICT, 3,
				       Translated.LowPart, (ULONG)Translated.HighPart, Length);
		return NDIS_STATUS_RESOURCE_CONFLICT;
	}

	PNDIS_MAP_ENTRY Entry = ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(*Entry), NDIS_TAG_MAP);
	if (Entry == NULL) {
		IoKitReleaseResources(ndisDeviceOf(MiniportAdapterHandle), &Claim);
		return NDIS_STATUS_RESOURCES;
	}
	PVOID Va = MmMapIoSpace(Translated, Length, MmCached);
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
	/* Initialize failed: it never started, so nothing to tear down. */
	if (Reason == ADAPTER_GONE_INIT_FAILED)
		return;
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
