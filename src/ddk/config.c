/* Resources and configuration: the adapter's resource list (the NDIS 5
 * two-call NdisMQueryAdapterResources, NDIS 6 AllocatedResources, the
 * CM_RESOURCE_LIST of NdisMGetDeviceProperty), PCI configuration space,
 * and the registry keywords and network address, all as the input's
 * device describes them (dk_adapter_resources, dk_pci_config_*,
 * dk_registry_*, dk_network_address). */
#include "kit.h"

#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

#define DK_MAX_RESOURCES 32

static void fill_descriptor(CM_PARTIAL_RESOURCE_DESCRIPTOR *d, const dk_resource_desc *r)
{
	memset(d, 0, sizeof *d);
	d->Type = r->type;
	d->ShareDisposition = r->share;
	d->Flags = r->flags;
	switch (r->type) {
	case DK_DESC_INTERRUPT:
		d->u.Interrupt.Level = r->level;
		d->u.Interrupt.Vector = r->vector;
		d->u.Interrupt.Affinity = 1;
		break;
	case DK_DESC_PORT:
		d->u.Port.Start.QuadPart = (LONGLONG)r->start;
		d->u.Port.Length = r->length;
		break;
	default:
		d->u.Memory.Start.QuadPart = (LONGLONG)r->start;
		d->u.Memory.Length = r->length;
		break;
	}
}

PCM_PARTIAL_RESOURCE_LIST dk_build_partial_list(void *adapter, ULONG *size)
{
	dk_resource_desc r[DK_MAX_RESOURCES];
	size_t n = dk_adapter_resources(adapter, r, DK_MAX_RESOURCES);
	if (n > DK_MAX_RESOURCES)
		n = DK_MAX_RESOURCES;
	*size = 0;
	if (n == 0)
		return NULL;
	ULONG bytes = (ULONG)(FIELD_OFFSET(CM_PARTIAL_RESOURCE_LIST, PartialDescriptors) +
			      n * sizeof(CM_PARTIAL_RESOURCE_DESCRIPTOR));
	PCM_PARTIAL_RESOURCE_LIST l = ko_alloc(KO_OWNED, bytes, 1, 0, NULL, 0);
	if (!l)
		return NULL;
	l->Version = 1;
	l->Revision = 1;
	l->Count = (ULONG)n;
	for (size_t i = 0; i < n; i++)
		fill_descriptor(&l->PartialDescriptors[i], &r[i]);
	*size = bytes;
	return l;
}

/* The WrapperConfigurationContext the kit passes MiniportInitialize is the
 * adapter (registration.c). */
VOID NdisMQueryAdapterResources(PNDIS_STATUS Status, NDIS_HANDLE WrapperConfigurationContext,
				PNDIS_RESOURCE_LIST ResourceList, PUINT BufferSize)
{
	uintptr_t caller = DK_CALLER;
	ULONG need = 0;
	PCM_PARTIAL_RESOURCE_LIST l = dk_build_partial_list(WrapperConfigurationContext, &need);
	if (!l) {
		/* No resources at all: nothing to return. */
		*BufferSize = 0;
		*Status = NDIS_STATUS_RESOURCES;
		return;
	}
	if (!ResourceList || *BufferSize < need) {
		/* The first call of the two-call protocol: the size it needs. */
		*BufferSize = need;
		*Status = NDIS_STATUS_RESOURCES;
	} else if (dk_fail(DK_SITE_QUERY_RESOURCES, caller)) {
		*Status = NDIS_STATUS_RESOURCES;
	} else {
		memcpy(ResourceList, l, need);
		*BufferSize = need;
		*Status = NDIS_STATUS_SUCCESS;
	}
	ko_free(l);
}

