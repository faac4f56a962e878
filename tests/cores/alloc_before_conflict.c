/* Seeded bug: precedence swapped: the pool record is allocated before the conflict check. expect: MAP-STATUS */
#define MF_BUG_ALLOC_BEFORE_CONFLICT 1
#include "../../src/core_ref.c"
