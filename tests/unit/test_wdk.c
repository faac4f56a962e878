/* The kernel-API kit (include/wdk/wdk.h, linux_io.h) against its documented
 * behaviour: statuses, HalTranslateBusAddress's AddressSpace out-value,
 * ConflictDetected, caching kept, what each injected fault does, and that
 * every routine names its caller, not itself, as the core's line. */
#include <setjmp.h>

#include "wdk.h"
#include "linux_io.h"
#include "check.h"

#if defined(__SANITIZE_ADDRESS__)
#define T_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define T_ASAN 1
#endif
#endif
#ifdef T_ASAN
#include <sanitizer/asan_interface.h>
#endif

enum { VA_PAGES = 64, POOL_BYTES = 4096 };

#define PORT_BUS 0x300ull
#define PORT_SYS 0x10000300ull

static PHYSICAL_ADDRESS pa(uint64_t a)
{
	PHYSICAL_ADDRESS p;
	p.QuadPart = (LONGLONG)a;
	return p;
}

static uint64_t reset_with_port(void)
{
	mf_platform_config c = std_config(VA_PAGES, POOL_BYTES);
	c.nlimits = 2;
	c.limits[1] = (mf_bus_limit){.type = Isa, .count = 1};
	c.windows[c.nwindows++] = (mf_window_config){Isa, 0, {PORT_BUS, 0x20, PORT_SYS, SPACE_PORT}};
	return platform_reset(&c);
}

static bool fired(mf_site site)
{
	return (mf_fault_fired_mask() & (1u << site)) != 0;
}

static void test_translate(void)
{
	check_case = "HalTranslateBusAddress";
	reset_with_port();
	ULONG space = 0;
	PHYSICAL_ADDRESS t = pa(0);
	CHECK(HalTranslateBusAddress(PCIBus, 0, pa(WIN_A + 0x10), &space, &t) && t.QuadPart == (LONGLONG)(WIN_A_SYS + 0x10) &&
		      space == 0,
	      "memory window: TRUE, 0x%llx, space %u", (unsigned long long)t.QuadPart, space);
	space = 1;
	CHECK(HalTranslateBusAddress(Isa, 0, pa(PORT_BUS + 4), &space, &t) && t.QuadPart == (LONGLONG)(PORT_SYS + 4) && space == 1,
	      "port window: TRUE and AddressSpace out 1 (I/O space stays I/O space)");
	space = 0;
	CHECK(!HalTranslateBusAddress(Isa, 0, pa(PORT_BUS), &space, &t), "a port address asked for as memory: FALSE");
	space = 1;
	CHECK(!HalTranslateBusAddress(PCIBus, 0, pa(WIN_A), &space, &t), "a memory address asked for as port: FALSE");
	space = 2;
	CHECK(!HalTranslateBusAddress(PCIBus, 0, pa(WIN_A), &space, &t), "AddressSpace 2: FALSE");
	space = 0;
	CHECK(!HalTranslateBusAddress(PCIBus, 1, pa(WIN_A), &space, &t), "a window on an undeclared bus: FALSE");
	CHECK(!HalTranslateBusAddress(MaximumInterfaceType, 0, pa(WIN_A), &space, &t), "bus type out of range: FALSE");
	CHECK(!HalTranslateBusAddress(InterfaceTypeUndefined, 0, pa(WIN_A), &space, &t), "bus type -1: FALSE");
	CHECK(!HalTranslateBusAddress(PCIBus, 0, pa(WIN_A - 1), &space, &t), "outside every window: FALSE");
	mf_fault_op_begin();
	fault_arm(MF_FAULT_NTH_AT_SITE, MF_SITE_BUS_TRANSLATE, 1);
	CHECK(!HalTranslateBusAddress(PCIBus, 0, pa(WIN_A), &space, &t) && fired(MF_SITE_BUS_TRANSLATE),
	      "injected bus-translate: FALSE, and the fault is the platform's record");
	fault_disarm();
}

