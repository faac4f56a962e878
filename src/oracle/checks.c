/* The checks several operations share, each under its ID of
 * docs/CONTRACT.md.  In keep-going mode they compare against the model plus
 * the bias of what was already reported (run.h). */
#include <inttypes.h>
#include <string.h>

#include "run.h"

bool mf_status_known(NDIS_STATUS s)
{
	return s == NDIS_STATUS_SUCCESS || s == NDIS_STATUS_FAILURE || s == NDIS_STATUS_RESOURCES ||
	       s == NDIS_STATUS_RESOURCE_CONFLICT;
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

/* The registry as a multiset equals the model's live claims (compared by
 * multiset digest: equal digests mean equal multisets). */
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

static bool registry_matches_model(const run *r)
{
	const mf_model *m = &r->model;
	uint64_t want = model_claim_digest(r);
	return seam_registry_count() == model_live_count(m) + r->claim_count_bias &&
	       mf_registry_digest() == want + r->claim_digest_bias;
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
			if ((uwide)a.start < (uwide)b.start + b.length && (uwide)b.start < (uwide)a.start + a.length)
				return mf_violated(r, "REG-DISJOINT", 0, 0,
						"claims [0x%" PRIx64 ",+0x%" PRIx64 ") and [0x%" PRIx64 ",+0x%" PRIx64 ") of two adapters overlap",
						a.start, a.length, b.start, b.length);
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
			return mf_violated(r, "VA-DISJOINT", 0, 0, "mappings m%u and m%u share virtual pages", j, i);
	}
	return true;
}

/* Registry and page accounting against the model, under the ID of the
 * operation that changed them; global invariants after. */
bool mf_state_matches(run *r, const char *claims_id, const char *pages_id)
{
	uint64_t pages = model_live_pages(&r->model);
	if (!CHECK(r, registry_matches_model(r), claims_id, 0, 0,
		   "registry holds %zu claims, the model %u", seam_registry_count(), model_live_count(&r->model)))
		return false;
	return CHECK(r, mf_pte_used() == pages + r->pte_bias && mf_va_pages_used() == pages + r->va_bias, pages_id, 0, 0,
		     "%u page-table entries and %u virtual pages in use, live mappings span %" PRIu64,
		     mf_pte_used(), mf_va_pages_used(), pages);
}

bool mf_no_misuse(run *r)
{
	return CHECK(r, mf_misuse_count() == r->misuses, "SEAM-MISUSE", 0, 0, "%s", mf_misuse_first());
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
	return CHECK(r, mf_pool_blocks() == r->pool_bias, id, 0, 0, "%u pool blocks held with nothing mapped",
		     mf_pool_blocks());
}

/* Every page of [va, va+length) reaches the matching system-physical byte,
 * non-cached.  Checked at the first byte, each page start and the last byte. */
bool mf_translation_holds(run *r, uintptr_t va, uint64_t sys, uint32_t length)
{
	uintptr_t last = va + length - 1;
	uintptr_t p = va;
	for (;;) {
		uint64_t got;
		SEAM_CACHE cache;
		uint64_t want = sys + (uint64_t)(p - va);
		if (!CHECK(r, mf_mmu_translate(p, &got, &cache) && got == want, "MAP-TRANSLATE", 0, 0,
			   "VA 0x%" PRIxPTR " should reach 0x%" PRIx64, p, want))
			return false;
		if (!CHECK(r, cache == CACHE_NONCACHED, "MAP-NONCACHED", 0, 0,
			   "VA 0x%" PRIxPTR " mapped with cache type %d", p, (int)cache))
			return false;
		if (p == last)
			return true;
		uintptr_t next = (p | (NDIS_PAGE_SIZE - 1)) + 1;
		p = next > last || next == 0 ? last : next;
	}
}

void mf_rebias(run *r)
{
	const mf_model *m = &r->model;
	uint64_t pages = model_live_pages(m);
	r->biased = true;
	r->claim_digest_bias = mf_registry_digest() - model_claim_digest(r);
	r->claim_count_bias = seam_registry_count() - model_live_count(m);
	r->pte_bias = mf_pte_used() - (uint32_t)pages;
	r->va_bias = mf_va_pages_used() - (uint32_t)pages;
	/* Pool blocks are the core's own business while anything is mapped. */
	r->pool_bias_known = model_live_count(m) == 0;
	r->pool_bias = r->pool_bias_known ? mf_pool_blocks() : 0;
}

bool mf_teardown_clean(run *r, uint64_t initial_digest)
{
	if (!r->biased)
		return CHECK(r, mf_state_digest() == initial_digest && mf_pool_blocks() == 0, "LIFE-TEARDOWN-CLEAN",
			     0, 0, "state after teardown differs from the initial state");
	/* The residue already reported is allowed; nothing beyond it. */
	return CHECK(r, seam_registry_count() == r->claim_count_bias && mf_registry_digest() == r->claim_digest_bias &&
				mf_pte_used() == r->pte_bias && mf_va_pages_used() == r->va_bias &&
				(!r->pool_bias_known || mf_pool_blocks() == r->pool_bias),
		     "LIFE-TEARDOWN-CLEAN", 0, 0, "state after teardown differs from the initial state");
}
