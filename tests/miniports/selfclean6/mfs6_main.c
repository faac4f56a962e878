/* mfs6_main.c: DriverEntry, MiniportInitializeEx, MiniportHaltEx and the
 * PnP side of mfs6. */
#include "mfs6.h"

static NDIS_HANDLE MfsDriverHandle;

DRIVER_INITIALIZE DriverEntry;
static MINIPORT_SET_OPTIONS MfsSetOptions;
static MINIPORT_UNLOAD MfsUnload;
static MINIPORT_PAUSE MfsPause;
static MINIPORT_RESTART MfsRestart;
static MINIPORT_DEVICE_PNP_EVENT_NOTIFY MfsPnPEventNotify;
static MINIPORT_SHUTDOWN MfsShutdown;

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	NDIS_MINIPORT_DRIVER_CHARACTERISTICS Chars;
	NDIS_STATUS Status;

	NdisZeroMemory(&Chars, sizeof(Chars));
	Chars.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;
	Chars.Header.Revision = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
	Chars.Header.Size = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
	Chars.MajorNdisVersion = MFS_NDIS_MAJOR;
	Chars.MinorNdisVersion = MFS_NDIS_MINOR;
	Chars.MajorDriverVersion = 2;
	Chars.MinorDriverVersion = 1;
	Chars.SetOptionsHandler = MfsSetOptions;
	Chars.InitializeHandlerEx = MfsInitializeEx;
	Chars.HaltHandlerEx = MfsHaltEx;
	Chars.UnloadHandler = MfsUnload;
	Chars.PauseHandler = MfsPause;
	Chars.RestartHandler = MfsRestart;
	Chars.OidRequestHandler = MfsOidRequest;
	Chars.SendNetBufferListsHandler = MfsSendNetBufferLists;
	Chars.ReturnNetBufferListsHandler = MfsReturnNetBufferLists;
	Chars.CancelSendHandler = MfsCancelSend;
	Chars.CheckForHangHandlerEx = MfsCheckForHang;
	Chars.ResetHandlerEx = MfsReset;
	Chars.DevicePnPEventNotifyHandler = MfsPnPEventNotify;
	Chars.ShutdownHandlerEx = MfsShutdown;
	Chars.CancelOidRequestHandler = MfsCancelOidRequest;

	Status = NdisMRegisterMiniportDriver(DriverObject, RegistryPath, NULL, &Chars,
					     &MfsDriverHandle);
	return Status == NDIS_STATUS_SUCCESS ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL;
}

static NDIS_STATUS MfsSetOptions(NDIS_HANDLE NdisMiniportDriverHandle, NDIS_HANDLE MiniportDriverContext)
{
	UNREFERENCED_PARAMETER(NdisMiniportDriverHandle);
	UNREFERENCED_PARAMETER(MiniportDriverContext);
	return NDIS_STATUS_SUCCESS;
}

static VOID MfsUnload(PDRIVER_OBJECT DriverObject)
{
	UNREFERENCED_PARAMETER(DriverObject);
	NdisMDeregisterMiniportDriver(MfsDriverHandle);
}

/* Releases whatever the adapter holds; the adapter block itself is the
 * caller's to free. */
static VOID MfsFreeResources(PMFS_ADAPTER Adapter)
{
	if (Adapter->WatchdogTimer != NULL)
		NdisFreeTimerObject(Adapter->WatchdogTimer);
	if (Adapter->NblPool != NULL)
		NdisFreeNetBufferListPool(Adapter->NblPool);
	if (Adapter->RxRing != NULL)
		NdisMFreeSharedMemory(Adapter->AdapterHandle, Adapter->RxRingSize, FALSE,
				      Adapter->RxRing, Adapter->RxRingPa);
	if (Adapter->TxRing != NULL)
		NdisMFreeSharedMemory(Adapter->AdapterHandle, Adapter->TxRingSize, FALSE,
				      Adapter->TxRing, Adapter->TxRingPa);
	if (Adapter->InterruptHandle != NULL)
		NdisMDeregisterInterruptEx(Adapter->InterruptHandle);
	if (Adapter->DmaHandle != NULL)
		NdisMDeregisterScatterGatherDma(Adapter->DmaHandle);
	if (Adapter->CsrBase != NULL)
		NdisMUnmapIoSpace(Adapter->AdapterHandle, Adapter->CsrBase, Adapter->CsrLength);
}

