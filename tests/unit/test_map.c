/* NdisMMapIoSpace: every status and every check that can decide it, in the
 * precedence order of the contract, at the extremes of address and length.
 * Each case starts from a fresh platform and ends with every adapter gone
 * and the platform back to empty. */
#include "check.h"

enum { VA_PAGES = 64, POOL_BYTES = 4096 };

#define SYS_ONE_BUS 0xA0000000ull

/* A platform with one bus type: `limit` buses declared for `type` and one
 * window at WIN_A -> `sys` on bus `number`, plus the standard host RAM. */
static uint64_t reset_one_bus(int32_t type, uint32_t limit, uint32_t number, uint64_t sys)
{
	mf_platform_config c = std_config(VA_PAGES, POOL_BYTES);
	c.nlimits = 1;
	c.limits[0] = (mf_bus_limit){.type = type, .count = limit};
	c.nwindows = 1;
	c.windows[0] = (mf_window_config){type, number, {WIN_A, WIN_LEN, sys, SPACE_MEMORY}};
	return platform_reset(&c);
}

/* A NULL out-pointer: FAILURE, one BAD_CALL, nothing written or changed. */
static void map_null_out_at(check_loc at, NDIS_HANDLE h, int64_t pa, UINT len)
{
	snapshot s = snap_take();
	NDIS_PHYSICAL_ADDRESS p;
	p.QuadPart = pa;
	check_status_at(at, NdisMMapIoSpace(NULL, h, p, len), NDIS_STATUS_FAILURE);
	check_events(at, &s, VERIFIER_BAD_CALL, NULL, 1);
	check_state_is(at, &s, "MAP-ATOMIC: after a NULL out-pointer");
	CHECK_AT(at, mf_errlog_count() == s.log, "LOG-CONFLICT-ONCE: written on a NULL out-pointer");
}

/* An injected fault at `site` must have fired during the last call. */
static void check_fired_at(check_loc at, const snapshot *s, mf_site site)
{
	CHECK_AT(at, mf_fault_fired_total() == s->fired + 1, "MAP-STATUS: the %s fault never fired",
		 mf_site_name(site));
}

static void test_success(void)
{
	check_case = "success";
	uint64_t empty = std_reset(VA_PAGES, POOL_BYTES);
	tadapter a = adapter_pci0();
	map_ok(&a, WIN_A, 0x1000);
	map_ok(&a, WIN_A + 0x123, 0x2345);     /* unaligned, three pages */
	map_ok(&a, WIN_B + 0x800, 0x1000);     /* second window, its own sys */
	map_ok(&a, WIN_A + WIN_LEN - 1, 1);    /* last byte of a window */
	map_ok(&a, WIN_B + WIN_LEN - 1, 1);
	map_ok(&a, WIN_EDGE + 0x1000, 0x1000); /* first page past host RAM */
	map_ok(&a, WIN_A, WIN_LEN);            /* a whole window, over own claims */
	adapter_leave(&a, ADAPTER_GONE_INIT_FAILED);
	check_clean(empty);
}

static void test_null_out(void)
{
	check_case = "NULL out-pointer";
	uint64_t empty = std_reset(VA_PAGES, POOL_BYTES);
	tadapter a = adapter_pci0();
	map_null_out_at(HERE, a.h, WIN_A, 0x1000);
	map_null_out_at(HERE, a.h, WIN_A, 0);
	map_null_out_at(HERE, mf_adapter_bogus_handle(3), WIN_A, 0x1000);
	map_null_out_at(HERE, NULL, -1, 0);
	mf_adapter_set_phase(a.h, ADAPTER_RUNNING);
	map_null_out_at(HERE, a.h, WIN_A, 0x1000);
	adapter_leave(&a, ADAPTER_GONE_HALTED);
	check_clean(empty);
}

