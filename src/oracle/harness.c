/* One run of a program: core and model side by side, every invariant of
 * docs/CONTRACT.md checked after every operation, the first violation
 * recorded with its ID.  Checks run in a fixed order, most specific first,
 * so a broken clause is named by its own ID. */
#include <inttypes.h>
#include <stdarg.h>
#include <string.h>

#include "harness.h"
#include "model.h"
#include "program/script.h"

#define POISON ((PVOID)(uintptr_t)0x5A5A5A5A5A5A5A5Aull)

typedef struct {
	const mf_program *prog;
	const mf_run_options *opt;
	mf_verdict *v;
	mf_model model;
	NDIS_HANDLE handles[MF_MAX_ADAPTERS];
	uint32_t op_index;
	const mf_op *op;
	/* Platform figures taken before each operation. */
	uint64_t digest;
	size_t log_count, verifier_count;
	uint32_t dropped, misuses, calls;
	size_t claims;
} run;

/* Records the first violation; later ones in the same run are ignored. */
static bool violated(run *r, const char *id, NDIS_STATUS seen, NDIS_STATUS expected, const char *fmt, ...)
{
	mf_verdict *v = r->v;
	if (v->violated)
		return false;
	v->violated = true;
	v->invariant = id;
	v->op_index = r->op_index;
	if (r->op)
		mf_script_format_op(v->op_text, sizeof(v->op_text), r->op);
	else
		snprintf(v->op_text, sizeof(v->op_text), "teardown");
	v->seen = seen;
	v->expected = expected;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(v->detail, sizeof(v->detail), fmt, ap);
	va_end(ap);
	return false;
}

#define CHECK(r, cond, id, seen, expected, ...) \
	((cond) ? true : violated((r), (id), (seen), (expected), __VA_ARGS__))

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

/* ---- checks shared by several operations ---- */

static bool status_known(NDIS_STATUS s)
{
	return s == NDIS_STATUS_SUCCESS || s == NDIS_STATUS_FAILURE || s == NDIS_STATUS_RESOURCES ||
	       s == NDIS_STATUS_RESOURCE_CONFLICT;
}

/* Verifier events of this operation against the expected list, as multisets. */
static bool verifier_matches(const run *r, const mf_verifier_event *want, size_t nwant, bool match_details)
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
static bool registry_matches_model(const run *r)
{
	const mf_model *m = &r->model;
	uint64_t want = 0;
	for (uint32_t i = 0; i < m->nmaps; i++) {
		const model_mapping *o = &m->maps[i];
		if (o->live)
			want += mf_claim_digest(r->handles[o->slot], o->sys, o->length);
	}
	return seam_registry_count() == model_live_count(m) && mf_registry_digest() == want;
}

__extension__ typedef unsigned __int128 uwide;

/* Only a map adds claims, appended after those it found, and the registry
 * was disjoint before it: checking the new claims against all is enough. */
static bool registry_disjoint(run *r)
{
	size_t n = seam_registry_count();
	for (size_t i = r->claims < n ? r->claims : n; i < n; i++) {
		SEAM_CLAIM a = seam_registry_at(i);
		for (size_t j = 0; j < n; j++) {
			SEAM_CLAIM b = seam_registry_at(j);
			if (j == i || a.owner == b.owner)
				continue;
			if ((uwide)a.start < (uwide)b.start + b.length && (uwide)b.start < (uwide)a.start + a.length)
				return violated(r, "REG-DISJOINT", 0, 0,
						"claims [0x%" PRIx64 ",+0x%" PRIx64 ") and [0x%" PRIx64 ",+0x%" PRIx64 ") of two adapters overlap",
						a.start, a.length, b.start, b.length);
		}
	}
	return true;
}

/* Only a successful map adds a live mapping (the newest): check it alone. */
static bool va_disjoint(run *r)
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
			return violated(r, "VA-DISJOINT", 0, 0, "mappings m%u and m%u share virtual pages", j, i);
	}
	return true;
}

