/* mfk6_rx.c: descriptor rings, the receive area and its NBLs. */
#include "mfk6.h"

NDIS_STATUS MfkAllocateRings(PMFK_ADAPTER Adapter)
{
	Adapter->RingsLength = (MFK_TX_COUNT + MFK_RX_COUNT) * MFNIC_DESC_SIZE;
	NdisMAllocateSharedMemory(Adapter->MiniportAdapterHandle, Adapter->RingsLength, FALSE,
				  (PVOID *)&Adapter->RingsVa, &Adapter->RingsPa);
	if (Adapter->RingsVa == NULL)
		return NDIS_STATUS_RESOURCES;
	NdisZeroMemory(Adapter->RingsVa, Adapter->RingsLength);
	return NDIS_STATUS_SUCCESS;
}

VOID MfkFreeRings(PMFK_ADAPTER Adapter)
{
	NdisMFreeSharedMemory(Adapter->MiniportAdapterHandle, Adapter->RingsLength, FALSE,
			      Adapter->RingsVa, Adapter->RingsPa);
	Adapter->RingsVa = NULL;
}

NDIS_STATUS MfkAllocateRxArea(PMFK_ADAPTER Adapter)
{
	PULONGLONG Desc;
	ULONG i;

	Adapter->RxAreaLength = MFK_RX_COUNT * MFNIC_RX_BUFFER;
	/* Cached: frames are copied and checksummed by the CPU. */
	NdisMAllocateSharedMemory(Adapter->MiniportAdapterHandle, Adapter->RxAreaLength, TRUE,
				  (PVOID *)&Adapter->RxAreaVa, &Adapter->RxAreaPa);
	if (Adapter->RxAreaVa == NULL)
		return NDIS_STATUS_RESOURCES;

	Desc = (PULONGLONG)(Adapter->RingsVa + MFK_TX_COUNT * MFNIC_DESC_SIZE);
	for (i = 0; i < MFK_RX_COUNT; i++) {
		Adapter->Rx[i].Va = Adapter->RxAreaVa + i * MFNIC_RX_BUFFER;
		Adapter->Rx[i].Pa = (ULONGLONG)Adapter->RxAreaPa.QuadPart + i * MFNIC_RX_BUFFER;
		Desc[2 * i] = Adapter->Rx[i].Pa;
		Desc[2 * i + 1] = MFNIC_RX_BUFFER;
	}
	return NDIS_STATUS_SUCCESS;
}

VOID MfkFreeRxArea(PMFK_ADAPTER Adapter)
{
	NdisMFreeSharedMemory(Adapter->MiniportAdapterHandle, Adapter->RxAreaLength, FALSE,
			      Adapter->RxAreaVa, Adapter->RxAreaPa);
	Adapter->RxAreaVa = NULL;
}

NDIS_STATUS MfkAllocateRxNbls(PMFK_ADAPTER Adapter)
{
	NET_BUFFER_LIST_POOL_PARAMETERS Pp;
	ULONG i;

	NdisZeroMemory(&Pp, sizeof(Pp));
	Pp.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
	Pp.Header.Revision = NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
	Pp.Header.Size = NDIS_SIZEOF_NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
	Pp.ProtocolId = NDIS_PROTOCOL_ID_DEFAULT;
	Pp.fAllocateNetBuffer = TRUE;
	Pp.PoolTag = MFK_POOL_TAG;
	Adapter->RxNblPool = NdisAllocateNetBufferListPool(Adapter->MiniportAdapterHandle, &Pp);
	if (Adapter->RxNblPool == NULL)
		return NDIS_STATUS_RESOURCES;

	for (i = 0; i < MFK_RX_COUNT; i++) {
		PMFK_RX_BUFFER Rx = &Adapter->Rx[i];

		Rx->Mdl = NdisAllocateMdl(Adapter->MiniportAdapterHandle, Rx->Va, MFNIC_RX_BUFFER);
		if (Rx->Mdl == NULL)
			goto Fail;
		Rx->Nbl = NdisAllocateNetBufferAndNetBufferList(Adapter->RxNblPool, 0, 0, Rx->Mdl, 0,
								MFNIC_RX_BUFFER);
		if (Rx->Nbl == NULL)
			goto Fail;
		Rx->Nbl->SourceHandle = Adapter->MiniportAdapterHandle;
		Rx->Nbl->MiniportReserved[0] = Rx;
	}
	return NDIS_STATUS_SUCCESS;

Fail:
	MfkFreeRxNbls(Adapter);
	return NDIS_STATUS_RESOURCES;
}

/* Takes whatever MfkAllocateRxNbls got, all of it or part. */
VOID MfkFreeRxNbls(PMFK_ADAPTER Adapter)
{
	ULONG i;

	for (i = 0; i < MFK_RX_COUNT; i++) {
		if (Adapter->Rx[i].Nbl != NULL) {
			NdisFreeNetBufferList(Adapter->Rx[i].Nbl);
			Adapter->Rx[i].Nbl = NULL;
		}
		if (Adapter->Rx[i].Mdl != NULL) {
			NdisFreeMdl(Adapter->Rx[i].Mdl);
			Adapter->Rx[i].Mdl = NULL;
		}
	}
	if (Adapter->RxNblPool != NULL) {
		NdisFreeNetBufferListPool(Adapter->RxNblPool);
		Adapter->RxNblPool = NULL;
	}
}

/* Indicates every finished receive descriptor; NDIS may keep none of
 * them (NDIS_RECEIVE_FLAGS_RESOURCES), so they are reused at once. */
VOID MfkReceive(PMFK_ADAPTER Adapter)
{
	PULONGLONG Ring = (PULONGLONG)(Adapter->RingsVa + MFK_TX_COUNT * MFNIC_DESC_SIZE);
	PNET_BUFFER_LIST Head = NULL, *Tail = &Head;
	ULONG Count = 0;

	while (Count < MFK_RX_COUNT) {
		ULONG i = Adapter->RxNext;
		ULONGLONG Word = Ring[2 * i + 1];
		ULONG Length = (ULONG)(Word & 0xFFFF);

		if (((Word >> 16) & MFNIC_DESC_DD) == 0)
			break;
		if (Length >= 14 && Length <= MFNIC_MAX_FRAME) {
			PNET_BUFFER_LIST Nbl = Adapter->Rx[i].Nbl;

			NET_BUFFER_DATA_LENGTH(NET_BUFFER_LIST_FIRST_NB(Nbl)) = Length;
			NET_BUFFER_LIST_NEXT_NBL(Nbl) = NULL;
			*Tail = Nbl;
			Tail = &NET_BUFFER_LIST_NEXT_NBL(Nbl);
			Count++;
		}
		Ring[2 * i + 1] = MFNIC_RX_BUFFER;
		MFK_WRITE(Adapter, MFNIC_RDT, i);
		Adapter->RxNext = (i + 1) % MFK_RX_COUNT;
	}
	if (Head != NULL) {
		Adapter->FramesReceived += Count;
		NdisMIndicateReceiveNetBufferLists(Adapter->MiniportAdapterHandle, Head,
						   NDIS_DEFAULT_PORT_NUMBER, Count,
						   NDIS_RECEIVE_FLAGS_DISPATCH_LEVEL |
							   NDIS_RECEIVE_FLAGS_RESOURCES);
	}
}
