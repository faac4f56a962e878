/* Memory and DMA: pool memory and NdisAllocateMemory* (real heap blocks
 * of exactly the asked length, so ASan sees the driver's overflows and
 * uses after free), shared memory (page-aligned heap blocks with a
 * deterministic fake physical address), scatter/gather DMA and map
 * registers.  Each acquisition is a ledger entry with the arguments its
 * release must repeat; the block is freed only when the runner agrees the
 * release names a live one. */
#include "kit.h"

#include <stdlib.h>

/* Shared memory's physical addresses: host RAM of the platform (0 ..
 * 0x7FFFFFFF), from 0x10000000 up, page-aligned, in allocation order, so a
 * driver that maps them (NdisMMapIoSpace) maps host RAM: CALL-MAP-RANGE.
 * When that range is spent, allocations fail (NULL). */
#define DK_SHARED_PA_BASE UINT64_C(0x10000000)
#define DK_SHARED_PA_END UINT64_C(0x80000000)
static uint64_t shared_next_pa;

static void *alloc_memory(size_t len, uint64_t flags, int zero, void *adapter, uintptr_t caller)
{
	if (dk_fail(DK_SITE_ALLOCATE_MEMORY, caller))
		return NULL;
	void *p = ko_alloc(KO_MEMORY, len, zero, 0, NULL, flags);
	if (p)
		dk_acquire(DK_RES_MEMORY, adapter, (uintptr_t)p, len, flags, 0, caller);
	return p;
}

/* A release with the driver's length and flags, or (for the routines that
 * take none) the ones the block was allocated with. */
static void free_memory(void *p, const uint64_t *len, const uint64_t *flags, void *adapter, uintptr_t caller)
{
	ko_entry *e = ko_find(p);
	if (e && e->kind != KO_MEMORY)
		e = NULL;
	uint64_t l = len ? *len : e ? e->len : 0;
	uint64_t f = flags ? *flags : e ? e->aux : 0;
	if (dk_release(DK_RES_MEMORY, adapter, (uintptr_t)p, l, f, 0, caller) && e)
		ko_free(p);
}

NDIS_STATUS NdisAllocateMemory(PVOID *VirtualAddress, UINT Length, UINT MemoryFlags,
			       NDIS_PHYSICAL_ADDRESS HighestAcceptableAddress)
{
	(void)HighestAcceptableAddress;
	*VirtualAddress = alloc_memory(Length, MemoryFlags, 0, NULL, DK_CALLER);
	return *VirtualAddress ? NDIS_STATUS_SUCCESS : NDIS_STATUS_FAILURE;
}

NDIS_STATUS NdisAllocateMemoryWithTag(PVOID *VirtualAddress, UINT Length, ULONG Tag)
{
	(void)Tag;
	*VirtualAddress = alloc_memory(Length, 0, 0, NULL, DK_CALLER);
	return *VirtualAddress ? NDIS_STATUS_SUCCESS : NDIS_STATUS_FAILURE;
}

PVOID NdisAllocateMemoryWithTagPriority(NDIS_HANDLE NdisHandle, UINT Length, ULONG Tag, EX_POOL_PRIORITY Priority)
{
	(void)Tag;
	(void)Priority;
	return alloc_memory(Length, 0, 0, dk_adapter_of(NdisHandle), DK_CALLER);
}

VOID NdisFreeMemory(PVOID VirtualAddress, UINT Length, UINT MemoryFlags)
{
	uint64_t l = Length, f = MemoryFlags;
	free_memory(VirtualAddress, &l, &f, NULL, DK_CALLER);
}

VOID NdisFreeMemoryWithTag(PVOID VirtualAddress, ULONG Tag)
{
	(void)Tag;
	free_memory(VirtualAddress, NULL, NULL, NULL, DK_CALLER);
}

VOID NdisFreeMemoryWithTagPriority(NDIS_HANDLE NdisHandle, PVOID VirtualAddress, ULONG Tag)
{
	(void)Tag;
	free_memory(VirtualAddress, NULL, NULL, dk_adapter_of(NdisHandle), DK_CALLER);
}

