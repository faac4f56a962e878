/* The text form of programs (docs/FORMAT.md).  The assembler checks every
 * field against the range the decoder can produce, so each script names
 * exactly one decodable program and needs no normalisation; the writer
 * prints the one canonical script of a program.
 *
 * The parser only ever looks at text[0..length): it may be fuzzed with
 * arbitrary bytes, NULs included, and keeps no state beyond one line. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "script.h"

/* ---- names ------------------------------------------------------------ */

static const char *const opcode_names[OP_COUNT] = {
	[OP_ADAPTER] = "adapter",
	[OP_MAP] = "map",
	[OP_UNMAP] = "unmap",
	[OP_INIT_DONE] = "init-done",
	[OP_INIT_FAIL] = "init-fail",
	[OP_HALT] = "halt",
	[OP_HALT_END] = "halt-end",
	[OP_REMOVE] = "remove",
	[OP_ARM] = "arm",
	[OP_TOUCH] = "touch",
};

const char *mf_opcode_name(mf_opcode code)
{
	return (unsigned)code < OP_COUNT ? opcode_names[code] : "?";
}

const char *mf_status_name(NDIS_STATUS status)
{
	if (status == NDIS_STATUS_SUCCESS)
		return "SUCCESS";
	if (status == NDIS_STATUS_FAILURE)
		return "FAILURE";
	if (status == NDIS_STATUS_RESOURCES)
		return "RESOURCES";
	if (status == NDIS_STATUS_RESOURCE_CONFLICT)
		return "RESOURCE_CONFLICT";
	return "UNKNOWN";
}

/* INTERFACE_TYPE names, indexed by type + 1 (InterfaceTypeUndefined is -1). */
static const char *const type_names[] = {
	"undefined", "internal", "isa", "eisa", "microchannel", "turbochannel",
	"pci", "vme", "nubus", "pcmcia", "cbus", "mpi", "mpsa",
	"processorinternal", "internalpower", "pnpisa", "pnp", "vmcs", "max",
};
enum { TYPE_NAME_COUNT = sizeof(type_names) / sizeof(type_names[0]) };

/* Anchors: <prefix><index><suffix>, or just <prefix> for the ones whose
 * index byte means nothing (suffix NULL).  The bytes still carry that
 * index, so it is written as <prefix>@<index> when nonzero: without it a
 * decoded program would have no script. */
typedef struct {
	uint8_t kind;
	const char *prefix;
	const char *suffix;
} anchor_name;

static const anchor_name addr_anchors[] = {
	{ADDR_ZERO, "zero", NULL},
	{ADDR_WIN_START, "win", ".start"},
	{ADDR_WIN_END, "win", ".end"},
	{ADDR_MAP_START, "m", ".start"},
	{ADDR_MAP_END, "m", ".end"},
	{ADDR_MIN, "min", NULL},
	{ADDR_MAX, "max", NULL},
};

static const anchor_name len_anchors[] = {
	{LEN_ZERO, "zero", NULL},
	{LEN_WIN_SIZE, "win", ".size"},
	{LEN_TO_WIN_END, "to:win", ".end"},
	{LEN_TO_MAP_START, "to:m", ".start"},
	{LEN_MAP_LEN, "m", ".len"},
};

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

/* ---- writer ------------------------------------------------------------ */

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
	if (type >= -1 && type < (int32_t)TYPE_NAME_COUNT - 1)
		out_printf(o, "%s", type_names[type + 1]);
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
		write_anchor(o, e, addr_anchors, COUNT_OF(addr_anchors));
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
		write_anchor(o, e, len_anchors, COUNT_OF(len_anchors));
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

/* ---- parser ------------------------------------------------------------ */

/* Longest statement (window) has 7 tokens; one more is kept so "extra
 * token" can point at it. */
enum { MAX_TOKENS = 8 };

typedef struct {
	const char *text;
	size_t len;
	size_t column; /* 1-based, in bytes */
} token;

