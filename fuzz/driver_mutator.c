/* Structural mutations of driver programs (driver_mutator.h).  Each edit
 * is one step a byte mutation rarely makes: the encoded records are
 * variable-length, so "one more memory range" or "fail the third call of
 * NdisMAllocateSharedMemory" is a well-formed record in the right place,
 * which a byte flip almost never writes.  Deterministic in (input, seed). */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "driver/program.h"
#include "driver_mutator.h"

typedef struct {
	uint64_t s;
} rng;

static uint32_t next(rng *r)
{
	uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return (uint32_t)((z ^ (z >> 31)) >> 32);
}

static uint32_t below(rng *r, uint32_t n)
{
	return n ? next(r) % n : 0;
}

/* The lengths drivers compare against: register blocks and pages, one
 * either side, and the odd ones. */
static const uint32_t lengths[] = {0x1, 0x4, 0x10, 0x20, 0x40, 0x80, 0x100, 0xFF, 0x101, 0x200, 0x400,
				   0x800, 0xFFF, 0x1000, 0x1001, 0x1234, 0x2000, 0x4000, 0x8000, 0x10000, 0x100000};

static void ensure_device(dv_program *p)
{
	if (p->ndevices)
		return;
	p->ndevices = 1;
	dv_device_default(&p->dev[0]);
}

/* A resource of `type` for device d, after the ones it has. */
static bool add_resource(dv_program *p, rng *r, uint32_t d, uint8_t type)
{
	dv_device *dv = &p->dev[d];
	if (dv->nres >= DV_MAX_RES)
		return false;
	dk_resource_desc x = {.type = type};
	uint64_t mem_end = 0xF0000000ull + 0x10000ull * d, port_end = 0xC000 + 0x100ull * d;
	for (uint32_t i = 0; i < dv->nres; i++) {
		const dk_resource_desc *e = &dv->res[i];
		if (e->type == DK_DESC_MEMORY && e->start + e->length > mem_end)
			mem_end = (e->start + e->length + 0xFFF) & ~0xFFFull;
		if (e->type == DK_DESC_PORT && e->start + e->length > port_end)
			port_end = e->start + e->length;
	}
	if (type == DK_DESC_MEMORY)
		x.start = mem_end, x.length = below(r, 2) ? 0x1000 : lengths[below(r, sizeof(lengths) / sizeof(lengths[0]))];
	else if (type == DK_DESC_PORT)
		x.start = port_end, x.length = below(r, 2) ? 0x100 : 0x20u << below(r, 4);
	else
		x.level = x.vector = 5 + below(r, 11);
	/* Anywhere in the list: drivers that take "the first memory range"
	 * see a new first one. */
	uint32_t at = below(r, dv->nres + 1);
	memmove(&dv->res[at + 1], &dv->res[at], (dv->nres - at) * sizeof(dv->res[0]));
	dv->res[at] = x;
	dv->nres++;
	return true;
}

static int pick_resource(const dv_device *dv, rng *r, int type)
{
	int idx[DV_MAX_RES], n = 0;
	for (uint32_t i = 0; i < dv->nres; i++)
		if (type < 0 || dv->res[i].type == type)
			idx[n++] = (int)i;
	return n ? idx[below(r, (uint32_t)n)] : -1;
}

static dv_poll hints[DV_MAX_POLLED];
static uint32_t nhints;

void fd_mutator_hints(const dv_poll *polls, uint32_t n)
{
	nhints = n < DV_MAX_POLLED ? n : DV_MAX_POLLED;
	memcpy(hints, polls, nhints * sizeof(dv_poll));
}

/* A register the driver reads on adapter d: its resource, offset and how
 * often it was read; false when none is known. */
static bool hinted(rng *r, uint32_t d, int *res, uint32_t *offset, uint32_t *count)
{
	uint32_t idx[DV_MAX_POLLED], n = 0;
	for (uint32_t i = 0; i < nhints; i++)
		if (hints[i].adapter == d)
			idx[n++] = i;
	if (!n || below(r, 8) == 0)
		return false;
	const dv_poll *h = &hints[idx[below(r, n)]];
	*res = h->res, *offset = h->offset, *count = h->count;
	return true;
}

static bool has_op(const dv_program *p, uint8_t code, uint8_t a)
{
	for (uint32_t i = 0; i < p->nops; i++)
		if (p->ops[i].code == code && p->ops[i].adapter == a)
			return true;
	return false;
}

static bool insert_ops(dv_program *p, uint32_t at, const dv_op *ops, uint32_t n)
{
	if (p->nops + n > DV_MAX_OPS || at > p->nops)
		return false;
	memmove(&p->ops[at + n], &p->ops[at], (p->nops - at) * sizeof(dv_op));
	memcpy(&p->ops[at], ops, n * sizeof(dv_op));
	p->nops += n;
	return true;
}