NDIS_STATUS NdisMPciAssignResources(NDIS_HANDLE MiniportHandle, ULONG SlotNumber, PNDIS_RESOURCE_LIST *AssignedResources)
{
	uintptr_t caller = DK_CALLER;
	(void)SlotNumber;
	*AssignedResources = NULL;
	dk_adapter_state *a = dk_adapter_find(MiniportHandle);
	if (!a || dk_fail(DK_SITE_QUERY_RESOURCES, caller))
		return NDIS_STATUS_FAILURE;
	ULONG size;
	PCM_PARTIAL_RESOURCE_LIST l = dk_build_partial_list(a->handle, &size);
	if (!l)
		return NDIS_STATUS_FAILURE;
	ko_entry *e = ko_find(l);
	e->owner = a->handle; /* lives as long as the input; NDIS owns it */
	*AssignedResources = l;
	return NDIS_STATUS_SUCCESS;
}

ULONG NdisReadPciSlotInformation(NDIS_HANDLE NdisAdapterHandle, ULONG SlotNumber, ULONG Offset, PVOID Buffer,
				 ULONG Length)
{
	uintptr_t caller = DK_CALLER;
	(void)SlotNumber; /* the adapter's own function is read, as NDIS does */
	if (dk_fail(DK_SITE_READ_PCI_SLOT, caller))
		return 0;
	return dk_pci_config_read(dk_adapter_of(NdisAdapterHandle), Offset, Buffer, Length);
}

ULONG NdisWritePciSlotInformation(NDIS_HANDLE NdisAdapterHandle, ULONG SlotNumber, ULONG Offset, PVOID Buffer,
				  ULONG Length)
{
	(void)SlotNumber;
	return dk_pci_config_write(dk_adapter_of(NdisAdapterHandle), Offset, Buffer, Length);
}

ULONG NdisMGetBusData(NDIS_HANDLE NdisMiniportHandle, ULONG WhichSpace, ULONG Offset, PVOID Buffer, ULONG Length)
{
	uintptr_t caller = DK_CALLER;
	if (WhichSpace != PCI_WHICHSPACE_CONFIG || dk_fail(DK_SITE_READ_PCI_SLOT, caller))
		return 0;
	return dk_pci_config_read(dk_adapter_of(NdisMiniportHandle), Offset, Buffer, Length);
}

ULONG NdisMSetBusData(NDIS_HANDLE NdisMiniportHandle, ULONG WhichSpace, ULONG Offset, PVOID Buffer, ULONG Length)
{
	if (WhichSpace != PCI_WHICHSPACE_CONFIG)
		return 0;
	return dk_pci_config_write(dk_adapter_of(NdisMiniportHandle), Offset, Buffer, Length);
}

ULONG NdisReadPcmciaAttributeMemory(NDIS_HANDLE NdisAdapterHandle, ULONG Offset, PVOID Buffer, ULONG Length)
{
	(void)NdisAdapterHandle; (void)Offset; (void)Buffer; (void)Length;
	return 0;
}

ULONG NdisWritePcmciaAttributeMemory(NDIS_HANDLE NdisAdapterHandle, ULONG Offset, PVOID Buffer, ULONG Length)
{
	(void)NdisAdapterHandle; (void)Offset; (void)Buffer; (void)Length;
	return 0;
}

/* A CM_RESOURCE_LIST of one full descriptor over the adapter's list, owned
 * by the adapter record for the rest of the input. */
static PCM_RESOURCE_LIST full_list(dk_adapter_state *a)
{
	ULONG size;
	PCM_PARTIAL_RESOURCE_LIST l = dk_build_partial_list(a->handle, &size);
	ULONG n = l ? l->Count : 0;
	size_t bytes = FIELD_OFFSET(CM_RESOURCE_LIST, List[0].PartialResourceList.PartialDescriptors) +
		       (n ? n : 1) * sizeof(CM_PARTIAL_RESOURCE_DESCRIPTOR);
	PCM_RESOURCE_LIST r = ko_alloc(KO_OWNED, bytes, 1, 0, a->handle, 0);
	if (r) {
		int32_t bus_type = PCIBus;
		uint32_t bus = 0, slot = 0;
		dk_adapter_bus(a->handle, &bus_type, &bus, &slot);
		r->Count = 1;
		r->List[0].InterfaceType = (INTERFACE_TYPE)bus_type;
		r->List[0].BusNumber = bus;
		r->List[0].PartialResourceList.Version = 1;
		r->List[0].PartialResourceList.Revision = 1;
		r->List[0].PartialResourceList.Count = n;
		if (n)
			memcpy(r->List[0].PartialResourceList.PartialDescriptors, l->PartialDescriptors,
			       n * sizeof(CM_PARTIAL_RESOURCE_DESCRIPTOR));
	}
	if (l)
		ko_free(l);
	return r;
}