static NDIS_STATUS MfsReadConfiguration(PMFS_ADAPTER Adapter)
{
	NDIS_CONFIGURATION_OBJECT ConfigObject;
	NDIS_HANDLE Config;
	NDIS_STATUS Status;
	PNDIS_CONFIGURATION_PARAMETER Param;
	NDIS_STRING LookAheadName = NDIS_STRING_CONST("LookAhead");
	PVOID Address;
	UINT Length;

	ConfigObject.Header.Type = NDIS_OBJECT_TYPE_CONFIGURATION_OBJECT;
	ConfigObject.Header.Revision = NDIS_CONFIGURATION_OBJECT_REVISION_1;
	ConfigObject.Header.Size = NDIS_SIZEOF_CONFIGURATION_OBJECT_REVISION_1;
	ConfigObject.NdisHandle = Adapter->AdapterHandle;
	ConfigObject.Flags = 0;
	Status = NdisOpenConfigurationEx(&ConfigObject, &Config);
	if (Status != NDIS_STATUS_SUCCESS)
		return Status;

	Adapter->LookAhead = 1500;
	NdisReadConfiguration(&Status, &Param, Config, &LookAheadName, NdisParameterInteger);
	if (Status == NDIS_STATUS_SUCCESS && Param->ParameterData.IntegerData >= 64 &&
	    Param->ParameterData.IntegerData <= 1500)
		Adapter->LookAhead = Param->ParameterData.IntegerData;

	NdisReadNetworkAddress(&Status, &Address, &Length, Config);
	if (Status == NDIS_STATUS_SUCCESS && Length == ETH_LENGTH_OF_ADDRESS)
		NdisMoveMemory(Adapter->CurrentAddress, Address, ETH_LENGTH_OF_ADDRESS);
	NdisCloseConfiguration(Config);
	return NDIS_STATUS_SUCCESS;
}

static NDIS_STATUS MfsCheckDevice(PMFS_ADAPTER Adapter)
{
	PCI_COMMON_HEADER Header;
	ULONG Read;

	Read = NdisMGetBusData(Adapter->AdapterHandle, PCI_WHICHSPACE_CONFIG, 0, &Header,
			       FIELD_OFFSET(PCI_COMMON_HEADER, u));
	if (Read != FIELD_OFFSET(PCI_COMMON_HEADER, u))
		return NDIS_STATUS_ADAPTER_NOT_FOUND;
	Adapter->VendorId = Header.VendorID;
	Adapter->DeviceId = Header.DeviceID;
	Adapter->Revision = Header.RevisionID;
	if (Header.VendorID != MFNIC_VENDOR_ID || Header.DeviceID != MFNIC_DEVICE_ID)
		return NDIS_STATUS_ADAPTER_NOT_FOUND;
	return NDIS_STATUS_SUCCESS;
}

static NDIS_STATUS MfsParseResources(PMFS_ADAPTER Adapter, PNDIS_RESOURCE_LIST Resources)
{
	ULONG i;

	if (Resources == NULL)
		return NDIS_STATUS_RESOURCES;
	for (i = 0; i < Resources->Count; i++) {
		PCM_PARTIAL_RESOURCE_DESCRIPTOR Desc = &Resources->PartialDescriptors[i];

		if (Desc->Type == CmResourceTypeMemory && Adapter->CsrLength == 0) {
			Adapter->CsrPhysical = Desc->u.Memory.Start;
			Adapter->CsrLength = Desc->u.Memory.Length;
		} else if (Desc->Type == CmResourceTypeInterrupt) {
			Adapter->HaveInterrupt = TRUE;
		}
	}
	if (Adapter->CsrLength < MFNIC_CSR_SIZE || !Adapter->HaveInterrupt)
		return NDIS_STATUS_RESOURCES;
	return NDIS_STATUS_SUCCESS;
}

