/* Atomicity under injected faults: a map that fails at any fallible step
 * (each site, each page, the Nth call overall, random faults) returns the
 * status the contract gives that step, writes NULL and leaves the platform
 * exactly as it was; and the adapters still tear down to an empty platform
 * with one leak per mapping that really is live. */
#include "check.h"

enum { VA_PAGES = 64, POOL_BYTES = 4096, MAX_RUNS = 200 };

/* The fixture every run starts from: two adapters on PCI bus 0, each with a
 * mapping already live so that a rollback has something to get wrong. */
typedef struct {
	uint64_t empty; /* digest of the empty platform */
	tadapter a, b;
	unsigned live_a, live_b; /* mappings each holds */
} fixture;

/* b holds B's first page: a map of it by a is a conflict. */
#define CONFLICT_PA ((int64_t)(WIN_B + 0x800))

static fixture setup(void)
{
	fixture f;
	f.empty = std_reset(VA_PAGES, POOL_BYTES);
	f.a = adapter_pci0();
	f.b = adapter_pci0();
	f.live_a = map_ok(&f.a, WIN_A + 0x8000, 0x1000) ? 1 : 0;
	f.live_b = map_ok(&f.b, WIN_B, 0x1000) ? 1 : 0;
	return f;
}

/* Both adapters leave: exactly one leak per live mapping (so a failed map
 * left no record behind), and the platform ends empty. */
static void teardown_at(check_loc at, const fixture *f)
{
	fault_disarm();
	snapshot s = snap_take();
	adapter_leave(&f->a, ADAPTER_GONE_INIT_FAILED);
	check_events(at, &s, VERIFIER_LEAK, f->a.h, f->live_a);
	s = snap_take();
	adapter_leave(&f->b, ADAPTER_GONE_REMOVED);
	check_events(at, &s, VERIFIER_LEAK, f->b.h, f->live_b);
	check_clean_at(at, f->empty);
}

/* What the contract makes of a map whose first injected fault was at
 * `site`: translation is clause 2, a conflict outranks every later step. */
static NDIS_STATUS status_after(mf_site site, bool conflict)
{
	if (site == MF_SITE_BUS_TRANSLATE)
		return NDIS_STATUS_FAILURE;
	if (conflict || site == MF_SITE_REGISTRY_CLAIM)
		return NDIS_STATUS_RESOURCE_CONFLICT;
	if (site == MF_SITE_POOL_ALLOC || site == MF_SITE_VA_RESERVE || site == MF_SITE_PTE_SET)
		return NDIS_STATUS_RESOURCES;
	return NDIS_STATUS_SUCCESS; /* no fault; an errlog one is caught as a stray write */
}

/* A map under whatever plan is armed, checked against the first fault it
 * fired.  Returns the VA (NULL on failure); *fired says whether any fired. */
static void *map_faulted_at(check_loc at, fixture *f, int64_t pa, UINT len, bool conflict,
			    bool *fired)
{
	map_call c = map_do(&f->a, pa, len);
	*fired = c.fired_mask != 0;
	NDIS_STATUS want = status_after(c.first_fired, conflict);
	void *va = map_check_at(at, &f->a, pa, len, &c, want, NO_EVENT);
	if (va)
		f->live_a++;
	return va;
}

/* The nth call at one site fails: that site must be reached, and the map
 * must fail as the contract says.  Then the same map, unfaulted, gets its
 * plain status (SUCCESS, or RESOURCE_CONFLICT for a conflict). */
static void one_site_at(check_loc at, mf_site site, uint32_t nth, int64_t pa, UINT len,
			bool conflict)
{
	fixture f = setup();
	fault_arm(MF_FAULT_NTH_AT_SITE, site, nth);
	bool fired;
	map_faulted_at(at, &f, pa, len, conflict, &fired);
	CHECK_AT(at, fired, "MAP-STATUS: the %s fault (nth %u) never fired", mf_site_name(site), nth);
	fault_disarm();
	map_faulted_at(at, &f, pa, len, conflict, &fired);
	teardown_at(at, &f);
}

