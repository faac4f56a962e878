/* A fuzz input decoded: a platform, a fault plan and a list of operations.
 *
 * Bytes -> mf_program is total (mf_program_decode never fails); the
 * canonical bytes of a program are mf_program_encode's, and
 * decode(encode(p)) == p for every decoded p.  docs/FORMAT.md is the
 * byte layout and the script language. */
#ifndef MAPFUZZ_PROGRAM_H
#define MAPFUZZ_PROGRAM_H

#include <stddef.h>
#include <stdint.h>

#include "platform.h"

enum { MF_MAX_OPS = 64 };

typedef enum {
	OP_ADAPTER = 0,   /* create an adapter on (type, number): inside MiniportInitialize */
	OP_MAP = 1,       /* NdisMMapIoSpace */
	OP_UNMAP = 2,     /* NdisMUnmapIoSpace */
	OP_INIT_DONE = 3, /* MiniportInitialize succeeds: running */
	OP_INIT_FAIL = 4, /* MiniportInitialize fails: adapter gone */
	OP_HALT = 5,      /* MiniportHalt entered: halting */
	OP_HALT_END = 6,  /* MiniportHalt returns: adapter gone */
	OP_REMOVE = 7,    /* surprise removal: adapter gone */
	OP_ARM = 8,       /* re-arm the fault plan from this point */
	OP_TOUCH = 9,     /* walk a live mapping's pages through the MMU */
	OP_COUNT = 10,
} mf_opcode;

/* Adapter references: slots 0..MF_MAX_ADAPTERS-1 in creation order, or a
 * handle that never named an adapter. */
enum { AREF_NULL = MF_MAX_ADAPTERS, AREF_BOGUS = MF_MAX_ADAPTERS + 1, AREF_COUNT };

/* Address anchors (bus-relative, int64): value = anchor + delta, wrapping. */
typedef enum {
	ADDR_RAW = 0,       /* raw 64-bit value, no delta */
	ADDR_ZERO = 1,      /* 0 */
	ADDR_WIN_START = 2, /* window[index].bus_base */
	ADDR_WIN_END = 3,   /* window[index].bus_base + length (one past) */
	ADDR_MAP_START = 4, /* bus address of mapping #index */
	ADDR_MAP_END = 5,   /* ... + its length (one past) */
	ADDR_MIN = 6,       /* INT64_MIN */
	ADDR_MAX = 7,       /* INT64_MAX */
	ADDR_KIND_COUNT = 8,
} mf_addr_kind;

/* Length anchors (UINT): value = anchor + delta, wrapping mod 2^32. */
typedef enum {
	LEN_RAW = 0,         /* raw 32-bit value, no delta */
	LEN_ZERO = 1,        /* 0: with delta -1 this is UINT_MAX */
	LEN_WIN_SIZE = 2,    /* window[index].length */
	LEN_TO_WIN_END = 3,  /* window[index] end - this op's address */
	LEN_TO_MAP_START = 4,/* mapping #index bus address - this op's address */
	LEN_MAP_LEN = 5,     /* mapping #index length */
	LEN_KIND_COUNT = 6,
} mf_len_kind;

typedef struct {
	uint8_t kind;   /* mf_addr_kind or mf_len_kind */
	uint8_t pages;  /* 1: delta counts pages, not bytes */
	uint8_t index;  /* window or mapping number, taken modulo what exists */
	int16_t delta;
	uint64_t raw;   /* RAW only (a length keeps the low 32 bits) */
} mf_expr;

enum { MAP_NULL_OUT = 1 }; /* mf_op.flags: pass a NULL VirtualAddress */

typedef struct {
	uint8_t code;  /* mf_opcode */
	uint8_t aref;  /* adapter reference (not OP_ADAPTER, OP_ARM, OP_TOUCH) */
	uint8_t flags; /* OP_MAP */
	uint8_t mref;  /* OP_UNMAP, OP_TOUCH: mapping number, modulo the history */
	mf_expr addr, len;         /* OP_MAP */
	int16_t va_delta, len_delta; /* OP_UNMAP: off the mapping's VA and length */
	uint8_t bus_ref;           /* OP_ADAPTER: 0: the bus is (bus_type, bus_number);
				    * k > 0: the bus of window k-1, modulo the windows */
	int32_t bus_type;          /* OP_ADAPTER, when bus_ref is 0 */
	uint32_t bus_number;
	mf_fault_plan plan;        /* OP_ARM */
	uint32_t offset;           /* OP_TOUCH: byte offset, modulo the length */
} mf_op;

typedef struct {
	mf_platform_config platform;
	mf_fault_plan plan; /* armed before the first operation */
	uint32_t nops;
	mf_op ops[MF_MAX_OPS];
} mf_program;

/* Decoded value ranges, shared by the decoder and the script language. */
enum {
	MF_TYPE_LOWEST = -2,  /* bus types decode to -2..18 */
	MF_TYPE_HIGHEST = 18,
	MF_BUS_NUMBER_SPAN = 5, /* bus numbers and counts 0..4 */
	MF_BUS_REF_SPAN = MF_MAX_WINDOWS + 1, /* adapter bus references 0..MF_MAX_WINDOWS */
};

void mf_program_decode(const uint8_t *data, size_t size, mf_program *out);
/* Writes at most MF_PROGRAM_MAX_BYTES; returns the length. */
size_t mf_program_encode(const mf_program *p, uint8_t *out);
enum { MF_PROGRAM_MAX_BYTES = 4096 };

/* Normalisation the decoder applies, exposed so the assembler produces the
 * same programs: a plan with its unused fields cleared, windows clamped and
 * same-bus overlaps dropped. */
void mf_plan_normalize(mf_fault_plan *plan);
void mf_platform_normalize(mf_platform_config *c);

#endif
