/* Seeded bug: unmap does not free the pool record. expect: UNMAP-EXACT */
#define MF_BUG_UNMAP_NO_POOL_FREE 1
#include "../../src/core_ref.c"
