/* An adapter's phases and its leaving: every live mapping reported as a
 * leak and released. */
#include "run.h"

/* An adapter leaves: the core must name each live mapping as a leak and
 * release it. */
void mf_adapter_gone(run *r, int slot, ADAPTER_GONE_REASON reason, const char *clause)
{
	NDIS_HANDLE h = r->handles[slot];
	r->clause = clause;
	mf_verifier_event want[MF_MAX_OPS];
	size_t nwant = 0;
	for (uint32_t i = 0; i < r->model.nmaps; i++) {
		const model_mapping *o = &r->model.maps[i];
		if (o->live && o->slot == slot)
			want[nwant++] = (mf_verifier_event){VERIFIER_LEAK, h, o->va, o->length};
	}
	/* A known death here cannot be skipped and judged on (the core would
	 * keep what the model lets go): the input ends here, as at a stop. */
	if (mf_watching(r) && !mf_about_to_call(r, clause)) {
		r->stopped = true;
		return;
	}
	mf_take_figures(r);
	NdisCoreAdapterGone(h, reason);
	r->core_pc = mf_last_seam_caller();
	mf_note_clause(r);
	mf_adapter_destroy(h);
	for (uint32_t i = 0; r->biased && i < r->model.nmaps; i++)
		if (r->model.maps[i].live && r->model.maps[i].slot == slot)
			mf_unbias(r, i);
	model_adapter_gone(&r->model, slot);
	TRACE(r, "#   a%d gone, %zu leak%s\n", slot, nwant, nwant == 1 ? "" : "s");

	/* Each check runs in keep-going mode; one ID for the state and the
	 * pool: one row, the pool judged when the rest holds. */
	if (GO_ON(r, mf_no_fallible_calls(r)) &&
	    GO_ON(r, mf_events_are(r, "LIFE-LEAK-REPORTED", want, nwant, true, 0, 0)) && GO_ON(r, mf_no_misuse(r)) &&
	    mf_state_matches(r, "LIFE-TEARDOWN-CLEAN", "LIFE-TEARDOWN-CLEAN"))
		mf_pool_idle(r, "LIFE-TEARDOWN-CLEAN");
	/* The model has let the adapter go; what the core kept is the bias. */
	if (r->deviated && r->keep_going)
		mf_rebias(r, -1);
}

void mf_do_lifecycle(run *r, const mf_op *op)
{
	int slot = mf_slot_of(r, op->aref);
	mf_model *m = &r->model;
	bool applies = false;
	switch (op->code) {
	case OP_INIT_DONE:
		applies = model_transition(m, slot, ADAPTER_INITIALIZING, ADAPTER_RUNNING);
		if (applies)
			mf_adapter_set_phase(r->handles[slot], ADAPTER_RUNNING);
		break;
	case OP_HALT:
		applies = model_transition(m, slot, ADAPTER_RUNNING, ADAPTER_HALTING);
		if (applies)
			mf_adapter_set_phase(r->handles[slot], ADAPTER_HALTING);
		break;
	case OP_INIT_FAIL:
		applies = model_adapter_live(m, slot) && m->adapters[slot].phase == ADAPTER_INITIALIZING;
		if (applies)
			mf_adapter_gone(r, slot, ADAPTER_GONE_INIT_FAILED, "life.init-fail");
		break;
	case OP_HALT_END:
		applies = model_adapter_live(m, slot) && m->adapters[slot].phase == ADAPTER_HALTING;
		if (applies)
			mf_adapter_gone(r, slot, ADAPTER_GONE_HALTED, "life.halt");
		break;
	case OP_REMOVE:
		applies = model_adapter_live(m, slot);
		if (applies)
			mf_adapter_gone(r, slot, ADAPTER_GONE_REMOVED, "life.remove");
		break;
	default:
		break;
	}
	if (!applies)
		TRACE(r, "#   does not apply in this phase: skipped\n");
}
