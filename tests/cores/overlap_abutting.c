/* Seeded bug: the overlap test is off by one: abutting ranges overlap. expect: MAP-STATUS */
#define MF_BUG_OVERLAP_ABUTTING 1
#include "../../src/core_ref.c"
