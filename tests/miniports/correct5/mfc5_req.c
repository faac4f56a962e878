/* mfc5_req.c: requests (OIDs), sends, reset and hang detection. */
#include "mfc5.h"

static const NDIS_OID MfcSupportedOids[] = {
	OID_GEN_SUPPORTED_LIST,       OID_GEN_HARDWARE_STATUS,     OID_GEN_MEDIA_SUPPORTED,
	OID_GEN_MEDIA_IN_USE,         OID_GEN_MAXIMUM_LOOKAHEAD,   OID_GEN_MAXIMUM_FRAME_SIZE,
	OID_GEN_LINK_SPEED,           OID_GEN_TRANSMIT_BUFFER_SPACE, OID_GEN_RECEIVE_BUFFER_SPACE,
	OID_GEN_TRANSMIT_BLOCK_SIZE,  OID_GEN_RECEIVE_BLOCK_SIZE,  OID_GEN_VENDOR_ID,
	OID_GEN_VENDOR_DESCRIPTION,   OID_GEN_VENDOR_DRIVER_VERSION, OID_GEN_CURRENT_PACKET_FILTER,
	OID_GEN_CURRENT_LOOKAHEAD,    OID_GEN_DRIVER_VERSION,      OID_GEN_MAXIMUM_TOTAL_SIZE,
	OID_GEN_MAC_OPTIONS,          OID_GEN_MEDIA_CONNECT_STATUS, OID_GEN_MAXIMUM_SEND_PACKETS,
	OID_GEN_XMIT_OK,              OID_GEN_RCV_OK,              OID_GEN_XMIT_ERROR,
	OID_GEN_RCV_ERROR,            OID_GEN_RCV_NO_BUFFER,       OID_802_3_PERMANENT_ADDRESS,
	OID_802_3_CURRENT_ADDRESS,    OID_802_3_MULTICAST_LIST,    OID_802_3_MAXIMUM_LIST_SIZE,
	OID_802_3_RCV_ERROR_ALIGNMENT, OID_802_3_XMIT_ONE_COLLISION, OID_802_3_XMIT_MORE_COLLISIONS,
};

static const char MfcVendorDescription[] = "mapfuzz test NIC (mfc5)";

