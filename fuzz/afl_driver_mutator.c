/* AFL++'s side of fuzz_driver's structural mutator (driver_mutator.h),
 * loaded by afl-fuzz with AFL_CUSTOM_MUTATOR_LIBRARY=out/afl/driver_mutator.so
 * (./build.sh fuzz --driver DIR --engine afl sets it).  As afl_mutator.c is
 * for fuzz_map: every call makes one structural edit; AFL++'s havoc runs
 * after it. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "driver_mutator.h"

enum { MAX_INPUT = 1 << 16 };

typedef struct {
	uint32_t seed;
	uint8_t buf[MAX_INPUT];
} afl_driver_mutator;

void *afl_custom_init(void *afl, unsigned int seed);
size_t afl_custom_fuzz(void *data, uint8_t *buf, size_t buf_size, uint8_t **out_buf, uint8_t *add_buf,
		       size_t add_buf_size, size_t max_size);
void afl_custom_deinit(void *data);
uint32_t afl_custom_fuzz_count(void *data, const uint8_t *buf, size_t buf_size);

void *afl_custom_init(void *afl, unsigned int seed)
{
	(void)afl;
	afl_driver_mutator *m = calloc(1, sizeof(*m));
	if (m)
		m->seed = seed;
	return m;
}

size_t afl_custom_fuzz(void *data, uint8_t *buf, size_t buf_size, uint8_t **out_buf, uint8_t *add_buf,
		       size_t add_buf_size, size_t max_size)
{
	(void)add_buf, (void)add_buf_size;
	afl_driver_mutator *m = data;
	size_t cap = max_size < sizeof(m->buf) ? max_size : sizeof(m->buf);
	size_t n = buf_size < cap ? buf_size : cap;
	memcpy(m->buf, buf, n);
	m->seed = m->seed * 1664525u + 1013904223u;
	size_t made = fd_mutate_structure(m->buf, n, cap, m->seed);
	*out_buf = m->buf;
	return made ? made : n;
}

/* A short custom stage per queue entry: each edit is one step from it. */
uint32_t afl_custom_fuzz_count(void *data, const uint8_t *buf, size_t buf_size)
{
	(void)data, (void)buf, (void)buf_size;
	return 32;
}

void afl_custom_deinit(void *data)
{
	free(data);
}
