/* One run of a program: core and model side by side, every invariant of
 * docs/CONTRACT.md checked after every operation (checks.c).  Checks run in
 * a fixed order, most specific first, so a broken clause is named by its own
 * ID.  By default the first violation ends the run; in keep-going mode every
 * distinct one is kept and the model then follows the core (docs/DESIGN.md,
 * "Keep-going runs"). */
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include "program/script.h"
#include "run.h"

#define POISON ((PVOID)(uintptr_t)0x5A5A5A5A5A5A5A5Aull)

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

static void trace_out(run *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vfprintf(r->opt->trace, fmt, ap);
	va_end(ap);
}

/* The arguments (status names, say) are evaluated only when tracing. */
#define TRACING(r) ((r)->opt && (r)->opt->trace)
#define TRACE(r, ...)                              \
	do {                                       \
		if (TRACING(r))                    \
			trace_out((r), __VA_ARGS__); \
	} while (0)

static void take_figures(run *r)
{
	r->digest = mf_state_digest();
	r->log_count = mf_errlog_count();
	r->verifier_count = mf_verifier_count();
	r->dropped = mf_errlog_dropped();
	r->misuses = mf_misuse_count();
	r->calls = mf_fault_calls();
	r->claims = seam_registry_count();
	mf_fault_op_begin();
}

/* Which sites failed during this call, injected or for real. */
static void trace_faults(run *r)
{
	if (!TRACING(r))
		return;
	uint32_t masks[2] = {mf_fault_fired_mask(), mf_fault_natural_mask()};
	static const char *const how[2] = {"injected", "ran out"};
	for (int k = 0; k < 2; k++)
		for (int site = 1; site < MF_SITE_COUNT; site++)
			if (masks[k] & (1u << site))
				TRACE(r, "#   fault: %s %s\n", mf_site_name((mf_site)site), how[k]);
}

/* ---- resolving operands against the state so far ---- */

static int slot_of(const run *r, uint8_t aref)
{
	return aref < MF_MAX_ADAPTERS && aref < r->model.nadapters ? aref : -1;
}

static NDIS_HANDLE handle_of(const run *r, uint8_t aref)
{
	if (aref == AREF_NULL)
		return NULL;
	int slot = slot_of(r, aref);
	/* A slot not yet created is a handle that never named an adapter. */
	return slot >= 0 ? r->handles[slot] : mf_adapter_bogus_handle(0x100u + aref);
}

static const mf_window_config *window_at(const run *r, uint8_t index)
{
	const mf_platform_config *c = &r->model.cfg;
	return c->nwindows ? &c->windows[index % c->nwindows] : NULL;
}

static const model_mapping *mapping_at(const run *r, uint8_t index)
{
	return r->model.nmaps ? &r->model.maps[index % r->model.nmaps] : NULL;
}

static uint64_t delta_of(const mf_expr *e)
{
	int64_t d = e->pages ? (int64_t)e->delta * (int64_t)NDIS_PAGE_SIZE : e->delta;
	return (uint64_t)d;
}

/* Unsigned arithmetic throughout: anchors plus deltas wrap, by design. */
static uint64_t resolve_addr(const run *r, const mf_expr *e)
{
	const mf_window_config *w = window_at(r, e->index);
	const model_mapping *m = mapping_at(r, e->index);
	uint64_t base = 0;
	switch (e->kind) {
	case ADDR_RAW: return e->raw;
	case ADDR_WIN_START: base = w ? w->win.bus_base : 0; break;
	case ADDR_WIN_END: base = w ? w->win.bus_base + w->win.length : 0; break;
	case ADDR_MAP_START: base = m ? m->bus : 0; break;
	case ADDR_MAP_END: base = m ? m->bus + m->length : 0; break;
	case ADDR_MIN: base = (uint64_t)1 << 63; break;
	case ADDR_MAX: base = ((uint64_t)1 << 63) - 1; break;
	default: break;
	}
	return base + delta_of(e);
}

