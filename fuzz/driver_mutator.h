/* Structural mutations of fuzz_driver inputs (docs/DRIVERS.md, "Fuzzing a
 * driver"), as fuzz/mutator.h is for fuzz_map: the input is decoded into a
 * driver program, one edit a byte mutation would rarely make is applied,
 * and the program is encoded again.  The edits: one more or one fewer
 * resource of a kind; a resource length nudged to the values drivers check
 * (page and register-block sizes, one either side); a fault armed before
 * one named routine (a site); a second fault inside the cleanup of the
 * first; a register word flipped at the moment it is polled (the k-th read
 * of an offset); a registry keyword of the driver's own set to a boundary
 * value (MAPFUZZ_DRIVER_KEYWORDS, which the campaign takes from the
 * driver's sources); a multicast or zero network address; halt, removal
 * and re-initialize sequences; a second adapter.  libFuzzer calls it from
 * fuzz_driver's LLVMFuzzerCustomMutator, AFL++ from
 * out/drivers/<name>/afl/driver_mutator.so (afl_driver_mutator.c). */
#ifndef MAPFUZZ_DRIVER_MUTATOR_H
#define MAPFUZZ_DRIVER_MUTATOR_H

#include <stddef.h>
#include <stdint.h>

#include "driver/runner.h"

/* Rewrites data[0, size) in place with one structural edit chosen by
 * seed; returns the new size (<= max_size), or 0 when no edit applies or
 * the result would not fit (data is then unchanged). */
size_t fd_mutate_structure(uint8_t *data, size_t size, size_t max_size, uint32_t seed);

/* The registers the driver has been seen to read (fuzz_driver passes what
 * the runner saw, dv_rt_polled, merged over the runs): the register edits
 * then pick one of them, and a read number up to one past the most reads
 * seen.  Without hints (the AFL++ library) offsets are random. */
void fd_mutator_hints(const dv_poll *polls, uint32_t n);

#endif
