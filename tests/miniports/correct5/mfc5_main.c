/* mfc5_main.c: DriverEntry, MiniportInitialize and MiniportHalt of mfc5.
 *
 * MfcInitialize acquires in this order and its failure ladder releases in
 * the reverse one; MfcHalt walks the same ladder from the top:
 *   adapter block, spin lock, (configuration, PCI, resources: released
 *   inside their helpers), register mapping, port range, rings and
 *   receive buffers, receive packets, link timer, interrupt. */
#include "mfc5.h"

static NDIS_HANDLE MfcWrapperHandle;

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath);
static VOID MfcUnload(PDRIVER_OBJECT DriverObject);
static VOID MfcShutdown(PVOID ShutdownContext);
static VOID MfcPnPEventNotify(NDIS_HANDLE MiniportAdapterContext, NDIS_DEVICE_PNP_EVENT PnPEvent,
			      PVOID InformationBuffer, ULONG InformationBufferLength);
static VOID MfcCancelSendPackets(NDIS_HANDLE MiniportAdapterContext, PVOID CancelId);

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	NDIS_STATUS Status;
	NDIS_MINIPORT_CHARACTERISTICS Chars;

	NdisMInitializeWrapper(&MfcWrapperHandle, DriverObject, RegistryPath, NULL);
	if (MfcWrapperHandle == NULL)
		return NDIS_STATUS_FAILURE;

	NdisZeroMemory(&Chars, sizeof(Chars));
	Chars.MajorNdisVersion = MFC_NDIS_MAJOR;
	Chars.MinorNdisVersion = MFC_NDIS_MINOR;
	Chars.InitializeHandler = MfcInitialize;
	Chars.HaltHandler = MfcHalt;
	Chars.QueryInformationHandler = MfcQueryInformation;
	Chars.SetInformationHandler = MfcSetInformation;
	Chars.SendPacketsHandler = MfcSendPackets;
	Chars.ReturnPacketHandler = MfcReturnPacket;
	Chars.ResetHandler = MfcReset;
	Chars.CheckForHangHandler = MfcCheckForHang;
	Chars.ISRHandler = MfcIsr;
	Chars.HandleInterruptHandler = MfcHandleInterrupt;
	Chars.DisableInterruptHandler = MfcDisableInterrupt;
	Chars.EnableInterruptHandler = MfcEnableInterrupt;
	Chars.PnPEventNotifyHandler = MfcPnPEventNotify;
	Chars.AdapterShutdownHandler = MfcShutdown;
	Chars.CancelSendPacketsHandler = MfcCancelSendPackets;

	Status = NdisMRegisterMiniport(MfcWrapperHandle, &Chars, sizeof(Chars));
	if (Status != NDIS_STATUS_SUCCESS) {
		NdisTerminateWrapper(MfcWrapperHandle, NULL);
		MfcWrapperHandle = NULL;
		return Status;
	}
	NdisMRegisterUnloadHandler(MfcWrapperHandle, MfcUnload);
	return NDIS_STATUS_SUCCESS;
}

static VOID MfcUnload(PDRIVER_OBJECT DriverObject)
{
	UNREFERENCED_PARAMETER(DriverObject);
	/* Every adapter is halted before NDIS unloads the driver: nothing of
	 * an adapter is left to free here. */
}

/* Picks 802.3 out of the media NDIS offers. */
static NDIS_STATUS MfcSelectMedium(PUINT SelectedMediumIndex, PNDIS_MEDIUM MediumArray,
				   UINT MediumArraySize)
{
	UINT i;

	for (i = 0; i < MediumArraySize; i++) {
		if (MediumArray[i] == NdisMedium802_3) {
			*SelectedMediumIndex = i;
			return NDIS_STATUS_SUCCESS;
		}
	}
	return NDIS_STATUS_UNSUPPORTED_MEDIA;
}

