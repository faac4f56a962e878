/* ml5_hw.c: the chip side of ml5. */
#include "ml5.h"

BOOLEAN Ml5ResetChip(PML5_ADAPTER A)
{
	int Tries = MFNIC_RESET_POLLS;

	ML5_WRITE(A, MFNIC_IMC, MFNIC_INT_ALL);
	ML5_WRITE(A, MFNIC_CTRL, MFNIC_CTRL_RST);
	while (Tries-- > 0) {
		NdisStallExecution(10);
		if ((ML5_READ(A, MFNIC_STATUS) & MFNIC_STATUS_RST_BUSY) == 0)
			return TRUE;
	}
	return FALSE;
}

VOID Ml5ReadMac(PML5_ADAPTER A)
{
	ULONG Lo, Hi;

	if (A->MacAddr[0] | A->MacAddr[1] | A->MacAddr[2] | A->MacAddr[3] | A->MacAddr[4] |
	    A->MacAddr[5])
		return; /* from the registry */
	/* The boot ROM leaves the EEPROM's address in MACLO/MACHI. */
	Lo = ML5_READ(A, MFNIC_MACLO);
	Hi = ML5_READ(A, MFNIC_MACHI);
	A->MacAddr[0] = (UCHAR)Lo;
	A->MacAddr[1] = (UCHAR)(Lo >> 8);
	A->MacAddr[2] = (UCHAR)(Lo >> 16);
	A->MacAddr[3] = (UCHAR)(Lo >> 24);
	A->MacAddr[4] = (UCHAR)Hi;
	A->MacAddr[5] = (UCHAR)(Hi >> 8);
	if ((Hi & MFNIC_MACHI_AV) == 0) {
		A->MacAddr[0] = 0x02;
		A->MacAddr[1] = 0x4D;
		A->MacAddr[2] = 0x46;
	}
}

VOID Ml5InitRings(PML5_ADAPTER A)
{
	volatile ULONGLONG *Desc = (volatile ULONGLONG *)A->DescVa;
	ULONG i;

	NdisZeroMemory(A->DescVa, A->DescLength);
	/* Two ULONGLONGs a descriptor: buffer address, then length/status. */
	for (i = 0; i < ML5_TX_DESC + ML5_RX_DESC; i++) {
		Desc[2 * i] = (ULONGLONG)A->BufPa.QuadPart + (ULONGLONG)i * MFNIC_RX_BUFFER;
		if (i >= ML5_TX_DESC)
			Desc[2 * i + 1] = MFNIC_RX_BUFFER;
	}
	A->TxHead = A->TxTail = 0;
}

VOID Ml5EnableChip(PML5_ADAPTER A)
{
	ULONGLONG Rx = (ULONGLONG)A->DescPa.QuadPart + ML5_TX_DESC * MFNIC_DESC_SIZE;

	ML5_WRITE(A, MFNIC_MACLO, A->MacAddr[0] | A->MacAddr[1] << 8 | A->MacAddr[2] << 16 |
					  (ULONG)A->MacAddr[3] << 24);
	ML5_WRITE(A, MFNIC_MACHI, A->MacAddr[4] | A->MacAddr[5] << 8 | MFNIC_MACHI_AV);
	ML5_WRITE(A, MFNIC_TDBAL, A->DescPa.LowPart);
	ML5_WRITE(A, MFNIC_TDBAH, (ULONG)A->DescPa.HighPart);
	ML5_WRITE(A, MFNIC_TDLEN, ML5_TX_DESC * MFNIC_DESC_SIZE);
	ML5_WRITE(A, MFNIC_RDBAL, (ULONG)Rx);
	ML5_WRITE(A, MFNIC_RDBAH, (ULONG)(Rx >> 32));
	ML5_WRITE(A, MFNIC_RDLEN, ML5_RX_DESC * MFNIC_DESC_SIZE);
	ML5_WRITE(A, MFNIC_RDT, ML5_RX_DESC - 1);
	A->Filter = NDIS_PACKET_TYPE_DIRECTED | NDIS_PACKET_TYPE_BROADCAST;
	ML5_WRITE(A, MFNIC_RXFILTER, MFNIC_RXF_UNICAST | MFNIC_RXF_BROADCAST);
	ML5_WRITE(A, MFNIC_CTRL, MFNIC_CTRL_RXEN | MFNIC_CTRL_TXEN | MFNIC_CTRL_BME | MFNIC_CTRL_SLU);
	ML5_WRITE(A, MFNIC_IMS, MFNIC_INT_DEFAULT);
	A->MediaState = (ML5_READ(A, MFNIC_STATUS) & MFNIC_STATUS_LU) ? NdisMediaStateConnected
									: NdisMediaStateDisconnected;
}

VOID Ml5DisableChip(PML5_ADAPTER A)
{
	ML5_WRITE(A, MFNIC_IMC, MFNIC_INT_ALL);
	ML5_WRITE(A, MFNIC_CTRL, 0);
	(VOID)ML5_READ(A, MFNIC_ICR);
}

VOID Ml5Isr(PBOOLEAN Recognized, PBOOLEAN Queue, NDIS_HANDLE Context)
{
	PML5_ADAPTER A = (PML5_ADAPTER)Context;
	ULONG Cause = *(volatile ULONG *)(A->IoAddr + MFNIC_ICR);

	*Recognized = *Queue = (Cause & MFNIC_INT_ALL) != 0;
	if (*Recognized)
		*(volatile ULONG *)(A->IoAddr + MFNIC_IMC) = MFNIC_INT_ALL;
}

VOID Ml5Dpc(NDIS_HANDLE Context)
{
	PML5_ADAPTER A = (PML5_ADAPTER)Context;

	NdisDprAcquireSpinLock(&A->Lock);
	A->TxHead = ML5_READ(A, MFNIC_TDH);
	NdisDprReleaseSpinLock(&A->Lock);
	ML5_WRITE(A, MFNIC_IMS, MFNIC_INT_DEFAULT);
}

VOID Ml5WatchdogFn(PVOID S1, PVOID Context, PVOID S2, PVOID S3)
{
	PML5_ADAPTER A = (PML5_ADAPTER)Context;
	ULONG State;

	UNREFERENCED_PARAMETER(S1);
	UNREFERENCED_PARAMETER(S2);
	UNREFERENCED_PARAMETER(S3);
	if (A->InHalt)
		return;
	State = (ML5_READ(A, MFNIC_STATUS) & MFNIC_STATUS_LU) ? NdisMediaStateConnected
							      : NdisMediaStateDisconnected;
	if (State != A->MediaState) {
		A->MediaState = State;
		NdisMIndicateStatus(A->Handle,
				    State == NdisMediaStateConnected ? NDIS_STATUS_MEDIA_CONNECT
								     : NDIS_STATUS_MEDIA_DISCONNECT,
				    NULL, 0);
		NdisMIndicateStatusComplete(A->Handle);
	}
}