static uint32_t resolve_len(const run *r, const mf_expr *e, uint64_t addr)
{
	const mf_window_config *w = window_at(r, e->index);
	const model_mapping *m = mapping_at(r, e->index);
	uint64_t base = 0;
	switch (e->kind) {
	case LEN_RAW: return (uint32_t)e->raw;
	case LEN_WIN_SIZE: base = w ? w->win.length : 0; break;
	case LEN_TO_WIN_END: base = w ? w->win.bus_base + w->win.length - addr : 0; break;
	case LEN_TO_MAP_START: base = m ? m->bus - addr : 0; break;
	case LEN_MAP_LEN: base = m ? m->length : 0; break;
	default: break;
	}
	return (uint32_t)(base + delta_of(e));
}

/* ---- operations ---- */

/* The checks of one map, most specific first; returns whether the model
 * took the mapping. */
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

/* Before a call into the core: say where the run is, and skip a call the
 * known list says crashes.  False: do not call. */
static bool about_to_call(run *r, const char *clause)
{
	mf_where *w = r->opt ? r->opt->where : NULL;
	if (w) {
		w->op_index = r->op_index;
		w->clause = clause;
		if (r->op)
			mf_script_format_op(w->op_text, sizeof(w->op_text), r->op);
		else
			snprintf(w->op_text, sizeof(w->op_text), "teardown");
	}
	if (r->skip_crashes && (mf_known_has(r->opt->known, "SANITIZER", clause) ||
				mf_known_has(r->opt->known, "CRASH", clause))) {
		r->v->known_hits++;
		TRACE(r, "#   known to crash the core (clause %s): not called\n", clause);
		return false;
	}
	return true;
}

static bool watching(const run *r)
{
	return r->skip_crashes || (r->opt && r->opt->where);
}

static void do_map(run *r, const mf_op *op)
{
	int slot = slot_of(r, op->aref);
	NDIS_HANDLE h = handle_of(r, op->aref);
	bool null_out = op->flags & MAP_NULL_OUT;
	uint64_t pa = resolve_addr(r, &op->addr);
	uint32_t len = resolve_len(r, &op->len, pa);

	PVOID va = POISON;
	NDIS_PHYSICAL_ADDRESS phys;
	memcpy(&phys.QuadPart, &pa, sizeof(pa));
	if (watching(r)) {
		model_map_expect before = model_map(&r->model, slot, null_out, pa, len, mf_fault_fired_mask(),
						    mf_fault_natural_mask());
		if (!about_to_call(r, before.clause))
			return;
	}
	take_figures(r);
	NDIS_STATUS st = NdisMMapIoSpace(null_out ? NULL : &va, h, phys, len);
	r->core_pc = mf_last_seam_caller();
	model_map_expect e = model_map(&r->model, slot, null_out, pa, len, mf_fault_fired_mask(),
				       mf_fault_natural_mask());
	TRACE(r, "#   pa=0x%" PRIx64 " len=0x%x -> %s, expected %s (%s)", pa, len, mf_status_name(st),
	      mf_status_name(e.status), e.why);
	if (st == NDIS_STATUS_SUCCESS && e.status == NDIS_STATUS_SUCCESS)
		TRACE(r, " va=0x%" PRIxPTR, (uintptr_t)va);
	TRACE(r, "\n");
	trace_faults(r);

	r->clause = e.clause;
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

static void do_unmap(run *r, const mf_op *op)
{
	int slot = slot_of(r, op->aref);
	NDIS_HANDLE h = handle_of(r, op->aref);
	const model_mapping *m = mapping_at(r, op->mref);
	uintptr_t va = (m ? m->va : 0) + (uintptr_t)(intptr_t)op->va_delta;
	uint32_t len = (m ? m->length : 0) + (uint32_t)(int32_t)op->len_delta;
	int target = model_unmap_target(&r->model, slot, va, len);
	r->clause = unmap_clause(r, slot, va, len, target);
	if (watching(r) && !about_to_call(r, r->clause))
		return;

	take_figures(r);
	NdisMUnmapIoSpace(h, (PVOID)va, len);
	r->core_pc = mf_last_seam_caller();
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

/* An adapter leaves: the core must name each live mapping as a leak and
 * release it. */
static void adapter_gone(run *r, int slot, ADAPTER_GONE_REASON reason, const char *clause)
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
	if (r->opt && r->opt->where)
		about_to_call(r, clause); /* never skipped: the model lets the adapter go */
	take_figures(r);
	NdisCoreAdapterGone(h, reason);
	r->core_pc = mf_last_seam_caller();
	mf_adapter_destroy(h);
	model_adapter_gone(&r->model, slot);
	TRACE(r, "#   a%d gone, %zu leak%s\n", slot, nwant, nwant == 1 ? "" : "s");

	if (mf_no_fallible_calls(r) &&
	    CHECK(r, mf_verifier_matches(r, want, nwant, true), "LIFE-LEAK-REPORTED", 0, 0,
		  "%zu verifier events, expected %zu leaks", mf_verifier_count() - r->verifier_count, nwant) &&
	    mf_no_misuse(r) && mf_state_matches(r, "LIFE-TEARDOWN-CLEAN", "LIFE-TEARDOWN-CLEAN"))
		mf_pool_idle(r, "LIFE-TEARDOWN-CLEAN");
	/* The model has let the adapter go; what the core kept is the bias. */
	if (r->deviated && r->keep_going)
		mf_rebias(r);
}

static void do_lifecycle(run *r, const mf_op *op)
{
	int slot = slot_of(r, op->aref);
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
			adapter_gone(r, slot, ADAPTER_GONE_INIT_FAILED, "life.init-fail");
		break;
	case OP_HALT_END:
		applies = model_adapter_live(m, slot) && m->adapters[slot].phase == ADAPTER_HALTING;
		if (applies)
			adapter_gone(r, slot, ADAPTER_GONE_HALTED, "life.halt");
		break;
	case OP_REMOVE:
		applies = model_adapter_live(m, slot);
		if (applies)
			adapter_gone(r, slot, ADAPTER_GONE_REMOVED, "life.remove");
		break;
	default:
		break;
	}
	if (!applies)
		TRACE(r, "#   does not apply in this phase: skipped\n");
}

