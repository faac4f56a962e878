/* seam_bugcheck: the core stops the machine.  The harness arms a jump
 * back into the run around every core call, so a bugcheck ends that input
 * as a finding and the next input still runs; unarmed (a unit test, a
 * core driven by hand) it halts the process as a kernel halts. */
#include <inttypes.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>

#include "internal.h"

void mf_bugcheck_arm(void *env)
{
	P.bugcheck_env = env;
}

const mf_bugcheck *mf_bugcheck_last(void)
{
	return &P.bugcheck;
}

_Noreturn void seam_bugcheck(uint32_t code, uint64_t a, uint64_t b, uint64_t c, uint64_t d)
{
	plat_bugcheck_from((uintptr_t)__builtin_return_address(0), code, a, b, c, d);
}

_Noreturn void plat_bugcheck_from(uintptr_t caller, uint32_t code, uint64_t a, uint64_t b, uint64_t c,
				  uint64_t d)
{
	P.last_caller = caller;
	P.bugcheck = (mf_bugcheck){.stopped = true, .code = code, .args = {a, b, c, d}, .caller = caller};
	jmp_buf *env = P.bugcheck_env;
	if (env) {
		P.bugcheck_env = NULL;
		longjmp(*env, 1);
	}
	fprintf(stderr,
		"mapfuzz: BUGCHECK 0x%08" PRIx32 " (0x%" PRIx64 ", 0x%" PRIx64 ", 0x%" PRIx64 ", 0x%" PRIx64
		"): the core stopped the machine\n",
		code, a, b, c, d);
	abort();
}
