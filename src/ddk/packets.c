/* Packets and buffers: NDIS 5 packet and buffer pools, packets and buffers
 * (MDLs); NDIS 6 net buffer list pools, NBLs, net buffers and MDLs.  All
 * real structures on the heap, each a ledger entry until freed; a pool's
 * descriptors are counted so an exhausted pool fails as documented. */
#include "kit.h"

#include <stdlib.h>

static void *owned(const void *p, ko_kind kind)
{
	ko_entry *e = ko_find(p);
	return e && e->kind == kind ? (void *)p : NULL;
}

static void init_mdl(PMDL m, PVOID va, ULONG len)
{
	memset(m, 0, sizeof *m);
	m->Size = (CSHORT)sizeof(MDL);
	m->MdlFlags = MDL_SOURCE_IS_NONPAGED_POOL | MDL_MAPPED_TO_SYSTEM_VA;
	m->StartVa = PAGE_ALIGN(va);
	m->ByteOffset = BYTE_OFFSET(va);
	m->ByteCount = len;
	m->MappedSystemVa = va;
}

/* ================= NDIS 5 ================= */
typedef struct {
	UINT descriptors;  /* NumberOfDescriptors + NumberOfOverflowDescriptors */
	UINT in_use;
	UINT reserved_len; /* ProtocolReservedLength */
} dk_packet_pool;

typedef struct {
	UINT descriptors;
	UINT in_use;
} dk_buffer_pool;

static void packet_pool(PNDIS_STATUS Status, PNDIS_HANDLE PoolHandle, UINT n, UINT reserved, uintptr_t caller)
{
	*PoolHandle = NULL;
	if (dk_fail(DK_SITE_PACKET_POOL, caller)) {
		*Status = NDIS_STATUS_RESOURCES;
		return;
	}
	dk_packet_pool *p = ko_alloc(KO_PACKET_POOL, sizeof *p, 1, 0, NULL, 0);
	if (!p) {
		*Status = NDIS_STATUS_RESOURCES;
		return;
	}
	p->descriptors = n;
	p->reserved_len = reserved;
	dk_acquire(DK_RES_PACKET_POOL, NULL, (uintptr_t)p, n, 0, 0, caller);
	*PoolHandle = p;
	*Status = NDIS_STATUS_SUCCESS;
}

VOID NdisAllocatePacketPool(PNDIS_STATUS Status, PNDIS_HANDLE PoolHandle, UINT NumberOfDescriptors,
			    UINT ProtocolReservedLength)
{
	packet_pool(Status, PoolHandle, NumberOfDescriptors, ProtocolReservedLength, DK_CALLER);
}

VOID NdisAllocatePacketPoolEx(PNDIS_STATUS Status, PNDIS_HANDLE PoolHandle, UINT NumberOfDescriptors,
			      UINT NumberOfOverflowDescriptors, UINT ProtocolReservedLength)
{
	packet_pool(Status, PoolHandle, NumberOfDescriptors + NumberOfOverflowDescriptors, ProtocolReservedLength,
		    DK_CALLER);
}

VOID NdisFreePacketPool(NDIS_HANDLE PoolHandle)
{
	dk_packet_pool *p = owned(PoolHandle, KO_PACKET_POOL);
	if (dk_release(DK_RES_PACKET_POOL, NULL, (uintptr_t)PoolHandle, p ? p->descriptors : 0, 0, 0, DK_CALLER) && p)
		ko_free(p);
}

UINT NdisPacketPoolUsage(NDIS_HANDLE PoolHandle)
{
	dk_packet_pool *p = owned(PoolHandle, KO_PACKET_POOL);
	return p ? p->in_use : 0;
}

/* Layout: the packet with ProtocolReservedLength bytes of ProtocolReserved,
 * then the OOB data, then the per-packet extension (ndis.h says how the
 * NDIS_*_FROM_PACKET macros find them). */