static void test_topology(void)
{
	check_case = "HalKitEnumerateBuses, HalKitBusWindows, HalKitBusCount";
	reset_with_port();
	HAL_KIT_BUS b[8];
	ULONG n = HalKitEnumerateBuses(b, 8);
	CHECK(n == 3 && b[0].InterfaceType == PCIBus && b[0].BusNumber == 0 && b[1].BusNumber == 1 && b[2].InterfaceType == Isa,
	      "every (type, number) with windows, once each: %u", n);
	CHECK(HalKitEnumerateBuses(NULL, 0) == 3, "a count without a buffer");
	HAL_KIT_WINDOW w[8];
	n = HalKitBusWindows(PCIBus, 0, w, 8);
	CHECK(n == 5 && w[0].BusBase.QuadPart == (LONGLONG)WIN_A && w[0].Length == WIN_LEN &&
		      w[0].Translated.QuadPart == (LONGLONG)WIN_A_SYS && w[0].AddressSpace == 0,
	      "PCI 0: 5 windows, the first A");
	CHECK(HalKitBusWindows(Isa, 0, w, 1) == 1 && w[0].AddressSpace == 1, "the port window says port");
	CHECK(HalKitBusCount(PCIBus) == 1 && HalKitBusCount(Isa) == 1 && HalKitBusCount(Eisa) == 0, "declared counts");
}

/* The page-table entries of [va, va+len) map sys.. with the cache type. */
static bool mapped_as(void *va, uint64_t sys, uint64_t len, SEAM_CACHE want)
{
	for (uint64_t off = 0; off < len; off += len > 1 ? len - 1 : 1) {
		uint64_t s;
		SEAM_CACHE c;
		if (!mf_mmu_translate((uintptr_t)va + off, &s, &c) || s != sys + off || c != want)
			return false;
	}
	return true;
}

static void test_map(void)
{
	check_case = "MmMapIoSpace, MmMapIoSpaceEx, MmUnmapIoSpace";
	std_reset(VA_PAGES, POOL_BYTES);
	static const struct {
		MEMORY_CACHING_TYPE type;
		SEAM_CACHE cache;
	} kinds[] = {{MmNonCached, CACHE_NONCACHED}, {MmCached, CACHE_CACHED}, {MmWriteCombined, CACHE_WRITECOMBINED},
		     {MmHardwareCoherentCached, CACHE_CACHED}, {MmNonCachedUnordered, CACHE_NONCACHED}, {MmUSWCCached, CACHE_WRITECOMBINED}};
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		snapshot s = snap_take();
		void *va = MmMapIoSpace(pa(WIN_A_SYS + 0x123), 0x2000, kinds[i].type);
		CHECK(va && ((uintptr_t)va & 0xFFF) == 0x123, "type %d: the page offset is kept", kinds[i].type);
		CHECK(va && mapped_as(va, WIN_A_SYS + 0x123, 0x2000, kinds[i].cache), "type %d: caching kept as asked", kinds[i].type);
		CHECK(mf_pte_used() == 3, "0x2000 bytes at offset 0x123 span 3 pages: %u", mf_pte_used());
		MmUnmapIoSpace(va, 0x2000);
		check_state_is(HERE, &s, "after MmUnmapIoSpace");
	}
	snapshot s = snap_take();
	CHECK(!MmMapIoSpace(pa(WIN_A_SYS), 0, MmNonCached), "0 bytes: NULL");
	CHECK(!MmMapIoSpace(pa(UINT64_MAX - 0xFFF), 0x2000, MmNonCached), "a range past 2^64: NULL");
	CHECK(!MmMapIoSpace(pa(WIN_A_SYS), 1, MmMaximumCacheType), "no such cache type: NULL");
	check_state_is(HERE, &s, "after refused maps");
	static const struct {
		ULONG protect;
		int cache; /* -1: refused */
	} prot[] = {{PAGE_READWRITE | PAGE_NOCACHE, CACHE_NONCACHED}, {PAGE_READWRITE | PAGE_WRITECOMBINE, CACHE_WRITECOMBINED},
		    {PAGE_READWRITE, CACHE_CACHED}, {PAGE_READONLY | PAGE_NOCACHE, CACHE_NONCACHED},
		    {PAGE_READWRITE | PAGE_NOCACHE | PAGE_WRITECOMBINE, -1}, {PAGE_NOCACHE, -1}, {0, -1},
		    {PAGE_READWRITE | PAGE_GUARD, -1}};
	for (size_t i = 0; i < sizeof(prot) / sizeof(prot[0]); i++) {
		void *va = MmMapIoSpaceEx(pa(WIN_B_SYS), 0x1000, prot[i].protect);
		if (prot[i].cache < 0) {
			CHECK(!va, "protect 0x%x: NULL", prot[i].protect);
			continue;
		}
		CHECK(va && mapped_as(va, WIN_B_SYS, 0x1000, (SEAM_CACHE)prot[i].cache), "protect 0x%x: caching", prot[i].protect);
		MmUnmapIoSpace(va, 0x1000);
	}
	check_state_is(HERE, &s, "after MmMapIoSpaceEx");

	fault_arm(MF_FAULT_NTH_AT_SITE, MF_SITE_VA_RESERVE, 1);
	CHECK(!MmMapIoSpace(pa(WIN_A_SYS), 0x1000, MmNonCached), "injected va-reserve: NULL");
	check_state_is(HERE, &s, "after a failed va-reserve");
	for (uint32_t page = 1; page <= 3; page++) {
		fault_arm(MF_FAULT_NTH_AT_SITE, MF_SITE_PTE_SET, page);
		void *va = MmMapIoSpace(pa(WIN_A_SYS + 0x800), 0x2000, MmNonCached);
#if WDK_PTE_WRITE_FAILS
		CHECK(!va, "injected pte-set at page %u: NULL", page);
#else
		CHECK(va, "WDK_PTE_WRITE_FAILS=0: page-table writes cannot fail");
		MmUnmapIoSpace(va, 0x2000);
#endif
		check_state_is(HERE, &s, "after a failed pte-set");
	}
	fault_disarm();
	CHECK(mf_misuse_count() == 0, "no misuse so far: %s", mf_misuse_first());
	MmUnmapIoSpace((PVOID)(uintptr_t)(MF_VA_BASE + 0x10), 0x10);
	CHECK(mf_misuse_count() > 0, "unmap of nothing mapped: a platform misuse");
}