/* Registry and page accounting against the model, under the ID of the
 * operation that changed them; global invariants after. */
static bool state_matches(run *r, const char *claims_id, const char *pages_id)
{
	uint64_t pages = model_live_pages(&r->model);
	if (!CHECK(r, registry_matches_model(r), claims_id, 0, 0,
		   "registry holds %zu claims, the model %u", seam_registry_count(), model_live_count(&r->model)))
		return false;
	return CHECK(r, mf_pte_used() == pages && mf_va_pages_used() == pages, pages_id, 0, 0,
		     "%u page-table entries and %u virtual pages in use, live mappings span %" PRIu64,
		     mf_pte_used(), mf_va_pages_used(), pages);
}

static bool no_misuse(run *r)
{
	return CHECK(r, mf_misuse_count() == r->misuses, "SEAM-MISUSE", 0, 0, "%s", mf_misuse_first());
}

static bool no_fallible_calls(run *r)
{
	return CHECK(r, mf_fault_calls() == r->calls, "RELEASE-INFALLIBLE", 0, 0,
		     "%u fallible platform calls during a release", mf_fault_calls() - r->calls);
}

/* Pool use returns to its start whenever nothing is mapped. */
static bool pool_idle(run *r, const char *id)
{
	if (model_live_count(&r->model) != 0)
		return true;
	return CHECK(r, mf_pool_blocks() == 0, id, 0, 0, "%u pool blocks held with nothing mapped",
		     mf_pool_blocks());
}

/* Every page of [va, va+length) reaches the matching system-physical byte,
 * non-cached.  Checked at the first byte, each page start and the last byte. */
static bool translation_holds(run *r, uintptr_t va, uint64_t sys, uint32_t length)
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

/* ---- operations ---- */

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
	take_figures(r);
	NDIS_STATUS st = NdisMMapIoSpace(null_out ? NULL : &va, h, phys, len);
	model_map_expect e = model_map(&r->model, slot, null_out, pa, len, mf_fault_fired_mask(),
				       mf_fault_natural_mask());
	TRACE(r, "#   pa=0x%" PRIx64 " len=0x%x -> %s, expected %s (%s)", pa, len, mf_status_name(st),
	      mf_status_name(e.status), e.why);
	if (st == NDIS_STATUS_SUCCESS && e.status == NDIS_STATUS_SUCCESS)
		TRACE(r, " va=0x%" PRIxPTR, (uintptr_t)va);
	TRACE(r, "\n");
	trace_faults(r);

	if (!CHECK(r, status_known(st), "MAP-STATUS-CODE", st, e.status, "not one of the four codes"))
		return;
	if (!CHECK(r, null_out || st == NDIS_STATUS_SUCCESS || va == NULL, "MAP-NULL-ON-FAILURE", st, e.status,
		   "*VirtualAddress left at %p", va))
		return;
	/* A success over another adapter's claim breaks a clause more precise
	 * than the status: name that one. */
	if (st == NDIS_STATUS_SUCCESS && !registry_disjoint(r))
		return;
	if (!CHECK(r, st == e.status, "MAP-STATUS", st, e.status, "%s", e.why))
		return;
	if (st == NDIS_STATUS_SUCCESS) {
		uintptr_t got = (uintptr_t)va;
		if (!CHECK(r, got != 0 && got % NDIS_PAGE_SIZE == e.sys % NDIS_PAGE_SIZE, "MAP-SUCCESS-VA", st,
			   e.status, "VA 0x%" PRIxPTR " for system address 0x%" PRIx64, got, e.sys))
			return;
		if (!translation_holds(r, got, e.sys, len))
			return;
		model_map_commit(&r->model, slot, pa, len, &e, got);
	} else if (!CHECK(r, mf_state_digest() == r->digest, "MAP-ATOMIC", st, e.status,
			  "state changed by a failed map")) {
		return;
	}

	size_t logged = mf_errlog_count() - r->log_count;
	uint32_t dropped = mf_errlog_dropped() - r->dropped;
	size_t want_logged = e.log && !e.log_dropped;
	uint32_t want_dropped = e.log && e.log_dropped;
	const mf_log_entry *entry = logged ? mf_errlog_at(r->log_count) : NULL;
	if (!CHECK(r, logged == want_logged && dropped == want_dropped, "LOG-CONFLICT-ONCE", st, e.status,
		   "%zu entries and %u dropped, expected %zu and %u", logged, dropped, want_logged, want_dropped))
		return;
	if (entry && !CHECK(r, entry->code == NDIS_ERROR_CODE_RESOURCE_CONFLICT && entry->adapter == h &&
				       entry->start == e.sys && entry->length == len,
			    "LOG-CONFLICT-ONCE", st, e.status, "entry code 0x%x for [0x%" PRIx64 ",+0x%" PRIx64 ")",
			    entry->code, entry->start, entry->length))
		return;

	mf_verifier_event want = {e.verifier, h, e.sys, len};
	bool details = e.verifier == VERIFIER_HOST_RAM;
	if (!CHECK(r, verifier_matches(r, &want, e.verifier ? 1 : 0, details), "VERIFIER-EVENT", st, e.status,
		   "%zu verifier events, expected %d", mf_verifier_count() - r->verifier_count,
		   e.verifier ? 1 : 0))
		return;
	/* Registry disjointness was checked before the status: a success is
	 * the only map that adds claims. */
	if (no_misuse(r) && (st != NDIS_STATUS_SUCCESS || va_disjoint(r)))
		state_matches(r, "MAP-CLAIM", "PTE-ACCOUNT");
}

