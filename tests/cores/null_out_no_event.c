/* Seeded bug: a NULL VirtualAddress fails without a BAD_CALL verifier event. expect: VERIFIER-EVENT */
#define MF_BUG_NULL_OUT_NO_EVENT 1
#include "../../src/core_ref.c"