static NDIS_STATUS MfsSetGeneralAttributes(PMFS_ADAPTER Adapter)
{
	NDIS_MINIPORT_ADAPTER_ATTRIBUTES Attr;
	PNDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES Gen = &Attr.GeneralAttributes;

	NdisZeroMemory(&Attr, sizeof(Attr));
	Gen->Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES;
	Gen->Header.Revision = NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2;
	Gen->Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2;
	Gen->MediaType = NdisMedium802_3;
	Gen->PhysicalMediumType = NdisPhysicalMedium802_3;
	Gen->MtuSize = 1500;
	Gen->MaxXmitLinkSpeed = MFS_LINK_SPEED;
	Gen->MaxRcvLinkSpeed = MFS_LINK_SPEED;
	Gen->XmitLinkSpeed = NDIS_LINK_SPEED_UNKNOWN;
	Gen->RcvLinkSpeed = NDIS_LINK_SPEED_UNKNOWN;
	Gen->MediaConnectState = MediaConnectStateUnknown;
	Gen->MediaDuplexState = MediaDuplexStateUnknown;
	Gen->LookaheadSize = Adapter->LookAhead;
	Gen->MacOptions = NDIS_MAC_OPTION_COPY_LOOKAHEAD_DATA | NDIS_MAC_OPTION_TRANSFERS_NOT_PEND |
			  NDIS_MAC_OPTION_NO_LOOPBACK;
	Gen->SupportedPacketFilters = NDIS_PACKET_TYPE_DIRECTED | NDIS_PACKET_TYPE_MULTICAST |
				      NDIS_PACKET_TYPE_ALL_MULTICAST | NDIS_PACKET_TYPE_BROADCAST;
	Gen->MaxMulticastListSize = 32;
	Gen->MacAddressLength = ETH_LENGTH_OF_ADDRESS;
	NdisMoveMemory(Gen->PermanentMacAddress, Adapter->PermanentAddress, ETH_LENGTH_OF_ADDRESS);
	NdisMoveMemory(Gen->CurrentMacAddress, Adapter->CurrentAddress, ETH_LENGTH_OF_ADDRESS);
	Gen->AccessType = NET_IF_ACCESS_BROADCAST;
	Gen->DirectionType = NET_IF_DIRECTION_SENDRECEIVE;
	Gen->ConnectionType = NET_IF_CONNECTION_DEDICATED;
	Gen->IfType = IF_TYPE_ETHERNET_CSMACD;
	Gen->IfConnectorPresent = TRUE;
	Gen->SupportedStatistics = NDIS_STATISTICS_XMIT_OK_SUPPORTED | NDIS_STATISTICS_RCV_OK_SUPPORTED;
	Gen->SupportedOidList = (PNDIS_OID)MfsSupportedOids;
	Gen->SupportedOidListLength = MfsSupportedOidsSize;
	return NdisMSetMiniportAttributes(Adapter->AdapterHandle, &Attr);
}

