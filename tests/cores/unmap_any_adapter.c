/* Seeded bug: unmap does not check that the mapping belongs to the adapter. expect: VERIFIER-EVENT */
#define MF_BUG_UNMAP_ANY_ADAPTER 1
#include "../../src/core_ref.c"
