/* Seeded bug: Length 0 is accepted. expect: MAP-STATUS */
#define MF_BUG_LEN_ZERO_ACCEPTED 1
#include "../../src/core_ref.c"
