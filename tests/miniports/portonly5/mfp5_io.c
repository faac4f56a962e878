/* mfp5_io.c: the chip through its I/O window. */
#include "mfp5.h"

/* CSR below the window's own registers are ports; the rest go through
 * IOADDR/IODATA. */
VOID MfpWriteCsr(PMFP_ADAPTER A, ULONG Csr, ULONG Value)
{
	if (Csr < MFNIC_IO_IOADDR) {
		MFP_OUT(A, Csr, Value);
		return;
	}
	MFP_OUT(A, MFNIC_IO_IOADDR, Csr);
	MFP_OUT(A, MFNIC_IO_IODATA, Value);
}

ULONG MfpReadCsr(PMFP_ADAPTER A, ULONG Csr)
{
	ULONG Value;

	if (Csr < MFNIC_IO_IOADDR) {
		MFP_IN(A, Csr, &Value);
		return Value;
	}
	MFP_OUT(A, MFNIC_IO_IOADDR, Csr);
	MFP_IN(A, MFNIC_IO_IODATA, &Value);
	return Value;
}

BOOLEAN MfpResetNic(PMFP_ADAPTER A)
{
	ULONG Poll;

	MfpWriteCsr(A, MFNIC_IMC, MFNIC_INT_ALL);
	MfpWriteCsr(A, MFNIC_CTRL, MFNIC_CTRL_RST);
	for (Poll = 0; Poll < MFNIC_RESET_POLLS; Poll++) {
		NdisStallExecution(10);
		if ((MfpReadCsr(A, MFNIC_STATUS) & MFNIC_STATUS_RST_BUSY) == 0)
			return TRUE;
	}
	return FALSE;
}

VOID MfpGetNodeAddress(PMFP_ADAPTER A)
{
	USHORT Word;
	ULONG i, Data, Poll;

	if (A->NodeAddress[0] | A->NodeAddress[1] | A->NodeAddress[2] | A->NodeAddress[3] |
	    A->NodeAddress[4] | A->NodeAddress[5])
		return;
	for (i = 0; i < 3; i++) {
		MfpWriteCsr(A, MFNIC_EECMD, MFNIC_EECMD_START | ((MFNIC_EE_MAC0 + i) << MFNIC_EECMD_ADDR_SHIFT));
		Data = MFNIC_EEDATA_BUSY;
		for (Poll = 0; Poll < MFNIC_EEPROM_POLLS; Poll++) {
			NdisStallExecution(5);
			Data = MfpReadCsr(A, MFNIC_EEDATA);
			if (!(Data & MFNIC_EEDATA_BUSY))
				break;
		}
		Word = (USHORT)(Data & MFNIC_EEDATA_MASK);
		A->NodeAddress[2 * i] = (UCHAR)Word;
		A->NodeAddress[2 * i + 1] = (UCHAR)(Word >> 8);
	}
	if (!(A->NodeAddress[0] | A->NodeAddress[1] | A->NodeAddress[2] | A->NodeAddress[3] |
	      A->NodeAddress[4] | A->NodeAddress[5]) ||
	    (A->NodeAddress[0] & 1)) {
		A->NodeAddress[0] = 0x02;
		A->NodeAddress[1] = 0x00;
		A->NodeAddress[2] = 0x4D;
		A->NodeAddress[3] = 0x46;
		A->NodeAddress[4] = 0x70;
		A->NodeAddress[5] = 0x05;
	}
}