typedef struct {
	size_t line;
	token tok[MAX_TOKENS];
	size_t ntok;       /* tokens on the line; only the first MAX_TOKENS kept */
	size_t end_column; /* just past the last token: where a missing one goes */
	char *err;
	size_t errsize;
	/* Platform lines given so far, to refuse a second one. */
	bool seen_vspace, seen_pool, seen_plan;
} parser;

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static int fail_at(parser *ps, size_t column, const char *fmt, ...)
{
	if (!ps->err || ps->errsize == 0)
		return -1;
	int n = snprintf(ps->err, ps->errsize, "line %zu, column %zu: ", ps->line, column);
	if (n < 0 || (size_t)n >= ps->errsize)
		return -1;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(ps->err + n, ps->errsize - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

static size_t column_of(const parser *ps, size_t i)
{
	return i < ps->ntok && i < MAX_TOKENS ? ps->tok[i].column : ps->end_column;
}

/* A token quoted for a message: bounded, and printable whatever the input. */
typedef struct {
	char s[40];
} quoted;

static quoted quote(const token *t)
{
	quoted q;
	size_t n = 0, limit = sizeof(q.s) - 4;
	for (size_t i = 0; i < t->len && n < limit; i++) {
		unsigned char ch = (unsigned char)t->text[i];
		q.s[n++] = ch >= 0x20 && ch < 0x7f ? (char)ch : '?';
	}
	if (t->len > limit) {
		memcpy(q.s + n, "...", 3);
		n += 3;
	}
	q.s[n] = '\0';
	return q;
}

static bool is_blank(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r';
}

static bool equals(const char *s, size_t n, const char *word)
{
	return strlen(word) == n && memcmp(s, word, n) == 0;
}

static bool tok_is(const token *t, const char *word)
{
	return equals(t->text, t->len, word);
}

static int digit_value(char ch, unsigned base)
{
	int v = ch >= '0' && ch <= '9' ? ch - '0'
		: ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
		: ch >= 'A' && ch <= 'F' ? ch - 'A' + 10
		: 99;
	return (unsigned)v < base ? v : -1;
}

/* An unsigned decimal or 0x-hex number filling s[0..n); false on anything
 * else or past 2^64-1. */
static bool scan_u64(const char *s, size_t n, uint64_t *out)
{
	unsigned base = 10;
	if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
		n -= 2;
	}
	if (n == 0)
		return false;
	uint64_t v = 0;
	for (size_t i = 0; i < n; i++) {
		int d = digit_value(s[i], base);
		if (d < 0 || v > (UINT64_MAX - (uint64_t)d) / base)
			return false;
		v = v * base + (uint64_t)d;
	}
	*out = v;
	return true;
}

/* An optional '-' and a number: the sign apart, the magnitude in *mag. */
static bool scan_signed(const char *s, size_t n, bool *negative, uint64_t *mag)
{
	*negative = n > 0 && s[0] == '-';
	return *negative ? scan_u64(s + 1, n - 1, mag) : scan_u64(s, n, mag);
}

static int parse_unsigned(parser *ps, size_t i, uint64_t max, const char *what, uint64_t *out)
{
	const token *t = &ps->tok[i];
	if (!scan_u64(t->text, t->len, out))
		return fail_at(ps, t->column, "%s: '%s' is not a number", what, quote(t).s);
	if (*out > max)
		return fail_at(ps, t->column, "%s: %s is out of range 0..%" PRIu64, what, quote(t).s, max);
	return 0;
}

static int parse_u32(parser *ps, size_t i, uint64_t max, const char *what, uint32_t *out)
{
	uint64_t v;
	if (parse_unsigned(ps, i, max, what, &v))
		return -1;
	*out = (uint32_t)v;
	return 0;
}

static int parse_u8(parser *ps, size_t i, uint64_t max, const char *what, uint8_t *out)
{
	uint64_t v;
	if (parse_unsigned(ps, i, max, what, &v))
		return -1;
	*out = (uint8_t)v;
	return 0;
}

/* Decimal digits only, for the index inside a name like win3.start. */
static bool scan_index(const char *s, size_t n, unsigned max, uint8_t *out)
{
	unsigned v = 0;
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++) {
		int d = digit_value(s[i], 10);
		if (d < 0)
			return false;
		v = v * 10 + (unsigned)d;
		if (v > max)
			return false;
	}
	*out = (uint8_t)v;
	return true;
}