static void test_handles(void)
{
	check_case = "dead and bogus handles";
	uint64_t empty = std_reset(VA_PAGES, POOL_BYTES);
	tadapter bogus = adapter_fake(mf_adapter_bogus_handle(7));
	tadapter null = adapter_fake(NULL);
	map_expect(&bogus, WIN_A, 0x1000, NDIS_STATUS_FAILURE, VERIFIER_BAD_CALL);
	map_expect(&null, WIN_A, 0x1000, NDIS_STATUS_FAILURE, VERIFIER_BAD_CALL);
	tadapter dead = adapter_pci0();
	adapter_leave(&dead, ADAPTER_GONE_INIT_FAILED);
	map_expect(&dead, WIN_A, 0x1000, NDIS_STATUS_FAILURE, VERIFIER_BAD_CALL);
	/* A live adapter beside them still maps. */
	tadapter a = adapter_pci0();
	map_ok(&a, WIN_A, 0x1000);
	adapter_leave(&a, ADAPTER_GONE_INIT_FAILED);
	check_clean(empty);
}

static void test_phase(void)
{
	check_case = "outside MiniportInitialize";
	uint64_t empty = std_reset(VA_PAGES, POOL_BYTES);
	tadapter a = adapter_pci0();
	mf_adapter_set_phase(a.h, ADAPTER_RUNNING);
	map_expect(&a, WIN_A, 0x1000, NDIS_STATUS_FAILURE, VERIFIER_BAD_CALL);
	mf_adapter_set_phase(a.h, ADAPTER_HALTING);
	map_expect(&a, WIN_A, 0x1000, NDIS_STATUS_FAILURE, VERIFIER_BAD_CALL);
	adapter_leave(&a, ADAPTER_GONE_HALTED);
	check_clean(empty);
}

static void test_bus_type(void)
{
	/* Types the platform accepts but the core must refuse: each has a
	 * declared bus and a window, so nothing but the type is wrong. */
	static const int32_t bad[] = {InterfaceTypeUndefined, MaximumInterfaceType,
				      MaximumInterfaceType + 1, INT32_MAX, INT32_MIN};
	static const int32_t good[] = {Internal, PCIBus, MaximumInterfaceType - 1};
	check_case = "bus type out of range";
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		uint64_t empty = reset_one_bus(bad[i], 1, 0, SYS_ONE_BUS);
		tadapter a = adapter_new(bad[i], 0);
		map_expect(&a, WIN_A, 0x1000, NDIS_STATUS_FAILURE, NO_EVENT);
		adapter_leave(&a, ADAPTER_GONE_INIT_FAILED);
		check_clean(empty);
	}
	check_case = "bus type in range (control)";
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		uint64_t empty = reset_one_bus(good[i], 1, 0, SYS_ONE_BUS);
		tadapter a = adapter_new(good[i], 0);
		map_ok(&a, WIN_A, 0x1000);
		adapter_leave(&a, ADAPTER_GONE_INIT_FAILED);
		check_clean(empty);
	}
	check_case = "bus type not declared";
	uint64_t empty = reset_one_bus(Isa, 0, 0, SYS_ONE_BUS); /* window, limit 0 */
	tadapter a = adapter_new(Isa, 0);
	map_expect(&a, WIN_A, 0x1000, NDIS_STATUS_FAILURE, NO_EVENT);
	tadapter b = adapter_new(Eisa, 0); /* no window, no limit entry */
	map_expect(&b, WIN_A, 0x1000, NDIS_STATUS_FAILURE, NO_EVENT);
	adapter_leave(&a, ADAPTER_GONE_INIT_FAILED);
	adapter_leave(&b, ADAPTER_GONE_INIT_FAILED);
	check_clean(empty);
}

