/* Registration and the calls into the driver: DriverEntry's NDIS 5 and
 * NDIS 6 registrations, the adapter attributes (which name the adapter's
 * context), and part B of the seam (driver/kit_runtime.h), through which
 * the runner calls the driver's entry points. */
#include "kit.h"

#include <stdlib.h>

/* The driver under test defines DriverEntry; weak so that the kit links
 * (and its unit test runs) without one. */
extern NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) __attribute__((weak));

static struct {
	int major, minor;                  /* registered NDIS version; 0: none */
	NDIS51_MINIPORT_CHARACTERISTICS c5; /* NDIS 5: what the driver registered (zero past its length) */
	NDIS_MINIPORT_DRIVER_CHARACTERISTICS c6;
	NDIS_HANDLE driver_context;         /* NDIS 6 MiniportDriverContext */
	PDRIVER_UNLOAD unload5;             /* NdisMRegisterUnloadHandler */
	DRIVER_OBJECT driver_object;
	DRIVER_EXTENSION driver_extension;
	UNICODE_STRING registry_path;
	int wrapper;                        /* the NDIS 5 wrapper handle points here */
	int driver_handle;                  /* the NDIS 6 driver handle points here */
	BOOLEAN wrapper_open;
} drv;

static WCHAR registry_path_text[] = L"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\mapfuzz";
static NDIS_MEDIUM medium_array[] = {NdisMediumWan, NdisMedium802_5, NdisMedium802_3, NdisMediumFddi};

int dk_registered_major(void)
{
	return drv.major;
}

/* ---- NDIS 5 ---- */
VOID NdisMInitializeWrapper(PNDIS_HANDLE NdisWrapperHandle, PVOID SystemSpecific1, PVOID SystemSpecific2,
			    PVOID SystemSpecific3)
{
	(void)SystemSpecific1;
	(void)SystemSpecific2;
	(void)SystemSpecific3;
	drv.wrapper_open = TRUE;
	*NdisWrapperHandle = &drv.wrapper;
}

VOID NdisTerminateWrapper(NDIS_HANDLE NdisWrapperHandle, PVOID SystemSpecific)
{
	(void)SystemSpecific;
	if (NdisWrapperHandle == &drv.wrapper)
		drv.wrapper_open = FALSE;
}

NDIS_STATUS NdisMRegisterMiniport(NDIS_HANDLE NdisWrapperHandle, PNDIS_MINIPORT_CHARACTERISTICS MiniportCharacteristics,
				  UINT CharacteristicsLength)
{
	uintptr_t caller = DK_CALLER;
	if (dk_fail(DK_SITE_REGISTER_MINIPORT, caller))
		return NDIS_STATUS_RESOURCES;
	if (NdisWrapperHandle != &drv.wrapper || !MiniportCharacteristics)
		return NDIS_STATUS_FAILURE;
	const NDIS51_MINIPORT_CHARACTERISTICS *c = (const void *)MiniportCharacteristics;
	size_t need;
	switch (c->MajorNdisVersion) {
	case 3: need = sizeof(NDIS30_MINIPORT_CHARACTERISTICS); break;
	case 4: need = sizeof(NDIS40_MINIPORT_CHARACTERISTICS); break;
	case 5: need = c->MinorNdisVersion >= 1 ? sizeof(NDIS51_MINIPORT_CHARACTERISTICS)
						: sizeof(NDIS50_MINIPORT_CHARACTERISTICS); break;
	default: return NDIS_STATUS_BAD_VERSION;
	}
	if (CharacteristicsLength < need)
		return NDIS_STATUS_BAD_CHARACTERISTICS;
	if (!c->InitializeHandler || !c->HaltHandler)
		return NDIS_STATUS_BAD_CHARACTERISTICS;
	memset(&drv.c5, 0, sizeof drv.c5);
	memcpy(&drv.c5, c, need);
	drv.major = c->MajorNdisVersion;
	drv.minor = c->MinorNdisVersion;
	return NDIS_STATUS_SUCCESS;
}

VOID NdisMRegisterUnloadHandler(NDIS_HANDLE NdisWrapperHandle, PDRIVER_UNLOAD UnloadHandler)
{
	if (NdisWrapperHandle == &drv.wrapper)
		drv.unload5 = UnloadHandler;
}

