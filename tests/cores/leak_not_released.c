/* Seeded bug: leaks are reported but not released. expect: LIFE-TEARDOWN-CLEAN */
#define MF_BUG_LEAK_NOT_RELEASED 1
#include "../../src/core_ref.c"