static void test_ram(void)
{
	check_case = "MmGetPhysicalMemoryRanges";
	std_reset(VA_PAGES, POOL_BYTES);
	PPHYSICAL_MEMORY_RANGE r = MmGetPhysicalMemoryRanges();
	CHECK(r && r[0].BaseAddress.QuadPart == 0 && r[0].NumberOfBytes.QuadPart == (LONGLONG)RAM_END &&
		      r[1].BaseAddress.QuadPart == 0 && r[1].NumberOfBytes.QuadPart == 0,
	      "host RAM, then the all-zero entry");
	snapshot s = snap_take();
	ExFreePool(r);
	CHECK(mf_misuse_count() == 0, "ExFreePool of the array is accepted");
	check_state_is(HERE, &s, "after ExFreePool of the ranges");
}

static CM_RESOURCE_LIST one_range(uint64_t start, ULONG len, UCHAR type)
{
	CM_RESOURCE_LIST l;
	memset(&l, 0, sizeof(l));
	l.Count = 1;
	l.List[0].PartialResourceList.Count = 1;
	l.List[0].PartialResourceList.PartialDescriptors[0].Type = type;
	l.List[0].PartialResourceList.PartialDescriptors[0].u.Memory.Start = pa(start);
	l.List[0].PartialResourceList.PartialDescriptors[0].u.Memory.Length = len;
	return l;
}

