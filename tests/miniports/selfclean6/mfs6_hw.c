/* mfs6_hw.c: the chip side of mfs6: reset, address, start/stop, interrupts. */
#include "mfs6.h"

NDIS_STATUS MfsResetHardware(PMFS_ADAPTER Adapter)
{
	ULONG Wait;

	MFS_WR(Adapter, MFNIC_IMC, MFNIC_INT_ALL);
	MFS_WR(Adapter, MFNIC_CTRL, MFNIC_CTRL_RST);
	for (Wait = 0; Wait < MFNIC_RESET_POLLS; Wait++) {
		NdisStallExecution(10);
		if ((MFS_RD(Adapter, MFNIC_STATUS) & MFNIC_STATUS_RST_BUSY) == 0)
			return NDIS_STATUS_SUCCESS;
	}
	return NDIS_STATUS_DEVICE_FAILED;
}

static USHORT MfsEepromRead(PMFS_ADAPTER Adapter, ULONG Word)
{
	ULONG Data, Wait;

	MFS_WR(Adapter, MFNIC_EECMD, MFNIC_EECMD_START | (Word << MFNIC_EECMD_ADDR_SHIFT));
	for (Wait = 0; Wait < MFNIC_EEPROM_POLLS; Wait++) {
		NdisStallExecution(5);
		Data = MFS_RD(Adapter, MFNIC_EEDATA);
		if ((Data & MFNIC_EEDATA_BUSY) == 0)
			return (USHORT)(Data & MFNIC_EEDATA_MASK);
	}
	return 0;
}

VOID MfsReadPermanentAddress(PMFS_ADAPTER Adapter)
{
	ULONG i;
	BOOLEAN Blank = TRUE;

	for (i = 0; i < 3; i++) {
		USHORT Word = MfsEepromRead(Adapter, MFNIC_EE_MAC0 + i);

		Adapter->PermanentAddress[2 * i] = (UCHAR)Word;
		Adapter->PermanentAddress[2 * i + 1] = (UCHAR)(Word >> 8);
		if (Word != 0 && Word != 0xFFFF)
			Blank = FALSE;
	}
	if (Blank) {
		/* A locally administered address from the PCI revision. */
		Adapter->PermanentAddress[0] = 0x02;
		Adapter->PermanentAddress[1] = 0x00;
		Adapter->PermanentAddress[2] = 0x4D;
		Adapter->PermanentAddress[3] = 0x46;
		Adapter->PermanentAddress[4] = 0x06;
		Adapter->PermanentAddress[5] = Adapter->Revision;
	}
	if ((Adapter->CurrentAddress[0] | Adapter->CurrentAddress[1] | Adapter->CurrentAddress[2] |
	     Adapter->CurrentAddress[3] | Adapter->CurrentAddress[4] | Adapter->CurrentAddress[5]) == 0)
		NdisMoveMemory(Adapter->CurrentAddress, Adapter->PermanentAddress,
			       ETH_LENGTH_OF_ADDRESS);
}

VOID MfsStartHardware(PMFS_ADAPTER Adapter)
{
	const UCHAR *Mac = Adapter->CurrentAddress;

	MFS_WR(Adapter, MFNIC_MACLO, (ULONG)Mac[0] | (ULONG)Mac[1] << 8 | (ULONG)Mac[2] << 16 |
					     (ULONG)Mac[3] << 24);
	MFS_WR(Adapter, MFNIC_MACHI, (ULONG)Mac[4] | (ULONG)Mac[5] << 8 | MFNIC_MACHI_AV);
	MFS_WR(Adapter, MFNIC_TDBAL, Adapter->TxRingPa.LowPart);
	MFS_WR(Adapter, MFNIC_TDBAH, (ULONG)Adapter->TxRingPa.HighPart);
	MFS_WR(Adapter, MFNIC_TDLEN, Adapter->TxRingSize);
	MFS_WR(Adapter, MFNIC_RDBAL, Adapter->RxRingPa.LowPart);
	MFS_WR(Adapter, MFNIC_RDBAH, (ULONG)Adapter->RxRingPa.HighPart);
	MFS_WR(Adapter, MFNIC_RDLEN, Adapter->RxRingSize);
	MFS_WR(Adapter, MFNIC_RXBUFSZ, MFNIC_RX_BUFFER);
	MFS_WR(Adapter, MFNIC_RXFILTER, MFNIC_RXF_UNICAST | MFNIC_RXF_BROADCAST);
	MFS_WR(Adapter, MFNIC_CTRL, MFNIC_CTRL_RXEN | MFNIC_CTRL_TXEN | MFNIC_CTRL_SLU | MFNIC_CTRL_BME);
	Adapter->Flags |= MFS_HW_STARTED;
	MFS_WR(Adapter, MFNIC_IMS, MFNIC_INT_DEFAULT);
	Adapter->LinkUp = (MFS_RD(Adapter, MFNIC_STATUS) & MFNIC_STATUS_LU) != 0;
}

