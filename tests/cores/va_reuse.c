/* Seeded bug: an identical mapping of the same adapter reuses the existing VA instead of mapping again. expect: VA-DISJOINT */
#define MF_BUG_VA_REUSE 1
#include "../../src/core_ref.c"