static void test_bus_number(void)
{
	check_case = "bus number past the declared limit";
	uint64_t empty = std_reset(VA_PAGES, POOL_BYTES);
	tadapter a = adapter_new(PCIBus, 1); /* one past the last, with a window */
	map_expect(&a, WIN_A, 0x1000, NDIS_STATUS_FAILURE, NO_EVENT);
	adapter_leave(&a, ADAPTER_GONE_INIT_FAILED);
	check_clean(empty);

	static const struct {
		uint32_t limit, number;
		NDIS_STATUS want;
	} cases[] = {
		{2, 1, NDIS_STATUS_SUCCESS}, /* the last declared bus */
		{2, 2, NDIS_STATUS_FAILURE}, /* one past it */
		{1, UINT32_MAX, NDIS_STATUS_FAILURE},
		{0, 0, NDIS_STATUS_FAILURE},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		empty = reset_one_bus(PCIBus, cases[i].limit, cases[i].number, SYS_ONE_BUS);
		a = adapter_new(PCIBus, cases[i].number);
		map_expect(&a, WIN_A, 0x1000, cases[i].want, NO_EVENT);
		adapter_leave(&a, ADAPTER_GONE_INIT_FAILED);
		check_clean(empty);
	}
}

static void test_length(void)
{
	static const UINT lens[] = {1, 4095, 4096, 4097};
	check_case = "length";
	uint64_t empty = std_reset(256, POOL_BYTES);
	tadapter a = adapter_pci0();
	map_expect(&a, WIN_A, 0, NDIS_STATUS_FAILURE, NO_EVENT);
	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		map_ok(&a, WIN_A, lens[i]);
		map_ok(&a, WIN_A + 0x800, lens[i]);
		map_ok(&a, WIN_B + WIN_LEN - lens[i], lens[i]); /* ends at the window's end */
	}
	map_expect(&a, WIN_A, UINT_MAX, NDIS_STATUS_FAILURE, NO_EVENT);
	map_expect(&a, WIN_A, WIN_LEN + 1, NDIS_STATUS_FAILURE, NO_EVENT);
	/* Inside BIG, 2^20 pages: valid, but no virtual space is that big. */
	map_expect(&a, WIN_BIG, UINT_MAX, NDIS_STATUS_RESOURCES, NO_EVENT);
	adapter_leave(&a, ADAPTER_GONE_INIT_FAILED);
	check_clean(empty);

	check_case = "length filling all virtual space";
	empty = std_reset(256, POOL_BYTES);
	a = adapter_pci0();
	map_expect(&a, WIN_BIG + 1, 256 * NDIS_PAGE_SIZE, NDIS_STATUS_RESOURCES, NO_EVENT); /* 257 pages */
	map_ok(&a, WIN_BIG, 256 * NDIS_PAGE_SIZE);
	map_expect(&a, WIN_BIG, 1, NDIS_STATUS_RESOURCES, NO_EVENT);
	adapter_leave(&a, ADAPTER_GONE_INIT_FAILED);
	check_clean(empty);
}