PVOID ExAllocatePoolWithTag(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag)
{
	(void)PoolType;
	(void)Tag;
	return alloc_memory(NumberOfBytes, 0, 0, NULL, DK_CALLER);
}

PVOID ExAllocatePool(POOL_TYPE PoolType, SIZE_T NumberOfBytes)
{
	(void)PoolType;
	return alloc_memory(NumberOfBytes, 0, 0, NULL, DK_CALLER);
}

PVOID ExAllocatePoolWithTagPriority(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag, EX_POOL_PRIORITY Priority)
{
	(void)PoolType;
	(void)Tag;
	(void)Priority;
	return alloc_memory(NumberOfBytes, 0, 0, NULL, DK_CALLER);
}

/* ExAllocatePool2 and ExAllocatePoolZero zero the block (unless asked not to). */
PVOID ExAllocatePool2(POOL_FLAGS Flags, SIZE_T NumberOfBytes, ULONG Tag)
{
	(void)Tag;
	return alloc_memory(NumberOfBytes, 0, !(Flags & POOL_FLAG_UNINITIALIZED), NULL, DK_CALLER);
}

PVOID ExAllocatePoolZero(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag)
{
	(void)PoolType;
	(void)Tag;
	return alloc_memory(NumberOfBytes, 0, 1, NULL, DK_CALLER);
}

VOID ExFreePoolWithTag(PVOID P, ULONG Tag)
{
	(void)Tag;
	free_memory(P, NULL, NULL, NULL, DK_CALLER);
}

VOID ExFreePool(PVOID P)
{
	free_memory(P, NULL, NULL, NULL, DK_CALLER);
}

/* ---- Shared memory ---- */
VOID NdisMAllocateSharedMemory(NDIS_HANDLE MiniportAdapterHandle, ULONG Length, BOOLEAN Cached, PVOID *VirtualAddress,
			       PNDIS_PHYSICAL_ADDRESS PhysicalAddress)
{
	uintptr_t caller = DK_CALLER;
	*VirtualAddress = NULL;
	PhysicalAddress->QuadPart = 0;
	if (dk_fail(DK_SITE_ALLOCATE_SHARED, caller))
		return;
	if (!shared_next_pa)
		shared_next_pa = DK_SHARED_PA_BASE;
	uint64_t pa = shared_next_pa;
	if (DK_SHARED_PA_END - pa < ROUND_TO_PAGES((uint64_t)Length ? (uint64_t)Length : 1))
		return;
	void *p = ko_alloc(KO_SHARED, Length, 0, 1, NULL, pa);
	if (!p)
		return;
	shared_next_pa += ROUND_TO_PAGES(Length ? Length : 1);
	*VirtualAddress = p;
	PhysicalAddress->QuadPart = (LONGLONG)pa;
	dk_acquire(DK_RES_SHARED_MEMORY, dk_adapter_of(MiniportAdapterHandle), (uintptr_t)p, Length, Cached ? 1 : 0, pa,
		   caller);
}

VOID NdisMFreeSharedMemory(NDIS_HANDLE MiniportAdapterHandle, ULONG Length, BOOLEAN Cached, PVOID VirtualAddress,
			   NDIS_PHYSICAL_ADDRESS PhysicalAddress)
{
	uintptr_t caller = DK_CALLER;
	ko_entry *e = ko_find(VirtualAddress);
	if (dk_release(DK_RES_SHARED_MEMORY, dk_adapter_of(MiniportAdapterHandle), (uintptr_t)VirtualAddress, Length,
		       Cached ? 1 : 0, (uint64_t)PhysicalAddress.QuadPart, caller) &&
	    e && e->kind == KO_SHARED)
		ko_free(VirtualAddress);
}

/* The asynchronous form completes at once, through the driver's
 * allocate-complete handler, which is how NDIS may complete it too. */
NDIS_STATUS NdisMAllocateSharedMemoryAsync(NDIS_HANDLE MiniportAdapterHandle, ULONG Length, BOOLEAN Cached, PVOID Context)
{
	(void)MiniportAdapterHandle;
	(void)Length;
	(void)Cached;
	(void)Context;
	return NDIS_STATUS_FAILURE; /* the completion path is not modelled */
}

