/* fuzz_driver: the fuzz target of one miniport driver (issue 23,
 * docs/DRIVERS.md "Fuzzing a driver").  Built per driver by the Makefile
 * (make fuzz-driver DRIVER=dir): the driver's files, traced; the kit, the
 * runner, the platform and the renamed reference core, untraced.  An input
 * is a driver program in its byte form (docs/FORMAT.md), run as the review
 * runs one program: fresh static data, a fresh kit, the operations, the
 * caller contract checked after each.  A deviation that is not on the known
 * list (MAPFUZZ_KNOWN, "ID clause" lines as for fuzz_map) is printed, one
 * line per row with the driver's line, and the input aborts: a crash for
 * the engine.  Warnings never do.  ASan/UBSan reports in the driver are the
 * sanitizers' own deaths; an ASan report on a mapping's tail or guard is
 * printed as the caller's row, and rows the input showed before it died
 * are printed with it.  The engine grows inputs on driver_signal.c's edges
 * and mutates them with driver_mutator.c as well as its own mutations.
 *
 * Two tool modes, with one input file (text or bytes) as the last argument,
 * for scripts/driver_triage.py and the campaign's seeds:
 *   MAPFUZZ_DRIVER_MINIMIZE=OUT [MAPFUZZ_DRIVER_ROW="ID clause"]: the program
 *     is reduced (operations, the fault plan, devices, resources,
 *     registers, reads, registry, configuration words) while it still shows
 *     that row (default: its first new one), and written to OUT (text) and
 *     OUT.bin (bytes);
 *   MAPFUZZ_DRIVER_CONVERT=OUT: the program's bytes to OUT, its text on
 *     stdout. */
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "driver/runner.h"
#include "driver_mutator.h"
#include "fuzz_driver.h"
#include "oracle/known.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FD_ASAN 1
#endif
#if __has_feature(address_sanitizer) || __has_feature(undefined_behavior_sanitizer)
#define FD_SANITIZER 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define FD_ASAN 1
#define FD_SANITIZER 1
#endif
#ifdef FD_SANITIZER
/* (The runner's run.c sets ASan's options: it takes SIGSEGV itself.) */
#include <sanitizer/common_interface_defs.h>
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static mf_known known;
/* Inputs run in this process: the bench's executions to detection, which do
 * not depend on the machine's load. */
static uint64_t inputs;

static void print_row(FILE *out, const dv_finding *f);
static bool is_new(const dv_finding *f);
static dv_where where_now;
static dv_result result; /* the current input's, filled as it runs */

#ifdef FD_ASAN
#include <sanitizer/asan_interface.h>
/* ASan's hook, called as a report starts (libFuzzer owns the death
 * callback, which writes the crash input).  A report on a mapping's
 * poisoned tail or a guard is the caller's row (CALL-ACCESS-RANGE,
 * CALL-NULL-VA), as review --driver classifies it. */
void __asan_on_error(void);
void __asan_on_error(void)
{
	fprintf(stderr, "fuzz_driver: died at input #%llu\n", (unsigned long long)inputs);
	/* The rows this input showed before it died (an initialize that
	 * returned SUCCESS after freeing its adapter, then a halt that uses it):
	 * the cause, the death its consequence. */
	for (uint32_t i = 0; i < result.nfindings; i++)
		if (result.f[i].clause < DV_CL_COUNT && is_new(&result.f[i]))
			print_row(stderr, &result.f[i]);
	uintptr_t addr = (uintptr_t)__asan_get_report_address();
	char detail[DV_DETAIL];
	const char *id = addr ? dv_rt_classify(addr, detail, sizeof(detail)) : NULL;
	if (!id)
		return;
	dv_finding f = {.id = id, .clause = where_now.clause < DV_CL_COUNT ? where_now.clause : DV_CL_INIT,
			.op_index = where_now.op_index, .pc = (uintptr_t)__asan_get_report_pc(), .pc_exact = true};
	snprintf(f.detail, sizeof(f.detail), "%s (raw access)", detail);
	print_row(stderr, &f);
}
#endif

static bool is_new(const dv_finding *f)
{
	return !f->warning && !mf_known_has(&known, f->id, dv_clause_keys[f->clause]);
}

/* The driver's line, file:line in function, when a symbolizer is there. */
static void line_of(const dv_finding *f, char *out, size_t size)
{
	snprintf(out, size, "?");
	if (!f->pc)
		return;
#ifdef FD_SANITIZER
	void *pc = (void *)(f->pc - (f->pc_exact ? 0 : 1));
	__sanitizer_symbolize_pc(pc, "%s:%l in %f", out, size);
#endif
}

static void print_row(FILE *out, const dv_finding *f)
{
	char where[512];
	line_of(f, where, sizeof(where));
	fprintf(out, "mapfuzz-driver: %s violated at op #%u -- %s (clause %s) [pc +0x%" PRIxPTR "] at %s\n", f->id,
		f->op_index, f->detail, dv_clause_keys[f->clause],
		f->pc ? f->pc - dv_image_base - (f->pc_exact ? 0 : 1) : 0, where);
}