static void do_touch(run *r, const mf_op *op)
{
	const model_mapping *m = mapping_at(r, op->mref);
	/* Length 0: only a deviating core maps it (keep-going); no byte to touch. */
	if (!m || !m->live || m->length == 0) {
		TRACE(r, "#   no live mapping: skipped\n");
		return;
	}
	r->clause = "touch";
	uint32_t off = op->offset % m->length;
	TRACE(r, "#   va=0x%" PRIxPTR " -> sys 0x%" PRIx64 "\n", m->va + off, m->sys + off);
	mf_translation_holds(r, m->va + off, m->sys + off, 1);
}

static void do_op(run *r, const mf_op *op)
{
	switch (op->code) {
	case OP_ADAPTER: {
		int32_t type = op->bus_type;
		uint32_t number = op->bus_number;
		const mf_window_config *w = op->bus_ref ? window_at(r, (uint8_t)(op->bus_ref - 1)) : NULL;
		if (w) {
			type = w->type;
			number = w->number;
		}
		int slot = model_adapter_create(&r->model, type, number);
		if (slot >= 0)
			r->handles[slot] = mf_adapter_create(type, number);
		if (slot >= 0)
			TRACE(r, "#   a%d created on bus (%" PRId32 ", %" PRIu32 "), initializing\n", slot, type, number);
		else
			TRACE(r, "#   no slot left: skipped\n");
		break;
	}
	case OP_MAP: do_map(r, op); break;
	case OP_UNMAP: do_unmap(r, op); break;
	case OP_ARM:
		if (!r->opt || !r->opt->override_plan)
			mf_fault_arm(&op->plan);
		break;
	case OP_TOUCH: do_touch(r, op); break;
	default: do_lifecycle(r, op); break;
	}
}

/* ---- a core that stops the machine ---- */

/* The clause the stopped operation was judged by: for a map the model's
 * answer to it, as far as the core had got (the faults fired so far). */
static const char *stopped_clause(run *r, NDIS_STATUS *expected)
{
	*expected = 0;
	if (r->clause || !r->op || r->op->code != OP_MAP)
		return r->clause ? r->clause : "life.teardown";
	const mf_op *op = r->op;
	uint64_t pa = resolve_addr(r, &op->addr);
	model_map_expect e = model_map(&r->model, slot_of(r, op->aref), op->flags & MAP_NULL_OUT, pa,
				       resolve_len(r, &op->len, pa), mf_fault_fired_mask(), mf_fault_natural_mask());
	*expected = e.status;
	return e.clause;
}