static void packet(PNDIS_STATUS Status, PNDIS_PACKET *Packet, NDIS_HANDLE PoolHandle, uintptr_t caller)
{
	dk_packet_pool *pool = owned(PoolHandle, KO_PACKET_POOL);
	*Packet = NULL;
	if (!pool || pool->in_use >= pool->descriptors || dk_fail(DK_SITE_PACKET, caller)) {
		*Status = NDIS_STATUS_RESOURCES;
		return;
	}
	size_t oob = ALIGN_UP_BY(FIELD_OFFSET(NDIS_PACKET, ProtocolReserved) + pool->reserved_len, 8);
	size_t size = oob + sizeof(NDIS_PACKET_OOB_DATA) + sizeof(NDIS_PACKET_EXTENSION);
	PNDIS_PACKET p = ko_alloc(KO_PACKET, size, 1, 0, NULL, 0);
	if (!p) {
		*Status = NDIS_STATUS_RESOURCES;
		return;
	}
	p->Private.Pool = pool;
	p->Private.NdisPacketOobOffset = (USHORT)oob;
	p->Private.NdisPacketFlags = fPACKET_ALLOCATED_BY_NDIS;
	pool->in_use++;
	dk_acquire(DK_RES_PACKET, NULL, (uintptr_t)p, 0, 0, 0, caller);
	*Packet = p;
	*Status = NDIS_STATUS_SUCCESS;
}

VOID NdisAllocatePacket(PNDIS_STATUS Status, PNDIS_PACKET *Packet, NDIS_HANDLE PoolHandle)
{
	packet(Status, Packet, PoolHandle, DK_CALLER);
}

VOID NdisDprAllocatePacket(PNDIS_STATUS Status, PNDIS_PACKET *Packet, NDIS_HANDLE PoolHandle)
{
	packet(Status, Packet, PoolHandle, DK_CALLER);
}

VOID NdisFreePacket(PNDIS_PACKET Packet)
{
	PNDIS_PACKET p = owned(Packet, KO_PACKET);
	if (dk_release(DK_RES_PACKET, NULL, (uintptr_t)Packet, 0, 0, 0, DK_CALLER) && p) {
		dk_packet_pool *pool = owned(p->Private.Pool, KO_PACKET_POOL);
		if (pool && pool->in_use)
			pool->in_use--;
		ko_free(p);
	}
}

/* On x86 and x64 Windows buffer pools hold nothing; the kit still hands
 * out a handle so that its release is checked. */
VOID NdisAllocateBufferPool(PNDIS_STATUS Status, PNDIS_HANDLE PoolHandle, UINT NumberOfDescriptors)
{
	uintptr_t caller = DK_CALLER;
	*PoolHandle = NULL;
	if (dk_fail(DK_SITE_PACKET_POOL, caller)) {
		*Status = NDIS_STATUS_RESOURCES;
		return;
	}
	dk_buffer_pool *p = ko_alloc(KO_BUFFER_POOL, sizeof *p, 1, 0, NULL, 0);
	if (!p) {
		*Status = NDIS_STATUS_RESOURCES;
		return;
	}
	p->descriptors = NumberOfDescriptors;
	dk_acquire(DK_RES_BUFFER_POOL, NULL, (uintptr_t)p, NumberOfDescriptors, 0, 0, caller);
	*PoolHandle = p;
	*Status = NDIS_STATUS_SUCCESS;
}

VOID NdisFreeBufferPool(NDIS_HANDLE PoolHandle)
{
	dk_buffer_pool *p = owned(PoolHandle, KO_BUFFER_POOL);
	if (dk_release(DK_RES_BUFFER_POOL, NULL, (uintptr_t)PoolHandle, p ? p->descriptors : 0, 0, 0, DK_CALLER) && p)
		ko_free(p);
}

static void buffer(PNDIS_STATUS Status, PNDIS_BUFFER *Buffer, NDIS_HANDLE PoolHandle, PVOID va, UINT len,
		   uintptr_t caller)
{
	dk_buffer_pool *pool = owned(PoolHandle, KO_BUFFER_POOL);
	*Buffer = NULL;
	if (!pool || dk_fail(DK_SITE_PACKET, caller)) {
		*Status = NDIS_STATUS_FAILURE;
		return;
	}
	PMDL m = ko_alloc(KO_BUFFER, sizeof(MDL), 1, 0, NULL, (uint64_t)(uintptr_t)pool);
	if (!m) {
		*Status = NDIS_STATUS_FAILURE;
		return;
	}
	init_mdl(m, va, len);
	pool->in_use++;
	dk_acquire(DK_RES_BUFFER, NULL, (uintptr_t)m, len, 0, 0, caller);
	*Buffer = m;
	*Status = NDIS_STATUS_SUCCESS;
}

