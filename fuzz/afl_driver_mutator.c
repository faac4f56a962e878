/* AFL++'s side of fuzz_driver's structural mutator (driver_mutator.h),
 * loaded by afl-fuzz with AFL_CUSTOM_MUTATOR_LIBRARY=out/afl/driver_mutator.so
 * (./build.sh fuzz --driver DIR --engine afl sets it).  A custom stage per
 * queue entry, as afl_mutator.c is for fuzz_map, and also one havoc
 * mutation in two: AFL++'s schedule spends most executions in havoc on a
 * few entries, where a 32-step custom stage alone was too rare to add the
 * memory range a halt needs (docs/BENCH.md, "Drivers").  The registers the
 * driver reads come from the target (MAPFUZZ_DRIVER_HINTS, a file fuzz_driver
 * rewrites when it sees a new one), re-read when the file changes. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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
size_t afl_custom_havoc_mutation(void *data, uint8_t *buf, size_t buf_size, uint8_t **out_buf, size_t max_size);
uint8_t afl_custom_havoc_mutation_probability(void *data);

/* The hints file, when it changed since the last look (every 64 calls). */
static void refresh_hints(void)
{
	static uint32_t calls;
	static struct timespec seen;
	const char *path = getenv("MAPFUZZ_DRIVER_HINTS");
	struct stat st;
	if (!path || calls++ % 64 || stat(path, &st) != 0 ||
	    (st.st_mtim.tv_sec == seen.tv_sec && st.st_mtim.tv_nsec == seen.tv_nsec))
		return;
	seen = st.st_mtim;
	static dv_poll polls[DV_MAX_POLLED];
	FILE *f = fopen(path, "rb");
	if (!f)
		return;
	size_t n = fread(polls, sizeof(dv_poll), DV_MAX_POLLED, f);
	fclose(f);
	fd_mutator_hints(polls, (uint32_t)n);
}

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
	refresh_hints();
	size_t made = fd_mutate_structure(m->buf, n, cap, m->seed);
	*out_buf = m->buf;
	return made ? made : n;
}

size_t afl_custom_havoc_mutation(void *data, uint8_t *buf, size_t buf_size, uint8_t **out_buf, size_t max_size)
{
	return afl_custom_fuzz(data, buf, buf_size, out_buf, NULL, 0, max_size);
}

uint8_t afl_custom_havoc_mutation_probability(void *data)
{
	(void)data;
	return 50;
}

/* A custom stage of 256 per queue entry (each edit is one step from it):
 * with 32, AFL++ took a median of 72,000 executions to add the memory range
 * a halt needs to a seed without one. */
uint32_t afl_custom_fuzz_count(void *data, const uint8_t *buf, size_t buf_size)
{
	(void)data, (void)buf, (void)buf_size;
	return 256;
}

void afl_custom_deinit(void *data)
{
	free(data);
}
