/* mfp5_init.c: DriverEntry, MfpInitialize and MfpHalt. */
#include "mfp5.h"

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath);

static NDIS_HANDLE MfpWrapper;

static VOID MfpPnPEventNotify(NDIS_HANDLE MiniportAdapterContext, NDIS_DEVICE_PNP_EVENT PnPEvent,
			      PVOID InformationBuffer, ULONG InformationBufferLength)
{
	UNREFERENCED_PARAMETER(InformationBuffer);
	UNREFERENCED_PARAMETER(InformationBufferLength);
	if (PnPEvent == NdisDevicePnPEventSurpriseRemoved)
		((PMFP_ADAPTER)MiniportAdapterContext)->Removed = TRUE;
}

static VOID MfpShutdown(PVOID ShutdownContext)
{
	PMFP_ADAPTER A = (PMFP_ADAPTER)ShutdownContext;

	if (!A->Removed)
		MfpStopNic(A);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	NDIS_MINIPORT_CHARACTERISTICS Characteristics;
	NDIS_STATUS Status;

	NdisMInitializeWrapper(&MfpWrapper, DriverObject, RegistryPath, NULL);
	if (MfpWrapper == NULL)
		return NDIS_STATUS_FAILURE;

	NdisZeroMemory(&Characteristics, sizeof(Characteristics));
	Characteristics.MajorNdisVersion = 5;
	Characteristics.MinorNdisVersion = 1;
	Characteristics.InitializeHandler = MfpInitialize;
	Characteristics.HaltHandler = MfpHalt;
	Characteristics.QueryInformationHandler = MfpQueryInformation;
	Characteristics.SetInformationHandler = MfpSetInformation;
	Characteristics.SendPacketsHandler = MfpSendPackets;
	Characteristics.ReturnPacketHandler = MfpReturnPacket;
	Characteristics.ResetHandler = MfpReset;
	Characteristics.ISRHandler = MfpIsr;
	Characteristics.HandleInterruptHandler = MfpHandleInterrupt;
	Characteristics.PnPEventNotifyHandler = MfpPnPEventNotify;
	Characteristics.AdapterShutdownHandler = MfpShutdown;

	Status = NdisMRegisterMiniport(MfpWrapper, &Characteristics, sizeof(Characteristics));
	if (Status != NDIS_STATUS_SUCCESS)
		NdisTerminateWrapper(MfpWrapper, NULL);
	return Status;
}

static NDIS_STATUS MfpGetResources(PMFP_ADAPTER A, NDIS_HANDLE WrapperConfigurationContext)
{
	NDIS_STATUS Status;
	PNDIS_RESOURCE_LIST List = NULL;
	UINT ListSize = 0;
	UINT i;
	BOOLEAN Interrupt = FALSE;

	NdisMQueryAdapterResources(&Status, WrapperConfigurationContext, NULL, &ListSize);
	if (ListSize == 0)
		return NDIS_STATUS_FAILURE;
	if (NdisAllocateMemoryWithTag((PVOID *)&List, ListSize, MFP_TAG) != NDIS_STATUS_SUCCESS)
		return NDIS_STATUS_RESOURCES;
	NdisMQueryAdapterResources(&Status, WrapperConfigurationContext, List, &ListSize);
	if (Status != NDIS_STATUS_SUCCESS) {
		NdisFreeMemory(List, ListSize, 0);
		return Status;
	}
	for (i = 0; i < List->Count; i++) {
		PCM_PARTIAL_RESOURCE_DESCRIPTOR Desc = &List->PartialDescriptors[i];

		if (Desc->Type == CmResourceTypePort && A->IoLength == 0) {
			A->IoBase = NdisGetPhysicalAddressLow(Desc->u.Port.Start);
			A->IoLength = Desc->u.Port.Length;
		} else if (Desc->Type == CmResourceTypeInterrupt && !Interrupt) {
			A->InterruptVector = Desc->u.Interrupt.Vector;
			A->InterruptLevel = Desc->u.Interrupt.Level;
			Interrupt = TRUE;
		}
		/* The memory BAR is there on every board; this driver
		 * does not need it. */
	}
	NdisFreeMemory(List, ListSize, 0);
	if (A->IoLength < MFNIC_IO_SIZE || !Interrupt)
		return NDIS_STATUS_RESOURCE_CONFLICT;
	return NDIS_STATUS_SUCCESS;
}