static void test_address(void)
{
	check_case = "physical address extremes";
	uint64_t empty = std_reset(VA_PAGES, POOL_BYTES);
	tadapter a = adapter_pci0();
	map_expect(&a, -1, 1, NDIS_STATUS_FAILURE, NO_EVENT);
	map_expect(&a, -1, 0x1000, NDIS_STATUS_FAILURE, NO_EVENT);
	map_expect(&a, -0x1000, 0x1000, NDIS_STATUS_FAILURE, NO_EVENT); /* sum would be 0 */
	map_expect(&a, INT64_MIN, 1, NDIS_STATUS_FAILURE, NO_EVENT);
	map_expect(&a, INT64_MIN, UINT_MAX, NDIS_STATUS_FAILURE, NO_EVENT);
	map_expect(&a, 0, 1, NDIS_STATUS_FAILURE, NO_EVENT);
	map_expect(&a, 0x4000000000000000ll, 1, NDIS_STATUS_FAILURE, NO_EVENT);

	check_case = "PhysicalAddress + Length at the int64 edge";
	/* BIG ends at 2^63: these ranges lie in it, only the sum decides. */
	map_expect(&a, INT64_MAX, 1, NDIS_STATUS_FAILURE, NO_EVENT);
	map_expect(&a, INT64_MAX, UINT_MAX, NDIS_STATUS_FAILURE, NO_EVENT);
	map_expect(&a, INT64_MAX - 1, 2, NDIS_STATUS_FAILURE, NO_EVENT);
	map_expect(&a, INT64_MAX - 0xFFF, 0x1000, NDIS_STATUS_FAILURE, NO_EVENT);
	map_expect(&a, WIN_BIG + 1, UINT_MAX, NDIS_STATUS_FAILURE, NO_EVENT);
	map_ok(&a, INT64_MAX - 1, 1);           /* sum == INT64_MAX */
	map_ok(&a, INT64_MAX - 0xFFF, 0xFFF);
	map_expect(&a, WIN_BIG, UINT_MAX, NDIS_STATUS_RESOURCES, NO_EVENT); /* sum == INT64_MAX */

	check_case = "range not inside one window";
	map_expect(&a, WIN_A - 1, 1, NDIS_STATUS_FAILURE, NO_EVENT);
	map_expect(&a, WIN_A - 1, 2, NDIS_STATUS_FAILURE, NO_EVENT);          /* last byte inside */
	map_expect(&a, WIN_A + WIN_LEN - 1, 2, NDIS_STATUS_FAILURE, NO_EVENT); /* crosses A into B */
	map_expect(&a, WIN_A + 0x8000, WIN_LEN, NDIS_STATUS_FAILURE, NO_EVENT);
	map_expect(&a, WIN_B + WIN_LEN, 1, NDIS_STATUS_FAILURE, NO_EVENT);     /* first byte past */
	map_expect(&a, WIN_B + WIN_LEN - 1, 2, NDIS_STATUS_FAILURE, NO_EVENT);
	map_expect(&a, WIN_EDGE + WIN_EDGE_LEN, 1, NDIS_STATUS_FAILURE, NO_EVENT);
	adapter_leave(&a, ADAPTER_GONE_INIT_FAILED);
	check_clean(empty);

	/* Windows at bus addresses >= 2^63: only the sign check can refuse. */
	check_case = "negative address inside a window";
	mf_platform_config c = std_config(VA_PAGES, POOL_BYTES);
	c.nwindows = 2;
	c.windows[0] = (mf_window_config){PCIBus, 0, {0x8000000000000000ull, WIN_LEN, SYS_ONE_BUS,
						      SPACE_MEMORY}};
	/* Ends 64 KiB short of 2^64: windows never wrap (mf_platform_normalize). */
	c.windows[1] = (mf_window_config){PCIBus, 0, {0xFFFFFFFFFFFE0000ull, WIN_LEN,
						      SYS_ONE_BUS + WIN_LEN, SPACE_MEMORY}};
	empty = platform_reset(&c);
	a = adapter_pci0();
	map_expect(&a, INT64_MIN, 1, NDIS_STATUS_FAILURE, NO_EVENT);
	map_expect(&a, INT64_MIN + 0x10, 0x1000, NDIS_STATUS_FAILURE, NO_EVENT);
	map_expect(&a, -0x20000, 0x1000, NDIS_STATUS_FAILURE, NO_EVENT);
	map_expect(&a, -0x10001, 1, NDIS_STATUS_FAILURE, NO_EVENT); /* the window's last byte */
	map_expect(&a, -1, 1, NDIS_STATUS_FAILURE, NO_EVENT);
	adapter_leave(&a, ADAPTER_GONE_INIT_FAILED);
	check_clean(empty);
}

