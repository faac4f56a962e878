/* NdisMUnmapIoSpace: which rule an unmap meets, the call and its checks. */
#include <inttypes.h>

#include "run.h"

static void check_unmap(run *r, NDIS_HANDLE h, uintptr_t va, uint32_t len, int target);

/* Which rule of NdisMUnmapIoSpace an unmap meets (docs/CONTRACT.md). */
static const char *unmap_clause(const run *r, int slot, uintptr_t va, uint32_t len, int target)
{
	const mf_model *m = &r->model;
	if (target >= 0)
		return "unmap.good";
	if (!model_adapter_live(m, slot) || (m->adapters[slot].phase != ADAPTER_INITIALIZING &&
					      m->adapters[slot].phase != ADAPTER_HALTING))
		return "unmap.phase";
	const char *clause = "unmap.not-mapped";
	for (uint32_t i = 0; i < m->nmaps; i++) {
		const model_mapping *o = &m->maps[i];
		if (!o->live || o->va != va)
			continue;
		if (o->slot == slot && o->length != len)
			return "unmap.wrong-length";
		if (o->slot != slot)
			clause = "unmap.wrong-adapter";
	}
	return clause;
}

/* Keep-going: a mapping the unmap named is live in the model exactly while
 * the core still maps its first byte, whatever the unmap should have done. */
static void resync_unmap(run *r, uintptr_t va, int target)
{
	mf_model *m = &r->model;
	for (uint32_t i = 0; i < m->nmaps; i++) {
		model_mapping *o = &m->maps[i];
		if ((int)i != target && (target >= 0 || o->va != va || !o->live))
			continue;
		uint64_t sys;
		SEAM_CACHE cache;
		o->live = mf_mmu_translate(o->va, &sys, &cache);
	}
	mf_rebias(r);
}

void mf_do_unmap(run *r, const mf_op *op)
{
	int slot = mf_slot_of(r, op->aref);
	NDIS_HANDLE h = mf_handle_of(r, op->aref);
	const model_mapping *m = mf_mapping_at(r, op->mref);
	uintptr_t va = (m ? m->va : 0) + (uintptr_t)(intptr_t)op->va_delta;
	uint32_t len = (m ? m->length : 0) + (uint32_t)(int32_t)op->len_delta;
	int target = model_unmap_target(&r->model, slot, va, len);
	r->clause = unmap_clause(r, slot, va, len, target);
	if (mf_watching(r) && !mf_about_to_call(r, r->clause))
		return;

	mf_take_figures(r);
	NdisMUnmapIoSpace(h, (PVOID)va, len);
	r->core_pc = mf_last_seam_caller();
	mf_note_clause(r);
	TRACE(r, "#   va=0x%" PRIxPTR " len=0x%x -> %s\n", va, len,
	      target >= 0 ? "released" : "bad unmap, expect a verifier event");

	check_unmap(r, h, va, len, target);
	if (r->deviated && r->keep_going)
		resync_unmap(r, va, target);
}

static void check_unmap(run *r, NDIS_HANDLE h, uintptr_t va, uint32_t len, int target)
{
	if (!mf_no_fallible_calls(r))
		return;
	mf_verifier_event want = {VERIFIER_BAD_UNMAP, h, va, len};
	if (!CHECK(r, mf_verifier_matches(r, &want, target < 0 ? 1 : 0, true), "VERIFIER-EVENT", 0, 0,
		   "%zu verifier events, expected %d", mf_verifier_count() - r->verifier_count, target < 0))
		return;
	if (target < 0 && !CHECK(r, mf_state_digest() == r->digest, "UNMAP-BAD-NOCHANGE", 0, 0,
				 "a bad unmap changed the state"))
		return;
	if (!mf_no_misuse(r))
		return;
	if (target >= 0)
		model_unmap_commit(&r->model, target);
	if (mf_state_matches(r, "UNMAP-EXACT", "UNMAP-EXACT"))
		mf_pool_idle(r, "UNMAP-EXACT");
}
