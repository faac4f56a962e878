/* The programs of a bounded scope, one after another (docs/PROVE.md):
 * the scope and its platform (scope.c), the walk (enumerate.c).
 *
 * The enumeration only builds programs; running them is the caller's
 * business (shard.c).  It is deterministic: the same scope always
 * yields the same programs with the same indexes, which is what lets
 * `prove` shard them across processes by index. */
#ifndef MAPFUZZ_ENUMERATE_H
#define MAPFUZZ_ENUMERATE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "program/program.h"

typedef struct {
	uint32_t depth;    /* operations after the adapters are created */
	uint32_t adapters; /* created before the first operation, 1..MF_MAX_ADAPTERS */
	uint32_t buses;    /* declared PCI buses */
	uint32_t windows;  /* translation windows per declared bus */
} mf_enum_scope;

enum { MF_ENUM_MAX_DEPTH = 8 };

/* The buses of the scope's platform beyond its B declared PCI buses
 * (scope.c builds them, the walk names them). */
enum {
	BUS_BAD_TYPE_EXTRA = 0, /* bus id B: (MaximumInterfaceType, 0), declared and windowed */
	BUS_PAST_END_EXTRA = 1, /* bus id B+1: (PCIBus, B), windowed but not declared */
};

#define SIGN_BIT ((uint64_t)1 << 63)

/* NULL when the scope is valid, else why not (for a usage error). */
const char *mf_enum_check(const mf_enum_scope *s);

/* The platform every program of the scope runs on. */
void mf_enum_platform(const mf_enum_scope *s, mf_platform_config *out);

/* The scope in words, for people. */
void mf_enum_describe(FILE *f, const mf_enum_scope *s);

/* Calls visit(ctx, index, p) for every program of the scope, indexes 0,
 * 1, 2, ... in a fixed order; stops early when visit returns false.
 * Returns the number of programs visited. */
typedef bool (*mf_enum_visit)(void *ctx, uint64_t index, const mf_program *p);
uint64_t mf_enum_walk(const mf_enum_scope *s, mf_enum_visit visit, void *ctx);

#endif
