/* The checks several operations share, each under its ID of
 * docs/CONTRACT.md.  In keep-going mode they compare against the model plus
 * the bias of what was already reported (run.h).  A detail names what
 * differs: the count when the counts differ, else the claim, event or
 * figure that does. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "run.h"

enum { DETAIL = 240 }; /* within mf_finding.detail */

bool mf_status_known(NDIS_STATUS s)
{
	return s == NDIS_STATUS_SUCCESS || s == NDIS_STATUS_FAILURE || s == NDIS_STATUS_RESOURCES ||
	       s == NDIS_STATUS_RESOURCE_CONFLICT;
}

const char *mf_owner_name(const run *r, NDIS_HANDLE h)
{
	static const char *const names[] = {"a0", "a1", "a2", "a3"};
	_Static_assert(sizeof(names) / sizeof(names[0]) == MF_MAX_ADAPTERS, "a name per adapter");
	if (!h)
		return "NULL";
	for (uint32_t i = 0; i < r->model.nadapters && i < MF_MAX_ADAPTERS; i++)
		if (r->handles[i] == h)
			return names[i];
	/* Never the pointer: it differs from process to process. */
	return "not an adapter";
}

/* Verifier events of this operation against the expected list, as multisets. */
bool mf_verifier_matches(const run *r, const mf_verifier_event *want, size_t nwant, bool match_details)
{
	size_t have = mf_verifier_count() - r->verifier_count;
	if (have != nwant)
		return false;
	if (have == 0)
		return true;
	bool used[MF_MAX_OPS + 1] = {false};
	for (size_t i = 0; i < have; i++) {
		const mf_verifier_event *ev = mf_verifier_at(r->verifier_count + i);
		bool found = false;
		for (size_t j = 0; ev && j < nwant && !found; j++) {
			if (used[j] || want[j].kind != ev->kind || want[j].adapter != ev->adapter)
				continue;
			if (match_details && (want[j].a != ev->a || want[j].b != ev->b))
				continue;
			found = used[j] = true;
		}
		if (!found)
			return false;
	}
	return true;
}

static const char *event_kind(SEAM_VERIFIER_KIND k)
{
	switch (k) {
	case VERIFIER_BAD_CALL: return "BAD_CALL";
	case VERIFIER_HOST_RAM: return "HOST_RAM";
	case VERIFIER_BAD_UNMAP: return "BAD_UNMAP";
	case VERIFIER_LEAK: return "LEAK";
	}
	return "UNKNOWN-KIND";
}

/* "LEAK (a0, 0x..., 0x...)"; a BAD_CALL carries no figures. */
static void event_text(char *buf, size_t size, const run *r, const mf_verifier_event *e)
{
	if (e->kind == VERIFIER_BAD_CALL)
		snprintf(buf, size, "BAD_CALL (%s)", mf_owner_name(r, e->adapter));
	else
		snprintf(buf, size, "%s (%s, 0x%" PRIx64 ", 0x%" PRIx64 ")", event_kind(e->kind),
			 mf_owner_name(r, e->adapter), e->a, e->b);
}

bool mf_events_differ(run *r, const char *id, const mf_verifier_event *want, size_t nwant, bool match_details,
		      NDIS_STATUS seen, NDIS_STATUS expected)
{
	/* Which event is not due, and which due one is missing. */
	size_t have = mf_verifier_count() - r->verifier_count;
	bool used[MF_MAX_OPS + 1] = {false};
	const mf_verifier_event *extra = NULL;
	for (size_t i = 0; i < have; i++) {
		const mf_verifier_event *ev = mf_verifier_at(r->verifier_count + i);
		if (!ev)
			break; /* past what the platform keeps */
		bool found = false;
		for (size_t j = 0; j < nwant && !found; j++)
			found = used[j] = !used[j] && want[j].kind == ev->kind && want[j].adapter == ev->adapter &&
					  (!match_details || (want[j].a == ev->a && want[j].b == ev->b));
		if (!found && !extra)
			extra = ev;
	}
	const mf_verifier_event *missing = NULL;
	for (size_t j = 0; j < nwant && !missing; j++)
		if (!used[j])
			missing = &want[j];
	char a[96] = "", b[96] = "";
	if (extra)
		event_text(a, sizeof(a), r, extra);
	if (missing) {
		mf_verifier_event m = *missing;
		if (!match_details)
			m.a = m.b = 0;
		event_text(b, sizeof(b), r, &m);
	}
	if (extra && missing)
		return mf_violated(r, id, seen, expected, "%zu verifier events where %zu are due: %s where %s is due",
				   have, nwant, a, b);
	if (extra)
		return mf_violated(r, id, seen, expected, "%zu verifier events where %zu are due: %s is not due", have,
				   nwant, a);
	if (missing)
		return mf_violated(r, id, seen, expected, "%zu verifier events where %zu are due: no %s", have, nwant, b);
	return mf_violated(r, id, seen, expected, "%zu verifier events where %zu are due", have, nwant);
}

