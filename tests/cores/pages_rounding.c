/* Seeded bug: the page count rounds up one too many when offset + Length is a page multiple. expect: PTE-ACCOUNT */
#define MF_BUG_PAGES_ROUNDING 1
#include "../../src/core_ref.c"
