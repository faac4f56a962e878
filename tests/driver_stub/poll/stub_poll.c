/* Polls a reset bit that never clears.
 * planted: TIMEOUT drv.init
 */
#define BUG_POLL 1
#include "../stub.h"
