/* The correct stub.
 * planted: none
 */
#include "../stub.h"
