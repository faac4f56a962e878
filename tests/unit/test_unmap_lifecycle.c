/* NdisMUnmapIoSpace and the adapter lifecycle: an unmap must name a live
 * mapping of its adapter exactly, at a time it is allowed, and release
 * exactly what the map took; an adapter leaving with live mappings leaks
 * each (one VERIFIER_LEAK apiece) and the platform ends empty. */
#include "check.h"

enum { VA_PAGES = 64, POOL_BYTES = 4096, MAX_LEAKS = 8 };

static uint64_t reset(void)
{
	return std_reset(VA_PAGES, POOL_BYTES);
}

/* Arms a fault at every site on (nearly) every call: releases must make
 * no fallible call, so nothing should fire. */
static void arm_everything(void)
{
	mf_fault_plan p = {.mode = MF_FAULT_RANDOM, .seed = 7, .chance = 255, .site_mask = 0x7E};
	mf_fault_arm(&p);
}

/* The events since `s` are exactly one VERIFIER_LEAK per (va, len) of `a`,
 * in any order. */
static void check_leaks_at(check_loc at, const snapshot *s, const tadapter *a,
			   void *const *va, const UINT *len, size_t n)
{
	if (!check_events(at, s, VERIFIER_LEAK, a->h, n))
		return;
	bool seen[MAX_LEAKS] = {false};
	for (size_t i = s->events; i < mf_verifier_count(); i++) {
		const mf_verifier_event *e = mf_verifier_at(i);
		if (!CHECK_AT(at, e != NULL, "test bug: verifier record full"))
			return;
		size_t j = 0;
		while (j < n && (seen[j] || e->a != (uint64_t)(uintptr_t)va[j] || e->b != len[j]))
			j++;
		if (CHECK_AT(at, j < n, "LIFE-LEAK-REPORTED: (va 0x%llx, length 0x%llx) is no live mapping",
			     (unsigned long long)e->a, (unsigned long long)e->b))
			seen[j] = true;
	}
}

static void test_unmap_wrong(void)
{
	check_case = "unmap naming no mapping exactly";
	uint64_t empty = reset();
	tadapter a = adapter_pci0(), b = adapter_pci0();
	tadapter bogus = adapter_fake(mf_adapter_bogus_handle(5)), none = adapter_fake(NULL);
	snapshot before = snap_take();
	void *va = map_ok(&a, WIN_A + 0x10, 0x1800); /* offset 0x10, two pages */
	uintptr_t v = (uintptr_t)va; /* neighbours by integer arithmetic: never dereferenced */
	unmap_bad(&a, va, 0x1801);                   /* wrong length */
	unmap_bad(&a, va, 0x17FF);
	unmap_bad(&a, va, 0);
	unmap_bad(&a, va, UINT_MAX);
	unmap_bad(&a, (void *)(v + 1), 0x1800);      /* wrong VA */
	unmap_bad(&a, (void *)(v - 0x10), 0x1800);   /* the page, not the VA given */
	unmap_bad(&a, (void *)(v + 0x1000), 0x1800);
	unmap_bad(&a, NULL, 0x1800);
	unmap_bad(&a, (void *)UINTPTR_MAX, 0x1800);
	unmap_bad(&b, va, 0x1800);                   /* another live adapter */
	unmap_bad(&bogus, va, 0x1800);
	unmap_bad(&none, va, 0x1800);
	check_mapping(HERE, &a, va, WIN_A + 0x10, 0x1800); /* untouched by all that */
	unmap_good(&a, va, 0x1800, &before);
	unmap_bad(&a, va, 0x1800);                   /* twice */
	adapter_leave(&a, ADAPTER_GONE_INIT_FAILED);
	adapter_leave(&b, ADAPTER_GONE_INIT_FAILED);
	check_clean(empty);
}

