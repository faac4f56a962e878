/* Unit test of the miniport kit (src/ddk/) against its documented
 * behaviour and every fault site it uses, on the fake runner of
 * fake_runtime.c.  Each routine is called from a noinline test function,
 * so "the driver's line" a routine records must lie inside that function:
 * the kit takes its caller in the public routine, never in a helper.
 * Every injected fault must give the routine's documented failure and
 * record nothing in the ledger. */
#include <ndis.h>
#include <ntstrsafe.h>
#include <acpiioct.h>

#include <stdio.h>
#include <stdlib.h>

#include "fake_runtime.h"

static unsigned passed, failed;
static const char *test_name = "";

#define CHECK(cond, ...)                                                                            \
	do {                                                                                        \
		if (cond) {                                                                         \
			passed++;                                                                   \
		} else {                                                                            \
			failed++;                                                                   \
			printf("%s:%d: FAIL [%s]: ", __FILE__, __LINE__, test_name);                \
			printf(__VA_ARGS__);                                                        \
			putchar('\n');                                                              \
		}                                                                                   \
	} while (0)

#define TEST __attribute__((noinline)) static void
/* A return address inside fn: the call was made from fn's own code. */
#define IN_FN(c, fn) ((c) > (uintptr_t)(fn) && (c) < (uintptr_t)(fn) + 16384)

/* ---- A test driver: NDIS 5 or NDIS 6 as the test asks ---- */
static int mode;               /* 5 or 6 */
static int bad_registration;   /* 1: a bad version; 2: a short length */
static NDIS_STATUS registered;
static NDIS_HANDLE wrapper, driver_handle;
static int adapter_ctx = 42;
static NDIS_HANDLE init_handle, init_wcc;
static NDIS_MEDIUM init_medium;
static UINT init_media;
static NDIS_MINIPORT_INIT_PARAMETERS init_params;
static NDIS_RESOURCE_LIST init_res_copy;
static CM_PARTIAL_RESOURCE_DESCRIPTOR init_res_desc[3];
static void *halt_ctx;
static NDIS_HALT_ACTION halt_action;
static int halts, unloads, pnp_events;
static NDIS_DEVICE_PNP_EVENT last_pnp;

static NDIS_STATUS init5(PNDIS_STATUS OpenErrorStatus, PUINT SelectedMediumIndex, PNDIS_MEDIUM MediumArray,
			 UINT MediumArraySize, NDIS_HANDLE MiniportAdapterHandle, NDIS_HANDLE WrapperConfigurationContext)
{
	(void)OpenErrorStatus;
	init_handle = MiniportAdapterHandle;
	init_wcc = WrapperConfigurationContext;
	init_media = MediumArraySize;
	for (UINT i = 0; i < MediumArraySize; i++) {
		if (MediumArray[i] == NdisMedium802_3) {
			*SelectedMediumIndex = i;
			init_medium = MediumArray[i];
		}
	}
	NdisMSetAttributesEx(MiniportAdapterHandle, &adapter_ctx, 0, NDIS_ATTRIBUTE_BUS_MASTER, NdisInterfacePci);
	return NDIS_STATUS_SUCCESS;
}

static VOID halt5(NDIS_HANDLE ctx)
{
	halt_ctx = ctx;
	halts++;
}

static VOID pnp5(NDIS_HANDLE ctx, NDIS_DEVICE_PNP_EVENT ev, PVOID buf, ULONG len)
{
	(void)ctx;
	(void)buf;
	(void)len;
	last_pnp = ev;
	pnp_events++;
}

static VOID unload5(PDRIVER_OBJECT d)
{
	(void)d;
	unloads++;
}

static NDIS_STATUS init6(NDIS_HANDLE h, NDIS_HANDLE drvctx, PNDIS_MINIPORT_INIT_PARAMETERS p)
{
	(void)drvctx;
	init_handle = h;
	init_params = *p;
	if (p->AllocatedResources) {
		init_res_copy = *p->AllocatedResources;
		for (ULONG i = 0; i < p->AllocatedResources->Count && i < 3; i++)
			init_res_desc[i] = p->AllocatedResources->PartialDescriptors[i];
	}
	NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES ra;
	NdisZeroMemory(&ra, sizeof ra);
	ra.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES;
	ra.Header.Revision = NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
	ra.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
	ra.MiniportAdapterContext = &adapter_ctx;
	ra.InterfaceType = NdisInterfacePci;
	return NdisMSetMiniportAttributes(h, (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&ra);
}

static VOID halt6(NDIS_HANDLE ctx, NDIS_HALT_ACTION a)
{
	halt_ctx = ctx;
	halt_action = a;
	halts++;
}

static VOID pnp6(NDIS_HANDLE ctx, PNET_DEVICE_PNP_EVENT ev)
{
	(void)ctx;
	last_pnp = ev->DevicePnPEvent;
	pnp_events++;
}

static VOID unload6(PDRIVER_OBJECT d)
{
	(void)d;
	unloads++;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath);
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	if (mode == 5) {
		NDIS51_MINIPORT_CHARACTERISTICS c;
		NdisMInitializeWrapper(&wrapper, DriverObject, RegistryPath, NULL);
		NdisZeroMemory(&c, sizeof c);
		c.MajorNdisVersion = bad_registration == 1 ? 2 : 5;
		c.MinorNdisVersion = 1;
		c.InitializeHandler = init5;
		c.HaltHandler = halt5;
		c.PnPEventNotifyHandler = pnp5;
		registered = NdisMRegisterMiniport(wrapper, (PNDIS_MINIPORT_CHARACTERISTICS)&c,
						   bad_registration == 2 ? 8 : sizeof c);
		if (registered == NDIS_STATUS_SUCCESS)
			NdisMRegisterUnloadHandler(wrapper, unload5);
		return registered;
	}
	NDIS_MINIPORT_DRIVER_CHARACTERISTICS c;
	NdisZeroMemory(&c, sizeof c);
	c.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;
	c.Header.Revision = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
	c.Header.Size = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
	c.MajorNdisVersion = bad_registration == 1 ? 5 : 6;
	c.MinorNdisVersion = 20;
	c.InitializeHandlerEx = init6;
	c.HaltHandlerEx = halt6;
	c.UnloadHandler = unload6;
	c.DevicePnPEventNotifyHandler = pnp6;
	registered = NdisMRegisterMiniportDriver(DriverObject, RegistryPath, NULL, &c, &driver_handle);
	return registered;
}

/* The runner's adapter: any address the kit never dereferences. */
static int adapter_object;
#define ADAPTER ((void *)&adapter_object)

static void fresh(const char *name)
{
	test_name = name;
	dk_kit_reset();
	fake_reset();
	mode = 5;
	bad_registration = 0;
	registered = -1;
	halts = unloads = pnp_events = 0;
	halt_ctx = NULL;
	init_handle = init_wcc = NULL;
	memset(&init_params, 0, sizeof init_params);
}

/* An NDIS 5 driver registered and its adapter initialized: routines that
 * take the adapter's handle know it. */
static void with_adapter(const char *name)
{
	bool reg;
	fresh(name);
	dk_call_driver_entry();
	dk_call_initialize(ADAPTER, &reg);
	fake_reset(); /* the test starts with an empty ledger */
}

/* ================= Registration and the calls into the driver ================= */
TEST test_ndis5_lifecycle(void)
{
	bool reg = false;
	fresh("ndis5 lifecycle");
	CHECK(dk_call_driver_entry() == STATUS_SUCCESS, "DriverEntry fails");
	CHECK(registered == NDIS_STATUS_SUCCESS, "NdisMRegisterMiniport: 0x%x", registered);
	CHECK(dk_call_initialize(ADAPTER, &reg) == NDIS_STATUS_SUCCESS && reg, "initialize");
	CHECK(init_handle == ADAPTER && init_wcc == ADAPTER, "handles: %p %p", init_handle, init_wcc);
	CHECK(init_medium == NdisMedium802_3 && init_media >= 1, "802.3 offered");
	CHECK(dk_kit_adapter_context(ADAPTER) == &adapter_ctx, "the context NdisMSetAttributesEx set");
	CHECK(fake.ctx_adapter == ADAPTER && fake.ctx == &adapter_ctx && IN_FN(fake.ctx_caller, init5),
	      "dk_adapter_context told from init5's line");
	dk_call_surprise_removal(ADAPTER);
	CHECK(pnp_events == 1 && last_pnp == NdisDevicePnPEventSurpriseRemoved, "PnP surprise removal");
	dk_call_halt(ADAPTER, true);
	CHECK(halts == 1 && halt_ctx == &adapter_ctx, "halt with the context");
	dk_call_unload();
	CHECK(unloads == 1, "unload handler");
	dk_kit_reset();
	CHECK(dk_call_initialize(ADAPTER, &reg) == NDIS_STATUS_FAILURE && !reg, "reset forgets the driver");
}

