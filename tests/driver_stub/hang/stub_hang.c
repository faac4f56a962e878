/* Spins with no kit call: the review's watchdog kills it (5 s), and its replay (10 s).
 * planted: TIMEOUT drv.init
 */
#define BUG_HANG 1
#include "../stub.h"