static void test_unmap_phases(void)
{
	check_case = "unmap while RUNNING, then while HALTING";
	uint64_t empty = reset();
	tadapter a = adapter_pci0();
	snapshot before = snap_take();
	void *va = map_ok(&a, WIN_B + 0xFF0, 0x20); /* straddles a page boundary */
	mf_adapter_set_phase(a.h, ADAPTER_RUNNING);
	unmap_bad(&a, va, 0x20);
	check_mapping(HERE, &a, va, WIN_B + 0xFF0, 0x20);
	mf_adapter_set_phase(a.h, ADAPTER_HALTING);
	unmap_good(&a, va, 0x20, &before);
	snapshot s = snap_take();
	adapter_leave(&a, ADAPTER_GONE_HALTED);
	check_events(HERE, &s, VERIFIER_LEAK, a.h, 0);
	check_clean(empty);

	check_case = "unmap while INITIALIZING (failed init)";
	empty = reset();
	a = adapter_pci0();
	before = snap_take();
	va = map_ok(&a, WIN_A, WIN_LEN);
	unmap_good(&a, va, (UINT)WIN_LEN, &before);
	s = snap_take();
	adapter_leave(&a, ADAPTER_GONE_INIT_FAILED);
	check_events(HERE, &s, VERIFIER_LEAK, a.h, 0);
	check_clean(empty);
}

static void test_unmap_after_removal(void)
{
	check_case = "unmap after removal";
	uint64_t empty = reset();
	tadapter a = adapter_pci0();
	void *va = map_ok(&a, WIN_A + 0x100, 0x100);
	adapter_leave(&a, ADAPTER_GONE_REMOVED);
	check_clean(empty);
	unmap_bad(&a, va, 0x100);
	/* A newcomer likely gets the same VA: the dead handle must not free it. */
	tadapter b = adapter_pci0();
	snapshot before = snap_take();
	void *vb = map_ok(&b, WIN_A + 0x100, 0x100);
	unmap_bad(&a, vb, 0x100);
	unmap_bad(&a, va, 0x100);
	check_mapping(HERE, &b, vb, WIN_A + 0x100, 0x100);
	mf_adapter_set_phase(b.h, ADAPTER_HALTING);
	unmap_good(&b, vb, 0x100, &before);
	adapter_leave(&b, ADAPTER_GONE_HALTED);
	check_clean(empty);
}

static void test_unmap_releases_only_its_own(void)
{
	check_case = "unmap of one of two mappings of one range";
	uint64_t empty = reset();
	tadapter a = adapter_pci0(), b = adapter_pci0();
	void *vb = map_ok(&b, WIN_A + 0x8000, 0x1000);
	snapshot before = snap_take();
	void *v1 = map_ok(&a, WIN_A + 0x20, 0x1000);
	snapshot middle = snap_take();
	void *v2 = map_ok(&a, WIN_A + 0x20, 0x1000); /* own overlap is allowed */
	CHECK(v1 != v2, "VA-DISJOINT: two live mappings share the VA %p", v1);
	/* Release the first: the second, and b's, stay whole. */
	snapshot s = snap_take();
	NdisMUnmapIoSpace(a.h, v1, 0x1000);
	check_events(HERE, &s, VERIFIER_BAD_UNMAP, NULL, 0);
	CHECK_EQ_U64(seam_registry_count(), middle.claims, "UNMAP-EXACT: claims after one unmap");
	CHECK_EQ_U64(mf_va_pages_used(), middle.va_pages, "UNMAP-EXACT: va pages after one unmap");
	CHECK_EQ_U64(mf_pte_used(), middle.ptes, "UNMAP-EXACT: ptes after one unmap");
	CHECK_EQ_U64(mf_pool_blocks(), middle.pool_blocks, "UNMAP-EXACT: pool blocks after one unmap");
	CHECK_EQ_U64(mf_misuse_count(), 0, "SEAM-MISUSE: count");
	check_mapping(HERE, &a, v2, WIN_A + 0x20, 0x1000);
	check_mapping(HERE, &b, vb, WIN_A + 0x8000, 0x1000);
	unmap_bad(&a, v1, 0x1000);
	unmap_good(&a, v2, 0x1000, &before);
	check_mapping(HERE, &b, vb, WIN_A + 0x8000, 0x1000);
	adapter_leave(&a, ADAPTER_GONE_INIT_FAILED);
	adapter_leave(&b, ADAPTER_GONE_INIT_FAILED);
	check_clean(empty);
}

