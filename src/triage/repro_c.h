/* Standalone C reproducers for triage buckets: a regression test that
 * needs no fuzz engine, built against any core like the unit tests. */
#ifndef MAPFUZZ_REPRO_C_H
#define MAPFUZZ_REPRO_C_H

#include <stdio.h>

#include "program/program.h"

typedef struct {
	const char *name;    /* test name, e.g. "bucket-1" */
	const char *key;     /* the bucket key */
	const char *finding; /* the finding line as the target printed it */
} mf_repro_info;

/* Writes a C program that embeds p as a script (plan and fault position
 * included; text survives byte-format changes), replays it with every check
 * through mf_run, prints one line and exits 1 when an invariant is broken,
 * 0 when all hold, 2 when the script no longer assembles (a sanitizer
 * finding stops it with the sanitizer's report instead). */
void mf_repro_c_write(FILE *f, const mf_program *p, const mf_repro_info *info);

#endif