/* ---- the registry against the model ---- */

static uint64_t model_claim_digest(const run *r)
{
	const mf_model *m = &r->model;
	uint64_t want = 0;
	for (uint32_t i = 0; i < m->nmaps; i++) {
		const model_mapping *o = &m->maps[i];
		if (o->live)
			want += mf_claim_digest(r->handles[o->slot], o->sys, o->length);
	}
	return want;
}

/* The registry as a multiset equals the model's live claims (compared by
 * multiset digest: equal digests mean equal multisets). */
static bool registry_matches_model(const run *r)
{
	const mf_model *m = &r->model;
	uint64_t want = model_claim_digest(r);
	return seam_registry_count() == model_live_count(m) + r->claim_count_bias &&
	       mf_registry_digest() == want + r->claim_digest_bias;
}

static bool same_claim(const SEAM_CLAIM *a, const SEAM_CLAIM *b)
{
	return a->owner == b->owner && a->start == b->start && a->length == b->length;
}

/* The model's live claims into out (at most MF_MAX_OPS). */
static size_t model_claims(const run *r, SEAM_CLAIM *out)
{
	size_t n = 0;
	for (uint32_t i = 0; i < r->model.nmaps; i++) {
		const model_mapping *o = &r->model.maps[i];
		if (o->live)
			out[n++] = (SEAM_CLAIM){r->handles[o->slot], o->sys, o->length};
	}
	return n;
}

static void claim_text(char *buf, size_t size, const run *r, const SEAM_CLAIM *c)
{
	snprintf(buf, size, "(%s, 0x%" PRIx64 ", +0x%" PRIx64 ")", mf_owner_name(r, c->owner), c->start, c->length);
}

/* Names a claim on which the registry and the model (with the bias of what
 * was reported before) differ. */
static void describe_claims(const run *r, char *buf, size_t size)
{
	SEAM_CLAIM due[MF_MAX_OPS + MF_MAX_CLAIMS];
	size_t ndue = model_claims(r, due);
	for (uint32_t i = 0; i < r->nbias_extra; i++)
		due[ndue++] = r->bias_extra[i];
	for (uint32_t i = 0; i < r->nbias_missing; i++)
		for (size_t j = 0; j < ndue; j++)
			if (same_claim(&due[j], &r->bias_missing[i])) {
				due[j] = due[--ndue];
				break;
			}
	bool used[MF_MAX_OPS + MF_MAX_CLAIMS] = {false};
	size_t held = seam_registry_count();
	SEAM_CLAIM extra = {NULL, 0, 0};
	bool has_extra = false;
	for (size_t i = 0; i < held; i++) {
		SEAM_CLAIM c = seam_registry_at(i);
		bool found = false;
		for (size_t j = 0; j < ndue && !found; j++)
			found = used[j] = !used[j] && same_claim(&due[j], &c);
		if (!found && !has_extra) {
			extra = c;
			has_extra = true;
		}
	}
	const SEAM_CLAIM *missing = NULL;
	for (size_t j = 0; j < ndue && !missing; j++)
		if (!used[j])
			missing = &due[j];
	char a[96], b[96];
	claim_text(a, sizeof(a), r, &extra);
	if (missing)
		claim_text(b, sizeof(b), r, missing);
	int n = snprintf(buf, size, "registry holds %zu claims where %zu are due", held, ndue);
	size_t k = n < 0 ? 0 : (size_t)n < size ? (size_t)n : size - 1;
	if (has_extra && missing) {
		const char *which = extra.owner != missing->owner ? "" :
				    extra.start != missing->start && extra.length == missing->length ? ", at another start" :
				    extra.start == missing->start ? ", of another length" : "";
		snprintf(buf + k, size - k, ": registry claim %s where the model has %s%s", a, b, which);
	} else if (has_extra) {
		snprintf(buf + k, size - k, ": registry claim %s is none of the model's", a);
	} else if (missing) {
		snprintf(buf + k, size - k, ": the model's claim %s is not in the registry", b);
	} else {
		snprintf(buf + k, size - k, ": the claims differ beyond the %d the bias keeps", MF_MAX_CLAIMS);
	}
}

__extension__ typedef unsigned __int128 uwide;

/* Only a map adds claims, appended after those it found, and the registry
 * was disjoint before it: checking the new claims against all is enough. */
