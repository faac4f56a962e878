/* Pool: real heap blocks (so sanitizers see a core's use-after-free and
 * double free), tracked against a byte budget and freed at reset. */
#include <stdlib.h>

#include "internal.h"

enum { TAG_POOL = 4 };

void *seam_pool_alloc(size_t bytes)
{
	PLAT_CALLED();
	if (plat_fault_should_fail(MF_SITE_POOL_ALLOC))
		return NULL;
	if (bytes == 0 || P.pool_blocks >= MF_MAX_POOL_BLOCKS ||
	    bytes > P.config.pool_bytes - P.pool_bytes) {
		plat_fault_natural(MF_SITE_POOL_ALLOC);
		return NULL;
	}
	void *block = malloc(bytes);
	if (!block)
		abort(); /* the budget is tiny: the host heap failing is not the core's fault */
	P.pool[P.pool_blocks++] = (plat_pool_block){block, bytes};
	P.pool_bytes += bytes;
	/* Addresses vary run to run; the digest sees sizes only. */
	P.digest += plat_mix(TAG_POOL, bytes, 0, 0);
	return block;
}

void seam_pool_free(void *block)
{
	PLAT_CALLED();
	for (uint32_t i = 0; i < P.pool_blocks; i++) {
		if (P.pool[i].block != block)
			continue;
		P.pool_bytes -= P.pool[i].bytes;
		P.digest -= plat_mix(TAG_POOL, P.pool[i].bytes, 0, 0);
		P.pool[i] = P.pool[--P.pool_blocks];
		free(block);
		return;
	}
	plat_misuse("pool free of unallocated block", (uint64_t)(uintptr_t)block);
}

uint32_t mf_pool_blocks(void)
{
	return P.pool_blocks;
}

uint64_t mf_pool_bytes_used(void)
{
	return P.pool_bytes;
}
