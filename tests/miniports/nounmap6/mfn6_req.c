/* mfn6_req.c: OIDs, data path stubs, pause/restart, reset of mfn6. */
#include "mfn6.h"

NDIS_OID MfnOidList[] = {
	OID_GEN_SUPPORTED_LIST,    OID_GEN_HARDWARE_STATUS,  OID_GEN_MEDIA_SUPPORTED,
	OID_GEN_MEDIA_IN_USE,      OID_GEN_MAXIMUM_FRAME_SIZE, OID_GEN_MAXIMUM_TOTAL_SIZE,
	OID_GEN_CURRENT_PACKET_FILTER, OID_GEN_CURRENT_LOOKAHEAD, OID_802_3_PERMANENT_ADDRESS,
	OID_802_3_CURRENT_ADDRESS, OID_802_3_MULTICAST_LIST, OID_802_3_MAXIMUM_LIST_SIZE,
};
ULONG MfnOidListBytes = sizeof(MfnOidList);

NDIS_STATUS MfnOidRequest(NDIS_HANDLE Context, PNDIS_OID_REQUEST Request)
{
	PMFN_ADAPTER A = (PMFN_ADAPTER)Context;
	ULONG v = 0;
	PVOID src = &v;
	ULONG n = sizeof(ULONG);

	if (Request->RequestType == NdisRequestSetInformation) {
		switch (Request->DATA.SET_INFORMATION.Oid) {
		case OID_GEN_CURRENT_PACKET_FILTER:
			if (Request->DATA.SET_INFORMATION.InformationBufferLength < sizeof(ULONG))
				return NDIS_STATUS_INVALID_LENGTH;
			A->Filter = *(PULONG)Request->DATA.SET_INFORMATION.InformationBuffer;
			Request->DATA.SET_INFORMATION.BytesRead = sizeof(ULONG);
			return NDIS_STATUS_SUCCESS;
		case OID_GEN_CURRENT_LOOKAHEAD:
		case OID_802_3_MULTICAST_LIST:
			Request->DATA.SET_INFORMATION.BytesRead =
				Request->DATA.SET_INFORMATION.InformationBufferLength;
			return NDIS_STATUS_SUCCESS;
		default:
			return NDIS_STATUS_NOT_SUPPORTED;
		}
	}
	if (Request->RequestType != NdisRequestQueryInformation &&
	    Request->RequestType != NdisRequestQueryStatistics)
		return NDIS_STATUS_NOT_SUPPORTED;

	switch (Request->DATA.QUERY_INFORMATION.Oid) {
	case OID_GEN_SUPPORTED_LIST:
		src = MfnOidList;
		n = MfnOidListBytes;
		break;
	case OID_GEN_HARDWARE_STATUS:
		v = NdisHardwareStatusReady;
		break;
	case OID_GEN_MEDIA_SUPPORTED:
	case OID_GEN_MEDIA_IN_USE:
		v = NdisMedium802_3;
		break;
	case OID_GEN_MAXIMUM_FRAME_SIZE:
	case OID_GEN_CURRENT_LOOKAHEAD:
		v = 1500;
		break;
	case OID_GEN_MAXIMUM_TOTAL_SIZE:
		v = MFNIC_MAX_FRAME;
		break;
	case OID_GEN_CURRENT_PACKET_FILTER:
		v = A->Filter;
		break;
	case OID_802_3_PERMANENT_ADDRESS:
	case OID_802_3_CURRENT_ADDRESS:
		src = A->Mac;
		n = ETH_LENGTH_OF_ADDRESS;
		break;
	case OID_802_3_MULTICAST_LIST:
		n = 0;
		break;
	case OID_802_3_MAXIMUM_LIST_SIZE:
		v = 32;
		break;
	default:
		return NDIS_STATUS_NOT_SUPPORTED;
	}
	if (Request->DATA.QUERY_INFORMATION.InformationBufferLength < n) {
		Request->DATA.QUERY_INFORMATION.BytesNeeded = n;
		return NDIS_STATUS_BUFFER_TOO_SHORT;
	}
	NdisMoveMemory(Request->DATA.QUERY_INFORMATION.InformationBuffer, src, n);
	Request->DATA.QUERY_INFORMATION.BytesWritten = n;
	return NDIS_STATUS_SUCCESS;
}

VOID MfnCancelOidRequest(NDIS_HANDLE Context, PVOID RequestId)
{
	UNREFERENCED_PARAMETER(Context);
	UNREFERENCED_PARAMETER(RequestId);
}

VOID MfnSendNetBufferLists(NDIS_HANDLE Context, PNET_BUFFER_LIST Nbls, NDIS_PORT_NUMBER Port,
			   ULONG Flags)
{
	PMFN_ADAPTER A = (PMFN_ADAPTER)Context;
	PNET_BUFFER_LIST Nbl;

	UNREFERENCED_PARAMETER(Port);
	for (Nbl = Nbls; Nbl != NULL; Nbl = NET_BUFFER_LIST_NEXT_NBL(Nbl))
		NET_BUFFER_LIST_STATUS(Nbl) = A->Paused ? NDIS_STATUS_PAUSED : NDIS_STATUS_SUCCESS;
	NdisMSendNetBufferListsComplete(A->NdisHandle, Nbls,
					NDIS_TEST_SEND_AT_DISPATCH_LEVEL(Flags)
						? NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL
						: 0);
}

VOID MfnReturnNetBufferLists(NDIS_HANDLE Context, PNET_BUFFER_LIST Nbls, ULONG Flags)
{
	UNREFERENCED_PARAMETER(Context);
	UNREFERENCED_PARAMETER(Nbls);
	UNREFERENCED_PARAMETER(Flags);
}

VOID MfnCancelSend(NDIS_HANDLE Context, PVOID CancelId)
{
	UNREFERENCED_PARAMETER(Context);
	UNREFERENCED_PARAMETER(CancelId);
}

BOOLEAN MfnCheckForHang(NDIS_HANDLE Context)
{
	UNREFERENCED_PARAMETER(Context);
	return FALSE;
}

NDIS_STATUS MfnReset(NDIS_HANDLE Context, PBOOLEAN AddressingReset)
{
	PMFN_ADAPTER A = (PMFN_ADAPTER)Context;

	*AddressingReset = FALSE;
	MfnQuiet(A);
	if (!MfnResetChip(A))
		return NDIS_STATUS_HARD_ERRORS;
	MfnStart(A);
	return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS MfnPause(NDIS_HANDLE Context, PNDIS_MINIPORT_PAUSE_PARAMETERS Params)
{
	UNREFERENCED_PARAMETER(Params);
	((PMFN_ADAPTER)Context)->Paused = TRUE;
	return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS MfnRestart(NDIS_HANDLE Context, PNDIS_MINIPORT_RESTART_PARAMETERS Params)
{
	UNREFERENCED_PARAMETER(Params);
	((PMFN_ADAPTER)Context)->Paused = FALSE;
	return NDIS_STATUS_SUCCESS;
}
