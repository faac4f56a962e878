/* Helpers shared by the command files of out/mapfuzz. */
#ifndef MAPFUZZ_CLI_H
#define MAPFUZZ_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "oracle/harness.h"
#include "oracle/known.h"

/* Prints "mapfuzz: <message>" and returns 2. */
int mf_usage_error(const char *fmt, const char *arg);
bool mf_parse_u32(const char *s, uint32_t *out);

/* All of buf through a pipe (pipe_io.c); false at EOF or on an error. */
bool mf_write_full(int fd, const void *buf, size_t n);
bool mf_read_full(int fd, void *buf, size_t n);

/* What a file's child leaves its parent (isolate.c), in shared memory. */
typedef struct {
	mf_where where;   /* where the run was when the core was last called */
	bool sanitizer;   /* the child died of a sanitizer's report */
	uint64_t runs, faults_fired;
} mf_isolated_slot;

/* fn(ctx, i, slot) for each file i in [0, n), in child processes that run
 * file after file (isolate.c); returns the highest status fn returned
 * (0..2).  A file whose child dies gets a "FAIL file: mapfuzz: SANITIZER|
 * CRASH violated ..." line and status 1, and the next file still runs.
 * The slots' runs and faults fired are summed into *runs, *faults_fired. */
typedef int (*mf_isolated_fn)(void *ctx, int index, mf_isolated_slot *slot);
int mf_isolated_each(char **files, int n, mf_isolated_fn fn, void *ctx, uint64_t *runs, uint64_t *faults_fired);

/* --known FILE (src/oracle/known.h): 0, or 2 after a one-line error. */
int mf_load_known(const char *path, mf_known *known);

/* A core's build of mapfuzz's binaries (build_core.c): make -s -C root
 * OUT=out OBJ=obj CORE=core targets...  The targets are paths under out,
 * NULL-terminated.  0, or 2 after a one-line error naming the command. */
typedef struct {
	const char *root;  /* the project root, where the Makefile is */
	const char *out;   /* the core's own build directory (<...>/cores/<name>) */
	const char *obj;   /* the core-independent objects, shared */
	const char *core;  /* the core's source */
	const char *const *targets;
} mf_core_build;
int mf_build_core(const char *command, const mf_core_build *b);
/* The name of a core's build directory: its file name without ".c". */
void mf_core_name(const char *core, char *name, size_t size);

/* mapfuzz prove (src/prove/): bounded exhaustive proof. */
int mf_cmd_prove(int argc, char **argv);

/* mapfuzz triage (src/triage/, docs/TRIAGE.md). */
int mf_cmd_triage(int argc, char **argv);

/* mapfuzz review (src/review/, docs/REVIEW.md). */
int mf_cmd_review(int argc, char **argv);

#endif