static NDIS_STATUS MfpCheckConfig(PMFP_ADAPTER A, NDIS_HANDLE WrapperConfigurationContext)
{
	NDIS_STATUS Status;
	NDIS_HANDLE ConfigurationHandle;
	PUCHAR NetworkAddress;
	UINT Length;
	USHORT VendorDevice[2];

	if (NdisReadPciSlotInformation(A->MiniportAdapterHandle, 0, MFNIC_PCI_VENDOR_ID, VendorDevice,
				       sizeof(VendorDevice)) != sizeof(VendorDevice))
		return NDIS_STATUS_ADAPTER_NOT_FOUND;
	if (VendorDevice[0] != MFNIC_VENDOR_ID || VendorDevice[1] != MFNIC_DEVICE_ID)
		return NDIS_STATUS_ADAPTER_NOT_FOUND;

	NdisOpenConfiguration(&Status, &ConfigurationHandle, WrapperConfigurationContext);
	if (Status != NDIS_STATUS_SUCCESS)
		return Status;
	NdisReadNetworkAddress(&Status, (PVOID *)&NetworkAddress, &Length, ConfigurationHandle);
	if (Status == NDIS_STATUS_SUCCESS && Length == ETH_LENGTH_OF_ADDRESS)
		NdisMoveMemory(A->NodeAddress, NetworkAddress, ETH_LENGTH_OF_ADDRESS);
	NdisCloseConfiguration(ConfigurationHandle);
	return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS MfpInitialize(PNDIS_STATUS OpenErrorStatus, PUINT SelectedMediumIndex,
			  PNDIS_MEDIUM MediumArray, UINT MediumArraySize,
			  NDIS_HANDLE MiniportAdapterHandle, NDIS_HANDLE WrapperConfigurationContext)
{
	NDIS_STATUS Status;
	PMFP_ADAPTER A;
	UINT i;

	UNREFERENCED_PARAMETER(OpenErrorStatus);
	for (i = 0; i < MediumArraySize; i++)
		if (MediumArray[i] == NdisMedium802_3)
			break;
	if (i >= MediumArraySize)
		return NDIS_STATUS_UNSUPPORTED_MEDIA;
	*SelectedMediumIndex = i;

	Status = NdisAllocateMemoryWithTag((PVOID *)&A, sizeof(MFP_ADAPTER), MFP_TAG);
	if (Status != NDIS_STATUS_SUCCESS)
		return NDIS_STATUS_RESOURCES;
	NdisZeroMemory(A, sizeof(MFP_ADAPTER));
	A->MiniportAdapterHandle = MiniportAdapterHandle;
	NdisAllocateSpinLock(&A->SendLock);

	Status = MfpCheckConfig(A, WrapperConfigurationContext);
	if (Status != NDIS_STATUS_SUCCESS)
		goto FreeAdapter;
	Status = MfpGetResources(A, WrapperConfigurationContext);
	if (Status != NDIS_STATUS_SUCCESS)
		goto FreeAdapter;

	NdisMSetAttributesEx(MiniportAdapterHandle, (NDIS_HANDLE)A, 0,
			     NDIS_ATTRIBUTE_BUS_MASTER | NDIS_ATTRIBUTE_DESERIALIZE, NdisInterfacePci);

	Status = NdisMRegisterIoPortRange(&A->PortOffset, MiniportAdapterHandle, A->IoBase,
					  A->IoLength);
	if (Status != NDIS_STATUS_SUCCESS)
		goto FreeAdapter;

	if (!MfpResetNic(A)) {
		Status = NDIS_STATUS_HARD_ERRORS;
		goto DeregisterPorts;
	}
	MfpGetNodeAddress(A);

	Status = NdisMInitializeScatterGatherDma(MiniportAdapterHandle, FALSE, MFNIC_MAX_FRAME);
	if (Status != NDIS_STATUS_SUCCESS)
		goto DeregisterPorts;

	NdisMAllocateSharedMemory(MiniportAdapterHandle, MFP_TX_RING_BYTES, FALSE, &A->TxRing,
				  &A->TxRingPa);
	if (A->TxRing == NULL) {
		Status = NDIS_STATUS_RESOURCES;
		goto DeregisterPorts;
	}
	NdisMAllocateSharedMemory(MiniportAdapterHandle, MFP_RX_RING_BYTES, FALSE, &A->RxRing,
				  &A->RxRingPa);
	if (A->RxRing == NULL) {
		Status = NDIS_STATUS_RESOURCES;
		goto FreeTxRing;
	}
	NdisMAllocateSharedMemory(MiniportAdapterHandle, MFP_RX_BUFFER_BYTES, TRUE, &A->RxBuffers,
				  &A->RxBuffersPa);
	if (A->RxBuffers == NULL) {
		Status = NDIS_STATUS_RESOURCES;
		goto FreeRxRing;
	}

	NdisAllocatePacketPool(&Status, &A->PacketPool, MFP_RX_DESC, PROTOCOL_RESERVED_SIZE_IN_PACKET);
	if (Status != NDIS_STATUS_SUCCESS)
		goto FreeRxBuffers;

	NdisMInitializeTimer(&A->ResetTimer, MiniportAdapterHandle, MfpResetTimer, A);

	Status = NdisMRegisterInterrupt(&A->Interrupt, MiniportAdapterHandle, A->InterruptVector,
					A->InterruptLevel, TRUE, TRUE, NdisInterruptLevelSensitive);
	if (Status != NDIS_STATUS_SUCCESS)
		goto FreePool;

	MfpStartNic(A);
	return NDIS_STATUS_SUCCESS;

FreePool:
	NdisFreePacketPool(A->PacketPool);
FreeRxBuffers:
	NdisMFreeSharedMemory(MiniportAdapterHandle, MFP_RX_BUFFER_BYTES, TRUE, A->RxBuffers,
			      A->RxBuffersPa);
FreeRxRing:
	NdisMFreeSharedMemory(MiniportAdapterHandle, MFP_RX_RING_BYTES, FALSE, A->RxRing, A->RxRingPa);
FreeTxRing:
	NdisMFreeSharedMemory(MiniportAdapterHandle, MFP_TX_RING_BYTES, FALSE, A->TxRing, A->TxRingPa);
DeregisterPorts:
	NdisMDeregisterIoPortRange(MiniportAdapterHandle, A->IoBase, A->IoLength, A->PortOffset);
FreeAdapter:
	NdisFreeSpinLock(&A->SendLock);
	NdisFreeMemory(A, sizeof(MFP_ADAPTER), 0);
	return Status;
}

/* The data path's shared memory (from before the receive descriptors
 * moved out of the receive buffer block into a ring of their own). */
static VOID MfpFreeSharedMemory(PMFP_ADAPTER A)
{
	NdisMFreeSharedMemory(A->MiniportAdapterHandle, MFP_RX_AREA_BYTES, TRUE, A->RxBuffers,
			      A->RxBuffersPa);
	NdisMFreeSharedMemory(A->MiniportAdapterHandle, MFP_TX_RING_BYTES, FALSE, A->TxRing,
			      A->TxRingPa);
}

VOID MfpHalt(NDIS_HANDLE MiniportAdapterContext)
{
	PMFP_ADAPTER A = (PMFP_ADAPTER)MiniportAdapterContext;
	BOOLEAN Cancelled;

	NdisMCancelTimer(&A->ResetTimer, &Cancelled);
	if (!A->Removed)
		MfpStopNic(A);
	NdisMDeregisterInterrupt(&A->Interrupt);
	NdisFreePacketPool(A->PacketPool);
	MfpFreeSharedMemory(A);
	NdisMDeregisterIoPortRange(A->MiniportAdapterHandle, A->IoBase, A->IoLength, A->PortOffset);
	NdisFreeSpinLock(&A->SendLock);
	NdisFreeMemory(A, sizeof(MFP_ADAPTER), 0);
}
