/* Seeded bug: a bad unmap also writes an error-log entry (a fallible call). expect: RELEASE-INFALLIBLE */
#define MF_BUG_ERRLOG_ON_BAD_UNMAP 1
#include "../../src/core_ref.c"