static void test_resources(void)
{
	check_case = "IoReportResourceForDetection, IoReportResourceUsage, IoKitReleaseResources";
	uint64_t empty = std_reset(VA_PAGES, POOL_BYTES);
	tadapter a = adapter_pci0(), b = adapter_pci0();
	PDEVICE_OBJECT da = (PDEVICE_OBJECT)a.h, db = (PDEVICE_OBJECT)b.h;
	CM_RESOURCE_LIST l = one_range(WIN_A_SYS, 0x1000, CmResourceTypeMemory);
	BOOLEAN conflict = TRUE;
	NTSTATUS st = IoReportResourceForDetection(NULL, NULL, 0, da, &l, sizeof(l), &conflict);
	CHECK(st == STATUS_SUCCESS && !conflict && seam_registry_count() == 1 && seam_registry_at(0).owner == a.h &&
		      seam_registry_at(0).start == WIN_A_SYS && seam_registry_at(0).length == 0x1000,
	      "a claims: STATUS_SUCCESS, no conflict, the claim is a's");
	snapshot s = snap_take();
	CM_RESOURCE_LIST over = one_range(WIN_A_SYS + 0xFFF, 0x10, CmResourceTypePort);
	st = IoReportResourceForDetection(NULL, NULL, 0, db, &over, sizeof(over), &conflict);
	CHECK(st == STATUS_CONFLICTING_ADDRESSES && conflict, "b overlaps a by a byte: STATUS_CONFLICTING_ADDRESSES, ConflictDetected");
	check_state_is(HERE, &s, "after a conflict");
	st = IoReportResourceForDetection(NULL, NULL, 0, da, &over, sizeof(over), &conflict);
	CHECK(st == STATUS_SUCCESS && !conflict && seam_registry_count() == 2, "a may overlap its own claim");
	IoKitReleaseResources(da, &over);
	check_state_is(HERE, &s, "after releasing the second claim");
	st = IoReportResourceUsage(NULL, NULL, NULL, 0, db, &over, sizeof(over), TRUE, &conflict);
	CHECK(st == STATUS_SUCCESS && conflict && seam_registry_count() == 2, "OverrideConflict: claimed, conflict still reported");
	IoKitReleaseResources(db, &over);
	check_state_is(HERE, &s, "after the override's release");

	fault_arm(MF_FAULT_NTH_AT_SITE, MF_SITE_REGISTRY_CLAIM, 1);
	st = IoReportResourceForDetection(NULL, NULL, 0, db, &l, 0 + sizeof(l), &conflict);
	CHECK(st == STATUS_CONFLICTING_ADDRESSES, "the conflict is decided before the claim is tried");
	CM_RESOURCE_LIST free_range = one_range(WIN_B_SYS, 0x1000, CmResourceTypeMemory);
	st = IoReportResourceForDetection(NULL, NULL, 0, db, &free_range, sizeof(free_range), &conflict);
	CHECK(st == STATUS_INSUFFICIENT_RESOURCES && !conflict, "injected registry-claim: STATUS_INSUFFICIENT_RESOURCES, no conflict");
	check_state_is(HERE, &s, "after a failed claim");
	fault_disarm();

	CHECK(IoReportResourceForDetection(NULL, NULL, 0, da, &l, 4, &conflict) == STATUS_UNSUCCESSFUL, "a list that does not fit its size");
	CHECK(IoReportResourceForDetection(NULL, NULL, 0, NULL, &l, sizeof(l), &conflict) == STATUS_UNSUCCESSFUL, "a device list without a device");
	CHECK(IoReportResourceForDetection(NULL, NULL, 0, da, &l, sizeof(l), NULL) == STATUS_UNSUCCESSFUL, "no ConflictDetected");
	check_state_is(HERE, &s, "after invalid reports");
	/* DriverList, owned by the driver object; DeviceList wins over it. */
	int driver_token;
	PDRIVER_OBJECT drv = (PDRIVER_OBJECT)(void *)&driver_token;
	st = IoReportResourceForDetection(drv, &free_range, sizeof(free_range), NULL, NULL, 0, &conflict);
	CHECK(st == STATUS_SUCCESS && seam_registry_count() == 2 && seam_registry_at(1).owner == (NDIS_HANDLE)drv, "a driver list: the driver's");
	CHECK(IoReportResourceForDetection(drv, NULL, 0, NULL, NULL, 0, &conflict) == STATUS_SUCCESS && seam_registry_count() == 1,
	      "empty lists release every claim of the owner");
	IoKitReleaseResources(da, &l);
	CHECK(seam_registry_count() == 0 && mf_misuse_count() == 0, "released");
	IoKitReleaseResources(da, &l);
	CHECK(mf_misuse_count() == 1, "releasing a claim not held: a platform misuse");
	mf_adapter_destroy(a.h);
	mf_adapter_destroy(b.h);
	CHECK(mf_state_digest() == empty, "empty again");
}

