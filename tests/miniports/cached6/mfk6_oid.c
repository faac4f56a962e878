/* mfk6_oid.c: OID requests, the send and return paths, reset and hang
 * detection of mfk6. */
#include "mfk6.h"

const NDIS_OID MfkOids[] = {
	OID_GEN_SUPPORTED_LIST,      OID_GEN_HARDWARE_STATUS,      OID_GEN_MEDIA_SUPPORTED,
	OID_GEN_MEDIA_IN_USE,        OID_GEN_MAXIMUM_FRAME_SIZE,   OID_GEN_MAXIMUM_TOTAL_SIZE,
	OID_GEN_CURRENT_PACKET_FILTER, OID_GEN_CURRENT_LOOKAHEAD, OID_GEN_VENDOR_DRIVER_VERSION,
	OID_GEN_XMIT_OK,             OID_GEN_RCV_OK,               OID_802_3_PERMANENT_ADDRESS,
	OID_802_3_CURRENT_ADDRESS,   OID_802_3_MULTICAST_LIST,     OID_802_3_MAXIMUM_LIST_SIZE,
};
const ULONG MfkOidsLength = sizeof(MfkOids);

static NDIS_STATUS MfkQuery(PMFK_ADAPTER Adapter, PNDIS_OID_REQUEST Request)
{
	NDIS_OID Oid = Request->DATA.QUERY_INFORMATION.Oid;
	ULONG Length = Request->DATA.QUERY_INFORMATION.InformationBufferLength;
	ULONG Value = 0;
	ULONG64 Value64 = 0;
	const VOID *Source = &Value;
	ULONG Size = sizeof(ULONG);

	switch (Oid) {
	case OID_GEN_SUPPORTED_LIST:
		Source = MfkOids;
		Size = MfkOidsLength;
		break;
	case OID_GEN_HARDWARE_STATUS:
		Value = NdisHardwareStatusReady;
		break;
	case OID_GEN_MEDIA_SUPPORTED:
	case OID_GEN_MEDIA_IN_USE:
		Value = NdisMedium802_3;
		break;
	case OID_GEN_MAXIMUM_FRAME_SIZE:
		Value = 1500;
		break;
	case OID_GEN_MAXIMUM_TOTAL_SIZE:
		Value = MFNIC_MAX_FRAME;
		break;
	case OID_GEN_CURRENT_PACKET_FILTER:
		Value = Adapter->PacketFilter;
		break;
	case OID_GEN_CURRENT_LOOKAHEAD:
		Value = 1500;
		break;
	case OID_GEN_VENDOR_DRIVER_VERSION:
		Value = 0x00010007;
		break;
	case OID_GEN_XMIT_OK:
	case OID_GEN_RCV_OK:
		Value64 = Oid == OID_GEN_XMIT_OK ? Adapter->FramesSent : Adapter->FramesReceived;
		Source = &Value64;
		Size = sizeof(ULONG64);
		break;
	case OID_802_3_PERMANENT_ADDRESS:
		Source = Adapter->MacAddress;
		Size = ETH_LENGTH_OF_ADDRESS;
		break;
	case OID_802_3_CURRENT_ADDRESS:
		Source = Adapter->MacAddress;
		Size = ETH_LENGTH_OF_ADDRESS;
		break;
	case OID_802_3_MAXIMUM_LIST_SIZE:
		Value = 32;
		break;
	default:
		return NDIS_STATUS_NOT_SUPPORTED;
	}
	if (Length < Size) {
		Request->DATA.QUERY_INFORMATION.BytesNeeded = Size;
		return NDIS_STATUS_BUFFER_TOO_SHORT;
	}
	NdisMoveMemory(Request->DATA.QUERY_INFORMATION.InformationBuffer, Source, Size);
	Request->DATA.QUERY_INFORMATION.BytesWritten = Size;
	return NDIS_STATUS_SUCCESS;
}