static void test_each_site(void)
{
	static const mf_site sites[] = {MF_SITE_BUS_TRANSLATE, MF_SITE_REGISTRY_CLAIM,
					MF_SITE_POOL_ALLOC, MF_SITE_VA_RESERVE, MF_SITE_PTE_SET};
	for (size_t i = 0; i < sizeof(sites) / sizeof(sites[0]); i++) {
		check_case = mf_site_name(sites[i]);
		one_site_at(HERE, sites[i], 1, WIN_A + 0x123, 0x4000, false);
		one_site_at(HERE, sites[i], 1, WIN_A + 0xFFF, 1, false);
	}
	check_case = "errlog-write";
	one_site_at(HERE, MF_SITE_ERRLOG_WRITE, 1, CONFLICT_PA, 0x1000, true);
	check_case = "bus-translate on a conflict";
	one_site_at(HERE, MF_SITE_BUS_TRANSLATE, 1, CONFLICT_PA, 0x1000, true);
}

/* pte-set failing at every page of a multi-page mapping: the entries set
 * before it must all be cleared. */
static void test_each_page(void)
{
	static const struct {
		int64_t pa;
		UINT len;
	} maps[] = {
		{WIN_A + 0x123, 0x4000}, /* 5 pages, offset */
		{WIN_A, WIN_LEN},        /* 16 pages, aligned */
		{WIN_A + 0xFFF, 2},      /* 2 pages, one byte on each */
	};
	check_case = "pte-set at each page";
	for (size_t m = 0; m < sizeof(maps) / sizeof(maps[0]); m++) {
		uint64_t sys = 0;
		std_reset(VA_PAGES, POOL_BYTES);
		cfg_translate(PCIBus, 0, (uint64_t)maps[m].pa, maps[m].len, &sys);
		uint32_t pages = (uint32_t)pages_of(sys, maps[m].len);
		for (uint32_t nth = 1; nth <= pages; nth++)
			one_site_at(HERE, MF_SITE_PTE_SET, nth, maps[m].pa, maps[m].len, false);
		/* One past the last page: nothing fails. */
		fixture f = setup();
		fault_arm(MF_FAULT_NTH_AT_SITE, MF_SITE_PTE_SET, pages + 1);
		bool fired;
		CHECK(map_faulted_at(HERE, &f, maps[m].pa, maps[m].len, false, &fired) != NULL,
		      "map with pte-set nth %u of %u pages failed", pages + 1, pages);
		CHECK(!fired, "MAP-STATUS: pte-set fault nth %u fired for %u pages", pages + 1, pages);
		teardown_at(HERE, &f);
	}
}

/* Fail the Nth fallible call overall, N = 1, 2, ... until a run fires no
 * fault: every run ends in SUCCESS or in the right error, atomically. */
static void nth_loop_at(check_loc at, int64_t pa, UINT len, bool conflict)
{
	uint32_t n;
	for (n = 1; n <= MAX_RUNS; n++) {
		fixture f = setup();
		fault_arm(MF_FAULT_NTH, MF_SITE_NONE, n);
		bool fired;
		map_faulted_at(at, &f, pa, len, conflict, &fired);
		teardown_at(at, &f);
		if (!fired)
			break;
	}
	CHECK_AT(at, n > 1 && n <= MAX_RUNS, "fail-the-Nth loop ran %u times", n);
}

static void test_nth_overall(void)
{
	check_case = "fail the Nth call: a 5-page map";
	nth_loop_at(HERE, WIN_A + 0x123, 0x4000, false);
	check_case = "fail the Nth call: a whole window";
	nth_loop_at(HERE, WIN_A, WIN_LEN, false);
	check_case = "fail the Nth call: a conflicting map";
	nth_loop_at(HERE, CONFLICT_PA, 0x1000, true);
}