NDIS_STATUS NdisMAllocateSharedMemoryAsyncEx(NDIS_HANDLE MiniportDmaHandle, ULONG Length, BOOLEAN Cached, PVOID Context)
{
	(void)MiniportDmaHandle;
	(void)Length;
	(void)Cached;
	(void)Context;
	return NDIS_STATUS_FAILURE;
}

PHYSICAL_ADDRESS MmGetPhysicalAddress(PVOID BaseAddress)
{
	PHYSICAL_ADDRESS r;
	uintptr_t base;
	ko_entry *e = dk_shared_block_of(BaseAddress, &base);
	/* Other memory has no physical address the device model knows: a
	 * page of host RAM past the shared memory, deterministic per offset. */
	r.QuadPart = e ? (LONGLONG)(e->aux + ((uintptr_t)BaseAddress - base))
		       : (LONGLONG)(UINT64_C(0x40000000) + ((uintptr_t)BaseAddress & (PAGE_SIZE - 1)));
	return r;
}

ULONG NdisGetSharedDataAlignment(VOID)
{
	return 64; /* the cache line */
}

ULONG NdisMGetDmaAlignment(NDIS_HANDLE MiniportAdapterHandle)
{
	(void)MiniportAdapterHandle;
	return 64;
}

/* ---- DMA ---- */
/* NDIS 5: nothing to release (NDIS frees it with the adapter). */
NDIS_STATUS NdisMInitializeScatterGatherDma(NDIS_HANDLE MiniportAdapterHandle, BOOLEAN Dma64BitAddresses,
					    ULONG MaximumPhysicalMapping)
{
	uintptr_t caller = DK_CALLER;
	(void)MiniportAdapterHandle;
	(void)Dma64BitAddresses;
	(void)MaximumPhysicalMapping;
	return dk_fail(DK_SITE_SG_DMA, caller) ? NDIS_STATUS_RESOURCES : NDIS_STATUS_SUCCESS;
}

/* Map registers: one per adapter, released by NdisMFreeMapRegisters; the
 * ledger key is the adapter handle. */
NDIS_STATUS NdisMAllocateMapRegisters(NDIS_HANDLE MiniportAdapterHandle, UINT DmaChannel, NDIS_DMA_SIZE DmaSize,
				      ULONG BaseMapRegistersNeeded, ULONG MaximumPhysicalMapping)
{
	uintptr_t caller = DK_CALLER;
	(void)DmaChannel;
	(void)DmaSize;
	(void)MaximumPhysicalMapping;
	if (dk_fail(DK_SITE_SG_DMA, caller))
		return NDIS_STATUS_RESOURCES;
	dk_acquire(DK_RES_SG_DMA, dk_adapter_of(MiniportAdapterHandle), (uintptr_t)MiniportAdapterHandle,
		   BaseMapRegistersNeeded, 0, 0, caller);
	return NDIS_STATUS_SUCCESS;
}

VOID NdisMFreeMapRegisters(NDIS_HANDLE MiniportAdapterHandle)
{
	uintptr_t caller = DK_CALLER;
	dk_release(DK_RES_SG_DMA, dk_adapter_of(MiniportAdapterHandle), (uintptr_t)MiniportAdapterHandle, 0, 0, 0, caller);
}

typedef struct {
	void *adapter;
	NDIS_SG_DMA_DESCRIPTION desc;
} dk_sg_dma;

#define DK_SG_MAX_ELEMENTS 64

NDIS_STATUS NdisMRegisterScatterGatherDma(NDIS_HANDLE MiniportAdapterHandle, PNDIS_SG_DMA_DESCRIPTION DmaDescription,
					  PNDIS_HANDLE NdisMiniportDmaHandle)
{
	uintptr_t caller = DK_CALLER;
	*NdisMiniportDmaHandle = NULL;
	if (!DmaDescription || DmaDescription->Header.Type != NDIS_OBJECT_TYPE_SG_DMA_DESCRIPTION)
		return NDIS_STATUS_INVALID_PARAMETER;
	if (dk_fail(DK_SITE_SG_DMA, caller))
		return NDIS_STATUS_RESOURCES;
	dk_sg_dma *d = ko_alloc(KO_SG_DMA, sizeof *d, 1, 0, NULL, 0);
	if (!d)
		return NDIS_STATUS_RESOURCES;
	d->adapter = dk_adapter_of(MiniportAdapterHandle);
	d->desc = *DmaDescription;
	DmaDescription->ScatterGatherListSize =
		(ULONG)(sizeof(SCATTER_GATHER_LIST) + DK_SG_MAX_ELEMENTS * sizeof(SCATTER_GATHER_ELEMENT));
	dk_acquire(DK_RES_SG_DMA, d->adapter, (uintptr_t)d, 0, 0, 0, caller);
	*NdisMiniportDmaHandle = d;
	return NDIS_STATUS_SUCCESS;
}