NDIS_STATUS MfcInitialize(PNDIS_STATUS OpenErrorStatus, PUINT SelectedMediumIndex,
			  PNDIS_MEDIUM MediumArray, UINT MediumArraySize,
			  NDIS_HANDLE MiniportAdapterHandle, NDIS_HANDLE WrapperConfigurationContext)
{
	NDIS_STATUS Status;
	PMFC_ADAPTER Adapter = NULL;

	UNREFERENCED_PARAMETER(OpenErrorStatus);

	Status = MfcSelectMedium(SelectedMediumIndex, MediumArray, MediumArraySize);
	if (Status != NDIS_STATUS_SUCCESS)
		return Status;

	Status = NdisAllocateMemoryWithTag((PVOID *)&Adapter, sizeof(MFC_ADAPTER), MFC_TAG);
	if (Status != NDIS_STATUS_SUCCESS)
		return NDIS_STATUS_RESOURCES;
	NdisZeroMemory(Adapter, sizeof(MFC_ADAPTER));
	Adapter->MiniportHandle = MiniportAdapterHandle;
	NdisAllocateSpinLock(&Adapter->Lock);

	Status = MfcReadConfiguration(Adapter, WrapperConfigurationContext);
	if (Status != NDIS_STATUS_SUCCESS)
		goto FailSpinLock;

	Status = MfcReadPciInfo(Adapter);
	if (Status != NDIS_STATUS_SUCCESS)
		goto FailSpinLock;

	Status = MfcQueryResources(Adapter, WrapperConfigurationContext);
	if (Status != NDIS_STATUS_SUCCESS)
		goto FailSpinLock;

	/* Before any NdisM call that claims hardware. */
	NdisMSetAttributesEx(MiniportAdapterHandle, (NDIS_HANDLE)Adapter, MFC_HANG_SECONDS,
			     NDIS_ATTRIBUTE_BUS_MASTER | NDIS_ATTRIBUTE_DESERIALIZE,
			     NdisInterfacePci);

	Status = NdisMMapIoSpace((PVOID *)&Adapter->CsrBase, MiniportAdapterHandle,
				 Adapter->CsrPhysical, Adapter->CsrLength);
	if (Status != NDIS_STATUS_SUCCESS) {
		NdisWriteErrorLogEntry(MiniportAdapterHandle, NDIS_ERROR_CODE_RESOURCE_CONFLICT, 1,
				       NdisGetPhysicalAddressLow(Adapter->CsrPhysical));
		Adapter->CsrBase = NULL;
		goto FailSpinLock;
	}

	if (Adapter->IoLength != 0) {
		Status = NdisMRegisterIoPortRange(&Adapter->IoOffset, MiniportAdapterHandle,
						  Adapter->IoBase, Adapter->IoLength);
		if (Status != NDIS_STATUS_SUCCESS)
			goto FailUnmap;
		MFC_SET_FLAG(Adapter, fMFC_IO_WINDOW);
	}

	Status = MfcResetChip(Adapter);
	if (Status != NDIS_STATUS_SUCCESS) {
		NdisWriteErrorLogEntry(MiniportAdapterHandle, NDIS_ERROR_CODE_HARDWARE_FAILURE, 1,
				       (ULONG)MFNIC_STATUS);
		goto FailPorts;
	}
	MfcReadStationAddress(Adapter);

	Status = NdisMInitializeScatterGatherDma(MiniportAdapterHandle, TRUE, MFNIC_MAX_FRAME);
	if (Status != NDIS_STATUS_SUCCESS)
		goto FailPorts;

	Status = MfcAllocateRings(Adapter);
	if (Status != NDIS_STATUS_SUCCESS)
		goto FailPorts;

	Status = MfcAllocateRxPackets(Adapter);
	if (Status != NDIS_STATUS_SUCCESS)
		goto FailRings;

	NdisMInitializeTimer(&Adapter->LinkTimer, MiniportAdapterHandle, MfcLinkTimer, Adapter);

	Status = NdisMRegisterInterrupt(&Adapter->Interrupt, MiniportAdapterHandle,
					Adapter->InterruptVector, Adapter->InterruptLevel, TRUE,
					Adapter->InterruptShared,
					Adapter->InterruptLatched ? NdisInterruptLatched
								  : NdisInterruptLevelSensitive);
	if (Status != NDIS_STATUS_SUCCESS) {
		NdisWriteErrorLogEntry(MiniportAdapterHandle, NDIS_ERROR_CODE_INTERRUPT_CONNECT, 1,
				       Adapter->InterruptVector);
		goto FailRxPackets;
	}
	Adapter->InterruptRegistered = TRUE;

	MfcStartChip(Adapter);
	MfcUpdateLink(Adapter);
	NdisMSetTimer(&Adapter->LinkTimer, MFC_LINK_POLL_MS);
	Adapter->LinkTimerSet = TRUE;
	return NDIS_STATUS_SUCCESS;

FailRxPackets:
	MfcFreeRxPackets(Adapter);
FailRings:
	MfcFreeRings(Adapter);
FailPorts:
	if (MFC_TEST_FLAG(Adapter, fMFC_IO_WINDOW)) {
		NdisMDeregisterIoPortRange(MiniportAdapterHandle, Adapter->IoBase, Adapter->IoLength,
					   Adapter->IoOffset);
		MFC_CLEAR_FLAG(Adapter, fMFC_IO_WINDOW);
	}
FailUnmap:
	NdisMUnmapIoSpace(MiniportAdapterHandle, Adapter->CsrBase, Adapter->CsrLength);
	Adapter->CsrBase = NULL;
FailSpinLock:
	NdisFreeSpinLock(&Adapter->Lock);
	NdisFreeMemory(Adapter, sizeof(MFC_ADAPTER), 0);
	return Status;
}

