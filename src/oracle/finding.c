/* Findings: how a violation is recorded, merged and printed.  A finding's
 * key is (invariant, clause, operation kind), docs/CONTRACT.md. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "program/script.h"
#include "run.h"

static uint8_t op_kind(const run *r)
{
	return r->op ? r->op->code : (uint8_t)OP_COUNT;
}

static bool same_key(const mf_finding *f, const char *id, const char *clause, uint8_t kind)
{
	return strcmp(f->invariant, id) == 0 && strcmp(f->clause, clause) == 0 && f->op_code == kind;
}

bool mf_finding_merge(mf_finding *set, uint32_t *n, uint32_t cap, const mf_finding *x, uint32_t *dropped)
{
	for (uint32_t i = 0; i < *n; i++) {
		if (same_key(&set[i], x->invariant, x->clause, x->op_code)) {
			set[i].count += x->count;
			return false;
		}
	}
	if (*n == cap) {
		(*dropped)++;
		return false;
	}
	set[(*n)++] = *x;
	return true;
}

bool mf_violated(run *r, const char *id, NDIS_STATUS seen, NDIS_STATUS expected, const char *fmt, ...)
{
	mf_verdict *v = r->v;
	const char *clause = r->clause ? r->clause : "?";
	r->deviated = true;
	if (!r->keep_going && v->violated)
		return false;
	if (r->keep_going) {
		if (r->opt->known && mf_known_has(r->opt->known, id, clause)) {
			v->known_hits++;
			return false;
		}
		for (uint32_t i = 0; i < v->nfindings; i++) {
			if (same_key(&v->findings[i], id, clause, op_kind(r))) {
				v->findings[i].count++;
				return false;
			}
		}
	}
	mf_finding *f = v->nfindings < MF_MAX_FINDINGS ? &v->findings[v->nfindings++] : NULL;
	if (!f) {
		v->findings_dropped++;
		return false;
	}
	v->violated = true;
	f->invariant = id;
	f->clause = clause;
	f->op_code = op_kind(r);
	f->op_index = r->op_index;
	f->count = 1;
	f->core_pc = r->core_pc;
	if (r->op)
		mf_script_format_op(f->op_text, sizeof(f->op_text), r->op);
	else
		snprintf(f->op_text, sizeof(f->op_text), "teardown");
	f->seen = seen;
	f->expected = expected;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(f->detail, sizeof(f->detail), fmt, ap);
	va_end(ap);
	return false;
}

const mf_finding *mf_verdict_first(const mf_verdict *v)
{
	return v->nfindings ? &v->findings[0] : NULL;
}

size_t mf_finding_format(char *buf, size_t size, const mf_finding *x)
{
	int n = snprintf(buf, size,
			 "mapfuzz: %s violated at op #%u (%s): status 0x%08" PRIx32 ", expected 0x%08" PRIx32
			 " -- %s (clause %s)",
			 x->invariant, x->op_index, x->op_text, (uint32_t)x->seen, (uint32_t)x->expected, x->detail,
			 x->clause ? x->clause : "?");
	return n < 0 ? 0 : (size_t)n;
}

void mf_finding_print(FILE *f, const mf_finding *x)
{
	char line[640];
	mf_finding_format(line, sizeof(line), x);
	fprintf(f, "%s\n", line);
}

void mf_verdict_print(FILE *f, const mf_verdict *v)
{
	for (uint32_t i = 0; i < v->nfindings; i++)
		mf_finding_print(f, &v->findings[i]);
}
