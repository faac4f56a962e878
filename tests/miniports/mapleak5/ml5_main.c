/* ml5_main.c: DriverEntry, Ml5Initialize, Ml5Halt. */
#include "ml5.h"

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath);

static NDIS_HANDLE Ml5WrapperHandle;

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	NDIS_MINIPORT_CHARACTERISTICS Ch;
	NDIS_STATUS Status;

	NdisMInitializeWrapper(&Ml5WrapperHandle, DriverObject, RegistryPath, NULL);
	NdisZeroMemory(&Ch, sizeof(Ch));
	Ch.MajorNdisVersion = 5;
	Ch.MinorNdisVersion = 0;
	Ch.InitializeHandler = Ml5Initialize;
	Ch.HaltHandler = Ml5Halt;
	Ch.QueryInformationHandler = Ml5Query;
	Ch.SetInformationHandler = Ml5Set;
	Ch.SendHandler = Ml5Send;
	Ch.ResetHandler = Ml5Reset;
	Ch.ISRHandler = Ml5Isr;
	Ch.HandleInterruptHandler = Ml5Dpc;
	Status = NdisMRegisterMiniport(Ml5WrapperHandle, &Ch, sizeof(NDIS50_MINIPORT_CHARACTERISTICS));
	if (Status != NDIS_STATUS_SUCCESS)
		NdisTerminateWrapper(Ml5WrapperHandle, NULL);
	return Status;
}

/* NdisMQueryAdapterResources, the two-call way. */
static NDIS_STATUS Ml5FindResources(PML5_ADAPTER A, NDIS_HANDLE Config)
{
	NDIS_STATUS Status;
	PNDIS_RESOURCE_LIST Res;
	UINT Size = 0;
	UINT i;
	BOOLEAN Irq = FALSE;

	NdisMQueryAdapterResources(&Status, Config, NULL, &Size);
	if (Size == 0)
		return NDIS_STATUS_FAILURE;
	Status = NdisAllocateMemoryWithTag((PVOID *)&Res, Size, '5LMF');
	if (Status != NDIS_STATUS_SUCCESS)
		return Status;
	NdisMQueryAdapterResources(&Status, Config, Res, &Size);
	if (Status == NDIS_STATUS_SUCCESS) {
		for (i = 0; i < Res->Count; i++) {
			PCM_PARTIAL_RESOURCE_DESCRIPTOR D = &Res->PartialDescriptors[i];

			if (D->Type == CmResourceTypeMemory && A->IoLength == 0) {
				A->IoPhysAddr = D->u.Memory.Start;
				A->IoLength = D->u.Memory.Length;
			} else if (D->Type == CmResourceTypeInterrupt && !Irq) {
				A->Irq = D->u.Interrupt.Vector;
				A->IrqLevel = D->u.Interrupt.Level;
				Irq = TRUE;
			}
		}
		if (!Irq || A->IoLength < ML5_CSR_LENGTH)
			Status = NDIS_STATUS_RESOURCE_CONFLICT;
	}
	NdisFreeMemory(Res, Size, 0);
	return Status;
}

static BOOLEAN Ml5CheckPci(NDIS_HANDLE Handle)
{
	USHORT Ids[2];

	if (NdisReadPciSlotInformation(Handle, 0, MFNIC_PCI_VENDOR_ID, Ids, sizeof(Ids)) != sizeof(Ids))
		return FALSE;
	return Ids[0] == MFNIC_VENDOR_ID && Ids[1] == MFNIC_DEVICE_ID;
}

static VOID Ml5ReadConfig(PML5_ADAPTER A, NDIS_HANDLE Config)
{
	NDIS_STATUS Status;
	NDIS_HANDLE Cfg;
	PVOID Addr;
	UINT Len;

	NdisOpenConfiguration(&Status, &Cfg, Config);
	if (Status != NDIS_STATUS_SUCCESS)
		return; /* the EEPROM's address then */
	NdisReadNetworkAddress(&Status, &Addr, &Len, Cfg);
	if (Status == NDIS_STATUS_SUCCESS && Len == 6)
		NdisMoveMemory(A->MacAddr, Addr, 6);
	NdisCloseConfiguration(Cfg);
}

