/* nb5_init.c: driver entry, adapter initialize and halt of nb5. */
#include "nb5.h"

NDIS_HANDLE Nb5Wrapper;

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath);

static VOID Nb5PnP(NDIS_HANDLE Context, NDIS_DEVICE_PNP_EVENT Event, PVOID Buffer, ULONG Length)
{
	PNB5_ADAPTER Adapter = (PNB5_ADAPTER)Context;

	UNREFERENCED_PARAMETER(Buffer);
	UNREFERENCED_PARAMETER(Length);
	if (Event == NdisDevicePnPEventSurpriseRemoved)
		Adapter->Removed = TRUE;
}

static VOID Nb5Shutdown(PVOID Context)
{
	PNB5_ADAPTER Adapter = (PNB5_ADAPTER)Context;

	if (!Adapter->Removed)
		Nb5StopChip(Adapter);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	NDIS_MINIPORT_CHARACTERISTICS mc;
	NDIS_STATUS Status;

	NdisMInitializeWrapper(&Nb5Wrapper, DriverObject, RegistryPath, NULL);

	NdisZeroMemory(&mc, sizeof(mc));
	mc.MajorNdisVersion = 5;
	mc.MinorNdisVersion = 1;
	mc.InitializeHandler = Nb5Initialize;
	mc.HaltHandler = Nb5Halt;
	mc.QueryInformationHandler = Nb5Query;
	mc.SetInformationHandler = Nb5Set;
	mc.SendPacketsHandler = Nb5SendPackets;
	mc.ReturnPacketHandler = Nb5ReturnPacket;
	mc.CheckForHangHandler = Nb5CheckForHang;
	mc.ResetHandler = Nb5Reset;
	mc.ISRHandler = Nb5Isr;
	mc.HandleInterruptHandler = Nb5HandleInterrupt;
	mc.PnPEventNotifyHandler = Nb5PnP;
	mc.AdapterShutdownHandler = Nb5Shutdown;

	Status = NdisMRegisterMiniport(Nb5Wrapper, &mc, sizeof(mc));
	if (Status != NDIS_STATUS_SUCCESS)
		NdisTerminateWrapper(Nb5Wrapper, NULL);
	return Status;
}

static NDIS_STATUS Nb5GetResources(PNB5_ADAPTER Adapter, NDIS_HANDLE ConfigContext)
{
	NDIS_STATUS Status;
	NDIS_RESOURCE_LIST Small;
	PNDIS_RESOURCE_LIST List;
	UINT Size = sizeof(Small);
	UINT i;
	BOOLEAN Memory = FALSE, Irq = FALSE;

	/* A first call into a small buffer answers the size needed. */
	NdisMQueryAdapterResources(&Status, ConfigContext, &Small, &Size);
	if (Status == NDIS_STATUS_SUCCESS) {
		List = &Small;
		Size = 0;
	} else {
		if (Status != NDIS_STATUS_RESOURCES || Size <= sizeof(Small))
			return NDIS_STATUS_FAILURE;
		Status = NdisAllocateMemoryWithTag((PVOID *)&List, Size, NB5_TAG);
		if (Status != NDIS_STATUS_SUCCESS)
			return Status;
		NdisMQueryAdapterResources(&Status, ConfigContext, List, &Size);
		if (Status != NDIS_STATUS_SUCCESS) {
			NdisFreeMemory(List, Size, 0);
			return Status;
		}
	}

	for (i = 0; i < List->Count; i++) {
		PCM_PARTIAL_RESOURCE_DESCRIPTOR d = &List->PartialDescriptors[i];

		if (d->Type == CmResourceTypeMemory && !Memory) {
			Adapter->CsrPa = d->u.Memory.Start;
			Adapter->CsrSize = d->u.Memory.Length;
			Memory = TRUE;
		} else if (d->Type == CmResourceTypePort && Adapter->PortCount == 0) {
			Adapter->PortStart = NdisGetPhysicalAddressLow(d->u.Port.Start);
			Adapter->PortCount = d->u.Port.Length;
		} else if (d->Type == CmResourceTypeInterrupt && !Irq) {
			Adapter->IrqLevel = d->u.Interrupt.Level;
			Adapter->IrqVector = d->u.Interrupt.Vector;
			Irq = TRUE;
		}
	}
	if (Size != 0)
		NdisFreeMemory(List, Size, 0);

	if (!Memory || !Irq || Adapter->CsrSize < MFNIC_CSR_SIZE)
		return NDIS_STATUS_RESOURCE_CONFLICT;
	if (Adapter->PortCount < MFNIC_IO_SIZE)
		Adapter->PortCount = 0;
	return NDIS_STATUS_SUCCESS;
}

