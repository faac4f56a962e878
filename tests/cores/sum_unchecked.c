/* Seeded bug: PhysicalAddress + Length is not checked against INT64_MAX. expect: MAP-STATUS */
#define MF_BUG_SUM_UNCHECKED 1
#include "../../src/core_ref.c"