/* "win<I>", naming window I's bus or type: 1 with *ref = I + 1 when token
 * i has that form, 0 when it has not, -1 (reported) when I is out of range. */
static int parse_window_ref(parser *ps, size_t i, uint8_t *ref)
{
	const token *t = &ps->tok[i];
	uint8_t w;
	if (t->len <= 3 || memcmp(t->text, "win", 3) != 0)
		return 0;
	if (!scan_index(t->text + 3, t->len - 3, MF_BUS_REF_SPAN - 2, &w))
		return fail_at(ps, t->column, "'%s' is not win0..win%d", quote(t).s, MF_BUS_REF_SPAN - 2);
	*ref = (uint8_t)(w + 1);
	return 1;
}

/* Checks the token count.  fields[k] names token first_field + k, for a
 * "missing ..." message. */
static int expect_tokens(parser *ps, size_t min, size_t max, const char *const *fields,
			 size_t first_field)
{
	if (ps->ntok < min)
		return fail_at(ps, ps->end_column, "%s: missing %s", quote(&ps->tok[0]).s,
			       fields[ps->ntok - first_field]);
	if (ps->ntok > max)
		return fail_at(ps, column_of(ps, max), "%s: unexpected '%s'", quote(&ps->tok[0]).s,
			       quote(&ps->tok[max]).s);
	return 0;
}

static int parse_type(parser *ps, size_t i, int32_t *out)
{
	const token *t = &ps->tok[i];
	for (size_t k = 0; k < TYPE_NAME_COUNT; k++)
		if (tok_is(t, type_names[k])) {
			*out = (int32_t)k - 1;
			return 0;
		}
	bool negative;
	uint64_t mag;
	if (!scan_signed(t->text, t->len, &negative, &mag))
		return fail_at(ps, t->column, "unknown bus type '%s'", quote(t).s);
	if (negative ? mag > (uint64_t)-MF_TYPE_LOWEST : mag > (uint64_t)MF_TYPE_HIGHEST)
		return fail_at(ps, t->column, "bus type %s is out of range %d..%d", quote(t).s,
			       MF_TYPE_LOWEST, MF_TYPE_HIGHEST);
	*out = negative ? -(int32_t)mag : (int32_t)mag;
	return 0;
}

static int parse_aref(parser *ps, size_t i, uint8_t *out)
{
	const token *t = &ps->tok[i];
	if (tok_is(t, "null"))
		*out = AREF_NULL;
	else if (tok_is(t, "bogus"))
		*out = AREF_BOGUS;
	else if (!(t->len > 1 && t->text[0] == 'a' &&
		   scan_index(t->text + 1, t->len - 1, MF_MAX_ADAPTERS - 1, out)))
		return fail_at(ps, t->column, "expected an adapter a0..a%d, null or bogus, not '%s'",
			       MF_MAX_ADAPTERS - 1, quote(t).s);
	return 0;
}

static int parse_mref(parser *ps, size_t i, uint8_t *out)
{
	const token *t = &ps->tok[i];
	if (!(t->len > 1 && t->text[0] == 'm' && scan_index(t->text + 1, t->len - 1, 255, out)))
		return fail_at(ps, t->column, "expected a mapping m0..m255, not '%s'", quote(t).s);
	return 0;
}

/* "+N", "-N", and with pages allowed "+Np", "-Np"; N fits int16. */
static bool scan_delta(const char *s, size_t n, bool pages_allowed, int16_t *delta, uint8_t *pages)
{
	if (n < 2 || (s[0] != '+' && s[0] != '-'))
		return false;
	bool negative = s[0] == '-';
	*pages = 0;
	if (pages_allowed && (s[n - 1] == 'p' || s[n - 1] == 'P')) {
		*pages = 1;
		n--;
	}
	uint64_t mag;
	if (!scan_u64(s + 1, n - 1, &mag) || mag > (negative ? 32768u : 32767u))
		return false;
	*delta = (int16_t)(negative ? -(int32_t)mag : (int32_t)mag);
	return true;
}

