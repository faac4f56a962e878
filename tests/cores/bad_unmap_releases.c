/* Seeded bug: an unmap with the wrong length is reported, then released anyway. expect: UNMAP-BAD-NOCHANGE */
#define MF_BUG_BAD_UNMAP_RELEASES 1
#include "../../src/core_ref.c"
