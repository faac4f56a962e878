/* mfc5_hw.c: the chip: reset, EEPROM and station address, start and stop,
 * interrupts, link.  Everything here runs with the CSR block mapped. */
#include "mfc5.h"

NDIS_STATUS MfcResetChip(PMFC_ADAPTER Adapter)
{
	ULONG Status;
	ULONG i;

	MFC_WRITE_CSR(Adapter, MFNIC_IMC, MFNIC_INT_ALL);
	MFC_WRITE_CSR(Adapter, MFNIC_CTRL, MFNIC_CTRL_RST);
	/* The chip needs 1 us before it answers at all. */
	NdisStallExecution(1);
	for (i = 0; i < MFNIC_RESET_POLLS; i++) {
		MFC_READ_CSR(Adapter, MFNIC_STATUS, &Status);
		if ((Status & MFNIC_STATUS_RST_BUSY) == 0)
			break;
		NdisStallExecution(10);
	}
	if (i == MFNIC_RESET_POLLS)
		return NDIS_STATUS_HARD_ERRORS;

	/* Reading the cause register acknowledges whatever was pending. */
	MFC_READ_CSR(Adapter, MFNIC_ICR, &Status);
	return NDIS_STATUS_SUCCESS;
}

/* One EEPROM word; FALSE when the EEPROM does not answer. */
static BOOLEAN MfcReadEepromWord(PMFC_ADAPTER Adapter, ULONG Word, PUSHORT Data)
{
	ULONG Value = MFNIC_EEDATA_BUSY;
	ULONG i;

	MFC_WRITE_CSR(Adapter, MFNIC_EECMD, MFNIC_EECMD_START | (Word << MFNIC_EECMD_ADDR_SHIFT));
	for (i = 0; i < MFNIC_EEPROM_POLLS; i++) {
		NdisStallExecution(5);
		MFC_READ_CSR(Adapter, MFNIC_EEDATA, &Value);
		if ((Value & MFNIC_EEDATA_BUSY) == 0)
			break;
	}
	if (Value & MFNIC_EEDATA_BUSY)
		return FALSE;
	*Data = (USHORT)(Value & MFNIC_EEDATA_MASK);
	return TRUE;
}

static BOOLEAN MfcValidAddress(const UCHAR *Address)
{
	ULONG i, Or = 0;

	if (Address[0] & 0x01)
		return FALSE; /* multicast */
	for (i = 0; i < ETH_LENGTH_OF_ADDRESS; i++)
		Or |= Address[i];
	return Or != 0;
}

/* The permanent address from the EEPROM when its checksum holds, else
 * from the station address registers a boot ROM may have set; a board
 * with neither gets a locally administered address of its own. */
VOID MfcReadStationAddress(PMFC_ADAPTER Adapter)
{
	USHORT Words[MFNIC_EE_WORDS];
	USHORT Sum = 0;
	ULONG i;
	ULONG Status;
	BOOLEAN EepromGood = FALSE;

	MFC_READ_CSR(Adapter, MFNIC_STATUS, &Status);
	if (Status & MFNIC_STATUS_EE_PRESENT) {
		EepromGood = TRUE;
		for (i = 0; i < MFNIC_EE_WORDS; i++) {
			if (!MfcReadEepromWord(Adapter, i, &Words[i])) {
				EepromGood = FALSE;
				break;
			}
			Sum = (USHORT)(Sum + Words[i]);
		}
		if (EepromGood && Sum != MFNIC_EE_CHECKSUM) {
			NdisWriteErrorLogEntry(Adapter->MiniportHandle,
					       NDIS_ERROR_CODE_NETWORK_ADDRESS, 1, (ULONG)Sum);
			EepromGood = FALSE;
		}
	}

	if (EepromGood) {
		for (i = 0; i < 3; i++) {
			Adapter->PermanentAddress[2 * i] = (UCHAR)(Words[MFNIC_EE_MAC0 + i] & 0xFF);
			Adapter->PermanentAddress[2 * i + 1] = (UCHAR)(Words[MFNIC_EE_MAC0 + i] >> 8);
		}
	} else {
		ULONG Lo = MFC_CSR(Adapter, MFNIC_MACLO);
		ULONG Hi = MFC_CSR(Adapter, MFNIC_MACHI);

		Adapter->PermanentAddress[0] = (UCHAR)Lo;
		Adapter->PermanentAddress[1] = (UCHAR)(Lo >> 8);
		Adapter->PermanentAddress[2] = (UCHAR)(Lo >> 16);
		Adapter->PermanentAddress[3] = (UCHAR)(Lo >> 24);
		Adapter->PermanentAddress[4] = (UCHAR)Hi;
		Adapter->PermanentAddress[5] = (UCHAR)(Hi >> 8);
	}
	if (!MfcValidAddress(Adapter->PermanentAddress)) {
		static const UCHAR Fallback[ETH_LENGTH_OF_ADDRESS] = {0x02, 0x00, 0x4D, 0x46, 0xFF, 0x00};
		NdisMoveMemory(Adapter->PermanentAddress, Fallback, ETH_LENGTH_OF_ADDRESS);
		Adapter->PermanentAddress[5] = Adapter->RevisionId;
	}
	if (!Adapter->AddressOverride)
		NdisMoveMemory(Adapter->CurrentAddress, Adapter->PermanentAddress,
			       ETH_LENGTH_OF_ADDRESS);
}