VOID NdisMGetDeviceProperty(NDIS_HANDLE MiniportAdapterHandle, PDEVICE_OBJECT *PhysicalDeviceObject,
			    PDEVICE_OBJECT *FunctionalDeviceObject, PDEVICE_OBJECT *NextDeviceObject,
			    PCM_RESOURCE_LIST *AllocatedResources, PCM_RESOURCE_LIST *AllocatedResourcesTranslated)
{
	dk_adapter_state *a = dk_adapter_find(MiniportAdapterHandle);
	if (!a) {
		if (PhysicalDeviceObject) *PhysicalDeviceObject = NULL;
		if (FunctionalDeviceObject) *FunctionalDeviceObject = NULL;
		if (NextDeviceObject) *NextDeviceObject = NULL;
		if (AllocatedResources) *AllocatedResources = NULL;
		if (AllocatedResourcesTranslated) *AllocatedResourcesTranslated = NULL;
		return;
	}
	a->pdo.Type = a->fdo.Type = a->next.Type = 3;
	a->pdo.Size = a->fdo.Size = a->next.Size = sizeof(DEVICE_OBJECT);
	a->fdo.DeviceExtension = a->handle;
	if (PhysicalDeviceObject) *PhysicalDeviceObject = &a->pdo;
	if (FunctionalDeviceObject) *FunctionalDeviceObject = &a->fdo;
	if (NextDeviceObject) *NextDeviceObject = &a->next;
	if (AllocatedResources) {
		if (!a->raw)
			a->raw = full_list(a);
		*AllocatedResources = a->raw;
	}
	if (AllocatedResourcesTranslated) {
		if (!a->translated)
			a->translated = full_list(a);
		*AllocatedResourcesTranslated = a->translated;
	}
}

NTSTATUS IoGetDeviceProperty(PDEVICE_OBJECT DeviceObject, DEVICE_REGISTRY_PROPERTY DeviceProperty, ULONG BufferLength,
			     PVOID PropertyBuffer, PULONG ResultLength)
{
	dk_adapter_state *a = dk_adapter_of_device(DeviceObject);
	if (!a)
		return STATUS_INVALID_DEVICE_REQUEST;
	int32_t bus_type = PCIBus;
	uint32_t bus = 0, slot = 0;
	dk_adapter_bus(a->handle, &bus_type, &bus, &slot);
	ULONG v;
	switch (DeviceProperty) {
	case DevicePropertyBusNumber: v = bus; break;
	case DevicePropertyAddress: v = ((slot & 0x1f) << 16) | ((slot >> 5) & 7); break;
	case DevicePropertyLegacyBusType: v = (ULONG)bus_type; break;
	case DevicePropertyUINumber: v = slot; break;
	default: return STATUS_INVALID_PARAMETER_2;
	}
	if (ResultLength)
		*ResultLength = sizeof v;
	if (BufferLength < sizeof v)
		return STATUS_BUFFER_TOO_SMALL;
	memcpy(PropertyBuffer, &v, sizeof v);
	return STATUS_SUCCESS;
}

/* ================= Configuration (the registry) ================= */
typedef struct {
	void *adapter;     /* the adapter whose keywords this reads */
	char prefix[64];   /* a subkey's name and a backslash, or empty */
} dk_config;