static int parse_unmap_delta(parser *ps, size_t i, int16_t *out)
{
	const token *t = &ps->tok[i];
	uint8_t pages;
	if (!scan_delta(t->text, t->len, false, out, &pages))
		return fail_at(ps, t->column, "expected a delta +N or -N in -32768..32767, not '%s'",
			       quote(t).s);
	return 0;
}

/* An anchor name and optional delta, e.g. "win2.end-1p". */
static int parse_anchor(parser *ps, size_t i, const anchor_name *names, size_t count, mf_expr *e)
{
	const token *t = &ps->tok[i];
	size_t name_len = 0;
	while (name_len < t->len && t->text[name_len] != '+' && t->text[name_len] != '-')
		name_len++;
	const anchor_name *found = NULL;
	for (size_t k = 0; k < count && !found; k++) {
		const anchor_name *a = &names[k];
		size_t plen = strlen(a->prefix);
		if (name_len < plen || memcmp(t->text, a->prefix, plen) != 0)
			continue;
		const char *rest = t->text + plen;
		size_t rest_len = name_len - plen;
		e->index = 0;
		if (!a->suffix) {
			if (rest_len == 0 ||
			    (rest[0] == '@' && scan_index(rest + 1, rest_len - 1, 255, &e->index)))
				found = a;
			continue;
		}
		size_t slen = strlen(a->suffix);
		if (rest_len > slen && memcmp(rest + rest_len - slen, a->suffix, slen) == 0 &&
		    scan_index(rest, rest_len - slen, 255, &e->index))
			found = a;
	}
	if (!found)
		return fail_at(ps, t->column, "unknown %s '%s'",
			       names == addr_anchors ? "address" : "length", quote(t).s);
	e->kind = found->kind;
	if (name_len < t->len &&
	    !scan_delta(t->text + name_len, t->len - name_len, true, &e->delta, &e->pages))
		return fail_at(ps, t->column, "bad delta in '%s': +N, -N, +Np or -Np with N in -32768..32767",
			       quote(t).s);
	return 0;
}

static bool starts_raw(const token *t)
{
	size_t d = t->len > 0 && t->text[0] == '-' ? 1 : 0;
	return d < t->len && t->text[d] >= '0' && t->text[d] <= '9';
}

static int parse_addr(parser *ps, size_t i, mf_expr *e)
{
	const token *t = &ps->tok[i];
	memset(e, 0, sizeof(*e));
	if (!starts_raw(t))
		return parse_anchor(ps, i, addr_anchors, COUNT_OF(addr_anchors), e);
	bool negative;
	uint64_t mag;
	if (!scan_signed(t->text, t->len, &negative, &mag) || (negative && mag > (uint64_t)1 << 63))
		return fail_at(ps, t->column, "address %s is not a 64-bit integer", quote(t).s);
	e->kind = ADDR_RAW;
	e->raw = negative ? (uint64_t)0 - mag : mag; /* two's complement bits */
	return 0;
}

static int parse_len(parser *ps, size_t i, mf_expr *e)
{
	const token *t = &ps->tok[i];
	memset(e, 0, sizeof(*e));
	if (!starts_raw(t))
		return parse_anchor(ps, i, len_anchors, COUNT_OF(len_anchors), e);
	e->kind = LEN_RAW;
	return parse_unsigned(ps, i, UINT32_MAX, "length", &e->raw);
}

/* "none" | "nth N" | "site SITE N" | "random SEED CHANCE MASK" from token
 * first on; validated so that mf_plan_normalize is a no-op. */