static void test_release_never_fails(void)
{
	check_case = "releases under faults at every site";
	uint64_t empty = reset();
	tadapter a = adapter_pci0();
	void *vb = map_ok(&a, WIN_B, 0x2000);
	snapshot before = snap_take();
	void *va = map_ok(&a, WIN_A, 0x3000);
	arm_everything();
	unmap_good(&a, va, 0x3000, &before); /* checks no fallible call too */
	snapshot s = snap_take();
	adapter_leave(&a, ADAPTER_GONE_INIT_FAILED);
	check_leaks_at(HERE, &s, &a, &vb, (const UINT[]){0x2000}, 1);
	CHECK(mf_fault_calls() == s.fault_calls, "RELEASE-INFALLIBLE: teardown made fallible calls");
	fault_disarm();
	check_clean(empty);
}

/* How an adapter gets to its end: the phases it passes through. */
typedef struct {
	const char *name;
	ADAPTER_PHASE phase; /* phase at the moment it leaves */
	ADAPTER_GONE_REASON reason;
} ending;

static void test_leaks(void)
{
	static const ending endings[] = {
		{"leak on failed init", ADAPTER_INITIALIZING, ADAPTER_GONE_INIT_FAILED},
		{"leak on halt end", ADAPTER_HALTING, ADAPTER_GONE_HALTED},
		{"leak on removal while running", ADAPTER_RUNNING, ADAPTER_GONE_REMOVED},
		{"leak on removal while initializing", ADAPTER_INITIALIZING, ADAPTER_GONE_REMOVED},
		{"leak on removal while halting", ADAPTER_HALTING, ADAPTER_GONE_REMOVED},
	};
	for (size_t i = 0; i < sizeof(endings) / sizeof(endings[0]); i++) {
		check_case = endings[i].name;
		uint64_t empty = reset();
		tadapter a = adapter_pci0(), b = adapter_pci0();
		void *va[2];
		const UINT len[2] = {0x100, 0x2000};
		va[0] = map_ok(&a, WIN_A + 0x40, len[0]);
		va[1] = map_ok(&a, WIN_B + 0x10, len[1]);
		void *gone = map_ok(&a, WIN_A + 0x5000, 0x1000); /* unmapped: no leak */
		NdisMUnmapIoSpace(a.h, gone, 0x1000);
		void *vb = map_ok(&b, WIN_A + 0x8000, 0x1000);
		if (endings[i].phase != ADAPTER_INITIALIZING)
			mf_adapter_set_phase(a.h, ADAPTER_RUNNING);
		mf_adapter_set_phase(a.h, endings[i].phase);

		snapshot s = snap_take();
		arm_everything();
		adapter_leave(&a, endings[i].reason);
		fault_disarm();
		check_leaks_at(HERE, &s, &a, va, len, 2);
		CHECK(mf_fault_calls() == s.fault_calls, "RELEASE-INFALLIBLE: teardown made fallible calls");
		/* Only a's mappings went: b's stays whole. */
		CHECK_EQ_U64(seam_registry_count(), 1, "LIFE-TEARDOWN-CLEAN: claims left");
		CHECK_EQ_U64(mf_va_pages_used(), 1, "LIFE-TEARDOWN-CLEAN: va pages left");
		CHECK_EQ_U64(mf_pte_used(), 1, "LIFE-TEARDOWN-CLEAN: ptes left");
		CHECK_EQ_U64(mf_misuse_count(), 0, "SEAM-MISUSE: count");
		check_mapping(HERE, &b, vb, WIN_A + 0x8000, 0x1000);
		map_expect(&a, WIN_A, 0x1000, NDIS_STATUS_FAILURE, VERIFIER_BAD_CALL); /* a is dead */

		/* b leaves cleanly: halts, unmaps, goes, no leak. */
		mf_adapter_set_phase(b.h, ADAPTER_RUNNING);
		map_expect(&b, WIN_A, 0x1000, NDIS_STATUS_FAILURE, VERIFIER_BAD_CALL);
		mf_adapter_set_phase(b.h, ADAPTER_HALTING);
		map_expect(&b, WIN_A, 0x1000, NDIS_STATUS_FAILURE, VERIFIER_BAD_CALL);
		s = snap_take();
		NdisMUnmapIoSpace(b.h, vb, 0x1000);
		adapter_leave(&b, ADAPTER_GONE_HALTED);
		check_events(HERE, &s, VERIFIER_LEAK, b.h, 0);
		check_clean(empty);
	}
}