static void do_unmap(run *r, const mf_op *op)
{
	int slot = slot_of(r, op->aref);
	NDIS_HANDLE h = handle_of(r, op->aref);
	const model_mapping *m = mapping_at(r, op->mref);
	uintptr_t va = (m ? m->va : 0) + (uintptr_t)(intptr_t)op->va_delta;
	uint32_t len = (m ? m->length : 0) + (uint32_t)(int32_t)op->len_delta;
	int target = model_unmap_target(&r->model, slot, va, len);

	take_figures(r);
	NdisMUnmapIoSpace(h, (PVOID)va, len);
	TRACE(r, "#   va=0x%" PRIxPTR " len=0x%x -> %s\n", va, len,
	      target >= 0 ? "released" : "bad unmap, expect a verifier event");

	if (!no_fallible_calls(r))
		return;
	mf_verifier_event want = {VERIFIER_BAD_UNMAP, h, va, len};
	if (!CHECK(r, verifier_matches(r, &want, target < 0 ? 1 : 0, true), "VERIFIER-EVENT", 0, 0,
		   "%zu verifier events, expected %d", mf_verifier_count() - r->verifier_count, target < 0))
		return;
	if (target < 0 && !CHECK(r, mf_state_digest() == r->digest, "UNMAP-BAD-NOCHANGE", 0, 0,
				 "a bad unmap changed the state"))
		return;
	if (!no_misuse(r))
		return;
	if (target >= 0)
		model_unmap_commit(&r->model, target);
	if (state_matches(r, "UNMAP-EXACT", "UNMAP-EXACT"))
		pool_idle(r, "UNMAP-EXACT");
}

/* An adapter leaves: the core must name each live mapping as a leak and
 * release it. */
