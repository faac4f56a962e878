/* NdisMMapIoSpace, and touching a byte of a live mapping: the call, its
 * checks most specific first, and the model following the core after a
 * violation (keep-going). */
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
	}
	mf_rebias(r);
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
	if (!CHECK(r, mf_status_known(st), "MAP-STATUS-CODE", st, e.status, "not one of the four codes"))
		return committed;
	if (!CHECK(r, null_out || st == NDIS_STATUS_SUCCESS || va == NULL, "MAP-NULL-ON-FAILURE", st, e.status,
		   "*VirtualAddress left at %p", va))
		return committed;
	/* A success over another adapter's claim breaks a clause more precise
	 * than the status: name that one. */
	if (st == NDIS_STATUS_SUCCESS && !mf_registry_disjoint(r))
		return committed;
	if (!CHECK(r, st == e.status, "MAP-STATUS", st, e.status, "%s", e.why))
		return committed;
	if (st == NDIS_STATUS_SUCCESS) {
		uintptr_t got = (uintptr_t)va;
		if (!CHECK(r, got != 0 && got % NDIS_PAGE_SIZE == e.sys % NDIS_PAGE_SIZE, "MAP-SUCCESS-VA", st,
			   e.status, "VA 0x%" PRIxPTR " for system address 0x%" PRIx64, got, e.sys))
			return committed;
		if (!mf_translation_holds(r, got, e.sys, len))
			return committed;
		model_map_commit(&r->model, slot, pa, len, &e, got);
		committed = true;
	} else if (!CHECK(r, mf_state_digest() == r->digest, "MAP-ATOMIC", st, e.status,
			  "state changed by a failed map")) {
		return committed;
	}

	size_t logged = mf_errlog_count() - r->log_count;
	uint32_t dropped = mf_errlog_dropped() - r->dropped;
	size_t want_logged = e.log && !e.log_dropped;
	uint32_t want_dropped = e.log && e.log_dropped;
	const mf_log_entry *entry = logged ? mf_errlog_at(r->log_count) : NULL;
	if (!CHECK(r, logged == want_logged && dropped == want_dropped, "LOG-CONFLICT-ONCE", st, e.status,
		   "%zu entries and %u dropped, expected %zu and %u", logged, dropped, want_logged, want_dropped))
		return committed;
	if (entry && !CHECK(r, entry->code == NDIS_ERROR_CODE_RESOURCE_CONFLICT && entry->adapter == h &&
				       entry->start == e.sys && entry->length == len,
			    "LOG-CONFLICT-ONCE", st, e.status, "entry code 0x%x for [0x%" PRIx64 ",+0x%" PRIx64 ")",
			    entry->code, entry->start, entry->length))
		return committed;

	mf_verifier_event want = {e.verifier, h, e.sys, len};
	bool details = e.verifier == VERIFIER_HOST_RAM;
	if (!CHECK(r, mf_verifier_matches(r, &want, e.verifier ? 1 : 0, details), "VERIFIER-EVENT", st, e.status,
		   "%zu verifier events, expected %d", mf_verifier_count() - r->verifier_count,
		   e.verifier ? 1 : 0))
		return committed;
	/* Registry disjointness was checked before the status: a success is
	 * the only map that adds claims. */
	if (mf_no_misuse(r) && (st != NDIS_STATUS_SUCCESS || mf_va_disjoint(r)))
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
	mf_translation_holds(r, m->va + off, m->sys + off, 1);
}