static void test_pool(void)
{
	check_case = "ExAllocatePool*, ExFreePool*, NdisAllocateMemoryWithTag, NdisFreeMemory";
	std_reset(VA_PAGES, POOL_BYTES);
	snapshot s = snap_take();
	void *p = ExAllocatePoolWithTag(NonPagedPoolNx, 24, 0x6B746F6Eu);
	CHECK(p && mf_pool_blocks() == 1 && mf_pool_bytes_used() == 24, "from the platform pool");
	ExFreePoolWithTag(p, 0x6B746F6Eu);
	unsigned char *z = ExAllocatePool2(POOL_FLAG_NON_PAGED, 64, 1);
	bool zero = z != NULL;
	for (int i = 0; z && i < 64; i++)
		zero &= z[i] == 0;
	CHECK(zero, "ExAllocatePool2 zeroes");
	ExFreePool(z);
	PVOID v = NULL;
	CHECK(NdisAllocateMemoryWithTag(&v, 16, 1) == NDIS_STATUS_SUCCESS && v, "NdisAllocateMemoryWithTag");
	NdisFreeMemory(v, 16, 0);
	p = ExAllocatePool(NonPagedPool, 8);
	ExFreePool(p);
	check_state_is(HERE, &s, "after the frees");
	CHECK(!ExAllocatePoolWithTag(NonPagedPool, 0, 1), "0 bytes: NULL");
	CHECK(!ExAllocatePoolWithTag(NonPagedPool, POOL_BYTES + 1, 1), "past the budget: NULL");
	fault_arm(MF_FAULT_NTH_AT_SITE, MF_SITE_POOL_ALLOC, 1);
	CHECK(!ExAllocatePoolWithTag(NonPagedPool, 8, 1), "injected pool-alloc: ExAllocatePoolWithTag NULL");
	fault_arm(MF_FAULT_NTH_AT_SITE, MF_SITE_POOL_ALLOC, 1);
	CHECK(!ExAllocatePool2(POOL_FLAG_NON_PAGED, 8, 1), "injected pool-alloc: ExAllocatePool2 NULL");
	fault_arm(MF_FAULT_NTH_AT_SITE, MF_SITE_POOL_ALLOC, 1);
	v = &v;
	CHECK(NdisAllocateMemoryWithTag(&v, 8, 1) == NDIS_STATUS_FAILURE && !v, "injected pool-alloc: NDIS_STATUS_FAILURE, NULL");
	fault_disarm();
	check_state_is(HERE, &s, "after failed allocations");
}

static void test_errlog(void)
{
	check_case = "NdisWriteErrorLogEntry";
	std_reset(VA_PAGES, POOL_BYTES);
	tadapter a = adapter_pci0();
	NdisWriteErrorLogEntry(a.h, NDIS_ERROR_CODE_RESOURCE_CONFLICT, 3, 0x1000u, 0x2u, 0x80u);
	const mf_log_entry *e = mf_errlog_at(0);
	CHECK(e && e->adapter == a.h && e->code == NDIS_ERROR_CODE_RESOURCE_CONFLICT && e->start == 0x200001000ull && e->length == 0x80,
	      "three values: (low | high << 32, length)");
	NdisWriteErrorLogEntry(a.h, 7, 2, 0x1000u, 0x80u);
	e = mf_errlog_at(1);
	CHECK(e && e->start == 0x1000 && e->length == 0x80, "two values: (start, length)");
	fault_arm(MF_FAULT_NTH_AT_SITE, MF_SITE_ERRLOG_WRITE, 1);
	NdisWriteErrorLogEntry(a.h, 7, 0);
	CHECK(mf_errlog_count() == 2 && mf_errlog_dropped() == 1, "injected errlog-write: dropped and counted");
	fault_disarm();
	mf_adapter_destroy(a.h);
}

