/* Leaks its adapter block when the map fails.
 * planted: CALL-RELEASE-MISSING drv.init-fail
 */
#define BUG_LEAK 1
#include "../stub.h"
