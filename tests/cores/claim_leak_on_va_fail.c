/* Seeded bug: the claim is leaked when reserving virtual space fails. expect: MAP-ATOMIC */
#define MF_BUG_CLAIM_LEAK_ON_VA_FAIL 1
#include "../../src/core_ref.c"
