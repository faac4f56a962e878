/* Seeded bug: the release clears one page-table entry past the run. expect: SEAM-MISUSE */
#define MF_BUG_UNMAP_CLEARS_EXTRA_PTE 1
#include "../../src/core_ref.c"
