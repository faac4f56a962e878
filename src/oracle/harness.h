/* Runs a program against the core and the model side by side and checks
 * every invariant of docs/CONTRACT.md after every operation. */
#ifndef MAPFUZZ_HARNESS_H
#define MAPFUZZ_HARNESS_H

#include <stdbool.h>
#include <stdio.h>

#include "known.h"
#include "program/program.h"

enum { MF_MAX_FINDINGS = 32 };

/* One violation: an invariant broken in one situation (the clause key of
 * docs/CONTRACT.md) by one kind of operation. */
typedef struct {
	const char *invariant; /* an ID of docs/CONTRACT.md */
	const char *clause;    /* a clause key of docs/CONTRACT.md */
	uint8_t op_code;       /* mf_opcode; OP_COUNT for the final teardown */
	uint32_t op_index;     /* k in "op #k"; nops for the final teardown */
	uint32_t count;        /* times seen in this run (keep-going) */
	char op_text[128];     /* the operation in script syntax */
	NDIS_STATUS seen, expected;
	char detail[256];      /* what differed, in words */
	uintptr_t core_pc;     /* the core's last platform call in the call judged (0: none) */
} mf_finding;

typedef struct {
	bool violated;          /* an unknown finding */
	uint32_t nfindings;     /* findings[0] is the first violation */
	uint32_t findings_dropped; /* distinct ones past MF_MAX_FINDINGS */
	uint32_t known_hits;    /* violations on the known list (keep-going) */
	uint32_t resyncs;       /* operations after which the model followed the core */
	uint32_t first_resync;  /* the first of them */
	/* Run figures. */
	uint32_t ops_run;
	uint32_t fallible_calls;
	uint32_t faults_fired;
	uint32_t fault_base;    /* fallible calls made before op #fault_from_op */
	uint32_t max_claims;    /* the most registry claims live after an operation */
	uint64_t clauses;       /* with mf_run_options.clauses: bit k for mf_clause_keys[k] */
	mf_finding findings[MF_MAX_FINDINGS]; /* only [0, nfindings) is set */
} mf_verdict;

/* Where a run is: written before every call into the core when asked, and
 * again at every fallible call the core makes, so that a core that kills
 * the process still names its operation and the cause it died of (the
 * review's children keep it in shared memory).  For a map the clause is
 * the model's for the faults that had fired when the core died: a core
 * that panics when its virtual-space reservation fails died in
 * map.va-fail, whatever the call would have been without that fault. */
typedef struct {
	uint32_t nth;       /* mf_sweep_all: the fault position being run */
	uint32_t fault_base; /* fallible calls before the plan was armed (fault_from_op) */
	uint32_t op_index;
	const char *clause;
	uint32_t faults;    /* bit per mf_site: failed in this call so far */
	uint32_t calls;     /* fallible calls the core made in this call so far */
	char op_text[128];
} mf_where;

/* The clause keys of docs/CONTRACT.md, in its order, NULL-terminated
 * (clauses.c); the index of one, -1 when key is none of them. */
enum { MF_CLAUSE_COUNT = 27 };
extern const char *const mf_clause_keys[MF_CLAUSE_COUNT + 1];
int mf_clause_index(const char *key);

typedef struct {
	FILE *trace;        /* explain: one line per operation, as '#' comments */
	bool override_plan; /* sweep: use `plan` and ignore the program's plans */
	mf_fault_plan plan;
	/* Record every distinct violation instead of stopping at the first:
	 * every check of an operation runs (but one that needs another to
	 * hold); after one the model follows the core's actual state. */
	bool keep_going;
	const mf_known *known; /* keep-going: these count as known_hits only, each hiding itself alone */
	/* A death on the known list (SANITIZER, CRASH, TIMEOUT) cannot be
	 * suppressed after the fact, and a fuzzer that keeps dying on it finds
	 * nothing: a call that would meet a known death's cause is not made,
	 * or is stopped where it meets it (a known_hit, the input ends there).
	 * A cause with faults is met when they fail in a call of its clause; a
	 * cause without is met by a call of its clause in which the plan fails
	 * none of the first `calls` fallible calls; a death without a cause
	 * (hand-written) keeps its whole clause from being called.  An
	 * adapter's leaving is not skipped but ends the input. */
	mf_where *where;
	/* Note in mf_verdict.clauses the clause of every call the core got (and
	 * of every touch and the teardown): which situations a run exercised. */
	bool clauses;
	/* With override_plan: no call before operation #fault_from_op fails;
	 * the plan counts its calls from there (0: from the start). */
	uint32_t fault_from_op;
	/* mf_sweep_all: the first fault position to run (a review child
	 * resuming a case after a death). */
	uint32_t first_nth;
} mf_run_options;

/* Returns true when every invariant held (known violations aside). */
bool mf_run(const mf_program *p, const mf_run_options *options, mf_verdict *v);

/* The first finding; NULL when none. */
const mf_finding *mf_verdict_first(const mf_verdict *v);

/* One line per finding:
 * "mapfuzz: ID violated at op #k (op): status 0x..., expected 0x... -- detail (clause K)" */
void mf_verdict_print(FILE *f, const mf_verdict *v);
void mf_finding_print(FILE *f, const mf_finding *x);
/* The same line, no newline, into buf; returns what snprintf returns. */
size_t mf_finding_format(char *buf, size_t size, const mf_finding *x);

typedef struct {
	uint32_t runs;        /* runs made, the fault-free one included */
	uint32_t faults_fired;
	bool violated;
	uint32_t failing_nth; /* the N whose run broke an invariant */
	mf_verdict first;     /* that run's verdict */
} mf_sweep_result;

/* Fail the Nth fallible call for N = 1, 2, ... until a run fires no fault
 * (or max_runs), checking every invariant in every run.  Stops at the first
 * violation.  Returns true when every run held. */
bool mf_sweep(const mf_program *p, uint32_t max_runs, mf_sweep_result *r);
/* The same, failing only calls from operation #from_op on (and the
 * teardown's); failing_nth still counts from the start of the run. */
bool mf_sweep_from(const mf_program *p, uint32_t from_op, uint32_t max_runs, mf_sweep_result *r);

/* The keep-going sweep: every run, however many violate; the distinct
 * findings of all runs (by invariant, clause and op kind), each with the
 * first N that showed it. */
typedef struct {
	uint32_t runs, faults_fired, known_hits;
	uint32_t nfound, dropped;
	uint64_t clauses; /* the union over the runs (mf_run_options.clauses) */
	uint32_t nth[MF_MAX_FINDINGS]; /* 0: the fault-free run */
	mf_finding found[MF_MAX_FINDINGS];
} mf_sweep_all_result;

/* `base` gives the known list (keep_going is implied) and may defer the
 * faults (fault_from_op; nth[] still counts from the start of the run);
 * returns true when no unknown finding was made. */
bool mf_sweep_all(const mf_program *p, uint32_t max_runs, const mf_run_options *base, mf_sweep_all_result *r);

/* Adds x to a set of distinct findings; false when it was there already. */
bool mf_finding_merge(mf_finding *set, uint32_t *n, uint32_t cap, const mf_finding *x, uint32_t *dropped);

#endif
