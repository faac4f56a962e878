/* Seeded bug: leaks are not reported at halt. expect: LIFE-LEAK-REPORTED */
#define MF_BUG_LEAK_NOT_REPORTED_AT_HALT 1
#include "../../src/core_ref.c"