TEST test_ndis6_lifecycle(void)
{
	bool reg = false;
	fresh("ndis6 lifecycle");
	mode = 6;
	CHECK(dk_call_driver_entry() == NDIS_STATUS_SUCCESS && driver_handle, "NdisMRegisterMiniportDriver");
	CHECK(dk_call_initialize(ADAPTER, &reg) == NDIS_STATUS_SUCCESS && reg, "initialize");
	CHECK(init_handle == ADAPTER, "the adapter handle");
	CHECK(init_params.Header.Type == NDIS_OBJECT_TYPE_MINIPORT_INIT_PARAMETERS, "init parameters header");
	CHECK(init_params.AllocatedResources && init_res_copy.Count == 3, "AllocatedResources: %u", init_res_copy.Count);
	CHECK(init_res_desc[0].Type == CmResourceTypeMemory && init_res_desc[0].u.Memory.Start.QuadPart == 0xF0000000 &&
		      init_res_desc[0].u.Memory.Length == 0x1000,
	      "memory descriptor");
	CHECK(init_res_desc[1].Type == CmResourceTypePort && init_res_desc[1].u.Port.Start.QuadPart == 0xC000 &&
		      init_res_desc[1].u.Port.Length == 0x100 && (init_res_desc[1].Flags & CM_RESOURCE_PORT_IO),
	      "port descriptor");
	CHECK(init_res_desc[2].Type == CmResourceTypeInterrupt && init_res_desc[2].u.Interrupt.Vector == 11,
	      "interrupt descriptor");
	CHECK(dk_kit_adapter_context(ADAPTER) == &adapter_ctx && IN_FN(fake.ctx_caller, init6), "registration attributes");
	dk_call_surprise_removal(ADAPTER);
	CHECK(pnp_events == 1 && last_pnp == NdisDevicePnPEventSurpriseRemoved, "DevicePnPEventNotify");
	dk_call_halt(ADAPTER, true);
	CHECK(halts == 1 && halt_ctx == &adapter_ctx && halt_action == NdisHaltDeviceSurpriseRemoved, "halt action");
	dk_call_halt(ADAPTER, false);
	CHECK(halt_action == NdisHaltDeviceDisabled, "halt disabled");
	dk_call_unload();
	CHECK(unloads == 1, "MiniportDriverUnload");
	/* no resources: AllocatedResources is NULL */
	fresh("ndis6 no resources");
	mode = 6;
	fake.nres = 0;
	dk_call_driver_entry();
	dk_call_initialize(ADAPTER, &reg);
	CHECK(init_params.AllocatedResources == NULL, "no resources, no list");
}

TEST test_registration_checks(void)
{
	bool reg;
	fresh("bad NDIS 5 version");
	bad_registration = 1;
	dk_call_driver_entry();
	CHECK(registered == NDIS_STATUS_BAD_VERSION, "0x%x", registered);
	CHECK(dk_call_initialize(ADAPTER, &reg) == NDIS_STATUS_FAILURE && !reg, "not registered");
	fresh("short NDIS 5 characteristics");
	bad_registration = 2;
	dk_call_driver_entry();
	CHECK(registered == NDIS_STATUS_BAD_CHARACTERISTICS, "0x%x", registered);
	fresh("bad NDIS 6 version");
	mode = 6;
	bad_registration = 1;
	dk_call_driver_entry();
	CHECK(registered == NDIS_STATUS_BAD_VERSION, "0x%x", registered);
}

/* ================= Resources and configuration ================= */
TEST test_query_resources(void)
{
	with_adapter("NdisMQueryAdapterResources");
	NDIS_STATUS st;
	UINT size = 0;
	NdisMQueryAdapterResources(&st, ADAPTER, NULL, &size);
	UINT need = (UINT)(FIELD_OFFSET(CM_PARTIAL_RESOURCE_LIST, PartialDescriptors) + 3 * sizeof(CM_PARTIAL_RESOURCE_DESCRIPTOR));
	CHECK(st == NDIS_STATUS_RESOURCES && size == need, "first call: 0x%x size %u (want %u)", st, size, need);
	PNDIS_RESOURCE_LIST l = malloc(size);
	NdisMQueryAdapterResources(&st, ADAPTER, l, &size);
	CHECK(st == NDIS_STATUS_SUCCESS && l->Count == 3 && l->PartialDescriptors[0].Type == CmResourceTypeMemory,
	      "second call");
	CHECK(fake.site_calls[DK_SITE_QUERY_RESOURCES] == 1 && IN_FN(fake.last_fail_caller, test_query_resources),
	      "only the second call is a fault site, from this line");
	free(l);
	fake.nres = 0;
	size = 100;
	NdisMQueryAdapterResources(&st, ADAPTER, NULL, &size);
	CHECK(st == NDIS_STATUS_RESOURCES && size == 0, "no resources");
	CHECK(fake.acquires == 0, "records nothing");
}

TEST test_pci_and_property(void)
{
	with_adapter("PCI configuration space");
	UCHAR buf[4];
	CHECK(NdisReadPciSlotInformation(ADAPTER, 0, 0, buf, 4) == 4 && buf[0] == 0x46 && buf[3] == 0x4E, "read IDs");
	USHORT cmd = 7;
	CHECK(NdisWritePciSlotInformation(ADAPTER, 0, 4, &cmd, 2) == 2 && fake.pci[4] == 7, "write command");
	CHECK(NdisMGetBusData(ADAPTER, PCI_WHICHSPACE_CONFIG, 8, buf, 1) == 1 && buf[0] == 1, "NdisMGetBusData");
	PDEVICE_OBJECT pdo, fdo, next;
	PCM_RESOURCE_LIST raw, tr;
	NdisMGetDeviceProperty(ADAPTER, &pdo, &fdo, &next, &raw, &tr);
	CHECK(pdo && fdo && next && raw && tr && raw->Count == 1 && raw->List[0].PartialResourceList.Count == 3 &&
		      raw->List[0].InterfaceType == PCIBus,
	      "NdisMGetDeviceProperty");
	ULONG bus = 99, got = 0;
	CHECK(IoGetDeviceProperty(pdo, DevicePropertyBusNumber, sizeof bus, &bus, &got) == STATUS_SUCCESS && bus == 0 &&
		      got == sizeof bus,
	      "IoGetDeviceProperty bus number");
}

TEST test_configuration(void)
{
	with_adapter("configuration");
	NDIS_STATUS st;
	NDIS_HANDLE cfg;
	NdisOpenConfiguration(&st, &cfg, ADAPTER);
	CHECK(st == NDIS_STATUS_SUCCESS && cfg, "open");
	fake_entry *e = fake_find(DK_RES_CONFIG, (uintptr_t)cfg);
	CHECK(e && e->adapter == ADAPTER && IN_FN(e->caller, test_configuration), "the handle is a ledger entry");
	PNDIS_CONFIGURATION_PARAMETER p;
	NDIS_STRING speed = NDIS_STRING_CONST("speed"), duplex = NDIS_STRING_CONST("Duplex"),
		    hex = NDIS_STRING_CONST("HexValue"), missing = NDIS_STRING_CONST("Missing"),
		    env = NDIS_STRING_CONST("Environment");
	NdisReadConfiguration(&st, &p, cfg, &speed, NdisParameterInteger);
	CHECK(st == NDIS_STATUS_SUCCESS && p->ParameterType == NdisParameterInteger && p->ParameterData.IntegerData == 100,
	      "integer keyword, any case");
	NdisReadConfiguration(&st, &p, cfg, &duplex, NdisParameterString);
	CHECK(st == NDIS_STATUS_SUCCESS && p->ParameterData.StringData.Length == 4 * sizeof(WCHAR) &&
		      p->ParameterData.StringData.Buffer[0] == L'f',
	      "string keyword");
	NdisReadConfiguration(&st, &p, cfg, &hex, NdisParameterHexInteger);
	CHECK(st == NDIS_STATUS_SUCCESS && p->ParameterData.IntegerData == 0x1f, "hex string read as a number");
	NdisReadConfiguration(&st, &p, cfg, &missing, NdisParameterInteger);
	CHECK(st == NDIS_STATUS_FAILURE && p == NULL, "missing keyword");
	NdisReadConfiguration(&st, &p, cfg, &env, NdisParameterInteger);
	CHECK(st == NDIS_STATUS_SUCCESS && p->ParameterData.IntegerData == 1, "NDIS's own Environment keyword");
	PVOID mac;
	UINT len;
	NdisReadNetworkAddress(&st, &mac, &len, cfg);
	CHECK(st == NDIS_STATUS_SUCCESS && len == 6 && ((PUCHAR)mac)[2] == 0x4D, "network address");
	NdisCloseConfiguration(cfg);
	CHECK(fake_live() == 0 && fake.mismatches == 0 && fake.bad_releases == 0, "closed");
	NdisCloseConfiguration(cfg);
	CHECK(fake.bad_releases == 1, "a double close is reported, and the kit frees nothing twice");
	NDIS_CONFIGURATION_OBJECT co;
	NdisZeroMemory(&co, sizeof co);
	co.Header.Type = NDIS_OBJECT_TYPE_CONFIGURATION_OBJECT;
	co.Header.Revision = NDIS_CONFIGURATION_OBJECT_REVISION_1;
	co.Header.Size = NDIS_SIZEOF_CONFIGURATION_OBJECT_REVISION_1;
	co.NdisHandle = ADAPTER;
	CHECK(NdisOpenConfigurationEx(&co, &cfg) == NDIS_STATUS_SUCCESS && cfg, "NdisOpenConfigurationEx");
	NdisCloseConfiguration(cfg);
	CHECK(fake_live() == 0, "closed");
}

