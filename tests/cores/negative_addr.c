/* Seeded bug: a negative PhysicalAddress is accepted. expect: MAP-STATUS */
#define MF_BUG_NEGATIVE_ADDR 1
#include "../../src/core_ref.c"
