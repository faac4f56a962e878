/* Driver programs in text and bytes (docs/FORMAT.md, "Driver programs"). */
#include "driver/program.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "program/byte_reader.h"

static const char *const site_names[DK_SITE_COUNT] = {
	"none", "register-miniport", "set-attributes", "query-resources", "read-pci-slot",
	"open-configuration", "read-configuration", "read-network-address", "map-io-space",
	"register-io-port", "allocate-memory", "allocate-shared", "sg-dma", "register-interrupt",
	"allocate-timer", "allocate-work-item", "packet-pool", "packet", "nbl-pool", "nbl", "mdl",
};

const char *const dv_clause_keys[DV_CL_COUNT + 1] = {
	"drv.entry", "drv.init", "drv.init-fail", "drv.halt", "drv.remove", "drv.reinit", "drv.unload", NULL,
};

const char *dv_site_name(unsigned site)
{
	return site < DK_SITE_COUNT ? site_names[site] : "?";
}

const char *dv_op_name(unsigned code)
{
	switch (code) {
	case DV_OP_ENTRY: return "entry";
	case DV_OP_INIT: return "init";
	case DV_OP_HALT: return "halt";
	case DV_OP_REMOVE: return "remove";
	case DV_OP_UNLOAD: return "unload";
	default: return "?";
	}
}

void dv_device_default(dv_device *d)
{
	memset(d, 0, sizeof(*d));
	d->vendor = 0x4D46;
	d->device = 0x4E49;
	d->revision = 1;
	d->slot = 3;
}

/* ---- text ---- */

static bool name_char(int ch)
{
	return isalnum(ch) || ch == '_' || ch == '-' || ch == '.' || ch == '*';
}

typedef struct {
	char *tok[16];
	int n;
	int line;
	char *err;
	size_t errsize;
} line_ctx;

static bool fail(line_ctx *c, const char *fmt, ...)
{
	va_list ap;
	int k = snprintf(c->err, c->errsize, "line %d: ", c->line);
	va_start(ap, fmt);
	if (k >= 0 && (size_t)k < c->errsize)
		vsnprintf(c->err + k, c->errsize - (size_t)k, fmt, ap);
	va_end(ap);
	return false;
}

static bool num(line_ctx *c, int i, uint64_t max, uint64_t *out)
{
	if (i >= c->n)
		return fail(c, "missing a number after '%s'", c->tok[i - 1]);
	const char *s = c->tok[i];
	if (!isdigit((unsigned char)s[0]))
		return fail(c, "'%s' is not a number", s);
	errno = 0;
	char *end;
	bool hex = s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
	unsigned long long v = strtoull(hex ? s + 2 : s, &end, hex ? 16 : 10);
	if (errno || *end || (hex && !s[2]))
		return fail(c, "'%s' is not a number", s);
	if (v > max)
		return fail(c, "%s is out of range (at most 0x%" PRIx64 ")", s, max);
	*out = v;
	return true;
}

static bool nargs(line_ctx *c, int lo, int hi)
{
	if (c->n - 1 < lo || c->n - 1 > hi)
		return fail(c, "'%s' takes %d%s%d argument%s", c->tok[0], lo, lo == hi ? "" : "..", hi,
			    hi == 1 ? "" : "s");
	return true;
}

static dv_device *cur(line_ctx *c, dv_program *p)
{
	if (p->ndevices == 0) {
		fail(c, "'%s' before any 'device' line", c->tok[0]);
		return NULL;
	}
	return &p->dev[p->ndevices - 1];
}

