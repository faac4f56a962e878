/* Seeded bug: the first frame is rounded up instead of down, off by one with a page offset. expect: MAP-TRANSLATE */
#define MF_BUG_FRAME_ROUND_UP 1
#include "../../src/core_ref.c"