static int parse_plan(parser *ps, size_t first, mf_fault_plan *plan)
{
	static const char *const none_fields[] = {""}; /* nothing can be missing */
	static const char *const nth_fields[] = {"call number"};
	static const char *const site_fields[] = {"site name", "call number"};
	static const char *const random_fields[] = {"seed", "chance", "site mask"};
	memset(plan, 0, sizeof(*plan));
	if (ps->ntok <= first)
		return fail_at(ps, ps->end_column, "%s: missing fault mode (none, nth, site, random)",
			       quote(&ps->tok[0]).s);
	const token *t = &ps->tok[first];
	if (tok_is(t, "none")) {
		if (expect_tokens(ps, first + 1, first + 1, none_fields, first + 1))
			return -1;
		plan->mode = MF_FAULT_NONE;
	} else if (tok_is(t, "nth")) {
		if (expect_tokens(ps, first + 2, first + 2, nth_fields, first + 1) ||
		    parse_u32(ps, first + 1, 0xFFFF, "call number", &plan->nth))
			return -1;
		plan->mode = MF_FAULT_NTH;
	} else if (tok_is(t, "site")) {
		if (expect_tokens(ps, first + 3, first + 3, site_fields, first + 1))
			return -1;
		const token *s = &ps->tok[first + 1];
		bool known = false;
		for (uint8_t k = 0; k < MF_SITE_COUNT && !known; k++)
			if (tok_is(s, mf_site_name((mf_site)k))) {
				plan->site = k;
				known = true;
			}
		if (!known)
			return fail_at(ps, s->column, "unknown fault site '%s'", quote(s).s);
		if (parse_u32(ps, first + 2, 0xFFFF, "call number", &plan->nth))
			return -1;
		plan->mode = MF_FAULT_NTH_AT_SITE;
	} else if (tok_is(t, "random")) {
		if (expect_tokens(ps, first + 4, first + 4, random_fields, first + 1) ||
		    parse_u32(ps, first + 1, UINT32_MAX, "seed", &plan->seed) ||
		    parse_u8(ps, first + 2, 255, "chance", &plan->chance) ||
		    parse_u8(ps, first + 3, 255, "site mask", &plan->site_mask))
			return -1;
		uint8_t allowed = (uint8_t)(((1u << MF_SITE_COUNT) - 1) & ~1u);
		if (plan->site_mask & ~allowed)
			return fail_at(ps, column_of(ps, first + 3),
				       "site mask 0x%02x has bits outside 0x%02x (site none cannot fail)",
				       plan->site_mask, allowed);
		plan->mode = MF_FAULT_RANDOM;
	} else {
		return fail_at(ps, t->column, "unknown fault mode '%s' (none, nth, site, random)",
			       quote(t).s);
	}
	mf_plan_normalize(plan);
	return 0;
}

static bool windows_overlap(const mf_window_config *a, const mf_window_config *b)
{
	if (a->type != b->type || a->number != b->number)
		return false;
	uint64_t as = a->win.bus_base, bs = b->win.bus_base;
	return as >= bs ? as - bs < b->win.length : bs - as < a->win.length;
}

static int parse_window(parser *ps, mf_platform_config *c)
{
	static const char *const fields[] = {"bus type", "bus number", "space (mem or port)",
					     "bus base", "length", "system base"};
	if (expect_tokens(ps, 7, 7, fields, 1))
		return -1;
	if (c->nwindows >= MF_MAX_WINDOWS)
		return fail_at(ps, ps->tok[0].column, "more than %d windows", MF_MAX_WINDOWS);
	mf_window_config w;
	memset(&w, 0, sizeof(w));
	if (parse_type(ps, 1, &w.type) ||
	    parse_u32(ps, 2, MF_BUS_NUMBER_SPAN - 1, "bus number", &w.number))
		return -1;
	if (tok_is(&ps->tok[3], "mem"))
		w.win.space = SPACE_MEMORY;
	else if (tok_is(&ps->tok[3], "port"))
		w.win.space = SPACE_PORT;
	else
		return fail_at(ps, ps->tok[3].column, "expected mem or port, not '%s'", quote(&ps->tok[3]).s);
	if (parse_unsigned(ps, 4, UINT64_MAX, "bus base", &w.win.bus_base) ||
	    parse_unsigned(ps, 5, UINT64_MAX, "length", &w.win.length) ||
	    parse_unsigned(ps, 6, UINT64_MAX, "system base", &w.win.sys_base))
		return -1;
	if (w.win.length == 0)
		return fail_at(ps, ps->tok[5].column, "window length must not be 0");
	if (w.win.bus_base > UINT64_MAX - w.win.length)
		return fail_at(ps, ps->tok[4].column, "window runs past the end of bus space");
	if (w.win.sys_base > UINT64_MAX - w.win.length)
		return fail_at(ps, ps->tok[6].column, "window runs past the end of system space");
	for (uint32_t j = 0; j < c->nwindows; j++)
		if (windows_overlap(&w, &c->windows[j]))
			return fail_at(ps, ps->tok[4].column,
				       "window overlaps window %" PRIu32 " on the same bus", j);
	c->windows[c->nwindows++] = w;
	return 0;
}

