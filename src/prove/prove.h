/* What the parts of mapfuzz prove share (command.c runs them): the shards
 * that walk the scope (shard.c), the counterexample (counterexample.c) and
 * the slices across machines (slices.c). */
#ifndef MAPFUZZ_PROVE_H
#define MAPFUZZ_PROVE_H

#include <stdbool.h>
#include <stdint.h>

#include "enumerate.h"

/* PROGRAM_SECONDS: a program whose sweep runs longer hangs the core (one
 * takes well under a millisecond); its job is killed (shard.c, crash.c). */
enum { BUCKET = 4096, MAX_JOBS = 256, MAX_SWEEP_RUNS = 65535, PROGRAM_SECONDS = 60 };
#define NONE UINT64_MAX

typedef struct {
	uint32_t slice, nslices; /* --shard I/N; 0/1 without it */
} slice_id;

/* What the jobs of one walk found together. */
typedef struct {
	uint64_t fail;      /* lowest failing index, NONE */
	uint64_t crash;     /* lowest index that killed a job, NONE */
	int crash_signal;
	bool crash_hung;    /* the crash is a job killed on a program it hung on */
	bool complete;      /* no job died */
	uint64_t walked;    /* programs in the scope (from a job that finished) */
	uint64_t states;    /* distinct states the walk expanded (R1), likewise */
	uint64_t ran;       /* programs run, over every job */
	uint64_t runs;      /* runs, every fault position included */
	uint64_t *buckets;  /* runs per BUCKET indexes; the caller frees */
	uint64_t nbuckets;
} prove_walk_result;

/* The sweep of one program of the scope (R2 in enumerate.c): faults in
 * its last operation (and the teardown) only, or everywhere when it has
 * no operation past its `fixed` ones (adapters, set-up). */
bool prove_sweep(const mf_program *p, uint32_t fixed, mf_sweep_result *res);

/* Walks slice `sl` of the scope in `jobs` child processes.  False on a
 * system error (said on stderr). */
bool prove_walk(const mf_enum_scope *scope, const slice_id *sl, uint32_t jobs, prove_walk_result *w);

/* Program #index of the scope into *p; false when the scope is smaller. */
bool prove_fetch(const mf_enum_scope *scope, uint64_t index, mf_program *p);
/* The counterexample's script as a file beside the running binary
 * (prove-counterexample.mfs), named on a "reproducer:" line. */
void prove_write_reproducer(const mf_program *p);

/* Each prints the counterexample and returns 1 (2 when it is not there).
 * A crash (crash.c) is rerun in child processes to name the death. */
int prove_report_counterexample(const mf_program *found, uint64_t fail);
int prove_report_crash(const mf_enum_scope *scope, uint64_t index, int signal_number);
int prove_report_failure(const mf_enum_scope *scope, uint64_t index);
/* Runs up to and including program #fail: whole buckets from the walk,
 * the last partial bucket walked again; *found gets program #fail. */
uint64_t prove_runs_through(const mf_enum_scope *scope, const prove_walk_result *w, uint64_t fail,
			    mf_program *found);

int prove_finish_slice(const mf_enum_scope *scope, const slice_id *sl, const prove_walk_result *w, double secs,
		       uint32_t jobs, const char *out_path);
int prove_merge(int nfiles, char **files);

#endif