VOID NdisMDeregisterScatterGatherDma(NDIS_HANDLE NdisMiniportDmaHandle)
{
	uintptr_t caller = DK_CALLER;
	ko_entry *e = ko_find(NdisMiniportDmaHandle);
	dk_sg_dma *d = e && e->kind == KO_SG_DMA ? NdisMiniportDmaHandle : NULL;
	if (dk_release(DK_RES_SG_DMA, d ? d->adapter : NULL, (uintptr_t)NdisMiniportDmaHandle, 0, 0, 0, caller) && d)
		ko_free(d);
}

/* The send path's SG list: built at once from the net buffer's MDLs and
 * handed to the driver's ProcessSGListHandler, as NDIS may do. */
NDIS_STATUS NdisMAllocateNetBufferSGList(NDIS_HANDLE NdisMiniportDmaHandle, PNET_BUFFER NetBuffer, PVOID Context,
					 ULONG Flags, PVOID ScatterGatherListBuffer, ULONG ScatterGatherListBufferSize)
{
	uintptr_t caller = DK_CALLER;
	(void)Flags;
	ko_entry *e = ko_find(NdisMiniportDmaHandle);
	if (!e || e->kind != KO_SG_DMA || !NetBuffer || dk_fail(DK_SITE_SG_DMA, caller))
		return NDIS_STATUS_RESOURCES;
	dk_sg_dma *d = NdisMiniportDmaHandle;
	size_t size = sizeof(SCATTER_GATHER_LIST) + DK_SG_MAX_ELEMENTS * sizeof(SCATTER_GATHER_ELEMENT);
	PSCATTER_GATHER_LIST sg = ScatterGatherListBuffer;
	if (!sg || ScatterGatherListBufferSize < size)
		sg = ko_alloc(KO_SG_LIST, size, 1, 0, NULL, 0);
	if (!sg)
		return NDIS_STATUS_RESOURCES;
	ULONG n = 0, left = NetBuffer->DataLength, off = NetBuffer->CurrentMdlOffset;
	for (PMDL m = NetBuffer->CurrentMdl; m && left && n < DK_SG_MAX_ELEMENTS; m = m->Next, off = 0) {
		ULONG len = m->ByteCount > off ? m->ByteCount - off : 0;
		if (len > left)
			len = left;
		if (!len)
			continue;
		sg->Elements[n].Address = MmGetPhysicalAddress((PUCHAR)MmGetMdlVirtualAddress(m) + off);
		sg->Elements[n].Length = len;
		n++;
		left -= len;
	}
	sg->NumberOfElements = n;
	NetBuffer->ScatterGatherList = sg;
	if (d->desc.ProcessSGListHandler)
		d->desc.ProcessSGListHandler(NULL, NULL, sg, Context);
	return NDIS_STATUS_SUCCESS;
}

VOID NdisMFreeNetBufferSGList(NDIS_HANDLE NdisMiniportDmaHandle, PSCATTER_GATHER_LIST pSGL, PNET_BUFFER NetBuffer)
{
	(void)NdisMiniportDmaHandle;
	(void)NetBuffer;
	ko_entry *e = ko_find(pSGL);
	if (e && e->kind == KO_SG_LIST)
		ko_free(pSGL);
}

void dk_memory_reset(void)
{
	shared_next_pa = 0;
}

