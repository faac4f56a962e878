/* Around each call into the core: the platform figures taken before it,
 * where the run is (for a crash report), the known crashes not to call, and
 * the trace of what failed during it. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>

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

/* Before a call into the core: say where the run is, and skip a call the
 * known list says crashes.  False: do not call. */
bool mf_about_to_call(run *r, const char *clause)
{
	mf_where *w = r->opt ? r->opt->where : NULL;
	if (w) {
		w->op_index = r->op_index;
		w->clause = clause;
		if (r->op)
			mf_script_format_op(w->op_text, sizeof(w->op_text), r->op);
		else
			snprintf(w->op_text, sizeof(w->op_text), "teardown");
	}
	if (r->skip_crashes && (mf_known_has(r->opt->known, "SANITIZER", clause) ||
				mf_known_has(r->opt->known, "CRASH", clause))) {
		r->v->known_hits++;
		TRACE(r, "#   known to crash the core (clause %s): not called\n", clause);
		return false;
	}
	return true;
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