static void bugchecked(run *r)
{
	const mf_bugcheck *b = mf_bugcheck_last();
	NDIS_STATUS expected;
	r->clause = stopped_clause(r, &expected);
	r->stopped = true;
	r->core_pc = b->caller;
	TRACE(r, "#   the core stopped the machine: bugcheck 0x%08" PRIx32 "\n", b->code);
	mf_violated(r, "BUGCHECK", 0, expected,
		    "the core stopped the machine: bugcheck 0x%08" PRIx32 " (0x%" PRIx64 ", 0x%" PRIx64 ", 0x%" PRIx64
		    ", 0x%" PRIx64 ")",
		    b->code, b->args[0], b->args[1], b->args[2], b->args[3]);
}

/* Each core call runs with a way back armed (src/platform/bugcheck.c):
 * false when the core bugchecked.  Nothing local changes after setjmp. */
static bool guarded_op(run *r, const mf_op *op)
{
	jmp_buf env;
	if (setjmp(env)) {
		bugchecked(r);
		return false;
	}
	mf_bugcheck_arm(&env);
	do_op(r, op);
	mf_bugcheck_arm(NULL);
	return true;
}

static bool guarded_gone(run *r, int slot)
{
	jmp_buf env;
	if (setjmp(env)) {
		bugchecked(r);
		return false;
	}
	mf_bugcheck_arm(&env);
	adapter_gone(r, slot, ADAPTER_GONE_REMOVED, "life.teardown");
	mf_bugcheck_arm(NULL);
	return true;
}

/* What the trace shows of the platform after each operation. */
typedef struct {
	uint32_t claims, pages, ptes, pool, log, dropped, verifier;
} state_figures;

static state_figures state_now(void)
{
	return (state_figures){(uint32_t)seam_registry_count(), mf_va_pages_used(), mf_pte_used(),
			       mf_pool_blocks(), (uint32_t)mf_errlog_count(), mf_errlog_dropped(),
			       (uint32_t)mf_verifier_count()};
}

static void trace_state_change(run *r, const state_figures *before)
{
	state_figures now = state_now();
	const uint32_t *b = &before->claims, *a = &now.claims;
	static const char *const names[] = {"claims", "va pages", "ptes", "pool blocks",
					    "log", "log dropped", "verifier events"};
	char line[256];
	size_t n = 0;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (a[i] == b[i] || n >= sizeof(line))
			continue;
		n += (size_t)snprintf(line + n, sizeof(line) - n, "%s%s %u->%u", n ? ", " : "", names[i], b[i],
				      a[i]);
	}
	TRACE(r, "#   state: %s\n", n ? line : "unchanged");
}

/* Keep-going: where the model started to follow the core, for the trace
 * and the report. */
static void note_resync(run *r)
{
	if (!r->deviated || !r->keep_going)
		return;
	if (r->v->resyncs++ == 0)
		r->v->first_resync = r->op_index;
	TRACE(r, "#   keep-going: the model now follows the core's state\n");
}

