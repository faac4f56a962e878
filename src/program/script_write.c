/* The script writer: the one canonical script of a program
 * (docs/FORMAT.md); asm of it gives the same program back. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "script.h"
#include "script_names.h"

/* A bounded string: appends truncate, the buffer stays NUL-terminated. */
typedef struct {
	char *buf;
	size_t size, len;
} text_out;

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void out_printf(text_out *o, const char *fmt, ...)
{
	if (o->size == 0)
		return;
	size_t room = o->size - o->len;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(o->buf + o->len, room, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	o->len += (size_t)n < room ? (size_t)n : room - 1;
}

static void write_type(text_out *o, int32_t type)
{
	if (type >= -1 && type < (int32_t)MF_TYPE_NAME_COUNT - 1)
		out_printf(o, "%s", mf_type_names[type + 1]);
	else
		out_printf(o, "%" PRId32, type);
}

/* Small values read better in decimal, large ones in hex. */
static void write_delta(text_out *o, int16_t delta, bool pages)
{
	int32_t magnitude = delta < 0 ? -(int32_t)delta : delta;
	char sign = delta < 0 ? '-' : '+';
	if (magnitude < 10)
		out_printf(o, "%c%" PRId32, sign, magnitude);
	else
		out_printf(o, "%c0x%" PRIx32, sign, magnitude);
	if (pages)
		out_printf(o, "p");
}

static void write_anchor(text_out *o, const mf_expr *e, const anchor_name *names, size_t count)
{
	const anchor_name *a = NULL;
	for (size_t i = 0; i < count; i++)
		if (names[i].kind == e->kind)
			a = &names[i];
	if (!a) {
		out_printf(o, "?kind%u", e->kind);
		return;
	}
	if (a->suffix)
		out_printf(o, "%s%u%s", a->prefix, e->index, a->suffix);
	else if (e->index)
		out_printf(o, "%s@%u", a->prefix, e->index);
	else
		out_printf(o, "%s", a->prefix);
	if (e->delta != 0 || e->pages)
		write_delta(o, e->delta, e->pages != 0);
}

static void write_addr(text_out *o, const mf_expr *e)
{
	if (e->kind != ADDR_RAW) {
		write_anchor(o, e, mf_addr_anchors, mf_addr_anchor_count);
		return;
	}
	/* Addresses past INT64_MAX are nearly always "negative" on purpose. */
	if (e->raw >> 63)
		out_printf(o, "-%" PRIu64, (uint64_t)0 - e->raw);
	else
		out_printf(o, "0x%" PRIx64, e->raw);
}

static void write_len(text_out *o, const mf_expr *e)
{
	if (e->kind != LEN_RAW) {
		write_anchor(o, e, mf_len_anchors, mf_len_anchor_count);
		return;
	}
	uint32_t v = (uint32_t)e->raw; /* the bytes keep 32 bits */
	if (v < 10)
		out_printf(o, "%" PRIu32, v);
	else
		out_printf(o, "0x%" PRIx32, v);
}

static void write_aref(text_out *o, uint8_t aref)
{
	if (aref < MF_MAX_ADAPTERS)
		out_printf(o, "a%u", aref);
	else if (aref == AREF_NULL)
		out_printf(o, "null");
	else if (aref == AREF_BOGUS)
		out_printf(o, "bogus");
	else
		out_printf(o, "?aref%u", aref);
}

static void write_plan(text_out *o, const mf_fault_plan *plan)
{
	switch (plan->mode) {
	case MF_FAULT_NONE:
		out_printf(o, "none");
		break;
	case MF_FAULT_NTH:
		out_printf(o, "nth %" PRIu32, plan->nth);
		break;
	case MF_FAULT_NTH_AT_SITE:
		out_printf(o, "site %s %" PRIu32, mf_site_name((mf_site)plan->site),
			   plan->nth);
		break;
	case MF_FAULT_RANDOM:
		out_printf(o, "random 0x%" PRIx32 " %u 0x%02x", plan->seed, plan->chance, plan->site_mask);
		break;
	default:
		out_printf(o, "?mode%u", plan->mode);
		break;
	}
}

size_t mf_script_format_op(char *buf, size_t size, const mf_op *op)
{
	text_out o = {buf, size, 0};
	if (size)
		buf[0] = '\0';
	out_printf(&o, "%s ", mf_opcode_name((mf_opcode)op->code));
	switch (op->code) {
	case OP_ADAPTER:
		if (op->bus_ref) {
			out_printf(&o, "win%u", (unsigned)op->bus_ref - 1);
			break;
		}
		write_type(&o, op->bus_type);
		out_printf(&o, " %" PRIu32, op->bus_number);
		break;
	case OP_MAP:
		write_aref(&o, op->aref);
		out_printf(&o, " ");
		write_addr(&o, &op->addr);
		out_printf(&o, " ");
		write_len(&o, &op->len);
		if (op->flags & MAP_NULL_OUT)
			out_printf(&o, " nullout");
		break;
	case OP_UNMAP:
		write_aref(&o, op->aref);
		out_printf(&o, " m%u", op->mref);
		/* Trailing zero deltas are dropped; a length delta needs the VA
		 * delta before it. */
		if (op->va_delta != 0 || op->len_delta != 0) {
			out_printf(&o, " ");
			write_delta(&o, op->va_delta, false);
		}
		if (op->len_delta != 0) {
			out_printf(&o, " ");
			write_delta(&o, op->len_delta, false);
		}
		break;
	case OP_ARM:
		write_plan(&o, &op->plan);
		break;
	case OP_TOUCH:
		out_printf(&o, "m%u ", op->mref);
		if (op->offset < 10)
			out_printf(&o, "%" PRIu32, op->offset);
		else
			out_printf(&o, "0x%" PRIx32, op->offset);
		break;
	case OP_INIT_DONE:
	case OP_INIT_FAIL:
	case OP_HALT:
	case OP_HALT_END:
	case OP_REMOVE:
		write_aref(&o, op->aref);
		break;
	default:
		out_printf(&o, "%u", op->code);
		break;
	}
	return o.len;
}

void mf_script_write(FILE *f, const mf_program *p)
{
	const mf_platform_config *c = &p->platform;
	char line[256];
	text_out o = {line, sizeof(line), 0};

	fprintf(f, "vspace %" PRIu32 "\n", c->va_pages);
	fprintf(f, "pool %" PRIu32 "\n", c->pool_bytes);
	write_plan(&o, &p->plan);
	fprintf(f, "plan %s\n", line);
	for (uint32_t i = 0; i < c->nlimits && i < MF_MAX_LIMITS; i++) {
		o.len = 0;
		if (c->limits[i].window_ref)
			out_printf(&o, "win%u", (unsigned)c->limits[i].window_ref - 1);
		else
			write_type(&o, c->limits[i].type);
		fprintf(f, "limit %s %" PRIu32 "\n", line, c->limits[i].count);
	}
	for (uint32_t i = 0; i < c->nwindows && i < MF_MAX_WINDOWS; i++) {
		const mf_window_config *w = &c->windows[i];
		o.len = 0;
		write_type(&o, w->type);
		fprintf(f, "window %s %" PRIu32 " %s 0x%" PRIx64 " 0x%" PRIx64 " 0x%" PRIx64 "\n", line,
			w->number, w->win.space == SPACE_PORT ? "port" : "mem", w->win.bus_base,
			w->win.length, w->win.sys_base);
	}
	for (uint32_t i = 0; i < c->nram && i < MF_MAX_RAM; i++)
		fprintf(f, "ram 0x%" PRIx64 " 0x%" PRIx64 "\n", c->ram[i].start, c->ram[i].length);
	for (uint32_t i = 0; i < p->nops && i < MF_MAX_OPS; i++) {
		mf_script_format_op(line, sizeof(line), &p->ops[i]);
		fprintf(f, "%s\n", line);
	}
}
