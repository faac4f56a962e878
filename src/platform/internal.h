/* The one mock platform instance, shared by the service files.  Reset to the
 * configured state before every input; nothing else is global. */
#ifndef MAPFUZZ_PLAT_INTERNAL_H
#define MAPFUZZ_PLAT_INTERNAL_H

#include "platform.h"
#include "linux_io.h" /* struct resource, for the kit's answer below */

typedef struct {
	bool used;       /* slot taken (slots are never reused within an input) */
	bool live;       /* not yet destroyed */
	SEAM_ADAPTER_INFO info;
} plat_adapter;

typedef struct {
	bool used;
	SEAM_CLAIM claim;
} plat_claim;

typedef struct {
	bool valid;
	uint64_t frame;
	SEAM_CACHE cache;
} plat_pte;

typedef struct {
	void *block;
	size_t bytes;
} plat_pool_block;

/* Scalars first, tables after: reset zeroes everything up to `tables` and
 * clears a table only where a stale entry could still be read (each table
 * is read only below its count, except the page tables and virtual-page
 * flags, which are indexed by page). */
typedef struct {
	mf_platform_config config;

	uint32_t adapters_created;
	uint32_t nclaims;
	uint32_t next_claim_id;
	uint32_t va_pages_used;
	uint32_t ptes_used;
	uint32_t pool_blocks;
	uint64_t pool_bytes;
	uint32_t nlog;
	uint32_t log_dropped;
	uint32_t nverifier;

	mf_fault_plan plan;
	uint64_t prng;                  /* MF_FAULT_RANDOM state */
	uint32_t calls;                 /* fallible calls so far */
	uint32_t site_calls[MF_SITE_COUNT];
	uint32_t plan_calls_base;       /* calls when the plan was armed */
	uint32_t plan_site_base[MF_SITE_COUNT];
	uint32_t op_fired_mask, op_natural_mask;
	uint32_t nfault_log, fired_total;

	uint32_t misuses;
	char misuse_first[96];

	uint32_t op_calls;        /* seam calls of the current operation */
	bool op_counting;         /* from mf_fault_op_begin to the call's return */
	mf_runaway runaway;
	mf_fault_hook_fn hook;    /* set by the harness after each reset */
	void *hook_ctx;

	void *core_root;
	void *bugcheck_env;       /* jmp_buf * the harness armed, or NULL */
	mf_bugcheck bugcheck;     /* the machine's stop, if the core called one */
	uintptr_t last_caller;    /* return address of the latest seam call: a core line */
	uint64_t digest;          /* multiset hash of the whole state, kept incrementally */
	uint64_t registry_digest; /* the registry's share of it */

	/* ---- tables ---- */
	plat_adapter adapters[MF_MAX_ADAPTERS]; /* [0, adapters_created) */
	NDIS_MINIPORT_BLOCK blocks[MF_MAX_ADAPTERS]; /* what each handle points at */
	plat_claim claims[MF_MAX_CLAIMS];        /* dense: [0, nclaims) */
	uint32_t claim_ids[MF_MAX_CLAIMS];       /* id of each dense entry */
	bool va_used[MF_MAX_VA_PAGES];           /* reserved pages */
	bool va_head[MF_MAX_VA_PAGES];           /* first page of a reserved run */
	uint32_t va_run_pages[MF_MAX_VA_PAGES];  /* run length at its head */
	plat_pte ptes[MF_MAX_VA_PAGES];
	plat_pool_block pool[MF_MAX_POOL_BLOCKS]; /* [0, pool_blocks) */
	mf_log_entry log[MF_MAX_LOG];             /* [0, nlog) */
	mf_verifier_event verifier[MF_MAX_VERIFIER]; /* [0, nverifier) */
	mf_fault_event fault_log[MF_MAX_FAULT_LOG];  /* [0, nfault_log) */
	SEAM_WINDOW window_view[MF_MAX_WINDOWS]; /* seam_bus_windows' answer */
	LARGE_INTEGER kit_ram[2 * (MF_MAX_RAM + 1)]; /* MmGetPhysicalMemoryRanges' answer (src/wdk/) */
	struct resource kit_region;                  /* request_mem_region's answer (src/wdk/linux.c) */
} plat_state;

extern plat_state P;

/* Every seam entry point notes its caller, so a finding can name the core's
 * source line that made the last platform call (mf_last_seam_caller). */
#define PLAT_CALLED() plat_called((uintptr_t)__builtin_return_address(0), __func__)

/* Past MF_MAX_OP_CALLS in one operation: SEAM-RUNAWAY (platform.h). */
void plat_runaway(const char *function);
static inline void plat_called(uintptr_t caller, const char *function)
{
	P.last_caller = caller;
	if (P.op_counting && ++P.op_calls > MF_MAX_OP_CALLS)
		plat_runaway(function);
}

/* Fault policy: every FALLIBLE seam call asks here first. */
bool plat_fault_should_fail(mf_site site);
/* Real exhaustion: recorded so the model learns of it. */
void plat_fault_natural(mf_site site);

void plat_misuse(const char *what, uint64_t value);

/* For the kernel-API kit (src/wdk/), which is built on the seam but must
 * not hide the vendor core behind its own frames. */
/* A kit routine names its caller (the vendor's line) as the latest seam
 * caller once its own seam calls are done. */
static inline void plat_note_caller(uintptr_t pc)
{
	P.last_caller = pc;
}
/* The adapter's context slot (NdisMiniportContext): NULL for a handle that
 * never was an adapter. */
PVOID *plat_adapter_context(NDIS_HANDLE h);
/* The adapter's index, -1 for a handle that never was an adapter. */
int plat_adapter_index(NDIS_HANDLE h);
/* Pages of the virtual run reserved at va_base, 0 when none starts there. */
uint64_t plat_va_run_pages(uintptr_t va_base);
/* The id of the registry's index-th claim, for a release by range. */
static inline uint32_t plat_claim_id_at(size_t index)
{
	return index < P.nclaims ? P.claim_ids[index] : 0;
}
/* seam_bugcheck with the caller given: KeBugCheckEx names its caller. */
_Noreturn void plat_bugcheck_from(uintptr_t caller, uint32_t code, uint64_t a, uint64_t b, uint64_t c,
				  uint64_t d);
/* seam_pte_set without the fault plan: a page-table write the kit treats as
 * a real kernel does, as one that cannot fail (WDK_PTE_WRITE_FAILS=0). */
bool plat_pte_install(uintptr_t va_page, uint64_t frame, SEAM_CACHE cache);

/* Digest terms: add on acquire, subtract on release. */
uint64_t plat_mix(uint64_t tag, uint64_t a, uint64_t b, uint64_t c);

#endif
