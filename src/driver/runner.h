/* The driver runner (docs/DRIVERS.md): one driver program against the
 * driver under test, with the caller contract of docs/CONTRACT.md checked
 * after every operation.  A library: the runner binary's commands
 * (src/driver/main.c), and later a fuzz target per driver, call dv_run and
 * dv_sweep.
 *
 * runtime.c is part A of kit_runtime.h (fault plan, ledger, device
 * queries, mapping with real register memory, register and port access,
 * time); run.c the operations, the checks, fresh static data, the sweep. */
#ifndef MAPFUZZ_DRIVER_RUNNER_H
#define MAPFUZZ_DRIVER_RUNNER_H

#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>

#include "driver/program.h"

/* DV_ASAN: built with AddressSanitizer (gcc says so one way, clang the
 * other): the runner then poisons a mapping's tail and takes over ASan's
 * SEGV handling. */
#if defined(__SANITIZE_ADDRESS__)
#define DV_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define DV_ASAN 1
#endif
#endif

enum { DV_MAX_FINDINGS = 32, DV_DETAIL = 200 };


typedef struct {
	const char *id;      /* an ID of docs/CONTRACT.md */
	uint8_t clause;      /* dv_clause */
	bool warning;        /* the warning severity */
	uint32_t op_index;
	uint32_t count;
	uintptr_t pc;        /* the driver's line: an address in it */
	bool pc_exact;       /* pc is a faulting instruction, not a return address */
	char detail[DV_DETAIL];
} dv_finding;

typedef struct {
	uint32_t nfindings, dropped;
	dv_finding f[DV_MAX_FINDINGS];
	uint32_t calls;       /* fallible NDIS calls made */
	uint32_t fired;       /* faults injected */
	uint32_t clauses;     /* bit per dv_clause reached */
	bool aborted;         /* an operation ended by a longjmp (TIMEOUT, a classified fault) */
	bool first_in_init;   /* the first injected fault fell inside an initialize that failed... */
	uint32_t init_end_calls; /* ...which had made this many fallible calls when it returned */
} dv_result;

/* Where a run is, for a parent that outlives a dying run. */
typedef struct {
	uint64_t case_index;
	uint32_t nth, nth2;
	uint32_t op_index;
	uint8_t clause;       /* dv_clause; inside initialize, the guess docs/CONTRACT.md names */
	uint8_t in_op;
} dv_where;

typedef struct {
	bool override_fault;  /* the sweep: `fault` instead of the program's */
	dv_fault fault;
	dv_where *where;      /* when set: kept up to date */
} dv_options;

/* First, before any driver code runs: the snapshot of the driver's static
 * data, the image base findings are printed against. */
void dv_runner_init(void);

/* One program against the driver: fresh static data, a fresh kit and
 * platform, the operations, the checks. */
void dv_run(const dv_program *p, const dv_options *o, dv_result *r);

/* One input in the byte form (docs/FORMAT.md): what a fuzz target per
 * driver (issue 23) calls from LLVMFuzzerTestOneInput. */
void dv_run_bytes(const uint8_t *data, size_t size, dv_result *r);

/* The systematic sweep: the fault-free run, then fail the Nth fallible
 * NDIS call for N = 1, 2, ... until a run fires none (or max_runs); and
 * where the Nth call fell inside an initialize, a second fault in its
 * cleanup: fail the Nth and the Mth for every later M of that initialize.
 * Distinct findings (ID, clause, warning) over every run, each with the
 * first N that showed it (0: the fault-free run). */
typedef struct {
	uint32_t runs;
	uint32_t nfound, dropped;
	uint32_t clauses;
	uint32_t nth[DV_MAX_FINDINGS], nth2[DV_MAX_FINDINGS];
	dv_finding found[DV_MAX_FINDINGS];
} dv_sweep_result;
/* from > 0: start at fault position `from` (a restart after a death). */
void dv_sweep(const dv_program *p, uint32_t from, uint32_t max_runs, dv_where *where, dv_sweep_result *r);

/* ---- shared by runtime.c and run.c ---- */

/* Records a finding of the current operation (clause pending inside
 * initialize). */
void dv_report(const char *id, bool warning, uintptr_t pc, bool exact, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* An injected fault fired: a death in this initialize is drv.init-fail. */
void dv_fault_fired(void);

/* Per-input state of runtime.c. */
void dv_rt_reset(const dv_program *p, const dv_fault *fault);
void dv_rt_cleanup(void);
/* The platform adapter of program adapter `index`, made at its initialize. */
void *dv_rt_adapter_create(unsigned index);
int dv_rt_adapter_index(void *handle);
/* The operation now running: adapter index, its code (0: none). */
void dv_rt_begin_op(int adapter, uint8_t code, uint32_t op_index);
/* The checks at the end of an operation (run.c calls them). */
void dv_rt_leaks(int adapter, bool driver_level); /* MISSING of whatever that adapter (or the driver) still holds */
void dv_rt_init_alive(int adapter);               /* after an initialize that returned SUCCESS */
void dv_rt_adapter_gone(int adapter, int reason); /* the core's NdisCoreAdapterGone, the platform's destroy */
uint32_t dv_rt_calls(void);
/* Acquisitions per dk_res kind in the last run (fuzz_driver's signal). */
const uint16_t *dv_rt_acquired(void);
/* The register and port offsets the last run read through the kit, with
 * how many reads each (fuzz_driver's structural mutator). */
enum { DV_MAX_POLLED = 64 };
typedef struct {
	uint8_t adapter, res;
	uint32_t offset, count;
} dv_poll;
const dv_poll *dv_rt_polled(uint32_t *n);
uint32_t dv_rt_fired(void);
/* The operation the first injected fault fell in; false when none fired. */
bool dv_rt_first_fault(uint32_t *op_index, uint8_t *code);
/* The runner binary's load address (findings print offsets from it). */
extern uintptr_t dv_image_base;
/* The budget of one operation: a driver past it is a TIMEOUT (longjmp). */
extern sigjmp_buf *dv_op_jump;
/* A classified fault address (a guard, an unmapped view, near NULL):
 * the ID, and a detail; NULL when it is none of ours. */
const char *dv_rt_classify(uintptr_t addr, char *detail, size_t size);

#endif
