/* One run in progress, shared by the run loop (harness.c), the operations
 * (map.c, unmap.c, lifecycle.c) and the checks (checks.c); private to the
 * oracle. */
#ifndef MAPFUZZ_RUN_H
#define MAPFUZZ_RUN_H

#include <stdbool.h>
#include <stdint.h>

#include "harness.h"
#include "model.h"
#include "platform.h"

typedef struct {
	const mf_program *prog;
	const mf_run_options *opt;
	mf_verdict *v;
	mf_model model;
	NDIS_HANDLE handles[MF_MAX_ADAPTERS];
	uint32_t op_index;
	const mf_op *op;
	const char *clause; /* key of the situation the current check judges */
	bool keep_going;
	bool deviated;      /* this operation broke an invariant (known or not) */
	bool stopped;       /* the core bugchecked: the input ends there */
	uintptr_t core_pc;  /* the core's last platform call in its latest call */
	bool skip_crashes;  /* the known list names deaths (mf_run_options.known) */
	/* Platform figures taken before each operation. */
	uint64_t digest;
	size_t log_count, verifier_count;
	uint32_t dropped, misuses, calls;
	size_t claims;
	uint32_t pool_blocks;
	/* After a violation in keep-going mode the model follows the core: what
	 * the platform holds beyond the model then is the bias, reported once
	 * and not again.  Multiset digests are sums, so they subtract. */
	bool biased;
	uint64_t claim_digest_bias;
	size_t claim_count_bias;
	uint32_t pte_bias, va_bias;
	bool pool_bias_known;
	uint32_t pool_bias;
	/* The claims of the bias, to name the one that differs (not to judge:
	 * the digests do that).  Past MF_MAX_CLAIMS only the digests know. */
	uint32_t nbias_extra, nbias_missing;
	SEAM_CLAIM bias_extra[MF_MAX_CLAIMS];   /* in the registry, not the model's */
	SEAM_CLAIM bias_missing[MF_MAX_CLAIMS]; /* the model's, not in the registry */
	/* The share of the bias each model mapping brought (set by the map that
	 * made it, zero for one made without a deviation): when the model lets
	 * the mapping go, the core's figures for it go too. */
	struct {
		uint64_t claim_digest;
		size_t claim_count;
		uint32_t ptes, va_pages;
	} share[MF_MAX_OPS];
} run;

/* Records a violation of `id` at the current operation and returns false.
 * Without keep-going only the first counts; with it every distinct
 * (invariant, clause, operation kind) is kept and known ones are counted. */
#if defined(__GNUC__)
__attribute__((format(printf, 5, 6)))
#endif
bool mf_violated(run *r, const char *id, NDIS_STATUS seen, NDIS_STATUS expected, const char *fmt, ...);

#define CHECK(r, cond, id, seen, expected, ...) \
	((cond) ? true : mf_violated((r), (id), (seen), (expected), __VA_ARGS__))

/* After a check that returned `held`, whether the operation's other checks
 * run: in keep-going mode always, each broken invariant its own row (a
 * check that needs another to hold says so where it is made); without it
 * the first violation ends the run, so nothing after it could count. */
#define GO_ON(r, held) ((held) || (r)->keep_going)

/* The checks several operations share (checks.c), each naming its ID. */
bool mf_status_known(NDIS_STATUS s);
bool mf_verifier_matches(const run *r, const mf_verifier_event *want, size_t nwant, bool match_details);
bool mf_registry_disjoint(run *r);
bool mf_va_disjoint(run *r);
bool mf_state_matches(run *r, const char *claims_id, const char *pages_id);
bool mf_no_misuse(run *r);
bool mf_no_fallible_calls(run *r);
bool mf_pool_idle(run *r, const char *id);
/* MAP-TRANSLATE (unless !frames) and MAP-NONCACHED over every page, each
 * reported at most once per call. */
bool mf_translation_holds(run *r, uintptr_t va, uint64_t sys, uint32_t length, bool frames);
/* MAP-ATOMIC, UNMAP-BAD-NOCHANGE: the operation left the state as it was. */
bool mf_state_unchanged(run *r, const char *id, NDIS_STATUS seen, NDIS_STATUS expected);
/* VERIFIER-EVENT, LIFE-LEAK-REPORTED: the operation's events are `want`;
 * the violation, with the event that differs, is mf_events_differ's. */
bool mf_events_differ(run *r, const char *id, const mf_verifier_event *want, size_t nwant, bool match_details,
		      NDIS_STATUS seen, NDIS_STATUS expected);
static inline bool mf_events_are(run *r, const char *id, const mf_verifier_event *want, size_t nwant,
				 bool match_details, NDIS_STATUS seen, NDIS_STATUS expected)
{
	return mf_verifier_matches(r, want, nwant, match_details) ||
	       mf_events_differ(r, id, want, nwant, match_details, seen, expected);
}
/* "a0", or what else a handle is, for a detail. */
const char *mf_owner_name(const run *r, NDIS_HANDLE h);
/* The platform's state as the model's from now on (keep-going); after a
 * map, `mapping` is the model mapping it made (-1: none), whose share of
 * the bias that is. */
void mf_rebias(run *r, int mapping);
/* The model lets `mapping` go: its share leaves the bias. */
void mf_unbias(run *r, uint32_t mapping);
/* After teardown: nothing left beyond what was already reported. */
bool mf_teardown_clean(run *r, uint64_t initial_digest);

/* Tracing (mf_run_options.trace).  The arguments (status names, say) are
 * evaluated only when tracing. */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
void mf_trace_out(run *r, const char *fmt, ...);
#define TRACING(r) ((r)->opt && (r)->opt->trace)
#define TRACE(r, ...)                                 \
	do {                                          \
		if (TRACING(r))                       \
			mf_trace_out((r), __VA_ARGS__); \
	} while (0)

/* Operands against the state so far (operands.c). */
int mf_slot_of(const run *r, uint8_t aref);
NDIS_HANDLE mf_handle_of(const run *r, uint8_t aref);
const mf_window_config *mf_window_at(const run *r, uint8_t index);
const model_mapping *mf_mapping_at(const run *r, uint8_t index);
uint64_t mf_resolve_addr(const run *r, const mf_expr *e);
uint32_t mf_resolve_len(const run *r, const mf_expr *e, uint64_t addr);

/* Around each call into the core (call.c). */
void mf_take_figures(run *r);
void mf_trace_faults(run *r);
bool mf_watching(const run *r);
bool mf_about_to_call(run *r, const char *clause);
/* The fault hook while a run watches (mf_watching): where the run is, and a
 * known death's cause met. */
void mf_on_fault(void *run_ctx, bool failed);
/* The clause of the call in progress: for a map the model's answer with
 * the faults fired so far (and its status), else the operation's. */
const char *mf_clause_now(const run *r, NDIS_STATUS *expected);
/* The current clause was exercised (mf_run_options.clauses). */
void mf_note_clause(run *r);

/* The operations (map.c, unmap.c, lifecycle.c). */
void mf_do_map(run *r, const mf_op *op);
void mf_do_touch(run *r, const mf_op *op);
void mf_do_unmap(run *r, const mf_op *op);
void mf_adapter_gone(run *r, int slot, ADAPTER_GONE_REASON reason, const char *clause);
void mf_do_lifecycle(run *r, const mf_op *op);

#endif