static VOID MfcProgramAddress(PMFC_ADAPTER Adapter)
{
	const UCHAR *A = Adapter->CurrentAddress;

	MFC_WRITE_CSR(Adapter, MFNIC_MACLO,
		      (ULONG)A[0] | ((ULONG)A[1] << 8) | ((ULONG)A[2] << 16) | ((ULONG)A[3] << 24));
	MFC_WRITE_CSR(Adapter, MFNIC_MACHI, (ULONG)A[4] | ((ULONG)A[5] << 8) | MFNIC_MACHI_AV);
}

VOID MfcStartChip(PMFC_ADAPTER Adapter)
{
	ULONG i;

	MfcProgramAddress(Adapter);
	for (i = 0; i < MFNIC_MTA_WORDS; i++)
		MFC_WRITE_CSR(Adapter, MFNIC_MTA + 4 * i, 0);

	MFC_WRITE_CSR(Adapter, MFNIC_TDBAL, NdisGetPhysicalAddressLow(Adapter->TxRingPhysical));
	MFC_WRITE_CSR(Adapter, MFNIC_TDBAH, NdisGetPhysicalAddressHigh(Adapter->TxRingPhysical));
	MFC_WRITE_CSR(Adapter, MFNIC_TDLEN, Adapter->TxRingSize);
	MFC_WRITE_CSR(Adapter, MFNIC_TDH, 0);
	MFC_WRITE_CSR(Adapter, MFNIC_TDT, 0);

	MFC_WRITE_CSR(Adapter, MFNIC_RDBAL, NdisGetPhysicalAddressLow(Adapter->RxRingPhysical));
	MFC_WRITE_CSR(Adapter, MFNIC_RDBAH, NdisGetPhysicalAddressHigh(Adapter->RxRingPhysical));
	MFC_WRITE_CSR(Adapter, MFNIC_RDLEN, Adapter->RxRingSize);
	MFC_WRITE_CSR(Adapter, MFNIC_RXBUFSZ, MFNIC_RX_BUFFER);
	MFC_WRITE_CSR(Adapter, MFNIC_RDH, 0);
	/* All receive descriptors but one belong to the chip. */
	MFC_WRITE_CSR(Adapter, MFNIC_RDT, Adapter->NumRxDesc - 1);

	Adapter->PacketFilter = NDIS_PACKET_TYPE_DIRECTED | NDIS_PACKET_TYPE_BROADCAST;
	MFC_WRITE_CSR(Adapter, MFNIC_RXFILTER, MFNIC_RXF_UNICAST | MFNIC_RXF_BROADCAST);
	MFC_WRITE_CSR(Adapter, MFNIC_CTRL,
		      MFNIC_CTRL_RXEN | MFNIC_CTRL_TXEN | MFNIC_CTRL_SLU | MFNIC_CTRL_BME);
	MFC_SET_FLAG(Adapter, fMFC_HW_STARTED);
	MFC_WRITE_CSR(Adapter, MFNIC_IMS, MFNIC_INT_DEFAULT);
}

VOID MfcStopChip(PMFC_ADAPTER Adapter)
{
	ULONG Cause;

	MFC_WRITE_CSR(Adapter, MFNIC_IMC, MFNIC_INT_ALL);
	MFC_WRITE_CSR(Adapter, MFNIC_CTRL, 0);
	MFC_READ_CSR(Adapter, MFNIC_ICR, &Cause);
	MFC_CLEAR_FLAG(Adapter, fMFC_HW_STARTED);
}

VOID MfcDisableInterrupt(NDIS_HANDLE MiniportAdapterContext)
{
	PMFC_ADAPTER Adapter = (PMFC_ADAPTER)MiniportAdapterContext;

	MFC_CSR(Adapter, MFNIC_IMC) = MFNIC_INT_ALL;
}

VOID MfcEnableInterrupt(NDIS_HANDLE MiniportAdapterContext)
{
	PMFC_ADAPTER Adapter = (PMFC_ADAPTER)MiniportAdapterContext;

	MFC_CSR(Adapter, MFNIC_IMS) = MFNIC_INT_DEFAULT;
}

VOID MfcIsr(PBOOLEAN InterruptRecognized, PBOOLEAN QueueMiniportHandleInterrupt,
	    NDIS_HANDLE MiniportAdapterContext)
{
	PMFC_ADAPTER Adapter = (PMFC_ADAPTER)MiniportAdapterContext;
	ULONG Cause;

	/* A shared line: the interrupt may be another device's. */
	if (!MFC_TEST_FLAG(Adapter, fMFC_HW_STARTED)) {
		*InterruptRecognized = FALSE;
		*QueueMiniportHandleInterrupt = FALSE;
		return;
	}
	Cause = MFC_CSR(Adapter, MFNIC_ICR);
	if ((Cause & MFNIC_INT_ALL) == 0) {
		*InterruptRecognized = FALSE;
		*QueueMiniportHandleInterrupt = FALSE;
		return;
	}
	Adapter->InterruptCause |= Cause;
	MFC_CSR(Adapter, MFNIC_IMC) = MFNIC_INT_ALL;
	*InterruptRecognized = TRUE;
	*QueueMiniportHandleInterrupt = TRUE;
}

