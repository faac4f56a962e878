/* Seeded bug: the bus-number bound is off by one: bus number == declared count accepted. expect: MAP-STATUS */
#define MF_BUG_BUS_NUMBER_OFF_BY_ONE 1
#include "../../src/core_ref.c"
