/* Seeded bug: *VirtualAddress is written before the page-table entries are set and not cleared when one fails. expect: MAP-NULL-ON-FAILURE */
#define MF_BUG_VA_WRITTEN_EARLY 1
#include "../../src/core_ref.c"
