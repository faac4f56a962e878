/* Around each call into the core: the platform figures taken before it,
 * where the run is (for a crash report), the known crashes not to call, and
 * the trace of what failed during it. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "program/script.h"
#include "run.h"

void mf_trace_out(run *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vfprintf(r->opt->trace, fmt, ap);
	va_end(ap);
}

void mf_take_figures(run *r)
{
	r->digest = mf_state_digest();
	r->log_count = mf_errlog_count();
	r->verifier_count = mf_verifier_count();
	r->dropped = mf_errlog_dropped();
	r->misuses = mf_misuse_count();
	r->calls = mf_fault_calls();
	r->claims = seam_registry_count();
	/* For a detail only (what a call that should change nothing changed):
	 * the rest of the state the model knows. */
	r->pool_blocks = mf_pool_blocks();
	mf_fault_op_begin();
}

/* Which sites failed during this call, injected or for real. */
void mf_trace_faults(run *r)
{
	if (!TRACING(r))
		return;
	uint32_t masks[2] = {mf_fault_fired_mask(), mf_fault_natural_mask()};
	static const char *const how[2] = {"injected", "ran out"};
	for (int k = 0; k < 2; k++)
		for (int site = 1; site < MF_SITE_COUNT; site++)
			if (masks[k] & (1u << site))
				TRACE(r, "#   fault: %s %s\n", mf_site_name((mf_site)site), how[k]);
}

const char *mf_clause_now(const run *r, NDIS_STATUS *expected)
{
	*expected = 0;
	if (r->clause || !r->op || r->op->code != OP_MAP)
		return r->clause ? r->clause : "life.teardown";
	const mf_op *op = r->op;
	uint64_t pa = mf_resolve_addr(r, &op->addr);
	model_map_expect e = model_map(&r->model, mf_slot_of(r, op->aref), op->flags & MAP_NULL_OUT, pa,
				       mf_resolve_len(r, &op->len, pa), mf_fault_fired_mask(), mf_fault_natural_mask());
	*expected = e.status;
	return e.clause;
}

static bool clause_is(const mf_known *k, uint32_t i, const char *clause)
{
	return strcmp(k->e[i].clause, "*") == 0 || strcmp(k->e[i].clause, clause) == 0;
}

/* A known death whose cause this call meets before it starts: its clause,
 * no faults, and none due before the death point.  A cause with faults is
 * met only as they fail (mf_on_fault). */
static bool death_ahead(const run *r, const char *clause)
{
	const mf_known *k = r->opt->known;
	for (uint32_t i = 0; i < k->n; i++) {
		if (!mf_known_is_death(k->e[i].invariant) || !clause_is(k, i, clause))
			continue;
		if (!k->e[i].cause || (k->e[i].faults == 0 && !mf_fault_may_fire_within(k->e[i].calls)))
			return true;
	}
	return false;
}

/* Before a call into the core: say where the run is, and skip a call the
 * known list says dies.  False: do not call. */
bool mf_about_to_call(run *r, const char *clause)
{
	mf_where *w = r->opt ? r->opt->where : NULL;
	if (w) {
		w->op_index = r->op_index;
		w->clause = clause;
		w->faults = 0;
		w->calls = 0;
		if (r->op)
			mf_script_format_op(w->op_text, sizeof(w->op_text), r->op);
		else
			snprintf(w->op_text, sizeof(w->op_text), "teardown");
	}
	if (r->skip_crashes && death_ahead(r, clause)) {
		r->v->known_hits++;
		TRACE(r, "#   known to kill the core (clause %s): not called\n", clause);
		return false;
	}
	return true;
}

void mf_on_fault(void *run_ctx, bool failed)
{
	run *r = run_ctx;
	mf_where *w = r->opt ? r->opt->where : NULL;
	if (w)
		w->calls = mf_fault_calls() - r->calls;
	if (!failed)
		return;
	uint32_t faults = mf_fault_fired_mask() | mf_fault_natural_mask();
	NDIS_STATUS expected;
	const char *clause = mf_clause_now(r, &expected);
	if (w) {
		w->faults = faults;
		w->clause = clause;
	}
	if (!r->skip_crashes)
		return;
	const mf_known *k = r->opt->known;
	for (uint32_t i = 0; i < k->n; i++) {
		if (mf_known_is_death(k->e[i].invariant) && k->e[i].cause && k->e[i].faults &&
		    (k->e[i].faults & ~faults) == 0 && clause_is(k, i, clause)) {
			r->v->known_hits++;
			TRACE(r, "#   known to kill the core (clause %s after a fault): stopped\n", clause);
			mf_stop_core(); /* does not return when the call is guarded */
			return;
		}
	}
}

bool mf_watching(const run *r)
{
	return r->skip_crashes || (r->opt && r->opt->where);
}

void mf_note_clause(run *r)
{
	if (!r->opt || !r->opt->clauses)
		return;
	int k = mf_clause_index(r->clause);
	if (k >= 0)
		r->v->clauses |= (uint64_t)1 << k;
}
