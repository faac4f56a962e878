/* Writes through the NULL a failed map left.
 * planted: CALL-NULL-VA drv.init-fail
 */
#define BUG_NULL 1
#include "../stub.h"
