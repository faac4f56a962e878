/* Seeded bug: the rollback of page-table entries is partial: the first entry stays set. expect: MAP-ATOMIC */
#define MF_BUG_PTE_ROLLBACK_PARTIAL 1
#include "../../src/core_ref.c"