static int parse_platform_line(parser *ps, mf_program *p)
{
	mf_platform_config *c = &p->platform;
	const token *kw = &ps->tok[0];
	if (tok_is(kw, "vspace")) {
		static const char *const fields[] = {"page count"};
		if (ps->seen_vspace)
			return fail_at(ps, kw->column, "vspace given twice");
		ps->seen_vspace = true;
		if (expect_tokens(ps, 2, 2, fields, 1) ||
		    parse_u32(ps, 1, MF_MAX_VA_PAGES, "page count", &c->va_pages))
			return -1;
		if (c->va_pages == 0)
			return fail_at(ps, ps->tok[1].column, "page count must be 1..%d", MF_MAX_VA_PAGES);
	} else if (tok_is(kw, "pool")) {
		static const char *const fields[] = {"byte count"};
		if (ps->seen_pool)
			return fail_at(ps, kw->column, "pool given twice");
		ps->seen_pool = true;
		if (expect_tokens(ps, 2, 2, fields, 1) ||
		    parse_u32(ps, 1, 0xFFFF, "pool bytes", &c->pool_bytes))
			return -1;
	} else if (tok_is(kw, "plan")) {
		if (ps->seen_plan)
			return fail_at(ps, kw->column, "plan given twice");
		ps->seen_plan = true;
		return parse_plan(ps, 1, &p->plan);
	} else if (tok_is(kw, "limit")) {
		static const char *const fields[] = {"bus type", "bus count"};
		if (expect_tokens(ps, 3, 3, fields, 1))
			return -1;
		if (c->nlimits >= MF_MAX_LIMITS)
			return fail_at(ps, kw->column, "more than %d limits", MF_MAX_LIMITS);
		mf_bus_limit *l = &c->limits[c->nlimits];
		int named = parse_window_ref(ps, 1, &l->window_ref);
		if (named < 0 || (!named && parse_type(ps, 1, &l->type)) ||
		    parse_u32(ps, 2, MF_BUS_NUMBER_SPAN - 1, "bus count", &l->count))
			return -1;
		c->nlimits++;
	} else if (tok_is(kw, "window")) {
		return parse_window(ps, c);
	} else if (tok_is(kw, "ram")) {
		static const char *const fields[] = {"start", "length"};
		if (expect_tokens(ps, 3, 3, fields, 1))
			return -1;
		if (c->nram >= MF_MAX_RAM)
			return fail_at(ps, kw->column, "more than %d ram ranges", MF_MAX_RAM);
		SEAM_RANGE r;
		if (parse_unsigned(ps, 1, UINT64_MAX, "ram start", &r.start) ||
		    parse_unsigned(ps, 2, UINT64_MAX, "ram length", &r.length))
			return -1;
		if (r.length == 0)
			return fail_at(ps, ps->tok[2].column, "ram length must not be 0");
		if (r.start > UINT64_MAX - r.length)
			return fail_at(ps, ps->tok[1].column, "ram range runs past 2^64-1");
		c->ram[c->nram++] = r;
	} else {
		return 1; /* not a platform line */
	}
	return 0;
}

