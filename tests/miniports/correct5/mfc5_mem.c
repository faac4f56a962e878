/* mfc5_mem.c: descriptor rings, receive buffers and the packets that carry
 * them up.  Each free routine takes exactly what its allocation routine
 * left, whether that finished or stopped half-way, and repeats the
 * allocation's length, Cached flag and physical address. */
#include "mfc5.h"

static VOID MfcFreeShared(PMFC_ADAPTER Adapter, ULONG Size, BOOLEAN Cached, PVOID *Va,
			  NDIS_PHYSICAL_ADDRESS Pa)
{
	if (*Va == NULL)
		return;
	NdisMFreeSharedMemory(Adapter->MiniportHandle, Size, Cached, *Va, Pa);
	*Va = NULL;
}

NDIS_STATUS MfcAllocateRings(PMFC_ADAPTER Adapter)
{
	ULONG i;

	Adapter->TxRingSize = Adapter->NumTxDesc * sizeof(MFC_DESC);
	Adapter->RxRingSize = Adapter->NumRxDesc * sizeof(MFC_DESC);
	Adapter->RxBuffersSize = Adapter->NumRxDesc * MFNIC_RX_BUFFER;

	NdisMAllocateSharedMemory(Adapter->MiniportHandle, Adapter->TxRingSize, FALSE,
				  (PVOID *)&Adapter->TxRing, &Adapter->TxRingPhysical);
	if (Adapter->TxRing == NULL)
		goto Fail;
	NdisMAllocateSharedMemory(Adapter->MiniportHandle, Adapter->RxRingSize, FALSE,
				  (PVOID *)&Adapter->RxRing, &Adapter->RxRingPhysical);
	if (Adapter->RxRing == NULL)
		goto Fail;
	/* Receive buffers are read by the CPU after DMA: cached. */
	NdisMAllocateSharedMemory(Adapter->MiniportHandle, Adapter->RxBuffersSize, TRUE,
				  (PVOID *)&Adapter->RxBuffers, &Adapter->RxBuffersPhysical);
	if (Adapter->RxBuffers == NULL)
		goto Fail;

	NdisZeroMemory(Adapter->TxRing, Adapter->TxRingSize);
	NdisZeroMemory(Adapter->RxRing, Adapter->RxRingSize);
	for (i = 0; i < Adapter->NumRxDesc; i++) {
		Adapter->RxRing[i].BufferAddress =
			(ULONGLONG)Adapter->RxBuffersPhysical.QuadPart + (ULONGLONG)i * MFNIC_RX_BUFFER;
		Adapter->RxRing[i].Length = MFNIC_RX_BUFFER;
	}
	Adapter->TxFree = Adapter->NumTxDesc;
	Adapter->TxNext = 0;
	Adapter->RxNext = 0;
	return NDIS_STATUS_SUCCESS;

Fail:
	MfcFreeRings(Adapter);
	return NDIS_STATUS_RESOURCES;
}

VOID MfcFreeRings(PMFC_ADAPTER Adapter)
{
	MfcFreeShared(Adapter, Adapter->RxBuffersSize, TRUE, (PVOID *)&Adapter->RxBuffers,
		      Adapter->RxBuffersPhysical);
	MfcFreeShared(Adapter, Adapter->RxRingSize, FALSE, (PVOID *)&Adapter->RxRing,
		      Adapter->RxRingPhysical);
	MfcFreeShared(Adapter, Adapter->TxRingSize, FALSE, (PVOID *)&Adapter->TxRing,
		      Adapter->TxRingPhysical);
}

NDIS_STATUS MfcAllocateRxPackets(PMFC_ADAPTER Adapter)
{
	NDIS_STATUS Status;
	ULONG i;

	NdisAllocatePacketPoolEx(&Status, &Adapter->RxPacketPool, Adapter->NumRxDesc, 0,
				 PROTOCOL_RESERVED_SIZE_IN_PACKET);
	if (Status != NDIS_STATUS_SUCCESS) {
		Adapter->RxPacketPool = NULL;
		return NDIS_STATUS_RESOURCES;
	}
	NdisAllocateBufferPool(&Status, &Adapter->RxBufferPool, Adapter->NumRxDesc);
	if (Status != NDIS_STATUS_SUCCESS) {
		Adapter->RxBufferPool = NULL;
		MfcFreeRxPackets(Adapter);
		return NDIS_STATUS_RESOURCES;
	}

	for (i = 0; i < Adapter->NumRxDesc; i++) {
		PNDIS_PACKET Packet;
		PNDIS_BUFFER Buffer;

		NdisAllocatePacket(&Status, &Packet, Adapter->RxPacketPool);
		if (Status != NDIS_STATUS_SUCCESS)
			break;
		NdisAllocateBuffer(&Status, &Buffer, Adapter->RxBufferPool,
				   Adapter->RxBuffers + i * MFNIC_RX_BUFFER, MFNIC_RX_BUFFER);
		if (Status != NDIS_STATUS_SUCCESS) {
			NdisFreePacket(Packet);
			break;
		}
		NdisChainBufferAtFront(Packet, Buffer);
		NDIS_SET_PACKET_HEADER_SIZE(Packet, 14);
		Adapter->RxPacket[i] = Packet;
		Adapter->RxNdisBuffer[i] = Buffer;
		Adapter->RxPacketCount = i + 1;
	}
	if (Status != NDIS_STATUS_SUCCESS) {
		MfcFreeRxPackets(Adapter);
		return NDIS_STATUS_RESOURCES;
	}
	return NDIS_STATUS_SUCCESS;
}

VOID MfcFreeRxPackets(PMFC_ADAPTER Adapter)
{
	ULONG i;

	for (i = Adapter->RxPacketCount; i > 0; i--) {
		NdisFreeBuffer(Adapter->RxNdisBuffer[i - 1]);
		NdisFreePacket(Adapter->RxPacket[i - 1]);
		Adapter->RxNdisBuffer[i - 1] = NULL;
		Adapter->RxPacket[i - 1] = NULL;
	}
	Adapter->RxPacketCount = 0;
	if (Adapter->RxBufferPool != NULL) {
		NdisFreeBufferPool(Adapter->RxBufferPool);
		Adapter->RxBufferPool = NULL;
	}
	if (Adapter->RxPacketPool != NULL) {
		NdisFreePacketPool(Adapter->RxPacketPool);
		Adapter->RxPacketPool = NULL;
	}
}
