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
	int kept = -1; /* a mapping the model released and the core kept */
	for (uint32_t i = 0; i < m->nmaps; i++) {
		model_mapping *o = &m->maps[i];
		if ((int)i != target && (target >= 0 || o->va != va || !o->live))
			continue;
		uint64_t sys;
		SEAM_CACHE cache;
		o->live = mf_mmu_translate(o->va, &sys, &cache);
		if (o->live && (int)i == target)
			kept = target;
	}
	mf_rebias(r, kept);
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
	if (!GO_ON(r, mf_no_fallible_calls(r)))
		return;
	mf_verifier_event want = {VERIFIER_BAD_UNMAP, h, va, len};
	if (!GO_ON(r, mf_events_are(r, "VERIFIER-EVENT", &want, target < 0 ? 1 : 0, true, 0, 0)))
		return;
	/* A bad unmap that changed the state has that row: UNMAP-EXACT would
	 * only repeat it. */
	bool unchanged = target >= 0 || mf_state_unchanged(r, "UNMAP-BAD-NOCHANGE", 0, 0);
	if (!GO_ON(r, unchanged) || !GO_ON(r, mf_no_misuse(r)))
		return;
	if (target >= 0) {
		mf_unbias(r, (uint32_t)target);
		model_unmap_commit(&r->model, target);
	}
	/* One ID for claims, pages and pool: one row, the pool judged when the
	 * rest holds. */
	if (unchanged && mf_state_matches(r, "UNMAP-EXACT", "UNMAP-EXACT"))
		mf_pool_idle(r, "UNMAP-EXACT");
}