VOID NdisAllocateBuffer(PNDIS_STATUS Status, PNDIS_BUFFER *Buffer, NDIS_HANDLE PoolHandle, PVOID VirtualAddress,
			UINT Length)
{
	buffer(Status, Buffer, PoolHandle, VirtualAddress, Length, DK_CALLER);
}

VOID NdisCopyBuffer(PNDIS_STATUS Status, PNDIS_BUFFER *Buffer, NDIS_HANDLE PoolHandle, PVOID MemoryDescriptor,
		    UINT Offset, UINT Length)
{
	PMDL src = MemoryDescriptor;
	buffer(Status, Buffer, PoolHandle, (PUCHAR)MmGetMdlVirtualAddress(src) + Offset, Length, DK_CALLER);
}

VOID NdisFreeBuffer(PNDIS_BUFFER Buffer)
{
	ko_entry *e = ko_find(Buffer);
	PMDL m = e && e->kind == KO_BUFFER ? Buffer : NULL;
	if (dk_release(DK_RES_BUFFER, NULL, (uintptr_t)Buffer, m ? m->ByteCount : 0, 0, 0, DK_CALLER) && m) {
		dk_buffer_pool *pool = owned((void *)(uintptr_t)e->aux, KO_BUFFER_POOL);
		if (pool && pool->in_use)
			pool->in_use--;
		ko_free(m);
	}
}

VOID NdisQueryBuffer(PNDIS_BUFFER Buffer, PVOID *VirtualAddress, PUINT Length)
{
	if (VirtualAddress)
		*VirtualAddress = MmGetSystemAddressForMdl(Buffer);
	*Length = MmGetMdlByteCount(Buffer);
}

VOID NdisQueryBufferSafe(PNDIS_BUFFER Buffer, PVOID *VirtualAddress, PUINT Length, MM_PAGE_PRIORITY Priority)
{
	(void)Priority;
	NdisQueryBuffer(Buffer, VirtualAddress, Length);
}

VOID NdisQueryBufferOffset(PNDIS_BUFFER Buffer, PUINT Offset, PUINT Length)
{
	*Offset = MmGetMdlByteOffset(Buffer);
	*Length = MmGetMdlByteCount(Buffer);
}

VOID NdisAdjustBufferLength(PNDIS_BUFFER Buffer, UINT Length)
{
	Buffer->ByteCount = Length;
}

VOID NdisChainBufferAtFront(PNDIS_PACKET Packet, PNDIS_BUFFER Buffer)
{
	PNDIS_BUFFER last = Buffer;
	while (last->Next)
		last = last->Next;
	last->Next = Packet->Private.Head;
	if (!Packet->Private.Head)
		Packet->Private.Tail = last;
	Packet->Private.Head = Buffer;
	Packet->Private.ValidCounts = FALSE;
}

VOID NdisChainBufferAtBack(PNDIS_PACKET Packet, PNDIS_BUFFER Buffer)
{
	PNDIS_BUFFER last = Buffer;
	while (last->Next)
		last = last->Next;
	if (Packet->Private.Head)
		Packet->Private.Tail->Next = Buffer;
	else
		Packet->Private.Head = Buffer;
	Packet->Private.Tail = last;
	Packet->Private.ValidCounts = FALSE;
}

VOID NdisUnchainBufferAtFront(PNDIS_PACKET Packet, PNDIS_BUFFER *Buffer)
{
	*Buffer = Packet->Private.Head;
	if (*Buffer) {
		Packet->Private.Head = (*Buffer)->Next;
		(*Buffer)->Next = NULL;
		if (!Packet->Private.Head)
			Packet->Private.Tail = NULL;
		Packet->Private.ValidCounts = FALSE;
	}
}

