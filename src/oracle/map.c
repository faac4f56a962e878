/* NdisMMapIoSpace, and touching a byte of a live mapping: the call, its
 * checks most specific first (the first that fails names a run's verdict;
 * in keep-going mode every one runs that does not need another to hold),
 * and the model following the core after a violation (keep-going). */
#include <inttypes.h>
#include <string.h>

#include "program/script.h"
#include "run.h"

#define POISON ((PVOID)(uintptr_t)0x5A5A5A5A5A5A5A5Aull)

static bool check_map(run *r, int slot, NDIS_HANDLE h, bool null_out, uint64_t pa, uint32_t len,
		      NDIS_STATUS st, PVOID va, const model_map_expect *ep);

/* Keep-going: the model takes what the core did, so the next operation is
 * judged on its own.  A success the model did not expect becomes a model
 * mapping at the core's VA and the system address the core claimed (or
 * mapped); then the platform's state is the model's plus the bias. */
static void resync_map(run *r, int slot, NDIS_HANDLE h, uint64_t pa, uint32_t len, NDIS_STATUS st, PVOID va,
		       const model_map_expect *e, bool committed)
{
	uintptr_t got = (uintptr_t)va;
	int made = committed ? (int)r->model.nmaps - 1 : -1;
	if (!committed && st == NDIS_STATUS_SUCCESS && va != POISON && got != 0 &&
	    model_adapter_live(&r->model, slot)) {
		model_map_expect taken = *e;
		uint64_t sys = pa, mapped;
		SEAM_CACHE cache;
		bool found = false;
		for (size_t i = r->claims; i < seam_registry_count() && !found; i++) {
			SEAM_CLAIM c = seam_registry_at(i);
			if (c.owner == h) {
				sys = c.start;
				found = true;
			}
		}
		if (e->status == NDIS_STATUS_SUCCESS)
			sys = e->sys;
		else if (!found && mf_mmu_translate(got, &mapped, &cache))
			sys = mapped;
		taken.sys = sys;
		taken.pages = (sys % NDIS_PAGE_SIZE + (uint64_t)len + NDIS_PAGE_SIZE - 1) / NDIS_PAGE_SIZE;
		model_map_commit(&r->model, slot, pa, len, &taken, got);
		made = (int)r->model.nmaps - 1;
	}
	mf_rebias(r, made);
}

void mf_do_map(run *r, const mf_op *op)
{
	int slot = mf_slot_of(r, op->aref);
	NDIS_HANDLE h = mf_handle_of(r, op->aref);
	bool null_out = op->flags & MAP_NULL_OUT;
	uint64_t pa = mf_resolve_addr(r, &op->addr);
	uint32_t len = mf_resolve_len(r, &op->len, pa);

	PVOID va = POISON;
	NDIS_PHYSICAL_ADDRESS phys;
	memcpy(&phys.QuadPart, &pa, sizeof(pa));
	if (mf_watching(r)) {
		/* As the call begins no fault has fired in it yet. */
		model_map_expect before = model_map(&r->model, slot, null_out, pa, len, 0, 0);
		if (!mf_about_to_call(r, before.clause))
			return;
	}
	mf_take_figures(r);
	NDIS_STATUS st = NdisMMapIoSpace(null_out ? NULL : &va, h, phys, len);
	r->core_pc = mf_last_seam_caller();
	model_map_expect e = model_map(&r->model, slot, null_out, pa, len, mf_fault_fired_mask(),
				       mf_fault_natural_mask());
	TRACE(r, "#   pa=0x%" PRIx64 " len=0x%x -> %s, expected %s (%s)", pa, len, mf_status_name(st),
	      mf_status_name(e.status), e.why);
	if (st == NDIS_STATUS_SUCCESS && e.status == NDIS_STATUS_SUCCESS)
		TRACE(r, " va=0x%" PRIxPTR, (uintptr_t)va);
	TRACE(r, "\n");
	mf_trace_faults(r);

	r->clause = e.clause;
	mf_note_clause(r);
	bool committed = check_map(r, slot, h, null_out, pa, len, st, va, &e);
	if (r->deviated && r->keep_going)
		resync_map(r, slot, h, pa, len, st, va, &e, committed);
}

