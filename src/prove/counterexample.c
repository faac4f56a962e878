/* The counterexample of a failing proof: fetched by its index, minimised
 * while the same invariant still breaks, printed as a script that replays
 * from one file. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "oracle/harness.h"
#include "program/script.h"
#include "prove.h"

typedef struct {
	uint64_t lo, hi; /* inclusive */
	uint64_t runs;
	mf_program found;
	bool have;
} range_ctx;

static bool range_visit(void *ctx, uint64_t index, const mf_program *p, uint32_t fixed)
{
	range_ctx *r = ctx;
	if (index < r->lo)
		return true;
	if (index > r->hi)
		return false;
	if (index == r->hi) {
		r->found = *p;
		r->have = true;
	}
	mf_sweep_result res;
	prove_sweep(p, fixed, &res);
	r->runs += res.runs;
	return true;
}

static bool fetch_visit(void *ctx, uint64_t index, const mf_program *p, uint32_t fixed)
{
	(void)fixed;
	range_ctx *r = ctx;
	if (index < r->lo)
		return true;
	r->found = *p;
	r->have = true;
	return false;
}

static bool fails_with(const mf_program *p, const char *id, mf_sweep_result *res)
{
	return !mf_sweep(p, MAX_SWEEP_RUNS, res) && strcmp(res->first.findings[0].invariant, id) == 0;
}

/* Greedy: drop one operation at a time, last first, while the sweep still
 * breaks the same invariant; repeat until nothing can go. */
static void minimise(mf_program *p, const char *id)
{
	bool changed = true;
	while (changed) {
		changed = false;
		for (uint32_t i = p->nops; i-- > 0;) {
			mf_program c = *p;
			memmove(&c.ops[i], &c.ops[i + 1], (c.nops - i - 1) * sizeof(mf_op));
			c.nops--;
			mf_sweep_result res;
			if (fails_with(&c, id, &res)) {
				*p = c;
				changed = true;
			}
		}
	}
}

/* The counterexample as a file-ready program: its own plan fails the Nth
 * call (none when it fails without a fault). */
static void reproducer(mf_program *p, const char *id, mf_verdict *v)
{
	mf_program c = *p;
	c.plan = (mf_fault_plan){0};
	if (!mf_run(&c, NULL, v) && strcmp(v->findings[0].invariant, id) == 0) {
		*p = c;
		return;
	}
	mf_sweep_result res;
	mf_sweep(p, MAX_SWEEP_RUNS, &res);
	p->plan = (mf_fault_plan){.mode = MF_FAULT_NTH, .nth = res.failing_nth};
	mf_run(p, NULL, v);
}

/* Minimises program #index (which fails) and prints it with its verdict. */
int prove_report_counterexample(const mf_program *found, uint64_t fail)
{
	mf_program p = *found;
	mf_sweep_result res;
	mf_sweep(&p, MAX_SWEEP_RUNS, &res);
	const char *id = res.first.findings[0].invariant;
	uint32_t before = p.nops;
	minimise(&p, id);
	mf_verdict v;
	reproducer(&p, id, &v);
	printf("counterexample: program #%" PRIu64 " (fail_nth %u), minimised from %u to %u operations:\n", fail,
	       res.failing_nth, before, p.nops);
	mf_script_write(stdout, &p);
	mf_verdict_print(stdout, &v);
	prove_write_reproducer(&p);
	return 1;
}

bool prove_fetch(const mf_enum_scope *scope, uint64_t index, mf_program *p)
{
	static range_ctx r;
	r = (range_ctx){.lo = index};
	mf_enum_walk(scope, fetch_visit, &r, NULL);
	if (r.have)
		*p = r.found;
	return r.have;
}

/* Beside the binary that ran the proof: out/cores/<name>/ for --core. */
void prove_write_reproducer(const mf_program *p)
{
	char self[4096], path[4200];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n <= 0)
		return;
	self[n] = '\0';
	char *slash = strrchr(self, '/');
	if (slash)
		*slash = '\0';
	snprintf(path, sizeof(path), "%s/prove-counterexample.mfs", self);
	FILE *f = fopen(path, "w");
	if (!f)
		return (void)fprintf(stderr, "mapfuzz: prove: cannot write %s: %s\n", path, strerror(errno));
	mf_script_write(f, p);
	if (fclose(f) != 0)
		return (void)fprintf(stderr, "mapfuzz: prove: cannot write %s: %s\n", path, strerror(errno));
	printf("reproducer: %s (mapfuzz replay %s)\n", path, path);
}

/* Program #index fails: fetch it, minimise it, print it. */
int prove_report_failure(const mf_enum_scope *scope, uint64_t index)
{
	mf_program p;
	if (!prove_fetch(scope, index, &p))
		return fprintf(stderr, "mapfuzz: program #%" PRIu64 " is not in the scope\n", index), 2;
	return prove_report_counterexample(&p, index);
}

uint64_t prove_runs_through(const mf_enum_scope *scope, const prove_walk_result *w, uint64_t fail,
			    mf_program *found)
{
	uint64_t runs = 0;
	for (uint64_t k = 0; k < fail / BUCKET && k < w->nbuckets; k++)
		runs += w->buckets[k];
	range_ctx part = {.lo = fail / BUCKET * BUCKET, .hi = fail};
	mf_enum_walk(scope, range_visit, &part, NULL);
	*found = part.found;
	return runs + part.runs;
}
