/* The script assembler (docs/FORMAT.md).  It checks every field against
 * the range the decoder can produce, so each script names exactly one
 * decodable program and needs no normalisation.
 *
 * The parser only ever looks at text[0..length): it may be fuzzed with
 * arbitrary bytes, NULs included, and keeps no state beyond one line. */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "script.h"
#include "script_lex.h"
#include "script_names.h"

/* Decimal digits only, for the index inside a name like win3.start. */
static bool scan_index(const char *s, size_t n, unsigned max, uint8_t *out)
{
	unsigned v = 0;
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++) {
		int d = lex_digit_value(s[i], 10);
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
		return lex_fail_at(ps, t->column, "'%s' is not win0..win%d", lex_quote(t).s, MF_BUS_REF_SPAN - 2);
	*ref = (uint8_t)(w + 1);
	return 1;
}

/* Checks the token count.  fields[k] names token first_field + k, for a
 * "missing ..." message. */
static int expect_tokens(parser *ps, size_t min, size_t max, const char *const *fields,
			 size_t first_field)
{
	if (ps->ntok < min)
		return lex_fail_at(ps, ps->end_column, "%s: missing %s", lex_quote(&ps->tok[0]).s,
			       fields[ps->ntok - first_field]);
	if (ps->ntok > max)
		return lex_fail_at(ps, lex_column_of(ps, max), "%s: unexpected '%s'", lex_quote(&ps->tok[0]).s,
			       lex_quote(&ps->tok[max]).s);
	return 0;
}

static int parse_type(parser *ps, size_t i, int32_t *out)
{
	const token *t = &ps->tok[i];
	for (size_t k = 0; k < MF_TYPE_NAME_COUNT; k++)
		if (lex_tok_is(t, mf_type_names[k])) {
			*out = (int32_t)k - 1;
			return 0;
		}
	bool negative;
	uint64_t mag;
	if (!lex_scan_signed(t->text, t->len, &negative, &mag))
		return lex_fail_at(ps, t->column, "unknown bus type '%s'", lex_quote(t).s);
	if (negative ? mag > (uint64_t)-MF_TYPE_LOWEST : mag > (uint64_t)MF_TYPE_HIGHEST)
		return lex_fail_at(ps, t->column, "bus type %s is out of range %d..%d", lex_quote(t).s,
			       MF_TYPE_LOWEST, MF_TYPE_HIGHEST);
	*out = negative ? -(int32_t)mag : (int32_t)mag;
	return 0;
}

static int parse_aref(parser *ps, size_t i, uint8_t *out)
{
	const token *t = &ps->tok[i];
	if (lex_tok_is(t, "null"))
		*out = AREF_NULL;
	else if (lex_tok_is(t, "bogus"))
		*out = AREF_BOGUS;
	else if (!(t->len > 1 && t->text[0] == 'a' &&
		   scan_index(t->text + 1, t->len - 1, MF_MAX_ADAPTERS - 1, out)))
		return lex_fail_at(ps, t->column, "expected an adapter a0..a%d, null or bogus, not '%s'",
			       MF_MAX_ADAPTERS - 1, lex_quote(t).s);
	return 0;
}

static int parse_mref(parser *ps, size_t i, uint8_t *out)
{
	const token *t = &ps->tok[i];
	if (!(t->len > 1 && t->text[0] == 'm' && scan_index(t->text + 1, t->len - 1, 255, out)))
		return lex_fail_at(ps, t->column, "expected a mapping m0..m255, not '%s'", lex_quote(t).s);
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
	if (!lex_scan_u64(s + 1, n - 1, &mag) || mag > (negative ? 32768u : 32767u))
		return false;
	*delta = (int16_t)(negative ? -(int32_t)mag : (int32_t)mag);
	return true;
}

static int parse_unmap_delta(parser *ps, size_t i, int16_t *out)
{
	const token *t = &ps->tok[i];
	uint8_t pages;
	if (!scan_delta(t->text, t->len, false, out, &pages))
		return lex_fail_at(ps, t->column, "expected a delta +N or -N in -32768..32767, not '%s'",
			       lex_quote(t).s);
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
		return lex_fail_at(ps, t->column, "unknown %s '%s'",
			       names == mf_addr_anchors ? "address" : "length", lex_quote(t).s);
	e->kind = found->kind;
	if (name_len < t->len &&
	    !scan_delta(t->text + name_len, t->len - name_len, true, &e->delta, &e->pages))
		return lex_fail_at(ps, t->column, "bad delta in '%s': +N, -N, +Np or -Np with N in -32768..32767",
			       lex_quote(t).s);
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
		return parse_anchor(ps, i, mf_addr_anchors, mf_addr_anchor_count, e);
	bool negative;
	uint64_t mag;
	if (!lex_scan_signed(t->text, t->len, &negative, &mag) || (negative && mag > (uint64_t)1 << 63))
		return lex_fail_at(ps, t->column, "address %s is not a 64-bit integer", lex_quote(t).s);
	e->kind = ADDR_RAW;
	e->raw = negative ? (uint64_t)0 - mag : mag; /* two's complement bits */
	return 0;
}