VOID MfcHalt(NDIS_HANDLE MiniportAdapterContext)
{
	PMFC_ADAPTER Adapter = (PMFC_ADAPTER)MiniportAdapterContext;
	BOOLEAN Cancelled;

	MFC_SET_FLAG(Adapter, fMFC_HALTING);
	if (Adapter->LinkTimerSet) {
		NdisMCancelTimer(&Adapter->LinkTimer, &Cancelled);
		Adapter->LinkTimerSet = FALSE;
	}

	/* A removed card answers nothing: leave its registers alone. */
	if (!MFC_TEST_FLAG(Adapter, fMFC_SURPRISE_REMOVED))
		MfcStopChip(Adapter);

	if (Adapter->InterruptRegistered) {
		NdisMDeregisterInterrupt(&Adapter->Interrupt);
		Adapter->InterruptRegistered = FALSE;
	}
	MfcFreeRxPackets(Adapter);
	MfcFreeRings(Adapter);
	if (MFC_TEST_FLAG(Adapter, fMFC_IO_WINDOW)) {
		NdisMDeregisterIoPortRange(Adapter->MiniportHandle, Adapter->IoBase, Adapter->IoLength,
					   Adapter->IoOffset);
		MFC_CLEAR_FLAG(Adapter, fMFC_IO_WINDOW);
	}
	NdisMUnmapIoSpace(Adapter->MiniportHandle, Adapter->CsrBase, Adapter->CsrLength);
	Adapter->CsrBase = NULL;
	NdisFreeSpinLock(&Adapter->Lock);
	NdisFreeMemory(Adapter, sizeof(MFC_ADAPTER), 0);
}

static VOID MfcShutdown(PVOID ShutdownContext)
{
	PMFC_ADAPTER Adapter = (PMFC_ADAPTER)ShutdownContext;

	/* At shutdown only quiet the chip: no memory is freed. */
	if (!MFC_TEST_FLAG(Adapter, fMFC_SURPRISE_REMOVED))
		MfcStopChip(Adapter);
}

static VOID MfcPnPEventNotify(NDIS_HANDLE MiniportAdapterContext, NDIS_DEVICE_PNP_EVENT PnPEvent,
			      PVOID InformationBuffer, ULONG InformationBufferLength)
{
	PMFC_ADAPTER Adapter = (PMFC_ADAPTER)MiniportAdapterContext;

	UNREFERENCED_PARAMETER(InformationBuffer);
	UNREFERENCED_PARAMETER(InformationBufferLength);

	switch (PnPEvent) {
	case NdisDevicePnPEventSurpriseRemoved:
		MFC_SET_FLAG(Adapter, fMFC_SURPRISE_REMOVED);
		MFC_CLEAR_FLAG(Adapter, fMFC_HW_STARTED);
		break;
	case NdisDevicePnPEventPowerProfileChanged:
	default:
		break;
	}
}

static VOID MfcCancelSendPackets(NDIS_HANDLE MiniportAdapterContext, PVOID CancelId)
{
	UNREFERENCED_PARAMETER(MiniportAdapterContext);
	UNREFERENCED_PARAMETER(CancelId);
	/* Sends complete at once (mfc5_req.c): nothing is ever queued. */
}
