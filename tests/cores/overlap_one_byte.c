/* Seeded bug: the overlap test is off by one: a one-byte overlap passes. expect: REG-DISJOINT */
#define MF_BUG_OVERLAP_ONE_BYTE 1
#include "../../src/core_ref.c"