/* ================= I/O ================= */
TEST test_map_and_registers(void)
{
	with_adapter("map, registers, ports, time");
	PVOID va = NULL;
	NDIS_PHYSICAL_ADDRESS pa;
	pa.QuadPart = 0xF0000000;
	CHECK(NdisMMapIoSpace(&va, ADAPTER, pa, 0x1000) == NDIS_STATUS_SUCCESS && va, "map");
	fake_entry *e = fake_find(DK_RES_MAPPING, (uintptr_t)va);
	CHECK(e && IN_FN(e->caller, test_map_and_registers) && e->c == 0xF0000000, "the map's line");
	volatile PUCHAR regs = va;
	NdisWriteRegisterUlong(regs + 8, 0x12345678);
	CHECK(IN_FN(fake.last_access_caller, test_map_and_registers) && fake.last_size == 4, "write's line");
	ULONG v = 0;
	NdisReadRegisterUlong(regs + 8, &v);
	CHECK(v == 0x12345678 && IN_FN(fake.last_access_caller, test_map_and_registers), "read back");
	USHORT s = 0;
	NdisReadRegisterUshort(regs + 8, &s);
	UCHAR c = 0;
	NdisReadRegisterUchar(regs + 9, &c);
	CHECK(s == 0x5678 && c == 0x56 && fake.last_size == 1, "narrow reads");
	WRITE_REGISTER_USHORT((volatile USHORT *)(regs + 2), 0xBEEF);
	CHECK(READ_REGISTER_USHORT((volatile USHORT *)(regs + 2)) == 0xBEEF, "WRITE/READ_REGISTER_USHORT");
	ULONG fifo[3];
	READ_REGISTER_BUFFER_ULONG((volatile ULONG *)(regs + 8), fifo, 3);
	CHECK(fifo[2] == 0x12345678 && IN_FN(fake.last_access_caller, test_map_and_registers), "buffer read");
	NdisMUnmapIoSpace(ADAPTER, va, 0x1000);
	CHECK(fake_live() == 0 && fake.mismatches == 0, "unmapped with its length");

	PVOID port = NULL;
	CHECK(NdisMRegisterIoPortRange(&port, ADAPTER, 0xC000, 0x100) == NDIS_STATUS_SUCCESS &&
		      (ULONG_PTR)port == 0xC000,
	      "port offset is the port");
	e = fake_find(DK_RES_PORT_RANGE, 0xC000);
	CHECK(e && e->a == 0x100 && e->c == 0xC000 && IN_FN(e->caller, test_map_and_registers), "port range ledger");
	NdisRawWritePortUshort((ULONG_PTR)port + 4, 0xABCD);
	USHORT pv = 0;
	NdisRawReadPortUshort((ULONG_PTR)port + 4, &pv);
	CHECK(pv == 0xABCD && fake.last_port == 0xC004 && IN_FN(fake.last_access_caller, test_map_and_registers),
	      "port access");
	UCHAR pb = 0;
	NdisRawReadPortUchar(0xC005, &pb);
	CHECK(pb == 0xAB && fake.last_size == 1, "byte port read");
	NdisMDeregisterIoPortRange(ADAPTER, 0xC000, 0x100, port);
	CHECK(fake_live() == 0 && fake.mismatches == 0, "deregistered");

	NdisStallExecution(50);
	CHECK(fake.stalled_us == 50 && IN_FN(fake.last_stall_caller, test_map_and_registers), "NdisStallExecution");
	NdisMSleep(1000);
	KeStallExecutionProcessor(5);
	CHECK(fake.stalled_us == 1055, "NdisMSleep, KeStallExecutionProcessor: %llu", (unsigned long long)fake.stalled_us);
	LARGE_INTEGER now;
	KeQuerySystemTime(&now);
	TIME_FIELDS tf;
	LARGE_INTEGER boot;
	boot.QuadPart = now.QuadPart - (LONGLONG)fake.time_100ns;
	RtlTimeToTimeFields(&boot, &tf);
	CHECK(tf.Year == 2026 && tf.Month == 1 && tf.Day == 1 && tf.Hour == 0 && tf.Weekday == 4,
	      "fixed boot time 2026-01-01 (a Thursday): %d-%d-%d wd %d", tf.Year, tf.Month, tf.Day, tf.Weekday);
	ULONG up;
	NdisGetSystemUpTime(&up);
	CHECK(up == 1, "uptime in ms: %u", up);
}

/* ================= Memory and DMA ================= */
TEST test_memory(void)
{
	with_adapter("memory");
	PVOID p = NULL;
	CHECK(NdisAllocateMemoryWithTag(&p, 100, 'tseT') == NDIS_STATUS_SUCCESS && p, "allocate");
	fake_entry *e = fake_find(DK_RES_MEMORY, (uintptr_t)p);
	CHECK(e && e->a == 100 && e->b == 0 && IN_FN(e->caller, test_memory), "ledger: length, flags, line");
	memset(p, 0xA5, 100);
	NdisFreeMemory(p, 100, 0);
	CHECK(fake_live() == 0 && fake.mismatches == 0, "freed with its length");
	NdisFreeMemory(p, 100, 0);
	CHECK(fake.bad_releases == 1, "double free reported, not performed");
	NDIS_PHYSICAL_ADDRESS high;
	high.QuadPart = -1;
	CHECK(NdisAllocateMemory(&p, 64, NDIS_MEMORY_NONCACHED, high) == NDIS_STATUS_SUCCESS, "NdisAllocateMemory");
	e = fake_find(DK_RES_MEMORY, (uintptr_t)p);
	CHECK(e && e->b == NDIS_MEMORY_NONCACHED, "flags recorded");
	NdisFreeMemory(p, 32, 0);
	CHECK(fake.mismatches == 1 && fake_live() == 0, "another length and flags: passed on as the driver gave them");
	p = ExAllocatePoolWithTag(NonPagedPool, 10, 'xxxx');
	CHECK(p != NULL, "ExAllocatePoolWithTag");
	ExFreePoolWithTag(p, 'xxxx');
	CHECK(fake.mismatches == 1 && fake_live() == 0, "pool free repeats the recorded length");
	PUCHAR z = ExAllocatePool2(POOL_FLAG_NON_PAGED, 16, 'zzzz');
	CHECK(z && z[0] == 0 && z[15] == 0, "ExAllocatePool2 zeroes");
	NdisFreeMemoryWithTag(z, 'zzzz');
	CHECK(fake_live() == 0 && fake.mismatches == 1, "NdisFreeMemoryWithTag");
	p = NdisAllocateMemoryWithTagPriority(ADAPTER, 8, 'pppp', NormalPoolPriority);
	e = fake_find(DK_RES_MEMORY, (uintptr_t)p);
	CHECK(p && e && e->adapter == ADAPTER, "charged to the adapter of the handle");
	NdisFreeMemoryWithTagPriority(ADAPTER, p, 'pppp');
	CHECK(fake_live() == 0, "freed");
}

