/* mfn6_init.c: DriverEntry, MfnInitializeEx, MfnHaltEx and MfnCleanup. */
#include "mfn6.h"

static NDIS_HANDLE MfnDriver;

DRIVER_INITIALIZE DriverEntry;
static MINIPORT_UNLOAD MfnUnload;
static MINIPORT_DEVICE_PNP_EVENT_NOTIFY MfnPnPEvent;
static MINIPORT_SHUTDOWN MfnShutdown;

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	NDIS_MINIPORT_DRIVER_CHARACTERISTICS c;
	NDIS_STATUS s;

	NdisZeroMemory(&c, sizeof(c));
	c.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;
	c.Header.Size = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
	c.Header.Revision = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
	c.MajorNdisVersion = 6;
	c.MinorNdisVersion = 30;
	c.MajorDriverVersion = 3;
	c.MinorDriverVersion = 0;
	c.InitializeHandlerEx = MfnInitializeEx;
	c.HaltHandlerEx = MfnHaltEx;
	c.UnloadHandler = MfnUnload;
	c.PauseHandler = MfnPause;
	c.RestartHandler = MfnRestart;
	c.OidRequestHandler = MfnOidRequest;
	c.CancelOidRequestHandler = MfnCancelOidRequest;
	c.SendNetBufferListsHandler = MfnSendNetBufferLists;
	c.ReturnNetBufferListsHandler = MfnReturnNetBufferLists;
	c.CancelSendHandler = MfnCancelSend;
	c.CheckForHangHandlerEx = MfnCheckForHang;
	c.ResetHandlerEx = MfnReset;
	c.DevicePnPEventNotifyHandler = MfnPnPEvent;
	c.ShutdownHandlerEx = MfnShutdown;

	s = NdisMRegisterMiniportDriver(DriverObject, RegistryPath, NULL, &c, &MfnDriver);
	if (s != NDIS_STATUS_SUCCESS)
		return STATUS_UNSUCCESSFUL;
	return STATUS_SUCCESS;
}

static VOID MfnUnload(PDRIVER_OBJECT DriverObject)
{
	UNREFERENCED_PARAMETER(DriverObject);
	NdisMDeregisterMiniportDriver(MfnDriver);
}

static VOID MfnPnPEvent(NDIS_HANDLE Context, PNET_DEVICE_PNP_EVENT Event)
{
	PMFN_ADAPTER A = (PMFN_ADAPTER)Context;

	if (Event->DevicePnPEvent == NdisDevicePnPEventSurpriseRemoved)
		A->SurpriseRemoved = TRUE;
}

static VOID MfnShutdown(NDIS_HANDLE Context, NDIS_SHUTDOWN_ACTION Action)
{
	PMFN_ADAPTER A = (PMFN_ADAPTER)Context;

	UNREFERENCED_PARAMETER(Action);
	if (!A->SurpriseRemoved)
		MfnQuiet(A);
}

/* Takes the adapter apart: the chip is quieted first so that it stops
 * DMA before its rings go. */
static VOID MfnCleanup(PMFN_ADAPTER A)
{
	MfnQuiet(A);

	if (A->Interrupt != NULL)
		NdisMDeregisterInterruptEx(A->Interrupt);
	if (A->LinkTimer != NULL) {
		NdisCancelTimerObject(A->LinkTimer);
		NdisFreeTimerObject(A->LinkTimer);
	}
	if (A->LinkWorkItem != NULL)
		NdisFreeIoWorkItem(A->LinkWorkItem);
	if (A->NblPool != NULL)
		NdisFreeNetBufferListPool(A->NblPool);
	if (A->Rx.Va != NULL)
		NdisMFreeSharedMemory(A->NdisHandle, A->Rx.Bytes, FALSE, A->Rx.Va, A->Rx.Pa);
	if (A->Tx.Va != NULL)
		NdisMFreeSharedMemory(A->NdisHandle, A->Tx.Bytes, FALSE, A->Tx.Va, A->Tx.Pa);
	if (A->SgDma != NULL)
		NdisMDeregisterScatterGatherDma(A->SgDma);
	NdisFreeMemory(A, sizeof(MFN_ADAPTER), 0);
}

