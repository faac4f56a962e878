/* mfk6_main.c: DriverEntry, MfkInitializeEx and MfkHaltEx of mfk6. */
#include "mfk6.h"

NDIS_HANDLE MfkDriverHandle = NULL;

DRIVER_INITIALIZE DriverEntry;
static MINIPORT_UNLOAD MfkUnload;
static MINIPORT_PAUSE MfkPause;
static MINIPORT_RESTART MfkRestart;
static MINIPORT_DEVICE_PNP_EVENT_NOTIFY MfkDevicePnPEvent;
static MINIPORT_SHUTDOWN MfkShutdown;

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	NDIS_MINIPORT_DRIVER_CHARACTERISTICS MChars;

	NdisZeroMemory(&MChars, sizeof(MChars));
	MChars.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;
	MChars.Header.Size = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_1;
	MChars.Header.Revision = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_1;
	MChars.MajorNdisVersion = 6;
	MChars.MinorNdisVersion = 0;
	MChars.MajorDriverVersion = 1;
	MChars.MinorDriverVersion = 7;
	MChars.InitializeHandlerEx = MfkInitializeEx;
	MChars.HaltHandlerEx = MfkHaltEx;
	MChars.UnloadHandler = MfkUnload;
	MChars.PauseHandler = MfkPause;
	MChars.RestartHandler = MfkRestart;
	MChars.OidRequestHandler = MfkOidRequest;
	MChars.CancelOidRequestHandler = MfkCancelOidRequest;
	MChars.SendNetBufferListsHandler = MfkSendNetBufferLists;
	MChars.ReturnNetBufferListsHandler = MfkReturnNetBufferLists;
	MChars.CancelSendHandler = MfkCancelSend;
	MChars.CheckForHangHandlerEx = MfkCheckForHang;
	MChars.ResetHandlerEx = MfkReset;
	MChars.DevicePnPEventNotifyHandler = MfkDevicePnPEvent;
	MChars.ShutdownHandlerEx = MfkShutdown;

	return NdisMRegisterMiniportDriver(DriverObject, RegistryPath, NULL, &MChars, &MfkDriverHandle);
}

static VOID MfkUnload(PDRIVER_OBJECT DriverObject)
{
	UNREFERENCED_PARAMETER(DriverObject);
	if (MfkDriverHandle != NULL)
		NdisMDeregisterMiniportDriver(MfkDriverHandle);
}

static NDIS_STATUS MfkFindDevice(PMFK_ADAPTER Adapter, PNDIS_RESOURCE_LIST Resources)
{
	ULONG PciId = 0;
	ULONG i;
	BOOLEAN Interrupt = FALSE;

	if (NdisMGetBusData(Adapter->MiniportAdapterHandle, PCI_WHICHSPACE_CONFIG, 0, &PciId,
			    sizeof(PciId)) != sizeof(PciId))
		return NDIS_STATUS_FAILURE;
	if ((PciId & 0xFFFF) != MFNIC_VENDOR_ID || (PciId >> 16) != MFNIC_DEVICE_ID)
		return NDIS_STATUS_NOT_SUPPORTED;

	if (Resources == NULL)
		return NDIS_STATUS_RESOURCES;
	for (i = 0; i < Resources->Count; i++) {
		PCM_PARTIAL_RESOURCE_DESCRIPTOR Res = &Resources->PartialDescriptors[i];

		switch (Res->Type) {
		case CmResourceTypeMemory:
			if (Adapter->RegsLength == 0 && Res->u.Memory.Length >= MFNIC_CSR_SIZE) {
				Adapter->RegsPhysical = Res->u.Memory.Start;
				Adapter->RegsLength = Res->u.Memory.Length;
			}
			break;
		case CmResourceTypeInterrupt:
			Interrupt = TRUE;
			break;
		default:
			break;
		}
	}
	return Adapter->RegsLength != 0 && Interrupt ? NDIS_STATUS_SUCCESS : NDIS_STATUS_RESOURCES;
}