NDIS_STATUS MfsInitializeEx(NDIS_HANDLE MiniportAdapterHandle, NDIS_HANDLE MiniportDriverContext,
			    PNDIS_MINIPORT_INIT_PARAMETERS InitParameters)
{
	NDIS_STATUS Status;
	PMFS_ADAPTER Adapter;
	NDIS_MINIPORT_ADAPTER_ATTRIBUTES Attr;
	NDIS_SG_DMA_DESCRIPTION Dma;
	NDIS_MINIPORT_INTERRUPT_CHARACTERISTICS Intr;
	NET_BUFFER_LIST_POOL_PARAMETERS PoolParameters;
	NDIS_TIMER_CHARACTERISTICS Timer;

	UNREFERENCED_PARAMETER(MiniportDriverContext);

	Adapter = NdisAllocateMemoryWithTagPriority(MiniportAdapterHandle, sizeof(MFS_ADAPTER),
						    MFS_TAG, NormalPoolPriority);
	if (Adapter == NULL)
		return NDIS_STATUS_RESOURCES;
	NdisZeroMemory(Adapter, sizeof(MFS_ADAPTER));
	Adapter->AdapterHandle = MiniportAdapterHandle;
	Adapter->State = MfsStateInitializing;
	NdisAllocateSpinLock(&Adapter->Lock);

	NdisZeroMemory(&Attr, sizeof(Attr));
	Attr.RegistrationAttributes.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES;
	Attr.RegistrationAttributes.Header.Revision = NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
	Attr.RegistrationAttributes.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
	Attr.RegistrationAttributes.MiniportAdapterContext = Adapter;
	Attr.RegistrationAttributes.AttributeFlags =
		NDIS_MINIPORT_ATTRIBUTES_HARDWARE_DEVICE | NDIS_MINIPORT_ATTRIBUTES_BUS_MASTER;
	Attr.RegistrationAttributes.CheckForHangTimeInSeconds = 2;
	Attr.RegistrationAttributes.InterfaceType = NdisInterfacePci;
	Status = NdisMSetMiniportAttributes(MiniportAdapterHandle, &Attr);
	if (Status != NDIS_STATUS_SUCCESS)
		goto Fail;

	Status = MfsReadConfiguration(Adapter);
	if (Status != NDIS_STATUS_SUCCESS)
		goto Fail;
	Status = MfsCheckDevice(Adapter);
	if (Status != NDIS_STATUS_SUCCESS)
		goto Fail;
	Status = MfsParseResources(Adapter, InitParameters->AllocatedResources);
	if (Status != NDIS_STATUS_SUCCESS)
		goto Fail;

	Status = NdisMMapIoSpace((PVOID *)&Adapter->CsrBase, MiniportAdapterHandle,
				 Adapter->CsrPhysical, Adapter->CsrLength);
	if (Status != NDIS_STATUS_SUCCESS) {
		Adapter->CsrBase = NULL;
		goto Fail;
	}
	Status = MfsResetHardware(Adapter);
	if (Status != NDIS_STATUS_SUCCESS)
		goto Fail;
	MfsReadPermanentAddress(Adapter);

	Status = MfsSetGeneralAttributes(Adapter);
	if (Status != NDIS_STATUS_SUCCESS)
		goto Fail;

	NdisZeroMemory(&Dma, sizeof(Dma));
	Dma.Header.Type = NDIS_OBJECT_TYPE_SG_DMA_DESCRIPTION;
	Dma.Header.Revision = NDIS_SG_DMA_DESCRIPTION_REVISION_1;
	Dma.Header.Size = NDIS_SIZEOF_SG_DMA_DESCRIPTION_REVISION_1;
	Dma.Flags = NDIS_SG_DMA_64_BIT_ADDRESS;
	Dma.MaximumPhysicalMapping = MFNIC_MAX_FRAME;
	Dma.ProcessSGListHandler = MfsProcessSgList;
	Status = NdisMRegisterScatterGatherDma(MiniportAdapterHandle, &Dma, &Adapter->DmaHandle);
	if (Status != NDIS_STATUS_SUCCESS) {
		Adapter->DmaHandle = NULL;
		goto Fail;
	}

	NdisZeroMemory(&Intr, sizeof(Intr));
	Intr.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_INTERRUPT;
	Intr.Header.Revision = NDIS_MINIPORT_INTERRUPT_REVISION_1;
	Intr.Header.Size = NDIS_SIZEOF_MINIPORT_INTERRUPT_CHARACTERISTICS_REVISION_1;
	Intr.InterruptHandler = MfsIsr;
	Intr.InterruptDpcHandler = MfsDpc;
	Intr.DisableInterruptHandler = MfsDisableInterrupt;
	Intr.EnableInterruptHandler = MfsEnableInterrupt;
	Status = NdisMRegisterInterruptEx(MiniportAdapterHandle, Adapter, &Intr,
					  &Adapter->InterruptHandle);
	if (Status != NDIS_STATUS_SUCCESS) {
		Adapter->InterruptHandle = NULL;
		goto Fail;
	}

	Adapter->TxRingSize = MFS_TX_DESC * MFNIC_DESC_SIZE;
	NdisMAllocateSharedMemory(MiniportAdapterHandle, Adapter->TxRingSize, FALSE,
				  &Adapter->TxRing, &Adapter->TxRingPa);
	if (Adapter->TxRing == NULL) {
		Status = NDIS_STATUS_RESOURCES;
		goto Fail;
	}
	Adapter->RxRingSize = MFS_RX_DESC * MFNIC_DESC_SIZE;
	NdisMAllocateSharedMemory(MiniportAdapterHandle, Adapter->RxRingSize, FALSE,
				  &Adapter->RxRing, &Adapter->RxRingPa);
	if (Adapter->RxRing == NULL) {
		MfsFreeResources(Adapter);
		return Status;
	}
	NdisZeroMemory(Adapter->TxRing, Adapter->TxRingSize);
	NdisZeroMemory(Adapter->RxRing, Adapter->RxRingSize);

	NdisZeroMemory(&PoolParameters, sizeof(PoolParameters));
	PoolParameters.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
	PoolParameters.Header.Revision = NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
	PoolParameters.Header.Size = NDIS_SIZEOF_NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
	PoolParameters.ProtocolId = NDIS_PROTOCOL_ID_DEFAULT;
	PoolParameters.fAllocateNetBuffer = TRUE;
	PoolParameters.PoolTag = MFS_TAG;
	Adapter->NblPool = NdisAllocateNetBufferListPool(MiniportAdapterHandle, &PoolParameters);
	if (Adapter->NblPool == NULL) {
		Status = NDIS_STATUS_RESOURCES;
		goto Fail;
	}

	NdisZeroMemory(&Timer, sizeof(Timer));
	Timer.Header.Type = NDIS_OBJECT_TYPE_TIMER_CHARACTERISTICS;
	Timer.Header.Revision = NDIS_TIMER_CHARACTERISTICS_REVISION_1;
	Timer.Header.Size = NDIS_SIZEOF_TIMER_CHARACTERISTICS_REVISION_1;
	Timer.AllocationTag = MFS_TAG;
	Timer.TimerFunction = MfsWatchdog;
	Timer.FunctionContext = Adapter;
	Status = NdisAllocateTimerObject(MiniportAdapterHandle, &Timer, &Adapter->WatchdogTimer);
	if (Status != NDIS_STATUS_SUCCESS) {
		Adapter->WatchdogTimer = NULL;
		goto Fail;
	}

	MfsStartHardware(Adapter);
	Adapter->State = MfsStatePaused;
	return NDIS_STATUS_SUCCESS;

Fail:
	MfsFreeResources(Adapter);
	NdisFreeSpinLock(&Adapter->Lock);
	NdisFreeMemory(Adapter, sizeof(MFS_ADAPTER), 0);
	return Status;
}

