/* The kit's pool: Ex and Ndis allocations from the platform pool, so every
 * allocation is a fault position and a leak is the platform's to see. */
#include "kit.h"

static bool is_ram_array(PVOID p)
{
	return p == (PVOID)P.kit_ram; /* MmGetPhysicalMemoryRanges' answer: not pool */
}

PVOID ExAllocatePoolWithTag(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag)
{
	(void)PoolType;
	(void)Tag;
	PVOID p = seam_pool_alloc(NumberOfBytes);
	KIT_DONE();
	return p;
}

PVOID ExAllocatePool(POOL_TYPE PoolType, SIZE_T NumberOfBytes)
{
	(void)PoolType;
	PVOID p = seam_pool_alloc(NumberOfBytes);
	KIT_DONE();
	return p;
}

PVOID ExAllocatePool2(POOL_FLAGS Flags, SIZE_T NumberOfBytes, ULONG Tag)
{
	(void)Tag;
	PVOID p = seam_pool_alloc(NumberOfBytes);
	if (p && !(Flags & POOL_FLAG_UNINITIALIZED))
		memset(p, 0, NumberOfBytes);
	/* The raised exception, unhandled in kernel mode, stops the machine. */
	if (!p && (Flags & POOL_FLAG_RAISE_ON_FAILURE))
		plat_bugcheck_from((uintptr_t)__builtin_return_address(0), 0x1Eu,
				   (uint32_t)STATUS_INSUFFICIENT_RESOURCES, 0, 0, 0);
	KIT_DONE();
	return p;
}

VOID ExFreePool(PVOID P_)
{
	if (!is_ram_array(P_))
		seam_pool_free(P_);
	KIT_DONE();
}

VOID ExFreePoolWithTag(PVOID P_, ULONG Tag)
{
	(void)Tag;
	if (!is_ram_array(P_))
		seam_pool_free(P_);
	KIT_DONE();
}

NDIS_STATUS NdisAllocateMemoryWithTag(PVOID *VirtualAddress, UINT Length, ULONG Tag)
{
	(void)Tag;
	PVOID p = seam_pool_alloc(Length);
	*VirtualAddress = p;
	KIT_DONE();
	return p ? NDIS_STATUS_SUCCESS : NDIS_STATUS_FAILURE;
}

VOID NdisFreeMemory(PVOID VirtualAddress, UINT Length, UINT MemoryFlags)
{
	(void)Length;
	(void)MemoryFlags;
	seam_pool_free(VirtualAddress);
	KIT_DONE();
}
