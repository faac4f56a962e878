/* The model.  Every interval test is done on 128-bit integers, where no sum
 * of a 64-bit address and a 32-bit length can overflow: the core has to be
 * careful, the model does not, so the two cannot share an overflow bug. */
#include <string.h>

#include "model.h"

__extension__ typedef __int128 wide;

static bool intervals_meet(wide a, wide alen, wide b, wide blen)
{
	return a < b + blen && b < a + alen;
}

void model_reset(mf_model *m, const mf_platform_config *cfg)
{
	/* Adapters and mappings are read only below their counts. */
	m->cfg = *cfg;
	m->nadapters = 0;
	m->nmaps = 0;
}

int model_adapter_create(mf_model *m, int32_t type, uint32_t number)
{
	if (m->nadapters >= MF_MAX_ADAPTERS)
		return -1;
	int slot = (int)m->nadapters++;
	m->adapters[slot] = (model_adapter){true, true, ADAPTER_INITIALIZING, type, number};
	return slot;
}

bool model_adapter_live(const mf_model *m, int slot)
{
	return slot >= 0 && slot < (int)m->nadapters && m->adapters[slot].live;
}

bool model_transition(mf_model *m, int slot, ADAPTER_PHASE from, ADAPTER_PHASE to)
{
	if (!model_adapter_live(m, slot) || m->adapters[slot].phase != from)
		return false;
	m->adapters[slot].phase = to;
	return true;
}

void model_adapter_gone(mf_model *m, int slot)
{
	for (uint32_t i = 0; i < m->nmaps; i++)
		if (m->maps[i].live && m->maps[i].slot == slot)
			m->maps[i].live = false;
	m->adapters[slot].live = false;
}

/* The declared bus count: the first limit line for the type wins.  A
 * limit naming window k declares that window's type. */
static uint32_t declared_buses(const mf_platform_config *c, int32_t type)
{
	for (uint32_t i = 0; i < c->nlimits; i++) {
		const mf_bus_limit *l = &c->limits[i];
		int32_t declared = l->type;
		if (l->window_ref != 0 && c->nwindows != 0)
			declared = c->windows[(l->window_ref - 1) % c->nwindows].type;
		if (declared == type)
			return l->count;
	}
	return 0;
}

static const mf_window_config *window_holding(const mf_platform_config *c, const model_adapter *a,
					      wide pa, wide length)
{
	for (uint32_t i = 0; i < c->nwindows; i++) {
		const mf_window_config *w = &c->windows[i];
		if (w->type != a->type || w->number != a->number)
			continue;
		if (pa >= (wide)w->win.bus_base && pa + length <= (wide)w->win.bus_base + (wide)w->win.length)
			return w;
	}
	return NULL;
}

static model_map_expect decided(NDIS_STATUS status, const char *clause, const char *why)
{
	model_map_expect e = {0};
	e.status = status;
	e.clause = clause;
	e.why = why;
	return e;
}

