/* Seeded bug: a conflict is logged twice. expect: LOG-CONFLICT-ONCE */
#define MF_BUG_ERRLOG_TWICE 1
#include "../../src/core_ref.c"
