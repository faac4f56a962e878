/* The unit tests' one helper: counted checks that print file:line and the
 * case on failure, the summary line, and the fixture every test shares (the
 * standard platform, adapters as the harness drives them, snapshots of the
 * platform and the checks a map or unmap owes whatever it returns).
 *
 * Tests reach the core only through ndis.h and the platform only through
 * platform.h, so the same programs judge any core built with CORE=.  A
 * failure message starts with the docs/CONTRACT.md ID it enforces. */
#ifndef MAPFUZZ_TESTS_CHECK_H
#define MAPFUZZ_TESTS_CHECK_H

#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "ndis.h"
#include "platform.h"

/* ---- Counted checks ---------------------------------------------------- */

static unsigned check_passed, check_failed;
static const char *check_case = "";

/* Where a check was asked for: helpers report their caller's line, which is
 * the line a reader wants, not the helper's. */
typedef struct {
	const char *file;
	int line;
} check_loc;

#define HERE ((check_loc){__FILE__, __LINE__})

static inline bool check_at(check_loc at, bool ok, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static inline bool check_at(check_loc at, bool ok, const char *fmt, ...)
{
	if (ok) {
		check_passed++;
		return true;
	}
	check_failed++;
	printf("%s:%d: FAIL [%s]: ", at.file, at.line, check_case);
	va_list ap;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	return false;
}

#define CHECK_AT(at, cond, ...) check_at((at), (cond) ? true : false, __VA_ARGS__)
#define CHECK(cond, ...) CHECK_AT(HERE, cond, __VA_ARGS__)

static inline const char *status_name(NDIS_STATUS s)
{
	if (s == NDIS_STATUS_SUCCESS)
		return "SUCCESS";
	if (s == NDIS_STATUS_FAILURE)
		return "FAILURE";
	if (s == NDIS_STATUS_RESOURCES)
		return "RESOURCES";
	if (s == NDIS_STATUS_RESOURCE_CONFLICT)
		return "RESOURCE_CONFLICT";
	return "not a status of the contract";
}

static inline bool check_status_at(check_loc at, NDIS_STATUS got, NDIS_STATUS want)
{
	return CHECK_AT(at, got == want, "status 0x%08x (%s), expected 0x%08x (%s)",
			(unsigned)got, status_name(got), (unsigned)want, status_name(want));
}

static inline bool check_eq_u64_at(check_loc at, uint64_t got, uint64_t want, const char *what)
{
	return CHECK_AT(at, got == want, "%s: 0x%llx, expected 0x%llx", what,
			(unsigned long long)got, (unsigned long long)want);
}

#define CHECK_EQ_STATUS(got, want) check_status_at(HERE, (got), (want))
#define CHECK_EQ_U64(got, want, what) \
	check_eq_u64_at(HERE, (uint64_t)(got), (uint64_t)(want), (what))

/* Prints the summary line; the exit code of main. */
static inline int check_summary(void)
{
	printf("%u passed, %u failed\n", check_passed, check_failed);
	return check_failed ? 1 : 0;
}

/* ---- The standard platform --------------------------------------------- */

/* PCI bus 0 is the only declared bus.  Windows A and B abut on the bus but
 * not in system space, so no range may cross them.  Bus 1 has a window but
 * is not declared.  RAM maps host RAM; EDGE straddles its end; BIG ends at
 * 2^63 so the int64 overflow boundary lies inside a window. */
#define WIN_LEN 0x10000ull
#define WIN_A 0xF0000000ull
#define WIN_A_SYS 0xE0000000ull
#define WIN_B (WIN_A + WIN_LEN)
#define WIN_B_SYS 0xC0000000ull
#define WIN_BUS1_SYS 0xB0000000ull /* bus 1 at WIN_A: undeclared */
#define WIN_RAM 0x80000000ull
#define WIN_RAM_SYS 0x00100000ull
#define WIN_EDGE 0x90000000ull
#define WIN_EDGE_LEN 0x2000ull
#define WIN_EDGE_SYS (RAM_END - 0x1000ull) /* first page RAM, second not */
#define WIN_BIG 0x7FFFFFFF00000000ll
#define WIN_BIG_LEN 0x100000000ull
#define WIN_BIG_SYS 0x100000000000ull
#define RAM_END 0x80000000ull

static inline mf_platform_config std_config(uint32_t va_pages, uint32_t pool_bytes)
{
	mf_platform_config c = {
		.va_pages = va_pages,
		.pool_bytes = pool_bytes,
		.nlimits = 1,
		.limits = {{.type = PCIBus, .count = 1}},
		.nwindows = 6,
		.windows = {
			{PCIBus, 0, {WIN_A, WIN_LEN, WIN_A_SYS, SPACE_MEMORY}},
			{PCIBus, 0, {WIN_B, WIN_LEN, WIN_B_SYS, SPACE_MEMORY}},
			{PCIBus, 1, {WIN_A, WIN_LEN, WIN_BUS1_SYS, SPACE_MEMORY}},
			{PCIBus, 0, {WIN_RAM, WIN_LEN, WIN_RAM_SYS, SPACE_MEMORY}},
			{PCIBus, 0, {WIN_EDGE, WIN_EDGE_LEN, WIN_EDGE_SYS, SPACE_MEMORY}},
			{PCIBus, 0, {(uint64_t)WIN_BIG, WIN_BIG_LEN, WIN_BIG_SYS, SPACE_MEMORY}},
		},
		.nram = 1,
		.ram = {{0, RAM_END}},
	};
	return c;
}

/* Resets to `c` and returns the digest of the empty platform, which every
 * teardown must come back to. */
static inline uint64_t platform_reset(const mf_platform_config *c)
{
	mf_platform_reset(c);
	return mf_state_digest();
}

static inline uint64_t std_reset(uint32_t va_pages, uint32_t pool_bytes)
{
	mf_platform_config c = std_config(va_pages, pool_bytes);
	return platform_reset(&c);
}

/* The test's own bus translation, from the configuration: the whole range
 * must lie in one window, as the contract says. */
static inline bool cfg_translate(int32_t type, uint32_t number, uint64_t bus, uint64_t len,
				 uint64_t *sys)
{
	const mf_platform_config *c = mf_platform_config_now();
	for (uint32_t i = 0; i < c->nwindows; i++) {
		const mf_window_config *w = &c->windows[i];
		if (w->type != type || w->number != number || bus < w->win.bus_base)
			continue;
		uint64_t off = bus - w->win.bus_base;
		if (off < w->win.length && len <= w->win.length - off) {
			*sys = w->win.sys_base + off;
			return true;
		}
	}
	return false;
}

/* ---- Adapters, faults, snapshots --------------------------------------- */

/* A handle and the bus it was created on (for cfg_translate). */
typedef struct {
	NDIS_HANDLE h;
	int32_t type;
	uint32_t number;
} tadapter;

static inline tadapter adapter_new(int32_t type, uint32_t number)
{
	tadapter a = {mf_adapter_create(type, number), type, number};
	if (!a.h)
		printf("test bug: mf_adapter_create failed (more than %d adapters?)\n",
		       MF_MAX_ADAPTERS);
	return a;
}

static inline tadapter adapter_pci0(void)
{
	return adapter_new(PCIBus, 0);
}

/* A handle that names no live adapter, with a bus for the record. */
static inline tadapter adapter_fake(NDIS_HANDLE h)
{
	tadapter a = {h, PCIBus, 0};
	return a;
}

/* The adapter leaves (failed init, halt end, removal) as the harness does it. */
static inline void adapter_leave(const tadapter *a, ADAPTER_GONE_REASON reason)
{
	NdisCoreAdapterGone(a->h, reason);
	mf_adapter_destroy(a->h);
}

static inline void fault_arm(mf_fault_mode mode, mf_site site, uint32_t nth)
{
	mf_fault_plan p = {.mode = (uint8_t)mode, .site = (uint8_t)site, .nth = nth};
	mf_fault_arm(&p);
}

static inline void fault_disarm(void)
{
	fault_arm(MF_FAULT_NONE, MF_SITE_NONE, 0);
}

typedef struct {
	uint64_t digest;
	size_t claims, log, events;
	uint32_t va_pages, ptes, pool_blocks, dropped, fault_calls, fired;
} snapshot;

static inline snapshot snap_take(void)
{
	snapshot s = {mf_state_digest(), seam_registry_count(), mf_errlog_count(),
		      mf_verifier_count(), mf_va_pages_used(), mf_pte_used(),
		      mf_pool_blocks(), mf_errlog_dropped(), mf_fault_calls(),
		      mf_fault_fired_total()};
	return s;
}

/* Registry, virtual space, page tables and pool exactly as in `s`, and no
 * release of anything not held. */
static inline bool check_state_is(check_loc at, const snapshot *s, const char *when)
{
	bool ok = CHECK_AT(at, mf_state_digest() == s->digest, "%s: state digest changed", when);
	ok &= CHECK_AT(at, seam_registry_count() == s->claims, "%s: claims %zu, expected %zu",
		       when, seam_registry_count(), s->claims);
	ok &= CHECK_AT(at, mf_va_pages_used() == s->va_pages, "%s: va pages %u, expected %u",
		       when, mf_va_pages_used(), s->va_pages);
	ok &= CHECK_AT(at, mf_pte_used() == s->ptes, "%s: ptes %u, expected %u", when,
		       mf_pte_used(), s->ptes);
	ok &= CHECK_AT(at, mf_pool_blocks() == s->pool_blocks, "%s: pool blocks %u, expected %u",
		       when, mf_pool_blocks(), s->pool_blocks);
	ok &= CHECK_AT(at, mf_misuse_count() == 0, "SEAM-MISUSE (%s): %s", when, mf_misuse_first());
	return ok;
}

/* Exactly `n` verifier events since `s`, each of `kind`; `adapter` is
 * checked too unless NULL is passed for it. */
static inline bool check_events(check_loc at, const snapshot *s, SEAM_VERIFIER_KIND kind,
				NDIS_HANDLE adapter, size_t n)
{
	const char *id = kind == VERIFIER_LEAK ? "LIFE-LEAK-REPORTED" : "VERIFIER-EVENT";
	size_t got = mf_verifier_count() - s->events;
	const mf_verifier_event *first = mf_verifier_at(s->events);
	if (!CHECK_AT(at, got == n, "%s: %zu verifier events (first of kind %d), expected %zu of %d",
		      id, got, first ? (int)first->kind : 0, n, (int)kind))
		return false;
	bool ok = true;
	for (size_t i = s->events; i < mf_verifier_count(); i++) {
		const mf_verifier_event *e = mf_verifier_at(i);
		ok &= CHECK_AT(at, e && e->kind == kind, "%s: verifier event kind %d, expected %d", id,
			       e ? (int)e->kind : -1, (int)kind);
		if (e && adapter)
			ok &= CHECK_AT(at, e->adapter == adapter, "%s: event names adapter %p, expected %p",
				       id, e->adapter, adapter);
	}
	return ok;
}

/* Exactly one verifier event since `s`: `kind`, naming `adapter`, (a, b). */
static inline bool check_event_is(check_loc at, const snapshot *s, SEAM_VERIFIER_KIND kind,
				  NDIS_HANDLE adapter, uint64_t a, uint64_t b)
{
	if (!check_events(at, s, kind, adapter, 1))
		return false;
	const mf_verifier_event *e = mf_verifier_at(s->events); /* NULL past the record's cap */
	return CHECK_AT(at, e && e->a == a && e->b == b,
			"VERIFIER-EVENT: kind %d names (0x%llx, 0x%llx), expected (0x%llx, 0x%llx)",
			(int)kind, e ? (unsigned long long)e->a : 0, e ? (unsigned long long)e->b : 0,
			(unsigned long long)a, (unsigned long long)b);
}

/* The conflict log since `s`: one entry (adapter, conflict code, translated
 * start, Length), or, when the log write was the injected fault, none and
 * one more dropped. */
static inline void check_conflict_logged(check_loc at, const snapshot *s, NDIS_HANDLE adapter,
					 uint64_t sys, uint64_t len, bool write_faulted)
{
	size_t n = mf_errlog_count() - s->log;
	if (write_faulted) {
		CHECK_AT(at, n == 0, "LOG-CONFLICT-ONCE: %zu entries, expected none (write faulted)", n);
		CHECK_AT(at, mf_errlog_dropped() == s->dropped + 1,
			 "LOG-CONFLICT-ONCE: dropped %u, expected %u", mf_errlog_dropped(), s->dropped + 1);
		return;
	}
	if (!CHECK_AT(at, n == 1, "LOG-CONFLICT-ONCE: %zu entries for a conflict, expected 1", n))
		return;
	const mf_log_entry *e = mf_errlog_at(s->log);
	CHECK_AT(at, e->code == NDIS_ERROR_CODE_RESOURCE_CONFLICT,
		 "LOG-CONFLICT-ONCE: code 0x%x, expected 0x%x", e->code, NDIS_ERROR_CODE_RESOURCE_CONFLICT);
	CHECK_AT(at, e->adapter == adapter, "LOG-CONFLICT-ONCE: names adapter %p, expected %p",
		 e->adapter, adapter);
	CHECK_AT(at, e->start == sys && e->length == len,
		 "LOG-CONFLICT-ONCE: range (0x%llx, 0x%llx), expected (0x%llx, 0x%llx)",
		 (unsigned long long)e->start, (unsigned long long)e->length,
		 (unsigned long long)sys, (unsigned long long)len);
	CHECK_AT(at, mf_errlog_dropped() == s->dropped,
		 "LOG-CONFLICT-ONCE: dropped moved without a fault");
}

/* ---- What a map owes --------------------------------------------------- */

static inline uint64_t pages_of(uint64_t sys, uint64_t len)
{
	return ((sys & (NDIS_PAGE_SIZE - 1)) + len + NDIS_PAGE_SIZE - 1) / NDIS_PAGE_SIZE;
}

/* One byte of a mapping: walked through the page tables to its frame. */
static inline bool check_byte(check_loc at, uintptr_t va, uint64_t sys)
{
	uint64_t got = 0;
	SEAM_CACHE cache = CACHE_CACHED;
	if (!CHECK_AT(at, mf_mmu_translate(va, &got, &cache),
		      "MAP-TRANSLATE: va 0x%llx does not translate",
		      (unsigned long long)va))
		return false;
	bool ok = CHECK_AT(at, got == sys, "MAP-TRANSLATE: va 0x%llx -> sys 0x%llx, expected 0x%llx",
			   (unsigned long long)va, (unsigned long long)got, (unsigned long long)sys);
	return ok & CHECK_AT(at, cache == CACHE_NONCACHED, "MAP-NONCACHED: va 0x%llx cache type %d",
			     (unsigned long long)va, (int)cache);
}

static inline bool registry_holds(NDIS_HANDLE owner, uint64_t sys, uint64_t len)
{
	for (size_t i = 0; i < seam_registry_count(); i++) {
		SEAM_CLAIM c = seam_registry_at(i);
		if (c.owner == owner && c.start == sys && c.length == len)
			return true;
	}
	return false;
}

/* A live mapping of bus [pa, pa+len) at va: offset kept, every page (first
 * byte, both sides of each page boundary, last byte) at the right frame,
 * non-cached, and the claim recorded for the adapter. */
static inline void check_mapping(check_loc at, const tadapter *a, void *va, int64_t pa, UINT len)
{
	uint64_t sys = 0;
	if (!CHECK_AT(at, cfg_translate(a->type, a->number, (uint64_t)pa, len, &sys),
		      "test bug: 0x%llx+0x%x lies in no window", (unsigned long long)pa, len))
		return;
	uintptr_t v = (uintptr_t)va;
	if (!CHECK_AT(at, va != NULL, "MAP-SUCCESS-VA: NULL virtual address on SUCCESS"))
		return;
	CHECK_AT(at, (v & (NDIS_PAGE_SIZE - 1)) == (sys & (NDIS_PAGE_SIZE - 1)),
		 "MAP-SUCCESS-VA: va 0x%llx keeps not the page offset of sys 0x%llx", (unsigned long long)v,
		 (unsigned long long)sys);
	bool ok = check_byte(at, v, sys);
	for (uint64_t off = NDIS_PAGE_SIZE - (v & (NDIS_PAGE_SIZE - 1)); ok && off < len;
	     off += NDIS_PAGE_SIZE)
		ok = check_byte(at, v + off - 1, sys + off - 1) && check_byte(at, v + off, sys + off);
	if (ok)
		check_byte(at, v + len - 1, sys + len - 1);
	CHECK_AT(at, registry_holds(a->h, sys, len), "MAP-CLAIM: no claim (%p, 0x%llx, 0x%x)",
		 a->h, (unsigned long long)sys, len);
}

#define POISON ((void *)(uintptr_t)0x5a5a5a5au)
#define NO_EVENT ((SEAM_VERIFIER_KIND)0) /* the call records no verifier event */

/* One NdisMMapIoSpace call, out pointer poisoned, and what it left behind. */
typedef struct {
	snapshot before;     /* the platform just before the call */
	NDIS_STATUS status;
	void *va;            /* what the core wrote (POISON if nothing) */
	uint32_t fired_mask; /* sites whose injected fault fired in the call */
	mf_site first_fired; /* the first of them; MF_SITE_NONE if none */
} map_call;

static inline map_call map_do(const tadapter *a, int64_t pa, UINT len)
{
	map_call c = {.before = snap_take(), .va = POISON, .first_fired = MF_SITE_NONE};
	const mf_fault_event *ev;
	size_t from = mf_fault_log(&ev);
	mf_fault_op_begin();
	NDIS_PHYSICAL_ADDRESS p;
	p.QuadPart = pa;
	c.status = NdisMMapIoSpace(&c.va, a->h, p, len);
	c.fired_mask = mf_fault_fired_mask();
	size_t to = mf_fault_log(&ev);
	for (size_t i = from; i < to && c.first_fired == MF_SITE_NONE; i++)
		if (!ev[i].natural)
			c.first_fired = (mf_site)ev[i].site;
	/* The fault log is bounded; past it, the lowest site must do. */
	for (int site = 1; c.first_fired == MF_SITE_NONE && site < MF_SITE_COUNT; site++)
		if (c.fired_mask & (1u << site))
			c.first_fired = (mf_site)site;
	return c;
}

/* Checks a map call for everything its status owes: SUCCESS maps
 * correctly, acquires one claim and the pages of the range and fires no
 * fault; anything else writes NULL and leaves the state as it was.  `event`
 * is the verifier kind the call must record (0 for none); a
 * RESOURCE_CONFLICT must be logged once (or dropped, if that write was the
 * injected fault), and nothing else may log.  Returns the virtual address
 * (NULL on failure). */
static inline void *map_check_at(check_loc at, const tadapter *a, int64_t pa, UINT len,
				 const map_call *c, NDIS_STATUS want, SEAM_VERIFIER_KIND event)
{
	const snapshot *s = &c->before;
	NDIS_STATUS st = c->status;
	void *va = c->va;
	uint64_t sys = 0; /* the translated start, where the range lies in a window */
	cfg_translate(a->type, a->number, (uint64_t)pa, len, &sys);
	if (!CHECK_AT(at, st == want, "MAP-STATUS: map 0x%llx+0x%x: 0x%08x (%s), expected 0x%08x (%s)",
		      (unsigned long long)pa, len, (unsigned)st, status_name(st), (unsigned)want,
		      status_name(want)))
		return st == NDIS_STATUS_SUCCESS ? va : NULL;
	if (event == VERIFIER_HOST_RAM)
		check_event_is(at, s, event, a->h, sys, len);
	else if (event)
		check_events(at, s, event, NULL, 1); /* what a bad call names is unspecified */
	else
		check_events(at, s, NO_EVENT, NULL, 0);
	if (st == NDIS_STATUS_RESOURCE_CONFLICT) {
		check_conflict_logged(at, s, a->h, sys, len,
				      (c->fired_mask & (1u << MF_SITE_ERRLOG_WRITE)) != 0);
	} else {
		CHECK_AT(at, mf_errlog_count() == s->log, "LOG-CONFLICT-ONCE: written without a conflict");
		CHECK_AT(at, mf_errlog_dropped() == s->dropped,
			 "LOG-CONFLICT-ONCE: dropped without a conflict");
	}
	if (st != NDIS_STATUS_SUCCESS) {
		CHECK_AT(at, va == NULL, "MAP-NULL-ON-FAILURE: out pointer %p", va);
		check_state_is(at, s, "MAP-ATOMIC: after a failed map");
		return NULL;
	}
	CHECK_AT(at, c->fired_mask == 0, "MAP-STATUS: SUCCESS although faults fired (mask 0x%x)",
		 c->fired_mask);
	check_mapping(at, a, va, pa, len);
	uint64_t pages = pages_of(sys, len);
	CHECK_AT(at, seam_registry_count() == s->claims + 1,
		 "MAP-CLAIM: %zu claims after a map, expected %zu",
		 seam_registry_count(), s->claims + 1);
	CHECK_AT(at, mf_va_pages_used() == s->va_pages + pages,
		 "PTE-ACCOUNT: %u va pages after a map, expected %llu", mf_va_pages_used(),
		 (unsigned long long)(s->va_pages + pages));
	CHECK_AT(at, mf_pte_used() == s->ptes + pages, "PTE-ACCOUNT: %u ptes after a map, expected %llu",
		 mf_pte_used(), (unsigned long long)(s->ptes + pages));
	CHECK_AT(at, mf_misuse_count() == 0, "SEAM-MISUSE: %s", mf_misuse_first());
	return va;
}

static inline void *map_expect_at(check_loc at, const tadapter *a, int64_t pa, UINT len,
				  NDIS_STATUS want, SEAM_VERIFIER_KIND event)
{
	map_call c = map_do(a, pa, len);
	return map_check_at(at, a, pa, len, &c, want, event);
}

#define map_expect(a, pa, len, want, event) map_expect_at(HERE, (a), (pa), (len), (want), (event))
#define map_ok(a, pa, len) map_expect_at(HERE, (a), (pa), (len), NDIS_STATUS_SUCCESS, NO_EVENT)

/* ---- What an unmap owes ------------------------------------------------ */

/* An unmap that names no live mapping of the adapter exactly (or comes at
 * the wrong time): one BAD_UNMAP event, nothing else changes, nothing
 * fallible is called. */
static inline void unmap_bad_at(check_loc at, const tadapter *a, void *va, UINT len)
{
	snapshot s = snap_take();
	NdisMUnmapIoSpace(a->h, va, len);
	check_event_is(at, &s, VERIFIER_BAD_UNMAP, a->h, (uint64_t)(uintptr_t)va, len);
	check_state_is(at, &s, "UNMAP-BAD-NOCHANGE: after a bad unmap");
	CHECK_AT(at, mf_fault_calls() == s.fault_calls,
		 "RELEASE-INFALLIBLE: a bad unmap made fallible calls");
}

/* A good unmap: no event, and the state back to `before_map`, taken just
 * before the map this undoes. */
static inline void unmap_good_at(check_loc at, const tadapter *a, void *va, UINT len,
				 const snapshot *before_map)
{
	snapshot s = snap_take();
	NdisMUnmapIoSpace(a->h, va, len);
	check_events(at, &s, VERIFIER_BAD_UNMAP, NULL, 0);
	check_state_is(at, before_map, "UNMAP-EXACT: after an unmap");
	CHECK_AT(at, mf_fault_calls() == s.fault_calls,
		 "RELEASE-INFALLIBLE: an unmap made fallible calls");
}

#define unmap_bad(a, va, len) unmap_bad_at(HERE, (a), (va), (len))
#define unmap_good(a, va, len, before) unmap_good_at(HERE, (a), (va), (len), (before))

/* Everything gone: the empty platform's digest, nothing held, no misuse. */
static inline void check_clean_at(check_loc at, uint64_t empty_digest)
{
	snapshot empty = {.digest = empty_digest};
	check_state_is(at, &empty, "LIFE-TEARDOWN-CLEAN: after teardown");
}

#define check_clean(d) check_clean_at(HERE, (d))

#endif