static void set_context(NDIS_HANDLE MiniportAdapterHandle, NDIS_HANDLE MiniportAdapterContext, uintptr_t caller)
{
	dk_adapter_state *a = dk_adapter_find(MiniportAdapterHandle);
	if (!a)
		return; /* not a handle NDIS gave: nothing to attach the context to */
	a->context = MiniportAdapterContext;
	dk_adapter_context(a->handle, MiniportAdapterContext, caller);
}

VOID NdisMSetAttributes(NDIS_HANDLE MiniportAdapterHandle, NDIS_HANDLE MiniportAdapterContext, BOOLEAN BusMaster,
			NDIS_INTERFACE_TYPE AdapterType)
{
	(void)BusMaster;
	(void)AdapterType;
	set_context(MiniportAdapterHandle, MiniportAdapterContext, DK_CALLER);
}

VOID NdisMSetAttributesEx(NDIS_HANDLE MiniportAdapterHandle, NDIS_HANDLE MiniportAdapterContext,
			  UINT CheckForHangTimeInSeconds, ULONG AttributeFlags, NDIS_INTERFACE_TYPE AdapterType)
{
	(void)CheckForHangTimeInSeconds;
	(void)AttributeFlags;
	(void)AdapterType;
	set_context(MiniportAdapterHandle, MiniportAdapterContext, DK_CALLER);
}

VOID NdisMRegisterAdapterShutdownHandler(NDIS_HANDLE MiniportHandle, PVOID ShutdownContext,
					 ADAPTER_SHUTDOWN_HANDLER ShutdownHandler)
{
	(void)MiniportHandle;
	(void)ShutdownContext;
	(void)ShutdownHandler;
}

VOID NdisMDeregisterAdapterShutdownHandler(NDIS_HANDLE MiniportHandle)
{
	(void)MiniportHandle;
}

/* ---- NDIS 6 ---- */
NDIS_STATUS NdisMRegisterMiniportDriver(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath,
					NDIS_HANDLE MiniportDriverContext,
					PNDIS_MINIPORT_DRIVER_CHARACTERISTICS MiniportDriverCharacteristics,
					PNDIS_HANDLE NdisMiniportDriverHandle)
{
	uintptr_t caller = DK_CALLER;
	(void)DriverObject;
	(void)RegistryPath;
	if (NdisMiniportDriverHandle)
		*NdisMiniportDriverHandle = NULL;
	if (dk_fail(DK_SITE_REGISTER_MINIPORT, caller))
		return NDIS_STATUS_RESOURCES;
	const NDIS_MINIPORT_DRIVER_CHARACTERISTICS *c = MiniportDriverCharacteristics;
	if (!c || !NdisMiniportDriverHandle)
		return NDIS_STATUS_FAILURE;
	if (c->Header.Type != NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS ||
	    c->Header.Size < NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_1)
		return NDIS_STATUS_BAD_CHARACTERISTICS;
	if (c->MajorNdisVersion != 6)
		return NDIS_STATUS_BAD_VERSION;
	if (!c->InitializeHandlerEx || !c->HaltHandlerEx)
		return NDIS_STATUS_BAD_CHARACTERISTICS;
	size_t n = c->Header.Size < sizeof drv.c6 ? c->Header.Size : sizeof drv.c6;
	memset(&drv.c6, 0, sizeof drv.c6);
	memcpy(&drv.c6, c, n);
	drv.driver_context = MiniportDriverContext;
	drv.major = 6;
	drv.minor = c->MinorNdisVersion;
	*NdisMiniportDriverHandle = &drv.driver_handle;
	return NDIS_STATUS_SUCCESS;
}

VOID NdisMDeregisterMiniportDriver(NDIS_HANDLE NdisMiniportDriverHandle)
{
	if (NdisMiniportDriverHandle == &drv.driver_handle)
		drv.major = 0;
}