VOID MfpStartNic(PMFP_ADAPTER A)
{
	PUCHAR n = A->NodeAddress;
	PULONGLONG Rx = (PULONGLONG)A->RxRing;
	ULONG i;

	NdisZeroMemory(A->TxRing, MFP_TX_RING_BYTES);
	for (i = 0; i < MFP_RX_DESC; i++) {
		Rx[2 * i] = (ULONGLONG)A->RxBuffersPa.QuadPart + i * MFNIC_RX_BUFFER;
		Rx[2 * i + 1] = MFNIC_RX_BUFFER;
	}
	MfpWriteCsr(A, MFNIC_MACLO, (ULONG)n[0] | (ULONG)n[1] << 8 | (ULONG)n[2] << 16 | (ULONG)n[3] << 24);
	MfpWriteCsr(A, MFNIC_MACHI, (ULONG)n[4] | (ULONG)n[5] << 8 | MFNIC_MACHI_AV);
	MfpWriteCsr(A, MFNIC_TDBAL, NdisGetPhysicalAddressLow(A->TxRingPa));
	MfpWriteCsr(A, MFNIC_TDBAH, NdisGetPhysicalAddressHigh(A->TxRingPa));
	MfpWriteCsr(A, MFNIC_TDLEN, MFP_TX_RING_BYTES);
	MfpWriteCsr(A, MFNIC_RDBAL, NdisGetPhysicalAddressLow(A->RxRingPa));
	MfpWriteCsr(A, MFNIC_RDBAH, NdisGetPhysicalAddressHigh(A->RxRingPa));
	MfpWriteCsr(A, MFNIC_RDLEN, MFP_RX_RING_BYTES);
	MfpWriteCsr(A, MFNIC_RDT, MFP_RX_DESC - 1);
	A->CurrentFilter = NDIS_PACKET_TYPE_DIRECTED | NDIS_PACKET_TYPE_BROADCAST;
	MfpWriteCsr(A, MFNIC_RXFILTER, MFNIC_RXF_UNICAST | MFNIC_RXF_BROADCAST);
	MfpWriteCsr(A, MFNIC_CTRL, MFNIC_CTRL_RXEN | MFNIC_CTRL_TXEN | MFNIC_CTRL_SLU | MFNIC_CTRL_BME);
	MfpWriteCsr(A, MFNIC_IMS, MFNIC_INT_DEFAULT);
	A->Connected = (MfpReadCsr(A, MFNIC_STATUS) & MFNIC_STATUS_LU) != 0;
}

VOID MfpStopNic(PMFP_ADAPTER A)
{
	MfpWriteCsr(A, MFNIC_IMC, MFNIC_INT_ALL);
	MfpWriteCsr(A, MFNIC_CTRL, 0);
}

VOID MfpIsr(PBOOLEAN InterruptRecognized, PBOOLEAN QueueMiniportHandleInterrupt,
	    NDIS_HANDLE MiniportAdapterContext)
{
	PMFP_ADAPTER A = (PMFP_ADAPTER)MiniportAdapterContext;
	ULONG Cause;

	MFP_IN(A, MFNIC_ICR, &Cause);
	*InterruptRecognized = (Cause & MFNIC_INT_ALL) != 0;
	*QueueMiniportHandleInterrupt = *InterruptRecognized;
	if (*InterruptRecognized)
		MFP_OUT(A, MFNIC_IMC, MFNIC_INT_ALL);
}

VOID MfpHandleInterrupt(NDIS_HANDLE MiniportAdapterContext)
{
	PMFP_ADAPTER A = (PMFP_ADAPTER)MiniportAdapterContext;
	BOOLEAN Up = (MfpReadCsr(A, MFNIC_STATUS) & MFNIC_STATUS_LU) != 0;

	if (Up != A->Connected) {
		A->Connected = Up;
		NdisMIndicateStatus(A->MiniportAdapterHandle,
				    Up ? NDIS_STATUS_MEDIA_CONNECT : NDIS_STATUS_MEDIA_DISCONNECT, NULL, 0);
		NdisMIndicateStatusComplete(A->MiniportAdapterHandle);
	}
	MFP_OUT(A, MFNIC_IMS, MFNIC_INT_DEFAULT);
}

/* A reset that found the chip busy retries from this timer. */
VOID MfpResetTimer(PVOID SystemSpecific1, PVOID FunctionContext, PVOID SystemSpecific2,
		   PVOID SystemSpecific3)
{
	PMFP_ADAPTER A = (PMFP_ADAPTER)FunctionContext;
	NDIS_STATUS Status = NDIS_STATUS_SUCCESS;

	UNREFERENCED_PARAMETER(SystemSpecific1);
	UNREFERENCED_PARAMETER(SystemSpecific2);
	UNREFERENCED_PARAMETER(SystemSpecific3);
	if (A->Removed)
		Status = NDIS_STATUS_HARD_ERRORS;
	else if (MfpResetNic(A))
		MfpStartNic(A);
	else
		Status = NDIS_STATUS_HARD_ERRORS;
	NdisMResetComplete(A->MiniportAdapterHandle, Status, TRUE);
}
