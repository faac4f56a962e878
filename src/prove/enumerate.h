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
	bool no_classes;   /* the base platform only, no platform class */
} mf_enum_scope;

/* A platform class (classes.c): a platform and its adapters as a script,
 * walked after the base platform at the same depth. */
typedef struct {
	const char *name;
	const char *what;   /* the bug shapes it is for, in words */
	const char *script; /* platform lines and adapters */
	uint32_t fill;      /* set-up: adapter 0 maps this many pages from window 0 on */
	uint32_t probe_windows; /* windows given every address class, a bit each; 0: all */
} mf_enum_class;

extern const mf_enum_class mf_enum_classes[];
extern const uint32_t mf_enum_nclasses;

/* The class's program before the walk: its platform, adapters and set-up. */
void mf_enum_class_program(const mf_enum_class *c, mf_program *out);

/* Figures of a walk. */
enum { MF_ENUM_MAX_CLASSES = 16 };
typedef struct {
	uint64_t programs;
	uint64_t states; /* distinct states expanded (R1), over the passes */
	/* Programs and states of the base platform [0] and of each class [1+k]. */
	uint64_t part_programs[1 + MF_ENUM_MAX_CLASSES];
	uint64_t part_states[1 + MF_ENUM_MAX_CLASSES];
} mf_enum_stats;

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

/* Calls visit(ctx, index, p, fixed) for every program of the scope,
 * indexes 0, 1, 2, ... in a fixed order; `fixed` is the number of its
 * operations before the walk's (adapters and set-up).  Stops early when
 * visit returns false.  Returns the number of programs visited; stats
 * (may be NULL) gets the figures. */
typedef bool (*mf_enum_visit)(void *ctx, uint64_t index, const mf_program *p, uint32_t fixed);
uint64_t mf_enum_walk(const mf_enum_scope *s, mf_enum_visit visit, void *ctx, mf_enum_stats *stats);

#endif
