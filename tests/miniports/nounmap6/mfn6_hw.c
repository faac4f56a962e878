/* mfn6_hw.c: the chip side of mfn6. */
#include "mfn6.h"

BOOLEAN MfnResetChip(PMFN_ADAPTER A)
{
	ULONG n;

	MFN_WRITE(A, MFNIC_IMC, MFNIC_INT_ALL);
	MFN_WRITE(A, MFNIC_CTRL, MFNIC_CTRL_RST);
	for (n = 0; n < MFNIC_RESET_POLLS; n++) {
		NdisStallExecution(10);
		if (!(MFN_READ(A, MFNIC_STATUS) & MFNIC_STATUS_RST_BUSY))
			return TRUE;
	}
	return FALSE;
}

VOID MfnStationAddress(PMFN_ADAPTER A)
{
	ULONG i, Word;
	ULONG n;

	if (A->Mac[0] | A->Mac[1] | A->Mac[2] | A->Mac[3] | A->Mac[4] | A->Mac[5])
		return;
	for (i = 0; i < 3; i++) {
		MFN_WRITE(A, MFNIC_EECMD, MFNIC_EECMD_START | ((MFNIC_EE_MAC0 + i) << MFNIC_EECMD_ADDR_SHIFT));
		Word = MFNIC_EEDATA_BUSY;
		for (n = 0; n < MFNIC_EEPROM_POLLS && (Word & MFNIC_EEDATA_BUSY); n++) {
			NdisStallExecution(5);
			Word = MFN_READ(A, MFNIC_EEDATA);
		}
		A->Mac[2 * i] = (UCHAR)Word;
		A->Mac[2 * i + 1] = (UCHAR)(Word >> 8);
	}
	if ((A->Mac[0] & 1) || !(A->Mac[0] | A->Mac[1] | A->Mac[2] | A->Mac[3] | A->Mac[4] | A->Mac[5])) {
		A->Mac[0] = 0x02;
		A->Mac[1] = 0x00;
		A->Mac[2] = 0x4D;
		A->Mac[3] = 0x46;
		A->Mac[4] = 0x6E;
		A->Mac[5] = 0x01;
	}
}

VOID MfnStart(PMFN_ADAPTER A)
{
	MFN_WRITE(A, MFNIC_MACLO, (ULONG)A->Mac[0] | (ULONG)A->Mac[1] << 8 | (ULONG)A->Mac[2] << 16 |
					  (ULONG)A->Mac[3] << 24);
	MFN_WRITE(A, MFNIC_MACHI, (ULONG)A->Mac[4] | (ULONG)A->Mac[5] << 8 | MFNIC_MACHI_AV);
	MFN_WRITE(A, MFNIC_TDBAL, A->Tx.Pa.LowPart);
	MFN_WRITE(A, MFNIC_TDBAH, (ULONG)A->Tx.Pa.HighPart);
	MFN_WRITE(A, MFNIC_TDLEN, A->Tx.Bytes);
	MFN_WRITE(A, MFNIC_RDBAL, A->Rx.Pa.LowPart);
	MFN_WRITE(A, MFNIC_RDBAH, (ULONG)A->Rx.Pa.HighPart);
	MFN_WRITE(A, MFNIC_RDLEN, A->Rx.Bytes);
	MFN_WRITE(A, MFNIC_RXBUFSZ, A->RxBufferSize);
	A->Filter = NDIS_PACKET_TYPE_DIRECTED | NDIS_PACKET_TYPE_BROADCAST;
	MFN_WRITE(A, MFNIC_RXFILTER, MFNIC_RXF_UNICAST | MFNIC_RXF_BROADCAST);
	MFN_WRITE(A, MFNIC_CTRL, MFNIC_CTRL_RXEN | MFNIC_CTRL_TXEN | MFNIC_CTRL_SLU | MFNIC_CTRL_BME);
	MFN_WRITE(A, MFNIC_IMS, MFNIC_INT_DEFAULT);
}

/* Interrupts off, DMA off. */
VOID MfnQuiet(PMFN_ADAPTER A)
{
	if (A->SurpriseRemoved)
		return;
	MFN_WRITE(A, MFNIC_IMC, MFNIC_INT_ALL);
	MFN_WRITE(A, MFNIC_CTRL, 0);
}

BOOLEAN MfnIsr(NDIS_HANDLE Context, PBOOLEAN QueueDpc, PULONG TargetProcessors)
{
	PMFN_ADAPTER A = (PMFN_ADAPTER)Context;
	ULONG Cause = *(volatile ULONG *)(A->Csr + MFNIC_ICR);

	UNREFERENCED_PARAMETER(TargetProcessors);
	*QueueDpc = (Cause & MFNIC_INT_ALL) != 0;
	if (*QueueDpc)
		*(volatile ULONG *)(A->Csr + MFNIC_IMC) = MFNIC_INT_ALL;
	return *QueueDpc;
}

VOID MfnDpc(NDIS_HANDLE Context, PVOID DpcContext, PVOID ReceiveThrottleParameters, PVOID Reserved2)
{
	PMFN_ADAPTER A = (PMFN_ADAPTER)Context;

	UNREFERENCED_PARAMETER(DpcContext);
	UNREFERENCED_PARAMETER(ReceiveThrottleParameters);
	UNREFERENCED_PARAMETER(Reserved2);
	*(volatile ULONG *)(A->Csr + MFNIC_IMS) = MFNIC_INT_DEFAULT;
}

VOID MfnDisableInterrupt(NDIS_HANDLE Context)
{
	MFN_WRITE((PMFN_ADAPTER)Context, MFNIC_IMC, MFNIC_INT_ALL);
}

VOID MfnEnableInterrupt(NDIS_HANDLE Context)
{
	MFN_WRITE((PMFN_ADAPTER)Context, MFNIC_IMS, MFNIC_INT_DEFAULT);
}

VOID MfnProcessSgList(PDEVICE_OBJECT Pdo, PVOID Reserved, PSCATTER_GATHER_LIST Sgl, PVOID Context)
{
	UNREFERENCED_PARAMETER(Pdo);
	UNREFERENCED_PARAMETER(Reserved);
	UNREFERENCED_PARAMETER(Sgl);
	UNREFERENCED_PARAMETER(Context);
}