static void test_adapter_block(void)
{
	check_case = "NDIS_MINIPORT_BLOCK, NdisMiniportContext, NdisKitMiniportPhase";
	std_reset(VA_PAGES, POOL_BYTES);
	NDIS_HANDLE h = mf_adapter_create(Isa, 3);
	PNDIS_MINIPORT_BLOCK m = (PNDIS_MINIPORT_BLOCK)h;
	CHECK(m->BusType == Isa && m->BusNumber == 3, "the handle is the adapter's block");
	PVOID *slot = NdisMiniportContext(h);
	CHECK(slot && *slot == NULL, "the context slot is NULL at creation");
	*slot = &slot;
	CHECK(NdisKitMiniportPhase(h) == NdisKitPhaseInitializing, "initializing");
	mf_adapter_set_phase(h, ADAPTER_HALTING);
	CHECK(NdisKitMiniportPhase(h) == NdisKitPhaseHalting, "halting");
	CHECK(NdisKitMiniportPhase(NULL) == NdisKitPhaseGone && NdisKitMiniportPhase(mf_adapter_bogus_handle(5)) == NdisKitPhaseGone,
	      "NULL and bogus handles are gone");
	CHECK(!NdisMiniportContext(mf_adapter_bogus_handle(5)) && !NdisMiniportContext(NULL), "no slot for a bogus handle");
	PDEVICE_OBJECT pdo = NULL, fdo = NULL;
	PCM_RESOURCE_LIST raw = (PCM_RESOURCE_LIST)&pdo;
	NdisMGetDeviceProperty(h, &pdo, &fdo, NULL, &raw, NULL);
	CHECK(pdo == (PDEVICE_OBJECT)h && fdo == (PDEVICE_OBJECT)h && raw == NULL, "device objects are the handle; no lists");
	mf_adapter_destroy(h);
	CHECK(NdisKitMiniportPhase(h) == NdisKitPhaseGone, "gone after destroy");
#ifdef T_ASAN
	CHECK(__asan_address_is_poisoned(h), "a dead adapter's block is poisoned: reading it is an ASan report");
#endif
	std_reset(VA_PAGES, POOL_BYTES);
	NDIS_HANDLE h2 = mf_adapter_create(PCIBus, 0);
	CHECK(*NdisMiniportContext(h2) == NULL, "a new input's adapter starts with a NULL slot");
	mf_adapter_destroy(h2);
}

/* Calls each routine from here; the platform's latest caller must be in
 * this function, the vendor's line, not in the kit. */
__attribute__((noinline)) static uintptr_t caller_of_map(void **va)
{
	*va = MmMapIoSpace(pa(WIN_A_SYS), 0x10, MmNonCached);
	return mf_last_seam_caller();
}

static jmp_buf stop;

__attribute__((noinline)) static void bugcheck_here(void)
{
	KeBugCheckEx(0xE2u, 1, 2, 3, 4);
}

static void test_caller_and_bugcheck(void)
{
	check_case = "caller recorded, KeBugCheckEx";
	std_reset(VA_PAGES, POOL_BYTES);
	void *va;
	uintptr_t pc = caller_of_map(&va);
	uintptr_t fn = (uintptr_t)&caller_of_map;
	CHECK(va && pc > fn && pc < fn + 4096, "MmMapIoSpace names its caller (0x%lx, function at 0x%lx)", (unsigned long)pc,
	      (unsigned long)fn);
	MmUnmapIoSpace(va, 0x10);
	if (setjmp(stop) == 0) {
		mf_bugcheck_arm(&stop);
		bugcheck_here();
	}
	mf_bugcheck_arm(NULL);
	const mf_bugcheck *b = mf_bugcheck_last();
	uintptr_t bfn = (uintptr_t)&bugcheck_here;
	CHECK(b->stopped && b->code == 0xE2u && b->args[0] == 1 && b->args[3] == 4, "KeBugCheckEx stops with its code and arguments");
	CHECK(b->caller > bfn && b->caller < bfn + 4096, "and names its caller");
}

static void test_rtl(void)
{
	check_case = "Rtl, ASSERT, DbgPrint";
	unsigned char a[8] = {1, 2, 3, 4, 5, 6, 7, 8}, b[8];
	RtlCopyMemory(b, a, sizeof(a));
	CHECK(RtlEqualMemory(a, b, sizeof(a)), "RtlCopyMemory");
	RtlZeroMemory(a, sizeof(a));
	CHECK(a[0] == 0 && a[7] == 0, "RtlZeroMemory");
	ASSERT(a[0] == 1); /* a free build: compiled away */
	PAGED_CODE();
	CHECK(DbgPrint("%d-%s", 42, "x") == 4, "DbgPrint formats (and discards)");
}