/* A MiniportInitialize that maps three ranges and, at the first failure,
 * unmaps what it mapped and fails; otherwise it runs, halts and unmaps.
 * Under fail-the-Nth, no run may leak or leave anything behind. */
static void test_nth_initialize(void)
{
	static const struct {
		int64_t pa;
		UINT len;
	} ranges[] = {{WIN_A + 0x10, 0x2000}, {WIN_B + 0x2000, 0x100}, {WIN_A, WIN_LEN}};
	enum { NRANGES = sizeof(ranges) / sizeof(ranges[0]) };
	check_case = "fail the Nth call: an initialize of three maps";
	uint32_t n;
	for (n = 1; n <= MAX_RUNS; n++) {
		fixture f = setup();
		unsigned live0 = f.live_a;
		fault_arm(MF_FAULT_NTH, MF_SITE_NONE, n);
		uint32_t fired_before = mf_fault_fired_total();
		void *va[NRANGES];
		size_t done = 0;
		bool fired = false;
		for (; done < NRANGES; done++) {
			va[done] = map_faulted_at(HERE, &f, ranges[done].pa, ranges[done].len, false,
						  &fired);
			if (!va[done])
				break;
		}
		if (done < NRANGES) {
			CHECK(fired, "MAP-STATUS: map #%zu failed with no fault (N=%u)", done, n);
		} else {
			mf_adapter_set_phase(f.a.h, ADAPTER_RUNNING);
			mf_adapter_set_phase(f.a.h, ADAPTER_HALTING);
		}
		snapshot s = snap_take();
		while (done-- > 0) {
			NdisMUnmapIoSpace(f.a.h, va[done], ranges[done].len);
			f.live_a--;
		}
		check_events(HERE, &s, VERIFIER_BAD_UNMAP, NULL, 0);
		CHECK_EQ_U64(f.live_a, live0, "test bug: live count");
		teardown_at(HERE, &f);
		if (mf_fault_fired_total() == fired_before)
			break;
	}
	CHECK(n > NRANGES && n <= MAX_RUNS, "fail-the-Nth loop ran %u times", n);
}

/* Random faults at every site over a mixed sequence, many seeds: each map
 * is judged by the first fault it fired, which may be followed by others
 * (a failed claim whose log write fails too, say). */
static void test_random(void)
{
	check_case = "random faults";
	uint32_t fired_runs = 0;
	for (uint32_t seed = 1; seed <= 300; seed++) {
		fixture f = setup();
		mf_fault_plan p = {.mode = MF_FAULT_RANDOM, .seed = seed, .chance = 48,
				   .site_mask = 0x7E};
		mf_fault_arm(&p);
		uint32_t fired_before = mf_fault_fired_total();
		bool fired;
		void *v1 = map_faulted_at(HERE, &f, WIN_A + 0x123, 0x4000, false, &fired);
		map_faulted_at(HERE, &f, CONFLICT_PA, 0x1000, true, &fired);
		map_faulted_at(HERE, &f, WIN_A, 0x1000, false, &fired);
		if (v1) {
			snapshot s = snap_take();
			NdisMUnmapIoSpace(f.a.h, v1, 0x4000);
			f.live_a--;
			check_events(HERE, &s, VERIFIER_BAD_UNMAP, NULL, 0);
			CHECK(mf_fault_calls() == s.fault_calls,
			      "RELEASE-INFALLIBLE: an unmap made fallible calls");
		}
		map_faulted_at(HERE, &f, WIN_A + 0x123, 0x4000, false, &fired);
		fired_runs += mf_fault_fired_total() != fired_before;
		teardown_at(HERE, &f);
	}
	CHECK(fired_runs > 100, "test bug: only %u of 300 runs fired a fault", fired_runs);
}

int main(void)
{
	test_each_site();
	test_each_page();
	test_nth_overall();
	test_nth_initialize();
	test_random();
	return check_summary();
}