NDIS_STATUS MfcQueryInformation(NDIS_HANDLE MiniportAdapterContext, NDIS_OID Oid,
				PVOID InformationBuffer, ULONG InformationBufferLength,
				PULONG BytesWritten, PULONG BytesNeeded)
{
	PMFC_ADAPTER Adapter = (PMFC_ADAPTER)MiniportAdapterContext;
	ULONG Value = 0;
	ULONG64 Value64 = 0;
	const VOID *Source = &Value;
	ULONG Length = sizeof(ULONG);
	NDIS_MEDIUM Medium = NdisMedium802_3;
	NDIS_HARDWARE_STATUS HwStatus = NdisHardwareStatusReady;

	*BytesWritten = 0;
	*BytesNeeded = 0;

	switch (Oid) {
	case OID_GEN_SUPPORTED_LIST:
		Source = MfcSupportedOids;
		Length = sizeof(MfcSupportedOids);
		break;
	case OID_GEN_HARDWARE_STATUS:
		Source = &HwStatus;
		Length = sizeof(HwStatus);
		break;
	case OID_GEN_MEDIA_SUPPORTED:
	case OID_GEN_MEDIA_IN_USE:
		Source = &Medium;
		Length = sizeof(Medium);
		break;
	case OID_GEN_MAXIMUM_LOOKAHEAD:
	case OID_GEN_CURRENT_LOOKAHEAD:
	case OID_GEN_MAXIMUM_FRAME_SIZE:
		Value = MFNIC_MAX_FRAME - 14;
		break;
	case OID_GEN_MAXIMUM_TOTAL_SIZE:
	case OID_GEN_TRANSMIT_BLOCK_SIZE:
	case OID_GEN_RECEIVE_BLOCK_SIZE:
		Value = MFNIC_MAX_FRAME;
		break;
	case OID_GEN_LINK_SPEED:
		Value = Adapter->LinkSpeed;
		break;
	case OID_GEN_TRANSMIT_BUFFER_SPACE:
		Value = MFNIC_MAX_FRAME * Adapter->NumTxDesc;
		break;
	case OID_GEN_RECEIVE_BUFFER_SPACE:
		Value = MFNIC_RX_BUFFER * Adapter->NumRxDesc;
		break;
	case OID_GEN_VENDOR_ID:
		Value = ((ULONG)Adapter->PermanentAddress[0] << 16) |
			((ULONG)Adapter->PermanentAddress[1] << 8) | Adapter->PermanentAddress[2];
		break;
	case OID_GEN_VENDOR_DESCRIPTION:
		Source = MfcVendorDescription;
		Length = sizeof(MfcVendorDescription);
		break;
	case OID_GEN_VENDOR_DRIVER_VERSION:
		Value = MFC_DRIVER_VERSION;
		break;
	case OID_GEN_DRIVER_VERSION:
		Value = (MFC_NDIS_MAJOR << 8) | MFC_NDIS_MINOR;
		Length = sizeof(USHORT);
		break;
	case OID_GEN_CURRENT_PACKET_FILTER:
		Value = Adapter->PacketFilter;
		break;
	case OID_GEN_MAC_OPTIONS:
		Value = NDIS_MAC_OPTION_COPY_LOOKAHEAD_DATA | NDIS_MAC_OPTION_TRANSFERS_NOT_PEND |
			NDIS_MAC_OPTION_NO_LOOPBACK;
		break;
	case OID_GEN_MEDIA_CONNECT_STATUS:
		Value = MFC_TEST_FLAG(Adapter, fMFC_LINK_UP) ? NdisMediaStateConnected
							     : NdisMediaStateDisconnected;
		break;
	case OID_GEN_MAXIMUM_SEND_PACKETS:
		Value = Adapter->NumTxDesc;
		break;
	case OID_GEN_XMIT_OK:
	case OID_GEN_RCV_OK:
	case OID_GEN_XMIT_ERROR:
	case OID_GEN_RCV_ERROR:
		Value64 = Oid == OID_GEN_XMIT_OK ? Adapter->TxOk
			: Oid == OID_GEN_RCV_OK	 ? Adapter->RxOk
			: Oid == OID_GEN_XMIT_ERROR ? Adapter->TxErrors
						    : Adapter->RxErrors;
		Source = &Value64;
		/* 32-bit answers for old protocols that pass four bytes. */
		Length = InformationBufferLength < sizeof(ULONG64) ? sizeof(ULONG) : sizeof(ULONG64);
		if (Length == sizeof(ULONG)) {
			Value = (ULONG)Value64;
			Source = &Value;
		}
		break;
	case OID_GEN_RCV_NO_BUFFER:
	case OID_802_3_RCV_ERROR_ALIGNMENT:
	case OID_802_3_XMIT_ONE_COLLISION:
	case OID_802_3_XMIT_MORE_COLLISIONS:
		Value = 0;
		break;
	case OID_802_3_PERMANENT_ADDRESS:
		Source = Adapter->PermanentAddress;
		Length = ETH_LENGTH_OF_ADDRESS;
		break;
	case OID_802_3_CURRENT_ADDRESS:
		Source = Adapter->CurrentAddress;
		Length = ETH_LENGTH_OF_ADDRESS;
		break;
	case OID_802_3_MULTICAST_LIST:
		Source = Adapter->Multicast;
		Length = Adapter->MulticastCount * ETH_LENGTH_OF_ADDRESS;
		break;
	case OID_802_3_MAXIMUM_LIST_SIZE:
		Value = MFC_MAX_MULTICAST;
		break;
	default:
		return NDIS_STATUS_NOT_SUPPORTED;
	}

	if (Length > InformationBufferLength) {
		*BytesNeeded = Length;
		return NDIS_STATUS_BUFFER_TOO_SHORT;
	}
	NdisMoveMemory(InformationBuffer, Source, Length);
	*BytesWritten = Length;
	return NDIS_STATUS_SUCCESS;
}

/* The multicast hash: the top six bits of the address's last byte. */
static VOID MfcProgramMulticast(PMFC_ADAPTER Adapter)
{
	ULONG Table[MFNIC_MTA_WORDS];
	ULONG i;

	NdisZeroMemory(Table, sizeof(Table));
	for (i = 0; i < Adapter->MulticastCount; i++) {
		ULONG Bit = Adapter->Multicast[i][5] >> 2;
		Table[Bit / 32] |= 1u << (Bit % 32);
	}
	if (!MFC_TEST_FLAG(Adapter, fMFC_HW_STARTED))
		return;
	for (i = 0; i < MFNIC_MTA_WORDS; i++)
		MFC_WRITE_CSR(Adapter, MFNIC_MTA + 4 * i, Table[i]);
}

