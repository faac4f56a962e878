/* mfc5_res.c: what mfc5 learns before it touches the chip: registry
 * keywords, the PCI identity and the adapter's resource list.  Each helper
 * releases what it opened (the configuration handle, the resource buffer)
 * before it returns, on success and on failure. */
#include "mfc5.h"

static ULONG MfcReadInteger(NDIS_HANDLE ConfigHandle, PNDIS_STRING Keyword, ULONG Default,
			    ULONG Min, ULONG Max)
{
	NDIS_STATUS Status;
	PNDIS_CONFIGURATION_PARAMETER Value;

	NdisReadConfiguration(&Status, &Value, ConfigHandle, Keyword, NdisParameterInteger);
	if (Status != NDIS_STATUS_SUCCESS)
		return Default;
	if (Value->ParameterData.IntegerData < Min || Value->ParameterData.IntegerData > Max)
		return Default;
	return Value->ParameterData.IntegerData;
}

NDIS_STATUS MfcReadConfiguration(PMFC_ADAPTER Adapter, NDIS_HANDLE WrapperConfigurationContext)
{
	NDIS_STATUS Status;
	NDIS_HANDLE ConfigHandle;
	NDIS_STRING TxKeyword = NDIS_STRING_CONST("NumTxDescriptors");
	NDIS_STRING RxKeyword = NDIS_STRING_CONST("NumRxDescriptors");
	NDIS_STRING SpeedKeyword = NDIS_STRING_CONST("SpeedDuplex");
	PUCHAR NetworkAddress;
	UINT NetworkAddressLength;

	NdisOpenConfiguration(&Status, &ConfigHandle, WrapperConfigurationContext);
	if (Status != NDIS_STATUS_SUCCESS)
		return NDIS_STATUS_FAILURE;

	Adapter->NumTxDesc = MfcReadInteger(ConfigHandle, &TxKeyword, MFC_DEFAULT_TX, MFC_MIN_DESC,
					    MFC_MAX_TX);
	Adapter->NumRxDesc = MfcReadInteger(ConfigHandle, &RxKeyword, MFC_DEFAULT_RX, MFC_MIN_DESC,
					    MFC_MAX_RX);
	Adapter->SpeedDuplex = MfcReadInteger(ConfigHandle, &SpeedKeyword, 0, 0, 4);

	/* A locally administered address from the registry wins over the
	 * EEPROM's; a multicast one is refused. */
	NdisReadNetworkAddress(&Status, (PVOID *)&NetworkAddress, &NetworkAddressLength,
			       ConfigHandle);
	if (Status == NDIS_STATUS_SUCCESS && NetworkAddressLength == ETH_LENGTH_OF_ADDRESS &&
	    (NetworkAddress[0] & 0x01) == 0) {
		NdisMoveMemory(Adapter->CurrentAddress, NetworkAddress, ETH_LENGTH_OF_ADDRESS);
		Adapter->AddressOverride = TRUE;
	}

	NdisCloseConfiguration(ConfigHandle);
	return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS MfcReadPciInfo(PMFC_ADAPTER Adapter)
{
	UCHAR Header[0x30];
	ULONG Read;
	USHORT Command;

	Read = NdisReadPciSlotInformation(Adapter->MiniportHandle, 0, 0, Header, sizeof(Header));
	if (Read != sizeof(Header))
		return NDIS_STATUS_ADAPTER_NOT_FOUND;

	NdisMoveMemory(&Adapter->VendorId, &Header[MFNIC_PCI_VENDOR_ID], sizeof(USHORT));
	NdisMoveMemory(&Adapter->DeviceId, &Header[MFNIC_PCI_DEVICE_ID], sizeof(USHORT));
	NdisMoveMemory(&Adapter->SubsystemId, &Header[MFNIC_PCI_SUBSYSTEM_ID], sizeof(USHORT));
	Adapter->RevisionId = Header[MFNIC_PCI_REVISION_ID];

	if (Adapter->VendorId != MFNIC_VENDOR_ID || Adapter->DeviceId != MFNIC_DEVICE_ID)
		return NDIS_STATUS_ADAPTER_NOT_FOUND;
	if (Adapter->RevisionId < MFNIC_REVISION_MIN)
		return NDIS_STATUS_ADAPTER_NOT_FOUND;

	/* Some BIOSes leave bus mastering off. */
	NdisMoveMemory(&Command, &Header[MFNIC_PCI_COMMAND], sizeof(USHORT));
	if ((Command & MFNIC_PCI_CMD_MASTER) == 0) {
		Command |= MFNIC_PCI_CMD_MASTER | MFNIC_PCI_CMD_MEMORY;
		NdisWritePciSlotInformation(Adapter->MiniportHandle, 0, MFNIC_PCI_COMMAND, &Command,
					    sizeof(Command));
	}
	return NDIS_STATUS_SUCCESS;
}

/* The two-call protocol: the first call (no buffer) tells the size. */
NDIS_STATUS MfcQueryResources(PMFC_ADAPTER Adapter, NDIS_HANDLE WrapperConfigurationContext)
{
	NDIS_STATUS Status;
	PNDIS_RESOURCE_LIST Resources = NULL;
	UINT Size = 0;
	ULONG i;
	BOOLEAN HaveMemory = FALSE, HaveInterrupt = FALSE;

	NdisMQueryAdapterResources(&Status, WrapperConfigurationContext, NULL, &Size);
	if (Size == 0)
		return NDIS_STATUS_RESOURCES;

	Status = NdisAllocateMemoryWithTag((PVOID *)&Resources, Size, MFC_TAG);
	if (Status != NDIS_STATUS_SUCCESS)
		return NDIS_STATUS_RESOURCES;

	NdisMQueryAdapterResources(&Status, WrapperConfigurationContext, Resources, &Size);
	if (Status != NDIS_STATUS_SUCCESS) {
		NdisFreeMemory(Resources, Size, 0);
		return Status;
	}

	for (i = 0; i < Resources->Count; i++) {
		PCM_PARTIAL_RESOURCE_DESCRIPTOR Desc = &Resources->PartialDescriptors[i];

		switch (Desc->Type) {
		case CmResourceTypeMemory:
			/* BAR0 is the first memory range; later ones (BAR2, a
			 * flash window on some boards) are not used. */
			if (!HaveMemory) {
				Adapter->CsrPhysical = Desc->u.Memory.Start;
				Adapter->CsrLength = Desc->u.Memory.Length;
				HaveMemory = TRUE;
			}
			break;
		case CmResourceTypePort:
			if (Adapter->IoLength == 0) {
				Adapter->IoBase = NdisGetPhysicalAddressLow(Desc->u.Port.Start);
				Adapter->IoLength = Desc->u.Port.Length;
			}
			break;
		case CmResourceTypeInterrupt:
			if (!HaveInterrupt) {
				Adapter->InterruptLevel = Desc->u.Interrupt.Level;
				Adapter->InterruptVector = Desc->u.Interrupt.Vector;
				Adapter->InterruptShared =
					Desc->ShareDisposition == CmResourceShareShared;
				Adapter->InterruptLatched =
					(Desc->Flags & CM_RESOURCE_INTERRUPT_LATCHED) != 0;
				HaveInterrupt = TRUE;
			}
			break;
		default:
			break;
		}
	}
	NdisFreeMemory(Resources, Size, 0);

	if (!HaveMemory || !HaveInterrupt)
		return NDIS_STATUS_RESOURCE_CONFLICT;
	/* The CSR block must hold every register this driver touches. */
	if (Adapter->CsrLength < MFNIC_CSR_SIZE)
		return NDIS_STATUS_RESOURCE_CONFLICT;
	if (Adapter->IoLength != 0 && Adapter->IoLength < MFNIC_IO_SIZE)
		Adapter->IoLength = 0; /* a short I/O window is not worth having */
	return NDIS_STATUS_SUCCESS;
}
