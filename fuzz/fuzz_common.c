#include <stdio.h>
#include <stdlib.h>

#include "fuzz_common.h"
#include "oracle/harness.h"
#include "program/load.h"

/* MAPFUZZ_KNOWN=FILE: deviations already reported (src/oracle/known.h).  A
 * review campaign sets it, so an input that only repeats them is no crash
 * and the fuzzer moves on to the next unknown one.  Read once: it is
 * configuration, not state of an input. */
static const mf_run_options *run_options(void)
{
	static bool loaded;
	static mf_known known;
	static mf_run_options opt;
	if (loaded)
		return opt.known ? &opt : NULL;
	loaded = true;
	const char *path = getenv("MAPFUZZ_KNOWN");
	if (!path || !*path)
		return NULL;
	char err[300];
	uint8_t *data;
	size_t size;
	if (!mf_read_file(path, &data, &size, err, sizeof(err)) ||
	    !mf_known_parse((const char *)data, size, &known, err, sizeof(err))) {
		fprintf(stderr, "mapfuzz: MAPFUZZ_KNOWN: %s: %s\n", path, err);
		exit(2);
	}
	free(data);
	opt.keep_going = true;
	opt.known = &known;
	return &opt;
}

void mf_fuzz_check(const mf_program *p)
{
	static mf_verdict v; /* big: kept off the stack */
	if (mf_run(p, run_options(), &v))
		return;
	mf_verdict_print(stderr, &v);
	fflush(stderr);
	abort();
}
