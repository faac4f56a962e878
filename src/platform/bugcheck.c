/* seam_bugcheck: the core stops the machine.  The harness arms a jump
 * back into the run around every core call, so a bugcheck ends that input
 * as a finding and the next input still runs; unarmed (a unit test, a
 * core driven by hand) it halts the process as a kernel halts.  The same
 * way back ends a runaway core's call and one the harness stops. */
#include <inttypes.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>

#include "internal.h"

/* Out of the core to the harness's way back, when one is armed. */
static void jump_back(int why)
{
	jmp_buf *env = P.bugcheck_env;
	if (env) {
		P.bugcheck_env = NULL;
		longjmp(*env, why);
	}
}

/* Unarmed (a core driven by hand) a runaway is only recorded: nothing
 * would stop it but the bound, and that is counted once per operation. */
void plat_runaway(const char *function)
{
	P.op_counting = false;
	P.runaway = (mf_runaway){.ran_away = true, .function = function, .caller = P.last_caller};
	jump_back(MF_STOP_RUNAWAY);
}

const mf_runaway *mf_runaway_last(void)
{
	return &P.runaway;
}

void mf_stop_core(void)
{
	jump_back(MF_STOP_HARNESS);
}

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
	jump_back(MF_STOP_BUGCHECK);
	fprintf(stderr,
		"mapfuzz: BUGCHECK 0x%08" PRIx32 " (0x%" PRIx64 ", 0x%" PRIx64 ", 0x%" PRIx64 ", 0x%" PRIx64
		"): the core stopped the machine\n",
		code, a, b, c, d);
	abort();
}
