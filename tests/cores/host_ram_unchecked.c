/* Seeded bug: host RAM is not checked. expect: MAP-STATUS */
#define MF_BUG_HOST_RAM_UNCHECKED 1
#include "../../src/core_ref.c"
