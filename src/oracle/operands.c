/* Resolving an operation's operands against the state so far: adapter
 * references, and addresses and lengths anchored at windows or mappings. */
#include "run.h"

int mf_slot_of(const run *r, uint8_t aref)
{
	return aref < MF_MAX_ADAPTERS && aref < r->model.nadapters ? aref : -1;
}

NDIS_HANDLE mf_handle_of(const run *r, uint8_t aref)
{
	if (aref == AREF_NULL)
		return NULL;
	int slot = mf_slot_of(r, aref);
	/* A slot not yet created is a handle that never named an adapter. */
	return slot >= 0 ? r->handles[slot] : mf_adapter_bogus_handle(0x100u + aref);
}

const mf_window_config *mf_window_at(const run *r, uint8_t index)
{
	const mf_platform_config *c = &r->model.cfg;
	return c->nwindows ? &c->windows[index % c->nwindows] : NULL;
}

const model_mapping *mf_mapping_at(const run *r, uint8_t index)
{
	return r->model.nmaps ? &r->model.maps[index % r->model.nmaps] : NULL;
}

static uint64_t delta_of(const mf_expr *e)
{
	int64_t d = e->pages ? (int64_t)e->delta * (int64_t)NDIS_PAGE_SIZE : e->delta;
	return (uint64_t)d;
}

/* Unsigned arithmetic throughout: anchors plus deltas wrap, by design. */
uint64_t mf_resolve_addr(const run *r, const mf_expr *e)
{
	const mf_window_config *w = mf_window_at(r, e->index);
	const model_mapping *m = mf_mapping_at(r, e->index);
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

uint32_t mf_resolve_len(const run *r, const mf_expr *e, uint64_t addr)
{
	const mf_window_config *w = mf_window_at(r, e->index);
	const model_mapping *m = mf_mapping_at(r, e->index);
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