static void test_host_ram(void)
{
	check_case = "host RAM";
	uint64_t empty = std_reset(VA_PAGES, POOL_BYTES);
	tadapter a = adapter_pci0();
	map_expect(&a, WIN_RAM, 0x1000, NDIS_STATUS_FAILURE, VERIFIER_HOST_RAM);
	map_expect(&a, WIN_RAM + WIN_LEN - 1, 1, NDIS_STATUS_FAILURE, VERIFIER_HOST_RAM);
	map_expect(&a, WIN_EDGE, WIN_EDGE_LEN, NDIS_STATUS_FAILURE, VERIFIER_HOST_RAM);
	map_expect(&a, WIN_EDGE + 0xFFF, 1, NDIS_STATUS_FAILURE, VERIFIER_HOST_RAM); /* RAM's last byte */
	map_expect(&a, WIN_EDGE + 0xFFF, 2, NDIS_STATUS_FAILURE, VERIFIER_HOST_RAM);
	map_ok(&a, WIN_EDGE + 0x1000, 1);
	adapter_leave(&a, ADAPTER_GONE_INIT_FAILED);
	check_clean(empty);

	/* Several RAM ranges: every one counts, and abutting one is fine. */
	check_case = "host RAM, three ranges";
	mf_platform_config c = std_config(VA_PAGES, POOL_BYTES);
	c.nram = 3;
	c.ram[0] = (SEAM_RANGE){0x1000, 0x1000};
	c.ram[1] = (SEAM_RANGE){0x10000000, 0x1000};
	c.ram[2] = (SEAM_RANGE){WIN_A_SYS + 0x3000, 0x1000};
	empty = platform_reset(&c);
	a = adapter_pci0();
	map_expect(&a, WIN_A + 0x3000, 0x1000, NDIS_STATUS_FAILURE, VERIFIER_HOST_RAM);
	map_expect(&a, WIN_A + 0x2000, 0x1001, NDIS_STATUS_FAILURE, VERIFIER_HOST_RAM);
	map_expect(&a, WIN_A + 0x3FFF, 2, NDIS_STATUS_FAILURE, VERIFIER_HOST_RAM);
	map_ok(&a, WIN_A + 0x2000, 0x1000);
	map_ok(&a, WIN_A + 0x4000, 0x1000);
	map_ok(&a, WIN_RAM, 0x1000); /* not RAM on this platform */
	adapter_leave(&a, ADAPTER_GONE_INIT_FAILED);
	check_clean(empty);
}

static void test_translate_fault(void)
{
	check_case = "bus translation fault";
	uint64_t empty = std_reset(VA_PAGES, POOL_BYTES);
	tadapter a = adapter_pci0();
	snapshot s = snap_take();
	fault_arm(MF_FAULT_NTH_AT_SITE, MF_SITE_BUS_TRANSLATE, 1);
	map_expect(&a, WIN_A, 0x1000, NDIS_STATUS_FAILURE, NO_EVENT);
	check_fired_at(HERE, &s, MF_SITE_BUS_TRANSLATE);
	fault_disarm();
	map_ok(&a, WIN_A, 0x1000);
	adapter_leave(&a, ADAPTER_GONE_INIT_FAILED);
	check_clean(empty);
}

static void test_conflict(void)
{
	check_case = "claims of two adapters";
	uint64_t empty = std_reset(VA_PAGES, POOL_BYTES);
	tadapter a = adapter_pci0(), b = adapter_pci0();
	map_ok(&b, WIN_A + 0x2000, 0x100); /* b holds sys [A+0x2000, A+0x2100) */
	map_expect(&a, WIN_A + 0x2000, 0x100, NDIS_STATUS_RESOURCE_CONFLICT, NO_EVENT);
	map_expect(&a, WIN_A + 0x1F01, 0x100, NDIS_STATUS_RESOURCE_CONFLICT, NO_EVENT); /* last byte */
	map_expect(&a, WIN_A + 0x20FF, 1, NDIS_STATUS_RESOURCE_CONFLICT, NO_EVENT);     /* first byte */
	map_expect(&a, WIN_A, WIN_LEN, NDIS_STATUS_RESOURCE_CONFLICT, NO_EVENT);        /* covers it */
	map_expect(&a, WIN_A + 0x2080, 1, NDIS_STATUS_RESOURCE_CONFLICT, NO_EVENT);     /* inside it */
	map_ok(&a, WIN_A + 0x1F00, 0x100); /* abuts from below */
	map_ok(&a, WIN_A + 0x2100, 1);     /* abuts from above */
	map_ok(&b, WIN_A + 0x2000, 0x100); /* b over its own claim */
	map_ok(&b, WIN_A + 0x2000, 0x80);
	/* Now b is the one refused, and the log names b. */
	map_expect(&b, WIN_A + 0x1FFF, 2, NDIS_STATUS_RESOURCE_CONFLICT, NO_EVENT);
	map_expect(&b, WIN_A + 0x2100, 1, NDIS_STATUS_RESOURCE_CONFLICT, NO_EVENT);
	adapter_leave(&a, ADAPTER_GONE_INIT_FAILED);
	/* a's claims are gone with it: b may take the range. */
	map_ok(&b, WIN_A, WIN_LEN);
	adapter_leave(&b, ADAPTER_GONE_INIT_FAILED);
	check_clean(empty);
}

