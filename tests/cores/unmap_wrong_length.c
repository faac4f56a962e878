/* Seeded bug: unmap accepts any length spanning the same pages. expect: VERIFIER-EVENT */
#define MF_BUG_UNMAP_WRONG_LENGTH 1
#include "../../src/core_ref.c"