static bool device_line(line_ctx *c, dv_program *p)
{
	if (p->ndevices == DV_MAX_ADAPTERS)
		return fail(c, "at most %d devices", DV_MAX_ADAPTERS);
	dv_device *d = &p->dev[p->ndevices++];
	dv_device_default(d);
	if ((c->n - 1) % 2)
		return fail(c, "'device' takes KEY VALUE pairs");
	for (int i = 1; i < c->n; i += 2) {
		uint64_t v;
		const char *k = c->tok[i];
		uint64_t max = strcmp(k, "vendor") == 0 || strcmp(k, "device") == 0 ? 0xFFFF
			       : strcmp(k, "revision") == 0				  ? 0xFF
			       : strcmp(k, "subsys") == 0				  ? 0xFFFFFFFF
			       : strcmp(k, "bus") == 0					  ? 3
			       : strcmp(k, "slot") == 0					  ? 31
											  : 0;
		if (!max)
			return fail(c, "unknown device key '%s'", k);
		if (!num(c, i + 1, max, &v))
			return false;
		if (strcmp(k, "vendor") == 0)
			d->vendor = (uint16_t)v;
		else if (strcmp(k, "device") == 0)
			d->device = (uint16_t)v;
		else if (strcmp(k, "revision") == 0)
			d->revision = (uint8_t)v;
		else if (strcmp(k, "subsys") == 0)
			d->subsys = (uint32_t)v;
		else if (strcmp(k, "bus") == 0)
			d->bus = (uint8_t)v;
		else
			d->slot = (uint8_t)v;
	}
	return true;
}

static bool resource_line(line_ctx *c, dv_program *p, uint8_t type)
{
	dv_device *d = cur(c, p);
	if (!d)
		return false;
	if (d->nres == DV_MAX_RES)
		return fail(c, "at most %d resources a device", DV_MAX_RES);
	dk_resource_desc r = {.type = type};
	uint64_t a, b = 0;
	if (type == DK_DESC_INTERRUPT) {
		if (!nargs(c, 1, 2) || !num(c, 1, 0xFFFFFFFF, &a) || (c->n == 3 && !num(c, 2, 0xFFFFFFFF, &b)))
			return false;
		r.level = (uint32_t)a;
		r.vector = c->n == 3 ? (uint32_t)b : (uint32_t)a;
	} else {
		bool mem = type == DK_DESC_MEMORY;
		if (!nargs(c, 2, 2) || !num(c, 1, mem ? UINT64_MAX : 0xFFFF, &a) ||
		    !num(c, 2, mem ? DV_MAX_MEM_LEN : DV_MAX_PORT_LEN, &b))
			return false;
		if (b == 0)
			return fail(c, "a resource of length 0");
		if (a > UINT64_MAX - b)
			return fail(c, "the resource wraps");
		r.start = a;
		r.length = (uint32_t)b;
	}
	d->res[d->nres++] = r;
	return true;
}

static bool registry_line(line_ctx *c, dv_program *p, const char *raw)
{
	dv_device *d = cur(c, p);
	if (!d)
		return false;
	if (c->n < 3)
		return fail(c, "'registry' takes NAME VALUE");
	if (d->nregistry == DV_MAX_REGISTRY)
		return fail(c, "at most %d registry keywords", DV_MAX_REGISTRY);
	dv_registry *r = &d->registry[d->nregistry];
	if (strlen(c->tok[1]) >= DV_NAME)
		return fail(c, "a keyword name of at most %d characters", DV_NAME - 1);
	for (const char *q = c->tok[1]; *q; q++)
		if (!name_char((unsigned char)*q))
			return fail(c, "a keyword name of letters, digits and _ - . *");
	snprintf(r->name, sizeof(r->name), "%s", c->tok[1]);
	const char *q = strchr(raw, '"');
	if (q) {
		const char *e = strchr(q + 1, '"');
		if (!e)
			return fail(c, "an unterminated string");
		if ((size_t)(e - q - 1) >= DV_NAME)
			return fail(c, "a string value of at most %d characters", DV_NAME - 1);
		r->is_text = true;
		snprintf(r->text, sizeof(r->text), "%.*s", (int)(e - q - 1), q + 1);
	} else {
		uint64_t v;
		if (!nargs(c, 2, 2) || !num(c, 2, 0xFFFFFFFF, &v))
			return false;
		r->value = (uint32_t)v;
	}
	d->nregistry++;
	return true;
}

