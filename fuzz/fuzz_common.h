/* Shared by the fuzz targets: run a program with every check and, on a
 * violation, print the one-line finding and abort, as engines expect. */
#ifndef MAPFUZZ_FUZZ_COMMON_H
#define MAPFUZZ_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "program/program.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

void mf_fuzz_check(const mf_program *p);

/* Coverage for the structure of a run (signal.c, traced): the most windows
 * on one bus, the most live claims at once. */
void mf_fuzz_signal(uint32_t windows_on_one_bus, uint32_t live_claims);

#endif