static NDIS_STATUS open_config(void *adapter, PNDIS_HANDLE handle, const char *prefix, uintptr_t caller)
{
	dk_config *c = ko_alloc(KO_CONFIG, sizeof *c, 1, 0, NULL, 0);
	if (!c) {
		*handle = NULL;
		return NDIS_STATUS_RESOURCES;
	}
	c->adapter = adapter;
	size_t n = strlen(prefix);
	if (n >= sizeof c->prefix)
		n = sizeof c->prefix - 1; /* deeper subkeys share a name: the input has none */
	memcpy(c->prefix, prefix, n);
	c->prefix[n] = 0;
	dk_acquire(DK_RES_CONFIG, adapter, (uintptr_t)c, 0, 0, 0, caller);
	*handle = c;
	return NDIS_STATUS_SUCCESS;
}

static dk_config *config_of(NDIS_HANDLE h)
{
	ko_entry *e = ko_find(h);
	return e && e->kind == KO_CONFIG ? (dk_config *)h : NULL;
}

VOID NdisOpenConfiguration(PNDIS_STATUS Status, PNDIS_HANDLE ConfigurationHandle, NDIS_HANDLE WrapperConfigurationContext)
{
	uintptr_t caller = DK_CALLER;
	*ConfigurationHandle = NULL;
	if (dk_fail(DK_SITE_OPEN_CONFIGURATION, caller)) {
		*Status = NDIS_STATUS_FAILURE;
		return;
	}
	*Status = open_config(dk_adapter_of(WrapperConfigurationContext), ConfigurationHandle, "", caller);
}

NDIS_STATUS NdisOpenConfigurationEx(PNDIS_CONFIGURATION_OBJECT ConfigObject, PNDIS_HANDLE ConfigurationHandle)
{
	uintptr_t caller = DK_CALLER;
	*ConfigurationHandle = NULL;
	if (!ConfigObject || ConfigObject->Header.Type != NDIS_OBJECT_TYPE_CONFIGURATION_OBJECT)
		return NDIS_STATUS_INVALID_PARAMETER;
	if (dk_fail(DK_SITE_OPEN_CONFIGURATION, caller))
		return NDIS_STATUS_RESOURCES;
	return open_config(dk_adapter_of(ConfigObject->NdisHandle), ConfigurationHandle, "", caller);
}

static void ascii_of(const UNICODE_STRING *s, char *out, size_t cap)
{
	size_t n = s && s->Buffer ? s->Length / sizeof(WCHAR) : 0, o = 0;
	for (size_t i = 0; i < n && o + 1 < cap; i++)
		out[o++] = (s->Buffer[i] > 0 && s->Buffer[i] < 0x7f) ? (char)s->Buffer[i] : '?';
	out[o] = 0;
}

VOID NdisOpenConfigurationKeyByName(PNDIS_STATUS Status, NDIS_HANDLE ConfigurationHandle, PNDIS_STRING SubKeyName,
				    PNDIS_HANDLE SubKeyHandle)
{
	uintptr_t caller = DK_CALLER;
	dk_config *c = config_of(ConfigurationHandle);
	*SubKeyHandle = NULL;
	if (!c || dk_fail(DK_SITE_OPEN_CONFIGURATION, caller)) {
		*Status = NDIS_STATUS_FAILURE;
		return;
	}
	char prefix[sizeof c->prefix + 50];
	size_t n = strlen(c->prefix);
	memcpy(prefix, c->prefix, n);
	ascii_of(SubKeyName, prefix + n, 48);
	n = strlen(prefix);
	prefix[n] = '\\';
	prefix[n + 1] = 0;
	*Status = open_config(c->adapter, SubKeyHandle, prefix, caller);
}

