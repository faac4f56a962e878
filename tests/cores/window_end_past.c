/* Seeded bug: the window test accepts a range running one byte past the end of the window. expect: MAP-STATUS */
#define MF_BUG_WINDOW_END_PAST 1
#include "../../src/core_ref.c"