TEST test_shared_memory(void)
{
	with_adapter("shared memory");
	PVOID va1, va2;
	NDIS_PHYSICAL_ADDRESS pa1, pa2;
	NdisMAllocateSharedMemory(ADAPTER, 0x1800, FALSE, &va1, &pa1);
	NdisMAllocateSharedMemory(ADAPTER, 0x100, TRUE, &va2, &pa2);
	CHECK(va1 && va2 && ((ULONG_PTR)va1 & (PAGE_SIZE - 1)) == 0, "page-aligned blocks");
	CHECK(pa1.QuadPart == 0x10000000 && pa2.QuadPart == 0x10002000, "deterministic physical addresses: %llx %llx",
	      (unsigned long long)pa1.QuadPart, (unsigned long long)pa2.QuadPart);
	fake_entry *e = fake_find(DK_RES_SHARED_MEMORY, (uintptr_t)va2);
	CHECK(e && e->a == 0x100 && e->b == 1 && e->c == 0x10002000 && e->adapter == ADAPTER &&
		      IN_FN(e->caller, test_shared_memory),
	      "ledger: length, Cached, physical, line");
	CHECK(MmGetPhysicalAddress((PUCHAR)va1 + 0x10).QuadPart == 0x10000010, "MmGetPhysicalAddress inside the block");
	memset(va1, 0, 0x1800);
	NdisMFreeSharedMemory(ADAPTER, 0x1800, FALSE, va1, pa1);
	CHECK(fake.mismatches == 0, "same arguments");
	NdisMFreeSharedMemory(ADAPTER, 0x100, FALSE, va2, pa2);
	CHECK(fake.mismatches == 1 && fake_live() == 0, "another Cached flag: passed on");
	dk_kit_reset();
	NdisMAllocateSharedMemory(ADAPTER, 0x10, FALSE, &va1, &pa1);
	CHECK(pa1.QuadPart == 0x10000000, "the physical addresses restart with the input");
	CHECK(NdisGetSharedDataAlignment() >= 16, "alignment");
	unsigned before = fake.acquires;
	NdisMAllocateSharedMemory(ADAPTER, 0xFFFFFFFFu, FALSE, &va2, &pa2);
	PVOID big = (PVOID)1;
	CHECK(va2 == NULL && pa2.QuadPart == 0 && NdisAllocateMemoryWithTag(&big, 0xFFFFFFFFu, 'g') == NDIS_STATUS_FAILURE &&
		      big == NULL && fake.acquires == before,
	      "a 4 GiB request fails as out of resources, recording nothing");
	int got = 0;
	for (int i = 0; i < 64; i++) {
		NdisMAllocateSharedMemory(ADAPTER, 60u << 20, FALSE, &va2, &pa2);
		if (!va2)
			break;
		got++;
		CHECK(pa2.QuadPart + (60 << 20) <= 0x80000000LL, "shared memory stays in host RAM");
		NdisMFreeSharedMemory(ADAPTER, 60u << 20, FALSE, va2, pa2);
	}
	CHECK(got > 20 && got < 40, "the physical range runs out (%d blocks of 60 MiB)", got);
}

TEST test_dma(void)
{
	with_adapter("DMA");
	CHECK(NdisMInitializeScatterGatherDma(ADAPTER, TRUE, 0x10000) == NDIS_STATUS_SUCCESS && fake.acquires == 0,
	      "NDIS 5 SG DMA: nothing to release");
	NDIS_SG_DMA_DESCRIPTION d;
	NdisZeroMemory(&d, sizeof d);
	d.Header.Type = NDIS_OBJECT_TYPE_SG_DMA_DESCRIPTION;
	d.Header.Revision = NDIS_SG_DMA_DESCRIPTION_REVISION_1;
	d.Header.Size = NDIS_SIZEOF_SG_DMA_DESCRIPTION_REVISION_1;
	d.MaximumPhysicalMapping = 0x10000;
	NDIS_HANDLE h = NULL;
	CHECK(NdisMRegisterScatterGatherDma(ADAPTER, &d, &h) == NDIS_STATUS_SUCCESS && h && d.ScatterGatherListSize,
	      "NdisMRegisterScatterGatherDma");
	CHECK(fake_find(DK_RES_SG_DMA, (uintptr_t)h) != NULL, "ledger");
	NdisMDeregisterScatterGatherDma(h);
	CHECK(fake_live() == 0, "deregistered");
	d.Header.Type = 0;
	CHECK(NdisMRegisterScatterGatherDma(ADAPTER, &d, &h) == NDIS_STATUS_INVALID_PARAMETER && !h, "bad header");
	CHECK(NdisMAllocateMapRegisters(ADAPTER, 0, NDIS_DMA_32BITS, 16, 1514) == NDIS_STATUS_SUCCESS &&
		      fake_find(DK_RES_SG_DMA, (uintptr_t)ADAPTER),
	      "map registers");
	NdisMFreeMapRegisters(ADAPTER);
	CHECK(fake_live() == 0, "freed");
}

/* ================= Packets, buffers, NBLs, MDLs ================= */
TEST test_packets(void)
{
	with_adapter("NDIS 5 packets");
	NDIS_STATUS st;
	NDIS_HANDLE pool, bpool;
	NdisAllocatePacketPool(&st, &pool, 2, 16);
	CHECK(st == NDIS_STATUS_SUCCESS && pool && fake_find(DK_RES_PACKET_POOL, (uintptr_t)pool), "packet pool");
	PNDIS_PACKET p1, p2, p3;
	NdisAllocatePacket(&st, &p1, pool);
	NdisAllocatePacket(&st, &p2, pool);
	CHECK(st == NDIS_STATUS_SUCCESS && p1 && p2, "two packets");
	NdisAllocatePacket(&st, &p3, pool);
	CHECK(st == NDIS_STATUS_RESOURCES && !p3, "the pool is exhausted");
	memset(p1->ProtocolReserved, 0x11, 16);
	NDIS_SET_PACKET_STATUS(p1, NDIS_STATUS_RESOURCES);
	NDIS_SET_PACKET_HEADER_SIZE(p1, 14);
	NDIS_PER_PACKET_INFO_FROM_PACKET(p1, TcpIpChecksumPacketInfo) = (PVOID)1;
	CHECK(NDIS_GET_PACKET_STATUS(p1) == NDIS_STATUS_RESOURCES && NDIS_GET_PACKET_HEADER_SIZE(p1) == 14 &&
		      p1->ProtocolReserved[15] == 0x11,
	      "OOB data and ProtocolReserved are the packet's own");
	NdisAllocateBufferPool(&st, &bpool, 4);
	CHECK(st == NDIS_STATUS_SUCCESS && bpool, "buffer pool");
	UCHAR data[100], data2[50];
	PNDIS_BUFFER b1, b2;
	NdisAllocateBuffer(&st, &b1, bpool, data, sizeof data);
	NdisAllocateBuffer(&st, &b2, bpool, data2, sizeof data2);
	CHECK(st == NDIS_STATUS_SUCCESS && b1 && b2 && fake_find(DK_RES_BUFFER, (uintptr_t)b1), "buffers");
	NdisChainBufferAtBack(p1, b1);
	NdisChainBufferAtBack(p1, b2);
	UINT phys, count, total;
	PNDIS_BUFFER first;
	NdisQueryPacket(p1, &phys, &count, &first, &total);
	CHECK(count == 2 && total == 150 && first == b1, "NdisQueryPacket: %u %u", count, total);
	PVOID va;
	UINT len;
	NdisQueryBufferSafe(b2, &va, &len, NormalPagePriority);
	CHECK(va == data2 && len == 50, "NdisQueryBufferSafe");
	PNDIS_BUFFER un;
	NdisUnchainBufferAtFront(p1, &un);
	CHECK(un == b1 && p1->Private.Head == b2, "unchain");
	NdisFreeBuffer(b1);
	NdisFreeBuffer(b2);
	NdisFreePacket(p1);
	NdisAllocatePacket(&st, &p3, pool);
	CHECK(st == NDIS_STATUS_SUCCESS && p3, "a freed packet returns to the pool");
	NdisFreePacket(p2);
	NdisFreePacket(p3);
	NdisFreeBufferPool(bpool);
	NdisFreePacketPool(pool);
	CHECK(fake_live() == 0 && fake.bad_releases == 0 && fake.mismatches == 0, "all released");
}

TEST test_nbls(void)
{
	with_adapter("NDIS 6 NBLs and MDLs");
	NET_BUFFER_LIST_POOL_PARAMETERS pp;
	NdisZeroMemory(&pp, sizeof pp);
	pp.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
	pp.Header.Revision = NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
	pp.Header.Size = NDIS_SIZEOF_NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
	pp.fAllocateNetBuffer = TRUE;
	pp.ContextSize = 16;
	NDIS_HANDLE pool = NdisAllocateNetBufferListPool(ADAPTER, &pp);
	CHECK(pool && fake_find(DK_RES_NBL_POOL, (uintptr_t)pool), "NBL pool");
	UCHAR data[256];
	for (int i = 0; i < 256; i++)
		data[i] = (UCHAR)i;
	PMDL mdl = NdisAllocateMdl(ADAPTER, data, sizeof data);
	CHECK(mdl && MmGetMdlByteCount(mdl) == 256 && MmGetSystemAddressForMdlSafe(mdl, NormalPagePriority) == data &&
		      fake_find(DK_RES_MDL, (uintptr_t)mdl),
	      "NdisAllocateMdl");
	PNET_BUFFER_LIST nbl = NdisAllocateNetBufferAndNetBufferList(pool, 0, 0, mdl, 10, 100);
	CHECK(nbl && NET_BUFFER_LIST_FIRST_NB(nbl) && NET_BUFFER_DATA_LENGTH(NET_BUFFER_LIST_FIRST_NB(nbl)) == 100 &&
		      fake_find(DK_RES_NBL, (uintptr_t)nbl),
	      "NBL with a net buffer");
	CHECK(nbl->Context && NET_BUFFER_LIST_CONTEXT_DATA_SIZE(nbl) == 16, "pool context");
	PUCHAR d = NdisGetDataBuffer(NET_BUFFER_LIST_FIRST_NB(nbl), 4, NULL, 1, 0);
	CHECK(d && d[0] == 10 && d[3] == 13, "NdisGetDataBuffer in place");
	NET_BUFFER_LIST_STATUS(nbl) = NDIS_STATUS_SUCCESS;
	NdisFreeNetBufferList(nbl);
	NdisFreeMdl(mdl);
	NdisFreeNetBufferListPool(pool);
	CHECK(fake_live() == 0 && fake.bad_releases == 0, "all released");
	PMDL io = IoAllocateMdl(data, 64, FALSE, FALSE, NULL);
	MmBuildMdlForNonPagedPool(io);
	CHECK(io && MmGetSystemAddressForMdlSafe(io, NormalPagePriority) == data, "IoAllocateMdl");
	IoFreeMdl(io);
	CHECK(fake_live() == 0, "IoFreeMdl");
}

