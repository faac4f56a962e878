/* Seeded bug: the rollback also clears the page-table entry that failed. expect: SEAM-MISUSE */
#define MF_BUG_ROLLBACK_ONE_TOO_MANY 1
#include "../../src/core_ref.c"
