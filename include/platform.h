/* The mock platform as the harness drives it: configuration, reset, the
 * adapter lifecycle, the fault plan, and read-only inspection.  A core never
 * includes this header; it sees only seam.h. */
#ifndef MAPFUZZ_PLATFORM_H
#define MAPFUZZ_PLATFORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "seam.h"

enum {
	MF_MAX_LIMITS = 4,     /* declared bus counts */
	MF_MAX_WINDOWS = 24,   /* translation windows, over all buses: enough for a
	                        * bus with more windows than a core's table of 16 */
	MF_MAX_RAM = 3,        /* host RAM ranges */
	MF_MAX_ADAPTERS = 4,   /* adapters created per input; slots never reused */
	MF_MAX_CLAIMS = 128,   /* registry entries */
	MF_MAX_VA_PAGES = 256, /* largest system virtual space */
	MF_MAX_POOL_BLOCKS = 128,
	MF_MAX_LOG = 128,      /* error-log entries kept */
	MF_MAX_VERIFIER = 256, /* verifier events kept */
	MF_MAX_FAULT_LOG = 64, /* fired faults kept for the replay report */
};

/* Virtual addresses handed out by the mock: never dereferenced, never NULL. */
#define MF_VA_BASE ((uintptr_t)0xFFFF900000000000ull)

/* Fault sites: numbered once, never renumbered (seeds and reports name them). */
typedef enum {
	MF_SITE_NONE = 0,
	MF_SITE_BUS_TRANSLATE = 1,
	MF_SITE_REGISTRY_CLAIM = 2,
	MF_SITE_POOL_ALLOC = 3,
	MF_SITE_VA_RESERVE = 4,
	MF_SITE_PTE_SET = 5,
	MF_SITE_ERRLOG_WRITE = 6,
	MF_SITE_COUNT = 7,
} mf_site;

typedef enum {
	MF_FAULT_NONE = 0,
	MF_FAULT_NTH = 1,         /* fail the nth fallible call overall */
	MF_FAULT_NTH_AT_SITE = 2, /* fail the nth call at one site */
	MF_FAULT_RANDOM = 3,      /* fail each masked site with chance/256 */
	MF_FAULT_MODE_COUNT = 4,
} mf_fault_mode;

typedef struct {
	uint8_t mode;      /* mf_fault_mode */
	uint8_t site;      /* mf_site, for MF_FAULT_NTH_AT_SITE */
	uint32_t nth;      /* 1-based position; 0 fails nothing */
	uint32_t seed;     /* PRNG seed, for MF_FAULT_RANDOM */
	uint8_t chance;    /* out of 256, for MF_FAULT_RANDOM */
	uint8_t site_mask; /* bit s set: site s may fail, for MF_FAULT_RANDOM */
} mf_fault_plan;

typedef struct {
	uint8_t site;    /* mf_site */
	bool natural;    /* real exhaustion rather than an injected fault */
	uint32_t call;   /* position among all fallible calls, 1-based */
} mf_fault_event;

typedef struct {
	int32_t type;       /* INTERFACE_TYPE, out-of-range values allowed */
	uint32_t count;     /* buses declared: numbers 0..count-1 */
	uint8_t window_ref; /* 0: `type` as given; k > 0: the type of window k-1
			     * (modulo the windows there are), resolved at reset */
} mf_bus_limit;

/* Windows of one bus must not overlap in bus space (translation would be
 * ambiguous); mf_platform_normalize in src/program.c drops any that do. */
typedef struct {
	int32_t type;    /* bus the window belongs to */
	uint32_t number;
	SEAM_WINDOW win;
} mf_window_config;

typedef struct {
	uint32_t va_pages;   /* 1..MF_MAX_VA_PAGES */
	uint32_t pool_bytes; /* pool budget */
	uint32_t nlimits;
	mf_bus_limit limits[MF_MAX_LIMITS];
	uint32_t nwindows;
	mf_window_config windows[MF_MAX_WINDOWS];
	uint32_t nram;
	SEAM_RANGE ram[MF_MAX_RAM];
} mf_platform_config;

typedef struct {
	NDIS_HANDLE adapter;
	uint32_t code;
	uint64_t start, length;
} mf_log_entry;

typedef struct {
	SEAM_VERIFIER_KIND kind;
	NDIS_HANDLE adapter;
	uint64_t a, b;
} mf_verifier_event;

/* Lifecycle and reset.  mf_platform_reset frees whatever a leaky core left
 * in the pool, so nothing survives an input. */
void mf_platform_reset(const mf_platform_config *config);
const mf_platform_config *mf_platform_config_now(void);

/* Adapters: created inside MiniportInitialize; NULL once MF_MAX_ADAPTERS
 * have been created. */