/* ================= Interrupts, timers, work items, locks, events ================= */
static BOOLEAN isr6(NDIS_HANDLE c, PBOOLEAN q, PULONG t)
{
	(void)c;
	(void)q;
	(void)t;
	return FALSE;
}

static VOID dpc6(NDIS_HANDLE c, PVOID d, PVOID r, PVOID n)
{
	(void)c;
	(void)d;
	(void)r;
	(void)n;
}

static BOOLEAN sync_fn(PVOID ctx)
{
	(*(int *)ctx)++;
	return KeGetCurrentIrql() > DISPATCH_LEVEL;
}

static VOID timer_fn(PVOID a, PVOID b, PVOID c, PVOID d)
{
	(void)a;
	(void)b;
	(void)c;
	(void)d;
}

TEST test_interrupts_timers(void)
{
	with_adapter("interrupts, timers, work items");
	NDIS_MINIPORT_INTERRUPT intr;
	CHECK(NdisMRegisterInterrupt(&intr, ADAPTER, 11, 11, TRUE, TRUE, NdisInterruptLevelSensitive) ==
		      NDIS_STATUS_SUCCESS,
	      "NdisMRegisterInterrupt");
	fake_entry *e = fake_find(DK_RES_INTERRUPT, (uintptr_t)&intr);
	CHECK(e && e->adapter == ADAPTER && IN_FN(e->caller, test_interrupts_timers), "ledger key is the driver's struct");
	int n = 0;
	CHECK(NdisMSynchronizeWithInterrupt(&intr, (PVOID)sync_fn, &n) && n == 1 && KeGetCurrentIrql() == PASSIVE_LEVEL,
	      "synchronize runs at device IRQL");
	NdisMDeregisterInterrupt(&intr);
	CHECK(fake_live() == 0, "deregistered");

	NDIS_MINIPORT_INTERRUPT_CHARACTERISTICS ic;
	NdisZeroMemory(&ic, sizeof ic);
	ic.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_INTERRUPT;
	ic.Header.Revision = NDIS_MINIPORT_INTERRUPT_REVISION_1;
	ic.Header.Size = NDIS_SIZEOF_MINIPORT_INTERRUPT_CHARACTERISTICS_REVISION_1;
	ic.InterruptHandler = isr6;
	ic.InterruptDpcHandler = dpc6;
	NDIS_HANDLE ih = NULL;
	CHECK(NdisMRegisterInterruptEx(ADAPTER, &n, &ic, &ih) == NDIS_STATUS_SUCCESS && ih &&
		      ic.InterruptType == NDIS_CONNECT_LINE_BASED,
	      "NdisMRegisterInterruptEx");
	NdisMDeregisterInterruptEx(ih);
	CHECK(fake_live() == 0, "deregistered");
	ic.InterruptHandler = NULL;
	CHECK(NdisMRegisterInterruptEx(ADAPTER, &n, &ic, &ih) == NDIS_STATUS_INVALID_PARAMETER && !ih, "no ISR");

	NDIS_MINIPORT_TIMER t5;
	NdisMInitializeTimer(&t5, ADAPTER, timer_fn, &n);
	e = fake_find(DK_RES_TIMER, (uintptr_t)&t5);
	CHECK(e && e->b == 5, "an NDIS 5 timer is a ledger entry marked b = 5");
	BOOLEAN cancelled = TRUE;
	NdisMCancelTimer(&t5, &cancelled);
	CHECK(!cancelled, "nothing to cancel");
	NdisMSetTimer(&t5, 100);
	NdisMCancelTimer(&t5, &cancelled);
	CHECK(cancelled, "a set timer is cancelled");

	fake_reset();
	NDIS_TIMER_CHARACTERISTICS tc;
	NdisZeroMemory(&tc, sizeof tc);
	tc.Header.Type = NDIS_OBJECT_TYPE_TIMER_CHARACTERISTICS;
	tc.Header.Revision = NDIS_TIMER_CHARACTERISTICS_REVISION_1;
	tc.Header.Size = NDIS_SIZEOF_TIMER_CHARACTERISTICS_REVISION_1;
	tc.TimerFunction = timer_fn;
	NDIS_HANDLE to = NULL;
	CHECK(NdisAllocateTimerObject(ADAPTER, &tc, &to) == NDIS_STATUS_SUCCESS && to, "timer object");
	LARGE_INTEGER due;
	due.QuadPart = -10000;
	CHECK(!NdisSetTimerObject(to, due, 0, NULL) && NdisSetTimerObject(to, due, 0, NULL), "set twice");
	CHECK(NdisCancelTimerObject(to) && !NdisCancelTimerObject(to), "cancel");
	NdisFreeTimerObject(to);
	CHECK(fake_live() == 0, "freed");

	NDIS_HANDLE wi = NdisAllocateIoWorkItem(ADAPTER);
	CHECK(wi && fake_find(DK_RES_WORK_ITEM, (uintptr_t)wi), "I/O work item");
	NdisFreeIoWorkItem(wi);
	CHECK(fake_live() == 0, "freed");

	NDIS_SPIN_LOCK lock;
	NdisAllocateSpinLock(&lock);
	CHECK(fake_find(DK_RES_SPIN_LOCK, (uintptr_t)&lock) != NULL, "spin lock ledger entry");
	NdisAcquireSpinLock(&lock);
	CHECK(KeGetCurrentIrql() == DISPATCH_LEVEL, "held at DISPATCH_LEVEL");
	NdisReleaseSpinLock(&lock);
	CHECK(KeGetCurrentIrql() == PASSIVE_LEVEL, "released");
	NdisFreeSpinLock(&lock);
	CHECK(fake_live() == 0, "freed");

	NDIS_EVENT ev;
	NdisInitializeEvent(&ev);
	fake.stalled_us = 0;
	CHECK(!NdisWaitEvent(&ev, 10) && fake.stalled_us == 10000 &&
		      IN_FN(fake.last_stall_caller, test_interrupts_timers),
	      "a wait on an unset event only passes time");
	NdisSetEvent(&ev);
	CHECK(NdisWaitEvent(&ev, 0) && fake.stalled_us == 10000, "a set event");
	NdisResetEvent(&ev);
	NdisWaitEvent(&ev, 0);
	CHECK(fake.stalled_us > 10000000, "an endless wait is a stall the runner ends");
}

/* ================= Strings ================= */
TEST test_strings(void)
{
	with_adapter("strings");
	UNICODE_STRING u, v;
	RtlInitUnicodeString(&u, L"Speed");
	CHECK(u.Length == 5 * sizeof(WCHAR) && u.MaximumLength == 6 * sizeof(WCHAR), "RtlInitUnicodeString");
	NDIS_STRING c = NDIS_STRING_CONST("SPEED");
	CHECK(c.Length == u.Length && RtlEqualUnicodeString(&u, &c, TRUE) && !RtlEqualUnicodeString(&u, &c, FALSE),
	      "NDIS_STRING_CONST, compare with and without case");
	ULONG n = 0;
	RtlInitUnicodeString(&v, L"0x1F");
	CHECK(RtlUnicodeStringToInteger(&v, 0, &n) == STATUS_SUCCESS && n == 31, "RtlUnicodeStringToInteger");
	char buf[8];
	CHECK(RtlStringCchCopyA(buf, sizeof buf, "abcdefghij") == STATUS_BUFFER_OVERFLOW && strcmp(buf, "abcdefg") == 0,
	      "truncating copy");
	CHECK(RtlStringCbPrintfA(buf, sizeof buf, "%d", 42) == STATUS_SUCCESS && strcmp(buf, "42") == 0, "printf");
	CHECK(RtlStringCchCopyA(buf, 0, "x") == STATUS_INVALID_PARAMETER, "zero-sized destination");
	ANSI_STRING a;
	RtlInitAnsiString(&a, "hello");
	CHECK(RtlAnsiStringToUnicodeString(&v, &a, TRUE) == STATUS_SUCCESS && v.Length == 5 * sizeof(WCHAR) &&
		      v.Buffer[4] == L'o' && fake_live() == 1,
	      "an allocated conversion is pool memory");
	RtlFreeUnicodeString(&v);
	CHECK(fake_live() == 0 && fake.mismatches == 0, "RtlFreeUnicodeString");
	CHECK(RtlCompareMemory("abcd", "abXd", 4) == 2, "RtlCompareMemory");
	LIST_ENTRY head, e1, e2;
	InitializeListHead(&head);
	InsertTailList(&head, &e1);
	InsertHeadList(&head, &e2);
	CHECK(RemoveHeadList(&head) == &e2 && RemoveTailList(&head) == &e1 && IsListEmpty(&head), "lists");
	LONG x = 1;
	CHECK(InterlockedIncrement(&x) == 2 && InterlockedExchange(&x, 7) == 2 && InterlockedCompareExchange(&x, 9, 7) == 7 &&
		      x == 9,
	      "interlocked");
}