static NDIS_STATUS Nb5ReadRegistry(PNB5_ADAPTER Adapter, NDIS_HANDLE ConfigContext)
{
	NDIS_STATUS Status;
	NDIS_HANDLE Config;
	PNDIS_CONFIGURATION_PARAMETER Param;
	NDIS_STRING RxName = NDIS_STRING_CONST("ReceiveBuffers");
	PVOID Address;
	UINT AddressLength;

	NdisOpenConfiguration(&Status, &Config, ConfigContext);
	if (Status != NDIS_STATUS_SUCCESS)
		return Status;

	Adapter->RxCount = NB5_RX_DEFAULT;
	NdisReadConfiguration(&Status, &Param, Config, &RxName, NdisParameterInteger);
	if (Status == NDIS_STATUS_SUCCESS && Param->ParameterData.IntegerData >= 2 &&
	    Param->ParameterData.IntegerData <= NB5_RX_MAX)
		Adapter->RxCount = Param->ParameterData.IntegerData;

	NdisReadNetworkAddress(&Status, &Address, &AddressLength, Config);
	if (Status == NDIS_STATUS_SUCCESS && AddressLength == 6) {
		NdisMoveMemory(Adapter->StationAddress, Address, 6);
		Adapter->HaveRegistryAddress = TRUE;
	}
	NdisCloseConfiguration(Config);
	return NDIS_STATUS_SUCCESS;
}

static NDIS_STATUS Nb5AllocRx(PNB5_ADAPTER Adapter)
{
	NDIS_STATUS Status;
	UINT i;

	NdisAllocatePacketPool(&Status, &Adapter->PacketPool, Adapter->RxCount,
			       PROTOCOL_RESERVED_SIZE_IN_PACKET);
	if (Status != NDIS_STATUS_SUCCESS)
		return Status;
	NdisAllocateBufferPool(&Status, &Adapter->BufferPool, Adapter->RxCount);
	if (Status != NDIS_STATUS_SUCCESS) {
		NdisFreePacketPool(Adapter->PacketPool);
		Adapter->PacketPool = NULL;
		return Status;
	}
	for (i = 0; i < Adapter->RxCount; i++) {
		NdisAllocatePacket(&Status, &Adapter->RxPackets[i], Adapter->PacketPool);
		if (Status != NDIS_STATUS_SUCCESS)
			return Status; /* the caller frees what is there */
		NdisAllocateBuffer(&Status, &Adapter->RxBuffers[i], Adapter->BufferPool,
				   (PUCHAR)Adapter->RxBufVa + i * MFNIC_RX_BUFFER, MFNIC_RX_BUFFER);
		if (Status != NDIS_STATUS_SUCCESS)
			return Status;
		NdisChainBufferAtFront(Adapter->RxPackets[i], Adapter->RxBuffers[i]);
	}
	return NDIS_STATUS_SUCCESS;
}

static VOID Nb5FreeRx(PNB5_ADAPTER Adapter)
{
	UINT i;

	for (i = 0; i < NB5_RX_MAX; i++) {
		if (Adapter->RxBuffers[i] != NULL)
			NdisFreeBuffer(Adapter->RxBuffers[i]);
		if (Adapter->RxPackets[i] != NULL)
			NdisFreePacket(Adapter->RxPackets[i]);
		Adapter->RxBuffers[i] = NULL;
		Adapter->RxPackets[i] = NULL;
	}
	if (Adapter->BufferPool != NULL)
		NdisFreeBufferPool(Adapter->BufferPool);
	if (Adapter->PacketPool != NULL)
		NdisFreePacketPool(Adapter->PacketPool);
	Adapter->BufferPool = NULL;
	Adapter->PacketPool = NULL;
}

