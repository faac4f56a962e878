/* nb5_hw.c: chip reset, station address, start/stop and interrupts. */
#include "nb5.h"

NDIS_STATUS Nb5ResetChip(PNB5_ADAPTER Adapter)
{
	ULONG Status = 0;
	UINT Poll;

	NB5_WR(Adapter, MFNIC_IMC, MFNIC_INT_ALL);
	NB5_WR(Adapter, MFNIC_CTRL, MFNIC_CTRL_RST);
	for (Poll = 0; Poll < MFNIC_RESET_POLLS; Poll++) {
		NdisStallExecution(10);
		NB5_RD(Adapter, MFNIC_STATUS, &Status);
		if (!(Status & MFNIC_STATUS_RST_BUSY))
			break;
	}
	if (Status & MFNIC_STATUS_RST_BUSY)
		return NDIS_STATUS_HARD_ERRORS;

	/* The stepping through the I/O window: early boards decode only
	 * the indirect registers there. */
	if (Adapter->PortsRegistered) {
		NdisRawWritePortUlong(NB5_PORT(Adapter, MFNIC_IO_IOADDR), MFNIC_CHIPREV);
		NdisRawReadPortUlong(NB5_PORT(Adapter, MFNIC_IO_IODATA), &Adapter->ChipRevision);
	} else {
		Adapter->ChipRevision = NB5_REG(Adapter, MFNIC_CHIPREV);
	}
	return NDIS_STATUS_SUCCESS;
}

static USHORT Nb5EepromWord(PNB5_ADAPTER Adapter, ULONG Word)
{
	ULONG Data = 0;
	UINT Poll;

	NB5_WR(Adapter, MFNIC_EECMD, MFNIC_EECMD_START | (Word << MFNIC_EECMD_ADDR_SHIFT));
	for (Poll = 0; Poll < MFNIC_EEPROM_POLLS; Poll++) {
		NdisStallExecution(5);
		NB5_RD(Adapter, MFNIC_EEDATA, &Data);
		if (!(Data & MFNIC_EEDATA_BUSY))
			return (USHORT)(Data & MFNIC_EEDATA_MASK);
	}
	return 0xFFFF;
}

VOID Nb5ReadAddress(PNB5_ADAPTER Adapter)
{
	UINT i;
	USHORT w;

	if (Adapter->HaveRegistryAddress)
		return;
	for (i = 0; i < 3; i++) {
		w = Nb5EepromWord(Adapter, MFNIC_EE_MAC0 + i);
		Adapter->StationAddress[2 * i] = (UCHAR)w;
		Adapter->StationAddress[2 * i + 1] = (UCHAR)(w >> 8);
	}
	/* A blank EEPROM: make up a locally administered address. */
	if ((Adapter->StationAddress[0] & 1) ||
	    (Adapter->StationAddress[0] | Adapter->StationAddress[1] | Adapter->StationAddress[2] |
	     Adapter->StationAddress[3] | Adapter->StationAddress[4] | Adapter->StationAddress[5]) == 0) {
		Adapter->StationAddress[0] = 0x02;
		Adapter->StationAddress[1] = 0x00;
		Adapter->StationAddress[2] = 0x4D;
		Adapter->StationAddress[3] = 0x46;
		Adapter->StationAddress[4] = 0xB5;
		Adapter->StationAddress[5] = (UCHAR)Adapter->ChipRevision;
	}
}

VOID Nb5StartChip(PNB5_ADAPTER Adapter)
{
	const UCHAR *a = Adapter->StationAddress;
	ULONGLONG Rx = (ULONGLONG)Adapter->RingPa.QuadPart + NB5_TX_COUNT * sizeof(NB5_DESC);

	NB5_REG(Adapter, MFNIC_MACLO) = a[0] | a[1] << 8 | a[2] << 16 | (ULONG)a[3] << 24;
	NB5_REG(Adapter, MFNIC_MACHI) = a[4] | a[5] << 8 | MFNIC_MACHI_AV;
	NB5_WR(Adapter, MFNIC_TDBAL, NdisGetPhysicalAddressLow(Adapter->RingPa));
	NB5_WR(Adapter, MFNIC_TDBAH, NdisGetPhysicalAddressHigh(Adapter->RingPa));
	NB5_WR(Adapter, MFNIC_TDLEN, NB5_TX_COUNT * sizeof(NB5_DESC));
	NB5_WR(Adapter, MFNIC_RDBAL, (ULONG)Rx);
	NB5_WR(Adapter, MFNIC_RDBAH, (ULONG)(Rx >> 32));
	NB5_WR(Adapter, MFNIC_RDLEN, Adapter->RxCount * sizeof(NB5_DESC));
	NB5_WR(Adapter, MFNIC_RXBUFSZ, MFNIC_RX_BUFFER);
	NB5_WR(Adapter, MFNIC_RDT, Adapter->RxCount - 1);
	Adapter->PacketFilter = NDIS_PACKET_TYPE_DIRECTED | NDIS_PACKET_TYPE_BROADCAST;
	NB5_WR(Adapter, MFNIC_RXFILTER, MFNIC_RXF_UNICAST | MFNIC_RXF_BROADCAST);
	NB5_WR(Adapter, MFNIC_CTRL, MFNIC_CTRL_RXEN | MFNIC_CTRL_TXEN | MFNIC_CTRL_SLU | MFNIC_CTRL_BME);
	NB5_WR(Adapter, MFNIC_IMS, MFNIC_INT_DEFAULT);
	Adapter->LinkUp = (NB5_REG(Adapter, MFNIC_STATUS) & MFNIC_STATUS_LU) != 0;
}

VOID Nb5StopChip(PNB5_ADAPTER Adapter)
{
	NB5_WR(Adapter, MFNIC_IMC, MFNIC_INT_ALL);
	NB5_WR(Adapter, MFNIC_CTRL, 0);
}

VOID Nb5DumpRegisters(PNB5_ADAPTER Adapter, PULONG Dump)
{
	UINT i;

	for (i = 0; i < NB5_DUMP_REGISTERS; i++)
		Dump[i] = NB5_REG(Adapter, 4 * i);
}

VOID Nb5Isr(PBOOLEAN Recognized, PBOOLEAN QueueDpc, NDIS_HANDLE Context)
{
	PNB5_ADAPTER Adapter = (PNB5_ADAPTER)Context;
	ULONG Cause = NB5_REG(Adapter, MFNIC_ICR);

	*Recognized = (Cause & MFNIC_INT_ALL) != 0;
	*QueueDpc = *Recognized;
	if (*Recognized)
		NB5_REG(Adapter, MFNIC_IMC) = MFNIC_INT_ALL;
}

VOID Nb5HandleInterrupt(NDIS_HANDLE Context)
{
	PNB5_ADAPTER Adapter = (PNB5_ADAPTER)Context;
	BOOLEAN Up = (NB5_REG(Adapter, MFNIC_STATUS) & MFNIC_STATUS_LU) != 0;

	if (Up != Adapter->LinkUp) {
		Adapter->LinkUp = Up;
		NdisMIndicateStatus(Adapter->AdapterHandle,
				    Up ? NDIS_STATUS_MEDIA_CONNECT : NDIS_STATUS_MEDIA_DISCONNECT, NULL, 0);
		NdisMIndicateStatusComplete(Adapter->AdapterHandle);
	}
	NB5_REG(Adapter, MFNIC_IMS) = MFNIC_INT_DEFAULT;
}