VOID NdisUnchainBufferAtBack(PNDIS_PACKET Packet, PNDIS_BUFFER *Buffer)
{
	PNDIS_BUFFER b = Packet->Private.Head, prev = NULL;
	*Buffer = NULL;
	if (!b)
		return;
	while (b->Next) {
		prev = b;
		b = b->Next;
	}
	if (prev)
		prev->Next = NULL;
	else
		Packet->Private.Head = NULL;
	Packet->Private.Tail = prev;
	Packet->Private.ValidCounts = FALSE;
	*Buffer = b;
}

VOID NdisRecalculatePacketCounts(PNDIS_PACKET Packet)
{
	UINT phys = 0, count = 0, total = 0;
	for (PNDIS_BUFFER b = Packet->Private.Head; b; b = b->Next) {
		count++;
		total += MmGetMdlByteCount(b);
		phys += (UINT)ADDRESS_AND_SIZE_TO_SPAN_PAGES(MmGetMdlVirtualAddress(b), MmGetMdlByteCount(b));
	}
	Packet->Private.PhysicalCount = phys;
	Packet->Private.Count = count;
	Packet->Private.TotalLength = total;
	Packet->Private.ValidCounts = TRUE;
}

VOID NdisQueryPacket(PNDIS_PACKET Packet, PUINT PhysicalBufferCount, PUINT BufferCount, PNDIS_BUFFER *FirstBuffer,
		     PUINT TotalPacketLength)
{
	if (!Packet->Private.ValidCounts)
		NdisRecalculatePacketCounts(Packet);
	if (PhysicalBufferCount)
		*PhysicalBufferCount = Packet->Private.PhysicalCount;
	if (BufferCount)
		*BufferCount = Packet->Private.Count;
	if (FirstBuffer)
		*FirstBuffer = Packet->Private.Head;
	if (TotalPacketLength)
		*TotalPacketLength = Packet->Private.TotalLength;
}

VOID NdisGetFirstBufferFromPacket(PNDIS_PACKET Packet, PNDIS_BUFFER *FirstBuffer, PVOID *FirstBufferVA,
				  PUINT FirstBufferLength, PUINT TotalBufferLength)
{
	PNDIS_BUFFER b = Packet->Private.Head;
	*FirstBuffer = b;
	*FirstBufferVA = b ? MmGetSystemAddressForMdl(b) : NULL;
	*FirstBufferLength = b ? MmGetMdlByteCount(b) : 0;
	UINT total = 0;
	for (; b; b = b->Next)
		total += MmGetMdlByteCount(b);
	*TotalBufferLength = total;
}

VOID NdisGetFirstBufferFromPacketSafe(PNDIS_PACKET Packet, PNDIS_BUFFER *FirstBuffer, PVOID *FirstBufferVA,
				      PUINT FirstBufferLength, PUINT TotalBufferLength, MM_PAGE_PRIORITY Priority)
{
	(void)Priority;
	NdisGetFirstBufferFromPacket(Packet, FirstBuffer, FirstBufferVA, FirstBufferLength, TotalBufferLength);
}

VOID NdisCopyFromPacketToPacket(PNDIS_PACKET Destination, UINT DestinationOffset, UINT BytesToCopy,
				PNDIS_PACKET Source, UINT SourceOffset, PUINT BytesCopied)
{
	UINT copied = 0;
	PNDIS_BUFFER d = Destination->Private.Head, s = Source->Private.Head;
	UINT doff = DestinationOffset, soff = SourceOffset;
	while (d && doff >= MmGetMdlByteCount(d)) {
		doff -= MmGetMdlByteCount(d);
		d = d->Next;
	}
	while (s && soff >= MmGetMdlByteCount(s)) {
		soff -= MmGetMdlByteCount(s);
		s = s->Next;
	}
	while (d && s && copied < BytesToCopy) {
		UINT n = MmGetMdlByteCount(d) - doff;
		if (MmGetMdlByteCount(s) - soff < n)
			n = MmGetMdlByteCount(s) - soff;
		if (BytesToCopy - copied < n)
			n = BytesToCopy - copied;
		memcpy((PUCHAR)MmGetSystemAddressForMdl(d) + doff, (PUCHAR)MmGetSystemAddressForMdl(s) + soff, n);
		copied += n;
		doff += n;
		soff += n;
		if (doff == MmGetMdlByteCount(d)) {
			d = d->Next;
			doff = 0;
		}
		if (soff == MmGetMdlByteCount(s)) {
			s = s->Next;
			soff = 0;
		}
	}
	*BytesCopied = copied;
}