NDIS_STATUS Ml5Initialize(PNDIS_STATUS OpenError, PUINT Medium, PNDIS_MEDIUM Media, UINT MediaCount,
			  NDIS_HANDLE Handle, NDIS_HANDLE Config)
{
	NDIS_STATUS Status;
	PML5_ADAPTER A;
	NDIS_PHYSICAL_ADDRESS Highest = NDIS_PHYSICAL_ADDRESS_CONST(-1, -1);
	UINT i;

	UNREFERENCED_PARAMETER(OpenError);
	for (i = 0; i < MediaCount && Media[i] != NdisMedium802_3; i++)
		;
	if (i == MediaCount)
		return NDIS_STATUS_UNSUPPORTED_MEDIA;
	*Medium = i;

	if (!Ml5CheckPci(Handle))
		return NDIS_STATUS_ADAPTER_NOT_FOUND;

	Status = NdisAllocateMemory((PVOID *)&A, sizeof(ML5_ADAPTER), 0, Highest);
	if (Status != NDIS_STATUS_SUCCESS)
		return Status;
	NdisZeroMemory(A, sizeof(ML5_ADAPTER));
	A->Handle = Handle;
	NdisAllocateSpinLock(&A->Lock);

	Ml5ReadConfig(A, Config);
	Status = Ml5FindResources(A, Config);
	if (Status != NDIS_STATUS_SUCCESS)
		goto FailAdapter;

	/* Serialized: NDIS holds its lock around our handlers. */
	NdisMSetAttributesEx(Handle, A, 0, NDIS_ATTRIBUTE_BUS_MASTER, NdisInterfacePci);

	Status = NdisMMapIoSpace((PVOID *)&A->IoAddr, Handle, A->IoPhysAddr, A->IoLength);
	if (Status != NDIS_STATUS_SUCCESS)
		return NDIS_STATUS_RESOURCES;

	if (!Ml5ResetChip(A)) {
		Status = NDIS_STATUS_HARD_ERRORS;
		goto FailUnmap;
	}
	Ml5ReadMac(A);

	Status = NdisMInitializeScatterGatherDma(Handle, FALSE, MFNIC_MAX_FRAME);
	if (Status != NDIS_STATUS_SUCCESS)
		goto FailUnmap;

	A->DescLength = (ML5_TX_DESC + ML5_RX_DESC) * MFNIC_DESC_SIZE;
	NdisMAllocateSharedMemory(Handle, A->DescLength, FALSE, (PVOID *)&A->DescVa, &A->DescPa);
	if (A->DescVa == NULL) {
		Status = NDIS_STATUS_RESOURCES;
		goto FailUnmap;
	}
	A->BufLength = (ML5_TX_DESC + ML5_RX_DESC) * MFNIC_RX_BUFFER;
	NdisMAllocateSharedMemory(Handle, A->BufLength, TRUE, (PVOID *)&A->BufVa, &A->BufPa);
	if (A->BufVa == NULL) {
		Status = NDIS_STATUS_RESOURCES;
		goto FailDesc;
	}
	Ml5InitRings(A);

	Status = NdisMRegisterInterrupt(&A->Interrupt, Handle, A->Irq, A->IrqLevel, TRUE, TRUE,
					NdisInterruptLevelSensitive);
	if (Status != NDIS_STATUS_SUCCESS)
		goto FailBuf;

	NdisMInitializeTimer(&A->Watchdog, Handle, Ml5WatchdogFn, A);
	Ml5EnableChip(A);
	NdisMSetPeriodicTimer(&A->Watchdog, ML5_WATCHDOG_MS);
	return NDIS_STATUS_SUCCESS;

FailBuf:
	NdisMFreeSharedMemory(Handle, A->BufLength, TRUE, A->BufVa, A->BufPa);
FailDesc:
	NdisMFreeSharedMemory(Handle, A->DescLength, FALSE, A->DescVa, A->DescPa);
FailUnmap:
	NdisMUnmapIoSpace(Handle, A->IoAddr, A->IoLength);
FailAdapter:
	NdisFreeSpinLock(&A->Lock);
	NdisFreeMemory(A, sizeof(ML5_ADAPTER), 0);
	return Status;
}

VOID Ml5Halt(NDIS_HANDLE Context)
{
	PML5_ADAPTER A = (PML5_ADAPTER)Context;
	BOOLEAN Cancelled;

	A->InHalt = TRUE;
	NdisMCancelTimer(&A->Watchdog, &Cancelled);
	Ml5DisableChip(A);
	NdisMDeregisterInterrupt(&A->Interrupt);
	NdisMFreeSharedMemory(A->Handle, A->BufLength, TRUE, A->BufVa, A->BufPa);
	NdisMFreeSharedMemory(A->Handle, A->DescLength, FALSE, A->DescVa, A->DescPa);
	NdisMUnmapIoSpace(A->Handle, A->IoAddr, ML5_CSR_LENGTH);
	NdisFreeSpinLock(&A->Lock);
	NdisFreeMemory(A, sizeof(ML5_ADAPTER), 0);
}
