/* ml5_req.c: OIDs, the serialized send and reset of ml5. */
#include "ml5.h"

static const NDIS_OID Ml5OidList[] = {
	OID_GEN_SUPPORTED_LIST,     OID_GEN_HARDWARE_STATUS,    OID_GEN_MEDIA_SUPPORTED,
	OID_GEN_MEDIA_IN_USE,       OID_GEN_MAXIMUM_FRAME_SIZE, OID_GEN_LINK_SPEED,
	OID_GEN_MAXIMUM_TOTAL_SIZE, OID_GEN_CURRENT_PACKET_FILTER, OID_GEN_MEDIA_CONNECT_STATUS,
	OID_GEN_MAXIMUM_SEND_PACKETS, OID_802_3_PERMANENT_ADDRESS, OID_802_3_CURRENT_ADDRESS,
};

NDIS_STATUS Ml5Query(NDIS_HANDLE Context, NDIS_OID Oid, PVOID Buf, ULONG Len, PULONG Written,
		     PULONG Needed)
{
	PML5_ADAPTER A = (PML5_ADAPTER)Context;
	ULONG Data = 0;
	const VOID *Src = &Data;
	ULONG Size = sizeof(Data);

	switch (Oid) {
	case OID_GEN_SUPPORTED_LIST:
		Src = Ml5OidList;
		Size = sizeof(Ml5OidList);
		break;
	case OID_GEN_HARDWARE_STATUS:
		Data = NdisHardwareStatusReady;
		break;
	case OID_GEN_MEDIA_SUPPORTED:
	case OID_GEN_MEDIA_IN_USE:
		Data = NdisMedium802_3;
		break;
	case OID_GEN_MAXIMUM_FRAME_SIZE:
		Data = 1500;
		break;
	case OID_GEN_MAXIMUM_TOTAL_SIZE:
		Data = MFNIC_MAX_FRAME;
		break;
	case OID_GEN_LINK_SPEED:
		Data = 1000000;
		break;
	case OID_GEN_CURRENT_PACKET_FILTER:
		Data = A->Filter;
		break;
	case OID_GEN_MEDIA_CONNECT_STATUS:
		Data = A->MediaState;
		break;
	case OID_GEN_MAXIMUM_SEND_PACKETS:
		Data = 1;
		break;
	case OID_802_3_PERMANENT_ADDRESS:
	case OID_802_3_CURRENT_ADDRESS:
		Src = A->MacAddr;
		Size = 6;
		break;
	default:
		return NDIS_STATUS_NOT_SUPPORTED;
	}
	if (Size > Len) {
		*Needed = Size;
		return NDIS_STATUS_BUFFER_TOO_SHORT;
	}
	NdisMoveMemory(Buf, Src, Size);
	*Written = Size;
	return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS Ml5Set(NDIS_HANDLE Context, NDIS_OID Oid, PVOID Buf, ULONG Len, PULONG Read,
		   PULONG Needed)
{
	PML5_ADAPTER A = (PML5_ADAPTER)Context;

	switch (Oid) {
	case OID_GEN_CURRENT_PACKET_FILTER:
		if (Len < sizeof(ULONG)) {
			*Needed = sizeof(ULONG);
			return NDIS_STATUS_INVALID_LENGTH;
		}
		NdisMoveMemory(&A->Filter, Buf, sizeof(ULONG));
		ML5_WRITE(A, MFNIC_CTRL,
			  MFNIC_CTRL_RXEN | MFNIC_CTRL_TXEN | MFNIC_CTRL_BME | MFNIC_CTRL_SLU |
				  ((A->Filter & NDIS_PACKET_TYPE_PROMISCUOUS) ? MFNIC_CTRL_PROMISC : 0));
		*Read = sizeof(ULONG);
		return NDIS_STATUS_SUCCESS;
	case OID_GEN_CURRENT_LOOKAHEAD:
	case OID_802_3_MULTICAST_LIST:
		*Read = Len;
		return NDIS_STATUS_SUCCESS;
	default:
		return NDIS_STATUS_NOT_SUPPORTED;
	}
}

NDIS_STATUS Ml5Send(NDIS_HANDLE Context, PNDIS_PACKET Packet, UINT Flags)
{
	PML5_ADAPTER A = (PML5_ADAPTER)Context;
	UINT TotalLength = 0;

	UNREFERENCED_PARAMETER(Flags);
	NdisQueryPacket(Packet, NULL, NULL, NULL, &TotalLength);
	if (TotalLength > MFNIC_MAX_FRAME || A->MediaState != NdisMediaStateConnected)
		return NDIS_STATUS_FAILURE;
	A->TxTail = (A->TxTail + 1) % ML5_TX_DESC;
	ML5_WRITE(A, MFNIC_TDT, A->TxTail);
	return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS Ml5Reset(PBOOLEAN AddressingReset, NDIS_HANDLE Context)
{
	PML5_ADAPTER A = (PML5_ADAPTER)Context;

	*AddressingReset = TRUE;
	Ml5DisableChip(A);
	if (!Ml5ResetChip(A))
		return NDIS_STATUS_HARD_ERRORS;
	Ml5InitRings(A);
	Ml5EnableChip(A);
	return NDIS_STATUS_SUCCESS;
}
