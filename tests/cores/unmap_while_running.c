/* Seeded bug: unmap is accepted in any phase. expect: VERIFIER-EVENT */
#define MF_BUG_UNMAP_WHILE_RUNNING 1
#include "../../src/core_ref.c"