model_map_expect model_map(const mf_model *m, int slot, bool null_out, uint64_t pa_bits,
			   uint32_t length, uint32_t fired, uint32_t ran_out)
{
	const mf_platform_config *c = &m->cfg;
	model_map_expect e;
	uint32_t failed = fired | ran_out;

	/* Clause 1: calls that must never be made. */
	if (null_out || !model_adapter_live(m, slot) || m->adapters[slot].phase != ADAPTER_INITIALIZING) {
		e = null_out ? decided(NDIS_STATUS_FAILURE, "map.null-out", "VirtualAddress is NULL")
		    : !model_adapter_live(m, slot)
			? decided(NDIS_STATUS_FAILURE, "map.dead-handle", "handle is not a live adapter")
			: decided(NDIS_STATUS_FAILURE, "map.phase", "adapter is not inside MiniportInitialize");
		e.verifier = VERIFIER_BAD_CALL;
		return e;
	}

	/* Clause 2: bus, range, translation, host RAM. */
	const model_adapter *a = &m->adapters[slot];
	wide pa = pa_bits >= (uint64_t)1 << 63 ? (wide)pa_bits - ((wide)1 << 64) : (wide)pa_bits;
	wide len = length;
	if (a->type < 0 || a->type >= (int32_t)MaximumInterfaceType)
		return decided(NDIS_STATUS_FAILURE, "map.bus-type", "bus type out of range");
	if (a->number >= declared_buses(c, a->type))
		return decided(NDIS_STATUS_FAILURE, "map.bus-number", "bus number not declared for that type");
	if (length == 0)
		return decided(NDIS_STATUS_FAILURE, "map.length-zero", "Length is 0");
	if (pa < 0)
		return decided(NDIS_STATUS_FAILURE, "map.negative", "PhysicalAddress is negative");
	if (pa + len > (wide)INT64_MAX)
		return decided(NDIS_STATUS_FAILURE, "map.overflow", "PhysicalAddress + Length overflows");
	const mf_window_config *w = window_holding(c, a, pa, len);
	if (!w)
		return decided(NDIS_STATUS_FAILURE, "map.window", "range not inside one window of the bus");
	if (failed & (1u << MF_SITE_BUS_TRANSLATE))
		return decided(NDIS_STATUS_FAILURE, "map.translate-fail", "bus translation failed");
	wide sys = (wide)w->win.sys_base + (pa - (wide)w->win.bus_base);
	for (uint32_t i = 0; i < c->nram; i++) {
		if (intervals_meet(sys, len, c->ram[i].start, c->ram[i].length)) {
			e = decided(NDIS_STATUS_FAILURE, "map.host-ram", "translated range touches host RAM");
			e.verifier = VERIFIER_HOST_RAM;
			e.sys = (uint64_t)sys;
			return e;
		}
	}

	/* Clause 3: the claim. */
	bool conflict = false, claim_failed = false;
	for (uint32_t i = 0; i < m->nmaps && !conflict; i++) {
		const model_mapping *o = &m->maps[i];
		if (o->live && o->slot != slot && intervals_meet(sys, len, o->sys, o->length))
			conflict = true;
	}
	if (!conflict && (failed & (1u << MF_SITE_REGISTRY_CLAIM)))
		claim_failed = true;
	if (conflict || claim_failed) {
		e = conflict ? decided(NDIS_STATUS_RESOURCE_CONFLICT, "map.conflict", "range claimed by another adapter")
			     : decided(NDIS_STATUS_RESOURCE_CONFLICT, "map.claim-fail", "registry claim failed");
		e.log = true;
		e.log_dropped = (failed & (1u << MF_SITE_ERRLOG_WRITE)) != 0;
		e.sys = (uint64_t)sys;
		return e;
	}

	/* Clause 4: allocation and mapping. */
	if (failed & (1u << MF_SITE_POOL_ALLOC))
		return decided(NDIS_STATUS_RESOURCES, "map.pool-fail", "pool allocation failed");
	if (failed & (1u << MF_SITE_VA_RESERVE))
		return decided(NDIS_STATUS_RESOURCES, "map.va-fail", "no virtual run reserved");
	if (failed & (1u << MF_SITE_PTE_SET))
		return decided(NDIS_STATUS_RESOURCES, "map.pte-fail", "page-table entry failed");

	/* Clause 5. */
	e = decided(NDIS_STATUS_SUCCESS, "map.success", "mapped");
	e.sys = (uint64_t)sys;
	e.pages = (uint64_t)((sys % NDIS_PAGE_SIZE + len + NDIS_PAGE_SIZE - 1) / NDIS_PAGE_SIZE);
	return e;
}

void model_map_commit(mf_model *m, int slot, uint64_t pa, uint32_t length,
		      const model_map_expect *e, uintptr_t va)
{
	if (m->nmaps >= MF_MAX_OPS)
		return; /* one map per operation: cannot happen */
	m->maps[m->nmaps++] = (model_mapping){true, slot, va, length, pa, e->sys, e->pages};
}

int model_unmap_target(const mf_model *m, int slot, uintptr_t va, uint32_t length)
{
	if (!model_adapter_live(m, slot))
		return -1;
	ADAPTER_PHASE phase = m->adapters[slot].phase;
	if (phase != ADAPTER_INITIALIZING && phase != ADAPTER_HALTING)
		return -1;
	for (uint32_t i = 0; i < m->nmaps; i++) {
		const model_mapping *o = &m->maps[i];
		if (o->live && o->slot == slot && o->va == va && o->length == length)
			return (int)i;
	}
	return -1;
}

void model_unmap_commit(mf_model *m, int index)
{
	m->maps[index].live = false;
}

uint64_t model_live_pages(const mf_model *m)
{
	uint64_t pages = 0;
	for (uint32_t i = 0; i < m->nmaps; i++)
		if (m->maps[i].live)
			pages += m->maps[i].pages;
	return pages;
}

uint32_t model_live_count(const mf_model *m)
{
	uint32_t n = 0;
	for (uint32_t i = 0; i < m->nmaps; i++)
		n += m->maps[i].live;
	return n;
}