/* ================= MDLs ================= */
static PMDL alloc_mdl(PVOID va, ULONG len, void *adapter, uintptr_t caller)
{
	if (dk_fail(DK_SITE_MDL, caller))
		return NULL;
	PMDL m = ko_alloc(KO_MDL, sizeof(MDL), 1, 0, NULL, 0);
	if (!m)
		return NULL;
	init_mdl(m, va, len);
	dk_acquire(DK_RES_MDL, adapter, (uintptr_t)m, len, 0, 0, caller);
	return m;
}

static void free_mdl(PMDL m, uintptr_t caller)
{
	PMDL own = owned(m, KO_MDL);
	if (dk_release(DK_RES_MDL, NULL, (uintptr_t)m, own ? own->ByteCount : 0, 0, 0, caller) && own)
		ko_free(own);
}

PMDL NdisAllocateMdl(NDIS_HANDLE NdisHandle, PVOID VirtualAddress, UINT Length)
{
	return alloc_mdl(VirtualAddress, Length, dk_adapter_of(NdisHandle), DK_CALLER);
}

VOID NdisFreeMdl(PMDL Mdl)
{
	free_mdl(Mdl, DK_CALLER);
}

PMDL IoAllocateMdl(PVOID VirtualAddress, ULONG Length, BOOLEAN SecondaryBuffer, BOOLEAN ChargeQuota, PIRP Irp)
{
	(void)SecondaryBuffer;
	(void)ChargeQuota;
	(void)Irp;
	PMDL m = alloc_mdl(VirtualAddress, Length, NULL, DK_CALLER);
	if (m)
		m->MdlFlags = 0; /* not yet built: MmBuildMdlForNonPagedPool does */
	return m;
}

VOID IoFreeMdl(PMDL Mdl)
{
	free_mdl(Mdl, DK_CALLER);
}

SIZE_T MmSizeOfMdl(PVOID Base, SIZE_T Length)
{
	return sizeof(MDL) + sizeof(ULONG_PTR) * ADDRESS_AND_SIZE_TO_SPAN_PAGES(Base, Length);
}

VOID MmBuildMdlForNonPagedPool(PMDL MemoryDescriptorList)
{
	MemoryDescriptorList->MdlFlags |= MDL_SOURCE_IS_NONPAGED_POOL | MDL_MAPPED_TO_SYSTEM_VA;
	MemoryDescriptorList->MappedSystemVa = MmGetMdlVirtualAddress(MemoryDescriptorList);
}

/* ================= NDIS 6 net buffers ================= */
typedef struct {
	void *adapter;
	NET_BUFFER_LIST_POOL_PARAMETERS params;
} dk_nbl_pool;

typedef struct {
	void *adapter;
	NET_BUFFER_POOL_PARAMETERS params;
} dk_nb_pool;

NDIS_HANDLE NdisAllocateNetBufferListPool(NDIS_HANDLE NdisHandle, PNET_BUFFER_LIST_POOL_PARAMETERS Parameters)
{
	uintptr_t caller = DK_CALLER;
	if (!Parameters || dk_fail(DK_SITE_NBL_POOL, caller))
		return NULL;
	dk_nbl_pool *p = ko_alloc(KO_NBL_POOL, sizeof *p, 1, 0, NULL, 0);
	if (!p)
		return NULL;
	p->adapter = dk_adapter_of(NdisHandle);
	size_t n = Parameters->Header.Size && Parameters->Header.Size < sizeof p->params ? Parameters->Header.Size
											  : sizeof p->params;
	memcpy(&p->params, Parameters, n);
	dk_acquire(DK_RES_NBL_POOL, p->adapter, (uintptr_t)p, 0, 0, 0, caller);
	return p;
}