VOID MfsHaltEx(NDIS_HANDLE MiniportAdapterContext, NDIS_HALT_ACTION HaltAction)
{
	PMFS_ADAPTER Adapter = (PMFS_ADAPTER)MiniportAdapterContext;

	if (Adapter->WatchdogTimer != NULL)
		NdisCancelTimerObject(Adapter->WatchdogTimer);
	if (HaltAction != NdisHaltDeviceSurpriseRemoved && (Adapter->Flags & MFS_HW_STARTED))
		MfsStopHardware(Adapter);
	Adapter->State = MfsStateHalted;
	MfsFreeResources(Adapter);
	NdisFreeSpinLock(&Adapter->Lock);
	NdisFreeMemory(Adapter, sizeof(MFS_ADAPTER), 0);
}

static NDIS_STATUS MfsPause(NDIS_HANDLE MiniportAdapterContext,
			    PNDIS_MINIPORT_PAUSE_PARAMETERS PauseParameters)
{
	PMFS_ADAPTER Adapter = (PMFS_ADAPTER)MiniportAdapterContext;

	UNREFERENCED_PARAMETER(PauseParameters);
	Adapter->State = MfsStatePaused;
	return NDIS_STATUS_SUCCESS;
}

static NDIS_STATUS MfsRestart(NDIS_HANDLE MiniportAdapterContext,
			      PNDIS_MINIPORT_RESTART_PARAMETERS RestartParameters)
{
	PMFS_ADAPTER Adapter = (PMFS_ADAPTER)MiniportAdapterContext;

	UNREFERENCED_PARAMETER(RestartParameters);
	Adapter->State = MfsStateRunning;
	return NDIS_STATUS_SUCCESS;
}

static VOID MfsPnPEventNotify(NDIS_HANDLE MiniportAdapterContext, PNET_DEVICE_PNP_EVENT NetDevicePnPEvent)
{
	PMFS_ADAPTER Adapter = (PMFS_ADAPTER)MiniportAdapterContext;

	if (NetDevicePnPEvent->DevicePnPEvent == NdisDevicePnPEventSurpriseRemoved) {
		Adapter->Flags |= MFS_REMOVED;
		Adapter->Flags &= ~MFS_HW_STARTED;
	}
}

static VOID MfsShutdown(NDIS_HANDLE MiniportAdapterContext, NDIS_SHUTDOWN_ACTION ShutdownAction)
{
	PMFS_ADAPTER Adapter = (PMFS_ADAPTER)MiniportAdapterContext;

	UNREFERENCED_PARAMETER(ShutdownAction);
	if (Adapter->Flags & MFS_HW_STARTED)
		MfsStopHardware(Adapter);
}