/* ================= The WDM routines real drivers use besides NDIS ================= */
static VOID thread_fn(PVOID ctx)
{
	(*(int *)ctx)++;
}

TEST test_wdm(void)
{
	with_adapter("registry, MmMapIoSpace, contiguous memory, lookaside, threads, IRPs");
	PDEVICE_OBJECT pdo;
	NdisMGetDeviceProperty(ADAPTER, &pdo, NULL, NULL, NULL, NULL);
	HANDLE key = NULL;
	CHECK(IoOpenDeviceRegistryKey(pdo, PLUGPLAY_REGKEY_DRIVER, KEY_READ, &key) == STATUS_SUCCESS && key,
	      "IoOpenDeviceRegistryKey");
	fake_entry *e = fake_find(DK_RES_CONFIG, (uintptr_t)key);
	CHECK(e && e->adapter == ADAPTER && IN_FN(e->caller, test_wdm), "a key is a configuration ledger entry");
	UCHAR buf[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + 16];
	PKEY_VALUE_PARTIAL_INFORMATION info = (PVOID)buf;
	UNICODE_STRING name;
	ULONG got = 0;
	RtlInitUnicodeString(&name, L"Speed");
	CHECK(ZwQueryValueKey(key, &name, KeyValuePartialInformation, info, sizeof buf, &got) == STATUS_SUCCESS &&
		      info->Type == REG_DWORD && info->DataLength == 4 && *(ULONG *)info->Data == 100,
	      "ZwQueryValueKey REG_DWORD");
	RtlInitUnicodeString(&name, L"Duplex");
	CHECK(ZwQueryValueKey(key, &name, KeyValuePartialInformation, info, 16, &got) == STATUS_BUFFER_OVERFLOW &&
		      info->Type == REG_SZ && got == 12 + 5 * sizeof(WCHAR),
	      "a REG_SZ that does not fit: STATUS_BUFFER_OVERFLOW and the length it needs");
	RtlInitUnicodeString(&name, L"Missing");
	CHECK(ZwQueryValueKey(key, &name, KeyValuePartialInformation, info, sizeof buf, &got) == STATUS_OBJECT_NAME_NOT_FOUND,
	      "missing value");
	CHECK(ZwClose(key) == STATUS_SUCCESS && fake_live() == 0, "ZwClose releases the key");
	CHECK(ZwClose(key) == STATUS_INVALID_HANDLE && fake.bad_releases == 1, "a second close");

	PHYSICAL_ADDRESS pa;
	pa.QuadPart = 0xF0000000;
	PVOID va = MmMapIoSpaceEx(pa, 0x100, PAGE_READWRITE | PAGE_NOCACHE);
	e = fake_find(DK_RES_MAPPING, (uintptr_t)va);
	CHECK(va && e && e->adapter == NULL && IN_FN(e->caller, test_wdm), "MmMapIoSpaceEx is the same map");
	MmUnmapIoSpace(va, 0x100);
	CHECK(fake_live() == 0 && fake.mismatches == 0, "MmUnmapIoSpace");

	PHYSICAL_ADDRESS lo, hi, skip;
	lo.QuadPart = 0;
	hi.QuadPart = -1;
	skip.QuadPart = 0;
	PVOID c = MmAllocateContiguousMemorySpecifyCache(0x2000, lo, hi, skip, MmCached);
	e = fake_find(DK_RES_SHARED_MEMORY, (uintptr_t)c);
	CHECK(c && e && e->a == 0x2000 && e->c == (uint64_t)MmGetPhysicalAddress(c).QuadPart, "contiguous memory");
	MmFreeContiguousMemorySpecifyCache(c, 0x2000, MmCached);
	CHECK(fake_live() == 0 && fake.mismatches == 0, "freed with its size and cache type");

	NPAGED_LOOKASIDE_LIST la;
	ExInitializeNPagedLookasideList(&la, NULL, NULL, 0, 48, 'kalL', 0);
	PVOID ent = ExAllocateFromNPagedLookasideList(&la);
	e = fake_find(DK_RES_MEMORY, (uintptr_t)ent);
	CHECK(ent && e && e->a == 48, "a lookaside entry is pool memory of the list's size");
	ExFreeToNPagedLookasideList(&la, ent);
	ExDeleteNPagedLookasideList(&la);
	CHECK(fake_live() == 0 && fake.mismatches == 0, "returned");

	HANDLE th = NULL;
	PVOID tobj = NULL;
	int runs = 0;
	CHECK(PsCreateSystemThread(&th, THREAD_ALL_ACCESS, NULL, NULL, NULL, thread_fn, &runs) == STATUS_SUCCESS && th,
	      "PsCreateSystemThread");
	CHECK(ObReferenceObjectByHandle(th, THREAD_ALL_ACCESS, NULL, KernelMode, &tobj, NULL) == STATUS_SUCCESS &&
		      ZwClose(th) == STATUS_SUCCESS,
	      "reference and close");
	fake.stalled_us = 0;
	CHECK(KeWaitForSingleObject(tobj, Executive, KernelMode, FALSE, NULL) == STATUS_SUCCESS && fake.stalled_us == 0 &&
		      runs == 0,
	      "a thread never runs, and a wait for its end returns at once");

	KEVENT ev;
	IO_STATUS_BLOCK iosb;
	KeInitializeEvent(&ev, NotificationEvent, FALSE);
	ACPI_EVAL_INPUT_BUFFER in;
	in.Signature = ACPI_EVAL_INPUT_BUFFER_SIGNATURE;
	PIRP irp = IoBuildDeviceIoControlRequest(IOCTL_ACPI_EVAL_METHOD, pdo, &in, sizeof in, buf, sizeof buf, FALSE, &ev,
						 &iosb);
	CHECK(irp && IoGetCurrentIrpStackLocation(irp)->Parameters.DeviceIoControl.IoControlCode == IOCTL_ACPI_EVAL_METHOD,
	      "IoBuildDeviceIoControlRequest");
	CHECK(IoCallDriver(pdo, irp) == STATUS_NOT_SUPPORTED && iosb.Status == STATUS_NOT_SUPPORTED &&
		      KeReadStateEvent(&ev) == 1,
	      "nothing below the miniport: completed at once, not supported");
	PNDIS_RW_LOCK_EX rw = NdisAllocateRWLock(ADAPTER);
	LOCK_STATE_EX ls;
	CHECK(rw != NULL, "NdisAllocateRWLock");
	NdisAcquireRWLockWrite(rw, &ls, 0);
	CHECK(KeGetCurrentIrql() == DISPATCH_LEVEL, "held at DISPATCH_LEVEL");
	NdisReleaseRWLock(rw, &ls);
	CHECK(KeGetCurrentIrql() == PASSIVE_LEVEL, "released");
	NdisFreeRWLock(rw);
	NDIS_DEVICE_OBJECT_ATTRIBUTES da;
	NdisZeroMemory(&da, sizeof da);
	da.ExtensionSize = 24;
	PDEVICE_OBJECT dev = NULL;
	NDIS_HANDLE dh = NULL;
	CHECK(NdisRegisterDeviceEx(ADAPTER, &da, &dev, &dh) == NDIS_STATUS_SUCCESS && dev &&
		      NdisGetDeviceReservedExtension(dev) != NULL,
	      "NdisRegisterDeviceEx with an extension");
	memset(NdisGetDeviceReservedExtension(dev), 0, 24);
	NdisDeregisterDeviceEx(dh);
	PVOID objs[2] = {&ev, tobj};
	CHECK(KeWaitForMultipleObjects(2, objs, WaitAll, Executive, KernelMode, FALSE, NULL, NULL) == STATUS_SUCCESS,
	      "KeWaitForMultipleObjects");
}