NDIS_STATUS MfcSetInformation(NDIS_HANDLE MiniportAdapterContext, NDIS_OID Oid,
			      PVOID InformationBuffer, ULONG InformationBufferLength,
			      PULONG BytesRead, PULONG BytesNeeded)
{
	PMFC_ADAPTER Adapter = (PMFC_ADAPTER)MiniportAdapterContext;
	ULONG Filter, Hw;

	*BytesRead = 0;
	*BytesNeeded = 0;

	switch (Oid) {
	case OID_GEN_CURRENT_PACKET_FILTER:
		if (InformationBufferLength < sizeof(ULONG)) {
			*BytesNeeded = sizeof(ULONG);
			return NDIS_STATUS_INVALID_LENGTH;
		}
		NdisMoveMemory(&Filter, InformationBuffer, sizeof(ULONG));
		if (Filter & ~(NDIS_PACKET_TYPE_DIRECTED | NDIS_PACKET_TYPE_BROADCAST |
			       NDIS_PACKET_TYPE_MULTICAST | NDIS_PACKET_TYPE_ALL_MULTICAST |
			       NDIS_PACKET_TYPE_PROMISCUOUS))
			return NDIS_STATUS_NOT_SUPPORTED;
		Adapter->PacketFilter = Filter;
		Hw = 0;
		if (Filter & NDIS_PACKET_TYPE_DIRECTED)
			Hw |= MFNIC_RXF_UNICAST;
		if (Filter & NDIS_PACKET_TYPE_BROADCAST)
			Hw |= MFNIC_RXF_BROADCAST;
		if (Filter & NDIS_PACKET_TYPE_MULTICAST)
			Hw |= MFNIC_RXF_MULTICAST;
		if (Filter & NDIS_PACKET_TYPE_ALL_MULTICAST)
			Hw |= MFNIC_RXF_ALLMULTI;
		if (MFC_TEST_FLAG(Adapter, fMFC_HW_STARTED))
			MFC_WRITE_CSR(Adapter, MFNIC_RXFILTER, Hw);
		*BytesRead = sizeof(ULONG);
		return NDIS_STATUS_SUCCESS;

	case OID_GEN_CURRENT_LOOKAHEAD:
		*BytesRead = InformationBufferLength;
		return NDIS_STATUS_SUCCESS;

	case OID_802_3_MULTICAST_LIST:
		if (InformationBufferLength % ETH_LENGTH_OF_ADDRESS != 0)
			return NDIS_STATUS_INVALID_LENGTH;
		if (InformationBufferLength > MFC_MAX_MULTICAST * ETH_LENGTH_OF_ADDRESS)
			return NDIS_STATUS_MULTICAST_FULL;
		NdisMoveMemory(Adapter->Multicast, InformationBuffer, InformationBufferLength);
		Adapter->MulticastCount = InformationBufferLength / ETH_LENGTH_OF_ADDRESS;
		MfcProgramMulticast(Adapter);
		*BytesRead = InformationBufferLength;
		return NDIS_STATUS_SUCCESS;

	default:
		return NDIS_STATUS_NOT_SUPPORTED;
	}
}

/* This chip's transmit path is not the subject of the tests: a send with
 * the link down fails, one with the link up is counted and completed. */
VOID MfcSendPackets(NDIS_HANDLE MiniportAdapterContext, PPNDIS_PACKET PacketArray,
		    UINT NumberOfPackets)
{
	PMFC_ADAPTER Adapter = (PMFC_ADAPTER)MiniportAdapterContext;
	UINT i;

	for (i = 0; i < NumberOfPackets; i++) {
		NDIS_STATUS Status = NDIS_STATUS_SUCCESS;

		if (!MFC_TEST_FLAG(Adapter, fMFC_LINK_UP) ||
		    MFC_TEST_FLAG(Adapter, fMFC_SURPRISE_REMOVED)) {
			Status = NDIS_STATUS_NO_CABLE;
			Adapter->TxErrors++;
		} else {
			Adapter->TxOk++;
			Adapter->TxNext = (Adapter->TxNext + 1) % Adapter->NumTxDesc;
			MFC_CSR(Adapter, MFNIC_TDT) = Adapter->TxNext;
		}
		NdisMSendComplete(Adapter->MiniportHandle, PacketArray[i], Status);
	}
}

VOID MfcReturnPacket(NDIS_HANDLE MiniportAdapterContext, PNDIS_PACKET Packet)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(Packet);
	/* Indicated with NDIS_STATUS_RESOURCES: never pended, never returned. */
}

NDIS_STATUS MfcReset(PBOOLEAN AddressingReset, NDIS_HANDLE MiniportAdapterContext)
{
	PMFC_ADAPTER Adapter = (PMFC_ADAPTER)MiniportAdapterContext;
	NDIS_STATUS Status;

	*AddressingReset = TRUE;
	if (MFC_TEST_FLAG(Adapter, fMFC_SURPRISE_REMOVED))
		return NDIS_STATUS_HARD_ERRORS;
	MfcStopChip(Adapter);
	Status = MfcResetChip(Adapter);
	if (Status != NDIS_STATUS_SUCCESS)
		return Status;
	NdisZeroMemory(Adapter->TxRing, Adapter->TxRingSize);
	Adapter->TxNext = 0;
	Adapter->RxNext = 0;
	MfcStartChip(Adapter);
	return NDIS_STATUS_SUCCESS;
}

BOOLEAN MfcCheckForHang(NDIS_HANDLE MiniportAdapterContext)
{
	PMFC_ADAPTER Adapter = (PMFC_ADAPTER)MiniportAdapterContext;
	ULONG Head, Tail;

	if (!MFC_TEST_FLAG(Adapter, fMFC_HW_STARTED))
		return FALSE;
	Head = MFC_CSR(Adapter, MFNIC_TDH);
	Tail = MFC_CSR(Adapter, MFNIC_TDT);
	if (Head == Tail) {
		Adapter->HangCount = 0;
		return FALSE;
	}
	/* The transmit head standing still over two periods is a hang. */
	return ++Adapter->HangCount > 2;
}
