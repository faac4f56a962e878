/* Driver programs (docs/FORMAT.md, "Driver programs"): the devices a
 * miniport meets, the fault plan over the NDIS routines, the operations.
 * One struct, two forms: text (.mfd) and bytes (MFD1...). */
#ifndef MAPFUZZ_DRIVER_PROGRAM_H
#define MAPFUZZ_DRIVER_PROGRAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "driver/kit_runtime.h"

enum {
	DV_MAX_ADAPTERS = 4,
	DV_MAX_RES = 8,
	DV_MAX_CONFIG = 16,
	DV_MAX_REGISTRY = 16,
	DV_MAX_REGS = 32,
	DV_MAX_READS = 32,
	DV_MAX_AFTERS = 16,
	DV_MAX_OPS = 32,
	DV_NAME = 32,
	DV_MAX_MEM_LEN = 0x100000,
	DV_MAX_PORT_LEN = 0x1000,
};

typedef enum { DV_FAULT_NONE = 0, DV_FAULT_NTH = 1, DV_FAULT_SITE = 2, DV_FAULT_RANDOM = 3 } dv_fault_mode;

typedef struct {
	uint8_t mode;   /* dv_fault_mode */
	uint8_t site;   /* dk_site, for DV_FAULT_SITE */
	uint32_t n;     /* 1-based; 0 fails nothing */
	uint32_t n2;    /* DV_FAULT_NTH: a second position after n (0: none), a fault in the cleanup of the first */
	uint32_t seed;  /* DV_FAULT_RANDOM */
	uint8_t chance; /* out of 256 */
} dv_fault;

typedef struct {
	char name[DV_NAME];
	bool is_text;
	uint32_t value;
	char text[DV_NAME];
} dv_registry;

typedef struct {
	uint8_t res;
	uint32_t offset, value;
} dv_reg;

typedef struct {
	uint8_t res;
	uint32_t offset;
	uint16_t k;
	uint32_t value;
} dv_read;

/* Time changes a register: from `us` microseconds of virtual time on
 * (stalls and sleeps advance it), kit reads of it return `value`. */
typedef struct {
	uint8_t res;
	uint32_t offset, us, value;
} dv_after;

typedef struct {
	uint16_t vendor, device;
	uint8_t revision, bus, slot;
	uint32_t subsys;
	uint32_t nres;
	dk_resource_desc res[DV_MAX_RES];
	uint32_t nconfig;
	struct {
		uint8_t offset;
		uint32_t value;
	} config[DV_MAX_CONFIG];
	uint32_t nregistry;
	dv_registry registry[DV_MAX_REGISTRY];
	bool has_mac;
	uint8_t mac[6];
	uint32_t nregs;
	dv_reg regs[DV_MAX_REGS];
	uint32_t nreads;
	dv_read reads[DV_MAX_READS];
	uint32_t nafters;
	dv_after afters[DV_MAX_AFTERS];
} dv_device;

typedef enum { DV_OP_ENTRY = 0x10, DV_OP_INIT, DV_OP_HALT, DV_OP_REMOVE, DV_OP_UNLOAD } dv_opcode;

typedef struct {
	uint8_t code;    /* dv_opcode */
	uint8_t adapter;
} dv_op;

typedef struct {
	uint32_t ndevices;
	dv_device dev[DV_MAX_ADAPTERS];
	dv_fault fault;
	uint32_t nops;
	dv_op ops[DV_MAX_OPS];
} dv_program;

/* The conformance NIC of docs/FORMAT.md with no resources. */
void dv_device_default(dv_device *d);

/* Text: false with "line N: what" in err. */
bool dv_parse_text(const char *text, dv_program *p, char *err, size_t errsize);
/* Bytes: never fails (docs/FORMAT.md). */
void dv_decode(const uint8_t *data, size_t size, dv_program *p);
/* Canonical bytes into buf (at most cap); returns the size needed. */
size_t dv_encode(const dv_program *p, uint8_t *buf, size_t cap);
/* The canonical text. */
void dv_write_text(FILE *f, const dv_program *p);
/* A file in either form (bytes when it starts with MFD1). */
bool dv_load_file(const char *path, dv_program *p, char *err, size_t errsize);

/* The clause keys of docs/CONTRACT.md, "Caller clause keys". */
typedef enum {
	DV_CL_ENTRY,
	DV_CL_INIT,
	DV_CL_INIT_FAIL,
	DV_CL_HALT,
	DV_CL_REMOVE,
	DV_CL_REINIT,
	DV_CL_UNLOAD,
	DV_CL_COUNT,
	DV_CL_PENDING = DV_CL_COUNT, /* inside initialize: decided by its status */
} dv_clause;
extern const char *const dv_clause_keys[DV_CL_COUNT + 1];

const char *dv_site_name(unsigned site);
const char *dv_op_name(unsigned code);

#endif
