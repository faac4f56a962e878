/* Seeded bug: the page offset is lost. expect: MAP-SUCCESS-VA */
#define MF_BUG_OFFSET_LOST 1
#include "../../src/core_ref.c"
