/* Seeded bug: one extra (guard) virtual page is reserved per mapping. expect: PTE-ACCOUNT */
#define MF_BUG_GUARD_PAGE 1
#include "../../src/core_ref.c"