static VOID MfkReadRegistry(PMFK_ADAPTER Adapter)
{
	NDIS_CONFIGURATION_OBJECT Co;
	NDIS_HANDLE Config = NULL;
	NDIS_STATUS Status;
	PUCHAR Address;
	UINT Length;

	NdisZeroMemory(&Co, sizeof(Co));
	Co.Header.Type = NDIS_OBJECT_TYPE_CONFIGURATION_OBJECT;
	Co.Header.Revision = NDIS_CONFIGURATION_OBJECT_REVISION_1;
	Co.Header.Size = sizeof(Co);
	Co.NdisHandle = Adapter->MiniportAdapterHandle;
	if (NdisOpenConfigurationEx(&Co, &Config) != NDIS_STATUS_SUCCESS)
		return; /* defaults */
	NdisReadNetworkAddress(&Status, (PVOID *)&Address, &Length, Config);
	if (Status == NDIS_STATUS_SUCCESS && Length == ETH_LENGTH_OF_ADDRESS && !(Address[0] & 1))
		NdisMoveMemory(Adapter->MacAddress, Address, ETH_LENGTH_OF_ADDRESS);
	NdisCloseConfiguration(Config);
}

static NDIS_STATUS MfkRegisterInterrupt(PMFK_ADAPTER Adapter)
{
	NDIS_MINIPORT_INTERRUPT_CHARACTERISTICS Ic;

	NdisZeroMemory(&Ic, sizeof(Ic));
	Ic.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_INTERRUPT;
	Ic.Header.Revision = NDIS_MINIPORT_INTERRUPT_REVISION_1;
	Ic.Header.Size = NDIS_SIZEOF_MINIPORT_INTERRUPT_CHARACTERISTICS_REVISION_1;
	Ic.InterruptHandler = MfkIsr;
	Ic.InterruptDpcHandler = MfkDpc;
	Ic.DisableInterruptHandler = MfkDisableInterrupt;
	Ic.EnableInterruptHandler = MfkEnableInterrupt;
	return NdisMRegisterInterruptEx(Adapter->MiniportAdapterHandle, Adapter, &Ic,
					&Adapter->InterruptHandle);
}

static NDIS_STATUS MfkRegisterDma(PMFK_ADAPTER Adapter)
{
	NDIS_SG_DMA_DESCRIPTION Dd;

	NdisZeroMemory(&Dd, sizeof(Dd));
	Dd.Header.Type = NDIS_OBJECT_TYPE_SG_DMA_DESCRIPTION;
	Dd.Header.Revision = NDIS_SG_DMA_DESCRIPTION_REVISION_1;
	Dd.Header.Size = NDIS_SIZEOF_SG_DMA_DESCRIPTION_REVISION_1;
	Dd.Flags = NDIS_SG_DMA_64_BIT_ADDRESS;
	Dd.MaximumPhysicalMapping = MFNIC_MAX_FRAME;
	Dd.ProcessSGListHandler = MfkProcessSgList;
	return NdisMRegisterScatterGatherDma(Adapter->MiniportAdapterHandle, &Dd, &Adapter->DmaHandle);
}