static bool fault_line(line_ctx *c, dv_program *p)
{
	if (c->n < 2)
		return fail(c, "'fault' takes none, nth N, site SITE N or random SEED CHANCE");
	dv_fault f = {0};
	uint64_t a, b;
	const char *m = c->tok[1];
	if (strcmp(m, "none") == 0 && c->n == 2) {
	} else if (strcmp(m, "nth") == 0 && (c->n == 3 || c->n == 4)) {
		if (!num(c, 2, 65535, &a) || (c->n == 4 && !num(c, 3, 65535, &b)))
			return false;
		f = (dv_fault){.mode = DV_FAULT_NTH, .n = (uint32_t)a, .n2 = c->n == 4 ? (uint32_t)b : 0};
		if (f.n2 && f.n2 <= f.n)
			return fail(c, "the second fault position comes after the first");
	} else if (strcmp(m, "site") == 0 && c->n == 4) {
		int s = -1;
		for (int i = 1; i < DK_SITE_COUNT; i++)
			if (strcmp(c->tok[2], site_names[i]) == 0)
				s = i;
		if (s < 0)
			return fail(c, "unknown fault site '%s'", c->tok[2]);
		if (!num(c, 3, 65535, &a))
			return false;
		f = (dv_fault){.mode = DV_FAULT_SITE, .site = (uint8_t)s, .n = (uint32_t)a};
	} else if (strcmp(m, "random") == 0 && c->n == 4) {
		if (!num(c, 2, 0xFFFFFFFF, &a) || !num(c, 3, 255, &b))
			return false;
		f = (dv_fault){.mode = DV_FAULT_RANDOM, .seed = (uint32_t)a, .chance = (uint8_t)b};
	} else {
		return fail(c, "'fault' takes none, nth N [M], site SITE N or random SEED CHANCE");
	}
	p->fault = f;
	return true;
}

static bool op_line(line_ctx *c, dv_program *p, uint8_t code)
{
	if (p->nops == DV_MAX_OPS)
		return fail(c, "at most %d operations", DV_MAX_OPS);
	uint64_t a = 0;
	bool takes = code != DV_OP_ENTRY && code != DV_OP_UNLOAD;
	if (!nargs(c, takes, takes) || (takes && !num(c, 1, DV_MAX_ADAPTERS - 1, &a)))
		return false;
	p->ops[p->nops++] = (dv_op){.code = code, .adapter = (uint8_t)a};
	return true;
}

