/* The independent model of the contract: what every operation should do.
 *
 * Deliberately naive and separate from the core: plain arrays, brute-force
 * interval tests in 128-bit arithmetic, no shared code beyond the public
 * headers.  From the platform it takes only what the contract leaves to
 * the platform: which fault sites fired or ran out during the call. */
#ifndef MAPFUZZ_MODEL_H
#define MAPFUZZ_MODEL_H

#include <stdbool.h>
#include <stdint.h>

#include "program/program.h"

typedef struct {
	bool created, live;
	ADAPTER_PHASE phase;
	int32_t type;
	uint32_t number;
} model_adapter;

/* Every successful map, live or since released: anchors refer to these. */
typedef struct {
	bool live;
	int slot;         /* owning adapter */
	uintptr_t va;     /* as the core returned it */
	uint32_t length;
	uint64_t bus;     /* bus-relative start */
	uint64_t sys;     /* system-physical start */
	uint64_t pages;   /* virtual pages it spans */
} model_mapping;

typedef struct {
	mf_platform_config cfg;
	model_adapter adapters[MF_MAX_ADAPTERS];
	uint32_t nadapters;
	model_mapping maps[MF_MAX_OPS];
	uint32_t nmaps;
} mf_model;

typedef struct {
	NDIS_STATUS status;
	const char *clause;          /* its key: docs/CONTRACT.md, "Clause keys" */
	const char *why;             /* the clause that decided, in words */
	SEAM_VERIFIER_KIND verifier; /* 0 when no event is due */
	bool log;                    /* a conflict: one entry, or one dropped */
	bool log_dropped;            /* ... and writing it failed */
	uint64_t sys, pages;         /* when status is SUCCESS */
} model_map_expect;

void model_reset(mf_model *m, const mf_platform_config *cfg);

/* Returns the new slot, or -1 when no slot is left. */
int model_adapter_create(mf_model *m, int32_t type, uint32_t number);
bool model_adapter_live(const mf_model *m, int slot);

/* Lifecycle transitions: false when the adapter is not in `from` (the
 * framework then does nothing). */
bool model_transition(mf_model *m, int slot, ADAPTER_PHASE from, ADAPTER_PHASE to);
/* The adapter leaves: its live mappings are the leaks; they are released. */
void model_adapter_gone(mf_model *m, int slot);

/* slot -1: a handle that never named an adapter. fired/ran_out: bit per
 * mf_site, as the platform recorded them during the call. */
model_map_expect model_map(const mf_model *m, int slot, bool null_out, uint64_t pa, uint32_t length,
			   uint32_t fired, uint32_t ran_out);
void model_map_commit(mf_model *m, int slot, uint64_t pa, uint32_t length,
		      const model_map_expect *e, uintptr_t va);

/* The live mapping an unmap names exactly, or -1 for a bad unmap. */
int model_unmap_target(const mf_model *m, int slot, uintptr_t va, uint32_t length);
void model_unmap_commit(mf_model *m, int index);

uint64_t model_live_pages(const mf_model *m);
uint32_t model_live_count(const mf_model *m);

#endif
