/* mapfuzz review: everything a core does differently from the contract,
 * each deviation with its own minimal reproducer (docs/REVIEW.md).
 *
 * command.c runs the phases; cases.c runs inputs in child processes that
 * are restarted after a death; table.c keeps the deviations; fuzz.c runs
 * the campaign; write.c writes review.md, review.json, review.sarif and
 * the reproducers. */
#ifndef MAPFUZZ_REVIEW_H
#define MAPFUZZ_REVIEW_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "oracle/harness.h"
#include "prove/enumerate.h"
#include "triage/triage.h"

/* A batch stops after RV_MAX_DEATHS deaths of new causes, or after
 * RV_MAX_KNOWN_DEATHS of known ones (a call the known list could not tell
 * in advance would die: docs/REVIEW.md). */
enum { RV_MAX_DEVIATIONS = 96, RV_MAX_SWEEP = 4096, RV_MAX_DEATHS = 64, RV_MAX_KNOWN_DEATHS = 256,
       RV_DEATH_FRAMES = 24 };

/* One row of the matrix: an invariant broken in one clause. */
typedef struct {
	char invariant[32];
	char clause[32];
	char op_text[128];   /* the operation of the first case that showed it */
	char detail[256];
	char sanitizer[128]; /* SANITIZER / CRASH: the kind */
	NDIS_STATUS seen, expected;
	bool has_status;     /* a map's status; unmaps and lifecycle have none */
	uint32_t count;      /* cases that showed it */
	uint64_t last_case;  /* for counting each case once */
	const char *phase;   /* the phase that found it first */
	mf_program repro;    /* the smallest case that showed it, its fault position as its plan */
	bool minimised;
	uintptr_t core_pc;   /* the core's last platform call (of the call judged, or as it died) */
	uintptr_t stack[RV_DEATH_FRAMES]; /* a death by a signal no sanitizer reported: its stack */
	uint32_t nstack;
	frame where;         /* the core's line: symbolised core_pc, or the sanitizer's top core frame */
	char file[512];      /* the reproducer, relative to the output directory */
} rv_deviation;

typedef struct {
	rv_deviation d[RV_MAX_DEVIATIONS];
	uint32_t n, dropped;
	mf_known known;      /* --known and the deaths found, with their causes: not met again */
	mf_known user_known; /* --known alone: not reported */
	uint64_t next_case;  /* case ids are unique over the phases */
	uint64_t exercised[MF_CLAUSE_COUNT]; /* cases that reached each clause key */
} rv_table;

/* Adds a finding of case `case_id` (program p, fault position nth) to the
 * table; returns the row, NULL when the table is full. */
rv_deviation *rv_table_add(rv_table *t, const mf_finding *f, const char *phase, uint64_t case_id,
			   const mf_program *p, uint32_t nth);
/* A process death as the child left it in shared memory. */
typedef struct {
	mf_where where;                   /* its cause: clause, faults failed, calls made */
	uintptr_t stack[RV_DEATH_FRAMES]; /* a fatal signal's stack, return addresses */
	uint32_t stack_n;
	uintptr_t last_call;              /* the core's last platform call */
} rv_death;
/* A death (SANITIZER, CRASH or TIMEOUT) is a row of the clause it died in
 * (the model's for the faults that had failed in the call), and its cause
 * goes on the known list.  Returns false when the cause was known already:
 * the row counts the case, nothing new. */
bool rv_table_add_death(rv_table *t, const verdict *v, const rv_death *x, const char *phase, uint64_t case_id,
			const mf_program *p);
/* Every row found so far as "ID KEY" lines, for MAPFUZZ_KNOWN. */
bool rv_table_write_known(const rv_table *t, const char *path);

/* A batch of cases: files, or the programs of a proof scope. */
typedef struct {
	const char *phase;
	char **paths;
	uint32_t npaths;
	const mf_enum_scope *scope; /* when not NULL: prove */
	double seconds;             /* prove: stop after this long (0: no limit) */
	const char *log;            /* the children's stderr goes here */
} rv_batch;

typedef struct {
	uint64_t cases, runs, deaths, load_errors;
	uint64_t known_deaths;      /* deaths whose cause was known: counted, no row */
	bool cut;                   /* stopped by the time limit or by too many deaths */
} rv_batch_result;

/* Runs every case of the batch keep-going, every fault position of each,
 * in a child process restarted after each death (a death is a finding of
 * the case it ran). */
void rv_run_batch(rv_table *t, const rv_batch *b, rv_batch_result *res);

/* Shrinks each row's reproducer while it still shows the row's invariant
 * and clause (in a child: a core may crash on a candidate). */
void rv_minimise(rv_table *t);

/* The core's source lines of the rows' platform calls. */
void rv_symbolise(rv_table *t);

/* The campaign: fuzz_map beside this binary, `seconds` long on `jobs`
 * processes, restarted after each finding with every row known. */
typedef struct {
	double seconds;
	uint32_t jobs;
	const char *corpus_dir;  /* work/fuzz_map-libfuzzer-<core> */
	const char *out_dir;     /* the review's directory */
	char *const *seeds;      /* scripts to seed an empty corpus with */
	uint32_t nseeds;
} rv_fuzz_plan;

typedef struct {
	bool ran;
	char why_not[200];
	uint64_t execs;
	double wall;
	uint32_t restarts, artifacts, new_rows;
} rv_fuzz_result;

void rv_fuzz(rv_table *t, const rv_fuzz_plan *plan, rv_fuzz_result *res);

/* Shared with the driver review (driver.c). */
/* A markdown table cell: at most max characters, '|' made harmless. */
void rv_md_cell(FILE *f, const char *s, size_t max);
/* What a dead child printed after offset `from` of its log, classified. */
void rv_classify_death(const char *log, long from, int status, verdict *v);
/* file:line (and function) of an offset into an executable. */
bool rv_symbolise_offset(const char *obj, uintptr_t off, frame *out);
/* mapfuzz review --driver DIR (driver.c, docs/DRIVERS.md). */
int rv_review_driver(int argc, char **argv);

/* The reports.  Returns false when a file could not be written. */
typedef struct {
	const char *core_name;
	const char *core_path;   /* as given */
	const char *out_dir;
	char phases[1024];       /* one line per phase, for the report */
} rv_report;

bool rv_write_reports(rv_table *t, const rv_report *r);

/* The matrix's rows: the clause keys of docs/CONTRACT.md in order. */
extern const char *const rv_always[];
bool rv_is_always(const char *id);

#endif
