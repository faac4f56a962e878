/* nb5_oid.c: requests, sends, reset and hang check of nb5. */
#include "nb5.h"

static const NDIS_OID Nb5Oids[] = {
	OID_GEN_SUPPORTED_LIST,     OID_GEN_HARDWARE_STATUS,     OID_GEN_MEDIA_SUPPORTED,
	OID_GEN_MEDIA_IN_USE,       OID_GEN_MAXIMUM_FRAME_SIZE,  OID_GEN_LINK_SPEED,
	OID_GEN_MAXIMUM_TOTAL_SIZE, OID_GEN_CURRENT_PACKET_FILTER, OID_GEN_MEDIA_CONNECT_STATUS,
	OID_GEN_VENDOR_ID,          OID_802_3_PERMANENT_ADDRESS, OID_802_3_CURRENT_ADDRESS,
	OID_802_3_MAXIMUM_LIST_SIZE,
};

NDIS_STATUS Nb5Query(NDIS_HANDLE Context, NDIS_OID Oid, PVOID Buffer, ULONG Length,
		     PULONG Written, PULONG Needed)
{
	PNB5_ADAPTER Adapter = (PNB5_ADAPTER)Context;
	ULONG Value = 0;
	const VOID *From = &Value;
	ULONG Size = sizeof(ULONG);

	switch (Oid) {
	case OID_GEN_SUPPORTED_LIST:
		From = Nb5Oids;
		Size = sizeof(Nb5Oids);
		break;
	case OID_GEN_HARDWARE_STATUS:
		Value = NdisHardwareStatusReady;
		break;
	case OID_GEN_MEDIA_SUPPORTED:
	case OID_GEN_MEDIA_IN_USE:
		Value = NdisMedium802_3;
		break;
	case OID_GEN_MAXIMUM_FRAME_SIZE:
		Value = MFNIC_MAX_FRAME - 14;
		break;
	case OID_GEN_MAXIMUM_TOTAL_SIZE:
		Value = MFNIC_MAX_FRAME;
		break;
	case OID_GEN_LINK_SPEED:
		Value = 1000000; /* 100 Mbps in 100 bps units */
		break;
	case OID_GEN_CURRENT_PACKET_FILTER:
		Value = Adapter->PacketFilter;
		break;
	case OID_GEN_MEDIA_CONNECT_STATUS:
		Value = Adapter->LinkUp ? NdisMediaStateConnected : NdisMediaStateDisconnected;
		break;
	case OID_GEN_VENDOR_ID:
		Value = 0x024D46;
		break;
	case OID_802_3_PERMANENT_ADDRESS:
	case OID_802_3_CURRENT_ADDRESS:
		From = Adapter->StationAddress;
		Size = 6;
		break;
	case OID_802_3_MAXIMUM_LIST_SIZE:
		Value = 16;
		break;
	default:
		*Written = 0;
		return NDIS_STATUS_NOT_SUPPORTED;
	}
	if (Length < Size) {
		*Written = 0;
		*Needed = Size;
		return NDIS_STATUS_INVALID_LENGTH;
	}
	NdisMoveMemory(Buffer, From, Size);
	*Written = Size;
	return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS Nb5Set(NDIS_HANDLE Context, NDIS_OID Oid, PVOID Buffer, ULONG Length, PULONG Read,
		   PULONG Needed)
{
	PNB5_ADAPTER Adapter = (PNB5_ADAPTER)Context;

	*Read = 0;
	*Needed = 0;
	if (Oid == OID_GEN_CURRENT_PACKET_FILTER) {
		if (Length != sizeof(ULONG)) {
			*Needed = sizeof(ULONG);
			return NDIS_STATUS_INVALID_LENGTH;
		}
		NdisMoveMemory(&Adapter->PacketFilter, Buffer, sizeof(ULONG));
		NB5_WR(Adapter, MFNIC_RXFILTER,
		       (Adapter->PacketFilter & NDIS_PACKET_TYPE_PROMISCUOUS)
			       ? MFNIC_RXF_UNICAST | MFNIC_RXF_BROADCAST | MFNIC_RXF_ALLMULTI
			       : MFNIC_RXF_UNICAST | MFNIC_RXF_BROADCAST);
		*Read = sizeof(ULONG);
		return NDIS_STATUS_SUCCESS;
	}
	if (Oid == OID_802_3_MULTICAST_LIST || Oid == OID_GEN_CURRENT_LOOKAHEAD) {
		*Read = Length;
		return NDIS_STATUS_SUCCESS;
	}
	return NDIS_STATUS_NOT_SUPPORTED;
}

VOID Nb5SendPackets(NDIS_HANDLE Context, PPNDIS_PACKET Packets, UINT Count)
{
	PNB5_ADAPTER Adapter = (PNB5_ADAPTER)Context;
	UINT i;

	for (i = 0; i < Count; i++)
		NdisMSendComplete(Adapter->AdapterHandle, Packets[i],
				  Adapter->LinkUp ? NDIS_STATUS_SUCCESS : NDIS_STATUS_FAILURE);
}

VOID Nb5ReturnPacket(NDIS_HANDLE Context, PNDIS_PACKET Packet)
{
	UNREFERENCED_PARAMETER(Context);
	UNREFERENCED_PARAMETER(Packet);
}

BOOLEAN Nb5CheckForHang(NDIS_HANDLE Context)
{
	UNREFERENCED_PARAMETER(Context);
	return FALSE;
}

NDIS_STATUS Nb5Reset(PBOOLEAN AddressingReset, NDIS_HANDLE Context)
{
	PNB5_ADAPTER Adapter = (PNB5_ADAPTER)Context;
	NDIS_STATUS Status;

	*AddressingReset = FALSE;
	Nb5StopChip(Adapter);
	Status = Nb5ResetChip(Adapter);
	if (Status == NDIS_STATUS_SUCCESS)
		Nb5StartChip(Adapter);
	return Status;
}
