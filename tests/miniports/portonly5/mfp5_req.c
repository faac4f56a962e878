/* mfp5_req.c: OIDs, sends and reset of mfp5. */
#include "mfp5.h"

static const NDIS_OID MfpOids[] = {
	OID_GEN_SUPPORTED_LIST,       OID_GEN_HARDWARE_STATUS,     OID_GEN_MEDIA_SUPPORTED,
	OID_GEN_MEDIA_IN_USE,         OID_GEN_MAXIMUM_FRAME_SIZE,  OID_GEN_MAXIMUM_TOTAL_SIZE,
	OID_GEN_LINK_SPEED,           OID_GEN_CURRENT_PACKET_FILTER, OID_GEN_MEDIA_CONNECT_STATUS,
	OID_802_3_PERMANENT_ADDRESS,  OID_802_3_CURRENT_ADDRESS,   OID_802_3_MAXIMUM_LIST_SIZE,
};

NDIS_STATUS MfpQueryInformation(NDIS_HANDLE MiniportAdapterContext, NDIS_OID Oid,
				PVOID InformationBuffer, ULONG InformationBufferLength,
				PULONG BytesWritten, PULONG BytesNeeded)
{
	PMFP_ADAPTER A = (PMFP_ADAPTER)MiniportAdapterContext;
	ULONG Info = 0;
	const VOID *From = &Info;
	ULONG Bytes = sizeof(Info);

	switch (Oid) {
	case OID_GEN_SUPPORTED_LIST:
		From = MfpOids;
		Bytes = sizeof(MfpOids);
		break;
	case OID_GEN_HARDWARE_STATUS:
		Info = NdisHardwareStatusReady;
		break;
	case OID_GEN_MEDIA_SUPPORTED:
	case OID_GEN_MEDIA_IN_USE:
		Info = NdisMedium802_3;
		break;
	case OID_GEN_MAXIMUM_FRAME_SIZE:
		Info = 1500;
		break;
	case OID_GEN_MAXIMUM_TOTAL_SIZE:
		Info = MFNIC_MAX_FRAME;
		break;
	case OID_GEN_LINK_SPEED:
		Info = 100000; /* 10 Mbps */
		break;
	case OID_GEN_CURRENT_PACKET_FILTER:
		Info = A->CurrentFilter;
		break;
	case OID_GEN_MEDIA_CONNECT_STATUS:
		Info = A->Connected ? NdisMediaStateConnected : NdisMediaStateDisconnected;
		break;
	case OID_802_3_PERMANENT_ADDRESS:
	case OID_802_3_CURRENT_ADDRESS:
		From = A->NodeAddress;
		Bytes = ETH_LENGTH_OF_ADDRESS;
		break;
	case OID_802_3_MAXIMUM_LIST_SIZE:
		Info = 0;
		break;
	default:
		return NDIS_STATUS_NOT_SUPPORTED;
	}
	if (InformationBufferLength < Bytes) {
		*BytesNeeded = Bytes;
		return NDIS_STATUS_INVALID_LENGTH;
	}
	NdisMoveMemory(InformationBuffer, From, Bytes);
	*BytesWritten = Bytes;
	return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS MfpSetInformation(NDIS_HANDLE MiniportAdapterContext, NDIS_OID Oid,
			      PVOID InformationBuffer, ULONG InformationBufferLength,
			      PULONG BytesRead, PULONG BytesNeeded)
{
	PMFP_ADAPTER A = (PMFP_ADAPTER)MiniportAdapterContext;

	if (Oid != OID_GEN_CURRENT_PACKET_FILTER) {
		*BytesRead = InformationBufferLength;
		return Oid == OID_GEN_CURRENT_LOOKAHEAD ? NDIS_STATUS_SUCCESS : NDIS_STATUS_NOT_SUPPORTED;
	}
	if (InformationBufferLength != sizeof(ULONG)) {
		*BytesNeeded = sizeof(ULONG);
		return NDIS_STATUS_INVALID_LENGTH;
	}
	NdisMoveMemory(&A->CurrentFilter, InformationBuffer, sizeof(ULONG));
	MfpWriteCsr(A, MFNIC_RXFILTER,
		    (A->CurrentFilter & NDIS_PACKET_TYPE_PROMISCUOUS)
			    ? MFNIC_RXF_UNICAST | MFNIC_RXF_BROADCAST | MFNIC_RXF_ALLMULTI
			    : MFNIC_RXF_UNICAST | MFNIC_RXF_BROADCAST);
	*BytesRead = sizeof(ULONG);
	return NDIS_STATUS_SUCCESS;
}

VOID MfpSendPackets(NDIS_HANDLE MiniportAdapterContext, PPNDIS_PACKET PacketArray,
		    UINT NumberOfPackets)
{
	PMFP_ADAPTER A = (PMFP_ADAPTER)MiniportAdapterContext;
	UINT i;

	NdisAcquireSpinLock(&A->SendLock);
	for (i = 0; i < NumberOfPackets; i++) {
		if (A->Connected) {
			A->TxIndex = (A->TxIndex + 1) % MFP_TX_DESC;
			MFP_OUT(A, MFNIC_IO_IOADDR, MFNIC_TDT);
			MFP_OUT(A, MFNIC_IO_IODATA, A->TxIndex);
		}
		NDIS_SET_PACKET_STATUS(PacketArray[i],
				       A->Connected ? NDIS_STATUS_SUCCESS : NDIS_STATUS_FAILURE);
	}
	NdisReleaseSpinLock(&A->SendLock);
	for (i = 0; i < NumberOfPackets; i++)
		NdisMSendComplete(A->MiniportAdapterHandle, PacketArray[i],
				  NDIS_GET_PACKET_STATUS(PacketArray[i]));
}

VOID MfpReturnPacket(NDIS_HANDLE MiniportAdapterContext, PNDIS_PACKET Packet)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(Packet);
}

NDIS_STATUS MfpReset(PBOOLEAN AddressingReset, NDIS_HANDLE MiniportAdapterContext)
{
	PMFP_ADAPTER A = (PMFP_ADAPTER)MiniportAdapterContext;

	*AddressingReset = TRUE;
	MfpStopNic(A);
	/* The chip needs half a second after a reset on this board. */
	NdisMSetTimer(&A->ResetTimer, 500);
	return NDIS_STATUS_PENDING;
}