VOID MfsStopHardware(PMFS_ADAPTER Adapter)
{
	MFS_WR(Adapter, MFNIC_IMC, MFNIC_INT_ALL);
	MFS_WR(Adapter, MFNIC_CTRL, 0);
	Adapter->Flags &= ~MFS_HW_STARTED;
}

BOOLEAN MfsIsr(NDIS_HANDLE MiniportInterruptContext, PBOOLEAN QueueDefaultInterruptDpc,
	       PULONG TargetProcessors)
{
	PMFS_ADAPTER Adapter = (PMFS_ADAPTER)MiniportInterruptContext;
	ULONG Cause;

	UNREFERENCED_PARAMETER(TargetProcessors);
	*QueueDefaultInterruptDpc = FALSE;
	if (!(Adapter->Flags & MFS_HW_STARTED))
		return FALSE;
	Cause = MFS_CSR(Adapter, MFNIC_ICR);
	if ((Cause & MFNIC_INT_ALL) == 0)
		return FALSE;
	Adapter->PendingCause |= Cause;
	MFS_CSR(Adapter, MFNIC_IMC) = MFNIC_INT_ALL;
	*QueueDefaultInterruptDpc = TRUE;
	return TRUE;
}

VOID MfsDpc(NDIS_HANDLE MiniportInterruptContext, PVOID MiniportDpcContext,
	    PVOID ReceiveThrottleParameters, PVOID NdisReserved2)
{
	PMFS_ADAPTER Adapter = (PMFS_ADAPTER)MiniportInterruptContext;
	ULONG Cause;

	UNREFERENCED_PARAMETER(MiniportDpcContext);
	UNREFERENCED_PARAMETER(ReceiveThrottleParameters);
	UNREFERENCED_PARAMETER(NdisReserved2);

	NdisDprAcquireSpinLock(&Adapter->Lock);
	Cause = Adapter->PendingCause;
	Adapter->PendingCause = 0;
	NdisDprReleaseSpinLock(&Adapter->Lock);
	if (Cause & MFNIC_INT_LINK)
		Adapter->LinkUp = (MFS_RD(Adapter, MFNIC_STATUS) & MFNIC_STATUS_LU) != 0;
	if (Adapter->Flags & MFS_HW_STARTED)
		MFS_CSR(Adapter, MFNIC_IMS) = MFNIC_INT_DEFAULT;
}

VOID MfsDisableInterrupt(NDIS_HANDLE MiniportInterruptContext)
{
	PMFS_ADAPTER Adapter = (PMFS_ADAPTER)MiniportInterruptContext;

	MFS_CSR(Adapter, MFNIC_IMC) = MFNIC_INT_ALL;
}

VOID MfsEnableInterrupt(NDIS_HANDLE MiniportInterruptContext)
{
	PMFS_ADAPTER Adapter = (PMFS_ADAPTER)MiniportInterruptContext;

	MFS_CSR(Adapter, MFNIC_IMS) = MFNIC_INT_DEFAULT;
}

VOID MfsProcessSgList(PDEVICE_OBJECT pDO, PVOID Reserved, PSCATTER_GATHER_LIST pSGL, PVOID Context)
{
	UNREFERENCED_PARAMETER(pDO);
	UNREFERENCED_PARAMETER(Reserved);
	UNREFERENCED_PARAMETER(pSGL);
	UNREFERENCED_PARAMETER(Context);
	/* Sends are completed without DMA (mfs6_oid.c): never called. */
}

VOID MfsWatchdog(PVOID SystemSpecific1, PVOID FunctionContext, PVOID SystemSpecific2,
		 PVOID SystemSpecific3)
{
	PMFS_ADAPTER Adapter = (PMFS_ADAPTER)FunctionContext;

	UNREFERENCED_PARAMETER(SystemSpecific1);
	UNREFERENCED_PARAMETER(SystemSpecific2);
	UNREFERENCED_PARAMETER(SystemSpecific3);
	if (Adapter->Flags & MFS_HW_STARTED)
		Adapter->LinkUp = (MFS_RD(Adapter, MFNIC_STATUS) & MFNIC_STATUS_LU) != 0;
}
