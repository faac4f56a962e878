/* One run of a program: core and model side by side, every invariant of
 * docs/CONTRACT.md checked after every operation (checks.c).  Checks run in
 * a fixed order, most specific first, so a broken clause is named by its own
 * ID.  By default the first violation ends the run; in keep-going mode every
 * check of an operation runs (but one that needs another to hold), every
 * distinct violation is kept and the model then follows the core
 * (docs/CONTRACT.md, "Keep-going runs"). */
#include <inttypes.h>
#include <setjmp.h>
#include <stddef.h>
#include <string.h>

#include "program/script.h"
#include "run.h"

static void do_op(run *r, const mf_op *op)
{
	switch (op->code) {
	case OP_ADAPTER: {
		int32_t type = op->bus_type;
		uint32_t number = op->bus_number;
		const mf_window_config *w = op->bus_ref ? mf_window_at(r, (uint8_t)(op->bus_ref - 1)) : NULL;
		if (w) {
			type = w->type;
			number = w->number;
		}
		int slot = model_adapter_create(&r->model, type, number);
		if (slot >= 0)
			r->handles[slot] = mf_adapter_create(type, number);
		if (slot >= 0)
			TRACE(r, "#   a%d created on bus (%" PRId32 ", %" PRIu32 "), initializing\n", slot, type, number);
		else
			TRACE(r, "#   no slot left: skipped\n");
		break;
	}
	case OP_MAP: mf_do_map(r, op); break;
	case OP_UNMAP: mf_do_unmap(r, op); break;
	case OP_ARM:
		if (!r->opt || !r->opt->override_plan)
			mf_fault_arm(&op->plan);
		break;
	case OP_TOUCH: mf_do_touch(r, op); break;
	default: mf_do_lifecycle(r, op); break;
	}
}

/* ---- a core that stops the machine, runs away, or meets a known death ---- */

static void bugchecked(run *r)
{
	const mf_bugcheck *b = mf_bugcheck_last();
	NDIS_STATUS expected;
	r->clause = mf_clause_now(r, &expected);
	r->core_pc = b->caller;
	TRACE(r, "#   the core stopped the machine: bugcheck 0x%08" PRIx32 "\n", b->code);
	mf_violated(r, "BUGCHECK", 0, expected,
		    "the core stopped the machine: bugcheck 0x%08" PRIx32 " (0x%" PRIx64 ", 0x%" PRIx64 ", 0x%" PRIx64
		    ", 0x%" PRIx64 ")",
		    b->code, b->args[0], b->args[1], b->args[2], b->args[3]);
}

/* Past MF_MAX_OP_CALLS platform calls in one operation: in a kernel the
 * loop would wipe or exhaust the page tables; here it would cost the
 * campaign its speed.  One finding at the line of the call past the bound. */
static void ran_away(run *r)
{
	const mf_runaway *x = mf_runaway_last();
	NDIS_STATUS expected;
	r->clause = mf_clause_now(r, &expected);
	r->core_pc = x->caller;
	TRACE(r, "#   the core ran away: %s past %u platform calls\n", x->function, MF_MAX_OP_CALLS);
	mf_violated(r, "SEAM-RUNAWAY", 0, expected,
		    "more than %u platform calls in one operation, the last %s: a runaway loop", MF_MAX_OP_CALLS,
		    x->function);
}

/* The core's call ended by a jump back (src/platform/bugcheck.c): the input
 * ends there, nothing is torn down or judged after it. */
static bool stopped(run *r, int why)
{
	r->stopped = true;
	if (why == MF_STOP_BUGCHECK)
		bugchecked(r);
	else if (why == MF_STOP_RUNAWAY)
		ran_away(r);
	/* MF_STOP_HARNESS: a known death's cause met, counted as a known hit */
	return false;
}

/* setjmp's value may only be switched on or compared (C11 7.13.1.1). */
#define STOPPED_BY(r, jump)                                            \
	switch (jump) {                                                \
	case 0: break;                                                 \
	case MF_STOP_BUGCHECK: return stopped((r), MF_STOP_BUGCHECK); \
	case MF_STOP_RUNAWAY: return stopped((r), MF_STOP_RUNAWAY);   \
	default: return stopped((r), MF_STOP_HARNESS);                \
	}

/* Each core call runs with a way back armed: false when the core's call
 * was stopped.  Nothing local changes after setjmp. */
static bool guarded_op(run *r, const mf_op *op)
{
	jmp_buf env;
	STOPPED_BY(r, setjmp(env));
	mf_bugcheck_arm(&env);
	do_op(r, op);
	mf_bugcheck_arm(NULL);
	return true;
}

static bool guarded_gone(run *r, int slot)
{
	jmp_buf env;
	STOPPED_BY(r, setjmp(env));
	mf_bugcheck_arm(&env);
	mf_adapter_gone(r, slot, ADAPTER_GONE_REMOVED, "life.teardown");
	mf_bugcheck_arm(NULL);
	return !r->stopped; /* a known death's cause met: not called */
}

/* What the trace shows of the platform after each operation. */
typedef struct {
	uint32_t claims, pages, ptes, pool, log, dropped, verifier;
} state_figures;