VOID NdisFreeNetBufferListPool(NDIS_HANDLE PoolHandle)
{
	dk_nbl_pool *p = owned(PoolHandle, KO_NBL_POOL);
	if (dk_release(DK_RES_NBL_POOL, p ? p->adapter : NULL, (uintptr_t)PoolHandle, 0, 0, 0, DK_CALLER) && p)
		ko_free(p);
}

NDIS_HANDLE NdisAllocateNetBufferPool(NDIS_HANDLE NdisHandle, PNET_BUFFER_POOL_PARAMETERS Parameters)
{
	uintptr_t caller = DK_CALLER;
	if (!Parameters || dk_fail(DK_SITE_NBL_POOL, caller))
		return NULL;
	dk_nb_pool *p = ko_alloc(KO_NB_POOL, sizeof *p, 1, 0, NULL, 0);
	if (!p)
		return NULL;
	p->adapter = dk_adapter_of(NdisHandle);
	p->params = *Parameters;
	dk_acquire(DK_RES_NBL_POOL, p->adapter, (uintptr_t)p, 0, 0, 0, caller);
	return p;
}

VOID NdisFreeNetBufferPool(NDIS_HANDLE PoolHandle)
{
	dk_nb_pool *p = owned(PoolHandle, KO_NB_POOL);
	if (dk_release(DK_RES_NBL_POOL, p ? p->adapter : NULL, (uintptr_t)PoolHandle, 0, 0, 0, DK_CALLER) && p)
		ko_free(p);
}

/* A net buffer over MdlChain; with no chain and a pool DataSize, NDIS
 * allocates the data (and its MDL) itself.  owner frees it. */
static PNET_BUFFER make_nb(void *owner, NDIS_HANDLE pool, ULONG data_size, PMDL MdlChain, ULONG DataOffset,
			   SIZE_T DataLength)
{
	PNET_BUFFER nb = ko_alloc(KO_OWNED, sizeof *nb, 1, 0, owner, 0);
	if (!nb)
		return NULL;
	if (!MdlChain && data_size) {
		void *data = ko_alloc(KO_OWNED, data_size, 0, 0, owner, 0);
		PMDL m = ko_alloc(KO_OWNED, sizeof(MDL), 1, 0, owner, 0);
		if (!data || !m)
			return NULL;
		init_mdl(m, data, data_size);
		MdlChain = m;
	}
	nb->MdlChain = MdlChain;
	nb->DataOffset = DataOffset;
	nb->DataLength = (ULONG)DataLength;
	nb->NdisPoolHandle = pool;
	/* CurrentMdl is the MDL holding DataOffset. */
	PMDL m = MdlChain;
	ULONG off = DataOffset;
	while (m && off >= m->ByteCount && m->Next) {
		off -= m->ByteCount;
		m = m->Next;
	}
	nb->CurrentMdl = m;
	nb->CurrentMdlOffset = off;
	return nb;
}

static PNET_BUFFER_LIST make_nbl(dk_nbl_pool *pool, USHORT ContextSize, USHORT ContextBackFill, uintptr_t caller)
{
	if (!pool || dk_fail(DK_SITE_NBL, caller))
		return NULL;
	PNET_BUFFER_LIST nbl = ko_alloc(KO_NBL, sizeof *nbl, 1, 0, NULL, 0);
	if (!nbl)
		return NULL;
	nbl->NdisPoolHandle = pool;
	size_t ctx = (size_t)pool->params.ContextSize + ContextSize + ContextBackFill;
	if (ctx) {
		nbl->Context = ko_alloc(KO_OWNED, sizeof(NET_BUFFER_LIST_CONTEXT) + ctx, 1, 0, nbl, 0);
		if (!nbl->Context) {
			ko_free(nbl);
			return NULL;
		}
		nbl->Context->Size = (USHORT)ctx;
		nbl->Context->Offset = ContextBackFill;
	}
	return nbl;
}

