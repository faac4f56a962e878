/* Fault sweeps from an operation on (mf_sweep_from, what prove's R2 runs):
 * no call before that operation fails, every call from it on is failed in
 * turn, and the reported position counts from the start of the run, so
 * that a plan of `nth` that position replays the same run.  And the
 * platform classes of prove all assemble and start from a state where
 * every set-up map succeeds (mf_enum_class_program aborts otherwise). */
#define _POSIX_C_SOURCE 200809L /* open_memstream */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oracle/harness.h"
#include "program/script.h"
#include "prove/enumerate.h"
#include "tally.h"

static const char program_text[] = "vspace 64\n"
				   "pool 4096\n"
				   "limit pci 1\n"
				   "window pci 0 mem 0xf0000000 0x10000 0xe0000000\n"
				   "adapter pci 0\n"
				   "map a0 win0.start 0x3000\n"
				   "map a0 win0.start+8p 0x2000\n";

static void parse(const char *text, mf_program *p)
{
	char err[256];
	int rc = mf_script_parse(text, strlen(text), p, err, sizeof(err));
	check(rc == 0, "the fixture assembles: %s", err);
}

/* The run's trace, as text (the caller frees it). */
static char *trace_of(const mf_program *p, const mf_run_options *base, mf_verdict *v)
{
	char *text = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&text, &size);
	if (!f)
		abort();
	mf_run_options opt = *base;
	opt.trace = f;
	mf_run(p, &opt, v);
	fclose(f);
	return text;
}

static void test_sweep_from(void)
{
	mf_program p;
	parse(program_text, &p);
	mf_program first_map = p;
	first_map.nops = 2; /* the adapter and the first map */
	mf_verdict v;
	mf_run(&first_map, NULL, &v);
	uint32_t before = v.fallible_calls;
	mf_run(&p, NULL, &v);
	uint32_t all = v.fallible_calls;
	check(before > 0 && all > before, "both maps make fallible calls (%u, then %u in all)", before, all);

	mf_sweep_result whole, last;
	check(mf_sweep(&p, 1000, &whole), "the reference core holds under the whole sweep");
	check(mf_sweep_from(&p, 2, 1000, &last), "... and under the sweep of the last map");
	/* One run per call failed, and the fault-free one. */
	check(whole.runs == all + 1, "the whole sweep makes %u runs, not %u", whole.runs, all + 1);
	check(last.runs == all - before + 1, "the last map's sweep makes %u runs, not %u", last.runs,
	      all - before + 1);

	/* A deferred plan: nothing fails before op #2, then its 1st call does;
	 * the same run as a plain plan of nth before + 1. */
	for (uint32_t n = 1; n <= all - before; n++) {
		mf_run_options deferred = {.override_plan = true,
					   .plan = {.mode = MF_FAULT_NTH, .nth = n},
					   .fault_from_op = 2};
		mf_run_options plain = {.override_plan = true,
					.plan = {.mode = MF_FAULT_NTH, .nth = before + n}};
		mf_verdict vd, vp;
		char *td = trace_of(&p, &deferred, &vd);
		char *tp = trace_of(&p, &plain, &vp);
		check(vd.fault_base == before, "fault_base is %u, the calls before op #2 are %u", vd.fault_base, before);
		check(vd.faults_fired == 1 && vp.faults_fired == 1, "one fault fires (%u, %u) at n = %u",
		      vd.faults_fired, vp.faults_fired, n);
		check(strcmp(td, tp) == 0, "deferred nth %u and plain nth %u give one trace", n, before + n);
		free(td);
		free(tp);
	}
}

static void test_classes(void)
{
	check(mf_enum_nclasses >= 14, "prove has %u platform classes", mf_enum_nclasses);
	for (uint32_t k = 0; k < mf_enum_nclasses; k++) {
		const mf_enum_class *c = &mf_enum_classes[k];
		mf_program p;
		mf_enum_class_program(c, &p);
		uint32_t adapters = 0;
		while (adapters < p.nops && p.ops[adapters].code == OP_ADAPTER)
			adapters++;
		check(adapters > 0 && p.nops == adapters + c->fill, "class %s: %u adapters, %u set-up maps", c->name,
		      adapters, p.nops - adapters);
		mf_verdict v;
		check(mf_run(&p, NULL, &v), "class %s: its start holds on the reference core", c->name);
		check(v.max_claims == c->fill, "class %s: %u live claims after the set-up, not %u", c->name,
		      v.max_claims, c->fill);
		check(p.platform.nwindows > 0, "class %s has windows", c->name);
	}
}

int main(void)
{
	test_sweep_from();
	test_classes();
	return tally_report();
}
