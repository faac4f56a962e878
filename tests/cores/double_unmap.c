/* Seeded bug: unmap releases but leaves the record listed, so a second unmap releases twice. expect: VERIFIER-EVENT */
#define MF_BUG_DOUBLE_UNMAP 1
#include "../../src/core_ref.c"