static bool parse_line(line_ctx *c, dv_program *p, const char *raw)
{
	const char *k = c->tok[0];
	uint64_t a, b, v, kk;
	if (strcmp(k, "device") == 0)
		return device_line(c, p);
	if (strcmp(k, "mem") == 0)
		return resource_line(c, p, DK_DESC_MEMORY);
	if (strcmp(k, "port") == 0)
		return resource_line(c, p, DK_DESC_PORT);
	if (strcmp(k, "irq") == 0)
		return resource_line(c, p, DK_DESC_INTERRUPT);
	if (strcmp(k, "registry") == 0)
		return registry_line(c, p, raw);
	if (strcmp(k, "fault") == 0)
		return fault_line(c, p);
	if (strcmp(k, "entry") == 0)
		return op_line(c, p, DV_OP_ENTRY);
	if (strcmp(k, "init") == 0)
		return op_line(c, p, DV_OP_INIT);
	if (strcmp(k, "halt") == 0)
		return op_line(c, p, DV_OP_HALT);
	if (strcmp(k, "remove") == 0)
		return op_line(c, p, DV_OP_REMOVE);
	if (strcmp(k, "unload") == 0)
		return op_line(c, p, DV_OP_UNLOAD);
	dv_device *d = NULL;
	if (strcmp(k, "config") == 0 || strcmp(k, "mac") == 0 || strcmp(k, "reg") == 0 || strcmp(k, "read") == 0 ||
	    strcmp(k, "after") == 0) {
		if (!(d = cur(c, p)))
			return false;
	} else {
		return fail(c, "unknown line '%s'", k);
	}
	if (strcmp(k, "config") == 0) {
		if (!nargs(c, 2, 2) || !num(c, 1, 252, &a) || !num(c, 2, 0xFFFFFFFF, &v))
			return false;
		if (a % 4)
			return fail(c, "a config offset is a multiple of 4");
		if (d->nconfig == DV_MAX_CONFIG)
			return fail(c, "at most %d config words", DV_MAX_CONFIG);
		d->config[d->nconfig].offset = (uint8_t)a;
		d->config[d->nconfig++].value = (uint32_t)v;
		return true;
	}
	if (strcmp(k, "mac") == 0) {
		unsigned m[6];
		char tail;
		if (!nargs(c, 1, 1) ||
		    sscanf(c->tok[1], "%2x:%2x:%2x:%2x:%2x:%2x%c", &m[0], &m[1], &m[2], &m[3], &m[4], &m[5], &tail) != 6)
			return fail(c, "'mac' takes XX:XX:XX:XX:XX:XX");
		for (int i = 0; i < 6; i++)
			d->mac[i] = (uint8_t)m[i];
		d->has_mac = true;
		return true;
	}
	if (strcmp(k, "reg") == 0) {
		if (!nargs(c, 3, 3) || !num(c, 1, DV_MAX_RES - 1, &a) || !num(c, 2, DV_MAX_MEM_LEN - 4, &b) ||
		    !num(c, 3, 0xFFFFFFFF, &v))
			return false;
		if (d->nregs == DV_MAX_REGS)
			return fail(c, "at most %d reg lines a device", DV_MAX_REGS);
		d->regs[d->nregs++] = (dv_reg){(uint8_t)a, (uint32_t)b, (uint32_t)v};
		return true;
	}
	if (strcmp(k, "after") == 0) {
		if (!nargs(c, 4, 4) || !num(c, 1, DV_MAX_RES - 1, &a) || !num(c, 2, DV_MAX_MEM_LEN - 4, &b) ||
		    !num(c, 3, 0xFFFFFFFF, &kk) || !num(c, 4, 0xFFFFFFFF, &v))
			return false;
		if (d->nafters == DV_MAX_AFTERS)
			return fail(c, "at most %d after lines a device", DV_MAX_AFTERS);
		d->afters[d->nafters++] = (dv_after){(uint8_t)a, (uint32_t)b, (uint32_t)kk, (uint32_t)v};
		return true;
	}
	if (!nargs(c, 4, 4) || !num(c, 1, DV_MAX_RES - 1, &a) || !num(c, 2, DV_MAX_MEM_LEN - 4, &b) ||
	    !num(c, 3, 65535, &kk) || !num(c, 4, 0xFFFFFFFF, &v))
		return false;
	if (kk == 0)
		return fail(c, "reads are counted from 1");
	if (d->nreads == DV_MAX_READS)
		return fail(c, "at most %d read lines a device", DV_MAX_READS);
	d->reads[d->nreads++] = (dv_read){(uint8_t)a, (uint32_t)b, (uint16_t)kk, (uint32_t)v};
	return true;
}

bool dv_parse_text(const char *text, dv_program *p, char *err, size_t errsize)
{
	memset(p, 0, sizeof(*p));
	line_ctx c = {.err = err, .errsize = errsize};
	char buf[512];
	for (const char *s = text; *s;) {
		const char *e = strchr(s, '\n');
		size_t len = e ? (size_t)(e - s) : strlen(s);
		c.line++;
		if (len >= sizeof(buf))
			return fail(&c, "a line longer than %zu characters", sizeof(buf) - 1);
		memcpy(buf, s, len);
		buf[len] = '\0';
		s += len + (e ? 1 : 0);
		/* '#' outside a string starts a comment. */
		bool in_str = false;
		for (char *q = buf; *q; q++) {
			if (*q == '"')
				in_str = !in_str;
			else if (*q == '#' && !in_str) {
				*q = '\0';
				break;
			}
		}
		char raw[512];
		snprintf(raw, sizeof(raw), "%s", buf);
		c.n = 0;
		for (char *t = strtok(buf, " \t\r"); t && c.n < 16; t = strtok(NULL, " \t\r"))
			c.tok[c.n++] = t;
		if (c.n == 0)
			continue;
		if (!parse_line(&c, p, raw))
			return false;
	}
	return true;
}

