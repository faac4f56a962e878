/* Seeded bug: Length 0 returns 0xC000000D (STATUS_INVALID_PARAMETER), not an NDIS status. expect: MAP-STATUS-CODE */
#define MF_BUG_BAD_STATUS_CODE 1
#include "../../src/core_ref.c"