static state_figures state_now(void)
{
	return (state_figures){(uint32_t)seam_registry_count(), mf_va_pages_used(), mf_pte_used(),
			       mf_pool_blocks(), (uint32_t)mf_errlog_count(), mf_errlog_dropped(),
			       (uint32_t)mf_verifier_count()};
}

static void trace_state_change(run *r, const state_figures *before)
{
	state_figures now = state_now();
	const uint32_t *b = &before->claims, *a = &now.claims;
	static const char *const names[] = {"claims", "va pages", "ptes", "pool blocks",
					    "log", "log dropped", "verifier events"};
	char line[256];
	size_t n = 0;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (a[i] == b[i] || n >= sizeof(line))
			continue;
		n += (size_t)snprintf(line + n, sizeof(line) - n, "%s%s %u->%u", n ? ", " : "", names[i], b[i],
				      a[i]);
	}
	TRACE(r, "#   state: %s\n", n ? line : "unchanged");
}

/* Keep-going: where the model started to follow the core, for the trace
 * and the report. */
static void note_resync(run *r)
{
	if (!r->deviated || !r->keep_going)
		return;
	if (r->v->resyncs++ == 0)
		r->v->first_resync = r->op_index;
	TRACE(r, "#   keep-going: the model now follows the core's state\n");
}

bool mf_run(const mf_program *p, const mf_run_options *opt, mf_verdict *v)
{
	run r;
	/* The findings are written as they are made: only the header is cleared
	 * (the verdict is big, and this is every fuzz input's path). */
	memset(v, 0, offsetof(mf_verdict, findings));
	/* Not a whole-struct memset: model_reset sets the model, which is most
	 * of it, and the figures are taken before every operation. */
	memset(r.handles, 0, sizeof(r.handles));
	r.op = NULL;
	r.clause = NULL;
	r.core_pc = 0;
	r.deviated = false;
	r.biased = r.pool_bias_known = false;
	r.claim_digest_bias = 0;
	r.claim_count_bias = 0;
	r.pte_bias = r.va_bias = r.pool_bias = 0;
	r.nbias_extra = r.nbias_missing = 0;
	r.prog = p;
	r.opt = opt;
	r.v = v;
	r.keep_going = opt && opt->keep_going;
	if (r.keep_going) /* only keep-going rebiases; fuzzing skips the clearing */
		memset(r.share, 0, sizeof(r.share));
	r.skip_crashes = false;
	if (opt && opt->known)
		for (uint32_t i = 0; i < opt->known->n && !r.skip_crashes; i++)
			r.skip_crashes = mf_known_is_death(opt->known->e[i].invariant);
	mf_platform_reset(&p->platform);
	if (opt && opt->where)
		opt->where->fault_base = 0;
	if (mf_watching(&r))
		mf_fault_hook(mf_on_fault, &r);
	model_reset(&r.model, &p->platform);
	uint64_t initial = mf_state_digest();
	static const mf_fault_plan no_faults;
	bool deferred = opt && opt->override_plan && opt->fault_from_op > 0;
	mf_fault_arm(deferred ? &no_faults : opt && opt->override_plan ? &opt->plan : &p->plan);

	r.stopped = false;
	for (r.op_index = 0; r.op_index < p->nops && !r.stopped && (r.keep_going || !v->violated); r.op_index++) {
		if (deferred && r.op_index == opt->fault_from_op) {
			v->fault_base = mf_fault_calls();
			if (opt->where)
				opt->where->fault_base = v->fault_base;
			mf_fault_arm(&opt->plan);
		}
		r.op = &p->ops[r.op_index];
		r.deviated = false;
		r.clause = NULL;
		if (TRACING(&r)) {
			char text[128];
			mf_script_format_op(text, sizeof(text), r.op);
			TRACE(&r, "# op #%u: %s\n", r.op_index, text);
		}
		bool tracing = TRACING(&r);
		state_figures before = tracing ? state_now() : (state_figures){0};
		guarded_op(&r, r.op);
		if (tracing)
			trace_state_change(&r, &before);
		note_resync(&r);
		v->ops_run++;
		uint32_t claims = (uint32_t)seam_registry_count();
		v->max_claims = claims > v->max_claims ? claims : v->max_claims;
	}

	/* Teardown: every adapter still here is surprise-removed. */
	r.op = NULL;
	r.op_index = p->nops;
	r.deviated = false;
	if (r.stopped)
		goto figures; /* the machine is down: nothing to tear down or judge */
	bool going = r.keep_going || !v->violated;
	if (going)
		TRACE(&r, "# op #%u: teardown (every live adapter removed)\n", r.op_index);
	state_figures before = TRACING(&r) ? state_now() : (state_figures){0};
	for (int slot = 0; slot < (int)r.model.nadapters && (r.keep_going || !v->violated); slot++)
		if (model_adapter_live(&r.model, slot) && !guarded_gone(&r, slot))
			goto figures;
	if (going && TRACING(&r))
		trace_state_change(&r, &before);
	r.clause = "life.teardown";
	mf_note_clause(&r);
	if (r.keep_going || !v->violated)
		mf_teardown_clean(&r, initial);
figures:
	mf_fault_hook(NULL, NULL); /* r is gone after this */
	v->fallible_calls = mf_fault_calls();
	v->faults_fired = mf_fault_fired_total();
	return !v->violated;
}