/* The driver's registry keywords, from the environment (comma separated). */
static const char *keyword(rng *r, char *buf, size_t cap)
{
	const char *all = getenv("MAPFUZZ_DRIVER_KEYWORDS");
	if (!all || !*all)
		return NULL;
	uint32_t n = 1;
	for (const char *c = all; *c; c++)
		n += *c == ',';
	uint32_t k = below(r, n);
	const char *s = all;
	while (k-- && strchr(s, ','))
		s = strchr(s, ',') + 1;
	size_t len = strcspn(s, ",");
	if (len == 0 || len >= cap)
		return NULL;
	memcpy(buf, s, len);
	buf[len] = '\0';
	return buf;
}

static bool mutate(dv_program *p, rng *r)
{
	ensure_device(p);
	uint32_t d = below(r, p->ndevices);
	dv_device *dv = &p->dev[d];
	switch (below(r, 12)) {
	case 0: { /* one more resource of a kind */
		static const uint8_t types[] = {DK_DESC_MEMORY, DK_DESC_MEMORY, DK_DESC_PORT, DK_DESC_INTERRUPT};
		return add_resource(p, r, d, types[below(r, 4)]);
	}
	case 1: { /* one fewer */
		int i = pick_resource(dv, r, -1);
		if (i < 0)
			return false;
		memmove(&dv->res[i], &dv->res[i + 1], (dv->nres - (uint32_t)i - 1) * sizeof(dv->res[0]));
		dv->nres--;
		return true;
	}
	case 2: { /* a length nudged to the driver's checks */
		int i = pick_resource(dv, r, below(r, 2) ? DK_DESC_MEMORY : DK_DESC_PORT);
		if (i < 0)
			return false;
		uint32_t *len = &dv->res[i].length;
		switch (below(r, 3)) {
		case 0: *len = lengths[below(r, sizeof(lengths) / sizeof(lengths[0]))]; break;
		case 1: *len = *len + (below(r, 2) ? 1u : -1u); break;
		default: *len = below(r, 2) ? *len * 2 : *len / 2; break;
		}
		uint32_t max = dv->res[i].type == DK_DESC_MEMORY ? DV_MAX_MEM_LEN : DV_MAX_PORT_LEN;
		if (*len == 0 || *len > max)
			*len = dv->res[i].type == DK_DESC_MEMORY ? 0x1000 : 0x100;
		return true;
	}
	case 3: /* a fault armed before one named routine */
		p->fault = (dv_fault){.mode = DV_FAULT_SITE, .site = (uint8_t)(1 + below(r, DK_SITE_COUNT - 1)),
				      .n = 1 + below(r, below(r, 2) ? 2 : 8)};
		return true;
	case 4: { /* a second fault inside the cleanup of the first */
		uint32_t n = p->fault.mode == DV_FAULT_NTH && p->fault.n ? p->fault.n : 1 + below(r, 40);
		p->fault = (dv_fault){.mode = DV_FAULT_NTH, .n = n, .n2 = n + 1 + below(r, 8)};
		return true;
	}
	case 5: /* the Nth call overall, near where it was */
		if (p->fault.mode == DV_FAULT_NTH && p->fault.n) {
			uint32_t n = p->fault.n + below(r, 5) - 2;
			p->fault.n = n ? n : 1;
			if (p->fault.n2 <= p->fault.n)
				p->fault.n2 = 0;
		} else {
			p->fault = (dv_fault){.mode = DV_FAULT_NTH, .n = 1 + below(r, 48)};
		}
		return true;
	case 6: { /* a register word flipped at the moment it is polled */
		int i = pick_resource(dv, r, below(r, 4) ? DK_DESC_MEMORY : DK_DESC_PORT);
		uint32_t off = 4 * below(r, 64), seen = 8;
		hinted(r, d, &i, &off, &seen);
		if (i < 0 || (uint32_t)i >= dv->nres || dv->nreads >= DV_MAX_READS)
			return false;
		uint32_t base = 0;
		for (uint32_t k = 0; k < dv->nregs; k++)
			if (dv->regs[k].res == i && below(r, 2))
				off = dv->regs[k].offset, base = dv->regs[k].value;
		for (uint32_t k = 0; k < dv->nreads; k++)
			if (dv->reads[k].res == i && below(r, 2))
				off = dv->reads[k].offset, base = dv->reads[k].value;
		uint32_t v;
		switch (below(r, 4)) {
		case 0: v = 0; break;
		case 1: v = 0xFFFFFFFFu; break;
		default: v = base ^ (1u << below(r, 32)); break;
		}
		dv->reads[dv->nreads++] = (dv_read){.res = (uint8_t)i, .offset = off,
						    .k = (uint16_t)(1 + below(r, seen < 64 ? seen + 1 : 64)), .value = v};
		return true;
	}
	case 7: { /* a register's contents: a bit flipped, held for every read */
		int i = pick_resource(dv, r, below(r, 4) ? DK_DESC_MEMORY : DK_DESC_PORT);
		uint32_t off = 4 * below(r, 64), seen;
		bool hint = hinted(r, d, &i, &off, &seen);
		if (i < 0 || (uint32_t)i >= dv->nres)
			return false;
		for (uint32_t k = 0; k < dv->nregs; k++)
			if (dv->regs[k].res == i && (hint ? dv->regs[k].offset == off : below(r, 2))) {
				dv->regs[k].value ^= 1u << below(r, 32);
				return true;
			}
		if (below(r, 3) == 0 && dv->nafters < DV_MAX_AFTERS) {
			/* Or from a moment of virtual time on: a bit that settles
			 * (or never does) while the driver stalls and polls. */
			static const uint32_t us[] = {1, 10, 100, 1000, 10000, 100000, 1000000};
			dv->afters[dv->nafters++] = (dv_after){.res = (uint8_t)i, .offset = off,
							       .us = us[below(r, sizeof(us) / sizeof(us[0]))],
							       .value = below(r, 2) ? 0 : 1u << below(r, 32)};
			return true;
		}
		if (dv->nregs >= DV_MAX_REGS)
			return false;
		dv->regs[dv->nregs++] = (dv_reg){.res = (uint8_t)i, .offset = off, .value = 1u << below(r, 32)};
		return true;
	}
	case 8: { /* a keyword of the driver's, at a boundary */
		char name[DV_NAME];
		if (!keyword(r, name, sizeof(name)))
			return false;
		static const uint32_t values[] = {0, 1, 2, 3, 4, 7, 8, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 255, 256, 1024, 0xFFFFFFFFu};
		dv_registry *g = NULL;
		for (uint32_t k = 0; k < dv->nregistry && !g; k++)
			if (strcmp(dv->registry[k].name, name) == 0)
				g = &dv->registry[k];
		if (!g) {
			if (dv->nregistry >= DV_MAX_REGISTRY)
				return false;
			g = &dv->registry[dv->nregistry++];
			memset(g, 0, sizeof(*g));
			memcpy(g->name, name, strlen(name) + 1);
		}
		g->is_text = false;
		g->value = values[below(r, sizeof(values) / sizeof(values[0]))];
		return true;
	}
	case 9: /* the network address: multicast, zero, or none */
		switch (below(r, 3)) {
		case 0: dv->has_mac = true, dv->mac[0] |= 1; break;
		case 1: dv->has_mac = true, memset(dv->mac, 0, 6); break;
		default: dv->has_mac = !dv->has_mac; break;
		}
		return true;
	case 10: { /* halt, surprise removal or re-initialize after an init */
		uint8_t a = (uint8_t)d;
		uint32_t at = p->nops;
		for (uint32_t i = 0; i < p->nops; i++)
			if (p->ops[i].code == DV_OP_INIT && p->ops[i].adapter == a)
				at = i + 1;
		if (at == p->nops && !has_op(p, DV_OP_INIT, a)) {
			dv_op seq[] = {{DV_OP_ENTRY, 0}, {DV_OP_INIT, a}, {DV_OP_HALT, a}, {DV_OP_UNLOAD, 0}};
			return insert_ops(p, p->nops, has_op(p, DV_OP_ENTRY, 0) ? seq + 1 : seq, has_op(p, DV_OP_ENTRY, 0) ? 3 : 4);
		}
		switch (below(r, 3)) {
		case 0: {
			dv_op seq[] = {{DV_OP_REMOVE, a}};
			return insert_ops(p, at, seq, 1);
		}
		case 1: {
			dv_op seq[] = {{DV_OP_HALT, a}, {DV_OP_INIT, a}};
			return insert_ops(p, at, seq, 2);
		}
		default: {
			dv_op seq[] = {{DV_OP_HALT, a}};
			return insert_ops(p, at, seq, 1);
		}
		}
	}
	default: { /* a second adapter like the first, on the next slot */
		if (p->ndevices >= DV_MAX_ADAPTERS)
			return false;
		uint32_t n = p->ndevices++;
		p->dev[n] = p->dev[0];
		p->dev[n].slot = (uint8_t)((p->dev[0].slot + n) % 32);
		for (uint32_t i = 0; i < p->dev[n].nres; i++) {
			dk_resource_desc *x = &p->dev[n].res[i];
			if (x->type == DK_DESC_MEMORY)
				x->start += 0x20000ull * n;
			else if (x->type == DK_DESC_PORT)
				x->start += 0x100ull * n;
		}
		uint32_t at = p->nops;
		for (uint32_t i = 0; i < p->nops; i++)
			if (p->ops[i].code == DV_OP_INIT && p->ops[i].adapter == 0)
				at = i + 1;
		dv_op seq[] = {{DV_OP_INIT, (uint8_t)n}, {DV_OP_HALT, (uint8_t)n}};
		return insert_ops(p, at, seq, 2) || true;
	}
	}
}

size_t fd_mutate_structure(uint8_t *data, size_t size, size_t max_size, uint32_t seed)
{
	static dv_program p;
	static uint8_t out[1 << 16];
	dv_decode(data, size, &p);
	rng r = {seed * 0x2545F4914F6CDD1Dull + size};
	if (!mutate(&p, &r))
		return 0;
	size_t n = dv_encode(&p, out, sizeof(out));
	if (n == 0 || n > max_size || n > sizeof(out))
		return 0;
	memcpy(data, out, n);
	return n;
}
