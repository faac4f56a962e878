/* Seeded bug: the mapping is cached. expect: MAP-NONCACHED */
#define MF_BUG_CACHED_MAPPING 1
#include "../../src/core_ref.c"
