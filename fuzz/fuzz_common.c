#include <stdio.h>
#include <stdlib.h>

#include "fuzz_common.h"
#include "oracle/harness.h"

void mf_fuzz_check(const mf_program *p)
{
	mf_verdict v;
	if (mf_run(p, NULL, &v))
		return;
	mf_verdict_print(stderr, &v);
	fflush(stderr);
	abort();
}