PNET_BUFFER_LIST NdisAllocateNetBufferList(NDIS_HANDLE PoolHandle, USHORT ContextSize, USHORT ContextBackFill)
{
	uintptr_t caller = DK_CALLER;
	dk_nbl_pool *pool = owned(PoolHandle, KO_NBL_POOL);
	PNET_BUFFER_LIST nbl = make_nbl(pool, ContextSize, ContextBackFill, caller);
	if (nbl)
		dk_acquire(DK_RES_NBL, pool->adapter, (uintptr_t)nbl, 0, 0, 0, caller);
	return nbl;
}

PNET_BUFFER_LIST NdisAllocateNetBufferAndNetBufferList(NDIS_HANDLE PoolHandle, USHORT ContextSize,
							USHORT ContextBackFill, PMDL MdlChain, ULONG DataOffset,
							SIZE_T DataLength)
{
	uintptr_t caller = DK_CALLER;
	dk_nbl_pool *pool = owned(PoolHandle, KO_NBL_POOL);
	PNET_BUFFER_LIST nbl = make_nbl(pool, ContextSize, ContextBackFill, caller);
	if (!nbl)
		return NULL;
	nbl->FirstNetBuffer = make_nb(nbl, PoolHandle, pool->params.DataSize, MdlChain, DataOffset, DataLength);
	if (!nbl->FirstNetBuffer) {
		ko_free(nbl);
		return NULL;
	}
	dk_acquire(DK_RES_NBL, pool->adapter, (uintptr_t)nbl, 0, 0, 0, caller);
	return nbl;
}

VOID NdisFreeNetBufferList(PNET_BUFFER_LIST NetBufferList)
{
	PNET_BUFFER_LIST nbl = owned(NetBufferList, KO_NBL);
	dk_nbl_pool *pool = nbl ? owned(nbl->NdisPoolHandle, KO_NBL_POOL) : NULL;
	if (dk_release(DK_RES_NBL, pool ? pool->adapter : NULL, (uintptr_t)NetBufferList, 0, 0, 0, DK_CALLER) && nbl)
		ko_free(nbl); /* with its context and the net buffer made with it */
}

PNET_BUFFER NdisAllocateNetBuffer(NDIS_HANDLE PoolHandle, PMDL MdlChain, ULONG DataOffset, SIZE_T DataLength)
{
	uintptr_t caller = DK_CALLER;
	dk_nb_pool *pool = owned(PoolHandle, KO_NB_POOL);
	if (!pool || dk_fail(DK_SITE_NBL, caller))
		return NULL;
	/* The net buffer is its own object here: a holder owns its storage. */
	void *holder = ko_alloc(KO_NB, 1, 1, 0, NULL, 0);
	if (!holder)
		return NULL;
	PNET_BUFFER nb = make_nb(holder, PoolHandle, pool->params.DataSize, MdlChain, DataOffset, DataLength);
	if (!nb) {
		ko_free(holder);
		return NULL;
	}
	ko_find(holder)->aux = (uint64_t)(uintptr_t)nb;
	nb->NdisReserved[0] = holder;
	dk_acquire(DK_RES_NBL, pool->adapter, (uintptr_t)nb, 0, 0, 0, caller);
	return nb;
}

VOID NdisFreeNetBuffer(PNET_BUFFER NetBuffer)
{
	uintptr_t caller = DK_CALLER;
	ko_entry *e = ko_find(NetBuffer);
	void *holder = e && e->kind == KO_OWNED ? NetBuffer->NdisReserved[0] : NULL;
	ko_entry *h = ko_find(holder);
	if (!h || h->kind != KO_NB || h->aux != (uint64_t)(uintptr_t)NetBuffer)
		holder = NULL;
	dk_nb_pool *pool = holder ? owned(NetBuffer->NdisPoolHandle, KO_NB_POOL) : NULL;
	if (dk_release(DK_RES_NBL, pool ? pool->adapter : NULL, (uintptr_t)NetBuffer, 0, 0, 0, caller) && holder)
		ko_free(holder);
}