static NDIS_STATUS MfkSet(PMFK_ADAPTER Adapter, PNDIS_OID_REQUEST Request)
{
	PVOID Buffer = Request->DATA.SET_INFORMATION.InformationBuffer;
	ULONG Length = Request->DATA.SET_INFORMATION.InformationBufferLength;

	switch (Request->DATA.SET_INFORMATION.Oid) {
	case OID_GEN_CURRENT_PACKET_FILTER:
		if (Length < sizeof(ULONG)) {
			Request->DATA.SET_INFORMATION.BytesNeeded = sizeof(ULONG);
			return NDIS_STATUS_INVALID_LENGTH;
		}
		NdisMoveMemory(&Adapter->PacketFilter, Buffer, sizeof(ULONG));
		if (Adapter->Started)
			MFK_WRITE(Adapter, MFNIC_RXFILTER,
			       MFNIC_RXF_UNICAST | MFNIC_RXF_BROADCAST |
				       ((Adapter->PacketFilter & NDIS_PACKET_TYPE_ALL_MULTICAST)
						? MFNIC_RXF_ALLMULTI
						: 0));
		Request->DATA.SET_INFORMATION.BytesRead = sizeof(ULONG);
		return NDIS_STATUS_SUCCESS;
	case OID_GEN_CURRENT_LOOKAHEAD:
		if (Length < sizeof(ULONG))
			return NDIS_STATUS_INVALID_LENGTH;
		Request->DATA.SET_INFORMATION.BytesRead = sizeof(ULONG);
		return NDIS_STATUS_SUCCESS;
	case OID_802_3_MULTICAST_LIST:
		if (Length % ETH_LENGTH_OF_ADDRESS != 0 || Length > 32 * ETH_LENGTH_OF_ADDRESS)
			return NDIS_STATUS_INVALID_LENGTH;
		Request->DATA.SET_INFORMATION.BytesRead = Length;
		return NDIS_STATUS_SUCCESS;
	default:
		return NDIS_STATUS_NOT_SUPPORTED;
	}
}

NDIS_STATUS MfkOidRequest(NDIS_HANDLE MiniportAdapterContext, PNDIS_OID_REQUEST OidRequest)
{
	PMFK_ADAPTER Adapter = (PMFK_ADAPTER)MiniportAdapterContext;

	switch (OidRequest->RequestType) {
	case NdisRequestQueryInformation:
	case NdisRequestQueryStatistics:
		return MfkQuery(Adapter, OidRequest);
	case NdisRequestSetInformation:
		return MfkSet(Adapter, OidRequest);
	default:
		return NDIS_STATUS_NOT_SUPPORTED;
	}
}

VOID MfkCancelOidRequest(NDIS_HANDLE MiniportAdapterContext, PVOID RequestId)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(RequestId);
}

/* Sends fail while paused or without link; otherwise they are counted
 * and completed at once (the transmit engine is not what is tested). */
VOID MfkSendNetBufferLists(NDIS_HANDLE MiniportAdapterContext, PNET_BUFFER_LIST NetBufferLists,
			   NDIS_PORT_NUMBER PortNumber, ULONG SendFlags)
{
	PMFK_ADAPTER Adapter = (PMFK_ADAPTER)MiniportAdapterContext;
	PNET_BUFFER_LIST Nbl;
	NDIS_STATUS Status = NDIS_STATUS_SUCCESS;

	UNREFERENCED_PARAMETER(PortNumber);
	if (!Adapter->Running)
		Status = NDIS_STATUS_PAUSED;
	else if (!Adapter->MediaConnected)
		Status = NDIS_STATUS_MEDIA_DISCONNECTED;
	for (Nbl = NetBufferLists; Nbl != NULL; Nbl = NET_BUFFER_LIST_NEXT_NBL(Nbl)) {
		NET_BUFFER_LIST_STATUS(Nbl) = Status;
		if (Status == NDIS_STATUS_SUCCESS)
			Adapter->FramesSent++;
	}
	NdisMSendNetBufferListsComplete(Adapter->MiniportAdapterHandle, NetBufferLists,
					NDIS_TEST_SEND_AT_DISPATCH_LEVEL(SendFlags)
						? NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL
						: 0);
}

VOID MfkReturnNetBufferLists(NDIS_HANDLE MiniportAdapterContext, PNET_BUFFER_LIST NetBufferLists,
			     ULONG ReturnFlags)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(NetBufferLists);
	UNREFERENCED_PARAMETER(ReturnFlags);
}

VOID MfkCancelSend(NDIS_HANDLE MiniportAdapterContext, PVOID CancelId)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(CancelId);
}

BOOLEAN MfkCheckForHang(NDIS_HANDLE MiniportAdapterContext)
{
	PMFK_ADAPTER Adapter = (PMFK_ADAPTER)MiniportAdapterContext;

	if (!Adapter->Started)
		return FALSE;
	return (MFK_READ(Adapter, MFNIC_STATUS) & MFNIC_STATUS_RST_BUSY) != 0;
}

NDIS_STATUS MfkReset(NDIS_HANDLE MiniportAdapterContext, PBOOLEAN AddressingReset)
{
	PMFK_ADAPTER Adapter = (PMFK_ADAPTER)MiniportAdapterContext;
	NDIS_STATUS Status;

	*AddressingReset = TRUE;
	if (Adapter->Removed)
		return NDIS_STATUS_HARD_ERRORS;
	MfkStopHw(Adapter);
	Status = MfkResetHw(Adapter);
	if (Status == NDIS_STATUS_SUCCESS)
		MfkStartHw(Adapter);
	return Status;
}