/* ---- Contiguous memory: shared memory without an adapter ---- */
static PVOID contiguous(SIZE_T n, uint64_t cache, uintptr_t caller)
{
	if (dk_fail(DK_SITE_ALLOCATE_SHARED, caller))
		return NULL;
	if (!shared_next_pa)
		shared_next_pa = DK_SHARED_PA_BASE;
	uint64_t pa = shared_next_pa;
	if (n > DK_MAX_BLOCK || DK_SHARED_PA_END - pa < ROUND_TO_PAGES((uint64_t)n ? (uint64_t)n : 1))
		return NULL;
	void *p = ko_alloc(KO_SHARED, n, 0, 1, NULL, pa);
	if (!p)
		return NULL;
	shared_next_pa += ROUND_TO_PAGES(n ? n : 1);
	dk_acquire(DK_RES_SHARED_MEMORY, NULL, (uintptr_t)p, n, cache, pa, caller);
	return p;
}

PVOID MmAllocateContiguousMemorySpecifyCache(SIZE_T NumberOfBytes, PHYSICAL_ADDRESS LowestAcceptableAddress,
					     PHYSICAL_ADDRESS HighestAcceptableAddress,
					     PHYSICAL_ADDRESS BoundaryAddressMultiple, MEMORY_CACHING_TYPE CacheType)
{
	(void)LowestAcceptableAddress;
	(void)HighestAcceptableAddress;
	(void)BoundaryAddressMultiple;
	return contiguous(NumberOfBytes, CacheType == MmCached ? 1 : 0, DK_CALLER);
}

PVOID MmAllocateContiguousMemory(SIZE_T NumberOfBytes, PHYSICAL_ADDRESS HighestAcceptableAddress)
{
	(void)HighestAcceptableAddress;
	return contiguous(NumberOfBytes, 1, DK_CALLER);
}

static void free_contiguous(PVOID p, const SIZE_T *n, const uint64_t *cache, uintptr_t caller)
{
	ko_entry *e = ko_find(p);
	if (e && e->kind != KO_SHARED)
		e = NULL;
	uint64_t len = n ? *n : e ? e->len : 0;
	/* MmFreeContiguousMemory names no cache type: the usual one, cached. */
	if (dk_release(DK_RES_SHARED_MEMORY, NULL, (uintptr_t)p, len, cache ? *cache : 1, e ? e->aux : 0, caller) && e)
		ko_free(p);
}

VOID MmFreeContiguousMemorySpecifyCache(PVOID BaseAddress, SIZE_T NumberOfBytes, MEMORY_CACHING_TYPE CacheType)
{
	uint64_t c = CacheType == MmCached ? 1 : 0;
	free_contiguous(BaseAddress, &NumberOfBytes, &c, DK_CALLER);
}

VOID MmFreeContiguousMemory(PVOID BaseAddress)
{
	free_contiguous(BaseAddress, NULL, NULL, DK_CALLER);
}

/* ---- Lookaside lists: each entry a pool block of the list's size ---- */
VOID ExInitializeNPagedLookasideList(PNPAGED_LOOKASIDE_LIST Lookaside, PALLOCATE_FUNCTION Allocate, PFREE_FUNCTION Free,
				     ULONG Flags, SIZE_T Size, ULONG Tag, USHORT Depth)
{
	(void)Flags;
	memset(Lookaside, 0, sizeof *Lookaside);
	Lookaside->Allocate = Allocate;
	Lookaside->Free = Free;
	Lookaside->Size = (ULONG)Size;
	Lookaside->Tag = Tag;
	Lookaside->Depth = Lookaside->MaximumDepth = Depth;
}

VOID ExDeleteNPagedLookasideList(PNPAGED_LOOKASIDE_LIST Lookaside)
{
	(void)Lookaside;
}

PVOID ExAllocateFromNPagedLookasideList(PNPAGED_LOOKASIDE_LIST Lookaside)
{
	Lookaside->TotalAllocates++;
	return alloc_memory(Lookaside->Size, 0, 0, NULL, DK_CALLER);
}

VOID ExFreeToNPagedLookasideList(PNPAGED_LOOKASIDE_LIST Lookaside, PVOID Entry)
{
	uint64_t l = Lookaside->Size, f = 0;
	Lookaside->TotalFrees++;
	free_memory(Entry, &l, &f, NULL, DK_CALLER);
}