static int parse_len(parser *ps, size_t i, mf_expr *e)
{
	const token *t = &ps->tok[i];
	memset(e, 0, sizeof(*e));
	if (!starts_raw(t))
		return parse_anchor(ps, i, mf_len_anchors, mf_len_anchor_count, e);
	e->kind = LEN_RAW;
	return lex_parse_unsigned(ps, i, UINT32_MAX, "length", &e->raw);
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
		return lex_fail_at(ps, ps->end_column, "%s: missing fault mode (none, nth, site, random)",
			       lex_quote(&ps->tok[0]).s);
	const token *t = &ps->tok[first];
	if (lex_tok_is(t, "none")) {
		if (expect_tokens(ps, first + 1, first + 1, none_fields, first + 1))
			return -1;
		plan->mode = MF_FAULT_NONE;
	} else if (lex_tok_is(t, "nth")) {
		if (expect_tokens(ps, first + 2, first + 2, nth_fields, first + 1) ||
		    lex_parse_u32(ps, first + 1, 0xFFFF, "call number", &plan->nth))
			return -1;
		plan->mode = MF_FAULT_NTH;
	} else if (lex_tok_is(t, "site")) {
		if (expect_tokens(ps, first + 3, first + 3, site_fields, first + 1))
			return -1;
		const token *s = &ps->tok[first + 1];
		bool known = false;
		for (uint8_t k = 0; k < MF_SITE_COUNT && !known; k++)
			if (lex_tok_is(s, mf_site_name((mf_site)k))) {
				plan->site = k;
				known = true;
			}
		if (!known)
			return lex_fail_at(ps, s->column, "unknown fault site '%s'", lex_quote(s).s);
		if (lex_parse_u32(ps, first + 2, 0xFFFF, "call number", &plan->nth))
			return -1;
		plan->mode = MF_FAULT_NTH_AT_SITE;
	} else if (lex_tok_is(t, "random")) {
		if (expect_tokens(ps, first + 4, first + 4, random_fields, first + 1) ||
		    lex_parse_u32(ps, first + 1, UINT32_MAX, "seed", &plan->seed) ||
		    lex_parse_u8(ps, first + 2, 255, "chance", &plan->chance) ||
		    lex_parse_u8(ps, first + 3, 255, "site mask", &plan->site_mask))
			return -1;
		uint8_t allowed = (uint8_t)(((1u << MF_SITE_COUNT) - 1) & ~1u);
		if (plan->site_mask & ~allowed)
			return lex_fail_at(ps, lex_column_of(ps, first + 3),
				       "site mask 0x%02x has bits outside 0x%02x (site none cannot fail)",
				       plan->site_mask, allowed);
		plan->mode = MF_FAULT_RANDOM;
	} else {
		return lex_fail_at(ps, t->column, "unknown fault mode '%s' (none, nth, site, random)",
			       lex_quote(t).s);
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
		return lex_fail_at(ps, ps->tok[0].column, "more than %d windows", MF_MAX_WINDOWS);
	mf_window_config w;
	memset(&w, 0, sizeof(w));
	if (parse_type(ps, 1, &w.type) ||
	    lex_parse_u32(ps, 2, MF_BUS_NUMBER_SPAN - 1, "bus number", &w.number))
		return -1;
	if (lex_tok_is(&ps->tok[3], "mem"))
		w.win.space = SPACE_MEMORY;
	else if (lex_tok_is(&ps->tok[3], "port"))
		w.win.space = SPACE_PORT;
	else
		return lex_fail_at(ps, ps->tok[3].column, "expected mem or port, not '%s'", lex_quote(&ps->tok[3]).s);
	if (lex_parse_unsigned(ps, 4, UINT64_MAX, "bus base", &w.win.bus_base) ||
	    lex_parse_unsigned(ps, 5, UINT64_MAX, "length", &w.win.length) ||
	    lex_parse_unsigned(ps, 6, UINT64_MAX, "system base", &w.win.sys_base))
		return -1;
	if (w.win.length == 0)
		return lex_fail_at(ps, ps->tok[5].column, "window length must not be 0");
	if (w.win.bus_base > UINT64_MAX - w.win.length)
		return lex_fail_at(ps, ps->tok[4].column, "window runs past the end of bus space");
	if (w.win.sys_base > UINT64_MAX - w.win.length)
		return lex_fail_at(ps, ps->tok[6].column, "window runs past the end of system space");
	for (uint32_t j = 0; j < c->nwindows; j++)
		if (windows_overlap(&w, &c->windows[j]))
			return lex_fail_at(ps, ps->tok[4].column,
				       "window overlaps window %" PRIu32 " on the same bus", j);
	c->windows[c->nwindows++] = w;
	return 0;
}

static int parse_platform_line(parser *ps, mf_program *p)
{
	mf_platform_config *c = &p->platform;
	const token *kw = &ps->tok[0];
	if (lex_tok_is(kw, "vspace")) {
		static const char *const fields[] = {"page count"};
		if (ps->seen_vspace)
			return lex_fail_at(ps, kw->column, "vspace given twice");
		ps->seen_vspace = true;
		if (expect_tokens(ps, 2, 2, fields, 1) ||
		    lex_parse_u32(ps, 1, MF_MAX_VA_PAGES, "page count", &c->va_pages))
			return -1;
		if (c->va_pages == 0)
			return lex_fail_at(ps, ps->tok[1].column, "page count must be 1..%d", MF_MAX_VA_PAGES);
	} else if (lex_tok_is(kw, "pool")) {
		static const char *const fields[] = {"byte count"};
		if (ps->seen_pool)
			return lex_fail_at(ps, kw->column, "pool given twice");
		ps->seen_pool = true;
		if (expect_tokens(ps, 2, 2, fields, 1) ||
		    lex_parse_u32(ps, 1, 0xFFFF, "pool bytes", &c->pool_bytes))
			return -1;
	} else if (lex_tok_is(kw, "plan")) {
		if (ps->seen_plan)
			return lex_fail_at(ps, kw->column, "plan given twice");
		ps->seen_plan = true;
		return parse_plan(ps, 1, &p->plan);
	} else if (lex_tok_is(kw, "limit")) {
		static const char *const fields[] = {"bus type", "bus count"};
		if (expect_tokens(ps, 3, 3, fields, 1))
			return -1;
		if (c->nlimits >= MF_MAX_LIMITS)
			return lex_fail_at(ps, kw->column, "more than %d limits", MF_MAX_LIMITS);
		mf_bus_limit *l = &c->limits[c->nlimits];
		int named = parse_window_ref(ps, 1, &l->window_ref);
		if (named < 0 || (!named && parse_type(ps, 1, &l->type)) ||
		    lex_parse_u32(ps, 2, MF_BUS_NUMBER_SPAN - 1, "bus count", &l->count))
			return -1;
		c->nlimits++;
	} else if (lex_tok_is(kw, "window")) {
		return parse_window(ps, c);
	} else if (lex_tok_is(kw, "ram")) {
		static const char *const fields[] = {"start", "length"};
		if (expect_tokens(ps, 3, 3, fields, 1))
			return -1;
		if (c->nram >= MF_MAX_RAM)
			return lex_fail_at(ps, kw->column, "more than %d ram ranges", MF_MAX_RAM);
		SEAM_RANGE r;
		if (lex_parse_unsigned(ps, 1, UINT64_MAX, "ram start", &r.start) ||
		    lex_parse_unsigned(ps, 2, UINT64_MAX, "ram length", &r.length))
			return -1;
		if (r.length == 0)
			return lex_fail_at(ps, ps->tok[2].column, "ram length must not be 0");
		if (r.start > UINT64_MAX - r.length)
			return lex_fail_at(ps, ps->tok[1].column, "ram range runs past 2^64-1");
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
		if (lex_tok_is(kw, mf_opcode_name((mf_opcode)k)))
			code = k;
	if (code < 0)
		return lex_fail_at(ps, kw->column, "unknown keyword '%s'", lex_quote(kw).s);
	if (p->nops >= MF_MAX_OPS)
		return lex_fail_at(ps, kw->column, "more than %d operations", MF_MAX_OPS);
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
		    lex_parse_u32(ps, 2, MF_BUS_NUMBER_SPAN - 1, "bus number", &op.bus_number))
			return -1;
		break;
	}
	case OP_MAP: {
		static const char *const fields[] = {"adapter", "address", "length"};
		if (expect_tokens(ps, 4, 5, fields, 1) || parse_aref(ps, 1, &op.aref) ||
		    parse_addr(ps, 2, &op.addr) || parse_len(ps, 3, &op.len))
			return -1;
		if (ps->ntok == 5) {
			if (!lex_tok_is(&ps->tok[4], "nullout"))
				return lex_fail_at(ps, ps->tok[4].column, "expected nullout, not '%s'",
					       lex_quote(&ps->tok[4]).s);
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
		    lex_parse_u32(ps, 2, UINT32_MAX, "offset", &op.offset))
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
		lex_tokenize(&ps, text + pos, end - pos);
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
