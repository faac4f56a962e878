/* The main target: the input is a whole program (platform, fault plan,
 * operations), decoded totally; every invariant is checked after every
 * operation against the model. */
#include "fuzz_common.h"
#include "mutator.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	mf_program p;
	mf_program_decode(data, size, &p);
	mf_fuzz_check(&p);
	return 0;
}

/* libFuzzer's own mutator; weak, because the AFL++ and standalone builds of
 * this file have none (they never call the custom mutator). */
size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size) __attribute__((weak));
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed);

/* One mutation in four is structural (mutator.h), the rest libFuzzer's. */
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed)
{
	if (seed % 4 == 0) {
		size_t n = mf_mutate_structure(data, size, max_size, seed);
		if (n)
			return n;
	}
	return LLVMFuzzerMutate ? LLVMFuzzerMutate(data, size, max_size) : size;
}