bool mf_run(const mf_program *p, const mf_run_options *opt, mf_verdict *v)
{
	run r;
	/* The findings are written as they are made: only the header is cleared
	 * (the verdict is big, and this is every fuzz input's path). */
	memset(v, 0, offsetof(mf_verdict, findings));
	/* Not a whole-struct memset: model_reset sets the model, which is most
	 * of it, and the figures are taken before every operation. */
	memset(r.handles, 0, sizeof(r.handles));
	r.op = NULL;
	r.clause = NULL;
	r.core_pc = 0;
	r.deviated = false;
	r.biased = r.pool_bias_known = false;
	r.claim_digest_bias = 0;
	r.claim_count_bias = 0;
	r.pte_bias = r.va_bias = r.pool_bias = 0;
	r.prog = p;
	r.opt = opt;
	r.v = v;
	r.keep_going = opt && opt->keep_going;
	r.skip_crashes = false;
	if (opt && opt->known)
		for (uint32_t i = 0; i < opt->known->n && !r.skip_crashes; i++)
			r.skip_crashes = strcmp(opt->known->e[i].invariant, "SANITIZER") == 0 ||
					 strcmp(opt->known->e[i].invariant, "CRASH") == 0;
	mf_platform_reset(&p->platform);
	model_reset(&r.model, &p->platform);
	uint64_t initial = mf_state_digest();
	mf_fault_arm(opt && opt->override_plan ? &opt->plan : &p->plan);

	r.stopped = false;
	for (r.op_index = 0; r.op_index < p->nops && !r.stopped && (r.keep_going || !v->violated); r.op_index++) {
		r.op = &p->ops[r.op_index];
		r.deviated = false;
		r.clause = NULL;
		if (TRACING(&r)) {
			char text[128];
			mf_script_format_op(text, sizeof(text), r.op);
			TRACE(&r, "# op #%u: %s\n", r.op_index, text);
		}
		bool tracing = TRACING(&r);
		state_figures before = tracing ? state_now() : (state_figures){0};
		guarded_op(&r, r.op);
		if (tracing)
			trace_state_change(&r, &before);
		note_resync(&r);
		v->ops_run++;
	}

	/* Teardown: every adapter still here is surprise-removed. */
	r.op = NULL;
	r.op_index = p->nops;
	r.deviated = false;
	if (r.stopped)
		goto figures; /* the machine is down: nothing to tear down or judge */
	bool going = r.keep_going || !v->violated;
	if (going)
		TRACE(&r, "# op #%u: teardown (every live adapter removed)\n", r.op_index);
	state_figures before = TRACING(&r) ? state_now() : (state_figures){0};
	for (int slot = 0; slot < (int)r.model.nadapters && (r.keep_going || !v->violated); slot++)
		if (model_adapter_live(&r.model, slot) && !guarded_gone(&r, slot))
			goto figures;
	if (going && TRACING(&r))
		trace_state_change(&r, &before);
	r.clause = "life.teardown";
	if (r.keep_going || !v->violated)
		mf_teardown_clean(&r, initial);
figures:

	v->fallible_calls = mf_fault_calls();
	v->faults_fired = mf_fault_fired_total();
	return !v->violated;
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

bool mf_sweep(const mf_program *p, uint32_t max_runs, mf_sweep_result *res)
{
	memset(res, 0, sizeof(*res));
	mf_run_options opt = {0};
	opt.override_plan = true;
	opt.plan.mode = MF_FAULT_NTH;
	for (uint32_t n = 1; n <= max_runs; n++) {
		opt.plan.nth = n;
		mf_verdict v;
		bool held = mf_run(p, &opt, &v);
		res->runs++;
		res->faults_fired += v.faults_fired;
		if (!held) {
			res->violated = true;
			res->failing_nth = n;
			res->first = v;
			return false;
		}
		if (v.faults_fired == 0)
			break;
	}
	return true;
}

bool mf_sweep_all(const mf_program *p, uint32_t max_runs, const mf_run_options *base, mf_sweep_all_result *res)
{
	memset(res, 0, offsetof(mf_sweep_all_result, found));
	mf_run_options opt = base ? *base : (mf_run_options){0};
	opt.keep_going = true;
	opt.trace = NULL;
	static mf_verdict v; /* big: not on the stack */
	for (uint32_t n = 0; n <= max_runs; n++) {
		/* Run 0 is the program as written, its own plans included. */
		opt.override_plan = n > 0;
		opt.plan = (mf_fault_plan){.mode = MF_FAULT_NTH, .nth = n};
		if (opt.where)
			opt.where->nth = n;
		mf_run(p, &opt, &v);
		res->runs++;
		res->faults_fired += v.faults_fired;
		res->known_hits += v.known_hits;
		res->dropped += v.findings_dropped;
		for (uint32_t i = 0; i < v.nfindings; i++) {
			uint32_t before = res->nfound;
			if (mf_finding_merge(res->found, &res->nfound, MF_MAX_FINDINGS, &v.findings[i], &res->dropped))
				res->nth[before] = n;
		}
		if (n > 0 && v.faults_fired == 0)
			break;
	}
	return res->nfound == 0;
}