/* ---- bytes ---- */

enum { T_DEVICE = 1, T_MEM, T_PORT, T_IRQ, T_CONFIG, T_REG_NUM, T_REG_TEXT, T_MAC, T_REG, T_READ, T_FAULT, T_AFTER };

/* A keyword name keeps name characters, a text value printable ones but
 * '"' (which would end it). */
static void read_name(byte_reader *r, char *out, bool text)
{
	uint8_t n = br_u8(r);
	size_t k = 0;
	for (uint8_t i = 0; i < n; i++) {
		uint8_t ch = br_u8(r);
		if (k < DV_NAME - 1 && (text ? ch >= 0x20 && ch < 0x7F && ch != '"' : name_char(ch)))
			out[k++] = (char)ch;
	}
	out[k] = '\0';
}

void dv_decode(const uint8_t *data, size_t size, dv_program *p)
{
	memset(p, 0, sizeof(*p));
	if (size < 4 || memcmp(data, "MFD1", 4) != 0)
		return;
	byte_reader r = {data, size, 4};
	while (br_remaining(&r) > 0) {
		uint8_t tag = br_u8(&r);
		dv_device *d = p->ndevices ? &p->dev[p->ndevices - 1] : NULL;
		if (tag >= DV_OP_ENTRY && tag <= DV_OP_UNLOAD) {
			uint8_t a = tag == DV_OP_ENTRY || tag == DV_OP_UNLOAD ? 0 : br_u8(&r) % DV_MAX_ADAPTERS;
			if (p->nops < DV_MAX_OPS)
				p->ops[p->nops++] = (dv_op){tag, a};
			continue;
		}
		if (tag == T_FAULT) {
			dv_fault f;
			f.mode = br_u8(&r) % 4;
			f.site = br_u8(&r) % DK_SITE_COUNT;
			f.n = (uint32_t)br_uint(&r, 4) % 65536;
			f.seed = (uint32_t)br_uint(&r, 4);
			f.chance = br_u8(&r);
			f.n2 = (uint32_t)br_uint(&r, 4) % 65536;
			if (f.mode != DV_FAULT_NTH || f.n2 <= f.n)
				f.n2 = 0;
			if (f.mode != DV_FAULT_SITE)
				f.site = 0;
			if (f.mode == DV_FAULT_NONE || f.mode == DV_FAULT_RANDOM)
				f.n = 0;
			if (f.mode != DV_FAULT_RANDOM)
				f.seed = 0, f.chance = 0;
			p->fault = f;
			continue;
		}
		if (tag == T_DEVICE) {
			dv_device tmp;
			dv_device_default(&tmp);
			tmp.vendor = (uint16_t)br_uint(&r, 2);
			tmp.device = (uint16_t)br_uint(&r, 2);
			tmp.revision = br_u8(&r);
			tmp.bus = br_u8(&r) % 4;
			tmp.slot = br_u8(&r) % 32;
			tmp.subsys = (uint32_t)br_uint(&r, 4);
			if (p->ndevices < DV_MAX_ADAPTERS)
				p->dev[p->ndevices++] = tmp;
			continue;
		}
		if (tag < T_DEVICE || tag > T_AFTER)
			return; /* unknown: the end */
		/* Device lines with no device yet: a default device. */
		if (!d) {
			dv_device_default(&p->dev[0]);
			p->ndevices = 1;
			d = &p->dev[0];
		}
		switch (tag) {
		case T_MEM:
		case T_PORT: {
			bool mem = tag == T_MEM;
			uint64_t start = br_uint(&r, 8);
			uint32_t len = (uint32_t)br_uint(&r, 4) % (mem ? DV_MAX_MEM_LEN : DV_MAX_PORT_LEN) + 1;
			if (!mem)
				start %= 0x10000;
			if (start > UINT64_MAX - len)
				start = UINT64_MAX - len;
			if (d->nres < DV_MAX_RES)
				d->res[d->nres++] = (dk_resource_desc){.type = mem ? DK_DESC_MEMORY : DK_DESC_PORT,
								       .start = start, .length = len};
			break;
		}
		case T_IRQ: {
			uint32_t level = (uint32_t)br_uint(&r, 4), vector = (uint32_t)br_uint(&r, 4);
			if (d->nres < DV_MAX_RES)
				d->res[d->nres++] = (dk_resource_desc){.type = DK_DESC_INTERRUPT, .level = level,
								       .vector = vector};
			break;
		}
		case T_CONFIG: {
			uint8_t off = (uint8_t)(br_u8(&r) % 64 * 4);
			uint32_t v = (uint32_t)br_uint(&r, 4);
			if (d->nconfig < DV_MAX_CONFIG)
				d->config[d->nconfig].offset = off, d->config[d->nconfig++].value = v;
			break;
		}
		case T_REG_NUM:
		case T_REG_TEXT: {
			dv_registry g = {0};
			read_name(&r, g.name, false);
			if (tag == T_REG_TEXT)
				g.is_text = true, read_name(&r, g.text, true);
			else
				g.value = (uint32_t)br_uint(&r, 4);
			if (g.name[0] && d->nregistry < DV_MAX_REGISTRY)
				d->registry[d->nregistry++] = g;
			break;
		}
		case T_MAC:
			for (int i = 0; i < 6; i++)
				d->mac[i] = br_u8(&r);
			d->has_mac = true;
			break;
		case T_REG: {
			dv_reg g = {(uint8_t)(br_u8(&r) % DV_MAX_RES), (uint32_t)br_uint(&r, 4) % (DV_MAX_MEM_LEN - 3),
				    (uint32_t)br_uint(&r, 4)};
			if (d->nregs < DV_MAX_REGS)
				d->regs[d->nregs++] = g;
			break;
		}
		case T_AFTER: {
			dv_after g;
			g.res = (uint8_t)(br_u8(&r) % DV_MAX_RES);
			g.offset = (uint32_t)br_uint(&r, 4) % (DV_MAX_MEM_LEN - 3);
			g.us = (uint32_t)br_uint(&r, 4);
			g.value = (uint32_t)br_uint(&r, 4);
			if (d->nafters < DV_MAX_AFTERS)
				d->afters[d->nafters++] = g;
			break;
		}
		default: { /* T_READ */
			dv_read g;
			g.res = (uint8_t)(br_u8(&r) % DV_MAX_RES);
			g.offset = (uint32_t)br_uint(&r, 4) % (DV_MAX_MEM_LEN - 3);
			g.k = (uint16_t)br_uint(&r, 2);
			g.value = (uint32_t)br_uint(&r, 4);
			if (g.k == 0)
				g.k = 1;
			if (d->nreads < DV_MAX_READS)
				d->reads[d->nreads++] = g;
			break;
		}
		}
	}
}

