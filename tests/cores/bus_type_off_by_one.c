/* Seeded bug: the interface-type bound is off by one: MaximumInterfaceType accepted. expect: MAP-STATUS */
#define MF_BUG_BUS_TYPE_OFF_BY_ONE 1
#include "../../src/core_ref.c"
