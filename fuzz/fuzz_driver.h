/* fuzz_driver (fuzz/fuzz_driver.c) and its signal (fuzz/driver_signal.c). */
#ifndef MAPFUZZ_FUZZ_DRIVER_H
#define MAPFUZZ_FUZZ_DRIVER_H

#include "driver/runner.h"

/* Coverage for what the run reached, computed from the result and the
 * ledger (the kit and the runner carry no tracing): how far the driver got
 * (fallible calls made), the faults fired, the clauses reached, and how many
 * resources of each kind it acquired. */
void fd_signal(const dv_program *p, const dv_result *r);

#endif
