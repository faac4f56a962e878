/* Seeded bug: a failed bus translation returns RESOURCES instead of FAILURE. expect: MAP-STATUS */
#define MF_BUG_TRANSLATE_FAIL_AS_RESOURCES 1
#include "../../src/core_ref.c"