static void adapter_gone(run *r, int slot, ADAPTER_GONE_REASON reason)
{
	NDIS_HANDLE h = r->handles[slot];
	mf_verifier_event want[MF_MAX_OPS];
	size_t nwant = 0;
	for (uint32_t i = 0; i < r->model.nmaps; i++) {
		const model_mapping *o = &r->model.maps[i];
		if (o->live && o->slot == slot)
			want[nwant++] = (mf_verifier_event){VERIFIER_LEAK, h, o->va, o->length};
	}
	take_figures(r);
	NdisCoreAdapterGone(h, reason);
	mf_adapter_destroy(h);
	model_adapter_gone(&r->model, slot);
	TRACE(r, "#   a%d gone, %zu leak%s\n", slot, nwant, nwant == 1 ? "" : "s");

	if (!no_fallible_calls(r))
		return;
	if (!CHECK(r, verifier_matches(r, want, nwant, true), "LIFE-LEAK-REPORTED", 0, 0,
		   "%zu verifier events, expected %zu leaks", mf_verifier_count() - r->verifier_count, nwant))
		return;
	if (no_misuse(r) && state_matches(r, "LIFE-TEARDOWN-CLEAN", "LIFE-TEARDOWN-CLEAN"))
		pool_idle(r, "LIFE-TEARDOWN-CLEAN");
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
			adapter_gone(r, slot, ADAPTER_GONE_INIT_FAILED);
		break;
	case OP_HALT_END:
		applies = model_adapter_live(m, slot) && m->adapters[slot].phase == ADAPTER_HALTING;
		if (applies)
			adapter_gone(r, slot, ADAPTER_GONE_HALTED);
		break;
	case OP_REMOVE:
		applies = model_adapter_live(m, slot);
		if (applies)
			adapter_gone(r, slot, ADAPTER_GONE_REMOVED);
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
	if (!m || !m->live) {
		TRACE(r, "#   no live mapping: skipped\n");
		return;
	}
	uint32_t off = op->offset % m->length;
	TRACE(r, "#   va=0x%" PRIxPTR " -> sys 0x%" PRIx64 "\n", m->va + off, m->sys + off);
	translation_holds(r, m->va + off, m->sys + off, 1);
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

bool mf_run(const mf_program *p, const mf_run_options *opt, mf_verdict *v)
{
	run r;
	memset(v, 0, sizeof(*v));
	memset(r.handles, 0, sizeof(r.handles));
	r.prog = p;
	r.opt = opt;
	r.v = v;
	r.op = NULL;
	mf_platform_reset(&p->platform);
	model_reset(&r.model, &p->platform);
	uint64_t initial = mf_state_digest();
	mf_fault_arm(opt && opt->override_plan ? &opt->plan : &p->plan);

	for (r.op_index = 0; r.op_index < p->nops && !v->violated; r.op_index++) {
		r.op = &p->ops[r.op_index];
		if (TRACING(&r)) {
			char text[128];
			mf_script_format_op(text, sizeof(text), r.op);
			TRACE(&r, "# op #%u: %s\n", r.op_index, text);
		}
		bool tracing = TRACING(&r);
		state_figures before = tracing ? state_now() : (state_figures){0};
		do_op(&r, r.op);
		if (tracing)
			trace_state_change(&r, &before);
		v->ops_run++;
	}

	/* Teardown: every adapter still here is surprise-removed. */
	r.op = NULL;
	r.op_index = p->nops;
	if (!v->violated)
		TRACE(&r, "# op #%u: teardown (every live adapter removed)\n", r.op_index);
	state_figures before = TRACING(&r) ? state_now() : (state_figures){0};
	for (int slot = 0; slot < (int)r.model.nadapters && !v->violated; slot++)
		if (model_adapter_live(&r.model, slot))
			adapter_gone(&r, slot, ADAPTER_GONE_REMOVED);
	if (!v->violated && TRACING(&r))
		trace_state_change(&r, &before);
	if (!v->violated)
		CHECK(&r, mf_state_digest() == initial && mf_pool_blocks() == 0, "LIFE-TEARDOWN-CLEAN", 0, 0,
		      "state after teardown differs from the initial state");

	v->fallible_calls = mf_fault_calls();
	v->faults_fired = mf_fault_fired_total();
	return !v->violated;
}

void mf_verdict_print(FILE *f, const mf_verdict *v)
{
	fprintf(f, "mapfuzz: %s violated at op #%u (%s): status 0x%08" PRIx32 ", expected 0x%08" PRIx32 " -- %s\n",
		v->invariant, v->op_index, v->op_text, (uint32_t)v->seen, (uint32_t)v->expected, v->detail);
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
