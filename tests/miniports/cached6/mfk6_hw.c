/* mfk6_hw.c: reset, station address, start and stop, interrupts of mfk6. */
#include "mfk6.h"

NDIS_STATUS MfkResetHw(PMFK_ADAPTER Adapter)
{
	ULONG Tries;

	MFK_WRITE(Adapter, MFNIC_IMC, MFNIC_INT_ALL);
	MFK_WRITE(Adapter, MFNIC_CTRL, MFNIC_CTRL_RST);
	for (Tries = 0; Tries < MFNIC_RESET_POLLS; Tries++) {
		NdisStallExecution(10);
		if (!(MFK_READ(Adapter, MFNIC_STATUS) & MFNIC_STATUS_RST_BUSY))
			return NDIS_STATUS_SUCCESS;
	}
	return NDIS_STATUS_DEVICE_FAILED;
}

VOID MfkReadMac(PMFK_ADAPTER Adapter)
{
	ULONG Lo, Hi;

	if (Adapter->MacAddress[0] | Adapter->MacAddress[1] | Adapter->MacAddress[2] |
	    Adapter->MacAddress[3] | Adapter->MacAddress[4] | Adapter->MacAddress[5])
		return; /* NetworkAddress from the registry */
	Lo = MFK_READ(Adapter, MFNIC_MACLO);
	Hi = MFK_READ(Adapter, MFNIC_MACHI);
	if (Hi & MFNIC_MACHI_AV) {
		Adapter->MacAddress[0] = (UCHAR)Lo;
		Adapter->MacAddress[1] = (UCHAR)(Lo >> 8);
		Adapter->MacAddress[2] = (UCHAR)(Lo >> 16);
		Adapter->MacAddress[3] = (UCHAR)(Lo >> 24);
		Adapter->MacAddress[4] = (UCHAR)Hi;
		Adapter->MacAddress[5] = (UCHAR)(Hi >> 8);
	} else {
		static const UCHAR Local[ETH_LENGTH_OF_ADDRESS] = {0x02, 0x00, 0x4D, 0x46, 0x6B, 0x01};
		NdisMoveMemory(Adapter->MacAddress, Local, ETH_LENGTH_OF_ADDRESS);
	}
}

VOID MfkStartHw(PMFK_ADAPTER Adapter)
{
	ULONGLONG RxRing = (ULONGLONG)Adapter->RingsPa.QuadPart + MFK_TX_COUNT * MFNIC_DESC_SIZE;
	PUCHAR Mac = Adapter->MacAddress;

	MFK_WRITE(Adapter, MFNIC_MACLO, (ULONG)Mac[0] | (ULONG)Mac[1] << 8 | (ULONG)Mac[2] << 16 |
						(ULONG)Mac[3] << 24);
	MFK_WRITE(Adapter, MFNIC_MACHI, (ULONG)Mac[4] | (ULONG)Mac[5] << 8 | MFNIC_MACHI_AV);
	MFK_REG(Adapter, MFNIC_TDBAL) = (ULONG)Adapter->RingsPa.QuadPart;
	MFK_REG(Adapter, MFNIC_TDBAH) = (ULONG)((ULONGLONG)Adapter->RingsPa.QuadPart >> 32);
	MFK_REG(Adapter, MFNIC_TDLEN) = MFK_TX_COUNT * MFNIC_DESC_SIZE;
	MFK_REG(Adapter, MFNIC_RDBAL) = (ULONG)RxRing;
	MFK_REG(Adapter, MFNIC_RDBAH) = (ULONG)(RxRing >> 32);
	MFK_REG(Adapter, MFNIC_RDLEN) = MFK_RX_COUNT * MFNIC_DESC_SIZE;
	MFK_REG(Adapter, MFNIC_RXBUFSZ) = MFNIC_RX_BUFFER;
	MFK_REG(Adapter, MFNIC_RDT) = MFK_RX_COUNT - 1;
	Adapter->PacketFilter = NDIS_PACKET_TYPE_DIRECTED | NDIS_PACKET_TYPE_BROADCAST;
	MFK_WRITE(Adapter, MFNIC_RXFILTER, MFNIC_RXF_UNICAST | MFNIC_RXF_BROADCAST);
	MFK_WRITE(Adapter, MFNIC_CTRL, MFNIC_CTRL_RXEN | MFNIC_CTRL_TXEN | MFNIC_CTRL_SLU | MFNIC_CTRL_BME);
	MFK_WRITE(Adapter, MFNIC_IMS, MFNIC_INT_DEFAULT);
	Adapter->Started = TRUE;
	Adapter->MediaConnected = (MFK_READ(Adapter, MFNIC_STATUS) & MFNIC_STATUS_LU) != 0;
}

VOID MfkStopHw(PMFK_ADAPTER Adapter)
{
	MFK_WRITE(Adapter, MFNIC_IMC, MFNIC_INT_ALL);
	MFK_WRITE(Adapter, MFNIC_CTRL, 0);
	Adapter->Started = FALSE;
}

BOOLEAN MfkIsr(NDIS_HANDLE MiniportInterruptContext, PBOOLEAN QueueDefaultInterruptDpc,
	       PULONG TargetProcessors)
{
	PMFK_ADAPTER Adapter = (PMFK_ADAPTER)MiniportInterruptContext;
	ULONG Icr;

	UNREFERENCED_PARAMETER(TargetProcessors);
	Icr = Adapter->Started ? MFK_REG(Adapter, MFNIC_ICR) : 0;
	*QueueDefaultInterruptDpc = (Icr & MFNIC_INT_ALL) != 0;
	if (*QueueDefaultInterruptDpc)
		MFK_REG(Adapter, MFNIC_IMC) = MFNIC_INT_ALL;
	return *QueueDefaultInterruptDpc;
}

VOID MfkDpc(NDIS_HANDLE MiniportInterruptContext, PVOID MiniportDpcContext,
	    PVOID ReceiveThrottleParameters, PVOID NdisReserved2)
{
	PMFK_ADAPTER Adapter = (PMFK_ADAPTER)MiniportInterruptContext;

	UNREFERENCED_PARAMETER(MiniportDpcContext);
	UNREFERENCED_PARAMETER(ReceiveThrottleParameters);
	UNREFERENCED_PARAMETER(NdisReserved2);
	if (Adapter->Running)
		MfkReceive(Adapter);
	Adapter->MediaConnected = (MFK_READ(Adapter, MFNIC_STATUS) & MFNIC_STATUS_LU) != 0;
	MFK_REG(Adapter, MFNIC_IMS) = MFNIC_INT_DEFAULT;
}

VOID MfkDisableInterrupt(NDIS_HANDLE MiniportInterruptContext)
{
	MFK_REG((PMFK_ADAPTER)MiniportInterruptContext, MFNIC_IMC) = MFNIC_INT_ALL;
}

VOID MfkEnableInterrupt(NDIS_HANDLE MiniportInterruptContext)
{
	MFK_REG((PMFK_ADAPTER)MiniportInterruptContext, MFNIC_IMS) = MFNIC_INT_DEFAULT;
}

VOID MfkProcessSgList(PDEVICE_OBJECT pDO, PVOID Reserved, PSCATTER_GATHER_LIST pSGL, PVOID Context)
{
	UNREFERENCED_PARAMETER(pDO);
	UNREFERENCED_PARAMETER(Reserved);
	UNREFERENCED_PARAMETER(pSGL);
	UNREFERENCED_PARAMETER(Context);
}
