/* The review's deviations: one row per (invariant, clause), whatever the
 * operation kind, with the smallest case that showed it. */
#include <stdio.h>
#include <string.h>

#include "review.h"

/* The "always" invariants: a row each, whatever clause broke them. */
const char *const rv_always[] = {"REG-DISJOINT", "VA-DISJOINT", "PTE-ACCOUNT", "SEAM-MISUSE", NULL};

bool rv_is_always(const char *id)
{
	for (int i = 0; rv_always[i]; i++)
		if (strcmp(rv_always[i], id) == 0)
			return true;
	return false;
}

/* An "always" invariant is one row whatever clause broke it (the first
 * clause is kept): it is one property of the whole state. */
static rv_deviation *row(rv_table *t, const char *id, const char *clause, bool *fresh)
{
	*fresh = false;
	for (uint32_t i = 0; i < t->n; i++)
		if (strcmp(t->d[i].invariant, id) == 0 && (rv_is_always(id) || strcmp(t->d[i].clause, clause) == 0))
			return &t->d[i];
	if (t->n == RV_MAX_DEVIATIONS) {
		t->dropped++;
		return NULL;
	}
	rv_deviation *d = &t->d[t->n++];
	memset(d, 0, sizeof(*d));
	snprintf(d->invariant, sizeof(d->invariant), "%s", id);
	snprintf(d->clause, sizeof(d->clause), "%s", clause);
	d->last_case = UINT64_MAX;
	*fresh = true;
	return d;
}

/* The case as a file-ready program: its fault position becomes its plan,
 * and arm operations (ignored in that run) go. */
static void as_reproducer(const mf_program *p, uint32_t nth, mf_program *out)
{
	*out = *p;
	if (nth == 0)
		return;
	out->plan = (mf_fault_plan){.mode = MF_FAULT_NTH, .nth = nth};
	uint32_t k = 0;
	for (uint32_t i = 0; i < p->nops; i++)
		if (p->ops[i].code != OP_ARM)
			out->ops[k++] = p->ops[i];
	out->nops = k;
}

static rv_deviation *take(rv_table *t, const char *id, const char *clause, const char *phase, uint64_t case_id,
			  const mf_program *p, uint32_t nth, bool *fresh)
{
	rv_deviation *d = row(t, id, clause, fresh);
	if (!d)
		return NULL;
	if (d->last_case != case_id) {
		d->count++;
		d->last_case = case_id;
	}
	if (*fresh || p->nops < d->repro.nops) {
		as_reproducer(p, nth, &d->repro);
		if (*fresh)
			d->phase = phase;
		return d;
	}
	*fresh = false;
	return NULL; /* kept the earlier, smaller case */
}

rv_deviation *rv_table_add(rv_table *t, const mf_finding *f, const char *phase, uint64_t case_id,
			   const mf_program *p, uint32_t nth)
{
	if (mf_known_has(&t->user_known, f->invariant, f->clause))
		return NULL;
	bool fresh;
	rv_deviation *d = take(t, f->invariant, f->clause, phase, case_id, p, nth, &fresh);
	if (!d)
		return NULL;
	snprintf(d->op_text, sizeof(d->op_text), "%s", f->op_text);
	snprintf(d->detail, sizeof(d->detail), "%s", f->detail);
	d->seen = f->seen;
	d->expected = f->expected;
	/* A stopped map returned no status. */
	d->has_status = f->op_code == OP_MAP && strcmp(f->invariant, "BUGCHECK") != 0 &&
			strcmp(f->invariant, "SEAM-RUNAWAY") != 0;
	d->core_pc = f->core_pc;
	return d;
}

bool rv_table_add_death(rv_table *t, const verdict *v, const rv_death *x, const char *phase, uint64_t case_id,
			const mf_program *p)
{
	const mf_where *w = &x->where;
	const char *id = v->kind == R_SANITIZER ? "SANITIZER" : v->kind == R_TIMEOUT ? "TIMEOUT" : "CRASH";
	const char *clause = w->clause ? w->clause : "life.teardown";
	if (mf_known_has(&t->user_known, id, clause))
		return false;
	/* Not met again in this review: a later run that would meet the same
	 * cause is not made, or is stopped where it meets it. */
	bool fresh_cause = mf_known_death_index(&t->known, id, clause, w->faults) < 0;
	mf_known_add_death(&t->known, id, clause, w->faults, w->calls);
	bool fresh;
	uint32_t nth = w->nth ? w->fault_base + w->nth : 0;
	rv_deviation *d = take(t, id, clause, phase, case_id, p, nth, &fresh);
	if (!d)
		return fresh_cause;
	snprintf(d->op_text, sizeof(d->op_text), "%s", w->op_text);
	snprintf(d->sanitizer, sizeof(d->sanitizer), "%s", v->what[0] ? v->what : "signal");
	char faults[128] = "";
	for (int site = 1; site < MF_SITE_COUNT; site++)
		if (w->faults & (1u << site))
			snprintf(faults + strlen(faults), sizeof(faults) - strlen(faults), "%s%s", faults[0] ? ", " : "",
				 mf_site_name((mf_site)site));
	snprintf(d->detail, sizeof(d->detail), "the core %s at op #%u, %s%s failed in the call, after %u fallible calls",
		 v->kind == R_SANITIZER ? "tripped the sanitizer" : v->kind == R_TIMEOUT ? "hung" : "died", w->op_index,
		 faults[0] ? faults : "no fault", faults[0] ? "" : " had", w->calls);
	memset(&d->where, 0, sizeof(d->where));
	for (int i = 0; i < v->nframes; i++) {
		if (v->frames[i].core) {
			d->where = v->frames[i];
			break;
		}
	}
	d->core_pc = x->last_call;
	d->nstack = x->stack_n < RV_DEATH_FRAMES ? x->stack_n : RV_DEATH_FRAMES;
	memcpy(d->stack, x->stack, sizeof(d->stack));
	return fresh_cause;
}

static void write_known_entry(FILE *f, const mf_known *k, uint32_t i)
{
	char cause[160] = "";
	if (k->e[i].cause) {
		cause[0] = ' ';
		mf_known_format_cause(cause + 1, sizeof(cause) - 1, k->e[i].faults, k->e[i].calls);
	}
	fprintf(f, "%s %s%s\n", k->e[i].invariant, k->e[i].clause, cause);
}

bool rv_table_write_known(const rv_table *t, const char *path)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return false;
	fprintf(f, "# mapfuzz review: every deviation found so far (MAPFUZZ_KNOWN, --known)\n");
	for (uint32_t i = 0; i < t->user_known.n; i++)
		write_known_entry(f, &t->user_known, i);
	for (uint32_t i = 0; i < t->n; i++)
		if (!mf_known_is_death(t->d[i].invariant))
			fprintf(f, "%s %s\n", t->d[i].invariant, rv_is_always(t->d[i].invariant) ? "*" : t->d[i].clause);
	/* A death is known by its cause, not its clause: the campaign skips
	 * only the calls that would meet it again.  t->known starts as a copy
	 * of user_known. */
	for (uint32_t i = t->user_known.n; i < t->known.n; i++)
		write_known_entry(f, &t->known, i);
	return fclose(f) == 0;
}