static void test_claim_and_log_faults(void)
{
	check_case = "claim fault";
	uint64_t empty = std_reset(VA_PAGES, POOL_BYTES);
	tadapter a = adapter_pci0(), b = adapter_pci0();
	snapshot s = snap_take();
	fault_arm(MF_FAULT_NTH_AT_SITE, MF_SITE_REGISTRY_CLAIM, 1);
	map_expect(&a, WIN_A, 0x1000, NDIS_STATUS_RESOURCE_CONFLICT, NO_EVENT); /* and logged */
	check_fired_at(HERE, &s, MF_SITE_REGISTRY_CLAIM);
	fault_disarm();
	map_ok(&b, WIN_A, 0x1000);

	check_case = "error-log fault on a conflict";
	s = snap_take();
	fault_arm(MF_FAULT_NTH_AT_SITE, MF_SITE_ERRLOG_WRITE, 1);
	map_expect(&a, WIN_A, 0x1000, NDIS_STATUS_RESOURCE_CONFLICT, NO_EVENT); /* dropped, not logged */
	check_fired_at(HERE, &s, MF_SITE_ERRLOG_WRITE);
	CHECK_EQ_U64(mf_errlog_dropped(), s.dropped + 1, "LOG-CONFLICT-ONCE: dropped entries");
	CHECK_EQ_U64(mf_errlog_count(), s.log, "LOG-CONFLICT-ONCE: entries");
	fault_disarm();
	map_expect(&a, WIN_A, 0x1000, NDIS_STATUS_RESOURCE_CONFLICT, NO_EVENT); /* logged again */

	check_case = "claim and error-log faults together";
	mf_fault_plan both = {.mode = MF_FAULT_RANDOM, .seed = 1, .chance = 255,
			      .site_mask = (1u << MF_SITE_REGISTRY_CLAIM) | (1u << MF_SITE_ERRLOG_WRITE)};
	mf_fault_arm(&both);
	map_expect(&a, WIN_A + 0x4000, 0x1000, NDIS_STATUS_RESOURCE_CONFLICT, NO_EVENT);
	CHECK(mf_fault_fired_mask() == both.site_mask, "fired mask 0x%x, expected both sites",
	      mf_fault_fired_mask());
	fault_disarm();
	adapter_leave(&a, ADAPTER_GONE_INIT_FAILED);
	adapter_leave(&b, ADAPTER_GONE_INIT_FAILED);
	check_clean(empty);
}

