/* Fault sweeps: a program rerun with the n-th fallible call failed, for
 * n = 1, 2, ... until a run fires no fault. */
#include <stddef.h>
#include <string.h>

#include "run.h"

bool mf_sweep(const mf_program *p, uint32_t max_runs, mf_sweep_result *res)
{
	return mf_sweep_from(p, 0, max_runs, res);
}

bool mf_sweep_from(const mf_program *p, uint32_t from_op, uint32_t max_runs, mf_sweep_result *res)
{
	/* Not the verdict: it is big, and only set on a violation. */
	memset(res, 0, offsetof(mf_sweep_result, first));
	res->first.nfindings = 0;
	mf_run_options opt = {0};
	opt.override_plan = true;
	opt.fault_from_op = from_op;
	opt.plan.mode = MF_FAULT_NTH;
	for (uint32_t n = 1; n <= max_runs; n++) {
		opt.plan.nth = n;
		mf_verdict v;
		bool held = mf_run(p, &opt, &v);
		res->runs++;
		res->faults_fired += v.faults_fired;
		if (!held) {
			res->violated = true;
			res->failing_nth = v.fault_base + n;
			res->first = v;
			return false;
		}
		if (v.faults_fired == 0)
			break;
	}
	return true;
}

bool mf_sweep_all(const mf_program *p, uint32_t max_runs, const mf_run_options *base, mf_sweep_all_result *res)
{
	memset(res, 0, offsetof(mf_sweep_all_result, found));
	mf_run_options opt = base ? *base : (mf_run_options){0};
	opt.keep_going = true;
	opt.trace = NULL;
	static mf_verdict v; /* big: not on the stack */
	for (uint32_t n = opt.first_nth; n <= max_runs; n++) {
		/* Run 0 is the program as written, its own plans included. */
		opt.override_plan = n > 0;
		opt.plan = (mf_fault_plan){.mode = MF_FAULT_NTH, .nth = n};
		if (opt.where)
			opt.where->nth = n;
		mf_run(p, &opt, &v);
		res->runs++;
		res->faults_fired += v.faults_fired;
		res->known_hits += v.known_hits;
		res->dropped += v.findings_dropped;
		res->clauses |= v.clauses;
		for (uint32_t i = 0; i < v.nfindings; i++) {
			uint32_t before = res->nfound;
			if (mf_finding_merge(res->found, &res->nfound, MF_MAX_FINDINGS, &v.findings[i], &res->dropped))
				res->nth[before] = n > 0 ? v.fault_base + n : 0;
		}
		if (n > 0 && v.faults_fired == 0)
			break;
	}
	return res->nfound == 0;
}