static void test_gone_without_mappings(void)
{
	check_case = "leaving with nothing mapped";
	uint64_t empty = reset();
	tadapter a = adapter_pci0(), b = adapter_pci0();
	void *vb = map_ok(&b, WIN_A, 0x1000);
	snapshot s = snap_take();
	adapter_leave(&a, ADAPTER_GONE_INIT_FAILED);
	check_events(HERE, &s, VERIFIER_LEAK, NULL, 0);
	check_state_is(HERE, &s, "LIFE-TEARDOWN-CLEAN: after an empty adapter left");
	/* A handle that never was: no leak to report, nothing to release. */
	s = snap_take();
	NdisCoreAdapterGone(mf_adapter_bogus_handle(9), ADAPTER_GONE_REMOVED);
	NdisCoreAdapterGone(NULL, ADAPTER_GONE_REMOVED);
	for (size_t i = s.events; i < mf_verifier_count(); i++)
		CHECK(mf_verifier_at(i) && mf_verifier_at(i)->kind != VERIFIER_LEAK,
		      "LIFE-LEAK-REPORTED: a leak for a bogus handle");
	check_state_is(HERE, &s, "LIFE-TEARDOWN-CLEAN: after bogus handles left");
	check_mapping(HERE, &b, vb, WIN_A, 0x1000);
	s = snap_take();
	adapter_leave(&b, ADAPTER_GONE_REMOVED);
	check_leaks_at(HERE, &s, &b, &vb, (const UINT[]){0x1000}, 1);
	check_clean(empty);
}

static void test_teardown_all(void)
{
	check_case = "teardown of four adapters";
	uint64_t empty = reset();
	tadapter ad[MF_MAX_ADAPTERS];
	void *va[MF_MAX_ADAPTERS][3];
	static const UINT len[3] = {0x10, 0x1000, 0x2345};
	for (int i = 0; i < MF_MAX_ADAPTERS; i++) {
		ad[i] = adapter_pci0();
		/* Each its own 16 KiB of A, three mappings in it. */
		uint64_t base = WIN_A + 0x4000 * (uint64_t)i;
		for (int j = 0; j < 3; j++)
			va[i][j] = map_ok(&ad[i], (int64_t)(base + 0x11 * (uint64_t)j), len[j]);
	}
	mf_adapter_set_phase(ad[1].h, ADAPTER_RUNNING);
	mf_adapter_set_phase(ad[2].h, ADAPTER_RUNNING);
	mf_adapter_set_phase(ad[2].h, ADAPTER_HALTING);
	static const ADAPTER_GONE_REASON why[MF_MAX_ADAPTERS] = {
		ADAPTER_GONE_INIT_FAILED, ADAPTER_GONE_REMOVED, ADAPTER_GONE_HALTED,
		ADAPTER_GONE_REMOVED};
	/* Leave out of creation order; the rest stay whole each time. */
	static const int order[MF_MAX_ADAPTERS] = {2, 0, 3, 1};
	for (int k = 0; k < MF_MAX_ADAPTERS; k++) {
		int i = order[k];
		snapshot s = snap_take();
		adapter_leave(&ad[i], why[i]);
		check_leaks_at(HERE, &s, &ad[i], va[i], len, 3);
		for (int r = k + 1; r < MF_MAX_ADAPTERS; r++) {
			int o = order[r];
			for (int j = 0; j < 3; j++)
				check_mapping(HERE, &ad[o], va[o][j],
					      (int64_t)(WIN_A + 0x4000 * (uint64_t)o + 0x11 * (uint64_t)j),
					      len[j]);
		}
	}
	check_clean(empty);
}

int main(void)
{
	test_unmap_wrong();
	test_unmap_phases();
	test_unmap_after_removal();
	test_unmap_releases_only_its_own();
	test_release_never_fails();
	test_leaks();
	test_gone_without_mappings();
	test_teardown_all();
	return check_summary();
}