static void test_resources(void)
{
	check_case = "pool exhausted";
	uint64_t empty = std_reset(VA_PAGES, 0);
	tadapter a = adapter_pci0();
	map_expect(&a, WIN_A, 0x1000, NDIS_STATUS_RESOURCES, NO_EVENT);
	adapter_leave(&a, ADAPTER_GONE_INIT_FAILED);
	check_clean(empty);

	check_case = "virtual space too small";
	empty = std_reset(1, POOL_BYTES);
	a = adapter_pci0();
	map_expect(&a, WIN_A, 0x2000, NDIS_STATUS_RESOURCES, NO_EVENT);
	map_expect(&a, WIN_A + 0xFFF, 2, NDIS_STATUS_RESOURCES, NO_EVENT); /* two pages by offset */
	map_ok(&a, WIN_A + 1, 0xFFF);
	map_expect(&a, WIN_A, 1, NDIS_STATUS_RESOURCES, NO_EVENT);         /* now full */
	adapter_leave(&a, ADAPTER_GONE_INIT_FAILED);
	check_clean(empty);

	check_case = "virtual space fragmented";
	empty = std_reset(4, POOL_BYTES);
	a = adapter_pci0();
	void *va[4];
	for (int i = 0; i < 4; i++)
		va[i] = map_ok(&a, (int64_t)(WIN_A + 0x1000 * (uint64_t)i), 0x1000);
	NdisMUnmapIoSpace(a.h, va[0], 0x1000);
	NdisMUnmapIoSpace(a.h, va[2], 0x1000);
	CHECK_EQ_U64(mf_va_pages_used(), 2, "UNMAP-EXACT: va pages after two unmaps");
	map_expect(&a, WIN_A, 0x2000, NDIS_STATUS_RESOURCES, NO_EVENT); /* two free, not adjacent */
	map_ok(&a, WIN_A, 0x1000);
	map_ok(&a, WIN_A + 0x2000, 0x1000);
	map_expect(&a, WIN_A, 1, NDIS_STATUS_RESOURCES, NO_EVENT);
	adapter_leave(&a, ADAPTER_GONE_INIT_FAILED);
	check_clean(empty);

	/* Each allocation and mapping step made to fail. */
	static const mf_site sites[] = {MF_SITE_POOL_ALLOC, MF_SITE_VA_RESERVE, MF_SITE_PTE_SET};
	for (size_t i = 0; i < sizeof(sites) / sizeof(sites[0]); i++) {
		check_case = mf_site_name(sites[i]);
		empty = std_reset(VA_PAGES, POOL_BYTES);
		a = adapter_pci0();
		snapshot s = snap_take();
		fault_arm(MF_FAULT_NTH_AT_SITE, sites[i], 1);
		map_expect(&a, WIN_A + 0x10, 0x3000, NDIS_STATUS_RESOURCES, NO_EVENT);
		check_fired_at(HERE, &s, sites[i]);
		fault_disarm();
		adapter_leave(&a, ADAPTER_GONE_INIT_FAILED);
		check_clean(empty);
	}
}