bool mf_registry_disjoint(run *r)
{
	size_t n = seam_registry_count();
	for (size_t i = r->claims < n ? r->claims : n; i < n; i++) {
		SEAM_CLAIM a = seam_registry_at(i);
		for (size_t j = 0; j < n; j++) {
			SEAM_CLAIM b = seam_registry_at(j);
			if (j == i || a.owner == b.owner)
				continue;
			if ((uwide)a.start < (uwide)b.start + b.length && (uwide)b.start < (uwide)a.start + a.length) {
				char ta[96], tb[96];
				claim_text(ta, sizeof(ta), r, &a);
				claim_text(tb, sizeof(tb), r, &b);
				return mf_violated(r, "REG-DISJOINT", 0, 0, "claims %s and %s of two owners overlap", ta, tb);
			}
		}
	}
	return true;
}

/* Only a successful map adds a live mapping (the newest): check it alone. */
bool mf_va_disjoint(run *r)
{
	const mf_model *m = &r->model;
	if (m->nmaps == 0)
		return true;
	uint32_t i = m->nmaps - 1;
	const model_mapping *a = &m->maps[i];
	uintptr_t a0 = a->va / NDIS_PAGE_SIZE, a1 = (a->va + a->length - 1) / NDIS_PAGE_SIZE;
	for (uint32_t j = 0; j < i; j++) {
		const model_mapping *b = &m->maps[j];
		uintptr_t b0 = b->va / NDIS_PAGE_SIZE, b1 = (b->va + b->length - 1) / NDIS_PAGE_SIZE;
		if (b->live && a0 <= b1 && b0 <= a1)
			return mf_violated(r, "VA-DISJOINT", 0, 0,
					   "mappings m%u (VA 0x%" PRIxPTR ", +0x%x) and m%u (VA 0x%" PRIxPTR
					   ", +0x%x) share virtual pages",
					   j, b->va, b->length, i, a->va, a->length);
	}
	return true;
}

/* Registry and page accounting against the model, under the ID of the
 * operation that changed them; global invariants after.  Under one ID for
 * both, one row: the pages are judged when the claims hold. */
bool mf_state_matches(run *r, const char *claims_id, const char *pages_id)
{
	bool claims_ok = registry_matches_model(r);
	if (!claims_ok) {
		char d[DETAIL];
		describe_claims(r, d, sizeof(d));
		mf_violated(r, claims_id, 0, 0, "%s", d);
		if (!r->keep_going || strcmp(claims_id, pages_id) == 0)
			return false;
	}
	uint64_t pages = model_live_pages(&r->model);
	uint32_t ptes = mf_pte_used(), vas = mf_va_pages_used();
	uint64_t ptes_due = pages + r->pte_bias, vas_due = pages + r->va_bias;
	/* The biases are differences mod 2^32, as the platform's counts are. */
	ptes_due = (uint32_t)ptes_due;
	vas_due = (uint32_t)vas_due;
	if (ptes == ptes_due && vas == vas_due)
		return claims_ok;
	if (ptes != ptes_due && vas != vas_due)
		return mf_violated(r, pages_id, 0, 0,
				   "%u page-table entries and %u virtual pages in use where %" PRIu64 " and %" PRIu64
				   " are due (live mappings span %" PRIu64 ")",
				   ptes, vas, ptes_due, vas_due, pages);
	return mf_violated(r, pages_id, 0, 0, "%u %s in use where %" PRIu64 " are due (live mappings span %" PRIu64 ")",
			   ptes != ptes_due ? ptes : vas, ptes != ptes_due ? "page-table entries" : "virtual pages",
			   ptes != ptes_due ? ptes_due : vas_due, pages);
}

bool mf_no_misuse(run *r)
{
	uint32_t n = mf_misuse_count() - r->misuses;
	return CHECK(r, n == 0, "SEAM-MISUSE", 0, 0, "%u misused platform call%s; the run's first: %s", n,
		     n == 1 ? "" : "s", mf_misuse_first());
}

bool mf_no_fallible_calls(run *r)
{
	return CHECK(r, mf_fault_calls() == r->calls, "RELEASE-INFALLIBLE", 0, 0,
		     "%u fallible platform calls during a release", mf_fault_calls() - r->calls);
}

/* Pool use returns to its start whenever nothing is mapped. */
bool mf_pool_idle(run *r, const char *id)
{
	if (model_live_count(&r->model) != 0 || (r->biased && !r->pool_bias_known))
		return true;
	return CHECK(r, mf_pool_blocks() == r->pool_bias, id, 0, 0,
		     "%u pool blocks held with nothing mapped where %u are due", mf_pool_blocks(), r->pool_bias);
}

