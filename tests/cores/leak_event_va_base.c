/* Seeded bug: the LEAK event names the start of the virtual run, not the VA the caller got. expect: LIFE-LEAK-REPORTED */
#define MF_BUG_LEAK_EVENT_VA_BASE 1
#include "../../src/core_ref.c"