static void test_precedence(void)
{
	check_case = "precedence: clause 1 before clause 2";
	uint64_t empty = std_reset(VA_PAGES, POOL_BYTES);
	tadapter a = adapter_pci0(), dead = adapter_pci0();
	adapter_leave(&dead, ADAPTER_GONE_REMOVED);
	map_null_out_at(HERE, dead.h, -1, 0); /* one event, not two */
	map_expect(&dead, -1, 0, NDIS_STATUS_FAILURE, VERIFIER_BAD_CALL);
	map_expect(&dead, WIN_RAM, 0x1000, NDIS_STATUS_FAILURE, VERIFIER_BAD_CALL); /* not HOST_RAM */
	mf_adapter_set_phase(a.h, ADAPTER_RUNNING);
	map_expect(&a, WIN_A, 0, NDIS_STATUS_FAILURE, VERIFIER_BAD_CALL);
	map_expect(&a, WIN_RAM, 0x1000, NDIS_STATUS_FAILURE, VERIFIER_BAD_CALL);
	adapter_leave(&a, ADAPTER_GONE_HALTED);
	check_clean(empty);

	check_case = "precedence: bus and range before host RAM";
	empty = reset_one_bus(MaximumInterfaceType, 1, 0, WIN_RAM_SYS);
	a = adapter_new(MaximumInterfaceType, 0);
	map_expect(&a, WIN_A, 0x1000, NDIS_STATUS_FAILURE, NO_EVENT);
	adapter_leave(&a, ADAPTER_GONE_INIT_FAILED);
	check_clean(empty);
	empty = reset_one_bus(PCIBus, 1, 1, WIN_RAM_SYS);
	a = adapter_new(PCIBus, 1);
	map_expect(&a, WIN_A, 0x1000, NDIS_STATUS_FAILURE, NO_EVENT);
	adapter_leave(&a, ADAPTER_GONE_INIT_FAILED);
	check_clean(empty);
	empty = std_reset(VA_PAGES, POOL_BYTES);
	a = adapter_pci0();
	map_expect(&a, WIN_RAM, 0, NDIS_STATUS_FAILURE, NO_EVENT);
	map_expect(&a, WIN_RAM + WIN_LEN - 1, 2, NDIS_STATUS_FAILURE, NO_EVENT); /* leaves the window */

	check_case = "precedence: translation fault before host RAM and conflict";
	tadapter b = adapter_pci0();
	map_ok(&b, WIN_A, 0x1000);
	snapshot s = snap_take();
	fault_arm(MF_FAULT_NTH_AT_SITE, MF_SITE_BUS_TRANSLATE, 1);
	map_expect(&a, WIN_A, 0x1000, NDIS_STATUS_FAILURE, NO_EVENT); /* no conflict logged */
	check_fired_at(HERE, &s, MF_SITE_BUS_TRANSLATE);
	s = snap_take();
	fault_arm(MF_FAULT_NTH_AT_SITE, MF_SITE_BUS_TRANSLATE, 1);
	map_expect(&a, WIN_RAM, 0x1000, NDIS_STATUS_FAILURE, NO_EVENT); /* no HOST_RAM event */
	check_fired_at(HERE, &s, MF_SITE_BUS_TRANSLATE);
	fault_disarm();

	check_case = "precedence: host RAM before conflict";
	map_ok(&b, WIN_EDGE + 0x1000, 0x1000); /* b holds the page past RAM */
	map_expect(&a, WIN_EDGE + 0xFFF, 2, NDIS_STATUS_FAILURE, VERIFIER_HOST_RAM); /* not logged */

	check_case = "precedence: conflict before allocation faults";
	static const mf_site sites[] = {MF_SITE_POOL_ALLOC, MF_SITE_VA_RESERVE, MF_SITE_PTE_SET};
	for (size_t i = 0; i < sizeof(sites) / sizeof(sites[0]); i++) {
		fault_arm(MF_FAULT_NTH_AT_SITE, sites[i], 1);
		map_expect(&a, WIN_A, 0x1000, NDIS_STATUS_RESOURCE_CONFLICT, NO_EVENT);
	}
	fault_disarm();
	adapter_leave(&a, ADAPTER_GONE_INIT_FAILED);
	adapter_leave(&b, ADAPTER_GONE_INIT_FAILED);
	check_clean(empty);

	check_case = "precedence: conflict before exhaustion";
	empty = std_reset(4, POOL_BYTES);
	a = adapter_pci0();
	b = adapter_pci0();
	map_ok(&b, WIN_A, 0x1000);
	map_expect(&a, WIN_A, 0x8000, NDIS_STATUS_RESOURCE_CONFLICT, NO_EVENT); /* 8 pages of 3 left */
	adapter_leave(&a, ADAPTER_GONE_INIT_FAILED);
	adapter_leave(&b, ADAPTER_GONE_INIT_FAILED);
	check_clean(empty);

	check_case = "precedence: claim fault before exhaustion";
	empty = std_reset(1, 0);
	a = adapter_pci0();
	s = snap_take();
	fault_arm(MF_FAULT_NTH_AT_SITE, MF_SITE_REGISTRY_CLAIM, 1);
	map_expect(&a, WIN_A, 0x2000, NDIS_STATUS_RESOURCE_CONFLICT, NO_EVENT);
	check_fired_at(HERE, &s, MF_SITE_REGISTRY_CLAIM);
	fault_disarm();

	check_case = "precedence: FAILURE before exhaustion";
	map_expect(&a, WIN_A - 1, 0x2000, NDIS_STATUS_FAILURE, NO_EVENT);
	map_expect(&a, WIN_A, 0, NDIS_STATUS_FAILURE, NO_EVENT);
	map_expect(&a, WIN_RAM, 0x2000, NDIS_STATUS_FAILURE, VERIFIER_HOST_RAM);
	map_expect(&a, WIN_A, 0x2000, NDIS_STATUS_RESOURCES, NO_EVENT); /* control */
	adapter_leave(&a, ADAPTER_GONE_INIT_FAILED);
	check_clean(empty);
}

int main(void)
{
	test_success();
	test_null_out();
	test_handles();
	test_phase();
	test_bus_type();
	test_bus_number();
	test_length();
	test_address();
	test_host_ram();
	test_translate_fault();
	test_conflict();
	test_claim_and_log_faults();
	test_resources();
	test_precedence();
	return check_summary();
}
