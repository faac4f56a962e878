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
	d->has_status = f->op_code == OP_MAP && strcmp(f->invariant, "BUGCHECK") != 0;
	d->core_pc = f->core_pc;
	return d;
}

rv_deviation *rv_table_add_death(rv_table *t, const verdict *v, const mf_where *w, const char *phase,
				 uint64_t case_id, const mf_program *p, uint32_t nth)
{
	const char *id = v->kind == R_SANITIZER ? "SANITIZER" : v->kind == R_TIMEOUT ? "TIMEOUT" : "CRASH";
	const char *clause = w->clause ? w->clause : "life.teardown";
	if (mf_known_has(&t->user_known, id, clause))
		return NULL;
	/* Not made again in this review: every later case skips the call. */
	if (!mf_known_has(&t->known, id, clause) && t->known.n < MF_MAX_KNOWN) {
		snprintf(t->known.e[t->known.n].invariant, MF_KNOWN_WORD, "%s", id);
		snprintf(t->known.e[t->known.n].clause, MF_KNOWN_WORD, "%s", clause);
		t->known.n++;
	}
	bool fresh;
	rv_deviation *d = take(t, id, clause, phase, case_id, p, nth, &fresh);
	if (!d)
		return NULL;
	snprintf(d->op_text, sizeof(d->op_text), "%s", w->op_text);
	snprintf(d->sanitizer, sizeof(d->sanitizer), "%s", v->what[0] ? v->what : "signal");
	snprintf(d->detail, sizeof(d->detail), "the core %s at op #%u", v->kind == R_SANITIZER ? "tripped the sanitizer" : "died",
		 w->op_index);
	for (int i = 0; i < v->nframes; i++) {
		if (v->frames[i].core) {
			d->where = v->frames[i];
			return d;
		}
	}
	return d;
}

bool rv_table_write_known(const rv_table *t, const char *path)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return false;
	fprintf(f, "# mapfuzz review: every deviation found so far (MAPFUZZ_KNOWN, --known)\n");
	for (uint32_t i = 0; i < t->user_known.n; i++)
		fprintf(f, "%s %s\n", t->user_known.e[i].invariant, t->user_known.e[i].clause);
	for (uint32_t i = 0; i < t->n; i++)
		fprintf(f, "%s %s\n", t->d[i].invariant, rv_is_always(t->d[i].invariant) ? "*" : t->d[i].clause);
	return fclose(f) == 0;
}