NDIS_STATUS Nb5Initialize(PNDIS_STATUS OpenErrorStatus, PUINT SelectedMediumIndex,
			  PNDIS_MEDIUM MediumArray, UINT MediumArraySize, NDIS_HANDLE AdapterHandle,
			  NDIS_HANDLE ConfigContext)
{
	NDIS_STATUS Status;
	PNB5_ADAPTER Adapter;
	ULONG PciId = 0;
	PULONG Dump;
	UINT i;

	UNREFERENCED_PARAMETER(OpenErrorStatus);

	for (i = 0; i < MediumArraySize; i++)
		if (MediumArray[i] == NdisMedium802_3)
			break;
	if (i == MediumArraySize)
		return NDIS_STATUS_UNSUPPORTED_MEDIA;
	*SelectedMediumIndex = i;

	Status = NdisAllocateMemoryWithTag((PVOID *)&Adapter, sizeof(NB5_ADAPTER), NB5_TAG);
	if (Status != NDIS_STATUS_SUCCESS)
		return Status;
	NdisZeroMemory(Adapter, sizeof(NB5_ADAPTER));
	Adapter->AdapterHandle = AdapterHandle;

	if (NdisReadPciSlotInformation(AdapterHandle, 0, 0, &PciId, sizeof(PciId)) != sizeof(PciId) ||
	    PciId != ((ULONG)MFNIC_DEVICE_ID << 16 | MFNIC_VENDOR_ID)) {
		Status = NDIS_STATUS_ADAPTER_NOT_FOUND;
		goto FreeAdapter;
	}
	Status = Nb5ReadRegistry(Adapter, ConfigContext);
	if (Status != NDIS_STATUS_SUCCESS)
		goto FreeAdapter;
	Status = Nb5GetResources(Adapter, ConfigContext);
	if (Status != NDIS_STATUS_SUCCESS)
		goto FreeAdapter;

	NdisMSetAttributesEx(AdapterHandle, Adapter, 0,
			     NDIS_ATTRIBUTE_BUS_MASTER | NDIS_ATTRIBUTE_DESERIALIZE, NdisInterfacePci);

	Status = NdisMMapIoSpace((PVOID *)&Adapter->Csr, AdapterHandle, Adapter->CsrPa,
				 Adapter->CsrSize);
	if (Adapter->PortCount != 0) {
		Status = NdisMRegisterIoPortRange(&Adapter->PortBase, AdapterHandle,
						  Adapter->PortStart, Adapter->PortCount);
		Adapter->PortsRegistered = Status == NDIS_STATUS_SUCCESS;
	}
	if (Status != NDIS_STATUS_SUCCESS)
		goto Unmap;

	Status = NdisMInitializeScatterGatherDma(AdapterHandle, TRUE, MFNIC_MAX_FRAME);
	if (Status != NDIS_STATUS_SUCCESS)
		goto Unmap;

	Status = Nb5ResetChip(Adapter);
	if (Status != NDIS_STATUS_SUCCESS)
		goto Unmap;
	Nb5ReadAddress(Adapter);

	Adapter->RingSize = (NB5_TX_COUNT + Adapter->RxCount) * sizeof(NB5_DESC);
	NdisMAllocateSharedMemory(AdapterHandle, Adapter->RingSize, FALSE, &Adapter->RingVa,
				  &Adapter->RingPa);
	if (Adapter->RingVa == NULL) {
		Status = NDIS_STATUS_RESOURCES;
		goto Unmap;
	}
	Adapter->RxBufSize = Adapter->RxCount * MFNIC_RX_BUFFER;
	NdisMAllocateSharedMemory(AdapterHandle, Adapter->RxBufSize, TRUE, &Adapter->RxBufVa,
				  &Adapter->RxBufPa);
	if (Adapter->RxBufVa == NULL) {
		Status = NDIS_STATUS_RESOURCES;
		goto FreeRing;
	}
	NdisZeroMemory(Adapter->RingVa, Adapter->RingSize);
	Adapter->TxRing = (PNB5_DESC)Adapter->RingVa;
	Adapter->RxRing = Adapter->TxRing + NB5_TX_COUNT;
	for (i = 0; i < Adapter->RxCount; i++) {
		Adapter->RxRing[i].Address = (ULONGLONG)Adapter->RxBufPa.QuadPart + i * MFNIC_RX_BUFFER;
		Adapter->RxRing[i].Length = MFNIC_RX_BUFFER;
	}

	Status = Nb5AllocRx(Adapter);
	if (Status != NDIS_STATUS_SUCCESS)
		goto FreeRx;

	Status = NdisMRegisterInterrupt(&Adapter->Interrupt, AdapterHandle, Adapter->IrqVector,
					Adapter->IrqLevel, TRUE, TRUE, NdisInterruptLevelSensitive);
	if (Status != NDIS_STATUS_SUCCESS)
		goto FreeRx;

	Nb5StartChip(Adapter);
	return NDIS_STATUS_SUCCESS;

FreeRx:
	/* Support asks for the register state of every failed start. */
	if (NdisAllocateMemoryWithTag((PVOID *)&Dump, NB5_DUMP_REGISTERS * sizeof(ULONG), NB5_TAG) !=
	    NDIS_STATUS_SUCCESS)
		return Status;
	Nb5DumpRegisters(Adapter, Dump);
	NdisWriteErrorLogEntry(AdapterHandle, NDIS_ERROR_CODE_DRIVER_FAILURE, 4, Dump[0], Dump[1],
			       Dump[4], Dump[5]);
	NdisFreeMemory(Dump, NB5_DUMP_REGISTERS * sizeof(ULONG), 0);

	Nb5FreeRx(Adapter);
	NdisMFreeSharedMemory(AdapterHandle, Adapter->RxBufSize, TRUE, Adapter->RxBufVa,
			      Adapter->RxBufPa);
FreeRing:
	NdisMFreeSharedMemory(AdapterHandle, Adapter->RingSize, FALSE, Adapter->RingVa,
			      Adapter->RingPa);
Unmap:
	if (Adapter->PortsRegistered)
		NdisMDeregisterIoPortRange(AdapterHandle, Adapter->PortStart, Adapter->PortCount,
					   Adapter->PortBase);
	if (Adapter->Csr != NULL)
		NdisMUnmapIoSpace(AdapterHandle, (PVOID)Adapter->Csr, Adapter->CsrSize);
FreeAdapter:
	NdisFreeMemory(Adapter, sizeof(NB5_ADAPTER), 0);
	return Status;
}

VOID Nb5Halt(NDIS_HANDLE Context)
{
	PNB5_ADAPTER Adapter = (PNB5_ADAPTER)Context;

	if (!Adapter->Removed)
		Nb5StopChip(Adapter);
	NdisMDeregisterInterrupt(&Adapter->Interrupt);
	Nb5FreeRx(Adapter);
	NdisMFreeSharedMemory(Adapter->AdapterHandle, Adapter->RxBufSize, TRUE, Adapter->RxBufVa,
			      Adapter->RxBufPa);
	NdisMFreeSharedMemory(Adapter->AdapterHandle, Adapter->RingSize, FALSE, Adapter->RingVa,
			      Adapter->RingPa);
	if (Adapter->PortsRegistered)
		NdisMDeregisterIoPortRange(Adapter->AdapterHandle, Adapter->PortStart,
					   Adapter->PortCount, Adapter->PortBase);
	NdisMUnmapIoSpace(Adapter->AdapterHandle, (PVOID)Adapter->Csr, Adapter->CsrSize);
	NdisFreeMemory(Adapter, sizeof(NB5_ADAPTER), 0);
}
