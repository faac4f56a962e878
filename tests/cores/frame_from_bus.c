/* Seeded bug: frames are taken from the bus-relative address, untranslated. expect: MAP-TRANSLATE */
#define MF_BUG_FRAME_FROM_BUS 1
#include "../../src/core_ref.c"