NDIS_STATUS NdisAllocateNetBufferListContext(PNET_BUFFER_LIST NetBufferList, USHORT ContextSize, USHORT ContextBackFill,
					     ULONG PoolTag)
{
	uintptr_t caller = DK_CALLER;
	(void)PoolTag;
	if (dk_fail(DK_SITE_NBL, caller))
		return NDIS_STATUS_RESOURCES;
	PNET_BUFFER_LIST_CONTEXT c = ko_alloc(KO_OWNED, sizeof *c + ContextSize + ContextBackFill, 1, 0,
					      owned(NetBufferList, KO_NBL), 0);
	if (!c)
		return NDIS_STATUS_RESOURCES;
	c->Size = (USHORT)(ContextSize + ContextBackFill);
	c->Offset = ContextBackFill;
	c->Next = NetBufferList->Context;
	NetBufferList->Context = c;
	return NDIS_STATUS_SUCCESS;
}

VOID NdisFreeNetBufferListContext(PNET_BUFFER_LIST NetBufferList, USHORT ContextSize)
{
	(void)ContextSize;
	PNET_BUFFER_LIST_CONTEXT c = NetBufferList->Context;
	if (!c)
		return;
	NetBufferList->Context = c->Next;
	ko_entry *e = ko_find(c);
	if (e && e->kind == KO_OWNED)
		ko_free(c);
}

/* Contiguous data of a net buffer: in place when it lies in one MDL, else
 * copied to Storage (NULL when there is none). */
PVOID NdisGetDataBuffer(PNET_BUFFER NetBuffer, ULONG BytesNeeded, PVOID Storage, UINT AlignMultiple, UINT AlignOffset)
{
	(void)AlignMultiple;
	(void)AlignOffset;
	if (BytesNeeded > NetBuffer->DataLength)
		return NULL;
	PMDL m = NetBuffer->CurrentMdl;
	ULONG off = NetBuffer->CurrentMdlOffset;
	if (!m)
		return NULL;
	if (m->ByteCount >= off && m->ByteCount - off >= BytesNeeded)
		return (PUCHAR)MmGetSystemAddressForMdl(m) + off;
	if (!Storage)
		return NULL;
	ULONG got = 0;
	for (; m && got < BytesNeeded; m = m->Next, off = 0) {
		ULONG n = m->ByteCount > off ? m->ByteCount - off : 0;
		if (n > BytesNeeded - got)
			n = BytesNeeded - got;
		memcpy((PUCHAR)Storage + got, (PUCHAR)MmGetSystemAddressForMdl(m) + off, n);
		got += n;
	}
	return got == BytesNeeded ? Storage : NULL;
}

NDIS_STATUS NdisRetreatNetBufferDataStart(PNET_BUFFER NetBuffer, ULONG DataOffsetDelta, ULONG DataBackFill,
					  PVOID AllocateMdlHandler)
{
	(void)DataBackFill;
	(void)AllocateMdlHandler;
	/* Only within the MDL already there: the kit allocates no new one. */
	if (DataOffsetDelta > NetBuffer->CurrentMdlOffset)
		return NDIS_STATUS_RESOURCES;
	NetBuffer->CurrentMdlOffset -= DataOffsetDelta;
	NetBuffer->DataOffset -= DataOffsetDelta;
	NetBuffer->DataLength += DataOffsetDelta;
	return NDIS_STATUS_SUCCESS;
}

VOID NdisAdvanceNetBufferDataStart(PNET_BUFFER NetBuffer, ULONG DataOffsetDelta, BOOLEAN FreeMdl, PVOID FreeMdlHandler)
{
	(void)FreeMdl;
	(void)FreeMdlHandler;
	ULONG d = DataOffsetDelta;
	NetBuffer->DataOffset += d;
	NetBuffer->DataLength -= d < NetBuffer->DataLength ? d : NetBuffer->DataLength;
	d += NetBuffer->CurrentMdlOffset;
	PMDL m = NetBuffer->CurrentMdl;
	while (m && d >= m->ByteCount && m->Next) {
		d -= m->ByteCount;
		m = m->Next;
	}
	NetBuffer->CurrentMdl = m;
	NetBuffer->CurrentMdlOffset = d;
}
