/* Runs a program against the core and the model side by side and checks
 * every invariant of docs/CONTRACT.md after every operation. */
#ifndef MAPFUZZ_HARNESS_H
#define MAPFUZZ_HARNESS_H

#include <stdbool.h>
#include <stdio.h>

#include "program/program.h"

typedef struct {
	bool violated;
	const char *invariant; /* an ID of docs/CONTRACT.md, NULL when none */
	uint32_t op_index;     /* k in "op #k"; nops for the final teardown */
	char op_text[128];     /* the operation in script syntax */
	NDIS_STATUS seen, expected;
	char detail[256];      /* what differed, in words */
	/* Run figures. */
	uint32_t ops_run;
	uint32_t fallible_calls;
	uint32_t faults_fired;
} mf_verdict;

typedef struct {
	FILE *trace;        /* explain: one line per operation, as '#' comments */
	bool override_plan; /* sweep: use `plan` and ignore the program's plans */
	mf_fault_plan plan;
} mf_run_options;

/* Returns true when every invariant held. */
bool mf_run(const mf_program *p, const mf_run_options *options, mf_verdict *v);

/* "mapfuzz: ID violated at op #k (op): status 0x..., expected 0x... -- detail" */
void mf_verdict_print(FILE *f, const mf_verdict *v);

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

#endif
