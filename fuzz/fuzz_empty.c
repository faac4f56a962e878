/* The throughput baseline of ./build.sh bench (scripts/bench.sh): a target
 * that does nothing, built with the same flavour (ASan+UBSan, libFuzzer) and
 * fed the same inputs as fuzz_map, so that the ratio of their exec/s is the
 * cost of decoding a program and checking it against the model.  Not one of
 * the shipped TARGETS. */
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	(void)data;
	(void)size;
	return 0;
}
