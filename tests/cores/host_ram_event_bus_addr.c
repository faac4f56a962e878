/* Seeded bug: the HOST_RAM verifier event names the bus-relative address, not the translated one. expect: VERIFIER-EVENT */
#define MF_BUG_HOST_RAM_EVENT_BUS_ADDR 1
#include "../../src/core_ref.c"