static const char *cache_name(SEAM_CACHE c)
{
	switch (c) {
	case CACHE_NONCACHED: return "non-cached";
	case CACHE_CACHED: return "cached";
	case CACHE_WRITECOMBINED: return "write-combined";
	}
	return "an unknown cache type";
}

/* Every page of [va, va+length) reaches the matching system-physical byte,
 * non-cached.  Checked at the first byte, each page start and the last byte;
 * in keep-going mode every page is judged for both, and each invariant is
 * reported once per call. */
/* The next page start after p, or the last byte. */
static uintptr_t next_probe(uintptr_t p, uintptr_t last)
{
	uintptr_t next = (p | (NDIS_PAGE_SIZE - 1)) + 1;
	return next > last || next == 0 ? last : next;
}

bool mf_translation_holds(run *r, uintptr_t va, uint64_t sys, uint32_t length, bool frames)
{
	if (length == 0)
		return true;
	uintptr_t last = va + length - 1;
	/* Every input's path: the pages that hold, at the least cost. */
	for (uintptr_t p = va;; p = next_probe(p, last)) {
		uint64_t got;
		SEAM_CACHE cache;
		if (!mf_mmu_translate(p, &got, &cache) || (frames && got != sys + (uint64_t)(p - va)) ||
		    cache != CACHE_NONCACHED)
			break;
		if (p == last)
			return true;
	}
	uintptr_t p = va;
	bool frames_ok = true, cache_ok = true;
	for (;;) {
		uint64_t got = 0;
		SEAM_CACHE cache = CACHE_NONCACHED;
		uint64_t want = sys + (uint64_t)(p - va);
		bool mapped = mf_mmu_translate(p, &got, &cache);
		if (frames && frames_ok && (!mapped || got != want)) {
			frames_ok = mapped ? mf_violated(r, "MAP-TRANSLATE", 0, 0,
							 "VA 0x%" PRIxPTR " reaches 0x%" PRIx64 " where 0x%" PRIx64 " is due",
							 p, got, want)
					   : mf_violated(r, "MAP-TRANSLATE", 0, 0,
							 "VA 0x%" PRIxPTR " is not mapped where it should reach 0x%" PRIx64, p,
							 want);
			if (!r->keep_going)
				return false;
		}
		/* An unmapped page has no caching to judge: MAP-TRANSLATE said so. */
		if (mapped && cache_ok && cache != CACHE_NONCACHED) {
			cache_ok = mf_violated(r, "MAP-NONCACHED", 0, 0, "VA 0x%" PRIxPTR " mapped %s, not non-cached", p,
					       cache_name(cache));
			if (!r->keep_going)
				return false;
		}
		if (p == last || (!cache_ok && (!frames || !frames_ok)))
			return frames_ok && cache_ok;
		p = next_probe(p, last);
	}
}

/* ---- the state as a whole ---- */

/* The figures an operation changed, for a state that should not have. */
static void describe_change(const run *r, char *buf, size_t size)
{
	/* Before the call the platform held what the model holds now (the call
	 * should have changed nothing), plus the bias. */
	uint32_t pages = (uint32_t)model_live_pages(&r->model);
	struct {
		const char *name;
		uint64_t before, now;
	} f[] = {
		{"claims", r->claims, seam_registry_count()},
		{"virtual pages", (uint32_t)(pages + r->va_bias), mf_va_pages_used()},
		{"page-table entries", (uint32_t)(pages + r->pte_bias), mf_pte_used()},
		{"pool blocks", r->pool_blocks, mf_pool_blocks()},
	};
	size_t k = 0;
	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]) && k < size; i++) {
		if (f[i].before == f[i].now)
			continue;
		int n = snprintf(buf + k, size - k, "%s%s %" PRIu64 " -> %" PRIu64, k ? ", " : "", f[i].name,
				 f[i].before, f[i].now);
		k += n < 0 ? 0 : (size_t)n;
	}
	if (k == 0)
		snprintf(buf, size, "%s", mf_registry_digest() != model_claim_digest(r) + r->claim_digest_bias ?
					       "a claim replaced by another (same count)" :
					       "a virtual run, page-table entry or pool block replaced by another (same counts)");
}

bool mf_state_unchanged(run *r, const char *id, NDIS_STATUS seen, NDIS_STATUS expected)
{
	if (mf_state_digest() == r->digest)
		return true;
	char d[DETAIL];
	describe_change(r, d, sizeof(d));
	return mf_violated(r, id, seen, expected, "the state changed: %s", d);
}