/* ================= Every fault site: the documented failure, nothing recorded ================= */
static NDIS_STATUS st;
static PVOID ptr;
static NDIS_HANDLE handle;

static NDIS_PHYSICAL_ADDRESS any_high(void)
{
	NDIS_PHYSICAL_ADDRESS h;
	h.QuadPart = -1;
	return h;
}

/* Each returns whether the routine reported the failure as documented. */
static bool f_register5(void)
{
	mode = 5;
	dk_call_driver_entry();
	bool reg;
	return registered == NDIS_STATUS_RESOURCES && (dk_call_initialize(ADAPTER, &reg), !reg);
}
static bool f_register6(void)
{
	mode = 6;
	dk_call_driver_entry();
	return registered == NDIS_STATUS_RESOURCES && driver_handle == NULL;
}
static bool f_attributes(void)
{
	mode = 6;
	dk_call_driver_entry();
	bool reg;
	return dk_call_initialize(ADAPTER, &reg) == NDIS_STATUS_RESOURCES && dk_kit_adapter_context(ADAPTER) == NULL &&
	       fake.ctx == NULL;
}
static bool f_query(void)
{
	NDIS_RESOURCE_LIST l[4];
	UINT size = sizeof l;
	memset(l, 0x5A, sizeof l);
	NdisMQueryAdapterResources(&st, ADAPTER, l, &size);
	return st == NDIS_STATUS_RESOURCES && ((PUCHAR)l)[0] == 0x5A;
}
static bool f_pci(void)
{
	UCHAR b[4];
	return NdisReadPciSlotInformation(ADAPTER, 0, 0, b, 4) == 0 &&
	       NdisMGetBusData(ADAPTER, PCI_WHICHSPACE_CONFIG, 0, b, 4) == 0;
}
static bool f_open(void)
{
	NdisOpenConfiguration(&st, &handle, ADAPTER);
	if (st != NDIS_STATUS_FAILURE || handle)
		return false;
	NDIS_CONFIGURATION_OBJECT co;
	NdisZeroMemory(&co, sizeof co);
	co.Header.Type = NDIS_OBJECT_TYPE_CONFIGURATION_OBJECT;
	co.NdisHandle = ADAPTER;
	if (NdisOpenConfigurationEx(&co, &handle) != NDIS_STATUS_RESOURCES || handle)
		return false;
	HANDLE key = (PVOID)1;
	OBJECT_ATTRIBUTES oa;
	InitializeObjectAttributes(&oa, NULL, OBJ_KERNEL_HANDLE, NULL, NULL);
	return ZwOpenKey(&key, KEY_READ, &oa) == STATUS_INSUFFICIENT_RESOURCES && key == NULL;
}
/* The next two open a handle first (with no fault) and close it after. */
static bool f_read(void)
{
	PNDIS_CONFIGURATION_PARAMETER p = (PVOID)1;
	NDIS_STRING kw = NDIS_STRING_CONST("Speed");
	NdisReadConfiguration(&st, &p, handle, &kw, NdisParameterInteger);
	return st == NDIS_STATUS_FAILURE && p == NULL;
}
static HANDLE zkey;
static bool f_read_key(void)
{
	UCHAR buf[64];
	ULONG got = 0;
	UNICODE_STRING name;
	RtlInitUnicodeString(&name, L"Speed");
	return ZwQueryValueKey(zkey, &name, KeyValuePartialInformation, buf, sizeof buf, &got) ==
	       STATUS_INSUFFICIENT_RESOURCES;
}
static bool f_mac(void)
{
	UINT len = 9;
	NdisReadNetworkAddress(&st, &ptr, &len, handle);
	return st == NDIS_STATUS_FAILURE && ptr == NULL && len == 0;
}
static bool f_port(void)
{
	ptr = (PVOID)1;
	return NdisMRegisterIoPortRange(&ptr, ADAPTER, 0xC000, 0x100) == NDIS_STATUS_RESOURCES && ptr == NULL;
}
static bool f_memory(void)
{
	ptr = (PVOID)1;
	bool ok = NdisAllocateMemoryWithTag(&ptr, 10, 'a') == NDIS_STATUS_FAILURE && ptr == NULL;
	ptr = (PVOID)1;
	ok = ok && NdisAllocateMemory(&ptr, 10, 0, any_high()) == NDIS_STATUS_FAILURE && ptr == NULL;
	ok = ok && NdisAllocateMemoryWithTagPriority(ADAPTER, 10, 'a', NormalPoolPriority) == NULL;
	ok = ok && ExAllocatePoolWithTag(NonPagedPool, 10, 'a') == NULL && ExAllocatePool2(POOL_FLAG_NON_PAGED, 1, 'a') == NULL;
	ANSI_STRING a;
	UNICODE_STRING u;
	RtlInitAnsiString(&a, "x");
	ok = ok && RtlAnsiStringToUnicodeString(&u, &a, TRUE) == STATUS_NO_MEMORY;
	NPAGED_LOOKASIDE_LIST la;
	ExInitializeNPagedLookasideList(&la, NULL, NULL, 0, 32, 'a', 0);
	ok = ok && ExAllocateFromNPagedLookasideList(&la) == NULL;
	HANDLE th = (PVOID)1;
	ok = ok && PsCreateSystemThread(&th, THREAD_ALL_ACCESS, NULL, NULL, NULL, thread_fn, NULL) ==
			   STATUS_INSUFFICIENT_RESOURCES && th == NULL;
	IO_STATUS_BLOCK iosb;
	ok = ok && IoBuildDeviceIoControlRequest(IOCTL_ACPI_EVAL_METHOD, NULL, NULL, 0, NULL, 0, FALSE, NULL, &iosb) == NULL;
	ok = ok && NdisAllocateRWLock(ADAPTER) == NULL;
	PDEVICE_OBJECT dev = (PVOID)1;
	NDIS_HANDLE dh = (PVOID)1;
	ok = ok && NdisMRegisterDevice(NULL, NULL, NULL, NULL, &dev, &dh) == NDIS_STATUS_RESOURCES && !dev && !dh;
	NDIS_DEVICE_OBJECT_ATTRIBUTES da;
	NdisZeroMemory(&da, sizeof da);
	dev = (PVOID)1;
	return ok && NdisRegisterDeviceEx(ADAPTER, &da, &dev, &dh) == NDIS_STATUS_RESOURCES && !dev && !dh;
}
static bool f_shared(void)
{
	NDIS_PHYSICAL_ADDRESS pa;
	pa.QuadPart = 77;
	ptr = (PVOID)1;
	NdisMAllocateSharedMemory(ADAPTER, 0x1000, FALSE, &ptr, &pa);
	PHYSICAL_ADDRESS hi;
	hi.QuadPart = -1;
	return ptr == NULL && pa.QuadPart == 0 && MmAllocateContiguousMemory(0x1000, hi) == NULL;
}
static bool f_sg(void)
{
	NDIS_SG_DMA_DESCRIPTION d;
	NdisZeroMemory(&d, sizeof d);
	d.Header.Type = NDIS_OBJECT_TYPE_SG_DMA_DESCRIPTION;
	handle = (PVOID)1;
	return NdisMInitializeScatterGatherDma(ADAPTER, TRUE, 0x1000) == NDIS_STATUS_RESOURCES &&
	       NdisMRegisterScatterGatherDma(ADAPTER, &d, &handle) == NDIS_STATUS_RESOURCES && handle == NULL &&
	       NdisMAllocateMapRegisters(ADAPTER, 0, NDIS_DMA_32BITS, 4, 1514) == NDIS_STATUS_RESOURCES;
}
static bool f_interrupt(void)
{
	NDIS_MINIPORT_INTERRUPT intr;
	NDIS_MINIPORT_INTERRUPT_CHARACTERISTICS ic;
	NdisZeroMemory(&ic, sizeof ic);
	ic.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_INTERRUPT;
	ic.InterruptHandler = isr6;
	ic.InterruptDpcHandler = dpc6;
	handle = (PVOID)1;
	return NdisMRegisterInterrupt(&intr, ADAPTER, 11, 11, TRUE, TRUE, NdisInterruptLevelSensitive) ==
		       NDIS_STATUS_RESOURCES &&
	       NdisMRegisterInterruptEx(ADAPTER, NULL, &ic, &handle) == NDIS_STATUS_RESOURCES && handle == NULL;
}
static bool f_timer(void)
{
	NDIS_TIMER_CHARACTERISTICS tc;
	NdisZeroMemory(&tc, sizeof tc);
	tc.Header.Type = NDIS_OBJECT_TYPE_TIMER_CHARACTERISTICS;
	tc.TimerFunction = timer_fn;
	handle = (PVOID)1;
	return NdisAllocateTimerObject(ADAPTER, &tc, &handle) == NDIS_STATUS_RESOURCES && handle == NULL;
}
static bool f_work(void)
{
	return NdisAllocateIoWorkItem(ADAPTER) == NULL;
}
static bool f_packet_pool(void)
{
	handle = (PVOID)1;
	NdisAllocatePacketPool(&st, &handle, 4, 0);
	bool ok = st == NDIS_STATUS_RESOURCES && handle == NULL;
	handle = (PVOID)1;
	NdisAllocatePacketPoolEx(&st, &handle, 4, 4, 0);
	ok = ok && st == NDIS_STATUS_RESOURCES && handle == NULL;
	handle = (PVOID)1;
	NdisAllocateBufferPool(&st, &handle, 4);
	return ok && st == NDIS_STATUS_RESOURCES && handle == NULL;
}
/* A pool made with no fault (handle), then the packet's own site. */
static NDIS_HANDLE bpool;
static bool f_packet(void)
{
	PNDIS_PACKET p = (PVOID)1;
	NdisAllocatePacket(&st, &p, handle);
	bool ok = st == NDIS_STATUS_RESOURCES && p == NULL;
	PNDIS_BUFFER b = (PVOID)1;
	UCHAR data[4];
	NdisAllocateBuffer(&st, &b, bpool, data, 4);
	return ok && st == NDIS_STATUS_FAILURE && b == NULL;
}
static bool f_nbl_pool(void)
{
	NET_BUFFER_LIST_POOL_PARAMETERS pp;
	NdisZeroMemory(&pp, sizeof pp);
	pp.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
	NET_BUFFER_POOL_PARAMETERS np;
	NdisZeroMemory(&np, sizeof np);
	return NdisAllocateNetBufferListPool(ADAPTER, &pp) == NULL && NdisAllocateNetBufferPool(ADAPTER, &np) == NULL;
}
static bool f_nbl(void)
{
	bool ok = NdisAllocateNetBufferList(handle, 0, 0) == NULL &&
		  NdisAllocateNetBufferAndNetBufferList(handle, 0, 0, NULL, 0, 0) == NULL;
	NET_BUFFER_LIST nbl;
	NdisZeroMemory(&nbl, sizeof nbl);
	return ok && NdisAllocateNetBufferListContext(&nbl, 16, 0, 'c') == NDIS_STATUS_RESOURCES && nbl.Context == NULL;
}
static bool f_mdl(void)
{
	UCHAR data[4];
	return NdisAllocateMdl(ADAPTER, data, 4) == NULL && IoAllocateMdl(data, 4, FALSE, FALSE, NULL) == NULL;
}