NDIS_HANDLE mf_adapter_create(int32_t bus_type, uint32_t bus_number);
bool mf_adapter_set_phase(NDIS_HANDLE adapter, ADAPTER_PHASE phase);
void mf_adapter_destroy(NDIS_HANDLE adapter);
/* A handle no adapter ever had: for calls with a garbage handle. */
NDIS_HANDLE mf_adapter_bogus_handle(uint32_t salt);

/* Fault plan. */
void mf_fault_arm(const mf_fault_plan *plan);
void mf_fault_op_begin(void); /* clears the per-operation record */
uint32_t mf_fault_fired_mask(void);   /* injected sites fired this op (bit per site) */
uint32_t mf_fault_natural_mask(void); /* sites that ran out this op */
uint32_t mf_fault_calls(void);        /* fallible calls so far */
uint32_t mf_fault_fired_total(void);
size_t mf_fault_log(const mf_fault_event **events);
const char *mf_site_name(mf_site site);

/* Inspection. */
bool mf_mmu_translate(uintptr_t va, uint64_t *sys, SEAM_CACHE *cache);
uint32_t mf_va_pages_used(void);
uint32_t mf_pte_used(void);
uint32_t mf_pool_blocks(void);
uint64_t mf_pool_bytes_used(void);
size_t mf_errlog_count(void);
const mf_log_entry *mf_errlog_at(size_t index);
uint32_t mf_errlog_dropped(void);
size_t mf_verifier_count(void);
const mf_verifier_event *mf_verifier_at(size_t index);
/* Releases of things not held (a double release, say): count and the first. */
uint32_t mf_misuse_count(void);
const char *mf_misuse_first(void);

/* State digest over registry, virtual space, page tables and pool (error
 * log and verifier record aside).  Equal digests mean equal states. */
uint64_t mf_state_digest(void);

/* The registry's part alone, and the term one claim adds to it, so that a
 * checker compares the registry with an expected multiset of claims in
 * O(claims) without walking it. */
/* The return address of the latest seam call of the current operation
 * (0 before any; mf_fault_op_begin starts an operation):
 * in the core, unless the core called through a helper of its own.
 * Called as the core's call returns, it also ends the operation's count of
 * platform calls (below): the harness's own reads after it are not the
 * core's. */
uintptr_t mf_last_seam_caller(void);

/* A runaway core: no correct operation makes more than a few hundred
 * platform calls (the largest map touches MF_MAX_VA_PAGES page-table
 * entries, a teardown at most that many again plus one claim, run and block
 * per mapping), so the platform counts the seam calls of each operation
 * (from mf_fault_op_begin) and the one past MF_MAX_OP_CALLS stops the call
 * through the armed way back (value MF_STOP_RUNAWAY): SEAM-RUNAWAY. */
enum { MF_MAX_OP_CALLS = 4096 };
typedef struct {
	bool ran_away;
	const char *function; /* the seam function of the call past the bound */
	uintptr_t caller;     /* the core's line that made it */
} mf_runaway;
const mf_runaway *mf_runaway_last(void);

/* The values the armed way back (mf_bugcheck_arm) is jumped to with. */
enum { MF_STOP_BUGCHECK = 1, MF_STOP_RUNAWAY = 2, MF_STOP_HARNESS = 3 };
/* The harness ends the core's call from inside it (a fault hook below that
 * sees a known death's cause met): longjmp MF_STOP_HARNESS when armed;
 * returns only when nothing is armed. */
void mf_stop_core(void);

/* Called at every fallible call once the plan has decided (failed: it
 * failed, injected or for real), while set; NULL clears it.  The review's
 * children keep where they are with it; a known death's cause stops the
 * call there. */
typedef void (*mf_fault_hook_fn)(void *ctx, bool failed);
void mf_fault_hook(mf_fault_hook_fn fn, void *ctx);
/* Whether the armed plan fails any of the next `calls` fallible calls
 * (true when it cannot tell: a random plan is simulated, so it can). */
bool mf_fault_may_fire_within(uint32_t calls);

/* seam_bugcheck: what the core stopped the machine with. */
typedef struct {
	bool stopped;
	uint32_t code;
	uint64_t args[4];
	uintptr_t caller; /* the core's line that called it */
} mf_bugcheck;
/* env is a jmp_buf * that seam_bugcheck longjmps to (MF_STOP_BUGCHECK),
 * NULL for none: then it prints the stop and aborts, as a kernel would
 * halt. */
void mf_bugcheck_arm(void *env);
const mf_bugcheck *mf_bugcheck_last(void);
uint64_t mf_registry_digest(void);
uint64_t mf_claim_digest(NDIS_HANDLE owner, uint64_t start, uint64_t length);

#endif