NDIS_STATUS NdisSetOptionalHandlers(NDIS_HANDLE NdisHandle, PNDIS_OBJECT_HEADER OptionalHandlers)
{
	(void)NdisHandle;
	(void)OptionalHandlers;
	return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS NdisMSetMiniportAttributes(NDIS_HANDLE NdisMiniportAdapterHandle,
				       PNDIS_MINIPORT_ADAPTER_ATTRIBUTES MiniportAttributes)
{
	uintptr_t caller = DK_CALLER;
	if (!MiniportAttributes)
		return NDIS_STATUS_INVALID_PARAMETER;
	if (dk_fail(DK_SITE_SET_ATTRIBUTES, caller))
		return NDIS_STATUS_RESOURCES;
	switch (MiniportAttributes->RegistrationAttributes.Header.Type) {
	case NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES:
		set_context(NdisMiniportAdapterHandle, MiniportAttributes->RegistrationAttributes.MiniportAdapterContext,
			    caller);
		return NDIS_STATUS_SUCCESS;
	case NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES:
	case NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES:
	case NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_NATIVE_802_11_ATTRIBUTES:
	case NDIS_OBJECT_TYPE_MINIPORT_ADD_DEVICE_REGISTRATION_ATTRIBUTES:
	case NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_HARDWARE_ASSIST_ATTRIBUTES:
	case NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_PACKET_DIRECT_ATTRIBUTES:
	case NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_NDK_ATTRIBUTES:
		return NDIS_STATUS_SUCCESS;
	default:
		return NDIS_STATUS_INVALID_PARAMETER;
	}
}

/* ---- Indications and completions: the send, receive and request paths
 * are not modelled; these accept and drop. ---- */
VOID NdisMSendComplete(NDIS_HANDLE h, PNDIS_PACKET p, NDIS_STATUS s) { (void)h; (void)p; (void)s; }
VOID NdisMSendResourcesAvailable(NDIS_HANDLE h) { (void)h; }
VOID NdisMIndicateReceivePacket(NDIS_HANDLE h, PPNDIS_PACKET p, UINT n) { (void)h; (void)p; (void)n; }
VOID NdisMEthIndicateReceive(NDIS_HANDLE h, NDIS_HANDLE rc, PVOID hb, UINT hbs, PVOID lb, UINT lbs, UINT ps)
{
	(void)h; (void)rc; (void)hb; (void)hbs; (void)lb; (void)lbs; (void)ps;
}
VOID NdisMEthIndicateReceiveComplete(NDIS_HANDLE h) { (void)h; }
VOID NdisMTransferDataComplete(NDIS_HANDLE h, PNDIS_PACKET p, NDIS_STATUS s, UINT n) { (void)h; (void)p; (void)s; (void)n; }
VOID NdisMIndicateStatus(NDIS_HANDLE h, NDIS_STATUS s, PVOID b, UINT n) { (void)h; (void)s; (void)b; (void)n; }
VOID NdisMIndicateStatusComplete(NDIS_HANDLE h) { (void)h; }
VOID NdisMQueryInformationComplete(NDIS_HANDLE h, NDIS_STATUS s) { (void)h; (void)s; }
VOID NdisMSetInformationComplete(NDIS_HANDLE h, NDIS_STATUS s) { (void)h; (void)s; }
VOID NdisMResetComplete(NDIS_HANDLE h, NDIS_STATUS s, BOOLEAN a) { (void)h; (void)s; (void)a; }
VOID NdisMIndicateStatusEx(NDIS_HANDLE h, PNDIS_STATUS_INDICATION s) { (void)h; (void)s; }
VOID NdisMOidRequestComplete(NDIS_HANDLE h, PNDIS_OID_REQUEST r, NDIS_STATUS s) { (void)h; (void)r; (void)s; }
VOID NdisMDirectOidRequestComplete(NDIS_HANDLE h, PNDIS_OID_REQUEST r, NDIS_STATUS s) { (void)h; (void)r; (void)s; }
VOID NdisMPauseComplete(NDIS_HANDLE h) { (void)h; }
VOID NdisMRestartComplete(NDIS_HANDLE h, NDIS_STATUS s) { (void)h; (void)s; }
VOID NdisMIndicateReceiveNetBufferLists(NDIS_HANDLE h, PNET_BUFFER_LIST l, NDIS_PORT_NUMBER p, ULONG n, ULONG f)
{
	(void)h; (void)l; (void)p; (void)n; (void)f;
}
VOID NdisMSendNetBufferListsComplete(NDIS_HANDLE h, PNET_BUFFER_LIST l, ULONG f) { (void)h; (void)l; (void)f; }
NDIS_STATUS NdisMRemoveMiniport(NDIS_HANDLE h) { (void)h; return NDIS_STATUS_SUCCESS; }
UINT NdisGetVersion(VOID)
{
	return drv.major == 6 ? 0x00060000u : 0x00050001u;
}

/* ================= Part B of the seam: the runner calls these ================= */
void dk_kit_reset(void)
{
	ko_reset();
	dk_adapters_reset();
	dk_memory_reset();
	memset(&drv, 0, sizeof drv);
	dk_irql = PASSIVE_LEVEL;
}

int32_t dk_call_driver_entry(void)
{
	if (!DriverEntry)
		return STATUS_UNSUCCESSFUL;
	drv.driver_object.Type = 4;
	drv.driver_object.Size = sizeof drv.driver_object;
	drv.driver_object.DriverExtension = &drv.driver_extension;
	drv.driver_extension.DriverObject = &drv.driver_object;
	drv.driver_object.DriverInit = DriverEntry;
	RtlInitUnicodeString(&drv.registry_path, registry_path_text);
	return DriverEntry(&drv.driver_object, &drv.registry_path);
}

int32_t dk_call_initialize(void *adapter, bool *registered)
{
	dk_adapter_state *a = dk_adapter_get(adapter);
	*registered = drv.major != 0;
	if (!drv.major || !a)
		return NDIS_STATUS_FAILURE;
	a->context = NULL;
	if (drv.major < 6) {
		NDIS_STATUS open_error = NDIS_STATUS_SUCCESS;
		UINT selected = 0;
		/* The WrapperConfigurationContext is the adapter itself: the
		 * configuration and resource routines find it there. */
		return drv.c5.InitializeHandler(&open_error, &selected, medium_array, RTL_NUMBER_OF(medium_array),
						adapter, adapter);
	}
	NDIS_MINIPORT_INIT_PARAMETERS p;
	memset(&p, 0, sizeof p);
	p.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_INIT_PARAMETERS;
	p.Header.Revision = NDIS_MINIPORT_INIT_PARAMETERS_REVISION_1;
	p.Header.Size = NDIS_SIZEOF_MINIPORT_INIT_PARAMETERS_REVISION_1;
	ULONG size = 0;
	/* Valid only during MiniportInitializeEx: freed when it returns, so a
	 * driver that keeps the pointer meets ASan, not stale data. */
	p.AllocatedResources = dk_build_partial_list(adapter, &size);
	p.IfIndex = 1;
	NDIS_STATUS st = drv.c6.InitializeHandlerEx(adapter, drv.driver_context, &p);
	if (p.AllocatedResources)
		ko_free(p.AllocatedResources);
	return st;
}

void dk_call_halt(void *adapter, bool surprise_removed)
{
	dk_adapter_state *a = dk_adapter_find(adapter);
	void *ctx = a ? a->context : NULL;
	if (drv.major == 6)
		drv.c6.HaltHandlerEx(ctx, surprise_removed ? NdisHaltDeviceSurpriseRemoved : NdisHaltDeviceDisabled);
	else if (drv.major)
		drv.c5.HaltHandler(ctx);
}

void dk_call_surprise_removal(void *adapter)
{
	dk_adapter_state *a = dk_adapter_find(adapter);
	void *ctx = a ? a->context : NULL;
	if (drv.major == 6 && drv.c6.DevicePnPEventNotifyHandler) {
		NET_DEVICE_PNP_EVENT ev;
		memset(&ev, 0, sizeof ev);
		ev.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
		ev.Header.Revision = NET_DEVICE_PNP_EVENT_REVISION_1;
		ev.Header.Size = NDIS_SIZEOF_NET_DEVICE_PNP_EVENT_REVISION_1;
		ev.DevicePnPEvent = NdisDevicePnPEventSurpriseRemoved;
		drv.c6.DevicePnPEventNotifyHandler(ctx, &ev);
	} else if (drv.major == 5 && drv.minor >= 1 && drv.c5.PnPEventNotifyHandler) {
		drv.c5.PnPEventNotifyHandler(ctx, NdisDevicePnPEventSurpriseRemoved, NULL, 0);
	}
}

void dk_call_unload(void)
{
	if (drv.major == 6 && drv.c6.UnloadHandler)
		drv.c6.UnloadHandler(&drv.driver_object);
	else if (drv.unload5)
		drv.unload5(&drv.driver_object);
	else if (drv.driver_object.DriverUnload)
		drv.driver_object.DriverUnload(&drv.driver_object);
}

void *dk_kit_adapter_context(void *adapter)
{
	dk_adapter_state *a = dk_adapter_find(adapter);
	return a ? a->context : NULL;
}
