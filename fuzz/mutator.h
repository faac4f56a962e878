/* Structural mutations of fuzz_map inputs (docs/ENGINES.md, "The
 * structural mutator"): the input is decoded into a program, one edit is
 * made that a byte mutation would rarely make (a map into the last of many
 * windows, a conflict probe against the newest claim, one more window on a
 * bus, a run of maps that grows the claims, a fault armed before one map,
 * a bus renamed to another type), and the program is encoded
 * again.  libFuzzer calls it from fuzz_map's LLVMFuzzerCustomMutator,
 * AFL++ from out/afl/mapfuzz_mutator.so (afl_mutator.c). */
#ifndef MAPFUZZ_MUTATOR_H
#define MAPFUZZ_MUTATOR_H

#include <stddef.h>
#include <stdint.h>

/* Rewrites data[0, size) in place with one structural edit chosen by
 * seed; returns the new size (<= max_size), or 0 when no edit applies
 * or the result would not fit (data is then unchanged). */
size_t mf_mutate_structure(uint8_t *data, size_t size, size_t max_size, uint32_t seed);

#endif
