/* Seeded bug: an overlap with the adapter's own claim is treated as a conflict. expect: MAP-STATUS */
#define MF_BUG_OWN_OVERLAP_CONFLICT 1
#include "../../src/core_ref.c"