VOID NdisOpenConfigurationKeyByIndex(PNDIS_STATUS Status, NDIS_HANDLE ConfigurationHandle, ULONG Index,
				     PNDIS_STRING KeyName, PNDIS_HANDLE KeyHandle)
{
	(void)ConfigurationHandle;
	(void)Index;
	(void)KeyName;
	/* The input's registry has no subkeys to enumerate. */
	*KeyHandle = NULL;
	*Status = NDIS_STATUS_FAILURE;
}

VOID NdisCloseConfiguration(NDIS_HANDLE ConfigurationHandle)
{
	uintptr_t caller = DK_CALLER;
	dk_config *c = config_of(ConfigurationHandle);
	if (dk_release(DK_RES_CONFIG, c ? c->adapter : NULL, (uintptr_t)ConfigurationHandle, 0, 0, 0, caller) && c)
		ko_free(c); /* and every parameter it handed out */
}

/* Keywords NDIS itself answers when the registry does not. */
static bool builtin_int(const char *kw, uint32_t *v)
{
	if (!strcasecmp(kw, "Environment")) {
		*v = 1; /* NdisEnvironmentWindowsNt */
		return true;
	}
	if (!strcasecmp(kw, "ProcessorType")) {
		*v = 4; /* NdisProcessorAmd64 */
		return true;
	}
	if (!strcasecmp(kw, "NdisVersion")) {
		*v = dk_registered_major() == 6 ? 0x00060000u : 0x00050001u;
		return true;
	}
	return false;
}

static PNDIS_CONFIGURATION_PARAMETER new_param(dk_config *c, size_t extra)
{
	return ko_alloc(KO_OWNED, sizeof(NDIS_CONFIGURATION_PARAMETER) + extra, 1, 0, c, 0);
}

VOID NdisReadConfiguration(PNDIS_STATUS Status, PNDIS_CONFIGURATION_PARAMETER *ParameterValue,
			   NDIS_HANDLE ConfigurationHandle, PNDIS_STRING Keyword, NDIS_PARAMETER_TYPE ParameterType)
{
	uintptr_t caller = DK_CALLER;
	dk_config *c = config_of(ConfigurationHandle);
	*ParameterValue = NULL;
	*Status = NDIS_STATUS_FAILURE;
	if (!c || dk_fail(DK_SITE_READ_CONFIGURATION, caller))
		return;
	char kw[96], name[160];
	ascii_of(Keyword, kw, sizeof kw);
	snprintf(name, sizeof name, "%s%s", c->prefix, kw);
	uint32_t iv = 0;
	char sv[128];
	bool have_int = dk_registry_int(c->adapter, name, &iv);
	bool have_str = !have_int && dk_registry_string(c->adapter, name, sv, sizeof sv);
	if (!have_int && !have_str && !c->prefix[0])
		have_int = builtin_int(kw, &iv);
	if (!have_int && !have_str)
		return;
	if (ParameterType == NdisParameterInteger || ParameterType == NdisParameterHexInteger) {
		if (have_str) {
			/* A string value read as a number, in the base the type names. */
			char *end;
			unsigned long v = strtoul(sv, &end, ParameterType == NdisParameterHexInteger ? 16 : 10);
			if (end == sv)
				return;
			iv = (uint32_t)v;
		}
		PNDIS_CONFIGURATION_PARAMETER p = new_param(c, 0);
		if (!p)
			return;
		p->ParameterType = ParameterType;
		p->ParameterData.IntegerData = iv;
		*ParameterValue = p;
		*Status = NDIS_STATUS_SUCCESS;
		return;
	}
	if (have_int)
		snprintf(sv, sizeof sv, ParameterType == NdisParameterHexInteger ? "%x" : "%u", iv);
	size_t n = strlen(sv);
	PNDIS_CONFIGURATION_PARAMETER p = new_param(c, (n + 2) * sizeof(WCHAR));
	if (!p)
		return;
	PWCH buf = (PWCH)(p + 1);
	for (size_t i = 0; i < n; i++)
		buf[i] = (WCHAR)(unsigned char)sv[i];
	buf[n] = 0;
	buf[n + 1] = 0; /* a multi-string's second terminator */
	p->ParameterType = ParameterType == NdisParameterMultiString ? NdisParameterMultiString : NdisParameterString;
	p->ParameterData.StringData.Buffer = buf;
	p->ParameterData.StringData.Length = (USHORT)(n * sizeof(WCHAR));
	p->ParameterData.StringData.MaximumLength = (USHORT)((n + 1) * sizeof(WCHAR));
	*ParameterValue = p;
	*Status = NDIS_STATUS_SUCCESS;
}

