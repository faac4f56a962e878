/* Seeded bug: the conflict test only sees claims that start inside the new range. expect: REG-DISJOINT */
#define MF_BUG_CONFLICT_START_ONLY 1
#include "../../src/core_ref.c"
