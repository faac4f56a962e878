/* Seeded bug: precedence swapped: the claim is made before the host-RAM check. expect: MAP-STATUS */
#define MF_BUG_CLAIM_BEFORE_RAM 1
#include "../../src/core_ref.c"
