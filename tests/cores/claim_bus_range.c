/* Seeded bug: the bus-relative instead of the translated range is claimed. expect: MAP-CLAIM */
#define MF_BUG_CLAIM_BUS_RANGE 1
#include "../../src/core_ref.c"
