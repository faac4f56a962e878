/* Seeded bug: map is allowed outside MiniportInitialize (while running). expect: MAP-STATUS */
#define MF_BUG_MAP_OUTSIDE_INIT 1
#include "../../src/core_ref.c"