static bool shows(const dv_result *r, const char *id, uint8_t clause)
{
	for (uint32_t i = 0; i < r->nfindings; i++)
		if (r->f[i].id == id && r->f[i].clause == clause && !r->f[i].warning)
			return true;
	return false;
}

/* ---- the minimiser: one edit at a time, kept while the row stays ---- */

static dv_result mres;

static bool still(const dv_program *p, const char *id, uint8_t clause)
{
	dv_run(p, NULL, &mres);
	return shows(&mres, id, clause);
}

/* Removes element i of an array of n elements of size sz. */
static void drop(void *base, uint32_t *n, uint32_t i, size_t sz)
{
	char *b = base;
	memmove(b + i * sz, b + (i + 1) * sz, (*n - i - 1) * sz);
	(*n)--;
}

/* Drops one element of p->arr at a time (from the last), keeping each drop
 * that still shows the row. */
#define TRY_DROP(arr, cnt)                                                                                             \
	for (uint32_t i_ = p->cnt; i_-- > 0;) {                                                                        \
		t = *p;                                                                                                \
		drop(t.arr, &t.cnt, i_, sizeof(t.arr[0]));                                                             \
		if (still(&t, id, clause))                                                                             \
			*p = t, changed = true;                                                                        \
	}

static void minimise(dv_program *p, const char *id, uint8_t clause)
{
	static dv_program t;
	for (bool changed = true; changed;) {
		changed = false;
		/* Any operation, from the last. */
		TRY_DROP(ops, nops)
		if (p->fault.n2) {
			t = *p;
			t.fault.n2 = 0;
			if (still(&t, id, clause))
				*p = t, changed = true;
		}
		if (p->fault.mode != DV_FAULT_NONE) {
			t = *p;
			t.fault = (dv_fault){0};
			if (still(&t, id, clause))
				*p = t, changed = true;
		}
		for (uint32_t d = p->ndevices; d-- > 0;) {
			/* A device the operations do not name goes; else its parts. */
			bool named = false;
			for (uint32_t k = 0; k < p->nops; k++)
				named |= p->ops[k].adapter == d && p->ops[k].code != DV_OP_ENTRY && p->ops[k].code != DV_OP_UNLOAD;
			if (!named && d + 1 == p->ndevices) {
				t = *p;
				t.ndevices--;
				if (still(&t, id, clause)) {
					*p = t, changed = true;
					continue;
				}
			}
			TRY_DROP(dev[d].reads, dev[d].nreads)
			TRY_DROP(dev[d].afters, dev[d].nafters)
			TRY_DROP(dev[d].regs, dev[d].nregs)
			TRY_DROP(dev[d].registry, dev[d].nregistry)
			TRY_DROP(dev[d].config, dev[d].nconfig)
			TRY_DROP(dev[d].res, dev[d].nres)
			if (p->dev[d].has_mac) {
				t = *p;
				t.dev[d].has_mac = false;
				if (still(&t, id, clause))
					*p = t, changed = true;
			}
		}
	}
}

static int convert_file(const char *out, const char *in)
{
	static dv_program p;
	char err[300];
	if (!dv_load_file(in, &p, err, sizeof(err)))
		return fprintf(stderr, "fuzz_driver: %s\n", err), 2;
	static uint8_t buf[1 << 16];
	size_t n = dv_encode(&p, buf, sizeof(buf));
	FILE *f = fopen(out, "wb");
	if (!f || n > sizeof(buf) || fwrite(buf, 1, n, f) != n || fclose(f) != 0)
		return fprintf(stderr, "fuzz_driver: cannot write %s\n", out), 2;
	dv_write_text(stdout, &p);
	return 0;
}

static int minimise_file(const char *out, const char *in)
{
	static dv_program p;
	char err[300];
	if (!dv_load_file(in, &p, err, sizeof(err)))
		return fprintf(stderr, "fuzz_driver: %s\n", err), 2;
	static dv_result r;
	dv_run(&p, NULL, &r);
	const dv_finding *first = NULL;
	const char *want = getenv("MAPFUZZ_DRIVER_ROW");
	for (uint32_t i = 0; i < r.nfindings && !first; i++) {
		char row[96];
		snprintf(row, sizeof(row), "%s %s", r.f[i].id, dv_clause_keys[r.f[i].clause]);
		if (!r.f[i].warning && (want && *want ? strcmp(row, want) == 0 : is_new(&r.f[i])))
			first = &r.f[i];
	}
	if (!first)
		return fprintf(stderr, "fuzz_driver: %s shows no %s to minimise\n", in, want && *want ? want : "new row"), 1;
	const char *id = first->id;
	uint8_t clause = first->clause;
	minimise(&p, id, clause);
	char path[4096];
	snprintf(path, sizeof(path), "%s", out);
	FILE *f = fopen(path, "w");
	if (!f)
		return fprintf(stderr, "fuzz_driver: cannot write %s\n", path), 2;
	fprintf(f, "# expect: %s %s\n# minimised by fuzz_driver from %s\n", id, dv_clause_keys[clause], in);
	dv_write_text(f, &p);
	if (fclose(f) != 0)
		return 2;
	static uint8_t buf[1 << 16];
	size_t n = dv_encode(&p, buf, sizeof(buf));
	snprintf(path, sizeof(path), "%s.bin", out);
	f = fopen(path, "wb");
	if (!f || n > sizeof(buf) || fwrite(buf, 1, n, f) != n || fclose(f) != 0)
		return fprintf(stderr, "fuzz_driver: cannot write %s\n", path), 2;
	printf("fuzz_driver: %s %s minimised to %u operation%s -> %s\n", id, dv_clause_keys[clause], p.nops,
	       p.nops == 1 ? "" : "s", out);
	return 0;
}

