/* Polls a reset bit that clears after 1 ms of virtual time (its program says
 * so): time changes a register, and the poll ends.
 * planted: none
 */
#define BUG_POLL 1
#include "../stub.h"
