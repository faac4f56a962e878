/* Seeded bug: host RAM is checked against the bus-relative, not the translated, range. expect: MAP-STATUS */
#define MF_BUG_HOST_RAM_BUS_ADDR 1
#include "../../src/core_ref.c"