static NDIS_STATUS MfnResources(PMFN_ADAPTER A, PNDIS_MINIPORT_INIT_PARAMETERS Params)
{
	PNDIS_RESOURCE_LIST List = Params->AllocatedResources;
	BOOLEAN Irq = FALSE;
	ULONG i;

	if (List == NULL)
		return NDIS_STATUS_RESOURCES;
	for (i = 0; i < List->Count; i++) {
		PCM_PARTIAL_RESOURCE_DESCRIPTOR d = &List->PartialDescriptors[i];

		if (d->Type == CmResourceTypeMemory && A->CsrBytes == 0) {
			A->CsrPa = d->u.Memory.Start;
			A->CsrBytes = d->u.Memory.Length;
		} else if (d->Type == CmResourceTypePort && A->IoBytes == 0) {
			A->IoPort = d->u.Port.Start.LowPart;
			A->IoBytes = d->u.Port.Length;
		} else if (d->Type == CmResourceTypeInterrupt) {
			Irq = TRUE;
		}
	}
	if (!Irq || A->CsrBytes < MFNIC_CSR_SIZE)
		return NDIS_STATUS_RESOURCES;
	return NDIS_STATUS_SUCCESS;
}

static NDIS_STATUS MfnRegistry(PMFN_ADAPTER A)
{
	NDIS_CONFIGURATION_OBJECT co;
	NDIS_HANDLE h;
	NDIS_STATUS s;
	PNDIS_CONFIGURATION_PARAMETER p;
	NDIS_STRING JumboName = NDIS_STRING_CONST("*JumboPacket");
	PVOID Mac;
	UINT MacLength;

	co.Header.Type = NDIS_OBJECT_TYPE_CONFIGURATION_OBJECT;
	co.Header.Revision = NDIS_CONFIGURATION_OBJECT_REVISION_1;
	co.Header.Size = NDIS_SIZEOF_CONFIGURATION_OBJECT_REVISION_1;
	co.NdisHandle = A->NdisHandle;
	co.Flags = 0;
	s = NdisOpenConfigurationEx(&co, &h);
	if (s != NDIS_STATUS_SUCCESS)
		return s;
	A->RxBufferSize = MFNIC_RX_BUFFER;
	NdisReadConfiguration(&s, &p, h, &JumboName, NdisParameterInteger);
	if (s == NDIS_STATUS_SUCCESS && p->ParameterData.IntegerData == 1514)
		A->RxBufferSize = MFNIC_RX_BUFFER; /* the only size this chip takes */
	NdisReadNetworkAddress(&s, &Mac, &MacLength, h);
	if (s == NDIS_STATUS_SUCCESS && MacLength == ETH_LENGTH_OF_ADDRESS)
		NdisMoveMemory(A->Mac, Mac, ETH_LENGTH_OF_ADDRESS);
	NdisCloseConfiguration(h);
	return NDIS_STATUS_SUCCESS;
}

