/* Seeded bug: *VirtualAddress is cleared only after the clause-2 checks, so those failures leave it unchanged. expect: MAP-NULL-ON-FAILURE */
#define MF_BUG_NULL_LATE 1
#include "../../src/core_ref.c"