typedef struct {
	uint8_t *buf;
	size_t cap, n;
} out_bytes;

static void put(out_bytes *o, uint64_t v, unsigned bytes)
{
	for (unsigned i = 0; i < bytes; i++, o->n++)
		if (o->n < o->cap)
			o->buf[o->n] = (uint8_t)(v >> (8 * i));
}

static void put_name(out_bytes *o, const char *s)
{
	size_t n = strlen(s);
	put(o, n, 1);
	for (size_t i = 0; i < n; i++)
		put(o, (uint8_t)s[i], 1);
}

size_t dv_encode(const dv_program *p, uint8_t *buf, size_t cap)
{
	out_bytes o = {buf, cap, 0};
	put(&o, 'M', 1), put(&o, 'F', 1), put(&o, 'D', 1), put(&o, '1', 1);
	for (uint32_t i = 0; i < p->ndevices; i++) {
		const dv_device *d = &p->dev[i];
		put(&o, T_DEVICE, 1), put(&o, d->vendor, 2), put(&o, d->device, 2), put(&o, d->revision, 1);
		put(&o, d->bus, 1), put(&o, d->slot, 1), put(&o, d->subsys, 4);
		for (uint32_t k = 0; k < d->nres; k++) {
			const dk_resource_desc *r = &d->res[k];
			if (r->type == DK_DESC_INTERRUPT) {
				put(&o, T_IRQ, 1), put(&o, r->level, 4), put(&o, r->vector, 4);
			} else {
				uint32_t max = r->type == DK_DESC_MEMORY ? DV_MAX_MEM_LEN : DV_MAX_PORT_LEN;
				put(&o, r->type == DK_DESC_MEMORY ? T_MEM : T_PORT, 1), put(&o, r->start, 8);
				put(&o, (r->length - 1) % max, 4);
			}
		}
		for (uint32_t k = 0; k < d->nconfig; k++)
			put(&o, T_CONFIG, 1), put(&o, d->config[k].offset / 4, 1), put(&o, d->config[k].value, 4);
		for (uint32_t k = 0; k < d->nregistry; k++) {
			const dv_registry *g = &d->registry[k];
			put(&o, g->is_text ? T_REG_TEXT : T_REG_NUM, 1);
			put_name(&o, g->name);
			if (g->is_text)
				put_name(&o, g->text);
			else
				put(&o, g->value, 4);
		}
		if (d->has_mac) {
			put(&o, T_MAC, 1);
			for (int k = 0; k < 6; k++)
				put(&o, d->mac[k], 1);
		}
		for (uint32_t k = 0; k < d->nregs; k++)
			put(&o, T_REG, 1), put(&o, d->regs[k].res, 1), put(&o, d->regs[k].offset, 4), put(&o, d->regs[k].value, 4);
		for (uint32_t k = 0; k < d->nreads; k++) {
			const dv_read *g = &d->reads[k];
			put(&o, T_READ, 1), put(&o, g->res, 1), put(&o, g->offset, 4), put(&o, g->k, 2), put(&o, g->value, 4);
		}
		for (uint32_t k = 0; k < d->nafters; k++) {
			const dv_after *g = &d->afters[k];
			put(&o, T_AFTER, 1), put(&o, g->res, 1), put(&o, g->offset, 4), put(&o, g->us, 4), put(&o, g->value, 4);
		}
	}
	if (p->fault.mode != DV_FAULT_NONE) {
		put(&o, T_FAULT, 1), put(&o, p->fault.mode, 1), put(&o, p->fault.site, 1), put(&o, p->fault.n, 4);
		put(&o, p->fault.seed, 4), put(&o, p->fault.chance, 1), put(&o, p->fault.n2, 4);
	}
	for (uint32_t i = 0; i < p->nops; i++) {
		put(&o, p->ops[i].code, 1);
		if (p->ops[i].code != DV_OP_ENTRY && p->ops[i].code != DV_OP_UNLOAD)
			put(&o, p->ops[i].adapter, 1);
	}
	return o.n;
}