void mf_rebias(run *r, int mapping)
{
	const mf_model *m = &r->model;
	uint64_t pages = model_live_pages(m);
	uint64_t digest0 = r->claim_digest_bias;
	size_t count0 = r->claim_count_bias;
	uint32_t ptes0 = r->pte_bias, vas0 = r->va_bias;
	r->biased = true;
	r->claim_digest_bias = mf_registry_digest() - model_claim_digest(r);
	r->claim_count_bias = seam_registry_count() - model_live_count(m);
	r->pte_bias = mf_pte_used() - (uint32_t)pages;
	r->va_bias = mf_va_pages_used() - (uint32_t)pages;
	/* Pool blocks are the core's own business while anything is mapped. */
	r->pool_bias_known = model_live_count(m) == 0;
	r->pool_bias = r->pool_bias_known ? mf_pool_blocks() : 0;
	/* The claims the bias is made of, to leave them out of a later detail. */
	SEAM_CLAIM mine[MF_MAX_OPS];
	bool matched[MF_MAX_OPS] = {false};
	size_t n = model_claims(r, mine);
	r->nbias_extra = r->nbias_missing = 0;
	for (size_t i = 0; i < seam_registry_count(); i++) {
		SEAM_CLAIM c = seam_registry_at(i);
		bool found = false;
		for (size_t j = 0; j < n && !found; j++)
			found = matched[j] = !matched[j] && same_claim(&mine[j], &c);
		if (!found && r->nbias_extra < MF_MAX_CLAIMS)
			r->bias_extra[r->nbias_extra++] = c;
	}
	for (size_t j = 0; j < n; j++)
		if (!matched[j])
			r->bias_missing[r->nbias_missing++] = mine[j];
	if (mapping >= 0 && mapping < MF_MAX_OPS) {
		r->share[mapping].claim_digest = r->claim_digest_bias - digest0;
		r->share[mapping].claim_count = r->claim_count_bias - count0;
		r->share[mapping].ptes = r->pte_bias - ptes0;
		r->share[mapping].va_pages = r->va_bias - vas0;
	}
}

void mf_unbias(run *r, uint32_t mapping)
{
	if (!r->biased || mapping >= MF_MAX_OPS)
		return;
	r->claim_digest_bias -= r->share[mapping].claim_digest;
	r->claim_count_bias -= r->share[mapping].claim_count;
	r->pte_bias -= r->share[mapping].ptes;
	r->va_bias -= r->share[mapping].va_pages;
	r->share[mapping].claim_digest = 0;
	r->share[mapping].claim_count = 0;
	r->share[mapping].ptes = r->share[mapping].va_pages = 0;
	/* Its claim, if the registry never had it, is no longer missing. */
	const model_mapping *o = &r->model.maps[mapping];
	SEAM_CLAIM c = {r->handles[o->slot], o->sys, o->length};
	for (uint32_t i = 0; i < r->nbias_missing; i++)
		if (same_claim(&r->bias_missing[i], &c)) {
			r->bias_missing[i] = r->bias_missing[--r->nbias_missing];
			break;
		}
}

bool mf_teardown_clean(run *r, uint64_t initial_digest)
{
	uint32_t pool_due = r->pool_bias_known ? r->pool_bias : mf_pool_blocks();
	bool clean = !r->biased ? mf_state_digest() == initial_digest && mf_pool_blocks() == 0 :
				  /* The residue already reported is allowed; nothing beyond it. */
				  seam_registry_count() == r->claim_count_bias &&
					  mf_registry_digest() == r->claim_digest_bias && mf_pte_used() == r->pte_bias &&
					  mf_va_pages_used() == r->va_bias && mf_pool_blocks() == pool_due;
	if (clean)
		return true;
	if (!r->biased)
		return mf_violated(r, "LIFE-TEARDOWN-CLEAN", 0, 0,
				   "left after teardown: %zu claims, %u virtual pages, %u page-table entries, %u pool blocks",
				   seam_registry_count(), mf_va_pages_used(), mf_pte_used(), mf_pool_blocks());
	char d[DETAIL];
	if (seam_registry_count() != r->claim_count_bias || mf_registry_digest() != r->claim_digest_bias)
		describe_claims(r, d, sizeof(d));
	else
		snprintf(d, sizeof(d),
			 "%u virtual pages, %u page-table entries, %u pool blocks left where %u, %u and %u were reported before",
			 mf_va_pages_used(), mf_pte_used(), mf_pool_blocks(), r->va_bias, r->pte_bias, pool_due);
	return mf_violated(r, "LIFE-TEARDOWN-CLEAN", 0, 0, "after teardown: %s", d);
}
