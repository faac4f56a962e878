/* Frees its shared memory with another Cached flag.
 * planted: CALL-RELEASE-MATCH drv.halt
 * symptom: CALL-RELEASE-MATCH drv.remove
 */
#define BUG_CACHED 1
#include "../stub.h"