static VOID MfcReceive(PMFC_ADAPTER Adapter)
{
	PNDIS_PACKET Indicate[MFC_MAX_RX];
	ULONG Count = 0;

	while (Count < Adapter->NumRxDesc) {
		PMFC_DESC Desc = &Adapter->RxRing[Adapter->RxNext];
		PNDIS_PACKET Packet;

		if ((Desc->Status & MFNIC_DESC_DD) == 0)
			break;
		Packet = Adapter->RxPacket[Adapter->RxNext];
		if (Desc->Length < 14 || Desc->Length > MFNIC_MAX_FRAME) {
			Adapter->RxErrors++;
		} else {
			NdisAdjustBufferLength(Adapter->RxNdisBuffer[Adapter->RxNext], Desc->Length);
			NdisRecalculatePacketCounts(Packet);
			NDIS_SET_PACKET_HEADER_SIZE(Packet, 14);
			/* Copied by the protocol before the indication returns. */
			NDIS_SET_PACKET_STATUS(Packet, NDIS_STATUS_RESOURCES);
			Indicate[Count++] = Packet;
			Adapter->RxOk++;
		}
		Desc->Status = 0;
		MFC_CSR(Adapter, MFNIC_RDT) = Adapter->RxNext;
		Adapter->RxNext = (Adapter->RxNext + 1) % Adapter->NumRxDesc;
	}
	if (Count != 0)
		NdisMIndicateReceivePacket(Adapter->MiniportHandle, Indicate, Count);
}

VOID MfcHandleInterrupt(NDIS_HANDLE MiniportAdapterContext)
{
	PMFC_ADAPTER Adapter = (PMFC_ADAPTER)MiniportAdapterContext;
	ULONG Cause;

	NdisDprAcquireSpinLock(&Adapter->Lock);
	Cause = Adapter->InterruptCause;
	Adapter->InterruptCause = 0;
	NdisDprReleaseSpinLock(&Adapter->Lock);

	if (Cause & (MFNIC_INT_RXDONE | MFNIC_INT_RXOVR))
		MfcReceive(Adapter);
	if (Cause & MFNIC_INT_TXDONE)
		Adapter->TxFree = Adapter->NumTxDesc;
	if (Cause & MFNIC_INT_LINK)
		MfcUpdateLink(Adapter);
	if (MFC_TEST_FLAG(Adapter, fMFC_HW_STARTED))
		MFC_CSR(Adapter, MFNIC_IMS) = MFNIC_INT_DEFAULT;
}

VOID MfcUpdateLink(PMFC_ADAPTER Adapter)
{
	ULONG Status;
	BOOLEAN Up;

	MFC_READ_CSR(Adapter, MFNIC_STATUS, &Status);
	Up = (Status & MFNIC_STATUS_LU) != 0;
	switch (Status & MFNIC_STATUS_SPEED_MASK) {
	case MFNIC_STATUS_SPEED_1000:
		Adapter->LinkSpeed = 10000000;
		break;
	case MFNIC_STATUS_SPEED_100:
		Adapter->LinkSpeed = 1000000;
		break;
	default:
		Adapter->LinkSpeed = 100000;
		break;
	}
	if (Up == MFC_TEST_FLAG(Adapter, fMFC_LINK_UP))
		return;
	if (Up)
		MFC_SET_FLAG(Adapter, fMFC_LINK_UP);
	else
		MFC_CLEAR_FLAG(Adapter, fMFC_LINK_UP);
	/* NDIS learns of the link only once initialize has returned. */
	if (Adapter->LinkTimerSet) {
		NdisMIndicateStatus(Adapter->MiniportHandle,
				    Up ? NDIS_STATUS_MEDIA_CONNECT : NDIS_STATUS_MEDIA_DISCONNECT,
				    NULL, 0);
		NdisMIndicateStatusComplete(Adapter->MiniportHandle);
	}
}

VOID MfcLinkTimer(PVOID SystemSpecific1, PVOID FunctionContext, PVOID SystemSpecific2,
		  PVOID SystemSpecific3)
{
	PMFC_ADAPTER Adapter = (PMFC_ADAPTER)FunctionContext;

	UNREFERENCED_PARAMETER(SystemSpecific1);
	UNREFERENCED_PARAMETER(SystemSpecific2);
	UNREFERENCED_PARAMETER(SystemSpecific3);

	if (MFC_TEST_FLAG(Adapter, fMFC_HALTING | fMFC_SURPRISE_REMOVED))
		return;
	MfcUpdateLink(Adapter);
	NdisMSetTimer(&Adapter->LinkTimer, MFC_LINK_POLL_MS);
}