void dv_write_text(FILE *f, const dv_program *p)
{
	for (uint32_t i = 0; i < p->ndevices; i++) {
		const dv_device *d = &p->dev[i];
		fprintf(f, "device vendor 0x%04X device 0x%04X revision %u subsys 0x%X bus %u slot %u\n", d->vendor,
			d->device, d->revision, d->subsys, d->bus, d->slot);
		for (uint32_t k = 0; k < d->nres; k++) {
			const dk_resource_desc *r = &d->res[k];
			if (r->type == DK_DESC_INTERRUPT)
				fprintf(f, "irq %u %u\n", r->level, r->vector);
			else
				fprintf(f, "%s 0x%" PRIX64 " 0x%X\n", r->type == DK_DESC_MEMORY ? "mem" : "port", r->start,
					r->length);
		}
		for (uint32_t k = 0; k < d->nconfig; k++)
			fprintf(f, "config 0x%02X 0x%08X\n", d->config[k].offset, d->config[k].value);
		for (uint32_t k = 0; k < d->nregistry; k++) {
			const dv_registry *g = &d->registry[k];
			if (g->is_text)
				fprintf(f, "registry %s \"%s\"\n", g->name, g->text);
			else
				fprintf(f, "registry %s %u\n", g->name, g->value);
		}
		if (d->has_mac)
			fprintf(f, "mac %02X:%02X:%02X:%02X:%02X:%02X\n", d->mac[0], d->mac[1], d->mac[2], d->mac[3],
				d->mac[4], d->mac[5]);
		for (uint32_t k = 0; k < d->nregs; k++)
			fprintf(f, "reg %u 0x%X 0x%X\n", d->regs[k].res, d->regs[k].offset, d->regs[k].value);
		for (uint32_t k = 0; k < d->nreads; k++)
			fprintf(f, "read %u 0x%X %u 0x%X\n", d->reads[k].res, d->reads[k].offset, d->reads[k].k,
				d->reads[k].value);
		for (uint32_t k = 0; k < d->nafters; k++)
			fprintf(f, "after %u 0x%X %u 0x%X\n", d->afters[k].res, d->afters[k].offset, d->afters[k].us,
				d->afters[k].value);
	}
	switch (p->fault.mode) {
	case DV_FAULT_NTH:
		if (p->fault.n2)
			fprintf(f, "fault nth %u %u\n", p->fault.n, p->fault.n2);
		else
			fprintf(f, "fault nth %u\n", p->fault.n);
		break;
	case DV_FAULT_SITE: fprintf(f, "fault site %s %u\n", dv_site_name(p->fault.site), p->fault.n); break;
	case DV_FAULT_RANDOM: fprintf(f, "fault random %u %u\n", p->fault.seed, p->fault.chance); break;
	default: break;
	}
	for (uint32_t i = 0; i < p->nops; i++) {
		if (p->ops[i].code == DV_OP_ENTRY || p->ops[i].code == DV_OP_UNLOAD)
			fprintf(f, "%s\n", dv_op_name(p->ops[i].code));
		else
			fprintf(f, "%s %u\n", dv_op_name(p->ops[i].code), p->ops[i].adapter);
	}
}

bool dv_load_file(const char *path, dv_program *p, char *err, size_t errsize)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(err, errsize, "%s: %s", path, strerror(errno));
		return false;
	}
	enum { MAX = 1 << 20 };
	char *buf = malloc(MAX + 1);
	size_t n = buf ? fread(buf, 1, MAX, f) : 0;
	bool too_big = buf && n == MAX && fgetc(f) != EOF;
	fclose(f);
	if (!buf || too_big) {
		free(buf);
		snprintf(err, errsize, "%s: %s", path, buf ? "larger than 1 MiB" : "out of memory");
		return false;
	}
	buf[n] = '\0';
	bool ok = true;
	if (n >= 4 && memcmp(buf, "MFD1", 4) == 0) {
		dv_decode((const uint8_t *)buf, n, p);
	} else if (memchr(buf, '\0', n)) {
		snprintf(err, errsize, "%s: neither a driver program text nor MFD1 bytes", path);
		ok = false;
	} else {
		char e[200];
		ok = dv_parse_text(buf, p, e, sizeof(e));
		if (!ok)
			snprintf(err, errsize, "%s: %s", path, e);
	}
	free(buf);
	return ok;
}
