/* AFL++'s side of the structural mutator (mutator.h), loaded by afl-fuzz
 * with AFL_CUSTOM_MUTATOR_LIBRARY=out/afl/mapfuzz_mutator.so for fuzz_map
 * (docs/ENGINES.md).  AFL++ runs its own havoc after this stage, so every
 * call makes a structural edit; an input none applies to comes back as it
 * was. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mutator.h"
#include "program/program.h"

typedef struct {
	uint32_t seed;
	uint8_t buf[MF_PROGRAM_MAX_BYTES];
} afl_mutator;

void *afl_custom_init(void *afl, unsigned int seed);
size_t afl_custom_fuzz(void *data, uint8_t *buf, size_t buf_size, uint8_t **out_buf, uint8_t *add_buf,
		       size_t add_buf_size, size_t max_size);
void afl_custom_deinit(void *data);
uint32_t afl_custom_fuzz_count(void *data, const uint8_t *buf, size_t buf_size);

void *afl_custom_init(void *afl, unsigned int seed)
{
	(void)afl;
	afl_mutator *m = calloc(1, sizeof(*m));
	if (m)
		m->seed = seed;
	return m;
}

size_t afl_custom_fuzz(void *data, uint8_t *buf, size_t buf_size, uint8_t **out_buf, uint8_t *add_buf,
		       size_t add_buf_size, size_t max_size)
{
	(void)add_buf, (void)add_buf_size;
	afl_mutator *m = data;
	size_t cap = max_size < sizeof(m->buf) ? max_size : sizeof(m->buf);
	size_t n = buf_size < cap ? buf_size : cap;
	memcpy(m->buf, buf, n);
	m->seed = m->seed * 1664525u + 1013904223u;
	size_t made = mf_mutate_structure(m->buf, n, cap, m->seed);
	*out_buf = m->buf;
	return made ? made : n;
}

/* A short custom stage per queue entry: the edits are one step from the
 * entry, and AFL++ otherwise spends a havoc-sized stage on each, so that in
 * a short campaign the big seeds (many windows, many claims) are never
 * reached at all (docs/ENGINES.md). */
uint32_t afl_custom_fuzz_count(void *data, const uint8_t *buf, size_t buf_size)
{
	(void)data, (void)buf, (void)buf_size;
	return 64;
}

void afl_custom_deinit(void *data)
{
	free(data);
}
