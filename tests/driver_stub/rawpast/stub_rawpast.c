/* Reads past an odd-length BAR's mapped Length, raw.
 * planted: CALL-ACCESS-RANGE drv.init
 */
#define BUG_RAWPAST 1
#include "../stub.h"