typedef struct {
	dk_site site;
	const char *name;
	bool (*run)(void);
	int setup; /* 1: an open configuration handle; 2: packet pools; 3: an NBL pool; 4: a registry key */
	bool fresh; /* a driver of its own (registration sites) */
} fault_case;

static const fault_case faults[] = {
	{DK_SITE_REGISTER_MINIPORT, "NdisMRegisterMiniport", f_register5, 0, true},
	{DK_SITE_REGISTER_MINIPORT, "NdisMRegisterMiniportDriver", f_register6, 0, true},
	{DK_SITE_SET_ATTRIBUTES, "NdisMSetMiniportAttributes", f_attributes, 0, true},
	{DK_SITE_QUERY_RESOURCES, "NdisMQueryAdapterResources", f_query, 0, false},
	{DK_SITE_READ_PCI_SLOT, "NdisReadPciSlotInformation, NdisMGetBusData", f_pci, 0, false},
	{DK_SITE_OPEN_CONFIGURATION, "NdisOpenConfiguration(Ex)", f_open, 0, false},
	{DK_SITE_READ_CONFIGURATION, "NdisReadConfiguration", f_read, 1, false},
	{DK_SITE_READ_CONFIGURATION, "ZwQueryValueKey", f_read_key, 4, false},
	{DK_SITE_READ_NETWORK_ADDRESS, "NdisReadNetworkAddress", f_mac, 1, false},
	{DK_SITE_REGISTER_IO_PORT, "NdisMRegisterIoPortRange", f_port, 0, false},
	{DK_SITE_ALLOCATE_MEMORY, "NdisAllocateMemory*, ExAllocatePool*, Rtl strings", f_memory, 0, false},
	{DK_SITE_ALLOCATE_SHARED, "NdisMAllocateSharedMemory", f_shared, 0, false},
	{DK_SITE_SG_DMA, "scatter/gather DMA, map registers", f_sg, 0, false},
	{DK_SITE_REGISTER_INTERRUPT, "NdisMRegisterInterrupt(Ex)", f_interrupt, 0, false},
	{DK_SITE_ALLOCATE_TIMER, "NdisAllocateTimerObject", f_timer, 0, false},
	{DK_SITE_ALLOCATE_WORK_ITEM, "NdisAllocateIoWorkItem", f_work, 0, false},
	{DK_SITE_PACKET_POOL, "packet and buffer pools", f_packet_pool, 0, false},
	{DK_SITE_PACKET, "NdisAllocatePacket, NdisAllocateBuffer", f_packet, 2, false},
	{DK_SITE_NBL_POOL, "NBL and NB pools", f_nbl_pool, 0, false},
	{DK_SITE_NBL, "NdisAllocateNetBuffer(AndNetBuffer)List", f_nbl, 3, false},
	{DK_SITE_MDL, "NdisAllocateMdl, IoAllocateMdl", f_mdl, 0, false},
};

TEST test_faults(void)
{
	bool covered[DK_SITE_COUNT] = {false};
	for (size_t i = 0; i < RTL_NUMBER_OF(faults); i++) {
		const fault_case *f = &faults[i];
		if (f->fresh)
			fresh(f->name);
		else
			with_adapter(f->name);
		unsigned before = 0;
		if (f->setup == 1) {
			NdisOpenConfiguration(&st, &handle, ADAPTER);
		} else if (f->setup == 2) {
			NdisAllocatePacketPool(&st, &handle, 4, 0);
			NdisAllocateBufferPool(&st, &bpool, 4);
		} else if (f->setup == 4) {
			OBJECT_ATTRIBUTES oa;
			InitializeObjectAttributes(&oa, NULL, OBJ_KERNEL_HANDLE, NULL, NULL);
			ZwOpenKey(&zkey, KEY_READ, &oa);
		} else if (f->setup == 3) {
			NET_BUFFER_LIST_POOL_PARAMETERS pp;
			NdisZeroMemory(&pp, sizeof pp);
			pp.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
			pp.fAllocateNetBuffer = TRUE;
			handle = NdisAllocateNetBufferListPool(ADAPTER, &pp);
		}
		before = fake.acquires;
		fake.fail_site = f->site;
		fake.fail_nth = 0;
		unsigned calls = fake.site_calls[f->site];
		CHECK(f->run(), "%s: the documented failure", f->name);
		CHECK(fake.site_calls[f->site] > calls, "%s: the site was asked", f->name);
		CHECK(fake.acquires == before, "%s: a failed call records nothing (%u acquisitions)", f->name,
		      fake.acquires - before);
		covered[f->site] = true;
		fake.fail_site = DK_SITE_NONE;
	}
	/* Every site of the seam but the map (the runner's own) is the kit's. */
	for (int s = DK_SITE_NONE + 1; s < DK_SITE_COUNT; s++)
		CHECK(covered[s] || s == DK_SITE_MAP_IO_SPACE, "site %d has no fault test", s);
	/* The Nth call fails, not the others: the plan is the runner's to keep. */
	with_adapter("fail the 2nd allocation only");
	fake.fail_site = DK_SITE_ALLOCATE_MEMORY;
	fake.fail_nth = 2;
	PVOID a = NULL, b = NULL, c = NULL;
	NdisAllocateMemoryWithTag(&a, 1, 0);
	NdisAllocateMemoryWithTag(&b, 1, 0);
	NdisAllocateMemoryWithTag(&c, 1, 0);
	CHECK(a && !b && c && fake.acquires == 2, "only the 2nd");
	CHECK(IN_FN(fake.last_fail_caller, test_faults), "dk_fail is told the driver's line");
	NdisFreeMemory(a, 1, 0);
	NdisFreeMemory(c, 1, 0);
}

int main(void)
{
	test_ndis5_lifecycle();
	test_ndis6_lifecycle();
	test_registration_checks();
	test_query_resources();
	test_pci_and_property();
	test_configuration();
	test_map_and_registers();
	test_memory();
	test_shared_memory();
	test_dma();
	test_packets();
	test_nbls();
	test_interrupts_timers();
	test_strings();
	test_wdm();
	test_faults();
	/* What the last tests left behind is freed here: LeakSanitizer sees
	 * the kit hold nothing past a reset. */
	dk_kit_reset();
	fake_reset();
	printf("test_ddk: %u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}