VOID NdisWriteConfiguration(PNDIS_STATUS Status, NDIS_HANDLE ConfigurationHandle, PNDIS_STRING Keyword,
			    PNDIS_CONFIGURATION_PARAMETER ParameterValue)
{
	(void)Keyword;
	(void)ParameterValue;
	*Status = config_of(ConfigurationHandle) ? NDIS_STATUS_SUCCESS : NDIS_STATUS_FAILURE;
}

VOID NdisReadNetworkAddress(PNDIS_STATUS Status, PVOID *NetworkAddress, PUINT NetworkAddressLength,
			    NDIS_HANDLE ConfigurationHandle)
{
	uintptr_t caller = DK_CALLER;
	dk_config *c = config_of(ConfigurationHandle);
	*NetworkAddress = NULL;
	*NetworkAddressLength = 0;
	*Status = NDIS_STATUS_FAILURE;
	if (!c || dk_fail(DK_SITE_READ_NETWORK_ADDRESS, caller))
		return;
	uint8_t mac[6];
	if (!dk_network_address(c->adapter, mac))
		return;
	UCHAR *p = ko_alloc(KO_OWNED, sizeof mac, 0, 0, c, 0);
	if (!p)
		return;
	memcpy(p, mac, sizeof mac);
	*NetworkAddress = p;
	*NetworkAddressLength = sizeof mac;
	*Status = NDIS_STATUS_SUCCESS;
}

/* ================= The registry through Zw* (the same keywords) ================= */
typedef struct {
	void *adapter; /* whose keywords; NULL: the adapter being initialized or halted */
} dk_reg_key;

static NTSTATUS open_key(void *adapter, PHANDLE handle, uintptr_t caller)
{
	*handle = NULL;
	if (dk_fail(DK_SITE_OPEN_CONFIGURATION, caller))
		return STATUS_INSUFFICIENT_RESOURCES;
	dk_reg_key *k = ko_alloc(KO_REG_KEY, sizeof *k, 1, 0, NULL, 0);
	if (!k)
		return STATUS_INSUFFICIENT_RESOURCES;
	k->adapter = adapter;
	dk_acquire(DK_RES_CONFIG, adapter, (uintptr_t)k, 0, 0, 0, caller);
	*handle = k;
	return STATUS_SUCCESS;
}

NTSTATUS IoOpenDeviceRegistryKey(PDEVICE_OBJECT DeviceObject, ULONG DevInstKeyType, ACCESS_MASK DesiredAccess,
				 PHANDLE DeviceRegKey)
{
	(void)DevInstKeyType;
	(void)DesiredAccess;
	dk_adapter_state *a = dk_adapter_of_device(DeviceObject);
	return open_key(a ? a->handle : NULL, DeviceRegKey, DK_CALLER);
}

NTSTATUS ZwOpenKey(PHANDLE KeyHandle, ACCESS_MASK DesiredAccess, POBJECT_ATTRIBUTES ObjectAttributes)
{
	(void)DesiredAccess;
	(void)ObjectAttributes;
	return open_key(NULL, KeyHandle, DK_CALLER);
}

NTSTATUS ZwCreateKey(PHANDLE KeyHandle, ACCESS_MASK DesiredAccess, POBJECT_ATTRIBUTES ObjectAttributes, ULONG TitleIndex,
		     PUNICODE_STRING Class, ULONG CreateOptions, PULONG Disposition)
{
	(void)DesiredAccess;
	(void)ObjectAttributes;
	(void)TitleIndex;
	(void)Class;
	(void)CreateOptions;
	NTSTATUS st = open_key(NULL, KeyHandle, DK_CALLER);
	if (Disposition && NT_SUCCESS(st))
		*Disposition = REG_OPENED_EXISTING_KEY;
	return st;
}

