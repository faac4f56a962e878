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

static uint32_t most_windows_on_one_bus(const mf_platform_config *c)
{
	uint32_t most = 0;
	for (uint32_t i = 0; i < c->nwindows; i++) {
		uint32_t n = 0;
		for (uint32_t j = 0; j < c->nwindows; j++)
			n += c->windows[j].type == c->windows[i].type && c->windows[j].number == c->windows[i].number;
		most = n > most ? n : most;
	}
	return most;
}

void mf_fuzz_check(const mf_program *p)
{
	static mf_verdict v; /* big: kept off the stack */
	bool held = mf_run(p, run_options(), &v);
	mf_fuzz_signal(most_windows_on_one_bus(&p->platform), v.max_claims);
	if (held)
		return;
	mf_verdict_print(stderr, &v);
	fflush(stderr);
	abort();
}