static NDIS_STATUS MfnAttributes(PMFN_ADAPTER A)
{
	NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES g;

	NdisZeroMemory(&g, sizeof(g));
	g.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES;
	g.Header.Revision = NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2;
	g.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2;
	g.MediaType = NdisMedium802_3;
	g.PhysicalMediumType = NdisPhysicalMedium802_3;
	g.MtuSize = 1500;
	g.MaxXmitLinkSpeed = g.MaxRcvLinkSpeed = 1000000000ULL;
	g.XmitLinkSpeed = g.RcvLinkSpeed = NDIS_LINK_SPEED_UNKNOWN;
	g.MediaConnectState = A->Link;
	g.MediaDuplexState = MediaDuplexStateUnknown;
	g.LookaheadSize = 1500;
	g.MacOptions = NDIS_MAC_OPTION_NO_LOOPBACK;
	g.SupportedPacketFilters = NDIS_PACKET_TYPE_DIRECTED | NDIS_PACKET_TYPE_BROADCAST |
				   NDIS_PACKET_TYPE_MULTICAST;
	g.MaxMulticastListSize = 32;
	g.MacAddressLength = ETH_LENGTH_OF_ADDRESS;
	NdisMoveMemory(g.PermanentMacAddress, A->Mac, ETH_LENGTH_OF_ADDRESS);
	NdisMoveMemory(g.CurrentMacAddress, A->Mac, ETH_LENGTH_OF_ADDRESS);
	g.AccessType = NET_IF_ACCESS_BROADCAST;
	g.DirectionType = NET_IF_DIRECTION_SENDRECEIVE;
	g.ConnectionType = NET_IF_CONNECTION_DEDICATED;
	g.IfType = IF_TYPE_ETHERNET_CSMACD;
	g.IfConnectorPresent = TRUE;
	g.SupportedOidList = MfnOidList;
	g.SupportedOidListLength = MfnOidListBytes;
	return NdisMSetMiniportAttributes(A->NdisHandle, (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&g);
}

static NDIS_STATUS MfnRing(PMFN_ADAPTER A, PMFN_RING Ring, ULONG Count)
{
	Ring->Count = Count;
	Ring->Bytes = Count * MFNIC_DESC_SIZE;
	Ring->Next = 0;
	NdisMAllocateSharedMemory(A->NdisHandle, Ring->Bytes, FALSE, &Ring->Va, &Ring->Pa);
	if (Ring->Va == NULL)
		return NDIS_STATUS_RESOURCES;
	NdisZeroMemory(Ring->Va, Ring->Bytes);
	return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS MfnInitializeEx(NDIS_HANDLE NdisHandle, NDIS_HANDLE DriverContext,
			    PNDIS_MINIPORT_INIT_PARAMETERS Params)
{
	PMFN_ADAPTER A;
	NDIS_STATUS s;
	NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES r;
	NDIS_SG_DMA_DESCRIPTION dma;
	NET_BUFFER_LIST_POOL_PARAMETERS pool;
	NDIS_TIMER_CHARACTERISTICS timer;
	NDIS_MINIPORT_INTERRUPT_CHARACTERISTICS irq;
	USHORT Ids[2];

	UNREFERENCED_PARAMETER(DriverContext);

	A = NdisAllocateMemoryWithTagPriority(NdisHandle, sizeof(MFN_ADAPTER), MFN_TAG,
					      NormalPoolPriority);
	if (A == NULL)
		return NDIS_STATUS_RESOURCES;
	NdisZeroMemory(A, sizeof(MFN_ADAPTER));
	A->NdisHandle = NdisHandle;
	A->Link = MediaConnectStateUnknown;

	NdisZeroMemory(&r, sizeof(r));
	r.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES;
	r.Header.Revision = NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
	r.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
	r.MiniportAdapterContext = A;
	r.AttributeFlags = NDIS_MINIPORT_ATTRIBUTES_HARDWARE_DEVICE | NDIS_MINIPORT_ATTRIBUTES_BUS_MASTER;
	r.CheckForHangTimeInSeconds = 0;
	r.InterfaceType = NdisInterfacePci;
	s = NdisMSetMiniportAttributes(NdisHandle, (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&r);
	if (s != NDIS_STATUS_SUCCESS) {
		NdisFreeMemory(A, sizeof(MFN_ADAPTER), 0);
		return s;
	}

	if (NdisMGetBusData(NdisHandle, PCI_WHICHSPACE_CONFIG, 0, Ids, sizeof(Ids)) != sizeof(Ids) ||
	    Ids[0] != MFNIC_VENDOR_ID || Ids[1] != MFNIC_DEVICE_ID) {
		NdisFreeMemory(A, sizeof(MFN_ADAPTER), 0);
		return NDIS_STATUS_NOT_SUPPORTED;
	}
	s = MfnResources(A, Params);
	if (s != NDIS_STATUS_SUCCESS) {
		NdisFreeMemory(A, sizeof(MFN_ADAPTER), 0);
		return s;
	}

	s = NdisMMapIoSpace((PVOID *)&A->Csr, NdisHandle, A->CsrPa, A->CsrBytes);
	if (s != NDIS_STATUS_SUCCESS)
		goto Fail;
	if (!MfnResetChip(A)) {
		s = NDIS_STATUS_DEVICE_FAILED;
		goto Fail;
	}

	s = MfnRegistry(A);
	if (s != NDIS_STATUS_SUCCESS)
		goto Fail;
	MfnStationAddress(A);
	s = MfnAttributes(A);
	if (s != NDIS_STATUS_SUCCESS)
		goto Fail;

	NdisZeroMemory(&dma, sizeof(dma));
	dma.Header.Type = NDIS_OBJECT_TYPE_SG_DMA_DESCRIPTION;
	dma.Header.Revision = NDIS_SG_DMA_DESCRIPTION_REVISION_1;
	dma.Header.Size = NDIS_SIZEOF_SG_DMA_DESCRIPTION_REVISION_1;
	dma.Flags = NDIS_SG_DMA_64_BIT_ADDRESS;
	dma.MaximumPhysicalMapping = MFNIC_MAX_FRAME;
	dma.ProcessSGListHandler = MfnProcessSgList;
	s = NdisMRegisterScatterGatherDma(NdisHandle, &dma, &A->SgDma);
	if (s != NDIS_STATUS_SUCCESS) {
		A->SgDma = NULL;
		goto Fail;
	}

	s = MfnRing(A, &A->Tx, MFN_TX_RING);
	if (s != NDIS_STATUS_SUCCESS)
		goto Fail;
	s = MfnRing(A, &A->Rx, MFN_RX_RING);
	if (s != NDIS_STATUS_SUCCESS)
		goto Fail;

	NdisZeroMemory(&pool, sizeof(pool));
	pool.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
	pool.Header.Revision = NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
	pool.Header.Size = NDIS_SIZEOF_NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
	pool.ProtocolId = NDIS_PROTOCOL_ID_DEFAULT;
	pool.fAllocateNetBuffer = TRUE;
	pool.PoolTag = MFN_TAG;
	A->NblPool = NdisAllocateNetBufferListPool(NdisHandle, &pool);
	if (A->NblPool == NULL) {
		s = NDIS_STATUS_RESOURCES;
		goto Fail;
	}

	A->LinkWorkItem = NdisAllocateIoWorkItem(NdisHandle);
	if (A->LinkWorkItem == NULL) {
		s = NDIS_STATUS_RESOURCES;
		goto Fail;
	}

	NdisZeroMemory(&timer, sizeof(timer));
	timer.Header.Type = NDIS_OBJECT_TYPE_TIMER_CHARACTERISTICS;
	timer.Header.Revision = NDIS_TIMER_CHARACTERISTICS_REVISION_1;
	timer.Header.Size = NDIS_SIZEOF_TIMER_CHARACTERISTICS_REVISION_1;
	timer.AllocationTag = MFN_TAG;
	timer.TimerFunction = MfnLinkTimer;
	timer.FunctionContext = A;
	s = NdisAllocateTimerObject(NdisHandle, &timer, &A->LinkTimer);
	if (s != NDIS_STATUS_SUCCESS) {
		A->LinkTimer = NULL;
		goto Fail;
	}

	NdisZeroMemory(&irq, sizeof(irq));
	irq.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_INTERRUPT;
	irq.Header.Revision = NDIS_MINIPORT_INTERRUPT_REVISION_1;
	irq.Header.Size = NDIS_SIZEOF_MINIPORT_INTERRUPT_CHARACTERISTICS_REVISION_1;
	irq.InterruptHandler = MfnIsr;
	irq.InterruptDpcHandler = MfnDpc;
	irq.DisableInterruptHandler = MfnDisableInterrupt;
	irq.EnableInterruptHandler = MfnEnableInterrupt;
	s = NdisMRegisterInterruptEx(NdisHandle, A, &irq, &A->Interrupt);
	if (s != NDIS_STATUS_SUCCESS) {
		A->Interrupt = NULL;
		goto Fail;
	}

	MfnStart(A);
	A->Paused = TRUE;
	{
		LARGE_INTEGER Due;

		Due.QuadPart = -10000LL * MFN_LINK_CHECK_MS;
		NdisSetTimerObject(A->LinkTimer, Due, MFN_LINK_CHECK_MS, NULL);
	}
	return NDIS_STATUS_SUCCESS;

Fail:
	MfnCleanup(A);
	return s;
}

VOID MfnHaltEx(NDIS_HANDLE Context, NDIS_HALT_ACTION Action)
{
	PMFN_ADAPTER A = (PMFN_ADAPTER)Context;

	if (Action == NdisHaltDeviceSurpriseRemoved)
		A->SurpriseRemoved = TRUE;
	MfnCleanup(A);
}

VOID MfnLinkTimer(PVOID S1, PVOID Context, PVOID S2, PVOID S3)
{
	PMFN_ADAPTER A = (PMFN_ADAPTER)Context;

	UNREFERENCED_PARAMETER(S1);
	UNREFERENCED_PARAMETER(S2);
	UNREFERENCED_PARAMETER(S3);
	if (!A->LinkCheckQueued) {
		A->LinkCheckQueued = 1;
		NdisQueueIoWorkItem(A->LinkWorkItem, MfnLinkWork, A);
	}
}

VOID MfnLinkWork(PVOID Context, NDIS_HANDLE WorkItem)
{
	PMFN_ADAPTER A = (PMFN_ADAPTER)Context;
	NDIS_MEDIA_CONNECT_STATE Now;

	UNREFERENCED_PARAMETER(WorkItem);
	A->LinkCheckQueued = 0;
	if (A->SurpriseRemoved)
		return;
	Now = (MFN_READ(A, MFNIC_STATUS) & MFNIC_STATUS_LU) ? MediaConnectStateConnected
							    : MediaConnectStateDisconnected;
	A->Link = Now;
}
