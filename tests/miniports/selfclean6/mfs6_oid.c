/* mfs6_oid.c: OID requests, the send and return paths, reset and hang
 * detection of mfs6. */
#include "mfs6.h"

const NDIS_OID MfsSupportedOids[] = {
	OID_GEN_SUPPORTED_LIST,      OID_GEN_HARDWARE_STATUS,      OID_GEN_MEDIA_SUPPORTED,
	OID_GEN_MEDIA_IN_USE,        OID_GEN_MAXIMUM_FRAME_SIZE,   OID_GEN_MAXIMUM_TOTAL_SIZE,
	OID_GEN_CURRENT_PACKET_FILTER, OID_GEN_CURRENT_LOOKAHEAD, OID_GEN_VENDOR_DRIVER_VERSION,
	OID_GEN_XMIT_OK,             OID_GEN_RCV_OK,               OID_802_3_PERMANENT_ADDRESS,
	OID_802_3_CURRENT_ADDRESS,   OID_802_3_MULTICAST_LIST,     OID_802_3_MAXIMUM_LIST_SIZE,
};
const ULONG MfsSupportedOidsSize = sizeof(MfsSupportedOids);

static NDIS_STATUS MfsQuery(PMFS_ADAPTER Adapter, PNDIS_OID_REQUEST Request)
{
	NDIS_OID Oid = Request->DATA.QUERY_INFORMATION.Oid;
	ULONG Length = Request->DATA.QUERY_INFORMATION.InformationBufferLength;
	ULONG Value = 0;
	ULONG64 Value64 = 0;
	const VOID *Source = &Value;
	ULONG Size = sizeof(ULONG);

	switch (Oid) {
	case OID_GEN_SUPPORTED_LIST:
		Source = MfsSupportedOids;
		Size = MfsSupportedOidsSize;
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
		Value = Adapter->LookAhead;
		break;
	case OID_GEN_VENDOR_DRIVER_VERSION:
		Value = 0x00020001;
		break;
	case OID_GEN_XMIT_OK:
	case OID_GEN_RCV_OK:
		Value64 = Oid == OID_GEN_XMIT_OK ? Adapter->TxFrames : Adapter->RxFrames;
		Source = &Value64;
		Size = sizeof(ULONG64);
		break;
	case OID_802_3_PERMANENT_ADDRESS:
		Source = Adapter->PermanentAddress;
		Size = ETH_LENGTH_OF_ADDRESS;
		break;
	case OID_802_3_CURRENT_ADDRESS:
		Source = Adapter->CurrentAddress;
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

static NDIS_STATUS MfsSet(PMFS_ADAPTER Adapter, PNDIS_OID_REQUEST Request)
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
		if (Adapter->Flags & MFS_HW_STARTED)
			MFS_WR(Adapter, MFNIC_RXFILTER,
			       MFNIC_RXF_UNICAST | MFNIC_RXF_BROADCAST |
				       ((Adapter->PacketFilter & NDIS_PACKET_TYPE_ALL_MULTICAST)
						? MFNIC_RXF_ALLMULTI
						: 0));
		Request->DATA.SET_INFORMATION.BytesRead = sizeof(ULONG);
		return NDIS_STATUS_SUCCESS;
	case OID_GEN_CURRENT_LOOKAHEAD:
		if (Length < sizeof(ULONG))
			return NDIS_STATUS_INVALID_LENGTH;
		NdisMoveMemory(&Adapter->LookAhead, Buffer, sizeof(ULONG));
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

NDIS_STATUS MfsOidRequest(NDIS_HANDLE MiniportAdapterContext, PNDIS_OID_REQUEST OidRequest)
{
	PMFS_ADAPTER Adapter = (PMFS_ADAPTER)MiniportAdapterContext;

	switch (OidRequest->RequestType) {
	case NdisRequestQueryInformation:
	case NdisRequestQueryStatistics:
		return MfsQuery(Adapter, OidRequest);
	case NdisRequestSetInformation:
		return MfsSet(Adapter, OidRequest);
	default:
		return NDIS_STATUS_NOT_SUPPORTED;
	}
}

VOID MfsCancelOidRequest(NDIS_HANDLE MiniportAdapterContext, PVOID RequestId)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(RequestId);
}

/* Sends fail while paused or without link; otherwise they are counted
 * and completed at once (the transmit engine is not what is tested). */
VOID MfsSendNetBufferLists(NDIS_HANDLE MiniportAdapterContext, PNET_BUFFER_LIST NetBufferLists,
			   NDIS_PORT_NUMBER PortNumber, ULONG SendFlags)
{
	PMFS_ADAPTER Adapter = (PMFS_ADAPTER)MiniportAdapterContext;
	PNET_BUFFER_LIST Nbl;
	NDIS_STATUS Status = NDIS_STATUS_SUCCESS;

	UNREFERENCED_PARAMETER(PortNumber);
	if (Adapter->State != MfsStateRunning)
		Status = NDIS_STATUS_PAUSED;
	else if (!Adapter->LinkUp)
		Status = NDIS_STATUS_MEDIA_DISCONNECTED;
	for (Nbl = NetBufferLists; Nbl != NULL; Nbl = NET_BUFFER_LIST_NEXT_NBL(Nbl)) {
		NET_BUFFER_LIST_STATUS(Nbl) = Status;
		if (Status == NDIS_STATUS_SUCCESS)
			Adapter->TxFrames++;
	}
	NdisMSendNetBufferListsComplete(Adapter->AdapterHandle, NetBufferLists,
					NDIS_TEST_SEND_AT_DISPATCH_LEVEL(SendFlags)
						? NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL
						: 0);
}

VOID MfsReturnNetBufferLists(NDIS_HANDLE MiniportAdapterContext, PNET_BUFFER_LIST NetBufferLists,
			     ULONG ReturnFlags)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(NetBufferLists);
	UNREFERENCED_PARAMETER(ReturnFlags);
}

VOID MfsCancelSend(NDIS_HANDLE MiniportAdapterContext, PVOID CancelId)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(CancelId);
}

BOOLEAN MfsCheckForHang(NDIS_HANDLE MiniportAdapterContext)
{
	PMFS_ADAPTER Adapter = (PMFS_ADAPTER)MiniportAdapterContext;

	if (!(Adapter->Flags & MFS_HW_STARTED))
		return FALSE;
	return (MFS_RD(Adapter, MFNIC_STATUS) & MFNIC_STATUS_RST_BUSY) != 0;
}

NDIS_STATUS MfsReset(NDIS_HANDLE MiniportAdapterContext, PBOOLEAN AddressingReset)
{
	PMFS_ADAPTER Adapter = (PMFS_ADAPTER)MiniportAdapterContext;
	NDIS_STATUS Status;

	*AddressingReset = TRUE;
	if (Adapter->Flags & MFS_REMOVED)
		return NDIS_STATUS_HARD_ERRORS;
	MfsStopHardware(Adapter);
	Status = MfsResetHardware(Adapter);
	if (Status == NDIS_STATUS_SUCCESS)
		MfsStartHardware(Adapter);
	return Status;
}