static int parse_op_line(parser *ps, mf_program *p)
{
	const token *kw = &ps->tok[0];
	int code = -1;
	for (int k = 0; k < OP_COUNT && code < 0; k++)
		if (tok_is(kw, opcode_names[k]))
			code = k;
	if (code < 0)
		return fail_at(ps, kw->column, "unknown keyword '%s'", quote(kw).s);
	if (p->nops >= MF_MAX_OPS)
		return fail_at(ps, kw->column, "more than %d operations", MF_MAX_OPS);
	mf_op op;
	memset(&op, 0, sizeof(op));
	op.code = (uint8_t)code;
	switch (code) {
	case OP_ADAPTER: {
		/* "adapter win<I>": on window I's bus; else "adapter TYPE NUMBER". */
		static const char *const fields[] = {"bus type", "bus number"};
		if (ps->ntok == 2) {
			int named = parse_window_ref(ps, 1, &op.bus_ref);
			if (named < 0)
				return -1;
			if (named)
				break;
		}
		if (expect_tokens(ps, 3, 3, fields, 1) || parse_type(ps, 1, &op.bus_type) ||
		    parse_u32(ps, 2, MF_BUS_NUMBER_SPAN - 1, "bus number", &op.bus_number))
			return -1;
		break;
	}
	case OP_MAP: {
		static const char *const fields[] = {"adapter", "address", "length"};
		if (expect_tokens(ps, 4, 5, fields, 1) || parse_aref(ps, 1, &op.aref) ||
		    parse_addr(ps, 2, &op.addr) || parse_len(ps, 3, &op.len))
			return -1;
		if (ps->ntok == 5) {
			if (!tok_is(&ps->tok[4], "nullout"))
				return fail_at(ps, ps->tok[4].column, "expected nullout, not '%s'",
					       quote(&ps->tok[4]).s);
			op.flags = MAP_NULL_OUT;
		}
		break;
	}
	case OP_UNMAP: {
		static const char *const fields[] = {"adapter", "mapping"};
		if (expect_tokens(ps, 3, 5, fields, 1) || parse_aref(ps, 1, &op.aref) ||
		    parse_mref(ps, 2, &op.mref))
			return -1;
		if (ps->ntok > 3 && parse_unmap_delta(ps, 3, &op.va_delta))
			return -1;
		if (ps->ntok > 4 && parse_unmap_delta(ps, 4, &op.len_delta))
			return -1;
		break;
	}
	case OP_ARM:
		if (parse_plan(ps, 1, &op.plan))
			return -1;
		break;
	case OP_TOUCH: {
		static const char *const fields[] = {"mapping", "offset"};
		if (expect_tokens(ps, 3, 3, fields, 1) || parse_mref(ps, 1, &op.mref) ||
		    parse_u32(ps, 2, UINT32_MAX, "offset", &op.offset))
			return -1;
		break;
	}
	default: { /* lifecycle operations */
		static const char *const fields[] = {"adapter"};
		if (expect_tokens(ps, 2, 2, fields, 1) || parse_aref(ps, 1, &op.aref))
			return -1;
		break;
	}
	}
	p->ops[p->nops++] = op;
	return 0;
}

/* Splits text[0..len) into tokens, a '#' ending the line's content. */
static void tokenize(parser *ps, const char *text, size_t len)
{
	ps->ntok = 0;
	ps->end_column = 1;
	size_t i = 0;
	while (i < len && text[i] != '#') {
		if (is_blank(text[i])) {
			i++;
			continue;
		}
		size_t start = i;
		while (i < len && text[i] != '#' && !is_blank(text[i]))
			i++;
		if (ps->ntok < MAX_TOKENS)
			ps->tok[ps->ntok] = (token){text + start, i - start, start + 1};
		ps->ntok++;
		ps->end_column = i + 1;
	}
}

int mf_script_parse(const char *text, size_t length, mf_program *out, char *err, size_t errsize)
{
	parser ps;
	memset(&ps, 0, sizeof(ps));
	ps.err = err;
	ps.errsize = errsize;
	if (err && errsize)
		err[0] = '\0';
	memset(out, 0, sizeof(*out));
	out->platform.va_pages = 1;

	size_t pos = 0;
	while (pos < length) {
		ps.line++;
		size_t end = pos;
		while (end < length && text[end] != '\n')
			end++;
		tokenize(&ps, text + pos, end - pos);
		pos = end + 1;
		if (ps.ntok == 0)
			continue;
		int r = parse_platform_line(&ps, out);
		if (r > 0)
			r = parse_op_line(&ps, out);
		if (r < 0)
			return -1;
	}
	return 0;
}