static NDIS_STATUS MfkSetAttributes(PMFK_ADAPTER Adapter, BOOLEAN Registration)
{
	NDIS_MINIPORT_ADAPTER_ATTRIBUTES Attributes;

	NdisZeroMemory(&Attributes, sizeof(Attributes));
	if (Registration) {
		PNDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES R = &Attributes.RegistrationAttributes;

		R->Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES;
		R->Header.Revision = NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
		R->Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
		R->MiniportAdapterContext = (NDIS_HANDLE)Adapter;
		R->AttributeFlags = NDIS_MINIPORT_ATTRIBUTES_HARDWARE_DEVICE |
				    NDIS_MINIPORT_ATTRIBUTES_BUS_MASTER;
		R->CheckForHangTimeInSeconds = 4;
		R->InterfaceType = NdisInterfacePci;
	} else {
		PNDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES G = &Attributes.GeneralAttributes;

		G->Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES;
		G->Header.Revision = NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_1;
		G->Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_1;
		G->MediaType = NdisMedium802_3;
		G->PhysicalMediumType = NdisPhysicalMediumUnspecified;
		G->MtuSize = 1500;
		G->MaxXmitLinkSpeed = G->MaxRcvLinkSpeed = 100000000ULL;
		G->XmitLinkSpeed = G->RcvLinkSpeed = NDIS_LINK_SPEED_UNKNOWN;
		G->MediaConnectState = MediaConnectStateUnknown;
		G->MediaDuplexState = MediaDuplexStateUnknown;
		G->LookaheadSize = 1500;
		G->MacOptions = NDIS_MAC_OPTION_NO_LOOPBACK | NDIS_MAC_OPTION_TRANSFERS_NOT_PEND;
		G->SupportedPacketFilters = NDIS_PACKET_TYPE_DIRECTED | NDIS_PACKET_TYPE_BROADCAST |
					    NDIS_PACKET_TYPE_PROMISCUOUS;
		G->MaxMulticastListSize = 0;
		G->MacAddressLength = ETH_LENGTH_OF_ADDRESS;
		NdisMoveMemory(G->PermanentMacAddress, Adapter->MacAddress, ETH_LENGTH_OF_ADDRESS);
		NdisMoveMemory(G->CurrentMacAddress, Adapter->MacAddress, ETH_LENGTH_OF_ADDRESS);
		G->AccessType = NET_IF_ACCESS_BROADCAST;
		G->DirectionType = NET_IF_DIRECTION_SENDRECEIVE;
		G->ConnectionType = NET_IF_CONNECTION_DEDICATED;
		G->IfType = IF_TYPE_ETHERNET_CSMACD;
		G->IfConnectorPresent = TRUE;
		G->SupportedOidList = (PNDIS_OID)MfkOids;
		G->SupportedOidListLength = MfkOidsLength;
	}
	return NdisMSetMiniportAttributes(Adapter->MiniportAdapterHandle, &Attributes);
}

NDIS_STATUS MfkInitializeEx(NDIS_HANDLE MiniportAdapterHandle, NDIS_HANDLE MiniportDriverContext,
			    PNDIS_MINIPORT_INIT_PARAMETERS MiniportInitParameters)
{
	PMFK_ADAPTER Adapter;
	NDIS_STATUS Status;

	UNREFERENCED_PARAMETER(MiniportDriverContext);

	Adapter = (PMFK_ADAPTER)NdisAllocateMemoryWithTagPriority(
		MiniportAdapterHandle, sizeof(*Adapter), MFK_POOL_TAG, NormalPoolPriority);
	if (Adapter == NULL)
		return NDIS_STATUS_RESOURCES;
	NdisZeroMemory(Adapter, sizeof(*Adapter));
	Adapter->MiniportAdapterHandle = MiniportAdapterHandle;

	Status = MfkSetAttributes(Adapter, TRUE);
	if (Status != NDIS_STATUS_SUCCESS)
		goto FailAdapter;
	Status = MfkFindDevice(Adapter, MiniportInitParameters->AllocatedResources);
	if (Status != NDIS_STATUS_SUCCESS)
		goto FailAdapter;
	MfkReadRegistry(Adapter);

	Status = NdisMMapIoSpace((PVOID *)&Adapter->Regs, MiniportAdapterHandle,
				 Adapter->RegsPhysical, Adapter->RegsLength);
	if (Status != NDIS_STATUS_SUCCESS)
		goto FailAdapter;

	Status = MfkResetHw(Adapter);
	if (Status != NDIS_STATUS_SUCCESS) {
		NdisWriteErrorLogEntry(MiniportAdapterHandle, NDIS_ERROR_CODE_HARDWARE_FAILURE, 1,
				       MFK_READ(Adapter, MFNIC_STATUS));
		NdisMUnmapIoSpace(MiniportAdapterHandle, (PVOID)Adapter->Regs, Adapter->RegsLength);
		return Status;
	}
	MfkReadMac(Adapter);

	Status = MfkSetAttributes(Adapter, FALSE);
	if (Status != NDIS_STATUS_SUCCESS)
		goto FailUnmap;
	Status = MfkRegisterDma(Adapter);
	if (Status != NDIS_STATUS_SUCCESS)
		goto FailUnmap;
	Status = MfkAllocateRings(Adapter);
	if (Status != NDIS_STATUS_SUCCESS)
		goto FailDma;
	Status = MfkAllocateRxArea(Adapter);
	if (Status != NDIS_STATUS_SUCCESS)
		goto FailRings;
	Status = MfkAllocateRxNbls(Adapter);
	if (Status != NDIS_STATUS_SUCCESS)
		goto FailRxArea;
	Status = MfkRegisterInterrupt(Adapter);
	if (Status != NDIS_STATUS_SUCCESS)
		goto FailRxNbls;

	MfkStartHw(Adapter);
	return NDIS_STATUS_SUCCESS;

FailRxNbls:
	MfkFreeRxNbls(Adapter);
FailRxArea:
	MfkFreeRxArea(Adapter);
FailRings:
	MfkFreeRings(Adapter);
FailDma:
	NdisMDeregisterScatterGatherDma(Adapter->DmaHandle);
FailUnmap:
	NdisMUnmapIoSpace(MiniportAdapterHandle, (PVOID)Adapter->Regs, Adapter->RegsLength);
FailAdapter:
	NdisFreeMemory(Adapter, sizeof(*Adapter), 0);
	return Status;
}