NTSTATUS ZwQueryValueKey(HANDLE KeyHandle, PUNICODE_STRING ValueName, KEY_VALUE_INFORMATION_CLASS KeyValueInformationClass,
			 PVOID KeyValueInformation, ULONG Length, PULONG ResultLength)
{
	uintptr_t caller = DK_CALLER;
	ko_entry *e = ko_find(KeyHandle);
	if (!e || e->kind != KO_REG_KEY)
		return STATUS_INVALID_HANDLE;
	if (KeyValueInformationClass != KeyValuePartialInformation)
		return STATUS_INVALID_PARAMETER;
	if (dk_fail(DK_SITE_READ_CONFIGURATION, caller))
		return STATUS_INSUFFICIENT_RESOURCES;
	dk_reg_key *k = KeyHandle;
	char name[96], sv[128];
	ascii_of(ValueName, name, sizeof name);
	uint32_t iv;
	ULONG type, size;
	UCHAR data[sizeof sv * sizeof(WCHAR)];
	if (dk_registry_int(k->adapter, name, &iv)) {
		type = REG_DWORD;
		size = sizeof iv;
		memcpy(data, &iv, sizeof iv);
	} else if (dk_registry_string(k->adapter, name, sv, sizeof sv)) {
		size_t n = strlen(sv);
		type = REG_SZ;
		size = (ULONG)((n + 1) * sizeof(WCHAR));
		for (size_t i = 0; i <= n; i++) {
			WCHAR w = (WCHAR)(unsigned char)sv[i];
			memcpy(data + i * sizeof w, &w, sizeof w);
		}
	} else {
		return STATUS_OBJECT_NAME_NOT_FOUND;
	}
	ULONG need = (ULONG)FIELD_OFFSET(KEY_VALUE_PARTIAL_INFORMATION, Data) + size;
	if (ResultLength)
		*ResultLength = need;
	if (Length < (ULONG)FIELD_OFFSET(KEY_VALUE_PARTIAL_INFORMATION, Data))
		return STATUS_BUFFER_TOO_SMALL;
	PKEY_VALUE_PARTIAL_INFORMATION info = KeyValueInformation;
	info->TitleIndex = 0;
	info->Type = type;
	info->DataLength = size;
	if (Length < need)
		return STATUS_BUFFER_OVERFLOW;
	memcpy(info->Data, data, size);
	return STATUS_SUCCESS;
}

NTSTATUS ZwSetValueKey(HANDLE KeyHandle, PUNICODE_STRING ValueName, ULONG TitleIndex, ULONG Type, PVOID Data,
		       ULONG DataSize)
{
	(void)ValueName;
	(void)TitleIndex;
	(void)Type;
	(void)Data;
	(void)DataSize;
	ko_entry *e = ko_find(KeyHandle);
	return e && e->kind == KO_REG_KEY ? STATUS_SUCCESS : STATUS_INVALID_HANDLE;
}

/* Closes a registry key; other handles (a system thread's) hold nothing
 * the driver must give back. */
NTSTATUS ZwClose(HANDLE Handle)
{
	uintptr_t caller = DK_CALLER;
	ko_entry *e = ko_find(Handle);
	if (e && e->kind == KO_THREAD)
		return STATUS_SUCCESS;
	dk_reg_key *k = e && e->kind == KO_REG_KEY ? Handle : NULL;
	if (dk_release(DK_RES_CONFIG, k ? k->adapter : NULL, (uintptr_t)Handle, 0, 0, 0, caller) && k) {
		ko_free(k);
		return STATUS_SUCCESS;
	}
	return STATUS_INVALID_HANDLE;
}
