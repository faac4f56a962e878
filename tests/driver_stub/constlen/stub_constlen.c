/* Unmaps a constant Length in halt.
 * planted: CALL-UNMAP-EXACT drv.halt
 */
#define BUG_CONSTLEN 1
#include "../stub.h"
