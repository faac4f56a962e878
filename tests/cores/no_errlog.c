/* Seeded bug: a conflict is not logged at all. expect: LOG-CONFLICT-ONCE */
#define MF_BUG_NO_ERRLOG 1
#include "../../src/core_ref.c"