static bool check_map(run *r, int slot, NDIS_HANDLE h, bool null_out, uint64_t pa, uint32_t len,
		      NDIS_STATUS st, PVOID va, const model_map_expect *ep)
{
	const model_map_expect e = *ep;
	bool committed = false;
	bool success = st == NDIS_STATUS_SUCCESS;
	bool code_ok = CHECK(r, mf_status_known(st), "MAP-STATUS-CODE", st, e.status, "not one of the four codes");
	if (!GO_ON(r, code_ok))
		return committed;
	if (!GO_ON(r, CHECK(r, null_out || success || va == NULL, "MAP-NULL-ON-FAILURE", st, e.status,
			    "*VirtualAddress left at %p", va)))
		return committed;
	/* A success over another adapter's claim breaks a clause more precise
	 * than the status: that one first. */
	if (success && !GO_ON(r, mf_registry_disjoint(r)))
		return committed;
	/* An unknown code is its own row: MAP-STATUS would only repeat it. */
	bool status_ok = st == e.status;
	if (code_ok && !GO_ON(r, CHECK(r, status_ok, "MAP-STATUS", st, e.status, "%s", e.why)))
		return committed;
	/* Whether the model knows what the platform should hold now. */
	bool state_known = true;
	if (success && status_ok) {
		uintptr_t got = (uintptr_t)va;
		bool va_ok = CHECK(r, got != 0 && got % NDIS_PAGE_SIZE == e.sys % NDIS_PAGE_SIZE, "MAP-SUCCESS-VA", st,
				   e.status, "VA 0x%" PRIxPTR " (page offset 0x%" PRIxPTR ") for system address 0x%" PRIx64
				   " (page offset 0x%" PRIx64 ")",
				   got, got % NDIS_PAGE_SIZE, e.sys, e.sys % NDIS_PAGE_SIZE);
		if (!GO_ON(r, va_ok))
			return committed;
		/* No translation without a VA.  With a wrong page offset no byte
		 * can reach its address (MAP-SUCCESS-VA says so): only the
		 * caching is judged then. */
		if (got != 0 && !GO_ON(r, mf_translation_holds(r, got, e.sys, len, va_ok)))
			return committed;
		/* The model takes the mapping as it expected it, at the core's VA,
		 * and the state is judged against that.  Without a VA it cannot
		 * follow the core here: no state check (resync_map rebiases). */
		state_known = got != 0 && va != POISON;
		if (state_known) {
			model_map_commit(&r->model, slot, pa, len, &e, got);
			committed = true;
		}
	} else if (success) {
		/* A success the model did not expect: it has no mapping to judge
		 * the state by (resync_map takes the core's afterwards). */
		state_known = false;
	} else {
		/* A failed map that changed the state has that row: the state
		 * checks against the model would only repeat it. */
		state_known = mf_state_unchanged(r, "MAP-ATOMIC", st, e.status);
		if (!GO_ON(r, state_known))
			return committed;
	}

	size_t logged = mf_errlog_count() - r->log_count;
	uint32_t dropped = mf_errlog_dropped() - r->dropped;
	size_t want_logged = e.log && !e.log_dropped;
	uint32_t want_dropped = e.log && e.log_dropped;
	const mf_log_entry *entry = logged ? mf_errlog_at(r->log_count) : NULL;
	bool count_ok = CHECK(r, logged == want_logged && dropped == want_dropped, "LOG-CONFLICT-ONCE", st, e.status,
			      "%zu entries and %u dropped where %zu and %u are due", logged, dropped, want_logged,
			      want_dropped);
	if (!GO_ON(r, count_ok))
		return committed;
	/* The entry is judged when the count is right: else no entry is due. */
	if (count_ok && entry &&
	    !GO_ON(r, CHECK(r, entry->code == NDIS_ERROR_CODE_RESOURCE_CONFLICT && entry->adapter == h &&
				       entry->start == e.sys && entry->length == len,
			    "LOG-CONFLICT-ONCE", st, e.status,
			    "entry code 0x%x of %s for [0x%" PRIx64 ",+0x%" PRIx64 ") where code 0x%x of %s for [0x%" PRIx64
			    ",+0x%x) is due",
			    entry->code, mf_owner_name(r, entry->adapter), entry->start, entry->length,
			    NDIS_ERROR_CODE_RESOURCE_CONFLICT, mf_owner_name(r, h), e.sys, len)))
		return committed;

	mf_verifier_event want = {e.verifier, h, e.sys, len};
	bool details = e.verifier == VERIFIER_HOST_RAM;
	if (!GO_ON(r, mf_events_are(r, "VERIFIER-EVENT", &want, e.verifier ? 1 : 0, details, st, e.status)))
		return committed;
	if (!GO_ON(r, mf_no_misuse(r)))
		return committed;
	/* VA-DISJOINT judges the model's newest mapping: only one just taken. */
	if (committed && !GO_ON(r, mf_va_disjoint(r)))
		return committed;
	/* Registry disjointness was checked before the status: a success is
	 * the only map that adds claims. */
	if (state_known)
		mf_state_matches(r, "MAP-CLAIM", "PTE-ACCOUNT");
	return committed;
}

void mf_do_touch(run *r, const mf_op *op)
{
	const model_mapping *m = mf_mapping_at(r, op->mref);
	/* Length 0: only a deviating core maps it (keep-going); no byte to touch. */
	if (!m || !m->live || m->length == 0) {
		TRACE(r, "#   no live mapping: skipped\n");
		return;
	}
	r->clause = "touch";
	mf_note_clause(r);
	uint32_t off = op->offset % m->length;
	TRACE(r, "#   va=0x%" PRIxPTR " -> sys 0x%" PRIx64 "\n", m->va + off, m->sys + off);
	mf_translation_holds(r, m->va + off, m->sys + off, 1, true);
}