VOID MfkHaltEx(NDIS_HANDLE MiniportAdapterContext, NDIS_HALT_ACTION HaltAction)
{
	PMFK_ADAPTER Adapter = (PMFK_ADAPTER)MiniportAdapterContext;

	if (HaltAction != NdisHaltDeviceSurpriseRemoved && !Adapter->Removed)
		MfkStopHw(Adapter);
	NdisMDeregisterInterruptEx(Adapter->InterruptHandle);
	MfkFreeRxNbls(Adapter);
	MfkFreeRxArea(Adapter);
	MfkFreeRings(Adapter);
	NdisMDeregisterScatterGatherDma(Adapter->DmaHandle);
	NdisMUnmapIoSpace(Adapter->MiniportAdapterHandle, (PVOID)Adapter->Regs, Adapter->RegsLength);
	NdisFreeMemory(Adapter, sizeof(*Adapter), 0);
}

static NDIS_STATUS MfkPause(NDIS_HANDLE MiniportAdapterContext,
			    PNDIS_MINIPORT_PAUSE_PARAMETERS MiniportPauseParameters)
{
	UNREFERENCED_PARAMETER(MiniportPauseParameters);
	((PMFK_ADAPTER)MiniportAdapterContext)->Running = FALSE;
	return NDIS_STATUS_SUCCESS;
}

static NDIS_STATUS MfkRestart(NDIS_HANDLE MiniportAdapterContext,
			      PNDIS_MINIPORT_RESTART_PARAMETERS MiniportRestartParameters)
{
	UNREFERENCED_PARAMETER(MiniportRestartParameters);
	((PMFK_ADAPTER)MiniportAdapterContext)->Running = TRUE;
	return NDIS_STATUS_SUCCESS;
}

static VOID MfkDevicePnPEvent(NDIS_HANDLE MiniportAdapterContext, PNET_DEVICE_PNP_EVENT NetDevicePnPEvent)
{
	if (NetDevicePnPEvent->DevicePnPEvent == NdisDevicePnPEventSurpriseRemoved)
		((PMFK_ADAPTER)MiniportAdapterContext)->Removed = TRUE;
}

static VOID MfkShutdown(NDIS_HANDLE MiniportAdapterContext, NDIS_SHUTDOWN_ACTION ShutdownAction)
{
	PMFK_ADAPTER Adapter = (PMFK_ADAPTER)MiniportAdapterContext;

	UNREFERENCED_PARAMETER(ShutdownAction);
	if (!Adapter->Removed)
		MfkStopHw(Adapter);
}
