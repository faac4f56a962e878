/* The main target: the input is a whole program (platform, fault plan,
 * operations), decoded totally; every invariant is checked after every
 * operation against the model. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	mf_program p;
	mf_program_decode(data, size, &p);
	mf_fuzz_check(&p);
	return 0;
}