/* ---- the target ---- */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	/* Before any driver code runs: the image base and the static data
	 * every input starts from. */
	dv_runner_init();
	const char *path = getenv("MAPFUZZ_KNOWN");
	if (path && *path) {
		FILE *f = fopen(path, "rb");
		static char text[1 << 16];
		size_t n = f ? fread(text, 1, sizeof(text), f) : 0;
		char err[300];
		if (!f || !mf_known_parse(text, n, &known, err, sizeof(err))) {
			fprintf(stderr, "fuzz_driver: MAPFUZZ_KNOWN: %s: %s\n", path, f ? err : "cannot read");
			exit(2);
		}
		fclose(f);
	}
	const char *mini = getenv("MAPFUZZ_DRIVER_MINIMIZE"), *conv = getenv("MAPFUZZ_DRIVER_CONVERT");
	if ((mini && *mini) || (conv && *conv)) {
		const char *in = argc && *argc > 1 ? (*argv)[*argc - 1] : NULL;
		int rc = !in ? (fprintf(stderr, "fuzz_driver: MAPFUZZ_DRIVER_MINIMIZE/CONVERT need one input file\n"), 2)
		       : mini && *mini ? minimise_file(mini, in) : convert_file(conv, in);
		fflush(NULL);
		_exit(rc);
	}
	return 0;
}

/* The registers the driver reads, over every run so far: the structural
 * mutator's hints (driver_mutator.h). */
static void remember_polls(void)
{
	static dv_poll all[DV_MAX_POLLED];
	static uint32_t nall;
	uint32_t n;
	const dv_poll *p = dv_rt_polled(&n);
	bool changed = false;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t k = 0;
		while (k < nall && !(all[k].adapter == p[i].adapter && all[k].res == p[i].res && all[k].offset == p[i].offset))
			k++;
		if (k == nall && nall < DV_MAX_POLLED)
			all[nall++] = p[i], changed = true;
		else if (k < nall && p[i].count > all[k].count)
			all[k].count = p[i].count, changed = true;
	}
	if (!changed)
		return;
	fd_mutator_hints(all, nall);
	/* For a mutator in another process (afl-fuzz's driver_mutator.so). */
	const char *path = getenv("MAPFUZZ_DRIVER_HINTS");
	if (path && *path) {
		char tmp[4096];
		snprintf(tmp, sizeof(tmp), "%s.%ld", path, (long)getpid());
		FILE *f = fopen(tmp, "wb");
		if (!f)
			return;
		bool ok = fwrite(all, sizeof(dv_poll), nall, f) == nall;
		if (fclose(f) == 0 && ok)
			rename(tmp, path);
		else
			remove(tmp);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static dv_program p;
	inputs++;
	dv_decode(data, size, &p);
	dv_options o = {.where = &where_now};
	/* The runner takes SIGALRM on its first run (review's watchdog names the
	 * driver's pc); libFuzzer's -timeout runs on SIGALRM too: it keeps it. */
	static bool first = true;
	struct sigaction alrm;
	if (first)
		sigaction(SIGALRM, NULL, &alrm);
	dv_run(&p, &o, &result);
	if (first)
		sigaction(SIGALRM, &alrm, NULL), first = false;
	fd_signal(&p, &result);
	remember_polls();
	bool any = false;
	for (uint32_t i = 0; i < result.nfindings; i++)
		any |= is_new(&result.f[i]);
	if (!any)
		return 0;
	fprintf(stderr, "fuzz_driver: new rows at input #%llu\n", (unsigned long long)inputs);
	for (uint32_t i = 0; i < result.nfindings; i++)
		if (is_new(&result.f[i]))
			print_row(stderr, &result.f[i]);
	fflush(stderr);
	abort();
}

/* libFuzzer's own mutator; weak, because the AFL++ build has none. */
size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size) __attribute__((weak));
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed);

/* One mutation in three is structural (driver_mutator.h), the rest
 * libFuzzer's (which also uses what the driver compares, -use_cmp). */
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed)
{
	if (seed % 3 == 0) {
		size_t n = fd_mutate_structure(data, size, max_size, seed);
		if (n)
			return n;
	}
	return LLVMFuzzerMutate ? LLVMFuzzerMutate(data, size, max_size) : size;
}