static void test_linux(void)
{
	check_case = "linux_io.h";
	uint64_t empty = std_reset(VA_PAGES, POOL_BYTES);
	tadapter a = adapter_pci0(), b = adapter_pci0();
	const char *na = dev_name(ndis_kit_device(a.h)), *nb = dev_name(ndis_kit_device(b.h));
	CHECK(na && nb && strcmp(na, "ndis0") == 0 && strcmp(nb, "ndis1") == 0, "dev_name of the adapters");
	CHECK(dev_name(ndis_kit_device(mf_adapter_bogus_handle(3))) == NULL, "no name for a bogus handle");
	void *v1 = ioremap(WIN_A_SYS + 8, 0x10), *v2 = ioremap_cache(WIN_A_SYS, 0x1001), *v3 = ioremap_wc(WIN_B_SYS, 0x10);
	CHECK(v1 && mapped_as(v1, WIN_A_SYS + 8, 0x10, CACHE_NONCACHED), "ioremap: non-cached, offset kept");
	CHECK(v2 && mapped_as(v2, WIN_A_SYS, 0x1001, CACHE_CACHED), "ioremap_cache: cached");
	CHECK(v3 && mapped_as(v3, WIN_B_SYS, 0x10, CACHE_WRITECOMBINED), "ioremap_wc: write-combined");
	iounmap(v1);
	iounmap(v2);
	iounmap(v3);
	iounmap(NULL);
	CHECK(mf_state_digest() == empty && mf_misuse_count() == 0, "iounmap gives every page back");
	CHECK(!ioremap(WIN_A_SYS, 0), "ioremap of 0 bytes: NULL");
	fault_arm(MF_FAULT_NTH_AT_SITE, MF_SITE_VA_RESERVE, 1);
	CHECK(!ioremap(WIN_A_SYS, 0x10), "injected va-reserve: NULL");
	fault_disarm();

	void *k = kmalloc(32, GFP_KERNEL), *kz = kzalloc(32, GFP_KERNEL);
	CHECK(k && kz && mf_pool_blocks() == 2 && ((unsigned char *)kz)[31] == 0, "kmalloc, kzalloc from the pool");
	kfree(k);
	kfree(kz);
	kfree(NULL);
	fault_arm(MF_FAULT_NTH_AT_SITE, MF_SITE_POOL_ALLOC, 1);
	CHECK(!kmalloc(8, GFP_KERNEL), "injected pool-alloc: NULL");
	fault_disarm();

	struct resource *r = request_mem_region(WIN_A_SYS, 0x1000, na);
	CHECK(r && r->start == WIN_A_SYS && r->end == WIN_A_SYS + 0xFFF && seam_registry_count() == 1 &&
		      seam_registry_at(0).owner == a.h,
	      "request_mem_region: claimed by the adapter its name names");
	CHECK(!request_mem_region(WIN_A_SYS + 0xFFF, 2, nb), "another adapter's overlap: NULL");
	CHECK(request_mem_region(WIN_A_SYS + 0x800, 0x10, na), "an adapter may overlap itself");
	release_mem_region(WIN_A_SYS + 0x800, 0x10);
	fault_arm(MF_FAULT_NTH_AT_SITE, MF_SITE_REGISTRY_CLAIM, 1);
	CHECK(!request_mem_region(WIN_B_SYS, 0x10, nb) && seam_registry_count() == 1, "injected registry-claim: NULL");
	fault_disarm();
	release_mem_region(WIN_A_SYS, 0x1000);
	CHECK(seam_registry_count() == 0 && mf_misuse_count() == 0, "release_mem_region");
	release_mem_region(WIN_A_SYS, 0x1000);
	CHECK(mf_misuse_count() == 1, "a region not busy: a platform misuse");
	mf_adapter_destroy(a.h);
	mf_adapter_destroy(b.h);
}

int main(void)
{
	test_translate();
	test_topology();
	test_map();
	test_ram();
	test_resources();
	test_pool();
	test_errlog();
	test_adapter_block();
	test_caller_and_bugcheck();
	test_rtl();
	test_linux();
	return check_summary();
}
